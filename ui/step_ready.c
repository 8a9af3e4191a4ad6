/* ui/step_ready.c — step 6: "Ready to complete": the summary table of the
 * seed, the warnings that remain, Finish, and "save answers" (of every VM
 * of the move; several VMs are shown by step_ready_vms.c). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/answers.h"
#include "../engine/streams.h"
#include "step_ready.h"

void step_ready_row(int y, int cols, const char *name, const char *value)
{
	screen_put(y, 3, 20, THEME_heading, 1, name);
	screen_put(y, 24, cols - 25, THEME_normal, 0, value);
}

/* The forecast row of the one VM: wrapped on up to 3 rows (2 on a short
 * screen), the reason of an unknown forecast being what the operator acts
 * on.  Returns the next free row. */
static int forecast_row(struct ui *ui, int y, int rows, int cols)
{
	char buf[1024];

	wizard_model_forecast_text(&ui->model, 0, buf, sizeof(buf));
	screen_put(y, 3, 20, THEME_heading, 1, "Forecast");
	return y + screen_wrap(y, 24, cols - 25, THEME_normal, rows > 22 ? 3 : 2, buf);
}

static void storage_text(const struct wizard_model *m, char *buf, size_t len)
{
	const struct inv_vm *vm = wizard_model_vm(m);
	if (!plan_kind_moves_storage(m->kind)) {
		snprintf(buf, len, "unchanged (disks stay on their datastores)");
		return;
	}
	if (!m->per_disk) {
		snprintf(buf, len, "%s", m->datastore ? m->datastore : "(none)");
		return;
	}
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < m->ndisks && n < len; i++)
		if (disk_copyable(&vm->disks[i]))
			n += (size_t)snprintf(buf + n, len - n, "%s%s: %s", n ? ", " : "",
					      vm->disks[i].target,
					      m->disk_ds[i] ? m->disk_ds[i] : "-");
}

/* The network NIC's network maps to in the wizard's choices: the one
 * chosen for the network it has now (all NICs at once), or "(choose)". */
static const char *nic_target(const struct wizard_model *m, const struct inv_nic *nic)
{
	for (size_t i = 0; i < m->nnets; i++)
		if (strcmp(m->net_from[i], nic->network) == 0)
			return m->net_to[i] ? m->net_to[i] : "(choose)";
	return nic->network;
}

#define NIC_ROWS 4

/* The final NIC-to-network table, one row per NIC (at most NIC_ROWS; the
 * last says how many more there are).  Returns the next free line. */
static int nic_rows(const struct wizard_model *m, int y, int cols)
{
	const struct inv_vm *vm = wizard_model_vm(m);
	char label[32], buf[256];

	if (!plan_kind_needs_host(m->kind))
		return y;
	for (size_t i = 0; i < vm->nnics; i++) {
		const struct inv_nic *nic = &vm->nics[i];

		if (i == NIC_ROWS - 1 && vm->nnics > NIC_ROWS) {
			snprintf(buf, sizeof(buf), "and %zu more NICs (Networks step)",
				 vm->nnics - i);
			step_ready_row(y++, cols, "", buf);
			break;
		}
		snprintf(label, sizeof(label), "NIC %zu", i + 1);
		if (nic->network)
			snprintf(buf, sizeof(buf), "%s  %s -> %s", nic->mac ? nic->mac : "?",
				 nic->network, nic_target(m, nic));
		else
			snprintf(buf, sizeof(buf), "%s  %s%s (unchanged)", nic->mac ? nic->mac : "?",
				 nic->bridge ? "bridge " : "not on a network",
				 nic->bridge ? nic->bridge : "");
		step_ready_row(y++, cols, label, buf);
	}
	return y;
}

static void draw(struct ui *ui, void *state, int top, int rows, int cols)
{
	struct wizard_model *m = &ui->model;
	const struct inv_vm *vm = wizard_model_vm(m);
	const struct inv_host *src = wizard_model_src(m), *dst = wizard_model_dst(m);
	char buf[512];
	int y = top;
	int live = wizard_model_live(m);
	(void)state;
	if (m->nvms > 1) {
		step_ready_draw_vms(ui, top, rows, cols);
		return;
	}

	screen_put(y++, 1, cols - 2, THEME_dim, 0, "Check the choices, then Finish (F10 or "
		   "Enter); F2 saves them as an answers file.");
	snprintf(buf, sizeof(buf), "%s (%s)", plan_kind_title(m->kind), live ? "live" : "cold");
	step_ready_row(y++, cols, "Migration Type", buf);
	snprintf(buf, sizeof(buf), "%s, on host %s", vm->name, src->cfg->name);
	step_ready_row(y++, cols, "Virtual Machine", buf);
	step_ready_row(y++, cols, "Cluster", dst && dst->cfg->cluster ? dst->cfg->cluster : "-");
	step_ready_row(y++, cols, "Host", dst ? dst->cfg->name : "-");
	y = step_ready_shared(ui, y, cols);
	y = forecast_row(ui, y, rows, cols);
	y++;
	struct findings f = { 0 };
	wizard_model_check(m, &f);
	step_ready_findings(&f, y, top + rows, cols);
	findings_free(&f);
}

int step_ready_shared(struct ui *ui, int y, int cols)
{
	struct wizard_model *m = &ui->model;
	char buf[512];
	buf[0] = '\0';
	if (!plan_kind_needs_host(m->kind) || m->nnets == 0) {
		snprintf(buf, sizeof(buf), m->nnets ? "unchanged" : "none");
	} else {
		size_t n = 0;
		for (size_t i = 0; i < m->nnets && n < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s -> %s", i ? ", " : "",
					      m->net_from[i], m->net_to[i] ? m->net_to[i] : "?");
	}
	step_ready_row(y++, cols, "Networks", buf);
	if (m->nvms <= 1)	/* several VMs: their rows come instead */
		y = nic_rows(m, y, cols);
	step_ready_row(y++, cols, "vMotion Priority", wizard_model_priority_applies(m)
	    ? (m->priority == PLAN_PRIORITY_HIGH ? "High" : "Standard") : "-");
	storage_text(m, buf, sizeof(buf));
	step_ready_row(y++, cols, "Storage", buf);
	step_ready_row(y++, cols, "Disk Format", !plan_kind_moves_storage(m->kind) ? "-"
	    : m->per_disk ? "per disk"
	    : m->format == PLAN_FORMAT_SAME ? "Same format as source"
	    : m->format == PLAN_FORMAT_THIN ? "Thin provision" : "Thick provision");
	step_ready_row(y++, cols, "Encryption", wizard_model_step_applies(m, WIZARD_STEP_PRIORITY)
	    ? plan_encrypt_title(m->encrypt) : "-");	/* chosen with the priority */
	/* chosen with the priority too, in the engine's words ("4 parallel
	 * streams, zstd compression"); only for a live move to another host,
	 * to keep the rows of the findings on a small screen */
	if (wizard_model_streams_apply(m))
		step_ready_row(y++, cols, "Streams",
			       streams_text(m->connections, m->compress, buf, sizeof(buf)));
	if (m->max_downtime_ms || m->max_time_s || m->bandwidth_mibs) {
		size_t n = 0;
		buf[0] = '\0';
		if (m->bandwidth_mibs)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "bandwidth %u MiB/s  ",
					      m->bandwidth_mibs);
		if (m->max_downtime_ms && n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "downtime %u ms  ",
					      m->max_downtime_ms);
		if (m->max_time_s && n < sizeof(buf))
			snprintf(buf + n, sizeof(buf) - n, "time %u s", m->max_time_s);
		step_ready_row(y++, cols, "Limits", buf);
	}
	return y;
}

void step_ready_findings(const struct findings *fs, int y, int end, int cols)
{
	const struct findings f = *fs;
	if (f.errors)
		screen_putf(y++, 1, cols - 2, THEME_error, 0, "%zu error%s: Finish is not possible.",
			    f.errors, f.errors == 1 ? "" : "s");
	else if (f.warnings)
		screen_putf(y++, 1, cols - 2, THEME_warning, 0, "%zu warning%s remain%s:",
			    f.warnings, f.warnings == 1 ? "" : "s", f.warnings == 1 ? "s" : "");
	else
		screen_put(y++, 1, cols - 2, THEME_ok, 0, "The checks passed: no warning.");
	for (int sev = FINDING_ERROR; sev >= FINDING_WARNING; sev--)
		for (size_t i = 0; i < f.count && y < end; i++) {
			const struct finding *x = &f.items[i];
			if ((int)x->severity != sev)
				continue;
			y += ui_finding_draw(y, 3, 12, cols, end, x);
		}
}

static void save(struct ui *ui, struct step_ready_state *s)
{
	struct plan *plans;
	size_t n;
	struct vm_error err;
	const struct wizard_model *m = &ui->model;
	if (!s->saved_path[0] && m->nvms > 1)	/* the move's VMs: their host and count */
		snprintf(s->saved_path, sizeof(s->saved_path), "%s-%zu-vms-answers.ini",
			 wizard_model_src(m)->cfg->name, m->nvms);
	else if (!s->saved_path[0])
		snprintf(s->saved_path, sizeof(s->saved_path), "%s-answers.ini",
			 wizard_model_vm(m)->name);
	if (!ui_prompt(ui, "Save the answers to:", s->saved_path, sizeof(s->saved_path)) ||
	    !s->saved_path[0])
		return;
	if (wizard_model_vms_plans(m, &plans, &n) != 0)
		return;
	if (answers_save(s->saved_path, plans, n, "the wizard", &err) == 0)
		ui_message(ui, THEME_ok, "Answers saved to %s; 'virt-migrate replay %s%s' runs "
			   "them again.", s->saved_path, n > 1 ? "--parallel " : "", s->saved_path);
	else
		ui_message(ui, THEME_error, "%s %s", err.message, err.hint);
	wizard_model_vms_plans_free(plans, n);
}

/* The forecast needs the VMs' dirty rates: sampled in the background from
 * here on (once for the move as it is), the keys never waiting for it. */
static void enter(struct ui *ui, void *state)
{
	(void)state;
	ui_sample_start(ui);
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	if (ch == KEY_F(2) || ch == 's') {
		save(ui, state);
		return STEP_KEY_HANDLED;
	}
	return STEP_KEY_PASS;
}

static const char *const help[] = {
	"The summary of the migration, as vCenter shows it, and the warnings that remain.",
	"Forecast (a live move): the precopy passes, total time and downtime expected from",
	"the VM's dirty rate (sampled for 1 s when this step is shown), its memory and the",
	"link's figure; unknown with the reason when one of them is not known.",
	"F10 or Enter: Finish: the migration starts and its progress is shown.",
	"F2 or s: save these answers to a file, to replay them later without the wizard;",
	"with several VMs, one migration per VM ('virt-migrate replay --parallel FILE').",
	"Esc: Back to change something.  q: Cancel, nothing is done.",
	NULL,
};

const struct step step_ready = {
	.enter = enter, .draw = draw, .key = key, .help = help,
};

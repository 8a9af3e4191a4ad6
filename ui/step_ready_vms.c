/* ui/step_ready_vms.c — "Ready to complete" for several VMs: the shared
 * choices once, then one row per VM with what it will do and what its
 * checks say (and under a live move its forecast), then the findings that
 * remain. */
#include <stdio.h>
#include <string.h>

#include "step_ready.h"

/* VM K's disks as its plan moves them: "2 disks -> shared-nfs", "disks stay". */
static void disks_text(const struct wizard_model *m, size_t k, char *buf, size_t len)
{
	const struct inv_vm *vm = wizard_model_vm_at(m, k);
	size_t copied = 0;
	for (size_t d = 0; d < vm->ndisks; d++)
		copied += disk_copyable(&vm->disks[d]) != 0;
	if (!plan_kind_moves_storage(m->kind) || copied == 0)
		snprintf(buf, len, vm->ndisks ? "disks stay" : "no disk");
	else
		snprintf(buf, len, "%zu disk%s -> %s", copied, copied == 1 ? "" : "s",
			 m->datastore ? m->datastore : "(choose)");
}

/* What VM K's checks say, in a few words, and the colour to say it in. */
static const char *checks_text(const struct findings *f, char *buf, size_t len,
			       enum theme_role *role)
{
	*role = f->errors ? THEME_error : f->warnings ? THEME_warning : THEME_ok;
	if (f->errors)
		snprintf(buf, len, "%zu error%s", f->errors, f->errors == 1 ? "" : "s");
	else if (f->warnings)
		snprintf(buf, len, "%zu warning%s", f->warnings, f->warnings == 1 ? "" : "s");
	else
		snprintf(buf, len, "ok");
	return buf;
}

/* F's findings added to ALL: one list, in the VMs' order. */
static void add_all(struct findings *all, const struct findings *f)
{
	for (size_t i = 0; i < f->count; i++)
		findings_add(all, f->items[i].severity, f->items[i].code, f->items[i].hint, "%s",
			     f->items[i].message);
}

/* What the VMs need together on the target (memory, datastore room that
 * each has alone), when the checks say something: a row after the VMs',
 * from row Y (above END), its findings added to ALL after theirs; Finish
 * is refused for its errors as for any VM's (wizard_model_check).  Returns
 * the next row. */
static int together_row(struct ui *ui, int y, int end, int cols, struct findings *all)
{
	const struct wizard_model *m = &ui->model;
	struct findings f = { 0 };
	char what[48], checks[32];
	enum theme_role role;
	wizard_model_check_together(m, &f);
	if (f.count && y < end) {
		snprintf(what, sizeof(what), "All %zu together", m->nvms);
		checks_text(&f, checks, sizeof(checks), &role);
		screen_put(y, 3, 18, THEME_normal, 1, what);
		screen_put(y, 22, 10, THEME_normal, 1, "-");
		screen_put(y, 33, 10, role, 1, checks);
		screen_put(y++, 44, cols - 45, THEME_normal, 0, "memory and datastore room at once");
	}
	add_all(all, &f);
	findings_free(&f);
	return y;
}

/* One row per VM from row Y (above END): name, state, the move, hosts,
 * disks, checks; their findings are added to ALL.  Returns the next row. */
static int vm_rows(struct ui *ui, int y, int end, int cols, struct findings *all)
{
	const struct wizard_model *m = &ui->model;
	const struct inv_host *src = wizard_model_src(m), *dst = wizard_model_dst(m);
	char disks[96], checks[32], fc[1024];

	screen_fill(y, 0, cols, THEME_heading);
	screen_put(y, 3, 18, THEME_heading, 1, "VIRTUAL MACHINE");
	screen_put(y, 22, 10, THEME_heading, 1, "STATE");
	screen_put(y, 33, 10, THEME_heading, 1, "CHECKS");
	screen_put(y, 44, 27, THEME_heading, 1, "MOVE");
	screen_put(y++, 72, cols - 73, THEME_heading, 0, "DISKS");
	for (size_t k = 0; k < m->nvms; k++) {
		const struct inv_vm *vm = wizard_model_vm_at(m, k);
		struct findings f = { 0 };
		enum theme_role role;
		wizard_model_check_vm(m, k, &f);
		/* a live move's forecast on a row of its own, under the VM's */
		int need = 1 + wizard_model_forecast_text(m, k, fc, sizeof(fc));
		if (y + need < end || (y + need <= end && k + 1 == m->nvms)) {
			disks_text(m, k, disks, sizeof(disks));
			checks_text(&f, checks, sizeof(checks), &role);
			screen_put(y, 3, 18, THEME_normal, 1, vm->name);
			screen_put(y, 22, 10, THEME_normal, 1, inv_vm_state_name(vm->state));
			screen_put(y, 33, 10, role, 1, checks);
			screen_putf(y, 44, 27, THEME_normal, 1, "%s %s %s",
				    plan_kind_move_name(m->kind, plan_is_live(vm)),
				    plan_kind_needs_host(m->kind) ? "to" : "on",
				    (dst ? dst : src)->cfg->name);
			screen_put(y++, 72, cols - 73, THEME_normal, 0, disks);
			if (need > 1)
				screen_putf(y++, 5, cols - 6, THEME_dim, 0, "forecast: %s", fc);
		} else if (y < end) {
			screen_putf(y++, 3, cols - 4, THEME_dim, 0, "... and %zu more VM%s.",
				    m->nvms - k, m->nvms - k == 1 ? "" : "s");
		}
		add_all(all, &f);
		findings_free(&f);
	}
	return together_row(ui, y, end, cols, all);
}

void step_ready_draw_vms(struct ui *ui, int top, int rows, int cols)
{
	struct wizard_model *m = &ui->model;
	const struct inv_host *src = wizard_model_src(m), *dst = wizard_model_dst(m);
	char buf[512];
	int y = top, end = top + rows;
	size_t live = wizard_model_vms_live(m);

	screen_put(y++, 1, cols - 2, THEME_dim, 0, "Check the choices, then Finish (F10 or "
		   "Enter); F2 saves them as an answers file.");
	snprintf(buf, sizeof(buf), "%s (%zu live, %zu cold)", plan_kind_title(m->kind), live,
		 m->nvms - live);
	step_ready_row(y++, cols, "Migration Type", buf);
	snprintf(buf, sizeof(buf), "%zu, on host %s", m->nvms, src->cfg->name);
	step_ready_row(y++, cols, "Virtual Machines", buf);
	step_ready_row(y++, cols, "Cluster", dst && dst->cfg->cluster ? dst->cfg->cluster : "-");
	step_ready_row(y++, cols, "Host", dst ? dst->cfg->name : "-");
	y = step_ready_shared(ui, y, cols);
	y++;
	struct findings f = { 0 };
	y = vm_rows(ui, y, end - 2, cols, &f);
	y++;
	step_ready_findings(&f, y, end, cols);
	findings_free(&f);
}

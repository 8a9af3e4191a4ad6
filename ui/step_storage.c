/* ui/step_storage.c — step 3: the datastores of the target host (capacity,
 * free, type, shared or local), the disk format, and "configure per disk";
 * the storage checks update as the choice changes. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

static const struct inv_host *dst(struct ui *ui)
{
	return wizard_model_dst(&ui->model);
}

static void enter(struct ui *ui, void *state)
{
	struct step_storage_state *s = state;
	const struct inv_host *h = dst(ui);
	s->pools.count = h ? h->npools : 0;
	s->disks.count = ui->model.ndisks;
	s->field = STEP_STORAGE_DATASTORE;
	for (size_t i = 0; h && ui->model.datastore && i < h->npools; i++)
		if (strcmp(h->pools[i].name, ui->model.datastore) == 0)
			s->pools.cursor = i;
	ui_checks_start(ui);	/* facts of the target, for the checks below */
}

static enum theme_role focus(const struct step_storage_state *s, enum step_storage_field f,
			     enum theme_role role)
{
	return s->field == f ? THEME_cursor : role;
}

static void draw(struct ui *ui, void *state, int top, int nrows, int cols)
{
	struct step_storage_state *s = state;
	const struct inv_host *h = dst(ui);
	struct wizard_model *m = &ui->model;
	char b1[32], b2[32];
	int y = top;
	if (!h)
		return;
	screen_putf(y++, 1, cols - 2, THEME_dim, 0, "Datastores of host %s (Tab: next field).",
		    h->cfg->name);
	screen_fill(y, 0, cols, THEME_heading);
	screen_put(y, 3, 18, THEME_heading, 1, "DATASTORE");
	screen_put(y, 22, 11, THEME_heading, 1, "   CAPACITY");
	screen_put(y, 34, 11, THEME_heading, 1, "       FREE");
	screen_put(y, 46, 9, THEME_heading, 1, "TYPE");
	screen_put(y++, 56, cols - 57, THEME_heading, 0, "SHARED");
	int lr = (int)s->pools.count < 6 ? (int)s->pools.count : 6;
	ui_list_fit(&s->pools, lr);
	ui_list_place(&s->pools, y, lr);
	for (int i = 0; i < lr; i++) {
		size_t k = s->pools.top + (size_t)i;
		const struct inv_pool *p = &h->pools[k];
		int chosen = m->datastore && strcmp(m->datastore, p->name) == 0;
		int cur = k == s->pools.cursor && s->field == STEP_STORAGE_DATASTORE;
		enum theme_role role = cur ? THEME_cursor : chosen ? THEME_chosen
				       : p->active ? THEME_normal : THEME_dim;
		screen_fill(y, 0, cols, role);
		screen_put(y, 0, 1, role, 0, cur ? ">" : " ");
		screen_put(y, 1, 2, role, 1, chosen ? "*" : " ");
		screen_put(y, 3, 18, role, 1, p->name);
		screen_putf(y, 22, 11, role, 1, "%11s", engine_bytes(p->capacity, b1, sizeof(b1)));
		screen_putf(y, 34, 11, role, 1, "%11s", engine_bytes(p->available, b2, sizeof(b2)));
		screen_put(y, 46, 9, role, 1, p->type ? p->type : "-");
		screen_putf(y++, 56, cols - 57, role, 0, "%s%s", p->shared ? "shared" : "local",
			    p->active ? "" : " (inactive)");
	}
	y++;
	screen_put(y, 0, 1, THEME_normal, 0, s->field == STEP_STORAGE_FORMAT ? ">" : " ");
	int x = screen_put(y, 1, 14, THEME_normal, 1, "Disk format:");
	for (int f = 0; f < PLAN_FORMAT_COUNT; f++)
		x += screen_putf(y, 1 + x, 24, (int)m->format == f
				 ? focus(s, STEP_STORAGE_FORMAT, THEME_chosen) : THEME_normal, 0,
				 " (%s) %s ", (int)m->format == f ? "*" : " ",
				 f == PLAN_FORMAT_SAME ? "same as source"
				 : f == PLAN_FORMAT_THIN ? "thin" : "thick");
	y++;
	screen_put(y, 0, 1, THEME_normal, 0, s->field == STEP_STORAGE_PER_DISK ? ">" : " ");
	screen_putf(y++, 1, cols - 2, focus(s, STEP_STORAGE_PER_DISK, THEME_normal), 0,
		    "[%s] Configure per disk%s", m->per_disk ? "x" : " ",
		    m->nvms > 1 ? " (one VM at a time: every disk of the VMs takes the datastore)"
		    : "");
	if (m->per_disk) {
		const struct inv_vm *vm = wizard_model_vm(m);
		for (size_t d = 0; d < m->ndisks && y < top + nrows - 4; d++) {
			enum theme_role role = s->field == STEP_STORAGE_DISKS && d == s->disks.cursor
					       ? THEME_cursor : THEME_normal;
			screen_fill(y, 0, cols, role);
			screen_put(y, 0, 1, role, 0, role == THEME_cursor ? ">" : " ");
			screen_putf(y++, 3, cols - 4, role, 0, "%-6s %9s  from %-10s -> %-12s %s",
				    vm->disks[d].target,
				    engine_bytes(vm->disks[d].capacity, b1, sizeof(b1)),
				    vm->disks[d].pool ? vm->disks[d].pool : "-",
				    !disk_copyable(&vm->disks[d]) ? "(stays)"
				    : m->disk_ds[d] ? m->disk_ds[d] : "(choose)",
				    plan_format_name(m->disk_fmt[d]));
		}
	}
	/* the storage checks for the choice as it is now */
	struct findings f = { 0 };
	wizard_model_check(m, &f);
	y++;
	for (size_t i = 0; i < f.count && y < top + nrows; i++) {
		const struct finding *x2 = &f.items[i];
		if (strncmp(x2->code, "storage.", 8) != 0 && strcmp(x2->code, "plan.no-datastore"))
			continue;
		if (x2->severity == FINDING_INFO)
			continue;
		y += ui_finding_draw(y, 1, 10, cols, top + nrows, x2);
	}
	findings_free(&f);
}

static void cycle_disk(struct ui *ui, const struct step_storage_state *s, int dir, int fmt)
{
	struct wizard_model *m = &ui->model;
	const struct inv_host *h = dst(ui);
	size_t d = s->disks.cursor;
	if (d >= m->ndisks || !h || !h->npools)
		return;	/* a disk that stays: the model refuses a choice for it */
	if (fmt) {
		wizard_model_set_disk(m, d, m->disk_ds[d],
				      (enum plan_format)((m->disk_fmt[d] + 1) % PLAN_FORMAT_COUNT));
		return;
	}
	size_t cur = h->npools - 1;
	for (size_t i = 0; m->disk_ds[d] && i < h->npools; i++)
		if (strcmp(h->pools[i].name, m->disk_ds[d]) == 0)
			cur = i;
	cur = (cur + h->npools + (size_t)(dir > 0 ? 1 : h->npools - 1)) % h->npools;
	wizard_model_set_disk(m, d, h->pools[cur].name, m->disk_fmt[d]);
}

static void choose_pool(struct ui *ui, const struct step_storage_state *s)
{
	const struct inv_host *h = dst(ui);
	if (h && s->pools.cursor < h->npools)
		wizard_model_set_datastore(&ui->model, h->pools[s->pools.cursor].name);
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_storage_state *s = state;
	struct wizard_model *m = &ui->model;
	if (ch == '\t' || ch == KEY_BTAB) {
		int n = m->per_disk ? STEP_STORAGE_FIELDS : STEP_STORAGE_DISKS;
		s->field = (enum step_storage_field)((s->field + (ch == '\t' ? 1 : n - 1)) % n);
		return STEP_KEY_HANDLED;
	}
	if ((ch == SCREEN_CLICK || ch == SCREEN_DCLICK) && ui_list_key(&s->pools, ch, 6)) {
		s->field = STEP_STORAGE_DATASTORE;	/* a click on a datastore chooses it */
		choose_pool(ui, s);
		return STEP_KEY_HANDLED;
	}
	switch (s->field) {
	case STEP_STORAGE_DATASTORE:
		if (ui_list_key(&s->pools, ch, 6)) {
			choose_pool(ui, s);
			return STEP_KEY_HANDLED;
		}
		if (ch == ' ') {
			choose_pool(ui, s);
			return STEP_KEY_HANDLED;
		}
		break;
	case STEP_STORAGE_FORMAT:
		if (ch == KEY_RIGHT || ch == 'l' || ch == ' ' || ch == KEY_DOWN || ch == 'j') {
			wizard_model_set_format(m, (enum plan_format)((m->format + 1) % PLAN_FORMAT_COUNT));
			return STEP_KEY_HANDLED;
		}
		if (ch == KEY_LEFT || ch == 'h' || ch == KEY_UP || ch == 'k') {
			wizard_model_set_format(m, (enum plan_format)((m->format + PLAN_FORMAT_COUNT - 1)
								      % PLAN_FORMAT_COUNT));
			return STEP_KEY_HANDLED;
		}
		break;
	case STEP_STORAGE_PER_DISK:
		if (ch == ' ' && m->nvms > 1) {
			ui_message(ui, THEME_warning, "Per disk is for one VM: the %zu VMs' disks all "
				   "go to the datastore chosen.", m->nvms);
			return STEP_KEY_HANDLED;
		}
		if (ch == ' ') {
			wizard_model_set_per_disk(m, !m->per_disk);
			return STEP_KEY_HANDLED;
		}
		break;
	case STEP_STORAGE_DISKS:
		if (ui_list_key(&s->disks, ch, (int)s->disks.count))
			return STEP_KEY_HANDLED;
		if (ch == KEY_RIGHT || ch == 'l' || ch == ' ') {
			cycle_disk(ui, s, 1, 0);
			return STEP_KEY_HANDLED;
		}
		if (ch == KEY_LEFT || ch == 'h') {
			cycle_disk(ui, s, -1, 0);
			return STEP_KEY_HANDLED;
		}
		if (ch == 'f') {
			cycle_disk(ui, s, 1, 1);
			return STEP_KEY_HANDLED;
		}
		break;
	default:
		break;
	}
	return STEP_KEY_PASS;
}

static void commit(struct ui *ui, void *state)
{
	struct step_storage_state *s = state;
	if (s->field == STEP_STORAGE_DATASTORE && !ui->model.per_disk)
		choose_pool(ui, s);
}

static const char *const help[] = {
	"Fields, in order (Tab / Shift-Tab): the datastore list, the disk format,",
	"'Configure per disk', and (when it is on) one line per disk.",
	"Datastores: Up/Down or j/k choose.  Format: Left/Right or Space cycles",
	"same as source / thin (qcow2 or sparse) / thick (raw, preallocated).",
	"Per disk: Space toggles; on a disk line Left/Right picks its datastore, f its format.",
	"The storage checks below update as the choice changes.",
	NULL,
};

const struct step step_storage = {
	.enter = enter, .draw = draw, .key = key, .commit = commit, .help = help,
};

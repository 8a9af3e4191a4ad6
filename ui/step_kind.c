/* ui/step_kind.c — step 1: the migration type; cold or live follows from
 * the VM's state. */
#include <curses.h>
#include <stdio.h>

#include "ui.h"

static const char *const describe[PLAN_KIND_COUNT] = {
	"Move the VM to another host; its disks stay on storage both hosts see.",
	"Move the VM's disks to other datastores; the VM stays on its host.",
	"Move the VM to another host and its disks to that host's datastores.",
};

static void enter(struct ui *ui, void *state)
{
	struct step_kind_state *s = state;
	s->kinds.count = PLAN_KIND_COUNT;
	s->kinds.cursor = (int)ui->model.kind;
}

static void draw(struct ui *ui, void *state, int top, int rows, int cols)
{
	struct step_kind_state *s = state;
	const struct inv_vm *vm = wizard_model_vm(&ui->model);
	int live = wizard_model_live(&ui->model);
	struct radio_item items[PLAN_KIND_COUNT];
	char lines[PLAN_KIND_COUNT][160];
	(void)rows;
	for (int k = 0; k < PLAN_KIND_COUNT; k++) {
		snprintf(lines[k], sizeof(lines[k]), "%s (%s)", describe[k],
			 plan_kind_move_name((enum plan_kind)k, live));
		items[k] = (struct radio_item){ plan_kind_title((enum plan_kind)k), lines[k] };
	}
	radio_draw(&s->kinds, items, top + 1, cols, 1, (int)ui->model.kind);
	int y = top + 11;
	size_t n = ui->model.nvms, nlive = wizard_model_vms_live(&ui->model);
	if (vm && n > 1)
		screen_putf(y, 3, cols - 6, nlive == n ? THEME_ok : THEME_warning, 0,
			    "%zu VMs: %zu running move live, %zu not running move cold.", n, nlive,
			    n - nlive);
	else if (vm)
		screen_putf(y, 3, cols - 6, live ? THEME_ok : THEME_warning, 0,
			    "VM '%s' is %s: the migration is %s.", vm->name,
			    inv_vm_state_name(vm->state), live ? "live (it keeps running)"
			    : "cold (it is not running)");
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_kind_state *s = state;
	if (ch == '\t')		/* one field: Tab moves in the list */
		ch = KEY_DOWN;
	else if (ch == KEY_BTAB)
		ch = KEY_UP;
	switch (radio_key(&s->kinds, ch)) {
	case RADIO_CHOSEN:
		wizard_model_set_kind(&ui->model, (enum plan_kind)s->kinds.cursor);
		return STEP_KEY_HANDLED;
	case RADIO_MOVED:	/* chosen by Space or Next: a kind forgets later choices */
		return STEP_KEY_HANDLED;
	default:
		return STEP_KEY_PASS;
	}
}

static void commit(struct ui *ui, void *state)
{
	struct step_kind_state *s = state;
	wizard_model_set_kind(&ui->model, (enum plan_kind)s->kinds.cursor);
}

static const char *const help[] = {
	"Change compute resource only: vMotion (live) or a cold move to another host.",
	"Change storage only: the disks move to other datastores of the same host.",
	"Change both: another host and its datastores (shared-nothing vMotion when live).",
	"Up/Down or j/k: move.  Space: choose.  Enter: choose, Next.",
	NULL,
};

const struct step step_kind = {
	.enter = enter, .draw = draw, .key = key, .commit = commit, .help = help,
};

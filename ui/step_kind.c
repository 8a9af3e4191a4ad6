/* ui/step_kind.c — step 1: the migration type; cold or live follows from
 * the VM's state. */
#include <curses.h>
#include <stdio.h>

#include "ui.h"

static int cursor;

static const char *const describe[PLAN_KIND_COUNT] = {
	"Move the VM to another host; its disks stay on storage both hosts see.",
	"Move the VM's disks to other datastores; the VM stays on its host.",
	"Move the VM to another host and its disks to that host's datastores.",
};

static const char *move_name(enum plan_kind k, int live)
{
	if (!live)
		return "cold migration";
	return k == PLAN_KIND_COMPUTE ? "vMotion" : k == PLAN_KIND_STORAGE ? "Storage vMotion"
	       : "shared-nothing vMotion";
}

static void enter(struct ui *ui)
{
	cursor = (int)ui->model.kind;
}

static int first_y;	/* the row of the first choice, as drawn last */

static void draw(struct ui *ui, int top, int rows, int cols)
{
	first_y = top + 1;
	const struct inv_vm *vm = wizard_model_vm(&ui->model);
	int live = wizard_model_live(&ui->model);
	(void)rows;
	for (int k = 0; k < PLAN_KIND_COUNT; k++) {
		int y = top + 1 + 3 * k;
		enum theme_role role = k == cursor ? THEME_cursor : THEME_normal;
		screen_fill(y, 2, cols - 4, role);
		screen_put(y, 1, 1, THEME_normal, 0, role == THEME_cursor ? ">" : " ");
		screen_putf(y, 3, cols - 6, role, 0, "(%s) %s", (int)ui->model.kind == k ? "*" : " ",
			    plan_kind_title((enum plan_kind)k));
		screen_putf(y + 1, 8, cols - 10, THEME_dim, 0, "%s (%s)", describe[k],
			    move_name((enum plan_kind)k, live));
	}
	int y = top + 11;
	if (vm)
		screen_putf(y, 3, cols - 6, live ? THEME_ok : THEME_warning, 0,
			    "VM '%s' is %s: the migration is %s.", vm->name,
			    inv_vm_state_name(vm->state), live ? "live (it keeps running)"
			    : "cold (it is not running)");
}

static enum ui_key_result key(struct ui *ui, int ch)
{
	ui_choice_click(&ch, first_y, PLAN_KIND_COUNT, &cursor);
	switch (ch) {
	case KEY_UP:
	case 'k':
	case KEY_BTAB:
		if (cursor > 0)
			cursor--;
		return UI_KEY_HANDLED;
	case KEY_DOWN:
	case 'j':
	case '\t':
		if (cursor + 1 < PLAN_KIND_COUNT)
			cursor++;
		return UI_KEY_HANDLED;
	case ' ':
		wizard_model_set_kind(&ui->model, (enum plan_kind)cursor);
		return UI_KEY_HANDLED;
	}
	return UI_KEY_PASS;
}

static void commit(struct ui *ui)
{
	wizard_model_set_kind(&ui->model, (enum plan_kind)cursor);
}

static const char *const help[] = {
	"Change compute resource only: vMotion (live) or a cold move to another host.",
	"Change storage only: the disks move to other datastores of the same host.",
	"Change both: another host and its datastores (shared-nothing vMotion when live).",
	"Up/Down or j/k: move.  Space: choose.  Enter: choose, Next.",
	NULL,
};

const struct step step_kind = { WIZARD_STEP_KIND, enter, draw, key, commit, help, 0 };

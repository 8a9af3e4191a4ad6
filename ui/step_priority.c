/* ui/step_priority.c — step 5: vMotion priority, High or Standard. */
#include <curses.h>

#include "ui.h"

static const struct {
	enum plan_priority p;
	const char *title, *line;
} choices[] = {
	{ PLAN_PRIORITY_HIGH, "Schedule vMotion with high priority (recommended)",
	  "Full downtime allowance at once; a move that does not converge goes post-copy." },
	{ PLAN_PRIORITY_STANDARD, "Schedule regular vMotion",
	  "A third of the downtime at first; never post-copy: it may end aborted instead." },
};

static int cursor;

static void enter(struct ui *ui)
{
	cursor = ui->model.priority == PLAN_PRIORITY_HIGH ? 0 : 1;
}

static int first_y;	/* the row of the first choice, as drawn last */

static void draw(struct ui *ui, int top, int rows, int cols)
{
	first_y = top + 1;
	(void)rows;
	for (int i = 0; i < 2; i++) {
		int y = top + 1 + 3 * i;
		enum theme_role role = i == cursor ? THEME_cursor : THEME_normal;
		screen_fill(y, 2, cols - 4, role);
		screen_put(y, 1, 1, THEME_normal, 0, role == THEME_cursor ? ">" : " ");
		screen_putf(y, 3, cols - 6, role, 0, "(%s) %s",
			    ui->model.priority == choices[i].p ? "*" : " ", choices[i].title);
		screen_put(y + 1, 8, cols - 10, THEME_dim, 0, choices[i].line);
	}
}

static enum ui_key_result key(struct ui *ui, int ch)
{
	ui_choice_click(&ch, first_y, 2, &cursor);
	switch (ch) {
	case KEY_UP:
	case 'k':
	case KEY_BTAB:
		cursor = 0;
		break;
	case KEY_DOWN:
	case 'j':
	case '\t':
		cursor = 1;
		break;
	case ' ':
		break;
	default:
		return UI_KEY_PASS;
	}
	wizard_model_set_priority(&ui->model, choices[cursor].p);
	return UI_KEY_HANDLED;
}

static void commit(struct ui *ui)
{
	wizard_model_set_priority(&ui->model, choices[cursor].p);
}

static const char *const help[] = {
	"High: the whole allowed downtime from the start, and post-copy at pass 8 when the",
	"guest dirties memory faster than it can be copied: the move finishes.",
	"Standard: a third of the allowed downtime at first, raised when needed; no",
	"post-copy, so a move that never converges runs until its time budget.",
	"Up/Down or j/k: choose.  Enter: Next.",
	NULL,
};

const struct step step_priority = { WIZARD_STEP_PRIORITY, enter, draw, key, commit, help, 0 };

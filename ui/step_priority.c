/* ui/step_priority.c — step 5: vMotion priority (High or Standard) and
 * Encrypted vMotion (Disabled, Opportunistic or Required): two groups of
 * choices, Tab goes from one to the other.  A suspended VM (moved cold with
 * its saved memory) has no priority: only the encryption group is shown. */
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

static const struct {
	enum plan_encrypt e;
	const char *line;
} encrypts[] = {
	{ PLAN_ENCRYPT_DISABLED, "Memory and disks cross the migration network in clear." },
	{ PLAN_ENCRYPT_OPPORTUNISTIC,
	  "TLS when both hosts are set up for it; otherwise in clear, with a warning." },
	{ PLAN_ENCRYPT_REQUIRED,
	  "TLS or nothing: a host not set up for it refuses the move before it starts." },
};

#define NPRIO 2
#define NENC 3

static int cursor;	/* 0..NPRIO-1: priority; NPRIO..NPRIO+NENC-1: encryption */

static int encrypt_index(enum plan_encrypt e)
{
	for (int i = 0; i < NENC; i++)
		if (encrypts[i].e == e)
			return i;
	return 1;	/* opportunistic */
}

static int has_priority;	/* the priority group is shown */

static int priority_index(const struct ui *ui)
{
	return ui->model.priority == PLAN_PRIORITY_HIGH ? 0 : 1;
}

static void enter(struct ui *ui)
{
	has_priority = wizard_model_priority_applies(&ui->model);
	cursor = has_priority ? priority_index(ui) : NPRIO + encrypt_index(ui->model.encrypt);
}

static int first_y, enc_y;	/* the rows of each group's first choice, as drawn last */

/* One choice: the marker, "(*) TITLE" on row Y, its line below. */
static void choice(int y, int cols, int here, int chosen, const char *title, const char *line)
{
	enum theme_role role = here ? THEME_cursor : THEME_normal;
	screen_fill(y, 2, cols - 4, role);
	screen_put(y, 1, 1, THEME_normal, 0, here ? ">" : " ");
	screen_putf(y, 3, cols - 6, role, 0, "(%s) %s", chosen ? "*" : " ", title);
	screen_put(y + 1, 8, cols - 10, THEME_dim, 0, line);
}

static void draw(struct ui *ui, int top, int rows, int cols)
{
	first_y = top + 1;
	(void)rows;
	for (int i = 0; has_priority && i < NPRIO; i++)
		choice(first_y + 3 * i, cols, i == cursor, ui->model.priority == choices[i].p,
		       choices[i].title, choices[i].line);
	int y = has_priority ? first_y + 3 * NPRIO : top;
	screen_put(y, 1, cols - 2, THEME_heading, 0, has_priority ? "Encrypted vMotion"
		   : "Encrypted vMotion (suspended VM: its saved memory crosses the network)");
	enc_y = y + 1;
	for (int i = 0; i < NENC; i++)
		choice(enc_y + 3 * i, cols, NPRIO + i == cursor, ui->model.encrypt == encrypts[i].e,
		       plan_encrypt_title(encrypts[i].e), encrypts[i].line);
}

/* Choose what the cursor is on. */
static void choose(struct ui *ui)
{
	if (cursor < NPRIO)
		wizard_model_set_priority(&ui->model, choices[cursor].p);
	else
		wizard_model_set_encrypt(&ui->model, encrypts[cursor - NPRIO].e);
}

/* A click on a choice of either group: the cursor goes there, *CH is a Space. */
static void click(int *ch)
{
	int c = -1;
	if (has_priority)
		ui_choice_click(ch, first_y, NPRIO, &c);
	if (c >= 0) {
		cursor = c;
		return;
	}
	ui_choice_click(ch, enc_y, NENC, &c);
	if (c >= 0)
		cursor = NPRIO + c;
}

static enum ui_key_result key(struct ui *ui, int ch)
{
	int lo = cursor < NPRIO ? 0 : NPRIO, hi = cursor < NPRIO ? NPRIO - 1 : NPRIO + NENC - 1;

	click(&ch);
	switch (ch) {
	case KEY_UP:
	case 'k':	/* within the group; moving chooses, as radio buttons do */
		cursor = cursor > lo ? cursor - 1 : lo;
		break;
	case KEY_DOWN:
	case 'j':
		cursor = cursor < hi ? cursor + 1 : hi;
		break;
	case '\t':
	case KEY_BTAB:	/* to the other group, on its chosen item */
		cursor = cursor < NPRIO || !has_priority ? NPRIO + encrypt_index(ui->model.encrypt)
			 : priority_index(ui);
		return UI_KEY_HANDLED;
	case ' ':
		break;
	default:
		return UI_KEY_PASS;
	}
	choose(ui);
	return UI_KEY_HANDLED;
}

static const char *const help[] = {
	"High: the whole allowed downtime from the start, and post-copy at pass 8 when the",
	"guest dirties memory faster than it can be copied: the move finishes.",
	"Standard: a third of the allowed downtime at first, raised when needed; no",
	"post-copy, so a move that never converges runs until its time budget.",
	"Encrypted vMotion: libvirt's TLS migration for memory and disk streams.",
	"Disabled: in clear.  Opportunistic: TLS when both hosts are set up for it,",
	"else in clear with a warning.  Required: refused unless both hosts are.",
	"Up/Down or j/k: choose in a group.  Tab: the other group.  Enter: Next.",
	NULL,
};

const struct step step_priority = { WIZARD_STEP_PRIORITY, enter, draw, key, NULL, help, 0 };

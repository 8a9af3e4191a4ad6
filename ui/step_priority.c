/* ui/step_priority.c — step 5: vMotion priority (High or Standard) and
 * Encrypted vMotion (Disabled, Opportunistic or Required): two radio lists,
 * Tab goes from one to the other.  A suspended VM (moved cold with its
 * saved memory) has no priority: only the encryption list is shown. */
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

static int encrypt_index(enum plan_encrypt e)
{
	for (int i = 0; i < NENC; i++)
		if (encrypts[i].e == e)
			return i;
	return 1;	/* opportunistic */
}

static int priority_index(const struct ui *ui)
{
	return ui->model.priority == PLAN_PRIORITY_HIGH ? 0 : 1;
}

/* The focus on the encryption list (ENCRYPT) or the priority one, its
 * cursor on the choice made there. */
static void focus(struct ui *ui, struct step_priority_state *s, int encrypt)
{
	s->on_encrypt = encrypt || !s->has_priority;
	if (s->on_encrypt)
		s->encrypt.cursor = encrypt_index(ui->model.encrypt);
	else
		s->priority.cursor = priority_index(ui);
}

static void enter(struct ui *ui, void *state)
{
	struct step_priority_state *s = state;
	s->priority.count = NPRIO;
	s->encrypt.count = NENC;
	s->has_priority = wizard_model_priority_applies(&ui->model);
	focus(ui, s, 0);
}

static void draw(struct ui *ui, void *state, int top, int rows, int cols)
{
	struct step_priority_state *s = state;
	struct radio_item items[NENC];
	int y = top;
	(void)rows;
	if (s->has_priority) {
		for (int i = 0; i < NPRIO; i++)
			items[i] = (struct radio_item){ choices[i].title, choices[i].line };
		radio_draw(&s->priority, items, top + 1, cols, !s->on_encrypt,
			   priority_index(ui));
		y = top + 1 + 3 * NPRIO;
	}
	screen_put(y, 1, cols - 2, THEME_heading, 0, s->has_priority ? "Encrypted vMotion"
		   : "Encrypted vMotion (suspended VM: its saved memory crosses the network)");
	for (int i = 0; i < NENC; i++)
		items[i] = (struct radio_item){ plan_encrypt_title(encrypts[i].e), encrypts[i].line };
	radio_draw(&s->encrypt, items, y + 1, cols, s->on_encrypt,
		   encrypt_index(ui->model.encrypt));
}

/* A key of the list with the focus; a click on either list moves the focus
 * there. */
static enum radio_result list_key(struct step_priority_state *s, int ch)
{
	enum radio_result r = RADIO_PASS;
	if (ch != SCREEN_CLICK && ch != SCREEN_DCLICK)
		return radio_key(s->on_encrypt ? &s->encrypt : &s->priority, ch);
	if (s->has_priority && (r = radio_key(&s->priority, ch)) != RADIO_PASS)
		s->on_encrypt = 0;
	else if ((r = radio_key(&s->encrypt, ch)) != RADIO_PASS)
		s->on_encrypt = 1;
	return r;
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_priority_state *s = state;
	if (ch == '\t' || ch == KEY_BTAB) {	/* to the other list, on its choice */
		focus(ui, s, !s->on_encrypt);
		return STEP_KEY_HANDLED;
	}
	if (list_key(s, ch) == RADIO_PASS)
		return STEP_KEY_PASS;
	/* moving chooses too, as radio buttons do */
	if (s->on_encrypt)
		wizard_model_set_encrypt(&ui->model, encrypts[s->encrypt.cursor].e);
	else
		wizard_model_set_priority(&ui->model, choices[s->priority.cursor].p);
	return STEP_KEY_HANDLED;
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

const struct step step_priority = {
	.enter = enter, .draw = draw, .key = key, .help = help,
};

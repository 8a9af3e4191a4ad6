/* ui/step_priority.c — step 5: vMotion priority (High or Standard),
 * Encrypted vMotion (Disabled, Opportunistic or Required), and for a live
 * move the parallel streams (1, 2, 4, 8) and the compression of its memory
 * stream: two radio lists and two one-row lists, Tab goes from one to the
 * next.  A suspended VM (moved cold with its saved memory) has no priority
 * and no streams: only the encryption list is shown.  Whether the two hosts
 * can do the streams chosen is the engine's rule (streams_supported(),
 * through wizard_model_streams_check()): the step shows why not, and Next
 * waits for a choice they can do. */
#include <curses.h>
#include <stdio.h>

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

/* The stream counts offered; the model's own (the config's or the command
 * line's, such as 3 or 16) joins them in order when it is none of them. */
static const unsigned streams_base[] = { 1, 2, 4, 8 };

/* What each compression method does, a few words for the meaning line. */
static const char *const compress_words[PLAN_COMPRESS_COUNT] = {
	[PLAN_COMPRESS_UNSET] = "not compressed",
	[PLAN_COMPRESS_NONE] = "not compressed",
	[PLAN_COMPRESS_XBZRLE] = "pages sent again go as deltas (XBZRLE)",
	[PLAN_COMPRESS_MT] = "zlib by several threads on the one stream",
	[PLAN_COMPRESS_ZLIB] = "each stream zlib-compressed",
	[PLAN_COMPRESS_ZSTD] = "each stream zstd-compressed",
};

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

static int streams_index(const struct ui *ui, const struct step_priority_state *s)
{
	for (int i = 0; i < s->streams.count; i++)
		if (s->streams_offered[i] == ui->model.connections)
			return i;
	return 0;
}

static int compress_index(const struct ui *ui)
{
	return ui->model.compress > PLAN_COMPRESS_UNSET ? (int)ui->model.compress - 1 : 0;
}

/* 1 when group G is on the screen. */
static int shown(const struct step_priority_state *s, enum step_priority_group g)
{
	switch (g) {
	case STEP_PRIORITY_PRIORITY:
		return s->has_priority;
	case STEP_PRIORITY_STREAMS:
	case STEP_PRIORITY_COMPRESS:
		return s->has_streams;
	default:
		return g == STEP_PRIORITY_ENCRYPT;
	}
}

/* The focus on group G (the encryption list when G is not shown), its
 * cursor on the choice made there. */
static void focus(struct ui *ui, struct step_priority_state *s, enum step_priority_group g)
{
	s->focus = shown(s, g) ? g : STEP_PRIORITY_ENCRYPT;
	switch (s->focus) {
	case STEP_PRIORITY_PRIORITY:
		s->priority.cursor = priority_index(ui);
		break;
	case STEP_PRIORITY_STREAMS:
		s->streams.cursor = streams_index(ui, s);
		break;
	case STEP_PRIORITY_COMPRESS:
		s->compress.cursor = compress_index(ui);
		break;
	default:
		s->encrypt.cursor = encrypt_index(ui->model.encrypt);
		break;
	}
}

/* The next (DIR 1) or previous (-1) group shown after the focused one. */
static enum step_priority_group next_group(const struct step_priority_state *s, int dir)
{
	int g = (int)s->focus;
	do
		g = (g + dir + STEP_PRIORITY_GROUPS) % STEP_PRIORITY_GROUPS;
	while (!shown(s, (enum step_priority_group)g));
	return (enum step_priority_group)g;
}

static void enter(struct ui *ui, void *state)
{
	struct step_priority_state *s = state;
	unsigned own = ui->model.connections;
	int n = 0;
	s->priority.count = NPRIO;
	s->encrypt.count = NENC;
	s->has_priority = wizard_model_priority_applies(&ui->model);
	s->has_streams = wizard_model_streams_apply(&ui->model);
	for (size_t i = 0; i < sizeof(streams_base) / sizeof(streams_base[0]); i++) {
		if (own && own < streams_base[i] && (n == 0 || s->streams_offered[n - 1] < own))
			s->streams_offered[n++] = own;
		s->streams_offered[n++] = streams_base[i];
	}
	if (own > s->streams_offered[n - 1])
		s->streams_offered[n++] = own;
	s->streams.count = n;
	s->compress.count = PLAN_COMPRESS_COUNT - 1;	/* every method but UNSET */
	focus(ui, s, s->has_priority ? STEP_PRIORITY_PRIORITY : STEP_PRIORITY_ENCRYPT);
}

/* A one-row list at row Y: LABEL, then the N NAMES side by side, "(*)" on
 * the CHOSEN one, the cursor's highlighted when the row has the FOCUS. */
static void row_draw(struct step_priority_row *r, int y, int cols, const char *label,
		     char names[][16], int chosen, int focus_here)
{
	int x = 17;
	r->y = y;
	screen_put(y, 1, 1, THEME_normal, 0, focus_here ? ">" : " ");
	screen_put(y, 3, 13, THEME_normal, 1, label);
	for (int i = 0; i < r->count && x < cols - 2; i++) {
		enum theme_role role = focus_here && i == r->cursor ? THEME_cursor : THEME_normal;
		x += screen_putf(y, x, cols - 1 - x, role, 0, "(%s) %s", i == chosen ? "*" : " ",
				 names[i]) + 2;
	}
}

/* What the streams and compression chosen mean, in one line. */
static void meaning(const struct wizard_model *m, char *buf, size_t len)
{
	char streams[64];
	if (m->connections > 1)
		snprintf(streams, sizeof(streams), "%u streams side by side (multifd)",
			 m->connections);
	else
		snprintf(streams, sizeof(streams), "one stream");
	snprintf(buf, len, "Memory: %s, %s.", streams,
		 compress_words[(unsigned)m->compress < PLAN_COMPRESS_COUNT ? m->compress : 0]);
}

/* The streams and compression rows from row Y (above END), the line of
 * what they mean, and why the two hosts cannot do them when they cannot. */
static void streams_draw(struct ui *ui, struct step_priority_state *s, int y, int end, int cols)
{
	char names[STEP_PRIORITY_ROW_MAX][16], buf[256];
	struct vm_error err = { 0 };
	int refused = wizard_model_streams_check(&ui->model, &err) != 0;
	struct finding f = { .severity = FINDING_ERROR };
	int frows = 0;
	if (refused) {
		snprintf(f.code, sizeof(f.code), "streams");
		snprintf(f.message, sizeof(f.message), "%.*s", (int)sizeof(f.message) - 1,
			 err.message);
		snprintf(f.hint, sizeof(f.hint), "%s", err.hint);
		frows = ui_finding_rows(cols, 12, &f);
	}
	if (end - y >= 5 + (refused ? frows : 0)) {	/* room for a heading */
		screen_put(y + 1, 1, cols - 2, THEME_heading, 0,
			   "Parallel streams and compression of the memory");
		y += 2;
	}
	for (int i = 0; i < s->streams.count; i++)
		snprintf(names[i], sizeof(names[i]), "%u", s->streams_offered[i]);
	row_draw(&s->streams, y++, cols, "Streams", names, streams_index(ui, s),
		 s->focus == STEP_PRIORITY_STREAMS);
	for (int i = 0; i < s->compress.count; i++)
		snprintf(names[i], sizeof(names[i]), "%s",
			 plan_compress_name((enum plan_compress)(i + 1)));
	row_draw(&s->compress, y++, cols, "Compression", names, compress_index(ui),
		 s->focus == STEP_PRIORITY_COMPRESS);
	/* the reason they cannot comes first when both do not fit */
	if (!refused || end - y > frows) {
		meaning(&ui->model, buf, sizeof(buf));
		screen_put(y++, 8, cols - 10, THEME_dim, 0, buf);
	}
	if (refused && y < end)
		ui_finding_draw(y, 3, 12, cols, end, &f);
}

static void draw(struct ui *ui, void *state, int top, int rows, int cols)
{
	struct step_priority_state *s = state;
	struct radio_item items[NENC];
	int y = top;
	if (s->has_priority) {
		for (int i = 0; i < NPRIO; i++)
			items[i] = (struct radio_item){ choices[i].title, choices[i].line };
		radio_draw(&s->priority, items, y, cols, s->focus == STEP_PRIORITY_PRIORITY,
			   priority_index(ui));
		y += 3 * NPRIO;
	}
	screen_put(y, 1, cols - 2, THEME_heading, 0, s->has_priority ? "Encrypted vMotion"
		   : "Encrypted vMotion (suspended VM: its saved memory crosses the network)");
	for (int i = 0; i < NENC; i++)
		items[i] = (struct radio_item){ plan_encrypt_title(encrypts[i].e), encrypts[i].line };
	radio_draw(&s->encrypt, items, y + 1, cols, s->focus == STEP_PRIORITY_ENCRYPT,
		   encrypt_index(ui->model.encrypt));
	y += 3 * NENC;	/* the row after the last choice's line */
	if (s->has_streams)
		streams_draw(ui, s, y, top + rows, cols);
}

/* A key of a one-row list: the arrows (and h/j/k/l) move, and moving
 * chooses, as in the radio lists; Space chooses. */
static int row_key(struct step_priority_row *r, int ch)
{
	switch (ch) {
	case KEY_LEFT:
	case KEY_UP:
	case 'h':
	case 'k':
		if (r->cursor > 0)
			r->cursor--;
		return 1;
	case KEY_RIGHT:
	case KEY_DOWN:
	case 'l':
	case 'j':
		if (r->cursor + 1 < r->count)
			r->cursor++;
		return 1;
	case ' ':
		return 1;
	default:
		return 0;
	}
}

/* A click: on a radio list or a row, the focus goes there (a click on a
 * radio choice chooses it).  0 when it was on none of them. */
static int click(struct step_priority_state *s, int ch)
{
	int y = screen_click_y();
	if (s->has_streams && (y == s->streams.y || y == s->compress.y)) {
		s->focus = y == s->streams.y ? STEP_PRIORITY_STREAMS : STEP_PRIORITY_COMPRESS;
		return 1;
	}
	if (s->has_priority && radio_key(&s->priority, ch) != RADIO_PASS) {
		s->focus = STEP_PRIORITY_PRIORITY;
		return 1;
	}
	if (radio_key(&s->encrypt, ch) != RADIO_PASS) {
		s->focus = STEP_PRIORITY_ENCRYPT;
		return 1;
	}
	return 0;
}

/* Take the choice under the cursor of the focused group into the model. */
static void choose(struct ui *ui, struct step_priority_state *s)
{
	switch (s->focus) {
	case STEP_PRIORITY_PRIORITY:
		wizard_model_set_priority(&ui->model, choices[s->priority.cursor].p);
		break;
	case STEP_PRIORITY_STREAMS:
		wizard_model_set_connections(&ui->model, s->streams_offered[s->streams.cursor]);
		break;
	case STEP_PRIORITY_COMPRESS:
		wizard_model_set_compress(&ui->model, (enum plan_compress)(s->compress.cursor + 1));
		break;
	default:
		wizard_model_set_encrypt(&ui->model, encrypts[s->encrypt.cursor].e);
		break;
	}
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_priority_state *s = state;
	int handled;
	if (ch == '\t' || ch == KEY_BTAB) {	/* to the next list, on its choice */
		focus(ui, s, next_group(s, ch == '\t' ? 1 : -1));
		return STEP_KEY_HANDLED;
	}
	if (ch == SCREEN_CLICK || ch == SCREEN_DCLICK)
		handled = click(s, ch);
	else if (s->focus == STEP_PRIORITY_STREAMS)
		handled = row_key(&s->streams, ch);
	else if (s->focus == STEP_PRIORITY_COMPRESS)
		handled = row_key(&s->compress, ch);
	else
		handled = radio_key(s->focus == STEP_PRIORITY_PRIORITY ? &s->priority : &s->encrypt,
				    ch) != RADIO_PASS;
	if (!handled)
		return STEP_KEY_PASS;
	choose(ui, s);	/* moving chooses too, as radio buttons do */
	if (s->focus == STEP_PRIORITY_STREAMS || s->focus == STEP_PRIORITY_COMPRESS)
		ui->message[0] = '\0';	/* a refused Next's why: the step shows the new one */
	return STEP_KEY_HANDLED;
}

static const char *const help[] = {
	"High: the whole allowed downtime from the start, and post-copy at pass 8",
	"when the guest dirties memory faster than it is copied: the move finishes.",
	"Standard: a third of the allowed downtime at first, raised when needed; no",
	"post-copy, so a move that never converges runs until its time budget.",
	"Encrypted vMotion: libvirt's TLS migration for memory and disk streams.",
	"Disabled: in clear.  Opportunistic: TLS when both hosts are set up for it,",
	"else in clear with a warning.  Required: refused unless both hosts are.",
	"Streams (a live move): N connections copy the memory at once (multifd).",
	"Compression costs CPU to send less: xbzrle and mt on one stream, zlib and",
	"zstd on several.  Hosts that cannot: the step says why, and Next waits.",
	"Up/Down or j/k (Left/Right in a row): choose.  Tab: the next group.",
	NULL,
};

const struct step step_priority = {
	.enter = enter, .draw = draw, .key = key, .help = help,
};

/* ui/screen.c — curses kept in one place. */
#include <curses.h>
#include <term.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "screen.h"

static int mono;
static const atomic_int *watched;	/* the caller's last signal */
static int ctrl_c;				/* ^C was typed */
static attr_t role_attrs[THEME_ROLE_COUNT];

static attr_t attrs_of(unsigned a)
{
	attr_t r = 0;
	if (a & THEME_BOLD)
		r |= A_BOLD;
	if (a & THEME_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_DIM)
		r |= A_DIM;
	return r;
}

int screen_usable(char *why, size_t len)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!term || !*term) {
		snprintf(why, len, "TERM is not set");
		return -1;
	}
	if (setupterm((char *)term, 1, &err) != OK) {
		snprintf(why, len, "the terminal type '%s' (TERM) is %s", term,
			 err == 0 ? "not in the terminfo database" : "unknown: no terminfo database");
		return -1;
	}
	char *cup = tigetstr((char *)"cup");
	int ok = cup && cup != (char *)-1;

	del_curterm(cur_term);
	if (!ok) {
		snprintf(why, len, "the terminal type '%s' (TERM) cannot move the cursor", term);
		return -1;
	}
	return 0;
}

int screen_start(const struct theme *theme)
{
	struct theme mono_theme;
	const char *nc = getenv("NO_COLOR");

	if (!initscr())
		return -1;
	raw();		/* ^C a key: see screen_watch() */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* clicks and the wheel (Shift+drag still selects text in most terminals) */
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		  NULL);
	mono = theme->monochrome || (nc && nc[0]) || !has_colors();
	if (!mono && start_color() != OK)
		mono = 1;
	if (mono) {
		theme_monochrome(&mono_theme);
		theme = &mono_theme;
	} else {
		use_default_colors();
	}
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *s = &theme->roles[r];
		role_attrs[r] = attrs_of(s->attrs);
		if (!mono && init_pair((short)(r + 1), s->fg, s->bg) == OK)
			role_attrs[r] |= COLOR_PAIR(r + 1);
	}
	timeout(SCREEN_KEY_MS);
	return 0;
}

void screen_end(void)
{
	if (!screen_hangup() && !isendwin())
		endwin();
}

void screen_watch(const atomic_int *signo)
{
	watched = signo;
}

int screen_interrupted(void)
{
	int sig = watched ? atomic_load(watched) : 0;

	if (sig)
		return sig;
	return ctrl_c ? SIGINT : 0;
}

int screen_hangup(void)
{
	return watched && atomic_load(watched) == SIGHUP;
}

void screen_refresh(void)
{
	if (!screen_hangup())
		refresh();
}

int screen_monochrome(void)
{
	return mono;
}

int screen_rows(void)
{
	return LINES;
}

int screen_cols(void)
{
	return COLS;
}

int screen_too_small(void)
{
	return LINES < SCREEN_MIN_ROWS || COLS < SCREEN_MIN_COLS;
}

void screen_draw_too_small(void)
{
	erase();
	int y = LINES / 2 - 1;
	if (y < 0)
		y = 0;
	screen_putf(y, 0, COLS, THEME_error, 0, "Terminal too small: %dx%d.", COLS, LINES);
	screen_putf(y + 1, 0, COLS, THEME_normal, 0, "The wizard needs at least %dx%d.",
		    SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
	screen_put(y + 2, 0, COLS, THEME_normal, 0, "Enlarge the window, or press q to quit.");
}

/* One character of S (at *i), as a printable wide character and its width. */
static wchar_t next_char(const char *s, size_t *i, int *w)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof(st));
	size_t n = mbrtowc(&wc, s + *i, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*i += 1;
		*w = 1;
		return L'?';
	}
	*i += n;
	*w = wcwidth(wc);
	if (*w < 0) {
		*w = 1;
		return L'?';
	}
	return wc;
}

int screen_width(const char *s)
{
	size_t i = 0;
	int total = 0, w;
	while (s && s[i]) {
		next_char(s, &i, &w);
		total += w;
	}
	return total;
}

int screen_put(int y, int x, int w, enum theme_role role, int pad, const char *s)
{
	wchar_t buf[1024];
	size_t n = 0, i = 0;
	int used = 0, cw;
	int ellipsis_w = MB_CUR_MAX > 1 ? 1 : 1;
	wchar_t ellipsis = MB_CUR_MAX > 1 ? L'\u2026' : L'~';

	if (y < 0 || y >= LINES || x >= COLS || w <= 0)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	int total = screen_width(s ? s : "");
	int room = total > w ? w - ellipsis_w : w;
	while (s && s[i] && n < sizeof(buf) / sizeof(buf[0]) - 2) {
		size_t save = i;
		wchar_t wc = next_char(s, &i, &cw);
		if (used + cw > room) {
			i = save;
			break;
		}
		if (cw == 0 && n == 0)
			continue;	/* a combining mark with nothing to combine */
		buf[n++] = wc;
		used += cw;
	}
	if (total > w && room >= 0) {
		buf[n++] = ellipsis;
		used += ellipsis_w;
	}
	buf[n] = L'\0';
	attrset(role_attrs[role]);
	mvaddnwstr(y, x, buf, (int)n);
	if (pad)
		for (int k = used; k < w; k++)
			mvaddch(y, x + k, ' ');
	attrset(A_NORMAL);
	return pad ? w : used;
}

int screen_putf(int y, int x, int w, enum theme_role role, int pad, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return screen_put(y, x, w, role, pad, buf);
}

/* screen_wrap(), drawing only when DRAW: the rows S takes. */
static int wrap(int y, int x, int w, enum theme_role role, int maxrows, const char *s, int draw)
{
	char line[1024];
	int rows = 0;
	if (w < 1)
		return 0;
	while (s && *s && rows < maxrows) {
		if (rows == maxrows - 1 || screen_width(s) <= w) {
			if (draw)
				screen_put(y + rows, x, w, role, 0, s);
			rows++;
			break;
		}
		/* the longest prefix that fits, cut after a space when there is one */
		size_t i = 0, cut = 0, cut_space = 0;
		int used = 0;
		while (s[i]) {
			size_t j = i + 1;
			while ((s[j] & 0xC0) == 0x80)
				j++;
			memcpy(line, s + i, j - i);
			line[j - i] = '\0';
			int cw = screen_width(line);
			if (used + cw > w)
				break;
			used += cw;
			i = j;
			cut = i;
			if (s[i] == ' ')
				cut_space = i;
		}
		if (cut_space > 0)
			cut = cut_space;
		if (cut == 0 || cut >= sizeof(line))
			cut = cut ? sizeof(line) - 1 : 1;
		memcpy(line, s, cut);
		line[cut] = '\0';
		if (draw)
			screen_put(y + rows, x, w, role, 0, line);
		rows++;
		s += cut;
		while (*s == ' ')
			s++;
	}
	return rows;
}

int screen_wrap(int y, int x, int w, enum theme_role role, int maxrows, const char *s)
{
	return wrap(y, x, w, role, maxrows, s, 1);
}

int screen_wrap_rows(int w, const char *s)
{
	return wrap(0, 0, w, THEME_normal, 1000, s, 0);
}

void screen_fill(int y, int x, int w, enum theme_role role)
{
	screen_put(y, x, w, role, 1, "");
}

/* Where each key of the bar drawn last is, for clicks on it. */
struct bar_key {
	int x0, x1;	/* columns [x0, x1) */
	int code;	/* what screen_key() returns for a click there */
};
static struct bar_key bar[16];
static size_t nbar;

static int key_code(const char *name)
{
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9')
		return KEY_F(atoi(name + 1));
	if (strcmp(name, "Enter") == 0)
		return '\r';
	if (strcmp(name, "Esc") == 0)
		return 27;
	return 0;
}

void screen_keybar(const struct screen_key *keys, size_t n)
{
	int y = LINES - 1, x = 0;
	nbar = 0;
	for (size_t i = 0; i < n && x < COLS; i++) {
		int x0 = x;
		x += screen_put(y, x, COLS - x, THEME_key, 0, keys[i].key);
		int lw = screen_width(keys[i].label) + 1;
		x += screen_put(y, x, lw < COLS - x ? lw : COLS - x, THEME_keylabel, 1,
				keys[i].label);
		if (nbar < sizeof(bar) / sizeof(bar[0]))
			bar[nbar++] = (struct bar_key){ x0, x, key_code(keys[i].key) };
	}
	if (x < COLS)
		screen_fill(y, x, COLS - x, THEME_keylabel);
}

int screen_box(int rows, int cols, const char *title, int *y, int *x)
{
	if (rows > LINES - 2)
		rows = LINES - 2;
	if (cols > COLS - 2)
		cols = COLS - 2;
	int top = (LINES - rows - 2) / 2, left = (COLS - cols - 2) / 2;
	for (int r = 0; r < rows + 2; r++)
		screen_fill(top + r, left, cols + 2, THEME_dialog);
	attrset(role_attrs[THEME_dialog]);
	mvhline(top, left + 1, ACS_HLINE, cols);
	mvhline(top + rows + 1, left + 1, ACS_HLINE, cols);
	mvvline(top + 1, left, ACS_VLINE, rows);
	mvvline(top + 1, left + cols + 1, ACS_VLINE, rows);
	mvaddch(top, left, ACS_ULCORNER);
	mvaddch(top, left + cols + 1, ACS_URCORNER);
	mvaddch(top + rows + 1, left, ACS_LLCORNER);
	mvaddch(top + rows + 1, left + cols + 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	if (title)
		screen_putf(top, left + 2, cols - 2, THEME_dialog, 0, " %s ", title);
	*y = top + 1;
	*x = left + 1;
	return cols;
}

void screen_help(const char *title, const char *const *const *groups)
{
	int w = COLS - 4 < 82 ? COLS - 4 : 82, need = 1, room, y, x;

	for (int g = 0; groups[g]; g++) {
		for (int i = 0; groups[g][i]; i++)
			need += screen_wrap_rows(w, groups[g][i]);
		need += groups[g + 1] != NULL;	/* a blank row between groups */
	}
	w = screen_box(need, w + 2, title, &y, &x) - 2;
	room = LINES - 2 < need ? LINES - 2 : need;
	int row = 0;
	for (int g = 0; groups[g] && row < room - 1; g++) {
		for (int i = 0; groups[g][i] && row < room - 1; i++) {
			int left = room - 1 - row;
			int n = screen_wrap_rows(w, groups[g][i]);
			screen_wrap(y + row, x + 1, w, THEME_dialog, n < left ? n : left,
				    groups[g][i]);
			row += n < left ? n : left;
		}
		row += groups[g + 1] != NULL;
	}
	screen_put(y + room - 1, x + 1, w, THEME_dialog, 0, need > room
		   ? "More than fits: enlarge the terminal.  Any key closes this."
		   : "Press any key to close.");
}

static int click_y = -1;

int screen_click_y(void)
{
	return click_y;
}

/* A mouse event as a key (see screen.h); ERR for the ones not used. */
static int mouse_key(void)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return ERR;
	if (ev.bstate & BUTTON4_PRESSED)
		return KEY_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return KEY_DOWN;
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return ERR;
	if (ev.y == LINES - 1) {
		for (size_t i = 0; i < nbar; i++)
			if (ev.x >= bar[i].x0 && ev.x < bar[i].x1)
				return bar[i].code ? bar[i].code : ERR;
		return ERR;
	}
	click_y = ev.y;
	return ev.bstate & BUTTON1_DOUBLE_CLICKED ? SCREEN_DCLICK : SCREEN_CLICK;
}

/* ^Z in raw mode: suspend as the terminal would (curses' own handler
 * restores the screen on return); the caller repaints. */
static int suspend(void)
{
	raise(SIGTSTP);
	return KEY_RESIZE;
}

int screen_key(void)
{
	wint_t wc;
	if (screen_interrupted())
		return SCREEN_INTERRUPT;
	int r = get_wch(&wc);
	if (screen_interrupted())	/* the signal cut the wait short */
		return SCREEN_INTERRUPT;
	if (r == ERR)
		return ERR;
	if (r == OK && wc == 3) {	/* ^C */
		ctrl_c = 1;
		return SCREEN_INTERRUPT;
	}
	if (r == OK && wc == 26)	/* ^Z */
		return suspend();
	if (r == KEY_CODE_YES && wc == KEY_MOUSE)
		return mouse_key();
	if (r == KEY_CODE_YES)
		return (int)wc;
	if (wc >= 0x110000)
		return ERR;
	return wc >= KEY_MIN ? (int)wc + SCREEN_WIDE_CHAR : (int)wc;
}

int screen_char(int key)
{
	if (key >= SCREEN_WIDE_CHAR)
		return key - SCREEN_WIDE_CHAR;
	if (key >= 32 && key < KEY_MIN && key != 127)
		return key;
	return -1;
}

void screen_timeout(int ms)
{
	timeout(ms);
}

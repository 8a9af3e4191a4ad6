/* ui/screen.h — curses kept in one place: set-up, colours of the theme,
 * text that fits (UTF-8, wide characters), the function-key bar, dialogs. */
#ifndef VIRT_MIGRATE_SCREEN_H
#define VIRT_MIGRATE_SCREEN_H

#include <stdatomic.h>
#include <stddef.h>

#include "theme.h"

#define SCREEN_MIN_COLS 80
#define SCREEN_MIN_ROWS 24

/* Start curses with THEME (monochrome when NO_COLOR is set or the terminal
 * has no colours); returns 0 or -1. */
int screen_start(const struct theme *theme);
/* 0 when the terminal on standard output can draw the screens (TERM set,
 * known to terminfo, with cursor addressing); else -1 with WHY. */
int screen_usable(char *why, size_t len);
void screen_end(void);
/* 1 when colours are off (NO_COLOR, the terminal, or a monochrome theme). */
int screen_monochrome(void);
int screen_rows(void);
int screen_cols(void);
int screen_too_small(void);
/* Draw the "terminal too small" screen. */
void screen_draw_too_small(void);

/* Display width of UTF-8 text S in columns. */
int screen_width(const char *s);
/* Put UTF-8 text S at (Y, X) in at most W columns with the style of ROLE,
 * cut with "…" when longer and padded with spaces to W when PAD is set.
 * Control characters show as '?'.  Returns the columns written. */
int screen_put(int y, int x, int w, enum theme_role role, int pad, const char *s);
int screen_putf(int y, int x, int w, enum theme_role role, int pad, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Put S from (Y, X) in W columns, wrapped at spaces, on at most MAXROWS
 * rows (the last one cut with "…"); returns the rows used. */
int screen_wrap(int y, int x, int w, enum theme_role role, int maxrows, const char *s);
/* The rows screen_wrap() would take for S in W columns. */
int screen_wrap_rows(int w, const char *s);
/* Fill W columns at (Y, X) with spaces of ROLE. */
void screen_fill(int y, int x, int w, enum theme_role role);

struct screen_key {
	const char *key;	/* "F1", "Enter" */
	const char *label;	/* "Help" */
};
/* The function-key bar on the last row. */
void screen_keybar(const struct screen_key *keys, size_t n);

/* A box of ROWS x COLS in the middle of the screen with TITLE, made smaller
 * to fit the screen; its top-left corner in *y, *x (inside the border).
 * Returns the columns inside it. */
int screen_box(int rows, int cols, const char *title, int *y, int *x);
/* A box of LINES (NULL-terminated groups, a blank row between groups) with
 * TITLE, each line wrapped to the box; when they do not fit, the last row
 * says so. */
void screen_help(const char *title, const char *const *const *groups);

/* Wait for a key (with the timeout set by screen_timeout()); KEY_RESIZE
 * and ERR (time-out) are returned as they are. */
int screen_key(void);
/* The character typed, when KEY (from screen_key) is a printable character,
 * else -1.  Characters that would collide with curses' key codes come back
 * from screen_key() above SCREEN_WIDE_CHAR. */
#define SCREEN_WIDE_CHAR 0x200000
int screen_char(int key);
/* The mouse, as keys from screen_key(): the wheel is Up/Down, a click on
 * the key bar is that key (F1, Enter...), any other click SCREEN_CLICK (a
 * double click SCREEN_DCLICK) on the row screen_click_y() tells. */
#define SCREEN_CLICK (SCREEN_WIDE_CHAR - 2)
#define SCREEN_DCLICK (SCREEN_WIDE_CHAR - 1)
int screen_click_y(void);
/* Interrupts.  The caller's signal handler records SIGINT, SIGTERM or
 * SIGHUP where SIGNO points (screen_watch, before screen_start: curses then
 * leaves those signals alone).  The terminal is in raw mode, so ^C is a
 * key, not a signal to every process of the terminal (libvirt's ssh
 * children among them); ^Z still suspends.  Once either comes,
 * screen_key() returns SCREEN_INTERRUPT at once, every time. */
#define SCREEN_INTERRUPT (SCREEN_WIDE_CHAR - 3)
void screen_watch(const atomic_int *signo);	/* read with atomic_load */
/* The signal that came (SIGINT for ^C typed), or 0. */
int screen_interrupted(void);
/* 1 after SIGHUP: the terminal is gone, nothing is written to it any more
 * (screen_refresh and screen_end do nothing). */
int screen_hangup(void);
/* refresh(), unless the terminal is gone. */
void screen_refresh(void);

/* How long screen_key() waits (-1: for ever); SCREEN_KEY_MS unless set. */
#define SCREEN_KEY_MS 200
void screen_timeout(int ms);


#endif

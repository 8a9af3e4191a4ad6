/* ui/theme.h — colour themes of the wizard, as data (no curses here).
 *
 * A theme gives every colour role a foreground, a background and
 * attributes.  Theme files are INI (virt-migrate.conf(5), THEME FILES):
 *
 *   [colors]
 *   title = white on blue bold
 *   cursor = reverse
 */
#ifndef VIRT_MIGRATE_THEME_H
#define VIRT_MIGRATE_THEME_H

#include <stddef.h>

/* role, what it colours */
#define THEME_ROLES(X) \
	X(normal, "ordinary text") \
	X(title, "the title bar") \
	X(tab, "the names of the steps") \
	X(tab_active, "the name of the current step") \
	X(heading, "headings and column names") \
	X(cursor, "the highlighted row") \
	X(chosen, "the chosen item of a list") \
	X(dim, "what cannot be chosen or does not apply") \
	X(ok, "verdict ok, success") \
	X(warning, "warnings") \
	X(error, "errors") \
	X(key, "key names of the function-key bar") \
	X(keylabel, "labels of the function-key bar") \
	X(bar, "the progress bar") \
	X(dialog, "dialogs and the help window") \
	X(input, "text being typed (filter, file name)")

enum theme_role {
#define X(name, what) THEME_##name,
	THEME_ROLES(X)
#undef X
	THEME_ROLE_COUNT
};

enum {
	THEME_BOLD = 1,
	THEME_REVERSE = 2,
	THEME_UNDERLINE = 4,
	THEME_DIM = 8,
};

#define THEME_COLOR_DEFAULT (-1)	/* the terminal's own colour */

struct theme_style {
	short fg, bg;		/* 0..7 (black..white) or THEME_COLOR_DEFAULT */
	unsigned attrs;		/* THEME_BOLD | ... */
};

struct theme {
	char name[64];
	int monochrome;		/* attributes only: no colour at all */
	struct theme_style roles[THEME_ROLE_COUNT];
};

const char *theme_role_name(enum theme_role r);

/* The built-in themes: "default" (colours) and "monochrome". */
void theme_builtin(struct theme *t);
void theme_monochrome(struct theme *t);

/* Parse theme TEXT (NAME used in messages) over a copy of the built-in
 * theme: roles not named keep their built-in style.  Returns 0, or -1 with
 * err = "NAME:LINE: what is wrong" and *t the built-in theme. */
int theme_parse_string(const char *text, const char *name, struct theme *t, char *err,
		       size_t errlen);
int theme_load_file(const char *path, struct theme *t, char *err, size_t errlen);

/* Theme NAME: a path when it holds a '/', else NAME.ini in the first of
 * DIRS (NULL-terminated) that has it; "default" and "monochrome" need no
 * file.  Returns 0, or -1 with err saying why and *t the built-in theme. */
int theme_load(const char *name, const char *const *dirs, struct theme *t, char *err,
	       size_t errlen);

#endif

/* ui/theme.c — colour themes as data: built-in ones and INI theme files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "theme.h"

static const char *const role_names[] = {
#define X(name, what) #name,
	THEME_ROLES(X)
#undef X
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned flag;
} attr_names[] = {
	{ "bold", THEME_BOLD },
	{ "reverse", THEME_REVERSE },
	{ "underline", THEME_UNDERLINE },
	{ "dim", THEME_DIM },
};

const char *theme_role_name(enum theme_role r)
{
	return r < THEME_ROLE_COUNT ? role_names[r] : "?";
}

#define D THEME_COLOR_DEFAULT
enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };

static const struct theme_style builtin_styles[THEME_ROLE_COUNT] = {
	[THEME_normal] = { D, D, 0 },
	[THEME_title] = { WHITE, BLUE, THEME_BOLD },
	[THEME_tab] = { D, D, 0 },
	[THEME_tab_active] = { BLACK, CYAN, THEME_BOLD },
	[THEME_heading] = { CYAN, D, THEME_BOLD },
	[THEME_cursor] = { BLACK, CYAN, 0 },
	[THEME_chosen] = { GREEN, D, THEME_BOLD },
	[THEME_dim] = { D, D, THEME_DIM },
	[THEME_ok] = { GREEN, D, 0 },
	[THEME_warning] = { YELLOW, D, THEME_BOLD },
	[THEME_error] = { RED, D, THEME_BOLD },
	[THEME_key] = { WHITE, BLACK, THEME_BOLD },
	[THEME_keylabel] = { BLACK, CYAN, 0 },
	[THEME_bar] = { BLACK, GREEN, 0 },
	[THEME_dialog] = { BLACK, WHITE, 0 },
	[THEME_input] = { WHITE, BLACK, THEME_UNDERLINE },
};

static const struct theme_style mono_styles[THEME_ROLE_COUNT] = {
	[THEME_normal] = { D, D, 0 },
	[THEME_title] = { D, D, THEME_REVERSE | THEME_BOLD },
	[THEME_tab] = { D, D, 0 },
	[THEME_tab_active] = { D, D, THEME_REVERSE },
	[THEME_heading] = { D, D, THEME_BOLD },
	[THEME_cursor] = { D, D, THEME_REVERSE },
	[THEME_chosen] = { D, D, THEME_BOLD },
	[THEME_dim] = { D, D, THEME_DIM },
	[THEME_ok] = { D, D, 0 },
	[THEME_warning] = { D, D, THEME_BOLD },
	[THEME_error] = { D, D, THEME_BOLD | THEME_UNDERLINE },
	[THEME_key] = { D, D, THEME_BOLD },
	[THEME_keylabel] = { D, D, THEME_REVERSE },
	[THEME_bar] = { D, D, THEME_REVERSE },
	[THEME_dialog] = { D, D, THEME_REVERSE },
	[THEME_input] = { D, D, THEME_UNDERLINE },
};
#undef D

void theme_builtin(struct theme *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "default");
	memcpy(t->roles, builtin_styles, sizeof(t->roles));
}

void theme_monochrome(struct theme *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "monochrome");
	t->monochrome = 1;
	memcpy(t->roles, mono_styles, sizeof(t->roles));
}

struct parse_ctx {
	const char *next;	/* the text not read yet */
	int line;		/* lines read */
	struct theme *t;
	const char *name;
	char *err;
	size_t errlen;
	int failed;
};

static int color_parse(const char *w, short *out)
{
	if (strcasecmp(w, "default") == 0) {
		*out = THEME_COLOR_DEFAULT;
		return 0;
	}
	for (size_t i = 0; i < sizeof(color_names) / sizeof(color_names[0]); i++)
		if (strcasecmp(w, color_names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
	return -1;
}

static int attr_parse(const char *w, unsigned *out)
{
	for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (strcasecmp(w, attr_names[i].name) == 0) {
			*out |= attr_names[i].flag;
			return 0;
		}
	return -1;
}

/* "FG [on BG] [ATTR...]" or "ATTR..." into *st; -1 with the bad word in BAD. */
static int style_parse(const char *value, struct theme_style *st, char *bad, size_t badlen)
{
	char buf[256], *save = NULL;
	struct theme_style s = { THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0 };
	int words = 0, want_bg = 0, have_fg = 0;

	snprintf(buf, sizeof(buf), "%s", value);
	for (char *w = strtok_r(buf, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		words++;
		if (want_bg) {
			if (color_parse(w, &s.bg) != 0)
				goto bad;
			want_bg = 0;
		} else if (strcasecmp(w, "on") == 0 && have_fg) {
			want_bg = 1;
		} else if (!have_fg && color_parse(w, &s.fg) == 0) {
			have_fg = 1;
		} else if (attr_parse(w, &s.attrs) != 0) {
			goto bad;
		}
		continue;
bad:
		snprintf(bad, badlen, "%s", w);
		return -1;
	}
	if (words == 0 || want_bg) {
		snprintf(bad, badlen, "%s", words ? "on" : "");
		return -1;
	}
	*st = s;
	return 0;
}

/* ini_parse_stream() reader over a string, counting lines for messages. */
static char *read_line(char *buf, int size, void *stream)
{
	struct parse_ctx *c = stream;
	const char *s = c->next;
	int n = 0;
	if (!s || !*s || size < 2)
		return NULL;
	while (s[n] && s[n] != '\n' && n < size - 2)
		n++;
	if (s[n] == '\n')
		n++;
	memcpy(buf, s, (size_t)n);
	buf[n] = '\0';
	c->next = s + n;
	c->line++;
	return buf;
}

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
	struct parse_ctx *c = user;
	int lineno = c->line;
	char bad[64];

	if (strcmp(section, "theme") == 0 && strcmp(key, "name") == 0) {
		snprintf(c->t->name, sizeof(c->t->name), "%s", value);
		return 1;
	}
	if (strcmp(section, "colors") != 0) {
		snprintf(c->err, c->errlen, "%s:%d: unknown section or key '[%s] %s'; a theme "
			 "has [colors] ROLE = FG on BG ATTRS, and [theme] name", c->name, lineno,
			 section, key);
		c->failed = 1;
		return 0;
	}
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		if (strcmp(key, role_names[r]) != 0)
			continue;
		if (style_parse(value, &c->t->roles[r], bad, sizeof(bad)) != 0) {
			snprintf(c->err, c->errlen, "%s:%d: role '%s': '%s' is neither a colour "
				 "(black, red, green, yellow, blue, magenta, cyan, white, default) "
				 "nor an attribute (bold, reverse, underline, dim)", c->name, lineno,
				 key, bad);
			c->failed = 1;
			return 0;
		}
		return 1;
	}
	snprintf(c->err, c->errlen, "%s:%d: unknown colour role '%s'; expected one of: "
		 "normal, title, tab, tab_active, heading, cursor, chosen, dim, ok, warning, "
		 "error, key, keylabel, bar, dialog, input", c->name, lineno, key);
	c->failed = 1;
	return 0;
}

int theme_parse_string(const char *text, const char *name, struct theme *t, char *err,
		       size_t errlen)
{
	struct parse_ctx c = { text, 0, t, name, err, errlen, 0 };
	theme_builtin(t);
	if (err && errlen)
		err[0] = '\0';
	int line = ini_parse_stream(read_line, &c, on_entry, &c);
	if (line != 0 || c.failed) {
		if (!c.failed)
			snprintf(err, errlen, "%s:%d: not an INI line (expected [section] or "
				 "key = value)", name, line);
		theme_builtin(t);
		return -1;
	}
	return 0;
}

#define THEME_MAX_BYTES (64 * 1024)

int theme_load_file(const char *path, struct theme *t, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *text = NULL;
	ssize_t got = 0;
	size_t len = 0;

	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		theme_builtin(t);
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file; a theme is an INI file "
			 "(virt-migrate.conf(5), THEME FILES)", path);
		goto fail;
	}
	if (st.st_size > THEME_MAX_BYTES) {
		snprintf(err, errlen, "%s: %lld bytes, more than a theme's %d; is it the right "
			 "file?", path, (long long)st.st_size, THEME_MAX_BYTES);
		goto fail;
	}
	text = malloc(THEME_MAX_BYTES + 2);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	while (len <= THEME_MAX_BYTES &&
	       (got = read(fd, text + len, THEME_MAX_BYTES + 1 - len)) > 0)
		len += (size_t)got;
	if (got < 0 || len > THEME_MAX_BYTES) {
		snprintf(err, errlen, "%s: %s", path, got < 0 ? strerror(errno) :
			 "grew past a theme's size while being read");
		goto fail;
	}
	close(fd);
	text[len] = '\0';
	int rc = theme_parse_string(text, path, t, err, errlen);
	free(text);
	return rc;
fail:
	close(fd);
	free(text);
	theme_builtin(t);
	return -1;
}

static int name_ok(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

int theme_load(const char *name, const char *const *dirs, struct theme *t, char *err,
	       size_t errlen)
{
	char path[4096];
	if (err && errlen)
		err[0] = '\0';
	if (!name || !*name)
		name = "default";
	if (strchr(name, '/'))
		return theme_load_file(name, t, err, errlen);
	if (!name_ok(name)) {
		snprintf(err, errlen, "theme '%s': a theme name has letters, digits, '-' and '_' "
			 "only", name);
		theme_builtin(t);
		return -1;
	}
	for (size_t i = 0; dirs && dirs[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s.ini", dirs[i], name);
		if (access(path, F_OK) == 0)
			return theme_load_file(path, t, err, errlen);
	}
	if (strcmp(name, "monochrome") == 0) {
		theme_monochrome(t);
		return 0;
	}
	theme_builtin(t);
	if (strcmp(name, "default") == 0)
		return 0;
	snprintf(err, errlen, "theme '%s': no file %s.ini in the theme directories", name, name);
	return -1;
}

/* tests/fuzz/fuzz_theme.c — libFuzzer harness for the theme parser
 * (ui/theme.c, theme_parse_string()).  Input is cut at its first NUL (the
 * parser takes a C string).  A parse either succeeds with every role in
 * range or fails with a one-line message naming "fuzz.ini" and leaves the
 * built-in theme; a crash, a sanitizer report or a leak is a finding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../ui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int style_ok(const struct theme_style *s)
{
	return s->fg >= THEME_COLOR_DEFAULT && s->fg <= 7 && s->bg >= THEME_COLOR_DEFAULT &&
	       s->bg <= 7 &&
	       (s->attrs & ~(unsigned)(THEME_BOLD | THEME_REVERSE | THEME_UNDERLINE | THEME_DIM)) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[512];
	struct theme t, builtin;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	if (theme_parse_string(text, "fuzz.ini", &t, err, sizeof(err)) == 0) {
		for (int r = 0; r < THEME_ROLE_COUNT; r++)
			if (!style_ok(&t.roles[r]))
				abort();
	} else {
		if (strncmp(err, "fuzz.ini", 8) != 0 || strchr(err, '\n'))
			abort();
		theme_builtin(&builtin);
		if (memcmp(builtin.roles, t.roles, sizeof(t.roles)) != 0)
			abort();
	}
	if (memchr(t.name, '\0', sizeof(t.name)) == NULL)
		abort();
	free(text);
	return 0;
}

/* tests/unit/test_cli_clip.c — a progress line cut to the terminal's width
 * (src/cli_clip.c, compiled in here: src/ is not part of the unit binary). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../src/cli_clip.c"

/* What cli_clip writes for S at WIDTH, into BUF. */
static const char *clipped(const char *s, int width, char *buf, size_t len)
{
	memset(buf, 0, len);	/* fmemopen writes no NUL when nothing is written */
	FILE *m = fmemopen(buf, len, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	cli_clip(m, s, width);
	fclose(m);
	return buf;
}

static void test_ascii(void)
{
	char b[256];

	CU_ASSERT_STRING_EQUAL(clipped("[  1.0s] memory 40%", 79, b, sizeof b), "[  1.0s] memory 40%");
	CU_ASSERT_STRING_EQUAL(clipped("[  1.0s] memory 40%", 8, b, sizeof b), "[  1.0s]");
	CU_ASSERT_STRING_EQUAL(clipped("abc", 3, b, sizeof b), "abc");
	CU_ASSERT_STRING_EQUAL(clipped("abc", 0, b, sizeof b), "");
	CU_ASSERT_STRING_EQUAL(clipped("", 10, b, sizeof b), "");
}

/* A VM's name in UTF-8: never cut inside a character; a wide one counts two. */
static void test_utf8(void)
{
	char b[256];
	const char *prev = setlocale(LC_CTYPE, NULL);
	char *saved = prev ? strdup(prev) : NULL;

	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		free(saved);
		CU_FAIL("no C.UTF-8 locale");
		return;
	}
	/* "[vmé] x": é is two bytes, one column */
	CU_ASSERT_STRING_EQUAL(clipped("[vm\xc3\xa9] x", 5, b, sizeof b), "[vm\xc3\xa9]");
	CU_ASSERT_STRING_EQUAL(clipped("[vm\xc3\xa9] x", 4, b, sizeof b), "[vm\xc3\xa9");
	CU_ASSERT_STRING_EQUAL(clipped("[vm\xc3\xa9] x", 3, b, sizeof b), "[vm");
	/* 漢 (three bytes) takes two columns: at 4 columns "a漢" fits, "a漢b" does not */
	CU_ASSERT_STRING_EQUAL(clipped("a\xe6\xbc\xa2" "bc", 3, b, sizeof b), "a\xe6\xbc\xa2");
	CU_ASSERT_STRING_EQUAL(clipped("a\xe6\xbc\xa2" "bc", 2, b, sizeof b), "a");
	/* a stray byte counts one column and is kept whole */
	CU_ASSERT_STRING_EQUAL(clipped("a\xff" "bc", 2, b, sizeof b), "a\xff");
	setlocale(LC_CTYPE, saved ? saved : "C");
	free(saved);
}

int test_cli_clip_register(void);
int test_cli_clip_register(void)
{
	static const struct unit_test tests[] = {
		{ "ascii", test_ascii },
		{ "utf8", test_utf8 },
		{ NULL, NULL },
	};
	return unit_add_suite("cli_clip", tests);
}

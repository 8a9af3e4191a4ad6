/* tests/unit/test_theme.c — suite "theme": theme files parsed into styles,
 * and every kind of broken file falling back to the built-in theme with a
 * message naming the file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "../../ui/theme.h"

static void test_builtin(void)
{
	struct theme t, m;
	theme_builtin(&t);
	theme_monochrome(&m);
	CU_ASSERT_STRING_EQUAL(t.name, "default");
	CU_ASSERT_FALSE(t.monochrome);
	CU_ASSERT_TRUE(m.monochrome);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		CU_ASSERT_EQUAL(m.roles[r].fg, THEME_COLOR_DEFAULT);
		CU_ASSERT_EQUAL(m.roles[r].bg, THEME_COLOR_DEFAULT);
	}
	/* the cursor stays visible without colour */
	CU_ASSERT_TRUE(m.roles[THEME_cursor].attrs & THEME_REVERSE);
	CU_ASSERT_STRING_EQUAL(theme_role_name(THEME_tab_active), "tab_active");
}

static void test_parse(void)
{
	struct theme t;
	char err[512];
	const char *text =
		"; a theme\n"
		"[theme]\n"
		"name = night\n"
		"[colors]\n"
		"title = yellow on black bold\n"
		"cursor = reverse\n"
		"error = RED underline dim\n"
		"bar = default on green\n";
	CU_ASSERT_EQUAL(theme_parse_string(text, "night.ini", &t, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_STRING_EQUAL(t.name, "night");
	CU_ASSERT_EQUAL(t.roles[THEME_title].fg, 3);
	CU_ASSERT_EQUAL(t.roles[THEME_title].bg, 0);
	CU_ASSERT_EQUAL(t.roles[THEME_title].attrs, THEME_BOLD);
	CU_ASSERT_EQUAL(t.roles[THEME_cursor].fg, THEME_COLOR_DEFAULT);
	CU_ASSERT_EQUAL(t.roles[THEME_cursor].attrs, THEME_REVERSE);
	CU_ASSERT_EQUAL(t.roles[THEME_error].fg, 1);
	CU_ASSERT_EQUAL(t.roles[THEME_error].attrs, THEME_UNDERLINE | THEME_DIM);
	CU_ASSERT_EQUAL(t.roles[THEME_bar].fg, THEME_COLOR_DEFAULT);
	CU_ASSERT_EQUAL(t.roles[THEME_bar].bg, 2);
	/* a role not named keeps the built-in style */
	struct theme b;
	theme_builtin(&b);
	CU_ASSERT_EQUAL(memcmp(&t.roles[THEME_heading], &b.roles[THEME_heading],
			       sizeof(b.roles[0])), 0);
}

static void expect_broken(const char *text, const char *want)
{
	struct theme t, b;
	char err[512];
	theme_builtin(&b);
	CU_ASSERT_EQUAL(theme_parse_string(text, "bad.ini", &t, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	if (!strstr(err, want))
		fprintf(stderr, "\n  got: %s\n  want: %s\n", err, want);
	CU_ASSERT_EQUAL(memcmp(&t, &b, sizeof(t)), 0);	/* the built-in theme */
}

static void test_broken(void)
{
	expect_broken("[colors]\ntitle = purple on black\n", "bad.ini:2: role 'title': 'purple'");
	expect_broken("[colors]\n\ncursor = red on\n", "bad.ini:3: role 'cursor'");
	expect_broken("[colors]\nshadow = red\n", "bad.ini:2: unknown colour role 'shadow'");
	expect_broken("[colours]\ntitle = red\n", "bad.ini:2: unknown section or key");
	expect_broken("[colors]\nthis is not ini\n", "bad.ini:2: not an INI line");
	expect_broken("[colors]\ntitle = red blink\n", "'blink'");
}

static void test_load(void)
{
	char dir[] = "/tmp/theme-test-XXXXXX", path[600], err[512];
	struct theme t;
	const char *dirs[] = { NULL, NULL };
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	dirs[0] = dir;
	snprintf(path, sizeof(path), "%s/green.ini", dir);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("[colors]\nnormal = green\n", f);
	fclose(f);

	CU_ASSERT_EQUAL(theme_load("green", dirs, &t, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(t.roles[THEME_normal].fg, 2);
	CU_ASSERT_EQUAL(theme_load(path, NULL, &t, err, sizeof(err)), 0);	/* a path */
	CU_ASSERT_EQUAL(t.roles[THEME_normal].fg, 2);
	/* built-in names need no file */
	CU_ASSERT_EQUAL(theme_load("default", dirs, &t, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(theme_load(NULL, dirs, &t, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(theme_load("monochrome", dirs, &t, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(t.monochrome);
	/* unknown and malformed names: the built-in theme, and why */
	CU_ASSERT_EQUAL(theme_load("nosuch", dirs, &t, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no file nosuch.ini"));
	CU_ASSERT_STRING_EQUAL(t.name, "default");
	CU_ASSERT_EQUAL(theme_load("../x", dirs, &t, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(theme_load("a b", dirs, &t, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "letters, digits"));
	snprintf(path, sizeof(path), "%s/missing.ini", dir);
	CU_ASSERT_EQUAL(theme_load(path, NULL, &t, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read"));
	/* a directory, or a file far too big for a theme: refused, built-in theme */
	CU_ASSERT_EQUAL(theme_load(dir, NULL, &t, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file"));
	CU_ASSERT_STRING_EQUAL(t.name, "default");
	snprintf(path, sizeof(path), "%s/huge.ini", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (int i = 0; i < 10000; i++)
		fputs("; a comment line, many times\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(theme_load(path, NULL, &t, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "more than a theme's"));
	unlink(path);

	snprintf(path, sizeof(path), "%s/green.ini", dir);
	unlink(path);
	rmdir(dir);
}

/* The theme files shipped in themes/ all parse. */
static void test_shipped(void)
{
	static const char *const names[] = { "default", "dark", "light", "high-contrast",
					     "monochrome" };
	const char *dirs[] = { "themes", "../themes", "../../themes", NULL };
	char err[512];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct theme t;
		char path[64];
		snprintf(path, sizeof(path), "themes/%s.ini", names[i]);
		if (access(path, R_OK) != 0)
			continue;	/* run from elsewhere than the top directory */
		int rc = theme_load(names[i], dirs, &t, err, sizeof(err));
		CU_ASSERT_EQUAL(rc, 0);
		if (rc)
			fprintf(stderr, "\n  %s\n", err);
	}
}

int test_theme_register(void);
int test_theme_register(void)
{
	static const struct unit_test tests[] = {
		{ "built-in themes", test_builtin },
		{ "a theme file", test_parse },
		{ "broken theme files fall back to the built-in theme", test_broken },
		{ "theme names, paths and directories", test_load },
		{ "the shipped themes parse", test_shipped },
		{ NULL, NULL },
	};
	return unit_add_suite("theme", tests);
}

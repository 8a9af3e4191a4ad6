/* tests/unit/test_cli_suggest.c — "did you mean" (src/cli_suggest.c): the
 * edit distance, and the one suggestion it gives.  src/ is not part of the
 * unit binary, so the file is compiled in here: it depends only on the
 * engine's engine/suggest.c, which the unit binary links (test_suggest.c). */
#include <string.h>

#include "unit.h"
#include "../../src/cli_suggest.c"

static size_t dist(const char *a, const char *b)
{
	return cli_suggest_distance(a, b, 10);
}

static void test_distance(void)
{
	CU_ASSERT_EQUAL(dist("move", "move"), 0);
	CU_ASSERT_EQUAL(dist("", ""), 0);
	CU_ASSERT_EQUAL(dist("", "abc"), 3);
	CU_ASSERT_EQUAL(dist("abc", ""), 3);
	CU_ASSERT_EQUAL(dist("mvoe", "move"), 1);	/* two neighbours swapped: one edit */
	CU_ASSERT_EQUAL(dist("hots", "host"), 1);
	CU_ASSERT_EQUAL(dist("mve", "move"), 1);	/* left out */
	CU_ASSERT_EQUAL(dist("moove", "move"), 1);	/* added */
	CU_ASSERT_EQUAL(dist("mave", "move"), 1);	/* changed */
	CU_ASSERT_EQUAL(dist("MOVE", "move"), 0);	/* case is no edit */
	CU_ASSERT_EQUAL(dist("kitten", "sitting"), 3);
	CU_ASSERT_EQUAL(dist("ca", "abc"), 3);		/* restricted: no edit of a swapped pair */
	CU_ASSERT_EQUAL(dist("dryrun", "dry-run"), 1);
}

static void test_distance_limit(void)
{
	/* past the limit: limit + 1, whatever the real distance */
	CU_ASSERT_EQUAL(cli_suggest_distance("a", "abcdefgh", 2), 3);
	CU_ASSERT_EQUAL(cli_suggest_distance("abcdefgh", "hgfedcba", 2), 3);
	CU_ASSERT_EQUAL(cli_suggest_distance("abcd", "abxy", 2), 2);
	/* too long to compare: never a match */
	char long_word[200];
	memset(long_word, 'a', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	CU_ASSERT_EQUAL(cli_suggest_distance(long_word, long_word, 2), 3);
}

static const char *best(const char *word, const char *const *cands)
{
	struct cli_suggest s;

	cli_suggest_init(&s, word);
	for (; *cands; cands++)
		cli_suggest_add(&s, *cands);
	return cli_suggest_best(&s);
}

static void test_best(void)
{
	static const char *const cmds[] = { "hosts", "vms", "check", "move", "replay", "recover",
					    "evc", "wizard", "help", NULL };
	static const char *const opts[] = { "host", "kind", "datastore", "disk", "format",
					    "network", "priority", "dry-run", "delete-source", NULL };
	static const char *const tie[] = { "abcd", "abce", NULL };

	CU_ASSERT_STRING_EQUAL(best("mvoe", cmds), "move");
	CU_ASSERT_STRING_EQUAL(best("chekc", cmds), "check");
	CU_ASSERT_STRING_EQUAL(best("host", cmds), "hosts");
	CU_ASSERT_STRING_EQUAL(best("hots", opts), "host");
	CU_ASSERT_STRING_EQUAL(best("dryrun", opts), "dry-run");
	CU_ASSERT_PTR_NULL(best("nosuch", cmds));	/* more than two edits from all */
	CU_ASSERT_PTR_NULL(best("x", cmds));		/* as many edits as letters */
	CU_ASSERT_PTR_NULL(best("ab", cmds));
	CU_ASSERT_PTR_NULL(best("abcf", tie));		/* two equally close: none */
	CU_ASSERT_STRING_EQUAL(best("abcd", tie), "abcd");
	CU_ASSERT_PTR_NULL(best("", cmds));
}

static void test_nothing_offered(void)
{
	struct cli_suggest s;

	cli_suggest_init(&s, "move");
	CU_ASSERT_PTR_NULL(cli_suggest_best(&s));
	cli_suggest_add(&s, NULL);
	CU_ASSERT_PTR_NULL(cli_suggest_best(&s));
	/* the same name twice is no tie */
	cli_suggest_add(&s, "mvoe");
	cli_suggest_add(&s, "mvoe");
	CU_ASSERT_STRING_EQUAL(cli_suggest_best(&s), "mvoe");
}

int test_cli_suggest_register(void);
int test_cli_suggest_register(void)
{
	static const struct unit_test tests[] = {
		{ "distance", test_distance },
		{ "distance_limit", test_distance_limit },
		{ "best", test_best },
		{ "nothing_offered", test_nothing_offered },
		{ NULL, NULL },
	};
	return unit_add_suite("cli_suggest", tests);
}

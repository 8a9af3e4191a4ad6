/* tests/unit/test_suggest.c — suite "suggest": "did you mean" of the engine
 * (engine/suggest.c): the edit distance, the few closest names, and the
 * sentence the checks' hints begin with. */
#include <string.h>

#include "unit.h"
#include "../../engine/suggest.h"

static size_t dist(const char *a, const char *b)
{
	return suggest_distance(a, b, 10);
}

/* The sentence for WORD among the NULL-terminated CANDS, in a buffer of SIZE. */
static const char *sentence(const char *word, const char *const *cands, size_t size)
{
	static char buf[512];
	struct suggest s;

	suggest_init(&s, word);
	for (; *cands; cands++)
		suggest_add(&s, *cands);
	return suggest_sentence(&s, buf, size < sizeof buf ? size : sizeof buf);
}

static void test_distance(void)
{
	CU_ASSERT_EQUAL(dist("vm1", "vm1"), 0);
	CU_ASSERT_EQUAL(dist("", ""), 0);
	CU_ASSERT_EQUAL(dist("", "vm1"), 3);
	CU_ASSERT_EQUAL(dist("vm11", "vm1"), 1);	/* one added */
	CU_ASSERT_EQUAL(dist("vm", "vm1"), 1);		/* one left out */
	CU_ASSERT_EQUAL(dist("vm2", "vm1"), 1);		/* one changed */
	CU_ASSERT_EQUAL(dist("kitten", "sitting"), 3);
	CU_ASSERT_EQUAL(dist("local2", "local"), 1);
	CU_ASSERT_EQUAL(suggest_distance("abcdefgh", "a", 2), 3);	/* past the limit */
}

static void test_transposition(void)
{
	CU_ASSERT_EQUAL(dist("vmnte", "vmnet"), 1);	/* two neighbours swapped: one edit */
	CU_ASSERT_EQUAL(dist("lcoal", "local"), 1);
	CU_ASSERT_EQUAL(dist("1mv", "vm1"), 2);		/* not neighbours: two */
	CU_ASSERT_EQUAL(dist("ca", "abc"), 3);		/* restricted: a swapped pair is not edited again */
}

static void test_case(void)
{
	CU_ASSERT_EQUAL(dist("VM1", "vm1"), 0);		/* case is no edit */
	CU_ASSERT_EQUAL(dist("Shared-NFS", "shared-nfs"), 0);
	CU_ASSERT_EQUAL(dist("VMNTE", "vmnet"), 1);
	static const char *const pools[] = { "shared", "local", NULL };
	CU_ASSERT_STRING_EQUAL(sentence("LOCAL", pools, 512), "Did you mean 'local'? ");
}

static void test_closest_first(void)
{
	static const char *const vms[] = { "web1", "vm2", "vm1", "db1", NULL };
	static const char *const more[] = { "vm2", "vm12", "vm10", "vm1", "vm100", "web1", NULL };
	struct suggest s;

	CU_ASSERT_STRING_EQUAL(sentence("vm11", (const char *const[]){ "vm1", NULL }, 512),
			       "Did you mean 'vm1'? ");
	/* vm1 is one edit away, vm2 two: closest first */
	CU_ASSERT_STRING_EQUAL(sentence("vm11", vms, 512), "Did you mean 'vm1' or 'vm2'? ");
	/* four within reach, three kept: the closest ones, equally close ones in byte order */
	CU_ASSERT_STRING_EQUAL(sentence("vm11", more, 512),
			       "Did you mean 'vm1', 'vm10' or 'vm12'? ");
	suggest_init(&s, "vm11");
	for (const char *const *c = more; *c; c++)
		suggest_add(&s, *c);
	CU_ASSERT_EQUAL(s.count, SUGGEST_MAX_NAMES);
	CU_ASSERT_EQUAL(s.dists[0], 1);
	CU_ASSERT_EQUAL(s.dists[2], 1);
}

static void test_ties(void)
{
	static const char *const hosts[] = { "kvm2", "kvm1", NULL };
	static const char *const twice[] = { "vm1", "vm1", "vm1", NULL };
	struct suggest s;

	/* equally close: both, in byte order whatever order they came in */
	CU_ASSERT_STRING_EQUAL(sentence("kvm3", hosts, 512), "Did you mean 'kvm1' or 'kvm2'? ");
	/* one name offered many times (VMs of the same name on two hosts) is one name */
	CU_ASSERT_STRING_EQUAL(sentence("vm11", twice, 512), "Did you mean 'vm1'? ");
	/* the command line wants one name: a tie gives none */
	suggest_init(&s, "kvm3");
	suggest_add(&s, "kvm1");
	suggest_add(&s, "kvm2");
	CU_ASSERT_PTR_NULL(suggest_best(&s));
	suggest_add(&s, "kvm3x");	/* closer than neither */
	CU_ASSERT_PTR_NULL(suggest_best(&s));
	suggest_init(&s, "kvm3");
	suggest_add(&s, "kvm1");
	suggest_add(&s, "kvm");		/* one edit too, but... */
	suggest_add(&s, "KVM3");	/* ...this one is none */
	CU_ASSERT_STRING_EQUAL(suggest_best(&s), "KVM3");
}

static void test_nothing_close(void)
{
	static const char *const pools[] = { "shared", "local", NULL };
	static const char *const one[] = { "a", "b", NULL };
	struct suggest s;
	char buf[64] = "untouched";

	CU_ASSERT_STRING_EQUAL(sentence("nosuchpool", pools, 512), "");
	CU_ASSERT_STRING_EQUAL(sentence("lxcxlx", pools, 512), "");	/* three edits */
	CU_ASSERT_STRING_EQUAL(sentence("x", one, 512), "");		/* as many edits as letters */
	CU_ASSERT_STRING_EQUAL(sentence("", pools, 512), "");
	suggest_init(&s, "vm1");
	suggest_add(&s, NULL);
	CU_ASSERT_EQUAL(s.count, 0);
	CU_ASSERT_PTR_NULL(suggest_best(&s));
	CU_ASSERT_STRING_EQUAL(suggest_sentence(&s, buf, sizeof buf), "");
	suggest_init(&s, NULL);		/* nothing typed */
	suggest_add(&s, "vm1");
	CU_ASSERT_EQUAL(s.count, 0);
}

static void test_long_names(void)
{
	char a[SUGGEST_WORD_MAX + 1], b[SUGGEST_WORD_MAX + 1], big[300], big2[300];

	/* as long as a name is compared: one typo is still one edit */
	memset(a, 'v', sizeof a - 1);
	a[sizeof a - 1] = '\0';
	memcpy(b, a, sizeof b);
	b[40] = 'w';
	CU_ASSERT_EQUAL(dist(a, b), 1);
	const char *const cands[] = { b, NULL };
	CU_ASSERT_PTR_NOT_NULL(strstr(sentence(a, cands, 512), b));
	/* longer: never compared, never suggested */
	memset(big, 'v', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big2, big, sizeof big2);
	big2[40] = 'w';
	CU_ASSERT_EQUAL(suggest_distance(big, big2, 2), 3);
	CU_ASSERT_EQUAL(suggest_distance(big, big, 2), 3);
	const char *const bigs[] = { big2, NULL };
	CU_ASSERT_STRING_EQUAL(sentence(big, bigs, 512), "");
	/* names longer than the room for them: as many as fit whole, else none */
	const char *const two[] = { "vm1", b, NULL };
	CU_ASSERT_STRING_EQUAL(sentence("vm11", two, 512), "Did you mean 'vm1'? ");
	const char *const both[] = { b, a, NULL };	/* a is 0 edits from itself, b 1 */
	char want[200];
	strcpy(want, "Did you mean '");
	strcat(want, a);
	strcat(want, "'? ");
	CU_ASSERT_STRING_EQUAL(sentence(a, both, 160), want);	/* two do not fit in 160 */
	CU_ASSERT_STRING_EQUAL(sentence(a, both, 100), "");	/* not even one */
	CU_ASSERT_STRING_EQUAL(sentence("vm11", (const char *const[]){ "vm1", NULL }, 21),
			       "Did you mean 'vm1'? ");	/* 20 characters and the NUL */
	CU_ASSERT_STRING_EQUAL(sentence("vm11", (const char *const[]){ "vm1", NULL }, 20), "");
}

int test_suggest_register(void);
int test_suggest_register(void)
{
	static const struct unit_test tests[] = {
		{ "distance: added, left out, changed", test_distance },
		{ "distance: two neighbours swapped are one edit", test_transposition },
		{ "case is no edit", test_case },
		{ "closest first, at most three", test_closest_first },
		{ "ties: byte order, one name once, none for the command line", test_ties },
		{ "nothing close: no sentence", test_nothing_close },
		{ "long names", test_long_names },
		{ NULL, NULL },
	};
	return unit_add_suite("suggest", tests);
}

/* tests/unit/test_plan.c — suite "plan": names, parsing, choices, freeing. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../engine/engine.h"

static void test_kind_round_trip(void)
{
	for (int k = 0; k < PLAN_KIND_COUNT; k++) {
		enum plan_kind back = PLAN_KIND_COUNT;

		CU_ASSERT_EQUAL(plan_kind_parse(plan_kind_name((enum plan_kind)k), &back), 0);
		CU_ASSERT_EQUAL(back, k);
		CU_ASSERT_PTR_NOT_NULL(plan_kind_title((enum plan_kind)k));
	}
	CU_ASSERT_STRING_EQUAL(plan_kind_name(PLAN_KIND_BOTH), "both");
	CU_ASSERT_STRING_EQUAL(plan_kind_title(PLAN_KIND_STORAGE), "Change storage only");
	CU_ASSERT_STRING_EQUAL(plan_kind_title(PLAN_KIND_BOTH),
			       "Change both compute resource and storage");
	enum plan_kind k = PLAN_KIND_BOTH;

	CU_ASSERT_EQUAL(plan_kind_parse("Compute", &k), 0);
	CU_ASSERT_EQUAL(k, PLAN_KIND_COMPUTE);
	CU_ASSERT_EQUAL(plan_kind_parse("vmotion", &k), -1);
	CU_ASSERT_EQUAL(k, PLAN_KIND_COMPUTE);		/* untouched on failure */
	CU_ASSERT_EQUAL(plan_kind_parse(NULL, &k), -1);
	CU_ASSERT_STRING_EQUAL(plan_kind_name(PLAN_KIND_COUNT), "unknown");
}

static void test_format_priority_round_trip(void)
{
	for (int f = 0; f < PLAN_FORMAT_COUNT; f++) {
		enum plan_format back = PLAN_FORMAT_COUNT;

		CU_ASSERT_EQUAL(plan_format_parse(plan_format_name((enum plan_format)f), &back), 0);
		CU_ASSERT_EQUAL(back, f);
	}
	for (int p = 0; p < PLAN_PRIORITY_COUNT; p++) {
		enum plan_priority back = PLAN_PRIORITY_COUNT;

		CU_ASSERT_EQUAL(plan_priority_parse(plan_priority_name((enum plan_priority)p),
						    &back), 0);
		CU_ASSERT_EQUAL(back, p);
	}
	CU_ASSERT_STRING_EQUAL(plan_format_name(PLAN_FORMAT_THICK), "thick");
	CU_ASSERT_STRING_EQUAL(plan_priority_name(PLAN_PRIORITY_HIGH), "high");
	CU_ASSERT_EQUAL(plan_format_parse("thinner", NULL), -1);
	CU_ASSERT_EQUAL(plan_priority_parse("", NULL), -1);
}

static void test_disks(void)
{
	struct plan p = { .datastore = strdup("shared"), .format = PLAN_FORMAT_THIN };

	CU_ASSERT_STRING_EQUAL(plan_disk_datastore(&p, "vda"), "shared");
	CU_ASSERT_EQUAL(plan_disk_format(&p, "vda"), PLAN_FORMAT_THIN);
	CU_ASSERT_EQUAL(plan_add_disk(&p, "vda", "local", PLAN_FORMAT_THICK), 0);
	CU_ASSERT_EQUAL(plan_add_disk(&p, "vdb", NULL, PLAN_FORMAT_SAME), 0);
	CU_ASSERT_STRING_EQUAL(plan_disk_datastore(&p, "vda"), "local");
	CU_ASSERT_EQUAL(plan_disk_format(&p, "vda"), PLAN_FORMAT_THICK);
	CU_ASSERT_STRING_EQUAL(plan_disk_datastore(&p, "vdb"), "shared");	/* no own choice */
	CU_ASSERT_EQUAL(plan_disk_format(&p, "vdb"), PLAN_FORMAT_SAME);
	CU_ASSERT_STRING_EQUAL(plan_disk_datastore(&p, "vdc"), "shared");
	/* a second choice for vda replaces the first */
	CU_ASSERT_EQUAL(plan_add_disk(&p, "vda", "fast", PLAN_FORMAT_SAME), 0);
	CU_ASSERT_EQUAL(p.ndisks, 2);
	CU_ASSERT_STRING_EQUAL(plan_disk_datastore(&p, "vda"), "fast");
	CU_ASSERT_EQUAL(plan_add_disk(&p, NULL, "x", PLAN_FORMAT_SAME), -1);
	CU_ASSERT_EQUAL(plan_add_disk(&p, "vdd", "x", PLAN_FORMAT_COUNT), -1);
	plan_free(&p);
	CU_ASSERT_PTR_NULL(p.disks);
	CU_ASSERT_EQUAL(p.ndisks, 0);
	CU_ASSERT_PTR_NULL(plan_disk_datastore(&p, "vda"));
	CU_ASSERT_PTR_NULL(plan_disk_datastore(NULL, "vda"));
}

static void test_nets(void)
{
	struct plan p = { 0 };

	CU_ASSERT_STRING_EQUAL(plan_net_target(&p, "default"), "default");
	CU_ASSERT_EQUAL(plan_add_net(&p, "default", "lan"), 0);
	CU_ASSERT_EQUAL(plan_add_net(&p, "dmz", "lan2"), 0);
	CU_ASSERT_EQUAL(plan_add_net(&p, "default", "lan3"), 0);	/* replaces */
	CU_ASSERT_EQUAL(p.nnets, 2);
	CU_ASSERT_STRING_EQUAL(plan_net_target(&p, "default"), "lan3");
	CU_ASSERT_STRING_EQUAL(plan_net_target(&p, "dmz"), "lan2");
	CU_ASSERT_STRING_EQUAL(plan_net_target(&p, "other"), "other");
	CU_ASSERT_EQUAL(plan_add_net(&p, "x", NULL), -1);
	plan_free(&p);
}

static void test_is_live(void)
{
	static const struct {
		enum inv_vm_state state;
		int live;
	} cases[] = {
		{ INV_VM_RUNNING, 1 }, { INV_VM_PAUSED, 1 }, { INV_VM_SHUTOFF, 0 },
		{ INV_VM_SUSPENDED, 0 }, { INV_VM_OTHER, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct inv_vm vm = { .state = cases[i].state };

		CU_ASSERT_EQUAL(plan_is_live(&vm), cases[i].live);
	}
	CU_ASSERT_EQUAL(plan_is_live(NULL), 0);
}

static void test_free_partial(void)
{
	struct plan p = { .vm = strdup("vm1") };

	plan_free(&p);				/* only a name */
	CU_ASSERT_PTR_NULL(p.vm);
	plan_free(&p);				/* twice */
	plan_free(NULL);

	struct plan q = { 0 };

	q.disks = calloc(2, sizeof(*q.disks));	/* array half filled */
	q.ndisks = 1;
	q.disks[0].target = strdup("vda");
	q.target = strdup("b");
	plan_free(&q);
	CU_ASSERT_PTR_NULL(q.target);

	struct plan r = { .ndisks = 3, .nnets = 2 };	/* counts without arrays */

	plan_free(&r);
	CU_ASSERT_EQUAL(r.ndisks, 0);
}

static const struct unit_test tests[] = {
	{ "kind names and parsing round trip", test_kind_round_trip },
	{ "format and priority round trip", test_format_priority_round_trip },
	{ "per-disk datastores and formats", test_disks },
	{ "network reassignments", test_nets },
	{ "plan_is_live", test_is_live },
	{ "plan_free on partial plans", test_free_partial },
	{ NULL, NULL }
};

int test_plan_register(void);
int test_plan_register(void)
{
	return unit_add_suite("plan", tests);
}

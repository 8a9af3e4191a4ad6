/* tests/unit/test_jobmon.c — the NBD client nodes read from QEMU's reply to
 * query-yank (engine/jobmon.c), which the tool cuts when a lost target holds
 * an aborted shared-nothing migration. */
#include <string.h>

#include "unit.h"
#include "../../engine/migration_int.h"

static void test_reply_of_a_migration(void)
{
	/* as QEMU 7.2 answered during a shared-nothing migration in the lab */
	const char *reply = "{\"return\":[{\"type\":\"chardev\",\"id\":\"charmonitor\"},"
			    "{\"node-name\":\"migration-vda-storage\",\"type\":\"block-node\"}],"
			    "\"id\":\"libvirt-438\"}";
	char names[4][32];
	CU_ASSERT_EQUAL(jobmon_yank_nodes(reply, names, 4), 1);
	CU_ASSERT_STRING_EQUAL(names[0], "migration-vda-storage");
}

static void test_several_and_spaces(void)
{
	const char *reply = "{\"return\": [{\"type\": \"block-node\", \"node-name\": \"a\"}, "
			    "{\"type\": \"block-node\", \"node-name\" : \"b.c_d-9\"}]}";
	char names[4][32];
	CU_ASSERT_EQUAL(jobmon_yank_nodes(reply, names, 4), 2);
	CU_ASSERT_STRING_EQUAL(names[0], "a");
	CU_ASSERT_STRING_EQUAL(names[1], "b.c_d-9");
	CU_ASSERT_EQUAL(jobmon_yank_nodes(reply, names, 1), 1);
}

static void test_none_and_hostile(void)
{
	char names[4][32];
	CU_ASSERT_EQUAL(jobmon_yank_nodes("{\"return\":[]}", names, 4), 0);
	CU_ASSERT_EQUAL(jobmon_yank_nodes("{\"return\":[{\"type\":\"migration\"}]}", names, 4), 0);
	/* quotes, JSON escapes, too long, unterminated: skipped, never copied */
	CU_ASSERT_EQUAL(jobmon_yank_nodes("\"node-name\":\"a\\\"},{\\\"x\"", names, 4), 0);
	CU_ASSERT_EQUAL(jobmon_yank_nodes("\"node-name\":\"0123456789012345678901234567890123\"",
					  names, 4), 0);
	CU_ASSERT_EQUAL(jobmon_yank_nodes("\"node-name\":\"abc", names, 4), 0);
	CU_ASSERT_EQUAL(jobmon_yank_nodes("\"node-name\":", names, 4), 0);
	CU_ASSERT_EQUAL(jobmon_yank_nodes("\"node-name\":5, \"node-name\":\"ok\"", names, 4), 1);
	CU_ASSERT_STRING_EQUAL(names[0], "ok");
}

int test_jobmon_register(void);
int test_jobmon_register(void)
{
	static const struct unit_test tests[] = {
		{ "node of a shared-nothing migration", test_reply_of_a_migration },
		{ "several nodes, any spacing", test_several_and_spaces },
		{ "no node, hostile replies", test_none_and_hostile },
		{ NULL, NULL }
	};
	return unit_add_suite("jobmon", tests);
}

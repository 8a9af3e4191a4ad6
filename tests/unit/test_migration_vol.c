/* tests/unit/test_migration_vol.c — a target volume is named in the journal
 * before it is made (engine/migration_vol.c), once, and never a volume of
 * that name that was there already; against libvirt's test:///default
 * driver (its pool "default-pool", a directory pool at /default-pool). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "unit_state.h"
#include "../../engine/migration_int.h"
#include "../../engine/journal_int.h"

#define UUID "0b0b0b0b-1111-2222-3333-444444444444"

/* A journal for a storage move of "vm" on host "t", begun. */
static struct journal *begin(void)
{
	struct journal_entry head;
	struct journal *j = NULL;
	struct vm_error err;

	memset(&head, 0, sizeof head);
	head.vm = (char *)"vm";
	head.uuid = (char *)UUID;
	head.kind = (char *)"storage";
	head.source = head.target = (char *)"t";
	CU_ASSERT_EQUAL_FATAL(journal_begin(&head, &j, &err), 0);
	return j;
}

/* How many times the one journal left under STATE names PATH in
 * default-pool as a volume it made. */
static size_t noted(const char *state, const char *path)
{
	char dir[256];
	struct journal_entry *e = NULL;
	size_t n = 0, count = 0;
	struct vm_error err;

	snprintf(dir, sizeof dir, "%s/virt-migrate", state);
	CU_ASSERT_EQUAL_FATAL(journal_list(dir, &e, &n, &err), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	for (size_t i = 0; i < e[0].nvols; i++)
		count += strcmp(e[0].vols[i].path, path) == 0 &&
			 strcmp(e[0].vols[i].pool, "default-pool") == 0;
	journal_entry_free(&e[0]);
	free(e);
	return count;
}

static void test_noted_once_before(void)
{
	char state[64];
	struct inv_disk d = { .target = (char *)"vda", .path = (char *)"/img/vmvol.qcow2",
			      .format = (char *)"qcow2", .capacity = 1 << 20 };
	struct vm_error err;
	char *path = NULL;

	CU_ASSERT_EQUAL_FATAL(engine_init(NULL, &err), 0);	/* libvirt's errors to the log */
	unit_state_make(state, sizeof state, "vm-vol");
	virConnectPtr conn = virConnectOpen("test:///default");
	CU_ASSERT_PTR_NOT_NULL_FATAL(conn);

	/* made: its journal names it, once (the note before it, the path the
	 * same as libvirt's, no second note) */
	struct journal *j = begin();
	CU_ASSERT_EQUAL(migration_vol_create(conn, "default-pool", &d, PLAN_FORMAT_SAME, &path,
					     &err), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_STRING_EQUAL(path, "/default-pool/vmvol.qcow2");
	journal_finish(j, "failed", 1);
	CU_ASSERT_EQUAL(noted(state, path), 1);
	char rm[256];
	snprintf(rm, sizeof rm, "%s/virt-migrate/journal/" UUID ".journal", state);
	CU_ASSERT_EQUAL(unlink(rm), 0);

	/* there already (not this run's): the creation fails, the journal never
	 * names it, so recover cannot remove somebody else's volume */
	char *again = NULL;
	j = begin();
	CU_ASSERT_EQUAL(migration_vol_create(conn, "default-pool", &d, PLAN_FORMAT_SAME, &again,
					     &err), -1);
	CU_ASSERT_PTR_NULL(again);
	journal_finish(j, "failed", 1);
	CU_ASSERT_EQUAL(noted(state, path), 0);

	CU_ASSERT_EQUAL(unlink(rm), 0);

	/* the note comes before the creation: a creation that fails (a thick
	 * volume larger than the pool) leaves the planned path named, which
	 * recover finds "already gone" -- a tool killed in between leaves the
	 * volume named, never unknown */
	struct inv_disk big = d;
	big.path = (char *)"/img/vmbig.qcow2";
	big.capacity = 1ULL << 50;
	j = begin();
	CU_ASSERT_EQUAL(migration_vol_create(conn, "default-pool", &big, PLAN_FORMAT_THICK, &again,
					     &err), -1);
	journal_finish(j, "failed", 1);
	char *name = migration_vol_name(&big, migration_target_format(&big, PLAN_FORMAT_THICK), "");
	char planned[160];
	CU_ASSERT_PTR_NOT_NULL_FATAL(name);
	snprintf(planned, sizeof planned, "/default-pool/%s", name);
	CU_ASSERT_EQUAL(noted(state, planned), 1);
	free(name);

	free(path);
	virConnectClose(conn);
	unit_state_remove(state);
}

int test_migration_vol_register(void);
int test_migration_vol_register(void)
{
	static const struct unit_test tests[] = {
		{ "a target volume is in the journal before it is made, once; one there before never",
		  test_noted_once_before },
		{ NULL, NULL },
	};
	return unit_add_suite("migration_vol", tests);
}

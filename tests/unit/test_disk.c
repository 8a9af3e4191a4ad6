/* tests/unit/test_disk.c — suite "disk": the one rule for what each disk
 * does in a move (engine/disk.c), and the checks and the executors' journal
 * agreeing with it. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static struct inv_disk file_disk(void)
{
	return (struct inv_disk){ .target = (char *)"vda", .device = (char *)"disk",
				  .type = (char *)"file", .path = (char *)"/srv/vm/a.qcow2",
				  .pool = (char *)"shared" };
}

static void test_roles(void)
{
	struct inv_disk d = file_disk();

	CU_ASSERT_EQUAL(disk_role(&d), DISK_COPIED);
	CU_ASSERT_TRUE(disk_copyable(&d));
	d.type = NULL;				/* no type said: a file */
	CU_ASSERT_EQUAL(disk_role(&d), DISK_COPIED);
	d.device = (char *)"cdrom";
	CU_ASSERT_EQUAL(disk_role(&d), DISK_REMOVABLE);
	d.device = (char *)"floppy";
	CU_ASSERT_EQUAL(disk_role(&d), DISK_REMOVABLE);
	d = file_disk();
	d.type = (char *)"network";
	CU_ASSERT_EQUAL(disk_role(&d), DISK_NETWORK);
	d = file_disk();
	d.device = (char *)"lun";		/* the wizard used to offer these */
	CU_ASSERT_EQUAL(disk_role(&d), DISK_DEVICE);
	d = file_disk();
	d.type = (char *)"block";		/* cold moves used to copy these */
	CU_ASSERT_EQUAL(disk_role(&d), DISK_DEVICE);
	d.type = (char *)"volume";
	CU_ASSERT_EQUAL(disk_role(&d), DISK_DEVICE);
	d = file_disk();
	d.path = NULL;
	CU_ASSERT_EQUAL(disk_role(&d), DISK_DEVICE);
	d = file_disk();
	d.shareable = 1;
	CU_ASSERT_EQUAL(disk_role(&d), DISK_SHAREABLE);
	d = file_disk();
	d.readonly = 1;				/* cold moves used to copy these */
	CU_ASSERT_EQUAL(disk_role(&d), DISK_READONLY);
	CU_ASSERT_FALSE(disk_copyable(&d));
	/* each role has its own words for the messages */
	for (int r = DISK_COPIED; r <= DISK_DEVICE; r++)
		for (int q = DISK_COPIED; q < r; q++)
			CU_ASSERT_STRING_NOT_EQUAL(disk_role_words((enum disk_role)r),
						   disk_role_words((enum disk_role)q));
}

static void test_destination(void)
{
	struct plan p = { .kind = PLAN_KIND_STORAGE, .datastore = (char *)"local" };
	struct inv_disk d = file_disk();

	CU_ASSERT_STRING_EQUAL(disk_destination(&p, &d, 0), "local");
	CU_ASSERT_FALSE(disk_named(&p, &d));
	p.datastore = (char *)"shared";		/* where it already is */
	CU_ASSERT_PTR_NULL(disk_destination(&p, &d, 0));
	CU_ASSERT_STRING_EQUAL(disk_destination(&p, &d, 1), "shared");	/* same name, other host */
	p.kind = PLAN_KIND_COMPUTE;
	CU_ASSERT_PTR_NULL(disk_destination(&p, &d, 1));
	p.kind = PLAN_KIND_BOTH;
	CU_ASSERT_EQUAL_FATAL(plan_add_disk(&p, "vda", "fast", PLAN_FORMAT_THIN), 0);
	CU_ASSERT_STRING_EQUAL(disk_destination(&p, &d, 1), "fast");
	CU_ASSERT_TRUE(disk_named(&p, &d));
	d.readonly = 1;
	CU_ASSERT_PTR_NULL(disk_destination(&p, &d, 1));
	p.datastore = NULL;			/* plan_free frees only what it owns */
	for (size_t i = 0; i < p.ndisks; i++) {
		free(p.disks[i].target);
		free(p.disks[i].datastore);
	}
	free(p.disks);
}

/* vm1 to b with its disks into "local", and a second disk vdb that is
 * read-only on a's local (unshared) pool. */
static struct inv_disk *readonly_world(struct fx *f)
{
	struct inv_disk *vdb = fx_add_disk(f, fx_vm(f, "vm1"), "vdb", "local",
					   "/var/lib/libvirt/images/iso.img", 1, 1);

	vdb->readonly = 1;
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_plan_datastore(f, "local");
	return vdb;
}

static void test_checks_follow_rule(void)
{
	struct fx *f = fx_new();
	struct inv_disk *vdb = readonly_world(f);

	fx_run(f);
	/* not copied, and b cannot see a's local pool: one error says so */
	FX_HAS(f, "storage.not-copied", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.not-copied")->message, "read-only"));
	FX_HAS(f, "storage.stays", FINDING_INFO);
	FX_LACKS(f, "plan.no-datastore");
	/* named for the disk itself: refused, with the fix */
	CU_ASSERT_EQUAL_FATAL(plan_add_disk(&f->plan, "vdb", "local", PLAN_FORMAT_SAME), 0);
	fx_run(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.not-copied")->hint, "Drop --disk vdb=local"));
	/* on storage both hosts see, a disk that stays is fine */
	vdb->pool = fx_s(f, "shared");
	vdb->path = fx_s(f, "/srv/vm/iso.img");
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_plan_datastore(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.not-copied");
	FX_HAS(f, "storage.stays", FINDING_INFO);
	fx_free(f);
}

static void test_storage_nothing_to_copy(void)
{
	struct fx *f = fx_new();

	fx_vm(f, "vm1")->disks[0].device = fx_s(f, "lun");
	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	fx_plan_datastore(f, "local");
	fx_run(f);
	FX_HAS(f, "plan.nothing-to-copy", FINDING_ERROR);
	fx_vm(f, "vm1")->disks[0].device = fx_s(f, "disk");
	fx_run(f);
	FX_LACKS(f, "plan.nothing-to-copy");
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "roles: what each kind of disk is", test_roles },
	{ "destination: kind, pool, per disk, read-only", test_destination },
	{ "checks: a disk never copied is said so, and refused when named", test_checks_follow_rule },
	{ "checks: a storage move with nothing to copy", test_storage_nothing_to_copy },
	{ NULL, NULL }
};

int test_disk_register(void);
int test_disk_register(void)
{
	return unit_add_suite("disk", tests);
}

/* tests/unit/test_checks_storage.c — suite "checks_storage": where each disk
 * goes and whether it can get there. */
#include <limits.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"

/* vm1 moves its storage to DATASTORE on its own host. */
static void storage_to(struct fx *f, const char *datastore)
{
	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	fx_plan_datastore(f, datastore);
}

static void test_datastore_missing(void)
{
	struct fx *f = fx_new();

	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.datastore-missing");
	storage_to(f, "fast");
	fx_add_disk(f, fx_vm(f, "vm1"), "vdb", "shared", "/srv/vm/vm1-b.qcow2", 1, 1);
	fx_run(f);
	FX_HAS(f, "storage.datastore-missing", FINDING_ERROR);
	CU_ASSERT_EQUAL(fx_count(f, "storage.datastore-missing"), 1);	/* once per datastore */
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.datastore-missing")->hint, "shared, local"));
	fx_free(f);
}

static void test_datastore_inactive(void)
{
	struct fx *f = fx_new();

	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.datastore-inactive");
	fx_host(f, "a")->pools[1].active = 0;
	fx_run(f);
	FX_HAS(f, "storage.datastore-inactive", FINDING_ERROR);
	fx_free(f);
}

static void test_space(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	/* two disks of 60 GiB (45 allocated) into "local" (100 GiB free) */
	vm->disks[0].capacity = 60 * FX_GIB;
	vm->disks[0].allocation = 45 * FX_GIB;
	fx_add_disk(f, vm, "vdb", "shared", "/srv/vm/vm1-b.qcow2", 60, 45);
	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.space");		/* 90 GiB as they are */
	FX_HAS(f, "storage.space-low", FINDING_WARNING);	/* 10 GiB of 200 left */
	f->plan.format = PLAN_FORMAT_THICK;	/* 120 GiB fully allocated */
	fx_run(f);
	FX_HAS(f, "storage.space", FINDING_ERROR);
	const struct finding *it = fx_get(f, "storage.space");

	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "100.0 GiB"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "120.0 GiB"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "'local'"));
	CU_ASSERT_EQUAL(fx_count(f, "storage.space"), 1);
	fx_free(f);
}

static void test_space_low(void)
{
	struct fx *f = fx_new();

	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.space-low");	/* 5 GiB into 100 free of 200 */
	fx_host(f, "a")->pools[1].available = 20 * FX_GIB;
	fx_run(f);
	FX_HAS(f, "storage.space-low", FINDING_WARNING);	/* 15 left of 200 */
	FX_LACKS(f, "storage.space");
	fx_free(f);
}

static void test_not_shared(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "storage.not-shared");	/* /srv/vm is shared on both */
	vm->disks[0].pool = fx_s(f, "local");
	fx_run(f);
	FX_HAS(f, "storage.not-shared", FINDING_ERROR);
	const struct finding *it = fx_get(f, "storage.not-shared");

	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "disk vda of VM 'vm1' is on pool 'local' of "
				      "host a, which host b cannot see") ||
			       strstr(it->message, "Disk vda of VM 'vm1' is on pool 'local' of "
				      "host a, which host b cannot see"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "--kind both --datastore"));

	/* the same shared path under another pool name is fine */
	vm->disks[0].pool = fx_s(f, "shared");
	fx_host(f, "b")->pools[0].name = fx_s(f, "nfs-vm");
	fx_run(f);
	FX_LACKS(f, "storage.not-shared");
	/* a shared pool the target mounts elsewhere is not */
	fx_host(f, "b")->pools[0].path = fx_s(f, "/mnt/vm");
	fx_run(f);
	FX_HAS(f, "storage.not-shared", FINDING_ERROR);
	fx_free(f);
}

static void test_outside_pool(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "storage.outside-pool");
	vm->disks[0].pool = NULL;
	vm->disks[0].path = fx_s(f, "/data/vm1.qcow2");
	fx_run(f);
	FX_HAS(f, "storage.outside-pool", FINDING_ERROR);
	storage_to(f, "local");
	fx_run(f);
	FX_HAS(f, "storage.outside-pool", FINDING_WARNING);	/* copied by path */
	fx_free(f);
}

static void test_cdrom_local(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");
	struct inv_disk *cd = fx_add_disk(f, vm, "sda", "shared", "/srv/vm/debian.iso", 1, 1);

	cd->device = fx_s(f, "cdrom");
	cd->format = fx_s(f, "raw");
	fx_run(f);
	FX_LACKS(f, "storage.cdrom-local");
	cd->pool = fx_s(f, "local");
	fx_run(f);
	FX_HAS(f, "storage.cdrom-local", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.cdrom-local")->hint, "eject"));
	cd->path = NULL;		/* empty drive */
	fx_run(f);
	FX_LACKS(f, "storage.cdrom-local");
	fx_free(f);
}

static void test_shareable(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	vm->disks[0].shareable = 1;
	fx_run(f);
	FX_LACKS(f, "storage.shareable");	/* it stays on shared storage */
	storage_to(f, "local");
	fx_run(f);
	FX_HAS(f, "storage.shareable", FINDING_ERROR);
	fx_free(f);
}

static void test_network_disk(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.network-disk");
	struct inv_disk *d = fx_add_disk(f, vm, "vdb", NULL, NULL, 10, 10);

	d->type = fx_s(f, "network");
	d->format = fx_s(f, "raw");
	fx_run(f);
	FX_HAS(f, "storage.network-disk", FINDING_INFO);
	FX_LACKS(f, "storage.outside-pool");
	FX_LACKS(f, "storage.space-low");
	fx_free(f);
}

static void test_same_datastore(void)
{
	struct fx *f = fx_new();

	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.same-datastore");
	storage_to(f, "shared");		/* vda is there already */
	fx_run(f);
	FX_HAS(f, "storage.same-datastore", FINDING_WARNING);	/* nothing moves */
	fx_add_disk(f, fx_vm(f, "vm1"), "vdb", "local", "/var/lib/libvirt/images/b.qcow2", 1, 1);
	fx_run(f);
	FX_HAS(f, "storage.same-datastore", FINDING_INFO);	/* vdb moves */
	fx_free(f);
}

static void test_snapshots(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "storage.snapshots");
	vm->nsnapshots = 2;
	fx_run(f);
	FX_HAS(f, "storage.snapshots", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.snapshots")->hint, "snapshot"));
	storage_to(f, "local");
	fx_run(f);
	FX_HAS(f, "storage.snapshots", FINDING_WARNING);
	fx_free(f);
}

static void test_dev_passthrough(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "dev.passthrough");
	vm->nhostdevs = 1;
	fx_run(f);
	FX_HAS(f, "dev.passthrough", FINDING_ERROR);
	vm->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_HAS(f, "dev.passthrough", FINDING_WARNING);
	storage_to(f, "local");			/* stays on its host */
	fx_run(f);
	FX_LACKS(f, "dev.passthrough");
	fx_free(f);
}

static void test_format_convert(void)
{
	struct fx *f = fx_new();

	storage_to(f, "local");
	fx_run(f);
	FX_LACKS(f, "storage.format-convert");
	plan_add_disk(&f->plan, "vda", NULL, PLAN_FORMAT_THIN);	/* qcow2 stays qcow2 */
	fx_run(f);
	FX_LACKS(f, "storage.format-convert");
	plan_add_disk(&f->plan, "vda", NULL, PLAN_FORMAT_THICK);
	fx_run(f);
	FX_HAS(f, "storage.format-convert", FINDING_INFO);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.format-convert")->message, "qcow2 to raw"));
	fx_free(f);
}

static void test_both_kinds(void)
{
	struct fx *f = fx_new();

	/* shared-nothing: vda to b's local pool, space counted on b */
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_plan_datastore(f, "local");
	CU_ASSERT_EQUAL(fx_run(f), 0);
	fx_host(f, "b")->pools[1].available = 2 * FX_GIB;
	fx_run(f);
	FX_HAS(f, "storage.space", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.space")->message, "host b"));
	fx_free(f);
}

/* Sizes a hostile host may report: sums that would wrap past 2^64 saturate,
 * so the move never looks as if it fitted. */
static void test_space_saturates(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	/* 2^64 - 10 GiB and 20 GiB: wrapped, 10 GiB, which "fits" in 100 free */
	vm->disks[0].allocation = ULLONG_MAX - 10 * FX_GIB + 1;
	fx_add_disk(f, vm, "vdb", "shared", "/srv/vm/vm1-b.qcow2", 20, 20);
	storage_to(f, "local");
	fx_run(f);
	FX_HAS(f, "storage.space", FINDING_ERROR);
	if (fx_get(f, "storage.space"))
		CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "storage.space")->message,
					      "16384.0 PiB"));	/* 2^64 - 1 bytes, one byte formatter */
	FX_LACKS(f, "storage.space-low");

	/* three at the top: still no wrap */
	fx_add_disk(f, vm, "vdc", "shared", "/srv/vm/vm1-c.qcow2", 1, 1)->allocation = ULLONG_MAX;
	fx_run(f);
	FX_HAS(f, "storage.space", FINDING_ERROR);

	/* a datastore as large as 2^64: what is left is not multiplied past it */
	fx_free(f);
	f = fx_new();
	storage_to(f, "local");
	fx_host(f, "a")->pools[1].capacity = ULLONG_MAX;
	fx_host(f, "a")->pools[1].available = ULLONG_MAX - FX_GIB;
	fx_run(f);
	FX_LACKS(f, "storage.space");
	FX_LACKS(f, "storage.space-low");
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "storage.datastore-missing", test_datastore_missing },
	{ "storage.datastore-inactive", test_datastore_inactive },
	{ "storage.space summed per datastore, by format", test_space },
	{ "storage.space-low", test_space_low },
	{ "storage.not-shared matches pools by path", test_not_shared },
	{ "storage.outside-pool: error compute, warning storage", test_outside_pool },
	{ "storage.cdrom-local", test_cdrom_local },
	{ "storage.shareable", test_shareable },
	{ "storage.network-disk", test_network_disk },
	{ "storage.same-datastore", test_same_datastore },
	{ "storage.snapshots: error compute, warning storage", test_snapshots },
	{ "dev.passthrough: error live, warning cold", test_dev_passthrough },
	{ "storage.format-convert", test_format_convert },
	{ "shared-nothing: target datastores on the target", test_both_kinds },
	{ "storage.space: sums saturate, never wrap", test_space_saturates },
	{ NULL, NULL }
};

int test_checks_storage_register(void);
int test_checks_storage_register(void)
{
	return unit_add_suite("checks_storage", tests);
}

/* tests/unit/test_checks_state.c — suite "checks_state": the VM's state and
 * the jobs running on it. */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_frozen(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "vm.frozen");
	vm->state = INV_VM_PAUSED;
	vm->reason = 5;		/* VIR_DOMAIN_PAUSED_IOERROR */
	fx_run(f);
	FX_HAS(f, "vm.frozen", FINDING_ERROR);
	FX_LACKS(f, "vm.paused");
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "vm.frozen")->message, "a frozen VM cannot migrate"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "vm.frozen")->hint, "resume"));
	fx_free(f);
}

static void test_paused(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "vm.paused");
	vm->state = INV_VM_PAUSED;
	vm->reason = 1;		/* paused by the user */
	CU_ASSERT_EQUAL(fx_run(f), 0);
	FX_HAS(f, "vm.paused", FINDING_WARNING);
	FX_LACKS(f, "vm.frozen");
	fx_free(f);
}

static void test_job_running(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "vm.job-running");
	vm->job = INV_JOB_SAVE;
	fx_run(f);
	FX_HAS(f, "vm.job-running", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "vm.job-running")->message,
				      inv_job_name(INV_JOB_SAVE)));
	fx_free(f);
}

static void test_block_job(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "vm.block-job");
	vm->disks[0].block_job = fx_s(f, "commit");
	fx_run(f);
	FX_HAS(f, "vm.block-job", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "vm.block-job")->message, "vda"));
	fx_free(f);
}

static void test_other_state(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "vm.state");
	fx_vm(f, "vm1")->state = INV_VM_OTHER;
	fx_run(f);
	FX_HAS(f, "vm.state", FINDING_ERROR);
	fx_free(f);
}

static void test_transient(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "vm.transient");
	vm->persistent = 0;
	fx_run(f);
	FX_HAS(f, "vm.transient", FINDING_INFO);	/* live: made persistent */
	vm->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_HAS(f, "vm.transient", FINDING_WARNING);	/* cold: cannot be registered */
	fx_free(f);
}

static void test_suspended(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	vm->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_LACKS(f, "vm.suspended");
	vm->state = INV_VM_SUSPENDED;
	CU_ASSERT_EQUAL(fx_run(f), 0);
	FX_HAS(f, "vm.suspended", FINDING_INFO);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.kind")->message, "Cold"));
	fx_free(f);
}

static void test_job_names(void)
{
	for (int j = 0; j <= INV_JOB_COUNT; j++)
		CU_ASSERT_PTR_NOT_NULL(inv_job_name((enum inv_job)j));
	CU_ASSERT_STRING_EQUAL(inv_job_name(INV_JOB_MIGRATION_OUT), "an outgoing migration");
}

static void test_lookups(void)
{
	struct fx *f = fx_new();
	struct inv_host *h = NULL;

	CU_ASSERT_PTR_EQUAL(inventory_vm_find(&f->inv, "vm1", &h), &f->inv.hosts[0].vms[0]);
	CU_ASSERT_PTR_EQUAL(h, &f->inv.hosts[0]);
	CU_ASSERT_PTR_NULL(inventory_vm_find(&f->inv, "nope", &h));
	CU_ASSERT_PTR_NULL(h);
	CU_ASSERT_PTR_NULL(inventory_vm_find(NULL, "vm1", NULL));
	CU_ASSERT_PTR_EQUAL(inventory_host_find(&f->inv, "c"), &f->inv.hosts[2]);
	CU_ASSERT_PTR_NULL(inventory_host_find(&f->inv, "d"));
	CU_ASSERT_PTR_NULL(inventory_host_find(&f->inv, NULL));
	CU_ASSERT_STRING_EQUAL(inv_host_pool(&f->inv.hosts[1], "local")->path,
			       "/var/lib/libvirt/images");
	CU_ASSERT_PTR_NULL(inv_host_pool(&f->inv.hosts[1], "nope"));
	CU_ASSERT_PTR_NULL(inv_host_pool(NULL, "local"));
	CU_ASSERT_PTR_EQUAL(inv_host_net(&f->inv.hosts[1], "default"), &f->inv.hosts[1].nets[0]);
	CU_ASSERT_PTR_NULL(inv_host_net(&f->inv.hosts[1], "lan"));
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "vm.frozen: paused on an I/O error", test_frozen },
	{ "vm.paused", test_paused },
	{ "vm.job-running", test_job_running },
	{ "vm.block-job", test_block_job },
	{ "vm.state", test_other_state },
	{ "vm.transient: info live, warning cold", test_transient },
	{ "vm.suspended", test_suspended },
	{ "inv_job_name", test_job_names },
	{ "inventory lookups", test_lookups },
	{ NULL, NULL }
};

int test_checks_state_register(void);
int test_checks_state_register(void)
{
	return unit_add_suite("checks_state", tests);
}

/* tests/unit/test_wizard_model_vms.c — suite "wizard_model_vms": several
 * VMs in one pass of the wizard, without a terminal: marks (one host only,
 * and why), the heading's count, Next with and without marks, a host's
 * verdict summed over the VMs and blocked by any VM's error, the plan of
 * each VM (shared choices, its own networks), what only one VM may do.
 * The world is wizfix's (checkfix's hosts a, b, c; vm1 running on a,
 * 2 GiB, a NIC on "default") with vm2 (1 GiB, no disk) added on a and vm3
 * on b. */
#include <string.h>

#include "unit.h"
#include "wizfix.h"

static struct fx *setup(struct wizard_model *m)
{
	return wizfix_new(m, "a", "vm2", "b", "vm3", NULL);
}

static void test_marks_one_host(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512], title[96];
	size_t a = wizfix_host(f, "a"), b = wizfix_host(f, "b");
	size_t vm1 = wizfix_vm(f, "a", "vm1"), vm2 = wizfix_vm(f, "a", "vm2");

	wizard_model_vms_heading(&m, WIZARD_STEP_VM, title, sizeof(title));
	CU_ASSERT_STRING_EQUAL(title, "Select a virtual machine");	/* today's, unmarked */
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm1, why, sizeof(why)), 1);
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm2, why, sizeof(why)), 1);
	CU_ASSERT_TRUE(wizard_model_vms_marked(&m, a, vm2));
	wizard_model_vms_heading(&m, WIZARD_STEP_VM, title, sizeof(title));
	CU_ASSERT_STRING_EQUAL(title, "Select virtual machines (2 marked)");
	wizard_model_vms_heading(&m, WIZARD_STEP_HOST, title, sizeof(title));
	CU_ASSERT_STRING_EQUAL(title, "Select a compute resource");
	/* a VM of another host is refused, and the reason names both hosts */
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, b, wizfix_vm(f, "b", "vm3"), why, sizeof(why)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "VM 'vm3' is on host b"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "share one host (a)"));
	CU_ASSERT_FALSE(wizard_model_vms_marked(&m, b, wizfix_vm(f, "b", "vm3")));
	CU_ASSERT_EQUAL(m.nmarks, 2);
	/* unmarking both frees the host: b's VMs may be marked then */
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm1, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm2, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(m.nmarks, 0);
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, b, wizfix_vm(f, "b", "vm3"), why, sizeof(why)), 1);
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, b, 99, why, sizeof(why)), -1);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_choose(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	size_t a = wizfix_host(f, "a"), b = wizfix_host(f, "b");
	size_t vm1 = wizfix_vm(f, "a", "vm1"), vm2 = wizfix_vm(f, "a", "vm2");

	/* none marked: the highlighted VM alone, as before */
	CU_ASSERT_EQUAL(wizard_model_vms_choose(&m, a, vm2), 0);
	CU_ASSERT_EQUAL(m.nvms, 1);
	CU_ASSERT_EQUAL(m.vm, vm2);
	CU_ASSERT_STRING_EQUAL(wizard_model_vm(&m)->name, "vm2");
	/* marked: the marks, in their order, whatever is highlighted */
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm1, NULL, 0), 1);
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm2, NULL, 0), 1);
	CU_ASSERT_EQUAL(wizard_model_vms_choose(&m, b, 0), 0);
	CU_ASSERT_EQUAL(m.nvms, 2);
	CU_ASSERT_EQUAL(m.src, a);
	CU_ASSERT_STRING_EQUAL(wizard_model_vm_at(&m, 0)->name, "vm1");
	CU_ASSERT_STRING_EQUAL(wizard_model_vm_at(&m, 1)->name, "vm2");
	CU_ASSERT_PTR_NULL(wizard_model_vm_at(&m, 2));
	CU_ASSERT_EQUAL(wizard_model_vms_live(&m), 2);
	/* the same VMs again keep the later choices; others forget them */
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_EQUAL(wizard_model_vms_choose(&m, a, vm1), 0);
	CU_ASSERT_EQUAL(m.kind, PLAN_KIND_STORAGE);
	unsigned gen = m.vms_gen;
	CU_ASSERT_EQUAL(wizard_model_vms_mark(&m, a, vm2, NULL, 0), 0);
	CU_ASSERT_EQUAL(wizard_model_vms_choose(&m, a, vm1), 0);
	CU_ASSERT_EQUAL(m.nvms, 1);
	CU_ASSERT_EQUAL(m.kind, PLAN_KIND_COMPUTE);
	CU_ASSERT_NOT_EQUAL(m.vms_gen, gen);	/* the checks start again */
	/* a VM twice, or none, is no set */
	size_t twice[] = { vm1, vm1 };
	CU_ASSERT_EQUAL(wizard_model_set_vms(&m, a, twice, 2), -1);
	CU_ASSERT_EQUAL(wizard_model_set_vms(&m, a, twice, 0), -1);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_verdict_summed(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512];
	size_t b = wizfix_host(f, "b"), c = wizfix_host(f, "c");

	fx_vm(f, "vm2")->memory_kib = 8ULL * 1024 * 1024;	/* 8 GiB */
	wizfix_choose_two(&m, f);
	/* c has 4 GiB free: vm1 (2 GiB) fits, vm2 does not */
	fx_host(f, "c")->mem_free_kib = 4ULL * 1024 * 1024;
	wizfix_verdict_vms(&m, f, "b", 0);
	wizfix_verdict_vms(&m, f, "c", 0);
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 0);
	CU_ASSERT_TRUE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	CU_ASSERT_TRUE(m.verdicts[c].findings.errors > 0);
	CU_ASSERT_EQUAL(m.verdicts[c].per_vm.n, 2);
	/* the host is blocked by vm2's error, and says whose it is */
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, c, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Host c cannot take VM 'vm2'"));
	/* each error is vm2's: vm1 alone is fine on c */
	for (size_t i = 0; i < m.verdicts[c].findings.count; i++)
		if (m.verdicts[c].findings.items[i].severity == FINDING_ERROR)
			CU_ASSERT_EQUAL(m.verdicts[c].per_vm.finding_vm[i], 1);
	/* the counts are the sum of each VM's, as check counts each */
	struct findings one = { 0 };
	size_t errors = 0;
	for (size_t k = 0; k < 2; k++) {
		struct plan p;
		wizfix_plan_at(&m, k, "c", &p);
		errors += checks_evaluate(&f->inv, &p, &f->facts, &f->cfg, &one);
		plan_free(&p);
	}
	CU_ASSERT_EQUAL(m.verdicts[c].findings.errors, errors);
	CU_ASSERT_EQUAL(m.verdicts[c].findings.count, one.count);
	findings_free(&one);
	/* the source: both VMs run there */
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, wizfix_host(f, "a"), why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "The 2 VMs already run on host a"));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, c), -1);
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_HOST, why, sizeof(why)));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_networks_per_vm(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512];
	size_t b = wizfix_host(f, "b");

	/* vm2 has a NIC on "lab", a network a has and b lacks */
	fx_add_net(f, "a", "lab", 1);
	fx_add_nic(f, fx_vm(f, "vm2"), "lab", NULL);
	wizfix_choose_two(&m, f);
	CU_ASSERT_EQUAL(m.nnets, 2);	/* default (vm1), lab (vm2): each once */
	wizfix_verdict_vms(&m, f, "b", 0);
	/* net.missing is vm2's, for the Networks step: b can be chosen */
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 1);
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 1);
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_NETWORK, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Network 'lab'"));
	for (size_t i = 0; i < m.nnets; i++)
		if (strcmp(m.net_from[i], "lab") == 0)
			CU_ASSERT_EQUAL(wizard_model_set_net(&m, i, "default"), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_NETWORK, why, sizeof(why)));
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	/* each plan: the shared target, the networks of its own NICs */
	struct plan *plans;
	size_t n;
	CU_ASSERT_EQUAL_FATAL(wizard_model_vms_plans(&m, &plans, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(plans[0].vm, "vm1");
	CU_ASSERT_STRING_EQUAL(plans[1].vm, "vm2");
	CU_ASSERT_STRING_EQUAL(plans[0].target, "b");
	CU_ASSERT_STRING_EQUAL(plans[1].target, "b");
	CU_ASSERT_EQUAL(plans[0].nnets, 0);	/* default stays default */
	CU_ASSERT_EQUAL_FATAL(plans[1].nnets, 1);
	CU_ASSERT_STRING_EQUAL(plans[1].nets[0].from, "lab");
	CU_ASSERT_STRING_EQUAL(plans[1].nets[0].to, "default");
	CU_ASSERT_EQUAL(plans[0].priority, plans[1].priority);
	CU_ASSERT_EQUAL(plans[0].encrypt, plans[1].encrypt);
	wizard_model_vms_plans_free(plans, n);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_shared_choices(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512];

	wizfix_choose_two(&m, f);
	/* storage: vm2 has no disk, so no storage kind for the pair */
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_KIND, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "VM 'vm2' has no disk"));
	fx_add_disk(f, fx_vm(f, "vm2"), "vda", "shared", "/srv/vm/vm2.qcow2", 10, 1);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_KIND, why, sizeof(why)));
	/* per disk is for one VM: the datastore is common */
	wizard_model_set_per_disk(&m, 1);
	CU_ASSERT_FALSE(m.per_disk);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "the 2 VMs"));
	CU_ASSERT_EQUAL(wizard_model_set_datastore(&m, "local"), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	struct plan *plans;
	size_t n;
	CU_ASSERT_EQUAL_FATAL(wizard_model_vms_plans(&m, &plans, &n), 0);
	CU_ASSERT_STRING_EQUAL(plans[0].datastore, "local");
	CU_ASSERT_STRING_EQUAL(plans[1].datastore, "local");
	CU_ASSERT_STRING_EQUAL(plans[1].target, "a");	/* storage only: the source */
	wizard_model_vms_plans_free(plans, n);
	/* the priority step: any VM that streams its memory */
	wizard_model_set_kind(&m, PLAN_KIND_COMPUTE);
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	CU_ASSERT_TRUE(wizard_model_priority_applies(&m));
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));
	fx_vm(f, "vm2")->state = INV_VM_SHUTOFF;
	CU_ASSERT_FALSE(wizard_model_priority_applies(&m));
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_one_vm_plans(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	struct plan one, *plans;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(&m, "vm1"), 0);
	CU_ASSERT_EQUAL(m.nvms, 1);
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan(&m, &one), 0);
	CU_ASSERT_EQUAL_FATAL(wizard_model_vms_plans(&m, &plans, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(plans[0].vm, one.vm);
	CU_ASSERT_EQUAL(plans[0].kind, one.kind);
	CU_ASSERT_EQUAL(plans[0].nnets, one.nnets);
	wizard_model_vms_plans_free(plans, n);
	plan_free(&one);

	wizard_model_free(&m);
	fx_free(f);
}

int test_wizard_model_vms_register(void);
int test_wizard_model_vms_register(void)
{
	static const struct unit_test tests[] = {
		{ "marks: one host, the reason, the heading's count", test_marks_one_host },
		{ "Next: the marks, else the highlighted VM", test_choose },
		{ "a host's verdict sums the VMs', any VM's error blocks it", test_verdict_summed },
		{ "networks: the union mapped once, each plan its own", test_networks_per_vm },
		{ "shared choices: kind, datastore, priority; no per disk", test_shared_choices },
		{ "one VM: one plan, as before", test_one_vm_plans },
		{ NULL, NULL },
	};
	return unit_add_suite("wizard_model_vms", tests);
}

/* tests/unit/test_checks_names.c — suite "checks_names": a name the plan
 * gives that names nothing (VM, host, datastore, network, disk): its finding
 * says "Did you mean ...?" from the names the inventory holds, still says
 * how to list them, and is an unknown-name finding by the engine's one rule
 * (findings_code_unknown_name), which makes the commands exit 2. */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

/* The hint of finding CODE ("" when absent: the assertions then fail). */
static const char *hint_of(const struct fx *f, const char *code)
{
	const struct finding *it = fx_get(f, code);

	CU_ASSERT_PTR_NOT_NULL(it);
	return it ? it->hint : "";
}

#define HINT_HAS(f, code, text) CU_ASSERT_PTR_NOT_NULL(strstr(hint_of((f), (code)), (text)))
#define HINT_LACKS(f, code, text) CU_ASSERT_PTR_NULL(strstr(hint_of((f), (code)), (text)))
#define HINT_STARTS(f, code, text) \
	CU_ASSERT_EQUAL(strncmp(hint_of((f), (code)), (text), strlen(text)), 0)

static void test_vm(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm11", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL(fx_run(f), 1);
	FX_HAS(f, "plan.vm-unknown", FINDING_ERROR);
	HINT_STARTS(f, "plan.vm-unknown", "Did you mean 'vm1'? ");
	HINT_HAS(f, "plan.vm-unknown", "'virt-migrate vms'");	/* how to list them */
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.vm-unknown")->message, "'vm11'"));
	/* several close ones: closest first, at most three, from every host */
	fx_add_vm(f, "b", "vm12");
	fx_add_vm(f, "c", "vm2");
	fx_add_vm(f, "c", "web1");
	fx_run(f);
	HINT_STARTS(f, "plan.vm-unknown", "Did you mean 'vm1', 'vm12' or 'vm2'? ");
	/* case: one VM, whatever the case typed */
	fx_plan(f, "VM1", PLAN_KIND_COMPUTE, "b");
	fx_run(f);
	HINT_STARTS(f, "plan.vm-unknown", "Did you mean 'vm1', ");	/* 0 edits, first */
	/* nothing close: no suggestion, the way to list them stays */
	fx_plan(f, "database", PLAN_KIND_COMPUTE, "b");
	fx_run(f);
	HINT_LACKS(f, "plan.vm-unknown", "Did you mean");
	HINT_STARTS(f, "plan.vm-unknown", "Check the name with 'virt-migrate vms'");
	fx_free(f);
}

/* A host that could not be read may hold the VM: not a name that names
 * nothing (plan.vm-unseen, exit 1); VMs of unreachable hosts are not offered. */
static void test_vm_unseen(void)
{
	struct fx *f = fx_new();
	struct inv_host *c = fx_host(f, "c");

	fx_add_vm(f, "c", "vm12");
	c->reachable = 0;
	fx_plan(f, "vm11", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL(fx_run(f), 1);
	FX_LACKS(f, "plan.vm-unknown");
	FX_HAS(f, "plan.vm-unseen", FINDING_ERROR);
	HINT_STARTS(f, "plan.vm-unseen", "Did you mean 'vm1'? ");
	HINT_HAS(f, "plan.vm-unseen", "host c could not be read");
	HINT_LACKS(f, "plan.vm-unseen", "vm12");
	CU_ASSERT_FALSE(findings_code_unknown_name("plan.vm-unseen"));
	CU_ASSERT_PTR_NULL(findings_unknown_name(&f->out));
	fx_free(f);
}

static void test_host(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "bb");
	fx_run(f);
	FX_HAS(f, "plan.target-unknown", FINDING_ERROR);
	HINT_STARTS(f, "plan.target-unknown", "Did you mean 'b'? ");
	HINT_HAS(f, "plan.target-unknown", "'virt-migrate hosts' lists them");
	HINT_HAS(f, "plan.target-unknown", "[host bb]");
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "elsewhere");
	fx_run(f);
	HINT_LACKS(f, "plan.target-unknown", "Did you mean");
	/* never a section under a name the config refuses */
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "b b");
	fx_run(f);
	FX_HAS(f, "plan.target-unknown", FINDING_ERROR);
	HINT_LACKS(f, "plan.target-unknown", "[host");
	fx_free(f);
}

static void test_datastore(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	fx_plan_datastore(f, "lcoal");
	fx_run(f);
	FX_HAS(f, "storage.datastore-missing", FINDING_ERROR);
	HINT_STARTS(f, "storage.datastore-missing", "Did you mean 'local'? ");
	HINT_HAS(f, "storage.datastore-missing", "datastores with --datastore: shared, local.");
	/* the pools of the target, not of the source */
	fx_add_pool(f, "a", "local2", "/srv/l2", 0, 10, 10);
	fx_add_pool(f, "b", "fast", "/srv/fast", 0, 10, 10);
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_plan_datastore(f, "fsat");
	fx_run(f);
	HINT_STARTS(f, "storage.datastore-missing", "Did you mean 'fast'? ");
	fx_plan_datastore(f, "local3");
	fx_run(f);
	HINT_STARTS(f, "storage.datastore-missing", "Did you mean 'local'? ");
	HINT_LACKS(f, "storage.datastore-missing", "local2");
	fx_plan_datastore(f, "nowhere");
	fx_run(f);
	HINT_LACKS(f, "storage.datastore-missing", "Did you mean");
	fx_free(f);
}

static void test_network(void)
{
	struct fx *f = fx_new();

	fx_add_net(f, "b", "vmnet", 1);
	fx_add_net(f, "b", "dmz", 1);
	/* mapped to a network the target lacks: net.unknown, with the target's names */
	plan_add_net(&f->plan, "default", "vmnte");
	fx_run(f);
	FX_HAS(f, "net.unknown", FINDING_ERROR);
	FX_LACKS(f, "net.missing");
	HINT_STARTS(f, "net.unknown", "Did you mean 'vmnet'? ");
	HINT_HAS(f, "net.unknown", "networks: default, vmnet, dmz.");
	/* the NIC's own network missing on the target is about the host */
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "c");
	fx_host(f, "c")->nets[0].name = fx_s(f, "lan");
	fx_run(f);
	FX_HAS(f, "net.missing", FINDING_ERROR);
	FX_LACKS(f, "net.unknown");
	HINT_LACKS(f, "net.missing", "Did you mean");
	CU_ASSERT_PTR_NULL(findings_unknown_name(&f->out));
	/* the source of a mapping no NIC of the VM is on: names from the VM's NICs */
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "b");
	plan_add_net(&f->plan, "defualt", "vmnet");
	fx_run(f);
	FX_HAS(f, "plan.net-unknown", FINDING_ERROR);
	HINT_STARTS(f, "plan.net-unknown", "Did you mean 'default'? ");
	HINT_HAS(f, "plan.net-unknown", "networks (default)");
	fx_free(f);
}

static void test_disk(void)
{
	struct fx *f = fx_new();

	fx_add_disk(f, fx_vm(f, "vm1"), "vdb", "shared", "/srv/vm/vm1-b.qcow2", 1, 1);
	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	plan_add_disk(&f->plan, "vdc", "local", PLAN_FORMAT_SAME);
	fx_run(f);
	FX_HAS(f, "plan.disk-unknown", FINDING_ERROR);
	HINT_STARTS(f, "plan.disk-unknown", "Did you mean 'vda' or 'vdb'? ");
	HINT_HAS(f, "plan.disk-unknown", "Name one of its disks: vda, vdb.");
	fx_free(f);
}

/* The one rule: which codes name nothing, errors only, the first one. */
static void test_rule(void)
{
	static const char *const unknown[] = {
		"plan.vm-unknown", "plan.target-unknown", "plan.disk-unknown",
		"plan.net-unknown", "net.unknown", "storage.datastore-missing",
	};
	static const char *const known[] = {
		"plan.vm-unseen", "net.missing", "net.inactive", "storage.datastore-inactive",
		"host.unreachable", "host.same", "mem.insufficient", "", "plan",
	};
	struct findings l = { 0 };

	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		CU_ASSERT_TRUE(findings_code_unknown_name(unknown[i]));
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		CU_ASSERT_FALSE(findings_code_unknown_name(known[i]));
	CU_ASSERT_FALSE(findings_code_unknown_name(NULL));
	CU_ASSERT_PTR_NULL(findings_unknown_name(NULL));
	findings_add(&l, FINDING_ERROR, "mem.insufficient", "", "no room");
	findings_add(&l, FINDING_WARNING, "net.unknown", "", "a warning is no refusal");
	CU_ASSERT_PTR_NULL(findings_unknown_name(&l));
	findings_add(&l, FINDING_ERROR, "storage.datastore-missing", "", "first");
	findings_add(&l, FINDING_ERROR, "plan.disk-unknown", "", "second");
	CU_ASSERT_PTR_NOT_NULL_FATAL(findings_unknown_name(&l));
	CU_ASSERT_STRING_EQUAL(findings_unknown_name(&l)->message, "first");
	findings_free(&l);
}

int test_checks_names_register(void);
int test_checks_names_register(void)
{
	static const struct unit_test tests[] = {
		{ "plan.vm-unknown: vm11 -> Did you mean 'vm1'?", test_vm },
		{ "plan.vm-unseen: a host not read may hold it", test_vm_unseen },
		{ "plan.target-unknown: the configured hosts", test_host },
		{ "storage.datastore-missing: the target's pools", test_datastore },
		{ "net.unknown, plan.net-unknown; net.missing is no name", test_network },
		{ "plan.disk-unknown: the VM's disks", test_disk },
		{ "the rule: unknown-name codes", test_rule },
		{ NULL, NULL },
	};
	return unit_add_suite("checks_names", tests);
}

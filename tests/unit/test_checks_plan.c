/* tests/unit/test_checks_plan.c — suite "checks_plan": the plan itself, the
 * target host, and every finding reported at once. */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_clean_plan(void)
{
	struct fx *f = fx_new();

	CU_ASSERT_EQUAL(fx_run(f), 0);
	CU_ASSERT_EQUAL(f->out.errors, 0);
	CU_ASSERT_EQUAL(f->out.warnings, 0);
	FX_HAS(f, "plan.kind", FINDING_INFO);
	fx_free(f);
}

static void test_vm_unknown(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "plan.vm-unknown");
	fx_plan(f, "ghost", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL(fx_run(f), 1);
	FX_HAS(f, "plan.vm-unknown", FINDING_ERROR);
	CU_ASSERT_EQUAL(f->out.count, 1);	/* nothing else can be judged */
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.vm-unknown")->message, "'ghost'"));
	fx_free(f);
}

static void test_target_unknown(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "plan.target-unknown");
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "zz");
	fx_run(f);
	FX_HAS(f, "plan.target-unknown", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.target-unknown")->message, "'zz'"));
	FX_LACKS(f, "net.missing");	/* target groups are skipped */
	fx_plan(f, "vm1", PLAN_KIND_BOTH, NULL);
	fx_run(f);
	FX_HAS(f, "plan.target-unknown", FINDING_ERROR);
	fx_free(f);
}

static void test_host_unreachable(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "host.unreachable");
	struct inv_host *b = fx_host(f, "b");

	b->reachable = 0;
	vm_error_set(&b->error, "Host 'b': connection refused.");
	fx_run(f);
	FX_HAS(f, "host.unreachable", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "host.unreachable")->message,
				      "connection refused"));
	fx_free(f);
}

static void test_host_same(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "host.same");
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "a");
	fx_run(f);
	FX_HAS(f, "host.same", FINDING_ERROR);
	FX_LACKS(f, "cpu.unchecked");	/* no change of host: no host checks */
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "a");
	fx_plan_datastore(f, "local");
	fx_run(f);
	FX_HAS(f, "host.same", FINDING_ERROR);
	fx_free(f);
}

static void test_storage_other_host(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	fx_plan_datastore(f, "local");
	CU_ASSERT_EQUAL(fx_run(f), 0);
	FX_LACKS(f, "plan.storage-other-host");
	fx_plan(f, "vm1", PLAN_KIND_STORAGE, "a");	/* the source itself is fine */
	fx_plan_datastore(f, "local");
	CU_ASSERT_EQUAL(fx_run(f), 0);
	fx_plan(f, "vm1", PLAN_KIND_STORAGE, "c");
	fx_plan_datastore(f, "local");
	fx_run(f);
	FX_HAS(f, "plan.storage-other-host", FINDING_ERROR);
	fx_free(f);
}

static void test_no_datastore(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	fx_run(f);
	FX_HAS(f, "plan.no-datastore", FINDING_ERROR);
	plan_add_disk(&f->plan, "vda", "local", PLAN_FORMAT_SAME);
	fx_run(f);
	FX_LACKS(f, "plan.no-datastore");

	/* both: a disk the target cannot see needs a datastore */
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_add_disk(f, vm, "vdb", "local", "/var/lib/libvirt/images/vm1-b.qcow2", 10, 1);
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_run(f);
	FX_HAS(f, "plan.no-datastore", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.no-datastore")->message, "vdb"));
	CU_ASSERT_EQUAL(fx_count(f, "plan.no-datastore"), 1);	/* vda is on shared storage */
	fx_plan_datastore(f, "local");
	fx_run(f);
	FX_LACKS(f, "plan.no-datastore");
	fx_free(f);
}

static void test_disk_unknown(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	plan_add_disk(&f->plan, "vda", "local", PLAN_FORMAT_SAME);
	fx_run(f);
	FX_LACKS(f, "plan.disk-unknown");
	plan_add_disk(&f->plan, "vdz", "local", PLAN_FORMAT_SAME);
	fx_run(f);
	FX_HAS(f, "plan.disk-unknown", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.disk-unknown")->message, "vdz"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.disk-unknown")->hint, "vda"));
	fx_free(f);
}

static void test_net_unknown(void)
{
	struct fx *f = fx_new();

	plan_add_net(&f->plan, "default", "default");
	fx_run(f);
	FX_LACKS(f, "plan.net-unknown");
	plan_add_net(&f->plan, "dmz", "default");
	fx_run(f);
	FX_HAS(f, "plan.net-unknown", FINDING_ERROR);	/* names nothing of the VM */
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "plan.net-unknown")->message, "'dmz'"));
	fx_free(f);
}

static void test_kind_wording(void)
{
	static const struct {
		enum plan_kind kind;
		enum inv_vm_state state;
		const char *target;
		const char *words;
	} cases[] = {
		{ PLAN_KIND_COMPUTE, INV_VM_RUNNING, "b",
		  "Live migration (vMotion) of running VM 'vm1' from a to b" },
		{ PLAN_KIND_COMPUTE, INV_VM_SHUTOFF, "b", "Cold migration of shut-off VM 'vm1'" },
		{ PLAN_KIND_STORAGE, INV_VM_RUNNING, NULL, "Storage vMotion of running VM 'vm1'" },
		{ PLAN_KIND_STORAGE, INV_VM_SUSPENDED, NULL, "Cold storage migration" },
		{ PLAN_KIND_BOTH, INV_VM_PAUSED, "b", "Shared-nothing vMotion of paused VM" },
		{ PLAN_KIND_BOTH, INV_VM_SHUTOFF, "b", "with its disk files copied" },
	};
	struct fx *f = fx_new();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_vm(f, "vm1")->state = cases[i].state;
		fx_plan(f, "vm1", cases[i].kind, cases[i].target);
		fx_plan_datastore(f, "local");
		fx_run(f);
		const struct finding *k = fx_get(f, "plan.kind");

		CU_ASSERT_PTR_NOT_NULL_FATAL(k);
		CU_ASSERT_EQUAL(k->severity, FINDING_INFO);
		CU_ASSERT_PTR_NOT_NULL(strstr(k->message, cases[i].words));
	}
	fx_free(f);
}

/* One plan breaking five rules of five groups reports all five. */
static void test_every_finding_at_once(void)
{
	static const char *const codes[] = {
		"vm.job-running", "cpu.vendor", "mem.insufficient", "net.missing", "link.rtt",
	};
	struct fx *f = fx_new();
	struct inv_host *b = fx_host(f, "b");

	fx_vm(f, "vm1")->job = INV_JOB_BACKUP;
	b->cpu_vendor = fx_s(f, "AMD");
	b->mem_free_kib = 1024;
	b->nets[0].name = fx_s(f, "lan");
	f->facts.link.rtt_ms = 400.0;
	CU_ASSERT_EQUAL(fx_run(f), 5);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		FX_HAS(f, codes[i], FINDING_ERROR);
	CU_ASSERT_EQUAL(f->out.errors, 5);
	fx_free(f);
}

static void test_messages_fit(void)
{
	struct fx *f = fx_new();
	char longname[600];

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	fx_plan(f, longname, PLAN_KIND_COMPUTE, "b");
	fx_run(f);
	const struct finding *it = fx_get(f, "plan.vm-unknown");

	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_EQUAL(strlen(it->message), sizeof(it->message) - 1);
	CU_ASSERT_STRING_EQUAL(it->message + sizeof(it->message) - 4, "...");
	fx_free(f);
}

static void test_findings_list(void)
{
	struct findings l = { 0 };
	char code[100];

	memset(code, 'c', sizeof(code) - 1);
	code[sizeof(code) - 1] = '\0';
	for (int i = 0; i < 40; i++)
		findings_add(&l, (enum finding_severity)(i % 3), "x.y", NULL, "n %d", i);
	findings_add(&l, FINDING_ERROR, code, "fix", "%s", "long code");
	CU_ASSERT_EQUAL(l.count, 41);
	CU_ASSERT_EQUAL(l.infos, 14);
	CU_ASSERT_EQUAL(l.warnings, 13);
	CU_ASSERT_EQUAL(l.errors, 14);
	CU_ASSERT_STRING_EQUAL(l.items[39].message, "n 39");
	CU_ASSERT_STRING_EQUAL(l.items[39].hint, "");
	CU_ASSERT_EQUAL(strlen(l.items[40].code), sizeof(l.items[40].code) - 1);
	CU_ASSERT_TRUE(findings_has(&l, "x.y"));
	CU_ASSERT_FALSE(findings_has(&l, "x.z"));
	CU_ASSERT_STRING_EQUAL(finding_severity_name(FINDING_WARNING), "warning");
	CU_ASSERT_STRING_EQUAL(finding_severity_name(FINDING_SEVERITY_COUNT), "unknown");
	findings_free(&l);
	CU_ASSERT_EQUAL(l.count, 0);
	CU_ASSERT_PTR_NULL(l.items);
	findings_free(&l);
	findings_free(NULL);
}

/* No configuration and no facts: still every group, nothing dereferenced. */
static void test_without_config_or_facts(void)
{
	struct fx *f = fx_new();
	struct findings out = { 0 };

	fx_host(f, "b")->cpu_vendor = fx_s(f, "AMD");
	CU_ASSERT_EQUAL(checks_evaluate(&f->inv, &f->plan, NULL, NULL, &out), 1);
	CU_ASSERT_TRUE(findings_has(&out, "cpu.vendor"));
	CU_ASSERT_TRUE(findings_has(&out, "link.unmeasured"));
	CU_ASSERT_TRUE(findings_has(&out, "cpu.unchecked"));
	findings_free(&out);
	CU_ASSERT_EQUAL(checks_evaluate(NULL, &f->plan, NULL, NULL, &out), 1);
	CU_ASSERT_TRUE(findings_has(&out, "plan.vm-unknown"));
	findings_free(&out);
	CU_ASSERT_EQUAL(checks_evaluate(&f->inv, NULL, NULL, NULL, &out), 0);
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "a clean plan has no error and no warning", test_clean_plan },
	{ "plan.vm-unknown stops the checks", test_vm_unknown },
	{ "plan.target-unknown", test_target_unknown },
	{ "host.unreachable quotes the error", test_host_unreachable },
	{ "host.same", test_host_same },
	{ "plan.storage-other-host", test_storage_other_host },
	{ "plan.no-datastore", test_no_datastore },
	{ "plan.disk-unknown", test_disk_unknown },
	{ "plan.net-unknown", test_net_unknown },
	{ "plan.kind wording per kind and state", test_kind_wording },
	{ "every finding at once", test_every_finding_at_once },
	{ "messages are cut safely", test_messages_fit },
	{ "no configuration, no facts", test_without_config_or_facts },
	{ "findings list: add, counts, free", test_findings_list },
	{ NULL, NULL }
};

int test_checks_plan_register(void);
int test_checks_plan_register(void)
{
	return unit_add_suite("checks_plan", tests);
}

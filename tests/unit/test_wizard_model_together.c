/* tests/unit/test_wizard_model_together.c — suite "wizard_model_together":
 * several VMs that each fit a host (its free memory, a datastore's room)
 * but not all at once, without a terminal.  The host's verdict holds what
 * checks_together() says, of no VM alone: its own group in the findings
 * pane, before the VMs', counted in the verdict, blocking the host; the
 * storage step and Ready to complete refuse it too.  The world is
 * wizfix's (checkfix's hosts a, b, c with 24 GiB free; vm1 running on a,
 * 2 GiB, a disk on "shared" of 20 GiB, 5 allocated) with vm2 (running, no
 * disk) added on a. */
#include <string.h>

#include "unit.h"
#include "wizfix.h"

#define GIB_KIB (1024ULL * 1024)

/* The model with vm1 and vm2 of host a as the move's VMs. */
static struct fx *setup(struct wizard_model *m)
{
	struct fx *f = wizfix_new(m, "a", "vm2", NULL);
	wizfix_choose_two(m, f);
	return f;
}

/* The groups of V, each counted: their findings add up to V's. */
static void groups_add_up(const struct wizard_model *m, const struct wizard_verdict *v)
{
	struct wizard_verdict_group g;
	size_t findings = 0, errors = 0;
	wizard_model_verdict_group(m, v, WIZARD_VERDICT_TOGETHER, &g);
	findings += g.findings;
	errors += g.errors;
	for (size_t k = 0; k < v->per_vm.n; k++) {
		wizard_model_verdict_group(m, v, k, &g);
		findings += g.findings;
		errors += g.errors;
	}
	CU_ASSERT_EQUAL(findings, v->findings.count);
	CU_ASSERT_EQUAL(errors, v->findings.errors);
}

static void test_memory_blocks_host(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	struct wizard_verdict_group g;
	char why[512];
	size_t b = wizfix_host(f, "b"), c = wizfix_host(f, "c");

	/* 13 + 12 GiB: each fits b's 24 GiB free, not both */
	fx_vm(f, "vm1")->memory_kib = 13 * GIB_KIB;
	fx_vm(f, "vm2")->memory_kib = 12 * GIB_KIB;
	fx_host(f, "c")->mem_free_kib = 40 * GIB_KIB;
	wizfix_verdict_vms(&m, f, "b", 1);
	wizfix_verdict_vms(&m, f, "c", 1);
	const struct wizard_verdict *v = &m.verdicts[b];
	CU_ASSERT_EQUAL(v->findings.errors, 1);		/* counted in the host's verdict */
	CU_ASSERT_EQUAL(v->deferred, 0);		/* no later step settles it */
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Host b cannot take the 2 VMs together: Host b has "
				      "24.0 GiB free"));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), -1);
	/* its own group, with its own line; each VM's is fine alone */
	wizard_model_verdict_group(&m, v, WIZARD_VERDICT_TOGETHER, &g);
	CU_ASSERT_EQUAL(g.findings, 1);
	CU_ASSERT_EQUAL(g.errors, 1);
	CU_ASSERT_EQUAL(g.later, 0);
	CU_ASSERT_EQUAL(g.weight, 3);
	CU_ASSERT_STRING_EQUAL(g.line, "All 2 VMs together: 1 error");
	for (size_t i = 0; i < v->findings.count; i++)
		if (strcmp(v->findings.items[i].code, "mem.together") == 0)
			CU_ASSERT_TRUE(wizard_model_verdict_in_group(v, i, WIZARD_VERDICT_TOGETHER));
	for (size_t k = 0; k < 2; k++) {
		wizard_model_verdict_group(&m, v, k, &g);
		CU_ASSERT_EQUAL(g.errors, 0);
		CU_ASSERT_TRUE(g.weight < 3);
		CU_ASSERT_PTR_NOT_NULL(strstr(g.line, k ? "VM 'vm2': ok" : "VM 'vm1': ok"));
	}
	groups_add_up(&m, v);
	/* c has room for both */
	CU_ASSERT_EQUAL(m.verdicts[c].findings.errors, 0);
	wizard_model_verdict_group(&m, &m.verdicts[c], WIZARD_VERDICT_TOGETHER, &g);
	CU_ASSERT_EQUAL(g.findings, 0);
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, c), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_HOST, why, sizeof(why)));
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_groups_with_vm_errors(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	struct wizard_verdict_group g;
	size_t b = wizfix_host(f, "b");

	/* vm2 has a NIC on "lab", which b lacks: a later step's error, vm2's */
	fx_add_net(f, "a", "lab", 1);
	fx_add_nic(f, fx_vm(f, "vm2"), "lab", NULL);
	wizard_model_free(&m);
	fx_vm(f, "vm1")->memory_kib = 13 * GIB_KIB;
	fx_vm(f, "vm2")->memory_kib = 12 * GIB_KIB;
	CU_ASSERT_EQUAL_FATAL(wizard_model_init(&m, &f->inv, &f->cfg), 0);
	wizfix_choose_two(&m, f);
	wizfix_verdict_vms(&m, f, "b", 1);
	const struct wizard_verdict *v = &m.verdicts[b];
	CU_ASSERT_EQUAL(v->findings.errors, 2);
	CU_ASSERT_EQUAL(v->deferred, 1);
	wizard_model_verdict_group(&m, v, 1, &g);
	CU_ASSERT_STRING_EQUAL(g.line, "VM 'vm2': 1 error, 1 later");
	CU_ASSERT_EQUAL(g.weight, 2);
	wizard_model_verdict_group(&m, v, WIZARD_VERDICT_TOGETHER, &g);
	CU_ASSERT_STRING_EQUAL(g.line, "All 2 VMs together: 1 error");
	groups_add_up(&m, v);
	/* the later error alone would not block: the together one does */
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, b, NULL, 0));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_storage_refused(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512];
	struct findings out = { 0 };

	/* 45 + 60 GiB into "local" of a (100 GiB available): each fits alone */
	fx_vm(f, "vm1")->disks[0].allocation = 45 * FX_GIB;
	fx_add_disk(f, fx_vm(f, "vm2"), "vda", "shared", "/srv/vm/vm2.qcow2", 80, 60);
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_EQUAL(wizard_model_set_datastore(&m, "local"), 0);
	for (size_t k = 0; k < 2; k++) {
		wizard_model_check_vm(&m, k, &out);
		CU_ASSERT_FALSE(findings_has(&out, "storage.space"));
	}
	findings_free(&out);
	CU_ASSERT_EQUAL(wizard_model_check_together(&m, &out), 1);
	CU_ASSERT_TRUE(findings_has(&out, "storage.together"));
	findings_free(&out);
	/* Next is refused where the datastore is chosen, and so is Finish */
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Datastore 'local' of host a has 100.0 GiB available"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "the 2 VMs"));
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "105.0 GiB together"));
	/* the checks of the move hold it after the VMs' own */
	CU_ASSERT_EQUAL(wizard_model_check(&m, &out), 1);
	CU_ASSERT_STRING_EQUAL(out.items[out.count - 1].code, "storage.together");
	findings_free(&out);
	/* room for both: valid */
	fx_host(f, "a")->pools[1].available = 150 * FX_GIB;
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_one_vm(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	struct findings out = { 0 };
	struct wizard_verdict_group g;

	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(&m, "vm1"), 0);
	CU_ASSERT_EQUAL(wizard_model_check_together(&m, &out), 0);
	CU_ASSERT_EQUAL(out.count, 0);
	/* a verdict for one VM has no groups: nothing is of any group */
	struct findings found = { 0 };
	findings_add(&found, FINDING_ERROR, "mem.insufficient", "", "x");
	wizard_model_verdict_set(&m, wizfix_host(f, "b"), 0, NULL, &found);
	const struct wizard_verdict *v = &m.verdicts[wizfix_host(f, "b")];
	CU_ASSERT_FALSE(wizard_model_verdict_in_group(v, 0, WIZARD_VERDICT_TOGETHER));
	CU_ASSERT_FALSE(wizard_model_verdict_in_group(v, 0, 0));
	wizard_model_verdict_group(&m, v, WIZARD_VERDICT_TOGETHER, &g);
	CU_ASSERT_EQUAL(g.findings, 0);
	findings_free(&found);

	wizard_model_free(&m);
	fx_free(f);
}

int test_wizard_model_together_register(void);
int test_wizard_model_together_register(void)
{
	static const struct unit_test tests[] = {
		{ "memory together: its own group, counted, blocks the host", test_memory_blocks_host },
		{ "groups: the VMs' own counts beside the together one", test_groups_with_vm_errors },
		{ "datastore room together: storage step and Finish refuse", test_storage_refused },
		{ "one VM: nothing together, no groups", test_one_vm },
		{ NULL, NULL },
	};
	return unit_add_suite("wizard_model_together", tests);
}

/* tests/unit/test_wizard_model_verdict.c — suite "wizard_model_verdict":
 * one fact, one wording.  The wizard's verdict for a target host counts the
 * findings `virt-migrate check VM --host H` counts for the same choices;
 * the errors a later step settles (networks, datastore, encryption) are
 * counted too, marked as deferred, and do not stop the host being chosen;
 * any other error does.  The world is wizfix's: checkfix's hosts a, b, c;
 * vm1 running on a (disk on the shared pool, a NIC on "default"). */
#include <string.h>

#include "unit.h"
#include "wizfix.h"

/* The verdict of host NAME as the wizard's worker makes it (ui/hostcheck.c,
 * as wizfix_verdict does it), then the same choices checked as `check` does
 * (fx_run: the plan of the command line).  Both must count the same
 * findings, in the same order. */
static void verdict_as_check(struct wizard_model *m, struct fx *f, const char *name)
{
	size_t i = wizfix_host(f, name);

	wizfix_verdict(m, f, name);

	/* check VM --host NAME --kind K --encrypt E --priority P [--datastore D] */
	fx_plan(f, "vm1", m->kind, name);
	f->plan.encrypt = m->encrypt;
	f->plan.priority = m->priority;
	fx_plan_datastore(f, m->datastore);
	size_t errors = fx_run(f);

	const struct findings *v = &m->verdicts[i].findings;
	CU_ASSERT_EQUAL(m->verdicts[i].state, WIZARD_VERDICT_DONE);
	CU_ASSERT_EQUAL(v->errors, errors);
	CU_ASSERT_EQUAL(v->errors, f->out.errors);
	CU_ASSERT_EQUAL(v->warnings, f->out.warnings);
	CU_ASSERT_EQUAL(v->infos, f->out.infos);
	CU_ASSERT_EQUAL_FATAL(v->count, f->out.count);
	for (size_t k = 0; k < v->count; k++) {
		CU_ASSERT_STRING_EQUAL(v->items[k].code, f->out.items[k].code);
		CU_ASSERT_EQUAL(v->items[k].severity, f->out.items[k].severity);
	}
	/* the deferred ones are errors of the verdict, never more */
	CU_ASSERT_TRUE(m->verdicts[i].deferred <= v->errors);
	CU_ASSERT_EQUAL(m->verdicts[i].deferred, wizard_model_verdict_deferred(m->kind, v));
	/* wizard_model_verdict_set, the tests' way in, counts the same */
	struct findings again = { 0 };
	fx_run(f);
	for (size_t k = 0; k < f->out.count; k++)
		findings_add(&again, f->out.items[k].severity, f->out.items[k].code,
			     f->out.items[k].hint, "%s", f->out.items[k].message);
	size_t deferred = m->verdicts[i].deferred;
	wizard_model_verdict_set(m, i, 1, &f->facts, &again);
	CU_ASSERT_EQUAL(m->verdicts[i].findings.errors, errors);
	CU_ASSERT_EQUAL(m->verdicts[i].deferred, deferred);
}

static struct fx *setup(struct wizard_model *m)
{
	struct fx *f = wizfix_new(m, NULL);
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(m, "vm1"), 0);
	return f;
}

/* Several worlds, each host's verdict against check's count. */
static void test_counts_as_check(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	size_t b = wizfix_host(f, "b"), c = wizfix_host(f, "c");

	/* clean: no error either way */
	verdict_as_check(&m, f, "b");
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 0);
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 0);

	/* b lacks the VM's network; c too, and is short of memory */
	fx_host(f, "b")->nets[0].name = fx_s(f, "prod");
	fx_host(f, "c")->nets[0].name = fx_s(f, "prod");
	fx_host(f, "c")->mem_free_kib = 1024;
	verdict_as_check(&m, f, "b");
	verdict_as_check(&m, f, "c");
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 1);
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 1);
	CU_ASSERT_TRUE(m.verdicts[c].findings.errors >= 2);
	CU_ASSERT_EQUAL(m.verdicts[c].deferred, 1);

	/* encryption required, and b has no TLS set-up: tls.required */
	wizard_model_set_encrypt(&m, PLAN_ENCRYPT_REQUIRED);
	f->facts.tls_dst.ready = 0;
	snprintf(f->facts.tls_dst.why, sizeof(f->facts.tls_dst.why), "no certificates");
	verdict_as_check(&m, f, "b");
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 2);	/* net.missing, tls.required */
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 2);
	CU_ASSERT_TRUE(wizard_model_host_choosable(&m, b, NULL, 0));
	wizard_model_set_encrypt(&m, PLAN_ENCRYPT_OPPORTUNISTIC);

	/* both, vm1's disk on a's local pool: no datastore yet */
	fx_vm(f, "vm1")->disks[0].pool = fx_s(f, "local");
	fx_vm(f, "vm1")->disks[0].path = fx_s(f, "/var/lib/libvirt/images/vm1.qcow2");
	wizard_model_set_kind(&m, PLAN_KIND_BOTH);
	verdict_as_check(&m, f, "b");
	CU_ASSERT_TRUE(findings_has(&m.verdicts[b].findings, "plan.no-datastore"));
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, m.verdicts[b].findings.errors);
	/* compute only, the same disk: storage.not-shared, which no step settles */
	wizard_model_set_kind(&m, PLAN_KIND_COMPUTE);
	verdict_as_check(&m, f, "b");
	CU_ASSERT_TRUE(m.verdicts[b].findings.errors > m.verdicts[b].deferred);
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, b, NULL, 0));

	wizard_model_free(&m);
	fx_free(f);
}

/* A host whose only errors are networks the next step maps can be chosen,
 * and its verdict says they are deferred, to the Networks step. */
static void test_only_network_errors_selectable(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512];
	size_t b = wizfix_host(f, "b");

	fx_host(f, "b")->nets[0].name = fx_s(f, "prod");
	verdict_as_check(&m, f, "b");
	const struct wizard_verdict *v = &m.verdicts[b];
	CU_ASSERT_EQUAL(v->findings.errors, 1);
	CU_ASSERT_EQUAL(v->deferred, 1);
	CU_ASSERT_TRUE(findings_has(&v->findings, "net.missing"));
	for (size_t k = 0; k < v->findings.count; k++)
		if (strcmp(v->findings.items[k].code, "net.missing") == 0)
			CU_ASSERT_EQUAL(wizard_model_finding_step(m.kind, &v->findings.items[k]),
					WIZARD_STEP_NETWORK);
	CU_ASSERT_TRUE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_HOST, why, sizeof(why)));
	/* the Networks step settles it: then Ready to complete has no error */
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_NETWORK, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_set_net(&m, 0, "prod"), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	wizard_model_free(&m);
	fx_free(f);
}

/* Another error beside a deferred one: the host cannot be chosen, and the
 * reason is that error, not the network. */
static void test_other_error_not_selectable(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char why[512];
	size_t c = wizfix_host(f, "c");

	fx_host(f, "c")->nets[0].name = fx_s(f, "prod");
	fx_host(f, "c")->mem_free_kib = 1024;	/* 1 MiB */
	verdict_as_check(&m, f, "c");
	CU_ASSERT_EQUAL(m.verdicts[c].deferred, 1);
	CU_ASSERT_TRUE(m.verdicts[c].findings.errors > m.verdicts[c].deferred);
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, c, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Host c cannot take VM 'vm1'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "free"));
	CU_ASSERT_PTR_NULL(strstr(why, "'default'"));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, c), -1);
	CU_ASSERT_EQUAL(m.target, WIZARD_NONE);

	wizard_model_free(&m);
	fx_free(f);
}

/* Which step settles which finding, by kind. */
static void test_finding_step(void)
{
	struct findings x = { 0 };
	findings_add(&x, FINDING_ERROR, "net.missing", NULL, "m");
	findings_add(&x, FINDING_ERROR, "net.unknown", NULL, "u");
	findings_add(&x, FINDING_ERROR, "plan.no-datastore", NULL, "d");
	findings_add(&x, FINDING_ERROR, "tls.required", NULL, "t");
	findings_add(&x, FINDING_ERROR, "mem.insufficient", NULL, "i");
	findings_add(&x, FINDING_WARNING, "tls.clear", NULL, "c");

	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &x.items[0]),
			WIZARD_STEP_NETWORK);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_BOTH, &x.items[1]),
			WIZARD_STEP_NETWORK);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_BOTH, &x.items[2]),
			WIZARD_STEP_STORAGE);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &x.items[2]),
			WIZARD_STEP_COUNT);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &x.items[3]),
			WIZARD_STEP_PRIORITY);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &x.items[4]),
			WIZARD_STEP_COUNT);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &x.items[5]),
			WIZARD_STEP_COUNT);
	/* storage only has no host step: nothing is later */
	for (size_t k = 0; k < x.count; k++)
		CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_STORAGE, &x.items[k]),
				WIZARD_STEP_COUNT);
	CU_ASSERT_EQUAL(wizard_model_verdict_deferred(PLAN_KIND_COMPUTE, &x), 3);
	CU_ASSERT_EQUAL(wizard_model_verdict_deferred(PLAN_KIND_BOTH, &x), 4);
	CU_ASSERT_EQUAL(wizard_model_verdict_deferred(PLAN_KIND_STORAGE, &x), 0);
	CU_ASSERT_EQUAL(wizard_model_verdict_deferred(PLAN_KIND_COMPUTE, NULL), 0);
	CU_ASSERT_EQUAL(x.errors, 5);	/* all of them still count */
	findings_free(&x);
}

int test_wizard_model_verdict_register(void);
int test_wizard_model_verdict_register(void)
{
	static const struct unit_test tests[] = {
		{ "a host verdict counts what check counts", test_counts_as_check },
		{ "network errors alone: deferred to Networks, host selectable",
		  test_only_network_errors_selectable },
		{ "another error: host not selectable, that error the reason",
		  test_other_error_not_selectable },
		{ "which later step settles which finding", test_finding_step },
		{ NULL, NULL },
	};
	return unit_add_suite("wizard_model_verdict", tests);
}

/* tests/unit/test_wizard_model_streams.c — suite "wizard_model_streams": the
 * wizard's choice of parallel streams and compression: where it starts (the
 * config's [defaults], then the command line), that it goes into the plan
 * of a live move and of no other, and that a source/target pair that cannot
 * do it is reported (by the engine's rule, streams_supported()) and keeps
 * the priority step and Finish from going on.
 * The world is wizfix's: checkfix's hosts a, b, c (libvirt 9.0.0, QEMU
 * 8.2.0); vm1 running on a. */
#include <string.h>

#include "unit.h"
#include "wizfix.h"

/* vm1 moving live to host b (verdict in, chosen). */
static struct fx *live_to_b(struct wizard_model *m)
{
	struct fx *f = wizfix_new(m, NULL);
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(m, "vm1"), 0);
	wizfix_verdict(m, f, "b");
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_target(m, wizfix_host(f, "b")), 0);
	return f;
}

static void test_defaults(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);

	/* no [defaults]: one stream, no compression */
	CU_ASSERT_EQUAL(m.connections, 1);
	CU_ASSERT_EQUAL(m.compress, PLAN_COMPRESS_NONE);
	wizard_model_free(&m);

	/* the config's [defaults] connections and compress */
	f->cfg.defaults.connections = 4;
	f->cfg.defaults.compress = fx_s(f, "zstd");
	CU_ASSERT_EQUAL_FATAL(wizard_model_init(&m, &f->inv, &f->cfg), 0);
	CU_ASSERT_EQUAL(m.connections, 4);
	CU_ASSERT_EQUAL(m.compress, PLAN_COMPRESS_ZSTD);

	/* the command line's (wizard_options): 0 and UNSET leave the config's */
	wizard_model_set_connections(&m, 0);
	wizard_model_set_compress(&m, PLAN_COMPRESS_UNSET);
	CU_ASSERT_EQUAL(m.connections, 4);
	CU_ASSERT_EQUAL(m.compress, PLAN_COMPRESS_ZSTD);
	wizard_model_set_connections(&m, 17);	/* beyond what the engine takes */
	wizard_model_set_compress(&m, PLAN_COMPRESS_COUNT);
	CU_ASSERT_EQUAL(m.connections, 4);
	CU_ASSERT_EQUAL(m.compress, PLAN_COMPRESS_ZSTD);
	wizard_model_set_connections(&m, 2);
	wizard_model_set_compress(&m, PLAN_COMPRESS_ZLIB);
	CU_ASSERT_EQUAL(m.connections, 2);
	CU_ASSERT_EQUAL(m.compress, PLAN_COMPRESS_ZLIB);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_into_plan(void)
{
	struct wizard_model m;
	struct fx *f = live_to_b(&m);
	struct plan p;

	CU_ASSERT_TRUE(wizard_model_streams_apply(&m));
	wizard_model_set_connections(&m, 8);
	wizard_model_set_compress(&m, PLAN_COMPRESS_ZSTD);
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.connections, 8);
	CU_ASSERT_EQUAL(p.compress, PLAN_COMPRESS_ZSTD);
	plan_free(&p);

	/* one stream is said, not left to the config */
	wizard_model_set_connections(&m, 1);
	wizard_model_set_compress(&m, PLAN_COMPRESS_NONE);
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.connections, 1);
	CU_ASSERT_EQUAL(p.compress, PLAN_COMPRESS_NONE);
	plan_free(&p);

	/* storage only: no memory crosses to another host; the plan says nothing */
	wizard_model_set_connections(&m, 4);
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_FALSE(wizard_model_streams_apply(&m));
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.connections, 0);
	CU_ASSERT_EQUAL(p.compress, PLAN_COMPRESS_UNSET);
	plan_free(&p);

	/* cold (shut off): nothing; suspended: one stream, as the step offers */
	wizard_model_set_kind(&m, PLAN_KIND_COMPUTE);
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	CU_ASSERT_FALSE(wizard_model_streams_apply(&m));
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.connections, 0);
	CU_ASSERT_EQUAL(p.compress, PLAN_COMPRESS_UNSET);
	plan_free(&p);
	fx_vm(f, "vm1")->state = INV_VM_SUSPENDED;
	CU_ASSERT_FALSE(wizard_model_streams_apply(&m));
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.connections, 1);
	CU_ASSERT_EQUAL(p.compress, PLAN_COMPRESS_NONE);
	plan_free(&p);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_several_vms(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, "a", "vm2", NULL);
	struct plan p;

	/* vm2 shut off, vm1 running: each plan as its own move */
	fx_vm(f, "vm2")->state = INV_VM_SHUTOFF;
	wizfix_choose_two(&m, f);
	wizfix_verdict_vms(&m, f, "b", 1);
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_target(&m, wizfix_host(f, "b")), 0);
	CU_ASSERT_TRUE(wizard_model_streams_apply(&m));
	wizard_model_set_connections(&m, 4);
	for (size_t k = 0; k < 2; k++) {
		CU_ASSERT_EQUAL_FATAL(wizard_model_plan_vm(&m, k, &p), 0);
		int live = strcmp(p.vm, "vm1") == 0;
		CU_ASSERT_EQUAL(p.connections, live ? 4u : 0u);
		plan_free(&p);
	}

	wizard_model_free(&m);
	fx_free(f);
}

static void test_unsupported_pair(void)
{
	struct wizard_model m;
	struct fx *f = live_to_b(&m);
	struct vm_error why = { 0 };
	char text[512];

	/* what QEMU 8.2 and libvirt 9.0 on both hosts can do */
	wizard_model_set_connections(&m, 4);
	CU_ASSERT_EQUAL(wizard_model_streams_check(&m, &why), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_PRIORITY, text, sizeof(text)));

	/* QEMU 3.0 has no multifd: reported, naming the host (both hosts run
	 * it: a target older than the source is an error of its own) */
	fx_host(f, "a")->hv_version = fx_host(f, "b")->hv_version = 3000000;
	CU_ASSERT_EQUAL(wizard_model_streams_check(&m, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "'a'"));
	CU_ASSERT_NOT_EQUAL(why.hint[0], '\0');
	/* the step says the same and Next waits; Ready (Finish) too */
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_PRIORITY, text, sizeof(text)));
	CU_ASSERT_STRING_EQUAL(text, why.message);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_READY, text, sizeof(text)));
	/* the checks of the plan say it too, as check does (engine/checks_streams.c) */
	struct findings found = { 0 };
	CU_ASSERT_TRUE(wizard_model_check(&m, &found) > 0);
	int seen = 0;
	for (size_t i = 0; i < found.count; i++)
		seen |= strcmp(found.items[i].code, "streams.unsupported") == 0 &&
			found.items[i].severity == FINDING_ERROR;
	CU_ASSERT_TRUE(seen);
	findings_free(&found);

	/* one stream: fine again */
	wizard_model_set_connections(&m, 1);
	CU_ASSERT_EQUAL(wizard_model_streams_check(&m, &why), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_PRIORITY, text, sizeof(text)));
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, text, sizeof(text)));

	/* a compression the hosts' libvirt (9.0) does not have for parallel
	 * streams: the engine's rule, not the wizard's */
	fx_host(f, "a")->hv_version = fx_host(f, "b")->hv_version = 8002000;
	wizard_model_set_connections(&m, 4);
	wizard_model_set_compress(&m, PLAN_COMPRESS_ZSTD);
	CU_ASSERT_EQUAL(wizard_model_streams_check(&m, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "zstd"));
	wizard_model_set_compress(&m, PLAN_COMPRESS_NONE);
	CU_ASSERT_EQUAL(wizard_model_streams_check(&m, &why), 0);

	/* a VM moved cold: streams do not apply, nothing to refuse */
	fx_host(f, "a")->hv_version = fx_host(f, "b")->hv_version = 3000000;
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	CU_ASSERT_EQUAL(wizard_model_streams_check(&m, &why), 0);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_host_not_blocked(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	size_t b = wizfix_host(f, "b");
	char why[512];

	/* the config asks for 4 streams, which QEMU 3.0 cannot do: counted
	 * as check counts it, settled on the priority step, b can be chosen */
	f->cfg.defaults.connections = 4;
	wizard_model_free(&m);
	CU_ASSERT_EQUAL_FATAL(wizard_model_init(&m, &f->inv, &f->cfg), 0);
	fx_host(f, "a")->hv_version = fx_host(f, "b")->hv_version = 3000000;
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(&m, "vm1"), 0);
	wizfix_verdict(&m, f, "b");
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 1);
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 1);
	CU_ASSERT_TRUE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	struct finding x = { .severity = FINDING_ERROR, .code = "streams.unsupported" };
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &x), WIZARD_STEP_PRIORITY);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_STORAGE, &x), WIZARD_STEP_COUNT);
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_PRIORITY, why, sizeof(why)));
	wizard_model_set_connections(&m, 1);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_PRIORITY, why, sizeof(why)));

	wizard_model_free(&m);
	fx_free(f);
}

int test_wizard_model_streams_register(void);
int test_wizard_model_streams_register(void)
{
	static const struct unit_test tests[] = {
		{ "config defaults, then the command line's choice", test_defaults },
		{ "the choice in a live move's plan, in no other", test_into_plan },
		{ "several VMs: the live one's plan has it, the cold one's not", test_several_vms },
		{ "a pair that cannot: why, the step and Finish refuse", test_unsupported_pair },
		{ "the config's streams refused: the host is chosen, Priority settles", test_host_not_blocked },
		{ NULL, NULL },
	};
	return unit_add_suite("wizard_model_streams", tests);
}

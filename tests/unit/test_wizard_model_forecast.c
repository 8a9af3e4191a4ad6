/* tests/unit/test_wizard_model_forecast.c — suite "wizard_model_forecast":
 * the forecast row of Ready to complete as the model gives it: "-" when no
 * VM of the move goes live to another host, "sampling" while the dirty
 * rates are sampled, then the engine's short form (forecast_brief) of the
 * forecast made from the sample and the target verdict's link facts; a
 * sample for a move that changed meanwhile is dropped.  And the sampler's
 * thread (ui/dirtysample.c) on wizfix's world, whose hosts have no libvirt
 * connection: each VM unknown, with the reason.  The world is wizfix's:
 * checkfix's hosts a, b, c (10 Gbit/s links); vm1 running on a (2 GiB). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"
#include "wizfix.h"
#include "../../engine/forecast.h"
#include "../../engine/probe_dirty.h"
#include "../../ui/dirtysample.h"

#define MIB 1048576.0

/* vm1 moving to b, b's verdict in. */
static struct fx *setup(struct wizard_model *m)
{
	struct fx *f = wizfix_new(m, NULL);

	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(m, "vm1"), 0);
	wizfix_verdict(m, f, "b");
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_target(m, wizfix_host(f, "b")), 0);
	return f;
}

/* One sample per VM of the move: RATE MiB/s (< 0: unknown, WHY). */
static struct probe_dirty *samples(size_t n, double rate, const char *why)
{
	struct probe_dirty *s = calloc(n, sizeof *s);

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (size_t k = 0; k < n; k++) {
		s[k].seconds = 1;
		s[k].bps = rate < 0 ? -1.0 : rate * MIB;
		snprintf(s[k].why, sizeof s[k].why, "%s", why ? why : "");
	}
	return s;
}

static void test_row_states(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	char buf[1024];

	/* nothing sampled yet: unknown, saying so */
	CU_ASSERT_TRUE(wizard_model_forecast_applies(&m));
	CU_ASSERT_FALSE(wizard_model_sample_current(&m));
	CU_ASSERT_EQUAL(wizard_model_forecast_text(&m, 0, buf, sizeof buf), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "unknown: the dirty rate is not known: it was not "
					   "sampled"));

	/* under way */
	wizard_model_sample_begin(&m);
	CU_ASSERT_TRUE(wizard_model_sample_current(&m));
	CU_ASSERT_EQUAL(wizard_model_forecast_text(&m, 0, buf, sizeof buf), 1);
	CU_ASSERT_STRING_EQUAL(buf, "sampling the dirty rate...");

	/* in: an idle guest over b's 10 Gbit/s link converges in one pass */
	CU_ASSERT_EQUAL(wizard_model_sample_put(&m, samples(1, 0.0, NULL), 1), 1);
	CU_ASSERT_EQUAL(m.sample.state, WIZARD_VERDICT_DONE);
	wizard_model_forecast_text(&m, 0, buf, sizeof buf);
	CU_ASSERT_EQUAL(strncmp(buf, "converges: about ", 17), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, ", 1 pass, downtime about "));

	/* the row is the engine's short form of the model's forecast */
	struct forecast fc;
	char brief[1024];
	wizard_model_forecast(&m, 0, &fc);
	CU_ASSERT_EQUAL(fc.verdict, FORECAST_CONVERGES);
	CU_ASSERT_EQUAL(fc.in.ram_bytes, 2 * FX_GIB);
	CU_ASSERT_STRING_EQUAL(fc.in.throughput_from, "link speed");
	CU_ASSERT_STRING_EQUAL(forecast_brief(&fc, brief, sizeof brief), buf);

	/* a guest whose rate could not be sampled: unknown, with the reason */
	wizard_model_sample_begin(&m);
	wizard_model_sample_put(&m, samples(1, -1, "VM vm1 is paused on host a"), 1);
	wizard_model_forecast_text(&m, 0, buf, sizeof buf);
	CU_ASSERT_EQUAL(strncmp(buf, "unknown: the dirty rate is not known: VM vm1 is paused", 54),
			0);

	/* storage only: no forecast applies, the row says "-"; the sample is
	 * not for this move (and is again once the move changes host again) */
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_FALSE(wizard_model_forecast_applies(&m));
	CU_ASSERT_FALSE(wizard_model_sample_current(&m));
	CU_ASSERT_EQUAL(wizard_model_forecast_text(&m, 0, buf, sizeof buf), 0);
	CU_ASSERT_STRING_EQUAL(buf, "-");

	wizard_model_free(&m);
	fx_free(f);
}

/* A cold VM gets no forecast; a sample that arrives for another move is
 * dropped, and the one under way stays under way. */
static void test_cold_and_stale(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, "a", "vm2", NULL);
	char buf[256];

	fx_vm(f, "vm2")->state = INV_VM_SHUTOFF;
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(&m, "vm1"), 0);
	wizard_model_sample_begin(&m);
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_vm_name(&m, "vm2"), 0);
	CU_ASSERT_FALSE(wizard_model_sample_current(&m));
	CU_ASSERT_EQUAL(wizard_model_sample_put(&m, samples(1, 0.0, NULL), 1), 0);	/* vm1's */
	CU_ASSERT_FALSE(wizard_model_forecast_applies(&m));
	CU_ASSERT_EQUAL(wizard_model_forecast_text(&m, 0, buf, sizeof buf), 0);
	CU_ASSERT_STRING_EQUAL(buf, "-");

	wizard_model_free(&m);
	fx_free(f);
}

/* Two VMs of the move: each its own sample, in the move's order. */
static void test_two_vms(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, "a", "vm2", NULL);
	char buf[1024];

	wizfix_choose_two(&m, f);
	wizfix_verdict_vms(&m, f, "b", 1);
	CU_ASSERT_EQUAL_FATAL(wizard_model_set_target(&m, wizfix_host(f, "b")), 0);
	wizard_model_sample_begin(&m);
	size_t k2 = strcmp(wizard_model_vm_at(&m, 0)->name, "vm2") == 0 ? 0 : 1;
	struct probe_dirty *s = samples(2, 0.0, NULL);
	s[k2].bps = -1.0;
	snprintf(s[k2].why, sizeof s[k2].why, "VM vm2 is paused on host a");
	CU_ASSERT_EQUAL(wizard_model_sample_put(&m, s, 2), 1);
	wizard_model_forecast_text(&m, 1 - k2, buf, sizeof buf);
	CU_ASSERT_EQUAL(strncmp(buf, "converges: ", 11), 0);
	wizard_model_forecast_text(&m, k2, buf, sizeof buf);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "unknown: the dirty rate is not known: VM vm2 is paused"));
	wizard_model_free(&m);
	fx_free(f);
}

/* The sampler's thread: every VM at once, taken once, never waiting;
 * here the hosts have no libvirt connection: unknown, naming the host. */
static void test_sampler_thread(void)
{
	struct wizard_model m;
	struct fx *f = setup(&m);
	const char *names[] = { "vm1", "nosuch" };
	struct probe_dirty *out = NULL;
	size_t n = 0;
	struct dirtysample *ds = dirtysample_start(&f->inv, names, 2, PLAN_KIND_COMPUTE);

	CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
	for (int i = 0; i < 1000 && !dirtysample_take(ds, &out, &n); i++) {
		struct timespec ts = { 0, 10000000L };
		nanosleep(&ts, NULL);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_TRUE(out[0].bps < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out[0].why, "host a is not reachable"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out[1].why, "VM nosuch is on none of the hosts read"));
	CU_ASSERT_FALSE(dirtysample_take(ds, &out, &n));	/* once */
	dirtysample_free(ds);

	/* into the model: the row says why */
	char buf[1024];
	wizard_model_sample_begin(&m);
	CU_ASSERT_EQUAL(wizard_model_sample_put(&m, out, 1), 1);
	wizard_model_forecast_text(&m, 0, buf, sizeof buf);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "unknown: the dirty rate is not known: host a is not "
					   "reachable"));
	wizard_model_free(&m);
	fx_free(f);
	dirtysample_free(NULL);
}

static const struct unit_test tests[] = {
	{ "the row: not sampled, sampling, converges, unknown, none", test_row_states },
	{ "a cold VM: none; a sample for another move: dropped", test_cold_and_stale },
	{ "two VMs: a sample each, in the move's order", test_two_vms },
	{ "the sampler's thread: every VM, taken once", test_sampler_thread },
	{ NULL, NULL }
};

int test_wizard_model_forecast_register(void);
int test_wizard_model_forecast_register(void)
{
	return unit_add_suite("wizard_model_forecast", tests);
}

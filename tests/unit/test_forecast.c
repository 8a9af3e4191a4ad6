/* tests/unit/test_forecast.c — suite "forecast": the model of a live move
 * (engine/forecast.c) with real figures: an idle guest in one pass, a
 * guest dirtying at half the link's rate in geometric passes, the ladder's
 * steps (the allowed downtime raised, auto-converge, post-copy), the time
 * budget, and unknown inputs said with their reason. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../engine/forecast.h"

#define MIB 1048576.0
#define NEAR(a, b) (fabs((a) - (b)) < 0.005)

/* vMotion's ladder at Standard priority, the default 300 ms budget. */
static struct forecast_ladder standard(void)
{
	struct forecast_ladder l = { .allowed_ms = 100, .budget_ms = 300, .raise_pass = 5,
				     .auto_converge = 1, .throttle_initial = 20,
				     .throttle_increment = 10, .postcopy_pass = 0,
				     .postcopy_why_not = "post-copy is for High priority only",
				     .max_time_s = 0, .setup_s = FORECAST_SETUP_S };
	return l;
}

static struct forecast_input input(double ram_mib, double dirty_mibs, double link_mibs)
{
	struct forecast_input in;

	memset(&in, 0, sizeof in);
	in.ram_bytes = (unsigned long long)(ram_mib * MIB);
	in.ram_from = "configured";
	in.dirty_bps = dirty_mibs * MIB;
	in.dirty_from = "sampled";
	in.throughput_bps = link_mibs * MIB;
	in.throughput_from = "link speed";
	return in;
}

static void test_idle_one_pass(void)
{
	struct forecast_input in = input(128, 0, 100);
	struct forecast_ladder l = standard();
	struct forecast f;

	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_CONVERGES);
	CU_ASSERT_EQUAL(f.step, FORECAST_STEP_NONE);
	CU_ASSERT_EQUAL(f.passes, 1);
	CU_ASSERT_EQUAL(f.iterations, 3);
	CU_ASSERT(NEAR(f.total_s, 2.0 + 1.28));
	CU_ASSERT(NEAR(f.downtime_ms, 0.0));
	CU_ASSERT_STRING_EQUAL(forecast_verdict_name(f.verdict), "converges");
}

static void test_half_rate_geometric(void)
{
	/* 128 MiB at 100 MiB/s, 50 MiB/s dirtied: 128, 64, 32, 16 MiB sent,
	 * 8 MiB left go in 80 ms, within the 100 ms allowed */
	struct forecast_input in = input(128, 50, 100);
	struct forecast_ladder l = standard();
	struct forecast f;

	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_CONVERGES);
	CU_ASSERT_EQUAL(f.passes, 4);
	CU_ASSERT(NEAR(f.downtime_ms, 80.0));
	CU_ASSERT(NEAR(f.total_s, 2.0 + 1.28 + 0.64 + 0.32 + 0.16 + 0.08));
	CU_ASSERT_EQUAL(f.throttle, 0);
}

static void test_raise_downtime(void)
{
	/* 1 GiB at 100 MiB/s, 45 MiB/s dirtied (below auto-converge's half):
	 * 42 MiB left after pass 4 need 420 ms; pass 5 starts with 300 ms
	 * allowed and leaves 18.9 MiB, 189 ms */
	struct forecast_input in = input(1024, 45, 100);
	struct forecast_ladder l = standard();
	struct forecast f;

	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_ESCALATES);
	CU_ASSERT_EQUAL(f.step, FORECAST_STEP_DOWNTIME);
	CU_ASSERT_STRING_EQUAL(forecast_step_name(f.step), "downtime");
	CU_ASSERT_EQUAL(f.passes, 5);
	CU_ASSERT_EQUAL(f.allowed_ms, 300);
	CU_ASSERT(fabs(f.downtime_ms - 188.96) < 0.1);
	CU_ASSERT(fabs(f.total_s - 20.464) < 0.01);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "from 100 to 300 ms at pass 5"));

	/* High priority allows the whole budget from the start: no step */
	l.allowed_ms = 300;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_CONVERGES);
	CU_ASSERT_EQUAL(f.passes, 5);
}

static void test_above_link_budget(void)
{
	/* the lab's flat-out guest: 20 MiB/s dirtied on a 16 MiB/s link, a
	 * 25 s budget: every pass sends all 128 MiB (8 s); the budget is
	 * spent in pass 3, auto-converge only at 20 % */
	struct forecast_input in = input(128, 20, 16);
	struct forecast_ladder l = standard();
	struct forecast f;

	l.max_time_s = 25;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_FAILS);
	CU_ASSERT_EQUAL(f.passes, 3);
	CU_ASSERT(NEAR(f.total_s, 25.0));
	CU_ASSERT(f.downtime_ms < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "time budget of 25 s"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "20.0 MiB/s against 16.0 MiB/s"));
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "High priority only"));
}

static void test_above_link_auto_converge(void)
{
	/* no budget: auto-converge throttles the guest 10 % more every second
	 * look until it dirties less than the link carries */
	struct forecast_input in = input(128, 20, 16);
	struct forecast_ladder l = standard();
	struct forecast f;

	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_ESCALATES);
	CU_ASSERT_EQUAL(f.step, FORECAST_STEP_AUTO_CONVERGE);
	CU_ASSERT(f.throttle >= 30);
	CU_ASSERT(f.passes > 5);
	CU_ASSERT(f.downtime_ms >= 0 && f.downtime_ms <= 300.0);
}

static void test_postcopy(void)
{
	/* High priority, a KVM guest: post-copy as pass 8 starts */
	struct forecast_input in = input(128, 20, 16);
	struct forecast_ladder l = standard();
	struct forecast f;

	l.allowed_ms = 300;
	l.postcopy_pass = 8;
	l.postcopy_why_not = NULL;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_ESCALATES);
	CU_ASSERT_EQUAL(f.step, FORECAST_STEP_POSTCOPY);
	CU_ASSERT_EQUAL(f.passes, 7);
	CU_ASSERT(f.downtime_ms < 0);	/* the switch is not modelled */
	CU_ASSERT(f.total_s > 2.0 + 7 * 6.0);
	CU_ASSERT_STRING_EQUAL(forecast_step_name(f.step), "post-copy");
}

static void test_no_ladder_never(void)
{
	/* shared-nothing: no step; dirtying faster than the link, no budget */
	struct forecast_input in = input(128, 20, 16);
	struct forecast_ladder l = { .allowed_ms = 300, .budget_ms = 300,
				     .postcopy_why_not = "a shared-nothing move has no escalation ladder",
				     .setup_s = FORECAST_SETUP_S };
	struct forecast f;

	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_FAILS);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "never converges"));
}

static void test_disks_first(void)
{
	/* shared-nothing: 1 GiB of disks, then an idle guest's 128 MiB */
	struct forecast_input in = input(128, 0, 100);
	struct forecast_ladder l = { .allowed_ms = 300, .budget_ms = 300,
				     .setup_s = FORECAST_SETUP_S };
	struct forecast f;

	in.disk_bytes = 1024ULL * 1024 * 1024;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_CONVERGES);
	CU_ASSERT(NEAR(f.total_s, 2.0 + 10.24 + 1.28));
}

static void test_budget_too_short(void)
{
	/* an idle guest converges in 3.28 s: a budget of 3 s aborts it */
	struct forecast_input in = input(128, 0, 100);
	struct forecast_ladder l = standard();
	struct forecast f;

	l.max_time_s = 3;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_FAILS);
	CU_ASSERT(NEAR(f.total_s, 3.0));
	l.max_time_s = 4;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_CONVERGES);
}

static void test_unknown_inputs(void)
{
	struct forecast_ladder l = standard();
	struct forecast f;
	struct forecast_input in = input(128, 0, 100);

	in.dirty_bps = -1.0;
	strcpy(in.dirty_why, "libvirt or QEMU on host a cannot sample the dirty rate of VM vm1");
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_UNKNOWN);
	CU_ASSERT_EQUAL(f.passes, 0);
	CU_ASSERT(f.total_s < 0 && f.downtime_ms < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "dirty rate is not known: libvirt or QEMU"));

	in = input(128, 0, 0);
	strcpy(in.throughput_why, "no throughput figure for a -> b");
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "throughput is not known: no throughput figure"));

	in = input(0, 0, 100);
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.reason, "memory size is not known"));
	CU_ASSERT_STRING_EQUAL(forecast_verdict_name(FORECAST_UNKNOWN), "unknown");
	CU_ASSERT_PTR_NULL(forecast_step_name(FORECAST_STEP_NONE));
}

/* The short form (engine/forecast_brief.c): the verdict, its step, then
 * the figures that are known; the reason when there are none. */
static void test_brief(void)
{
	struct forecast_input in = input(1024, 45, 100);
	struct forecast_ladder l = standard();
	struct forecast f;
	char buf[600];

	forecast_compute(&in, &l, &f);	/* escalates on the downtime step: 20.464 s */
	CU_ASSERT_STRING_EQUAL(forecast_brief(&f, buf, sizeof buf),
			       "escalates (downtime): about 20 s, 5 passes, downtime about 189 ms");
	in = input(128, 0, 100);	/* idle: 2 s set-up and 1.28 s */
	forecast_compute(&in, &l, &f);
	CU_ASSERT_STRING_EQUAL(forecast_brief(&f, buf, sizeof buf),
			       "converges: about 3.3 s, 1 pass, downtime about 0 ms");
	in = input(128, 20, 16);	/* post-copy: no downtime figure */
	l.allowed_ms = 300;
	l.postcopy_pass = 8;
	l.postcopy_why_not = NULL;
	forecast_compute(&in, &l, &f);
	forecast_brief(&f, buf, sizeof buf);
	CU_ASSERT_EQUAL(strncmp(buf, "escalates (post-copy): about ", 29), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, ", 7 passes"));
	CU_ASSERT_PTR_NULL(strstr(buf, "downtime"));
	in = input(128, 20, 16);	/* no ladder: never, said with the reason */
	l = standard();
	l.max_time_s = 5;
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_FAILS);
	forecast_brief(&f, buf, sizeof buf);
	CU_ASSERT_EQUAL(strncmp(buf, "fails: the time budget of 5 s is spent", 38), 0);
	in.dirty_bps = -1;
	snprintf(in.dirty_why, sizeof in.dirty_why, "VM x is paused on host a");
	forecast_compute(&in, &l, &f);
	CU_ASSERT_STRING_EQUAL(forecast_brief(&f, buf, sizeof buf),
			       "unknown: the dirty rate is not known: VM x is paused on host a");
	CU_ASSERT_STRING_EQUAL(forecast_brief(&f, buf, 8), "unknown");	/* cut, terminated */
}

static void test_resident_to_send(void)
{
	/* 128 MiB of RAM of which 48 MiB resident, idle, 16 MiB/s: pass 1 sends
	 * the 48 MiB (3 s), not the 128 (8 s) */
	struct forecast_input in = input(128, 0, 16);
	struct forecast_ladder l = standard();
	struct forecast f;

	in.send_bytes = (unsigned long long)(48 * MIB);
	in.send_from = "resident";
	forecast_compute(&in, &l, &f);
	CU_ASSERT_EQUAL(f.verdict, FORECAST_CONVERGES);
	CU_ASSERT_EQUAL(f.passes, 1);
	CU_ASSERT(NEAR(f.total_s, 2.0 + 3.0));
	/* dirtying 8 MiB/s: pass 2 sends what pass 1's 3 s dirtied (24 MiB) */
	in.dirty_bps = 8 * MIB;
	forecast_compute(&in, &l, &f);
	CU_ASSERT(f.passes > 1);
	CU_ASSERT(f.total_s > 2.0 + 3.0 + 1.5 - 0.01);
	/* more than the RAM, or unknown (0): the whole RAM */
	in.dirty_bps = 0;
	in.send_bytes = (unsigned long long)(200 * MIB);
	forecast_compute(&in, &l, &f);
	CU_ASSERT(NEAR(f.total_s, 2.0 + 8.0));
	in.send_bytes = 0;
	forecast_compute(&in, &l, &f);
	CU_ASSERT(NEAR(f.total_s, 2.0 + 8.0));
}

static void test_json(void)
{
	struct forecast_input in = input(128, 0, 16);
	struct forecast_ladder l = standard();
	struct forecast f;
	char *j;

	in.send_bytes = (unsigned long long)(48 * MIB);
	in.send_from = "resident";
	forecast_compute(&in, &l, &f);
	j = forecast_json(&f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	const char *head = "{\"verdict\":\"converges\",\"escalation\":null,";
	CU_ASSERT_EQUAL(strncmp(j, head, strlen(head)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"ram_bytes\":134217728,\"ram_from\":\"configured\","
				       "\"send_bytes\":50331648,\"send_from\":\"resident\","));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"total_s\":5.000,"));
	CU_ASSERT_EQUAL(j[strlen(j) - 1], '}');
	free(j);
	/* the whole RAM when the resident part is not known */
	in.send_bytes = 0;
	forecast_compute(&in, &l, &f);
	j = forecast_json_record(&f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"send_bytes\":134217728,\"send_from\":\"RAM\","));
	free(j);
	/* a reason with quotes is escaped */
	in.dirty_bps = -1;
	snprintf(in.dirty_why, sizeof in.dirty_why, "VM \"x\\y\" is paused");
	forecast_compute(&in, &l, &f);
	j = forecast_json(&f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"verdict\":\"unknown\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "VM \\\"x\\\\y\\\" is paused"));
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"passes\":null,"));
	free(j);
	/* no forecast applies: the record keeps null */
	memset(&f, 0, sizeof f);
	f.verdict = FORECAST_NONE;
	CU_ASSERT_PTR_NULL(forecast_json_record(&f));
	CU_ASSERT_PTR_NULL(forecast_json_record(NULL));
	j = forecast_json(&f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_PTR_NOT_NULL(strstr(j, "\"inputs\":null}"));
	free(j);
}

static const struct unit_test tests[] = {
	{ "idle: 128 MiB, nothing dirtied, 100 MiB/s: one pass", test_idle_one_pass },
	{ "half the link's rate dirtied: geometric passes", test_half_rate_geometric },
	{ "the allowed downtime raised at pass 5 makes it converge", test_raise_downtime },
	{ "dirtying above the link's rate: the time budget is spent", test_above_link_budget },
	{ "dirtying above the link's rate, no budget: auto-converge", test_above_link_auto_converge },
	{ "High priority, KVM: post-copy at pass 8", test_postcopy },
	{ "no ladder, dirtying above the link's rate: never", test_no_ladder_never },
	{ "shared-nothing: the disks before the memory", test_disks_first },
	{ "a budget shorter than the move: fails", test_budget_too_short },
	{ "unknown inputs: unknown with the reason", test_unknown_inputs },
	{ "the short form: verdict, step, figures or the reason", test_brief },
	{ "pass 1 sends the resident memory, not all of the RAM", test_resident_to_send },
	{ "the JSON object: what pass 1 sends, escapes, null for none", test_json },
	{ NULL, NULL }
};

int test_forecast_register(void);
int test_forecast_register(void)
{
	return unit_add_suite("forecast", tests);
}

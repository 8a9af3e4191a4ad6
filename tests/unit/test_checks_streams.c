/* tests/unit/test_checks_streams.c — suite "checks_streams": the streams.*
 * findings of a live move (engine/checks_streams.c) on the fixture's hosts
 * (libvirt 9.0.0, QEMU 8.2.0, a 10 Gbit/s link of 1 ms). */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_nothing_asked(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "streams.plan");
	FX_LACKS(f, "streams.unsupported");
	FX_LACKS(f, "streams.compress");
	fx_free(f);
}

static void test_parallel(void)
{
	struct fx *f = fx_new();

	f->plan.connections = 4;
	CU_ASSERT_EQUAL(fx_run(f), 0);
	FX_HAS(f, "streams.plan", FINDING_INFO);
	const struct finding *x = fx_get(f, "streams.plan");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->message, "4 parallel streams, no compression"));
	FX_LACKS(f, "streams.postcopy");
	f->plan.priority = PLAN_PRIORITY_HIGH;
	fx_run(f);
	FX_HAS(f, "streams.postcopy", FINDING_INFO);
	fx_free(f);
}

/* What libvirt 9.0 cannot do is an error before start, naming the host. */
static void test_unsupported(void)
{
	struct fx *f = fx_new();

	f->plan.connections = 4;
	f->plan.compress = PLAN_COMPRESS_ZSTD;
	CU_ASSERT_EQUAL(fx_run(f), 1);
	FX_HAS(f, "streams.unsupported", FINDING_ERROR);
	const struct finding *x = fx_get(f, "streams.unsupported");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->message, "Host 'a' runs libvirt 9.0.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x->hint, "upgrade libvirt"));
	FX_LACKS(f, "streams.plan");
	fx_host(f, "b")->libvirt_version = 5001000;
	f->plan.compress = PLAN_COMPRESS_NONE;
	fx_run(f);
	x = fx_get(f, "streams.unsupported");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->message, "Host 'b' runs libvirt 5.1.0"));
	fx_free(f);
}

/* A slow or long link offers compression in a method both hosts have. */
static void test_offer(void)
{
	struct fx *f = fx_new();

	f->facts.link.speed_mbit = 500.0;
	fx_run(f);
	FX_HAS(f, "streams.compress", FINDING_INFO);
	const struct finding *x = fx_get(f, "streams.compress");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->message, "is slow"));
	CU_ASSERT_PTR_NOT_NULL(strstr(x->hint, "--compress xbzrle"));
	/* with parallel streams on libvirt 9.0: back to one stream for xbzrle */
	f->plan.connections = 4;
	fx_run(f);
	x = fx_get(f, "streams.compress");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->hint, "--connections 1 --compress xbzrle"));
	/* ... and zstd where libvirt has it */
	fx_host(f, "a")->libvirt_version = 9004000;
	fx_host(f, "b")->libvirt_version = 9004000;
	fx_run(f);
	x = fx_get(f, "streams.compress");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->hint, "Give --compress zstd"));
	/* compression asked already: nothing offered */
	f->plan.compress = PLAN_COMPRESS_ZSTD;
	fx_run(f);
	FX_LACKS(f, "streams.compress");
	fx_free(f);

	f = fx_new();
	f->facts.link.rtt_ms = 120.0;
	fx_run(f);
	x = fx_get(f, "streams.compress");
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_PTR_NOT_NULL(strstr(x->message, "is long (round trip 120 ms)"));
	f->facts.link.rtt_ms = 50.0;
	fx_run(f);
	FX_LACKS(f, "streams.compress");
	fx_free(f);
}

static void test_cold(void)
{
	struct fx *f = fx_new();

	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	f->plan.connections = 4;
	f->plan.compress = PLAN_COMPRESS_ZSTD;
	fx_run(f);
	FX_HAS(f, "streams.cold", FINDING_INFO);
	FX_LACKS(f, "streams.unsupported");
	f->plan.connections = 1;
	f->plan.compress = PLAN_COMPRESS_NONE;
	fx_run(f);
	FX_LACKS(f, "streams.cold");
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "nothing asked, nothing said", test_nothing_asked },
	{ "streams.plan; streams.postcopy at High priority", test_parallel },
	{ "streams.unsupported names the host and the fix", test_unsupported },
	{ "streams.compress on a slow or long link", test_offer },
	{ "streams.cold: a shut-off VM", test_cold },
	{ NULL, NULL }
};

int test_checks_streams_register(void);
int test_checks_streams_register(void)
{
	return unit_add_suite("checks_streams", tests);
}

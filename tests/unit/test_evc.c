/* tests/unit/test_evc.c — suite "evc": the ladder, its aliases, and the
 * baseline a cluster of hand-made hosts can offer. */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_ladder_order(void)
{
	static const char *const intel[] = {
		"Conroe", "Penryn", "Nehalem", "Westmere", "SandyBridge", "IvyBridge",
		"Haswell", "Broadwell", "Skylake-Server",
	};
	static const char *const amd[] = {
		"Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5",
		"EPYC", "EPYC-Rome",
	};
	size_t n;
	const struct evc_level *l = evc_levels(&n);

	CU_ASSERT_EQUAL_FATAL(n, 16);
	for (size_t i = 0; i < 9; i++) {
		CU_ASSERT_STRING_EQUAL(l[i].model, intel[i]);
		CU_ASSERT_STRING_EQUAL(l[i].vendor, "Intel");
		CU_ASSERT_EQUAL(evc_level_index(intel[i]), (int)i);
	}
	for (size_t i = 0; i < 7; i++) {
		CU_ASSERT_STRING_EQUAL(l[9 + i].model, amd[i]);
		CU_ASSERT_STRING_EQUAL(l[9 + i].vendor, "AMD");
		CU_ASSERT_EQUAL(evc_level_index(amd[i]), (int)(9 + i));
	}
	CU_ASSERT_STRING_EQUAL(l[0].code, "L0");
	CU_ASSERT_STRING_EQUAL(l[0].label, "Intel Merom Generation (Xeon Core 2)");
	CU_ASSERT_STRING_EQUAL(l[6].code, "L6");
	CU_ASSERT_STRING_EQUAL(l[8].code, "L8");
	CU_ASSERT_STRING_EQUAL(l[11].code, "A3");
	CU_ASSERT_STRING_EQUAL(l[13].code, "B2");
	CU_ASSERT_STRING_EQUAL(l[13].label, "AMD Opteron Piledriver Generation");
	CU_ASSERT_STRING_EQUAL(l[14].label, "AMD EPYC Zen");
	CU_ASSERT_STRING_EQUAL(l[15].code, "B4");
}

static void test_aliases(void)
{
	static const struct {
		const char *alias, *model;
	} cases[] = {
		{ "Haswell-noTSX", "Haswell" },
		{ "Haswell-IBRS", "Haswell" },
		{ "Haswell-noTSX-IBRS", "Haswell" },
		{ "Nehalem-IBRS", "Nehalem" },
		{ "Westmere-IBRS", "Westmere" },
		{ "SandyBridge-IBRS", "SandyBridge" },
		{ "IvyBridge-IBRS", "IvyBridge" },
		{ "Broadwell-noTSX-IBRS", "Broadwell" },
		{ "Skylake-Server-IBRS", "Skylake-Server" },
		{ "Skylake-Client-noTSX-IBRS", "Skylake-Server" },
		{ "EPYC-IBPB", "EPYC" },
		{ "EPYC-v3", "EPYC" },
		{ "EPYC-Rome-v2", "EPYC-Rome" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CU_ASSERT_EQUAL(evc_level_index(cases[i].alias), evc_level_index(cases[i].model));
	CU_ASSERT_EQUAL(evc_level_index("EPYC-Milan"), -1);	/* newer than the ladder */
	CU_ASSERT_EQUAL(evc_level_index("Cascadelake-Server"), -1);
	CU_ASSERT_EQUAL(evc_level_index("Haswellx"), -1);
	CU_ASSERT_EQUAL(evc_level_index("qemu64"), -1);
	CU_ASSERT_EQUAL(evc_level_index(""), -1);
	CU_ASSERT_EQUAL(evc_level_index(NULL), -1);
	CU_ASSERT_TRUE(evc_level_index("Haswell") > evc_level_index("Nehalem"));
}

static void test_host_supports(void)
{
	struct fx *f = fx_new();
	struct inv_host *a = fx_host(f, "a");
	size_t n;
	const struct evc_level *l = evc_levels(&n);

	CU_ASSERT_EQUAL(evc_host_supports(a, &l[evc_level_index("Haswell")]), 1);
	CU_ASSERT_EQUAL(evc_host_supports(a, &l[evc_level_index("Skylake-Server")]), 0);
	CU_ASSERT_EQUAL(evc_host_supports(a, &l[evc_level_index("EPYC")]), -1);
	a->reachable = 0;
	CU_ASSERT_EQUAL(evc_host_supports(a, &l[evc_level_index("Haswell")]), -1);
	CU_ASSERT_EQUAL(evc_host_supports(NULL, &l[0]), -1);
	fx_free(f);
}

static void test_baseline_common(void)
{
	struct fx *f = fx_new();
	struct vm_error err;
	const char *model = NULL;

	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, fx_cluster(f), &model, &err), 0);
	CU_ASSERT_STRING_EQUAL(model, "Broadwell");
	fx_cpu_model(f, "b", "Haswell", "Intel", 0);	/* b: a gap at Haswell */
	fx_cpu_model(f, "b", "Broadwell", "Intel", 0);
	fx_cpu_model(f, "c", "Skylake-Server", "Intel", 1);
	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, fx_cluster(f), &model, &err), 0);
	CU_ASSERT_STRING_EQUAL(model, "IvyBridge");
	fx_free(f);
}

static void test_baseline_mixed_vendors(void)
{
	struct fx *f = fx_new();
	struct vm_error err;
	const char *model = "x";

	fx_host(f, "c")->cpu_vendor = fx_s(f, "AMD");
	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, fx_cluster(f), &model, &err), -1);
	CU_ASSERT_PTR_NULL(model);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "ixed vendors in cluster 'lab': a is Intel, "
				      "c is AMD; EVC needs one vendor"));
	fx_free(f);
}

static void test_baseline_none(void)
{
	struct fx *f = fx_new();
	struct vm_error err;
	const char *model = NULL;

	fx_no_cpu_models(f, "b");
	fx_cpu_model(f, "b", "Conroe", "Intel", 0);
	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, fx_cluster(f), &model, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cluster 'lab'"));
	fx_free(f);
}

static void test_baseline_unreachable(void)
{
	struct fx *f = fx_new();
	struct vm_error err;
	const char *model = NULL;

	fx_host(f, "b")->reachable = 0;
	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, fx_cluster(f), &model, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "'b'"));
	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, NULL, &model, &err), -1);
	fx_free(f);
}

static void test_baseline_amd(void)
{
	struct fx *f = fx_new();
	struct vm_error err;
	const char *model = NULL;
	static const char *const hosts[] = { "a", "b", "c" };

	for (size_t i = 0; i < 3; i++) {
		fx_host(f, hosts[i])->cpu_vendor = fx_s(f, "AuthenticAMD");
		fx_no_cpu_models(f, hosts[i]);
		fx_cpu_model(f, hosts[i], "Opteron_G3", "AMD", 1);
		fx_cpu_model(f, hosts[i], "EPYC", "AMD", 1);
	}
	fx_cpu_model(f, "a", "EPYC-Rome", "AMD", 1);
	CU_ASSERT_EQUAL(evc_cluster_baseline(&f->inv, fx_cluster(f), &model, &err), 0);
	CU_ASSERT_STRING_EQUAL(model, "EPYC");
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "ladder order, codes and labels", test_ladder_order },
	{ "QEMU model aliases", test_aliases },
	{ "evc_host_supports", test_host_supports },
	{ "cluster baseline: common level", test_baseline_common },
	{ "cluster baseline: mixed vendors", test_baseline_mixed_vendors },
	{ "cluster baseline: none usable", test_baseline_none },
	{ "cluster baseline: unreachable host", test_baseline_unreachable },
	{ "cluster baseline: AMD", test_baseline_amd },
	{ NULL, NULL }
};

int test_evc_register(void);
int test_evc_register(void)
{
	return unit_add_suite("evc", tests);
}

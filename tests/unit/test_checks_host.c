/* tests/unit/test_checks_host.c — suite "checks_host": CPU, EVC, hypervisor
 * and memory of the target host. */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_cpu_vendor(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "cpu.vendor");
	fx_host(f, "b")->cpu_vendor = fx_s(f, "AMD");
	fx_run(f);
	FX_HAS(f, "cpu.vendor", FINDING_ERROR);
	fx_host(f, "b")->cpu_vendor = NULL;		/* unknown: no judgement */
	fx_run(f);
	FX_LACKS(f, "cpu.vendor");
	/* the VM's own <vendor> wins over the source host's */
	fx_host(f, "b")->cpu_vendor = fx_s(f, "GenuineIntel");
	fx_vm(f, "vm1")->cpu_vendor = fx_s(f, "AMD");
	fx_run(f);
	FX_HAS(f, "cpu.vendor", FINDING_ERROR);
	fx_free(f);
}

static void test_cpu_passthrough(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "cpu.passthrough");
	vm->cpu_mode = fx_s(f, "host-passthrough");
	vm->cpu_model = NULL;
	fx_run(f);
	FX_HAS(f, "cpu.passthrough", FINDING_WARNING);	/* identical CPUs */
	FX_LACKS(f, "cpu.unchecked");
	fx_host(f, "b")->cpu_model = fx_s(f, "Skylake-Client-IBRS");
	fx_run(f);
	FX_HAS(f, "cpu.passthrough", FINDING_ERROR);
	fx_free(f);
}

static void test_cpu_model_unusable(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "cpu.model-unusable");
	fx_cpu_model(f, "b", "Nehalem", "Intel", 0);
	fx_run(f);
	FX_HAS(f, "cpu.model-unusable", FINDING_ERROR);
	fx_free(f);
}

static void test_cpu_incompatible(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "cpu.incompatible");
	f->facts.cpu = CPU_VERDICT_INCOMPATIBLE;
	strcpy(f->facts.cpu_detail, "Host CPU does not provide required features: avx2");
	fx_run(f);
	FX_HAS(f, "cpu.incompatible", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "cpu.incompatible")->message, "avx2"));
	fx_free(f);
}

static void test_cpu_unchecked(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "cpu.unchecked");
	f->facts.cpu = CPU_VERDICT_UNKNOWN;
	fx_run(f);
	FX_HAS(f, "cpu.unchecked", FINDING_WARNING);
	f->use_facts = NULL;
	fx_run(f);
	FX_HAS(f, "cpu.unchecked", FINDING_WARNING);
	fx_free(f);
}

static void test_cpu_host_model(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "cpu.host-model");
	vm->cpu_mode = fx_s(f, "host-model");
	vm->cpu_model = NULL;
	fx_run(f);
	FX_HAS(f, "cpu.host-model", FINDING_INFO);
	vm->state = INV_VM_SHUTOFF;
	fx_host(f, "b")->host_model = fx_s(f, "Skylake-Client-IBRS");
	fx_run(f);
	FX_HAS(f, "cpu.host-model", FINDING_WARNING);	/* the guest's CPU changes */
	fx_free(f);
}

/* Cluster "lab" with EVC at model MODEL (NULL: auto). */
static void evc(struct fx *f, const char *model)
{
	struct config_cluster *cl = fx_cluster(f);

	cl->evc = model ? CONFIG_EVC_MODEL : CONFIG_EVC_AUTO;
	cl->evc_model = fx_s(f, model);
}

static void test_evc_exceeds(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	evc(f, "Nehalem");
	fx_run(f);
	FX_LACKS(f, "evc.exceeds");
	vm->cpu_model = fx_s(f, "Haswell-noTSX");
	fx_run(f);
	FX_HAS(f, "evc.exceeds", FINDING_ERROR);
	const struct finding *it = fx_get(f, "evc.exceeds");

	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "above the EVC baseline Nehalem of cluster 'lab'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "Nehalem or below"));
	/* EVC off: no judgement */
	fx_cluster(f)->evc = CONFIG_EVC_OFF;
	fx_run(f);
	FX_LACKS(f, "evc.exceeds");
	fx_free(f);
}

static void test_evc_auto(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	evc(f, NULL);			/* every host: up to Broadwell */
	vm->cpu_model = fx_s(f, "Broadwell");
	fx_run(f);
	FX_LACKS(f, "evc.exceeds");
	FX_LACKS(f, "evc.baseline-unknown");
	fx_cpu_model(f, "c", "Broadwell", "Intel", 0);	/* c stops at Haswell */
	fx_run(f);
	FX_HAS(f, "evc.exceeds", FINDING_ERROR);
	fx_host(f, "c")->reachable = 0;
	fx_run(f);
	FX_HAS(f, "evc.baseline-unknown", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "evc.baseline-unknown")->message, "'c'"));
	FX_LACKS(f, "evc.exceeds");
	/* c not read by this command and not in the facts cache: said so */
	fx_host(f, "c")->skipped = 1;
	fx_run(f);
	FX_HAS(f, "evc.baseline-unknown", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "evc.baseline-unknown")->message,
				      "'c' of cluster 'lab' was not read by this command"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "evc.baseline-unknown")->hint, "virt-migrate hosts"));
	/* c not read by this command, its CPU models from the facts cache: it
	 * counts, and the finding says how old its models are */
	fx_host(f, "c")->cpu_cached = f->facts.now - 600;
	fx_run(f);
	FX_LACKS(f, "evc.baseline-unknown");
	FX_HAS(f, "evc.exceeds", FINDING_ERROR);
	FX_HAS(f, "evc.cached", FINDING_INFO);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "evc.cached")->message,
				      "counts host c with the CPU models it reported 10 min ago"));
	fx_free(f);
}

static void test_evc_vendor(void)
{
	struct fx *f = fx_new();

	evc(f, "Westmere");
	fx_run(f);
	FX_LACKS(f, "evc.vendor");
	fx_vm(f, "vm1")->cpu_model = fx_s(f, "Opteron_G3");
	fx_run(f);
	FX_HAS(f, "evc.vendor", FINDING_ERROR);
	FX_LACKS(f, "evc.exceeds");
	fx_free(f);
}

static void test_evc_passthrough(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	vm->cpu_mode = fx_s(f, "host-passthrough");
	fx_run(f);
	FX_LACKS(f, "evc.passthrough");
	evc(f, "Haswell");
	fx_run(f);
	FX_HAS(f, "evc.passthrough", FINDING_ERROR);
	fx_free(f);
}

static void test_evc_host_model(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	evc(f, "Haswell");
	fx_run(f);
	FX_LACKS(f, "evc.host-model");
	vm->cpu_mode = fx_s(f, "host-model");
	vm->cpu_model = NULL;
	fx_run(f);
	FX_HAS(f, "evc.host-model", FINDING_WARNING);
	fx_free(f);
}

static void test_evc_model_unknown(void)
{
	struct fx *f = fx_new();

	evc(f, "Haswell");
	fx_run(f);
	FX_LACKS(f, "evc.model-unknown");
	fx_vm(f, "vm1")->cpu_model = fx_s(f, "qemu64");
	fx_run(f);
	FX_HAS(f, "evc.model-unknown", FINDING_INFO);
	fx_free(f);
}

static void test_hv_driver(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "hv.driver");
	fx_host(f, "b")->hv_type = fx_s(f, "Xen");
	fx_run(f);
	FX_HAS(f, "hv.driver", FINDING_ERROR);
	fx_free(f);
}

static void test_hv_older_qemu(void)
{
	struct fx *f = fx_new();
	struct inv_host *a = fx_host(f, "a"), *b = fx_host(f, "b");

	b->hv_version = 9000000;		/* newer target */
	fx_run(f);
	FX_LACKS(f, "hv.older-qemu");
	b->hv_version = 7002000;		/* 7.2 < 8.2 */
	fx_run(f);
	FX_HAS(f, "hv.older-qemu", FINDING_ERROR);
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_HAS(f, "hv.older-qemu", FINDING_WARNING);
	fx_vm(f, "vm1")->state = INV_VM_RUNNING;
	a->hv_version = 8002005;		/* only the release differs */
	b->hv_version = 8002001;
	fx_run(f);
	FX_HAS(f, "hv.older-qemu", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "hv.older-qemu")->message, "8.2.1"));
	fx_free(f);
}

static void test_hv_older_libvirt(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "hv.older-libvirt");
	fx_host(f, "b")->libvirt_version = 8000000;
	fx_run(f);
	FX_HAS(f, "hv.older-libvirt", FINDING_WARNING);
	fx_free(f);
}

static void test_mem_insufficient(void)
{
	struct fx *f = fx_new();
	struct inv_host *b = fx_host(f, "b");

	fx_run(f);
	FX_LACKS(f, "mem.insufficient");
	b->mem_free_kib = 1024 * 1024;		/* 1 GiB < 2 GiB */
	fx_run(f);
	FX_HAS(f, "mem.insufficient", FINDING_ERROR);
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_HAS(f, "mem.insufficient", FINDING_WARNING);
	fx_free(f);
}

static void test_mem_low(void)
{
	struct fx *f = fx_new();
	struct inv_host *b = fx_host(f, "b");

	fx_run(f);
	FX_LACKS(f, "mem.low");
	b->mem_free_kib = 5ULL * 1024 * 1024;	/* 3 GiB left of 32: under 10% */
	fx_run(f);
	FX_HAS(f, "mem.low", FINDING_WARNING);
	FX_LACKS(f, "mem.insufficient");
	fx_free(f);
}

static void test_mem_unknown(void)
{
	struct fx *f = fx_new();
	struct inv_host *b = fx_host(f, "b");

	fx_run(f);
	FX_LACKS(f, "mem.unknown");
	b->mem_free_kib = 0;			/* libvirt gave no figure */
	fx_run(f);
	FX_HAS(f, "mem.unknown", FINDING_INFO);
	FX_LACKS(f, "mem.insufficient");
	FX_LACKS(f, "mem.low");
	fx_free(f);
}

static void test_mem_backing(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	vm->memory_backing = fx_s(f, "memfd");
	fx_run(f);
	FX_LACKS(f, "mem.backing");
	vm->memory_backing = fx_s(f, "hugepages");
	fx_run(f);
	FX_HAS(f, "mem.backing", FINDING_WARNING);
	vm->memory_backing = fx_s(f, "file");
	fx_run(f);
	FX_HAS(f, "mem.backing", FINDING_WARNING);
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "cpu.vendor", test_cpu_vendor },
	{ "cpu.passthrough: warning same CPU, error different", test_cpu_passthrough },
	{ "cpu.model-unusable", test_cpu_model_unusable },
	{ "cpu.incompatible quotes libvirt", test_cpu_incompatible },
	{ "cpu.unchecked", test_cpu_unchecked },
	{ "cpu.host-model", test_cpu_host_model },
	{ "evc.exceeds (model baseline)", test_evc_exceeds },
	{ "evc auto baseline, evc.baseline-unknown", test_evc_auto },
	{ "evc.vendor", test_evc_vendor },
	{ "evc.passthrough", test_evc_passthrough },
	{ "evc.host-model", test_evc_host_model },
	{ "evc.model-unknown", test_evc_model_unknown },
	{ "hv.driver", test_hv_driver },
	{ "hv.older-qemu: live, cold, release only", test_hv_older_qemu },
	{ "hv.older-libvirt", test_hv_older_libvirt },
	{ "mem.insufficient: error live, warning cold", test_mem_insufficient },
	{ "mem.low", test_mem_low },
	{ "mem.unknown: no free-memory figure is not an error", test_mem_unknown },
	{ "mem.backing", test_mem_backing },
	{ NULL, NULL }
};

int test_checks_host_register(void);
int test_checks_host_register(void)
{
	return unit_add_suite("checks_host", tests);
}

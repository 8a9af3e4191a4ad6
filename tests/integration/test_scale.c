/* tests/integration/test_scale.c — the engine at scale: 1,000 test:///
 * hosts with 10 VMs each, written at run time by bench/gen-inventory into
 * the scratch directory, all opened at once by inventory_load(), then one
 * VM checked against every other host.
 *
 * The layout is the generator's (see its header): host hNNNN has the
 * network dmz only when NNNN is even; VM hNNNN-vmMM is shut off when MM is
 * even, its disk is on pool shared / local / local2 for (MM - 1) % 3 =
 * 0 / 1 / 2, and its NIC is on dmz for even MM on even hosts, else on vmnet.
 * No timing is asserted here: bench/k1-checks measures it.  How long the
 * load and the checks took goes to the engine log.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "itest.h"
#include "../../engine/engine.h"

#define SCALE_HOSTS 1000
#define SCALE_VMS 10

static struct config cfg;
static int have_cfg;
static struct inventory inv;
static int loaded;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* bench/gen-inventory, found from this file's place in the tree (the
 * runner starts at the top of the tree, as make does). */
static int generator(char *buf, size_t size)
{
	const char *slash = strrchr(__FILE__, '/');
	char guess[PATH_MAX + 32];
	char real[PATH_MAX];

	snprintf(guess, sizeof(guess), "%.*s/../../bench/gen-inventory",
		 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	if (!realpath(guess, real)) {
		fprintf(stderr, "scale suite: no generator at '%s': %s\n", guess, strerror(errno));
		return -1;
	}
	snprintf(buf, size, "%s", real);
	return 0;
}

static int suite_init(void)
{
	char gen[PATH_MAX], dir[PATH_MAX], path[PATH_MAX + 16], err[CONFIG_ERR_MAX];
	char nh[16], nv[16];
	struct inventory_options opt = { HOSTKEY_STRICT };
	struct vm_error e;
	double t0, t1, t2;

	if (generator(gen, sizeof(gen)) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/scale", itest_scratch());
	snprintf(nh, sizeof(nh), "%d", SCALE_HOSTS);
	snprintf(nv, sizeof(nv), "%d", SCALE_VMS);
	const char *argv[] = { gen, "-n", nh, "-m", nv, dir, NULL };
	t0 = now_s();
	if (itest_run(argv, NULL) != 0) {
		fprintf(stderr, "scale suite: %s failed\n", gen);
		return -1;
	}
	t1 = now_s();
	snprintf(path, sizeof(path), "%s/config.ini", dir);
	if (config_load(path, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "scale suite: %s\n", err);
		return -1;
	}
	have_cfg = 1;
	t2 = now_s();
	loaded = inventory_load(&cfg, &opt, &inv, &e) == 0;
	if (!loaded)
		fprintf(stderr, "scale suite: inventory_load: %s\n", e.message);
	engine_log("scale: %d hosts x %d VMs generated in %.3f s, configuration read in "
		   "%.3f s, inventory loaded in %.3f s.", SCALE_HOSTS, SCALE_VMS, t1 - t0,
		   t2 - t1, now_s() - t2);
	return 0;
}

static int suite_clean(void)
{
	inventory_free(&inv);
	if (have_cfg)
		config_free(&cfg);
	have_cfg = 0;
	loaded = 0;
	return 0;
}

static void host_name(char *buf, size_t size, int i)
{
	snprintf(buf, size, "h%04d", i);
}

static const char *expected_pool(int j)
{
	static const char *const pools[] = { "shared", "local", "local2" };
	return pools[(j - 1) % 3];
}

static void test_hosts(void)
{
	size_t unreachable = 0, bad_pools = 0, bad_nets = 0, vms = 0, misnamed = 0;
	char name[16];

	CU_ASSERT_TRUE_FATAL(loaded);
	CU_ASSERT_EQUAL_FATAL(inv.nhosts, SCALE_HOSTS);
	for (size_t k = 0; k < inv.nhosts; k++) {
		const struct inv_host *h = &inv.hosts[k];
		int i = (int)k + 1;
		const struct inv_pool *sh = inv_host_pool(h, "shared");
		const struct inv_pool *l1 = inv_host_pool(h, "local");
		const struct inv_pool *l2 = inv_host_pool(h, "local2");

		host_name(name, sizeof(name), i);
		misnamed += strcmp(h->cfg->name, name) != 0;
		if (!h->reachable) {
			if (unreachable++ == 0)
				fprintf(stderr, "scale: host %s unreachable: %s\n", h->cfg->name,
					h->error.message);
			continue;
		}
		/* three pools, only the netfs one shared, all at the same paths */
		bad_pools += h->npools != 3 || !sh || !l1 || !l2 || !sh->shared || l1->shared
			|| l2->shared || !sh->active || !sh->path
			|| strcmp(sh->path, "/mnt/shared") != 0;
		/* vmnet everywhere, dmz on even hosts */
		bad_nets += h->nnets != (i % 2 ? 1u : 2u) || !inv_host_net(h, "vmnet")
			|| (inv_host_net(h, "dmz") != NULL) != (i % 2 == 0);
		vms += h->nvms;
	}
	CU_ASSERT_EQUAL(misnamed, 0);
	CU_ASSERT_EQUAL(unreachable, 0);
	CU_ASSERT_EQUAL(bad_pools, 0);
	CU_ASSERT_EQUAL(bad_nets, 0);
	CU_ASSERT_EQUAL(vms, (size_t)SCALE_HOSTS * SCALE_VMS);

	const struct inv_host *h = &inv.hosts[1];
	CU_ASSERT_EQUAL(h->mem_total_kib, 536870912ULL);
	CU_ASSERT_PTR_NOT_NULL(h->cpu_model);
	if (h->cpu_model)
		CU_ASSERT_STRING_EQUAL(h->cpu_model, "Intel Xeon Gold 6230");
}

static void test_vms(void)
{
	size_t bad_state = 0, bad_disk = 0, bad_nic = 0, bad_name = 0;
	char name[32];

	CU_ASSERT_TRUE_FATAL(loaded);
	for (size_t k = 0; k < inv.nhosts; k++) {
		const struct inv_host *h = &inv.hosts[k];
		int i = (int)k + 1;

		if (h->nvms != SCALE_VMS) {
			bad_name++;
			continue;
		}
		for (size_t m = 0; m < h->nvms; m++) {
			const struct inv_vm *v = &h->vms[m];
			int j = (int)m + 1;	/* listed in name order */
			const char *net = i % 2 == 0 && j % 2 == 0 ? "dmz" : "vmnet";

			snprintf(name, sizeof(name), "h%04d-vm%02d", i, j);
			bad_name += !v->name || strcmp(v->name, name) != 0;
			bad_state += v->state != (j % 2 ? INV_VM_RUNNING : INV_VM_SHUTOFF);
			bad_disk += v->ndisks != 1 || !v->disks[0].pool
				|| strcmp(v->disks[0].pool, expected_pool(j)) != 0
				|| v->disks[0].capacity != 40ULL << 30
				|| v->disks[0].allocation == 0;
			bad_nic += v->nnics != 1 || !v->nics[0].network
				|| strcmp(v->nics[0].network, net) != 0;
		}
	}
	CU_ASSERT_EQUAL(bad_name, 0);
	CU_ASSERT_EQUAL(bad_state, 0);
	CU_ASSERT_EQUAL(bad_disk, 0);
	CU_ASSERT_EQUAL(bad_nic, 0);

	/* the lookups the checks use, across the whole inventory */
	struct inv_host *where = NULL;
	CU_ASSERT_PTR_NOT_NULL(inventory_vm_find(&inv, "h0001-vm01", &where));
	CU_ASSERT_PTR_EQUAL(where, &inv.hosts[0]);
	CU_ASSERT_PTR_NOT_NULL(inventory_vm_find(&inv, "h1000-vm10", &where));
	CU_ASSERT_PTR_EQUAL(where, &inv.hosts[SCALE_HOSTS - 1]);
	CU_ASSERT_PTR_NULL(inventory_vm_find(&inv, "h1001-vm01", NULL));
}

struct sweep {
	size_t candidates, movable, net_missing, probe_failed;
	size_t net_missing_wrong;	/* net.missing where it should not be, or not where it should */
	size_t other_errors;
};

/* Check VM against every other host, as `virt-migrate check VM` does
 * (probe, then evaluate); NEEDS_DMZ: the VM has a NIC on dmz. */
static void sweep(const char *vmname, int needs_dmz, struct sweep *s)
{
	struct inv_host *src = NULL;
	struct plan p;
	double t0 = now_s();

	memset(s, 0, sizeof(*s));
	CU_ASSERT_PTR_NOT_NULL_FATAL(inventory_vm_find(&inv, vmname, &src));
	memset(&p, 0, sizeof(p));
	p.vm = (char *)vmname;
	p.kind = PLAN_KIND_COMPUTE;
	for (size_t k = 0; k < inv.nhosts; k++) {
		struct inv_host *h = &inv.hosts[k];
		struct check_facts facts;
		struct findings f = { 0 };
		struct vm_error e;
		int lacks_dmz = inv_host_net(h, "dmz") == NULL;
		size_t errors;

		if (h == src)
			continue;
		s->candidates++;
		p.target = (char *)h->cfg->name;
		if (probe_plan(&inv, &p, &facts, &e) != 0) {
			s->probe_failed++;
			checks_evaluate(&inv, &p, NULL, &cfg, &f);
		} else {
			checks_evaluate(&inv, &p, &facts, &cfg, &f);
		}
		errors = f.errors;
		int missing = findings_has(&f, "net.missing");
		s->net_missing += (size_t)missing;
		if (missing != (needs_dmz && lacks_dmz)) {
			if (s->net_missing_wrong++ == 0)
				fprintf(stderr, "scale: %s on %s: net.missing %s\n", vmname,
					h->cfg->name, missing ? "found" : "missing");
		}
		/* net.missing is the only error this inventory can give a cold VM
		 * on the shared pool */
		if (errors != (size_t)missing) {
			if (s->other_errors++ == 0)
				for (size_t x = 0; x < f.count; x++)
					if (f.items[x].severity == FINDING_ERROR)
						fprintf(stderr, "scale: %s on %s: %s: %s\n", vmname,
							h->cfg->name, f.items[x].code,
							f.items[x].message);
		}
		s->movable += errors == 0;
		findings_free(&f);
	}
	engine_log("scale: VM '%s' probed and checked against %zu hosts in %.3f s.", vmname,
		   s->candidates, now_s() - t0);
}

static void test_checks_dmz(void)
{
	struct sweep s;

	CU_ASSERT_TRUE_FATAL(loaded);
	/* h0002-vm04: shut off, disk on the shared pool, NIC on dmz */
	sweep("h0002-vm04", 1, &s);
	CU_ASSERT_EQUAL(s.candidates, SCALE_HOSTS - 1);
	CU_ASSERT_EQUAL(s.probe_failed, 0);
	CU_ASSERT_EQUAL(s.net_missing_wrong, 0);
	CU_ASSERT_EQUAL(s.net_missing, SCALE_HOSTS / 2);	/* every odd host */
	CU_ASSERT_EQUAL(s.other_errors, 0);
	CU_ASSERT_EQUAL(s.movable, SCALE_HOSTS / 2 - 1);	/* even hosts but its own */
}

static void test_checks_vmnet(void)
{
	struct sweep s;

	CU_ASSERT_TRUE_FATAL(loaded);
	/* h0003-vm04: shut off, disk on the shared pool, NIC on vmnet */
	sweep("h0003-vm04", 0, &s);
	CU_ASSERT_EQUAL(s.candidates, SCALE_HOSTS - 1);
	CU_ASSERT_EQUAL(s.probe_failed, 0);
	CU_ASSERT_EQUAL(s.net_missing, 0);
	CU_ASSERT_EQUAL(s.net_missing_wrong, 0);
	CU_ASSERT_EQUAL(s.other_errors, 0);
	CU_ASSERT_EQUAL(s.movable, SCALE_HOSTS - 1);
}

/* declared here rather than in itest.h, which belongs to others; run.c
 * declares it too */
int test_scale_register(void);

int test_scale_register(void)
{
	static const struct itest tests[] = {
		{ "1,000 hosts opened at once, all reachable", test_hosts },
		{ "10,000 VMs with their pools and networks", test_vms },
		{ "dmz VM checked against 999 hosts: net.missing on odd ones", test_checks_dmz },
		{ "vmnet VM checked against 999 hosts: no errors", test_checks_vmnet },
		{ NULL, NULL }
	};
	return itest_add_suite("scale", suite_init, suite_clean, tests);
}

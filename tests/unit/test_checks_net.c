/* tests/unit/test_checks_net.c — suite "checks_net": networks, the migration
 * link, and the concurrency limits. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_net_missing(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_run(f);
	FX_LACKS(f, "net.missing");
	fx_add_nic(f, vm, "dmz", NULL);
	fx_add_net(f, "b", "lan", 1);
	fx_run(f);
	FX_HAS(f, "net.missing", FINDING_ERROR);
	const struct finding *it = fx_get(f, "net.missing");

	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "'dmz'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "--network dmz="));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "default, lan"));
	plan_add_net(&f->plan, "dmz", "lan");	/* mapped: fine */
	fx_run(f);
	FX_LACKS(f, "net.missing");
	fx_free(f);
}

static void test_net_inactive(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "net.inactive");
	fx_host(f, "b")->nets[0].active = 0;
	fx_run(f);
	FX_HAS(f, "net.inactive", FINDING_ERROR);
	fx_free(f);
}

static void test_net_bridge(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "net.bridge-unchecked");
	fx_add_nic(f, fx_vm(f, "vm1"), NULL, "br0");
	fx_run(f);
	FX_HAS(f, "net.bridge-unchecked", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "net.bridge-unchecked")->message, "br0"));
	fx_free(f);
}

static void test_link_unmeasured(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "link.unmeasured");
	f->facts.link.measured = 0;
	strcpy(f->facts.link.error, "iperf-like probe timed out");
	fx_run(f);
	FX_HAS(f, "link.unmeasured", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.unmeasured")->message, "timed out"));
	f->use_facts = NULL;
	fx_run(f);
	FX_HAS(f, "link.unmeasured", FINDING_WARNING);
	FX_LACKS(f, "link.p2p");
	fx_free(f);
}

static void test_link_rtt(void)
{
	struct fx *f = fx_new();

	f->facts.link.rtt_ms = 149.0;
	fx_run(f);
	FX_LACKS(f, "link.rtt");
	f->facts.link.rtt_ms = 150.0;
	fx_run(f);
	FX_HAS(f, "link.rtt", FINDING_ERROR);
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_HAS(f, "link.rtt", FINDING_WARNING);
	fx_free(f);
}

static void test_link_throughput(void)
{
	struct fx *f = fx_new();

	f->facts.link.mbit_s = 250.0;
	fx_run(f);
	FX_LACKS(f, "link.throughput");
	f->facts.link.mbit_s = 100.0;
	fx_run(f);
	FX_HAS(f, "link.throughput", FINDING_ERROR);
	fx_vm(f, "vm1")->state = INV_VM_SUSPENDED;
	fx_run(f);
	FX_HAS(f, "link.throughput", FINDING_WARNING);
	fx_free(f);
}

static void test_link_p2p(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	FX_LACKS(f, "link.p2p");
	f->facts.p2p_ok = 0;
	strcpy(f->facts.p2p_error, "Host key verification failed.");
	fx_run(f);
	FX_HAS(f, "link.p2p", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.p2p")->message, "Host key verification"));
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_HAS(f, "link.p2p", FINDING_WARNING);
	fx_free(f);
}

/* N VMs on HOST with job JOB. */
static void busy(struct fx *f, const char *host, int n, enum inv_job job)
{
	char name[32];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "busy-%s-%d-%d", host, (int)job, i);
		fx_add_vm(f, host, name)->job = job;
	}
}

static void test_limits_live_host(void)
{
	struct fx *f = fx_new();

	/* 10 Gbit/s: 8 per host; 7 running on b leaves room for one */
	busy(f, "b", 7, INV_JOB_MIGRATION_IN);
	fx_run(f);
	FX_LACKS(f, "limits.live-host");
	busy(f, "b", 1, INV_JOB_MIGRATION_OUT);
	fx_run(f);
	FX_HAS(f, "limits.live-host", FINDING_ERROR);
	fx_free(f);

	/* gigabit on the source: 4 per host */
	f = fx_new();
	f->cfg.hosts[0].link_gbps = 1.0;
	busy(f, "a", 3, INV_JOB_MIGRATION_OUT);
	fx_run(f);
	FX_LACKS(f, "limits.live-host");
	busy(f, "a", 1, INV_JOB_MIGRATION_OUT);
	fx_run(f);
	FX_HAS(f, "limits.live-host", FINDING_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "limits.live-host")->message, "Host a"));
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;	/* cold moves do not count */
	fx_run(f);
	FX_LACKS(f, "limits.live-host");
	fx_free(f);
}

/* A VM on HOST copying one disk of POOL. */
static void copying(struct fx *f, const char *host, const char *pool, int i)
{
	char name[32];

	snprintf(name, sizeof(name), "copy-%d", i);
	struct inv_vm *vm = fx_add_vm(f, host, name);

	fx_add_disk(f, vm, "vda", pool, "/x.qcow2", 1, 1)->block_job = fx_s(f, "copy");
}

static void test_limits_storage_host(void)
{
	struct fx *f = fx_new();

	fx_plan(f, "vm1", PLAN_KIND_STORAGE, NULL);
	fx_plan_datastore(f, "local");
	copying(f, "a", "shared", 0);
	fx_run(f);
	FX_LACKS(f, "limits.storage-host");
	copying(f, "a", "shared", 1);
	fx_run(f);
	FX_HAS(f, "limits.storage-host", FINDING_ERROR);
	fx_free(f);
}

static void test_limits_storage_datastore(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_plan_datastore(f, "local");
	for (int i = 0; i < 6; i++)	/* 6 copies on b's "local", host limit aside */
		copying(f, "b", "local", i);
	fx_add_disk(f, vm, "vdb", "shared", "/srv/vm/vm1-b.qcow2", 1, 1);
	fx_run(f);
	FX_LACKS(f, "limits.storage-datastore");	/* 6 + 2 = 8 */
	fx_add_disk(f, vm, "vdc", "shared", "/srv/vm/vm1-c.qcow2", 1, 1);
	fx_run(f);
	FX_HAS(f, "limits.storage-datastore", FINDING_ERROR);	/* 6 + 3 */
	CU_ASSERT_EQUAL(fx_count(f, "limits.storage-datastore"), 1);
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "net.missing, mapped away with --network", test_net_missing },
	{ "net.inactive", test_net_inactive },
	{ "net.bridge-unchecked", test_net_bridge },
	{ "link.unmeasured", test_link_unmeasured },
	{ "link.rtt: error live, warning cold", test_link_rtt },
	{ "link.throughput: error live, warning cold", test_link_throughput },
	{ "link.p2p", test_link_p2p },
	{ "limits.live-host: 8 on 10 Gbit/s, 4 on gigabit", test_limits_live_host },
	{ "limits.storage-host", test_limits_storage_host },
	{ "limits.storage-datastore", test_limits_storage_datastore },
	{ NULL, NULL }
};

int test_checks_net_register(void);
int test_checks_net_register(void)
{
	return unit_add_suite("checks_net", tests);
}

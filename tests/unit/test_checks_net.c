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

/* The text of the net.map finding that names NIC N ("NIC 2 ("), or "". */
static const char *map_line(const struct fx *f, int n)
{
	char head[16];

	snprintf(head, sizeof head, "NIC %d (", n);
	for (size_t i = 0; i < f->out.count; i++)
		if (strcmp(f->out.items[i].code, "net.map") == 0 &&
		    strncmp(f->out.items[i].message, head, strlen(head)) == 0)
			return f->out.items[i].message;
	return "";
}

/* vm1 with its NIC on "default" and a second on "dmz"; b has both. */
static struct fx *two_nics(void)
{
	struct fx *f = fx_new();

	fx_add_nic(f, fx_vm(f, "vm1"), "dmz", NULL);
	fx_add_net(f, "b", "dmz", 1);
	return f;
}

/* default=dmz, dmz=default: each NIC goes to the other's network, both of
 * which b has; the table shown is the swap. */
static void test_net_swap(void)
{
	struct fx *f = two_nics();

	fx_run(f);
	FX_LACKS(f, "net.map");		/* nothing changes: no table */
	plan_add_net(&f->plan, "default", "dmz");
	plan_add_net(&f->plan, "dmz", "default");
	fx_run(f);
	FX_LACKS(f, "net.missing");
	FX_HAS(f, "net.map", FINDING_INFO);
	CU_ASSERT_EQUAL(fx_count(f, "net.map"), 2);
	const char *one = map_line(f, 1), *two = map_line(f, 2);

	CU_ASSERT_PTR_NOT_NULL(strstr(one, "52:54:00:00:00:01"));
	CU_ASSERT_PTR_NOT_NULL(strstr(one, "'default' -> 'dmz' on host b"));
	CU_ASSERT_PTR_NOT_NULL(strstr(two, "52:54:00:00:00:02"));
	CU_ASSERT_PTR_NOT_NULL(strstr(two, "'dmz' -> 'default' on host b"));
	fx_free(f);
}

/* default=dmz, dmz=lan: default goes to dmz (not on to lan), dmz to lan. */
static void test_net_chain(void)
{
	struct fx *f = two_nics();

	fx_add_net(f, "b", "lan", 1);
	plan_add_net(&f->plan, "default", "dmz");
	plan_add_net(&f->plan, "dmz", "lan");
	fx_run(f);
	FX_LACKS(f, "net.missing");
	CU_ASSERT_PTR_NOT_NULL(strstr(map_line(f, 1), "'default' -> 'dmz' on host b"));
	CU_ASSERT_PTR_NOT_NULL(strstr(map_line(f, 2), "'dmz' -> 'lan' on host b"));
	fx_free(f);
}

/* A chain whose last step is a network the target lacks: the error is on
 * the final network of the NIC that ends there, not on the one that passes
 * through it.  A network the plan maps to is a name the operator gave:
 * net.unknown (a usage error), not net.missing. */
static void test_net_missing_final(void)
{
	struct fx *f = two_nics();

	plan_add_net(&f->plan, "default", "dmz");
	plan_add_net(&f->plan, "dmz", "lan");		/* b has no lan */
	fx_run(f);
	FX_HAS(f, "net.unknown", FINDING_ERROR);
	FX_LACKS(f, "net.missing");
	CU_ASSERT_EQUAL(fx_count(f, "net.unknown"), 1);
	const struct finding *it = fx_get(f, "net.unknown");

	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "NIC 52:54:00:00:00:02 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "needs network 'lan' (mapped from 'dmz')"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "--network dmz="));
	CU_ASSERT_PTR_NOT_NULL(strstr(map_line(f, 1), "'default' -> 'dmz'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(map_line(f, 2), "'dmz' -> 'lan'"));
	/* the swap back to a network b lacks: the error names it for NIC 1 */
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "b");
	fx_host(f, "b")->nnets = 1;			/* b: default only */
	plan_add_net(&f->plan, "default", "dmz");
	plan_add_net(&f->plan, "dmz", "default");
	fx_run(f);
	CU_ASSERT_EQUAL(fx_count(f, "net.unknown"), 1);
	it = fx_get(f, "net.unknown");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "NIC 52:54:00:00:00:01 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "needs network 'dmz' (mapped from 'default')"));
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
	f->facts.link.rtt_ms = -1.0;
	strcpy(f->facts.link.error, "ping timed out");
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

	f->facts.link.speed_mbit = 250.0;
	fx_run(f);
	FX_LACKS(f, "link.throughput");
	FX_HAS(f, "link.speed", FINDING_INFO);
	f->facts.link.speed_mbit = 100.0;
	f->facts.link.src.dev_mbit = 100;
	f->facts.link.src.mbit = 100.0;
	fx_run(f);
	FX_HAS(f, "link.throughput", FINDING_ERROR);
	/* the message names the interface, its host and its speed */
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.throughput")->message,
				      "eth0 on a at 100 Mbit/s"));
	fx_vm(f, "vm1")->state = INV_VM_SUSPENDED;
	fx_run(f);
	FX_HAS(f, "link.throughput", FINDING_WARNING);
	fx_free(f);
}

/* A host that does not report its interface's speed: a finding of its own,
 * naming the host and the fix; never a made-up figure. */
static void test_link_speed_unknown(void)
{
	struct fx *f = fx_new();

	f->facts.link.dst.dev_mbit = 0;
	f->facts.link.dst.mbit = 0.0;
	f->facts.link.speed_mbit = 0.0;
	fx_run(f);
	FX_HAS(f, "link.speed-unknown", FINDING_WARNING);
	FX_LACKS(f, "link.throughput");
	FX_LACKS(f, "link.speed");
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.speed-unknown")->message,
				      "eth1 on b, which does not report its speed"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.speed-unknown")->hint, "[host b]"));
	/* the operator's word: link_gbps */
	f->facts.link.dst.mbit = 1000.0;
	f->facts.link.dst.configured = 1;
	f->facts.link.speed_mbit = 1000.0;
	fx_run(f);
	FX_LACKS(f, "link.speed-unknown");
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.speed")->message,
				      "1 Gbit/s by link_gbps for b"));
	fx_free(f);
}

/* A figure from the facts cache says how old it is. */
static void test_link_cached_age(void)
{
	struct fx *f = fx_new();

	fx_run(f);
	CU_ASSERT_PTR_NULL(strstr(fx_get(f, "link.speed")->message, " ago"));
	f->facts.link.cached = 1;
	f->facts.link.taken = f->facts.now - 185;
	fx_run(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.speed")->message, "(read 3 min ago)"));
	f->facts.link.rtt_ms = 200.0;
	fx_run(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.rtt")->message, "(read 3 min ago)"));
	f->facts.p2p_ok = 0;
	strcpy(f->facts.p2p_error, "Permission denied (publickey).");
	fx_run(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.p2p")->message, "(read 3 min ago)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.p2p")->hint, "--refresh"));
	fx_free(f);
}

/* Measured and achieved figures are shown beside the speed; a slow
 * measurement is a warning, never the error the link's speed decides. */
static void test_link_rates(void)
{
	struct fx *f = fx_new();

	f->facts.link.measured_mbit = 2300.0;
	f->facts.link.measured_at = f->facts.now - 30;
	f->facts.link.achieved_mbit = 950.0;
	f->facts.link.achieved_at = f->facts.now - 7200;
	fx_run(f);
	FX_HAS(f, "link.measured", FINDING_INFO);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.measured")->message, "2.3 Gbit/s"));
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.measured")->message, "30 s ago"));
	FX_HAS(f, "link.achieved", FINDING_INFO);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "link.achieved")->message, "950 Mbit/s (2 h ago)"));
	f->facts.link.measured_mbit = 120.0;
	f->facts.link.measured_now = 1;
	fx_run(f);
	FX_HAS(f, "link.measured-slow", FINDING_WARNING);
	FX_LACKS(f, "link.throughput");
	CU_ASSERT_EQUAL(f->out.errors, 0);
	strcpy(f->facts.link.measure_error, "The data path from 'a' to 'b' was not measured: refused.");
	fx_run(f);
	FX_HAS(f, "link.measure-failed", FINDING_WARNING);
	strcpy(f->facts.link.cache_note, "The cached facts of host 'a' are damaged at line 3.");
	fx_run(f);
	FX_HAS(f, "facts.rebuilt", FINDING_INFO);
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

	/* gigabit on the source (as the link facts say): 4 per host */
	f = fx_new();
	f->facts.link.src.mbit = 1000.0;
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
	{ "default=dmz, dmz=default: a swap, shown as the final table", test_net_swap },
	{ "default=dmz, dmz=lan: a chain goes one step", test_net_chain },
	{ "net.unknown on the final network of a chain or swap", test_net_missing_final },
	{ "net.inactive", test_net_inactive },
	{ "net.bridge-unchecked", test_net_bridge },
	{ "link.unmeasured", test_link_unmeasured },
	{ "link.rtt: error live, warning cold", test_link_rtt },
	{ "link.throughput: error live, warning cold", test_link_throughput },
	{ "link.speed-unknown, link_gbps wins", test_link_speed_unknown },
	{ "cached link figures say their age", test_link_cached_age },
	{ "measured and achieved throughput", test_link_rates },
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

/* tests/unit/test_batch_sched.c — suite "batch_sched": admission order under
 * the concurrency limits (hosts, datastores, the targets' SSH start limit
 * and migration ports), priority, and the link share. */
#include <string.h>

#include "unit.h"
#include "../../engine/batch_int.h"

/* A live move of VM from SRC to DST on a 1 Gbit/s link (2 units a host). */
static struct batch_item live(const char *vm, const char *src, const char *dst, int high)
{
	struct batch_item it = { .vm = vm, .src = src, .dst = dst, .host_cost = 2, .high = high };
	return it;
}

/* A move that copies disks into datastore DS (4 units a host, 16 of DS). */
static struct batch_item copy(const char *vm, const char *src, const char *dst, const char *ds,
			      int high)
{
	struct batch_item it = { .vm = vm, .src = src, .dst = dst, .host_cost = 4,
				 .ds = { ds }, .nds = 1, .ds_cost = 16, .high = high };
	return it;
}

/* Start items until none may; returns how many started. */
static size_t admit_all(struct batch_item *items, size_t n, long *order)
{
	size_t started = 0;
	long i;

	while ((i = batch_next(items, n)) >= 0) {
		CU_ASSERT_EQUAL_FATAL(items[i].state, BATCH_WAITING);
		items[i].state = BATCH_RUNNING;
		order[started++] = i;
	}
	return started;
}

static void test_order_in_file_order(void)
{
	struct batch_item it[3] = { live("v1", "a", "b", 0), live("v2", "a", "c", 0),
				    live("v3", "b", "c", 0) };
	long order[3];

	CU_ASSERT_EQUAL(admit_all(it, 3, order), 3);
	CU_ASSERT_EQUAL(order[0], 0);
	CU_ASSERT_EQUAL(order[1], 1);
	CU_ASSERT_EQUAL(order[2], 2);
}

static void test_high_first(void)
{
	struct batch_item it[3] = { live("v1", "a", "b", 0), live("v2", "a", "b", 1),
				    live("v3", "a", "c", 1) };
	long order[3];

	CU_ASSERT_EQUAL(admit_all(it, 3, order), 3);
	CU_ASSERT_EQUAL(order[0], 1);
	CU_ASSERT_EQUAL(order[1], 2);
	CU_ASSERT_EQUAL(order[2], 0);
}

static void test_live_limit_per_host(void)
{
	/* 1 Gbit/s: 4 live moves per host; the fifth waits for one to end. */
	struct batch_item it[5];
	long order[5];
	const char *vms[5] = { "v1", "v2", "v3", "v4", "v5" };

	for (int i = 0; i < 5; i++)
		it[i] = live(vms[i], "a", "b", 0);
	CU_ASSERT_EQUAL(admit_all(it, 5, order), 4);
	CU_ASSERT_EQUAL(it[4].state, BATCH_WAITING);
	it[2].state = BATCH_FINISHED;
	CU_ASSERT_EQUAL(batch_next(it, 5), 4);

	/* 10 Gbit/s: one unit each, eight at once. */
	struct batch_item fast[9];
	long o9[9];
	const char *v9[9] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	for (int i = 0; i < 9; i++) {
		fast[i] = live(v9[i], "a", "b", 0);
		fast[i].host_cost = 1;
	}
	CU_ASSERT_EQUAL(admit_all(fast, 9, o9), 8);
}

static void test_storage_limits(void)
{
	/* Two copies per host; the third waits even on another datastore. */
	struct batch_item it[3] = { copy("v1", "c", "c", "c/local2", 0),
				    copy("v2", "c", "c", "c/local2", 0),
				    copy("v3", "c", "c", "c/other", 0) };
	long order[3];

	CU_ASSERT_EQUAL(admit_all(it, 3, order), 2);
	CU_ASSERT_EQUAL(it[2].state, BATCH_WAITING);

	/* Eight copies per datastore, whatever the hosts. */
	struct batch_item ds[9];
	long o9[9];
	const char *hosts[9] = { "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9" };

	for (int i = 0; i < 9; i++)
		ds[i] = copy(hosts[i], hosts[i], hosts[i], "shared", 0);
	CU_ASSERT_EQUAL(admit_all(ds, 9, o9), 8);
	CU_ASSERT_EQUAL(ds[8].state, BATCH_WAITING);
}

static void test_same_vm_waits(void)
{
	struct batch_item it[2] = { live("v1", "a", "b", 0), live("v1", "b", "c", 1) };
	long order[2];

	/* The High one names the same VM as an earlier one: it goes second. */
	CU_ASSERT_EQUAL(admit_all(it, 2, order), 1);
	CU_ASSERT_EQUAL(order[0], 0);
	it[0].state = BATCH_FINISHED;
	CU_ASSERT_EQUAL(batch_next(it, 2), 1);
}

static void test_standard_does_not_overtake_high(void)
{
	/* Host b is full with two copies; a waiting High copy into b keeps a
	 * Standard live move touching b from jumping the queue, while a
	 * Standard move elsewhere still starts. */
	struct batch_item it[5] = { copy("v1", "b", "b", "b/x", 0), copy("v2", "b", "b", "b/y", 0),
				    copy("v3", "a", "b", "b/z", 1), live("v4", "a", "b", 0),
				    live("v5", "c", "d", 0) };
	long order[5];

	it[0].state = it[1].state = BATCH_RUNNING;
	CU_ASSERT_EQUAL(admit_all(it, 5, order), 1);
	CU_ASSERT_EQUAL(order[0], 4);
	it[0].state = BATCH_FINISHED;
	CU_ASSERT_EQUAL(batch_next(it, 5), 2);
}

static void test_share(void)
{
	struct batch_item it[4] = { live("v1", "a", "b", 1), live("v2", "a", "c", 0),
				    live("v3", "a", "b", 0), live("v4", "c", "b", 0) };

	for (int i = 0; i < 4; i++)
		it[i].link_mibs = 100.0;
	/* From a: weights 2 + 1 + 1. */
	CU_ASSERT_EQUAL(batch_share(it, 4, 0), 50);
	CU_ASSERT_EQUAL(batch_share(it, 4, 1), 25);
	CU_ASSERT_EQUAL(batch_share(it, 4, 2), 25);
	/* Alone on c's link: no cap. */
	CU_ASSERT_EQUAL(batch_share(it, 4, 3), 0);
	/* The plan's own lower cap wins. */
	it[0].cap_mibs = 10;
	CU_ASSERT_EQUAL(batch_share(it, 4, 0), 10);
	/* Link speed not configured: only the plan's cap. */
	it[1].link_mibs = 0.0;
	CU_ASSERT_EQUAL(batch_share(it, 4, 1), 0);
	/* Storage-only moves do not use the link. */
	struct batch_item st[2] = { copy("v5", "a", "a", "a/p", 0), live("v6", "a", "b", 0) };

	st[0].link_mibs = st[1].link_mibs = 100.0;
	CU_ASSERT_EQUAL(batch_share(st, 2, 0), 0);
	CU_ASSERT_EQUAL(batch_share(st, 2, 1), 0);
}

/* A live move on a 10 Gbit/s link (1 unit a host) into DST, whose sshd lets
 * STARTUPS connections start at once and whose range has PORTS ports; it
 * opens one connection and holds NPORTS ports there. */
static struct batch_item into(const char *vm, const char *src, const char *dst,
			      unsigned startups, unsigned ports, unsigned nports, int high)
{
	struct batch_item it = live(vm, src, dst, high);

	it.host_cost = 1;
	it.sessions = 1;
	it.ports = nports;
	it.dst_startups = startups;
	it.dst_ports = ports;
	return it;
}

static void test_ssh_start_limit(void)
{
	/* b's sshd lets 3 connections start at once: the fourth move into b
	 * waits, a move into c does not. */
	struct batch_item it[5] = { into("v1", "a", "b", 3, 64, 1, 0), into("v2", "a", "b", 3, 64, 1, 0),
				    into("v3", "a", "b", 3, 64, 1, 0), into("v4", "a", "b", 3, 64, 1, 0),
				    into("v5", "a", "c", 3, 64, 1, 0) };
	long order[5];

	CU_ASSERT_EQUAL(admit_all(it, 5, order), 4);
	CU_ASSERT_EQUAL(it[3].state, BATCH_WAITING);
	CU_ASSERT_EQUAL(it[4].state, BATCH_RUNNING);
	it[1].state = BATCH_FINISHED;
	CU_ASSERT_EQUAL(batch_next(it, 5), 3);

	/* Moves out of b hold no connection on b. */
	struct batch_item out[4] = { into("w1", "a", "b", 1, 64, 1, 0), into("w2", "b", "c", 1, 64, 1, 0),
				     into("w3", "b", "d", 1, 64, 1, 0), into("w4", "c", "b", 1, 64, 1, 0) };
	long o4[4];

	CU_ASSERT_EQUAL(admit_all(out, 4, o4), 3);
	CU_ASSERT_EQUAL(out[3].state, BATCH_WAITING);
}

static void test_port_range(void)
{
	/* 5 ports on b: two shared-nothing moves (2 each) and one live (1). */
	struct batch_item it[4] = { into("v1", "a", "b", 10, 5, 2, 0), into("v2", "a", "b", 10, 5, 2, 0),
				    into("v3", "a", "b", 10, 5, 2, 0), into("v4", "c", "b", 10, 5, 1, 0) };
	long order[4];

	CU_ASSERT_EQUAL(admit_all(it, 4, order), 3);
	CU_ASSERT_EQUAL(it[2].state, BATCH_WAITING);
	CU_ASSERT_EQUAL(it[3].state, BATCH_RUNNING);
	it[3].state = BATCH_FINISHED;
	CU_ASSERT_EQUAL(batch_next(it, 4), -1);		/* 1 port free, 2 needed */
	it[0].state = BATCH_FINISHED;
	CU_ASSERT_EQUAL(batch_next(it, 4), 2);
}

static void test_never_fits(void)
{
	/* A range of 1 port cannot take a move with its disks (2 ports): it
	 * never starts, and, though High, holds no Standard move back. */
	struct batch_item it[3] = { into("v1", "a", "b", 10, 1, 2, 1), into("v2", "a", "b", 10, 1, 1, 0),
				    into("v3", "a", "b", 0, 0, 1, 0) };
	long order[3];

	CU_ASSERT_EQUAL(batch_never(&it[0]), BATCH_SHORT_PORTS);
	CU_ASSERT_EQUAL(batch_never(&it[1]), BATCH_FITS);
	CU_ASSERT_EQUAL(batch_never(&it[2]), BATCH_FITS);	/* 0: no limit known */
	CU_ASSERT_EQUAL(admit_all(it, 3, order), 2);
	CU_ASSERT_EQUAL(order[0], 1);
	CU_ASSERT_EQUAL(order[1], 2);
	CU_ASSERT_EQUAL(it[0].state, BATCH_WAITING);

	struct batch_item ssh = into("v4", "a", "b", 1, 64, 2, 0);

	ssh.sessions = 2;
	CU_ASSERT_EQUAL(batch_never(&ssh), BATCH_SHORT_SESSIONS);
	/* a storage-only move stays on its host: no limit of a target */
	struct batch_item st = into("v5", "b", "b", 1, 1, 2, 0);

	st.sessions = 2;
	CU_ASSERT_EQUAL(batch_never(&st), BATCH_FITS);
}

static const struct unit_test tests[] = {
	{ "file order when nothing competes", test_order_in_file_order },
	{ "High admitted before Standard", test_high_first },
	{ "live moves per host: 4 at 1 Gbit/s, 8 at 10", test_live_limit_per_host },
	{ "copies: 2 per host, 8 per datastore", test_storage_limits },
	{ "one VM moves once at a time, in file order", test_same_vm_waits },
	{ "Standard never overtakes a waiting High on its hosts", test_standard_does_not_overtake_high },
	{ "link share by priority weight", test_share },
	{ "SSH start limit of the target: the rest wait", test_ssh_start_limit },
	{ "migration ports of the target: the rest wait", test_port_range },
	{ "a move beyond its target's limits never starts", test_never_fits },
	{ NULL, NULL }
};

int test_batch_sched_register(void);
int test_batch_sched_register(void)
{
	return unit_add_suite("batch_sched", tests);
}

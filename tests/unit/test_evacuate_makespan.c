/* tests/unit/test_evacuate_makespan.c — suite "evacuate_makespan": the
 * expected makespan of a batch run through the runner's own admission
 * (batch_next(), batch_share()), links shared by the moves at once, and the
 * lower bound, never above the estimate; an unknown figure said, not
 * guessed. */
#include <string.h>

#include "unit.h"
#include "../../engine/batch_int.h"
#include "../../engine/evacuate_makespan.h"

#define MIB 1048576ULL
#define NEAR(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-6 * ((b) > 1.0 ? (b) : 1.0))

/* A move VM from SRC to DST sending MIBS MiB over a link of LINK MiB/s;
 * STREAMED: a live one (memory QEMU to QEMU, the cap applies). */
static struct evacuate_makespan_move mv(const char *vm, const char *src, const char *dst,
					unsigned long long mibs, double link, int streamed)
{
	struct evacuate_makespan_move m = { .vm = vm, .src = src, .dst = dst, .bytes = mibs * MIB,
					    .link_mibs = link, .streamed = streamed };
	return m;
}

/* Its item: HOST_COST units a host (2: live at 1 Gbit/s, 4: copies). */
static struct batch_item item(const struct evacuate_makespan_move *m, unsigned host_cost,
			      unsigned cap)
{
	struct batch_item it = { .vm = m->vm, .src = m->src, .dst = m->dst,
				 .host_cost = host_cost, .cap_mibs = cap };
	return it;
}

static void run(struct evacuate_makespan_move *moves, struct batch_item *items, size_t n,
		struct evacuate_makespan *out)
{
	memset(out, 0, sizeof *out);
	out->moves = moves;
	out->nmoves = n;
	CU_ASSERT_EQUAL(evacuate_makespan_simulate(items, out), 0);
}

static void test_link_shared(void)
{
	/* three live moves on one 100 MiB/s link at once: a third each, 3 s */
	struct evacuate_makespan_move m[3] = { mv("v1", "a", "b", 100, 100, 1),
					       mv("v2", "a", "b", 100, 100, 1),
					       mv("v3", "a", "b", 100, 100, 1) };
	struct batch_item it[3] = { item(&m[0], 2, 0), item(&m[1], 2, 0), item(&m[2], 2, 0) };
	struct evacuate_makespan r;

	run(m, it, 3, &r);
	NEAR(r.seconds, 3.0);
	NEAR(r.lower_bound_s, 3.0);
	CU_ASSERT_STRING_EQUAL(r.bound_by, "link a -> b");
	CU_ASSERT_STRING_EQUAL(r.unknown_reason, "");
	for (int i = 0; i < 3; i++) {
		NEAR(m[i].start_s, 0.0);
		NEAR(m[i].end_s, 3.0);
		NEAR(m[i].alone_s, 1.0);
	}
	/* the caller's items are not changed */
	CU_ASSERT_EQUAL(it[0].state, BATCH_WAITING);
}

static void test_cap_streams_only(void)
{
	/* --bandwidth 10: a live move of 100 MiB takes 10 s on a fast link; a
	 * cold copy is not capped (the runner's cap goes to libvirt only) */
	struct evacuate_makespan_move m[2] = { mv("live", "a", "b", 100, 1000, 1),
					       mv("cold", "a", "c", 100, 100, 0) };
	struct batch_item it[2] = { item(&m[0], 2, 10), item(&m[1], 4, 10) };
	struct evacuate_makespan r;

	run(m, it, 2, &r);
	NEAR(m[0].end_s, 10.0);
	NEAR(m[1].end_s, 1.0);
	NEAR(r.seconds, 10.0);
	NEAR(r.lower_bound_s, 10.0);
	CU_ASSERT_STRING_EQUAL(r.bound_by, "VM live's own move");
}

static void test_admission_waits(void)
{
	/* moves that copy disks cost 4 units: two at once on host a; the third
	 * starts when one ends.  20 s against the bound of a's units, 15 s */
	struct evacuate_makespan_move m[3] = { mv("v1", "a", "b", 100, 1000, 1),
					       mv("v2", "a", "c", 100, 1000, 1),
					       mv("v3", "a", "b", 100, 1000, 1) };
	struct batch_item it[3] = { item(&m[0], 4, 10), item(&m[1], 4, 10), item(&m[2], 4, 10) };
	struct evacuate_makespan r;

	run(m, it, 3, &r);
	NEAR(m[0].start_s, 0.0);
	NEAR(m[1].start_s, 0.0);
	NEAR(m[2].start_s, 10.0);
	NEAR(r.seconds, 20.0);
	NEAR(r.lower_bound_s, 15.0);
	CU_ASSERT_STRING_EQUAL(r.bound_by, "host a's moves at once");
}

static void test_configured_link_share(void)
{
	/* a's link configured at 120 MiB/s: the runner caps a High move at two
	 * thirds of it (80) and a Standard one at a third (40), for their whole
	 * run, alone or not */
	struct evacuate_makespan_move m[2] = { mv("hi", "a", "b", 100, 1000, 1),
					       mv("lo", "a", "c", 100, 1000, 1) };
	struct batch_item it[2] = { item(&m[0], 2, 0), item(&m[1], 2, 0) };
	struct evacuate_makespan r;

	it[0].high = 1;
	it[0].link_mibs = it[1].link_mibs = 120.0;
	run(m, it, 2, &r);
	NEAR(m[0].end_s, 1.25);
	NEAR(m[1].end_s, 2.5);
	NEAR(r.seconds, 2.5);
	NEAR(r.lower_bound_s, 2.5);
	CU_ASSERT_STRING_EQUAL(r.bound_by, "VM lo's own move");

	/* uncapped copies leaving a on two links share a's configured link */
	m[0].streamed = m[1].streamed = 0;
	run(m, it, 2, &r);
	NEAR(r.seconds, 200.0 / 120.0);
	NEAR(r.lower_bound_s, 200.0 / 120.0);
	CU_ASSERT_STRING_EQUAL(r.bound_by, "host a's link");
}

static void test_ports_queue(void)
{
	/* b's migration port range holds one live move: one after the other */
	struct evacuate_makespan_move m[2] = { mv("v1", "a", "b", 50, 100, 1),
					       mv("v2", "a", "b", 50, 100, 1) };
	struct batch_item it[2] = { item(&m[0], 2, 0), item(&m[1], 2, 0) };
	struct evacuate_makespan r;

	for (int i = 0; i < 2; i++) {
		it[i].ports = 1;
		it[i].dst_ports = 1;
	}
	run(m, it, 2, &r);
	NEAR(m[1].start_s, 0.5);
	NEAR(r.seconds, 1.0);
	NEAR(r.lower_bound_s, 1.0);
}

static void test_unknown_said(void)
{
	/* a move with bytes and no figure: no estimate, no bound, and why */
	struct evacuate_makespan_move m[3] = { mv("v1", "a", "b", 100, 100, 1),
					       mv("v2", "a", "c", 100, 0, 1),
					       mv("my vm", "a", "d", 100, 0, 1) };
	struct batch_item it[3] = { item(&m[0], 2, 0), item(&m[1], 2, 0), item(&m[2], 2, 0) };
	struct evacuate_makespan r;

	run(m, it, 3, &r);
	CU_ASSERT(r.seconds < 0.0);
	CU_ASSERT(r.lower_bound_s < 0.0);
	CU_ASSERT_STRING_EQUAL(r.bound_by, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.unknown_reason, "no throughput figure for a -> c; "
				      "measure it with 'virt-migrate check v2 --host c "
				      "--measure-link'"));
	/* a name that needs quoting is quoted for the shell */
	run(m + 2, it + 2, 1, &r);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.unknown_reason, "check 'my vm' --host d"));

	/* a move that sends nothing (a cold move, no disk copied) needs no figure */
	struct evacuate_makespan_move z[1] = { mv("z", "a", "c", 0, 0, 0) };
	struct batch_item iz[1] = { item(&z[0], 1, 0) };
	run(z, iz, 1, &r);
	NEAR(r.seconds, 0.0);
	NEAR(r.lower_bound_s, 0.0);

	/* a copy within one host: its disks' speed is not known */
	struct evacuate_makespan_move s[1] = { mv("s", "a", "a", 10, 0, 0) };
	struct batch_item is[1] = { item(&s[0], 4, 0) };
	run(s, is, 1, &r);
	CU_ASSERT(r.seconds < 0.0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.unknown_reason, "within host a"));
}

static void test_never_fits(void)
{
	/* a move its target's sshd can never take: the runner starts nothing */
	struct evacuate_makespan_move m[2] = { mv("v1", "a", "b", 10, 100, 1),
					       mv("v2", "a", "c", 10, 100, 1) };
	struct batch_item it[2] = { item(&m[0], 2, 0), item(&m[1], 2, 0) };
	struct evacuate_makespan r;

	it[1].sessions = 2;
	it[1].dst_startups = 1;
	run(m, it, 2, &r);
	CU_ASSERT(r.seconds < 0.0);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.unknown_reason, "VM v2 can never move to host c"));
}

static void test_empty(void)
{
	struct evacuate_makespan r;

	run(NULL, NULL, 0, &r);
	NEAR(r.seconds, 0.0);
	NEAR(r.lower_bound_s, 0.0);
}

static void test_bound_never_above(void)
{
	/* whatever the mix, no schedule within the limits beats the bound: the
	 * runner's is never faster */
	static const char *vms[12] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
				       "11" };
	static const char *hosts[4] = { "a", "b", "c", "d" };
	unsigned seed = 7;

	for (int round = 0; round < 40; round++) {
		struct evacuate_makespan_move m[12];
		struct batch_item it[12];
		struct evacuate_makespan r;
		size_t n = 2 + (size_t)(round % 11);
		double a_link = round % 3 ? 0.0 : 120.0;	/* a's configured link, or none */

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			int from_b = ((seed >> 23) & 3) == 0;	/* a quarter leave b */
			const char *src = from_b ? "b" : "a";
			const char *dst = hosts[(from_b ? 2 : 1) + (seed >> 8) % 2];
			int streamed = (seed >> 12) & 1, copies = (seed >> 13) & 1;
			m[i] = mv(vms[i], src, dst, 1 + (seed >> 16) % 500, 20.0 + (seed >> 4) % 200,
				  streamed);
			it[i] = item(&m[i], copies ? 4 : 2, (seed >> 20) & 1 ? 15 : 0);
			it[i].high = (seed >> 21) & 1;
			it[i].link_mibs = from_b ? 0.0 : a_link;
			it[i].ports = streamed ? 1 + (unsigned)copies : 0;
			it[i].dst_ports = 3;
			if (copies) {
				it[i].ds[0] = dst;
				it[i].nds = 1;
				it[i].ds_cost = 16;
			}
		}
		run(m, it, n, &r);
		CU_ASSERT_FATAL(r.seconds >= 0.0 && r.lower_bound_s > 0.0);
		CU_ASSERT(r.seconds >= r.lower_bound_s * (1.0 - 1e-9));
		CU_ASSERT(r.bound_by[0] != '\0');
		for (size_t i = 0; i < n; i++)
			CU_ASSERT(m[i].end_s - m[i].start_s >= m[i].alone_s * (1.0 - 1e-9));
	}
}

static const struct unit_test tests[] = {
	{ "moves at once share their link", test_link_shared },
	{ "the cap holds live moves, not cold copies", test_cap_streams_only },
	{ "a move waits for the runner's admission", test_admission_waits },
	{ "a configured link is shared by priority, as the runner caps", test_configured_link_share },
	{ "the target's port range queues moves", test_ports_queue },
	{ "a move without a figure: unknown, and why", test_unknown_said },
	{ "a move that can never start: unknown, and why", test_never_fits },
	{ "no moves: no time", test_empty },
	{ "the bound is never above the estimate", test_bound_never_above },
	{ NULL, NULL }
};

int test_evacuate_makespan_register(void);
int test_evacuate_makespan_register(void)
{
	return unit_add_suite("evacuate_makespan", tests);
}

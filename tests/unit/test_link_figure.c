/* tests/unit/test_link_figure.c — suite "link_figure": which figure stands
 * for a link's throughput (engine/link_figure.c: measured, the history's
 * median, the link's speed, the operator's link_gbps, the last migration's
 * pace), and the memory a move's first pass sends read from QEMU's smaps
 * (engine/probe_mem.c). */
#include <math.h>
#include <string.h>

#include "unit.h"
#include "../../engine/engine.h"
#include "../../engine/link_figure.h"
#include "../../engine/probe_mem.h"

#define MIB 1048576.0
#define NEAR(a, b) (fabs((a) - (b)) < 0.01)

static void test_order(void)
{
	struct config_host ca, cb;
	struct inv_host a, b;
	struct link_probe l;
	const char *fig = "x";

	memset(&ca, 0, sizeof ca);
	memset(&cb, 0, sizeof cb);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&l, 0, sizeof l);
	ca.name = (char *)"a";
	cb.name = (char *)"b";
	a.cfg = &ca;
	b.cfg = &cb;
	l.measured_mbit = 800;		/* 95.4 MiB/s */
	l.speed_mbit = 10000;		/* 1192 MiB/s */
	l.achieved_mbit = 80;
	/* measured first, whatever the history says */
	CU_ASSERT(NEAR(link_figure_with(NULL, &a, &b, &l, 25, &fig), 800e6 / 8 / MIB));
	CU_ASSERT_STRING_EQUAL(fig, "measured");
	/* then the history's median, before the link's speed */
	l.measured_mbit = 0;
	CU_ASSERT(NEAR(link_figure_with(NULL, &a, &b, &l, 25, &fig), 25));
	CU_ASSERT_STRING_EQUAL(fig, "history");
	CU_ASSERT(NEAR(link_figure_with(NULL, &a, &b, &l, 0, &fig), 10000e6 / 8 / MIB));
	CU_ASSERT_STRING_EQUAL(fig, "link speed");
	/* the link not read: the operator's word for both, then the last pace */
	l.speed_mbit = 0;
	ca.link_gbps = 10;
	CU_ASSERT(NEAR(link_figure_with(NULL, &a, &b, &l, 0, &fig), 80e6 / 8 / MIB));
	CU_ASSERT_STRING_EQUAL(fig, "achieved");
	cb.link_gbps = 1;
	CU_ASSERT(NEAR(link_figure_with(NULL, &a, &b, &l, 0, &fig), 1000e6 / 8 / MIB));
	CU_ASSERT_STRING_EQUAL(fig, "link speed");
	CU_ASSERT(NEAR(link_figure_with(NULL, &a, &b, NULL, 12, &fig), 12));
	CU_ASSERT_STRING_EQUAL(fig, "history");
	ca.link_gbps = cb.link_gbps = 0;
	CU_ASSERT(link_figure_with(NULL, &a, &b, NULL, 0, &fig) == 0.0);
	CU_ASSERT_PTR_NULL(fig);
}

static void test_smaps(void)
{
	/* QEMU under TCG: the code cache (1 GiB - 4 KiB) and the guest's RAM
	 * (128 MiB), each with its resident part */
	static const char smaps[] =
		"55d0c0000000-55d0c0100000 r-xp 00000000 08:01 123 /usr/bin/qemu-system-x86_64\n"
		"Size:               1024 kB\n"
		"Rss:                 900 kB\n"
		"7f0e3fe00000-7f0e47e00000 rw-p 00000000 00:00 0 \n"
		"Size:             131072 kB\n"
		"KernelPageSize:        4 kB\n"
		"Rss:               96256 kB\n"
		"Pss:               96256 kB\n"
		"7f0e48000000-7f0e87fff000 rwxp 00000000 00:00 0 \n"
		"Size:            1048572 kB\n"
		"Rss:               47104 kB\n";

	CU_ASSERT_EQUAL(probe_mem_smaps(smaps, 131072), 96256);
	/* no mapping of the RAM's size */
	CU_ASSERT_EQUAL(probe_mem_smaps(smaps, 65536), -1);
	/* two of them: which one is the RAM is not known */
	CU_ASSERT_EQUAL(probe_mem_smaps("Size: 1024 kB\nRss: 1 kB\nSize: 1024 kB\nRss: 2 kB\n", 1024),
			-1);
	CU_ASSERT_EQUAL(probe_mem_smaps("", 1024), -1);
	CU_ASSERT_EQUAL(probe_mem_smaps("Size: 1024 kB\n", 1024), -1);	/* no Rss line */
	CU_ASSERT_EQUAL(probe_mem_smaps("Size: 1024 kB\nRss: 0 kB", 1024), 0);
}

int test_link_figure_register(void);
int test_link_figure_register(void)
{
	static const struct unit_test tests[] = {
		{ "measured, history, link speed, link_gbps, achieved", test_order },
		{ "the guest's RAM mapping's resident size in smaps", test_smaps },
		{ NULL, NULL },
	};
	return unit_add_suite("link_figure", tests);
}

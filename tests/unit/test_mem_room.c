/* tests/unit/test_mem_room.c — suite "mem_room": the one rule of whether
 * memory fits in a host's free memory (engine/mem_room.c), at its edges:
 * exactly equal fits, one KiB more does not, 0 is an unknown figure on
 * either side, and a sum near ULLONG_MAX never wraps into a fit. */
#include <limits.h>

#include "unit.h"
#include "../../engine/mem_room.h"

#define GIB_KIB (1024ULL * 1024ULL)

static void test_fits(void)
{
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 0, 2 * GIB_KIB), MEM_ROOM_FITS);
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 4 * GIB_KIB, 2 * GIB_KIB), MEM_ROOM_FITS);
	CU_ASSERT_EQUAL(mem_room_fit(1, 0, 1), MEM_ROOM_FITS);
}

static void test_exactly_equal(void)
{
	CU_ASSERT_EQUAL(mem_room_fit(2 * GIB_KIB, 0, 2 * GIB_KIB), MEM_ROOM_FITS);
	/* what was given before and the VM fill the host to the last KiB */
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 6 * GIB_KIB, 2 * GIB_KIB), MEM_ROOM_FITS);
	CU_ASSERT_EQUAL(mem_room_fit(ULLONG_MAX, 0, ULLONG_MAX), MEM_ROOM_FITS);
}

static void test_one_kib_short(void)
{
	CU_ASSERT_EQUAL(mem_room_fit(2 * GIB_KIB - 1, 0, 2 * GIB_KIB), MEM_ROOM_SHORT);
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 6 * GIB_KIB + 1, 2 * GIB_KIB), MEM_ROOM_SHORT);
	/* given alone already more than the host has: short, not a wrap */
	CU_ASSERT_EQUAL(mem_room_fit(GIB_KIB, GIB_KIB + 1, 1), MEM_ROOM_SHORT);
}

static void test_unknown_free(void)
{
	/* 0 free is libvirt giving no figure, never a full host */
	CU_ASSERT_EQUAL(mem_room_fit(0, 0, 2 * GIB_KIB), MEM_ROOM_NO_FREE);
	CU_ASSERT_EQUAL(mem_room_fit(0, 4 * GIB_KIB, 1), MEM_ROOM_NO_FREE);
}

static void test_unknown_need(void)
{
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 0, 0), MEM_ROOM_NO_NEED);
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 9 * GIB_KIB, 0), MEM_ROOM_NO_NEED);
	/* both unknown: the VM's size is said first (nothing to check) */
	CU_ASSERT_EQUAL(mem_room_fit(0, 0, 0), MEM_ROOM_NO_NEED);
}

static void test_overflow(void)
{
	/* given + need would wrap to a small number that fits: it does not */
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, ULLONG_MAX, 2), MEM_ROOM_SHORT);
	CU_ASSERT_EQUAL(mem_room_fit(8 * GIB_KIB, 2, ULLONG_MAX), MEM_ROOM_SHORT);
	CU_ASSERT_EQUAL(mem_room_fit(ULLONG_MAX, ULLONG_MAX - 1, 1), MEM_ROOM_FITS);
	CU_ASSERT_EQUAL(mem_room_fit(ULLONG_MAX, ULLONG_MAX - 1, 2), MEM_ROOM_SHORT);
}

static void test_left(void)
{
	CU_ASSERT_EQUAL(mem_room_left(8 * GIB_KIB, 0), (long long)(8 * GIB_KIB));
	CU_ASSERT_EQUAL(mem_room_left(8 * GIB_KIB, 6 * GIB_KIB), (long long)(2 * GIB_KIB));
	CU_ASSERT_EQUAL(mem_room_left(8 * GIB_KIB, 8 * GIB_KIB), 0);
	CU_ASSERT_EQUAL(mem_room_left(GIB_KIB, GIB_KIB + 1), -1);
	/* unknown free: below every host that says what it has */
	CU_ASSERT_EQUAL(mem_room_left(0, 2 * GIB_KIB), -(long long)(2 * GIB_KIB));
	/* figures past LLONG_MAX are held there, never wrapped */
	CU_ASSERT_EQUAL(mem_room_left(ULLONG_MAX, 0), LLONG_MAX);
	CU_ASSERT_EQUAL(mem_room_left(0, ULLONG_MAX), -LLONG_MAX);
}

static const struct unit_test tests[] = {
	{ "fits: need (and what was given) within free", test_fits },
	{ "exactly equal: need + given == free fits", test_exactly_equal },
	{ "one KiB short: short, and given beyond free is short", test_one_kib_short },
	{ "unknown free: 0 free is no figure", test_unknown_free },
	{ "unknown need: 0 needed is unknown, said before free", test_unknown_need },
	{ "overflow: given + need never wraps into a fit", test_overflow },
	{ "left: free - given, signed, held within long long", test_left },
	{ NULL, NULL }
};

int test_mem_room_register(void);
int test_mem_room_register(void)
{
	return unit_add_suite("mem_room", tests);
}

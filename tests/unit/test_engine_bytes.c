/* tests/unit/test_engine_bytes.c — suite "engine_bytes": the one way byte
 * sizes are put in words (engine_bytes() in engine/engine.c), at its edges:
 * whole bytes below 1024, one decimal from KiB to PiB, and a buffer too
 * small cut short, always ended; and durations in words (engine_duration). */
#include <limits.h>
#include <string.h>

#include "unit.h"
#include "../../engine/engine.h"

#define KIB 1024ULL
#define MIB (1024ULL * KIB)
#define GIB (1024ULL * MIB)
#define TIB (1024ULL * GIB)
#define PIB (1024ULL * TIB)

/* engine_bytes(BYTES) into a buffer of its own: WANT, exactly. */
#define BYTES_ARE(bytes, want)                                                 \
	do {                                                                   \
		char b_[32];                                                   \
		CU_ASSERT_PTR_EQUAL(engine_bytes((bytes), b_, sizeof b_), b_); \
		CU_ASSERT_STRING_EQUAL(b_, (want));                            \
	} while (0)

static void test_bytes(void)
{
	BYTES_ARE(0, "0 B");
	BYTES_ARE(1, "1 B");
	BYTES_ARE(1023, "1023 B");	/* the last whole bytes */
}

static void test_units(void)
{
	BYTES_ARE(KIB, "1.0 KiB");
	BYTES_ARE(1536, "1.5 KiB");
	/* one byte short of a MiB reads as one: never "1024.0 KiB" */
	BYTES_ARE(MIB - 1, "1.0 MiB");
	BYTES_ARE(MIB - 103, "1023.9 KiB");	/* 1023.899...: still KiB */
	BYTES_ARE(MIB, "1.0 MiB");
	BYTES_ARE(GIB, "1.0 GiB");
	BYTES_ARE(TIB, "1.0 TiB");
	BYTES_ARE(PIB, "1.0 PiB");
}

static void test_largest(void)
{
	/* PiB is the largest unit: 2^64 - 1 bytes are 16384 PiB */
	BYTES_ARE(ULLONG_MAX, "16384.0 PiB");
}

static void test_small_buffer(void)
{
	char b[8];

	/* cut short and ended, as snprintf() does; the buffer is returned */
	memset(b, 'x', sizeof b);
	CU_ASSERT_PTR_EQUAL(engine_bytes(1536, b, 4), b);
	CU_ASSERT_STRING_EQUAL(b, "1.5");
	CU_ASSERT_EQUAL(b[4], 'x');		/* nothing written past LEN */

	memset(b, 'x', sizeof b);
	CU_ASSERT_PTR_EQUAL(engine_bytes(1023, b, 5), b);
	CU_ASSERT_STRING_EQUAL(b, "1023");
	CU_ASSERT_EQUAL(b[5], 'x');

	memset(b, 'x', sizeof b);
	CU_ASSERT_PTR_EQUAL(engine_bytes(ULLONG_MAX, b, 1), b);
	CU_ASSERT_STRING_EQUAL(b, "");
	CU_ASSERT_EQUAL(b[1], 'x');

	/* LEN 0: nothing is written at all */
	memset(b, 'x', sizeof b);
	CU_ASSERT_PTR_EQUAL(engine_bytes(GIB, b, 0), b);
	CU_ASSERT_EQUAL(b[0], 'x');

	/* exactly long enough: "1.0 KiB" is seven characters and the end */
	memset(b, 'x', sizeof b);
	CU_ASSERT_PTR_EQUAL(engine_bytes(KIB, b, sizeof b), b);
	CU_ASSERT_STRING_EQUAL(b, "1.0 KiB");
}

/* engine_duration(S): WANT, exactly. */
#define DURATION_IS(s, want)                                                     \
	do {                                                                     \
		char d_[32];                                                     \
		CU_ASSERT_PTR_EQUAL(engine_duration((s), d_, sizeof d_), d_);    \
		CU_ASSERT_STRING_EQUAL(d_, (want));                              \
	} while (0)

static void test_duration(void)
{
	DURATION_IS(0.0, "0.0 s");
	DURATION_IS(4.24, "4.2 s");
	DURATION_IS(9.94, "9.9 s");
	DURATION_IS(9.95, "10 s");	/* never "10.0 s" */
	DURATION_IS(42.4, "42 s");
	DURATION_IS(119.4, "119 s");
	DURATION_IS(119.5, "2 min 0 s");
	DURATION_IS(725.0, "12 min 5 s");
	DURATION_IS(7199.4, "119 min 59 s");
	DURATION_IS(7500.0, "2 h 5 min");
}

static const struct unit_test tests[] = {
	{ "duration: seconds with a decimal below 10, then s, min, h", test_duration },
	{ "bytes: 0, 1 and 1023 in whole bytes", test_bytes },
	{ "units: KiB to PiB with one decimal, 1 MiB - 1 still in KiB", test_units },
	{ "largest: ULLONG_MAX in PiB", test_largest },
	{ "small buffer: cut short, always ended, never overrun", test_small_buffer },
	{ NULL, NULL }
};

int test_engine_bytes_register(void);
int test_engine_bytes_register(void)
{
	return unit_add_suite("engine_bytes", tests);
}

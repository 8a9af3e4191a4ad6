/* tests/unit/unit.h — helpers shared by the unit suites. */
#ifndef VIRT_MIGRATE_UNIT_H
#define VIRT_MIGRATE_UNIT_H

#include <CUnit/CUnit.h>

/* Add a suite named NAME with the NULL-terminated TESTS table. */
struct unit_test {
	const char *name;
	CU_TestFunc fn;
};

/* The same, with INIT run before its tests and CLEAN after (may be NULL). */
static inline int unit_add_suite_with(const char *name, const struct unit_test *tests,
				      CU_InitializeFunc init, CU_CleanupFunc clean)
{
	CU_pSuite s = CU_add_suite(name, init, clean);
	if (!s)
		return -1;
	for (; tests->name; tests++)
		if (!CU_add_test(s, tests->name, tests->fn))
			return -1;
	return 0;
}

static inline int unit_add_suite(const char *name, const struct unit_test *tests)
{
	return unit_add_suite_with(name, tests, NULL, NULL);
}

#endif

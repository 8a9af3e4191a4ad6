/* tests/unit/run.c — the one CUnit runner.
 *
 * Suites come from the tests/unit/test_NAME.c files: the Makefile lists them
 * in unit_suites.h and each file exports test_NAME_register().  The exit
 * status is the number of failed tests (capped at 255 so it never wraps to 0),
 * or 255 when CUnit itself failed.
 *
 *   unit-tests [SUITE...]     run every suite, or only the ones named
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit.h"

#define SUITE(n) int test_##n##_register(void);
#include "unit_suites.h"
#undef SUITE

static const struct {
	const char *name;
	int (*reg)(void);
} suites[] = {
#define SUITE(n) { #n, test_##n##_register },
#include "unit_suites.h"
#undef SUITE
	{ NULL, NULL }
};

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "unit-tests: CUnit: %s\n", CU_get_error_msg());
		return 255;
	}
	int registered = 0;
	for (size_t i = 0; suites[i].name; i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		if (suites[i].reg() != 0) {
			fprintf(stderr, "unit-tests: cannot register suite '%s': %s\n",
				suites[i].name, CU_get_error_msg());
			CU_cleanup_registry();
			return 255;
		}
		registered++;
	}
	if (registered == 0) {
		fprintf(stderr, "unit-tests: no suite matched\n");
		CU_cleanup_registry();
		return 255;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_tests_failed();
	unsigned ran = CU_get_number_of_tests_run();
	int cu_err = CU_get_error();
	CU_cleanup_registry();
	printf("unit: %u passed, %u failed\n", ran - failed, failed);
	if (cu_err != CUE_SUCCESS)
		return 255;
	return failed > 255 ? 255 : (int)failed;
}

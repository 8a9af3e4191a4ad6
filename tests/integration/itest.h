/* tests/integration/itest.h — helpers shared by the integration suites. */
#ifndef VIRT_MIGRATE_ITEST_H
#define VIRT_MIGRATE_ITEST_H

#include <stddef.h>

#include <CUnit/CUnit.h>

struct itest {
	const char *name;
	CU_TestFunc fn;
};

/* Add suite NAME with INIT/CLEAN and the NULL-terminated TESTS. */
int itest_add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc clean,
		    const struct itest *tests);

/* Absolute path of fixture FILE (tests/integration/fixtures/FILE) in BUF. */
const char *itest_fixture(const char *file, char *buf, size_t size);

/* A scratch directory made for this run (removed at the end). */
const char *itest_scratch(void);

/* Run ARGV (no shell), wait; returns the exit status or -1.  Its stdout
 * goes to OUT (malloc'd, may be NULL), stderr to the runner's stderr. */
int itest_run(const char *const argv[], char **out);

/* The register functions of the suites. */
int test_engine_register(void);
int test_uri_register(void);
int test_inventory_register(void);
int test_sshlink_register(void);
int test_facts_register(void);
int test_recover_register(void);

#endif

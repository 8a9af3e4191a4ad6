/* tests/unit/test_inventory_mem.c — suite "inventory_mem": a host's memory
 * said one way by every view (hosts, check, the wizard): a size, or
 * "unknown" when libvirt gave no figure. */
#include <string.h>

#include "unit.h"
#include "checkfix.h"

static void test_mem_words(void)
{
	char b[32];
	struct inv_host h = { .reachable = 1, .mem_free_kib = 2048, .mem_total_kib = 4096 };

	CU_ASSERT_STRING_EQUAL(inventory_host_mem_free(&h, b, sizeof b), "2.0 MiB");
	CU_ASSERT_STRING_EQUAL(inventory_host_mem_total(&h, b, sizeof b), "4.0 MiB");
	h.mem_free_kib = 0;		/* no figure from libvirt */
	CU_ASSERT_STRING_EQUAL(inventory_host_mem_free(&h, b, sizeof b), "unknown");
	h.mem_free_kib = 2048;
	h.reachable = 0;		/* not read */
	CU_ASSERT_STRING_EQUAL(inventory_host_mem_free(&h, b, sizeof b), "unknown");
	CU_ASSERT_STRING_EQUAL(inventory_host_mem_total(&h, b, sizeof b), "unknown");
	CU_ASSERT_STRING_EQUAL(inventory_host_mem_free(NULL, b, sizeof b), "unknown");
}

static const struct unit_test tests[] = {
	{ "free and total memory: a size or unknown", test_mem_words },
	{ NULL, NULL }
};

int test_inventory_mem_register(void);
int test_inventory_mem_register(void)
{
	return unit_add_suite("inventory_mem", tests);
}

/* tests/unit/test_inventory_find.c — lookups in an inventory: hosts, VMs,
 * pools, and which hosts see a shared pool. */
#include "unit.h"
#include "checkfix.h"

static void test_lookups(void)
{
	struct fx *f = fx_new();
	struct inv_host *h = NULL;
	CU_ASSERT_PTR_NOT_NULL(inventory_host_find(&f->inv, "b"));
	CU_ASSERT_PTR_NULL(inventory_host_find(&f->inv, "zz"));
	struct inv_vm *vm = inventory_vm_find(&f->inv, "vm1", &h);
	CU_ASSERT_PTR_NOT_NULL(vm);
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_STRING_EQUAL(h->cfg->name, "a");
	CU_ASSERT_PTR_NOT_NULL(inv_host_pool(h, "local"));
	CU_ASSERT_PTR_NULL(inv_host_pool(h, "local3"));
	CU_ASSERT_PTR_NULL(inventory_vm_find(&f->inv, "nope", &h));
	fx_free(f);
}

static void test_pool_peers(void)
{
	struct fx *f = fx_new();
	struct inv_host *a = inventory_host_find(&f->inv, "a");
	const struct inv_host *peers[4];

	/* every host has the shared pool at /srv/vm: a shares it with b and c */
	size_t n = inv_pool_peers(&f->inv, a, inv_host_pool(a, "shared"), peers, 4);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_STRING_EQUAL(peers[0]->cfg->name, "b");
	CU_ASSERT_STRING_EQUAL(peers[1]->cfg->name, "c");
	/* a local pool has no peers, even at the same path everywhere */
	CU_ASSERT_EQUAL(inv_pool_peers(&f->inv, a, inv_host_pool(a, "local"), peers, 4), 0);
	/* an unreachable host is no peer; counting works without room */
	inventory_host_find(&f->inv, "c")->reachable = 0;
	CU_ASSERT_EQUAL(inv_pool_peers(&f->inv, a, inv_host_pool(a, "shared"), NULL, 0), 1);
	/* a shared pool elsewhere at another path is not the same storage */
	struct inv_pool *other = fx_add_pool(f, "b", "nas2", "/srv/other", 1, 10, 5);
	CU_ASSERT_EQUAL(inv_pool_peers(&f->inv, inventory_host_find(&f->inv, "b"), other, peers, 4), 0);
	fx_free(f);
}

int test_inventory_find_register(void);

int test_inventory_find_register(void)
{
	static const struct unit_test tests[] = {
		{ "hosts, VMs and pools by name", test_lookups },
		{ "hosts that see a shared pool", test_pool_peers },
		{ NULL, NULL }
	};
	return unit_add_suite("inventory_find", tests);
}

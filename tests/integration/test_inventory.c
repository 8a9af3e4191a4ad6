/* tests/integration/test_inventory.c — inventory_load() against the libvirt
 * test:/// driver (fixtures/host-a.xml, host-b.xml) and against hosts that
 * cannot be reached. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "itest.h"
#include "../../engine/engine.h"

#define GiB (1024ULL * 1024 * 1024)
#define MiB (1024ULL * 1024)

static struct config cfg;
static struct inventory inv;
static int loaded;
static struct vm_error load_err;

static int suite_init(void)
{
	char a[512], b[512], text[2048], err[CONFIG_ERR_MAX];
	struct inventory_options opt = { HOSTKEY_STRICT };

	/* host "down" has no uri: the built qemu+ssh URI makes it remote, so
	 * the tool's SSH link goes first and finds nothing on port 1;
	 * host "down2" names a qemu+ssh URI itself. */
	snprintf(text, sizeof(text),
		 "[defaults]\n"
		 "known_hosts = %s/inventory_known_hosts\n"
		 "connect_timeout = 5\n"
		 "[host a]\n"
		 "uri = test://%s\n"
		 "[host down]\n"
		 "address = 127.0.0.1\n"
		 "ssh_port = 1\n"
		 "[host b]\n"
		 "uri = test://%s\n"
		 "[host down2]\n"
		 "address = 127.0.0.1\n"
		 "ssh_port = 1\n"
		 "uri = qemu+ssh://127.0.0.1:1/system\n",
		 itest_scratch(),
		 itest_fixture("host-a.xml", a, sizeof(a)),
		 itest_fixture("host-b.xml", b, sizeof(b)));
	if (config_load_string(text, "<inventory test>", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "inventory suite: %s\n", err);
		return -1;
	}
	loaded = inventory_load(&cfg, &opt, &inv, &load_err) == 0;
	return 0;
}

static int suite_clean(void)
{
	inventory_free(&inv);
	inventory_free(&inv);	/* twice is harmless */
	config_free(&cfg);
	return 0;
}

static const struct inv_host *host(const char *name)
{
	for (size_t i = 0; i < inv.nhosts; i++)
		if (strcmp(inv.hosts[i].cfg->name, name) == 0)
			return &inv.hosts[i];
	return NULL;
}

static const struct inv_pool *pool(const struct inv_host *h, const char *name)
{
	for (size_t i = 0; h && i < h->npools; i++)
		if (strcmp(h->pools[i].name, name) == 0)
			return &h->pools[i];
	return NULL;
}

static const struct inv_net *net(const struct inv_host *h, const char *name)
{
	for (size_t i = 0; h && i < h->nnets; i++)
		if (strcmp(h->nets[i].name, name) == 0)
			return &h->nets[i];
	return NULL;
}

static const struct inv_vm *vm(const struct inv_host *h, const char *name)
{
	for (size_t i = 0; h && i < h->nvms; i++)
		if (strcmp(h->vms[i].name, name) == 0)
			return &h->vms[i];
	return NULL;
}

static const struct inv_disk *disk(const struct inv_vm *v, const char *target)
{
	for (size_t i = 0; v && i < v->ndisks; i++)
		if (v->disks[i].target && strcmp(v->disks[i].target, target) == 0)
			return &v->disks[i];
	return NULL;
}

/* CU_ASSERT_STRING_EQUAL on a string that may be NULL */
#define ASSERT_STR(actual, expected) do { \
	const char *a_ = (actual); \
	CU_ASSERT_PTR_NOT_NULL(a_); \
	if (a_) \
		CU_ASSERT_STRING_EQUAL(a_, expected); \
} while (0)

static void test_load_order(void)
{
	CU_ASSERT_TRUE_FATAL(loaded);
	CU_ASSERT_EQUAL_FATAL(inv.nhosts, 4);
	/* in config order, each pointing at its configuration */
	CU_ASSERT_STRING_EQUAL(inv.hosts[0].cfg->name, "a");
	CU_ASSERT_STRING_EQUAL(inv.hosts[1].cfg->name, "down");
	CU_ASSERT_STRING_EQUAL(inv.hosts[2].cfg->name, "b");
	CU_ASSERT_STRING_EQUAL(inv.hosts[3].cfg->name, "down2");
	for (size_t i = 0; i < inv.nhosts; i++)
		CU_ASSERT_PTR_EQUAL(inv.hosts[i].cfg, &cfg.hosts[i]);
}

static void test_host_facts(void)
{
	const struct inv_host *a = host("a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->reachable, 1);
	CU_ASSERT_EQUAL(a->ssh_failure, SSHLINK_OK);
	CU_ASSERT_STRING_EQUAL(a->error.message, "");
	CU_ASSERT_PTR_NULL(a->hostkey_fp);	/* local URI: no SSH link */
	CU_ASSERT_PTR_NOT_NULL(a->hostname);
	ASSERT_STR(a->cpu_model, "fixture-cpu-a");
	CU_ASSERT_EQUAL(a->mem_total_kib, 16777216ULL);
	CU_ASSERT(a->libvirt_version >= 9000000UL);
	ASSERT_STR(a->hv_type, "TEST");
	CU_ASSERT(a->hv_version > 0);

	const struct inv_host *b = host("b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(b->reachable, 1);
	ASSERT_STR(b->cpu_model, "fixture-cpu-b");
	CU_ASSERT_EQUAL(b->mem_total_kib, 8388608ULL);
}

static void test_pools(void)
{
	const struct inv_host *a = host("a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->npools, 2);

	const struct inv_pool *p = pool(a, "images");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	ASSERT_STR(p->type, "dir");
	ASSERT_STR(p->path, "/var/lib/libvirt/images");
	CU_ASSERT_EQUAL(p->active, 1);
	CU_ASSERT_EQUAL(p->shared, 0);
	CU_ASSERT_EQUAL(p->capacity, 100 * GiB);
	CU_ASSERT_EQUAL(p->allocation, 43 * GiB);	/* 3 + 40 */
	CU_ASSERT_EQUAL(p->available, 57 * GiB);

	p = pool(a, "shared-nfs");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	ASSERT_STR(p->type, "netfs");
	ASSERT_STR(p->path, "/mnt/shared");
	CU_ASSERT_EQUAL(p->shared, 1);
	CU_ASSERT_EQUAL(p->allocation, 1 * GiB);

	const struct inv_host *b = host("b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(b->npools, 1);
	p = pool(b, "local");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(p->allocation, 512 * MiB);
}

static void test_networks(void)
{
	const struct inv_host *a = host("a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->nnets, 2);
	const struct inv_net *n = net(a, "default");
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	ASSERT_STR(n->bridge, "virbr0");
	CU_ASSERT_EQUAL(n->active, 1);
	n = net(a, "prod");
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	ASSERT_STR(n->bridge, "br-prod");

	n = net(host("b"), "isolated");
	CU_ASSERT_PTR_NOT_NULL_FATAL(n);
	ASSERT_STR(n->bridge, "virbr9");
}

static void test_vm_states(void)
{
	const struct inv_host *a = host("a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->nvms, 4);

	const struct inv_vm *v = vm(a, "web1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->state, INV_VM_RUNNING);
	ASSERT_STR(v->uuid, "11111111-2222-3333-4444-000000000001");
	CU_ASSERT_EQUAL(v->persistent, 1);
	CU_ASSERT_EQUAL(v->vcpus, 2);
	CU_ASSERT_EQUAL(v->memory_kib, 2097152ULL);
	ASSERT_STR(v->cpu_mode, "host-model");
	CU_ASSERT_PTR_NULL(v->cpu_model);

	v = vm(a, "db1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->state, INV_VM_PAUSED);
	CU_ASSERT_EQUAL(v->vcpus, 4);
	CU_ASSERT_EQUAL(v->memory_kib, 4194304ULL);
	ASSERT_STR(v->cpu_mode, "custom");
	ASSERT_STR(v->cpu_model, "Westmere");

	v = vm(a, "app1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->state, INV_VM_SHUTOFF);
	CU_ASSERT_PTR_NULL(v->cpu_mode);	/* no <cpu> at all */

	v = vm(a, "batch1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->state, INV_VM_SUSPENDED);	/* shut off + managed save */
	CU_ASSERT_EQUAL(v->ndisks, 0);
	CU_ASSERT_EQUAL(v->nnics, 0);

	v = vm(host("b"), "tmp1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->state, INV_VM_RUNNING);
	CU_ASSERT_EQUAL(v->persistent, 0);	/* transient */
	ASSERT_STR(v->cpu_mode, "host-passthrough");

	CU_ASSERT_STRING_EQUAL(inv_vm_state_name(INV_VM_SUSPENDED), "suspended");
	CU_ASSERT_STRING_EQUAL(inv_vm_state_name(INV_VM_PAUSED), "paused");
	CU_ASSERT_STRING_EQUAL(inv_vm_state_name(INV_VM_STATE_COUNT), "unknown");
}

static void test_vm_disks(void)
{
	const struct inv_host *a = host("a");
	const struct inv_vm *v = vm(a, "web1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->ndisks, 2);

	const struct inv_disk *d = disk(v, "vda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->device, "disk");
	ASSERT_STR(d->path, "/var/lib/libvirt/images/web1.qcow2");
	ASSERT_STR(d->pool, "images");
	ASSERT_STR(d->format, "qcow2");
	CU_ASSERT_EQUAL(d->capacity, 20 * GiB);
	CU_ASSERT_EQUAL(d->allocation, 3 * GiB);

	d = disk(v, "sda");	/* empty CD-ROM drive */
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->device, "cdrom");
	CU_ASSERT_PTR_NULL(d->path);
	CU_ASSERT_PTR_NULL(d->pool);
	CU_ASSERT_EQUAL(d->capacity, 0);

	v = vm(a, "db1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	d = disk(v, "vda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->pool, "images");
	ASSERT_STR(d->format, "raw");
	CU_ASSERT_EQUAL(d->capacity, 40 * GiB);
	d = disk(v, "vdb");	/* block device outside any pool, VM live */
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->path, "/dev/mapper/outside-lun");
	CU_ASSERT_PTR_NULL(d->pool);
	CU_ASSERT(d->capacity > 0);	/* from virDomainGetBlockInfo */

	v = vm(a, "app1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	d = disk(v, "vda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->pool, "shared-nfs");
	CU_ASSERT_EQUAL(d->capacity, 10 * GiB);
	d = disk(v, "vdb");	/* file outside any pool, VM shut off */
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->path, "/srv/outside-any-pool.img");
	CU_ASSERT_PTR_NULL(d->pool);
	CU_ASSERT_EQUAL(d->capacity, 0);
	CU_ASSERT_EQUAL(d->allocation, 0);

	/* a type='volume' disk: pool and volume named, path found */
	v = vm(host("b"), "tmp1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	d = disk(v, "vda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->pool, "local");
	ASSERT_STR(d->path, "/srv/pool-b/tmp1.qcow2");
	CU_ASSERT_EQUAL(d->capacity, 8 * GiB);
	CU_ASSERT_EQUAL(d->allocation, 512 * MiB);
}

static void test_vm_nics(void)
{
	const struct inv_host *a = host("a");
	const struct inv_vm *v = vm(a, "web1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL_FATAL(v->nnics, 1);
	ASSERT_STR(v->nics[0].mac, "52:54:00:00:00:01");
	ASSERT_STR(v->nics[0].network, "default");

	v = vm(a, "db1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL_FATAL(v->nnics, 2);
	ASSERT_STR(v->nics[0].mac, "52:54:00:00:00:02");
	CU_ASSERT_PTR_NULL(v->nics[0].network);
	ASSERT_STR(v->nics[0].bridge, "br-prod");
	ASSERT_STR(v->nics[1].mac, "52:54:00:00:00:03");
	ASSERT_STR(v->nics[1].network, "prod");
}

static void test_unreachable(void)
{
	const char *names[] = { "down", "down2", NULL };
	char kh[600];
	struct stat st;

	for (size_t i = 0; names[i]; i++) {
		const struct inv_host *d = host(names[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CU_ASSERT_EQUAL(d->reachable, 0);
		CU_ASSERT_EQUAL(d->ssh_failure, SSHLINK_UNREACHABLE);
		CU_ASSERT_PTR_NOT_NULL(strstr(d->error.message, names[i]));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->error.message, "127.0.0.1 port 1"));
		CU_ASSERT_PTR_NOT_NULL(strstr(d->error.message, "is unreachable"));
		CU_ASSERT(d->error.hint[0] != '\0');
		CU_ASSERT_PTR_NULL(d->hostname);
		CU_ASSERT_EQUAL(d->nvms, 0);
		CU_ASSERT_EQUAL(d->npools, 0);
	}
	/* nothing was written to the known_hosts file */
	snprintf(kh, sizeof(kh), "%s/inventory_known_hosts", itest_scratch());
	CU_ASSERT_NOT_EQUAL(stat(kh, &st), 0);
}

static void test_libvirt_failure(void)
{
	/* local URI that libvirt refuses: reachable 0, no SSH failure, the
	 * libvirt message kept */
	char err[CONFIG_ERR_MAX];
	struct config c;
	struct inventory i2;
	struct vm_error e;

	CU_ASSERT_EQUAL_FATAL(config_load_string(
		"[host gone]\nuri = test:///nonexistent/fixture.xml\n",
		"<t>", &c, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(inventory_load(&c, NULL, &i2, &e), 0);
	CU_ASSERT_EQUAL_FATAL(i2.nhosts, 1);
	CU_ASSERT_EQUAL(i2.hosts[0].reachable, 0);
	CU_ASSERT_EQUAL(i2.hosts[0].ssh_failure, SSHLINK_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(i2.hosts[0].error.message, "'gone'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(i2.hosts[0].error.message, "test:///nonexistent"));
	inventory_free(&i2);
	config_free(&c);

	CU_ASSERT_EQUAL(inventory_load(NULL, NULL, &i2, &e), -1);
	CU_ASSERT(e.message[0] != '\0');
	inventory_free(NULL);
}

int test_inventory_register(void)
{
	static const struct itest tests[] = {
		{ "hosts in config order", test_load_order },
		{ "host facts", test_host_facts },
		{ "storage pools", test_pools },
		{ "networks", test_networks },
		{ "VM states, CPU, memory", test_vm_states },
		{ "VM disks with pools and sizes", test_vm_disks },
		{ "VM NICs", test_vm_nics },
		{ "unreachable hosts reported, others loaded", test_unreachable },
		{ "libvirt refusal reported", test_libvirt_failure },
		{ NULL, NULL }
	};
	return itest_add_suite("inventory", suite_init, suite_clean, tests);
}

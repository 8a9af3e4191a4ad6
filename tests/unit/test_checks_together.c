/* tests/unit/test_checks_together.c — suite "checks_together": what several
 * moves run at once need together (memory of a host, room of a datastore),
 * said only when each fits alone. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"
#include "../../engine/checks_together.h"

#define MAX_PLANS 4

/* Plans built by hand, run through checks_together() into OUT. */
struct batch {
	struct plan plans[MAX_PLANS];
	size_t n;
	struct findings out;
};

static struct plan *add(struct batch *b, const char *vm, enum plan_kind kind, const char *target,
			const char *datastore)
{
	struct plan *p = &b->plans[b->n++];

	memset(p, 0, sizeof(*p));
	p->vm = strdup(vm);
	p->kind = kind;
	p->target = target ? strdup(target) : NULL;
	p->datastore = datastore ? strdup(datastore) : NULL;
	return p;
}

static void run(struct fx *f, struct batch *b)
{
	findings_free(&b->out);
	checks_together(&f->inv, b->plans, b->n, &b->out);
}

static const struct finding *get(const struct batch *b, const char *code)
{
	for (size_t i = 0; i < b->out.count; i++)
		if (strcmp(b->out.items[i].code, code) == 0)
			return &b->out.items[i];
	return NULL;
}

static size_t count(const struct batch *b, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < b->out.count; i++)
		n += strcmp(b->out.items[i].code, code) == 0;
	return n;
}

/* 1 when checks_evaluate() finds CODE for plan K of B alone. */
static int alone_has(struct fx *f, const struct batch *b, size_t k, const char *code)
{
	struct findings out = { 0 };
	checks_evaluate(&f->inv, &b->plans[k], &f->facts, &f->cfg, &out);
	int has = findings_has(&out, code);
	findings_free(&out);
	return has;
}

static void batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		plan_free(&b->plans[i]);
	findings_free(&b->out);
}

/* Running VMs vm1 (2 GiB, the fixture's), vm2 and vm3 of GIB each on a. */
static void three_vms(struct fx *f, unsigned long long gib)
{
	fx_add_vm(f, "a", "vm2")->memory_kib = gib * 1024 * 1024;
	fx_add_vm(f, "a", "vm3")->memory_kib = gib * 1024 * 1024;
}

static void test_memory(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	three_vms(f, 12);	/* 2 + 12 + 12 GiB, host b has 24 free */
	add(&b, "vm1", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "vm2", PLAN_KIND_COMPUTE, "b", NULL);
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);	/* 14 GiB fit */
	add(&b, "vm3", PLAN_KIND_COMPUTE, "b", NULL);
	run(f, &b);
	const struct finding *it = get(&b, "mem.together");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	for (size_t k = 0; k < b.n; k++)	/* each fits alone */
		CU_ASSERT_FALSE(alone_has(f, &b, k, "mem.insufficient"));
	CU_ASSERT_EQUAL(it->severity, FINDING_ERROR);
	CU_ASSERT_EQUAL(b.out.errors, 1);
	CU_ASSERT_EQUAL(count(&b, "mem.together"), 1);	/* once per host */
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "Host b has 24.0 GiB free"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "the 3 VMs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "26.0 GiB together"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "host b"));
	/* one of them to c instead: each host has room */
	free(b.plans[2].target);
	b.plans[2].target = strdup("c");
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static void test_memory_live_only(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	three_vms(f, 12);
	fx_vm(f, "vm3")->state = INV_VM_SHUTOFF;	/* cold: not started on b */
	add(&b, "vm1", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "vm2", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "vm3", PLAN_KIND_COMPUTE, "b", NULL);
	run(f, &b);
	CU_ASSERT_PTR_NULL(get(&b, "mem.together"));
	fx_vm(f, "vm3")->state = INV_VM_PAUSED;		/* paused moves live */
	run(f, &b);
	CU_ASSERT_PTR_NOT_NULL(get(&b, "mem.together"));
	/* a host that does not say what it has free: nothing (mem.unknown is
	 * checks_evaluate()'s, per VM) */
	fx_host(f, "b")->mem_free_kib = 0;
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static void test_memory_alone_first(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	three_vms(f, 12);
	fx_vm(f, "vm3")->memory_kib = 30ULL * 1024 * 1024;	/* never fits: its own error */
	add(&b, "vm1", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "vm2", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "vm3", PLAN_KIND_COMPUTE, "b", NULL);
	run(f, &b);
	CU_ASSERT_PTR_NULL(get(&b, "mem.together"));	/* 2 + 12 of those that fit */
	fx_vm(f, "vm1")->memory_kib = 13ULL * 1024 * 1024;
	run(f, &b);
	const struct finding *it = get(&b, "mem.together");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "the 2 VMs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "25.0 GiB together"));
	/* one plan alone, or one VM named twice: nothing together */
	plan_free(&b.plans[1]);
	plan_free(&b.plans[2]);
	b.n = 1;
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	add(&b, "vm1", PLAN_KIND_COMPUTE, "b", NULL);
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static void test_memory_same_host(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	three_vms(f, 12);
	fx_host(f, "a")->mem_free_kib = 1024 * 1024;	/* a is full: they run there already */
	add(&b, "vm1", PLAN_KIND_STORAGE, NULL, "local");
	add(&b, "vm2", PLAN_KIND_STORAGE, "a", "local");
	add(&b, "vm3", PLAN_KIND_STORAGE, NULL, "local");
	run(f, &b);
	CU_ASSERT_PTR_NULL(get(&b, "mem.together"));
	batch_free(&b);
	fx_free(f);
}

/* vm2 and vm3 on a, a qcow2 disk each on "shared" of CAP GiB, ALLOC allocated. */
static void disks(struct fx *f, unsigned long long cap, unsigned long long alloc)
{
	three_vms(f, 1);
	fx_add_disk(f, fx_vm(f, "vm2"), "vda", "shared", "/srv/vm/vm2.qcow2", cap, alloc);
	fx_add_disk(f, fx_vm(f, "vm3"), "vda", "shared", "/srv/vm/vm3.qcow2", cap, alloc);
}

static void test_storage(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	disks(f, 80, 60);	/* "local" of a has 100 GiB available */
	add(&b, "vm2", PLAN_KIND_STORAGE, NULL, "local");
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	add(&b, "vm3", PLAN_KIND_STORAGE, NULL, "local");
	run(f, &b);
	const struct finding *it = get(&b, "storage.together");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_EQUAL(it->severity, FINDING_ERROR);
	CU_ASSERT_EQUAL(count(&b, "storage.together"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "Datastore 'local' of host a has 100.0 GiB "
				      "available"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "the 2 VMs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "120.0 GiB together"));
	CU_ASSERT_PTR_NOT_NULL(strstr(it->hint, "'local'"));
	/* vm1 (5 GiB) goes along: three VMs, 125 GiB */
	add(&b, "vm1", PLAN_KIND_STORAGE, NULL, "local");
	run(f, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(get(&b, "storage.together")->message, "the 3 VMs"));
	CU_ASSERT_EQUAL(count(&b, "storage.together"), 1);
	batch_free(&b);
	fx_free(f);
}

/* Counted as checks_storage.c counts one VM's room: as allocated, or the
 * capacity when thick; a disk already in the datastore is not copied. */
static void test_storage_rule(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	disks(f, 60, 30);
	add(&b, "vm2", PLAN_KIND_STORAGE, NULL, "local");
	add(&b, "vm3", PLAN_KIND_STORAGE, NULL, "local");
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);		/* 60 GiB as allocated */
	b.plans[1].format = PLAN_FORMAT_THICK;		/* 30 + 60 */
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	b.plans[0].format = PLAN_FORMAT_THICK;		/* 60 + 60 */
	run(f, &b);
	CU_ASSERT_PTR_NOT_NULL(get(&b, "storage.together"));
	/* the same count as one VM's: each fits alone, 60 GiB thick */
	CU_ASSERT_FALSE(alone_has(f, &b, 0, "storage.space"));
	CU_ASSERT_FALSE(alone_has(f, &b, 1, "storage.space"));
	fx_host(f, "a")->pools[1].available = 59 * FX_GIB;	/* neither fits alone */
	CU_ASSERT_TRUE(alone_has(f, &b, 0, "storage.space"));
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	/* into "shared", where the disks are: nothing is copied */
	fx_host(f, "a")->pools[0].available = 10 * FX_GIB;
	for (size_t i = 0; i < b.n; i++) {
		free(b.plans[i].datastore);
		b.plans[i].datastore = strdup("shared");
	}
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static void test_storage_hosts(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	disks(f, 80, 60);
	/* "local" of b and "local" of c are two datastores */
	add(&b, "vm2", PLAN_KIND_BOTH, "b", "local");
	add(&b, "vm3", PLAN_KIND_BOTH, "c", "local");
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	free(b.plans[1].target);
	b.plans[1].target = strdup("b");
	run(f, &b);
	const struct finding *it = get(&b, "storage.together");
	CU_ASSERT_PTR_NOT_NULL_FATAL(it);
	CU_ASSERT_PTR_NOT_NULL(strstr(it->message, "Datastore 'local' of host b"));
	/* compute only: no disk is copied */
	b.plans[0].kind = b.plans[1].kind = PLAN_KIND_COMPUTE;
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static void test_storage_alone_first(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	disks(f, 120, 110);	/* neither fits alone: storage.space each, nothing together */
	add(&b, "vm2", PLAN_KIND_STORAGE, NULL, "local");
	add(&b, "vm3", PLAN_KIND_STORAGE, NULL, "local");
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	CU_ASSERT_TRUE(alone_has(f, &b, 0, "storage.space"));
	CU_ASSERT_TRUE(alone_has(f, &b, 1, "storage.space"));
	/* an inactive or unknown datastore: its own error, nothing together */
	fx_vm(f, "vm2")->disks[0].allocation = fx_vm(f, "vm3")->disks[0].allocation = 60 * FX_GIB;
	run(f, &b);
	CU_ASSERT_PTR_NOT_NULL(get(&b, "storage.together"));
	fx_host(f, "a")->pools[1].active = 0;
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	for (size_t i = 0; i < b.n; i++) {
		free(b.plans[i].datastore);
		b.plans[i].datastore = strdup("nosuch");
	}
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static void test_unknown_names(void)
{
	struct fx *f = fx_new();
	struct batch b = { .n = 0 };

	three_vms(f, 12);
	add(&b, "vm1", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "nosuch", PLAN_KIND_COMPUTE, "b", NULL);
	add(&b, "vm2", PLAN_KIND_COMPUTE, "nowhere", NULL);
	add(&b, "vm3", PLAN_KIND_COMPUTE, NULL, NULL);
	run(f, &b);
	CU_ASSERT_EQUAL(b.out.count, 0);
	checks_together(&f->inv, b.plans, 0, &b.out);
	checks_together(&f->inv, NULL, 2, &b.out);
	CU_ASSERT_EQUAL(b.out.count, 0);
	batch_free(&b);
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "mem.together: live VMs to one host, each fitting alone", test_memory },
	{ "mem.together: cold moves start nothing; unknown free memory", test_memory_live_only },
	{ "mem.together: a VM that does not fit alone is its own error", test_memory_alone_first },
	{ "mem.together: storage-only moves stay on their host", test_memory_same_host },
	{ "storage.together: disks of several VMs into one datastore", test_storage },
	{ "storage.together: counted as storage.space counts one VM", test_storage_rule },
	{ "storage.together: per datastore of each target host", test_storage_hosts },
	{ "storage.together: what fails alone is left out", test_storage_alone_first },
	{ "unknown VMs and hosts are left to checks_evaluate", test_unknown_names },
	{ NULL, NULL }
};

int test_checks_together_register(void);
int test_checks_together_register(void)
{
	return unit_add_suite("checks_together", tests);
}

/* engine/checks_together.c — what several moves run at once need together:
 * the memory of the VMs that will run on each target host, and the bytes
 * copied into each target datastore.  checks_evaluate() judges each plan
 * alone (mem.insufficient, storage.space); this file only says what plans
 * that each fit alone do not fit together.  Pure: no I/O. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "checks_together.h"
#include "checks_int.h"
#include "disk.h"
#include "mem_room.h"

/* One plan with what it names found in the inventory, once. */
struct moving {
	const struct plan *p;
	const struct inv_vm *vm;	/* NULL: left out (unknown, or named before) */
	const struct inv_host *dst;
	int host_change;
};

static unsigned long long sat_add(unsigned long long a, unsigned long long b)
{
	return a > ULLONG_MAX - b ? ULLONG_MAX : a + b;
}

/* Plan K of PLANS into *M; M->vm stays NULL when the plan names what the
 * inventory does not know, or a VM an earlier plan names already (counted
 * with that one). */
static void resolve(const struct inventory *inv, const struct plan *plans, size_t k,
		    struct moving *m)
{
	const struct plan *p = &plans[k];
	struct inv_host *src = NULL;
	const struct inv_vm *vm = p->vm ? inventory_vm_find(inv, p->vm, &src) : NULL;

	m->p = p;
	if (!vm || !src)
		return;
	for (size_t j = 0; j < k; j++)
		if (plans[j].vm && strcmp(plans[j].vm, p->vm) == 0)
			return;
	m->dst = p->target ? inventory_host_find(inv, p->target) : src;
	if (!m->dst)
		return;
	m->vm = vm;
	m->host_change = plan_kind_needs_host(p->kind) && m->dst != src;
}

/* ---- memory -------------------------------------------------------------- */

/* The memory (KiB) move M's VM will take on host H, or 0: a live move there
 * from another host. */
static unsigned long long mem_on(const struct moving *m, const struct inv_host *h)
{
	if (!m->vm || m->dst != h || !m->host_change || !plan_is_live(m->vm))
		return 0;
	return m->vm->memory_kib;
}

/* Host H, the target of MV[FIRST] and maybe of later moves. */
static void memory_host(const struct moving *mv, size_t n, size_t first, const struct inv_host *h,
			struct findings *out)
{
	unsigned long long free_kib = h->mem_free_kib, sum = 0;
	char free_s[32], sum_s[32], hint[256];
	size_t count = 0;

	for (size_t k = first; k < n; k++) {
		unsigned long long need = mem_on(&mv[k], h);

		/* none, unknown (mem.unknown says so per VM), or its own
		 * mem.insufficient */
		if (mem_room_fit(free_kib, 0, need) != MEM_ROOM_FITS)
			continue;
		sum = sat_add(sum, need);
		count++;
	}
	if (count < 2 || mem_room_fit(free_kib, 0, sum) != MEM_ROOM_SHORT)
		return;
	findings_add(out, FINDING_ERROR, "mem.together",
		     checks_fmt(hint, sizeof(hint), "Move fewer VMs to host %s at once, or "
				"send some of them to another host.", checks_host_name(h)),
		     "Host %s has %s free, but the %zu VMs moving there live need %s "
		     "together (each fits alone).", checks_host_name(h),
		     engine_bytes(free_kib * 1024ULL, free_s, sizeof(free_s)), count,
		     engine_bytes(sum > ULLONG_MAX / 1024 ? ULLONG_MAX : sum * 1024ULL, sum_s,
				  sizeof(sum_s)));
}

static void memory_together(const struct moving *mv, size_t n, struct findings *out)
{
	for (size_t k = 0; k < n; k++) {
		int seen = 0;

		if (!mem_on(&mv[k], mv[k].dst))
			continue;
		for (size_t j = 0; j < k && !seen; j++)
			seen = mem_on(&mv[j], mv[k].dst) != 0;
		if (!seen)	/* the first move to that host: the host judged once */
			memory_host(mv, n, k, mv[k].dst, out);
	}
}

/* ---- storage ------------------------------------------------------------- */

/* The datastore disk I of move M is copied to, or NULL. */
static const char *copied_to(const struct moving *m, size_t i)
{
	return disk_destination(m->p, &m->vm->disks[i], m->host_change);
}

/* The bytes move M copies into datastore POOL of host H, and in *ANY
 * whether it copies anything there (a disk of 0 bytes known). */
static unsigned long long bytes_into(const struct moving *m, const struct inv_host *h,
				     const char *pool, int *any)
{
	unsigned long long need = 0;

	*any = 0;
	if (!m->vm || m->dst != h)
		return 0;
	for (size_t i = 0; i < m->vm->ndisks; i++) {
		const char *ds = copied_to(m, i);

		if (ds && strcmp(ds, pool) == 0) {
			need = sat_add(need, disk_bytes_needed(m->p, &m->vm->disks[i]));
			*any = 1;
		}
	}
	return need;
}

/* Datastore P of host H, into which MV[FIRST] copies and maybe later moves. */
static void storage_pool(const struct moving *mv, size_t n, size_t first,
			 const struct inv_host *h, const struct inv_pool *p, struct findings *out)
{
	unsigned long long sum = 0;
	char avail_s[32], sum_s[32], hint[256];
	size_t count = 0;
	int any;

	for (size_t k = first; k < n; k++) {
		unsigned long long need = bytes_into(&mv[k], h, p->name, &any);

		if (!need || need > p->available)
			continue;	/* none, unknown, or its own storage.space */
		sum = sat_add(sum, need);
		count++;
	}
	if (count < 2 || sum <= p->available)
		return;
	findings_add(out, FINDING_ERROR, "storage.together",
		     checks_fmt(hint, sizeof(hint), "Move fewer VMs at once, free space on "
				"'%s', or choose another datastore (or host) for some of them.",
				p->name),
		     "Datastore '%s' of host %s has %s available, but the disks of the %zu "
		     "VMs copied there need %s together (each VM's fit alone).", p->name,
		     checks_host_name(h), engine_bytes(p->available, avail_s, sizeof(avail_s)),
		     count, engine_bytes(sum, sum_s, sizeof(sum_s)));
}

static void storage_together(const struct moving *mv, size_t n, struct findings *out)
{
	for (size_t k = 0; k < n; k++) {
		const struct moving *m = &mv[k];

		for (size_t i = 0; m->vm && i < m->vm->ndisks; i++) {
			const char *ds = copied_to(m, i);
			const struct inv_pool *p = ds ? inv_host_pool(m->dst, ds) : NULL;
			int seen = 0;

			if (!p || !p->active)
				continue;	/* storage.datastore-missing, -inactive */
			for (size_t e = 0; e < i && !seen; e++) {
				const char *o = copied_to(m, e);
				seen = o && strcmp(o, ds) == 0;
			}
			for (size_t j = 0; j < k && !seen; j++)
				bytes_into(&mv[j], m->dst, ds, &seen);
			if (!seen)	/* the first disk into it: the datastore judged once */
				storage_pool(mv, n, k, m->dst, p, out);
		}
	}
}

void checks_together(const struct inventory *inv, const struct plan *plans, size_t n,
		     struct findings *out)
{
	if (!inv || !plans || !out || n < 2)
		return;
	struct moving *mv = calloc(n, sizeof(*mv));
	if (!mv) {
		findings_add(out, FINDING_ERROR, "plan.memory", "",
			     "Out of memory while checking the %zu VMs together.", n);
		return;
	}
	for (size_t k = 0; k < n; k++)
		resolve(inv, plans, k, &mv[k]);
	memory_together(mv, n, out);
	storage_together(mv, n, out);
	free(mv);
}

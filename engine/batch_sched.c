/* engine/batch_sched.c — which queued migration starts next (within the
 * hosts' and datastores' units, the targets' SSH connections and migration
 * ports), and the share of the link each one gets (the rules are in
 * batch_int.h). */
#include <string.h>

#include "batch_int.h"

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int touches_host(const struct batch_item *it, const char *host)
{
	return same(it->src, host) || same(it->dst, host);
}

static unsigned host_used(const struct batch_item *items, size_t n, const char *host)
{
	unsigned used = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].state == BATCH_RUNNING && touches_host(&items[i], host))
			used += items[i].host_cost;
	return used;
}

static unsigned ds_used(const struct batch_item *items, size_t n, const char *key)
{
	unsigned used = 0;

	for (size_t i = 0; i < n; i++) {
		if (items[i].state != BATCH_RUNNING)
			continue;
		for (size_t d = 0; d < items[i].nds; d++)
			if (same(items[i].ds[d], key))
				used += items[i].ds_cost;
	}
	return used;
}

/* The connections (PORTS 0) or ports (PORTS 1) held on HOST by the items
 * running into it from another host. */
static unsigned dst_used(const struct batch_item *items, size_t n, const char *host, int ports)
{
	unsigned used = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].state == BATCH_RUNNING && same(items[i].dst, host) &&
		    !same(items[i].src, items[i].dst))
			used += ports ? items[i].ports : items[i].sessions;
	return used;
}

enum batch_short batch_never(const struct batch_item *it)
{
	if (same(it->src, it->dst))
		return BATCH_FITS;
	if (it->dst_startups && it->sessions > it->dst_startups)
		return BATCH_SHORT_SESSIONS;
	if (it->dst_ports && it->ports > it->dst_ports)
		return BATCH_SHORT_PORTS;
	return BATCH_FITS;
}

/* 1 when item I's VM is moving now or an earlier waiting item moves it. */
static int vm_busy(const struct batch_item *items, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && same(items[j].vm, items[i].vm) &&
		    (items[j].state == BATCH_RUNNING || (items[j].state == BATCH_WAITING && j < i)))
			return 1;
	return 0;
}

static int fits(const struct batch_item *items, size_t n, const struct batch_item *it)
{
	if (host_used(items, n, it->src) + it->host_cost > BATCH_HOST_UNITS)
		return 0;
	if (!same(it->src, it->dst) &&
	    host_used(items, n, it->dst) + it->host_cost > BATCH_HOST_UNITS)
		return 0;
	for (size_t d = 0; d < it->nds; d++)
		if (ds_used(items, n, it->ds[d]) + it->ds_cost > BATCH_DATASTORE_UNITS)
			return 0;
	if (same(it->src, it->dst))
		return 1;
	if (it->sessions && it->dst_startups &&
	    dst_used(items, n, it->dst, 0) + it->sessions > it->dst_startups)
		return 0;
	if (it->ports && it->dst_ports &&
	    dst_used(items, n, it->dst, 1) + it->ports > it->dst_ports)
		return 0;
	return 1;
}

/* A waiting High item that only lacks units and shares a host with IT. */
static int blocked_by_high(const struct batch_item *items, size_t n, const struct batch_item *it)
{
	for (size_t i = 0; i < n; i++) {
		const struct batch_item *h = &items[i];

		if (h->state == BATCH_WAITING && h->high && !vm_busy(items, n, i) &&
		    batch_never(h) == BATCH_FITS &&
		    (touches_host(h, it->src) || touches_host(h, it->dst)))
			return 1;
	}
	return 0;
}

long batch_next(const struct batch_item *items, size_t n)
{
	for (int pass = 1; pass >= 0; pass--)	/* High first, then Standard */
		for (size_t i = 0; i < n; i++) {
			const struct batch_item *it = &items[i];

			if (it->state != BATCH_WAITING || (it->high != 0) != pass)
				continue;
			if (vm_busy(items, n, i) || !fits(items, n, it))
				continue;
			if (!it->high && blocked_by_high(items, n, it))
				continue;
			return (long)i;
		}
	return -1;
}

unsigned batch_share(const struct batch_item *items, size_t n, size_t i)
{
	const struct batch_item *it = &items[i];
	unsigned weights = 0, others = 0;

	if (it->link_mibs <= 0.0 || same(it->src, it->dst))
		return it->cap_mibs;
	for (size_t j = 0; j < n; j++) {
		if (!same(items[j].src, it->src) || same(items[j].src, items[j].dst))
			continue;
		weights += items[j].high ? 2 : 1;
		others += j != i;
	}
	if (!others)
		return it->cap_mibs;
	double share = it->link_mibs * (it->high ? 2 : 1) / weights;
	unsigned mibs = share < 1.0 ? 1 : (unsigned)share;

	return it->cap_mibs && it->cap_mibs < mibs ? it->cap_mibs : mibs;
}

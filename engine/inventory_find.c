/* engine/inventory_find.c — looking things up in a loaded inventory.
 *
 * Pure lookups over the structs inventory_load() filled (or a test built by
 * hand): no I/O, NULL-safe everywhere.
 */
#include <string.h>

#include "engine.h"

static const char *host_name(const struct inv_host *h)
{
	return h && h->cfg ? h->cfg->name : NULL;
}

struct inv_host *inventory_host_find(const struct inventory *inv, const char *name)
{
	if (!inv || !name)
		return NULL;
	for (size_t i = 0; i < inv->nhosts; i++) {
		const char *n = host_name(&inv->hosts[i]);

		if (n && strcmp(n, name) == 0)
			return &inv->hosts[i];
	}
	return NULL;
}

struct inv_vm *inventory_vm_find(const struct inventory *inv, const char *name,
				 struct inv_host **host)
{
	if (host)
		*host = NULL;
	if (!inv || !name)
		return NULL;
	for (size_t i = 0; i < inv->nhosts; i++) {
		struct inv_host *h = &inv->hosts[i];

		for (size_t j = 0; j < h->nvms; j++) {
			if (h->vms[j].name && strcmp(h->vms[j].name, name) == 0) {
				if (host)
					*host = h;
				return &h->vms[j];
			}
		}
	}
	return NULL;
}

struct inv_pool *inv_host_pool(const struct inv_host *h, const char *name)
{
	if (!h || !name)
		return NULL;
	for (size_t i = 0; i < h->npools; i++)
		if (h->pools[i].name && strcmp(h->pools[i].name, name) == 0)
			return &h->pools[i];
	return NULL;
}

struct inv_net *inv_host_net(const struct inv_host *h, const char *name)
{
	if (!h || !name)
		return NULL;
	for (size_t i = 0; i < h->nnets; i++)
		if (h->nets[i].name && strcmp(h->nets[i].name, name) == 0)
			return &h->nets[i];
	return NULL;
}

const char *inv_job_name(enum inv_job j)
{
	static const char *const names[INV_JOB_COUNT] = {
		[INV_JOB_NONE] = "no job",
		[INV_JOB_MIGRATION_OUT] = "an outgoing migration",
		[INV_JOB_MIGRATION_IN] = "an incoming migration",
		[INV_JOB_SAVE] = "a save, dump or snapshot",
		[INV_JOB_BACKUP] = "a backup",
		[INV_JOB_OTHER] = "a job",
	};

	if ((unsigned)j >= INV_JOB_COUNT)
		return "an unknown job";
	return names[j];
}

size_t inv_pool_peers(const struct inventory *inv, const struct inv_host *h,
		      const struct inv_pool *p, const struct inv_host **out, size_t max)
{
	size_t n = 0;
	if (!inv || !h || !p || !p->shared || !p->path)
		return 0;
	for (size_t i = 0; i < inv->nhosts; i++) {
		const struct inv_host *o = &inv->hosts[i];
		if (o == h || !o->reachable)
			continue;
		for (size_t j = 0; j < o->npools; j++) {
			const struct inv_pool *q = &o->pools[j];
			if (q->shared && q->path && strcmp(q->path, p->path) == 0) {
				if (n < max && out)
					out[n] = o;
				n++;
				break;
			}
		}
	}
	return n;
}

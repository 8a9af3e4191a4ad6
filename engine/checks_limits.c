/* engine/checks_limits.c — how many moves a host or datastore takes at once.
 * The seed: 4 concurrent vMotions per host on gigabit, 8 on 10 gigabit;
 * Storage vMotion: 2 per host and 8 per datastore. */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

#define LIVE_PER_HOST_1G 4
#define LIVE_PER_HOST_10G 8
#define STORAGE_PER_HOST 2
#define STORAGE_PER_DATASTORE 8

static int copying(const struct inv_disk *d)
{
	return d->block_job && strcmp(d->block_job, "copy") == 0;
}

static size_t live_running(const struct inv_host *h)
{
	size_t n = 0;

	for (size_t i = 0; i < h->nvms; i++)
		n += h->vms[i].job == INV_JOB_MIGRATION_OUT || h->vms[i].job == INV_JOB_MIGRATION_IN;
	return n;
}

static size_t storage_running(const struct inv_host *h)
{
	size_t n = 0;

	for (size_t i = 0; i < h->nvms; i++) {
		int any = 0;

		for (size_t j = 0; j < h->vms[i].ndisks; j++)
			any |= copying(&h->vms[i].disks[j]);
		n += (size_t)any;
	}
	return n;
}

/* END: host H's end of the migration link (its speed decides, as in
 * vCenter: 8 from 10 Gbit/s, else 4 — also when the speed is unknown). */
static void check_live_host(struct check_ctx *c, const struct inv_host *h,
			    const struct link_end *end)
{
	double mbit = end ? end->mbit : 1000.0 * config_host_link_gbps(c->cfg, h->cfg);
	size_t limit = mbit >= 10000.0 ? LIVE_PER_HOST_10G : LIVE_PER_HOST_1G;
	size_t now = live_running(h);
	char rate[32], link[64];

	if (now + 1 <= limit)
		return;
	if (mbit > 0.0)
		snprintf(link, sizeof(link), "a %s link", engine_rate(mbit, rate, sizeof(rate)));
	else
		snprintf(link, sizeof(link), "a link of unknown speed");
	findings_add(c->out, FINDING_ERROR, "limits.live-host",
		     "Wait for a running migration to finish, then start this one.",
		     "Host %s already runs %zu live migration%s; one more for VM '%s' "
		     "would pass its limit of %zu on %s.", checks_host_name(h),
		     now, now == 1 ? "" : "s", c->vm->name, limit, link);
}

static void check_datastores(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;

	for (size_t i = 0; i < vm->ndisks; i++) {
		const char *ds = checks_disk_copied_to(c, &vm->disks[i]);
		size_t mine = 0, now = 0;

		if (!ds)
			continue;
		for (size_t j = 0; j < vm->ndisks; j++) {
			const char *o = checks_disk_copied_to(c, &vm->disks[j]);

			if (o && strcmp(o, ds) == 0) {
				if (j < i)
					break;	/* counted at its first disk */
				mine++;
			}
		}
		if (!mine)
			continue;
		for (size_t h = 0; h < c->dst->nvms; h++)
			for (size_t d = 0; d < c->dst->vms[h].ndisks; d++) {
				const struct inv_disk *k = &c->dst->vms[h].disks[d];

				now += copying(k) && k->pool && strcmp(k->pool, ds) == 0;
			}
		if (now + mine > STORAGE_PER_DATASTORE)
			findings_add(c->out, FINDING_ERROR, "limits.storage-datastore",
				     "Wait for running disk copies to finish, or choose another "
				     "datastore.",
				     "Datastore '%s' of host %s already has %zu disk copies "
				     "running; %zu more for VM '%s' would pass its limit of %d.",
				     ds, c->dst_name, now, mine, vm->name, STORAGE_PER_DATASTORE);
	}
}

void checks_limits(struct check_ctx *c)
{
	if (c->live && c->host_change) {
		const struct link_probe *l = c->facts && c->facts->link.taken > 0
					     ? &c->facts->link : NULL;

		check_live_host(c, c->src, l ? &l->src : NULL);
		check_live_host(c, c->dst, l ? &l->dst : NULL);
	}
	if (!c->storage_move)
		return;
	size_t now = storage_running(c->src);

	if (now + 1 > STORAGE_PER_HOST)
		findings_add(c->out, FINDING_ERROR, "limits.storage-host",
			     "Wait for a running storage migration to finish, then start "
			     "this one.",
			     "Host %s already runs %zu storage migration%s; one more for "
			     "VM '%s' would pass its limit of %d.", c->src_name, now,
			     now == 1 ? "" : "s", c->vm->name, STORAGE_PER_HOST);
	check_datastores(c);
}

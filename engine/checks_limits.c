/* engine/checks_limits.c — how many moves a host or datastore takes at once.
 * The seed: 4 concurrent vMotions per host on gigabit, 8 on 10 gigabit;
 * Storage vMotion: 2 per host and 8 per datastore.  And what the target's
 * configured SSH start limit and migration port range leave for this one
 * move (what a move needs: batch_limits_needs(), engine/batch_int.h). */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"
#include "probe_limits.h"

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

static size_t incoming(const struct inv_host *h)
{
	size_t n = 0;

	for (size_t i = 0; i < h->nvms; i++)
		n += h->vms[i].job == INV_JOB_MIGRATION_IN;
	return n;
}

/* The target's limits as the config says them (else the defaults): below
 * what this one move needs, or, for ports, below it with the incoming
 * migrations running now (each holds one port at least). */
static void check_target(struct check_ctx *c)
{
	struct batch_needs need;
	struct host_limits l;
	char hint[256];

	if (!c->dst || c->dst == c->src)
		return;
	batch_limits_needs(c->plan, c->vm, c->src, c->dst, &need);
	if (!need.sessions && !need.ports)
		return;
	probe_limits_config(c->cfg, c->dst->cfg, &l);
	if (need.sessions > (unsigned)l.max_startups)
		findings_add(c->out, FINDING_WARNING, "limits.ssh-startups",
			     checks_fmt(hint, sizeof hint, "Raise MaxStartups in /etc/ssh/sshd_config "
					"on %s, then ssh_max_startups in the config.", c->dst_name),
			     "Host %s lets %d SSH connection%s start at once (MaxStartups, %s); the "
			     "migration of VM '%s' opens %u to it.", c->dst_name, l.max_startups,
			     l.max_startups == 1 ? "" : "s", probe_limits_startups_origin(&l),
			     c->vm->name, need.sessions);
	if (!need.ports)
		return;
	unsigned range = probe_limits_ports(&l);
	size_t busy = incoming(c->dst);
	const char *what = need.copies ? "the memory stream and the NBD server of the copied "
					 "disks" : "the memory stream";

	checks_fmt(hint, sizeof hint, "Widen migration_port_min/max in /etc/libvirt/qemu.conf "
		   "on %s, then migration_ports in the config%s.", c->dst_name,
		   need.copies ? "; or move the VM without its disks" : "");
	if (need.ports > range)
		findings_add(c->out, FINDING_WARNING, "limits.ports", hint,
			     "Host %s's migration port range %d-%d (%s) holds %u port%s; the "
			     "migration of VM '%s' needs %u there (%s).", c->dst_name, l.port_min,
			     l.port_max, probe_limits_ports_origin(&l), range, range == 1 ? "" : "s",
			     c->vm->name, need.ports, what);
	else if (busy + need.ports > range)
		findings_add(c->out, FINDING_WARNING, "limits.ports-busy",
			     "Wait for the migrations into it to finish, then start this one.",
			     "Host %s's migration port range %d-%d (%s) holds %u port%s and %zu "
			     "migration%s into it %s now; the migration of VM '%s' needs %u more "
			     "(%s).", c->dst_name, l.port_min, l.port_max,
			     probe_limits_ports_origin(&l), range, range == 1 ? "" : "s", busy,
			     busy == 1 ? "" : "s", busy == 1 ? "runs" : "run", c->vm->name,
			     need.ports, what);
}

void checks_limits(struct check_ctx *c)
{
	check_target(c);
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

/* engine/checks_storage.c — the VM's disks: where each goes, whether the
 * target sees or has room for it, and what cannot be carried along
 * (snapshots, passthrough devices, shareable disks). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

static const char *dname(const struct inv_disk *d)
{
	return d->target ? d->target : "?";
}

/* "a, b" : the target's datastores, for hints. */
static const char *pool_list(const struct inv_host *h, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < h->npools && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
					h->pools[i].name ? h->pools[i].name : "?");
	return buf[0] ? buf : "none";
}

/* The datastore the plan names for disk D (its own, else the VM's), or NULL;
 * whether D can be copied there is disk_role()'s to say. */
static const char *disk_datastore(const struct check_ctx *c, const struct inv_disk *d)
{
	enum disk_role r = disk_role(d);

	if (!c->storage_move || r == DISK_REMOVABLE || r == DISK_NETWORK)
		return NULL;
	return plan_disk_datastore(c->plan, d->target);
}

/* 1 when D's datastore is the pool it is already in, on the same host. */
static int stays_put(const struct check_ctx *c, const struct inv_disk *d, const char *ds)
{
	return !c->host_change && d->pool && ds && strcmp(d->pool, ds) == 0;
}

const char *checks_disk_copied_to(const struct check_ctx *c, const struct inv_disk *d)
{
	return c->storage_move ? disk_destination(c->plan, d, c->host_change) : NULL;
}

/* A + B, or the largest value when that does not fit: sizes come from the
 * hosts, and a sum that wrapped would make a move look as if it fitted. */
static unsigned long long size_add(unsigned long long a, unsigned long long b)
{
	return a > ULLONG_MAX - b ? ULLONG_MAX : a + b;
}

/* 1 when LEFT is less than a tenth of CAPACITY (not 0): LEFT * 10 <
 * CAPACITY, without the product that could wrap. */
static int under_tenth(unsigned long long left, unsigned long long capacity)
{
	return capacity && left < capacity / 10 + (capacity % 10 != 0);
}

static void check_vm_wide(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;

	if (vm->nsnapshots && (c->host_change || c->storage_move)) {
		int storage_only = c->plan->kind == PLAN_KIND_STORAGE;

		findings_add(c->out, storage_only ? FINDING_WARNING : FINDING_ERROR,
			     "storage.snapshots",
			     "Delete the snapshots or consolidate them into the disks first "
			     "(virsh snapshot-delete).",
			     "VM '%s' has %zu snapshot%s: %s.", vm->name, vm->nsnapshots,
			     vm->nsnapshots == 1 ? "" : "s",
			     storage_only ? "the disks are copied flattened and the snapshots "
					    "no longer match them"
			     : "snapshot metadata does not move to another host");
	}
	if (vm->nhostdevs && c->host_change)
		findings_add(c->out, checks_live_error(c), "dev.passthrough",
			     c->live ? "Detach the passthrough devices first (virsh detach-device)."
			     : "Make sure the same devices exist on the target, or detach them.",
			     "VM '%s' has %zu passthrough device%s (PCI/USB/SCSI): %s.",
			     vm->name, vm->nhostdevs, vm->nhostdevs == 1 ? "" : "s",
			     c->live ? "a VM holding host devices cannot migrate live"
			     : "the same devices must exist on the target host");
}

static void check_removable(struct check_ctx *c, const struct inv_disk *d)
{
	char hint[256];

	if (!c->host_change || !d->path || checks_disk_visible(c, d))
		return;
	findings_add(c->out, FINDING_ERROR, "storage.cdrom-local",
		     checks_fmt(hint, sizeof(hint), "Eject it (virsh change-media %s %s "
				"--eject) or put the image on shared storage.", c->vm->name,
				dname(d)),
		     "%s %s of VM '%s' holds %s, which host %s cannot see.",
		     d->device && strcmp(d->device, "floppy") == 0 ? "Floppy" : "CD-ROM",
		     dname(d), c->vm->name, d->path, c->dst_name);
}

static void check_network_disk(struct check_ctx *c, const struct inv_disk *d)
{
	if (!c->storage_move && !c->host_change)
		return;
	findings_add(c->out, FINDING_INFO, "storage.network-disk", "",
		     "Disk %s of VM '%s' is on network storage: it is not copied, and "
		     "host %s reaches it where it is.", dname(d), c->vm->name, c->dst_name);
}

/* A disk that stays where it is while the VM changes host. */
static void check_staying(struct check_ctx *c, const struct inv_disk *d)
{
	char hint[256];

	if (!c->host_change || checks_disk_visible(c, d))
		return;
	if (!disk_copyable(d)) {
		findings_add(c->out, FINDING_ERROR, "storage.not-copied",
			     "Put it on storage both hosts see, or detach it from the VM first "
			     "(virsh detach-disk).",
			     "Disk %s of VM '%s' is %s, and host %s cannot see where it is (%s).",
			     dname(d), c->vm->name, disk_role_words(disk_role(d)), c->dst_name,
			     d->path ? d->path : "no file");
		return;
	}
	if (c->plan->kind == PLAN_KIND_BOTH) {
		findings_add(c->out, FINDING_ERROR, "plan.no-datastore",
			     checks_fmt(hint, sizeof(hint), "Choose a datastore of host %s "
					"for it: --datastore D, or --disk %s=D.", c->dst_name,
					dname(d)),
			     "Disk %s of VM '%s' has no target datastore, and host %s cannot "
			     "see where it is now.", dname(d), c->vm->name, c->dst_name);
		return;
	}
	if (!d->pool) {
		findings_add(c->out, FINDING_ERROR, "storage.outside-pool",
			     "Move the file into a shared storage pool, or choose --kind both "
			     "--datastore D to copy it.",
			     "Disk %s of VM '%s' (%s) is outside every storage pool of host %s, "
			     "so host %s cannot be shown to see it.", dname(d), c->vm->name,
			     d->path ? d->path : "no path", c->src_name, c->dst_name);
		return;
	}
	findings_add(c->out, FINDING_ERROR, "storage.not-shared",
		     "Choose \"change both compute resource and storage\" (--kind both "
		     "--datastore D) or move the disk to shared storage first.",
		     "Disk %s of VM '%s' is on pool '%s' of host %s, which host %s cannot "
		     "see.", dname(d), c->vm->name, d->pool, c->src_name, c->dst_name);
}

/* 1 when a disk before D is copied to the same datastore DS. */
static int seen_before(const struct check_ctx *c, const struct inv_disk *d, const char *ds)
{
	for (const struct inv_disk *e = c->vm->disks; e < d; e++) {
		const char *o = checks_disk_copied_to(c, e);

		if (o && strcmp(o, ds) == 0)
			return 1;
	}
	return 0;
}

static void check_datastore(struct check_ctx *c, const struct inv_disk *d, const char *ds)
{
	const struct inv_pool *p = inv_host_pool(c->dst, ds);
	char hint[512], list[160], mean[160];

	if (seen_before(c, d, ds))
		return;		/* one finding per datastore */
	if (!p)
		findings_add(c->out, FINDING_ERROR, "storage.datastore-missing",
			     checks_fmt(hint, sizeof(hint), "%sChoose one of host %s's "
					"datastores with --datastore: %s.",
					checks_suggest_pools(c->dst, ds, mean, sizeof(mean)),
					c->dst_name, pool_list(c->dst, list, sizeof(list))),
			     "Host %s has no datastore (storage pool) '%s' for disk %s of VM "
			     "'%s'.", c->dst_name, ds, dname(d), c->vm->name);
	else if (!p->active)
		findings_add(c->out, FINDING_ERROR, "storage.datastore-inactive",
			     checks_fmt(hint, sizeof(hint), "Start it on %s (virsh pool-start "
					"%s) or choose another datastore.", c->dst_name, ds),
			     "Datastore '%s' of host %s is not active.", ds, c->dst_name);
}

static void check_format(struct check_ctx *c, const struct inv_disk *d)
{
	enum plan_format f = plan_disk_format(c->plan, d->target);
	const char *from = d->format ? d->format : "raw";

	if (f == PLAN_FORMAT_THICK && strcmp(from, "raw") != 0)
		findings_add(c->out, FINDING_INFO, "storage.format-convert", "",
			     "Disk %s of VM '%s' is converted from %s to raw, fully allocated "
			     "(thick).", dname(d), c->vm->name, from);
	else if (f == PLAN_FORMAT_THIN && strcmp(from, "raw") != 0 && strcmp(from, "qcow2") != 0)
		findings_add(c->out, FINDING_INFO, "storage.format-convert", "",
			     "Disk %s of VM '%s' is converted from %s to qcow2 (thin).",
			     dname(d), c->vm->name, from);
}

/* A datastore is named for D, which is never copied (read-only, a host
 * device): an error when named for D itself; otherwise D stays. */
static void check_not_copied(struct check_ctx *c, const struct inv_disk *d, const char *ds)
{
	char hint[256];

	if (disk_named(c->plan, d))
		findings_add(c->out, FINDING_ERROR, "storage.not-copied",
			     checks_fmt(hint, sizeof(hint), "Drop --disk %s=%s: the disk stays "
					"where it is.", dname(d), ds),
			     "Disk %s of VM '%s' is %s: it cannot be moved to datastore '%s'.",
			     dname(d), c->vm->name, disk_role_words(disk_role(d)), ds);
	else
		findings_add(c->out, FINDING_INFO, "storage.stays", "",
			     "Disk %s of VM '%s' is %s: it stays where it is.", dname(d),
			     c->vm->name, disk_role_words(disk_role(d)));
	check_staying(c, d);
}

static void check_moving(struct check_ctx *c, const struct inv_disk *d, const char *ds,
			 int anything_moves)
{
	if (d->shareable) {
		findings_add(c->out, FINDING_ERROR, "storage.shareable",
			     "Leave it on storage every host sees and move only the other "
			     "disks, each with --disk DISK=D.",
			     "Disk %s of VM '%s' is shareable (other VMs may use it at the same "
			     "time): it cannot be moved to datastore '%s'.", dname(d),
			     c->vm->name, ds);
		return;
	}
	if (stays_put(c, d, ds)) {
		findings_add(c->out, anything_moves ? FINDING_INFO : FINDING_WARNING,
			     "storage.same-datastore",
			     anything_moves ? "" : "Choose another datastore with --datastore.",
			     "Disk %s of VM '%s' is already on datastore '%s': it stays there.",
			     dname(d), c->vm->name, ds);
		return;
	}
	if (!d->pool)
		findings_add(c->out, FINDING_WARNING, "storage.outside-pool",
			     "Put VM disks in storage pools so that they can be checked.",
			     "Disk %s of VM '%s' (%s) is outside every storage pool of host %s: "
			     "it is copied by its path.", dname(d), c->vm->name,
			     d->path ? d->path : "no path", c->src_name);
	check_datastore(c, d, ds);
	check_format(c, d);
}

static void check_space(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;
	char need_s[32], avail_s[32], hint[256];

	for (size_t i = 0; i < vm->ndisks; i++) {
		const char *ds = checks_disk_copied_to(c, &vm->disks[i]);
		const struct inv_pool *p = ds && !seen_before(c, &vm->disks[i], ds)
					   ? inv_host_pool(c->dst, ds) : NULL;

		if (!p || !p->active)
			continue;
		unsigned long long need = 0;

		for (size_t j = i; j < vm->ndisks; j++) {
			const char *o = checks_disk_copied_to(c, &vm->disks[j]);

			if (o && strcmp(o, ds) == 0)
				need = size_add(need, disk_bytes_needed(c->plan, &vm->disks[j]));
		}
		if (need > p->available)
			findings_add(c->out, FINDING_ERROR, "storage.space",
				     checks_fmt(hint, sizeof(hint), "Free space on '%s', choose "
						"another datastore, or --format thin.", ds),
				     "Datastore '%s' of host %s has %s available but the disks "
				     "of VM '%s' need %s there.", ds, c->dst_name,
				     engine_bytes(p->available, avail_s, sizeof(avail_s)), vm->name,
				     engine_bytes(need, need_s, sizeof(need_s)));
		else if (under_tenth(p->available - need, p->capacity))
			findings_add(c->out, FINDING_WARNING, "storage.space-low",
				     "Keep some room for growth: free space there or choose "
				     "another datastore.",
				     "After the disks of VM '%s' (%s) are copied, datastore '%s' "
				     "of host %s keeps less than 10%% of its capacity free.",
				     vm->name, engine_bytes(need, need_s, sizeof(need_s)), ds,
				     c->dst_name);
	}
}

/* Which datastores are shared rests on their file systems, a slow fact the
 * facts cache may have given: say how old. */
static void cached_file_systems(struct check_ctx *c)
{
	const struct inv_host *hosts[] = { c->src, c->dst };
	char age[32];

	for (size_t i = 0; i < 2; i++) {
		if (!hosts[i] || !hosts[i]->fs_cached || (i == 1 && hosts[1] == hosts[0]))
			continue;
		findings_add(c->out, FINDING_INFO, "facts.cached",
			     "Run with --refresh to read them again.",
			     "Which datastores of host %s are shared storage goes by the file "
			     "systems it reported %s.", checks_host_name(hosts[i]),
			     engine_age(hosts[i]->fs_cached, c->facts ? c->facts->now : 0, age,
					sizeof(age)));
	}
}

void checks_storage(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;
	int anything_moves = 0, local = 0, named = 0;

	cached_file_systems(c);
	for (size_t i = 0; i < vm->ndisks; i++) {
		const struct inv_disk *d = &vm->disks[i];
		const char *ds = disk_datastore(c, d);

		local += disk_copyable(d);
		named += ds != NULL;
		anything_moves |= checks_disk_copied_to(c, d) != NULL;
	}
	check_vm_wide(c);
	if (c->plan->kind == PLAN_KIND_STORAGE && !local)
		findings_add(c->out, FINDING_ERROR, "plan.nothing-to-copy",
			     "A storage migration moves disk files; this VM has none to move.",
			     "VM '%s' has no disk that can be copied: each is removable media, "
			     "network storage, shareable, read-only or a host device.", vm->name);
	else if (c->plan->kind == PLAN_KIND_STORAGE && !named)
		findings_add(c->out, FINDING_ERROR, "plan.no-datastore",
			     "Choose a target datastore with --datastore D, or per disk with "
			     "--disk DISK=D.",
			     "The storage migration of VM '%s' names no target datastore for "
			     "any of its disks.", vm->name);
	for (size_t i = 0; i < vm->ndisks; i++) {
		const struct inv_disk *d = &vm->disks[i];
		const char *ds = disk_datastore(c, d);

		switch (disk_role(d)) {
		case DISK_REMOVABLE:
			check_removable(c, d);
			break;
		case DISK_NETWORK:
			check_network_disk(c, d);
			break;
		case DISK_READONLY:
		case DISK_DEVICE:
			if (ds)
				check_not_copied(c, d, ds);
			else
				check_staying(c, d);
			break;
		case DISK_COPIED:
		case DISK_SHAREABLE:
			if (ds)
				check_moving(c, d, ds, anything_moves);
			else
				check_staying(c, d);
			break;
		}
	}
	check_space(c);
}

/* engine/disk.c — the one rule for what each disk of a VM does in a move.
 *
 * Checks, executors, the wizard, recover's journal and the batch scheduler
 * all ask here; nothing else decides whether a disk is copied. */
#include <string.h>

#include "engine.h"

static int is(const char *s, const char *word)
{
	return s && strcmp(s, word) == 0;
}

enum disk_role disk_role(const struct inv_disk *d)
{
	if (is(d->device, "cdrom") || is(d->device, "floppy"))
		return DISK_REMOVABLE;
	if (is(d->type, "network"))
		return DISK_NETWORK;
	/* lun: a host SCSI device handed to the guest; block, volume and dir
	 * sources: storage the executors cannot create on the target. */
	if (!d->path || (d->device && !is(d->device, "disk")) ||
	    (d->type && !is(d->type, "file")))
		return DISK_DEVICE;
	if (d->shareable)
		return DISK_SHAREABLE;
	/* libvirt mirrors no read-only disk during a live move; cold moves
	 * follow the same rule so that the kind never changes what moves. */
	if (d->readonly)
		return DISK_READONLY;
	return DISK_COPIED;
}

const char *disk_role_words(enum disk_role r)
{
	switch (r) {
	case DISK_COPIED:
		return "a disk file, copied when a datastore is chosen for it";
	case DISK_REMOVABLE:
		return "removable media (CD-ROM or floppy), never copied";
	case DISK_NETWORK:
		return "on network storage, reached where it is";
	case DISK_SHAREABLE:
		return "shareable (other VMs may use it at the same time), never copied";
	case DISK_READONLY:
		return "read-only, never copied";
	case DISK_DEVICE:
		return "a host device or volume, not a disk file, never copied";
	}
	return "unknown";
}

int disk_copyable(const struct inv_disk *d)
{
	return disk_role(d) == DISK_COPIED;
}

/* The per-disk choice for D, when the plan names a datastore for it. */
static const char *own_datastore(const struct plan *p, const struct inv_disk *d)
{
	for (size_t i = 0; p && d->target && i < p->ndisks; i++)
		if (p->disks[i].target && strcmp(p->disks[i].target, d->target) == 0)
			return p->disks[i].datastore;
	return NULL;
}

int disk_named(const struct plan *p, const struct inv_disk *d)
{
	return own_datastore(p, d) != NULL;
}

const char *disk_destination(const struct plan *p, const struct inv_disk *d, int host_change)
{
	if (!p || !plan_kind_moves_storage(p->kind) || !disk_copyable(d))
		return NULL;
	const char *ds = plan_disk_datastore(p, d->target);

	if (ds && !host_change && d->pool && strcmp(d->pool, ds) == 0)
		return NULL;	/* already there, on the same host */
	return ds;
}

unsigned long long disk_bytes_needed(const struct plan *p, const struct inv_disk *d)
{
	if (plan_disk_format(p, d->target) == PLAN_FORMAT_THICK)
		return d->capacity;
	return d->allocation;
}

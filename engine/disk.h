/* engine/disk.h — what each disk does in a move (engine/disk.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_DISK_H
#define VIRT_MIGRATE_DISK_H

#include "inventory.h"
#include "plan.h"

/* ---- what each disk does in a move (engine/disk.c) ---------------------- */

enum disk_role {
	DISK_COPIED,		/* a local disk file: copied when a datastore is chosen */
	DISK_REMOVABLE,		/* CD-ROM, floppy: the medium stays; the target must see it */
	DISK_NETWORK,		/* network storage: reached where it is */
	DISK_SHAREABLE,		/* <shareable/>: never copied */
	DISK_READONLY,		/* <readonly/>: never copied (libvirt mirrors none live) */
	DISK_DEVICE,		/* lun, block/volume/dir source, no file: never copied */
};

enum disk_role disk_role(const struct inv_disk *d);
/* "read-only, never copied": what the role means, for messages. */
const char *disk_role_words(enum disk_role r);
int disk_copyable(const struct inv_disk *d);		/* role is DISK_COPIED */
/* 1 when the plan names a datastore for D itself (--disk D=DS). */
int disk_named(const struct plan *p, const struct inv_disk *d);
/* The datastore D is copied to in plan P, or NULL when D is not copied: a
 * compute-only plan, no datastore for it, a disk never copied, or (without
 * HOST_CHANGE) the pool it is already in. */
const char *disk_destination(const struct plan *p, const struct inv_disk *d, int host_change);
/* The bytes D takes in the datastore plan P copies it to: its capacity when
 * copied thick, else its allocation (thin, or as it is: qcow2 and sparse
 * files). */
unsigned long long disk_bytes_needed(const struct plan *p, const struct inv_disk *d);

#endif

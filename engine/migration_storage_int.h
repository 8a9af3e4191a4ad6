/* engine/migration_storage_int.h — what the two Storage vMotion executors
 * (migration_storage_live.c, migration_storage_cold.c) share: the list of
 * disks that move and what happens to their volumes and the definition. */
#ifndef VIRT_MIGRATE_MIGRATION_STORAGE_INT_H
#define VIRT_MIGRATE_MIGRATION_STORAGE_INT_H

#include "migration_int.h"

enum move_state {
	MOVE_PENDING,	/* nothing made yet */
	MOVE_COPYING,	/* the new volume exists, the VM still uses the old one */
	MOVE_MOVED,	/* the VM uses the new volume */
};

struct move {
	const struct inv_disk *disk;
	const char *store;	/* target datastore */
	enum plan_format choice;
	const char *format;	/* target format */
	char *new_path;
	enum move_state state;
	int source_deleted;
	int no_space;		/* the copy failed because the datastore filled up */
};

/* Run RUN on the source domain with the disks the plan moves (the rule of
 * engine/disk.c), once the domain's state now is the one the executor is
 * for: LIVE (running or paused) or not (shut off). */
int migration_storage_run_moves(struct mctx *m, int live,
				int (*run)(struct mctx *m, virDomainPtr dom, struct move *mv,
					   size_t n));

/* The volume at PATH; refreshes the active pools once when libvirt does not
 * know it yet (files made outside the pool API are listed only then). */
virStorageVolPtr migration_storage_vol(virConnectPtr conn, const char *path);
/* Delete the source volume of MV once nothing uses it; notes it in cleaned. */
void migration_storage_delete_source(struct mctx *m, struct move *mv);
/* Delete the new volume of MV (the VM does not use it). */
void migration_storage_delete_new(struct mctx *m, struct move *mv);
/* Point the saved definition of DOM at the new files of every moved disk
 * and read it back.  0, or -1 with WHY filled. */
int migration_storage_redefine(struct mctx *m, virDomainPtr dom, struct move *mv, size_t n,
			       char *why, size_t whysize);
/* "local2" or "local2, local3": the distinct datastores of the moved disks. */
void migration_storage_stores(const struct move *mv, size_t n, char *buf, size_t size);
/* "disk vda is in datastore local2, disk vdb stays in local (/path)". */
void migration_storage_where(const struct move *mv, size_t n, char *buf, size_t size);

#endif

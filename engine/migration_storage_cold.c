/* engine/migration_storage_cold.c — the disks of a shut-off VM to other
 * datastores (pools) of the same host: each disk is copied by libvirt
 * (virStorageVolCreateXMLFrom, qemu-img converts the format), or, when
 * libvirt refuses and the format stays, through a download and an upload
 * stream; then the definition is rewritten and verified and the old
 * volumes go. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_storage_int.h"

/* Copy the disk of MV into its datastore.  0 with mv->new_path set and the
 * state MOVE_COPYING, or -1 with WHY and nothing left behind. */
static int copy_cold(struct mctx *m, struct move *mv, char *why, size_t whysize)
{
	virConnectPtr conn = m->src->conn;
	const struct inv_disk *d = mv->disk;
	const char *src_format = d->format ? d->format : "raw";
	int thick = mv->choice == PLAN_FORMAT_THICK;
	virStoragePoolPtr pool = NULL;
	virStorageVolPtr src = NULL, tmp = NULL, vol = NULL;
	char *name = migration_vol_name(d, mv->format, ""), *tmpname = NULL, *xml = NULL, *tmpxml = NULL;
	int rc = -1;

	if (!name) {
		migration_put(why, whysize, "the disk has no file name to copy");
		goto cleanup;
	}
	src = migration_storage_vol(conn, d->path);
	if (!src) {
		migration_last_error(why, whysize);
		goto cleanup;
	}
	unsigned long long capacity = d->capacity, used = d->allocation;
	virStorageVolInfo vi;
	if (virStorageVolGetInfo(src, &vi) == 0) {
		capacity = capacity ? capacity : vi.capacity;
		used = vi.allocation;
	}
	pool = virStoragePoolLookupByName(conn, mv->store);
	if (!pool) {
		migration_last_error(why, whysize);
		goto cleanup;
	}
	virStoragePoolRefresh(pool, 0);
	xml = migration_vol_xml(name, capacity, thick ? capacity : 0, mv->format);
	if (!xml) {
		migration_put(why, whysize, "out of memory");
		goto cleanup;
	}
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copying %s into datastore %s as %s (%s)",
		       d->target, d->path, mv->store, name, mv->format);
	if (thick && strcmp(src_format, "raw") != 0) {
		/* qemu-img writes a sparse raw file: convert into a scratch volume,
		 * then let libvirt copy it into a fully allocated one */
		tmpname = migration_vol_name(d, "raw", ".converting");
		tmpxml = tmpname ? migration_vol_xml(tmpname, capacity, 0, "raw") : NULL;
		if (!tmpxml) {
			migration_put(why, whysize, "out of memory");
			goto cleanup;
		}
		tmp = virStorageVolCreateXMLFrom(pool, tmpxml, src, 0);
		if (!tmp) {
			migration_last_error(why, whysize);
			goto cleanup;
		}
		vol = virStorageVolCreateXMLFrom(pool, xml, tmp, 0);
		if (!vol)
			migration_last_error(why, whysize);
		if (virStorageVolDelete(tmp, 0) < 0)
			engine_log("storage: scratch volume %s not deleted: %s", tmpname,
				   virGetLastErrorMessage());
	} else {
		vol = virStorageVolCreateXMLFrom(pool, xml, src, 0);
		if (!vol) {
			migration_last_error(why, whysize);
			if (strcmp(src_format, mv->format) == 0) {
				/* the same bytes will do: an empty volume and two streams */
				engine_log("storage: copy of %s refused (%s); using streams.", d->path, why);
				char *path = NULL;
				struct vm_error err;
				if (migration_vol_create(conn, mv->store, d, mv->choice, &path, &err) < 0) {
					migration_put(why, whysize, "%s", err.message);
					migration_strip_stop(why);
					goto cleanup;
				}
				vol = virStorageVolLookupByPath(conn, path);
				unsigned long long bytes = 0;
				if (!vol || volcopy_stream(m, conn, d->path, conn, path, d->capacity,
							   &bytes, &err) < 0) {
					if (!vol)
						migration_last_error(why, whysize);
					else
						migration_put(why, whysize, "%s", err.message);
					migration_vol_delete(conn, path);
					free(path);
					if (vol)
						virStorageVolFree(vol);
					vol = NULL;
					goto cleanup;
				}
				free(path);
				used = bytes;
			}
		}
	}
	if (!vol)
		goto cleanup;
	mv->new_path = virStorageVolGetPath(vol);
	if (!mv->new_path) {
		migration_last_error(why, whysize);
		virStorageVolDelete(vol, 0);
		goto cleanup;
	}
	m->res->data_bytes += used;
	mv->state = MOVE_COPYING;
	rc = 0;
cleanup:
	if (vol)
		virStorageVolFree(vol);
	if (tmp)
		virStorageVolFree(tmp);
	if (src)
		virStorageVolFree(src);
	if (pool)
		virStoragePoolFree(pool);
	free(name);
	free(tmpname);
	free(xml);
	free(tmpxml);
	return rc;
}

static int run_cold(struct mctx *m, virDomainPtr dom, struct move *mv, size_t n)
{
	struct migration_result *res = m->res;
	char why[400] = "", stores[200];
	size_t i;

	if (virDomainHasManagedSaveImage(dom, 0) == 1)
		return migration_storage_suspended_run(m);	/* suspended since checked */
	migration_step(m, MIGRATION_PHASE_STARTING, "storage move of %s (shut off) on %s: %zu disk%s",
		       m->vm->name, m->src->cfg->name, n, n == 1 ? "" : "s");
	for (i = 0; i < n && !migration_cancelled(m); i++) {
		if (copy_cold(m, &mv[i], why, sizeof why) < 0)
			break;
		/* the copy exists; the definition still names the old file */
		mv[i].state = MOVE_MOVED;
	}
	int was_cancelled = i < n && !why[0];
	int def_failed = 0;
	if (i == n) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "writing the new paths into the "
			       "definition of %s", m->vm->name);
		if (migration_storage_redefine(m, dom, mv, n, why, sizeof why) == 0) {
			migration_step(m, MIGRATION_PHASE_FINISHING, "definition verified; deleting the "
				       "old volumes");
			for (size_t j = 0; j < n; j++)
				migration_storage_delete_source(m, &mv[j]);
			migration_storage_stores(mv, n, stores, sizeof stores);
			migration_put(res->where, sizeof res->where, "%s is on %s (shut off) with its disks "
			    "in datastore %s", m->vm->name, m->src->cfg->name, stores);
			res->outcome = MIGRATION_DONE;
			migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
			return 0;
		}
		def_failed = 1;
	}
	/* nothing uses the copies: they go, the definition names the old files */
	migration_step(m, MIGRATION_PHASE_ROLLBACK, "%s; deleting the copies",
		       was_cancelled ? "cancelled" : "failed");
	for (size_t j = 0; j < n; j++)
		if (mv[j].new_path)
			migration_storage_delete_new(m, &mv[j]);
	migration_put(res->where, sizeof res->where, "%s stays on %s (shut off) on its old disks",
	    m->vm->name, m->src->cfg->name);
	if (was_cancelled) {
		res->outcome = MIGRATION_CANCELLED;
		vm_error_set(&res->error, "The storage move of VM '%s' was cancelled; %s.", m->vm->name,
			     res->where);
	} else if (def_failed) {
		vm_error_set(&res->error, "The definition of VM '%s' could not be pointed at its new "
			     "disks: %s; %s.", m->vm->name, why, res->where);
	} else {
		vm_error_set(&res->error, "Disk %s of VM '%s' could not move to datastore %s: %s; %s.",
			     mv[i].disk->target, m->vm->name, mv[i].store, why, res->where);
		if (strstr(why, "No space left"))
			vm_error_hint(&res->error, "Free space in datastore '%s' on host '%s', or "
				      "choose another datastore (--datastore).", mv[i].store,
				      m->src->cfg->name);
	}
	return -1;
}

int migration_storage_cold_run(struct mctx *m)
{
	return migration_storage_run_moves(m, 0, run_cold);
}

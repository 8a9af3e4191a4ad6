/* engine/migration_storage.c — what both Storage vMotion executors share:
 * which disks move, the state check before they start, the volumes and the
 * definition.  The executors: migration_storage_live.c (running or paused
 * VM: block copy, mirror, pivot) and migration_storage_cold.c (shut off:
 * volume copies).  A VM with a managed-save image is refused: its saved
 * state names the old files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_storage_int.h"

virStorageVolPtr migration_storage_vol(virConnectPtr conn, const char *path)
{
	virStorageVolPtr vol = virStorageVolLookupByPath(conn, path);
	if (vol)
		return vol;
	virStoragePoolPtr *pools = NULL;
	int n = virConnectListAllStoragePools(conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
	for (int i = 0; i < n; i++) {
		if (virStoragePoolRefresh(pools[i], 0) < 0)
			engine_log("storage: refresh of a pool failed: %s", virGetLastErrorMessage());
		virStoragePoolFree(pools[i]);
	}
	free(pools);
	return virStorageVolLookupByPath(conn, path);
}

void migration_storage_delete_source(struct mctx *m, struct move *mv)
{
	virStorageVolPtr vol = migration_storage_vol(m->src->conn, mv->disk->path);
	if (!vol) {
		engine_log("storage: old volume %s of disk %s not found to delete: %s", mv->disk->path,
			   mv->disk->target, virGetLastErrorMessage());
		return;
	}
	virStorageVolFree(vol);
	if (migration_vol_delete(m->src->conn, mv->disk->path) == 0) {
		mv->source_deleted = 1;
		migration_cleaned(m->res, "%s on %s", mv->disk->path, m->src->cfg->name);
	}
}

void migration_storage_delete_new(struct mctx *m, struct move *mv)
{
	if (!mv->new_path)
		return;
	virStorageVolPtr vol = migration_storage_vol(m->src->conn, mv->new_path);
	if (vol)
		virStorageVolFree(vol);
	if (vol && migration_vol_delete(m->src->conn, mv->new_path) == 0) {
		migration_cleaned(m->res, "%s on %s", mv->new_path, m->src->cfg->name);
	} else {
		engine_log("storage: new volume %s of disk %s could not be deleted.", mv->new_path,
			   mv->disk->target);
	}
	free(mv->new_path);
	mv->new_path = NULL;
	mv->state = MOVE_PENDING;
}

int migration_storage_redefine(struct mctx *m, virDomainPtr dom, struct move *mv, size_t n, char *why,
		    size_t whysize)
{
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
	char *check = NULL;
	virDomainPtr def = NULL;
	int rc = -1;

	if (!xml) {
		migration_last_error(why, whysize);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (mv[i].state != MOVE_MOVED || migration_xml_has_disk_file(xml, mv[i].new_path))
			continue;
		char *next = migration_xml_retarget_disk(xml, mv[i].disk->path, mv[i].new_path,
							 mv[i].format);
		if (!next) {
			migration_put(why, whysize, "disk %s (%s) is not in the saved definition",
			    mv[i].disk->target, mv[i].disk->path);
			goto cleanup;
		}
		free(xml);
		xml = next;
	}
	def = virDomainDefineXML(m->src->conn, xml);
	if (!def) {
		migration_last_error(why, whysize);
		goto cleanup;
	}
	check = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	if (!check) {
		migration_last_error(why, whysize);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (mv[i].state != MOVE_MOVED)
			continue;
		if (!migration_xml_has_disk_file(check, mv[i].new_path) || migration_xml_has_disk_file(check, mv[i].disk->path)) {
			migration_put(why, whysize, "read back, it does not name %s for disk %s",
			    mv[i].new_path, mv[i].disk->target);
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	if (def)
		virDomainFree(def);
	free(xml);
	free(check);
	return rc;
}

void migration_storage_stores(const struct move *mv, size_t n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		if (mv[i].state != MOVE_MOVED)
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= mv[j].state == MOVE_MOVED && strcmp(mv[j].store, mv[i].store) == 0;
		if (!seen)
			migration_append(buf, size, mv[i].store);
	}
}

void migration_storage_where(const struct move *mv, size_t n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[600];
		if (mv[i].state == MOVE_MOVED)
			migration_put(one, sizeof one, "disk %s is in datastore %s (%s)", mv[i].disk->target,
			    mv[i].store, mv[i].new_path);
		else
			migration_put(one, sizeof one, "disk %s stays in %s (%s)", mv[i].disk->target,
			    mv[i].disk->pool ? mv[i].disk->pool : "its old place", mv[i].disk->path);
		migration_append(buf, size, one);
	}
}

int migration_storage_suspended_run(struct mctx *m)
{
	struct migration_result *res = m->res;

	res->outcome = MIGRATION_ROLLED_BACK;
	vm_error_set(&res->error, "VM '%s' on host '%s' is suspended (managed save); its saved "
		     "state names the old disk files, so its disks were not moved.", m->vm->name,
		     m->src->cfg->name);
	vm_error_hint(&res->error, "Start it (it resumes) and move it running, or discard the "
		      "saved state with 'virsh managedsave-remove %s' first.", m->vm->name);
	return -1;
}

int migration_storage_run_moves(struct mctx *m, int live,
				int (*run)(struct mctx *m, virDomainPtr dom, struct move *mv,
					   size_t n))
{
	struct migration_result *res = m->res;
	struct move *mv = NULL;
	size_t n = 0;
	virDomainPtr dom = NULL;
	int rc = -1, state = 0, reason = 0;

	res->outcome = MIGRATION_ROLLED_BACK;
	dom = migration_source_domain(m);
	if (!dom)
		goto cleanup;
	mv = calloc(m->vm->ndisks + 1, sizeof *mv);
	if (!mv) {
		vm_error_set(&res->error, "Out of memory while preparing the storage move of VM '%s'.",
			     m->vm->name);
		goto cleanup;
	}
	for (size_t i = 0; i < m->vm->ndisks; i++) {
		const struct inv_disk *d = &m->vm->disks[i];
		const char *store = disk_destination(m->plan, d, 0);

		if (!store)
			continue;
		mv[n].disk = d;
		mv[n].store = store;
		mv[n].choice = plan_disk_format(m->plan, d->target);
		mv[n].format = migration_target_format(d, mv[n].choice);
		n++;
	}
	if (n == 0) {
		vm_error_set(&res->error, "No disk of VM '%s' has another datastore to go to; nothing "
			     "was done.", m->vm->name);
		goto cleanup;
	}
	if (virDomainGetState(dom, &state, &reason, 0) < 0) {
		vm_error_set(&res->error, "The state of VM '%s' on host '%s' could not be read: %s.",
			     m->vm->name, m->src->cfg->name, virGetLastErrorMessage());
		goto cleanup;
	}
	int active = state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED ||
		     state == VIR_DOMAIN_BLOCKED;
	if (live ? active : state == VIR_DOMAIN_SHUTOFF) {
		rc = run(m, dom, mv, n);
	} else {
		vm_error_set(&res->error, "VM '%s' on host '%s' is %s now (libvirt state %d), not %s "
			     "as when it was checked; its disks were not moved.", m->vm->name,
			     m->src->cfg->name, active ? "running" : "not running", state,
			     live ? "running" : "shut off");
		vm_error_hint(&res->error, "Run the move again: its checks see the VM as it is now.");
	}
cleanup:
	for (size_t i = 0; mv && i < n; i++)
		free(mv[i].new_path);
	free(mv);
	if (dom)
		virDomainFree(dom);
	return rc;
}

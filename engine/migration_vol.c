/* engine/migration_vol.c — target volumes, shared by the executors that move
 * storage.  (The edits of their definitions are in migration_xml.c.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"
#include "journal_int.h"
#include "xmlget.h"

const char *migration_target_format(const struct inv_disk *d, enum plan_format f)
{
	switch (f) {
	case PLAN_FORMAT_THIN:
		return "qcow2";
	case PLAN_FORMAT_THICK:
		return "raw";
	default:
		return d->format ? d->format : "raw";
	}
}

char *migration_vol_name(const struct inv_disk *d, const char *format, const char *suffix)
{
	const char *base = d->path ? strrchr(d->path, '/') : NULL;
	char *name = NULL;
	if (!base || !base[1])
		return NULL;
	base++;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (asprintf(&name, "%.*s%s.%s", (int)stem, base, suffix,
		     strcmp(format, "qcow2") == 0 ? "qcow2" : "img") < 0)
		return NULL;
	return name;
}

char *migration_vol_xml(const char *name, unsigned long long capacity, unsigned long long alloc,
			const char *format)
{
	char *ename = migration_xml_escape(name), *xml = NULL;
	if (ename && asprintf(&xml, "<volume><name>%s</name><capacity unit='bytes'>%llu</capacity>"
			      "<allocation unit='bytes'>%llu</allocation><target><format type='%s'/>"
			      "</target></volume>", ename, capacity, alloc, format) < 0)
		xml = NULL;
	free(ename);
	return xml;
}

void migration_vol_allocate(struct mctx *m, struct sshlink *link, const char *host,
			    const struct inv_disk *d, const char *path)
{
	char size[32];
	int status = -1;
	struct vm_error err;
	snprintf(size, sizeof size, "%llu", d->capacity);
	const char *argv[] = { "fallocate", "-l", size, path, NULL };
	if (link && d->capacity && sshlink_exec(link, argv, NULL, &status, &err) == 0 && status == 0)
		migration_step(m, MIGRATION_PHASE_FINISHING, "disk %s: %s fully allocated",
			       d->target, path);
	else
		migration_step(m, MIGRATION_PHASE_FINISHING, "disk %s: %s on %s could not be fully "
			       "allocated (it works, sparse)", d->target, path, host);
}

/* Where volume NAME of POOL will be: the pool's target path and NAME (a
 * directory pool's rule; another kind's path may differ); NULL unknown. */
static char *planned_path(virStoragePoolPtr pool, const char *name)
{
	char xerr[128], *xml = virStoragePoolGetXMLDesc(pool, 0), *dir = NULL, *path = NULL;
	struct xml_node *root = xml ? xml_parse(xml, xerr, sizeof xerr) : NULL;

	if (root)
		dir = xml_get(root, "target/path", NULL);
	if (dir && dir[0] == '/' && asprintf(&path, "%s/%s", dir, name) < 0)
		path = NULL;
	free(dir);
	xml_free(root);
	free(xml);
	return path;
}

int migration_vol_create(virConnectPtr conn, const char *pool_name, const struct inv_disk *d,
			 enum plan_format f, char **path, struct vm_error *err)
{
	const char *format = migration_target_format(d, f);
	char *name = NULL, *xml = NULL, *planned = NULL;
	virStoragePoolPtr pool = NULL;
	virStorageVolPtr vol = NULL;
	int rc = -1;

	*path = NULL;
	if (!d->path || !(name = migration_vol_name(d, format, ""))) {
		vm_error_set(err, "Disk %s has no file name to copy.", d->target ? d->target : "?");
		return -1;
	}
	unsigned long long alloc = f == PLAN_FORMAT_THICK ? d->capacity : 0;
	if (!(xml = migration_vol_xml(name, d->capacity, alloc, format)))
		goto oom;
	pool = virStoragePoolLookupByName(conn, pool_name);
	if (!pool) {
		vm_error_set(err, "Datastore '%s' is not there: %s.", pool_name, virGetLastErrorMessage());
		goto cleanup;
	}
	virStoragePoolRefresh(pool, 0);
	/* The journal names the volume before it exists: a tool killed between
	 * its creation and a note after it left it behind on the target (recover
	 * says a volume that was never made is "already gone").  Never a
	 * volume of that name already there: that one is not ours, and the
	 * creation fails on it. */
	virStorageVolPtr there = virStorageVolLookupByName(pool, name);
	if (there)
		virStorageVolFree(there);
	else if ((planned = planned_path(pool, name)))
		journal_note_volume(pool_name, planned);
	vol = virStorageVolCreateXML(pool, xml, 0);
	if (!vol) {
		vm_error_set(err, "Volume '%s' could not be created in datastore '%s': %s.", name,
			     pool_name, virGetLastErrorMessage());
		goto cleanup;
	}
	*path = virStorageVolGetPath(vol);
	if (!*path) {
		vm_error_set(err, "The path of the new volume '%s' is unknown: %s.", name,
			     virGetLastErrorMessage());
		virStorageVolDelete(vol, 0);
		goto cleanup;
	}
	engine_log("volumes: created %s (%s, %llu bytes) in '%s'.", *path, format, d->capacity,
		   pool_name);
	if (!planned || strcmp(planned, *path) != 0)
		journal_note_volume(pool_name, *path);	/* recover removes it if the tool dies */
	rc = 0;
	goto cleanup;
oom:
	vm_error_set(err, "Out of memory while preparing a volume for disk %s.", d->target);
cleanup:
	if (vol)
		virStorageVolFree(vol);
	if (pool)
		virStoragePoolFree(pool);
	free(name);
	free(xml);
	free(planned);
	return rc;
}

int migration_vol_delete(virConnectPtr conn, const char *path)
{
	virStorageVolPtr vol = virStorageVolLookupByPath(conn, path);
	if (!vol) {
		engine_log("volumes: %s not found to delete: %s", path, virGetLastErrorMessage());
		return -1;
	}
	int rc = virStorageVolDelete(vol, 0);
	if (rc < 0)
		engine_log("volumes: %s not deleted: %s", path, virGetLastErrorMessage());
	else
		engine_log("volumes: deleted %s.", path);
	virStorageVolFree(vol);
	return rc;
}

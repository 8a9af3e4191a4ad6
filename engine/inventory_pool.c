/* engine/inventory_pool.c — a host's storage pools (vSphere datastores).
 *
 * A pool is "shared" when other hosts can see the same storage: by its type
 * (netfs, gluster, rbd, iSCSI, ...) or, for dir and fs pools, because its
 * target path lies on a cluster file system.  libvirt cannot tell the latter
 * remotely, so the host is asked through the SSH link:
 *   findmnt -n -o FSTYPE --target PATH
 * which prints e.g. "fuse.glusterfs" (stat -f would say only "fuseblk").
 */
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"

int inventory_pool_type_shared(const char *type)
{
	static const char *const shared[] = {
		"netfs", "gluster", "rbd", "iscsi", "iscsi-direct", "sheepdog",
		"vstorage", "mpath", NULL
	};

	if (!type)
		return 0;
	for (size_t i = 0; shared[i]; i++)
		if (strcmp(type, shared[i]) == 0)
			return 1;
	return 0;
}

int inventory_pool_fstype_shared(const char *fstype)
{
	/* the cluster and network file systems libvirt itself treats as shared */
	static const char *const shared[] = {
		"nfs", "nfs4", "fuse.glusterfs", "glusterfs", "ceph", "fuse.ceph",
		"fuse.ceph-fuse", "gfs2", "ocfs2", "afs", "cifs", "smb3", "smbfs",
		"gpfs", "fuse.quobyte", "beegfs", NULL
	};

	if (!fstype)
		return 0;
	for (size_t i = 0; shared[i]; i++)
		if (strcmp(fstype, shared[i]) == 0)
			return 1;
	return 0;
}

int inventory_pool_path_shared(struct sshlink *link, const char *host, const char *path)
{
	const char *argv[] = { "findmnt", "-n", "-o", "FSTYPE", "--target", path, NULL };
	struct vm_error err;
	char *out = NULL;
	int status = -1, shared = 0;

	if (sshlink_exec(link, argv, &out, &status, &err) < 0 || status != 0) {
		engine_log("inventory: host '%s': file system of '%s' unknown: %s",
			   host, path, err.message);
		goto cleanup;
	}
	out[strcspn(out, " \t\r\n")] = '\0';
	shared = inventory_pool_fstype_shared(out);
	engine_log("inventory: host '%s': '%s' is on %s (%s).", host, path, out,
		   shared ? "shared" : "local");
cleanup:
	free(out);
	return shared;
}

static int read_pool(virStoragePoolPtr pool, struct sshlink *link, const char *host,
		     struct inv_pool *p)
{
	char xerr[160];
	const char *name = virStoragePoolGetName(pool);
	char *xml = NULL;
	struct xml_node *root = NULL;
	virStoragePoolInfo info;
	int rc = -1;

	if (!name || !(p->name = strdup(name)))
		goto cleanup;
	xml = virStoragePoolGetXMLDesc(pool, 0);
	if (xml && (root = xml_parse(xml, xerr, sizeof(xerr)))) {
		p->type = xml_get(root, NULL, "type");
		p->path = xml_get(root, "target/path", NULL);
	} else {
		engine_log("inventory: host '%s': pool '%s': no readable description: %s",
			   host, name, xml ? xerr : inventory_virt_error());
	}
	if (virStoragePoolGetInfo(pool, &info) == 0) {
		p->active = info.state == VIR_STORAGE_POOL_RUNNING
			|| info.state == VIR_STORAGE_POOL_DEGRADED;
		p->capacity = info.capacity;
		p->allocation = info.allocation;
		p->available = info.available;
	} else {
		p->active = virStoragePoolIsActive(pool) == 1;
		engine_log("inventory: host '%s': pool '%s': no size: %s", host, name,
			   inventory_virt_error());
	}
	p->shared = inventory_pool_type_shared(p->type);
	if (!p->shared && link && p->path && p->type
	    && (strcmp(p->type, "dir") == 0 || strcmp(p->type, "fs") == 0))
		p->shared = inventory_pool_path_shared(link, host, p->path);
	rc = 0;
cleanup:
	xml_free(root);
	free(xml);
	return rc;
}

int inventory_pool_read_all(virConnectPtr conn, struct sshlink *link,
			    struct inv_host *ih, struct vm_error *err)
{
	virStoragePoolPtr *pools = NULL;
	int n, rc = -1;

	n = virConnectListAllStoragePools(conn, &pools, 0);
	if (n < 0) {
		vm_error_set(err, "Cannot list the storage pools of host '%s': %s.",
			     ih->cfg->name, inventory_virt_error());
		return -1;
	}
	if (n > 0) {
		ih->pools = calloc((size_t)n, sizeof(*ih->pools));
		if (!ih->pools)
			goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		if (read_pool(pools[i], link, ih->cfg->name, &ih->pools[ih->npools]) < 0) {
			inventory_pool_clear(&ih->pools[ih->npools]);
			goto cleanup;
		}
		ih->npools++;
	}
	rc = 0;
cleanup:
	if (rc < 0)
		vm_error_set(err, "Out of memory while reading the pools of host '%s'.",
			     ih->cfg->name);
	for (int i = 0; i < n; i++)
		virStoragePoolFree(pools[i]);
	free(pools);
	return rc;
}

void inventory_pool_clear(struct inv_pool *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->type);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

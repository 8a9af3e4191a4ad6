/* engine/inventory_pool.c — a host's storage pools (vSphere datastores).
 *
 * A pool is "shared" when other hosts can see the same storage: by its type
 * (netfs, gluster, rbd, iSCSI, ...) or, for dir and fs pools, because its
 * target path lies on a cluster file system.  libvirt cannot tell the latter
 * remotely, so the host is asked through the SSH link, once for all its
 * pools (one SSH exec per host, not per pool):
 *   findmnt -n -o FSTYPE --target PATH	for each PATH
 * which prints e.g. "fuse.glusterfs" (stat -f would say only "fuseblk").
 * The answer is a slow fact: kept in the facts cache, and taken from there
 * while it is young enough and names every pool's path.
 */
#include <stdlib.h>
#include <string.h>

#include "facts_int.h"
#include "inventory_int.h"
#include "xmlget.h"
#include "virterr.h"

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

/* The file system of each of the N PATHS on the host, one line each ("?"
 * when findmnt cannot tell), the paths given as arguments, never spliced. */
static const char fstype_script[] =
	"for p; do\n"
	"\tt=$(findmnt -n -o FSTYPE --target \"$p\" 2>/dev/null | head -n 1)\n"
	"\tprintf '%s\\n' \"${t:-?}\"\n"
	"done\n";

/* The file system of each of the N PATHS into TYPES[i] (malloc'd; NULL
 * when unknown): one SSH exec for them all. */
static void ask_fstypes(struct sshlink *link, const char *host, const char *const *paths,
			size_t n, char **types)
{
	const char **argv = calloc(n + 5, sizeof(*argv));
	struct vm_error err;
	char *out = NULL, *save = NULL, *line;
	int status = -1;
	size_t i = 0;

	for (size_t k = 0; k < n; k++)
		types[k] = NULL;
	if (!argv || n == 0)
		goto cleanup;
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = fstype_script;
	argv[3] = "sh";
	for (size_t k = 0; k < n; k++)
		argv[4 + k] = paths[k];
	if (sshlink_exec(link, argv, &out, &status, &err) < 0 || status != 0) {
		engine_log("inventory: host '%s': file systems of its pools unknown: %s",
			   host, status > 0 ? "findmnt failed" : err.message);
		goto cleanup;
	}
	for (line = strtok_r(out, "\n", &save); line && i < n;
	     line = strtok_r(NULL, "\n", &save), i++) {
		line[strcspn(line, " \t\r")] = '\0';
		if (*line && strcmp(line, "?") != 0)
			types[i] = strdup(line);
	}
cleanup:
	free(argv);
	free(out);
}

void inventory_pool_paths_shared(struct sshlink *link, const char *host,
				 const char *const *paths, size_t n, int *shared)
{
	char **types = calloc(n + 1, sizeof(*types));

	for (size_t k = 0; k < n; k++)
		shared[k] = 0;
	if (!types)
		return;
	ask_fstypes(link, host, paths, n, types);
	for (size_t k = 0; k < n; k++) {
		shared[k] = inventory_pool_fstype_shared(types[k]);
		engine_log("inventory: host '%s': '%s' is on %s (%s).", host, paths[k],
			   types[k] ? types[k] : "?", shared[k] ? "shared" : "local");
		free(types[k]);
	}
	free(types);
}

int inventory_pool_path_shared(struct sshlink *link, const char *host, const char *path)
{
	int shared = 0;
	inventory_pool_paths_shared(link, host, &path, 1, &shared);
	return shared;
}

static int read_pool(virStoragePoolPtr pool, const char *host, struct inv_pool *p)
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
			   host, name, xml ? xerr : virterr_last());
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
			   virterr_last());
	}
	p->shared = inventory_pool_type_shared(p->type);
	rc = 0;
cleanup:
	xml_free(root);
	free(xml);
	return rc;
}

/* dir and fs pools are shared when their path is on a cluster file system:
 * asked of the host in one go, or, when every path is in CACHED (fresh
 * enough: the caller's judgement), taken from there. */
static void check_file_systems(struct sshlink *link, struct inv_host *ih,
			       const struct facts_host *cached)
{
	const char **paths = calloc(ih->npools + 1, sizeof(*paths));
	char **types = calloc(ih->npools + 1, sizeof(*types));
	size_t *which = calloc(ih->npools + 1, sizeof(*which));
	size_t n = 0, known = 0;

	for (size_t i = 0; link && paths && types && which && i < ih->npools; i++) {
		const struct inv_pool *p = &ih->pools[i];
		if (!p->shared && p->path && p->type &&
		    (strcmp(p->type, "dir") == 0 || strcmp(p->type, "fs") == 0)) {
			which[n] = i;
			known += facts_fs_find(cached, p->path) != NULL;
			paths[n++] = p->path;
		}
	}
	if (n > 0 && known == n) {
		for (size_t k = 0; k < n; k++)
			types[k] = strdup(facts_fs_find(cached, paths[k]));
		ih->fs_cached = cached->fs_taken;
		engine_log("inventory: host '%s': the file systems of its pools from the facts "
			   "cache (taken at %lld).", ih->cfg->name, cached->fs_taken);
	} else if (n > 0) {
		ask_fstypes(link, ih->cfg->name, paths, n, types);
	}
	for (size_t k = 0; k < n; k++) {
		struct inv_pool *p = &ih->pools[which[k]];

		p->fstype = types[k];
		p->shared = inventory_pool_fstype_shared(p->fstype);
		engine_log("inventory: host '%s': '%s' is on %s (%s).", ih->cfg->name, p->path,
			   p->fstype ? p->fstype : "?", p->shared ? "shared" : "local");
	}
	free(paths);
	free(types);
	free(which);
}

int inventory_pool_read_all(virConnectPtr conn, struct sshlink *link,
			    struct inv_host *ih, const struct facts_host *cached,
			    struct vm_error *err)
{
	virStoragePoolPtr *pools = NULL;
	int n, rc = -1;

	n = virConnectListAllStoragePools(conn, &pools, 0);
	if (n < 0) {
		vm_error_set(err, "Cannot list the storage pools of host '%s': %s.",
			     ih->cfg->name, virterr_last());
		return -1;
	}
	if (n > 0) {
		ih->pools = calloc((size_t)n, sizeof(*ih->pools));
		if (!ih->pools)
			goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		if (read_pool(pools[i], ih->cfg->name, &ih->pools[ih->npools]) < 0) {
			inventory_pool_clear(&ih->pools[ih->npools]);
			goto cleanup;
		}
		ih->npools++;
	}
	rc = 0;
	check_file_systems(link, ih, cached);
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
	free(p->fstype);
	memset(p, 0, sizeof(*p));
}

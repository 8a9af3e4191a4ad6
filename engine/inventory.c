/* engine/inventory.c — every configured host read in parallel.
 *
 * One thread per host.  For a host reached over the network the tool first
 * opens its own SSH link (that is where the host key is verified, by
 * libssh, under the caller's policy); if that fails the host is unreachable
 * and libvirt is never asked to connect.  Then libvirt is opened and the
 * facts are read.  The facts are a snapshot; the connections of a host read
 * in full stay open in its inv_host (for probes and moves) until
 * inventory_free(), those of a host that failed half-way are closed at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"

struct host_job {
	const struct config *cfg;
	enum hostkey_policy policy;
	struct inv_host *ih;
	pthread_t thread;
	int started;
};

static int pool_cmp(const void *a, const void *b)
{
	return strcmp(((const struct inv_pool *)a)->name, ((const struct inv_pool *)b)->name);
}

static int net_cmp(const void *a, const void *b)
{
	return strcmp(((const struct inv_net *)a)->name, ((const struct inv_net *)b)->name);
}

static int vm_cmp(const void *a, const void *b)
{
	return strcmp(((const struct inv_vm *)a)->name, ((const struct inv_vm *)b)->name);
}

/* Listings in name order, whatever order libvirt gave. */
static void sort_host(struct inv_host *ih)
{
	if (ih->npools)
		qsort(ih->pools, ih->npools, sizeof ih->pools[0], pool_cmp);
	if (ih->nnets)
		qsort(ih->nets, ih->nnets, sizeof ih->nets[0], net_cmp);
	if (ih->nvms)
		qsort(ih->vms, ih->nvms, sizeof ih->vms[0], vm_cmp);
}

static void load_host(struct host_job *job)
{
	struct inv_host *ih = job->ih;
	const char *name = ih->cfg->name;
	struct sshlink *link = NULL;
	virConnectPtr conn = NULL;
	char *uri = NULL;

	ih->ssh_failure = SSHLINK_OK;
	uri = inventory_uri_build(job->cfg, ih->cfg);
	if (!uri) {
		vm_error_set(&ih->error, "Out of memory while reading host '%s'.", name);
		goto cleanup;
	}
	if (inventory_uri_is_remote(uri)) {
		enum sshlink_failure why = SSHLINK_OTHER;
		if (sshlink_open(job->cfg, ih->cfg, job->policy, &link, &why, &ih->error) < 0) {
			ih->ssh_failure = why;
			goto cleanup;
		}
		ih->hostkey_fp = strdup(sshlink_fingerprint(link));
		if (!ih->hostkey_fp) {
			vm_error_set(&ih->error, "Out of memory while reading host '%s'.", name);
			goto cleanup;
		}
	}
	conn = virConnectOpenAuth(uri, NULL, 0);
	if (!conn) {
		vm_error_set(&ih->error, "Cannot connect to libvirt on host '%s' at %s: %s.",
			     name, uri, inventory_virt_error());
		vm_error_hint(&ih->error, "Check that libvirtd runs on %s and that the "
			      "SSH user may use its socket.", name);
		goto cleanup;
	}
	if (inventory_host_read(conn, ih, &ih->error) < 0
	    || inventory_pool_read_all(conn, link, ih, &ih->error) < 0
	    || inventory_net_read_all(conn, ih, &ih->error) < 0
	    || inventory_vm_read_all(conn, ih, &ih->error) < 0)
		goto cleanup;
	sort_host(ih);
	ih->reachable = 1;
	ih->conn = conn;
	ih->link = link;
	conn = NULL;
	link = NULL;
	engine_log("inventory: host '%s': %zu pools, %zu networks, %zu VMs.",
		   name, ih->npools, ih->nnets, ih->nvms);
cleanup:
	if (!ih->reachable)
		engine_log("inventory: host '%s' not read: %s", name, ih->error.message);
	if (conn)
		virConnectClose(conn);
	sshlink_close(link);
	free(uri);
}

static void *host_thread(void *arg)
{
	load_host(arg);
	return NULL;
}

int inventory_load(const struct config *cfg, const struct inventory_options *opt,
		   struct inventory *inv, struct vm_error *err)
{
	struct host_job *jobs = NULL;
	int rc = -1;

	vm_error_clear(err);
	if (!inv) {
		vm_error_set(err, "inventory_load() was called without an inventory.");
		return -1;
	}
	memset(inv, 0, sizeof(*inv));
	if (!cfg) {
		vm_error_set(err, "inventory_load() was called without a configuration.");
		return -1;
	}
	if (cfg->nhosts == 0)
		return 0;
	inv->hosts = calloc(cfg->nhosts, sizeof(*inv->hosts));
	jobs = calloc(cfg->nhosts, sizeof(*jobs));
	if (!inv->hosts || !jobs) {
		vm_error_set(err, "Out of memory while preparing to read %zu hosts.",
			     cfg->nhosts);
		goto cleanup;
	}
	inv->nhosts = cfg->nhosts;
	inv->cfg = cfg;
	for (size_t i = 0; i < cfg->nhosts; i++) {
		inv->hosts[i].cfg = &cfg->hosts[i];
		inv->hosts[i].virt_type = config_host_virt_type(cfg, &cfg->hosts[i]);
		jobs[i].cfg = cfg;
		jobs[i].policy = opt ? opt->hostkeys : HOSTKEY_STRICT;
		jobs[i].ih = &inv->hosts[i];
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, host_thread,
						 &jobs[i]) == 0;
	}
	/* a host whose thread could not start is read here, in turn */
	for (size_t i = 0; i < cfg->nhosts; i++)
		if (!jobs[i].started)
			load_host(&jobs[i]);
	for (size_t i = 0; i < cfg->nhosts; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
	rc = 0;
cleanup:
	free(jobs);
	if (rc < 0)
		inventory_free(inv);
	return rc;
}

void inventory_free(struct inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->nhosts; i++)
		inventory_host_clear(&inv->hosts[i]);
	free(inv->hosts);
	inv->hosts = NULL;
	inv->nhosts = 0;
	inv->cfg = NULL;
}

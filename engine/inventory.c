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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts_int.h"
#include "inventory_int.h"
#include "virterr.h"

struct host_job {
	const struct config *cfg;
	const struct inventory_options *opt;
	enum hostkey_policy policy;
	struct inv_host *ih;
	pthread_t thread;
	int started;
	int skip;		/* not wanted by this command */
};

/* 1 when OPT lets host NAME be read now. */
static int wanted(const struct inventory_options *opt, const char *name)
{
	if (!opt || !opt->only)
		return 1;
	for (size_t i = 0; i < opt->nonly; i++)
		if (opt->only[i] && strcmp(opt->only[i], name) == 0)
			return 1;
	return 0;
}

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

/* The file systems under the host's pools, for the next command. */
static int put_fs(struct facts_host *f, const struct inv_host *ih)
{
	const char **paths = calloc(ih->npools + 1, sizeof(*paths));
	const char **types = calloc(ih->npools + 1, sizeof(*types));
	size_t n = 0;
	int rc = -1;

	if (!paths || !types)
		goto cleanup;
	for (size_t i = 0; i < ih->npools; i++) {
		const struct inv_pool *p = &ih->pools[i];

		if (!p->path || !p->fstype)
			continue;
		paths[n] = p->path;
		types[n++] = p->fstype;
	}
	rc = facts_set_fs(f, (long long)time(NULL), paths, types, n);
cleanup:
	free(paths);
	free(types);
	return rc;
}

struct put_index {
	const struct inv_host *ih;
	int ttl;		/* facts_ttl */
	int unchanged;		/* set: the file says all this already, and lately */
};

/* 1 when F already holds what IH would write, read less than half a
 * facts_ttl ago: then the file is left alone (no write, no fsync: at 1,000
 * hosts the writes cost more than the reads). */
static int index_current(const struct facts_host *f, const struct inv_host *ih, int ttl)
{
	long long now = (long long)time(NULL), oldest = f->index_taken;

	if (!f->index_taken || ttl <= 0 || f->nvms != ih->nvms
	    || (ih->hostkey_fp && (!f->hostkey || strcmp(f->hostkey, ih->hostkey_fp) != 0)))
		return 0;
	for (size_t i = 0; i < ih->nvms; i++)
		if (strcmp(f->vms[i].name, ih->vms[i].name) != 0
		    || strcmp(f->vms[i].uuid, ih->vms[i].uuid && *ih->vms[i].uuid ? ih->vms[i].uuid : "-") != 0)
			return 0;
	if (ih->ncpu_models) {
		const char *v = ih->cpu_vendor && *ih->cpu_vendor ? ih->cpu_vendor : NULL;

		if (f->nmodels != ih->ncpu_models || (!v) != (!f->cpu_vendor)
		    || (v && strcmp(v, f->cpu_vendor) != 0))
			return 0;
		for (size_t i = 0; i < ih->ncpu_models; i++)
			if (!ih->cpu_models[i].name
			    || strcmp(f->models[i].name, ih->cpu_models[i].name) != 0
			    || f->models[i].usable != (ih->cpu_models[i].usable != 0))
				return 0;
		if (f->cpu_taken < oldest)
			oldest = f->cpu_taken;
	}
	if (!ih->fs_cached) {
		size_t n = 0;

		for (size_t i = 0; i < ih->npools; i++) {
			const struct inv_pool *p = &ih->pools[i];
			const char *t;

			if (!p->path || !p->fstype)
				continue;
			n++;
			if (!(t = facts_fs_find(f, p->path)) || strcmp(t, p->fstype) != 0)
				return 0;
		}
		if (n != f->nfs)
			return 0;
		if (n && f->fs_taken < oldest)
			oldest = f->fs_taken;
	}
	return now - oldest < ttl / 2 && oldest <= now + 60;
}

static int put_cpu(struct facts_host *f, const struct inv_host *ih)
{
	const char **names = calloc(ih->ncpu_models, sizeof(*names));
	int *usable = calloc(ih->ncpu_models, sizeof(*usable));
	int rc = -1;

	if (!names || !usable)
		goto cleanup;
	for (size_t i = 0; i < ih->ncpu_models; i++) {
		names[i] = ih->cpu_models[i].name ? ih->cpu_models[i].name : "?";
		usable[i] = ih->cpu_models[i].usable;
	}
	rc = facts_set_cpu(f, (long long)time(NULL), ih->cpu_vendor, names, usable,
			   ih->ncpu_models);
cleanup:
	free(names);
	free(usable);
	return rc;
}

static int put_index(struct facts_host *f, void *user)
{
	struct put_index *pi = user;
	const struct inv_host *ih = pi->ih;
	const char **names = NULL, **uuids = NULL;
	int rc = -1;

	if (index_current(f, ih, pi->ttl)) {
		pi->unchanged = 1;
		return 1;
	}
	names = calloc(ih->nvms + 1, sizeof(*names));
	uuids = calloc(ih->nvms + 1, sizeof(*uuids));
	if (!names || !uuids)
		goto cleanup;
	if (ih->hostkey_fp && (!f->hostkey || strcmp(f->hostkey, ih->hostkey_fp) != 0)) {
		facts_clear(f);
		free(f->hostkey);
		if (!(f->hostkey = strdup(ih->hostkey_fp)))
			goto cleanup;
	}
	for (size_t i = 0; i < ih->nvms; i++) {
		names[i] = ih->vms[i].name;
		uuids[i] = ih->vms[i].uuid && *ih->vms[i].uuid ? ih->vms[i].uuid : "-";
	}
	rc = facts_set_index(f, (long long)time(NULL), names, uuids, ih->nvms);
	if (rc == 0 && ih->ncpu_models)
		rc = put_cpu(f, ih);
	/* file systems read now are kept with this time; those the cache gave
	 * keep their own age */
	if (rc == 0 && !ih->fs_cached)
		rc = put_fs(f, ih);
cleanup:
	free(names);
	free(uuids);
	return rc;
}

/* A skipped host's CPU facts from the cache, for its cluster's EVC
 * baseline: they change only with the host's hardware or libvirt. */
static void cpu_from_cache(const struct inventory_options *opt, struct inv_host *ih)
{
	struct facts_host f;
	char why[512];

	if (facts_load(opt->facts_dir, ih->cfg->name, &f, why, sizeof(why)) < 0) {
		engine_log("facts: %s", why);
		goto cleanup;
	}
	if (!f.cpu_taken || !f.nmodels)
		goto cleanup;
	ih->cpu_models = calloc(f.nmodels, sizeof(*ih->cpu_models));
	if (!ih->cpu_models || (f.cpu_vendor && !(ih->cpu_vendor = strdup(f.cpu_vendor))))
		goto cleanup;
	for (size_t i = 0; i < f.nmodels; i++) {
		ih->cpu_models[i].usable = f.models[i].usable;
		if (!(ih->cpu_models[i].name = strdup(f.models[i].name)))
			goto cleanup;
		ih->ncpu_models = i + 1;
	}
	ih->cpu_cached = f.cpu_taken;
cleanup:
	facts_host_free(&f);
}

/* The VMs a host holds, for the next command's VM index. */
static void keep_index(const struct host_job *job)
{
	struct put_index p = { job->ih, job->cfg->defaults.facts_ttl, 0 };
	struct vm_error err;
	char why[512];

	why[0] = '\0';
	if (facts_update(job->opt->facts_dir, job->ih->cfg->name, put_index, &p, why,
			 sizeof(why), &err) < 0 && !p.unchanged)
		engine_log("facts: the VM index of host '%s' was not kept: %s",
			   job->ih->cfg->name, err.message);
	if (why[0]) {
		engine_log("facts: %s", why);
		snprintf(job->ih->facts_note, sizeof(job->ih->facts_note), "%s", why);
	}
}

/* The host's slow facts from the cache, when they may be used: not with
 * --refresh or facts_ttl 0, read behind the host key seen now, and the file
 * systems younger than facts_ttl (what this file reuses; the caller frees
 * *F either way). */
static void fresh_facts(const struct host_job *job, struct facts_host *f, int *ok)
{
	int ttl = job->cfg->defaults.facts_ttl;
	long long now = (long long)time(NULL);

	*ok = 0;
	memset(f, 0, sizeof(*f));
	if (job->opt->refresh || ttl <= 0)
		return;
	if (facts_load(job->opt->facts_dir, job->ih->cfg->name, f, NULL, 0) < 0)
		return;	/* said when the file is written anew (keep_index) */
	if (job->ih->hostkey_fp && f->hostkey && strcmp(f->hostkey, job->ih->hostkey_fp) != 0)
		return;
	*ok = f->fs_taken > 0 && f->fs_taken <= now + 60 && now - f->fs_taken < ttl;
}

static void load_host(struct host_job *job)
{
	struct inv_host *ih = job->ih;
	const char *name = ih->cfg->name;
	struct sshlink *link = NULL;
	virConnectPtr conn = NULL;
	char *uri = NULL;
	struct facts_host cached = { 0 };
	int have_cached = 0;

	ih->ssh_failure = SSHLINK_OK;
	uri = inventory_uri_build(job->cfg, ih->cfg);
	if (!uri) {
		vm_error_set(&ih->error, "Out of memory while reading host '%s'.", name);
		goto cleanup;
	}
	/* a URI the tool built gets its ssh helper, out of the terminal's
	 * session (engine/sshhelper.c); the operator's own uri is kept */
	if (!ih->cfg->uri && strncmp(uri, "qemu+ssh://", 11) == 0 && sshhelper_path()) {
		/* a known_hosts file of the config: libvirt's ssh reads it too */
		const char *kh = config_host_known_hosts(job->cfg, ih->cfg);
		char *per = kh ? sshhelper_path_for(kh) : NULL;
		char *with = inventory_uri_with_command(uri, per ? per : sshhelper_path());
		free(per);
		if (with) {
			free(uri);
			uri = with;
		}
	}
	if (inventory_uri_is_remote(uri)) {
		enum sshlink_failure why = SSHLINK_OTHER;
		struct sshlink_keys keys = { .policy = job->policy,
					     .trusted = job->opt->trusted_keys,
					     .ntrusted = job->opt->ntrusted_keys };
		if (sshlink_open_keys(job->cfg, ih->cfg, &keys, &link, &why, &ih->error) < 0) {
			ih->ssh_failure = why;
			/* the key a refused host offered, for the operator to judge */
			if ((why == SSHLINK_HOSTKEY_UNKNOWN || why == SSHLINK_HOSTKEY_CHANGED)
			    && keys.seen[0])
				ih->hostkey_fp = strdup(keys.seen);
			goto cleanup;
		}
		ih->hostkey_fp = strdup(sshlink_fingerprint(link));
		sshlink_resolved(link, &ih->ssh_host, &ih->ssh_user, &ih->ssh_port);
		engine_log("inventory: host '%s': SSH to %s@%s port %u.", name,
			   ih->ssh_user ? ih->ssh_user : "?", ih->ssh_host ? ih->ssh_host : "?",
			   ih->ssh_port);
		if (!ih->hostkey_fp) {
			vm_error_set(&ih->error, "Out of memory while reading host '%s'.", name);
			goto cleanup;
		}
	}
	conn = virConnectOpenAuth(uri, NULL, 0);
	if (!conn) {
		vm_error_set(&ih->error, "Cannot connect to libvirt on host '%s' at %s: %s.",
			     name, uri, virterr_last());
		vm_error_hint(&ih->error, "Check that libvirtd runs on %s and that the "
			      "SSH user may use its socket.", name);
		goto cleanup;
	}
	engine_log("inventory: host '%s': libvirt connected.", name);
	fresh_facts(job, &cached, &have_cached);
	if (inventory_host_read(conn, ih, &ih->error) < 0
	    || inventory_pool_read_all(conn, link, ih, have_cached ? &cached : NULL,
				       &ih->error) < 0
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
	if (job->opt->keep_index)
		keep_index(job);
cleanup:
	if (!ih->reachable)
		engine_log("inventory: host '%s' not read: %s", name, ih->error.message);
	if (conn)
		virConnectClose(conn);
	sshlink_close(link);
	free(uri);
	facts_host_free(&cached);
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
	if (opt)
		inv->opt = *opt;
	else
		inv->opt.hostkeys = HOSTKEY_STRICT;
	inv->opt.only = NULL;
	inv->opt.nonly = 0;
	for (size_t i = 0; i < cfg->nhosts; i++) {
		inv->hosts[i].cfg = &cfg->hosts[i];
		inv->hosts[i].virt_type = config_host_virt_type(cfg, &cfg->hosts[i]);
		jobs[i].cfg = cfg;
		jobs[i].opt = &inv->opt;
		jobs[i].policy = inv->opt.hostkeys;
		jobs[i].ih = &inv->hosts[i];
		if (!wanted(opt, cfg->hosts[i].name)) {
			inv->hosts[i].skipped = 1;
			jobs[i].skip = 1;
			cpu_from_cache(&inv->opt, &inv->hosts[i]);
			continue;
		}
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, host_thread,
						 &jobs[i]) == 0;
	}
	/* a host whose thread could not start is read here, in turn */
	for (size_t i = 0; i < cfg->nhosts; i++)
		if (!jobs[i].started && !jobs[i].skip)
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

int inventory_load_skipped(struct inventory *inv, struct vm_error *err)
{
	struct host_job *jobs;

	vm_error_clear(err);
	if (!inv || !inv->cfg) {
		vm_error_set(err, "inventory_load_skipped() was called without an inventory.");
		return -1;
	}
	jobs = calloc(inv->nhosts ? inv->nhosts : 1, sizeof(*jobs));
	if (!jobs) {
		vm_error_set(err, "Out of memory while preparing to read %zu hosts.", inv->nhosts);
		return -1;
	}
	for (size_t i = 0; i < inv->nhosts; i++) {
		if (!inv->hosts[i].skipped) {
			jobs[i].skip = 1;
			continue;
		}
		inventory_host_clear(&inv->hosts[i]);	/* the cached CPU facts */
		inv->hosts[i].skipped = 0;
		inv->hosts[i].cpu_cached = 0;
		jobs[i].cfg = inv->cfg;
		jobs[i].opt = &inv->opt;
		jobs[i].policy = inv->opt.hostkeys;
		jobs[i].ih = &inv->hosts[i];
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, host_thread,
						 &jobs[i]) == 0;
	}
	for (size_t i = 0; i < inv->nhosts; i++)
		if (!jobs[i].started && !jobs[i].skip)
			load_host(&jobs[i]);
	for (size_t i = 0; i < inv->nhosts; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
	free(jobs);
	return 0;
}

struct index_move {
	const char *vm, *uuid;
	int add;		/* 1: add VM to the host's list, 0: drop it */
};

static int index_move(struct facts_host *f, void *user)
{
	const struct index_move *m = user;
	const char **names = calloc(f->nvms + 1, sizeof(*names));
	const char **uuids = calloc(f->nvms + 1, sizeof(*uuids));
	size_t n = 0;
	int rc = -1;

	if (!names || !uuids || !f->index_taken)
		goto cleanup;	/* no index to correct: the next read writes one */
	for (size_t i = 0; i < f->nvms; i++) {
		if (strcmp(f->vms[i].name, m->vm) == 0)
			continue;
		names[n] = f->vms[i].name;
		uuids[n++] = f->vms[i].uuid;
	}
	if (m->add) {
		names[n] = m->vm;
		uuids[n++] = m->uuid && *m->uuid ? m->uuid : "-";
	}
	rc = facts_set_index(f, f->index_taken, names, uuids, n);
cleanup:
	free(names);
	free(uuids);
	return rc;
}

void inventory_index_moved(const struct inventory *inv, const char *vm, const char *uuid,
			   const char *from, const char *to)
{
	struct index_move drop = { vm, uuid, 0 }, add = { vm, uuid, 1 };
	struct vm_error err;

	if (!inv || !inv->opt.keep_index || !vm || !from || !to || strcmp(from, to) == 0)
		return;
	if (facts_update(inv->opt.facts_dir, from, index_move, &drop, NULL, 0, &err) < 0
	    || facts_update(inv->opt.facts_dir, to, index_move, &add, NULL, 0, &err) < 0)
		engine_log("facts: the VM index was not corrected after '%s' moved from '%s' to "
			   "'%s' (the next read corrects it): %s", vm, from, to, err.message);
}

size_t inventory_index_find(const struct config *cfg, const char *facts_dir, const char *name,
			    const char **out, size_t max)
{
	size_t n = 0;

	if (!cfg || !name)
		return 0;
	for (size_t i = 0; i < cfg->nhosts; i++) {
		struct facts_host f;
		char why[512];

		if (facts_load(facts_dir, cfg->hosts[i].name, &f, why, sizeof(why)) < 0)
			engine_log("facts: %s", why);
		else if (f.index_taken > 0 && facts_index_has(&f, name)) {
			if (n < max)
				out[n] = cfg->hosts[i].name;
			n++;
		}
		facts_host_free(&f);
	}
	return n;
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

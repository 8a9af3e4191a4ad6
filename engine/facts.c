/* engine/facts.c — the facts cache's records in memory (see facts_int.h):
 * setting, finding and freeing them, and the checks that keep every value
 * one the file format can hold.  The files themselves: facts_load.c and
 * facts_save.c, under facts_update.c's lock. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts_int.h"

/* ---- strings and numbers ---------------------------------------------- */

/* 0 when S may be stored in a field of at most MAX bytes: no newline, not
 * empty when REQUIRED (NULL counts as empty). */
int facts_str_ok(const char *s, size_t max, int required)
{
	if (!s || !*s)
		return required ? -1 : 0;
	size_t len = strlen(s);
	return len <= max && !memchr(s, '\n', len) ? 0 : -1;
}

/* A copy of S, NULL for NULL and "" (an optional string that is empty is
 * none).  *OK is cleared when out of memory. */
static char *opt_dup(const char *s, int *ok)
{
	if (!s || !*s)
		return NULL;
	char *c = strdup(s);
	if (!c)
		*ok = 0;
	return c;
}

int facts_rate_ok(double v)
{
	return isfinite(v) && v >= 0.0 ? 0 : -1;
}

/* ---- records ---------------------------------------------------------- */

int facts_link_ok(const struct facts_link *l)
{
	return l && facts_str_ok(l->peer, FACTS_NAME_MAX, 1) == 0 &&
	       facts_str_ok(l->src_dev, FACTS_NAME_MAX, 0) == 0 &&
	       facts_str_ok(l->dst_dev, FACTS_NAME_MAX, 0) == 0 &&
	       facts_str_ok(l->p2p_error, FACTS_ERROR_MAX, 0) == 0 && l->taken >= 0 &&
	       l->src_mbit >= 0 && l->dst_mbit >= 0 && l->rtt_us >= -1 ? 0 : -1;
}

static void link_free(struct facts_link *l)
{
	free(l->peer);
	free(l->src_dev);
	free(l->dst_dev);
	free(l->p2p_error);
}

char *facts_dir(const char *dir)
{
	if (dir)
		return strdup(dir);
	char *state = journal_state_dir(), *path = NULL;
	if (state && asprintf(&path, "%s/facts", state) < 0)
		path = NULL;
	free(state);
	return path;
}

void facts_clear(struct facts_host *f)
{
	if (!f)
		return;
	free(f->hostkey);
	free(f->cpu_vendor);
	for (size_t i = 0; i < f->nmodels; i++)
		free(f->models[i].name);
	free(f->models);
	for (size_t i = 0; i < f->nfs; i++) {
		free(f->fs[i].path);
		free(f->fs[i].fstype);
	}
	free(f->fs);
	for (size_t i = 0; i < f->nvms; i++) {
		free(f->vms[i].name);
		free(f->vms[i].uuid);
	}
	free(f->vms);
	for (size_t i = 0; i < f->nlinks; i++)
		link_free(&f->links[i]);
	free(f->links);
	for (size_t i = 0; i < f->nmeasured; i++)
		free(f->measured[i].peer);
	free(f->measured);
	for (size_t i = 0; i < f->nachieved; i++)
		free(f->achieved[i].peer);
	free(f->achieved);
	char *host = f->host;
	memset(f, 0, sizeof *f);
	f->host = host;
}

void facts_host_free(struct facts_host *f)
{
	if (!f)
		return;
	facts_clear(f);
	free(f->host);
	f->host = NULL;
}

const struct facts_link *facts_link_find(const struct facts_host *f, const char *peer)
{
	for (size_t i = 0; f && peer && i < f->nlinks; i++)
		if (strcmp(f->links[i].peer, peer) == 0)
			return &f->links[i];
	return NULL;
}

static const struct facts_rate *rate_find(const struct facts_rate *r, size_t n, const char *peer)
{
	for (size_t i = 0; peer && i < n; i++)
		if (strcmp(r[i].peer, peer) == 0)
			return &r[i];
	return NULL;
}

const struct facts_rate *facts_measured_find(const struct facts_host *f, const char *peer)
{
	return f ? rate_find(f->measured, f->nmeasured, peer) : NULL;
}

const struct facts_rate *facts_achieved_find(const struct facts_host *f, const char *peer)
{
	return f ? rate_find(f->achieved, f->nachieved, peer) : NULL;
}

int facts_index_has(const struct facts_host *f, const char *name)
{
	for (size_t i = 0; f && name && i < f->nvms; i++)
		if (strcmp(f->vms[i].name, name) == 0)
			return 1;
	return 0;
}

/* The setters check every value before they change anything, so that a
 * refused record leaves F as it was; numbers out of range (a negative time
 * or speed, a round trip below -1, a rate that is NaN, infinite or
 * negative) are refused like bad strings.  P2P_OK is stored as 0 or 1. */
int facts_set_link(struct facts_host *f, const struct facts_link *l)
{
	struct facts_link c = { 0 };
	int ok = 1, rc = -1;

	if (!f || facts_link_ok(l) < 0)
		return -1;
	c.peer = strdup(l->peer);
	c.taken = l->taken;
	c.src_dev = opt_dup(l->src_dev, &ok);
	c.src_mbit = l->src_mbit;
	c.dst_dev = opt_dup(l->dst_dev, &ok);
	c.dst_mbit = l->dst_mbit;
	c.rtt_us = l->rtt_us;
	c.p2p_ok = l->p2p_ok != 0;
	c.p2p_error = opt_dup(l->p2p_error, &ok);
	if (!c.peer || !ok)
		goto cleanup;
	struct facts_link *old = (struct facts_link *)facts_link_find(f, l->peer);
	if (old) {
		link_free(old);
		*old = c;
	} else {
		struct facts_link *grown = realloc(f->links, (f->nlinks + 1) * sizeof *grown);
		if (!grown)
			goto cleanup;
		f->links = grown;
		f->links[f->nlinks++] = c;
	}
	memset(&c, 0, sizeof c);	/* now F's */
	rc = 0;
cleanup:
	link_free(&c);
	return rc;
}

static int set_rate(struct facts_rate **r, size_t *n, const char *peer, long long taken,
		    double mbit_s)
{
	if (facts_str_ok(peer, FACTS_NAME_MAX, 1) < 0 || taken < 0 || facts_rate_ok(mbit_s) < 0)
		return -1;
	struct facts_rate *old = (struct facts_rate *)rate_find(*r, *n, peer);
	if (old) {
		old->taken = taken;
		old->mbit_s = mbit_s;
		return 0;
	}
	char *copy = strdup(peer);
	struct facts_rate *grown = copy ? realloc(*r, (*n + 1) * sizeof *grown) : NULL;
	if (!grown) {
		free(copy);
		return -1;
	}
	*r = grown;
	grown[(*n)++] = (struct facts_rate){ .peer = copy, .taken = taken, .mbit_s = mbit_s };
	return 0;
}

int facts_set_measured(struct facts_host *f, const char *peer, long long taken, double mbit_s)
{
	return f ? set_rate(&f->measured, &f->nmeasured, peer, taken, mbit_s) : -1;
}

int facts_set_achieved(struct facts_host *f, const char *peer, long long taken, double mbit_s)
{
	return f ? set_rate(&f->achieved, &f->nachieved, peer, taken, mbit_s) : -1;
}

int facts_set_cpu(struct facts_host *f, long long taken, const char *vendor,
		  const char *const *names, const int *usable, size_t n)
{
	struct facts_cpu_model *models = NULL;
	char *v = NULL;
	int ok = 1;

	if (!f || taken < 0 || (n && (!names || !usable)) || facts_str_ok(vendor, FACTS_NAME_MAX, 0) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (facts_str_ok(names[i], FACTS_NAME_MAX, 1) < 0)
			return -1;
	v = opt_dup(vendor, &ok);
	models = n ? calloc(n, sizeof(*models)) : NULL;
	if (!ok || (n && !models))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		models[i].usable = usable[i] != 0;
		if (!(models[i].name = strdup(names[i]))) {
			for (size_t j = 0; j < i; j++)
				free(models[j].name);
			goto fail;
		}
	}
	for (size_t i = 0; i < f->nmodels; i++)
		free(f->models[i].name);
	free(f->models);
	free(f->cpu_vendor);
	f->models = models;
	f->nmodels = n;
	f->cpu_vendor = v;
	f->cpu_taken = taken;
	return 0;
fail:
	free(models);
	free(v);
	return -1;
}

const char *facts_fs_find(const struct facts_host *f, const char *path)
{
	for (size_t i = 0; f && path && i < f->nfs; i++)
		if (strcmp(f->fs[i].path, path) == 0)
			return f->fs[i].fstype;
	return NULL;
}

int facts_set_fs(struct facts_host *f, long long taken, const char *const *paths,
		 const char *const *types, size_t n)
{
	struct facts_fs *fs = NULL;

	if (!f || taken < 0 || (n && (!paths || !types)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (facts_str_ok(paths[i], FACTS_ERROR_MAX, 1) < 0 || facts_str_ok(types[i], FACTS_NAME_MAX, 1) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(paths[i], paths[j]) == 0)
				return -1;
	}
	if (n && !(fs = calloc(n, sizeof(*fs))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		fs[i].path = strdup(paths[i]);
		fs[i].fstype = strdup(types[i]);
		if (!fs[i].path || !fs[i].fstype) {
			for (size_t j = 0; j <= i; j++) {
				free(fs[j].path);
				free(fs[j].fstype);
			}
			free(fs);
			return -1;
		}
	}
	for (size_t i = 0; i < f->nfs; i++) {
		free(f->fs[i].path);
		free(f->fs[i].fstype);
	}
	free(f->fs);
	f->fs = fs;
	f->nfs = n;
	f->fs_taken = taken;
	return 0;
}

/* TAKEN 0 with no VMs drops the index. */
int facts_set_index(struct facts_host *f, long long taken, const char *const *names,
		    const char *const *uuids, size_t n)
{
	struct facts_vm *vms = NULL;
	size_t done = 0;
	int rc = -1;

	if (!f || taken < 0 || (n && (!names || !uuids)))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (facts_str_ok(names[i], FACTS_NAME_MAX, 1) < 0 ||
		    facts_str_ok(uuids[i], FACTS_NAME_MAX, 1) < 0)
			return -1;
	if (n) {
		vms = calloc(n, sizeof *vms);
		if (!vms)
			goto cleanup;
	}
	for (; done < n; done++) {
		vms[done].name = strdup(names[done]);
		vms[done].uuid = strdup(uuids[done]);
		if (!vms[done].name || !vms[done].uuid) {
			done++;
			goto cleanup;
		}
	}
	/* swap: the old index goes, the new one is F's */
	struct facts_vm *old = f->vms;
	size_t nold = f->nvms;
	f->vms = vms;
	f->nvms = n;
	f->index_taken = taken;
	vms = old;
	done = nold;
	rc = 0;
cleanup:
	for (size_t i = 0; i < done; i++) {
		free(vms[i].name);
		free(vms[i].uuid);
	}
	free(vms);
	return rc;
}

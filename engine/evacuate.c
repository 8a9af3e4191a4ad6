/* engine/evacuate.c — the plan of a host's evacuation: a target for each
 * of its VMs, chosen by the checks of a move (checks_evaluate, after the
 * same probes as 'check'), balanced by free memory and vCPU load. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "mem_room.h"

/* A candidate host and the memory the plan has given it so far. */
struct candidate {
	struct inv_host *host;
	unsigned long long given_kib;	/* memory of the running VMs placed on it */
	unsigned given_vcpus;		/* their vCPUs */
};

/* Hosts whose free memory left differs by at most this share of the larger
 * are a tie, settled by their vCPU load. */
#define EVACUATE_MEMORY_TIE 0.10

static int by_memory(const void *a, const void *b)
{
	const struct evacuate_move *x = a, *y = b;
	if (x->vm->memory_kib != y->vm->memory_kib)
		return x->vm->memory_kib < y->vm->memory_kib ? 1 : -1;
	return strcmp(x->vm->name, y->vm->name);
}

/* The active datastore of H with the most room, or NULL. */
static const char *roomiest_pool(const struct inv_host *h)
{
	const struct inv_pool *best = NULL;
	for (size_t i = 0; i < h->npools; i++)
		if (h->pools[i].active && (!best || h->pools[i].available > best->available))
			best = &h->pools[i];
	return best ? best->name : NULL;
}

static int plan_for(struct plan *p, const struct plan *tmpl, const struct inv_vm *vm,
		    const char *target, const char *datastore)
{
	memset(p, 0, sizeof(*p));
	if (tmpl) {
		p->priority = tmpl->priority;
		p->max_downtime_ms = tmpl->max_downtime_ms;
		p->max_time_s = tmpl->max_time_s;
		p->bandwidth_mibs = tmpl->bandwidth_mibs;
		p->encrypt = tmpl->encrypt;
		p->connections = tmpl->connections;
		p->compress = tmpl->compress;
	}
	p->kind = datastore ? PLAN_KIND_BOTH : PLAN_KIND_COMPUTE;
	/* the host is emptied: a cold copy, once verified, leaves nothing behind
	 * (a live move with its disks never does) */
	p->delete_source = datastore && !plan_is_live(vm);
	p->vm = strdup(vm->name);
	p->target = strdup(target);
	p->datastore = datastore ? strdup(datastore) : NULL;
	return p->vm && p->target && (!datastore || p->datastore) ? 0 : -1;
}

/* The findings of moving VM to C's host (its disks along when the host does
 * not see them); *PLAN holds the plan they are for. */
static void try_host(struct inventory *inv, const struct config *cfg,
		     const struct evacuate_options *opt, const struct inv_vm *vm,
		     const struct candidate *c, struct plan *plan, struct findings *found)
{
	const char *name = c->host->cfg->name;
	struct check_facts facts;
	struct vm_error e;

	for (int pass = 0; pass < 2; pass++) {
		const char *ds = pass ? roomiest_pool(c->host) : NULL;
		if (pass && !ds)
			return;
		findings_free(found);
		plan_free(plan);
		if (plan_for(plan, opt->tmpl, vm, name, ds) < 0) {
			findings_add(found, FINDING_ERROR, "plan.memory", "",
				     "Out of memory while planning VM '%s'.", vm->name);
			return;
		}
		memset(&facts, 0, sizeof facts);
		int probed = probe_plan_opt(inv, plan, opt->probe, &facts, &e) == 0;
		checks_evaluate(inv, plan, probed ? &facts : NULL, cfg, found);
		/* disks the target cannot see: again, with them copied */
		if (!findings_has(found, "storage.not-shared"))
			return;
	}
}

/* 1 when the running VM fits in what C's host has free after the VMs the
 * plan gave it (a host that does not say what it has free: the checks'
 * own word stands). */
static int fits(const struct candidate *c, const struct inv_vm *vm, int live)
{
	return !live || mem_room_fit(c->host->mem_free_kib, c->given_kib,
				     vm->memory_kib) != MEM_ROOM_SHORT;
}

static long long room_left(const struct candidate *c)
{
	return mem_room_left(c->host->mem_free_kib, c->given_kib);
}

/* vCPUs of the running (and paused) VMs on C's host and of those the plan
 * gave it, per logical CPU; 0 when the host does not say its CPUs. */
static double load(const struct candidate *c)
{
	unsigned vcpus = c->given_vcpus;
	if (!c->host->cpus)
		return 0.0;
	for (size_t i = 0; i < c->host->nvms; i++)
		if (plan_is_live(&c->host->vms[i]))
			vcpus += c->host->vms[i].vcpus;
	return (double)vcpus / (double)c->host->cpus;
}

/* 1 when candidate A is a better home than B: more free memory left, or
 * about as much (EVACUATE_MEMORY_TIE) and a lighter vCPU load. */
static int better_home(const struct candidate *a, const struct candidate *b)
{
	long long ra = room_left(a), rb = room_left(b);
	long long top = ra > rb ? ra : rb, diff = ra > rb ? ra - rb : rb - ra;
	int tie = top > 0 ? (double)diff <= EVACUATE_MEMORY_TIE * (double)top : diff == 0;

	if (tie && load(a) != load(b))
		return load(a) < load(b);
	return ra > rb;
}

static void place(struct inventory *inv, const struct config *cfg,
		  const struct evacuate_options *opt, struct candidate *cands, size_t ncands,
		  struct evacuate_move *m)
{
	struct candidate *chosen = NULL;
	size_t best_errors = (size_t)-1;

	for (size_t i = 0; i < ncands; i++) {
		struct plan plan;
		struct findings found;
		memset(&plan, 0, sizeof plan);
		memset(&found, 0, sizeof found);
		try_host(inv, cfg, opt, m->vm, &cands[i], &plan, &found);
		int ok = found.errors == 0 && fits(&cands[i], m->vm, m->live);
		if (found.errors == 0 && !ok)
			findings_add(&found, FINDING_ERROR, "mem.planned", "Choose fewer VMs "
				     "for it, or another target (--to).", "Host %s has no room left "
				     "for VM '%s' (%llu MiB) once the VMs placed before it are counted.",
				     cands[i].host->cfg->name, m->vm->name, m->vm->memory_kib / 1024);
		int better = ok ? !chosen || better_home(&cands[i], chosen)
				: !chosen && found.errors < best_errors;
		if (better) {
			plan_free(&m->plan);
			findings_free(&m->findings);
			m->plan = plan;
			m->findings = found;
			m->checked = cands[i].host->cfg->name;
			best_errors = found.errors;
			if (ok)
				chosen = &cands[i];
		} else {
			plan_free(&plan);
			findings_free(&found);
		}
	}
	if (chosen) {
		if (m->live) {
			chosen->given_kib += m->vm->memory_kib;
			chosen->given_vcpus += m->vm->vcpus;
		}
	} else {
		plan_free(&m->plan);	/* it stays: no target */
		memset(&m->plan, 0, sizeof m->plan);
	}
}

static int excluded(const struct evacuate_options *opt, const struct inv_host *h)
{
	for (size_t i = 0; i < opt->nexclude; i++)
		if (strcmp(opt->exclude[i], h->cfg->name) == 0)
			return 1;
	return 0;
}

/* The candidates: OPT's targets, else every other host of HOST's cluster
 * (every other host when HOST is in none); the unreachable and the
 * excluded left out. */
static int candidates(struct inventory *inv, const struct inv_host *src,
		      const struct evacuate_options *opt, struct candidate **out, size_t *n,
		      struct vm_error *err)
{
	*out = calloc(inv->nhosts ? inv->nhosts : 1, sizeof **out);
	*n = 0;
	if (!*out) {
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	for (size_t i = 0; i < opt->ntargets; i++) {
		struct inv_host *h = inventory_host_find(inv, opt->targets[i]);
		if (!h) {
			vm_error_set(err, "Target host '%s' is not in the configuration.",
				     opt->targets[i]);
			vm_error_hint(err, "'virt-migrate hosts' lists the hosts.");
			return EVACUATE_BAD_NAME;
		}
		if (h == src) {
			vm_error_set(err, "Host %s cannot be a target of its own evacuation.",
				     opt->targets[i]);
			vm_error_hint(err, "Name other hosts with --to, or none: every other host "
				      "of its cluster is then a candidate.");
			return EVACUATE_BAD_NAME;
		}
		for (size_t k = 0; k < *n; k++)
			if ((*out)[k].host == h) {
				vm_error_set(err, "Target host '%s' is named twice.", opt->targets[i]);
				vm_error_hint(err, "Name each target once.");
				return EVACUATE_BAD_NAME;
			}
		if (h->reachable && !excluded(opt, h))
			(*out)[(*n)++].host = h;
	}
	if (opt->ntargets)
		return 0;
	const char *cluster = src->cfg->cluster;
	for (size_t i = 0; i < inv->nhosts; i++) {
		struct inv_host *h = &inv->hosts[i];
		const char *hc = h->cfg->cluster;
		if (h == src || !h->reachable || excluded(opt, h))
			continue;
		if (cluster ? hc && strcmp(hc, cluster) == 0 : !hc)
			(*out)[(*n)++].host = h;
	}
	return 0;
}

int evacuate_plan(struct inventory *inv, const struct config *cfg, const char *host,
		  const struct evacuate_options *opt, struct evacuate_plan *out,
		  struct vm_error *err)
{
	struct inv_host *src = inventory_host_find(inv, host);
	struct candidate *cands = NULL;
	size_t ncands = 0;

	memset(out, 0, sizeof(*out));
	vm_error_clear(err);
	if (!src) {
		vm_error_set(err, "Host '%s' is not in the configuration.", host);
		vm_error_hint(err, "'virt-migrate hosts' lists the hosts.");
		return EVACUATE_BAD_NAME;
	}
	if (!src->reachable) {
		vm_error_set(err, "Host %s cannot be read, so its VMs cannot be planned: %s",
			     host, src->error.message);
		vm_error_hint(err, "%s", src->error.hint);
		return -1;
	}
	int rc = candidates(inv, src, opt, &cands, &ncands, err);
	if (rc < 0) {
		free(cands);
		return rc;
	}
	out->host = src->cfg->name;
	out->moves = calloc(src->nvms ? src->nvms : 1, sizeof *out->moves);
	if (!out->moves) {
		free(cands);
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	out->nmoves = src->nvms;
	for (size_t i = 0; i < src->nvms; i++) {
		out->moves[i].vm = &src->vms[i];
		out->moves[i].live = plan_is_live(&src->vms[i]);
	}
	qsort(out->moves, out->nmoves, sizeof *out->moves, by_memory);
	for (size_t i = 0; i < out->nmoves; i++) {
		place(inv, cfg, opt, cands, ncands, &out->moves[i]);
		out->placed += out->moves[i].plan.target != NULL;
	}
	free(cands);
	return 0;
}

void evacuate_plan_free(struct evacuate_plan *p)
{
	for (size_t i = 0; p && i < p->nmoves; i++) {
		plan_free(&p->moves[i].plan);
		findings_free(&p->moves[i].findings);
	}
	if (p) {
		free(p->moves);
		memset(p, 0, sizeof(*p));
	}
}

/* engine/evacuate_run.c — an evacuation, run: the plan's moves at once
 * within the hosts' limits (migration_batch_run()), round after round.  A
 * round ends early when one of its moves fails (the batch starts no more);
 * the hosts are then read again and the VMs that were waiting are planned
 * anew, without the targets that failed or can no longer be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "evacuate_forecast.h"
#include "forecast.h"

struct runner {
	struct inventory *inv;
	const struct config *cfg;
	const struct evacuate_options *opt;
	struct evacuate_run *run;
	evacuate_event_fn fn;
	void *user;
	size_t *index;		/* a round's plan -> RUN's vm */
	unsigned round;
};

const char *evacuate_outcome_name(enum evacuate_outcome o)
{
	switch (o) {
	case EVACUATE_WAITING:
		return "waiting";
	case EVACUATE_MOVED:
		return "moved";
	case EVACUATE_STAYS:
		return "stays";
	case EVACUATE_FAILED:
		return "failed";
	case EVACUATE_CANCELLED:
		return "cancelled";
	case EVACUATE_GONE:
		return "gone";
	}
	return "?";
}

static void event(struct runner *r, enum evacuate_event_kind kind, size_t index,
		  const char *host, const char *why, const char *name)
{
	struct evacuate_event ev = { .kind = kind, .round = r->round, .index = index,
				     .host = host, .why = why, .name = name };
	if (r->fn)
		r->fn(r->run, &ev, r->user);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int add_name(char ***list, size_t *n, const char *name)
{
	char **l = realloc(*list, (*n + 1) * sizeof **list);
	if (!l)
		return -1;
	*list = l;
	if (!(l[*n] = strdup(name)))
		return -1;
	(*n)++;
	return 0;
}

static int taken_out(const struct evacuate_run *run, const char *host)
{
	for (size_t i = 0; i < run->ntaken_out; i++)
		if (strcmp(run->taken_out[i], host) == 0)
			return 1;
	return 0;
}

static void take_out(struct runner *r, const char *host, const char *why)
{
	struct evacuate_run *run = r->run;
	size_t n = run->ntaken_out;

	if (taken_out(run, host))
		return;
	if (add_name(&run->taken_out, &run->ntaken_out, host) != 0)
		return;
	if (add_name(&run->taken_out_why, &n, why) != 0) {
		run->ntaken_out--;
		free(run->taken_out[run->ntaken_out]);
		return;
	}
	event(r, EVACUATE_EV_TAKEN_OUT, 0, host, why, NULL);
}

static struct evacuate_vm *find_vm(struct evacuate_run *run, const char *name)
{
	for (size_t i = 0; i < run->nvms; i++)
		if (strcmp(run->vms[i].vm, name) == 0)
			return &run->vms[i];
	return NULL;
}

/* The first round's plan: every VM of the host, as evacuate_plan() ordered
 * them; the plans are taken from EP. */
static int first_plan(struct evacuate_run *run, struct evacuate_plan *ep)
{
	run->host = strdup(ep->host);
	run->vms = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *run->vms);
	if (!run->host || !run->vms)
		return -1;
	run->nvms = ep->nmoves;
	for (size_t i = 0; i < ep->nmoves; i++) {
		struct evacuate_vm *v = &run->vms[i];
		struct evacuate_move *m = &ep->moves[i];
		if (!(v->vm = strdup(m->vm->name)))
			return -1;
		v->live = m->live;
		v->memory_kib = m->vm->memory_kib;
		v->outcome = EVACUATE_WAITING;
	}
	return 0;
}

/* Give each waiting VM of RUN its move in EP (taken from it), or the
 * findings that keep it; VMs of EP the run does not know appeared. */
static void adopt(struct runner *r, struct evacuate_plan *ep)
{
	struct evacuate_run *run = r->run;

	for (size_t i = 0; i < ep->nmoves; i++) {
		struct evacuate_move *m = &ep->moves[i];
		struct evacuate_vm *v = find_vm(run, m->vm->name);
		if (!v) {
			int known = 0;
			for (size_t k = 0; k < run->nappeared; k++)
				known |= strcmp(run->appeared[k], m->vm->name) == 0;
			if (!known && add_name(&run->appeared, &run->nappeared, m->vm->name) == 0)
				event(r, EVACUATE_EV_APPEARED, 0, NULL, NULL, m->vm->name);
			continue;
		}
		if (v->outcome != EVACUATE_WAITING)
			continue;
		plan_free(&v->plan);
		findings_free(&v->findings);
		free(v->checked);
		v->plan = m->plan;
		memset(&m->plan, 0, sizeof m->plan);
		v->findings = m->findings;
		memset(&m->findings, 0, sizeof m->findings);
		v->checked = dup_or_null(m->checked);
		plan_free(&v->back);
		if (v->plan.target)
			evacuate_return_plan(m->vm, run->host, &v->plan, &v->back);
	}
}

/* Waiting VMs of RUN that EP does not hold left the host meanwhile. */
static void mark_gone(struct runner *r, const struct evacuate_plan *ep)
{
	for (size_t i = 0; i < r->run->nvms; i++) {
		struct evacuate_vm *v = &r->run->vms[i];
		int there = 0;
		if (v->outcome != EVACUATE_WAITING)
			continue;
		for (size_t k = 0; k < ep->nmoves && !there; k++)
			there = strcmp(ep->moves[k].vm->name, v->vm) == 0;
		if (there)
			continue;
		struct inv_host *h = NULL;
		inventory_vm_find(r->inv, v->vm, &h);
		v->now_on = h ? strdup(h->cfg->name) : NULL;
		v->outcome = EVACUATE_GONE;
		event(r, EVACUATE_EV_ENDED, i, NULL, NULL, NULL);
	}
}

static void on_progress(size_t index, const struct migration_progress *p, void *user)
{
	struct runner *r = user;
	struct evacuate_event ev = { .kind = EVACUATE_EV_PROGRESS, .round = r->round,
				     .index = r->index[index], .progress = p };
	if (r->fn)
		r->fn(r->run, &ev, r->user);
}

/* The forecast of each of the N moves of PLANS as its history record keeps
 * it (plans[k].forecast_json, pointing into the array returned: free each
 * and it after the round), every live VM sampled at once; NULL when out of
 * memory (the records say null). */
static char **forecast_round(struct runner *r, struct plan *plans, size_t n)
{
	const struct plan **p = calloc(n, sizeof *p);
	struct forecast *fc = calloc(n, sizeof *fc);
	char **json = calloc(n, sizeof *json);

	if (!p || !fc || !json) {
		free(p);
		free(fc);
		free(json);
		return NULL;
	}
	for (size_t k = 0; k < n; k++)
		p[k] = &plans[k];
	evacuate_forecast_plans(r->inv, r->cfg, p, n, fc);
	for (size_t k = 0; k < n; k++) {
		json[k] = forecast_json_record(&fc[k]);
		plans[k].forecast_json = json[k];
		engine_log("evacuate: forecast of '%s': %s", plans[k].vm,
			   forecast_verdict_name(fc[k].verdict));
	}
	free(p);
	free(fc);
	return json;
}

/* Run the round's placed moves.  Returns how many ended in a state that
 * lets another round go on (not started for want of the batch), or 0. */
static size_t run_round(struct runner *r, struct migration_cancel *cancel)
{
	struct evacuate_run *run = r->run;
	struct plan *plans = calloc(run->nvms ? run->nvms : 1, sizeof *plans);
	struct migration_result *res = calloc(run->nvms ? run->nvms : 1, sizeof *res);
	size_t n = 0, again = 0;

	r->index = calloc(run->nvms ? run->nvms : 1, sizeof *r->index);
	if (!plans || !res || !r->index) {
		free(plans);
		free(res);
		free(r->index);
		r->index = NULL;
		return 0;
	}
	for (size_t i = 0; i < run->nvms; i++) {
		struct evacuate_vm *v = &run->vms[i];
		if (v->outcome != EVACUATE_WAITING)
			continue;
		if (!v->plan.target) {
			v->outcome = EVACUATE_STAYS;
			event(r, EVACUATE_EV_ENDED, i, NULL, NULL, NULL);
			continue;
		}
		plans[n] = v->plan;	/* shallow: RUN keeps it */
		r->index[n++] = i;
	}
	struct evacuate_event ev = { .kind = EVACUATE_EV_PLANNED, .round = r->round, .starting = n };
	if (r->fn)
		r->fn(run, &ev, r->user);
	char **fjson = n ? forecast_round(r, plans, n) : NULL;
	if (n)
		migration_batch_run(r->inv, plans, n, 1, r->cfg, on_progress, r, cancel, res);
	for (size_t k = 0; fjson && k < n; k++)
		free(fjson[k]);
	free(fjson);
	for (size_t k = 0; k < n; k++) {
		struct evacuate_vm *v = &run->vms[r->index[k]];
		const struct migration_result *x = &res[k];
		v->result = *x;
		v->round = r->round;
		if (x->outcome == MIGRATION_DONE) {
			v->outcome = EVACUATE_MOVED;
		} else if (x->outcome == MIGRATION_CANCELLED ||
			   (cancel && cancel->requested && x->outcome == MIGRATION_NOT_STARTED)) {
			v->outcome = EVACUATE_CANCELLED;
		} else if (x->outcome == MIGRATION_NOT_STARTED && !x->refused) {
			again++;	/* waits for the next round */
			v->round = 0;
			continue;
		} else {
			v->outcome = EVACUATE_FAILED;
			if (!x->refused && v->plan.target) {
				char why[600];
				snprintf(why, sizeof why, "the move of VM '%s' to it failed: %s",
					 v->vm, x->error.message);
				take_out(r, v->plan.target, why);
			}
		}
		event(r, EVACUATE_EV_ENDED, r->index[k], NULL, NULL, NULL);
	}
	free(plans);
	free(res);
	free(r->index);
	r->index = NULL;
	return again;
}

/* Read the hosts again, in place, as INV was read. */
static int reload(struct runner *r, struct vm_error *err)
{
	struct inventory_options o = r->inv->opt;
	const struct config *cfg = r->inv->cfg ? r->inv->cfg : r->cfg;

	inventory_free(r->inv);
	memset(r->inv, 0, sizeof *r->inv);
	return inventory_load(cfg, &o, r->inv, err);
}

/* Every VM still waiting stays: the run cannot go on (WHY). */
static void end_waiting(struct runner *r, const char *why, const char *hint)
{
	for (size_t i = 0; i < r->run->nvms; i++) {
		struct evacuate_vm *v = &r->run->vms[i];
		if (v->outcome != EVACUATE_WAITING)
			continue;
		v->outcome = EVACUATE_STAYS;
		v->result.outcome = MIGRATION_NOT_STARTED;
		v->result.downtime_ms = -1;
		vm_error_set(&v->result.error, "%s", why);
		if (hint)
			vm_error_hint(&v->result.error, "%s", hint);
		event(r, EVACUATE_EV_ENDED, i, NULL, NULL, NULL);
	}
}

/* Targets of the new inventory that can no longer be read are out. */
static void take_out_unreachable(struct runner *r)
{
	for (size_t i = 0; i < r->inv->nhosts; i++) {
		const struct inv_host *h = &r->inv->hosts[i];
		if (h->reachable || strcmp(h->cfg->name, r->run->host) == 0)
			continue;
		int used = 0;
		for (size_t k = 0; k < r->run->nvms && !used; k++)
			used = r->run->vms[k].plan.target &&
			       strcmp(r->run->vms[k].plan.target, h->cfg->name) == 0;
		if (used) {
			char why[600];
			snprintf(why, sizeof why, "it can no longer be read: %s", h->error.message);
			take_out(r, h->cfg->name, why);
		}
	}
}

static int save_record(struct runner *r, const char *record, struct vm_error *err)
{
	return record ? evacuate_record_save(r->run, record, err) : 0;
}

int evacuate_run(struct inventory *inv, const struct config *cfg, struct evacuate_plan *ep,
		 const struct evacuate_options *opt, const char *record,
		 evacuate_event_fn fn, void *user, struct migration_cancel *cancel,
		 struct evacuate_run *out, struct vm_error *err)
{
	struct runner r = { .inv = inv, .cfg = cfg, .opt = opt, .run = out, .fn = fn,
			    .user = user, .round = 1 };
	struct evacuate_options o = *opt;
	const char *host = ep->host;
	struct vm_error e;

	memset(out, 0, sizeof *out);
	vm_error_clear(err);
	if (first_plan(out, ep) != 0) {
		evacuate_run_free(out);
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	adopt(&r, ep);
	if (save_record(&r, record, err) != 0) {
		evacuate_run_free(out);
		return -1;
	}
	/* each round moves a VM, finds one gone, or ends the run */
	for (unsigned left = (unsigned)out->nvms + 1; left; left--) {
		out->rounds = r.round;
		size_t again = run_round(&r, cancel);
		if (!again)
			break;
		if (cancel && cancel->requested) {
			for (size_t i = 0; i < out->nvms; i++)
				if (out->vms[i].outcome == EVACUATE_WAITING) {
					out->vms[i].outcome = EVACUATE_CANCELLED;
					event(&r, EVACUATE_EV_ENDED, i, NULL, NULL, NULL);
				}
			break;
		}
		r.round++;
		if (reload(&r, &e) != 0) {
			end_waiting(&r, e.message, e.hint);
			break;
		}
		take_out_unreachable(&r);
		o.exclude = (const char *const *)out->taken_out;
		o.nexclude = out->ntaken_out;
		struct evacuate_plan again_ep;
		if (evacuate_plan(inv, cfg, host, &o, &again_ep, &e) != 0) {
			end_waiting(&r, e.message, e.hint);
			break;
		}
		adopt(&r, &again_ep);
		mark_gone(&r, &again_ep);
		evacuate_plan_free(&again_ep);
		if (save_record(&r, record, &e) != 0) {
			end_waiting(&r, e.message, e.hint);
			break;
		}
	}
	end_waiting(&r, "Not started: the evacuation ended before its turn.", NULL);
	if (save_record(&r, record, &e) != 0)
		vm_error_set(err, "%s", e.message);	/* the run is over: said, not fatal */
	for (size_t i = 0; i < out->nvms; i++)
		if (out->vms[i].outcome != EVACUATE_MOVED)
			return 1;
	return 0;
}

void evacuate_run_free(struct evacuate_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nvms; i++) {
		free(r->vms[i].vm);
		plan_free(&r->vms[i].plan);
		plan_free(&r->vms[i].back);
		findings_free(&r->vms[i].findings);
		free(r->vms[i].checked);
		free(r->vms[i].now_on);
	}
	free(r->vms);
	for (size_t i = 0; i < r->nappeared; i++)
		free(r->appeared[i]);
	free(r->appeared);
	for (size_t i = 0; i < r->ntaken_out; i++) {
		free(r->taken_out[i]);
		free(r->taken_out_why[i]);
	}
	free(r->taken_out);
	free(r->taken_out_why);
	free(r->host);
	memset(r, 0, sizeof *r);
}

/* engine/evacuate_makespan.c — the expected makespan of a batch of moves
 * (an evacuation's placed moves), and its lower bound: what each move
 * sends, at the rate the facts give its link, run through the batch
 * runner's own admission (batch_next()) as a fluid simulation -- the moves
 * running at once share their links fairly (max-min), each under its own
 * cap -- and the busiest host's, datastore's or link's work over what it
 * does at once.  The rule and its limits: engine/evacuate_makespan.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inventory_int.h"
#include "batch_int.h"
#include "evacuate_makespan.h"
#include "link_figure.h"

#define MIB 1048576.0
#define NO_LIMIT 1e300

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int stays(const struct evacuate_makespan_move *mv)
{
	return same(mv->src, mv->dst);
}

/* The throughput of the link move I runs on: the lowest figure the moves
 * of the same source and target give it (they are one link); 0: none. */
static double pair_cap(const struct evacuate_makespan *m, size_t i)
{
	const struct evacuate_makespan_move *a = &m->moves[i];
	double cap = 0.0;

	for (size_t j = 0; j < m->nmoves; j++) {
		const struct evacuate_makespan_move *b = &m->moves[j];

		if (same(a->src, b->src) && same(a->dst, b->dst) && b->link_mibs > 0.0 &&
		    (cap == 0.0 || b->link_mibs < cap))
			cap = b->link_mibs;
	}
	return cap;
}

/* What move I gets alone at its fastest, MiB/s: its link, its cap (a
 * stream only), the configured link of its source. */
static double alone_rate(const struct evacuate_makespan *m, const struct batch_item *it,
			 const double *cap, size_t i)
{
	double r = pair_cap(m, i);

	if (m->moves[i].streamed && cap[i] > 0.0 && cap[i] < r)
		r = cap[i];
	if (it[i].link_mibs > 0.0 && it[i].link_mibs < r)
		r = it[i].link_mibs;
	return r;
}

/* ---- the rates of the moves running at once (progressive filling) ---- */

struct running {
	size_t *idx;		/* the running moves */
	size_t n;
	double *rate;		/* MiB/s, per move */
	int *frozen;
};

/* The room left on the link (PAIR) or the configured source link (else)
 * of move I, and how many unfrozen running moves share it. */
static double room(const struct evacuate_makespan *m, const struct batch_item *it,
		   const struct running *r, size_t i, int pair, size_t *sharing)
{
	double cap = pair ? pair_cap(m, i) : it[i].link_mibs, used = 0.0;

	*sharing = 0;
	for (size_t k = 0; k < r->n; k++) {
		size_t j = r->idx[k];
		int on = pair ? same(m->moves[j].src, m->moves[i].src) &&
				same(m->moves[j].dst, m->moves[i].dst)
			      : same(m->moves[j].src, m->moves[i].src) && !stays(&m->moves[j]);

		if (!on)
			continue;
		used += r->rate[j];
		*sharing += !r->frozen[j];
	}
	return cap - used;
}

static void allocate(const struct evacuate_makespan *m, const struct batch_item *it,
		     const double *cap, struct running *r)
{
	for (size_t k = 0; k < r->n; k++) {
		r->rate[r->idx[k]] = 0.0;
		r->frozen[r->idx[k]] = 0;
	}
	for (;;) {
		double step = NO_LIMIT;
		size_t open = 0, sharing;

		for (size_t k = 0; k < r->n; k++) {
			size_t i = r->idx[k];
			if (r->frozen[i])
				continue;
			open++;
			if (m->moves[i].streamed && cap[i] > 0.0 && cap[i] - r->rate[i] < step)
				step = cap[i] - r->rate[i];
			double left = room(m, it, r, i, 1, &sharing);
			if (sharing && left / (double)sharing < step)
				step = left / (double)sharing;
			if (it[i].link_mibs > 0.0 && !stays(&m->moves[i])) {
				left = room(m, it, r, i, 0, &sharing);
				if (sharing && left / (double)sharing < step)
					step = left / (double)sharing;
			}
		}
		if (!open || step >= NO_LIMIT)
			return;
		step = step > 0.0 ? step : 0.0;
		for (size_t k = 0; k < r->n; k++)
			if (!r->frozen[r->idx[k]])
				r->rate[r->idx[k]] += step;
		for (size_t k = 0; k < r->n; k++) {
			size_t i = r->idx[k];
			double eps = 1e-9 * (pair_cap(m, i) + 1.0);
			if (r->frozen[i])
				continue;
			if ((m->moves[i].streamed && cap[i] > 0.0 && r->rate[i] >= cap[i] - eps) ||
			    room(m, it, r, i, 1, &sharing) <= eps ||
			    (it[i].link_mibs > 0.0 && !stays(&m->moves[i]) &&
			     room(m, it, r, i, 0, &sharing) <= eps))
				r->frozen[i] = 1;
		}
	}
}

/* ---- the lower bound ---- */

struct bound {
	double s;
	char *by;
	size_t len;
};

static void consider(struct bound *b, double s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void consider(struct bound *b, double s, const char *fmt, ...)
{
	va_list ap;

	if (s <= b->s)
		return;
	b->s = s;
	va_start(ap, fmt);
	vsnprintf(b->by, b->len, fmt, ap);
	va_end(ap);
}

/* WANT 0: host units; 1: SSH connections; 2: migration ports, of NAME
 * (1 and 2: held as a target); over its limit, in seconds. */
static double host_work(const struct evacuate_makespan *m, const struct batch_item *it,
			const char *name, int want, double *limit)
{
	double work = 0.0;

	*limit = want == 0 ? BATCH_HOST_UNITS : 0.0;
	for (size_t i = 0; i < m->nmoves; i++) {
		if (want == 0 && (same(it[i].src, name) || same(it[i].dst, name))) {
			work += it[i].host_cost * m->moves[i].alone_s;
		} else if (want && same(it[i].dst, name) && !same(it[i].src, it[i].dst)) {
			unsigned lim = want == 1 ? it[i].dst_startups : it[i].dst_ports;
			work += (want == 1 ? it[i].sessions : it[i].ports) * m->moves[i].alone_s;
			*limit = lim ? (double)lim : *limit;
		}
	}
	return *limit > 0.0 ? work / *limit : 0.0;
}

static void lower_bound(struct evacuate_makespan *m, const struct batch_item *it)
{
	struct bound b = { 0.0, m->bound_by, sizeof m->bound_by };
	size_t n = m->nmoves;
	double limit;

	m->bound_by[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct evacuate_makespan_move *mv = &m->moves[i];
		double sum = 0.0, by_src = 0.0;

		consider(&b, mv->alone_s, "VM %s's own move", mv->vm);
		consider(&b, host_work(m, it, mv->src, 0, &limit), "host %s's moves at once", mv->src);
		consider(&b, host_work(m, it, mv->dst, 0, &limit), "host %s's moves at once", mv->dst);
		consider(&b, host_work(m, it, mv->dst, 1, &limit), "host %s's SSH start limit",
			 mv->dst);
		consider(&b, host_work(m, it, mv->dst, 2, &limit), "host %s's migration ports",
			 mv->dst);
		for (size_t d = 0; d < it[i].nds; d++) {
			double w = 0.0;
			for (size_t j = 0; j < n; j++)
				for (size_t e = 0; e < it[j].nds; e++)
					if (same(it[j].ds[e], it[i].ds[d]))
						w += it[j].ds_cost * m->moves[j].alone_s;
			if (strncmp(it[i].ds[d], "shared:", 7) == 0)	/* batch_limits' key */
				consider(&b, w / BATCH_DATASTORE_UNITS, "shared datastore %s",
					 it[i].ds[d] + 7);
			else
				consider(&b, w / BATCH_DATASTORE_UNITS, "datastore %s", it[i].ds[d]);
		}
		if (stays(mv))
			continue;
		for (size_t j = 0; j < n; j++) {
			if (!same(m->moves[j].src, mv->src) || stays(&m->moves[j]))
				continue;
			by_src += (double)m->moves[j].bytes;
			if (same(m->moves[j].dst, mv->dst))
				sum += (double)m->moves[j].bytes;
		}
		if (pair_cap(m, i) > 0.0)
			consider(&b, sum / (pair_cap(m, i) * MIB), "link %s -> %s", mv->src, mv->dst);
		if (it[i].link_mibs > 0.0)
			consider(&b, by_src / (it[i].link_mibs * MIB), "host %s's link", mv->src);
	}
	m->lower_bound_s = b.s;
}

/* ---- the run ---- */

/* The VM's name as one shell word: as it is when it needs no quoting. */
static int plain_word(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+", *s))
			return 0;
	return 1;
}

static void no_figure(struct evacuate_makespan *m, const struct evacuate_makespan_move *mv)
{
	char *q = plain_word(mv->vm) ? NULL : shquote(mv->vm);

	snprintf(m->unknown_reason, sizeof m->unknown_reason,
		 "no throughput figure for %s -> %s; measure it with 'virt-migrate check %s "
		 "--host %s --measure-link', or set link_gbps for both hosts in the config",
		 mv->src, mv->dst, q ? q : mv->vm, mv->dst);
	free(q);
}

/* OUT unknown, for a move without a figure or one that can never start:
 * 1; else 0. */
static int unknown(struct evacuate_makespan *m, const struct batch_item *it)
{
	for (size_t i = 0; i < m->nmoves; i++)
		if (batch_never(&it[i]) != BATCH_FITS) {
			snprintf(m->unknown_reason, sizeof m->unknown_reason,
				 "VM %s can never move to host %s within its limits (see the "
				 "targets' limits)", m->moves[i].vm, m->moves[i].dst);
			return 1;
		}
	for (size_t i = 0; i < m->nmoves; i++) {
		const struct evacuate_makespan_move *mv = &m->moves[i];

		if (!mv->bytes || mv->link_mibs > 0.0)
			continue;
		if (stays(mv))
			snprintf(m->unknown_reason, sizeof m->unknown_reason,
				 "no throughput figure for the copy of VM %s within host %s (the "
				 "speed of its disks is not measured)", mv->vm, mv->src);
		else
			no_figure(m, mv);
		return 1;
	}
	return 0;
}

/* Run the moves: 0, or -1 when the runner would stall (never: batch_next()
 * starts a waiting move whenever none runs). */
static int simulate(struct evacuate_makespan *m, struct batch_item *it, const double *cap,
		    double *left, struct running *r)
{
	size_t n = m->nmoves, done = 0;
	double t = 0.0;
	long k;

	for (size_t i = 0; i < n; i++) {
		it[i].state = BATCH_WAITING;
		left[i] = (double)m->moves[i].bytes;
	}
	while (done < n) {
		while ((k = batch_next(it, n)) >= 0) {
			it[k].state = BATCH_RUNNING;
			m->moves[k].start_s = t;
		}
		r->n = 0;
		for (size_t i = 0; i < n; i++)
			if (it[i].state == BATCH_RUNNING)
				r->idx[r->n++] = i;
		if (!r->n)
			return -1;
		int ended = 0;
		for (size_t q = 0; q < r->n; q++)
			if (left[r->idx[q]] <= 0.0) {
				it[r->idx[q]].state = BATCH_FINISHED;
				m->moves[r->idx[q]].end_s = t;
				done++;
				ended = 1;
			}
		if (ended)
			continue;
		allocate(m, it, cap, r);
		double dt = NO_LIMIT;
		size_t first = r->idx[0];
		for (size_t q = 0; q < r->n; q++) {
			size_t i = r->idx[q];
			if (r->rate[i] > 0.0 && left[i] / (r->rate[i] * MIB) < dt) {
				dt = left[i] / (r->rate[i] * MIB);
				first = i;
			}
		}
		if (dt >= NO_LIMIT)
			return -1;
		t += dt;
		for (size_t q = 0; q < r->n; q++) {
			size_t i = r->idx[q];
			left[i] -= r->rate[i] * MIB * dt;
			if (i == first || left[i] <= 1e-9 * (double)m->moves[i].bytes)
				left[i] = 0.0;
		}
	}
	m->seconds = 0.0;
	for (size_t i = 0; i < n; i++)
		m->seconds = m->moves[i].end_s > m->seconds ? m->moves[i].end_s : m->seconds;
	return 0;
}

int evacuate_makespan_simulate(const struct batch_item *items, struct evacuate_makespan *out)
{
	size_t n = out->nmoves, m1 = n ? n : 1;
	struct batch_item *it = malloc(m1 * sizeof *it);
	double *cap = calloc(m1, sizeof *cap), *left = calloc(m1, sizeof *left);
	struct running r = { calloc(m1, sizeof *r.idx), 0, calloc(m1, sizeof *r.rate),
			     calloc(m1, sizeof *r.frozen) };
	int rc = 0;

	out->seconds = out->lower_bound_s = -1.0;
	out->bound_by[0] = out->unknown_reason[0] = '\0';
	for (size_t i = 0; i < n; i++)
		out->moves[i].alone_s = out->moves[i].start_s = out->moves[i].end_s = -1.0;
	if (!it || !cap || !left || !r.idx || !r.rate || !r.frozen) {
		snprintf(out->unknown_reason, sizeof out->unknown_reason, "out of memory");
		rc = -1;
		goto out;
	}
	if (n)
		memcpy(it, items, n * sizeof *it);
	if (unknown(out, it))
		goto out;
	for (size_t i = 0; i < n; i++) {
		it[i].state = BATCH_WAITING;
		/* the runner's cap for it: the plan's own, the configured link's share */
		cap[i] = out->moves[i].streamed ? (double)batch_share(it, n, i) : 0.0;
	}
	for (size_t i = 0; i < n; i++) {
		double rate = alone_rate(out, it, cap, i);
		out->moves[i].alone_s = out->moves[i].bytes ? (double)out->moves[i].bytes /
				       (rate * MIB) : 0.0;
	}
	if (simulate(out, it, cap, left, &r) < 0) {
		snprintf(out->unknown_reason, sizeof out->unknown_reason,
			 "the batch runner would start none of the moves left");
		out->seconds = -1.0;
		goto out;
	}
	lower_bound(out, it);
out:
	free(it);
	free(cap);
	free(left);
	free(r.idx);
	free(r.rate);
	free(r.frozen);
	return rc;
}

/* ---- the moves, from the inventory and the facts ---- */

/* One link's figure, looked up once per batch. */
struct link_fig {
	const struct inv_host *src, *dst;
	double mibs;
	const char *figure;
};

/* The link's figure by the one rule (engine/link_figure.c), from its facts
 * (the cache; read on the hosts when not cached, as probe_plan() does). */
static double probed_figure(struct inventory *inv, const struct config *cfg,
			    const struct inv_host *src, const struct inv_host *dst,
			    const char **figure)
{
	struct check_facts facts;

	memset(&facts, 0, sizeof facts);
	facts.now = (long long)time(NULL);
	probe_link(inv, NULL, src, dst, &facts);
	return link_figure(cfg, src, dst, &facts.link, figure);
}

static void describe(struct inventory *inv, const struct config *cfg, const struct plan *p,
		     struct link_fig *figs, size_t *nfigs, struct evacuate_makespan_move *mv)
{
	struct inv_host *src = NULL, *dst;
	const struct inv_vm *vm = inventory_vm_find(inv, p->vm, &src);
	int change;

	/* as batch_limits_describe() sees it */
	dst = p->target ? inventory_host_find(inv, p->target) : src;
	change = plan_kind_needs_host(p->kind) && dst != src;
	mv->vm = vm->name;
	mv->src = src->cfg->name;
	mv->dst = dst->cfg->name;
	mv->streamed = change && plan_is_streamed(vm);
	mv->link_mibs = 0.0;
	mv->figure = NULL;
	if (!change)
		mv->dst = mv->src;	/* a copy within the host: no link */
	mv->bytes = mv->streamed ? vm->memory_kib * 1024ULL : 0;
	for (size_t d = 0; d < vm->ndisks; d++) {
		const struct inv_disk *k = &vm->disks[d];
		if (disk_destination(p, k, change))
			mv->bytes += k->allocation ? k->allocation : k->capacity;
	}
	if (!change)
		return;
	for (size_t f = 0; f < *nfigs; f++)
		if (figs[f].src == src && figs[f].dst == dst) {
			mv->link_mibs = figs[f].mibs;
			mv->figure = figs[f].figure;
			return;
		}
	mv->link_mibs = probed_figure(inv, cfg, src, dst, &mv->figure);
	figs[*nfigs] = (struct link_fig){ src, dst, mv->link_mibs, mv->figure };
	(*nfigs)++;
}

int evacuate_makespan_plans(struct inventory *inv, const struct config *cfg,
			    const struct plan *plans, size_t n, struct evacuate_makespan *out,
			    struct vm_error *err)
{
	size_t m1 = n ? n : 1, ntargets = 0, nfigs = 0;
	struct batch_item *items = calloc(m1, sizeof *items);
	char (*keys)[BATCH_MAX_DATASTORES][BATCH_KEY_LEN] = calloc(m1, sizeof *keys);
	struct batch_target *targets = calloc(m1, sizeof *targets);
	struct link_fig *figs = calloc(m1, sizeof *figs);
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->seconds = out->lower_bound_s = -1.0;
	vm_error_clear(err);
	out->moves = calloc(m1, sizeof *out->moves);
	if (!items || !keys || !targets || !figs || !out->moves) {
		vm_error_set(err, "Out of memory while estimating the makespan.");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (batch_limits_describe(inv, cfg, &plans[i], targets, &ntargets, &items[i],
					  keys[i], err) < 0)
			goto done;
	out->nmoves = n;
	for (size_t i = 0; i < n; i++)
		describe(inv, cfg, &plans[i], figs, &nfigs, &out->moves[i]);
	if (evacuate_makespan_simulate(items, out) < 0) {
		vm_error_set(err, "Out of memory while estimating the makespan.");
		goto done;
	}
	rc = 0;
done:
	free(items);
	free(keys);
	free(targets);
	free(figs);
	return rc;
}

int evacuate_makespan_plan(struct inventory *inv, const struct config *cfg,
			   const struct evacuate_plan *ep, struct evacuate_makespan *out,
			   struct vm_error *err)
{
	struct plan *plans = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *plans);
	size_t n = 0;
	int rc;

	if (!plans) {
		memset(out, 0, sizeof *out);
		out->seconds = out->lower_bound_s = -1.0;
		vm_error_set(err, "Out of memory while estimating the makespan.");
		return -1;
	}
	for (size_t i = 0; i < ep->nmoves; i++)
		if (ep->moves[i].plan.target)
			plans[n++] = ep->moves[i].plan;	/* borrowed */
	rc = evacuate_makespan_plans(inv, cfg, plans, n, out, err);
	free(plans);
	return rc;
}

void evacuate_makespan_free(struct evacuate_makespan *m)
{
	if (!m)
		return;
	free(m->moves);
	m->moves = NULL;
	m->nmoves = 0;
}

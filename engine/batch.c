/* engine/batch.c — several migrations: one after the other, or at once
 * within the concurrency limits (admission rules in batch_sched.c). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "batch_int.h"

struct batch {
	struct inventory *inv;
	const struct plan *plans;
	struct plan *run_plans;		/* shallow copies with the link share */
	struct batch_item *items;
	char (*keys)[BATCH_MAX_DATASTORES][320];
	size_t n;
	const struct config *cfg;
	migration_batch_fn fn;
	void *user;
	struct migration_cancel *cancel;
	struct migration_result *results;
	pthread_mutex_t lock;		/* items' states, stop */
	pthread_cond_t changed;
	pthread_mutex_t report;		/* one progress call at a time */
	int stop;			/* a failure or a cancel: admit no more */
};

struct worker {
	struct batch *b;
	size_t index;
	pthread_t thread;
	int started;
};

static void not_started(struct migration_result *r, const char *why)
{
	memset(r, 0, sizeof *r);
	r->outcome = MIGRATION_NOT_STARTED;
	r->downtime_ms = -1;
	vm_error_set(&r->error, "%s", why);
}

static void add_key(struct batch *b, size_t i, const char *host, const struct inv_host *h,
		    const char *pool)
{
	struct batch_item *it = &b->items[i];
	const struct inv_pool *p = h ? inv_host_pool(h, pool) : NULL;
	char key[320];

	if (p && p->shared && p->path)
		snprintf(key, sizeof key, "shared:%s", p->path);
	else
		snprintf(key, sizeof key, "%s/%s", host, pool);
	for (size_t k = 0; k < it->nds; k++)
		if (strcmp(it->ds[k], key) == 0)
			return;
	if (it->nds == BATCH_MAX_DATASTORES)
		return;
	memcpy(b->keys[i][it->nds], key, sizeof key);
	it->ds[it->nds] = b->keys[i][it->nds];
	it->nds++;
}

static double link_mibs(const struct config *cfg, const struct inv_host *h)
{
	double gbps = h->cfg && h->cfg->link_gbps > 0.0 ? h->cfg->link_gbps :
		      (cfg ? cfg->defaults.link_gbps : 0.0);

	return gbps > 0.0 ? gbps * 1e9 / 8.0 / 1048576.0 : 0.0;
}

/* What plan I claims; -1 (its result filled) when its VM or host is unknown. */
static int describe(struct batch *b, size_t i)
{
	const struct plan *p = &b->plans[i];
	struct batch_item *it = &b->items[i];
	struct inv_host *src = NULL, *dst;
	struct inv_vm *vm = inventory_vm_find(b->inv, p->vm, &src);
	int live, copies = 0;

	if (!vm || !src) {
		not_started(&b->results[i], "");
		vm_error_set(&b->results[i].error,
			     "VM '%s' is on none of the reachable hosts; nothing was done.", p->vm);
		return -1;
	}
	dst = p->target ? inventory_host_find(b->inv, p->target) : src;
	if (!dst) {
		not_started(&b->results[i], "");
		vm_error_set(&b->results[i].error,
			     "Host '%s' is not in the config; nothing was done.", p->target);
		return -1;
	}
	live = plan_kind_needs_host(p->kind) && plan_is_live(vm);
	for (size_t d = 0; d < vm->ndisks; d++) {
		const char *to = disk_destination(p, &vm->disks[d],
						  plan_kind_needs_host(p->kind) && dst != src);

		if (!to)
			continue;
		copies = 1;
		if (vm->disks[d].pool)
			add_key(b, i, src->cfg->name, src, vm->disks[d].pool);
		add_key(b, i, dst->cfg->name, dst, to);
	}
	if (!copies && live)
		for (size_t d = 0; d < vm->ndisks; d++)
			if (vm->disks[d].pool)
				add_key(b, i, src->cfg->name, src, vm->disks[d].pool);
	it->vm = p->vm;
	it->src = src->cfg->name;
	it->dst = dst->cfg->name;
	it->high = p->priority == PLAN_PRIORITY_HIGH;
	it->cap_mibs = p->bandwidth_mibs;
	it->link_mibs = link_mibs(b->cfg, src);
	if (copies) {
		it->host_cost = 4;
		it->ds_cost = 16;
	} else {
		it->host_cost = live ? (config_host_link_gbps(b->cfg, src->cfg) >= 10.0 ? 1 : 2) : 1;
		it->ds_cost = 1;
	}
	return 0;
}

static void on_progress(const struct migration_progress *p, void *user)
{
	struct worker *w = user;

	if (!w->b->fn)
		return;
	pthread_mutex_lock(&w->b->report);
	w->b->fn(w->index, p, w->b->user);
	pthread_mutex_unlock(&w->b->report);
}

static int run_one(struct batch *b, struct worker *w)
{
	size_t i = w->index;

	return migration_run(b->inv, &b->run_plans[i], b->cfg, on_progress, w, b->cancel,
			     &b->results[i]);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct batch *b = w->b;
	int rc = run_one(b, w);

	pthread_mutex_lock(&b->lock);
	b->items[w->index].state = BATCH_FINISHED;
	if (rc < 0)
		b->stop = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static int cancelled(const struct batch *b)
{
	return b->cancel && b->cancel->requested;
}

static void run_sequential(struct batch *b, struct worker *workers)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->items[i].state == BATCH_FINISHED)
			continue;	/* refused by describe() */
		if (b->stop || cancelled(b)) {
			not_started(&b->results[i], cancelled(b) ?
				    "Not started: the batch was cancelled." :
				    "Not started: an earlier migration of the batch failed.");
			continue;
		}
		b->items[i].state = BATCH_RUNNING;
		if (run_one(b, &workers[i]) < 0)
			b->stop = 1;
		b->items[i].state = BATCH_FINISHED;
	}
}

static void wait_changed(struct batch *b)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 200 * 1000 * 1000;	/* look at the cancel token 5 times a second */
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&b->changed, &b->lock, &ts);
}

static void run_parallel(struct batch *b, struct worker *workers)
{
	size_t running = 0;

	pthread_mutex_lock(&b->lock);
	for (;;) {
		long next = -1;
		size_t waiting = 0;

		running = 0;
		for (size_t i = 0; i < b->n; i++) {
			waiting += b->items[i].state == BATCH_WAITING;
			running += b->items[i].state == BATCH_RUNNING;
		}
		if (cancelled(b))
			b->stop = 1;
		if (!waiting && !running)
			break;
		if (waiting && !b->stop)
			next = batch_next(b->items, b->n);
		if (next >= 0) {
			struct worker *w = &workers[next];

			b->items[next].state = BATCH_RUNNING;
			b->run_plans[next].bandwidth_mibs = batch_share(b->items, b->n, (size_t)next);
			w->started = pthread_create(&w->thread, NULL, worker_main, w) == 0;
			if (!w->started) {
				b->items[next].state = BATCH_FINISHED;
				not_started(&b->results[next],
					    "Not started: no thread could be created for it.");
				b->stop = 1;
			}
			continue;
		}
		if (!running) {		/* stopped: what waits will not start */
			for (size_t i = 0; i < b->n; i++)
				if (b->items[i].state == BATCH_WAITING) {
					b->items[i].state = BATCH_FINISHED;
					not_started(&b->results[i], cancelled(b) ?
						    "Not started: the batch was cancelled." :
						    "Not started: an earlier migration of the batch failed.");
				}
			break;
		}
		wait_changed(b);
	}
	pthread_mutex_unlock(&b->lock);
	for (size_t i = 0; i < b->n; i++)
		if (workers[i].started)
			pthread_join(workers[i].thread, NULL);
}

int migration_batch_run(struct inventory *inv, const struct plan *plans, size_t n,
			int parallel, const struct config *cfg, migration_batch_fn fn, void *user,
			struct migration_cancel *cancel, struct migration_result *results)
{
	struct batch b = {
		.inv = inv, .plans = plans, .n = n, .cfg = cfg, .fn = fn, .user = user,
		.cancel = cancel, .results = results,
		.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER,
		.report = PTHREAD_MUTEX_INITIALIZER,
	};
	struct worker *workers = calloc(n ? n : 1, sizeof *workers);
	int rc = 0;

	b.items = calloc(n ? n : 1, sizeof *b.items);
	b.keys = calloc(n ? n : 1, sizeof *b.keys);
	b.run_plans = calloc(n ? n : 1, sizeof *b.run_plans);
	if (!workers || !b.items || !b.keys || !b.run_plans) {
		for (size_t i = 0; i < n; i++)
			not_started(&results[i], "Not started: out of memory.");
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		workers[i].b = &b;
		workers[i].index = i;
		b.run_plans[i] = plans[i];
		if (describe(&b, i) < 0) {
			b.items[i].state = BATCH_FINISHED;
			b.stop = 1;
		}
	}
	if (b.stop) {		/* an unknown VM or host: start nothing */
		for (size_t i = 0; i < n; i++)
			if (b.items[i].state == BATCH_WAITING)
				not_started(&results[i],
					    "Not started: another migration of the batch names an "
					    "unknown VM or host.");
		rc = -1;
		goto out;
	}
	if (parallel)
		run_parallel(&b, workers);
	else
		run_sequential(&b, workers);
	for (size_t i = 0; i < n; i++)
		if (results[i].outcome != MIGRATION_DONE)
			rc = -1;
out:
	free(workers);
	free(b.items);
	free(b.keys);
	free(b.run_plans);
	return rc;
}

/* engine/batch.c — several migrations: one after the other, or at once
 * within the concurrency limits (admission rules in batch_sched.c, what
 * each move claims in batch_limits.c). */
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
	char (*keys)[BATCH_MAX_DATASTORES][BATCH_KEY_LEN];
	struct batch_target *targets;	/* the targets' limits, read once */
	size_t ntargets;
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

/* What plan I claims; -1 (its result filled) when its VM or host is unknown. */
static int describe(struct batch *b, size_t i)
{
	struct vm_error why;

	if (batch_limits_describe(b->inv, b->cfg, &b->plans[i], b->targets, &b->ntargets,
				  &b->items[i], b->keys[i], &why) < 0) {
		not_started(&b->results[i], why.message);
		return -1;
	}
	return 0;
}

/* Refuse, before anything starts, a batch with a move that can never run
 * within its target's SSH start limit or migration port range: it would
 * wait for ever.  Each such move's result says why (refused); the others
 * are not started.  0 when every move can run. */
static int refuse_unmeetable(struct batch *b)
{
	size_t bad = b->n;
	struct vm_error why;

	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].state == BATCH_WAITING &&
		    batch_limits_why_never(&b->items[i], &why)) {
			not_started(&b->results[i], why.message);
			vm_error_hint(&b->results[i].error, "%s", why.hint);
			/* refused, as a locked VM is: a caller that runs the
			 * waiting ones again (evacuate's rounds) leaves it out */
			b->results[i].refused = 1;
			b->items[i].state = BATCH_FINISHED;
			bad = bad < i ? bad : i;
		}
	if (bad == b->n)
		return 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->items[i].state == BATCH_WAITING) {
			not_started(&b->results[i], "");
			vm_error_set(&b->results[i].error, "Not started: VM '%s' of the same batch "
				     "can never move to host %s within its limits.",
				     b->items[bad].vm, b->items[bad].dst);
			b->items[i].state = BATCH_FINISHED;
		}
	return -1;
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
	b.targets = calloc(n ? n : 1, sizeof *b.targets);
	if (!workers || !b.items || !b.keys || !b.run_plans || !b.targets) {
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
	if (refuse_unmeetable(&b) < 0) {
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
	free(b.targets);
	return rc;
}

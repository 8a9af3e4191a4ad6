/* ui/dirtysample.c — the dirty rates of the move's VMs, sampled by a worker
 * thread (ui/dirtysample.h).  The worker starts every VM's calculation,
 * then reads each: the VMs are sampled at once, one period in all.  It
 * hands the samples over with one atomic flag; the UI thread never takes
 * a lock nor waits, but in dirtysample_free at the end. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../engine/forecast.h"
#include "../engine/probe_dirty.h"
#include "dirtysample.h"

/* below the UI thread, as the host checks (ui/hostcheck.c) */
#define DIRTYSAMPLE_NICE 10

struct dirtysample {
	struct inventory *inv;
	struct plan *plans;		/* one per VM: its name and the kind */
	size_t n;
	struct probe_dirty *out;	/* [n], the worker's until done */
	atomic_int done;
	int taken;
	pthread_t thread;
	int started;
};

static void *worker(void *arg)
{
	struct dirtysample *ds = arg;

	if (setpriority(PRIO_PROCESS, (id_t)gettid(), DIRTYSAMPLE_NICE) != 0)
		engine_log("wizard: the dirty-rate samples run at the UI's priority: "
			   "setpriority failed");
	for (size_t k = 0; k < ds->n; k++)
		forecast_plan_start(ds->inv, &ds->plans[k], &ds->out[k]);
	for (size_t k = 0; k < ds->n; k++)
		forecast_plan_finish(ds->inv, &ds->plans[k], &ds->out[k]);
	atomic_store_explicit(&ds->done, 1, memory_order_release);
	return NULL;
}

struct dirtysample *dirtysample_start(struct inventory *inv, const char *const *vms, size_t n,
				      enum plan_kind kind)
{
	struct dirtysample *ds = calloc(1, sizeof *ds);

	if (!ds)
		return NULL;
	ds->inv = inv;
	atomic_init(&ds->done, 0);
	ds->plans = calloc(n ? n : 1, sizeof *ds->plans);
	ds->out = calloc(n ? n : 1, sizeof *ds->out);
	if (!ds->plans || !ds->out) {
		dirtysample_free(ds);
		return NULL;
	}
	for (; ds->n < n; ds->n++) {
		ds->plans[ds->n].kind = kind;
		if (!(ds->plans[ds->n].vm = strdup(vms[ds->n]))) {
			dirtysample_free(ds);
			return NULL;
		}
	}
	if (pthread_create(&ds->thread, NULL, worker, ds) != 0) {
		dirtysample_free(ds);
		return NULL;
	}
	ds->started = 1;
	return ds;
}

int dirtysample_take(struct dirtysample *ds, struct probe_dirty **out, size_t *n)
{
	if (!ds || ds->taken || !atomic_load_explicit(&ds->done, memory_order_acquire))
		return 0;
	ds->taken = 1;
	*out = ds->out;		/* moved: the caller's now */
	*n = ds->n;
	ds->out = NULL;
	return 1;
}

void dirtysample_free(struct dirtysample *ds)
{
	if (!ds)
		return;
	if (ds->started)
		pthread_join(ds->thread, NULL);
	for (size_t k = 0; ds->plans && k < ds->n; k++)
		plan_free(&ds->plans[k]);
	free(ds->plans);
	free(ds->out);
	free(ds);
}

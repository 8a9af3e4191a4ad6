/* ui/dirtysample.h — the dirty rates of the move's VMs sampled off the UI
 * thread for the forecast (forecast_plan_start / _finish: libvirt's
 * dirty-rate calculation, 1 s), every VM at once.  Nothing the UI thread
 * calls here waits on the worker, except dirtysample_free. */
#ifndef VIRT_MIGRATE_DIRTYSAMPLE_H
#define VIRT_MIGRATE_DIRTYSAMPLE_H

#include <stddef.h>

#include "../engine/engine.h"

struct dirtysample;
struct probe_dirty;

/* Sample the N VMS (names, copied) of a move of KIND: each one's sampling
 * started, then each one read, so that the whole takes one period.  A VM
 * that does not move live is not sampled (its sample says why). */
struct dirtysample *dirtysample_start(struct inventory *inv, const char *const *vms, size_t n,
				      enum plan_kind kind);
/* 1 once the samples are in: *OUT (N of them, in the order of the VMs,
 * malloc'd: the caller's) and *N; 0 while sampling, and after they were
 * taken.  Never waits. */
int dirtysample_take(struct dirtysample *ds, struct probe_dirty **out, size_t *n);
/* Wait for the worker (at most the period and a few seconds), free.  NULL
 * is fine. */
void dirtysample_free(struct dirtysample *ds);

#endif

/* engine/probe_dirty.h — a running VM's dirty rate, sampled by libvirt's
 * dirty-rate calculation (engine/probe_dirty.c): QEMU's page sampling
 * over a short period, asked with virDomainStartDirtyRateCalc() and read
 * from the domain's "dirtyrate.*" statistics.  Started, then finished
 * later, so that the sampling runs while the checks do.  Not part of
 * engine/engine.h. */
#ifndef VIRT_MIGRATE_PROBE_DIRTY_H
#define VIRT_MIGRATE_PROBE_DIRTY_H

#include "probe_mem.h"

#define PROBE_DIRTY_SECONDS 1	/* the sampling period */

struct inv_host;

struct probe_dirty {
	int started;		/* a calculation runs, not read yet */
	unsigned seconds;	/* its period */
	double t0;		/* when it was started (monotonic s) */
	double bps;		/* the rate, bytes/s; < 0: unknown */
	char why[256];		/* why unknown, naming the VM and host; "" */
	struct probe_mem mem;	/* the memory to send, read while it samples
				 * (forecast_plan_finish()); bytes 0: unknown */
};

/* Start sampling VM's dirty rate on HOST (whose libvirt connection is
 * open) over SECONDS.  OUT says unknown with the reason when it cannot
 * start: the VM is not running (paused: its vCPUs dirty nothing now),
 * libvirt or QEMU lack the calculation, the host is not reachable. */
void probe_dirty_start(struct inv_host *host, const char *vm, unsigned seconds,
		       struct probe_dirty *out);
/* Wait for the sample started by probe_dirty_start() (at most its period
 * and a few seconds more) and read it into OUT. */
void probe_dirty_finish(struct inv_host *host, const char *vm, struct probe_dirty *out);

#endif

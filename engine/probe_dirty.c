/* engine/probe_dirty.c — a running VM's dirty rate by libvirt's dirty-rate
 * calculation (engine/probe_dirty.h).  The VM is found by name through
 * libvirt (never through a shell). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "engine.h"
#include "probe_dirty.h"

#define MIB 1048576.0
#define POLL_MS 50
#define GRACE_S 4.0	/* beyond the period, for QEMU to finish */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void unknown(struct probe_dirty *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void unknown(struct probe_dirty *out, const char *fmt, ...)
{
	va_list ap;

	out->bps = -1.0;
	va_start(ap, fmt);
	vsnprintf(out->why, sizeof out->why, fmt, ap);
	va_end(ap);
}

/* libvirt's last error as the reason: a driver or QEMU without the
 * calculation is said as such. */
static void libvirt_failed(struct probe_dirty *out, const char *vm, const char *host,
			   const char *what)
{
	virErrorPtr e = virGetLastError();

	if (e && (e->code == VIR_ERR_NO_SUPPORT || e->code == VIR_ERR_OPERATION_UNSUPPORTED))
		unknown(out, "libvirt or QEMU on host %s cannot sample the dirty rate of VM %s "
			"(%s)", host, vm, e->message ? e->message : "not supported");
	else
		unknown(out, "%s of VM %s on host %s failed: %s", what, vm, host,
			e && e->message ? e->message : "no reason given");
}

static virDomainPtr domain(struct inv_host *host, const char *vm, struct probe_dirty *out)
{
	virDomainPtr dom;

	if (!host || !host->reachable || !host->conn) {
		unknown(out, "host %s is not reachable", host ? host->cfg->name : "?");
		return NULL;
	}
	dom = virDomainLookupByName(host->conn, vm);
	if (!dom)
		libvirt_failed(out, vm, host->cfg->name, "finding the domain");
	return dom;
}

/* 1 when a job (a migration, a save) runs on DOM: reading that is a query,
 * which libvirt answers during a migration. */
static int job_running(virDomainPtr dom)
{
	virDomainJobInfo ji;

	return virDomainGetJobInfo(dom, &ji) == 0 && ji.type != VIR_DOMAIN_JOB_NONE;
}

void probe_dirty_start(struct inv_host *host, const char *vm, unsigned seconds,
		       struct probe_dirty *out)
{
	int state = 0, reason = 0;
	virDomainPtr dom;

	memset(out, 0, sizeof *out);
	out->bps = -1.0;
	out->seconds = seconds ? seconds : PROBE_DIRTY_SECONDS;
	dom = domain(host, vm, out);
	if (!dom)
		return;
	if (virDomainGetState(dom, &state, &reason, 0) < 0) {
		libvirt_failed(out, vm, host->cfg->name, "reading the state");
	} else if (state == VIR_DOMAIN_PAUSED) {
		unknown(out, "VM %s is paused on host %s: a paused guest's dirty rate cannot be "
			"sampled", vm, host->cfg->name);
	} else if (state != VIR_DOMAIN_RUNNING) {
		unknown(out, "VM %s is not running on host %s: there is no dirty rate to sample",
			vm, host->cfg->name);
	} else if (job_running(dom)) {
		/* the calculation would wait for that job's end (libvirt's job
		 * lock): a second move of a VM being moved must be refused at
		 * once, not after the first */
		unknown(out, "a job (another migration?) runs on VM %s on host %s: its dirty rate "
			"is not sampled meanwhile", vm, host->cfg->name);
	} else if (virDomainStartDirtyRateCalc(dom, (int)out->seconds,
					       VIR_DOMAIN_DIRTYRATE_MODE_PAGE_SAMPLING) < 0) {
		libvirt_failed(out, vm, host->cfg->name, "starting the dirty-rate calculation");
	} else {
		out->started = 1;
		out->t0 = now_s();
		engine_log("forecast: sampling the dirty rate of '%s' on %s over %u s", vm,
			   host->cfg->name, out->seconds);
	}
	virDomainFree(dom);
}

/* The integer statistic NAME of any integer type into *V: 1, else 0. */
static int stat_int(virTypedParameterPtr params, int n, const char *name, long long *v)
{
	virTypedParameterPtr p = virTypedParamsGet(params, n, name);

	if (!p)
		return 0;
	switch (p->type) {
	case VIR_TYPED_PARAM_INT:
		*v = p->value.i;
		return 1;
	case VIR_TYPED_PARAM_UINT:
		*v = p->value.ui;
		return 1;
	case VIR_TYPED_PARAM_LLONG:
		*v = p->value.l;
		return 1;
	case VIR_TYPED_PARAM_ULLONG:
		*v = p->value.ul > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)p->value.ul;
		return 1;
	default:
		return 0;
	}
}

/* One read of the statistics: 1 measured (OUT filled), 0 not yet, -1 unknown
 * (OUT says why). */
static int read_stats(virDomainPtr dom, const char *vm, const char *host, struct probe_dirty *out)
{
	virDomainPtr doms[] = { dom, NULL };
	virDomainStatsRecordPtr *recs = NULL;
	int rc = -1;
	long long status = -1, mibs = -1;

	if (virDomainListGetStats(doms, VIR_DOMAIN_STATS_DIRTYRATE, &recs, 0) < 0) {
		libvirt_failed(out, vm, host, "reading the dirty-rate statistics");
		return -1;
	}
	if (recs && recs[0]) {
		stat_int(recs[0]->params, recs[0]->nparams, "dirtyrate.calc_status", &status);
		stat_int(recs[0]->params, recs[0]->nparams, "dirtyrate.megabytes_per_second", &mibs);
	}
	virDomainStatsRecordListFree(recs);
	if (status < 0) {
		unknown(out, "libvirt on host %s gives no dirty-rate statistics for VM %s", host, vm);
	} else if (status == VIR_DOMAIN_DIRTYRATE_MEASURED) {
		if (mibs < 0) {
			unknown(out, "libvirt on host %s measured the dirty rate of VM %s but gave "
				"no figure", host, vm);
		} else {
			out->bps = (double)mibs * MIB;
			out->why[0] = '\0';
			rc = 1;
		}
	} else {
		rc = 0;
	}
	return rc;
}

void probe_dirty_finish(struct inv_host *host, const char *vm, struct probe_dirty *out)
{
	virDomainPtr dom;

	if (!out->started)
		return;
	dom = domain(host, vm, out);
	if (!dom) {
		out->started = 0;
		return;
	}
	for (;;) {
		double t = now_s();
		/* QEMU says "measured" only once the period is over */
		if (t - out->t0 >= (double)out->seconds) {
			int r = read_stats(dom, vm, host->cfg->name, out);
			if (r != 0)
				break;
		}
		if (t - out->t0 > (double)out->seconds + GRACE_S) {
			unknown(out, "the dirty-rate calculation of VM %s on host %s did not end "
				"within %.0f s", vm, host->cfg->name, (double)out->seconds + GRACE_S);
			break;
		}
		struct timespec ts = { 0, POLL_MS * 1000000L };
		nanosleep(&ts, NULL);
	}
	engine_log("forecast: dirty rate of '%s' on %s: %s%.1f MiB/s", vm, host->cfg->name,
		   out->bps < 0 ? "unknown, " : "", out->bps < 0 ? 0.0 : out->bps / MIB);
	virDomainFree(dom);
	out->started = 0;	/* read: nothing runs any more */
}

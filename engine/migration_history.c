/* engine/migration_history.c — the record one migration_run() leaves in the
 * history (engine/history.c): the plan as asked, the figures of libvirt's
 * completed job and the tool's clock, the outcome with its sentence, who
 * ran it.  Moves refused before anything started are recorded too, as "not
 * started".  Writing it can fail (a full disk, a planted link): that is
 * logged, and the migration's result stays what it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "migration_int.h"
#include "streams.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

/* T (seconds since the epoch) as "2026-12-05T13:10:02Z" in BUF. */
static char *iso(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return buf;
}

/* Bytes per second, and which figure gave it: libvirt's own rate of the
 * memory stream when only memory crossed (a vMotion; QEMU's average over
 * the transfer), else the bytes over libvirt's job time, else over the
 * tool's.  -1 when the move is not done or moved nothing. */
static double throughput(const struct mctx *m, double seconds, const char **from)
{
	const struct migration_result *res = m->res;

	*from = NULL;
	if (res->outcome != MIGRATION_DONE || !res->data_bytes)
		return -1;
	if (res->memory_bps && m->plan->kind == PLAN_KIND_COMPUTE) {
		*from = "libvirt";
		return (double)res->memory_bps;
	}
	double t = res->job_ms ? (double)res->job_ms / 1000.0 : seconds;
	if (!(t > 0))
		return -1;
	*from = "bytes/time";
	return (double)res->data_bytes / t;
}

/* The per-disk choices of the plan, pointing into it (freed by the caller,
 * not their strings). */
static struct history_disk *disks_of(const struct plan *p)
{
	struct history_disk *d = p->ndisks ? calloc(p->ndisks, sizeof *d) : NULL;
	for (size_t i = 0; d && i < p->ndisks; i++) {
		d[i].disk = p->disks[i].target;
		d[i].datastore = p->disks[i].datastore;
		d[i].format = (char *)plan_format_name(p->disks[i].format);
	}
	return d;
}

void migration_history_note(const struct mctx *m)
{
	const struct plan *plan = m->plan;
	const struct migration_result *res = m->res;
	struct history_record r;
	struct vm_error err;
	char started[32], ended[32], who[320];
	const char *from;

	/* the record's strings point into the plan, the inventory and here:
	 * nothing of it is freed but the disks' array */
	memset(&r, 0, sizeof r);
	r.started = iso(m->started_wall, started, sizeof started);
	r.ended = iso((long long)time(NULL), ended, sizeof ended);
	r.started_t = r.ended_t = -1;
	r.vm = m->vm ? m->vm->name : plan->vm;
	r.uuid = m->vm ? m->vm->uuid : NULL;
	r.source = m->src ? m->src->cfg->name : NULL;
	r.target = m->dst ? m->dst->cfg->name : plan->target ? plan->target : r.source;
	r.kind = (char *)plan_kind_name(plan->kind);
	r.live = m->vm ? plan_is_live(m->vm) : -1;
	r.move = m->vm ? (char *)plan_kind_move_name(plan->kind, r.live) : NULL;
	r.priority = (char *)plan_priority_name(plan->priority);
	r.max_downtime_ms = plan->max_downtime_ms ? plan->max_downtime_ms :
		PLAN_DEFAULT_MAX_DOWNTIME_MS;
	r.max_time_s = plan->max_time_s ? (long long)plan->max_time_s : -1;
	r.bandwidth_mibs = plan->bandwidth_mibs ? (long long)plan->bandwidth_mibs : -1;
	r.encrypt = (char *)plan_encrypt_name(plan->encrypt);
	/* under TLS or not: said of what crossed between two hosts only */
	r.encrypted = m->ran && m->dst && m->dst != m->src ? res->encrypted : -1;
	/* the streams apply where memory goes from QEMU to QEMU between hosts */
	int streamed = m->vm && m->dst && m->dst != m->src && plan_is_streamed(m->vm);
	r.connections = streamed ? (long long)streams_connections(plan, m->cfg) : -1;
	r.compress = streamed ? (char *)plan_compress_name(streams_compress(plan, m->cfg)) : NULL;
	r.datastore = plan->datastore;
	r.format = (char *)plan_format_name(plan->format);
	r.disks = disks_of(plan);
	r.ndisks = r.disks ? plan->ndisks : 0;
	r.forecast = (char *)plan->forecast_json;	/* as the command showed it */

	r.seconds = res->total_s > 0 ? res->total_s : migration_now() - m->started;
	r.job_seconds = res->job_ms ? (double)res->job_ms / 1000.0 : -1;
	r.downtime_ms = res->downtime_ms;
	/* nothing crossed when nothing ran; a failed live move reads no job
	 * figures, so its 0 is not known */
	r.data_bytes = !m->ran ? 0 : res->data_bytes || res->outcome == MIGRATION_DONE ?
		(long long)res->data_bytes : -1;
	r.iterations = res->iterations ? (long long)res->iterations : -1;
	r.throughput_bps = throughput(m, r.seconds, &from);
	r.throughput_from = (char *)from;

	r.outcome = (char *)migration_outcome_name(m->ran ? res->outcome : MIGRATION_NOT_STARTED);
	if (res->outcome != MIGRATION_DONE && res->error.message[0]) {
		r.error = (char *)res->error.message;
		r.hint = res->error.hint[0] ? (char *)res->error.hint : NULL;
	}
	lock_who(who, sizeof who);
	r.by = who;
	r.pid = (long long)getpid();
	r.tool_version = (char *)VERSION;

	if (history_append(NULL, &r, &err) < 0)
		engine_log("history: the migration of '%s' is not recorded: %s", r.vm, err.message);
	free(r.disks);
}

/* engine/jobmon.c — watch a libvirt job while a worker thread blocks in it:
 * statistics to the progress callback, cancel to virDomainAbortJob. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt-qemu.h>

#include "migration_int.h"
#include "progress_figures.h"

struct worker {
	struct jobmon *jm;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int done;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int rc = w->jm->work(w->jm->arg);
	pthread_mutex_lock(&w->lock);
	w->jm->work_rc = rc;
	w->done = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static unsigned long long param_ull(virTypedParameterPtr params, int n, const char *name)
{
	unsigned long long v = 0;
	if (virTypedParamsGetULLong(params, n, name, &v) != 1)
		return 0;
	return v;
}

/* One snapshot of the job, reported; PREV: the previous one. */
static void poll_stats(struct jobmon *jm, struct progress_figures_prev *prev)
{
	virTypedParameterPtr params = NULL;
	int n = 0, type = 0;
	struct migration_progress p;

	if (virDomainGetJobStats(jm->dom, &type, &params, &n, 0) < 0)
		return;		/* the domain may have left already */
	if (type == VIR_DOMAIN_JOB_NONE) {
		virTypedParamsFree(params, n);
		return;
	}
	memset(&p, 0, sizeof p);
	p.elapsed_s = migration_now() - jm->m->started;
	p.total = param_ull(params, n, VIR_DOMAIN_JOB_DATA_TOTAL);
	p.processed = param_ull(params, n, VIR_DOMAIN_JOB_DATA_PROCESSED);
	p.remaining = param_ull(params, n, VIR_DOMAIN_JOB_DATA_REMAINING);
	p.mem_total = param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_TOTAL);
	p.mem_processed = param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_PROCESSED);
	p.mem_remaining = param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_REMAINING);
	p.disk_total = param_ull(params, n, VIR_DOMAIN_JOB_DISK_TOTAL);
	p.disk_processed = param_ull(params, n, VIR_DOMAIN_JOB_DISK_PROCESSED);
	p.disk_remaining = param_ull(params, n, VIR_DOMAIN_JOB_DISK_REMAINING);
	p.dirty_rate = param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE);
	p.iteration = param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_ITERATION);
	unsigned long long bps = param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_BPS);
	if (!bps)
		bps = param_ull(params, n, VIR_DOMAIN_JOB_DISK_BPS);
	p.rate_bps = (double)bps;
	p.phase = p.disk_remaining > 0 ? MIGRATION_PHASE_DISKS : MIGRATION_PHASE_MEMORY;
	int state = 0, reason = 0;
	if (virDomainGetState(jm->dom, &state, &reason, 0) == 0 && state == VIR_DOMAIN_PAUSED &&
	    (reason == VIR_DOMAIN_PAUSED_MIGRATION || reason == VIR_DOMAIN_PAUSED_POSTCOPY))
		p.phase = MIGRATION_PHASE_SWITCHOVER;
	/* the dirty rate in bytes against the transfer rate, the time left from
	 * them, and why the bar went back, if it did */
	progress_figures_fill(&p, param_ull(params, n, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE), prev);
	jm->iterations = p.iteration;
	jm->last_total = p.total;
	unsigned long long throttle = 0;
	virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE, &throttle);
	jm->throttle = throttle;
	virTypedParamsFree(params, n);
	if (jm->m->fn)
		jm->m->fn(&p, jm->m->user);
	if (jm->tick)
		jm->tick(jm, &p, jm->tick_arg);
}

/* An abort the job has not honoured after this many seconds, while the
 * target does not answer, is stuck on the disk mirrors. */
#define UNSTICK_S 10
#define YANK_MAX 16		/* NBD connections cut at most (disks of one VM) */

static void send_abort(struct jobmon *jm)
{
	jm->abort_sent = 1;
	jm->abort_t = migration_now();
	if (virDomainAbortJob(jm->dom) < 0)
		engine_log("migration: abort of VM '%s' failed: %s", jm->m->vm->name,
			   virGetLastErrorMessage());
}

/* See migration_int.h. */
int jobmon_yank_nodes(const char *reply, char names[][32], int max)
{
	int n = 0;
	const char *p = reply;
	while (n < max && (p = strstr(p, "\"node-name\"")) != NULL) {
		p += strlen("\"node-name\"");
		while (*p == ' ' || *p == ':')
			p++;
		if (*p != '"')
			continue;
		p++;
		size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_.-");
		if (len == 0 || len > 31 || p[len] != '"')
			continue;
		memcpy(names[n], p, len);
		names[n][len] = '\0';
		n++;
		p += len;
	}
	return n;
}

/* The job was aborted because the target stopped answering, and has not
 * ended: QEMU cancels a disk mirror only once its writes in flight to the
 * target's NBD server return, and over a link that is gone TCP holds them
 * until it gives up (about 15 minutes).  QEMU's yank cuts those NBD
 * connections at once: the writes fail, the mirrors end, libvirt finishes
 * the abort and the VM runs on from its own disks.  (Through libvirt's
 * QEMU monitor passthrough: libvirt marks the domain "custom-monitor"
 * tainted in its log.) */
static void unstick(struct jobmon *jm)
{
	struct mctx *m = jm->m;
	char *reply = NULL, names[YANK_MAX][32];
	char cmd[64 + YANK_MAX * 80];	/* each instance: at most 68 characters */

	jm->yanked = 1;
	if (virDomainQemuMonitorCommand(jm->dom, "{\"execute\":\"query-yank\"}", &reply, 0) < 0) {
		engine_log("migration: query-yank on VM '%s' failed: %s", m->vm->name,
			   virGetLastErrorMessage());
		return;
	}
	int n = jobmon_yank_nodes(reply, names, YANK_MAX);
	engine_log("migration: query-yank on VM '%s': %s", m->vm->name, reply);
	free(reply);
	reply = NULL;
	if (n == 0)
		return;
	size_t len = (size_t)snprintf(cmd, sizeof cmd, "{\"execute\":\"yank\",\"arguments\":"
				      "{\"instances\":[");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(cmd + len, sizeof cmd - len, "%s{\"type\":\"block-node\","
					"\"node-name\":\"%s\"}", i ? "," : "", names[i]);
	snprintf(cmd + len, sizeof cmd - len, "]}}");
	migration_step(m, MIGRATION_PHASE_ROLLBACK, "the abort waits on the disk copies to %s, "
		       "which does not answer: cutting their connections (%d)", m->dst->cfg->name, n);
	if (virDomainQemuMonitorCommand(jm->dom, cmd, &reply, 0) < 0)
		engine_log("migration: yank on VM '%s' failed: %s", m->vm->name,
			   virGetLastErrorMessage());
	else
		engine_log("migration: yank of %d NBD connection%s of VM '%s': %s", n,
			   n == 1 ? "" : "s", m->vm->name, reply);
	free(reply);
}

int jobmon_run(struct jobmon *jm)
{
	struct worker w = { .jm = jm, .done = 0 };
	pthread_t t;

	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	jm->work_rc = -1;
	if (pthread_create(&t, NULL, worker_main, &w) != 0) {
		vm_error_set(&jm->m->res->error, "The worker thread of the migration of VM '%s' "
			     "could not be started.", jm->m->vm->name);
		goto out;
	}
	/* a stats query can take seconds while the guest keeps QEMU busy; one
	 * is not started when it would end past the time budget, so that the
	 * abort is not held up behind it */
	double poll_s = 0;
	struct progress_figures_prev prev = { .have = 0 };
	pthread_mutex_lock(&w.lock);
	while (!w.done) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w.cond, &w.lock, &until);
		if (w.done)
			break;
		pthread_mutex_unlock(&w.lock);
		unsigned budget = jm->m->plan->max_time_s;
		int remote = jm->m->dst != jm->m->src;
		if (budget && !jm->abort_sent && migration_now() - jm->m->started > budget) {
			jm->budget_spent = 1;
			migration_step(jm->m, MIGRATION_PHASE_ROLLBACK, "the time budget of %u s is "
				       "spent: aborting the job", budget);
			send_abort(jm);
		} else if (!jm->abort_sent && remote && virConnectIsAlive(jm->m->dst->conn) != 1) {
			/* the keepalives to the target go unanswered: libvirt may wait
			 * for TCP to give up (minutes) before it fails the job itself */
			jm->target_lost = 1;
			migration_step(jm->m, MIGRATION_PHASE_ROLLBACK, "host %s stopped answering: "
				       "aborting the job", jm->m->dst->cfg->name);
			send_abort(jm);
		} else if (jm->m->cancel && jm->m->cancel->requested && !jm->abort_sent) {
			engine_log("migration: cancel asked; aborting the job of VM '%s'.",
				   jm->m->vm->name);
			migration_step(jm->m, MIGRATION_PHASE_ROLLBACK, "cancel asked: aborting the job");
			send_abort(jm);
		} else if (jm->disks_copied && jm->abort_sent && !jm->yanked && remote &&
			   migration_now() - jm->abort_t > UNSTICK_S &&
			   virConnectIsAlive(jm->m->dst->conn) != 1) {
			unstick(jm);
		} else if (!budget || jm->abort_sent ||
			   migration_now() + poll_s < jm->m->started + budget) {
			double t0 = migration_now();
			poll_stats(jm, &prev);
			poll_s = migration_now() - t0;
			if (poll_s > 1.0)
				engine_log("migration: the job statistics of VM '%s' took %.1f s to come",
					   jm->m->vm->name, poll_s);
		}
		pthread_mutex_lock(&w.lock);
	}
	pthread_mutex_unlock(&w.lock);
	pthread_join(t, NULL);
out:
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	return jm->work_rc;
}

/* engine/jobmon.c — watch a libvirt job while a worker thread blocks in it:
 * statistics to the progress callback, cancel to virDomainAbortJob. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "migration_int.h"

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

/* One snapshot of the job, reported. */
static void poll_stats(struct jobmon *jm)
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
	p.eta_s = bps ? (double)p.remaining / (double)bps : -1;
	p.phase = p.disk_remaining > 0 ? MIGRATION_PHASE_DISKS : MIGRATION_PHASE_MEMORY;
	int state = 0, reason = 0;
	if (virDomainGetState(jm->dom, &state, &reason, 0) == 0 && state == VIR_DOMAIN_PAUSED &&
	    (reason == VIR_DOMAIN_PAUSED_MIGRATION || reason == VIR_DOMAIN_PAUSED_POSTCOPY))
		p.phase = MIGRATION_PHASE_SWITCHOVER;
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
		if (budget && !jm->abort_sent && migration_now() - jm->m->started > budget) {
			jm->abort_sent = jm->budget_spent = 1;
			migration_step(jm->m, MIGRATION_PHASE_ROLLBACK, "the time budget of %u s is "
				       "spent: aborting the job", budget);
			if (virDomainAbortJob(jm->dom) < 0)
				engine_log("migration: abort of VM '%s' failed: %s", jm->m->vm->name,
					   virGetLastErrorMessage());
		} else if (!jm->abort_sent && jm->m->dst != jm->m->src &&
			   virConnectIsAlive(jm->m->dst->conn) != 1) {
			/* the keepalives to the target go unanswered: libvirt may wait
			 * for TCP to give up (minutes) before it fails the job itself */
			jm->abort_sent = jm->target_lost = 1;
			migration_step(jm->m, MIGRATION_PHASE_ROLLBACK, "host %s stopped answering: "
				       "aborting the job", jm->m->dst->cfg->name);
			if (virDomainAbortJob(jm->dom) < 0)
				engine_log("migration: abort of VM '%s' failed: %s", jm->m->vm->name,
					   virGetLastErrorMessage());
		} else if (jm->m->cancel && jm->m->cancel->requested && !jm->abort_sent) {
			jm->abort_sent = 1;
			engine_log("migration: cancel asked; aborting the job of VM '%s'.",
				   jm->m->vm->name);
			migration_step(jm->m, MIGRATION_PHASE_ROLLBACK, "cancel asked: aborting the job");
			if (virDomainAbortJob(jm->dom) < 0)
				engine_log("migration: abort of VM '%s' failed: %s", jm->m->vm->name,
					   virGetLastErrorMessage());
		} else if (!budget || jm->abort_sent ||
			   migration_now() + poll_s < jm->m->started + budget) {
			double t0 = migration_now();
			poll_stats(jm);
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

/* ui/hostcheck.c — compatibility verdicts computed by worker threads.
 *
 * The UI thread must never wait on a worker: a worker can be preempted (or
 * stall in the allocator) at any moment, and a probe can take seconds.  So
 * nothing here takes a lock: the workers claim hosts with an atomic counter
 * and push each finished verdict on a lock-free stack, which the UI thread
 * empties with one atomic exchange.  A verdict leaves a worker ready to
 * show (every finding, the errors a later step settles counted, its array
 * cut to size): the UI thread only moves it into the model, never copies,
 * scans or frees findings for it (under the sanitizer a burst of frees on
 * the UI thread cost it whole seconds of quarantine recycling at 1,000
 * hosts).
 *
 * For several VMs a host's verdict is the findings of every VM's plan, in
 * the order of the VMs, each finding tagged with its VM, then what the VMs
 * need together on that host (checks_together: memory, datastore room),
 * tagged WIZARD_VERDICT_TOGETHER: one result per host still, so the UI
 * thread moves it in as it does one VM's. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../engine/checks_together.h"
#include "hostcheck.h"
#include "wizard_model.h"

#define HOSTCHECK_WORKERS 4
/* The workers' nice value: below the UI thread, so that on a busy machine
 * the checks wait for the CPU, not the keys (Linux: a thread's own). */
#define HOSTCHECK_NICE 10

struct result {
	struct result *next;	/* the next finished result on the stack */
	size_t host;
	int probed;
	struct check_facts facts;
	struct findings found;
	size_t deferred;	/* errors of found a later step settles */
	struct wizard_verdict_vms per;	/* several VMs: each one's facts, each finding's VM */
};

struct hostcheck {
	struct inventory *inv;
	const struct config *cfg;
	struct plan *plans;		/* one per VM */
	size_t nplans;
	struct probe_options popt;
	int have_popt;
	size_t *hosts, n;		/* hosts to check */
	atomic_size_t next;		/* the next one to claim */
	struct result *results;		/* one per host, written by the worker that claimed it */
	_Atomic(struct result *) done;	/* finished, not taken yet: a stack */
	struct result *taking;		/* UI thread only: taken from done, not handed out yet */
	atomic_int stop;
	pthread_t threads[HOSTCHECK_WORKERS];
	int nthreads;
};

static int copy_plan(struct plan *dst, const struct plan *src)
{
	memset(dst, 0, sizeof(*dst));
	*dst = *src;
	dst->vm = dst->target = dst->datastore = dst->from = NULL;
	dst->disks = NULL;
	dst->nets = NULL;
	dst->ndisks = dst->nnets = 0;
	if (!(dst->vm = strdup(src->vm)))
		return -1;
	if (src->datastore && !(dst->datastore = strdup(src->datastore)))
		return -1;
	if (src->from && !(dst->from = strdup(src->from)))
		return -1;
	for (size_t i = 0; i < src->ndisks; i++)
		if (plan_add_disk(dst, src->disks[i].target, src->disks[i].datastore,
				  src->disks[i].format) != 0)
			return -1;
	for (size_t i = 0; i < src->nnets; i++)
		if (plan_add_net(dst, src->nets[i].from, src->nets[i].to) != 0)
			return -1;
	return 0;
}

/* Count the errors a later step settles, and give back the unused room of
 * the array (it grows from 16 findings, 11 KiB): the verdicts of 1,000
 * hosts then hold what they show, not 11 MiB the UI thread frees at the end. */
static void trim(struct result *r, enum plan_kind kind)
{
	struct findings *f = &r->found;
	r->deferred = wizard_model_verdict_deferred(kind, f);
	if (f->count == 0) {
		free(f->items);
		f->items = NULL;
		f->cap = 0;
	} else if (f->count < f->cap) {
		struct finding *items = realloc(f->items, f->count * sizeof(*items));
		if (items) {
			f->items = items;
			f->cap = f->count;
		}
	}
}

static void push_done(struct hostcheck *hc, struct result *r)
{
	struct result *head = atomic_load_explicit(&hc->done, memory_order_relaxed);
	do
		r->next = head;
	while (!atomic_compare_exchange_weak_explicit(&hc->done, &head, r, memory_order_release,
						      memory_order_relaxed));
}

/* Probe and check plan K aimed at host R->host: its facts in *FACTS, its
 * findings added to R's.  -1 when the plan could not be made. */
static int check_one(struct hostcheck *hc, struct result *r, size_t k, int *probed,
		     struct check_facts *facts)
{
	struct plan p;
	struct vm_error err;
	if (copy_plan(&p, &hc->plans[k]) != 0 ||
	    !(p.target = strdup(hc->inv->hosts[r->host].cfg->name))) {
		plan_free(&p);
		return -1;
	}
	*probed = probe_plan_opt(hc->inv, &p, hc->have_popt ? &hc->popt : NULL, facts, &err) == 0;
	if (!*probed)
		engine_log("wizard: probing host '%s' for VM '%s' failed: %s", p.target,
			   p.vm, err.message);
	checks_evaluate(hc->inv, &p, *probed ? facts : NULL, hc->cfg, &r->found);
	plan_free(&p);
	return 0;
}

/* Tag the findings of R from BEFORE on as VM K's. */
static int tag(struct result *r, size_t before, size_t k)
{
	struct wizard_verdict_vms *per = &r->per;
	size_t *fv = realloc(per->finding_vm, (r->found.count + 1) * sizeof(*fv));
	if (!fv)
		return -1;
	per->finding_vm = fv;
	for (size_t i = before; i < r->found.count; i++)
		fv[i] = k;
	return 0;
}

/* What every plan aimed at host R->host needs together there (its memory,
 * its datastores: checks_together), added to R's findings as of no VM. */
static int check_together(struct hostcheck *hc, struct result *r)
{
	struct plan *ps = calloc(hc->nplans, sizeof(*ps));
	size_t before = r->found.count;
	int rc = ps ? 0 : -1;
	for (size_t k = 0; rc == 0 && k < hc->nplans; k++)
		if (copy_plan(&ps[k], &hc->plans[k]) != 0 ||
		    !(ps[k].target = strdup(hc->inv->hosts[r->host].cfg->name)))
			rc = -1;
	if (rc == 0) {
		checks_together(hc->inv, ps, hc->nplans, &r->found);
		rc = tag(r, before, WIZARD_VERDICT_TOGETHER);
	}
	for (size_t k = 0; ps && k < hc->nplans; k++)
		plan_free(&ps[k]);
	free(ps);
	return rc;
}

/* Several VMs: each one's facts and the VM of each finding, then what they
 * need together (of no VM alone). */
static int check_vms(struct hostcheck *hc, struct result *r)
{
	struct wizard_verdict_vms *per = &r->per;
	per->n = hc->nplans;
	per->probed = calloc(hc->nplans, sizeof(*per->probed));
	per->facts = calloc(hc->nplans, sizeof(*per->facts));
	if (!per->probed || !per->facts)
		return -1;
	for (size_t k = 0; k < hc->nplans; k++) {
		size_t before = r->found.count;
		if (atomic_load(&hc->stop))
			return -1;	/* abandoned: half a verdict is none */
		if (check_one(hc, r, k, &per->probed[k], &per->facts[k]) != 0 ||
		    tag(r, before, k) != 0)
			return -1;
	}
	if (check_together(hc, r) != 0)
		return -1;
	r->probed = per->probed[0];
	r->facts = per->facts[0];
	return 0;
}

static void *worker(void *arg)
{
	struct hostcheck *hc = arg;
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), HOSTCHECK_NICE) != 0)
		engine_log("wizard: the host checks run at the UI's priority: setpriority failed");
	while (!atomic_load(&hc->stop)) {
		size_t i = atomic_fetch_add(&hc->next, 1);
		if (i >= hc->n)
			break;
		struct result *r = &hc->results[i];
		r->host = hc->hosts[i];
		if (hc->nplans == 1 ? check_one(hc, r, 0, &r->probed, &r->facts) != 0
		    : check_vms(hc, r) != 0) {
			findings_free(&r->found);
			wizard_model_verdict_vms_free(&r->per);
			continue;
		}
		trim(r, hc->plans[0].kind);
		push_done(hc, r);
	}
	return NULL;
}

struct hostcheck *hostcheck_start(struct inventory *inv, const struct config *cfg,
				  const struct plan *plans, size_t nplans, const size_t *hosts,
				  size_t n, const struct probe_options *popt)
{
	struct hostcheck *hc = calloc(1, sizeof(*hc));
	if (!hc)
		return NULL;
	hc->inv = inv;
	hc->cfg = cfg;
	if (popt) {
		hc->popt = *popt;
		hc->have_popt = 1;
	}
	atomic_init(&hc->next, 0);
	atomic_init(&hc->done, NULL);
	atomic_init(&hc->stop, 0);
	hc->hosts = calloc(n + 1, sizeof(size_t));
	hc->results = calloc(n + 1, sizeof(struct result));
	hc->plans = calloc(nplans ? nplans : 1, sizeof(*hc->plans));
	if (!hc->hosts || !hc->results || !hc->plans || nplans == 0) {
		hostcheck_free(hc);
		return NULL;
	}
	for (; hc->nplans < nplans; hc->nplans++)
		if (copy_plan(&hc->plans[hc->nplans], &plans[hc->nplans]) != 0) {
			hc->nplans++;	/* freed with the others */
			hostcheck_free(hc);
			return NULL;
		}
	if (n)
		memcpy(hc->hosts, hosts, n * sizeof(size_t));
	hc->n = n;
	int want = n < HOSTCHECK_WORKERS ? (int)n : HOSTCHECK_WORKERS;
	for (int t = 0; t < want; t++)
		if (pthread_create(&hc->threads[hc->nthreads], NULL, worker, hc) == 0)
			hc->nthreads++;
	return hc;
}

int hostcheck_take(struct hostcheck *hc, size_t *host, int *probed, struct check_facts *facts,
		   struct findings *found, size_t *deferred, struct wizard_verdict_vms *per)
{
	if (!hc)
		return 0;
	if (!hc->taking)	/* everything finished so far, at once; never waits */
		hc->taking = atomic_exchange_explicit(&hc->done, NULL, memory_order_acquire);
	struct result *r = hc->taking;
	if (!r)
		return 0;
	hc->taking = r->next;
	*host = r->host;
	*probed = r->probed;
	*facts = r->facts;
	*found = r->found;	/* moved: the caller owns the findings now */
	*deferred = r->deferred;
	*per = r->per;		/* moved too */
	memset(&r->found, 0, sizeof(r->found));
	memset(&r->per, 0, sizeof(r->per));
	return 1;
}

void hostcheck_stop(struct hostcheck *hc)
{
	if (hc)
		atomic_store(&hc->stop, 1);
}

void hostcheck_free(struct hostcheck *hc)
{
	if (!hc)
		return;
	atomic_store(&hc->stop, 1);
	for (int t = 0; t < hc->nthreads; t++)
		pthread_join(hc->threads[t], NULL);
	/* taken results were zeroed; the others (and the unchecked) free here */
	for (size_t i = 0; hc->results && i < hc->n; i++) {
		findings_free(&hc->results[i].found);
		wizard_model_verdict_vms_free(&hc->results[i].per);
	}
	free(hc->results);
	free(hc->hosts);
	for (size_t k = 0; hc->plans && k < hc->nplans; k++)
		plan_free(&hc->plans[k]);
	free(hc->plans);
	free(hc);
}

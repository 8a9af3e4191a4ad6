/* ui/hostcheck.c — compatibility verdicts computed by worker threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hostcheck.h"

#define HOSTCHECK_WORKERS 4

struct result {
	size_t host;
	int probed;
	struct check_facts facts;
	struct findings found;
};

struct hostcheck {
	struct inventory *inv;
	const struct config *cfg;
	struct plan plan;
	size_t *hosts, n, next;		/* hosts to check; the next one to take */
	struct result *results;		/* done, not taken yet */
	size_t nresults, taken;
	volatile int stop;
	pthread_mutex_t lock;
	pthread_t threads[HOSTCHECK_WORKERS];
	int nthreads;
};

static int copy_plan(struct plan *dst, const struct plan *src)
{
	memset(dst, 0, sizeof(*dst));
	*dst = *src;
	dst->vm = dst->target = dst->datastore = NULL;
	dst->disks = NULL;
	dst->nets = NULL;
	dst->ndisks = dst->nnets = 0;
	if (!(dst->vm = strdup(src->vm)))
		return -1;
	if (src->datastore && !(dst->datastore = strdup(src->datastore)))
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

static void *worker(void *arg)
{
	struct hostcheck *hc = arg;
	for (;;) {
		pthread_mutex_lock(&hc->lock);
		size_t i = hc->next < hc->n && !hc->stop ? hc->next++ : (size_t)-1;
		pthread_mutex_unlock(&hc->lock);
		if (i == (size_t)-1)
			break;
		struct plan p;
		struct result r;
		struct vm_error err;
		memset(&r, 0, sizeof(r));
		r.host = hc->hosts[i];
		if (copy_plan(&p, &hc->plan) != 0 ||
		    !(p.target = strdup(hc->inv->hosts[r.host].cfg->name))) {
			plan_free(&p);
			continue;
		}
		r.probed = probe_plan(hc->inv, &p, &r.facts, &err) == 0;
		if (!r.probed)
			engine_log("wizard: probing host '%s' for VM '%s' failed: %s", p.target,
				   p.vm, err.message);
		checks_evaluate(hc->inv, &p, r.probed ? &r.facts : NULL, hc->cfg, &r.found);
		plan_free(&p);
		pthread_mutex_lock(&hc->lock);
		hc->results[hc->nresults++] = r;
		pthread_mutex_unlock(&hc->lock);
	}
	return NULL;
}

struct hostcheck *hostcheck_start(struct inventory *inv, const struct config *cfg,
				  const struct plan *plan, const size_t *hosts, size_t n)
{
	struct hostcheck *hc = calloc(1, sizeof(*hc));
	if (!hc)
		return NULL;
	hc->inv = inv;
	hc->cfg = cfg;
	pthread_mutex_init(&hc->lock, NULL);
	hc->hosts = calloc(n + 1, sizeof(size_t));
	hc->results = calloc(n + 1, sizeof(struct result));
	if (!hc->hosts || !hc->results || copy_plan(&hc->plan, plan) != 0) {
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
		   struct findings *found)
{
	int got = 0;
	if (!hc)
		return 0;
	pthread_mutex_lock(&hc->lock);
	if (hc->taken < hc->nresults) {
		struct result *r = &hc->results[hc->taken++];
		*host = r->host;
		*probed = r->probed;
		*facts = r->facts;
		*found = r->found;
		memset(&r->found, 0, sizeof(r->found));
		got = 1;
	}
	pthread_mutex_unlock(&hc->lock);
	return got;
}

void hostcheck_stop(struct hostcheck *hc)
{
	if (hc)
		hc->stop = 1;
}

void hostcheck_free(struct hostcheck *hc)
{
	if (!hc)
		return;
	hc->stop = 1;
	for (int t = 0; t < hc->nthreads; t++)
		pthread_join(hc->threads[t], NULL);
	for (size_t i = hc->taken; i < hc->nresults; i++)
		findings_free(&hc->results[i].found);
	free(hc->results);
	free(hc->hosts);
	plan_free(&hc->plan);
	pthread_mutex_destroy(&hc->lock);
	free(hc);
}

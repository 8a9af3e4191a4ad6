/* ui/hostcheck.h — compatibility verdicts of target hosts, computed off the
 * UI thread (probe_plan + checks_evaluate), a few hosts at a time.  Nothing
 * the UI thread calls here waits on a worker, except hostcheck_free. */
#ifndef VIRT_MIGRATE_HOSTCHECK_H
#define VIRT_MIGRATE_HOSTCHECK_H

#include <stddef.h>

#include "../engine/engine.h"
#include "wizard_model.h"

struct hostcheck;

/* Check the NPLANS PLANS (copied; one per VM of the move, NPLANS >= 1)
 * aimed at each host of HOSTS (indexes into INV), with the probe options
 * POPT (copied; NULL: the inventory's own). */
struct hostcheck *hostcheck_start(struct inventory *inv, const struct config *cfg,
				  const struct plan *plans, size_t nplans, const size_t *hosts,
				  size_t n, const struct probe_options *popt);
/* One verdict that is ready, if any: 1 and the host's index, facts and
 * findings (every one checks_evaluate() made; the caller owns them:
 * wizard_model_verdict_put) with the number of their errors a later step
 * settles (wizard_model_verdict_deferred() for the plan's kind), and for
 * several plans what is per VM (*PER, owned by the caller too:
 * wizard_model_verdict_put_vms; empty for one plan): each VM's findings,
 * then what the plans need together on the host (checks_together(), each
 * tagged WIZARD_VERDICT_TOGETHER); 0 when none is ready now.  Never waits;
 * O(1) per verdict. */
int hostcheck_take(struct hostcheck *hc, size_t *host, int *probed, struct check_facts *facts,
		   struct findings *found, size_t *deferred, struct wizard_verdict_vms *per);
/* Ask the workers to stop after the host they are on. */
void hostcheck_stop(struct hostcheck *hc);
/* Stop, wait for the workers, free. NULL is fine. */
void hostcheck_free(struct hostcheck *hc);

#endif

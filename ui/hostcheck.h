/* ui/hostcheck.h — compatibility verdicts of target hosts, computed off the
 * UI thread (probe_plan + checks_evaluate), a few hosts at a time. */
#ifndef VIRT_MIGRATE_HOSTCHECK_H
#define VIRT_MIGRATE_HOSTCHECK_H

#include <stddef.h>

#include "../engine/engine.h"

struct hostcheck;

/* Check PLAN (copied) aimed at each host of HOSTS (indexes into INV). */
struct hostcheck *hostcheck_start(struct inventory *inv, const struct config *cfg,
				  const struct plan *plan, const size_t *hosts, size_t n);
/* One verdict that is ready, if any: 1 and the host's index, facts and
 * findings (the caller frees them); 0 when none is ready now. */
int hostcheck_take(struct hostcheck *hc, size_t *host, int *probed, struct check_facts *facts,
		   struct findings *found);
/* Ask the workers to stop after the host they are on. */
void hostcheck_stop(struct hostcheck *hc);
/* Stop, wait for the workers, free. NULL is fine. */
void hostcheck_free(struct hostcheck *hc);

#endif

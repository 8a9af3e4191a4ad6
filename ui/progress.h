/* ui/progress.h — the Progress screen: the migration runs in a worker
 * thread; phase, bar, bytes, rates, ETA, escalations, then the result. */
#ifndef VIRT_MIGRATE_PROGRESS_H
#define VIRT_MIGRATE_PROGRESS_H

#include "ui.h"

/* Run PLAN and show it until the user leaves the result; *res filled. */
void progress_run(struct ui *ui, const struct plan *plan, struct migration_result *res);
/* Run the N PLANS of several VMs as a batch (migration_batch_run(), in
 * parallel within the hosts' limits), a row per VM, until the user leaves
 * the results; RES (N entries) filled (progress_batch.c). */
void progress_batch_run(struct ui *ui, const struct plan *plans, size_t n,
			struct migration_result *res);

/* What key CH means on a Progress screen (one or several VMs), once read:
 * the run DONE or not, a cancel already ASKED or not. */
enum progress_key {
	PROGRESS_KEY_NONE,	/* nothing to do: read the next key */
	PROGRESS_KEY_LEAVE,	/* leave the screen (the run is over) */
	PROGRESS_KEY_HELP,	/* show the help */
	PROGRESS_KEY_CANCEL,	/* ask, then cancel the run */
};
enum progress_key progress_key_action(int ch, int done, int asked);

#endif

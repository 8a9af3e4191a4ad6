/* ui/progress.h — the Progress screen: the migration runs in a worker
 * thread; phase, bar, bytes, rates, ETA, escalations, then the result. */
#ifndef VIRT_MIGRATE_PROGRESS_H
#define VIRT_MIGRATE_PROGRESS_H

#include "ui.h"
#include "../engine/progress_figures.h"

/* Run PLAN and show it until the user leaves the result; *res filled. */
void progress_run(struct ui *ui, const struct plan *plan, struct migration_result *res);
/* Run the N PLANS of several VMs as a batch (migration_batch_run(), in
 * parallel within the hosts' limits), a row per VM, until the user leaves
 * the results; RES (N entries) filled (progress_batch.c). */
void progress_batch_run(struct ui *ui, const struct plan *plans, size_t n,
			struct migration_result *res);

/* What a Progress screen keeps of one move, as its progress callback gets
 * snapshots: the figures of the last snapshot that had any (a snapshot of
 * the phase alone keeps them), the phase and time of the latest. */
struct progress_last {
	struct migration_progress g;	/* event is always NULL here */
	int have;			/* a snapshot came */
	/* the latest time the bar went back, and why ("back to 78%: pass 4
	 * re-sends 12.0 MiB dirtied meanwhile"; "" when it never did) */
	struct progress_figures_latch latch;
	char regress[160];
	double regress_s;		/* its elapsed time */
};
/* The last PROGRESS_EVENTS events of a Progress screen, oldest first. */
#define PROGRESS_EVENTS 64
struct progress_events {
	char line[PROGRESS_EVENTS][200];
	size_t n;
};
/* Keep snapshot P of a move in LAST (and why the bar went back, if it did),
 * and its event, if any, at the end of EV (the oldest dropped when full) as
 * "[time] phase event", the name VM before the phase unless VM is NULL.
 * The caller holds the screen's lock. */
void progress_note(struct progress_last *last, struct progress_events *ev,
		   const struct migration_progress *p, const char *vm);

/* The help of a Progress screen: LINES (NULL-terminated) over the screen
 * until any key, or an interrupt. */
void progress_help(struct ui *ui, const char *const *lines);

/* What key CH means on a Progress screen (one or several VMs), once read:
 * the run DONE or not, a cancel already ASKED or not. */
enum progress_key {
	PROGRESS_KEY_NONE,	/* nothing to do: read the next key */
	PROGRESS_KEY_LEAVE,	/* leave the screen (the run is over) */
	PROGRESS_KEY_HELP,	/* show the help */
	PROGRESS_KEY_CANCEL,	/* ask, then cancel the run */
};
enum progress_key progress_key_action(int ch, int done, int asked);

/* The time left of G for a Progress screen: "7.0 s (estimate)", "none yet
 * (nothing sent)", "none (dirtied as fast as sent)"; BUF. */
const char *progress_eta(const struct migration_progress *g, char *buf, size_t len);

#endif

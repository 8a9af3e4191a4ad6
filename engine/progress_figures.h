/* engine/progress_figures.h — a migration's progress in comparable units
 * and why it reads as it does: the dirty rate in bytes per second against
 * the transfer rate, the time left recomputed from them (an estimate, or
 * none and why), and why the data still to send grew when the bar goes
 * back.  Pure arithmetic on struct migration_progress: no libvirt, no I/O
 * (engine/progress_figures.c).  The job monitor fills the figures of each
 * snapshot; the front ends word them with the same functions. */
#ifndef VIRT_MIGRATE_PROGRESS_FIGURES_H
#define VIRT_MIGRATE_PROGRESS_FIGURES_H

#include <stddef.h>

#include "migration.h"

/* The page size when libvirt gives none (x86's). */
#define PROGRESS_FIGURES_PAGE_SIZE 4096ULL

/* One migration's previous snapshot, kept by its job monitor. */
struct progress_figures_prev {
	int have;
	unsigned long long total, remaining, iteration;
};

/* From P's raw figures (phase, total, remaining, rate_bps, dirty_rate,
 * iteration) and PAGE_SIZE in bytes (0: PROGRESS_FIGURES_PAGE_SIZE), fill
 * its page_size, dirty_bps, eta_s, eta_why, regress and regress_bytes:
 *  - the time left is remaining / (transfer - dirtying) while the transfer
 *    outruns the dirtying (the pages of every later pass included), an
 *    estimate; none when nothing is sent yet (MIGRATION_ETA_NO_RATE) or
 *    when pages are dirtied as fast as they are sent (..._DIRTY_OUTRUNS);
 *    a paused guest (switchover, post-copy) dirties nothing;
 *  - remaining grew since PREV: a new pass began (the iteration went up),
 *    else the total grew, else pages were dirtied faster than sent.
 * PREV (the same migration's previous snapshot with a total) is updated. */
void progress_figures_fill(struct migration_progress *p, unsigned long long page_size,
			   struct progress_figures_prev *prev);

/* The percentage of P's total sent, 0 to 100 (0 without a total). */
unsigned progress_figures_percent(const struct migration_progress *p);

/* Names for JSON: "estimate", "no-rate", "dirty-outruns"; "new-pass",
 * "dirtied-faster", "total-grew" (NULL for MIGRATION_REGRESS_NONE). */
const char *progress_figures_eta_name(enum migration_eta e);
const char *progress_figures_regress_name(enum migration_regress r);

/* "about 7 s left (estimate)", or why there is none: "no estimate: pages
 * dirtied as fast as sent", "no estimate yet: nothing sent".  BUF. */
const char *progress_figures_eta_text(const struct migration_progress *p, char *buf, size_t len);

/* What a front end keeps between the snapshots it shows (one a second of
 * five): the regressions of the snapshots it did not show, and the
 * percentage it showed last, so that its next line says why the bar went
 * back instead of jumping. */
struct progress_figures_latch {
	enum migration_regress why;	/* the latest regress; NONE: none since */
	unsigned long long bytes;	/* remaining grew by this much in all */
	unsigned long long pass_from, pass;	/* the passes they began (NEW_PASS) */
	int shown;			/* a percentage was shown */
	unsigned shown_pct;		/* the last one shown */
};
/* Snapshot P came (its regress, if any, kept). */
void progress_figures_latch_add(struct progress_figures_latch *l, const struct migration_progress *p);
/* The regress since the last line shown, in words, with PCT the percentage
 * now: "back to 38%: pass 4 re-sends 12.0 MiB dirtied meanwhile" ("back to"
 * only when PCT is below the last one shown); NULL when there was none. */
const char *progress_figures_latch_text(const struct progress_figures_latch *l, unsigned pct,
					char *buf, size_t len);
/* A line showing PCT (and the latch's regress) was shown: start again. */
void progress_figures_latch_shown(struct progress_figures_latch *l, unsigned pct);

#endif

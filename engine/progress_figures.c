/* engine/progress_figures.c — see progress_figures.h: the figures of a
 * progress snapshot in comparable units, the time left from them, why the
 * bar went back, and their words. */
#include <stdio.h>

#include "engine.h"
#include "progress_figures.h"

/* The guest runs on the source and may dirty pages: precopy of memory.
 * Paused for the switchover, or running on the target in post-copy, it
 * dirties nothing the source still has to send. */
static int dirtying(enum migration_phase phase)
{
	return phase == MIGRATION_PHASE_MEMORY;
}

static void fill_eta(struct migration_progress *p)
{
	double dirty = dirtying(p->phase) ? p->dirty_bps : 0;

	p->eta_s = -1;
	if (p->remaining == 0 && p->total) {
		p->eta_s = 0;
		p->eta_why = MIGRATION_ETA_ESTIMATE;
	} else if (p->rate_bps <= 0) {
		p->eta_why = MIGRATION_ETA_NO_RATE;
	} else if (dirty >= p->rate_bps) {
		/* every pass re-sends at least as much as the last: it never ends
		 * by itself (the priority's escalation decides) */
		p->eta_why = MIGRATION_ETA_DIRTY_OUTRUNS;
	} else {
		/* this pass's remaining, then the pages dirtied meanwhile, then
		 * those dirtied during that, ...: a geometric series whose sum is
		 * remaining / (rate - dirty) */
		p->eta_s = (double)p->remaining / (p->rate_bps - dirty);
		p->eta_why = MIGRATION_ETA_ESTIMATE;
	}
}

static void fill_regress(struct migration_progress *p, struct progress_figures_prev *prev)
{
	p->regress = MIGRATION_REGRESS_NONE;
	p->regress_bytes = 0;
	if (!p->total)
		return;		/* no figures yet (the job is starting): nothing to compare */
	if (prev->have && p->remaining > prev->remaining) {
		p->regress_bytes = p->remaining - prev->remaining;
		if (p->iteration > prev->iteration)
			p->regress = MIGRATION_REGRESS_NEW_PASS;
		else if (p->total > prev->total)
			p->regress = MIGRATION_REGRESS_TOTAL_GREW;
		else
			p->regress = MIGRATION_REGRESS_DIRTIED;
	}
	prev->have = 1;
	prev->total = p->total;
	prev->remaining = p->remaining;
	prev->iteration = p->iteration;
}

void progress_figures_fill(struct migration_progress *p, unsigned long long page_size,
			   struct progress_figures_prev *prev)
{
	p->page_size = page_size ? page_size : PROGRESS_FIGURES_PAGE_SIZE;
	p->dirty_bps = (double)p->dirty_rate * (double)p->page_size;
	fill_eta(p);
	fill_regress(p, prev);
}

unsigned progress_figures_percent(const struct migration_progress *p)
{
	if (!p->total)
		return 0;
	if (p->remaining >= p->total)
		return 0;
	return (unsigned)(100.0 * (double)(p->total - p->remaining) / (double)p->total);
}

const char *progress_figures_eta_name(enum migration_eta e)
{
	static const char *const names[MIGRATION_ETA_COUNT] = {
		[MIGRATION_ETA_NO_RATE] = "no-rate",
		[MIGRATION_ETA_ESTIMATE] = "estimate",
		[MIGRATION_ETA_DIRTY_OUTRUNS] = "dirty-outruns",
	};
	return (unsigned)e < MIGRATION_ETA_COUNT ? names[e] : "no-rate";
}

const char *progress_figures_regress_name(enum migration_regress r)
{
	static const char *const names[MIGRATION_REGRESS_COUNT] = {
		[MIGRATION_REGRESS_NONE] = NULL,
		[MIGRATION_REGRESS_NEW_PASS] = "new-pass",
		[MIGRATION_REGRESS_DIRTIED] = "dirtied-faster",
		[MIGRATION_REGRESS_TOTAL_GREW] = "total-grew",
	};
	return (unsigned)r < MIGRATION_REGRESS_COUNT ? names[r] : NULL;
}

const char *progress_figures_eta_text(const struct migration_progress *p, char *buf, size_t len)
{
	char d[32];

	if (p->eta_s >= 0)
		snprintf(buf, len, "about %s left (estimate)", engine_duration(p->eta_s, d, sizeof d));
	else if (p->eta_why == MIGRATION_ETA_DIRTY_OUTRUNS)
		snprintf(buf, len, "no estimate: pages dirtied as fast as sent");
	else
		snprintf(buf, len, "no estimate yet: nothing sent");
	return buf;
}

void progress_figures_latch_add(struct progress_figures_latch *l, const struct migration_progress *p)
{
	if (p->regress == MIGRATION_REGRESS_NONE)
		return;
	if (p->regress == MIGRATION_REGRESS_NEW_PASS) {
		if (l->why != MIGRATION_REGRESS_NEW_PASS || !l->pass_from)
			l->pass_from = p->iteration;
		l->pass = p->iteration;
	}
	l->why = p->regress;
	l->bytes += p->regress_bytes;
}

const char *progress_figures_latch_text(const struct progress_figures_latch *l, unsigned pct,
					char *buf, size_t len)
{
	char back[32] = "", b[32];

	if (l->why == MIGRATION_REGRESS_NONE)
		return NULL;
	if (l->shown && pct < l->shown_pct)
		snprintf(back, sizeof back, "back to %u%%: ", pct);
	engine_bytes(l->bytes, b, sizeof b);
	if (l->why == MIGRATION_REGRESS_NEW_PASS && l->pass_from && l->pass_from < l->pass)
		snprintf(buf, len, "%spasses %llu to %llu re-send %s dirtied meanwhile", back,
			 l->pass_from, l->pass, b);
	else if (l->why == MIGRATION_REGRESS_NEW_PASS)
		snprintf(buf, len, "%spass %llu re-sends %s dirtied meanwhile", back, l->pass, b);
	else if (l->why == MIGRATION_REGRESS_TOTAL_GREW)
		snprintf(buf, len, "%s%s more to send counted", back, b);
	else
		snprintf(buf, len, "%s%s dirtied faster than sent", back, b);
	return buf;
}

void progress_figures_latch_shown(struct progress_figures_latch *l, unsigned pct)
{
	l->why = MIGRATION_REGRESS_NONE;
	l->bytes = 0;
	l->pass_from = l->pass = 0;
	l->shown = 1;
	l->shown_pct = pct;
}

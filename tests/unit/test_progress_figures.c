/* tests/unit/test_progress_figures.c — suite "progress_figures": a live
 * move's progress in comparable units (engine/progress_figures.c): the
 * dirty rate in bytes from pages and the page size, the time left as
 * remaining / (transfer - dirtying) and none when the dirtying keeps up,
 * why the bar went back, and the words the front ends print. */
#include <string.h>

#include "unit.h"
#include "../../engine/progress_figures.h"

#define MIB (1024ULL * 1024ULL)

/* A snapshot of the memory phase: TOTAL and REMAINING bytes, RATE bytes/s
 * sent, DIRTY pages/s, pass PASS. */
static struct migration_progress snap(unsigned long long total, unsigned long long remaining,
				      double rate, unsigned long long dirty, unsigned long long pass)
{
	struct migration_progress p;
	memset(&p, 0, sizeof p);
	p.phase = MIGRATION_PHASE_MEMORY;
	p.total = total;
	p.remaining = remaining;
	p.processed = total - remaining;
	p.rate_bps = rate;
	p.dirty_rate = dirty;
	p.iteration = pass;
	return p;
}

static void test_units(void)
{
	struct progress_figures_prev prev = { 0 };
	/* 256 pages/s of 4 KiB are 1 MiB/s, whatever page size libvirt says */
	struct migration_progress p = snap(128 * MIB, 64 * MIB, 16.0 * MIB, 256, 2);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.page_size, 4096);
	CU_ASSERT_DOUBLE_EQUAL(p.dirty_bps, 1.0 * MIB, 0.5);
	p = snap(128 * MIB, 64 * MIB, 16.0 * MIB, 256, 2);
	progress_figures_fill(&p, 65536, &prev);	/* 64 KiB pages (aarch64, ppc64) */
	CU_ASSERT_DOUBLE_EQUAL(p.dirty_bps, 16.0 * MIB, 0.5);
	/* no page size from libvirt: x86's */
	p = snap(128 * MIB, 64 * MIB, 16.0 * MIB, 256, 2);
	progress_figures_fill(&p, 0, &prev);
	CU_ASSERT_EQUAL(p.page_size, PROGRESS_FIGURES_PAGE_SIZE);
	CU_ASSERT_DOUBLE_EQUAL(p.dirty_bps, 1.0 * MIB, 0.5);
}

static void test_eta_from_both_rates(void)
{
	struct progress_figures_prev prev = { 0 };
	/* 60 MiB left, 16 MiB/s sent, 4 MiB/s dirtied: 60 / (16 - 4) = 5 s,
	 * not the 3.75 s of the transfer rate alone */
	struct migration_progress p = snap(128 * MIB, 60 * MIB, 16.0 * MIB, 1024, 3);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.eta_why, MIGRATION_ETA_ESTIMATE);
	CU_ASSERT_DOUBLE_EQUAL(p.eta_s, 5.0, 1e-9);
	char b[80];
	CU_ASSERT_STRING_EQUAL(progress_figures_eta_text(&p, b, sizeof b),
			       "about 5.0 s left (estimate)");
	CU_ASSERT_STRING_EQUAL(progress_figures_eta_name(p.eta_why), "estimate");
}

static void test_no_eta_when_dirtying_keeps_up(void)
{
	struct progress_figures_prev prev = { 0 };
	char b[80];
	/* 16 MiB/s dirtied against 16 MiB/s sent: never ends by itself */
	struct migration_progress p = snap(128 * MIB, 60 * MIB, 16.0 * MIB, 4096, 5);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT(p.eta_s < 0);
	CU_ASSERT_EQUAL(p.eta_why, MIGRATION_ETA_DIRTY_OUTRUNS);
	CU_ASSERT_STRING_EQUAL(progress_figures_eta_name(p.eta_why), "dirty-outruns");
	CU_ASSERT_STRING_EQUAL(progress_figures_eta_text(&p, b, sizeof b),
			       "no estimate: pages dirtied as fast as sent");
	/* faster still */
	p = snap(128 * MIB, 60 * MIB, 16.0 * MIB, 8192, 6);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT(p.eta_s < 0);
	CU_ASSERT_EQUAL(p.eta_why, MIGRATION_ETA_DIRTY_OUTRUNS);
	/* paused for the switchover the guest dirties nothing: an estimate again */
	p = snap(128 * MIB, 8 * MIB, 16.0 * MIB, 8192, 6);
	p.phase = MIGRATION_PHASE_SWITCHOVER;
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.eta_why, MIGRATION_ETA_ESTIMATE);
	CU_ASSERT_DOUBLE_EQUAL(p.eta_s, 0.5, 1e-9);
}

static void test_no_eta_without_rate(void)
{
	struct progress_figures_prev prev = { 0 };
	char b[80];
	struct migration_progress p = snap(128 * MIB, 128 * MIB, 0, 0, 1);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT(p.eta_s < 0);
	CU_ASSERT_EQUAL(p.eta_why, MIGRATION_ETA_NO_RATE);
	CU_ASSERT_STRING_EQUAL(progress_figures_eta_text(&p, b, sizeof b),
			       "no estimate yet: nothing sent");
	/* all sent: nothing left, whatever the rate */
	p = snap(128 * MIB, 0, 0, 0, 4);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.eta_why, MIGRATION_ETA_ESTIMATE);
	CU_ASSERT_DOUBLE_EQUAL(p.eta_s, 0, 1e-9);
}

static void test_bar_goes_back_on_a_new_pass(void)
{
	struct progress_figures_prev prev = { 0 };
	/* the job starting: no figures yet, nothing to compare with later */
	struct migration_progress p = snap(0, 0, 0, 0, 0);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.regress, MIGRATION_REGRESS_NONE);
	p = snap(100 * MIB, 40 * MIB, 16.0 * MIB, 256, 3);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.regress, MIGRATION_REGRESS_NONE);	/* the first: nothing before */
	p = snap(100 * MIB, 5 * MIB, 16.0 * MIB, 256, 3);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.regress, MIGRATION_REGRESS_NONE);	/* forward */
	CU_ASSERT_EQUAL(progress_figures_percent(&p), 95);
	/* pass 4 starts with the 17 MiB dirtied during pass 3: back to 78% */
	p = snap(100 * MIB, 22 * MIB, 16.0 * MIB, 256, 4);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.regress, MIGRATION_REGRESS_NEW_PASS);
	CU_ASSERT_EQUAL(p.regress_bytes, 17 * MIB);
	CU_ASSERT_EQUAL(progress_figures_percent(&p), 78);
	CU_ASSERT_STRING_EQUAL(progress_figures_regress_name(p.regress), "new-pass");
	/* within the pass, remaining grows: dirtied faster than sent */
	p = snap(100 * MIB, 23 * MIB, 16.0 * MIB, 256, 4);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.regress, MIGRATION_REGRESS_DIRTIED);
	CU_ASSERT_EQUAL(p.regress_bytes, 1 * MIB);
	CU_ASSERT_STRING_EQUAL(progress_figures_regress_name(p.regress), "dirtied-faster");
	/* more counted to send (the memory after the disks) */
	p = snap(200 * MIB, 123 * MIB, 16.0 * MIB, 256, 4);
	progress_figures_fill(&p, 4096, &prev);
	CU_ASSERT_EQUAL(p.regress, MIGRATION_REGRESS_TOTAL_GREW);
	CU_ASSERT_PTR_NULL(progress_figures_regress_name(MIGRATION_REGRESS_NONE));
}

static void test_latch_words(void)
{
	struct progress_figures_prev prev = { 0 };
	struct progress_figures_latch l;
	char b[120];
	memset(&l, 0, sizeof l);

	struct migration_progress p = snap(100 * MIB, 5 * MIB, 16.0 * MIB, 256, 3);
	progress_figures_fill(&p, 4096, &prev);
	progress_figures_latch_add(&l, &p);
	CU_ASSERT_PTR_NULL(progress_figures_latch_text(&l, 95, b, sizeof b));	/* nothing to say */
	progress_figures_latch_shown(&l, 95);
	/* two snapshots the front end does not show: pass 4 begins, then sends */
	p = snap(100 * MIB, 17 * MIB, 16.0 * MIB, 256, 4);
	progress_figures_fill(&p, 4096, &prev);
	progress_figures_latch_add(&l, &p);
	p = snap(100 * MIB, 12 * MIB, 16.0 * MIB, 256, 4);
	progress_figures_fill(&p, 4096, &prev);
	progress_figures_latch_add(&l, &p);
	unsigned pct = progress_figures_percent(&p);
	CU_ASSERT_EQUAL(pct, 88);
	CU_ASSERT_STRING_EQUAL(progress_figures_latch_text(&l, pct, b, sizeof b),
			       "back to 88%: pass 4 re-sends 12.0 MiB dirtied meanwhile");
	progress_figures_latch_shown(&l, pct);
	CU_ASSERT_PTR_NULL(progress_figures_latch_text(&l, pct, b, sizeof b));
	/* two passes between two lines, the bar above the last shown by then:
	 * no "back to", still the why */
	p = snap(100 * MIB, 20 * MIB, 16.0 * MIB, 256, 5);
	progress_figures_fill(&p, 4096, &prev);
	progress_figures_latch_add(&l, &p);
	p = snap(100 * MIB, 4 * MIB, 16.0 * MIB, 256, 5);
	progress_figures_fill(&p, 4096, &prev);
	p = snap(100 * MIB, 10 * MIB, 16.0 * MIB, 256, 6);
	progress_figures_fill(&p, 4096, &prev);
	progress_figures_latch_add(&l, &p);
	CU_ASSERT_STRING_EQUAL(progress_figures_latch_text(&l, 90, b, sizeof b),
			       "passes 5 to 6 re-send 14.0 MiB dirtied meanwhile");
}

int test_progress_figures_register(void);
int test_progress_figures_register(void)
{
	static const struct unit_test tests[] = {
		{ "units", test_units },
		{ "eta_from_both_rates", test_eta_from_both_rates },
		{ "no_eta_when_dirtying_keeps_up", test_no_eta_when_dirtying_keeps_up },
		{ "no_eta_without_rate", test_no_eta_without_rate },
		{ "bar_goes_back_on_a_new_pass", test_bar_goes_back_on_a_new_pass },
		{ "latch_words", test_latch_words },
		{ NULL, NULL },
	};
	return unit_add_suite("progress_figures", tests);
}

/* engine/forecast.h — the forecast of a live move before it starts: how
 * many precopy passes, how long, the downtime at switchover, and whether it
 * converges within the plan's budget or climbs the escalation ladder
 * (engine/escalation.h) -- and on which step.  Not part of engine/engine.h:
 * the commands and the wizard model that show it include this header.
 *
 * The model (one home: engine/forecast.c, pure, no I/O):
 *   - pass 1 sends the VM's memory to send S (its resident part,
 *     engine/probe_mem.h; all of its RAM R when not known) at the
 *     throughput T -- untouched pages travel as zero pages, almost nothing;
 *     each later
 *     pass sends what the guest dirtied during the one before: its dirty
 *     rate D (times 1 - throttle) over that pass's time, never more than R;
 *   - at the end of each pass the move converges when what is left can go
 *     within the allowed downtime (left / T <= allowed): the guest is
 *     paused for left / T (the downtime) and the move ends;
 *   - the ladder as the executor climbs it: pass N is libvirt's memory
 *     iteration N; the allowed downtime is raised to the budget when pass
 *     ESCALATION_RAISE_PASS starts; auto-converge, as QEMU runs it: at the
 *     end of a pass at least 1 s after the last look, when the pages
 *     dirtied since then exceed half the bytes sent, a second time running,
 *     the guest is throttled (20 %, then 10 % more, at most 99 %), which
 *     the model takes to slow its dirtying in proportion; post-copy (when
 *     the plan allows it) when pass ESCALATION_POSTCOPY_PASS starts: what is
 *     left follows at T while the guest runs on the target (its downtime is
 *     the switch, not modelled: unknown);
 *   - the time budget (--max-time) counts from the move's start, set-up
 *     included: a move that would end after it is aborted there;
 *   - set-up: FORECAST_SETUP_S is added to the total, the lab's figure for
 *     what a live move spends outside libvirt's job (the move's seconds
 *     less the job's time: 1.8 s median over L1's four runs, 2.0 s and
 *     2.2 s in L3, bench/results.json).
 * Not modelled: zero pages among the resident ones (a page the guest wrote
 * zeros to, or freed and the kernel zeroed), a working set
 * smaller than what the rate would dirty in a long pass (the rate is
 * sampled over a short period), compression, parallel connections. */
#ifndef VIRT_MIGRATE_FORECAST_H
#define VIRT_MIGRATE_FORECAST_H

#include <stddef.h>

#define FORECAST_SETUP_S 2.0

enum forecast_verdict {
	FORECAST_NONE,		/* no forecast applies: not a live move */
	FORECAST_UNKNOWN,	/* an input is not known: see reason */
	FORECAST_CONVERGES,	/* within the budget, no step of the ladder */
	FORECAST_ESCALATES,	/* converges (or goes post-copy) on a step */
	FORECAST_FAILS,		/* no step makes it converge within the budget */
	FORECAST_VERDICT_COUNT
};

enum forecast_step {
	FORECAST_STEP_NONE,
	FORECAST_STEP_DOWNTIME,		/* the allowed downtime raised to the budget */
	FORECAST_STEP_AUTO_CONVERGE,	/* the guest's vCPUs throttled */
	FORECAST_STEP_POSTCOPY,
	FORECAST_STEP_COUNT
};

/* The ladder the move would climb (engine/forecast_plan.c fills it from
 * engine/escalation.c's rules). */
struct forecast_ladder {
	unsigned allowed_ms;		/* allowed downtime at the start */
	unsigned budget_ms;		/* ... raised to this at RAISE_PASS */
	unsigned raise_pass;		/* 0: never raised */
	int auto_converge;
	unsigned throttle_initial, throttle_increment;	/* % */
	unsigned postcopy_pass;		/* 0: no post-copy */
	const char *postcopy_why_not;	/* why not, a phrase; or NULL */
	unsigned max_time_s;		/* 0: no time budget */
	double setup_s;			/* added to the total */
};

/* What the model is given; a figure 0 (RAM, throughput) or < 0 (dirty
 * rate) is unknown and its WHY says why.  FROM says where each came from. */
struct forecast_input {
	unsigned long long ram_bytes;
	const char *ram_from;
	unsigned long long send_bytes;	/* pass 1 sends this much; 0 (unknown): RAM */
	const char *send_from;		/* "resident", "QEMU resident"; NULL */
	double dirty_bps;		/* bytes/s */
	const char *dirty_from;
	unsigned dirty_period_s;	/* sampled over this many seconds */
	char dirty_why[256];
	double throughput_bps;		/* bytes/s */
	const char *throughput_from;
	char throughput_why[320];
	unsigned long long disk_bytes;	/* copied before memory (shared-nothing) */
};

struct forecast {
	enum forecast_verdict verdict;
	enum forecast_step step;	/* ESCALATES: the step on which it converges */
	unsigned passes;		/* precopy passes; 0 unknown */
	unsigned iterations;		/* as libvirt counts them (passes + its sync
					 * at the start and at the switchover); 0 unknown */
	double total_s;			/* set-up, disks, passes, switchover; < 0 unknown */
	double downtime_ms;		/* at the switchover; < 0 unknown */
	double setup_s;
	unsigned throttle;		/* % at the end */
	unsigned allowed_ms;		/* the allowed downtime at the end */
	char reason[512];		/* why unknown, none or fails; how it escalates */
	struct forecast_input in;	/* the inputs used */
	struct forecast_ladder ladder;
};

/* Run the model: fills OUT from IN and LADDER (copied into OUT).  Never
 * fails: an unknown input gives FORECAST_UNKNOWN with the reason. */
void forecast_compute(const struct forecast_input *in, const struct forecast_ladder *ladder,
		      struct forecast *out);

/* "converges", "escalates", "fails", "unknown", "none". */
const char *forecast_verdict_name(enum forecast_verdict v);
/* "downtime", "auto-converge", "post-copy"; NULL for none. */
const char *forecast_step_name(enum forecast_step s);
/* F in a few words into BUF (engine/forecast_brief.c), the one short form:
 * "converges: about 12 s, 3 passes, downtime about 80 ms", "escalates
 * (auto-converge): about ...", "fails: REASON", "unknown: REASON", "none:
 * REASON".  Returns BUF. */
const char *forecast_brief(const struct forecast *f, char *buf, size_t len);

/* F as its JSON object (engine/forecast_json.c; schema: the man page, JSON
 * OUTPUT), malloc'd; NULL out of memory. */
char *forecast_json(const struct forecast *f);
/* What a move's history record keeps of F (plan.forecast_json): its JSON
 * object, or NULL (null) when no forecast applies (F NULL or FORECAST_NONE).
 * The one way every command that moves makes it; free it after the move. */
char *forecast_json_record(const struct forecast *f);

/* ---- for a plan (engine/forecast_plan.c) ---- */

struct check_facts;
struct config;
struct inventory;
struct plan;
struct probe_dirty;

/* Start sampling the dirty rate of PLAN's VM when the plan is a live move
 * to another host (a running VM, kind compute or both), so that it runs
 * while the checks do; SAMPLE says why not otherwise.  Then
 * forecast_plan_finish() waits for it (at most the sampling period and a
 * few seconds).  Sampling happens for live moves only. */
void forecast_plan_start(struct inventory *inv, const struct plan *plan,
			 struct probe_dirty *sample);
void forecast_plan_finish(struct inventory *inv, const struct plan *plan,
			  struct probe_dirty *sample);

/* The forecast of PLAN (its target: plan->target) from INV (the VM's
 * memory), SAMPLE (its dirty rate), FACTS (the link's figure, by the rule
 * of engine/link_figure.c; NULL: not probed) and the plan's limits, with
 * the ladder of the executor that would run it (engine/escalation.c for
 * vMotion; shared-nothing: the whole downtime budget at once, no step).
 * FORECAST_NONE with the reason for a move that is not live between hosts;
 * FORECAST_UNKNOWN with the reason when an input is not known. */
void forecast_plan(struct inventory *inv, const struct config *cfg, const struct plan *plan,
		   const struct check_facts *facts, const struct probe_dirty *sample,
		   struct forecast *out);

#endif

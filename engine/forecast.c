/* engine/forecast.c — the forecast model of a live move (engine/forecast.h):
 * pure arithmetic, no I/O. */
#include <stdio.h>
#include <string.h>

#include "forecast.h"

#define MIB 1048576.0
#define MAX_PASSES 100000	/* a move still copying then never converges */
#define WORD(x) #x
#define STRING(x) WORD(x)
#define THROTTLE_MAX 99		/* QEMU's max-cpu-throttle */

static const char *const verdict_names[FORECAST_VERDICT_COUNT] = {
	[FORECAST_NONE] = "none",
	[FORECAST_UNKNOWN] = "unknown",
	[FORECAST_CONVERGES] = "converges",
	[FORECAST_ESCALATES] = "escalates",
	[FORECAST_FAILS] = "fails",
};

static const char *const step_names[FORECAST_STEP_COUNT] = {
	[FORECAST_STEP_NONE] = NULL,
	[FORECAST_STEP_DOWNTIME] = "downtime",
	[FORECAST_STEP_AUTO_CONVERGE] = "auto-converge",
	[FORECAST_STEP_POSTCOPY] = "post-copy",
};

const char *forecast_verdict_name(enum forecast_verdict v)
{
	return (unsigned)v < FORECAST_VERDICT_COUNT ? verdict_names[v] : "unknown";
}

const char *forecast_step_name(enum forecast_step s)
{
	return (unsigned)s < FORECAST_STEP_COUNT ? step_names[s] : NULL;
}

/* The inputs that are not known, each with its reason: 1 with OUT's
 * reason, else 0. */
static int unknown_input(const struct forecast_input *in, struct forecast *out)
{
	size_t len = 0, size = sizeof out->reason;
	const char *sep = "";

	out->reason[0] = '\0';
	if (!in->ram_bytes) {
		len += (size_t)snprintf(out->reason, size, "the VM's memory size is not known");
		sep = "; ";
	}
	if (in->dirty_bps < 0.0 && len < size) {
		len += (size_t)snprintf(out->reason + len, size - len, "%sthe dirty rate is not "
					"known: %s", sep, in->dirty_why[0] ? in->dirty_why :
					"it was not sampled");
		sep = "; ";
	}
	if (in->throughput_bps <= 0.0 && len < size)
		snprintf(out->reason + len, size - len, "%sthe link's throughput is not known: %s",
			 sep, in->throughput_why[0] ? in->throughput_why : "no figure");
	if (!out->reason[0])
		return 0;
	out->verdict = FORECAST_UNKNOWN;
	return 1;
}

/* The state of the simulated move. */
struct run {
	double t;			/* seconds since the move's start */
	double send;			/* bytes of the pass to come */
	unsigned throttle;		/* % */
	unsigned allowed_ms;
	unsigned raised_at, throttled_at;	/* pass each step engaged at; 0 not */
	unsigned throttled_last;	/* the pass of the throttle's last rise */
	int high;			/* auto-converge: high periods running */
	double look_t, look_sent, look_dirty;	/* since its last look */
};

/* Auto-converge's look at the end of a pass (QEMU's
 * migration_trigger_throttle at a bitmap sync, at least 1 s apart). */
static void auto_converge(const struct forecast_ladder *l, struct run *r, unsigned pass,
			  double dt, double sent, double dirty)
{
	r->look_t += dt;
	r->look_sent += sent;
	r->look_dirty += dirty;
	if (r->look_t < 1.0)
		return;
	if (r->look_dirty > 0.5 * r->look_sent && ++r->high >= 2) {
		r->high = 0;
		r->throttle = r->throttle ? r->throttle + l->throttle_increment : l->throttle_initial;
		if (r->throttle > THROTTLE_MAX)
			r->throttle = THROTTLE_MAX;
		if (!r->throttled_at)
			r->throttled_at = pass;
		r->throttled_last = pass;
	}
	r->look_t = r->look_sent = r->look_dirty = 0.0;
}

/* The step that made it converge: the one engaged (or raised) last. */
static enum forecast_step last_step(const struct run *r)
{
	if (!r->raised_at && !r->throttled_at)
		return FORECAST_STEP_NONE;
	if (r->throttled_last > r->raised_at)
		return FORECAST_STEP_AUTO_CONVERGE;
	return FORECAST_STEP_DOWNTIME;
}

static void converged(struct forecast *out, const struct run *r, unsigned pass, double left)
{
	const struct forecast_ladder *l = &out->ladder;

	out->passes = pass;
	out->iterations = pass + 2;
	out->downtime_ms = left / out->in.throughput_bps * 1000.0;
	out->total_s = r->t + left / out->in.throughput_bps;
	out->step = last_step(r);
	out->verdict = out->step == FORECAST_STEP_NONE ? FORECAST_CONVERGES : FORECAST_ESCALATES;
	if (out->step == FORECAST_STEP_DOWNTIME)
		snprintf(out->reason, sizeof out->reason, "converges once the allowed downtime is "
			 "raised from %u to %u ms at pass %u", l->allowed_ms, l->budget_ms,
			 r->raised_at);
	else if (out->step == FORECAST_STEP_AUTO_CONVERGE)
		snprintf(out->reason, sizeof out->reason, "converges once auto-converge throttles "
			 "the guest's vCPUs (from pass %u, %u %% at the end)", r->throttled_at,
			 r->throttle);
}

static void fails(struct forecast *out, const struct run *r, unsigned pass, const char *what)
{
	const struct forecast_ladder *l = &out->ladder;
	const struct forecast_input *in = &out->in;
	char rates[160];

	out->verdict = FORECAST_FAILS;
	out->passes = pass;
	out->iterations = pass + 1;
	snprintf(rates, sizeof rates, "the guest dirties %.1f MiB/s against %.1f MiB/s on the link",
		 in->dirty_bps / MIB, in->throughput_bps / MIB);
	snprintf(out->reason, sizeof out->reason, "%s (%s; %s%s%s%s)", what, rates,
		 r->throttle ? "auto-converge throttles it" : "auto-converge does not engage",
		 r->throttle >= THROTTLE_MAX ? " to its most" : "",
		 l->postcopy_why_not ? "; " : "", l->postcopy_why_not ? l->postcopy_why_not : "");
}

void forecast_compute(const struct forecast_input *in, const struct forecast_ladder *ladder,
		      struct forecast *out)
{
	struct run r;

	memset(out, 0, sizeof *out);
	out->in = *in;
	out->ladder = *ladder;
	out->total_s = out->downtime_ms = -1.0;
	out->setup_s = ladder->setup_s;
	if (unknown_input(in, out))
		return;

	const struct forecast_ladder *l = &out->ladder;
	double T = in->throughput_bps, R = (double)in->ram_bytes, D = in->dirty_bps;
	double budget = l->max_time_s ? (double)l->max_time_s : 0.0;

	memset(&r, 0, sizeof r);
	r.t = l->setup_s + (double)in->disk_bytes / T;
	r.send = in->send_bytes && in->send_bytes < in->ram_bytes ? (double)in->send_bytes : R;
	r.allowed_ms = l->allowed_ms;
	for (unsigned pass = 1; pass <= MAX_PASSES; pass++) {
		/* the executor's steps, as pass PASS starts */
		if (l->raise_pass && pass >= l->raise_pass && r.allowed_ms < l->budget_ms) {
			r.allowed_ms = l->budget_ms;
			r.raised_at = pass;
		}
		out->allowed_ms = r.allowed_ms;
		out->throttle = r.throttle;
		if (budget > 0.0 && r.t >= budget) {
			char what[128];
			snprintf(what, sizeof what, "the time budget of %u s is spent in pass %u "
				 "and the move is aborted", l->max_time_s, pass - 1);
			fails(out, &r, pass - 1, what);
			out->total_s = budget;
			return;
		}
		if (l->postcopy_pass && pass >= l->postcopy_pass) {
			out->verdict = FORECAST_ESCALATES;
			out->step = FORECAST_STEP_POSTCOPY;
			out->passes = pass - 1;
			out->iterations = pass;
			out->total_s = r.t + r.send / T;
			snprintf(out->reason, sizeof out->reason, "switches to post-copy at pass %u: "
				 "the VM runs on the target while the %.1f MiB left follow", pass,
				 r.send / MIB);
			return;
		}
		double dt = r.send / T;
		double dirty = D * (1.0 - r.throttle / 100.0) * dt;

		if (dirty > R)
			dirty = R;
		if (budget > 0.0 && r.t + dt > budget) {
			r.t = budget;
			continue;	/* said as the next pass starts */
		}
		r.t += dt;
		if (dirty / T * 1000.0 <= (double)r.allowed_ms) {
			if (budget > 0.0 && r.t + dirty / T > budget) {
				char what[128];
				snprintf(what, sizeof what, "the time budget of %u s is spent at the "
					 "switchover and the move is aborted", l->max_time_s);
				fails(out, &r, pass, what);
				out->total_s = budget;
				return;
			}
			converged(out, &r, pass, dirty);
			return;
		}
		if (l->auto_converge)
			auto_converge(l, &r, pass, dt, r.send, dirty);
		/* nothing left to change: the same pass again and again */
		if (dirty >= r.send && (!l->auto_converge || r.throttle >= THROTTLE_MAX) &&
		    (!l->raise_pass || pass >= l->raise_pass) && !l->postcopy_pass && budget <= 0.0) {
			fails(out, &r, pass, "it never converges: with no time budget it copies "
			      "until ^C");
			return;
		}
		r.send = dirty;
	}
	fails(out, &r, MAX_PASSES, "it is still copying after " STRING(MAX_PASSES) " passes");
}

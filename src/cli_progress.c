/* src/cli_progress.c — what move, replay and evacuate print while and
 * after a migration runs: progress lines and findings on stderr, the result
 * on stdout.  On a terminal the progress line is redrawn in place; anywhere
 * else (a log, a pipe, TERM=dumb) every line is plain text with no control
 * code, one line a second at most, events always.  With --json the progress
 * and event lines are JSON Lines on stderr instead (one object a line, the
 * same pace), stdout keeping its one document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_progress_init(struct cli_progress *pr, const char *label)
{
	const char *term = getenv("TERM");

	memset(pr, 0, sizeof *pr);
	pr->last = -1;
	pr->label = label;
	pr->vm = label;
	pr->json = cli_json_enabled();
	pr->tty = !pr->json && isatty(STDERR_FILENO) && term && term[0] &&
		  strcmp(term, "dumb") != 0;
}

/* Where a progress or event line begins: on a terminal the redrawn line
 * is cleared first.  Then "[LABEL] " on OUT. */
static void start_line(struct cli_progress *pr, FILE *out)
{
	if (pr->tty && pr->pending)
		fputs("\r\033[K", stderr);
	pr->pending = 0;
	if (pr->label) {
		fputs("[", out);
		cli_text(out, pr->label);
		fputs("] ", out);
	}
}

/* The precopy of memory or its switchover: passes and dirty pages apply. */
static int live_phase(const struct migration_progress *p)
{
	return p->phase == MIGRATION_PHASE_MEMORY || p->phase == MIGRATION_PHASE_SWITCHOVER;
}

static void json_head(const struct cli_progress *pr, const char *type,
		      const struct migration_progress *p)
{
	fprintf(stderr, "{\"type\":\"%s\",\"vm\":", type);
	cli_json_string(stderr, pr->vm);
	fprintf(stderr, ",\"phase\":\"%s\",\"elapsed_s\":%.1f", migration_phase_name(p->phase),
		p->elapsed_s > 0 ? p->elapsed_s : 0);
}

/* One progress line of JSON: the schema is in virt-migrate(1), JSON OUTPUT. */
static void json_progress(struct cli_progress *pr, const struct migration_progress *p,
			  unsigned pct)
{
	char why[160];
	int live = live_phase(p);

	json_head(pr, "progress", p);
	fprintf(stderr, ",\"percent\":%u,\"total_bytes\":%llu,\"processed_bytes\":%llu,"
		"\"remaining_bytes\":%llu,\"transfer_bps\":%.0f", pct, p->total, p->processed,
		p->remaining, p->rate_bps > 0 ? p->rate_bps : 0);
	if (live)
		fprintf(stderr, ",\"pass\":%llu,\"dirty_pages_s\":%llu,\"page_size\":%llu,"
			"\"dirty_bps\":%.0f", p->iteration, p->dirty_rate, p->page_size
			? p->page_size : PROGRESS_FIGURES_PAGE_SIZE, p->dirty_bps);
	else
		fputs(",\"pass\":null,\"dirty_pages_s\":null,\"page_size\":null,"
		      "\"dirty_bps\":null", stderr);
	if (p->eta_s >= 0)
		fprintf(stderr, ",\"eta_s\":%.1f,\"eta_is_estimate\":true,\"eta_why\":null",
			p->eta_s);
	else
		fprintf(stderr, ",\"eta_s\":null,\"eta_is_estimate\":false,\"eta_why\":\"%s\"",
			progress_figures_eta_name(p->eta_why));
	const struct progress_figures_latch *l = &pr->latch;
	if (progress_figures_latch_text(l, pct, why, sizeof why)) {
		fprintf(stderr, ",\"regress\":{\"why\":\"%s\",\"bytes\":%llu,\"pass\":",
			progress_figures_regress_name(l->why), l->bytes);
		if (l->why == MIGRATION_REGRESS_NEW_PASS)
			fprintf(stderr, "%llu", l->pass);
		else
			fputs("null", stderr);
		fprintf(stderr, ",\"percent\":%u,\"text\":", pct);
		cli_json_string(stderr, why);
		fputs("}}\n", stderr);
	} else {
		fputs(",\"regress\":null}\n", stderr);
	}
}

static void text_figures(FILE *out, struct cli_progress *pr, const struct migration_progress *p,
			 unsigned pct)
{
	char b1[32], b2[32], b3[32], b4[32], why[160];

	fprintf(out, "[%6.1fs] %-10s %3u%%, ", p->elapsed_s, migration_phase_name(p->phase), pct);
	if (live_phase(p))
		fprintf(out, "pass %llu, ", p->iteration);
	fprintf(out, "%s left of %s, %s sent", engine_bytes(p->remaining, b1, sizeof b1),
		engine_bytes(p->total, b2, sizeof b2), engine_bytes(p->processed, b3, sizeof b3));
	engine_bytes((unsigned long long)(p->rate_bps > 0 ? p->rate_bps : 0), b4, sizeof b4);
	if (live_phase(p))
		/* the two rates in one unit: the dirtying against the transfer */
		fprintf(out, ", dirtied %s/s (%llu pages/s) against %s/s sent",
			engine_bytes((unsigned long long)p->dirty_bps, b1, sizeof b1),
			p->dirty_rate, b4);
	else
		fprintf(out, ", %s/s", b4);
	fprintf(out, ", %s", progress_figures_eta_text(p, why, sizeof why));
	if (progress_figures_latch_text(&pr->latch, pct, why, sizeof why)) {
		fputs("; ", out);
		fputs(why, out);
	}
}

/* Anywhere but a terminal, the line as is; on a terminal, redrawn in place
 * by the next one, so cut to the terminal's width: a line that wrapped
 * would leave its first rows behind at each redraw. */
static void text_progress(struct cli_progress *pr, const struct migration_progress *p,
			  unsigned pct)
{
	if (!pr->tty) {
		start_line(pr, stderr);
		text_figures(stderr, pr, p, pct);
		fputs("\n", stderr);
		return;
	}
	char *line = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);
	if (!m)
		return;
	start_line(pr, m);
	text_figures(m, pr, p, pct);
	if (fclose(m) == 0 && line)
		cli_clip(stderr, line, cli_wrap_width(stderr) - 1);
	free(line);
	pr->pending = 1;	/* redrawn by the next line */
}

void cli_progress_fn(const struct migration_progress *p, void *user)
{
	struct cli_progress *pr = user;

	if (p->event) {
		if (pr->json) {
			json_head(pr, "event", p);
			fputs(",\"message\":", stderr);
			cli_json_string(stderr, p->event);
			fputs("}\n", stderr);
		} else {
			start_line(pr, stderr);
			fprintf(stderr, "[%6.1fs] %-10s ", p->elapsed_s,
				migration_phase_name(p->phase));
			cli_text(stderr, p->event);
			fputs("\n", stderr);
		}
		fflush(stderr);
		return;
	}
	/* every snapshot's regress is kept for the next line shown */
	progress_figures_latch_add(&pr->latch, p);
	if (p->elapsed_s - pr->last < 1.0 || p->total == 0)
		return;
	pr->last = p->elapsed_s;
	unsigned pct = progress_figures_percent(p);
	if (pr->json)
		json_progress(pr, p, pct);
	else
		text_progress(pr, p, pct);
	progress_figures_latch_shown(&pr->latch, pct);
	fflush(stderr);
}

void cli_progress_end(struct cli_progress *pr)
{
	if (pr->tty && pr->pending)
		fputs("\n", stderr);
	pr->pending = 0;
	fflush(stderr);
}

void cli_progress_findings(const char *label, const struct findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (x->severity == FINDING_INFO)
			continue;
		struct cli_row r;
		if (!cli_row_open(&r))
			return;
		if (label) {
			fputs("[", r.m);
			cli_text(r.m, label);
			fputs("] ", r.m);
		}
		fprintf(r.m, "%s: %s: ", finding_severity_name(x->severity), x->code);
		cli_text(r.m, x->message);
		cli_diag(stderr, &r, x->hint, 1);
	}
}

int cli_progress_exit(enum migration_outcome o)
{
	switch (o) {
	case MIGRATION_DONE:
		return CLI_EXIT_OK;
	case MIGRATION_CANCELLED:
		return CLI_EXIT_CANCELLED;
	default:
		return CLI_EXIT_FAILED;
	}
}

/* A number of the result, or null when unknown (never -1). */
static void json_ms(FILE *out, const char *name, long long ms)
{
	if (ms < 0)
		fprintf(out, ",\"%s_ms\":null,\"%s_s\":null", name, name);
	else
		fprintf(out, ",\"%s_ms\":%lld,\"%s_s\":%.3f", name, ms, name, (double)ms / 1000.0);
}

void cli_progress_result_members(FILE *out, const struct migration_result *r)
{
	fprintf(out, ",\"outcome\":\"%s\",\"refused\":%s,\"seconds\":%.3f",
		migration_outcome_name(r->outcome), r->refused ? "true" : "false", r->total_s);
	json_ms(out, "downtime", r->downtime_ms);
	fprintf(out, ",\"bytes\":%llu,\"iterations\":%llu,\"where\":", r->data_bytes,
		r->iterations);
	cli_json_string(out, r->where[0] ? r->where : NULL);
	fputs(",\"cleaned\":", out);
	cli_json_string(out, r->cleaned[0] ? r->cleaned : NULL);
	/* what crossed the link was under TLS; unknown when nothing did */
	fprintf(out, ",\"encrypted\":%s", r->refused ? "null" : r->encrypted ? "true" : "false");
}

void cli_progress_result_json(FILE *out, const struct plan *plan, const struct migration_result *r)
{
	fputs("{\"vm\":", out);
	cli_json_string(out, plan->vm);
	cli_progress_result_members(out, r);
	fputs(",\"error\":", out);
	if (r->outcome == MIGRATION_DONE)
		fputs("null", out);
	else
		cli_json_error_object(out, r->error.message, r->error.hint);
	fputs("}", out);
}

void cli_progress_result_text(FILE *out, const struct migration_result *r)
{
	char b[32];

	if (r->outcome == MIGRATION_DONE) {
		fputs("done: ", out);
		cli_text(out, r->where);
		fprintf(out, "; %.1f s", r->total_s);
		if (r->downtime_ms >= 0)
			fprintf(out, ", downtime %lld ms", r->downtime_ms);
		if (r->data_bytes)
			fprintf(out, ", %s moved", engine_bytes(r->data_bytes, b, sizeof b));
		if (r->iterations)
			fprintf(out, ", %llu passes", r->iterations);
		fputs(".\n", out);
		return;
	}
	fprintf(out, "%s: ", r->refused ? "refused" : migration_outcome_name(r->outcome));
	cli_text(out, r->error.message);
	if (r->cleaned[0]) {
		fputs(" Removed: ", out);
		cli_text(out, r->cleaned);
		fputs(".", out);
	}
	if (r->error.hint[0]) {
		fputs(" ", out);
		cli_text(out, r->error.hint);
	}
	fputs("\n", out);
}

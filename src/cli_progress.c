/* src/cli_progress.c — what move and replay print while and after a
 * migration runs: progress lines and findings on stderr, the result on
 * stdout.  On a terminal the progress line is redrawn in place; anywhere
 * else (a log, a pipe, TERM=dumb) every line is plain text with no control
 * code, one line a second at most, events always. */
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
	pr->tty = isatty(STDERR_FILENO) && term && term[0] && strcmp(term, "dumb") != 0;
}

static void start_line(struct cli_progress *pr)
{
	if (pr->tty && pr->pending)
		fputs("\r\033[K", stderr);
	pr->pending = 0;
	if (pr->label) {
		fputs("[", stderr);
		cli_text(stderr, pr->label);
		fputs("] ", stderr);
	}
}

void cli_progress_fn(const struct migration_progress *p, void *user)
{
	struct cli_progress *pr = user;
	char b1[32], b2[32], b3[32], b4[32];

	if (p->event) {
		start_line(pr);
		fprintf(stderr, "[%6.1fs] %-10s ", p->elapsed_s, migration_phase_name(p->phase));
		cli_text(stderr, p->event);
		fputs("\n", stderr);
		fflush(stderr);
		return;
	}
	if (p->elapsed_s - pr->last < 1.0 || p->total == 0)
		return;
	pr->last = p->elapsed_s;
	unsigned pct = (unsigned)(100.0 * (double)(p->total - p->remaining) / (double)p->total);
	start_line(pr);
	fprintf(stderr, "[%6.1fs] %-10s %3u%%, %s left of %s, %s sent, %s/s", p->elapsed_s,
		migration_phase_name(p->phase), pct, engine_bytes(p->remaining, b1, sizeof b1),
		engine_bytes(p->total, b2, sizeof b2), engine_bytes(p->processed, b4, sizeof b4),
		engine_bytes((unsigned long long)p->rate_bps, b3, sizeof b3));
	if (p->phase == MIGRATION_PHASE_MEMORY || p->phase == MIGRATION_PHASE_SWITCHOVER)
		fprintf(stderr, ", dirty %llu pages/s, pass %llu", p->dirty_rate, p->iteration);
	if (p->eta_s >= 0)
		fprintf(stderr, ", about %.0f s left", p->eta_s);
	if (pr->tty)
		pr->pending = 1;	/* redrawn by the next line */
	else
		fputs("\n", stderr);
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

/* src/cli_evacuate.c — "evacuate HOST" (maintenance mode): where each VM of
 * HOST goes, chosen by the checks of a move (engine/evacuate.c), as a table
 * or JSON; then the run (src/cli_evacuate_run.c), unless --dry-run or
 * --save-answers (the moves for 'replay --parallel').  --return FILE is the
 * way back (src/cli_evacuate_return.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli_evacuate.h"
#include "cli_forecast.h"
#include "../engine/evacuate_forecast.h"
#include "../engine/evacuate_makespan.h"

#define EVACUATE_MAX_TARGETS 64

struct evacuate_doc {
	const char *host;
	const struct evacuate_plan *plan;	/* once planned */
	const char *answers;
	const char *record;			/* the way back, when the moves run */
	const struct evacuate_run *run;		/* once run */
	const struct findings *limits;		/* the plan against the targets' limits */
	const struct evacuate_makespan *makespan;	/* the estimate, once planned */
	const struct forecast *forecasts;	/* one per move (--dry-run), or NULL */
	int dry_run;
};

/* F: the forecast of move M, or NULL when none was made (not --dry-run). */
static void move_json(FILE *out, const struct evacuate_move *m, const struct forecast *f)
{
	const struct plan *p = &m->plan;

	fputs("{\"vm\":", out);
	cli_json_string(out, m->vm->name);
	fputs(",\"state\":", out);
	cli_json_string(out, inv_vm_state_name(m->vm->state));
	fprintf(out, ",\"live\":%s,\"memory\":%llu,\"target\":", m->live ? "true" : "false",
		m->vm->memory_kib * 1024);
	cli_json_string(out, p->target);
	fputs(",\"kind\":", out);
	cli_json_string(out, p->target ? plan_kind_name(p->kind) : NULL);
	fputs(",\"move\":", out);
	cli_json_string(out, p->target ? plan_kind_move_name(p->kind, m->live) : NULL);
	fputs(",\"datastore\":", out);
	cli_json_string(out, p->datastore);
	fputs(",\"checked\":", out);
	cli_json_string(out, m->checked);
	fprintf(out, ",\"errors\":%zu,\"warnings\":%zu,\"findings\":", m->findings.errors,
		m->findings.warnings);
	cli_json_findings(out, &m->findings);
	fputs(",\"forecast\":", out);
	if (f && p->target)
		cli_forecast_json(out, f);
	else
		fputs("null", out);
	fputs("}", out);
}

/* "makespan": {seconds, lower_bound_s, bound_by, unknown_reason}, or null
 * when there is no plan. */
static void makespan_json(FILE *out, const struct evacuate_makespan *ms)
{
	fputs(",\"makespan\":", out);
	if (!ms) {
		fputs("null", out);
		return;
	}
	if (ms->seconds >= 0.0)
		fprintf(out, "{\"seconds\":%.3f", ms->seconds);
	else
		fputs("{\"seconds\":null", out);
	if (ms->lower_bound_s >= 0.0)
		fprintf(out, ",\"lower_bound_s\":%.3f", ms->lower_bound_s);
	else
		fputs(",\"lower_bound_s\":null", out);
	fputs(",\"bound_by\":", out);
	cli_json_string(out, ms->bound_by[0] ? ms->bound_by : NULL);
	fputs(",\"unknown_reason\":", out);
	cli_json_string(out, ms->unknown_reason[0] ? ms->unknown_reason : NULL);
	fputs("}", out);
}

/* "Expected makespan: about 42 s (lower bound 30 s: host a's link, 1.4x)",
 * or "Expected makespan: unknown (why)"; nothing when no VM leaves. */
static void makespan_text(FILE *out, const struct evacuate_plan *ep,
			  const struct evacuate_makespan *ms)
{
	struct cli_row r;
	char est[32], low[32];

	if (!ms || !ep->placed || !cli_row_open(&r))
		return;
	if (ms->seconds < 0.0) {
		fputs("Expected makespan: unknown (", r.m);
		cli_text(r.m, ms->unknown_reason);
		fputs(")", r.m);
	} else {
		fprintf(r.m, "Expected makespan: about %s (lower bound %s",
			engine_duration(ms->seconds, est, sizeof est),
			engine_duration(ms->lower_bound_s, low, sizeof low));
		if (ms->bound_by[0]) {
			fputs(": ", r.m);
			cli_text(r.m, ms->bound_by);
		}
		if (ms->lower_bound_s > 0.0)
			fprintf(r.m, ", %.1fx", ms->seconds / ms->lower_bound_s);
		fputs(")", r.m);
	}
	cli_row_print(&r, out, 0, 2);
}

/* The estimate of EP's placed moves into MS (an engine error said as its
 * unknown reason: the estimate is never worth failing the command for). */
static void estimate(struct cli *cli, struct inventory *inv, const struct evacuate_plan *ep,
		     struct evacuate_makespan *ms)
{
	struct vm_error err;

	if (evacuate_makespan_plan(inv, &cli->cfg, ep, ms, &err) < 0) {
		ms->seconds = ms->lower_bound_s = -1.0;
		ms->bound_by[0] = '\0';
		snprintf(ms->unknown_reason, sizeof ms->unknown_reason, "%.300s", err.message);
	}
}

static void evacuate_members(FILE *out, const void *arg)
{
	const struct evacuate_doc *d = arg;

	fputs(",\"host\":", out);
	cli_json_string(out, d->host);
	fprintf(out, ",\"dry_run\":%s,\"answers\":", d->dry_run ? "true" : "false");
	cli_json_string(out, d->answers);
	fputs(",\"record\":", out);
	cli_json_string(out, d->record);
	fputs(",\"returns\":null,\"limits\":", out);
	if (d->limits)
		cli_json_findings(out, d->limits);
	else
		fputs("null", out);
	makespan_json(out, d->makespan);
	if (!d->plan) {
		fputs(",\"vms\":null,\"placed\":null,\"stay\":null,\"moves\":null,\"rounds\":null,"
		      "\"results\":null,\"taken_out\":null,\"appeared\":null", out);
		return;
	}
	fprintf(out, ",\"vms\":%zu,\"placed\":%zu,\"stay\":%zu,\"moves\":", d->plan->nmoves,
		d->plan->placed, d->plan->nmoves - d->plan->placed);
	if (d->run) {
		/* the plan's VMs were in an inventory a later round may have read again */
		fputs("null", out);
	} else {
		fputs("[", out);
		for (size_t i = 0; i < d->plan->nmoves; i++) {
			fputs(i ? "," : "", out);
			move_json(out, &d->plan->moves[i], d->forecasts ? &d->forecasts[i] : NULL);
		}
		fputs("]", out);
	}
	if (d->run)
		cli_evacuate_run_json(out, d->run);
	else
		fputs(",\"rounds\":null,\"results\":null,\"taken_out\":null,\"appeared\":null",
		      out);
}

/* The plan as a table (under each live move its forecast, when FC has
 * them: one per move), then each VM that stays with what stops it. */
static void evacuate_text(FILE *out, const struct evacuate_plan *ep, const struct forecast *fc)
{
	int w = 2;	/* "VM" */
	struct cli_row r;

	for (size_t i = 0; i < ep->nmoves; i++) {
		char *name = cli_text_dup(ep->moves[i].vm->name);
		int n = name ? (int)strlen(name) : 1;
		w = n > w ? (n < 32 ? n : 32) : w;
		free(name);
	}
	fprintf(out, "Evacuation of host %s: %zu VM%s, %zu can leave, %zu stay%s.\n", ep->host,
		ep->nmoves, ep->nmoves == 1 ? "" : "s", ep->placed, ep->nmoves - ep->placed,
		ep->nmoves - ep->placed == 1 ? "s" : "");
	if (!ep->nmoves)
		return;
	fprintf(out, "  %-*s  %-9s %-16s %-24s %s\n", w, "VM", "STATE", "TO", "MOVE", "DATASTORE");
	for (size_t i = 0; i < ep->nmoves; i++) {
		const struct evacuate_move *m = &ep->moves[i];
		char *name = cli_text_dup(m->vm->name);
		fprintf(out, "  %-*s  %-9s %-16s %-24s %s\n", w, name ? name : "?",
			inv_vm_state_name(m->vm->state), m->plan.target ? m->plan.target : "(stays)",
			m->plan.target ? plan_kind_move_name(m->plan.kind, m->live) : "-",
			m->plan.datastore ? m->plan.datastore : "-");
		free(name);
		if (fc && m->plan.target && fc[i].verdict != FORECAST_NONE)
			cli_forecast_brief(out, &fc[i], 4);
	}
	for (size_t i = 0; i < ep->nmoves; i++) {
		const struct evacuate_move *m = &ep->moves[i];
		if (m->plan.target || !cli_row_open(&r))
			continue;
		fputs("VM '", r.m);
		cli_text(r.m, m->vm->name);
		if (m->checked)
			fprintf(r.m, "' stays on %s: no candidate host takes it; host %s, the closest, "
				"says:", ep->host, m->checked);
		else
			fprintf(r.m, "' stays on %s: there is no candidate host (none other in its "
				"cluster is reachable; --to names others).", ep->host);
		cli_row_print(&r, out, 0, 2);
		struct findings errors = { 0 };
		for (size_t k = 0; k < m->findings.count; k++) {
			const struct finding *f = &m->findings.items[k];
			if (f->severity == FINDING_ERROR)
				findings_add(&errors, f->severity, f->code, f->hint, "%s", f->message);
		}
		cli_check_findings_text(out, &errors);
		findings_free(&errors);
	}
}

/* y or yes on the terminal: 1; anything else (a signal too): 0. */
static int confirm(const struct evacuate_plan *ep)
{
	char line[64];

	fprintf(stderr, "Evacuate host %s: move %zu VM%s at once? [y/N] ", ep->host, ep->placed,
		ep->placed == 1 ? "" : "s");
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin))
		return 0;
	line[strcspn(line, "\n")] = '\0';
	return strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
}

/* The plan shown, confirmed (unless YES), run. */
static int run_plan(struct cli *cli, struct inventory *inv, struct evacuate_plan *ep,
		    const struct evacuate_options *eo, struct evacuate_doc *doc, char **record,
		    struct evacuate_run *run, int yes)
{
	struct vm_error err;

	if (!cli->json) {
		evacuate_text(stdout, ep, NULL);
		makespan_text(stdout, ep, doc->makespan);
	}
	fflush(stdout);
	if (!doc->record) {
		*record = evacuate_record_path(ep->host, &err);
		if (!*record) {
			cli_error(stderr, NULL, &err);
			return CLI_EXIT_USAGE;
		}
		doc->record = *record;
	}
	cli_cancel_on_signals();
	if (!yes && (!confirm(ep) || *cli_caught_signal())) {
		cli_json_error("not confirmed; nothing was done", "");
		fputs("virt-migrate: not confirmed; nothing was done\n", stderr);
		doc->record = NULL;
		return *cli_caught_signal() ? CLI_EXIT_CANCELLED : CLI_EXIT_FINDINGS;
	}
	int rc = cli_evacuate_run(cli, inv, ep, eo, doc->record, run);
	doc->run = run->vms || run->host ? run : NULL;
	return rc;
}

int cli_evacuate(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct plan tmpl;
	struct cli_plan_state st = { 0 };
	struct inventory inv = { 0 };
	struct evacuate_plan ep = { 0 };
	struct evacuate_doc doc = { 0 };
	struct evacuate_run run = { 0 };
	struct findings limits = { 0 };
	struct evacuate_makespan makespan = { 0 };
	struct forecast *forecasts = NULL;
	const char *targets[EVACUATE_MAX_TARGETS], *back = NULL;
	char *record = NULL;
	size_t ntargets = 0;
	int rc = CLI_EXIT_USAGE, opt, loaded = 0, planned = 0, yes = 0;
	const struct cli_plan_file files[] = {
		{ CLI_OPT_RECORD, &doc.record },
		{ CLI_OPT_RETURN, &back },
		{ CLI_OPT_SAVE_ANSWERS, &doc.answers },
	};

	memset(&tmpl, 0, sizeof tmpl);
	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		int r = cli_plan_option(&tmpl, &st, opt, optarg);
		if (r == 0)
			r = cli_plan_file_option(files, sizeof files / sizeof files[0], opt, optarg);
		if (r < 0)
			goto out;
		if (r == 1)
			continue;
		switch (opt) {
		case CLI_OPT_TO:
			if (ntargets == EVACUATE_MAX_TARGETS) {
				cli_usage_error("at most %d targets (--to)", EVACUATE_MAX_TARGETS);
				goto out;
			}
			targets[ntargets++] = optarg;
			break;
		case CLI_OPT_ENCRYPT:
			if (cli_parse_encrypt(optarg, &tmpl.encrypt) < 0)
				goto out;
			break;
		case CLI_OPT_DRY_RUN:
			doc.dry_run = 1;
			break;
		case CLI_OPT_YES:
			yes = 1;
			break;
		default:
			cli_parser_unhandled(opt);
			goto out;
		}
	}
	if (cli_parser_finish(&parser, opt, 0, &rc) < 0)
		goto out;
	if (back) {
		if (optind < argc || ntargets || doc.answers || doc.record) {
			cli_usage_error("--return FILE takes no host, --to, --save-answers or --record: "
					"the file says where each VM goes back to");
			goto out;
		}
		return cli_evacuate_return(cli, back, yes, doc.dry_run);
	}
	if (optind >= argc) {
		cli_usage_error("evacuate needs the host to empty (or --return FILE)");
		goto out;
	}
	doc.host = argv[optind];
	if (!doc.dry_run && !doc.answers && !yes && !isatty(STDIN_FILENO)) {
		cli_usage_error("would move VMs and its standard input is not a terminal to confirm "
				"it; add --yes to run without asking, or --dry-run to see the plan");
		goto out;
	}
	for (size_t i = 0; i < ntargets; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(targets[i], targets[k]) == 0) {
				cli_usage_error("target host '%s' is named twice (--to)", targets[i]);
				goto out;
			}
	for (size_t i = 0; i < ntargets; i++)
		if (strcmp(targets[i], doc.host) == 0) {
			cli_usage_error("host '%s' cannot be a target of its own evacuation (--to)",
					doc.host);
			goto out;
		}
	if ((rc = cli_start(cli)) != 0)
		goto out;
	cli_encrypt_default(cli, &tmpl.encrypt);
	cli_streams_default(cli, &tmpl.connections, &tmpl.compress);
	if (cli_inventory(cli, &inv) != 0) {
		rc = CLI_EXIT_FINDINGS;
		goto out;
	}
	loaded = 1;

	struct probe_options popt = { .refresh = cli->refresh };
	struct evacuate_options eo = { .tmpl = &tmpl, .targets = targets, .ntargets = ntargets,
				       .probe = &popt };
	struct vm_error err;
	int r = evacuate_plan(&inv, &cli->cfg, doc.host, &eo, &ep, &err);
	if (r != 0) {
		cli_error(stderr, NULL, &err);
		/* a name the configuration lacks is a usage error, as everywhere */
		rc = r == EVACUATE_BAD_NAME ? CLI_EXIT_USAGE : CLI_EXIT_FINDINGS;
		goto out;
	}
	planned = 1;
	doc.plan = &ep;
	/* before the run: it takes the plan's moves */
	estimate(cli, &inv, &ep, &makespan);
	doc.makespan = &makespan;
	if (!doc.dry_run && !doc.answers && ep.placed) {
		rc = run_plan(cli, &inv, &ep, &eo, &doc, &record, &run, yes);
		goto out;
	}
	/* the dry run: each live move's forecast, every VM sampled at once */
	if (doc.dry_run && (forecasts = calloc(ep.nmoves ? ep.nmoves : 1, sizeof *forecasts))) {
		evacuate_forecast(&inv, &cli->cfg, &ep, forecasts);
		doc.forecasts = forecasts;
	}
	if (!cli->json) {
		evacuate_text(stdout, &ep, doc.forecasts);
		makespan_text(stdout, &ep, &makespan);
	}
	/* the moves at once against what the targets' sshd and libvirt take */
	struct plan *placed = calloc(ep.nmoves ? ep.nmoves : 1, sizeof *placed);
	size_t nplaced = 0;
	for (size_t i = 0; placed && i < ep.nmoves; i++)
		if (ep.moves[i].plan.target)
			placed[nplaced++] = ep.moves[i].plan;	/* borrowed */
	if (placed)
		batch_limits_findings(&inv, placed, nplaced, &cli->cfg, &limits);
	free(placed);
	doc.limits = &limits;
	if (!cli->json && limits.count) {
		fputs("The targets' limits:\n", stdout);
		cli_check_findings_text(stdout, &limits);
	}
	rc = ep.placed == ep.nmoves && !limits.errors ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
	if (rc != CLI_EXIT_OK && ep.placed < ep.nmoves)
		cli_json_errorf("", "%zu of the %zu VMs of host %s can go nowhere.",
				ep.nmoves - ep.placed, ep.nmoves, ep.host);
	else if (rc != CLI_EXIT_OK)
		cli_json_errorf("", "A move of the plan can never run within its target's limits.");
	if (doc.answers) {
		struct plan *plans = calloc(ep.placed ? ep.placed : 1, sizeof *plans);
		size_t n = 0;
		if (!plans) {
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		for (size_t i = 0; i < ep.nmoves; i++)
			if (ep.moves[i].plan.target)
				plans[n++] = ep.moves[i].plan;	/* borrowed, not freed here */
		if (n == 0) {
			fputs("virt-migrate: no VM can leave: no answers file written\n", stderr);
			doc.answers = NULL;
		} else if (cli_plan_save_answers(cli, plans, n, doc.answers) != 0) {
			rc = CLI_EXIT_USAGE;
		}
		free(plans);
	}
out:
	cli_json_report(rc, evacuate_members, &doc);
	evacuate_run_free(&run);
	evacuate_makespan_free(&makespan);
	free(forecasts);
	findings_free(&limits);
	free(record);
	if (planned)
		evacuate_plan_free(&ep);
	if (loaded)
		inventory_free(&inv);
	plan_free(&tmpl);
	return rc;
}

/* src/cli_move.c — "move VM": check, then migrate without a terminal UI,
 * progress lines on stderr, the result on stdout.  ^C cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plan.h"
#include "cli_forecast.h"
#include "../engine/probe_dirty.h"

/* What the JSON document says of the move, however far it got. */
struct move_doc {
	const struct plan *plan;
	int planned;			/* the options made a plan */
	const char *source;		/* the VM's host, once found */
	int dry_run;
	const char *answers;		/* the answers file saved, or NULL */
	const char *outcome;		/* "refused", "dry-run"; NULL: see res */
	const struct migration_result *res;	/* when the migration ran */
	const struct forecast *forecast;	/* once the checks ran */
};

static void move_members(FILE *out, const void *arg)
{
	const struct move_doc *d = arg;

	fputs(",\"vm\":", out);
	cli_json_string(out, d->plan->vm);
	fputs(",\"kind\":", out);
	cli_json_string(out, d->planned ? plan_kind_name(d->plan->kind) : NULL);
	fputs(",\"source\":", out);
	cli_json_string(out, d->source);
	fputs(",\"host\":", out);
	cli_json_string(out, d->plan->target);
	cli_plan_streams_json(out, d->plan);
	fprintf(out, ",\"dry_run\":%s,\"answers\":", d->dry_run ? "true" : "false");
	cli_json_string(out, d->answers);
	fputs(",\"forecast\":", out);
	if (d->forecast)
		cli_forecast_json(out, d->forecast);
	else
		fputs("null", out);
	if (d->res) {
		cli_progress_result_members(out, d->res);
		return;
	}
	/* no migration ran: its numbers are not known */
	fputs(",\"outcome\":", out);
	cli_json_string(out, d->outcome);
	fprintf(out, ",\"refused\":%s", !d->outcome ? "null" :
		strcmp(d->outcome, "refused") == 0 ? "true" : "false");
	fputs(",\"seconds\":null,\"downtime_ms\":null,\"downtime_s\":null,\"bytes\":null,"
	      "\"iterations\":null,\"where\":null,\"cleaned\":null,\"encrypted\":null", out);
}

int cli_move(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct plan plan;
	struct cli_plan_state st = { 0 };
	struct inventory inv = { 0 };
	struct findings found = { 0 };
	struct check_facts facts;
	struct probe_dirty sample;
	struct forecast forecast;
	struct migration_result res;
	struct move_doc doc = { .plan = &plan };
	int rc = CLI_EXIT_USAGE, opt, loaded = 0, dry_run = 0;
	const char *answers_path = NULL;
	const struct cli_plan_file files[] = { { CLI_OPT_SAVE_ANSWERS, &answers_path } };

	memset(&plan, 0, sizeof plan);
	memset(&facts, 0, sizeof facts);
	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		int r = cli_plan_option(&plan, &st, opt, optarg);
		if (r == 0)
			r = cli_plan_file_option(files, 1, opt, optarg);
		if (r < 0)
			goto out;
		if (r == 1)
			continue;
		switch (opt) {
		case CLI_OPT_ENCRYPT:
			if (cli_parse_encrypt(optarg, &plan.encrypt) < 0)
				goto out;
			break;
		case CLI_OPT_DELETE_SOURCE:
			plan.delete_source = 1;
			break;
		case CLI_OPT_DRY_RUN:
			dry_run = doc.dry_run = 1;
			break;
		default:
			cli_parser_unhandled(opt);
			goto out;
		}
	}
	if (cli_parser_finish(&parser, opt, 0, &rc) < 0)
		goto out;
	if (cli_plan_operand(&plan, &st, argc, argv, optind) != 0)
		goto out;
	doc.planned = 1;
	if (plan_kind_check(&plan, NULL) == PLAN_FAULT_NO_HOST) {
		cli_usage_error("a %s move needs the target host (--host HOST); 'virt-migrate check "
				"VM' lists the hosts that can take it", plan_kind_name(plan.kind));
		goto out;
	}
	if ((rc = cli_start(cli)) != 0)
		goto out;
	cli_encrypt_default(cli, &plan.encrypt);
	cli_streams_default(cli, &plan.connections, &plan.compress);

	rc = CLI_EXIT_FINDINGS;
	const char *vms[] = { plan.vm }, *targets[] = { plan.target };
	if (cli_inventory_for(cli, &inv, vms, targets, 1) != 0)
		goto out;
	loaded = 1;
	struct inv_host *src = NULL;
	if (inventory_vm_find(&inv, plan.vm, &src) && src)
		doc.source = src->cfg->name;
	struct vm_error err;
	/* the dirty rate is sampled while the hosts are probed and checked */
	forecast_plan_start(&inv, &plan, &sample);
	int probed = probe_plan(&inv, &plan, &facts, &err) == 0;
	checks_evaluate(&inv, &plan, probed ? &facts : NULL, &cli->cfg, &found);
	forecast_plan_finish(&inv, &plan, &sample);
	forecast_plan(&inv, &cli->cfg, &plan, probed ? &facts : NULL, &sample, &forecast);
	doc.forecast = &forecast;
	cli_progress_findings(NULL, &found);
	cli_json_add_findings(&found);
	/* saved whatever the checks say now: replay checks again */
	if (answers_path && cli_plan_save_answers(cli, &plan, 1, answers_path) != 0) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	doc.answers = answers_path;
	if (found.errors) {
		/* a name that names nothing: a usage error, said as one */
		const struct finding *unknown = findings_unknown_name(&found);

		doc.outcome = "refused";
		if (unknown) {
			cli_unknown_name(NULL, unknown);
			rc = CLI_EXIT_USAGE;
		} else {
			cli_json_errorf("", "%zu error%s: VM '%s' was not moved; nothing was done.",
					found.errors, found.errors == 1 ? "" : "s", plan.vm);
		}
		struct cli_row r;
		if (cli_row_open(&r)) {
			fprintf(r.m, "virt-migrate: %zu error%s: VM '", found.errors,
				found.errors == 1 ? "" : "s");
			cli_text(r.m, plan.vm);
			fputs("' was not moved; nothing was done.", r.m);
			cli_diag(stderr, &r, NULL, 0);
		}
		goto out;
	}
	if (dry_run) {
		/* with --json the document is the answer; the sentence is for people */
		struct cli_row r;
		if (cli_row_open(&r)) {
			fputs("dry run: the checks passed; VM '", r.m);
			cli_text(r.m, plan.vm);
			fprintf(r.m, "' would move (%s).", plan_kind_title(plan.kind));
			cli_row_print(&r, cli->json ? stderr : stdout, 0, 2);
		}
		if (!cli->json) {
			cli_plan_nics_text(stdout, &inv, &plan);
			cli_forecast_text(stdout, &forecast, 2);
		}
		doc.outcome = "dry-run";
		rc = CLI_EXIT_OK;
		goto out;
	}

	/* ^C, SIGTERM and SIGHUP (the terminal closed) cancel, with rollback */
	struct migration_cancel *cancel = cli_cancel_on_signals();

	/* what to expect, before the progress lines */
	if (forecast.verdict != FORECAST_NONE)
		cli_forecast_text(stderr, &forecast, 0);
	/* the history keeps the forecast beside the actual figures */
	char *fjson = forecast_json_record(&forecast);
	plan.forecast_json = fjson;
	struct cli_progress pr;
	cli_progress_init(&pr, NULL);
	pr.vm = plan.vm;	/* named in the JSON progress lines */
	cli_cancel_on_terminal();
	migration_run(&inv, &plan, &cli->cfg, cli_progress_fn, &pr, cancel, &res);
	plan.forecast_json = NULL;
	free(fjson);
	cli_cancel_on_terminal_end();
	cli_progress_end(&pr);
	doc.res = &res;
	if (res.outcome != MIGRATION_DONE)
		cli_json_error(res.error.message, res.error.hint);
	if (!cli->json) {
		/* stdout says what happened in one line; the forecast beside the
		 * actual figures goes with the progress, on stderr */
		cli_progress_result_text(stdout, &res);
		fflush(stdout);
		if (res.outcome == MIGRATION_DONE)
			cli_forecast_result_text(stderr, &forecast, &res);
	}
	rc = res.refused ? CLI_EXIT_FINDINGS : cli_progress_exit(res.outcome);
out:
	cli_json_report(rc, move_members, &doc);
	findings_free(&found);
	if (loaded)
		inventory_free(&inv);
	plan_free(&plan);
	return rc;
}

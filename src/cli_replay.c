/* src/cli_replay.c — "replay FILE": the migrations of an answers file, with
 * no terminal needed.  Every section is checked against the hosts as they
 * are now; any error refuses the whole file, every reason listed with its
 * section.  Then the migrations run in order (or at once with --parallel),
 * progress on stderr, the result on stdout.  ^C or SIGTERM cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "../engine/answers.h"
#include "../engine/checks_together.h"
#include "../engine/forecast.h"
#include "../engine/probe_dirty.h"

struct section {
	const char *name;
	const struct plan *plan;
	struct findings found;
	struct cli_progress pr;
	char *forecast_json;		/* its history record's forecast (or NULL) */
};

struct replay {
	struct cli *cli;
	const char *path;
	struct answers ans;
	struct section *sec;
	struct findings hosts;		/* about hosts, not one section */
	size_t errors;			/* in all sections and hosts */
	int dry_run, yes, parallel;
	/* what the JSON document says, however far it got */
	int loaded, checked;		/* the answers were read; checked */
	const char *outcome;		/* NULL until known */
	struct migration_result *results;	/* when the migrations ran */
};

/* An unreachable host blocks the sections that go there (the checks say so)
 * and those whose VM cannot be found (it may be on that host); others only
 * get a warning. */
static void check_hosts(struct replay *r, struct inventory *inv)
{
	int vm_missing = 0;

	for (size_t i = 0; i < r->ans.count; i++)
		vm_missing |= inventory_vm_find(inv, r->ans.plans[i].vm, NULL) == NULL;
	for (size_t h = 0; h < inv->nhosts; h++) {
		const struct inv_host *host = &inv->hosts[h];
		if (host->reachable || host->skipped)
			continue;
		int target = 0;
		for (size_t i = 0; i < r->ans.count; i++)
			target |= r->ans.plans[i].target &&
				  strcmp(r->ans.plans[i].target, host->cfg->name) == 0;
		const char *hint = host->error.hint[0] ? host->error.hint : "";
		if (host->ssh_failure == SSHLINK_HOSTKEY_UNKNOWN)
			hint = "Check the key's fingerprint, then add it to known_hosts or run again "
			       "with --accept-new-host-keys.";
		enum finding_severity sev = vm_missing || target ? FINDING_ERROR : FINDING_WARNING;
		const char *msg = host->error.message[0] ? host->error.message :
				  "Host is unreachable.";
		findings_add(&r->hosts, sev, cli_json_host_code(host), hint, "%s", msg);
		cli_json_finding(sev, cli_json_host_code(host), host->cfg->name, msg, hint);
	}
}

/* What the sections need together that no section needs alone (a host's
 * free memory, a datastore's room: checks_together, the wizard's rule for
 * several VMs), at once or in order alike, since the moved VMs and their
 * disks stay; run at once, also what the targets' sshd and libvirt take at
 * a time: a move that must wait, and one that never can.  Findings about
 * the hosts. */
static void check_limits(struct replay *r, struct inventory *inv)
{
	struct findings lim = { 0 };

	if (r->parallel)
		batch_limits_findings(inv, r->ans.plans, r->ans.count, &r->cli->cfg, &lim);
	checks_together(inv, r->ans.plans, r->ans.count, &lim);
	for (size_t i = 0; i < lim.count; i++) {
		const struct finding *f = &lim.items[i];
		findings_add(&r->hosts, f->severity, f->code, f->hint, "%s", f->message);
		cli_json_finding(f->severity, f->code, NULL, f->message, f->hint);
	}
	findings_free(&lim);
}

/* Every check of every section; returns the number of errors. */
static size_t check_all(struct replay *r, struct inventory *inv)
{
	check_hosts(r, inv);
	check_limits(r, inv);
	r->errors = r->hosts.errors;
	/* each live move's forecast, for its history record: every VM sampled at
	 * once, while the checks run */
	struct probe_dirty *samples = r->dry_run ? NULL :
				      calloc(r->ans.count ? r->ans.count : 1, sizeof *samples);
	for (size_t i = 0; samples && i < r->ans.count; i++)
		forecast_plan_start(inv, r->sec[i].plan, &samples[i]);
	for (size_t i = 0; i < r->ans.count; i++) {
		struct section *s = &r->sec[i];
		struct check_facts facts;
		struct vm_error err;

		memset(&facts, 0, sizeof facts);
		int probed = probe_plan(inv, s->plan, &facts, &err) == 0;
		if (!probed)
			engine_log("replay: probing [migration %s] failed: %s", s->name, err.message);
		checks_evaluate(inv, s->plan, probed ? &facts : NULL, &r->cli->cfg, &s->found);
		if (samples) {
			struct forecast f;
			forecast_plan_finish(inv, s->plan, &samples[i]);
			forecast_plan(inv, &r->cli->cfg, s->plan, probed ? &facts : NULL, &samples[i],
				      &f);
			s->forecast_json = forecast_json_record(&f);
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(r->ans.plans[j].vm, s->plan->vm) == 0) {
				findings_add(&s->found, FINDING_ERROR, "replay.vm-twice",
					     "Put the moves of one VM into separate answers files and "
					     "replay them one after the other.",
					     "VM '%s' is also moved by [migration %s]: its second move "
					     "cannot be checked before the first has run.",
					     s->plan->vm, r->sec[j].name);
				break;
			}
		}
		r->errors += s->found.errors;
	}
	free(samples);
	return r->errors;
}

/* The replay's members of the JSON document: the checks once they ran, and
 * the results once the migrations ran. */
static void replay_members(FILE *out, const void *arg)
{
	const struct replay *r = arg;

	fputs(",\"file\":", out);
	cli_json_string(out, r->path);
	fputs(",\"recorded\":", out);
	cli_json_string(out, r->loaded ? r->ans.recorded : NULL);
	fputs(",\"outcome\":", out);
	cli_json_string(out, r->outcome);
	fprintf(out, ",\"dry_run\":%s,\"parallel\":%s", r->dry_run ? "true" : "false",
		r->parallel ? "true" : "false");
	if (!r->checked) {
		fputs(",\"errors\":null,\"hosts\":null,\"migrations\":null", out);
		return;
	}
	fprintf(out, ",\"errors\":%zu,\"hosts\":", r->errors);
	cli_json_findings(out, &r->hosts);
	fputs(",\"migrations\":[", out);
	for (size_t i = 0; i < r->ans.count; i++) {
		const struct section *s = &r->sec[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", out);
		cli_json_string(out, s->name);
		fputs(",\"vm\":", out);
		cli_json_string(out, s->plan->vm);
		fprintf(out, ",\"kind\":\"%s\",\"host\":", plan_kind_name(s->plan->kind));
		cli_json_string(out, s->plan->target);
		fprintf(out, ",\"delete_source\":%s,\"errors\":%zu,\"warnings\":%zu,"
			"\"findings\":", s->plan->delete_source ? "true" : "false", s->found.errors,
			s->found.warnings);
		cli_json_findings(out, &s->found);
		fputs(",\"result\":", out);
		if (r->results)
			cli_progress_result_json(out, s->plan, &r->results[i]);
		else
			fputs("null", out);
		fputs("}", out);
	}
	fputs("]", out);
}

static void section_label(FILE *out, const struct section *s)
{
	fputs("[", out);
	cli_text(out, s->name);
	fputs("] ", out);
}

/* One line per migration, and below it each destructive choice it makes. */
static void list_plans(FILE *out, const struct replay *r)
{
	for (size_t i = 0; i < r->ans.count; i++) {
		const struct plan *p = r->sec[i].plan;
		fputs("  ", out);
		section_label(out, &r->sec[i]);
		fputs("VM ", out);
		cli_text(out, p->vm);
		fprintf(out, ": %s", plan_kind_title(p->kind));
		if (p->target) {
			fputs(", to host ", out);
			cli_text(out, p->target);
		}
		if (p->datastore) {
			fputs(", datastore ", out);
			cli_text(out, p->datastore);
		}
		fputs("\n", out);
		if (p->delete_source)
			fputs("      Delete source: yes \u2014 the source disks are deleted after the "
			      "copy is verified\n", out);
	}
}

/* y or yes on the terminal: 1; anything else (a signal too): 0. */
static int confirm(const struct replay *r)
{
	char line[64];

	list_plans(stderr, r);
	fprintf(stderr, "Run %zu migration%s from ", r->ans.count, r->ans.count == 1 ? "" : "s");
	cli_text(stderr, r->path);
	fprintf(stderr, "%s? [y/N] ", r->ans.count == 1 ? "" : r->parallel ? " at once" : " in order");
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin))
		return 0;
	line[strcspn(line, "\n")] = '\0';
	return strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0;
}

static void on_progress(size_t index, const struct migration_progress *p, void *user)
{
	struct replay *r = user;

	if (index < r->ans.count)
		cli_progress_fn(p, &r->sec[index].pr);
}

/* Cancelled beats failed beats not started (or refused: the VM was locked
 * by another run, nothing was done to it). */
static int batch_exit(const struct migration_result *res, size_t n)
{
	int rc = CLI_EXIT_OK;

	for (size_t i = 0; i < n; i++) {
		int e;
		switch (res[i].refused ? MIGRATION_NOT_STARTED : res[i].outcome) {
		case MIGRATION_DONE:
			e = CLI_EXIT_OK;
			break;
		case MIGRATION_CANCELLED:
			e = CLI_EXIT_CANCELLED;
			break;
		case MIGRATION_NOT_STARTED:
			e = CLI_EXIT_FINDINGS;
			break;
		default:
			e = CLI_EXIT_FAILED;
			break;
		}
		if (e == CLI_EXIT_CANCELLED || (e == CLI_EXIT_FAILED && rc != CLI_EXIT_CANCELLED) ||
		    (e == CLI_EXIT_FINDINGS && rc == CLI_EXIT_OK))
			rc = e;
	}
	return rc;
}

static const char *exit_word(int rc)
{
	switch (rc) {
	case CLI_EXIT_OK:
		return "done";
	case CLI_EXIT_CANCELLED:
		return "cancelled";
	case CLI_EXIT_FAILED:
		return "failed";
	default:
		return "not-done";
	}
}

static int run(struct replay *r, struct inventory *inv)
{
	struct migration_result *res = calloc(r->ans.count, sizeof *res);
	if (!res) {
		cli_json_error("out of memory", "");
		fputs("virt-migrate: out of memory\n", stderr);
		return CLI_EXIT_FINDINGS;
	}
	struct migration_cancel *cancel = cli_cancel_on_signals();	/* (again) */

	for (size_t i = 0; i < r->ans.count; i++) {
		cli_progress_init(&r->sec[i].pr, r->sec[i].name);
		if (r->sec[i].plan)	/* the JSON lines name the VM */
			r->sec[i].pr.vm = r->sec[i].plan->vm;
		if (r->parallel || r->ans.count > 1)
			r->sec[i].pr.tty = 0;	/* lines of several migrations: never redrawn */
	}
	fprintf(stderr, "virt-migrate: replaying %zu migration%s%s\n", r->ans.count,
		r->ans.count == 1 ? "" : "s", r->ans.count == 1 ? "" : r->parallel ? " at once" :
		" in order");
	cli_cancel_on_terminal();
	for (size_t i = 0; i < r->ans.count; i++)
		r->ans.plans[i].forecast_json = r->sec[i].forecast_json;
	migration_batch_run(inv, r->ans.plans, r->ans.count, r->parallel, &r->cli->cfg,
			    on_progress, r, cancel, res);
	for (size_t i = 0; i < r->ans.count; i++)
		r->ans.plans[i].forecast_json = NULL;
	cli_cancel_on_terminal_end();
	for (size_t i = 0; i < r->ans.count; i++)
		cli_progress_end(&r->sec[i].pr);

	int rc = batch_exit(res, r->ans.count);
	r->results = res;	/* freed by cli_replay() after the document */
	r->outcome = exit_word(rc);
	for (size_t i = 0; i < r->ans.count; i++) {
		/* the first migration not done says why */
		if (rc != CLI_EXIT_OK && res[i].outcome != MIGRATION_DONE) {
			cli_json_errorf(res[i].error.hint, "[%s] %s", r->sec[i].name,
					res[i].error.message);
			break;
		}
	}
	if (!r->cli->json) {
		for (size_t i = 0; i < r->ans.count; i++) {
			section_label(stdout, &r->sec[i]);
			cli_progress_result_text(stdout, &res[i]);
		}
	}
	return rc;
}

int cli_replay(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct replay r = { .cli = cli };
	struct inventory inv = { 0 };
	struct vm_error err;
	int rc = CLI_EXIT_USAGE, opt, loaded = 0;

	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		switch (opt) {
		case CLI_OPT_DRY_RUN:
			r.dry_run = 1;
			break;
		case CLI_OPT_YES:
			r.yes = 1;
			break;
		case CLI_OPT_PARALLEL:
			r.parallel = 1;
			break;
		default:
			cli_parser_unhandled(opt);
			goto out;
		}
	}
	if (cli_parser_finish(&parser, opt, 1, &rc) < 0)
		goto out;
	r.path = argv[optind];
	if (answers_load(r.path, &r.ans, &err) != 0) {
		cli_error(stderr, NULL, &err);
		goto out;
	}
	r.loaded = 1;
	/* A run that would have to ask, with nobody to answer: refuse before
	 * connecting to anything. */
	if (!r.dry_run && !r.yes && !isatty(STDIN_FILENO)) {
		cli_usage_error("would move VMs and its standard input is not a terminal to confirm "
				"it; add --yes to run without asking, or --dry-run to check only");
		goto out;
	}
	r.sec = calloc(r.ans.count, sizeof *r.sec);
	if (!r.sec)
		goto out;
	for (size_t i = 0; i < r.ans.count; i++) {
		r.sec[i].name = r.ans.names[i];
		r.sec[i].plan = &r.ans.plans[i];
	}
	if ((rc = cli_start(cli)) != 0)
		goto out;
	rc = CLI_EXIT_FINDINGS;
	{
		/* only the hosts the answers name (sources by the VM index) */
		const char **vms = calloc(r.ans.count + 1, sizeof(*vms));
		const char **targets = calloc(r.ans.count + 1, sizeof(*targets));
		int bad = !vms || !targets;

		for (size_t i = 0; !bad && i < r.ans.count; i++) {
			vms[i] = r.ans.plans[i].vm;
			targets[i] = r.ans.plans[i].target;
		}
		bad = bad || cli_inventory_for(cli, &inv, vms, targets, r.ans.count) != 0;
		free(vms);
		free(targets);
		if (bad)
			goto out;
	}
	loaded = 1;

	fputs("virt-migrate: checking ", stderr);
	cli_text(stderr, r.path);
	if (r.ans.recorded) {
		fputs(" (recorded ", stderr);
		cli_text(stderr, r.ans.recorded);
		fputs(")", stderr);
	}
	fprintf(stderr, ": %zu migration%s\n", r.ans.count, r.ans.count == 1 ? "" : "s");
	check_all(&r, &inv);
	r.checked = 1;
	cli_progress_findings("hosts", &r.hosts);
	for (size_t i = 0; i < r.ans.count; i++)
		cli_progress_findings(r.sec[i].name, &r.sec[i].found);

	if (r.errors) {
		size_t bad = 0;
		for (size_t i = 0; i < r.ans.count; i++)
			bad += r.sec[i].found.errors > 0;
		r.outcome = "refused";
		cli_json_errorf("", "%zu error%s (%zu of %zu migration%s, %zu about hosts); nothing "
				"was done.", r.errors, r.errors == 1 ? "" : "s", bad, r.ans.count,
				r.ans.count == 1 ? "" : "s", r.hosts.errors);
		if (!cli->json) {
			fprintf(stdout, "refused: %zu error%s (%zu of %zu migration%s", r.errors,
				r.errors == 1 ? "" : "s", bad, r.ans.count, r.ans.count == 1 ? "" : "s");
			if (r.hosts.errors)
				fprintf(stdout, ", %zu about hosts", r.hosts.errors);
			fputs("); nothing was done.\n", stdout);
		}
		/* a section naming what names nothing: a usage error, said as one */
		for (size_t i = 0; i < r.ans.count; i++) {
			const struct finding *unknown = findings_unknown_name(&r.sec[i].found);
			if (unknown) {
				fflush(stdout);
				cli_unknown_name(r.sec[i].name, unknown);
				rc = CLI_EXIT_USAGE;
				break;
			}
		}
		goto out;
	}
	if (r.dry_run) {
		r.outcome = "dry-run";
		if (!cli->json) {
			fprintf(stdout, "dry run: the checks passed; %zu migration%s would run %s:\n",
				r.ans.count, r.ans.count == 1 ? "" : "s",
				r.parallel ? "at once" : "in order");
			list_plans(stdout, &r);
		}
		rc = CLI_EXIT_OK;
		goto out;
	}
	/* ^C, SIGTERM and SIGHUP from here on: at the question, or before the
	 * first migration starts, nothing is done; after, a cancel with rollback */
	cli_cancel_on_signals();
	if (!r.yes && !confirm(&r) && !*cli_caught_signal()) {
		r.outcome = "not-done";
		cli_json_error("not confirmed; nothing was done", "");
		fputs("virt-migrate: not confirmed; nothing was done\n", stderr);
		goto out;
	}
	if (*cli_caught_signal()) {
		r.outcome = "cancelled";
		cli_json_errorf("", "interrupted by %s; nothing was done",
				cli_signal_name(*cli_caught_signal()));
		fprintf(stderr, "%svirt-migrate: interrupted by %s; nothing was done\n",
			r.yes ? "" : "\n", cli_signal_name(*cli_caught_signal()));
		rc = CLI_EXIT_CANCELLED;
		goto out;
	}
	rc = run(&r, &inv);
out:
	cli_json_report(rc, replay_members, &r);
	free(r.results);
	if (r.sec)
		for (size_t i = 0; i < r.ans.count; i++) {
			findings_free(&r.sec[i].found);
			free(r.sec[i].forecast_json);
		}
	free(r.sec);
	findings_free(&r.hosts);
	if (loaded)
		inventory_free(&inv);
	answers_free(&r.ans);
	return rc;
}

/* src/cli_move.c — "move VM": check, then migrate without a terminal UI,
 * progress lines on stderr, the result on stdout.  ^C cancels. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plan.h"

enum {
	OPT_MAX_DOWNTIME = CLI_PLAN_OPT_NEXT_FREE,
	OPT_BANDWIDTH,
	OPT_MAX_TIME,
	OPT_DELETE_SOURCE,
	OPT_DRY_RUN,
};

static struct migration_cancel cancel_token;

static void on_signal(int sig)
{
	(void)sig;
	cancel_token.requested = 1;
}

struct printer {
	double last;
	int json;
};

static void progress(const struct migration_progress *p, void *user)
{
	struct printer *pr = user;
	char b1[32], b2[32], b3[32], b4[32];
	if (p->event) {
		fprintf(stderr, "[%6.1fs] %-10s %s\n", p->elapsed_s, migration_phase_name(p->phase),
			p->event);
		return;
	}
	if (p->elapsed_s - pr->last < 1.0 || p->total == 0)
		return;
	pr->last = p->elapsed_s;
	unsigned pct = p->total ? (unsigned)(100.0 * (double)(p->total - p->remaining) / (double)p->total) : 0;
	fprintf(stderr, "[%6.1fs] %-10s %3u%%, %s left of %s, %s sent, %s/s", p->elapsed_s,
		migration_phase_name(p->phase), pct, cli_bytes(p->remaining, b1, sizeof b1),
		cli_bytes(p->total, b2, sizeof b2), cli_bytes(p->processed, b4, sizeof b4),
		cli_bytes((unsigned long long)p->rate_bps, b3, sizeof b3));
	if (p->phase == MIGRATION_PHASE_MEMORY || p->phase == MIGRATION_PHASE_SWITCHOVER)
		fprintf(stderr, ", dirty %llu pages/s, pass %llu", p->dirty_rate, p->iteration);
	if (p->eta_s >= 0)
		fprintf(stderr, ", about %.0f s left", p->eta_s);
	fputs("\n", stderr);
}

static int parse_unsigned(const char *opt, const char *arg, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (!arg[0] || *end || arg[0] == '-' || v > max) {
		fprintf(stderr, "virt-migrate: %s '%s': expected a whole number from 0 to %u\n",
			opt, arg, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static void usage_error(const char *what)
{
	fprintf(stderr, "virt-migrate: %s\n"
		"usage: virt-migrate move VM --host HOST [--datastore DS | --disk DISK=DS[:FORMAT] ...] "
		"[--format same|thin|thick] [--network SRC=DST ...] [--priority high|standard] "
		"[--max-downtime MS] [--bandwidth MIBS] [--max-time S] [--delete-source] [--dry-run] "
		"[--json]\n", what);
}

static void print_findings(const struct findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (x->severity == FINDING_INFO)
			continue;
		fprintf(stderr, "%s: %s: ", finding_severity_name(x->severity), x->code);
		cli_text(stderr, x->message);
		if (x->hint[0]) {
			fputs(" (", stderr);
			cli_text(stderr, x->hint);
			fputs(")", stderr);
		}
		fputs("\n", stderr);
	}
}

static int outcome_exit(enum migration_outcome o)
{
	switch (o) {
	case MIGRATION_DONE:
		return CLI_EXIT_OK;
	case MIGRATION_CANCELLED:
		return CLI_EXIT_CANCELLED;
	default:
		return CLI_EXIT_ROLLED_BACK;
	}
}

static void print_result(const struct cli *cli, const struct plan *plan,
			 const struct migration_result *r)
{
	char b[32];
	if (cli->json) {
		fputs("{\"vm\":", stdout);
		cli_json_string(stdout, plan->vm);
		fprintf(stdout, ",\"outcome\":\"%s\",\"seconds\":%.3f,\"downtime_ms\":%lld,"
			"\"bytes\":%llu,\"iterations\":%llu,\"where\":",
			migration_outcome_name(r->outcome), r->total_s, r->downtime_ms, r->data_bytes,
			r->iterations);
		cli_json_string(stdout, r->where);
		fputs(",\"cleaned\":", stdout);
		cli_json_string(stdout, r->cleaned[0] ? r->cleaned : NULL);
		fputs(",\"error\":", stdout);
		cli_json_string(stdout, r->outcome == MIGRATION_DONE ? NULL : r->error.message);
		fputs("}\n", stdout);
		return;
	}
	if (r->outcome == MIGRATION_DONE) {
		fprintf(stdout, "done: %s; %.1f s", r->where, r->total_s);
		if (r->downtime_ms >= 0)
			fprintf(stdout, ", downtime %lld ms", r->downtime_ms);
		if (r->data_bytes)
			fprintf(stdout, ", %s moved", cli_bytes(r->data_bytes, b, sizeof b));
		if (r->iterations)
			fprintf(stdout, ", %llu passes", r->iterations);
		fputs(".\n", stdout);
		return;
	}
	fprintf(stdout, "%s: ", r->refused ? "refused" : migration_outcome_name(r->outcome));
	cli_text(stdout, r->error.message);
	if (r->cleaned[0])
		fprintf(stdout, " Removed: %s.", r->cleaned);
	if (r->error.hint[0]) {
		fputs(" ", stdout);
		cli_text(stdout, r->error.hint);
	}
	fputs("\n", stdout);
}

int cli_move(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS, CLI_PLAN_OPTIONS,
		{ "max-downtime", required_argument, NULL, OPT_MAX_DOWNTIME },
		{ "bandwidth", required_argument, NULL, OPT_BANDWIDTH },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "delete-source", no_argument, NULL, OPT_DELETE_SOURCE },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ NULL, 0, NULL, 0 },
	};
	struct plan plan;
	struct cli_plan_state st = { 0 };
	struct inventory inv = { 0 };
	struct findings found = { 0 };
	struct check_facts facts;
	int rc = CLI_EXIT_USAGE, opt, loaded = 0, dry_run = 0;

	memset(&plan, 0, sizeof plan);
	memset(&facts, 0, sizeof facts);
	optind = 0;
	while ((opt = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		if (cli_common_option(cli, opt))
			continue;
		int r = cli_plan_option(&plan, &st, opt, optarg);
		if (r < 0)
			goto out;
		if (r == 1)
			continue;
		switch (opt) {
		case OPT_MAX_DOWNTIME:
			if (parse_unsigned("--max-downtime", optarg, 600000, &plan.max_downtime_ms) < 0)
				goto out;
			break;
		case OPT_BANDWIDTH:
			if (parse_unsigned("--bandwidth", optarg, 1000000, &plan.bandwidth_mibs) < 0)
				goto out;
			break;
		case OPT_MAX_TIME:
			if (parse_unsigned("--max-time", optarg, 86400, &plan.max_time_s) < 0)
				goto out;
			break;
		case OPT_DELETE_SOURCE:
			plan.delete_source = 1;
			break;
		case OPT_DRY_RUN:
			dry_run = 1;
			break;
		default:
			usage_error("unknown option");
			goto out;
		}
	}
	if (cli_plan_operand(&plan, &st, argc, argv, optind) != 0) {
		usage_error("see the usage below");
		goto out;
	}
	if (plan.kind != PLAN_KIND_STORAGE && !plan.target) {
		usage_error("move needs the target host (--host HOST); 'virt-migrate check VM' lists "
			    "the hosts that can take it");
		goto out;
	}
	if ((rc = cli_start(cli)) != 0)
		goto out;

	rc = CLI_EXIT_FINDINGS;
	if (cli_inventory(cli, &inv) != 0)
		goto out;
	loaded = 1;
	struct vm_error err;
	int probed = probe_plan(&inv, &plan, &facts, &err) == 0;
	checks_evaluate(&inv, &plan, probed ? &facts : NULL, &cli->cfg, &found);
	print_findings(&found);
	if (found.errors) {
		fprintf(stderr, "virt-migrate: %zu error%s: VM '%s' was not moved; nothing was done.\n",
			found.errors, found.errors == 1 ? "" : "s", plan.vm);
		goto out;
	}
	if (dry_run) {
		fprintf(stdout, "dry run: the checks passed; VM '%s' would move (%s).\n", plan.vm,
			plan_kind_title(plan.kind));
		rc = CLI_EXIT_OK;
		goto out;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	struct printer pr = { .last = -1, .json = cli->json };
	struct migration_result res;
	migration_run(&inv, &plan, &cli->cfg, progress, &pr, &cancel_token, &res);
	print_result(cli, &plan, &res);
	rc = res.refused ? CLI_EXIT_FINDINGS : outcome_exit(res.outcome);
out:
	findings_free(&found);
	if (loaded)
		inventory_free(&inv);
	plan_free(&plan);
	return rc;
}

/* src/cli_check.c — "check VM": every finding, for one target host or for
 * every candidate host, as text or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plan.h"
#include "cli_forecast.h"
#include "../engine/probe_dirty.h"

struct verdict {
	const char *host;
	struct findings findings;
	int probed;
	struct check_facts facts;	/* when probed */
	struct forecast forecast;	/* of a live move to HOST */
};

static const char *verdict_word(const struct findings *f)
{
	if (f->errors)
		return "errors";
	if (f->warnings)
		return "warnings";
	return "ok";
}

/* Columns a finding's words need at the least beside its severity and
 * code; a narrower terminal gets them on rows of their own. */
#define CHECK_TEXT_MIN 30

static void finding_text(FILE *out, const struct finding *x)
{
	const char *sev = finding_severity_name(x->severity);
	char lead[128], *text;
	int col = snprintf(lead, sizeof lead, "    %-7s  %-24s ", sev, x->code);

	if (col < 0 || col >= (int)sizeof lead)
		return;
	if (cli_wrap_width(out) - col < CHECK_TEXT_MIN) {
		/* the words on rows of their own, under the severity */
		col = 6;
		fprintf(out, "    %s  %s\n%*s", sev, x->code, col, "");
	} else {
		fputs(lead, out);
	}
	text = cli_text_dup(x->message);
	cli_wrap_text(out, col, col, text ? text : "");
	free(text);
	if (x->hint[0]) {
		/* under the message, its further rows under its first word */
		fprintf(out, "%*shint: ", col, "");
		text = cli_text_dup(x->hint);
		cli_wrap_text(out, col + 6, col + 6, text ? text : "");
		free(text);
	}
}

void cli_check_findings_text(FILE *out, const struct findings *f)
{
	/* errors first, then warnings, then information */
	for (int sev = FINDING_ERROR; sev >= FINDING_INFO; sev--)
		for (size_t i = 0; i < f->count; i++)
			if ((int)f->items[i].severity == sev)
				finding_text(out, &f->items[i]);
}

static void verdict_text(FILE *out, const struct verdict *v)
{
	const struct findings *f = &v->findings;
	struct cli_row r;

	if (!cli_row_open(&r))
		return;
	fputs("  ", r.m);
	cli_text(r.m, v->host);
	fprintf(r.m, ": %s", verdict_word(f));
	if (f->errors || f->warnings)
		fprintf(r.m, " (%zu error%s, %zu warning%s)", f->errors, f->errors == 1 ? "" : "s",
			f->warnings, f->warnings == 1 ? "" : "s");
	cli_row_print(&r, out, 0, 4);
	cli_check_findings_text(out, f);
	/* what a move there would do (said once above when no move is live) */
	if (v->forecast.verdict != FORECAST_NONE)
		cli_forecast_text(out, &v->forecast, 4);
}

static void verdict_json(FILE *out, const struct verdict *v)
{
	fputs("{\"host\":", out);
	cli_json_string(out, v->host);
	fprintf(out, ",\"verdict\":\"%s\",\"errors\":%zu,\"warnings\":%zu,\"findings\":",
		verdict_word(&v->findings), v->findings.errors, v->findings.warnings);
	cli_json_findings(out, &v->findings);
	fputs(",\"forecast\":", out);
	cli_forecast_json(out, &v->forecast);
	fputs("}", out);
}

/* What the JSON document says of the check, however far it got. */
struct check_doc {
	const struct plan *plan;
	int planned;			/* the options made a plan */
	const char *source;		/* the VM's host, once found */
	const struct inv_vm *vm;	/* the VM, once found */
	const struct verdict *verdicts;	/* once checked */
	size_t nverdicts, good;
};

static void check_members(FILE *out, const void *arg)
{
	const struct check_doc *d = arg;

	fputs(",\"vm\":", out);
	cli_json_string(out, d->plan->vm);
	fputs(",\"source\":", out);
	cli_json_string(out, d->source);
	fputs(",\"kind\":", out);
	cli_json_string(out, d->planned ? plan_kind_name(d->plan->kind) : NULL);
	fprintf(out, ",\"live\":%s,\"state\":", !d->vm ? "null" : plan_is_live(d->vm) ? "true" :
		"false");
	cli_json_string(out, d->vm ? inv_vm_state_name(d->vm->state) : NULL);
	cli_plan_streams_json(out, d->plan);
	if (!d->verdicts) {
		fputs(",\"hosts\":null,\"movable\":null", out);
		return;
	}
	fputs(",\"hosts\":[", out);
	for (size_t i = 0; i < d->nverdicts; i++) {
		fputs(i ? "," : "", out);
		verdict_json(out, &d->verdicts[i]);
	}
	fprintf(out, "],\"movable\":%s", d->good ? "true" : "false");
}

/* The check as text on stdout: the VM, a verdict per host with its
 * findings, the hosts that can take it. */
static void check_text(const struct plan *plan, const struct inv_vm *vm, const struct inv_host *src,
		       const struct verdict *verdicts, size_t nverdicts, size_t good)
{
	struct cli_row r;

	if (!cli_row_open(&r))
		return;
	fputs("VM '", r.m);
	cli_text(r.m, plan->vm);
	fputs("'", r.m);
	if (vm) {
		fputs(" on host ", r.m);
		cli_text(r.m, src->cfg->name);
		fprintf(r.m, " (%s): %s, %s", inv_vm_state_name(vm->state),
			plan_is_live(vm) ? "live" : "cold", plan_kind_title(plan->kind));
	}
	cli_row_print(&r, stdout, 0, 2);
	/* no live move: said once, not per host */
	if (vm && nverdicts && verdicts[0].forecast.verdict == FORECAST_NONE)
		cli_forecast_text(stdout, &verdicts[0].forecast, 2);
	for (size_t i = 0; i < nverdicts; i++)
		verdict_text(stdout, &verdicts[i]);
	if (nverdicts == 0)
		fputs("  no candidate host: the configuration has no other host\n", stdout);
	if (!cli_row_open(&r))
		return;
	fprintf(r.m, "Verdict: %zu of %zu host%s can take it", good, nverdicts,
		nverdicts == 1 ? "" : "s");
	const char *sep = ": ";
	for (size_t i = 0; i < nverdicts; i++) {
		if (verdicts[i].findings.errors)
			continue;
		fputs(sep, r.m);
		cli_text(r.m, verdicts[i].host);
		sep = ", ";
	}
	fputs(".", r.m);
	cli_row_print(&r, stdout, 0, 2);
}

/* Probe and evaluate PLAN aimed at host TARGET. */
static void check_one(struct cli *cli, struct inventory *inv, struct plan *plan,
		      const struct probe_options *popt, const char *target, struct verdict *v)
{
	struct vm_error err;
	char *saved = plan->target;

	memset(&v->facts, 0, sizeof v->facts);
	plan->target = (char *)target;
	v->host = target;
	v->probed = probe_plan_opt(inv, plan, popt, &v->facts, &err) == 0;
	if (!v->probed)
		engine_log("check: probing '%s' for VM '%s' failed: %s", target ? target : "-",
			   plan->vm, err.message);
	checks_evaluate(inv, plan, v->probed ? &v->facts : NULL, &cli->cfg, &v->findings);
	plan->target = saved;
}

/* The forecast of PLAN aimed at V's host, once the dirty rate is read. */
static void forecast_one(struct cli *cli, struct inventory *inv, struct plan *plan,
			 const struct probe_dirty *sample, struct verdict *v)
{
	char *saved = plan->target;

	plan->target = (char *)v->host;
	forecast_plan(inv, &cli->cfg, plan, v->probed ? &v->facts : NULL, sample, &v->forecast);
	plan->target = saved;
}

int cli_check(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct probe_options popt = { 0 };
	struct plan plan;
	struct cli_plan_state st = { 0 };
	struct inventory inv = { 0 };
	struct verdict *verdicts = NULL;
	size_t nverdicts = 0;
	struct check_doc doc = { .plan = &plan };
	int rc = CLI_EXIT_USAGE, opt, loaded = 0;

	memset(&plan, 0, sizeof plan);
	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		if (opt == CLI_OPT_MEASURE_LINK) {
			popt.measure_link = 1;
			continue;
		}
		if (opt == CLI_OPT_ENCRYPT) {
			if (cli_parse_encrypt(optarg, &plan.encrypt) < 0)
				goto out;
			continue;
		}
		/* the table gives check no other option than the plan's */
		if (cli_plan_option(&plan, &st, opt, optarg) <= 0)
			goto out;
	}
	if (cli_parser_finish(&parser, opt, 0, &rc) < 0)
		goto out;
	if (cli_plan_operand(&plan, &st, argc, argv, optind) != 0)
		goto out;
	doc.planned = 1;
	if ((rc = cli_start(cli)) != 0)
		goto out;
	cli_encrypt_default(cli, &plan.encrypt);
	cli_streams_default(cli, &plan.connections, &plan.compress);

	popt.refresh = cli->refresh;
	/* one target (or none, storage only): only the hosts of the move */
	const char *vms[] = { plan.vm }, *targets[] = { plan.target };
	if ((plan.target || !plan_kind_needs_host(plan.kind)
	     ? cli_inventory_for(cli, &inv, vms, targets, 1) : cli_inventory(cli, &inv)) != 0) {
		rc = CLI_EXIT_FINDINGS;
		goto out;
	}
	loaded = 1;
	for (size_t i = 0; i < inv.nhosts; i++)
		if (!inv.hosts[i].reachable && !inv.hosts[i].skipped)
			cli_error(stderr, NULL, &inv.hosts[i].error);
	/* the verdicts say what an unreachable target means for the move */
	cli_json_unreachable(&inv, FINDING_WARNING);

	struct inv_host *src = NULL;
	struct inv_vm *vm = inventory_vm_find(&inv, plan.vm, &src);
	doc.vm = vm;
	doc.source = src ? src->cfg->name : NULL;
	verdicts = calloc(inv.nhosts + 1, sizeof *verdicts);
	if (!verdicts)
		goto out;
	/* the dirty rate is sampled while the hosts are probed and checked */
	struct probe_dirty sample;
	forecast_plan_start(&inv, &plan, &sample);
	if (!vm || plan.target || !plan_kind_needs_host(plan.kind)) {
		/* one target: the one asked, or the VM's own host */
		check_one(cli, &inv, &plan, &popt, plan.target ? plan.target :
			  (src ? src->cfg->name : NULL), &verdicts[nverdicts++]);
	} else {
		for (size_t i = 0; i < inv.nhosts; i++) {
			if (&inv.hosts[i] == src)
				continue;
			check_one(cli, &inv, &plan, &popt, inv.hosts[i].cfg->name, &verdicts[nverdicts++]);
		}
	}

	forecast_plan_finish(&inv, &plan, &sample);
	for (size_t i = 0; i < nverdicts; i++)
		forecast_one(cli, &inv, &plan, &sample, &verdicts[i]);

	size_t good = 0;
	for (size_t i = 0; i < nverdicts; i++)
		good += verdicts[i].findings.errors == 0;
	doc.verdicts = verdicts;
	doc.nverdicts = nverdicts;
	doc.good = good;
	if (!good && nverdicts == 1 && verdicts[0].host)
		cli_json_errorf("", "Host '%s' cannot take VM '%s'.", verdicts[0].host, plan.vm);
	else if (!good)
		cli_json_errorf("", "No host can take VM '%s'%s.", plan.vm,
				nverdicts ? "" : ": the configuration has no other host");
	/* a name that names nothing for every host checked: a usage error */
	const struct finding *unknown = NULL;
	for (size_t i = 0; !good && i < nverdicts; i++) {
		const struct finding *u = findings_unknown_name(&verdicts[i].findings);
		if (!u) {
			unknown = NULL;
			break;
		}
		unknown = unknown ? unknown : u;
	}

	if (!cli->json)
		check_text(&plan, vm, src, verdicts, nverdicts, good);
	rc = good ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
	if (unknown) {
		fflush(stdout);
		cli_unknown_name(NULL, unknown);
		rc = CLI_EXIT_USAGE;
	}
out:
	cli_json_report(rc, check_members, &doc);
	for (size_t i = 0; i < nverdicts; i++)
		findings_free(&verdicts[i].findings);
	free(verdicts);
	if (loaded)
		inventory_free(&inv);
	plan_free(&plan);
	return rc;
}

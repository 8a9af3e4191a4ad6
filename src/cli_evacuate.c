/* src/cli_evacuate.c — "evacuate HOST" (maintenance mode): where each VM of
 * HOST would go, chosen by the checks of a move (engine/evacuate.c), as a
 * table or JSON; --save-answers writes the moves for 'replay --parallel',
 * which runs them within the hosts' limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plan.h"

#define EVACUATE_MAX_TARGETS 64

struct evacuate_doc {
	const char *host;
	const struct evacuate_plan *plan;	/* once planned */
	const char *answers;
	int dry_run;
};

static void move_json(FILE *out, const struct evacuate_move *m)
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
	fputs("}", out);
}

static void evacuate_members(FILE *out, const void *arg)
{
	const struct evacuate_doc *d = arg;

	fputs(",\"host\":", out);
	cli_json_string(out, d->host);
	fprintf(out, ",\"dry_run\":%s,\"answers\":", d->dry_run ? "true" : "false");
	cli_json_string(out, d->answers);
	if (!d->plan) {
		fputs(",\"vms\":null,\"placed\":null,\"stay\":null,\"moves\":null", out);
		return;
	}
	fprintf(out, ",\"vms\":%zu,\"placed\":%zu,\"stay\":%zu,\"moves\":[", d->plan->nmoves,
		d->plan->placed, d->plan->nmoves - d->plan->placed);
	for (size_t i = 0; i < d->plan->nmoves; i++) {
		fputs(i ? "," : "", out);
		move_json(out, &d->plan->moves[i]);
	}
	fputs("]", out);
}

/* The plan as a table, then each VM that stays with what stops it. */
static void evacuate_text(FILE *out, const struct evacuate_plan *ep)
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

int cli_evacuate(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct plan tmpl;
	struct cli_plan_state st = { 0 };
	struct inventory inv = { 0 };
	struct evacuate_plan ep = { 0 };
	struct evacuate_doc doc = { 0 };
	const char *targets[EVACUATE_MAX_TARGETS];
	size_t ntargets = 0;
	int rc = CLI_EXIT_USAGE, opt, loaded = 0, planned = 0;

	memset(&tmpl, 0, sizeof tmpl);
	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		int r = cli_plan_option(&tmpl, &st, opt, optarg);
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
		case CLI_OPT_SAVE_ANSWERS:
			if (!optarg[0]) {
				cli_usage_error("--save-answers needs a file name");
				goto out;
			}
			doc.answers = optarg;
			break;
		default:
			cli_parser_unhandled(opt);
			goto out;
		}
	}
	if (cli_parser_finish(&parser, opt, 1, &rc) < 0)
		goto out;
	doc.host = argv[optind];
	if (!doc.dry_run && !doc.answers) {
		cli_usage_error("evacuate does not run the moves itself yet: --dry-run shows the "
				"plan; --save-answers FILE writes it for 'virt-migrate replay "
				"--parallel FILE', which runs them within the hosts' limits");
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
	if (!cli->json)
		evacuate_text(stdout, &ep);
	rc = ep.placed == ep.nmoves ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
	if (rc != CLI_EXIT_OK)
		cli_json_errorf("", "%zu of the %zu VMs of host %s can go nowhere.",
				ep.nmoves - ep.placed, ep.nmoves, ep.host);
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
	if (planned)
		evacuate_plan_free(&ep);
	if (loaded)
		inventory_free(&inv);
	plan_free(&tmpl);
	return rc;
}

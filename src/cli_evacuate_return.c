/* src/cli_evacuate_return.c — "evacuate --return FILE": the VMs an
 * evacuation moved go back to their origin when they are still where it
 * put them; every other VM of the record is left alone, with the reason
 * (engine/evacuate_return.c judges, engine/batch.c runs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_evacuate.h"
#include "../engine/answers.h"

struct homecoming {
	const char *path;
	struct answers ans;
	struct evacuate_return *verdicts;	/* one per plan, once judged */
	struct migration_result *results;	/* one per plan, once run */
	int *ran;
	int dry_run;
};

static void return_members(FILE *out, const void *arg)
{
	const struct homecoming *h = arg;

	fputs(",\"host\":null,\"answers\":null,\"vms\":null,\"placed\":null,\"stay\":null,"
	      "\"moves\":null,\"rounds\":null,\"results\":null,\"taken_out\":null,"
	      "\"appeared\":null,\"makespan\":null,\"record\":", out);
	cli_json_string(out, h->path);
	fprintf(out, ",\"limits\":null,\"dry_run\":%s,\"returns\":", h->dry_run ? "true" : "false");
	if (!h->verdicts) {
		fputs("null", out);
		return;
	}
	fputs("[", out);
	for (size_t i = 0; i < h->ans.count; i++) {
		const struct plan *p = &h->ans.plans[i];
		const struct evacuate_return *v = &h->verdicts[i];
		fputs(i ? ",{\"vm\":" : "{\"vm\":", out);
		cli_json_string(out, p->vm);
		fputs(",\"verdict\":", out);
		cli_json_string(out, evacuate_return_verdict_name(v->verdict));
		fputs(",\"origin\":", out);
		cli_json_string(out, p->target);
		fputs(",\"from\":", out);
		cli_json_string(out, p->from);
		fputs(",\"now_on\":", out);
		cli_json_string(out, v->now_on);
		fprintf(out, ",\"errors\":%zu,\"findings\":", v->findings.errors);
		cli_json_findings(out, &v->findings);
		fputs(",\"migration\":", out);
		if (h->ran && h->ran[i])
			cli_progress_result_json(out, p, &h->results[i]);
		else
			fputs("null", out);
		fputs("}", out);
	}
	fputs("]", out);
}

static void verdict_text(FILE *out, const struct plan *p, const struct evacuate_return *v,
			 struct inventory *inv)
{
	fputs("  ", out);
	cli_text(out, p->vm);
	switch (v->verdict) {
	case EVACUATE_RETURN_GOES: {
		struct inv_vm *vm = inventory_vm_find(inv, p->vm, NULL);
		fprintf(out, ": goes back to %s from %s (%s)\n", p->target, v->now_on,
			plan_kind_move_name(p->kind, vm && plan_is_live(vm)));
		return;
	}
	case EVACUATE_RETURN_HOME:
		fprintf(out, ": left alone: it is on %s, its origin, already\n", p->target);
		return;
	case EVACUATE_RETURN_MOVED:
		fprintf(out, ": left alone: it is on %s, not on %s where the evacuation put it "
			"(moved since)\n", v->now_on, p->from ? p->from : "?");
		return;
	case EVACUATE_RETURN_DELETED:
		fputs(": left alone: it is on no host read (deleted, or on a host that cannot be "
		      "read)\n", out);
		return;
	case EVACUATE_RETURN_REFUSED:
		fprintf(out, ": left alone: the checks of its way back to %s find %zu error%s:\n",
			p->target, v->findings.errors, v->findings.errors == 1 ? "" : "s");
		struct findings errors = { 0 };
		for (size_t k = 0; k < v->findings.count; k++) {
			const struct finding *f = &v->findings.items[k];
			if (f->severity == FINDING_ERROR)
				findings_add(&errors, f->severity, f->code, f->hint, "%s", f->message);
		}
		cli_check_findings_text(out, &errors);
		findings_free(&errors);
		return;
	}
}

static void on_progress(size_t index, const struct migration_progress *p, void *user)
{
	cli_progress_fn(p, &((struct cli_progress *)user)[index]);
}

/* Run the plans that go back; their results into H. */
static int go_home(struct cli *cli, struct inventory *inv, struct homecoming *h)
{
	size_t n = 0, *idx = calloc(h->ans.count, sizeof *idx);
	struct plan *plans = calloc(h->ans.count, sizeof *plans);
	struct migration_result *res = calloc(h->ans.count, sizeof *res);
	struct cli_progress *pr = calloc(h->ans.count, sizeof *pr);
	int rc = CLI_EXIT_OK;

	h->results = calloc(h->ans.count, sizeof *h->results);
	h->ran = calloc(h->ans.count, sizeof *h->ran);
	if (!idx || !plans || !res || !pr || !h->results || !h->ran) {
		fputs("virt-migrate: out of memory\n", stderr);
		rc = CLI_EXIT_FINDINGS;
		goto out;
	}
	for (size_t i = 0; i < h->ans.count; i++)
		if (h->verdicts[i].verdict == EVACUATE_RETURN_GOES) {
			cli_progress_init(&pr[n], h->ans.plans[i].vm);
			pr[n].tty = 0;
			plans[n] = h->ans.plans[i];	/* shallow */
			idx[n++] = i;
		}
	fprintf(stderr, "virt-migrate: bringing back %zu VM%s at once, within the hosts' "
		"limits\n", n, n == 1 ? "" : "s");
	struct migration_cancel *cancel = cli_cancel_on_signals();
	cli_cancel_on_terminal();
	migration_batch_run(inv, plans, n, 1, &cli->cfg, on_progress, pr, cancel, res);
	cli_cancel_on_terminal_end();
	for (size_t k = 0; k < n; k++) {
		cli_progress_end(&pr[k]);
		h->results[idx[k]] = res[k];
		h->ran[idx[k]] = 1;
		int e = res[k].outcome == MIGRATION_DONE ? CLI_EXIT_OK :
			res[k].outcome == MIGRATION_CANCELLED ||
			(cancel->requested && res[k].outcome == MIGRATION_NOT_STARTED) ?
			CLI_EXIT_CANCELLED : res[k].outcome == MIGRATION_NOT_STARTED ?
			CLI_EXIT_FINDINGS : CLI_EXIT_FAILED;
		if (e == CLI_EXIT_CANCELLED || (e == CLI_EXIT_FAILED && rc != CLI_EXIT_CANCELLED) ||
		    (e == CLI_EXIT_FINDINGS && rc == CLI_EXIT_OK))
			rc = e;
		if (!cli->json) {
			fputs("  ", stdout);
			cli_text(stdout, plans[k].vm);
			fputs(": ", stdout);
			cli_progress_result_text(stdout, &res[k]);
		}
	}
out:
	free(idx);
	free(plans);
	free(res);
	free(pr);
	return rc;
}

int cli_evacuate_return(struct cli *cli, const char *path, int yes, int dry_run)
{
	struct homecoming h = { .path = path, .dry_run = dry_run };
	struct inventory inv = { 0 };
	struct probe_options popt = { .refresh = cli->refresh };
	struct vm_error err;
	int rc = CLI_EXIT_USAGE, loaded = 0, left = 0, goes = 0;

	if (answers_load(path, &h.ans, &err) != 0) {
		cli_error(stderr, NULL, &err);
		goto out;
	}
	if (!dry_run && !yes && !isatty(STDIN_FILENO)) {
		cli_usage_error("would move VMs and its standard input is not a terminal to confirm "
				"it; add --yes to run without asking, or --dry-run to see only");
		goto out;
	}
	if ((rc = cli_start(cli)) != 0)
		goto out;
	if (cli_inventory(cli, &inv) != 0) {
		rc = CLI_EXIT_FINDINGS;
		goto out;
	}
	loaded = 1;
	h.verdicts = calloc(h.ans.count, sizeof *h.verdicts);
	if (!h.verdicts) {
		rc = CLI_EXIT_FINDINGS;
		goto out;
	}
	for (size_t i = 0; i < h.ans.count; i++) {
		evacuate_return_judge(&inv, &cli->cfg, &h.ans.plans[i], &popt, &h.verdicts[i]);
		goes += h.verdicts[i].verdict == EVACUATE_RETURN_GOES;
		left += h.verdicts[i].verdict != EVACUATE_RETURN_GOES &&
			h.verdicts[i].verdict != EVACUATE_RETURN_HOME;
	}
	if (!cli->json) {
		fputs("Return from ", stdout);
		cli_text(stdout, path);
		fprintf(stdout, ": %zu VM%s, %d go%s back, %zu stay%s.\n", h.ans.count,
			h.ans.count == 1 ? "" : "s", goes, goes == 1 ? "es" : "", h.ans.count -
			(size_t)goes, h.ans.count - (size_t)goes == 1 ? "s" : "");
		for (size_t i = 0; i < h.ans.count; i++)
			verdict_text(stdout, &h.ans.plans[i], &h.verdicts[i], &inv);
	}
	rc = left ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
	if (dry_run || !goes)
		goto done;
	cli_cancel_on_signals();
	if (!yes) {
		char line[64];
		fprintf(stderr, "Bring %d VM%s back? [y/N] ", goes, goes == 1 ? "" : "s");
		fflush(stderr);
		if (!fgets(line, sizeof line, stdin) || *cli_caught_signal() ||
		    (strcasecmp(line, "y\n") != 0 && strcasecmp(line, "yes\n") != 0)) {
			fputs("virt-migrate: not confirmed; nothing was done\n", stderr);
			rc = CLI_EXIT_FINDINGS;
			cli_json_error("not confirmed; nothing was done", "");
			goto out;
		}
	}
	fflush(stdout);
	int r = go_home(cli, &inv, &h);
	if (r != CLI_EXIT_OK && (rc == CLI_EXIT_OK || r != CLI_EXIT_FINDINGS))
		rc = r;
done:
	if (left)
		cli_json_errorf("", "%d of the %zu VMs of %s are left alone.", left, h.ans.count,
				path);
	else if (rc != CLI_EXIT_OK)
		cli_json_errorf("", "Not every VM of %s came back.", path);
out:
	cli_json_report(rc, return_members, &h);
	for (size_t i = 0; h.verdicts && i < h.ans.count; i++)
		findings_free(&h.verdicts[i].findings);
	free(h.verdicts);
	free(h.results);
	free(h.ran);
	if (loaded)
		inventory_free(&inv);
	answers_free(&h.ans);
	return rc;
}

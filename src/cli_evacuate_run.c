/* src/cli_evacuate_run.c — "evacuate HOST" run: the planned moves at once
 * within the hosts' limits (engine/evacuate_run.c), progress lines per VM
 * on stderr, then one line per VM and the way back on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_evacuate.h"

struct watch {
	struct cli_progress *pr;	/* one per VM of the run */
	char **labels;			/* their VM names: the inventory's may be read
					 * again during the run */
	size_t n;
};

static void on_event(const struct evacuate_run *run, const struct evacuate_event *ev, void *user)
{
	struct watch *w = user;

	switch (ev->kind) {
	case EVACUATE_EV_PLANNED:
		if (ev->round > 1)
			fprintf(stderr, "virt-migrate: round %u: %zu move%s planned again\n",
				ev->round, ev->starting, ev->starting == 1 ? "" : "s");
		break;
	case EVACUATE_EV_PROGRESS:
		if (ev->index < w->n)
			cli_progress_fn(ev->progress, &w->pr[ev->index]);
		break;
	case EVACUATE_EV_ENDED:
		if (ev->index < run->nvms) {
			const struct evacuate_vm *v = &run->vms[ev->index];
			fputs("[", stderr);
			cli_text(stderr, v->vm);
			fprintf(stderr, "] %s", evacuate_outcome_name(v->outcome));
			if (v->outcome == EVACUATE_MOVED && v->plan.target)
				fprintf(stderr, " to %s", v->plan.target);
			fputs("\n", stderr);
		}
		break;
	case EVACUATE_EV_TAKEN_OUT:
		fprintf(stderr, "virt-migrate: target host %s is taken out of the evacuation: ",
			ev->host);
		cli_text(stderr, ev->why);
		fputs("\n", stderr);
		break;
	case EVACUATE_EV_APPEARED:
		fputs("virt-migrate: VM '", stderr);
		cli_text(stderr, ev->name);
		fprintf(stderr, "' came onto host %s during the evacuation: it is not moved\n",
			run->host);
		break;
	}
	fflush(stderr);
}

/* Cancelled beats failed beats stayed. */
int cli_evacuate_exit(const struct evacuate_run *run)
{
	int rc = CLI_EXIT_OK;

	for (size_t i = 0; i < run->nvms; i++) {
		switch (run->vms[i].outcome) {
		case EVACUATE_MOVED:
			break;
		case EVACUATE_CANCELLED:
			rc = CLI_EXIT_CANCELLED;
			break;
		case EVACUATE_FAILED:
			if (rc != CLI_EXIT_CANCELLED)
				rc = CLI_EXIT_FAILED;
			break;
		default:
			if (rc == CLI_EXIT_OK)
				rc = CLI_EXIT_FINDINGS;
			break;
		}
	}
	return rc;
}

static void vm_text(FILE *out, const struct evacuate_run *run, const struct evacuate_vm *v)
{
	fputs("  ", out);
	cli_text(out, v->vm);
	fprintf(out, ": %s", evacuate_outcome_name(v->outcome));
	switch (v->outcome) {
	case EVACUATE_GONE:
		fprintf(out, ": it left host %s during the evacuation, not by it; it is %s%s now.\n",
			run->host, v->now_on ? "on host " : "on no host read",
			v->now_on ? v->now_on : "");
		return;
	case EVACUATE_STAYS:
		if (!v->round && !v->result.error.message[0]) {
			if (v->checked)
				fprintf(out, ": no candidate host takes it; host %s, the closest, "
					"says: %zu error%s (see 'evacuate %s --dry-run').\n", v->checked,
					v->findings.errors, v->findings.errors == 1 ? "" : "s",
					run->host);
			else
				fputs(": there is no candidate host.\n", out);
			return;
		}
		break;
	default:
		break;
	}
	if (v->plan.target)
		fprintf(out, " (%s to %s)", plan_kind_move_name(v->plan.kind, v->live),
			v->plan.target);
	fputs(": ", out);
	cli_progress_result_text(out, &v->result);
}

void cli_evacuate_run_text(FILE *out, const struct evacuate_run *run, const char *record)
{
	size_t moved = 0;

	for (size_t i = 0; i < run->nvms; i++)
		moved += run->vms[i].outcome == EVACUATE_MOVED;
	fprintf(out, "Evacuation of host %s: %zu VM%s, %zu left, %zu did not.\n", run->host,
		run->nvms, run->nvms == 1 ? "" : "s", moved, run->nvms - moved);
	for (size_t i = 0; i < run->nvms; i++)
		vm_text(out, run, &run->vms[i]);
	for (size_t i = 0; i < run->ntaken_out; i++) {
		fprintf(out, "Target host %s was taken out of the plan: ", run->taken_out[i]);
		cli_text(out, run->taken_out_why[i]);
		fputs("\n", out);
	}
	for (size_t i = 0; i < run->nappeared; i++) {
		fputs("VM '", out);
		cli_text(out, run->appeared[i]);
		fprintf(out, "' came onto host %s during the evacuation and is still there.\n",
			run->host);
	}
	if (record && moved) {
		fputs("The way back: virt-migrate evacuate --return ", out);
		cli_text(out, record);
		fputs("\n", out);
	}
}

void cli_evacuate_run_json(FILE *out, const struct evacuate_run *run)
{
	fputs(",\"rounds\":", out);
	fprintf(out, "%u,\"results\":[", run->rounds);
	for (size_t i = 0; i < run->nvms; i++) {
		const struct evacuate_vm *v = &run->vms[i];
		fputs(i ? "," : "", out);
		fputs("{\"vm\":", out);
		cli_json_string(out, v->vm);
		fputs(",\"result\":", out);
		cli_json_string(out, evacuate_outcome_name(v->outcome));
		fputs(",\"target\":", out);
		cli_json_string(out, v->plan.target);
		fputs(",\"move\":", out);
		cli_json_string(out, v->plan.target ? plan_kind_move_name(v->plan.kind, v->live)
				: NULL);
		fprintf(out, ",\"round\":%u,\"now_on\":", v->round);
		cli_json_string(out, v->now_on);
		fputs(",\"checked\":", out);
		cli_json_string(out, v->outcome == EVACUATE_STAYS ? v->checked : NULL);
		fputs(",\"findings\":", out);
		if (v->outcome == EVACUATE_STAYS && v->checked)
			cli_json_findings(out, &v->findings);
		else
			fputs("[]", out);
		fputs(",\"migration\":", out);
		if (v->round || v->result.error.message[0]) {
			fputs("{\"vm\":", out);
			cli_json_string(out, v->vm);
			cli_progress_result_members(out, &v->result);
			fputs("}", out);
		} else {
			fputs("null", out);
		}
		fputs("}", out);
	}
	fputs("],\"taken_out\":[", out);
	for (size_t i = 0; i < run->ntaken_out; i++) {
		fputs(i ? ",{\"host\":" : "{\"host\":", out);
		cli_json_string(out, run->taken_out[i]);
		fputs(",\"why\":", out);
		cli_json_string(out, run->taken_out_why[i]);
		fputs("}", out);
	}
	fputs("],\"appeared\":[", out);
	for (size_t i = 0; i < run->nappeared; i++) {
		fputs(i ? "," : "", out);
		cli_json_string(out, run->appeared[i]);
	}
	fputs("]", out);
}

int cli_evacuate_run(struct cli *cli, struct inventory *inv, struct evacuate_plan *ep,
		     const struct evacuate_options *eo, const char *record,
		     struct evacuate_run *run)
{
	struct watch w = { .n = ep->nmoves };
	struct vm_error err;

	int oom = 0;

	w.pr = calloc(w.n ? w.n : 1, sizeof *w.pr);
	w.labels = calloc(w.n ? w.n : 1, sizeof *w.labels);
	for (size_t i = 0; w.labels && i < w.n; i++)
		oom |= !(w.labels[i] = strdup(ep->moves[i].vm->name));
	if (!w.pr || !w.labels || oom) {
		for (size_t i = 0; w.labels && i < w.n; i++)
			free(w.labels[i]);
		free(w.labels);
		free(w.pr);
		fputs("virt-migrate: out of memory\n", stderr);
		return CLI_EXIT_FINDINGS;
	}
	for (size_t i = 0; i < w.n; i++) {
		cli_progress_init(&w.pr[i], w.labels[i]);
		w.pr[i].tty = 0;	/* lines of several migrations: never redrawn */
	}
	fprintf(stderr, "virt-migrate: evacuating host %s: %zu move%s at once, within the "
		"hosts' limits\n", ep->host, ep->placed, ep->placed == 1 ? "" : "s");
	struct migration_cancel *cancel = cli_cancel_on_signals();
	cli_cancel_on_terminal();
	int r = evacuate_run(inv, &cli->cfg, ep, eo, record, on_event, &w, cancel, run, &err);
	cli_cancel_on_terminal_end();
	for (size_t i = 0; i < w.n; i++) {
		cli_progress_end(&w.pr[i]);
		free(w.labels[i]);
	}
	free(w.labels);
	free(w.pr);
	if (r < 0) {
		cli_error(stderr, NULL, &err);
		return CLI_EXIT_USAGE;
	}
	if (err.message[0])
		cli_error(stderr, NULL, &err);	/* the record's last update */
	if (!cli->json)
		cli_evacuate_run_text(stdout, run, record);
	int rc = cli_evacuate_exit(run);
	if (rc != CLI_EXIT_OK)
		cli_json_errorf("", "Evacuation of host %s: not every VM left.", run->host);
	return rc;
}

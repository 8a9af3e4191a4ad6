/* src/cli_recover.c — "recover": finish the migrations a killed or failed
 * run left in the journal, and say where each VM is; and the notice every
 * other command prints when such a migration is waiting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void free_entries(struct journal_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		journal_entry_free(&e[i]);
	free(e);
}

void cli_recover_notice(void)
{
	struct journal_entry *e = NULL;
	size_t n = 0, waiting = 0;
	struct vm_error err;
	char *state = journal_state_dir();
	int rc = state ? journal_list(state, &e, &n, &err) : 0;
	free(state);
	if (rc < 0) {
		cli_error(stderr, "a journal of an earlier migration cannot be read: ", &err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (lock_vm_busy(e[i].uuid, NULL))
			continue;	/* another run is at it now */
		if (!waiting++)
			fputs("virt-migrate: an earlier migration did not finish: ", stderr);
		else
			fputs("; ", stderr);
		fputs("VM '", stderr);
		cli_text(stderr, e[i].vm);
		fputs("' from ", stderr);
		cli_text(stderr, e[i].source);
		fputs(" to ", stderr);
		cli_text(stderr, e[i].target);
		fprintf(stderr, " (%s)", e[i].end ? e[i].end : "interrupted");
	}
	if (waiting)
		fputs(". Run 'virt-migrate recover' to finish the cleanup.\n", stderr);
	free_entries(e, n);
}

static void print_text(const struct journal_entry *e, const struct recover_report *r, int dry_run)
{
	char when[32] = "?";
	time_t t = (time_t)e->started;
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	fputs("VM '", stdout);
	cli_text(stdout, e->vm);
	fprintf(stdout, "': %s move (%s) from ", e->live ? "live" : "cold",
		strcmp(e->kind, "both") == 0 ? "compute and storage" : e->kind);
	cli_text(stdout, e->source);
	fputs(" to ", stdout);
	cli_text(stdout, e->target);
	fprintf(stdout, ", started %s by process %ld, %s.\n", when, e->pid,
		e->end ? e->end : "interrupted");
	for (size_t i = 0; i < r->nlines; i++) {
		fputs("  ", stdout);
		cli_text(stdout, r->lines[i]);
		fputs("\n", stdout);
	}
	fprintf(stdout, "  => %s\n", r->resolved ? (dry_run ? "recoverable (dry run: nothing changed)" :
						    "recovered; journal entry closed") :
		r->busy ? "still in progress; left alone" : "needs the operator; journal entry kept");
}

static void print_json(FILE *out, const struct journal_entry *e, const struct recover_report *r)
{
	fputs("{\"vm\":", out);
	cli_json_string(out, e->vm);
	fputs(",\"uuid\":", out);
	cli_json_string(out, e->uuid);
	fputs(",\"kind\":", out);
	cli_json_string(out, e->kind);
	fputs(",\"source\":", out);
	cli_json_string(out, e->source);
	fputs(",\"target\":", out);
	cli_json_string(out, e->target);
	fprintf(out, ",\"live\":%s,\"delete_source\":%s", e->live ? "true" : "false",
		e->delete_source ? "true" : "false");
	/* the journal's header may lack them: unknown, never 0 or -1 */
	if (e->started > 0)
		fprintf(out, ",\"started\":%lld", e->started);
	else
		fputs(",\"started\":null", out);
	if (e->pid > 0)
		fprintf(out, ",\"pid\":%ld", e->pid);
	else
		fputs(",\"pid\":null", out);
	fputs(",\"end\":", out);
	cli_json_string(out, e->end);
	fprintf(out, ",\"resolved\":%s,\"busy\":%s,\"lines\":[", r->resolved ? "true" : "false",
		r->busy ? "true" : "false");
	for (size_t i = 0; i < r->nlines; i++) {
		fputs(i ? "," : "", out);
		cli_json_string(out, r->lines[i]);
	}
	fputs("]}", out);
}

/* The entries' JSON, written as each is handled; NULL: the journal was
 * not read (entries unknown). */
struct recover_doc {
	int dry_run;
	char *entries;
	size_t len;
};

static void recover_members(FILE *out, const void *arg)
{
	const struct recover_doc *d = arg;

	fprintf(out, ",\"dry_run\":%s,\"entries\":", d->dry_run ? "true" : "false");
	if (d->entries)
		fprintf(out, "[%s]", d->entries);
	else
		fputs("null", out);
}

int cli_recover(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct journal_entry *e = NULL;
	struct inventory inv = { 0 };
	struct recover_doc doc = { 0 };
	FILE *json = NULL;
	size_t n = 0, unresolved = 0;
	int opt, rc = CLI_EXIT_USAGE, loaded = 0;
	struct vm_error err;

	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		if (opt == CLI_OPT_DRY_RUN) {
			doc.dry_run = 1;
			continue;
		}
		cli_parser_unhandled(opt);
		goto out;
	}
	if (cli_parser_finish(&parser, opt, 1, &rc) < 0)
		goto out;
	if ((rc = cli_start(cli)) != 0)
		goto out;
	/* one journal that cannot be read stops it all: nothing is touched on
	 * any host, so that the operator decides */
	if (journal_list(NULL, &e, &n, &err) < 0) {
		cli_error(stderr, "recover stopped, nothing was done: ", &err);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (cli->json && !(json = open_memstream(&doc.entries, &doc.len))) {
		rc = CLI_EXIT_FINDINGS;
		goto out;
	}
	if (n == 0) {
		if (!cli->json)
			fputs("Nothing to recover: every migration in the journal finished.\n", stdout);
		rc = CLI_EXIT_OK;
		goto out;
	}
	rc = CLI_EXIT_FINDINGS;
	if (cli_inventory(cli, &inv) != 0)
		goto out;
	loaded = 1;
	cli_json_unreachable(&inv, FINDING_WARNING);
	for (size_t i = 0; i < n; i++) {
		struct recover_report r;
		recover_entry(&inv, &e[i], doc.dry_run, &r);
		if (!r.resolved)
			unresolved++;
		if (json) {
			fputs(i ? "," : "", json);
			print_json(json, &e[i], &r);
		} else {
			print_text(&e[i], &r, doc.dry_run);
		}
		recover_report_free(&r);
	}
	if (unresolved)
		cli_json_errorf("", "%zu of %zu migration%s left in the journal %s not resolved.",
				unresolved, n, n == 1 ? "" : "s", unresolved == 1 ? "was" : "were");
	rc = unresolved ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
out:
	if (json && fclose(json) != 0) {
		free(doc.entries);
		doc.entries = NULL;
	}
	/* entries read but not handled (the hosts could not be read): unknown */
	if (n && !loaded) {
		free(doc.entries);
		doc.entries = NULL;
	}
	cli_json_report(rc, recover_members, &doc);
	free(doc.entries);
	if (loaded)
		inventory_free(&inv);
	free_entries(e, n);
	return rc;
}

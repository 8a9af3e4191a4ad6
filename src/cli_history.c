/* src/cli_history.c — "history [VM|HOST]": the migrations recorded in the
 * state directory's history (engine/history.c), oldest first, those of one
 * VM or of one host (either end) when a name is given; then one row per
 * pair of hosts with the moves done and their median time and throughput.
 * Reads one file and no host: it needs no configuration.  A line of the
 * file that cannot be read is reported with its number and skipped (exit
 * 1, the rest listed, as `hosts` lists what it could read); the file is
 * never written. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define NCOLS 9

/* The rows of a table, each NCOLS cells (malloc'd, printable). */
struct table {
	char *(*rows)[NCOLS];
	size_t n;
	int oom;
};

static void table_add(struct table *t, char *cells[NCOLS])
{
	char *(*rows)[NCOLS] = t->oom ? NULL : realloc(t->rows, (t->n + 1) * sizeof *rows);
	if (!rows) {
		t->oom = 1;
		for (int c = 0; c < NCOLS; c++)
			free(cells[c]);
		return;
	}
	t->rows = rows;
	memcpy(t->rows[t->n++], cells, sizeof(char *[NCOLS]));
}

/* The table, its columns as wide as their widest cell, two blanks apart;
 * RIGHT: the columns aligned right (numbers).  Frees the rows. */
static void table_print(FILE *out, struct table *t, int ncols, const int *right)
{
	int width[NCOLS] = { 0 };
	for (size_t i = 0; i < t->n; i++)
		for (int c = 0; c < ncols; c++) {
			int w = cli_wrap_columns(t->rows[i][c]);
			width[c] = w > width[c] ? w : width[c];
		}
	for (size_t i = 0; i < t->n; i++) {
		for (int c = 0; c < ncols; c++) {
			int pad = width[c] - cli_wrap_columns(t->rows[i][c]);
			int last = c == ncols - 1;
			if (right[c])
				fprintf(out, "%*s%s", pad, "", t->rows[i][c]);
			else
				fprintf(out, "%s%*s", t->rows[i][c], last ? 0 : pad, "");
			fputs(last ? "\n" : "  ", out);
		}
		for (int c = 0; c < ncols; c++)
			free(t->rows[i][c]);
	}
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* S seconds in words (engine_duration), "-" when unknown. */
static char *duration(double s)
{
	char b[32];
	return s < 0 ? strdup("-") : strdup(engine_duration(s, b, sizeof b));
}

static char *rate(double bps)
{
	char b[32];
	return bps > 0 ? dupf("%s/s", engine_bytes((unsigned long long)bps, b, sizeof b)) :
		strdup("-");
}

/* "a -> b", each name escaped ("-" when unknown). */
static char *pair_text(const char *from, const char *to)
{
	char *f = cli_text_dup(from), *t = cli_text_dup(to);
	char *s = f && t ? dupf("%s -> %s", f, t) : NULL;
	free(f);
	free(t);
	return s;
}

/* The kind in one word: live, cold (a compute move), storage, both. */
static const char *kind_word(const struct history_record *r)
{
	if (strcmp(r->kind, "compute") == 0)
		return r->live == 1 ? "live" : r->live == 0 ? "cold" : "compute";
	return r->kind;
}

static void record_row(struct table *t, const struct history_record *r)
{
	char when[32] = "?", b[32];
	time_t at = (time_t)r->started_t;
	struct tm tm;

	if (r->started_t >= 0 && localtime_r(&at, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	char *cells[NCOLS] = {
		strdup(when), cli_text_dup(r->vm), pair_text(r->source, r->target),
		strdup(kind_word(r)), strdup(r->outcome), duration(r->seconds),
		r->downtime_ms >= 0 ? dupf("%lld ms", r->downtime_ms) : strdup("-"),
		r->data_bytes >= 0 ? strdup(engine_bytes((unsigned long long)r->data_bytes, b,
							 sizeof b)) : strdup("-"),
		rate(r->throughput_bps),
	};
	for (int c = 0; c < NCOLS; c++)
		if (!cells[c])
			cells[c] = strdup("?");
	table_add(t, cells);
}

static void pair_row(struct table *t, const struct history_pair *p)
{
	char *cells[NCOLS] = {
		pair_text(p->source, p->target), dupf("%zu", p->moves), dupf("%zu", p->done),
		duration(p->median_seconds), rate(p->median_throughput_bps),
	};
	for (int c = 0; c < 5; c++)
		if (!cells[c])
			cells[c] = strdup("?");
	table_add(t, cells);
}

static void print_text(const struct history_list *l, const char *filter,
		       const struct history_pair *pairs, size_t npairs)
{
	static const char *const heads[NCOLS] = {
		"WHEN", "VM", "FROM -> TO", "KIND", "OUTCOME", "TIME", "DOWNTIME", "DATA", "THROUGHPUT",
	};
	static const int right[NCOLS] = { 0, 0, 0, 0, 0, 1, 1, 1, 1 };
	static const char *const pair_heads[5] = {
		"FROM -> TO", "MOVES", "DONE", "MEDIAN TIME", "MEDIAN THROUGHPUT",
	};
	static const int pair_right[NCOLS] = { 0, 1, 1, 1, 1 };
	struct table t = { 0 };
	char *cells[NCOLS];

	for (int c = 0; c < NCOLS; c++)
		cells[c] = strdup(heads[c]);
	table_add(&t, cells);
	for (size_t i = 0; i < l->n; i++)
		if (!filter || history_record_matches(&l->recs[i], filter))
			record_row(&t, &l->recs[i]);
	table_print(stdout, &t, NCOLS, right);
	if (!npairs)
		return;
	fputs("\n", stdout);
	memset(cells, 0, sizeof cells);
	for (int c = 0; c < 5; c++)
		cells[c] = strdup(pair_heads[c]);
	table_add(&t, cells);
	for (size_t i = 0; i < npairs; i++)
		pair_row(&t, &pairs[i]);
	table_print(stdout, &t, 5, pair_right);
}

/* ---- --json ---- */

struct doc {
	const char *file, *filter;
	const struct history_list *list;	/* NULL: not read */
	const struct history_pair *pairs;
	size_t npairs;
};

static void json_num(FILE *out, double v, const char *fmt)
{
	if (v < 0)
		fputs("null", out);
	else
		fprintf(out, fmt, v);
}

static void history_members(FILE *out, const void *arg)
{
	const struct doc *d = arg;
	const struct history_list *l = d->list;

	fputs(",\"file\":", out);
	cli_json_string(out, d->file);
	fputs(",\"filter\":", out);
	cli_json_string(out, d->filter);
	if (!l) {
		fputs(",\"damaged\":null,\"records\":null,\"pairs\":null", out);
		return;
	}
	fprintf(out, ",\"damaged\":%zu,\"records\":[", l->nbad);
	int first = 1;
	for (size_t i = 0; i < l->n; i++) {
		if (d->filter && !history_record_matches(&l->recs[i], d->filter))
			continue;
		/* the record as the file holds it: the engine's one format */
		char *text = history_format(&l->recs[i]);
		if (!text)
			continue;
		fputs(first ? "" : ",", out);
		fputs(text, out);
		free(text);
		first = 0;
	}
	fputs("],\"pairs\":[", out);
	for (size_t i = 0; i < d->npairs; i++) {
		const struct history_pair *p = &d->pairs[i];
		fputs(i ? ",{\"source\":" : "{\"source\":", out);
		cli_json_string(out, p->source);
		fputs(",\"target\":", out);
		cli_json_string(out, p->target);
		fprintf(out, ",\"moves\":%zu,\"done\":%zu,\"median_seconds\":", p->moves, p->done);
		json_num(out, p->median_seconds, "%.3f");
		fputs(",\"median_throughput_bps\":", out);
		json_num(out, p->median_throughput_bps, "%.0f");
		fputs("}", out);
	}
	fputs("]", out);
}

/* ---- the command ---- */

/* Each line that could not be read: on stderr and as a finding. */
static void report_bad(const char *path, const struct history_list *l)
{
	for (size_t i = 0; i < l->nbad; i++) {
		struct vm_error e;
		vm_error_set(&e, "%s:%zu: %s; the line is skipped.", path, l->bad[i].line,
			     l->bad[i].what);
		cli_error(stderr, NULL, &e);
		cli_json_finding(FINDING_WARNING, "history.damaged", NULL, e.message, "");
	}
	struct vm_error e;
	vm_error_set(&e, "%zu line%s of the history %s could not be read; %s skipped, the "
		     "others listed, the file left as it is.", l->nbad, l->nbad == 1 ? "" : "s",
		     path, l->nbad == 1 ? "it was" : "they were");
	vm_error_hint(&e, "Mend or delete %s with an editor: virt-migrate only ever appends "
		      "to the history.", l->nbad == 1 ? "that line" : "those lines");
	cli_error(stderr, NULL, &e);
}

/* Nothing to list: say so in a sentence (with the closest names when a
 * filter matched nothing). */
static void print_none(const char *path, const struct history_list *l, const char *filter)
{
	if (!l->n && l->nbad) {
		fputs("No record of ", stdout);
		cli_text(stdout, path);
		fputs(" could be read.\n", stdout);
		return;
	}
	if (!filter || !l->n) {
		fputs(l->missing ? "No migration recorded yet: " : "No migration recorded yet in ",
		      stdout);
		cli_text(stdout, path);
		fputs(l->missing ? " does not exist.\n" : ".\n", stdout);
		return;
	}
	struct suggest s;
	char hint[256];
	suggest_init(&s, filter);
	for (size_t i = 0; i < l->n; i++) {
		suggest_add(&s, l->recs[i].vm);
		suggest_add(&s, l->recs[i].source);
		suggest_add(&s, l->recs[i].target);
	}
	suggest_sentence(&s, hint, sizeof hint);
	hint[strcspn(hint, "\n")] = '\0';
	for (size_t n = strlen(hint); n && hint[n - 1] == ' ';)
		hint[--n] = '\0';
	fputs("No migration of a VM or host named '", stdout);
	cli_text(stdout, filter);
	fprintf(stdout, "' in the %zu recorded in ", l->n);
	cli_text(stdout, path);
	fputs(".", stdout);
	if (hint[0]) {
		fputs(" ", stdout);
		cli_text(stdout, hint);
	}
	fputs("\n", stdout);
}

int cli_history(struct cli *cli, int argc, char **argv)
{
	struct history_list list;
	struct history_pair *pairs = NULL;
	struct vm_error err;
	struct doc doc = { 0 };
	size_t npairs = 0, shown = 0;
	int rc, first = cli_parse_simple(cli, argc, argv, &rc);
	char *path = NULL;

	if (first < 0)
		goto out;
	doc.filter = first < argc ? argv[first] : NULL;
	rc = CLI_EXIT_USAGE;
	/* -c and the other common options are taken and change nothing: the
	 * history is the state directory's, whatever the configuration */
	if (!(path = history_path())) {
		cli_json_errorf("Set HOME (or XDG_STATE_HOME) to an absolute path.",
				"The history has no place: neither XDG_STATE_HOME nor HOME is an "
				"absolute path.");
		fputs("virt-migrate: history: the history has no place: neither XDG_STATE_HOME nor "
		      "HOME is an absolute path (set HOME or XDG_STATE_HOME to one)\n", stderr);
		goto out;
	}
	doc.file = path;
	if (history_read(path, &list, &err) < 0) {
		cli_error(stderr, NULL, &err);
		goto out;
	}
	doc.list = &list;
	if (history_stats_pairs(list.recs, list.n, doc.filter, &pairs, &npairs) < 0) {
		vm_error_set(&err, "Out of memory while reading the history %s.", path);
		cli_error(stderr, NULL, &err);
		doc.list = NULL;
		history_list_free(&list);
		goto out;
	}
	doc.pairs = pairs;
	doc.npairs = npairs;
	for (size_t i = 0; i < list.n; i++)
		shown += !doc.filter || history_record_matches(&list.recs[i], doc.filter);
	if (!cli->json) {
		if (shown)
			print_text(&list, doc.filter, pairs, npairs);
		else
			print_none(path, &list, doc.filter);
	}
	rc = CLI_EXIT_OK;
	if (list.nbad) {
		report_bad(path, &list);
		rc = CLI_EXIT_FINDINGS;
	}
	cli_json_report(rc, history_members, &doc);
	history_list_free(&list);
	free(pairs);
	free(path);
	return rc;
out:
	cli_json_report(rc, history_members, &doc);
	free(path);
	return rc;
}

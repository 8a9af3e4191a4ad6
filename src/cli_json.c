/* src/cli_json.c — the one JSON document a command prints with --json, for
 * every outcome (virt-migrate(1), JSON OUTPUT):
 *
 *   {"command":..,"version":1,"ok":..,"exit":..,"error":{..}|null,
 *    "findings":[..], <the command's own members>}
 *
 * The command's members stay at the top level, beside the envelope, where
 * scripts read them before the envelope existed.  Errors reach the envelope
 * as they are printed (cli_usage_error(), cli_error(), the config loader),
 * so a run that stops anywhere still says why; the last one printed wins,
 * as it is the one the run stopped on.  The document is printed once: by
 * the command at its end (cli_json_report), else by main (cli_json_finish). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Bumped only when a member changes meaning or type; new members do not. */
#define CLI_JSON_VERSION 1

struct jfinding {
	struct finding f;
	char host[128];		/* "" when not about one host */
};

static struct {
	int on;			/* --json */
	int done;		/* printed, or nothing is to be printed */
	const char *command;
	int has_error;
	char message[1024], hint[512];
	struct jfinding *items;
	size_t n, cap;
} J;

void cli_json_enable(void)
{
	J.on = 1;
}

int cli_json_enabled(void)
{
	return J.on;
}

void cli_json_command(const char *name)
{
	J.command = name;
}

void cli_json_quiet(void)
{
	J.done = 1;
}

void cli_json_error(const char *message, const char *hint)
{
	snprintf(J.message, sizeof J.message, "%s", message ? message : "");
	snprintf(J.hint, sizeof J.hint, "%s", hint ? hint : "");
	J.has_error = 1;
}

void cli_json_errorf(const char *hint, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cli_json_error(msg, hint);
}

void cli_json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static struct jfinding *finding_new(void)
{
	if (J.n == J.cap) {
		size_t cap = J.cap ? 2 * J.cap : 8;
		struct jfinding *p = realloc(J.items, cap * sizeof *p);
		if (!p)
			return NULL;
		J.items = p;
		J.cap = cap;
	}
	memset(&J.items[J.n], 0, sizeof J.items[J.n]);
	return &J.items[J.n++];
}

void cli_json_finding(enum finding_severity sev, const char *code, const char *host,
		      const char *message, const char *hint)
{
	struct jfinding *x = finding_new();

	if (!x)
		return;
	x->f.severity = sev;
	snprintf(x->f.code, sizeof x->f.code, "%s", code);
	snprintf(x->f.message, sizeof x->f.message, "%s", message ? message : "");
	snprintf(x->f.hint, sizeof x->f.hint, "%s", hint ? hint : "");
	snprintf(x->host, sizeof x->host, "%s", host ? host : "");
}

void cli_json_add_findings(const struct findings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		struct jfinding *x = finding_new();
		if (!x)
			return;
		x->f = f->items[i];
	}
}

const char *cli_json_host_code(const struct inv_host *h)
{
	switch (h->ssh_failure) {
	case SSHLINK_HOSTKEY_UNKNOWN:
		return "host.key-unknown";
	case SSHLINK_HOSTKEY_CHANGED:
		return "host.key-changed";
	default:
		return "host.unreachable";
	}
}

void cli_json_unreachable(const struct inventory *inv, enum finding_severity sev)
{
	for (size_t i = 0; i < inv->nhosts; i++) {
		const struct inv_host *h = &inv->hosts[i];
		if (h->reachable || h->skipped)
			continue;
		cli_json_finding(sev, cli_json_host_code(h), h->cfg->name, h->error.message[0] ?
				 h->error.message : "Host is unreachable.", h->error.hint);
	}
}

/* One finding object; HOST "" is null. */
static void finding_json(FILE *f, const struct finding *it, const char *host)
{
	fprintf(f, "{\"severity\":\"%s\",\"code\":", finding_severity_name(it->severity));
	cli_json_string(f, it->code);
	fputs(",\"message\":", f);
	cli_json_string(f, it->message);
	fputs(",\"hint\":", f);
	cli_json_string(f, it->hint);
	fputs(",\"host\":", f);
	cli_json_string(f, host && host[0] ? host : NULL);
	fputc('}', f);
}

void cli_json_findings(FILE *f, const struct findings *x)
{
	fputc('[', f);
	for (size_t i = 0; i < x->count; i++) {
		fputs(i ? "," : "", f);
		finding_json(f, &x->items[i], NULL);
	}
	fputc(']', f);
}

void cli_json_error_object(FILE *f, const char *message, const char *hint)
{
	fputs("{\"message\":", f);
	cli_json_string(f, message);
	fputs(",\"hint\":", f);
	cli_json_string(f, hint ? hint : "");
	fputc('}', f);
}

/* When nothing said why: the meaning of the exit status (EXIT STATUS). */
static const char *exit_meaning(int rc)
{
	switch (rc) {
	case CLI_EXIT_FINDINGS:
		return "Findings: nothing was done.";
	case CLI_EXIT_USAGE:
		return "Usage or configuration error.";
	case CLI_EXIT_FAILED:
		return "The migration failed.";
	case CLI_EXIT_CANCELLED:
		return "Cancelled.";
	default:
		return "Error.";
	}
}

void cli_json_report(int rc, cli_json_members_fn members, const void *arg)
{
	FILE *out = stdout;

	if (!J.on || J.done)
		return;
	J.done = 1;
	fputs("{\"command\":", out);
	cli_json_string(out, J.command);
	fprintf(out, ",\"version\":%d,\"ok\":%s,\"exit\":%d,\"error\":", CLI_JSON_VERSION,
		rc == 0 ? "true" : "false", rc);
	if (rc == 0)
		fputs("null", out);
	else
		cli_json_error_object(out, J.has_error && J.message[0] ? J.message : exit_meaning(rc),
				      J.has_error ? J.hint : "");
	fputs(",\"findings\":[", out);
	for (size_t i = 0; i < J.n; i++) {
		fputs(i ? "," : "", out);
		finding_json(out, &J.items[i].f, J.items[i].host);
	}
	fputs("]", out);
	if (members)
		members(out, arg);
	fputs("}\n", out);
	fflush(out);
	free(J.items);
	J.items = NULL;
	J.n = J.cap = 0;
}

int cli_json_finish(int rc)
{
	cli_json_report(rc, NULL, NULL);
	free(J.items);
	J.items = NULL;
	J.n = J.cap = 0;
	return rc;
}

/* src/cli_out.c — small formatting helpers for the command-line output. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

const char *cli_version(unsigned long v, char *buf, size_t len)
{
	snprintf(buf, len, "%lu.%lu.%lu", v / 1000000, v / 1000 % 1000, v % 1000);
	return buf;
}

/* One line for an engine error on F: "virt-migrate: CMD: CONTEXTMESSAGE
 * HINT" (as a usage error begins, src/cli_usage.c), the engine's words
 * escaped (they may quote what a file or a host held). */
void cli_error(FILE *f, const char *context, const struct vm_error *e)
{
	char msg[1024];
	struct cli_row r;

	/* the same words in the JSON document's error (src/cli_json.c) */
	snprintf(msg, sizeof msg, "%s%s", context ? context : "", e->message);
	cli_json_error(msg, e->hint);
	if (!cli_row_open(&r))
		return;
	cli_usage_prefix(r.m);
	if (context)
		fputs(context, r.m);
	cli_text(r.m, e->message);
	cli_diag(f, &r, e->hint, 0);
}

void cli_unknown_name(const char *label, const struct finding *it)
{
	char msg[1024];
	struct cli_row r;

	snprintf(msg, sizeof msg, "%s%s%s%s", label ? "[" : "", label ? label : "",
		 label ? "] " : "", it->message);
	cli_json_error(msg, it->hint);
	if (!cli_row_open(&r))
		return;
	cli_usage_prefix(r.m);
	if (label) {
		fputs("[", r.m);
		cli_text(r.m, label);
		fputs("] ", r.m);
	}
	cli_text(r.m, it->message);
	cli_diag(stderr, &r, it->hint, 0);
}

char *cli_text_dup(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	cli_text(m, s);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void cli_text(FILE *f, const char *s)
{
	if (!s) {
		fputs("-", f);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

/* src/cli_out.c — small formatting helpers for the command-line output. */
#include <stdio.h>

#include "cli.h"

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

/* A JSON array of findings, one object each: severity, code, message, hint. */
void cli_json_findings(FILE *f, const struct findings *x)
{
	fputc('[', f);
	for (size_t i = 0; i < x->count; i++) {
		const struct finding *it = &x->items[i];

		fprintf(f, "%s{\"severity\":\"%s\",\"code\":", i ? "," : "",
			finding_severity_name(it->severity));
		cli_json_string(f, it->code);
		fputs(",\"message\":", f);
		cli_json_string(f, it->message);
		fputs(",\"hint\":", f);
		cli_json_string(f, it->hint);
		fputc('}', f);
	}
	fputc(']', f);
}

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
	cli_usage_prefix(f);
	if (context)
		fputs(context, f);
	cli_text(f, e->message);
	if (e->hint[0]) {
		fputs(" ", f);
		cli_text(f, e->hint);
	}
	fputs("\n", f);
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

/* src/cli_usage.c — the one style of every usage error, and of every error
 * line once the command is known:
 *
 *   virt-migrate: CMD: MESSAGE
 *   Try 'virt-migrate help CMD'.
 *
 * The command being run is kept here (set once by main) because the value
 * parsers of many options (src/cli_plan.c, cli_parse_limit(), ...) report
 * errors for whichever command called them. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"
#include "cli_suggest.h"

static const struct cli_cmd *current;

void cli_usage_command(const struct cli_cmd *cmd)
{
	current = cmd;
}

const struct cli_cmd *cli_usage_current(void)
{
	return current;
}

void cli_usage_prefix(FILE *f)
{
	fputs("virt-migrate: ", f);
	if (current) {
		fputs(current->name, f);
		fputs(": ", f);
	}
}

void cli_usage_hint(FILE *f)
{
	if (current)
		fprintf(f, "Try 'virt-migrate help %s'.\n", current->name);
	else
		fputs("Try 'virt-migrate help'.\n", f);
}

/* The JSON document's error: the message, and the same "Try" line as hint. */
static void json_usage_error(const char *msg)
{
	char hint[128];

	if (current)
		snprintf(hint, sizeof hint, "Try 'virt-migrate help %s'.", current->name);
	else
		snprintf(hint, sizeof hint, "Try 'virt-migrate help'.");
	cli_json_error(msg, hint);
}

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	/* escaped as a whole: it quotes what was typed */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	json_usage_error(msg);
	cli_usage_prefix(stderr);
	cli_text(stderr, msg);
	fputs("\n", stderr);
	cli_usage_hint(stderr);
}

void cli_usage_unknown_command(const char *name)
{
	struct cli_suggest s;

	char msg[512];

	cli_suggest_init(&s, name);
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (c->summary)	/* never a hidden one */
			cli_suggest_add(&s, c->name);
	snprintf(msg, sizeof msg, "unknown command '%s'%s%s%s", name,
		 cli_suggest_best(&s) ? "; did you mean '" : "",
		 cli_suggest_best(&s) ? cli_suggest_best(&s) : "", cli_suggest_best(&s) ? "'?" : "");
	cli_json_error(msg, "Try 'virt-migrate help'.");
	cli_usage_prefix(stderr);
	fputs("unknown command '", stderr);
	cli_text(stderr, name);
	fputs("'", stderr);
	if (cli_suggest_best(&s))
		fprintf(stderr, "; did you mean '%s'?", cli_suggest_best(&s));
	fputs("\nTry 'virt-migrate help'.\n", stderr);
}

int cli_usage_operands(int argc, char **argv, int first)
{
	const struct cli_cmd *c = current;
	int n = argc - first;

	if (!c)
		return 0;
	if (n < c->min_operands) {
		cli_usage_error("needs %s", c->needs ? c->needs : c->operands);
		return -1;
	}
	if (n > c->max_operands) {
		if (c->max_operands == 0) {
			char msg[512];

			snprintf(msg, sizeof msg, "takes no arguments, not '%s'", argv[first]);
			json_usage_error(msg);
			cli_usage_prefix(stderr);
			fputs("takes no arguments, not '", stderr);
			cli_text(stderr, argv[first]);
			fputs("'\n", stderr);
			cli_usage_hint(stderr);
		} else {
			cli_usage_error("takes %s %d argument%s (%s), not %d",
					c->min_operands == c->max_operands ? "exactly" : "at most",
					c->max_operands, c->max_operands == 1 ? "" : "s", c->operands, n);
		}
		return -1;
	}
	return 0;
}

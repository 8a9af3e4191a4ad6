/* src/cli_help.c — every help text, made from the table of commands
 * (src/cli_cmds.c): `virt-migrate --help` and `help`, `help CMD` and
 * `CMD --help`, on standard output with exit 0. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define WIDTH 79		/* of a usage line, before it wraps */
#define HELP_COLUMN 30		/* where an option's help starts */

/* "[--host HOST]", "[-y | --yes]", "[--dry-run]" */
static void synopsis_of(const struct cli_opt *o, char *buf, size_t len)
{
	char letter[8] = "";

	if (o->letter)
		snprintf(letter, sizeof letter, "-%c | ", o->letter);
	snprintf(buf, len, "[%s--%s%s%s]", letter, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

static void put_word(FILE *f, const char *word, size_t *col, size_t indent)
{
	if (*col + 1 + strlen(word) > WIDTH && *col > indent) {
		fprintf(f, "\n%*s", (int)indent, "");
		*col = indent;
	}
	fprintf(f, " %s", word);
	*col += 1 + strlen(word);
}

/* "usage: virt-migrate move VM [--host HOST] ...", wrapped under the
 * command's first operand; the common options are named once, at the end. */
static void usage_line(FILE *f, const struct cli_cmd *cmd)
{
	char item[128];
	size_t col, indent;

	if (cmd == &cli_cmd_main) {
		fputs("usage: virt-migrate [OPTIONS] [COMMAND [ARGS]]\n", f);
		return;
	}
	fprintf(f, "usage: virt-migrate %s", cmd->name);
	col = indent = strlen("usage: virt-migrate ") + strlen(cmd->name);
	if (cmd->operands[0])
		put_word(f, cmd->operands, &col, indent);
	for (size_t i = 0; cmd->opts[i]; i++) {
		synopsis_of(cmd->opts[i], item, sizeof item);
		put_word(f, item, &col, indent);
	}
	put_word(f, "[COMMON OPTIONS]", &col, indent);
	fputs("\n", f);
}

/* TEXT from column COL on, wrapped at WIDTH under column INDENT. */
static void put_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
	while (*text) {
		size_t len = strcspn(text, " ");

		if (col > indent && col + 1 + len > WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", (int)len, text);
		col += len;
		text += len;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

/* "  -c, --config FILE           read FILE instead ...", the help under
 * the name when the name is long. */
static void option_line(FILE *f, const struct cli_opt *o)
{
	char left[128];
	int n = snprintf(left, sizeof left, "  %c%c%c --%s%s%s", o->letter ? '-' : ' ',
			 o->letter ? o->letter : ' ', o->letter ? ',' : ' ', o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");

	if (n + 2 > HELP_COLUMN)
		fprintf(f, "%s\n%*s", left, HELP_COLUMN, "");
	else
		fprintf(f, "%-*s", HELP_COLUMN, left);
	/* the first word at HELP_COLUMN itself: put_wrapped() adds no blank there */
	put_wrapped(f, o->help, HELP_COLUMN, HELP_COLUMN);
}

static void options_of(FILE *f, const struct cli_cmd *cmd, int common)
{
	const struct cli_opt *o;
	unsigned i = 0;

	while ((o = cli_cmd_opt_next(cmd, &i)))
		if (o->common == common)
			option_line(f, o);
}

void cli_help_main(FILE *f)
{
	const struct cli_cmd *m = &cli_cmd_main;

	usage_line(f, m);
	fputs("\n"
	      "Move virtual machines between libvirt/KVM hosts reached over SSH, after\n"
	      "checking that the move can work.  Without a command, on a terminal: the wizard.\n"
	      "\n"
	      "Commands:\n", f);
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (c->summary)
			fprintf(f, "  %-8s %-10s %s\n", c->name, c->operands, c->summary);
	fputs("\nOptions (the common ones also after a command):\n", f);
	options_of(f, m, 0);
	options_of(f, m, 1);
	fputs("\n"
	      "The options of a command: 'virt-migrate help COMMAND' or 'virt-migrate COMMAND --help'.\n"
	      "\n"
	      "^C, SIGTERM or SIGHUP during a migration (move, replay, wizard) cancels it\n"
	      "and rolls it back, then exits 4.\n"
	      "\n"
	      "Exit status: 0 done, 1 findings or unreachable hosts (nothing done), 2 usage or\n"
	      "config error, 3 migration failed (mostly rolled back; else\n"
	      "'virt-migrate recover' puts things right), 4 cancelled.\n"
	      "See virt-migrate(1) and virt-migrate.conf(5).\n", f);
}

void cli_help_command(FILE *f, const struct cli_cmd *cmd)
{
	usage_line(f, cmd);
	fputs("\n", f);
	fputs(cmd->summary ? cmd->summary : "(for the bash completion)", f);
	fputs("\n", f);
	if (cmd->opts[0]) {
		fputs("\nOptions:\n", f);
		options_of(f, cmd, 0);
	}
	fputs("\nCommon options (every command):\n", f);
	options_of(f, cmd, 1);
}

/* "help [COMMAND]" */
int cli_help(struct cli *cli, int argc, char **argv)
{
	struct cli_parser p;
	int opt, first, rc;

	cli_parser_init(&p, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&p, cli)) >= 0) {
		cli_usage_error("takes no options of its own");	/* none in its table */
		return CLI_EXIT_USAGE;
	}
	if (cli_parser_finish(&p, opt, 1, &rc) < 0)
		return rc;
	first = optind;
	if (first >= argc) {
		cli_help_main(stdout);
		return CLI_EXIT_OK;
	}
	const struct cli_cmd *cmd = cli_cmd_find(argv[first]);
	if (!cmd) {
		cli_usage_unknown_command(argv[first]);
		return CLI_EXIT_USAGE;
	}
	cli_help_command(stdout, cmd);
	return CLI_EXIT_OK;
}

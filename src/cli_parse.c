/* src/cli_parse.c — a command's options by its table (src/cli_cmds.c):
 * getopt_long's arrays are made from it, the common options are applied
 * here, --help prints the command's help, and every mistake becomes one
 * usage error (getopt's own messages are off: they name argv[0], which
 * may be "./virt-migrate", in a style of their own). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_suggest.h"

void cli_parser_init(struct cli_parser *p, const struct cli_cmd *cmd, int argc, char **argv)
{
	const struct cli_opt *o;
	unsigned i = 0, n = 0;
	char *s = p->shortopts;

	memset(p, 0, sizeof *p);
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	/* the program's own options end at the command's name */
	if (cmd == &cli_cmd_main)
		*s++ = '+';
	*s++ = ':';	/* a missing argument is told apart from an unknown option */
	while ((o = cli_cmd_opt_next(cmd, &i)) && n < CLI_PARSE_MAX) {
		p->longopts[n++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
						    NULL, o->id };
		if (o->letter) {
			*s++ = o->letter;
			if (o->arg)
				*s++ = ':';
		}
	}
	*s = '\0';
	optind = 0;
	opterr = 0;
}

static const struct cli_opt *opt_by_id(const struct cli_cmd *cmd, int id)
{
	const struct cli_opt *o;
	unsigned i = 0;

	while ((o = cli_cmd_opt_next(cmd, &i)))
		if (o->id == id)
			return o;
	return NULL;
}

/* "--hots" or "--d": ambiguous between options, or the closest one. */
static void unknown_long(const struct cli_cmd *cmd, const char *text)
{
	const char *name = text + 2;
	size_t len = strcspn(name, "=");
	char word[128];
	const struct cli_opt *o;
	unsigned i = 0, matches = 0;
	struct cli_suggest s;
	char list[512] = "";

	snprintf(word, sizeof word, "%.*s", (int)len, name);
	cli_suggest_init(&s, word);
	while ((o = cli_cmd_opt_next(cmd, &i))) {
		cli_suggest_add(&s, o->name);
		if (len && strncmp(o->name, word, len) == 0) {
			matches++;
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s--%s", used ? ", " : "", o->name);
		}
	}
	if (matches > 1)
		cli_usage_error("option '--%s' is ambiguous: %s", word, list);
	else if (cli_suggest_best(&s))
		cli_usage_error("unknown option '--%s'; did you mean '--%s'?", word, cli_suggest_best(&s));
	else
		cli_usage_error("unknown option '--%s'", word);
}

int cli_parser_next(struct cli_parser *p, struct cli *cli)
{
	for (;;) {
		int opt = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
		const struct cli_opt *o;

		switch (opt) {
		case -1:
			return CLI_PARSE_END;
		case '?':
			if (optopt)
				cli_usage_error("unknown option '-%c'", optopt);
			else
				unknown_long(p->cmd, p->argv[optind - 1]);
			return CLI_PARSE_ERROR;
		case ':':
			o = opt_by_id(p->cmd, optopt);
			if (o && o->letter == optopt && strncmp(p->argv[optind - 1], "--", 2) != 0)
				cli_usage_error("option '-%c' needs an argument, %s", o->letter, o->arg);
			else if (o)
				cli_usage_error("option '--%s' needs an argument, %s", o->name, o->arg);
			else
				cli_usage_error("an option needs an argument");
			return CLI_PARSE_ERROR;
		case CLI_OPT_HELP:
			if (p->cmd == &cli_cmd_main)
				cli_help_main(stdout);
			else
				cli_help_command(stdout, p->cmd);
			cli_json_quiet();	/* the help is the output, as text */
			return CLI_PARSE_HELP;
		default:
			if (!cli_common_option(cli, opt))
				return opt;
		}
	}
}

int cli_parser_exit(int r)
{
	return r == CLI_PARSE_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int cli_parser_operands(struct cli_parser *p)
{
	return cli_usage_operands(p->argc, p->argv, optind) == 0 ? optind : -1;
}

int cli_parser_finish(struct cli_parser *p, int opt, int with_operands, int *rc)
{
	if (opt != CLI_PARSE_END) {
		*rc = cli_parser_exit(opt);
		return -1;
	}
	if (with_operands && cli_parser_operands(p) < 0) {
		*rc = CLI_EXIT_USAGE;
		return -1;
	}
	return 0;
}

void cli_parser_unhandled(int opt)
{
	cli_usage_error("option %d is in the table but not handled", opt);
}

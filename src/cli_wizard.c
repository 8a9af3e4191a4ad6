/* src/cli_wizard.c — "wizard [VM]" (and no command at all on a terminal):
 * the interactive Migrate dialog of ui/wizard.c over every host. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "cli_plan.h"
#include "../ui/wizard.h"

int cli_wizard(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct wizard_options wo = { 0 };
	struct inventory inv = { 0 };
	/* where the wizard's options (ui/wizard.h) keep each of the plan's limits */
	unsigned *const limit_of[PLAN_LIMIT_COUNT] = {
		[PLAN_LIMIT_MAX_DOWNTIME] = &wo.max_downtime_ms,
		[PLAN_LIMIT_MAX_TIME] = &wo.max_time_s,
		[PLAN_LIMIT_BANDWIDTH] = &wo.bandwidth_mibs,
	};
	int opt, rc;

	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		int limit = cli_plan_limit_option(opt);

		if (limit >= 0 && limit_of[limit]) {
			if (cli_parse_limit((enum plan_limit_id)limit, optarg, limit_of[limit]) < 0)
				return CLI_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case CLI_OPT_THEME:
			cli->theme = optarg;
			break;
		case CLI_OPT_ENCRYPT:
			if (cli_parse_encrypt(optarg, &wo.encrypt) < 0)
				return CLI_EXIT_USAGE;
			break;
		case CLI_OPT_CONNECTIONS:	/* the priority step's streams to start with */
			if (cli_parse_connections(optarg, &wo.connections) < 0)
				return CLI_EXIT_USAGE;
			break;
		case CLI_OPT_COMPRESS:
			if (cli_parse_compress(optarg, &wo.compress) < 0)
				return CLI_EXIT_USAGE;
			break;
		default:
			cli_parser_unhandled(opt);
			return CLI_EXIT_USAGE;
		}
	}
	if (cli_parser_finish(&parser, opt, 1, &rc) < 0)
		return rc;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_usage_error("the wizard needs a terminal on standard input and output; without "
				"one use the commands");
		return CLI_EXIT_USAGE;
	}
	char why[160];
	if (wizard_terminal_ok(why, sizeof why) != 0) {
		cli_usage_error("the wizard cannot draw on this terminal: %s; set TERM to the "
				"terminal's type (such as xterm-256color), or use the commands "
				"(move VM --host HOST, replay FILE)", why);
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_start(cli)) != 0)
		return rc;
	fprintf(stderr, "virt-migrate: reading %zu host%s...\n", cli->cfg.nhosts,
		cli->cfg.nhosts == 1 ? "" : "s");
	if (cli_inventory(cli, &inv) != 0)
		return CLI_EXIT_FINDINGS;
	wo.theme = cli->theme;
	wo.vm = optind < argc ? argv[optind] : NULL;
	wo.log_path = cli->log_path;
	cli_encrypt_default(cli, &wo.encrypt);
	cli_streams_default(cli, &wo.connections, &wo.compress);
	/* before the screen starts, so that curses leaves these signals to us */
	cli_cancel_on_signals();
	wo.caught = cli_caught_signal();
	rc = wizard_run(&inv, &cli->cfg, &wo);
	inventory_free(&inv);
	return rc;
}

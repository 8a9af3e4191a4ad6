/* src/cli_wizard.c — "wizard [VM]" (and no command at all on a terminal):
 * the interactive Migrate dialog of ui/wizard.c over every host. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "../ui/wizard.h"

enum {
	OPT_MAX_DOWNTIME = CLI_OPT_FIRST_FREE,
	OPT_BANDWIDTH,
	OPT_MAX_TIME,
	OPT_ENCRYPT,
};

static void usage(void)
{
	fputs("usage: virt-migrate wizard [VM] [--theme NAME] [--max-downtime MS] "
		"[--bandwidth MIBS] [--max-time S] [--encrypt disabled|opportunistic|required]\n",
		stderr);
}

static void usage_error(const char *what)
{
	fprintf(stderr, "virt-migrate: %s\n", what);
	usage();
}

int cli_wizard(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "theme", required_argument, NULL, CLI_OPT_THEME },
		{ "max-downtime", required_argument, NULL, OPT_MAX_DOWNTIME },
		{ "bandwidth", required_argument, NULL, OPT_BANDWIDTH },
		{ "max-time", required_argument, NULL, OPT_MAX_TIME },
		{ "encrypt", required_argument, NULL, OPT_ENCRYPT },
		{ NULL, 0, NULL, 0 },
	};
	struct wizard_options wo = { 0 };
	struct inventory inv = { 0 };
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		if (cli_common_option(cli, opt))
			continue;
		switch (opt) {
		case CLI_OPT_THEME:
			cli->theme = optarg;
			break;
		case OPT_MAX_DOWNTIME:
			if (cli_parse_limit(PLAN_LIMIT_MAX_DOWNTIME, optarg, &wo.max_downtime_ms) < 0)
				return CLI_EXIT_USAGE;
			break;
		case OPT_BANDWIDTH:
			if (cli_parse_limit(PLAN_LIMIT_BANDWIDTH, optarg, &wo.bandwidth_mibs) < 0)
				return CLI_EXIT_USAGE;
			break;
		case OPT_MAX_TIME:
			if (cli_parse_limit(PLAN_LIMIT_MAX_TIME, optarg, &wo.max_time_s) < 0)
				return CLI_EXIT_USAGE;
			break;
		case OPT_ENCRYPT:
			if (cli_parse_encrypt(optarg, &wo.encrypt) < 0) {
				usage();
				return CLI_EXIT_USAGE;
			}
			break;
		default:
			usage_error("unknown option");
			return CLI_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		usage_error("'wizard' takes at most one VM");
		return CLI_EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "virt-migrate: the wizard needs a terminal; without one use the "
			"commands (see 'virt-migrate --help')\n");
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
	/* before the screen starts, so that curses leaves these signals to us */
	cli_cancel_on_signals();
	wo.caught = cli_caught_signal();
	rc = wizard_run(&inv, &cli->cfg, &wo);
	inventory_free(&inv);
	return rc;
}

/* src/cli_wizard.c — "wizard [VM]" (and no command at all on a terminal):
 * the interactive Migrate dialog of ui/wizard.c over every host. */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "../ui/wizard.h"

int cli_wizard(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "theme", required_argument, NULL, CLI_OPT_THEME },
		{ NULL, 0, NULL, 0 },
	};
	struct inventory inv = { 0 };
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		if (cli_common_option(cli, opt))
			continue;
		if (opt == CLI_OPT_THEME) {
			cli->theme = optarg;
			continue;
		}
		fprintf(stderr, "virt-migrate: see 'virt-migrate --help' for the options of "
			"'wizard'\nusage: virt-migrate wizard [VM] [--theme NAME]\n");
		return CLI_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		fprintf(stderr, "virt-migrate: 'wizard' takes at most one VM\n");
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
	struct wizard_options wo = {
		.theme = cli->theme,
		.vm = optind < argc ? argv[optind] : NULL,
		.log_path = cli->log_path,
	};
	rc = wizard_run(&inv, &cli->cfg, &wo);
	inventory_free(&inv);
	return rc;
}

/* src/main.c — the program's own options, then the command (by the table
 * of src/cli_cmds.c), and the engine's set-up. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Started by libvirt as its ssh (argv[0] virt-migrate-ssh, the link of
 * engine/sshhelper.c): leave the terminal's session, so that its signals
 * (^C, SIGHUP) reach the tool alone, then become ssh(1) with the same
 * arguments.  Returns only when ssh cannot be run. */
static int ssh_helper_main(char **argv)
{
	/* a new session: no controlling terminal, no terminal signals; fails
	 * only for a group leader, which a child of libvirt never is */
	if (setsid() < 0)
		fprintf(stderr, "%s: setsid: %s\n", SSHHELPER_NAME, strerror(errno));
	/* the known_hosts file the config names for this host, if any: both
	 * legs verify against it (engine/sshhelper.c) */
	char *opts[2];
	int nopts = sshhelper_options(argv[0], opts), argc = 0;
	while (argv[argc])
		argc++;
	char **args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args) {
		fprintf(stderr, "%s: out of memory\n", SSHHELPER_NAME);
		return 127;
	}
	args[0] = (char *)"ssh";
	for (int i = 0; i < nopts; i++)
		args[1 + i] = opts[i];
	for (int i = 1; i < argc; i++)
		args[nopts + i] = argv[i];
	execvp("ssh", args);
	fprintf(stderr, "%s: cannot run ssh: %s\n", SSHHELPER_NAME, strerror(errno));
	return 127;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	int opt;

	if (argc > 0 && sshhelper_is_name(argv[0]))
		return ssh_helper_main(argv);
	sshhelper_enable();

	/* a connection that breaks is an error to report, never a reason to die
	 * (libvirt's qemu+ssh sockets, the tool's own pipes) */
	signal(SIGPIPE, SIG_IGN);

	/* --json anywhere before "--": a usage error found before getopt
	 * reaches it is a JSON document too */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0)
			cli_json_enable();

	struct cli_parser parser;
	cli_parser_init(&parser, &cli_cmd_main, argc, argv);
	while ((opt = cli_parser_next(&parser, &cli)) >= 0) {
		switch (opt) {
		case CLI_OPT_THEME:
			cli.theme = optarg;
			break;
		case CLI_OPT_VERSION:
			printf("virt-migrate %s\n", VERSION);
			return CLI_EXIT_OK;
		default:
			cli_parser_unhandled(opt);
			return cli_json_finish(CLI_EXIT_USAGE);
		}
	}
	if (opt != CLI_PARSE_END)
		return cli_json_finish(cli_parser_exit(opt));
	if (optind >= argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			cli_usage_error("no command given, and the wizard needs a terminal; use a command");
			return cli_json_finish(CLI_EXIT_USAGE);
		}
		static char wizard_name[] = "wizard";
		static char *wizard_argv[] = { wizard_name, NULL };
		argv = wizard_argv;
		argc = 1;
		optind = 0;
	}
	const struct cli_cmd *cmd = cli_cmd_find(argv[optind]);
	if (!cmd) {
		cli_usage_unknown_command(argv[optind]);
		return cli_json_finish(CLI_EXIT_USAGE);
	}
	/* from here on every error line names the command */
	cli_usage_command(cmd);
	cli_json_command(cmd->name);
	/* the interactive and helper commands print no document */
	if (cmd->run == cli_wizard || cmd->run == cli_help || cmd->run == cli_complete)
		cli_json_quiet();

	if (cmd->run != cli_recover && cmd->run != cli_complete && cmd->run != cli_help)
		cli_recover_notice();
	int rc = cmd->run(&cli, argc - optind, argv + optind);
	rc = cli_json_finish(rc);	/* when the command printed none */
	if (cli.started)
		engine_shutdown();
	config_free(&cli.cfg);
	free(cli.log_path);
	return rc;
}

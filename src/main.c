/* src/main.c — options, the command table, and the engine's set-up. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

struct command {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(struct cli *cli, int argc, char **argv);
};

static const struct command commands[] = {
	{ "hosts", "", "list the hosts: reachability, host key, CPU, memory, versions, pools, networks, VMs", cli_hosts },
	{ "vms", "", "list the VMs of every host: state, vCPUs, memory, disks and their pools, NICs", cli_vms },
	{ "check", "VM", "check whether VM can move, to one host (--host) or to every candidate host", cli_check },
	{ "move", "VM", "check, then move VM: vMotion, Storage vMotion, shared-nothing or cold", cli_move },
	{ "replay", "FILE", "check, then run the migrations of an answers file, no terminal needed", cli_replay },
	{ "recover", "", "finish the migrations a killed or failed run left; say where each VM is", cli_recover },
	{ "evc", "[CLUSTER]", "EVC: which CPU baselines each host supports, and each cluster's baseline", cli_evc },
	{ "wizard", "[VM]", "the interactive Migrate dialog (the default on a terminal)", cli_wizard },
	/* hidden: names for bash completion (config/completion/virt-migrate) */
	{ "complete", "WHAT", NULL, cli_complete },
	{ NULL, NULL, NULL, NULL },
};

static const struct option options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, CLI_OPT_JSON },
	{ "accept-new-host-keys", no_argument, NULL, CLI_OPT_ACCEPT_NEW },
	{ "refresh", no_argument, NULL, CLI_OPT_REFRESH },
	{ "theme", required_argument, NULL, CLI_OPT_THEME },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virt-migrate [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"Move virtual machines between libvirt/KVM hosts reached over SSH, after\n"
		"checking that the move can work.  Without a command, on a terminal: the wizard.\n"
		"\n"
		"Commands:\n");
	for (const struct command *c = commands; c->name; c++)
		if (c->help)
			fprintf(f, "  %-8s %-10s %s\n", c->name, c->args, c->help);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -c, --config FILE         read FILE instead of the default config\n"
		"      --json                machine-readable output\n"
		"      --accept-new-host-keys  accept and record unknown SSH host keys\n"
		"                            (a changed key is always refused)\n"
		"      --refresh             read every fact from the hosts again (no\n"
		"                            cached link facts; see facts_ttl)\n"
		"      --theme NAME          colour theme of the wizard (or a theme file)\n"
		"  -h, --help                show this help\n"
		"  -V, --version             show the version\n"
		"\n"
		"Options of check and move (the move, as the wizard describes it):\n"
		"      --host HOST           target host (compute resource)\n"
		"      --kind KIND           compute, storage or both\n"
		"      --datastore POOL      target storage pool of every disk\n"
		"      --disk DISK=POOL[:FORMAT]  one disk on its own pool\n"
		"      --format FORMAT       same, thin or thick\n"
		"      --network SRC=DST     attach interfaces on SRC to DST\n"
		"      --priority PRIORITY   high or standard\n"
		"Options of check:\n"
		"      --measure-link        also measure the data path (plain TCP to the\n"
		"                            target's migration address; bounded)\n"
		"Options of move (and of wizard):\n"
		"      --max-downtime MS     longest pause of the VM at switchover (default 300)\n"
		"      --bandwidth MIBS      cap the migration stream, in MiB/s\n"
		"      --max-time S          time budget of a live move; aborted when spent\n"
		"      --encrypt MODE        encrypted vMotion: disabled, opportunistic (TLS\n"
		"                            when both hosts have it) or required (TLS or\n"
		"                            refused); default: the config's encrypt\n"
		"      --delete-source       cold moves: delete the source files after a\n"
		"                            verified copy\n"
		"      --dry-run             check only; start nothing\n"
		"      --save-answers FILE   save the move as an answers file for replay\n"
		"Options of replay:\n"
		"      --dry-run             check every migration of FILE; start nothing\n"
		"  -y, --yes                 run without asking (needed without a terminal)\n"
		"      --parallel            run the migrations at once, within the limits\n"
		"Options of recover:\n"
		"      --dry-run             say what it would do, change nothing\n"
		"\n"
		"^C, SIGTERM or SIGHUP during a migration (move, replay, wizard) cancels it\n"
		"and rolls it back, then exits 4.\n"
		"\n"
		"Exit status: 0 done, 1 findings or unreachable hosts (nothing done), 2 usage or\n"
		"config error, 3 migration failed and rolled back, 4 cancelled.\n"
		"See virt-migrate(1) and virt-migrate.conf(5).\n");
}

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
	argv[0] = (char *)"ssh";
	execvp("ssh", argv);
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

	while ((opt = getopt_long(argc, argv, "+c:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
		case CLI_OPT_JSON:
		case CLI_OPT_ACCEPT_NEW:
		case CLI_OPT_REFRESH:
			cli_common_option(&cli, opt);
			break;
		case CLI_OPT_THEME:
			cli.theme = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case 'V':
			printf("virt-migrate %s\n", VERSION);
			return CLI_EXIT_OK;
		default:
			fprintf(stderr, "virt-migrate: see 'virt-migrate --help' for the options\n");
			return CLI_EXIT_USAGE;
		}
	}
	const struct command *cmd = NULL;
	if (optind >= argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "virt-migrate: no command given, and the wizard needs a "
				"terminal; use one of the commands below\n\n");
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
		static char wizard_name[] = "wizard";
		static char *wizard_argv[] = { wizard_name, NULL };
		argv = wizard_argv;
		argc = 1;
		optind = 0;
	}
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, argv[optind]) == 0)
			cmd = c;
	if (!cmd) {
		fprintf(stderr, "virt-migrate: unknown command '%s'; see 'virt-migrate --help'\n",
			argv[optind]);
		return CLI_EXIT_USAGE;
	}

	if (cmd->run != cli_recover && cmd->run != cli_complete)
		cli_recover_notice();
	int rc = cmd->run(&cli, argc - optind, argv + optind);
	if (cli.started)
		engine_shutdown();
	config_free(&cli.cfg);
	free(cli.log_path);
	return rc;
}

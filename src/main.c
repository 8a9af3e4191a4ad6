/* src/main.c — options, the command table, and the engine's set-up. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	{ NULL, NULL, NULL, NULL },
};

enum { OPT_JSON = 256, OPT_ACCEPT_NEW };

static const struct option options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "accept-new-host-keys", no_argument, NULL, OPT_ACCEPT_NEW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virt-migrate [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Move virtual machines between libvirt/KVM hosts reached over SSH, after\n"
		"checking that the move can work.\n"
		"\n"
		"Commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-8s %-10s %s\n", c->name, c->args, c->help);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -c, --config FILE         read FILE instead of the default config\n"
		"      --json                machine-readable output\n"
		"      --accept-new-host-keys  accept and record unknown SSH host keys\n"
		"                            (a changed key is always refused)\n"
		"  -h, --help                show this help\n"
		"  -V, --version             show the version\n"
		"\n"
		"Exit status: 0 done, 1 findings or unreachable hosts, 2 usage or config error.\n"
		"See virt-migrate(1) and virt-migrate.conf(5).\n");
}

/* $XDG_STATE_HOME/virt-migrate/virt-migrate.log, or under ~/.local/state. */
static char *log_path_default(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *path = NULL;
	if (state && state[0] == '/') {
		if (asprintf(&path, "%s/virt-migrate/virt-migrate.log", state) < 0)
			return NULL;
	} else if (home && home[0] == '/') {
		if (asprintf(&path, "%s/.local/state/virt-migrate/virt-migrate.log", home) < 0)
			return NULL;
	}
	return path;
}

int cli_load_config(struct cli *cli)
{
	char err[CONFIG_ERR_MAX];
	char *found = NULL;
	const char *path = cli->config_path;
	if (!path) {
		found = config_find_default(err, sizeof err);
		if (!found) {
			fprintf(stderr, "virt-migrate: %s\n", err);
			return CLI_EXIT_USAGE;
		}
		path = found;
	}
	int rc = config_load(path, &cli->cfg, err, sizeof err);
	free(found);
	if (rc != 0) {
		fprintf(stderr, "virt-migrate: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (cli->cfg.nhosts == 0) {
		fprintf(stderr, "virt-migrate: %s: no [host NAME] section; describe at least one host "
			"(see virt-migrate.conf(5))\n", cli->cfg.path);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	int opt;

	while ((opt = getopt_long(argc, argv, "c:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			cli.config_path = optarg;
			break;
		case OPT_JSON:
			cli.json = 1;
			break;
		case OPT_ACCEPT_NEW:
			cli.accept_new_host_keys = 1;
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
	if (optind >= argc) {
		fprintf(stderr, "virt-migrate: no command given; the interactive wizard is not part "
			"of this version yet, use one of the commands below\n\n");
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const struct command *cmd = NULL;
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, argv[optind]) == 0)
			cmd = c;
	if (!cmd) {
		fprintf(stderr, "virt-migrate: unknown command '%s'; see 'virt-migrate --help'\n",
			argv[optind]);
		return CLI_EXIT_USAGE;
	}

	int rc = cli_load_config(&cli);
	if (rc != 0)
		goto out;

	struct vm_error err;
	cli.log_path = log_path_default();
	if (engine_init(cli.log_path, &err) != 0) {
		fprintf(stderr, "virt-migrate: %s%s%s\n", err.message, err.hint[0] ? " " : "", err.hint);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	rc = cmd->run(&cli, argc - optind - 1, argv + optind + 1);
	engine_shutdown();
out:
	config_free(&cli.cfg);
	free(cli.log_path);
	return rc;
}

/* src/cli.c — what every command does first: its options, the config, the engine. */
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <termios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

int cli_start(struct cli *cli)
{
	int rc = cli_load_config(cli);
	return rc != 0 ? rc : cli_engine_start(cli);
}

int cli_engine_start(struct cli *cli)
{
	struct vm_error err;
	cli->log_path = log_path_default();
	if (engine_init(cli->log_path, &err) != 0) {
		cli_error(stderr, NULL, &err);
		return CLI_EXIT_USAGE;
	}
	cli->started = 1;
	return 0;
}

int cli_common_option(struct cli *cli, int opt)
{
	switch (opt) {
	case CLI_OPT_CONFIG:
		cli->config_path = optarg;
		return 1;
	case CLI_OPT_JSON:
		cli->json = 1;
		cli_json_enable();
		return 1;
	case CLI_OPT_ACCEPT_NEW:
		cli->accept_new_host_keys = 1;
		return 1;
	case CLI_OPT_REFRESH:
		cli->refresh = 1;
		return 1;
	default:
		return 0;
	}
}

int cli_load_config(struct cli *cli)
{
	char err[CONFIG_ERR_MAX];
	char *found = NULL;
	const char *path = cli->config_path;
	if (!path) {
		found = config_find_default(err, sizeof err);
		if (!found) {
			cli_json_error(err, NULL);
			fprintf(stderr, "virt-migrate: %s\n", err);
			return CLI_EXIT_USAGE;
		}
		path = found;
	}
	int rc = config_load(path, &cli->cfg, err, sizeof err);
	free(found);
	if (rc != 0) {
		cli_json_error(err, NULL);
		fprintf(stderr, "virt-migrate: %s\n", err);
		return CLI_EXIT_USAGE;
	}
	if (cli->cfg.nhosts == 0) {
		cli_json_errorf("Describe at least one host (see virt-migrate.conf(5)).",
				"%s: no [host NAME] section", cli->cfg.path);
		fprintf(stderr, "virt-migrate: %s: no [host NAME] section; describe at least one host "
			"(see virt-migrate.conf(5))\n", cli->cfg.path);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_parse_simple(struct cli *cli, int argc, char **argv, int *rc)
{
	struct cli_parser p;
	int opt;

	cli_parser_init(&p, cli_cmd_find(argv[0]), argc, argv);
	/* the table gives such a command no option of its own to return */
	if ((opt = cli_parser_next(&p, cli)) >= 0) {
		cli_parser_unhandled(opt);
		*rc = CLI_EXIT_USAGE;
		return -1;
	}
	return cli_parser_finish(&p, opt, 1, rc) < 0 ? -1 : optind;
}

static void inventory_options_of(const struct cli *cli, struct inventory_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->hostkeys = cli->accept_new_host_keys ? HOSTKEY_ACCEPT_NEW : HOSTKEY_STRICT;
	opt->trusted_keys = cli->trusted_keys;
	opt->ntrusted_keys = cli->ntrusted_keys;
	opt->refresh = cli->refresh;
	opt->keep_index = 1;
}

static int load(struct cli *cli, struct inventory *inv, const struct inventory_options *opt)
{
	struct vm_error err;
	if (inventory_load(&cli->cfg, opt, inv, &err) != 0) {
		cli_error(stderr, NULL, &err);
		return -1;
	}
	return 0;
}

int cli_inventory(struct cli *cli, struct inventory *inv)
{
	struct inventory_options opt;
	inventory_options_of(cli, &opt);
	if (load(cli, inv, &opt) != 0)
		return -1;
	cli_complete_cache(inv);	/* names for bash completion */
	return 0;
}

/* Add NAME to the N names of ONLY (no duplicates). */
static void only_add(const char **only, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(only[i], name) == 0)
			return;
	only[(*n)++] = name;
}

/* For each plan, the host the index names for its VM, and its target.  An
 * index naming a VM on several hosts, or none, is no help: every host is
 * read, as the checks must then see them all. */
int cli_inventory_for(struct cli *cli, struct inventory *inv, const char *const *vms,
		      const char *const *targets, size_t nplans)
{
	struct inventory_options opt;
	const char **only = calloc(2 * nplans + 1, sizeof(*only));
	size_t n = 0;
	struct vm_error err;
	int rc = -1, missing = 0;

	inventory_options_of(cli, &opt);
	if (!only)
		return cli_inventory(cli, inv);
	for (size_t i = 0; i < nplans; i++) {
		const char *where = NULL;

		if (!vms[i] || inventory_index_find(&cli->cfg, NULL, vms[i], &where, 1) != 1) {
			free(only);
			return cli_inventory(cli, inv);
		}
		only_add(only, &n, where);
		if (targets && targets[i] && config_host_find(&cli->cfg, targets[i]))
			only_add(only, &n, targets[i]);
	}
	opt.only = only;
	opt.nonly = n;
	if (load(cli, inv, &opt) != 0)
		goto out;
	for (size_t i = 0; i < nplans; i++)
		missing |= !inventory_vm_find(inv, vms[i], NULL);
	if (missing) {
		/* moved since the index was written, or its host is down: ask the rest */
		engine_log("cli: a VM is not where the facts cache said; reading every host.");
		if (inventory_load_skipped(inv, &err) != 0) {
			cli_error(stderr, NULL, &err);
			inventory_free(inv);
			goto out;
		}
	}
	cli_complete_cache(inv);
	rc = 0;
out:
	free(only);
	return rc;
}

int cli_parse_limit(enum plan_limit_id id, const char *arg, unsigned *out)
{
	const struct plan_limit *l = plan_limit_of(id);

	if (plan_limit_parse(id, arg, out) != 0) {
		cli_usage_error("%s '%s': expected a whole number from 0 to %u", l ? l->option : "?",
				arg, l ? l->max : 0);
		return -1;
	}
	return 0;
}

/* Written by the signal handler and by the terminal's thread, read by the
 * commands and the wizard: an atomic that is lock-free, so that a signal
 * handler may store to it (C11 7.14.1.1). */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int must be lock-free for a signal handler");
static struct migration_cancel cancel_token;
static atomic_int caught_signal;

static void on_cancel_signal(int sig)
{
	atomic_store(&caught_signal, sig);
	atomic_store(&cancel_token.requested, 1);
}

struct migration_cancel *cli_cancel_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	/* no SA_RESTART: a read waiting for the operator (replay's question)
	 * returns at once */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_cancel_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	return &cancel_token;
}

/* ---- ^C typed while a migration runs ----------------------------------------
 * A ^C typed at the terminal is sent by the kernel to the whole foreground
 * process group: to the tool and to the ssh processes libvirt started for
 * its qemu+ssh connections, which die of it, taking the connections the
 * rollback needs.  So while a migration runs, the terminal sends no
 * signal for ^C (ISIG off) and the tool reads the ^C itself. */

static struct termios saved_tty;
static int tty_changed;
static atomic_int tty_watch_stop;	/* set by the main thread, read by tty_watch */
static pthread_t tty_thread;
static int tty_thread_running;

static void *tty_watch(void *arg)
{
	(void)arg;
	while (!atomic_load(&tty_watch_stop)) {
		struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
		unsigned char c;

		if (poll(&p, 1, 200) <= 0)
			continue;
		if (read(STDIN_FILENO, &c, 1) != 1)
			break;
		if (c == 0x03 || c == 0x1c) {	/* ^C, ^\ */
			atomic_store(&caught_signal, SIGINT);
			atomic_store(&cancel_token.requested, 1);
		}
	}
	return NULL;
}

void cli_cancel_on_terminal_end(void)
{
	if (tty_thread_running) {
		atomic_store(&tty_watch_stop, 1);
		pthread_join(tty_thread, NULL);
		tty_thread_running = 0;
	}
	if (tty_changed) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
		tty_changed = 0;
	}
}

void cli_cancel_on_terminal(void)
{
	struct termios t;

	if (tty_changed || !isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return;
	t = saved_tty;
	t.c_lflag &= ~(tcflag_t)(ISIG | ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) != 0)
		return;
	tty_changed = 1;
	atexit(cli_cancel_on_terminal_end);
	atomic_store(&tty_watch_stop, 0);
	tty_thread_running = pthread_create(&tty_thread, NULL, tty_watch, NULL) == 0;
}

const atomic_int *cli_caught_signal(void)
{
	return &caught_signal;
}

const char *cli_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP (the terminal was closed)";
	default:
		return "a signal";
	}
}

int cli_parse_encrypt(const char *arg, enum plan_encrypt *out)
{
	if (plan_encrypt_parse(arg, out) != 0) {
		cli_usage_error("--encrypt '%s': expected disabled, opportunistic or required", arg);
		return -1;
	}
	return 0;
}

void cli_encrypt_default(const struct cli *cli, enum plan_encrypt *e)
{
	if (*e != PLAN_ENCRYPT_UNSET)
		return;
	/* the config's word was checked when it was loaded */
	if (plan_encrypt_parse(config_encrypt(&cli->cfg), e) != 0)
		*e = PLAN_ENCRYPT_OPPORTUNISTIC;
}

/* src/cli.h — what the command-line commands share. */
#ifndef VIRT_MIGRATE_CLI_H
#define VIRT_MIGRATE_CLI_H

#include <stdio.h>

#include "../config/config.h"
#include "../engine/engine.h"

/* Documented exit codes (virt-migrate(1), EXIT STATUS). */
enum cli_exit {
	CLI_EXIT_OK = 0,	/* done */
	CLI_EXIT_FINDINGS = 1,	/* checks failed or hosts unreachable; nothing done */
	CLI_EXIT_USAGE = 2,	/* usage, config or file error */
	CLI_EXIT_ROLLED_BACK = 3,
	CLI_EXIT_CANCELLED = 4,
};

struct cli {
	const char *config_path;	/* -c FILE, or NULL */
	int json;			/* --json */
	int accept_new_host_keys;	/* --accept-new-host-keys */
	struct config cfg;		/* loaded by cli_load_config() */
	char *log_path;			/* the engine's log */
};

/* Load the config (-c or the default places).  Prints the error and returns
 * CLI_EXIT_USAGE on failure, 0 on success. */
int cli_load_config(struct cli *cli);

/* Commands: each gets the arguments after its name. */
int cli_hosts(struct cli *cli, int argc, char **argv);
int cli_vms(struct cli *cli, int argc, char **argv);

/* Output helpers (src/cli_out.c). */
void cli_json_string(FILE *f, const char *s);	/* "..." with escapes, or null */
void cli_text(FILE *f, const char *s);	/* as is, control characters as \xNN; NULL as "-" */
const char *cli_bytes(unsigned long long bytes, char *buf, size_t len); /* "1.5 GiB" */
const char *cli_version(unsigned long v, char *buf, size_t len);	/* "9.0.0" */

#endif

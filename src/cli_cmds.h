/* src/cli_cmds.h — the commands and their options, described once as data:
 * the getopt tables, the usage lines, every help text, the usage errors
 * and the bash completion's words are all made from this table. */
#ifndef VIRT_MIGRATE_CLI_CMDS_H
#define VIRT_MIGRATE_CLI_CMDS_H

struct cli;

/* What getopt_long returns for each option: the short letter when it has
 * one, otherwise a number above every character. */
enum cli_opt_id {
	CLI_OPT_CONFIG = 'c',
	CLI_OPT_HELP = 'h',
	CLI_OPT_VERSION = 'V',
	CLI_OPT_YES = 'y',
	CLI_OPT_JSON = 256,
	CLI_OPT_ACCEPT_NEW,
	CLI_OPT_REFRESH,
	CLI_OPT_THEME,
	CLI_OPT_HOST,
	CLI_OPT_KIND,
	CLI_OPT_DATASTORE,
	CLI_OPT_DISK,
	CLI_OPT_FORMAT,
	CLI_OPT_NETWORK,
	CLI_OPT_PRIORITY,
	CLI_OPT_ENCRYPT,
	CLI_OPT_MEASURE_LINK,
	CLI_OPT_MAX_DOWNTIME,
	CLI_OPT_BANDWIDTH,
	CLI_OPT_MAX_TIME,
	CLI_OPT_DELETE_SOURCE,
	CLI_OPT_DRY_RUN,
	CLI_OPT_SAVE_ANSWERS,
	CLI_OPT_PARALLEL,
	CLI_OPT_CLUSTER,
	CLI_OPT_FORCE,
	CLI_OPT_TO,
	CLI_OPT_RECORD,
	CLI_OPT_RETURN,
	CLI_OPT_CONNECTIONS,
	CLI_OPT_COMPRESS,
};

/* What completes a value (an option's argument, a command's operand). */
enum cli_value {
	CLI_VALUE_NONE,		/* nothing to offer: a number, a free word */
	CLI_VALUE_FILE,
	CLI_VALUE_CONFIG,	/* a file: the config the names to complete come from */
	CLI_VALUE_WORDS,	/* the words of the option (cli_opt.words, or its arg split at '|') */
	CLI_VALUE_HOSTS,
	CLI_VALUE_CLUSTERS,
	CLI_VALUE_VMS,
	CLI_VALUE_VMS_HOSTS,	/* a VM or a host (history) */
	CLI_VALUE_DATASTORES,	/* of the --host given, when one is */
	CLI_VALUE_DISK,		/* DISK=POOL: datastores after the '=' */
	CLI_VALUE_NETWORK,	/* SRC=DST: networks, of the --host given after the '=' */
	CLI_VALUE_COMMANDS,
};

struct cli_opt {
	const char *name;	/* long name, without "--" */
	char letter;		/* its short form, or 0 */
	int id;			/* enum cli_opt_id */
	const char *arg;	/* its argument's name ("HOST", "same|thin|thick"), or NULL */
	enum cli_value value;	/* what completes the argument */
	const char *words;	/* CLI_VALUE_WORDS when not the arg's words: space-separated */
	const char *help;	/* one line */
	int common;		/* every command takes it, before or after its name */
};

#define CLI_INIT_MAX_HOSTS 64	/* init HOST...: at most this many */

struct cli_cmd {
	const char *name;
	const char *operands;	/* "VM", "[CLUSTER]", "" */
	int min_operands, max_operands;
	const char *needs;	/* what is missing without operands: "the name of a VM" */
	enum cli_value operand_value;	/* what completes the first operand */
	const char *summary;	/* one line; NULL: a hidden command */
	const struct cli_opt *const *opts;	/* its own options, NULL-terminated */
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* The options every command takes, NULL-terminated: -c, --json, ... */
extern const struct cli_opt *const cli_opts_common[];
/* The commands, ending with a NULL name, hidden ones included. */
extern const struct cli_cmd cli_cmds[];
/* The program itself: the options before any command (--version, --theme). */
extern const struct cli_cmd cli_cmd_main;

const struct cli_cmd *cli_cmd_find(const char *name);
/* Each option CMD takes (its own, then the common ones), in
 * help order: call with *I = 0 until it returns NULL. */
const struct cli_opt *cli_cmd_opt_next(const struct cli_cmd *cmd, unsigned *i);
/* The value words of O (CLI_VALUE_WORDS), space-separated, in BUF. */
const char *cli_opt_words(const struct cli_opt *o, char *buf, unsigned len);

#endif

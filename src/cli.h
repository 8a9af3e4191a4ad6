/* src/cli.h — what the command-line commands share. */
#ifndef VIRT_MIGRATE_CLI_H
#define VIRT_MIGRATE_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>

#include "../config/config.h"
#include "../engine/engine.h"
#include "cli_cmds.h"

/* Documented exit codes (virt-migrate(1), EXIT STATUS). */
enum cli_exit {
	CLI_EXIT_OK = 0,	/* done */
	CLI_EXIT_FINDINGS = 1,	/* checks failed or hosts unreachable; nothing done */
	CLI_EXIT_USAGE = 2,	/* usage, config or file error */
	CLI_EXIT_FAILED = 3,	/* the move failed: mostly rolled back, else recover */
	CLI_EXIT_CANCELLED = 4,	/* cancelled: the VM is where it was */
};

struct cli {
	const char *config_path;	/* -c FILE, or NULL */
	const char *theme;		/* --theme NAME, or NULL */
	int json;			/* --json */
	int accept_new_host_keys;	/* --accept-new-host-keys */
	int refresh;			/* --refresh: no cached fact is reused */
	struct config cfg;		/* loaded by cli_load_config() */
	char *log_path;			/* the engine's log */
	int started;			/* cli_start() succeeded */
	const char *const *trusted_keys; /* host keys accepted in this run (init) */
	size_t ntrusted_keys;
};

/* 1 when OPT (an id of src/cli_cmds.h) was a common option, applied to CLI. */
int cli_common_option(struct cli *cli, int opt);

/* Options by the table (src/cli_parse.c).  After _init(), _next() returns
 * each option's id (its argument in optarg) until CLI_PARSE_END, with the
 * common options applied to CLI on the way; or CLI_PARSE_HELP after
 * printing the command's help, or CLI_PARSE_ERROR after a usage error:
 * cli_parser_exit() turns either into the exit code. */
#define CLI_PARSE_MAX 40
enum { CLI_PARSE_END = -1, CLI_PARSE_HELP = -2, CLI_PARSE_ERROR = -3 };
struct cli_parser {
	const struct cli_cmd *cmd;
	int argc;
	char **argv;
	struct option longopts[CLI_PARSE_MAX + 1];
	char shortopts[3 * CLI_PARSE_MAX + 3];
};
void cli_parser_init(struct cli_parser *p, const struct cli_cmd *cmd, int argc, char **argv);
int cli_parser_next(struct cli_parser *p, struct cli *cli);
int cli_parser_exit(int r);
/* After the options: the index of the first operand, or -1 after a usage
 * error when there are fewer or more than the command's table allows. */
int cli_parser_operands(struct cli_parser *p);
/* The end of an option loop that stopped on OPT: 0 when the options ended
 * and the operands are as many as the table allows; otherwise -1 with *RC
 * the exit code (0 after --help, usage error else).  WITH_OPERANDS 0 leaves
 * the operands to the command. */
int cli_parser_finish(struct cli_parser *p, int opt, int with_operands, int *rc);
/* An option of the table the command's loop does not handle: a usage error. */
void cli_parser_unhandled(int opt);

/* Usage errors (src/cli_usage.c): "virt-migrate: CMD: MESSAGE" (escaped as
 * cli_text()) and "Try 'virt-migrate help CMD'.", on stderr. */
void cli_usage_command(const struct cli_cmd *cmd);	/* the command being run */
const struct cli_cmd *cli_usage_current(void);
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_usage_prefix(FILE *f);		/* "virt-migrate: CMD: " */
void cli_usage_hint(FILE *f);		/* "Try 'virt-migrate help CMD'." */
/* "unknown command 'mvoe'; did you mean 'move'?" */
void cli_usage_unknown_command(const char *name);
/* The operands ARGV[FIRST..ARGC) against the current command's table: 0, or
 * -1 after a usage error. */
int cli_usage_operands(int argc, char **argv, int first);

/* Help texts (src/cli_help.c), from the table. */
void cli_help_main(FILE *f);
void cli_help_command(FILE *f, const struct cli_cmd *cmd);
int cli_help(struct cli *cli, int argc, char **argv);

/* Load the config and start the engine; prints why not and returns
 * CLI_EXIT_USAGE, or 0. */
int cli_start(struct cli *cli);
/* Start the engine only (the config is there already: init). */
int cli_engine_start(struct cli *cli);

/* Load the config (-c or the default places).  Prints the error and returns
 * CLI_EXIT_USAGE on failure, 0 on success. */
int cli_load_config(struct cli *cli);

/* Read every host (after cli_start), under the host-key policy of the
 * options; prints why not and returns -1. */
int cli_inventory(struct cli *cli, struct inventory *inv);
/* Read only the hosts NPLANS plans need, in parallel: for each, the host
 * the facts cache's VM index names for VMS[i] (verified: when a VM is not
 * there, every other host is read too) and TARGETS[i] (TARGETS or an entry
 * may be NULL).  Without an index entry for a VM, every host.  The hosts
 * not read stay in the inventory with skipped set.  Prints why not and
 * returns -1. */
int cli_inventory_for(struct cli *cli, struct inventory *inv, const char *const *vms,
		      const char *const *targets, size_t nplans);

/* Commands (src/cli_cmds.c runs them): argv[0] is the command's name; each
 * parses its options with a cli_parser and calls cli_start(). */
int cli_hosts(struct cli *cli, int argc, char **argv);
int cli_vms(struct cli *cli, int argc, char **argv);
int cli_check(struct cli *cli, int argc, char **argv);
int cli_evc(struct cli *cli, int argc, char **argv);
int cli_init(struct cli *cli, int argc, char **argv);
int cli_move(struct cli *cli, int argc, char **argv);
int cli_evacuate(struct cli *cli, int argc, char **argv);
int cli_recover(struct cli *cli, int argc, char **argv);
int cli_history(struct cli *cli, int argc, char **argv);
/* On stderr, when the journal holds a migration no live run is working on:
 * which, and that 'recover' finishes it (src/cli_recover.c). */
void cli_recover_notice(void);
int cli_wizard(struct cli *cli, int argc, char **argv);
/* A command with no options of its own: its options and operands by the
 * table; returns the index of the first operand, or -1 with the exit code
 * in *RC (help shown: 0; usage error: 2). */
int cli_parse_simple(struct cli *cli, int argc, char **argv, int *rc);

/* Progress and results of migrations, shared by move, replay and evacuate
 * (src/cli_progress.c).  Progress and findings go to stderr: redrawn in
 * place on a terminal, plain lines without control codes anywhere else;
 * with --json the progress and step lines are JSON Lines instead (one
 * object a line, virt-migrate(1) JSON OUTPUT, Progress lines). */
#include "../engine/progress_figures.h"
struct cli_progress {
	double last;		/* elapsed time of the last progress line */
	const char *label;	/* "[LABEL] " before each line, or NULL */
	const char *vm;		/* the VM in JSON lines (init: LABEL); move sets it */
	int tty;		/* stderr is a terminal: redraw in place */
	int pending;		/* a redrawn line is on the screen unfinished */
	int json;		/* --json: JSON Lines (init: cli_json_enabled()) */
	struct progress_figures_latch latch;	/* why the bar went back since the last line */
};
void cli_progress_init(struct cli_progress *pr, const char *label);
void cli_progress_fn(const struct migration_progress *p, void *user); /* user: cli_progress */
void cli_progress_end(struct cli_progress *pr);	/* finish a redrawn line */
/* Warnings and errors (not infos), one a line, each after "[LABEL] ". */
void cli_progress_findings(const char *label, const struct findings *f);
int cli_progress_exit(enum migration_outcome o);	/* the documented exit code */
/* One JSON object (no newline) / one line of text for a result; _members:
 * its members from "outcome" to "encrypted", each after a ",". */
void cli_progress_result_json(FILE *out, const struct plan *plan, const struct migration_result *r);
void cli_progress_result_members(FILE *out, const struct migration_result *r);
void cli_progress_result_text(FILE *out, const struct migration_result *r);

int cli_replay(struct cli *cli, int argc, char **argv);

/* Bash completion (src/cli_complete.c): the hidden "complete WHAT [HOST]"
 * command, and the cache of names it reads, written after every inventory. */
int cli_complete(struct cli *cli, int argc, char **argv);
void cli_complete_cache(const struct inventory *inv);

/* The plan limit ID's option (--max-downtime, ...), by the plan's one table
 * of limits: 0, or -1 after printing the range it takes. */
int cli_parse_limit(enum plan_limit_id id, const char *arg, unsigned *out);
/* --encrypt ARG: 0, or -1 after printing the three words it takes. */
int cli_parse_encrypt(const char *arg, enum plan_encrypt *out);
/* An encryption nobody chose (UNSET) becomes the config's default. */
void cli_encrypt_default(const struct cli *cli, enum plan_encrypt *e);
/* --compress ARG / --connections ARG (src/cli_plan.c): 0, or -1 after
 * printing the words (the range) it takes. */
int cli_parse_compress(const char *arg, enum plan_compress *out);
int cli_parse_connections(const char *arg, unsigned *out);
/* Streams nobody chose (connections 0, compress UNSET) become the config's
 * defaults. */
void cli_streams_default(const struct cli *cli, unsigned *connections,
			 enum plan_compress *compress);
/* From now on SIGINT (^C), SIGTERM and SIGHUP set the returned token's
 * request (a move's cancel, with rollback) and record the signal's number
 * where cli_caught_signal() points (0 until one comes; a lock-free atomic,
 * read it with atomic_load). */
struct migration_cancel *cli_cancel_on_signals(void);
const atomic_int *cli_caught_signal(void);
/* While a migration runs: a ^C typed at the terminal on standard input is
 * read by the tool (as SIGINT) instead of being sent by the terminal to
 * the whole process group, libvirt's ssh helpers included.  _end() puts
 * the terminal back (also at exit). */
void cli_cancel_on_terminal(void);
void cli_cancel_on_terminal_end(void);
const char *cli_signal_name(int sig);	/* "SIGINT", "SIGTERM", "SIGHUP (...)" */

/* The one JSON document of a run with --json (src/cli_json.c): the
 * envelope {command, version, ok, exit, error, findings} and, at the top
 * level beside it, the members the command writes (each starting with
 * ","), documented in virt-migrate(1), JSON OUTPUT. */
void cli_json_enable(void);		/* --json was given */
int cli_json_enabled(void);
void cli_json_command(const char *name);	/* the command being run */
void cli_json_quiet(void);		/* text was printed instead (--help): no document */
/* Why the run stops (the last one set is printed when the exit is not 0);
 * cli_usage_error() and cli_error() set it as they print. */
void cli_json_error(const char *message, const char *hint);
void cli_json_errorf(const char *hint, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Findings of the envelope: about the run as a whole; HOST (or NULL) is the
 * host a finding is about. */
void cli_json_finding(enum finding_severity sev, const char *code, const char *host,
		      const char *message, const char *hint);
void cli_json_add_findings(const struct findings *f);
/* host.unreachable, host.key-unknown or host.key-changed: why H was not read. */
const char *cli_json_host_code(const struct inv_host *h);
/* One finding of SEV for each host of INV that could not be read. */
void cli_json_unreachable(const struct inventory *inv, enum finding_severity sev);
typedef void (*cli_json_members_fn)(FILE *out, const void *arg);
/* Print the document (once; nothing without --json): the envelope for exit
 * code RC, then MEMBERS(out, ARG) when MEMBERS is not NULL. */
void cli_json_report(int rc, cli_json_members_fn members, const void *arg);
/* main's last word: the document, when the command printed none; RC. */
int cli_json_finish(int rc);
/* [{severity,code,message,hint,host}...], host null */
void cli_json_findings(FILE *f, const struct findings *x);
void cli_json_error_object(FILE *f, const char *message, const char *hint); /* {message,hint} */

/* Output helpers (src/cli_out.c). */
void cli_json_string(FILE *f, const char *s);	/* "..." with escapes, or null */
void cli_text(FILE *f, const char *s);	/* as is, control characters as \xNN; NULL as "-" */
char *cli_text_dup(const char *s);	/* cli_text() into a malloc'd string */
/* Text that fits (src/cli_wrap.c): the columns of the terminal F goes to,
 * else $COLUMNS (40 to 1000), else 80; a list "LABEL item, item, ..."
 * wrapped to them, each further row under the first item. */
int cli_wrap_tty(FILE *f);
int cli_wrap_width(FILE *f);
/* The columns the printable text S takes on a terminal (UTF-8; a byte that
 * is not counts one): for aligning tables. */
int cli_wrap_columns(const char *s);
/* The longest beginning of S (whole characters) that takes WIDTH columns
 * at most, written to F (src/cli_clip.c): a line redrawn in place must not
 * wrap. */
void cli_clip(FILE *f, const char *s, int width);
/* TEXT (printable: as cli_text() writes it) from column COL of F's current
 * row, broken at its spaces to F's width, the further rows indented INDENT
 * columns (a word wider than a row keeps a row of its own); ends the row. */
void cli_wrap_text(FILE *f, int col, int indent, const char *text);
/* A row written piece by piece into a memory stream (cli_row_open returns
 * it, NULL when there is no memory), then wrapped onto F by cli_row_print
 * (from column COL, further rows indented INDENT), which frees it. */
struct cli_row {
	FILE *m;
	char *buf;
	size_t len;
};
FILE *cli_row_open(struct cli_row *r);
void cli_row_print(struct cli_row *r, FILE *f, int col, int indent);
/* A diagnostic: the row R (its lead and message), then HINT (escaped as
 * cli_text()).  On a terminal the message is wrapped and the hint goes on
 * rows of its own under it, indented two columns; in a file or a pipe it is
 * one line, "MESSAGE HINT" (the hint in parentheses when PARENS).  Frees R. */
void cli_diag(FILE *f, struct cli_row *r, const char *hint, int parens);
struct cli_list {
	FILE *f;
	int width, indent, col, start, n;
};
void cli_list_start(struct cli_list *l, FILE *f, const char *label, int indent);
void cli_list_put(struct cli_list *l, const char *item);	/* ITEM as it is */
/* NAME escaped as cli_text(), then FMT... */
void cli_list_item(struct cli_list *l, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cli_list_end(struct cli_list *l);	/* the newline, or " none" */
/* The one way an engine error reaches the terminal: "virt-migrate: CMD:
 * CONTEXT MESSAGE HINT" (CMD: once the command is known) and a newline, escaped as cli_text(); CONTEXT (the
 * program's own words, ending in ": ") may be NULL. */
void cli_error(FILE *f, const char *context, const struct vm_error *e);
/* A finding that says a name names nothing (findings_unknown_name(), the
 * engine's one rule; such a run exits CLI_EXIT_USAGE), on stderr in the
 * same style: "virt-migrate: CMD: [LABEL] MESSAGE HINT" ("[LABEL] " only
 * when LABEL is not NULL: replay's section), and as the JSON document's
 * error. */
void cli_unknown_name(const char *label, const struct finding *it);
const char *cli_version(unsigned long v, char *buf, size_t len);	/* "9.0.0" */

#endif

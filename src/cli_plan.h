/* src/cli_plan.h — a migration plan from command-line options (check, move,
 * evacuate). */
#ifndef VIRT_MIGRATE_CLI_PLAN_H
#define VIRT_MIGRATE_CLI_PLAN_H

#include "cli.h"

struct cli_plan_state {
	int kind_given;
};

/* Apply option OPT (--host, --kind, ..., the limits --max-downtime,
 * --bandwidth, --max-time of src/cli_cmds.h) with argument ARG to P.
 * Returns 1 when it was a plan option, 0 when not, -1 after a usage error
 * saying what is wrong with ARG. */
int cli_plan_option(struct plan *p, struct cli_plan_state *st, int opt, const char *arg);
/* The plan's limit (enum plan_limit_id: the table of engine/plan_limit.c)
 * that option OPT sets, or -1 when OPT is not a limit option: the one
 * mapping of the limit options, for move (through cli_plan_option) and the
 * wizard. */
int cli_plan_limit_option(int opt);

/* An option whose argument names a file (--save-answers, --record,
 * --return), and where the command keeps that name. */
struct cli_plan_file {
	int opt;		/* enum cli_opt_id */
	const char **path;
};

/* When OPT is the option of one of the N FILES: ARG, the file it names, in
 * that entry's *PATH and 1; -1 after the usage error when ARG is empty
 * ("--record needs a file name"); 0 when OPT is none of them.  The one
 * home of those options' checks and words, for move and evacuate. */
int cli_plan_file_option(const struct cli_plan_file *files, size_t n, int opt, const char *arg);

/* Fill what was not said: the kind from --host and --datastore (both: both;
 * --datastore alone: storage; otherwise compute).  -1 after printing when
 * the options contradict each other (a usage error). */
int cli_plan_finish(struct plan *p, const struct cli_plan_state *st);

/* The one operand, the VM, from ARGV[FIRST]; then cli_plan_finish().  -1
 * after a usage error. */
int cli_plan_operand(struct plan *p, const struct cli_plan_state *st, int argc, char **argv,
		     int first);

/* The final NIC-to-network table of P's VM in INV, as the move will leave
 * it: one line per NIC (number, MAC, network now -> network on the target,
 * every NIC mapped at once from its network now).  Nothing for a storage-only
 * plan or a VM without NICs. */
void cli_plan_nics_text(FILE *out, const struct inventory *inv, const struct plan *p);

/* F's findings as check prints them (src/cli_check.c): errors first, each
 * a row of severity, code and its words wrapped to OUT's width, the hint
 * under them. */
void cli_check_findings_text(FILE *out, const struct findings *f);

/* ,"connections":N,"compress":"METHOD" of P (each null while unset: the
 * config's defaults are filled once the config is read). */
void cli_plan_streams_json(FILE *out, const struct plan *p);

/* Write the N plans to PATH as an answers file (engine/answers_save.c) and
 * say so on stderr with how to replay them; -1 after printing the error. */
int cli_plan_save_answers(const struct cli *cli, const struct plan *plans, size_t n,
			  const char *path);

#endif

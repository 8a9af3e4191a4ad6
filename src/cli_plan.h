/* src/cli_plan.h — a migration plan from command-line options (check, move). */
#ifndef VIRT_MIGRATE_CLI_PLAN_H
#define VIRT_MIGRATE_CLI_PLAN_H

#include <getopt.h>

#include "cli.h"

enum {
	CLI_PLAN_OPT_HOST = CLI_OPT_FIRST_FREE,
	CLI_PLAN_OPT_KIND,
	CLI_PLAN_OPT_DATASTORE,
	CLI_PLAN_OPT_DISK,
	CLI_PLAN_OPT_FORMAT,
	CLI_PLAN_OPT_NETWORK,
	CLI_PLAN_OPT_PRIORITY,
	CLI_PLAN_OPT_NEXT_FREE
};

#define CLI_PLAN_OPTIONS \
	{ "host", required_argument, NULL, CLI_PLAN_OPT_HOST }, \
	{ "kind", required_argument, NULL, CLI_PLAN_OPT_KIND }, \
	{ "datastore", required_argument, NULL, CLI_PLAN_OPT_DATASTORE }, \
	{ "disk", required_argument, NULL, CLI_PLAN_OPT_DISK }, \
	{ "format", required_argument, NULL, CLI_PLAN_OPT_FORMAT }, \
	{ "network", required_argument, NULL, CLI_PLAN_OPT_NETWORK }, \
	{ "priority", required_argument, NULL, CLI_PLAN_OPT_PRIORITY }

struct cli_plan_state {
	int kind_given;
};

/* Apply option OPT with argument ARG to P.  Returns 1 when it was a plan
 * option, 0 when not, -1 after printing what is wrong with ARG. */
int cli_plan_option(struct plan *p, struct cli_plan_state *st, int opt, const char *arg);
/* Fill what was not said: the kind from --host and --datastore (both: both;
 * --datastore alone: storage; otherwise compute).  -1 after printing when
 * the options contradict each other. */
int cli_plan_finish(struct plan *p, const struct cli_plan_state *st);

/* The one operand, the VM, from ARGV[FIRST]; then cli_plan_finish().  -1
 * after printing what is wrong. */
int cli_plan_operand(struct plan *p, const struct cli_plan_state *st, int argc, char **argv,
		     int first);

/* The final NIC-to-network table of P's VM in INV, as the move will leave
 * it: one line per NIC (number, MAC, network now -> network on the target,
 * every NIC mapped at once from its network now).  Nothing for a storage-only
 * plan or a VM without NICs. */
void cli_plan_nics_text(FILE *out, const struct inventory *inv, const struct plan *p);

#endif

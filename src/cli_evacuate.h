/* src/cli_evacuate.h — the evacuate command's parts: planning and the plan's
 * text (src/cli_evacuate.c), the run (src/cli_evacuate_run.c), the return
 * trip (src/cli_evacuate_return.c). */
#ifndef VIRT_MIGRATE_CLI_EVACUATE_H
#define VIRT_MIGRATE_CLI_EVACUATE_H

#include <stdio.h>

#include "cli_plan.h"

/* Run EP's moves (evacuate_run()), recording the way back in RECORD:
 * progress on stderr, the outcome of each VM on stdout.  RUN is filled
 * (free it with evacuate_run_free()); returns the exit status. */
int cli_evacuate_run(struct cli *cli, struct inventory *inv, struct evacuate_plan *ep,
		     const struct evacuate_options *eo, const char *record,
		     struct evacuate_run *run);
/* The exit status of a run: cancelled beats failed beats a VM that did not leave. */
int cli_evacuate_exit(const struct evacuate_run *run);
void cli_evacuate_run_text(FILE *out, const struct evacuate_run *run, const char *record);
/* The run's JSON members, each after a ",". */
void cli_evacuate_run_json(FILE *out, const struct evacuate_run *run);

/* "evacuate --return FILE": the whole command. */
int cli_evacuate_return(struct cli *cli, const char *path, int yes, int dry_run);

#endif

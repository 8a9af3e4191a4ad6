/* engine/evacuate.h — where each VM of a host goes when the host is
 * emptied (maintenance mode), planned by the checks of a move
 * (engine/evacuate.c).  Part of the engine's one face: engine/engine.h
 * includes it. */
#ifndef VIRT_MIGRATE_EVACUATE_H
#define VIRT_MIGRATE_EVACUATE_H
#include <stddef.h>
#include "plan.h"
#include "findings.h"
#include "probe.h"

struct config;

/* One VM of the evacuated host. */
struct evacuate_move {
	const struct inv_vm *vm;	/* in the inventory planned from */
	struct plan plan;		/* target, kind, datastore: empty when it stays */
	int live;			/* moves live (running or paused), else cold */
	/* the findings of the move chosen; when the VM stays, those of the
	 * candidate that came closest (fewest errors), for TARGET_CHECKED */
	struct findings findings;
	const char *checked;		/* the host those findings are for, or NULL */
};

struct evacuate_plan {
	const char *host;		/* the host emptied */
	struct evacuate_move *moves;	/* every VM of the host, largest memory first */
	size_t nmoves, placed;		/* placed: the moves with a target */
};

/* Template of every move: priority, limits, encryption (its vm, target,
 * kind and datastores are ignored). */
struct evacuate_options {
	const struct plan *tmpl;
	const char *const *targets;	/* NULL: every other host of HOST's cluster */
	size_t ntargets;
	const struct probe_options *probe;
};

/* Plan the evacuation of host HOST: each VM gets the reachable candidate
 * host whose checks find no error for it -- the VM's disks stay where they
 * are when the target sees them, else they go with it (shared-nothing) to
 * the target's active datastore with the most room -- and, among those,
 * the one with the most free memory left once the running VMs placed
 * before it are counted (VMs are placed largest memory first).  A VM no
 * candidate takes stays, with the findings that stop it.  Returns 0;
 * EVACUATE_BAD_NAME with ERR when HOST or a target is not configured, a
 * target is named twice or HOST is among them; -1 with ERR when HOST
 * cannot be read.  OUT is empty but for 0. */
#define EVACUATE_BAD_NAME (-2)
int evacuate_plan(struct inventory *inv, const struct config *cfg, const char *host,
		  const struct evacuate_options *opt, struct evacuate_plan *out,
		  struct vm_error *err);
void evacuate_plan_free(struct evacuate_plan *p);

#endif

/* engine/evc.h — EVC (engine/evc*.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_EVC_H
#define VIRT_MIGRATE_EVC_H

#include <stddef.h>

#include "../config/config.h"
#include "vm_error.h"
#include "inventory.h"

/* ---- EVC (engine/evc*.c) ------------------------------------------------- */

struct evc_level {
	const char *vendor;	/* "Intel" or "AMD" */
	const char *code;	/* vCenter's level: "L0".."L6", "A0".."B2", or our own past them */
	const char *label;	/* "Intel Merom Generation (Xeon Core 2)" */
	const char *model;	/* QEMU CPU model: "Conroe", "Penryn", ... */
};

/* The ladder, oldest first within each vendor; *n set to its length. */
const struct evc_level *evc_levels(size_t *n);
/* Index of MODEL in the ladder, or -1. */
int evc_level_index(const char *model);
/* 1 when host H's domain capabilities list LEVEL's model as usable, 0 when
 * listed as not usable, -1 when not listed or unknown. */
int evc_host_supports(const struct inv_host *h, const struct evc_level *level);
/* The highest ladder model every reachable host of CLUSTER supports, into
 * *model (static string).  Returns 0, or -1 with err set: mixed vendors,
 * no common level, unreachable hosts. */
int evc_cluster_baseline(const struct inventory *inv, const struct config_cluster *cluster,
			 const char **model, struct vm_error *err);
/* The exact baseline CPU (virConnectBaselineHypervisorCPU, on the first
 * reachable member, over every reachable member's host_model_xml), its
 * model name malloc'd into *model.  -1 with err naming the cluster when no
 * reachable member reports a host-model CPU, or libvirt refuses. */
int evc_probe_baseline(struct inventory *inv, const struct config_cluster *cluster,
		       char **model, struct vm_error *err);

#endif

/* engine/batch.h — several migrations (engine/batch.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_BATCH_H
#define VIRT_MIGRATE_BATCH_H

#include <stddef.h>

#include "../config/config.h"
#include "inventory.h"
#include "plan.h"
#include "migration.h"
#include "findings.h"

/* ---- several migrations (engine/batch.c) --------------------------------- */

typedef void (*migration_batch_fn)(size_t index, const struct migration_progress *p,
				   void *user);

/* Run N plans (checked beforehand): one after the other when PARALLEL is 0;
 * otherwise several at once within the concurrency limits, High priority
 * admitted before Standard (rules in engine/batch_int.h), the migrations that
 * leave one host sharing its configured link by priority.  A cancel or the
 * first failure stops the batch: what runs ends (a cancel rolls it back),
 * what waits is not started (MIGRATION_NOT_STARTED).  A target takes no
 * more moves at once than its sshd lets SSH connections start and its
 * libvirt migration port range holds (the others wait for a slot).  When a
 * plan names a VM or host the inventory does not know, or can never run
 * within its target's limits, nothing starts.  RESULTS has N
 * entries.  FN is called with the plan's index, from any thread, never twice
 * at once.  Returns 0 when every plan was done, -1 otherwise. */
int migration_batch_run(struct inventory *inv, const struct plan *plans, size_t n,
			int parallel, const struct config *cfg, migration_batch_fn fn, void *user,
			struct migration_cancel *cancel, struct migration_result *results);

/* ---- what moves need of their target (engine/batch_limits.c) -------------- */

/* What one move holds on its target while it runs (rules in
 * engine/batch_int.h): SSH connections that may be starting there at once
 * (against sshd's MaxStartups) and libvirt migration ports (against its
 * range).  Zero for a move that stays on one host. */
struct batch_needs {
	unsigned sessions;
	unsigned ports;
	int streamed;		/* a live (or suspended) migration: memory streamed */
	int copies;		/* disks are copied */
};
void batch_limits_needs(const struct plan *p, const struct inv_vm *vm,
			const struct inv_host *src, const struct inv_host *dst,
			struct batch_needs *out);

/* For the N plans of a batch (as migration_batch_run() would run them),
 * where the targets' SSH start limit and migration port range make moves
 * wait (info "limits.queue"; only where they hold fewer at once than the
 * per-host concurrency limits would), and which move can never run within
 * them (error "limits.unmeetable").  The limits are the config's, else read
 * on the hosts over SSH, else the defaults.  Plans naming an unknown VM or
 * host are left to the checks. */
void batch_limits_findings(struct inventory *inv, const struct plan *plans, size_t n,
			   const struct config *cfg, struct findings *out);

#endif

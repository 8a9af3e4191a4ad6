/* engine/batch.h — several migrations (engine/batch.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_BATCH_H
#define VIRT_MIGRATE_BATCH_H

#include <stddef.h>

#include "../config/config.h"
#include "inventory.h"
#include "plan.h"
#include "migration.h"

/* ---- several migrations (engine/batch.c) --------------------------------- */

typedef void (*migration_batch_fn)(size_t index, const struct migration_progress *p,
				   void *user);

/* Run N plans (checked beforehand): one after the other when PARALLEL is 0;
 * otherwise several at once within the concurrency limits, High priority
 * admitted before Standard (rules in engine/batch_int.h), the migrations that
 * leave one host sharing its configured link by priority.  A cancel or the
 * first failure stops the batch: what runs ends (a cancel rolls it back),
 * what waits is not started (MIGRATION_NOT_STARTED).  When a plan names a
 * VM or host the inventory does not know, nothing starts.  RESULTS has N
 * entries.  FN is called with the plan's index, from any thread, never twice
 * at once.  Returns 0 when every plan was done, -1 otherwise. */
int migration_batch_run(struct inventory *inv, const struct plan *plans, size_t n,
			int parallel, const struct config *cfg, migration_batch_fn fn, void *user,
			struct migration_cancel *cancel, struct migration_result *results);

#endif

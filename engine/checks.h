/* engine/checks.h — checks (engine/checks*.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_CHECKS_H
#define VIRT_MIGRATE_CHECKS_H

#include <stddef.h>

#include "../config/config.h"
#include "inventory.h"
#include "plan.h"
#include "findings.h"
#include "probe.h"

/* ---- checks (engine/checks*.c) ---------------------------------------------- */

/* Every finding for PLAN, from the inventory and the probed facts, pure:
 * no I/O.  FACTS may be NULL (CPU and link then reported as not checked).
 * Returns the number of errors. */
size_t checks_evaluate(const struct inventory *inv, const struct plan *plan,
		       const struct check_facts *facts, const struct config *cfg,
		       struct findings *out);

#endif

/* engine/checks_together.h — what several moves run at once need together
 * (engine/checks_together.c).  Not part of engine/engine.h: the wizard
 * includes this header itself. */
#ifndef VIRT_MIGRATE_CHECKS_TOGETHER_H
#define VIRT_MIGRATE_CHECKS_TOGETHER_H

#include <stddef.h>

#include "inventory.h"
#include "plan.h"
#include "findings.h"

/* The findings of the N PLANS run at once (same or different targets) that
 * no plan alone shows, added to OUT; pure, no I/O:
 *   - mem.together (error): the VMs that will run on one target host (live
 *     moves to another host: running or paused VMs, plan_is_live(); a cold
 *     move does not start its VM) need more memory together than the host
 *     has free, though each fits alone.  A host that does not say what it
 *     has free is left alone (checks_evaluate() says mem.unknown).
 *   - storage.together (error): the disks copied into one datastore of a
 *     target host (disk_destination()), counted per VM as checks_evaluate()
 *     counts one VM's room (storage.space), need more than the datastore has
 *     available, though each VM's fit alone.
 * A VM that does not fit alone is left out of the sums: its own plan says
 * so (mem.insufficient, storage.space).  Plans naming a VM or host the
 * inventory does not know are left out too (checks_evaluate() says why); a
 * VM named by two plans counts once. */
void checks_together(const struct inventory *inv, const struct plan *plans, size_t n,
		     struct findings *out);

#endif

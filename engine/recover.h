/* engine/recover.h — recover (engine/recover.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_RECOVER_H
#define VIRT_MIGRATE_RECOVER_H

#include <stddef.h>

#include "inventory.h"
#include "journal.h"

/* ---- recover (engine/recover.c) ----------------------------------------- */

struct recover_report {
	char **lines;		/* what was found and done, one sentence each */
	size_t nlines;
	int resolved;		/* the VM is exactly once somewhere and nothing is
				 * left over: the journal entry was closed */
	int busy;		/* a live tool or a libvirt job still works on it */
};

/* Look at both hosts of journal entry E with the inventory's connections
 * and finish the cleanup: when the VM is on the source, remove what the
 * target got (its definition, the volumes the journal names, once no
 * domain uses them); when it is on the target, finish removing the source
 * side (its definition, and the source disks when the move was to delete
 * them).  Never removes the last copy of anything the VM uses; a VM
 * running on both hosts or on neither is reported, not touched.  DRY_RUN:
 * says what it would do, changes nothing.  Returns 0 when resolved. */
int recover_entry(struct inventory *inv, const struct journal_entry *e, int dry_run,
		  struct recover_report *r);
void recover_report_free(struct recover_report *r);

#endif

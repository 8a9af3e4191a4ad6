/* ui/progress.h — the Progress screen: the migration runs in a worker
 * thread; phase, bar, bytes, rates, ETA, escalations, then the result. */
#ifndef VIRT_MIGRATE_PROGRESS_H
#define VIRT_MIGRATE_PROGRESS_H

#include "ui.h"

/* Run PLAN and show it until the user leaves the result; *res filled. */
void progress_run(struct ui *ui, const struct plan *plan, struct migration_result *res);

#endif

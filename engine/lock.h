/* engine/lock.h — the per-VM lock (engine/lock.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_LOCK_H
#define VIRT_MIGRATE_LOCK_H

/* ---- the per-VM lock (engine/lock.c) ---------------------------------- */

/* The VM with UUID is being migrated now by a live process (its lock is
 * held): 1, with that process's id in *pid when known; 0 otherwise. */
int lock_vm_busy(const char *uuid, long *pid);

/* (struct migration_result.refused is set when migration_run() did nothing
 * because another tool holds the VM, or an unfinished journal names it.) */

#endif

/* engine/migration.h — migrations (engine/migration*.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_MIGRATION_H
#define VIRT_MIGRATE_MIGRATION_H

#include <stdatomic.h>

#include "../config/config.h"
#include "vm_error.h"
#include "inventory.h"
#include "plan.h"

/* ---- migrations (engine/migration*.c) --------------------------------------- */

enum migration_phase {
	MIGRATION_PHASE_STARTING,	/* connections, definitions, target volumes */
	MIGRATION_PHASE_DISKS,		/* copying or mirroring disks */
	MIGRATION_PHASE_MEMORY,		/* precopy of memory pages */
	MIGRATION_PHASE_SWITCHOVER,	/* paused: last pages, device state */
	MIGRATION_PHASE_FINISHING,	/* definitions moved, source cleaned */
	MIGRATION_PHASE_ROLLBACK,
	MIGRATION_PHASE_DONE,
	MIGRATION_PHASE_COUNT
};

struct migration_progress {
	enum migration_phase phase;
	double elapsed_s;
	unsigned long long total, processed, remaining;	/* bytes, memory + disks */
	unsigned long long mem_total, mem_processed, mem_remaining;
	unsigned long long disk_total, disk_processed, disk_remaining;
	double rate_bps;		/* bytes per second now */
	unsigned long long dirty_rate;	/* pages per second (live) */
	unsigned long long iteration;	/* precopy pass (live) */
	double eta_s;			/* < 0 when unknown */
	const char *event;		/* an escalation or a step, once; or NULL */
};

typedef void (*migration_progress_fn)(const struct migration_progress *p, void *user);

/* Set by the caller (a signal handler or another thread may do it) to ask
 * for a cancel; read by the migration's threads.  Lock-free, so a signal
 * handler may store to it. */
struct migration_cancel {
	atomic_int requested;
};

enum migration_outcome {
	MIGRATION_DONE,		/* the VM is on the target, exactly once */
	MIGRATION_ROLLED_BACK,	/* failed; the VM is where it was, target cleaned */
	MIGRATION_CANCELLED,	/* cancelled; the VM is where it was, target cleaned */
	MIGRATION_FAILED,	/* failed and the state needs the operator: see error */
	MIGRATION_NOT_STARTED,	/* a batch stopped before this one: nothing was done */
	MIGRATION_OUTCOME_COUNT
};

struct migration_result {
	enum migration_outcome outcome;
	double total_s;
	long long downtime_ms;		/* < 0 when unknown */
	unsigned long long data_bytes;	/* what crossed the link */
	unsigned long long iterations;
	char where[256];		/* "vm1 runs on b (persistent), undefined on a" */
	char cleaned[256];		/* what was removed, or "" */
	struct vm_error error;		/* why, when not done */
	int refused;			/* nothing started: the VM is locked by another
					 * migration, or needs 'recover' first */
	int encrypted;			/* memory and disks crossed under TLS */
	char clear_why[320];		/* crossed in clear between hosts: why */
	/* libvirt's completed job (a move between hosts through libvirt); 0
	 * when it gave none */
	unsigned long long job_ms;	/* the job's time elapsed */
	unsigned long long memory_bps;	/* its memory transfer rate, bytes/s */
};

const char *migration_phase_name(enum migration_phase p);
const char *migration_outcome_name(enum migration_outcome o);

/* Run PLAN (checked beforehand by the caller) with the inventory's open
 * connections.  Calls FN (may be NULL) from the calling thread about five
 * times a second.  Returns 0 when done, -1 otherwise (res says how). */
int migration_run(struct inventory *inv, const struct plan *plan, const struct config *cfg,
		  migration_progress_fn fn, void *user, struct migration_cancel *cancel,
		  struct migration_result *res);

#endif

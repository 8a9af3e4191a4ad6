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

/* Why a progress snapshot has the time left it has (eta_s): an estimate,
 * or none and why (engine/progress_figures.c). */
enum migration_eta {
	MIGRATION_ETA_NO_RATE,		/* no transfer rate measured yet: none */
	MIGRATION_ETA_ESTIMATE,		/* eta_s: remaining / (transfer - dirtying) */
	MIGRATION_ETA_DIRTY_OUTRUNS,	/* pages dirtied as fast as sent or faster: none */
	MIGRATION_ETA_COUNT
};

/* Why the data still to send grew since the previous snapshot, so that the
 * bar went back (engine/progress_figures.c). */
enum migration_regress {
	MIGRATION_REGRESS_NONE,
	MIGRATION_REGRESS_NEW_PASS,	/* a new precopy pass re-sends the pages
					 * dirtied during the last one */
	MIGRATION_REGRESS_DIRTIED,	/* within a pass: pages dirtied faster than sent */
	MIGRATION_REGRESS_TOTAL_GREW,	/* more to send was counted (the total grew) */
	MIGRATION_REGRESS_COUNT
};

struct migration_progress {
	enum migration_phase phase;
	double elapsed_s;
	unsigned long long total, processed, remaining;	/* bytes, memory + disks */
	unsigned long long mem_total, mem_processed, mem_remaining;
	unsigned long long disk_total, disk_processed, disk_remaining;
	double rate_bps;		/* bytes per second now (the transfer rate) */
	unsigned long long dirty_rate;	/* pages per second (live) */
	unsigned long long iteration;	/* precopy pass (live) */
	double eta_s;			/* an estimate; < 0 when unknown (see eta_why) */
	const char *event;		/* an escalation or a step, once; or NULL */
	/* the live figures in comparable units, from the job's statistics
	 * (progress_figures_fill()); 0 from a snapshot that has none */
	unsigned long long page_size;	/* bytes per page of dirty_rate */
	double dirty_bps;		/* dirty_rate x page_size: bytes dirtied per second */
	enum migration_eta eta_why;	/* why eta_s is, or is not, known */
	enum migration_regress regress;	/* remaining grew since the previous snapshot */
	unsigned long long regress_bytes;	/* by how much */
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

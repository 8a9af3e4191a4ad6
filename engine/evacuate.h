/* engine/evacuate.h — where each VM of a host goes when the host is
 * emptied (maintenance mode), planned by the checks of a move
 * (engine/evacuate.c).  Part of the engine's one face: engine/engine.h
 * includes it. */
#ifndef VIRT_MIGRATE_EVACUATE_H
#define VIRT_MIGRATE_EVACUATE_H
#include <stddef.h>
#include "plan.h"
#include "findings.h"
#include "probe.h"
#include "migration.h"

struct config;

/* One VM of the evacuated host. */
struct evacuate_move {
	const struct inv_vm *vm;	/* in the inventory planned from */
	struct plan plan;		/* target, kind, datastore: empty when it stays */
	int live;			/* moves live (running or paused), else cold */
	/* the findings of the move chosen; when the VM stays, those of the
	 * candidate that came closest (fewest errors), for TARGET_CHECKED */
	struct findings findings;
	const char *checked;		/* the host those findings are for, or NULL */
};

struct evacuate_plan {
	const char *host;		/* the host emptied */
	struct evacuate_move *moves;	/* every VM of the host, largest memory first */
	size_t nmoves, placed;		/* placed: the moves with a target */
};

/* Template of every move: priority, limits, encryption (its vm, target,
 * kind and datastores are ignored). */
struct evacuate_options {
	const struct plan *tmpl;
	const char *const *targets;	/* NULL: every other host of HOST's cluster */
	size_t ntargets;
	const struct probe_options *probe;
	const char *const *exclude;	/* hosts never chosen (taken out of the plan) */
	size_t nexclude;
};

/* Plan the evacuation of host HOST: each VM gets the reachable candidate
 * host whose checks find no error for it -- the VM's disks stay where they
 * are when the target sees them, else they go with it (shared-nothing) to
 * the target's active datastore with the most room -- and, among those,
 * the one with the most free memory left once the running VMs placed
 * before it are counted (VMs are placed largest memory first); hosts
 * within 10 % of each other's free memory left go by the lighter vCPU
 * load (vCPUs of running VMs, placed ones included, per logical CPU).  A VM no
 * candidate takes stays, with the findings that stop it.  Returns 0;
 * EVACUATE_BAD_NAME with ERR when HOST or a target is not configured, a
 * target is named twice or HOST is among them; -1 with ERR when HOST
 * cannot be read.  OUT is empty but for 0. */
#define EVACUATE_BAD_NAME (-2)
int evacuate_plan(struct inventory *inv, const struct config *cfg, const char *host,
		  const struct evacuate_options *opt, struct evacuate_plan *out,
		  struct vm_error *err);
void evacuate_plan_free(struct evacuate_plan *p);

/* ---- the run (engine/evacuate_run.c) ------------------------------------- */

enum evacuate_outcome {
	EVACUATE_WAITING,	/* not started yet (only while the run goes on) */
	EVACUATE_MOVED,		/* on its target, exactly once */
	EVACUATE_STAYS,		/* no candidate takes it (findings say why), or the
				 * run ended before it could start (result says why) */
	EVACUATE_FAILED,	/* its move failed: the result says where it is */
	EVACUATE_CANCELLED,	/* the run was cancelled: rolled back, or never started */
	EVACUATE_GONE,		/* left the host during the run, not by this run */
};

struct evacuate_vm {
	char *vm;
	int live;			/* as planned first: a vMotion, else a cold move */
	unsigned long long memory_kib;
	struct plan plan;		/* its move (the latest planned), or empty */
	struct plan back;		/* the return trip of PLAN (evacuate_return_plan()) */
	enum evacuate_outcome outcome;
	unsigned round;			/* the round its move ran in (1, 2...), or 0 */
	struct migration_result result;	/* of its move, once one ran */
	struct findings findings;	/* STAYS for want of a host: what stops it */
	char *checked;			/* the host those findings are for, or NULL */
	char *now_on;			/* GONE: the host it is on now, or NULL (none) */
};

struct evacuate_run {
	char *host;
	struct evacuate_vm *vms;	/* every VM of the host at the start, largest
					 * memory first */
	size_t nvms;
	char **appeared;		/* VMs found on the host in a later round: not moved */
	size_t nappeared;
	char **taken_out;		/* targets taken out of the plan, and why */
	char **taken_out_why;
	size_t ntaken_out;
	unsigned rounds;
};

enum evacuate_event_kind {
	EVACUATE_EV_PLANNED,	/* a round's plan is made: RUN's vms have their plans */
	EVACUATE_EV_PROGRESS,	/* vm INDEX's move: PROGRESS (from the runner's threads,
				 * never two calls at once) */
	EVACUATE_EV_ENDED,	/* vm INDEX has its outcome */
	EVACUATE_EV_TAKEN_OUT,	/* target HOST is out of the plan: WHY */
	EVACUATE_EV_APPEARED,	/* vm NAME came onto the host during the run */
};

struct evacuate_event {
	enum evacuate_event_kind kind;
	unsigned round;
	size_t index;
	size_t starting;		/* PLANNED: how many moves the round starts */
	const struct migration_progress *progress;
	const char *host, *why, *name;
};

typedef void (*evacuate_event_fn)(const struct evacuate_run *run,
				  const struct evacuate_event *ev, void *user);

/* Empty the host EP plans for (evacuate_plan(), on INV; its moves are
 * taken: free EP after): write the return trip to RECORD (when not NULL:
 * evacuate_record_save(), again after each round), run the placed moves
 * at once within the hosts' limits (migration_batch_run()).  When moves of
 * a round were not started because one failed, the hosts are read again
 * (INV is reloaded in place, with the options it was loaded with) and the
 * VMs still on the host that were waiting are planned again, without the
 * targets that can no longer be read and those where a move failed; a VM
 * whose move failed is not tried again; a VM that left the host meanwhile
 * is GONE, one that came is reported, never moved.  A cancel stops the
 * run: what runs is rolled back, nothing more starts.  OUT holds every
 * VM's outcome; returns 0 when every VM left, 1 when some did not, -1
 * with ERR when the run could not start (the record cannot be written:
 * nothing moved).  After a run, ERR holds a message when the record's
 * last update failed (else it is cleared). */
int evacuate_run(struct inventory *inv, const struct config *cfg, struct evacuate_plan *ep,
		 const struct evacuate_options *opt, const char *record,
		 evacuate_event_fn fn, void *user, struct migration_cancel *cancel,
		 struct evacuate_run *out, struct vm_error *err);
void evacuate_run_free(struct evacuate_run *r);
const char *evacuate_outcome_name(enum evacuate_outcome o);	/* "moved", ... */

/* ---- the return trip (engine/evacuate_return.c) --------------------------- */

/* The plan that brings VM back from where PLAN sends it: to its host of
 * now (ORIGIN), its copied disks to the datastores they are in now; its
 * 'from' is PLAN's target, so that it runs only while the VM is still
 * there.  0, or -1 (out of memory). */
int evacuate_return_plan(const struct inv_vm *vm, const char *origin, const struct plan *plan,
			 struct plan *out);
/* Write the return trips of RUN's VMs that moved or wait to (their
 * 'back') to PATH as an answers file (answers_save()): 0, or -1 with ERR.
 * With none, nothing is written (0). */
int evacuate_record_save(const struct evacuate_run *run, const char *path,
			 struct vm_error *err);

/* Where an evacuation of HOST records its return trip by default:
 * STATE/evacuations/HOST-YYYYMMDDTHHMMSSZ.ini (the directory made 0700).
 * malloc'd, or NULL with ERR. */
char *evacuate_record_path(const char *host, struct vm_error *err);

/* What a return plan (read back from a record) would do now. */
enum evacuate_return_verdict {
	EVACUATE_RETURN_GOES,		/* it goes back: the checks find no error */
	EVACUATE_RETURN_HOME,		/* it is on its origin already */
	EVACUATE_RETURN_MOVED,		/* it is on neither host: moved since */
	EVACUATE_RETURN_DELETED,	/* it is on no host read */
	EVACUATE_RETURN_REFUSED,	/* its origin (or the checks) refuse it */
};
struct evacuate_return {
	enum evacuate_return_verdict verdict;
	const char *now_on;		/* the host it is on, or NULL */
	struct findings findings;	/* the checks' (REFUSED: their errors stop it) */
};
void evacuate_return_judge(struct inventory *inv, const struct config *cfg,
			   const struct plan *plan, const struct probe_options *probe,
			   struct evacuate_return *out);
const char *evacuate_return_verdict_name(enum evacuate_return_verdict v);

#endif

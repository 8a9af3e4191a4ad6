/* engine/migration_int.h — what the executors share; not for ui/ or src/. */
#ifndef VIRT_MIGRATE_MIGRATION_INT_H
#define VIRT_MIGRATE_MIGRATION_INT_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "engine.h"

/* One migration in progress: the plan resolved against the inventory. */
struct mctx {
	struct inventory *inv;
	const struct plan *plan;
	const struct config *cfg;
	struct inv_host *src, *dst;	/* dst == src for storage-only */
	struct inv_vm *vm;
	migration_progress_fn fn;
	void *user;
	struct migration_cancel *cancel;
	struct migration_result *res;
	double started;			/* monotonic seconds */
};

double migration_now(void);		/* monotonic seconds */
/* Tell the caller about a step (phase and a one-line event). */
void migration_step(struct mctx *m, enum migration_phase phase, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The libvirt URI the SOURCE host's libvirtd uses to reach the target
 * (peer-to-peer): qemu+ssh://USER@ADDRESS/system?no_tty=1.  malloc'd. */
char *migration_dest_uri(const struct config *cfg, const struct inv_host *dst);
/* tcp://MIGRATION_ADDRESS of the target (IPv6 in brackets).  malloc'd. */
char *migration_data_uri(const struct inv_host *dst);

/* ---- the job monitor (engine/jobmon.c) ---- */

struct jobmon {
	virDomainPtr dom;		/* watched (job stats, abort) */
	int (*work)(void *arg);		/* the blocking call, run in a worker thread */
	void *arg;
	struct mctx *m;
	/* out */
	int work_rc;
	int abort_sent;
	unsigned long long iterations;
	unsigned long long last_total;	/* bytes to move, last seen */
};

/* Run jm->work in a worker thread; meanwhile poll the job's statistics about
 * five times a second and report them, and abort the job once when the
 * cancel token is set.  Returns jm->work_rc. */
int jobmon_run(struct jobmon *jm);

/* ---- executors ---- */
int migration_live_run(struct mctx *m);

#endif

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
	long long started_wall;		/* seconds since the epoch, for the history */
	int tls;			/* VIR_MIGRATE_TLS: memory and NBD under TLS */
	int ran;			/* an executor was started (else nothing was done) */
};

/* The lock on the VM's host (engine/lock.c): held through LINK while a
 * move of VM (UUID) runs, by whichever tool, workstation or state
 * directory; -1 with ERR naming the holder and since when, or why it could
 * not be taken.  Released by lock_host_release(), or by the host when the
 * tool's SSH session ends. */
struct host_lock;
int lock_host_take(struct sshlink *link, const char *host, const char *uuid, const char *vm,
		   struct host_lock **out, struct vm_error *err);
void lock_host_release(struct host_lock *l);
/* Who runs this tool, as the host lock names its holder: "USER@HOST"
 * ($USER, '?' when unset; the workstation's host name).  Returns BUF. */
const char *lock_who(char *buf, size_t len);

double migration_now(void);		/* monotonic seconds */
/* Tell the caller about a step (phase and a one-line event). */
void migration_step(struct mctx *m, enum migration_phase phase, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* 1 once the caller asked to cancel (the token of migration_run). */
int migration_cancelled(const struct mctx *m);
/* snprintf that may cut: every text it makes is a message, and a cut one
 * still reads. */
void migration_put(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append TEXT to BUF, ", " between items; cut when BUF is full. */
void migration_append(char *buf, size_t size, const char *text);
/* Add what was removed to RES->cleaned ("X on host, Y on host"). */
void migration_cleaned(struct migration_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Drop the full stops and blanks at the end of S: it goes inside a sentence. */
void migration_strip_stop(char *s);
/* libvirt's last error message, without its full stop, into BUF. */
void migration_last_error(char *buf, size_t size);

/* The VM's domain on the source host, or NULL with m->res->error set. */
virDomainPtr migration_source_domain(struct mctx *m);

/* The libvirt URI the SOURCE host's libvirtd uses to reach the target
 * (peer-to-peer): qemu+ssh://USER@ADDRESS/system?no_tty=1.  malloc'd. */
char *migration_dest_uri(const struct config *cfg, const struct inv_host *dst);
/* tcp://MIGRATION_ADDRESS of the target (IPv6 in brackets).  malloc'd. */
char *migration_data_uri(const struct inv_host *dst);

/* Append the record of the migration M to the history (engine/history.c):
 * what was asked, libvirt's completed-job figures, the outcome, who ran it.
 * A failure is logged; the migration's result does not change. */
void migration_history_note(const struct mctx *m);

/* ---- the job monitor (engine/jobmon.c) ---- */

struct jobmon {
	virDomainPtr dom;		/* watched (job stats, abort) */
	int (*work)(void *arg);		/* the blocking call, run in a worker thread */
	void *arg;
	struct mctx *m;
	/* called after each poll with the job's statistics (may be NULL) */
	void (*tick)(struct jobmon *jm, const struct migration_progress *p, void *arg);
	void *tick_arg;
	int disks_copied;		/* disks go over NBD: their connections may be
					 * cut when the target is lost (QEMU's yank) */
	/* out */
	int work_rc;
	int abort_sent;
	int budget_spent;		/* aborted: plan->max_time_s passed */
	int target_lost;		/* aborted: the tool's connection to the target
					 * died (link cut, daemon gone) */
	double abort_t;			/* when the abort was sent */
	int yanked;			/* the disk mirrors' connections were cut */
	unsigned long long throttle;	/* auto-converge CPU throttle now, percent */
	unsigned long long iterations;
	unsigned long long last_total;	/* bytes to move, last seen */
};

/* Run jm->work in a worker thread; meanwhile poll the job's statistics about
 * five times a second and report them, and abort the job once when the
 * cancel token is set or the plan's time budget (max_time_s) is spent.
 * Returns jm->work_rc. */
int jobmon_run(struct jobmon *jm);

/* The node names of the NBD client nodes in QEMU's reply to query-yank (at
 * most MAX; each a QEMU identifier of at most 31 characters, anything else
 * skipped).  Returns how many were stored in NAMES. */
int jobmon_yank_nodes(const char *reply, char names[][32], int max);

/* ---- target volumes (engine/migration_vol.c) ---- */

/* The format disk D gets under choice F: "qcow2" (thin), "raw" (thick), or D's own. */
const char *migration_target_format(const struct inv_disk *d, enum plan_format f);
/* Create the volume for disk D in pool POOL on CONN: D's file name (with the
 * extension of the new format), D's capacity, format per F, fully allocated
 * when thick.  *path gets its path (malloc'd). */
int migration_vol_create(virConnectPtr conn, const char *pool, const struct inv_disk *d,
			 enum plan_format f, char **path, struct vm_error *err);
/* The file name a new volume of disk D gets in FORMAT: D's own, with SUFFIX
 * before the extension of the format (.qcow2, else .img).  malloc'd. */
char *migration_vol_name(const struct inv_disk *d, const char *format, const char *suffix);
/* A <volume> definition; sizes in bytes.  malloc'd. */
char *migration_vol_xml(const char *name, unsigned long long capacity, unsigned long long alloc,
			const char *format);
/* Allocate the holes of the raw file PATH (disk D) on the host behind LINK:
 * QEMU's copies leave zeroed ranges sparse, "thick" wants them allocated.
 * Reports the step either way; a sparse file still works. */
void migration_vol_allocate(struct mctx *m, struct sshlink *link, const char *host,
			    const struct inv_disk *d, const char *path);
/* Delete the volume at PATH (logged); 0 or -1. */
int migration_vol_delete(virConnectPtr conn, const char *path);

/* ---- domain XML edits (engine/migration_xml.c) ---- */

/* S with XML's special characters escaped as libvirt writes attributes. */
char *migration_xml_escape(const char *s);
/* 1 when a <disk> of the domain XML has <source file=PATH> (compared after
 * the XML's escapes are undone, so any name works). */
int migration_xml_has_disk_file(const char *xml, const char *path);
/* 1 when any element of the domain XML has an attribute whose value is
 * exactly PATH (decoded: a disk's or backing store's source, a mirror, an
 * NVRAM template...), 0 when none does, -1 when XML cannot be read. */
int migration_xml_uses_path(const char *xml, const char *path);
/* The target device (<target dev>) of the first <disk> whose <source file>
 * is PATH, copied into BUF of LEN bytes: 1 when found, 0 when no such disk,
 * it has no target or the name does not fit, -1 when XML cannot be read. */
int migration_xml_disk_target(const char *xml, const char *path, char *buf, size_t len);
/* XML with the disk whose source file is OLD_PATH pointed at NEW_PATH, and
 * its driver type set to NEW_FORMAT (if not NULL).  malloc'd; NULL when the
 * disk is not found or out of memory. */
char *migration_xml_retarget_disk(const char *xml, const char *old_path, const char *new_path,
				  const char *new_format);
/* XML with every NIC moved at once to the plan's target for the network it
 * has in XML: swaps and chains do what the table says.
 * malloc'd; NULL when out of memory or a network attribute is malformed. */
char *migration_xml_remap_networks(const char *xml, const struct plan *plan);

/* ---- after a move between hosts (engine/migration_settle.c) ---- */

/* After success: the VM runs on the target (persistent) and no longer on the
 * source; reads the completed job's statistics from the target.  0 or -1. */
int migration_settle_success(struct mctx *m);
/* After a failure: the VM must still run on the source; a copy of it left
 * on the target is removed.  1 when the VM is safe on the source. */
int migration_settle_failure(struct mctx *m, virDomainPtr dom);

/* ---- parallel streams and compression (engine/migration_streams.c) ---- */

/* Add to PARAMS and *FLAGS what the plan's streams ask (the config's
 * defaults where it says nothing): VIR_MIGRATE_PARALLEL with
 * PARALLEL_CONNECTIONS, VIR_MIGRATE_COMPRESSED with the method; TEXT gets
 * "4 parallel streams, no compression" for the starting step.  -1 with
 * m->res->error set (refused: the hosts cannot do it, by engine/streams.c;
 * or out of memory): nothing was started. */
int migration_streams(struct mctx *m, virTypedParameterPtr *params, int *nparams,
		      int *maxparams, unsigned int *flags, char *text, size_t len);

/* ---- the peer-to-peer call (engine/migration_p2p.c) ---- */

/* virDomainMigrateToURI3(jm->dom, DCONNURI, PARAMS, FLAGS) under the job
 * monitor JM (dom, tick set by the caller); libvirt's message in ERROR. */
int migration_p2p_run(struct mctx *m, struct jobmon *jm, const char *dconnuri,
		      virTypedParameterPtr params, int nparams, unsigned int flags,
		      char *error, size_t errlen);
/* After a failed call: where the VM is (migration_settle_failure), the
 * outcome and the message.  Returns 1 when the VM is safe on the source. */
int migration_p2p_failed(struct mctx *m, virDomainPtr dom, const struct jobmon *jm,
			 const char *error);

/* ---- executors: the table in engine/migration.c, one file each ---- */

enum migration_vm_state {
	MIGRATION_VM_LIVE,		/* running or paused: moved live */
	MIGRATION_VM_SUSPENDED,		/* shut off with a managed-save image */
	MIGRATION_VM_OFF,		/* shut off (or crashed): moved cold */
};

struct migration_executor {
	const char *name;		/* for the log */
	enum plan_kind kind;
	enum migration_vm_state state;
	int host_change;		/* 1: to another host; 0: the same host */
	int (*run)(struct mctx *m);
};

enum migration_vm_state migration_vm_state(const struct inv_vm *vm);
/* The row for a plan of KIND on VM (its state as checked), or NULL when
 * that is no move. */
const struct migration_executor *migration_executor_for(enum plan_kind kind,
							 const struct inv_vm *vm,
							 int host_change);

int migration_live_run(struct mctx *m);		/* vMotion, shared storage */
int migration_both_run(struct mctx *m);		/* shared-nothing vMotion */
int migration_suspended_run(struct mctx *m);	/* suspended, between hosts */
int migration_cold_run(struct mctx *m);		/* cold, between hosts */
int migration_storage_live_run(struct mctx *m);	/* Storage vMotion, same host */
int migration_storage_cold_run(struct mctx *m);	/* shut off, same host */
int migration_storage_suspended_run(struct mctx *m); /* refused: the saved state */

/* ---- data movers ---- */

/* Copy the volume at SPATH on SCONN into the existing volume DPATH on DCONN
 * through the tool, sparse (engine/volcopy.c).  Adds the bytes sent to
 * *moved; reports progress; stops when the cancel token is set. */
int volcopy_stream(struct mctx *m, virConnectPtr sconn, const char *spath,
		   virConnectPtr dconn, const char *dpath, unsigned long long capacity,
		   unsigned long long *moved, struct vm_error *err);
/* 1 when VM runs under QEMU's emulation (domain type 'qemu', TCG). */
int migration_vm_emulated(const struct inv_vm *vm);
/* Copy the file SPATH of the source host straight to the target host, onto
 * the existing volume DPATH, over the source's ssh to the target; sparse
 * (engine/volcopy_hosts.c).  ALLOCATED: the source's allocated bytes, for
 * progress and *moved.  Leaves nothing behind on failure or cancel. */
int volcopy_hosts(struct mctx *m, const char *spath, unsigned long long allocated,
		  const char *dpath, unsigned long long *moved, struct vm_error *err);

#endif

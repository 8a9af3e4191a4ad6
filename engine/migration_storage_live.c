/* engine/migration_storage_live.c — Storage vMotion of a running or paused
 * VM: its disks move to other datastores (pools) of the same host, one at a
 * time.  The target volume is made in the chosen format, QEMU copies the
 * disk into it (virDomainBlockCopy, a transient job: libvirt 9 refuses a
 * persistent domain otherwise) and then mirrors every write to both files
 * until the pivot switches the VM over.  Once every disk has pivoted the
 * saved definition gets the new paths (libvirt leaves it naming the old
 * files), is read back, and only then are the old volumes deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "migration_storage_int.h"

#define POLL_NS (200 * 1000 * 1000)	/* about five polls a second */
#define PIVOT_TRIES 50			/* "not ready for pivot yet": 10 s of retries */
#define SETTLE_POLLS 150		/* job gone and new path live: 30 s */
/* A datastore with less than this free, right after a copy into it failed
 * and while the partial copy still lies there, was filled by that copy:
 * QEMU writes at most a few MiB at once. */
#define FULL_SLACK (16ULL << 20)

struct meter {			/* progress of the block copies */
	unsigned long long done;	/* bytes of the disks already mirrored */
	unsigned long long first_cur, last_cur, last_end;
	double first_t;			/* when this disk's copy began */
};

static void sleep_poll(void)
{
	struct timespec ts = { 0, POLL_NS };
	nanosleep(&ts, NULL);
}

static void report_copy(struct mctx *m, struct meter *mt, const virDomainBlockJobInfo *info)
{
	double now = migration_now(), rate = 0;
	/* QEMU's rate limit moves the data in bursts: the average since the
	 * copy began is the rate worth showing */
	if (now > mt->first_t && info->cur >= mt->first_cur) {
		rate = (double)(info->cur - mt->first_cur) / (now - mt->first_t);
	}
	mt->last_cur = info->cur;
	mt->last_end = info->end;
	if (!m->fn)
		return;
	struct migration_progress p;
	memset(&p, 0, sizeof p);
	p.phase = MIGRATION_PHASE_DISKS;
	p.elapsed_s = now - m->started;
	p.disk_total = mt->done + info->end;
	p.disk_processed = mt->done + info->cur;
	p.disk_remaining = info->end - (info->cur < info->end ? info->cur : info->end);
	p.total = p.disk_total;
	p.processed = p.disk_processed;
	p.remaining = p.disk_remaining;
	p.rate_bps = rate;
	p.eta_s = rate > 0 ? (double)p.remaining / rate : -1;
	m->fn(&p, m->user);
}

/* End the copy job of MV without a pivot and wait until it is gone.
 * 0 when no job is left. */
static int abort_copy(virDomainPtr dom, const struct move *mv)
{
	virDomainBlockJobInfo info;
	int r = virDomainGetBlockJobInfo(dom, mv->disk->target, &info, 0);
	if (r == 1 && virDomainBlockJobAbort(dom, mv->disk->target, 0) < 0)
		engine_log("storage: abort of the copy of disk %s failed: %s", mv->disk->target,
			   virGetLastErrorMessage());
	for (int i = 0; r != 0 && i < SETTLE_POLLS; i++) {
		r = virDomainGetBlockJobInfo(dom, mv->disk->target, &info, 0);
		if (r != 0)
			sleep_poll();
	}
	return r == 0 ? 0 : -1;
}

/* Thick: QEMU's mirror leaves the zeroed ranges of the new raw file
 * unallocated (it zeroes the target with unmap, and libvirt gives no way to
 * say otherwise); fallocate on the host fills only the holes, keeping the
 * data, while the VM writes to it. */
static void allocate_thick(struct mctx *m, const struct move *mv)
{
	if (mv->choice == PLAN_FORMAT_THICK && strcmp(mv->format, "raw") == 0)
		migration_vol_allocate(m, m->src->link, m->src->cfg->name, mv->disk, mv->new_path);
}

enum copy_result { COPY_MOVED, COPY_FAILED, COPY_CANCELLED, COPY_UNSURE };

/* The live XML of DOM names the new file of MV. */
static int live_on_new(virDomainPtr dom, const struct move *mv)
{
	char *xml = virDomainGetXMLDesc(dom, 0);
	int yes = xml && migration_xml_has_disk_file(xml, mv->new_path) && !migration_xml_has_disk_file(xml, mv->disk->path);
	free(xml);
	return yes;
}

/* The copy of MV ended before it was complete (or failed with WHY): when
 * its datastore is full now, while the partial copy still lies in it — or
 * libvirt said so —, WHY says that the datastore ran out of space and MV is
 * marked no_space.  LOOK: whether the free space may tell (a partial copy
 * lies in the datastore).  QEMU's mirror reports ENOSPC on its target only in the
 * daemon's log: the job just ends, so the free space tells. */
static void explain_full(struct mctx *m, struct move *mv, const struct meter *mt, int look,
			 char *why, size_t whysize)
{
	virStoragePoolPtr pool = look ? virStoragePoolLookupByName(m->src->conn, mv->store) : NULL;
	virStoragePoolInfo pi;
	int known = 0;
	char free_s[32], left_s[32];

	if (pool) {
		if (virStoragePoolRefresh(pool, 0) < 0)
			engine_log("storage: refresh of pool %s failed: %s", mv->store,
				   virGetLastErrorMessage());
		known = virStoragePoolGetInfo(pool, &pi) == 0;
		virStoragePoolFree(pool);
	}
	int said = strstr(why, "No space left") || strstr(why, "ENOSPC");
	if (!said && !(known && pi.available < FULL_SLACK))
		return;
	mv->no_space = 1;
	if (!known) {
		migration_put(why, whysize, "datastore '%s' on host '%s' ran out of space", mv->store,
		    m->src->cfg->name);
		return;
	}
	engine_bytes(pi.available, free_s, sizeof free_s);
	if (mt->last_end > mt->last_cur) {
		engine_bytes(mt->last_end - mt->last_cur, left_s, sizeof left_s);
		migration_put(why, whysize, "datastore '%s' on host '%s' ran out of space (%s free, with %s "
		    "of the disk still to copy)", mv->store, m->src->cfg->name, free_s, left_s);
	} else {
		migration_put(why, whysize, "datastore '%s' on host '%s' ran out of space (%s free)",
		    mv->store, m->src->cfg->name, free_s);
	}
}

/* After a failed or cancelled copy of MV: end the job without a pivot and
 * delete the new volume.  RES unless the state could not be made plain
 * (COPY_UNSURE, WHY completed) or the job pivoted after all (COPY_MOVED). */
static enum copy_result undo_copy(struct mctx *m, virDomainPtr dom, struct move *mv, int started,
				  enum copy_result res, char *why, size_t whysize)
{
	if (started && abort_copy(dom, mv) != 0) {
		size_t len = strlen(why);
		migration_put(why + len, whysize - len, "%sthe copy job could not be ended", len ? "; " : "");
		return COPY_UNSURE;
	}
	if (started && live_on_new(dom, mv)) {
		mv->state = MOVE_MOVED;	/* the job ended with a pivot anyway */
		return COPY_MOVED;
	}
	migration_storage_delete_new(m, mv);
	return res;
}

/* Copy, mirror and pivot one disk.  On COPY_FAILED and COPY_CANCELLED the
 * VM still uses the old file and the new volume is gone; WHY says why. */
static enum copy_result copy_live(struct mctx *m, virDomainPtr dom, struct move *mv,
				  struct meter *mt, char *why, size_t whysize)
{
	const char *target = mv->disk->target;
	virTypedParameterPtr params = NULL;
	int nparams = 0, maxparams = 0;
	char *epath = NULL, *destxml = NULL;
	enum copy_result res = COPY_FAILED;
	virDomainBlockJobInfo info;
	int started = 0;

	if (migration_vol_create(m->src->conn, mv->store, mv->disk, mv->choice, &mv->new_path,
				 &m->res->error) < 0) {
		migration_put(why, whysize, "%s", m->res->error.message);
		migration_strip_stop(why);
		explain_full(m, mv, mt, 0, why, whysize);
		return COPY_FAILED;
	}
	mv->state = MOVE_COPYING;
	epath = migration_xml_escape(mv->new_path);
	if (!epath || asprintf(&destxml, "<disk type='file'><source file='%s'/><driver type='%s'/>"
			       "</disk>", epath, mv->format) < 0) {
		destxml = NULL;
		migration_put(why, whysize, "out of memory");
		goto cleanup;
	}
	if (m->plan->bandwidth_mibs &&
	    virTypedParamsAddULLong(&params, &nparams, &maxparams, VIR_DOMAIN_BLOCK_COPY_BANDWIDTH,
				    (unsigned long long)m->plan->bandwidth_mibs << 20) < 0) {
		migration_put(why, whysize, "out of memory");
		goto cleanup;
	}
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copying %s to %s (%s)%s", target,
		       mv->disk->path, mv->new_path, mv->format,
		       m->plan->bandwidth_mibs ? ", bandwidth capped" : "");
	mt->first_t = migration_now();
	mt->first_cur = mt->last_cur = mt->last_end = 0;
	if (virDomainBlockCopy(dom, target, destxml, params, nparams,
			       VIR_DOMAIN_BLOCK_COPY_REUSE_EXT | VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB) < 0) {
		migration_last_error(why, whysize);
		explain_full(m, mv, mt, 1, why, whysize);
		goto cleanup;
	}
	started = 1;
	/* copy until the job is ready: from then on every write goes to both files */
	for (;;) {
		if (migration_cancelled(m)) {
			migration_step(m, MIGRATION_PHASE_ROLLBACK, "cancel asked: ending the copy of "
				       "disk %s without a pivot", target);
			res = COPY_CANCELLED;
			goto cleanup;
		}
		int r = virDomainGetBlockJobInfo(dom, target, &info, 0);
		if (r < 0) {
			migration_last_error(why, whysize);
			explain_full(m, mv, mt, 1, why, whysize);
			goto cleanup;
		}
		if (r == 0) {
			migration_put(why, whysize, "the copy job ended before the copy was complete");
			explain_full(m, mv, mt, 1, why, whysize);
			goto cleanup;
		}
		report_copy(m, mt, &info);
		if (info.end > 0 && info.cur == info.end)
			break;
		sleep_poll();
	}
	migration_step(m, MIGRATION_PHASE_SWITCHOVER, "disk %s: copied and mirrored; pivoting to %s",
		       target, mv->new_path);
	/* the pivot; libvirt may still say "not ready" for a moment */
	for (int tries = 0;; tries++) {
		if (virDomainBlockJobAbort(dom, target, VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT) == 0)
			break;
		int code = virGetLastErrorCode();
		migration_last_error(why, whysize);
		if (live_on_new(dom, mv))
			break;	/* it did pivot after all */
		if (code != VIR_ERR_BLOCK_COPY_ACTIVE || tries >= PIVOT_TRIES)
			goto cleanup;
		if (migration_cancelled(m)) {
			res = COPY_CANCELLED;
			goto cleanup;
		}
		sleep_poll();
	}
	/* the job gone and the VM on the new file */
	for (int i = 0;; i++) {
		int r = virDomainGetBlockJobInfo(dom, target, &info, 0);
		if (r == 0 && live_on_new(dom, mv))
			break;
		if (i >= SETTLE_POLLS) {
			migration_put(why, whysize, "after the pivot the VM's running definition does not "
			    "name %s (block job %s)", mv->new_path, r == 0 ? "gone" : "still there");
			res = COPY_UNSURE;
			goto cleanup;
		}
		sleep_poll();
	}
	mt->done += mt->last_end;
	m->res->data_bytes += mt->last_cur;
	mv->state = MOVE_MOVED;
	migration_step(m, MIGRATION_PHASE_SWITCHOVER, "disk %s: the VM now runs from %s", target,
		       mv->new_path);
	allocate_thick(m, mv);
	res = COPY_MOVED;
cleanup:
	if (res == COPY_FAILED || res == COPY_CANCELLED)
		res = undo_copy(m, dom, mv, started, res, why, whysize);
	virTypedParamsFree(params, nparams);
	free(epath);
	free(destxml);
	return res;
}

static int run_live(struct mctx *m, virDomainPtr dom, struct move *mv, size_t n)
{
	struct migration_result *res = m->res;
	struct meter mt;
	char why[400] = "", defwhy[300] = "", stores[200], where[600];
	enum copy_result cr = COPY_MOVED;
	size_t failed = n, moved = 0;

	memset(&mt, 0, sizeof mt);
	migration_step(m, MIGRATION_PHASE_STARTING, "Storage vMotion of %s on %s: %zu disk%s, one "
		       "at a time", m->vm->name, m->src->cfg->name, n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		if (migration_cancelled(m)) {
			cr = COPY_CANCELLED;
			failed = i;
			break;
		}
		cr = copy_live(m, dom, &mv[i], &mt, why, sizeof why);
		if (cr != COPY_MOVED) {
			failed = i;
			break;
		}
		moved++;
	}

	/* the saved definition follows the disks that moved */
	int persistent = virDomainIsPersistent(dom) == 1;
	int defined = 1;
	if (moved && persistent) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "writing the new paths into the saved "
			       "definition of %s", m->vm->name);
		defined = migration_storage_redefine(m, dom, mv, n, defwhy, sizeof defwhy) == 0;
	}
	if (moved && defined) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "%s; deleting the old volumes",
			       persistent ? "saved definition verified" : "transient VM, no saved definition");
		for (size_t i = 0; i < n; i++)
			if (mv[i].state == MOVE_MOVED)
				migration_storage_delete_source(m, &mv[i]);
	}
	migration_storage_stores(mv, n, stores, sizeof stores);
	migration_storage_where(mv, n, where, sizeof where);

	if (failed == n && defined) {
		int state = 0, reason = 0;
		int paused = virDomainGetState(dom, &state, &reason, 0) == 0 && state == VIR_DOMAIN_PAUSED;
		migration_put(res->where, sizeof res->where, "%s %s on %s from datastore %s", m->vm->name,
		    paused ? "is paused" : "runs", m->src->cfg->name, stores);
		res->outcome = MIGRATION_DONE;
		migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
		return 0;
	}
	if (failed == n) {
		/* every disk moved, but the saved definition still names the old files */
		migration_put(res->where, sizeof res->where, "%s runs on %s from datastore %s; its saved "
		    "definition still names the old files", m->vm->name, m->src->cfg->name, stores);
		res->outcome = MIGRATION_FAILED;
		vm_error_set(&res->error, "The disks of VM '%s' moved to datastore %s, but its saved "
			     "definition could not be updated: %s; the old volumes were kept.",
			     m->vm->name, stores, defwhy);
		vm_error_hint(&res->error, "Point the disks of 'virsh dumpxml --inactive %s' at the new "
			      "files (virsh define), then delete the old volumes.", m->vm->name);
		return -1;
	}

	const struct move *f = &mv[failed];
	if (cr == COPY_UNSURE) {
		migration_put(res->where, sizeof res->where, "%s runs on %s; disk %s may use %s or %s",
		    m->vm->name, m->src->cfg->name, f->disk->target, f->disk->path,
		    f->new_path ? f->new_path : "?");
		res->outcome = MIGRATION_FAILED;
		vm_error_set(&res->error, "The copy of disk %s of VM '%s' to datastore %s ended in an "
			     "unknown state: %s; %s.", f->disk->target, m->vm->name, f->store, why, where);
		vm_error_hint(&res->error, "Look at 'virsh domblklist %s' and 'virsh blockjob %s %s' on "
			      "%s; nothing of disk %s was deleted.", m->vm->name, m->vm->name,
			      f->disk->target, m->src->cfg->name, f->disk->target);
		return -1;
	}
	if (!moved) {
		migration_put(res->where, sizeof res->where, "%s still runs on %s from its old disks",
		    m->vm->name, m->src->cfg->name);
		if (cr == COPY_CANCELLED) {
			res->outcome = MIGRATION_CANCELLED;
			vm_error_set(&res->error, "The storage move of VM '%s' was cancelled; %s.",
				     m->vm->name, res->where);
		} else {
			res->outcome = MIGRATION_ROLLED_BACK;
			vm_error_set(&res->error, "Disk %s of VM '%s' could not move to datastore %s: "
				     "%s; %s.", f->disk->target, m->vm->name, f->store, why, res->where);
			if (f->no_space)
				vm_error_hint(&res->error, "Free space in datastore '%s' on host '%s', or "
					      "choose another datastore (--datastore).", f->store,
					      m->src->cfg->name);
		}
		return -1;
	}
	/* some disks moved (running and saved definitions agree when defined), the rest not */
	migration_put(res->where, sizeof res->where, "%s runs on %s; %s", m->vm->name, m->src->cfg->name,
	    where);
	res->outcome = cr == COPY_CANCELLED && defined ? MIGRATION_CANCELLED : MIGRATION_FAILED;
	if (cr == COPY_CANCELLED)
		vm_error_set(&res->error, "The storage move of VM '%s' was cancelled after some disks "
			     "had moved; %s.", m->vm->name, res->where);
	else
		vm_error_set(&res->error, "Disk %s of VM '%s' could not move to datastore %s: %s; "
			     "%s.", f->disk->target, m->vm->name, f->store, why, res->where);
	if (!defined)
		vm_error_hint(&res->error, "The saved definition could not be updated (%s): point it "
			      "at the new files with virsh define; no old volume was deleted.", defwhy);
	else if (f->no_space)
		vm_error_hint(&res->error, "The disks that moved are in both definitions; free space "
			      "in datastore '%s' on host '%s', or choose another datastore, and run "
			      "the move again for disk %s.", f->store, m->src->cfg->name,
			      f->disk->target);
	else
		vm_error_hint(&res->error, "The disks that moved are in both definitions; run the "
			      "move again for disk %s.", f->disk->target);
	return -1;
}

int migration_storage_live_run(struct mctx *m)
{
	return migration_storage_run_moves(m, 1, run_live);
}

/* engine/migration_storage.c — Storage vMotion: the disks of a VM move to
 * other datastores (pools) of the same host; the VM stays where it is.
 *
 * Running or paused VM, one disk at a time: the target volume is made in the
 * chosen format, QEMU copies the disk into it (virDomainBlockCopy, a
 * transient job: libvirt 9 refuses a persistent domain otherwise) and then
 * mirrors every write to both files until the pivot switches the VM over.
 * Once every disk has pivoted the saved definition gets the new paths
 * (libvirt leaves it naming the old files), is read back, and only then are
 * the old volumes deleted.
 *
 * Shut-off VM: each disk is copied by libvirt (virStorageVolCreateXMLFrom,
 * qemu-img converts the format), or, when libvirt refuses and the format
 * stays, through a download and an upload stream; then the definition is
 * rewritten and verified and the old volumes go.  A VM with a managed-save
 * image is refused: its saved state names the old files. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "migration_int.h"

#define POLL_NS (200 * 1000 * 1000)	/* about five polls a second */
#define PIVOT_TRIES 50			/* "not ready for pivot yet": 10 s of retries */
#define SETTLE_POLLS 150		/* job gone and new path live: 30 s */
#define STREAM_CHUNK (256 * 1024)
/* A datastore with less than this free, right after a copy into it failed
 * and while the partial copy still lies there, was filled by that copy:
 * QEMU writes at most a few MiB at once. */
#define FULL_SLACK (16ULL << 20)

enum move_state {
	MOVE_PENDING,	/* nothing made yet */
	MOVE_COPYING,	/* the new volume exists, the VM still uses the old one */
	MOVE_MOVED,	/* the VM uses the new volume */
};

struct move {
	const struct inv_disk *disk;
	const char *store;	/* target datastore */
	enum plan_format choice;
	const char *format;	/* target format */
	char *new_path;
	enum move_state state;
	int source_deleted;
	int no_space;		/* the copy failed because the datastore filled up */
};

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

static int cancelled(const struct mctx *m)
{
	return m->cancel && m->cancel->requested;
}

static int is_movable(const struct inv_disk *d)
{
	return d->path && d->device && strcmp(d->device, "disk") == 0 && !d->readonly &&
	       !d->shareable && (!d->type || strcmp(d->type, "file") == 0);
}

/* snprintf that may cut: every text here is a message, a cut one still reads. */
static void put(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* Append TEXT to BUF (", " between items). */
static void append(char *buf, size_t size, const char *text)
{
	size_t len = strlen(buf), t = strlen(text);
	if (len && len + 2 < size) {
		memcpy(buf + len, ", ", 2);
		len += 2;
	}
	if (len + 1 >= size)
		return;
	if (len + t >= size)
		t = size - len - 1;	/* cut: the buffer is full */
	memcpy(buf + len, text, t);
	buf[len + t] = '\0';
}

/* Drop the full stops at the end of S: it goes inside a sentence. */
static void strip_stop(char *s)
{
	size_t len = strlen(s);
	while (len && (s[len - 1] == '.' || s[len - 1] == '\n' || s[len - 1] == ' '))
		s[--len] = '\0';
}

/* Copy libvirt's last error message into BUF. */
static void last_error(char *buf, size_t size)
{
	const char *msg = virGetLastErrorMessage();
	put(buf, size, "%s", msg && msg[0] ? msg : "unknown error");
	strip_stop(buf);
}

/* XML text of S contains file='PATH'. */
/* The volume at PATH; refreshes the active pools once when libvirt does not
 * know it yet (files made outside the pool API are listed only then). */
static virStorageVolPtr vol_by_path(virConnectPtr conn, const char *path)
{
	virStorageVolPtr vol = virStorageVolLookupByPath(conn, path);
	if (vol)
		return vol;
	virStoragePoolPtr *pools = NULL;
	int n = virConnectListAllStoragePools(conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
	for (int i = 0; i < n; i++) {
		if (virStoragePoolRefresh(pools[i], 0) < 0)
			engine_log("storage: refresh of a pool failed: %s", virGetLastErrorMessage());
		virStoragePoolFree(pools[i]);
	}
	free(pools);
	return virStorageVolLookupByPath(conn, path);
}

/* Delete the source volume of MV once nothing uses it; notes it in cleaned. */
static void delete_source(struct mctx *m, struct move *mv)
{
	virStorageVolPtr vol = vol_by_path(m->src->conn, mv->disk->path);
	if (!vol) {
		engine_log("storage: old volume %s of disk %s not found to delete: %s", mv->disk->path,
			   mv->disk->target, virGetLastErrorMessage());
		return;
	}
	virStorageVolFree(vol);
	if (migration_vol_delete(m->src->conn, mv->disk->path) == 0) {
		char what[300];
		mv->source_deleted = 1;
		put(what, sizeof what, "%s on %s", mv->disk->path, m->src->cfg->name);
		append(m->res->cleaned, sizeof m->res->cleaned, what);
	}
}

/* Delete the new volume of MV (the VM does not use it). */
static void delete_new(struct mctx *m, struct move *mv)
{
	if (!mv->new_path)
		return;
	virStorageVolPtr vol = vol_by_path(m->src->conn, mv->new_path);
	if (vol)
		virStorageVolFree(vol);
	if (vol && migration_vol_delete(m->src->conn, mv->new_path) == 0) {
		char what[300];
		put(what, sizeof what, "%s on %s", mv->new_path, m->src->cfg->name);
		append(m->res->cleaned, sizeof m->res->cleaned, what);
	} else {
		engine_log("storage: new volume %s of disk %s could not be deleted.", mv->new_path,
			   mv->disk->target);
	}
	free(mv->new_path);
	mv->new_path = NULL;
	mv->state = MOVE_PENDING;
}

/* Point the saved definition of DOM at the new files of every moved disk
 * and read it back.  0, or -1 with WHY filled. */
static int redefine(struct mctx *m, virDomainPtr dom, struct move *mv, size_t n, char *why,
		    size_t whysize)
{
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
	char *check = NULL;
	virDomainPtr def = NULL;
	int rc = -1;

	if (!xml) {
		last_error(why, whysize);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (mv[i].state != MOVE_MOVED || migration_xml_has_disk_file(xml, mv[i].new_path))
			continue;
		char *next = migration_xml_retarget_disk(xml, mv[i].disk->path, mv[i].new_path,
							 mv[i].format);
		if (!next) {
			put(why, whysize, "disk %s (%s) is not in the saved definition",
			    mv[i].disk->target, mv[i].disk->path);
			goto cleanup;
		}
		free(xml);
		xml = next;
	}
	def = virDomainDefineXML(m->src->conn, xml);
	if (!def) {
		last_error(why, whysize);
		goto cleanup;
	}
	check = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	if (!check) {
		last_error(why, whysize);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (mv[i].state != MOVE_MOVED)
			continue;
		if (!migration_xml_has_disk_file(check, mv[i].new_path) || migration_xml_has_disk_file(check, mv[i].disk->path)) {
			put(why, whysize, "read back, it does not name %s for disk %s",
			    mv[i].new_path, mv[i].disk->target);
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	if (def)
		virDomainFree(def);
	free(xml);
	free(check);
	return rc;
}

/* "local2" or "local2, local3": the distinct datastores of the moved disks. */
static void stores_moved(const struct move *mv, size_t n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		if (mv[i].state != MOVE_MOVED)
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= mv[j].state == MOVE_MOVED && strcmp(mv[j].store, mv[i].store) == 0;
		if (!seen)
			append(buf, size, mv[i].store);
	}
}

/* "disk vda is in datastore local2, disk vdb stays in local (/path)". */
static void disks_where(const struct move *mv, size_t n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char one[600];
		if (mv[i].state == MOVE_MOVED)
			put(one, sizeof one, "disk %s is in datastore %s (%s)", mv[i].disk->target,
			    mv[i].store, mv[i].new_path);
		else
			put(one, sizeof one, "disk %s stays in %s (%s)", mv[i].disk->target,
			    mv[i].disk->pool ? mv[i].disk->pool : "its old place", mv[i].disk->path);
		append(buf, size, one);
	}
}

/* ---- running VM: block copy, mirror, pivot ---- */

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

/* "12.5 MiB" */
static void size_text(unsigned long long bytes, char *buf, size_t size)
{
	if (bytes < 1024 * 1024)
		put(buf, size, "%llu KiB", bytes / 1024);
	else if (bytes < (1ULL << 30))
		put(buf, size, "%.1f MiB", (double)bytes / (1 << 20));
	else
		put(buf, size, "%.1f GiB", (double)bytes / (1 << 30));
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
		put(why, whysize, "datastore '%s' on host '%s' ran out of space", mv->store,
		    m->src->cfg->name);
		return;
	}
	size_text(pi.available, free_s, sizeof free_s);
	if (mt->last_end > mt->last_cur) {
		size_text(mt->last_end - mt->last_cur, left_s, sizeof left_s);
		put(why, whysize, "datastore '%s' on host '%s' ran out of space (%s free, with %s "
		    "of the disk still to copy)", mv->store, m->src->cfg->name, free_s, left_s);
	} else {
		put(why, whysize, "datastore '%s' on host '%s' ran out of space (%s free)",
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
		put(why + len, whysize - len, "%sthe copy job could not be ended", len ? "; " : "");
		return COPY_UNSURE;
	}
	if (started && live_on_new(dom, mv)) {
		mv->state = MOVE_MOVED;	/* the job ended with a pivot anyway */
		return COPY_MOVED;
	}
	delete_new(m, mv);
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
		put(why, whysize, "%s", m->res->error.message);
		strip_stop(why);
		explain_full(m, mv, mt, 0, why, whysize);
		return COPY_FAILED;
	}
	mv->state = MOVE_COPYING;
	epath = migration_xml_escape(mv->new_path);
	if (!epath || asprintf(&destxml, "<disk type='file'><source file='%s'/><driver type='%s'/>"
			       "</disk>", epath, mv->format) < 0) {
		destxml = NULL;
		put(why, whysize, "out of memory");
		goto cleanup;
	}
	if (m->plan->bandwidth_mibs &&
	    virTypedParamsAddULLong(&params, &nparams, &maxparams, VIR_DOMAIN_BLOCK_COPY_BANDWIDTH,
				    (unsigned long long)m->plan->bandwidth_mibs << 20) < 0) {
		put(why, whysize, "out of memory");
		goto cleanup;
	}
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copying %s to %s (%s)%s", target,
		       mv->disk->path, mv->new_path, mv->format,
		       m->plan->bandwidth_mibs ? ", bandwidth capped" : "");
	mt->first_t = migration_now();
	mt->first_cur = mt->last_cur = mt->last_end = 0;
	if (virDomainBlockCopy(dom, target, destxml, params, nparams,
			       VIR_DOMAIN_BLOCK_COPY_REUSE_EXT | VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB) < 0) {
		last_error(why, whysize);
		explain_full(m, mv, mt, 1, why, whysize);
		goto cleanup;
	}
	started = 1;
	/* copy until the job is ready: from then on every write goes to both files */
	for (;;) {
		if (cancelled(m)) {
			migration_step(m, MIGRATION_PHASE_ROLLBACK, "cancel asked: ending the copy of "
				       "disk %s without a pivot", target);
			res = COPY_CANCELLED;
			goto cleanup;
		}
		int r = virDomainGetBlockJobInfo(dom, target, &info, 0);
		if (r < 0) {
			last_error(why, whysize);
			explain_full(m, mv, mt, 1, why, whysize);
			goto cleanup;
		}
		if (r == 0) {
			put(why, whysize, "the copy job ended before the copy was complete");
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
		last_error(why, whysize);
		if (live_on_new(dom, mv))
			break;	/* it did pivot after all */
		if (code != VIR_ERR_BLOCK_COPY_ACTIVE || tries >= PIVOT_TRIES)
			goto cleanup;
		if (cancelled(m)) {
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
			put(why, whysize, "after the pivot the VM's running definition does not "
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
		if (cancelled(m)) {
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
		defined = redefine(m, dom, mv, n, defwhy, sizeof defwhy) == 0;
	}
	if (moved && defined) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "%s; deleting the old volumes",
			       persistent ? "saved definition verified" : "transient VM, no saved definition");
		for (size_t i = 0; i < n; i++)
			if (mv[i].state == MOVE_MOVED)
				delete_source(m, &mv[i]);
	}
	stores_moved(mv, n, stores, sizeof stores);
	disks_where(mv, n, where, sizeof where);

	if (failed == n && defined) {
		int state = 0, reason = 0;
		int paused = virDomainGetState(dom, &state, &reason, 0) == 0 && state == VIR_DOMAIN_PAUSED;
		put(res->where, sizeof res->where, "%s %s on %s from datastore %s", m->vm->name,
		    paused ? "is paused" : "runs", m->src->cfg->name, stores);
		res->outcome = MIGRATION_DONE;
		migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
		return 0;
	}
	if (failed == n) {
		/* every disk moved, but the saved definition still names the old files */
		put(res->where, sizeof res->where, "%s runs on %s from datastore %s; its saved "
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
		put(res->where, sizeof res->where, "%s runs on %s; disk %s may use %s or %s",
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
		put(res->where, sizeof res->where, "%s still runs on %s from its old disks",
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
	put(res->where, sizeof res->where, "%s runs on %s; %s", m->vm->name, m->src->cfg->name,
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

/* ---- shut-off VM: volume copies ---- */

/* Copy the disk of MV into its datastore.  0 with mv->new_path set and the
 * state MOVE_COPYING, or -1 with WHY and nothing left behind. */
static int copy_cold(struct mctx *m, struct move *mv, char *why, size_t whysize)
{
	virConnectPtr conn = m->src->conn;
	const struct inv_disk *d = mv->disk;
	const char *src_format = d->format ? d->format : "raw";
	int thick = mv->choice == PLAN_FORMAT_THICK;
	virStoragePoolPtr pool = NULL;
	virStorageVolPtr src = NULL, tmp = NULL, vol = NULL;
	char *name = migration_vol_name(d, mv->format, ""), *tmpname = NULL, *xml = NULL, *tmpxml = NULL;
	int rc = -1;

	if (!name) {
		put(why, whysize, "the disk has no file name to copy");
		goto cleanup;
	}
	src = vol_by_path(conn, d->path);
	if (!src) {
		last_error(why, whysize);
		goto cleanup;
	}
	unsigned long long capacity = d->capacity, used = d->allocation;
	virStorageVolInfo vi;
	if (virStorageVolGetInfo(src, &vi) == 0) {
		capacity = capacity ? capacity : vi.capacity;
		used = vi.allocation;
	}
	pool = virStoragePoolLookupByName(conn, mv->store);
	if (!pool) {
		last_error(why, whysize);
		goto cleanup;
	}
	virStoragePoolRefresh(pool, 0);
	xml = migration_vol_xml(name, capacity, thick ? capacity : 0, mv->format);
	if (!xml) {
		put(why, whysize, "out of memory");
		goto cleanup;
	}
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copying %s into datastore %s as %s (%s)",
		       d->target, d->path, mv->store, name, mv->format);
	if (thick && strcmp(src_format, "raw") != 0) {
		/* qemu-img writes a sparse raw file: convert into a scratch volume,
		 * then let libvirt copy it into a fully allocated one */
		tmpname = migration_vol_name(d, "raw", ".converting");
		tmpxml = tmpname ? migration_vol_xml(tmpname, capacity, 0, "raw") : NULL;
		if (!tmpxml) {
			put(why, whysize, "out of memory");
			goto cleanup;
		}
		tmp = virStorageVolCreateXMLFrom(pool, tmpxml, src, 0);
		if (!tmp) {
			last_error(why, whysize);
			goto cleanup;
		}
		vol = virStorageVolCreateXMLFrom(pool, xml, tmp, 0);
		if (!vol)
			last_error(why, whysize);
		if (virStorageVolDelete(tmp, 0) < 0)
			engine_log("storage: scratch volume %s not deleted: %s", tmpname,
				   virGetLastErrorMessage());
	} else {
		vol = virStorageVolCreateXMLFrom(pool, xml, src, 0);
		if (!vol) {
			last_error(why, whysize);
			if (strcmp(src_format, mv->format) == 0) {
				/* the same bytes will do: an empty volume and two streams */
				engine_log("storage: copy of %s refused (%s); using streams.", d->path, why);
				char *path = NULL;
				struct vm_error err;
				if (migration_vol_create(conn, mv->store, d, mv->choice, &path, &err) < 0) {
					put(why, whysize, "%s", err.message);
					strip_stop(why);
					goto cleanup;
				}
				vol = virStorageVolLookupByPath(conn, path);
				unsigned long long bytes = 0;
				if (!vol || volcopy_stream(m, conn, d->path, conn, path, d->capacity,
							   &bytes, &err) < 0) {
					if (!vol)
						last_error(why, whysize);
					else
						put(why, whysize, "%s", err.message);
					migration_vol_delete(conn, path);
					free(path);
					if (vol)
						virStorageVolFree(vol);
					vol = NULL;
					goto cleanup;
				}
				free(path);
				used = bytes;
			}
		}
	}
	if (!vol)
		goto cleanup;
	mv->new_path = virStorageVolGetPath(vol);
	if (!mv->new_path) {
		last_error(why, whysize);
		virStorageVolDelete(vol, 0);
		goto cleanup;
	}
	m->res->data_bytes += used;
	mv->state = MOVE_COPYING;
	rc = 0;
cleanup:
	if (vol)
		virStorageVolFree(vol);
	if (tmp)
		virStorageVolFree(tmp);
	if (src)
		virStorageVolFree(src);
	if (pool)
		virStoragePoolFree(pool);
	free(name);
	free(tmpname);
	free(xml);
	free(tmpxml);
	return rc;
}

static int run_cold(struct mctx *m, virDomainPtr dom, struct move *mv, size_t n)
{
	struct migration_result *res = m->res;
	char why[400] = "", stores[200];
	size_t i;

	if (virDomainHasManagedSaveImage(dom, 0) == 1) {
		res->outcome = MIGRATION_ROLLED_BACK;
		vm_error_set(&res->error, "VM '%s' on host '%s' is suspended (managed save); its saved "
			     "state names the old disk files, so its disks were not moved.", m->vm->name,
			     m->src->cfg->name);
		vm_error_hint(&res->error, "Start it (it resumes) and move it running, or discard the "
			      "saved state with 'virsh managedsave-remove %s' first.", m->vm->name);
		return -1;
	}
	migration_step(m, MIGRATION_PHASE_STARTING, "storage move of %s (shut off) on %s: %zu disk%s",
		       m->vm->name, m->src->cfg->name, n, n == 1 ? "" : "s");
	for (i = 0; i < n && !cancelled(m); i++) {
		if (copy_cold(m, &mv[i], why, sizeof why) < 0)
			break;
		/* the copy exists; the definition still names the old file */
		mv[i].state = MOVE_MOVED;
	}
	int was_cancelled = i < n && !why[0];
	int def_failed = 0;
	if (i == n) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "writing the new paths into the "
			       "definition of %s", m->vm->name);
		if (redefine(m, dom, mv, n, why, sizeof why) == 0) {
			migration_step(m, MIGRATION_PHASE_FINISHING, "definition verified; deleting the "
				       "old volumes");
			for (size_t j = 0; j < n; j++)
				delete_source(m, &mv[j]);
			stores_moved(mv, n, stores, sizeof stores);
			put(res->where, sizeof res->where, "%s is on %s (shut off) with its disks "
			    "in datastore %s", m->vm->name, m->src->cfg->name, stores);
			res->outcome = MIGRATION_DONE;
			migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
			return 0;
		}
		def_failed = 1;
	}
	/* nothing uses the copies: they go, the definition names the old files */
	migration_step(m, MIGRATION_PHASE_ROLLBACK, "%s; deleting the copies",
		       was_cancelled ? "cancelled" : "failed");
	for (size_t j = 0; j < n; j++)
		if (mv[j].new_path)
			delete_new(m, &mv[j]);
	put(res->where, sizeof res->where, "%s stays on %s (shut off) on its old disks",
	    m->vm->name, m->src->cfg->name);
	if (was_cancelled) {
		res->outcome = MIGRATION_CANCELLED;
		vm_error_set(&res->error, "The storage move of VM '%s' was cancelled; %s.", m->vm->name,
			     res->where);
	} else if (def_failed) {
		vm_error_set(&res->error, "The definition of VM '%s' could not be pointed at its new "
			     "disks: %s; %s.", m->vm->name, why, res->where);
	} else {
		vm_error_set(&res->error, "Disk %s of VM '%s' could not move to datastore %s: %s; %s.",
			     mv[i].disk->target, m->vm->name, mv[i].store, why, res->where);
		if (strstr(why, "No space left"))
			vm_error_hint(&res->error, "Free space in datastore '%s' on host '%s', or "
				      "choose another datastore (--datastore).", mv[i].store,
				      m->src->cfg->name);
	}
	return -1;
}

int migration_storage_run(struct mctx *m)
{
	struct migration_result *res = m->res;
	struct move *mv = NULL;
	size_t n = 0;
	virDomainPtr dom = NULL;
	int rc = -1;

	res->outcome = MIGRATION_ROLLED_BACK;
	if (m->vm->state == INV_VM_SUSPENDED) {
		vm_error_set(&res->error, "VM '%s' on host '%s' is suspended (managed save); its saved "
			     "state names the old disk files, so its disks were not moved.", m->vm->name,
			     m->src->cfg->name);
		vm_error_hint(&res->error, "Start it (it resumes) and move it running, or discard the "
			      "saved state with 'virsh managedsave-remove %s' first.", m->vm->name);
		goto cleanup;
	}
	dom = migration_source_domain(m);
	if (!dom)
		goto cleanup;
	mv = calloc(m->vm->ndisks + 1, sizeof *mv);
	if (!mv) {
		vm_error_set(&res->error, "Out of memory while preparing the storage move of VM '%s'.",
			     m->vm->name);
		goto cleanup;
	}
	for (size_t i = 0; i < m->vm->ndisks; i++) {
		const struct inv_disk *d = &m->vm->disks[i];
		const char *store = plan_disk_datastore(m->plan, d->target);
		if (!store || !is_movable(d) || (d->pool && strcmp(d->pool, store) == 0))
			continue;
		mv[n].disk = d;
		mv[n].store = store;
		mv[n].choice = plan_disk_format(m->plan, d->target);
		mv[n].format = migration_target_format(d, mv[n].choice);
		n++;
	}
	if (n == 0) {
		vm_error_set(&res->error, "No disk of VM '%s' has another datastore to go to; nothing "
			     "was done.", m->vm->name);
		goto cleanup;
	}
	int state = 0, reason = 0;
	if (virDomainGetState(dom, &state, &reason, 0) < 0) {
		vm_error_set(&res->error, "The state of VM '%s' on host '%s' could not be read: %s.",
			     m->vm->name, m->src->cfg->name, virGetLastErrorMessage());
		goto cleanup;
	}
	if (state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED || state == VIR_DOMAIN_BLOCKED)
		rc = run_live(m, dom, mv, n);
	else if (state == VIR_DOMAIN_SHUTOFF)
		rc = run_cold(m, dom, mv, n);
	else
		vm_error_set(&res->error, "VM '%s' on host '%s' is neither running nor shut off (state "
			     "%d); its disks were not moved.", m->vm->name, m->src->cfg->name, state);
cleanup:
	for (size_t i = 0; mv && i < n; i++)
		free(mv[i].new_path);
	free(mv);
	if (dom)
		virDomainFree(dom);
	return rc;
}

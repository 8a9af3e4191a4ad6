/* engine/volcopy.c — copy a volume between hosts through the tool: libvirt's
 * sparse download stream on the source into a sparse upload stream on the
 * target.  Holes stay holes: the bytes moved are the allocated ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"

#define CHUNK (1024 * 1024)

static void report(struct mctx *m, unsigned long long done, unsigned long long total,
		   unsigned long long sent, double t0, double *last)
{
	double now = migration_now();
	if (!m->fn || now - *last < 0.5)
		return;
	*last = now;
	struct migration_progress p;
	memset(&p, 0, sizeof p);
	p.phase = MIGRATION_PHASE_DISKS;
	p.elapsed_s = now - m->started;
	p.total = p.disk_total = total;
	p.processed = p.disk_processed = done;
	p.remaining = p.disk_remaining = total > done ? total - done : 0;
	p.rate_bps = now > t0 ? (double)sent / (now - t0) : 0;
	p.eta_s = p.rate_bps > 0 ? (double)p.remaining / p.rate_bps : -1;
	m->fn(&p, m->user);
}

int volcopy_stream(struct mctx *m, virConnectPtr sconn, const char *spath,
		   virConnectPtr dconn, const char *dpath, unsigned long long capacity,
		   unsigned long long *moved, struct vm_error *err)
{
	virStorageVolPtr svol = virStorageVolLookupByPath(sconn, spath);
	virStorageVolPtr dvol = virStorageVolLookupByPath(dconn, dpath);
	virStreamPtr in = NULL, out = NULL;
	char *buf = malloc(CHUNK);
	int rc = -1, in_open = 0, out_open = 0;
	unsigned long long offset = 0, sent = 0;
	double t0 = migration_now(), last = 0;

	if (!svol || !dvol || !buf) {
		vm_error_set(err, "The volumes %s and %s could not be opened for the copy: %s.", spath,
			     dpath, buf ? virGetLastErrorMessage() : "out of memory");
		goto cleanup;
	}
	in = virStreamNew(sconn, 0);
	out = virStreamNew(dconn, 0);
	if (!in || !out)
		goto libvirt_error;
	if (virStorageVolDownload(svol, in, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) < 0)
		goto libvirt_error;
	in_open = 1;
	if (virStorageVolUpload(dvol, out, 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) < 0)
		goto libvirt_error;
	out_open = 1;
	for (;;) {
		if (m->cancel && m->cancel->requested) {
			vm_error_set(err, "The copy of %s was cancelled.", spath);
			goto cleanup;
		}
		int got = virStreamRecvFlags(in, buf, CHUNK, VIR_STREAM_RECV_STOP_AT_HOLE);
		if (got == -3) {
			long long hole = 0;
			if (virStreamRecvHole(in, &hole, 0) < 0 || virStreamSendHole(out, hole, 0) < 0)
				goto libvirt_error;
			offset += (unsigned long long)hole;
			continue;
		}
		if (got < 0)
			goto libvirt_error;
		if (got == 0)
			break;
		for (int off = 0; off < got;) {
			int n = virStreamSend(out, buf + off, (size_t)(got - off));
			if (n < 0)
				goto libvirt_error;
			off += n;
		}
		offset += (unsigned long long)got;
		sent += (unsigned long long)got;
		report(m, offset, capacity, sent, t0, &last);
	}
	if (virStreamFinish(in) < 0)
		goto libvirt_error;
	in_open = 0;
	if (virStreamFinish(out) < 0)
		goto libvirt_error;
	out_open = 0;
	if (moved)
		*moved += sent;
	engine_log("volcopy: %s -> %s: %llu bytes sent, %llu bytes in all.", spath, dpath, sent, offset);
	rc = 0;
	goto cleanup;
libvirt_error:
	vm_error_set(err, "Copying %s to %s failed: %s.", spath, dpath, virGetLastErrorMessage());
cleanup:
	if (in_open)
		virStreamAbort(in);
	if (out_open)
		virStreamAbort(out);
	if (in)
		virStreamFree(in);
	if (out)
		virStreamFree(out);
	if (svol)
		virStorageVolFree(svol);
	if (dvol)
		virStorageVolFree(dvol);
	free(buf);
	return rc;
}

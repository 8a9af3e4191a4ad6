/* engine/streams.h — parallel migration streams and compression of the
 * memory stream (engine/streams.c): the one rule of what two hosts can do,
 * for the checks, the executors, the command line and the wizard.
 * Not part of engine/engine.h. */
#ifndef VIRT_MIGRATE_STREAMS_H
#define VIRT_MIGRATE_STREAMS_H

#include "engine.h"

#define STREAMS_MAX_CONNECTIONS 16	/* as config's [defaults] connections */
#define STREAMS_MAX_TEXT "16"		/* the same, for messages */

/* Whether SRC and DST can migrate memory over CONNECTIONS parallel streams
 * (0 reads as 1) compressed with C (UNSET reads as none), by what libvirt
 * and QEMU accept (the versions the inventory read):
 *   - parallel (VIR_MIGRATE_PARALLEL, QEMU's multifd): libvirt 5.2.0 and
 *     QEMU 4.0.0 on both hosts;
 *   - xbzrle and mt compress one stream: never with parallel (libvirt 9.4
 *     and later refuse it; before, QEMU refuses mt with multifd and sends
 *     multifd pages without xbzrle); mt is gone from QEMU 9.1;
 *   - zlib and zstd compress the parallel streams only: libvirt 9.4.0 (9.0
 *     says "Unsupported compression method") and QEMU 5.0.0 on both hosts.
 * 0 when fine (also when nothing is asked: one stream, no compression);
 * -1 with WHY (may be NULL) a sentence naming the host(s) and a hint with
 * the fix. */
int streams_supported(const struct inv_host *src, const struct inv_host *dst,
		      unsigned connections, enum plan_compress c, struct vm_error *why);

/* 1 when a move over CONNECTIONS streams may switch to post-copy: one
 * stream, or QEMU 10.1 on both hosts (QEMU 8.0 to 10.0 refuse post-copy
 * with multifd; 7.x accept it and fail at the switch). */
int streams_postcopy_ok(const struct inv_host *src, const struct inv_host *dst,
			unsigned connections);

/* The plan's streams with the config's defaults where the plan says
 * nothing (connections 0, compress UNSET); CFG may be NULL (one stream,
 * none). */
unsigned streams_connections(const struct plan *p, const struct config *cfg);
enum plan_compress streams_compress(const struct plan *p, const struct config *cfg);

/* S, digits only, from 1 to STREAMS_MAX_CONNECTIONS, into *OUT: 0, or -1
 * (*OUT untouched).  The command line and answers files read it so. */
int streams_connections_parse(const char *s, unsigned *out);

/* "4 parallel streams, zstd compression", "one stream, no compression". */
const char *streams_text(unsigned connections, enum plan_compress c, char *buf, size_t len);

#endif

/* engine/streams.c — what two hosts can do for parallel migration streams
 * and compression (engine/streams.h).
 *
 * From what libvirt and QEMU accept, read in their sources and on the lab's
 * Debian 12 (libvirt 9.0.0, QEMU 7.2):
 *   - VIR_MIGRATE_PARALLEL and VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS came
 *     in libvirt 5.2.0; QEMU's multifd lost its x- prefix in 4.0.
 *   - VIR_MIGRATE_PARAM_COMPRESSION takes xbzrle and mt since libvirt
 *     1.3.4; zlib and zstd (multifd-compression) only from 9.4.0: 9.0 says
 *     "Unsupported compression method 'zstd'".  QEMU has
 *     multifd-compression from 5.0; it dropped mt ("compress") in 9.1.
 *   - libvirt 9.4 and later refuse xbzrle and mt with parallel, and zlib
 *     and zstd without it.  Before, libvirt passes both on: QEMU 7.2 says
 *     "Multifd is not compatible with compress" for mt and sends multifd
 *     pages without xbzrle.  One rule whatever the version: xbzrle and mt
 *     are for one stream, zlib and zstd for several.
 *   - VIR_MIGRATE_COMPRESSED without a method means xbzrle to libvirt: the
 *     executors always name the method.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "streams.h"

#define VER(a, b, c) ((a) * 1000000ul + (b) * 1000ul + (c))

#define LIBVIRT_PARALLEL VER(5, 2, 0)
#define QEMU_MULTIFD VER(4, 0, 0)
#define LIBVIRT_COMPRESS VER(1, 3, 4)
#define LIBVIRT_MULTIFD_COMPRESS VER(9, 4, 0)
#define QEMU_MULTIFD_COMPRESS VER(5, 0, 0)
#define QEMU_NO_MT VER(9, 1, 0)
#define QEMU_POSTCOPY_MULTIFD VER(10, 1, 0)

static const char *name_of(const struct inv_host *h)
{
	return h && h->cfg && h->cfg->name ? h->cfg->name : "?";
}

static const char *version_text(unsigned long v, char *buf, size_t len)
{
	snprintf(buf, len, "%lu.%lu.%lu", v / 1000000ul, v / 1000ul % 1000ul, v % 1000ul);
	return buf;
}

static int multifd_method(enum plan_compress c)
{
	return c == PLAN_COMPRESS_ZLIB || c == PLAN_COMPRESS_ZSTD;
}

/* What CONNECTIONS and C need of host H: 0, or -1 with WHY set. */
static int host_can(const struct inv_host *h, unsigned connections, enum plan_compress c,
		    struct vm_error *why)
{
	char have[32], need[32];

	if (!h || !h->hv_type || strcasecmp(h->hv_type, "QEMU") != 0) {
		vm_error_set(why, "Host '%s' runs %s, not QEMU: parallel connections and "
			     "compression are QEMU's.", name_of(h), h && h->hv_type ? h->hv_type :
			     "an unknown hypervisor");
		vm_error_hint(why, "Move with one stream and no compression (--connections 1 "
			      "--compress none), or between QEMU hosts.");
		return -1;
	}
	if (!h->libvirt_version || !h->hv_version) {
		vm_error_set(why, "The libvirt and QEMU versions of host '%s' are not known: "
			     "parallel connections and compression cannot be judged.", name_of(h));
		vm_error_hint(why, "Run the check again once the host answers (--refresh), or "
			      "move with --connections 1 --compress none.");
		return -1;
	}
	if (connections > 1 && h->libvirt_version < LIBVIRT_PARALLEL) {
		vm_error_set(why, "Host '%s' runs libvirt %s: parallel migration connections "
			     "need libvirt %s.", name_of(h),
			     version_text(h->libvirt_version, have, sizeof have),
			     version_text(LIBVIRT_PARALLEL, need, sizeof need));
		vm_error_hint(why, "Move with --connections 1, or upgrade libvirt on '%s'.",
			      name_of(h));
		return -1;
	}
	if (connections > 1 && h->hv_version < QEMU_MULTIFD) {
		vm_error_set(why, "Host '%s' runs QEMU %s: parallel migration connections "
			     "(multifd) need QEMU %s.", name_of(h),
			     version_text(h->hv_version, have, sizeof have),
			     version_text(QEMU_MULTIFD, need, sizeof need));
		vm_error_hint(why, "Move with --connections 1, or upgrade QEMU on '%s'.",
			      name_of(h));
		return -1;
	}
	if (multifd_method(c) && h->libvirt_version < LIBVIRT_MULTIFD_COMPRESS) {
		vm_error_set(why, "Host '%s' runs libvirt %s: %s compression of parallel "
			     "connections needs libvirt %s.", name_of(h),
			     version_text(h->libvirt_version, have, sizeof have),
			     plan_compress_name(c),
			     version_text(LIBVIRT_MULTIFD_COMPRESS, need, sizeof need));
		vm_error_hint(why, "Choose --compress none, or xbzrle with --connections 1; or "
			      "upgrade libvirt on '%s'.", name_of(h));
		return -1;
	}
	if (multifd_method(c) && h->hv_version < QEMU_MULTIFD_COMPRESS) {
		vm_error_set(why, "Host '%s' runs QEMU %s: %s compression of parallel "
			     "connections needs QEMU %s.", name_of(h),
			     version_text(h->hv_version, have, sizeof have),
			     plan_compress_name(c),
			     version_text(QEMU_MULTIFD_COMPRESS, need, sizeof need));
		vm_error_hint(why, "Choose --compress none, or xbzrle with --connections 1; or "
			      "upgrade QEMU on '%s'.", name_of(h));
		return -1;
	}
	if ((c == PLAN_COMPRESS_XBZRLE || c == PLAN_COMPRESS_MT) &&
	    h->libvirt_version < LIBVIRT_COMPRESS) {
		vm_error_set(why, "Host '%s' runs libvirt %s: %s compression needs libvirt %s.",
			     name_of(h), version_text(h->libvirt_version, have, sizeof have),
			     plan_compress_name(c),
			     version_text(LIBVIRT_COMPRESS, need, sizeof need));
		vm_error_hint(why, "Choose --compress none, or upgrade libvirt on '%s'.",
			      name_of(h));
		return -1;
	}
	if (c == PLAN_COMPRESS_MT && h->hv_version >= QEMU_NO_MT) {
		vm_error_set(why, "Host '%s' runs QEMU %s, which no longer has mt compression "
			     "(removed in QEMU %s).", name_of(h),
			     version_text(h->hv_version, have, sizeof have),
			     version_text(QEMU_NO_MT, need, sizeof need));
		vm_error_hint(why, "Choose --compress xbzrle, or zstd with --connections 2 or "
			      "more.");
		return -1;
	}
	return 0;
}

int streams_supported(const struct inv_host *src, const struct inv_host *dst,
		      unsigned connections, enum plan_compress c, struct vm_error *why)
{
	vm_error_clear(why);
	if (connections == 0)
		connections = 1;
	if (c == PLAN_COMPRESS_UNSET)
		c = PLAN_COMPRESS_NONE;
	if ((unsigned)c >= PLAN_COMPRESS_COUNT || connections > STREAMS_MAX_CONNECTIONS) {
		vm_error_set(why, "%u migration connections with compression %d is no plan "
			     "virt-migrate knows.", connections, (int)c);
		vm_error_hint(why, "Give --connections 1 to %d and --compress none, xbzrle, mt, "
			      "zlib or zstd.", STREAMS_MAX_CONNECTIONS);
		return -1;
	}
	if (connections == 1 && c == PLAN_COMPRESS_NONE)
		return 0;
	if (connections > 1 && (c == PLAN_COMPRESS_XBZRLE || c == PLAN_COMPRESS_MT)) {
		vm_error_set(why, "%s compression works on one migration stream, not on %u "
			     "parallel connections (libvirt refuses the pair, or QEMU ignores "
			     "or refuses it).", plan_compress_name(c), connections);
		vm_error_hint(why, "Choose --connections 1 for %s, or --compress zlib or zstd "
			      "for parallel connections (libvirt 9.4 or later).",
			      plan_compress_name(c));
		return -1;
	}
	if (connections == 1 && multifd_method(c)) {
		vm_error_set(why, "%s compression works on parallel migration connections "
			     "only, and the move uses one.", plan_compress_name(c));
		vm_error_hint(why, "Give --connections 2 or more with --compress %s, or choose "
			      "--compress xbzrle for one stream.", plan_compress_name(c));
		return -1;
	}
	if (host_can(src, connections, c, why) < 0 || host_can(dst, connections, c, why) < 0)
		return -1;
	return 0;
}

int streams_postcopy_ok(const struct inv_host *src, const struct inv_host *dst,
			unsigned connections)
{
	if (connections <= 1)
		return 1;
	return src && dst && src->hv_version >= QEMU_POSTCOPY_MULTIFD &&
	       dst->hv_version >= QEMU_POSTCOPY_MULTIFD;
}

unsigned streams_connections(const struct plan *p, const struct config *cfg)
{
	if (p && p->connections)
		return p->connections;
	int n = cfg ? config_connections(cfg) : 1;
	return n >= 1 && n <= STREAMS_MAX_CONNECTIONS ? (unsigned)n : 1;
}

enum plan_compress streams_compress(const struct plan *p, const struct config *cfg)
{
	enum plan_compress c = PLAN_COMPRESS_NONE;

	if (p && p->compress != PLAN_COMPRESS_UNSET)
		return p->compress;
	/* the config's word was checked when it was loaded */
	if (!cfg || plan_compress_parse(config_compress(cfg), &c) != 0)
		c = PLAN_COMPRESS_NONE;
	return c;
}

/* Digits only: strtoul alone would take blanks, a sign and "0x". */
int streams_connections_parse(const char *s, unsigned *out)
{
	char *end;

	if (!s || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || errno || v < 1 || v > STREAMS_MAX_CONNECTIONS)
		return -1;
	*out = (unsigned)v;
	return 0;
}

const char *streams_text(unsigned connections, enum plan_compress c, char *buf, size_t len)
{
	if (c == PLAN_COMPRESS_UNSET)
		c = PLAN_COMPRESS_NONE;
	if (connections <= 1)
		snprintf(buf, len, "one stream, %s%s", c == PLAN_COMPRESS_NONE ? "no" :
			 plan_compress_name(c), " compression");
	else
		snprintf(buf, len, "%u parallel streams, %s%s", connections,
			 c == PLAN_COMPRESS_NONE ? "no" : plan_compress_name(c), " compression");
	return buf;
}

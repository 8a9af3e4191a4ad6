/* engine/tls.c — the one rule of encrypted migration, shared by the checks
 * (what `check` and the wizard say) and migration_run() (what is done).
 *
 * vSphere's three settings: Disabled sends memory and disks in clear;
 * Opportunistic uses TLS when both hosts are set up for it and sends in
 * clear otherwise; Required refuses a move between hosts that are not both
 * set up.  Two hosts are set up together when each has its certificates
 * (engine/probe_tls.c) and both trust the same CA. */
#include <stdio.h>
#include <string.h>

#include "engine.h"

/* Why the pair SRC, DST cannot use TLS, into WHY; 0 when it can. */
static int pair_why(const char *src_name, const struct host_tls *src, const char *dst_name,
		    const struct host_tls *dst, char *why, size_t len)
{
	if (!src->ready) {
		snprintf(why, len, "host '%s' is not set up for TLS migration (%s)", src_name,
			 src->why[0] ? src->why : "not read");
		return -1;
	}
	if (!dst->ready) {
		snprintf(why, len, "host '%s' is not set up for TLS migration (%s)", dst_name,
			 dst->why[0] ? dst->why : "not read");
		return -1;
	}
	if (src->ca[0] && dst->ca[0] && strcmp(src->ca, dst->ca) != 0) {
		snprintf(why, len, "hosts '%s' and '%s' trust different CAs (ca-cert.pem in %s and "
			 "%s), so neither would accept the other's certificate", src_name, dst_name,
			 src->dir, dst->dir);
		return -1;
	}
	return 0;
}

enum tls_use tls_decide(enum plan_encrypt enc, const char *src_name, const struct host_tls *src,
			const char *dst_name, const struct host_tls *dst, char *why, size_t len)
{
	char local[320];

	if (!why) {
		why = local;
		len = sizeof(local);
	}
	why[0] = '\0';
	if (enc == PLAN_ENCRYPT_DISABLED) {
		snprintf(why, len, "encryption is disabled for this move");
		return TLS_USE_CLEAR;
	}
	if (pair_why(src_name, src, dst_name, dst, why, len) == 0)
		return TLS_USE_TLS;
	return enc == PLAN_ENCRYPT_REQUIRED ? TLS_USE_REFUSED : TLS_USE_CLEAR;
}

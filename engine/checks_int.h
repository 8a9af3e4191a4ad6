/* engine/checks_int.h — what the rule groups of checks_evaluate() share.
 * Internal to engine/checks*.c and engine/evc.c. */
#ifndef VIRT_MIGRATE_CHECKS_INT_H
#define VIRT_MIGRATE_CHECKS_INT_H

#include "engine.h"

/* libvirt's VIR_DOMAIN_PAUSED_IOERROR, restated so checks stay free of
 * libvirt headers. */
#define CHECK_PAUSED_IOERROR 5

/* One plan being judged, with everything derived from it once. */
struct check_ctx {
	const struct inventory *inv;
	const struct plan *plan;
	const struct check_facts *facts;	/* may be NULL */
	const struct config *cfg;		/* may be NULL */
	struct findings *out;

	const struct inv_vm *vm;
	const struct inv_host *src;		/* where the VM is */
	const struct inv_host *dst;		/* the target; NULL when unknown */
	const char *src_name, *dst_name;
	int live;				/* running or paused */
	int host_change;			/* compute/both to another host */
	int storage_move;			/* storage/both */
};

/* A rule group: adds its findings for the plan in CTX. */
typedef void check_group_fn(struct check_ctx *ctx);

check_group_fn checks_state;
check_group_fn checks_cpu;
check_group_fn checks_evc;
check_group_fn checks_hv;
check_group_fn checks_memory;
check_group_fn checks_storage;
check_group_fn checks_network;
check_group_fn checks_link;
check_group_fn checks_tls;
check_group_fn checks_streams;
check_group_fn checks_limits;

/* The link a live migration needs (the rules of checks_link.c): at least
 * this much of its own, and a round trip under this. */
#define CHECKS_LINK_MIN_MBIT_S 250.0
#define CHECKS_LINK_MAX_RTT_MS 150.0

/* ---- shared by checks.c and the groups: engine/checks_common.c ---- */

/* Format into BUF (for a hint) and return it. */
const char *checks_fmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Error when live, warning when cold. */
enum finding_severity checks_live_error(const struct check_ctx *ctx);
/* Name of host H from the configuration ("?" when unknown). */
const char *checks_host_name(const struct inv_host *h);
/* "running", "paused", "shut-off", "suspended", ... for a sentence. */
const char *checks_state_word(const struct inv_vm *vm);
/* 1 when disk D of the VM is on storage the target host also sees: its pool
 * on the source is shared and the target has a shared pool with its path. */
int checks_disk_visible(const struct check_ctx *ctx, const struct inv_disk *d);

/* "Did you mean 'x'? " (engine/suggest.c) for WORD from the datastores
 * (storage pools) / networks of host H into BUF, or "" when none is close. */
const char *checks_suggest_pools(const struct inv_host *h, const char *word, char *buf,
				 size_t size);
const char *checks_suggest_nets(const struct inv_host *h, const char *word, char *buf,
				size_t size);

/* ---- from one group to another ---- */

/* The datastore disk D is copied to, or NULL when it is not copied: the
 * rule of engine/disk.c (disk_destination) for this plan; in
 * checks_storage.c, asked by checks_limits.c too. */
const char *checks_disk_copied_to(const struct check_ctx *ctx, const struct inv_disk *d);

/* "Intel" or "AMD" for the many ways vendors are spelled ("GenuineIntel",
 * "AuthenticAMD"); other names as they are; NULL for NULL or "". */
const char *evc_vendor_canon(const char *vendor);

#endif

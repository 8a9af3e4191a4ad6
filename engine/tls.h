/* engine/tls.h — encrypted migration (engine/tls.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_TLS_H
#define VIRT_MIGRATE_TLS_H

#include <stddef.h>

#include "vm_error.h"
#include "inventory.h"
#include "plan.h"
#include "probe.h"

/* ---- encrypted migration (engine/tls.c) ------------------------------- */

enum tls_use {
	TLS_USE_CLEAR,		/* disabled, or opportunistic without both hosts */
	TLS_USE_TLS,		/* memory and NBD disk streams under TLS */
	TLS_USE_REFUSED,	/* required, and a host is not set up */
};

/* The one rule: what a move between hosts SRC and DST does under ENC
 * (UNSET reads opportunistic).  WHY (may be NULL) gets, unless TLS is
 * used, the sentence naming the host that lacks TLS and why, or that
 * encryption is disabled. */
enum tls_use tls_decide(enum plan_encrypt enc, const char *src_name, const struct host_tls *src,
			const char *dst_name, const struct host_tls *dst, char *why, size_t len);

struct probe_options {
	int refresh;		/* read the link facts again, whatever their age */
	int measure_link;	/* also measure the data path's throughput */
};

/* Gather what checks need beyond the inventory, using its open connections:
 * virConnectCompareHypervisorCPU on the target for the VM's CPU (with the
 * VM's own domain type), and (for a change of host) the link facts: on
 * both hosts at once, through their SSH links, the interface that routes
 * to the other's migration address and its speed; on the source, the
 * round trip to the target's migration address and its SSH login to the
 * target (the peer-to-peer path).  Link facts come from the facts cache
 * (engine/facts.c) while younger than the config's facts_ttl, unless
 * OPT->refresh; the throughput of the data path is measured only when
 * OPT->measure_link (OPT may be NULL: neither).  Facts that cannot be had
 * are explained in the facts, not errors.  Returns -1 only when the plan
 * names no known VM or host (err set). */
int probe_plan_opt(struct inventory *inv, const struct plan *plan,
		   const struct probe_options *opt, struct check_facts *facts,
		   struct vm_error *err);
/* probe_plan_opt() with the inventory's own options (inventory_options). */
int probe_plan(struct inventory *inv, const struct plan *plan, struct check_facts *facts,
	       struct vm_error *err);

/* Remember that a migration from SOURCE to TARGET achieved MBIT_S (libvirt's
 * completed-job figures), in the facts cache; logged, never fails the
 * caller. */
void probe_link_achieved(const struct inventory *inv, const char *source, const char *target,
			 double mbit_s);

#endif

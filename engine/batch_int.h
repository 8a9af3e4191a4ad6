/* engine/batch_int.h — the batch runner's admission rules, without threads,
 * so that they can be tested on their own (engine/batch_sched.c). */
#ifndef VIRT_MIGRATE_BATCH_INT_H
#define VIRT_MIGRATE_BATCH_INT_H

#include <stddef.h>

#include "probe_limits.h"

struct config;
struct inventory;
struct inv_host;
struct plan;
struct vm_error;

/* Costs, in the manner of vSphere: each host has 8 units, each datastore
 * 128.  A live move costs 1 unit per host on a 10 Gbit/s link and 2 on a
 * slower one (8 or 4 at once), and 1 unit of each shared datastore it uses;
 * a move that copies disks costs 4 units per host (2 at once) and 16 units
 * of each datastore it reads or writes (8 at once). */
#define BATCH_HOST_UNITS 8
#define BATCH_DATASTORE_UNITS 128
#define BATCH_MAX_DATASTORES 8

/* SSH connections and migration ports, on the target of each move.
 *
 * sshd drops new connections once MaxStartups (its first number; 10 by
 * default) are unauthenticated at once.  Connections a move opens to its
 * target (what engine/batch_limits.c counts, batch_limits_needs()):
 *   - a live, shared-nothing or suspended move: 1, the source libvirtd's
 *     qemu+ssh connection to the target for the peer-to-peer call
 *     (migration_p2p.c; libvirt opens one per migration);
 *   - a cold move that copies disks to another host: 1, the source's ssh
 *     into the target's tar (volcopy_hosts.c), one disk after the other;
 *   - nothing else: the tool's own SSH session (sshlink) and its own libvirt
 *     connection (qemu+ssh, inventory_uri.c) to each host are opened once,
 *     when the inventory is read, before any move starts, and every move
 *     reuses them; its commands on a host (sshlink_exec, the host lock's
 *     sshlink_hold) are channels of that session, not new connections;
 *     storage-only moves stay on their host.
 * When a connection is through authentication happens inside the source's
 * libvirtd, out of the runner's sight, so a start gate cannot be kept; the
 * model is a budget instead: a running move counts as if all its
 * connections were starting, and a target takes moves while the sum of
 * their connections stays within its MaxStartups.  Never more than
 * MaxStartups can then be starting on one target because of the batch: one
 * connection a move gives at most MaxStartups moves into one host (10 by
 * default, above vSphere's 8 per host: it binds where sshd is set lower).
 *
 * Ports: on the target, libvirt takes one port of its migration range
 * (qemu.conf migration_port_min..max, 49152-49215: 64 ports) for the
 * incoming memory stream of each live migration, and, when disks are
 * copied with it (VIR_MIGRATE_NON_SHARED_DISK), one more for the NBD server
 * that exports every copied disk on that one port
 * (qemuMigrationDstStartNBDServer); both are held until the migration
 * ends.  A cold move holds none.  A target takes moves while the ports of
 * those running into it fit its range.  A move that needs more than its
 * target's whole budget can never run: the batch starts nothing then. */
#define BATCH_SESSIONS_P2P 1
#define BATCH_SESSIONS_COPY 1
#define BATCH_PORTS_MEMORY 1
#define BATCH_PORTS_NBD 1
#define BATCH_KEY_LEN 320

enum batch_state { BATCH_WAITING, BATCH_RUNNING, BATCH_FINISHED };

struct batch_item {
	const char *vm;
	const char *src, *dst;			/* host names (equal for storage-only) */
	unsigned host_cost;			/* units on src and on dst */
	const char *ds[BATCH_MAX_DATASTORES];	/* "host/pool" keys it touches */
	size_t nds;
	unsigned ds_cost;			/* units of each of them */
	int high;				/* vMotion priority High */
	double link_mibs;			/* src's configured link, MiB/s; 0: not set */
	unsigned cap_mibs;			/* the plan's own cap; 0: none */
	unsigned sessions;			/* SSH connections it opens to dst */
	unsigned ports;				/* migration ports it holds on dst */
	unsigned dst_startups;			/* dst's MaxStartups; 0: no limit */
	unsigned dst_ports;			/* ports of dst's range; 0: no limit */
	const struct host_limits *limits;	/* dst's, for messages; may be NULL */
	enum batch_state state;
};

/* What of its target's limits one move exceeds on its own. */
enum batch_short {
	BATCH_FITS,
	BATCH_SHORT_SESSIONS,	/* it opens more connections than MaxStartups */
	BATCH_SHORT_PORTS,	/* it needs more ports than the range has */
	BATCH_SHORT_COUNT
};
enum batch_short batch_never(const struct batch_item *it);

/* The item to start now, or -1 when none may: taken in order, High before
 * Standard; an item starts when its hosts and datastores have the units
 * and its VM is not moving already, and its target has the SSH connections
 * and migration ports it needs (above); a Standard item never starts ahead
 * of a waiting High item that shares a host with it.  An item for which
 * batch_never() is not BATCH_FITS never starts, and holds nothing back. */
long batch_next(const struct batch_item *items, size_t n);

/* The bandwidth cap (MiB/s, 0 for none) for item I: when several items of
 * the batch leave the same host and its link speed is configured, they
 * share it by weight (High 2, Standard 1), never above their own cap. */
unsigned batch_share(const struct batch_item *items, size_t n, size_t i);

/* ---- engine/batch_limits.c: a plan as an item ---- */

/* The targets' limits of one batch, each read once (probe_limits_host). */
struct batch_target {
	const struct inv_host *host;
	struct host_limits limits;
};

/* Fill IT (its datastore keys in KEYS) for plan P: hosts, units, link,
 * connections and ports, its target's limits (looked up in TARGETS, which
 * has room for one per plan, *NTARGETS used, else read and added).  -1 with
 * WHY ("VM 'x' is on none of the reachable hosts; ...") when P names a VM
 * or host the inventory does not know. */
int batch_limits_describe(struct inventory *inv, const struct config *cfg, const struct plan *p,
			  struct batch_target *targets, size_t *ntargets, struct batch_item *it,
			  char (*keys)[BATCH_KEY_LEN], struct vm_error *why);
/* 1 when IT can never start within its target's limits (batch_never()),
 * WHY then saying so (naming VM, host and figures) with the fix as hint;
 * else 0, WHY cleared. */
int batch_limits_why_never(const struct batch_item *it, struct vm_error *why);

#endif

/* engine/evacuate_makespan.h — how long an evacuation (or any batch of
 * moves) is expected to take, and the least it could take
 * (engine/evacuate_makespan.c).  Not part of engine/engine.h: the commands
 * that show it include this header themselves.
 *
 * The rule (one home: evacuate_makespan.c):
 *   - what a move sends: a live, paused or suspended VM moving to another
 *     host its memory (<memory>, as configured: pages a busy guest dirties
 *     again are not counted, nor zero pages that travel as nothing); every
 *     move the allocated bytes of each disk it copies (disk_destination();
 *     a disk whose allocation is not known counts with its capacity);
 *   - at what rate: the source -> target throughput the facts give, by the
 *     one rule of engine/link_figure.c -- the
 *     data path's throughput measured by 'check --measure-link', else the
 *     link's speed (link_gbps, else the interfaces' negotiated speed, the
 *     lower end), else what the last migration between them achieved (one
 *     migration's pace, perhaps under a cap: only when nothing else says);
 *     shared by the moves that run on that link at once, and by those that
 *     leave a host whose link_gbps is configured; a migration that streams
 *     memory never above the cap the batch runner gives it (batch_share():
 *     the plan's --bandwidth, the configured link's share); a cold copy is
 *     not capped (nor is it by the runner);
 *   - when: the batch runner's own admission (batch_next() over the items
 *     batch_limits_describe() fills), started again each time a move ends;
 *   - no figure: a move that sends bytes over a link without a figure (or a
 *     copy within one host, whose disks' speed nothing measures) makes the
 *     whole estimate and its bound unknown, with the reason: a batch lasts
 *     as long as its slowest part, and a guessed part would make the whole
 *     a guess.  A move that sends nothing takes no time.
 * Set-up time (checks, locks, the domain defined, the copy verified) is not
 * counted: the estimate is of the transfers, as is the bound.
 *
 * The lower bound is the largest, over what the moves share, of the work
 * that must pass through it divided by what it does at once: a host's
 * unit-seconds over its 8 units (BATCH_HOST_UNITS), a datastore's over its
 * 128, a target's SSH connections and migration ports held over its
 * MaxStartups and port range, a link's bytes over its throughput, a
 * configured host link's bytes over its speed, and each move alone at its
 * own fastest.  Every move's duration there is the one it has alone, so
 * that no schedule within the limits can beat the bound. */
#ifndef VIRT_MIGRATE_EVACUATE_MAKESPAN_H
#define VIRT_MIGRATE_EVACUATE_MAKESPAN_H

#include <stddef.h>

struct batch_item;
struct config;
struct evacuate_plan;
struct inventory;
struct plan;
struct vm_error;

/* One move as the estimate sees it. */
struct evacuate_makespan_move {
	const char *vm, *src, *dst;	/* names; borrowed */
	int streamed;			/* memory goes QEMU to QEMU: the cap applies */
	unsigned long long bytes;	/* what it sends (above) */
	double link_mibs;		/* the src -> dst throughput, MiB/s; 0: no figure */
	const char *figure;		/* where LINK_MIBS comes from: "measured",
					 * "link speed", "achieved", or NULL */
	double alone_s;			/* its duration alone at its fastest; < 0: unknown */
	double start_s, end_s;		/* in the expected run; < 0: unknown */
};

struct evacuate_makespan {
	double seconds;			/* expected; < 0: unknown */
	double lower_bound_s;		/* < 0: unknown */
	char bound_by[192];		/* what the bound is of ("host a's link",
					 * "link a -> b", "host b's moves at once"), or "" */
	char unknown_reason[384];	/* why SECONDS is unknown, with the fix; "" */
	struct evacuate_makespan_move *moves;	/* malloc'd by the functions below */
	size_t nmoves;
};

/* The estimate for the placed moves of EP (as evacuate_run() hands them to
 * the batch runner), or for the N PLANS of a batch: each move described as
 * the runner does (batch_limits_describe(): the targets' limits read as it
 * reads them), its link's figure from the facts (the cache; read on the
 * hosts when not cached, as probe_plan() does).  0, with OUT filled (an
 * unknown estimate is an answer: OUT says why); -1 with ERR when a plan
 * names a VM or host the inventory does not know, or out of memory.  Free
 * OUT with evacuate_makespan_free() in either case. */
int evacuate_makespan_plan(struct inventory *inv, const struct config *cfg,
			   const struct evacuate_plan *ep, struct evacuate_makespan *out,
			   struct vm_error *err);
int evacuate_makespan_plans(struct inventory *inv, const struct config *cfg,
			    const struct plan *plans, size_t n, struct evacuate_makespan *out,
			    struct vm_error *err);

/* The pure part: OUT->moves (OUT->nmoves of them, with vm, src, dst,
 * streamed, bytes, link_mibs filled) run as the runner would run ITEMS
 * (one per move, as batch_limits_describe() fills them; their state is not
 * read: every move waits at first).  Fills the moves' alone_s, start_s and
 * end_s and OUT's seconds, lower bound, bound_by and unknown_reason.  No
 * I/O, no allocation but a copy of ITEMS: 0, or -1 out of memory (OUT then
 * says so as its unknown reason). */
int evacuate_makespan_simulate(const struct batch_item *items, struct evacuate_makespan *out);

void evacuate_makespan_free(struct evacuate_makespan *m);

#endif

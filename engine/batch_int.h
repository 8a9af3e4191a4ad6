/* engine/batch_int.h — the batch runner's admission rules, without threads,
 * so that they can be tested on their own (engine/batch_sched.c). */
#ifndef VIRT_MIGRATE_BATCH_INT_H
#define VIRT_MIGRATE_BATCH_INT_H

#include <stddef.h>

/* Costs, in the manner of vSphere: each host has 8 units, each datastore
 * 128.  A live move costs 1 unit per host on a 10 Gbit/s link and 2 on a
 * slower one (8 or 4 at once), and 1 unit of each shared datastore it uses;
 * a move that copies disks costs 4 units per host (2 at once) and 16 units
 * of each datastore it reads or writes (8 at once). */
#define BATCH_HOST_UNITS 8
#define BATCH_DATASTORE_UNITS 128
#define BATCH_MAX_DATASTORES 8

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
	enum batch_state state;
};

/* The item to start now, or -1 when none may: taken in order, High before
 * Standard; an item starts when its hosts and datastores have the units
 * and its VM is not moving already; a Standard item never starts ahead of
 * a waiting High item that shares a host with it. */
long batch_next(const struct batch_item *items, size_t n);

/* The bandwidth cap (MiB/s, 0 for none) for item I: when several items of
 * the batch leave the same host and its link speed is configured, they
 * share it by weight (High 2, Standard 1), never above their own cap. */
unsigned batch_share(const struct batch_item *items, size_t n, size_t i);

#endif

/* engine/plan.h — the migration plan (engine/plan.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_PLAN_H
#define VIRT_MIGRATE_PLAN_H

#include <stddef.h>

#include "vm_error.h"
#include "inventory.h"

/* ---- the migration plan (engine/plan.c) -------------------------------- */

enum plan_kind {
	PLAN_KIND_COMPUTE,	/* change compute resource only */
	PLAN_KIND_STORAGE,	/* change storage only (same host) */
	PLAN_KIND_BOTH,		/* change both compute resource and storage */
	PLAN_KIND_COUNT
};

enum plan_format {
	PLAN_FORMAT_SAME,	/* same format as source */
	PLAN_FORMAT_THIN,	/* qcow2 (or sparse raw) */
	PLAN_FORMAT_THICK,	/* raw, preallocated */
	PLAN_FORMAT_COUNT
};

enum plan_priority {
	PLAN_PRIORITY_STANDARD,
	PLAN_PRIORITY_HIGH,
	PLAN_PRIORITY_COUNT
};

/* Encrypted vMotion, vSphere's three settings.  PLAN_ENCRYPT_UNSET: nobody
 * chose; the front end puts the config's default (opportunistic) there, and
 * the engine reads an unset plan as opportunistic. */
enum plan_encrypt {
	PLAN_ENCRYPT_UNSET,
	PLAN_ENCRYPT_DISABLED,
	PLAN_ENCRYPT_OPPORTUNISTIC,
	PLAN_ENCRYPT_REQUIRED,
	PLAN_ENCRYPT_COUNT
};

/* Compression of the memory stream (libvirt's migration compression
 * methods).  PLAN_COMPRESS_UNSET: nobody chose; the front end puts the
 * config's default (none) there, and the engine reads an unset plan as none.
 * xbzrle and mt compress one stream; zlib and zstd the parallel streams
 * (multifd) of --connections N. */
enum plan_compress {
	PLAN_COMPRESS_UNSET,
	PLAN_COMPRESS_NONE,
	PLAN_COMPRESS_XBZRLE,
	PLAN_COMPRESS_MT,
	PLAN_COMPRESS_ZLIB,
	PLAN_COMPRESS_ZSTD,
	PLAN_COMPRESS_COUNT
};

struct plan_disk {		/* "configure per disk" */
	char *target;		/* "vda" */
	char *datastore;	/* pool on the target host */
	enum plan_format format;
};

struct plan_net {		/* a network reassignment */
	char *from;		/* network of the VM's NIC on the source */
	char *to;		/* network on the target */
};

#define PLAN_DEFAULT_MAX_DOWNTIME_MS 300

struct plan {
	char *vm;
	enum plan_kind kind;
	char *target;		/* target host; NULL or the source for storage-only */
	char *datastore;	/* every disk not in disks[]; NULL: disks stay where they are */
	enum plan_format format;
	struct plan_disk *disks;
	size_t ndisks;
	struct plan_net *nets;
	size_t nnets;
	enum plan_priority priority;
	unsigned max_downtime_ms;	/* 0: PLAN_DEFAULT_MAX_DOWNTIME_MS */
	unsigned max_time_s;		/* 0: no limit */
	unsigned bandwidth_mibs;	/* 0: no cap */
	int delete_source;
	enum plan_encrypt encrypt;	/* TLS for memory and NBD disk streams */
	unsigned connections;	/* parallel migration streams (multifd); 0: the
				 * config's default; 1: one stream */
	enum plan_compress compress;	/* of the memory stream */
	char *from;		/* the host the VM must be on when the plan runs (a return
				 * trip: where an evacuation put it); NULL: any host */
	const char *forecast_json;	/* the forecast the command showed before the move,
					 * one JSON object, for the history; NULL: none.
					 * Not the plan's: never freed by plan_free */
};

const char *plan_kind_name(enum plan_kind k);		/* "compute", "storage", "both" */
const char *plan_kind_title(enum plan_kind k);		/* "Change compute resource only", ... */
int plan_kind_parse(const char *s, enum plan_kind *out);	/* 0 or -1 */
const char *plan_format_name(enum plan_format f);	/* "same", "thin", "thick" */
int plan_format_parse(const char *s, enum plan_format *out);
const char *plan_priority_name(enum plan_priority p);	/* "standard", "high" */
int plan_priority_parse(const char *s, enum plan_priority *out);
/* "disabled", "opportunistic", "required" (UNSET reads "opportunistic"). */
const char *plan_encrypt_name(enum plan_encrypt e);
const char *plan_encrypt_title(enum plan_encrypt e);	/* "Required", ... */
int plan_encrypt_parse(const char *s, enum plan_encrypt *out);	/* never UNSET */
/* "none", "xbzrle", "mt", "zlib", "zstd" (UNSET reads "none"). */
const char *plan_compress_name(enum plan_compress c);
int plan_compress_parse(const char *s, enum plan_compress *out);	/* never UNSET */
/* Add a per-disk choice / a network reassignment (strings copied). */
int plan_add_disk(struct plan *p, const char *target, const char *datastore,
		  enum plan_format format);
int plan_add_net(struct plan *p, const char *from, const char *to);
/* The datastore disk TARGET goes to (per-disk, else plan->datastore, else NULL). */
const char *plan_disk_datastore(const struct plan *p, const char *target);
enum plan_format plan_disk_format(const struct plan *p, const char *target);
/* The network NIC network FROM maps to (the mapping, else FROM itself). */
const char *plan_net_target(const struct plan *p, const char *from);
/* 1 when the plan moves a running (or paused) VM: live; 0: cold. */
int plan_is_live(const struct inv_vm *vm);
/* 1 when a move to another host sends the VM's memory from QEMU to QEMU on
 * the migration network: running, paused, and suspended VMs (moved live,
 * saved again on the target). */
int plan_is_streamed(const struct inv_vm *vm);
void plan_free(struct plan *p);

/* Which kind a choice means (engine/plan_kind.c), the one rule every front
 * end applies.  Unsaid, the kind follows what the plan names: a target host
 * and datastores (plan->datastore or a per-disk one): both; datastores
 * alone: storage; otherwise compute.  Storage needs no host (the VM stays
 * on its own); compute and both need one; compute moves no disk. */
enum plan_kind_fault {
	PLAN_FAULT_NONE,
	PLAN_FAULT_COMPUTE_DISKS,	/* compute, yet datastores named */
	PLAN_FAULT_NO_HOST,	/* compute or both without a target host */
	PLAN_FAULT_BAD_KIND,	/* kind out of range */
};
int plan_names_datastores(const struct plan *p);	/* 1: datastore or a disk's */
int plan_kind_needs_host(enum plan_kind k);		/* 1: all but storage */
int plan_kind_moves_storage(enum plan_kind k);		/* 1: all but compute */
/* What a move of KIND is called, LIVE or not: "vMotion", "Storage vMotion",
 * "shared-nothing vMotion", "cold migration". */
const char *plan_kind_move_name(enum plan_kind k, int live);
enum plan_kind plan_kind_infer(const struct plan *p);
/* PLAN_FAULT_NONE (err cleared), or the first fault (a contradiction before
 * an omission) with ERR (may be NULL) holding a sentence naming the VM and
 * a hint in the plan's own words; a front end that can point at an option
 * or a line says it its own way from the fault. */
enum plan_kind_fault plan_kind_check(const struct plan *p, struct vm_error *err);

/* The plan's numeric limits (engine/plan_limit.c), one table for every
 * front end: 0 always allowed (its meaning in ZERO), MAX the largest. */
enum plan_limit_id {
	PLAN_LIMIT_MAX_DOWNTIME,	/* max_downtime_ms */
	PLAN_LIMIT_MAX_TIME,		/* max_time_s */
	PLAN_LIMIT_BANDWIDTH,		/* bandwidth_mibs */
	PLAN_LIMIT_COUNT
};
struct plan_limit {
	const char *key;	/* in answers files: "max_downtime_ms" */
	const char *option;	/* on the command line: "--max-downtime" */
	const char *unit;	/* "milliseconds", "seconds", "MiB/s" */
	const char *zero;	/* what 0 means: "the default, 300", "no limit" */
	unsigned max;
	size_t offset;		/* of its unsigned field in struct plan */
};
const struct plan_limit *plan_limit_of(enum plan_limit_id id);	/* NULL out of range */
unsigned plan_limit_get(const struct plan *p, enum plan_limit_id id);
void plan_limit_set(struct plan *p, enum plan_limit_id id, unsigned v);
/* S, digits only, from 0 to the limit's max, into *OUT: 0, or -1 (*OUT untouched). */
int plan_limit_parse(enum plan_limit_id id, const char *s, unsigned *out);
/* 0, or -1 with ERR naming the VM, the first limit exceeded and its max. */
int plan_limit_check(const struct plan *p, struct vm_error *err);

#endif

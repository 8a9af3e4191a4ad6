/* engine/history.h — the history of migrations (engine/history*.c).
 * Part of the engine's one face: engine/engine.h includes it.
 *
 * Every migration_run() appends one record to STATE/history.jsonl (STATE
 * being the state directory of journal_state_dir()): one JSON object on one
 * line (JSON Lines), written by one write(2) of a file opened O_APPEND,
 * under an flock, so that the threads of a batch and other virt-migrate
 * runs never mix their lines.  Reading never changes the file: a line that
 * cannot be read is reported with its number and skipped.
 *
 *   history.c        the file: its path, appending, reading every line
 *   history_record.c a record: freeing it, the names it matches, its outcomes
 *   history_format.c a record as its line of JSON (escapes, UTF-8)
 *   history_parse.c  a line of JSON back into a record (strict)
 *   history_stats.c  medians per host pair, a pair's recent throughput
 */
#ifndef VIRT_MIGRATE_HISTORY_H
#define VIRT_MIGRATE_HISTORY_H

#include <stddef.h>

#include "vm_error.h"

/* The value of member "history" in every record; bumped only when a member
 * changes meaning or type (new members do not). */
#define HISTORY_FORMAT 1
/* A longer line is not read (reported as damaged). */
#define HISTORY_LINE_MAX 65536

struct history_disk {		/* a per-disk choice of the plan */
	char *disk, *datastore, *format;
};

/* One migration.  Strings are malloc'd (NULL: unknown or none); numbers
 * below 0 are unknown, and are written as null. */
struct history_record {
	char *started, *ended;		/* UTC, ISO 8601: "2026-12-05T13:10:02Z" */
	long long started_t, ended_t;	/* the same in seconds since the epoch; -1 */
	/* what was asked */
	char *vm, *uuid;
	char *source, *target;		/* target == source for storage-only */
	char *kind;			/* "compute", "storage", "both" */
	int live;			/* 1 live, 0 cold, -1 unknown */
	char *move;			/* "vMotion", "cold migration", ... */
	char *priority;			/* "standard", "high" */
	long long max_downtime_ms;	/* the plan's (its default when unset) */
	long long max_time_s;		/* -1: no limit */
	long long bandwidth_mibs;	/* -1: no cap */
	char *encrypt;			/* "disabled", "opportunistic", "required" */
	int encrypted;			/* crossed under TLS: 1, 0, -1 unknown */
	long long connections;		/* memory streams of a move between hosts
					 * that streams it; -1: none (cold, storage) */
	char *compress;			/* its compression ("none", "zstd", ...), or NULL */
	char *datastore;		/* every disk not in disks[], or NULL */
	char *format;			/* "same", "thin", "thick" */
	struct history_disk *disks;
	size_t ndisks;
	char *forecast;			/* the forecast's JSON text as read; NULL: null */
	/* libvirt's completed job and the tool's clock */
	double seconds;			/* the tool's whole time, start to end */
	double job_seconds;		/* libvirt's job (TIME_ELAPSED) */
	long long downtime_ms;
	long long data_bytes;		/* what crossed the link */
	long long iterations;		/* precopy passes */
	double throughput_bps;		/* bytes per second */
	char *throughput_from;		/* "libvirt" (its memory_bps) or "bytes/time" */
	/* the outcome */
	char *outcome;			/* a migration_outcome_name() */
	char *error, *hint;		/* why, when not done; NULL */
	/* who */
	char *by;			/* "USER@HOST", as the host lock names holders */
	long long pid;
	char *tool_version;
};

/* ---- the file (engine/history.c) ---- */

/* STATE/history.jsonl (malloc'd), or NULL when there is no state directory. */
char *history_path(void);
/* Append R as one line of PATH (NULL: history_path()), made 0600 (and its
 * directory 0700) when missing; never through a symbolic link, never to a
 * file of another user.  A line left without its newline by an earlier
 * writer is ended first, in the same write.  0, or -1 with ERR. */
int history_append(const char *path, const struct history_record *r, struct vm_error *err);

/* A line that could not be read: its number and what is wrong with it. */
struct history_bad {
	size_t line;
	char what[256];
};
struct history_list {
	struct history_record *recs;	/* in the file's order: oldest first */
	size_t n;
	struct history_bad *bad;
	size_t nbad;
	int missing;			/* the file does not exist */
};
/* Read every line of PATH (NULL: history_path()) into OUT, under a shared
 * flock; the file is opened read-only.  A missing file is no error (OUT
 * empty, missing set).  -1 with ERR when the file cannot be used at all (a
 * symbolic link, not a regular file, another user's, unreadable). */
int history_read(const char *path, struct history_list *out, struct vm_error *err);
void history_list_free(struct history_list *l);

/* ---- a record (engine/history_record.c) ---- */

void history_record_free(struct history_record *r);
/* 1 when NAME is R's VM, or either end of the move. */
int history_record_matches(const struct history_record *r, const char *name);
/* 1 when OUTCOME is a migration_outcome_name(): a record may hold it. */
int history_record_outcome_known(const char *outcome);

/* ---- JSON (engine/history_format.c, history_parse.c) ---- */

/* R as its line of JSON, without the newline (malloc'd; NULL out of
 * memory).  Strings are escaped; bytes that are not UTF-8 become U+FFFD. */
char *history_format(const struct history_record *r);
/* LINE (no newline) into R (zeroed first).  0, or -1 with WHAT saying
 * what is wrong ("bad JSON at column 12: ...", "member 'vm' is missing"). */
int history_parse(const char *line, struct history_record *r, char *what, size_t len);

/* ---- figures (engine/history_stats.c) ---- */

/* The median of the N values of V (sorted in place): the middle one, or
 * the mean of the two middle ones; -1 when N is 0. */
double history_stats_median(double *v, size_t n);

/* One pair of hosts, from -> to, over the records given. */
struct history_pair {
	const char *source, *target;	/* point into the records */
	size_t moves, done;
	double median_seconds;		/* of the done moves; -1 when none */
	double median_throughput_bps;	/* of the done moves that have one; -1 */
};
/* The pairs of the N records of RECS that match FILTER (NULL: all), in the
 * order each pair first appears; a record without both ends is left out.
 * *OUT malloc'd (free it).  0, or -1 out of memory. */
int history_stats_pairs(const struct history_record *recs, size_t n, const char *filter,
			struct history_pair **out, size_t *npairs);

/* The throughput SOURCE -> TARGET achieved lately: the median (bytes/s) of
 * the throughput of the last RECENT done moves of that pair that ran without
 * a cap (--bandwidth: a capped move's pace says what the cap allowed), among
 * the N records of RECS; *USED how many (may be NULL).  -1 when none. */
double history_stats_recent_bps(const struct history_record *recs, size_t n, const char *source,
				const char *target, size_t recent, size_t *used);
/* The same over the history file (history_path()); -1 when it has none or
 * cannot be read. */
double history_stats_recent_bps_file(const char *source, const char *target, size_t recent,
				     size_t *used);

#endif

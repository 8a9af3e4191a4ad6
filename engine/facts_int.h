/* engine/facts_int.h — the facts cache: slow facts about hosts and the links
 * between them, kept between runs in STATE/facts/ (STATE as for the journal,
 * journal_state_dir()), one file per host.  Not for ui/ or src/.
 *
 * What is kept for a host H (its file, HOST.facts with the name %-escaped
 * as journal_escape() does):
 *   - the host key it was read behind (a changed key drops everything);
 *   - the CPU it offers guests: its vendor and the CPU models its domain
 *     capabilities list, usable or not (for a cluster's EVC baseline when
 *     H itself is not read);
 *   - the file system under each of its dir and fs pools (findmnt's word:
 *     "ext4", "fuse.glusterfs"...), which tells a shared datastore;
 *   - the VM index: the names and UUIDs of the VMs H held when it was last
 *     read in full, and when (a hint where a VM is, always verified);
 *   - per peer P (another host): the link facts of the path H -> P (the
 *     interface on each end that routes to the other's migration address
 *     and its speed, the round trip, whether H logs in to P over SSH), the
 *     latest measured throughput of that path (only when asked for), and
 *     the latest throughput achieved by a migration from H to P.
 * Every record carries the time it was taken (seconds since the epoch).
 *
 * Files are written whole and atomically (a temporary file in the same
 * directory, fsync, rename), 0600 in a 0700 directory, opened with
 * O_NOFOLLOW.  They are read strictly: a file that is not ours (another
 * owner, group- or world-writable, not a regular file), cut short, too large,
 * or with any line that does not parse is not used at all: the caller is
 * told why (a sentence naming the host and the file) and rebuilds it from
 * the host.
 */
#ifndef VIRT_MIGRATE_FACTS_INT_H
#define VIRT_MIGRATE_FACTS_INT_H

#include <stddef.h>

#include "engine.h"

#define FACTS_NAME_MAX 256	/* host names, devices, VM names: longer ones are refused */

struct facts_link {		/* the path from the file's host to PEER */
	char *peer;
	long long taken;	/* when read */
	char *src_dev;		/* interface on this host towards the peer, or NULL */
	int src_mbit;		/* its speed in Mbit/s; 0 unknown */
	char *dst_dev;		/* interface on the peer towards this host, or NULL */
	int dst_mbit;
	long long rtt_us;	/* round trip to the peer's migration address; -1 unknown */
	int p2p_ok;		/* this host logs in to the peer over SSH */
	char *p2p_error;	/* why not, or NULL */
};

struct facts_rate {		/* a throughput from the file's host to PEER */
	char *peer;
	long long taken;
	double mbit_s;
};

struct facts_vm {
	char *name;
	char *uuid;
};

struct facts_cpu_model {
	char *name;
	int usable;
};

struct facts_fs {
	char *path;
	char *fstype;
};

struct facts_host {
	char *host;		/* the host the file is about */
	char *hostkey;		/* "SHA256:..." the facts were read behind, or NULL */
	long long cpu_taken;	/* when the CPU facts were read; 0: none */
	char *cpu_vendor;	/* or NULL */
	struct facts_cpu_model *models;
	size_t nmodels;
	long long fs_taken;	/* when the file systems were read; 0: none */
	struct facts_fs *fs;
	size_t nfs;
	long long index_taken;	/* when vms[] was read; 0: no index */
	struct facts_vm *vms;
	size_t nvms;
	struct facts_link *links;
	size_t nlinks;
	struct facts_rate *measured;	/* by 'check --measure-link' */
	size_t nmeasured;
	struct facts_rate *achieved;	/* by finished migrations */
	size_t nachieved;
};

/* The facts directory: DIR when not NULL, else STATE/facts.  malloc'd, or
 * NULL when there is no state directory. */
char *facts_dir(const char *dir);

/* Read HOST's file from DIR (NULL: facts_dir(NULL)) into *F (zeroed first;
 * F->host set to HOST).  Returns 0 when the file was read, or when there is
 * none (then F holds only the host name).  Returns -1 when the file is there
 * but cannot be used (not ours, damaged, cut short, unreadable): *F then
 * holds only the host name, and WHY (may be NULL) gets a sentence naming
 * the host, the file and, for a damaged file, the line, e.g.
 * "The cached facts of host 'a' (/x/facts/a.facts) are damaged at line 4;
 * they are read again from the host."  A file with an older or newer format
 * version is treated as damaged. */
int facts_load(const char *dir, const char *host, struct facts_host *f, char *why,
	       size_t whylen);

/* Write F as HOST's file in DIR (NULL: facts_dir(NULL)), creating the
 * directory (0700) when needed; atomic (see above).  0, or -1 with err. */
int facts_save(const char *dir, const struct facts_host *f, struct vm_error *err);

/* Load, let FN change *F, save: under an exclusive lock (flock on
 * DIR/HOST.lock), so that two threads or two processes updating the same
 * host's file never lose each other's records.  A file that cannot be used
 * is started afresh (WHY says why, as for facts_load(); may be NULL).  FN
 * returns 0 to save, nonzero to leave the file as it is.  0, or -1 with err
 * (no state directory, I/O error, out of memory, FN refused). */
int facts_update(const char *dir, const char *host, int (*fn)(struct facts_host *f, void *user),
		 void *user, char *why, size_t whylen, struct vm_error *err);

void facts_host_free(struct facts_host *f);

/* Records, replaced when one for the same peer exists (strings copied).
 * 0, or -1 when out of memory or a string is longer than FACTS_NAME_MAX
 * bytes (for p2p_error: 1024) or holds a newline. */
int facts_set_link(struct facts_host *f, const struct facts_link *l);
int facts_set_measured(struct facts_host *f, const char *peer, long long taken, double mbit_s);
int facts_set_achieved(struct facts_host *f, const char *peer, long long taken, double mbit_s);
/* Replace the VM index (N names and uuids). */
int facts_set_index(struct facts_host *f, long long taken, const char *const *names,
		    const char *const *uuids, size_t n);
/* Replace the CPU facts: VENDOR (may be NULL) and N models with their
 * usable flags. */
int facts_set_cpu(struct facts_host *f, long long taken, const char *vendor,
		  const char *const *names, const int *usable, size_t n);
/* Replace the file systems: N paths and their types. */
int facts_set_fs(struct facts_host *f, long long taken, const char *const *paths,
		 const char *const *types, size_t n);
/* The type of the file system under PATH, or NULL. */
const char *facts_fs_find(const struct facts_host *f, const char *path);
/* Drop every record but the host name (a changed host key). */
void facts_clear(struct facts_host *f);

/* Lookups; NULL when there is none. */
const struct facts_link *facts_link_find(const struct facts_host *f, const char *peer);
const struct facts_rate *facts_measured_find(const struct facts_host *f, const char *peer);
const struct facts_rate *facts_achieved_find(const struct facts_host *f, const char *peer);
/* 1 when the index of F lists a VM called NAME, else 0. */
int facts_index_has(const struct facts_host *f, const char *name);

/* ---- internal to engine/facts*.c -------------------------------------- */

/* The file format: one small text file per host under STATE/facts, written
 * whole and atomically (facts_save.c), read strictly (facts_load.c).
 *
 *   virt-migrate facts 1                          (line 1: the format version)
 *   host NAME                                     (line 2: whom the file is about)
 *   hostkey KEY                                   (when known)
 *   cpu TAKEN VENDOR                              (when known; VENDOR may be -)
 *   model NAME USABLE                             (after "cpu"; USABLE 0 or 1)
 *   fstypes TAKEN                                 (when known)
 *   fs PATH FSTYPE                                (after "fstypes")
 *   index TAKEN                                   (when there is an index)
 *   vm NAME UUID                                  (one per VM of the index)
 *   link PEER TAKEN SRCDEV SRCMBIT DSTDEV DSTMBIT RTT_US P2P_OK P2P_ERROR
 *   measured PEER TAKEN MBIT
 *   achieved PEER TAKEN MBIT
 *
 * Fields are separated by one space.  Strings are escaped with
 * journal_escape(), so no field holds a space or a control byte; a field
 * that is exactly "-" means "none" (NULL), and a string that is exactly "-"
 * is written "%2D".  An empty string is never written: in an optional field
 * it is stored as none, a required one (PEER, NAME, UUID, KEY) must not be
 * empty.  TAKEN and RTT_US are decimal long longs, SRCMBIT and DSTMBIT
 * decimal ints, P2P_OK 0 or 1, MBIT a double written with "%.17g" in the C
 * locale so that it reads back bit for bit.  The lines after the second
 * come in any order, but "vm" lines only after "index", "model" lines only
 * after "cpu" and "fs" lines only after "fstypes", and at most one
 * "hostkey", one "cpu", one "fstypes", one "index" and one record of each
 * kind per peer or path.
 *
 * A file that breaks any of this is not used at all: the cache is only
 * ever a shortcut, and a half-believed file is worse than none. */

#define FACTS_MAGIC "virt-migrate facts 1"
#define FACTS_MAGIC_PREFIX "virt-migrate facts "
#define FACTS_FILE_MAX (4 * 1024 * 1024)
#define FACTS_ERROR_MAX 1024	/* p2p_error */
#define FACTS_KEY_MAX 1024	/* hostkey */
#define FACTS_FIELDS_MAX 10	/* a link line: the kind and 9 fields */

/* 0 when S may be stored in a field of at most MAX bytes: no newline, not
 * empty when REQUIRED (NULL counts as empty). */
int facts_str_ok(const char *s, size_t max, int required);
/* 0 for a rate the file can hold: finite and >= 0. */
int facts_rate_ok(double v);
/* 0 when every value of L can be written and read back. */
int facts_link_ok(const struct facts_link *l);

/* The files of one host (engine/facts_path.c). */
struct facts_path {
	char *dir;	/* the facts directory */
	char *file;	/* DIR/HOST.facts */
	char *lock;	/* DIR/HOST.lock */
	char *esc;	/* HOST escaped, as in the file names */
};
/* -1 when there is no state directory (p->dir NULL), the host name cannot
 * name a file (p->esc NULL) or out of memory (p->file NULL). */
int facts_path_make(const char *dir, const char *host, struct facts_path *p);
void facts_path_free(struct facts_path *p);
/* 0 when HOST can name a file of the cache. */
int facts_path_host_ok(const char *host);
/* Why the facts directory (lstat in ST) may not hold our files, or NULL. */
struct stat;
const char *facts_path_dir_refusal(const struct stat *st);
/* Make DIR (0700) and its missing parents; it must then be a directory of
 * this user that no one else may write to.  0, or -1 with err. */
int facts_path_dir_make(const char *dir, struct vm_error *err);

#endif

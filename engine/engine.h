/* engine/engine.h — the one face of the engine.
 *
 * The engine never prints, never exits and never touches curses.  Functions
 * return 0 on success or -1 with a struct vm_error filled in: a whole sentence
 * naming the object, and a hint naming the fix.
 */
#ifndef VIRT_MIGRATE_ENGINE_H
#define VIRT_MIGRATE_ENGINE_H

#include <stddef.h>
#include <stdarg.h>

#include "../config/config.h"

/* ---- errors (engine/vm_error.c) ---------------------------------------- */

struct vm_error {
	char message[512];	/* "Host 'b': connection refused." */
	char hint[256];		/* "Check that sshd runs on b and ..." or "" */
};

/* All three accept a NULL err.  vm_error_set() replaces the message and
 * clears the hint (its arguments may point into err itself); a message too
 * long for the buffer is cut on a character boundary and ends with "...". */
void vm_error_clear(struct vm_error *err);
void vm_error_set(struct vm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vm_error_hint(struct vm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- set-up (engine/engine.c) ------------------------------------------ */

/* Once per process, before any other engine call: initialises libvirt and
 * libssh, and routes libvirt's error printing into the engine's log (never
 * onto the terminal).  LOG_PATH may be NULL (no log). */
int engine_init(const char *log_path, struct vm_error *err);
void engine_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void engine_shutdown(void);

/* ---- shell quoting (engine/shquote.c) ---------------------------------- */

/* One POSIX-shell word that stands for S exactly, whatever S holds
 * (spaces, quotes, ';', '$(...)', backticks, newlines, non-ASCII).
 * Returns a malloc'd string or NULL on allocation failure. */
char *shquote(const char *s);
/* argv[0..] joined, each word quoted; NULL-terminated argv. */
char *shquote_argv(const char *const argv[]);

/* ---- SSH sessions of the tool itself (engine/sshlink.c) ---------------- */

enum hostkey_policy {
	HOSTKEY_STRICT,		/* known key only; unknown and changed refused */
	HOSTKEY_ACCEPT_NEW,	/* unknown key accepted and recorded; changed refused */
	HOSTKEY_POLICY_COUNT
};

enum sshlink_failure {
	SSHLINK_OK,
	SSHLINK_UNREACHABLE,	/* resolve, connect or timeout */
	SSHLINK_HOSTKEY_UNKNOWN,
	SSHLINK_HOSTKEY_CHANGED,
	SSHLINK_AUTH,
	SSHLINK_OTHER,
	SSHLINK_FAILURE_COUNT
};

struct sshlink;

/* Connect to host H, verify its key against the known_hosts file
 * (cfg->defaults.known_hosts or ~/.ssh/known_hosts) under POLICY, then
 * authenticate with the configured identity, the agent and default keys.
 * On failure *why says which step failed. */
int sshlink_open(const struct config *cfg, const struct config_host *h,
		 enum hostkey_policy policy, struct sshlink **out,
		 enum sshlink_failure *why, struct vm_error *err);
/* "SHA256:..." of the server's host key, as ssh-keygen -l prints it. */
const char *sshlink_fingerprint(const struct sshlink *l);
/* Run argv on the host (each word quoted with shquote, for a POSIX login
 * shell); collects stdout (malloc'd, NUL-terminated, may be NULL if OUT is
 * NULL; at most 64 MiB) and the exit status; stderr goes to the engine log.
 * A non-zero exit status fills ERR (naming the command and quoting the first
 * line of its stderr); it makes the call fail (-1) only when EXIT_STATUS is
 * NULL.  -1 for a status means the command ended without one (a signal).
 * A link may be shared by threads: its mutex runs their commands one at a
 * time.  sshlink_close() must not race with a running sshlink_exec(). */
int sshlink_exec(struct sshlink *l, const char *const argv[], char **out,
		 int *exit_status, struct vm_error *err);
void sshlink_close(struct sshlink *l);

/* ---- inventory (engine/inventory*.c) ----------------------------------- */

enum inv_vm_state {
	INV_VM_RUNNING,
	INV_VM_PAUSED,
	INV_VM_SHUTOFF,
	INV_VM_SUSPENDED,	/* shut off with a managed-save image */
	INV_VM_OTHER,
	INV_VM_STATE_COUNT
};

struct inv_pool {
	char *name;
	char *type;		/* "dir", "netfs", "logical", ... */
	char *path;		/* target path, or NULL */
	int active;
	int shared;		/* storage visible to other hosts (cluster fs) */
	unsigned long long capacity, allocation, available; /* bytes */
};

struct inv_net {
	char *name;
	char *bridge;		/* may be NULL */
	int active;
};

struct inv_disk {
	char *target;		/* "vda" */
	char *device;		/* "disk", "cdrom" */
	char *path;		/* source file or NULL */
	char *pool;		/* pool holding path, or NULL */
	char *format;		/* "qcow2", "raw", ... or NULL */
	unsigned long long capacity, allocation; /* bytes; 0 if unknown */
};

struct inv_nic {
	char *mac;
	char *network;		/* libvirt network, or NULL */
	char *bridge;		/* bridge, or NULL */
};

struct inv_vm {
	char *name;
	char *uuid;
	enum inv_vm_state state;
	int reason;		/* libvirt's state reason */
	int persistent;
	unsigned vcpus;
	unsigned long long memory_kib;	/* configured maximum (<memory>) */
	char *cpu_mode;		/* "custom", "host-model", "host-passthrough", or NULL */
	char *cpu_model;	/* or NULL */
	struct inv_disk *disks;
	size_t ndisks;
	struct inv_nic *nics;
	size_t nnics;
};

struct inv_host {
	const struct config_host *cfg;
	int reachable;		/* both sessions open and facts read */
	enum sshlink_failure ssh_failure;
	struct vm_error error;	/* why it is not reachable */
	char *hostkey_fp;	/* "SHA256:..." */
	char *hostname;		/* as libvirt reports it */
	char *cpu_vendor, *cpu_model;
	unsigned long long mem_total_kib, mem_free_kib;
	unsigned long libvirt_version, hv_version; /* major*1e6+minor*1e3+release */
	char *hv_type;		/* "QEMU" */
	struct inv_pool *pools;
	size_t npools;
	struct inv_net *nets;
	size_t nnets;
	struct inv_vm *vms;
	size_t nvms;
};

struct inventory {
	struct inv_host *hosts;	/* one per configured host, in config order */
	size_t nhosts;
};

struct inventory_options {
	enum hostkey_policy hostkeys;
};

/* Open every configured host in parallel and read its facts (engine_init()
 * first).  A remote URI (a host part, or a transport other than unix) makes
 * the host's SSH link open first: the host key is checked there under
 * opt->hostkeys (STRICT when OPT is NULL), and a failure stops that host
 * before libvirt is asked.  Both connections are closed at the end.  One
 * unreachable host never blocks the others: it is reported in its own
 * inv_host (reachable = 0, error set).  Returns -1 only when nothing could be
 * attempted (e.g. out of memory). */
int inventory_load(const struct config *cfg, const struct inventory_options *opt,
		   struct inventory *inv, struct vm_error *err);
void inventory_free(struct inventory *inv);

const char *inv_vm_state_name(enum inv_vm_state s);

#endif

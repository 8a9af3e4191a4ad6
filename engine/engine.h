/* engine/engine.h — the one face of the engine.
 *
 * The engine never prints, never exits and never touches curses.  Functions
 * return 0 on success or -1 with a struct vm_error filled in: a whole sentence
 * naming the object, and a hint naming the fix.
 */
#ifndef VIRT_MIGRATE_ENGINE_H
#define VIRT_MIGRATE_ENGINE_H

#include <stdatomic.h>
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
/* BYTES as people read it, "1.5 GiB" ("512 B" below 1 KiB), into BUF; returns BUF. */
const char *engine_bytes(unsigned long long bytes, char *buf, size_t len);
/* A speed in Mbit/s as people read it: "10 Gbit/s", "2.3 Gbit/s", "250 Mbit/s". */
const char *engine_rate(double mbit_s, char *buf, size_t len);
/* How long ago THEN was, seen at NOW (epoch seconds): "just now", "40 s ago",
 * "3 min ago", "2 h ago", "4 days ago"; "at an unknown time" when THEN <= 0. */
const char *engine_age(long long then, long long now, char *buf, size_t len);
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
/* Start argv on the host and keep it running with its input open; returns
 * once it printed its first line (into LINE, without the newline), the
 * handle in OUT.  -1 when it could not start or printed nothing within
 * 30 s (it is then gone).  The command sees the end of its input when
 * sshlink_hold_end() is called, or when the tool's session ends in any
 * way (the tool killed, the link lost): a host-side lock held by it goes
 * then.  Other commands may run on the link meanwhile. */
struct sshlink_hold;
int sshlink_hold(struct sshlink *l, const char *const argv[], char *line, size_t size,
		 struct sshlink_hold **out, struct vm_error *err);
void sshlink_hold_end(struct sshlink_hold *h);

/* ---- libvirt's ssh processes (engine/sshhelper.c) ---------------------- */

/* 1 when the program was started as libvirt's ssh helper (argv[0] named
 * virt-migrate-ssh): main() then calls sshhelper_main(), which leaves the
 * terminal's session and becomes ssh(1) with the same arguments. */
int sshhelper_is_name(const char *argv0);
int sshhelper_main(int argc, char **argv);
/* The tool's main() says that this program can be the helper (a test
 * program cannot); until then sshhelper_path() is NULL. */
void sshhelper_enable(void);
/* The helper's path (a link to this program in the state directory), made
 * once; NULL when not enabled or when it cannot be made. */
const char *sshhelper_path(void);

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
	char *fstype;		/* the file system under path (dir and fs pools,
				 * as findmnt says: "ext4", "fuse.glusterfs"), or NULL */
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
	char *device;		/* "disk", "cdrom", "floppy", "lun" */
	char *type;		/* source type: "file", "block", "network", "volume", "dir" */
	char *path;		/* source file or NULL */
	char *pool;		/* pool holding path, or NULL (a path outside every pool) */
	char *format;		/* "qcow2", "raw", ... or NULL */
	int readonly;		/* <readonly/> */
	int shareable;		/* <shareable/> */
	char *block_job;	/* active block job on it: "copy", "commit", "pull",
				 * "active-commit", "backup"; NULL when none */
	unsigned long long capacity, allocation; /* bytes; 0 if unknown */
};

struct inv_nic {
	char *mac;
	char *network;		/* libvirt network, or NULL */
	char *bridge;		/* bridge, or NULL */
};

enum inv_job {
	INV_JOB_NONE,
	INV_JOB_MIGRATION_OUT,
	INV_JOB_MIGRATION_IN,
	INV_JOB_SAVE,		/* save, managed save, dump, snapshot, restore */
	INV_JOB_BACKUP,
	INV_JOB_OTHER,
	INV_JOB_COUNT
};

/* A CPU model as the host's domain capabilities list it. */
struct inv_cpu_model {
	char *name;		/* "Nehalem", "EPYC-Rome", ... */
	char *vendor;		/* "Intel", "AMD", or NULL */
	int usable;		/* usable='yes' for the domain type read */
};

struct inv_vm {
	char *name;
	char *uuid;
	char *domain_type;	/* <domain type=...>: "kvm", "qemu", ... */
	enum inv_vm_state state;
	int reason;		/* libvirt's state reason */
	int persistent;
	unsigned vcpus;
	unsigned long long memory_kib;	/* configured maximum (<memory>) */
	char *cpu_mode;		/* "custom", "host-model", "host-passthrough", or NULL */
	char *cpu_model;	/* or NULL */
	char *cpu_vendor;	/* <cpu><vendor>, or NULL */
	char *cpu_xml;		/* its whole top-level <cpu> element, verbatim (live
				 * description when running or paused), or NULL */
	enum inv_job job;	/* the job running on it now */
	size_t nsnapshots;
	size_t nhostdevs;	/* PCI/USB/SCSI passthrough devices */
	char *memory_backing;	/* "hugepages", "file", "memfd", or NULL (anonymous) */
	struct inv_disk *disks;
	size_t ndisks;
	struct inv_nic *nics;
	size_t nnics;
};

/* A host's readiness for TLS migration (engine/probe_tls.c): the
 * certificate directory its libvirt gives QEMU for migration
 * (migrate_tls_x509_cert_dir, else default_tls_x509_cert_dir, else
 * /etc/pki/qemu, from /etc/libvirt/qemu.conf), with the CA, server and
 * client pairs there, valid now, chained to that CA, the server
 * certificate naming the host's migration address. */
struct host_tls {
	int read;		/* 1: read on the host now, by this command */
	int ready;		/* every file there and sound */
	char dir[256];		/* the certificate directory, "" unknown */
	char ca[112];		/* SHA-256 fingerprint of ca-cert.pem, "" unknown */
	char why[256];		/* why not ready (or not read), "" when ready */
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
	const char *virt_type;	/* configured domain type ("kvm", "qemu"), NULL: auto */
	char *domain_type;	/* domain type its domain capabilities were read for:
				 * "kvm" when libvirt gives them for kvm (/dev/kvm
				 * usable), else "qemu"; NULL when the driver has
				 * none (test:///): then every field down to
				 * cpu_models is empty */
	char *arch;		/* "x86_64" */
	char *host_model;	/* host-model CPU of the domain capabilities */
	char *host_model_vendor;
	char *host_model_xml;	/* <cpu mode='custom'>...</cpu> of host-model, for baselines */
	int host_passthrough;	/* host-passthrough supported */
	struct inv_cpu_model *cpu_models;
	size_t ncpu_models;
	struct inv_pool *pools;
	size_t npools;
	struct inv_net *nets;
	size_t nnets;
	struct inv_vm *vms;
	size_t nvms;
	/* Open connections, kept until inventory_free(), for probes and moves.
	 * Use only through engine functions. */
	void *conn;		/* virConnectPtr */
	struct sshlink *link;	/* NULL for local URIs */
	int skipped;		/* not read: the command did not need it
				 * (inventory_options.only); not an error */
	long long fs_cached;	/* its pools' file systems (pool.fstype, .shared)
				 * come from the facts cache: when they were read;
				 * 0: read now */
	char facts_note[256];	/* its facts cache file could not be used (damaged,
				 * another owner's) and was written anew: why; or "" */
	long long cpu_cached;	/* a skipped host whose cpu_vendor and cpu_models
				 * come from the facts cache: when they were read
				 * (for its cluster's EVC baseline); else 0 */
	struct host_tls tls;	/* read once per inventory, when a plan needs it */
	int tls_state;		/* 0 unread, 1 being read, 2 read (probe_tls.c) */
};

struct inventory_options {
	enum hostkey_policy hostkeys;
	int refresh;		/* cached facts are not reused (--refresh) */
	const char *facts_dir;	/* the facts cache; NULL: STATE/facts */
	const char *const *only; /* read only these hosts (NULL: every host); the
				  * others stay in the inventory unread */
	size_t nonly;
	int keep_index;		/* write each host's VM list to the facts cache
				 * (the VM index inventory_index_find() reads) */
};

struct inventory {
	struct inv_host *hosts;	/* one per configured host, in config order */
	size_t nhosts;
	const struct config *cfg; /* the configuration it was loaded from (SSH
				   * users and ports for probes), or NULL */
	struct inventory_options opt;	/* as loaded (only/nonly cleared) */
};


/* Open every configured host in parallel and read its facts (engine_init()
 * first).  A remote URI (a host part, or a transport other than unix) makes
 * the host's SSH link open first: the host key is checked there under
 * opt->hostkeys (STRICT when OPT is NULL), and a failure stops that host
 * before libvirt is asked.  The connections of a reachable host stay open
 * in its inv_host (conn, link) until inventory_free(), which closes them;
 * CFG must outlive the inventory.  One unreachable host never blocks the
 * others: it is reported in its own inv_host (reachable = 0, error set, no
 * connection kept).  Returns -1 only when nothing could be attempted (e.g.
 * out of memory). */
int inventory_load(const struct config *cfg, const struct inventory_options *opt,
		   struct inventory *inv, struct vm_error *err);
void inventory_free(struct inventory *inv);

/* Read, in parallel, every host of INV that inventory_load() skipped (its
 * options' only list), as it would have.  Returns -1 only when nothing
 * could be attempted (err set); each host says for itself whether it was
 * reached. */
int inventory_load_skipped(struct inventory *inv, struct vm_error *err);
/* The hosts the facts cache's VM index names for VM NAME (each host's
 * list as last read in full, whatever its age: a hint, to be verified by
 * reading the host): up to MAX configured host names into OUT (pointers
 * into CFG); returns how many hosts list it. */
size_t inventory_index_find(const struct config *cfg, const char *facts_dir, const char *name,
			    const char **out, size_t max);

/* VM (UUID) moved FROM -> TO: the VM index says so at once (with
 * inventory_options.keep_index; logged, never fails). */
void inventory_index_moved(const struct inventory *inv, const char *vm, const char *uuid,
			   const char *from, const char *to);

const char *inv_vm_state_name(enum inv_vm_state s);
const char *inv_job_name(enum inv_job j);
struct inv_host *inventory_host_find(const struct inventory *inv, const char *name);
/* The VM called NAME and the host holding it (*host may be NULL). */
struct inv_vm *inventory_vm_find(const struct inventory *inv, const char *name,
				 struct inv_host **host);
struct inv_pool *inv_host_pool(const struct inv_host *h, const char *name);
struct inv_net *inv_host_net(const struct inv_host *h, const char *name);
/* The other reachable hosts that see shared pool P of host H (a shared pool
 * at the same path): up to MAX into OUT; returns how many there are. */
size_t inv_pool_peers(const struct inventory *inv, const struct inv_host *h,
		      const struct inv_pool *p, const struct inv_host **out, size_t max);

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

/* ---- what each disk does in a move (engine/disk.c) ---------------------- */

enum disk_role {
	DISK_COPIED,		/* a local disk file: copied when a datastore is chosen */
	DISK_REMOVABLE,		/* CD-ROM, floppy: the medium stays; the target must see it */
	DISK_NETWORK,		/* network storage: reached where it is */
	DISK_SHAREABLE,		/* <shareable/>: never copied */
	DISK_READONLY,		/* <readonly/>: never copied (libvirt mirrors none live) */
	DISK_DEVICE,		/* lun, block/volume/dir source, no file: never copied */
};

enum disk_role disk_role(const struct inv_disk *d);
/* "read-only, never copied": what the role means, for messages. */
const char *disk_role_words(enum disk_role r);
int disk_copyable(const struct inv_disk *d);		/* role is DISK_COPIED */
/* 1 when the plan names a datastore for D itself (--disk D=DS). */
int disk_named(const struct plan *p, const struct inv_disk *d);
/* The datastore D is copied to in plan P, or NULL when D is not copied: a
 * compute-only plan, no datastore for it, a disk never copied, or (without
 * HOST_CHANGE) the pool it is already in. */
const char *disk_destination(const struct plan *p, const struct inv_disk *d, int host_change);

/* ---- findings (engine/findings.c) ---------------------------------------- */

enum finding_severity {
	FINDING_INFO,
	FINDING_WARNING,
	FINDING_ERROR,
	FINDING_SEVERITY_COUNT
};

struct finding {
	enum finding_severity severity;
	char code[48];		/* stable: "cpu.incompatible", "net.missing", ... */
	char message[384];	/* a sentence naming the object */
	char hint[256];		/* the fix, or "" */
};

struct findings {
	struct finding *items;
	size_t count, cap;
	size_t errors, warnings, infos;
};

void findings_add(struct findings *f, enum finding_severity sev, const char *code,
		  const char *hint, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int findings_has(const struct findings *f, const char *code);	/* 1 if CODE is there */
const char *finding_severity_name(enum finding_severity s);	/* "error", "warning", "info" */
void findings_free(struct findings *f);

/* ---- facts probed for one plan (engine/probe*.c) ---------------------------- */

enum cpu_verdict {
	CPU_VERDICT_UNKNOWN,	/* not compared (no target connection, API error) */
	CPU_VERDICT_IDENTICAL,
	CPU_VERDICT_SUPERSET,	/* the target offers everything the VM's CPU needs */
	CPU_VERDICT_INCOMPATIBLE,
	CPU_VERDICT_COUNT
};

/* One end of the migration link: the interface of a host that routes to
 * the other host's migration address, and its speed. */
struct link_end {
	char dev[64];		/* "eth0"; "" when the route was not read */
	int dev_mbit;		/* its negotiated speed as the host reports it
				 * (sysfs; for a bridge, its fastest physical
				 * port); 0 when the host does not say */
	char via[64];		/* the port the speed was read from ("" = dev) */
	double mbit;		/* the speed used: the operator's link_gbps for
				 * the host when set, else dev_mbit; 0 unknown */
	int configured;		/* mbit is the operator's link_gbps */
};

struct link_probe {
	struct link_end src, dst;	/* each host's end, towards the other */
	double speed_mbit;	/* the link's speed: the lower end; 0 unknown */
	double rtt_ms;		/* round trip source -> target migration
				 * address; < 0 when not measured */
	char rtt_how[24];	/* "ping", "busybox ping", "TCP connect" */
	long long taken;	/* when the facts above were read (epoch s) */
	int cached;		/* ... by an earlier run (the facts cache) */
	double measured_mbit;	/* plain TCP on the data path, when asked; 0 none */
	long long measured_at;	/* when (epoch s) */
	int measured_now;	/* measured by this run */
	double achieved_mbit;	/* the latest migration from source to target; 0 none */
	long long achieved_at;
	char error[256];	/* why the route, speed or round trip could not
				 * be read, or "" (also "" when there is no
				 * change of host) */
	char measure_error[256];	/* why a measurement asked for failed */
	char cache_note[256];	/* the facts cache could not be used: why */
};

struct check_facts {
	enum cpu_verdict cpu;		/* the VM's CPU on the target hypervisor */
	char cpu_detail[256];		/* libvirt's words when incompatible; why,
					 * when unknown (host-model, host-passthrough,
					 * no <cpu>, target unreachable, API error) */
	struct link_probe link;		/* only for a change of host */
	int p2p_ok;			/* the source host's SSH to the target works
					 * (1 without a change of host) */
	char p2p_error[256];		/* ssh's first stderr line, or why it was
					 * not checked */
	long long now;			/* when the facts were gathered (epoch s):
					 * the ages of cached figures count from it */
	struct host_tls tls_src, tls_dst;	/* for a change of host */
};

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

/* ---- checks (engine/checks*.c) ---------------------------------------------- */

/* Every finding for PLAN, from the inventory and the probed facts, pure:
 * no I/O.  FACTS may be NULL (CPU and link then reported as not checked).
 * Returns the number of errors. */
size_t checks_evaluate(const struct inventory *inv, const struct plan *plan,
		       const struct check_facts *facts, const struct config *cfg,
		       struct findings *out);

/* ---- EVC (engine/evc*.c) ------------------------------------------------- */

struct evc_level {
	const char *vendor;	/* "Intel" or "AMD" */
	const char *code;	/* vCenter's level: "L0".."L6", "A0".."B2", or our own past them */
	const char *label;	/* "Intel Merom Generation (Xeon Core 2)" */
	const char *model;	/* QEMU CPU model: "Conroe", "Penryn", ... */
};

/* The ladder, oldest first within each vendor; *n set to its length. */
const struct evc_level *evc_levels(size_t *n);
/* Index of MODEL in the ladder, or -1. */
int evc_level_index(const char *model);
/* 1 when host H's domain capabilities list LEVEL's model as usable, 0 when
 * listed as not usable, -1 when not listed or unknown. */
int evc_host_supports(const struct inv_host *h, const struct evc_level *level);
/* The highest ladder model every reachable host of CLUSTER supports, into
 * *model (static string).  Returns 0, or -1 with err set: mixed vendors,
 * no common level, unreachable hosts. */
int evc_cluster_baseline(const struct inventory *inv, const struct config_cluster *cluster,
			 const char **model, struct vm_error *err);
/* The exact baseline CPU (virConnectBaselineHypervisorCPU, on the first
 * reachable member, over every reachable member's host_model_xml), its
 * model name malloc'd into *model.  -1 with err naming the cluster when no
 * reachable member reports a host-model CPU, or libvirt refuses. */
int evc_probe_baseline(struct inventory *inv, const struct config_cluster *cluster,
		       char **model, struct vm_error *err);

/* ---- migrations (engine/migration*.c) --------------------------------------- */

enum migration_phase {
	MIGRATION_PHASE_STARTING,	/* connections, definitions, target volumes */
	MIGRATION_PHASE_DISKS,		/* copying or mirroring disks */
	MIGRATION_PHASE_MEMORY,		/* precopy of memory pages */
	MIGRATION_PHASE_SWITCHOVER,	/* paused: last pages, device state */
	MIGRATION_PHASE_FINISHING,	/* definitions moved, source cleaned */
	MIGRATION_PHASE_ROLLBACK,
	MIGRATION_PHASE_DONE,
	MIGRATION_PHASE_COUNT
};

struct migration_progress {
	enum migration_phase phase;
	double elapsed_s;
	unsigned long long total, processed, remaining;	/* bytes, memory + disks */
	unsigned long long mem_total, mem_processed, mem_remaining;
	unsigned long long disk_total, disk_processed, disk_remaining;
	double rate_bps;		/* bytes per second now */
	unsigned long long dirty_rate;	/* pages per second (live) */
	unsigned long long iteration;	/* precopy pass (live) */
	double eta_s;			/* < 0 when unknown */
	const char *event;		/* an escalation or a step, once; or NULL */
};

typedef void (*migration_progress_fn)(const struct migration_progress *p, void *user);

/* Set by the caller (a signal handler or another thread may do it) to ask
 * for a cancel; read by the migration's threads.  Lock-free, so a signal
 * handler may store to it. */
struct migration_cancel {
	atomic_int requested;
};

enum migration_outcome {
	MIGRATION_DONE,		/* the VM is on the target, exactly once */
	MIGRATION_ROLLED_BACK,	/* failed; the VM is where it was, target cleaned */
	MIGRATION_CANCELLED,	/* cancelled; the VM is where it was, target cleaned */
	MIGRATION_FAILED,	/* failed and the state needs the operator: see error */
	MIGRATION_NOT_STARTED,	/* a batch stopped before this one: nothing was done */
	MIGRATION_OUTCOME_COUNT
};

struct migration_result {
	enum migration_outcome outcome;
	double total_s;
	long long downtime_ms;		/* < 0 when unknown */
	unsigned long long data_bytes;	/* what crossed the link */
	unsigned long long iterations;
	char where[256];		/* "vm1 runs on b (persistent), undefined on a" */
	char cleaned[256];		/* what was removed, or "" */
	struct vm_error error;		/* why, when not done */
	int refused;			/* nothing started: the VM is locked by another
					 * migration, or needs 'recover' first */
	int encrypted;			/* memory and disks crossed under TLS */
	char clear_why[320];		/* crossed in clear between hosts: why */
};

const char *migration_phase_name(enum migration_phase p);
const char *migration_outcome_name(enum migration_outcome o);

/* Run PLAN (checked beforehand by the caller) with the inventory's open
 * connections.  Calls FN (may be NULL) from the calling thread about five
 * times a second.  Returns 0 when done, -1 otherwise (res says how). */
int migration_run(struct inventory *inv, const struct plan *plan, const struct config *cfg,
		  migration_progress_fn fn, void *user, struct migration_cancel *cancel,
		  struct migration_result *res);

/* ---- several migrations (engine/batch.c) --------------------------------- */

typedef void (*migration_batch_fn)(size_t index, const struct migration_progress *p,
				   void *user);

/* Run N plans (checked beforehand): one after the other when PARALLEL is 0;
 * otherwise several at once within the concurrency limits, High priority
 * admitted before Standard (rules in engine/batch_int.h), the migrations that
 * leave one host sharing its configured link by priority.  A cancel or the
 * first failure stops the batch: what runs ends (a cancel rolls it back),
 * what waits is not started (MIGRATION_NOT_STARTED).  When a plan names a
 * VM or host the inventory does not know, nothing starts.  RESULTS has N
 * entries.  FN is called with the plan's index, from any thread, never twice
 * at once.  Returns 0 when every plan was done, -1 otherwise. */
int migration_batch_run(struct inventory *inv, const struct plan *plans, size_t n,
			int parallel, const struct config *cfg, migration_batch_fn fn, void *user,
			struct migration_cancel *cancel, struct migration_result *results);


/* ---- the journal, the per-VM lock, recover (engine/journal.c, lock.c, recover.c) ----
 *
 * Every migration_run() takes a lock on the VM (an flock on
 * STATE/locks/UUID.lock, STATE being $XDG_STATE_HOME/virt-migrate or
 * ~/.local/state/virt-migrate) and keeps a journal of its steps in
 * STATE/journal/UUID.journal: one line per step, written and synced before
 * the step's effect can matter.  A migration that ends (done, rolled back,
 * cancelled) removes its journal; one that ends FAILED, or whose tool was
 * killed, leaves it for recover_entry().  Directories are 0700, files 0600,
 * opened with O_NOFOLLOW. */

/* The state directory (malloc'd), or NULL when neither XDG_STATE_HOME nor
 * HOME is an absolute path. */
char *journal_state_dir(void);

struct journal_vol {
	char *host;		/* where it is */
	char *pool;		/* "" when unknown */
	char *path;
};

struct journal_entry {
	char *file;		/* the journal file it was read from, or NULL */
	char *vm, *uuid;
	char *kind;		/* "compute", "storage", "both" */
	int live;		/* the VM ran when the migration started */
	char *source, *target;	/* host names; target == source for storage-only */
	int delete_source;	/* the plan asked for --delete-source */
	long long started;	/* seconds since the epoch */
	long pid;		/* of the tool that ran it */
	struct journal_vol *vols;	/* volumes it created (on the target) */
	size_t nvols;
	struct journal_vol *srcdisks;	/* the source disks it moved */
	size_t nsrcdisks;
	int defined_target;	/* step "defined" seen */
	int undefined_source;	/* step "undefined" seen */
	char *end;		/* the outcome name, or NULL: unfinished */
};

/* Parse the text of one journal into E (zeroed first).  Strict: -1 with
 * err naming the line and what could not be read (not a journal, no
 * header, unknown record, bad field or escape, no newline at the end). */
int journal_parse(const char *text, struct journal_entry *e, struct vm_error *err);
/* One field as the journal writes it: bytes below '!', '%' and 0x7f as %XX.
 * malloc'd.  journal_unescape() undoes it in place; -1 on a bad escape. */
char *journal_escape(const char *s);
int journal_unescape(char *s);
void journal_entry_free(struct journal_entry *e);
/* Every journal under DIR (NULL: the state directory) that was left
 * behind: *out gets a malloc'd array (free each with journal_entry_free,
 * then the array).  When one journal cannot be read, none is returned:
 * -1 with err "FILE:LINE: what" and a hint.  0, or -1 with err. */
int journal_list(const char *dir, struct journal_entry **out, size_t *n, struct vm_error *err);
/* Remove the journal file of E. 0 or -1. */
int journal_remove(const struct journal_entry *e);

/* The VM with UUID is being migrated now by a live process (its lock is
 * held): 1, with that process's id in *pid when known; 0 otherwise. */
int lock_vm_busy(const char *uuid, long *pid);

struct recover_report {
	char **lines;		/* what was found and done, one sentence each */
	size_t nlines;
	int resolved;		/* the VM is exactly once somewhere and nothing is
				 * left over: the journal entry was closed */
	int busy;		/* a live tool or a libvirt job still works on it */
};

/* Look at both hosts of journal entry E with the inventory's connections
 * and finish the cleanup: when the VM is on the source, remove what the
 * target got (its definition, the volumes the journal names, once no
 * domain uses them); when it is on the target, finish removing the source
 * side (its definition, and the source disks when the move was to delete
 * them).  Never removes the last copy of anything the VM uses; a VM
 * running on both hosts or on neither is reported, not touched.  DRY_RUN:
 * says what it would do, changes nothing.  Returns 0 when resolved. */
int recover_entry(struct inventory *inv, const struct journal_entry *e, int dry_run,
		  struct recover_report *r);
void recover_report_free(struct recover_report *r);

/* (struct migration_result.refused is set when migration_run() did nothing
 * because another tool holds the VM, or an unfinished journal names it.) */

#endif

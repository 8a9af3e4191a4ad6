/* engine/inventory.h — inventory (engine/inventory*.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_INVENTORY_H
#define VIRT_MIGRATE_INVENTORY_H

#include <stddef.h>

#include "../config/config.h"
#include "vm_error.h"
#include "sshlink.h"

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
	char *ssh_host;		/* the tool's SSH session's destination, ~/.ssh/config
				 * applied (HostName), or NULL */
	char *ssh_user;		/* its user, or NULL */
	unsigned ssh_port;	/* its port, or 0 */
	char *hostname;		/* as libvirt reports it */
	char *cpu_vendor, *cpu_model;
	unsigned long long mem_total_kib, mem_free_kib;
	unsigned cpus;		/* logical CPUs libvirt reports; 0 if unknown */
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
	const char *const *trusted_keys; /* keys the operator accepted in this run
					  * (struct sshlink_keys), NULL: none */
	size_t ntrusted_keys;
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
/* A host's free and total memory as every view says them: a size, or
 * "unknown" when libvirt gave no figure (0 is never a real one). */
const char *inventory_host_mem_free(const struct inv_host *h, char *buf, size_t len);
const char *inventory_host_mem_total(const struct inv_host *h, char *buf, size_t len);
/* The VM called NAME and the host holding it (*host may be NULL). */
struct inv_vm *inventory_vm_find(const struct inventory *inv, const char *name,
				 struct inv_host **host);
struct inv_pool *inv_host_pool(const struct inv_host *h, const char *name);
struct inv_net *inv_host_net(const struct inv_host *h, const char *name);
/* The other reachable hosts that see shared pool P of host H (a shared pool
 * at the same path): up to MAX into OUT; returns how many there are. */
size_t inv_pool_peers(const struct inventory *inv, const struct inv_host *h,
		      const struct inv_pool *p, const struct inv_host **out, size_t max);

/* How the other hosts reach host H (engine/inventory_peer.c).  Over SSH:
 * the config's address, else the host name the tool's own SSH session
 * resolved through ~/.ssh/config (an alias means nothing on the hosts),
 * else its name; the configured user, else the resolved one (NULL: none);
 * the configured port, else a resolved one other than 22 (0: ssh's own). */
struct inventory_peer {
	const char *host;
	const char *user;
	int port;
};
void inventory_peer_ssh(const struct config *cfg, const struct inv_host *h,
			struct inventory_peer *p);
/* Where migration data for H goes: migration_address, else as above. */
const char *inventory_peer_data_address(const struct inv_host *h);

#endif

/* engine/inventory_int.h — what the inventory files share; not for ui/ or src/. */
#ifndef VIRT_MIGRATE_INVENTORY_INT_H
#define VIRT_MIGRATE_INVENTORY_INT_H

#include <libvirt/libvirt.h>

#include "engine.h"
#include "virterr.h"

/* inventory_uri.c */

/* The libvirt URI of host H: its own uri, else
 * qemu+ssh://[USER@]ADDRESS[:PORT]/system?no_tty=1[&keyfile=IDENTITY],
 * each part escaped.  malloc'd; NULL when out of memory. */
char *inventory_uri_build(const struct config *cfg, const struct config_host *h);
/* URI with "command=COMMAND" (escaped) added: libvirt's ssh command. */
char *inventory_uri_with_command(const char *uri, const char *command);
/* 1 when URI reaches another machine (a host part, or a transport other
 * than unix), 0 for local URIs such as qemu:///system or test:///file. */
int inventory_uri_is_remote(const char *uri);

/* inventory_host.c: hostname, CPU, memory, versions.  Missing facts stay
 * 0/NULL (logged); returns -1 only when out of memory. */
int inventory_host_read(virConnectPtr conn, struct inv_host *ih, struct vm_error *err);
/* Also closes the host's connections (conn, link). */
void inventory_host_clear(struct inv_host *ih);

/* inventory_domcaps.c: domain type, host-model CPU (and its guest CPU
 * definition), host-passthrough, CPU models, from the domain capabilities
 * for ih->arch.  A driver without them leaves the fields empty; -1 only
 * when out of memory. */
int inventory_domcaps_read(virConnectPtr conn, struct inv_host *ih, struct vm_error *err);
void inventory_domcaps_clear(struct inv_host *ih);

struct facts_host;
/* inventory_pool.c: every pool.  LINK (may be NULL) runs findmnt on the host
 * to tell cluster file systems under dir/fs pools, unless CACHED (may be
 * NULL; the caller judged it fresh) knows every such pool's path. */
int inventory_pool_read_all(virConnectPtr conn, struct sshlink *link,
			    struct inv_host *ih, const struct facts_host *cached,
			    struct vm_error *err);
/* 1 when a pool of TYPE is storage other hosts see. */
int inventory_pool_type_shared(const char *type);
/* Ask the host on LINK which file system holds PATH: 1 if a cluster one, 0
 * if not or if it cannot tell (logged).  HOST names it in the log. */
int inventory_pool_path_shared(struct sshlink *link, const char *host, const char *path);
/* The same for N paths in one SSH exec: SHARED[i] for PATHS[i] (0 when unknown). */
void inventory_pool_paths_shared(struct sshlink *link, const char *host,
				 const char *const *paths, size_t n, int *shared);
/* 1 when a file system of FSTYPE (as findmnt prints it) is a cluster one. */
int inventory_pool_fstype_shared(const char *fstype);
void inventory_pool_clear(struct inv_pool *p);

/* inventory_net.c */
int inventory_net_read_all(virConnectPtr conn, struct inv_host *ih, struct vm_error *err);
void inventory_net_clear(struct inv_net *n);

/* inventory_vm.c */
/* The whole top-level <cpu> element of the domain description XML, as
 * written there (malloc'd), or NULL when it has none or out of memory. */
char *inventory_vm_cpu_xml(const char *xml);
int inventory_vm_read_all(virConnectPtr conn, struct inv_host *ih, struct vm_error *err);
void inventory_vm_clear(struct inv_vm *vm);

/* probe_cpu.c: facts->cpu and cpu_detail for VM (on host SRC) on TARGET. */
void probe_cpu(const struct inv_host *src, const struct inv_vm *vm,
	       const struct inv_host *target, struct check_facts *facts);

/* probe_link.c: facts->link, p2p_ok and p2p_error for SRC -> TARGET (two
 * different hosts): from the facts cache while young enough (not with
 * OPT->refresh or inv->opt.refresh), else read on both hosts through their
 * SSH links and cached; the data path measured when OPT->measure_link. */
void probe_link(const struct inventory *inv, const struct probe_options *opt,
		const struct inv_host *src, const struct inv_host *target,
		struct check_facts *facts);

/* snprintf() whose cut is meant: the probes' sentences are cut to their
 * buffers (probe_link.c, probe_measure.c). */
void probe_fill(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* probe_tls.c: H->tls, read once per inventory (threads may ask at once). */
void probe_tls(struct inv_host *h);
/* Both hosts' TLS readiness, read at once, copied into TSRC and TDST. */
void probe_tls_pair(struct inv_host *src, struct inv_host *dst, struct host_tls *tsrc,
		    struct host_tls *tdst);
/* The TLS script's output OUT (changed) into T; ADDR for the sentence. */
void probe_tls_parse(char *out, const char *addr, struct host_tls *t);

/* What one end's script printed (see probe_link.c). */
struct probe_link_out {
	int have_dev;
	char dev[64];
	int mbit;		/* 0: the host does not say */
	char via[64];		/* "" or the port whose speed it is */
	char route_err[160];
	int have_rtt;
	double rtt_ms;
	char rtt_how[24];
	char rtt_err[160];
	int have_p2p;
	int p2p_status;
	char p2p_err[200];
};
/* Parse the script's output OUT (changed in place) into *O (zeroed first). */
void probe_link_parse(char *out, struct probe_link_out *o);
/* Average of "... min/avg/max[/mdev] = A/B/C[/D] ms" in PING's output (iputils
 * or busybox) into *ms; 0, or -1 when there is no such line. */
int probe_link_parse_ping(const char *ping, double *ms);

#endif

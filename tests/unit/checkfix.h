/* tests/unit/checkfix.h — a small world built in memory for the checks.
 *
 * fx_new() makes three reachable Intel hosts a, b, c (config cluster "lab",
 * EVC off, 10 Gbit/s links) with 32 GiB of memory (24 GiB free), QEMU 8.2.0,
 * libvirt 9.0.0, the CPU models Conroe..Broadwell usable (Skylake-Server
 * listed, not usable), a shared pool "shared" (/srv/vm: 1000 GiB, 500 free),
 * a local pool "local" (/var/lib/libvirt/images: 200 GiB, 100 free) and the
 * network "default".  VM "vm1" runs on a: custom CPU Nehalem, 2 GiB, disk vda
 * (qcow2 on "shared", 20 GiB, 5 allocated), a NIC on "default".  The plan
 * moves vm1 to b (compute only); the facts say CPU superset, 1 ms, 9 Gbit/s,
 * peer-to-peer path fine.  That plan yields no error and no warning: each
 * test breaks one thing and looks for its code.
 */
#ifndef VIRT_MIGRATE_CHECKFIX_H
#define VIRT_MIGRATE_CHECKFIX_H

#include "../../engine/engine.h"

#define FX_GIB (1024ULL * 1024 * 1024)

struct fx {
	struct config cfg;
	struct inventory inv;
	struct plan plan;
	struct check_facts facts;
	const struct check_facts *use_facts;	/* &facts, or NULL */
	struct findings out;
	char **strs;		/* every string below, freed by fx_free() */
	size_t nstrs;
};

struct fx *fx_new(void);
void fx_free(struct fx *f);
/* A copy of S owned by F (NULL stays NULL). */
char *fx_s(struct fx *f, const char *s);

struct inv_host *fx_host(struct fx *f, const char *name);
struct config_cluster *fx_cluster(struct fx *f);
struct inv_vm *fx_vm(struct fx *f, const char *name);
/* A running, persistent VM of 1 GiB with no disk and no NIC. */
struct inv_vm *fx_add_vm(struct fx *f, const char *host, const char *name);
/* A file disk of POOL (may be NULL) at PATH, qcow2, sizes in GiB. */
struct inv_disk *fx_add_disk(struct fx *f, struct inv_vm *vm, const char *target,
			     const char *pool, const char *path, unsigned long long cap_gib,
			     unsigned long long alloc_gib);
struct inv_nic *fx_add_nic(struct fx *f, struct inv_vm *vm, const char *network,
			   const char *bridge);
/* An active pool; sizes in GiB. */
struct inv_pool *fx_add_pool(struct fx *f, const char *host, const char *name,
			     const char *path, int shared, unsigned long long cap_gib,
			     unsigned long long avail_gib);
struct inv_net *fx_add_net(struct fx *f, const char *host, const char *name, int active);
/* Set (or add) CPU model NAME of HOST. */
void fx_cpu_model(struct fx *f, const char *host, const char *name, const char *vendor,
		  int usable);
/* Drop every CPU model of HOST. */
void fx_no_cpu_models(struct fx *f, const char *host);

/* Replace the plan: VM, kind, target (NULL for none). */
void fx_plan(struct fx *f, const char *vm, enum plan_kind kind, const char *target);
void fx_plan_datastore(struct fx *f, const char *datastore);

/* Evaluate the plan afresh; returns the number of errors. */
size_t fx_run(struct fx *f);
/* Severity of the first finding CODE, or -1 when absent. */
int fx_sev(const struct fx *f, const char *code);
size_t fx_count(const struct fx *f, const char *code);
/* The first finding CODE, or NULL. */
const struct finding *fx_get(const struct fx *f, const char *code);
/* Print the findings on stderr when CHECKFIX_DUMP is set (debugging). */
void fx_dump(const struct fx *f);

#define FX_HAS(f, code, sev) CU_ASSERT_EQUAL(fx_sev((f), (code)), (int)(sev))
#define FX_LACKS(f, code) CU_ASSERT_EQUAL(fx_sev((f), (code)), -1)

#endif

/* engine/probe_mem.h — how much of a running VM's memory a live move's
 * first pass would send (engine/probe_mem.c): the guest's pages that are
 * resident on the source, read without a migration.  A page the guest never
 * touched is not resident and travels as a zero page (a few bytes), so the
 * resident part of the guest's RAM is what the first pass sends in full.
 * Not part of engine/engine.h: the forecast (engine/forecast_plan.c) reads
 * it while the dirty rate is sampled.
 *
 * In order: the resident size of the QEMU mapping that holds the guest's RAM
 * (the one mapping of exactly the RAM's size in /proc/PID/smaps, PID from
 * libvirt's pid file, read over the host's SSH link); else QEMU's resident
 * memory as libvirt reports it (VIR_DOMAIN_MEMORY_STAT_RSS: the process's
 * own memory too -- under TCG its code cache -- so only a figure below the
 * RAM says anything); capped at the RAM.  Unknown with the reason else. */
#ifndef VIRT_MIGRATE_PROBE_MEM_H
#define VIRT_MIGRATE_PROBE_MEM_H

struct inv_host;

struct probe_mem {
	unsigned long long bytes;	/* to send in the first pass; 0 unknown */
	const char *from;		/* "resident", "QEMU resident"; NULL */
	char why[256];			/* why unknown, or "" */
};

/* VM's memory to send from HOST (its libvirt connection open; its SSH link
 * when it has one), its RAM being RAM_BYTES: OUT. */
void probe_mem(struct inv_host *host, const char *vm, unsigned long long ram_bytes,
	       struct probe_mem *out);

/* The resident kB of the mapping of exactly RAM_KIB kB in SMAPS (the text of
 * /proc/PID/smaps): -1 when there is no such mapping or more than one. */
long long probe_mem_smaps(const char *smaps, unsigned long long ram_kib);

#endif

/* engine/probe.h — facts probed for one plan (engine/probe*.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_PROBE_H
#define VIRT_MIGRATE_PROBE_H

#include "inventory.h"

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

#endif

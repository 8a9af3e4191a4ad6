/* engine/probe_limits.h — what a target host takes at once: its sshd's
 * MaxStartups and libvirt's migration port range (engine/probe_limits.c).
 * Asked by the batch runner (engine/batch_limits.c) and the checks
 * (engine/checks_limits.c). */
#ifndef VIRT_MIGRATE_PROBE_LIMITS_H
#define VIRT_MIGRATE_PROBE_LIMITS_H

struct config;
struct config_host;
struct inv_host;

/* Where a figure came from, for the operator to judge it. */
enum limit_origin {
	LIMIT_FROM_DEFAULT,	/* neither the config nor the host said */
	LIMIT_FROM_CONFIG,	/* ssh_max_startups / migration_ports */
	LIMIT_FROM_HOST,	/* read on the host (sshd, qemu.conf) */
	LIMIT_FROM_COUNT
};

struct host_limits {
	int max_startups;	/* SSH connections sshd lets be unauthenticated at
				 * once (MaxStartups' first number) */
	int port_min, port_max;	/* libvirt's migration port range */
	enum limit_origin startups_from, ports_from;
};

/* H's limits as the config says them (its section, else [defaults]), the
 * built-in defaults (CONFIG_SSH_MAX_STARTUPS_DEFAULT, 49152-49215) for what
 * it does not say.  No I/O: for the checks. */
void probe_limits_config(const struct config *cfg, const struct config_host *h,
			 struct host_limits *out);
/* The same, and what the config does not say read on host H over its SSH
 * link, with one command: sshd's effective MaxStartups (sshd -T, else the
 * first MaxStartups of /etc/ssh/sshd_config.d/NAME.conf and sshd_config) and
 * migration_port_min/max of /etc/libvirt/qemu.conf.  Never fails: what
 * cannot be read (no link, no root, no file) keeps the default. */
void probe_limits_host(const struct config *cfg, const struct inv_host *h,
		       struct host_limits *out);
/* Read the probe's lines ("maxstartups 10:30:100", "maxstartups default",
 * "migration_port_min 49152", "migration_port_max 49215", "qemu-conf" for a
 * readable qemu.conf) into OUT: what they say, marked LIMIT_FROM_HOST; the
 * rest of OUT is left as it is. */
void probe_limits_parse(const char *text, struct host_limits *out);
/* How many ports the range of L holds (0 for an empty one). */
unsigned probe_limits_ports(const struct host_limits *l);
/* "ssh_max_startups in the config", "read from its sshd", "sshd's default"
 * and the like: where L's MaxStartups / port range came from. */
const char *probe_limits_startups_origin(const struct host_limits *l);
const char *probe_limits_ports_origin(const struct host_limits *l);

#endif

/* config/config.h — the settings and inventory file: INI in, structs out.
 *
 * Knows neither curses nor libvirt.  Every error names the file, the line and
 * what was expected.  Unknown sections and keys are errors.
 */
#ifndef VIRT_MIGRATE_CONFIG_H
#define VIRT_MIGRATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct stat;

#define CONFIG_ERR_MAX 512
#define CONFIG_FACTS_TTL_DEFAULT 300	/* seconds */
/* What a host takes at once when neither the config nor the host says
 * (engine/probe_limits.c): sshd's MaxStartups 10:30:100 (10 connections
 * may be unauthenticated at once before sshd starts dropping new ones), and
 * libvirt's migration port range of qemu.conf (migration_port_min/max). */
#define CONFIG_SSH_MAX_STARTUPS_DEFAULT 10
#define CONFIG_MIGRATION_PORT_MIN_DEFAULT 49152
#define CONFIG_MIGRATION_PORT_MAX_DEFAULT 49215
#define CONFIG_SSH_MAX_STARTUPS_MAX 10000

/* A range of TCP ports, both ends included; 0-0 is "not said". */
struct config_port_range {
	int min, max;
};

enum config_evc_mode {
	CONFIG_EVC_OFF,		/* no baseline: CPUs are compared host to host */
	CONFIG_EVC_AUTO,	/* highest baseline every host of the cluster supports */
	CONFIG_EVC_MODEL,	/* a named QEMU CPU model, in evc_model */
	CONFIG_EVC_COUNT
};

struct config_defaults {
	char *ssh_user;		/* NULL: from ~/.ssh/config, else the local user */
	int ssh_port;		/* 0: from ~/.ssh/config, else 22 */
	char *ssh_identity;	/* NULL: agent and default keys */
	char *known_hosts;	/* NULL: ~/.ssh/known_hosts */
	double link_gbps;	/* migration link speed; 0: as the hosts report it */
	int connect_timeout;	/* seconds; default 10 */
	int facts_ttl;		/* seconds cached facts are reused; default
				 * CONFIG_FACTS_TTL_DEFAULT, 0: never */
	char *theme;		/* NULL: "default" */
	char *virt_type;	/* "kvm", "qemu" or "auto"/NULL: kvm where it works */
	char *postcopy;		/* "auto"/NULL (not for emulated VMs), "never", "always" */
	char *encrypt;		/* "disabled", "opportunistic" or "required"; NULL:
				 * opportunistic (see config_encrypt()) */
	int connections;	/* parallel migration streams of a live move; 0:
				 * not said (1; see config_connections()) */
	char *compress;		/* "none", "xbzrle", "mt", "zlib" or "zstd"; NULL:
				 * none (see config_compress()) */
	int allow_unsafe_uri;	/* 1: yes, -1: no, 0: not said (no) */
	int ssh_max_startups;	/* the hosts' sshd MaxStartups (its first number);
				 * 0: not said (the host's sshd_config, else 10) */
	struct config_port_range migration_ports; /* the hosts' libvirt migration
				 * port range; 0-0: not said (qemu.conf, else
				 * 49152-49215) */
};

/* A host whose uri goes over SSH (qemu+ssh://USER@HOST:PORT/...?keyfile=K&
 * known_hosts=F) gives the tool's own SSH session the same user, host,
 * port, key and known_hosts, for each one its section does not set: one
 * address reaches both legs.  These bits say which came from the uri. */
#define CONFIG_FROM_URI_ADDRESS 1u
#define CONFIG_FROM_URI_USER 2u
#define CONFIG_FROM_URI_PORT 4u
#define CONFIG_FROM_URI_IDENTITY 8u
#define CONFIG_FROM_URI_KNOWN_HOSTS 16u

struct config_host {
	char *name;		/* section name: [host NAME] */
	char *address;		/* SSH host name or address; default NAME */
	int address_is_name;	/* 1: address was not set (nor in uri): NAME */
	char *uri;		/* libvirt URI; NULL: built from the SSH settings */
	char *ssh_user;		/* NULL: the default */
	int ssh_port;		/* 0: the default */
	char *ssh_identity;	/* NULL: the default */
	char *known_hosts;	/* NULL: the default */
	char *migration_address; /* NULL: address */
	double link_gbps;	/* 0: the default */
	char *cluster;		/* NULL: in no cluster */
	char *virt_type;	/* NULL: the default */
	int allow_unsafe_uri;	/* 1: yes, -1: no, 0: not said (the default's) */
	unsigned from_uri;	/* CONFIG_FROM_URI_*: settings taken from uri */
	int ssh_max_startups;	/* 0: the default */
	struct config_port_range migration_ports; /* 0-0: the default */
	int line;		/* line of the section header */
};

struct config_cluster {
	char *name;
	char **hosts;		/* names of member hosts (both ways of joining merged) */
	size_t nhosts;
	enum config_evc_mode evc;
	char *evc_model;	/* when evc == CONFIG_EVC_MODEL */
	int line;
};

struct config {
	char *path;		/* file it was read from; "<string>" for strings */
	struct config_defaults defaults;
	struct config_host *hosts;
	size_t nhosts;
	struct config_cluster *clusters;
	size_t nclusters;
};

/* Parse FILE into *cfg.  Returns 0, or -1 with a one-line message in err
 * ("FILE:LINE: what is wrong; what to do"). *cfg is empty after failure.
 * Only a regular file of at most 1 MiB of UTF-8 text is read: a symbolic
 * link (as the last part of FILE), a directory, a FIFO, a socket or a device,
 * a larger file, a NUL byte, a control character other than blanks, or bytes
 * that are not UTF-8 are refused, and so is a file writable by its group or
 * by others, or owned by another user than the invoking one or root (see
 * config_check_file_owner()).  A host's uri that makes libvirt skip or loosen
 * its check of the host (config_uri_unsafe()) is refused unless
 * allow_unsafe_uri = yes holds for that host. */
int config_load(const char *path, struct config *cfg, char *err, size_t errlen);

/* Same, from a string in memory (NAME is used in messages). */
int config_load_string(const char *text, const char *name, struct config *cfg,
		       char *err, size_t errlen);

/* Same, from LEN bytes at TEXT (which may hold NUL bytes: they are refused,
 * as in a file; no terminating NUL needed).  At most 1 MiB, as for files. */
int config_load_buffer(const char *text, size_t len, const char *name, struct config *cfg,
		       char *err, size_t errlen);

/* The file used when no -c is given: $XDG_CONFIG_HOME/virt-migrate/config.ini
 * (or ~/.config/...) if it exists, else /etc/virt-migrate/config.ini if it
 * exists.  Returns a malloc'd path, or NULL when neither exists; in that case
 * err names both places looked at. */
char *config_find_default(char *err, size_t errlen);
/* The per-user config path ($XDG_CONFIG_HOME/virt-migrate/config.ini, else
 * ~/.config/virt-migrate/config.ini), malloc'd; NULL when neither variable
 * is set. */
char *config_user_path(void);
/* Host and cluster names: [A-Za-z0-9][A-Za-z0-9._-]*, at most
 * CONFIG_NAME_MAX_LEN characters. */
#define CONFIG_NAME_MAX_LEN	63
bool config_valid_name(const char *s);

/* 0 when the file with status ST (of PATH) may be trusted: owned by the
 * invoking user or root and writable by neither its group nor others, as
 * ssh wants for its configuration.  Else -1 with err naming PATH, what is
 * wrong and the command that fixes it (chmod go-w PATH, or chown). */
int config_check_file_owner(const char *path, const struct stat *st, char *err, size_t errlen);

/* 1 when the libvirt URI makes libvirt skip or loosen its check of which
 * host answers: the transports ext and tcp, the parameters no_verify (other
 * than 0), known_hosts_verify (other than normal), known_hosts and command
 * (names in any case, %XX decoded, '&' or ';' between them).  WHAT then says
 * which and why ("sets no_verify=1, which ..."); 0 otherwise. */
int config_uri_unsafe(const char *uri, char *what, size_t len);

const struct config_host *config_host_find(const struct config *cfg, const char *name);
const struct config_cluster *config_cluster_find(const struct config *cfg, const char *name);

/* Effective values for a host: its own, else [defaults], else built-in. */
const char *config_host_user(const struct config *cfg, const struct config_host *h);
int config_host_port(const struct config *cfg, const struct config_host *h);
/* H's known_hosts, else [defaults] known_hosts, else NULL (~/.ssh/known_hosts). */
const char *config_host_known_hosts(const struct config *cfg, const struct config_host *h);
const char *config_host_identity(const struct config *cfg, const struct config_host *h);
/* The operator's word on the host's migration link: its link_gbps, else
 * [defaults] link_gbps, else 0 (not said: the host's interface tells). */
double config_host_link_gbps(const struct config *cfg, const struct config_host *h);
const char *config_host_migration_address(const struct config_host *h);
/* The operator's word on how many SSH connections H's sshd lets start at
 * once (MaxStartups): its ssh_max_startups, else [defaults]
 * ssh_max_startups, else 0 (not said: the host's sshd_config tells, else
 * CONFIG_SSH_MAX_STARTUPS_DEFAULT; engine/probe_limits.c). */
int config_host_ssh_max_startups(const struct config *cfg, const struct config_host *h);
/* The operator's word on H's libvirt migration port range: its
 * migration_ports, else [defaults] migration_ports, else 0-0 (not said:
 * the host's qemu.conf tells, else CONFIG_MIGRATION_PORT_MIN/MAX_DEFAULT). */
struct config_port_range config_host_migration_ports(const struct config *cfg,
						     const struct config_host *h);
/* The domain type the host's VMs use ("kvm" or "qemu"), or NULL for auto. */
const char *config_host_virt_type(const struct config *cfg, const struct config_host *h);

/* Whether the operator accepts a uri config_uri_unsafe() refuses for H: its
 * allow_unsafe_uri, else [defaults] allow_unsafe_uri, else no. */
int config_host_allow_unsafe_uri(const struct config *cfg, const struct config_host *h);
/* The encrypt setting of [defaults]: "disabled", "opportunistic" (when not
 * given) or "required", the words plan_encrypt_parse() reads. */
const char *config_encrypt(const struct config *cfg);
/* The connections setting of [defaults]: 1 to CONFIG_CONNECTIONS_MAX (1 when
 * not given). */
#define CONFIG_CONNECTIONS_MAX 16
int config_connections(const struct config *cfg);
/* The compress setting of [defaults]: "none" (when not given), "xbzrle",
 * "mt", "zlib" or "zstd", the words plan_compress_parse() reads. */
const char *config_compress(const struct config *cfg);

void config_free(struct config *cfg);

/* Length of the well-formed UTF-8 sequence at S (at most N bytes), or 0
 * (overlong forms, surrogates and code points past U+10FFFF are refused). */
size_t config_utf8_len(const unsigned char *s, size_t n);

#endif

/* engine/probe_limits.c — what a target host takes at once.
 *
 * Two figures decide how many moves may run into one host without any of
 * them failing for want of a slot:
 *   - sshd's MaxStartups (10:30:100 by default): past its first number of
 *     unauthenticated connections at once, sshd drops new ones, and the
 *     source libvirtd's qemu+ssh connection of a peer-to-peer migration
 *     fails;
 *   - libvirt's migration port range (migration_port_min/max of qemu.conf,
 *     49152-49215 by default): each incoming migration holds ports of it.
 * The operator's word (ssh_max_startups, migration_ports) wins; what it
 * does not say is read on the host, with one command over the tool's SSH
 * link; what cannot be read there keeps the default. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "probe_limits.h"

/* Prints what it finds, and nothing for what it cannot read (sshd -T
 * wants root and the host keys; qemu.conf is often readable by root only). */
static const char limits_script[] =
	"first() { awk 'tolower($1) == \"maxstartups\" { print $2; exit }'; }\n"
	"ms=$( { sshd -T || /usr/sbin/sshd -T; } 2>/dev/null </dev/null | first)\n"
	"if [ -z \"$ms\" ]; then\n"
	"\tms=$(cat /etc/ssh/sshd_config.d/" "*.conf /etc/ssh/sshd_config 2>/dev/null | first)\n"
	"\t[ -z \"$ms\" ] && [ -r /etc/ssh/sshd_config ] && ms=default\n"
	"fi\n"
	"[ -n \"$ms\" ] && printf 'maxstartups %s\\n' \"$ms\"\n"
	"c=/etc/libvirt/qemu.conf\n"
	"if [ -r \"$c\" ]; then\n"
	"\techo qemu-conf\n"
	"\tsed -n 's/^[[:space:]]*\\(migration_port_m[ai][nx]\\)[[:space:]]*=[[:space:]]*"
	"\\([0-9][0-9]*\\).*/\\1 \\2/p' \"$c\"\n"
	"fi\n"
	"exit 0\n";

void probe_limits_config(const struct config *cfg, const struct config_host *h,
			 struct host_limits *out)
{
	int startups = config_host_ssh_max_startups(cfg, h);
	struct config_port_range ports = config_host_migration_ports(cfg, h);

	out->max_startups = startups > 0 ? startups : CONFIG_SSH_MAX_STARTUPS_DEFAULT;
	out->startups_from = startups > 0 ? LIMIT_FROM_CONFIG : LIMIT_FROM_DEFAULT;
	if (ports.max > 0) {
		out->port_min = ports.min;
		out->port_max = ports.max;
		out->ports_from = LIMIT_FROM_CONFIG;
	} else {
		out->port_min = CONFIG_MIGRATION_PORT_MIN_DEFAULT;
		out->port_max = CONFIG_MIGRATION_PORT_MAX_DEFAULT;
		out->ports_from = LIMIT_FROM_DEFAULT;
	}
}

/* A whole number from 1 to MAX at the start of S (digits only), else -1. */
static long leading_number(const char *s, long max)
{
	long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n > max)
			return -1;
	}
	return n >= 1 ? n : -1;
}

void probe_limits_parse(const char *text, struct host_limits *out)
{
	long min = -1, max = -1;
	int qemu_conf = 0;

	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[128];

		snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1),
			 line);
		line = end ? end + 1 : line + len;
		if (strncmp(buf, "maxstartups ", 12) == 0) {
			long n = strcmp(buf + 12, "default") == 0 ? CONFIG_SSH_MAX_STARTUPS_DEFAULT
				 : leading_number(buf + 12, CONFIG_SSH_MAX_STARTUPS_MAX);

			if (n > 0) {
				out->max_startups = (int)n;
				out->startups_from = LIMIT_FROM_HOST;
			}
		} else if (strcmp(buf, "qemu-conf") == 0) {
			qemu_conf = 1;
		} else if (strncmp(buf, "migration_port_min ", 19) == 0) {
			min = leading_number(buf + 19, 65535);
		} else if (strncmp(buf, "migration_port_max ", 19) == 0) {
			max = leading_number(buf + 19, 65535);
		}
	}
	if (!qemu_conf)
		return;
	/* libvirt's own defaults for what qemu.conf leaves out */
	if (min < 0)
		min = CONFIG_MIGRATION_PORT_MIN_DEFAULT;
	if (max < 0)
		max = CONFIG_MIGRATION_PORT_MAX_DEFAULT;
	if (min > max)
		return;		/* libvirtd refuses to start so; nothing to learn */
	out->port_min = (int)min;
	out->port_max = (int)max;
	out->ports_from = LIMIT_FROM_HOST;
}

void probe_limits_host(const struct config *cfg, const struct inv_host *h,
		       struct host_limits *out)
{
	const char *argv[] = { "sh", "-c", limits_script, NULL };
	struct host_limits seen;
	struct vm_error err;
	char *text = NULL;
	int status = -1;

	probe_limits_config(cfg, h ? h->cfg : NULL, out);
	if (!h || !h->reachable || !h->link ||
	    (out->startups_from == LIMIT_FROM_CONFIG && out->ports_from == LIMIT_FROM_CONFIG))
		return;
	seen = *out;
	if (sshlink_exec(h->link, argv, &text, &status, &err) == 0 && status == 0 && text)
		probe_limits_parse(text, &seen);
	else
		engine_log("probe: limits of '%s' not read (%s); the defaults hold.", h->cfg->name,
			   status > 0 ? "the script failed" : err.message);
	free(text);
	if (out->startups_from != LIMIT_FROM_CONFIG && seen.startups_from == LIMIT_FROM_HOST) {
		out->max_startups = seen.max_startups;
		out->startups_from = LIMIT_FROM_HOST;
	}
	if (out->ports_from != LIMIT_FROM_CONFIG && seen.ports_from == LIMIT_FROM_HOST) {
		out->port_min = seen.port_min;
		out->port_max = seen.port_max;
		out->ports_from = LIMIT_FROM_HOST;
	}
	engine_log("probe: limits of '%s': MaxStartups %d (%s), migration ports %d-%d (%s).",
		   h->cfg->name, out->max_startups, probe_limits_startups_origin(out),
		   out->port_min, out->port_max, probe_limits_ports_origin(out));
}

unsigned probe_limits_ports(const struct host_limits *l)
{
	return l->port_max >= l->port_min ? (unsigned)(l->port_max - l->port_min + 1) : 0;
}

const char *probe_limits_startups_origin(const struct host_limits *l)
{
	switch (l->startups_from) {
	case LIMIT_FROM_CONFIG:
		return "ssh_max_startups in the config";
	case LIMIT_FROM_HOST:
		return "read from its sshd";
	default:
		return "sshd's default";
	}
}

const char *probe_limits_ports_origin(const struct host_limits *l)
{
	switch (l->ports_from) {
	case LIMIT_FROM_CONFIG:
		return "migration_ports in the config";
	case LIMIT_FROM_HOST:
		return "read from its qemu.conf";
	default:
		return "libvirt's default";
	}
}

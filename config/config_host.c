/* config/config_host.c — a host's effective settings: its own value, else
 * the one of [defaults], else the built-in one. */
#include "config_int.h"

#include <string.h>

/* OWN when set, else DFLT: for the strings, where NULL means not said. */
static const char *own_or(const char *own, const char *dflt)
{
	return own ? own : dflt;
}

/* The first of OWN and DFLT above 0, else BUILTIN: for the numbers, where 0
 * means not said. */
static double first_positive(double own, double dflt, double builtin)
{
	return own > 0.0 ? own : dflt > 0.0 ? dflt : builtin;
}

const struct config_host *config_host_find(const struct config *cfg, const char *name)
{
	if (!cfg)
		return NULL;
	return config_find_named(cfg->hosts, cfg->nhosts, sizeof(*cfg->hosts),
				 offsetof(struct config_host, name), name);
}

const char *config_host_user(const struct config *cfg, const struct config_host *h)
{
	return own_or(h ? h->ssh_user : NULL, cfg ? cfg->defaults.ssh_user : NULL);
}

int config_host_port(const struct config *cfg, const struct config_host *h)
{
	return (int)first_positive(h ? h->ssh_port : 0, cfg ? cfg->defaults.ssh_port : 0, 22);
}

const char *config_host_identity(const struct config *cfg, const struct config_host *h)
{
	return own_or(h ? h->ssh_identity : NULL, cfg ? cfg->defaults.ssh_identity : NULL);
}

const char *config_host_known_hosts(const struct config *cfg, const struct config_host *h)
{
	return own_or(h ? h->known_hosts : NULL, cfg ? cfg->defaults.known_hosts : NULL);
}

double config_host_link_gbps(const struct config *cfg, const struct config_host *h)
{
	return first_positive(h ? h->link_gbps : 0.0, cfg ? cfg->defaults.link_gbps : 0.0, 0.0);
}

int config_host_ssh_max_startups(const struct config *cfg, const struct config_host *h)
{
	return (int)first_positive(h ? h->ssh_max_startups : 0,
				   cfg ? cfg->defaults.ssh_max_startups : 0, 0);
}

struct config_port_range config_host_migration_ports(const struct config *cfg,
						     const struct config_host *h)
{
	struct config_port_range none = { 0, 0 };

	if (h && h->migration_ports.max > 0)
		return h->migration_ports;
	if (cfg && cfg->defaults.migration_ports.max > 0)
		return cfg->defaults.migration_ports;
	return none;
}

const char *config_host_migration_address(const struct config_host *h)
{
	if (!h)
		return NULL;
	return own_or(h->migration_address, own_or(h->address, h->name));
}

const char *config_host_virt_type(const struct config *cfg, const struct config_host *h)
{
	const char *v = own_or(h ? h->virt_type : NULL, cfg ? cfg->defaults.virt_type : NULL);

	if (!v || strcmp(v, "auto") == 0)
		return NULL;
	return v;
}

int config_host_allow_unsafe_uri(const struct config *cfg, const struct config_host *h)
{
	if (h && h->allow_unsafe_uri)
		return h->allow_unsafe_uri > 0;
	return cfg && cfg->defaults.allow_unsafe_uri > 0;
}

/* engine/inventory_peer.c — how the hosts reach each other: the SSH
 * destination one host uses for another (peer-to-peer migration, disk
 * copies, link probes) and the address migration data goes to.  A name that
 * only the operator's ~/.ssh/config knows (an alias, a HostName, a Port)
 * means nothing on the hosts: what the tool's own SSH session resolved it
 * to is used instead, unless the config says otherwise. */
#include "inventory.h"

static const char *own_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

/* The address the config gives (address, or the uri's host), or NULL. */
static const char *given_address(const struct config_host *c)
{
	return c->address_is_name ? NULL : c->address;
}

void inventory_peer_ssh(const struct config *cfg, const struct inv_host *h,
			struct inventory_peer *p)
{
	const struct config_host *c = h->cfg;

	p->host = own_or(given_address(c), own_or(h->ssh_host, c->name));
	p->user = own_or(config_host_user(cfg, c), h->ssh_user);
	if (c->ssh_port > 0 || (cfg && cfg->defaults.ssh_port > 0))
		p->port = config_host_port(cfg, c);
	else if (h->ssh_port > 0 && h->ssh_port != 22)
		p->port = (int)h->ssh_port;
	else
		p->port = 0;
}

const char *inventory_peer_data_address(const struct inv_host *h)
{
	const struct config_host *c = h->cfg;

	return own_or(c->migration_address, own_or(given_address(c), own_or(h->ssh_host, c->name)));
}

/* config/config_check.c — checks across sections, once the whole text is
 * read: cluster membership both ways, URIs that loosen the host check, and
 * the values filled in rather than left to the accessors.  Each check may
 * find several problems; config_parse_fail() keeps the one nearest the top
 * of the file. */
#include "config_int.h"

#include <stdlib.h>
#include <string.h>

static void out_of_memory(struct config_parser *p)
{
	config_parse_fail(p, 0, "out of memory");
}

/* Hosts that name a cluster themselves: the cluster must exist.  JOINED gets
 * the line that put each host in its cluster, for messages. */
static void check_host_clusters(struct config_parser *p, int *joined)
{
	struct config *cfg = p->cfg;

	for (size_t i = 0; i < cfg->nhosts; i++) {
		const struct config_host *h = &cfg->hosts[i];

		if (!h->cluster)
			continue;
		joined[i] = config_section_key_line(p, CONFIG_SEC_HOST, i, "cluster");
		if (!config_cluster_find(cfg, h->cluster))
			config_parse_fail(p, joined[i], "cluster '%s' of [host %s] is not "
					  "defined; add a [cluster %s] section or correct the "
					  "name", h->cluster, h->name, h->cluster);
	}
}

/* Hosts a cluster lists: each must have a [host] section, and join that
 * cluster unless it is already in another one (refused). */
static void check_cluster_hosts(struct config_parser *p, int *joined)
{
	struct config *cfg = p->cfg;

	for (size_t ci = 0; ci < cfg->nclusters; ci++) {
		const struct config_cluster *c = &cfg->clusters[ci];
		int line = config_section_key_line(p, CONFIG_SEC_CLUSTER, ci, "hosts");

		for (size_t j = 0; j < c->nhosts; j++) {
			const struct config_host *found = config_host_find(cfg, c->hosts[j]);

			if (!found) {
				config_parse_fail(p, line, "hosts in [cluster %s] names '%s', "
						  "which has no [host %s] section; add one or "
						  "remove the name", c->name, c->hosts[j],
						  c->hosts[j]);
				continue;
			}
			size_t hi = (size_t)(found - cfg->hosts);
			struct config_host *h = &cfg->hosts[hi];
			if (!h->cluster) {
				h->cluster = strdup(c->name);
				if (!h->cluster) {
					config_parse_fail(p, line, "out of memory");
					break;
				}
				joined[hi] = line;
			} else if (strcmp(h->cluster, c->name) != 0) {
				config_parse_fail(p, line, "hosts in [cluster %s] names '%s', "
						  "which is already in cluster '%s' (line %d); a "
						  "host belongs to one cluster only", c->name,
						  h->name, h->cluster, joined[hi]);
			}
		}
	}
}

/* Each cluster's members, in the order of the [host] sections. */
static void list_members(struct config_parser *p)
{
	struct config *cfg = p->cfg;

	for (size_t ci = 0; ci < cfg->nclusters; ci++) {
		struct config_cluster *c = &cfg->clusters[ci];
		char **members = calloc(cfg->nhosts + 1, sizeof(*members));
		size_t n = 0;

		if (!members) {
			out_of_memory(p);
			return;
		}
		for (size_t i = 0; i < cfg->nhosts; i++) {
			if (!cfg->hosts[i].cluster || strcmp(cfg->hosts[i].cluster, c->name))
				continue;
			members[n] = strdup(cfg->hosts[i].name);
			if (!members[n]) {
				config_free_list(members, n);
				out_of_memory(p);
				return;
			}
			n++;
		}
		config_free_list(c->hosts, c->nhosts);
		c->hosts = members;
		c->nhosts = n;
	}
}

/* Joins hosts and clusters both ways, then lists each cluster's members. */
static void check_membership(struct config_parser *p)
{
	/* Line that put each host in its cluster, for messages. */
	int *joined = calloc(p->cfg->nhosts + 1, sizeof(*joined));

	if (!joined) {
		out_of_memory(p);
		return;
	}
	check_host_clusters(p, joined);
	check_cluster_hosts(p, joined);
	free(joined);
	if (!config_parse_failed(p))
		list_members(p);
}

/* A host's uri that weakens the host check is refused unless the operator
 * said allow_unsafe_uri = yes for that host or in [defaults]. */
static void check_uris(struct config_parser *p)
{
	struct config *cfg = p->cfg;
	char what[CONFIG_ERR_MAX / 2];

	for (size_t i = 0; i < cfg->nhosts; i++) {
		const struct config_host *h = &cfg->hosts[i];

		if (!h->uri || config_host_allow_unsafe_uri(cfg, h) ||
		    !config_uri_unsafe(h->uri, what, sizeof(what)))
			continue;
		config_parse_fail(p, config_section_key_line(p, CONFIG_SEC_HOST, i, "uri"),
				  "uri of [host %s] %s; remove that from the uri, or add "
				  "'allow_unsafe_uri = yes' to [host %s] if you accept the risk",
				  h->name, what, h->name);
	}
}

/* *FIELD = *PART when the section did not set FIELD (the part is taken). */
static void take(char **field, char **part, unsigned *from, unsigned bit)
{
	if (*field || !*part)
		return;
	*field = *part;
	*part = NULL;
	*from |= bit;
}

/* An SSH uri gives the tool's own session what its section leaves unset:
 * the same user, host, port, key and known_hosts as libvirt's leg. */
static void fill_from_uri(struct config_parser *p, size_t i)
{
	struct config_host *h = &p->cfg->hosts[i];
	struct config_uri_ssh u;
	int r = config_uri_ssh(h->uri, &u);

	if (r < 0) {
		out_of_memory(p);
		return;
	}
	if (r == 0)
		return;
	if (u.port < 0) {
		config_parse_fail(p, config_section_key_line(p, CONFIG_SEC_HOST, i, "uri"),
				  "uri of [host %s] names a port that is not 1 to 65535; fix "
				  "the port after the host name", h->name);
	} else {
		take(&h->address, &u.host, &h->from_uri, CONFIG_FROM_URI_ADDRESS);
		take(&h->ssh_user, &u.user, &h->from_uri, CONFIG_FROM_URI_USER);
		take(&h->ssh_identity, &u.keyfile, &h->from_uri, CONFIG_FROM_URI_IDENTITY);
		take(&h->known_hosts, &u.known_hosts, &h->from_uri, CONFIG_FROM_URI_KNOWN_HOSTS);
		if (!h->ssh_port && u.port > 0) {
			h->ssh_port = u.port;
			h->from_uri |= CONFIG_FROM_URI_PORT;
		}
	}
	config_uri_ssh_free(&u);
}

/* Values that are filled in rather than left for the accessors. */
static void fill_defaults(struct config_parser *p)
{
	struct config *cfg = p->cfg;

	for (size_t i = 0; i < cfg->nhosts && !config_parse_failed(p); i++) {
		struct config_host *h = &cfg->hosts[i];

		if (h->uri)
			fill_from_uri(p, i);
		if (config_parse_failed(p))
			return;
		if (!h->address) {
			h->address_is_name = 1;
			if (!(h->address = strdup(h->name))) {
				out_of_memory(p);
				return;
			}
		}
	}
}

void config_check_sections(struct config_parser *p)
{
	static void (*const checks[])(struct config_parser *) = {
		check_membership, check_uris, fill_defaults,
	};

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (!config_parse_failed(p))
			checks[i](p);
}

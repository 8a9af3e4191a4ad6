/* engine/checks_network.c — each NIC's network on the target host (vCenter's
 * port groups), after the plan's reassignments. */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

/* "default, lab" : the target's networks, for hints. */
static const char *net_list(const struct inv_host *h, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < h->nnets && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
					h->nets[i].name ? h->nets[i].name : "?");
	return buf[0] ? buf : "none";
}

static void check_nic(struct check_ctx *c, const struct inv_nic *nic)
{
	const char *mac = nic->mac ? nic->mac : "?";
	char hint[256], list[160];

	if (!nic->network) {
		if (nic->bridge)
			findings_add(c->out, FINDING_WARNING, "net.bridge-unchecked",
				     checks_fmt(hint, sizeof(hint), "Make sure bridge %s exists "
						"on host %s (ip link show %s).", nic->bridge,
						c->dst_name, nic->bridge),
				     "NIC %s of VM '%s' is on bridge %s, which cannot be checked "
				     "on host %s: libvirt does not list bridges.", mac,
				     c->vm->name, nic->bridge, c->dst_name);
		return;
	}
	const char *to = plan_net_target(c->plan, nic->network);
	const struct inv_net *net = inv_host_net(c->dst, to);

	if (!net)
		findings_add(c->out, FINDING_ERROR, "net.missing",
			     checks_fmt(hint, sizeof(hint), "Map it with --network %s=TO to one "
					"of host %s's networks: %s.", nic->network, c->dst_name,
					net_list(c->dst, list, sizeof(list))),
			     "NIC %s of VM '%s' needs network '%s', which host %s does not have.",
			     mac, c->vm->name, to, c->dst_name);
	else if (!net->active)
		findings_add(c->out, FINDING_ERROR, "net.inactive",
			     checks_fmt(hint, sizeof(hint), "Start it on %s (virsh net-start "
					"%s) or map the NIC elsewhere with --network %s=TO.",
					c->dst_name, to, nic->network),
			     "Network '%s' of host %s, needed by NIC %s of VM '%s', is not "
			     "active.", to, c->dst_name, mac, c->vm->name);
}

void checks_network(struct check_ctx *c)
{
	for (size_t i = 0; i < c->vm->nnics; i++)
		check_nic(c, &c->vm->nics[i]);
}

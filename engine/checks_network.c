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

/* " (mapped from 'dmz')" when the plan moves NIC off its network, else "". */
static const char *mapped_from(const struct inv_nic *nic, const char *to, char *buf, size_t size)
{
	if (strcmp(to, nic->network) == 0)
		return "";
	snprintf(buf, size, " (mapped from '%s')", nic->network);
	return buf;
}

static void check_nic(struct check_ctx *c, const struct inv_nic *nic)
{
	const char *mac = nic->mac ? nic->mac : "?";
	char hint[512], list[160], via[160], mean[160];

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
	/* the final network, from the NIC's network on the source: the same
	 * one simultaneous map the executors apply */
	const char *to = plan_net_target(c->plan, nic->network);
	const struct inv_net *net = inv_host_net(c->dst, to);

	/* mapped by the plan to a network the target does not have: a name the
	 * operator gave that names nothing there (net.unknown); its own network
	 * missing there is a finding about the host (net.missing) */
	int mapped = strcmp(to, nic->network) != 0;

	if (!net)
		findings_add(c->out, FINDING_ERROR, mapped ? "net.unknown" : "net.missing",
			     checks_fmt(hint, sizeof(hint), "%sMap it with --network %s=TO to one "
					"of host %s's networks: %s.",
					mapped ? checks_suggest_nets(c->dst, to, mean, sizeof(mean))
					: "", nic->network, c->dst_name,
					net_list(c->dst, list, sizeof(list))),
			     "NIC %s of VM '%s' needs network '%s'%s, which host %s does not have.",
			     mac, c->vm->name, to, mapped_from(nic, to, via, sizeof(via)),
			     c->dst_name);
	else if (!net->active)
		findings_add(c->out, FINDING_ERROR, "net.inactive",
			     checks_fmt(hint, sizeof(hint), "Start it on %s (virsh net-start "
					"%s) or map the NIC elsewhere with --network %s=TO.",
					c->dst_name, to, nic->network),
			     "Network '%s' of host %s, needed by NIC %s of VM '%s'%s, is not "
			     "active.", to, c->dst_name, mac, c->vm->name,
			     mapped_from(nic, to, via, sizeof(via)));
}

/* 1 when the plan moves some NIC of the VM to another network. */
static int any_nic_moves(const struct check_ctx *c)
{
	for (size_t i = 0; i < c->vm->nnics; i++) {
		const char *from = c->vm->nics[i].network;

		if (from && strcmp(plan_net_target(c->plan, from), from) != 0)
			return 1;
	}
	return 0;
}

/* The final NIC-to-network table, one line per NIC, when the plan changes
 * any network: what the migration will do, shown before it does it. */
static void report_table(struct check_ctx *c)
{
	if (!any_nic_moves(c))
		return;
	for (size_t i = 0; i < c->vm->nnics; i++) {
		const struct inv_nic *nic = &c->vm->nics[i];
		const char *mac = nic->mac ? nic->mac : "?";

		if (nic->network)
			findings_add(c->out, FINDING_INFO, "net.map", "",
				     "NIC %zu (%s) of VM '%s': network '%s' -> '%s' on host %s.",
				     i + 1, mac, c->vm->name, nic->network,
				     plan_net_target(c->plan, nic->network), c->dst_name);
		else
			findings_add(c->out, FINDING_INFO, "net.map", "",
				     "NIC %zu (%s) of VM '%s': %s%s, unchanged.", i + 1, mac,
				     c->vm->name, nic->bridge ? "bridge " : "not on a network",
				     nic->bridge ? nic->bridge : "");
	}
}

void checks_network(struct check_ctx *c)
{
	for (size_t i = 0; i < c->vm->nnics; i++)
		check_nic(c, &c->vm->nics[i]);
	report_table(c);
}

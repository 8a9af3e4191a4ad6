/* engine/checks.c — checks_evaluate(): every finding for one plan.
 *
 * Pure: reads the inventory, the plan, the probed facts and the
 * configuration, and never performs I/O.  The plan's own coherence is judged
 * here; each other concern is a rule group in its own checks_NAME.c, listed
 * in the table below with what it needs to run.  Every group runs whatever
 * the others found: the user sees every problem at once.  What the groups
 * and this file share is in checks_common.c, which calls neither: the calls
 * go one way, checks.c -> checks_NAME.c -> checks_common.c.
 */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

enum check_need {
	NEED_VM,		/* the VM and its host */
	NEED_TARGET,		/* ... and a reachable target (the source for storage-only) */
	NEED_HOST_CHANGE,	/* ... and a move to another host */
};

static const struct {
	const char *name;
	check_group_fn *fn;
	enum check_need need;
} groups[] = {
	{ "state", checks_state, NEED_VM },
	{ "cpu", checks_cpu, NEED_HOST_CHANGE },
	{ "evc", checks_evc, NEED_HOST_CHANGE },
	{ "hv", checks_hv, NEED_HOST_CHANGE },
	{ "memory", checks_memory, NEED_HOST_CHANGE },
	{ "storage", checks_storage, NEED_TARGET },
	{ "network", checks_network, NEED_HOST_CHANGE },
	{ "link", checks_link, NEED_HOST_CHANGE },
	{ "tls", checks_tls, NEED_HOST_CHANGE },
	{ "streams", checks_streams, NEED_HOST_CHANGE },
	{ "limits", checks_limits, NEED_TARGET },
};

/* ---- names that name nothing ------------------------------------------------- */

/* "Did you mean 'vm1'? " from the VMs of the reachable hosts, or "". */
static const char *suggest_vms(const struct inventory *inv, const char *word, char *buf,
			       size_t size)
{
	struct suggest s;

	suggest_init(&s, word);
	for (size_t h = 0; inv && h < inv->nhosts; h++)
		for (size_t i = 0; inv->hosts[h].reachable && i < inv->hosts[h].nvms; i++)
			suggest_add(&s, inv->hosts[h].vms[i].name);
	return suggest_sentence(&s, buf, size);
}

/* "Did you mean 'b'? " from the configured hosts, or "". */
static const char *suggest_hosts(const struct inventory *inv, const char *word, char *buf,
				 size_t size)
{
	struct suggest s;

	suggest_init(&s, word);
	for (size_t h = 0; inv && h < inv->nhosts; h++)
		suggest_add(&s, checks_host_name(&inv->hosts[h]));
	return suggest_sentence(&s, buf, size);
}

/* "c, d": the hosts that could not be read, into BUF ("" when every one was). */
static const char *unread_hosts(const struct inventory *inv, char *buf, size_t size, size_t *n)
{
	size_t len = 0;

	buf[0] = '\0';
	*n = 0;
	for (size_t h = 0; inv && h < inv->nhosts; h++) {
		if (inv->hosts[h].reachable)
			continue;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						checks_host_name(&inv->hosts[h]));
		(*n)++;
	}
	return buf;
}

/* VM PLAN->vm is on no reachable host: plan.vm-unknown when every host was
 * read (the name names nothing), plan.vm-unseen when some host could not
 * be read (it may be there). */
static void report_vm_unknown(const struct inventory *inv, const struct plan *plan,
			      struct findings *out)
{
	const char *name = plan->vm ? plan->vm : "(none)";
	char mean[160], unread[160], hint[512];
	size_t nunread;

	suggest_vms(inv, name, mean, sizeof(mean));
	unread_hosts(inv, unread, sizeof(unread), &nunread);
	if (!nunread)
		findings_add(out, FINDING_ERROR, "plan.vm-unknown",
			     checks_fmt(hint, sizeof(hint), "%sCheck the name with 'virt-migrate "
					"vms', which lists every VM.", mean),
			     "VM '%s' is on no host of the inventory; every host was read.", name);
	else
		findings_add(out, FINDING_ERROR, "plan.vm-unseen",
			     checks_fmt(hint, sizeof(hint), "%sCheck the name with 'virt-migrate "
					"vms'; a VM on an unreachable host cannot be seen, and "
					"%s %s could not be read.", mean,
					nunread == 1 ? "host" : "hosts", unread),
			     "VM '%s' is on no reachable host of the inventory.", name);
}

/* ---- the plan itself -------------------------------------------------------- */

/* Resolve the target host; report what is wrong with it.  Returns 1 when
 * the target can be judged (known and reachable). */
static int resolve_target(struct check_ctx *c)
{
	const struct plan *p = c->plan;
	char hint[512], mean[160];

	if (p->kind == PLAN_KIND_STORAGE) {
		if (p->target && strcmp(p->target, c->src_name) != 0)
			findings_add(c->out, FINDING_ERROR, "plan.storage-other-host",
				     checks_fmt(hint, sizeof(hint), "Choose --kind both to move "
						"VM '%s' to %s with its storage, or leave the "
						"target out.", c->vm->name, p->target),
				     "A storage-only migration keeps VM '%s' on host %s, but the "
				     "plan names host %s.", c->vm->name, c->src_name, p->target);
		c->dst = c->src;
	} else if (!p->target) {
		findings_add(c->out, FINDING_ERROR, "plan.target-unknown",
			     "Name the target host with --host HOST.",
			     "The plan to move VM '%s' names no target host.", c->vm->name);
		return 0;
	} else {
		c->dst = inventory_host_find(c->inv, p->target);
		if (!c->dst) {
			/* a section only under a name the config accepts */
			char section[128] = "";
			if (config_valid_name(p->target))
				snprintf(section, sizeof section, ", or add a [host %s] section to "
					 "the configuration", p->target);
			findings_add(c->out, FINDING_ERROR, "plan.target-unknown",
				     checks_fmt(hint, sizeof(hint), "%sChoose a configured host "
						"('virt-migrate hosts' lists them)%s.",
						suggest_hosts(c->inv, p->target, mean, sizeof(mean)),
						section),
				     "Target host '%s' of the plan for VM '%s' is not in the "
				     "inventory.", p->target, c->vm->name);
			return 0;
		}
		if (c->dst == c->src)
			findings_add(c->out, FINDING_ERROR, "host.same",
				     p->kind == PLAN_KIND_BOTH
				     ? "Choose another host, or --kind storage to change only "
				       "the storage."
				     : "Choose another host as the target.",
				     "VM '%s' is already on host %s: a change of compute resource "
				     "needs another host.", c->vm->name, c->src_name);
	}
	c->dst_name = checks_host_name(c->dst);
	c->host_change = plan_kind_needs_host(p->kind) && c->dst != c->src;
	if (!c->dst->reachable) {
		findings_add(c->out, FINDING_ERROR, "host.unreachable",
			     c->dst->error.hint[0] ? c->dst->error.hint
			     : "Check that the host is up and that SSH and libvirtd answer there.",
			     "Target host %s is unreachable: %s", c->dst_name,
			     c->dst->error.message[0] ? c->dst->error.message : "no reason given.");
		return 0;
	}
	return 1;
}

static int vm_has_disk(const struct inv_vm *vm, const char *target)
{
	for (size_t i = 0; i < vm->ndisks; i++)
		if (vm->disks[i].target && target && strcmp(vm->disks[i].target, target) == 0)
			return 1;
	return 0;
}

static int vm_uses_net(const struct inv_vm *vm, const char *net)
{
	for (size_t i = 0; i < vm->nnics; i++)
		if (vm->nics[i].network && net && strcmp(vm->nics[i].network, net) == 0)
			return 1;
	return 0;
}

/* "vda, vdb" or "none" into BUF. */
static const char *disk_list(const struct inv_vm *vm, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < vm->ndisks && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					vm->disks[i].target ? vm->disks[i].target : "?");
	return buf[0] ? buf : "none";
}

static const char *net_list(const struct inv_vm *vm, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < vm->nnics && len < size; i++)
		if (vm->nics[i].network)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						vm->nics[i].network);
	return buf[0] ? buf : "none";
}

static void check_plan_choices(struct check_ctx *c)
{
	const struct plan *p = c->plan;
	char list[160], hint[512], mean[160];
	struct suggest s;

	for (size_t i = 0; i < p->ndisks; i++) {
		if (vm_has_disk(c->vm, p->disks[i].target))
			continue;
		suggest_init(&s, p->disks[i].target);
		for (size_t d = 0; d < c->vm->ndisks; d++)
			suggest_add(&s, c->vm->disks[d].target);
		findings_add(c->out, FINDING_ERROR, "plan.disk-unknown",
			     checks_fmt(hint, sizeof(hint), "%sName one of its disks: %s.",
					suggest_sentence(&s, mean, sizeof(mean)),
					disk_list(c->vm, list, sizeof(list))),
			     "The plan configures disk %s, but VM '%s' has no such disk.",
			     p->disks[i].target ? p->disks[i].target : "(none)", c->vm->name);
	}
	for (size_t i = 0; i < p->nnets; i++) {
		if (vm_uses_net(c->vm, p->nets[i].from))
			continue;
		suggest_init(&s, p->nets[i].from);
		for (size_t n = 0; n < c->vm->nnics; n++)
			suggest_add(&s, c->vm->nics[n].network);
		findings_add(c->out, FINDING_ERROR, "plan.net-unknown",
			     checks_fmt(hint, sizeof(hint), "%sMap one of the VM's networks (%s), "
					"or drop --network %s=%s.",
					suggest_sentence(&s, mean, sizeof(mean)),
					net_list(c->vm, list, sizeof(list)), p->nets[i].from,
					p->nets[i].to),
			     "The plan maps network '%s' to '%s', but no NIC of VM '%s' is on "
			     "network '%s'.", p->nets[i].from, p->nets[i].to, c->vm->name,
			     p->nets[i].from);
	}
}

static void report_kind(struct check_ctx *c)
{
	const char *st = checks_state_word(c->vm), *vm = c->vm->name;

	switch (c->plan->kind) {
	case PLAN_KIND_COMPUTE:
		if (c->live)
			findings_add(c->out, FINDING_INFO, "plan.kind", "",
				     "Live migration (vMotion) of %s VM '%s' from %s to %s.",
				     st, vm, c->src_name, c->dst_name);
		else
			findings_add(c->out, FINDING_INFO, "plan.kind", "",
				     "Cold migration of %s VM '%s' from %s to %s: its definition "
				     "moves, its disks stay where they are.", st, vm,
				     c->src_name, c->dst_name);
		break;
	case PLAN_KIND_STORAGE:
		if (c->live)
			findings_add(c->out, FINDING_INFO, "plan.kind", "",
				     "Storage vMotion of %s VM '%s' on host %s: its disks are "
				     "mirrored to their new datastores while it runs.", st, vm,
				     c->src_name);
		else
			findings_add(c->out, FINDING_INFO, "plan.kind", "",
				     "Cold storage migration of %s VM '%s' on host %s: its disk "
				     "files are copied to their new datastores.", st, vm,
				     c->src_name);
		break;
	default:
		if (c->live)
			findings_add(c->out, FINDING_INFO, "plan.kind", "",
				     "Shared-nothing vMotion of %s VM '%s' from %s to %s: memory "
				     "and disks move together while it runs.", st, vm,
				     c->src_name, c->dst_name);
		else
			findings_add(c->out, FINDING_INFO, "plan.kind", "",
				     "Cold migration of %s VM '%s' from %s to %s, with its disk "
				     "files copied.", st, vm, c->src_name, c->dst_name);
		break;
	}
}

/* ---- the entry point ----------------------------------------------------------- */

size_t checks_evaluate(const struct inventory *inv, const struct plan *plan,
		       const struct check_facts *facts, const struct config *cfg,
		       struct findings *out)
{
	struct check_ctx c = { .inv = inv, .plan = plan, .facts = facts, .cfg = cfg,
			       .out = out };
	struct inv_host *src = NULL;

	if (!out || !plan)
		return 0;
	size_t errors_before = out->errors;

	c.vm = inventory_vm_find(inv, plan->vm, &src);
	if (!c.vm || !src) {
		report_vm_unknown(inv, plan, out);
		return out->errors - errors_before;
	}
	c.src = src;
	c.src_name = checks_host_name(src);
	c.live = plan_is_live(c.vm);
	c.storage_move = plan_kind_moves_storage(plan->kind);
	if (plan->from && strcmp(plan->from, c.src_name) != 0)
		findings_add(out, FINDING_ERROR, "plan.moved-since",
			     "Leave it where it is, or move it with 'virt-migrate move'.",
			     "VM '%s' is on host %s, not on %s where the plan expects it: it was "
			     "moved since the plan was made.", c.vm->name, c.src_name, plan->from);

	int target_ok = resolve_target(&c);

	check_plan_choices(&c);
	if (target_ok && (c.host_change || plan->kind == PLAN_KIND_STORAGE))
		report_kind(&c);
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (groups[i].need >= NEED_TARGET && !target_ok)
			continue;
		if (groups[i].need == NEED_HOST_CHANGE && !c.host_change)
			continue;
		groups[i].fn(&c);
	}
	return out->errors - errors_before;
}

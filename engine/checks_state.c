/* engine/checks_state.c — can the VM move in the state it is in?
 * vCenter's "a frozen VM cannot migrate", and jobs already running on it. */
#include <string.h>

#include "checks_int.h"

static void check_power(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;

	switch (vm->state) {
	case INV_VM_PAUSED:
		if (vm->reason == CHECK_PAUSED_IOERROR)
			findings_add(c->out, FINDING_ERROR, "vm.frozen",
				     "Fix the storage error on the source (full or lost "
				     "storage), then resume the VM (virsh resume).",
				     "VM '%s' on host %s is paused on an I/O error: a frozen VM "
				     "cannot migrate.", vm->name, c->src_name);
		else
			findings_add(c->out, FINDING_WARNING, "vm.paused",
				     "Resume it first (virsh resume) if it should run on the "
				     "target.",
				     "VM '%s' is paused: it moves paused and stays paused on "
				     "the target.", vm->name);
		break;
	case INV_VM_SUSPENDED:
		findings_add(c->out, FINDING_INFO, "vm.suspended", "",
			     "VM '%s' is suspended (managed save): it moves cold, with its "
			     "saved memory, and stays suspended.", vm->name);
		break;
	case INV_VM_OTHER:
		findings_add(c->out, FINDING_ERROR, "vm.state",
			     "Start the VM or shut it off completely, then try again.",
			     "VM '%s' on host %s is neither running, paused nor shut off "
			     "(crashed, shutting down or suspended by the guest): it cannot "
			     "move in that state.", vm->name, c->src_name);
		break;
	default:
		break;
	}
}

static void check_jobs(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;
	char hint[256];

	if (vm->job != INV_JOB_NONE)
		findings_add(c->out, FINDING_ERROR, "vm.job-running",
			     checks_fmt(hint, sizeof(hint), "Wait for it to end, or abort it "
					"(virsh domjobabort %s).", vm->name),
			     "VM '%s' is busy with %s on host %s; one job at a time.",
			     vm->name, inv_job_name(vm->job), c->src_name);
	for (size_t i = 0; i < vm->ndisks; i++) {
		const struct inv_disk *d = &vm->disks[i];

		if (!d->block_job)
			continue;
		findings_add(c->out, FINDING_ERROR, "vm.block-job",
			     checks_fmt(hint, sizeof(hint), "Wait for it to finish, or "
					"abort it (virsh blockjob %s %s --abort).", vm->name,
					d->target ? d->target : "?"),
			     "Disk %s of VM '%s' has a block job running (%s).",
			     d->target ? d->target : "?", vm->name, d->block_job);
	}
}

static void check_transient(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;

	if (vm->persistent)
		return;
	if (!c->live)
		findings_add(c->out, FINDING_WARNING, "vm.transient",
			     "Define it first (virsh dumpxml, then virsh define).",
			     "VM '%s' is transient (it has no persistent definition): a cold "
			     "move cannot register it on the target.", vm->name);
	else if (c->host_change)
		findings_add(c->out, FINDING_INFO, "vm.transient", "",
			     "VM '%s' is transient: the live move defines it persistently on "
			     "host %s.", vm->name, c->dst_name ? c->dst_name : "?");
	else
		findings_add(c->out, FINDING_INFO, "vm.transient", "",
			     "VM '%s' is transient: its new disk locations last only while it "
			     "runs.", vm->name);
}

void checks_state(struct check_ctx *c)
{
	check_power(c);
	check_jobs(c);
	check_transient(c);
}

/* engine/plan_kind.c — the one rule of which kind a choice means: what the
 * command line, the answers reader and the answers writer all apply, each
 * adding only where the fault is (an option, FILE:LINE and key, a
 * migration's number). */
#include "plan.h"

int plan_names_datastores(const struct plan *p)
{
	return p && (p->datastore != NULL || p->ndisks > 0);
}

int plan_kind_needs_host(enum plan_kind k)
{
	/* storage only stays on the VM's own host */
	return k != PLAN_KIND_STORAGE;
}

int plan_kind_moves_storage(enum plan_kind k)
{
	return k == PLAN_KIND_STORAGE || k == PLAN_KIND_BOTH;
}

const char *plan_kind_move_name(enum plan_kind k, int live)
{
	if (!live)
		return "cold migration";
	return k == PLAN_KIND_COMPUTE ? "vMotion" : k == PLAN_KIND_STORAGE ? "Storage vMotion"
	       : "shared-nothing vMotion";
}

enum plan_kind plan_kind_infer(const struct plan *p)
{
	int stores = plan_names_datastores(p);

	if (p && p->target && stores)
		return PLAN_KIND_BOTH;
	return stores ? PLAN_KIND_STORAGE : PLAN_KIND_COMPUTE;
}

/* The contradiction (compute with datastores) comes before the omission (no
 * host): it is what the operator said, and naming the host would not fix it. */
enum plan_kind_fault plan_kind_check(const struct plan *p, struct vm_error *err)
{
	const char *vm = p && p->vm ? p->vm : "?";

	if (!p || (unsigned)p->kind >= PLAN_KIND_COUNT) {
		vm_error_set(err, "VM '%s': the plan has no valid kind.", vm);
		vm_error_hint(err, "Choose compute, storage or both.");
		return PLAN_FAULT_BAD_KIND;
	}
	if (p->kind == PLAN_KIND_COMPUTE && plan_names_datastores(p)) {
		vm_error_set(err, "VM '%s': kind 'compute' moves no disk, but the plan names "
			     "datastores.", vm);
		vm_error_hint(err, "Drop the datastores, or choose kind 'both'.");
		return PLAN_FAULT_COMPUTE_DISKS;
	}
	if (plan_kind_needs_host(p->kind) && !p->target) {
		vm_error_set(err, "VM '%s' has no target host: kind '%s' moves it to another host.",
			     vm, plan_kind_name(p->kind));
		vm_error_hint(err, "Name the target host, or choose kind 'storage'.");
		return PLAN_FAULT_NO_HOST;
	}
	vm_error_clear(err);
	return PLAN_FAULT_NONE;
}

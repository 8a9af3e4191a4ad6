/* engine/migration_suspended.c — a suspended VM (shut off with a managed-save
 * image) to another host, staying suspended: its saved memory is restored
 * on the source into a paused VM (the guest runs no instruction), that paused
 * VM moves live (with its disks when a datastore is named), and is saved again
 * on the target (after a moment's run there, see below).  On failure it is
 * saved again on the source, as it was. */
#include <stdio.h>
#include <string.h>

#include "migration_int.h"

/* Save DOM (running paused) back to its managed-save image; the state
 * restores running, as a suspended VM does. */
static int resave(struct mctx *m, virDomainPtr dom, const char *host)
{
	if (virDomainManagedSave(dom, VIR_DOMAIN_SAVE_RUNNING) < 0) {
		engine_log("migration of '%s': managed save on %s failed: %s", m->vm->name, host,
			   virGetLastErrorMessage());
		return -1;
	}
	migration_step(m, MIGRATION_PHASE_FINISHING, "%s suspended again on %s", m->vm->name, host);
	return 0;
}

int migration_suspended_run(struct mctx *m)
{
	struct migration_result *res = m->res;
	virDomainPtr dom = migration_source_domain(m);
	virDomainPtr ddom = NULL;
	int rc = -1, copies = 0;

	if (!dom) {
		res->outcome = MIGRATION_ROLLED_BACK;
		return -1;
	}
	for (size_t i = 0; i < m->vm->ndisks; i++)
		copies += disk_destination(m->plan, &m->vm->disks[i], 1) != NULL;

	migration_step(m, MIGRATION_PHASE_STARTING, "%s is suspended: restoring its saved memory "
		       "on %s, paused", m->vm->name, m->src->cfg->name);
	if (virDomainCreateWithFlags(dom, VIR_DOMAIN_START_PAUSED) < 0) {
		vm_error_set(&res->error, "The saved state of VM '%s' could not be restored on host "
			     "'%s': %s; nothing was done.", m->vm->name, m->src->cfg->name,
			     virGetLastErrorMessage());
		res->outcome = MIGRATION_ROLLED_BACK;
		goto cleanup;
	}

	rc = copies ? migration_both_run(m) : migration_live_run(m);
	if (rc != 0) {
		/* the paused VM is on the source (the executors saw to that): back to sleep */
		if (virDomainIsActive(dom) == 1 && resave(m, dom, m->src->cfg->name) == 0) {
			size_t len = strlen(res->where);
			snprintf(res->where + len, sizeof res->where - len, ", suspended as before");
		} else if (res->outcome != MIGRATION_FAILED) {
			res->outcome = MIGRATION_FAILED;
			vm_error_hint(&res->error, "VM '%s' could not be suspended again on %s: it is "
				      "paused there; save it with 'virsh managedsave %s'.", m->vm->name,
				      m->src->cfg->name, m->vm->name);
		}
		goto cleanup;
	}

	ddom = virDomainLookupByName(m->dst->conn, m->vm->name);
	/* QEMU 7.2 keeps the disks of a VM that arrived paused inactive, and
	 * aborts when such a VM is saved: resume it first, so that it is saved
	 * the moment after (the guest runs for that moment on the target). */
	if (ddom && virDomainResume(ddom) < 0)
		engine_log("migration of '%s': resume on %s before the save failed: %s",
			   m->vm->name, m->dst->cfg->name, virGetLastErrorMessage());
	if (!ddom || resave(m, ddom, m->dst->cfg->name) < 0) {
		res->outcome = MIGRATION_FAILED;
		vm_error_set(&res->error, "VM '%s' moved to host '%s' but could not be suspended there "
			     "again: it is paused on %s.", m->vm->name, m->dst->cfg->name,
			     m->dst->cfg->name);
		vm_error_hint(&res->error, "Save it with 'virsh managedsave %s' on %s, or resume it.",
			      m->vm->name, m->dst->cfg->name);
		rc = -1;
		goto cleanup;
	}
	snprintf(res->where, sizeof res->where, "%s is suspended on %s with its saved memory; "
		 "it is no longer defined on %s", m->vm->name, m->dst->cfg->name, m->src->cfg->name);
	res->downtime_ms = -1;	/* the VM was not running: no downtime to speak of */
cleanup:
	if (ddom)
		virDomainFree(ddom);
	virDomainFree(dom);
	return rc;
}

/* engine/journal_run.c — what migration_run() does around an executor: the
 * VM's lock, the refusal when an earlier run left the VM unfinished, and
 * the journal's header (source disks included) before anything is made. */
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"
#include "journal_int.h"

int journal_run_begin(struct mctx *m, struct vm_lock **lk, struct journal **jn)
{
	struct migration_result *res = m->res;
	const struct plan *plan = m->plan;
	const char *uuid = m->vm->uuid;

	*lk = NULL;
	*jn = NULL;
	/* A host whose link is cut must not hang the tool in a libvirt call
	 * until TCP gives up (minutes): libvirt closes a connection that stops
	 * answering its keepalives within about 20 s, and the call fails. */
	for (int i = 0; i < 2; i++) {
		virConnectPtr c = i ? m->dst->conn : m->src->conn;
		if (virConnectSetKeepAlive(c, 5, 3) < 0)
			engine_log("migration of '%s': keepalive not set on %s: %s", m->vm->name,
				   (i ? m->dst : m->src)->cfg->name, virGetLastErrorMessage());
	}
	if (!uuid || !uuid[0]) {
		vm_error_set(&res->error, "VM '%s' has no UUID to lock it by; nothing was done.",
			     m->vm->name);
		return -1;
	}
	if (lock_vm_take(uuid, m->vm->name, lk, &res->error) < 0)
		return -1;
	if (journal_pending(uuid)) {
		vm_error_set(&res->error, "An earlier migration of VM '%s' did not finish (its "
			     "journal is still there); this one was not started.", m->vm->name);
		vm_error_hint(&res->error, "Run 'virt-migrate recover' first: it finishes the "
			      "cleanup and says where the VM is.");
		goto refuse;
	}

	struct journal_entry h;
	memset(&h, 0, sizeof h);
	h.vm = m->vm->name;
	h.uuid = (char *)uuid;
	h.kind = (char *)plan_kind_name(plan->kind);
	h.live = plan_is_live(m->vm);
	h.source = (char *)m->src->cfg->name;
	h.target = (char *)m->dst->cfg->name;
	h.delete_source = plan->delete_source;
	h.srcdisks = calloc(m->vm->ndisks + 1, sizeof *h.srcdisks);
	if (!h.srcdisks) {
		vm_error_set(&res->error, "Out of memory.");
		goto refuse;
	}
	for (size_t i = 0; i < m->vm->ndisks; i++) {
		const struct inv_disk *d = &m->vm->disks[i];
		if (!d->target || !disk_destination(plan, d, m->dst != m->src))
			continue;
		h.srcdisks[h.nsrcdisks].host = h.source;
		h.srcdisks[h.nsrcdisks].pool = d->pool ? d->pool : (char *)"";
		h.srcdisks[h.nsrcdisks++].path = d->path;
	}
	int rc = journal_begin(&h, jn, &res->error);
	free(h.srcdisks);
	if (rc < 0) {
		vm_error_hint(&res->error, "Nothing was done: a migration is not started without "
			      "its journal.");
		goto refuse;
	}
	return 0;
refuse:
	lock_vm_release(*lk);
	*lk = NULL;
	return -1;
}

void journal_run_end(struct mctx *m, struct vm_lock *lk, struct journal *jn)
{
	struct migration_result *res = m->res;
	int keep = res->outcome == MIGRATION_FAILED;	/* needs the operator */

	/* not done, and a host could not be checked (or cleaned) to the end:
	 * the journal stays for recover */
	if (res->outcome != MIGRATION_DONE) {
		struct inv_host *h[2] = { m->src, m->dst };
		for (int i = 0; i < 2; i++) {
			if (virConnectIsAlive(h[i]->conn) == 1)
				continue;
			if (!keep)
				vm_error_hint(&res->error, "Host '%s' could not be reached to check that "
					      "nothing of '%s' is left there; once it is back, run "
					      "'virt-migrate recover'.", h[i]->cfg->name, m->vm->name);
			keep = 1;
		}
	}
	journal_finish(jn, migration_outcome_name(res->outcome), keep);
	lock_vm_release(lk);
}

/* engine/migration.c — one migration: resolve the plan, take the locks and
 * the journal, and run the executor the table below names for the plan's
 * kind, the VM's state and whether the host changes.  The executors' shared
 * helpers are in migration_common.c; they call nothing here. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "migration_int.h"
#include "journal_int.h"
#include "inventory_int.h"

/* Every move the tool makes, one row each: what the plan asks (kind), what
 * the VM is doing (its state when checked), whether the host changes.  A
 * plan no row matches is no move (the checks say why). */
static const struct migration_executor executors[] = {
	{ "vMotion", PLAN_KIND_COMPUTE, MIGRATION_VM_LIVE, 1, migration_live_run },
	{ "shared-nothing vMotion", PLAN_KIND_BOTH, MIGRATION_VM_LIVE, 1, migration_both_run },
	{ "suspended, to another host", PLAN_KIND_COMPUTE, MIGRATION_VM_SUSPENDED, 1,
	  migration_suspended_run },
	{ "suspended, to another host with its disks", PLAN_KIND_BOTH, MIGRATION_VM_SUSPENDED, 1,
	  migration_suspended_run },
	{ "cold", PLAN_KIND_COMPUTE, MIGRATION_VM_OFF, 1, migration_cold_run },
	{ "cold, with its disks", PLAN_KIND_BOTH, MIGRATION_VM_OFF, 1, migration_cold_run },
	{ "Storage vMotion", PLAN_KIND_STORAGE, MIGRATION_VM_LIVE, 0, migration_storage_live_run },
	{ "cold storage move", PLAN_KIND_STORAGE, MIGRATION_VM_OFF, 0, migration_storage_cold_run },
	{ "suspended storage move (refused)", PLAN_KIND_STORAGE, MIGRATION_VM_SUSPENDED, 0,
	  migration_storage_suspended_run },
};

enum migration_vm_state migration_vm_state(const struct inv_vm *vm)
{
	if (plan_is_live(vm))
		return MIGRATION_VM_LIVE;
	return vm && vm->state == INV_VM_SUSPENDED ? MIGRATION_VM_SUSPENDED : MIGRATION_VM_OFF;
}

const struct migration_executor *migration_executor_for(enum plan_kind kind,
							 const struct inv_vm *vm,
							 int host_change)
{
	enum migration_vm_state st = migration_vm_state(vm);

	for (size_t i = 0; i < sizeof(executors) / sizeof(executors[0]); i++)
		if (executors[i].kind == kind && executors[i].state == st &&
		    executors[i].host_change == !!host_change)
			return &executors[i];
	return NULL;
}

/* Encrypted or not, by the rule of engine/tls.c on both hosts' TLS set-up
 * read now (or earlier by this command's checks): m->tls; -1 when the
 * plan requires TLS the hosts cannot give (nothing was done). */
static int migration_tls(struct mctx *m)
{
	struct migration_result *res = m->res;
	struct host_tls ts, td;
	char why[320];

	probe_tls_pair(m->src, m->dst, &ts, &td);
	switch (tls_decide(m->plan->encrypt, m->src->cfg->name, &ts, m->dst->cfg->name, &td, why,
			   sizeof(why))) {
	case TLS_USE_TLS:
		m->tls = 1;
		res->encrypted = 1;
		engine_log("migration of '%s': under TLS (%s on '%s', %s on '%s')", m->vm->name,
			   ts.dir, m->src->cfg->name, td.dir, m->dst->cfg->name);
		return 0;
	case TLS_USE_REFUSED:
		vm_error_set(&res->error, "Encryption is required, but %s; VM '%s' was not moved, "
			     "nothing was done.", why, m->vm->name);
		vm_error_hint(&res->error, "Set up TLS migration on both hosts (man virt-migrate, "
			      "SECURITY CONSIDERATIONS), or choose --encrypt opportunistic.");
		return -1;
	case TLS_USE_CLEAR:
		snprintf(res->clear_why, sizeof(res->clear_why), "%s", why);
		engine_log("migration of '%s': in clear: %s", m->vm->name, why);
		return 0;
	}
	return 0;
}

/* One migration, from the plan to its result; nothing is recorded here. */
static int run(struct mctx *m)
{
	const struct plan *plan = m->plan;
	struct inventory *inv = m->inv;
	struct migration_result *res = m->res;

	m->vm = inventory_vm_find(inv, plan->vm, &m->src);
	if (!m->vm || !m->src) {
		vm_error_set(&res->error, "VM '%s' is on none of the reachable hosts; nothing was done.",
			     plan->vm);
		res->outcome = MIGRATION_ROLLED_BACK;
		return -1;
	}
	m->dst = plan->target ? inventory_host_find(inv, plan->target) : m->src;
	if (!m->dst || !m->dst->reachable || !m->dst->conn || !m->src->conn) {
		vm_error_set(&res->error, "Host '%s' is not reachable; nothing was done.",
			     plan->target ? plan->target : m->src->cfg->name);
		res->outcome = MIGRATION_ROLLED_BACK;
		return -1;
	}

	if (m->dst != m->src && plan_is_streamed(m->vm) && migration_tls(m) < 0) {
		res->outcome = MIGRATION_ROLLED_BACK;
		res->refused = 1;
		return -1;
	}

	/* the lock on the VM's host holds across workstations; hosts reached
	 * without SSH (local URIs) have only the state directory's */
	struct host_lock *hlock = NULL;
	if (m->src->link && lock_host_take(m->src->link, m->src->cfg->name, m->vm->uuid,
					   m->vm->name, &hlock, &res->error) < 0) {
		res->outcome = MIGRATION_ROLLED_BACK;
		res->refused = 1;
		return -1;
	}

	struct vm_lock *lock = NULL;
	struct journal *journal = NULL;
	if (journal_run_begin(m, &lock, &journal) < 0) {
		lock_host_release(hlock);
		res->outcome = MIGRATION_ROLLED_BACK;
		res->refused = 1;
		return -1;
	}

	const struct migration_executor *x = migration_executor_for(plan->kind, m->vm,
								     m->dst != m->src);
	int rc;

	if (x) {
		engine_log("migration of '%s': executor '%s'", m->vm->name, x->name);
		m->ran = 1;
		rc = x->run(m);
	} else {
		/* the checks refuse these plans (host.same, a storage-only move
		 * naming another host): only a caller that skipped them gets here */
		vm_error_set(&res->error, "The %s plan of VM '%s' (%s, target '%s') is no move: a "
			     "change of host needs a host other than '%s', and a storage-only move "
			     "stays on its host; nothing was done.", plan_is_live(m->vm) ? "live" : "cold",
			     plan->vm, plan_kind_name(plan->kind), m->dst->cfg->name,
			     m->src->cfg->name);
		vm_error_hint(&res->error, "Run 'virt-migrate check' on the plan: it says what to "
			      "change.");
		res->outcome = MIGRATION_ROLLED_BACK;
		rc = -1;
	}
	res->total_s = migration_now() - m->started;
	journal_run_end(m, lock, journal);
	lock_host_release(hlock);
	if (res->outcome == MIGRATION_DONE)
		inventory_index_moved(inv, m->vm->name, m->vm->uuid, m->src->cfg->name,
				      m->dst->cfg->name);
	return rc;
}

int migration_run(struct inventory *inv, const struct plan *plan, const struct config *cfg,
		  migration_progress_fn fn, void *user, struct migration_cancel *cancel,
		  struct migration_result *res)
{
	struct mctx m = {
		.inv = inv, .plan = plan, .cfg = cfg, .fn = fn, .user = user,
		.cancel = cancel, .res = res, .started = migration_now(),
		.started_wall = (long long)time(NULL),
	};

	memset(res, 0, sizeof *res);
	res->outcome = MIGRATION_FAILED;
	res->downtime_ms = -1;
	int rc = run(&m);
	/* every run, moved or refused, leaves its record */
	migration_history_note(&m);
	return rc;
}

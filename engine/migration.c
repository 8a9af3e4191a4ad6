/* engine/migration.c — one migration: resolve the plan, pick the executor,
 * and the helpers every executor shares. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "migration_int.h"
#include "journal_int.h"
#include "inventory_int.h"

static const char *const phase_names[MIGRATION_PHASE_COUNT] = {
	[MIGRATION_PHASE_STARTING] = "starting",
	[MIGRATION_PHASE_DISKS] = "disks",
	[MIGRATION_PHASE_MEMORY] = "memory",
	[MIGRATION_PHASE_SWITCHOVER] = "switchover",
	[MIGRATION_PHASE_FINISHING] = "finishing",
	[MIGRATION_PHASE_ROLLBACK] = "rollback",
	[MIGRATION_PHASE_DONE] = "done",
};

static const char *const outcome_names[MIGRATION_OUTCOME_COUNT] = {
	[MIGRATION_DONE] = "done",
	[MIGRATION_ROLLED_BACK] = "rolled back",
	[MIGRATION_CANCELLED] = "cancelled",
	[MIGRATION_FAILED] = "failed",
	[MIGRATION_NOT_STARTED] = "not started",
};

const char *migration_phase_name(enum migration_phase p)
{
	return p < MIGRATION_PHASE_COUNT ? phase_names[p] : "?";
}

const char *migration_outcome_name(enum migration_outcome o)
{
	return o < MIGRATION_OUTCOME_COUNT ? outcome_names[o] : "?";
}

double migration_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void migration_step(struct mctx *m, enum migration_phase phase, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	engine_log("migration of '%s': %s", m->vm->name, line);
	if (!m->fn)
		return;
	struct migration_progress p;
	memset(&p, 0, sizeof p);
	p.phase = phase;
	p.elapsed_s = migration_now() - m->started;
	p.eta_s = -1;
	p.event = line;
	m->fn(&p, m->user);
}

int migration_vm_emulated(const struct inv_vm *vm)
{
	return vm->domain_type && strcmp(vm->domain_type, "qemu") == 0;
}

virDomainPtr migration_source_domain(struct mctx *m)
{
	virDomainPtr dom = virDomainLookupByName(m->src->conn, m->vm->name);
	if (!dom)
		vm_error_set(&m->res->error, "VM '%s' is no longer on host '%s': %s.", m->vm->name,
			     m->src->cfg->name, virGetLastErrorMessage());
	return dom;
}

char *migration_dest_uri(const struct config *cfg, const struct inv_host *dst)
{
	const char *user = config_host_user(cfg, dst->cfg);
	const char *addr = dst->cfg->address ? dst->cfg->address : dst->cfg->name;
	int port = dst->cfg->ssh_port > 0 ? dst->cfg->ssh_port :
		   (cfg->defaults.ssh_port > 0 ? cfg->defaults.ssh_port : 0);
	char portbuf[16] = "";
	char *uri = NULL;
	int v6 = strchr(addr, ':') != NULL;

	if (port)
		snprintf(portbuf, sizeof portbuf, ":%d", port);
	/* Names in the config are checked to be plain host names, user names and
	 * addresses, so they need no escaping here. */
	if (asprintf(&uri, "qemu+ssh://%s%s%s%s%s%s/system?no_tty=1", user ? user : "",
		     user ? "@" : "", v6 ? "[" : "", addr, v6 ? "]" : "", portbuf) < 0)
		return NULL;
	return uri;
}

char *migration_data_uri(const struct inv_host *dst)
{
	const char *addr = config_host_migration_address(dst->cfg);
	char *uri = NULL;
	if (!addr)
		addr = dst->cfg->address ? dst->cfg->address : dst->cfg->name;
	if (asprintf(&uri, strchr(addr, ':') ? "tcp://[%s]" : "tcp://%s", addr) < 0)
		return NULL;
	return uri;
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

int migration_run(struct inventory *inv, const struct plan *plan, const struct config *cfg,
		  migration_progress_fn fn, void *user, struct migration_cancel *cancel,
		  struct migration_result *res)
{
	struct mctx m = {
		.inv = inv, .plan = plan, .cfg = cfg, .fn = fn, .user = user,
		.cancel = cancel, .res = res, .started = migration_now(),
	};

	memset(res, 0, sizeof *res);
	res->outcome = MIGRATION_FAILED;
	res->downtime_ms = -1;
	m.vm = inventory_vm_find(inv, plan->vm, &m.src);
	if (!m.vm || !m.src) {
		vm_error_set(&res->error, "VM '%s' is on none of the reachable hosts; nothing was done.",
			     plan->vm);
		res->outcome = MIGRATION_ROLLED_BACK;
		return -1;
	}
	m.dst = plan->target ? inventory_host_find(inv, plan->target) : m.src;
	if (!m.dst || !m.dst->reachable || !m.dst->conn || !m.src->conn) {
		vm_error_set(&res->error, "Host '%s' is not reachable; nothing was done.",
			     plan->target ? plan->target : m.src->cfg->name);
		res->outcome = MIGRATION_ROLLED_BACK;
		return -1;
	}

	if (m.dst != m.src && plan_is_streamed(m.vm) && migration_tls(&m) < 0) {
		res->outcome = MIGRATION_ROLLED_BACK;
		res->refused = 1;
		return -1;
	}

	/* the lock on the VM's host holds across workstations; hosts reached
	 * without SSH (local URIs) have only the state directory's */
	struct host_lock *hlock = NULL;
	if (m.src->link && lock_host_take(m.src->link, m.src->cfg->name, m.vm->uuid, m.vm->name,
					  &hlock, &res->error) < 0) {
		res->outcome = MIGRATION_ROLLED_BACK;
		res->refused = 1;
		return -1;
	}

	struct vm_lock *lock = NULL;
	struct journal *journal = NULL;
	if (journal_run_begin(&m, &lock, &journal) < 0) {
		lock_host_release(hlock);
		res->outcome = MIGRATION_ROLLED_BACK;
		res->refused = 1;
		return -1;
	}

	int rc, live = plan_is_live(m.vm);
	if (plan->kind == PLAN_KIND_COMPUTE && live && m.dst != m.src) {
		rc = migration_live_run(&m);
	} else if (plan->kind == PLAN_KIND_BOTH && live && m.dst != m.src) {
		rc = migration_both_run(&m);
	} else if (plan->kind != PLAN_KIND_STORAGE && !live && m.dst != m.src) {
		rc = migration_cold_run(&m);
	} else if (plan->kind == PLAN_KIND_STORAGE && m.dst == m.src) {
		rc = migration_storage_run(&m);
	} else {
		/* the checks refuse these plans (host.same, a storage-only move
		 * naming another host): only a caller that skipped them gets here */
		vm_error_set(&res->error, "The %s plan of VM '%s' (%s, target '%s') is no move: a "
			     "change of host needs a host other than '%s', and a storage-only move "
			     "stays on its host; nothing was done.", plan_is_live(m.vm) ? "live" :
			     "cold", plan->vm, plan_kind_name(plan->kind), m.dst->cfg->name,
			     m.src->cfg->name);
		vm_error_hint(&res->error, "Run 'virt-migrate check' on the plan: it says what to "
			      "change.");
		res->outcome = MIGRATION_ROLLED_BACK;
		rc = -1;
	}
	res->total_s = migration_now() - m.started;
	journal_run_end(&m, lock, journal);
	lock_host_release(hlock);
	if (res->outcome == MIGRATION_DONE)
		inventory_index_moved(inv, m.vm->name, m.vm->uuid, m.src->cfg->name,
				      m.dst->cfg->name);
	return rc;
}

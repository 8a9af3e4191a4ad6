/* engine/migration_p2p.c — the peer-to-peer migration call that vMotion and
 * shared-nothing vMotion share: run under the job monitor, then, on failure,
 * the verdict on where the VM is and what to tell the operator. */
#include <stdio.h>
#include <string.h>

#include "migration_int.h"

struct p2p_call {
	virDomainPtr dom;
	const char *dconnuri;
	virTypedParameterPtr params;
	int nparams;
	unsigned int flags;
	char *error;
	size_t errlen;
};

static int p2p_work(void *arg)
{
	struct p2p_call *c = arg;
	int rc = virDomainMigrateToURI3(c->dom, c->dconnuri, c->params, (unsigned)c->nparams,
					c->flags);
	if (rc < 0)
		snprintf(c->error, c->errlen, "%s", virGetLastErrorMessage());
	return rc;
}

int migration_p2p_run(struct mctx *m, struct jobmon *jm, const char *dconnuri,
		      virTypedParameterPtr params, int nparams, unsigned int flags,
		      char *error, size_t errlen)
{
	struct p2p_call call = {
		.dom = jm->dom, .dconnuri = dconnuri, .params = params, .nparams = nparams,
		.flags = flags, .error = error, .errlen = errlen,
	};
	error[0] = '\0';
	if (m->tls) {
		/* memory, and the NBD streams of copied disks, under TLS */
		call.flags |= VIR_MIGRATE_TLS;
		migration_step(m, MIGRATION_PHASE_STARTING, "memory%s encrypted with TLS",
			       flags & VIR_MIGRATE_NON_SHARED_DISK ? " and disks" : "");
	} else if (m->dst != m->src) {
		migration_step(m, MIGRATION_PHASE_STARTING, "not encrypted: %s", m->res->clear_why);
	}
	jm->work = p2p_work;
	jm->arg = &call;
	jm->m = m;
	return jobmon_run(jm);
}

int migration_p2p_failed(struct mctx *m, virDomainPtr dom, const struct jobmon *jm,
			 const char *error)
{
	struct migration_result *res = m->res;
	const char *why = error && error[0] ? error : "unknown error";

	if (jm->target_lost)
		why = "the host stopped answering (its link or its libvirt daemon is gone)";
	migration_step(m, MIGRATION_PHASE_ROLLBACK, "%s; checking both hosts",
		       jm->budget_spent ? "aborted" : jm->target_lost ? "failed" :
		       jm->abort_sent ? "cancelled" : "failed");
	int safe = migration_settle_failure(m, dom);
	if (jm->budget_spent && safe) {
		res->outcome = MIGRATION_ROLLED_BACK;
		vm_error_set(&res->error, "The migration of VM '%s' did not finish within its time "
			     "budget of %u s and was aborted; %s.", m->vm->name, m->plan->max_time_s,
			     res->where);
		vm_error_hint(&res->error, "Give it more time (--max-time), more bandwidth, a larger "
			      "--max-downtime, or --priority high to allow post-copy.");
	} else if (jm->abort_sent && !jm->target_lost && safe) {
		res->outcome = MIGRATION_CANCELLED;
		vm_error_set(&res->error, "The migration of VM '%s' was cancelled; %s.", m->vm->name,
			     res->where);
	} else if (safe) {
		res->outcome = MIGRATION_ROLLED_BACK;
		vm_error_set(&res->error, "The migration of VM '%s' to host '%s' failed: %s; %s.",
			     m->vm->name, m->dst->cfg->name, why, res->where);
	} else {
		res->outcome = MIGRATION_FAILED;
		vm_error_set(&res->error, "The migration of VM '%s' to host '%s' failed: %s; %s.",
			     m->vm->name, m->dst->cfg->name, why, res->where);
		vm_error_hint(&res->error, "Look at both hosts with 'virt-migrate vms' before "
			      "anything else.");
	}
	return safe;
}

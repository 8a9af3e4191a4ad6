/* engine/migration_settle.c — after a migration between hosts: where is the VM
 * now?  It must run exactly once; anything of it left on the wrong host goes. */
#include <stdio.h>
#include <string.h>

#include "migration_int.h"

/* After a failure: the VM must still run on the source, and nothing of it may
 * be left on the target.  Fills res; returns 1 when the VM is safe. */
int migration_settle_failure(struct mctx *m, virDomainPtr dom)
{
	struct migration_result *res = m->res;
	int src_active = virDomainIsActive(dom) == 1;
	virDomainPtr stray = virDomainLookupByName(m->dst->conn, m->vm->name);
	if (stray) {
		int stray_active = virDomainIsActive(stray) == 1;
		if (src_active) {
			/* the source copy runs: whatever the target holds is ours to remove */
			if (stray_active)
				virDomainDestroy(stray);
			if (virDomainIsPersistent(stray) == 1)
				virDomainUndefine(stray);
			snprintf(res->cleaned, sizeof res->cleaned, "the partial copy of '%s' on %s",
				 m->vm->name, m->dst->cfg->name);
		} else if (stray_active) {
			/* the VM runs on the target only: that is where it is */
			snprintf(res->where, sizeof res->where, "%s runs on %s (not on %s)",
				 m->vm->name, m->dst->cfg->name, m->src->cfg->name);
			virDomainFree(stray);
			return 0;
		}
		virDomainFree(stray);
	}
	if (src_active) {
		snprintf(res->where, sizeof res->where, "%s still runs on %s", m->vm->name,
			 m->src->cfg->name);
		return 1;
	}
	snprintf(res->where, sizeof res->where, "%s runs on neither %s nor %s", m->vm->name,
		 m->src->cfg->name, m->dst->cfg->name);
	return 0;
}

/* After success: the VM runs on the target, persistently, and is gone from
 * the source.  Reads the completed job's statistics from the target. */
int migration_settle_success(struct mctx *m)
{
	struct migration_result *res = m->res;
	virDomainPtr ddom = virDomainLookupByName(m->dst->conn, m->vm->name);
	if (!ddom || virDomainIsActive(ddom) != 1) {
		vm_error_set(&res->error, "libvirt reported the migration of VM '%s' as done, but it "
			     "does not run on host '%s'.", m->vm->name, m->dst->cfg->name);
		if (ddom)
			virDomainFree(ddom);
		return -1;
	}
	int persistent = virDomainIsPersistent(ddom) == 1;
	virTypedParameterPtr params = NULL;
	int n = 0, type = 0;
	if (virDomainGetJobStats(ddom, &type, &params, &n, VIR_DOMAIN_JOB_STATS_COMPLETED) == 0) {
		unsigned long long v;
		if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DOWNTIME, &v) == 1)
			res->downtime_ms = (long long)v;
		if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_DATA_PROCESSED, &v) == 1)
			res->data_bytes = v;
		if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_ITERATION, &v) == 1)
			res->iterations = v;
		/* for the history (engine/migration_history.c) */
		if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_TIME_ELAPSED, &v) == 1)
			res->job_ms = v;
		if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_BPS, &v) == 1)
			res->memory_bps = v;
		/* what the migration network carried, for the next check of this
		 * pair of hosts (libvirt's own figures, not the tool's clock); a
		 * move capped by --bandwidth says nothing of the link */
		if (!m->plan->bandwidth_mibs
		    && virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_TIME_ELAPSED, &v) == 1 && v > 0
		    && res->data_bytes > 0)
			probe_link_achieved(m->inv, m->src->cfg->name, m->dst->cfg->name,
					    (double)res->data_bytes * 8.0 / 1000.0 / (double)v);
		virTypedParamsFree(params, n);
	}
	virDomainFree(ddom);

	virDomainPtr left = virDomainLookupByName(m->src->conn, m->vm->name);
	if (left) {
		int active = virDomainIsActive(left) == 1;
		virDomainFree(left);
		if (active) {
			vm_error_set(&res->error, "VM '%s' runs on both %s and %s after the migration.",
				     m->vm->name, m->src->cfg->name, m->dst->cfg->name);
			return -1;
		}
		snprintf(res->where, sizeof res->where, "%s runs on %s (%s); its definition "
			 "is still on %s, shut off", m->vm->name, m->dst->cfg->name,
			 persistent ? "persistent" : "transient", m->src->cfg->name);
	} else {
		snprintf(res->where, sizeof res->where, "%s runs on %s (%s); it is no longer "
			 "defined on %s", m->vm->name, m->dst->cfg->name,
			 persistent ? "persistent" : "transient", m->src->cfg->name);
	}
	return 0;
}


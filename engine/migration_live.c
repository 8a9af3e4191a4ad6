/* engine/migration_live.c — vMotion: a running VM to another host, disks on
 * shared storage.  Peer-to-peer precopy (virDomainMigrateToURI3), persistent
 * on the target, undefined on the source, over the target's migration
 * address; the networks remapped when asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"

struct live_call {
	virDomainPtr dom;
	const char *dconnuri;
	virTypedParameterPtr params;
	int nparams;
	unsigned int flags;
	char error[512];
};

static int live_work(void *arg)
{
	struct live_call *c = arg;
	int rc = virDomainMigrateToURI3(c->dom, c->dconnuri, c->params, (unsigned)c->nparams,
					c->flags);
	if (rc < 0)
		snprintf(c->error, sizeof c->error, "%s", virGetLastErrorMessage());
	return rc;
}

/* S with XML's five special characters escaped, as libvirt writes attributes. */
static char *xml_escape(const char *s)
{
	size_t n = strlen(s) * 6 + 1;
	char *out = malloc(n), *o = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\'': rep = "&apos;"; break;
		case '"': rep = "&quot;"; break;
		}
		if (rep) {
			size_t l = strlen(rep);
			memcpy(o, rep, l);
			o += l;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* XML with every <source network='FROM'...> of the plan's mapping renamed. */
static char *remap_networks(const char *xml, const struct plan *plan)
{
	char *cur = strdup(xml);
	for (size_t i = 0; cur && i < plan->nnets; i++) {
		char *from = xml_escape(plan->nets[i].from);
		char *to = xml_escape(plan->nets[i].to);
		char *needle = NULL;
		if (!from || !to || asprintf(&needle, "<source network='%s'", from) < 0) {
			free(from);
			free(to);
			free(cur);
			return NULL;
		}
		size_t nl = strlen(needle);
		for (char *hit = strstr(cur, needle); hit; hit = strstr(hit, needle)) {
			char *next = NULL;
			size_t head = (size_t)(hit - cur);
			if (asprintf(&next, "%.*s<source network='%s'%s", (int)head, cur, to,
				     hit + nl) < 0) {
				free(cur);
				cur = NULL;
				break;
			}
			size_t skip = head + strlen("<source network=''") + strlen(to);
			free(cur);
			cur = next;
			hit = cur + skip;
		}
		free(needle);
		free(from);
		free(to);
	}
	return cur;
}

/* After a failure: the VM must still run on the source, and nothing of it may
 * be left on the target.  Fills res; returns 1 when the VM is safe. */
static int settle_failure(struct mctx *m, virDomainPtr dom)
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
static int settle_success(struct mctx *m)
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

int migration_live_run(struct mctx *m)
{
	struct migration_result *res = m->res;
	const struct plan *plan = m->plan;
	virDomainPtr dom = NULL;
	virTypedParameterPtr params = NULL;
	int nparams = 0, maxparams = 0, rc = -1;
	char *dconnuri = NULL, *datauri = NULL, *xml = NULL, *dxml = NULL;
	struct live_call call;

	memset(&call, 0, sizeof call);
	res->outcome = MIGRATION_ROLLED_BACK;
	dom = virDomainLookupByName(m->src->conn, m->vm->name);
	if (!dom) {
		vm_error_set(&res->error, "VM '%s' is no longer on host '%s': %s.", m->vm->name,
			     m->src->cfg->name, virGetLastErrorMessage());
		goto cleanup;
	}
	dconnuri = migration_dest_uri(m->cfg, m->dst);
	datauri = migration_data_uri(m->dst);
	if (!dconnuri || !datauri)
		goto oom;
	if (virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_URI, datauri) < 0)
		goto oom;
	if (plan->bandwidth_mibs &&
	    virTypedParamsAddULLong(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_BANDWIDTH,
				    plan->bandwidth_mibs) < 0)
		goto oom;
	if (plan->nnets) {
		xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_MIGRATABLE);
		if (!xml) {
			vm_error_set(&res->error, "The definition of VM '%s' could not be read: %s.",
				     m->vm->name, virGetLastErrorMessage());
			goto cleanup;
		}
		dxml = remap_networks(xml, plan);
		if (!dxml)
			goto oom;
		/* DEST_XML changes the running definition only; PERSIST_XML the saved one. */
		if (virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_DEST_XML, dxml) < 0 ||
		    virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_PERSIST_XML, dxml) < 0)
			goto oom;
	}
	unsigned downtime = plan->max_downtime_ms ? plan->max_downtime_ms : PLAN_DEFAULT_MAX_DOWNTIME_MS;
	if (virDomainMigrateSetMaxDowntime(dom, downtime, 0) < 0)
		engine_log("migration of '%s': max downtime %u ms not set: %s", m->vm->name,
			   downtime, virGetLastErrorMessage());

	call.dom = dom;
	call.dconnuri = dconnuri;
	call.params = params;
	call.nparams = nparams;
	call.flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST |
		     VIR_MIGRATE_UNDEFINE_SOURCE | VIR_MIGRATE_ABORT_ON_ERROR;
	migration_step(m, MIGRATION_PHASE_STARTING, "live migration of %s from %s to %s over %s "
		       "(max downtime %u ms%s)", m->vm->name, m->src->cfg->name, m->dst->cfg->name,
		       datauri, downtime, plan->bandwidth_mibs ? ", bandwidth capped" : "");

	struct jobmon jm = { .dom = dom, .work = live_work, .arg = &call, .m = m };
	if (jobmon_run(&jm) == 0) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "memory moved; checking both hosts");
		if (settle_success(m) == 0) {
			res->outcome = MIGRATION_DONE;
			if (!res->iterations)
				res->iterations = jm.iterations;
			migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
			rc = 0;
		} else {
			res->outcome = MIGRATION_FAILED;
		}
		goto cleanup;
	}

	/* failed or cancelled: where is the VM now? */
	migration_step(m, MIGRATION_PHASE_ROLLBACK, "%s; checking both hosts",
		       jm.abort_sent ? "cancelled" : "failed");
	int safe = settle_failure(m, dom);
	if (jm.abort_sent && safe) {
		res->outcome = MIGRATION_CANCELLED;
		vm_error_set(&res->error, "The migration of VM '%s' was cancelled; %s.", m->vm->name,
			     res->where);
	} else if (safe) {
		res->outcome = MIGRATION_ROLLED_BACK;
		vm_error_set(&res->error, "The migration of VM '%s' to host '%s' failed: %s; %s.",
			     m->vm->name, m->dst->cfg->name, call.error[0] ? call.error : "unknown error",
			     res->where);
	} else {
		res->outcome = MIGRATION_FAILED;
		vm_error_set(&res->error, "The migration of VM '%s' to host '%s' failed: %s; %s.",
			     m->vm->name, m->dst->cfg->name, call.error[0] ? call.error : "unknown error",
			     res->where);
		vm_error_hint(&res->error, "Look at both hosts with 'virt-migrate vms' before "
			      "anything else.");
	}
	goto cleanup;
oom:
	vm_error_set(&res->error, "Out of memory while preparing the migration of VM '%s'.",
		     m->vm->name);
cleanup:
	virTypedParamsFree(params, nparams);
	free(dconnuri);
	free(datauri);
	free(xml);
	free(dxml);
	if (dom)
		virDomainFree(dom);
	return rc;
}

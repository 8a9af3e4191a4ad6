/* engine/migration_live.c — vMotion: a running VM to another host, disks on
 * shared storage.  Peer-to-peer precopy (virDomainMigrateToURI3), persistent
 * on the target, undefined on the source, over the target's migration
 * address; the networks remapped when asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"
#include "escalation.h"
#include "streams.h"

/* The ladder climbed when the guest does not converge, and its rules:
 * engine/escalation.h (the forecast predicts the same climb). */
struct escalation {
	unsigned budget_ms, allowed_ms;
	int high;
	int postcopy;		/* High, and the VM is not emulated */
	int parallel_only;	/* post-copy allowed but not with parallel streams */
	int stage;
	int throttle_seen;
	unsigned long long pass;
};

static void escalate(struct jobmon *jm, const struct migration_progress *p, void *arg)
{
	struct escalation *e = arg;
	struct mctx *m = jm->m;

	if (jm->abort_sent)
		return;
	if (jm->throttle && !e->throttle_seen) {
		e->throttle_seen = 1;
		migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 2: auto-converge throttles "
			       "the guest's vCPUs (%llu%%)", jm->throttle);
	}
	if (!p->iteration || p->iteration == e->pass)
		return;
	e->pass = p->iteration;
	if (e->stage == 0 && p->iteration >= ESCALATION_RAISE_PASS) {
		e->stage = 1;
		if (e->allowed_ms < e->budget_ms &&
		    virDomainMigrateSetMaxDowntime(jm->dom, e->budget_ms, 0) == 0) {
			migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 1: not converging "
				       "(pass %llu, %llu MiB left, %llu pages/s dirtied): allowed "
				       "downtime raised from %u to %u ms", p->iteration,
				       p->mem_remaining >> 20, p->dirty_rate, e->allowed_ms, e->budget_ms);
			e->allowed_ms = e->budget_ms;
		} else {
			migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 1: not converging "
				       "(pass %llu, %llu MiB left); the allowed downtime is already "
				       "the budget's %u ms", p->iteration, p->mem_remaining >> 20,
				       e->budget_ms);
		}
	} else if (e->stage == 1 && p->iteration >= ESCALATION_POSTCOPY_PASS) {
		e->stage = 2;
		if (!e->high) {
			migration_step(m, MIGRATION_PHASE_MEMORY, "still not converging; post-copy "
				       "is for High priority only: going on until the time budget%s",
				       m->plan->max_time_s ? " is spent" : " (none: ^C aborts)");
		} else if (!e->postcopy && migration_vm_emulated(m->vm)) {
			migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 3: post-copy not used: "
				       "%s runs under QEMU's emulation (TCG), where post-copy leaves "
				       "guest memory corrupt; going on until the time budget%s",
				       m->vm->name, m->plan->max_time_s ? " is spent" :
				       " (none: ^C aborts)");
		} else if (!e->postcopy && e->parallel_only) {
			migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 3: post-copy not used: "
				       "QEMU on these hosts cannot switch parallel streams to "
				       "post-copy (QEMU 10.1 can); going on until the time budget%s",
				       m->plan->max_time_s ? " is spent" : " (none: ^C aborts)");
		} else if (!e->postcopy) {
			migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 3: post-copy not used "
				       "(postcopy = never in the config); going on until the time "
				       "budget%s", m->plan->max_time_s ? " is spent" :
				       " (none: ^C aborts)");
		} else if (virDomainMigrateStartPostCopy(jm->dom, 0) == 0) {
			migration_step(m, MIGRATION_PHASE_SWITCHOVER, "escalation 3: switching to "
				       "post-copy: %s now runs on %s, its remaining memory follows",
				       m->vm->name, m->dst->cfg->name);
		} else {
			migration_step(m, MIGRATION_PHASE_MEMORY, "escalation 3: post-copy refused: %s",
				       virGetLastErrorMessage());
		}
	}
}

int migration_live_run(struct mctx *m)
{
	struct migration_result *res = m->res;
	const struct plan *plan = m->plan;
	virDomainPtr dom = NULL;
	virTypedParameterPtr params = NULL;
	int nparams = 0, maxparams = 0, rc = -1;
	char *dconnuri = NULL, *datauri = NULL, *xml = NULL, *dxml = NULL;
	char call_error[512], streams[96];
	unsigned int stream_flags = 0;

	res->outcome = MIGRATION_ROLLED_BACK;
	dom = migration_source_domain(m);
	if (!dom)
		goto cleanup;
	dconnuri = migration_dest_uri(m->cfg, m->dst);
	datauri = migration_data_uri(m->dst);
	if (!dconnuri || !datauri)
		goto oom;
	if (virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_URI, datauri) < 0)
		goto oom;
	/* the memory's streams: refused before anything is set on the domain */
	if (migration_streams(m, &params, &nparams, &maxparams, &stream_flags, streams,
			      sizeof streams) < 0)
		goto cleanup;
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
		dxml = migration_xml_remap_networks(xml, plan);
		if (!dxml)
			goto oom;
		/* DEST_XML changes the running definition only; PERSIST_XML the saved one. */
		if (virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_DEST_XML, dxml) < 0 ||
		    virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_PERSIST_XML, dxml) < 0)
			goto oom;
	}
	struct escalation esc = { 0 };
	esc.budget_ms = escalation_budget_ms(plan);
	esc.high = plan->priority == PLAN_PRIORITY_HIGH;
	esc.postcopy = escalation_postcopy(plan, m->cfg, m->vm);
	if (esc.postcopy && !streams_postcopy_ok(m->src, m->dst,
						 streams_connections(plan, m->cfg))) {
		esc.postcopy = 0;
		esc.parallel_only = 1;
	}
	esc.allowed_ms = escalation_allowed_ms(plan);
	unsigned downtime = esc.allowed_ms;
	if (virDomainMigrateSetMaxDowntime(dom, downtime, 0) < 0)
		engine_log("migration of '%s': max downtime %u ms not set: %s", m->vm->name,
			   downtime, virGetLastErrorMessage());
	if (virTypedParamsAddInt(&params, &nparams, &maxparams,
				 VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL,
				 ESCALATION_THROTTLE_INITIAL) < 0 ||
	    virTypedParamsAddInt(&params, &nparams, &maxparams,
				 VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT,
				 ESCALATION_THROTTLE_INCREMENT) < 0)
		goto oom;

	unsigned int flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST |
			     VIR_MIGRATE_UNDEFINE_SOURCE | VIR_MIGRATE_ABORT_ON_ERROR |
			     VIR_MIGRATE_AUTO_CONVERGE | (esc.postcopy ? VIR_MIGRATE_POSTCOPY : 0);
	flags |= stream_flags;
	migration_step(m, MIGRATION_PHASE_STARTING, "live migration of %s from %s to %s over %s "
		       "(%s priority, allowed downtime %u of %u ms%s; %s)", m->vm->name,
		       m->src->cfg->name, m->dst->cfg->name, datauri, plan_priority_name(plan->priority),
		       downtime, esc.budget_ms, plan->bandwidth_mibs ? ", bandwidth capped" : "",
		       streams);

	struct jobmon jm = { .dom = dom, .tick = escalate, .tick_arg = &esc };
	if (migration_p2p_run(m, &jm, dconnuri, params, nparams, flags, call_error,
			      sizeof call_error) == 0) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "memory moved; checking both hosts");
		if (migration_settle_success(m) == 0) {
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
	migration_p2p_failed(m, dom, &jm, call_error);
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

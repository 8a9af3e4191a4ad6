/* engine/migration_live.c — vMotion: a running VM to another host, disks on
 * shared storage.  Peer-to-peer precopy (virDomainMigrateToURI3), persistent
 * on the target, undefined on the source, over the target's migration
 * address; the networks remapped when asked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"

/* Convergence: a guest whose memory is copied in 2 to 4 precopy passes
 * converges; one still copying after ESCALATE_PASS passes does not.  The
 * fixed order of escalation, each step logged in the progress stream:
 *   1. the allowed downtime, started at a third of the budget (Standard) or
 *      at the budget (High), is raised to the whole budget at pass 5;
 *   2. auto-converge (on from the start) throttles the guest's vCPUs when
 *      QEMU sees it is needed: reported when it engages;
 *   3. High priority only: post-copy at pass 8 (the guest runs on the
 *      target while the rest of its memory follows) -- but never for a VM
 *      under QEMU's emulation (domain type 'qemu', TCG): in the lab such a
 *      guest's memory came out corrupt after post-copy every time (kernel
 *      faults in timer lists, then a reboot), so it goes on in precopy
 *      (the config's postcopy = never|always overrides this);
 * and the job is aborted when the time budget (--max-time) is spent. */
#define ESCALATE_PASS 5
#define POSTCOPY_PASS 8
struct escalation {
	unsigned budget_ms, allowed_ms;
	int high;
	int postcopy;		/* High, and the VM is not emulated */
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
	if (e->stage == 0 && p->iteration >= ESCALATE_PASS) {
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
	} else if (e->stage == 1 && p->iteration >= POSTCOPY_PASS) {
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
	char call_error[512];

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
	esc.budget_ms = plan->max_downtime_ms ? plan->max_downtime_ms : PLAN_DEFAULT_MAX_DOWNTIME_MS;
	esc.high = plan->priority == PLAN_PRIORITY_HIGH;
	{
		const char *pc = m->cfg ? m->cfg->defaults.postcopy : NULL;

		if (pc && strcmp(pc, "never") == 0)
			esc.postcopy = 0;
		else if (pc && strcmp(pc, "always") == 0)
			esc.postcopy = esc.high;
		else
			esc.postcopy = esc.high && !migration_vm_emulated(m->vm);
	}
	esc.allowed_ms = esc.high ? esc.budget_ms : esc.budget_ms / 3;
	if (esc.allowed_ms < 30)
		esc.allowed_ms = esc.budget_ms < 30 ? esc.budget_ms : 30;
	unsigned downtime = esc.allowed_ms;
	if (virDomainMigrateSetMaxDowntime(dom, downtime, 0) < 0)
		engine_log("migration of '%s': max downtime %u ms not set: %s", m->vm->name,
			   downtime, virGetLastErrorMessage());
	if (virTypedParamsAddInt(&params, &nparams, &maxparams,
				 VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL, 20) < 0 ||
	    virTypedParamsAddInt(&params, &nparams, &maxparams,
				 VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT, 10) < 0)
		goto oom;

	unsigned int flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST |
			     VIR_MIGRATE_UNDEFINE_SOURCE | VIR_MIGRATE_ABORT_ON_ERROR |
			     VIR_MIGRATE_AUTO_CONVERGE | (esc.postcopy ? VIR_MIGRATE_POSTCOPY : 0);
	migration_step(m, MIGRATION_PHASE_STARTING, "live migration of %s from %s to %s over %s "
		       "(%s priority, allowed downtime %u of %u ms%s)", m->vm->name,
		       m->src->cfg->name, m->dst->cfg->name, datauri, plan_priority_name(plan->priority),
		       downtime, esc.budget_ms, plan->bandwidth_mibs ? ", bandwidth capped" : "");

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

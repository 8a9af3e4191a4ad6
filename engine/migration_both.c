/* engine/migration_both.c — shared-nothing vMotion: a running VM to another
 * host together with its disks.  Target volumes are made first in the chosen
 * datastores and formats; QEMU mirrors the disks over NBD while the memory is
 * copied (VIR_MIGRATE_NON_SHARED_DISK with the chosen disks); the new paths
 * go into both the running and the saved definition; the source volumes are
 * deleted once the VM runs on the target.  On failure the new volumes go. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"

struct copy {
	const struct inv_disk *disk;
	char *new_path;
};

int migration_both_run(struct mctx *m)
{
	struct migration_result *res = m->res;
	const struct plan *plan = m->plan;
	struct copy *copies = NULL;
	size_t ncopies = 0;
	virDomainPtr dom = NULL;
	virTypedParameterPtr params = NULL;
	int nparams = 0, maxparams = 0, rc = -1;
	char *dconnuri = NULL, *datauri = NULL, *xml = NULL;
	char call_error[512], streams[96];
	unsigned int stream_flags = 0;

	res->outcome = MIGRATION_ROLLED_BACK;
	dom = migration_source_domain(m);
	if (!dom)
		goto cleanup;
	copies = calloc(m->vm->ndisks + 1, sizeof *copies);
	dconnuri = migration_dest_uri(m->cfg, m->dst);
	datauri = migration_data_uri(m->dst);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_MIGRATABLE);
	if (!copies || !dconnuri || !datauri || !xml) {
		vm_error_set(&res->error, "The migration of VM '%s' could not be prepared: %s.",
			     m->vm->name, xml ? "out of memory" : virGetLastErrorMessage());
		goto cleanup;
	}

	/* the memory's streams: refused before anything is created */
	if (migration_streams(m, &params, &nparams, &maxparams, &stream_flags, streams,
			      sizeof streams) < 0)
		goto cleanup;

	/* 1. the target volumes */
	migration_step(m, MIGRATION_PHASE_STARTING, "creating the target volumes on %s",
		       m->dst->cfg->name);
	for (size_t i = 0; i < m->vm->ndisks; i++) {
		const struct inv_disk *d = &m->vm->disks[i];
		const char *store = disk_destination(plan, d, 1);
		if (!store)
			continue;
		struct copy *c = &copies[ncopies];
		c->disk = d;
		if (migration_vol_create(m->dst->conn, store, d, plan_disk_format(plan, d->target),
					 &c->new_path, &res->error) < 0)
			goto rollback;
		ncopies++;
		migration_step(m, MIGRATION_PHASE_STARTING, "disk %s -> %s (%s)", d->target,
			       c->new_path, migration_target_format(d, plan_disk_format(plan, d->target)));
		char *next = migration_xml_retarget_disk(xml, d->path, c->new_path,
			migration_target_format(d, plan_disk_format(plan, d->target)));
		if (!next) {
			vm_error_set(&res->error, "Disk %s of VM '%s' could not be pointed at %s in its "
				     "definition.", d->target, m->vm->name, c->new_path);
			goto rollback;
		}
		free(xml);
		xml = next;
		if (virTypedParamsAddString(&params, &nparams, &maxparams,
					    VIR_MIGRATE_PARAM_MIGRATE_DISKS, d->target) < 0)
			goto oom;
	}
	if (ncopies == 0) {
		vm_error_set(&res->error, "No disk of VM '%s' has a datastore to go to; nothing was done.",
			     m->vm->name);
		goto cleanup;
	}
	if (plan->nnets) {
		char *next = migration_xml_remap_networks(xml, plan);
		if (!next)
			goto oom;
		free(xml);
		xml = next;
	}

	/* 2. the migration, disks and memory */
	if (virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_URI, datauri) < 0 ||
	    virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_DEST_XML, xml) < 0 ||
	    virTypedParamsAddString(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_PERSIST_XML, xml) < 0)
		goto oom;
	if (plan->bandwidth_mibs &&
	    virTypedParamsAddULLong(&params, &nparams, &maxparams, VIR_MIGRATE_PARAM_BANDWIDTH,
				    plan->bandwidth_mibs) < 0)
		goto oom;
	unsigned downtime = plan->max_downtime_ms ? plan->max_downtime_ms : PLAN_DEFAULT_MAX_DOWNTIME_MS;
	if (virDomainMigrateSetMaxDowntime(dom, downtime, 0) < 0)
		engine_log("migration of '%s': max downtime %u ms not set: %s", m->vm->name,
			   downtime, virGetLastErrorMessage());
	unsigned int flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST |
			     VIR_MIGRATE_UNDEFINE_SOURCE | VIR_MIGRATE_NON_SHARED_DISK |
			     VIR_MIGRATE_ABORT_ON_ERROR;
	flags |= stream_flags;
	migration_step(m, MIGRATION_PHASE_DISKS, "shared-nothing migration of %s from %s to %s "
		       "over %s: %zu disk%s, then memory (max downtime %u ms; %s)", m->vm->name,
		       m->src->cfg->name, m->dst->cfg->name, datauri, ncopies, ncopies == 1 ? "" : "s",
		       downtime, streams);
	struct jobmon jm = { .dom = dom, .disks_copied = 1 };
	if (migration_p2p_run(m, &jm, dconnuri, params, nparams, flags, call_error,
			      sizeof call_error) == 0) {
		migration_step(m, MIGRATION_PHASE_FINISHING, "disks and memory moved; checking both hosts");
		if (migration_settle_success(m) != 0) {
			res->outcome = MIGRATION_FAILED;
			goto cleanup;
		}
		/* thick: QEMU's mirror leaves zeroed ranges unallocated; allocate them
		 * now (fallocate keeps the data and fills only the holes) */
		for (size_t i = 0; i < ncopies; i++)
			if (plan_disk_format(plan, copies[i].disk->target) == PLAN_FORMAT_THICK)
				migration_vol_allocate(m, m->dst->link, m->dst->cfg->name,
						       copies[i].disk, copies[i].new_path);
		/* 3. the VM runs on the target from its new volumes: the old ones go */
		for (size_t i = 0; i < ncopies; i++) {
			if (migration_vol_delete(m->src->conn, copies[i].disk->path) == 0)
				migration_cleaned(res, "%s on %s", copies[i].disk->path,
						  m->src->cfg->name);
		}
		res->outcome = MIGRATION_DONE;
		if (!res->iterations)
			res->iterations = jm.iterations;
		migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
		rc = 0;
		goto cleanup;
	}

	if (!migration_p2p_failed(m, dom, &jm, call_error)) {
		vm_error_hint(&res->error, "Look at both hosts with 'virt-migrate vms' before "
			      "anything else; the new volumes on %s were kept.", m->dst->cfg->name);
		goto cleanup;	/* the target's volumes may be all that is left */
	}
rollback:
	/* the VM runs on the source from its own disks: the new volumes go */
	for (size_t i = 0; i < ncopies; i++) {
		if (migration_vol_delete(m->dst->conn, copies[i].new_path) == 0)
			migration_cleaned(res, "%s on %s", copies[i].new_path, m->dst->cfg->name);
	}
	if (res->outcome == MIGRATION_ROLLED_BACK && !res->where[0])
		snprintf(res->where, sizeof res->where, "%s still runs on %s", m->vm->name,
			 m->src->cfg->name);
	goto cleanup;
oom:
	vm_error_set(&res->error, "Out of memory while preparing the migration of VM '%s'.",
		     m->vm->name);
	goto rollback;
cleanup:
	for (size_t i = 0; copies && i < ncopies; i++)
		free(copies[i].new_path);
	free(copies);
	virTypedParamsFree(params, nparams);
	free(dconnuri);
	free(datauri);
	free(xml);
	if (dom)
		virDomainFree(dom);
	return rc;
}

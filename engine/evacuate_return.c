/* engine/evacuate_return.c — the way home after an evacuation: the plan
 * that undoes each move (written as an answers file while the evacuation
 * runs), and what such a plan would do now that time has passed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "answers.h"
#include "journal_int.h"

int evacuate_return_plan(const struct inv_vm *vm, const char *origin, const struct plan *plan,
			 struct plan *out)
{
	int host_change = plan_kind_needs_host(plan->kind) && plan->target &&
			  strcmp(plan->target, origin) != 0;

	memset(out, 0, sizeof *out);
	out->vm = strdup(vm->name);
	out->target = strdup(origin);
	out->from = plan->target ? strdup(plan->target) : NULL;
	if (!out->vm || !out->target || (plan->target && !out->from))
		goto oom;
	out->priority = plan->priority;
	out->max_downtime_ms = plan->max_downtime_ms;
	out->max_time_s = plan->max_time_s;
	out->bandwidth_mibs = plan->bandwidth_mibs;
	out->encrypt = plan->encrypt;
	out->connections = plan->connections;
	out->compress = plan->compress;
	out->kind = PLAN_KIND_COMPUTE;
	/* each disk the move copies comes back to the datastore it is in now */
	for (size_t d = 0; d < vm->ndisks; d++) {
		const struct inv_disk *disk = &vm->disks[d];
		if (!disk_destination(plan, disk, host_change) || !disk->target)
			continue;
		out->kind = PLAN_KIND_BOTH;
		out->delete_source = plan->delete_source;
		if (disk->pool && plan_add_disk(out, disk->target, disk->pool, PLAN_FORMAT_SAME) != 0)
			goto oom;
	}
	return 0;
oom:
	plan_free(out);
	return -1;
}

int evacuate_record_save(const struct evacuate_run *run, const char *path,
			 struct vm_error *err)
{
	struct plan *plans = calloc(run->nvms ? run->nvms : 1, sizeof *plans);
	size_t n = 0;
	char origin[160];
	int rc;

	if (!plans) {
		vm_error_set(err, "%s: out of memory", path);
		return -1;
	}
	for (size_t i = 0; i < run->nvms; i++) {
		const struct evacuate_vm *v = &run->vms[i];
		if (v->back.vm && (v->outcome == EVACUATE_MOVED || v->outcome == EVACUATE_WAITING))
			plans[n++] = v->back;	/* shallow: RUN keeps them */
	}
	snprintf(origin, sizeof origin, "the evacuation of host %s (its return trip: "
		 "'virt-migrate evacuate --return FILE')", run->host);
	rc = n ? answers_save(path, plans, n, origin, err) : 0;
	free(plans);
	return rc;
}

const char *evacuate_return_verdict_name(enum evacuate_return_verdict v)
{
	switch (v) {
	case EVACUATE_RETURN_GOES:
		return "goes";
	case EVACUATE_RETURN_HOME:
		return "home";
	case EVACUATE_RETURN_MOVED:
		return "moved";
	case EVACUATE_RETURN_DELETED:
		return "deleted";
	case EVACUATE_RETURN_REFUSED:
		return "refused";
	}
	return "?";
}

void evacuate_return_judge(struct inventory *inv, const struct config *cfg,
			   const struct plan *plan, const struct probe_options *probe,
			   struct evacuate_return *out)
{
	struct inv_host *h = NULL;
	struct inv_vm *vm = inventory_vm_find(inv, plan->vm, &h);
	struct check_facts facts;
	struct vm_error e;

	memset(out, 0, sizeof *out);
	if (!vm || !h) {
		out->verdict = EVACUATE_RETURN_DELETED;
		return;
	}
	out->now_on = h->cfg->name;
	if (plan->target && strcmp(plan->target, h->cfg->name) == 0) {
		out->verdict = EVACUATE_RETURN_HOME;
		return;
	}
	if (plan->from && strcmp(plan->from, h->cfg->name) != 0) {
		out->verdict = EVACUATE_RETURN_MOVED;
		return;
	}
	memset(&facts, 0, sizeof facts);
	int probed = probe_plan_opt(inv, plan, probe, &facts, &e) == 0;
	checks_evaluate(inv, plan, probed ? &facts : NULL, cfg, &out->findings);
	out->verdict = out->findings.errors ? EVACUATE_RETURN_REFUSED : EVACUATE_RETURN_GOES;
}

char *evacuate_record_path(const char *host, struct vm_error *err)
{
	char *dir = journal_state_dir(), *sub = NULL, *path = NULL, *name = NULL;
	char when[32] = "now";
	time_t now = time(NULL);
	struct tm tm;

	if (!dir) {
		vm_error_set(err, "There is no state directory for the evacuation's record: neither "
			     "XDG_STATE_HOME nor HOME is an absolute path.");
		vm_error_hint(err, "Set HOME, or name the record with --record FILE.");
		return NULL;
	}
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	sub = journal_subdir(dir, "evacuations", 1, err);
	name = journal_escape(host);
	if (sub && name && asprintf(&path, "%s/%s-%s.ini", sub, name, when) < 0)
		path = NULL;
	if (sub && !path)
		vm_error_set(err, "Out of memory.");
	free(name);
	free(sub);
	free(dir);
	return path;
}

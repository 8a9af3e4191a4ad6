/* ui/wizard_model_plan.c — the plans the wizard's choices make, one per VM
 * of the move, and the checks of those plans, without curses. */
#include <stdlib.h>
#include <string.h>

#include "../engine/checks_together.h"
#include "wizard_model.h"

int wizard_model_plan(const struct wizard_model *m, struct plan *out)
{
	return wizard_model_plan_vm(m, 0, out);
}

/* 1 when VM has a NIC on network NET. */
static int vm_uses_net(const struct inv_vm *vm, const char *net)
{
	for (size_t i = 0; i < vm->nnics; i++)
		if (vm->nics[i].network && strcmp(vm->nics[i].network, net) == 0)
			return 1;
	return 0;
}

int wizard_model_plan_vm(const struct wizard_model *m, size_t k, struct plan *out)
{
	const struct inv_vm *vm = wizard_model_vm_at(m, k);
	const struct inv_host *dst = wizard_model_dst(m);
	memset(out, 0, sizeof(*out));
	if (!vm)
		return -1;
	out->kind = m->kind;
	out->priority = m->priority;
	out->encrypt = m->encrypt;
	out->format = m->format;
	out->max_downtime_ms = m->max_downtime_ms;
	out->max_time_s = m->max_time_s;
	out->bandwidth_mibs = m->bandwidth_mibs;
	if (plan_kind_needs_host(m->kind) && plan_is_live(vm)) {
		/* a live move to another host: its memory stream split and
		 * compressed as chosen on the priority step */
		out->connections = m->connections;
		out->compress = m->compress;
	} else if (plan_kind_needs_host(m->kind) && plan_is_streamed(vm)) {
		/* suspended: the paused VM's one pass is offered no streams, so
		 * the plan says one, not the config's default the step cannot
		 * change; a cold VM's plan says nothing (0, UNSET) */
		out->connections = 1;
		out->compress = PLAN_COMPRESS_NONE;
	}
	if (!(out->vm = strdup(vm->name)))
		goto fail;
	if (dst && !(out->target = strdup(dst->cfg->name)))
		goto fail;
	if (plan_kind_moves_storage(m->kind)) {
		if (m->per_disk && k == 0) {
			for (size_t i = 0; i < m->ndisks; i++)
				if (m->disk_ds[i] && disk_copyable(&vm->disks[i]) &&
				    plan_add_disk(out, vm->disks[i].target, m->disk_ds[i],
						  m->disk_fmt[i]) != 0)
					goto fail;
		} else if (m->datastore && !(out->datastore = strdup(m->datastore))) {
			goto fail;
		}
	}
	if (plan_kind_needs_host(m->kind))
		for (size_t i = 0; i < m->nnets; i++)
			if (m->net_to[i] && strcmp(m->net_from[i], m->net_to[i]) != 0 &&
			    vm_uses_net(vm, m->net_from[i]) &&
			    plan_add_net(out, m->net_from[i], m->net_to[i]) != 0)
				goto fail;
	return 0;
fail:
	plan_free(out);
	return -1;
}

size_t wizard_model_check_vm(const struct wizard_model *m, size_t k, struct findings *out)
{
	struct plan p;
	if (wizard_model_plan_vm(m, k, &p) != 0)
		return 0;
	const struct check_facts *facts = NULL;
	size_t t = !plan_kind_needs_host(m->kind) ? m->src : m->target;
	const struct wizard_verdict *v = t != WIZARD_NONE ? &m->verdicts[t] : NULL;
	if (v && v->state == WIZARD_VERDICT_DONE) {
		if (v->per_vm.n == 0 && k == 0 && v->probed)
			facts = &v->facts;
		else if (k < v->per_vm.n && v->per_vm.probed[k])
			facts = &v->per_vm.facts[k];
	}
	size_t n = checks_evaluate(m->inv, &p, facts, m->cfg, out);
	plan_free(&p);
	return n;
}

size_t wizard_model_check_together(const struct wizard_model *m, struct findings *out)
{
	struct plan *plans;
	size_t n, before = out->errors;
	if (m->nvms < 2 || wizard_model_vms_plans(m, &plans, &n) != 0)
		return 0;
	checks_together(m->inv, plans, n, out);
	wizard_model_vms_plans_free(plans, n);
	return out->errors - before;
}

size_t wizard_model_check(const struct wizard_model *m, struct findings *out)
{
	size_t n = 0;
	for (size_t k = 0; k < (m->nvms ? m->nvms : 1); k++)
		n += wizard_model_check_vm(m, k, out);
	return n + wizard_model_check_together(m, out);
}

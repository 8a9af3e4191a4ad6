/* ui/wizard_model_vms.c — several VMs in one pass of the wizard, without
 * curses: the marks of the VM step, which become the move's VMs at Next,
 * the step heading that counts them, and one plan per VM.
 *
 * The marked VMs share one source host.  Every step after the VM step
 * makes one choice for all of them: the target is "another host" than that
 * one, a storage-only move uses that host's datastores, and the network map
 * is from its networks; VMs of several hosts would need a choice per host. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wizard_model.h"

size_t wizard_model_vms_live(const struct wizard_model *m)
{
	size_t n = 0;
	for (size_t k = 0; k < m->nvms; k++)
		n += plan_is_live(wizard_model_vm_at(m, k)) != 0;
	return n;
}

int wizard_model_vms_marked(const struct wizard_model *m, size_t host, size_t vm)
{
	if (host != m->mark_src)
		return 0;
	for (size_t k = 0; k < m->nmarks; k++)
		if (m->marks[k] == vm)
			return 1;
	return 0;
}

int wizard_model_vms_mark(struct wizard_model *m, size_t host, size_t vm, char *why,
			  size_t len)
{
	if (why && len)
		why[0] = '\0';
	if (host >= m->inv->nhosts || vm >= m->inv->hosts[host].nvms)
		return -1;
	if (m->nmarks && host != m->mark_src) {
		if (why && len)
			snprintf(why, len, "VM '%s' is on host %s: marked VMs share one host (%s); "
				 "the next steps choose once for all.", m->inv->hosts[host].vms[vm].name,
				 m->inv->hosts[host].cfg->name, m->inv->hosts[m->mark_src].cfg->name);
		return -1;
	}
	for (size_t k = 0; k < m->nmarks; k++)
		if (m->marks[k] == vm) {	/* unmark: the others keep their order */
			memmove(&m->marks[k], &m->marks[k + 1], (m->nmarks - k - 1) * sizeof(size_t));
			if (--m->nmarks == 0)
				m->mark_src = WIZARD_NONE;
			return 0;
		}
	size_t *n = realloc(m->marks, (m->nmarks + 1) * sizeof(*n));
	if (!n)
		return -1;
	m->marks = n;
	m->marks[m->nmarks++] = vm;
	m->mark_src = host;
	return 1;
}

int wizard_model_vms_choose(struct wizard_model *m, size_t host, size_t vm)
{
	if (m->nmarks)
		return wizard_model_set_vms(m, m->mark_src, m->marks, m->nmarks);
	return wizard_model_set_vm(m, host, vm);
}

void wizard_model_vms_heading(const struct wizard_model *m, enum wizard_step s, char *buf,
			      size_t len)
{
	if (s == WIZARD_STEP_VM && m->nmarks)
		snprintf(buf, len, "Select virtual machines (%zu marked)", m->nmarks);
	else
		snprintf(buf, len, "%s", wizard_model_step_title(s));
}

void wizard_model_vms_plans_free(struct plan *plans, size_t n)
{
	for (size_t k = 0; plans && k < n; k++)
		plan_free(&plans[k]);
	free(plans);
}

int wizard_model_vms_plans(const struct wizard_model *m, struct plan **plans, size_t *n)
{
	size_t count = m->nvms ? m->nvms : 1;
	*plans = calloc(count, sizeof(**plans));
	*n = 0;
	if (!*plans)
		return -1;
	for (size_t k = 0; k < count; k++) {
		if (wizard_model_plan_vm(m, k, &(*plans)[k]) != 0) {
			wizard_model_vms_plans_free(*plans, k);
			*plans = NULL;
			return -1;
		}
	}
	*n = count;
	return 0;
}

int wizard_model_verdict_in_group(const struct wizard_verdict *v, size_t i, size_t k)
{
	return v->per_vm.finding_vm && i < v->findings.count && v->per_vm.finding_vm[i] == k;
}

void wizard_model_verdict_group(const struct wizard_model *m, const struct wizard_verdict *v,
				size_t k, struct wizard_verdict_group *g)
{
	const struct inv_vm *vm = k == WIZARD_VERDICT_TOGETHER ? NULL : wizard_model_vm_at(m, k);
	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < v->findings.count; i++) {
		const struct finding *f = &v->findings.items[i];
		if (!wizard_model_verdict_in_group(v, i, k))
			continue;
		g->findings++;
		g->errors += f->severity == FINDING_ERROR;
		g->warnings += f->severity == FINDING_WARNING;
		g->later += f->severity == FINDING_ERROR &&
			    wizard_model_finding_step(m->kind, f) != WIZARD_STEP_COUNT;
	}
	g->weight = g->errors > g->later ? 3 : g->errors ? 2 : g->warnings ? 1 : 0;
	int n = vm ? snprintf(g->line, sizeof(g->line), "VM '%s': ", vm->name)
		: snprintf(g->line, sizeof(g->line), "All %zu VMs together: ", v->per_vm.n);
	size_t at = n > 0 && (size_t)n < sizeof(g->line) ? (size_t)n : sizeof(g->line) - 1;
	char *rest = g->line + at;
	size_t len = sizeof(g->line) - at;
	if (g->errors && g->later)	/* as the host's verdict words it */
		snprintf(rest, len, "%zu error%s, %zu later", g->errors, g->errors == 1 ? "" : "s",
			 g->later);
	else if (g->errors)
		snprintf(rest, len, "%zu error%s", g->errors, g->errors == 1 ? "" : "s");
	else if (g->warnings)
		snprintf(rest, len, "ok, %zu warning%s", g->warnings, g->warnings == 1 ? "" : "s");
	else
		snprintf(rest, len, "ok");
}

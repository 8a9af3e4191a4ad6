/* tests/unit/wizfix.c — the wizard model on checkfix's world (wizfix.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "wizfix.h"
#include "../../engine/checks_together.h"

struct fx *wizfix_new(struct wizard_model *m, ...)
{
	struct fx *f = fx_new();
	const char *host;
	va_list ap;

	va_start(ap, m);
	while ((host = va_arg(ap, const char *)))
		fx_add_vm(f, host, va_arg(ap, const char *));
	va_end(ap);
	CU_ASSERT_EQUAL_FATAL(wizard_model_init(m, &f->inv, &f->cfg), 0);
	return f;
}

size_t wizfix_host(struct fx *f, const char *name)
{
	return (size_t)(fx_host(f, name) - f->inv.hosts);
}

size_t wizfix_vm(struct fx *f, const char *host, const char *name)
{
	struct inv_host *h = fx_host(f, host);
	for (size_t i = 0; i < h->nvms; i++)
		if (strcmp(h->vms[i].name, name) == 0)
			return i;
	CU_FAIL_FATAL("no such VM in the fixture");
	return 0;
}

void wizfix_choose_two(struct wizard_model *m, struct fx *f)
{
	size_t a = wizfix_host(f, "a");
	CU_ASSERT_EQUAL(wizard_model_vms_mark(m, a, wizfix_vm(f, "a", "vm1"), NULL, 0), 1);
	CU_ASSERT_EQUAL(wizard_model_vms_mark(m, a, wizfix_vm(f, "a", "vm2"), NULL, 0), 1);
	CU_ASSERT_EQUAL_FATAL(wizard_model_vms_choose(m, a, wizfix_vm(f, "a", "vm2")), 0);
	CU_ASSERT_EQUAL_FATAL(m->nvms, 2);
}

void wizfix_plan_at(const struct wizard_model *m, size_t k, const char *name, struct plan *p)
{
	CU_ASSERT_EQUAL_FATAL(wizard_model_plan_vm(m, k, p), 0);
	free(p->target);
	p->target = strdup(name);
}

void wizfix_verdict(struct wizard_model *m, struct fx *f, const char *name)
{
	struct plan p;
	struct findings found = { 0 };

	wizfix_plan_at(m, 0, name, &p);
	checks_evaluate(&f->inv, &p, &f->facts, &f->cfg, &found);
	plan_free(&p);
	wizard_model_verdict_put(m, wizfix_host(f, name), 1, &f->facts, &found,
				 wizard_model_verdict_deferred(m->kind, &found));
}

/* Tag the findings of FOUND from BEFORE on as VM K's in PER. */
static void tag(struct wizard_verdict_vms *per, const struct findings *found, size_t before,
		size_t k)
{
	per->finding_vm = realloc(per->finding_vm, (found->count + 1) * sizeof(size_t));
	CU_ASSERT_PTR_NOT_NULL_FATAL(per->finding_vm);
	for (size_t i = before; i < found->count; i++)
		per->finding_vm[i] = k;
}

void wizfix_verdict_vms(struct wizard_model *m, struct fx *f, const char *name, int together)
{
	struct findings found = { 0 };
	struct wizard_verdict_vms per = { 0 };
	struct plan *plans = calloc(m->nvms, sizeof(*plans));
	per.n = m->nvms;
	per.probed = calloc(m->nvms, sizeof(*per.probed));
	per.facts = calloc(m->nvms, sizeof(*per.facts));
	CU_ASSERT_FATAL(plans && per.probed && per.facts);
	for (size_t k = 0; k < m->nvms; k++) {
		size_t before = found.count;
		wizfix_plan_at(m, k, name, &plans[k]);
		checks_evaluate(&f->inv, &plans[k], &f->facts, &f->cfg, &found);
		per.probed[k] = 1;
		per.facts[k] = f->facts;
		tag(&per, &found, before, k);
	}
	if (together) {
		size_t before = found.count;
		checks_together(&f->inv, plans, m->nvms, &found);
		tag(&per, &found, before, WIZARD_VERDICT_TOGETHER);
	}
	wizard_model_vms_plans_free(plans, m->nvms);
	size_t i = wizfix_host(f, name);
	wizard_model_verdict_put(m, i, 1, &f->facts, &found,
				 wizard_model_verdict_deferred(m->kind, &found));
	wizard_model_verdict_put_vms(m, i, &per);
	findings_free(&found);
	wizard_model_verdict_vms_free(&per);
}

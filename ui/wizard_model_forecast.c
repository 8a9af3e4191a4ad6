/* ui/wizard_model_forecast.c — the forecast of each live VM of the move
 * for Ready to complete, without curses: its dirty rate as sampled in the
 * background (the model only keeps the sample: ui/dirtysample.c takes it),
 * the link's figure from the target's verdict, the model in the engine
 * (forecast_plan(), engine/forecast_plan.c) and its short wording
 * (forecast_brief(), engine/forecast_brief.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/forecast.h"
#include "../engine/probe_dirty.h"
#include "wizard_model.h"

int wizard_model_forecast_applies(const struct wizard_model *m)
{
	return wizard_model_vm(m) && plan_kind_needs_host(m->kind) && wizard_model_vms_live(m) > 0;
}

int wizard_model_sample_current(const struct wizard_model *m)
{
	const struct wizard_sample *s = &m->sample;

	return s->state != WIZARD_VERDICT_NONE && s->src == m->src && s->vm == m->vm &&
	       s->vms_gen == m->vms_gen && s->needs_host == plan_kind_needs_host(m->kind);
}

void wizard_model_sample_free(struct wizard_model *m)
{
	free(m->sample.vms);
	memset(&m->sample, 0, sizeof m->sample);
}

void wizard_model_sample_begin(struct wizard_model *m)
{
	struct wizard_sample *s = &m->sample;

	wizard_model_sample_free(m);
	s->state = WIZARD_VERDICT_PENDING;
	s->src = m->src;
	s->vm = m->vm;
	s->vms_gen = m->vms_gen;
	s->needs_host = plan_kind_needs_host(m->kind);
}

int wizard_model_sample_put(struct wizard_model *m, struct probe_dirty *vms, size_t n)
{
	struct wizard_sample *s = &m->sample;

	if (s->state != WIZARD_VERDICT_PENDING || !wizard_model_sample_current(m)) {
		free(vms);
		return 0;
	}
	s->vms = vms;
	s->n = n;
	s->state = WIZARD_VERDICT_DONE;
	return 1;
}

/* The facts of VM K for the target, from its verdict; NULL when not probed. */
static const struct check_facts *target_facts(const struct wizard_model *m, size_t k)
{
	const struct wizard_verdict *v;

	if (m->target == WIZARD_NONE || m->target >= m->inv->nhosts)
		return NULL;
	v = &m->verdicts[m->target];
	if (v->state != WIZARD_VERDICT_DONE)
		return NULL;
	if (v->per_vm.n > k)
		return v->per_vm.probed[k] ? &v->per_vm.facts[k] : NULL;
	return k == 0 && v->probed ? &v->facts : NULL;
}

void wizard_model_forecast(const struct wizard_model *m, size_t k, struct forecast *out)
{
	const struct wizard_sample *s = &m->sample;
	const struct probe_dirty *sample = NULL;
	struct plan p;

	if (wizard_model_plan_vm(m, k, &p) != 0) {
		memset(out, 0, sizeof *out);
		out->verdict = FORECAST_NONE;
		out->total_s = out->downtime_ms = -1.0;
		snprintf(out->reason, sizeof out->reason, "no VM is chosen");
		return;
	}
	if (s->state == WIZARD_VERDICT_DONE && wizard_model_sample_current(m) && k < s->n)
		sample = &s->vms[k];
	forecast_plan(m->inv, m->cfg, &p, target_facts(m, k), sample, out);
	plan_free(&p);
}

int wizard_model_forecast_text(const struct wizard_model *m, size_t k, char *buf, size_t len)
{
	struct forecast f;

	wizard_model_forecast(m, k, &f);
	if (f.verdict == FORECAST_NONE) {
		snprintf(buf, len, "-");
		return 0;
	}
	if (m->sample.state == WIZARD_VERDICT_PENDING && wizard_model_sample_current(m))
		snprintf(buf, len, "sampling the dirty rate...");
	else
		forecast_brief(&f, buf, len);
	return 1;
}

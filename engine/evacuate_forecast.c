/* engine/evacuate_forecast.c — the forecast of each move of an evacuation
 * (engine/evacuate_forecast.h): the samples of every live VM run at once,
 * the link facts are read while they do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "evacuate_forecast.h"
#include "forecast.h"
#include "inventory_int.h"
#include "probe_dirty.h"

static void none(struct forecast *f, const char *fmt, const char *a, const char *b)
{
	memset(f, 0, sizeof *f);
	f->verdict = FORECAST_NONE;
	f->total_s = f->downtime_ms = -1.0;
	snprintf(f->reason, sizeof f->reason, fmt, a, b);
}

void evacuate_forecast_plans(struct inventory *inv, const struct config *cfg,
			     const struct plan *const *plans, size_t n, struct forecast *out)
{
	struct probe_dirty *samples = calloc(n ? n : 1, sizeof *samples);
	struct check_facts *facts = calloc(n ? n : 1, sizeof *facts);
	int *probed = calloc(n ? n : 1, sizeof *probed);

	/* every sampling started first: they run side by side */
	for (size_t i = 0; samples && i < n; i++)
		if (plans[i]->target)
			forecast_plan_start(inv, plans[i], &samples[i]);
	/* the link facts meanwhile, for the live moves */
	for (size_t i = 0; samples && facts && probed && i < n; i++) {
		const struct plan *p = plans[i];
		struct inv_host *src = NULL, *dst;
		const struct inv_vm *vm;

		if (!p->target || !(vm = inventory_vm_find(inv, p->vm, &src)) || !src ||
		    !plan_is_live(vm) || !(dst = inventory_host_find(inv, p->target)) || dst == src)
			continue;
		facts[i].now = (long long)time(NULL);
		probe_link(inv, NULL, src, dst, &facts[i]);
		probed[i] = 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!samples) {
			none(&out[i], "%s%s", "out of memory", "");
			continue;
		}
		forecast_plan_finish(inv, plans[i], &samples[i]);
		forecast_plan(inv, cfg, plans[i], facts && probed && probed[i] ? &facts[i] : NULL,
			      &samples[i], &out[i]);
	}
	free(samples);
	free(facts);
	free(probed);
}

void evacuate_forecast(struct inventory *inv, const struct config *cfg,
		       const struct evacuate_plan *ep, struct forecast *out)
{
	const struct plan **plans = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *plans);
	size_t *index = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *index);
	struct forecast *fc = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *fc);
	size_t n = 0;

	for (size_t i = 0; i < ep->nmoves; i++) {
		const struct evacuate_move *m = &ep->moves[i];

		if (!m->plan.target)
			none(&out[i], "VM %s stays on host %s", m->vm->name, ep->host);
		else if (!plans || !index || !fc)
			none(&out[i], "%s%s", "out of memory", "");
		else {
			plans[n] = &m->plan;
			index[n++] = i;
		}
	}
	if (n)
		evacuate_forecast_plans(inv, cfg, plans, n, fc);
	for (size_t k = 0; k < n; k++)
		out[index[k]] = fc[k];
	free(plans);
	free(index);
	free(fc);
}

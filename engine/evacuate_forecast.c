/* engine/evacuate_forecast.c — the forecast of each move of an evacuation
 * plan (engine/evacuate_forecast.h): the samples of every live VM run at
 * once, the link facts are read while they do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "evacuate_forecast.h"
#include "forecast.h"
#include "inventory_int.h"
#include "probe_dirty.h"

void evacuate_forecast(struct inventory *inv, const struct config *cfg,
		       const struct evacuate_plan *ep, struct forecast *out)
{
	struct probe_dirty *samples = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *samples);
	struct check_facts *facts = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *facts);
	int *probed = calloc(ep->nmoves ? ep->nmoves : 1, sizeof *probed);

	/* every sampling started first: they run side by side */
	for (size_t i = 0; samples && i < ep->nmoves; i++)
		if (ep->moves[i].plan.target)
			forecast_plan_start(inv, &ep->moves[i].plan, &samples[i]);
	/* the link facts meanwhile */
	for (size_t i = 0; facts && probed && i < ep->nmoves; i++) {
		const struct plan *p = &ep->moves[i].plan;
		struct inv_host *src = NULL, *dst;

		if (!p->target || !ep->moves[i].live || !inventory_vm_find(inv, p->vm, &src) ||
		    !src || !(dst = inventory_host_find(inv, p->target)) || dst == src)
			continue;
		facts[i].now = (long long)time(NULL);
		probe_link(inv, NULL, src, dst, &facts[i]);
		probed[i] = 1;
	}
	for (size_t i = 0; i < ep->nmoves; i++) {
		const struct evacuate_move *m = &ep->moves[i];

		if (!m->plan.target || !samples) {
			memset(&out[i], 0, sizeof out[i]);
			out[i].verdict = FORECAST_NONE;
			out[i].total_s = out[i].downtime_ms = -1.0;
			if (m->plan.target)
				snprintf(out[i].reason, sizeof out[i].reason, "out of memory");
			else
				snprintf(out[i].reason, sizeof out[i].reason, "VM %s stays on host %s",
					 m->vm->name, ep->host);
			continue;
		}
		forecast_plan_finish(inv, &m->plan, &samples[i]);
		forecast_plan(inv, cfg, &m->plan, facts && probed && probed[i] ? &facts[i] : NULL,
			      &samples[i], &out[i]);
	}
	free(samples);
	free(facts);
	free(probed);
}

/* engine/evacuate_forecast.h — the forecast of each move of an evacuation
 * plan (engine/evacuate_forecast.c), for 'evacuate --dry-run' and the
 * history of an evacuation's moves.  Not part of
 * engine/engine.h: the command includes it with engine/forecast.h. */
#ifndef VIRT_MIGRATE_EVACUATE_FORECAST_H
#define VIRT_MIGRATE_EVACUATE_FORECAST_H

#include <stddef.h>

struct config;
struct evacuate_plan;
struct plan;
struct forecast;
struct inventory;

/* OUT[i] (EP->nmoves of them) for EP->moves[i], by forecast_plan(): each
 * live move's dirty rate sampled, every sampling started before the first
 * is read, so that the whole takes one sampling period and not one per VM;
 * the link's figure from the facts (the cache; read on the hosts when not
 * cached, as the makespan does).  FORECAST_NONE with the reason for a VM
 * that stays or moves cold. */
void evacuate_forecast(struct inventory *inv, const struct config *cfg,
		       const struct evacuate_plan *ep, struct forecast *out);

/* OUT[i] for the N plans PLANS[i] the same way (every sampling at once, the
 * link facts meanwhile): an evacuation's round before it runs
 * (engine/evacuate_run.c), each move's forecast kept in its history record. */
void evacuate_forecast_plans(struct inventory *inv, const struct config *cfg,
			     const struct plan *const *plans, size_t n, struct forecast *out);

#endif

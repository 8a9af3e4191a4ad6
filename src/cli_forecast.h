/* src/cli_forecast.h — the forecast of a live move as check, move and
 * evacuate show it (src/cli_forecast.c): text and the JSON object. */
#ifndef VIRT_MIGRATE_CLI_FORECAST_H
#define VIRT_MIGRATE_CLI_FORECAST_H

#include <stdio.h>

#include "../engine/forecast.h"

struct migration_result;

/* F as rows from column COL: "forecast: VERDICT ...", its inputs under it. */
void cli_forecast_text(FILE *out, const struct forecast *f, int col);
/* F in its short form (forecast_brief()) as one row from column COL,
 * wrapped: "forecast: converges: about 12 s, 3 passes, downtime about 80 ms"
 * (evacuate --dry-run, under each live move of its table). */
void cli_forecast_brief(FILE *out, const struct forecast *f, int col);
/* F as a JSON object (schema: man page, JSON OUTPUT). */
void cli_forecast_json(FILE *out, const struct forecast *f);
/* After a move that ran: the forecast beside the actual figures of R, one
 * row ("forecast 7.3 s, 3 passes, downtime 80 ms: converges; actual ..."). */
void cli_forecast_result_text(FILE *out, const struct forecast *f,
			      const struct migration_result *r);

#endif

/* engine/forecast_brief.c — a forecast in a few words, for a row of a
 * table or a screen (engine/forecast.h): the one wording of its short form,
 * shown by the wizard's Ready to complete and by 'evacuate --dry-run'. */
#include <stdio.h>

#include "engine.h"
#include "forecast.h"

const char *forecast_brief(const struct forecast *f, char *buf, size_t len)
{
	char d[32];
	size_t n = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
#define ADD(...) \
	do { \
		if (n < len) \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); \
	} while (0)
	ADD("%s", forecast_verdict_name(f->verdict));
	if (f->verdict == FORECAST_ESCALATES && forecast_step_name(f->step))
		ADD(" (%s)", forecast_step_name(f->step));
	if (f->verdict == FORECAST_CONVERGES || f->verdict == FORECAST_ESCALATES) {
		const char *sep = ": ";
		if (f->total_s >= 0) {
			ADD("%sabout %s", sep, engine_duration(f->total_s, d, sizeof d));
			sep = ", ";
		}
		if (f->passes) {
			ADD("%s%u pass%s", sep, f->passes, f->passes == 1 ? "" : "es");
			sep = ", ";
		}
		if (f->downtime_ms >= 0)
			ADD("%sdowntime about %.0f ms", sep, f->downtime_ms);
	} else if (f->reason[0]) {
		ADD(": %s", f->reason);	/* unknown, fails, none: why */
	}
#undef ADD
	return buf;
}

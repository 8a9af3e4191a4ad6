/* engine/plan_limit.c — the plan's numeric limits, one table: the answers
 * reader parses with it, the answers writer checks with it, the command
 * line parses its options with it. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include "plan.h"

#define WORD(x) #x
#define STRING(x) WORD(x)

static const struct plan_limit limits[PLAN_LIMIT_COUNT] = {
	[PLAN_LIMIT_MAX_DOWNTIME] = {
		"max_downtime_ms", "--max-downtime", "milliseconds",
		"the default, " STRING(PLAN_DEFAULT_MAX_DOWNTIME_MS), 600000u,
		offsetof(struct plan, max_downtime_ms) },
	[PLAN_LIMIT_MAX_TIME] = {
		"max_time_s", "--max-time", "seconds", "no limit", 86400u,
		offsetof(struct plan, max_time_s) },
	[PLAN_LIMIT_BANDWIDTH] = {
		"bandwidth_mibs", "--bandwidth", "MiB/s", "no cap", 1000000u,
		offsetof(struct plan, bandwidth_mibs) },
};

const struct plan_limit *plan_limit_of(enum plan_limit_id id)
{
	return (unsigned)id < PLAN_LIMIT_COUNT ? &limits[id] : NULL;
}

unsigned plan_limit_get(const struct plan *p, enum plan_limit_id id)
{
	return *(const unsigned *)(const void *)((const char *)p + limits[id].offset);
}

void plan_limit_set(struct plan *p, enum plan_limit_id id, unsigned v)
{
	*(unsigned *)(void *)((char *)p + limits[id].offset) = v;
}

/* Digits only: strtoul alone would take blanks, a sign ("-1" wraps to a
 * huge number) and "0x". */
int plan_limit_parse(enum plan_limit_id id, const char *s, unsigned *out)
{
	char *end;

	if ((unsigned)id >= PLAN_LIMIT_COUNT || !s || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || errno || v > limits[id].max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int plan_limit_check(const struct plan *p, struct vm_error *err)
{
	for (int id = 0; id < PLAN_LIMIT_COUNT; id++) {
		unsigned v = plan_limit_get(p, (enum plan_limit_id)id);

		if (v > limits[id].max) {
			vm_error_set(err, "VM '%s': %s is %u, above its limit of %u %s.",
				     p->vm ? p->vm : "?", limits[id].key, v, limits[id].max,
				     limits[id].unit);
			vm_error_hint(err, "Give a whole number from 0 (%s) to %u.", limits[id].zero,
				      limits[id].max);
			return -1;
		}
	}
	return 0;
}

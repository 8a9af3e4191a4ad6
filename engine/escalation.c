/* engine/escalation.c — the escalation ladder's rules (engine/escalation.h). */
#include <stddef.h>
#include <string.h>

#include "migration_int.h"
#include "escalation.h"

unsigned escalation_budget_ms(const struct plan *plan)
{
	return plan->max_downtime_ms ? plan->max_downtime_ms : PLAN_DEFAULT_MAX_DOWNTIME_MS;
}

unsigned escalation_allowed_ms(const struct plan *plan)
{
	unsigned budget = escalation_budget_ms(plan);
	unsigned allowed = plan->priority == PLAN_PRIORITY_HIGH ? budget : budget / 3;

	if (allowed < 30)
		allowed = budget < 30 ? budget : 30;
	return allowed;
}

const char *escalation_postcopy_why_not(const struct plan *plan, const struct config *cfg,
					const struct inv_vm *vm)
{
	const char *pc = cfg ? cfg->defaults.postcopy : NULL;

	if (plan->priority != PLAN_PRIORITY_HIGH)
		return "post-copy is for High priority only";
	if (pc && strcmp(pc, "never") == 0)
		return "post-copy is off (postcopy = never in the config)";
	if (pc && strcmp(pc, "always") == 0)
		return NULL;
	if (vm && migration_vm_emulated(vm))
		return "post-copy is not used for a VM under QEMU's emulation (TCG)";
	return NULL;
}

int escalation_postcopy(const struct plan *plan, const struct config *cfg, const struct inv_vm *vm)
{
	return escalation_postcopy_why_not(plan, cfg, vm) == NULL;
}

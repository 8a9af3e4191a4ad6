/* engine/escalation.h — the ladder a live move (vMotion) climbs when it
 * does not converge (engine/escalation.c): the one home of its rules, for
 * the executor that climbs it (engine/migration_live.c) and the forecast
 * that predicts it (engine/forecast_plan.c).  Not part of engine/engine.h.
 *
 * Convergence: a guest whose memory is copied in 2 to 4 precopy passes
 * converges; one still copying after ESCALATION_RAISE_PASS passes does not.
 * The fixed order of escalation:
 *   1. the allowed downtime, started at a third of the budget (Standard) or
 *      at the budget (High), never under 30 ms unless the budget is, is
 *      raised to the whole budget at pass ESCALATION_RAISE_PASS;
 *   2. auto-converge (on from the start) throttles the guest's vCPUs when
 *      QEMU sees it is needed: first by ESCALATION_THROTTLE_INITIAL %, then
 *      ESCALATION_THROTTLE_INCREMENT % more each time;
 *   3. High priority only: post-copy at pass ESCALATION_POSTCOPY_PASS (the
 *      guest runs on the target while the rest of its memory follows) --
 *      never for a VM under QEMU's emulation (domain type 'qemu', TCG): in
 *      the lab such a guest's memory came out corrupt after post-copy every
 *      time (kernel faults in timer lists, then a reboot), so it goes on in
 *      precopy (the config's postcopy = never|always
 *      overrides this);
 * and the job is aborted when the time budget (--max-time) is spent.
 * "Pass" is libvirt's memory iteration count as the job statistics give it. */
#ifndef VIRT_MIGRATE_ESCALATION_H
#define VIRT_MIGRATE_ESCALATION_H

struct config;
struct inv_vm;
struct plan;

#define ESCALATION_RAISE_PASS 5
#define ESCALATION_POSTCOPY_PASS 8
#define ESCALATION_THROTTLE_INITIAL 20
#define ESCALATION_THROTTLE_INCREMENT 10

/* The downtime budget of PLAN, ms: its --max-downtime, else the default. */
unsigned escalation_budget_ms(const struct plan *plan);
/* The downtime allowed at the start (step 1 raises it to the budget). */
unsigned escalation_allowed_ms(const struct plan *plan);
/* 1 when post-copy is the third step for PLAN's VM VM under CFG (may be
 * NULL): High priority, and the VM is not emulated unless postcopy =
 * always; never with postcopy = never. */
int escalation_postcopy(const struct plan *plan, const struct config *cfg, const struct inv_vm *vm);
/* Why post-copy is not the third step (a phrase: "post-copy is for High
 * priority only"), or NULL when it is. */
const char *escalation_postcopy_why_not(const struct plan *plan, const struct config *cfg,
					const struct inv_vm *vm);

#endif

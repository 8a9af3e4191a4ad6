/* engine/forecast_plan.c — the forecast of one plan: its inputs gathered
 * (the VM's memory, its dirty rate sampled, the link's figure, the plan's
 * limits) and the ladder of the executor that would run it, then the model
 * (engine/forecast.c). */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "escalation.h"
#include "forecast.h"
#include "link_figure.h"
#include "probe_dirty.h"

#define MIB 1048576.0

/* The VM's host and the VM when PLAN moves it live to another host (any
 * target when ANY_TARGET); else NULL with WHY. */
static struct inv_vm *live_move(struct inventory *inv, const struct plan *plan, int any_target,
				struct inv_host **src, struct inv_host **dst, char *why,
				size_t len)
{
	struct inv_vm *vm = inventory_vm_find(inv, plan->vm, src);

	*dst = NULL;
	if (!vm || !*src) {
		snprintf(why, len, "VM %s is on none of the hosts read", plan->vm);
		return NULL;
	}
	if (!plan_kind_needs_host(plan->kind)) {
		snprintf(why, len, "a storage-only move keeps VM %s on its host: no memory "
			 "crosses a link", vm->name);
		return NULL;
	}
	if (!plan_is_live(vm)) {
		snprintf(why, len, "VM %s is %s: a cold move copies no memory live", vm->name,
			 inv_vm_state_name(vm->state));
		return NULL;
	}
	if (any_target)
		return vm;
	*dst = plan->target ? inventory_host_find(inv, plan->target) : NULL;
	if (!*dst || *dst == *src) {
		snprintf(why, len, "the plan names no other host for VM %s", vm->name);
		return NULL;
	}
	return vm;
}

void forecast_plan_start(struct inventory *inv, const struct plan *plan,
			 struct probe_dirty *sample)
{
	struct inv_host *src, *dst;

	memset(sample, 0, sizeof *sample);
	sample->bps = -1.0;
	if (live_move(inv, plan, 1, &src, &dst, sample->why, sizeof sample->why))
		probe_dirty_start(src, plan->vm, PROBE_DIRTY_SECONDS, sample);
}

void forecast_plan_finish(struct inventory *inv, const struct plan *plan,
			  struct probe_dirty *sample)
{
	struct inv_host *src = NULL;
	struct inv_vm *vm;

	if (!sample->started || !(vm = inventory_vm_find(inv, plan->vm, &src)) || !src)
		return;
	/* read while the sampling runs: it takes its period anyway */
	probe_mem(src, plan->vm, vm->memory_kib * 1024ULL, &sample->mem);
	probe_dirty_finish(src, plan->vm, sample);
}

/* The throughput the move gets: the link's figure (engine/link_figure.c:
 * measured, else the history's median, else the link's speed ...), under
 * the plan's cap; the cap alone when there is no figure. */
static void throughput(const struct config *cfg, const struct plan *plan,
		       const struct inv_host *src, const struct inv_host *dst,
		       const struct check_facts *facts, struct forecast_input *in)
{
	const char *figure = NULL;
	double mibs = link_figure(cfg, src, dst, facts ? &facts->link : NULL, &figure);

	if (plan->bandwidth_mibs && (mibs <= 0.0 || (double)plan->bandwidth_mibs < mibs)) {
		in->throughput_bps = (double)plan->bandwidth_mibs * MIB;
		in->throughput_from = "bandwidth cap";
		return;
	}
	if (mibs <= 0.0) {
		snprintf(in->throughput_why, sizeof in->throughput_why,
			 "no throughput figure for %s -> %s; measure it with 'virt-migrate check "
			 "VM --host %s --measure-link', or set link_gbps for both hosts in the "
			 "config", src->cfg->name, dst->cfg->name, dst->cfg->name);
		return;
	}
	in->throughput_bps = mibs * MIB;
	in->throughput_from = figure;
}

void forecast_plan(struct inventory *inv, const struct config *cfg, const struct plan *plan,
		   const struct check_facts *facts, const struct probe_dirty *sample,
		   struct forecast *out)
{
	struct forecast_input in;
	struct forecast_ladder ladder;
	struct inv_host *src, *dst;
	char why[256];
	struct inv_vm *vm = live_move(inv, plan, 0, &src, &dst, why, sizeof why);

	if (!vm) {
		memset(out, 0, sizeof *out);
		out->verdict = FORECAST_NONE;
		out->total_s = out->downtime_ms = -1.0;
		snprintf(out->reason, sizeof out->reason, "%s", why);
		return;
	}
	memset(&in, 0, sizeof in);
	memset(&ladder, 0, sizeof ladder);
	in.ram_bytes = vm->memory_kib * 1024ULL;
	in.ram_from = "configured";
	if (sample && sample->mem.bytes) {
		in.send_bytes = sample->mem.bytes;
		in.send_from = sample->mem.from;
	}
	in.dirty_bps = sample ? sample->bps : -1.0;
	in.dirty_from = in.dirty_bps >= 0.0 ? "sampled" : NULL;
	in.dirty_period_s = sample ? sample->seconds : 0;
	snprintf(in.dirty_why, sizeof in.dirty_why, "%s",
		 sample && sample->why[0] ? sample->why : "it was not sampled");
	throughput(cfg, plan, src, dst, facts, &in);

	ladder.budget_ms = escalation_budget_ms(plan);
	ladder.max_time_s = plan->max_time_s;
	ladder.setup_s = FORECAST_SETUP_S;
	if (plan->kind == PLAN_KIND_BOTH) {
		/* engine/migration_both.c: disks first, then memory with the whole
		 * downtime budget allowed, and no ladder */
		int change = 1;
		for (size_t d = 0; d < vm->ndisks; d++)
			if (disk_destination(plan, &vm->disks[d], change))
				in.disk_bytes += vm->disks[d].allocation ? vm->disks[d].allocation
									 : vm->disks[d].capacity;
		ladder.allowed_ms = ladder.budget_ms;
		ladder.postcopy_why_not = "a shared-nothing move has no escalation ladder";
	} else {
		ladder.allowed_ms = escalation_allowed_ms(plan);
		ladder.raise_pass = ESCALATION_RAISE_PASS;
		ladder.auto_converge = 1;
		ladder.throttle_initial = ESCALATION_THROTTLE_INITIAL;
		ladder.throttle_increment = ESCALATION_THROTTLE_INCREMENT;
		ladder.postcopy_why_not = escalation_postcopy_why_not(plan, cfg, vm);
		ladder.postcopy_pass = ladder.postcopy_why_not ? 0 : ESCALATION_POSTCOPY_PASS;
	}
	forecast_compute(&in, &ladder, out);
}

/* engine/probe.c — the facts checks need beyond the inventory, for one plan.
 *
 * The CPU verdict (probe_cpu.c) is asked of the target's hypervisor; for a
 * change of host the link and the peer-to-peer SSH path are measured on the
 * source and the target (probe_link.c).  Without a change of host there is
 * no link to read and no peer-to-peer path to need: the link facts stay
 * empty with no error, and p2p_ok is 1.  A live move between hosts also
 * reads both hosts' TLS set-up (probe_tls.c), beside the link.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "inventory_int.h"

struct tls_job {
	struct inv_host *src, *dst;
	struct check_facts *facts;
};

static void *tls_thread(void *arg)
{
	struct tls_job *j = arg;

	probe_tls_pair(j->src, j->dst, &j->facts->tls_src, &j->facts->tls_dst);
	return NULL;
}

int probe_plan(struct inventory *inv, const struct plan *plan, struct check_facts *facts,
	       struct vm_error *err)
{
	return probe_plan_opt(inv, plan, NULL, facts, err);
}

int probe_plan_opt(struct inventory *inv, const struct plan *plan,
		   const struct probe_options *opt, struct check_facts *facts,
		   struct vm_error *err)
{
	struct inv_host *src = NULL, *target;
	struct inv_vm *vm;

	vm_error_clear(err);
	if (facts) {
		memset(facts, 0, sizeof(*facts));
		facts->link.rtt_ms = -1.0;
		facts->now = (long long)time(NULL);
	}
	if (!inv || !plan || !facts || !plan->vm) {
		vm_error_set(err, "probe_plan() was called without an inventory, a plan naming "
			     "a VM, or facts to fill.");
		return -1;
	}
	vm = inventory_vm_find(inv, plan->vm, &src);
	if (!vm || !src) {
		vm_error_set(err, "VM '%s' is on none of the hosts of the inventory.", plan->vm);
		vm_error_hint(err, "Check the VM's name with the vms command; its host may "
			      "be unreachable.");
		return -1;
	}
	if (!plan_kind_needs_host(plan->kind) || !plan->target)
		target = src;
	else
		target = inventory_host_find(inv, plan->target);
	if (!target) {
		vm_error_set(err, "Host '%s', the target of VM '%s', is not in the inventory.",
			     plan->target, plan->vm);
		vm_error_hint(err, "Name one of the configured hosts.");
		return -1;
	}
	probe_cpu(src, vm, target, facts);
	if (target == src) {
		facts->p2p_ok = 1;
	} else {
		/* the TLS set-up of both hosts is read beside the link (threads) */
		struct tls_job job = { src, target, facts };
		pthread_t thread;
		int threaded = plan_is_streamed(vm) &&
			       pthread_create(&thread, NULL, tls_thread, &job) == 0;

		probe_link(inv, opt, src, target, facts);
		if (threaded)
			pthread_join(thread, NULL);
	}
	return 0;
}

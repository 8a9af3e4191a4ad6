/* engine/checks_cpu.c — will the VM's CPU exist on the target host?
 * (Without EVC the CPUs are compared host to host: same vendor, and what
 * the VM's CPU mode needs.) */
#include <string.h>
#include <strings.h>

#include "checks_int.h"

static const char *cpu_mode(const struct inv_vm *vm)
{
	if (vm->cpu_mode)
		return vm->cpu_mode;
	return vm->cpu_model ? "custom" : NULL;
}

static int mode_is(const struct inv_vm *vm, const char *mode)
{
	const char *m = cpu_mode(vm);

	return m && strcmp(m, mode) == 0;
}

static int same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The vendor the VM's CPU comes from: its own <vendor> for a custom CPU,
 * else the source host's. */
static const char *vm_vendor(const struct check_ctx *c)
{
	if (mode_is(c->vm, "custom") && c->vm->cpu_vendor)
		return evc_vendor_canon(c->vm->cpu_vendor);
	return evc_vendor_canon(c->src->cpu_vendor);
}

static void check_vendor(struct check_ctx *c)
{
	const char *have = vm_vendor(c), *want = evc_vendor_canon(c->dst->cpu_vendor);

	if (!have || !want || strcasecmp(have, want) == 0)
		return;
	findings_add(c->out, FINDING_ERROR, "cpu.vendor",
		     "Choose a target host with a CPU of the same vendor.",
		     "VM '%s' has a CPU from %s but host %s's CPU is from %s: a VM cannot "
		     "move between CPU vendors.", c->vm->name, have, c->dst_name, want);
}

static void check_passthrough(struct check_ctx *c)
{
	if (!mode_is(c->vm, "host-passthrough"))
		return;
	if (same_str(c->src->cpu_model, c->dst->cpu_model) &&
	    same_str(evc_vendor_canon(c->src->cpu_vendor), evc_vendor_canon(c->dst->cpu_vendor)))
		findings_add(c->out, FINDING_WARNING, "cpu.passthrough",
			     "Prefer a named CPU model (or host-model) for VMs that move.",
			     "VM '%s' uses host-passthrough, which is only safe between "
			     "identical CPUs; hosts %s and %s both report %s.", c->vm->name,
			     c->src_name, c->dst_name, c->src->cpu_model);
	else
		findings_add(c->out, FINDING_ERROR, "cpu.passthrough",
			     "Give the VM a named CPU model both hosts offer (custom mode), or "
			     "choose a host with the same CPU.",
			     "VM '%s' uses host-passthrough, but the CPUs of host %s (%s) and "
			     "host %s (%s) differ.", c->vm->name, c->src_name,
			     c->src->cpu_model ? c->src->cpu_model : "unknown", c->dst_name,
			     c->dst->cpu_model ? c->dst->cpu_model : "unknown");
}

static void check_model(struct check_ctx *c)
{
	const struct inv_vm *vm = c->vm;
	char hint[256];

	if (!mode_is(vm, "custom") || !vm->cpu_model)
		return;
	/* The host's list of usable models is for its own domain type; a VM of
	 * another type (a TCG guest on a KVM host) is judged by the comparison
	 * on the target instead. */
	if (vm->domain_type && c->dst->domain_type && strcmp(vm->domain_type, c->dst->domain_type) != 0)
		return;
	for (size_t i = 0; i < c->dst->ncpu_models; i++) {
		const struct inv_cpu_model *m = &c->dst->cpu_models[i];

		if (m->name && strcmp(m->name, vm->cpu_model) == 0 && !m->usable)
			findings_add(c->out, FINDING_ERROR, "cpu.model-unusable",
				     checks_fmt(hint, sizeof(hint), "Give the VM a CPU model "
						"host %s lists as usable (virsh domcapabilities "
						"there), or choose another host.", c->dst_name),
				     "CPU model %s of VM '%s' is not usable on host %s.",
				     vm->cpu_model, vm->name, c->dst_name);
	}
}

static void check_verdict(struct check_ctx *c)
{
	const struct check_facts *f = c->facts;

	if (f && f->cpu == CPU_VERDICT_INCOMPATIBLE) {
		findings_add(c->out, FINDING_ERROR, "cpu.incompatible",
			     "Lower the VM's CPU model or remove the features it requires, or "
			     "choose another host.",
			     "The CPU of VM '%s' is incompatible with host %s: %s", c->vm->name,
			     c->dst_name, f->cpu_detail[0] ? f->cpu_detail : "no detail given.");
		return;
	}
	if ((!f || f->cpu == CPU_VERDICT_UNKNOWN) && mode_is(c->vm, "custom"))
		findings_add(c->out, FINDING_WARNING, "cpu.unchecked",
			     "The target host could not compare CPUs (see the log); compare the VM's CPU with virsh hypervisor-cpu-compare there.",
			     "The CPU of VM '%s' could not be compared with host %s's.",
			     c->vm->name, c->dst_name);
}

static void check_host_model(struct check_ctx *c)
{
	if (!mode_is(c->vm, "host-model"))
		return;
	if (c->live)
		findings_add(c->out, FINDING_INFO, "cpu.host-model", "",
			     "VM '%s' uses host-model: it keeps the CPU it started with on "
			     "host %s; host %s's own host-model applies at its next start.",
			     c->vm->name, c->src_name, c->dst_name);
	else if (same_str(c->src->host_model, c->dst->host_model))
		findings_add(c->out, FINDING_INFO, "cpu.host-model", "",
			     "VM '%s' uses host-model, recomputed on host %s at start (%s, as "
			     "on host %s).", c->vm->name, c->dst_name, c->dst->host_model,
			     c->src_name);
	else
		findings_add(c->out, FINDING_WARNING, "cpu.host-model",
			     "Expect a different CPU in the guest; give the VM a named model if "
			     "it must not change.",
			     "VM '%s' uses host-model, recomputed on host %s at start: its "
			     "guest sees %s there instead of %s.", c->vm->name, c->dst_name,
			     c->dst->host_model ? c->dst->host_model : "an unknown CPU",
			     c->src->host_model ? c->src->host_model : "an unknown CPU");
}

void checks_cpu(struct check_ctx *c)
{
	check_vendor(c);
	check_passthrough(c);
	check_model(c);
	check_verdict(c);
	check_host_model(c);
}

/* engine/checks_evc.c — does the VM fit the EVC baseline of the target's
 * cluster?  A cluster with EVC presents one CPU generation (a model of the
 * ladder in evc.c) to its VMs, whatever each host could offer. */
#include <string.h>

#include "checks_int.h"

/* The target's cluster when EVC is on there, else NULL. */
static const struct config_cluster *evc_cluster(const struct check_ctx *c)
{
	const struct config_host *h = c->dst->cfg;

	if (!h || !h->cluster)
		return NULL;
	const struct config_cluster *cl = config_cluster_find(c->cfg, h->cluster);

	return cl && cl->evc != CONFIG_EVC_OFF ? cl : NULL;
}

static const char *baseline_of(struct check_ctx *c, const struct config_cluster *cl)
{
	const char *model = NULL;
	struct vm_error err;

	if (cl->evc == CONFIG_EVC_MODEL)
		return cl->evc_model;
	vm_error_clear(&err);
	if (evc_cluster_baseline(c->inv, cl, &model, &err) != 0) {
		findings_add(c->out, FINDING_WARNING, "evc.baseline-unknown",
			     err.hint[0] ? err.hint : "Set evc = <model> for the cluster.",
			     "The EVC baseline of cluster '%s' is unknown, so VM '%s' is not "
			     "checked against it: %s", cl->name, c->vm->name, err.message);
		return NULL;
	}
	/* members not read by this command count with their cached CPU models */
	for (size_t i = 0; i < cl->nhosts; i++) {
		const struct inv_host *h = inventory_host_find(c->inv, cl->hosts[i]);
		char age[32];

		if (h && h->cpu_cached)
			findings_add(c->out, FINDING_INFO, "evc.cached",
				     "Check the VM without --host to read every host of the "
				     "cluster.",
				     "The EVC baseline %s of cluster '%s' counts host %s with the CPU "
				     "models it reported %s (not read by this command).", model,
				     cl->name, cl->hosts[i],
				     engine_age(h->cpu_cached, c->facts ? c->facts->now : 0, age,
						sizeof(age)));
	}
	return model;
}

/* A custom model against the baseline. */
static void check_model(struct check_ctx *c, const struct config_cluster *cl,
			const char *base)
{
	const char *model = c->vm->cpu_model;
	size_t n;
	const struct evc_level *lv = evc_levels(&n);
	int vi = evc_level_index(model), bi = evc_level_index(base);
	char hint[256];

	if (vi < 0 || bi < 0) {
		findings_add(c->out, FINDING_INFO, "evc.model-unknown",
			     "Compare the CPUs with the target host itself (cpu.* findings).",
			     "CPU model %s is not on the EVC ladder, so VM '%s' cannot be "
			     "placed against the baseline of cluster '%s'.",
			     vi < 0 ? model : base, c->vm->name, cl->name);
		return;
	}
	if (strcmp(lv[vi].vendor, lv[bi].vendor) != 0) {
		findings_add(c->out, FINDING_ERROR, "evc.vendor",
			     checks_fmt(hint, sizeof(hint), "Give the VM a CPU model of the "
					"%s ladder at or below %s.", lv[bi].vendor, base),
			     "VM '%s' uses %s CPU model %s, but the EVC baseline of cluster "
			     "'%s' is %s model %s.", c->vm->name, lv[vi].vendor, model,
			     cl->name, lv[bi].vendor, base);
		return;
	}
	if (vi > bi)
		findings_add(c->out, FINDING_ERROR, "evc.exceeds",
			     checks_fmt(hint, sizeof(hint), "Lower the VM's CPU model to %s "
					"or below, or raise the baseline of cluster %s.",
					base, cl->name),
			     "VM '%s' uses CPU model %s, above the EVC baseline %s of cluster "
			     "'%s'.", c->vm->name, model, base, cl->name);
}

void checks_evc(struct check_ctx *c)
{
	const struct config_cluster *cl = evc_cluster(c);
	const char *mode = c->vm->cpu_mode;
	char hint[256];

	if (!cl)
		return;
	if (mode && strcmp(mode, "host-passthrough") == 0) {
		findings_add(c->out, FINDING_ERROR, "evc.passthrough",
			     "Give the VM a named CPU model at or below the cluster's baseline.",
			     "VM '%s' uses host-passthrough, which bypasses the EVC baseline "
			     "of cluster '%s'.", c->vm->name, cl->name);
		return;
	}
	if (mode && strcmp(mode, "host-model") == 0) {
		const char *base = baseline_of(c, cl);

		findings_add(c->out, FINDING_WARNING, "evc.host-model",
			     base ? checks_fmt(hint, sizeof(hint), "Set the VM's CPU to custom "
					       "model %s to follow the baseline.", base)
			     : "Give the VM a named CPU model at or below the baseline.",
			     "VM '%s' uses host-model: it sees host %s's CPU, not the EVC "
			     "baseline of cluster '%s', and may not move to the other hosts "
			     "afterwards.", c->vm->name, c->dst_name, cl->name);
		return;
	}
	if (!c->vm->cpu_model)
		return;		/* QEMU's default CPU is below every baseline */
	const char *base = baseline_of(c, cl);

	if (base)
		check_model(c, cl, base);
}

/* engine/evc.c — the EVC ladder and the baseline a cluster can offer.
 *
 * vCenter's EVC levels (KB 1003212, the seed's tables) each name the oldest
 * CPU generation a cluster presents to its VMs.  Here a level is a QEMU CPU
 * model: a VM whose model is on the ladder at or below the cluster's
 * baseline runs on every host of the cluster.  Past the seed's tables the
 * ladder goes on as vSphere did (Intel Broadwell, Skylake; AMD Zen) with
 * codes of our own.
 *
 * The seed's "A2, B0: AMD Opteron Generation 3 (no 3DNow!)" has no QEMU model
 * of its own: QEMU's Opteron_G3 already leaves 3DNow! out, so A3 stands for
 * both and A2/B0 is not a step of this ladder.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "checks_int.h"

static const struct evc_level ladder[] = {
	/* Intel, oldest first */
	{ "Intel", "L0", "Intel Merom Generation (Xeon Core 2)", "Conroe" },
	{ "Intel", "L1", "Intel Penryn Generation (Xeon 45nm Core 2)", "Penryn" },
	{ "Intel", "L2", "Intel Nehalem Generation (Xeon Core i7)", "Nehalem" },
	{ "Intel", "L3", "Intel Westmere Generation (Xeon 32nm Core i7)", "Westmere" },
	{ "Intel", "L4", "Intel Sandy Bridge Generation", "SandyBridge" },
	{ "Intel", "L5", "Intel Ivy Bridge Generation", "IvyBridge" },
	{ "Intel", "L6", "Intel Haswell Generation", "Haswell" },
	{ "Intel", "L7", "Intel Broadwell Generation", "Broadwell" },
	{ "Intel", "L8", "Intel Skylake Generation (Xeon Scalable)", "Skylake-Server" },
	/* AMD, oldest first */
	{ "AMD", "A0", "AMD Opteron Generation 1 (Rev. E)", "Opteron_G1" },
	{ "AMD", "A1", "AMD Opteron Generation 2 (Rev. F)", "Opteron_G2" },
	{ "AMD", "A3", "AMD Opteron Generation 3 (Greyhound)", "Opteron_G3" },
	{ "AMD", "B1", "AMD Opteron Generation 4 (Bulldozer)", "Opteron_G4" },
	{ "AMD", "B2", "AMD Opteron Piledriver Generation", "Opteron_G5" },
	{ "AMD", "B3", "AMD EPYC Zen", "EPYC" },
	{ "AMD", "B4", "AMD EPYC Zen 2 (Rome)", "EPYC-Rome" },
};

#define LADDER_LEN (sizeof(ladder) / sizeof(ladder[0]))

/* Models QEMU names differently from a ladder step but that offer the same
 * features for this purpose.  Skylake-Client (no AVX-512) sits between
 * Broadwell and Skylake-Server; it is placed at the Skylake-Server step,
 * which is the safe side for a VM's model: a Skylake-Client VM is kept out
 * of a Broadwell cluster and admitted to a Skylake-Server one, both right.
 * (Named as a cluster baseline it would be one step too generous.) */
static const struct {
	const char *alias;
	const char *model;
} aliases[] = {
	{ "Skylake-Client", "Skylake-Server" },
};

const struct evc_level *evc_levels(size_t *n)
{
	if (n)
		*n = LADDER_LEN;
	return ladder;
}

/* 1 when REST is empty or a run of QEMU variant suffixes such as "-IBRS",
 * "-noTSX-IBRS", "-IBPB" or a version "-v2": the same generation. */
static int variant_suffix(const char *rest)
{
	static const char *const words[] = { "IBRS", "noTSX", "IBPB" };

	while (*rest) {
		if (*rest != '-')
			return 0;
		rest++;
		size_t len = strcspn(rest, "-");
		int known = 0;

		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i]) == len && strncmp(rest, words[i], len) == 0)
				known = 1;
		if (!known && len >= 2 && rest[0] == 'v' && strspn(rest + 1, "0123456789") == len - 1)
			known = 1;
		if (!known)
			return 0;
		rest += len;
	}
	return 1;
}

/* Index of the step whose model is a prefix of NAME followed only by
 * variant suffixes ("EPYC-Rome" is its own step, never EPYC + "-Rome"). */
static int model_index(const char *name)
{
	for (size_t i = 0; i < LADDER_LEN; i++) {
		size_t len = strlen(ladder[i].model);

		if (strncmp(name, ladder[i].model, len) == 0 && variant_suffix(name + len))
			return (int)i;
	}
	return -1;
}

int evc_level_index(const char *model)
{
	if (!model || !*model)
		return -1;
	int i = model_index(model);

	if (i >= 0)
		return i;
	for (size_t a = 0; a < sizeof(aliases) / sizeof(aliases[0]); a++) {
		size_t len = strlen(aliases[a].alias);

		if (strncmp(model, aliases[a].alias, len) == 0 && variant_suffix(model + len))
			return model_index(aliases[a].model);
	}
	return -1;
}

const char *evc_vendor_canon(const char *vendor)
{
	if (!vendor || !*vendor)
		return NULL;
	if (strcasestr(vendor, "intel"))
		return "Intel";
	if (strcasestr(vendor, "amd"))
		return "AMD";
	return vendor;
}

int evc_host_supports(const struct inv_host *h, const struct evc_level *level)
{
	if (!h || !level || !level->model || (!h->reachable && !h->cpu_cached))
		return -1;
	for (size_t i = 0; i < h->ncpu_models; i++)
		if (h->cpu_models[i].name && strcmp(h->cpu_models[i].name, level->model) == 0)
			return h->cpu_models[i].usable ? 1 : 0;
	return -1;
}

static const char *name_of(const struct inv_host *h)
{
	return h->cfg && h->cfg->name ? h->cfg->name : "?";
}

/* The members of CLUSTER into HOSTS (at most MAX); -1 with err set when one
 * is missing from the inventory or unreachable. */
static int members(const struct inventory *inv, const struct config_cluster *c,
		   const struct inv_host **hosts, size_t max, size_t *n, struct vm_error *err)
{
	*n = 0;
	for (size_t i = 0; i < c->nhosts; i++) {
		const struct inv_host *h = inventory_host_find(inv, c->hosts[i]);

		if (!h) {
			vm_error_set(err, "Host '%s' of cluster '%s' is not in the inventory.",
				     c->hosts[i], c->name);
			vm_error_hint(err, "Add a [host %s] section to the configuration.",
				      c->hosts[i]);
			return -1;
		}
		if (h->skipped && !h->cpu_cached) {
			vm_error_set(err, "Host '%s' of cluster '%s' was not read by this command "
				     "and its CPU models are not in the facts cache, so the "
				     "cluster's EVC baseline cannot be computed.", c->hosts[i],
				     c->name);
			vm_error_hint(err, "Run 'virt-migrate hosts' once (it reads every host), "
				      "or set evc = <model> for cluster %s.", c->name);
			return -1;
		}
		if (!h->reachable && !h->cpu_cached) {	/* (not read now: its cached CPU) */
			vm_error_set(err, "Host '%s' of cluster '%s' is unreachable (%s), so the "
				     "cluster's EVC baseline cannot be computed.", c->hosts[i],
				     c->name, h->error.message[0] ? h->error.message : "no reason given");
			vm_error_hint(err, "Bring %s back, or set evc = <model> for cluster %s.",
				      c->hosts[i], c->name);
			return -1;
		}
		if (*n == max) {
			vm_error_set(err, "Cluster '%s' has more than %zu hosts.", c->name, max);
			return -1;
		}
		hosts[(*n)++] = h;
	}
	if (*n == 0) {
		vm_error_set(err, "Cluster '%s' has no host, so it has no EVC baseline.", c->name);
		vm_error_hint(err, "List its hosts with hosts = ... in [cluster %s].", c->name);
		return -1;
	}
	return 0;
}

/* The one vendor of HOSTS, or NULL with err set. */
static const char *common_vendor(const struct config_cluster *c, const struct inv_host **hosts,
				 size_t n, struct vm_error *err)
{
	const char *vendor = NULL;
	size_t first = 0;

	for (size_t i = 0; i < n; i++) {
		const char *v = evc_vendor_canon(hosts[i]->cpu_vendor);

		if (!v) {
			vm_error_set(err, "Host '%s' of cluster '%s' reports no CPU vendor.",
				     name_of(hosts[i]), c->name);
			vm_error_hint(err, "Set evc = <model> for cluster %s.", c->name);
			return NULL;
		}
		if (!vendor) {
			vendor = v;
			first = i;
		} else if (strcmp(v, vendor) != 0) {
			vm_error_set(err, "Mixed vendors in cluster '%s': %s is %s, %s is %s; "
				     "EVC needs one vendor.", c->name, name_of(hosts[first]),
				     vendor, name_of(hosts[i]), v);
			vm_error_hint(err, "Move the %s hosts into a cluster of their own.", v);
			return NULL;
		}
	}
	return vendor;
}

#define EVC_MAX_HOSTS 256

int evc_cluster_baseline(const struct inventory *inv, const struct config_cluster *cluster,
			 const char **model, struct vm_error *err)
{
	const struct inv_host *hosts[EVC_MAX_HOSTS];
	size_t n;

	if (model)
		*model = NULL;
	if (!cluster) {
		vm_error_set(err, "No cluster was given for an EVC baseline.");
		return -1;
	}
	if (members(inv, cluster, hosts, EVC_MAX_HOSTS, &n, err) != 0)
		return -1;
	const char *vendor = common_vendor(cluster, hosts, n, err);

	if (!vendor)
		return -1;
	for (size_t i = LADDER_LEN; i-- > 0;) {
		if (strcmp(ladder[i].vendor, vendor) != 0)
			continue;
		size_t ok = 0;

		while (ok < n && evc_host_supports(hosts[ok], &ladder[i]) == 1)
			ok++;
		if (ok == n) {
			if (model)
				*model = ladder[i].model;
			return 0;
		}
	}
	vm_error_set(err, "No EVC level of the %s ladder is usable on every host of cluster "
		     "'%s'.", vendor, cluster->name);
	vm_error_hint(err, "Check the hosts' CPU models (virsh domcapabilities), or set "
		      "evc = <model> for cluster %s.", cluster->name);
	return -1;
}

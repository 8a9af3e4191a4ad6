/* engine/evc_probe.c — a cluster's exact CPU baseline, asked of libvirt.
 *
 * Every reachable member's host-model CPU (from its domain capabilities,
 * rewritten as a guest CPU definition by the inventory) goes to
 * virConnectBaselineHypervisorCPU() on the first reachable member, for its
 * architecture and domain type; the model of the CPU it returns is the
 * baseline.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"
#include "virterr.h"

int evc_probe_baseline(struct inventory *inv, const struct config_cluster *cluster,
		       char **model, struct vm_error *err)
{
	const char **xmls = NULL;
	struct inv_host *first = NULL;
	unsigned n = 0;
	char *result = NULL;
	struct xml_node *root = NULL;
	char xerr[160];
	int rc = -1;

	vm_error_clear(err);
	if (model)
		*model = NULL;
	if (!inv || !cluster || !model) {
		vm_error_set(err, "evc_probe_baseline() was called without an inventory, a "
			     "cluster or a place for the model.");
		return -1;
	}
	if (cluster->nhosts && !(xmls = calloc(cluster->nhosts, sizeof(*xmls)))) {
		vm_error_set(err, "Out of memory while computing the baseline of cluster '%s'.",
			     cluster->name);
		return -1;
	}
	for (size_t i = 0; i < cluster->nhosts; i++) {
		struct inv_host *h = inventory_host_find(inv, cluster->hosts[i]);

		if (!h || !h->reachable || !h->conn)
			continue;
		if (!h->host_model_xml) {
			engine_log("evc: cluster '%s': host '%s' reports no host-model CPU; left "
				   "out of the baseline.", cluster->name, h->cfg->name);
			continue;
		}
		if (!first)
			first = h;
		xmls[n++] = h->host_model_xml;
	}
	if (!first) {
		vm_error_set(err, "Cluster '%s' has no reachable host that reports its "
			     "host-model CPU; no baseline can be computed.", cluster->name);
		vm_error_hint(err, "Check that the cluster's hosts are up and that their "
			      "libvirt gives domain capabilities.");
		goto cleanup;
	}
	result = virConnectBaselineHypervisorCPU(first->conn, NULL, first->arch, NULL,
						 first->domain_type, xmls, n, 0);
	if (!result) {
		vm_error_set(err, "libvirt on host '%s' could not compute the CPU baseline of "
			     "cluster '%s': %s.", first->cfg->name, cluster->name,
			     virterr_last());
		goto cleanup;
	}
	root = xml_parse(result, xerr, sizeof(xerr));
	*model = root ? xml_get(root, "model", NULL) : NULL;
	if (!*model) {
		vm_error_set(err, "The CPU baseline of cluster '%s' names no model%s%s.",
			     cluster->name, root ? "" : ": ", root ? "" : xerr);
		engine_log("evc: cluster '%s': baseline without a model: %s", cluster->name,
			   result);
		goto cleanup;
	}
	engine_log("evc: cluster '%s': baseline of %u hosts on '%s' (%s, %s): %s",
		   cluster->name, n, first->cfg->name, first->arch ? first->arch : "default",
		   first->domain_type ? first->domain_type : "default", *model);
	rc = 0;
cleanup:
	xml_free(root);
	free(result);
	free(xmls);
	return rc;
}

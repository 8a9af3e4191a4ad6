/* engine/inventory_net.c — a host's libvirt networks (vSphere port groups).
 *
 * The bridge comes from the XML description: virNetworkGetBridgeName()
 * fails for forward modes without a bridge of libvirt's own.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"
#include "virterr.h"

static int read_net(virNetworkPtr net, const char *host, struct inv_net *n)
{
	char xerr[160];
	const char *name = virNetworkGetName(net);
	char *xml = NULL;
	struct xml_node *root = NULL;

	if (!name || !(n->name = strdup(name)))
		return -1;
	xml = virNetworkGetXMLDesc(net, 0);
	if (xml && (root = xml_parse(xml, xerr, sizeof(xerr))))
		n->bridge = xml_get(root, "bridge", "name");
	else
		engine_log("inventory: host '%s': network '%s': no readable description: %s",
			   host, name, xml ? xerr : virterr_last());
	n->active = virNetworkIsActive(net) == 1;
	xml_free(root);
	free(xml);
	return 0;
}

int inventory_net_read_all(virConnectPtr conn, struct inv_host *ih, struct vm_error *err)
{
	virNetworkPtr *nets = NULL;
	int n, rc = -1;

	n = virConnectListAllNetworks(conn, &nets, 0);
	if (n < 0) {
		vm_error_set(err, "Cannot list the networks of host '%s': %s.",
			     ih->cfg->name, virterr_last());
		return -1;
	}
	if (n > 0) {
		ih->nets = calloc((size_t)n, sizeof(*ih->nets));
		if (!ih->nets)
			goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		if (read_net(nets[i], ih->cfg->name, &ih->nets[ih->nnets]) < 0) {
			inventory_net_clear(&ih->nets[ih->nnets]);
			goto cleanup;
		}
		ih->nnets++;
	}
	rc = 0;
cleanup:
	if (rc < 0)
		vm_error_set(err, "Out of memory while reading the networks of host '%s'.",
			     ih->cfg->name);
	for (int i = 0; i < n; i++)
		virNetworkFree(nets[i]);
	free(nets);
	return rc;
}

void inventory_net_clear(struct inv_net *n)
{
	if (!n)
		return;
	free(n->name);
	free(n->bridge);
	memset(n, 0, sizeof(*n));
}

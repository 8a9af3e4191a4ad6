/* engine/inventory_host.c — a host's own facts: name, CPU, memory, versions,
 * and (inventory_domcaps.c) what its hypervisor offers guest CPUs.
 *
 * Each fact is read on its own; one the driver cannot give (the test driver
 * lacks some) stays 0 or NULL and is logged, it does not fail the host.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"
#include "virterr.h"

/* strdup that treats NULL as "nothing"; *failed set when out of memory. */
static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

/* Vendor and model of the host CPU from the capabilities (absent ones, or
 * ones lost to a failed allocation, stay NULL: neither fails the host). */
static void read_cpu(virConnectPtr conn, struct inv_host *ih)
{
	char xerr[160];
	char *caps = virConnectGetCapabilities(conn);
	struct xml_node *root = NULL;

	if (!caps) {
		engine_log("inventory: host '%s': no capabilities: %s", ih->cfg->name,
			   virterr_last());
		return;
	}
	root = xml_parse(caps, xerr, sizeof(xerr));
	if (!root) {
		engine_log("inventory: host '%s': capabilities not understood: %s",
			   ih->cfg->name, xerr);
		goto cleanup;
	}
	ih->cpu_vendor = xml_get(root, "host/cpu/vendor", NULL);
	ih->cpu_model = xml_get(root, "host/cpu/model", NULL);
	ih->arch = xml_get(root, "host/cpu/arch", NULL);
cleanup:
	xml_free(root);
	free(caps);
}

int inventory_host_read(virConnectPtr conn, struct inv_host *ih, struct vm_error *err)
{
	const char *name = ih->cfg->name;
	virNodeInfo node;
	unsigned long long free_bytes;
	unsigned long ver = 0;
	const char *type;
	int oom = 0;

	ih->hostname = virConnectGetHostname(conn);
	if (!ih->hostname)
		engine_log("inventory: host '%s': no hostname: %s", name, virterr_last());

	read_cpu(conn, ih);

	if (virNodeGetInfo(conn, &node) == 0) {
		ih->mem_total_kib = node.memory;
		ih->cpus = node.cpus;
		if (!ih->cpu_model && node.model[0]) {
			char model[sizeof(node.model) + 1];
			memcpy(model, node.model, sizeof(node.model));
			model[sizeof(node.model)] = '\0';
			ih->cpu_model = dup_or_null(model, &oom);
		}
	} else {
		engine_log("inventory: host '%s': no node information: %s", name,
			   virterr_last());
	}
	free_bytes = virNodeGetFreeMemory(conn);
	if (free_bytes > 0)
		ih->mem_free_kib = free_bytes / 1024;
	else
		engine_log("inventory: host '%s': no free memory figure: %s", name,
			   virterr_last());

	if (virConnectGetLibVersion(conn, &ver) == 0)
		ih->libvirt_version = ver;
	type = virConnectGetType(conn);
	ih->hv_type = dup_or_null(type, &oom);
	if (virConnectGetVersion(conn, &ver) == 0)
		ih->hv_version = ver;

	if (oom) {
		vm_error_set(err, "Out of memory while reading the facts of host '%s'.", name);
		return -1;
	}
	return inventory_domcaps_read(conn, ih, err);
}

const char *inventory_host_mem_free(const struct inv_host *h, char *buf, size_t len)
{
	if (!h || !h->reachable || !h->mem_free_kib)
		return "unknown";
	return engine_bytes(h->mem_free_kib * 1024, buf, len);
}

const char *inventory_host_mem_total(const struct inv_host *h, char *buf, size_t len)
{
	if (!h || !h->reachable || !h->mem_total_kib)
		return "unknown";
	return engine_bytes(h->mem_total_kib * 1024, buf, len);
}

void inventory_host_clear(struct inv_host *ih)
{
	const struct config_host *cfg;

	if (!ih)
		return;
	for (size_t i = 0; i < ih->npools; i++)
		inventory_pool_clear(&ih->pools[i]);
	free(ih->pools);
	for (size_t i = 0; i < ih->nnets; i++)
		inventory_net_clear(&ih->nets[i]);
	free(ih->nets);
	for (size_t i = 0; i < ih->nvms; i++)
		inventory_vm_clear(&ih->vms[i]);
	free(ih->vms);
	free(ih->hostkey_fp);
	free(ih->ssh_host);
	free(ih->ssh_user);
	free(ih->hostname);
	free(ih->cpu_vendor);
	free(ih->cpu_model);
	free(ih->hv_type);
	inventory_domcaps_clear(ih);
	if (ih->conn)
		virConnectClose(ih->conn);
	sshlink_close(ih->link);
	cfg = ih->cfg;
	const char *vt = ih->virt_type;
	memset(ih, 0, sizeof(*ih));
	ih->cfg = cfg;
	ih->virt_type = vt;
}

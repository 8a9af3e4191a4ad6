/* engine/probe_cpu.c — can the target's hypervisor give the VM its CPU?
 *
 * virConnectCompareHypervisorCPU() on the target, with the VM's own <cpu>
 * element and domain type ("qemu" under TCG, "kvm"): it answers for the CPU
 * the hypervisor can provide to that domain type, which is what matters.
 * (virConnectCompareCPU compares with the host CPU and is meaningless under
 * TCG.)  The domain type is read again from the source's description; when
 * that fails, the target's domain type is used.
 *
 * host-model and host-passthrough VMs are not compared (their CPU is made
 * from the host they run on; checks have rules for them), nor VMs without
 * a <cpu> element.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"

/* The domain type of VM as SRC describes it now ("qemu", "kvm"), malloc'd,
 * or NULL (logged). */
static char *vm_domain_type(const struct inv_host *src, const struct inv_vm *vm)
{
	virDomainPtr dom = NULL;
	struct xml_node *root = NULL;
	char *xml = NULL, *type = NULL;
	char xerr[160];

	/* read with the inventory: no round trip needed */
	if (vm->domain_type)
		return strdup(vm->domain_type);
	if (!src->conn)
		goto cleanup;
	dom = vm->uuid ? virDomainLookupByUUIDString(src->conn, vm->uuid)
		: virDomainLookupByName(src->conn, vm->name);
	if (!dom || !(xml = virDomainGetXMLDesc(dom, 0))) {
		engine_log("probe: host '%s': domain '%s': no description: %s", src->cfg->name,
			   vm->name, virterr_last());
		goto cleanup;
	}
	root = xml_parse(xml, xerr, sizeof(xerr));
	if (!root) {
		engine_log("probe: host '%s': domain '%s': description not understood: %s",
			   src->cfg->name, vm->name, xerr);
		goto cleanup;
	}
	type = xml_get(root, NULL, "type");
cleanup:
	xml_free(root);
	free(xml);
	if (dom)
		virDomainFree(dom);
	return type;
}

/* 1 with facts->cpu_detail saying why when VM's CPU is not to be compared
 * on TARGET (facts->cpu stays unknown), else 0. */
static int not_comparable(const struct inv_vm *vm, const struct inv_host *target,
			  struct check_facts *f)
{
	const char *tname = target->cfg->name;
	char *d = f->cpu_detail;
	size_t n = sizeof(f->cpu_detail);

	if (vm->cpu_mode && strcmp(vm->cpu_mode, "host-passthrough") == 0)
		snprintf(d, n, "VM '%s' uses host-passthrough: its CPU is the host's own and "
			 "is not compared with host '%s'.", vm->name, tname);
	else if (vm->cpu_mode && strcmp(vm->cpu_mode, "host-model") == 0)
		snprintf(d, n, "VM '%s' uses host-model: its CPU is made from the host it "
			 "starts on and is not compared with host '%s'.", vm->name, tname);
	else if (!vm->cpu_xml)
		snprintf(d, n, "VM '%s' defines no CPU (the hypervisor's default model); it "
			 "is not compared with host '%s'.", vm->name, tname);
	else if (!target->reachable || !target->conn)
		snprintf(d, n, "Host '%s' is not reachable; the CPU of VM '%s' was not "
			 "compared with it.", tname, vm->name);
	else
		return 0;
	return 1;
}

void probe_cpu(const struct inv_host *src, const struct inv_vm *vm,
	       const struct inv_host *target, struct check_facts *facts)
{
	const char *tname = target->cfg->name;
	char *virttype = NULL;
	int rc;

	facts->cpu = CPU_VERDICT_UNKNOWN;
	facts->cpu_detail[0] = '\0';
	if (not_comparable(vm, target, facts)) {
		engine_log("probe: %s", facts->cpu_detail);
		return;
	}
	virttype = vm_domain_type(src, vm);
	if (!virttype && target->domain_type)
		virttype = strdup(target->domain_type);

	rc = virConnectCompareHypervisorCPU(target->conn, NULL, target->arch, NULL, virttype,
					    vm->cpu_xml, 0);
	switch (rc) {
	case VIR_CPU_COMPARE_IDENTICAL:
		facts->cpu = CPU_VERDICT_IDENTICAL;
		break;
	case VIR_CPU_COMPARE_SUPERSET:
		facts->cpu = CPU_VERDICT_SUPERSET;
		break;
	case VIR_CPU_COMPARE_INCOMPATIBLE:
		facts->cpu = CPU_VERDICT_INCOMPATIBLE;
		/* ask again, failing, for libvirt's words on what is missing */
		if (virConnectCompareHypervisorCPU(target->conn, NULL, target->arch, NULL,
						   virttype, vm->cpu_xml,
						   VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE) < 0)
			snprintf(facts->cpu_detail, sizeof(facts->cpu_detail), "%s",
				 virterr_last());
		else
			snprintf(facts->cpu_detail, sizeof(facts->cpu_detail),
				 "Host '%s' cannot provide the CPU of VM '%s'.", tname, vm->name);
		break;
	default:
		snprintf(facts->cpu_detail, sizeof(facts->cpu_detail),
			 "The CPU of VM '%s' could not be compared on host '%s': %s", vm->name,
			 tname, virterr_last());
		break;
	}
	engine_log("probe: CPU of VM '%s' on host '%s' (type %s, arch %s): verdict %d%s%s",
		   vm->name, tname, virttype ? virttype : "default",
		   target->arch ? target->arch : "default", (int)facts->cpu,
		   facts->cpu_detail[0] ? ": " : "", facts->cpu_detail);
	free(virttype);
}

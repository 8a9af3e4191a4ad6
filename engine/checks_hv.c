/* engine/checks_hv.c — hypervisor driver and versions of source and target.
 * QEMU reads a migration stream from the same or a newer QEMU; a VM started
 * on a newer one may need machine types or devices an older one lacks. */
#include <string.h>
#include <strings.h>

#include "checks_int.h"

/* "8.2.1" from major*1e6 + minor*1e3 + release. */
static const char *version_text(unsigned long v, char *buf, size_t size)
{
	return checks_fmt(buf, size, "%lu.%lu.%lu", v / 1000000, v / 1000 % 1000, v % 1000);
}

static void check_driver(struct check_ctx *c)
{
	const char *a = c->src->hv_type, *b = c->dst->hv_type;

	if (!a || !b || strcasecmp(a, b) == 0)
		return;
	findings_add(c->out, FINDING_ERROR, "hv.driver",
		     "Choose a target host with the same hypervisor.",
		     "Host %s runs %s but host %s runs %s: VM '%s' cannot move between "
		     "hypervisors.", c->src_name, a, c->dst_name, b, c->vm->name);
}

static void check_qemu(struct check_ctx *c)
{
	unsigned long from = c->src->hv_version, to = c->dst->hv_version;
	char a[32], b[32];

	if (!from || !to || to >= from)
		return;
	int minor_only = to / 1000 == from / 1000;	/* same major.minor */

	findings_add(c->out, minor_only ? FINDING_WARNING : checks_live_error(c),
		     "hv.older-qemu",
		     minor_only ? "Update the target's QEMU to the source's release when you can."
		     : "Upgrade QEMU on the target host, or choose a host with the same or "
		       "a newer QEMU.",
		     "Host %s runs QEMU %s, older than %s on host %s: VM '%s' %s.",
		     c->dst_name, version_text(to, b, sizeof(b)), version_text(from, a, sizeof(a)),
		     c->src_name, c->vm->name,
		     minor_only ? "should move, as only the release differs"
		     : c->live ? "cannot be sent from the newer QEMU to the older one"
		     : "may use a machine type or device the older QEMU lacks");
}

static void check_libvirt(struct check_ctx *c)
{
	unsigned long from = c->src->libvirt_version, to = c->dst->libvirt_version;
	char a[32], b[32];

	if (!from || !to || to >= from)
		return;
	findings_add(c->out, FINDING_WARNING, "hv.older-libvirt",
		     "Upgrade libvirt on the target host when you can.",
		     "Host %s runs libvirt %s, older than %s on host %s: features of VM "
		     "'%s' may be refused there.", c->dst_name, version_text(to, b, sizeof(b)),
		     version_text(from, a, sizeof(a)), c->src_name, c->vm->name);
}

void checks_hv(struct check_ctx *c)
{
	check_driver(c);
	check_qemu(c);
	check_libvirt(c);
}

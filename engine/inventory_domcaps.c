/* engine/inventory_domcaps.c — what a host's hypervisor offers guests' CPUs.
 *
 * The domain capabilities are read for domain type "kvm" and, when that is
 * refused (no usable /dev/kvm there), for "qemu" (TCG).  From them:
 *   <cpu><mode name='host-passthrough' supported='yes|no'/>
 *        <mode name='host-model' supported='yes'>
 *          <model>EPYC</model><vendor>AMD</vendor><feature policy=.. name=../>...
 *        <mode name='custom' supported='yes'>
 *          <model usable='yes|no' vendor='Intel|AMD|unknown'>NAME</model>...
 * The host-model CPU is also rewritten as a guest CPU definition,
 *   <cpu mode='custom' match='exact'><model>..</model><vendor>..</vendor>
 *   <feature policy='..' name='..'/>...</cpu>
 * which is what virConnectBaselineHypervisorCPU() takes.
 *
 * A driver without domain capabilities (test:///) leaves every field empty:
 * that is no error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"
#include "virterr.h"

/* A growing string; oom set once an append failed. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *g;
		while (cap < b->len + n + 1)
			cap *= 2;
		g = realloc(b->s, cap);
		if (!g) {
			b->oom = 1;
			return;
		}
		b->s = g;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* S with the characters XML gives a meaning to written as entities. */
static void sb_escaped(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': sb_str(b, "&lt;"); break;
		case '>': sb_str(b, "&gt;"); break;
		case '&': sb_str(b, "&amp;"); break;
		case '\'': sb_str(b, "&apos;"); break;
		case '"': sb_str(b, "&quot;"); break;
		default: sb_add(b, s, 1); break;
		}
	}
}

/* The <mode name=NAME> child of CPU, or NULL. */
static const struct xml_node *cpu_mode(const struct xml_node *cpu, const char *name)
{
	for (const struct xml_node *m = xml_child(cpu, "mode"); m; m = xml_next_same(m)) {
		const char *n = xml_attr(m, "name");
		if (n && strcmp(n, name) == 0)
			return m;
	}
	return NULL;
}

static int mode_supported(const struct xml_node *mode)
{
	const char *s = xml_attr(mode, "supported");
	return s && strcmp(s, "yes") == 0;
}

/* The guest CPU definition of the host-model mode M (its model, vendor and
 * features); NULL when M names no model.  *oom set on allocation failure. */
static char *host_model_xml(const struct xml_node *m, const char *model,
			    const char *vendor, int *oom)
{
	struct sbuf b = { 0 };

	if (!model)
		return NULL;
	sb_str(&b, "<cpu mode='custom' match='exact'>\n  <model>");
	sb_escaped(&b, model);
	sb_str(&b, "</model>\n");
	if (vendor) {
		sb_str(&b, "  <vendor>");
		sb_escaped(&b, vendor);
		sb_str(&b, "</vendor>\n");
	}
	for (const struct xml_node *f = xml_child(m, "feature"); f; f = xml_next_same(f)) {
		const char *policy = xml_attr(f, "policy");
		const char *name = xml_attr(f, "name");
		if (!name)
			continue;
		sb_str(&b, "  <feature policy='");
		sb_escaped(&b, policy ? policy : "require");
		sb_str(&b, "' name='");
		sb_escaped(&b, name);
		sb_str(&b, "'/>\n");
	}
	sb_str(&b, "</cpu>\n");
	if (b.oom) {
		free(b.s);
		*oom = 1;
		return NULL;
	}
	return b.s;
}

/* Every model of the custom mode M, in the order listed. */
static int read_models(const struct xml_node *m, struct inv_host *ih)
{
	size_t n = 0;

	for (const struct xml_node *x = xml_child(m, "model"); x; x = xml_next_same(x))
		n++;
	if (!n)
		return 0;
	ih->cpu_models = calloc(n, sizeof(*ih->cpu_models));
	if (!ih->cpu_models)
		return -1;
	for (const struct xml_node *x = xml_child(m, "model"); x; x = xml_next_same(x)) {
		struct inv_cpu_model *cm = &ih->cpu_models[ih->ncpu_models];
		const char *usable = xml_attr(x, "usable");
		const char *vendor = xml_attr(x, "vendor");

		cm->name = xml_get(x, NULL, NULL);
		if (!cm->name)		/* empty (or lost to memory): not a model */
			continue;
		if (vendor && *vendor && strcmp(vendor, "unknown") != 0
		    && !(cm->vendor = strdup(vendor))) {
			free(cm->name);
			cm->name = NULL;
			return -1;
		}
		cm->usable = usable && strcmp(usable, "yes") == 0;
		ih->ncpu_models++;
	}
	return 0;
}

/* The domain capabilities XML for VIRTTYPE, or NULL (logged). */
static char *get_domcaps(virConnectPtr conn, const struct inv_host *ih, const char *virttype)
{
	char *xml = virConnectGetDomainCapabilities(conn, NULL, ih->arch, NULL, virttype, 0);

	if (!xml)
		engine_log("inventory: host '%s': no domain capabilities for type '%s' "
			   "(arch %s): %s", ih->cfg->name, virttype,
			   ih->arch ? ih->arch : "default", virterr_last());
	return xml;
}

int inventory_domcaps_read(virConnectPtr conn, struct inv_host *ih, struct vm_error *err)
{
	static const char *const auto_types[] = { "kvm", "qemu", NULL };
	const char *configured[2] = { ih->virt_type, NULL };
	const char *const *types = configured[0] ? configured : auto_types;
	const char *type = NULL;
	char xerr[160];
	char *xml = NULL;
	struct xml_node *root = NULL;
	const struct xml_node *cpu, *m;
	int oom = 0, rc = -1;

	for (size_t i = 0; types[i] && !xml; i++) {
		xml = get_domcaps(conn, ih, types[i]);
		type = types[i];
	}
	if (!xml) {
		rc = 0;		/* e.g. the test driver: nothing to read */
		goto cleanup;
	}
	if (!(ih->domain_type = strdup(type)))
		goto cleanup;
	root = xml_parse(xml, xerr, sizeof(xerr));
	if (!root) {
		engine_log("inventory: host '%s': domain capabilities not understood: %s",
			   ih->cfg->name, xerr);
		rc = 0;
		goto cleanup;
	}
	if (!ih->arch)
		ih->arch = xml_get(root, "arch", NULL);
	cpu = xml_find(root, "cpu");
	ih->host_passthrough = mode_supported(cpu_mode(cpu, "host-passthrough"));
	m = cpu_mode(cpu, "host-model");
	if (m && mode_supported(m)) {
		ih->host_model = xml_get(m, "model", NULL);
		ih->host_model_vendor = xml_get(m, "vendor", NULL);
		ih->host_model_xml = host_model_xml(m, ih->host_model, ih->host_model_vendor,
						    &oom);
		if (oom)
			goto cleanup;
	}
	m = cpu_mode(cpu, "custom");
	if (m && mode_supported(m) && read_models(m, ih) < 0)
		goto cleanup;
	engine_log("inventory: host '%s': domain type %s, host-model %s, "
		   "host-passthrough %s, %zu CPU models.", ih->cfg->name, type,
		   ih->host_model ? ih->host_model : "none",
		   ih->host_passthrough ? "yes" : "no", ih->ncpu_models);
	rc = 0;
cleanup:
	if (rc < 0)
		vm_error_set(err, "Out of memory while reading the domain capabilities of "
			     "host '%s'.", ih->cfg->name);
	xml_free(root);
	free(xml);
	return rc;
}

void inventory_domcaps_clear(struct inv_host *ih)
{
	for (size_t i = 0; i < ih->ncpu_models; i++) {
		free(ih->cpu_models[i].name);
		free(ih->cpu_models[i].vendor);
	}
	free(ih->cpu_models);
	ih->cpu_models = NULL;
	ih->ncpu_models = 0;
	free(ih->domain_type);
	free(ih->arch);
	free(ih->host_model);
	free(ih->host_model_vendor);
	free(ih->host_model_xml);
	ih->domain_type = ih->arch = ih->host_model = NULL;
	ih->host_model_vendor = ih->host_model_xml = NULL;
	ih->host_passthrough = 0;
}

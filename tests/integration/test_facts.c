/* tests/integration/test_facts.c — the inventory's finer facts, its open
 * connections, and the probes (probe_plan, evc_probe_baseline) as far as the
 * test:/// driver lets them go (fixtures/host-facts.xml, host-b.xml).
 *
 * The test driver has no domain capabilities, jobs, block jobs or CPU
 * comparison: those facts must stay empty without failing the host, and
 * the probes must say why they could not answer.  Real answers are the
 * lab's business (tests/lab).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "itest.h"
#include "../../engine/engine.h"
#include "../../engine/inventory_int.h"

static struct config cfg;
static struct inventory inv;
static int loaded;

static int suite_init(void)
{
	char f[512], b[512], text[2048], err[CONFIG_ERR_MAX];

	snprintf(text, sizeof(text),
		 "[defaults]\n"
		 "known_hosts = %s/facts_known_hosts\n"
		 "connect_timeout = 5\n"
		 "[cluster pair]\n"
		 "hosts = f b\n"
		 "[cluster gone]\n"
		 "hosts = down\n"
		 "[host f]\n"
		 "uri = test://%s\n"
		 "[host b]\n"
		 "uri = test://%s\n"
		 "[host down]\n"
		 "address = 127.0.0.1\n"
		 "ssh_port = 1\n",
		 itest_scratch(),
		 itest_fixture("host-facts.xml", f, sizeof(f)),
		 itest_fixture("host-b.xml", b, sizeof(b)));
	if (config_load_string(text, "<facts test>", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "facts suite: %s\n", err);
		return -1;
	}
	loaded = inventory_load(&cfg, NULL, &inv, NULL) == 0;
	return 0;
}

static int suite_clean(void)
{
	inventory_free(&inv);
	config_free(&cfg);
	return 0;
}

static struct inv_vm *vm(const char *name)
{
	return inventory_vm_find(&inv, name, NULL);
}

static const struct inv_disk *disk(const struct inv_vm *v, const char *target)
{
	for (size_t i = 0; v && i < v->ndisks; i++)
		if (v->disks[i].target && strcmp(v->disks[i].target, target) == 0)
			return &v->disks[i];
	return NULL;
}

#define ASSERT_STR(actual, expected) do { \
	const char *a_ = (actual); \
	CU_ASSERT_PTR_NOT_NULL(a_); \
	if (a_) \
		CU_ASSERT_STRING_EQUAL(a_, expected); \
} while (0)

#define ASSERT_HAS(haystack, needle) do { \
	const char *h_ = (haystack); \
	CU_ASSERT_PTR_NOT_NULL(h_ ? strstr(h_, needle) : NULL); \
} while (0)

static void test_disks(void)
{
	const struct inv_vm *v = vm("rich");
	const struct inv_disk *d;

	CU_ASSERT_TRUE_FATAL(loaded);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->ndisks, 4);

	d = disk(v, "vda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->type, "file");
	ASSERT_STR(d->device, "disk");
	CU_ASSERT_EQUAL(d->readonly, 0);
	CU_ASSERT_EQUAL(d->shareable, 0);
	CU_ASSERT_PTR_NULL(d->block_job);	/* the test driver has no block jobs */

	d = disk(v, "vdb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->type, "block");
	ASSERT_STR(d->path, "/dev/mapper/cluster-lun");
	CU_ASSERT_EQUAL(d->shareable, 1);
	CU_ASSERT_EQUAL(d->readonly, 0);

	d = disk(v, "sda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->device, "cdrom");
	ASSERT_STR(d->type, "file");
	ASSERT_STR(d->path, "/srv/iso/install.iso");
	CU_ASSERT_EQUAL(d->readonly, 1);
	CU_ASSERT_EQUAL(d->shareable, 0);

	d = disk(v, "vdc");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->type, "network");
	CU_ASSERT_PTR_NULL(d->path);
	CU_ASSERT_PTR_NULL(d->pool);

	d = disk(vm("plain"), "fda");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	ASSERT_STR(d->type, "dir");
	ASSERT_STR(d->device, "floppy");
	ASSERT_STR(d->path, "/srv/floppy");
}

static void test_vm_facts(void)
{
	const struct inv_vm *v = vm("rich");

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->state, INV_VM_RUNNING);
	CU_ASSERT_EQUAL(v->nhostdevs, 2);
	CU_ASSERT_EQUAL(v->nsnapshots, 2);
	ASSERT_STR(v->memory_backing, "hugepages");
	CU_ASSERT_EQUAL(v->job, INV_JOB_NONE);	/* no job support: none, logged */

	v = vm("filemem");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	ASSERT_STR(v->memory_backing, "file");
	CU_ASSERT_EQUAL(v->nhostdevs, 0);
	CU_ASSERT_EQUAL(v->nsnapshots, 0);
	CU_ASSERT_EQUAL(v->job, INV_JOB_NONE);

	v = vm("memfd");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	ASSERT_STR(v->memory_backing, "memfd");

	v = vm("plain");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_PTR_NULL(v->memory_backing);
	CU_ASSERT_EQUAL(v->nhostdevs, 0);
	CU_ASSERT_EQUAL(v->nsnapshots, 0);
}

static void test_vm_cpu(void)
{
	const struct inv_vm *v = vm("rich");
	const char *x;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	ASSERT_STR(v->cpu_mode, "custom");
	ASSERT_STR(v->cpu_model, "Nehalem");
	ASSERT_STR(v->cpu_vendor, "Intel");
	x = v->cpu_xml;
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	/* the element as libvirt wrote it, from its start tag to its end tag */
	CU_ASSERT_EQUAL(strncmp(x, "<cpu mode='custom' match='exact'>", 33), 0);
	CU_ASSERT(strlen(x) >= 6 && strcmp(x + strlen(x) - 6, "</cpu>") == 0);
	ASSERT_HAS(x, "<model fallback='forbid'>Nehalem</model>");
	ASSERT_HAS(x, "<vendor>Intel</vendor>");
	ASSERT_HAS(x, "<feature policy='disable' name='x2apic'/>");
	CU_ASSERT_PTR_NULL(strstr(x, "<devices"));

	v = vm("filemem");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	ASSERT_STR(v->cpu_mode, "host-model");
	CU_ASSERT_PTR_NULL(v->cpu_vendor);
	ASSERT_STR(v->cpu_xml, "<cpu mode='host-model'/>");

	v = vm("plain");
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_PTR_NULL(v->cpu_mode);
	CU_ASSERT_PTR_NULL(v->cpu_xml);
	CU_ASSERT_PTR_NULL(v->cpu_vendor);
}

static void test_cpu_xml_scanner(void)
{
	char *x;

	/* <cpu> below <devices>, <cputune>, comments, CDATA and a quoted '>'
	 * are not the domain's <cpu> */
	x = inventory_vm_cpu_xml(
		"<?xml version='1.0'?>\n<!-- <cpu>comment</cpu> -->\n"
		"<domain type='kvm'><cputune><shares>2</shares></cputune>"
		"<description><![CDATA[<cpu>cdata</cpu>]]></description>"
		"<devices><cpu>nested</cpu></devices>"
		"<cpu mode='custom' note='a>b'><model>Penryn</model><numa><cell id='0'/></numa></cpu>"
		"<clock/></domain>");
	ASSERT_STR(x, "<cpu mode='custom' note='a>b'><model>Penryn</model>"
		   "<numa><cell id='0'/></numa></cpu>");
	free(x);
	x = inventory_vm_cpu_xml("<domain><devices><cpu>x</cpu></devices></domain>");
	CU_ASSERT_PTR_NULL(x);
	free(x);
	x = inventory_vm_cpu_xml("<domain><cpu mode='host-passthrough'/></domain>");
	ASSERT_STR(x, "<cpu mode='host-passthrough'/>");
	free(x);
	x = inventory_vm_cpu_xml("<domain><cpu mode='x'><model>unterminated");
	CU_ASSERT_PTR_NULL(x);
	free(x);
	CU_ASSERT_PTR_NULL(inventory_vm_cpu_xml(""));
}

static void test_host_caps(void)
{
	struct inv_host *f = inventory_host_find(&inv, "f");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->reachable, 1);
	ASSERT_STR(f->arch, "i686");	/* the test driver's capabilities */
	/* no domain capabilities in the test driver: empty, and no error */
	CU_ASSERT_PTR_NULL(f->domain_type);
	CU_ASSERT_PTR_NULL(f->host_model);
	CU_ASSERT_PTR_NULL(f->host_model_vendor);
	CU_ASSERT_PTR_NULL(f->host_model_xml);
	CU_ASSERT_EQUAL(f->host_passthrough, 0);
	CU_ASSERT_EQUAL(f->ncpu_models, 0);
	CU_ASSERT_PTR_NULL(f->cpu_models);
	CU_ASSERT_STRING_EQUAL(f->error.message, "");
}

static void test_connections_kept(void)
{
	struct inv_host *f = inventory_host_find(&inv, "f");
	struct inv_host *down = inventory_host_find(&inv, "down");
	struct inventory i2;
	struct vm_error e;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(down);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->conn);
	CU_ASSERT_EQUAL(virConnectIsAlive(f->conn), 1);
	CU_ASSERT_PTR_NULL(f->link);	/* local URI: no SSH link */
	CU_ASSERT_EQUAL(down->reachable, 0);
	CU_ASSERT_PTR_NULL(down->conn);
	CU_ASSERT_PTR_NULL(down->link);
	CU_ASSERT_PTR_EQUAL(inv.cfg, &cfg);

	/* a second inventory of the same config: its own connections, all
	 * closed by inventory_free() (LeakSanitizer watches) */
	CU_ASSERT_EQUAL_FATAL(inventory_load(&cfg, NULL, &i2, &e), 0);
	CU_ASSERT_PTR_NOT_NULL(i2.hosts[0].conn);
	CU_ASSERT_PTR_NOT_EQUAL(i2.hosts[0].conn, f->conn);
	inventory_free(&i2);
	CU_ASSERT_PTR_NULL(i2.hosts);
	CU_ASSERT_EQUAL(i2.nhosts, 0);
	CU_ASSERT_PTR_NULL(i2.cfg);
	/* the first inventory is untouched */
	CU_ASSERT_EQUAL(virConnectIsAlive(f->conn), 1);
}

static void set_plan(struct plan *p, const char *vmname, enum plan_kind kind,
		     const char *target)
{
	memset(p, 0, sizeof(*p));
	p->vm = (char *)vmname;
	p->kind = kind;
	p->target = (char *)target;
}

static void test_probe_plan(void)
{
	struct check_facts f;
	struct vm_error e;
	struct plan p;

	/* custom CPU, another host: the test driver cannot compare CPUs; the
	 * source is local, so no SSH link to measure from */
	set_plan(&p, "rich", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	CU_ASSERT_EQUAL(f.cpu, CPU_VERDICT_UNKNOWN);
	ASSERT_HAS(f.cpu_detail, "'rich'");
	ASSERT_HAS(f.cpu_detail, "'b'");
	CU_ASSERT_EQUAL(f.link.taken, 0);	/* nothing read, nothing made up */
	CU_ASSERT_DOUBLE_EQUAL(f.link.speed_mbit, 0.0, 1e-12);
	ASSERT_HAS(f.link.error, "'f'");
	ASSERT_HAS(f.link.error, "without SSH");
	CU_ASSERT_EQUAL(f.p2p_ok, 0);
	CU_ASSERT(f.p2p_error[0] != '\0');

	/* host-model and host-passthrough: not compared, by rule */
	set_plan(&p, "filemem", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	CU_ASSERT_EQUAL(f.cpu, CPU_VERDICT_UNKNOWN);
	ASSERT_HAS(f.cpu_detail, "host-model");
	set_plan(&p, "memfd", PLAN_KIND_BOTH, "b");
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	ASSERT_HAS(f.cpu_detail, "host-passthrough");
	set_plan(&p, "plain", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	ASSERT_HAS(f.cpu_detail, "no CPU");

	/* an unreachable target */
	set_plan(&p, "rich", PLAN_KIND_COMPUTE, "down");
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	CU_ASSERT_EQUAL(f.cpu, CPU_VERDICT_UNKNOWN);
	ASSERT_HAS(f.cpu_detail, "'down' is not reachable");

	/* storage only: the VM's own host, no link, no peer-to-peer path */
	set_plan(&p, "rich", PLAN_KIND_STORAGE, "b");
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	CU_ASSERT_EQUAL(f.cpu, CPU_VERDICT_UNKNOWN);
	ASSERT_HAS(f.cpu_detail, "'f'");
	CU_ASSERT_EQUAL(f.link.taken, 0);
	CU_ASSERT_STRING_EQUAL(f.link.error, "");
	CU_ASSERT_EQUAL(f.p2p_ok, 1);
	set_plan(&p, "rich", PLAN_KIND_COMPUTE, NULL);
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &p, &f, &e), 0);
	CU_ASSERT_EQUAL(f.p2p_ok, 1);

	/* what the plan names must exist */
	set_plan(&p, "nosuchvm", PLAN_KIND_COMPUTE, "b");
	CU_ASSERT_EQUAL(probe_plan(&inv, &p, &f, &e), -1);
	ASSERT_HAS(e.message, "'nosuchvm'");
	CU_ASSERT(e.hint[0] != '\0');
	set_plan(&p, "rich", PLAN_KIND_COMPUTE, "nosuchhost");
	CU_ASSERT_EQUAL(probe_plan(&inv, &p, &f, &e), -1);
	ASSERT_HAS(e.message, "'nosuchhost'");
	CU_ASSERT_EQUAL(probe_plan(NULL, &p, &f, &e), -1);
	CU_ASSERT_EQUAL(probe_plan(&inv, NULL, &f, &e), -1);
	CU_ASSERT_EQUAL(probe_plan(&inv, &p, NULL, &e), -1);
	CU_ASSERT(e.message[0] != '\0');
}

static void test_evc_probe(void)
{
	const struct config_cluster *pair = config_cluster_find(&cfg, "pair");
	const struct config_cluster *gone = config_cluster_find(&cfg, "gone");
	struct vm_error e;
	char *model = (char *)"untouched";

	CU_ASSERT_PTR_NOT_NULL_FATAL(pair);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gone);
	/* test:/// hosts report no host-model CPU: nothing to baseline */
	CU_ASSERT_EQUAL(evc_probe_baseline(&inv, pair, &model, &e), -1);
	CU_ASSERT_PTR_NULL(model);
	ASSERT_HAS(e.message, "'pair'");
	CU_ASSERT(e.hint[0] != '\0');
	CU_ASSERT_EQUAL(evc_probe_baseline(&inv, gone, &model, &e), -1);
	CU_ASSERT_PTR_NULL(model);
	ASSERT_HAS(e.message, "'gone'");
	CU_ASSERT_EQUAL(evc_probe_baseline(&inv, NULL, &model, &e), -1);
	CU_ASSERT_EQUAL(evc_probe_baseline(NULL, pair, &model, &e), -1);
	CU_ASSERT_EQUAL(evc_probe_baseline(&inv, pair, NULL, &e), -1);
}

static void test_parse_ping(void)
{
	double ms = -1;

	CU_ASSERT_EQUAL(probe_link_parse_ping(
		"rtt min/avg/max/mdev = 0.041/0.052/0.063/0.009 ms", &ms), 0);
	CU_ASSERT_DOUBLE_EQUAL(ms, 0.052, 1e-9);
	CU_ASSERT_EQUAL(probe_link_parse_ping(
		"busybox ping: round-trip min/avg/max = 0.070/0.207/0.470 ms", &ms), 0);
	CU_ASSERT_DOUBLE_EQUAL(ms, 0.207, 1e-9);
	CU_ASSERT_EQUAL(probe_link_parse_ping("3 packets transmitted, 0 received", &ms), -1);
	CU_ASSERT_EQUAL(probe_link_parse_ping("rtt min/avg/max/mdev = x/y/z ms", &ms), -1);
	CU_ASSERT_EQUAL(probe_link_parse_ping("min/avg/max", &ms), -1);
	CU_ASSERT_EQUAL(probe_link_parse_ping(NULL, &ms), -1);
	CU_ASSERT_DOUBLE_EQUAL(ms, 0.207, 1e-9);	/* untouched on failure */
}

int test_facts_register(void)
{
	static const struct itest tests[] = {
		{ "disk source types, read-only, shareable", test_disks },
		{ "host devices, snapshots, memory backing, jobs", test_vm_facts },
		{ "VM CPU vendor and verbatim <cpu> element", test_vm_cpu },
		{ "top-level <cpu> found, others ignored", test_cpu_xml_scanner },
		{ "no domain capabilities: empty, no error", test_host_caps },
		{ "connections kept open until inventory_free", test_connections_kept },
		{ "probe_plan: verdicts it cannot give are explained", test_probe_plan },
		{ "evc_probe_baseline: refusals name the cluster", test_evc_probe },
		{ "ping summaries parsed", test_parse_ping },
		{ NULL, NULL }
	};
	return itest_add_suite("facts", suite_init, suite_clean, tests);
}

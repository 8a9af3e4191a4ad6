/* tests/unit/test_batch_limits.c — suite "batch_limits": what a move needs
 * of its target (SSH connections, migration ports), where a batch's moves
 * wait for the targets' limits or can never run, the probe's reading of a
 * host, and check's warnings for one move (engine/batch_limits.c,
 * engine/probe_limits.c, engine/checks_limits.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"
#include "../../engine/probe_limits.h"

#define MAX_PLANS 12

struct batch_fx {
	struct fx *f;
	struct plan plans[MAX_PLANS];
	size_t n;
	struct findings out;
};

/* The world of checkfix.h (hosts on a 10 Gbit/s link) with no plan yet. */
static struct batch_fx *bfx_new(void)
{
	struct batch_fx *b = calloc(1, sizeof *b);

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	b->f = fx_new();
	return b;
}

static void bfx_free(struct batch_fx *b)
{
	findings_free(&b->out);
	fx_free(b->f);
	free(b);
}

/* A running VM NAME on host FROM with a disk on FROM's local pool. */
static void local_vm(struct batch_fx *b, const char *from, const char *name)
{
	struct inv_vm *vm = fx_add_vm(b->f, from, name);
	char path[128];

	snprintf(path, sizeof path, "/var/lib/libvirt/images/%s.qcow2", name);
	fx_add_disk(b->f, vm, "vda", "local", path, 10, 2);
}

/* Plan VM to TARGET; DATASTORE NULL for compute only. */
static struct plan *add_plan(struct batch_fx *b, const char *vm, const char *target,
			     const char *datastore)
{
	struct plan *p = &b->plans[b->n++];

	memset(p, 0, sizeof *p);
	p->vm = fx_s(b->f, vm);
	p->kind = datastore ? PLAN_KIND_BOTH : PLAN_KIND_COMPUTE;
	p->target = fx_s(b->f, target);
	p->datastore = fx_s(b->f, datastore);
	return p;
}

static void bfx_run(struct batch_fx *b)
{
	findings_free(&b->out);
	batch_limits_findings(&b->f->inv, b->plans, b->n, &b->f->cfg, &b->out);
	if (getenv("CHECKFIX_DUMP"))
		for (size_t i = 0; i < b->out.count; i++)
			fprintf(stderr, "%s %s: %s\n", finding_severity_name(b->out.items[i].severity),
				b->out.items[i].code, b->out.items[i].message);
}

static const struct finding *find(const struct batch_fx *b, const char *code, const char *part)
{
	for (size_t i = 0; i < b->out.count; i++)
		if (strcmp(b->out.items[i].code, code) == 0 &&
		    (!part || strstr(b->out.items[i].message, part)))
			return &b->out.items[i];
	return NULL;
}

static void test_needs(void)
{
	struct batch_fx *b = bfx_new();
	struct fx *f = b->f;
	struct batch_needs n;
	struct inv_host *a = fx_host(f, "a"), *bh = fx_host(f, "b");
	struct inv_vm *vm;

	local_vm(b, "a", "v1");
	vm = fx_vm(f, "v1");
	/* live, memory only: the source libvirtd's connection, one port */
	batch_limits_needs(add_plan(b, "v1", "b", NULL), vm, a, bh, &n);
	CU_ASSERT_EQUAL(n.sessions, 1);
	CU_ASSERT_EQUAL(n.ports, 1);
	CU_ASSERT_EQUAL(n.copies, 0);
	/* shared-nothing: one more port for the NBD server, whatever the disks */
	fx_add_disk(f, vm, "vdb", "local", "/var/lib/libvirt/images/v1b.qcow2", 10, 2);
	batch_limits_needs(add_plan(b, "v1", "b", "local"), vm, a, bh, &n);
	CU_ASSERT_EQUAL(n.sessions, 1);
	CU_ASSERT_EQUAL(n.ports, 2);
	/* suspended: restored paused and moved live */
	vm->state = INV_VM_SUSPENDED;
	batch_limits_needs(&b->plans[1], vm, a, bh, &n);
	CU_ASSERT_EQUAL(n.ports, 2);
	/* cold with its disks: the source's ssh into the target, no port */
	vm->state = INV_VM_SHUTOFF;
	batch_limits_needs(&b->plans[1], vm, a, bh, &n);
	CU_ASSERT_EQUAL(n.sessions, 1);
	CU_ASSERT_EQUAL(n.ports, 0);
	/* cold, compute only: nothing crosses */
	batch_limits_needs(&b->plans[0], vm, a, bh, &n);
	CU_ASSERT_EQUAL(n.sessions, 0);
	CU_ASSERT_EQUAL(n.ports, 0);
	/* storage only: one host */
	vm->state = INV_VM_RUNNING;
	b->plans[1].kind = PLAN_KIND_STORAGE;
	batch_limits_needs(&b->plans[1], vm, a, a, &n);
	CU_ASSERT_EQUAL(n.sessions, 0);
	CU_ASSERT_EQUAL(n.ports, 0);
	bfx_free(b);
}

static void test_ssh_queue(void)
{
	struct batch_fx *b = bfx_new();
	const char *vms[5] = { "v1", "v2", "v3", "v4", "v5" };
	const struct finding *q;

	for (int i = 0; i < 5; i++) {
		fx_add_vm(b->f, "a", vms[i]);
		add_plan(b, vms[i], "b", NULL);
	}
	/* the default MaxStartups (10) holds them all; 8 run by the units */
	bfx_run(b);
	CU_ASSERT_PTR_NULL(find(b, "limits.queue", NULL));
	b->f->cfg.hosts[1].ssh_max_startups = 3;
	bfx_run(b);
	q = find(b, "limits.queue", "Host b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL(q->severity, FINDING_INFO);
	CU_ASSERT_STRING_EQUAL(q->message, "Host b takes 3 migrations at once by its SSH start "
			       "limit (MaxStartups 3, ssh_max_startups in the config; 1 SSH "
			       "connection each); 5 are planned to it: 2 will wait.");
	CU_ASSERT_PTR_NOT_NULL(strstr(q->hint, "MaxStartups in /etc/ssh/sshd_config on b"));
	CU_ASSERT_EQUAL(b->out.errors, 0);
	/* from [defaults], and on a 1 Gbit/s link, where the units hold 4 at once:
	 * a MaxStartups of 6 makes none wait that the units do not */
	b->f->cfg.hosts[1].ssh_max_startups = 0;
	b->f->cfg.defaults.ssh_max_startups = 6;
	b->f->cfg.defaults.link_gbps = 1.0;
	bfx_run(b);
	CU_ASSERT_PTR_NULL(find(b, "limits.queue", NULL));
	b->f->cfg.defaults.ssh_max_startups = 2;
	bfx_run(b);
	CU_ASSERT_PTR_NOT_NULL(find(b, "limits.queue", "takes 2 migrations at once"));
	bfx_free(b);
}

static void test_port_queue_and_unmeetable(void)
{
	struct batch_fx *b = bfx_new();
	const struct finding *q;

	fx_add_vm(b->f, "a", "v3");
	fx_add_vm(b->f, "a", "v4");
	fx_add_vm(b->f, "c", "v5");
	add_plan(b, "v3", "b", NULL);
	add_plan(b, "v4", "b", NULL);
	add_plan(b, "v5", "b", NULL);
	b->f->cfg.hosts[1].migration_ports = (struct config_port_range){ 49152, 49153 };
	bfx_run(b);
	q = find(b, "limits.queue", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_STRING_EQUAL(q->message, "Host b takes 2 migrations at once by its migration "
			       "port range 49152-49153 (2 ports, migration_ports in the config; "
			       "1 each: the memory stream); 3 are planned to it: 1 will wait.");
	CU_ASSERT_PTR_NOT_NULL(strstr(q->hint, "/etc/libvirt/qemu.conf on b"));

	/* with their disks, two moves take 4 units of b each: the units hold
	 * 2 at once, so 4 ports make none wait that the units do not; 3 do */
	b->n = 0;
	local_vm(b, "a", "v1");
	local_vm(b, "a", "v2");
	add_plan(b, "v1", "b", "local");
	add_plan(b, "v2", "b", "local");
	add_plan(b, "v3", "b", NULL);
	b->f->cfg.hosts[1].migration_ports = (struct config_port_range){ 49152, 49155 };
	bfx_run(b);
	CU_ASSERT_PTR_NULL(find(b, "limits.queue", NULL));
	b->f->cfg.hosts[1].migration_ports = (struct config_port_range){ 49152, 49154 };
	bfx_run(b);
	CU_ASSERT_PTR_NULL(find(b, "limits.queue", NULL));
	b->f->cfg.hosts[1].migration_ports = (struct config_port_range){ 49152, 49153 };
	bfx_run(b);
	CU_ASSERT_PTR_NOT_NULL(find(b, "limits.queue", "1 or 2 each: the memory stream, and an "
				    "NBD server when disks are copied); 3 are planned to it: 2 "
				    "will wait."));
	CU_ASSERT_PTR_NULL(find(b, "limits.unmeetable", NULL));

	/* one port: the moves with their disks can never run */
	b->f->cfg.defaults.migration_ports = (struct config_port_range){ 50000, 50000 };
	b->f->cfg.hosts[1].migration_ports = (struct config_port_range){ 0, 0 };
	bfx_run(b);
	q = find(b, "limits.unmeetable", "VM 'v1'");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL(q->severity, FINDING_ERROR);
	CU_ASSERT_STRING_EQUAL(q->message, "VM 'v1' can never move to host b: it needs 2 "
			       "migration ports there (the memory stream and the NBD server of the "
			       "copied disks), and its migration port range 50000-50000 holds 1 "
			       "(migration_ports in the config).");
	CU_ASSERT_PTR_NOT_NULL(strstr(q->hint, "/etc/libvirt/qemu.conf on b to 2 ports"));
	CU_ASSERT_EQUAL(b->out.errors, 2);
	/* the memory-only move is alone on the port: nothing waits */
	CU_ASSERT_PTR_NULL(find(b, "limits.queue", NULL));

	/* the runner starts nothing and says why */
	struct migration_result res[3];

	CU_ASSERT_EQUAL(migration_batch_run(&b->f->inv, b->plans, 3, 1, &b->f->cfg, NULL, NULL,
					    NULL, res), -1);
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(res[i].outcome, MIGRATION_NOT_STARTED);
	CU_ASSERT_PTR_NOT_NULL(strstr(res[0].error.message, "can never move to host b"));
	CU_ASSERT_PTR_NOT_NULL(strstr(res[0].error.hint, "qemu.conf"));
	CU_ASSERT_EQUAL(res[0].refused, 1);
	CU_ASSERT_EQUAL(res[1].refused, 1);	/* v2 cannot either */
	CU_ASSERT_EQUAL(res[2].refused, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(res[2].error.message, "Not started: VM 'v1' of the same "
				      "batch can never move to host b"));
	bfx_free(b);
}

static void test_probe_parse(void)
{
	struct host_limits l;

	probe_limits_config(NULL, NULL, &l);
	CU_ASSERT_EQUAL(l.max_startups, 10);
	CU_ASSERT_EQUAL(l.port_min, 49152);
	CU_ASSERT_EQUAL(probe_limits_ports(&l), 64);
	CU_ASSERT_EQUAL(l.startups_from, LIMIT_FROM_DEFAULT);
	CU_ASSERT_STRING_EQUAL(probe_limits_ports_origin(&l), "libvirt's default");

	/* nothing readable: the defaults hold */
	probe_limits_parse("", &l);
	CU_ASSERT_EQUAL(l.max_startups, 10);
	CU_ASSERT_EQUAL(l.ports_from, LIMIT_FROM_DEFAULT);

	probe_limits_parse("maxstartups 4:30:60\nqemu-conf\nmigration_port_max 49170\n", &l);
	CU_ASSERT_EQUAL(l.max_startups, 4);
	CU_ASSERT_EQUAL(l.startups_from, LIMIT_FROM_HOST);
	CU_ASSERT_EQUAL(l.port_min, 49152);	/* libvirt's own default for the other end */
	CU_ASSERT_EQUAL(l.port_max, 49170);
	CU_ASSERT_STRING_EQUAL(probe_limits_startups_origin(&l), "read from its sshd");

	probe_limits_config(NULL, NULL, &l);
	probe_limits_parse("maxstartups default\nqemu-conf\nmigration_port_min 49152\n"
			   "migration_port_max 49155\n", &l);
	CU_ASSERT_EQUAL(l.max_startups, 10);
	CU_ASSERT_EQUAL(l.startups_from, LIMIT_FROM_HOST);
	CU_ASSERT_EQUAL(probe_limits_ports(&l), 4);
	CU_ASSERT_EQUAL(l.ports_from, LIMIT_FROM_HOST);

	/* garbage and a range libvirtd itself refuses leave what was there */
	probe_limits_config(NULL, NULL, &l);
	probe_limits_parse("maxstartups x\nmaxstartups 0\nqemu-conf\nmigration_port_min 50000\n"
			   "migration_port_max 40000\n", &l);
	CU_ASSERT_EQUAL(l.max_startups, 10);
	CU_ASSERT_EQUAL(l.startups_from, LIMIT_FROM_DEFAULT);
	CU_ASSERT_EQUAL(probe_limits_ports(&l), 64);
	CU_ASSERT_EQUAL(l.ports_from, LIMIT_FROM_DEFAULT);
}

static void test_check_one_move(void)
{
	struct fx *f = fx_new();
	struct inv_vm *vm = fx_vm(f, "vm1");

	fx_add_disk(f, vm, "vdb", "local", "/var/lib/libvirt/images/vm1b.qcow2", 10, 2);
	fx_plan(f, "vm1", PLAN_KIND_BOTH, "b");
	fx_plan_datastore(f, "local");
	fx_run(f);
	FX_LACKS(f, "limits.ports");
	FX_LACKS(f, "limits.ports-busy");

	f->cfg.hosts[1].migration_ports = (struct config_port_range){ 49152, 49152 };
	fx_run(f);
	FX_HAS(f, "limits.ports", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "limits.ports")->message, "needs 2 there"));

	/* memory only: one port is enough, unless a migration into b holds it */
	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "b");
	fx_run(f);
	FX_LACKS(f, "limits.ports");
	FX_LACKS(f, "limits.ports-busy");
	fx_add_vm(f, "b", "incoming")->job = INV_JOB_MIGRATION_IN;
	fx_run(f);
	FX_HAS(f, "limits.ports-busy", FINDING_WARNING);
	FX_LACKS(f, "limits.ssh-startups");
	fx_free(f);
}

int test_batch_limits_register(void);
int test_batch_limits_register(void)
{
	static const struct unit_test tests[] = {
		{ "what one move needs of its target", test_needs },
		{ "SSH start limit: who waits, only where it binds", test_ssh_queue },
		{ "port range: who waits; a move that never fits", test_port_queue_and_unmeetable },
		{ "the probe's lines, and the defaults", test_probe_parse },
		{ "check: one move against its target's limits", test_check_one_move },
		{ NULL, NULL }
	};

	return unit_add_suite("batch_limits", tests);
}

/* tests/unit/checkfix.c — the in-memory world of checkfix.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkfix.h"

#define MAX_HOSTS 3
#define MAX_VMS 16
#define MAX_POOLS 8
#define MAX_NETS 8
#define MAX_MODELS 32
#define MAX_DISKS 12
#define MAX_NICS 8

static const char *const host_names[MAX_HOSTS] = { "a", "b", "c" };
static const char *const intel_models[] = {
	"Conroe", "Penryn", "Nehalem", "Westmere", "SandyBridge", "IvyBridge",
	"Haswell", "Broadwell",
};

static void *must(void *p)
{
	if (!p) {
		fprintf(stderr, "checkfix: out of memory\n");
		abort();
	}
	return p;
}

static void *zalloc(size_t n, size_t size)
{
	return must(calloc(n, size));
}

char *fx_s(struct fx *f, const char *s)
{
	if (!s)
		return NULL;
	f->strs = must(realloc(f->strs, (f->nstrs + 1) * sizeof(*f->strs)));
	f->strs[f->nstrs] = must(strdup(s));
	return f->strs[f->nstrs++];
}

struct inv_host *fx_host(struct fx *f, const char *name)
{
	struct inv_host *h = inventory_host_find(&f->inv, name);

	if (!h) {
		fprintf(stderr, "checkfix: no host %s\n", name);
		abort();
	}
	return h;
}

struct config_cluster *fx_cluster(struct fx *f)
{
	return &f->cfg.clusters[0];
}

struct inv_vm *fx_vm(struct fx *f, const char *name)
{
	return inventory_vm_find(&f->inv, name, NULL);
}

struct inv_vm *fx_add_vm(struct fx *f, const char *host, const char *name)
{
	struct inv_host *h = fx_host(f, host);

	if (h->nvms == MAX_VMS)
		abort();
	struct inv_vm *vm = &h->vms[h->nvms++];

	*vm = (struct inv_vm){
		.name = fx_s(f, name), .uuid = fx_s(f, "00000000-0000-0000-0000-000000000000"),
		.state = INV_VM_RUNNING, .persistent = 1, .vcpus = 1,
		.memory_kib = 1024 * 1024,
	};
	vm->disks = zalloc(MAX_DISKS, sizeof(*vm->disks));
	vm->nics = zalloc(MAX_NICS, sizeof(*vm->nics));
	return vm;
}

struct inv_disk *fx_add_disk(struct fx *f, struct inv_vm *vm, const char *target,
			     const char *pool, const char *path, unsigned long long cap_gib,
			     unsigned long long alloc_gib)
{
	if (vm->ndisks == MAX_DISKS)
		abort();
	struct inv_disk *d = &vm->disks[vm->ndisks++];

	*d = (struct inv_disk){
		.target = fx_s(f, target), .device = fx_s(f, "disk"), .type = fx_s(f, "file"),
		.path = fx_s(f, path), .pool = fx_s(f, pool), .format = fx_s(f, "qcow2"),
		.capacity = cap_gib * FX_GIB, .allocation = alloc_gib * FX_GIB,
	};
	return d;
}

struct inv_nic *fx_add_nic(struct fx *f, struct inv_vm *vm, const char *network,
			   const char *bridge)
{
	char mac[32];

	if (vm->nnics == MAX_NICS)
		abort();
	snprintf(mac, sizeof(mac), "52:54:00:00:00:%02zx", vm->nnics + 1);
	struct inv_nic *n = &vm->nics[vm->nnics++];

	*n = (struct inv_nic){ .mac = fx_s(f, mac), .network = fx_s(f, network),
			       .bridge = fx_s(f, bridge) };
	return n;
}

struct inv_pool *fx_add_pool(struct fx *f, const char *host, const char *name,
			     const char *path, int shared, unsigned long long cap_gib,
			     unsigned long long avail_gib)
{
	struct inv_host *h = fx_host(f, host);

	if (h->npools == MAX_POOLS)
		abort();
	struct inv_pool *p = &h->pools[h->npools++];

	*p = (struct inv_pool){
		.name = fx_s(f, name), .type = fx_s(f, shared ? "netfs" : "dir"),
		.path = fx_s(f, path), .active = 1, .shared = shared,
		.capacity = cap_gib * FX_GIB, .available = avail_gib * FX_GIB,
		.allocation = (cap_gib - avail_gib) * FX_GIB,
	};
	return p;
}

struct inv_net *fx_add_net(struct fx *f, const char *host, const char *name, int active)
{
	struct inv_host *h = fx_host(f, host);

	if (h->nnets == MAX_NETS)
		abort();
	struct inv_net *n = &h->nets[h->nnets++];

	*n = (struct inv_net){ .name = fx_s(f, name), .bridge = fx_s(f, "virbr0"),
			       .active = active };
	return n;
}

void fx_cpu_model(struct fx *f, const char *host, const char *name, const char *vendor,
		  int usable)
{
	struct inv_host *h = fx_host(f, host);

	for (size_t i = 0; i < h->ncpu_models; i++) {
		if (strcmp(h->cpu_models[i].name, name) == 0) {
			h->cpu_models[i].usable = usable;
			return;
		}
	}
	if (h->ncpu_models == MAX_MODELS)
		abort();
	h->cpu_models[h->ncpu_models++] = (struct inv_cpu_model){
		.name = fx_s(f, name), .vendor = fx_s(f, vendor), .usable = usable };
}

void fx_no_cpu_models(struct fx *f, const char *host)
{
	fx_host(f, host)->ncpu_models = 0;
}

void fx_plan(struct fx *f, const char *vm, enum plan_kind kind, const char *target)
{
	plan_free(&f->plan);
	f->plan.vm = vm ? must(strdup(vm)) : NULL;
	f->plan.kind = kind;
	f->plan.target = target ? must(strdup(target)) : NULL;
}

void fx_plan_datastore(struct fx *f, const char *datastore)
{
	free(f->plan.datastore);
	f->plan.datastore = datastore ? must(strdup(datastore)) : NULL;
}

static void make_config(struct fx *f)
{
	struct config *c = &f->cfg;

	c->path = fx_s(f, "<checkfix>");
	c->defaults.link_gbps = 10.0;
	c->hosts = zalloc(MAX_HOSTS, sizeof(*c->hosts));
	c->nhosts = MAX_HOSTS;
	c->clusters = zalloc(1, sizeof(*c->clusters));
	c->nclusters = 1;
	c->clusters[0].name = fx_s(f, "lab");
	c->clusters[0].hosts = zalloc(MAX_HOSTS, sizeof(char *));
	c->clusters[0].nhosts = MAX_HOSTS;
	c->clusters[0].evc = CONFIG_EVC_OFF;
	for (size_t i = 0; i < MAX_HOSTS; i++) {
		c->hosts[i].name = fx_s(f, host_names[i]);
		c->hosts[i].cluster = fx_s(f, "lab");
		c->clusters[0].hosts[i] = fx_s(f, host_names[i]);
	}
}

static void make_host(struct fx *f, size_t i)
{
	struct inv_host *h = &f->inv.hosts[i];

	*h = (struct inv_host){
		.cfg = &f->cfg.hosts[i], .reachable = 1, .hostname = fx_s(f, host_names[i]),
		.cpu_vendor = fx_s(f, "Intel"), .cpu_model = fx_s(f, "Broadwell-IBRS"),
		.mem_total_kib = 32ULL * 1024 * 1024, .mem_free_kib = 24ULL * 1024 * 1024,
		.libvirt_version = 9000000, .hv_version = 8002000,
		.hv_type = fx_s(f, "QEMU"), .domain_type = fx_s(f, "kvm"),
		.arch = fx_s(f, "x86_64"), .host_model = fx_s(f, "Broadwell-IBRS"),
		.host_model_vendor = fx_s(f, "Intel"), .host_passthrough = 1,
	};
	h->cpu_models = zalloc(MAX_MODELS, sizeof(*h->cpu_models));
	h->pools = zalloc(MAX_POOLS, sizeof(*h->pools));
	h->nets = zalloc(MAX_NETS, sizeof(*h->nets));
	h->vms = zalloc(MAX_VMS, sizeof(*h->vms));
	for (size_t m = 0; m < sizeof(intel_models) / sizeof(intel_models[0]); m++)
		fx_cpu_model(f, host_names[i], intel_models[m], "Intel", 1);
	fx_cpu_model(f, host_names[i], "Skylake-Server", "Intel", 0);
	fx_add_pool(f, host_names[i], "shared", "/srv/vm", 1, 1000, 500);
	fx_add_pool(f, host_names[i], "local", "/var/lib/libvirt/images", 0, 200, 100);
	fx_add_net(f, host_names[i], "default", 1);
}

struct fx *fx_new(void)
{
	struct fx *f = zalloc(1, sizeof(*f));

	make_config(f);
	f->inv.hosts = zalloc(MAX_HOSTS, sizeof(*f->inv.hosts));
	f->inv.nhosts = MAX_HOSTS;
	for (size_t i = 0; i < MAX_HOSTS; i++)
		make_host(f, i);

	struct inv_vm *vm = fx_add_vm(f, "a", "vm1");

	vm->memory_kib = 2 * 1024 * 1024;
	vm->cpu_mode = fx_s(f, "custom");
	vm->cpu_model = fx_s(f, "Nehalem");
	fx_add_disk(f, vm, "vda", "shared", "/srv/vm/vm1.qcow2", 20, 5);
	fx_add_nic(f, vm, "default", NULL);

	fx_plan(f, "vm1", PLAN_KIND_COMPUTE, "b");
	f->facts = (struct check_facts){
		.cpu = CPU_VERDICT_SUPERSET,
		.link = {
			.src = { .dev = "eth0", .dev_mbit = 10000, .mbit = 10000.0 },
			.dst = { .dev = "eth1", .dev_mbit = 10000, .mbit = 10000.0 },
			.speed_mbit = 10000.0, .rtt_ms = 1.0, .taken = 1000000,
		},
		.p2p_ok = 1,
		.now = 1000000,
		.tls_src = { .read = 1, .ready = 1, .dir = "/etc/pki/qemu", .ca = "AA:BB" },
		.tls_dst = { .read = 1, .ready = 1, .dir = "/etc/pki/qemu", .ca = "AA:BB" },
	};
	f->use_facts = &f->facts;
	return f;
}

void fx_free(struct fx *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->inv.nhosts; i++) {
		struct inv_host *h = &f->inv.hosts[i];

		for (size_t v = 0; v < h->nvms; v++) {
			free(h->vms[v].disks);
			free(h->vms[v].nics);
		}
		free(h->vms);
		free(h->cpu_models);
		free(h->pools);
		free(h->nets);
	}
	free(f->inv.hosts);
	free(f->cfg.clusters[0].hosts);
	free(f->cfg.clusters);
	free(f->cfg.hosts);
	plan_free(&f->plan);
	findings_free(&f->out);
	for (size_t i = 0; i < f->nstrs; i++)
		free(f->strs[i]);
	free(f->strs);
	free(f);
}

size_t fx_run(struct fx *f)
{
	findings_free(&f->out);
	size_t n = checks_evaluate(&f->inv, &f->plan, f->use_facts, &f->cfg, &f->out);

	fx_dump(f);
	return n;
}

const struct finding *fx_get(const struct fx *f, const char *code)
{
	for (size_t i = 0; i < f->out.count; i++)
		if (strcmp(f->out.items[i].code, code) == 0)
			return &f->out.items[i];
	return NULL;
}

int fx_sev(const struct fx *f, const char *code)
{
	const struct finding *it = fx_get(f, code);

	return it ? (int)it->severity : -1;
}

size_t fx_count(const struct fx *f, const char *code)
{
	size_t n = 0;

	for (size_t i = 0; i < f->out.count; i++)
		n += strcmp(f->out.items[i].code, code) == 0;
	return n;
}

void fx_dump(const struct fx *f)
{
	if (!getenv("CHECKFIX_DUMP"))
		return;
	fprintf(stderr, "--- %s %s -> %s\n", f->plan.vm ? f->plan.vm : "-",
		plan_kind_name(f->plan.kind), f->plan.target ? f->plan.target : "-");
	for (size_t i = 0; i < f->out.count; i++)
		fprintf(stderr, "  %-7s %-26s %s | %s\n",
			finding_severity_name(f->out.items[i].severity), f->out.items[i].code,
			f->out.items[i].message, f->out.items[i].hint);
}

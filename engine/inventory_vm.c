/* engine/inventory_vm.c — a host's domains, with their disks and NICs.
 *
 * Running and paused domains are read from their live XML, others from the
 * inactive definition.  Disk sizes come from the storage volume holding the
 * disk (which also names its pool); for a running domain's disk outside every
 * pool, from virDomainGetBlockInfo().  A disk whose size cannot be read
 * keeps 0 sizes and a NULL pool, which is no error.
 *
 * For running and paused domains the job running now (virDomainGetJobStats,
 * its operation) and each disk's block job are read too; a driver that
 * cannot tell (test:///) leaves them at "none", logged.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "xmlget.h"
#include "virterr.h"

/* Collects "out of memory" across the many small copies of one domain. */
struct reader {
	virConnectPtr conn;
	const char *host;
	const char *vm;
	int oom;
	const struct inv_host *ih;	/* its pools, already read */
};

/* A file created through another host's view of a shared pool is not in this
 * host's list of volumes until the pool is refreshed.  When PATH lies in the
 * directory of one of the host's pools, refresh that pool and look again. */
static virStorageVolPtr lookup_after_refresh(struct reader *r, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!r->ih || !slash)
		return NULL;
	size_t dirlen = (size_t)(slash - path);
	for (size_t i = 0; i < r->ih->npools; i++) {
		const struct inv_pool *p = &r->ih->pools[i];
		if (!p->active || !p->path || strlen(p->path) != dirlen ||
		    strncmp(p->path, path, dirlen) != 0)
			continue;
		virStoragePoolPtr pool = virStoragePoolLookupByName(r->conn, p->name);
		if (!pool)
			continue;
		int refreshed = virStoragePoolRefresh(pool, 0) == 0;
		virStoragePoolFree(pool);
		if (!refreshed)
			continue;
		engine_log("inventory: host '%s': pool '%s' refreshed to find %s.", r->host,
			   p->name, path);
		return virStorageVolLookupByPath(r->conn, path);
	}
	return NULL;
}

static char *dup_attr(struct reader *r, const struct xml_node *n, const char *path,
		      const char *attr)
{
	const struct xml_node *at = xml_find(n, path);
	const char *v = xml_attr(at, attr);
	char *d;

	if (!v || !*v)
		return NULL;
	d = strdup(v);
	if (!d)
		r->oom = 1;
	return d;
}

static char *dup_str(struct reader *r, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		r->oom = 1;
	return d;
}

const char *inv_vm_state_name(enum inv_vm_state s)
{
	static const char *const names[INV_VM_STATE_COUNT] = {
		[INV_VM_RUNNING] = "running",
		[INV_VM_PAUSED] = "paused",
		[INV_VM_SHUTOFF] = "shut off",
		[INV_VM_SUSPENDED] = "suspended",
		[INV_VM_OTHER] = "other",
	};

	if ((unsigned)s >= INV_VM_STATE_COUNT)
		return "unknown";
	return names[s];
}

static enum inv_vm_state map_state(int state, int managed_save)
{
	switch (state) {
	case VIR_DOMAIN_RUNNING:
	case VIR_DOMAIN_BLOCKED:
		return INV_VM_RUNNING;
	case VIR_DOMAIN_PAUSED:
		return INV_VM_PAUSED;
	case VIR_DOMAIN_SHUTOFF:
		return managed_save ? INV_VM_SUSPENDED : INV_VM_SHUTOFF;
	default:
		return INV_VM_OTHER;
	}
}

/* Sizes and pool of a disk from the storage volume VOL. */
static void from_volume(struct reader *r, virStorageVolPtr vol, struct inv_disk *d)
{
	virStorageVolInfo info;
	virStoragePoolPtr pool;

	if (virStorageVolGetInfo(vol, &info) == 0) {
		d->capacity = info.capacity;
		d->allocation = info.allocation;
	}
	if (!d->pool) {
		pool = virStoragePoolLookupByVolume(vol);
		if (pool) {
			d->pool = dup_str(r, virStoragePoolGetName(pool));
			virStoragePoolFree(pool);
		}
	}
	if (!d->path) {
		char *path = virStorageVolGetPath(vol);
		d->path = dup_str(r, path);
		free(path);
	}
}

static const char *block_job_name(int type)
{
	switch (type) {
	case VIR_DOMAIN_BLOCK_JOB_TYPE_PULL:
		return "pull";
	case VIR_DOMAIN_BLOCK_JOB_TYPE_COPY:
		return "copy";
	case VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT:
		return "commit";
	case VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT:
		return "active-commit";
	case VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP:
		return "backup";
	default:
		return "unknown";
	}
}

/* The block jobs of a live domain's disks; the first refusal (a driver
 * without block jobs) stops the asking, logged once. */
static void read_block_jobs(struct reader *r, virDomainPtr dom, struct inv_vm *vm)
{
	for (size_t i = 0; i < vm->ndisks; i++) {
		struct inv_disk *d = &vm->disks[i];
		virDomainBlockJobInfo info;
		int rc;

		if (!d->target)
			continue;
		rc = virDomainGetBlockJobInfo(dom, d->target, &info, 0);
		if (rc < 0) {
			engine_log("inventory: host '%s': domain '%s': block jobs unknown: %s",
				   r->host, r->vm, virterr_last());
			return;
		}
		if (rc > 0)
			d->block_job = dup_str(r, block_job_name(info.type));
	}
}

static enum inv_job map_operation(int op)
{
	switch (op) {
	case VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT:
		return INV_JOB_MIGRATION_OUT;
	case VIR_DOMAIN_JOB_OPERATION_MIGRATION_IN:
		return INV_JOB_MIGRATION_IN;
	case VIR_DOMAIN_JOB_OPERATION_SAVE:
	case VIR_DOMAIN_JOB_OPERATION_SNAPSHOT:
	case VIR_DOMAIN_JOB_OPERATION_DUMP:
	case VIR_DOMAIN_JOB_OPERATION_RESTORE:
		return INV_JOB_SAVE;
	case VIR_DOMAIN_JOB_OPERATION_BACKUP:
		return INV_JOB_BACKUP;
	default:
		return INV_JOB_OTHER;
	}
}

/* The job running on a live domain now; none when it cannot be read. */
static enum inv_job read_job(struct reader *r, virDomainPtr dom)
{
	virTypedParameterPtr params = NULL;
	int nparams = 0, type = VIR_DOMAIN_JOB_NONE, op = VIR_DOMAIN_JOB_OPERATION_UNKNOWN;
	enum inv_job job = INV_JOB_NONE;

	if (virDomainGetJobStats(dom, &type, &params, &nparams, 0) < 0) {
		engine_log("inventory: host '%s': domain '%s': running job unknown: %s",
			   r->host, r->vm, virterr_last());
		return INV_JOB_NONE;
	}
	if (type != VIR_DOMAIN_JOB_NONE) {
		if (virTypedParamsGetInt(params, nparams, VIR_DOMAIN_JOB_OPERATION, &op) <= 0)
			op = VIR_DOMAIN_JOB_OPERATION_UNKNOWN;
		job = map_operation(op);
		engine_log("inventory: host '%s': domain '%s': job of type %d running "
			   "(operation %d).", r->host, r->vm, type, op);
	}
	virTypedParamsFree(params, nparams);
	return job;
}

static void read_disk(struct reader *r, virDomainPtr dom, int live,
		      const struct xml_node *x, struct inv_disk *d)
{
	const char *type = xml_attr(x, "type");
	const char *device = xml_attr(x, "device");
	virStorageVolPtr vol = NULL;

	d->target = dup_attr(r, x, "target", "dev");
	d->device = dup_str(r, device ? device : "disk");
	d->type = dup_str(r, type);
	d->format = dup_attr(r, x, "driver", "type");
	d->readonly = xml_child(x, "readonly") != NULL;
	d->shareable = xml_child(x, "shareable") != NULL;
	if (!type || strcmp(type, "file") == 0)
		d->path = dup_attr(r, x, "source", "file");
	else if (strcmp(type, "block") == 0)
		d->path = dup_attr(r, x, "source", "dev");
	else if (strcmp(type, "dir") == 0)
		d->path = dup_attr(r, x, "source", "dir");

	if (type && strcmp(type, "volume") == 0) {
		const char *pname = xml_attr(xml_find(x, "source"), "pool");
		const char *vname = xml_attr(xml_find(x, "source"), "volume");
		virStoragePoolPtr pool = pname ? virStoragePoolLookupByName(r->conn, pname) : NULL;
		d->pool = dup_str(r, pname);
		if (pool && vname)
			vol = virStorageVolLookupByName(pool, vname);
		if (pool)
			virStoragePoolFree(pool);
	} else if (d->path) {
		vol = virStorageVolLookupByPath(r->conn, d->path);
		if (!vol)
			vol = lookup_after_refresh(r, d->path);
	}
	if (vol) {
		from_volume(r, vol, d);
		virStorageVolFree(vol);
	} else if (live && d->target && (d->path || d->pool)) {
		/* outside every pool: the running domain's view of it */
		virDomainBlockInfo bi;
		if (virDomainGetBlockInfo(dom, d->target, &bi, 0) == 0) {
			d->capacity = bi.capacity;
			d->allocation = bi.allocation;
		}
	}
}

static void read_nic(struct reader *r, const struct xml_node *x, struct inv_nic *n)
{
	n->mac = dup_attr(r, x, "mac", "address");
	/* The live XML of a NIC on a libvirt network in bridge mode says
	 * type='bridge' but still names the network: the network is what the
	 * definition (and a migration) carries. */
	n->network = dup_attr(r, x, "source", "network");
	n->bridge = dup_attr(r, x, "source", "bridge");
}

static size_t count_children(const struct xml_node *n, const char *name)
{
	size_t c = 0;
	for (const struct xml_node *x = xml_child(n, name); x; x = xml_next_same(x))
		c++;
	return c;
}

static void read_devices(struct reader *r, virDomainPtr dom, int live,
			 const struct xml_node *root, struct inv_vm *vm)
{
	const struct xml_node *devs = xml_find(root, "devices");
	size_t nd = count_children(devs, "disk"), nn = count_children(devs, "interface");

	if (nd && !(vm->disks = calloc(nd, sizeof(*vm->disks)))) {
		r->oom = 1;
		return;
	}
	for (const struct xml_node *x = xml_child(devs, "disk"); x; x = xml_next_same(x))
		read_disk(r, dom, live, x, &vm->disks[vm->ndisks++]);
	if (nn && !(vm->nics = calloc(nn, sizeof(*vm->nics)))) {
		r->oom = 1;
		return;
	}
	for (const struct xml_node *x = xml_child(devs, "interface"); x; x = xml_next_same(x))
		read_nic(r, x, &vm->nics[vm->nnics++]);
	vm->nhostdevs = count_children(devs, "hostdev");
}

/* "hugepages", "file", "memfd" from <memoryBacking>, or NULL. */
static const char *memory_backing(const struct xml_node *root)
{
	const struct xml_node *mb = xml_find(root, "memoryBacking");
	const char *source;

	if (!mb)
		return NULL;
	if (xml_child(mb, "hugepages"))
		return "hugepages";
	source = xml_attr(xml_child(mb, "source"), "type");
	if (source && strcmp(source, "file") == 0)
		return "file";
	if (source && strcmp(source, "memfd") == 0)
		return "memfd";
	return NULL;
}

/* Past the '>' of the tag at P (quoted attribute values may hold '>'), or
 * NULL when the text ends first. */
static const char *tag_end(const char *p)
{
	char quote = 0;

	for (; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

static const char *skip_past(const char *p, const char *end_mark)
{
	const char *e = strstr(p, end_mark);
	return e ? e + strlen(end_mark) : NULL;
}

char *inventory_vm_cpu_xml(const char *xml)
{
	const char *p = xml, *start = NULL;
	int depth = 0;

	while (p && (p = strchr(p, '<'))) {
		const char *end;

		if (strncmp(p, "<!--", 4) == 0) {
			p = skip_past(p + 4, "-->");
			continue;
		}
		if (strncmp(p, "<![CDATA[", 9) == 0) {
			p = skip_past(p + 9, "]]>");
			continue;
		}
		end = tag_end(p + 1);
		if (!end)
			return NULL;
		if (p[1] == '?' || p[1] == '!') {	/* declaration, DOCTYPE */
			p = end;
			continue;
		}
		if (p[1] == '/') {
			depth--;
			if (start && depth == 1)
				return strndup(start, (size_t)(end - start));
			p = end;
			continue;
		}
		/* a start tag; <cpu> counts only as a child of the root */
		if (depth == 1 && !start && strncmp(p + 1, "cpu", 3) == 0
		    && strchr(" \t\r\n/>", p[4])) {
			start = p;
			if (end[-2] == '/')
				return strndup(start, (size_t)(end - start));
		}
		if (end[-2] != '/')
			depth++;
		p = end;
	}
	return NULL;
}

/* 0 read, 1 the domain vanished or cannot be described (skipped), -1 out
 * of memory. */
static int read_vm(virConnectPtr conn, const struct inv_host *ih, const char *host,
		   virDomainPtr dom, struct inv_vm *vm)
{
	struct reader r = { conn, host, virDomainGetName(dom), 0, ih };
	char uuid[VIR_UUID_STRING_BUFLEN];
	char xerr[160];
	virDomainInfo info;
	int state = 0, reason = 0, managed = 0, live, nsnap, rc = 1;
	char *xml = NULL;
	struct xml_node *root = NULL;
	const struct xml_node *cpu;

	vm->name = dup_str(&r, r.vm);
	if (virDomainGetState(dom, &state, &reason, 0) < 0
	    || virDomainGetInfo(dom, &info) < 0) {
		engine_log("inventory: host '%s': domain '%s' skipped: %s", host,
			   r.vm ? r.vm : "?", virterr_last());
		goto cleanup;
	}
	if (virDomainGetUUIDString(dom, uuid) == 0)
		vm->uuid = dup_str(&r, uuid);
	if (state == VIR_DOMAIN_SHUTOFF)
		managed = virDomainHasManagedSaveImage(dom, 0) == 1;
	vm->state = map_state(state, managed);
	vm->reason = reason;
	vm->persistent = virDomainIsPersistent(dom) == 1;
	vm->vcpus = info.nrVirtCpu;
	vm->memory_kib = info.maxMem;

	live = state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_BLOCKED
		|| state == VIR_DOMAIN_PAUSED;
	xml = virDomainGetXMLDesc(dom, live ? 0 : VIR_DOMAIN_XML_INACTIVE);
	if (!xml) {
		engine_log("inventory: host '%s': domain '%s' skipped: no description: %s",
			   host, r.vm, virterr_last());
		goto cleanup;
	}
	root = xml_parse(xml, xerr, sizeof(xerr));
	if (!root) {
		engine_log("inventory: host '%s': domain '%s' skipped: its description is "
			   "not understood: %s", host, r.vm, xerr);
		goto cleanup;
	}
	{
		const char *dt = xml_attr(root, "type");
		vm->domain_type = dt ? dup_str(&r, dt) : NULL;
	}
	cpu = xml_find(root, "cpu");
	if (cpu) {
		const char *mode = xml_attr(cpu, "mode");
		vm->cpu_mode = dup_str(&r, mode ? mode : "custom");
		vm->cpu_model = xml_get(cpu, "model", NULL);
		vm->cpu_vendor = xml_get(cpu, "vendor", NULL);
		vm->cpu_xml = inventory_vm_cpu_xml(xml);
		if (!vm->cpu_xml)
			engine_log("inventory: host '%s': domain '%s': its <cpu> element "
				   "could not be copied.", host, r.vm);
	}
	vm->memory_backing = dup_str(&r, memory_backing(root));
	read_devices(&r, dom, live, root, vm);
	if (live) {
		vm->job = read_job(&r, dom);
		read_block_jobs(&r, dom, vm);
	}
	nsnap = virDomainSnapshotNum(dom, 0);
	if (nsnap >= 0)
		vm->nsnapshots = (size_t)nsnap;
	else
		engine_log("inventory: host '%s': domain '%s': snapshots not counted: %s",
			   host, r.vm, virterr_last());
	rc = 0;
cleanup:
	xml_free(root);
	free(xml);
	return r.oom ? -1 : rc;
}

int inventory_vm_read_all(virConnectPtr conn, struct inv_host *ih, struct vm_error *err)
{
	virDomainPtr *doms = NULL;
	int n, rc = -1;

	n = virConnectListAllDomains(conn, &doms, 0);
	if (n < 0) {
		vm_error_set(err, "Cannot list the virtual machines of host '%s': %s.",
			     ih->cfg->name, virterr_last());
		return -1;
	}
	if (n > 0) {
		ih->vms = calloc((size_t)n, sizeof(*ih->vms));
		if (!ih->vms)
			goto cleanup;
	}
	for (int i = 0; i < n; i++) {
		struct inv_vm *vm = &ih->vms[ih->nvms];
		int r = read_vm(conn, ih, ih->cfg->name, doms[i], vm);
		if (r != 0)
			inventory_vm_clear(vm);
		if (r < 0)
			goto cleanup;
		if (r == 0)
			ih->nvms++;
	}
	rc = 0;
cleanup:
	if (rc < 0)
		vm_error_set(err, "Out of memory while reading the virtual machines of host '%s'.",
			     ih->cfg->name);
	for (int i = 0; i < n; i++)
		virDomainFree(doms[i]);
	free(doms);
	return rc;
}

void inventory_vm_clear(struct inv_vm *vm)
{
	if (!vm)
		return;
	for (size_t i = 0; i < vm->ndisks; i++) {
		free(vm->disks[i].target);
		free(vm->disks[i].device);
		free(vm->disks[i].path);
		free(vm->disks[i].pool);
		free(vm->disks[i].format);
		free(vm->disks[i].type);
		free(vm->disks[i].block_job);
	}
	free(vm->disks);
	for (size_t i = 0; i < vm->nnics; i++) {
		free(vm->nics[i].mac);
		free(vm->nics[i].network);
		free(vm->nics[i].bridge);
	}
	free(vm->nics);
	free(vm->name);
	free(vm->uuid);
	free(vm->cpu_mode);
	free(vm->cpu_model);
	free(vm->cpu_vendor);
	free(vm->domain_type);
	free(vm->cpu_xml);
	free(vm->memory_backing);
	memset(vm, 0, sizeof(*vm));
}

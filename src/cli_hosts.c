/* src/cli_hosts.c — "hosts" and "vms": the inventory, as text or JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int unreachable_count(const struct inventory *inv)
{
	int n = 0;
	for (size_t i = 0; i < inv->nhosts; i++)
		n += !inv->hosts[i].reachable;
	return n;
}

static void report_unreachable(const struct inventory *inv)
{
	for (size_t i = 0; i < inv->nhosts; i++) {
		const struct inv_host *h = &inv->hosts[i];
		if (h->reachable)
			continue;
		cli_error(stderr, NULL, &h->error);
	}
}

/* ---- hosts, text ------------------------------------------------------- */

/* "NAME (dir, shared with b c, active, 1.0 GiB free)" */
static void pool_item(struct cli_list *l, const struct inventory *inv, const struct inv_host *h,
		      const struct inv_pool *p)
{
	char *buf = NULL, b[32];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	const struct inv_host *peers[16];
	size_t np = inv_pool_peers(inv, h, p, peers, 16);

	if (!m)
		return;
	cli_text(m, p->name);
	fprintf(m, " (%s, %s", p->type ? p->type : "?", p->shared ? "shared" : "local");
	for (size_t k = 0; k < np && k < 16; k++) {
		fputs(k ? " " : " with ", m);
		cli_text(m, peers[k]->cfg->name);
	}
	if (np > 16)
		fprintf(m, " and %zu more", np - 16);
	fprintf(m, ", %s, %s free)", p->active ? "active" : "inactive",
		engine_bytes(p->available, b, sizeof b));
	if (fclose(m) == 0)
		cli_list_put(l, buf);
	free(buf);
}

static void host_text(FILE *f, const struct inventory *inv, const struct inv_host *h)
{
	char b1[32], b2[32];
	cli_text(f, h->cfg->name);
	if (!h->reachable) {
		fputs("  unreachable\n    ", f);
		cli_text(f, h->error.message);
		fputs("\n", f);
		if (h->error.hint[0]) {
			fputs("    hint: ", f);
			cli_text(f, h->error.hint);
			fputs("\n", f);
		}
		return;
	}
	fputs("  reachable", f);
	if (h->hostkey_fp)
		fprintf(f, ", host key %s", h->hostkey_fp);
	fputs("\n    cpu       ", f);
	cli_text(f, h->cpu_vendor);
	fputs(" ", f);
	cli_text(f, h->cpu_model);
	fprintf(f, "\n    memory    %s free of %s\n", inventory_host_mem_free(h, b1, sizeof b1),
		inventory_host_mem_total(h, b2, sizeof b2));
	fprintf(f, "    versions  libvirt %s, ", cli_version(h->libvirt_version, b1, sizeof b1));
	cli_text(f, h->hv_type);
	fprintf(f, " %s\n", cli_version(h->hv_version, b2, sizeof b2));
	/* the lists wrapped to the terminal, each row under the first item */
	struct cli_list l;
	cli_list_start(&l, f, "pools    ", 4);
	for (size_t i = 0; i < h->npools; i++)
		pool_item(&l, inv, h, &h->pools[i]);
	cli_list_end(&l);
	cli_list_start(&l, f, "networks ", 4);
	for (size_t i = 0; i < h->nnets; i++) {
		const struct inv_net *n = &h->nets[i];
		char *bridge = cli_text_dup(n->bridge);
		cli_list_item(&l, n->name, " (%s, %s)", bridge ? bridge : "?",
			      n->active ? "active" : "inactive");
		free(bridge);
	}
	cli_list_end(&l);
	cli_list_start(&l, f, "vms      ", 4);
	for (size_t i = 0; i < h->nvms; i++)
		cli_list_item(&l, h->vms[i].name, " (%s)", inv_vm_state_name(h->vms[i].state));
	cli_list_end(&l);
}

/* ---- hosts, JSON ------------------------------------------------------- */

static void host_json(FILE *f, const struct inventory *inv, const struct inv_host *h)
{
	fputs("{\"name\":", f);
	cli_json_string(f, h->cfg->name);
	fprintf(f, ",\"reachable\":%s", h->reachable ? "true" : "false");
	if (!h->reachable) {
		fprintf(f, ",\"code\":\"%s\",\"error\":", cli_json_host_code(h));
		cli_json_string(f, h->error.message);
		fputs(",\"hint\":", f);
		cli_json_string(f, h->error.hint);
		fputs("}", f);
		return;
	}
	fputs(",\"host_key\":", f);
	cli_json_string(f, h->hostkey_fp);
	fputs(",\"hostname\":", f);
	cli_json_string(f, h->hostname);
	fputs(",\"cpu_vendor\":", f);
	cli_json_string(f, h->cpu_vendor);
	fputs(",\"cpu_model\":", f);
	cli_json_string(f, h->cpu_model);
	/* in bytes as every size; the _kib pair for scripts written before */
	/* unknown is null, never 0 */
	if (h->mem_total_kib)
		fprintf(f, ",\"memory_total\":%llu,\"memory_total_kib\":%llu",
			h->mem_total_kib * 1024, h->mem_total_kib);
	else
		fputs(",\"memory_total\":null,\"memory_total_kib\":null", f);
	if (h->mem_free_kib)
		fprintf(f, ",\"memory_free\":%llu,\"memory_free_kib\":%llu",
			h->mem_free_kib * 1024, h->mem_free_kib);
	else
		fputs(",\"memory_free\":null,\"memory_free_kib\":null", f);
	fprintf(f, ",\"libvirt_version\":%lu,\"hypervisor_version\":%lu,\"hypervisor\":",
		h->libvirt_version, h->hv_version);
	cli_json_string(f, h->hv_type);
	fputs(",\"pools\":[", f);
	for (size_t i = 0; i < h->npools; i++) {
		const struct inv_pool *p = &h->pools[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		cli_json_string(f, p->name);
		fputs(",\"type\":", f);
		cli_json_string(f, p->type);
		fputs(",\"path\":", f);
		cli_json_string(f, p->path);
		fprintf(f, ",\"active\":%s,\"shared\":%s,\"capacity\":%llu,\"allocation\":%llu,"
			"\"available\":%llu", p->active ? "true" : "false",
			p->shared ? "true" : "false", p->capacity, p->allocation, p->available);
		fputs(",\"shared_with\":[", f);
		size_t np = inv_pool_peers(inv, h, p, NULL, 0);
		const struct inv_host **peers = np ? calloc(np, sizeof *peers) : NULL;
		if (peers)
			inv_pool_peers(inv, h, p, peers, np);
		for (size_t k = 0; peers && k < np; k++) {
			fputs(k ? "," : "", f);
			cli_json_string(f, peers[k]->cfg->name);
		}
		free(peers);
		fputs("]}", f);
	}
	fputs("],\"networks\":[", f);
	for (size_t i = 0; i < h->nnets; i++) {
		const struct inv_net *n = &h->nets[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		cli_json_string(f, n->name);
		fputs(",\"bridge\":", f);
		cli_json_string(f, n->bridge);
		fprintf(f, ",\"active\":%s}", n->active ? "true" : "false");
	}
	fputs("],\"vms\":[", f);
	for (size_t i = 0; i < h->nvms; i++) {
		fputs(i ? "," : "", f);
		cli_json_string(f, h->vms[i].name);
	}
	fputs("]}", f);
}

/* The start of `hosts` and `vms`: options, config, inventory into INV.
 * 0 to go on, or -1 with the exit code in *RC (0 after --help). */
static int inventory_command(struct cli *cli, int argc, char **argv, struct inventory *inv,
			     int *rc)
{
	if (cli_parse_simple(cli, argc, argv, rc) < 0)
		return -1;
	if ((*rc = cli_start(cli)) != 0)
		return -1;
	*rc = CLI_EXIT_FINDINGS;
	return cli_inventory(cli, inv) != 0 ? -1 : 0;
}

/* The end of `hosts` and `vms`: the hosts that could not be read, as
 * findings and the exit code. */
static int inventory_exit(const struct inventory *inv)
{
	int bad = unreachable_count(inv);

	cli_json_unreachable(inv, FINDING_ERROR);
	if (bad)
		cli_json_errorf("", "%d of %zu host%s could not be read.", bad, inv->nhosts,
				inv->nhosts == 1 ? "" : "s");
	return bad ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}

static void hosts_members(FILE *f, const void *arg)
{
	const struct inventory *inv = arg;

	fputs(",\"hosts\":", f);
	if (!inv) {
		fputs("null", f);
		return;
	}
	fputs("[", f);
	for (size_t i = 0; i < inv->nhosts; i++) {
		fputs(i ? "," : "", f);
		host_json(f, inv, &inv->hosts[i]);
	}
	fputs("]", f);
}

int cli_hosts(struct cli *cli, int argc, char **argv)
{
	struct inventory inv;
	int rc;
	if (inventory_command(cli, argc, argv, &inv, &rc) != 0) {
		cli_json_report(rc, hosts_members, NULL);
		return rc;
	}
	if (cli->json)
		report_unreachable(&inv);	/* the text says it on stdout */
	else
		for (size_t i = 0; i < inv.nhosts; i++)
			host_text(stdout, &inv, &inv.hosts[i]);
	rc = inventory_exit(&inv);
	cli_json_report(rc, hosts_members, &inv);
	inventory_free(&inv);
	return rc;
}

/* ---- vms ------------------------------------------------------------------ */

/* A VM's rows, each wrapped to F's width: the VM, then its disks and NICs,
 * their further rows under the disk's or NIC's first word. */
static void vm_text(FILE *f, const struct inv_host *h, const struct inv_vm *v)
{
	char b[32];
	struct cli_row r;

	if (!cli_row_open(&r))
		return;
	cli_text(r.m, v->name);
	fputs("  on ", r.m);
	cli_text(r.m, h->cfg->name);
	fprintf(r.m, ", %s, %u vCPU, %s", inv_vm_state_name(v->state), v->vcpus,
		engine_bytes(v->memory_kib * 1024, b, sizeof b));
	if (v->cpu_mode) {
		fputs(", cpu ", r.m);
		cli_text(r.m, v->cpu_mode);
		if (v->cpu_model) {
			fputs(" ", r.m);
			cli_text(r.m, v->cpu_model);
		}
	}
	cli_row_print(&r, f, 0, 4);
	for (size_t i = 0; i < v->ndisks; i++) {
		const struct inv_disk *d = &v->disks[i];
		if (!cli_row_open(&r))
			return;
		fputs("    disk ", r.m);
		cli_text(r.m, d->target);
		fputs(" ", r.m);
		cli_text(r.m, d->path);
		fputs(" pool ", r.m);
		cli_text(r.m, d->pool);
		fputs(" format ", r.m);
		cli_text(r.m, d->format);
		fprintf(r.m, " capacity %s", engine_bytes(d->capacity, b, sizeof b));
		fprintf(r.m, " allocated %s", engine_bytes(d->allocation, b, sizeof b));
		cli_row_print(&r, f, 0, 9);
	}
	for (size_t i = 0; i < v->nnics; i++) {
		const struct inv_nic *n = &v->nics[i];
		if (!cli_row_open(&r))
			return;
		fputs("    nic ", r.m);
		cli_text(r.m, n->mac);
		fputs(n->network ? " network " : " bridge ", r.m);
		cli_text(r.m, n->network ? n->network : n->bridge);
		cli_row_print(&r, f, 0, 8);
	}
}

static void vm_json(FILE *f, const struct inv_host *h, const struct inv_vm *v)
{
	fputs("{\"name\":", f);
	cli_json_string(f, v->name);
	fputs(",\"host\":", f);
	cli_json_string(f, h->cfg->name);
	fputs(",\"uuid\":", f);
	cli_json_string(f, v->uuid);
	fputs(",\"type\":", f);
	cli_json_string(f, v->domain_type);
	fprintf(f, ",\"state\":\"%s\",\"reason\":%d,\"persistent\":%s,\"vcpus\":%u,"
		"\"memory\":%llu,\"memory_kib\":%llu,\"cpu_mode\":", inv_vm_state_name(v->state),
		v->reason, v->persistent ? "true" : "false", v->vcpus, v->memory_kib * 1024,
		v->memory_kib);
	cli_json_string(f, v->cpu_mode);
	fputs(",\"cpu_model\":", f);
	cli_json_string(f, v->cpu_model);
	fputs(",\"disks\":[", f);
	for (size_t i = 0; i < v->ndisks; i++) {
		const struct inv_disk *d = &v->disks[i];
		fputs(i ? ",{\"target\":" : "{\"target\":", f);
		cli_json_string(f, d->target);
		fputs(",\"device\":", f);
		cli_json_string(f, d->device);
		fputs(",\"path\":", f);
		cli_json_string(f, d->path);
		fputs(",\"pool\":", f);
		cli_json_string(f, d->pool);
		fputs(",\"format\":", f);
		cli_json_string(f, d->format);
		fprintf(f, ",\"capacity\":%llu,\"allocation\":%llu}", d->capacity, d->allocation);
	}
	fputs("],\"nics\":[", f);
	for (size_t i = 0; i < v->nnics; i++) {
		const struct inv_nic *n = &v->nics[i];
		fputs(i ? ",{\"mac\":" : "{\"mac\":", f);
		cli_json_string(f, n->mac);
		fputs(",\"network\":", f);
		cli_json_string(f, n->network);
		fputs(",\"bridge\":", f);
		cli_json_string(f, n->bridge);
		fputs("}", f);
	}
	fputs("]}", f);
}

static void vms_members(FILE *f, const void *arg)
{
	const struct inventory *inv = arg;
	int first = 1;

	fputs(",\"vms\":", f);
	if (!inv) {
		fputs("null", f);
		return;
	}
	fputs("[", f);
	for (size_t i = 0; i < inv->nhosts; i++) {
		const struct inv_host *h = &inv->hosts[i];
		for (size_t j = 0; j < h->nvms; j++) {
			fputs(first ? "" : ",", f);
			vm_json(f, h, &h->vms[j]);
			first = 0;
		}
	}
	fputs("]", f);
}

int cli_vms(struct cli *cli, int argc, char **argv)
{
	struct inventory inv;
	int rc;
	if (inventory_command(cli, argc, argv, &inv, &rc) != 0) {
		cli_json_report(rc, vms_members, NULL);
		return rc;
	}
	for (size_t i = 0; !cli->json && i < inv.nhosts; i++) {
		const struct inv_host *h = &inv.hosts[i];
		for (size_t j = 0; j < h->nvms; j++)
			vm_text(stdout, h, &h->vms[j]);
	}
	report_unreachable(&inv);
	rc = inventory_exit(&inv);
	cli_json_report(rc, vms_members, &inv);
	inventory_free(&inv);
	return rc;
}

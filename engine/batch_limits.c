/* engine/batch_limits.c — what each move of a batch claims of the hosts
 * (units, datastores, link, SSH connections and migration ports on its
 * target), and, for a planned batch, where the targets' SSH start limit and
 * port range make moves wait or can never be met (rules in batch_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "batch_int.h"

void batch_limits_needs(const struct plan *p, const struct inv_vm *vm,
			const struct inv_host *src, const struct inv_host *dst,
			struct batch_needs *out)
{
	memset(out, 0, sizeof *out);
	if (!p || !vm || !src || !dst || dst == src || !plan_kind_needs_host(p->kind))
		return;
	for (size_t d = 0; d < vm->ndisks; d++)
		if (disk_destination(p, &vm->disks[d], 1))
			out->copies = 1;
	out->streamed = plan_is_streamed(vm);
	if (out->streamed) {
		out->sessions = BATCH_SESSIONS_P2P;
		out->ports = BATCH_PORTS_MEMORY + (out->copies ? BATCH_PORTS_NBD : 0);
	} else if (out->copies) {
		out->sessions = BATCH_SESSIONS_COPY;
	}
}

static void add_key(struct batch_item *it, char (*keys)[BATCH_KEY_LEN], const char *host,
		    const struct inv_host *h, const char *pool)
{
	const struct inv_pool *p = h ? inv_host_pool(h, pool) : NULL;
	char key[BATCH_KEY_LEN];

	if (p && p->shared && p->path)
		snprintf(key, sizeof key, "shared:%s", p->path);
	else
		snprintf(key, sizeof key, "%s/%s", host, pool);
	for (size_t k = 0; k < it->nds; k++)
		if (strcmp(it->ds[k], key) == 0)
			return;
	if (it->nds == BATCH_MAX_DATASTORES)
		return;
	memcpy(keys[it->nds], key, sizeof key);
	it->ds[it->nds] = keys[it->nds];
	it->nds++;
}

static double link_mibs(const struct config *cfg, const struct inv_host *h)
{
	double gbps = h->cfg && h->cfg->link_gbps > 0.0 ? h->cfg->link_gbps :
		      (cfg ? cfg->defaults.link_gbps : 0.0);

	return gbps > 0.0 ? gbps * 1e9 / 8.0 / 1048576.0 : 0.0;
}

/* H's limits from TARGETS, read and added when not there yet. */
static const struct host_limits *target_limits(const struct config *cfg,
					       const struct inv_host *h,
					       struct batch_target *targets, size_t *ntargets)
{
	for (size_t t = 0; t < *ntargets; t++)
		if (targets[t].host == h)
			return &targets[t].limits;
	targets[*ntargets].host = h;
	probe_limits_host(cfg, h, &targets[*ntargets].limits);
	return &targets[(*ntargets)++].limits;
}

int batch_limits_describe(struct inventory *inv, const struct config *cfg, const struct plan *p,
			  struct batch_target *targets, size_t *ntargets, struct batch_item *it,
			  char (*keys)[BATCH_KEY_LEN], struct vm_error *why)
{
	struct inv_host *src = NULL, *dst;
	struct inv_vm *vm = inventory_vm_find(inv, p->vm, &src);
	struct batch_needs needs;
	int live, copies = 0;

	if (!vm || !src) {
		vm_error_set(why, "VM '%s' is on none of the reachable hosts; nothing was done.",
			     p->vm);
		return -1;
	}
	dst = p->target ? inventory_host_find(inv, p->target) : src;
	if (!dst) {
		vm_error_set(why, "Host '%s' is not in the config; nothing was done.", p->target);
		return -1;
	}
	live = plan_kind_needs_host(p->kind) && plan_is_live(vm);
	for (size_t d = 0; d < vm->ndisks; d++) {
		const char *to = disk_destination(p, &vm->disks[d],
						  plan_kind_needs_host(p->kind) && dst != src);

		if (!to)
			continue;
		copies = 1;
		if (vm->disks[d].pool)
			add_key(it, keys, src->cfg->name, src, vm->disks[d].pool);
		add_key(it, keys, dst->cfg->name, dst, to);
	}
	if (!copies && live)
		for (size_t d = 0; d < vm->ndisks; d++)
			if (vm->disks[d].pool)
				add_key(it, keys, src->cfg->name, src, vm->disks[d].pool);
	it->vm = p->vm;
	it->src = src->cfg->name;
	it->dst = dst->cfg->name;
	it->high = p->priority == PLAN_PRIORITY_HIGH;
	it->cap_mibs = p->bandwidth_mibs;
	it->link_mibs = link_mibs(cfg, src);
	if (copies) {
		it->host_cost = 4;
		it->ds_cost = 16;
	} else {
		it->host_cost = live ? (config_host_link_gbps(cfg, src->cfg) >= 10.0 ? 1 : 2) : 1;
		it->ds_cost = 1;
	}
	batch_limits_needs(p, vm, src, dst, &needs);
	it->sessions = needs.sessions;
	it->ports = needs.ports;
	if (needs.sessions || needs.ports) {
		it->limits = target_limits(cfg, dst, targets, ntargets);
		it->dst_startups = (unsigned)it->limits->max_startups;
		it->dst_ports = probe_limits_ports(it->limits);
	}
	return 0;
}

/* "the memory stream and the disks' NBD server" for a move holding PORTS. */
static const char *ports_words(unsigned lo, unsigned hi)
{
	if (hi <= BATCH_PORTS_MEMORY)
		return "the memory stream";
	if (lo == hi)
		return "the memory stream and the NBD server of the copied disks";
	return "the memory stream, and an NBD server when disks are copied";
}

int batch_limits_why_never(const struct batch_item *it, struct vm_error *why)
{
	const struct host_limits *l = it->limits;
	char range[64] = "";

	switch (batch_never(it)) {
	case BATCH_SHORT_SESSIONS:
		vm_error_set(why, "VM '%s' can never move to host %s: it opens %u SSH connection%s "
			     "to it at once, and its sshd lets %u start at once (MaxStartups, %s).",
			     it->vm, it->dst, it->sessions, it->sessions == 1 ? "" : "s",
			     it->dst_startups, l ? probe_limits_startups_origin(l) : "given");
		vm_error_hint(why, "Raise MaxStartups in /etc/ssh/sshd_config on %s to %u at "
			      "least (and ssh_max_startups in the config).", it->dst, it->sessions);
		return 1;
	case BATCH_SHORT_PORTS:
		if (l)
			snprintf(range, sizeof range, " %d-%d", l->port_min, l->port_max);
		vm_error_set(why, "VM '%s' can never move to host %s: it needs %u migration ports "
			     "there (%s), and its migration port range%s holds %u (%s).", it->vm,
			     it->dst, it->ports, ports_words(it->ports, it->ports), range,
			     it->dst_ports, l ? probe_limits_ports_origin(l) : "given");
		vm_error_hint(why, "Widen migration_port_min/max in /etc/libvirt/qemu.conf on %s to "
			      "%u ports at least (and migration_ports in the config), or move "
			      "VM '%s' without its disks.", it->dst, it->ports, it->vm);
		return 1;
	default:
		vm_error_clear(why);
		return 0;
	}
}

/* How many of the K costs fit in BUDGET at once, the smallest first. */
static size_t at_once(unsigned *cost, size_t k, unsigned budget)
{
	size_t fit = 0;
	unsigned used = 0;

	for (size_t i = 1; i < k; i++)		/* insertion sort: batches are small */
		for (size_t j = i; j > 0 && cost[j - 1] > cost[j]; j--) {
			unsigned t = cost[j];

			cost[j] = cost[j - 1];
			cost[j - 1] = t;
		}
	for (; fit < k && used + cost[fit] <= budget; fit++)
		used += cost[fit];
	return fit;
}

/* The moves into target T that hold what WANT (0: connections, 1: ports)
 * counts: their costs in COST and their host units in UNITS. */
static size_t gather(const struct batch_item *items, const int *known, size_t n,
		     const char *t, int want, unsigned *cost, unsigned *units)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct batch_item *it = &items[i];
		unsigned c = want ? it->ports : it->sessions;

		if (!known[i] || !c || batch_never(it) != BATCH_FITS || strcmp(it->dst, t) != 0)
			continue;
		cost[k] = c;
		units[k++] = it->host_cost;
	}
	return k;
}

static void span(const unsigned *cost, size_t k, unsigned *lo, unsigned *hi)
{
	*lo = *hi = k ? cost[0] : 0;
	for (size_t i = 0; i < k; i++) {
		*lo = cost[i] < *lo ? cost[i] : *lo;
		*hi = cost[i] > *hi ? cost[i] : *hi;
	}
}

static void each_words(unsigned lo, unsigned hi, char *buf, size_t len)
{
	if (lo == hi)
		snprintf(buf, len, "%u", lo);
	else
		snprintf(buf, len, "%u or %u", lo, hi);
}

/* The limit WANT (0: SSH connections, 1: migration ports) of target T: a
 * finding when it holds fewer moves at once than are planned there and
 * than the per-host units would let run. */
static void queue_finding(const struct batch_item *items, const int *known, size_t n,
			  const struct batch_target *t, int want, unsigned *cost, unsigned *units,
			  struct findings *out)
{
	const char *name = t->host->cfg->name;
	const struct host_limits *l = &t->limits;
	size_t k = gather(items, known, n, name, want, cost, units);
	unsigned lo, hi;
	char each[32], hint[256];

	span(cost, k, &lo, &hi);
	each_words(lo, hi, each, sizeof each);
	size_t units_at_once = at_once(units, k, BATCH_HOST_UNITS);
	size_t held = at_once(cost, k, want ? probe_limits_ports(l) : (unsigned)l->max_startups);

	if (!k || held >= k || held >= units_at_once)
		return;
	if (!want) {
		snprintf(hint, sizeof hint, "They start as others end; none fails for it. For more "
			 "at once, raise MaxStartups in /etc/ssh/sshd_config on %s (and "
			 "ssh_max_startups in the config, when set).", name);
		findings_add(out, FINDING_INFO, "limits.queue", hint,
			     "Host %s takes %zu migration%s at once by its SSH start limit "
			     "(MaxStartups %d, %s; %s SSH connection%s each); %zu are planned to "
			     "it: %zu will wait.", name, held, held == 1 ? "" : "s",
			     l->max_startups, probe_limits_startups_origin(l), each,
			     hi == 1 ? "" : "s", k, k - held);
		return;
	}
	snprintf(hint, sizeof hint, "They start as others end; none fails for it. For more at "
		 "once, widen migration_port_min/max in /etc/libvirt/qemu.conf on %s (and "
		 "migration_ports in the config, when set).", name);
	findings_add(out, FINDING_INFO, "limits.queue", hint,
		     "Host %s takes %zu migration%s at once by its migration port range %d-%d "
		     "(%u port%s, %s; %s each: %s); %zu are planned to it: %zu will wait.", name,
		     held, held == 1 ? "" : "s", l->port_min, l->port_max, probe_limits_ports(l),
		     probe_limits_ports(l) == 1 ? "" : "s", probe_limits_ports_origin(l), each,
		     ports_words(lo, hi), k, k - held);
}

void batch_limits_findings(struct inventory *inv, const struct plan *plans, size_t n,
			   const struct config *cfg, struct findings *out)
{
	size_t m = n ? n : 1, ntargets = 0;
	struct batch_item *items = calloc(m, sizeof *items);
	char (*keys)[BATCH_MAX_DATASTORES][BATCH_KEY_LEN] = calloc(m, sizeof *keys);
	struct batch_target *targets = calloc(m, sizeof *targets);
	int *known = calloc(m, sizeof *known);
	unsigned *cost = calloc(2 * m, sizeof *cost);

	if (!items || !keys || !targets || !known || !cost) {
		findings_add(out, FINDING_WARNING, "limits.unchecked", "",
			     "The targets' SSH and port limits could not be weighed: out of memory.");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct vm_error why;

		known[i] = batch_limits_describe(inv, cfg, &plans[i], targets, &ntargets, &items[i],
						 keys[i], &why) == 0;
		if (known[i] && batch_limits_why_never(&items[i], &why))
			findings_add(out, FINDING_ERROR, "limits.unmeetable", why.hint, "%s",
				     why.message);
	}
	for (size_t t = 0; t < ntargets; t++) {
		queue_finding(items, known, n, &targets[t], 0, cost, cost + m, out);
		queue_finding(items, known, n, &targets[t], 1, cost, cost + m, out);
	}
out:
	free(items);
	free(keys);
	free(targets);
	free(known);
	free(cost);
}

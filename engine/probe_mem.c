/* engine/probe_mem.c — the memory a live move's first pass would send
 * (engine/probe_mem.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "engine.h"
#include "inventory_int.h"
#include "probe_mem.h"
#include "sshlink.h"

/* The guest's RAM mapping in QEMU's smaps: libvirt's pid file of the system
 * daemon names the process (the VM's name is an argument, never shell text). */
static const char SCRIPT[] =
	"p=$(cat \"/run/libvirt/qemu/$1.pid\" 2>/dev/null) && [ -n \"$p\" ] && "
	"cat \"/proc/$p/smaps\"";

/* "Key:   123 kB" at LINE: 1 with *KB, else 0. */
static int field_kb(const char *line, const char *key, unsigned long long *kb)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(line, key, n) != 0)
		return 0;
	*kb = strtoull(line + n, &end, 10);
	return end != line + n;
}

long long probe_mem_smaps(const char *smaps, unsigned long long ram_kib)
{
	unsigned long long size = 0, kb;
	long long found = -1;
	int matches = 0, in_ram = 0;

	for (const char *line = smaps; line && *line;) {
		const char *nl = strchr(line, '\n');

		if (field_kb(line, "Size:", &kb)) {
			size = kb;
			in_ram = size == ram_kib;
			matches += in_ram;
		} else if (in_ram && field_kb(line, "Rss:", &kb)) {
			found = (long long)kb;
			in_ram = 0;
		}
		line = nl ? nl + 1 : NULL;
	}
	return matches == 1 ? found : -1;
}

/* Over SSH: the RAM mapping's resident bytes, or 0 with WHY. */
static unsigned long long smaps_bytes(struct inv_host *host, const char *vm,
				      unsigned long long ram_bytes, char *why, size_t len)
{
	const char *argv[] = { "sh", "-c", SCRIPT, "sh", vm, NULL };
	struct vm_error err;
	char *out = NULL;
	int status = -1;
	long long kb = -1;

	if (!host->link) {
		snprintf(why, len, "host %s has no SSH link to read QEMU's memory map",
			 host->cfg->name);
		return 0;
	}
	memset(&err, 0, sizeof err);
	if (sshlink_exec(host->link, argv, &out, &status, &err) == 0 && status == 0)
		kb = probe_mem_smaps(out, ram_bytes / 1024);
	free(out);
	if (kb < 0) {
		snprintf(why, len, "QEMU's memory map of VM %s on host %s could not be read "
			 "(libvirt's pid file, /proc/PID/smaps, one mapping of the RAM's size)",
			 vm, host->cfg->name);
		return 0;
	}
	return (unsigned long long)kb * 1024ULL;
}

/* libvirt's RSS of the QEMU process, or 0 with WHY. */
static unsigned long long rss_bytes(struct inv_host *host, const char *vm, char *why, size_t len)
{
	virDomainMemoryStatStruct st[VIR_DOMAIN_MEMORY_STAT_NR];
	unsigned long long rss = 0;
	virDomainPtr dom;
	int n;

	if (!host->conn || !(dom = virDomainLookupByName(host->conn, vm))) {
		snprintf(why, len, "VM %s is not found on host %s", vm, host->cfg->name);
		return 0;
	}
	n = virDomainMemoryStats(dom, st, VIR_DOMAIN_MEMORY_STAT_NR, 0);
	for (int i = 0; i < n; i++)
		if (st[i].tag == VIR_DOMAIN_MEMORY_STAT_RSS)
			rss = st[i].val * 1024ULL;
	virDomainFree(dom);
	if (!rss)
		snprintf(why, len, "libvirt on host %s gives no resident size of VM %s", host->cfg->name,
			 vm);
	return rss;
}

void probe_mem(struct inv_host *host, const char *vm, unsigned long long ram_bytes,
	       struct probe_mem *out)
{
	char why1[256], why2[256];
	unsigned long long b;

	memset(out, 0, sizeof *out);
	if (!host || !host->reachable || !ram_bytes) {
		snprintf(out->why, sizeof out->why, "host %s is not reachable",
			 host ? host->cfg->name : "?");
		return;
	}
	why1[0] = why2[0] = '\0';
	if ((b = smaps_bytes(host, vm, ram_bytes, why1, sizeof why1))) {
		out->from = "resident";
	} else if ((b = rss_bytes(host, vm, why2, sizeof why2)) && b < ram_bytes) {
		out->from = "QEMU resident";
	} else {
		if (b)
			snprintf(why2, sizeof why2, "QEMU's resident size on host %s is not below "
				 "the RAM of VM %s", host->cfg->name, vm);
		snprintf(out->why, sizeof out->why, "%s; %s", why1, why2);
		engine_log("forecast: memory to send of '%s': unknown: %s", vm, out->why);
		return;
	}
	out->bytes = b < ram_bytes ? b : ram_bytes;
	engine_log("forecast: memory to send of '%s' on %s: %llu KiB of %llu (%s)", vm,
		   host->cfg->name, out->bytes / 1024, ram_bytes / 1024, out->from);
}

/* engine/migration_common.c — what every executor shares: phase and
 * outcome names, the clock, progress steps, the source domain, and the URIs
 * the source's libvirtd uses to reach the target.  Calls no executor. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "migration_int.h"

static const char *const phase_names[MIGRATION_PHASE_COUNT] = {
	[MIGRATION_PHASE_STARTING] = "starting",
	[MIGRATION_PHASE_DISKS] = "disks",
	[MIGRATION_PHASE_MEMORY] = "memory",
	[MIGRATION_PHASE_SWITCHOVER] = "switchover",
	[MIGRATION_PHASE_FINISHING] = "finishing",
	[MIGRATION_PHASE_ROLLBACK] = "rollback",
	[MIGRATION_PHASE_DONE] = "done",
};

static const char *const outcome_names[MIGRATION_OUTCOME_COUNT] = {
	[MIGRATION_DONE] = "done",
	[MIGRATION_ROLLED_BACK] = "rolled back",
	[MIGRATION_CANCELLED] = "cancelled",
	[MIGRATION_FAILED] = "failed",
	[MIGRATION_NOT_STARTED] = "not started",
};

const char *migration_phase_name(enum migration_phase p)
{
	return p < MIGRATION_PHASE_COUNT ? phase_names[p] : "?";
}

const char *migration_outcome_name(enum migration_outcome o)
{
	return o < MIGRATION_OUTCOME_COUNT ? outcome_names[o] : "?";
}

double migration_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void migration_step(struct mctx *m, enum migration_phase phase, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	engine_log("migration of '%s': %s", m->vm->name, line);
	if (!m->fn)
		return;
	struct migration_progress p;
	memset(&p, 0, sizeof p);
	p.phase = phase;
	p.elapsed_s = migration_now() - m->started;
	p.eta_s = -1;
	p.event = line;
	m->fn(&p, m->user);
}

int migration_vm_emulated(const struct inv_vm *vm)
{
	return vm->domain_type && strcmp(vm->domain_type, "qemu") == 0;
}

virDomainPtr migration_source_domain(struct mctx *m)
{
	virDomainPtr dom = virDomainLookupByName(m->src->conn, m->vm->name);
	if (!dom)
		vm_error_set(&m->res->error, "VM '%s' is no longer on host '%s': %s.", m->vm->name,
			     m->src->cfg->name, virGetLastErrorMessage());
	return dom;
}

char *migration_dest_uri(const struct config *cfg, const struct inv_host *dst)
{
	struct inventory_peer peer;
	char portbuf[16] = "";
	char *uri = NULL;
	inventory_peer_ssh(cfg, dst, &peer);
	const char *user = peer.user, *addr = peer.host;
	int v6 = strchr(addr, ':') != NULL;

	if (peer.port)
		snprintf(portbuf, sizeof portbuf, ":%d", peer.port);
	/* Names in the config are checked to be plain host names, user names and
	 * addresses, so they need no escaping here. */
	if (asprintf(&uri, "qemu+ssh://%s%s%s%s%s%s/system?no_tty=1", user ? user : "",
		     user ? "@" : "", v6 ? "[" : "", addr, v6 ? "]" : "", portbuf) < 0)
		return NULL;
	return uri;
}

char *migration_data_uri(const struct inv_host *dst)
{
	const char *addr = inventory_peer_data_address(dst);
	char *uri = NULL;
	if (asprintf(&uri, strchr(addr, ':') ? "tcp://[%s]" : "tcp://%s", addr) < 0)
		return NULL;
	return uri;
}

int migration_cancelled(const struct mctx *m)
{
	return m->cancel && m->cancel->requested;
}

void migration_put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

void migration_append(char *buf, size_t size, const char *text)
{
	size_t len = strlen(buf), t = strlen(text);

	if (len && len + 2 < size) {
		memcpy(buf + len, ", ", 2);
		len += 2;
	}
	if (len + 1 >= size)
		return;
	if (len + t >= size)
		t = size - len - 1;	/* cut: the buffer is full */
	memcpy(buf + len, text, t);
	buf[len + t] = '\0';
}

void migration_strip_stop(char *s)
{
	size_t len = strlen(s);

	while (len && (s[len - 1] == '.' || s[len - 1] == '\n' || s[len - 1] == ' '))
		s[--len] = '\0';
}

void migration_last_error(char *buf, size_t size)
{
	const char *msg = virGetLastErrorMessage();

	migration_put(buf, size, "%s", msg && msg[0] ? msg : "unknown error");
	migration_strip_stop(buf);
}

void migration_cleaned(struct migration_result *res, const char *fmt, ...)
{
	char what[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	migration_append(res->cleaned, sizeof res->cleaned, what);
}

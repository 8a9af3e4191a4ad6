/* engine/probe_link.c — the path a migration would take from one host to
 * another, measured where it starts: on the source host.
 *
 * One script runs on the source through the tool's SSH link, every name and
 * address given to it as a positional argument (never spliced into it):
 *   - round trip to the target's migration address: ping (iputils, else
 *     busybox), else the time of three TCP connects to port 22 (bash's
 *     /dev/tcp), else unmeasured;
 *   - throughput and peer-to-peer path at once: 16 MiB of zeros, or what
 *     PROBE_SECONDS let through on a slow link, piped into
 *     `ssh -o BatchMode=yes USER@TARGET '... wc -c ...'`: the target counts
 *     what arrived and times it with date +%s%N from the moment its command
 *     starts, so that the SSH handshake does not count against the link
 *     (the source's own clock around the whole ssh is the fallback where
 *     the target's date has no %N).  That ssh (the source's own keys and known_hosts, the name
 *     the source resolves) is the path libvirtd's peer-to-peer migration
 *     takes, so its success is p2p_ok.
 * The script prints tagged lines, parsed here:
 *   ping <tool>: <its min/avg/max line>   tcp-us <average>   rtt-err <why>
 *   ssh <status> <bytes arrived> <nanoseconds>   ssh-err <first stderr line>
 *
 * Results are cached per (source, target) for the life of the process.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"

#define PROBE_BYTES 16777216ULL	/* 16 MiB */
#define PROBE_SECONDS "4"	/* at most, where timeout(1) exists on the source */

static const char probe_script[] =
	"addr=$1 user=$2 host=$3 port=$4 bytes=$5 secs=$6\n"
	"to= lim=\n"
	"command -v timeout >/dev/null 2>&1 && to='timeout 120' && lim=\"timeout $secs\"\n"
	"rtt=\n"
	"for p in ping 'busybox ping'; do\n"
	"\tcommand -v \"${p%% *}\" >/dev/null 2>&1 || continue\n"
	"\tout=$($p -c 3 -i 0.2 -q -W 2 \"$addr\" 2>&1)\n"
	"\trtt=$(printf '%s\\n' \"$out\" | grep 'min/avg/max' | head -n 1)\n"
	"\tif [ -n \"$rtt\" ]; then\n"
	"\t\tprintf 'ping %s: %s\\n' \"$p\" \"$rtt\"\n"
	"\t\tbreak\n"
	"\tfi\n"
	"\tprintf 'rtt-err %s: %s\\n' \"$p\" \"$(printf '%s\\n' \"$out\" | sed -n '/./p' | tail -n 1)\"\n"
	"done\n"
	"if [ -z \"$rtt\" ]; then\n"
	"\tif command -v bash >/dev/null 2>&1; then\n"
	"\t\tus=$(${to:+timeout 10} bash -c '\n"
	"\t\t\thave=${EPOCHREALTIME:+1}\n"
	"\t\t\ttotal=0\n"
	"\t\t\tfor i in 1 2 3; do\n"
	"\t\t\t\tif [ -n \"$have\" ]; then s=${EPOCHREALTIME/[.,]/}\n"
	"\t\t\t\telse s=$(( $(date +%s%N) / 1000 )); fi\n"
	"\t\t\t\texec 3<>\"/dev/tcp/$1/22\" || exit 1\n"
	"\t\t\t\tif [ -n \"$have\" ]; then e=${EPOCHREALTIME/[.,]/}\n"
	"\t\t\t\telse e=$(( $(date +%s%N) / 1000 )); fi\n"
	"\t\t\t\texec 3>&-\n"
	"\t\t\t\ttotal=$((total + e - s))\n"
	"\t\t\tdone\n"
	"\t\t\techo $((total / 3))' bash \"$addr\" 2>&1)\n"
	"\t\tif [ $? -eq 0 ]; then\n"
	"\t\t\tprintf 'tcp-us %s\\n' \"$us\"\n"
	"\t\telse\n"
	"\t\t\tprintf 'rtt-err TCP connect to %s port 22: %s\\n' \"$addr\" \"$(printf '%s\\n' \"$us\" | tail -n 1)\"\n"
	"\t\tfi\n"
	"\telse\n"
	"\t\techo 'rtt-err neither ping nor bash is installed'\n"
	"\tfi\n"
	"fi\n"
	"if [ -n \"$port\" ]; then set -- -p \"$port\"; else set --; fi\n"
	"s=$(date +%s%N)\n"
	"out=$( { $lim head -c \"$bytes\" /dev/zero | $to ssh -o BatchMode=yes -o ConnectTimeout=10 \\\n"
	"\t\"$@\" -l \"$user\" -- \"$host\" \\\n"
	"\t'a=$(date +%s%N); n=$(wc -c); b=$(date +%s%N); echo got $n; echo at $a $b'; } 2>&1)\n"
	"rc=$?\n"
	"e=$(date +%s%N)\n"
	"got=$(printf '%s\\n' \"$out\" | sed -n 's/^got  *\\([0-9][0-9]*\\)$/\\1/p' | tail -n 1)\n"
	"at=$(printf '%s\\n' \"$out\" | sed -n 's/^at \\([0-9][0-9]*\\) \\([0-9][0-9]*\\)$/\\1 \\2/p' | tail -n 1)\n"
	"ns=$((e - s))\n"
	"if [ -n \"$at\" ]; then set -- $at; [ \"$2\" -gt \"$1\" ] && ns=$(($2 - $1)); fi\n"
	"printf 'ssh %s %s %s\\n' \"$rc\" \"${got:-0}\" \"$ns\"\n"
	"printf '%s\\n' \"$out\" | grep -v '^got \\|^at ' | sed -n '/./{s/^/ssh-err /p;q;}'\n";

struct cache_entry {
	char *source, *target;
	struct link_probe link;
	int p2p_ok;
	char p2p_error[256];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cache_entry *cache;
static size_t ncache, cache_cap;

/* Copy the cached facts of SOURCE -> TARGET into FACTS: 1, or 0 if none. */
static int cache_get(const char *source, const char *target, struct check_facts *facts)
{
	int found = 0;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++) {
		if (strcmp(cache[i].source, source) == 0 && strcmp(cache[i].target, target) == 0) {
			facts->link = cache[i].link;
			facts->p2p_ok = cache[i].p2p_ok;
			memcpy(facts->p2p_error, cache[i].p2p_error, sizeof(facts->p2p_error));
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return found;
}

/* Remember FACTS for SOURCE -> TARGET (a failed allocation only means the
 * next probe measures again). */
static void cache_put(const char *source, const char *target, const struct check_facts *facts)
{
	struct cache_entry *e = NULL;

	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache && !e; i++)
		if (strcmp(cache[i].source, source) == 0 && strcmp(cache[i].target, target) == 0)
			e = &cache[i];
	if (!e) {
		if (ncache == cache_cap) {
			size_t cap = cache_cap ? cache_cap * 2 : 8;
			struct cache_entry *g = realloc(cache, cap * sizeof(*cache));
			if (!g)
				goto cleanup;
			cache = g;
			cache_cap = cap;
		}
		e = &cache[ncache];
		e->source = strdup(source);
		e->target = strdup(target);
		if (!e->source || !e->target) {
			free(e->source);
			free(e->target);
			goto cleanup;
		}
		ncache++;
	}
	e->link = facts->link;
	e->p2p_ok = facts->p2p_ok;
	memcpy(e->p2p_error, facts->p2p_error, sizeof(e->p2p_error));
cleanup:
	pthread_mutex_unlock(&cache_lock);
}

int probe_link_parse_ping(const char *ping, double *ms)
{
	const char *p = ping ? strstr(ping, "min/avg/max") : NULL;
	double min, avg;
	char *end;

	if (!p || !(p = strchr(p, '=')))
		return -1;
	min = strtod(p + 1, &end);
	if (end == p + 1 || *end != '/')
		return -1;
	p = end + 1;
	avg = strtod(p, &end);
	if (end == p || avg < min || avg < 0)
		return -1;
	*ms = avg;
	return 0;
}

/* What the script printed, read line by line. */
struct probe_out {
	int have_rtt;
	double rtt_ms;
	const char *rtt_how;
	char rtt_err[160];
	int have_ssh;
	int ssh_status;
	unsigned long long bytes, ns;
	char ssh_err[200];
};

/* snprintf() whose cut is meant: messages are cut to their buffers. */
static void fill(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fill(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

static void copy_rest(char *dst, size_t size, const char *src)
{
	fill(dst, size, "%s", src);
}

static void parse_line(const char *line, struct probe_out *o)
{
	if (strncmp(line, "ping ", 5) == 0) {
		if (probe_link_parse_ping(line + 5, &o->rtt_ms) == 0) {
			o->have_rtt = 1;
			o->rtt_how = strncmp(line + 5, "busybox", 7) == 0 ? "busybox ping" : "ping";
		}
	} else if (strncmp(line, "tcp-us ", 7) == 0) {
		char *end;
		double us = strtod(line + 7, &end);
		if (end != line + 7 && us >= 0) {
			o->have_rtt = 1;
			o->rtt_ms = us / 1000.0;
			o->rtt_how = "TCP connect";
		}
	} else if (strncmp(line, "rtt-err ", 8) == 0) {
		copy_rest(o->rtt_err, sizeof(o->rtt_err), line + 8);
	} else if (strncmp(line, "ssh ", 4) == 0) {
		if (sscanf(line + 4, "%d %llu %llu", &o->ssh_status, &o->bytes, &o->ns) == 3)
			o->have_ssh = 1;
	} else if (strncmp(line, "ssh-err ", 8) == 0) {
		copy_rest(o->ssh_err, sizeof(o->ssh_err), line + 8);
	}
}

static void parse_output(char *out, struct probe_out *o)
{
	char *save = NULL;

	for (char *line = strtok_r(out, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save))
		parse_line(line, o);
}

/* Run the script on SRC; 0 with FACTS filled, -1 when it could not run
 * (FACTS say why; nothing to cache). */
static int measure(const struct config *cfg, const struct inv_host *src,
		   const struct inv_host *target, struct check_facts *facts)
{
	const char *sname = src->cfg->name, *tname = target->cfg->name;
	const char *addr = config_host_migration_address(target->cfg);
	const char *host = target->cfg->address ? target->cfg->address : tname;
	const char *user = config_host_user(cfg, target->cfg);
	char port[16] = "", bytes[32];
	struct probe_out o = { 0 };
	struct vm_error err;
	char *out = NULL;
	int status = -1, rc = -1;

	if (!user || !*user)
		user = "root";
	if (target->cfg->ssh_port > 0 || (cfg && cfg->defaults.ssh_port > 0))
		snprintf(port, sizeof(port), "%d", config_host_port(cfg, target->cfg));
	snprintf(bytes, sizeof(bytes), "%llu", PROBE_BYTES);
	{
		const char *argv[] = { "sh", "-c", probe_script, "sh", addr, user, host, port,
				       bytes, PROBE_SECONDS, NULL };
		if (sshlink_exec(src->link, argv, &out, &status, &err) < 0 || status != 0) {
			fill(facts->link.error, sizeof(facts->link.error),
				 "The link probe from '%s' to '%s' could not run: %s", sname,
				 tname, err.message);
			fill(facts->p2p_error, sizeof(facts->p2p_error),
				 "Not checked: the link probe on '%s' could not run.", sname);
			engine_log("probe: %s", facts->link.error);
			goto cleanup;
		}
	}
	parse_output(out, &o);

	if (o.have_rtt)
		facts->link.rtt_ms = o.rtt_ms;
	if (o.have_ssh && o.ssh_status == 0 && o.ns > 0) {
		facts->link.mbit_s = (double)o.bytes * 8.0 * 1000.0 / (double)o.ns;
		facts->p2p_ok = 1;
	} else {
		facts->p2p_ok = 0;
		if (!o.have_ssh)
			fill(facts->p2p_error, sizeof(facts->p2p_error),
				 "The SSH check from '%s' to '%s' printed no result.", sname, tname);
		else if (o.ssh_err[0])
			fill(facts->p2p_error, sizeof(facts->p2p_error), "%s", o.ssh_err);
		else
			fill(facts->p2p_error, sizeof(facts->p2p_error),
				 "ssh from '%s' to %s@%s failed with exit status %d.", sname, user,
				 host, o.ssh_status);
	}
	/* (ssh may work while the target's count never comes back: no rate) */
	facts->link.measured = o.have_rtt && facts->p2p_ok && o.bytes > 0;
	if (!o.have_rtt)
		fill(facts->link.error, sizeof(facts->link.error),
			 "The round trip from '%s' to %s was not measured: %s.", sname, addr,
			 o.rtt_err[0] ? o.rtt_err : "no result");
	else if (!facts->p2p_ok)
		fill(facts->link.error, sizeof(facts->link.error),
			 "The throughput from '%s' to '%s' was not measured: ssh to %s@%s failed: %s",
			 sname, tname, user, host, facts->p2p_error);
	else if (o.bytes == 0)
		fill(facts->link.error, sizeof(facts->link.error),
			 "The throughput from '%s' to '%s' was not measured: %s@%s counted no byte "
			 "of the probe.", sname, tname, user, host);
	engine_log("probe: link '%s' -> '%s': rtt %s %.3f ms (%s), ssh %s@%s %s, %.1f Mbit/s "
		   "(%llu bytes in %llu ns)%s%s", sname, tname, addr, facts->link.rtt_ms,
		   o.rtt_how ? o.rtt_how : "unmeasured", user, host,
		   facts->p2p_ok ? "ok" : "failed", facts->link.mbit_s, o.bytes, o.ns,
		   facts->p2p_ok ? "" : ": ", facts->p2p_ok ? "" : facts->p2p_error);
	rc = 0;
cleanup:
	free(out);
	return rc;
}

void probe_link(const struct config *cfg, const struct inv_host *src,
		const struct inv_host *target, struct check_facts *facts)
{
	const char *sname = src->cfg->name, *tname = target->cfg->name;

	memset(&facts->link, 0, sizeof(facts->link));
	facts->p2p_ok = 0;
	facts->p2p_error[0] = '\0';
	if (cache_get(sname, tname, facts)) {
		engine_log("probe: link '%s' -> '%s' from the cache.", sname, tname);
		return;
	}
	if (!src->reachable || !src->link) {
		fill(facts->link.error, sizeof(facts->link.error),
			 src->reachable
			 ? "Host '%s' is reached without SSH; the link to '%s' was not measured."
			 : "Host '%s' is not reachable; the link to '%s' was not measured.",
			 sname, tname);
		fill(facts->p2p_error, sizeof(facts->p2p_error),
			 "Not checked: the tool has no SSH session on '%s'.", sname);
		return;
	}
	if (measure(cfg, src, target, facts) == 0)
		cache_put(sname, tname, facts);
}

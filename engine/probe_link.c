/* engine/probe_link.c — the facts of the path a migration takes between two
 * hosts, read where they are true and kept in the facts cache.
 *
 * QEMU's migration stream goes from the source host to the target's
 * migration address over plain TCP (or TLS); libvirt's peer-to-peer control
 * goes from the source's libvirtd to the target's over SSH.  So, as vCenter
 * knows each host's vMotion interface and its link speed rather than
 * flooding the network before each vMotion, the probe reads, at once on
 * both hosts through the tool's SSH links:
 *   - on each end, the interface that routes to the other host's migration
 *     address (`ip route get`) and its negotiated speed
 *     (/sys/class/net/IF/speed; for a bridge, its fastest port that is not
 *     a VM's tap — a bridge's own figure counts the taps, whose 10 Gbit/s
 *     is no uplink —; for a VLAN or macvlan without a figure of its own,
 *     its lower device): the lower end
 *     is the link's speed, unless the operator's link_gbps says otherwise;
 *   - on the source, the round trip to the target's migration address
 *     (ping, else TCP connects to port 22) and, at the same time, whether
 *     it logs in to the target over SSH (the peer-to-peer path; no data).
 * Every name and address reaches the scripts as a positional argument,
 * never spliced into them.  The scripts print tagged lines:
 *   dev IF MBIT VIA       route-err WHY
 *   ping TOOL: LINE       tcp-us AVERAGE        rtt-err WHY
 *   p2p STATUS            p2p-err FIRST-LINE
 *
 * The facts go to the source's facts file (engine/facts.c) and are reused
 * while younger than facts_ttl.  The data path's throughput is measured
 * (engine/probe_measure.c) only when asked; the throughput each finished
 * migration achieved is remembered per host pair and shown beside.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts_int.h"
#include "inventory_int.h"
#include "probe_measure.h"

/* The part both ends run: the route to $1 and the speed of its interface. */
#define END_SCRIPT \
	"speed_of() {\n" \
	"\ts=$(cat \"/sys/class/net/$1/speed\" 2>/dev/null) || return 1\n" \
	"\tcase $s in ''|-*|0|*[!0-9]*) return 1;; esac\n" \
	"\tprintf '%s' \"$s\"\n" \
	"}\n" \
	"if ! command -v ip >/dev/null 2>&1; then\n" \
	"\techo 'route-err the ip command (iproute2) is not installed'\n" \
	"elif ! r=$(ip -o route get \"$addr\" 2>&1); then\n" \
	"\tprintf 'route-err %s\\n' \"$(printf '%s\\n' \"$r\" | head -n 1)\"\n" \
	"else\n" \
	"\tdev=$(printf '%s\\n' \"$r\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)\n" \
	"\tif [ -z \"$dev\" ]; then\n" \
	"\t\tprintf 'route-err no interface in: %s\\n' \"$(printf '%s\\n' \"$r\" | head -n 1)\"\n" \
	"\telif [ ! -d \"/sys/class/net/$dev/bridge\" ] && s=$(speed_of \"$dev\"); then\n" \
	"\t\tprintf 'dev %s %s -\\n' \"$dev\" \"$s\"\n" \
	"\telse\n" \
	"\t\tbest=0 via=-\n" \
	"\t\tfor p in \"/sys/class/net/$dev\"/brif/* \"/sys/class/net/$dev\"/lower_*; do\n" \
	"\t\t\t[ -e \"$p\" ] || continue\n" \
	"\t\t\tn=${p##*/}; n=${n#lower_}\n" \
	"\t\t\t[ -e \"/sys/class/net/$n/tun_flags\" ] && continue\n" \
	"\t\t\ts=$(speed_of \"$n\") || continue\n" \
	"\t\t\t[ \"$s\" -gt \"$best\" ] && best=$s via=$n\n" \
	"\t\tdone\n" \
	"\t\tprintf 'dev %s %s %s\\n' \"$dev\" \"$best\" \"$via\"\n" \
	"\tfi\n" \
	"fi\n"

static const char target_script[] = "addr=$1\n" END_SCRIPT;

/* The source: its end, with the round trip and the SSH login beside it
 * (each in the background; every line is one printf, so lines never mix). */
static const char source_script[] =
	"addr=$1 user=$2 host=$3 port=$4\n"
	"{\n"
	"\trtt=\n"
	"\tfor p in ping 'busybox ping'; do\n"
	"\t\tcommand -v \"${p%% *}\" >/dev/null 2>&1 || continue\n"
	"\t\tout=$($p -c 3 -i 0.2 -q -W 2 \"$addr\" 2>&1)\n"
	"\t\trtt=$(printf '%s\\n' \"$out\" | grep 'min/avg/max' | head -n 1)\n"
	"\t\tif [ -n \"$rtt\" ]; then printf 'ping %s: %s\\n' \"$p\" \"$rtt\"; break; fi\n"
	"\t\tprintf 'rtt-err %s: %s\\n' \"$p\" \"$(printf '%s\\n' \"$out\" | sed -n '/./p' | tail -n 1)\"\n"
	"\tdone\n"
	"\tif [ -z \"$rtt\" ] && command -v bash >/dev/null 2>&1; then\n"
	"\t\tus=$(timeout 10 bash -c '\n"
	"\t\t\ttotal=0\n"
	"\t\t\tfor i in 1 2 3; do\n"
	"\t\t\t\ts=$(( $(date +%s%N) / 1000 ))\n"
	"\t\t\t\texec 3<>\"/dev/tcp/$1/22\" || exit 1\n"
	"\t\t\t\te=$(( $(date +%s%N) / 1000 ))\n"
	"\t\t\t\texec 3>&-\n"
	"\t\t\t\ttotal=$((total + e - s))\n"
	"\t\t\tdone\n"
	"\t\t\techo $((total / 3))' bash \"$addr\" 2>&1)\n"
	"\t\tif [ $? -eq 0 ]; then printf 'tcp-us %s\\n' \"$us\"\n"
	"\t\telse printf 'rtt-err TCP connect to %s port 22: %s\\n' \"$addr\" \"$(printf '%s\\n' \"$us\" | tail -n 1)\"; fi\n"
	"\tfi\n"
	"} &\n"
	"{\n"
	"\tif [ -n \"$port\" ]; then set -- -p \"$port\"; else set --; fi\n"
	"\tout=$(ssh -o BatchMode=yes -o ConnectTimeout=10 \"$@\" -l \"$user\" -- \"$host\" true 2>&1 </dev/null)\n"
	"\trc=$?\n"
	"\tprintf 'p2p %s\\n' \"$rc\"\n"
	"\t[ \"$rc\" -eq 0 ] || printf 'p2p-err %s\\n' \"$(printf '%s\\n' \"$out\" | sed -n '/./p' | tail -n 1)\"\n"
	"} &\n"
	END_SCRIPT
	"wait\n";


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

/* A word of at most SIZE - 1 bytes at *S (advanced past it and the blanks
 * after); 0, or -1 when there is none or it is too long. */
static int word(const char **s, char *dst, size_t size)
{
	size_t n = strcspn(*s, " \t");

	if (n == 0 || n >= size)
		return -1;
	memcpy(dst, *s, n);
	dst[n] = '\0';
	*s += n;
	*s += strspn(*s, " \t");
	return 0;
}

static void parse_dev(const char *s, struct probe_link_out *o)
{
	char dev[sizeof(o->dev)], mbit[16], via[sizeof(o->via)];
	char *end;
	long v;

	if (word(&s, dev, sizeof(dev)) < 0 || word(&s, mbit, sizeof(mbit)) < 0
	    || word(&s, via, sizeof(via)) < 0 || *s)
		return;
	v = strtol(mbit, &end, 10);
	if (*end || v < 0 || v > 100000000L)	/* 100 Pbit/s: a number no NIC says */
		return;
	memcpy(o->dev, dev, sizeof(dev));
	o->mbit = (int)v;
	if (strcmp(via, "-") == 0)
		o->via[0] = '\0';
	else
		memcpy(o->via, via, sizeof(via));
	o->have_dev = 1;
}

static void parse_line(const char *line, struct probe_link_out *o)
{
	if (strncmp(line, "dev ", 4) == 0) {
		parse_dev(line + 4, o);
	} else if (strncmp(line, "route-err ", 10) == 0) {
		probe_fill(o->route_err, sizeof(o->route_err), "%s", line + 10);
	} else if (strncmp(line, "ping ", 5) == 0) {
		if (probe_link_parse_ping(line + 5, &o->rtt_ms) == 0) {
			o->have_rtt = 1;
			probe_fill(o->rtt_how, sizeof(o->rtt_how), "%s",
			     strncmp(line + 5, "busybox", 7) == 0 ? "busybox ping" : "ping");
		}
	} else if (strncmp(line, "tcp-us ", 7) == 0) {
		char *end;
		double us = strtod(line + 7, &end);
		if (end != line + 7 && !*end && us >= 0) {
			o->have_rtt = 1;
			o->rtt_ms = us / 1000.0;
			probe_fill(o->rtt_how, sizeof(o->rtt_how), "TCP connect");
		}
	} else if (strncmp(line, "rtt-err ", 8) == 0) {
		probe_fill(o->rtt_err, sizeof(o->rtt_err), "%s", line + 8);
	} else if (strncmp(line, "p2p ", 4) == 0) {
		char *end;
		long st = strtol(line + 4, &end, 10);
		if (end != line + 4 && !*end) {
			o->have_p2p = 1;
			o->p2p_status = (int)st;
		}
	} else if (strncmp(line, "p2p-err ", 8) == 0) {
		probe_fill(o->p2p_err, sizeof(o->p2p_err), "%s", line + 8);
	}
}

void probe_link_parse(char *out, struct probe_link_out *o)
{
	char *save = NULL;

	memset(o, 0, sizeof(*o));
	for (char *line = strtok_r(out, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save))
		parse_line(line, o);
}

/* One end's script, run through a host's SSH link (in a thread of its own
 * for the target, so that both ends run at once). */
struct end_job {
	const struct inv_host *host;
	const char *script;
	const char *const *args;	/* after "sh -c SCRIPT sh" */
	size_t nargs;
	struct probe_link_out out;
	int ran;
	struct vm_error err;
};

static void run_end(struct end_job *j)
{
	const char *argv[12] = { "sh", "-c", j->script, "sh" };
	char *out = NULL;
	int status = -1;

	for (size_t i = 0; i < j->nargs && i + 5 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[4 + i] = j->args[i];
	memset(&j->out, 0, sizeof(j->out));
	if (sshlink_exec(j->host->link, argv, &out, &status, &j->err) == 0 && status == 0) {
		probe_link_parse(out, &j->out);
		j->ran = 1;
	}
	free(out);
}

static void *end_thread(void *arg)
{
	run_end(arg);
	return NULL;
}

/* The speed used for one end: the operator's word, else the host's. */
static void end_from(const struct config *cfg, const struct inv_host *h,
		     const struct probe_link_out *o, struct link_end *e)
{
	double gbps = config_host_link_gbps(cfg, h->cfg);

	memset(e, 0, sizeof(*e));
	if (o && o->have_dev) {
		probe_fill(e->dev, sizeof(e->dev), "%s", o->dev);
		probe_fill(e->via, sizeof(e->via), "%s", o->via);
		e->dev_mbit = o->mbit;
	}
	if (gbps > 0.0) {
		e->mbit = gbps * 1000.0;
		e->configured = 1;
	} else {
		e->mbit = e->dev_mbit;
	}
}

static void link_speed(struct link_probe *l)
{
	l->speed_mbit = l->src.mbit > 0.0 && l->dst.mbit > 0.0
		? (l->src.mbit < l->dst.mbit ? l->src.mbit : l->dst.mbit) : 0.0;
}

/* Read the link facts of SRC -> TARGET from both hosts now. */
static void read_now(const struct config *cfg, const struct inv_host *src,
		     const struct inv_host *target, struct check_facts *facts)
{
	const char *sname = src->cfg->name, *tname = target->cfg->name;
	const char *taddr = inventory_peer_data_address(target);
	const char *saddr = inventory_peer_data_address(src);
	struct inventory_peer peer;
	char port[16] = "";
	struct link_probe *l = &facts->link;
	pthread_t thread;
	int threaded;

	inventory_peer_ssh(cfg, target, &peer);
	const char *host = peer.host, *user = peer.user ? peer.user : "root";
	if (peer.port)
		snprintf(port, sizeof(port), "%d", peer.port);
	const char *sargs[] = { taddr, user, host, port };
	const char *targs[] = { saddr };
	struct end_job sj = { .host = src, .script = source_script, .args = sargs, .nargs = 4 };
	struct end_job tj = { .host = target, .script = target_script, .args = targs, .nargs = 1 };

	threaded = target->link && pthread_create(&thread, NULL, end_thread, &tj) == 0;
	run_end(&sj);
	if (threaded)
		pthread_join(thread, NULL);
	else if (target->link)
		run_end(&tj);
	else
		vm_error_set(&tj.err, "The tool has no SSH session on host '%s'.", tname);

	l->taken = (long long)time(NULL);
	end_from(cfg, src, sj.ran ? &sj.out : NULL, &l->src);
	end_from(cfg, target, tj.ran ? &tj.out : NULL, &l->dst);
	link_speed(l);
	l->rtt_ms = sj.ran && sj.out.have_rtt ? sj.out.rtt_ms : -1.0;
	if (sj.ran && sj.out.have_rtt)
		probe_fill(l->rtt_how, sizeof(l->rtt_how), "%s", sj.out.rtt_how);

	if (!sj.ran)
		probe_fill(l->error, sizeof(l->error), "The link facts could not be read on host '%s': %s",
		     sname, sj.err.message);
	else if (!sj.out.have_dev)
		probe_fill(l->error, sizeof(l->error), "Host '%s' did not tell its route to %s: %s.",
		     sname, taddr, sj.out.route_err[0] ? sj.out.route_err : "no answer");
	else if (!tj.ran)
		probe_fill(l->error, sizeof(l->error), "The link facts could not be read on host '%s': %s",
		     tname, tj.err.message);
	else if (!tj.out.have_dev)
		probe_fill(l->error, sizeof(l->error), "Host '%s' did not tell its route to %s: %s.",
		     tname, saddr, tj.out.route_err[0] ? tj.out.route_err : "no answer");
	else if (!sj.out.have_rtt)
		probe_fill(l->error, sizeof(l->error), "The round trip from '%s' to %s was not measured: %s.",
		     sname, taddr, sj.out.rtt_err[0] ? sj.out.rtt_err : "no result");

	if (sj.ran && sj.out.have_p2p && sj.out.p2p_status == 0) {
		facts->p2p_ok = 1;
	} else {
		facts->p2p_ok = 0;
		if (!sj.ran)
			probe_fill(facts->p2p_error, sizeof(facts->p2p_error),
			     "Not checked: the link facts could not be read on '%s'.", sname);
		else if (!sj.out.have_p2p)
			probe_fill(facts->p2p_error, sizeof(facts->p2p_error),
			     "The SSH check from '%s' to '%s' printed no result.", sname, tname);
		else if (sj.out.p2p_err[0])
			probe_fill(facts->p2p_error, sizeof(facts->p2p_error), "%s", sj.out.p2p_err);
		else
			probe_fill(facts->p2p_error, sizeof(facts->p2p_error),
			     "ssh from '%s' to %s@%s failed with exit status %d.", sname, user, host,
			     sj.out.p2p_status);
	}
	engine_log("probe: link '%s' -> '%s': %s %d Mb/s%s%s on '%s', %s %d Mb/s%s%s on '%s', "
		   "rtt %.3f ms (%s), ssh %s@%s %s%s%s", sname, tname,
		   l->src.dev[0] ? l->src.dev : "?", l->src.dev_mbit, l->src.via[0] ? " via " : "",
		   l->src.via, sname, l->dst.dev[0] ? l->dst.dev : "?", l->dst.dev_mbit,
		   l->dst.via[0] ? " via " : "", l->dst.via, tname, l->rtt_ms,
		   l->rtt_how[0] ? l->rtt_how : "unmeasured", user, host,
		   facts->p2p_ok ? "ok" : "failed", l->error[0] ? "; " : "", l->error);
}

/* ---- the facts cache -------------------------------------------------- */

/* The link record's key in the source's file: the target and both
 * migration addresses, so that a changed migration_address (or another
 * config naming the hosts alike) never reuses facts of another path. */
static void link_key(const struct inv_host *src, const struct inv_host *target, char *buf,
		     size_t len)
{
	probe_fill(buf, len, "%s|%s|%s", target->cfg->name, inventory_peer_data_address(target),
	     inventory_peer_data_address(src));
}

static void end_to_cache(const struct link_end *e, char **dev, int *mbit)
{
	*dev = e->dev[0] ? (char *)e->dev : NULL;
	*mbit = e->dev_mbit;
}

struct put_link {
	const struct inv_host *src;
	const char *target;
	const char *key;		/* of the link record */
	const struct check_facts *facts;
	int link;		/* the link record is new (else only the measurement) */
};

/* Only facts that were read whole are kept: a failed read is tried again
 * by the next run rather than remembered. */
static int put_link(struct facts_host *f, void *user)
{
	const struct put_link *p = user;
	const struct link_probe *l = &p->facts->link;
	struct facts_link r = { 0 };

	if (p->src->hostkey_fp && (!f->hostkey || strcmp(f->hostkey, p->src->hostkey_fp) != 0)) {
		facts_clear(f);
		free(f->hostkey);
		f->hostkey = strdup(p->src->hostkey_fp);
		if (!f->hostkey)
			return -1;
	}
	if (l->measured_now && facts_set_measured(f, p->target, l->measured_at, l->measured_mbit) < 0)
		return -1;
	if (!p->link)
		return 0;
	r.peer = (char *)p->key;
	r.taken = l->taken;
	end_to_cache(&l->src, &r.src_dev, &r.src_mbit);
	end_to_cache(&l->dst, &r.dst_dev, &r.dst_mbit);
	r.rtt_us = l->rtt_ms >= 0.0 ? (long long)(l->rtt_ms * 1000.0 + 0.5) : -1;
	r.p2p_ok = p->facts->p2p_ok;
	r.p2p_error = p->facts->p2p_ok ? NULL : (char *)p->facts->p2p_error;
	return facts_set_link(f, &r) < 0 ? -1 : 0;
}

/* The cached link facts of SRC -> TARGET into FACTS when young enough:
 * 1, else 0.  Measured and achieved figures are taken whatever their age
 * (they say how old they are). */
static int from_cache(const struct inventory *inv, const struct inv_host *src,
		      const struct inv_host *target, int use_link, struct check_facts *facts)
{
	const struct config *cfg = inv->cfg;
	const char *sname = src->cfg->name, *tname = target->cfg->name;
	struct link_probe *l = &facts->link;
	long long now = (long long)time(NULL);
	int ttl = cfg ? cfg->defaults.facts_ttl : CONFIG_FACTS_TTL_DEFAULT;
	struct facts_host f;
	const struct facts_link *r;
	const struct facts_rate *rate;
	char key[FACTS_NAME_MAX];
	int used = 0;

	if (facts_load(inv->opt.facts_dir, sname, &f, l->cache_note, sizeof(l->cache_note)) < 0) {
		engine_log("facts: %s", l->cache_note);
		facts_host_free(&f);
		return 0;
	}
	if (src->hostkey_fp && f.hostkey && strcmp(f.hostkey, src->hostkey_fp) != 0) {
		engine_log("facts: host '%s' shows another host key than when its facts were "
			   "cached; they are read again.", sname);
		facts_host_free(&f);
		return 0;
	}
	if ((rate = facts_achieved_find(&f, tname))) {
		l->achieved_mbit = rate->mbit_s;
		l->achieved_at = rate->taken;
	}
	if ((rate = facts_measured_find(&f, tname))) {
		l->measured_mbit = rate->mbit_s;
		l->measured_at = rate->taken;
	}
	link_key(src, target, key, sizeof(key));
	r = facts_link_find(&f, key);
	if (use_link && r && ttl > 0 && r->taken <= now + 60 && now - r->taken < ttl
	    && r->src_dev && r->dst_dev && r->rtt_us >= 0) {
		struct probe_link_out so = { .have_dev = 1 }, to = { .have_dev = 1 };

		probe_fill(so.dev, sizeof(so.dev), "%s", r->src_dev);
		so.mbit = r->src_mbit;
		probe_fill(to.dev, sizeof(to.dev), "%s", r->dst_dev);
		to.mbit = r->dst_mbit;
		/* the operator's word is applied now: the config may have changed */
		end_from(cfg, src, &so, &l->src);
		end_from(cfg, target, &to, &l->dst);
		link_speed(l);
		l->rtt_ms = (double)r->rtt_us / 1000.0;
		l->taken = r->taken;
		l->cached = 1;
		facts->p2p_ok = r->p2p_ok;
		probe_fill(facts->p2p_error, sizeof(facts->p2p_error), "%s",
		     r->p2p_ok || !r->p2p_error ? "" : r->p2p_error);
		used = 1;
	}
	facts_host_free(&f);
	return used;
}

void probe_link(const struct inventory *inv, const struct probe_options *opt,
		const struct inv_host *src, const struct inv_host *target,
		struct check_facts *facts)
{
	const char *sname = src->cfg->name, *tname = target->cfg->name;
	struct link_probe *l = &facts->link;
	int refresh = (opt && opt->refresh) || inv->opt.refresh;
	char why[512], key[FACTS_NAME_MAX];
	struct vm_error err;

	memset(l, 0, sizeof(*l));
	l->rtt_ms = -1.0;
	facts->p2p_ok = 0;
	facts->p2p_error[0] = '\0';
	if (from_cache(inv, src, target, !refresh, facts)) {
		engine_log("probe: link '%s' -> '%s' from the facts cache (taken at %lld).", sname,
			   tname, l->taken);
	} else if (!src->reachable || !src->link) {
		probe_fill(l->error, sizeof(l->error),
		     src->reachable
		     ? "Host '%s' is reached without SSH; the link to '%s' was not read."
		     : "Host '%s' is not reachable; the link to '%s' was not read.", sname, tname);
		probe_fill(facts->p2p_error, sizeof(facts->p2p_error),
		     "Not checked: the tool has no SSH session on '%s'.", sname);
		return;
	} else {
		read_now(inv->cfg, src, target, facts);
	}
	if (opt && opt->measure_link) {
		if (!src->link || !target->link) {
			probe_fill(l->measure_error, sizeof(l->measure_error),
			     "The data path from '%s' to '%s' was not measured: the tool has no SSH "
			     "session on '%s'.", sname, tname, src->link ? tname : sname);
		} else if (probe_measure(src, target, &l->measured_mbit, l->measure_error,
					 sizeof(l->measure_error)) == 0) {
			l->measured_at = (long long)time(NULL);
			l->measured_now = 1;
		}
	}
	/* keep what was read whole now (the route on both ends and the round
	 * trip); a measurement alone is kept beside the cached record */
	if ((!l->cached && !l->error[0]) || l->measured_now) {
		struct put_link p = { src, tname, key, facts, !l->cached && !l->error[0] };

		link_key(src, target, key, sizeof(key));
		if (facts_update(inv->opt.facts_dir, sname, put_link, &p, why, sizeof(why), &err) < 0)
			engine_log("facts: the link facts of '%s' -> '%s' were not kept: %s",
				   sname, tname, err.message);
	}
}

struct put_rate {
	const char *target;
	double mbit_s;
};

static int put_achieved(struct facts_host *f, void *user)
{
	const struct put_rate *p = user;

	return facts_set_achieved(f, p->target, (long long)time(NULL), p->mbit_s);
}

void probe_link_achieved(const struct inventory *inv, const char *source, const char *target,
			 double mbit_s)
{
	struct put_rate p = { target, mbit_s };
	struct vm_error err;
	char why[512];

	if (!inv || !source || !target || strcmp(source, target) == 0 || !(mbit_s > 0.0))
		return;
	if (facts_update(inv->opt.facts_dir, source, put_achieved, &p, why, sizeof(why), &err) < 0)
		engine_log("facts: the throughput of the migration '%s' -> '%s' was not kept: %s",
			   source, target, err.message);
	else
		engine_log("facts: a migration '%s' -> '%s' achieved %.1f Mbit/s.", source, target,
			   mbit_s);
}

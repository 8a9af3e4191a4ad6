/* engine/checks_link.c — the migration link between source and target.
 *
 * The seed: at least 250 Mbit/s dedicated per migration, and under 150 ms
 * round trip for long-distance vMotion.  The link's speed is what vCenter
 * goes by too: the operator's link_gbps, else the negotiated speed of the
 * interface each host routes the migration through (the lower end); never
 * a figure guessed from an SSH channel.  A measured throughput (asked for)
 * and the throughput the last migration achieved are shown beside it; a
 * measurement below the floor is a warning, since a busy moment on a
 * shared link is not the link.  Every figure from the facts cache says how
 * old it is.
 */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

/* " (read 3 min ago)" for a cached figure, "" for a fresh one. */
static const char *age_note(const struct check_ctx *c, long long taken, int cached, char *buf,
			    size_t len)
{
	char age[32];

	if (!cached) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, len, " (read %s)", engine_age(taken, c->facts->now, age, sizeof(age)));
	return buf;
}

/* "eth0 on a at 10 Gbit/s" or "eth0 on a, which does not report its speed". */
static void end_text(const char *host, const struct link_end *e, char *buf, size_t len)
{
	char rate[32];

	if (e->configured)
		snprintf(buf, len, "%s by link_gbps for %s", engine_rate(e->mbit, rate,
			 sizeof(rate)), host);
	else if (e->dev_mbit > 0)
		snprintf(buf, len, "%s on %s%s%s at %s", e->dev, host, e->via[0] ? " via " : "",
			 e->via, engine_rate(e->dev_mbit, rate, sizeof(rate)));
	else
		snprintf(buf, len, "%s on %s, which does not report its speed",
			 e->dev[0] ? e->dev : "the interface", host);
}

static void check_speed(struct check_ctx *c)
{
	const struct link_probe *l = &c->facts->link;
	char a[160], b[160], rate[32], old[48], hint[256];

	end_text(c->src_name, &l->src, a, sizeof(a));
	end_text(c->dst_name, &l->dst, b, sizeof(b));
	age_note(c, l->taken, l->cached, old, sizeof(old));
	if (l->speed_mbit <= 0.0) {
		const char *who = l->src.mbit <= 0.0 ? c->src_name : c->dst_name;

		findings_add(c->out, FINDING_WARNING, "link.speed-unknown",
			     checks_fmt(hint, sizeof(hint), "Set link_gbps in [host %s] of "
					"the config (the operator's word wins), or measure the "
					"path with 'check --measure-link'.", who),
			     "The speed of the migration link from host %s to host %s is not "
			     "known: %s; %s%s.", c->src_name, c->dst_name, a, b, old);
		return;
	}
	engine_rate(l->speed_mbit, rate, sizeof(rate));
	if (l->speed_mbit < CHECKS_LINK_MIN_MBIT_S)
		findings_add(c->out, checks_live_error(c), "link.throughput",
			     "Use a faster migration network (migration_address in the host's "
			     "section), or correct link_gbps if it is wrong.",
			     "The migration link from host %s to host %s runs at %s (%s; %s)%s; "
			     "a migration needs at least %.0f Mbit/s of its own.", c->src_name,
			     c->dst_name, rate, a, b, old, CHECKS_LINK_MIN_MBIT_S);
	else if (l->rtt_ms >= 0.0)
		findings_add(c->out, FINDING_INFO, "link.speed", "",
			     "The migration link from host %s to host %s runs at %s (%s; %s), "
			     "round trip %.2g ms%s.", c->src_name, c->dst_name, rate, a, b,
			     l->rtt_ms, old);
	else
		findings_add(c->out, FINDING_INFO, "link.speed", "",
			     "The migration link from host %s to host %s runs at %s (%s; %s)%s.",
			     c->src_name, c->dst_name, rate, a, b, old);
}

static void check_rtt(struct check_ctx *c)
{
	const struct link_probe *l = &c->facts->link;
	char old[48];

	age_note(c, l->taken, l->cached, old, sizeof(old));
	if (l->rtt_ms < 0.0) {
		findings_add(c->out, FINDING_WARNING, "link.unmeasured",
			     "Run the check again once both hosts answer (with --refresh).",
			     "The link from host %s to host %s was not read in full.%s%s",
			     c->src_name, c->dst_name, l->error[0] ? " " : "", l->error);
		return;
	}
	if (l->rtt_ms >= CHECKS_LINK_MAX_RTT_MS)
		findings_add(c->out, checks_live_error(c), "link.rtt",
			     "Use a closer host, or a faster route for the migration address.",
			     "The round trip from host %s to host %s takes %.0f ms%s; a live "
			     "migration needs less than %.0f ms.", c->src_name, c->dst_name,
			     l->rtt_ms, old, CHECKS_LINK_MAX_RTT_MS);
}

/* The measured and the achieved throughput, beside the speed. */
static void check_rates(struct check_ctx *c)
{
	const struct link_probe *l = &c->facts->link;
	char rate[32], age[32];

	if (l->measure_error[0])
		findings_add(c->out, FINDING_WARNING, "link.measure-failed",
			     "Make sure the target accepts TCP on its migration address "
			     "(ports 49152-49215) and that both hosts have perl.", "%s",
			     l->measure_error);
	if (l->measured_mbit > 0.0) {
		engine_rate(l->measured_mbit, rate, sizeof(rate));
		if (l->measured_now && l->measured_mbit < CHECKS_LINK_MIN_MBIT_S)
			findings_add(c->out, FINDING_WARNING, "link.measured-slow",
				     "Free the link, or use a faster migration network.",
				     "Plain TCP from host %s to the migration address of host %s "
				     "carried %s just now; a migration needs at least %.0f Mbit/s "
				     "of its own.", c->src_name, c->dst_name, rate, CHECKS_LINK_MIN_MBIT_S);
		else
			findings_add(c->out, FINDING_INFO, "link.measured", "",
				     "Plain TCP from host %s to the migration address of host %s "
				     "carried %s, measured %s.", c->src_name, c->dst_name, rate,
				     engine_age(l->measured_at, c->facts->now, age, sizeof(age)));
	}
	if (l->achieved_mbit > 0.0)
		findings_add(c->out, FINDING_INFO, "link.achieved", "",
			     "The last migration from host %s to host %s achieved %s (%s).",
			     c->src_name, c->dst_name,
			     engine_rate(l->achieved_mbit, rate, sizeof(rate)),
			     engine_age(l->achieved_at, c->facts->now, age, sizeof(age)));
	const char *notes[] = { l->cache_note, c->src->facts_note, c->dst->facts_note };
	for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		int seen = 0;

		for (size_t j = 0; j < i; j++)
			seen |= strcmp(notes[i], notes[j]) == 0;
		if (notes[i][0] && !seen)
			findings_add(c->out, FINDING_INFO, "facts.rebuilt",
				     "Nothing to do: the facts were read from the hosts instead.",
				     "%s", notes[i]);
	}
}

static void check_p2p(struct check_ctx *c)
{
	const struct check_facts *f = c->facts;
	char old[48];

	if (f->p2p_ok)
		return;
	age_note(c, f->link.taken, f->link.cached, old, sizeof(old));
	findings_add(c->out, checks_live_error(c), "link.p2p",
		     "Let the source host log in to the target over SSH (its key in the "
		     "target's authorized_keys, the target's host key in its known_hosts), "
		     "then check again with --refresh.",
		     "Host %s cannot reach host %s over SSH%s, which a peer-to-peer migration "
		     "needs: %s", c->src_name, c->dst_name, old,
		     f->p2p_error[0] ? f->p2p_error : "no reason given.");
}

void checks_link(struct check_ctx *c)
{
	if (!c->facts) {
		findings_add(c->out, FINDING_WARNING, "link.unmeasured",
			     "Run the check again once both hosts answer.",
			     "The link from host %s to host %s was not read.", c->src_name,
			     c->dst_name);
		return;
	}
	if (c->facts->link.taken > 0) {
		check_speed(c);
		check_rtt(c);
	} else {
		check_rtt(c);	/* says why nothing was read */
	}
	check_rates(c);
	check_p2p(c);
}

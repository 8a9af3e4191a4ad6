/* engine/checks_link.c — the migration link between source and target.
 * The seed: at least 250 Mbit/s dedicated per migration, and under 150 ms
 * round trip for long-distance vMotion. */
#include "checks_int.h"

#define LINK_MAX_RTT_MS 150.0
#define LINK_MIN_MBIT_S 250.0

static void check_measures(struct check_ctx *c)
{
	const struct check_facts *f = c->facts;

	if (!f || !f->link.measured) {
		findings_add(c->out, FINDING_WARNING, "link.unmeasured",
			     "Run the check again once both hosts answer.",
			     "The link from host %s to host %s was not measured%s%s",
			     c->src_name, c->dst_name, f && f->link.error[0] ? ": " : ".",
			     f && f->link.error[0] ? f->link.error : "");
		return;
	}
	if (f->link.rtt_ms >= LINK_MAX_RTT_MS)
		findings_add(c->out, checks_live_error(c), "link.rtt",
			     "Use a closer host, or a faster route for the migration address.",
			     "The round trip from host %s to host %s takes %.0f ms; a live "
			     "migration needs less than %.0f ms.", c->src_name, c->dst_name,
			     f->link.rtt_ms, LINK_MAX_RTT_MS);
	if (f->link.mbit_s < LINK_MIN_MBIT_S)
		findings_add(c->out, checks_live_error(c), "link.throughput",
			     "Use a faster migration network (migration_address in the host's "
			     "section), or free the link.",
			     "The link from host %s to host %s carries %.0f Mbit/s; a migration "
			     "needs at least %.0f Mbit/s of its own.", c->src_name, c->dst_name,
			     f->link.mbit_s, LINK_MIN_MBIT_S);
}

static void check_p2p(struct check_ctx *c)
{
	const struct check_facts *f = c->facts;

	if (!f || f->p2p_ok)
		return;
	findings_add(c->out, checks_live_error(c), "link.p2p",
		     "Let the source host log in to the target over SSH (its key in the "
		     "target's authorized_keys, the target's host key in its known_hosts).",
		     "Host %s cannot reach host %s over SSH, which a peer-to-peer migration "
		     "needs: %s", c->src_name, c->dst_name,
		     f->p2p_error[0] ? f->p2p_error : "no reason given.");
}

void checks_link(struct check_ctx *c)
{
	check_measures(c);
	check_p2p(c);
}

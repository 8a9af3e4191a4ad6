/* engine/checks_streams.c — parallel migration streams and compression of
 * a live move's memory, by the one rule of engine/streams.c.
 *
 * Asked for and impossible on these hosts: an error before anything
 * starts, never a failure halfway.  Not asked for, on a slow or long link
 * (the link facts of engine/checks_link.c, the throughput figure of
 * engine/link_figure.c): compression is offered, in a method both hosts
 * have.  A cold move's disks go through SSH: streams do not apply.
 */
#include <stdio.h>

#include "checks_int.h"
#include "link_figure.h"
#include "streams.h"

/* Slow: under four times the floor of checks_link.c (a gigabit); long:
 * two thirds of the way to its round-trip limit. */
#define STREAMS_SLOW_MBIT_S (4.0 * CHECKS_LINK_MIN_MBIT_S)
#define STREAMS_LONG_RTT_MS (CHECKS_LINK_MAX_RTT_MS * 2.0 / 3.0)

/* The options that compress on these hosts with N streams asked, in
 * BUF: "--compress zstd", "--connections 1 --compress xbzrle"; NULL: none. */
static const char *method_offered(const struct check_ctx *c, unsigned n, char *buf, size_t len)
{
	if (n > 1 && streams_supported(c->src, c->dst, n, PLAN_COMPRESS_ZSTD, NULL) == 0) {
		snprintf(buf, len, "--compress zstd");
		return buf;
	}
	if (streams_supported(c->src, c->dst, 1, PLAN_COMPRESS_XBZRLE, NULL) == 0) {
		snprintf(buf, len, "%s--compress xbzrle", n > 1 ? "--connections 1 " : "");
		return buf;
	}
	return NULL;
}

static void offer_compression(struct check_ctx *c, unsigned n)
{
	const struct link_probe *l;
	const char *figure = NULL;
	char why[128], rate[32], opts[64], hint[160];

	if (!c->facts)
		return;
	l = &c->facts->link;
	double mibs = link_figure(c->cfg, c->src, c->dst, l, &figure);
	double mbit = mibs * 1048576.0 * 8.0 / 1e6;

	if (l->rtt_ms >= STREAMS_LONG_RTT_MS)
		snprintf(why, sizeof why, "long (round trip %.0f ms)", l->rtt_ms);
	else if (figure && mbit > 0.0 && mbit < STREAMS_SLOW_MBIT_S)
		snprintf(why, sizeof why, "slow (%s, %s)", engine_rate(mbit, rate, sizeof rate),
			 figure);
	else
		return;
	if (!method_offered(c, n, opts, sizeof opts))
		return;
	findings_add(c->out, FINDING_INFO, "streams.compress",
		     checks_fmt(hint, sizeof hint, "Give %s (or compress in the config's "
				"[defaults]); it costs CPU on both hosts.", opts),
		     "The link from host %s to host %s is %s: compressing the memory of VM "
		     "'%s' may shorten the move.", c->src_name, c->dst_name, why, c->vm->name);
}

void checks_streams(struct check_ctx *c)
{
	const struct plan *p = c->plan;
	unsigned n = streams_connections(p, c->cfg);
	enum plan_compress comp = streams_compress(p, c->cfg);
	struct vm_error why;
	char text[96];

	streams_text(n, comp, text, sizeof text);
	if (!plan_is_streamed(c->vm)) {
		if (n > 1 || comp != PLAN_COMPRESS_NONE)
			findings_add(c->out, FINDING_INFO, "streams.cold", NULL,
				     "VM '%s' is %s: its disks go from '%s' to '%s' through SSH; "
				     "%s do not apply.", c->vm->name, checks_state_word(c->vm),
				     c->src_name, c->dst_name, text);
		return;
	}
	if (streams_supported(c->src, c->dst, n, comp, &why) < 0) {
		findings_add(c->out, FINDING_ERROR, "streams.unsupported", why.hint,
			     "%s VM '%s' cannot move over %s.", why.message, c->vm->name, text);
		return;
	}
	if (n > 1 || comp != PLAN_COMPRESS_NONE)
		findings_add(c->out, FINDING_INFO, "streams.plan", NULL,
			     "The memory of VM '%s' will cross from '%s' to '%s' over %s.",
			     c->vm->name, c->src_name, c->dst_name, text);
	if (n > 1 && p->priority == PLAN_PRIORITY_HIGH && !streams_postcopy_ok(c->src, c->dst, n))
		findings_add(c->out, FINDING_INFO, "streams.postcopy",
			     "Give --connections 1 to keep post-copy as the last escalation.",
			     "QEMU on '%s' and '%s' cannot switch parallel streams to post-copy "
			     "(QEMU 10.1 can): High priority's last escalation is not used for "
			     "VM '%s'.", c->src_name, c->dst_name, c->vm->name);
	if (comp == PLAN_COMPRESS_NONE)
		offer_compression(c, n);
}

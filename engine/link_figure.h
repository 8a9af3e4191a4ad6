/* engine/link_figure.h — which figure stands for a link's throughput
 * (engine/link_figure.c): the one rule, for the makespan of a batch
 * (engine/evacuate_makespan.c) and the forecast of a live move
 * (engine/forecast_plan.c).  Not part of engine/engine.h.
 *
 * In order: the data path's throughput measured by 'check --measure-link';
 * else what the moves between the two hosts achieved lately (the history's
 * median of the last LINK_FIGURE_RECENT done moves of the pair that ran
 * without a cap: engine/history_stats.c), a better figure than the link's
 * speed when the hosts, not the link, set the pace (a guest under TCG);
 * else the link's speed (link_gbps, else the interfaces' negotiated speed,
 * the lower end); else, when the link was not read (a host without SSH),
 * the operator's link_gbps of both hosts alone; else what the last
 * migration between them achieved (the facts cache: one migration's pace,
 * perhaps under a cap: only when nothing else says).  A move's cap
 * (--bandwidth) is applied by the caller, over the figure. */
#ifndef VIRT_MIGRATE_LINK_FIGURE_H
#define VIRT_MIGRATE_LINK_FIGURE_H

#define LINK_FIGURE_RECENT 5	/* moves of the history taken, the newest */

struct config;
struct inv_host;
struct link_probe;

/* The throughput of SRC -> DST in MiB/s from the link facts L (as
 * probe_link() fills them; NULL: not read), the history (read here) and
 * CFG, with *FIGURE set to where it comes from: "measured", "history",
 * "link speed", "achieved"; 0 and NULL: no figure. */
double link_figure(const struct config *cfg, const struct inv_host *src,
		   const struct inv_host *dst, const struct link_probe *l, const char **figure);

/* The same rule with the history's median given: HISTORY_MIBS (<= 0: none)
 * (pure: the unit tests). */
double link_figure_with(const struct config *cfg, const struct inv_host *src,
			const struct inv_host *dst, const struct link_probe *l,
			double history_mibs, const char **figure);

#endif

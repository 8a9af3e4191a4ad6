/* engine/link_figure.h — which figure stands for a link's throughput
 * (engine/link_figure.c): the one rule, for the makespan of a batch
 * (engine/evacuate_makespan.c) and the forecast of a live move
 * (engine/forecast_plan.c).  Not part of engine/engine.h.
 *
 * In order: the data path's throughput measured by 'check --measure-link';
 * else the link's speed (link_gbps, else the interfaces' negotiated speed,
 * the lower end); else, when the link was not read (a host without SSH),
 * the operator's link_gbps of both hosts alone; else what the last
 * migration between them achieved (one migration's pace, perhaps under a
 * cap: only when nothing else says). */
#ifndef VIRT_MIGRATE_LINK_FIGURE_H
#define VIRT_MIGRATE_LINK_FIGURE_H

struct config;
struct inv_host;
struct link_probe;

/* The throughput of SRC -> DST in MiB/s from the link facts L (as
 * probe_link() fills them) and CFG, with *FIGURE set to where it comes
 * from: "measured", "link speed", "achieved"; 0 and NULL: no figure. */
double link_figure(const struct config *cfg, const struct inv_host *src,
		   const struct inv_host *dst, const struct link_probe *l, const char **figure);

#endif

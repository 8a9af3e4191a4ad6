/* engine/link_figure.c — a link's throughput figure (engine/link_figure.h). */
#include <stddef.h>

#include "engine.h"
#include "link_figure.h"

#define MIB 1048576.0

static double mbit_to_mibs(double mbit)
{
	return mbit * 1e6 / 8.0 / MIB;
}

double link_figure_with(const struct config *cfg, const struct inv_host *src,
			const struct inv_host *dst, const struct link_probe *l,
			double history_mibs, const char **figure)
{
	double gs = config_host_link_gbps(cfg, src->cfg), gd = config_host_link_gbps(cfg, dst->cfg);

	if (l && l->measured_mbit > 0.0) {
		*figure = "measured";
		return mbit_to_mibs(l->measured_mbit);
	}
	/* what moves between them achieved: the hosts' pace, not the wire's */
	if (history_mibs > 0.0) {
		*figure = "history";
		return history_mibs;
	}
	if (l && l->speed_mbit > 0.0) {
		*figure = "link speed";
		return mbit_to_mibs(l->speed_mbit);
	}
	/* the link was not read (a host without SSH): the operator's word alone */
	if (gs > 0.0 && gd > 0.0) {
		*figure = "link speed";
		return mbit_to_mibs((gs < gd ? gs : gd) * 1000.0);
	}
	/* one migration's pace, perhaps under a cap: only when nothing else says */
	if (l && l->achieved_mbit > 0.0) {
		*figure = "achieved";
		return mbit_to_mibs(l->achieved_mbit);
	}
	*figure = NULL;
	return 0.0;
}

double link_figure(const struct config *cfg, const struct inv_host *src,
		   const struct inv_host *dst, const struct link_probe *l, const char **figure)
{
	double bps = -1.0;

	if (!l || l->measured_mbit <= 0.0)
		bps = history_stats_recent_bps_file(src->cfg->name, dst->cfg->name,
						    LINK_FIGURE_RECENT, NULL);
	return link_figure_with(cfg, src, dst, l, bps > 0.0 ? bps / MIB : 0.0, figure);
}

/* engine/history_stats.c — figures over the history: per pair of hosts
 * (from -> to), how many moves, how many done, and the median time and
 * throughput of those done.  A median, not a mean: one move slowed by a
 * busy link or a guest that dirtied its memory flat out says little of the
 * next one. */
#include <stdlib.h>
#include <string.h>

#include "history.h"

#define HISTORY_RECENT_MAX 64	/* the most records history_stats_recent_bps() takes */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double history_stats_median(double *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int done(const struct history_record *r)
{
	return r->outcome && strcmp(r->outcome, "done") == 0;
}

static int same_pair(const struct history_pair *p, const struct history_record *r)
{
	return strcmp(p->source, r->source) == 0 && strcmp(p->target, r->target) == 0;
}

/* The medians of pair P over the N records of RECS (VALUES: room for N). */
static void medians(struct history_pair *p, const struct history_record *recs, size_t n,
		    const char *filter, double *values)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct history_record *r = &recs[i];
		if (r->source && r->target && (!filter || history_record_matches(r, filter)) &&
		    same_pair(p, r) && done(r) && r->seconds >= 0)
			values[k++] = r->seconds;
	}
	p->median_seconds = history_stats_median(values, k);
	k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct history_record *r = &recs[i];
		if (r->source && r->target && (!filter || history_record_matches(r, filter)) &&
		    same_pair(p, r) && done(r) && r->throughput_bps > 0)
			values[k++] = r->throughput_bps;
	}
	p->median_throughput_bps = history_stats_median(values, k);
}

int history_stats_pairs(const struct history_record *recs, size_t n, const char *filter,
			struct history_pair **out, size_t *npairs)
{
	struct history_pair *pairs = NULL;
	double *values = NULL;
	size_t np = 0;

	*out = NULL;
	*npairs = 0;
	if (n && !(values = malloc(n * sizeof *values)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct history_record *r = &recs[i];
		size_t j;
		if (!r->source || !r->target || (filter && !history_record_matches(r, filter)))
			continue;
		for (j = 0; j < np && !same_pair(&pairs[j], r); j++)
			;
		if (j == np) {
			struct history_pair *g = realloc(pairs, (np + 1) * sizeof *g);
			if (!g) {
				free(pairs);
				free(values);
				return -1;
			}
			pairs = g;
			memset(&pairs[np], 0, sizeof pairs[np]);
			pairs[np].source = r->source;
			pairs[np].target = r->target;
			np++;
		}
		pairs[j].moves++;
		pairs[j].done += done(r);
	}
	for (size_t j = 0; j < np; j++)
		medians(&pairs[j], recs, n, filter, values);
	free(values);
	*out = pairs;
	*npairs = np;
	return 0;
}

double history_stats_recent_bps(const struct history_record *recs, size_t n, const char *source,
				const char *target, size_t recent, size_t *used)
{
	double v[HISTORY_RECENT_MAX];
	size_t k = 0;

	if (recent > HISTORY_RECENT_MAX)
		recent = HISTORY_RECENT_MAX;
	/* newest last in the file: walk back */
	for (size_t i = n; i-- > 0 && k < recent;) {
		const struct history_record *r = &recs[i];
		if (r->source && r->target && strcmp(r->source, source) == 0 &&
		    strcmp(r->target, target) == 0 && done(r) && r->throughput_bps > 0 &&
		    r->bandwidth_mibs <= 0)
			v[k++] = r->throughput_bps;
	}
	if (used)
		*used = k;
	return history_stats_median(v, k);
}

double history_stats_recent_bps_file(const char *source, const char *target, size_t recent,
				     size_t *used)
{
	struct history_list l;
	struct vm_error err;
	double bps = -1;

	if (used)
		*used = 0;
	memset(&l, 0, sizeof l);
	if (history_read(NULL, &l, &err) == 0)
		bps = history_stats_recent_bps(l.recs, l.n, source, target, recent, used);
	history_list_free(&l);
	return bps;
}

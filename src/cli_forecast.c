/* src/cli_forecast.c — the forecast of a live move as text and JSON
 * (engine/forecast.h says what it is and how it is made). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cli_forecast.h"

#define MIB 1048576.0

/* "about 3.3 s, 1 pass, downtime about 80 ms" (what is known of it). */
static void figures(FILE *m, const struct forecast *f)
{
	if (f->total_s >= 0)
		fprintf(m, "about %.1f s (%.1f s of it set-up)", f->total_s, f->setup_s);
	if (f->passes)
		fprintf(m, ", %u precopy pass%s", f->passes, f->passes == 1 ? "" : "es");
	if (f->downtime_ms >= 0)
		fprintf(m, ", downtime about %.0f ms", f->downtime_ms);
}

static void inputs(FILE *m, const struct forecast *f)
{
	const struct forecast_input *in = &f->in;
	char b[32];

	fputs("from: RAM ", m);
	if (in->ram_bytes)
		fprintf(m, "%s (%s)", engine_bytes(in->ram_bytes, b, sizeof b), in->ram_from);
	else
		fputs("unknown", m);
	if (in->send_bytes && in->send_bytes < in->ram_bytes)
		fprintf(m, " of which %s to send (%s)", engine_bytes(in->send_bytes, b, sizeof b),
			in->send_from);
	if (in->dirty_bps >= 0)
		fprintf(m, ", dirty rate %.1f MiB/s (%s over %u s)", in->dirty_bps / MIB,
			in->dirty_from, in->dirty_period_s);
	else
		fputs(", dirty rate unknown", m);
	if (in->throughput_bps > 0)
		fprintf(m, ", throughput %.1f MiB/s (%s)", in->throughput_bps / MIB,
			in->throughput_from);
	else
		fputs(", throughput unknown", m);
	if (in->disk_bytes)
		fprintf(m, ", disks %s first", engine_bytes(in->disk_bytes, b, sizeof b));
}

void cli_forecast_text(FILE *out, const struct forecast *f, int col)
{
	struct cli_row r;

	if (!cli_row_open(&r))
		return;
	fprintf(r.m, "%*sforecast: %s", col, "", forecast_verdict_name(f->verdict));
	switch (f->verdict) {
	case FORECAST_CONVERGES:
		fputs(": ", r.m);
		figures(r.m, f);
		break;
	case FORECAST_ESCALATES:
	case FORECAST_FAILS:
		fputs(": ", r.m);
		cli_text(r.m, f->reason);
		fputs("; ", r.m);
		figures(r.m, f);
		break;
	default:
		fputs(": ", r.m);
		cli_text(r.m, f->reason);
		break;
	}
	cli_row_print(&r, out, 0, col + 4);
	if (f->verdict == FORECAST_NONE || !cli_row_open(&r))
		return;
	fprintf(r.m, "%*s", col + 2, "");
	inputs(r.m, f);
	cli_row_print(&r, out, 0, col + 4);
}

void cli_forecast_brief(FILE *out, const struct forecast *f, int col)
{
	struct cli_row r;
	char buf[sizeof f->reason + 128];

	if (!cli_row_open(&r))
		return;
	fprintf(r.m, "%*sforecast: ", col, "");
	cli_text(r.m, forecast_brief(f, buf, sizeof buf));
	cli_row_print(&r, out, 0, col + 4);
}

void cli_forecast_json(FILE *out, const struct forecast *f)
{
	char *text = forecast_json(f);

	fputs(text ? text : "null", out);
	free(text);
}

void cli_forecast_result_text(FILE *out, const struct forecast *f,
			      const struct migration_result *r)
{
	struct cli_row row;

	if (f->verdict == FORECAST_NONE || !cli_row_open(&row))
		return;
	if (f->verdict == FORECAST_UNKNOWN) {
		fputs("forecast: unknown (", row.m);
		cli_text(row.m, f->reason);
		fputs(")", row.m);
	} else {
		fputs("forecast ", row.m);
		if (f->total_s >= 0)
			fprintf(row.m, "%.1f s, ", f->total_s);
		fprintf(row.m, "%u passes as libvirt counts them", f->iterations);
		if (f->downtime_ms >= 0)
			fprintf(row.m, ", downtime %.0f ms", f->downtime_ms);
		fprintf(row.m, " (%s)", forecast_verdict_name(f->verdict));
	}
	fprintf(row.m, "; actual %.1f s", r->total_s);
	if (r->iterations)
		fprintf(row.m, ", %llu passes", r->iterations);
	if (r->downtime_ms >= 0)
		fprintf(row.m, ", downtime %lld ms", r->downtime_ms);
	fputs(".", row.m);
	cli_row_print(&row, out, 0, 2);
}

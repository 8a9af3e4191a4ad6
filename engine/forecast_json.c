/* engine/forecast_json.c — a forecast as its JSON object (engine/forecast.h):
 * the one form 'move --json', 'check --json', 'evacuate --dry-run --json'
 * show and every move's history record keeps. */
#include <stdio.h>
#include <stdlib.h>

#include "forecast.h"

static void str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void num(FILE *out, const char *name, double v, const char *fmt)
{
	fprintf(out, ",\"%s\":", name);
	if (v < 0)
		fputs("null", out);
	else
		fprintf(out, fmt, v);
}

static void write_json(FILE *out, const struct forecast *f)
{
	const struct forecast_input *in = &f->in;
	int known = f->verdict != FORECAST_NONE && f->verdict != FORECAST_UNKNOWN;

	fprintf(out, "{\"verdict\":\"%s\",\"escalation\":", forecast_verdict_name(f->verdict));
	str(out, forecast_step_name(f->step));
	fputs(",\"reason\":", out);
	str(out, f->reason[0] ? f->reason : NULL);
	num(out, "passes", known ? (double)f->passes : -1, "%.0f");
	num(out, "iterations", known ? (double)f->iterations : -1, "%.0f");
	num(out, "total_s", known ? f->total_s : -1, "%.3f");
	num(out, "setup_s", known ? f->setup_s : -1, "%.3f");
	num(out, "downtime_ms", known ? f->downtime_ms : -1, "%.0f");
	if (f->verdict == FORECAST_NONE) {
		fputs(",\"inputs\":null}", out);
		return;
	}
	fputs(",\"inputs\":{\"ram_bytes\":", out);
	if (in->ram_bytes)
		fprintf(out, "%llu", in->ram_bytes);
	else
		fputs("null", out);
	fputs(",\"ram_from\":", out);
	str(out, in->ram_bytes ? in->ram_from : NULL);
	/* what pass 1 sends: the resident part, else all of the RAM */
	int send = in->send_bytes && in->send_bytes < in->ram_bytes;
	fputs(",\"send_bytes\":", out);
	if (send || in->ram_bytes)
		fprintf(out, "%llu", send ? in->send_bytes : in->ram_bytes);
	else
		fputs("null", out);
	fputs(",\"send_from\":", out);
	str(out, send ? in->send_from : in->ram_bytes ? "RAM" : NULL);
	num(out, "dirty_rate_bps", in->dirty_bps, "%.0f");
	fputs(",\"dirty_rate_from\":", out);
	str(out, in->dirty_bps >= 0 ? in->dirty_from : NULL);
	num(out, "dirty_rate_period_s", in->dirty_bps >= 0 ? (double)in->dirty_period_s : -1, "%.0f");
	num(out, "throughput_bps", in->throughput_bps > 0 ? in->throughput_bps : -1, "%.0f");
	fputs(",\"throughput_from\":", out);
	str(out, in->throughput_bps > 0 ? in->throughput_from : NULL);
	num(out, "disk_bytes", (double)in->disk_bytes, "%.0f");
	num(out, "allowed_downtime_ms", (double)f->ladder.allowed_ms, "%.0f");
	num(out, "max_downtime_ms", (double)f->ladder.budget_ms, "%.0f");
	num(out, "max_time_s", f->ladder.max_time_s ? (double)f->ladder.max_time_s : -1, "%.0f");
	fputs("}}", out);
}

char *forecast_json(const struct forecast *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return NULL;
	write_json(m, f);
	if (fclose(m) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *forecast_json_record(const struct forecast *f)
{
	return f && f->verdict != FORECAST_NONE ? forecast_json(f) : NULL;
}

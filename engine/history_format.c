/* engine/history_format.c — a history record as its one line of JSON.
 *
 * Members are written in one order, every one of them present (unknown
 * values as null), so that a line reads the same whoever wrote it.  Strings
 * are escaped as JSON wants: '"' and '\' with a backslash, the control
 * characters (and DEL) as \uXXXX, and well-formed UTF-8 as it is; a byte
 * that is not part of well-formed UTF-8 (a VM name in Latin-1) becomes
 * U+FFFD, as JSON text must be UTF-8. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

struct buf {
	char *s;
	size_t len, cap;
	int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 512;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct buf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* The length of the well-formed UTF-8 sequence at P (1 to 4), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		unsigned lo = p[0] == 0xe0 ? 0xa0 : 0x80, hi = p[0] == 0xed ? 0x9f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		unsigned lo = p[0] == 0xf0 ? 0x90 : 0x80, hi = p[0] == 0xf4 ? 0x8f : 0xbf;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
		       (p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

static void str(struct buf *b, const char *s)
{
	if (!s) {
		puts_(b, "null");
		return;
	}
	puts_(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n;
		switch (*p) {
		case '"': puts_(b, "\\\""); p++; continue;
		case '\\': puts_(b, "\\\\"); p++; continue;
		case '\n': puts_(b, "\\n"); p++; continue;
		case '\r': puts_(b, "\\r"); p++; continue;
		case '\t': puts_(b, "\\t"); p++; continue;
		default:
			break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			putf(b, "\\u%04x", *p);
			p++;
		} else if ((n = utf8_len(p)) > 0) {
			put(b, (const char *)p, n);
			p += n;
		} else {
			puts_(b, "\\ufffd");
			p++;
		}
	}
	puts_(b, "\"");
}

static void key(struct buf *b, const char *k)
{
	putf(b, b->len > 1 ? ",\"%s\":" : "\"%s\":", k);
}

static void member_str(struct buf *b, const char *k, const char *v)
{
	key(b, k);
	str(b, v);
}

static void member_ll(struct buf *b, const char *k, long long v)
{
	key(b, k);
	if (v < 0)
		puts_(b, "null");
	else
		putf(b, "%lld", v);
}

static void member_bool(struct buf *b, const char *k, int v)
{
	key(b, k);
	puts_(b, v < 0 ? "null" : v ? "true" : "false");
}

/* Seconds with milliseconds; a rate in whole bytes per second (DIGITS 0). */
static void member_num(struct buf *b, const char *k, double v, int digits)
{
	key(b, k);
	if (!(v >= 0) || !isfinite(v))
		puts_(b, "null");
	else
		putf(b, "%.*f", digits, v);
}

char *history_format(const struct history_record *r)
{
	struct buf b = { 0 };

	puts_(&b, "{");
	key(&b, "history");
	putf(&b, "%d", HISTORY_FORMAT);
	member_str(&b, "started", r->started);
	member_str(&b, "ended", r->ended);
	member_str(&b, "vm", r->vm);
	member_str(&b, "uuid", r->uuid);
	member_str(&b, "source", r->source);
	member_str(&b, "target", r->target);
	member_str(&b, "kind", r->kind);
	member_bool(&b, "live", r->live);
	member_str(&b, "move", r->move);
	member_str(&b, "priority", r->priority);
	member_ll(&b, "max_downtime_ms", r->max_downtime_ms);
	member_ll(&b, "max_time_s", r->max_time_s);
	member_ll(&b, "bandwidth_mibs", r->bandwidth_mibs);
	member_str(&b, "encrypt", r->encrypt);
	member_bool(&b, "encrypted", r->encrypted);
	member_ll(&b, "connections", r->connections);
	member_str(&b, "compress", r->compress);
	member_str(&b, "datastore", r->datastore);
	member_str(&b, "format", r->format);
	key(&b, "disks");
	puts_(&b, "[");
	for (size_t i = 0; i < r->ndisks; i++) {
		puts_(&b, i ? ",{\"disk\":" : "{\"disk\":");
		str(&b, r->disks[i].disk);
		puts_(&b, ",\"datastore\":");
		str(&b, r->disks[i].datastore);
		puts_(&b, ",\"format\":");
		str(&b, r->disks[i].format);
		puts_(&b, "}");
	}
	puts_(&b, "]");
	/* the forecast's own JSON, as the reader checked it (or as its maker
	 * wrote it) */
	key(&b, "forecast");
	puts_(&b, r->forecast ? r->forecast : "null");
	member_num(&b, "seconds", r->seconds, 3);
	member_num(&b, "job_seconds", r->job_seconds, 3);
	member_ll(&b, "downtime_ms", r->downtime_ms);
	member_ll(&b, "data_bytes", r->data_bytes);
	member_ll(&b, "iterations", r->iterations);
	member_num(&b, "throughput_bps", r->throughput_bps, 0);
	member_str(&b, "throughput_from", r->throughput_from);
	member_str(&b, "outcome", r->outcome);
	key(&b, "error");
	if (r->error) {
		puts_(&b, "{\"message\":");
		str(&b, r->error);
		puts_(&b, ",\"hint\":");
		str(&b, r->hint ? r->hint : "");
		puts_(&b, "}");
	} else {
		puts_(&b, "null");
	}
	member_str(&b, "by", r->by);
	member_ll(&b, "pid", r->pid);
	member_str(&b, "tool_version", r->tool_version);
	puts_(&b, "}");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

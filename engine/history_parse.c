/* engine/history_parse.c — one line of the history back into a record.
 *
 * A small JSON reader (RFC 8259: objects, arrays, strings with every escape
 * and surrogate pairs, numbers, true, false, null; nesting at most 16 deep,
 * the text UTF-8), then the members of a record taken from the object.
 * Strict: a line that is not one JSON object, lacks a member a record
 * always has, or has one of the wrong type is refused with the column or
 * the member named.  Members it does not know are skipped: a later version
 * may add some.  "forecast" is kept as its JSON text, whatever it holds. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"

#define DEPTH_MAX 16

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype t;
	int b;
	char *s;		/* a string's bytes, a number's text */
	struct jv *items;	/* of an array or object */
	char **keys;		/* of an object */
	size_t n;
	size_t from, to;	/* where its text is in the line */
};

struct jp {
	const char *text;
	size_t at;
	char *what;
	size_t len;
	int failed;
};

static int fail(struct jp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct jp *p, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	if (p->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(p->what, p->len, "bad JSON at column %zu: %s", p->at + 1, why);
	p->failed = 1;
	return -1;
}

static void jv_free(struct jv *v)
{
	if (!v)
		return;
	free(v->s);
	for (size_t i = 0; i < v->n; i++) {
		jv_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	memset(v, 0, sizeof *v);
}

static void blanks(struct jp *p)
{
	while (strchr(" \t\r\n", p->text[p->at]) && p->text[p->at])
		p->at++;
}

/* What is at the current place, for a message. */
static const char *here(struct jp *p, char *buf, size_t len)
{
	unsigned char c = (unsigned char)p->text[p->at];
	if (!c)
		return "the end of the line";
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, len, "byte 0x%02X", c);
	else
		snprintf(buf, len, "'%c'", c);
	return buf;
}

static int hex4(const char *s, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d > 15)
			return -1;
		*out = *out * 16 + d;
	}
	return 0;
}

static size_t utf8_put(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Well-formed UTF-8 at S: its length (2 to 4), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned lo = 0x80, hi = 0xbf;
	size_t n;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, lo = s[0] == 0xe0 ? 0xa0 : 0x80, hi = s[0] == 0xed ? 0x9f : 0xbf;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, lo = s[0] == 0xf0 ? 0x90 : 0x80, hi = s[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A string at p->at (its opening quote); the decoded bytes in *OUT. */
static int string(struct jp *p, char **out)
{
	const char *s = p->text;
	size_t cap = 16, n = 0;
	char *o = malloc(cap);

	if (!o)
		return fail(p, "out of memory");
	p->at++;
	for (;;) {
		unsigned char c = (unsigned char)s[p->at];
		if (n + 5 > cap) {
			char *g = realloc(o, cap *= 2);
			if (!g) {
				free(o);
				return fail(p, "out of memory");
			}
			o = g;
		}
		if (c == '"') {
			p->at++;
			break;
		}
		if (!c) {
			free(o);
			return fail(p, "a string without its closing quote");
		}
		if (c < 0x20) {
			free(o);
			return fail(p, "the control character 0x%02X inside a string (write it \\u%04X)",
				    c, c);
		}
		if (c >= 0x80) {
			size_t k = utf8_seq((const unsigned char *)s + p->at);
			if (!k) {
				free(o);
				return fail(p, "byte 0x%02X is not UTF-8", c);
			}
			memcpy(o + n, s + p->at, k);
			n += k;
			p->at += k;
			continue;
		}
		if (c != '\\') {
			o[n++] = (char)c;
			p->at++;
			continue;
		}
		char e = s[p->at + 1];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			o[n++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
			p->at += 2;
			continue;
		}
		unsigned cp, lo;
		if (e != 'u' || hex4(s + p->at + 2, &cp) < 0) {
			free(o);
			return fail(p, "a bad escape in a string");
		}
		p->at += 6;
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			free(o);
			return fail(p, "\\u%04X: a low surrogate without its high one", cp);
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (s[p->at] != '\\' || s[p->at + 1] != 'u' || hex4(s + p->at + 2, &lo) < 0 ||
			    lo < 0xdc00 || lo > 0xdfff) {
				free(o);
				return fail(p, "\\u%04X: a high surrogate without its low one", cp);
			}
			p->at += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (cp == 0) {
			free(o);
			return fail(p, "\\u0000 (a NUL character) in a string");
		}
		n += utf8_put(o + n, cp);
	}
	o[n] = '\0';
	*out = o;
	return 0;
}

static int value(struct jp *p, struct jv *v, int depth);

static int number(struct jp *p, struct jv *v)
{
	const char *s = p->text;
	size_t start = p->at, i = p->at;

	if (s[i] == '-')
		i++;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return fail(p, "a number without digits");
	if (s[i] == '.') {
		if (!(s[++i] >= '0' && s[i] <= '9')) {
			p->at = i;
			return fail(p, "no digit after the decimal point");
		}
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!(s[i] >= '0' && s[i] <= '9')) {
			p->at = i;
			return fail(p, "no digit in the exponent");
		}
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	v->t = J_NUM;
	v->s = strndup(s + start, i - start);
	p->at = i;
	return v->s ? 0 : fail(p, "out of memory");
}

/* Grow V's items (and keys, for an object) by one; the new item zeroed. */
static struct jv *item_new(struct jp *p, struct jv *v)
{
	struct jv *items = realloc(v->items, (v->n + 1) * sizeof *items);
	if (!items) {
		fail(p, "out of memory");
		return NULL;
	}
	v->items = items;
	if (v->t == J_OBJ) {
		char **keys = realloc(v->keys, (v->n + 1) * sizeof *keys);
		if (!keys) {
			fail(p, "out of memory");
			return NULL;
		}
		v->keys = keys;
		v->keys[v->n] = NULL;
	}
	memset(&v->items[v->n], 0, sizeof v->items[v->n]);
	return &v->items[v->n++];
}

static int container(struct jp *p, struct jv *v, int depth)
{
	char close = v->t == J_OBJ ? '}' : ']', buf[16];

	if (depth >= DEPTH_MAX)
		return fail(p, "nested deeper than %d", DEPTH_MAX);
	p->at++;
	blanks(p);
	if (p->text[p->at] == close) {
		p->at++;
		return 0;
	}
	for (;;) {
		struct jv *it = item_new(p, v);
		if (!it)
			return -1;
		if (v->t == J_OBJ) {
			blanks(p);
			if (p->text[p->at] != '"')
				return fail(p, "expected a member's name in quotes, found %s",
					    here(p, buf, sizeof buf));
			if (string(p, &v->keys[v->n - 1]) < 0)
				return -1;
			blanks(p);
			if (p->text[p->at] != ':')
				return fail(p, "expected ':', found %s", here(p, buf, sizeof buf));
			p->at++;
		}
		if (value(p, it, depth + 1) < 0)
			return -1;
		blanks(p);
		if (p->text[p->at] == ',') {
			p->at++;
			continue;
		}
		if (p->text[p->at] == close) {
			p->at++;
			return 0;
		}
		return fail(p, "expected ',' or '%c', found %s", close, here(p, buf, sizeof buf));
	}
}

static int value(struct jp *p, struct jv *v, int depth)
{
	static const struct { const char *word; enum jtype t; int b; } words[] = {
		{ "null", J_NULL, 0 }, { "true", J_BOOL, 1 }, { "false", J_BOOL, 0 },
	};
	const char *s;
	char buf[16];
	int rc = -1;

	blanks(p);
	s = p->text + p->at;
	v->from = p->at;
	if (*s == '{' || *s == '[') {
		v->t = *s == '{' ? J_OBJ : J_ARR;
		rc = container(p, v, depth);
	} else if (*s == '"') {
		v->t = J_STR;
		rc = string(p, &v->s);
	} else if (*s == '-' || (*s >= '0' && *s <= '9')) {
		rc = number(p, v);
	} else {
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
			size_t len = strlen(words[i].word);
			if (strncmp(s, words[i].word, len) == 0) {
				v->t = words[i].t;
				v->b = words[i].b;
				p->at += len;
				rc = 0;
				break;
			}
		}
		if (rc < 0)
			return fail(p, "expected a value, found %s", here(p, buf, sizeof buf));
	}
	v->to = p->at;
	return rc;
}

/* ---- the record's members ---- */

struct rd {
	const struct jv *obj;
	const char *line;
	char *what;
	size_t len;
	int failed;
};

static int bad(struct rd *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct rd *d, const char *fmt, ...)
{
	va_list ap;
	if (d->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->what, d->len, fmt, ap);
	va_end(ap);
	d->failed = 1;
	return -1;
}

/* Member K of the object, or NULL; the last one when it is there twice. */
static const struct jv *get(const struct jv *o, const char *k)
{
	const struct jv *found = NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], k) == 0)
			found = &o->items[i];
	return found;
}

enum need { OPTIONAL, PRESENT, VALUE };	/* may lack it; may be null; neither */

/* Member K of type T: NULL when missing or null (allowed by NEED), else
 * the value; a missing or mistyped member fails D. */
static const struct jv *member(struct rd *d, const char *k, enum jtype t, enum need need)
{
	static const char *const names[] = { "null", "true or false", "a number", "a string",
					     "an array", "an object" };
	const struct jv *v = get(d->obj, k);
	if (!v) {
		if (need != OPTIONAL)
			bad(d, "member '%s' is missing", k);
		return NULL;
	}
	if (v->t == J_NULL) {
		if (need == VALUE)
			bad(d, "member '%s' is null; it needs %s", k, names[t]);
		return NULL;
	}
	if (v->t != t) {
		bad(d, "member '%s' is %s, not %s", k, names[v->t], names[t]);
		return NULL;
	}
	return v;
}

static char *take_str(struct rd *d, const char *k, enum need need)
{
	const struct jv *v = member(d, k, J_STR, need);
	char *s = v ? strdup(v->s) : NULL;
	if (v && !s)
		bad(d, "out of memory");
	return s;
}

/* A whole number from 0 up, or -1 when missing or null. */
static long long take_ll(struct rd *d, const char *k, enum need need)
{
	const struct jv *v = member(d, k, J_NUM, need);
	char *end;
	if (!v)
		return -1;
	errno = 0;
	long long x = strtoll(v->s, &end, 10);
	if (*end || errno || x < 0) {
		bad(d, "member '%s' is %s, not a whole number from 0 up", k, v->s);
		return -1;
	}
	return x;
}

static double take_num(struct rd *d, const char *k, enum need need)
{
	const struct jv *v = member(d, k, J_NUM, need);
	if (!v)
		return -1;
	double x = strtod(v->s, NULL);
	if (!(x >= 0) || x > 1e18) {
		bad(d, "member '%s' is %s, not a number from 0 up", k, v->s);
		return -1;
	}
	return x;
}

static int take_bool(struct rd *d, const char *k)
{
	const struct jv *v = member(d, k, J_BOOL, OPTIONAL);
	return v ? v->b : -1;
}

/* "2026-12-05T13:10:02Z" (UTC) into seconds since the epoch, or -1. */
static long long iso_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!end || *end || strlen(s) != 20)
		return -1;
	time_t t = timegm(&tm);
	return t < 0 ? -1 : (long long)t;
}

static void take_time(struct rd *d, const char *k, enum need need, char **s, long long *t)
{
	*s = take_str(d, k, need);
	*t = -1;
	if (*s && (*t = iso_time(*s)) < 0)
		bad(d, "member '%s' is '%s', not a time in UTC as YYYY-MM-DDTHH:MM:SSZ", k, *s);
}

/* S must be one of the NULL-terminated WORDS; the words in a message. */
static void one_of(struct rd *d, const char *k, const char *s, const char *const *words)
{
	char list[160] = "";
	if (!s)
		return;
	for (size_t i = 0; words[i]; i++) {
		if (strcmp(s, words[i]) == 0)
			return;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'",
			 i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
	}
	bad(d, "member '%s' is '%s', not %s", k, s, list);
}

static void take_disks(struct rd *d, struct history_record *r)
{
	const struct jv *a = member(d, "disks", J_ARR, OPTIONAL);
	if (!a || !a->n)
		return;
	if (!(r->disks = calloc(a->n, sizeof *r->disks))) {
		bad(d, "out of memory");
		return;
	}
	for (size_t i = 0; i < a->n && !d->failed; i++) {
		struct rd sub = { .obj = &a->items[i], .what = d->what, .len = d->len };
		struct history_disk *x = &r->disks[r->ndisks++];
		if (a->items[i].t != J_OBJ) {
			bad(d, "disks[%zu] is not an object", i);
			break;
		}
		x->disk = take_str(&sub, "disk", VALUE);
		x->datastore = take_str(&sub, "datastore", PRESENT);
		x->format = take_str(&sub, "format", PRESENT);
		if (sub.failed) {
			/* "disks[0]: member 'disk' is missing" */
			char inner[200];
			snprintf(inner, sizeof inner, "%s", d->what);
			bad(d, "disks[%zu]: %s", i, inner);
		}
	}
}

static void take_error(struct rd *d, struct history_record *r)
{
	const struct jv *e = member(d, "error", J_OBJ, OPTIONAL);
	if (!e)
		return;
	struct rd sub = { .obj = e, .what = d->what, .len = d->len };
	r->error = take_str(&sub, "message", VALUE);
	r->hint = take_str(&sub, "hint", OPTIONAL);
	if (sub.failed) {
		char inner[200];
		snprintf(inner, sizeof inner, "%s", d->what);
		bad(d, "error: %s", inner);
	}
}

static void take_record(struct rd *d, struct history_record *r)
{
	static const char *const kinds[] = { "compute", "storage", "both", NULL };
	long long format = take_ll(d, "history", VALUE);

	if (!d->failed && format != HISTORY_FORMAT) {
		bad(d, "record format %lld is not known (this virt-migrate reads format %d)", format,
		    HISTORY_FORMAT);
		return;
	}
	take_time(d, "started", VALUE, &r->started, &r->started_t);
	take_time(d, "ended", OPTIONAL, &r->ended, &r->ended_t);
	r->vm = take_str(d, "vm", VALUE);
	r->uuid = take_str(d, "uuid", OPTIONAL);
	r->source = take_str(d, "source", PRESENT);
	r->target = take_str(d, "target", PRESENT);
	r->kind = take_str(d, "kind", VALUE);
	one_of(d, "kind", r->kind, kinds);
	r->live = take_bool(d, "live");
	r->move = take_str(d, "move", OPTIONAL);
	r->priority = take_str(d, "priority", OPTIONAL);
	r->max_downtime_ms = take_ll(d, "max_downtime_ms", OPTIONAL);
	r->max_time_s = take_ll(d, "max_time_s", OPTIONAL);
	r->bandwidth_mibs = take_ll(d, "bandwidth_mibs", OPTIONAL);
	r->encrypt = take_str(d, "encrypt", OPTIONAL);
	r->encrypted = take_bool(d, "encrypted");
	/* records written before parallel streams have neither */
	r->connections = take_ll(d, "connections", OPTIONAL);
	r->compress = take_str(d, "compress", OPTIONAL);
	r->datastore = take_str(d, "datastore", OPTIONAL);
	r->format = take_str(d, "format", OPTIONAL);
	take_disks(d, r);
	const struct jv *f = get(d->obj, "forecast");
	if (f && f->t != J_NULL && !(r->forecast = strndup(d->line + f->from, f->to - f->from)))
		bad(d, "out of memory");
	r->seconds = take_num(d, "seconds", PRESENT);
	r->job_seconds = take_num(d, "job_seconds", OPTIONAL);
	r->downtime_ms = take_ll(d, "downtime_ms", OPTIONAL);
	r->data_bytes = take_ll(d, "data_bytes", OPTIONAL);
	r->iterations = take_ll(d, "iterations", OPTIONAL);
	r->throughput_bps = take_num(d, "throughput_bps", OPTIONAL);
	r->throughput_from = take_str(d, "throughput_from", OPTIONAL);
	r->outcome = take_str(d, "outcome", VALUE);
	if (r->outcome && !history_record_outcome_known(r->outcome))
		bad(d, "member 'outcome' is '%s', not 'done', 'rolled back', 'cancelled', 'failed' "
		    "or 'not started'", r->outcome);
	take_error(d, r);
	r->by = take_str(d, "by", OPTIONAL);
	r->pid = take_ll(d, "pid", OPTIONAL);
	r->tool_version = take_str(d, "tool_version", OPTIONAL);
}

int history_parse(const char *line, struct history_record *r, char *what, size_t len)
{
	struct jp p = { .text = line, .what = what, .len = len };
	struct jv root;
	char buf[16];

	memset(r, 0, sizeof *r);
	memset(&root, 0, sizeof root);
	what[0] = '\0';
	blanks(&p);
	if (line[p.at] != '{') {
		fail(&p, "a record is one JSON object, '{' ... '}'; found %s", here(&p, buf, sizeof buf));
		return -1;
	}
	if (value(&p, &root, 0) < 0) {
		jv_free(&root);
		return -1;
	}
	blanks(&p);
	if (line[p.at]) {
		fail(&p, "more after the record's closing '}': %s", here(&p, buf, sizeof buf));
		jv_free(&root);
		return -1;
	}
	struct rd d = { .obj = &root, .line = line, .what = what, .len = len };
	take_record(&d, r);
	jv_free(&root);
	if (d.failed) {
		history_record_free(r);
		return -1;
	}
	return 0;
}

/* engine/xmlget.c — a tiny XML reader for the documents libvirt returns.
 *
 * One pass over the text, no recursion while parsing (an explicit stack of
 * open elements, at most XML_DEPTH_MAX deep), every allocation checked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlget.h"

struct parser {
	const char *start;
	const char *p;
	char *err;
	size_t errlen;
};

struct textbuf {
	char *s;
	size_t len, cap;
};

static void fail(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct parser *ps, const char *fmt, ...)
{
	char what[200];
	va_list ap;
	int line = 1;

	for (const char *q = ps->start; q < ps->p; q++)
		if (*q == '\n')
			line++;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (ps->err && ps->errlen)
		snprintf(ps->err, ps->errlen, "XML line %d: %s.", line, what);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':'
		|| c >= 0x80;
}

static int is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static void skip_space(struct parser *ps)
{
	while (is_space(*ps->p))
		ps->p++;
}

static int starts(const struct parser *ps, const char *lit)
{
	return strncmp(ps->p, lit, strlen(lit)) == 0;
}

/* Skip the opening markup OPEN (at ps->p) and then past the next END;
 * -1 if the text ends first. */
static int skip_past(struct parser *ps, const char *open, const char *end, const char *what)
{
	const char *q = strstr(ps->p + strlen(open), end);
	if (!q) {
		fail(ps, "unterminated %s", what);
		return -1;
	}
	ps->p = q + strlen(end);
	return 0;
}

static int tb_add(struct textbuf *tb, const char *s, size_t n)
{
	if (tb->len + n + 1 > tb->cap) {
		size_t cap = tb->cap ? tb->cap : 64;
		char *grown;
		while (cap < tb->len + n + 1)
			cap *= 2;
		grown = realloc(tb->s, cap);
		if (!grown)
			return -1;
		tb->s = grown;
		tb->cap = cap;
	}
	memcpy(tb->s + tb->len, s, n);
	tb->len += n;
	tb->s[tb->len] = '\0';
	return 0;
}

static int tb_add_utf8(struct textbuf *tb, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return tb_add(tb, u, n);
}

/* Decode one entity or character reference at ps->p ('&'). */
static int decode_ref(struct parser *ps, struct textbuf *tb)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' },
		{ "apos;", '\'' }, { "quot;", '"' },
	};
	const char *q = ps->p + 1;

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		size_t n = strlen(named[i].name);
		if (strncmp(q, named[i].name, n) == 0) {
			ps->p = q + n;
			return tb_add(tb, &named[i].c, 1) < 0 ? -2 : 0;
		}
	}
	if (*q == '#') {
		unsigned long cp = 0;
		int base = 10, digits = 0;

		q++;
		if (*q == 'x') {
			base = 16;
			q++;
		}
		for (;; q++, digits++) {
			int d;
			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (base == 16 && *q >= 'a' && *q <= 'f')
				d = *q - 'a' + 10;
			else if (base == 16 && *q >= 'A' && *q <= 'F')
				d = *q - 'A' + 10;
			else
				break;
			cp = cp * (unsigned long)base + (unsigned long)d;
			if (cp > 0x10FFFF)
				break;
		}
		if (digits > 0 && *q == ';' && cp != 0 && cp <= 0x10FFFF
		    && !(cp >= 0xD800 && cp <= 0xDFFF)) {
			ps->p = q + 1;
			return tb_add_utf8(tb, cp) < 0 ? -2 : 0;
		}
	}
	fail(ps, "unknown or malformed entity reference");
	return -1;
}

/* Character data up to the next '<' (or, in an attribute, up to QUOTE),
 * decoded, appended to TB.  Returns 0, -1 (malformed), -2 (memory). */
static int read_chars(struct parser *ps, struct textbuf *tb, char quote)
{
	while (*ps->p && *ps->p != '<' && *ps->p != quote) {
		const char *run = ps->p;
		int rc;

		while (*ps->p && *ps->p != '<' && *ps->p != quote && *ps->p != '&'
		       && *ps->p != '\r' && !(quote && (*ps->p == '\n' || *ps->p == '\t')))
			ps->p++;
		if (ps->p > run && tb_add(tb, run, (size_t)(ps->p - run)) < 0)
			return -2;
		if (*ps->p == '&') {
			rc = decode_ref(ps, tb);
			if (rc < 0)
				return rc;
		} else if (*ps->p == '\r') {
			/* line ends become "\n" (a space in attributes) */
			ps->p++;
			if (*ps->p == '\n')
				ps->p++;
			if (tb_add(tb, quote ? " " : "\n", 1) < 0)
				return -2;
		} else if (quote && (*ps->p == '\n' || *ps->p == '\t')) {
			ps->p++;
			if (tb_add(tb, " ", 1) < 0)
				return -2;
		}
	}
	return 0;
}

static char *read_name(struct parser *ps)
{
	const char *s = ps->p;
	char *name;

	if (!is_name_start((unsigned char)*s)) {
		fail(ps, "expected a name");
		return NULL;
	}
	while (is_name_char((unsigned char)*ps->p))
		ps->p++;
	name = strndup(s, (size_t)(ps->p - s));
	if (!name)
		fail(ps, "out of memory");
	return name;
}

static void node_free(struct xml_node *n)
{
	while (n) {
		struct xml_node *next = n->next;
		node_free(n->child);
		for (size_t i = 0; i < n->nattrs; i++) {
			free(n->attrs[i].name);
			free(n->attrs[i].value);
		}
		free(n->attrs);
		free(n->name);
		free(n->text);
		free(n);
		n = next;
	}
}

void xml_free(struct xml_node *root)
{
	node_free(root);
}

static int add_attr(struct parser *ps, struct xml_node *n)
{
	struct textbuf value = { 0 };
	struct xml_attr *grown;
	char *name = NULL;
	char quote;
	int rc = -1;

	name = read_name(ps);
	if (!name)
		goto cleanup;
	for (size_t i = 0; i < n->nattrs; i++) {
		if (strcmp(n->attrs[i].name, name) == 0) {
			fail(ps, "attribute '%s' repeated in <%s>", name, n->name);
			goto cleanup;
		}
	}
	skip_space(ps);
	if (*ps->p != '=') {
		fail(ps, "expected '=' after attribute '%s'", name);
		goto cleanup;
	}
	ps->p++;
	skip_space(ps);
	quote = *ps->p;
	if (quote != '\'' && quote != '"') {
		fail(ps, "expected a quoted value for attribute '%s'", name);
		goto cleanup;
	}
	ps->p++;
	switch (tb_add(&value, "", 0) < 0 ? -2 : read_chars(ps, &value, quote)) {
	case -2:
		fail(ps, "out of memory");
		goto cleanup;
	case -1:
		goto cleanup;
	}
	if (*ps->p != quote) {
		fail(ps, "unterminated value of attribute '%s'", name);
		goto cleanup;
	}
	ps->p++;
	grown = realloc(n->attrs, (n->nattrs + 1) * sizeof(*grown));
	if (!grown) {
		fail(ps, "out of memory");
		goto cleanup;
	}
	n->attrs = grown;
	n->attrs[n->nattrs].name = name;
	n->attrs[n->nattrs].value = value.s;
	n->nattrs++;
	name = NULL;
	value.s = NULL;
	rc = 0;
cleanup:
	free(name);
	free(value.s);
	return rc;
}

/* Parse "<name attr='v' ...>" or ".../>" at ps->p.  Returns the new node,
 * *empty = 1 for a self-closed element; NULL on error. */
static struct xml_node *read_start_tag(struct parser *ps, int *empty)
{
	struct xml_node *n = calloc(1, sizeof(*n));

	if (!n) {
		fail(ps, "out of memory");
		return NULL;
	}
	ps->p++;	/* '<' */
	n->name = read_name(ps);
	if (!n->name)
		goto fail;
	for (;;) {
		int had_space = is_space(*ps->p);
		skip_space(ps);
		if (*ps->p == '>') {
			ps->p++;
			*empty = 0;
			break;
		}
		if (ps->p[0] == '/' && ps->p[1] == '>') {
			ps->p += 2;
			*empty = 1;
			break;
		}
		if (!had_space) {
			fail(ps, "malformed start tag <%s>", n->name);
			goto fail;
		}
		if (add_attr(ps, n) < 0)
			goto fail;
	}
	return n;
fail:
	node_free(n);
	return NULL;
}

/* Comments, processing instructions and white space between markup at the
 * top level.  DOCTYPE only when ALLOW_DOCTYPE. */
static int skip_misc(struct parser *ps, int allow_doctype)
{
	for (;;) {
		skip_space(ps);
		if (starts(ps, "<!--")) {
			if (skip_past(ps, "<!--", "-->", "comment") < 0)
				return -1;
		} else if (starts(ps, "<?")) {
			if (skip_past(ps, "<?", "?>", "processing instruction") < 0)
				return -1;
		} else if (allow_doctype && starts(ps, "<!DOCTYPE")) {
			const char *gt = strchr(ps->p, '>');
			const char *br = strchr(ps->p, '[');
			if (br && (!gt || br < gt)) {
				fail(ps, "DOCTYPE with an internal subset is not supported");
				return -1;
			}
			if (!gt) {
				fail(ps, "unterminated DOCTYPE");
				return -1;
			}
			ps->p = gt + 1;
		} else {
			return 0;
		}
	}
}

struct xml_node *xml_parse(const char *text, char *err, size_t errlen)
{
	struct parser ps = { text, text, err, errlen };
	struct xml_node *root = NULL;
	struct xml_node *open[XML_DEPTH_MAX];
	struct xml_node *last[XML_DEPTH_MAX];	/* last child of open[i] */
	struct textbuf text_of[XML_DEPTH_MAX];
	int depth = 0, empty = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!text) {
		fail(&ps, "no document");
		return NULL;
	}
	memset(text_of, 0, sizeof(text_of));
	if (strncmp(ps.p, "\xEF\xBB\xBF", 3) == 0)
		ps.p += 3;	/* byte order mark */
	if (skip_misc(&ps, 1) < 0)
		goto fail;
	if (*ps.p != '<') {
		fail(&ps, "expected the root element");
		goto fail;
	}
	root = read_start_tag(&ps, &empty);
	if (!root)
		goto fail;
	if (!empty) {
		open[0] = root;
		last[0] = NULL;
		depth = 1;
	}
	while (depth > 0) {
		struct xml_node *cur = open[depth - 1];
		struct textbuf *tb = &text_of[depth - 1];

		if (*ps.p == '\0') {
			fail(&ps, "the document ends inside <%s>", cur->name);
			goto fail;
		} else if (starts(&ps, "</")) {
			char *name;
			ps.p += 2;
			name = read_name(&ps);
			if (!name)
				goto fail;
			if (strcmp(name, cur->name) != 0) {
				fail(&ps, "</%s> closes <%s>", name, cur->name);
				free(name);
				goto fail;
			}
			free(name);
			skip_space(&ps);
			if (*ps.p != '>') {
				fail(&ps, "malformed end tag </%s>", cur->name);
				goto fail;
			}
			ps.p++;
			cur->text = tb->s;
			tb->s = NULL;
			tb->len = tb->cap = 0;
			depth--;
		} else if (starts(&ps, "<!--")) {
			if (skip_past(&ps, "<!--", "-->", "comment") < 0)
				goto fail;
		} else if (starts(&ps, "<![CDATA[")) {
			const char *s = ps.p + 9;
			if (skip_past(&ps, "<![CDATA[", "]]>", "CDATA section") < 0)
				goto fail;
			if (tb_add(tb, s, (size_t)(ps.p - 3 - s)) < 0) {
				fail(&ps, "out of memory");
				goto fail;
			}
		} else if (starts(&ps, "<?")) {
			if (skip_past(&ps, "<?", "?>", "processing instruction") < 0)
				goto fail;
		} else if (starts(&ps, "<!")) {
			fail(&ps, "unexpected markup declaration inside <%s>", cur->name);
			goto fail;
		} else if (*ps.p == '<') {
			struct xml_node *n = read_start_tag(&ps, &empty);
			if (!n)
				goto fail;
			n->parent = cur;
			if (last[depth - 1])
				last[depth - 1]->next = n;
			else
				cur->child = n;
			last[depth - 1] = n;
			if (empty)
				continue;
			if (depth >= XML_DEPTH_MAX) {
				fail(&ps, "elements nested deeper than %d", XML_DEPTH_MAX);
				goto fail;
			}
			open[depth] = n;
			last[depth] = NULL;
			depth++;
		} else {
			int rc = read_chars(&ps, tb, '\0');
			if (rc == -2)
				fail(&ps, "out of memory");
			if (rc < 0)
				goto fail;
		}
	}
	if (skip_misc(&ps, 0) < 0)
		goto fail;
	if (*ps.p != '\0') {
		fail(&ps, "content after the root element");
		goto fail;
	}
	/* Elements that had no text get "" so callers never see NULL. */
	for (struct xml_node *n = root; n; n = xml_next(n)) {
		if (!n->text) {
			n->text = strdup("");
			if (!n->text) {
				fail(&ps, "out of memory");
				goto fail;
			}
		}
	}
	return root;
fail:
	for (int i = 0; i < XML_DEPTH_MAX; i++)
		free(text_of[i].s);
	node_free(root);
	return NULL;
}

const struct xml_node *xml_child(const struct xml_node *n, const char *name)
{
	if (!n)
		return NULL;
	for (const struct xml_node *c = n->child; c; c = c->next)
		if (!name || strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const struct xml_node *xml_next_same(const struct xml_node *n)
{
	if (!n)
		return NULL;
	for (const struct xml_node *c = n->next; c; c = c->next)
		if (strcmp(c->name, n->name) == 0)
			return c;
	return NULL;
}

const struct xml_node *xml_find(const struct xml_node *n, const char *path)
{
	char step[128];

	while (n && path && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		if (len == 0 || len >= sizeof(step))
			return NULL;
		memcpy(step, path, len);
		step[len] = '\0';
		n = xml_child(n, step);
		path = slash ? slash + 1 : path + len;
	}
	return n;
}

const char *xml_attr(const struct xml_node *n, const char *name)
{
	if (!n || !name)
		return NULL;
	for (size_t i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return n->attrs[i].value;
	return NULL;
}

char *xml_get(const struct xml_node *n, const char *path, const char *attr)
{
	const struct xml_node *at = xml_find(n, path);
	const char *s, *e;

	if (!at)
		return NULL;
	if (attr) {
		s = xml_attr(at, attr);
		return s ? strdup(s) : NULL;
	}
	s = at->text ? at->text : "";
	while (is_space(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_space(e[-1]))
		e--;
	return e > s ? strndup(s, (size_t)(e - s)) : NULL;
}

unsigned long long xml_get_ull(const struct xml_node *n, const char *path,
			       unsigned long long def)
{
	char *s = xml_get(n, path, NULL);
	unsigned long long v = def;

	if (s && s[0] >= '0' && s[0] <= '9') {
		char *end;
		unsigned long long x;
		errno = 0;
		x = strtoull(s, &end, 10);
		if (*end == '\0' && errno == 0)
			v = x;
	}
	free(s);
	return v;
}

struct xml_node *xml_next(struct xml_node *n)
{
	if (n && n->child)
		return n->child;
	while (n && !n->next)
		n = n->parent;
	return n ? n->next : NULL;
}

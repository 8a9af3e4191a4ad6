/* engine/journal_parse.c — reading one journal back (the format:
 * journal.c), strictly: a line it cannot read makes the whole journal
 * unreadable, with the line and what was wrong with it. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal_int.h"

static int vol_add(struct journal_vol **v, size_t *n, const char *host, const char *pool,
		   const char *path)
{
	struct journal_vol *nv = realloc(*v, (*n + 1) * sizeof **v);
	if (!nv)
		return -1;
	*v = nv;
	nv[*n].host = strdup(host);
	nv[*n].pool = strdup(pool);
	nv[*n].path = strdup(path);
	(*n)++;
	return nv[*n - 1].host && nv[*n - 1].pool && nv[*n - 1].path ? 0 : -1;
}

/* Replace *dst by a copy of S. */
static int set(char **dst, const char *s)
{
	free(*dst);
	*dst = strdup(s);
	return *dst ? 0 : -1;
}

int journal_bad_at(struct journal_bad *b, int line, const char *fmt, ...)
{
	va_list ap;
	b->line = line;
	va_start(ap, fmt);
	vsnprintf(b->what, sizeof b->what, fmt, ap);
	va_end(ap);
	return -1;
}

/* Every record the tool writes: its name, how many fields follow it, and
 * whether it is a header line (at most once). */
static const struct record {
	const char *name;
	int nfields;
	int once;
} records[] = {
	{ "started", 2, 1 }, { "vm", 1, 1 }, { "uuid", 1, 1 }, { "kind", 2, 1 },
	{ "source", 1, 1 }, { "target", 1, 1 }, { "delete-source", 1, 1 },
	{ "source-disk", 2, 0 }, { "volume", 3, 0 }, { "defined", 1, 0 },
	{ "undefined", 1, 0 }, { "end", 1, 1 },
};
#define NRECORDS (sizeof records / sizeof records[0])
#define MAXFIELDS 4

static const struct record *record_find(const char *name)
{
	for (size_t i = 0; i < NRECORDS; i++)
		if (strcmp(name, records[i].name) == 0)
			return &records[i];
	return NULL;
}

static int is_number(const char *s)
{
	if (!*s || strlen(s) > 18)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* 8-4-4-4-12 hexadecimal digits, as libvirt writes a UUID. */
static int is_uuid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int one_of(const char *s, const char *a, const char *b, const char *c)
{
	return strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0);
}

/* Split LINE in place into its record name and fields (F[0] is the name):
 * the number of pieces, or -1 (with B set) on a byte the tool escapes. */
static int split_line(char *line, int lineno, char *f[], struct journal_bad *b)
{
	int n = 0;
	if (!*line)
		return journal_bad_at(b, lineno, "an empty line");
	for (char *p = line; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch != ' ' && (ch < ' ' || ch == 0x7f))
			return journal_bad_at(b, lineno, "a raw control byte 0x%02X (the tool writes them "
				      "%%-escaped)", ch);
	}
	for (char *p = line; p; n++) {
		if (n == MAXFIELDS + 1)
			return journal_bad_at(b, lineno, "more fields than any record has");
		f[n] = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
	}
	return n;
}

/* The values of record R's fields (escapes undone) that must have a form. */
static int check_values(const struct record *r, char *f[], int lineno, struct journal_bad *b)
{
	const char *name = r->name;
	if (strcmp(name, "started") == 0 && (!is_number(f[1]) || !is_number(f[2])))
		return journal_bad_at(b, lineno, "'started' needs a time and a process id in decimal");
	if (strcmp(name, "uuid") == 0 && !is_uuid(f[1]))
		return journal_bad_at(b, lineno, "'uuid' is not a UUID");
	if (strcmp(name, "kind") == 0 &&
	    (!one_of(f[1], "compute", "storage", "both") || !one_of(f[2], "live", "cold", NULL)))
		return journal_bad_at(b, lineno, "'kind' needs compute, storage or both, then live or cold");
	if (strcmp(name, "delete-source") == 0 && !one_of(f[1], "0", "1", NULL))
		return journal_bad_at(b, lineno, "'delete-source' needs 0 or 1");
	/* every field but a volume's pool names something */
	for (int i = 1; i <= r->nfields; i++)
		if (!f[i][0] && !(strcmp(name, "volume") == 0 && i == 2))
			return journal_bad_at(b, lineno, "field %d of '%s' is empty", i, name);
	return 0;
}

/* Put record R's values into E. 0, or -1 out of memory. */
static int store(struct journal_entry *e, const struct record *r, char *f[])
{
	const char *name = r->name;
	if (strcmp(name, "started") == 0) {
		e->started = strtoll(f[1], NULL, 10);
		e->pid = strtol(f[2], NULL, 10);
		return 0;
	}
	if (strcmp(name, "kind") == 0) {
		e->live = strcmp(f[2], "live") == 0;
		return set(&e->kind, f[1]);
	}
	if (strcmp(name, "delete-source") == 0) {
		e->delete_source = f[1][0] == '1';
		return 0;
	}
	if (strcmp(name, "source-disk") == 0)
		return vol_add(&e->srcdisks, &e->nsrcdisks, f[1], "", f[2]);
	if (strcmp(name, "volume") == 0)
		return vol_add(&e->vols, &e->nvols, f[1], f[2], f[3]);
	if (strcmp(name, "defined") == 0)
		e->defined_target = 1;
	if (strcmp(name, "undefined") == 0)
		e->undefined_source = 1;
	char **dst = strcmp(name, "vm") == 0 ? &e->vm : strcmp(name, "uuid") == 0 ? &e->uuid :
		     strcmp(name, "source") == 0 ? &e->source :
		     strcmp(name, "target") == 0 ? &e->target :
		     strcmp(name, "end") == 0 ? &e->end : NULL;
	return dst ? set(dst, f[1]) : 0;
}

/* One line after the first: a known record, its fields escaped as the tool
 * writes them, a header line once, nothing after 'end'. */
static int parse_line(char *line, int lineno, struct journal_entry *e, unsigned *seen,
		      struct journal_bad *b)
{
	char *f[MAXFIELDS + 1] = { 0 };
	int n = split_line(line, lineno, f, b);
	if (n < 0)
		return -1;
	const struct record *r = record_find(f[0]);
	if (!r)
		return journal_bad_at(b, lineno, "an unknown record '%.40s'", f[0]);
	if (n - 1 != r->nfields)
		return journal_bad_at(b, lineno, "'%s' with %d field%s; it has %d", r->name, n - 1,
			      n == 2 ? "" : "s", r->nfields);
	if (e->end)
		return journal_bad_at(b, lineno, "'%s' after the 'end' line", r->name);
	unsigned bit = 1u << (r - records);
	if (r->once && (*seen & bit))
		return journal_bad_at(b, lineno, "a second '%s' line", r->name);
	*seen |= bit;
	for (int i = 1; i < n; i++)
		if (journal_unescape(f[i]) < 0)
			return journal_bad_at(b, lineno, "a bad %%-escape in field %d of '%s'", i, r->name);
	if (check_values(r, f, lineno, b) < 0)
		return -1;
	return store(e, r, f) < 0 ? journal_bad_at(b, 0, "out of memory") : 0;
}

/* Every header line (the records before 'source-disk' in the table) was
 * seen. */
static int header_complete(unsigned seen, struct journal_bad *b)
{
	for (size_t i = 0; i < NRECORDS && records[i].once; i++)
		if (!(seen & (1u << i)))
			return journal_bad_at(b, 0, "it has no '%s' line (its header is cut short)",
				      records[i].name);
	return 0;
}

static int first_line(const char *line, struct journal_bad *b)
{
	return strcmp(line, JOURNAL_MAGIC) == 0 ? 0 : journal_bad_at(b, 1, "it does not begin with '" JOURNAL_MAGIC "'");
}

/* The whole of TEXT, strictly: -1 with B naming the first line it could not
 * read, and why. */
static int parse_text(const char *text, struct journal_entry *e, struct journal_bad *b)
{
	size_t len = strlen(text);
	int lines = 0, rc = -1;
	unsigned seen = 0;

	memset(e, 0, sizeof *e);
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	if (len == 0)
		return journal_bad_at(b, 0, "the file is empty (the run that made it stopped before it "
			      "wrote a line)");
	if (text[len - 1] != '\n')
		return journal_bad_at(b, lines + 1, "the last line has no newline: its write was cut "
			      "short (a torn journal)");
	char *copy = strdup(text);
	if (!copy)
		return journal_bad_at(b, 0, "out of memory");
	char *line = copy;
	for (int lineno = 1; lineno <= lines; lineno++) {
		char *nl = strchr(line, '\n');
		*nl = '\0';
		if ((lineno == 1 ? first_line(line, b) : parse_line(line, lineno, e, &seen, b)) < 0)
			goto out;
		line = nl + 1;
	}
	rc = header_complete(seen, b);
out:
	free(copy);
	if (rc < 0)
		journal_entry_free(e);
	return rc;
}

int journal_parse(const char *text, struct journal_entry *e, struct vm_error *err)
{
	struct journal_bad b;
	if (parse_text(text, e, &b) == 0)
		return 0;
	if (b.line)
		vm_error_set(err, "Journal line %d: %s.", b.line, b.what);
	else
		vm_error_set(err, "Journal: %s.", b.what);
	return -1;
}

/* The whole file FD, NUL-terminated, or NULL with B set. */
static char *read_file(int fd, struct journal_bad *b)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t got = 0;
	while (buf && (got = read(fd, buf + n, cap - n - 1)) > 0) {
		n += (size_t)got;
		if (n + 1 < cap)
			continue;
		if (cap >= JOURNAL_MAX) {
			free(buf);
			journal_bad_at(b, 0, "it is larger than %d bytes", JOURNAL_MAX);
			return NULL;
		}
		char *nb = realloc(buf, cap * 2);
		if (!nb)
			free(buf);
		buf = nb;
		cap *= 2;
	}
	if (!buf || got < 0) {
		journal_bad_at(b, 0, "%s", buf ? strerror(errno) : "out of memory");
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	const char *nul = memchr(buf, '\0', n);
	if (nul) {
		int line = 1;
		for (const char *p = buf; p < nul; p++)
			line += *p == '\n';
		free(buf);
		journal_bad_at(b, line, "a NUL byte");
		return NULL;
	}
	return buf;
}

int journal_parse_file(const char *path, struct journal_entry *e, struct journal_bad *b)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return journal_bad_at(b, 0, "it cannot be opened: %s", strerror(errno));
	char *text = read_file(fd, b);
	close(fd);
	int rc = text ? parse_text(text, e, b) : -1;
	free(text);
	if (rc == 0 && !(e->file = strdup(path))) {
		journal_entry_free(e);
		return journal_bad_at(b, 0, "out of memory");
	}
	return rc;
}

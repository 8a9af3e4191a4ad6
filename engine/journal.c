/* engine/journal.c — the journal of migrations: one small text file per
 * migration under the state directory, a line per step, synced as written,
 * so that a run killed at any point leaves an exact record of what it had
 * made on each host.  recover.c reads it back.
 *
 *   virt-migrate journal 1
 *   started EPOCH PID
 *   vm NAME
 *   uuid UUID
 *   kind compute|storage|both live|cold
 *   source HOST
 *   target HOST
 *   delete-source 0|1
 *   source-disk HOST PATH         (a disk the migration moves away)
 *   volume HOST POOL PATH         (a volume it created)
 *   defined HOST                  (the VM was registered there)
 *   undefined HOST                (the VM was removed from there)
 *   end OUTCOME
 *
 * Fields are separated by one space; bytes below '!', 0x7f and '%' are
 * written as %XX, so a name with spaces or newlines stays one field.  The
 * header is written whole under a hidden name, then renamed into place;
 * each later line is one write.  So the reader is strict: a line it cannot
 * read (an unknown record, a field out of form, a bad escape, a last line
 * without its newline) makes the whole journal unreadable, and
 * journal_list() then returns none at all, so that recover acts on nothing
 * until the operator has looked. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal_int.h"

#define MAGIC "virt-migrate journal 1"
#define JOURNAL_MAX (1024 * 1024)

struct journal {
	int fd;
	char *path;
	char *target;		/* the host new volumes are made on */
};

static _Thread_local struct journal *current;

char *journal_state_dir(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *dir = NULL;
	if (state && state[0] == '/') {
		if (asprintf(&dir, "%s/virt-migrate", state) < 0)
			return NULL;
	} else if (home && home[0] == '/') {
		if (asprintf(&dir, "%s/.local/state/virt-migrate", home) < 0)
			return NULL;
	}
	return dir;
}

char *journal_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(s) * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || *p == '%') {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int journal_unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p != '%') {
			*o++ = *p;
			continue;
		}
		int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);
		if (h < 0 || l < 0 || (h == 0 && l == 0))
			return -1;
		*o++ = (char)(h * 16 + l);
		p += 2;
	}
	*o = '\0';
	return 0;
}

static void vols_free(struct journal_vol *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].host);
		free(v[i].pool);
		free(v[i].path);
	}
	free(v);
}

void journal_entry_free(struct journal_entry *e)
{
	if (!e)
		return;
	free(e->file);
	free(e->vm);
	free(e->uuid);
	free(e->kind);
	free(e->source);
	free(e->target);
	free(e->end);
	vols_free(e->vols, e->nvols);
	vols_free(e->srcdisks, e->nsrcdisks);
	memset(e, 0, sizeof *e);
}

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

/* What the reader could not read: the line (0 for the file as a whole) and
 * a phrase saying what was wrong with it. */
struct bad {
	int line;
	char what[200];
};

static int bad_at(struct bad *b, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad_at(struct bad *b, int line, const char *fmt, ...)
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
		if (dash ? s[i] != '-' : hexval(s[i]) < 0)
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
static int split_line(char *line, int lineno, char *f[], struct bad *b)
{
	int n = 0;
	if (!*line)
		return bad_at(b, lineno, "an empty line");
	for (char *p = line; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch != ' ' && (ch < ' ' || ch == 0x7f))
			return bad_at(b, lineno, "a raw control byte 0x%02X (the tool writes them "
				      "%%-escaped)", ch);
	}
	for (char *p = line; p; n++) {
		if (n == MAXFIELDS + 1)
			return bad_at(b, lineno, "more fields than any record has");
		f[n] = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
	}
	return n;
}

/* The values of record R's fields (escapes undone) that must have a form. */
static int check_values(const struct record *r, char *f[], int lineno, struct bad *b)
{
	const char *name = r->name;
	if (strcmp(name, "started") == 0 && (!is_number(f[1]) || !is_number(f[2])))
		return bad_at(b, lineno, "'started' needs a time and a process id in decimal");
	if (strcmp(name, "uuid") == 0 && !is_uuid(f[1]))
		return bad_at(b, lineno, "'uuid' is not a UUID");
	if (strcmp(name, "kind") == 0 &&
	    (!one_of(f[1], "compute", "storage", "both") || !one_of(f[2], "live", "cold", NULL)))
		return bad_at(b, lineno, "'kind' needs compute, storage or both, then live or cold");
	if (strcmp(name, "delete-source") == 0 && !one_of(f[1], "0", "1", NULL))
		return bad_at(b, lineno, "'delete-source' needs 0 or 1");
	/* every field but a volume's pool names something */
	for (int i = 1; i <= r->nfields; i++)
		if (!f[i][0] && !(strcmp(name, "volume") == 0 && i == 2))
			return bad_at(b, lineno, "field %d of '%s' is empty", i, name);
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
		      struct bad *b)
{
	char *f[MAXFIELDS + 1] = { 0 };
	int n = split_line(line, lineno, f, b);
	if (n < 0)
		return -1;
	const struct record *r = record_find(f[0]);
	if (!r)
		return bad_at(b, lineno, "an unknown record '%.40s'", f[0]);
	if (n - 1 != r->nfields)
		return bad_at(b, lineno, "'%s' with %d field%s; it has %d", r->name, n - 1,
			      n == 2 ? "" : "s", r->nfields);
	if (e->end)
		return bad_at(b, lineno, "'%s' after the 'end' line", r->name);
	unsigned bit = 1u << (r - records);
	if (r->once && (*seen & bit))
		return bad_at(b, lineno, "a second '%s' line", r->name);
	*seen |= bit;
	for (int i = 1; i < n; i++)
		if (journal_unescape(f[i]) < 0)
			return bad_at(b, lineno, "a bad %%-escape in field %d of '%s'", i, r->name);
	if (check_values(r, f, lineno, b) < 0)
		return -1;
	return store(e, r, f) < 0 ? bad_at(b, 0, "out of memory") : 0;
}

/* Every header line (the records before 'source-disk' in the table) was
 * seen. */
static int header_complete(unsigned seen, struct bad *b)
{
	for (size_t i = 0; i < NRECORDS && records[i].once; i++)
		if (!(seen & (1u << i)))
			return bad_at(b, 0, "it has no '%s' line (its header is cut short)",
				      records[i].name);
	return 0;
}

static int first_line(const char *line, struct bad *b)
{
	return strcmp(line, MAGIC) == 0 ? 0 : bad_at(b, 1, "it does not begin with '" MAGIC "'");
}

/* The whole of TEXT, strictly: -1 with B naming the first line it could not
 * read, and why. */
static int parse_text(const char *text, struct journal_entry *e, struct bad *b)
{
	size_t len = strlen(text);
	int lines = 0, rc = -1;
	unsigned seen = 0;

	memset(e, 0, sizeof *e);
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	if (len == 0)
		return bad_at(b, 0, "the file is empty (the run that made it stopped before it "
			      "wrote a line)");
	if (text[len - 1] != '\n')
		return bad_at(b, lines + 1, "the last line has no newline: its write was cut "
			      "short (a torn journal)");
	char *copy = strdup(text);
	if (!copy)
		return bad_at(b, 0, "out of memory");
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
	struct bad b;
	if (parse_text(text, e, &b) == 0)
		return 0;
	if (b.line)
		vm_error_set(err, "Journal line %d: %s.", b.line, b.what);
	else
		vm_error_set(err, "Journal: %s.", b.what);
	return -1;
}

/* Sync directory PATH, so that the names made or removed in it outlast a
 * crash.  0, or -1 with errno. */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd), saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* Sync the directory that holds PATH. */
static int sync_parent(const char *path)
{
	char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
	int rc;
	if (!slash) {
		free(dir);
		errno = dir ? EINVAL : ENOMEM;
		return -1;
	}
	slash[slash == dir] = '\0';	/* "/x" keeps its "/" */
	rc = sync_dir(dir);
	free(dir);
	return rc;
}

/* Make directory PATH (0700) unless it is there; a directory just made is
 * synced into its parent.  0, or -1 with errno. */
static int make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0)
		return sync_parent(path);
	return errno == EEXIST ? 0 : -1;
}

/* DIR/SUB, created 0700 when missing; it must be a real directory. */
static char *subdir(const char *dir, const char *sub, int create, struct vm_error *err)
{
	char *path = NULL;
	struct stat st;
	if (asprintf(&path, "%s/%s", dir, sub) < 0) {
		vm_error_set(err, "Out of memory.");
		return NULL;
	}
	if (create) {
		/* its parents (~/.local/state) may be missing too: failures
		 * there show when the state directory itself is made */
		char *p = strdup(dir);
		for (char *s = p ? strchr(p + 1, '/') : NULL; s; s = strchr(s + 1, '/')) {
			*s = '\0';
			make_dir(p);
			*s = '/';
		}
		free(p);
		const char *parts[2] = { dir, path };
		for (int i = 0; i < 2; i++) {
			if (make_dir(parts[i]) < 0) {
				vm_error_set(err, "The directory %s could not be made: %s.", parts[i],
					     strerror(errno));
				free(path);
				return NULL;
			}
		}
	}
	if (lstat(path, &st) < 0) {
		if (create || errno != ENOENT)
			vm_error_set(err, "The directory %s cannot be used: %s.", path, strerror(errno));
		else
			vm_error_clear(err);
		free(path);
		return NULL;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
		vm_error_set(err, "%s is not a directory of this user (a symbolic link, or another "
			     "user's); it is not used.", path);
		free(path);
		return NULL;
	}
	return path;
}

static char *journal_path(const char *uuid, int create, struct vm_error *err)
{
	char *dir = journal_state_dir(), *jdir = NULL, *path = NULL;
	if (!dir) {
		vm_error_set(err, "There is no state directory: neither XDG_STATE_HOME nor HOME is "
			     "an absolute path.");
		return NULL;
	}
	jdir = subdir(dir, "journal", create, err);
	if (jdir && asprintf(&path, "%s/%s.journal", jdir, uuid) < 0)
		path = NULL;
	free(jdir);
	free(dir);
	return path;
}

int journal_pending(const char *uuid)
{
	struct vm_error err;
	struct stat st;
	char *path = journal_path(uuid, 0, &err);
	int there = path && lstat(path, &st) == 0;
	free(path);
	return there;
}

/* The whole file FD, NUL-terminated, or NULL with B set. */
static char *read_file(int fd, struct bad *b)
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
			bad_at(b, 0, "it is larger than %d bytes", JOURNAL_MAX);
			return NULL;
		}
		char *nb = realloc(buf, cap * 2);
		if (!nb)
			free(buf);
		buf = nb;
		cap *= 2;
	}
	if (!buf || got < 0) {
		bad_at(b, 0, "%s", buf ? strerror(errno) : "out of memory");
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
		bad_at(b, line, "a NUL byte");
		return NULL;
	}
	return buf;
}

/* The journal file PATH into E (E->file set). 0, or -1 with B. */
static int read_entry(const char *path, struct journal_entry *e, struct bad *b)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return bad_at(b, 0, "it cannot be opened: %s", strerror(errno));
	char *text = read_file(fd, b);
	close(fd);
	int rc = text ? parse_text(text, e, b) : -1;
	free(text);
	if (rc == 0 && !(e->file = strdup(path))) {
		journal_entry_free(e);
		return bad_at(b, 0, "out of memory");
	}
	return rc;
}

static void entries_free(struct journal_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		journal_entry_free(&e[i]);
	free(e);
}

/* The refusal when NBAD journals under JDIR cannot be read, the first
 * being PATH for the reason B. */
static void refuse(struct vm_error *err, const char *jdir, const char *path,
		   const struct bad *b, size_t nbad)
{
	char more[64] = "";
	if (nbad > 1)
		snprintf(more, sizeof more, " (and %zu other journal%s cannot be read)", nbad - 1,
			 nbad == 2 ? "" : "s");
	if (b->line)
		vm_error_set(err, "%s:%d: %s%s.", path, b->line, b->what, more);
	else
		vm_error_set(err, "%s: %s%s.", path, b->what, more);
	vm_error_hint(err, "No journal is acted on while one cannot be read: look at it and at "
		      "the hosts it names, then move it out of %s and run 'virt-migrate recover' "
		      "again.", jdir);
}

int journal_list(const char *dir, struct journal_entry **out, size_t *n, struct vm_error *err)
{
	char *state = dir ? strdup(dir) : journal_state_dir();
	char *jdir = NULL, *badpath = NULL;
	struct bad first = { 0, "" };
	size_t nbad = 0;
	DIR *d = NULL;
	struct dirent *de;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!state) {
		vm_error_set(err, "There is no state directory: neither XDG_STATE_HOME nor HOME is "
			     "an absolute path.");
		return -1;
	}
	vm_error_clear(err);
	jdir = subdir(state, "journal", 0, err);
	if (!jdir) {
		rc = err->message[0] ? -1 : 0;	/* no journal directory: nothing left */
		goto out;
	}
	d = opendir(jdir);
	if (!d) {
		vm_error_set(err, "%s cannot be read: %s.", jdir, strerror(errno));
		goto out;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 8 || strcmp(de->d_name + len - 8, ".journal") != 0)
			continue;
		char *path = NULL;
		struct journal_entry e;
		struct bad b = { 0, "" };
		if (asprintf(&path, "%s/%s", jdir, de->d_name) < 0) {
			vm_error_set(err, "Out of memory while reading the journals.");
			goto out;
		}
		if (read_entry(path, &e, &b) < 0) {
			engine_log("journal: %s cannot be read: line %d: %s", path, b.line, b.what);
			if (!nbad++ || strcmp(path, badpath) < 0) {
				free(badpath);
				badpath = path;
				first = b;
			} else {
				free(path);
			}
			continue;
		}
		free(path);
		struct journal_entry *grown = realloc(*out, (*n + 1) * sizeof **out);
		if (!grown) {
			journal_entry_free(&e);
			vm_error_set(err, "Out of memory while reading the journals.");
			goto out;
		}
		*out = grown;
		(*out)[(*n)++] = e;
	}
	if (nbad) {
		refuse(err, jdir, badpath, &first, nbad);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0) {
		entries_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	if (d)
		closedir(d);
	free(badpath);
	free(jdir);
	free(state);
	return rc;
}

int journal_remove(const struct journal_entry *e)
{
	if (!e->file || unlink(e->file) < 0)
		return -1;
	if (sync_parent(e->file) < 0)
		engine_log("journal: the removal of %s not synced: %s", e->file, strerror(errno));
	return 0;
}

/* Write LINE (with its newline) in one write, then sync the data. */
static int put_line(int fd, const char *line)
{
	size_t len = strlen(line);
	if (write(fd, line, len) != (ssize_t)len)
		return -1;
	return fdatasync(fd);
}

/* "STEP A B C\n": up to three fields (NULL ends them), each escaped. */
static char *step_line(const char *step, const char *a, const char *b, const char *c)
{
	const char *fields[3] = { a, b, c };
	size_t n = a ? (b ? (c ? 3 : 2) : 1) : 0, cap = strlen(step) + 2;
	char *esc[3] = { 0 }, *line = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!(esc[i] = journal_escape(fields[i] ? fields[i] : "")))
			goto out;
		cap += strlen(esc[i]) + 1;
	}
	if (!(line = malloc(cap)))
		goto out;
	strcpy(line, step);
	for (size_t i = 0; i < n; i++) {
		strcat(line, " ");
		strcat(line, esc[i]);
	}
	strcat(line, "\n");
out:
	for (size_t i = 0; i < 3; i++)
		free(esc[i]);
	return line;
}

static int write_step(struct journal *j, const char *step, const char *a, const char *b,
		      const char *c)
{
	char *line = step_line(step, a, b, c);
	int rc = line ? put_line(j->fd, line) : -1;
	if (rc < 0)
		engine_log("journal: %s: step '%s' not written: %s", j->path, step, strerror(errno));
	free(line);
	return rc;
}

/* Add the line of STEP to *BUF; on failure *BUF is freed and NULL. */
static void head_add(char **buf, const char *step, const char *a, const char *b, const char *c)
{
	char *line = *buf ? step_line(step, a, b, c) : NULL;
	char *grown = line ? realloc(*buf, strlen(*buf) + strlen(line) + 1) : NULL;
	if (grown)
		strcat(grown, line);
	else
		free(*buf);
	*buf = grown;
	free(line);
}

/* Every header line of H, for one write. malloc'd, or NULL. */
static char *format_header(const struct journal_entry *h)
{
	char num[64], pid[32], *head = strdup(MAGIC "\n");
	snprintf(num, sizeof num, "%lld", (long long)time(NULL));
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	head_add(&head, "started", num, pid, NULL);
	head_add(&head, "vm", h->vm, NULL, NULL);
	head_add(&head, "uuid", h->uuid, NULL, NULL);
	head_add(&head, "kind", h->kind, h->live ? "live" : "cold", NULL);
	head_add(&head, "source", h->source, NULL, NULL);
	head_add(&head, "target", h->target, NULL, NULL);
	head_add(&head, "delete-source", h->delete_source ? "1" : "0", NULL, NULL);
	for (size_t i = 0; i < h->nsrcdisks; i++)
		head_add(&head, "source-disk", h->srcdisks[i].host, h->srcdisks[i].path, NULL);
	return head;
}

/* Give the file TMP the name PATH, which must not exist: in one step where
 * the file system can, else by a second link.  0, or -1 with errno. */
static int publish(const char *tmp, const char *path)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
	if (link(tmp, path) < 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* Create the journal PATH holding HEAD whole: written and synced under a
 * hidden name that journal_list() skips, then named PATH, then the
 * directory synced, so that no reader ever sees a journal cut short.  The
 * open file (appending), or -1 with err. */
static int create_journal(const char *path, const char *head, struct vm_error *err)
{
	const char *base = strrchr(path, '/') + 1;
	char *tmp = NULL;
	int fd = -1;
	if (asprintf(&tmp, "%.*s.%s.XXXXXX", (int)(base - path), path, base) < 0) {
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	fd = mkostemp(tmp, O_APPEND | O_CLOEXEC);
	if (fd < 0 || put_line(fd, head) < 0 || publish(tmp, path) < 0) {
		vm_error_set(err, "The journal %s could not be created: %s.", path, strerror(errno));
		goto fail;
	}
	if (sync_parent(path) < 0) {
		vm_error_set(err, "The journal %s could not be synced into its directory: %s.", path,
			     strerror(errno));
		unlink(path);
		goto fail;
	}
	free(tmp);
	return fd;
fail:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	return -1;
}

int journal_begin(const struct journal_entry *h, struct journal **out, struct vm_error *err)
{
	struct journal *j = calloc(1, sizeof *j);
	char *head = NULL;
	*out = NULL;
	if (!j) {
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	j->fd = -1;
	j->path = journal_path(h->uuid, 1, err);
	if (!j->path)
		goto fail;
	if (!(head = format_header(h)) || !(j->target = strdup(h->target))) {
		vm_error_set(err, "Out of memory.");
		goto fail;
	}
	j->fd = create_journal(j->path, head, err);
	if (j->fd < 0)
		goto fail;
	free(head);
	current = j;
	*out = j;
	return 0;
fail:
	free(head);
	free(j->target);
	free(j->path);
	free(j);
	return -1;
}

void journal_note(const char *step, const char *a, const char *b, const char *c)
{
	if (current)
		write_step(current, step, a, b, c);
}

void journal_note_volume(const char *pool, const char *path)
{
	if (current)
		write_step(current, "volume", current->target ? current->target : "", pool, path);
}

void journal_finish(struct journal *j, const char *outcome, int keep)
{
	if (!j)
		return;
	write_step(j, "end", outcome, NULL, NULL);
	close(j->fd);
	if (!keep && (unlink(j->path) < 0 || sync_parent(j->path) < 0))
		engine_log("journal: %s not removed (or its removal not synced): %s", j->path,
			   strerror(errno));
	if (current == j)
		current = NULL;
	free(j->target);
	free(j->path);
	free(j);
}

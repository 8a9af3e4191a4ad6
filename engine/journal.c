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
 * written as %XX, so a name with spaces or newlines stays one field. */
#include <dirent.h>
#include <errno.h>
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

static int known_step(const char *step)
{
	static const char *const steps[] = {
		"started", "vm", "uuid", "kind", "source", "target", "delete-source",
		"source-disk", "volume", "defined", "undefined", "end", NULL,
	};
	for (size_t i = 0; steps[i]; i++)
		if (strcmp(step, steps[i]) == 0)
			return 1;
	return 0;
}

int journal_parse(const char *text, struct journal_entry *e, struct vm_error *err)
{
	char *copy = strdup(text), *save = NULL;
	int lineno = 0, rc = -1;

	memset(e, 0, sizeof *e);
	if (!copy) {
		vm_error_set(err, "Out of memory while reading a journal.");
		return -1;
	}
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5] = { 0 };
		int nf = 0, bad = 0;
		lineno++;
		if (lineno == 1) {
			if (strcmp(line, MAGIC) != 0) {
				vm_error_set(err, "This is not a virt-migrate journal (line 1).");
				goto out;
			}
			continue;
		}
		for (char *p = line; p && nf < 5; nf++) {
			f[nf] = p;
			p = strchr(p, ' ');
			if (p)
				*p++ = '\0';
		}
		for (int i = 1; i < nf; i++)
			if (journal_unescape(f[i]) < 0)
				bad = 1;
		if (bad) {
			vm_error_set(err, "Journal line %d has a bad %%-escape.", lineno);
			goto out;
		}
		const char *step = f[0];
		int ok = 0;
		if (strcmp(step, "started") == 0 && nf == 3) {
			e->started = strtoll(f[1], NULL, 10);
			e->pid = strtol(f[2], NULL, 10);
			ok = 1;
		} else if (strcmp(step, "vm") == 0 && nf == 2) {
			ok = set(&e->vm, f[1]) == 0;
		} else if (strcmp(step, "uuid") == 0 && nf == 2) {
			ok = set(&e->uuid, f[1]) == 0;
		} else if (strcmp(step, "kind") == 0 && nf == 3) {
			e->live = strcmp(f[2], "live") == 0;
			ok = set(&e->kind, f[1]) == 0;
		} else if (strcmp(step, "source") == 0 && nf == 2) {
			ok = set(&e->source, f[1]) == 0;
		} else if (strcmp(step, "target") == 0 && nf == 2) {
			ok = set(&e->target, f[1]) == 0;
		} else if (strcmp(step, "delete-source") == 0 && nf == 2) {
			e->delete_source = strcmp(f[1], "1") == 0;
			ok = 1;
		} else if (strcmp(step, "source-disk") == 0 && nf == 3) {
			ok = vol_add(&e->srcdisks, &e->nsrcdisks, f[1], "", f[2]) == 0;
		} else if (strcmp(step, "volume") == 0 && nf == 4) {
			ok = vol_add(&e->vols, &e->nvols, f[1], f[2], f[3]) == 0;
		} else if (strcmp(step, "defined") == 0 && nf == 2) {
			e->defined_target = 1;
			ok = 1;
		} else if (strcmp(step, "undefined") == 0 && nf == 2) {
			e->undefined_source = 1;
			ok = 1;
		} else if (strcmp(step, "end") == 0 && nf == 2) {
			ok = set(&e->end, f[1]) == 0;
		} else if (!known_step(step)) {
			ok = 1;	/* a step of a newer tool */
		}
		if (!ok) {
			vm_error_set(err, "Journal line %d ('%s') is malformed.", lineno, step);
			goto out;
		}
	}
	if (lineno == 0) {
		vm_error_set(err, "The journal is empty.");
		goto out;
	}
	if (!e->vm || !e->uuid || !e->kind || !e->source || !e->target) {
		vm_error_set(err, "The journal lacks one of its header lines (vm, uuid, kind, "
			     "source, target).");
		goto out;
	}
	rc = 0;
out:
	free(copy);
	if (rc < 0)
		journal_entry_free(e);
	return rc;
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
		/* the state directory itself, then SUB */
		const char *parts[2] = { dir, path };
		for (int i = 0; i < 2; i++) {
			if (i == 0) {
				/* its parents (~/.local/state) may be missing too */
				char *p = strdup(dir);
				for (char *s = p ? strchr(p + 1, '/') : NULL; s; s = strchr(s + 1, '/')) {
					*s = '\0';
					mkdir(p, 0700);
					*s = '/';
				}
				free(p);
			}
			if (mkdir(parts[i], 0700) < 0 && errno != EEXIST) {
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

static char *read_file(int fd, struct vm_error *err)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t got;
	while (buf && (got = read(fd, buf + n, cap - n - 1)) > 0) {
		n += (size_t)got;
		if (n + 1 == cap) {
			if (cap >= JOURNAL_MAX) {
				vm_error_set(err, "The journal is larger than %d bytes.", JOURNAL_MAX);
				free(buf);
				return NULL;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (!buf) {
		vm_error_set(err, "Out of memory while reading a journal.");
		return NULL;
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		vm_error_set(err, "The journal holds a NUL byte.");
		free(buf);
		return NULL;
	}
	return buf;
}

int journal_list(const char *dir, struct journal_entry **out, size_t *n, struct vm_error *err)
{
	char *state = dir ? strdup(dir) : journal_state_dir();
	char *jdir = NULL;
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
		if (asprintf(&path, "%s/%s", jdir, de->d_name) < 0)
			continue;
		struct vm_error perr;
		vm_error_clear(&perr);
		int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		char *text = fd >= 0 ? read_file(fd, &perr) : NULL;
		if (fd >= 0)
			close(fd);
		struct journal_entry e;
		if (!text || journal_parse(text, &e, &perr) < 0) {
			engine_log("journal: %s skipped: %s", path,
				   fd < 0 ? strerror(errno) : perr.message);
			free(text);
			free(path);
			continue;
		}
		free(text);
		e.file = path;
		struct journal_entry *grown = realloc(*out, (*n + 1) * sizeof **out);
		if (!grown) {
			journal_entry_free(&e);
			continue;
		}
		*out = grown;
		(*out)[(*n)++] = e;
	}
	rc = 0;
out:
	if (d)
		closedir(d);
	free(jdir);
	free(state);
	return rc;
}

int journal_remove(const struct journal_entry *e)
{
	return e->file ? unlink(e->file) : -1;
}

/* Write LINE (with its newline) in one write, then sync the data. */
static int put_line(int fd, const char *line)
{
	size_t len = strlen(line);
	if (write(fd, line, len) != (ssize_t)len)
		return -1;
	return fdatasync(fd);
}

/* "STEP F1 F2 F3\n", each field escaped. */
static char *format_line(const char *step, const char *const fields[], size_t n)
{
	size_t cap = strlen(step) + 2;
	char *esc[4] = { 0 };
	for (size_t i = 0; i < n && i < 4; i++) {
		esc[i] = journal_escape(fields[i] ? fields[i] : "");
		if (!esc[i]) {
			for (size_t k = 0; k < i; k++)
				free(esc[k]);
			return NULL;
		}
		cap += strlen(esc[i]) + 1;
	}
	char *line = malloc(cap);
	if (line) {
		strcpy(line, step);
		for (size_t i = 0; i < n && i < 4; i++) {
			strcat(line, " ");
			strcat(line, esc[i]);
		}
		strcat(line, "\n");
	}
	for (size_t i = 0; i < 4; i++)
		free(esc[i]);
	return line;
}

static int write_step(struct journal *j, const char *step, const char *a, const char *b,
		      const char *c)
{
	const char *fields[3] = { a, b, c };
	size_t n = a ? (b ? (c ? 3 : 2) : 1) : 0;
	char *line = format_line(step, fields, n);
	int rc = line ? put_line(j->fd, line) : -1;
	if (rc < 0)
		engine_log("journal: %s: step '%s' not written: %s", j->path, step, strerror(errno));
	free(line);
	return rc;
}

int journal_begin(const struct journal_entry *h, struct journal **out, struct vm_error *err)
{
	struct journal *j = calloc(1, sizeof *j);
	char num[64], pid[32];
	*out = NULL;
	if (!j) {
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	j->fd = -1;
	j->path = journal_path(h->uuid, 1, err);
	if (!j->path)
		goto fail;
	j->fd = open(j->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_APPEND, 0600);
	if (j->fd < 0) {
		vm_error_set(err, "The journal %s could not be created: %s.", j->path, strerror(errno));
		goto fail;
	}
	snprintf(num, sizeof num, "%lld", (long long)time(NULL));
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	int bad = put_line(j->fd, MAGIC "\n") < 0 ||
		  write_step(j, "started", num, pid, NULL) < 0 ||
		  write_step(j, "vm", h->vm, NULL, NULL) < 0 ||
		  write_step(j, "uuid", h->uuid, NULL, NULL) < 0 ||
		  write_step(j, "kind", h->kind, h->live ? "live" : "cold", NULL) < 0 ||
		  write_step(j, "source", h->source, NULL, NULL) < 0 ||
		  write_step(j, "target", h->target, NULL, NULL) < 0 ||
		  write_step(j, "delete-source", h->delete_source ? "1" : "0", NULL, NULL) < 0;
	for (size_t i = 0; !bad && i < h->nsrcdisks; i++)
		bad = write_step(j, "source-disk", h->srcdisks[i].host, h->srcdisks[i].path, NULL) < 0;
	if (bad) {
		vm_error_set(err, "The journal %s could not be written: %s.", j->path, strerror(errno));
		unlink(j->path);
		goto fail;
	}
	j->target = strdup(h->target);
	current = j;
	*out = j;
	return 0;
fail:
	if (j->fd >= 0)
		close(j->fd);
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
	if (!keep && unlink(j->path) < 0)
		engine_log("journal: %s not removed: %s", j->path, strerror(errno));
	if (current == j)
		current = NULL;
	free(j->target);
	free(j->path);
	free(j);
}

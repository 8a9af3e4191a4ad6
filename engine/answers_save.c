/* engine/answers_save.c — write answers files (answers.c reads them).
 *
 * Every value is checked first against what the reader would give back
 * (answers_valid_word), the kind against the plan's one rule
 * (plan_kind_check) and the numbers against its one table of limits
 * (plan_limit_check): a file written is a file that reads back as the same
 * plans.  It is written whole to a private file next to PATH, synced, then
 * renamed over PATH, and the directory synced. */
#include "answers.h"
#include "file.h"
#include "streams.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef VERSION
#define VERSION "unknown"
#endif

struct writer {
	char *buf;
	size_t len, cap;
	int oom;
};

static void put(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct writer *w, const char *fmt, ...)
{
	va_list ap;

	if (w->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(w->buf ? w->buf + w->len : NULL, w->buf ? w->cap - w->len : 0,
				  fmt, ap);
		va_end(ap);
		if (n < 0) {
			w->oom = 1;
			return;
		}
		if (w->buf && w->len + (size_t)n < w->cap) {
			w->len += (size_t)n;
			return;
		}
		size_t cap = (w->cap ? w->cap : 1024);
		while (cap <= w->len + (size_t)n)
			cap *= 2;
		char *b = realloc(w->buf, cap);
		if (!b) {
			w->oom = 1;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
}

/* A value that reads back as itself: FORBIDDEN characters are those that
 * would change its meaning where it stands. */
static int check_value(const struct plan *p, size_t index, const char *what, const char *s,
		       const char *forbidden, struct vm_error *err)
{
	if (answers_valid_word(s, forbidden))
		return 0;
	vm_error_set(err, "Migration %zu (VM '%s'): the %s '%s' cannot be written to an answers "
		     "file: it is empty, has blanks at an end, a control character or one of "
		     "\"%s\".", index + 1, p->vm ? p->vm : "?", what, s ? s : "", forbidden);
	vm_error_hint(err, "Rename it, or move this VM with 'virt-migrate move' instead.");
	return -1;
}

/* ERR's sentence after "Migration N: ", its hint kept. */
static int numbered(size_t i, struct vm_error *err)
{
	char hint[sizeof err->hint];

	snprintf(hint, sizeof hint, "%s", err->hint);
	vm_error_set(err, "Migration %zu: %s", i + 1, err->message);
	if (hint[0])
		vm_error_hint(err, "%s", hint);
	return -1;
}

static int check_plan(const struct plan *p, size_t i, struct vm_error *err)
{
	if (!p->vm) {
		vm_error_set(err, "Migration %zu has no VM: nothing to save.", i + 1);
		return -1;
	}
	if ((unsigned)p->kind >= PLAN_KIND_COUNT || (unsigned)p->format >= PLAN_FORMAT_COUNT ||
	    (unsigned)p->priority >= PLAN_PRIORITY_COUNT ||
	    (unsigned)p->encrypt >= PLAN_ENCRYPT_COUNT ||
	    (unsigned)p->compress >= PLAN_COMPRESS_COUNT ||
	    p->connections > STREAMS_MAX_CONNECTIONS) {
		vm_error_set(err, "Migration %zu (VM '%s') holds a value out of range.", i + 1, p->vm);
		return -1;
	}
	if (plan_limit_check(p, err) != 0)
		return numbered(i, err);
	if (check_value(p, i, "VM name", p->vm, "", err) != 0)
		return -1;
	if (p->target && check_value(p, i, "host name", p->target, "", err) != 0)
		return -1;
	if (p->from && check_value(p, i, "host name", p->from, "", err) != 0)
		return -1;
	if (p->datastore && check_value(p, i, "datastore", p->datastore, "", err) != 0)
		return -1;
	if (plan_kind_check(p, err) != PLAN_FAULT_NONE)
		return numbered(i, err);
	for (size_t d = 0; d < p->ndisks; d++) {
		if (check_value(p, i, "disk", p->disks[d].target, "=:", err) != 0 ||
		    (p->disks[d].datastore &&
		     check_value(p, i, "datastore", p->disks[d].datastore, "", err) != 0))
			return -1;
		if ((unsigned)p->disks[d].format >= PLAN_FORMAT_COUNT) {
			vm_error_set(err, "Migration %zu (VM '%s'): disk '%s' has no valid format.",
				     i + 1, p->vm, p->disks[d].target);
			return -1;
		}
		for (size_t e = 0; e < d; e++) {
			if (strcmp(p->disks[e].target, p->disks[d].target) == 0) {
				vm_error_set(err, "Migration %zu (VM '%s') names disk '%s' twice.",
					     i + 1, p->vm, p->disks[d].target);
				return -1;
			}
		}
	}
	for (size_t n = 0; n < p->nnets; n++) {
		if (check_value(p, i, "network", p->nets[n].from, "=", err) != 0 ||
		    check_value(p, i, "network", p->nets[n].to, "", err) != 0)
			return -1;
		for (size_t e = 0; e < n; e++) {
			if (strcmp(p->nets[e].from, p->nets[n].from) == 0) {
				vm_error_set(err, "Migration %zu (VM '%s') maps network '%s' twice.",
					     i + 1, p->vm, p->nets[n].from);
				return -1;
			}
		}
	}
	return 0;
}

/* Section names: the VM's name with anything unusual made '-', made unique
 * with "-2", "-3"... among NAMES[0..I). */
static char *section_for(const struct plan *p, char *const *names, size_t i)
{
	char base[128], *out = NULL;
	size_t n = 0;

	for (const char *c = p->vm; *c && n < sizeof base - 1; c++)
		base[n++] = ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			     (*c >= '0' && *c <= '9') || strchr("._-", *c)) ? *c : '-';
	base[n] = '\0';
	for (unsigned k = 1;; k++) {
		if (k == 1 ? !(out = strdup(base)) : asprintf(&out, "%s-%u", base, k) < 0)
			return NULL;
		size_t j;
		for (j = 0; j < i && strcmp(names[j], out) != 0; j++)
			;
		if (j == i)
			return out;
		free(out);
	}
}

static void put_plan(struct writer *w, const struct plan *p, const char *name)
{
	put(w, "\n[migration %s]\n", name);
	put(w, "vm = %s\n", p->vm);
	put(w, "kind = %s\n", plan_kind_name(p->kind));
	if (p->from)
		put(w, "from = %s\n", p->from);
	if (p->target)
		put(w, "host = %s\n", p->target);
	if (p->datastore)
		put(w, "datastore = %s\n", p->datastore);
	put(w, "format = %s\n", plan_format_name(p->format));
	for (size_t d = 0; d < p->ndisks; d++)
		put(w, "disk.%s = %s:%s\n", p->disks[d].target,
		    p->disks[d].datastore ? p->disks[d].datastore : "",
		    plan_format_name(p->disks[d].format));
	for (size_t n = 0; n < p->nnets; n++)
		put(w, "network.%s = %s\n", p->nets[n].from, p->nets[n].to);
	put(w, "priority = %s\n", plan_priority_name(p->priority));
	for (int l = 0; l < PLAN_LIMIT_COUNT; l++)
		put(w, "%s = %u\n", plan_limit_of(l)->key, plan_limit_get(p, l));
	put(w, "delete_source = %s\n", p->delete_source ? "yes" : "no");
	if (p->encrypt != PLAN_ENCRYPT_UNSET)
		put(w, "encrypt = %s\n", plan_encrypt_name(p->encrypt));
	if (p->connections)
		put(w, "connections = %u\n", p->connections);
	if (p->compress != PLAN_COMPRESS_UNSET)
		put(w, "compress = %s\n", plan_compress_name(p->compress));
}

/* Make the rename of a file into the directory of PATH durable: fsync the
 * directory.  File systems that cannot sync a directory say EINVAL. */
static int sync_dir_of(const char *path, struct vm_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) :
		    strdup(".");
	int rc = 0;

	if (!dir || (file_fsync_dir(dir) != 0 && errno != EINVAL)) {
		vm_error_set(err, "%s: written, but its directory %s could not be synced to disk: "
			     "%s", path, dir ? dir : "", dir ? strerror(errno) : "out of memory");
		vm_error_hint(err, "Check the file system, then save the answers again.");
		rc = -1;
	}
	free(dir);
	return rc;
}

static int write_atomically(const char *path, const char *buf, size_t len, struct vm_error *err)
{
	char *tmp = NULL;
	int fd = -1, rc = -1;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		vm_error_set(err, "%s: out of memory", path);
		return -1;
	}
	/* mkostemp creates the file (O_EXCL: never through a planted link), 0600 */
	fd = mkostemp(tmp, O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		vm_error_set(err, "%s: cannot create a file next to it: %s", path, strerror(errno));
		vm_error_hint(err, "Save the answers into a directory you can write to.");
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || file_write_all(fd, buf, len) != 0 || fsync(fd) != 0) {
		vm_error_set(err, "%s: cannot write: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		vm_error_set(err, "%s: cannot write: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	/* rename replaces PATH itself: a symbolic link there is replaced, never followed */
	if (rename(tmp, path) != 0) {
		vm_error_set(err, "%s: cannot replace it: %s", path, strerror(errno));
		vm_error_hint(err, "Give a path that is not a directory, in a directory you can "
			      "write to.");
		goto out;
	}
	free(tmp);
	return sync_dir_of(path, err);
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int answers_save(const char *path, const struct plan *plans, size_t n, const char *origin,
		 struct vm_error *err)
{
	struct writer w = { 0 };
	char **names = NULL;
	char when[64] = "";
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	vm_error_clear(err);
	if (!path || !path[0] || (!plans && n)) {
		vm_error_set(err, "No answers file name given.");
		return -1;
	}
	if (n == 0) {
		vm_error_set(err, "%s: no migration to save.", path);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (check_plan(&plans[i], i, err) != 0)
			return -1;
	if (origin && !answers_valid_word(origin, "")) {
		vm_error_set(err, "The origin of the answers ('%s') is not one printable line.", origin);
		return -1;
	}
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

	put(&w, "# virt-migrate answers file: replay with 'virt-migrate replay FILE'.\n");
	put(&w, ANSWERS_RECORDED_PREFIX "%s by virt-migrate %s%s%s\n", when, VERSION,
	    origin ? " from " : "", origin ? origin : "");
	put(&w, "# The format is in virt-migrate.conf(5), ANSWERS FILES.  No secrets are kept here:\n"
		"# keys and passwords stay with ssh.\n");
	names = calloc(n, sizeof *names);
	for (size_t i = 0; names && i < n; i++) {
		names[i] = section_for(&plans[i], names, i);
		if (!names[i]) {
			w.oom = 1;
			break;
		}
		put_plan(&w, &plans[i], names[i]);
	}
	if (w.oom || !names) {
		vm_error_set(err, "%s: out of memory", path);
		goto out;
	}
	rc = write_atomically(path, w.buf, w.len, err);
out:
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	free(w.buf);
	return rc;
}

/* engine/history.c — the history file, STATE/history.jsonl: one record a
 * line, appended by every migration, read by `virt-migrate history`.
 *
 * Appending: the file is opened O_APPEND (made 0600, never through a
 * symbolic link, never another user's), an exclusive flock is taken, and
 * the record goes out in one write(2), then is synced.  The flock is on the
 * open file, so the threads of one batch exclude each other as two
 * processes do; O_APPEND puts each line at the end whoever wrote last.  A
 * write cut short (a full disk) is taken back with ftruncate under the same
 * lock, so that the file never holds half a record; a file whose last line
 * lacks its newline (edited by hand) gets one before the record.
 *
 * Reading takes a shared flock and never writes: each line is parsed on its
 * own (history_parse.c), and a line that cannot be read is listed with its
 * number and skipped.  Records and their JSON: history_format.c and
 * history_parse.c; figures: history_stats.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "journal.h"
#include "history.h"

#define HISTORY_NAME "history.jsonl"

char *history_path(void)
{
	char *dir = journal_state_dir(), *path = NULL;
	if (dir && asprintf(&path, "%s/" HISTORY_NAME, dir) < 0)
		path = NULL;
	free(dir);
	return path;
}

/* What is wrong with the open file FD at PATH for its owner to use, or NULL. */
static const char *unusable(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "it is not a regular file";
	if (st.st_uid != geteuid())
		return "it belongs to another user";
	return NULL;
}

/* The directory of PATH, made 0700 when missing. */
static int make_dir_of(const char *path)
{
	char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		rc = file_mkdir_private(dir);
	}
	free(dir);
	return rc;
}

/* Under the lock: one write of LINE (ending with its newline), after a
 * newline when the file's last byte is not one.  0, or -1 with errno. */
static int append_locked(int fd, const char *line, size_t len)
{
	struct stat st;
	char last = '\n';
	if (fstat(fd, &st) < 0)
		return -1;
	if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1)
		return -1;
	const char *out = line;
	char *joined = NULL;
	if (last != '\n') {
		if (!(joined = malloc(len + 1))) {
			errno = ENOMEM;
			return -1;
		}
		joined[0] = '\n';
		memcpy(joined + 1, line, len);
		out = joined;
		len++;
	}
	ssize_t n;
	do
		n = write(fd, out, len);
	while (n < 0 && errno == EINTR);
	int saved = errno;
	free(joined);
	if (n >= 0 && (size_t)n == len)
		return fdatasync(fd) < 0 && errno != EINVAL ? -1 : 0;
	/* half a record is worse than none: take it back */
	if (n > 0 && ftruncate(fd, st.st_size) < 0)
		saved = errno;
	errno = n < 0 ? saved : ENOSPC;
	return -1;
}

int history_append(const char *path, const struct history_record *r, struct vm_error *err)
{
	char *own = path ? NULL : history_path(), *text = NULL, *line = NULL;
	const char *why;
	int fd = -1, rc = -1;

	if (!path && !(path = own)) {
		vm_error_set(err, "The history has no place: neither XDG_STATE_HOME nor HOME is an "
			     "absolute path.");
		return -1;
	}
	if (!(text = history_format(r)) || asprintf(&line, "%s\n", text) < 0) {
		line = NULL;
		vm_error_set(err, "Out of memory while writing the history %s.", path);
		goto out;
	}
	if (make_dir_of(path) < 0) {
		vm_error_set(err, "The directory of the history %s could not be made: %s.", path,
			     strerror(errno));
		goto out;
	}
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		vm_error_set(err, "The history %s could not be opened: %s.", path,
			     errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		goto out;
	}
	if ((why = unusable(fd))) {
		vm_error_set(err, "The history %s is not written: %s.", path, why);
		goto out;
	}
	if (flock(fd, LOCK_EX) < 0) {
		vm_error_set(err, "The history %s could not be locked: %s.", path, strerror(errno));
		goto out;
	}
	if (append_locked(fd, line, strlen(line)) < 0) {
		vm_error_set(err, "A record could not be added to the history %s: %s.", path,
			     strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);	/* drops the flock */
	free(line);
	free(text);
	free(own);
	return rc;
}

void history_list_free(struct history_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		history_record_free(&l->recs[i]);
	free(l->recs);
	free(l->bad);
	memset(l, 0, sizeof *l);
}

static int add_bad(struct history_list *l, size_t line, const char *what)
{
	struct history_bad *b = realloc(l->bad, (l->nbad + 1) * sizeof *b);
	if (!b)
		return -1;
	l->bad = b;
	b[l->nbad].line = line;
	snprintf(b[l->nbad].what, sizeof b[l->nbad].what, "%s", what);
	l->nbad++;
	return 0;
}

static int add_rec(struct history_list *l, struct history_record *r)
{
	struct history_record *recs = realloc(l->recs, (l->n + 1) * sizeof *recs);
	if (!recs)
		return -1;
	l->recs = recs;
	recs[l->n++] = *r;
	return 0;
}

/* Line NO (LEN bytes, its newline gone; LAST: the file ended without one)
 * into L. -1 out of memory. */
static int read_line(struct history_list *l, size_t no, const char *line, size_t len, int last)
{
	struct history_record r;
	char what[256];

	if (len == strspn(line, " \t\r"))
		return 0;	/* a blank line holds nothing */
	if (strlen(line) != len)
		return add_bad(l, no, "it holds a NUL byte");
	if (len > HISTORY_LINE_MAX) {
		snprintf(what, sizeof what, "it is %zu bytes long; a record takes at most %d", len,
			 HISTORY_LINE_MAX);
		return add_bad(l, no, what);
	}
	if (history_parse(line, &r, what, sizeof what) < 0) {
		if (last) {
			size_t n = strlen(what);
			snprintf(what + n, sizeof what - n, " (the last line, without its newline: "
				 "cut short?)");
		}
		return add_bad(l, no, what);
	}
	if (add_rec(l, &r) < 0) {
		history_record_free(&r);
		return -1;
	}
	return 0;
}

int history_read(const char *path, struct history_list *out, struct vm_error *err)
{
	char *own = path ? NULL : history_path(), *line = NULL;
	size_t cap = 0, no = 0;
	const char *why;
	FILE *f = NULL;
	int fd, rc = -1;
	ssize_t n;

	memset(out, 0, sizeof *out);
	if (!path && !(path = own)) {
		vm_error_set(err, "The history has no place: neither XDG_STATE_HOME nor HOME is an "
			     "absolute path.");
		vm_error_hint(err, "Set HOME (or XDG_STATE_HOME) to an absolute path.");
		return -1;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		out->missing = 1;
		free(own);
		return 0;
	}
	if (fd < 0) {
		vm_error_set(err, "The history %s cannot be read: %s.", path,
			     errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		vm_error_hint(err, "Put the history file itself there (a regular file of yours), "
			      "or remove what is there.");
		goto out;
	}
	if ((why = unusable(fd))) {
		vm_error_set(err, "The history %s is not read: %s.", path, why);
		vm_error_hint(err, "Put the history file itself there (a regular file of yours), "
			      "or remove what is there.");
		close(fd);
		goto out;
	}
	if (!(f = fdopen(fd, "r"))) {
		vm_error_set(err, "The history %s cannot be read: %s.", path, strerror(errno));
		close(fd);
		goto out;
	}
	/* a record being appended now is read whole or not at all */
	flock(fd, LOCK_SH);
	while ((n = getline(&line, &cap, f)) >= 0) {
		int last = n == 0 || line[n - 1] != '\n';
		if (!last)
			line[--n] = '\0';
		if (read_line(out, ++no, line, (size_t)n, last) < 0) {
			vm_error_set(err, "Out of memory while reading the history %s.", path);
			goto out;
		}
	}
	if (ferror(f)) {
		vm_error_set(err, "The history %s could not be read to its end: %s.", path,
			     strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		history_list_free(out);
	if (f)
		fclose(f);
	free(line);
	free(own);
	return rc;
}

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
 * each later line is appended whole.  So the reader is strict: a line it cannot
 * read (an unknown record, a field out of form, a bad escape, a last line
 * without its newline) makes the whole journal unreadable, and
 * journal_list() then returns none at all, so that recover acts on nothing
 * until the operator has looked.
 *
 * Here: the state directory, the escapes, and the writer; the reader is
 * journal_parse.c, the listing journal_list.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "journal_int.h"

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

char *journal_subdir(const char *dir, const char *sub, int create, struct vm_error *err)
{
	char *path = NULL;
	struct stat st;
	if (asprintf(&path, "%s/%s", dir, sub) < 0) {
		vm_error_set(err, "Out of memory.");
		return NULL;
	}
	if (create) {
		/* the state directory first, so that a failure names it;
		 * its parents (~/.local/state) may be missing too */
		const char *parts[2] = { dir, path };
		for (int i = 0; i < 2; i++) {
			if (file_mkdir_private(parts[i]) < 0) {
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
	jdir = journal_subdir(dir, "journal", create, err);
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

int journal_remove(const struct journal_entry *e)
{
	if (!e->file || unlink(e->file) < 0)
		return -1;
	if (file_fsync_parent(e->file) < 0)
		engine_log("journal: the removal of %s not synced: %s", e->file, strerror(errno));
	return 0;
}

/* Write LINE (with its newline) whole, then sync the data. */
static int put_line(int fd, const char *line)
{
	if (file_write_all(fd, line, strlen(line)) < 0)
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
	char num[64], pid[32], *head = strdup(JOURNAL_MAGIC "\n");
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
	if (file_fsync_parent(path) < 0) {
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
	if (!keep && (unlink(j->path) < 0 || file_fsync_parent(j->path) < 0))
		engine_log("journal: %s not removed (or its removal not synced): %s", j->path,
			   strerror(errno));
	if (current == j)
		current = NULL;
	free(j->target);
	free(j->path);
	free(j);
}

/* engine/lock.c — one migration per VM at a time: an flock on
 * STATE/locks/UUID.lock, held for the whole migration_run().  The kernel
 * drops it when the process ends, however it ends, so a killed tool never
 * leaves a stale lock; the file keeps the holder's pid for messages. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal_int.h"

struct vm_lock {
	int fd;
};

/* STATE/locks/UUID.lock; the directories made 0700 when CREATE. */
static char *lock_path(const char *uuid, int create)
{
	char *dir = journal_state_dir(), *path = NULL;
	if (!dir)
		return NULL;
	if (create) {
		for (char *s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
			*s = '\0';
			mkdir(dir, 0700);
			*s = '/';
		}
		mkdir(dir, 0700);
	}
	if (asprintf(&path, "%s/locks", dir) < 0) {
		free(dir);
		return NULL;
	}
	if (create)
		mkdir(path, 0700);
	free(path);
	if (asprintf(&path, "%s/locks/%s.lock", dir, uuid) < 0)
		path = NULL;
	free(dir);
	return path;
}

static long holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int lock_vm_take(const char *uuid, const char *vm, struct vm_lock **out, struct vm_error *err)
{
	char *path = lock_path(uuid, 1);
	struct stat st;
	*out = NULL;
	if (!path) {
		vm_error_set(err, "The lock of VM '%s' has no place: neither XDG_STATE_HOME nor HOME "
			     "is an absolute path.", vm);
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		vm_error_set(err, "The lock file %s of VM '%s' cannot be used: %s.", path, vm,
			     fd < 0 ? strerror(errno) : "not a regular file of this user");
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		long pid = holder(fd);
		if (errno == EWOULDBLOCK) {
			vm_error_set(err, "VM '%s' is being migrated by another virt-migrate "
				     "(process %ld); this one was not started.", vm, pid);
			vm_error_hint(err, "Wait for that migration to end, then try again.");
		} else {
			vm_error_set(err, "The lock %s of VM '%s' could not be taken: %s.", path, vm,
				     strerror(errno));
		}
		close(fd);
		free(path);
		return -1;
	}
	char pid[32];
	int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)len, 0) != len)
		engine_log("lock: %s: pid not written: %s", path, strerror(errno));
	free(path);
	struct vm_lock *l = malloc(sizeof *l);
	if (!l) {
		close(fd);
		vm_error_set(err, "Out of memory.");
		return -1;
	}
	l->fd = fd;
	*out = l;
	return 0;
}

void lock_vm_release(struct vm_lock *l)
{
	if (!l)
		return;
	close(l->fd);	/* drops the flock */
	free(l);
}

int lock_vm_busy(const char *uuid, long *pid)
{
	char *path = lock_path(uuid, 0);
	int busy = 0;
	if (pid)
		*pid = 0;
	if (!path)
		return 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		if (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
			busy = 1;
			if (pid)
				*pid = holder(fd);
		}
		close(fd);
	}
	free(path);
	return busy;
}

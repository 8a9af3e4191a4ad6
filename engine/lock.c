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
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "journal_int.h"
#include "migration_int.h"

struct vm_lock {
	int fd;
};

/* STATE/locks/UUID.lock; the directories made 0700 when CREATE. */
static char *lock_path(const char *uuid, int create)
{
	char *dir = journal_state_dir(), *path = NULL;
	if (!dir)
		return NULL;
	/* a failure shows when the lock file is opened */
	if (create) {
		if (asprintf(&path, "%s/locks", dir) < 0) {
			free(dir);
			return NULL;
		}
		file_mkdir_private(path);
		free(path);
	}
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

/* ---- the lock on the VM's host ---------------------------------------------
 *
 * The flock above holds for one state directory.  So that two workstations,
 * two operators or two state directories never move one VM at once, the
 * VM's source host keeps a lock too: a shell on it, started through the
 * tool's SSH session, takes flock on /run/virt-migrate/locks/UUID.lock,
 * writes who holds it since when, says "locked" and waits for the end of
 * its input.  That end comes when the move is over (lock_host_release) or
 * when the tool's session ends however it ends (killed, link lost): the
 * shell exits and the kernel on the host drops the lock; no stale lock is
 * left.  Lines: "locked", "held WHO", "err WHY". */

static const char host_lock_script[] =
	"d=/run/virt-migrate/locks\n"
	"if ! mkdir -p \"$d\" 2>/dev/null || ! command -v flock >/dev/null 2>&1; then\n"
	"\tprintf 'err %s cannot be made, or flock (util-linux) is missing\\n' \"$d\"; exit 4\n"
	"fi\n"
	"chmod 0700 /run/virt-migrate \"$d\" 2>/dev/null\n"
	"f=$d/$1.lock\n"
	"if ! exec 9>>\"$f\"; then printf 'err %s cannot be opened\\n' \"$f\"; exit 4; fi\n"
	"if ! flock -n 9; then printf 'held %s\\n' \"$(head -c 300 \"$f\" | head -n 1)\"; exit 3; fi\n"
	"printf '%s\\n' \"$2\" >\"$f\"\n"
	"echo locked\n"
	"cat >/dev/null\n";

struct host_lock {
	struct sshlink_hold *hold;
};

const char *lock_who(char *buf, size_t len)
{
	char host[256] = "?";
	const char *user = getenv("USER");

	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	snprintf(buf, len, "%s@%s", user && *user ? user : "?", host);
	return buf;
}

/* "root@op (pid 1234) since 2026-12-05 13:10:02 UTC" */
static void holder_text(char *buf, size_t len)
{
	char who[320];
	time_t now = time(NULL);
	struct tm tm;
	char when[64] = "?";

	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	snprintf(buf, len, "%s (pid %ld) since %s", lock_who(who, sizeof(who)), (long)getpid(),
		 when);
	/* one line of plain text on the host */
	for (char *c = buf; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
}

int lock_host_take(struct sshlink *link, const char *host, const char *uuid, const char *vm,
		   struct host_lock **out, struct vm_error *err)
{
	char who[400], line[512];
	const char *argv[] = { "sh", "-c", host_lock_script, "sh", uuid, who, NULL };
	struct sshlink_hold *hold = NULL;
	struct vm_error herr;

	*out = NULL;
	vm_error_clear(err);
	holder_text(who, sizeof(who));
	if (sshlink_hold(link, argv, line, sizeof(line), &hold, &herr) < 0) {
		vm_error_set(err, "The lock of VM '%s' on host '%s' could not be taken: %s", vm, host,
			     herr.message);
		vm_error_hint(err, "Check that the SSH user may write /run/virt-migrate on '%s' "
			      "and that flock (util-linux) is installed there.", host);
		return -1;
	}
	if (strcmp(line, "locked") == 0) {
		struct host_lock *l = malloc(sizeof(*l));
		if (!l) {
			sshlink_hold_end(hold);
			vm_error_set(err, "Out of memory.");
			return -1;
		}
		l->hold = hold;
		*out = l;
		engine_log("lock: VM '%s' locked on host '%s' for %s", vm, host, who);
		return 0;
	}
	sshlink_hold_end(hold);
	if (strncmp(line, "held ", 5) == 0) {
		vm_error_set(err, "VM '%s' is being moved by another virt-migrate: %s (lock on "
			     "host '%s'); this move was not started, nothing was done.", vm,
			     line[5] ? line + 5 : "holder unknown", host);
		vm_error_hint(err, "Wait for that move to end, then try again; a lock left by a "
			      "tool that died goes as soon as its SSH session ends.");
	} else {
		vm_error_set(err, "The lock of VM '%s' on host '%s' could not be taken: %s.", vm, host,
			     strncmp(line, "err ", 4) == 0 ? line + 4 : line);
		vm_error_hint(err, "Check that the SSH user may write /run/virt-migrate on '%s' "
			      "and that flock (util-linux) is installed there.", host);
	}
	return -1;
}

void lock_host_release(struct host_lock *l)
{
	if (!l)
		return;
	sshlink_hold_end(l->hold);
	free(l);
}

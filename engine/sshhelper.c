/* engine/sshhelper.c — libvirt's ssh processes, out of the terminal's reach.
 *
 * libvirt reaches each host over qemu+ssh by running ssh(1) as a child of
 * the tool: in the tool's process group, so the signals a terminal sends to
 * its foreground group (^C) and the SIGHUP sent when the terminal closes
 * reached them too; they died, and with them the connections a cancel and
 * its rollback need.  So the URI names, as libvirt's ssh command, this
 * program itself under the name virt-migrate-ssh (a symbolic link in the
 * state directory): started so, it leaves the session with setsid() and
 * becomes ssh(1) with the same arguments (src/main.c: the engine never
 * prints).  The tool's own signal handling then cancels the move with every
 * connection still open.  Here: the name, and the link. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "file.h"

int sshhelper_is_name(const char *argv0)
{
	const char *base;

	if (!argv0)
		return 0;
	base = strrchr(argv0, '/');
	return strcmp(base ? base + 1 : argv0, SSHHELPER_NAME) == 0;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *helper;
static int enabled;

void sshhelper_enable(void)
{
	enabled = 1;
}

/* STATE/bin/virt-migrate-ssh -> this program, made anew when it points
 * elsewhere (another build); NULL (logged) when it cannot be made. */
static void make_link(void)
{
	char self[PATH_MAX], seen[PATH_MAX], *dir = journal_state_dir(), *bin = NULL, *path = NULL,
	     *tmp = NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0 || !dir)
		goto fail;
	self[n] = '\0';
	if (asprintf(&bin, "%s/bin", dir) < 0 || file_mkdir_private(bin) < 0 ||
	    asprintf(&path, "%s/%s", bin, SSHHELPER_NAME) < 0)
		goto fail;
	n = readlink(path, seen, sizeof(seen) - 1);
	if (n > 0 && (seen[n] = '\0', strcmp(seen, self) == 0)) {
		helper = path;
		path = NULL;
		goto out;
	}
	if (asprintf(&tmp, "%s.%ld", path, (long)getpid()) < 0)
		goto fail;
	unlink(tmp);
	if (symlink(self, tmp) < 0 || rename(tmp, path) < 0) {
		unlink(tmp);
		goto fail;
	}
	helper = path;
	path = NULL;
	goto out;
fail:
	engine_log("sshhelper: no %s link (%s): libvirt's ssh runs in the tool's process "
		   "group", SSHHELPER_NAME, strerror(errno));
out:
	free(dir);
	free(bin);
	free(path);
	free(tmp);
}

const char *sshhelper_path(void)
{
	if (!enabled)
		return NULL;
	pthread_once(&once, make_link);
	return helper;
}

static pthread_mutex_t kh_lock = PTHREAD_MUTEX_INITIALIZER;

/* "~/..." with $HOME; else PATH as it is.  malloc'd. */
static char *expand(const char *path)
{
	const char *home = getenv("HOME");
	char *out = NULL;

	if (strncmp(path, "~/", 2) == 0 && home && home[0] == '/')
		return asprintf(&out, "%s/%s", home, path + 2) < 0 ? NULL : out;
	return strdup(path);
}

/* FNV-1a of S, for a directory name per known_hosts file. */
static unsigned long long fnv(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

char *sshhelper_path_for(const char *known_hosts)
{
	const char *base = sshhelper_path();
	char *kh = NULL, *dir = NULL, *link = NULL, *file = NULL, *tmp = NULL, *bin = NULL;
	char *out = NULL, self[PATH_MAX];
	ssize_t n;
	int fd = -1;

	if (!base || !known_hosts || !(kh = expand(known_hosts)) || strchr(kh, '"')
	    || strchr(kh, '\n'))
		goto done;
	pthread_mutex_lock(&kh_lock);
	if (!(bin = strdup(base)) || !strrchr(bin, '/'))
		goto unlock;
	*strrchr(bin, '/') = '\0';
	if (asprintf(&dir, "%s/kh-%016llx", bin, fnv(kh)) < 0) {
		dir = NULL;
		goto unlock;
	}
	if (asprintf(&link, "%s/%s", dir, SSHHELPER_NAME) < 0
	    || asprintf(&file, "%s/%s", dir, SSHHELPER_KNOWN_HOSTS) < 0
	    || asprintf(&tmp, "%s.%ld", file, (long)getpid()) < 0)
		goto unlock;
	if (file_mkdir_private(dir) < 0
	    || (n = readlink(base, self, sizeof(self) - 1)) <= 0)
		goto unlock;
	self[n] = '\0';
	/* the path first, then the link: a link always has its file */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || file_write_all(fd, kh, strlen(kh)) < 0 || close(fd) < 0
	    || rename(tmp, file) < 0) {
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		goto unlock;
	}
	/* the link is replaced, never removed: another run of the tool may be
	 * starting ssh through it right now */
	char seen[PATH_MAX];
	ssize_t m = readlink(link, seen, sizeof(seen) - 1);
	if (m <= 0 || (seen[m] = '\0', strcmp(seen, self) != 0)) {
		unlink(tmp);
		if (symlink(self, tmp) < 0 || rename(tmp, link) < 0) {
			unlink(tmp);
			goto unlock;
		}
	}
	out = link;
	link = NULL;
unlock:
	pthread_mutex_unlock(&kh_lock);
done:
	if (!out && known_hosts)
		engine_log("sshhelper: no helper for known_hosts %s (%s): libvirt's ssh reads "
			   "its own known_hosts", known_hosts, strerror(errno));
	free(kh);
	free(dir);
	free(link);
	free(file);
	free(tmp);
	free(bin);
	return out;
}

int sshhelper_options(const char *argv0, char *opts[2])
{
	char *dir = NULL, *path = NULL, buf[PATH_MAX];
	ssize_t n = -1;
	int fd, count = 0;

	if (!argv0 || !strrchr(argv0, '/') || !(dir = strdup(argv0)))
		return 0;
	*strrchr(dir, '/') = '\0';
	if (asprintf(&path, "%s/%s", dir, SSHHELPER_KNOWN_HOSTS) < 0)
		path = NULL;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		buf[n] = '\0';
		/* quoted: ssh splits an unquoted value at spaces */
		if ((opts[0] = strdup("-o")) && asprintf(&opts[1], "UserKnownHostsFile=\"%s\"",
							 buf) >= 0)
			count = 2;
		else
			free(opts[0]);
	}
	free(dir);
	free(path);
	return count;
}

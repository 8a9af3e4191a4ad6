/* engine/file.c — the file-system steps of engine/file.h, in one place so
 * that the journal, the facts cache, the lock and the ssh helper all make
 * their directories and write their files the same careful way. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

int file_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {	/* write(2) made no progress: do not spin */
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int file_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd), saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int file_fsync_parent(const char *path)
{
	char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
	int rc;

	if (!dir) {
		errno = ENOMEM;
		return -1;
	}
	if (slash)
		slash[slash == dir] = '\0';	/* "/x" keeps its "/" */
	rc = file_fsync_dir(slash ? dir : ".");
	free(dir);
	return rc;
}

/* mkdir PATH 0700; when made, sync it into its parent so that it outlasts
 * a crash (a journal in a directory that vanishes would be lost). */
static int make_one(const char *path)
{
	if (mkdir(path, 0700) == 0)
		return file_fsync_parent(path);
	return errno == EEXIST ? 0 : -1;
}

int file_mkdir_private(const char *path)
{
	char *copy = strdup(path);

	if (!copy) {
		errno = ENOMEM;
		return -1;
	}
	/* the parents (~/.local/state) may be missing too; a failure there
	 * shows below, as PATH's own */
	for (char *s = copy[0] ? strchr(copy + 1, '/') : NULL; s; s = strchr(s + 1, '/')) {
		*s = '\0';
		make_one(copy);
		*s = '/';
	}
	free(copy);
	return make_one(path);
}

/* engine/answers_file.c — the bytes of an answers file, read the careful
 * way config/config.c reads its own: never through a symbolic link, never
 * blocking on a FIFO, only a regular file of its owner (or root) that
 * others cannot write, at most ANSWERS_MAX_BYTES. */
#include "answers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int answers_read_text(const char *path, char **text, size_t *size, struct vm_error *err)
{
	/* never through a symbolic link; a FIFO must not block the open */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	char *buf = NULL;
	size_t len = 0;

	if (fd < 0 && errno == ELOOP) {
		vm_error_set(err, "%s: is a symbolic link; answers are read only from the file "
			     "itself", path);
		vm_error_hint(err, "Give the path of the file the link points to.");
		return -1;
	}
	if (fd < 0) {
		vm_error_set(err, "%s: cannot read: %s", path, strerror(errno));
		vm_error_hint(err, "Give the path of an answers file saved with --save-answers.");
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
		vm_error_set(err, "%s: a FIFO, not a regular file", path);
		vm_error_hint(err, "Give the path of an answers file saved with --save-answers.");
		goto fail;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		vm_error_set(err, "%s: not a regular file", path);
		vm_error_hint(err, "Give the path of an answers file saved with --save-answers.");
		goto fail;
	}
	char why[CONFIG_ERR_MAX];
	if (config_check_file_owner(path, &st, why, sizeof why) != 0) {
		vm_error_set(err, "%s", why);
		goto fail;
	}
	if (st.st_size > ANSWERS_MAX_BYTES) {
		vm_error_set(err, "%s: larger than %d bytes: not an answers file", path,
			     ANSWERS_MAX_BYTES);
		goto fail;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		vm_error_set(err, "%s: out of memory", path);
		goto fail;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vm_error_set(err, "%s: cannot read: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > (size_t)st.st_size) {
			vm_error_set(err, "%s: the file grew while being read; try again", path);
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*text = buf;
	*size = len;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

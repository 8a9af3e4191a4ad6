/* config/config_load.c — the three ways in: a file (checked before it is
 * read), a string and a buffer.  Each leaves *cfg empty on failure. */
#include "config_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Empties *CFG first, so that it is empty after any failure; NAME is for
 * the message when there is no CFG. */
static int load_begin(struct config *cfg, const char *name, char *err, size_t errlen)
{
	if (!cfg) {
		config_set_err(err, errlen, "%s: no place to store the configuration", name);
		return -1;
	}
	memset(cfg, 0, sizeof(*cfg));
	return 0;
}

/* A string or a buffer: MISSING when the caller gave no text where some
 * was due; LIMITED when the file size limit applies (buffers). */
static int load_memory(const char *text, size_t len, bool missing, bool limited,
		       const char *name, struct config *cfg, char *err, size_t errlen)
{
	if (!name)
		name = CONFIG_STRING_PATH;
	if (load_begin(cfg, name, err, errlen) != 0)
		return -1;
	if (missing) {
		config_set_err(err, errlen, "%s: no configuration text", name);
		return -1;
	}
	if (limited && len > CONFIG_FILE_MAX_BYTES) {
		config_set_err(err, errlen, "%s: is larger than 1 MiB, the limit; this is not "
			       "a virt-migrate configuration", name);
		return -1;
	}
	return config_parse_text(text ? text : "", len, name, CONFIG_STRING_PATH, cfg, err,
				 errlen);
}

int config_load_buffer(const char *text, size_t len, const char *name, struct config *cfg,
		       char *err, size_t errlen)
{
	return load_memory(text, len, !text && len, true, name, cfg, err, errlen);
}

int config_load_string(const char *text, const char *name, struct config *cfg,
		       char *err, size_t errlen)
{
	return load_memory(text, text ? strlen(text) : 0, !text, false, name, cfg, err, errlen);
}

/* ---- files ------------------------------------------------------------------- */

/* For the errno of the call that failed on PATH. */
static void cannot_read(const char *path, char *err, size_t errlen)
{
	config_set_err(err, errlen, "%s: cannot read: %s; give an existing, readable file "
		       "with -c FILE", path, strerror(errno));
}

static void too_large(const char *path, char *err, size_t errlen)
{
	config_set_err(err, errlen, "%s: is larger than 1 MiB, the limit; this is not a "
		       "virt-migrate configuration file: give the right one with -c FILE",
		       path);
}

/* The whole of FD (of PATH) in a malloc'd buffer, its length in *LEN; or
 * NULL with err set.  Reads at most one byte past the limit: the file may
 * have grown since it was looked at. */
static char *read_all(int fd, const char *path, size_t *len, char *err, size_t errlen)
{
	char *buf = malloc(CONFIG_FILE_MAX_BYTES + 2);

	*len = 0;
	if (!buf) {
		config_set_err(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	while (*len <= CONFIG_FILE_MAX_BYTES) {
		ssize_t n = read(fd, buf + *len, CONFIG_FILE_MAX_BYTES + 1 - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cannot_read(path, err, errlen);
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	if (*len > CONFIG_FILE_MAX_BYTES) {
		too_large(path, err, errlen);
		free(buf);
		return NULL;
	}
	return buf;
}

/* Opens PATH to read it, or -1 with err set.  Looks before opening: opening
 * a FIFO would block, opening a device may do something.  Then opens without
 * following a symbolic link and checks again what was opened, in case the
 * path changed in between. */
static int open_checked(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (lstat(path, &st) != 0) {
		cannot_read(path, err, errlen);
		return -1;
	}
	if (config_check_file_kind(path, &st, err, errlen) != 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0) {
		cannot_read(path, err, errlen);
	} else if (config_check_file_kind(path, &st, err, errlen) == 0 &&
		   config_check_file_owner(path, &st, err, errlen) == 0) {
		if (st.st_size <= CONFIG_FILE_MAX_BYTES)
			return fd;
		too_large(path, err, errlen);
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

int config_load(const char *path, struct config *cfg, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int fd, rc = -1;

	if (load_begin(cfg, path ? path : "(null)", err, errlen) != 0)
		return -1;
	if (!path || !*path) {
		config_set_err(err, errlen, "no configuration file given; pass -c FILE");
		return -1;
	}
	fd = open_checked(path, err, errlen);
	if (fd < 0)
		return -1;
	buf = read_all(fd, path, &len, err, errlen);
	if (buf)
		rc = config_parse_text(buf, len, path, path, cfg, err, errlen);
	close(fd);
	free(buf);
	return rc;
}

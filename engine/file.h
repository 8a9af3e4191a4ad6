/* engine/file.h — small, careful file-system steps the engine's files share:
 * writing a buffer whole, making private directories, and syncing a
 * directory so that the names made or removed in it outlast a crash. */
#ifndef VIRT_MIGRATE_FILE_H
#define VIRT_MIGRATE_FILE_H

#include <stddef.h>

/* Write LEN bytes of BUF to FD, again after EINTR and short writes.
 * 0, or -1 with errno. */
int file_write_all(int fd, const void *buf, size_t len);

/* fsync directory DIR.  0, or -1 with errno. */
int file_fsync_dir(const char *dir);

/* fsync the directory that holds PATH ("." for a bare name).  0, or -1
 * with errno. */
int file_fsync_parent(const char *path);

/* Make directory PATH and its missing parents, each 0700; each directory
 * made is synced into its parent.  A parent that cannot be made shows as
 * PATH's own failure.  0 when PATH is there (made or not; the caller checks
 * what it is), or -1 with errno. */
int file_mkdir_private(const char *path);

#endif

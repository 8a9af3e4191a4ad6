/* config/config_check_file.c — which files the reader trusts: only a regular
 * file, owned by the invoking user or root and writable by neither its group
 * nor others (as ssh wants for its configuration). */
#include "config_int.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int config_check_file_kind(const char *path, const struct stat *st, char *err, size_t errlen)
{
	const char *what;

	if (S_ISREG(st->st_mode))
		return 0;
	if (S_ISLNK(st->st_mode)) {
		char target[512];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		if (n > 0) {
			target[n] = '\0';
			config_scrub(target);
			config_set_err(err, errlen, "%s: is a symbolic link (to %s); virt-migrate "
				       "does not follow links to its configuration: give the "
				       "file itself with -c FILE", path, target);
		} else {
			config_set_err(err, errlen, "%s: is a symbolic link; virt-migrate does "
				       "not follow links to its configuration: give the file "
				       "itself with -c FILE", path);
		}
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		config_set_err(err, errlen, "%s: is a directory; give the configuration file "
			       "itself with -c FILE", path);
		return -1;
	}
	what = S_ISFIFO(st->st_mode) ? "a FIFO (named pipe)" :
	       S_ISSOCK(st->st_mode) ? "a socket" :
	       S_ISCHR(st->st_mode) ? "a character device" :
	       S_ISBLK(st->st_mode) ? "a block device" : "not a regular file";
	config_set_err(err, errlen, "%s: is %s, not a regular file; give a configuration "
		       "file with -c FILE", path, what);
	return -1;
}

/* PATH for a message with the command to type: as it is when it holds
 * only characters a shell leaves alone, else in single quotes. */
static void shell_word(const char *path, char *buf, size_t len)
{
	size_t n = 0;

	if (*path && config_all_in(path, "/._-+,:@%=")) {
		snprintf(buf, len, "%s", path);
		return;
	}
	for (const char *s = path; *s && n + 5 < len; s++) {
		if (n == 0)
			buf[n++] = '\'';
		if (*s == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *s;
		}
	}
	if (n == 0)
		buf[n++] = '\'';
	buf[n++] = '\'';
	buf[n] = '\0';
}

int config_check_file_owner(const char *path, const struct stat *st, char *err, size_t errlen)
{
	char word[512];

	shell_word(path, word, sizeof(word));
	if (st->st_uid != getuid() && st->st_uid != 0) {
		const struct passwd *pw = getpwuid(st->st_uid);

		config_set_err(err, errlen, "%s: belongs to %s%s%s(uid %u), neither to you nor "
			       "to root; virt-migrate does not read a file another user can "
			       "change (as ssh does for its configuration): take it with chown "
			       "%u %s, or use a copy of your own", path, pw ? "user " : "",
			       pw ? pw->pw_name : "", pw ? " " : "", (unsigned)st->st_uid,
			       (unsigned)getuid(), word);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		config_set_err(err, errlen, "%s: is writable by %s (mode %04o); virt-migrate "
			       "does not read a file others can change (as ssh does for its "
			       "configuration): fix with chmod go-w %s", path,
			       (st->st_mode & S_IWGRP) && (st->st_mode & S_IWOTH) ?
			       "group and others" :
			       (st->st_mode & S_IWGRP) ? "its group" : "others",
			       (unsigned)(st->st_mode & 07777), word);
		return -1;
	}
	return 0;
}

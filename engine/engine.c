/* engine/engine.c — process-wide set-up: libvirt, libssh and the log.
 *
 * libvirt's default error handler prints on stderr, which would scribble
 * over the curses screen: engine_init() replaces it with one that appends to
 * the engine's log.  The log is opened O_APPEND, so each line goes out in one
 * write(2); a mutex keeps lines from different threads whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "engine.h"

#define LOG_LINE_MAX 4096

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static int libs_ready;

static void on_libvirt_error(void *opaque, virErrorPtr e)
{
	(void)opaque;
	if (!e)
		return;
	engine_log("libvirt: %s (domain %d, code %d)",
		   e->message ? e->message : "unknown error", e->domain, e->code);
}

/* mkdir -p for the parent directories of PATH, each new one mode 0700. */
static int make_parents(const char *path)
{
	int rc = -1;
	char *copy = strdup(path);

	if (!copy)
		goto cleanup;
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST)
			goto cleanup;
		*p = '/';
	}
	rc = 0;
cleanup:
	free(copy);
	return rc;
}

/* Opens the directory the log lives in, which virt-migrate owns: it must be
 * a real directory (not a symbolic link planted in its place), owned by the
 * user running the tool; group and other lose any access to it.  Returns a
 * descriptor, or -1 with err set. */
static int open_log_dir(const char *path, struct vm_error *err)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	struct stat st = { 0 };
	int fd = -1;

	if (!dir) {
		vm_error_set(err, "Out of memory while opening the log file '%s'.", path);
		return -1;
	}
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		struct stat lst;

		if ((e == ELOOP || e == ENOTDIR) && lstat(dir, &lst) == 0 && S_ISLNK(lst.st_mode)) {
			vm_error_set(err, "The directory of the log file, '%s', is a symbolic "
				     "link; virt-migrate does not write through it.", dir);
			vm_error_hint(err, "Remove the link; virt-migrate creates the directory "
				      "itself (mode 0700).");
		} else {
			vm_error_set(err, "Cannot open the directory of the log file, '%s': %s.",
				     dir, strerror(e));
			vm_error_hint(err, "Choose a log path in a writable directory.");
		}
		goto cleanup;
	}
	if (fstat(fd, &st) != 0 || st.st_uid != geteuid()) {
		vm_error_set(err, "The directory of the log file, '%s', belongs to another "
			     "user (uid %ld); virt-migrate does not write there.", dir,
			     (long)st.st_uid);
		vm_error_hint(err, "Remove it, or set XDG_STATE_HOME to a directory of your own.");
		close(fd);
		fd = -1;
		goto cleanup;
	}
	if ((st.st_mode & 077) && fchmod(fd, st.st_mode & 0700) != 0) {
		vm_error_set(err, "Cannot make the directory of the log file, '%s', private: %s.",
			     dir, strerror(errno));
		close(fd);
		fd = -1;
	}
cleanup:
	free(dir);
	return fd;
}

/* The log: created 0600 in its own directory (0700), appended to; never
 * opened through a symbolic link, a hard link or anything but a regular
 * file of the user's own, any of which someone could plant in its place. */
static int open_log(const char *path, struct vm_error *err)
{
	const char *base = strrchr(path, '/');
	struct stat st = { 0 };
	int dfd, fd;

	base = base ? base + 1 : path;
	if (make_parents(path) < 0) {
		vm_error_set(err, "Cannot create the directory of the log file '%s': %s.",
			     path, strerror(errno));
		vm_error_hint(err, "Choose a log path in a writable directory.");
		return -1;
	}
	dfd = open_log_dir(path, err);
	if (dfd < 0)
		return -1;
	fd = openat(dfd, base, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
		    O_NOCTTY | O_CLOEXEC, 0600);
	close(dfd);
	if (fd < 0) {
		if (errno == ELOOP) {
			vm_error_set(err, "The log file '%s' is a symbolic link, which "
				     "virt-migrate does not write through.", path);
			vm_error_hint(err, "Remove the link; virt-migrate creates the file "
				      "itself (mode 0600).");
		} else {
			vm_error_set(err, "Cannot open the log file '%s': %s.", path,
				     strerror(errno));
			vm_error_hint(err, "Choose a log path in a writable directory.");
		}
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_nlink != 1) {
		vm_error_set(err, "The log file '%s' is %s; virt-migrate does not write to it.",
			     path, !S_ISREG(st.st_mode) ? "not a regular file"
			     : st.st_uid != geteuid() ? "owned by another user"
			     : "a hard link to another file");
		vm_error_hint(err, "Remove it; virt-migrate creates it again (mode 0600).");
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) && fchmod(fd, 0600) != 0) {
		vm_error_set(err, "Cannot make the log file '%s' private: %s.", path,
			     strerror(errno));
		close(fd);
		return -1;
	}
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = fd;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

/* libvirt's default event loop, in its own thread for the life of the
 * process: it carries keepalives and job events for every connection. */
static void *event_loop(void *arg)
{
	(void)arg;
	for (;;) {
		if (virEventRunDefaultImpl() < 0)
			engine_log("engine: event loop: %s",
				   virGetLastErrorMessage());
	}
	return NULL;
}

static int start_event_loop(struct vm_error *err)
{
	pthread_t t;
	pthread_attr_t attr;
	if (virEventRegisterDefaultImpl() < 0) {
		vm_error_set(err, "libvirt's event loop could not be set up.");
		return -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&t, &attr, event_loop, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		vm_error_set(err, "The thread of libvirt's event loop could not be started.");
		return -1;
	}
	return 0;
}

int engine_init(const char *log_path, struct vm_error *err)
{
	vm_error_clear(err);
	if (log_path && open_log(log_path, err) < 0)
		return -1;
	if (libs_ready)
		return 0;
	if (virInitialize() < 0) {
		vm_error_set(err, "The libvirt library could not be initialised.");
		return -1;
	}
	virSetErrorFunc(NULL, on_libvirt_error);
	if (start_event_loop(err) < 0)
		return -1;
	if (ssh_init() != SSH_OK) {
		vm_error_set(err, "The libssh library could not be initialised.");
		return -1;
	}
	libs_ready = 1;
	engine_log("engine: started (libvirt %lu, libssh %s).",
		   (unsigned long)LIBVIR_VERSION_NUMBER, ssh_version(0));
	return 0;
}

void engine_log(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	struct timeval tv;
	struct tm tm;
	size_t len;
	va_list ap;
	int n;

	pthread_mutex_lock(&log_lock);
	if (log_fd < 0)
		goto cleanup;
	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	len = strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
	len += (size_t)snprintf(line + len, sizeof(line) - len, ".%03ld ",
				(long)(tv.tv_usec / 1000));
	va_start(ap, fmt);
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	va_end(ap);
	if (n < 0)
		goto cleanup;
	len += (size_t)n;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;	/* cut: keep room for the newline */
	while (len > 0 && line[len - 1] == '\n')
		len--;
	line[len++] = '\n';
	/* One write per line (O_APPEND); a failed write is dropped: there is
	 * nowhere else to say it. */
	if (write(log_fd, line, len) < 0) {
		/* nothing to do */
	}
cleanup:
	pthread_mutex_unlock(&log_lock);
}

void engine_shutdown(void)
{
	engine_log("engine: stopped.");
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
	pthread_mutex_unlock(&log_lock);
	/* libvirt's handler stays ours: errors raised after this (a late
	 * unref) must not reach the terminal either; they go nowhere. */
	if (libs_ready) {
		ssh_finalize();
		libs_ready = 0;
	}
}

const char *engine_bytes(unsigned long long bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)bytes;
	size_t u = 0;
	/* the next unit up when this one would read "1024.0" once rounded */
	while ((v >= 1024 || (u > 0 && v >= 1023.95)) && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu B", bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

const char *engine_rate(double mbit_s, char *buf, size_t len)
{
	if (!(mbit_s > 0.0))
		snprintf(buf, len, "an unknown rate");
	else if (mbit_s >= 1000.0)
		snprintf(buf, len, "%.*f Gbit/s", mbit_s >= 10000.0
			 || (long long)mbit_s % 1000 == 0 ? 0 : 1, mbit_s / 1000.0);
	else
		snprintf(buf, len, "%.0f Mbit/s", mbit_s);
	return buf;
}

const char *engine_age(long long then, long long now, char *buf, size_t len)
{
	long long d = now - then;

	if (then <= 0)
		snprintf(buf, len, "at an unknown time");
	else if (d < 5)
		snprintf(buf, len, "just now");	/* also a clock a little behind */
	else if (d < 120)
		snprintf(buf, len, "%lld s ago", d);
	else if (d < 2 * 3600)
		snprintf(buf, len, "%lld min ago", d / 60);
	else if (d < 2 * 86400)
		snprintf(buf, len, "%lld h ago", d / 3600);
	else
		snprintf(buf, len, "%lld days ago", d / 86400);
	return buf;
}

const char *engine_duration(double s, char *buf, size_t len)
{
	long r = (long)(s + 0.5);

	if (s < 9.95)
		snprintf(buf, len, "%.1f s", s);
	else if (r < 120)
		snprintf(buf, len, "%ld s", r);
	else if (r < 7200)
		snprintf(buf, len, "%ld min %ld s", r / 60, r % 60);
	else
		snprintf(buf, len, "%ld h %ld min", r / 3600, (r % 3600) / 60);
	return buf;
}

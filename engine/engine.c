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

static int open_log(const char *path, struct vm_error *err)
{
	int fd;

	if (make_parents(path) < 0) {
		vm_error_set(err, "Cannot create the directory of the log file '%s': %s.",
			     path, strerror(errno));
		vm_error_hint(err, "Choose a log path in a writable directory.");
		return -1;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		vm_error_set(err, "Cannot open the log file '%s': %s.", path, strerror(errno));
		vm_error_hint(err, errno == ELOOP
			      ? "The path is a symbolic link; give the real file instead."
			      : "Choose a log path in a writable directory.");
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

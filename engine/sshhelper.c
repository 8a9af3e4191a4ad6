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

/* engine/facts_update.c — changing a host's file of the facts cache under
 * its lock (HOST.lock, flock): read, change, write, with no other thread or
 * process doing the same in between. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts_int.h"

int facts_update(const char *dir, const char *host, int (*fn)(struct facts_host *f, void *user),
		 void *user, char *why, size_t whylen, struct vm_error *err)
{
	struct facts_host f;
	struct facts_path p;
	struct stat st;
	int lock = -1, rc = -1;

	memset(&f, 0, sizeof f);
	vm_error_clear(err);
	if (why && whylen)
		why[0] = '\0';
	if (facts_path_make(dir, host, &p) < 0) {
		if (!p.esc)
			vm_error_set(err, "The host name '%s' cannot name a file of the facts cache "
				     "(it is empty, '.' or '..', holds a '/' or a newline, or is too "
				     "long).", host ? host : "");
		else if (!p.dir)
			vm_error_set(err, "The facts of host '%s' have no place: neither "
				     "XDG_STATE_HOME nor HOME is an absolute path.", host);
		else
			vm_error_set(err, "Out of memory.");
		goto cleanup;
	}
	if (facts_path_dir_make(p.dir, err) < 0)
		goto cleanup;
	/* a lock of its own open file description: flock() then keeps out
	 * another thread of this process as well as another process */
	lock = open(p.lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (lock < 0 || fstat(lock, &st) < 0 || !S_ISREG(st.st_mode)) {
		vm_error_set(err, "The lock %s of the facts of host '%s' cannot be used: %s.", p.lock,
			     host, lock < 0 ? strerror(errno) : "it is not a regular file");
		vm_error_hint(err, "Remove %s.", p.lock);
		goto cleanup;
	}
	int locked;
	while ((locked = flock(lock, LOCK_EX)) < 0 && errno == EINTR)
		;
	if (locked < 0) {
		vm_error_set(err, "The lock %s of the facts of host '%s' could not be taken: %s.",
			     p.lock, host, strerror(errno));
		goto cleanup;
	}
	/* a file that cannot be used is as good as none: WHY says so, and
	 * the save below replaces it */
	facts_load(p.dir, host, &f, why, whylen);
	if (!f.host) {
		vm_error_set(err, "Out of memory.");
		goto cleanup;
	}
	if (fn(&f, user) != 0) {
		if (!err || !err->message[0])
			vm_error_set(err, "The cached facts of host '%s' were left as they were.",
				     host);
		goto cleanup;
	}
	if (!f.host || strcmp(f.host, host) != 0) {
		vm_error_set(err, "The facts of host '%s' were not cached: they were changed to be "
			     "about another host.", host);
		goto cleanup;
	}
	rc = facts_save(p.dir, &f, err);
cleanup:
	if (lock >= 0)
		close(lock);	/* drops the flock */
	facts_host_free(&f);
	facts_path_free(&p);
	return rc;
}

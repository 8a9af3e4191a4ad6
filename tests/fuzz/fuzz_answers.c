/* tests/fuzz/fuzz_answers.c — libFuzzer harness for the answers-file loader
 * (engine/answers.c).  answers_load() reads a path, so each input is written
 * to one private file in /dev/shm (or $TMPDIR) first.  A load either succeeds
 * with COUNT plans, each naming a VM, or fails with a message naming the
 * file; a crash, a sanitizer report or a leak is a finding. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../engine/answers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[256];

static void cleanup(void)
{
	if (path[0])
		unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct answers a;
	struct vm_error err;
	int fd;

	if (!path[0]) {
		const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
				  getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
		snprintf(path, sizeof(path), "%s/fuzz-answers-%ld.ini", dir, (long)getpid());
		atexit(cleanup);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);

	memset(&err, 0, sizeof(err));
	if (answers_load(path, &a, &err) == 0) {
		for (size_t i = 0; i < a.count; i++)
			if (!a.plans[i].vm)
				abort();
		answers_free(&a);
	} else {
		if (!strstr(err.message, path))
			abort();
		if (a.count || a.plans)
			abort();
	}
	return 0;
}

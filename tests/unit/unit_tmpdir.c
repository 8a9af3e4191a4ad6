/* tests/unit/unit_tmpdir.c — a suite's scratch directory (unit_tmpdir.h). */
#include <stdio.h>
#include <stdlib.h>

#include "unit_tmpdir.h"

int unit_tmpdir_make(struct unit_tmpdir *d, const char *tag)
{
	snprintf(d->path, sizeof d->path, "/tmp/%s-XXXXXX", tag);
	return mkdtemp(d->path) ? 0 : -1;
}

int unit_tmpdir_remove(const struct unit_tmpdir *d)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
	return system(cmd) == 0 ? 0 : -1;
}

const char *unit_tmpdir_file(const struct unit_tmpdir *d, const char *name)
{
	static char buf[160];

	snprintf(buf, sizeof buf, "%s/%s", d->path, name);
	return buf;
}

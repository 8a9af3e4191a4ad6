/* ui/datadir.c — the data directory at run time: next to the program's
 * bin/ directory first, the compiled-in DATADIR second. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/virt-migrate"
#endif

const char *datadir_builtin(void)
{
	return DATADIR;
}

const char *datadir_find(char *buf, size_t len)
{
	char exe[PATH_MAX], rel[PATH_MAX + 32], real[PATH_MAX];
	struct stat st;
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (k > 0) {
		exe[k] = '\0';
		/* the program's directory, then its sibling share/virt-migrate */
		snprintf(rel, sizeof(rel), "%s/../share/virt-migrate", dirname(exe));
		if (stat(rel, &st) == 0 && S_ISDIR(st.st_mode) && realpath(rel, real)) {
			snprintf(buf, len, "%s", real);
			return buf;
		}
	}
	snprintf(buf, len, "%s", DATADIR);
	return buf;
}

/* tests/integration/test_engine.c — engine_init() and the engine's log. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "itest.h"
#include "../../engine/engine.h"

#define THREADS 4
#define LINES 250

static char main_log[700];

static int suite_init(void)
{
	snprintf(main_log, sizeof(main_log), "%s/engine.log", itest_scratch());
	return 0;
}

/* back to the runner's log, whatever a test did */
static int suite_clean(void)
{
	struct vm_error err;
	return engine_init(main_log, &err);
}

static void *writer(void *arg)
{
	int id = (int)(long)arg;
	for (int i = 0; i < LINES; i++)
		engine_log("writer %d line %d %s", id, i, "padding padding padding padding");
	return NULL;
}

static void test_log_file(void)
{
	char dirs[700], path[800];
	struct vm_error err;
	struct stat st;
	pthread_t t[THREADS];

	snprintf(dirs, sizeof(dirs), "%s/logs/deeper", itest_scratch());
	snprintf(path, sizeof(path), "%s/engine.log", dirs);
	CU_ASSERT_EQUAL_FATAL(engine_init(path, &err), 0);

	/* parents made 0700, the file 0600 */
	CU_ASSERT_EQUAL_FATAL(stat(dirs, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0700);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);

	for (long i = 0; i < THREADS; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, writer, (void *)i), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	/* a libvirt error goes to the log, not to stderr */
	CU_ASSERT_PTR_NULL(virConnectOpen("test:///nonexistent/dir/none.xml"));

	/* every line whole, timestamped, none lost */
	FILE *f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char line[8192];
	int seen[THREADS] = { 0 }, bad = 0, libvirt_lines = 0;
	while (fgets(line, sizeof(line), f)) {
		int y, mo, d, h, mi, s, ms, id, n;
		char pad[64];
		if (sscanf(line, "%4d-%2d-%2d %2d:%2d:%2d.%3d ", &y, &mo, &d, &h, &mi, &s, &ms) != 7) {
			bad++;
			continue;
		}
		if (strstr(line, "libvirt: ") && strstr(line, "none.xml"))
			libvirt_lines++;
		if (sscanf(line + 24, "writer %d line %d %63s", &id, &n, pad) == 3) {
			if (id >= 0 && id < THREADS && n == seen[id]
			    && strstr(line, "padding padding padding padding\n"))
				seen[id]++;
			else
				bad++;
		}
	}
	fclose(f);
	CU_ASSERT_EQUAL(bad, 0);
	for (int i = 0; i < THREADS; i++)
		CU_ASSERT_EQUAL(seen[i], LINES);
	CU_ASSERT(libvirt_lines >= 1);
}

static void test_log_refuses_symlink(void)
{
	char target[700], link[700];
	struct vm_error err;
	struct stat st;

	snprintf(target, sizeof(target), "%s/symlink-target", itest_scratch());
	snprintf(link, sizeof(link), "%s/symlink.log", itest_scratch());
	CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);
	CU_ASSERT_EQUAL(engine_init(link, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, link));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "symbolic link"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "Remove the link"));
	CU_ASSERT_NOT_EQUAL(stat(target, &st), 0);	/* nothing created through it */

	/* a directory that cannot be made */
	CU_ASSERT_EQUAL(engine_init("/proc/no/such/dir/engine.log", &err), -1);
	CU_ASSERT(err.message[0] != '\0');

	/* a long line is cut, still one line */
	CU_ASSERT_EQUAL_FATAL(engine_init(main_log, &err), 0);
	char *big = malloc(20000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'z', 19999);
	big[19999] = '\0';
	engine_log("big: %s", big);
	free(big);
	FILE *f = fopen(main_log, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char *line = NULL, *last = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		free(last);
		last = strdup(line);
	}
	fclose(f);
	free(line);
	CU_ASSERT_PTR_NOT_NULL_FATAL(last);
	CU_ASSERT_PTR_NOT_NULL(strstr(last, "big: zzz"));
	CU_ASSERT(strlen(last) < 4097);
	CU_ASSERT_EQUAL(last[strlen(last) - 1], '\n');
	free(last);
}

int test_engine_register(void)
{
	static const struct itest tests[] = {
		{ "log file made private, lines whole across threads", test_log_file },
		{ "log refuses a symbolic link; long lines cut", test_log_refuses_symlink },
		{ NULL, NULL }
	};
	return itest_add_suite("engine", suite_init, suite_clean, tests);
}

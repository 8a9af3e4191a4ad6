/* tests/unit/test_answers_streams.c — suite "answers_streams": the
 * connections and compress keys of answers files (read, refused with what
 * they take, written back only when set). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "unit_tmpdir.h"
#include "../../engine/answers.h"

static struct unit_tmpdir dir;

static int suite_init(void)
{
	return unit_tmpdir_make(&dir, "vm-answers-streams");
}

static int suite_clean(void)
{
	return unit_tmpdir_remove(&dir);
}

static const char *path_of(const char *name)
{
	return unit_tmpdir_file(&dir, name);
}

/* Load a one-section file with LINES in it into *A: 0 or -1. */
static int load_with(const char *lines, struct answers *a, struct vm_error *err)
{
	char text[256];

	snprintf(text, sizeof text, "[migration m]\nvm = vm1\nhost = b\n%s", lines);
	int fd = open(path_of("s.ini"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return answers_load(path_of("s.ini"), a, err);
}

static void test_read(void)
{
	struct answers a;
	struct vm_error err;

	CU_ASSERT_EQUAL_FATAL(load_with("", &a, &err), 0);
	CU_ASSERT_EQUAL(a.plans[0].connections, 0);
	CU_ASSERT_EQUAL(a.plans[0].compress, PLAN_COMPRESS_UNSET);
	answers_free(&a);
	CU_ASSERT_EQUAL_FATAL(load_with("connections = 4\ncompress = zstd\n", &a, &err), 0);
	CU_ASSERT_EQUAL(a.plans[0].connections, 4);
	CU_ASSERT_EQUAL(a.plans[0].compress, PLAN_COMPRESS_ZSTD);
	answers_free(&a);
	CU_ASSERT_EQUAL_FATAL(load_with("connections = 16\ncompress = none\n", &a, &err), 0);
	CU_ASSERT_EQUAL(a.plans[0].connections, 16);
	CU_ASSERT_EQUAL(a.plans[0].compress, PLAN_COMPRESS_NONE);
	answers_free(&a);
}

static void test_refused(void)
{
	struct answers a;
	struct vm_error err;

	static const char *const bad[] = { "connections = 0\n", "connections = 17\n",
					   "connections = -1\n", "connections = 4x\n",
					   "connections =\n", "connections = 99999999999\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(load_with(bad[i], &a, &err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, ":4: bad value"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "expected a whole number from 1 (one "
					      "stream) to 16"));
	}
	CU_ASSERT_EQUAL(load_with("compress = lz4\n", &a, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "bad value 'lz4' for key 'compress' in "
				      "[migration m]; expected none, xbzrle, mt, zlib or zstd"));
	CU_ASSERT_EQUAL(load_with("compress = zstd\ncompress = none\n", &a, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "duplicate key 'compress'"));
}

static int has_key(const char *path, const char *key)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(buf, sizeof buf, f))
		found = strncmp(buf, key, strlen(key)) == 0 && buf[strlen(key)] == ' ';
	fclose(f);
	return found;
}

static void test_round_trip(void)
{
	struct vm_error err;

	for (int c = PLAN_COMPRESS_UNSET; c < PLAN_COMPRESS_COUNT; c++) {
		for (unsigned n = 0; n <= 16; n += 4) {
			struct plan p = { .vm = (char *)"vm1", .kind = PLAN_KIND_COMPUTE,
					  .target = (char *)"b", .connections = n,
					  .compress = (enum plan_compress)c };
			struct answers a;

			CU_ASSERT_EQUAL_FATAL(answers_save(path_of("rt.ini"), &p, 1, NULL, &err), 0);
			/* unset is not written: it reads back unset, the config's default */
			CU_ASSERT_EQUAL(has_key(path_of("rt.ini"), "connections"), n != 0);
			CU_ASSERT_EQUAL(has_key(path_of("rt.ini"), "compress"),
					c != PLAN_COMPRESS_UNSET);
			CU_ASSERT_EQUAL_FATAL(answers_load(path_of("rt.ini"), &a, &err), 0);
			CU_ASSERT_EQUAL(a.plans[0].connections, n);
			CU_ASSERT_EQUAL(a.plans[0].compress, (enum plan_compress)c);
			answers_free(&a);
		}
	}
	struct plan bad = { .vm = (char *)"vm1", .kind = PLAN_KIND_COMPUTE, .target = (char *)"b",
			    .connections = 17 };
	CU_ASSERT_EQUAL(answers_save(path_of("bad.ini"), &bad, 1, NULL, &err), -1);
	CU_ASSERT_EQUAL(access(path_of("bad.ini"), F_OK), -1);
	bad.connections = 2;
	bad.compress = PLAN_COMPRESS_COUNT;
	CU_ASSERT_EQUAL(answers_save(path_of("bad.ini"), &bad, 1, NULL, &err), -1);
	CU_ASSERT_EQUAL(access(path_of("bad.ini"), F_OK), -1);
}

int test_answers_streams_register(void);

int test_answers_streams_register(void)
{
	static const struct unit_test tests[] = {
		{ "connections and compress read; absent are unset", test_read },
		{ "bad values refused with what they take", test_refused },
		{ "written back only when set, read back the same", test_round_trip },
		{ NULL, NULL }
	};
	return unit_add_suite_with("answers_streams", tests, suite_init, suite_clean);
}

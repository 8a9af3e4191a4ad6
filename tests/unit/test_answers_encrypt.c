/* tests/unit/test_answers_encrypt.c — suite "answers_encrypt": the encrypt
 * key of answers files (read, refused, written back), answers files others
 * can change, and saving next to the file or in the working directory. */
#include <fcntl.h>
#include <limits.h>
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
	return unit_tmpdir_make(&dir, "vm-answers-enc");
}

static int suite_clean(void)
{
	return unit_tmpdir_remove(&dir);
}

static const char *path_of(const char *name)
{
	return unit_tmpdir_file(&dir, name);
}

static void write_text(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	CU_ASSERT_EQUAL(fchmod(fd, mode), 0);
	close(fd);
}

/* The encrypt a one-section file with LINE in it reads as, or -1. */
static int encrypt_of(const char *line, struct vm_error *err)
{
	char text[256];
	struct answers a;
	int e = -1;

	snprintf(text, sizeof text, "[migration m]\nvm = vm1\n%shost = b\n", line);
	write_text(path_of("enc.ini"), text, 0600);
	if (answers_load(path_of("enc.ini"), &a, err) == 0) {
		e = (int)a.plans[0].encrypt;
		answers_free(&a);
	}
	return e;
}

static void test_read(void)
{
	struct vm_error err;

	CU_ASSERT_EQUAL(encrypt_of("", &err), PLAN_ENCRYPT_UNSET);
	CU_ASSERT_EQUAL(encrypt_of("encrypt = disabled\n", &err), PLAN_ENCRYPT_DISABLED);
	CU_ASSERT_EQUAL(encrypt_of("encrypt = opportunistic\n", &err), PLAN_ENCRYPT_OPPORTUNISTIC);
	CU_ASSERT_EQUAL(encrypt_of("encrypt = required\n", &err), PLAN_ENCRYPT_REQUIRED);
	CU_ASSERT_EQUAL(encrypt_of("encrypt = Required\n", &err), PLAN_ENCRYPT_REQUIRED);
}

static void test_refused(void)
{
	struct vm_error err;
	char want[256];

	CU_ASSERT_EQUAL(encrypt_of("encrypt = tls\n", &err), -1);
	snprintf(want, sizeof want, "%s:3: bad value 'tls' for key 'encrypt' in [migration m]; "
		 "expected disabled, opportunistic or required", path_of("enc.ini"));
	CU_ASSERT_STRING_EQUAL(err.message, want);
	CU_ASSERT_EQUAL(encrypt_of("encrypt =\n", &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, ":3: bad value '' for key 'encrypt'"));
	CU_ASSERT_EQUAL(encrypt_of("encrypt = unset\n", &err), -1);
	CU_ASSERT_EQUAL(encrypt_of("encrypt = required\nencrypt = disabled\n", &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, ":4: duplicate key 'encrypt'"));
	CU_ASSERT_EQUAL(encrypt_of("encrypton = required\n", &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "expected one of: vm, kind, host, datastore, "
				      "format, priority, max_downtime_ms, max_time_s, bandwidth_mibs, "
				      "delete_source, encrypt, from,"));
}

/* Whether the file at PATH has the line LINE. */
static int has_line(const char *path, const char *line)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		found = strcmp(buf, line) == 0;
	}
	fclose(f);
	return found;
}

static void test_written_back(void)
{
	static const enum plan_encrypt all[] = {
		PLAN_ENCRYPT_UNSET, PLAN_ENCRYPT_DISABLED, PLAN_ENCRYPT_OPPORTUNISTIC,
		PLAN_ENCRYPT_REQUIRED
	};
	struct vm_error err;

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		struct plan p = { .vm = (char *)"vm1", .kind = PLAN_KIND_COMPUTE,
				  .target = (char *)"b", .encrypt = all[i] };
		struct answers a;
		char line[64];

		CU_ASSERT_EQUAL_FATAL(answers_save(path_of("saved.ini"), &p, 1, NULL, &err), 0);
		snprintf(line, sizeof line, "encrypt = %s", plan_encrypt_name(all[i]));
		/* unset is not written: it reads back unset, the config's default */
		CU_ASSERT_EQUAL(has_line(path_of("saved.ini"), line), all[i] != PLAN_ENCRYPT_UNSET);
		CU_ASSERT_EQUAL_FATAL(answers_load(path_of("saved.ini"), &a, &err), 0);
		CU_ASSERT_EQUAL(a.plans[0].encrypt, all[i]);
		answers_free(&a);
	}
	struct plan bad = { .vm = (char *)"vm1", .kind = PLAN_KIND_COMPUTE, .target = (char *)"b",
			    .encrypt = PLAN_ENCRYPT_COUNT };
	CU_ASSERT_EQUAL(answers_save(path_of("bad.ini"), &bad, 1, NULL, &err), -1);
	CU_ASSERT_EQUAL(access(path_of("bad.ini"), F_OK), -1);
}

/* Saved in the working directory (a path without '/'): its directory "."
 * is the one synced. */
static void test_save_relative(void)
{
	struct plan p = { .vm = (char *)"vm1", .kind = PLAN_KIND_COMPUTE, .target = (char *)"b" };
	struct vm_error err;
	char here[PATH_MAX];
	struct answers a;

	CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(here, sizeof here));
	CU_ASSERT_EQUAL_FATAL(chdir(dir.path), 0);
	int rc = answers_save("relative.ini", &p, 1, NULL, &err);
	CU_ASSERT_EQUAL(chdir(here), 0);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL_FATAL(answers_load(path_of("relative.ini"), &a, &err), 0);
	answers_free(&a);
}

static void test_writable_refused(void)
{
	static const char text[] = "[migration m]\nvm = vm1\nhost = b\n";
	static const mode_t modes[] = { 0620, 0602, 0666, 0660 };
	struct vm_error err;
	struct answers a;
	char want[256];

	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		write_text(path_of("open.ini"), text, modes[i]);
		CU_ASSERT_EQUAL(answers_load(path_of("open.ini"), &a, &err), -1);
		snprintf(want, sizeof want, "%s: is writable by ", path_of("open.ini"));
		CU_ASSERT_EQUAL(strncmp(err.message, want, strlen(want)), 0);
		snprintf(want, sizeof want, "fix with chmod go-w %s", path_of("open.ini"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, want));
	}
	write_text(path_of("open.ini"), text, 0644);
	CU_ASSERT_EQUAL_FATAL(answers_load(path_of("open.ini"), &a, &err), 0);
	answers_free(&a);
}

int test_answers_encrypt_register(void);

int test_answers_encrypt_register(void)
{
	static const struct unit_test tests[] = {
		{ "encrypt read, in any case; absent is unset", test_read },
		{ "bad, empty and duplicate encrypt refused", test_refused },
		{ "encrypt written back when set, not when unset", test_written_back },
		{ "saved in the working directory", test_save_relative },
		{ "group- or world-writable answers refused with the fix", test_writable_refused },
		{ NULL, NULL }
	};
	return unit_add_suite_with("answers_encrypt", tests, suite_init, suite_clean);
}

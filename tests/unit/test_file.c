/* tests/unit/test_file.c — engine/file.c: whole writes, private directories
 * made with their parents, directory syncs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "../../engine/file.h"

static char tmpdir[] = "/tmp/vm-file-test.XXXXXX";

static int suite_init(void)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int suite_clean(void)
{
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? st.st_mode & 07777 : (mode_t)-1;
}

static void test_write_all(void)
{
	char path[128], buf[3 * 65536 + 7], back[sizeof buf];
	snprintf(path, sizeof path, "%s/data", tmpdir);
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)(i * 7);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(file_write_all(fd, buf, sizeof buf), 0);
	CU_ASSERT_EQUAL(file_write_all(fd, buf, 0), 0);
	close(fd);
	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(read(fd, back, sizeof back), (ssize_t)sizeof back);
	close(fd);
	CU_ASSERT_EQUAL(memcmp(buf, back, sizeof buf), 0);

	/* a closed descriptor: -1 with errno */
	errno = 0;
	CU_ASSERT_EQUAL(file_write_all(fd, buf, 1), -1);
	CU_ASSERT_EQUAL(errno, EBADF);
}

static void test_mkdir_private(void)
{
	char deep[160], mid[160], file[160];
	snprintf(mid, sizeof mid, "%s/a/b", tmpdir);
	snprintf(deep, sizeof deep, "%s/a/b/c", tmpdir);
	CU_ASSERT_EQUAL(file_mkdir_private(deep), 0);
	CU_ASSERT_EQUAL(mode_of(deep) & 0777, 0700);
	CU_ASSERT_EQUAL(mode_of(mid) & 0777, 0700);
	/* there already: fine */
	CU_ASSERT_EQUAL(file_mkdir_private(deep), 0);

	/* a file in the way of a parent: PATH's own failure */
	snprintf(file, sizeof file, "%s/plain", tmpdir);
	int fd = open(file, O_WRONLY | O_CREAT, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	snprintf(deep, sizeof deep, "%s/plain/x/y", tmpdir);
	errno = 0;
	CU_ASSERT_EQUAL(file_mkdir_private(deep), -1);
	CU_ASSERT_EQUAL(errno, ENOTDIR);
}

static void test_fsync(void)
{
	char sub[160], missing[160];
	snprintf(sub, sizeof sub, "%s/a/b/c", tmpdir);
	snprintf(missing, sizeof missing, "%s/none/x", tmpdir);
	CU_ASSERT_EQUAL(file_fsync_dir(tmpdir), 0);
	CU_ASSERT_EQUAL(file_fsync_parent(sub), 0);
	CU_ASSERT_EQUAL(file_fsync_parent("/x"), 0);	/* its parent is "/" */
	errno = 0;
	CU_ASSERT_EQUAL(file_fsync_parent(missing), -1);
	CU_ASSERT_EQUAL(errno, ENOENT);
}

int test_file_register(void);
int test_file_register(void)
{
	CU_pSuite s = CU_add_suite("file", suite_init, suite_clean);

	return s && CU_add_test(s, "write_all: large buffer whole, bad fd", test_write_all) &&
			       CU_add_test(s, "mkdir_private: parents 0700, file in the way",
					   test_mkdir_private) &&
			       CU_add_test(s, "fsync_dir and fsync_parent", test_fsync)
		       ? 0
		       : -1;
}

/* tests/unit/test_answers_hostile.c — suite "answers_hostile": answers files
 * (engine/answers.c) that are not answers files are refused with a message
 * naming the file and the fix; names with shell and control characters
 * survive a save and load exactly; a saved file is 0600 and never written
 * through a symbolic link planted in its place.  Format-agnostic: the valid
 * file each test starts from is made by answers_save().  A symbolic link, a
 * FIFO (without blocking), invalid UTF-8 and control characters are refused
 * as config/config.c refuses them. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "../../engine/answers.h"

#define MIB (1024 * 1024)

static char dir[] = "/tmp/vm-answers-XXXXXX";
static const char *const hostile_vm =
	"vm 'q' \"d\"; $(touch /tmp/vm-CANARY) `touch /tmp/vm-CANARY` \xc3\xa9 # ; [x]";

static char *in_dir(const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void put(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
	close(fd);
}

/* A valid answers file at PATH, saved from one plan with a hostile VM name. */
static void save_one(const char *path)
{
	struct plan p = { 0 };
	struct vm_error err;

	p.vm = (char *)hostile_vm;
	p.kind = PLAN_KIND_BOTH;
	p.target = (char *)"b";
	p.datastore = (char *)"pool 'p' $(x)";
	CU_ASSERT_EQUAL_FATAL(answers_save(path, &p, 1, "hosts a, b", &err), 0);
}

/* answers_load(PATH) fails; the message names PATH and holds FRAG. */
static void expect_refused(const char *path, const char *frag)
{
	struct answers a;
	struct vm_error err;

	memset(&a, 0x5a, sizeof(a));
	CU_ASSERT_EQUAL(answers_load(path, &a, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, path));
	if (!strstr(err.message, frag))
		fprintf(stderr, "\n  '%s' not in '%s'\n", frag, err.message);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, frag));
	CU_ASSERT_EQUAL(a.count, 0);
	CU_ASSERT_PTR_NULL(a.plans);
	answers_free(&a);
}

static void test_setup(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void test_round_trip_hostile_names(void)
{
	char *path = in_dir("ok.answers");
	struct answers a;
	struct vm_error err;
	struct stat st;
	mode_t old = umask(022);

	save_one(path);
	umask(old);
	CU_ASSERT_EQUAL(lstat(path, &st), 0);
	CU_ASSERT(S_ISREG(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	CU_ASSERT_EQUAL_FATAL(answers_load(path, &a, &err), 0);
	CU_ASSERT_EQUAL_FATAL(a.count, 1);
	CU_ASSERT_STRING_EQUAL(a.plans[0].vm, hostile_vm);
	CU_ASSERT_STRING_EQUAL(a.plans[0].datastore, "pool 'p' $(x)");
	answers_free(&a);
	free(path);
}

static void test_save_never_through_a_link(void)
{
	char *path = in_dir("planted.answers"), *victim = in_dir("victim");
	size_t len = 0;
	char *text;
	struct stat st;

	put(victim, "precious\n", 9);
	CU_ASSERT_EQUAL_FATAL(symlink(victim, path), 0);
	save_one(path);		/* refused or the link replaced: never written through */
	text = slurp(victim, &len);
	CU_ASSERT_PTR_NOT_NULL(text);
	if (text)
		CU_ASSERT_STRING_EQUAL(text, "precious\n");
	free(text);
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	unlink(path);
	unlink(victim);
	free(path);
	free(victim);
}

static void test_file_kinds(void)
{
	char *sock = in_dir("sock.answers");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(sock);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	CU_ASSERT_EQUAL_FATAL(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	expect_refused(sock, "");
	close(s);
	expect_refused(dir, "not a regular file");
	expect_refused("/dev/zero", "not a regular file");
	unlink(sock);
	free(sock);
}

static void test_symlink(void)
{
	char *real = in_dir("real.answers"), *link = in_dir("link.answers");

	save_one(real);
	CU_ASSERT_EQUAL_FATAL(symlink(real, link), 0);
	expect_refused(link, "symbolic link");
	unlink(real);
	unlink(link);
	free(real);
	free(link);
}

/* Loading a FIFO nobody writes to must fail at once, not wait for a writer:
 * tried in a child that is killed after 5 s. */
static void test_fifo(void)
{
	char *fifo = in_dir("fifo.answers");
	int status = 0;
	pid_t pid;

	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		struct answers a;
		struct vm_error err;

		alarm(5);
		_exit(answers_load(fifo, &a, &err) == -1 && strstr(err.message, "FIFO") ? 0 : 1);
	}
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (WIFSIGNALED(status))
		fprintf(stderr, "\n  answers_load() on a FIFO blocked (killed by signal %d)\n",
			WTERMSIG(status));
	unlink(fifo);
	free(fifo);
}

/* The saved file with BYTES appended (or put at AT, when AT < len). */
static void expect_damaged_refused(const char *bytes, size_t n, const char *frag)
{
	char *good = in_dir("good.answers"), *bad = in_dir("bad.answers");
	size_t len = 0;
	char *text, *mixed;

	save_one(good);
	text = slurp(good, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	mixed = malloc(len + n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mixed);
	memcpy(mixed, text, len);
	memcpy(mixed + len, bytes, n);
	put(bad, mixed, len + n);
	expect_refused(bad, frag);
	unlink(good);
	unlink(bad);
	free(text);
	free(mixed);
	free(good);
	free(bad);
}

static void test_binary(void)
{
	expect_damaged_refused("# x\n\0\x01", 6, "NUL");
}

static void test_text(void)
{
	expect_damaged_refused("# caf\xe9\n", 7, "UTF-8");
	expect_damaged_refused("# \x1b]0;owned\x07\n", 13, "control character");
}

static void test_size_limit(void)
{
	char *big = in_dir("big.answers");
	char *data = malloc(MIB + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memset(data, '#', MIB + 1);
	data[MIB] = '\n';
	put(big, data, MIB + 1);
	expect_refused(big, "larger than");
	unlink(big);
	free(big);
	free(data);
}

static void test_truncated(void)
{
	char *good = in_dir("t.answers"), *cut = in_dir("cut.answers");
	struct answers a;
	struct vm_error err;
	size_t len = 0;
	char *text;

	save_one(good);
	text = slurp(good, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	/* No final newline: still the same plan. */
	CU_ASSERT_FATAL(len > 1 && text[len - 1] == '\n');
	put(cut, text, len - 1);
	CU_ASSERT_EQUAL(answers_load(cut, &a, &err), 0);
	if (a.count == 1)
		CU_ASSERT_STRING_EQUAL(a.plans[0].vm, hostile_vm);
	answers_free(&a);
	/* Cut inside the last section header or key: an error, never a crash. */
	for (size_t at = 1; at < len; at++) {
		put(cut, text, at);
		if (answers_load(cut, &a, &err) == 0)
			answers_free(&a);
		else
			CU_ASSERT_PTR_NOT_NULL(strstr(err.message, cut));
	}
	unlink(good);
	unlink(cut);
	free(text);
	free(good);
	free(cut);
}

static void test_done(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((p = in_dir(e->d_name))) {
			unlink(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

int test_answers_hostile_register(void);
int test_answers_hostile_register(void)
{
	static const struct unit_test tests[] = {
		{ "set-up", test_setup },
		{ "hostile names survive save and load, file 0600", test_round_trip_hostile_names },
		{ "save never writes through a planted link", test_save_never_through_a_link },
		{ "socket, directory, device refused", test_file_kinds },
		{ "a NUL byte refused", test_binary },
		{ "a symbolic link refused", test_symlink },
		{ "a FIFO refused without blocking", test_fifo },
		{ "invalid UTF-8 and control characters refused", test_text },
		{ "more than 1 MiB refused", test_size_limit },
		{ "truncated files", test_truncated },
		{ "clean-up", test_done },
		{ NULL, NULL }
	};

	return unit_add_suite("answers_hostile", tests);
}

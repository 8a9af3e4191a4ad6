/* tests/unit/test_shquote.c — shquote() against real shells.
 *
 * Every hostile string is quoted, handed to a real shell as
 *   sh -c "printf %s QUOTED"
 * and the bytes the shell prints must be the input, exactly; a canary file
 * that the string tries to create must not appear.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "../../engine/engine.h"

static char tmpdir[64];
static char canary[128];

/* The shells to try: /bin/sh always, the others when installed. */
static const char *const shells[] = { "/bin/sh", "/bin/dash", "/bin/bash", NULL };

/* Run SHELL -c SCRIPT, return its stdout (malloc'd, *len bytes) or NULL. */
static char *run_shell(const char *shell, const char *script, size_t *len, int *status)
{
	int fds[2];
	pid_t pid;
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (pipe(fds) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		if (chdir(tmpdir) < 0)
			_exit(126);
		execl(shell, shell, "-c", script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t r;
		if (n + 4096 + 1 > cap) {
			char *grown = realloc(buf, cap ? cap * 2 : 8192);
			if (!grown)
				break;
			buf = grown;
			cap = cap ? cap * 2 : 8192;
		}
		r = read(fds[0], buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fds[0]);
	waitpid(pid, status, 0);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static int canary_exists(void)
{
	struct stat st;
	return stat(canary, &st) == 0;
}

/* Quote S, let every shell print it back; assert byte identity. */
static void check_roundtrip(const char *s)
{
	char *q = shquote(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	size_t slen = strlen(s);
	char *script = malloc(strlen(q) + 16);
	CU_ASSERT_PTR_NOT_NULL_FATAL(script);
	sprintf(script, "printf %%s %s", q);

	for (size_t i = 0; shells[i]; i++) {
		if (access(shells[i], X_OK) != 0)
			continue;
		size_t len = 0;
		int status = -1;
		char *out = run_shell(shells[i], script, &len, &status);
		CU_ASSERT_PTR_NOT_NULL(out);
		CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		CU_ASSERT_EQUAL(len, slen);
		if (out && len == slen)
			CU_ASSERT(memcmp(out, s, slen) == 0);
		if (!out || len != slen || memcmp(out, s, slen) != 0)
			fprintf(stderr, "\nshquote: %s changed [%s] (quoted as [%s])\n",
				shells[i], s, q);
		CU_ASSERT_FALSE(canary_exists());
		free(out);
	}
	free(script);
	free(q);
}

static int suite_init(void)
{
	strcpy(tmpdir, "/tmp/shquote-test.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(canary, sizeof(canary), "%s/canary", tmpdir);
	return 0;
}

static int suite_clean(void)
{
	unlink(canary);
	rmdir(tmpdir);
	return 0;
}

static void test_plain_words(void)
{
	const char *words[] = { "a", "hello", "/var/lib/libvirt/images/vm-1.qcow2",
				"user@host", "50%", "a+b", "x:y,z", "-n", "--help", NULL };
	for (size_t i = 0; words[i]; i++) {
		char *q = shquote(words[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(q);
		CU_ASSERT_STRING_EQUAL(q, words[i]);	/* left unquoted */
		free(q);
		check_roundtrip(words[i]);
	}
}

static void test_exact_forms(void)
{
	char *q;

	q = shquote("");
	CU_ASSERT_STRING_EQUAL(q, "''");
	free(q);
	q = shquote("a b");
	CU_ASSERT_STRING_EQUAL(q, "'a b'");
	free(q);
	q = shquote("it's");
	CU_ASSERT_STRING_EQUAL(q, "'it'\\''s'");
	free(q);
	q = shquote("'");
	CU_ASSERT_STRING_EQUAL(q, "''\\'''");
	free(q);
	/* an assignment-looking word is quoted: first word would not be a command */
	q = shquote("A=b");
	CU_ASSERT_STRING_EQUAL(q, "'A=b'");
	free(q);
	CU_ASSERT_PTR_NULL(shquote(NULL));
}

static void test_hostile_strings(void)
{
	const char *templates[] = {
		"hello world",
		"it's",
		"\"double\"",
		"a;touch %C",
		"$(touch %C)",
		"`touch %C`",
		"x`touch %C`y$(touch %C)z",
		"a && touch %C",
		"a || touch %C",
		"a | tee %C",
		">%C",
		"a >%C",
		"$(touch %C)'$(touch %C)'\"$(touch %C)\"",
		"'; touch %C; echo '",
		"'\\''; touch %C #",
		"\"; touch %C; echo \"",
		"line1\nline2",
		"\n",
		"trailing newline\n\n",
		"\ntouch %C\n",
		"tab\there",
		"\r\n",
		"",
		" ",
		"-",
		"-n",
		"-e \\n",
		"--",
		"*",
		"?",
		"[a-z]*",
		"~",
		"~root",
		"$HOME",
		"${HOME}",
		"$1 $@ $* $# $$ $? $!",
		"\\",
		"\\\\n",
		"a\\b",
		"'",
		"''",
		"'\\''",
		"!",
		"!!",
		"#comment",
		"a#b",
		"&",
		"(touch %C)",
		"{ touch %C; }",
		"A=b",
		"IFS=x",
		"%s%n%d",
		"h\xc3\xa9llo \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x9a\x80",
		"\xff\xfe invalid utf-8 \xc3",
		"\x01\x02\x1b[31m\x7f",
		"a b'$(touch %C)`x`",
		NULL
	};
	char buf[1024];

	for (size_t i = 0; templates[i]; i++) {
		/* substitute the canary path for %C */
		const char *t = templates[i];
		size_t n = 0;
		for (; *t && n < sizeof(buf) - 200; t++) {
			if (t[0] == '%' && t[1] == 'C') {
				n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", canary);
				t++;
			} else {
				buf[n++] = *t;
			}
		}
		buf[n] = '\0';
		check_roundtrip(buf);
	}
}

static void test_long_string(void)
{
	size_t n = 20000;
	char *s = malloc(n + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (size_t i = 0; i < n; i++)
		s[i] = "'\"$`\\ \n;"[i % 8];
	s[n] = '\0';
	check_roundtrip(s);
	free(s);
}

static void test_argv(void)
{
	char script[512];
	const char *argv[] = { "printf", "[%s]", "a b", "", "it's", "$(touch x)", "-n", NULL };
	char *joined = shquote_argv(argv);
	CU_ASSERT_PTR_NOT_NULL_FATAL(joined);
	CU_ASSERT_STRING_EQUAL(joined, "printf '[%s]' 'a b' '' 'it'\\''s' '$(touch x)' -n");

	snprintf(script, sizeof(script), "%s", joined);
	size_t len = 0;
	int status = -1;
	char *out = run_shell("/bin/sh", script, &len, &status);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_STRING_EQUAL(out, "[a b][][it's][$(touch x)][-n]");
	free(out);
	free(joined);

	const char *empty[] = { NULL };
	joined = shquote_argv(empty);
	CU_ASSERT_PTR_NOT_NULL_FATAL(joined);
	CU_ASSERT_STRING_EQUAL(joined, "");
	free(joined);
	CU_ASSERT_PTR_NULL(shquote_argv(NULL));

	/* the shell ran in the scratch directory: nothing was created there */
	char x[160];
	snprintf(x, sizeof(x), "%s/x", tmpdir);
	CU_ASSERT_NOT_EQUAL(access(x, F_OK), 0);
}

int test_shquote_register(void);
int test_shquote_register(void)
{
	static const struct unit_test tests[] = {
		{ "plain words stay unquoted", test_plain_words },
		{ "exact quoted forms", test_exact_forms },
		{ "hostile strings round-trip through sh", test_hostile_strings },
		{ "long string of metacharacters", test_long_string },
		{ "argv joined and run", test_argv },
		{ NULL, NULL }
	};
	CU_pSuite s = CU_add_suite("shquote", suite_init, suite_clean);
	if (!s)
		return -1;
	for (size_t i = 0; tests[i].name; i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}

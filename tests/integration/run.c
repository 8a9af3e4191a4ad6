/* tests/integration/run.c — the CUnit runner of the integration tier.
 *
 * Real libvirt (test:/// driver fixtures) and a real throwaway sshd on the
 * loopback.  Prints "integration: N passed, N failed" last and exits with
 * the number of failed tests (capped at 255), or 255 when CUnit failed.
 *
 *   integration-tests [SUITE...]     every suite, or only the ones named
 *
 * ITEST_KEEP=1 keeps the scratch directory (engine log, sshd files) even
 * when every test passed; it is always kept after a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "itest.h"
#include "../../engine/engine.h"

int test_scale_register(void);	/* tests/integration/test_scale.c */

static char scratch[PATH_MAX];
static char fixtures[PATH_MAX];

static const struct {
	const char *name;
	int (*reg)(void);
} suites[] = {
	{ "engine", test_engine_register },
	{ "uri", test_uri_register },
	{ "inventory", test_inventory_register },
	{ "sshlink", test_sshlink_register },
	{ "facts", test_facts_register },
	{ "recover", test_recover_register },
	{ "scale", test_scale_register },
	{ NULL, NULL }
};

int itest_add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc clean,
		    const struct itest *tests)
{
	CU_pSuite s = CU_add_suite(name, init, clean);
	if (!s)
		return -1;
	for (; tests->name; tests++)
		if (!CU_add_test(s, tests->name, tests->fn))
			return -1;
	return 0;
}

const char *itest_fixture(const char *file, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", fixtures, file);
	return buf;
}

const char *itest_scratch(void)
{
	return scratch;
}

int itest_run(const char *const argv[], char **out)
{
	int fds[2] = { -1, -1 }, status;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	pid_t pid;

	if (out)
		*out = NULL;
	if (out && pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		if (out) {
			dup2(fds[1], 1);
			close(fds[0]);
			close(fds[1]);
		} else {
			dup2(devnull, 1);
		}
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (out) {
		close(fds[1]);
		for (;;) {
			ssize_t r;
			if (len + 1024 >= cap) {
				char *g = realloc(buf, cap ? cap * 2 : 4096);
				if (!g)
					break;
				buf = g;
				cap = cap ? cap * 2 : 4096;
			}
			r = read(fds[0], buf + len, cap - len - 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			len += (size_t)r;
		}
		close(fds[0]);
		if (buf)
			buf[len] = '\0';
		*out = buf;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

/* The fixtures directory: $ITEST_FIXTURES, else next to this source file
 * (the runner is started from the top of the tree, as make does). */
static int find_fixtures(void)
{
	const char *env = getenv("ITEST_FIXTURES");
	char guess[PATH_MAX];
	const char *slash = strrchr(__FILE__, '/');

	if (env && *env)
		snprintf(guess, sizeof(guess), "%s", env);
	else
		snprintf(guess, sizeof(guess), "%.*s/fixtures",
			 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	if (!realpath(guess, fixtures)) {
		fprintf(stderr, "integration-tests: no fixtures at '%s' (%s); run from the "
			"top of the tree or set ITEST_FIXTURES.\n", guess, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vm_error err;
	char log_path[PATH_MAX + 16];
	unsigned failed = 0, passed = 0;
	int cu_err, registered = 0, rc = 255;

	if (find_fixtures() < 0)
		return 255;
	snprintf(scratch, sizeof(scratch), "/tmp/virt-migrate-itest.XXXXXX");
	if (!mkdtemp(scratch)) {
		fprintf(stderr, "integration-tests: cannot make a scratch directory: %s\n",
			strerror(errno));
		return 255;
	}
	snprintf(log_path, sizeof(log_path), "%s/engine.log", scratch);
	if (engine_init(log_path, &err) < 0) {
		fprintf(stderr, "integration-tests: %s %s\n", err.message, err.hint);
		return 255;
	}
	/* hermetic: no agent keys from the caller's session, and the tool's
	 * state (journal, facts cache) in the scratch directory; a suite may
	 * point XDG_STATE_HOME elsewhere for itself */
	unsetenv("SSH_AUTH_SOCK");
	setenv("XDG_STATE_HOME", scratch, 1);

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "integration-tests: CUnit: %s\n", CU_get_error_msg());
		goto cleanup;
	}
	for (size_t i = 0; suites[i].name; i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		if (suites[i].reg() != 0) {
			fprintf(stderr, "integration-tests: cannot register suite '%s': %s\n",
				suites[i].name, CU_get_error_msg());
			CU_cleanup_registry();
			goto cleanup;
		}
		registered++;
	}
	if (registered == 0) {
		fprintf(stderr, "integration-tests: no suite matched\n");
		CU_cleanup_registry();
		goto cleanup;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_tests_failed();
	passed = CU_get_number_of_tests_run() - failed;
	cu_err = CU_get_error();
	/* a suite whose set-up failed ran nothing: count it as a failure */
	failed += CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	rc = cu_err != CUE_SUCCESS ? 255 : failed > 255 ? 255 : (int)failed;
cleanup:
	engine_shutdown();
	if (rc == 0 && !getenv("ITEST_KEEP")) {
		const char *rm[] = { "rm", "-rf", "--", scratch, NULL };
		itest_run(rm, NULL);
	} else {
		fprintf(stderr, "integration-tests: engine log and scratch files kept in %s\n",
			scratch);
	}
	printf("integration: %u passed, %u failed\n", passed, failed);
	return rc;
}

/* tests/unit/test_sshhelper.c — suite "sshhelper": the options libvirt's
 * ssh gets from the helper's directory (engine/sshhelper.c): the known_hosts
 * file the config names, quoted, or nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "checkfix.h"

static void test_options(void)
{
	char dir[] = "/tmp/vm-sshhelper-XXXXXX", argv0[256], file[256];
	char *opts[2] = { NULL, NULL };

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(argv0, sizeof argv0, "%s/%s", dir, SSHHELPER_NAME);
	snprintf(file, sizeof file, "%s/%s", dir, SSHHELPER_KNOWN_HOSTS);

	/* no file beside the helper: ssh's own known_hosts */
	CU_ASSERT_EQUAL(sshhelper_options(argv0, opts), 0);
	CU_ASSERT_EQUAL(sshhelper_options("virt-migrate-ssh", opts), 0);

	FILE *f = fopen(file, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("/srv/fleet keys/known_hosts", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(sshhelper_options(argv0, opts), 2);
	CU_ASSERT_STRING_EQUAL(opts[0], "-o");
	/* quoted: ssh would split the path at its space */
	CU_ASSERT_STRING_EQUAL(opts[1], "UserKnownHostsFile=\"/srv/fleet keys/known_hosts\"");
	free(opts[0]);
	free(opts[1]);
	unlink(file);
	rmdir(dir);
}

static const struct unit_test tests[] = {
	{ "the known_hosts file beside the helper becomes ssh's, quoted", test_options },
	{ NULL, NULL }
};

int test_sshhelper_register(void);
int test_sshhelper_register(void)
{
	return unit_add_suite("sshhelper", tests);
}

/* tests/unit/test_config_limits.c — suite "config_limits": the keys that say
 * what a host takes at once, ssh_max_startups and migration_ports. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "../../config/config.h"

static char err[CONFIG_ERR_MAX];
static struct config cfg;

static int load(const char *text)
{
	config_free(&cfg);
	err[0] = '\0';
	return config_load_string(text, "lab.ini", &cfg, err, sizeof(err));
}

/* TEXT is refused, the message holding FRAG1 and FRAG2. */
static void refused(const char *text, const char *frag1, const char *frag2)
{
	CU_ASSERT_EQUAL(load(text), -1);
	if (!strstr(err, frag1) || !strstr(err, frag2))
		fprintf(stderr, "\n  '%s' / '%s' not in '%s'\n", frag1, frag2, err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, frag1));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, frag2));
}

static void test_startups(void)
{
	CU_ASSERT_EQUAL_FATAL(load("[defaults]\nssh_max_startups = 10:30:100\n"
				   "[host a]\nssh_max_startups = 4\n[host b]\n"), 0);
	CU_ASSERT_EQUAL(cfg.defaults.ssh_max_startups, 10);
	CU_ASSERT_EQUAL(cfg.hosts[0].ssh_max_startups, 4);
	CU_ASSERT_EQUAL(config_host_ssh_max_startups(&cfg, &cfg.hosts[0]), 4);
	CU_ASSERT_EQUAL(config_host_ssh_max_startups(&cfg, &cfg.hosts[1]), 10);

	refused("[defaults]\nssh_max_startups = 0\n", "lab.ini:2: ssh_max_startups '0' in "
		"[defaults] is not sshd's MaxStartups", "10:30:100");
	refused("[host a]\nssh_max_startups = many\n", "lab.ini:2: ", "'many'");
	refused("[host a]\nssh_max_startups = 10:30\n", "lab.ini:2: ", "'10:30'");
	refused("[host a]\nssh_max_startups = 10:30:5\n", "lab.ini:2: ", "'10:30:5'");
	refused("[host a]\nssh_max_startups = 10:101:100\n", "lab.ini:2: ", "'10:101:100'");
	refused("[host a]\nssh_max_startups = 10001\n", "lab.ini:2: ", "'10001'");
	refused("[host a]\nssh_max_startups = 10x\n", "lab.ini:2: ", "'10x'");
}

static void test_ports(void)
{
	CU_ASSERT_EQUAL_FATAL(load("[defaults]\nmigration_ports = 49152-49215\n"
				   "[host a]\nmigration_ports = 50000 - 50003\n[host b]\n"), 0);
	CU_ASSERT_EQUAL(cfg.defaults.migration_ports.min, 49152);
	CU_ASSERT_EQUAL(cfg.defaults.migration_ports.max, 49215);
	CU_ASSERT_EQUAL(cfg.hosts[0].migration_ports.min, 50000);
	CU_ASSERT_EQUAL(cfg.hosts[0].migration_ports.max, 50003);
	CU_ASSERT_EQUAL(config_host_migration_ports(&cfg, &cfg.hosts[0]).min, 50000);
	CU_ASSERT_EQUAL(config_host_migration_ports(&cfg, &cfg.hosts[1]).max, 49215);

	CU_ASSERT_EQUAL_FATAL(load("[host a]\nmigration_ports = 49152-49152\n"), 0);
	CU_ASSERT_EQUAL(config_host_migration_ports(&cfg, &cfg.hosts[0]).max, 49152);

	refused("[defaults]\nmigration_ports = 49215-49152\n", "lab.ini:2: migration_ports "
		"'49215-49152' in [defaults] is not a port range MIN-MAX", "49152-49215");
	refused("[host a]\nmigration_ports = 0-10\n", "lab.ini:2: ", "'0-10'");
	refused("[host a]\nmigration_ports = 49152-70000\n", "lab.ini:2: ", "'49152-70000'");
	refused("[host a]\nmigration_ports = 49152\n", "lab.ini:2: ", "'49152'");
	refused("[host a]\nmigration_ports = 49152-\n", "lab.ini:2: ", "'49152-'");
	refused("[host a]\nmigration_ports = a-b\n", "lab.ini:2: ", "'a-b'");
}

static void test_not_said(void)
{
	CU_ASSERT_EQUAL_FATAL(load("[host a]\n"), 0);
	CU_ASSERT_EQUAL(config_host_ssh_max_startups(&cfg, &cfg.hosts[0]), 0);
	CU_ASSERT_EQUAL(config_host_migration_ports(&cfg, &cfg.hosts[0]).min, 0);
	CU_ASSERT_EQUAL(config_host_migration_ports(&cfg, &cfg.hosts[0]).max, 0);
	CU_ASSERT_EQUAL(config_host_ssh_max_startups(NULL, NULL), 0);
	CU_ASSERT_EQUAL(config_host_migration_ports(NULL, NULL).max, 0);
	/* given twice in one section: refused as any key */
	CU_ASSERT_EQUAL(load("[host a]\nmigration_ports = 1-2\nmigration_ports = 1-3\n"), -1);
	config_free(&cfg);
}

int test_config_limits_register(void);
int test_config_limits_register(void)
{
	static const struct unit_test tests[] = {
		{ "ssh_max_startups: N or START:RATE:FULL", test_startups },
		{ "migration_ports: MIN-MAX", test_ports },
		{ "not said: 0, for the host or the default to tell", test_not_said },
		{ NULL, NULL }
	};

	return unit_add_suite("config_limits", tests);
}

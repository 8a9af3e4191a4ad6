/* tests/unit/test_config.c — suite "config": the INI loader of config/config.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "../../config/config.h"

#define NAME "lab.ini"

static char err[CONFIG_ERR_MAX];
static struct config cfg;

/* Parse TEXT as "lab.ini"; returns config_load_string's result. */
static int load(const char *text)
{
	config_free(&cfg);
	err[0] = '\0';
	return config_load_string(text, NAME, &cfg, err, sizeof(err));
}

/* TEXT must be refused with a message containing each of the NULL-ended
 * fragments, and leave cfg empty. */
#define EXPECT_ERR(text, ...) expect_err(__LINE__, text, __VA_ARGS__, (const char *)NULL)

static void expect_err(int at, const char *text, ...)
{
	va_list ap;
	const char *frag;
	int rc = load(text);

	if (rc != -1)
		fprintf(stderr, "\n  test line %d: accepted:\n%s\n", at, text);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NULL(cfg.hosts);
	CU_ASSERT_PTR_NULL(cfg.clusters);
	CU_ASSERT_PTR_NULL(cfg.path);
	CU_ASSERT_EQUAL(cfg.nhosts, 0);
	CU_ASSERT_PTR_NULL(strchr(err, '\n'));
	va_start(ap, text);
	while ((frag = va_arg(ap, const char *))) {
		if (!strstr(err, frag))
			fprintf(stderr, "\n  test line %d: '%s' not in '%s'\n", at, frag, err);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, frag));
	}
	va_end(ap);
}

static int expect_ok(int at, const char *text)
{
	int rc = load(text);

	if (rc != 0)
		fprintf(stderr, "\n  test line %d: refused: %s\n", at, err);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return rc;
}
#define EXPECT_OK(text) expect_ok(__LINE__, text)

/* ---- whole files ------------------------------------------------------------- */

static void test_full_file(void)
{
	EXPECT_OK("; lab\n"
		  "[defaults]\n"
		  "ssh_user = admin\n"
		  "ssh_port = 2200\n"
		  "ssh_identity = /keys/id_ed25519\n"
		  "known_hosts = /keys/known_hosts\n"
		  "link_gbps = 25\n"
		  "connect_timeout = 30\n"
		  "theme = dark-blue_2\n"
		  "\n"
		  "[host a]\n"
		  "address = 192.0.2.11\n"
		  "uri = qemu+ssh://root@192.0.2.11/system\n"
		  "ssh_user = root\n"
		  "ssh_port = 2222\n"
		  "ssh_identity = /keys/a\n"
		  "migration_address = 198.51.100.11\n"
		  "link_gbps = 10\n"
		  "cluster = lab\n"
		  "[cluster lab]\n"
		  "evc = Westmere-IBRS\n");
	CU_ASSERT_STRING_EQUAL(cfg.path, "<string>");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.ssh_user, "admin");
	CU_ASSERT_EQUAL(cfg.defaults.ssh_port, 2200);
	CU_ASSERT_STRING_EQUAL(cfg.defaults.ssh_identity, "/keys/id_ed25519");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.known_hosts, "/keys/known_hosts");
	CU_ASSERT_DOUBLE_EQUAL(cfg.defaults.link_gbps, 25.0, 1e-9);
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 30);
	CU_ASSERT_STRING_EQUAL(cfg.defaults.theme, "dark-blue_2");
	CU_ASSERT_EQUAL_FATAL(cfg.nhosts, 1);
	const struct config_host *h = &cfg.hosts[0];
	CU_ASSERT_STRING_EQUAL(h->name, "a");
	CU_ASSERT_STRING_EQUAL(h->address, "192.0.2.11");
	CU_ASSERT_STRING_EQUAL(h->uri, "qemu+ssh://root@192.0.2.11/system");
	CU_ASSERT_STRING_EQUAL(h->ssh_user, "root");
	CU_ASSERT_EQUAL(h->ssh_port, 2222);
	CU_ASSERT_STRING_EQUAL(h->ssh_identity, "/keys/a");
	CU_ASSERT_STRING_EQUAL(h->migration_address, "198.51.100.11");
	CU_ASSERT_DOUBLE_EQUAL(h->link_gbps, 10.0, 1e-9);
	CU_ASSERT_STRING_EQUAL(h->cluster, "lab");
	CU_ASSERT_EQUAL(h->line, 11);
	CU_ASSERT_EQUAL_FATAL(cfg.nclusters, 1);
	CU_ASSERT_EQUAL(cfg.clusters[0].line, 20);
	CU_ASSERT_EQUAL(cfg.clusters[0].evc, CONFIG_EVC_MODEL);
	CU_ASSERT_STRING_EQUAL(cfg.clusters[0].evc_model, "Westmere-IBRS");
	CU_ASSERT_EQUAL_FATAL(cfg.clusters[0].nhosts, 1);
	CU_ASSERT_STRING_EQUAL(cfg.clusters[0].hosts[0], "a");
}

static void test_empty_and_builtin_defaults(void)
{
	EXPECT_OK("");
	CU_ASSERT_EQUAL(cfg.nhosts, 0);
	CU_ASSERT_EQUAL(cfg.nclusters, 0);
	CU_ASSERT_DOUBLE_EQUAL(cfg.defaults.link_gbps, 0.0, 1e-9);	/* the hosts tell */
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 10);
	CU_ASSERT_EQUAL(cfg.defaults.facts_ttl, CONFIG_FACTS_TTL_DEFAULT);
	CU_ASSERT_EQUAL(cfg.defaults.ssh_port, 0);
	CU_ASSERT_PTR_NULL(cfg.defaults.ssh_user);
	CU_ASSERT_PTR_NULL(cfg.defaults.theme);

	EXPECT_OK("; only comments\n# and blank lines\n\n[defaults]\n");
	CU_ASSERT_EQUAL(cfg.nhosts, 0);
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 10);
}

static void test_host_address_defaults_to_name(void)
{
	EXPECT_OK("[host node-1.lab]\n");
	CU_ASSERT_EQUAL_FATAL(cfg.nhosts, 1);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].address, "node-1.lab");
	CU_ASSERT_PTR_NULL(cfg.hosts[0].uri);
	CU_ASSERT_PTR_NULL(cfg.hosts[0].cluster);
	CU_ASSERT_STRING_EQUAL(config_host_migration_address(&cfg.hosts[0]), "node-1.lab");
}

static void test_accessors(void)
{
	EXPECT_OK("[defaults]\n"
		  "ssh_user = ops\n"
		  "ssh_port = 2200\n"
		  "ssh_identity = /k/default\n"
		  "link_gbps = 0.5\n"
		  "[host a]\n"
		  "ssh_user = root\n"
		  "ssh_port = 2222\n"
		  "ssh_identity = /k/a\n"
		  "link_gbps = 10\n"
		  "migration_address = 10.0.0.1\n"
		  "[host b]\n");
	const struct config_host *a = config_host_find(&cfg, "a");
	const struct config_host *b = config_host_find(&cfg, "b");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(config_host_user(&cfg, a), "root");
	CU_ASSERT_STRING_EQUAL(config_host_user(&cfg, b), "ops");
	CU_ASSERT_EQUAL(config_host_port(&cfg, a), 2222);
	CU_ASSERT_EQUAL(config_host_port(&cfg, b), 2200);
	CU_ASSERT_STRING_EQUAL(config_host_identity(&cfg, a), "/k/a");
	CU_ASSERT_STRING_EQUAL(config_host_identity(&cfg, b), "/k/default");
	CU_ASSERT_DOUBLE_EQUAL(config_host_link_gbps(&cfg, a), 10.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(config_host_link_gbps(&cfg, b), 0.5, 1e-9);
	CU_ASSERT_STRING_EQUAL(config_host_migration_address(a), "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(config_host_migration_address(b), "b");
	CU_ASSERT_PTR_NULL(config_host_find(&cfg, "c"));
	CU_ASSERT_PTR_NULL(config_host_find(NULL, "a"));
	CU_ASSERT_PTR_NULL(config_host_migration_address(NULL));

	/* Nothing set anywhere: the built-in values. */
	EXPECT_OK("[host c]\n");
	const struct config_host *c = config_host_find(&cfg, "c");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NULL(config_host_user(&cfg, c));
	CU_ASSERT_EQUAL(config_host_port(&cfg, c), 22);
	CU_ASSERT_PTR_NULL(config_host_identity(&cfg, c));
	/* no link speed said: 0, the host's interface will tell */
	CU_ASSERT_DOUBLE_EQUAL(config_host_link_gbps(&cfg, c), 0.0, 1e-9);
	CU_ASSERT_EQUAL(config_host_port(NULL, NULL), 22);
}

/* ---- syntax ------------------------------------------------------------------ */

static void test_crlf_bom_indent_comments(void)
{
	EXPECT_OK("\xEF\xBB\xBF[defaults]\r\n"
		  "  ssh_port = 2222   ; inline comment\r\n"
		  "\tconnect_timeout=5\r\n"
		  "  ; indented comment\r\n"
		  "[host  a ]   ; comment after the header\r\n"
		  "    address = fe80::1\r\n"
		  "    ssh_user: root\r\n");
	CU_ASSERT_EQUAL(cfg.defaults.ssh_port, 2222);
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 5);
	CU_ASSERT_EQUAL_FATAL(cfg.nhosts, 1);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].name, "a");
	CU_ASSERT_EQUAL(cfg.hosts[0].line, 5);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].address, "fe80::1");
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].ssh_user, "root");
}

static void test_line_numbers_count_comments(void)
{
	EXPECT_ERR("; one\n\n# three\n[defaults]\n\n  ; six\nssh_port = x\n",
		   "lab.ini:7: ", "ssh_port 'x'");
	/* Without a final newline, and after a BOM. */
	EXPECT_ERR("\xEF\xBB\xBF[defaults]\nssh_port = 99999", "lab.ini:2: ", "99999");
}

static void test_not_key_value(void)
{
	EXPECT_ERR("[defaults]\nssh_port 22\n", "lab.ini:2: ", "key = value");
	EXPECT_ERR("[host a]\n= b\n", "lab.ini:2: ", "missing key name");
	EXPECT_ERR("[host a\n", "lab.ini:1: ", "']'");
	EXPECT_ERR("[host a] junk\n", "lab.ini:1: ", "after ']'");
}

static void test_line_too_long(void)
{
	char text[512];
	char list[400];

	memset(list, 'h', sizeof(list) - 1);
	list[sizeof(list) - 1] = '\0';
	snprintf(text, sizeof(text), "[cluster c]\nhosts = %s\n", list);
	EXPECT_ERR(text, "lab.ini:2: ", "longer than");
	/* A long comment is fine. */
	snprintf(text, sizeof(text), "; %s\n[host a]\n", list);
	EXPECT_OK(text);
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
}

/* ---- sections ------------------------------------------------------------------ */

static void test_unknown_section_kind(void)
{
	EXPECT_ERR("[defaults]\n[hots a]\n", "lab.ini:2: ", "unknown section [hots]",
		   "[host NAME]");
	EXPECT_ERR("[Host a]\n", "lab.ini:1: ", "[Host]");
	EXPECT_ERR("[]\n", "lab.ini:1: ", "unknown section");
}

static void test_section_names(void)
{
	EXPECT_ERR("[host]\n", "lab.ini:1: ", "[host] needs a name");
	EXPECT_ERR("[cluster]\n", "lab.ini:1: ", "[cluster] needs a name");
	EXPECT_ERR("[defaults x]\n", "lab.ini:1: ", "takes no name");
	EXPECT_ERR("\n[host -a]\n", "lab.ini:2: ", "host name '-a'");
	EXPECT_ERR("[host a b]\n", "lab.ini:1: ", "host name 'a b'");
	EXPECT_ERR("[cluster lab/1]\n", "lab.ini:1: ", "cluster name 'lab/1'");

	char text[128];
	char name[65];
	memset(name, 'n', 64);
	name[64] = '\0';
	snprintf(text, sizeof(text), "[host %s]\n", name);
	EXPECT_ERR(text, "lab.ini:1: ", "at most 63");
	name[63] = '\0';
	snprintf(text, sizeof(text), "[host %s]\n[host A_b.c-9]\n", name);
	EXPECT_OK(text);
	CU_ASSERT_EQUAL_FATAL(cfg.nhosts, 2);
	CU_ASSERT_EQUAL(strlen(cfg.hosts[0].name), 63);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[1].name, "A_b.c-9");
}

static void test_duplicate_sections(void)
{
	EXPECT_ERR("[host a]\n\n[host b]\n[host a]\n", "lab.ini:4: ", "[host a]",
		   "line 1");
	EXPECT_ERR("[defaults]\n[defaults]\n", "lab.ini:2: ", "[defaults]", "line 1");
	EXPECT_ERR("[cluster c]\n[cluster c]\n", "lab.ini:2: ", "[cluster c]");
	/* The same name for a host and a cluster is not a duplicate. */
	EXPECT_OK("[host lab]\n[cluster lab]\nhosts = lab\n");
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
	CU_ASSERT_EQUAL(cfg.nclusters, 1);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].cluster, "lab");
}

/* ---- keys ---------------------------------------------------------------------- */

static void test_unknown_key(void)
{
	EXPECT_ERR("[host a]\naddress = x\n\n\n\n\nadress = y\n", "lab.ini:7: ",
		   "unknown key 'adress' in [host a]",
		   "expected one of: address, uri, ssh_user, ssh_port, ssh_identity, "
		   "known_hosts, migration_address, link_gbps, cluster");
	EXPECT_ERR("[defaults]\ncluster = x\n", "lab.ini:2: ", "'cluster' in [defaults]",
		   "ssh_user, ssh_port, ssh_identity, known_hosts, link_gbps, "
		   "connect_timeout, facts_ttl, theme");
	EXPECT_ERR("[cluster c]\naddress = x\n", "lab.ini:2: ", "[cluster c]",
		   "hosts, evc");
	EXPECT_ERR("[host a]\nSSH_USER = x\n", "lab.ini:2: ", "'SSH_USER'");
}

static void test_key_before_section(void)
{
	EXPECT_ERR("; header\nssh_port = 22\n[defaults]\n", "lab.ini:2: ",
		   "'ssh_port' is outside any section");
}

static void test_duplicate_key(void)
{
	EXPECT_ERR("[host a]\nssh_port = 22\naddress = b\nssh_port = 23\n", "lab.ini:4: ",
		   "ssh_port is given twice in [host a]", "line 2");
	/* The same key in two sections is fine. */
	EXPECT_OK("[defaults]\nssh_port = 22\n[host a]\nssh_port = 23\n[host b]\nssh_port = 24\n");
	CU_ASSERT_EQUAL(cfg.defaults.ssh_port, 22);
	CU_ASSERT_EQUAL(cfg.hosts[0].ssh_port, 23);
	CU_ASSERT_EQUAL(cfg.hosts[1].ssh_port, 24);
}

static void test_empty_value(void)
{
	EXPECT_ERR("[defaults]\nssh_user =\n", "lab.ini:2: ", "ssh_user in [defaults] has no value");
	EXPECT_ERR("[host a]\naddress = ; comment only\n", "lab.ini:2: ", "address in [host a]",
		   "no value");
	EXPECT_ERR("[cluster c]\nhosts =   \n", "lab.ini:2: ", "hosts", "no value");
}

/* ---- values ------------------------------------------------------------------ */

static void test_port(void)
{
	EXPECT_OK("[defaults]\nssh_port = 65535\n[host a]\nssh_port = 1\n");
	CU_ASSERT_EQUAL(cfg.defaults.ssh_port, 65535);
	CU_ASSERT_EQUAL(cfg.hosts[0].ssh_port, 1);

	EXPECT_ERR("[defaults]\nssh_port = abc\n",
		   "lab.ini:2: ssh_port 'abc' in [defaults] is not a number from 1 to 65535");
	EXPECT_ERR("[defaults]\nssh_port = 0\n", "lab.ini:2: ", "'0'");
	EXPECT_ERR("[defaults]\nssh_port = 65536\n", "lab.ini:2: ", "'65536'");
	EXPECT_ERR("[host a]\nssh_port = -22\n", "lab.ini:2: ", "'-22'", "[host a]");
	EXPECT_ERR("[host a]\nssh_port = 22x\n", "lab.ini:2: ", "'22x'");
	EXPECT_ERR("[host a]\nssh_port = 99999999999999999999\n", "lab.ini:2: ", "from 1 to 65535");
}

static void test_link_gbps(void)
{
	EXPECT_OK("[defaults]\nlink_gbps = 0.5\n[host a]\nlink_gbps = 25\n"
		  "[host b]\nlink_gbps = .25\n");
	CU_ASSERT_DOUBLE_EQUAL(cfg.defaults.link_gbps, 0.5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(cfg.hosts[0].link_gbps, 25.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(cfg.hosts[1].link_gbps, 0.25, 1e-9);

	EXPECT_ERR("[defaults]\nlink_gbps = 0\n", "lab.ini:2: ", "link_gbps '0'", "above 0");
	EXPECT_ERR("[defaults]\nlink_gbps = -1\n", "lab.ini:2: ", "'-1'");
	EXPECT_ERR("[host a]\nlink_gbps = fast\n", "lab.ini:2: ", "'fast'");
	EXPECT_ERR("[host a]\nlink_gbps = 1,5\n", "lab.ini:2: ", "'1,5'");
	EXPECT_ERR("[host a]\nlink_gbps = 10G\n", "lab.ini:2: ", "'10G'");
	EXPECT_ERR("[host a]\nlink_gbps = 1e9\n", "lab.ini:2: ", "'1e9'");
}

static void test_connect_timeout(void)
{
	EXPECT_OK("[defaults]\nconnect_timeout = 600\n");
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 600);
	EXPECT_OK("[defaults]\nconnect_timeout = 1\n");
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 1);
	EXPECT_ERR("[defaults]\nconnect_timeout = 601\n", "lab.ini:2: ", "'601'", "1 to 600");
	EXPECT_ERR("[defaults]\nconnect_timeout = 0\n", "lab.ini:2: ", "'0'");
	EXPECT_ERR("[defaults]\nconnect_timeout = 1.5\n", "lab.ini:2: ", "'1.5'");
}

static void test_facts_ttl(void)
{
	EXPECT_OK("[defaults]\nfacts_ttl = 0\n");
	CU_ASSERT_EQUAL(cfg.defaults.facts_ttl, 0);	/* never reuse */
	EXPECT_OK("[defaults]\nfacts_ttl = 86400\n");
	CU_ASSERT_EQUAL(cfg.defaults.facts_ttl, 86400);
	EXPECT_ERR("[defaults]\nfacts_ttl = 86401\n", "lab.ini:2: ", "'86401'", "0 (never reuse) to 86400");
	EXPECT_ERR("[defaults]\nfacts_ttl = -1\n", "lab.ini:2: ", "'-1'");
	EXPECT_ERR("[defaults]\nfacts_ttl = 5m\n", "lab.ini:2: ", "'5m'");
	EXPECT_ERR("[host a]\nfacts_ttl = 5\n", "lab.ini:2: ", "unknown key 'facts_ttl' in [host a]");
}

static void test_theme_and_user(void)
{
	EXPECT_OK("[defaults]\ntheme = solarized-dark_2\nssh_user = svc.backup\n");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.theme, "solarized-dark_2");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.ssh_user, "svc.backup");
	EXPECT_ERR("[defaults]\ntheme = my theme\n", "lab.ini:2: ", "theme 'my theme'");
	EXPECT_ERR("[defaults]\ntheme = ../etc\n", "lab.ini:2: ", "theme '../etc'");
	/* An escape sequence is refused for the whole file, before any key. */
	EXPECT_ERR("[defaults]\ntheme = a\x1b[2Jb\n", "lab.ini:2: ", "control character 0x1B");
	EXPECT_ERR("[host a]\nssh_user = root@x\n", "lab.ini:2: ", "ssh_user 'root@x'");
}

static void test_paths(void)
{
	char *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	setenv("HOME", "/home/tester/", 1);
	EXPECT_OK("[defaults]\nssh_identity = ~/.ssh/id_ed25519\nknown_hosts = ~/kh\n"
		  "[host a]\nssh_identity = /etc/keys/a\n");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.ssh_identity, "/home/tester/.ssh/id_ed25519");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.known_hosts, "/home/tester/kh");
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].ssh_identity, "/etc/keys/a");

	EXPECT_ERR("[defaults]\nssh_identity = ~bob/.ssh/id\n", "lab.ini:2: ", "'~user'");
	EXPECT_ERR("[defaults]\nknown_hosts = .ssh/known_hosts\n", "lab.ini:2: ",
		   "known_hosts '.ssh/known_hosts'", "absolute path");
	unsetenv("HOME");
	EXPECT_ERR("[host a]\nssh_identity = ~/.ssh/id\n", "lab.ini:2: ", "$HOME");

	if (old)
		setenv("HOME", old, 1);
	free(old);
}

static void test_address_and_uri(void)
{
	EXPECT_OK("[host a]\naddress = 2001:db8::11\nmigration_address = mig-a.lab\n"
		  "uri = qemu+ssh://root@a/system?keyfile=/k\n"
		  "[host b]\nuri = test:///default\n");
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].address, "2001:db8::11");
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].migration_address, "mig-a.lab");
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].uri, "qemu+ssh://root@a/system?keyfile=/k");
	CU_ASSERT_STRING_EQUAL(cfg.hosts[1].uri, "test:///default");

	EXPECT_ERR("[host a]\naddress = a b\n", "lab.ini:2: ", "address 'a b'");
	EXPECT_ERR("[host a]\naddress = host/1\n", "lab.ini:2: ", "address 'host/1'");
	EXPECT_ERR("[host a]\nmigration_address = [::1]\n", "lab.ini:2: ", "migration_address");
	EXPECT_ERR("[host a]\nuri = root@a\n", "lab.ini:2: ", "uri 'root@a'", "libvirt URI");
	EXPECT_ERR("[host a]\nuri = qemu:///sys tem\n", "lab.ini:2: ", "uri 'qemu:///sys tem'");
}

static void test_evc(void)
{
	EXPECT_OK("[cluster a]\nevc = off\n[cluster b]\nevc = AUTO\n"
		  "[cluster c]\nevc = Opteron_G3\n[cluster d]\n[cluster e]\nevc = Off\n");
	CU_ASSERT_EQUAL_FATAL(cfg.nclusters, 5);
	CU_ASSERT_EQUAL(cfg.clusters[0].evc, CONFIG_EVC_OFF);
	CU_ASSERT_EQUAL(cfg.clusters[1].evc, CONFIG_EVC_AUTO);
	CU_ASSERT_EQUAL(cfg.clusters[2].evc, CONFIG_EVC_MODEL);
	CU_ASSERT_STRING_EQUAL(cfg.clusters[2].evc_model, "Opteron_G3");
	CU_ASSERT_EQUAL(cfg.clusters[3].evc, CONFIG_EVC_OFF);
	CU_ASSERT_PTR_NULL(cfg.clusters[3].evc_model);
	CU_ASSERT_EQUAL(cfg.clusters[4].evc, CONFIG_EVC_OFF);
	CU_ASSERT_EQUAL(cfg.clusters[3].nhosts, 0);

	EXPECT_ERR("[cluster a]\nevc = Nehalem!\n", "lab.ini:2: ", "evc 'Nehalem!'",
		   "off, auto or");
	EXPECT_ERR("[cluster a]\nevc = EPYC Rome\n", "lab.ini:2: ", "evc 'EPYC Rome'");
}

/* ---- clusters ------------------------------------------------------------------ */

static void test_cluster_membership_merged(void)
{
	EXPECT_OK("[cluster lab]\n"
		  "hosts = c, a\n"
		  "[host a]\n"
		  "[host b]\n"
		  "cluster = lab\n"
		  "[host c]\n"
		  "cluster = lab\n"
		  "[host d]\n");
	const struct config_cluster *c = config_cluster_find(&cfg, "lab");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL_FATAL(c->nhosts, 3);
	/* In the order of the [host] sections, c only once. */
	CU_ASSERT_STRING_EQUAL(c->hosts[0], "a");
	CU_ASSERT_STRING_EQUAL(c->hosts[1], "b");
	CU_ASSERT_STRING_EQUAL(c->hosts[2], "c");
	CU_ASSERT_STRING_EQUAL(config_host_find(&cfg, "a")->cluster, "lab");
	CU_ASSERT_PTR_NULL(config_host_find(&cfg, "d")->cluster);
	CU_ASSERT_PTR_NULL(config_cluster_find(&cfg, "other"));
}

static void test_hosts_separators(void)
{
	EXPECT_OK("[host a]\n[host b]\n[host c]\n[host d]\n[cluster x]\nhosts = a,b , c\td\n");
	CU_ASSERT_EQUAL_FATAL(cfg.clusters[0].nhosts, 4);
	CU_ASSERT_STRING_EQUAL(cfg.clusters[0].hosts[3], "d");
	EXPECT_ERR("[host a]\n[cluster x]\nhosts = a a\n", "lab.ini:3: ", "'a' twice");
	EXPECT_ERR("[cluster x]\nhosts = , ,\n", "lab.ini:2: ", "list of host names");
	EXPECT_ERR("[cluster x]\nhosts = a b/c\n", "lab.ini:2: ", "'b/c' is not a valid host name");
}

static void test_host_cluster_undefined(void)
{
	EXPECT_ERR("[cluster lab]\n[host a]\naddress = x\ncluster = labb\n", "lab.ini:4: ",
		   "cluster 'labb' of [host a] is not defined", "[cluster labb]");
	EXPECT_ERR("[host a]\ncluster = -x\n", "lab.ini:2: ", "cluster '-x'");
}

static void test_cluster_lists_unknown_host(void)
{
	EXPECT_ERR("[host a]\n[cluster lab]\nevc = auto\nhosts = a d\n", "lab.ini:4: ",
		   "hosts in [cluster lab] names 'd'", "[host d]");
}

static void test_host_in_two_clusters(void)
{
	EXPECT_ERR("[cluster x]\n[cluster y]\nhosts = a\n[host a]\ncluster = x\n",
		   "lab.ini:3: ", "[cluster y]", "'a'", "already in cluster 'x' (line 5)");
	EXPECT_ERR("[host a]\n[cluster x]\nhosts = a\n[cluster y]\nhosts = a\n",
		   "lab.ini:5: ", "already in cluster 'x' (line 3)");
}

static void test_first_error_by_line(void)
{
	/* Two cross-check errors: the one nearer the top is reported. */
	EXPECT_ERR("[host a]\ncluster = nope\n[cluster c]\nhosts = zz\n", "lab.ini:2: ",
		   "'nope'");
	EXPECT_ERR("[cluster c]\nhosts = zz\n[host a]\ncluster = nope\n", "lab.ini:2: ",
		   "'zz'");
	/* Parsing stops at the first error. */
	EXPECT_ERR("[host a]\nssh_port = x\n[bogus]\n", "lab.ini:2: ", "ssh_port");
}

/* ---- files -------------------------------------------------------------------- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vm-config-test.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
}

static char *tmp_path(const char *rel)
{
	char *p = NULL;

	CU_ASSERT_FATAL(asprintf(&p, "%s/%s", tmpdir, rel) > 0);
	return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

static void test_load_file(void)
{
	static const char text[] = "[defaults]\nssh_port = 2222\n[host a]\n";

	make_tmpdir();
	char *path = tmp_path("lab.ini");
	write_file(path, text, sizeof(text) - 1);

	config_free(&cfg);
	CU_ASSERT_EQUAL_FATAL(config_load(path, &cfg, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(cfg.path, path);
	CU_ASSERT_EQUAL(cfg.defaults.ssh_port, 2222);
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
	config_free(&cfg);

	/* Errors name the path as given. */
	write_file(path, "[host a]\nbad = 1\n", 17);
	CU_ASSERT_EQUAL(config_load(path, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ".ini:2: unknown key 'bad'"));
	CU_ASSERT_PTR_NULL(cfg.path);

	unlink(path);
	rmdir(tmpdir);
	free(path);
}

static void test_load_bad_files(void)
{
	make_tmpdir();
	char *missing = tmp_path("missing.ini");
	char *binary = tmp_path("binary.ini");
	char *big = tmp_path("big.ini");

	config_free(&cfg);
	CU_ASSERT_EQUAL(config_load(missing, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(strncmp(err, missing, strlen(missing)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read: No such file or directory"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "-c FILE"));

	CU_ASSERT_EQUAL(config_load(tmpdir, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "is a directory"));

	write_file(binary, "[host a]\n\0\x01\x02", 12);
	CU_ASSERT_EQUAL(config_load(binary, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ":2: contains a NUL byte"));

	size_t len = 1024 * 1024 + 1;
	char *data = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memset(data, '\n', len);
	write_file(big, data, len);
	free(data);
	CU_ASSERT_EQUAL(config_load(big, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than 1 MiB"));
	CU_ASSERT_PTR_NULL(cfg.path);
	CU_ASSERT_EQUAL(cfg.nhosts, 0);

	unlink(binary);
	unlink(big);
	rmdir(tmpdir);
	free(missing);
	free(binary);
	free(big);
}

/* The documented example must load, with the values it shows. */
static void test_example_file(void)
{
	static const char *const places[] = {
		"config/examples/config.ini", "../config/examples/config.ini",
		"../../config/examples/config.ini", NULL
	};
	const char *path = NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	for (size_t i = 0; places[i] && !path; i++)
		if (access(places[i], R_OK) == 0)
			path = places[i];
	if (!path)
		fprintf(stderr, "\n  config/examples/config.ini not found from here\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);

	setenv("HOME", "/home/op", 1);
	config_free(&cfg);
	int rc = config_load(path, &cfg, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "\n  %s\n", err);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_home);
	CU_ASSERT_EQUAL_FATAL(rc, 0);

	CU_ASSERT_STRING_EQUAL(cfg.defaults.ssh_identity, "/home/op/.ssh/id_ed25519");
	CU_ASSERT_EQUAL(cfg.defaults.connect_timeout, 10);
	CU_ASSERT_EQUAL_FATAL(cfg.nhosts, 4);
	CU_ASSERT_EQUAL_FATAL(cfg.nclusters, 1);
	const struct config_cluster *lab = config_cluster_find(&cfg, "lab");
	CU_ASSERT_PTR_NOT_NULL_FATAL(lab);
	CU_ASSERT_EQUAL(lab->evc, CONFIG_EVC_AUTO);
	CU_ASSERT_EQUAL_FATAL(lab->nhosts, 3);
	CU_ASSERT_STRING_EQUAL(lab->hosts[2], "esx-c");
	const struct config_host *spare = config_host_find(&cfg, "spare");
	CU_ASSERT_PTR_NOT_NULL_FATAL(spare);
	CU_ASSERT_PTR_NULL(spare->cluster);
	CU_ASSERT_EQUAL(config_host_port(&cfg, spare), 2222);
	CU_ASSERT_DOUBLE_EQUAL(config_host_link_gbps(&cfg, config_host_find(&cfg, "esx-a")),
			       10.0, 1e-9);
	config_free(&cfg);
}

static void restore_env(const char *name, char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
	free(value);
}

static char *save_env(const char *name)
{
	const char *v = getenv(name);

	return v ? strdup(v) : NULL;
}

static void test_find_default(void)
{
	char *old_xdg = save_env("XDG_CONFIG_HOME");
	char *old_home = save_env("HOME");
	bool system_file = access("/etc/virt-migrate/config.ini", F_OK) == 0;

	make_tmpdir();
	char *xdg_dir = tmp_path("xdg/virt-migrate");
	char *xdg_file = tmp_path("xdg/virt-migrate/config.ini");
	char *xdg_root = tmp_path("xdg");
	char *home_dir = tmp_path(".config/virt-migrate");
	char *home_file = tmp_path(".config/virt-migrate/config.ini");
	char *home_conf = tmp_path(".config");
	char *path;

	CU_ASSERT_EQUAL_FATAL(mkdir(xdg_root, 0700), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(xdg_dir, 0700), 0);
	write_file(xdg_file, "[host a]\n", 9);

	/* $XDG_CONFIG_HOME wins. */
	setenv("XDG_CONFIG_HOME", xdg_root, 1);
	setenv("HOME", tmpdir, 1);
	path = config_find_default(err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(path);
	if (path)
		CU_ASSERT_STRING_EQUAL(path, xdg_file);
	free(path);

	/* Empty or relative: $HOME/.config. */
	CU_ASSERT_EQUAL_FATAL(mkdir(home_conf, 0700), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(home_dir, 0700), 0);
	write_file(home_file, "[host b]\n", 9);
	setenv("XDG_CONFIG_HOME", "", 1);
	path = config_find_default(err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(path);
	if (path)
		CU_ASSERT_STRING_EQUAL(path, home_file);
	free(path);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	path = config_find_default(err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(path);
	if (path)
		CU_ASSERT_STRING_EQUAL(path, home_file);
	free(path);

	/* Nothing there: the message names both places, unless the system
	 * file happens to exist on this machine. */
	unlink(home_file);
	path = config_find_default(err, sizeof(err));
	if (system_file) {
		CU_ASSERT_PTR_NOT_NULL(path);
		if (path)
			CU_ASSERT_STRING_EQUAL(path, "/etc/virt-migrate/config.ini");
	} else {
		CU_ASSERT_PTR_NULL(path);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "no configuration file: looked for "));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, home_file));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, " and /etc/virt-migrate/config.ini; "));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "-c FILE"));
	}
	free(path);

	unlink(xdg_file);
	rmdir(xdg_dir);
	rmdir(xdg_root);
	rmdir(home_dir);
	rmdir(home_conf);
	rmdir(tmpdir);
	free(xdg_dir);
	free(xdg_file);
	free(xdg_root);
	free(home_dir);
	free(home_file);
	free(home_conf);
	restore_env("XDG_CONFIG_HOME", old_xdg);
	restore_env("HOME", old_home);
}

static void test_free_is_safe(void)
{
	struct config zero;

	memset(&zero, 0, sizeof(zero));
	config_free(&zero);
	config_free(&zero);
	config_free(NULL);
	CU_ASSERT_PTR_NULL(zero.path);

	/* A load that fails leaves an empty struct, even when it is filled with
	 * garbage beforehand (config_load does not read what was there). */
	config_free(&cfg);
	memset(&cfg, 0xA5, sizeof(cfg));
	CU_ASSERT_EQUAL(config_load_string("[host a]\nport = 1\n", NAME, &cfg, err,
					   sizeof(err)), -1);
	CU_ASSERT_EQUAL(cfg.nhosts, 0);
	CU_ASSERT_EQUAL(cfg.nclusters, 0);
	CU_ASSERT_PTR_NULL(cfg.hosts);
	config_free(&cfg);

	/* NULL text and the default name. */
	CU_ASSERT_EQUAL(config_load_string(NULL, NULL, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<string>"));
	CU_ASSERT_EQUAL(config_load_string("[x]\n", NULL, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(strncmp(err, "<string>:1: ", 12), 0);
	/* No room for a message is not a crash. */
	CU_ASSERT_EQUAL(config_load_string("[x]\n", NAME, &cfg, NULL, 0), -1);
}

static void test_short_error_buffer(void)
{
	char small[16];

	config_free(&cfg);
	CU_ASSERT_EQUAL(config_load_string("[host a]\nbad = 1\n", NAME, &cfg, small,
					   sizeof(small)), -1);
	CU_ASSERT_EQUAL(strlen(small), sizeof(small) - 1);
	CU_ASSERT_EQUAL(strncmp(small, "lab.ini:2: unkn", 15), 0);
}

static void test_done(void)
{
	/* Free what the last test left, so LeakSanitizer sees nothing. */
	config_free(&cfg);
	CU_ASSERT_PTR_NULL(cfg.hosts);
}

static void test_virt_type(void)
{
	EXPECT_OK("[defaults]\nvirt_type = qemu\n[host a]\n[host b]\nvirt_type = kvm\n"
		  "[host c]\nvirt_type = auto\n");
	CU_ASSERT_STRING_EQUAL(config_host_virt_type(&cfg, config_host_find(&cfg, "a")), "qemu");
	CU_ASSERT_STRING_EQUAL(config_host_virt_type(&cfg, config_host_find(&cfg, "b")), "kvm");
	CU_ASSERT_PTR_NULL(config_host_virt_type(&cfg, config_host_find(&cfg, "c")));
	EXPECT_OK("[host a]\n");
	CU_ASSERT_PTR_NULL(config_host_virt_type(&cfg, config_host_find(&cfg, "a")));
	EXPECT_ERR("[defaults]\nvirt_type = xen\n", NAME ":2:", "virt_type", "auto, kvm or qemu");
	EXPECT_ERR("[host a]\nvirt_type = KVM\n", NAME ":2:", "virt_type");
}

static void test_postcopy(void)
{
	EXPECT_OK("[defaults]\npostcopy = always\n");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.postcopy, "always");
	EXPECT_OK("[defaults]\npostcopy = never\n");
	CU_ASSERT_STRING_EQUAL(cfg.defaults.postcopy, "never");
	EXPECT_OK("[defaults]\n");
	CU_ASSERT_PTR_NULL(cfg.defaults.postcopy);
	EXPECT_ERR("[defaults]\npostcopy = yes\n", NAME ":2:", "postcopy", "auto, never or always");
	EXPECT_ERR("[host a]\npostcopy = never\n", NAME ":2:", "postcopy");
}

int test_config_register(void);

int test_config_register(void)
{
	static const struct unit_test tests[] = {
		{ "full file", test_full_file },
		{ "empty file and built-in defaults", test_empty_and_builtin_defaults },
		{ "host address defaults to its name", test_host_address_defaults_to_name },
		{ "effective values", test_accessors },
		{ "CRLF, BOM, indentation, comments", test_crlf_bom_indent_comments },
		{ "line numbers count comments", test_line_numbers_count_comments },
		{ "lines that are not key = value", test_not_key_value },
		{ "line too long", test_line_too_long },
		{ "unknown section kind", test_unknown_section_kind },
		{ "section names", test_section_names },
		{ "duplicate sections", test_duplicate_sections },
		{ "unknown key", test_unknown_key },
		{ "key before any section", test_key_before_section },
		{ "duplicate key", test_duplicate_key },
		{ "empty value", test_empty_value },
		{ "ssh_port", test_port },
		{ "link_gbps", test_link_gbps },
		{ "connect_timeout", test_connect_timeout },
		{ "facts_ttl", test_facts_ttl },
		{ "theme and ssh_user", test_theme_and_user },
		{ "paths and ~/", test_paths },
		{ "address and uri", test_address_and_uri },
		{ "evc", test_evc },
		{ "virt_type", test_virt_type },
		{ "postcopy", test_postcopy },
		{ "cluster membership merged", test_cluster_membership_merged },
		{ "hosts list separators", test_hosts_separators },
		{ "host names an undefined cluster", test_host_cluster_undefined },
		{ "cluster lists an unknown host", test_cluster_lists_unknown_host },
		{ "host in two clusters", test_host_in_two_clusters },
		{ "earliest error reported", test_first_error_by_line },
		{ "config_load from a file", test_load_file },
		{ "missing, directory, binary, big files", test_load_bad_files },
		{ "config_find_default", test_find_default },
		{ "the example file loads", test_example_file },
		{ "config_free and failed loads", test_free_is_safe },
		{ "short error buffer", test_short_error_buffer },
		{ "cleanup", test_done },
		{ NULL, NULL }
	};

	return unit_add_suite("config", tests);
}

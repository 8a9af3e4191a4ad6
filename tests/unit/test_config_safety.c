/* tests/unit/test_config_safety.c — suite "config_safety": a uri that makes
 * libvirt skip its check of the host is refused unless allow_unsafe_uri
 * says so; files others can change are refused with the fix; the encrypt
 * key of [defaults]. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "../../config/config.h"

/* Load TEXT; returns the loader's result, the message in err. */
static int load(const char *text, struct config *cfg, char *err, size_t len)
{
	err[0] = '\0';
	return config_load_string(text, "<t>", cfg, err, len);
}

/* Every refused form: the URI, and what the message must say. */
static const struct {
	const char *uri;
	const char *says;
} unsafe[] = {
	{ "qemu+tls://b/system?no_verify=1", "sets no_verify=1" },
	{ "qemu://b/system?no_verify=yes", "sets no_verify=yes" },
	{ "qemu+tls://b/system?NO_VERIFY=1", "sets no_verify=1" },
	{ "qemu+tls://b/system?no%5Fverify=1", "sets no_verify=1" },
	{ "qemu+ssh://b/system?no_tty=1;no_verify=1", "sets no_verify=1" },
	{ "qemu+ssh://b/system?no_tty=1&no_verify=0&no_verify=2", "sets no_verify=2" },
	{ "qemu+ext:///system", "uses the transport 'ext'" },
	{ "qemu+EXT:///system?command=/bin/nc", "uses the transport 'ext'" },
	{ "qemu+tcp://b/system", "uses the transport 'tcp'" },
	{ "qemu+ssh://b/system?command=/tmp/ssh", "sets command=/tmp/ssh" },
	{ "qemu+ssh://b/system?command=", "sets command=" },
	{ "qemu+libssh://b/system?known_hosts_verify=ignore", "sets known_hosts_verify=ignore" },
	{ "qemu+libssh2://b/system?known_hosts_verify=auto", "sets known_hosts_verify=auto" },
	/* OpenSSH's transport ignores known_hosts while the tool reads it */
	{ "qemu+ssh://b/system?known_hosts=/dev/null", "sets known_hosts=/dev/null" },
	{ "qemu+ssh://b/system?known_hosts=%2Ftmp%2Fkh", "sets known_hosts=/tmp/kh" },
	{ NULL, NULL }
};

/* Forms that change nothing about the host check. */
static const char *const safe[] = {
	"qemu+ssh://root@b/system?no_tty=1&keyfile=/k/id",
	"qemu+ssh://b:2222/system",
	"qemu+libssh://b/system?known_hosts_verify=normal&sshauth=privkey",
	/* libssh reads it, and so does the tool's own session: one file */
	"qemu+libssh://b/system?known_hosts=/etc/vm/known_hosts",
	"qemu+tls://b/system?no_verify=0&pkipath=/etc/pki/x",
	"qemu://b/system",
	"qemu:///system",
	"qemu+unix:///system?socket=/run/libvirt/libvirt-sock",
	"test:///default",
	"qemu+ssh://b/system#no_verify=1",
	"qemu+ssh://b/system?no_verify_not=1&xcommand=1",
	"qemu+ssh://b/command/no_verify=1",
	"qemu+tcpx://b/system",
	NULL
};

static void test_uri_forms(void)
{
	char what[256];

	for (size_t i = 0; unsafe[i].uri; i++) {
		int r = config_uri_unsafe(unsafe[i].uri, what, sizeof(what));
		CU_ASSERT_EQUAL(r, 1);
		if (r != 1 || !strstr(what, unsafe[i].says))
			fprintf(stderr, "\n  %s: %d '%s'\n", unsafe[i].uri, r, what);
		CU_ASSERT_PTR_NOT_NULL(strstr(what, unsafe[i].says));
	}
	for (size_t i = 0; safe[i]; i++) {
		int r = config_uri_unsafe(safe[i], what, sizeof(what));
		if (r != 0)
			fprintf(stderr, "\n  %s: refused: %s\n", safe[i], what);
		CU_ASSERT_EQUAL(r, 0);
	}
	CU_ASSERT_EQUAL(config_uri_unsafe(NULL, what, sizeof(what)), 0);
	CU_ASSERT_EQUAL(config_uri_unsafe("garbage", NULL, 0), 0);
	CU_ASSERT_EQUAL(config_uri_unsafe("qemu+ext:///system", NULL, 0), 1);
}

/* Each refused form in a file: FILE:LINE, the host, the parameter, the fix. */
static void test_uri_refused_in_file(void)
{
	struct config cfg;
	char err[CONFIG_ERR_MAX], text[512], want[256];

	for (size_t i = 0; unsafe[i].uri; i++) {
		snprintf(text, sizeof(text), "[host a]\n[host b]\naddress = b\nuri = %s\n",
			 unsafe[i].uri);
		CU_ASSERT_EQUAL(load(text, &cfg, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "<t>:4: uri of [host b] %s", unsafe[i].says);
		if (strncmp(err, want, strlen(want)) != 0)
			fprintf(stderr, "\n  got '%s'\n  want '%s...'\n", err, want);
		CU_ASSERT_EQUAL(strncmp(err, want, strlen(want)), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "add 'allow_unsafe_uri = yes' to [host b]"));
	}
}

/* allow_unsafe_uri: per host, in [defaults], and a host's no beats the
 * default's yes; the key may come before or after the uri, and [defaults]
 * after the hosts. */
static void test_uri_override(void)
{
	struct config cfg;
	char err[CONFIG_ERR_MAX];

	CU_ASSERT_EQUAL_FATAL(load("[host b]\nallow_unsafe_uri = yes\n"
				   "uri = qemu+tls://b/system?no_verify=1\n",
				   &cfg, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].uri, "qemu+tls://b/system?no_verify=1");
	CU_ASSERT_TRUE(config_host_allow_unsafe_uri(&cfg, &cfg.hosts[0]));
	config_free(&cfg);

	CU_ASSERT_EQUAL_FATAL(load("[host b]\nuri = qemu+ext:///system?command=/bin/nc\n"
				   "[host c]\n[defaults]\nallow_unsafe_uri = true\n",
				   &cfg, err, sizeof(err)), 0);
	CU_ASSERT_TRUE(config_host_allow_unsafe_uri(&cfg, &cfg.hosts[1]));
	config_free(&cfg);

	CU_ASSERT_EQUAL(load("[defaults]\nallow_unsafe_uri = yes\n[host b]\n"
			     "allow_unsafe_uri = no\nuri = qemu+tcp://b/system\n",
			     &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<t>:5: uri of [host b] uses the transport 'tcp'"));

	/* not said: no */
	CU_ASSERT_EQUAL_FATAL(load("[host b]\n", &cfg, err, sizeof(err)), 0);
	CU_ASSERT_FALSE(config_host_allow_unsafe_uri(&cfg, &cfg.hosts[0]));
	config_free(&cfg);

	CU_ASSERT_EQUAL(load("[host b]\nallow_unsafe_uri = maybe\n", &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<t>:2: allow_unsafe_uri 'maybe' in [host b] is not "
				      "yes or no"));
}

static void test_encrypt(void)
{
	static const char *const good[] = { "disabled", "opportunistic", "required", NULL };
	struct config cfg;
	char err[CONFIG_ERR_MAX], text[128];

	CU_ASSERT_EQUAL_FATAL(load("[host b]\n", &cfg, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(config_encrypt(&cfg), "opportunistic");
	config_free(&cfg);
	CU_ASSERT_STRING_EQUAL(config_encrypt(NULL), "opportunistic");

	for (size_t i = 0; good[i]; i++) {
		snprintf(text, sizeof(text), "[defaults]\nencrypt = %s\n[host b]\n", good[i]);
		CU_ASSERT_EQUAL_FATAL(load(text, &cfg, err, sizeof(err)), 0);
		CU_ASSERT_STRING_EQUAL(config_encrypt(&cfg), good[i]);
		config_free(&cfg);
	}
	CU_ASSERT_EQUAL(load("[defaults]\nencrypt = tls\n[host b]\n", &cfg, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "<t>:2: encrypt 'tls' in [defaults] is not disabled, "
			       "opportunistic or required");
	CU_ASSERT_EQUAL(load("[defaults]\nencrypt =\n[host b]\n", &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<t>:2: encrypt in [defaults] has no value"));
	CU_ASSERT_EQUAL(load("[host b]\nencrypt = required\n", &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<t>:2: unknown key 'encrypt' in [host b]"));
}

/* A file its group or others may write, or another user owns, is refused
 * with the command that fixes it. */
static void test_file_owner(void)
{
	struct stat st;
	char err[CONFIG_ERR_MAX];

	memset(&st, 0, sizeof(st));
	st.st_uid = getuid();
	st.st_mode = S_IFREG | 0600;
	CU_ASSERT_EQUAL(config_check_file_owner("/x/c.ini", &st, err, sizeof(err)), 0);
	st.st_mode = S_IFREG | 0644;
	CU_ASSERT_EQUAL(config_check_file_owner("/x/c.ini", &st, err, sizeof(err)), 0);
	st.st_mode = S_IFREG | 0664;
	CU_ASSERT_EQUAL(config_check_file_owner("/x/c.ini", &st, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/x/c.ini: is writable by its group (mode 0664)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "fix with chmod go-w /x/c.ini"));
	st.st_mode = S_IFREG | 0602;
	CU_ASSERT_EQUAL(config_check_file_owner("/x/a b.ini", &st, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "is writable by others (mode 0602)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "fix with chmod go-w '/x/a b.ini'"));
	st.st_mode = S_IFREG | 0666;
	CU_ASSERT_EQUAL(config_check_file_owner("it's.ini", &st, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "by group and others (mode 0666)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "chmod go-w 'it'\\''s.ini'"));

	st.st_mode = S_IFREG | 0600;
	st.st_uid = 0;
	CU_ASSERT_EQUAL(config_check_file_owner("/x/c.ini", &st, err, sizeof(err)), 0);
	st.st_uid = getuid() + 4242;
	CU_ASSERT_EQUAL(config_check_file_owner("/x/c.ini", &st, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "neither to you nor to root"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "chown"));
}

/* config_load() itself: the same file refused, then read once made private. */
static void test_load_refuses_writable(void)
{
	char path[] = "/tmp/vm-config-safety-XXXXXX";
	struct config cfg;
	char err[CONFIG_ERR_MAX];
	int fd = mkstemp(path);

	CU_ASSERT_TRUE_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "[host a]\n", 9), 9);
	close(fd);
	CU_ASSERT_EQUAL(chmod(path, 0660), 0);
	CU_ASSERT_EQUAL(config_load(path, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "chmod go-w"));
	CU_ASSERT_EQUAL(chmod(path, 0640), 0);
	CU_ASSERT_EQUAL(config_load(path, &cfg, err, sizeof(err)), 0);
	config_free(&cfg);
	unlink(path);
}
/* An SSH uri gives the tool's session what the section leaves unset. */
static void test_uri_ssh_parts(void)
{
	struct config cfg;
	char err[CONFIG_ERR_MAX];
	const struct config_host *h;

	CU_ASSERT_EQUAL_FATAL(load("[host x]\nuri = qemu+libssh://a%40b@[fe80::1]:2200/system"
				   "?no_tty=1&keyfile=%2Fk&known_hosts=/kh\n", &cfg, err,
				   sizeof(err)), 0);
	h = config_host_find(&cfg, "x");
	CU_ASSERT_STRING_EQUAL(h->address, "fe80::1");
	CU_ASSERT_STRING_EQUAL(h->ssh_user, "a@b");
	CU_ASSERT_EQUAL(h->ssh_port, 2200);
	CU_ASSERT_STRING_EQUAL(h->ssh_identity, "/k");
	CU_ASSERT_STRING_EQUAL(config_host_known_hosts(&cfg, h), "/kh");
	config_free(&cfg);

	/* the section wins; no port in the uri leaves ~/.ssh/config's */
	CU_ASSERT_EQUAL_FATAL(load("[host x]\naddress = y\nssh_user = u\n"
				   "uri = qemu+ssh://root@z/system\n", &cfg, err, sizeof(err)), 0);
	h = config_host_find(&cfg, "x");
	CU_ASSERT_STRING_EQUAL(h->address, "y");
	CU_ASSERT_STRING_EQUAL(h->ssh_user, "u");
	CU_ASSERT_EQUAL(h->ssh_port, 0);
	CU_ASSERT_EQUAL(h->from_uri, 0u);
	config_free(&cfg);

	/* not over SSH: nothing taken */
	CU_ASSERT_EQUAL_FATAL(load("[host x]\nuri = qemu+tls://z:16514/system\n", &cfg, err,
				   sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(config_host_find(&cfg, "x")->address, "x");
	config_free(&cfg);

	CU_ASSERT_EQUAL(load("[host x]\nuri = qemu+ssh://z:70000/system\n", &cfg, err,
			     sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "<t>:2: uri of [host x] names a port"));
}

int test_config_safety_register(void);

int test_config_safety_register(void)
{
	static const struct unit_test tests[] = {
		{ "unsafe uri forms told from safe ones", test_uri_forms },
		{ "an SSH uri's user, host, port, key, known_hosts reach the session",
		  test_uri_ssh_parts },
		{ "each unsafe uri refused naming file, line, host, parameter", test_uri_refused_in_file },
		{ "allow_unsafe_uri per host and in [defaults]", test_uri_override },
		{ "encrypt: default, good and bad values", test_encrypt },
		{ "files others can change refused with the fix", test_file_owner },
		{ "config_load refuses a group-writable file", test_load_refuses_writable },
		{ NULL, NULL }
	};
	return unit_add_suite("config_safety", tests);
}

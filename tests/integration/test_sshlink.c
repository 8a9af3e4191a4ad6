/* tests/integration/test_sshlink.c — sshlink against a real, throwaway sshd.
 *
 * The suite starts /usr/sbin/sshd on 127.0.0.1 (loopback only) on a free
 * high port, with its own ed25519 host key and an authorized_keys file
 * holding one client key, all in the run's scratch directory; it is killed
 * when the suite ends.  Every test points libssh at its own known_hosts
 * file through [defaults] known_hosts, never at the user's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "itest.h"
#include "../../engine/engine.h"
#include "../../engine/inventory_int.h"

static char dir[512];
static pid_t sshd_pid = -1;
static int port;
static char fingerprint[128];	/* of the host key, from ssh-keygen -l */
static int kh_serial;

static char *path_in(const char *name)
{
	static char bufs[8][700];
	static int next;
	char *b = bufs[next++ % 8];
	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
	return b;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The whole file (malloc'd, NUL-terminated) or NULL. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	buf = calloc(1, 65537);
	if (buf)
		len = fread(buf, 1, 65536, f);
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* "TYPE BASE64" of a .pub file (comment dropped), malloc'd. */
static char *pub_key(const char *pub)
{
	char *text = read_file(path_in(pub));
	char *sp;

	if (!text)
		return NULL;
	sp = strchr(text, ' ');
	if (sp && (sp = strchr(sp + 1, ' ')))
		*sp = '\0';
	text[strcspn(text, "\n")] = '\0';
	return text;
}

/* A port on 127.0.0.1 that nothing listens on (right now). */
static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), p = -1;

	if (fd < 0)
		return -1;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0
	    && getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		p = ntohs(sa.sin_port);
	close(fd);
	return p;
}

static int port_open(int p)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)p) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	if (fd < 0)
		return 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static int keygen(const char *type, const char *name)
{
	const char *argv[] = { "ssh-keygen", "-q", "-t", type, "-N", "", "-C", name,
			       "-f", path_in(name), NULL };
	return itest_run(argv, NULL) == 0 ? 0 : -1;
}

static int suite_init(void)
{
	char conf[2048], *out = NULL, *pub = NULL;
	struct timespec pause = { 0, 50 * 1000 * 1000 };

	snprintf(dir, sizeof(dir), "%s/sshd", itest_scratch());
	if (mkdir(dir, 0700) < 0)
		return -1;
	if (keygen("ed25519", "hostkey") < 0 || keygen("ed25519", "otherkey") < 0
	    || keygen("ecdsa", "ecdsakey") < 0 || keygen("ed25519", "client") < 0
	    || keygen("ed25519", "wrong") < 0) {
		fprintf(stderr, "sshlink suite: ssh-keygen failed\n");
		return -1;
	}
	pub = read_file(path_in("client.pub"));
	if (!pub || write_file(path_in("authorized_keys"), pub) < 0)
		goto fail;
	port = free_port();
	if (port <= 0)
		goto fail;
	snprintf(conf, sizeof(conf),
		 "Port %d\n"
		 "ListenAddress 127.0.0.1\n"
		 "HostKey %s\n"
		 "PidFile %s\n"
		 "AuthorizedKeysFile %s\n"
		 "UsePAM no\n"
		 "StrictModes no\n"
		 "PubkeyAuthentication yes\n"
		 "PasswordAuthentication no\n"
		 "KbdInteractiveAuthentication no\n"
		 "PermitRootLogin prohibit-password\n"
		 "LogLevel VERBOSE\n",
		 port, path_in("hostkey"), path_in("sshd.pid"), path_in("authorized_keys"));
	if (write_file(path_in("sshd_config"), conf) < 0)
		goto fail;
	if (mkdir("/run/sshd", 0755) < 0 && errno != EEXIST)
		goto fail;
	const char *check[] = { "/usr/sbin/sshd", "-t", "-f", path_in("sshd_config"), NULL };
	if (itest_run(check, NULL) != 0) {
		fprintf(stderr, "sshlink suite: sshd -t refused %s\n", path_in("sshd_config"));
		goto fail;
	}
	const char *fp[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", path_in("hostkey.pub"), NULL };
	if (itest_run(fp, &out) != 0 || !out
	    || sscanf(out, "%*d %127s", fingerprint) != 1)
		goto fail;

	if (mkdir(path_in("backing"), 0700) < 0 || mkdir(path_in("gluster"), 0700) < 0
	    || mkdir(path_in("backing/pool"), 0700) < 0)
		goto fail;
	sshd_pid = fork();
	if (sshd_pid < 0)
		goto fail;
	if (sshd_pid == 0) {
		int log = open(path_in("sshd.log"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		dup2(log, 1);
		dup2(log, 2);
		/* sshd in a mount namespace of its own, where a bindfs mount
		 * with the file system type fuse.glusterfs (as in the lab)
		 * stands for cluster storage; the mount dies with the
		 * namespace and never shows outside it */
		execlp("unshare", "unshare", "--mount", "--propagation", "private", "--",
		       "sh", "-c",
		       "bindfs -o subtype=glusterfs \"$1\" \"$2\" "
		       "|| echo 'bindfs failed: no cluster file system in this test' >&2; "
		       "exec /usr/sbin/sshd -f \"$3\" -D -e",
		       "sh", path_in("backing"), path_in("gluster"), path_in("sshd_config"),
		       (char *)NULL);
		_exit(127);
	}
	/* wait until it listens (at most 10 s), or until it died */
	for (int i = 0; i < 200; i++) {
		int status;
		if (port_open(port))
			break;
		if (waitpid(sshd_pid, &status, WNOHANG) == sshd_pid) {
			fprintf(stderr, "sshlink suite: sshd exited; see %s\n", path_in("sshd.log"));
			sshd_pid = -1;
			goto fail;
		}
		nanosleep(&pause, NULL);
	}
	if (!port_open(port)) {
		fprintf(stderr, "sshlink suite: sshd does not listen on port %d\n", port);
		goto fail;
	}
	free(out);
	free(pub);
	return 0;
fail:
	free(out);
	free(pub);
	return -1;
}

static int suite_clean(void)
{
	char target[32];

	if (sshd_pid > 0) {
		/* unmount inside sshd's namespace, so that bindfs ends too */
		snprintf(target, sizeof(target), "%d", (int)sshd_pid);
		const char *umount[] = { "nsenter", "-t", target, "-m", "--",
					 "fusermount", "-u", path_in("gluster"), NULL };
		itest_run(umount, NULL);
		kill(sshd_pid, SIGTERM);
		waitpid(sshd_pid, NULL, 0);
		sshd_pid = -1;
	}
	return 0;
}

/* A fresh known_hosts path holding the lines "[127.0.0.1]:PORT KEY" for the
 * given .pub files (none: an empty file; NULL list: no file at all). */
static char *known_hosts(const char *const pubs[])
{
	static char path[700];
	char name[64], text[4096] = "";

	snprintf(name, sizeof(name), "known_hosts.%d", ++kh_serial);
	snprintf(path, sizeof(path), "%s", path_in(name));
	if (!pubs)
		return path;
	for (size_t i = 0; pubs[i]; i++) {
		char *key = pub_key(pubs[i]);
		size_t n = strlen(text);
		snprintf(text + n, sizeof(text) - n, "[127.0.0.1]:%d %s\n", port, key ? key : "");
		free(key);
	}
	write_file(path, text);
	return path;
}

/* sshlink_open with a config made of these settings. */
static int open_link(const char *kh, const char *identity, int with_port,
		     enum hostkey_policy policy, struct sshlink **link,
		     enum sshlink_failure *why, struct vm_error *err)
{
	char text[2048], cerr[CONFIG_ERR_MAX];
	struct config cfg;
	int rc;

	snprintf(text, sizeof(text),
		 "[defaults]\nknown_hosts = %s\nssh_user = root\nssh_identity = %s\n"
		 "connect_timeout = 5\n[host lo]\naddress = 127.0.0.1\nssh_port = %d\n",
		 kh, identity, with_port);
	if (config_load_string(text, "<sshlink test>", &cfg, cerr, sizeof(cerr)) < 0) {
		CU_FAIL(cerr);
		return -2;
	}
	rc = sshlink_open(&cfg, config_host_find(&cfg, "lo"), policy, link, why, err);
	config_free(&cfg);
	return rc;
}

static struct sshlink *open_good(void)
{
	const char *pubs[] = { "hostkey.pub", NULL };
	struct sshlink *l = NULL;
	enum sshlink_failure why;
	struct vm_error err;

	if (open_link(known_hosts(pubs), path_in("client"), port, HOSTKEY_STRICT,
		      &l, &why, &err) < 0)
		fprintf(stderr, "\nsshlink: %s\n", err.message);
	return l;
}

static void test_known_key(void)
{
	const char *pubs[] = { "hostkey.pub", NULL };
	struct sshlink *l = NULL;
	enum sshlink_failure why = SSHLINK_OTHER;
	struct vm_error err;

	int rc = open_link(known_hosts(pubs), path_in("client"), port, HOSTKEY_STRICT,
			   &l, &why, &err);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(why, SSHLINK_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT(strncmp(fingerprint, "SHA256:", 7) == 0);
	CU_ASSERT_STRING_EQUAL(sshlink_fingerprint(l), fingerprint);
	sshlink_close(l);
	sshlink_close(NULL);
	CU_ASSERT_PTR_NULL(sshlink_fingerprint(NULL));
}

static void test_unknown_key(void)
{
	const char *none[] = { NULL };
	struct sshlink *l = NULL;
	enum sshlink_failure why = SSHLINK_OK;
	struct vm_error err;
	char *kh = known_hosts(none);	/* exists, empty */

	int rc = open_link(kh, path_in("client"), port, HOSTKEY_STRICT, &l, &why, &err);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(why, SSHLINK_HOSTKEY_UNKNOWN);
	CU_ASSERT_PTR_NULL(l);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "'lo'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, fingerprint));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, kh));
	CU_ASSERT(err.hint[0] != '\0');
	char *after = read_file(kh);
	CU_ASSERT_PTR_NOT_NULL(after);
	if (after)
		CU_ASSERT_STRING_EQUAL(after, "");	/* nothing recorded */
	free(after);

	/* no file at all: refused too, and the file is not created */
	kh = known_hosts(NULL);
	rc = open_link(kh, path_in("client"), port, HOSTKEY_STRICT, &l, &why, &err);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(why, SSHLINK_HOSTKEY_UNKNOWN);
	CU_ASSERT_NOT_EQUAL(access(kh, F_OK), 0);
}

static void test_accept_new(void)
{
	char kh[800], *text, expect[1024], *key = pub_key("hostkey.pub");
	struct sshlink *l = NULL;
	enum sshlink_failure why = SSHLINK_OTHER;
	struct vm_error err;

	/* in a directory that does not exist yet */
	snprintf(kh, sizeof(kh), "%s/new-%d/known_hosts", dir, ++kh_serial);
	int rc = open_link(kh, path_in("client"), port, HOSTKEY_ACCEPT_NEW, &l, &why, &err);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(why, SSHLINK_OK);
	CU_ASSERT_PTR_NOT_NULL(l);
	sshlink_close(l);
	l = NULL;

	text = read_file(kh);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(key);
	snprintf(expect, sizeof(expect), "[127.0.0.1]:%d %s", port, key);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, expect));
	free(text);
	free(key);

	/* now known: STRICT accepts it */
	rc = open_link(kh, path_in("client"), port, HOSTKEY_STRICT, &l, &why, &err);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(why, SSHLINK_OK);
	sshlink_close(l);
}

static void check_changed(const char *pub)
{
	const char *pubs[] = { pub, NULL };
	char *kh = known_hosts(pubs), *before = read_file(kh), *after;
	struct sshlink *l = NULL;
	enum sshlink_failure why;
	struct vm_error err;

	for (int policy = HOSTKEY_STRICT; policy < HOSTKEY_POLICY_COUNT; policy++) {
		why = SSHLINK_OK;
		int rc = open_link(kh, path_in("client"), port, (enum hostkey_policy)policy,
				   &l, &why, &err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_EQUAL(why, SSHLINK_HOSTKEY_CHANGED);
		CU_ASSERT_PTR_NULL(l);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "'lo'"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, fingerprint));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, kh));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "ssh-keygen -R"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "[127.0.0.1]:"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, kh));
	}
	after = read_file(kh);
	CU_ASSERT_PTR_NOT_NULL(before);
	CU_ASSERT_PTR_NOT_NULL(after);
	if (before && after)
		CU_ASSERT_STRING_EQUAL(after, before);	/* never rewritten */
	free(before);
	free(after);
}

static void test_changed_key(void)
{
	check_changed("otherkey.pub");
}

static void test_other_key_type(void)
{
	/* only an ECDSA key is known for the host, it offers ed25519 */
	check_changed("ecdsakey.pub");
}

static void test_wrong_client_key(void)
{
	const char *pubs[] = { "hostkey.pub", NULL };
	struct sshlink *l = NULL;
	enum sshlink_failure why = SSHLINK_OK;
	struct vm_error err;

	int rc = open_link(known_hosts(pubs), path_in("wrong"), port, HOSTKEY_STRICT,
			   &l, &why, &err);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(why, SSHLINK_AUTH);
	CU_ASSERT_PTR_NULL(l);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "root@lo"));
	CU_ASSERT(err.hint[0] != '\0');

	/* an identity file that is not there */
	rc = open_link(known_hosts(pubs), path_in("no-such-key"), port, HOSTKEY_STRICT,
		       &l, &why, &err);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(why, SSHLINK_AUTH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no-such-key"));
}

/* A [host] section with nothing but a virsh-style uri: its user, host,
 * port, keyfile and known_hosts reach the tool's own SSH session. */
static int open_uri(const char *extra, const char *keyfile, struct config *cfg,
		    struct sshlink **link, enum sshlink_failure *why, struct vm_error *err)
{
	const char *pubs[] = { "hostkey.pub", NULL };
	char text[2048], cerr[CONFIG_ERR_MAX];

	snprintf(text, sizeof(text),
		 "[defaults]\nconnect_timeout = 5\n[host kvm1]\n%s"
		 "uri = qemu+libssh://root@127.0.0.1:%d/system?keyfile=%s&known_hosts=%s\n",
		 extra, port, keyfile, known_hosts(pubs));
	if (config_load_string(text, "<uri test>", cfg, cerr, sizeof(cerr)) < 0) {
		CU_FAIL(cerr);
		return -2;
	}
	return sshlink_open(cfg, config_host_find(cfg, "kvm1"), HOSTKEY_STRICT, link, why, err);
}

static void test_uri_alone(void)
{
	struct sshlink *l = NULL;
	enum sshlink_failure why = SSHLINK_OTHER;
	struct vm_error err;
	struct config cfg;

	CU_ASSERT_EQUAL(open_uri("", path_in("client"), &cfg, &l, &why, &err), 0);
	CU_ASSERT_EQUAL(why, SSHLINK_OK);
	CU_ASSERT_PTR_NOT_NULL(l);
	const struct config_host *h = config_host_find(&cfg, "kvm1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_STRING_EQUAL(h->address, "127.0.0.1");
	CU_ASSERT_EQUAL(h->ssh_port, port);
	CU_ASSERT_STRING_EQUAL(config_host_user(&cfg, h), "root");
	CU_ASSERT_EQUAL(h->from_uri, CONFIG_FROM_URI_ADDRESS | CONFIG_FROM_URI_USER |
			CONFIG_FROM_URI_PORT | CONFIG_FROM_URI_IDENTITY |
			CONFIG_FROM_URI_KNOWN_HOSTS);
	sshlink_close(l);
	l = NULL;
	config_free(&cfg);

	/* a key the host refuses: the hint says the key came from the uri */
	CU_ASSERT_EQUAL(open_uri("", path_in("wrong"), &cfg, &l, &why, &err), -1);
	CU_ASSERT_EQUAL(why, SSHLINK_AUTH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "keyfile in the uri"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "root (from the uri"));
	config_free(&cfg);

	/* OpenSSH's transport ignores known_hosts: such a uri is refused */
	{
		char text[512], cerr[CONFIG_ERR_MAX];

		snprintf(text, sizeof(text), "[host kvm1]\nuri = qemu+ssh://root@127.0.0.1:%d/"
			 "system?known_hosts=/x\n", port);
		CU_ASSERT_EQUAL(config_load_string(text, "<t>", &cfg, cerr, sizeof(cerr)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(cerr, "qemu+libssh://"));
	}

	/* what the section says wins over the uri: an address nobody serves */
	CU_ASSERT_EQUAL(open_uri("address = 127.0.0.2\n", path_in("client"), &cfg, &l, &why,
				 &err), -1);
	CU_ASSERT_EQUAL(why, SSHLINK_UNREACHABLE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "127.0.0.2"));
	config_free(&cfg);
}

static void test_unreachable(void)
{
	const char *pubs[] = { "hostkey.pub", NULL };
	struct sshlink *l = NULL;
	enum sshlink_failure why = SSHLINK_OK;
	struct vm_error err;
	int closed = free_port();
	char where[64];

	int rc = open_link(known_hosts(pubs), path_in("client"), closed, HOSTKEY_STRICT,
			   &l, &why, &err);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(why, SSHLINK_UNREACHABLE);
	snprintf(where, sizeof(where), "(127.0.0.1 port %d) is unreachable", closed);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, where));
}

static void test_exec_quoting(void)
{
	char canary[700], hostile[1024];
	struct sshlink *l = open_good();
	struct vm_error err;
	char *out = NULL;
	int status = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	snprintf(canary, sizeof(canary), "%s/canary", dir);
	const char *templates[] = {
		"a b'$(touch %s)`touch %s`x`",
		"\"; touch %s; echo \"%s",
		"line1\nline2; touch %s\n%s\n",
		"h\xc3\xa9llo \xe6\x97\xa5\xe6\x9c\xac $HOME ~ * %s%s",
		"",
		NULL
	};
	for (size_t i = 0; templates[i]; i++) {
		snprintf(hostile, sizeof(hostile), templates[i], canary, canary);
		const char *argv[] = { "printf", "%s", hostile, NULL };
		int rc = sshlink_exec(l, argv, &out, &status, &err);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_EQUAL(status, 0);
		CU_ASSERT_PTR_NOT_NULL(out);
		if (out)
			CU_ASSERT_STRING_EQUAL(out, hostile);
		free(out);
		out = NULL;
		CU_ASSERT_NOT_EQUAL(access(canary, F_OK), 0);
	}
	/* the brief's own string, with its /tmp/canary */
	const char *literal[] = { "printf", "%s", "a b'$(touch /tmp/canary)`x`", NULL };
	struct stat st;
	int existed = stat("/tmp/canary", &st) == 0;
	CU_ASSERT_EQUAL(sshlink_exec(l, literal, &out, &status, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(out);
	if (out)
		CU_ASSERT_STRING_EQUAL(out, "a b'$(touch /tmp/canary)`x`");
	if (!existed)
		CU_ASSERT_NOT_EQUAL(stat("/tmp/canary", &st), 0);
	free(out);
	sshlink_close(l);
}

static void test_exec_status(void)
{
	struct sshlink *l = open_good();
	struct vm_error err;
	char *out = NULL;
	int status = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	const char *seven[] = { "sh", "-c", "exit 7", NULL };
	CU_ASSERT_EQUAL(sshlink_exec(l, seven, &out, &status, &err), 0);
	CU_ASSERT_EQUAL(status, 7);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	out = NULL;

	/* no place for the status: failure is an error, with stderr's first line */
	const char *three[] = { "sh", "-c", "echo oops >&2; echo second >&2; echo data; exit 3", NULL };
	CU_ASSERT_EQUAL(sshlink_exec(l, three, &out, NULL, &err), -1);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "exit status 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "oops"));
	CU_ASSERT_PTR_NULL(strstr(err.message, "second"));

	const char *zero[] = { "true", NULL };
	CU_ASSERT_EQUAL(sshlink_exec(l, zero, NULL, NULL, &err), 0);
	CU_ASSERT_EQUAL(sshlink_exec(l, zero, NULL, &status, &err), 0);
	CU_ASSERT_EQUAL(status, 0);

	const char *missing[] = { "/nonexistent/program", NULL };
	CU_ASSERT_EQUAL(sshlink_exec(l, missing, NULL, &status, &err), 0);
	CU_ASSERT_EQUAL(status, 127);
	sshlink_close(l);
}

static void test_exec_big_output(void)
{
	struct sshlink *l = open_good();
	struct vm_error err;
	char *out = NULL;
	int status = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	const char *big[] = { "sh", "-c", "yes 0123456789abcdef | head -c 3000000", NULL };
	CU_ASSERT_EQUAL(sshlink_exec(l, big, &out, &status, &err), 0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(strlen(out), 3000000);
	CU_ASSERT(strncmp(out, "0123456789abcdef\n0123", 21) == 0);
	free(out);
	out = NULL;

	/* much stderr while stdout waits: no stall on the channel window */
	const char *both[] = { "sh", "-c",
		"yes e | head -c 4000000 >&2; yes o | head -c 1000000", NULL };
	CU_ASSERT_EQUAL(sshlink_exec(l, both, &out, &status, &err), 0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(strlen(out), 1000000);
	free(out);
	sshlink_close(l);
}

struct worker {
	struct sshlink *l;
	int id, ok;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char word[64];
	struct vm_error err;

	w->ok = 0;
	for (int i = 0; i < 8; i++) {
		char *out = NULL;
		int status = -1;
		snprintf(word, sizeof(word), "thread %d, run %d", w->id, i);
		const char *argv[] = { "printf", "%s", word, NULL };
		if (sshlink_exec(w->l, argv, &out, &status, &err) == 0 && status == 0
		    && out && strcmp(out, word) == 0)
			w->ok++;
		free(out);
	}
	return NULL;
}

static void test_shared_by_threads(void)
{
	struct sshlink *l = open_good();
	struct worker w[4];
	pthread_t t[4];

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ l, i, 0 };
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CU_ASSERT_EQUAL(w[i].ok, 8);
	}
	sshlink_close(l);
}

static void test_cluster_fs(void)
{
	struct sshlink *l = open_good();
	char *inside = path_in("gluster/pool"), *outside = path_in("backing/pool");

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	/* the same directory, seen through the fuse.glusterfs mount or not */
	CU_ASSERT_EQUAL(inventory_pool_path_shared(l, "lo", inside), 1);
	CU_ASSERT_EQUAL(inventory_pool_path_shared(l, "lo", outside), 0);
	CU_ASSERT_EQUAL(inventory_pool_path_shared(l, "lo", "/"), 0);
	/* several at once (one exec per host), in order, a missing path unknown */
	const char *paths[] = { outside, inside, "/no/such/dir", inside };
	int shared[4] = { 9, 9, 9, 9 };
	inventory_pool_paths_shared(l, "lo", paths, 4, shared);
	CU_ASSERT_EQUAL(shared[0], 0);
	CU_ASSERT_EQUAL(shared[1], 1);
	CU_ASSERT_EQUAL(shared[2], 0);
	CU_ASSERT_EQUAL(shared[3], 1);
	/* the mount exists only in sshd's namespace */
	const char *fm[] = { "findmnt", "-n", "-o", "FSTYPE", "--target", inside, NULL };
	char *out = NULL;
	itest_run(fm, &out);
	CU_ASSERT_PTR_NOT_NULL(out);
	CU_ASSERT_PTR_NULL(out ? strstr(out, "glusterfs") : NULL);
	free(out);
	sshlink_close(l);
}

/* The link facts are read on the source host through its SSH link (and on
 * the target through its own); the target's names reach the source's
 * script as arguments, never as shell text.  Here the "source" is the
 * throwaway sshd and the targets have no SSH session: the source's end is
 * read (the route to 127.0.0.1 goes through lo, which reports no speed),
 * the target's end is said to be unread, and the source's ssh to the
 * targets fails (a user name with shell in it, a name that never
 * resolves), which is exactly what p2p_ok must report.  A failed read is
 * not cached: the next probe from a host without a link says so. */
static void test_probe_link(void)
{
	char text[1024], cerr[CONFIG_ERR_MAX], hostile[600], *marker = path_in("probe-marker");
	struct sshlink *l = open_good();
	struct inv_host hosts[3];
	struct inv_vm v, w;
	struct inventory inv;
	struct config cfg;
	struct check_facts f;
	struct vm_error err;
	struct plan plan;
	struct stat st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	snprintf(text, sizeof(text),
		 "[host src]\naddress = 127.0.0.1\n"
		 "[host evil]\naddress = 127.0.0.1\nmigration_address = 127.0.0.1\n"
		 "[host nowhere]\naddress = name.invalid\nmigration_address = 127.0.0.1\n"
		 "ssh_user = root\n");
	CU_ASSERT_EQUAL_FATAL(config_load_string(text, "<probe test>", &cfg, cerr,
						 sizeof(cerr)), 0);
	snprintf(hostile, sizeof(hostile), "x$(touch %s)`touch %s`'\"; touch %s", marker,
		 marker, marker);
	free(cfg.hosts[1].ssh_user);
	cfg.hosts[1].ssh_user = strdup(hostile);

	memset(hosts, 0, sizeof(hosts));
	memset(&v, 0, sizeof(v));
	v.name = (char *)"v";
	for (size_t i = 0; i < 3; i++)
		hosts[i].cfg = &cfg.hosts[i];
	hosts[0].reachable = 1;
	hosts[0].link = l;
	hosts[0].vms = &v;
	hosts[0].nvms = 1;
	memset(&inv, 0, sizeof(inv));
	inv.hosts = hosts;
	inv.nhosts = 3;
	inv.cfg = &cfg;
	memset(&plan, 0, sizeof(plan));
	plan.vm = (char *)"v";
	plan.kind = PLAN_KIND_COMPUTE;

	plan.target = (char *)"evil";
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &plan, &f, &err), 0);
	CU_ASSERT_EQUAL(f.cpu, CPU_VERDICT_UNKNOWN);	/* no <cpu> */
	CU_ASSERT_EQUAL(f.p2p_ok, 0);
	CU_ASSERT(f.p2p_error[0] != '\0');
	CU_ASSERT_STRING_EQUAL(f.link.src.dev, "lo");	/* the source's end was read */
	CU_ASSERT_EQUAL(f.link.src.dev_mbit, 0);	/* lo says no speed: none made up */
	CU_ASSERT_STRING_EQUAL(f.link.dst.dev, "");
	CU_ASSERT_DOUBLE_EQUAL(f.link.speed_mbit, 0.0, 1e-12);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.link.error, "'evil'"));
	CU_ASSERT_NOT_EQUAL(stat(marker, &st), 0);

	plan.target = (char *)"nowhere";
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &plan, &f, &err), 0);
	CU_ASSERT_EQUAL(f.p2p_ok, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.p2p_error, "name.invalid"));
	CU_ASSERT_DOUBLE_EQUAL(f.link.speed_mbit, 0.0, 1e-12);
	CU_ASSERT_EQUAL(f.link.cached, 0);

	/* nothing was cached from a failed read: without the link, it says so */
	hosts[0].link = NULL;
	memset(&f, 0x55, sizeof(f));
	CU_ASSERT_EQUAL_FATAL(probe_plan(&inv, &plan, &f, &err), 0);
	CU_ASSERT_EQUAL(f.p2p_ok, 0);
	CU_ASSERT_EQUAL(f.link.cached, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.link.error, "without SSH"));
	/* a pair never read, from a host without an SSH link */
	memset(&w, 0, sizeof(w));
	w.name = (char *)"w";
	hosts[2].vms = &w;
	hosts[2].nvms = 1;
	hosts[2].reachable = 1;
	plan.vm = (char *)"w";
	plan.target = (char *)"src";
	CU_ASSERT_EQUAL(probe_plan(&inv, &plan, &f, &err), 0);
	CU_ASSERT_EQUAL(f.p2p_ok, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.link.error, "without SSH"));
	CU_ASSERT_NOT_EQUAL(stat(marker, &st), 0);
	sshlink_close(l);
	config_free(&cfg);
}

static void test_inventory_stops_at_hostkey(void)
{
	/* a remote host whose key is unknown: unreachable with the SSH
	 * verdict, and libvirt (which would spawn ssh) is never started */
	const char *none[] = { NULL };
	char text[2048], cerr[CONFIG_ERR_MAX];
	struct inventory_options opt = { HOSTKEY_STRICT };
	struct inventory inv;
	struct config cfg;
	struct vm_error err;

	snprintf(text, sizeof(text),
		 "[defaults]\nknown_hosts = %s\nssh_user = root\nssh_identity = %s\n"
		 "[host lo]\naddress = 127.0.0.1\nssh_port = %d\n",
		 known_hosts(none), path_in("client"), port);
	CU_ASSERT_EQUAL_FATAL(config_load_string(text, "<t>", &cfg, cerr, sizeof(cerr)), 0);
	CU_ASSERT_EQUAL(inventory_load(&cfg, &opt, &inv, &err), 0);
	CU_ASSERT_EQUAL_FATAL(inv.nhosts, 1);
	CU_ASSERT_EQUAL(inv.hosts[0].reachable, 0);
	CU_ASSERT_EQUAL(inv.hosts[0].ssh_failure, SSHLINK_HOSTKEY_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(inv.hosts[0].error.message, fingerprint));
	CU_ASSERT_PTR_NULL(inv.hosts[0].hostname);
	inventory_free(&inv);
	config_free(&cfg);
}

int test_sshlink_register(void)
{
	static const struct itest tests[] = {
		{ "known host key accepted, fingerprint as ssh-keygen", test_known_key },
		{ "unknown host key refused", test_unknown_key },
		{ "unknown host key recorded under accept-new", test_accept_new },
		{ "changed host key refused under both policies", test_changed_key },
		{ "host known with another key type refused", test_other_key_type },
		{ "wrong client key is an authentication failure", test_wrong_client_key },
		{ "a uri alone reaches the host; the section wins over it", test_uri_alone },
		{ "closed port is unreachable", test_unreachable },
		{ "exec: hostile arguments arrive intact", test_exec_quoting },
		{ "exec: exit status and stderr", test_exec_status },
		{ "exec: large stdout and stderr", test_exec_big_output },
		{ "exec: one link shared by threads", test_shared_by_threads },
		{ "cluster file system told by findmnt", test_cluster_fs },
		{ "inventory stops at an unknown host key", test_inventory_stops_at_hostkey },
		{ "link probe from a host over SSH, cached", test_probe_link },
		{ NULL, NULL }
	};
	return itest_add_suite("sshlink", suite_init, suite_clean, tests);
}

/* tests/unit/test_config_hostile.c — suite "config_hostile": files and bytes
 * that are not a configuration file are refused by config/config.c with a
 * message naming the file (and the line, where there is one) and the fix,
 * and leave the struct empty.  Nothing here may block or crash. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "unit.h"
#include "../../config/config.h"

#define MIB (1024 * 1024)

static char dir[] = "/tmp/vm-hostile-XXXXXX";
static char err[CONFIG_ERR_MAX];
static struct config cfg;

static char *in_dir(const char *name)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

static void put(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
	close(fd);
}

/* config_load(PATH) is refused; the message starts with PATH and holds each
 * of the NULL-ended fragments; the struct is left empty. */
static void expect_file_refused(const char *path, ...)
{
	va_list ap;
	const char *frag;

	config_free(&cfg);
	err[0] = '\0';
	CU_ASSERT_EQUAL(config_load(path, &cfg, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(strncmp(err, path, strlen(path)), 0);
	CU_ASSERT_PTR_NULL(cfg.path);
	CU_ASSERT_PTR_NULL(cfg.hosts);
	CU_ASSERT_PTR_NULL(strchr(err, '\n'));
	va_start(ap, path);
	while ((frag = va_arg(ap, const char *))) {
		if (!strstr(err, frag))
			fprintf(stderr, "\n  '%s' not in '%s'\n", frag, err);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, frag));
	}
	va_end(ap);
}

/* LEN bytes of TEXT are refused by config_load_buffer with FRAG in the
 * message, and the same bytes in a file are refused by config_load too. */
static void expect_bytes_refused(const char *text, size_t len, const char *frag)
{
	char *path = in_dir("bytes.ini");

	config_free(&cfg);
	err[0] = '\0';
	CU_ASSERT_EQUAL(config_load_buffer(text, len, "t.ini", &cfg, err, sizeof(err)), -1);
	if (!strstr(err, frag))
		fprintf(stderr, "\n  '%s' not in '%s'\n", frag, err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, frag));
	CU_ASSERT_EQUAL(strncmp(err, "t.ini:", 6), 0);
	CU_ASSERT_PTR_NULL(cfg.hosts);
	CU_ASSERT_PTR_NULL(cfg.path);

	put(path, text, len);
	/* In a file, the message starts with the path instead of "t.ini". */
	expect_file_refused(path, strncmp(frag, "t.ini", 5) == 0 ? frag + 5 : frag,
			    (const char *)NULL);
	unlink(path);
	free(path);
}

static void expect_bytes_ok(const char *text, size_t len)
{
	config_free(&cfg);
	err[0] = '\0';
	if (config_load_buffer(text, len, "t.ini", &cfg, err, sizeof(err)) != 0)
		fprintf(stderr, "\n  refused: %s\n", err);
	CU_ASSERT_PTR_NOT_NULL(cfg.path);
}

#define REFUSED(lit, frag) expect_bytes_refused(lit, sizeof(lit) - 1, frag)
#define ACCEPTED(lit) expect_bytes_ok(lit, sizeof(lit) - 1)

static void test_setup(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void test_symlink(void)
{
	char *real = in_dir("real.ini"), *link = in_dir("link.ini");
	char *dirlink = in_dir("dirlink");

	put(real, "[host a]\n", 9);
	CU_ASSERT_EQUAL_FATAL(symlink(real, link), 0);
	expect_file_refused(link, "is a symbolic link (to ", real, "give the file itself",
			    (const char *)NULL);
	/* The file itself loads. */
	config_free(&cfg);
	CU_ASSERT_EQUAL(config_load(real, &cfg, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
	config_free(&cfg);

	/* A dangling link is a link too, not a missing file. */
	CU_ASSERT_EQUAL_FATAL(symlink("/nonexistent/x.ini", dirlink), 0);
	expect_file_refused(dirlink, "is a symbolic link (to /nonexistent/x.ini)",
			    (const char *)NULL);
	unlink(dirlink);
	unlink(link);
	unlink(real);
	free(real);
	free(link);
	free(dirlink);
}

static void test_fifo_socket_device_directory(void)
{
	char *fifo = in_dir("fifo.ini"), *sock = in_dir("sock.ini");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;

	/* A FIFO with no writer: opening it for reading would block forever. */
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	expect_file_refused(fifo, "is a FIFO (named pipe), not a regular file", "-c FILE",
			    (const char *)NULL);

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	CU_ASSERT_FATAL(s >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	CU_ASSERT_EQUAL_FATAL(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	expect_file_refused(sock, "is a socket, not a regular file", (const char *)NULL);
	close(s);

	expect_file_refused("/dev/null", "is a character device", (const char *)NULL);
	expect_file_refused("/dev/zero", "is a character device", (const char *)NULL);
	expect_file_refused(dir, "is a directory", "-c FILE", (const char *)NULL);

	unlink(fifo);
	unlink(sock);
	free(fifo);
	free(sock);
}

static void test_size_limit(void)
{
	char *path = in_dir("big.ini");
	char *data = malloc(MIB + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	/* Exactly 1 MiB of comments is a (useless but) valid file. */
	memset(data, '#', MIB + 1);
	data[MIB - 1] = '\n';
	put(path, data, MIB);
	config_free(&cfg);
	CU_ASSERT_EQUAL(config_load(path, &cfg, err, sizeof(err)), 0);
	config_free(&cfg);
	expect_bytes_ok(data, MIB);
	config_free(&cfg);

	put(path, data, MIB + 1);
	expect_file_refused(path, "larger than 1 MiB", "-c FILE", (const char *)NULL);
	config_free(&cfg);
	CU_ASSERT_EQUAL(config_load_buffer(data, MIB + 1, "t.ini", &cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than 1 MiB"));

	unlink(path);
	free(path);
	free(data);
}

static void test_binary(void)
{
	REFUSED("[host a]\n\0\x01\x02", "t.ini:2: contains a NUL byte");
	REFUSED("\0", "t.ini:1: contains a NUL byte");
	REFUSED("[host a]\naddress = a\x1b]0;pwned\x07\n", "t.ini:2: contains the control character 0x1B");
	REFUSED("# \x7f\n", "t.ini:1: contains the control character 0x7F");
	REFUSED("# a\n# b\n\x08\n", "t.ini:3: contains the control character 0x08");
	/* An ELF header, as if -c pointed at a program. */
	REFUSED("\x7f" "ELF\x02\x01\x01", "t.ini:1: contains the control character 0x7F");
}

static void test_utf8(void)
{
	REFUSED("# caf\xe9\n", "t.ini:1: is not valid UTF-8 (byte 0xE9)");	/* Latin-1 */
	REFUSED("#\n#\n# \xff\n", "t.ini:3: is not valid UTF-8 (byte 0xFF)");
	REFUSED("# \xc0\xaf\n", "is not valid UTF-8");			/* overlong '/' */
	REFUSED("# \xe0\x80\xaf\n", "is not valid UTF-8");		/* overlong, 3 bytes */
	REFUSED("# \xed\xa0\x80\n", "is not valid UTF-8");		/* a surrogate */
	REFUSED("# \xf4\x90\x80\x80\n", "is not valid UTF-8");		/* past U+10FFFF */
	REFUSED("# \x80\n", "is not valid UTF-8");			/* lone continuation */
	REFUSED("# caf\xc3", "t.ini:1: is not valid UTF-8");		/* cut mid-character */
	REFUSED("# \xe2\x82", "is not valid UTF-8");
	/* Well-formed non-ASCII is fine in comments, with a BOM, CRLF and tabs. */
	ACCEPTED("\xef\xbb\xbf# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d\r\n[host a]\r\n\taddress = h\r\n");
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
	/* ...but names stay ASCII: the error names the line and the rule. */
	REFUSED("[host caf\xc3\xa9]\n", "t.ini:1: host name 'caf");
}

/* A file cut short is read as what it says: a last line without a newline
 * counts in full; a header or key cut in the middle is an error on its line. */
static void test_truncated(void)
{
	ACCEPTED("[host a]\naddress = 10.0.0.1");
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
	CU_ASSERT_STRING_EQUAL(cfg.hosts[0].address, "10.0.0.1");
	ACCEPTED("[host a]");
	CU_ASSERT_EQUAL(cfg.nhosts, 1);
	REFUSED("[host a]\n[host b", "t.ini:2:");
	REFUSED("[host a]\naddr", "t.ini:2: 'addr' is neither 'key = value'");
	REFUSED("[host a]\nssh_port =", "t.ini:2: ssh_port in [host a] has no value");
	/* A value cut short cannot be told from a short value: "7022" cut to
	 * "70" is a valid port.  Only the shape of the file is checked. */
	ACCEPTED("[host a]\nssh_port = 70");
	CU_ASSERT_EQUAL(cfg.hosts ? cfg.hosts[0].ssh_port : -1, 70);
}

static void test_done(void)
{
	config_free(&cfg);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

int test_config_hostile_register(void);
int test_config_hostile_register(void)
{
	static const struct unit_test tests[] = {
		{ "set-up", test_setup },
		{ "a symbolic link is refused", test_symlink },
		{ "FIFO, socket, device, directory refused", test_fifo_socket_device_directory },
		{ "1 MiB accepted, one byte more refused", test_size_limit },
		{ "NUL and control characters refused", test_binary },
		{ "invalid UTF-8 refused, valid UTF-8 read", test_utf8 },
		{ "truncated files", test_truncated },
		{ "clean-up", test_done },
		{ NULL, NULL }
	};

	return unit_add_suite("config_hostile", tests);
}

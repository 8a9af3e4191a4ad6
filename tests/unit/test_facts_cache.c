/* tests/unit/test_facts_cache.c — the facts cache (engine/facts.c): its file
 * format, the round trip of every record with hostile strings, strict
 * reading (every way a file is refused, with the line in the reason), the
 * files' owner and permissions, atomic saving, and facts_update() from
 * threads and a process at once. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "../../engine/facts_int.h"

static char tmp[64];

static void mk_tmp(void)
{
	snprintf(tmp, sizeof tmp, "/tmp/vm-facts-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
}

static void rm_tmp(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", tmp, tmp);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

/* tmp/NAME */
static char *at(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", tmp, name);
	return p;
}

static int write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	int rc = write(fd, text, len) == (ssize_t)len && fchmod(fd, mode) == 0 ? 0 : -1;
	close(fd);
	return rc;
}

/* The whole file, malloc'd, NUL-terminated; NULL when unreadable. */
static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!fp)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = (cap + 4096) * 2);
			if (!nb)
				break;
			buf = nb;
		}
		size_t got = fread(buf + n, 1, 4096, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* The names in DIR other than "." and "..", joined with '|', sorted by the
 * directory's order; into OUT. */
static int dir_names(const char *dir, char *out, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	out[0] = '\0';
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n++)
			strncat(out, "|", len - strlen(out) - 1);
		strncat(out, de->d_name, len - strlen(out) - 1);
	}
	closedir(d);
	return n;
}

static int empty_but_host(const struct facts_host *f, const char *host)
{
	return f->host && strcmp(f->host, host) == 0 && !f->hostkey && f->index_taken == 0 &&
	       !f->vms && f->nvms == 0 && !f->links && f->nlinks == 0 && !f->measured &&
	       f->nmeasured == 0 && !f->achieved && f->nachieved == 0;
}

/* A facts_host for HOST with nothing else. */
static struct facts_host blank(const char *host)
{
	struct facts_host f;
	memset(&f, 0, sizeof f);
	f.host = strdup(host);
	return f;
}

static int streq_opt(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- round trip --------------------------------------------------------- */

static const char hostile_host[] = "h%20ost $(id) \"q\" 'x' \xc3\xa9\t-";

static void fill_hostile(struct facts_host *f)
{
	const char *names[] = { "web 1", "50%", "$(touch /tmp/pwned)", "\"quoted\" 'too'",
				"d\xc3\xa9p\xc3\xb4t \xe2\x82\xac", "-", "tab\there" };
	const char *uuids[] = { "0f0e0d0c-0b0a-0908-0706-050403020100", "u 2", "u%3", "u$(4)",
				"u\"5\"", "u-6", "u7" };
	struct facts_link l1 = {
		.peer = (char *)"peer one $(x)", .taken = 1700000001, .src_dev = (char *)"eth 0",
		.src_mbit = 10000, .dst_dev = NULL, .dst_mbit = 0, .rtt_us = -1, .p2p_ok = 1,
		.p2p_error = NULL,
	};
	struct facts_link l2 = {
		.peer = (char *)"\xce\xb1\xce\xb2\xce\xb3%", .taken = 0, .src_dev = (char *)"-",
		.src_mbit = 0, .dst_dev = (char *)"br%0",
		.dst_mbit = 2147483647, .rtt_us = 9223372036854775807LL, .p2p_ok = 0,
		.p2p_error = (char *)"ssh: \"Permission denied\" (publickey); 100% `id` $(rm -rf ~)",
	};
	f->hostkey = strdup("SHA256:n4Ik+/3s= x%");
	CU_ASSERT_EQUAL(facts_set_index(f, 1700000000, names, uuids, 7), 0);
	CU_ASSERT_EQUAL(facts_set_link(f, &l1), 0);
	CU_ASSERT_EQUAL(facts_set_link(f, &l2), 0);
	CU_ASSERT_EQUAL(facts_set_measured(f, "peer one $(x)", 1700000002, 941.123456789012345), 0);
	CU_ASSERT_EQUAL(facts_set_measured(f, "\xce\xb1\xce\xb2\xce\xb3%", 5, 0.1), 0);
	CU_ASSERT_EQUAL(facts_set_achieved(f, "peer one $(x)", 1700000003, DBL_MAX), 0);
	CU_ASSERT_EQUAL(facts_set_achieved(f, "z", 7, 1e-300), 0);
	CU_ASSERT_EQUAL(facts_set_achieved(f, "y", 8, 0.0), 0);
}

static void assert_same(const struct facts_host *a, const struct facts_host *b)
{
	CU_ASSERT_STRING_EQUAL(a->host, b->host);
	CU_ASSERT(streq_opt(a->hostkey, b->hostkey));
	CU_ASSERT_EQUAL(a->index_taken, b->index_taken);
	CU_ASSERT_EQUAL_FATAL(a->nvms, b->nvms);
	for (size_t i = 0; i < a->nvms; i++) {
		CU_ASSERT_STRING_EQUAL(a->vms[i].name, b->vms[i].name);
		CU_ASSERT_STRING_EQUAL(a->vms[i].uuid, b->vms[i].uuid);
	}
	CU_ASSERT_EQUAL_FATAL(a->nlinks, b->nlinks);
	for (size_t i = 0; i < a->nlinks; i++) {
		const struct facts_link *x = &a->links[i];
		const struct facts_link *y = facts_link_find(b, x->peer);
		CU_ASSERT_PTR_NOT_NULL_FATAL(y);
		CU_ASSERT_EQUAL(x->taken, y->taken);
		CU_ASSERT(streq_opt(x->src_dev, y->src_dev));
		CU_ASSERT_EQUAL(x->src_mbit, y->src_mbit);
		CU_ASSERT(streq_opt(x->dst_dev, y->dst_dev));
		CU_ASSERT_EQUAL(x->dst_mbit, y->dst_mbit);
		CU_ASSERT_EQUAL(x->rtt_us, y->rtt_us);
		CU_ASSERT_EQUAL(x->p2p_ok, y->p2p_ok);
		CU_ASSERT(streq_opt(x->p2p_error, y->p2p_error));
	}
	CU_ASSERT_EQUAL_FATAL(a->nmeasured, b->nmeasured);
	for (size_t i = 0; i < a->nmeasured; i++) {
		const struct facts_rate *y = facts_measured_find(b, a->measured[i].peer);
		CU_ASSERT_PTR_NOT_NULL_FATAL(y);
		CU_ASSERT_EQUAL(a->measured[i].taken, y->taken);
		CU_ASSERT(a->measured[i].mbit_s == y->mbit_s);	/* bit for bit */
	}
	CU_ASSERT_EQUAL_FATAL(a->nachieved, b->nachieved);
	for (size_t i = 0; i < a->nachieved; i++) {
		const struct facts_rate *y = facts_achieved_find(b, a->achieved[i].peer);
		CU_ASSERT_PTR_NOT_NULL_FATAL(y);
		CU_ASSERT_EQUAL(a->achieved[i].taken, y->taken);
		CU_ASSERT(a->achieved[i].mbit_s == y->mbit_s);
	}
}

static void test_round_trip(void)
{
	struct facts_host f = blank(hostile_host), g;
	struct vm_error err;
	struct stat st;
	char why[512] = "x", dir[256], names[512];

	mk_tmp();
	fill_hostile(&f);
	/* the directory and its parents do not exist yet */
	snprintf(dir, sizeof dir, "%s/state/virt-migrate/facts", tmp);
	vm_error_clear(&err);
	CU_ASSERT_EQUAL_FATAL(facts_save(dir, &f, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.message, "");
	CU_ASSERT_EQUAL(stat(dir, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
	/* the file name is the escaped host name; no temporary file is left */
	CU_ASSERT_EQUAL(dir_names(dir, names, sizeof names), 1);
	CU_ASSERT_STRING_EQUAL(names, "h%2520ost%20$(id)%20\"q\"%20'x'%20\xc3\xa9%09-.facts");
	char path[768];
	snprintf(path, sizeof path, "%s/%s", dir, names);
	CU_ASSERT_EQUAL(lstat(path, &st), 0);
	CU_ASSERT(S_ISREG(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);

	CU_ASSERT_EQUAL_FATAL(facts_load(dir, hostile_host, &g, why, sizeof why), 0);
	CU_ASSERT_STRING_EQUAL(why, "");
	assert_same(&f, &g);
	/* "-" as a string is not "none" */
	const struct facts_link *l = facts_link_find(&g, "\xce\xb1\xce\xb2\xce\xb3%");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(l->src_dev, "-");
	CU_ASSERT_PTR_NULL(facts_link_find(&g, "peer one $(x)")->dst_dev);
	CU_ASSERT(facts_index_has(&g, "-"));
	facts_host_free(&g);

	/* a program that called setlocale() with a comma as decimal separator
	 * writes and reads the same file (when such a locale is installed) */
	const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
	if (!loc)
		loc = setlocale(LC_NUMERIC, "fr_FR.UTF-8");
	if (loc) {
		CU_ASSERT_EQUAL(facts_save(dir, &f, &err), 0);
		char *text = read_all(path, NULL);
		CU_ASSERT_PTR_NOT_NULL(text);
		CU_ASSERT_PTR_NOT_NULL(text ? strstr(text, " 0.10000000000000001\n") : NULL);
		free(text);
		CU_ASSERT_EQUAL(facts_load(dir, hostile_host, &g, why, sizeof why), 0);
		assert_same(&f, &g);
		facts_host_free(&g);
		setlocale(LC_NUMERIC, "C");
	}
	facts_host_free(&f);
	rm_tmp();
}

/* The file is exactly the documented format. */
static void test_exact_text(void)
{
	struct facts_host f = blank("a");
	struct vm_error err;
	const char *names[] = { "web 1" }, *uuids[] = { "0f0e0d0c-0b0a-0908-0706-050403020100" };
	struct facts_link b = { .peer = (char *)"b", .taken = 1700000001,
				.src_dev = (char *)"eth0", .src_mbit = 10000, .rtt_us = 250,
				.p2p_ok = 7 };
	struct facts_link c = { .peer = (char *)"c", .taken = 1700000002,
				.src_dev = (char *)"-", .dst_dev = (char *)"br 0",
				.dst_mbit = 25000, .rtt_us = -1,
				.p2p_error = (char *)"Permission denied (publickey)." };
	static const char expect[] =
		"virt-migrate facts 1\n"
		"host a\n"
		"hostkey SHA256:xyz\n"
		"index 1700000000\n"
		"vm web%201 0f0e0d0c-0b0a-0908-0706-050403020100\n"
		"link b 1700000001 eth0 10000 - 0 250 1 -\n"
		"link c 1700000002 %2D 0 br%200 25000 -1 0 Permission%20denied%20(publickey).\n"
		"measured b 1700000003 941.5\n"
		"achieved b 1700000004 0.10000000000000001\n";

	mk_tmp();
	f.hostkey = strdup("SHA256:xyz");
	CU_ASSERT_EQUAL(facts_set_index(&f, 1700000000, names, uuids, 1), 0);
	CU_ASSERT_EQUAL(facts_set_link(&f, &b), 0);
	CU_ASSERT_EQUAL(facts_set_link(&f, &c), 0);
	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 1700000003, 941.5), 0);
	CU_ASSERT_EQUAL(facts_set_achieved(&f, "b", 1700000004, 0.1), 0);
	CU_ASSERT_EQUAL_FATAL(facts_save(tmp, &f, &err), 0);
	char *text = read_all(at("a.facts"), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_STRING_EQUAL(text, expect);
	free(text);
	facts_host_free(&f);
	rm_tmp();
}

/* ---- setters ------------------------------------------------------------ */

static void test_setters_refuse(void)
{
	struct facts_host f = blank("a");
	struct vm_error err;
	char long_name[FACTS_NAME_MAX + 2], long_error[1026];

	memset(long_name, 'n', sizeof long_name);
	long_name[FACTS_NAME_MAX + 1] = '\0';	/* FACTS_NAME_MAX + 1 bytes */
	memset(long_error, 'e', sizeof long_error);
	long_error[1025] = '\0';		/* 1025 bytes */

	struct facts_link ok = { .peer = (char *)"b", .taken = 1, .src_dev = (char *)"eth0",
				 .src_mbit = 1000, .dst_dev = (char *)"eth1", .dst_mbit = 1000,
				 .rtt_us = 100, .p2p_ok = 1 };
	CU_ASSERT_EQUAL_FATAL(facts_set_link(&f, &ok), 0);

	struct facts_link bad;
	bad = ok, bad.peer = (char *)"b\nc";
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.src_dev = (char *)"eth0\n";
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.dst_dev = (char *)"\n";
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.p2p_error = (char *)"line one\nline two";
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.peer = long_name;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.src_dev = long_name;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.p2p_error = long_error;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.peer = NULL;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.peer = (char *)"";
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.taken = -1;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.rtt_us = -2;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	bad = ok, bad.src_mbit = -1;
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), -1);
	CU_ASSERT_EQUAL(facts_set_link(NULL, &ok), -1);
	CU_ASSERT_EQUAL(facts_set_link(&f, NULL), -1);
	/* nothing of the refused records got in */
	CU_ASSERT_EQUAL(f.nlinks, 1);
	CU_ASSERT_STRING_EQUAL(f.links[0].src_dev, "eth0");
	CU_ASSERT_PTR_NULL(f.links[0].p2p_error);

	/* the limits themselves are allowed; an empty optional string is none */
	long_name[FACTS_NAME_MAX] = '\0';
	long_error[1024] = '\0';
	bad = ok, bad.peer = long_name, bad.p2p_error = long_error, bad.dst_dev = (char *)"";
	CU_ASSERT_EQUAL(facts_set_link(&f, &bad), 0);
	CU_ASSERT_PTR_NULL(facts_link_find(&f, long_name)->dst_dev);
	CU_ASSERT_EQUAL(strlen(facts_link_find(&f, long_name)->p2p_error), 1024);

	CU_ASSERT_EQUAL(facts_set_measured(&f, "b\n", 1, 1.0), -1);
	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 1, NAN), -1);
	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 1, INFINITY), -1);
	CU_ASSERT_EQUAL(facts_set_achieved(&f, "b", 1, -1.0), -1);
	CU_ASSERT_EQUAL(facts_set_achieved(&f, "b", -5, 1.0), -1);
	CU_ASSERT_EQUAL(facts_set_achieved(&f, NULL, 1, 1.0), -1);
	CU_ASSERT_EQUAL(f.nmeasured + f.nachieved, 0);

	const char *names[] = { "v1", "v2" }, *uuids[] = { "u1", "u2" };
	const char *bad_names[] = { "v3", "v\n4" }, *bad_uuids[] = { "u3", "" };
	CU_ASSERT_EQUAL(facts_set_index(&f, 10, names, uuids, 2), 0);
	CU_ASSERT_EQUAL(facts_set_index(&f, 11, bad_names, uuids, 2), -1);
	CU_ASSERT_EQUAL(facts_set_index(&f, 11, names, bad_uuids, 2), -1);
	CU_ASSERT_EQUAL(facts_set_index(&f, -1, names, uuids, 2), -1);
	/* the old index is kept whole */
	CU_ASSERT_EQUAL(f.index_taken, 10);
	CU_ASSERT_EQUAL(f.nvms, 2);
	CU_ASSERT(facts_index_has(&f, "v2"));
	CU_ASSERT(!facts_index_has(&f, "v3"));

	/* a struct filled by hand with a value the reader would refuse is
	 * not written */
	mk_tmp();
	struct facts_rate nan_rate = { .peer = (char *)"b", .taken = 1, .mbit_s = NAN };
	f.measured = &nan_rate;
	f.nmeasured = 1;
	vm_error_clear(&err);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "host 'a'"));
	f.measured = NULL;
	f.nmeasured = 0;
	char names_in[256];
	CU_ASSERT_EQUAL(dir_names(tmp, names_in, sizeof names_in), 0);
	rm_tmp();
	facts_host_free(&f);
}

static void test_replace_not_duplicate(void)
{
	struct facts_host f = blank("a"), g;
	struct vm_error err;
	char why[512];
	struct facts_link l = { .peer = (char *)"b", .taken = 1, .src_dev = (char *)"eth0",
				.src_mbit = 1000, .rtt_us = 10, .p2p_ok = 1 };

	CU_ASSERT_EQUAL(facts_set_link(&f, &l), 0);
	l.taken = 2, l.src_dev = NULL, l.src_mbit = 0, l.p2p_ok = 0,
	l.p2p_error = (char *)"refused";
	CU_ASSERT_EQUAL(facts_set_link(&f, &l), 0);
	CU_ASSERT_EQUAL_FATAL(f.nlinks, 1);
	CU_ASSERT_EQUAL(f.links[0].taken, 2);
	CU_ASSERT_PTR_NULL(f.links[0].src_dev);
	CU_ASSERT_EQUAL(f.links[0].p2p_ok, 0);
	CU_ASSERT_STRING_EQUAL(f.links[0].p2p_error, "refused");
	l.peer = (char *)"c";
	CU_ASSERT_EQUAL(facts_set_link(&f, &l), 0);
	CU_ASSERT_EQUAL(f.nlinks, 2);

	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 1, 100.0), 0);
	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 2, 200.0), 0);
	CU_ASSERT_EQUAL(facts_set_achieved(&f, "b", 3, 300.0), 0);
	CU_ASSERT_EQUAL(facts_set_achieved(&f, "b", 4, 400.0), 0);
	CU_ASSERT_EQUAL(f.nmeasured, 1);
	CU_ASSERT_EQUAL(f.nachieved, 1);
	CU_ASSERT(facts_measured_find(&f, "b")->mbit_s == 200.0);
	CU_ASSERT_EQUAL(facts_measured_find(&f, "b")->taken, 2);
	CU_ASSERT(facts_achieved_find(&f, "b")->mbit_s == 400.0);
	CU_ASSERT_PTR_NULL(facts_achieved_find(&f, "c"));
	CU_ASSERT_PTR_NULL(facts_link_find(&f, "d"));
	CU_ASSERT_PTR_NULL(facts_link_find(NULL, "b"));

	/* and so in the file: one line per peer and kind */
	mk_tmp();
	CU_ASSERT_EQUAL_FATAL(facts_save(tmp, &f, &err), 0);
	char *text = read_all(at("a.facts"), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nlink b 2 "));
	CU_ASSERT_PTR_NULL(strstr(text, "\nlink b 1 "));
	CU_ASSERT_PTR_NULL(strstr(text, "measured b 1 "));
	free(text);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &g, why, sizeof why), 0);
	CU_ASSERT_EQUAL(g.nlinks, 2);
	CU_ASSERT_EQUAL(g.nmeasured, 1);
	CU_ASSERT_EQUAL(g.nachieved, 1);
	facts_host_free(&g);
	rm_tmp();
	facts_host_free(&f);
}

/* ---- reading ------------------------------------------------------------ */

static void test_no_file(void)
{
	struct facts_host f;
	char why[512] = "stale";

	mk_tmp();
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), 0);
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_STRING_EQUAL(why, "");
	facts_host_free(&f);
	strcpy(why, "stale");
	CU_ASSERT_EQUAL(facts_load(at("not/made/yet"), "a", &f, why, sizeof why), 0);
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_STRING_EQUAL(why, "");
	facts_host_free(&f);
	/* WHY may be NULL */
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, NULL, 0), 0);
	facts_host_free(&f);
	rm_tmp();
}

struct damaged {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	int line;
	const char *says;	/* a part of WHY */
};

#define HEAD "virt-migrate facts 1\nhost a\n"
#define LINK_B "link b 1 eth0 1000 eth1 1000 100 1 -\n"

static const struct damaged damaged[] = {
	/* cut short: the last line has no newline */
	{ HEAD "index 5\nvm x y", 0, 4, "are cut short at line 4" },
	{ HEAD LINK_B "measured b 5 941.5", 0, 4, "cut short at line 4" },
	{ "virt-migrate facts 1", 0, 1, "cut short at line 1" },
	/* garbage and unknown kinds */
	{ HEAD "bogus 1 2\n", 0, 3, "unknown kind" },
	{ HEAD "index 5\n\xff\xfe garbage \x01\n", 0, 4, "damaged at line 4" },
	{ HEAD "\n", 0, 3, "damaged at line 3" },
	/* the first two lines */
	{ "virt-migrate facts 2\nhost a\n", 0, 1, "format version" },
	{ "virt-migrate facts 0\nhost a\n", 0, 1, "format version" },
	{ "hello\n", 0, 1, "not a file of the facts cache" },
	{ "", 0, 1, "empty" },
	{ "virt-migrate facts 1\n", 0, 2, "'host' line is missing" },
	{ "virt-migrate facts 1\nhost b\n", 0, 2, "another host" },
	{ "virt-migrate facts 1\nhost a%20\n", 0, 2, "another host" },
	{ "virt-migrate facts 1\nindex 5\nhost a\n", 0, 2, "damaged at line 2" },
	{ HEAD "index 5\nhost a\n", 0, 4, "damaged at line 4" },
	/* field counts and blanks */
	{ HEAD "link b 1 eth0 1000 eth1 1000 100 1\n", 0, 3, "'link' line" },
	{ HEAD "link b 1 eth0 1000 eth1 1000 100 1 - x\n", 0, 3, "damaged at line 3" },
	{ HEAD "index 5 6\n", 0, 3, "'index' line" },
	{ HEAD "index 5\nvm a\n", 0, 4, "'vm' line" },
	{ HEAD "index 5\nvm  a u\n", 0, 4, "empty field" },
	{ HEAD "index 5 \n", 0, 3, "damaged at line 3" },
	{ HEAD "index 5\nvm a\tb u\n", 0, 4, "damaged at line 4" },
	{ HEAD "index 5\r\n", 0, 3, "damaged at line 3" },
	/* numbers */
	{ HEAD "index 12x\n", 0, 3, "damaged at line 3" },
	{ HEAD "index -5\n", 0, 3, "damaged at line 3" },
	{ HEAD "index +5\n", 0, 3, "damaged at line 3" },
	{ HEAD "index 99999999999999999999\n", 0, 3, "damaged at line 3" },
	{ HEAD "measured b 5 nan\n", 0, 3, "'measured' line" },
	{ HEAD "measured b 5 inf\n", 0, 3, "damaged at line 3" },
	{ HEAD "achieved b 5 -1\n", 0, 3, "'achieved' line" },
	{ HEAD "achieved b 5 0x10\n", 0, 3, "damaged at line 3" },
	{ HEAD "achieved b 5 1e999\n", 0, 3, "damaged at line 3" },
	{ HEAD "achieved b 5 1,5\n", 0, 3, "damaged at line 3" },
	{ HEAD "link b 1 eth0 -3 eth1 1000 100 1 -\n", 0, 3, "damaged at line 3" },
	{ HEAD "link b 1 eth0 1000 eth1 3000000000 100 1 -\n", 0, 3, "damaged at line 3" },
	{ HEAD "link b 1 eth0 1000 eth1 1000 -2 1 -\n", 0, 3, "damaged at line 3" },
	{ HEAD "link b 1 eth0 1000 eth1 1000 100 2 -\n", 0, 3, "damaged at line 3" },
	/* escapes and strings */
	{ HEAD "index 5\nvm a%zz u\n", 0, 4, "damaged at line 4" },
	{ HEAD "index 5\nvm a%00 u\n", 0, 4, "damaged at line 4" },
	{ HEAD "index 5\nvm a%4 u\n", 0, 4, "damaged at line 4" },
	{ HEAD "index 5\nvm a%0Ab u\n", 0, 4, "damaged at line 4" },
	{ HEAD "index 5\nvm - u\n", 0, 4, "damaged at line 4" },
	{ HEAD "measured - 5 1\n", 0, 3, "damaged at line 3" },
	{ HEAD "hostkey -\n", 0, 3, "damaged at line 3" },
	/* repeats and order */
	{ HEAD LINK_B "index 5\n" LINK_B, 0, 5, "second 'link' line" },
	{ HEAD "measured b 1 1\nmeasured b 2 2\n", 0, 4, "second rate" },
	{ HEAD "index 5\nindex 6\n", 0, 4, "damaged at line 4" },
	{ HEAD "hostkey SHA256:x\nhostkey SHA256:y\n", 0, 4, "damaged at line 4" },
	{ HEAD "vm a u\nindex 5\n", 0, 3, "before the 'index' line" },
	/* a NUL byte */
	{ HEAD "index 5\nvm a\0b u\n", sizeof(HEAD "index 5\nvm a\0b u\n") - 1, 4, "NUL" },
};

static void test_damaged(void)
{
	mk_tmp();
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		const struct damaged *d = &damaged[i];
		struct facts_host f;
		char why[512], line[32];
		size_t len = d->len ? d->len : strlen(d->text);
		CU_ASSERT_EQUAL_FATAL(write_file(at("a.facts"), d->text, len, 0600), 0);
		memset(&f, 0x5a, sizeof f);	/* zeroed by facts_load */
		int rc = facts_load(tmp, "a", &f, why, sizeof why);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT(empty_but_host(&f, "a"));
		snprintf(line, sizeof line, "line %d", d->line);
		int ok = rc == -1 && strstr(why, "host 'a'") && strstr(why, at("a.facts")) &&
			 strstr(why, line) && strstr(why, d->says) &&
			 strstr(why, "read again from the host.");
		if (!ok)
			fprintf(stderr, "\n  case %zu (%d): %s\n", i, rc, why);
		CU_ASSERT(ok);
		facts_host_free(&f);
	}
	/* the first sentence in full */
	struct facts_host f;
	char why[512], expect[512];
	static const char torn[] = HEAD "index 5\nvm x y";
	CU_ASSERT_EQUAL(write_file(at("a.facts"), torn, strlen(torn), 0600), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	snprintf(expect, sizeof expect, "The cached facts of host 'a' (%s/a.facts) are cut short "
		 "at line 4 (it has no newline at its end); they are read again from the host.",
		 tmp);
	CU_ASSERT_STRING_EQUAL(why, expect);
	facts_host_free(&f);
	/* a short WHY buffer is cut, not overrun */
	char small[16];
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, small, sizeof small), -1);
	CU_ASSERT_EQUAL(strlen(small), sizeof small - 1);
	facts_host_free(&f);
	rm_tmp();
}

static void test_oversize(void)
{
	struct facts_host f;
	char why[512];
	size_t cap = 5 * 1024 * 1024, n = 0;
	char *text = malloc(cap);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	mk_tmp();
	n += (size_t)snprintf(text, cap, HEAD "index 5\n");
	/* valid lines only: what is refused is the size alone */
	size_t under = 0;
	for (int i = 0; n < 4 * 1024 * 1024 + 100; i++) {
		if (n < 4 * 1024 * 1024 - 100)
			under = n;
		n += (size_t)snprintf(text + n, cap - n,
				      "vm v%07d 00000000-0000-0000-0000-%012d\n", i, i);
	}
	CU_ASSERT_EQUAL_FATAL(write_file(at("a.facts"), text, n, 0600), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "larger than 4 MiB"));
	CU_ASSERT(empty_but_host(&f, "a"));
	facts_host_free(&f);
	/* the same lines, just under the limit, are read */
	CU_ASSERT_EQUAL_FATAL(write_file(at("a.facts"), text, under, 0600), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), 0);
	CU_ASSERT(f.nvms > 70000);
	CU_ASSERT(facts_index_has(&f, "v0000000"));
	facts_host_free(&f);
	free(text);
	rm_tmp();
}

/* ---- owners, modes, links ----------------------------------------------- */

static const char good[] = HEAD "hostkey SHA256:k\n" LINK_B;

static void test_modes_refused(void)
{
	struct facts_host f;
	char why[512];

	mk_tmp();
	CU_ASSERT_EQUAL_FATAL(write_file(at("a.facts"), good, strlen(good), 0620), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "can be changed by other users (mode 0620)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, at("a.facts")));
	facts_host_free(&f);

	CU_ASSERT_EQUAL(chmod(at("a.facts"), 0602), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "(mode 0602)"));
	facts_host_free(&f);

	/* readable by others is no reason to refuse */
	CU_ASSERT_EQUAL(chmod(at("a.facts"), 0644), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), 0);
	CU_ASSERT_EQUAL(f.nlinks, 1);
	CU_ASSERT_STRING_EQUAL(f.hostkey, "SHA256:k");
	facts_host_free(&f);

	/* a directory others may write to: not used, not written to */
	CU_ASSERT_EQUAL(chmod(tmp, 0770), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "the directory can be changed by other users"));
	struct vm_error err;
	vm_error_clear(&err);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "can be changed by other users"));
	CU_ASSERT_STRING_NOT_EQUAL(err.hint, "");
	facts_host_free(&f);
	CU_ASSERT_EQUAL(chmod(tmp, 0700), 0);

	/* a FIFO in place of the file: refused at once, no hang */
	CU_ASSERT_EQUAL(unlink(at("a.facts")), 0);
	CU_ASSERT_EQUAL(mkfifo(at("a.facts"), 0600), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not a regular file"));
	facts_host_free(&f);
	rm_tmp();
}

static void test_symlink_refused(void)
{
	struct facts_host f;
	struct vm_error err;
	struct stat st;
	char why[512];

	mk_tmp();
	/* a valid file of ours, reached through a planted link */
	CU_ASSERT_EQUAL_FATAL(write_file(at("victim"), good, strlen(good), 0600), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(at("victim"), at("a.facts")), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "symbolic link"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "host 'a'"));
	/* saving replaces the link, not what it points to */
	CU_ASSERT_EQUAL(facts_set_measured(&f, "c", 1, 5.0), 0);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), 0);
	CU_ASSERT_EQUAL(lstat(at("a.facts"), &st), 0);
	CU_ASSERT(S_ISREG(st.st_mode));
	char *victim = read_all(at("victim"), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(victim);
	CU_ASSERT_STRING_EQUAL(victim, good);
	free(victim);
	facts_host_free(&f);

	/* the facts directory itself a link: not used */
	CU_ASSERT_EQUAL(mkdir(at("real"), 0700), 0);
	CU_ASSERT_EQUAL(symlink(at("real"), at("linked")), 0);
	CU_ASSERT_EQUAL(facts_load(at("linked"), "a", &f, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "not a directory"));
	CU_ASSERT_EQUAL(facts_save(at("linked"), &f, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "not a directory"));
	char names[128];
	CU_ASSERT_EQUAL(dir_names(at("real"), names, sizeof names), 0);
	facts_host_free(&f);
	rm_tmp();
}

static void test_other_owner(void)
{
	struct facts_host f;
	char why[512];

	mk_tmp();
	CU_ASSERT_EQUAL_FATAL(write_file(at("a.facts"), good, strlen(good), 0600), 0);
	if (geteuid() != 0) {
		/* only root can give a file away; the rest is still checked */
		fprintf(stderr, " (not root: the other owner is not tried) ");
		CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), 0);
		facts_host_free(&f);
		rm_tmp();
		return;
	}
	CU_ASSERT_EQUAL_FATAL(chown(at("a.facts"), 1, 1), 0);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), -1);
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "written by another user (uid 1)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, at("a.facts")));
	facts_host_free(&f);
	rm_tmp();
}

/* ---- saving and updating ------------------------------------------------ */

struct adder {
	const char *dir;
	const char *prefix;
	int failures;
};

static int add_peer(struct facts_host *f, void *user)
{
	const char *peer = user;
	struct facts_link l = { .peer = (char *)peer, .taken = 1, .rtt_us = -1 };
	return facts_set_link(f, &l) == 0 && facts_set_achieved(f, peer, 2, 3.5) == 0 ? 0 : 1;
}

static void *adder_run(void *arg)
{
	struct adder *a = arg;
	for (int i = 0; i < 100; i++) {
		char peer[64], why[512];
		struct vm_error err;
		snprintf(peer, sizeof peer, "%s %d", a->prefix, i);
		if (facts_update(a->dir, "a", add_peer, peer, why, sizeof why, &err) != 0 ||
		    why[0])
			a->failures++;
	}
	return NULL;
}

static void test_update_concurrent(void)
{
	struct facts_host f;
	char why[512], names[256];

	mk_tmp();
	/* a process and two threads, each adding 100 peers of its own */
	pid_t child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		struct adder c = { tmp, "process", 0 };
		adder_run(&c);
		_exit(c.failures ? 1 : 0);
	}
	struct adder t1 = { tmp, "thread one", 0 }, t2 = { tmp, "thread two", 0 };
	pthread_t a, b;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&a, NULL, adder_run, &t1), 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&b, NULL, adder_run, &t2), 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	int status = -1;
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL(t1.failures, 0);
	CU_ASSERT_EQUAL(t2.failures, 0);

	CU_ASSERT_EQUAL_FATAL(facts_load(tmp, "a", &f, why, sizeof why), 0);
	CU_ASSERT_EQUAL(f.nlinks, 300);
	CU_ASSERT_EQUAL(f.nachieved, 300);
	int missing = 0;
	for (int i = 0; i < 100; i++) {
		char peer[64];
		const char *prefixes[] = { "process", "thread one", "thread two" };
		for (int k = 0; k < 3; k++) {
			snprintf(peer, sizeof peer, "%s %d", prefixes[k], i);
			missing += !facts_link_find(&f, peer) || !facts_achieved_find(&f, peer);
		}
	}
	CU_ASSERT_EQUAL(missing, 0);
	facts_host_free(&f);
	/* the file and its lock, no temporary file left */
	CU_ASSERT_EQUAL(dir_names(tmp, names, sizeof names), 2);
	CU_ASSERT(strcmp(names, "a.facts|a.lock") == 0 || strcmp(names, "a.lock|a.facts") == 0);
	rm_tmp();
}

static int refuse_change(struct facts_host *f, void *user)
{
	(void)user;
	facts_set_measured(f, "never", 1, 1.0);
	return 1;
}

static int drop_all(struct facts_host *f, void *user)
{
	int *seen = user;
	*seen = (int)f->nlinks;
	facts_clear(f);
	return 0;
}

static void test_update_replaces_refused(void)
{
	static const char garbage[] = HEAD "index 5\nthis is not a record\n";
	struct facts_host f;
	struct vm_error err;
	char why[512], *before, *after;

	mk_tmp();
	CU_ASSERT_EQUAL_FATAL(write_file(at("a.facts"), garbage, strlen(garbage), 0600), 0);
	/* FN refusing leaves the file as it is */
	CU_ASSERT_EQUAL(facts_update(tmp, "a", refuse_change, NULL, why, sizeof why, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "host 'a'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "damaged at line 4"));
	before = read_all(at("a.facts"), NULL);
	CU_ASSERT_PTR_NOT_NULL(before);
	CU_ASSERT_STRING_EQUAL(before ? before : "", garbage);
	free(before);

	/* the damaged file is started afresh and replaced by a good one */
	vm_error_clear(&err);
	CU_ASSERT_EQUAL(facts_update(tmp, "a", add_peer, (void *)"b", why, sizeof why, &err), 0);
	CU_ASSERT_STRING_EQUAL(err.message, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "damaged at line 4"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "host 'a'"));
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &f, why, sizeof why), 0);
	CU_ASSERT_STRING_EQUAL(why, "");
	CU_ASSERT_EQUAL(f.nlinks, 1);
	CU_ASSERT_EQUAL(f.index_taken, 0);
	CU_ASSERT_PTR_NOT_NULL(facts_link_find(&f, "b"));
	facts_host_free(&f);

	/* a good file: FN sees it, WHY stays empty */
	int seen = -1;
	CU_ASSERT_EQUAL(facts_update(tmp, "a", drop_all, &seen, why, sizeof why, &err), 0);
	CU_ASSERT_EQUAL(seen, 1);
	CU_ASSERT_STRING_EQUAL(why, "");
	after = read_all(at("a.facts"), NULL);
	CU_ASSERT_PTR_NOT_NULL(after);
	CU_ASSERT_STRING_EQUAL(after ? after : "", "virt-migrate facts 1\nhost a\n");
	free(after);

	/* a file of another user is replaced by ours too */
	if (geteuid() == 0) {
		struct stat st;
		CU_ASSERT_EQUAL(chown(at("a.facts"), 1, 1), 0);
		CU_ASSERT_EQUAL(facts_update(tmp, "a", add_peer, (void *)"c", why, sizeof why,
					     &err), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, "another user (uid 1)"));
		CU_ASSERT_EQUAL(stat(at("a.facts"), &st), 0);
		CU_ASSERT_EQUAL(st.st_uid, 0);
		CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
	}
	rm_tmp();
}

/* A temporary file left by a killed process with our pid and thread id
 * (pids repeat) does not stop the save. */
static void test_stale_tmp(void)
{
	struct facts_host f = blank("a"), g;
	struct vm_error err;
	char name[128], why[512], names[256];

	mk_tmp();
	snprintf(name, sizeof name, "a.facts.tmp.%ld.%ld", (long)getpid(), (long)gettid());
	CU_ASSERT_EQUAL_FATAL(write_file(at(name), "junk", 4, 0600), 0);
	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 1, 2.0), 0);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), 0);
	CU_ASSERT_EQUAL(dir_names(tmp, names, sizeof names), 1);
	CU_ASSERT_STRING_EQUAL(names, "a.facts");
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &g, why, sizeof why), 0);
	CU_ASSERT(facts_measured_find(&g, "b") && facts_measured_find(&g, "b")->mbit_s == 2.0);
	facts_host_free(&g);
	facts_host_free(&f);
	rm_tmp();
}

static void test_host_names(void)
{
	const char *bad[] = { "", ".", "..", "a/b", "../x", "/", "a\nb", NULL };
	char long_name[300];
	struct facts_host f, g;
	struct vm_error err;
	char why[512], names[256];

	memset(long_name, 'h', sizeof long_name);
	long_name[FACTS_NAME_MAX + 1] = '\0';
	mk_tmp();
	for (int i = 0; bad[i]; i++) {
		f = blank(bad[i]);
		vm_error_clear(&err);
		CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cannot name a file"));
		CU_ASSERT_EQUAL(facts_load(tmp, bad[i], &g, why, sizeof why), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, "cannot name a file"));
		CU_ASSERT_STRING_EQUAL(g.host, bad[i]);
		facts_host_free(&g);
		CU_ASSERT_EQUAL(facts_update(tmp, bad[i], add_peer, (void *)"b", why, sizeof why,
					     &err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "cannot name a file"));
		facts_host_free(&f);
	}
	/* too long for a file name, once escaped */
	f = blank(long_name);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), -1);
	facts_host_free(&f);
	memset(long_name, ' ', 80);	/* 80 * 3 bytes escaped */
	long_name[80] = '\0';
	f = blank(long_name);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), -1);
	facts_host_free(&f);
	/* nothing was written anywhere */
	CU_ASSERT_EQUAL(dir_names(tmp, names, sizeof names), 0);
	/* dots inside a name are fine */
	f = blank("a.b..c");
	CU_ASSERT_EQUAL(facts_save(tmp, &f, &err), 0);
	CU_ASSERT_EQUAL(dir_names(tmp, names, sizeof names), 1);
	CU_ASSERT_STRING_EQUAL(names, "a.b..c.facts");
	facts_host_free(&f);
	rm_tmp();
}

static void test_facts_dir(void)
{
	char *old_state = getenv("XDG_STATE_HOME") ? strdup(getenv("XDG_STATE_HOME")) : NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *d;

	d = facts_dir("/some/where");
	CU_ASSERT_STRING_EQUAL(d, "/some/where");
	free(d);
	setenv("XDG_STATE_HOME", "/st", 1);
	d = facts_dir(NULL);
	CU_ASSERT_STRING_EQUAL(d, "/st/virt-migrate/facts");
	free(d);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/hm", 1);
	d = facts_dir(NULL);
	CU_ASSERT_STRING_EQUAL(d, "/hm/.local/state/virt-migrate/facts");
	free(d);
	/* no state directory: no file to read, nowhere to write */
	unsetenv("HOME");
	CU_ASSERT_PTR_NULL(facts_dir(NULL));
	struct facts_host f;
	struct vm_error err;
	char why[512];
	CU_ASSERT_EQUAL(facts_load(NULL, "a", &f, why, sizeof why), 0);
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_EQUAL(facts_save(NULL, &f, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "XDG_STATE_HOME"));
	CU_ASSERT_EQUAL(facts_update(NULL, "a", add_peer, (void *)"b", why, sizeof why, &err),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "XDG_STATE_HOME"));
	facts_host_free(&f);

	/* with a state directory, the default place is used and made */
	mk_tmp();
	setenv("XDG_STATE_HOME", tmp, 1);
	CU_ASSERT_EQUAL(facts_update(NULL, "a", add_peer, (void *)"b", why, sizeof why, &err), 0);
	CU_ASSERT_EQUAL(access(at("virt-migrate/facts/a.facts"), R_OK), 0);
	rm_tmp();

	if (old_state)
		setenv("XDG_STATE_HOME", old_state, 1);
	else
		unsetenv("XDG_STATE_HOME");
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_state);
	free(old_home);
}

/* ---- clearing and lookups ----------------------------------------------- */

static void test_clear(void)
{
	struct facts_host f = blank("a");
	char *host = f.host;

	fill_hostile(&f);
	CU_ASSERT(f.nvms && f.nlinks && f.nmeasured && f.nachieved && f.hostkey);
	facts_clear(&f);
	CU_ASSERT_PTR_EQUAL(f.host, host);	/* kept, not copied */
	CU_ASSERT(empty_but_host(&f, "a"));
	CU_ASSERT_PTR_NULL(facts_link_find(&f, "peer one $(x)"));
	CU_ASSERT(!facts_index_has(&f, "web 1"));
	/* and it can be filled again */
	CU_ASSERT_EQUAL(facts_set_measured(&f, "b", 1, 1.0), 0);
	CU_ASSERT_EQUAL(f.nmeasured, 1);
	facts_clear(NULL);
	facts_host_free(&f);
	CU_ASSERT_PTR_NULL(f.host);
	facts_host_free(&f);	/* twice is harmless */
	facts_host_free(NULL);
}

/* The host's CPU models and the file systems under its pools: written,
 * read back exactly, refused when out of order or repeated. */
static void test_cpu_and_fs(void)
{
	struct facts_host f = blank("a"), g;
	const char *models[] = { "Nehalem", "EPYC-Rome", "qemu64" };
	const int usable[] = { 1, 0, 1 };
	const char *paths[] = { "/var/lib/libvirt/images", "/srv/vm store", "/mnt/$(x)" };
	const char *types[] = { "ext4", "fuse.glusterfs", "nfs4" };
	const char *dup[] = { "/a", "/a" }, *dupt[] = { "ext4", "xfs" };
	char why[512];

	mk_tmp();
	CU_ASSERT_EQUAL(facts_set_cpu(&f, 100, "AMD", models, usable, 3), 0);
	CU_ASSERT_EQUAL(facts_set_fs(&f, 200, paths, types, 3), 0);
	CU_ASSERT_EQUAL(facts_set_fs(&f, 200, dup, dupt, 2), -1);	/* one type a path */
	CU_ASSERT_EQUAL(f.nfs, 3);
	CU_ASSERT_EQUAL(facts_save(tmp, &f, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(facts_load(tmp, "a", &g, why, sizeof why), 0);
	CU_ASSERT_EQUAL(g.cpu_taken, 100);
	CU_ASSERT_STRING_EQUAL(g.cpu_vendor, "AMD");
	CU_ASSERT_EQUAL_FATAL(g.nmodels, 3);
	CU_ASSERT_STRING_EQUAL(g.models[1].name, "EPYC-Rome");
	CU_ASSERT_EQUAL(g.models[1].usable, 0);
	CU_ASSERT_EQUAL(g.models[2].usable, 1);
	CU_ASSERT_EQUAL(g.fs_taken, 200);
	CU_ASSERT_STRING_EQUAL(facts_fs_find(&g, "/srv/vm store"), "fuse.glusterfs");
	CU_ASSERT_STRING_EQUAL(facts_fs_find(&g, "/mnt/$(x)"), "nfs4");
	CU_ASSERT_PTR_NULL(facts_fs_find(&g, "/srv"));
	facts_host_free(&g);

	/* an "fs" line before "fstypes", a path twice: refused with the line */
	FILE *out = fopen(at("a.facts"), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	fputs("virt-migrate facts 1\nhost a\nfs /x ext4\n", out);
	fclose(out);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &g, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "line 3"));
	facts_host_free(&g);
	out = fopen(at("a.facts"), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	fputs("virt-migrate facts 1\nhost a\nfstypes 5\nfs /x ext4\nfs /x xfs\n", out);
	fclose(out);
	CU_ASSERT_EQUAL(facts_load(tmp, "a", &g, why, sizeof why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "line 5"));
	facts_host_free(&g);
	facts_host_free(&f);
	rm_tmp();
}

static void test_index_has(void)
{
	struct facts_host f = blank("a");
	const char *names[] = { "web", "db 1", "\xc3\xa9" }, *uuids[] = { "u1", "u2", "u3" };
	const char *other[] = { "mail" }, *other_uuid[] = { "u4" };

	CU_ASSERT_EQUAL(facts_index_has(&f, "web"), 0);
	CU_ASSERT_EQUAL(facts_set_index(&f, 100, names, uuids, 3), 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, "web"), 1);
	CU_ASSERT_EQUAL(facts_index_has(&f, "db 1"), 1);
	CU_ASSERT_EQUAL(facts_index_has(&f, "\xc3\xa9"), 1);
	CU_ASSERT_EQUAL(facts_index_has(&f, "we"), 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, "web "), 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, "db"), 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, NULL), 0);
	CU_ASSERT_EQUAL(facts_index_has(NULL, "web"), 0);
	/* a new index replaces the old one whole */
	CU_ASSERT_EQUAL(facts_set_index(&f, 200, other, other_uuid, 1), 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, "web"), 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, "mail"), 1);
	CU_ASSERT_EQUAL(f.index_taken, 200);
	CU_ASSERT_STRING_EQUAL(f.vms[0].uuid, "u4");
	/* and an empty one drops it */
	CU_ASSERT_EQUAL(facts_set_index(&f, 0, NULL, NULL, 0), 0);
	CU_ASSERT_EQUAL(f.nvms, 0);
	CU_ASSERT_EQUAL(f.index_taken, 0);
	CU_ASSERT_EQUAL(facts_index_has(&f, "mail"), 0);
	facts_host_free(&f);
}

int test_facts_cache_register(void);
int test_facts_cache_register(void)
{
	static const struct unit_test tests[] = {
		{ "round trip of every record, hostile strings", test_round_trip },
		{ "the file is the documented format", test_exact_text },
		{ "setters refuse bad values and change nothing", test_setters_refuse },
		{ "a record for the same peer is replaced", test_replace_not_duplicate },
		{ "no file: nothing, and no reason", test_no_file },
		{ "damaged, torn, foreign files refused with the line", test_damaged },
		{ "a file over 4 MiB is refused", test_oversize },
		{ "group/world-writable file or directory, FIFO", test_modes_refused },
		{ "a planted symbolic link is not followed", test_symlink_refused },
		{ "a file of another owner is refused", test_other_owner },
		{ "update from 2 threads and a process keeps all", test_update_concurrent },
		{ "update replaces a refused file; FN may refuse", test_update_replaces_refused },
		{ "a stale temporary file does not stop a save", test_stale_tmp },
		{ "host names that cannot name a file", test_host_names },
		{ "the facts directory and the state directory", test_facts_dir },
		{ "CPU models and file systems", test_cpu_and_fs },
		{ "facts_clear keeps only the host name", test_clear },
		{ "facts_index_has", test_index_has },
		{ NULL, NULL },
	};
	return unit_add_suite("facts_cache", tests);
}

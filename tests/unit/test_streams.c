/* tests/unit/test_streams.c — suite "streams": the rule of engine/streams.c
 * (which libvirt and QEMU versions take how many parallel connections and
 * which compression), the config's defaults, the parse of --connections and
 * the words the starting step uses. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "../../engine/streams.h"

#define V(a, b, c) ((a) * 1000000ul + (b) * 1000ul + (c))

static struct config_host cfg_a = { .name = (char *)"a" }, cfg_b = { .name = (char *)"b" };

static struct inv_host host(const struct config_host *cfg, unsigned long libvirt,
			    unsigned long qemu)
{
	struct inv_host h = { .cfg = cfg, .reachable = 1, .libvirt_version = libvirt,
			      .hv_version = qemu, .hv_type = (char *)"QEMU" };
	return h;
}

static const unsigned long DEB12_LIBVIRT = V(9, 0, 0), DEB12_QEMU = V(7, 2, 0);

/* Debian 12 on both ends, as the lab runs. */
static void test_debian12(void)
{
	struct inv_host a = host(&cfg_a, DEB12_LIBVIRT, DEB12_QEMU);
	struct inv_host b = host(&cfg_b, DEB12_LIBVIRT, DEB12_QEMU);
	struct vm_error why;
	static const struct {
		unsigned n;
		enum plan_compress c;
		int ok;
	} rows[] = {
		{ 0, PLAN_COMPRESS_UNSET, 0 },	/* nothing asked */
		{ 1, PLAN_COMPRESS_NONE, 0 },
		{ 4, PLAN_COMPRESS_NONE, 0 },
		{ 16, PLAN_COMPRESS_NONE, 0 },
		{ 1, PLAN_COMPRESS_XBZRLE, 0 },
		{ 1, PLAN_COMPRESS_MT, 0 },	/* QEMU 7.2 still has it */
		{ 4, PLAN_COMPRESS_XBZRLE, -1 },	/* one stream only */
		{ 4, PLAN_COMPRESS_MT, -1 },
		{ 4, PLAN_COMPRESS_ZLIB, -1 },	/* libvirt 9.0 has no zlib */
		{ 4, PLAN_COMPRESS_ZSTD, -1 },
		{ 1, PLAN_COMPRESS_ZSTD, -1 },	/* parallel only */
		{ 17, PLAN_COMPRESS_NONE, -1 },	/* out of range */
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int rc = streams_supported(&a, &b, rows[i].n, rows[i].c, &why);
		if (rc != rows[i].ok)
			fprintf(stderr, "row %zu: %u connections, %s: %d (%s)\n", i, rows[i].n,
				plan_compress_name(rows[i].c), rc, why.message);
		CU_ASSERT_EQUAL(rc, rows[i].ok);
		if (rc == 0) {
			CU_ASSERT_STRING_EQUAL(why.message, "");
		} else {
			CU_ASSERT_NOT_EQUAL(why.hint[0], '\0');
		}
	}
	CU_ASSERT_EQUAL(streams_supported(&a, &b, 4, PLAN_COMPRESS_ZSTD, &why), -1);
	CU_ASSERT_STRING_EQUAL(why.message, "Host 'a' runs libvirt 9.0.0: zstd compression of "
			       "parallel connections needs libvirt 9.4.0.");
	CU_ASSERT_PTR_NOT_NULL(strstr(why.hint, "upgrade libvirt on 'a'"));
	CU_ASSERT_EQUAL(streams_supported(&a, &b, 4, PLAN_COMPRESS_XBZRLE, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "xbzrle compression works on one migration "
				      "stream, not on 4 parallel connections"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why.hint, "--connections 1"));
	CU_ASSERT_EQUAL(streams_supported(&a, &b, 1, PLAN_COMPRESS_ZLIB, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.hint, "--connections 2 or more"));
	/* WHY may be NULL */
	CU_ASSERT_EQUAL(streams_supported(&a, &b, 4, PLAN_COMPRESS_ZLIB, NULL), -1);
	CU_ASSERT_EQUAL(streams_supported(&a, &b, 4, PLAN_COMPRESS_NONE, NULL), 0);
}

/* The host that lacks it is the one named; either end. */
static void test_versions(void)
{
	struct inv_host new_a = host(&cfg_a, V(10, 0, 0), V(8, 2, 0));
	struct inv_host new_b = host(&cfg_b, V(9, 4, 0), V(5, 0, 0));
	struct inv_host old_b = host(&cfg_b, V(5, 1, 0), V(4, 2, 0));
	struct inv_host oldq_b = host(&cfg_b, V(6, 0, 0), V(3, 1, 0));
	struct inv_host q91_b = host(&cfg_b, V(10, 0, 0), V(9, 1, 0));
	struct inv_host q5_b = host(&cfg_b, V(9, 4, 0), V(4, 2, 0));
	struct vm_error why;

	CU_ASSERT_EQUAL(streams_supported(&new_a, &new_b, 8, PLAN_COMPRESS_ZSTD, &why), 0);
	CU_ASSERT_EQUAL(streams_supported(&new_a, &new_b, 2, PLAN_COMPRESS_ZLIB, &why), 0);
	CU_ASSERT_EQUAL(streams_supported(&new_a, &old_b, 2, PLAN_COMPRESS_NONE, &why), -1);
	CU_ASSERT_STRING_EQUAL(why.message, "Host 'b' runs libvirt 5.1.0: parallel migration "
			       "connections need libvirt 5.2.0.");
	CU_ASSERT_EQUAL(streams_supported(&old_b, &new_a, 1, PLAN_COMPRESS_XBZRLE, &why), 0);
	CU_ASSERT_EQUAL(streams_supported(&new_a, &oldq_b, 2, PLAN_COMPRESS_NONE, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "Host 'b' runs QEMU 3.1.0"));
	CU_ASSERT_EQUAL(streams_supported(&new_a, &q5_b, 2, PLAN_COMPRESS_ZSTD, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "needs QEMU 5.0.0"));
	CU_ASSERT_EQUAL(streams_supported(&new_a, &q91_b, 1, PLAN_COMPRESS_MT, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "Host 'b' runs QEMU 9.1.0, which no longer "
				      "has mt compression"));
	CU_ASSERT_EQUAL(streams_supported(&new_a, &q91_b, 1, PLAN_COMPRESS_XBZRLE, &why), 0);
}

/* Not QEMU, or versions not read: refused when anything is asked, not
 * when nothing is. */
static void test_unknown(void)
{
	struct inv_host a = host(&cfg_a, DEB12_LIBVIRT, DEB12_QEMU);
	struct inv_host t = host(&cfg_b, DEB12_LIBVIRT, 2);
	struct inv_host u = host(&cfg_b, 0, 0);
	struct vm_error why;

	t.hv_type = (char *)"TEST";
	CU_ASSERT_EQUAL(streams_supported(&a, &t, 1, PLAN_COMPRESS_NONE, &why), 0);
	CU_ASSERT_EQUAL(streams_supported(&a, &t, 2, PLAN_COMPRESS_NONE, &why), -1);
	CU_ASSERT_STRING_EQUAL(why.message, "Host 'b' runs TEST, not QEMU: parallel connections "
			       "and compression are QEMU's.");
	CU_ASSERT_EQUAL(streams_supported(&a, &u, 1, PLAN_COMPRESS_XBZRLE, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why.message, "versions of host 'b' are not known"));
	CU_ASSERT_EQUAL(streams_supported(&u, &a, 1, PLAN_COMPRESS_UNSET, &why), 0);
}

static void test_postcopy(void)
{
	struct inv_host a = host(&cfg_a, DEB12_LIBVIRT, DEB12_QEMU);
	struct inv_host b = host(&cfg_b, DEB12_LIBVIRT, DEB12_QEMU);
	struct inv_host n1 = host(&cfg_a, V(11, 0, 0), V(10, 1, 0));
	struct inv_host n2 = host(&cfg_b, V(11, 0, 0), V(10, 1, 0));

	CU_ASSERT_EQUAL(streams_postcopy_ok(&a, &b, 1), 1);
	CU_ASSERT_EQUAL(streams_postcopy_ok(&a, &b, 0), 1);
	CU_ASSERT_EQUAL(streams_postcopy_ok(&a, &b, 4), 0);
	CU_ASSERT_EQUAL(streams_postcopy_ok(&n1, &n2, 4), 1);
	CU_ASSERT_EQUAL(streams_postcopy_ok(&n1, &b, 4), 0);
}

static void test_defaults(void)
{
	struct config cfg = { 0 };
	struct plan p = { 0 };

	CU_ASSERT_EQUAL(streams_connections(&p, NULL), 1);
	CU_ASSERT_EQUAL(streams_compress(&p, NULL), PLAN_COMPRESS_NONE);
	CU_ASSERT_EQUAL(streams_connections(&p, &cfg), (unsigned)config_connections(&cfg));
	CU_ASSERT_STRING_EQUAL(plan_compress_name(streams_compress(&p, &cfg)),
			       config_compress(&cfg));
	p.connections = 6;
	p.compress = PLAN_COMPRESS_XBZRLE;
	CU_ASSERT_EQUAL(streams_connections(&p, &cfg), 6);
	CU_ASSERT_EQUAL(streams_compress(&p, &cfg), PLAN_COMPRESS_XBZRLE);
}

static void test_parse_and_text(void)
{
	unsigned v = 99;
	char buf[96];

	CU_ASSERT_EQUAL(streams_connections_parse("1", &v), 0);
	CU_ASSERT_EQUAL(v, 1);
	CU_ASSERT_EQUAL(streams_connections_parse("16", &v), 0);
	CU_ASSERT_EQUAL(v, 16);
	v = 99;
	static const char *const bad[] = { "0", "17", "", " 4", "4 ", "-1", "+4", "0x4", "4a",
					   "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(streams_connections_parse(bad[i], &v), -1);
	CU_ASSERT_EQUAL(v, 99);
	CU_ASSERT_STRING_EQUAL(streams_text(1, PLAN_COMPRESS_UNSET, buf, sizeof buf),
			       "one stream, no compression");
	CU_ASSERT_STRING_EQUAL(streams_text(4, PLAN_COMPRESS_ZSTD, buf, sizeof buf),
			       "4 parallel streams, zstd compression");
}

int test_streams_register(void);

int test_streams_register(void)
{
	static const struct unit_test tests[] = {
		{ "Debian 12 (libvirt 9.0, QEMU 7.2): the table", test_debian12 },
		{ "versions: the host that lacks it is named", test_versions },
		{ "not QEMU, versions unknown: refused only when asked", test_unknown },
		{ "post-copy with parallel streams from QEMU 10.1", test_postcopy },
		{ "the config's defaults where the plan says nothing", test_defaults },
		{ "--connections digits 1..16; the step's words", test_parse_and_text },
		{ NULL, NULL }
	};
	return unit_add_suite("streams", tests);
}

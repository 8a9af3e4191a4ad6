/* tests/unit/test_probe_link.c — what the link facts scripts print, read
 * back (probe_link_parse), and the words facts are said in (engine_rate,
 * engine_age). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../engine/inventory_int.h"

static void parse(const char *text, struct probe_link_out *o)
{
	char *copy = strdup(text);

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	probe_link_parse(copy, o);
	free(copy);
}

static void test_source_end(void)
{
	struct probe_link_out o;

	/* lines in any order: the round trip and the login ran in the background */
	parse("p2p 0\n"
	      "dev eth0 10000 -\n"
	      "ping busybox ping: round-trip min/avg/max = 0.061/0.094/0.120 ms\n", &o);
	CU_ASSERT_EQUAL(o.have_dev, 1);
	CU_ASSERT_STRING_EQUAL(o.dev, "eth0");
	CU_ASSERT_EQUAL(o.mbit, 10000);
	CU_ASSERT_STRING_EQUAL(o.via, "");
	CU_ASSERT_EQUAL(o.have_rtt, 1);
	CU_ASSERT_DOUBLE_EQUAL(o.rtt_ms, 0.094, 1e-9);
	CU_ASSERT_STRING_EQUAL(o.rtt_how, "busybox ping");
	CU_ASSERT_EQUAL(o.have_p2p, 1);
	CU_ASSERT_EQUAL(o.p2p_status, 0);

	/* a bridge: the speed of its fastest port, named */
	parse("dev br0 1000 enp3s0\r\ntcp-us 250\r\np2p 255\r\n"
	      "p2p-err Permission denied (publickey).\r\n", &o);
	CU_ASSERT_STRING_EQUAL(o.dev, "br0");
	CU_ASSERT_EQUAL(o.mbit, 1000);
	CU_ASSERT_STRING_EQUAL(o.via, "enp3s0");
	CU_ASSERT_DOUBLE_EQUAL(o.rtt_ms, 0.25, 1e-9);
	CU_ASSERT_STRING_EQUAL(o.rtt_how, "TCP connect");
	CU_ASSERT_EQUAL(o.p2p_status, 255);
	CU_ASSERT_STRING_EQUAL(o.p2p_err, "Permission denied (publickey).");
}

static void test_unknown_and_errors(void)
{
	struct probe_link_out o;

	/* no speed: 0, never a guess */
	parse("dev vmbr0 0 -\n", &o);
	CU_ASSERT_EQUAL(o.have_dev, 1);
	CU_ASSERT_EQUAL(o.mbit, 0);
	CU_ASSERT_EQUAL(o.have_rtt, 0);
	CU_ASSERT_EQUAL(o.have_p2p, 0);

	parse("route-err RTNETLINK answers: Network is unreachable\n"
	      "rtt-err ping: ping: sendto: Network is unreachable\n", &o);
	CU_ASSERT_EQUAL(o.have_dev, 0);
	CU_ASSERT_STRING_EQUAL(o.route_err, "RTNETLINK answers: Network is unreachable");
	CU_ASSERT_PTR_NOT_NULL(strstr(o.rtt_err, "unreachable"));
	CU_ASSERT_EQUAL(o.have_rtt, 0);
}

/* Lines that do not parse leave nothing behind: a speed is never half read. */
static void test_garbage(void)
{
	static const char *bad[] = {
		"dev eth0\n",			/* no speed */
		"dev eth0 fast -\n",
		"dev eth0 -1 -\n",
		"dev eth0 10000\n",		/* no port field */
		"dev eth0 10000 - extra\n",
		"dev eth0 999999999999 -\n",	/* past any NIC */
		"dev  10000 -\n",
		"tcp-us abc\n",
		"tcp-us -5\n",
		"tcp-us 12x\n",
		"ping ping: no statistics here\n",
		"p2p\n",
		"p2p zero\n",
		"devious eth0 10000 -\n",
		"",
		NULL,
	};
	char longdev[200];
	struct probe_link_out o;

	for (int i = 0; bad[i]; i++) {
		parse(bad[i], &o);
		CU_ASSERT_EQUAL(o.have_dev, 0);
		CU_ASSERT_EQUAL(o.have_rtt, 0);
		CU_ASSERT_EQUAL(o.have_p2p, 0);
	}
	/* an interface name longer than any the kernel allows */
	memset(longdev, 'x', sizeof(longdev));
	memcpy(longdev, "dev ", 4);
	strcpy(longdev + 150, " 1000 -\n");
	parse(longdev, &o);
	CU_ASSERT_EQUAL(o.have_dev, 0);
}

static void test_ping_lines(void)
{
	double ms = -1;

	CU_ASSERT_EQUAL(probe_link_parse_ping("rtt min/avg/max/mdev = 0.041/0.052/0.070/0.011 ms",
					      &ms), 0);
	CU_ASSERT_DOUBLE_EQUAL(ms, 0.052, 1e-9);
	CU_ASSERT_EQUAL(probe_link_parse_ping("round-trip min/avg/max = 1.5/2.5/3.5 ms", &ms), 0);
	CU_ASSERT_DOUBLE_EQUAL(ms, 2.5, 1e-9);
	CU_ASSERT_EQUAL(probe_link_parse_ping("min/avg/max = 5/1/9 ms", &ms), -1);	/* avg < min */
	CU_ASSERT_EQUAL(probe_link_parse_ping("min/avg/max =", &ms), -1);
	CU_ASSERT_EQUAL(probe_link_parse_ping(NULL, &ms), -1);
}

static void test_words(void)
{
	char b[48];

	CU_ASSERT_STRING_EQUAL(engine_rate(10000.0, b, sizeof(b)), "10 Gbit/s");
	CU_ASSERT_STRING_EQUAL(engine_rate(25000.0, b, sizeof(b)), "25 Gbit/s");
	CU_ASSERT_STRING_EQUAL(engine_rate(2300.0, b, sizeof(b)), "2.3 Gbit/s");
	CU_ASSERT_STRING_EQUAL(engine_rate(1000.0, b, sizeof(b)), "1 Gbit/s");
	CU_ASSERT_STRING_EQUAL(engine_rate(250.0, b, sizeof(b)), "250 Mbit/s");
	CU_ASSERT_STRING_EQUAL(engine_rate(0.0, b, sizeof(b)), "an unknown rate");
	CU_ASSERT_STRING_EQUAL(engine_age(1000, 1003, b, sizeof(b)), "just now");
	CU_ASSERT_STRING_EQUAL(engine_age(1000, 1045, b, sizeof(b)), "45 s ago");
	CU_ASSERT_STRING_EQUAL(engine_age(1000, 1000 + 185, b, sizeof(b)), "3 min ago");
	CU_ASSERT_STRING_EQUAL(engine_age(1000, 1000 + 3 * 3600, b, sizeof(b)), "3 h ago");
	CU_ASSERT_STRING_EQUAL(engine_age(1000, 1000 + 5 * 86400, b, sizeof(b)), "5 days ago");
	CU_ASSERT_STRING_EQUAL(engine_age(0, 1000, b, sizeof(b)), "at an unknown time");
	/* a clock a little behind the one that wrote the fact */
	CU_ASSERT_STRING_EQUAL(engine_age(1010, 1000, b, sizeof(b)), "just now");
}

int test_probe_link_register(void);
int test_probe_link_register(void)
{
	static const struct unit_test tests[] = {
		{ "the source's end: interface, round trip, login", test_source_end },
		{ "no speed, no route: said, not guessed", test_unknown_and_errors },
		{ "lines that do not parse", test_garbage },
		{ "ping's summary lines", test_ping_lines },
		{ "rates and ages in words", test_words },
		{ NULL, NULL },
	};
	return unit_add_suite("probe_link", tests);
}

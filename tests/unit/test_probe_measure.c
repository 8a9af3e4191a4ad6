/* tests/unit/test_probe_measure.c — the parsers of the data-path probe's
 * tagged lines (engine/probe_measure.c): what the receiver and the sender
 * print, well-formed, failed, malformed, missing, zero and huge. */
#include <string.h>

#include "unit.h"
#include "../../engine/probe_measure.h"

static void test_receiver_ok(void)
{
	struct probe_measure_out o;

	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen 49152\n", &o), 0);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_OK);
	CU_ASSERT_EQUAL(o.port, 49152);
	/* last port of the range, CRLF, no final newline, noise before */
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen 49215\r\n", &o), 0);
	CU_ASSERT_EQUAL(o.port, 49215);
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen 49200", &o), 0);
	CU_ASSERT_EQUAL(o.port, 49200);
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("Welcome to host b\n\nlisten 49160\n", &o), 0);
	CU_ASSERT_EQUAL(o.port, 49160);
	/* the first tagged line counts */
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen 49153\nlisten-err busy x\n", &o), 0);
	CU_ASSERT_EQUAL(o.port, 49153);
}

static void test_receiver_errors(void)
{
	struct probe_measure_out o;

	CU_ASSERT_EQUAL(probe_measure_parse_receiver(
		"listen-err address Cannot assign requested address\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_ADDRESS);
	CU_ASSERT_STRING_EQUAL(o.detail, "Cannot assign requested address");
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen-err busy Address already in use\n",
						     &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_BUSY);
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen-err other fork: Resource "
						     "temporarily unavailable\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_OTHER);
	CU_ASSERT_STRING_EQUAL(o.detail, "fork: Resource temporarily unavailable");
	/* an unknown kind, a kind with no text */
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen-err weird\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_OTHER);
	CU_ASSERT_STRING_EQUAL(o.detail, "");
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen-err busy\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_BUSY);
	/* an error line first wins over a later port */
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen-err busy x\nlisten 49152\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_BUSY);
}

static void test_receiver_garbage(void)
{
	static const char *const bad[] = {
		"", "\n\n", "hello\n", "listen\n", "listen \n", "listen x\n", "listen -49152\n",
		"listen +49152\n", "listen 49152x\n", "listen 49152 \n", "listen  49152\n",
		"listen 49151\n", "listen 49216\n", "listen 0\n", "listen 4294967296\n",
		"listen 99999999999999999999999999\n", "LISTEN 49152\n", " listen 49152\n",
		"listen49152\n", "listen 0x c000\n", "listen 4.9e4\n", NULL
	};
	struct probe_measure_out o;

	for (size_t i = 0; bad[i]; i++) {
		CU_ASSERT_EQUAL(probe_measure_parse_receiver(bad[i], &o), -1);
		CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
		CU_ASSERT_EQUAL(o.port, 0);
	}
	CU_ASSERT_EQUAL(probe_measure_parse_receiver(NULL, &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
	/* a malformed tagged line is kept to tell */
	CU_ASSERT_EQUAL(probe_measure_parse_receiver("listen 1\n", &o), -1);
	CU_ASSERT_STRING_EQUAL(o.detail, "listen 1");
}

static void test_sender_ok(void)
{
	struct probe_measure_out o;

	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 268435456 268435456 931000000 hires\n",
						   &o), 0);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_OK);
	CU_ASSERT_EQUAL(o.got, 268435456ULL);
	CU_ASSERT_EQUAL(o.sent, 268435456ULL);
	CU_ASSERT_EQUAL(o.ns, 931000000ULL);
	CU_ASSERT_EQUAL(o.hires, 1);
	CU_ASSERT_DOUBLE_EQUAL(probe_measure_mbit_s(o.got, o.ns), 2306.64, 0.01);
	/* ticks clock, fewer bytes counted than written (time bound), noise, CRLF */
	CU_ASSERT_EQUAL(probe_measure_parse_sender("motd\r\nsent 1000 1048576 2000000000 ticks\r\n",
						   &o), 0);
	CU_ASSERT_EQUAL(o.got, 1000);
	CU_ASSERT_EQUAL(o.sent, 1048576);
	CU_ASSERT_EQUAL(o.hires, 0);
	CU_ASSERT_DOUBLE_EQUAL(probe_measure_mbit_s(o.got, o.ns), 0.004, 1e-9);
	/* more counted than written: a write cut by the alarm is not in SENT */
	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 2048 1024 1 hires", &o), 0);
	/* exactly the bound; a huge but valid time */
	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 268435456 0 18446744073709551615 hires\n",
						   &o), 0);
	CU_ASSERT_EQUAL(o.ns, 18446744073709551615ULL);
	CU_ASSERT(probe_measure_mbit_s(o.got, o.ns) > 0.0);
	CU_ASSERT(probe_measure_mbit_s(o.got, o.ns) < 1e-6);
	/* a malformed line before a good one is skipped */
	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent x\nsent 10 10 10 hires\n", &o), 0);
	CU_ASSERT_EQUAL(o.got, 10);
}

static void test_sender_errors(void)
{
	static const struct {
		const char *text;
		enum probe_measure_fail fail;
		const char *detail;
	} cases[] = {
		{ "send-err refused Connection refused\n", PROBE_MEASURE_REFUSED,
		  "Connection refused" },
		{ "send-err timeout Connection timed out\n", PROBE_MEASURE_TIMEOUT,
		  "Connection timed out" },
		{ "send-err unreachable No route to host\n", PROBE_MEASURE_UNREACHABLE,
		  "No route to host" },
		{ "send-err connect cannot resolve the address\n", PROBE_MEASURE_CONNECT,
		  "cannot resolve the address" },
		{ "send-err write Connection reset by peer\n", PROBE_MEASURE_WRITE,
		  "Connection reset by peer" },
		{ "send-err reply-timeout sent 5 bytes, no reply in 10 s\n",
		  PROBE_MEASURE_REPLY_TIMEOUT, "sent 5 bytes, no reply in 10 s" },
		{ "send-err reply the connection closed without a count\n", PROBE_MEASURE_REPLY,
		  "the connection closed without a count" },
		{ "send-err clock neither works\n", PROBE_MEASURE_CLOCK, "neither works" },
		{ "send-err bogus what\n", PROBE_MEASURE_OTHER, "what" },
		{ "send-err\n", PROBE_MEASURE_NO_OUTPUT, "" },	/* no kind: not a tag */
		{ "send-err reply \x1b[31mred\x07\n", PROBE_MEASURE_REPLY, "?[31mred?" },
	};
	struct probe_measure_out o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(probe_measure_parse_sender(cases[i].text, &o), -1);
		CU_ASSERT_EQUAL(o.fail, cases[i].fail);
		CU_ASSERT_STRING_EQUAL(o.detail, cases[i].detail);
	}
}

static void test_sender_zero_and_huge(void)
{
	struct probe_measure_out o;
	char line[128];

	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 0 268435456 2000000000 hires\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_ZERO);
	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 1024 1024 0 ticks\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_ZERO);
	/* one byte more than any sender sends: someone else's count */
	snprintf(line, sizeof(line), "sent %llu %llu 1000 hires\n", PROBE_MEASURE_BYTES + 1,
		 PROBE_MEASURE_BYTES);
	CU_ASSERT_EQUAL(probe_measure_parse_sender(line, &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_REPLY);
	/* past unsigned long long: not a number */
	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 18446744073709551616 1 1 hires\n", &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
	CU_ASSERT_EQUAL(probe_measure_parse_sender("sent 1 1 99999999999999999999999 hires\n", &o),
			-1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
	CU_ASSERT_DOUBLE_EQUAL(probe_measure_mbit_s(1000, 0), 0.0, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(probe_measure_mbit_s(125000000, 1000000000), 1000.0, 1e-9);
}

static void test_sender_garbage(void)
{
	static const char *const bad[] = {
		"", "\n", "got 100\n", "sent\n", "sent 1 1 1\n", "sent 1 1 1 \n",
		"sent 1 1 1 hires \n", "sent 1 1 1 HIRES\n", "sent 1 1 1 clock\n",
		"sent -1 1 1 hires\n", "sent 1 -1 1 hires\n", "sent 1 1 -1 hires\n",
		"sent 1.5 1 1 hires\n", "sent 1  1 1 hires\n", "sent 1 1 1e9 hires\n",
		"Sent 1 1 1 hires\n", "xsent 1 1 1 hires\n", "sent 1 1 1 hiresx\n",
		"sent 0x10 1 1 hires\n", "sent  1 1 1 hires\n", NULL
	};
	struct probe_measure_out o;

	for (size_t i = 0; bad[i]; i++) {
		CU_ASSERT_EQUAL(probe_measure_parse_sender(bad[i], &o), -1);
		CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
	}
	CU_ASSERT_EQUAL(probe_measure_parse_sender(NULL, &o), -1);
	CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
	/* a very long line is cut, not overflowed */
	{
		static char big[4096];
		memset(big, '7', sizeof(big) - 1);
		memcpy(big, "sent ", 5);
		CU_ASSERT_EQUAL(probe_measure_parse_sender(big, &o), -1);
		CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_NO_OUTPUT);
		CU_ASSERT(strlen(o.detail) < sizeof(o.detail));
		memcpy(big, "send-err refused ", 17);
		CU_ASSERT_EQUAL(probe_measure_parse_sender(big, &o), -1);
		CU_ASSERT_EQUAL(o.fail, PROBE_MEASURE_REFUSED);
		CU_ASSERT_EQUAL(strlen(o.detail), sizeof(o.detail) - 1);
	}
}

int test_probe_measure_register(void);
int test_probe_measure_register(void)
{
	static const struct unit_test tests[] = {
		{ "receiver: port line", test_receiver_ok },
		{ "receiver: error lines", test_receiver_errors },
		{ "receiver: garbage and missing lines", test_receiver_garbage },
		{ "sender: result line and rate", test_sender_ok },
		{ "sender: error lines", test_sender_errors },
		{ "sender: zero and huge values", test_sender_zero_and_huge },
		{ "sender: garbage and missing lines", test_sender_garbage },
		{ NULL, NULL }
	};
	return unit_add_suite("probe_measure", tests);
}

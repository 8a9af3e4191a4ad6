/* tests/unit/test_history.c — suite "history": the history's records
 * (engine/history*.c) written and read back: hostile names survive the
 * round trip byte for byte (UTF-8) or as U+FFFD (bytes that are not UTF-8),
 * damaged lines are named by number and what is wrong while the good ones
 * are read, reading changes nothing, appends from many threads and two
 * processes at once stay whole lines, and the medians per pair of hosts. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "unit_state.h"
#include "../../engine/engine.h"

static char state[64];

static void set_state(void)
{
	unit_state_make(state, sizeof state, "vm-history");
}

static void rm_state(void)
{
	unit_state_remove(state);
}

/* A record as migration_history_note() fills one (strings not owned). */
static void sample(struct history_record *r, const char *vm)
{
	static struct history_disk disks[] = { { (char *)"vda", (char *)"local2", (char *)"thin" } };
	memset(r, 0, sizeof *r);
	r->started = (char *)"2026-12-05T13:10:02Z";
	r->ended = (char *)"2026-12-05T13:10:10Z";
	r->started_t = r->ended_t = -1;
	r->vm = (char *)vm;
	r->uuid = (char *)"11111111-2222-3333-4444-555555555555";
	r->source = (char *)"a";
	r->target = (char *)"b";
	r->kind = (char *)"both";
	r->live = 1;
	r->move = (char *)"shared-nothing vMotion";
	r->priority = (char *)"high";
	r->max_downtime_ms = 300;
	r->max_time_s = -1;
	r->bandwidth_mibs = 16;
	r->encrypt = (char *)"opportunistic";
	r->encrypted = 0;
	r->connections = 4;
	r->compress = (char *)"none";
	r->datastore = NULL;
	r->format = (char *)"same";
	r->disks = disks;
	r->ndisks = 1;
	r->seconds = 8.25;
	r->job_seconds = 7.5;
	r->downtime_ms = 31;
	r->data_bytes = 138412032;
	r->iterations = 3;
	r->throughput_bps = 17520000;
	r->throughput_from = (char *)"bytes/time";
	r->outcome = (char *)"rolled back";
	r->error = (char *)"The link was cut.";
	r->hint = (char *)"Check the link.";
	r->by = (char *)"ann@ws2";
	r->pid = 4242;
	r->tool_version = (char *)"0.1.0";
}

static const char *const hostile[] = {
	"web \"01\"",
	"back\\slash\\",
	"ctl\x01\x02\x1f\x7f end",
	"new\nline\ttab\rcr",
	"$(touch /tmp/CANARY)`id`;rm -rf ~",
	"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80",	/* café 日本 🚀 */
	"\xe2\x80\xa8line separator",
	"</script><b>{\"vm\":1}",
	"a,b:c]}",
};

static void test_round_trip_hostile(void)
{
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		struct history_record r, back;
		char what[256];
		sample(&r, hostile[i]);
		r.source = (char *)hostile[i];
		r.error = (char *)hostile[i];
		char *line = history_format(&r);
		CU_ASSERT_PTR_NOT_NULL_FATAL(line);
		/* one line, no raw control character */
		for (const unsigned char *p = (const unsigned char *)line; *p; p++)
			CU_ASSERT(*p >= 0x20 && *p != 0x7f);
		CU_ASSERT_EQUAL_FATAL(history_parse(line, &back, what, sizeof what), 0);
		CU_ASSERT_STRING_EQUAL(back.vm, hostile[i]);
		CU_ASSERT_STRING_EQUAL(back.source, hostile[i]);
		CU_ASSERT_STRING_EQUAL(back.error, hostile[i]);
		CU_ASSERT_STRING_EQUAL(back.hint, "Check the link.");
		char *again = history_format(&back);
		CU_ASSERT_STRING_EQUAL(again, line);
		free(again);
		history_record_free(&back);
		free(line);
	}
}

static void test_round_trip_fields(void)
{
	struct history_record r, back;
	char what[256];
	sample(&r, "vm1");
	char *line = history_format(&r);
	CU_ASSERT_EQUAL_FATAL(history_parse(line, &back, what, sizeof what), 0);
	CU_ASSERT_EQUAL(back.started_t, 1796476202LL);
	CU_ASSERT_EQUAL(back.ended_t, 1796476210LL);
	CU_ASSERT_STRING_EQUAL(back.kind, "both");
	CU_ASSERT_EQUAL(back.live, 1);
	CU_ASSERT_EQUAL(back.encrypted, 0);
	CU_ASSERT_EQUAL(back.max_time_s, -1);
	CU_ASSERT_EQUAL(back.bandwidth_mibs, 16);
	CU_ASSERT_EQUAL(back.connections, 4);
	CU_ASSERT_STRING_EQUAL(back.compress, "none");
	CU_ASSERT_PTR_NULL(back.datastore);
	CU_ASSERT_EQUAL_FATAL(back.ndisks, 1);
	CU_ASSERT_STRING_EQUAL(back.disks[0].datastore, "local2");
	CU_ASSERT_PTR_NULL(back.forecast);
	CU_ASSERT_DOUBLE_EQUAL(back.seconds, 8.25, 1e-9);
	CU_ASSERT_EQUAL(back.data_bytes, 138412032LL);
	CU_ASSERT_EQUAL(back.pid, 4242);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"forecast\":null"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"max_time_s\":null"));
	history_record_free(&back);
	free(line);
	/* unknowns are null, never -1 */
	sample(&r, "vm1");
	r.downtime_ms = r.iterations = r.data_bytes = r.pid = -1;
	r.seconds = r.job_seconds = r.throughput_bps = -1;
	r.live = r.encrypted = -1;
	r.connections = -1;	/* a cold move streams nothing */
	r.compress = NULL;
	line = history_format(&r);
	CU_ASSERT_PTR_NULL(strstr(line, ":-1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"downtime_ms\":null"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"live\":null"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"connections\":null,\"compress\":null"));
	CU_ASSERT_EQUAL(history_parse(line, &back, what, sizeof what), 0);
	CU_ASSERT_EQUAL(back.downtime_ms, -1);
	CU_ASSERT(back.seconds < 0);
	history_record_free(&back);
	free(line);
}

/* Bytes that are not UTF-8 cannot be JSON: they are written as U+FFFD. */
static void test_not_utf8(void)
{
	struct history_record r, back;
	char what[256];
	sample(&r, "caf\xe9 \xc0\xaf \xed\xa0\x80 \xf8x");
	char *line = history_format(&r);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"vm\":\"caf\\ufffd \\ufffd\\ufffd \\ufffd\\ufffd"
					    "\\ufffd \\ufffdx\""));
	CU_ASSERT_EQUAL(history_parse(line, &back, what, sizeof what), 0);
	CU_ASSERT_STRING_EQUAL(back.vm, "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd"
			       "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbdx");
	history_record_free(&back);
	free(line);
}

/* JSON escapes the writer never uses are read too; a forecast object and
 * unknown members are kept or skipped. */
static void test_reader_accepts(void)
{
	struct history_record r;
	char what[256];
	const char *line =
		" {\"kind\":\"compute\",\"future\":[1,{\"x\":null}],\"history\":1,"
		"\"started\":\"2026-01-02T03:04:05Z\",\"vm\":\"\\u0041\\/\\ud83d\\ude80\\b\","
		"\"source\":null,\"target\":null,\"seconds\":1e2,\"outcome\":\"not started\","
		"\"forecast\":{\"passes\":3,\"converges\":true}} ";
	CU_ASSERT_EQUAL_FATAL(history_parse(line, &r, what, sizeof what), 0);
	CU_ASSERT_STRING_EQUAL(r.vm, "A/\xf0\x9f\x9a\x80\b");
	CU_ASSERT_PTR_NULL(r.source);
	CU_ASSERT_DOUBLE_EQUAL(r.seconds, 100.0, 1e-9);
	/* a record from before parallel streams: neither member, read as none */
	CU_ASSERT_EQUAL(r.connections, -1);
	CU_ASSERT_PTR_NULL(r.compress);
	CU_ASSERT_STRING_EQUAL(r.forecast, "{\"passes\":3,\"converges\":true}");
	char *again = history_format(&r);
	CU_ASSERT_PTR_NOT_NULL(strstr(again, "\"forecast\":{\"passes\":3,\"converges\":true}"));
	CU_ASSERT_PTR_NULL(strstr(again, "future"));
	free(again);
	history_record_free(&r);
}

#define GOOD_HEAD "{\"history\":1,\"started\":\"2026-12-05T13:10:02Z\",\"vm\":\"v\"," \
	"\"source\":\"a\",\"target\":\"b\",\"kind\":\"compute\",\"seconds\":1,"

static const struct {
	const char *line;
	const char *what;
} damaged[] = {
	{ "not json", "bad JSON at column 1: a record is one JSON object" },
	{ "[1,2]", "bad JSON at column 1" },
	{ GOOD_HEAD "\"outcome\":\"done\"", "column 127: expected ',' or '}', found the end" },
	{ GOOD_HEAD "\"outcome\":\"done\"} x", "more after the record's closing '}'" },
	{ GOOD_HEAD "\"outcome\":\"done\",}", "expected a member's name in quotes" },
	{ GOOD_HEAD "\"outcome\":\"do", "a string without its closing quote" },
	{ GOOD_HEAD "\"outcome\":\"do\tne\"}", "the control character 0x09 inside a string" },
	{ GOOD_HEAD "\"outcome\":\"d\xe9one\"}", "byte 0xE9 is not UTF-8" },
	{ GOOD_HEAD "\"outcome\":\"\\ud800\"}", "a high surrogate without its low one" },
	{ GOOD_HEAD "\"outcome\":\"\\udc00\"}", "a low surrogate without its high one" },
	{ GOOD_HEAD "\"outcome\":\"\\u0000\"}", "NUL character" },
	{ GOOD_HEAD "\"outcome\":\"\\x41\"}", "a bad escape" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"pid\":012}", "expected ',' or '}', found '1'" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"pid\":1.}", "no digit after the decimal point" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"pid\":nul}", "expected a value, found 'n'" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"x\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}",
	  "nested deeper than 16" },
	{ GOOD_HEAD "\"outcome\":\"gone\"}", "member 'outcome' is 'gone', not 'done'" },
	{ GOOD_HEAD "\"outcome\":null}", "member 'outcome' is null" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"pid\":\"42\"}", "member 'pid' is a string, not a number" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"pid\":-4}", "member 'pid' is -4, not a whole number" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"live\":1}", "member 'live' is a number, not true or false" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"disks\":[{\"datastore\":\"p\",\"format\":null}]}",
	  "disks[0]: member 'disk' is missing" },
	{ GOOD_HEAD "\"outcome\":\"done\",\"error\":{\"hint\":\"\"}}",
	  "error: member 'message' is missing" },
	{ "{\"history\":1,\"started\":\"2026-12-05T13:10:02Z\",\"source\":\"a\",\"target\":\"b\","
	  "\"kind\":\"compute\",\"seconds\":1,\"outcome\":\"done\"}", "member 'vm' is missing" },
	{ "{\"history\":1,\"started\":\"2026-12-05T13:10:02Z\",\"vm\":\"v\",\"source\":\"a\","
	  "\"kind\":\"compute\",\"seconds\":1,\"outcome\":\"done\"}", "member 'target' is missing" },
	{ "{\"history\":2,\"started\":\"2026-12-05T13:10:02Z\",\"vm\":\"v\",\"source\":\"a\","
	  "\"target\":\"b\",\"kind\":\"compute\",\"seconds\":1,\"outcome\":\"done\"}",
	  "record format 2 is not known" },
	{ "{\"history\":1,\"started\":\"yesterday\",\"vm\":\"v\",\"source\":\"a\",\"target\":\"b\","
	  "\"kind\":\"compute\",\"seconds\":1,\"outcome\":\"done\"}",
	  "member 'started' is 'yesterday', not a time in UTC" },
	{ "{\"history\":1,\"started\":\"2026-12-05T13:10:02Z\",\"vm\":\"v\",\"source\":\"a\","
	  "\"target\":\"b\",\"kind\":\"sideways\",\"seconds\":1,\"outcome\":\"done\"}",
	  "member 'kind' is 'sideways', not 'compute', 'storage' or 'both'" },
};

static void test_damaged_lines(void)
{
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		struct history_record r;
		char what[256];
		CU_ASSERT_EQUAL(history_parse(damaged[i].line, &r, what, sizeof what), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(what, damaged[i].what));
		if (!strstr(what, damaged[i].what))
			fprintf(stderr, "\ncase %zu: %s\n", i, what);
		CU_ASSERT_PTR_NULL(r.vm);	/* nothing left allocated */
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	*len = 0;
	if (!f)
		return NULL;
	buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* Good lines read, bad lines named by number, the file unchanged. */
static void test_read_file(void)
{
	set_state();
	char *path = history_path();
	struct history_record r;
	struct history_list l;
	struct vm_error err;
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	/* missing: no error */
	CU_ASSERT_EQUAL(history_read(NULL, &l, &err), 0);
	CU_ASSERT_EQUAL(l.missing, 1);
	CU_ASSERT_EQUAL(l.n, 0);
	history_list_free(&l);

	sample(&r, "vm1");
	CU_ASSERT_EQUAL_FATAL(history_append(NULL, &r, &err), 0);
	FILE *f = fopen(path, "a");
	fputs("{\"history\":1,\"vm\":\n", f);	/* 2: cut */
	fputs("\n", f);				/* 3: blank: nothing */
	fwrite("x\0y\n", 1, 4, f);		/* 4: a NUL byte */
	fclose(f);
	sample(&r, "vm2");
	CU_ASSERT_EQUAL_FATAL(history_append(NULL, &r, &err), 0);	/* 5 */
	f = fopen(path, "a");
	fputs("{\"history\":1", f);		/* 6: no newline, cut */
	fclose(f);

	size_t len0, len1;
	struct stat st0, st1;
	char *before = slurp(path, &len0);
	CU_ASSERT_EQUAL(stat(path, &st0), 0);
	CU_ASSERT_EQUAL_FATAL(history_read(NULL, &l, &err), 0);
	CU_ASSERT_EQUAL(l.missing, 0);
	CU_ASSERT_EQUAL_FATAL(l.n, 2);
	CU_ASSERT_STRING_EQUAL(l.recs[0].vm, "vm1");
	CU_ASSERT_STRING_EQUAL(l.recs[1].vm, "vm2");
	CU_ASSERT_EQUAL_FATAL(l.nbad, 3);
	CU_ASSERT_EQUAL(l.bad[0].line, 2);
	CU_ASSERT_EQUAL(l.bad[1].line, 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.bad[1].what, "NUL byte"));
	CU_ASSERT_EQUAL(l.bad[2].line, 6);
	CU_ASSERT_PTR_NOT_NULL(strstr(l.bad[2].what, "without its newline"));
	history_list_free(&l);
	char *after = slurp(path, &len1);
	CU_ASSERT_EQUAL(stat(path, &st1), 0);
	CU_ASSERT_EQUAL(len0, len1);
	CU_ASSERT(len0 == len1 && memcmp(before, after, len0) == 0);
	CU_ASSERT_EQUAL(st0.st_mtime, st1.st_mtime);
	free(before);
	free(after);

	/* the next append ends line 6 first: it stays damaged, the record is whole */
	sample(&r, "vm3");
	CU_ASSERT_EQUAL(history_append(NULL, &r, &err), 0);
	CU_ASSERT_EQUAL_FATAL(history_read(NULL, &l, &err), 0);
	CU_ASSERT_EQUAL(l.n, 3);
	CU_ASSERT_EQUAL(l.nbad, 3);
	CU_ASSERT_EQUAL(l.bad[2].line, 6);
	CU_ASSERT_PTR_NULL(strstr(l.bad[2].what, "without its newline"));
	history_list_free(&l);
	CU_ASSERT_EQUAL(stat(path, &st1), 0);
	CU_ASSERT_EQUAL(st1.st_mode & 0777, 0600);
	free(path);
	rm_state();
}

/* A symbolic link at the history's place is neither written through nor read. */
static void test_refuses_links(void)
{
	set_state();
	char *path = history_path(), dir[128], victim[128];
	struct history_record r;
	struct history_list l;
	struct vm_error err;
	snprintf(dir, sizeof dir, "%s/virt-migrate", state);
	snprintf(victim, sizeof victim, "%s/victim", state);
	CU_ASSERT_EQUAL(mkdir(dir, 0700), 0);
	FILE *f = fopen(victim, "w");
	fputs("precious\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(symlink(victim, path), 0);
	sample(&r, "vm1");
	CU_ASSERT_EQUAL(history_append(NULL, &r, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "symbolic link"));
	CU_ASSERT_EQUAL(history_read(NULL, &l, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "symbolic link"));
	size_t len;
	char *text = slurp(victim, &len);
	CU_ASSERT(len == 9 && memcmp(text, "precious\n", 9) == 0);
	free(text);
	free(path);
	rm_state();
}

/* A write cut short (the file size limit here, a full disk in life) is
 * taken back: the file keeps whole lines only, and the caller hears why. */
static void test_short_write_taken_back(void)
{
	set_state();
	char *path = history_path();
	struct history_record r;
	struct vm_error err;
	struct stat st0, st1;
	sample(&r, "vm1");
	CU_ASSERT_EQUAL_FATAL(history_append(NULL, &r, &err), 0);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st0), 0);
	pid_t child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		struct rlimit rl = { (rlim_t)st0.st_size + 40, (rlim_t)st0.st_size + 40 };
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(2);
		int rc = history_append(NULL, &r, &err);
		_exit(rc == -1 && strstr(err.message, "could not be added") ? 0 : 1);
	}
	int status;
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL(stat(path, &st1), 0);
	CU_ASSERT_EQUAL(st1.st_size, st0.st_size);
	free(path);
	rm_state();
}

#define THREADS 8
#define PER_THREAD 40

static void *appender(void *arg)
{
	struct history_record r;
	struct vm_error err;
	char vm[32];
	snprintf(vm, sizeof vm, "t%ld", (long)(size_t)arg);
	sample(&r, vm);
	for (int i = 0; i < PER_THREAD; i++)
		if (history_append(NULL, &r, &err) < 0)
			return (void *)1;
	return NULL;
}

/* Threads of a batch and another process at once: every line whole. */
static void test_concurrent_appends(void)
{
	set_state();
	pthread_t t[THREADS];
	struct history_list l;
	struct vm_error err;
	pid_t child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0)
		_exit(appender((void *)99) ? 1 : 0);
	for (long i = 0; i < THREADS; i++)
		CU_ASSERT_EQUAL(pthread_create(&t[i], NULL, appender, (void *)(size_t)i), 0);
	for (int i = 0; i < THREADS; i++) {
		void *rc;
		pthread_join(t[i], &rc);
		CU_ASSERT_PTR_NULL(rc);
	}
	int status;
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL_FATAL(history_read(NULL, &l, &err), 0);
	CU_ASSERT_EQUAL(l.n, (THREADS + 1) * PER_THREAD);
	CU_ASSERT_EQUAL(l.nbad, 0);
	size_t of99 = 0;
	for (size_t i = 0; i < l.n; i++)
		of99 += strcmp(l.recs[i].vm, "t99") == 0;
	CU_ASSERT_EQUAL(of99, PER_THREAD);
	history_list_free(&l);
	rm_state();
}

static void test_median(void)
{
	double none[1] = { 0 }, one[] = { 5 }, odd[] = { 9, 1, 5 }, even[] = { 8, 2, 4, 6 };
	double same[] = { 3, 3 };
	CU_ASSERT_DOUBLE_EQUAL(history_stats_median(none, 0), -1, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_median(one, 1), 5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_median(odd, 3), 5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_median(even, 4), 5, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_median(same, 2), 3, 1e-9);
}

static void test_pairs(void)
{
	struct history_record r[6];
	struct history_pair *p;
	size_t n;
	const char *from[] = { "a", "a", "b", "a", "a", NULL };
	const char *to[] = { "b", "b", "a", "b", "b", "c" };
	const char *vm[] = { "vm1", "vm2", "vm1", "vm1", "vm2", "vm3" };
	const char *outcome[] = { "done", "done", "done", "failed", "done", "not started" };
	const double secs[] = { 10, 20, 7, 99, 40, 1 };
	const double bps[] = { 100, 300, 50, -1, 200, -1 };
	for (int i = 0; i < 6; i++) {
		sample(&r[i], vm[i]);
		r[i].source = (char *)from[i];
		r[i].target = (char *)to[i];
		r[i].outcome = (char *)outcome[i];
		r[i].seconds = secs[i];
		r[i].throughput_bps = bps[i];
	}
	r[4].throughput_bps = -1;	/* done, rate unknown: counted for time only */
	CU_ASSERT_EQUAL_FATAL(history_stats_pairs(r, 6, NULL, &p, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);	/* the record without a source is left out */
	CU_ASSERT_STRING_EQUAL(p[0].source, "a");
	CU_ASSERT_STRING_EQUAL(p[0].target, "b");
	CU_ASSERT_EQUAL(p[0].moves, 4);
	CU_ASSERT_EQUAL(p[0].done, 3);
	CU_ASSERT_DOUBLE_EQUAL(p[0].median_seconds, 20, 1e-9);		/* 10 20 40 */
	CU_ASSERT_DOUBLE_EQUAL(p[0].median_throughput_bps, 200, 1e-9);	/* 100 300 */
	CU_ASSERT_STRING_EQUAL(p[1].source, "b");
	CU_ASSERT_EQUAL(p[1].done, 1);
	CU_ASSERT_DOUBLE_EQUAL(p[1].median_seconds, 7, 1e-9);
	free(p);
	/* of vm1 only: a -> b once done (and once failed), b -> a */
	CU_ASSERT_EQUAL_FATAL(history_stats_pairs(r, 6, "vm1", &p, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(p[0].moves, 2);
	CU_ASSERT_EQUAL(p[0].done, 1);
	CU_ASSERT_DOUBLE_EQUAL(p[0].median_seconds, 10, 1e-9);
	free(p);
	/* a host matches either end; nothing done: no median */
	r[2].outcome = (char *)"cancelled";
	CU_ASSERT_EQUAL_FATAL(history_stats_pairs(r, 6, "b", &p, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(p[1].done, 0);
	CU_ASSERT(p[1].median_seconds < 0 && p[1].median_throughput_bps < 0);
	free(p);
	CU_ASSERT_EQUAL(history_stats_pairs(r, 6, "nobody", &p, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	free(p);
	CU_ASSERT_EQUAL(history_record_matches(&r[0], "vm1"), 1);
	CU_ASSERT_EQUAL(history_record_matches(&r[0], "b"), 1);
	CU_ASSERT_EQUAL(history_record_matches(&r[0], "vm"), 0);
}

static void test_recent_throughput(void)
{
	struct history_record r[8];
	size_t used = 99;
	/* oldest first: a -> b done uncapped at 10, 20, 30, 40 MiB/s-ish,
	 * one capped (left out), one failed, one of another pair, one
	 * without a rate */
	const char *to[] = { "b", "b", "b", "b", "b", "c", "b", "b" };
	const char *outcome[] = { "done", "done", "done", "failed", "done", "done", "done", "done" };
	const long long cap[] = { -1, -1, 16, -1, -1, -1, -1, 0 };
	const double bps[] = { 10, 20, 16, 99, 30, 77, -1, 40 };

	for (int i = 0; i < 8; i++) {
		sample(&r[i], "vm1");
		r[i].target = (char *)to[i];
		r[i].outcome = (char *)outcome[i];
		r[i].bandwidth_mibs = cap[i];
		r[i].throughput_bps = bps[i];
	}
	/* the newest 5 that count: 40, 30, 20, 10 (the capped, failed, other
	 * pair's and rateless ones left out) */
	CU_ASSERT_DOUBLE_EQUAL(history_stats_recent_bps(r, 8, "a", "b", 5, &used), 25, 1e-9);
	CU_ASSERT_EQUAL(used, 4);
	/* the newest 3: 40, 30, 20 */
	CU_ASSERT_DOUBLE_EQUAL(history_stats_recent_bps(r, 8, "a", "b", 3, &used), 30, 1e-9);
	CU_ASSERT_EQUAL(used, 3);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_recent_bps(r, 8, "a", "c", 5, &used), 77, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_recent_bps(r, 8, "b", "a", 5, &used), -1, 1e-9);
	CU_ASSERT_EQUAL(used, 0);
	CU_ASSERT_DOUBLE_EQUAL(history_stats_recent_bps(r, 0, "a", "b", 5, NULL), -1, 1e-9);
}

int test_history_register(void);
int test_history_register(void)
{
	static const struct unit_test tests[] = {
		{ "hostile names round trip", test_round_trip_hostile },
		{ "every member round trip, unknowns null", test_round_trip_fields },
		{ "bytes that are not UTF-8 become U+FFFD", test_not_utf8 },
		{ "the reader takes any JSON spelling, keeps the forecast", test_reader_accepts },
		{ "damaged lines say what is wrong", test_damaged_lines },
		{ "reading names bad lines and changes nothing", test_read_file },
		{ "symbolic links refused", test_refuses_links },
		{ "threads and processes append whole lines", test_concurrent_appends },
		{ "a write cut short is taken back", test_short_write_taken_back },
		{ "median of odd and even counts", test_median },
		{ "pairs of hosts, filtered, medians of done moves", test_pairs },
		{ "a pair's recent uncapped throughput: the median", test_recent_throughput },
		{ NULL, NULL },
	};
	return unit_add_suite("history", tests);
}

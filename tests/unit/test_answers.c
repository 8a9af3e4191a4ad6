/* tests/unit/test_answers.c — suite "answers": answers files round trip
 * exactly; every bad file is refused naming the file, the line and the key. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "unit_tmpdir.h"
#include "../../engine/answers.h"

static struct unit_tmpdir dir;

static int suite_init(void)
{
	return unit_tmpdir_make(&dir, "vm-answers");
}

static int suite_clean(void)
{
	return unit_tmpdir_remove(&dir);
}

static const char *path_of(const char *name)
{
	return unit_tmpdir_file(&dir, name);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void assert_same_plan(const struct plan *a, const struct plan *b)
{
	CU_ASSERT_TRUE(str_eq(a->vm, b->vm));
	CU_ASSERT_EQUAL(a->kind, b->kind);
	CU_ASSERT_TRUE(str_eq(a->target, b->target));
	CU_ASSERT_TRUE(str_eq(a->datastore, b->datastore));
	CU_ASSERT_EQUAL(a->format, b->format);
	CU_ASSERT_EQUAL_FATAL(a->ndisks, b->ndisks);
	for (size_t i = 0; i < a->ndisks; i++) {
		CU_ASSERT_TRUE(str_eq(a->disks[i].target, b->disks[i].target));
		CU_ASSERT_TRUE(str_eq(a->disks[i].datastore, b->disks[i].datastore));
		CU_ASSERT_EQUAL(a->disks[i].format, b->disks[i].format);
	}
	CU_ASSERT_EQUAL_FATAL(a->nnets, b->nnets);
	for (size_t i = 0; i < a->nnets; i++) {
		CU_ASSERT_TRUE(str_eq(a->nets[i].from, b->nets[i].from));
		CU_ASSERT_TRUE(str_eq(a->nets[i].to, b->nets[i].to));
	}
	CU_ASSERT_EQUAL(a->priority, b->priority);
	CU_ASSERT_EQUAL(a->max_downtime_ms, b->max_downtime_ms);
	CU_ASSERT_EQUAL(a->max_time_s, b->max_time_s);
	CU_ASSERT_EQUAL(a->bandwidth_mibs, b->bandwidth_mibs);
	CU_ASSERT_EQUAL(a->delete_source, b->delete_source);
	CU_ASSERT_TRUE(str_eq(a->from, b->from));
}

/* Four plans covering every field and every optional part. */
static void make_plans(struct plan p[4])
{
	memset(p, 0, 4 * sizeof *p);
	p[0].vm = strdup("vm1");
	p[0].kind = PLAN_KIND_COMPUTE;
	p[0].target = strdup("b");
	p[0].priority = PLAN_PRIORITY_HIGH;
	p[0].max_downtime_ms = 500;
	p[0].max_time_s = 120;
	p[0].bandwidth_mibs = 10;
	CU_ASSERT_EQUAL(plan_add_net(&p[0], "dmz", "vmnet"), 0);
	CU_ASSERT_EQUAL(plan_add_net(&p[0], "vmnet", "vmnet-2 (lab)"), 0);

	p[1].vm = strdup("vm2");
	p[1].kind = PLAN_KIND_BOTH;
	p[1].target = strdup("c");
	p[1].datastore = strdup("local");
	p[1].format = PLAN_FORMAT_THIN;
	p[1].from = strdup("a");	/* a return trip: only while vm2 is on a */
	CU_ASSERT_EQUAL(plan_add_disk(&p[1], "vda", "local2", PLAN_FORMAT_THICK), 0);
	CU_ASSERT_EQUAL(plan_add_disk(&p[1], "vdb", NULL, PLAN_FORMAT_SAME), 0);
	CU_ASSERT_EQUAL(plan_add_disk(&p[1], "sdc", "pool:with:colons", PLAN_FORMAT_THIN), 0);

	p[2].vm = strdup("vm 3 with spaces; and $(quotes) 'x' # not a comment");
	p[2].kind = PLAN_KIND_STORAGE;
	p[2].datastore = strdup("shared");
	p[2].format = PLAN_FORMAT_THICK;
	p[2].delete_source = 1;

	p[3].vm = strdup("vm1");	/* the same VM again: its own section */
	p[3].kind = PLAN_KIND_STORAGE;
	p[3].target = strdup("b");
	p[3].datastore = strdup("local2");
}

static void test_round_trip(void)
{
	struct plan plans[4];
	struct answers a;
	struct vm_error err;
	const char *path = path_of("round.ini");

	make_plans(plans);
	CU_ASSERT_EQUAL_FATAL(answers_save(path, plans, 4, "hosts a, b, c", &err), 0);
	CU_ASSERT_EQUAL_FATAL(answers_load(path, &a, &err), 0);
	CU_ASSERT_EQUAL_FATAL(a.count, 4);
	for (size_t i = 0; i < 4; i++)
		assert_same_plan(&plans[i], &a.plans[i]);
	CU_ASSERT_STRING_EQUAL(a.names[0], "vm1");
	CU_ASSERT_STRING_EQUAL(a.names[1], "vm2");
	CU_ASSERT_STRING_EQUAL(a.names[3], "vm1-2");
	CU_ASSERT_TRUE(a.lines[0] > 0 && a.lines[0] < a.lines[1]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a.recorded);
	CU_ASSERT_PTR_NOT_NULL(strstr(a.recorded, "by virt-migrate "));
	CU_ASSERT_PTR_NOT_NULL(strstr(a.recorded, "from hosts a, b, c"));

	/* saving what was loaded gives the same plans again */
	const char *again = path_of("again.ini");
	struct answers b;
	CU_ASSERT_EQUAL_FATAL(answers_save(again, a.plans, a.count, NULL, &err), 0);
	CU_ASSERT_EQUAL_FATAL(answers_load(again, &b, &err), 0);
	CU_ASSERT_EQUAL_FATAL(b.count, 4);
	for (size_t i = 0; i < 4; i++)
		assert_same_plan(&plans[i], &b.plans[i]);

	struct stat st;
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
	answers_free(&a);
	answers_free(&b);
	CU_ASSERT_EQUAL(a.count, 0);
	answers_free(&a);	/* twice is harmless */
	for (size_t i = 0; i < 4; i++)
		plan_free(&plans[i]);
}

static void test_save_replaces_symlink(void)
{
	struct plan plans[4];
	struct vm_error err;
	char victim[128], link[128];
	char buf[64] = "";

	make_plans(plans);
	snprintf(victim, sizeof victim, "%s", path_of("victim"));
	snprintf(link, sizeof link, "%s", path_of("planted.ini"));
	write_text(victim, "precious\n");
	CU_ASSERT_EQUAL_FATAL(symlink(victim, link), 0);
	CU_ASSERT_EQUAL(answers_save(link, plans, 1, NULL, &err), 0);
	struct stat st;
	CU_ASSERT_EQUAL(lstat(link, &st), 0);
	CU_ASSERT_TRUE(S_ISREG(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
	FILE *f = fopen(victim, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "precious\n");

	/* a directory in the way, a missing directory: an error, no file left */
	CU_ASSERT_EQUAL(answers_save(dir.path, plans, 1, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, dir.path));
	CU_ASSERT_EQUAL(answers_save(path_of("no/such/dir.ini"), plans, 1, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no/such/dir.ini"));
	for (size_t i = 0; i < 4; i++)
		plan_free(&plans[i]);
}

static void test_save_refuses_unwritable_values(void)
{
	struct plan p = { 0 };
	struct vm_error err;

	CU_ASSERT_EQUAL(answers_save(path_of("x.ini"), &p, 0, NULL, &err), -1);
	CU_ASSERT_EQUAL(answers_save(path_of("x.ini"), &p, 1, NULL, &err), -1);	/* no VM */
	p.vm = strdup("vm1");
	p.kind = PLAN_KIND_COMPUTE;
	CU_ASSERT_EQUAL(answers_save(path_of("x.ini"), &p, 1, NULL, &err), -1);	/* no host */
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no target host"));
	p.target = strdup("b\nc");
	CU_ASSERT_EQUAL(answers_save(path_of("x.ini"), &p, 1, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "host name"));
	free(p.target);
	p.target = strdup("b");
	CU_ASSERT_EQUAL(plan_add_net(&p, "a=b", "c"), 0);
	CU_ASSERT_EQUAL(answers_save(path_of("x.ini"), &p, 1, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "network 'a=b'"));
	CU_ASSERT_EQUAL(access(path_of("x.ini"), F_OK), -1);
	plan_free(&p);
}

/* Load TEXT from a file NAME: it must fail, naming the file and LINE and
 * holding each of the NULL-terminated WORDS. */
static void refused(const char *name, const char *text, unsigned line, const char *word1,
		    const char *word2)
{
	struct answers a;
	struct vm_error err;
	char where[160];
	const char *path = path_of(name);

	write_text(path, text);
	CU_ASSERT_EQUAL(answers_load(path, &a, &err), -1);
	CU_ASSERT_EQUAL(a.count, 0);
	CU_ASSERT_PTR_NULL(a.plans);
	if (line)
		snprintf(where, sizeof where, "%s:%u: ", path, line);
	else
		snprintf(where, sizeof where, "%s: ", path);
	if (strncmp(err.message, where, strlen(where)) != 0 ||
	    (word1 && !strstr(err.message, word1)) || (word2 && !strstr(err.message, word2))) {
		fprintf(stderr, "\n%s: message \"%s\" lacks \"%s\", \"%s\" or \"%s\"\n", name,
			err.message, where, word1 ? word1 : "", word2 ? word2 : "");
		CU_FAIL("message");
	}
}

#define GOOD_HEAD "# recorded now\n[migration m]\nvm = vm1\n"

static void test_bad_files(void)
{
	refused("unknown-key.ini", GOOD_HEAD "host = b\nhots = c\n", 5, "unknown key 'hots'",
		"expected one of: vm, kind");
	refused("missing-vm.ini", "[migration m]\nhost = b\n\n[migration n]\nvm = x\nhost = b\n", 1,
		"no key 'vm'", "[migration m]");
	refused("missing-vm-last.ini", "[migration m]\nvm = x\nhost = b\n[migration n]\nhost = b\n",
		4, "no key 'vm'", "[migration n]");
	refused("bad-kind.ini", GOOD_HEAD "kind = vmotion\n", 4, "bad value 'vmotion' for key 'kind'",
		"compute, storage or both");
	refused("bad-format.ini", GOOD_HEAD "host = b\nformat = fat\n", 5, "key 'format'", "thin");
	refused("bad-priority.ini", GOOD_HEAD "host = b\npriority = urgent\n", 5, "key 'priority'",
		"high or standard");
	refused("bad-downtime.ini", GOOD_HEAD "host = b\nmax_downtime_ms = -5\n", 5,
		"key 'max_downtime_ms'", "600000");
	refused("big-bandwidth.ini", GOOD_HEAD "host = b\nbandwidth_mibs = 99999999999\n", 5,
		"key 'bandwidth_mibs'", NULL);
	refused("bad-time.ini", GOOD_HEAD "host = b\nmax_time_s = 1h\n", 5, "key 'max_time_s'", NULL);
	refused("bad-bool.ini", GOOD_HEAD "host = b\ndelete_source = maybe\n", 5,
		"key 'delete_source'", "yes or no");
	refused("bad-disk.ini", GOOD_HEAD "host = b\nkind = both\ndisk.vda = local:fat\n", 6,
		"key 'disk.vda'", "same, thin or thick");
	refused("empty-value.ini", GOOD_HEAD "host =\n", 4, "key 'host'", "empty value");
	refused("crlf.ini", "[migration m]\r\nvm = vm1\r\n", 1, "carriage return", "CRLF");
	refused("crlf-late.ini", GOOD_HEAD "host = b\r\n", 4, "carriage return", NULL);
	refused("bom.ini", "\xEF\xBB\xBF" GOOD_HEAD "host = b\n", 1, "byte order mark", NULL);
	refused("dup-section.ini", GOOD_HEAD "host = b\n\n[migration m]\nvm = vm2\nhost = c\n", 6,
		"duplicate section '[migration m]'", "line 2");
	refused("dup-key.ini", GOOD_HEAD "host = b\nvm = vm2\n", 5, "duplicate key 'vm'", "line 3");
	refused("dup-disk.ini", GOOD_HEAD "host = b\ndisk.vda = x:thin\ndisk.vda = y:thin\n", 6,
		"duplicate key 'disk.vda'", NULL);
	refused("dup-net.ini", GOOD_HEAD "host = b\nnetwork.a = b\nnetwork.a = c\n", 6,
		"duplicate key 'network.a'", NULL);
	refused("outside.ini", "vm = vm1\n[migration m]\n", 1, "key 'vm'", "outside any section");
	refused("other-section.ini", "[host a]\nvm = x\n", 1, "unknown section '[host a]'", NULL);
	refused("no-name.ini", "[migration]\nvm = x\n", 1, "[migration]", "NAME");
	refused("unclosed.ini", "[migration m\nvm = x\n", 1, "closing ']'", NULL);
	refused("not-kv.ini", GOOD_HEAD "host b\n", 4, "'host b'", "key = value");
	refused("no-host.ini", GOOD_HEAD "kind = compute\n", 2, "no key 'host'", NULL);
	refused("compute-disk.ini", GOOD_HEAD "kind = compute\nhost = b\ndatastore = x\n", 6,
		"key 'datastore'", "kind = both");
	refused("empty.ini", "# nothing\n\n", 0, "no '[migration NAME]' section", NULL);

	struct answers a;
	struct vm_error err;
	FILE *f = fopen(path_of("nul.ini"), "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite("[migration m]\nvm = a\0b\n", 1, 23, f);
	fclose(f);
	CU_ASSERT_EQUAL(answers_load(path_of("nul.ini"), &a, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "NUL byte"));
	CU_ASSERT_EQUAL(answers_load(path_of("missing.ini"), &a, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "missing.ini: cannot read: No such file"));
	CU_ASSERT_EQUAL(answers_load(dir.path, &a, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "not a regular file"));
}

static void test_human_edits(void)
{
	struct answers a;
	struct vm_error err;
	const char *path = path_of("edited.ini");

	/* comments, indentation, blank lines, no kind (derived), no newline at the end */
	write_text(path, "; written by hand\n\n[migration  first ]\n  vm=vm2\n\thost = c \n"
			 "datastore = local\n# a comment\n[migration second]\nvm = vm3\n"
			 "datastore = local2\ndelete_source = Yes");
	CU_ASSERT_EQUAL_FATAL(answers_load(path, &a, &err), 0);
	CU_ASSERT_EQUAL_FATAL(a.count, 2);
	CU_ASSERT_STRING_EQUAL(a.names[0], "first");
	CU_ASSERT_EQUAL(a.lines[0], 3);
	CU_ASSERT_EQUAL(a.lines[1], 8);
	CU_ASSERT_PTR_NULL(a.recorded);
	CU_ASSERT_STRING_EQUAL(a.plans[0].vm, "vm2");
	CU_ASSERT_STRING_EQUAL(a.plans[0].target, "c");
	CU_ASSERT_EQUAL(a.plans[0].kind, PLAN_KIND_BOTH);
	CU_ASSERT_EQUAL(a.plans[1].kind, PLAN_KIND_STORAGE);
	CU_ASSERT_PTR_NULL(a.plans[1].target);
	CU_ASSERT_EQUAL(a.plans[1].delete_source, 1);
	CU_ASSERT_EQUAL(a.plans[1].max_downtime_ms, 0);
	answers_free(&a);
}

int test_answers_register(void);

int test_answers_register(void)
{
	static const struct unit_test tests[] = {
		{ "round trip", test_round_trip },
		{ "save replaces a planted symlink", test_save_replaces_symlink },
		{ "save refuses unwritable values", test_save_refuses_unwritable_values },
		{ "bad files name file, line and key", test_bad_files },
		{ "hand-edited files", test_human_edits },
		{ NULL, NULL },
	};
	return unit_add_suite_with("answers", tests, suite_init, suite_clean);
}

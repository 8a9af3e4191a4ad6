/* tests/unit/test_plan_rules.c — suite "plan_rules": the plan's one rule of
 * which kind a choice means (engine/plan_kind.c) and its one table of limits
 * (engine/plan_limit.c), each checked alone and through the answers reader
 * and writer, which must apply them the same way.  The command line's side
 * is in tests/cli/t-plan-rules.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "../../engine/answers.h"

static char dir[] = "/tmp/vm-plan-rules-XXXXXX";
static char file[sizeof dir + 32];	/* the file of the test at hand */

/* FILE becomes DIR/NAME; with TEXT, written there. */
static const char *in_dir(const char *name, const char *text)
{
	snprintf(file, sizeof file, "%s/%s", dir, name);
	if (text) {
		FILE *f = fopen(file, "w");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		fputs(text, f);
		CU_ASSERT_EQUAL(fclose(f), 0);
	}
	return file;
}

static void test_setup(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static void test_cleanup(void)
{
	static const char *const names[] = { "kind.ini", "saved.ini", "max.ini",
					     "max-saved.ini", "over.ini" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(in_dir(names[i], NULL));
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

/* ---- which kind a choice means --------------------------------------------- */

enum stores { NONE, DATASTORE, DISK };
#define UNSAID PLAN_KIND_COUNT	/* no kind given */

struct kind_case {
	int host;
	enum stores stores;
	enum plan_kind given;		/* or UNSAID */
	enum plan_kind kind;		/* what it means */
	enum plan_kind_fault fault;
};

/* Every combination: host or none, datastore / a disk's / none, kind unsaid
 * or each of the three. */
static const struct kind_case kind_cases[] = {
	{ 1, DATASTORE, UNSAID, PLAN_KIND_BOTH, PLAN_FAULT_NONE },
	{ 1, DISK, UNSAID, PLAN_KIND_BOTH, PLAN_FAULT_NONE },
	{ 1, NONE, UNSAID, PLAN_KIND_COMPUTE, PLAN_FAULT_NONE },
	{ 0, DATASTORE, UNSAID, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 0, DISK, UNSAID, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 0, NONE, UNSAID, PLAN_KIND_COMPUTE, PLAN_FAULT_NO_HOST },

	{ 1, DATASTORE, PLAN_KIND_COMPUTE, PLAN_KIND_COMPUTE, PLAN_FAULT_COMPUTE_DISKS },
	{ 1, DISK, PLAN_KIND_COMPUTE, PLAN_KIND_COMPUTE, PLAN_FAULT_COMPUTE_DISKS },
	{ 1, NONE, PLAN_KIND_COMPUTE, PLAN_KIND_COMPUTE, PLAN_FAULT_NONE },
	{ 0, DATASTORE, PLAN_KIND_COMPUTE, PLAN_KIND_COMPUTE, PLAN_FAULT_COMPUTE_DISKS },
	{ 0, DISK, PLAN_KIND_COMPUTE, PLAN_KIND_COMPUTE, PLAN_FAULT_COMPUTE_DISKS },
	{ 0, NONE, PLAN_KIND_COMPUTE, PLAN_KIND_COMPUTE, PLAN_FAULT_NO_HOST },

	{ 1, DATASTORE, PLAN_KIND_STORAGE, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 1, DISK, PLAN_KIND_STORAGE, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 1, NONE, PLAN_KIND_STORAGE, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 0, DATASTORE, PLAN_KIND_STORAGE, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 0, DISK, PLAN_KIND_STORAGE, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },
	{ 0, NONE, PLAN_KIND_STORAGE, PLAN_KIND_STORAGE, PLAN_FAULT_NONE },

	{ 1, DATASTORE, PLAN_KIND_BOTH, PLAN_KIND_BOTH, PLAN_FAULT_NONE },
	{ 1, DISK, PLAN_KIND_BOTH, PLAN_KIND_BOTH, PLAN_FAULT_NONE },
	{ 1, NONE, PLAN_KIND_BOTH, PLAN_KIND_BOTH, PLAN_FAULT_NONE },
	{ 0, DATASTORE, PLAN_KIND_BOTH, PLAN_KIND_BOTH, PLAN_FAULT_NO_HOST },
	{ 0, DISK, PLAN_KIND_BOTH, PLAN_KIND_BOTH, PLAN_FAULT_NO_HOST },
	{ 0, NONE, PLAN_KIND_BOTH, PLAN_KIND_BOTH, PLAN_FAULT_NO_HOST },
};
#define NKIND_CASES (sizeof kind_cases / sizeof kind_cases[0])

static void plan_of(const struct kind_case *c, struct plan *p)
{
	memset(p, 0, sizeof *p);
	p->vm = strdup("vm1");
	p->target = c->host ? strdup("b") : NULL;
	if (c->stores == DATASTORE)
		p->datastore = strdup("shared");
	if (c->stores == DISK)
		CU_ASSERT_EQUAL(plan_add_disk(p, "vda", "local", PLAN_FORMAT_THIN), 0);
	p->kind = c->given == UNSAID ? plan_kind_infer(p) : c->given;
}

typedef void case_fn(size_t i, const struct kind_case *c, struct plan *p);

/* FN for every case, with the plan the case describes. */
static void each_case(case_fn *fn)
{
	for (size_t i = 0; i < NKIND_CASES; i++) {
		struct plan p;

		plan_of(&kind_cases[i], &p);
		fn(i, &kind_cases[i], &p);
		plan_free(&p);
	}
}

static void rule_case(size_t i, const struct kind_case *c, struct plan *p)
{
	struct vm_error err;

	CU_ASSERT_EQUAL(plan_names_datastores(p), c->stores != NONE);
	CU_ASSERT_EQUAL(p->kind, c->kind);
	enum plan_kind_fault f = plan_kind_check(p, &err);
	if (f != c->fault)
		fprintf(stderr, "\n  case %zu: fault %d, want %d (%s)\n", i, f, c->fault,
			err.message);
	CU_ASSERT_EQUAL(f, c->fault);
	CU_ASSERT_EQUAL(plan_kind_check(p, NULL), c->fault);	/* ERR may be NULL */
	if (f == PLAN_FAULT_NONE) {
		CU_ASSERT_STRING_EQUAL(err.message, "");
	} else {
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "VM 'vm1'"));
		CU_ASSERT_NOT_EQUAL(err.hint[0], '\0');
	}
	if (f == PLAN_FAULT_NO_HOST)
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no target host"));
	if (f == PLAN_FAULT_COMPUTE_DISKS)
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "moves no disk"));
}

static void test_kind_rule(void)
{
	each_case(rule_case);
	CU_ASSERT_EQUAL(plan_kind_needs_host(PLAN_KIND_COMPUTE), 1);
	CU_ASSERT_EQUAL(plan_kind_needs_host(PLAN_KIND_BOTH), 1);
	CU_ASSERT_EQUAL(plan_kind_needs_host(PLAN_KIND_STORAGE), 0);

	struct plan odd = { .vm = (char *)"vm1", .target = (char *)"b",
			    .kind = (enum plan_kind)PLAN_KIND_COUNT };
	CU_ASSERT_EQUAL(plan_kind_check(&odd, NULL), PLAN_FAULT_BAD_KIND);
	CU_ASSERT_EQUAL(plan_kind_check(NULL, NULL), PLAN_FAULT_BAD_KIND);
	CU_ASSERT_EQUAL(plan_kind_infer(NULL), PLAN_KIND_COMPUTE);
}

/* The answers file of case C: the reader takes it exactly when the rule
 * finds no fault, with the kind the rule means. */
static void read_case(size_t i, const struct kind_case *c, struct plan *p)
{
	char text[256];
	struct answers a;
	struct vm_error err;

	(void)p;
	snprintf(text, sizeof text, "[migration m%zu]\nvm = vm1\n%s%s%s%s%s", i,
		 c->given == UNSAID ? "" : "kind = ",
		 c->given == UNSAID ? "" : plan_kind_name(c->given),
		 c->given == UNSAID ? "" : "\n", c->host ? "host = b\n" : "",
		 c->stores == DATASTORE ? "datastore = shared\n" :
		 c->stores == DISK ? "disk.vda = local:thin\n" : "");
	int rc = answers_load(in_dir("kind.ini", text), &a, &err);
	CU_ASSERT_EQUAL(rc, c->fault == PLAN_FAULT_NONE ? 0 : -1);
	if (rc == 0) {
		CU_ASSERT_EQUAL(a.plans[0].kind, c->kind);
		answers_free(&a);
	} else if (c->fault == PLAN_FAULT_NO_HOST) {
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no key 'host'"));
	} else {
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "kind 'compute' moves no disk"));
	}
}

static void test_kind_rule_answers_read(void)
{
	each_case(read_case);
}

/* The writer saves case C exactly when the rule finds no fault, and says
 * which migration breaks it. */
static void save_case(size_t i, const struct kind_case *c, struct plan *p)
{
	struct vm_error err;
	int rc = answers_save(in_dir("saved.ini", NULL), p, 1, NULL, &err);

	(void)i;
	CU_ASSERT_EQUAL(rc, c->fault == PLAN_FAULT_NONE ? 0 : -1);
	if (rc != 0) {
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "Migration 1: VM 'vm1'"));
		CU_ASSERT_NOT_EQUAL(err.hint[0], '\0');
	}
}

static void test_kind_rule_answers_save(void)
{
	each_case(save_case);
}

/* ---- the limits ------------------------------------------------------------ */

static void test_limit_table(void)
{
	static const struct {
		enum plan_limit_id id;
		const char *key, *option;
		unsigned max;
		size_t offset;
	} want[] = {
		{ PLAN_LIMIT_MAX_DOWNTIME, "max_downtime_ms", "--max-downtime", 600000,
		  offsetof(struct plan, max_downtime_ms) },
		{ PLAN_LIMIT_MAX_TIME, "max_time_s", "--max-time", 86400,
		  offsetof(struct plan, max_time_s) },
		{ PLAN_LIMIT_BANDWIDTH, "bandwidth_mibs", "--bandwidth", 1000000,
		  offsetof(struct plan, bandwidth_mibs) },
	};

	CU_ASSERT_EQUAL_FATAL(sizeof want / sizeof want[0], PLAN_LIMIT_COUNT);
	for (size_t i = 0; i < PLAN_LIMIT_COUNT; i++) {
		const struct plan_limit *l = plan_limit_of(want[i].id);
		struct plan p = { 0 };
		unsigned v = 7;

		CU_ASSERT_PTR_NOT_NULL_FATAL(l);
		CU_ASSERT_STRING_EQUAL(l->key, want[i].key);
		CU_ASSERT_STRING_EQUAL(l->option, want[i].option);
		CU_ASSERT_EQUAL(l->max, want[i].max);
		CU_ASSERT_EQUAL(l->offset, want[i].offset);
		CU_ASSERT_PTR_NOT_NULL(l->unit);
		CU_ASSERT_PTR_NOT_NULL(l->zero);
		plan_limit_set(&p, want[i].id, 42);
		CU_ASSERT_EQUAL(plan_limit_get(&p, want[i].id), 42);
		CU_ASSERT_EQUAL(*(unsigned *)(void *)((char *)&p + want[i].offset), 42);

		char s[32];
		snprintf(s, sizeof s, "%u", l->max);
		CU_ASSERT_EQUAL(plan_limit_parse(want[i].id, s, &v), 0);
		CU_ASSERT_EQUAL(v, l->max);
		CU_ASSERT_EQUAL(plan_limit_parse(want[i].id, "0", &v), 0);
		CU_ASSERT_EQUAL(v, 0);
		snprintf(s, sizeof s, "%u", l->max + 1);
		CU_ASSERT_EQUAL(plan_limit_parse(want[i].id, s, &v), -1);
		CU_ASSERT_EQUAL(v, 0);		/* untouched on failure */
		static const char *const bad[] = { "", "-1", "+5", " 5", "5 ", "0x10", "1e3",
						   "99999999999999999999999" };
		for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
			CU_ASSERT_EQUAL(plan_limit_parse(want[i].id, bad[b], &v), -1);
	}
	CU_ASSERT_PTR_NULL(plan_limit_of(PLAN_LIMIT_COUNT));
	CU_ASSERT_EQUAL(plan_limit_parse(PLAN_LIMIT_COUNT, "1", &(unsigned){ 0 }), -1);
	CU_ASSERT_STRING_EQUAL(plan_limit_of(PLAN_LIMIT_MAX_DOWNTIME)->zero, "the default, 300");
	/* --max-downtime's help ("(default N)", src/cli_cmds.c) is made of
	 * PLAN_DEFAULT_MAX_DOWNTIME_MS: the table must say the same number */
	char dflt[64];
	snprintf(dflt, sizeof dflt, "the default, %u", (unsigned)PLAN_DEFAULT_MAX_DOWNTIME_MS);
	CU_ASSERT_STRING_EQUAL(plan_limit_of(PLAN_LIMIT_MAX_DOWNTIME)->zero, dflt);
}

/* Each limit's max is read and saved; max + 1 is refused by the reader
 * (naming the line, key and range) and by the writer (naming the key). */
static void test_limits_in_answers(void)
{
	for (int id = 0; id < PLAN_LIMIT_COUNT; id++) {
		const struct plan_limit *l = plan_limit_of(id);
		char text[256], range[64];
		struct answers a;
		struct vm_error err;

		snprintf(text, sizeof text, "[migration m]\nvm = vm1\nhost = b\n%s = %u\n", l->key,
			 l->max);
		CU_ASSERT_EQUAL_FATAL(answers_load(in_dir("max.ini", text), &a, &err), 0);
		CU_ASSERT_EQUAL(plan_limit_get(&a.plans[0], id), l->max);

		/* saved at the max, it reads back the same */
		CU_ASSERT_EQUAL(answers_save(in_dir("max-saved.ini", NULL), a.plans, 1, NULL, &err), 0);
		answers_free(&a);
		CU_ASSERT_EQUAL_FATAL(answers_load(file, &a, &err), 0);
		CU_ASSERT_EQUAL(plan_limit_get(&a.plans[0], id), l->max);

		/* one more: refused by the writer, nothing written */
		unlink(in_dir("over.ini", NULL));
		plan_limit_set(&a.plans[0], id, l->max + 1);
		CU_ASSERT_EQUAL(answers_save(file, a.plans, 1, NULL, &err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, l->key));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "Migration 1"));
		CU_ASSERT_EQUAL(access(file, F_OK), -1);
		answers_free(&a);

		/* ... and by the reader */
		snprintf(text, sizeof text, "[migration m]\nvm = vm1\nhost = b\n%s = %u\n", l->key,
			 l->max + 1);
		CU_ASSERT_EQUAL(answers_load(in_dir("over.ini", text), &a, &err), -1);
		snprintf(range, sizeof range, "from 0 (%s) to %u", l->zero, l->max);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, ":4: bad value"));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, l->key));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, range));
	}
}

int test_plan_rules_register(void);

int test_plan_rules_register(void)
{
	static const struct unit_test tests[] = {
		{ "set-up", test_setup },
		{ "kind: every combination", test_kind_rule },
		{ "kind: the answers reader applies the rule", test_kind_rule_answers_read },
		{ "kind: the answers writer applies the rule", test_kind_rule_answers_save },
		{ "limits: the table, max and max + 1", test_limit_table },
		{ "limits: answers read and save", test_limits_in_answers },
		{ "clean-up", test_cleanup },
		{ NULL, NULL },
	};
	return unit_add_suite("plan_rules", tests);
}

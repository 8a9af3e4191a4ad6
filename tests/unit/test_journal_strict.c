/* tests/unit/test_journal_strict.c — suite "journal_strict": a journal is
 * read strictly (every line it cannot read is named by its number and what
 * was wrong, and one such journal makes journal_list() return none at
 * all), its header reaches the disk whole, and the directories are synced
 * when a journal is made or removed.
 *
 * fsync() is wrapped below for the whole unit-test program: it records the
 * path of what it synced while `recording` is set, and syncs either way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <dirent.h>

#include "unit.h"
#include "unit_state.h"
#include "../../engine/journal_int.h"

#define UUID_A "aaaaaaaa-2222-3333-4444-555555555555"
#define UUID_B "bbbbbbbb-2222-3333-4444-555555555555"
#define UUID_C "cccccccc-2222-3333-4444-555555555555"

static int recording;
static char synced[16][256];
static int nsynced;

int fsync(int fd)
{
	if (recording && nsynced < 16) {
		char link[64];
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, synced[nsynced], sizeof synced[0] - 1);
		if (n >= 0)
			synced[nsynced++][n] = '\0';
	}
	return (int)syscall(SYS_fsync, fd);
}

static int was_synced(const char *path)
{
	for (int i = 0; i < nsynced; i++)
		if (strcmp(synced[i], path) == 0)
			return 1;
	return 0;
}

static char state[64];

static void set_state(void)
{
	unit_state_make(state, sizeof state, "vm-jstrict");
}

static void rm_state(void)
{
	unit_state_remove(state);
}

/* Lines 1 to 8: what journal_begin() writes for a live compute move of v
 * from a to b. */
#define HEAD(uuid) \
	"virt-migrate journal 1\n" \
	"started 1700000000 4242\n" \
	"vm v\n" \
	"uuid " uuid "\n" \
	"kind compute live\n" \
	"source a\n" \
	"target b\n" \
	"delete-source 0\n"

static const struct damaged {
	const char *text;
	int line;		/* 0: the file as a whole */
	const char *what;
} damaged[] = {
	{ HEAD(UUID_A) "volume b local /img/v.qc", 9, "no newline" },
	{ HEAD(UUID_A) "frob x\ndefined b\n", 9, "unknown record 'frob'" },
	{ HEAD(UUID_A) "volume b local /img/v%zz.qcow2\ndefined b\n", 9, "bad %-escape in field 3" },
	{ HEAD(UUID_A) "\ndefined b\n", 9, "an empty line" },
	{ HEAD(UUID_A) "defined b\r\n", 9, "raw control byte 0x0D" },
	{ HEAD(UUID_A) "defined b c\n", 9, "'defined' with 2 fields; it has 1" },
	{ HEAD(UUID_A) "uuid " UUID_B "\n", 9, "a second 'uuid' line" },
	{ HEAD(UUID_A) "end failed\ndefined b\n", 10, "'defined' after the 'end' line" },
	{ HEAD(UUID_A) "source-disk a \n", 9, "field 2 of 'source-disk' is empty" },
	{ "virt-migrate journal 1\nstarted soon 42\n", 2, "'started' needs" },
	{ "virt-migrate journal 1\nvm my\tvm\n", 2, "raw control byte 0x09" },
	{ "virt-migrate journal 1\nuuid ../../x\n", 2, "not a UUID" },
	{ "virt-migrate journal 1\nkind compute sideways\n", 2, "'kind' needs" },
	{ "virt-migrate journal 1\ndelete-source 2\n", 2, "'delete-source' needs 0 or 1" },
	{ "virt-migrate journal 2\n", 1, "does not begin with" },
	{ "virt-migrate journal 1\nstarted 1 2\nvm v\n", 0, "no 'uuid' line" },
	{ "", 0, "the file is empty" },
};

static void test_parse_names_line(void)
{
	for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
		const struct damaged *d = &damaged[i];
		struct journal_entry e;
		struct vm_error err;
		char want[32];
		vm_error_clear(&err);
		CU_ASSERT_EQUAL(journal_parse(d->text, &e, &err), -1);
		if (d->line)
			snprintf(want, sizeof want, "Journal line %d: ", d->line);
		else
			snprintf(want, sizeof want, "Journal: ");
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, want));
		CU_ASSERT_PTR_NOT_NULL(strstr(err.message, d->what));
		if (!strstr(err.message, want) || !strstr(err.message, d->what))
			fprintf(stderr, "\ncase %zu: %s\n", i, err.message);
	}
	/* the same lines, whole, are read */
	struct journal_entry e;
	struct vm_error err;
	CU_ASSERT_EQUAL_FATAL(journal_parse(HEAD(UUID_A) "volume b  /img/v%20.qcow2\n"
					    "defined b\nend failed\n", &e, &err), 0);
	CU_ASSERT_STRING_EQUAL(e.vols[0].pool, "");	/* a volume's pool may be unknown */
	CU_ASSERT_STRING_EQUAL(e.vols[0].path, "/img/v .qcow2");
	CU_ASSERT_STRING_EQUAL(e.end, "failed");
	journal_entry_free(&e);
}

/* Write TEXT as STATE/virt-migrate/journal/NAME; its path in PATH. */
static void put_journal(const char *name, const char *text, char *path, size_t size)
{
	snprintf(path, size, "%s/virt-migrate", state);
	mkdir(path, 0700);
	snprintf(path, size, "%s/virt-migrate/journal", state);
	mkdir(path, 0700);
	snprintf(path, size, "%s/virt-migrate/journal/%s", state, name);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* journal_list() must refuse: nothing returned, the message naming
 * WANT (file:line) and WHAT, the hint saying what to do. */
static void expect_refused(const char *want, const char *what)
{
	struct journal_entry *list = (struct journal_entry *)1;
	size_t n = 99;
	struct vm_error err;
	CU_ASSERT_EQUAL(journal_list(NULL, &list, &n, &err), -1);
	CU_ASSERT_PTR_NULL(list);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, what));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "No journal is acted on while one cannot be read"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "move it out of"));
	if (!strstr(err.message, want) || !strstr(err.message, what))
		fprintf(stderr, "\nwanted %s ... %s, got: %s\n", want, what, err.message);
}

static size_t count_listed(void)
{
	struct journal_entry *list = NULL;
	size_t n = 0;
	struct vm_error err;
	CU_ASSERT_EQUAL(journal_list(NULL, &list, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		journal_entry_free(&list[i]);
	free(list);
	return n;
}

/* A good journal beside a damaged one: neither is returned until the
 * damaged one is moved aside. */
static void test_list_refuses_all(void)
{
	char good[192], bad[192], want[224], aside[224];

	set_state();
	put_journal(UUID_A ".journal", HEAD(UUID_A) "defined b\n", good, sizeof good);
	CU_ASSERT_EQUAL(count_listed(), 1);
	put_journal(UUID_B ".journal", HEAD(UUID_B) "vol%ume b local /x\ndefined b\n", bad,
		    sizeof bad);
	snprintf(want, sizeof want, "%s:9: ", bad);
	expect_refused(want, "unknown record 'vol%ume'");

	snprintf(aside, sizeof aside, "%s.aside", bad);	/* as the hint says */
	CU_ASSERT_EQUAL(rename(bad, aside), 0);
	CU_ASSERT_EQUAL(count_listed(), 1);
	rm_state();
}

/* The last line without its newline: a torn write, not a short path. */
static void test_list_torn(void)
{
	char path[192], want[224];

	set_state();
	put_journal(UUID_C ".journal", HEAD(UUID_C) "volume b local /img/v-cut", path,
		    sizeof path);
	snprintf(want, sizeof want, "%s:9: ", path);
	expect_refused(want, "the last line has no newline");
	rm_state();
}

/* Several damaged journals: the first by name is told, with the count. */
static void test_list_several(void)
{
	char a[192], b[192], c[192], want[224];

	set_state();
	put_journal(UUID_A ".journal", HEAD(UUID_A), a, sizeof a);
	put_journal(UUID_C ".journal", HEAD(UUID_C) "end", c, sizeof c);
	put_journal(UUID_B ".journal", "", b, sizeof b);
	static const char nul[] = "virt-migrate journal 1\nvm \0x\n";	/* on line 2 */
	FILE *f = fopen(b, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite(nul, 1, sizeof nul - 1, f);
	fclose(f);
	snprintf(want, sizeof want, "%s:2: a NUL byte", b);
	expect_refused(want, "(and 1 other journal cannot be read)");

	/* a journal that is a symbolic link is not followed, and said */
	CU_ASSERT_EQUAL(unlink(b), 0);
	CU_ASSERT_EQUAL(unlink(c), 0);
	CU_ASSERT_EQUAL(symlink(a, b), 0);
	snprintf(want, sizeof want, "%s: it cannot be opened", b);
	expect_refused(want, "");
	rm_state();
}

static void header(struct journal_entry *h, const char *uuid)
{
	memset(h, 0, sizeof *h);
	h->vm = (char *)"v";
	h->uuid = (char *)uuid;
	h->kind = (char *)"compute";
	h->source = (char *)"a";
	h->target = (char *)"b";
}

/* journal_begin() leaves the header whole under the journal's own name,
 * and nothing else in the directory. */
static void test_header_whole(void)
{
	struct journal_entry h;
	struct journal *j = NULL;
	struct vm_error err;
	char dir[192];

	set_state();
	header(&h, UUID_A);
	CU_ASSERT_EQUAL_FATAL(journal_begin(&h, &j, &err), 0);
	snprintf(dir, sizeof dir, "%s/virt-migrate/journal", state);
	DIR *d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	int files = 0, others = 0;
	for (struct dirent *de; (de = readdir(d));) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, UUID_A ".journal") == 0)
			files++;
		else
			others++;	/* a hidden file left behind */
	}
	closedir(d);
	CU_ASSERT_EQUAL(files, 1);
	CU_ASSERT_EQUAL(others, 0);
	CU_ASSERT_EQUAL(count_listed(), 1);
	journal_finish(j, "failed", 0);
	CU_ASSERT_EQUAL(count_listed(), 0);
	rm_state();
}

/* A journal made where no state directory was: the journal's directory and
 * each directory just made are synced into their parents; a journal
 * removed: its directory synced again. */
static void test_dirs_synced(void)
{
	struct journal_entry h;
	struct journal *j = NULL;
	struct vm_error err;
	char top[96], vm[128], jdir[160];

	set_state();
	snprintf(top, sizeof top, "%s/fresh", state);
	snprintf(vm, sizeof vm, "%s/virt-migrate", top);
	snprintf(jdir, sizeof jdir, "%s/journal", vm);
	setenv("XDG_STATE_HOME", top, 1);
	header(&h, UUID_B);
	nsynced = 0;
	recording = 1;
	int rc = journal_begin(&h, &j, &err);
	recording = 0;
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT(was_synced(jdir));	/* the journal's name */
	CU_ASSERT(was_synced(vm));	/* journal/, just made */
	CU_ASSERT(was_synced(top));	/* virt-migrate/, just made */
	CU_ASSERT(was_synced(state));	/* fresh/, just made */

	nsynced = 0;
	recording = 1;
	journal_finish(j, "done", 0);
	recording = 0;
	CU_ASSERT(was_synced(jdir));	/* the name gone */

	/* the directories there already: the journal's directory still */
	header(&h, UUID_C);
	nsynced = 0;
	recording = 1;
	rc = journal_begin(&h, &j, &err);
	recording = 0;
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT(was_synced(jdir));
	CU_ASSERT_FALSE(was_synced(top));
	journal_finish(j, "done", 0);
	rm_state();
}

int test_journal_strict_register(void);
int test_journal_strict_register(void)
{
	static const struct unit_test tests[] = {
		{ "each damaged line named: number and what", test_parse_names_line },
		{ "a good journal beside a damaged one: none listed", test_list_refuses_all },
		{ "a torn last line is not acted on", test_list_torn },
		{ "several damaged: the first told, the others counted", test_list_several },
		{ "the header is written whole, under the journal's name", test_header_whole },
		{ "directories synced when a journal is made and removed", test_dirs_synced },
		{ NULL, NULL },
	};
	return unit_add_suite("journal_strict", tests);
}

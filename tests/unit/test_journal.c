/* tests/unit/test_journal.c — the journal's format, its reading back, the
 * files' permissions, a planted symbolic link, and the per-VM lock. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "unit_state.h"
#include "../../engine/journal_int.h"

static char state[64];

static void set_state(void)
{
	unit_state_make(state, sizeof state, "vm-journal");
}

static void rm_state(void)
{
	unit_state_remove(state);
}

static void test_escape_round_trip(void)
{
	const char *hostile[] = { "vm 1", "a\nb", "50%", "$(touch x);`y`'\"", "\x7f\t\r",
				  "dépôt", "", NULL };
	for (int i = 0; hostile[i]; i++) {
		char *e = journal_escape(hostile[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_PTR_NULL(strpbrk(e, " \n\t\r\x7f"));
		CU_ASSERT_EQUAL(journal_unescape(e), 0);
		CU_ASSERT_STRING_EQUAL(e, hostile[i]);
		free(e);
	}
	char bad1[] = "abc%4", bad2[] = "%zz", bad3[] = "%00";
	CU_ASSERT_EQUAL(journal_unescape(bad1), -1);
	CU_ASSERT_EQUAL(journal_unescape(bad2), -1);
	CU_ASSERT_EQUAL(journal_unescape(bad3), -1);
}

static const char good[] =
	"virt-migrate journal 1\n"
	"started 1700000000 4242\n"
	"vm my%20vm\n"
	"uuid 0f0e0d0c-0b0a-0908-0706-050403020100\n"
	"kind both live\n"
	"source c\n"
	"target a\n"
	"delete-source 0\n"
	"source-disk c /var/lib/libvirt/images/my%20vm.qcow2\n"
	"volume a local /var/lib/libvirt/images/my%20vm.qcow2\n"
	"defined a\n";

static void test_parse(void)
{
	struct journal_entry e;
	struct vm_error err;
	CU_ASSERT_EQUAL_FATAL(journal_parse(good, &e, &err), 0);
	CU_ASSERT_STRING_EQUAL(e.vm, "my vm");
	CU_ASSERT_STRING_EQUAL(e.kind, "both");
	CU_ASSERT_EQUAL(e.live, 1);
	CU_ASSERT_STRING_EQUAL(e.source, "c");
	CU_ASSERT_STRING_EQUAL(e.target, "a");
	CU_ASSERT_EQUAL(e.started, 1700000000);
	CU_ASSERT_EQUAL(e.pid, 4242);
	CU_ASSERT_EQUAL_FATAL(e.nvols, 1);
	CU_ASSERT_STRING_EQUAL(e.vols[0].host, "a");
	CU_ASSERT_STRING_EQUAL(e.vols[0].pool, "local");
	CU_ASSERT_STRING_EQUAL(e.vols[0].path, "/var/lib/libvirt/images/my vm.qcow2");
	CU_ASSERT_EQUAL_FATAL(e.nsrcdisks, 1);
	CU_ASSERT_STRING_EQUAL(e.srcdisks[0].host, "c");
	CU_ASSERT_EQUAL(e.defined_target, 1);
	CU_ASSERT_EQUAL(e.undefined_source, 0);
	CU_ASSERT_PTR_NULL(e.end);	/* unfinished */
	journal_entry_free(&e);
}

static void test_parse_refuses(void)
{
	const char *bad[] = {
		"",
		"not a journal\nvm x\n",
		"virt-migrate journal 1\nvm x\n",	/* no uuid, kind, hosts */
		"virt-migrate journal 1\nvm x\nuuid u\nkind compute live\nsource a\ntarget\n",
		"virt-migrate journal 1\nvm x%zz\nuuid u\nkind compute live\nsource a\ntarget b\n",
		"virt-migrate journal 1\nvm x\nuuid u\nkind compute live\nsource a\ntarget b\n"
		"volume a /only/two\n",
		/* a record this tool does not write is not skipped */
		"virt-migrate journal 1\nstarted 1 2\nvm x\n"
		"uuid 0f0e0d0c-0b0a-0908-0706-050403020100\nkind compute live\nsource a\n"
		"target b\ndelete-source 0\nfuture-step whatever it says\n",
		NULL,
	};
	for (int i = 0; bad[i]; i++) {
		struct journal_entry e;
		struct vm_error err;
		vm_error_clear(&err);
		CU_ASSERT_EQUAL(journal_parse(bad[i], &e, &err), -1);
		CU_ASSERT(err.message[0] != '\0');
	}
}

static void test_write_read(void)
{
	struct journal_entry h, *list = NULL;
	struct journal_vol disk = { (char *)"b", (char *)"local", (char *)"/img/v 1.qcow2" };
	struct journal *j = NULL;
	struct vm_error err;
	struct stat st;
	size_t n = 0;
	char path[192];

	set_state();
	memset(&h, 0, sizeof h);
	h.vm = (char *)"v 1\n$(x)";
	h.uuid = (char *)"11111111-2222-3333-4444-555555555555";
	h.kind = (char *)"compute";
	h.source = (char *)"b";
	h.target = (char *)"c";
	h.delete_source = 1;
	h.srcdisks = &disk;
	h.nsrcdisks = 1;
	CU_ASSERT_EQUAL_FATAL(journal_begin(&h, &j, &err), 0);
	CU_ASSERT_EQUAL(journal_pending(h.uuid), 1);
	journal_note_volume("local", "/img/v 1.qcow2");
	journal_note("defined", "c", NULL, NULL);

	snprintf(path, sizeof path, "%s/virt-migrate/journal", state);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/virt-migrate/journal/%s.journal", state, h.uuid);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);

	/* a run killed here: the next one reads it back */
	CU_ASSERT_EQUAL_FATAL(journal_list(NULL, &list, &n, &err), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(list[0].vm, h.vm);
	CU_ASSERT_EQUAL(list[0].live, 0);
	CU_ASSERT_EQUAL(list[0].delete_source, 1);
	CU_ASSERT_EQUAL_FATAL(list[0].nvols, 1);
	CU_ASSERT_STRING_EQUAL(list[0].vols[0].host, "c");
	CU_ASSERT_STRING_EQUAL(list[0].vols[0].path, "/img/v 1.qcow2");
	CU_ASSERT_EQUAL(list[0].nsrcdisks, 1);
	CU_ASSERT_EQUAL(list[0].defined_target, 1);
	CU_ASSERT_PTR_NULL(list[0].end);
	CU_ASSERT_STRING_EQUAL(list[0].file, path);
	journal_entry_free(&list[0]);
	free(list);

	/* a second journal for the same VM is refused while this one is there */
	struct journal *j2 = NULL;
	CU_ASSERT_EQUAL(journal_begin(&h, &j2, &err), -1);

	/* FAILED keeps it, with its end; otherwise it goes */
	journal_finish(j, "failed", 1);
	CU_ASSERT_EQUAL_FATAL(journal_list(NULL, &list, &n, &err), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(list[0].end, "failed");
	CU_ASSERT_EQUAL(journal_remove(&list[0]), 0);
	journal_entry_free(&list[0]);
	free(list);
	CU_ASSERT_EQUAL(journal_pending(h.uuid), 0);
	CU_ASSERT_EQUAL_FATAL(journal_begin(&h, &j, &err), 0);
	journal_finish(j, "rolled back", 0);
	CU_ASSERT_EQUAL(journal_pending(h.uuid), 0);
	CU_ASSERT_EQUAL(journal_list(NULL, &list, &n, &err), 0);
	CU_ASSERT_EQUAL(n, 0);
	free(list);
	rm_state();
}

static void test_symlink_refused(void)
{
	struct journal_entry h;
	struct journal *j = NULL;
	struct vm_error err;
	char dir[128], link[192], victim[128];

	set_state();
	memset(&h, 0, sizeof h);
	h.vm = (char *)"v";
	h.uuid = (char *)"aaaaaaaa-2222-3333-4444-555555555555";
	h.kind = (char *)"compute";
	h.source = (char *)"a";
	h.target = (char *)"b";
	snprintf(dir, sizeof dir, "%s/virt-migrate", state);
	CU_ASSERT_EQUAL(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof dir, "%s/virt-migrate/journal", state);
	CU_ASSERT_EQUAL(mkdir(dir, 0700), 0);
	snprintf(victim, sizeof victim, "%s/victim", state);
	int fd = open(victim, O_WRONLY | O_CREAT, 0644);
	CU_ASSERT(fd >= 0);
	close(fd);
	snprintf(link, sizeof link, "%s/%s.journal", dir, h.uuid);
	CU_ASSERT_EQUAL(symlink(victim, link), 0);
	vm_error_clear(&err);
	CU_ASSERT_EQUAL(journal_begin(&h, &j, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "could not be created"));
	struct stat st;
	CU_ASSERT_EQUAL(stat(victim, &st), 0);
	CU_ASSERT_EQUAL(st.st_size, 0);		/* nothing written through the link */

	/* the journal directory itself replaced by a link: not used */
	CU_ASSERT_EQUAL(unlink(link), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	CU_ASSERT_EQUAL(symlink(state, dir), 0);
	CU_ASSERT_EQUAL(journal_begin(&h, &j, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "not a directory of this user"));
	rm_state();
}

static void test_lock(void)
{
	struct vm_lock *one = NULL, *two = NULL;
	struct vm_error err;
	const char *uuid = "bbbbbbbb-2222-3333-4444-555555555555";
	long pid = 0;

	set_state();
	CU_ASSERT_EQUAL(lock_vm_busy(uuid, &pid), 0);
	CU_ASSERT_EQUAL_FATAL(lock_vm_take(uuid, "v", &one, &err), 0);
	/* flock belongs to the open file: a second take fails, even here */
	CU_ASSERT_EQUAL(lock_vm_take(uuid, "v", &two, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "is being migrated by another virt-migrate"));
	CU_ASSERT_EQUAL(lock_vm_busy(uuid, &pid), 1);
	CU_ASSERT_EQUAL(pid, (long)getpid());
	lock_vm_release(one);
	CU_ASSERT_EQUAL(lock_vm_busy(uuid, &pid), 0);
	CU_ASSERT_EQUAL(lock_vm_take(uuid, "v", &two, &err), 0);
	lock_vm_release(two);
	char path[192];
	struct stat st;
	snprintf(path, sizeof path, "%s/virt-migrate/locks/%s.lock", state, uuid);
	CU_ASSERT_EQUAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 0777, 0600);
	rm_state();
}

int test_journal_register(void);
int test_journal_register(void)
{
	static const struct unit_test tests[] = {
		{ "escape round trip, hostile names", test_escape_round_trip },
		{ "parse a journal left by a killed run", test_parse },
		{ "parse refuses broken journals", test_parse_refuses },
		{ "write, read back, finish", test_write_read },
		{ "a planted symbolic link is not followed", test_symlink_refused },
		{ "one lock per VM", test_lock },
		{ NULL, NULL },
	};
	return unit_add_suite("journal", tests);
}

/* tests/integration/test_recover.c — recover_entry() on the cases a fault
 * in the lab cannot be made to leave on purpose: a VM running on both hosts
 * (reported, nothing touched), a VM on neither (reported, volumes kept), and
 * the plain cases next to them (a stray definition on the target removed,
 * a dry run that changes nothing), and journals that cannot be read (none
 * is acted on).  Hosts are test:/// drivers: hosts x and
 * y load the same fixture, so web1 (one UUID) runs on both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libvirt/libvirt.h>

#include "itest.h"
#include "../../engine/engine.h"

#define WEB1 "11111111-2222-3333-4444-000000000001"

static struct config cfg;
static struct inventory inv;
static int loaded;
static char sdir[600], jdir[700];	/* the state directory, its journal/ */

static int suite_init(void)
{
	char a[512], b[512], text[2048], err[CONFIG_ERR_MAX];

	snprintf(text, sizeof(text),
		 "[defaults]\n"
		 "known_hosts = %s/recover_known_hosts\n"
		 "[host x]\n"
		 "uri = test://%s\n"
		 "[host y]\n"
		 "uri = test://%s\n"
		 "[host z]\n"
		 "uri = test://%s\n",
		 itest_scratch(),
		 itest_fixture("host-a.xml", a, sizeof(a)), a,
		 itest_fixture("host-b.xml", b, sizeof(b)));
	if (config_load_string(text, "<recover test>", &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "recover suite: %s\n", err);
		return -1;
	}
	/* the per-VM locks recover looks at live under the state directory */
	char state[520];
	snprintf(state, sizeof(state), "%s/recover-state", itest_scratch());
	mkdir(state, 0700);
	setenv("XDG_STATE_HOME", state, 1);
	snprintf(sdir, sizeof(sdir), "%s/virt-migrate", state);
	mkdir(sdir, 0700);
	snprintf(jdir, sizeof(jdir), "%s/journal", sdir);
	mkdir(jdir, 0700);
	loaded = inventory_load(&cfg, NULL, &inv, NULL) == 0;
	return 0;
}

static int suite_clean(void)
{
	inventory_free(&inv);
	config_free(&cfg);
	return 0;
}

/* Write journal TEXT as the only file under jdir and read it back as the
 * tool would (journal_list), so that E->file names it. */
static int entry(const char *text, struct journal_entry *e)
{
	char path[800];
	struct journal_entry *all = NULL;
	size_t n = 0;
	struct vm_error err;

	snprintf(path, sizeof(path), "%s/case.journal", jdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	if (journal_list(sdir, &all, &n, &err) < 0 || n != 1) {
		for (size_t i = 0; i < n; i++)
			journal_entry_free(&all[i]);
		free(all);
		return -1;
	}
	*e = all[0];
	free(all);
	return 0;
}

/* The journal of a live compute move of web1 from x to TARGET, whose last
 * step was STEP ("" for none): eight header lines, then STEP. */
static void web1_text(const char *target, const char *step, char *text, size_t size)
{
	snprintf(text, size,
		 "virt-migrate journal 1\n"
		 "started 1700000000 999999\n"
		 "vm web1\n"
		 "uuid " WEB1 "\n"
		 "kind compute live\n"
		 "source x\n"
		 "target %s\n"
		 "delete-source 0\n"
		 "%s", target, step);
}

/* That journal, as entry() reads it. */
static int web1_entry(const char *target, const char *step, struct journal_entry *e)
{
	char text[512];
	web1_text(target, step, text, sizeof(text));
	return entry(text, e);
}

static int journal_present(void)
{
	char path[800];
	struct stat st;
	snprintf(path, sizeof(path), "%s/case.journal", jdir);
	return stat(path, &st) == 0;
}

static void drop_journal(void)
{
	char path[800];
	snprintf(path, sizeof(path), "%s/case.journal", jdir);
	remove(path);
}

/* 1 when a line of R contains NEEDLE. */
static int said(const struct recover_report *r, const char *needle)
{
	for (size_t i = 0; i < r->nlines; i++)
		if (strstr(r->lines[i], needle))
			return 1;
	return 0;
}

/* The state of the domain with UUID on HOST: -1 absent, 0 defined, 1 running. */
static int where(const char *host, const char *uuid)
{
	struct inv_host *h = inventory_host_find(&inv, host);
	if (!h || !h->conn)
		return -2;
	virDomainPtr d = virDomainLookupByUUIDString(h->conn, uuid);
	if (!d)
		return -1;
	int active = virDomainIsActive(d) == 1;
	virDomainFree(d);
	return active;
}

static void test_both(void)
{
	struct journal_entry e;
	struct recover_report r;

	CU_ASSERT_FATAL(loaded);
	CU_ASSERT_EQUAL_FATAL(web1_entry("y", "defined y\n", &e), 0);
	CU_ASSERT_EQUAL(where("x", WEB1), 1);
	CU_ASSERT_EQUAL(where("y", WEB1), 1);
	CU_ASSERT_EQUAL(recover_entry(&inv, &e, 0, &r), -1);
	CU_ASSERT_FALSE(r.resolved);
	CU_ASSERT(said(&r, "VM 'web1' runs on both x and y: nothing was changed"));
	CU_ASSERT(said(&r, "shut the other down, then run recover again"));
	/* nothing touched: both copies still run, the journal stays */
	CU_ASSERT_EQUAL(where("x", WEB1), 1);
	CU_ASSERT_EQUAL(where("y", WEB1), 1);
	CU_ASSERT(journal_present());
	recover_report_free(&r);
	journal_entry_free(&e);
	drop_journal();
}

static void test_neither(void)
{
	struct journal_entry e;
	struct recover_report r;
	const char *ghost = "99999999-2222-3333-4444-000000000009";
	char text[1024];

	CU_ASSERT_FATAL(loaded);
	snprintf(text, sizeof(text),
		 "virt-migrate journal 1\n"
		 "started 1700000000 999999\n"
		 "vm ghost\n"
		 "uuid %s\n"
		 "kind both cold\n"
		 "source x\n"
		 "target z\n"
		 "delete-source 1\n"
		 "source-disk x /var/lib/libvirt/images/web1.qcow2\n"
		 "volume z local /srv/pool-b/tmp1.qcow2\n", ghost);
	CU_ASSERT_EQUAL_FATAL(entry(text, &e), 0);
	CU_ASSERT_EQUAL(recover_entry(&inv, &e, 0, &r), -1);
	CU_ASSERT_FALSE(r.resolved);
	CU_ASSERT(said(&r, "VM 'ghost' is defined on neither x nor z: nothing was changed"));
	CU_ASSERT(said(&r, "volumes named in the journal are kept"));
	CU_ASSERT(journal_present());
	/* the volumes it names are still there on both hosts */
	struct inv_host *x = inventory_host_find(&inv, "x"), *z = inventory_host_find(&inv, "z");
	virStorageVolPtr v = virStorageVolLookupByPath(x->conn, "/var/lib/libvirt/images/web1.qcow2");
	CU_ASSERT_PTR_NOT_NULL(v);
	if (v)
		virStorageVolFree(v);
	v = virStorageVolLookupByPath(z->conn, "/srv/pool-b/tmp1.qcow2");
	CU_ASSERT_PTR_NOT_NULL(v);
	if (v)
		virStorageVolFree(v);
	recover_report_free(&r);
	journal_entry_free(&e);
	drop_journal();
}

/* web1 runs on x; the killed move had defined it (shut off) on z. */
static void test_stray_definition(void)
{
	struct journal_entry e;
	struct recover_report r;

	CU_ASSERT_FATAL(loaded);
	struct inv_host *x = inventory_host_find(&inv, "x"), *z = inventory_host_find(&inv, "z");
	virDomainPtr d = virDomainLookupByUUIDString(x->conn, WEB1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	char *xml = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
	virDomainFree(d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	d = virDomainDefineXML(z->conn, xml);
	free(xml);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	virDomainFree(d);
	CU_ASSERT_EQUAL(where("z", WEB1), 0);

	/* a dry run says what it would do and changes nothing */
	CU_ASSERT_EQUAL_FATAL(web1_entry("z", "defined z\n", &e), 0);
	CU_ASSERT_EQUAL(recover_entry(&inv, &e, 1, &r), 0);
	CU_ASSERT(said(&r, "VM 'web1' stays on x (running there): removing what z got"));
	CU_ASSERT(said(&r, "Would remove the definition of 'web1' from z"));
	CU_ASSERT_EQUAL(where("z", WEB1), 0);
	CU_ASSERT(journal_present());
	recover_report_free(&r);

	/* the real run removes the stray definition and closes the journal */
	CU_ASSERT_EQUAL(recover_entry(&inv, &e, 0, &r), 0);
	CU_ASSERT(r.resolved);
	CU_ASSERT(said(&r, "Removed the definition of 'web1' from z"));
	CU_ASSERT(said(&r, "On x: 'web1' runs. On z: 'web1' is not there."));
	CU_ASSERT_EQUAL(where("z", WEB1), -1);
	CU_ASSERT_EQUAL(where("x", WEB1), 1);
	CU_ASSERT_FALSE(journal_present());
	recover_report_free(&r);
	journal_entry_free(&e);
}

/* A host the configuration does not know: nothing is done. */
static void test_unknown_host(void)
{
	struct journal_entry e;
	struct recover_report r;

	CU_ASSERT_FATAL(loaded);
	CU_ASSERT_EQUAL_FATAL(web1_entry("gone", "", &e), 0);
	CU_ASSERT_EQUAL(recover_entry(&inv, &e, 0, &r), -1);
	CU_ASSERT(said(&r, "Host 'gone' is not in the configuration: nothing was changed"));
	CU_ASSERT_EQUAL(where("x", WEB1), 1);
	CU_ASSERT(journal_present());
	recover_report_free(&r);
	journal_entry_free(&e);
	drop_journal();
}

/* TEXT as jdir/NAME; its path in PATH. */
static void put_journal(const char *name, const char *text, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", jdir, name);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* journal_list() refuses them all, naming WANT (file:line) and WHAT. */
static void refused(const char *want, const char *what)
{
	struct journal_entry *all = NULL;
	size_t n = 0;
	struct vm_error err;
	CU_ASSERT_EQUAL(journal_list(sdir, &all, &n, &err), -1);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NULL(all);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, want));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, what));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.hint, "move it out of"));
	for (size_t i = 0; i < n; i++)
		journal_entry_free(&all[i]);
	free(all);
}

/* A good journal beside a damaged one, then beside a torn one: neither is
 * returned, so recover acts on none; once the bad one is moved aside, the
 * good one is read and recovered. */
static void test_damaged_beside_good(void)
{
	char text[512], good[800], bad[800], torn[800], aside[820], want[840];
	static const char ghost[] =
		"virt-migrate journal 1\n"
		"started 1700000000 999999\n"
		"vm ghost\n"
		"uuid 99999999-2222-3333-4444-000000000009\n"
		"kind both cold\n"
		"source x\n"
		"target z\n"
		"delete-source 1\n"
		"volume z local /srv/pool-b/tmp1.qcow2\n";

	CU_ASSERT_FATAL(loaded);
	web1_text("z", "", text, sizeof(text));
	put_journal("good.journal", text, good, sizeof(good));

	/* line 10 has a bad escape, line 11 is fine */
	snprintf(text, sizeof(text), "%svolume z local /srv/pool-b/t%%zz.qcow2\ndefined z\n",
		 ghost);
	put_journal("bad.journal", text, bad, sizeof(bad));
	snprintf(want, sizeof(want), "%s:10: ", bad);
	refused(want, "a bad %-escape in field 3 of 'volume'");
	snprintf(aside, sizeof(aside), "%s.aside", bad);
	CU_ASSERT_EQUAL(rename(bad, aside), 0);

	/* the last line cut in its path, without its newline */
	snprintf(text, sizeof(text), "%svolume z local /srv/pool-b/tm", ghost);
	put_journal("torn.journal", text, torn, sizeof(torn));
	snprintf(want, sizeof(want), "%s:10: ", torn);
	refused(want, "the last line has no newline");
	CU_ASSERT_EQUAL(remove(torn), 0);

	/* the operator moved them aside: the good one is acted on */
	struct journal_entry *all = NULL;
	size_t n = 0;
	struct vm_error err;
	CU_ASSERT_EQUAL_FATAL(journal_list(sdir, &all, &n, &err), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(all[0].vm, "web1");
	struct recover_report r;
	CU_ASSERT_EQUAL(recover_entry(&inv, &all[0], 1, &r), 0);
	CU_ASSERT(said(&r, "VM 'web1' stays on x (running there)"));
	recover_report_free(&r);
	journal_entry_free(&all[0]);
	free(all);
	remove(good);
	remove(aside);
}

static const struct itest tests[] = {
	{ "VM on both hosts: reported, untouched", test_both },
	{ "VM on neither host: reported, volumes kept", test_neither },
	{ "stray definition on the target: dry run, then removed", test_stray_definition },
	{ "host not in the configuration", test_unknown_host },
	{ "a damaged or torn journal beside a good one: none read", test_damaged_beside_good },
	{ NULL, NULL }
};

int test_recover_register(void)
{
	return itest_add_suite("recover", suite_init, suite_clean, tests);
}

/* tests/unit/test_wizard_model.c — suite "wizard_model": the wizard's steps
 * without a terminal: which apply, what each needs, what Back and Next keep,
 * that a host with errors cannot be chosen, and the plan the choices make.
 * The world is wizfix's: checkfix's hosts a, b, c; vm1 running on a (disk
 * on the shared pool, a NIC on "default"). */
#include <string.h>

#include "unit.h"
#include "wizfix.h"

static void test_steps_by_kind(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];

	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_VM, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_set_vm_name(&m, "nope"), -1);
	CU_ASSERT_EQUAL(wizard_model_set_vm_name(&m, "vm1"), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_VM, why, sizeof(why)));
	CU_ASSERT_EQUAL(m.kind, PLAN_KIND_COMPUTE);

	/* compute, live: no storage step */
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_HOST));
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_STORAGE));
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_NETWORK));
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));
	CU_ASSERT_EQUAL(wizard_model_next(&m, WIZARD_STEP_KIND), WIZARD_STEP_HOST);
	CU_ASSERT_EQUAL(wizard_model_next(&m, WIZARD_STEP_HOST), WIZARD_STEP_NETWORK);
	CU_ASSERT_EQUAL(wizard_model_prev(&m, WIZARD_STEP_NETWORK), WIZARD_STEP_HOST);
	CU_ASSERT_EQUAL(wizard_model_next(&m, WIZARD_STEP_READY), WIZARD_STEP_COUNT);
	CU_ASSERT_EQUAL(wizard_model_prev(&m, WIZARD_STEP_VM), WIZARD_STEP_COUNT);

	/* storage only: no host, network or priority step */
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_HOST));
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_STORAGE));
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_NETWORK));
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));
	CU_ASSERT_EQUAL(wizard_model_next(&m, WIZARD_STEP_KIND), WIZARD_STEP_STORAGE);
	CU_ASSERT_EQUAL(wizard_model_next(&m, WIZARD_STEP_STORAGE), WIZARD_STEP_READY);
	CU_ASSERT_PTR_EQUAL(wizard_model_dst(&m), fx_host(f, "a"));

	/* both: every step */
	wizard_model_set_kind(&m, PLAN_KIND_BOTH);
	for (int s = 0; s < WIZARD_STEP_COUNT; s++)
		CU_ASSERT_TRUE(wizard_model_step_applies(&m, (enum wizard_step)s));

	/* a VM that is off moves cold: no priority */
	CU_ASSERT_TRUE(wizard_model_priority_applies(&m));
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	CU_ASSERT_FALSE(wizard_model_live(&m));
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));
	CU_ASSERT_FALSE(wizard_model_priority_applies(&m));
	/* a suspended one moves its saved memory: the step, for its encryption */
	fx_vm(f, "vm1")->state = INV_VM_SUSPENDED;
	CU_ASSERT_FALSE(wizard_model_live(&m));
	CU_ASSERT_TRUE(wizard_model_step_applies(&m, WIZARD_STEP_PRIORITY));
	CU_ASSERT_FALSE(wizard_model_priority_applies(&m));
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;

	/* a VM without NIC: no network step */
	fx_vm(f, "vm1")->nnics = 0;
	struct inv_vm *bare = fx_add_vm(f, "b", "bare");
	(void)bare;
	CU_ASSERT_EQUAL(wizard_model_set_vm_name(&m, "bare"), 0);
	CU_ASSERT_FALSE(wizard_model_step_applies(&m, WIZARD_STEP_NETWORK));
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_KIND, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "no disk"));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_host_with_errors_cannot_be_chosen(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	size_t a = wizfix_host(f, "a"), b = wizfix_host(f, "b"), c = wizfix_host(f, "c");

	wizard_model_set_vm_name(&m, "vm1");
	/* not checked yet */
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "still being checked"));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), -1);
	/* the source itself */
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, a, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "already runs on host a"));
	/* c lacks memory: an error */
	fx_host(f, "c")->mem_free_kib = 1024;	/* 1 MiB */
	wizfix_verdict(&m, f, "b");
	wizfix_verdict(&m, f, "c");
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 0);
	CU_ASSERT_TRUE(m.verdicts[c].findings.errors > 0);
	CU_ASSERT_TRUE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, c, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Host c cannot take VM 'vm1'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "free"));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, c), -1);
	CU_ASSERT_EQUAL(m.target, WIZARD_NONE);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_HOST, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_HOST, why, sizeof(why)));
	/* an unreachable host */
	fx_host(f, "c")->reachable = 0;
	snprintf(fx_host(f, "c")->error.message, sizeof(fx_host(f, "c")->error.message),
		 "connection refused");
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, c, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "unreachable: connection refused"));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_back_next_keeps_choices(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	size_t b = wizfix_host(f, "b");

	wizard_model_set_vm_name(&m, "vm1");
	wizfix_verdict(&m, f, "b");
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	wizard_model_set_priority(&m, PLAN_PRIORITY_STANDARD);
	CU_ASSERT_STRING_EQUAL(m.net_to[0], "default");	/* same name on b */

	/* going back and forth re-commits the same choices: nothing is lost */
	CU_ASSERT_EQUAL(wizard_model_set_vm_name(&m, "vm1"), 0);
	wizard_model_set_kind(&m, PLAN_KIND_COMPUTE);
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_EQUAL(m.target, b);
	CU_ASSERT_EQUAL(m.priority, PLAN_PRIORITY_STANDARD);
	CU_ASSERT_EQUAL(m.verdicts[b].state, WIZARD_VERDICT_DONE);
	CU_ASSERT_STRING_EQUAL(m.net_to[0], "default");
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	/* another kind forgets the host and its verdicts, not the VM */
	wizard_model_set_kind(&m, PLAN_KIND_BOTH);
	CU_ASSERT_EQUAL(m.target, WIZARD_NONE);
	CU_ASSERT_EQUAL(m.verdicts[b].state, WIZARD_VERDICT_NONE);
	CU_ASSERT_PTR_NOT_NULL(wizard_model_vm(&m));
	/* another VM forgets everything after it */
	fx_add_vm(f, "c", "vm9");
	CU_ASSERT_EQUAL(wizard_model_set_vm_name(&m, "vm9"), 0);
	CU_ASSERT_EQUAL(m.kind, PLAN_KIND_COMPUTE);
	CU_ASSERT_PTR_NULL(m.datastore);
	CU_ASSERT_EQUAL(m.nnets, 0);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_networks(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	size_t b = wizfix_host(f, "b");

	/* b has no "default" but has "prod" */
	fx_host(f, "b")->nets[0].name = fx_s(f, "prod");
	wizard_model_set_vm_name(&m, "vm1");
	wizfix_verdict(&m, f, "b");
	/* counted, as check counts it, but mapped at the next step */
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 1);
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 1);
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_PTR_NULL(m.net_to[0]);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_NETWORK, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "'default'"));
	CU_ASSERT_EQUAL(wizard_model_set_net(&m, 0, "prod"), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_NETWORK, why, sizeof(why)));

	struct plan p;
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.nnets, 1);
	CU_ASSERT_STRING_EQUAL(p.nets[0].from, "default");
	CU_ASSERT_STRING_EQUAL(p.nets[0].to, "prod");
	CU_ASSERT_STRING_EQUAL(p.target, "b");
	CU_ASSERT_PTR_NULL(p.datastore);
	plan_free(&p);
	wizard_model_free(&m);
	fx_free(f);
}

static void test_storage_and_plan(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	struct plan p;

	wizard_model_set_vm_name(&m, "vm1");
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "Choose a datastore"));
	/* where the disk already is: nothing would move */
	CU_ASSERT_EQUAL(wizard_model_set_datastore(&m, "shared"), 0);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "No disk of VM 'vm1' would move"));
	CU_ASSERT_EQUAL(wizard_model_set_datastore(&m, "local"), 0);
	wizard_model_set_format(&m, PLAN_FORMAT_THICK);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.kind, PLAN_KIND_STORAGE);
	CU_ASSERT_STRING_EQUAL(p.target, "a");
	CU_ASSERT_STRING_EQUAL(p.datastore, "local");
	CU_ASSERT_EQUAL(p.format, PLAN_FORMAT_THICK);
	CU_ASSERT_EQUAL(p.nnets, 0);
	plan_free(&p);

	/* too small a datastore: the space check makes the step invalid */
	fx_host(f, "a")->pools[1].available = 1;
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	fx_host(f, "a")->pools[1].available = 100 * FX_GIB;

	/* per disk */
	wizard_model_set_per_disk(&m, 1);
	CU_ASSERT_STRING_EQUAL(m.disk_ds[0], "local");	/* starts from the common choice */
	CU_ASSERT_EQUAL(m.disk_fmt[0], PLAN_FORMAT_THICK);
	CU_ASSERT_EQUAL(wizard_model_set_disk(&m, 0, "local", PLAN_FORMAT_THIN), 0);
	CU_ASSERT_EQUAL(wizard_model_set_disk(&m, 5, "local", PLAN_FORMAT_THIN), -1);
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.ndisks, 1);
	CU_ASSERT_STRING_EQUAL(p.disks[0].target, "vda");
	CU_ASSERT_STRING_EQUAL(p.disks[0].datastore, "local");
	CU_ASSERT_EQUAL(p.disks[0].format, PLAN_FORMAT_THIN);
	CU_ASSERT_PTR_NULL(p.datastore);
	plan_free(&p);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	/* compute only: the datastore is not part of the plan */
	wizard_model_set_kind(&m, PLAN_KIND_COMPUTE);
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_PTR_NULL(p.datastore);
	CU_ASSERT_EQUAL(p.ndisks, 0);
	CU_ASSERT_PTR_NULL(p.target);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));
	plan_free(&p);

	wizard_model_free(&m);
	fx_free(f);
}

static void test_both_verdict_defers_later_steps(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	size_t b = wizfix_host(f, "b");

	/* vm1's disk moved to a's local pool: compute only is refused, both is not */
	fx_vm(f, "vm1")->disks[0].pool = fx_s(f, "local");
	fx_vm(f, "vm1")->disks[0].path = fx_s(f, "/var/lib/libvirt/images/vm1.qcow2");
	wizard_model_set_vm_name(&m, "vm1");
	wizfix_verdict(&m, f, "b");
	CU_ASSERT_FALSE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	wizard_model_set_kind(&m, PLAN_KIND_BOTH);
	wizfix_verdict(&m, f, "b");
	/* the datastore is missing, and the storage step chooses it */
	CU_ASSERT_EQUAL(m.verdicts[b].findings.errors, 1);
	CU_ASSERT_EQUAL(m.verdicts[b].deferred, 1);
	CU_ASSERT_TRUE(wizard_model_host_choosable(&m, b, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_set_target(&m, b), 0);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_set_datastore(&m, "local"), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_READY, why, sizeof(why)));

	wizard_model_free(&m);
	fx_free(f);
}

static void test_cdrom_stays(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	struct plan p;
	struct inv_disk *cd = fx_add_disk(f, fx_vm(f, "vm1"), "sda", NULL, NULL, 0, 0);

	cd->device = fx_s(f, "cdrom");
	CU_ASSERT_FALSE(disk_copyable(cd));
	CU_ASSERT_TRUE(disk_copyable(&fx_vm(f, "vm1")->disks[0]));
	wizard_model_set_vm_name(&m, "vm1");
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	wizard_model_set_per_disk(&m, 1);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "disk vda"));
	CU_ASSERT_EQUAL(wizard_model_set_disk(&m, 0, "local", PLAN_FORMAT_THIN), 0);
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.ndisks, 1);	/* the CD-ROM is not in the plan */
	plan_free(&p);
	wizard_model_free(&m);
	fx_free(f);
}

/* The engine's rule (disk_copyable(), engine/disk.c) is the wizard's: a
 * read-only, a shareable and a LUN disk take no datastore, per disk or from
 * the common choice, and the plan names none for them. */
static void test_disks_that_stay(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	char why[512];
	struct plan p;
	struct inv_vm *vm = fx_vm(f, "vm1");
	struct inv_disk *ro = fx_add_disk(f, vm, "vdb", "shared", "/srv/vm/ro.qcow2", 4, 1);
	struct inv_disk *sh = fx_add_disk(f, vm, "vdc", "shared", "/srv/vm/sh.raw", 2, 2);
	struct inv_disk *lun = fx_add_disk(f, vm, "sda", NULL, "/dev/sdb", 8, 8);

	ro->readonly = 1;
	sh->shareable = 1;
	lun->device = fx_s(f, "lun");
	lun->type = fx_s(f, "block");
	wizard_model_set_vm_name(&m, "vm1");
	wizard_model_set_kind(&m, PLAN_KIND_STORAGE);
	CU_ASSERT_EQUAL(wizard_model_set_datastore(&m, "local"), 0);
	wizard_model_set_per_disk(&m, 1);
	CU_ASSERT_STRING_EQUAL(m.disk_ds[0], "local");	/* vda starts from the common choice */
	for (size_t d = 1; d < 4; d++) {
		CU_ASSERT_PTR_NULL(m.disk_ds[d]);	/* the others do not */
		CU_ASSERT_EQUAL(wizard_model_set_disk(&m, d, "local", PLAN_FORMAT_THIN), -1);
		CU_ASSERT_PTR_NULL(m.disk_ds[d]);
	}
	/* valid with vda's datastore alone */
	CU_ASSERT_TRUE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.ndisks, 1);
	CU_ASSERT_STRING_EQUAL(p.disks[0].target, "vda");
	CU_ASSERT_PTR_NULL(p.datastore);
	for (size_t d = 1; d < 4; d++)
		CU_ASSERT_PTR_NULL(plan_disk_datastore(&p, vm->disks[d].target));
	plan_free(&p);
	/* vda without a datastore: that is what is missing, not the others */
	CU_ASSERT_EQUAL(wizard_model_set_disk(&m, 0, NULL, PLAN_FORMAT_SAME), 0);
	CU_ASSERT_FALSE(wizard_model_step_valid(&m, WIZARD_STEP_STORAGE, why, sizeof(why)));
	CU_ASSERT_STRING_EQUAL(why, "Choose a datastore for disk vda.");
	wizard_model_free(&m);
	fx_free(f);
}

/* Encrypted vMotion: opportunistic until chosen, never unset, in the plan;
 * a choice survives another VM. */
static void test_encrypt(void)
{
	struct wizard_model m;
	struct fx *f = wizfix_new(&m, NULL);
	struct plan p;

	CU_ASSERT_EQUAL(m.encrypt, PLAN_ENCRYPT_OPPORTUNISTIC);
	wizard_model_set_vm_name(&m, "vm1");
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.encrypt, PLAN_ENCRYPT_OPPORTUNISTIC);
	plan_free(&p);
	wizard_model_set_encrypt(&m, PLAN_ENCRYPT_REQUIRED);
	wizard_model_set_encrypt(&m, PLAN_ENCRYPT_UNSET);	/* ignored */
	wizard_model_set_encrypt(&m, PLAN_ENCRYPT_COUNT);	/* ignored */
	CU_ASSERT_EQUAL(m.encrypt, PLAN_ENCRYPT_REQUIRED);
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.encrypt, PLAN_ENCRYPT_REQUIRED);
	plan_free(&p);
	wizard_model_set_encrypt(&m, PLAN_ENCRYPT_DISABLED);
	CU_ASSERT_EQUAL(wizard_model_plan(&m, &p), 0);
	CU_ASSERT_EQUAL(p.encrypt, PLAN_ENCRYPT_DISABLED);
	CU_ASSERT_STRING_EQUAL(plan_encrypt_title(p.encrypt), "Disabled");
	plan_free(&p);
	/* chosen after the host: a host verdict counts tls.required, as
	 * settled at the priority step */
	struct findings found = { 0 };
	findings_add(&found, FINDING_ERROR, "tls.required", NULL, "Encryption is required.");
	findings_add(&found, FINDING_WARNING, "tls.clear", NULL, "In clear.");
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &found.items[0]),
			WIZARD_STEP_PRIORITY);
	CU_ASSERT_EQUAL(wizard_model_finding_step(PLAN_KIND_COMPUTE, &found.items[1]),
			WIZARD_STEP_COUNT);
	CU_ASSERT_EQUAL(wizard_model_verdict_deferred(PLAN_KIND_COMPUTE, &found), 1);
	CU_ASSERT_EQUAL(found.errors, 1);
	CU_ASSERT_EQUAL(found.warnings, 1);
	findings_free(&found);
	wizard_model_free(&m);
	fx_free(f);
}

static void test_titles(void)
{
	CU_ASSERT_STRING_EQUAL(wizard_model_step_title(WIZARD_STEP_HOST), "Select a compute resource");
	CU_ASSERT_STRING_EQUAL(wizard_model_step_title(WIZARD_STEP_READY), "Ready to complete");
	CU_ASSERT_STRING_EQUAL(wizard_model_step_tab(WIZARD_STEP_PRIORITY), "Priority");
	CU_ASSERT_STRING_EQUAL(wizard_model_step_title(WIZARD_STEP_COUNT), "");
}

int test_wizard_model_register(void);
int test_wizard_model_register(void)
{
	static const struct unit_test tests[] = {
		{ "steps that apply, by kind and state", test_steps_by_kind },
		{ "a host with errors cannot be chosen", test_host_with_errors_cannot_be_chosen },
		{ "Back and Next keep the choices", test_back_next_keeps_choices },
		{ "networks: missing ones flagged, mapping in the plan", test_networks },
		{ "storage: datastore, format, per disk, space", test_storage_and_plan },
		{ "both: the host verdict counts what later steps choose, as deferred",
		  test_both_verdict_defers_later_steps },
		{ "a CD-ROM needs no datastore", test_cdrom_stays },
		{ "read-only, shareable and LUN disks take no datastore", test_disks_that_stay },
		{ "Encrypted vMotion: default, choice, plan", test_encrypt },
		{ "step titles", test_titles },
		{ NULL, NULL },
	};
	return unit_add_suite("wizard_model", tests);
}

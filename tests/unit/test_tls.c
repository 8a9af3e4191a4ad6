/* tests/unit/test_tls.c — suite "tls": encrypted vMotion's one rule
 * (tls_decide), what a host's TLS script says (probe_tls_parse), and the
 * tls.* findings of the checks. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"
#include "../../engine/inventory_int.h"

static const struct host_tls ready = { .read = 1, .ready = 1, .dir = "/etc/pki/qemu",
				       .ca = "AA:BB" };
static const struct host_tls bare = { .read = 1, .dir = "/etc/pki/qemu",
				      .why = "/etc/pki/qemu lacks ca-cert.pem" };

static void test_decide(void)
{
	struct host_tls other_ca = ready;
	char why[320];

	snprintf(other_ca.ca, sizeof(other_ca.ca), "CC:DD");
	CU_ASSERT_EQUAL(tls_decide(PLAN_ENCRYPT_UNSET, "a", &ready, "b", &ready, why, sizeof(why)),
			TLS_USE_TLS);
	CU_ASSERT_STRING_EQUAL(why, "");
	CU_ASSERT_EQUAL(tls_decide(PLAN_ENCRYPT_OPPORTUNISTIC, "a", &ready, "c", &bare, why,
				   sizeof(why)), TLS_USE_CLEAR);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "host 'c' is not set up"));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "lacks ca-cert.pem"));
	CU_ASSERT_EQUAL(tls_decide(PLAN_ENCRYPT_REQUIRED, "c", &bare, "a", &ready, why, sizeof(why)),
			TLS_USE_REFUSED);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "host 'c'"));
	CU_ASSERT_EQUAL(tls_decide(PLAN_ENCRYPT_REQUIRED, "a", &ready, "b", &ready, NULL, 0),
			TLS_USE_TLS);
	CU_ASSERT_EQUAL(tls_decide(PLAN_ENCRYPT_DISABLED, "a", &ready, "b", &ready, why, sizeof(why)),
			TLS_USE_CLEAR);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "disabled"));
	/* two set-ups that trust different CAs cannot talk */
	CU_ASSERT_EQUAL(tls_decide(PLAN_ENCRYPT_REQUIRED, "a", &ready, "b", &other_ca, why,
				   sizeof(why)), TLS_USE_REFUSED);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "different CAs"));
}

static void test_parse(void)
{
	struct host_tls t;
	char ok[] = "tls-dir /etc/libvirt/pki-migrate\ntls-ca AB:CD\n";
	char missing[] = "tls-dir /etc/pki/qemu\ntls-missing ca-cert.pem\ntls-missing server-key.pem\n";
	char expired[] = "tls-dir /d\ntls-ca AB\ntls-expired server-cert.pem\n";
	char untrusted[] = "tls-dir /d\ntls-ca AB\ntls-untrusted client-cert.pem\n";
	char name[] = "tls-dir /d\ntls-ca AB\ntls-name 10.0.0.2\n";
	char err[] = "tls-err /etc/libvirt/qemu.conf cannot be read\n";
	char nothing[] = "";

	probe_tls_parse(ok, "10.0.0.1", &t);
	CU_ASSERT(t.read && t.ready);
	CU_ASSERT_STRING_EQUAL(t.dir, "/etc/libvirt/pki-migrate");
	CU_ASSERT_STRING_EQUAL(t.ca, "AB:CD");
	probe_tls_parse(missing, "10.0.0.1", &t);
	CU_ASSERT_FALSE(t.ready);
	CU_ASSERT_STRING_EQUAL(t.why, "/etc/pki/qemu lacks ca-cert.pem, server-key.pem");
	probe_tls_parse(expired, "10.0.0.1", &t);
	CU_ASSERT_FALSE(t.ready);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.why, "server-cert.pem in /d is expired"));
	probe_tls_parse(untrusted, "10.0.0.1", &t);
	CU_ASSERT_FALSE(t.ready);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.why, "not signed by its ca-cert.pem"));
	probe_tls_parse(name, "10.0.0.2", &t);
	CU_ASSERT_FALSE(t.ready);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.why, "does not name its migration address 10.0.0.2"));
	probe_tls_parse(err, "10.0.0.1", &t);
	CU_ASSERT_FALSE(t.ready);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.why, "qemu.conf cannot be read"));
	probe_tls_parse(nothing, "10.0.0.1", &t);
	CU_ASSERT_FALSE(t.ready);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.why, "could not be told"));
}

static void test_findings(void)
{
	struct fx *f = fx_new();

	/* both set up (the fixture's default): encrypted, said as info */
	fx_run(f);
	FX_HAS(f, "tls.encrypted", FINDING_INFO);
	FX_LACKS(f, "tls.clear");
	/* the target lacks TLS: opportunistic warns, required refuses */
	f->facts.tls_dst = bare;
	fx_run(f);
	FX_HAS(f, "tls.clear", FINDING_WARNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(fx_get(f, "tls.clear")->message, "host 'b' is not set up"));
	f->plan.encrypt = PLAN_ENCRYPT_REQUIRED;
	fx_run(f);
	FX_HAS(f, "tls.required", FINDING_ERROR);
	FX_LACKS(f, "tls.clear");
	CU_ASSERT(f->out.errors >= 1);
	/* disabled: said, not warned */
	f->plan.encrypt = PLAN_ENCRYPT_DISABLED;
	fx_run(f);
	FX_HAS(f, "tls.disabled", FINDING_INFO);
	CU_ASSERT_EQUAL(f->out.warnings, 0);
	/* a cold move goes through SSH: nothing to refuse */
	f->plan.encrypt = PLAN_ENCRYPT_REQUIRED;
	fx_vm(f, "vm1")->state = INV_VM_SHUTOFF;
	fx_run(f);
	FX_LACKS(f, "tls.required");
	FX_HAS(f, "tls.ssh", FINDING_INFO);
	/* a suspended VM's memory crosses live: the rule applies */
	fx_vm(f, "vm1")->state = INV_VM_SUSPENDED;
	fx_run(f);
	FX_HAS(f, "tls.required", FINDING_ERROR);
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "tls_decide: disabled, opportunistic, required, CA mismatch", test_decide },
	{ "probe_tls_parse: ready, missing, expired, untrusted, name, unreadable", test_parse },
	{ "tls.* findings by setting and VM state", test_findings },
	{ NULL, NULL }
};

int test_tls_register(void);
int test_tls_register(void)
{
	return unit_add_suite("tls", tests);
}

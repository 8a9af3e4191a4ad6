/* tests/unit/test_remap.c — suite "remap": the NICs of a definition put on
 * their target networks as one simultaneous map (engine/migration_xml.c),
 * the same table the checks evaluate (plan_net_target). */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../engine/migration_int.h"
#include "../../engine/xmlget.h"

/* A running VM's definition as libvirt gives it for migration: the NICs
 * carry the port and bridge of the network they are on now. */
static const char two_nics[] =
	"<domain type='qemu'>\n"
	"  <name>web</name>\n"
	"  <devices>\n"
	"    <disk type='network' device='disk'><source protocol='nbd' name='x'/></disk>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:00:00:01'/>\n"
	"      <source network='vmnet' portid='5b0b' bridge='vmbr0'/>\n"
	"    </interface>\n"
	"    <interface type='network'>\n"
	"      <mac address='52:54:00:00:00:02'/>\n"
	"      <source network='dmz' portid='77aa' bridge='vmbr1'/>\n"
	"    </interface>\n"
	"    <interface type='bridge'>\n"
	"      <mac address='52:54:00:00:00:03'/>\n"
	"      <source bridge='br0'/>\n"
	"    </interface>\n"
	"  </devices>\n"
	"</domain>\n";

/* The networks of the NICs in XML, in order, "vmnet,dmz,-" ("-" for a NIC
 * on no network), into BUF. */
static const char *nets_of(const char *xml, char *buf, size_t size)
{
	char why[128];
	struct xml_node *root = xml_parse(xml, why, sizeof why);
	const struct xml_node *devs = root ? xml_find(root, "devices") : NULL;
	size_t n = 0;
	int ok = root != NULL;

	buf[0] = '\0';
	for (const struct xml_node *i = devs ? xml_child(devs, "interface") : NULL; i && n < size;
	     i = xml_next_same(i)) {
		const char *net = xml_attr(xml_child(i, "source"), "network");
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "", net ? net : "-");
	}
	xml_free(root);
	return ok ? buf : "(malformed)";
}

/* The remapped networks of TWO_NICS under the mapping FROM[i] -> TO[i]. */
static const char *remapped(const char *const *from, const char *const *to, size_t n, char *buf,
		      size_t size)
{
	struct plan p;

	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL(plan_add_net(&p, from[i], to[i]), 0);
	char *xml = migration_xml_remap_networks(two_nics, &p);

	const char *got = xml ? nets_of(xml, buf, size) : "(null)";

	CU_ASSERT_PTR_NOT_NULL(xml);
	free(xml);
	plan_free(&p);
	return got;
}

static void test_swap(void)
{
	const char *from[] = { "vmnet", "dmz" }, *to[] = { "dmz", "vmnet" };
	char buf[128];

	/* applied one rule after the other, both NICs ended on vmnet */
	CU_ASSERT_STRING_EQUAL(remapped(from, to, 2, buf, sizeof buf), "dmz,vmnet,-");
	/* the order of the rules does not matter */
	const char *from2[] = { "dmz", "vmnet" }, *to2[] = { "vmnet", "dmz" };
	CU_ASSERT_STRING_EQUAL(remapped(from2, to2, 2, buf, sizeof buf), "dmz,vmnet,-");
}

static void test_chain(void)
{
	const char *from[] = { "vmnet", "dmz" }, *to[] = { "dmz", "lan" };
	char buf[128];

	/* vmnet goes to dmz (not on to lan), dmz goes to lan */
	CU_ASSERT_STRING_EQUAL(remapped(from, to, 2, buf, sizeof buf), "dmz,lan,-");
	const char *from2[] = { "dmz", "vmnet" }, *to2[] = { "lan", "dmz" };
	CU_ASSERT_STRING_EQUAL(remapped(from2, to2, 2, buf, sizeof buf), "dmz,lan,-");
}

static void test_not_in_table(void)
{
	const char *from[] = { "dmz" }, *to[] = { "lan" };
	char buf[128];

	CU_ASSERT_STRING_EQUAL(remapped(from, to, 1, buf, sizeof buf), "vmnet,lan,-");

	/* an empty table, or one naming no NIC's network: the text as it was */
	struct plan p;
	memset(&p, 0, sizeof p);
	char *xml = migration_xml_remap_networks(two_nics, &p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_STRING_EQUAL(xml, two_nics);
	free(xml);
	CU_ASSERT_EQUAL(plan_add_net(&p, "other", "lan"), 0);
	xml = migration_xml_remap_networks(two_nics, &p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_STRING_EQUAL(xml, two_nics);
	free(xml);
	plan_free(&p);
}

/* Only the network's name changes: the rest of the element and of the
 * definition stays as it was. */
static void test_rest_kept(void)
{
	struct plan p;

	memset(&p, 0, sizeof p);
	CU_ASSERT_EQUAL(plan_add_net(&p, "vmnet", "dmz"), 0);
	CU_ASSERT_EQUAL(plan_add_net(&p, "dmz", "vmnet"), 0);
	char *xml = migration_xml_remap_networks(two_nics, &p);

	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<source network='dmz' portid='5b0b' bridge='vmbr0'/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<source network='vmnet' portid='77aa' bridge='vmbr1'/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<source bridge='br0'/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<source protocol='nbd' name='x'/>"));
	CU_ASSERT_EQUAL(strlen(xml), strlen(two_nics));
	free(xml);
	plan_free(&p);
}

/* Names with XML's special characters: matched decoded, written escaped,
 * in either kind of quotes. */
static void test_escaped_names(void)
{
	const char *xml_in =
		"<domain><devices>"
		"<interface type='network'><source network='r&amp;d'/></interface>"
		"<interface type='network'><source network=\"a&apos;b\"/></interface>"
		"</devices></domain>";
	struct plan p;
	char buf[128];

	memset(&p, 0, sizeof p);
	CU_ASSERT_EQUAL(plan_add_net(&p, "r&d", "a'b"), 0);
	CU_ASSERT_EQUAL(plan_add_net(&p, "a'b", "<lab>"), 0);
	char *xml = migration_xml_remap_networks(xml_in, &p);

	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_STRING_EQUAL(nets_of(xml, buf, sizeof buf), "a'b,<lab>");
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<source network='a&apos;b'/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<source network=\"&lt;lab&gt;\"/>"));
	free(xml);
	plan_free(&p);
}

/* A network attribute that never closes is refused, not guessed at. */
static void test_malformed(void)
{
	struct plan p;

	memset(&p, 0, sizeof p);
	CU_ASSERT_EQUAL(plan_add_net(&p, "a", "b"), 0);
	CU_ASSERT_PTR_NULL(migration_xml_remap_networks("<x><source network='a/></x>", &p));
	CU_ASSERT_PTR_NULL(migration_xml_remap_networks("<x><source network=a/></x>", &p));
	plan_free(&p);
}

static const struct unit_test tests[] = {
	{ "a=b, b=a swaps the two NICs", test_swap },
	{ "a=b, b=c: a goes to b, b goes to c", test_chain },
	{ "a NIC whose network is not in the table is unchanged", test_not_in_table },
	{ "only the network's name changes", test_rest_kept },
	{ "names with XML's special characters", test_escaped_names },
	{ "an unclosed network attribute is refused", test_malformed },
	{ NULL, NULL }
};

int test_remap_register(void);
int test_remap_register(void)
{
	return unit_add_suite("remap", tests);
}

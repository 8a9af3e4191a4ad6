/* tests/unit/test_migration_xml_path.c — suite "migration_xml_path": the
 * reads of a domain's XML that recover asks (engine/migration_xml.c): does
 * a definition name a path, and which disk has a file.  Read by the XML
 * reader, so a path is never matched as a piece of a longer one, and names
 * with XML's special characters mean what libvirt wrote. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../engine/migration_int.h"

/* A definition as libvirt writes it: a disk with a backing file and a block
 * copy under way, a CD-ROM, an NVRAM template, and a disk whose name needs
 * every escape (&, ', <, >, "). */
static const char dom[] =
	"<domain type='kvm'>\n"
	"  <name>db</name>\n"
	"  <os><nvram template='/usr/share/OVMF/VARS.fd'>/var/lib/nvram/db.fd</nvram></os>\n"
	"  <description>was on '/srv/old/db.qcow2'</description>\n"
	"  <devices>\n"
	"    <disk type='file' device='disk'>\n"
	"      <driver name='qemu' type='qcow2'/>\n"
	"      <source file='/srv/vm/db.qcow2.new'/>\n"
	"      <backingStore type='file'>\n"
	"        <format type='qcow2'/>\n"
	"        <source file='/srv/vm/base.qcow2'/>\n"
	"      </backingStore>\n"
	"      <target dev='vda' bus='virtio'/>\n"
	"    </disk>\n"
	"    <disk type='file' device='disk'>\n"
	"      <driver name='qemu' type='raw'/>\n"
	"      <source file='/srv/vm/db.qcow2'/>\n"
	"      <mirror type='file' file='/srv/new/db.qcow2' format='qcow2' job='copy'>\n"
	"        <format type='qcow2'/>\n"
	"        <source file='/srv/new/db.qcow2'/>\n"
	"      </mirror>\n"
	"      <target dev='vdb' bus='virtio'/>\n"
	"    </disk>\n"
	"    <disk type='file' device='disk'>\n"
	"      <source file='/srv/vm/a&amp;b &apos;c&apos; &lt;d&gt; &quot;e&quot;.img'/>\n"
	"      <target bus='virtio' dev='vdc'/>\n"
	"    </disk>\n"
	"    <disk type='file' device='cdrom'>\n"
	"      <source file='/srv/iso/install.iso'/>\n"
	"      <target dev='sda' bus='sata'/>\n"
	"    </disk>\n"
	"    <disk type='block' device='disk'>\n"
	"      <source dev='/dev/vg0/data'/>\n"
	"      <target dev='vdd' bus='virtio'/>\n"
	"    </disk>\n"
	"  </devices>\n"
	"</domain>\n";

static const char special[] = "/srv/vm/a&b 'c' <d> \"e\".img";

static void test_uses_path(void)
{
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/db.qcow2"), 1);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/db.qcow2.new"), 1);
	/* every place a definition names a file is counted: kept, not removed */
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/base.qcow2"), 1);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/new/db.qcow2"), 1);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/iso/install.iso"), 1);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/dev/vg0/data"), 1);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/usr/share/OVMF/VARS.fd"), 1);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/gone.qcow2"), 0);
}

/* A path that is the start (or the end) of another names nothing. */
static void test_uses_path_prefix(void)
{
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/db"), 0);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/db.qcow"), 0);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/db.qcow2.ne"), 0);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "vm/db.qcow2"), 0);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/a&b"), 0);
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, ""), 0);
	/* text is not an attribute: a description quoting the path names nothing */
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/old/db.qcow2"), 0);
}

static void test_uses_path_special(void)
{
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, special), 1);
	/* the escaped spelling is not the name */
	CU_ASSERT_EQUAL(migration_xml_uses_path(dom, "/srv/vm/a&amp;b &apos;c&apos; "
						      "&lt;d&gt; &quot;e&quot;.img"), 0);
	/* a character reference and double quotes mean the same name */
	CU_ASSERT_EQUAL(migration_xml_uses_path("<domain><devices><disk>"
						"<source file=\"/x/a&#38;b&#39;.img\"/>"
						"</disk></devices></domain>", "/x/a&b'.img"), 1);
}

static void test_uses_path_unreadable(void)
{
	CU_ASSERT_EQUAL(migration_xml_uses_path("<domain><devices>", "/srv/vm/db.qcow2"), -1);
	CU_ASSERT_EQUAL(migration_xml_uses_path("", "/srv/vm/db.qcow2"), -1);
	CU_ASSERT_EQUAL(migration_xml_uses_path("<domain a='/x/y&bad;'/>", "/x/y"), -1);
}

static void test_disk_target(void)
{
	char dev[64];

	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/db.qcow2", dev, sizeof dev), 1);
	CU_ASSERT_STRING_EQUAL(dev, "vdb");
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/db.qcow2.new", dev, sizeof dev), 1);
	CU_ASSERT_STRING_EQUAL(dev, "vda");
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/iso/install.iso", dev, sizeof dev), 1);
	CU_ASSERT_STRING_EQUAL(dev, "sda");
	/* the target's attributes in any order */
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, special, dev, sizeof dev), 1);
	CU_ASSERT_STRING_EQUAL(dev, "vdc");
	/* only a disk's own source file: not a backing file, mirror or device */
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/base.qcow2", dev, sizeof dev), 0);
	CU_ASSERT_STRING_EQUAL(dev, "");
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/new/db.qcow2", dev, sizeof dev), 0);
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/dev/vg0/data", dev, sizeof dev), 0);
}

static void test_disk_target_prefix(void)
{
	char dev[64] = "x";

	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/db", dev, sizeof dev), 0);
	CU_ASSERT_STRING_EQUAL(dev, "");
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/db.qcow", dev, sizeof dev), 0);
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/a&b", dev, sizeof dev), 0);
}

static void test_disk_target_edges(void)
{
	char dev[64], small[4];

	/* no target, or a name that does not fit: not found, never cut short */
	CU_ASSERT_EQUAL(migration_xml_disk_target("<domain><devices><disk>"
						  "<source file='/a.img'/></disk></devices>"
						  "</domain>", "/a.img", dev, sizeof dev), 0);
	CU_ASSERT_EQUAL(migration_xml_disk_target(dom, "/srv/vm/db.qcow2", small, sizeof small),
			1);
	CU_ASSERT_STRING_EQUAL(small, "vdb");
	CU_ASSERT_EQUAL(migration_xml_disk_target("<domain><devices><disk>"
						  "<source file='/a.img'/><target dev='vdaa'/>"
						  "</disk></devices></domain>", "/a.img", small,
						  sizeof small), 0);
	CU_ASSERT_STRING_EQUAL(small, "");
	CU_ASSERT_EQUAL(migration_xml_disk_target("<domain><devices>", "/a.img", dev, sizeof dev),
			-1);
	/* the reader agrees with has_disk_file */
	CU_ASSERT_TRUE(migration_xml_has_disk_file(dom, special));
	CU_ASSERT_FALSE(migration_xml_has_disk_file(dom, "/srv/vm/db"));
}

static const struct unit_test tests[] = {
	{ "uses_path: every attribute that names the path", test_uses_path },
	{ "uses_path: a prefix or suffix of a path names nothing", test_uses_path_prefix },
	{ "uses_path: &, ', <, > and \" escaped in the XML", test_uses_path_special },
	{ "uses_path: unreadable XML cannot tell", test_uses_path_unreadable },
	{ "disk_target: the disk whose own source is the file", test_disk_target },
	{ "disk_target: a prefix of a path is another file", test_disk_target_prefix },
	{ "disk_target: no target, too long, unreadable", test_disk_target_edges },
	{ NULL, NULL }
};

int test_migration_xml_path_register(void);
int test_migration_xml_path_register(void)
{
	return unit_add_suite("migration_xml_path", tests);
}

/* tests/unit/test_xmlget.c — the engine's tiny XML reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../engine/xmlget.h"

static const char caps[] =
	"<?xml version='1.0' encoding='UTF-8'?>\n"
	"<!-- capabilities -->\n"
	"<capabilities>\n"
	"  <host>\n"
	"    <uuid>0f4f1a56-1111-2222-3333-444455556666</uuid>\n"
	"    <cpu>\n"
	"      <arch>x86_64</arch>\n"
	"      <model>EPYC-Rome</model>\n"
	"      <vendor>AMD</vendor>\n"
	"      <feature name='x2apic'/>\n"
	"      <feature name=\"hypervisor\"/>\n"
	"    </cpu>\n"
	"  </host>\n"
	"</capabilities>\n";

static void test_paths(void)
{
	char err[256];
	struct xml_node *root = xml_parse(caps, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	CU_ASSERT_STRING_EQUAL(root->name, "capabilities");

	char *s = xml_get(root, "host/cpu/vendor", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s, "AMD");
	free(s);
	s = xml_get(root, "host/cpu/model", NULL);
	CU_ASSERT_STRING_EQUAL(s, "EPYC-Rome");
	free(s);
	CU_ASSERT_PTR_NULL(xml_get(root, "host/cpu/nothing", NULL));
	CU_ASSERT_PTR_NULL(xml_get(root, "host/cpu", NULL));	/* only white space */
	CU_ASSERT_PTR_NULL(xml_get(root, "host//cpu", NULL));

	const struct xml_node *f = xml_find(root, "host/cpu/feature");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(xml_attr(f, "name"), "x2apic");
	f = xml_next_same(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(xml_attr(f, "name"), "hypervisor");
	CU_ASSERT_PTR_NULL(xml_next_same(f));
	CU_ASSERT_PTR_NULL(xml_attr(f, "other"));
	CU_ASSERT_STRING_EQUAL(f->text, "");
	CU_ASSERT_PTR_EQUAL(xml_find(root, ""), root);
	CU_ASSERT_PTR_EQUAL(xml_find(root, NULL), root);
	xml_free(root);
}

static void test_entities_and_cdata(void)
{
	char err[256];
	const char *doc =
		"<d a='x &amp; &lt;y&gt; &apos;q&apos; &quot;' b=\"it's\" c='&#65;&#x42;&#xe9;&#x1F680;'>"
		"  1 &lt; 2 <![CDATA[<not a tag> & raw]]> end  </d>";
	struct xml_node *root = xml_parse(doc, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	CU_ASSERT_STRING_EQUAL(xml_attr(root, "a"), "x & <y> 'q' \"");
	CU_ASSERT_STRING_EQUAL(xml_attr(root, "b"), "it's");
	CU_ASSERT_STRING_EQUAL(xml_attr(root, "c"), "AB\xc3\xa9\xf0\x9f\x9a\x80");
	char *s = xml_get(root, "", NULL);
	CU_ASSERT_STRING_EQUAL(s, "1 < 2 <not a tag> & raw end");
	free(s);
	s = xml_get(root, NULL, "a");
	CU_ASSERT_STRING_EQUAL(s, "x & <y> 'q' \"");
	free(s);
	xml_free(root);
}

static void test_namespaces_and_numbers(void)
{
	char err[256];
	const char *doc =
		"<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\r\n"
		"<name>\n vm1 \n</name><memory unit='KiB'>524288</memory>"
		"<vcpu>x</vcpu><big>99999999999999999999999</big>"
		"<test:runstate>3</test:runstate></domain>";
	struct xml_node *root = xml_parse(doc, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	char *s = xml_get(root, "name", NULL);
	CU_ASSERT_STRING_EQUAL(s, "vm1");
	free(s);
	CU_ASSERT_EQUAL(xml_get_ull(root, "memory", 0), 524288ULL);
	CU_ASSERT_EQUAL(xml_get_ull(root, "vcpu", 7), 7ULL);
	CU_ASSERT_EQUAL(xml_get_ull(root, "big", 7), 7ULL);
	CU_ASSERT_EQUAL(xml_get_ull(root, "missing", 9), 9ULL);
	CU_ASSERT_EQUAL(xml_get_ull(root, "test:runstate", 0), 3ULL);
	xml_free(root);
}

static void test_malformed(void)
{
	const char *bad[] = {
		"",
		"   ",
		"text only",
		"<a>",
		"<a></b>",
		"<a><b></a></b>",
		"<a x='1' x='2'/>",
		"<a x=1/>",
		"<a x='1\"/>",
		"<a x='<'/>",
		"<a>&bogus;</a>",
		"<a>&#0;</a>",
		"<a>&#xD800;</a>",
		"<a>&#x110000;</a>",
		"<a>&amp</a>",
		"<a/><b/>",
		"<a/>trailing",
		"<a><!-- unterminated </a>",
		"<a><!--></a>",
		"<?></a>",
		"<a><![CDATA[]]</a>",
		"<a><![CDATA[ open </a>",
		"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>",
		"<a x='1'y='2'/>",
		"<1a/>",
		"<a></a   x>",
		NULL
	};
	char err[256];

	for (size_t i = 0; bad[i]; i++) {
		err[0] = '\0';
		struct xml_node *n = xml_parse(bad[i], err, sizeof(err));
		CU_ASSERT_PTR_NULL(n);
		CU_ASSERT(strncmp(err, "XML line ", 9) == 0);
		if (n) {
			fprintf(stderr, "\nxmlget accepted [%s]\n", bad[i]);
			xml_free(n);
		}
	}
	CU_ASSERT_PTR_NULL(xml_parse(NULL, err, sizeof(err)));
	/* the line number points at the problem */
	CU_ASSERT_PTR_NULL(xml_parse("<a>\n<b>\n</c>\n</a>", err, sizeof(err)));
	CU_ASSERT(strncmp(err, "XML line 3:", 11) == 0);
}

static void test_depth_limit(void)
{
	size_t depth = XML_DEPTH_MAX + 10, n = 0;
	char *doc = malloc(depth * 7 + 1);
	char err[256];
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(doc + n, "<a>");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(doc + n, "</a>");
	CU_ASSERT_PTR_NULL(xml_parse(doc, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "deeper"));

	/* exactly at the limit is fine */
	n = 0;
	for (size_t i = 0; i < XML_DEPTH_MAX; i++)
		n += (size_t)sprintf(doc + n, "<a>");
	for (size_t i = 0; i < XML_DEPTH_MAX; i++)
		n += (size_t)sprintf(doc + n, "</a>");
	struct xml_node *root = xml_parse(doc, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(root);
	xml_free(root);
	free(doc);
	xml_free(NULL);
}

static void test_doctype_pi_comments(void)
{
	char err[256];
	const char *doc =
		"\xEF\xBB\xBF<?xml version='1.0'?><!DOCTYPE pool>\n"
		"<pool type='dir'><!-- c --><?pi x?><name>p&#x31;</name>"
		"<target><path>/var/lib/libvirt/images</path></target></pool>\n<!-- after -->\n";
	struct xml_node *root = xml_parse(doc, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	char *s = xml_get(root, "name", NULL);
	CU_ASSERT_STRING_EQUAL(s, "p1");
	free(s);
	s = xml_get(root, "target/path", NULL);
	CU_ASSERT_STRING_EQUAL(s, "/var/lib/libvirt/images");
	free(s);
	s = xml_get(root, NULL, "type");
	CU_ASSERT_STRING_EQUAL(s, "dir");
	free(s);
	xml_free(root);
}

int test_xmlget_register(void);
int test_xmlget_register(void)
{
	static const struct unit_test tests[] = {
		{ "paths, attributes, siblings", test_paths },
		{ "entities, character references, CDATA", test_entities_and_cdata },
		{ "namespaced names and numbers", test_namespaces_and_numbers },
		{ "malformed documents refused", test_malformed },
		{ "nesting depth limit", test_depth_limit },
		{ "BOM, DOCTYPE, PIs, comments", test_doctype_pi_comments },
		{ NULL, NULL }
	};
	return unit_add_suite("xmlget", tests);
}

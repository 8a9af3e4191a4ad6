/* tests/integration/test_uri.c — which URI a host gets, whether it is
 * remote (and so needs the tool's SSH link first), and that a uri which
 * makes libvirt skip its check of the host is refused unless the operator
 * allows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"
#include "../../engine/inventory_int.h"

static char *uri_of(const char *text, const char *host)
{
	struct config cfg;
	char err[CONFIG_ERR_MAX];
	char *uri = NULL;

	if (config_load_string(text, "<test>", &cfg, err, sizeof(err)) < 0) {
		CU_FAIL(err);
		return NULL;
	}
	const struct config_host *h = config_host_find(&cfg, host);
	CU_ASSERT_PTR_NOT_NULL(h);
	if (h)
		uri = inventory_uri_build(&cfg, h);
	config_free(&cfg);
	return uri;
}

static void test_built(void)
{
	char *u;

	u = uri_of("[host b]\n", "b");
	CU_ASSERT_STRING_EQUAL(u, "qemu+ssh://b/system?no_tty=1");
	free(u);

	u = uri_of("[defaults]\nssh_user = root\n[host b]\naddress = 192.0.2.12\n", "b");
	CU_ASSERT_STRING_EQUAL(u, "qemu+ssh://root@192.0.2.12/system?no_tty=1");
	free(u);

	u = uri_of("[defaults]\nssh_port = 2222\n[host b]\nssh_user = admin\n"
		   "ssh_identity = /keys/my key+1\n", "b");
	CU_ASSERT_STRING_EQUAL(u, "qemu+ssh://admin@b:2222/system?no_tty=1"
			       "&keyfile=/keys/my%20key%2B1");
	free(u);

	u = uri_of("[host v6]\naddress = 2001:db8::7\nssh_port = 22\n", "v6");
	CU_ASSERT_STRING_EQUAL(u, "qemu+ssh://[2001:db8::7]:22/system?no_tty=1");
	free(u);

	u = uri_of("[host t]\nuri = test:///some/file.xml\n", "t");
	CU_ASSERT_STRING_EQUAL(u, "test:///some/file.xml");
	free(u);
}

static void test_remote(void)
{
	static const struct {
		const char *uri;
		int remote;
	} cases[] = {
		{ "qemu+ssh://root@b/system?no_tty=1", 1 },
		{ "qemu+libssh://b/system", 1 },
		{ "qemu+tls://b/system", 1 },
		{ "qemu://b/system", 1 },
		{ "qemu+ssh:///system", 1 },
		{ "qemu:///system", 0 },
		{ "qemu:///session", 0 },
		{ "qemu+unix:///system", 0 },
		{ "test:///default", 0 },
		{ "test:///tmp/fixture.xml", 0 },
		{ "qemu://user@/system", 0 },
		{ "garbage", 0 },
		{ NULL, 0 }
	};

	for (size_t i = 0; cases[i].uri; i++)
		CU_ASSERT_EQUAL(inventory_uri_is_remote(cases[i].uri), cases[i].remote);
	CU_ASSERT_EQUAL(inventory_uri_is_remote(NULL), 0);
}

/* Each form that skips or loosens libvirt's check of the host: refused by
 * the loader; with allow_unsafe_uri = yes (host or [defaults]) the host is
 * reached at exactly that uri. */
static void test_unsafe_refused_unless_allowed(void)
{
	static const char *const forms[] = {
		"qemu+tls://b/system?no_verify=1",
		"qemu+ext:///system?command=/usr/bin/nc",
		"qemu+tcp://b/system",
		"qemu+ssh://b/system?command=/tmp/ssh",
		"qemu+libssh://b/system?known_hosts_verify=ignore",
		"qemu+libssh://b/system?known_hosts_verify=auto",
		"qemu+ssh://b/system?known_hosts=/tmp/other",
		NULL
	};
	struct config cfg;
	char err[CONFIG_ERR_MAX], text[512];

	for (size_t i = 0; forms[i]; i++) {
		snprintf(text, sizeof(text), "[host b]\nuri = %s\n", forms[i]);
		CU_ASSERT_EQUAL(config_load_string(text, "<test>", &cfg, err, sizeof(err)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "<test>:2: uri of [host b] "));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "allow_unsafe_uri = yes"));

		snprintf(text, sizeof(text), "[host b]\nuri = %s\nallow_unsafe_uri = yes\n",
			 forms[i]);
		char *u = uri_of(text, "b");
		CU_ASSERT_STRING_EQUAL(u, forms[i]);
		free(u);

		snprintf(text, sizeof(text), "[defaults]\nallow_unsafe_uri = on\n"
			 "[host b]\nuri = %s\n", forms[i]);
		u = uri_of(text, "b");
		CU_ASSERT_STRING_EQUAL(u, forms[i]);
		free(u);
	}
	/* the URIs the tool builds itself are never refused */
	char *u = uri_of("[defaults]\nssh_identity = /k/id\n[host b]\nssh_port = 2\n", "b");
	CU_ASSERT_EQUAL(config_uri_unsafe(u, err, sizeof(err)), 0);
	free(u);
}

static void test_shared_tables(void)
{
	CU_ASSERT_TRUE(inventory_pool_type_shared("netfs"));
	CU_ASSERT_TRUE(inventory_pool_type_shared("rbd"));
	CU_ASSERT_TRUE(inventory_pool_type_shared("gluster"));
	CU_ASSERT_TRUE(inventory_pool_type_shared("iscsi"));
	CU_ASSERT_FALSE(inventory_pool_type_shared("dir"));
	CU_ASSERT_FALSE(inventory_pool_type_shared("logical"));
	CU_ASSERT_FALSE(inventory_pool_type_shared(NULL));
	CU_ASSERT_TRUE(inventory_pool_fstype_shared("fuse.glusterfs"));
	CU_ASSERT_TRUE(inventory_pool_fstype_shared("nfs4"));
	CU_ASSERT_TRUE(inventory_pool_fstype_shared("ocfs2"));
	CU_ASSERT_TRUE(inventory_pool_fstype_shared("gfs2"));
	CU_ASSERT_TRUE(inventory_pool_fstype_shared("ceph"));
	CU_ASSERT_FALSE(inventory_pool_fstype_shared("ext4"));
	CU_ASSERT_FALSE(inventory_pool_fstype_shared("fuse"));
	CU_ASSERT_FALSE(inventory_pool_fstype_shared("fuseblk"));
	CU_ASSERT_FALSE(inventory_pool_fstype_shared(""));
}

int test_uri_register(void)
{
	static const struct itest tests[] = {
		{ "URI built from the SSH settings", test_built },
		{ "remote and local URIs told apart", test_remote },
		{ "unsafe URIs refused unless allowed", test_unsafe_refused_unless_allowed },
		{ "shared pool types and file systems", test_shared_tables },
		{ NULL, NULL }
	};
	return itest_add_suite("uri", NULL, NULL, tests);
}

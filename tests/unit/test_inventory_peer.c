/* tests/unit/test_inventory_peer.c — suite "inventory_peer": how the hosts
 * reach each other (engine/inventory_peer.c).  A name only the operator's
 * ~/.ssh/config knows never reaches the hosts; what the config says wins. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"
#include "../../engine/migration_int.h"

static void load(struct config *cfg, const char *text)
{
	char err[CONFIG_ERR_MAX];

	CU_ASSERT_EQUAL_FATAL(config_load_string(text, "peer", cfg, err, sizeof err), 0);
}

static void test_alias_resolved(void)
{
	struct config cfg;
	struct inventory_peer p;

	load(&cfg, "[host kvm-b]\n");
	struct inv_host h = { .cfg = &cfg.hosts[0] };

	/* not read yet: its name */
	inventory_peer_ssh(&cfg, &h, &p);
	CU_ASSERT_STRING_EQUAL(p.host, "kvm-b");
	CU_ASSERT_PTR_NULL(p.user);
	CU_ASSERT_EQUAL(p.port, 0);
	CU_ASSERT_STRING_EQUAL(inventory_peer_data_address(&h), "kvm-b");

	/* read through ~/.ssh/config: Host kvm-b / HostName b / Port 2200 / User ops */
	h.ssh_host = (char *)"b";
	h.ssh_user = (char *)"ops";
	h.ssh_port = 2200;
	inventory_peer_ssh(&cfg, &h, &p);
	CU_ASSERT_STRING_EQUAL(p.host, "b");
	CU_ASSERT_STRING_EQUAL(p.user, "ops");
	CU_ASSERT_EQUAL(p.port, 2200);
	CU_ASSERT_STRING_EQUAL(inventory_peer_data_address(&h), "b");

	/* port 22 is ssh's own: not written */
	h.ssh_port = 22;
	inventory_peer_ssh(&cfg, &h, &p);
	CU_ASSERT_EQUAL(p.port, 0);
	config_free(&cfg);
}

static void test_config_wins(void)
{
	struct config cfg;
	struct inventory_peer p;

	load(&cfg, "[defaults]\nssh_user = admin\n"
		   "[host b]\naddress = 10.0.0.2\nssh_port = 2022\nmigration_address = 10.1.0.2\n");
	struct inv_host h = { .cfg = &cfg.hosts[0], .ssh_host = (char *)"elsewhere",
			      .ssh_user = (char *)"ops", .ssh_port = 2200 };

	inventory_peer_ssh(&cfg, &h, &p);
	CU_ASSERT_STRING_EQUAL(p.host, "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(p.user, "admin");
	CU_ASSERT_EQUAL(p.port, 2022);
	CU_ASSERT_STRING_EQUAL(inventory_peer_data_address(&h), "10.1.0.2");
	config_free(&cfg);

	/* an address from the uri is the config's word too */
	load(&cfg, "[host c]\nuri = qemu+ssh://root@10.0.0.3:2223/system\n");
	struct inv_host u = { .cfg = &cfg.hosts[0], .ssh_host = (char *)"elsewhere" };
	inventory_peer_ssh(&cfg, &u, &p);
	CU_ASSERT_STRING_EQUAL(p.host, "10.0.0.3");
	CU_ASSERT_STRING_EQUAL(p.user, "root");
	CU_ASSERT_EQUAL(p.port, 2223);
	CU_ASSERT_STRING_EQUAL(inventory_peer_data_address(&u), "10.0.0.3");
	config_free(&cfg);
}

static void test_dest_uri(void)
{
	struct config cfg;

	load(&cfg, "[host kvm-b]\n");
	struct inv_host h = { .cfg = &cfg.hosts[0], .ssh_host = (char *)"b",
			      .ssh_user = (char *)"root", .ssh_port = 2200 };
	char *uri = migration_dest_uri(&cfg, &h);
	char *data = migration_data_uri(&h);

	CU_ASSERT_STRING_EQUAL(uri, "qemu+ssh://root@b:2200/system?no_tty=1");
	CU_ASSERT_STRING_EQUAL(data, "tcp://b");
	free(uri);
	free(data);
	config_free(&cfg);
}

static const struct unit_test tests[] = {
	{ "an ~/.ssh/config alias: the resolved host, user and port", test_alias_resolved },
	{ "address, user, port, migration_address and uri of the config win", test_config_wins },
	{ "the target URI and data URI of a live move use them", test_dest_uri },
	{ NULL, NULL }
};

int test_inventory_peer_register(void);
int test_inventory_peer_register(void)
{
	return unit_add_suite("inventory_peer", tests);
}

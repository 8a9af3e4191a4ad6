/* tests/unit/test_vm_error_hostile.c — suite "vm_error_hostile": names read
 * from hosts reach messages; control characters in them never reach the
 * terminal (engine/vm_error.c), and the rest of the name is kept as it is. */
#include <string.h>

#include "unit.h"
#include "../../engine/engine.h"

static void test_control_characters(void)
{
	struct vm_error e;
	const char *vm = "vm \"q\" $(touch /tmp/x) `id` \xc3\xa9\t\x1b]0;owned\x07\nend";

	vm_error_set(&e, "VM '%s' is not on host 'b'.", vm);
	CU_ASSERT_STRING_EQUAL(e.message, "VM 'vm \"q\" $(touch /tmp/x) `id` \xc3\xa9 ?]0;owned? end' "
			       "is not on host 'b'.");
	vm_error_hint(&e, "Check '%s'\r\x7f.", vm);
	CU_ASSERT_PTR_NULL(strchr(e.hint, '\x1b'));
	CU_ASSERT_PTR_NULL(strchr(e.hint, '\n'));
	CU_ASSERT_PTR_NULL(strchr(e.hint, '\x7f'));
	CU_ASSERT_PTR_NOT_NULL(strstr(e.hint, "\xc3\xa9"));
	for (const char *c = e.message; *c; c++)
		CU_ASSERT((unsigned char)*c >= ' ' && *c != 0x7f);
}

int test_vm_error_hostile_register(void);
int test_vm_error_hostile_register(void)
{
	static const struct unit_test tests[] = {
		{ "control characters in messages", test_control_characters },
		{ NULL, NULL }
	};

	return unit_add_suite("vm_error_hostile", tests);
}

/* tests/unit/test_vm_error.c — the engine's error struct. */
#include <string.h>

#include "unit.h"
#include "../../engine/engine.h"

static void test_set_and_hint(void)
{
	struct vm_error e;

	vm_error_clear(&e);
	CU_ASSERT_STRING_EQUAL(e.message, "");
	CU_ASSERT_STRING_EQUAL(e.hint, "");
	vm_error_set(&e, "Host '%s' (%s port %d) is unreachable.", "b", "192.0.2.12", 22);
	CU_ASSERT_STRING_EQUAL(e.message, "Host 'b' (192.0.2.12 port 22) is unreachable.");
	vm_error_hint(&e, "Check that sshd runs on %s.", "b");
	CU_ASSERT_STRING_EQUAL(e.hint, "Check that sshd runs on b.");
	/* a new message drops the old hint */
	vm_error_set(&e, "Other.");
	CU_ASSERT_STRING_EQUAL(e.hint, "");
	vm_error_clear(&e);
	CU_ASSERT_STRING_EQUAL(e.message, "");

	/* NULL is accepted everywhere */
	vm_error_clear(NULL);
	vm_error_set(NULL, "x %d", 1);
	vm_error_hint(NULL, "y");
}

static void test_wrap_own_message(void)
{
	struct vm_error e;

	vm_error_set(&e, "connection refused");
	vm_error_set(&e, "Host 'b': %s.", e.message);
	CU_ASSERT_STRING_EQUAL(e.message, "Host 'b': connection refused.");
	vm_error_hint(&e, "first");
	vm_error_hint(&e, "%s, then second", e.hint);
	CU_ASSERT_STRING_EQUAL(e.hint, "first, then second");
}

static void test_truncation(void)
{
	struct vm_error e;
	char long_text[2000];

	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	vm_error_set(&e, "%s", long_text);
	CU_ASSERT_EQUAL(strlen(e.message), sizeof(e.message) - 1);
	CU_ASSERT_STRING_EQUAL(e.message + sizeof(e.message) - 4, "...");
	vm_error_hint(&e, "%s", long_text);
	CU_ASSERT_EQUAL(strlen(e.hint), sizeof(e.hint) - 1);
	CU_ASSERT_STRING_EQUAL(e.hint + sizeof(e.hint) - 4, "...");

	/* a cut never splits a UTF-8 character: "é" is 2 bytes */
	char accents[1200] = "";
	for (size_t i = 0; i < 590; i++)
		strcat(accents, "\xc3\xa9");
	vm_error_set(&e, "a%s", accents);	/* odd offset: a cut would split */
	size_t n = strlen(e.message);
	CU_ASSERT(n < sizeof(e.message));
	CU_ASSERT_STRING_EQUAL(e.message + n - 3, "...");
	/* before the "...": whole characters only */
	CU_ASSERT_EQUAL((n - 3 - 1) % 2, 0);
	CU_ASSERT((unsigned char)e.message[n - 4] == 0xa9);
}

int test_vm_error_register(void);
int test_vm_error_register(void)
{
	static const struct unit_test tests[] = {
		{ "message and hint", test_set_and_hint },
		{ "wrapping its own message", test_wrap_own_message },
		{ "truncation", test_truncation },
		{ NULL, NULL }
	};
	return unit_add_suite("vm_error", tests);
}

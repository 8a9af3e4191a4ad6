/* tests/unit/unit_state.c — a suite's own state directory (unit_state.h). */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "unit_state.h"

void unit_state_make(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "/tmp/%s-XXXXXX", tag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(buf));
	setenv("XDG_STATE_HOME", buf, 1);
}

void unit_state_remove(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	unsetenv("XDG_STATE_HOME");
}

/* tests/unit/unit_state.h — a state directory of a suite's own: a fresh
 * directory under /tmp made $XDG_STATE_HOME, and its removal. */
#ifndef VIRT_MIGRATE_UNIT_STATE_H
#define VIRT_MIGRATE_UNIT_STATE_H

#include <stddef.h>

/* Make /tmp/TAG-XXXXXX into BUF (LEN bytes) and set XDG_STATE_HOME to it;
 * a failure ends the test (fatal assertion). */
void unit_state_make(char *buf, size_t len, const char *tag);
/* Remove DIR and all it holds; unset XDG_STATE_HOME. */
void unit_state_remove(const char *dir);

#endif

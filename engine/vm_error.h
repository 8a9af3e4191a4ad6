/* engine/vm_error.h — errors (engine/vm_error.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_VM_ERROR_H
#define VIRT_MIGRATE_VM_ERROR_H

/* ---- errors (engine/vm_error.c) ---------------------------------------- */

struct vm_error {
	char message[512];	/* "Host 'b': connection refused." */
	char hint[256];		/* "Check that sshd runs on b and ..." or "" */
};

/* All three accept a NULL err.  vm_error_set() replaces the message and
 * clears the hint (its arguments may point into err itself); a message too
 * long for the buffer is cut on a character boundary and ends with "...". */
void vm_error_clear(struct vm_error *err);
void vm_error_set(struct vm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vm_error_hint(struct vm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

/* engine/answers.h — answers files: migrations saved by the wizard ("save
 * answers") or by `move --save-answers`, replayed by `replay`.  The format
 * (INI, one [migration NAME] section per migration) is in virt-migrate.conf(5).
 * Never holds a secret: keys and passwords stay with ssh. */
#ifndef VIRT_MIGRATE_ANSWERS_H
#define VIRT_MIGRATE_ANSWERS_H

#include <stddef.h>

#include "engine.h"

struct answers {
	struct plan *plans;	/* one per section, in file order */
	char **names;		/* each section's NAME */
	unsigned *lines;	/* the line of each section's header */
	size_t count;
	char *recorded;		/* the header comment's "recorded ..." text, or NULL */
};

/* Read PATH into OUT.  On any error returns -1 with err naming the file,
 * the line and the key, and the fix; OUT is then empty. */
int answers_load(const char *path, struct answers *out, struct vm_error *err);
void answers_free(struct answers *a);

/* Write N plans to PATH (mode 0600, never through a symlink planted in its
 * place, replaced atomically), preceded by a comment header saying when,
 * by which version, and from where (ORIGIN, e.g. "hosts a, b, c"; may be
 * NULL).  What answers_load() reads back is the same plans, exactly. */
int answers_save(const char *path, const struct plan *plans, size_t n, const char *origin,
		 struct vm_error *err);

/* ---- shared by the reader (answers.c, answers_file.c) and the writer
 * (answers_save.c); not for the front ends ---------------------------------- */

#define ANSWERS_MAX_BYTES	(1024 * 1024)	/* a larger file is no answers file */
#define ANSWERS_RECORDED_PREFIX	"# recorded "	/* the header line the writer puts
						 * and the reader keeps in .recorded */

/* 1 when S can stand in an answers file as a name and read back as itself:
 * printable, no blanks at either end, none of the bytes in FORBIDDEN. */
int answers_valid_word(const char *s, const char *forbidden);
/* The whole file PATH, NUL-terminated, malloc'd into *TEXT (*SIZE bytes):
 * only a regular file, not through a symbolic link, not blocking on a FIFO,
 * owned as config_check_file_owner() wants, at most ANSWERS_MAX_BYTES.
 * 0, or -1 with ERR naming PATH and the fix. */
int answers_read_text(const char *path, char **text, size_t *size, struct vm_error *err);

#endif

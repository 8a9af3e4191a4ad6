/* tests/unit/unit_tmpdir.h — a scratch directory of a suite's own under
 * /tmp, made by the suite's init and removed by its clean
 * (tests/unit/unit_tmpdir.c). */
#ifndef VIRT_MIGRATE_UNIT_TMPDIR_H
#define VIRT_MIGRATE_UNIT_TMPDIR_H

struct unit_tmpdir {
	char path[64];
};

/* Make /tmp/TAG-XXXXXX into D: 0, or -1 (for a CUnit suite's init). */
int unit_tmpdir_make(struct unit_tmpdir *d, const char *tag);
/* Remove D and all it holds: 0, or -1 (for a suite's clean). */
int unit_tmpdir_remove(const struct unit_tmpdir *d);
/* D's path joined with NAME, in a buffer of its own (overwritten by the
 * next call). */
const char *unit_tmpdir_file(const struct unit_tmpdir *d, const char *name);

#endif

/* engine/journal_int.h — writing the journal and taking the per-VM lock,
 * for migration_run() and the executors; not for ui/ or src/. */
#ifndef VIRT_MIGRATE_JOURNAL_INT_H
#define VIRT_MIGRATE_JOURNAL_INT_H

#include "engine.h"

struct journal;
struct vm_lock;

/* Take the lock of the VM with UUID (named VM in messages) without
 * waiting: -1 with err naming the process that holds it. */
int lock_vm_take(const char *uuid, const char *vm, struct vm_lock **out, struct vm_error *err);
void lock_vm_release(struct vm_lock *l);

/* 1 when a journal for UUID is left in the state directory. */
int journal_pending(const char *uuid);
/* Create STATE/journal/UUID.journal (it must not exist) with the header
 * lines of HEAD (vm, uuid, kind, live, source, target, delete_source, and
 * its srcdisks), synced; it becomes the calling thread's journal, which
 * journal_note() writes to.  0, or -1 with err. */
int journal_begin(const struct journal_entry *head, struct journal **out, struct vm_error *err);
/* One step on the calling thread's journal (nothing when it has none):
 * STEP and up to three fields (NULL ends them), escaped, one line, synced. */
void journal_note(const char *step, const char *a, const char *b, const char *c);
/* "volume TARGET POOL PATH": a volume just made on the migration's target. */
void journal_note_volume(const char *pool, const char *path);
/* Write "end OUTCOME"; remove the file unless KEEP; forget it. */
void journal_finish(struct journal *j, const char *outcome, int keep);

/* Around an executor in migration_run() (engine/journal_run.c): take the
 * VM's lock, refuse when a journal of an earlier run is left, write the
 * journal's header.  -1 with m->res->error set: nothing was started. */
struct mctx;
int journal_run_begin(struct mctx *m, struct vm_lock **lk, struct journal **jn);
/* End the journal with the outcome (kept when FAILED), release the lock. */
void journal_run_end(struct mctx *m, struct vm_lock *lk, struct journal *jn);

/* ---- internal to engine/journal*.c ------------------------------------- */

#define JOURNAL_MAGIC "virt-migrate journal 1"	/* its first line */
#define JOURNAL_MAX (1024 * 1024)		/* a larger one is not read */

/* What the reader could not read: the line (0 for the file as a whole) and
 * a phrase saying what was wrong with it. */
struct journal_bad {
	int line;
	char what[200];
};
/* Fill B (LINE, and WHAT from FMT); returns -1. */
int journal_bad_at(struct journal_bad *b, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The journal file PATH into E (E->file set).  0, or -1 with B. */
int journal_parse_file(const char *path, struct journal_entry *e, struct journal_bad *b);
/* DIR/SUB, created 0700 when missing (CREATE); it must be a real directory
 * of this user.  NULL with err set, or with err clear when it is missing
 * and not to be made. */
char *journal_subdir(const char *dir, const char *sub, int create, struct vm_error *err);

#endif

/* engine/journal.h — the journal, the per-VM lock, recover (engine/journal.c, lock.c, recover.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_JOURNAL_H
#define VIRT_MIGRATE_JOURNAL_H

#include <stddef.h>

#include "vm_error.h"

/* ---- the journal, the per-VM lock, recover (engine/journal.c, lock.c, recover.c) ----
 *
 * Every migration_run() takes a lock on the VM (an flock on
 * STATE/locks/UUID.lock, STATE being $XDG_STATE_HOME/virt-migrate or
 * ~/.local/state/virt-migrate) and keeps a journal of its steps in
 * STATE/journal/UUID.journal: one line per step, written and synced before
 * the step's effect can matter.  A migration that ends (done, rolled back,
 * cancelled) removes its journal; one that ends FAILED, or whose tool was
 * killed, leaves it for recover_entry().  Directories are 0700, files 0600,
 * opened with O_NOFOLLOW. */

/* The state directory (malloc'd), or NULL when neither XDG_STATE_HOME nor
 * HOME is an absolute path. */
char *journal_state_dir(void);

struct journal_vol {
	char *host;		/* where it is */
	char *pool;		/* "" when unknown */
	char *path;
};

struct journal_entry {
	char *file;		/* the journal file it was read from, or NULL */
	char *vm, *uuid;
	char *kind;		/* "compute", "storage", "both" */
	int live;		/* the VM ran when the migration started */
	char *source, *target;	/* host names; target == source for storage-only */
	int delete_source;	/* the plan asked for --delete-source */
	long long started;	/* seconds since the epoch */
	long pid;		/* of the tool that ran it */
	struct journal_vol *vols;	/* volumes it created (on the target) */
	size_t nvols;
	struct journal_vol *srcdisks;	/* the source disks it moved */
	size_t nsrcdisks;
	int defined_target;	/* step "defined" seen */
	int undefined_source;	/* step "undefined" seen */
	char *end;		/* the outcome name, or NULL: unfinished */
};

/* Parse the text of one journal into E (zeroed first).  Strict: -1 with
 * err naming the line and what could not be read (not a journal, no
 * header, unknown record, bad field or escape, no newline at the end). */
int journal_parse(const char *text, struct journal_entry *e, struct vm_error *err);
/* One field as the journal writes it: bytes below '!', '%' and 0x7f as %XX.
 * malloc'd.  journal_unescape() undoes it in place; -1 on a bad escape. */
char *journal_escape(const char *s);
int journal_unescape(char *s);
void journal_entry_free(struct journal_entry *e);
/* Every journal under DIR (NULL: the state directory) that was left
 * behind: *out gets a malloc'd array (free each with journal_entry_free,
 * then the array).  When one journal cannot be read, none is returned:
 * -1 with err "FILE:LINE: what" and a hint.  0, or -1 with err. */
int journal_list(const char *dir, struct journal_entry **out, size_t *n, struct vm_error *err);
/* Remove the journal file of E. 0 or -1. */
int journal_remove(const struct journal_entry *e);

#endif

/* ui/wizard.h — the wizard: the Migrate dialog, step by step, in a terminal. */
#ifndef VIRT_MIGRATE_WIZARD_H
#define VIRT_MIGRATE_WIZARD_H

#include <stdatomic.h>

#include "../engine/engine.h"

struct wizard_options {
	const char *theme;	/* --theme, else the config's, else "default" */
	const char *vm;		/* start with this VM chosen, or NULL */
	const char *log_path;	/* where stderr goes while the screen is up, or NULL */
	unsigned max_downtime_ms, max_time_s, bandwidth_mibs;	/* 0: defaults */
	enum plan_encrypt encrypt;	/* the Encrypted vMotion choice to start with */
	/* the parallel streams and compression to start with (0, UNSET: the
	 * config's defaults, as the model starts) */
	unsigned connections;
	enum plan_compress compress;
	/* Where the caller's handler records SIGINT, SIGTERM or SIGHUP (installed
	 * before wizard_run), or NULL.  Such a signal, or ^C typed, cancels a
	 * running migration with rollback and then leaves; before one, it leaves
	 * at once (WIZARD_EXIT_CANCELLED).  After SIGHUP nothing more is drawn.
	 * A lock-free atomic: the handler and a thread store to it. */
	const atomic_int *caught;
};

/* Exit status of the wizard (virt-migrate(1), EXIT STATUS). */
enum wizard_exit {
	WIZARD_EXIT_DONE = 0,
	WIZARD_EXIT_ERROR = 1,
	WIZARD_EXIT_ROLLED_BACK = 3,
	WIZARD_EXIT_CANCELLED = 4,	/* cancelled, or left before Finish */
};

/* Run the wizard on the terminal over INV; after the screen is gone,
 * prints the result (or why it could not start) on stdout / stderr. */
int wizard_run(struct inventory *inv, const struct config *cfg, const struct wizard_options *o);
/* 0 when this terminal can show the wizard; else -1 with WHY. */
int wizard_terminal_ok(char *why, size_t len);

#endif

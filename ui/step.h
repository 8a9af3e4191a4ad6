/* ui/step.h — the wizard's steps: the state each one keeps between
 * repaints, the functions of each (ui/step_NAME.c) and the calls through
 * the step table (ui/step.c).
 *
 * A step keeps nothing at file scope: its state is a member of struct ui
 * (ui->steps), zeroed when the wizard starts, and the table hands it to
 * every function of the step as STATE. */
#ifndef VIRT_MIGRATE_STEP_H
#define VIRT_MIGRATE_STEP_H

#include <stddef.h>

#include "radio.h"
#include "ui_list.h"
#include "wizard_model.h"

struct ui;

/* What a step's key function did with a key. */
enum step_key_result {
	STEP_KEY_PASS,		/* not handled: the wizard's keys apply */
	STEP_KEY_HANDLED,
};

/* ---- the state of each step ------------------------------------------- */

struct step_vm_row;		/* step_vm.c */

struct step_vm_state {
	struct step_vm_row *rows;	/* host headings and VMs, as built for the query */
	struct ui_list list;
	size_t nvm;			/* VM rows in rows[], counted once per build */
	char query[128], built_filter[128];
	int editing, built;
};

struct step_kind_state {
	struct radio kinds;
};

struct step_host_state {
	size_t *rows;			/* the host indexes shown, as built for the query */
	struct ui_list list;
	char query[128], built_filter[128];
	int editing, built;
	size_t built_src;		/* the VM's host rows[] was built for */
};

enum step_storage_field {
	STEP_STORAGE_DATASTORE, STEP_STORAGE_FORMAT, STEP_STORAGE_PER_DISK, STEP_STORAGE_DISKS,
	STEP_STORAGE_FIELDS
};

struct step_storage_state {
	enum step_storage_field field;	/* where Tab has put the focus */
	struct ui_list pools, disks;
};

struct step_network_state {
	struct ui_list list;
};

/* A one-row list of the priority step (streams, compression): its choices
 * side by side, and the row it was drawn on last (a click there focuses it). */
#define STEP_PRIORITY_ROW_MAX 8
struct step_priority_row {
	int count, cursor;
	int y;
};

enum step_priority_group {
	STEP_PRIORITY_PRIORITY, STEP_PRIORITY_ENCRYPT, STEP_PRIORITY_STREAMS,
	STEP_PRIORITY_COMPRESS, STEP_PRIORITY_GROUPS
};

struct step_priority_state {
	struct radio priority, encrypt;
	struct step_priority_row streams, compress;
	unsigned streams_offered[STEP_PRIORITY_ROW_MAX];	/* 1, 2, 4, 8 (and the model's) */
	int has_priority;		/* the priority group is shown */
	int has_streams;		/* the streams and compression rows are shown */
	enum step_priority_group focus;	/* the group with the focus */
};

struct step_ready_state {
	char saved_path[1024];		/* the answers file, as last typed */
};

struct step_states {
	struct step_vm_state vm;
	struct step_kind_state kind;
	struct step_host_state host;
	struct step_storage_state storage;
	struct step_network_state network;
	struct step_priority_state priority;
	struct step_ready_state ready;
};

/* ---- calls through the step table (step.c) ---------------------------- */

/* Step S is shown (again). */
void step_enter(struct ui *ui, enum wizard_step s);
/* The current step, in the content area. */
void step_draw(struct ui *ui, int top, int rows, int cols);
enum step_key_result step_key(struct ui *ui, int ch);
/* Before Next: the current step may fill the model from its cursor. */
void step_commit(struct ui *ui);
/* S's help lines, NULL-terminated. */
const char *const *step_help(enum wizard_step s);
/* 1 when '/' filters S's list. */
int step_filters(enum wizard_step s);
/* Free what the steps hold (the wizard's end). */
void step_free(struct ui *ui);

/* ---- each step's entry (the bottom of ui/step_NAME.c) ----------------- */

/* Each function takes the step's own STATE (struct step_NAME_state). */
struct step {
	void (*enter)(struct ui *ui, void *state);	/* shown (again); may be NULL */
	void (*draw)(struct ui *ui, void *state, int top, int rows, int cols);
	enum step_key_result (*key)(struct ui *ui, void *state, int ch);
	/* Called before Next; may fill the model from the cursor; may be NULL. */
	void (*commit)(struct ui *ui, void *state);
	void (*free)(void *state);	/* what the state holds; may be NULL */
	const char *const *help;	/* lines, NULL-terminated */
	int filter;			/* '/' filters this step's list */
};

extern const struct step step_vm, step_kind, step_host, step_storage, step_network,
	step_priority, step_ready;

#endif

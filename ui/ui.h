/* ui/ui.h — what the wizard's screens share: the model, the running
 * background checks, the message line, and the step table entry. */
#ifndef VIRT_MIGRATE_UI_H
#define VIRT_MIGRATE_UI_H

#include "screen.h"
#include "wizard_model.h"

struct hostcheck;

struct ui {
	struct wizard_model model;
	struct inventory *inv;
	const struct config *cfg;
	enum wizard_step step;
	char message[1024];		/* the message line, or "" */
	enum theme_role message_role;
	struct hostcheck *checks;	/* the checks running for the model's VM and kind */
	struct hostcheck *measure;	/* one host checked again with its link measured */
	int measured;			/* ... and its verdict is in, for host: */
	size_t measured_host;
	struct hostcheck **old_checks;	/* abandoned ones, joined before the end */
	size_t nold_checks;
	size_t checks_src, checks_vm;	/* what ui->checks was started for */
	enum plan_kind checks_kind;
	size_t checks_wanted, checks_done;	/* hosts they are for; verdicts in (O(1) to show) */
	const char *log_path;
	void (*draw_screen)(struct ui *ui);	/* the progress screen, when it is up */
	void *screen_data;
	int quit;			/* leave the wizard */
	int rc;				/* exit status */
};

/* What a step's key function did with a key. */
enum ui_key_result {
	UI_KEY_PASS,		/* not handled: the wizard's keys apply */
	UI_KEY_HANDLED,
};

/* Rows of the content area: from UI_TOP to screen_rows() - UI_BOTTOM. */
#define UI_TOP 3
#define UI_BOTTOM 2

struct step {
	enum wizard_step id;
	void (*enter)(struct ui *ui);		/* shown (again); may be NULL */
	void (*draw)(struct ui *ui, int top, int rows, int cols);
	enum ui_key_result (*key)(struct ui *ui, int ch);
	/* Called before Next; may fill the model from the cursor; may be NULL. */
	void (*commit)(struct ui *ui);
	const char *const *help;		/* lines, NULL-terminated */
	int filter;				/* '/' filters this step's list */
};

void ui_message(struct ui *ui, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Make sure the verdicts the current step needs are being computed; take
 * the ones that are ready into the model (wizard.c).  Returns 1 when some
 * verdict arrived. */
int ui_checks_poll(struct ui *ui);
void ui_checks_start(struct ui *ui);
/* Check host H again for the model's plan, measuring the data path's
 * throughput to it (check --measure-link); its verdict replaces the old one
 * when it arrives.  0, or -1 when there is no plan to check. */
int ui_measure_start(struct ui *ui, size_t h);
/* Stop and wait for every background check. */
void ui_checks_end(struct ui *ui);
/* The step table entry of S. */
const struct step *ui_step(enum wizard_step s);

/* A yes/no question in a dialog; 1 for yes. */
int ui_confirm(struct ui *ui, const char *question);
/* Edit BUF (LEN bytes) on the message line after LABEL; 1 when accepted. */
int ui_prompt(struct ui *ui, const char *label, char *buf, size_t len);
/* The title bar (row 0). */
void ui_draw_title(struct ui *ui);
/* Redraw everything (the wizard's frame and the current step). */
void ui_redraw(struct ui *ui);

/* The filter line of the current step: 1 when it handled CH. */
int ui_filter_key(struct ui *ui, int ch, char *filter, size_t len, int *editing);

/* A list of COUNT rows of which only the visible ones are drawn. */
struct ui_list {
	size_t count, top, cursor;
	int y0, shown;		/* where it was drawn last: first row, rows (clicks) */
};
/* Say where the list's visible rows were drawn: a click (SCREEN_CLICK or
 * SCREEN_DCLICK from screen_key) on one of them moves the cursor there. */
void ui_list_place(struct ui_list *l, int y0, int shown);
/* Choices drawn as two-line items every 3 rows from row Y0 (the type and
 * priority steps): when *CH is a click (SCREEN_CLICK or SCREEN_DCLICK) on
 * one of the COUNT, *CURSOR becomes it and *CH a Space (a click chooses). */
void ui_choice_click(int *ch, int y0, int count, int *cursor);
/* Keep the cursor visible in ROWS rows; move it by keys (arrows, j/k,
 * PgUp/PgDn, Home/End): 1 when CH was a movement key. */
void ui_list_fit(struct ui_list *l, int rows);
int ui_list_key(struct ui_list *l, int ch, int rows);
/* 0-based: the rows to draw are l->top .. l->top + rows - 1 (< count). */

extern const struct step step_vm, step_kind, step_host, step_storage, step_network,
	step_priority, step_ready;

#endif

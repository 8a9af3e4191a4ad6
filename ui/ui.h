/* ui/ui.h — what the wizard's screens share: the model, the state of each
 * step, the running background checks and the message line. */
#ifndef VIRT_MIGRATE_UI_H
#define VIRT_MIGRATE_UI_H

#include "screen.h"
#include "step.h"
#include "wizard_model.h"

struct dirtysample;
struct hostcheck;

struct ui {
	struct wizard_model model;
	struct inventory *inv;
	const struct config *cfg;
	enum wizard_step step;
	struct step_states steps;	/* what each step keeps between repaints */
	char message[1024];		/* the message line, or "" */
	enum theme_role message_role;
	struct hostcheck *checks;	/* the checks running for the model's VM and kind */
	struct hostcheck *measure;	/* one host checked again with its link measured */
	int measured;			/* ... and its verdict is in, for host: */
	size_t measured_host;
	struct hostcheck **old_checks;	/* abandoned ones, joined before the end */
	size_t nold_checks;
	size_t checks_src, checks_vm;	/* what ui->checks was started for */
	unsigned checks_gen;		/* ... the model's vms_gen then */
	enum plan_kind checks_kind;
	size_t checks_wanted, checks_done;	/* hosts they are for; verdicts in (O(1) to show) */
	struct dirtysample *sampling;	/* the dirty rates for the model's sample */
	struct dirtysample **old_samplings;	/* abandoned ones, joined before the end */
	size_t nold_samplings;
	const char *log_path;
	void (*draw_screen)(struct ui *ui);	/* the progress screen, when it is up */
	void *screen_data;
	int quit;			/* leave the wizard */
	int rc;				/* exit status */
};

/* Rows of the content area: from UI_TOP to screen_rows() - UI_BOTTOM. */
#define UI_TOP 3
#define UI_BOTTOM 2

void ui_message(struct ui *ui, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Make sure the verdicts the current step needs are being computed; take
 * the ones that are ready into the model (wizard.c).  Returns 1 when some
 * verdict arrived. */
int ui_checks_poll(struct ui *ui);
void ui_checks_start(struct ui *ui);
/* 1 when ui->checks are for the model's VMs and kind as they are now. */
int ui_checks_current(const struct ui *ui);
/* Check host H again for the model's plan, measuring the data path's
 * throughput to it (check --measure-link); its verdict replaces the old one
 * when it arrives.  0, or -1 when there is no plan to check. */
int ui_measure_start(struct ui *ui, size_t h);
/* Stop and wait for every background check (the samples too). */
void ui_checks_end(struct ui *ui);

/* The dirty rates of the move's live VMs for the forecast, sampled in the
 * background (ui_sample.c, ui/dirtysample.c) unless a sample for the move
 * as it is now is under way or in (Ready to complete starts it). */
void ui_sample_start(struct ui *ui);
/* Take the sample into the model when it is in: 1 when it arrived.  Never
 * waits. */
int ui_sample_poll(struct ui *ui);
/* Wait for every sampler (at most its period and a few seconds), free. */
void ui_sample_end(struct ui *ui);

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

/* Finding F from row Y: its severity at column X, its message and hint
 * wrapped from column TEXT_X to the edge, above row END (ui_finding.c).
 * Returns the rows it took. */
int ui_finding_draw(int y, int x, int text_x, int cols, int end, const struct finding *f);
/* The rows ui_finding_draw() takes for F when nothing stops it. */
int ui_finding_rows(int cols, int text_x, const struct finding *f);

#endif

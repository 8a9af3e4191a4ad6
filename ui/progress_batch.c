/* ui/progress_batch.c — the Progress screen for several VMs: the engine's
 * batch runner (migration_batch_run(), parallel within the hosts' limits)
 * in a worker thread, one row per VM with its phase, bar and bytes, the
 * events of all of them, then each one's result.  Cancel asks first, ^C
 * does not: the token cancels the batch (running moves roll back, waiting
 * ones never start). */
#include <curses.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

struct batch_run {
	struct inventory *inv;
	const struct config *cfg;
	const struct plan *plans;
	size_t n;
	struct migration_cancel cancel;
	pthread_mutex_t lock;
	struct progress_last *rows;	/* [n] */
	struct progress_events ev;	/* of every VM */
	int done;
	int cancel_asked;
	struct migration_result *res;	/* [n], filled when done */
};

static void on_progress(size_t index, const struct migration_progress *p, void *user)
{
	struct batch_run *r = user;
	if (index >= r->n)
		return;
	pthread_mutex_lock(&r->lock);
	progress_note(&r->rows[index], &r->ev, p, r->plans[index].vm);
	pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
	struct batch_run *r = arg;
	struct migration_result *res = calloc(r->n, sizeof(*res));
	if (res)
		migration_batch_run(r->inv, r->plans, r->n, 1, r->cfg, on_progress, r, &r->cancel,
				    res);
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->n; i++) {
		if (res) {
			r->res[i] = res[i];
		} else {
			r->res[i].outcome = MIGRATION_NOT_STARTED;
			vm_error_set(&r->res[i].error, "Not started: out of memory.");
		}
	}
	r->done = 1;
	pthread_mutex_unlock(&r->lock);
	free(res);
	return NULL;
}

/* VM I's row at Y: name, phase (or outcome), bar, bytes sent of all, the
 * time left ("~12 s": an estimate; "none": dirtied as fast as sent). */
static void draw_row(struct batch_run *r, size_t i, int y, int cols)
{
	const struct progress_last *row = &r->rows[i];
	const struct migration_progress *g = &row->g;
	const struct migration_result *res = r->done ? &r->res[i] : NULL;
	char b1[32], b2[32], eta[32];
	double frac = row->have && g->total ? (double)(g->total - g->remaining) / (double)g->total
		      : 0;
	if (res && res->outcome == MIGRATION_DONE)
		frac = 1;
	frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
	enum theme_role role = !res ? THEME_normal : res->outcome == MIGRATION_DONE ? THEME_ok
			       : res->outcome == MIGRATION_FAILED ? THEME_error : THEME_warning;
	screen_put(y, 1, 18, THEME_normal, 1, r->plans[i].vm);
	screen_put(y, 20, 12, role, 1, res ? migration_outcome_name(res->outcome)
		   : row->have ? migration_phase_name(g->phase) : "waiting");
	int bw = cols - 70;	/* the bytes and the time left after it: 27 columns and a margin */
	if (bw < 10)
		bw = 10;
	int fill = (int)(frac * bw);
	screen_put(y, 33, 1, THEME_normal, 0, "[");
	screen_fill(y, 34, fill, THEME_bar);
	if (bw - fill > 0)
		screen_fill(y, 34 + fill, bw - fill, THEME_normal);
	screen_putf(y, 34 + bw, 6, THEME_normal, 0, "] %3d%%", (int)(frac * 100));
	if (row->have && g->eta_s >= 0 && !res)	/* "~": an estimate */
		snprintf(eta, sizeof(eta), "~%.0f s", g->eta_s);
	else if (row->have && !res && g->eta_why == MIGRATION_ETA_DIRTY_OUTRUNS)
		snprintf(eta, sizeof(eta), "none");	/* dirtied as fast as sent */
	else
		snprintf(eta, sizeof(eta), "-");
	screen_putf(y, 41 + bw, cols - 42 - bw, THEME_normal, 0, "%9s/%-9s %s",
		    engine_bytes(g->processed, b1, sizeof(b1)), engine_bytes(g->total, b2, sizeof(b2)),
		    eta);
}

/* When done: each VM's result, a line each (the reason wrapped), from Y. */
static int draw_results(struct batch_run *r, int y, int rows, int cols)
{
	size_t moved = 0;
	for (size_t i = 0; i < r->n; i++)
		moved += r->res[i].outcome == MIGRATION_DONE;
	screen_putf(y++, 1, cols - 2, moved == r->n ? THEME_ok : THEME_warning, 0,
		    "%zu of %zu VMs moved.", moved, r->n);
	for (size_t i = 0; i < r->n && y < rows - 3; i++) {
		const struct migration_result *res = &r->res[i];
		char line[1024];
		if (res->outcome == MIGRATION_DONE)
			snprintf(line, sizeof(line), "Done: %s.", res->where);
		else
			snprintf(line, sizeof(line), "%s: %s%s%s", migration_outcome_name(res->outcome),
				 res->error.message, res->where[0] ? " Now: " : "", res->where);
		int room = (rows - 4 - y) / (int)(r->n - i);	/* the rows left, shared */
		y += screen_wrap(y, 3, cols - 4, res->outcome == MIGRATION_DONE ? THEME_normal
				 : THEME_warning, room < 2 ? 2 : room > 5 ? 5 : room, line);
	}
	screen_put(y + 1 < rows - 2 ? y + 1 : rows - 3, 1, cols - 2, THEME_dim, 0,
		   "Press Enter or q to leave.");
	return y;
}

static void draw(struct ui *ui)
{
	struct batch_run *r = ui->screen_data;
	const struct wizard_model *m = &ui->model;
	const struct inv_host *src = wizard_model_src(m);
	int cols = screen_cols(), rows = screen_rows();

	ui_draw_title(ui);
	pthread_mutex_lock(&r->lock);
	screen_putf(1, 1, cols - 2, THEME_heading, 0, "Progress: %zu VMs, %s -> %s, %s", r->n,
		    src->cfg->name, r->plans[0].target ? r->plans[0].target : src->cfg->name,
		    plan_kind_title(r->plans[0].kind));
	int y = 3;
	screen_fill(y, 0, cols, THEME_heading);
	screen_put(y, 1, 18, THEME_heading, 1, "VM");
	screen_put(y++, 20, 12, THEME_heading, 1, "PHASE");
	for (size_t i = 0; i < r->n && y < rows - 4; i++)
		draw_row(r, i, y++, cols);
	/* the latest bar that went back, and why */
	const struct progress_last *back = NULL;
	size_t back_i = 0;
	for (size_t i = 0; i < r->n && !r->done; i++)
		if (r->rows[i].regress[0] && (!back || r->rows[i].regress_s > back->regress_s)) {
			back = &r->rows[i];
			back_i = i;
		}
	if (back && y < rows - 4)
		screen_putf(y++, 1, cols - 2, THEME_dim, 0, "%s at %.1f s %s", r->plans[back_i].vm,
			    back->regress_s, back->regress);
	y++;
	if (r->done) {
		draw_results(r, y, rows, cols);
	} else {
		screen_put(y++, 1, cols - 2, THEME_heading, 0, "Events");
		int room = rows - 2 - y;
		size_t first = r->ev.n > (size_t)(room > 0 ? room : 0) ? r->ev.n - (size_t)room : 0;
		for (size_t i = first; i < r->ev.n && room > 0; i++)
			screen_put(y++, 3, cols - 4, THEME_normal, 0, r->ev.line[i]);
		if (r->cancel_asked)
			screen_put(rows - 2, 1, cols - 2, THEME_warning, 0, "Cancelling: the running "
				   "migrations are being aborted and rolled back...");
	}
	int done = r->done;
	pthread_mutex_unlock(&r->lock);
	struct screen_key keys[] = { { "F1", "Help" }, { done ? "Enter" : "F9", done ? "Quit"
							 : "Cancel" } };
	screen_keybar(keys, 2);
}

static void help(struct ui *ui)
{
	static const char *const lines[] = {
		"The migrations run as a batch: several at once within the hosts' limits (vMotions "
		"per host by link speed, disk copies per host and datastore), High priority first; "
		"a row per VM shows its phase, bar, bytes and the time left (\"~\": an estimate from "
		"the bytes sent against the bytes dirtied a second; \"none\": they are dirtied as "
		"fast as sent), then its result.  Under the rows: the latest bar that went back, "
		"and why (a new pass re-sends the pages dirtied meanwhile).",
		"F9, q or Esc: Cancel (asks first): running migrations are aborted and rolled back, "
		"waiting ones are not started.  A failure stops the batch the same way.",
		"^C (or SIGTERM, SIGHUP): Cancel at once; the wizard leaves when rolled back.",
		NULL,
	};
	progress_help(ui, lines);
}

static void cancel(struct batch_run *r, const char *why)
{
	if (r->cancel_asked)
		return;
	r->cancel_asked = 1;
	r->cancel.requested = 1;
	engine_log("wizard: %s: cancelling the batch of %zu VMs", why, r->n);
}

void progress_batch_run(struct ui *ui, const struct plan *plans, size_t n,
			struct migration_result *res)
{
	struct batch_run r;
	pthread_t t;
	memset(&r, 0, sizeof(r));
	r.inv = ui->inv;
	r.cfg = ui->cfg;
	r.plans = plans;
	r.n = n;
	r.res = res;
	r.rows = calloc(n ? n : 1, sizeof(*r.rows));
	pthread_mutex_init(&r.lock, NULL);
	memset(res, 0, n * sizeof(*res));
	engine_log("wizard: starting the migrations of %zu VMs (%s) to %s, in parallel", n,
		   plan_kind_name(plans[0].kind), plans[0].target ? plans[0].target : "-");
	if (!r.rows || pthread_create(&t, NULL, worker, &r) != 0) {
		for (size_t i = 0; i < n; i++) {
			res[i].outcome = MIGRATION_NOT_STARTED;
			vm_error_set(&res[i].error, "Cannot start the migration thread.");
		}
		free(r.rows);
		pthread_mutex_destroy(&r.lock);
		return;
	}
	ui->draw_screen = draw;
	ui->screen_data = &r;
	ui->message[0] = '\0';
	for (;;) {
		if (screen_interrupted()) {
			char why[64];
			snprintf(why, sizeof(why), "interrupted (signal %d)", screen_interrupted());
			cancel(&r, why);
			if (screen_hangup())
				break;	/* no terminal: wait for the rollback, drawing nothing */
		}
		ui_redraw(ui);
		int ch;
		if (screen_interrupted()) {	/* keys are no longer read */
			napms(SCREEN_KEY_MS);
			ch = SCREEN_INTERRUPT;
		} else {
			ch = screen_key();
		}
		pthread_mutex_lock(&r.lock);
		int done = r.done;
		pthread_mutex_unlock(&r.lock);
		enum progress_key act = progress_key_action(ch, done, r.cancel_asked);
		if (act == PROGRESS_KEY_LEAVE)
			break;
		if (act == PROGRESS_KEY_HELP)
			help(ui);
		if (act == PROGRESS_KEY_CANCEL) {
			char q[256];
			snprintf(q, sizeof(q), "Cancel the migrations? Running ones roll back; the VMs "
				 "not moved stay on %s.", wizard_model_src(&ui->model)->cfg->name);
			if (ui_confirm(ui, q))
				cancel(&r, "cancel asked");
		}
	}
	pthread_join(t, NULL);
	pthread_mutex_destroy(&r.lock);
	free(r.rows);
	ui->draw_screen = NULL;
	ui->screen_data = NULL;
}

/* ui/progress.c — the Progress screen.  migration_run() blocks, so it runs
 * in a worker thread; its progress callback copies each snapshot under a
 * lock and the screen shows the latest one five times a second.  Cancel
 * asks first, then sets the cancel token: the engine aborts and rolls back. */
#include <curses.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "progress.h"

struct run {
	struct inventory *inv;
	const struct plan *plan;
	const struct config *cfg;
	struct migration_cancel cancel;
	pthread_mutex_t lock;
	struct progress_last last;
	struct progress_events ev;
	int done;
	int cancel_asked;
	struct migration_result res;
};

void progress_note(struct progress_last *last, struct progress_events *ev,
		   const struct migration_progress *p, const char *vm)
{
	if (p->total || p->mem_total || p->disk_total || !last->have) {
		last->g = *p;	/* the figures; the last ones that had any stay */
		last->g.event = NULL;
	}
	if (p->total) {	/* the bar went back: why, until it goes back again */
		unsigned pct = progress_figures_percent(p);
		progress_figures_latch_add(&last->latch, p);
		if (progress_figures_latch_text(&last->latch, pct, last->regress,
						sizeof(last->regress)))
			last->regress_s = p->elapsed_s;
		progress_figures_latch_shown(&last->latch, pct);
	}
	last->g.phase = p->phase;
	last->g.elapsed_s = p->elapsed_s;
	last->have = 1;
	if (!p->event)
		return;
	if (ev->n == PROGRESS_EVENTS) {
		memmove(ev->line[0], ev->line[1], sizeof(ev->line[0]) * (PROGRESS_EVENTS - 1));
		ev->n--;
	}
	char *line = ev->line[ev->n++];
	if (vm)
		snprintf(line, sizeof(ev->line[0]), "[%6.1fs] %-12.12s %-10s %s", p->elapsed_s, vm,
			 migration_phase_name(p->phase), p->event);
	else
		snprintf(line, sizeof(ev->line[0]), "[%6.1fs] %-10s %s", p->elapsed_s,
			 migration_phase_name(p->phase), p->event);
}

static void on_progress(const struct migration_progress *p, void *user)
{
	struct run *r = user;
	pthread_mutex_lock(&r->lock);
	progress_note(&r->last, &r->ev, p, NULL);
	pthread_mutex_unlock(&r->lock);
}

static void *worker(void *arg)
{
	struct run *r = arg;
	struct migration_result res;
	memset(&res, 0, sizeof(res));
	migration_run(r->inv, r->plan, r->cfg, on_progress, r, &r->cancel, &res);
	pthread_mutex_lock(&r->lock);
	r->res = res;
	r->done = 1;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* FMT... wrapped at (*Y, X) on at most MAXROWS rows, above the last two
 * rows of the screen; *Y goes past it. */
static void wrapf(int *y, int x, int w, enum theme_role role, int maxrows, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void wrapf(int *y, int x, int w, enum theme_role role, int maxrows, const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	int room = screen_rows() - 3 - *y;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (room < 1)
		room = 1;
	*y += screen_wrap(*y, x, w, role, maxrows < room ? maxrows : room, text);
}

static void draw_result(struct run *r, int y, int cols)
{
	const struct migration_result *res = &r->res;
	char b[32];
	if (res->outcome == MIGRATION_DONE) {
		screen_putf(y++, 1, cols - 2, THEME_ok, 0, "Done: %s.", res->where);
		screen_putf(y++, 3, cols - 4, THEME_normal, 0, "Time %.1f s, %s moved, %llu "
			    "pass%s.", res->total_s, engine_bytes(res->data_bytes, b, sizeof(b)),
			    res->iterations, res->iterations == 1 ? "" : "es");
		if (res->downtime_ms >= 0)
			screen_putf(y++, 3, cols - 4, THEME_normal, 0, "Downtime achieved: %lld ms.",
				    res->downtime_ms);
	} else {
		/* wrapped, not cut: the reason is what the operator acts on */
		wrapf(&y, 1, cols - 2, res->outcome == MIGRATION_FAILED ? THEME_error
		      : THEME_warning, 5, "%s: %s",
		      res->outcome == MIGRATION_CANCELLED ? "Cancelled"
		      : res->outcome == MIGRATION_ROLLED_BACK ? "Rolled back" : "Failed",
		      res->error.message);
		if (res->error.hint[0])
			wrapf(&y, 3, cols - 4, THEME_dim, 3, "hint: %s", res->error.hint);
		if (res->where[0])
			wrapf(&y, 3, cols - 4, THEME_normal, 2, "Now: %s.", res->where);
	}
	if (res->cleaned[0])
		wrapf(&y, 3, cols - 4, THEME_normal, 2, "Cleaned: %s.", res->cleaned);
	screen_put(y + 1, 1, cols - 2, THEME_dim, 0, "Press Enter or q to leave.");
}

static void draw(struct ui *ui)
{
	struct run *r = ui->screen_data;
	const struct plan *p = r->plan;
	const struct inv_host *src = wizard_model_src(&ui->model);
	int cols = screen_cols(), rows = screen_rows();
	char b1[32], b2[32], b3[32], b4[32], eta[48];

	ui_draw_title(ui);
	pthread_mutex_lock(&r->lock);
	struct migration_progress g = r->last.g;
	int have = r->last.have, done = r->done;
	if (done && g.total == 0 && r->res.data_bytes) {	/* ended between two polls */
		g.total = g.processed = r->res.data_bytes;
		g.remaining = 0;
	}
	screen_putf(1, 1, cols - 2, THEME_heading, 0, "Progress: VM '%s', %s -> %s, %s", p->vm,
		    src->cfg->name, p->target ? p->target : src->cfg->name,
		    plan_kind_move_name(p->kind, wizard_model_live(&ui->model)));
	int y = 3;
	screen_putf(y++, 1, cols - 2, THEME_normal, 0, "Phase: %-12s Elapsed: %6.1f s    ETA: %s",
		    have ? migration_phase_name(g.phase) : "starting", g.elapsed_s,
		    have && !done ? progress_eta(&g, eta, sizeof(eta)) : "-");
	double frac = have && g.total ? (double)(g.total - g.remaining) / (double)g.total : 0;
	if (done && r->res.outcome == MIGRATION_DONE)
		frac = 1;
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	int bw = cols - 10;
	int fill = (int)(frac * bw);
	screen_put(y, 1, 1, THEME_normal, 0, "[");
	screen_fill(y, 2, fill, THEME_bar);
	if (bw - fill > 0)
		screen_fill(y, 2 + fill, bw - fill, THEME_normal);
	screen_putf(y++, 2 + bw, 7, THEME_normal, 0, "] %3d%%", (int)(frac * 100));
	screen_putf(y++, 1, cols - 2, THEME_normal, 0, "Transferred: %s of %s, %s left   Rate: %s/s",
		    engine_bytes(g.processed, b1, sizeof(b1)), engine_bytes(g.total, b2, sizeof(b2)),
		    engine_bytes(g.remaining, b3, sizeof(b3)),
		    engine_bytes((unsigned long long)g.rate_bps, b4, sizeof(b4)));
	if (g.mem_total)
		screen_putf(y++, 1, cols - 2, THEME_normal, 0, "Memory: %s of %s   Dirty rate: "
			    "%llu pages/s   Iteration: %llu",
			    engine_bytes(g.mem_processed, b1, sizeof(b1)),
			    engine_bytes(g.mem_total, b2, sizeof(b2)), g.dirty_rate, g.iteration);
	if (g.mem_total && (g.phase == MIGRATION_PHASE_MEMORY ||
			    g.phase == MIGRATION_PHASE_SWITCHOVER))
		/* the two rates in one unit: what decides whether it converges */
		screen_putf(y++, 1, cols - 2, THEME_normal, 0, "Dirtied: %s/s against %s/s sent%s",
			    engine_bytes((unsigned long long)g.dirty_bps, b1, sizeof(b1)),
			    engine_bytes((unsigned long long)g.rate_bps, b2, sizeof(b2)),
			    g.eta_s < 0 && g.eta_why == MIGRATION_ETA_DIRTY_OUTRUNS
			    ? ": it does not converge by itself" : "");
	if (r->last.regress[0])
		screen_putf(y++, 1, cols - 2, THEME_dim, 0, "At %.1f s %s", r->last.regress_s,
			    r->last.regress);
	if (g.disk_total)
		screen_putf(y++, 1, cols - 2, THEME_normal, 0, "Disks: %s of %s",
			    engine_bytes(g.disk_processed, b1, sizeof(b1)),
			    engine_bytes(g.disk_total, b2, sizeof(b2)));
	y++;
	screen_put(y++, 1, cols - 2, THEME_heading, 0, "Events");
	int room = rows - 2 - y - (done ? 7 : 0);
	size_t first = r->ev.n > (size_t)(room > 0 ? room : 0) ? r->ev.n - (size_t)room : 0;
	for (size_t i = first; i < r->ev.n && room > 0; i++)
		screen_put(y++, 3, cols - 4, THEME_normal, 0, r->ev.line[i]);
	if (done)
		draw_result(r, rows - 9 > y ? y + 1 : rows - 9, cols);
	else if (r->cancel_asked)
		screen_put(rows - 2, 1, cols - 2, THEME_warning, 0,
			   "Cancelling: the migration is being aborted and rolled back...");
	pthread_mutex_unlock(&r->lock);
	struct screen_key keys[] = { { "F1", "Help" }, { done ? "Enter" : "F9", done ? "Quit"
							 : "Cancel" } };
	screen_keybar(keys, 2);
}

const char *progress_eta(const struct migration_progress *g, char *buf, size_t len)
{
	char d[32];

	if (g->eta_s >= 0)
		snprintf(buf, len, "%s (estimate)", engine_duration(g->eta_s, d, sizeof(d)));
	else if (g->eta_why == MIGRATION_ETA_DIRTY_OUTRUNS)
		snprintf(buf, len, "none (dirtied as fast as sent)");
	else
		snprintf(buf, len, "none yet (nothing sent)");
	return buf;
}

void progress_help(struct ui *ui, const char *const *lines)
{
	const char *const *const groups[] = { lines, NULL };
	ui_redraw(ui);
	screen_help("Help: Progress", groups);
	screen_refresh();
	int ch;
	do	/* any key closes it; so does an interrupt */
		ch = screen_key();
	while (ch == ERR || ch == KEY_RESIZE);
}

static void help(struct ui *ui)
{
	static const char *const lines[] = {
		"The migration runs; this screen shows its phase, the bytes moved, the rate, for "
		"live moves the dirty-page rate and the precopy pass, the bytes dirtied a second "
		"against the bytes sent, an estimate of the time left from them (none while the "
		"dirtying keeps up), why the bar went back (a new pass re-sends the pages dirtied "
		"meanwhile), and each event (escalations: downtime raised, auto-converge, "
		"post-copy).",
		"F9, q or Esc: Cancel (asks first): the migration is aborted and rolled back; the "
		"VM stays on its source host.  When it ends: Enter leaves.",
		"^C (or SIGTERM, SIGHUP): Cancel at once; the wizard leaves when rolled back.",
		NULL,
	};
	progress_help(ui, lines);
}

/* ^C, SIGINT, SIGTERM or SIGHUP: cancel with rollback, as 'move' does, and
 * without a question; the wizard leaves when the migration has ended. */
static void interrupt(struct run *r)
{
	if (r->cancel_asked)
		return;
	r->cancel_asked = 1;
	r->cancel.requested = 1;
	engine_log("wizard: interrupted (signal %d): cancelling the migration of VM '%s'",
		   screen_interrupted(), r->plan->vm);
}

/* The next key; once interrupted, keys are no longer read: only a pause
 * between two repaints of the rollback's progress. */
static int next_key(void)
{
	if (!screen_interrupted())
		return screen_key();
	napms(SCREEN_KEY_MS);
	return SCREEN_INTERRUPT;
}

enum progress_key progress_key_action(int ch, int done, int asked)
{
	if (ch == SCREEN_INTERRUPT)
		return done ? PROGRESS_KEY_LEAVE : PROGRESS_KEY_NONE;
	if (ch == '?' || ch == KEY_F(1))
		return PROGRESS_KEY_HELP;
	if (done)
		return ch == '\r' || ch == '\n' || ch == KEY_ENTER || ch == 'q' || ch == KEY_F(10) ||
		       ch == 27 || ch == KEY_F(9) ? PROGRESS_KEY_LEAVE : PROGRESS_KEY_NONE;
	return (ch == 'q' || ch == KEY_F(9) || ch == 27) && !asked ? PROGRESS_KEY_CANCEL
								    : PROGRESS_KEY_NONE;
}

void progress_run(struct ui *ui, const struct plan *plan, struct migration_result *res)
{
	struct run r;
	pthread_t t;
	memset(&r, 0, sizeof(r));
	r.inv = ui->inv;
	r.plan = plan;
	r.cfg = ui->cfg;
	pthread_mutex_init(&r.lock, NULL);
	ui->draw_screen = draw;
	ui->screen_data = &r;
	ui->message[0] = '\0';
	engine_log("wizard: starting the migration of VM '%s' (%s) to %s", plan->vm,
		   plan_kind_name(plan->kind), plan->target ? plan->target : "-");
	if (pthread_create(&t, NULL, worker, &r) != 0) {
		memset(res, 0, sizeof(*res));
		res->outcome = MIGRATION_FAILED;
		vm_error_set(&res->error, "Cannot start the migration thread.");
		ui->draw_screen = NULL;
		return;
	}
	for (;;) {
		if (screen_interrupted()) {
			interrupt(&r);
			if (screen_hangup())
				break;	/* no terminal: wait for the rollback, drawing nothing */
		}
		ui_redraw(ui);
		int ch = next_key();
		pthread_mutex_lock(&r.lock);
		int done = r.done;
		pthread_mutex_unlock(&r.lock);
		enum progress_key act = progress_key_action(ch, done, r.cancel_asked);
		if (act == PROGRESS_KEY_LEAVE)
			break;	/* after an interrupt: the cancel has run, leave with its result */
		if (act == PROGRESS_KEY_HELP)
			help(ui);
		if (act == PROGRESS_KEY_CANCEL) {
			char q[256];
			snprintf(q, sizeof(q), "Cancel the migration? VM '%s' stays on %s.", plan->vm,
				 wizard_model_src(&ui->model)->cfg->name);
			if (ui_confirm(ui, q)) {
				r.cancel_asked = 1;
				r.cancel.requested = 1;
				engine_log("wizard: cancel asked for VM '%s'", plan->vm);
			}
		}
	}
	pthread_join(t, NULL);
	*res = r.res;
	pthread_mutex_destroy(&r.lock);
	ui->draw_screen = NULL;
	ui->screen_data = NULL;
}

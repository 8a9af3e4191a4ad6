/* ui/wizard.c — the wizard's loop: keys to steps, Next / Back / Finish /
 * Cancel, help, resize; stderr goes to the log while curses owns the
 * terminal. */
#include <curses.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../engine/forecast.h"
#include "datadir.h"
#include "progress.h"
#include "wizard.h"

/* The most verdict arrivals repaint: once per this many milliseconds; also
 * how often the loop looks for them while no key comes. */
#define VERDICT_PAINT_MS 100

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void help(struct ui *ui)
{
	static const char *const global[] = {
		"Enter or F6: Next     Esc or F5: Back     F10: Finish     q or F9: Cancel",
		"Tab / Shift-Tab: next / previous field    ? or F1: this help",
		"Up/Down, j/k, PgUp/PgDn, Home/End: move in lists    Space: choose / toggle",
		NULL,
	};
	static const char *const none[] = { NULL };
	const char *const *lines = step_help(ui->step);
	const char *const *const groups[] = { lines ? lines : none, global, NULL };
	for (;;) {
		ui_redraw(ui);
		if (!screen_too_small()) {
			char title[96];
			snprintf(title, sizeof(title), "Help: %s", wizard_model_step_title(ui->step));
			screen_help(title, groups);
			screen_refresh();
		}
		int ch = screen_key();
		if (ch != ERR && ch != KEY_RESIZE)
			return;
	}
}

static void go(struct ui *ui, enum wizard_step s)
{
	if (s >= WIZARD_STEP_COUNT)
		return;
	ui->step = s;
	step_enter(ui, s);
}

/* Commit the current step; 1 when it is valid (else the message says why). */
static int commit(struct ui *ui)
{
	char why[512];
	ui->message[0] = '\0';
	step_commit(ui);
	if (wizard_model_step_valid(&ui->model, ui->step, why, sizeof(why)))
		return 1;
	if (!ui->message[0])
		ui_message(ui, THEME_error, "%s", why);
	return 0;
}

/* The forecasts Ready to complete showed, into the N plans (VM K's into
 * PLANS[K]) for the history; JSON[K] holds each, freed by
 * forecasts_free() after the moves. */
static void forecasts_attach(const struct wizard_model *m, struct plan *plans, size_t n,
			     char **json)
{
	for (size_t k = 0; k < n; k++) {
		struct forecast f;
		wizard_model_forecast(m, k, &f);
		json[k] = forecast_json_record(&f);
		plans[k].forecast_json = json[k];
	}
}

static void forecasts_free(struct plan *plans, size_t n, char **json)
{
	for (size_t k = 0; k < n; k++) {
		plans[k].forecast_json = NULL;
		free(json[k]);
	}
}

/* Finish for several VMs: their plans run as a batch; the exit status and
 * the lines printed after the screen say how each one ended. */
static void finish_vms(struct ui *ui)
{
	struct plan *plans;
	size_t n, moved = 0, cancelled = 0;
	if (screen_interrupted() || wizard_model_vms_plans(&ui->model, &plans, &n) != 0)
		return;	/* interrupted: the loop leaves, nothing started */
	struct migration_result *res = calloc(n, sizeof(*res));
	char **json = calloc(n, sizeof(*json));
	if (!res || !json) {
		free(res);
		free(json);
		wizard_model_vms_plans_free(plans, n);
		ui_message(ui, THEME_error, "Out of memory: nothing was started.");
		return;
	}
	forecasts_attach(&ui->model, plans, n, json);
	ui_checks_end(ui);	/* no probe runs beside the migrations */
	progress_batch_run(ui, plans, n, res);
	forecasts_free(plans, n, json);
	free(json);
	for (size_t i = 0; i < n; i++) {
		moved += res[i].outcome == MIGRATION_DONE;
		cancelled += res[i].outcome == MIGRATION_CANCELLED ||
			     res[i].outcome == MIGRATION_NOT_STARTED;
	}
	ui->rc = moved == n ? WIZARD_EXIT_DONE
		 : moved + cancelled == n ? WIZARD_EXIT_CANCELLED : WIZARD_EXIT_ROLLED_BACK;
	size_t len = (size_t)snprintf(ui->message, sizeof(ui->message), "%s: %zu of %zu VMs moved.",
				      moved == n ? "done" : "not all done", moved, n);
	for (size_t i = 0; i < n && len < sizeof(ui->message); i++)
		len += (size_t)(res[i].outcome == MIGRATION_DONE
			? snprintf(ui->message + len, sizeof(ui->message) - len,
				   "\n%s: done: %s; %.1f s, downtime %lld ms.", plans[i].vm,
				   res[i].where, res[i].total_s, res[i].downtime_ms)
			: snprintf(ui->message + len, sizeof(ui->message) - len, "\n%s: %s: %s%s%s",
				   plans[i].vm, migration_outcome_name(res[i].outcome),
				   res[i].error.message, res[i].cleaned[0] ? " Removed: " : "",
				   res[i].cleaned));
	free(res);
	wizard_model_vms_plans_free(plans, n);
	ui->quit = 2;	/* leave, printing the message */
}

static void finish(struct ui *ui)
{
	char why[512];
	struct plan plan;
	struct migration_result res;

	if (!commit(ui))
		return;
	for (int s = 0; s < WIZARD_STEP_COUNT; s++) {
		if (!wizard_model_step_applies(&ui->model, (enum wizard_step)s))
			continue;
		if (!wizard_model_step_valid(&ui->model, (enum wizard_step)s, why, sizeof(why))) {
			go(ui, (enum wizard_step)s);
			ui_message(ui, THEME_error, "%s", why);
			return;
		}
	}
	if (ui->step != WIZARD_STEP_READY) {	/* the summary first, always */
		go(ui, WIZARD_STEP_READY);
		ui_message(ui, THEME_normal, "Every choice is made: F10 or Enter starts the "
			   "migration.");
		return;
	}
	if (ui->model.nvms > 1) {
		finish_vms(ui);
		return;
	}
	if (screen_interrupted() || wizard_model_plan(&ui->model, &plan) != 0)
		return;	/* interrupted: the loop leaves, nothing started */
	char *json = NULL;
	forecasts_attach(&ui->model, &plan, 1, &json);
	ui_checks_end(ui);	/* no probe runs beside the migration */
	progress_run(ui, &plan, &res);
	forecasts_free(&plan, 1, &json);
	ui->rc = res.outcome == MIGRATION_DONE ? WIZARD_EXIT_DONE
		 : res.outcome == MIGRATION_CANCELLED ? WIZARD_EXIT_CANCELLED
		 : WIZARD_EXIT_ROLLED_BACK;
	if (res.outcome == MIGRATION_DONE)
		snprintf(ui->message, sizeof(ui->message), "done: %s; %.1f s, downtime %lld ms.",
			 res.where, res.total_s, res.downtime_ms);
	else
		snprintf(ui->message, sizeof(ui->message), "%s: %s%s%s",
			 migration_outcome_name(res.outcome), res.error.message,
			 res.cleaned[0] ? " Removed: " : "", res.cleaned);
	plan_free(&plan);
	ui->quit = 2;	/* leave, printing the message */
}

static void cancel(struct ui *ui)
{
	if ((!wizard_model_vm(&ui->model) && !ui->model.nmarks) ||
	    ui_confirm(ui, "Leave the wizard? Nothing was done; the choices made are lost.")) {
		ui->quit = 1;
		ui->rc = WIZARD_EXIT_CANCELLED;
	}
}

/* ^C, SIGINT, SIGTERM or SIGHUP outside a migration: leave at once. */
static void interrupted(struct ui *ui)
{
	engine_log("wizard: interrupted (signal %d); nothing was done", screen_interrupted());
	snprintf(ui->message, sizeof(ui->message), "Interrupted: nothing was done.");
	ui->rc = WIZARD_EXIT_CANCELLED;
	ui->quit = 2;
}

static void on_key(struct ui *ui, int ch)
{
	if (screen_too_small()) {
		if (ch == 'q')
			cancel(ui);
		return;
	}
	if (ch == SCREEN_DCLICK) {
		/* a double click: the row it is on, then Next */
		step_key(ui, SCREEN_CLICK);
		ch = '\r';
	}
	if (step_key(ui, ch) == STEP_KEY_HANDLED)
		return;
	switch (ch) {
	case '?':
	case KEY_F(1):
		help(ui);
		break;
	case '\r':
	case '\n':
	case KEY_ENTER:
	case KEY_F(6):
		if (!commit(ui))
			break;
		if (ui->step == WIZARD_STEP_READY)
			finish(ui);
		else
			go(ui, wizard_model_next(&ui->model, ui->step));
		break;
	case 27:
	case KEY_F(5):
		if (wizard_model_prev(&ui->model, ui->step) != WIZARD_STEP_COUNT) {
			ui->message[0] = '\0';
			go(ui, wizard_model_prev(&ui->model, ui->step));
		}
		break;
	case KEY_F(10):
		finish(ui);
		break;
	case 'q':
	case KEY_F(9):
		cancel(ui);
		break;
	default:
		break;
	}
}

/* Theme directories: the user's, next to the program (a build tree), the
 * data directory found at run time (datadir_find: BIN/../share/virt-migrate
 * of an installed tree, whatever PREFIX), then the compiled-in DATADIR. */
enum { THEME_DIRS = 5 };

static void theme_dirs(char bufs[THEME_DIRS][PATH_MAX], const char *dirs[THEME_DIRS + 1])
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	size_t n = 0;
	if (xdg && xdg[0] == '/')
		snprintf(bufs[0], PATH_MAX, "%s/virt-migrate/themes", xdg);
	else if (home && home[0] == '/')
		snprintf(bufs[0], PATH_MAX, "%s/.config/virt-migrate/themes", home);
	else
		bufs[0][0] = '\0';
	if (bufs[0][0])
		dirs[n++] = bufs[0];
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (k > 0) {
		exe[k] = '\0';
		char *dir = dirname(exe);
		snprintf(bufs[1], PATH_MAX, "%s/themes", dir);
		snprintf(bufs[2], PATH_MAX, "%s/../themes", dir);
		dirs[n++] = bufs[1];
		dirs[n++] = bufs[2];
	}
	char data[PATH_MAX - sizeof("/themes")];
	datadir_find(data, sizeof(data));
	snprintf(bufs[3], PATH_MAX, "%s/themes", data);
	dirs[n++] = bufs[3];
	snprintf(bufs[4], PATH_MAX, "%s/themes", datadir_builtin());
	if (strcmp(bufs[4], bufs[3]) != 0)
		dirs[n++] = bufs[4];
	dirs[n] = NULL;
}

/* For the log: the file theme NAME comes from, as theme_load() looks for it
 * in DIRS, or "built-in". */
static const char *theme_source(const char *name, const char *const *dirs, char *buf,
				size_t len)
{
	if (!name || !*name)
		name = "default";
	if (strchr(name, '/'))
		return name;
	for (size_t i = 0; dirs[i]; i++) {
		snprintf(buf, len, "%s/%s.ini", dirs[i], name);
		if (access(buf, F_OK) == 0)
			return buf;
	}
	return "built-in";
}

int wizard_terminal_ok(char *why, size_t len)
{
	return screen_usable(why, len);
}

int wizard_run(struct inventory *inv, const struct config *cfg, const struct wizard_options *o)
{
	struct ui ui;
	struct theme theme;
	char terr[1024], bufs[THEME_DIRS][PATH_MAX], tsrc[PATH_MAX + 80];
	const char *dirs[THEME_DIRS + 1];
	int saved_err = -1, logfd = -1;

	setlocale(LC_ALL, "");
	memset(&ui, 0, sizeof(ui));
	ui.inv = inv;
	ui.cfg = cfg;
	ui.log_path = o->log_path;
	ui.rc = WIZARD_EXIT_CANCELLED;
	ui.checks_src = ui.checks_vm = WIZARD_NONE;
	ui.checks_kind = PLAN_KIND_COUNT;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "virt-migrate: the wizard needs a terminal; use the commands "
			"(see 'virt-migrate --help') without one\n");
		return WIZARD_EXIT_ERROR;
	}
	theme_dirs(bufs, dirs);
	const char *tname = o->theme ? o->theme : cfg->defaults.theme;
	int theme_bad = theme_load(tname, dirs, &theme, terr, sizeof(terr)) != 0;
	if (theme_bad)
		engine_log("wizard: %s; using the built-in theme", terr);
	else
		engine_log("wizard: theme '%s' from %s", tname && *tname ? tname : "default",
			   theme_source(tname, dirs, tsrc, sizeof(tsrc)));
	if (wizard_model_init(&ui.model, inv, cfg) != 0)
		return WIZARD_EXIT_ERROR;
	ui.model.max_downtime_ms = o->max_downtime_ms;
	ui.model.max_time_s = o->max_time_s;
	ui.model.bandwidth_mibs = o->bandwidth_mibs;
	wizard_model_set_encrypt(&ui.model, o->encrypt);
	wizard_model_set_connections(&ui.model, o->connections);
	wizard_model_set_compress(&ui.model, o->compress);
	screen_watch(o->caught);

	/* Nothing may print on the screen: stderr goes to the log meanwhile. */
	fflush(stderr);
	logfd = o->log_path ? open(o->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600) : -1;
	if (logfd < 0)
		logfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (logfd >= 0) {
		saved_err = dup(STDERR_FILENO);
		dup2(logfd, STDERR_FILENO);
		close(logfd);
	}
	if (screen_start(&theme) != 0) {
		if (saved_err >= 0) {
			dup2(saved_err, STDERR_FILENO);
			close(saved_err);
		}
		fprintf(stderr, "virt-migrate: cannot start the terminal screen (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		wizard_model_free(&ui.model);
		return WIZARD_EXIT_ERROR;
	}
	if (theme_bad)
		ui_message(&ui, THEME_warning, "Using the built-in theme: %s", terr);
	size_t unreachable = 0;
	for (size_t i = 0; i < inv->nhosts; i++)
		unreachable += !inv->hosts[i].reachable;
	if (unreachable && !theme_bad)
		ui_message(&ui, THEME_warning, "%zu host%s unreachable: see the VM list.",
			   unreachable, unreachable == 1 ? " is" : "s are");
	go(&ui, WIZARD_STEP_VM);
	if (o->vm) {
		if (wizard_model_set_vm_name(&ui.model, o->vm) == 0) {
			go(&ui, WIZARD_STEP_VM);	/* the list shows the VM chosen */
			go(&ui, WIZARD_STEP_KIND);
		} else {
			ui_message(&ui, THEME_error, "No VM '%s' on the reachable hosts; choose one.",
				   o->vm);
		}
	}
	/* A key repaints at once.  Verdicts that arrive in the background only
	 * mark the screen stale: it is repainted for them at most once per
	 * VERDICT_PAINT_MS, so a burst of verdicts never queues repaints in
	 * front of a key, and an idle wizard does not repaint at all. */
	int dirty = 1, stale = 0;
	long long painted = 0;
	while (!ui.quit) {
		stale |= ui_checks_poll(&ui);
		stale |= ui_sample_poll(&ui);
		long long now = now_ms();
		if (stale && now - painted >= VERDICT_PAINT_MS)
			dirty = 1;
		if (dirty) {
			ui_redraw(&ui);
			painted = now;
			dirty = stale = 0;
		}
		screen_timeout(stale ? (int)(VERDICT_PAINT_MS - (now - painted)) : VERDICT_PAINT_MS);
		int ch = screen_key();
		screen_timeout(SCREEN_KEY_MS);	/* for the dialogs a key may open */
		if (ch == ERR)
			continue;
		if (ch == SCREEN_INTERRUPT) {
			interrupted(&ui);
			break;
		}
		dirty = 1;
		if (ch != KEY_RESIZE)
			on_key(&ui, ch);
	}
	screen_end();
	ui_checks_end(&ui);
	fflush(stderr);
	if (saved_err >= 0) {
		dup2(saved_err, STDERR_FILENO);
		close(saved_err);
	}
	if (screen_hangup())	/* no terminal to print on */
		engine_log("wizard: %s", ui.quit == 2 ? ui.message : "Nothing was done.");
	else if (ui.quit == 2)
		printf("%s\n", ui.message);
	else
		printf("Nothing was done.\n");
	step_free(&ui);
	wizard_model_free(&ui.model);
	return ui.rc;
}

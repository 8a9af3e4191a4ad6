/* ui/ui.c — the wizard's frame (title, steps, message line, key bar),
 * dialogs, the filter line and the background checks of the model. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "hostcheck.h"
#include "ui.h"

void ui_message(struct ui *ui, enum theme_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
	va_end(ap);
	ui->message_role = role;
}

void ui_draw_title(struct ui *ui)
{
	const struct inv_vm *vm = wizard_model_vm(&ui->model);
	const struct inv_host *src = wizard_model_src(&ui->model);
	int cols = screen_cols();
	screen_fill(0, 0, cols, THEME_title);
	screen_put(0, 1, cols - 2, THEME_title, 0, "virt-migrate \u2014 Migrate");
	if (vm) {
		char right[256];
		size_t n = ui->model.nvms, live = wizard_model_vms_live(&ui->model);
		if (n > 1)
			snprintf(right, sizeof(right), "%zu VMs on %s: %zu live, %zu cold", n,
				 src->cfg->name, live, n - live);
		else
			snprintf(right, sizeof(right), "%s on %s, %s, %s", vm->name, src->cfg->name,
				 inv_vm_state_name(vm->state), plan_is_live(vm) ? "live" : "cold");
		int w = screen_width(right);
		if (w > cols / 2)
			w = cols / 2;
		screen_put(0, cols - w - 1, w, THEME_title, 0, right);
	}
}

static void draw_tabs(struct ui *ui)
{
	int x = 0, n = 0, cols = screen_cols();
	screen_fill(1, 0, cols, THEME_tab);
	for (int s = 0; s < WIZARD_STEP_COUNT && x < cols; s++) {
		int applies = wizard_model_step_applies(&ui->model, (enum wizard_step)s);
		enum theme_role role = s == (int)ui->step ? THEME_tab_active
				       : applies ? THEME_tab : THEME_dim;
		char label[64];
		if (applies)
			snprintf(label, sizeof(label), " %d %s ", ++n,
				 wizard_model_step_tab((enum wizard_step)s));
		else
			snprintf(label, sizeof(label), " - %s ", wizard_model_step_tab((enum wizard_step)s));
		x += screen_put(1, x, cols - x, role, 0, label);
		if (x < cols)
			x += screen_put(1, x, cols - x, THEME_tab, 0, " ");
	}
}

static void draw_heading(struct ui *ui)
{
	int n = 0, of = 0;
	for (int s = 0; s < WIZARD_STEP_COUNT; s++)
		if (wizard_model_step_applies(&ui->model, (enum wizard_step)s)) {
			of++;
			if (s <= (int)ui->step)
				n++;
		}
	char title[96];
	wizard_model_vms_heading(&ui->model, ui->step, title, sizeof(title));
	screen_fill(2, 0, screen_cols(), THEME_normal);
	int x = screen_putf(2, 1, screen_cols() - 2, THEME_heading, 0, "%s", title);
	screen_putf(2, x + 2, screen_cols() - x - 3, THEME_dim, 0, "(step %d of %d)", n, of);
}

static void draw_keybar(struct ui *ui)
{
	struct screen_key keys[8];
	size_t n = 0;
	keys[n++] = (struct screen_key){ "F1", "Help" };
	if (step_filters(ui->step))
		keys[n++] = (struct screen_key){ "F3", "Filter" };
	if (wizard_model_prev(&ui->model, ui->step) != WIZARD_STEP_COUNT)
		keys[n++] = (struct screen_key){ "F5", "Back" };
	if (ui->step != WIZARD_STEP_READY)
		keys[n++] = (struct screen_key){ "F6", "Next" };
	if (ui->step == WIZARD_STEP_READY)
		keys[n++] = (struct screen_key){ "F2", "Save" };
	keys[n++] = (struct screen_key){ "F9", "Cancel" };
	keys[n++] = (struct screen_key){ "F10", "Finish" };
	screen_keybar(keys, n);
}

void ui_redraw(struct ui *ui)
{
	erase();
	if (screen_too_small()) {
		screen_draw_too_small();
		screen_refresh();
		return;
	}
	if (ui->draw_screen) {
		ui->draw_screen(ui);
		screen_refresh();
		return;
	}
	ui_draw_title(ui);
	draw_tabs(ui);
	draw_heading(ui);
	int rows = screen_rows() - UI_TOP - UI_BOTTOM;
	step_draw(ui, UI_TOP, rows, screen_cols());
	screen_fill(screen_rows() - 2, 0, screen_cols(), THEME_normal);
	if (ui->message[0])
		screen_put(screen_rows() - 2, 1, screen_cols() - 2, ui->message_role, 0,
			   ui->message);
	draw_keybar(ui);
	screen_refresh();
}

int ui_confirm(struct ui *ui, const char *question)
{
	for (;;) {
		ui_redraw(ui);
		if (!screen_too_small()) {
			int y, x, w = screen_width(question) + 4;
			if (w < 40)
				w = 40;
			screen_box(3, w, "Confirm", &y, &x);
			screen_put(y, x + 1, w - 2, THEME_dialog, 0, question);
			screen_put(y + 2, x + 1, w - 2, THEME_dialog, 0, "y: yes    n or Esc: no");
			screen_refresh();
		}
		int ch = screen_key();
		if (ch == 'y' || ch == 'Y')
			return 1;
		if (ch == 'n' || ch == 'N' || ch == 27 || ch == SCREEN_INTERRUPT)
			return 0;
	}
}

/* Backspace (a whole UTF-8 character) or a typed character, applied to the
 * text BUF of LEN bytes: 1 when CH was one of those, 0 otherwise. */
static int edit_key(char *buf, size_t len, int ch)
{
	size_t n = strlen(buf);

	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		while (n > 0 && (buf[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			n--;
		buf[n] = '\0';
		return 1;
	}
	if (screen_char(ch) < 0)
		return 0;
	char mb[8];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t k = wcrtomb(mb, (wchar_t)screen_char(ch), &st);
	if (k != (size_t)-1 && n + k < len) {
		memcpy(buf + n, mb, k);
		buf[n + k] = '\0';
	}
	return 1;
}

int ui_prompt(struct ui *ui, const char *label, char *buf, size_t len)
{
	curs_set(1);
	for (;;) {
		ui_redraw(ui);
		int y = screen_rows() - 2;
		int x = screen_put(y, 1, screen_cols() - 2, THEME_normal, 0, label);
		screen_put(y, x + 2, screen_cols() - x - 3, THEME_input, 1, buf);
		move(y, x + 2 + screen_width(buf));
		screen_refresh();
		int ch = screen_key();
		if (ch == 27 || ch == SCREEN_INTERRUPT) {
			curs_set(0);
			return 0;
		}
		if (ch == '\r' || ch == '\n' || ch == KEY_ENTER) {
			curs_set(0);
			return 1;
		}
		if (ch == 21)		/* ^U: clear */
			buf[0] = '\0';
		else
			edit_key(buf, len, ch);
	}
}

int ui_filter_key(struct ui *ui, int ch, char *filter, size_t len, int *editing)
{
	(void)ui;
	if (!*editing) {
		if (ch == '/' || ch == KEY_F(3)) {
			*editing = 1;
			return 1;
		}
		return 0;
	}
	if (ch == 27) {
		filter[0] = '\0';
		*editing = 0;
	} else if (ch == '\r' || ch == '\n' || ch == KEY_ENTER || ch == '\t') {
		*editing = 0;
	} else if (!edit_key(filter, len, ch)) {
		return ch != KEY_RESIZE && ch != ERR && ch != KEY_UP && ch != KEY_DOWN;
	}
	return 1;
}

/* ---- background checks -------------------------------------------------- */

/* Stop *HC and keep it to be joined at the end (never waited for now). */
static void abandon_one(struct ui *ui, struct hostcheck **hc)
{
	if (!*hc)
		return;
	hostcheck_stop(*hc);
	struct hostcheck **n = realloc(ui->old_checks, (ui->nold_checks + 1) * sizeof(*n));
	if (!n) {
		hostcheck_free(*hc);	/* waits: better than leaking threads */
	} else {
		ui->old_checks = n;
		ui->old_checks[ui->nold_checks++] = *hc;
	}
	*hc = NULL;
}

static void abandon(struct ui *ui)
{
	abandon_one(ui, &ui->checks);
	abandon_one(ui, &ui->measure);
	ui->measured = 0;
}

int ui_checks_current(const struct ui *ui)
{
	const struct wizard_model *m = &ui->model;
	return m->src == ui->checks_src && m->vm == ui->checks_vm &&
	       m->vms_gen == ui->checks_gen && m->kind == ui->checks_kind;
}

int ui_measure_start(struct ui *ui, size_t h)
{
	struct wizard_model *m = &ui->model;
	struct probe_options popt = { .measure_link = 1 };
	struct plan *plans;
	size_t n;

	if (!wizard_model_vm(m) || h >= ui->inv->nhosts || h == m->src || !ui_checks_current(ui)
	    || wizard_model_vms_plans(m, &plans, &n) != 0)
		return -1;
	abandon_one(ui, &ui->measure);
	ui->measured = 0;
	ui->measure = hostcheck_start(ui->inv, ui->cfg, plans, n, &h, 1, &popt);
	wizard_model_vms_plans_free(plans, n);
	return ui->measure ? 0 : -1;
}

void ui_checks_start(struct ui *ui)
{
	struct wizard_model *m = &ui->model;
	if (!wizard_model_vm(m))
		return;
	if (!ui_checks_current(ui)) {
		abandon(ui);
		for (size_t i = 0; i < ui->inv->nhosts; i++)
			if (m->verdicts[i].state == WIZARD_VERDICT_PENDING)
				m->verdicts[i].state = WIZARD_VERDICT_NONE;
	}
	ui->checks_src = m->src;
	ui->checks_vm = m->vm;
	ui->checks_gen = m->vms_gen;
	ui->checks_kind = m->kind;
	ui->checks_wanted = ui->checks_done = 0;
	size_t *hosts = calloc(ui->inv->nhosts + 1, sizeof(size_t)), n = 0;
	if (!hosts)
		return;
	for (size_t i = 0; i < ui->inv->nhosts; i++) {
		int wanted = !plan_kind_needs_host(m->kind) ? i == m->src
			     : i != m->src && ui->inv->hosts[i].reachable;
		if (!wanted)
			continue;
		ui->checks_wanted++;
		if (m->verdicts[i].state == WIZARD_VERDICT_DONE)
			ui->checks_done++;
		if (m->verdicts[i].state == WIZARD_VERDICT_NONE) {
			hosts[n++] = i;
			m->verdicts[i].state = WIZARD_VERDICT_PENDING;
		}
	}
	if (n) {
		struct plan *plans;
		size_t np;
		if (wizard_model_vms_plans(m, &plans, &np) == 0) {
			abandon(ui);
			ui->checks = hostcheck_start(ui->inv, ui->cfg, plans, np, hosts, n, NULL);
			wizard_model_vms_plans_free(plans, np);
		}
	}
	free(hosts);
}

int ui_checks_poll(struct ui *ui)
{
	size_t host, deferred;
	int probed, got = 0;
	struct check_facts facts;
	struct findings found;
	struct wizard_verdict_vms per;
	const struct wizard_model *m = &ui->model;
	if (!ui_checks_current(ui))
		return 0;	/* verdicts for other VMs or kind: the next start drops them */
	/* the workers counted the findings: each verdict is moved in, O(1) */
	while (hostcheck_take(ui->checks, &host, &probed, &facts, &found, &deferred, &per)) {
		if (ui->measured && host == ui->measured_host) {
			findings_free(&found);	/* the measured verdict came first: it stays */
			wizard_model_verdict_vms_free(&per);
			continue;
		}
		if (host < ui->inv->nhosts && m->verdicts[host].state != WIZARD_VERDICT_DONE)
			ui->checks_done++;
		wizard_model_verdict_put(&ui->model, host, probed, &facts, &found, deferred);
		wizard_model_verdict_put_vms(&ui->model, host, &per);
		wizard_model_verdict_vms_free(&per);	/* a host out of range */
		got = 1;
	}
	/* a measured verdict replaces the host's first one */
	while (hostcheck_take(ui->measure, &host, &probed, &facts, &found, &deferred, &per)) {
		if (host < ui->inv->nhosts && m->verdicts[host].state != WIZARD_VERDICT_DONE)
			ui->checks_done++;
		wizard_model_verdict_put(&ui->model, host, probed, &facts, &found, deferred);
		wizard_model_verdict_put_vms(&ui->model, host, &per);
		wizard_model_verdict_vms_free(&per);
		ui->measured = 1;
		ui->measured_host = host;
		got = 1;
	}
	return got;
}

void ui_checks_end(struct ui *ui)
{
	ui_sample_end(ui);
	hostcheck_free(ui->checks);
	ui->checks = NULL;
	hostcheck_free(ui->measure);
	ui->measure = NULL;
	ui->measured = 0;
	for (size_t i = 0; i < ui->nold_checks; i++)
		hostcheck_free(ui->old_checks[i]);
	free(ui->old_checks);
	ui->old_checks = NULL;
	ui->nold_checks = 0;
	ui->checks_src = ui->checks_vm = WIZARD_NONE;
	ui->checks_gen = 0;
	ui->checks_kind = PLAN_KIND_COUNT;
	ui->checks_wanted = ui->checks_done = 0;
}

/* ui/step_host.c — step 2: the target host, each with its compatibility
 * verdict computed in the background, counted as `virt-migrate check`
 * counts it; the findings of the highlighted host below, with their hints.
 * A host with errors cannot be chosen, unless a later step settles each of
 * them ("3 errors, 1 later"; such a finding is tagged "later: Networks"). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static void build(struct ui *ui, struct step_host_state *s)
{
	if (s->built && strcmp(s->query, s->built_filter) == 0 && s->built_src == ui->model.src)
		return;
	size_t keep = s->list.cursor < s->list.count && s->rows ? s->rows[s->list.cursor]
		      : ui->model.target;
	free(s->rows);
	s->rows = calloc(ui->inv->nhosts + 1, sizeof(*s->rows));
	s->list.count = 0;
	if (!s->rows)
		return;
	for (size_t h = 0; h < ui->inv->nhosts; h++) {
		const struct config_host *c = ui->inv->hosts[h].cfg;
		if (s->query[0] && !strcasestr(c->name, s->query) &&
		    !(c->cluster && strcasestr(c->cluster, s->query)))
			continue;
		s->rows[s->list.count++] = h;
	}
	s->list.cursor = 0;
	size_t want = ui->model.target != WIZARD_NONE ? ui->model.target : keep;
	int found = 0;
	for (size_t i = 0; i < s->list.count; i++)
		if (s->rows[i] == want) {
			s->list.cursor = i;
			found = 1;
		}
	if (!found)	/* the first host that is not the VM's own */
		for (size_t i = 0; i < s->list.count; i++)
			if (s->rows[i] != ui->model.src) {
				s->list.cursor = i;
				break;
			}
	snprintf(s->built_filter, sizeof(s->built_filter), "%s", s->query);
	s->built_src = ui->model.src;
	s->built = 1;
}

static void enter(struct ui *ui, void *state)
{
	struct step_host_state *s = state;
	s->built = 0;
	build(ui, s);
	ui_checks_start(ui);
}

static void release(void *state)
{
	struct step_host_state *s = state;
	free(s->rows);
	s->rows = NULL;
}

static void verdict_text(struct ui *ui, size_t h, char *buf, size_t len, enum theme_role *role)
{
	const struct inv_host *host = &ui->inv->hosts[h];
	const struct wizard_verdict *v = &ui->model.verdicts[h];
	*role = THEME_dim;
	if (h == ui->model.src) {
		snprintf(buf, len, "current host");
	} else if (!host->reachable) {
		snprintf(buf, len, "unreachable");
		*role = THEME_error;
	} else if (v->state != WIZARD_VERDICT_DONE) {
		snprintf(buf, len, "checking...");
	} else if (v->findings.errors) {	/* as check counts them, however settled */
		int n = snprintf(buf, len, "%zu error%s", v->findings.errors,
				 v->findings.errors == 1 ? "" : "s");
		if (v->deferred && n > 0 && (size_t)n < len)
			snprintf(buf + n, len - (size_t)n, ", %zu later", v->deferred);
		/* settled later, every one: the host can be chosen */
		*role = v->findings.errors > v->deferred ? THEME_error : THEME_warning;
	} else if (v->findings.warnings) {
		snprintf(buf, len, "ok, %zu warning%s", v->findings.warnings,
			 v->findings.warnings == 1 ? "" : "s");
		*role = THEME_warning;
	} else {
		snprintf(buf, len, "ok");
		*role = THEME_ok;
	}
}

/* The rows finding F takes: its message and hint, and under its code the
 * step that settles it, when a later one does. */
static int finding_rows(const struct ui *ui, int cols, const struct finding *f)
{
	int n = ui_finding_rows(cols, 35, f);
	return wizard_model_finding_step(ui->model.kind, f) != WIZARD_STEP_COUNT && n < 2 ? 2 : n;
}

/* Finding F from row Y (above END): severity, code, "later: STEP" under the
 * code when a later step settles it, message, hint.  Returns the rows used. */
static int finding_draw(const struct ui *ui, int y, int end, int cols, const struct finding *f)
{
	enum wizard_step later = wizard_model_finding_step(ui->model.kind, f);
	screen_put(y, 10, 24, THEME_dim, 1, f->code);
	int n = ui_finding_draw(y, 1, 35, cols, end, f);
	if (later != WIZARD_STEP_COUNT && y + 1 < end) {
		screen_putf(y + 1, 10, 24, THEME_warning, 1, "later: %s",
			    wizard_model_step_tab(later));
		n = n < 2 ? 2 : n;
	}
	return n;
}

/* Group K of V (wizard_model_verdict_group) from row Y: its line, then its
 * findings, errors first, above row STOP.  Adds the findings shown to
 * *SHOWN; returns the next row. */
static int draw_group(struct ui *ui, const struct wizard_verdict *v, size_t k, int y, int stop,
		      int cols, size_t *shown)
{
	struct wizard_verdict_group g;
	wizard_model_verdict_group(&ui->model, v, k, &g);
	screen_put(y++, 1, cols - 2, g.weight == 3 ? THEME_error : g.weight ? THEME_warning
		   : THEME_ok, 0, g.line);
	for (int sev = FINDING_ERROR; sev >= FINDING_INFO && y < stop; sev--)
		for (size_t i = 0; i < v->findings.count && y < stop; i++) {
			const struct finding *f = &v->findings.items[i];
			if ((int)f->severity != sev || !wizard_model_verdict_in_group(v, i, k))
				continue;
			y += finding_draw(ui, y, stop, cols, f);
			(*shown)++;
		}
	return y;
}

/* 1 when V holds findings of the VMs together (of no VM alone). */
static int has_together(const struct wizard_verdict *v)
{
	for (size_t i = 0; i < v->findings.count; i++)
		if (wizard_model_verdict_in_group(v, i, WIZARD_VERDICT_TOGETHER))
			return 1;
	return 0;
}

/* Several VMs: the findings of host H grouped, a line per group with its
 * counts, then its findings, errors first: what the VMs need together first
 * (when they do), then each VM, those whose errors block the host first.
 * Every group's line is shown (rows are kept for the lines still to come);
 * from row Y, above END.  Returns how many findings were shown. */
static size_t draw_findings_vms(struct ui *ui, const struct wizard_verdict *v, int y, int end,
				int cols)
{
	size_t shown = 0, left = v->per_vm.n;
	if (has_together(v) && y < end)
		y = draw_group(ui, v, WIZARD_VERDICT_TOGETHER, y, end - (int)left, cols, &shown);
	for (int weight = 3; weight >= 0; weight--)
		for (size_t k = 0; k < v->per_vm.n && y < end; k++) {
			struct wizard_verdict_group g;
			wizard_model_verdict_group(&ui->model, v, k, &g);
			if (g.weight != weight)
				continue;
			left--;
			/* room for the lines of the VMs after */
			y = draw_group(ui, v, k, y, end - (int)left, cols, &shown);
		}
	return shown;
}

/* The findings of host H, errors first, each with its hint; from row Y. */
static void draw_findings(struct ui *ui, size_t h, int y, int nrows, int cols)
{
	const struct wizard_verdict *v = &ui->model.verdicts[h];
	const struct wizard_model *m = &ui->model;
	char why[512], whom[160];
	int end = y + nrows;
	if (m->nvms > 1)
		snprintf(whom, sizeof(whom), "the %zu VMs", m->nvms);
	else
		snprintf(whom, sizeof(whom), "VM '%s'", wizard_model_vm(m)->name);
	if (!wizard_model_host_choosable(&ui->model, h, why, sizeof(why))) {
		char line[600];
		snprintf(line, sizeof(line), "Cannot be chosen: %s", why);
		y += screen_wrap(y, 1, cols - 2, THEME_error, 2, line);
	} else if (v->deferred) {
		screen_putf(y++, 1, cols - 2, THEME_ok, 0, "Host %s can take %s once later "
			    "steps settle %zu error%s (marked later).", ui->inv->hosts[h].cfg->name,
			    whom, v->deferred, v->deferred == 1 ? "" : "s");
	} else {
		screen_putf(y++, 1, cols - 2, THEME_ok, 0, "Host %s can take %s.",
			    ui->inv->hosts[h].cfg->name, whom);
	}
	if (v->state != WIZARD_VERDICT_DONE)
		return;
	/* when they do not all fit, the last row says how many are left */
	int need = 0;
	size_t shown = 0;
	for (size_t i = 0; i < v->findings.count; i++)
		need += finding_rows(ui, cols, &v->findings.items[i]);
	need += (int)v->per_vm.n + (v->per_vm.n && has_together(v));	/* a line per group */
	if (need > end - y)
		end--;
	if (v->per_vm.n)
		shown = draw_findings_vms(ui, v, y, end, cols);
	else for (int sev = FINDING_ERROR; sev >= FINDING_INFO && y < end; sev--)
		for (size_t i = 0; i < v->findings.count && y < end; i++) {
			const struct finding *f = &v->findings.items[i];
			if ((int)f->severity != sev)
				continue;
			y += finding_draw(ui, y, end, cols, f);
			shown++;
		}
	if (shown < v->findings.count)
		screen_putf(end, 1, cols - 2, THEME_warning, 0, "... %zu more finding%s below: "
			    "'virt-migrate check %s --host %s' lists them all%s.",
			    v->findings.count - shown, v->findings.count - shown == 1 ? "" : "s",
			    m->nvms > 1 ? "VM" : wizard_model_vm(m)->name, ui->inv->hosts[h].cfg->name,
			    m->nvms > 1 ? ", for each VM" : "");
}

static void draw(struct ui *ui, void *state, int top, int nrows, int cols)
{
	struct step_host_state *s = state;
	build(ui, s);
	char mem[32], verdict[64];
	if (s->editing || s->query[0]) {
		int x = screen_put(top, 1, cols - 2, THEME_normal, 0, "Filter (host or cluster): ");
		screen_putf(top, 1 + x, 30, THEME_input, 1, "%s%s", s->query, s->editing ? "_" : "");
	} else {
		if (ui->model.nvms > 1)
			screen_putf(top, 1, cols - 2, THEME_dim, 0, "Choose the host the %zu VMs move "
				    "to (/ filters by host or cluster).", ui->model.nvms);
		else
			screen_putf(top, 1, cols - 2, THEME_dim, 0, "Choose the host VM '%s' moves to "
				    "(/ filters by host or cluster).",
				    wizard_model_vm(&ui->model)->name);
	}
	screen_fill(top + 1, 0, cols, THEME_heading);
	screen_put(top + 1, 3, 16, THEME_heading, 1, "HOST");
	screen_put(top + 1, 20, 12, THEME_heading, 1, "CLUSTER");
	/* how many verdicts are in, kept by ui_checks_poll(): O(1) per repaint */
	if (ui->checks_wanted && ui_checks_current(ui))
		screen_putf(top + 1, 33, 18, THEME_heading, 1, "VERDICT (%zu/%zu)", ui->checks_done,
			    ui->checks_wanted);
	else
		screen_put(top + 1, 33, 18, THEME_heading, 1, "VERDICT");
	screen_put(top + 1, 52, 14, THEME_heading, 1, "CPU");
	screen_put(top + 1, 67, cols - 68, THEME_heading, 0, "MEMORY FREE");
	int lr = (nrows - 2) / 2;
	if (lr > (int)s->list.count)
		lr = s->list.count ? (int)s->list.count : 1;
	ui_list_fit(&s->list, lr);
	ui_list_place(&s->list, top + 2, lr);
	for (int i = 0; i < lr && s->list.top + (size_t)i < s->list.count; i++) {
		size_t k = s->list.top + (size_t)i, h = s->rows[k];
		const struct inv_host *host = &ui->inv->hosts[h];
		int y = top + 2 + i, cur = k == s->list.cursor, chosen = h == ui->model.target;
		enum theme_role vrole, role = cur ? THEME_cursor : chosen ? THEME_chosen
					      : h == ui->model.src ? THEME_dim : THEME_normal;
		verdict_text(ui, h, verdict, sizeof(verdict), &vrole);
		screen_fill(y, 0, cols, role);
		screen_put(y, 0, 1, role, 0, cur ? ">" : " ");
		screen_put(y, 1, 2, role, 1, chosen ? "*" : " ");
		screen_put(y, 3, 16, role, 1, host->cfg->name);
		screen_put(y, 20, 12, role, 1, host->cfg->cluster ? host->cfg->cluster : "-");
		screen_put(y, 33, 18, cur ? role : vrole, 1, verdict);
		screen_put(y, 52, 14, role, 1, host->cpu_model ? host->cpu_model : "-");
		screen_put(y, 67, cols - 68, role, 0, inventory_host_mem_free(host, mem, sizeof(mem)));
	}
	if (s->list.count == 0) {
		screen_put(top + 2, 3, cols - 4, THEME_dim, 0, "No host matches the query.");
		return;
	}
	int fy = top + 3 + lr;
	screen_fill(fy - 1, 0, cols, THEME_normal);
	draw_findings(ui, s->rows[s->list.cursor], fy, top + nrows - fy, cols);
}

/* The host under the cursor is chosen (Space, and before Next) when it can be. */
static void commit(struct ui *ui, void *state)
{
	const struct step_host_state *s = state;
	char why[512];
	if (s->list.cursor >= s->list.count)
		return;
	size_t h = s->rows[s->list.cursor];
	if (wizard_model_host_choosable(&ui->model, h, why, sizeof(why))) {
		wizard_model_set_target(&ui->model, h);
	} else {
		ui->model.target = WIZARD_NONE;
		ui_message(ui, THEME_error, "%s", why);
	}
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_host_state *s = state;
	int lr = (screen_rows() - UI_TOP - UI_BOTTOM - 2) / 2;
	if (ui_filter_key(ui, ch, s->query, sizeof(s->query), &s->editing)) {
		build(ui, s);
		return STEP_KEY_HANDLED;
	}
	if (ui_list_key(&s->list, ch, lr))
		return STEP_KEY_HANDLED;
	if (ch == ' ') {
		commit(ui, s);
		return STEP_KEY_HANDLED;
	}
	if (ch == 'm' && s->list.cursor < s->list.count) {
		size_t h = s->rows[s->list.cursor];
		if (ui_measure_start(ui, h) == 0)
			ui_message(ui, THEME_normal, "Measuring the data path to %s (plain TCP, at "
				   "most 2 s); its verdict follows.", ui->inv->hosts[h].cfg->name);
		else
			ui_message(ui, THEME_error, "The link to %s cannot be measured from here.",
				   ui->inv->hosts[h].cfg->name);
		return STEP_KEY_HANDLED;
	}
	return STEP_KEY_PASS;
}

static const char *const help[] = {
	"Every host with its verdict for this VM: ok, warnings, or errors, counted as",
	"'virt-migrate check VM --host HOST' counts them. The checks run in the",
	"background; 'checking...' turns into the verdict when they are done, and",
	"the VERDICT heading counts the hosts checked so far.",
	"Below the list: every finding of the highlighted host, with the hint that fixes it;",
	"with several VMs, grouped by VM, each with its counts, after what the VMs need",
	"together (memory, datastore room that each has alone but not all at once).",
	"The host's verdict sums them: it cannot be chosen when any VM has an error no",
	"later step settles, or when the VMs do not fit together.",
	"A host with errors cannot be chosen: the reason is shown above its findings.",
	"An error a later step settles (networks, datastore, encryption) is tagged",
	"'later: STEP' and counted apart ('3 errors, 1 later'): it does not block.",
	"m: measure the data path to the highlighted host (plain TCP to its migration",
	"address, at most 2 s); its verdict is checked again with the figure.",
	"Up/Down, j/k: move.  Space: choose.  Enter: choose, Next.  /: query (host or cluster).",
	NULL,
};

const struct step step_host = {
	.enter = enter, .draw = draw, .key = key, .commit = commit, .free = release,
	.help = help, .filter = 1,
};

/* ui/step_vm.c — step 0: the VM, from the inventory of every host, grouped
 * by host (and its cluster); '/' filters by VM, host or cluster name.
 * Space marks VMs (of one host) to move several in one pass; with none
 * marked, Next takes the highlighted VM. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

struct step_vm_row {
	size_t host, vm;	/* vm == WIZARD_NONE: the host's heading */
};

static int match(const struct step_vm_state *s, const char *name)
{
	return name && strcasestr(name, s->query) != NULL;
}

static void build(struct ui *ui, struct step_vm_state *s)
{
	if (s->built && strcmp(s->query, s->built_filter) == 0)
		return;
	size_t total = ui->inv->nhosts;
	for (size_t h = 0; h < ui->inv->nhosts; h++)
		total += ui->inv->hosts[h].nvms;
	free(s->rows);
	s->rows = calloc(total + 1, sizeof(*s->rows));
	s->list.count = s->nvm = 0;
	if (!s->rows)
		return;
	for (size_t h = 0; h < ui->inv->nhosts; h++) {
		const struct inv_host *host = &ui->inv->hosts[h];
		int host_match = !s->query[0] || match(s, host->cfg->name) ||
				 match(s, host->cfg->cluster);
		size_t heading = s->list.count;
		s->rows[s->list.count++] = (struct step_vm_row){ h, WIZARD_NONE };
		size_t shown = 0;
		for (size_t v = 0; v < host->nvms; v++)
			if (host_match || match(s, host->vms[v].name)) {
				s->rows[s->list.count++] = (struct step_vm_row){ h, v };
				shown++;
			}
		if (!shown && s->query[0] && !host_match)
			s->list.count = heading;	/* nothing of this host matches */
		s->nvm += shown;
	}
	snprintf(s->built_filter, sizeof(s->built_filter), "%s", s->query);
	s->built = 1;
	s->list.cursor = s->list.top = 0;
	/* the chosen VM, else the first VM */
	for (size_t i = 0; i < s->list.count; i++)
		if (s->rows[i].vm != WIZARD_NONE &&
		    (ui->model.vm == WIZARD_NONE ||
		     (s->rows[i].host == ui->model.src && s->rows[i].vm == ui->model.vm))) {
			s->list.cursor = i;
			if (ui->model.vm == WIZARD_NONE || s->rows[i].vm == ui->model.vm)
				break;
		}
}

static void enter(struct ui *ui, void *state)
{
	struct step_vm_state *s = state;
	s->built = 0;
	build(ui, s);
}

static void release(void *state)
{
	struct step_vm_state *s = state;
	free(s->rows);
	s->rows = NULL;
}

static void draw_row(struct ui *ui, const struct step_vm_row *r, int y, int cols, int cursor)
{
	const struct inv_host *h = &ui->inv->hosts[r->host];
	char mem[32], disk[32];
	if (r->vm == WIZARD_NONE) {
		screen_fill(y, 0, cols, THEME_normal);
		int x = screen_putf(y, 1, cols - 2, THEME_heading, 0, "Host %s", h->cfg->name);
		if (h->cfg->cluster)
			x += screen_putf(y, 1 + x, cols - 2 - x, THEME_dim, 0, "  (cluster %s)",
					 h->cfg->cluster);
		if (!h->reachable)
			screen_putf(y, 1 + x, cols - 2 - x, THEME_error, 0, "  unreachable: %s",
				    h->error.message);
		else
			screen_putf(y, 1 + x, cols - 2 - x, THEME_dim, 0, "  %zu VM%s", h->nvms,
				    h->nvms == 1 ? "" : "s");
		return;
	}
	const struct inv_vm *vm = &h->vms[r->vm];
	unsigned long long cap = 0;
	for (size_t d = 0; d < vm->ndisks; d++)
		cap += vm->disks[d].capacity;
	/* marks, when there are some, show what Next takes; else the VM chosen */
	int marked = wizard_model_vms_marked(&ui->model, r->host, r->vm);
	int chosen = marked || (!ui->model.nmarks && r->host == ui->model.src &&
				r->vm == ui->model.vm);
	enum theme_role role = cursor ? THEME_cursor : chosen ? THEME_chosen : THEME_normal;
	screen_fill(y, 0, cols, role);
	screen_put(y, 0, 1, role, 0, cursor ? ">" : " ");
	screen_put(y, 1, 2, role, 1, marked ? "+" : chosen ? "*" : " ");
	screen_put(y, 3, 28, role, 1, vm->name);
	screen_put(y, 32, 11, role, 1, inv_vm_state_name(vm->state));
	screen_putf(y, 44, 6, role, 1, "%5u", vm->vcpus);
	screen_putf(y, 51, 10, role, 1, "%10s", engine_bytes(vm->memory_kib * 1024, mem,
							     sizeof(mem)));
	screen_putf(y, 63, cols - 64, role, 0, "%zu (%s)", vm->ndisks,
		    engine_bytes(cap, disk, sizeof(disk)));
}

static void draw(struct ui *ui, void *state, int top, int nrows, int cols)
{
	struct step_vm_state *s = state;
	build(ui, s);	/* a no-op unless the query changed: a repaint draws the visible rows only */
	if (s->editing || s->query[0]) {
		int x = screen_put(top, 1, cols - 2, THEME_normal, 0, "Filter: ");
		screen_putf(top, 1 + x, 30, THEME_input, 1, "%s%s", s->query, s->editing ? "_" : "");
		screen_putf(top, 33 + x, cols - 34 - x, THEME_dim, 0, "%zu VM%s match", s->nvm,
			    s->nvm == 1 ? "" : "s");
	} else if (ui->model.nmarks) {
		screen_putf(top, 1, cols - 2, THEME_dim, 0, "%zu VM%s of host %s marked (+): Enter "
			    "moves %s; Space marks or unmarks.", ui->model.nmarks,
			    ui->model.nmarks == 1 ? "" : "s",
			    ui->inv->hosts[ui->model.mark_src].cfg->name,
			    ui->model.nmarks == 1 ? "it" : "them together");
	} else {
		screen_putf(top, 1, cols - 2, THEME_dim, 0, "Choose the VM to migrate (%zu VM%s "
			    "on %zu host%s; / filters).", s->nvm, s->nvm == 1 ? "" : "s",
			    ui->inv->nhosts, ui->inv->nhosts == 1 ? "" : "s");
	}
	screen_fill(top + 1, 0, cols, THEME_heading);
	screen_put(top + 1, 3, 28, THEME_heading, 1, "NAME");
	screen_put(top + 1, 32, 11, THEME_heading, 1, "STATE");
	screen_put(top + 1, 44, 6, THEME_heading, 1, "VCPUS");
	screen_put(top + 1, 51, 10, THEME_heading, 1, "    MEMORY");
	screen_put(top + 1, 63, cols - 64, THEME_heading, 0, "DISKS");
	int lr = nrows - 2;
	ui_list_fit(&s->list, lr);
	ui_list_place(&s->list, top + 2, lr);
	for (int i = 0; i < lr && s->list.top + (size_t)i < s->list.count; i++) {
		size_t k = s->list.top + (size_t)i;
		draw_row(ui, &s->rows[k], top + 2 + i, cols, k == s->list.cursor);
	}
	if (s->list.count == 0)
		screen_put(top + 2, 3, cols - 4, THEME_dim, 0, "No VM matches the query.");
}

static const struct step_vm_row *cursor_row(const struct step_vm_state *s)
{
	const struct step_vm_row *r = s->list.cursor < s->list.count ? &s->rows[s->list.cursor] : NULL;
	return r && r->vm != WIZARD_NONE ? r : NULL;
}

/* Before Next: the marked VMs are chosen, or the one under the cursor. */
static void commit(struct ui *ui, void *state)
{
	const struct step_vm_row *r = cursor_row(state);
	if (ui->model.nmarks || r)
		wizard_model_vms_choose(&ui->model, r ? r->host : 0, r ? r->vm : 0);
}

/* Space: the VM under the cursor marked or unmarked; one of another host
 * than the marked ones is refused, and the message line says why. */
static void mark(struct ui *ui, const struct step_vm_state *s)
{
	const struct step_vm_row *r = cursor_row(s);
	char why[512];
	if (!r)
		return;
	if (wizard_model_vms_mark(&ui->model, r->host, r->vm, why, sizeof(why)) < 0)
		ui_message(ui, THEME_error, "%s", why[0] ? why : "Cannot mark this VM.");
	else
		ui->message[0] = '\0';
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_vm_state *s = state;
	int lr = screen_rows() - UI_TOP - UI_BOTTOM - 2;
	if (ui_filter_key(ui, ch, s->query, sizeof(s->query), &s->editing)) {
		build(ui, s);
		return STEP_KEY_HANDLED;
	}
	size_t before = s->list.cursor;
	if (ui_list_key(&s->list, ch, lr)) {
		/* step over host headings in the direction moved; at the top (the
		 * first row is a heading: PgUp, Home) turn down to the first VM */
		int down = s->list.cursor >= before;
		while (s->list.cursor < s->list.count && s->rows[s->list.cursor].vm == WIZARD_NONE) {
			if (down && s->list.cursor + 1 < s->list.count)
				s->list.cursor++;
			else if (!down && s->list.cursor > 0)
				s->list.cursor--;
			else if (!down)
				down = 1;
			else
				break;
		}
		ui_list_fit(&s->list, lr);
		return STEP_KEY_HANDLED;
	}
	if (ch == ' ') {
		mark(ui, s);
		return STEP_KEY_HANDLED;
	}
	return STEP_KEY_PASS;
}

static const char *const help[] = {
	"The VMs of every host, grouped by host; the cluster is shown next to it.",
	"Up/Down, j/k, PgUp/PgDn, Home/End: move.  Enter: Next with the highlighted VM.",
	"Space: mark or unmark the VM (+) to move several in one pass; Enter then takes",
	"every marked VM.  Marked VMs share one host: the steps after choose one target,",
	"one datastore and one network map for all of them.",
	"/ (or F3): type a query (VM, host or cluster name); Enter keeps it, Esc clears it.",
	NULL,
};

const struct step step_vm = {
	.enter = enter, .draw = draw, .key = key, .commit = commit, .free = release,
	.help = help, .filter = 1,
};

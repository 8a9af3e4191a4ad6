/* ui/step_network.c — step 4: each source network of the VM mapped to a
 * network of the target host; networks with no destination are flagged. */
#include <curses.h>
#include <string.h>

#include "ui.h"

static void enter(struct ui *ui, void *state)
{
	struct step_network_state *s = state;
	s->list.count = ui->model.nnets;
	ui_list_fit(&s->list, 10);
}

static void draw(struct ui *ui, void *state, int top, int rows, int cols)
{
	struct step_network_state *s = state;
	struct wizard_model *m = &ui->model;
	const struct inv_host *h = wizard_model_dst(m);
	(void)rows;
	if (m->nvms > 1)
		screen_putf(top, 1, cols - 2, THEME_dim, 0, "Each network of the %zu VMs and the "
			    "network of host %s it will use, for all of them (Left/Right or Space "
			    "changes it).", m->nvms, h ? h->cfg->name : "?");
	else
		screen_putf(top, 1, cols - 2, THEME_dim, 0, "Each network of VM '%s' and the network "
			    "of host %s it will use (Left/Right or Space changes it).",
			    wizard_model_vm(m)->name, h ? h->cfg->name : "?");
	screen_fill(top + 1, 0, cols, THEME_heading);
	screen_put(top + 1, 3, 24, THEME_heading, 1, "SOURCE NETWORK");
	screen_put(top + 1, 28, 24, THEME_heading, 1, "DESTINATION NETWORK");
	screen_put(top + 1, 53, cols - 54, THEME_heading, 0, "");
	ui_list_place(&s->list, top + 2, rows - 3);
	for (size_t i = 0; i < m->nnets && (int)i < rows - 3; i++) {
		int y = top + 2 + (int)i;
		enum theme_role role = i == s->list.cursor ? THEME_cursor : THEME_normal;
		screen_fill(y, 0, cols, role);
		screen_put(y, 0, 1, role, 0, i == s->list.cursor ? ">" : " ");
		screen_put(y, 3, 24, role, 1, m->net_from[i]);
		screen_put(y, 28, 24, role, 1, m->net_to[i] ? m->net_to[i] : "(choose)");
		if (!m->net_to[i])
			screen_putf(y, 53, cols - 54, THEME_error, 0, "missing on %s",
				    h ? h->cfg->name : "?");
		else if (strcmp(m->net_to[i], m->net_from[i]) != 0)
			screen_put(y, 53, cols - 54, THEME_warning, 0, "reassigned");
	}
}

static void cycle(struct ui *ui, const struct step_network_state *s, int dir)
{
	struct wizard_model *m = &ui->model;
	const struct inv_host *h = wizard_model_dst(m);
	size_t i = s->list.cursor;
	if (i >= m->nnets || !h || h->nnets == 0)
		return;
	size_t cur = dir > 0 ? h->nnets - 1 : 0;
	for (size_t k = 0; m->net_to[i] && k < h->nnets; k++)
		if (strcmp(h->nets[k].name, m->net_to[i]) == 0)
			cur = k;
	cur = (cur + (dir > 0 ? 1 : h->nnets - 1)) % h->nnets;
	wizard_model_set_net(m, i, h->nets[cur].name);
}

static enum step_key_result key(struct ui *ui, void *state, int ch)
{
	struct step_network_state *s = state;
	if (ui_list_key(&s->list, ch, 10))
		return STEP_KEY_HANDLED;
	if (ch == '\t' || ch == KEY_BTAB) {	/* one field: Tab moves in the list */
		ui_list_key(&s->list, ch == '\t' ? KEY_DOWN : KEY_UP, 10);
		return STEP_KEY_HANDLED;
	}
	if (ch == KEY_RIGHT || ch == 'l' || ch == ' ') {
		cycle(ui, s, 1);
		return STEP_KEY_HANDLED;
	}
	if (ch == KEY_LEFT || ch == 'h') {
		cycle(ui, s, -1);
		return STEP_KEY_HANDLED;
	}
	return STEP_KEY_PASS;
}

static const char *const help[] = {
	"One line per network the VM's interfaces use on the source host.",
	"A network with the same name on the target is chosen for you; one the target",
	"lacks is flagged 'missing' and must be mapped before Next.",
	"Up/Down, j/k, Tab: move.  Left/Right or Space: the next destination network.",
	NULL,
};

const struct step step_network = {
	.enter = enter, .draw = draw, .key = key, .help = help,
};

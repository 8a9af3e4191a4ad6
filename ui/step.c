/* ui/step.c — the step table: for each step of WIZARD_STEPS, in its order,
 * its entry (the functions that show it) and where its state lives in
 * struct ui; and the calls the wizard makes through it. */
#include <stddef.h>

#include "ui.h"

/* In the order of WIZARD_STEPS: each step, and where its state lives. */
static const struct {
	const struct step *step;
	size_t state;		/* offset of the step's state in struct ui */
} steps[WIZARD_STEP_COUNT] = {
	[WIZARD_STEP_VM] = { &step_vm, offsetof(struct ui, steps.vm) },
	[WIZARD_STEP_KIND] = { &step_kind, offsetof(struct ui, steps.kind) },
	[WIZARD_STEP_HOST] = { &step_host, offsetof(struct ui, steps.host) },
	[WIZARD_STEP_STORAGE] = { &step_storage, offsetof(struct ui, steps.storage) },
	[WIZARD_STEP_NETWORK] = { &step_network, offsetof(struct ui, steps.network) },
	[WIZARD_STEP_PRIORITY] = { &step_priority, offsetof(struct ui, steps.priority) },
	[WIZARD_STEP_READY] = { &step_ready, offsetof(struct ui, steps.ready) },
};

static void *state_of(struct ui *ui, enum wizard_step s)
{
	return (char *)ui + steps[s].state;
}

void step_enter(struct ui *ui, enum wizard_step s)
{
	if (s < WIZARD_STEP_COUNT && steps[s].step->enter)
		steps[s].step->enter(ui, state_of(ui, s));
}

void step_draw(struct ui *ui, int top, int rows, int cols)
{
	steps[ui->step].step->draw(ui, state_of(ui, ui->step), top, rows, cols);
}

enum step_key_result step_key(struct ui *ui, int ch)
{
	return steps[ui->step].step->key(ui, state_of(ui, ui->step), ch);
}

void step_commit(struct ui *ui)
{
	if (steps[ui->step].step->commit)
		steps[ui->step].step->commit(ui, state_of(ui, ui->step));
}

const char *const *step_help(enum wizard_step s)
{
	return s < WIZARD_STEP_COUNT ? steps[s].step->help : NULL;
}

int step_filters(enum wizard_step s)
{
	return s < WIZARD_STEP_COUNT && steps[s].step->filter;
}

void step_free(struct ui *ui)
{
	for (int s = 0; s < WIZARD_STEP_COUNT; s++)
		if (steps[s].step->free)
			steps[s].step->free(state_of(ui, (enum wizard_step)s));
}

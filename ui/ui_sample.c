/* ui/ui_sample.c — the dirty rates of the move's VMs for the forecast on
 * Ready to complete: started in the background (ui/dirtysample.c) for the
 * move as it is now, taken into the model (its sample) when in.  As the
 * host checks (ui.c), a sampler for a move that changed is abandoned, never
 * waited for, and joined at the end. */
#include <stdlib.h>

#include "../engine/probe_dirty.h"
#include "dirtysample.h"
#include "ui.h"

static void abandon(struct ui *ui)
{
	struct dirtysample **n;

	if (!ui->sampling)
		return;
	n = realloc(ui->old_samplings, (ui->nold_samplings + 1) * sizeof *n);
	if (!n) {
		dirtysample_free(ui->sampling);	/* waits: better than leaking a thread */
	} else {
		ui->old_samplings = n;
		ui->old_samplings[ui->nold_samplings++] = ui->sampling;
	}
	ui->sampling = NULL;
}

void ui_sample_start(struct ui *ui)
{
	struct wizard_model *m = &ui->model;
	const char **names;

	if (!wizard_model_forecast_applies(m) || wizard_model_sample_current(m))
		return;
	abandon(ui);
	wizard_model_sample_begin(m);
	names = calloc(m->nvms ? m->nvms : 1, sizeof *names);
	if (!names)
		return;
	for (size_t k = 0; k < m->nvms; k++)
		names[k] = wizard_model_vm_at(m, k)->name;
	ui->sampling = dirtysample_start(ui->inv, names, m->nvms, m->kind);
	free(names);
	if (!ui->sampling)	/* said as not sampled: the forecast is unknown */
		wizard_model_sample_put(m, calloc(1, sizeof(struct probe_dirty)), 0);
}

int ui_sample_poll(struct ui *ui)
{
	struct probe_dirty *vms;
	size_t n;

	if (!dirtysample_take(ui->sampling, &vms, &n))
		return 0;
	return wizard_model_sample_put(&ui->model, vms, n);
}

void ui_sample_end(struct ui *ui)
{
	dirtysample_free(ui->sampling);
	ui->sampling = NULL;
	for (size_t i = 0; i < ui->nold_samplings; i++)
		dirtysample_free(ui->old_samplings[i]);
	free(ui->old_samplings);
	ui->old_samplings = NULL;
	ui->nold_samplings = 0;
}

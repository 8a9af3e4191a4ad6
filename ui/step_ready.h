/* ui/step_ready.h — what the two faces of "Ready to complete" share: one
 * VM (step_ready.c) and several (step_ready_vms.c). */
#ifndef VIRT_MIGRATE_STEP_READY_H
#define VIRT_MIGRATE_STEP_READY_H

#include "ui.h"

/* A row of the summary: NAME, then VALUE, at row Y. */
void step_ready_row(int y, int cols, const char *name, const char *value);
/* The rows every VM shares, from Networks to Limits (and for one VM its
 * NICs), from row Y; returns the next free row. */
int step_ready_shared(struct ui *ui, int y, int cols);
/* The line that counts the errors and warnings of F, then each of them
 * with its hint, from row Y above row END. */
void step_ready_findings(const struct findings *f, int y, int end, int cols);
/* The whole step for several VMs: the shared rows, one row per VM. */
void step_ready_draw_vms(struct ui *ui, int top, int rows, int cols);

#endif

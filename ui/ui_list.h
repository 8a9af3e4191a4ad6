/* ui/ui_list.h — the cursor of a virtual list: of COUNT rows only the
 * visible ones are drawn (the VM, host, datastore, disk and network lists). */
#ifndef VIRT_MIGRATE_UI_LIST_H
#define VIRT_MIGRATE_UI_LIST_H

#include <stddef.h>

struct ui_list {
	size_t count, top, cursor;
	int y0, shown;		/* where it was drawn last: first row, rows (clicks) */
};

/* Say where the list's visible rows were drawn: a click (SCREEN_CLICK or
 * SCREEN_DCLICK from screen_key) on one of them moves the cursor there. */
void ui_list_place(struct ui_list *l, int y0, int shown);
/* Keep the cursor visible in ROWS rows; move it by keys (arrows, j/k,
 * PgUp/PgDn, Home/End): 1 when CH was a movement key. */
void ui_list_fit(struct ui_list *l, int rows);
int ui_list_key(struct ui_list *l, int ch, int rows);
/* 0-based: the rows to draw are l->top .. l->top + rows - 1 (< count). */

#endif

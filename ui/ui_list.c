/* ui/ui_list.c — the cursor of a virtual list: only visible rows are drawn. */
#include <curses.h>

#include "screen.h"
#include "ui_list.h"

void ui_list_fit(struct ui_list *l, int rows)
{
	size_t r = rows > 0 ? (size_t)rows : 1;
	if (l->count == 0) {
		l->cursor = l->top = 0;
		return;
	}
	if (l->cursor >= l->count)
		l->cursor = l->count - 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + r)
		l->top = l->cursor - r + 1;
	if (l->top + r > l->count)
		l->top = l->count > r ? l->count - r : 0;
}

void ui_list_place(struct ui_list *l, int y0, int shown)
{
	l->y0 = y0;
	l->shown = shown;
}

int ui_list_key(struct ui_list *l, int ch, int rows)
{
	size_t page = rows > 1 ? (size_t)rows - 1 : 1;
	switch (ch) {
	case SCREEN_CLICK:
	case SCREEN_DCLICK: {
		int y = screen_click_y();
		if (y < l->y0 || y >= l->y0 + l->shown || l->top + (size_t)(y - l->y0) >= l->count)
			return 0;
		l->cursor = l->top + (size_t)(y - l->y0);
		break;
	}
	case KEY_UP:
	case 'k':
		if (l->cursor > 0)
			l->cursor--;
		break;
	case KEY_DOWN:
	case 'j':
		if (l->cursor + 1 < l->count)
			l->cursor++;
		break;
	case KEY_PPAGE:
		l->cursor = l->cursor > page ? l->cursor - page : 0;
		break;
	case KEY_NPAGE:
		l->cursor += page;
		if (l->count && l->cursor >= l->count)
			l->cursor = l->count - 1;
		break;
	case KEY_HOME:
	case 'g':
		l->cursor = 0;
		break;
	case KEY_END:
	case 'G':
		l->cursor = l->count ? l->count - 1 : 0;
		break;
	default:
		return 0;
	}
	ui_list_fit(l, rows);
	return 1;
}

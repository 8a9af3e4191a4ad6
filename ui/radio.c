/* ui/radio.c — a radio list: what the type and priority steps draw and how
 * their keys and clicks move and choose, in one place. */
#include <curses.h>

#include "radio.h"
#include "screen.h"

void radio_draw(struct radio *r, const struct radio_item *items, int y, int cols, int focus,
		int chosen)
{
	r->y0 = y;
	for (int i = 0; i < r->count; i++, y += 3) {
		int here = focus && i == r->cursor;
		enum theme_role role = here ? THEME_cursor : THEME_normal;
		screen_fill(y, 2, cols - 4, role);
		screen_put(y, 1, 1, THEME_normal, 0, here ? ">" : " ");
		screen_putf(y, 3, cols - 6, role, 0, "(%s) %s", i == chosen ? "*" : " ",
			    items[i].title);
		screen_put(y + 1, 8, cols - 10, THEME_dim, 0, items[i].line);
	}
}

enum radio_result radio_key(struct radio *r, int ch)
{
	switch (ch) {
	case SCREEN_CLICK:
	case SCREEN_DCLICK: {	/* a click on an item's two rows chooses it */
		int d = screen_click_y() - r->y0;
		if (d < 0 || d % 3 == 2 || d / 3 >= r->count)
			return RADIO_PASS;
		r->cursor = d / 3;
		return RADIO_CHOSEN;
	}
	case KEY_UP:
	case 'k':
		if (r->cursor > 0)
			r->cursor--;
		return RADIO_MOVED;
	case KEY_DOWN:
	case 'j':
		if (r->cursor + 1 < r->count)
			r->cursor++;
		return RADIO_MOVED;
	case ' ':
		return RADIO_CHOSEN;
	default:
		return RADIO_PASS;
	}
}

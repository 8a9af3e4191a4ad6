/* ui/radio.h — a radio list: choices drawn as two-line items, "(*) TITLE"
 * and a line that explains it, one every 3 rows.  The type step has one,
 * the priority step two (priority and Encrypted vMotion). */
#ifndef VIRT_MIGRATE_RADIO_H
#define VIRT_MIGRATE_RADIO_H

struct radio {
	int count;	/* choices */
	int cursor;	/* the highlighted one, 0..count-1 */
	int y0;		/* the row of the first choice as drawn last (clicks) */
};

struct radio_item {
	const char *title, *line;
};

/* Draw the COUNT ITEMS from row Y: the cursor's marked '>' and highlighted
 * when the list has the FOCUS, the CHOSEN one marked (*). */
void radio_draw(struct radio *r, const struct radio_item *items, int y, int cols, int focus,
		int chosen);

enum radio_result {
	RADIO_PASS,	/* not a key of the list */
	RADIO_MOVED,	/* Up/Down, j/k: the cursor moved (or stayed at an end) */
	RADIO_CHOSEN,	/* Space, or a click on a choice (the cursor went there) */
};

enum radio_result radio_key(struct radio *r, int ch);

#endif

/* ui/ui_finding.c — one finding of the checks on the screen, as the host,
 * storage and ready steps show them: severity, message, hint. */
#include <stdio.h>

#include "ui.h"

int ui_finding_rows(int cols, int text_x, const struct finding *f)
{
	int w = cols - text_x - 1, n = screen_wrap_rows(w, f->message);

	if (f->hint[0]) {
		char hint[320];
		snprintf(hint, sizeof(hint), "hint: %s", f->hint);
		n += screen_wrap_rows(w, hint);
	}
	return n;
}

int ui_finding_draw(int y, int x, int text_x, int cols, int end, const struct finding *f)
{
	enum theme_role role = f->severity == FINDING_ERROR ? THEME_error
			       : f->severity == FINDING_WARNING ? THEME_warning : THEME_dim;
	int w = cols - text_x - 1, n;

	screen_put(y, x, 8, role, 1, finding_severity_name(f->severity));
	n = screen_wrap(y, text_x, w, THEME_normal, end - y, f->message);
	if (f->hint[0] && y + n < end) {
		char hint[320];
		snprintf(hint, sizeof(hint), "hint: %s", f->hint);
		n += screen_wrap(y + n, text_x, w, THEME_dim, end - y - n, hint);
	}
	return n;
}

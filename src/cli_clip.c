/* src/cli_clip.c — a line cut to a terminal's width, whole characters
 * only (a progress line redrawn in place must never wrap). */
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"

void cli_clip(FILE *f, const char *s, int width)
{
	size_t len = strlen(s), end = 0;
	int used = 0;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	while (end < len) {
		wchar_t wc;
		int w = 1;	/* a byte that is no character counts one, as cli_wrap_columns does */
		size_t n = mbrtowc(&wc, s + end, len - end, &st);

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			n = 1;
		} else {
			int cw = wcwidth(wc);
			w = cw > 0 ? cw : 0;
		}
		if (used + w > width)
			break;
		used += w;
		end += n;
	}
	fwrite(s, 1, end, f);
}

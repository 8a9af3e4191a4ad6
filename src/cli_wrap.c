/* src/cli_wrap.c — text that fits: the width of the terminal a stream goes
 * to (80 columns when it is not a terminal, so that files and pipes read the
 * same everywhere), and lists of items wrapped to it under their label. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"

#define WRAP_DEFAULT 80
#define WRAP_MIN 40

int cli_wrap_width(FILE *f)
{
	struct winsize ws;
	int fd = fileno(f);

	if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col < WRAP_MIN ? WRAP_MIN : ws.ws_col;
	return WRAP_DEFAULT;
}

/* Columns S takes on a terminal (UTF-8; a byte that is not counts one). */
static int display_width(const char *s)
{
	int w = 0;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			w++;
			s++;
			continue;
		}
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += n;
	}
	return w;
}

void cli_list_start(struct cli_list *l, FILE *f, const char *label, int indent)
{
	memset(l, 0, sizeof(*l));
	l->f = f;
	l->indent = indent;
	l->width = cli_wrap_width(f);
	fprintf(f, "%*s%s", indent, "", label);
	l->col = indent + display_width(label);
	l->start = l->col;
}

void cli_list_put(struct cli_list *l, const char *item)
{
	int w = display_width(item) + (l->n ? 2 : 1);	/* ", " or " " before it */

	if (l->n && l->col + w > l->width) {
		/* on a row of its own, under the first item */
		fprintf(l->f, ",\n%*s", l->start + 1, "");
		l->col = l->start + 1;
		w -= 2;
	} else {
		fputs(l->n ? ", " : " ", l->f);
	}
	fputs(item, l->f);
	l->col += w;
	l->n++;
}

void cli_list_item(struct cli_list *l, const char *name, const char *fmt, ...)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	cli_text(m, name);
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vfprintf(m, fmt, ap);
		va_end(ap);
	}
	if (fclose(m) == 0)
		cli_list_put(l, buf);
	free(buf);
}

void cli_list_end(struct cli_list *l)
{
	fputs(l->n ? "\n" : " none\n", l->f);
}

/* src/cli_wrap.c — text that fits: the width of the terminal a stream goes
 * to (80 columns when it is not a terminal, or $COLUMNS, so that files and
 * pipes read the same everywhere), lists of items wrapped to it under their
 * label, text wrapped at its spaces, and diagnostics: wrapped with their hint
 * under them on a terminal, one line each in a file or pipe. */
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
#define WRAP_MAX 1000

int cli_wrap_tty(FILE *f)
{
	int fd = fileno(f);
	return fd >= 0 && isatty(fd);
}

int cli_wrap_width(FILE *f)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	int fd = fileno(f);

	if (cli_wrap_tty(f) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col < WRAP_MIN ? WRAP_MIN : ws.ws_col;
	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);
		if (*end == '\0' && n >= WRAP_MIN && n <= WRAP_MAX)
			return (int)n;
	}
	return WRAP_DEFAULT;
}

/* Columns the LEN bytes at S take on a terminal (UTF-8; a byte that is
 * not counts one). */
static int width_of(const char *s, size_t len)
{
	const char *end = s + len;
	int w = 0;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	while (s < end) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, (size_t)(end - s), &st);
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

static int display_width(const char *s)
{
	return width_of(s, strlen(s));
}

int cli_wrap_columns(const char *s)
{
	return display_width(s);
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

void cli_wrap_text(FILE *f, int col, int indent, const char *text)
{
	int width = cli_wrap_width(f), first = 1;
	const char *s = text ? text : "";

	for (;;) {
		size_t n = strcspn(s, " ");
		int w = width_of(s, n);
		if (!first && col + 1 + w > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(s, 1, n, f);
		col += w;
		first = 0;
		if (!s[n])
			break;
		s += n + 1;
	}
	fputc('\n', f);
}

FILE *cli_row_open(struct cli_row *r)
{
	r->buf = NULL;
	r->len = 0;
	r->m = open_memstream(&r->buf, &r->len);
	return r->m;
}

/* The row's text, closed; NULL when the stream failed. */
static char *row_close(struct cli_row *r)
{
	if (!r->m)
		return NULL;
	int bad = fclose(r->m) != 0;
	r->m = NULL;
	if (bad) {
		free(r->buf);
		r->buf = NULL;
	}
	return r->buf;
}

void cli_row_print(struct cli_row *r, FILE *f, int col, int indent)
{
	char *text = row_close(r);
	if (text)
		cli_wrap_text(f, col, indent, text);
	free(text);
}

void cli_diag(FILE *f, struct cli_row *r, const char *hint, int parens)
{
	char *text = row_close(r);
	int tty = cli_wrap_tty(f);

	if (!text)
		return;
	if (tty)
		cli_wrap_text(f, 0, 2, text);
	else
		fputs(text, f);
	free(text);
	if (hint && hint[0]) {
		char *h = cli_text_dup(hint);
		if (tty) {
			fputs("  ", f);
			cli_wrap_text(f, 2, 2, h ? h : "");
		} else {
			fprintf(f, parens ? " (%s)" : " %s", h ? h : "");
		}
		free(h);
	}
	if (!tty)
		fputc('\n', f);
}

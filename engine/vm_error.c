/* engine/vm_error.c — the error a caller hands to every engine function. */
#include <stdio.h>
#include <string.h>

#include "engine.h"

void vm_error_clear(struct vm_error *err)
{
	if (!err)
		return;
	err->message[0] = '\0';
	err->hint[0] = '\0';
}

/* vsnprintf into BUF, never overflowing; a cut message ends with "...".
 * The arguments may point into BUF itself ("wrap the previous message"), so
 * the text is made in a scratch buffer first. */
static void format_into(char *buf, size_t size, const char *fmt, va_list ap)
{
	char tmp[sizeof(((struct vm_error *)0)->message)];
	size_t cap = size < sizeof(tmp) ? size : sizeof(tmp);
	int n = vsnprintf(tmp, cap, fmt, ap);

	if (n < 0) {
		buf[0] = '\0';
		return;
	}
	if ((size_t)n >= cap && cap > 4) {
		/* Cut on a UTF-8 character boundary, then mark the cut. */
		size_t at = cap - 4;
		while (at > 0 && ((unsigned char)tmp[at] & 0xC0) == 0x80)
			at--;
		memcpy(tmp + at, "...", 4);
	}
	/* Messages name things read from hosts (VM, disk, network names), which
	 * may hold control characters: keep the message on one line and any
	 * escape sequence off the terminal it is printed on. */
	for (char *c = tmp; *c; c++) {
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
		else if ((unsigned char)*c < ' ' || *c == 0x7f)
			*c = '?';
	}
	memcpy(buf, tmp, strlen(tmp) + 1);
}

void vm_error_set(struct vm_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	format_into(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	err->hint[0] = '\0';
}

void vm_error_hint(struct vm_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	format_into(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

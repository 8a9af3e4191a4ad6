/* engine/probe_fill.c — the probes' one text helper, in a file of its own
 * so that probe_link.c and probe_measure.c both use it without calling each
 * other back. */
#include <stdarg.h>
#include <stdio.h>

#include "inventory_int.h"

void probe_fill(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

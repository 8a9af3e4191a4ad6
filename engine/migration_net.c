/* engine/migration_net.c — a VM's NICs put on their networks of the target:
 * one simultaneous map.  Every NIC's new network is the plan's target for
 * the network it has in the ORIGINAL definition (plan_net_target), all in
 * one pass, so that "a=b, b=a" swaps two NICs and "a=b, b=c" sends a to b
 * and b to c, as the checks and the operator's table say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"
#include "xmlget.h"

#define NET_ATTR "<source network="

/* The decoded value of an attribute whose raw text (between its quotes Q)
 * is RAW, LEN bytes: read by the engine's XML reader, so entities and
 * character references mean what libvirt meant.  malloc'd; NULL when
 * malformed or out of memory. */
static char *attr_decode(const char *raw, size_t len, char q)
{
	char *doc = NULL, why[128], *value = NULL;

	if (asprintf(&doc, "<a v=%c%.*s%c/>", q, (int)len, raw, q) < 0)
		return NULL;
	struct xml_node *root = xml_parse(doc, why, sizeof why);
	const char *v = root ? xml_attr(root, "v") : NULL;

	if (v)
		value = strdup(v);
	xml_free(root);
	free(doc);
	return value;
}

/* Write the network attribute starting at AT (just after NET_ATTR) to OUT,
 * with its network replaced by the plan's target for it.  Returns where the
 * source text goes on (after the closing quote), or NULL when the value is
 * malformed or out of memory. */
static const char *remap_one(FILE *out, const char *at, const struct plan *plan)
{
	char q = *at;

	if (q != '\'' && q != '"')
		return NULL;
	const char *end = strchr(at + 1, q);

	if (!end)
		return NULL;
	size_t len = (size_t)(end - at - 1);
	char *from = attr_decode(at + 1, len, q);

	if (!from)
		return NULL;
	const char *to = plan_net_target(plan, from);
	char *eto = to != from ? migration_xml_escape(to) : NULL;
	int ok = 1;

	if (to == from)		/* not in the table: the text as it was */
		fprintf(out, "%c%.*s%c", q, (int)len, at + 1, q);
	else if (eto)
		fprintf(out, "%c%s%c", q, eto, q);
	else
		ok = 0;
	free(eto);
	free(from);
	return ok ? end + 1 : NULL;
}

char *migration_remap_networks(const char *xml, const struct plan *plan)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	const char *cur = xml;
	int ok = out != NULL;

	while (ok) {
		const char *hit = strstr(cur, NET_ATTR);

		if (!hit) {
			fputs(cur, out);
			break;
		}
		size_t head = (size_t)(hit - cur) + strlen(NET_ATTR);

		fwrite(cur, 1, head, out);
		cur = remap_one(out, cur + head, plan);
		ok = cur != NULL;
	}
	if (out && (ferror(out) | fclose(out)))
		ok = 0;
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

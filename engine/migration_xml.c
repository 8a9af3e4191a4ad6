/* engine/migration_xml.c — every edit the executors make to a domain's XML:
 * escaping, finding and retargeting a disk's file, and the networks; and the
 * reads of it that ask whether a path is named and which disk has a file.
 *
 * The NICs are put on their networks of the target in one simultaneous map.  Every NIC's new network is the plan's target for
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

char *migration_xml_remap_networks(const char *xml, const struct plan *plan)
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

/* The first <disk> among ROOT's devices whose <source file> is PATH (the
 * attribute's value as decoded by the reader), or NULL. */
static const struct xml_node *disk_with_file(const struct xml_node *root, const char *path)
{
	const struct xml_node *devs = root ? xml_find(root, "devices") : NULL;

	for (const struct xml_node *d = devs ? xml_child(devs, "disk") : NULL; d;
	     d = xml_next_same(d)) {
		const char *file = xml_attr(xml_child(d, "source"), "file");

		if (file && strcmp(file, path) == 0)
			return d;
	}
	return NULL;
}

int migration_xml_has_disk_file(const char *xml, const char *path)
{
	char why[128];
	struct xml_node *root = xml_parse(xml, why, sizeof why);
	int found = disk_with_file(root, path) != NULL;

	xml_free(root);
	return found;
}

int migration_xml_uses_path(const char *xml, const char *path)
{
	char why[128];
	struct xml_node *root = xml_parse(xml, why, sizeof why);
	int used = 0;

	if (!root)
		return -1;
	/* every element, depth first */
	for (struct xml_node *n = root; n && !used; n = xml_next(n))
		for (size_t i = 0; i < n->nattrs && !used; i++)
			used = strcmp(n->attrs[i].value, path) == 0;
	xml_free(root);
	return used;
}

int migration_xml_disk_target(const char *xml, const char *path, char *buf, size_t len)
{
	char why[128];
	struct xml_node *root = xml_parse(xml, why, sizeof why);
	const struct xml_node *disk = disk_with_file(root, path);
	const char *dev = xml_attr(xml_child(disk, "target"), "dev");
	int found = !root ? -1 : dev && dev[0] && strlen(dev) < len;

	if (len)
		buf[0] = '\0';
	if (found == 1)
		memcpy(buf, dev, strlen(dev) + 1);
	xml_free(root);
	return found;
}

char *migration_xml_escape(const char *s)
{
	size_t n = strlen(s) * 6 + 1;
	char *out = malloc(n), *o = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\'': rep = "&apos;"; break;
		case '"': rep = "&quot;"; break;
		}
		if (rep) {
			size_t l = strlen(rep);
			memcpy(o, rep, l);
			o += l;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

/* Replace, inside [start, end) of S, the first value of ATTR='...' after
 * the first occurrence of TAG.  Returns a new string, or NULL. */
static char *replace_in_span(const char *s, size_t start, size_t end, const char *tag,
			     const char *attr, const char *value)
{
	const char *t = strstr(s + start, tag);
	if (!t || (size_t)(t - s) >= end)
		return strdup(s);	/* nothing to change */
	char key[64];
	snprintf(key, sizeof key, "%s='", attr);
	const char *a = strstr(t, key);
	const char *close = strchr(t, '>');
	if (!a || !close || a > close || (size_t)(a - s) >= end)
		return strdup(s);
	const char *v = a + strlen(key);
	const char *q = strchr(v, '\'');
	if (!q)
		return NULL;
	char *out = NULL;
	if (asprintf(&out, "%.*s%s%s", (int)(v - s), s, value, q) < 0)
		return NULL;
	return out;
}

char *migration_xml_retarget_disk(const char *xml, const char *old_path, const char *new_path,
				  const char *new_format)
{
	char *eold = migration_xml_escape(old_path), *enew = migration_xml_escape(new_path);
	char *needle = NULL, *out = NULL, *tmp = NULL;
	if (!eold || !enew || asprintf(&needle, "file='%s'", eold) < 0)
		goto cleanup;
	const char *hit = strstr(xml, needle);
	if (!hit)
		goto cleanup;
	/* the <disk> element around it */
	const char *disk = hit;
	while (disk > xml && strncmp(disk, "<disk", 5) != 0)
		disk--;
	const char *dend = strstr(hit, "</disk>");
	if (strncmp(disk, "<disk", 5) != 0 || !dend)
		goto cleanup;
	size_t head = (size_t)(hit - xml);
	if (asprintf(&tmp, "%.*sfile='%s'%s", (int)head, xml, enew, hit + strlen(needle)) < 0)
		goto cleanup;
	size_t dstart = (size_t)(disk - xml);
	size_t dstop = (size_t)(dend - xml) + strlen(enew) - strlen(eold);
	out = new_format ? replace_in_span(tmp, dstart, dstop, "<driver", "type", new_format) : strdup(tmp);
cleanup:
	free(eold);
	free(enew);
	free(needle);
	free(tmp);
	return out;
}

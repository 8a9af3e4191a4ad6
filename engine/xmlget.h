/* engine/xmlget.h — a tiny XML reader for the documents libvirt returns.
 *
 * Internal to the engine.  It builds a small tree (elements, attributes, the
 * text directly inside each element) from well-formed XML: elements,
 * attributes in ' or " quotes, the five predefined entities and character
 * references, comments, processing instructions, CDATA, and a DOCTYPE without
 * an internal subset.  Namespace prefixes are kept as part of the name
 * ("test:runstate").  Anything malformed is refused with a message, never
 * guessed at; nesting deeper than XML_DEPTH_MAX is refused.
 */
#ifndef VIRT_MIGRATE_XMLGET_H
#define VIRT_MIGRATE_XMLGET_H

#include <stddef.h>

#define XML_DEPTH_MAX 256

struct xml_attr {
	char *name;
	char *value;
};

struct xml_node {
	char *name;
	struct xml_attr *attrs;
	size_t nattrs;
	char *text;		/* direct character data, decoded; "" if none */
	struct xml_node *parent;
	struct xml_node *child;	/* first child element */
	struct xml_node *next;	/* next sibling element */
};

/* Parse TEXT; returns the root element or NULL with a message in ERR. */
struct xml_node *xml_parse(const char *text, char *err, size_t errlen);
void xml_free(struct xml_node *root);

/* First child element of N named NAME (any name if NAME is NULL). */
const struct xml_node *xml_child(const struct xml_node *n, const char *name);
/* The element after N in document order (depth first: its first child,
 * else the next sibling of it or of its nearest ancestor), NULL after the
 * last: `for (n = root; n; n = xml_next(n))` visits every element. */
struct xml_node *xml_next(struct xml_node *n);
/* Next sibling of N with the same name as N. */
const struct xml_node *xml_next_same(const struct xml_node *n);
/* The element at PATH below N ("host/cpu/model"; each step the first child
 * of that name); "" or NULL gives N itself. */
const struct xml_node *xml_find(const struct xml_node *n, const char *path);
/* An attribute's value, or NULL. */
const char *xml_attr(const struct xml_node *n, const char *name);

/* malloc'd copies (NULL when absent or out of memory): the text of the
 * element at PATH with surrounding white space removed (NULL when empty),
 * or, when ATTR is not NULL, the value of that attribute. */
char *xml_get(const struct xml_node *n, const char *path, const char *attr);
/* The element text at PATH as an unsigned number; DEF when absent or not
 * a number. */
unsigned long long xml_get_ull(const struct xml_node *n, const char *path,
			       unsigned long long def);

#endif

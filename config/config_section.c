/* config/config_section.c — section headers: [defaults], [host NAME] and
 * [cluster NAME], and where each section's keys go.
 *
 * The kinds are a table (header word, keys, and for the named kinds where
 * their array lives in struct config and the layout of an entry), so that
 * opening, labelling and finding a host or a cluster is written once.
 */
#include "config_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct section_def {
	const char *word;	/* as written in the header */
	bool named;		/* takes a NAME after the word */
	const struct config_key *keys;
	/* Named kinds: the array in struct config, its count, and the size,
	 * name and header line of an entry.  [defaults]: the struct at LIST. */
	size_t list, count, size, name, line;
};

#define NAMED(word_, keys_, list_, count_, type_) {				\
	word_, true, keys_, offsetof(struct config, list_),			\
	offsetof(struct config, count_), sizeof(struct type_),			\
	offsetof(struct type_, name), offsetof(struct type_, line) }

static const struct section_def sections[CONFIG_SEC_COUNT] = {
	[CONFIG_SEC_NONE] = { NULL, false, NULL, 0, 0, 0, 0, 0 },
	[CONFIG_SEC_DEFAULTS] = { "defaults", false, config_keys_defaults,
				  offsetof(struct config, defaults), 0, 0, 0, 0 },
	[CONFIG_SEC_HOST] = NAMED("host", config_keys_host, hosts, nhosts, config_host),
	[CONFIG_SEC_CLUSTER] = NAMED("cluster", config_keys_cluster, clusters, nclusters,
				     config_cluster),
};

#undef NAMED

/* A new entry is zeroed: that must leave a cluster with evc off. */
_Static_assert(CONFIG_EVC_OFF == 0, "a zeroed cluster has evc off");

/* ---- entries of the named kinds ---------------------------------------------- */

/* The array of kind S in CFG (memcpy: the field is a typed pointer). */
static char *entries(const struct config *cfg, const struct section_def *s)
{
	char *list;

	memcpy(&list, (const char *)cfg + s->list, sizeof(list));
	return list;
}

static size_t *entry_count(struct config *cfg, const struct section_def *s)
{
	return (size_t *)((char *)cfg + s->count);
}

static char *entry_name(const struct config *cfg, const struct section_def *s, size_t i)
{
	return *(char **)(entries(cfg, s) + i * s->size + s->name);
}

/* Room for one more row of key lines for KIND, at row N, zeroed. */
static int grow_key_lines(struct config_parser *p, enum config_section_kind kind, size_t n)
{
	int *rows = realloc(p->key_lines[kind], (n + 1) * CONFIG_MAX_KEYS * sizeof(*rows));

	if (!rows)
		return -1;
	memset(rows + n * CONFIG_MAX_KEYS, 0, CONFIG_MAX_KEYS * sizeof(*rows));
	p->key_lines[kind] = rows;
	return 0;
}

static int open_defaults(struct config_parser *p)
{
	if (p->defaults_line) {
		config_parse_fail(p, p->lineno, "[defaults] appears a second time (first on "
				  "line %d); merge the two sections", p->defaults_line);
		return -1;
	}
	if (grow_key_lines(p, CONFIG_SEC_DEFAULTS, 0) != 0) {
		config_parse_fail(p, p->lineno, "out of memory");
		return -1;
	}
	p->defaults_line = p->lineno;
	p->kind = CONFIG_SEC_DEFAULTS;
	p->index = 0;
	return 0;
}

/* [host NAME] or [cluster NAME]: a new, zeroed entry at the end of its array. */
static int open_named(struct config_parser *p, enum config_section_kind kind, const char *name)
{
	const struct section_def *s = &sections[kind];
	struct config *cfg = p->cfg;
	size_t *count = entry_count(cfg, s);
	const char *old = config_find_named(entries(cfg, s), *count, s->size, s->name, name);

	if (old) {
		config_parse_fail(p, p->lineno, "[%s %s] appears a second time (first on line "
				  "%d); merge the two sections or rename one", s->word, name,
				  *(const int *)(old + s->line));
		return -1;
	}
	char *list = realloc(entries(cfg, s), (*count + 1) * s->size);
	if (list)
		memcpy((char *)cfg + s->list, &list, sizeof(list));
	char *copy = strdup(name);
	if (!list || !copy || grow_key_lines(p, kind, *count) != 0) {
		free(copy);
		config_parse_fail(p, p->lineno, "out of memory");
		return -1;
	}
	char *entry = list + *count * s->size;
	memset(entry, 0, s->size);
	*(char **)(entry + s->name) = copy;
	*(int *)(entry + s->line) = p->lineno;
	p->index = (*count)++;
	p->kind = kind;
	return 0;
}

/* ---- headers ------------------------------------------------------------------ */

/* HEAD, the text between the brackets, split in place into its word and its
 * name, blanks around either dropped: "[ word  name ]" -> word, name. */
static void split_header(char *head, char **word, char **name)
{
	char *s;

	while (config_is_blank(*head))
		head++;
	*word = head;
	for (s = head; *s && !config_is_blank(*s); s++)
		;
	*name = s;
	if (**name) {
		*(*name)++ = '\0';
		while (config_is_blank(**name))
			(*name)++;
	}
	for (char *e = *name + strlen(*name); e > *name && config_is_blank(e[-1]); )
		*--e = '\0';
}

int config_section_open(struct config_parser *p, const char *line)
{
	const char *close = strchr(line, ']');

	if (!close) {
		config_parse_fail(p, p->lineno, "section header without closing ']'; "
				  "write [defaults], [host NAME] or [cluster NAME]");
		return -1;
	}
	for (const char *s = close + 1; *s; s++) {
		if (*s == ';' || *s == '#')
			break;
		if (!config_is_blank(*s)) {
			config_parse_fail(p, p->lineno, "unexpected text after ']'; a section "
					  "header stands alone on its line");
			return -1;
		}
	}

	char head[CONFIG_ADDRESS_MAX_LEN + 1];
	size_t len = (size_t)(close - line - 1);
	if (len >= sizeof(head)) {
		config_parse_fail(p, p->lineno, "section header is too long; names have at "
				  "most %d characters", CONFIG_NAME_MAX_LEN);
		return -1;
	}
	memcpy(head, line + 1, len);
	head[len] = '\0';

	char *word, *name;
	split_header(head, &word, &name);

	enum config_section_kind kind = CONFIG_SEC_NONE;
	for (int i = CONFIG_SEC_NONE + 1; i < CONFIG_SEC_COUNT; i++)
		if (strcmp(word, sections[i].word) == 0)
			kind = (enum config_section_kind)i;
	if (kind == CONFIG_SEC_NONE) {
		config_parse_fail(p, p->lineno, "unknown section [%s]; expected [defaults], "
				  "[host NAME] or [cluster NAME]", word);
		return -1;
	}
	if (!sections[kind].named && *name) {
		config_parse_fail(p, p->lineno, "[%s] takes no name; write just [%s]", word,
				  word);
		return -1;
	}
	if (sections[kind].named && !*name) {
		config_parse_fail(p, p->lineno, "[%s] needs a name; write [%s NAME]", word,
				  word);
		return -1;
	}
	if (sections[kind].named && !config_valid_name(name)) {
		config_parse_fail(p, p->lineno, "%s name '%s' is not valid; use letters, "
				  "digits, '.', '_' and '-', starting with a letter or digit, "
				  "at most %d characters", word, name, CONFIG_NAME_MAX_LEN);
		return -1;
	}
	return sections[kind].named ? open_named(p, kind, name) : open_defaults(p);
}

/* ---- the open section ---------------------------------------------------------- */

const struct config_key *config_section_keys(enum config_section_kind kind)
{
	return sections[kind].keys;
}

const char *config_section_label(const struct config_parser *p, char *buf, size_t len)
{
	const struct section_def *s = &sections[p->kind];

	if (p->kind == CONFIG_SEC_NONE)
		snprintf(buf, len, "(no section)");
	else if (!s->named)
		snprintf(buf, len, "[%s]", s->word);
	else
		snprintf(buf, len, "[%s %s]", s->word, entry_name(p->cfg, s, p->index));
	return buf;
}

void *config_section_base(const struct config_parser *p)
{
	const struct section_def *s = &sections[p->kind];

	if (p->kind == CONFIG_SEC_NONE)
		return NULL;
	if (!s->named)
		return (char *)p->cfg + s->list;
	return entries(p->cfg, s) + p->index * s->size;
}

int *config_section_key_lines(const struct config_parser *p, enum config_section_kind kind,
			      size_t index)
{
	return p->key_lines[kind] ? p->key_lines[kind] + index * CONFIG_MAX_KEYS : NULL;
}

int config_section_key_line(const struct config_parser *p, enum config_section_kind kind,
			    size_t index, const char *key)
{
	const struct config_key *keys = sections[kind].keys;
	const struct config_key *k = config_keys_find(keys, key);
	const int *lines = config_section_key_lines(p, kind, index);

	return k && lines ? lines[k - keys] : 0;
}

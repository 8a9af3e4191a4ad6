/* config/config_keys.c — the keys of each section kind and the types of
 * their values.
 *
 * A key is a name, a value type and the offset of its field; a value type
 * is a parser, the parameters it is driven by, and the words that finish
 * "KEY 'VALUE' is not ...".  Most types are one of a few parsers with other
 * parameters (which characters, which range, which words), so each rule is
 * written once and a key's table row says which one applies.
 */
#include "config_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GBPS_MAX	10000.0
#define TIMEOUT_MAX	600
#define FACTS_TTL_MAX	86400

enum parse_result {
	VALUE_OK,
	VALUE_BAD,		/* config_keys_set() says what was expected */
	VALUE_REPORTED		/* the parser has already reported the problem */
};

typedef enum parse_result (*value_parser)(struct config_parser *p, const struct config_key *k,
					  const char *value, void *field);

struct config_value_type {
	value_parser parse;
	const char *expect;	/* finishes "KEY 'VALUE' is not ..." */
	bool string;		/* the field is a malloc'd char * */
	/* parse_chars: at most MAX characters, alphanumeric or in EXTRA, the
	 * first alphanumeric or in FIRST */
	size_t max;
	const char *first, *extra;
	const char *const *words;	/* parse_word: the values allowed */
	long lo, hi;			/* parse_number: the range */
};

/* ---- parsers ------------------------------------------------------------------ */

static enum parse_result store_string(struct config_parser *p, const char *value, void *field)
{
	char *copy = strdup(value);

	if (!copy) {
		config_parse_fail(p, p->lineno, "out of memory");
		return VALUE_REPORTED;
	}
	*(char **)field = copy;
	return VALUE_OK;
}

static enum parse_result parse_chars(struct config_parser *p, const struct config_key *k,
				     const char *value, void *field)
{
	const struct config_value_type *t = k->type;

	if (!config_word_ok(value, t->max, t->first, t->extra))
		return VALUE_BAD;
	return store_string(p, value, field);
}

static enum parse_result parse_word(struct config_parser *p, const struct config_key *k,
				    const char *value, void *field)
{
	for (const char *const *w = k->type->words; *w; w++)
		if (strcmp(value, *w) == 0)
			return store_string(p, value, field);
	return VALUE_BAD;
}

/* scheme://rest, with a scheme such as qemu, qemu+ssh or test, and no blanks. */
static enum parse_result parse_uri(struct config_parser *p, const struct config_key *k,
				   const char *value, void *field)
{
	const char *s = value;

	(void)k;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return VALUE_BAD;
	while (config_is_alnum(*s) || *s == '+' || *s == '-' || *s == '.')
		s++;
	if (strncmp(s, "://", 3) != 0)
		return VALUE_BAD;
	for (s = value; *s; s++)
		if (*s == ' ' || config_is_control(*s))
			return VALUE_BAD;
	return store_string(p, value, field);
}

/* yes/no and their usual synonyms, stored as 1 or -1 (0 is "not said"). */
static enum parse_result parse_bool(struct config_parser *p, const struct config_key *k,
				    const char *value, void *field)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	(void)p;
	(void)k;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*(int *)field = 1;
			return VALUE_OK;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*(int *)field = -1;
			return VALUE_OK;
		}
	}
	return VALUE_BAD;
}

/* An absolute path, or ~ or ~/... expanded against $HOME. */
static enum parse_result parse_path(struct config_parser *p, const struct config_key *k,
				    const char *value, void *field)
{
	for (const char *s = value; *s; s++)
		if (config_is_control(*s))
			return VALUE_BAD;
	if (value[0] == '/')
		return store_string(p, value, field);
	if (value[0] != '~')
		return VALUE_BAD;
	if (value[1] != '\0' && value[1] != '/') {
		config_parse_fail(p, p->lineno, "%s '%s': '~user' paths are not supported; "
				  "write the full path or start it with ~/", k->name, value);
		return VALUE_REPORTED;
	}

	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		config_parse_fail(p, p->lineno, "%s '%s' starts with ~ but $HOME is not set "
				  "to an absolute path; write the full path", k->name, value);
		return VALUE_REPORTED;
	}
	size_t hlen = strlen(home);
	while (hlen > 1 && home[hlen - 1] == '/')
		hlen--;
	if (hlen == 1)		/* HOME=/ */
		hlen = 0;

	const char *rest = value[1] ? value + 1 : "";
	char *path = malloc(hlen + strlen(rest) + 2);
	if (!path) {
		config_parse_fail(p, p->lineno, "out of memory");
		return VALUE_REPORTED;
	}
	memcpy(path, home, hlen);
	strcpy(path + hlen, *rest ? rest : (hlen ? "" : "/"));
	*(char **)field = path;
	return VALUE_OK;
}

/* A whole number from the type's lo to hi, digits only. */
static enum parse_result parse_number(struct config_parser *p, const struct config_key *k,
				      const char *value, void *field)
{
	long n = 0;

	(void)p;
	for (const char *s = value; *s; s++) {
		if (*s < '0' || *s > '9')
			return VALUE_BAD;
		n = n * 10 + (*s - '0');
		if (n > k->type->hi)
			return VALUE_BAD;
	}
	if (!*value || n < k->type->lo)
		return VALUE_BAD;
	*(int *)field = (int)n;
	return VALUE_OK;
}

/* Digits at *S, at most HI, moved past; -1 when none or above HI. */
static long read_digits(const char **s, long hi)
{
	long n = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n > hi)
			return -1;
	}
	*s = p;
	return n;
}

/* sshd's MaxStartups as sshd_config writes it: START or START:RATE:FULL;
 * START (how many connections may be unauthenticated at once) is kept. */
static enum parse_result parse_startups(struct config_parser *p, const struct config_key *k,
					const char *value, void *field)
{
	const char *s = value;
	long start = read_digits(&s, CONFIG_SSH_MAX_STARTUPS_MAX), rate, full;

	(void)p;
	(void)k;
	if (start < 1)
		return VALUE_BAD;
	if (*s == ':') {
		s++;
		rate = read_digits(&s, 100);
		if (rate < 0 || *s++ != ':')
			return VALUE_BAD;
		full = read_digits(&s, CONFIG_SSH_MAX_STARTUPS_MAX);
		if (full < start)
			return VALUE_BAD;
	}
	if (*s)
		return VALUE_BAD;
	*(int *)field = (int)start;
	return VALUE_OK;
}

/* MIN-MAX, two ports from 1 to 65535, MIN at most MAX (blanks around '-'
 * allowed).  FIELD is a struct config_port_range. */
static enum parse_result parse_port_range(struct config_parser *p, const struct config_key *k,
					  const char *value, void *field)
{
	struct config_port_range *r = field;
	const char *s = value;
	long lo = read_digits(&s, 65535), hi;

	(void)p;
	(void)k;
	while (config_is_blank(*s))
		s++;
	if (lo < 1 || *s++ != '-')
		return VALUE_BAD;
	while (config_is_blank(*s))
		s++;
	hi = read_digits(&s, 65535);
	if (hi < lo || *s)
		return VALUE_BAD;
	r->min = (int)lo;
	r->max = (int)hi;
	return VALUE_OK;
}

/* DIGITS[.DIGITS] or .DIGITS, read by hand: strtod would follow the locale's
 * decimal separator once the program has called setlocale(). */
static enum parse_result parse_gbps(struct config_parser *p, const struct config_key *k,
				    const char *value, void *field)
{
	double v = 0.0, scale = 1.0;
	int digits = 0;
	const char *s = value;

	(void)p;
	(void)k;
	for (; *s >= '0' && *s <= '9' && digits < 12; s++, digits++)
		v = v * 10.0 + (*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9' && digits < 24; s++, digits++) {
			scale /= 10.0;
			v += (*s - '0') * scale;
		}
	}
	if (*s || digits == 0 || !(v > 0.0) || v > GBPS_MAX)
		return VALUE_BAD;
	*(double *)field = v;
	return VALUE_OK;
}

/* off, auto (any case) or a QEMU CPU model name.  FIELD is the cluster. */
static enum parse_result parse_evc(struct config_parser *p, const struct config_key *k,
				   const char *value, void *field)
{
	struct config_cluster *c = field;

	(void)k;
	if (strcasecmp(value, "off") == 0) {
		c->evc = CONFIG_EVC_OFF;
		return VALUE_OK;
	}
	if (strcasecmp(value, "auto") == 0) {
		c->evc = CONFIG_EVC_AUTO;
		return VALUE_OK;
	}
	if (!config_word_ok(value, CONFIG_NAME_MAX_LEN, "", "_.-"))
		return VALUE_BAD;
	if (store_string(p, value, &c->evc_model) != VALUE_OK)
		return VALUE_REPORTED;
	c->evc = CONFIG_EVC_MODEL;
	return VALUE_OK;
}

/* Adds NAME (taken) to C's host list, checked; -1 once reported. */
static int add_host(struct config_parser *p, struct config_cluster *c, char *name)
{
	char **list = name ? realloc(c->hosts, (c->nhosts + 1) * sizeof(*list)) : NULL;

	if (!list) {
		free(name);
		config_parse_fail(p, p->lineno, "out of memory");
		return -1;
	}
	c->hosts = list;
	c->hosts[c->nhosts++] = name;
	if (!config_valid_name(name)) {
		config_parse_fail(p, p->lineno, "hosts in [cluster %s]: '%s' is not a valid "
				  "host name; use letters, digits, '.', '_' and '-', starting "
				  "with a letter or digit, at most %d characters", c->name, name,
				  CONFIG_NAME_MAX_LEN);
		return -1;
	}
	for (size_t i = 0; i + 1 < c->nhosts; i++) {
		if (strcmp(c->hosts[i], name) == 0) {
			config_parse_fail(p, p->lineno, "hosts in [cluster %s] names '%s' twice; "
					  "list each host once", c->name, name);
			return -1;
		}
	}
	return 0;
}

/* Host names separated by blanks and/or commas.  FIELD is the cluster; the
 * names go to its host list as given, and are checked and merged with the
 * hosts that name the cluster themselves once the whole file is read. */
static enum parse_result parse_hosts(struct config_parser *p, const struct config_key *k,
				     const char *value, void *field)
{
	struct config_cluster *c = field;
	const char *s = value;

	(void)k;
	while (*s) {
		size_t n;

		while (*s == ',' || config_is_blank(*s))
			s++;
		n = strcspn(s, ", \t\r\v\f");
		if (n == 0)
			break;
		if (add_host(p, c, strndup(s, n)) != 0)
			return VALUE_REPORTED;
		s += n;
	}
	return c->nhosts ? VALUE_OK : VALUE_BAD;
}

/* ---- types and keys --------------------------------------------------------- */

#define CHARS(max_, first_, extra_)	.parse = parse_chars, .string = true, \
					.max = (max_), .first = (first_), .extra = (extra_)
#define WORDS(list_)			.parse = parse_word, .string = true, .words = (list_)
#define NUMBER(lo_, hi_)		.parse = parse_number, .lo = (lo_), .hi = (hi_)

static const char *const virt_type_words[] = { "auto", "kvm", "qemu", NULL };
static const char *const postcopy_words[] = { "auto", "never", "always", NULL };
static const char *const encrypt_words[] = { "disabled", "opportunistic", "required", NULL };
static const char *const compress_words[] = { "none", "xbzrle", "mt", "zlib", "zstd", NULL };

static const struct config_value_type type_user = {
	CHARS(CONFIG_NAME_MAX_LEN, "._", "._-"),
	.expect = "a user name (letters, digits, '.', '_' and '-')"
};
static const struct config_value_type type_port = {
	NUMBER(1, 65535), .expect = "a number from 1 to 65535"
};
static const struct config_value_type type_path = {
	.parse = parse_path, .string = true,
	.expect = "an absolute path or one starting with ~/"
};
static const struct config_value_type type_gbps = {
	.parse = parse_gbps,
	.expect = "a speed in Gbit/s above 0 and at most 10000, such as 1, 10 or 0.5"
};
/* 0 is meant: facts are never reused. */
static const struct config_value_type type_ttl = {
	NUMBER(0, FACTS_TTL_MAX),
	.expect = "a number of seconds from 0 (never reuse) to 86400"
};
static const struct config_value_type type_timeout = {
	NUMBER(1, TIMEOUT_MAX), .expect = "a number of seconds from 1 to 600"
};
static const struct config_value_type type_theme = {
	CHARS(CONFIG_NAME_MAX_LEN, "_-", "_-"),
	.expect = "a theme name (letters, digits, '_' and '-')"
};
static const struct config_value_type type_virt_type = {
	WORDS(virt_type_words), .expect = "auto, kvm or qemu"
};
static const struct config_value_type type_postcopy = {
	WORDS(postcopy_words), .expect = "auto, never or always"
};
static const struct config_value_type type_bool = {
	.parse = parse_bool, .expect = "yes or no"
};
static const struct config_value_type type_encrypt = {
	WORDS(encrypt_words), .expect = "disabled, opportunistic or required"
};
static const struct config_value_type type_connections = {
	NUMBER(1, CONFIG_CONNECTIONS_MAX), .expect = "a number of streams from 1 to 16"
};
static const struct config_value_type type_compress = {
	WORDS(compress_words), .expect = "none, xbzrle, mt, zlib or zstd"
};
static const struct config_value_type type_address = {
	CHARS(CONFIG_ADDRESS_MAX_LEN, ":", "._-:"),
	.expect = "a host name or IP address (letters, digits, '.', '_', '-' and ':')"
};
static const struct config_value_type type_uri = {
	.parse = parse_uri, .string = true,
	.expect = "a libvirt URI such as qemu+ssh://root@host/system"
};
/* The same rule as config_valid_name(). */
static const struct config_value_type type_cluster_ref = {
	CHARS(CONFIG_NAME_MAX_LEN, "", "._-"),
	.expect = "a cluster name (letters, digits, '.', '_' and '-', starting with a "
		  "letter or digit, at most 63 characters)"
};
static const struct config_value_type type_hosts = {
	.parse = parse_hosts, .expect = "a list of host names separated by spaces or commas"
};
static const struct config_value_type type_startups = {
	.parse = parse_startups,
	.expect = "sshd's MaxStartups: a number from 1 to 10000, or START:RATE:FULL as in "
		  "sshd_config (such as 10:30:100)"
};
static const struct config_value_type type_port_range = {
	.parse = parse_port_range,
	.expect = "a port range MIN-MAX, each from 1 to 65535 and MIN at most MAX, such as "
		  "49152-49215"
};
static const struct config_value_type type_evc = {
	.parse = parse_evc,
	.expect = "off, auto or a QEMU CPU model name such as Westmere or EPYC-Rome"
};

#undef CHARS
#undef WORDS
#undef NUMBER

#define DKEY(n, t) { #n, &t, offsetof(struct config_defaults, n) }
#define HKEY(n, t) { #n, &t, offsetof(struct config_host, n) }

const struct config_key config_keys_defaults[] = {
	DKEY(ssh_user, type_user),
	DKEY(ssh_port, type_port),
	DKEY(ssh_identity, type_path),
	DKEY(known_hosts, type_path),
	DKEY(link_gbps, type_gbps),
	DKEY(connect_timeout, type_timeout),
	DKEY(facts_ttl, type_ttl),
	DKEY(theme, type_theme),
	DKEY(virt_type, type_virt_type),
	DKEY(postcopy, type_postcopy),
	DKEY(encrypt, type_encrypt),
	DKEY(connections, type_connections),
	DKEY(compress, type_compress),
	DKEY(allow_unsafe_uri, type_bool),
	DKEY(ssh_max_startups, type_startups),
	DKEY(migration_ports, type_port_range),
	{ NULL, NULL, 0 }
};

const struct config_key config_keys_host[] = {
	HKEY(address, type_address),
	HKEY(uri, type_uri),
	HKEY(ssh_user, type_user),
	HKEY(ssh_port, type_port),
	HKEY(ssh_identity, type_path),
	HKEY(known_hosts, type_path),
	HKEY(migration_address, type_address),
	HKEY(link_gbps, type_gbps),
	HKEY(cluster, type_cluster_ref),
	HKEY(virt_type, type_virt_type),
	HKEY(allow_unsafe_uri, type_bool),
	HKEY(ssh_max_startups, type_startups),
	HKEY(migration_ports, type_port_range),
	{ NULL, NULL, 0 }
};

/* Both work on the whole cluster (offset 0). */
const struct config_key config_keys_cluster[] = {
	{ "hosts", &type_hosts, 0 },
	{ "evc", &type_evc, 0 },
	{ NULL, NULL, 0 }
};

#undef DKEY
#undef HKEY

/* ---- using the tables ------------------------------------------------------- */

const struct config_key *config_keys_find(const struct config_key *keys, const char *name)
{
	for (const struct config_key *k = keys; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

void config_keys_list(const struct config_key *keys, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const struct config_key *k = keys; k->name && used < len; k++) {
		int n = snprintf(buf + used, len - used, "%s%s", k == keys ? "" : ", ",
				 k->name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

int config_keys_set(struct config_parser *p, const struct config_key *k, const char *value,
		    const char *label, void *base)
{
	if (!value || !*value) {
		config_parse_fail(p, p->lineno, "%s in %s has no value; give %s", k->name,
				  label, k->type->expect);
		return -1;
	}
	switch (k->type->parse(p, k, value, (char *)base + k->offset)) {
	case VALUE_OK:
		return 0;
	case VALUE_BAD:
		config_parse_fail(p, p->lineno, "%s '%s' in %s is not %s", k->name, value,
				  label, k->type->expect);
		return -1;
	default:
		return -1;
	}
}

void config_keys_free(void *base, const struct config_key *keys)
{
	for (const struct config_key *k = keys; k->name; k++) {
		char **field = (char **)((char *)base + k->offset);

		if (k->type->string) {
			free(*field);
			*field = NULL;
		}
	}
}

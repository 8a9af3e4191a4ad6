/* config/config.c — read the INI settings and inventory file.
 *
 * inih splits "key = value" lines and strips comments; everything else is
 * done here.  The packaged inih is built without line numbers in the handler
 * and does not call it for a section with no keys, so the text is fed to
 * ini_parse_stream() one line at a time by line_reader(), which counts lines,
 * opens sections itself and checks the shape of each line before inih sees
 * it.  Leading blanks are dropped on the way, so indented keys are plain keys
 * and never the continuation of the key above.
 *
 * The keys of each section kind live in tables (name, type, field offset);
 * the list of valid keys in messages is built from the same tables.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILE_MAX_BYTES	(1024 * 1024)
#define NAME_MAX_LEN	63
#define ADDRESS_MAX_LEN	253
#define GBPS_MAX	10000.0
#define TIMEOUT_MAX	600
#define FACTS_TTL_MAX	86400
#define SYSTEM_CONFIG	"/etc/virt-migrate/config.ini"
#define STRING_PATH	"<string>"

/* ---- small helpers --------------------------------------------------------- */

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Every character of S is alphanumeric or in EXTRA. */
static bool all_in(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!is_alnum(*s) && !strchr(extra, *s))
			return false;
	return true;
}

/* Host and cluster names: [A-Za-z0-9][A-Za-z0-9._-]*, at most 63 characters. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= NAME_MAX_LEN && is_alnum(s[0]) && all_in(s, "._-");
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void free_list(char **list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- parser state ------------------------------------------------------------ */

enum section_kind {
	SEC_NONE,
	SEC_DEFAULTS,
	SEC_HOST,
	SEC_CLUSTER,
	SEC_COUNT
};

#define MAX_KEYS 16

struct parser {
	struct config *cfg;
	const char *name;	/* file name for messages */
	const char *text;	/* what is left to read */
	const char *end;
	int lineno;

	enum section_kind kind;	/* section now open */
	size_t index;		/* which host or cluster it is */
	int key_line[MAX_KEYS];	/* line of each key seen in it, 0 if not seen */
	int defaults_line;	/* line of [defaults], 0 if none yet */

	int *host_cluster_line;	  /* per host: line of its "cluster" key */
	int *host_uri_line;	  /* per host: line of its "uri" key */
	int *cluster_hosts_line;  /* per cluster: line of its "hosts" key */

	int err_line;		/* line of the error kept, -1 for none */
	char *err;
	size_t errlen;
};

/* Keep the message about the earliest line: during parsing that is the first
 * error met (parsing stops there); the cross-checks afterwards may find
 * several and report the one nearest the top of the file. */
static void fail(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct parser *p, int line, const char *fmt, ...)
{
	char msg[CONFIG_ERR_MAX];
	va_list ap;

	if (p->err_line >= 0 && p->err_line <= line)
		return;
	p->err_line = line;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Values are quoted in messages: keep their control characters (a tab,
	 * an escape sequence) off the terminal and the message on one line. */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			*c = '?';
	if (line > 0)
		set_err(p->err, p->errlen, "%s:%d: %s", p->name, line, msg);
	else
		set_err(p->err, p->errlen, "%s: %s", p->name, msg);
}

static bool failed(const struct parser *p)
{
	return p->err_line >= 0;
}

/* ---- value types ----------------------------------------------------------- */

enum parse_result {
	VALUE_OK,
	VALUE_BAD,		/* the caller says what was expected */
	VALUE_REPORTED		/* the parser has already reported the problem */
};

struct key_def;
typedef enum parse_result (*value_parser)(struct parser *p, const struct key_def *k,
					  const char *value, void *field);

struct value_type {
	value_parser parse;
	const char *expect;	/* finishes "KEY 'VALUE' is not ..." */
};

struct key_def {
	const char *name;
	const struct value_type *type;
	size_t offset;		/* of the field in the section's struct */
};

static enum parse_result store_string(struct parser *p, const char *value, void *field)
{
	char *copy = strdup(value);

	if (!copy) {
		fail(p, p->lineno, "out of memory");
		return VALUE_REPORTED;
	}
	*(char **)field = copy;
	return VALUE_OK;
}

static enum parse_result parse_user(struct parser *p, const struct key_def *k,
				    const char *value, void *field)
{
	(void)k;
	if (strlen(value) > NAME_MAX_LEN || !all_in(value, "._-") || value[0] == '-')
		return VALUE_BAD;
	return store_string(p, value, field);
}

static enum parse_result parse_theme(struct parser *p, const struct key_def *k,
				     const char *value, void *field)
{
	(void)k;
	if (strlen(value) > NAME_MAX_LEN || !all_in(value, "_-"))
		return VALUE_BAD;
	return store_string(p, value, field);
}

static enum parse_result parse_virt_type(struct parser *p, const struct key_def *k,
					 const char *value, void *field)
{
	(void)k;
	if (strcmp(value, "auto") != 0 && strcmp(value, "kvm") != 0 && strcmp(value, "qemu") != 0)
		return VALUE_BAD;
	return store_string(p, value, field);
}

static enum parse_result parse_postcopy(struct parser *p, const struct key_def *k,
					const char *value, void *field)
{
	(void)k;
	if (strcmp(value, "auto") != 0 && strcmp(value, "never") != 0 &&
	    strcmp(value, "always") != 0)
		return VALUE_BAD;
	return store_string(p, value, field);
}

static enum parse_result parse_address(struct parser *p, const struct key_def *k,
				       const char *value, void *field)
{
	(void)k;
	if (strlen(value) > ADDRESS_MAX_LEN || !(is_alnum(value[0]) || value[0] == ':') ||
	    !all_in(value, "._-:"))
		return VALUE_BAD;
	return store_string(p, value, field);
}

static enum parse_result parse_name_ref(struct parser *p, const struct key_def *k,
					const char *value, void *field)
{
	(void)k;
	if (!valid_name(value))
		return VALUE_BAD;
	if (p->kind == SEC_HOST)
		p->host_cluster_line[p->index] = p->lineno;
	return store_string(p, value, field);
}

/* scheme://rest, with a scheme such as qemu, qemu+ssh or test, and no blanks. */
static enum parse_result parse_uri(struct parser *p, const struct key_def *k,
				   const char *value, void *field)
{
	const char *s = value;

	(void)k;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return VALUE_BAD;
	while (is_alnum(*s) || *s == '+' || *s == '-' || *s == '.')
		s++;
	if (strncmp(s, "://", 3) != 0)
		return VALUE_BAD;
	for (s = value; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return VALUE_BAD;
	if (p->kind == SEC_HOST)
		p->host_uri_line[p->index] = p->lineno;
	return store_string(p, value, field);
}

/* yes/no and their usual synonyms, stored as 1 or -1 (0 is "not said"). */
static enum parse_result parse_bool(struct parser *p, const struct key_def *k,
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

static enum parse_result parse_encrypt(struct parser *p, const struct key_def *k,
				       const char *value, void *field)
{
	(void)k;
	if (strcmp(value, "disabled") != 0 && strcmp(value, "opportunistic") != 0 &&
	    strcmp(value, "required") != 0)
		return VALUE_BAD;
	return store_string(p, value, field);
}

/* An absolute path, or ~ or ~/... expanded against $HOME. */
static enum parse_result parse_path(struct parser *p, const struct key_def *k,
				    const char *value, void *field)
{
	for (const char *s = value; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return VALUE_BAD;
	if (value[0] == '/')
		return store_string(p, value, field);
	if (value[0] != '~')
		return VALUE_BAD;
	if (value[1] != '\0' && value[1] != '/') {
		fail(p, p->lineno, "%s '%s': '~user' paths are not supported; "
		     "write the full path or start it with ~/", k->name, value);
		return VALUE_REPORTED;
	}

	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		fail(p, p->lineno, "%s '%s' starts with ~ but $HOME is not set to an "
		     "absolute path; write the full path", k->name, value);
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
		fail(p, p->lineno, "out of memory");
		return VALUE_REPORTED;
	}
	memcpy(path, home, hlen);
	strcpy(path + hlen, *rest ? rest : (hlen ? "" : "/"));
	*(char **)field = path;
	return VALUE_OK;
}

/* A whole number from LO to HI, digits only. */
static bool to_int(const char *value, long lo, long hi, int *out)
{
	long n = 0;

	if (!*value)
		return false;
	for (const char *s = value; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (*s - '0');
		if (n > hi)
			return false;
	}
	if (n < lo)
		return false;
	*out = (int)n;
	return true;
}

static enum parse_result parse_port(struct parser *p, const struct key_def *k,
				    const char *value, void *field)
{
	(void)p;
	(void)k;
	return to_int(value, 1, 65535, field) ? VALUE_OK : VALUE_BAD;
}

static enum parse_result parse_timeout(struct parser *p, const struct key_def *k,
				       const char *value, void *field)
{
	(void)p;
	(void)k;
	return to_int(value, 1, TIMEOUT_MAX, field) ? VALUE_OK : VALUE_BAD;
}

/* 0 is meant: facts are never reused. */
static enum parse_result parse_ttl(struct parser *p, const struct key_def *k,
				   const char *value, void *field)
{
	(void)p;
	(void)k;
	return to_int(value, 0, FACTS_TTL_MAX, field) ? VALUE_OK : VALUE_BAD;
}

/* DIGITS[.DIGITS] or .DIGITS, read by hand: strtod would follow the locale's
 * decimal separator once the program has called setlocale(). */
static enum parse_result parse_gbps(struct parser *p, const struct key_def *k,
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
static enum parse_result parse_evc(struct parser *p, const struct key_def *k,
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
	if (strlen(value) > NAME_MAX_LEN || !is_alnum(value[0]) || !all_in(value, "_.-"))
		return VALUE_BAD;
	if (store_string(p, value, &c->evc_model) != VALUE_OK)
		return VALUE_REPORTED;
	c->evc = CONFIG_EVC_MODEL;
	return VALUE_OK;
}

/* Host names separated by blanks and/or commas.  FIELD is the cluster; the
 * names go to its host list as given, and are checked and merged with the
 * hosts that name the cluster themselves once the whole file is read. */
static enum parse_result parse_hosts(struct parser *p, const struct key_def *k,
				     const char *value, void *field)
{
	struct config_cluster *c = field;
	const char *s = value;

	(void)k;
	while (*s) {
		size_t n;

		while (*s == ',' || is_blank(*s))
			s++;
		n = strcspn(s, ", \t\r\v\f");
		if (n == 0)
			break;

		char *name = strndup(s, n);
		char **list = name ? realloc(c->hosts, (c->nhosts + 1) * sizeof(*list)) : NULL;
		if (!list) {
			free(name);
			fail(p, p->lineno, "out of memory");
			return VALUE_REPORTED;
		}
		c->hosts = list;
		c->hosts[c->nhosts++] = name;
		s += n;

		if (!valid_name(name)) {
			fail(p, p->lineno, "hosts in [cluster %s]: '%s' is not a valid host "
			     "name; use letters, digits, '.', '_' and '-', starting with a "
			     "letter or digit, at most %d characters", c->name, name,
			     NAME_MAX_LEN);
			return VALUE_REPORTED;
		}
		for (size_t i = 0; i + 1 < c->nhosts; i++) {
			if (strcmp(c->hosts[i], name) == 0) {
				fail(p, p->lineno, "hosts in [cluster %s] names '%s' twice; "
				     "list each host once", c->name, name);
				return VALUE_REPORTED;
			}
		}
	}
	if (c->nhosts == 0)
		return VALUE_BAD;
	p->cluster_hosts_line[p->index] = p->lineno;
	return VALUE_OK;
}

static const struct value_type type_user = {
	parse_user, "a user name (letters, digits, '.', '_' and '-')"
};
static const struct value_type type_port = {
	parse_port, "a number from 1 to 65535"
};
static const struct value_type type_path = {
	parse_path, "an absolute path or one starting with ~/"
};
static const struct value_type type_gbps = {
	parse_gbps, "a speed in Gbit/s above 0 and at most 10000, such as 1, 10 or 0.5"
};
static const struct value_type type_ttl = {
	parse_ttl, "a number of seconds from 0 (never reuse) to 86400"
};
static const struct value_type type_timeout = {
	parse_timeout, "a number of seconds from 1 to 600"
};
static const struct value_type type_theme = {
	parse_theme, "a theme name (letters, digits, '_' and '-')"
};
static const struct value_type type_virt_type = {
	parse_virt_type, "auto, kvm or qemu"
};
static const struct value_type type_postcopy = {
	parse_postcopy, "auto, never or always"
};
static const struct value_type type_bool = {
	parse_bool, "yes or no"
};
static const struct value_type type_encrypt = {
	parse_encrypt, "disabled, opportunistic or required"
};
static const struct value_type type_address = {
	parse_address, "a host name or IP address (letters, digits, '.', '_', '-' and ':')"
};
static const struct value_type type_uri = {
	parse_uri, "a libvirt URI such as qemu+ssh://root@host/system"
};
static const struct value_type type_cluster_ref = {
	parse_name_ref, "a cluster name (letters, digits, '.', '_' and '-', starting "
	"with a letter or digit, at most 63 characters)"
};
static const struct value_type type_hosts = {
	parse_hosts, "a list of host names separated by spaces or commas"
};
static const struct value_type type_evc = {
	parse_evc, "off, auto or a QEMU CPU model name such as Westmere or EPYC-Rome"
};

#define DKEY(n, t) { #n, &t, offsetof(struct config_defaults, n) }
#define HKEY(n, t) { #n, &t, offsetof(struct config_host, n) }

static const struct key_def defaults_keys[] = {
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
	DKEY(allow_unsafe_uri, type_bool),
	{ NULL, NULL, 0 }
};

static const struct key_def host_keys[] = {
	HKEY(address, type_address),
	HKEY(uri, type_uri),
	HKEY(ssh_user, type_user),
	HKEY(ssh_port, type_port),
	HKEY(ssh_identity, type_path),
	HKEY(migration_address, type_address),
	HKEY(link_gbps, type_gbps),
	HKEY(cluster, type_cluster_ref),
	HKEY(virt_type, type_virt_type),
	HKEY(allow_unsafe_uri, type_bool),
	{ NULL, NULL, 0 }
};

/* Both work on the whole cluster (offset 0). */
static const struct key_def cluster_keys[] = {
	{ "hosts", &type_hosts, 0 },
	{ "evc", &type_evc, 0 },
	{ NULL, NULL, 0 }
};

#undef DKEY
#undef HKEY

static const struct {
	const char *word;	/* as written in the header */
	bool named;		/* takes a NAME after the word */
	const struct key_def *keys;
} sections[SEC_COUNT] = {
	[SEC_NONE] = { NULL, false, NULL },
	[SEC_DEFAULTS] = { "defaults", false, defaults_keys },
	[SEC_HOST] = { "host", true, host_keys },
	[SEC_CLUSTER] = { "cluster", true, cluster_keys },
};

/* "[host a]" and so on, for messages. */
static const char *section_label(const struct parser *p, char *buf, size_t len)
{
	switch (p->kind) {
	case SEC_DEFAULTS:
		snprintf(buf, len, "[defaults]");
		break;
	case SEC_HOST:
		snprintf(buf, len, "[host %s]", p->cfg->hosts[p->index].name);
		break;
	case SEC_CLUSTER:
		snprintf(buf, len, "[cluster %s]", p->cfg->clusters[p->index].name);
		break;
	default:
		snprintf(buf, len, "(no section)");
		break;
	}
	return buf;
}

static void *section_base(struct parser *p)
{
	switch (p->kind) {
	case SEC_DEFAULTS:
		return &p->cfg->defaults;
	case SEC_HOST:
		return &p->cfg->hosts[p->index];
	case SEC_CLUSTER:
		return &p->cfg->clusters[p->index];
	default:
		return NULL;
	}
}

/* ---- sections ---------------------------------------------------------------- */

static int open_defaults(struct parser *p)
{
	if (p->defaults_line) {
		fail(p, p->lineno, "[defaults] appears a second time (first on line %d); "
		     "merge the two sections", p->defaults_line);
		return -1;
	}
	p->defaults_line = p->lineno;
	p->kind = SEC_DEFAULTS;
	return 0;
}

static int open_host(struct parser *p, const char *name)
{
	struct config *cfg = p->cfg;
	const struct config_host *old = config_host_find(cfg, name);

	if (old) {
		fail(p, p->lineno, "[host %s] appears a second time (first on line %d); "
		     "merge the two sections or rename one", name, old->line);
		return -1;
	}
	struct config_host *hosts = realloc(cfg->hosts, (cfg->nhosts + 1) * sizeof(*hosts));
	if (hosts)
		cfg->hosts = hosts;
	int *lines = realloc(p->host_cluster_line, (cfg->nhosts + 1) * sizeof(*lines));
	if (lines)
		p->host_cluster_line = lines;
	int *uri_lines = realloc(p->host_uri_line, (cfg->nhosts + 1) * sizeof(*uri_lines));
	if (uri_lines)
		p->host_uri_line = uri_lines;
	char *copy = strdup(name);
	if (!hosts || !lines || !uri_lines || !copy) {
		free(copy);
		fail(p, p->lineno, "out of memory");
		return -1;
	}
	memset(&hosts[cfg->nhosts], 0, sizeof(*hosts));
	hosts[cfg->nhosts].name = copy;
	hosts[cfg->nhosts].line = p->lineno;
	lines[cfg->nhosts] = 0;
	uri_lines[cfg->nhosts] = 0;
	p->index = cfg->nhosts++;
	p->kind = SEC_HOST;
	return 0;
}

static int open_cluster(struct parser *p, const char *name)
{
	struct config *cfg = p->cfg;
	const struct config_cluster *old = config_cluster_find(cfg, name);

	if (old) {
		fail(p, p->lineno, "[cluster %s] appears a second time (first on line %d); "
		     "merge the two sections or rename one", name, old->line);
		return -1;
	}
	struct config_cluster *clusters =
		realloc(cfg->clusters, (cfg->nclusters + 1) * sizeof(*clusters));
	if (clusters)
		cfg->clusters = clusters;
	int *lines = realloc(p->cluster_hosts_line, (cfg->nclusters + 1) * sizeof(*lines));
	if (lines)
		p->cluster_hosts_line = lines;
	char *copy = strdup(name);
	if (!clusters || !lines || !copy) {
		free(copy);
		fail(p, p->lineno, "out of memory");
		return -1;
	}
	memset(&clusters[cfg->nclusters], 0, sizeof(*clusters));
	clusters[cfg->nclusters].name = copy;
	clusters[cfg->nclusters].evc = CONFIG_EVC_OFF;
	clusters[cfg->nclusters].line = p->lineno;
	lines[cfg->nclusters] = 0;
	p->index = cfg->nclusters++;
	p->kind = SEC_CLUSTER;
	return 0;
}

/* LINE starts with '['.  Opens the section it names. */
static int open_section(struct parser *p, const char *line)
{
	const char *close = strchr(line, ']');

	if (!close) {
		fail(p, p->lineno, "section header without closing ']'; "
		     "write [defaults], [host NAME] or [cluster NAME]");
		return -1;
	}
	for (const char *s = close + 1; *s; s++) {
		if (*s == ';' || *s == '#')
			break;
		if (!is_blank(*s)) {
			fail(p, p->lineno, "unexpected text after ']'; a section header "
			     "stands alone on its line");
			return -1;
		}
	}

	/* "[ word  name ]" -> word, name */
	char head[ADDRESS_MAX_LEN + 1];
	size_t len = (size_t)(close - line - 1);
	if (len >= sizeof(head)) {
		fail(p, p->lineno, "section header is too long; names have at most %d "
		     "characters", NAME_MAX_LEN);
		return -1;
	}
	memcpy(head, line + 1, len);
	head[len] = '\0';

	char *word = head;
	while (is_blank(*word))
		word++;
	char *s = word;
	while (*s && !is_blank(*s))
		s++;
	char *name = s;
	if (*name) {
		*name++ = '\0';
		while (is_blank(*name))
			name++;
	}
	for (char *e = name + strlen(name); e > name && is_blank(e[-1]); )
		*--e = '\0';

	enum section_kind kind = SEC_NONE;
	for (int i = SEC_NONE + 1; i < SEC_COUNT; i++)
		if (strcmp(word, sections[i].word) == 0)
			kind = (enum section_kind)i;
	if (kind == SEC_NONE) {
		fail(p, p->lineno, "unknown section [%s]; expected [defaults], "
		     "[host NAME] or [cluster NAME]", word);
		return -1;
	}
	if (!sections[kind].named && *name) {
		fail(p, p->lineno, "[%s] takes no name; write just [%s]", word, word);
		return -1;
	}
	if (sections[kind].named && !*name) {
		fail(p, p->lineno, "[%s] needs a name; write [%s NAME]", word, word);
		return -1;
	}
	if (sections[kind].named && !valid_name(name)) {
		fail(p, p->lineno, "%s name '%s' is not valid; use letters, digits, '.', "
		     "'_' and '-', starting with a letter or digit, at most %d characters",
		     word, name, NAME_MAX_LEN);
		return -1;
	}

	memset(p->key_line, 0, sizeof(p->key_line));
	switch (kind) {
	case SEC_DEFAULTS:
		return open_defaults(p);
	case SEC_HOST:
		return open_host(p, name);
	default:
		return open_cluster(p, name);
	}
}

/* ---- lines and keys ------------------------------------------------------- */

/* Whether LINE holds '=' or ':' before an inline comment (blank then ';'),
 * which is how inih finds the key. */
static bool has_separator(const char *line)
{
	bool was_blank = false;

	for (const char *s = line; *s; s++) {
		if (*s == '=' || *s == ':')
			return true;
		if (was_blank && *s == ';')
			return false;
		was_blank = is_blank(*s);
	}
	return false;
}

/* The ini_reader: hands inih the next line, without its leading blanks, and
 * handles section headers on the way.  Returns NULL at the end of the text
 * or after an error, which stops inih. */
static char *line_reader(char *buf, int size, void *stream)
{
	struct parser *p = stream;

	if (failed(p) || p->text >= p->end || size < 2)
		return NULL;

	const char *start = p->text;
	const char *nl = memchr(start, '\n', (size_t)(p->end - start));
	const char *stop = nl ? nl : p->end;
	p->text = nl ? nl + 1 : p->end;
	p->lineno++;

	if (p->lineno == 1 && stop - start >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
		start += 3;
	while (start < stop && is_blank(*start))
		start++;
	while (stop > start && is_blank(stop[-1]))
		stop--;
	size_t len = (size_t)(stop - start);

	buf[0] = '\0';
	if (len == 0 || *start == ';' || *start == '#')
		return buf;	/* blank or comment: inih skips an empty line */
	if (len >= (size_t)size) {
		fail(p, p->lineno, "line is longer than %d characters; shorten it "
		     "(hosts can join a cluster with cluster = NAME in their own "
		     "section instead of a long hosts list)", size - 1);
		return NULL;
	}
	memcpy(buf, start, len);
	buf[len] = '\0';

	if (*buf == '[') {
		if (open_section(p, buf) != 0)
			return NULL;
	} else if (!has_separator(buf)) {
		fail(p, p->lineno, "'%.40s' is neither 'key = value' nor a [section] "
		     "header; write key = value", buf);
		return NULL;
	}
	return buf;
}

static void list_keys(const struct key_def *keys, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const struct key_def *k = keys; k->name && used < len; k++) {
		int n = snprintf(buf + used, len - used, "%s%s", k == keys ? "" : ", ",
				 k->name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* The ini_handler.  Returns nonzero when the key was taken. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
	struct parser *p = user;
	char label[NAME_MAX_LEN + 16];

	(void)section;	/* open_section() has already set up p->kind */
	if (failed(p))
		return 0;
	if (!key || !*key) {
		fail(p, p->lineno, "missing key name before '='; write key = value");
		return 0;
	}
	if (p->kind == SEC_NONE) {
		fail(p, p->lineno, "key '%s' is outside any section; put it under "
		     "[defaults], [host NAME] or [cluster NAME]", key);
		return 0;
	}

	const struct key_def *keys = sections[p->kind].keys;
	const struct key_def *k = keys;
	while (k->name && strcmp(k->name, key) != 0)
		k++;
	section_label(p, label, sizeof(label));
	if (!k->name) {
		char names[256];

		list_keys(keys, names, sizeof(names));
		fail(p, p->lineno, "unknown key '%s' in %s; expected one of: %s",
		     key, label, names);
		return 0;
	}

	size_t ki = (size_t)(k - keys);
	if (p->key_line[ki]) {
		fail(p, p->lineno, "%s is given twice in %s (first on line %d); "
		     "keep one of them", key, label, p->key_line[ki]);
		return 0;
	}
	p->key_line[ki] = p->lineno;

	if (!value || !*value) {
		fail(p, p->lineno, "%s in %s has no value; give %s", key, label,
		     k->type->expect);
		return 0;
	}

	void *field = (char *)section_base(p) + k->offset;
	switch (k->type->parse(p, k, value, field)) {
	case VALUE_OK:
		return 1;
	case VALUE_BAD:
		fail(p, p->lineno, "%s '%s' in %s is not %s", key, value, label,
		     k->type->expect);
		return 0;
	default:
		return 0;
	}
}

/* ---- checks across sections --------------------------------------------------- */

/* Joins hosts and clusters both ways, then lists each cluster's members in
 * the order of the [host] sections. */
static void check_membership(struct parser *p)
{
	struct config *cfg = p->cfg;
	/* Line that put each host in its cluster, for messages. */
	int *joined = calloc(cfg->nhosts + 1, sizeof(*joined));

	if (!joined) {
		fail(p, 0, "out of memory");
		return;
	}
	for (size_t i = 0; i < cfg->nhosts; i++) {
		struct config_host *h = &cfg->hosts[i];

		if (!h->cluster)
			continue;
		joined[i] = p->host_cluster_line[i];
		if (!config_cluster_find(cfg, h->cluster))
			fail(p, joined[i], "cluster '%s' of [host %s] is not defined; "
			     "add a [cluster %s] section or correct the name",
			     h->cluster, h->name, h->cluster);
	}

	for (size_t ci = 0; ci < cfg->nclusters; ci++) {
		struct config_cluster *c = &cfg->clusters[ci];
		int line = p->cluster_hosts_line[ci];

		for (size_t j = 0; j < c->nhosts; j++) {
			const struct config_host *found = config_host_find(cfg, c->hosts[j]);

			if (!found) {
				fail(p, line, "hosts in [cluster %s] names '%s', which has no "
				     "[host %s] section; add one or remove the name",
				     c->name, c->hosts[j], c->hosts[j]);
				continue;
			}
			size_t hi = (size_t)(found - cfg->hosts);
			struct config_host *h = &cfg->hosts[hi];
			if (!h->cluster) {
				h->cluster = strdup(c->name);
				if (!h->cluster) {
					fail(p, line, "out of memory");
					break;
				}
				joined[hi] = line;
			} else if (strcmp(h->cluster, c->name) != 0) {
				fail(p, line, "hosts in [cluster %s] names '%s', which is "
				     "already in cluster '%s' (line %d); a host belongs to "
				     "one cluster only", c->name, h->name, h->cluster,
				     joined[hi]);
			}
		}
	}
	free(joined);
	if (failed(p))
		return;

	for (size_t ci = 0; ci < cfg->nclusters; ci++) {
		struct config_cluster *c = &cfg->clusters[ci];
		char **members = calloc(cfg->nhosts + 1, sizeof(*members));
		size_t n = 0;

		if (!members) {
			fail(p, 0, "out of memory");
			return;
		}
		for (size_t i = 0; i < cfg->nhosts; i++) {
			if (!cfg->hosts[i].cluster || strcmp(cfg->hosts[i].cluster, c->name))
				continue;
			members[n] = strdup(cfg->hosts[i].name);
			if (!members[n]) {
				free_list(members, n);
				fail(p, 0, "out of memory");
				return;
			}
			n++;
		}
		free_list(c->hosts, c->nhosts);
		c->hosts = members;
		c->nhosts = n;
	}
}

/* ---- URIs that weaken the check of which host answers ------------------- */

/* Parameters of libvirt's remote URIs that make it skip or loosen its check
 * of the host it talks to, or run another program in place of ssh. */
static const struct {
	const char *name;	/* compared in any case, as libvirt does */
	const char *safe;	/* the one value that changes nothing, or NULL */
	const char *why;
} unsafe_params[] = {
	{ "no_verify", "0", "which makes libvirt accept any TLS certificate from the host" },
	{ "known_hosts_verify", "normal", "which makes libvirt accept a host key that is not "
	  "in known_hosts ('auto' records it, 'ignore' skips the check)" },
	{ "known_hosts", NULL, "which makes libvirt check the host key against another "
	  "known_hosts file than the one virt-migrate checks ([defaults] known_hosts)" },
	{ "command", NULL, "which makes libvirt run another program in place of ssh" },
};

/* Transports that check nothing about the host. */
static const struct {
	const char *name;
	const char *why;
} unsafe_transports[] = {
	{ "ext", "which runs an external program to reach the host: nothing checks which "
	  "host answers" },
	{ "tcp", "which is neither encrypted nor authenticated: nothing checks which host "
	  "answers" },
};

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The N bytes at S with %XX sequences decoded, as libvirt reads parameter
 * names and values (malloc'd), or NULL. */
static char *uri_unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t len = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 &&
		    hex_value(s[i + 2]) >= 0) {
			out[len++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			i += 2;
		} else {
			out[len++] = s[i];
		}
	}
	out[len] = '\0';
	return out;
}

/* The transport of URI's scheme ("ssh" in "qemu+ssh"), checked. */
static int uri_transport_unsafe(const char *uri, char *what, size_t len)
{
	const char *sep = strstr(uri, "://");
	const char *plus = sep ? memchr(uri, '+', (size_t)(sep - uri)) : NULL;

	if (!plus)
		return 0;
	for (size_t i = 0; i < sizeof(unsafe_transports) / sizeof(unsafe_transports[0]); i++) {
		const char *t = unsafe_transports[i].name;

		if ((size_t)(sep - plus - 1) == strlen(t) &&
		    strncasecmp(plus + 1, t, strlen(t)) == 0) {
			set_err(what, len, "uses the transport '%s', %s", t,
				unsafe_transports[i].why);
			return 1;
		}
	}
	return 0;
}

/* One "name=value" parameter of N bytes at S, checked. */
static int uri_param_unsafe(const char *s, size_t n, char *what, size_t len)
{
	const char *eq = memchr(s, '=', n);
	char *name = uri_unescape(s, eq ? (size_t)(eq - s) : n);
	char *value = eq ? uri_unescape(eq + 1, n - (size_t)(eq - s) - 1) : strdup("");
	int unsafe = 0;

	if (!name || !value) {
		set_err(what, len, "cannot be checked (out of memory)");
		unsafe = 1;
	}
	for (size_t i = 0; !unsafe && i < sizeof(unsafe_params) / sizeof(unsafe_params[0]); i++) {
		if (strcasecmp(name, unsafe_params[i].name) != 0)
			continue;
		if (unsafe_params[i].safe && strcmp(value, unsafe_params[i].safe) == 0)
			continue;
		set_err(what, len, "sets %s=%.60s, %s", unsafe_params[i].name, value,
			unsafe_params[i].why);
		unsafe = 1;
	}
	free(name);
	free(value);
	return unsafe;
}

int config_uri_unsafe(const char *uri, char *what, size_t len)
{
	const char *sep, *q;

	if (what && len)
		what[0] = '\0';
	if (!uri || !(sep = strstr(uri, "://")))
		return 0;
	if (uri_transport_unsafe(uri, what, len))
		return 1;
	q = strchr(sep + 3, '?');
	if (!q)
		return 0;
	/* libvirt splits the query at '&' and at ';' */
	for (q++; *q && *q != '#';) {
		size_t n = strcspn(q, "&;#");

		if (n && uri_param_unsafe(q, n, what, len))
			return 1;
		q += n;
		if (*q == '&' || *q == ';')
			q++;
	}
	return 0;
}

/* A host's uri that weakens the host check is refused unless the operator
 * said allow_unsafe_uri = yes for that host or in [defaults]. */
static void check_uris(struct parser *p)
{
	struct config *cfg = p->cfg;
	char what[CONFIG_ERR_MAX / 2];

	for (size_t i = 0; i < cfg->nhosts; i++) {
		const struct config_host *h = &cfg->hosts[i];

		if (!h->uri || config_host_allow_unsafe_uri(cfg, h) ||
		    !config_uri_unsafe(h->uri, what, sizeof(what)))
			continue;
		fail(p, p->host_uri_line[i], "uri of [host %s] %s; remove that from the uri, "
		     "or add 'allow_unsafe_uri = yes' to [host %s] if you accept the risk",
		     h->name, what, h->name);
	}
}

/* Values that are filled in rather than left for the accessors. */
static void fill_defaults(struct parser *p)
{
	struct config *cfg = p->cfg;

	for (size_t i = 0; i < cfg->nhosts; i++) {
		struct config_host *h = &cfg->hosts[i];

		if (!h->address && !(h->address = strdup(h->name))) {
			fail(p, 0, "out of memory");
			return;
		}
	}
}

/* ---- loading ------------------------------------------------------------------ */

/* Length of the UTF-8 sequence at S (at most N bytes long), or 0 when it is
 * not well formed: overlong forms, surrogates and code points past U+10FFFF
 * are refused as well. */
size_t config_utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;

	unsigned cp = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* The whole text is UTF-8 with no control characters but tab, CR, LF, VT
 * and FF (a NUL, an escape sequence or a stray byte means this is not a
 * configuration file, or a damaged one).  Reports the first bad line. */
static bool text_is_clean(struct parser *p, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	int line = 1;

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n;

		if (c == '\n') {
			line++;
			i++;
			continue;
		}
		if (c == '\0') {
			fail(p, line, "contains a NUL byte; this looks like a binary file, "
			     "not a configuration file: give the right one with -c FILE");
			return false;
		}
		if ((c < ' ' && !is_blank((char)c)) || c == 0x7F) {
			fail(p, line, "contains the control character 0x%02X; this is not a "
			     "text configuration file (or it is damaged): write it again as "
			     "plain UTF-8 text", c);
			return false;
		}
		n = config_utf8_len(s + i, len - i);
		if (n == 0) {
			fail(p, line, "is not valid UTF-8 (byte 0x%02X); save the file as "
			     "UTF-8 text", c);
			return false;
		}
		i += n;
	}
	return true;
}

static int parse_text(const char *text, size_t len, const char *name, const char *path,
		      struct config *cfg, char *err, size_t errlen)
{
	struct parser p = {
		.cfg = cfg,
		.name = name,
		.text = text,
		.end = text + len,
		.err_line = -1,
		.err = err,
		.errlen = errlen,
	};

	cfg->defaults.connect_timeout = 10;
	cfg->defaults.facts_ttl = CONFIG_FACTS_TTL_DEFAULT;
	cfg->path = strdup(path);
	if (!cfg->path) {
		fail(&p, 0, "out of memory");
		goto out;
	}

	if (!text_is_clean(&p, text, len))
		goto out;
	int rc = ini_parse_stream(line_reader, &p, on_key, &p);
	if (rc == -2)
		fail(&p, 0, "out of memory");
	else if (rc != 0 && !failed(&p))
		fail(&p, rc, "cannot parse this line; expected 'key = value' or a "
		     "[section] header");
	if (!failed(&p))
		check_membership(&p);
	if (!failed(&p))
		check_uris(&p);
	if (!failed(&p))
		fill_defaults(&p);
out:
	free(p.host_cluster_line);
	free(p.host_uri_line);
	free(p.cluster_hosts_line);
	if (failed(&p)) {
		config_free(cfg);
		return -1;
	}
	return 0;
}

int config_load_buffer(const char *text, size_t len, const char *name, struct config *cfg,
		       char *err, size_t errlen)
{
	if (!cfg) {
		set_err(err, errlen, "%s: no place to store the configuration",
			name ? name : STRING_PATH);
		return -1;
	}
	memset(cfg, 0, sizeof(*cfg));
	if (!name)
		name = STRING_PATH;
	if (!text && len) {
		set_err(err, errlen, "%s: no configuration text", name);
		return -1;
	}
	if (len > FILE_MAX_BYTES) {
		set_err(err, errlen, "%s: is larger than 1 MiB, the limit; this is not a "
			"virt-migrate configuration", name);
		return -1;
	}
	return parse_text(text ? text : "", len, name, STRING_PATH, cfg, err, errlen);
}

int config_load_string(const char *text, const char *name, struct config *cfg,
		       char *err, size_t errlen)
{
	if (!cfg) {
		set_err(err, errlen, "%s: no place to store the configuration",
			name ? name : STRING_PATH);
		return -1;
	}
	memset(cfg, 0, sizeof(*cfg));
	if (!name)
		name = STRING_PATH;
	if (!text) {
		set_err(err, errlen, "%s: no configuration text", name);
		return -1;
	}
	return parse_text(text, strlen(text), name, STRING_PATH, cfg, err, errlen);
}

/* Only a regular file is read: a symbolic link, a directory, a FIFO, a
 * socket or a device is refused with what it is and what to give instead. */
static int refuse_kind(const char *path, const struct stat *st, char *err, size_t errlen)
{
	const char *what;

	if (S_ISREG(st->st_mode))
		return 0;
	if (S_ISLNK(st->st_mode)) {
		char target[512];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		if (n > 0) {
			target[n] = '\0';
			for (char *c = target; *c; c++)
				if ((unsigned char)*c < ' ' || *c == 0x7f)
					*c = '?';
			set_err(err, errlen, "%s: is a symbolic link (to %s); virt-migrate "
				"does not follow links to its configuration: give the file "
				"itself with -c FILE", path, target);
		} else {
			set_err(err, errlen, "%s: is a symbolic link; virt-migrate does not "
				"follow links to its configuration: give the file itself "
				"with -c FILE", path);
		}
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		set_err(err, errlen, "%s: is a directory; give the configuration file "
			"itself with -c FILE", path);
		return -1;
	}
	what = S_ISFIFO(st->st_mode) ? "a FIFO (named pipe)" :
	       S_ISSOCK(st->st_mode) ? "a socket" :
	       S_ISCHR(st->st_mode) ? "a character device" :
	       S_ISBLK(st->st_mode) ? "a block device" : "not a regular file";
	set_err(err, errlen, "%s: is %s, not a regular file; give a configuration "
		"file with -c FILE", path, what);
	return -1;
}

int config_load(const char *path, struct config *cfg, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	int fd = -1, rc = -1;
	struct stat st;

	if (!cfg) {
		set_err(err, errlen, "%s: no place to store the configuration",
			path ? path : "(null)");
		return -1;
	}
	memset(cfg, 0, sizeof(*cfg));
	if (!path || !*path) {
		set_err(err, errlen, "no configuration file given; pass -c FILE");
		return -1;
	}

	/* Look before opening: opening a FIFO would block, opening a device
	 * may do something.  Then open without following a symbolic link and
	 * check again what was opened, in case the path changed in between. */
	if (lstat(path, &st) != 0) {
		set_err(err, errlen, "%s: cannot read: %s; give an existing, readable "
			"file with -c FILE", path, strerror(errno));
		goto out;
	}
	if (refuse_kind(path, &st, err, errlen) != 0)
		goto out;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0) {
		set_err(err, errlen, "%s: cannot read: %s; give an existing, readable "
			"file with -c FILE", path, strerror(errno));
		goto out;
	}
	if (refuse_kind(path, &st, err, errlen) != 0 ||
	    config_check_file_owner(path, &st, err, errlen) != 0)
		goto out;
	if (st.st_size > FILE_MAX_BYTES) {
		set_err(err, errlen, "%s: is larger than 1 MiB, the limit; this is "
			"not a virt-migrate configuration file: give the right one with "
			"-c FILE", path);
		goto out;
	}

	/* Read at most one byte past the limit: the file may grow while read. */
	buf = malloc(FILE_MAX_BYTES + 2);
	if (!buf) {
		set_err(err, errlen, "%s: out of memory", path);
		goto out;
	}
	while (len <= FILE_MAX_BYTES) {
		ssize_t n = read(fd, buf + len, FILE_MAX_BYTES + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			set_err(err, errlen, "%s: cannot read: %s; give an existing, "
				"readable file with -c FILE", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > FILE_MAX_BYTES) {
		set_err(err, errlen, "%s: is larger than 1 MiB, the limit; this is "
			"not a virt-migrate configuration file: give the right one with "
			"-c FILE", path);
		goto out;
	}
	rc = parse_text(buf, len, path, path, cfg, err, errlen);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

/* PATH for a message with the command to type: as it is when it holds
 * only characters a shell leaves alone, else in single quotes. */
static void shell_word(const char *path, char *buf, size_t len)
{
	size_t n = 0;

	if (*path && all_in(path, "/._-+,:@%=")) {
		snprintf(buf, len, "%s", path);
		return;
	}
	for (const char *s = path; *s && n + 5 < len; s++) {
		if (n == 0)
			buf[n++] = '\'';
		if (*s == '\'') {
			memcpy(buf + n, "'\\''", 4);
			n += 4;
		} else {
			buf[n++] = *s;
		}
	}
	if (n == 0)
		buf[n++] = '\'';
	buf[n++] = '\'';
	buf[n] = '\0';
}

int config_check_file_owner(const char *path, const struct stat *st, char *err, size_t errlen)
{
	char word[512];

	shell_word(path, word, sizeof(word));
	if (st->st_uid != getuid() && st->st_uid != 0) {
		const struct passwd *pw = getpwuid(st->st_uid);

		set_err(err, errlen, "%s: belongs to %s%s%s(uid %u), neither to you nor to "
			"root; virt-migrate does not read a file another user can change (as "
			"ssh does for its configuration): take it with chown %u %s, or use a "
			"copy of your own", path, pw ? "user " : "", pw ? pw->pw_name : "",
			pw ? " " : "", (unsigned)st->st_uid, (unsigned)getuid(), word);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		set_err(err, errlen, "%s: is writable by %s (mode %04o); virt-migrate does "
			"not read a file others can change (as ssh does for its "
			"configuration): fix with chmod go-w %s", path,
			(st->st_mode & S_IWGRP) && (st->st_mode & S_IWOTH) ? "group and others" :
			(st->st_mode & S_IWGRP) ? "its group" : "others",
			(unsigned)(st->st_mode & 07777), word);
		return -1;
	}
	return 0;
}

char *config_find_default(char *err, size_t errlen)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *user = NULL;
	struct stat st;
	int n = -1;

	if (xdg && xdg[0] == '/')
		n = asprintf(&user, "%s/virt-migrate/config.ini", xdg);
	else if (home && home[0])
		n = asprintf(&user, "%s/.config/virt-migrate/config.ini", home);
	if (n < 0)
		user = NULL;

	if (user && stat(user, &st) == 0)
		return user;
	if (stat(SYSTEM_CONFIG, &st) == 0) {
		char *sys = strdup(SYSTEM_CONFIG);

		free(user);
		if (!sys)
			set_err(err, errlen, "out of memory");
		return sys;
	}
	if (user)
		set_err(err, errlen, "no configuration file: looked for %s and %s; "
			"create one (see config/examples/config.ini) or pass -c FILE",
			user, SYSTEM_CONFIG);
	else
		set_err(err, errlen, "no configuration file: looked for %s (neither "
			"XDG_CONFIG_HOME nor HOME is set); create one (see "
			"config/examples/config.ini) or pass -c FILE", SYSTEM_CONFIG);
	free(user);
	return NULL;
}

/* ---- lookups ------------------------------------------------------------------ */

const struct config_host *config_host_find(const struct config *cfg, const char *name)
{
	if (!cfg || !name)
		return NULL;
	for (size_t i = 0; i < cfg->nhosts; i++)
		if (cfg->hosts[i].name && strcmp(cfg->hosts[i].name, name) == 0)
			return &cfg->hosts[i];
	return NULL;
}

const struct config_cluster *config_cluster_find(const struct config *cfg, const char *name)
{
	if (!cfg || !name)
		return NULL;
	for (size_t i = 0; i < cfg->nclusters; i++)
		if (cfg->clusters[i].name && strcmp(cfg->clusters[i].name, name) == 0)
			return &cfg->clusters[i];
	return NULL;
}

const char *config_host_user(const struct config *cfg, const struct config_host *h)
{
	if (h && h->ssh_user)
		return h->ssh_user;
	return cfg ? cfg->defaults.ssh_user : NULL;
}

int config_host_port(const struct config *cfg, const struct config_host *h)
{
	if (h && h->ssh_port > 0)
		return h->ssh_port;
	if (cfg && cfg->defaults.ssh_port > 0)
		return cfg->defaults.ssh_port;
	return 22;
}

const char *config_host_identity(const struct config *cfg, const struct config_host *h)
{
	if (h && h->ssh_identity)
		return h->ssh_identity;
	return cfg ? cfg->defaults.ssh_identity : NULL;
}

double config_host_link_gbps(const struct config *cfg, const struct config_host *h)
{
	if (h && h->link_gbps > 0.0)
		return h->link_gbps;
	if (cfg && cfg->defaults.link_gbps > 0.0)
		return cfg->defaults.link_gbps;
	return 0.0;
}

const char *config_host_migration_address(const struct config_host *h)
{
	if (!h)
		return NULL;
	if (h->migration_address)
		return h->migration_address;
	return h->address ? h->address : h->name;
}

const char *config_host_virt_type(const struct config *cfg, const struct config_host *h)
{
	const char *v = h && h->virt_type ? h->virt_type : cfg ? cfg->defaults.virt_type : NULL;
	if (!v || strcmp(v, "auto") == 0)
		return NULL;
	return v;
}

int config_host_allow_unsafe_uri(const struct config *cfg, const struct config_host *h)
{
	if (h && h->allow_unsafe_uri)
		return h->allow_unsafe_uri > 0;
	return cfg && cfg->defaults.allow_unsafe_uri > 0;
}

const char *config_encrypt(const struct config *cfg)
{
	return cfg && cfg->defaults.encrypt ? cfg->defaults.encrypt : "opportunistic";
}

/* ---- freeing ------------------------------------------------------------------ */

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->defaults.ssh_user);
	free(cfg->defaults.ssh_identity);
	free(cfg->defaults.known_hosts);
	free(cfg->defaults.theme);
	free(cfg->defaults.virt_type);
	free(cfg->defaults.postcopy);
	free(cfg->defaults.encrypt);
	for (size_t i = 0; cfg->hosts && i < cfg->nhosts; i++) {
		struct config_host *h = &cfg->hosts[i];

		free(h->name);
		free(h->address);
		free(h->uri);
		free(h->ssh_user);
		free(h->ssh_identity);
		free(h->migration_address);
		free(h->cluster);
		free(h->virt_type);
	}
	free(cfg->hosts);
	for (size_t i = 0; cfg->clusters && i < cfg->nclusters; i++) {
		free(cfg->clusters[i].name);
		free_list(cfg->clusters[i].hosts, cfg->clusters[i].nhosts);
		free(cfg->clusters[i].evc_model);
	}
	free(cfg->clusters);
	memset(cfg, 0, sizeof(*cfg));
}

/* config/config_int.h — what the files of config/ share and no one else sees.
 *
 * The reader is split by job:
 *   config_load.c        the three ways in: a file, a string, a buffer
 *   config_check_file.c  which files may be read at all (kind, owner, mode)
 *   config_parse.c       the text: clean bytes, lines, keys (inih underneath)
 *   config_section.c     section headers and where each section's data lives
 *   config_keys.c        the keys of each section and the types of their values
 *   config_check.c       checks across sections once the whole file is read
 *   config_uri.c         libvirt URIs that loosen the check of the host
 *   config_host.c        a host's effective settings
 *   config.c             small shared helpers, the rest of the lookups, freeing
 */
#ifndef VIRT_MIGRATE_CONFIG_INT_H
#define VIRT_MIGRATE_CONFIG_INT_H

#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_FILE_MAX_BYTES	(1024 * 1024)
#define CONFIG_ADDRESS_MAX_LEN	253
#define CONFIG_STRING_PATH	"<string>"
#define CONFIG_MAX_KEYS		16	/* keys a section kind may have */

/* ---- config.c: small helpers --------------------------------------------- */

bool config_is_alnum(char c);
bool config_is_blank(char c);
/* A control character: below ' ' or DEL. */
bool config_is_control(char c);
/* Control characters of S become '?', to keep a quoted value (a tab, an
 * escape sequence) off the terminal and a message on one line. */
void config_scrub(char *s);
/* Every character of S is alphanumeric or in EXTRA. */
bool config_all_in(const char *s, const char *extra);
/* S has 1 to MAX characters, each alphanumeric or in EXTRA, the first one
 * alphanumeric or in FIRST: the shape of every name the file holds. */
bool config_word_ok(const char *s, size_t max, const char *first, const char *extra);

void config_set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void config_free_list(char **list, size_t n);

/* The entry of LIST (N entries of SIZE bytes each) whose char * at NAME_OFF
 * is NAME, or NULL: host and cluster lookups by name. */
const void *config_find_named(const void *list, size_t n, size_t size, size_t name_off,
			      const char *name);

/* ---- config_parse.c: the parser's state ------------------------------------ */

enum config_section_kind {
	CONFIG_SEC_NONE,
	CONFIG_SEC_DEFAULTS,
	CONFIG_SEC_HOST,
	CONFIG_SEC_CLUSTER,
	CONFIG_SEC_COUNT
};

struct config_parser {
	struct config *cfg;
	const char *name;	/* file name for messages */
	const char *text;	/* what is left to read */
	const char *end;
	int lineno;

	enum config_section_kind kind;	/* section now open */
	size_t index;		/* which host or cluster it is (0 for [defaults]) */
	int defaults_line;	/* line of [defaults], 0 if none yet */

	/* Per section kind, one row of CONFIG_MAX_KEYS per section in file
	 * order: the line of each key, 0 where it is not given.  Finds keys
	 * given twice, and names the line in checks made after parsing. */
	int *key_lines[CONFIG_SEC_COUNT];

	int err_line;		/* line of the error kept, -1 for none */
	char *err;
	size_t errlen;
};

/* Keep the message about the earliest line (LINE 0: about the whole file). */
void config_parse_fail(struct config_parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool config_parse_failed(const struct config_parser *p);

/* Parse LEN bytes at TEXT into the emptied *CFG, checked across sections;
 * NAME is for messages, PATH goes to cfg->path.  0, or -1 with *cfg freed. */
int config_parse_text(const char *text, size_t len, const char *name, const char *path,
		      struct config *cfg, char *err, size_t errlen);

/* ---- config_keys.c: keys and their values ---------------------------------- */

struct config_value_type;

struct config_key {
	const char *name;
	const struct config_value_type *type;
	size_t offset;		/* of the field in the section's struct */
};

/* Each ends with a key whose name is NULL. */
extern const struct config_key config_keys_defaults[];
extern const struct config_key config_keys_host[];
extern const struct config_key config_keys_cluster[];

/* The key called NAME in KEYS, or NULL. */
const struct config_key *config_keys_find(const struct config_key *keys, const char *name);
/* "a, b, c": the names of KEYS, for messages. */
void config_keys_list(const struct config_key *keys, char *buf, size_t len);
/* Read VALUE of key K, given on the current line of the section LABEL, into
 * the section's struct at BASE.  0, or -1 once the problem is reported. */
int config_keys_set(struct config_parser *p, const struct config_key *k, const char *value,
		    const char *label, void *base);
/* Free the strings the keys of KEYS hold in the struct at BASE. */
void config_keys_free(void *base, const struct config_key *keys);

/* ---- config_section.c: section headers ------------------------------------- */

/* LINE starts with '['.  Opens the section it names (0), or reports why not. */
int config_section_open(struct config_parser *p, const char *line);
const struct config_key *config_section_keys(enum config_section_kind kind);
/* "[host a]" and so on for the open section, for messages. */
const char *config_section_label(const struct config_parser *p, char *buf, size_t len);
/* The struct the open section's keys go to. */
void *config_section_base(const struct config_parser *p);
/* The key lines of section INDEX of KIND (see struct config_parser). */
int *config_section_key_lines(const struct config_parser *p, enum config_section_kind kind,
			      size_t index);
/* The line KEY is given on in section INDEX of KIND, 0 when it is not. */
int config_section_key_line(const struct config_parser *p, enum config_section_kind kind,
			    size_t index, const char *key);

/* ---- config_check.c, config_check_file.c ------------------------------------- */

/* Cross-section checks and filled-in values, once the whole text is read. */
void config_check_sections(struct config_parser *p);

/* config_uri.c: what an SSH uri says of the SSH session (each part
 * malloc'd or NULL; port 0 when absent, -1 when not a valid port). */
struct config_uri_ssh {
	char *user, *host, *keyfile, *known_hosts;
	int port;
};
/* 1 when URI goes over SSH (OUT filled), 0 when not, -1 out of memory. */
int config_uri_ssh(const char *uri, struct config_uri_ssh *out);
void config_uri_ssh_free(struct config_uri_ssh *u);

/* 0 for a regular file; else -1 with err saying what PATH is instead (a
 * symbolic link, a directory, a FIFO, ...) and what to give. */
int config_check_file_kind(const char *path, const struct stat *st, char *err,
			   size_t errlen);

#endif

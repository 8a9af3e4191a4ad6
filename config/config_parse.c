/* config/config_parse.c — the text of the file: clean bytes, lines, keys.
 *
 * inih splits "key = value" lines and strips comments; everything else is
 * done here.  inih does not call the handler for a section with no keys,
 * and its ini.h does not promise the line number to the handler (Debian's
 * build happens to pass it; we do not lean on that), so the text is fed to
 * ini_parse_stream() one line at a time by line_reader(), which counts lines,
 * opens sections itself (config_section.c) and checks the shape of each line
 * before inih sees it.  Leading blanks are dropped on the way, so indented
 * keys are plain keys and never the continuation of the key above.
 */
#include "config_int.h"

#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keep the message about the earliest line: during parsing that is the first
 * error met (parsing stops there); the cross-checks afterwards may find
 * several and report the one nearest the top of the file. */
void config_parse_fail(struct config_parser *p, int line, const char *fmt, ...)
{
	char msg[CONFIG_ERR_MAX];
	va_list ap;

	if (p->err_line >= 0 && p->err_line <= line)
		return;
	p->err_line = line;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Values are quoted in messages. */
	config_scrub(msg);
	if (line > 0)
		config_set_err(p->err, p->errlen, "%s:%d: %s", p->name, line, msg);
	else
		config_set_err(p->err, p->errlen, "%s: %s", p->name, msg);
}

bool config_parse_failed(const struct config_parser *p)
{
	return p->err_line >= 0;
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
		was_blank = config_is_blank(*s);
	}
	return false;
}

/* The ini_reader: hands inih the next line, without its leading blanks, and
 * handles section headers on the way.  Returns NULL at the end of the text
 * or after an error, which stops inih. */
static char *line_reader(char *buf, int size, void *stream)
{
	struct config_parser *p = stream;

	if (config_parse_failed(p) || p->text >= p->end || size < 2)
		return NULL;

	const char *start = p->text;
	const char *nl = memchr(start, '\n', (size_t)(p->end - start));
	const char *stop = nl ? nl : p->end;
	p->text = nl ? nl + 1 : p->end;
	p->lineno++;

	if (p->lineno == 1 && stop - start >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
		start += 3;
	while (start < stop && config_is_blank(*start))
		start++;
	while (stop > start && config_is_blank(stop[-1]))
		stop--;
	size_t len = (size_t)(stop - start);

	buf[0] = '\0';
	if (len == 0 || *start == ';' || *start == '#')
		return buf;	/* blank or comment: inih skips an empty line */
	if (len >= (size_t)size) {
		config_parse_fail(p, p->lineno, "line is longer than %d characters; shorten "
				  "it (hosts can join a cluster with cluster = NAME in their "
				  "own section instead of a long hosts list)", size - 1);
		return NULL;
	}
	memcpy(buf, start, len);
	buf[len] = '\0';

	if (*buf == '[') {
		if (config_section_open(p, buf) != 0)
			return NULL;
	} else if (!has_separator(buf)) {
		config_parse_fail(p, p->lineno, "'%.40s' is neither 'key = value' nor a "
				  "[section] header; write key = value", buf);
		return NULL;
	}
	return buf;
}

/* The ini_handler.  Returns nonzero when the key was taken. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
	struct config_parser *p = user;
	char label[CONFIG_NAME_MAX_LEN + 16];

	(void)section;	/* config_section_open() has already set up p->kind */
	if (config_parse_failed(p))
		return 0;
	if (!key || !*key) {
		config_parse_fail(p, p->lineno, "missing key name before '='; write key = value");
		return 0;
	}
	if (p->kind == CONFIG_SEC_NONE) {
		config_parse_fail(p, p->lineno, "key '%s' is outside any section; put it "
				  "under [defaults], [host NAME] or [cluster NAME]", key);
		return 0;
	}

	const struct config_key *keys = config_section_keys(p->kind);
	const struct config_key *k = config_keys_find(keys, key);
	config_section_label(p, label, sizeof(label));
	if (!k) {
		char names[256];

		config_keys_list(keys, names, sizeof(names));
		config_parse_fail(p, p->lineno, "unknown key '%s' in %s; expected one of: %s",
				  key, label, names);
		return 0;
	}

	int *line = config_section_key_lines(p, p->kind, p->index) + (k - keys);
	if (*line) {
		config_parse_fail(p, p->lineno, "%s is given twice in %s (first on line %d); "
				  "keep one of them", key, label, *line);
		return 0;
	}
	*line = p->lineno;
	return config_keys_set(p, k, value, label, config_section_base(p)) == 0;
}

/* ---- the whole text ------------------------------------------------------------ */

/* The whole text is UTF-8 with no control characters but tab, CR, LF, VT
 * and FF (a NUL, an escape sequence or a stray byte means this is not a
 * configuration file, or a damaged one).  Reports the first bad line. */
static bool text_is_clean(struct config_parser *p, const char *text, size_t len)
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
			config_parse_fail(p, line, "contains a NUL byte; this looks like a binary "
					  "file, not a configuration file: give the right one "
					  "with -c FILE");
			return false;
		}
		if (config_is_control((char)c) && !config_is_blank((char)c)) {
			config_parse_fail(p, line, "contains the control character 0x%02X; this "
					  "is not a text configuration file (or it is damaged): "
					  "write it again as plain UTF-8 text", c);
			return false;
		}
		n = config_utf8_len(s + i, len - i);
		if (n == 0) {
			config_parse_fail(p, line, "is not valid UTF-8 (byte 0x%02X); save the "
					  "file as UTF-8 text", c);
			return false;
		}
		i += n;
	}
	return true;
}

int config_parse_text(const char *text, size_t len, const char *name, const char *path,
		      struct config *cfg, char *err, size_t errlen)
{
	struct config_parser p = {
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
	if (!cfg->path)
		config_parse_fail(&p, 0, "out of memory");
	else if (text_is_clean(&p, text, len)) {
		int rc = ini_parse_stream(line_reader, &p, on_key, &p);

		if (rc == -2)
			config_parse_fail(&p, 0, "out of memory");
		else if (rc != 0 && !config_parse_failed(&p))
			config_parse_fail(&p, rc, "cannot parse this line; expected 'key = "
					  "value' or a [section] header");
		if (!config_parse_failed(&p))
			config_check_sections(&p);
	}
	for (int kind = 0; kind < CONFIG_SEC_COUNT; kind++)
		free(p.key_lines[kind]);
	if (config_parse_failed(&p)) {
		config_free(cfg);
		return -1;
	}
	return 0;
}

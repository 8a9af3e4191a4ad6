/* engine/answers.c — read answers files (answers_save.c writes them).
 *
 * The format is a strict INI: one "[migration NAME]" section per migration,
 * "key = value" lines, whole-line comments starting with '#' or ';'.  Values
 * are taken as they are (no inline comments, no quoting), blanks around them
 * dropped.  What is written is what is read: answers_save() refuses a value
 * the reader would not give back unchanged.
 *
 *   [migration vm1]
 *   vm = vm1
 *   kind = both
 *   host = b
 *   datastore = shared
 *   format = thin
 *   disk.vdb = local2:thick
 *   network.dmz = vmnet
 *   priority = high
 *   max_downtime_ms = 300
 *   max_time_s = 0
 *   bandwidth_mibs = 0
 *   delete_source = no
 *   encrypt = required
 *   connections = 4
 *   compress = zstd
 *
 * encrypt, connections and compress are written only when the plan says
 * them (an unset plan reads as the configuration's default).  A file writable by others, or owned by another
 * user than the invoking one or root, is not read (config_check_file_owner).
 *
 * Why our own line reader and not inih (libinih1 55-1, as config/config.c
 * uses it).  The line number is not the reason: Debian's library does hand
 * it to the handler (its call sites load it into the fifth argument: it is
 * built with INI_HANDLER_LINENO=1, although its ini.h defaults to 0).  What
 * inih would get wrong for answers files:
 *   - it splits a line at the first '=' OR ':', so "network.a:b = c" (a
 *     source network named "a:b", which answers allow) reads as key
 *     "network.a", value "b = c": the round trip of answers_save() breaks;
 *   - it cuts a value at " ;" (ini_allow_inline_comments, on by default):
 *     the VM "x ; y" would read as "x".  Turning it off means flipping a
 *     process-wide variable of the library that config/config.c parses
 *     with on: every parse would set and restore it, and no two could run
 *     at once;
 *   - it joins an indented line to the key above (ini_allow_multiline, the
 *     same kind of global), where answers take indented keys as keys;
 *   - it skips a UTF-8 byte order mark silently (ini_allow_bom) and drops
 *     a CR at a line's end as a blank, where answers refuse both naming the
 *     line; control bytes pass;
 *   - it never calls the handler for a section without keys, so "[migration
 *     m] has no key 'vm'" at the header's line, duplicate sections and the
 *     end-of-section kind rule need the sections tracked here anyway;
 *   - it reports no duplicate key, and after an error it goes on and
 *     returns only the first bad line's number, with no words;
 *   - a line longer than its buffer (ini_max_line, 200) is torn: the rest
 *     is read as a line of its own ("vm = <300 x>=y" gives vm = <194 x>
 *     and a key of the rest), with rc 0.
 * A reader that refused or fixed all of that before inih saw a line (as
 * config/config.c's line_reader does) would leave inih only the split at
 * '=' and the trimming, and get the split wrong: so the lines are read here.
 */
#include "answers.h"
#include "streams.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SECTION_PREFIX		"migration"

/* ---- keys ------------------------------------------------------------------ */

enum answers_key {
	KEY_VM,
	KEY_KIND,
	KEY_HOST,
	KEY_DATASTORE,
	KEY_FORMAT,
	KEY_PRIORITY,
	KEY_MAX_DOWNTIME,
	KEY_MAX_TIME,
	KEY_BANDWIDTH,
	KEY_DELETE_SOURCE,
	KEY_ENCRYPT,
	KEY_FROM,
	KEY_CONNECTIONS,
	KEY_COMPRESS,
	KEY_COUNT
};

/* The plan's limits take their key names from its one table (plan_limit.c). */
static const struct {
	const char *name;		/* NULL: the limit's key */
	int limit;			/* enum plan_limit_id, or -1 */
} keys[KEY_COUNT] = {
	[KEY_VM] = { "vm", -1 },
	[KEY_KIND] = { "kind", -1 },
	[KEY_HOST] = { "host", -1 },
	[KEY_DATASTORE] = { "datastore", -1 },
	[KEY_FORMAT] = { "format", -1 },
	[KEY_PRIORITY] = { "priority", -1 },
	[KEY_MAX_DOWNTIME] = { NULL, PLAN_LIMIT_MAX_DOWNTIME },
	[KEY_MAX_TIME] = { NULL, PLAN_LIMIT_MAX_TIME },
	[KEY_BANDWIDTH] = { NULL, PLAN_LIMIT_BANDWIDTH },
	[KEY_DELETE_SOURCE] = { "delete_source", -1 },
	[KEY_ENCRYPT] = { "encrypt", -1 },
	[KEY_FROM] = { "from", -1 },
	[KEY_CONNECTIONS] = { "connections", -1 },
	[KEY_COMPRESS] = { "compress", -1 },
};

static const char *key_name(int k)
{
	return keys[k].name ? keys[k].name : plan_limit_of(keys[k].limit)->key;
}

/* "vm, kind, ..., disk.DISK, network.SOURCE": every key, for messages. */
static const char *key_list(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < KEY_COUNT && used < len; k++) {
		int n = snprintf(buf + used, len - used, "%s, ", key_name(k));
		used += n > 0 ? (size_t)n : 0;
	}
	if (used < len)
		snprintf(buf + used, len - used, "disk.DISK, network.SOURCE");
	return buf;
}

/* ---- reader state -------------------------------------------------------------- */

struct reader {
	const char *path;
	struct answers *out;
	unsigned line;
	int open;		/* a section is open */
	unsigned key_line[KEY_COUNT];	/* where each key of the open section was seen */
	int kind_given;
	struct vm_error *err;
};

static void fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct reader *r, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* values are quoted in messages: keep control characters off the terminal */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < ' ' || *c == 0x7f)
			*c = '?';
	if (r->line)
		vm_error_set(r->err, "%s:%u: %s", r->path, r->line, msg);
	else
		vm_error_set(r->err, "%s: %s", r->path, msg);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char *trim(char *s)
{
	while (is_blank(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static struct plan *current(struct reader *r)
{
	return &r->out->plans[r->out->count - 1];
}

static const char *section_name(struct reader *r)
{
	return r->out->names[r->out->count - 1];
}

/* Names of sections, hosts, datastores, disks and networks: printable, no
 * blanks at either end, none of the characters the format gives a meaning. */
int answers_valid_word(const char *s, const char *forbidden)
{
	if (!s || !s[0] || is_blank(s[0]) || is_blank(s[strlen(s) - 1]))
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < ' ' || *c == 0x7f || strchr(forbidden, *c))
			return 0;
	return 1;
}

static int parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/* Close the open section: what must be there is there. */
/* connections: digits only, 1 to STREAMS_MAX_CONNECTIONS (as the command
 * line's streams_connections_parse; not called here: the fuzzer links the
 * answers files without the rest of the engine). */
static int parse_connections(const char *s, unsigned *out)
{
	unsigned v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > STREAMS_MAX_CONNECTIONS)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v < 1 || v > STREAMS_MAX_CONNECTIONS)
		return -1;
	*out = v;
	return 0;
}

static int section_end(struct reader *r)
{
	if (!r->open)
		return 0;
	struct plan *p = current(r);
	unsigned header = r->out->lines[r->out->count - 1];
	unsigned saved = r->line;

	r->line = header;
	if (!p->vm) {
		fail(r, "[migration %s] has no key 'vm'; add 'vm = NAME' with the VM to move",
		     section_name(r));
		return -1;
	}
	if (!r->kind_given)
		p->kind = plan_kind_infer(p);
	switch (plan_kind_check(p, NULL)) {
	case PLAN_FAULT_COMPUTE_DISKS: {
		unsigned l = p->datastore ? r->key_line[KEY_DATASTORE] : 0;
		r->line = l ? l : header;
		fail(r, "key '%s' in [migration %s]: kind 'compute' moves no disk; remove it or "
		     "set 'kind = both'", p->datastore ? "datastore" : "disk.*", section_name(r));
		return -1;
	}
	case PLAN_FAULT_NO_HOST:
	case PLAN_FAULT_BAD_KIND:
		fail(r, "[migration %s] has kind '%s' but no key 'host'; add 'host = NAME' with "
		     "the target host", section_name(r), plan_kind_name(p->kind));
		return -1;
	case PLAN_FAULT_NONE:
		break;
	}
	r->line = saved;
	r->open = 0;
	return 0;
}

static int section_begin(struct reader *r, char *text)
{
	size_t n = strlen(text);

	if (text[n - 1] != ']') {
		fail(r, "section header '%s' has no closing ']'; write '[migration NAME]'", text);
		return -1;
	}
	text[n - 1] = '\0';
	char *inner = trim(text + 1);
	size_t plen = strlen(SECTION_PREFIX);
	if (strncmp(inner, SECTION_PREFIX, plen) != 0 || !is_blank(inner[plen])) {
		fail(r, "unknown section '[%s]'; an answers file holds only '[migration NAME]' "
		     "sections", inner);
		return -1;
	}
	char *name = trim(inner + plen);
	if (!answers_valid_word(name, "[]")) {
		fail(r, "section '[%s]' needs a NAME: '[migration NAME]', NAME printable without "
		     "'[' or ']'", inner);
		return -1;
	}
	for (size_t i = 0; i < r->out->count; i++) {
		if (strcmp(r->out->names[i], name) == 0) {
			fail(r, "duplicate section '[migration %s]' (first at line %u); give each "
			     "migration its own NAME", name, r->out->lines[i]);
			return -1;
		}
	}
	struct answers *a = r->out;
	size_t want = a->count + 1;
	struct plan *plans = realloc(a->plans, want * sizeof *plans);
	if (plans)
		a->plans = plans;
	char **names = realloc(a->names, want * sizeof *names);
	if (names)
		a->names = names;
	unsigned *lines = realloc(a->lines, want * sizeof *lines);
	if (lines)
		a->lines = lines;
	char *copy = strdup(name);
	if (!plans || !names || !lines || !copy) {
		free(copy);
		fail(r, "out of memory");
		return -1;
	}
	memset(&a->plans[a->count], 0, sizeof a->plans[0]);
	a->names[a->count] = copy;
	a->lines[a->count] = r->line;
	a->count++;
	r->open = 1;
	r->kind_given = 0;
	memset(r->key_line, 0, sizeof r->key_line);
	return 0;
}

static int set_string(struct reader *r, char **dst, const char *key, const char *value)
{
	if (!answers_valid_word(value, "")) {
		fail(r, "key '%s' in [migration %s] has an empty value; give a name or remove the "
		     "line", key, section_name(r));
		return -1;
	}
	*dst = strdup(value);
	if (!*dst) {
		fail(r, "out of memory");
		return -1;
	}
	return 0;
}

/* "disk.vda = DATASTORE:FORMAT" (DATASTORE may be empty: the plan's datastore). */
static int disk_key(struct reader *r, const char *key, const char *disk, const char *value)
{
	struct plan *p = current(r);
	const char *colon = strrchr(value, ':');
	enum plan_format format = p->format;

	if (!answers_valid_word(disk, "=:")) {
		fail(r, "key '%s' in [migration %s] names no disk; write 'disk.vda = DATASTORE:FORMAT'",
		     key, section_name(r));
		return -1;
	}
	for (size_t i = 0; i < p->ndisks; i++) {
		if (strcmp(p->disks[i].target, disk) == 0) {
			fail(r, "duplicate key '%s' in [migration %s]; keep one line per disk", key,
			     section_name(r));
			return -1;
		}
	}
	size_t len = colon ? (size_t)(colon - value) : strlen(value);
	if (colon && plan_format_parse(colon + 1, &format) != 0) {
		fail(r, "key '%s' in [migration %s]: format '%s' after ':' is not same, thin or "
		     "thick; write 'DATASTORE:thin', for example", key, section_name(r), colon + 1);
		return -1;
	}
	if (!colon && !len) {
		fail(r, "key '%s' in [migration %s] has an empty value; write 'DATASTORE:FORMAT'",
		     key, section_name(r));
		return -1;
	}
	char *ds = len ? strndup(value, len) : NULL;
	if (len && !ds) {
		fail(r, "out of memory");
		return -1;
	}
	if (ds && !answers_valid_word(ds, "")) {
		fail(r, "key '%s' in [migration %s]: datastore '%s' has blanks at an end; remove them",
		     key, section_name(r), ds);
		free(ds);
		return -1;
	}
	int rc = plan_add_disk(p, disk, ds, format);
	free(ds);
	if (rc != 0)
		fail(r, "out of memory");
	return rc;
}

static int network_key(struct reader *r, const char *key, const char *from, const char *to)
{
	struct plan *p = current(r);

	if (!answers_valid_word(from, "=")) {
		fail(r, "key '%s' in [migration %s] names no network; write 'network.SOURCE = "
		     "DESTINATION'", key, section_name(r));
		return -1;
	}
	for (size_t i = 0; i < p->nnets; i++) {
		if (strcmp(p->nets[i].from, from) == 0) {
			fail(r, "duplicate key '%s' in [migration %s]; map each source network once",
			     key, section_name(r));
			return -1;
		}
	}
	if (!answers_valid_word(to, "")) {
		fail(r, "key '%s' in [migration %s] has an empty value; name the destination network",
		     key, section_name(r));
		return -1;
	}
	if (plan_add_net(p, from, to) != 0) {
		fail(r, "out of memory");
		return -1;
	}
	return 0;
}

static int key_value(struct reader *r, char *text)
{
	char *eq = strchr(text, '=');

	if (!eq) {
		fail(r, "'%s' is neither 'key = value', '[migration NAME]' nor a comment; fix or "
		     "remove the line", text);
		return -1;
	}
	*eq = '\0';
	char *key = trim(text), *value = trim(eq + 1);
	if (!key[0]) {
		fail(r, "a line starts with '='; write 'key = value'");
		return -1;
	}
	if (!r->open) {
		fail(r, "key '%s' is outside any section; put it under a '[migration NAME]' header",
		     key);
		return -1;
	}
	struct plan *p = current(r);
	if (strncmp(key, "disk.", 5) == 0)
		return disk_key(r, key, key + 5, value);
	if (strncmp(key, "network.", 8) == 0)
		return network_key(r, key, key + 8, value);

	int k;
	for (k = 0; k < KEY_COUNT; k++)
		if (strcmp(key, key_name(k)) == 0)
			break;
	if (k == KEY_COUNT) {
		char list[256];
		fail(r, "unknown key '%s' in [migration %s]; expected one of: %s", key,
		     section_name(r), key_list(list, sizeof list));
		return -1;
	}
	if (r->key_line[k]) {
		fail(r, "duplicate key '%s' in [migration %s] (first at line %u); keep one", key,
		     section_name(r), r->key_line[k]);
		return -1;
	}
	r->key_line[k] = r->line;

	switch ((enum answers_key)k) {
	case KEY_VM:
		return set_string(r, &p->vm, key, value);
	case KEY_HOST:
		return set_string(r, &p->target, key, value);
	case KEY_DATASTORE:
		return set_string(r, &p->datastore, key, value);
	case KEY_FROM:
		return set_string(r, &p->from, key, value);
	case KEY_KIND:
		if (plan_kind_parse(value, &p->kind) != 0)
			break;
		r->kind_given = 1;
		return 0;
	case KEY_FORMAT:
		if (p->ndisks) {
			fail(r, "key 'format' in [migration %s] comes after a disk.* line; put it "
			     "above them (it is the default of the disks below it)", section_name(r));
			return -1;
		}
		if (plan_format_parse(value, &p->format) != 0)
			break;
		return 0;
	case KEY_PRIORITY:
		if (plan_priority_parse(value, &p->priority) != 0)
			break;
		return 0;
	case KEY_MAX_DOWNTIME:
	case KEY_MAX_TIME:
	case KEY_BANDWIDTH: {
		unsigned v;
		if (plan_limit_parse(keys[k].limit, value, &v) != 0)
			break;
		plan_limit_set(p, keys[k].limit, v);
		return 0;
	}
	case KEY_DELETE_SOURCE:
		if (parse_bool(value, &p->delete_source) != 0)
			break;
		return 0;
	case KEY_ENCRYPT:
		if (plan_encrypt_parse(value, &p->encrypt) != 0)
			break;
		return 0;
	case KEY_CONNECTIONS:
		if (parse_connections(value, &p->connections) != 0)
			break;
		return 0;
	case KEY_COMPRESS:
		if (plan_compress_parse(value, &p->compress) != 0)
			break;
		return 0;
	case KEY_COUNT:
		break;
	}

	static const char *const expect[KEY_COUNT] = {
		[KEY_KIND] = "compute, storage or both",
		[KEY_FORMAT] = "same, thin or thick",
		[KEY_PRIORITY] = "high or standard",
		[KEY_DELETE_SOURCE] = "yes or no",
		[KEY_ENCRYPT] = "disabled, opportunistic or required",
		[KEY_CONNECTIONS] = "a whole number from 1 (one stream) to "
				    STREAMS_MAX_TEXT,
		[KEY_COMPRESS] = "none, xbzrle, mt, zlib or zstd",
	};
	const struct plan_limit *l = keys[k].limit >= 0 ? plan_limit_of(keys[k].limit) : NULL;
	if (l) {
		fail(r, "bad value '%s' for key '%s' in [migration %s]; expected a whole number of "
		     "%s from 0 (%s) to %u", value, key, section_name(r), l->unit, l->zero, l->max);
		return -1;
	}
	fail(r, "bad value '%s' for key '%s' in [migration %s]; expected %s", value, key,
	     section_name(r), expect[k] ? expect[k] : "a value");
	return -1;
}

static int parse_text(struct reader *r, char *text, size_t size)
{
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		r->line = 1;
		fail(r, "the file starts with a UTF-8 byte order mark; save it without one "
		     "(e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' FILE)");
		return -1;
	}
	if (memchr(text, '\0', size)) {
		fail(r, "the file holds a NUL byte: it is not a text file");
		return -1;
	}
	/* UTF-8 text with no control characters but tab (CR: see below) */
	r->line = 1;
	for (size_t i = 0; i < size;) {
		unsigned char c = (unsigned char)text[i];
		size_t n;

		if (c == '\n' || c == '\t' || c == '\r') {
			r->line += c == '\n';
			i++;
			continue;
		}
		if (c < ' ' || c == 0x7F) {
			fail(r, "the line holds the control character 0x%02X: not a text answers "
			     "file, or a damaged one; save the answers again", c);
			return -1;
		}
		n = config_utf8_len((const unsigned char *)text + i, size - i);
		if (n == 0) {
			fail(r, "the line is not valid UTF-8 (byte 0x%02X); save the file as UTF-8 "
			     "text", c);
			return -1;
		}
		i += n;
	}
	r->line = 0;
	char *line = text, *end = text + size;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (nl)
			*nl = '\0';
		r->line++;
		if (strchr(line, '\r')) {
			fail(r, "the line ends with a carriage return (CRLF, DOS line ends); convert "
			     "the file with 'sed -i s/\\\\r$// FILE' or dos2unix");
			return -1;
		}
		char *s = trim(line);
		/* the header's "# recorded ..." line, above the first section */
		size_t plen = strlen(ANSWERS_RECORDED_PREFIX);
		if (!r->out->recorded && !r->out->count &&
		    strncmp(s, ANSWERS_RECORDED_PREFIX, plen) == 0 &&
		    !(r->out->recorded = strdup(s + plen))) {
			fail(r, "out of memory");
			return -1;
		}
		int rc = 0;
		if (s[0] == '\0' || s[0] == '#' || s[0] == ';')
			rc = 0;
		else if (s[0] == '[')
			rc = section_end(r) == 0 ? section_begin(r, s) : -1;
		else
			rc = key_value(r, s);
		if (rc != 0)
			return -1;
		if (!nl)
			break;
		line = nl + 1;
	}
	if (section_end(r) != 0)
		return -1;
	if (r->out->count == 0) {
		r->line = 0;
		fail(r, "no '[migration NAME]' section: nothing to replay; save answers with "
		     "'virt-migrate move ... --save-answers FILE'");
		return -1;
	}
	return 0;
}

int answers_load(const char *path, struct answers *out, struct vm_error *err)
{
	struct reader r = { .path = path, .out = out, .err = err };
	char *text = NULL;
	size_t size = 0;

	memset(out, 0, sizeof *out);
	vm_error_clear(err);
	if (!path) {
		vm_error_set(err, "no answers file given");
		return -1;
	}
	if (answers_read_text(path, &text, &size, err) != 0)
		return -1;
	int rc = parse_text(&r, text, size);
	free(text);
	if (rc != 0)
		answers_free(out);
	return rc;
}

void answers_free(struct answers *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->count; i++) {
		plan_free(&a->plans[i]);
		free(a->names ? a->names[i] : NULL);
	}
	free(a->plans);
	free(a->names);
	free(a->lines);
	free(a->recorded);
	memset(a, 0, sizeof *a);
}

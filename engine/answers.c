/* engine/answers.c — read and write answers files.
 *
 * The format is a strict INI, read by our own line reader so that every
 * message can name the line: one "[migration NAME]" section per migration,
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
 *
 * encrypt is written only when the plan says it (an unset plan reads as the
 * configuration's default).  A file writable by others, or owned by another
 * user than the invoking one or root, is not read (config_check_file_owner). */
#include "answers.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ANSWERS_MAX_BYTES	(1024 * 1024)
#define SECTION_PREFIX		"migration"
#define RECORDED_PREFIX		"# recorded "
#define MAX_DOWNTIME_MS_MAX	600000u
#define MAX_TIME_S_MAX		86400u
#define BANDWIDTH_MIBS_MAX	1000000u

#ifndef VERSION
#define VERSION "unknown"
#endif

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
	KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
	[KEY_VM] = "vm",
	[KEY_KIND] = "kind",
	[KEY_HOST] = "host",
	[KEY_DATASTORE] = "datastore",
	[KEY_FORMAT] = "format",
	[KEY_PRIORITY] = "priority",
	[KEY_MAX_DOWNTIME] = "max_downtime_ms",
	[KEY_MAX_TIME] = "max_time_s",
	[KEY_BANDWIDTH] = "bandwidth_mibs",
	[KEY_DELETE_SOURCE] = "delete_source",
	[KEY_ENCRYPT] = "encrypt",
};

#define KEY_LIST "vm, kind, host, datastore, format, priority, max_downtime_ms, max_time_s, " \
	"bandwidth_mibs, delete_source, encrypt, disk.DISK, network.SOURCE"

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
static int valid_word(const char *s, const char *forbidden)
{
	if (!s || !s[0] || is_blank(s[0]) || is_blank(s[strlen(s) - 1]))
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < ' ' || *c == 0x7f || strchr(forbidden, *c))
			return 0;
	return 1;
}

static int parse_unsigned(const char *s, unsigned max, unsigned *out)
{
	char *end;

	if (!s[0] || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || errno || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
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
	if (!r->kind_given) {
		int stores = p->datastore || p->ndisks;
		p->kind = p->target && stores ? PLAN_KIND_BOTH :
			  stores ? PLAN_KIND_STORAGE : PLAN_KIND_COMPUTE;
	}
	if (p->kind != PLAN_KIND_STORAGE && !p->target) {
		fail(r, "[migration %s] has kind '%s' but no key 'host'; add 'host = NAME' with "
		     "the target host", section_name(r), plan_kind_name(p->kind));
		return -1;
	}
	if (p->kind == PLAN_KIND_COMPUTE && (p->datastore || p->ndisks)) {
		unsigned l = p->datastore ? r->key_line[KEY_DATASTORE] : 0;
		r->line = l ? l : header;
		fail(r, "key '%s' in [migration %s]: kind 'compute' moves no disk; remove it or "
		     "set 'kind = both'", p->datastore ? "datastore" : "disk.*", section_name(r));
		return -1;
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
	if (!valid_word(name, "[]")) {
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
	if (!valid_word(value, "")) {
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

	if (!valid_word(disk, "=:")) {
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
	if (ds && !valid_word(ds, "")) {
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

	if (!valid_word(from, "=")) {
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
	if (!valid_word(to, "")) {
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
		if (strcmp(key, key_names[k]) == 0)
			break;
	if (k == KEY_COUNT) {
		fail(r, "unknown key '%s' in [migration %s]; expected one of: " KEY_LIST, key,
		     section_name(r));
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
		if (parse_unsigned(value, MAX_DOWNTIME_MS_MAX, &p->max_downtime_ms) != 0)
			break;
		return 0;
	case KEY_MAX_TIME:
		if (parse_unsigned(value, MAX_TIME_S_MAX, &p->max_time_s) != 0)
			break;
		return 0;
	case KEY_BANDWIDTH:
		if (parse_unsigned(value, BANDWIDTH_MIBS_MAX, &p->bandwidth_mibs) != 0)
			break;
		return 0;
	case KEY_DELETE_SOURCE:
		if (parse_bool(value, &p->delete_source) != 0)
			break;
		return 0;
	case KEY_ENCRYPT:
		if (plan_encrypt_parse(value, &p->encrypt) != 0)
			break;
		return 0;
	case KEY_COUNT:
		break;
	}

	static const char *const expect[KEY_COUNT] = {
		[KEY_KIND] = "compute, storage or both",
		[KEY_FORMAT] = "same, thin or thick",
		[KEY_PRIORITY] = "high or standard",
		[KEY_MAX_DOWNTIME] = "a whole number of milliseconds from 0 (the default, 300) to 600000",
		[KEY_MAX_TIME] = "a whole number of seconds from 0 (no limit) to 86400",
		[KEY_BANDWIDTH] = "a whole number of MiB/s from 0 (no cap) to 1000000",
		[KEY_DELETE_SOURCE] = "yes or no",
		[KEY_ENCRYPT] = "disabled, opportunistic or required",
	};
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
		size_t plen = strlen(RECORDED_PREFIX);
		if (!r->out->recorded && !r->out->count && strncmp(s, RECORDED_PREFIX, plen) == 0 &&
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

/* The whole file, NUL-terminated, into *text; -1 with err set. */
static int read_file(const char *path, char **text, size_t *size, struct vm_error *err)
{
	/* never through a symbolic link; a FIFO must not block the open */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	char *buf = NULL;
	size_t len = 0;

	if (fd < 0 && errno == ELOOP) {
		vm_error_set(err, "%s: is a symbolic link; answers are read only from the file "
			     "itself", path);
		vm_error_hint(err, "Give the path of the file the link points to.");
		return -1;
	}
	if (fd < 0) {
		vm_error_set(err, "%s: cannot read: %s", path, strerror(errno));
		vm_error_hint(err, "Give the path of an answers file saved with --save-answers.");
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
		vm_error_set(err, "%s: a FIFO, not a regular file", path);
		vm_error_hint(err, "Give the path of an answers file saved with --save-answers.");
		goto fail;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		vm_error_set(err, "%s: not a regular file", path);
		vm_error_hint(err, "Give the path of an answers file saved with --save-answers.");
		goto fail;
	}
	char why[CONFIG_ERR_MAX];
	if (config_check_file_owner(path, &st, why, sizeof why) != 0) {
		vm_error_set(err, "%s", why);
		goto fail;
	}
	if (st.st_size > ANSWERS_MAX_BYTES) {
		vm_error_set(err, "%s: larger than %d bytes: not an answers file", path,
			     ANSWERS_MAX_BYTES);
		goto fail;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		vm_error_set(err, "%s: out of memory", path);
		goto fail;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vm_error_set(err, "%s: cannot read: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > (size_t)st.st_size) {
			vm_error_set(err, "%s: the file grew while being read; try again", path);
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*text = buf;
	*size = len;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
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
	if (read_file(path, &text, &size, err) != 0)
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

/* ---- writing ---------------------------------------------------------------------- */

struct writer {
	char *buf;
	size_t len, cap;
	int oom;
};

static void put(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct writer *w, const char *fmt, ...)
{
	va_list ap;

	if (w->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(w->buf ? w->buf + w->len : NULL, w->buf ? w->cap - w->len : 0,
				  fmt, ap);
		va_end(ap);
		if (n < 0) {
			w->oom = 1;
			return;
		}
		if (w->buf && w->len + (size_t)n < w->cap) {
			w->len += (size_t)n;
			return;
		}
		size_t cap = (w->cap ? w->cap : 1024);
		while (cap <= w->len + (size_t)n)
			cap *= 2;
		char *b = realloc(w->buf, cap);
		if (!b) {
			w->oom = 1;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
}

/* A value that reads back as itself: FORBIDDEN characters are those that
 * would change its meaning where it stands. */
static int check_value(const struct plan *p, size_t index, const char *what, const char *s,
		       const char *forbidden, struct vm_error *err)
{
	if (valid_word(s, forbidden))
		return 0;
	vm_error_set(err, "Migration %zu (VM '%s'): the %s '%s' cannot be written to an answers "
		     "file: it is empty, has blanks at an end, a control character or one of "
		     "\"%s\".", index + 1, p->vm ? p->vm : "?", what, s ? s : "", forbidden);
	vm_error_hint(err, "Rename it, or move this VM with 'virt-migrate move' instead.");
	return -1;
}

static int check_plan(const struct plan *p, size_t i, struct vm_error *err)
{
	if (!p->vm) {
		vm_error_set(err, "Migration %zu has no VM: nothing to save.", i + 1);
		return -1;
	}
	if ((unsigned)p->kind >= PLAN_KIND_COUNT || (unsigned)p->format >= PLAN_FORMAT_COUNT ||
	    (unsigned)p->priority >= PLAN_PRIORITY_COUNT ||
	    (unsigned)p->encrypt >= PLAN_ENCRYPT_COUNT || p->max_downtime_ms > MAX_DOWNTIME_MS_MAX ||
	    p->max_time_s > MAX_TIME_S_MAX || p->bandwidth_mibs > BANDWIDTH_MIBS_MAX) {
		vm_error_set(err, "Migration %zu (VM '%s') holds a value out of range.", i + 1, p->vm);
		return -1;
	}
	if (check_value(p, i, "VM name", p->vm, "", err) != 0)
		return -1;
	if (p->target && check_value(p, i, "host name", p->target, "", err) != 0)
		return -1;
	if (p->datastore && check_value(p, i, "datastore", p->datastore, "", err) != 0)
		return -1;
	if (p->kind != PLAN_KIND_STORAGE && !p->target) {
		vm_error_set(err, "Migration %zu (VM '%s') has no target host.", i + 1, p->vm);
		return -1;
	}
	if (p->kind == PLAN_KIND_COMPUTE && (p->datastore || p->ndisks)) {
		vm_error_set(err, "Migration %zu (VM '%s') changes compute resource only but names "
			     "datastores.", i + 1, p->vm);
		return -1;
	}
	for (size_t d = 0; d < p->ndisks; d++) {
		if (check_value(p, i, "disk", p->disks[d].target, "=:", err) != 0 ||
		    (p->disks[d].datastore &&
		     check_value(p, i, "datastore", p->disks[d].datastore, "", err) != 0))
			return -1;
		if ((unsigned)p->disks[d].format >= PLAN_FORMAT_COUNT) {
			vm_error_set(err, "Migration %zu (VM '%s'): disk '%s' has no valid format.",
				     i + 1, p->vm, p->disks[d].target);
			return -1;
		}
		for (size_t e = 0; e < d; e++) {
			if (strcmp(p->disks[e].target, p->disks[d].target) == 0) {
				vm_error_set(err, "Migration %zu (VM '%s') names disk '%s' twice.",
					     i + 1, p->vm, p->disks[d].target);
				return -1;
			}
		}
	}
	for (size_t n = 0; n < p->nnets; n++) {
		if (check_value(p, i, "network", p->nets[n].from, "=", err) != 0 ||
		    check_value(p, i, "network", p->nets[n].to, "", err) != 0)
			return -1;
		for (size_t e = 0; e < n; e++) {
			if (strcmp(p->nets[e].from, p->nets[n].from) == 0) {
				vm_error_set(err, "Migration %zu (VM '%s') maps network '%s' twice.",
					     i + 1, p->vm, p->nets[n].from);
				return -1;
			}
		}
	}
	return 0;
}

/* Section names: the VM's name with anything unusual made '-', made unique
 * with "-2", "-3"... among NAMES[0..I). */
static char *section_for(const struct plan *p, char *const *names, size_t i)
{
	char base[128], *out = NULL;
	size_t n = 0;

	for (const char *c = p->vm; *c && n < sizeof base - 1; c++)
		base[n++] = ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			     (*c >= '0' && *c <= '9') || strchr("._-", *c)) ? *c : '-';
	base[n] = '\0';
	for (unsigned k = 1;; k++) {
		if (k == 1 ? !(out = strdup(base)) : asprintf(&out, "%s-%u", base, k) < 0)
			return NULL;
		size_t j;
		for (j = 0; j < i && strcmp(names[j], out) != 0; j++)
			;
		if (j == i)
			return out;
		free(out);
	}
}

static void put_plan(struct writer *w, const struct plan *p, const char *name)
{
	put(w, "\n[migration %s]\n", name);
	put(w, "vm = %s\n", p->vm);
	put(w, "kind = %s\n", plan_kind_name(p->kind));
	if (p->target)
		put(w, "host = %s\n", p->target);
	if (p->datastore)
		put(w, "datastore = %s\n", p->datastore);
	put(w, "format = %s\n", plan_format_name(p->format));
	for (size_t d = 0; d < p->ndisks; d++)
		put(w, "disk.%s = %s:%s\n", p->disks[d].target,
		    p->disks[d].datastore ? p->disks[d].datastore : "",
		    plan_format_name(p->disks[d].format));
	for (size_t n = 0; n < p->nnets; n++)
		put(w, "network.%s = %s\n", p->nets[n].from, p->nets[n].to);
	put(w, "priority = %s\n", plan_priority_name(p->priority));
	put(w, "max_downtime_ms = %u\n", p->max_downtime_ms);
	put(w, "max_time_s = %u\n", p->max_time_s);
	put(w, "bandwidth_mibs = %u\n", p->bandwidth_mibs);
	put(w, "delete_source = %s\n", p->delete_source ? "yes" : "no");
	if (p->encrypt != PLAN_ENCRYPT_UNSET)
		put(w, "encrypt = %s\n", plan_encrypt_name(p->encrypt));
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Make the rename of a file into the directory of PATH durable: fsync the
 * directory.  File systems that cannot sync a directory say EINVAL. */
static int sync_dir_of(const char *path, struct vm_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) :
		    strdup(".");
	int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	int rc = 0;

	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
		vm_error_set(err, "%s: written, but its directory %s could not be synced to disk: "
			     "%s", path, dir ? dir : "", dir ? strerror(errno) : "out of memory");
		vm_error_hint(err, "Check the file system, then save the answers again.");
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

static int write_atomically(const char *path, const char *buf, size_t len, struct vm_error *err)
{
	char *tmp = NULL;
	int fd = -1, rc = -1;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		vm_error_set(err, "%s: out of memory", path);
		return -1;
	}
	/* mkostemp creates the file (O_EXCL: never through a planted link), 0600 */
	fd = mkostemp(tmp, O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		vm_error_set(err, "%s: cannot create a file next to it: %s", path, strerror(errno));
		vm_error_hint(err, "Save the answers into a directory you can write to.");
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, buf, len) != 0 || fsync(fd) != 0) {
		vm_error_set(err, "%s: cannot write: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		vm_error_set(err, "%s: cannot write: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	/* rename replaces PATH itself: a symbolic link there is replaced, never followed */
	if (rename(tmp, path) != 0) {
		vm_error_set(err, "%s: cannot replace it: %s", path, strerror(errno));
		vm_error_hint(err, "Give a path that is not a directory, in a directory you can "
			      "write to.");
		goto out;
	}
	free(tmp);
	return sync_dir_of(path, err);
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int answers_save(const char *path, const struct plan *plans, size_t n, const char *origin,
		 struct vm_error *err)
{
	struct writer w = { 0 };
	char **names = NULL;
	char when[64] = "";
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	vm_error_clear(err);
	if (!path || !path[0] || (!plans && n)) {
		vm_error_set(err, "No answers file name given.");
		return -1;
	}
	if (n == 0) {
		vm_error_set(err, "%s: no migration to save.", path);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (check_plan(&plans[i], i, err) != 0)
			return -1;
	if (origin && !valid_word(origin, "")) {
		vm_error_set(err, "The origin of the answers ('%s') is not one printable line.", origin);
		return -1;
	}
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

	put(&w, "# virt-migrate answers file: replay with 'virt-migrate replay FILE'.\n");
	put(&w, RECORDED_PREFIX "%s by virt-migrate %s%s%s\n", when, VERSION,
	    origin ? " from " : "", origin ? origin : "");
	put(&w, "# The format is in virt-migrate.conf(5), ANSWERS FILES.  No secrets are kept here:\n"
		"# keys and passwords stay with ssh.\n");
	names = calloc(n, sizeof *names);
	for (size_t i = 0; names && i < n; i++) {
		names[i] = section_for(&plans[i], names, i);
		if (!names[i]) {
			w.oom = 1;
			break;
		}
		put_plan(&w, &plans[i], names[i]);
	}
	if (w.oom || !names) {
		vm_error_set(err, "%s: out of memory", path);
		goto out;
	}
	rc = write_atomically(path, w.buf, w.len, err);
out:
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	free(w.buf);
	return rc;
}

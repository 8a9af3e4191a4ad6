/* engine/facts_load.c — reading a host's file of the facts cache, strictly
 * (the format: facts_int.h): a file that is not ours, cut short, too large
 * or with one line that does not parse is not used at all, and the caller
 * is told why. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts_int.h"

/* ---- numbers ---------------------------------------------------------- */

/* DIGITS or -DIGITS in [MIN, MAX]; nothing else (no sign '+', no blanks). */
static int parse_ll(const char *s, long long min, long long max, long long *out)
{
	const char *d = s[0] == '-' ? s + 1 : s;
	char *end = NULL;
	if (*d < '0' || *d > '9')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_int(const char *s, int min, int max, int *out)
{
	long long v;
	if (parse_ll(s, min, max, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* A finite rate >= 0 as "%.17g" writes it; read in locale C, whatever the
 * program's locale says the decimal separator is. */
static int parse_rate(const char *s, locale_t c_locale, double *out)
{
	char *end = NULL;
	if (*s < '0' || *s > '9' || strspn(s, "0123456789.eE+-") != strlen(s))
		return -1;	/* no "nan", "inf", hex floats or blanks */
	errno = 0;
	double v = strtod_l(s, &end, c_locale);
	if (*end || errno == ERANGE || !isfinite(v) || v < 0.0)
		return -1;
	*out = v;
	return 0;
}

/* ---- the file --------------------------------------------------------- */

/* "The cached facts of host 'H' (PATH) WHAT; they are read again from the
 * host." into WHY. */
static void refuse(char *why, size_t whylen, const char *host, const char *path,
		   const char *what)
{
	if (why && whylen)
		snprintf(why, whylen, "The cached facts of host '%s' (%s) %s; they are read "
			 "again from the host.", host, path, what);
}

/* Split LINE at single spaces into at most FACTS_FIELDS_MAX fields; -1 when there
 * are more, or when a field is empty or holds a byte that is never written
 * (a control byte, DEL): the file was not written by us. */
static int split(char *line, char **f, int *nf)
{
	*nf = 0;
	for (char *p = line; p;) {
		if (*nf == FACTS_FIELDS_MAX)
			return -1;
		f[(*nf)++] = p;
		p = strchr(p, ' ');
		if (p)
			*p++ = '\0';
	}
	for (int i = 0; i < *nf; i++) {
		if (!f[i][0])
			return -1;
		for (const unsigned char *c = (const unsigned char *)f[i]; *c; c++)
			if (*c < ' ' || *c == 0x7f)
				return -1;
	}
	return 0;
}

/* Field S in place: NULL for "-" (none), else unescaped; -1 on a bad
 * escape, or when the result is not a string that could have been written
 * (empty, too long, with a newline).  REQUIRED: none is refused too. */
static int field(char *s, size_t max, int required, char **out)
{
	*out = NULL;
	if (strcmp(s, "-") == 0)
		return required ? -1 : 0;
	if (journal_unescape(s) < 0 || facts_str_ok(s, max, 1) < 0)
		return -1;
	*out = s;
	return 0;
}

/* -1 with DETAIL when a WHAT line comes before its HEAD line (SEEN 0):
 * the lines of a list follow the one that opens it. */
static int after_head(int seen, const char *what, const char *head, char *detail, size_t dlen)
{
	if (seen)
		return 0;
	snprintf(detail, dlen, "%s line before the '%s' line", what, head);
	return -1;
}

/* ARR (N items of SIZE bytes, room for *CAP) with room for one more: ARR
 * itself, or ARR moved with *CAP doubled (from FIRST), since an index may
 * list thousands of VMs.  NULL when out of memory (ARR is kept). */
static void *grow(void *arr, size_t *cap, size_t n, size_t first, size_t size)
{
	if (n < *cap)
		return arr;
	size_t more = *cap ? *cap * 2 : first;
	void *moved = realloc(arr, more * size);
	if (moved)
		*cap = more;
	return moved;
}

/* Parse the lines of TEXT (NUL-terminated, ends with a newline) into F,
 * which holds only the host name.  0, or -1 with the line in *LINENO and
 * what is wrong with it in DETAIL; -2 when out of memory. */
static int parse(char *text, struct facts_host *f, locale_t c_locale, int *lineno,
		 char *detail, size_t dlen)
{
	int seen_key = 0, seen_index = 0, seen_cpu = 0, seen_fs = 0;
	size_t fcap = 0;	/* f->fs has room for so many */
	size_t vcap = 0;	/* f->vms has room for so many */
	size_t mcap = 0;	/* f->models has room for so many */
	char *next = NULL;

	*lineno = 0;
	for (char *line = text; *line; line = next) {
		char *fl[FACTS_FIELDS_MAX];
		int nf = 0;
		char *nl = strchr(line, '\n');
		*nl = '\0';
		next = nl + 1;
		(*lineno)++;

		if (*lineno == 1) {
			if (strcmp(line, FACTS_MAGIC) == 0)
				continue;
			snprintf(detail, dlen, "%s",
				 strncmp(line, FACTS_MAGIC_PREFIX, strlen(FACTS_MAGIC_PREFIX)) == 0
					 ? "a format version other than 1"
					 : "not a file of the facts cache");
			return -1;
		}
		if (split(line, fl, &nf) < 0) {
			snprintf(detail, dlen, "an empty field, a stray blank or too many fields");
			return -1;
		}
		const char *kind = fl[0];
		/* for a known kind; the checks below return -1 with it */
		snprintf(detail, dlen, "a '%s' line with a wrong number of fields or a bad value",
			 strlen(kind) < 16 ? kind : "?");
		char *a = NULL, *b = NULL, *c = NULL;
		long long taken = 0;
		double mbit = 0.0;

		if (*lineno == 2 || strcmp(kind, "host") == 0) {
			if (*lineno != 2 || strcmp(kind, "host") != 0 || nf != 2 ||
			    field(fl[1], FACTS_NAME_MAX, 1, &a) < 0) {
				snprintf(detail, dlen, "line 2 must be the only 'host' line");
				return -1;
			}
			if (strcmp(a, f->host) != 0) {
				snprintf(detail, dlen, "the file is about another host");
				return -1;
			}
		} else if (strcmp(kind, "hostkey") == 0) {
			if (seen_key++ || nf != 2 || field(fl[1], FACTS_KEY_MAX, 1, &a) < 0)
				return -1;
			f->hostkey = strdup(a);
			if (!f->hostkey)
				return -2;
		} else if (strcmp(kind, "cpu") == 0) {
			if (seen_cpu++ || nf != 3 || parse_ll(fl[1], 0, LLONG_MAX, &taken) < 0 ||
			    field(fl[2], FACTS_NAME_MAX, 0, &a) < 0)
				return -1;
			f->cpu_taken = taken;
			if (a && !(f->cpu_vendor = strdup(a)))
				return -2;
		} else if (strcmp(kind, "model") == 0) {
			long long usable = 0;
			if (after_head(seen_cpu, "a 'model'", "cpu", detail, dlen) < 0)
				return -1;
			if (nf != 3 || field(fl[1], FACTS_NAME_MAX, 1, &a) < 0 ||
			    parse_ll(fl[2], 0, 1, &usable) < 0)
				return -1;
			struct facts_cpu_model *mg = grow(f->models, &mcap, f->nmodels, 64, sizeof *mg);
			if (!mg)
				return -2;
			f->models = mg;
			struct facts_cpu_model *m = &f->models[f->nmodels];
			m->usable = (int)usable;
			if (!(m->name = strdup(a)))
				return -2;
			f->nmodels++;
		} else if (strcmp(kind, "fstypes") == 0) {
			if (seen_fs++ || nf != 2 || parse_ll(fl[1], 0, LLONG_MAX, &taken) < 0)
				return -1;
			f->fs_taken = taken;
		} else if (strcmp(kind, "fs") == 0) {
			if (after_head(seen_fs, "an 'fs'", "fstypes", detail, dlen) < 0)
				return -1;
			if (nf != 3 || field(fl[1], FACTS_ERROR_MAX, 1, &a) < 0 ||
			    field(fl[2], FACTS_NAME_MAX, 1, &b) < 0)
				return -1;
			if (facts_fs_find(f, a)) {
				snprintf(detail, dlen, "a second 'fs' line for the same path");
				return -1;
			}
			struct facts_fs *fg = grow(f->fs, &fcap, f->nfs, 8, sizeof *fg);
			if (!fg)
				return -2;
			f->fs = fg;
			struct facts_fs *e = &f->fs[f->nfs];
			e->path = strdup(a);
			e->fstype = strdup(b);
			if (!e->path || !e->fstype) {
				free(e->path);
				free(e->fstype);
				return -2;
			}
			f->nfs++;
		} else if (strcmp(kind, "index") == 0) {
			if (seen_index++ || nf != 2 || parse_ll(fl[1], 0, LLONG_MAX, &taken) < 0)
				return -1;
			f->index_taken = taken;
		} else if (strcmp(kind, "vm") == 0) {
			if (after_head(seen_index, "a 'vm'", "index", detail, dlen) < 0)
				return -1;
			if (nf != 3 || field(fl[1], FACTS_NAME_MAX, 1, &a) < 0 ||
			    field(fl[2], FACTS_NAME_MAX, 1, &b) < 0)
				return -1;
			struct facts_vm *vg = grow(f->vms, &vcap, f->nvms, 16, sizeof *vg);
			if (!vg)
				return -2;
			f->vms = vg;
			struct facts_vm *vm = &f->vms[f->nvms++];
			vm->name = strdup(a);
			vm->uuid = strdup(b);
			if (!vm->name || !vm->uuid)
				return -2;
		} else if (strcmp(kind, "link") == 0) {
			struct facts_link l = { 0 };
			long long ok = 0;
			if (nf != 10 || field(fl[1], FACTS_NAME_MAX, 1, &l.peer) < 0 ||
			    parse_ll(fl[2], 0, LLONG_MAX, &l.taken) < 0 ||
			    field(fl[3], FACTS_NAME_MAX, 0, &l.src_dev) < 0 ||
			    parse_int(fl[4], 0, INT_MAX, &l.src_mbit) < 0 ||
			    field(fl[5], FACTS_NAME_MAX, 0, &l.dst_dev) < 0 ||
			    parse_int(fl[6], 0, INT_MAX, &l.dst_mbit) < 0 ||
			    parse_ll(fl[7], -1, LLONG_MAX, &l.rtt_us) < 0 ||
			    parse_ll(fl[8], 0, 1, &ok) < 0 ||
			    field(fl[9], FACTS_ERROR_MAX, 0, &l.p2p_error) < 0)
				return -1;
			if (facts_link_find(f, l.peer)) {
				snprintf(detail, dlen, "a second 'link' line for the same peer");
				return -1;
			}
			l.p2p_ok = (int)ok;
			if (facts_set_link(f, &l) < 0)
				return -2;
		} else if (strcmp(kind, "measured") == 0 || strcmp(kind, "achieved") == 0) {
			int measured = kind[0] == 'm';
			if (nf != 4 || field(fl[1], FACTS_NAME_MAX, 1, &c) < 0 ||
			    parse_ll(fl[2], 0, LLONG_MAX, &taken) < 0 ||
			    parse_rate(fl[3], c_locale, &mbit) < 0)
				return -1;
			if (measured ? facts_measured_find(f, c) != NULL
				     : facts_achieved_find(f, c) != NULL) {
				snprintf(detail, dlen, "a second rate of the same kind for the same peer");
				return -1;
			}
			if ((measured ? facts_set_measured(f, c, taken, mbit)
				      : facts_set_achieved(f, c, taken, mbit)) < 0)
				return -2;
		} else {
			snprintf(detail, dlen, "a record of an unknown kind");
			return -1;
		}
	}
	if (*lineno < 2) {
		*lineno = *lineno + 1;
		snprintf(detail, dlen, "%s",
			 *lineno == 1 ? "the file is empty" : "the 'host' line is missing");
		return -1;
	}
	return 0;
}

/* The whole of FD (a regular file), or NULL with *TOO_BIG set when it is
 * over FACTS_FILE_MAX (it may have grown since fstat), or with errno. */
static char *slurp(int fd, size_t *len, int *too_big)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t got;

	*too_big = 0;
	while (buf) {
		if (n + 1 == cap) {
			if (cap > FACTS_FILE_MAX) {
				*too_big = 1;
				free(buf);
				return NULL;
			}
			char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = grown;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			errno = e;
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (!buf) {
		errno = ENOMEM;
		return NULL;
	}
	if (n > FACTS_FILE_MAX) {
		*too_big = 1;
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The number of the line at byte AT of TEXT. */
static int line_at(const char *text, size_t at)
{
	int line = 1;
	for (size_t i = 0; i < at; i++)
		line += text[i] == '\n';
	return line;
}

int facts_load(const char *dir, const char *host, struct facts_host *f, char *why,
	       size_t whylen)
{
	struct facts_path p;
	struct stat st;
	char *text = NULL, what[256];
	locale_t c_locale = (locale_t)0;
	size_t len = 0;
	int fd = -1, rc = -1, too_big = 0;

	memset(f, 0, sizeof *f);
	if (why && whylen)
		why[0] = '\0';
	what[0] = '\0';
	f->host = host ? strdup(host) : NULL;
	if (facts_path_make(dir, host, &p) < 0) {
		if (!p.esc) {
			if (why && whylen)
				snprintf(why, whylen, "The host name '%s' cannot name a file of the "
					 "facts cache (it is empty, '.' or '..', holds a '/' or a "
					 "newline, or is too long); its facts are read from the host.",
					 host ? host : "");
		} else if (!p.dir)
			rc = 0;	/* no state directory: no file either */
		else if (why && whylen)
			snprintf(why, whylen, "Out of memory while reading the facts of host '%s'.",
				 host);
		goto cleanup;
	}
	if (!f->host) {
		snprintf(what, sizeof what, "cannot be read (%s)", strerror(ENOMEM));
		goto cleanup;
	}
	if (lstat(p.dir, &st) < 0) {
		if (errno == ENOENT)
			rc = 0;
		else
			snprintf(what, sizeof what, "cannot be read (%s)", strerror(errno));
		goto cleanup;
	}
	const char *no = facts_path_dir_refusal(&st);
	if (no) {
		snprintf(what, sizeof what, "are not used: the directory %s", no);
		goto cleanup;
	}
	/* O_NONBLOCK: a FIFO planted in place of the file must not hang us */
	fd = open(p.file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			rc = 0;
		else if (errno == ELOOP)
			snprintf(what, sizeof what, "are a symbolic link, not a file, and are not used");
		else
			snprintf(what, sizeof what, "cannot be read (%s)", strerror(errno));
		goto cleanup;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(what, sizeof what, "cannot be read (%s)", strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(what, sizeof what, "are not a regular file and are not used");
		goto cleanup;
	}
	if (st.st_uid != geteuid()) {
		snprintf(what, sizeof what, "were written by another user (uid %lu) and are not used",
			 (unsigned long)st.st_uid);
		goto cleanup;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(what, sizeof what, "can be changed by other users (mode %04o) and are "
			 "not used", (unsigned)(st.st_mode & 07777));
		goto cleanup;
	}
	if (st.st_size > FACTS_FILE_MAX || !(text = slurp(fd, &len, &too_big))) {
		if (st.st_size > FACTS_FILE_MAX || too_big)
			snprintf(what, sizeof what, "are larger than %d MiB and are not used",
				 FACTS_FILE_MAX / (1024 * 1024));
		else
			snprintf(what, sizeof what, "cannot be read (%s)", strerror(errno));
		goto cleanup;
	}
	char *nul = memchr(text, '\0', len);
	if (nul) {
		snprintf(what, sizeof what, "are damaged at line %d (a NUL byte)",
			 line_at(text, (size_t)(nul - text)));
		goto cleanup;
	}
	if (len && text[len - 1] != '\n') {
		/* a write torn by a crash, or a file cut by hand: the last line
		 * may look whole and still be wrong */
		snprintf(what, sizeof what, "are cut short at line %d (it has no newline at its end)",
			 line_at(text, len));
		goto cleanup;
	}
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0) {
		snprintf(what, sizeof what, "cannot be read (%s)", strerror(errno));
		goto cleanup;
	}
	int lineno = 0;
	char detail[128] = "";
	int prc = parse(text, f, c_locale, &lineno, detail, sizeof detail);
	if (prc == -2)
		snprintf(what, sizeof what, "cannot be read (%s)", strerror(ENOMEM));
	else if (prc < 0)
		snprintf(what, sizeof what, "are damaged at line %d (%s)", lineno, detail);
	else
		rc = 0;
cleanup:
	if (rc < 0) {
		if (what[0]) {
			refuse(why, whylen, host, p.file, what);
			engine_log("facts: %s: not used: %s", p.file, what);
		}
		facts_clear(f);
	}
	if (c_locale != (locale_t)0)
		freelocale(c_locale);
	if (fd >= 0)
		close(fd);
	free(text);
	facts_path_free(&p);
	return rc;
}

/* engine/facts.c — the facts cache (see facts_int.h): one small text file
 * per host under STATE/facts, written whole and atomically, read strictly.
 *
 *   virt-migrate facts 1                          (line 1: the format version)
 *   host NAME                                     (line 2: whom the file is about)
 *   hostkey KEY                                   (when known)
 *   cpu TAKEN VENDOR                              (when known; VENDOR may be -)
 *   model NAME USABLE                             (after "cpu"; USABLE 0 or 1)
 *   fstypes TAKEN                                 (when known)
 *   fs PATH FSTYPE                                (after "fstypes")
 *   index TAKEN                                   (when there is an index)
 *   vm NAME UUID                                  (one per VM of the index)
 *   link PEER TAKEN SRCDEV SRCMBIT DSTDEV DSTMBIT RTT_US P2P_OK P2P_ERROR
 *   measured PEER TAKEN MBIT
 *   achieved PEER TAKEN MBIT
 *
 * Fields are separated by one space.  Strings are escaped with
 * journal_escape(), so no field holds a space or a control byte; a field
 * that is exactly "-" means "none" (NULL), and a string that is exactly "-"
 * is written "%2D".  An empty string is never written: in an optional field
 * it is stored as none, a required one (PEER, NAME, UUID, KEY) must not be
 * empty.  TAKEN and RTT_US are decimal long longs, SRCMBIT and DSTMBIT
 * decimal ints, P2P_OK 0 or 1, MBIT a double written with "%.17g" in the C
 * locale so that it reads back bit for bit.  The lines after the second
 * come in any order, but "vm" lines only after "index", "model" lines only
 * after "cpu" and "fs" lines only after "fstypes", and at most one
 * "hostkey", one "cpu", one "fstypes", one "index" and one record of each
 * kind per peer or path.
 *
 * A file that breaks any of this is not used at all: the cache is only
 * ever a shortcut, and a half-believed file is worse than none. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts_int.h"

#define MAGIC "virt-migrate facts 1"
#define MAGIC_PREFIX "virt-migrate facts "
#define FACTS_FILE_MAX (4 * 1024 * 1024)
#define FACTS_ERROR_MAX 1024	/* p2p_error */
#define FACTS_KEY_MAX 1024	/* hostkey */
#define FIELDS_MAX 10		/* a link line: the kind and 9 fields */
/* The escaped host name, so that "NAME.facts.tmp.PID.TID" (up to 32 bytes
 * after NAME) still fits in one file name of 255 bytes. */
#define FILE_NAME_HOST_MAX (255 - 32)

/* ---- strings and numbers ---------------------------------------------- */

/* 0 when S may be stored in a field of at most MAX bytes: no newline, not
 * empty when REQUIRED (NULL counts as empty). */
static int str_ok(const char *s, size_t max, int required)
{
	if (!s || !*s)
		return required ? -1 : 0;
	size_t len = strlen(s);
	return len <= max && !memchr(s, '\n', len) ? 0 : -1;
}

/* A copy of S, NULL for NULL and "" (an optional string that is empty is
 * none).  *OK is cleared when out of memory. */
static char *opt_dup(const char *s, int *ok)
{
	if (!s || !*s)
		return NULL;
	char *c = strdup(s);
	if (!c)
		*ok = 0;
	return c;
}

/* The host name as it is part of a file name.  '/' is refused rather than
 * escaped: journal_escape() leaves it alone, and a host name never holds
 * one, so refusing is the simpler of the two; "." and ".." would name
 * ".facts"-style files that look like leftovers, and are no host names. */
static char *host_file_name(const char *host)
{
	if (str_ok(host, FACTS_NAME_MAX, 1) < 0 || strcmp(host, ".") == 0 ||
	    strcmp(host, "..") == 0 || strchr(host, '/'))
		return NULL;
	char *esc = journal_escape(host);
	if (esc && strlen(esc) > FILE_NAME_HOST_MAX) {
		free(esc);
		return NULL;
	}
	return esc;
}

static int host_name_ok(const char *host)
{
	char *esc = host_file_name(host);
	free(esc);
	return esc ? 0 : -1;
}

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

static int rate_ok(double v)
{
	return isfinite(v) && v >= 0.0 ? 0 : -1;
}

/* ---- records ---------------------------------------------------------- */

static int link_ok(const struct facts_link *l)
{
	return l && str_ok(l->peer, FACTS_NAME_MAX, 1) == 0 &&
	       str_ok(l->src_dev, FACTS_NAME_MAX, 0) == 0 &&
	       str_ok(l->dst_dev, FACTS_NAME_MAX, 0) == 0 &&
	       str_ok(l->p2p_error, FACTS_ERROR_MAX, 0) == 0 && l->taken >= 0 &&
	       l->src_mbit >= 0 && l->dst_mbit >= 0 && l->rtt_us >= -1 ? 0 : -1;
}

static void link_free(struct facts_link *l)
{
	free(l->peer);
	free(l->src_dev);
	free(l->dst_dev);
	free(l->p2p_error);
}

char *facts_dir(const char *dir)
{
	if (dir)
		return strdup(dir);
	char *state = journal_state_dir(), *path = NULL;
	if (state && asprintf(&path, "%s/facts", state) < 0)
		path = NULL;
	free(state);
	return path;
}

void facts_clear(struct facts_host *f)
{
	if (!f)
		return;
	free(f->hostkey);
	free(f->cpu_vendor);
	for (size_t i = 0; i < f->nmodels; i++)
		free(f->models[i].name);
	free(f->models);
	for (size_t i = 0; i < f->nfs; i++) {
		free(f->fs[i].path);
		free(f->fs[i].fstype);
	}
	free(f->fs);
	for (size_t i = 0; i < f->nvms; i++) {
		free(f->vms[i].name);
		free(f->vms[i].uuid);
	}
	free(f->vms);
	for (size_t i = 0; i < f->nlinks; i++)
		link_free(&f->links[i]);
	free(f->links);
	for (size_t i = 0; i < f->nmeasured; i++)
		free(f->measured[i].peer);
	free(f->measured);
	for (size_t i = 0; i < f->nachieved; i++)
		free(f->achieved[i].peer);
	free(f->achieved);
	char *host = f->host;
	memset(f, 0, sizeof *f);
	f->host = host;
}

void facts_host_free(struct facts_host *f)
{
	if (!f)
		return;
	facts_clear(f);
	free(f->host);
	f->host = NULL;
}

const struct facts_link *facts_link_find(const struct facts_host *f, const char *peer)
{
	for (size_t i = 0; f && peer && i < f->nlinks; i++)
		if (strcmp(f->links[i].peer, peer) == 0)
			return &f->links[i];
	return NULL;
}

static const struct facts_rate *rate_find(const struct facts_rate *r, size_t n, const char *peer)
{
	for (size_t i = 0; peer && i < n; i++)
		if (strcmp(r[i].peer, peer) == 0)
			return &r[i];
	return NULL;
}

const struct facts_rate *facts_measured_find(const struct facts_host *f, const char *peer)
{
	return f ? rate_find(f->measured, f->nmeasured, peer) : NULL;
}

const struct facts_rate *facts_achieved_find(const struct facts_host *f, const char *peer)
{
	return f ? rate_find(f->achieved, f->nachieved, peer) : NULL;
}

int facts_index_has(const struct facts_host *f, const char *name)
{
	for (size_t i = 0; f && name && i < f->nvms; i++)
		if (strcmp(f->vms[i].name, name) == 0)
			return 1;
	return 0;
}

/* The setters check every value before they change anything, so that a
 * refused record leaves F as it was; numbers out of range (a negative time
 * or speed, a round trip below -1, a rate that is NaN, infinite or
 * negative) are refused like bad strings.  P2P_OK is stored as 0 or 1. */
int facts_set_link(struct facts_host *f, const struct facts_link *l)
{
	struct facts_link c = { 0 };
	int ok = 1, rc = -1;

	if (!f || link_ok(l) < 0)
		return -1;
	c.peer = strdup(l->peer);
	c.taken = l->taken;
	c.src_dev = opt_dup(l->src_dev, &ok);
	c.src_mbit = l->src_mbit;
	c.dst_dev = opt_dup(l->dst_dev, &ok);
	c.dst_mbit = l->dst_mbit;
	c.rtt_us = l->rtt_us;
	c.p2p_ok = l->p2p_ok != 0;
	c.p2p_error = opt_dup(l->p2p_error, &ok);
	if (!c.peer || !ok)
		goto cleanup;
	struct facts_link *old = (struct facts_link *)facts_link_find(f, l->peer);
	if (old) {
		link_free(old);
		*old = c;
	} else {
		struct facts_link *grown = realloc(f->links, (f->nlinks + 1) * sizeof *grown);
		if (!grown)
			goto cleanup;
		f->links = grown;
		f->links[f->nlinks++] = c;
	}
	memset(&c, 0, sizeof c);	/* now F's */
	rc = 0;
cleanup:
	link_free(&c);
	return rc;
}

static int set_rate(struct facts_rate **r, size_t *n, const char *peer, long long taken,
		    double mbit_s)
{
	if (str_ok(peer, FACTS_NAME_MAX, 1) < 0 || taken < 0 || rate_ok(mbit_s) < 0)
		return -1;
	struct facts_rate *old = (struct facts_rate *)rate_find(*r, *n, peer);
	if (old) {
		old->taken = taken;
		old->mbit_s = mbit_s;
		return 0;
	}
	char *copy = strdup(peer);
	struct facts_rate *grown = copy ? realloc(*r, (*n + 1) * sizeof *grown) : NULL;
	if (!grown) {
		free(copy);
		return -1;
	}
	*r = grown;
	grown[(*n)++] = (struct facts_rate){ .peer = copy, .taken = taken, .mbit_s = mbit_s };
	return 0;
}

int facts_set_measured(struct facts_host *f, const char *peer, long long taken, double mbit_s)
{
	return f ? set_rate(&f->measured, &f->nmeasured, peer, taken, mbit_s) : -1;
}

int facts_set_achieved(struct facts_host *f, const char *peer, long long taken, double mbit_s)
{
	return f ? set_rate(&f->achieved, &f->nachieved, peer, taken, mbit_s) : -1;
}

int facts_set_cpu(struct facts_host *f, long long taken, const char *vendor,
		  const char *const *names, const int *usable, size_t n)
{
	struct facts_cpu_model *models = NULL;
	char *v = NULL;
	int ok = 1;

	if (!f || taken < 0 || (n && (!names || !usable)) || str_ok(vendor, FACTS_NAME_MAX, 0) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (str_ok(names[i], FACTS_NAME_MAX, 1) < 0)
			return -1;
	v = opt_dup(vendor, &ok);
	models = n ? calloc(n, sizeof(*models)) : NULL;
	if (!ok || (n && !models))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		models[i].usable = usable[i] != 0;
		if (!(models[i].name = strdup(names[i]))) {
			for (size_t j = 0; j < i; j++)
				free(models[j].name);
			goto fail;
		}
	}
	for (size_t i = 0; i < f->nmodels; i++)
		free(f->models[i].name);
	free(f->models);
	free(f->cpu_vendor);
	f->models = models;
	f->nmodels = n;
	f->cpu_vendor = v;
	f->cpu_taken = taken;
	return 0;
fail:
	free(models);
	free(v);
	return -1;
}

const char *facts_fs_find(const struct facts_host *f, const char *path)
{
	for (size_t i = 0; f && path && i < f->nfs; i++)
		if (strcmp(f->fs[i].path, path) == 0)
			return f->fs[i].fstype;
	return NULL;
}

int facts_set_fs(struct facts_host *f, long long taken, const char *const *paths,
		 const char *const *types, size_t n)
{
	struct facts_fs *fs = NULL;

	if (!f || taken < 0 || (n && (!paths || !types)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (str_ok(paths[i], FACTS_ERROR_MAX, 1) < 0 || str_ok(types[i], FACTS_NAME_MAX, 1) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(paths[i], paths[j]) == 0)
				return -1;
	}
	if (n && !(fs = calloc(n, sizeof(*fs))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		fs[i].path = strdup(paths[i]);
		fs[i].fstype = strdup(types[i]);
		if (!fs[i].path || !fs[i].fstype) {
			for (size_t j = 0; j <= i; j++) {
				free(fs[j].path);
				free(fs[j].fstype);
			}
			free(fs);
			return -1;
		}
	}
	for (size_t i = 0; i < f->nfs; i++) {
		free(f->fs[i].path);
		free(f->fs[i].fstype);
	}
	free(f->fs);
	f->fs = fs;
	f->nfs = n;
	f->fs_taken = taken;
	return 0;
}

/* TAKEN 0 with no VMs drops the index. */
int facts_set_index(struct facts_host *f, long long taken, const char *const *names,
		    const char *const *uuids, size_t n)
{
	struct facts_vm *vms = NULL;
	size_t done = 0;
	int rc = -1;

	if (!f || taken < 0 || (n && (!names || !uuids)))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (str_ok(names[i], FACTS_NAME_MAX, 1) < 0 ||
		    str_ok(uuids[i], FACTS_NAME_MAX, 1) < 0)
			return -1;
	if (n) {
		vms = calloc(n, sizeof *vms);
		if (!vms)
			goto cleanup;
	}
	for (; done < n; done++) {
		vms[done].name = strdup(names[done]);
		vms[done].uuid = strdup(uuids[done]);
		if (!vms[done].name || !vms[done].uuid) {
			done++;
			goto cleanup;
		}
	}
	/* swap: the old index goes, the new one is F's */
	struct facts_vm *old = f->vms;
	size_t nold = f->nvms;
	f->vms = vms;
	f->nvms = n;
	f->index_taken = taken;
	vms = old;
	done = nold;
	rc = 0;
cleanup:
	for (size_t i = 0; i < done; i++) {
		free(vms[i].name);
		free(vms[i].uuid);
	}
	free(vms);
	return rc;
}

/* ---- paths and the directory ------------------------------------------ */

struct paths {
	char *dir;	/* the facts directory */
	char *file;	/* DIR/HOST.facts */
	char *lock;	/* DIR/HOST.lock */
	char *esc;	/* HOST escaped, as in the file names */
};

static void paths_free(struct paths *p)
{
	free(p->dir);
	free(p->file);
	free(p->lock);
	free(p->esc);
	memset(p, 0, sizeof *p);
}

/* -1 when there is no state directory (p->dir NULL), the host name cannot
 * name a file (p->esc NULL) or out of memory (p->file NULL). */
static int paths_make(const char *dir, const char *host, struct paths *p)
{
	memset(p, 0, sizeof *p);
	p->dir = facts_dir(dir);
	p->esc = host_file_name(host);
	if (!p->dir || !p->esc)
		return -1;
	if (asprintf(&p->lock, "%s/%s.lock", p->dir, p->esc) < 0) {
		p->lock = NULL;
		return -1;
	}
	if (asprintf(&p->file, "%s/%s.facts", p->dir, p->esc) < 0) {
		p->file = NULL;
		return -1;
	}
	return 0;
}

/* Why the facts directory DIR (lstat in ST) may not hold our files, or NULL:
 * another user could swap them otherwise. */
static const char *dir_refusal(const struct stat *st)
{
	if (!S_ISDIR(st->st_mode))
		return "is a symbolic link or not a directory";
	if (st->st_uid != geteuid())
		return "belongs to another user";
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return "can be changed by other users";
	return NULL;
}

/* Make DIR (0700) and its missing parents; it must then be a directory of
 * this user that no one else may write to. */
static int dir_make(const char *dir, struct vm_error *err)
{
	char *copy = strdup(dir);
	struct stat st;
	int rc = -1;

	if (!copy) {
		vm_error_set(err, "Out of memory.");
		goto cleanup;
	}
	/* the parents (~/.local/state) may be missing too; a failure shows
	 * below, as DIR's own */
	for (char *s = copy[0] ? strchr(copy + 1, '/') : NULL; s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(copy, 0700);
		*s = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		vm_error_set(err, "The directory %s of the facts cache could not be made: %s.", dir,
			     strerror(errno));
		vm_error_hint(err, "Check the permissions of its parent directories.");
		goto cleanup;
	}
	if (lstat(dir, &st) < 0) {
		vm_error_set(err, "The directory %s of the facts cache cannot be used: %s.", dir,
			     strerror(errno));
		goto cleanup;
	}
	const char *no = dir_refusal(&st);
	if (no) {
		vm_error_set(err, "The directory %s of the facts cache %s; it is not used.", dir, no);
		vm_error_hint(err, "Remove %s, or make it a directory of this user with mode 0700.",
			      dir);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(copy);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

/* "The cached facts of host 'H' (PATH) WHAT; they are read again from the
 * host." into WHY. */
static void refuse(char *why, size_t whylen, const char *host, const char *path,
		   const char *what)
{
	if (why && whylen)
		snprintf(why, whylen, "The cached facts of host '%s' (%s) %s; they are read "
			 "again from the host.", host, path, what);
}

/* Split LINE at single spaces into at most FIELDS_MAX fields; -1 when there
 * are more, or when a field is empty or holds a byte that is never written
 * (a control byte, DEL): the file was not written by us. */
static int split(char *line, char **f, int *nf)
{
	*nf = 0;
	for (char *p = line; p;) {
		if (*nf == FIELDS_MAX)
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
	if (journal_unescape(s) < 0 || str_ok(s, max, 1) < 0)
		return -1;
	*out = s;
	return 0;
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
		char *fl[FIELDS_MAX];
		int nf = 0;
		char *nl = strchr(line, '\n');
		*nl = '\0';
		next = nl + 1;
		(*lineno)++;

		if (*lineno == 1) {
			if (strcmp(line, MAGIC) == 0)
				continue;
			snprintf(detail, dlen, "%s",
				 strncmp(line, MAGIC_PREFIX, strlen(MAGIC_PREFIX)) == 0
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
			if (!seen_cpu) {
				snprintf(detail, dlen, "a 'model' line before the 'cpu' line");
				return -1;
			}
			if (nf != 3 || field(fl[1], FACTS_NAME_MAX, 1, &a) < 0 ||
			    parse_ll(fl[2], 0, 1, &usable) < 0)
				return -1;
			if (f->nmodels == mcap) {
				mcap = mcap ? mcap * 2 : 64;
				struct facts_cpu_model *grown = realloc(f->models, mcap * sizeof *grown);
				if (!grown)
					return -2;
				f->models = grown;
			}
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
			if (!seen_fs) {
				snprintf(detail, dlen, "an 'fs' line before the 'fstypes' line");
				return -1;
			}
			if (nf != 3 || field(fl[1], FACTS_ERROR_MAX, 1, &a) < 0 ||
			    field(fl[2], FACTS_NAME_MAX, 1, &b) < 0)
				return -1;
			if (facts_fs_find(f, a)) {
				snprintf(detail, dlen, "a second 'fs' line for the same path");
				return -1;
			}
			if (f->nfs == fcap) {
				fcap = fcap ? fcap * 2 : 8;
				struct facts_fs *grown = realloc(f->fs, fcap * sizeof *grown);
				if (!grown)
					return -2;
				f->fs = grown;
			}
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
			if (!seen_index) {
				snprintf(detail, dlen, "a 'vm' line before the 'index' line");
				return -1;
			}
			if (nf != 3 || field(fl[1], FACTS_NAME_MAX, 1, &a) < 0 ||
			    field(fl[2], FACTS_NAME_MAX, 1, &b) < 0)
				return -1;
			/* doubling: an index may list thousands of VMs */
			if (f->nvms == vcap) {
				vcap = vcap ? vcap * 2 : 16;
				struct facts_vm *grown = realloc(f->vms, vcap * sizeof *grown);
				if (!grown)
					return -2;
				f->vms = grown;
			}
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
	struct paths p;
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
	if (paths_make(dir, host, &p) < 0) {
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
	const char *no = dir_refusal(&st);
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
	paths_free(&p);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

/* " FIELD" for S: "-" for none (NULL or ""), "%2D" for "-", else escaped. */
static int put_field(FILE *out, const char *s)
{
	if (!s || !*s)
		return fputs(" -", out) < 0 ? -1 : 0;
	if (strcmp(s, "-") == 0)
		return fputs(" %2D", out) < 0 ? -1 : 0;
	char *esc = journal_escape(s);
	int rc = esc && fprintf(out, " %s", esc) > 0 ? 0 : -1;
	free(esc);
	return rc;
}

/* Why F cannot be written as it is (a value the reader would refuse), or
 * NULL.  The setters keep F clean; this catches a struct filled by hand. */
static const char *host_refusal(const struct facts_host *f)
{
	if (str_ok(f->hostkey, FACTS_KEY_MAX, 0) < 0)
		return "its host key is too long or holds a newline";
	if (f->index_taken < 0)
		return "its index has a negative time";
	if (f->cpu_taken < 0 || str_ok(f->cpu_vendor, FACTS_NAME_MAX, 0) < 0)
		return "its CPU facts have a negative time or a bad vendor";
	for (size_t i = 0; i < f->nmodels; i++)
		if (str_ok(f->models[i].name, FACTS_NAME_MAX, 1) < 0)
			return "a CPU model has an empty, too long or multi-line name";
	if (f->fs_taken < 0)
		return "its file systems have a negative time";
	for (size_t i = 0; i < f->nfs; i++)
		if (str_ok(f->fs[i].path, FACTS_ERROR_MAX, 1) < 0 ||
		    str_ok(f->fs[i].fstype, FACTS_NAME_MAX, 1) < 0 ||
		    facts_fs_find(f, f->fs[i].path) != f->fs[i].fstype)
			return "a file system record is empty, too long, or repeats a path";
	for (size_t i = 0; i < f->nvms; i++)
		if (str_ok(f->vms[i].name, FACTS_NAME_MAX, 1) < 0 ||
		    str_ok(f->vms[i].uuid, FACTS_NAME_MAX, 1) < 0)
			return "a VM of its index has an empty, too long or multi-line name or UUID";
	for (size_t i = 0; i < f->nlinks; i++)
		if (link_ok(&f->links[i]) < 0 ||
		    facts_link_find(f, f->links[i].peer) != &f->links[i])
			return "a link record holds a value out of range, or repeats a peer";
	for (size_t i = 0; i < f->nmeasured; i++)
		if (str_ok(f->measured[i].peer, FACTS_NAME_MAX, 1) < 0 ||
		    f->measured[i].taken < 0 || rate_ok(f->measured[i].mbit_s) < 0 ||
		    facts_measured_find(f, f->measured[i].peer) != &f->measured[i])
			return "a measured rate holds a value out of range, or repeats a peer";
	for (size_t i = 0; i < f->nachieved; i++)
		if (str_ok(f->achieved[i].peer, FACTS_NAME_MAX, 1) < 0 ||
		    f->achieved[i].taken < 0 || rate_ok(f->achieved[i].mbit_s) < 0 ||
		    facts_achieved_find(f, f->achieved[i].peer) != &f->achieved[i])
			return "an achieved rate holds a value out of range, or repeats a peer";
	return NULL;
}

static int put_rates(FILE *out, const char *kind, const struct facts_rate *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fputs(kind, out) < 0 || put_field(out, r[i].peer) < 0 ||
		    fprintf(out, " %lld %.17g\n", r[i].taken, r[i].mbit_s) < 0)
			return -1;
	return 0;
}

/* The text of F's file, malloc'd, in *TEXT and *LEN; -1 when out of memory. */
static int format_facts(const struct facts_host *f, char **text, size_t *len)
{
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old = (locale_t)0;
	FILE *out = NULL;
	int bad = 1;

	*text = NULL;
	*len = 0;
	if (c_locale == (locale_t)0)
		return -1;
	/* %.17g follows the thread's locale: a program that called setlocale()
	 * would write "1,5" */
	old = uselocale(c_locale);
	out = open_memstream(text, len);
	if (!out)
		goto cleanup;
	bad = fputs(MAGIC "\nhost", out) < 0 || put_field(out, f->host) < 0 ||
	      fputc('\n', out) < 0;
	if (!bad && f->hostkey && *f->hostkey)
		bad = fputs("hostkey", out) < 0 || put_field(out, f->hostkey) < 0 ||
		      fputc('\n', out) < 0;
	if (!bad && (f->cpu_taken || f->nmodels))
		bad = fprintf(out, "cpu %lld", f->cpu_taken) < 0 || put_field(out, f->cpu_vendor) < 0 ||
		      fputc('\n', out) < 0;
	for (size_t i = 0; !bad && i < f->nmodels; i++)
		bad = fputs("model", out) < 0 || put_field(out, f->models[i].name) < 0 ||
		      fprintf(out, " %d\n", f->models[i].usable != 0) < 0;
	if (!bad && (f->fs_taken || f->nfs))
		bad = fprintf(out, "fstypes %lld\n", f->fs_taken) < 0;
	for (size_t i = 0; !bad && i < f->nfs; i++)
		bad = fputs("fs", out) < 0 || put_field(out, f->fs[i].path) < 0 ||
		      put_field(out, f->fs[i].fstype) < 0 || fputc('\n', out) < 0;
	if (!bad && (f->index_taken || f->nvms))
		bad = fprintf(out, "index %lld\n", f->index_taken) < 0;
	for (size_t i = 0; !bad && i < f->nvms; i++)
		bad = fputs("vm", out) < 0 || put_field(out, f->vms[i].name) < 0 ||
		      put_field(out, f->vms[i].uuid) < 0 || fputc('\n', out) < 0;
	for (size_t i = 0; !bad && i < f->nlinks; i++) {
		const struct facts_link *l = &f->links[i];
		bad = fputs("link", out) < 0 || put_field(out, l->peer) < 0 ||
		      fprintf(out, " %lld", l->taken) < 0 || put_field(out, l->src_dev) < 0 ||
		      fprintf(out, " %d", l->src_mbit) < 0 || put_field(out, l->dst_dev) < 0 ||
		      fprintf(out, " %d %lld %d", l->dst_mbit, l->rtt_us, l->p2p_ok != 0) < 0 ||
		      put_field(out, l->p2p_error) < 0 || fputc('\n', out) < 0;
	}
	if (!bad)
		bad = put_rates(out, "measured", f->measured, f->nmeasured) < 0 ||
		      put_rates(out, "achieved", f->achieved, f->nachieved) < 0;
cleanup:
	if (out && fclose(out) != 0)
		bad = 1;
	uselocale(old);
	freelocale(c_locale);
	if (bad) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
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

int facts_save(const char *dir, const struct facts_host *f, struct vm_error *err)
{
	struct paths p;
	char *text = NULL, *tmp = NULL;
	size_t len = 0;
	int fd = -1, rc = -1, made = 0;

	memset(&p, 0, sizeof p);
	if (!f || host_name_ok(f->host) < 0) {
		vm_error_set(err, "The host name '%s' cannot name a file of the facts cache (it is "
			     "empty, '.' or '..', holds a '/' or a newline, or is too long).",
			     f && f->host ? f->host : "");
		goto cleanup;
	}
	const char *no = host_refusal(f);
	if (no) {
		vm_error_set(err, "The facts of host '%s' were not cached: %s.", f->host, no);
		goto cleanup;
	}
	if (paths_make(dir, f->host, &p) < 0) {
		if (!p.dir) {
			vm_error_set(err, "The facts of host '%s' have no place: neither "
				     "XDG_STATE_HOME nor HOME is an absolute path.", f->host);
			vm_error_hint(err, "Set HOME (or XDG_STATE_HOME) to an absolute path.");
		} else {
			vm_error_set(err, "Out of memory.");
		}
		goto cleanup;
	}
	if (format_facts(f, &text, &len) < 0) {
		vm_error_set(err, "Out of memory while writing the facts of host '%s'.", f->host);
		goto cleanup;
	}
	if (len > FACTS_FILE_MAX) {
		vm_error_set(err, "The facts of host '%s' would take more than %d MiB; they were "
			     "not cached.", f->host, FACTS_FILE_MAX / (1024 * 1024));
		goto cleanup;
	}
	if (dir_make(p.dir, err) < 0)
		goto cleanup;
	/* the thread too: two threads may save the same host at once */
	if (asprintf(&tmp, "%s/%s.facts.tmp.%ld.%ld", p.dir, p.esc, (long)getpid(),
		     (long)gettid()) < 0) {
		tmp = NULL;
		vm_error_set(err, "Out of memory.");
		goto cleanup;
	}
	for (int tries = 0; tries < 2; tries++) {
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
		/* left by a killed process that had our pid and thread id (pids
		 * repeat, in containers most of all): no one else uses the name */
		unlink(tmp);
	}
	if (fd < 0) {
		vm_error_set(err, "The facts of host '%s' could not be cached: %s: %s.", f->host,
			     tmp, strerror(errno));
		goto cleanup;
	}
	made = 1;
	if (write_all(fd, text, len) < 0 || fsync(fd) < 0) {
		vm_error_set(err, "The facts of host '%s' could not be cached: %s: %s.", f->host,
			     tmp, strerror(errno));
		vm_error_hint(err, "Check the free space in %s.", p.dir);
		goto cleanup;
	}
	int cerr = close(fd);
	fd = -1;
	if (cerr < 0 || rename(tmp, p.file) < 0) {
		vm_error_set(err, "The facts of host '%s' could not be cached: %s: %s.", f->host,
			     p.file, strerror(errno));
		goto cleanup;
	}
	/* the rename itself is only durable once the directory is synced */
	int dfd = open(p.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0)
		engine_log("facts: %s: not synced: %s", p.dir, strerror(errno));
	if (dfd >= 0)
		close(dfd);
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && made)
		unlink(tmp);	/* ours, made above and not renamed */
	free(tmp);
	free(text);
	paths_free(&p);
	return rc;
}

/* ---- update under the lock -------------------------------------------- */

int facts_update(const char *dir, const char *host, int (*fn)(struct facts_host *f, void *user),
		 void *user, char *why, size_t whylen, struct vm_error *err)
{
	struct facts_host f;
	struct paths p;
	struct stat st;
	int lock = -1, rc = -1;

	memset(&f, 0, sizeof f);
	vm_error_clear(err);
	if (why && whylen)
		why[0] = '\0';
	if (paths_make(dir, host, &p) < 0) {
		if (!p.esc)
			vm_error_set(err, "The host name '%s' cannot name a file of the facts cache "
				     "(it is empty, '.' or '..', holds a '/' or a newline, or is too "
				     "long).", host ? host : "");
		else if (!p.dir)
			vm_error_set(err, "The facts of host '%s' have no place: neither "
				     "XDG_STATE_HOME nor HOME is an absolute path.", host);
		else
			vm_error_set(err, "Out of memory.");
		goto cleanup;
	}
	if (dir_make(p.dir, err) < 0)
		goto cleanup;
	/* a lock of its own open file description: flock() then keeps out
	 * another thread of this process as well as another process */
	lock = open(p.lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (lock < 0 || fstat(lock, &st) < 0 || !S_ISREG(st.st_mode)) {
		vm_error_set(err, "The lock %s of the facts of host '%s' cannot be used: %s.", p.lock,
			     host, lock < 0 ? strerror(errno) : "it is not a regular file");
		vm_error_hint(err, "Remove %s.", p.lock);
		goto cleanup;
	}
	int locked;
	while ((locked = flock(lock, LOCK_EX)) < 0 && errno == EINTR)
		;
	if (locked < 0) {
		vm_error_set(err, "The lock %s of the facts of host '%s' could not be taken: %s.",
			     p.lock, host, strerror(errno));
		goto cleanup;
	}
	/* a file that cannot be used is as good as none: WHY says so, and
	 * the save below replaces it */
	facts_load(p.dir, host, &f, why, whylen);
	if (!f.host) {
		vm_error_set(err, "Out of memory.");
		goto cleanup;
	}
	if (fn(&f, user) != 0) {
		if (!err || !err->message[0])
			vm_error_set(err, "The cached facts of host '%s' were left as they were.",
				     host);
		goto cleanup;
	}
	if (!f.host || strcmp(f.host, host) != 0) {
		vm_error_set(err, "The facts of host '%s' were not cached: they were changed to be "
			     "about another host.", host);
		goto cleanup;
	}
	rc = facts_save(p.dir, &f, err);
cleanup:
	if (lock >= 0)
		close(lock);	/* drops the flock */
	facts_host_free(&f);
	paths_free(&p);
	return rc;
}

/* engine/facts_save.c — writing a host's file of the facts cache (the
 * format: facts_int.h) whole and atomically: a temporary file in the same
 * directory, fsync, rename, and the directory synced. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facts_int.h"
#include "file.h"

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
	if (facts_str_ok(f->hostkey, FACTS_KEY_MAX, 0) < 0)
		return "its host key is too long or holds a newline";
	if (f->index_taken < 0)
		return "its index has a negative time";
	if (f->cpu_taken < 0 || facts_str_ok(f->cpu_vendor, FACTS_NAME_MAX, 0) < 0)
		return "its CPU facts have a negative time or a bad vendor";
	for (size_t i = 0; i < f->nmodels; i++)
		if (facts_str_ok(f->models[i].name, FACTS_NAME_MAX, 1) < 0)
			return "a CPU model has an empty, too long or multi-line name";
	if (f->fs_taken < 0)
		return "its file systems have a negative time";
	for (size_t i = 0; i < f->nfs; i++)
		if (facts_str_ok(f->fs[i].path, FACTS_ERROR_MAX, 1) < 0 ||
		    facts_str_ok(f->fs[i].fstype, FACTS_NAME_MAX, 1) < 0 ||
		    facts_fs_find(f, f->fs[i].path) != f->fs[i].fstype)
			return "a file system record is empty, too long, or repeats a path";
	for (size_t i = 0; i < f->nvms; i++)
		if (facts_str_ok(f->vms[i].name, FACTS_NAME_MAX, 1) < 0 ||
		    facts_str_ok(f->vms[i].uuid, FACTS_NAME_MAX, 1) < 0)
			return "a VM of its index has an empty, too long or multi-line name or UUID";
	for (size_t i = 0; i < f->nlinks; i++)
		if (facts_link_ok(&f->links[i]) < 0 ||
		    facts_link_find(f, f->links[i].peer) != &f->links[i])
			return "a link record holds a value out of range, or repeats a peer";
	for (size_t i = 0; i < f->nmeasured; i++)
		if (facts_str_ok(f->measured[i].peer, FACTS_NAME_MAX, 1) < 0 ||
		    f->measured[i].taken < 0 || facts_rate_ok(f->measured[i].mbit_s) < 0 ||
		    facts_measured_find(f, f->measured[i].peer) != &f->measured[i])
			return "a measured rate holds a value out of range, or repeats a peer";
	for (size_t i = 0; i < f->nachieved; i++)
		if (facts_str_ok(f->achieved[i].peer, FACTS_NAME_MAX, 1) < 0 ||
		    f->achieved[i].taken < 0 || facts_rate_ok(f->achieved[i].mbit_s) < 0 ||
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
	bad = fputs(FACTS_MAGIC "\nhost", out) < 0 || put_field(out, f->host) < 0 ||
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

int facts_save(const char *dir, const struct facts_host *f, struct vm_error *err)
{
	struct facts_path p;
	char *text = NULL, *tmp = NULL;
	size_t len = 0;
	int fd = -1, rc = -1, made = 0;

	memset(&p, 0, sizeof p);
	if (!f || facts_path_host_ok(f->host) < 0) {
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
	if (facts_path_make(dir, f->host, &p) < 0) {
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
	if (facts_path_dir_make(p.dir, err) < 0)
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
	if (file_write_all(fd, text, len) < 0 || fsync(fd) < 0) {
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
	if (file_fsync_dir(p.dir) < 0)
		engine_log("facts: %s: not synced: %s", p.dir, strerror(errno));
	rc = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && made)
		unlink(tmp);	/* ours, made above and not renamed */
	free(tmp);
	free(text);
	facts_path_free(&p);
	return rc;
}

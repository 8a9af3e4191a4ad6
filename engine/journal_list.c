/* engine/journal_list.c — every journal left in the state directory, for
 * recover: all of them, or none while one cannot be read. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal_int.h"

static void entries_free(struct journal_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		journal_entry_free(&e[i]);
	free(e);
}

/* The refusal when NBAD journals under JDIR cannot be read, the first
 * being PATH for the reason B. */
static void refuse(struct vm_error *err, const char *jdir, const char *path,
		   const struct journal_bad *b, size_t nbad)
{
	char more[64] = "";
	if (nbad > 1)
		snprintf(more, sizeof more, " (and %zu other journal%s cannot be read)", nbad - 1,
			 nbad == 2 ? "" : "s");
	if (b->line)
		vm_error_set(err, "%s:%d: %s%s.", path, b->line, b->what, more);
	else
		vm_error_set(err, "%s: %s%s.", path, b->what, more);
	vm_error_hint(err, "No journal is acted on while one cannot be read: look at it and at "
		      "the hosts it names, then move it out of %s and run 'virt-migrate recover' "
		      "again.", jdir);
}

int journal_list(const char *dir, struct journal_entry **out, size_t *n, struct vm_error *err)
{
	char *state = dir ? strdup(dir) : journal_state_dir();
	char *jdir = NULL, *badpath = NULL;
	struct journal_bad first = { 0, "" };
	size_t nbad = 0;
	DIR *d = NULL;
	struct dirent *de;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!state) {
		vm_error_set(err, "There is no state directory: neither XDG_STATE_HOME nor HOME is "
			     "an absolute path.");
		return -1;
	}
	vm_error_clear(err);
	jdir = journal_subdir(state, "journal", 0, err);
	if (!jdir) {
		rc = err->message[0] ? -1 : 0;	/* no journal directory: nothing left */
		goto out;
	}
	d = opendir(jdir);
	if (!d) {
		vm_error_set(err, "%s cannot be read: %s.", jdir, strerror(errno));
		goto out;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 8 || strcmp(de->d_name + len - 8, ".journal") != 0)
			continue;
		char *path = NULL;
		struct journal_entry e;
		struct journal_bad b = { 0, "" };
		if (asprintf(&path, "%s/%s", jdir, de->d_name) < 0) {
			vm_error_set(err, "Out of memory while reading the journals.");
			goto out;
		}
		if (journal_parse_file(path, &e, &b) < 0) {
			engine_log("journal: %s cannot be read: line %d: %s", path, b.line, b.what);
			if (!nbad++ || strcmp(path, badpath) < 0) {
				free(badpath);
				badpath = path;
				first = b;
			} else {
				free(path);
			}
			continue;
		}
		free(path);
		struct journal_entry *grown = realloc(*out, (*n + 1) * sizeof **out);
		if (!grown) {
			journal_entry_free(&e);
			vm_error_set(err, "Out of memory while reading the journals.");
			goto out;
		}
		*out = grown;
		(*out)[(*n)++] = e;
	}
	if (nbad) {
		refuse(err, jdir, badpath, &first, nbad);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0) {
		entries_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	if (d)
		closedir(d);
	free(badpath);
	free(jdir);
	free(state);
	return rc;
}

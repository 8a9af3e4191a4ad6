/* engine/facts_path.c — where the facts cache keeps a host's files
 * (STATE/facts/HOST.facts and HOST.lock, the name %-escaped), and the
 * directory that holds them: made 0700, and refused when another user could
 * swap the files in it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts_int.h"
#include "file.h"

/* The escaped host name, so that "NAME.facts.tmp.PID.TID" (up to 32 bytes
 * after NAME) still fits in one file name of 255 bytes. */
#define FILE_NAME_HOST_MAX (255 - 32)

/* The host name as it is part of a file name.  '/' is refused rather than
 * escaped: journal_escape() leaves it alone, and a host name never holds
 * one, so refusing is the simpler of the two; "." and ".." would name
 * ".facts"-style files that look like leftovers, and are no host names. */
static char *host_file_name(const char *host)
{
	if (facts_str_ok(host, FACTS_NAME_MAX, 1) < 0 || strcmp(host, ".") == 0 ||
	    strcmp(host, "..") == 0 || strchr(host, '/'))
		return NULL;
	char *esc = journal_escape(host);
	if (esc && strlen(esc) > FILE_NAME_HOST_MAX) {
		free(esc);
		return NULL;
	}
	return esc;
}

int facts_path_host_ok(const char *host)
{
	char *esc = host_file_name(host);
	free(esc);
	return esc ? 0 : -1;
}

void facts_path_free(struct facts_path *p)
{
	free(p->dir);
	free(p->file);
	free(p->lock);
	free(p->esc);
	memset(p, 0, sizeof *p);
}

/* -1 when there is no state directory (p->dir NULL), the host name cannot
 * name a file (p->esc NULL) or out of memory (p->file NULL). */
int facts_path_make(const char *dir, const char *host, struct facts_path *p)
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
const char *facts_path_dir_refusal(const struct stat *st)
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
int facts_path_dir_make(const char *dir, struct vm_error *err)
{
	struct stat st;

	if (file_mkdir_private(dir) < 0) {
		vm_error_set(err, "The directory %s of the facts cache could not be made: %s.", dir,
			     strerror(errno));
		vm_error_hint(err, "Check the permissions of its parent directories.");
		return -1;
	}
	if (lstat(dir, &st) < 0) {
		vm_error_set(err, "The directory %s of the facts cache cannot be used: %s.", dir,
			     strerror(errno));
		return -1;
	}
	const char *no = facts_path_dir_refusal(&st);
	if (no) {
		vm_error_set(err, "The directory %s of the facts cache %s; it is not used.", dir, no);
		vm_error_hint(err, "Remove %s, or make it a directory of this user with mode 0700.",
			      dir);
		return -1;
	}
	return 0;
}

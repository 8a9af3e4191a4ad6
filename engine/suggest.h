/* engine/suggest.h — "did you mean" (engine/suggest.c): the known names
 * closest to a mistyped one.  The project's one edit distance: the checks'
 * hints (VMs, hosts, datastores, networks, disks) and src/cli_suggest.c
 * (commands, options, clusters) both ask here.
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_SUGGEST_H
#define VIRT_MIGRATE_SUGGEST_H

#include <stddef.h>

/* The furthest a suggestion may be from the word typed: two edits, and
 * fewer edits than the word has characters (so that "x" suggests nothing). */
#define SUGGEST_MAX_EDITS 2
/* The most names a suggestion offers. */
#define SUGGEST_MAX_NAMES 3
/* Names longer than this are never compared (no suggestion for them). */
#define SUGGEST_WORD_MAX 128

/* Damerau-Levenshtein distance (restricted: each substring edited once: two
 * neighbours swapped is one edit) of A and B, ASCII letters compared without
 * case; anything above LIMIT is returned as LIMIT + 1 (the rest of a long
 * word is not looked at), as is any word longer than SUGGEST_WORD_MAX. */
size_t suggest_distance(const char *a, const char *b, size_t limit);

/* Candidates offered one at a time, for names kept in any kind of list.
 * The SUGGEST_MAX_NAMES closest ones within SUGGEST_MAX_EDITS are kept,
 * closest first, equally close ones in byte order; a name offered twice
 * counts once.  The strings are not copied: they must outlive S. */
struct suggest {
	const char *word;			/* what was typed */
	const char *names[SUGGEST_MAX_NAMES];	/* closest first */
	size_t dists[SUGGEST_MAX_NAMES];
	size_t count;
};
void suggest_init(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *candidate);	/* NULL is ignored */
/* The one closest candidate, or NULL when there is none or two are equally
 * close (a command line offers one name or none). */
const char *suggest_best(const struct suggest *s);
/* "Did you mean 'x'? ", "Did you mean 'x' or 'y'? " or "Did you mean 'x',
 * 'y' or 'z'? " (closest first, with the trailing space) into BUF, as many
 * names as fit whole; "" when there is none.  Returns BUF. */
const char *suggest_sentence(const struct suggest *s, char *buf, size_t size);

#endif

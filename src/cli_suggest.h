/* src/cli_suggest.h — "did you mean": the one known name closest to a
 * mistyped one (commands, options; names from the config too). */
#ifndef VIRT_MIGRATE_CLI_SUGGEST_H
#define VIRT_MIGRATE_CLI_SUGGEST_H

#include <stddef.h>

#include "../engine/suggest.h"

/* The furthest a suggestion may be from the word typed: two edits. */
#define CLI_SUGGEST_MAX SUGGEST_MAX_EDITS

/* Damerau-Levenshtein distance (restricted: each substring edited once) of
 * A and B, ASCII letters compared without case; anything above LIMIT is
 * returned as LIMIT + 1 (the rest of a long word is not looked at):
 * suggest_distance(). */
size_t cli_suggest_distance(const char *a, const char *b, size_t limit);

/* Candidates offered one at a time, for names kept in any kind of list. */
struct cli_suggest {
	struct suggest s;
};
void cli_suggest_init(struct cli_suggest *s, const char *word);
void cli_suggest_add(struct cli_suggest *s, const char *candidate);
/* The one closest candidate within CLI_SUGGEST_MAX edits (and fewer edits
 * than the word has characters, so that "x" suggests nothing), or NULL when
 * there is none or two are equally close. */
const char *cli_suggest_best(const struct cli_suggest *s);

#endif

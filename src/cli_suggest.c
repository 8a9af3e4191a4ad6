/* src/cli_suggest.c — "did you mean": edit distance between a mistyped name
 * and the names the tool knows.  Used for commands and options, and for
 * names src/ looks up in the config (clusters). */
#include <string.h>

#include "cli_suggest.h"

/* Longer names are never mistyped versions of each other within two edits
 * unless their lengths are close; past this they are not compared at all. */
#define WORD_MAX 64

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t cli_suggest_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the matrix: i-2, i-1, i */
	size_t rows[3][WORD_MAX + 1];

	if (la > WORD_MAX || lb > WORD_MAX)
		return limit + 1;
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (size_t j = 0; j <= lb; j++)
		rows[1][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *prev2 = rows[(i + 2) % 3];
		size_t row_min;

		cur[0] = row_min = i;
		for (size_t j = 1; j <= lb; j++) {
			int ca = lower((unsigned char)a[i - 1]), cb = lower((unsigned char)b[j - 1]);
			size_t cost = ca != cb;

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
			    lower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;	/* two neighbours swapped */
			if (cur[j] < row_min)
				row_min = cur[j];
		}
		if (row_min > limit)
			return limit + 1;
	}
	size_t d = rows[(la + 1) % 3][lb];
	return d > limit ? limit + 1 : d;
}

void cli_suggest_init(struct cli_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->best_dist = CLI_SUGGEST_MAX + 1;
	s->tie = 0;
}

void cli_suggest_add(struct cli_suggest *s, const char *candidate)
{
	if (!candidate || !s->word)
		return;
	size_t d = cli_suggest_distance(s->word, candidate, CLI_SUGGEST_MAX);

	if (d < s->best_dist) {
		s->best = candidate;
		s->best_dist = d;
		s->tie = 0;
	} else if (d == s->best_dist && s->best && strcmp(s->best, candidate) != 0) {
		s->tie = 1;
	}
}

const char *cli_suggest_best(const struct cli_suggest *s)
{
	if (!s->best || s->tie || s->best_dist > CLI_SUGGEST_MAX || s->best_dist >= strlen(s->word))
		return NULL;
	return s->best;
}

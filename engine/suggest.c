/* engine/suggest.c — "did you mean": the edit distance between a mistyped
 * name and the names the tool knows, and the few closest of them.  Pure: no
 * I/O, no allocation. */
#include <stdio.h>
#include <string.h>

#include "suggest.h"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t suggest_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the matrix: i-2, i-1, i */
	size_t rows[3][SUGGEST_WORD_MAX + 1];

	if (la > SUGGEST_WORD_MAX || lb > SUGGEST_WORD_MAX)
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

void suggest_init(struct suggest *s, const char *word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
}

void suggest_add(struct suggest *s, const char *candidate)
{
	if (!candidate || !s->word)
		return;
	size_t d = suggest_distance(s->word, candidate, SUGGEST_MAX_EDITS);

	if (d > SUGGEST_MAX_EDITS || d >= strlen(s->word))
		return;		/* not a sensible suggestion */
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->names[i], candidate) == 0)
			return;	/* offered before */
	size_t at = 0;

	while (at < s->count && (s->dists[at] < d ||
				 (s->dists[at] == d && strcmp(s->names[at], candidate) < 0)))
		at++;
	if (at == SUGGEST_MAX_NAMES)
		return;
	size_t last = s->count < SUGGEST_MAX_NAMES ? s->count : SUGGEST_MAX_NAMES - 1;

	for (size_t i = last; i > at; i--) {
		s->names[i] = s->names[i - 1];
		s->dists[i] = s->dists[i - 1];
	}
	s->names[at] = candidate;
	s->dists[at] = d;
	if (s->count < SUGGEST_MAX_NAMES)
		s->count++;
}

const char *suggest_best(const struct suggest *s)
{
	if (s->count == 0 || (s->count > 1 && s->dists[1] == s->dists[0]))
		return NULL;
	return s->names[0];
}

/* Append A, B and C at *LEN of BUF: 0, or -1 when they do not fit whole. */
static int put(char *buf, size_t size, size_t *len, const char *a, const char *b, const char *c)
{
	size_t need = strlen(a) + strlen(b) + strlen(c);

	if (*len + need >= size)
		return -1;
	snprintf(buf + *len, size - *len, "%s%s%s", a, b, c);
	*len += need;
	return 0;
}

const char *suggest_sentence(const struct suggest *s, char *buf, size_t size)
{
	if (!buf || size == 0)
		return "";
	/* as many names as fit whole: every one kept, else fewer */
	for (size_t n = s->count; n > 0; n--) {
		size_t len = 0;
		int bad = put(buf, size, &len, "Did you mean ", "", "");

		for (size_t i = 0; !bad && i < n; i++)
			bad = put(buf, size, &len, i == 0 ? "'" : i + 1 == n ? " or '" : ", '",
				  s->names[i], "'");
		if (!bad && put(buf, size, &len, "? ", "", "") == 0)
			return buf;
	}
	buf[0] = '\0';
	return buf;
}

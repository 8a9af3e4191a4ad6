/* engine/shquote.c — POSIX shell quoting for commands run over SSH.
 *
 * A word made only of characters no POSIX shell treats specially stays as it
 * is ('=' is left out of that set: "A=b" as a command's first word would be
 * an assignment, not a command); anything else is wrapped in single quotes, where nothing is special
 * but the quote itself, which is written as '\'' (close, escaped quote,
 * reopen).  The empty string becomes ''.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static int is_safe_char(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("_@%+:,./-", c) != NULL;
}

static int is_safe_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!is_safe_char((unsigned char)*s))
			return 0;
	return 1;
}

char *shquote(const char *s)
{
	size_t quotes = 0, len, i;
	char *out, *p;

	if (!s)
		return NULL;
	len = strlen(s);
	if (is_safe_word(s))
		return strdup(s);
	for (i = 0; i < len; i++)
		if (s[i] == '\'')
			quotes++;
	/* two outer quotes, three more bytes per quote, the NUL */
	out = malloc(len + 3 * quotes + 3);
	if (!out)
		return NULL;
	p = out;
	*p++ = '\'';
	for (i = 0; i < len; i++) {
		if (s[i] == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = s[i];
		}
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

char *shquote_argv(const char *const argv[])
{
	char *out = NULL, *word = NULL;
	size_t len = 0;

	if (!argv)
		return NULL;
	out = malloc(1);
	if (!out)
		goto fail;
	out[0] = '\0';
	for (size_t i = 0; argv[i]; i++) {
		size_t wlen;
		char *grown;

		word = shquote(argv[i]);
		if (!word)
			goto fail;
		wlen = strlen(word);
		grown = realloc(out, len + wlen + 2);
		if (!grown)
			goto fail;
		out = grown;
		if (i > 0)
			out[len++] = ' ';
		memcpy(out + len, word, wlen + 1);
		len += wlen;
		free(word);
		word = NULL;
	}
	return out;
fail:
	free(word);
	free(out);
	return NULL;
}

/* src/cli_suggest.c — "did you mean": the one known name closest to a
 * mistyped one, for commands and options, and for names src/ looks up in
 * the config (clusters).  The distance and the choice are the engine's
 * (engine/suggest.c): one algorithm for the command line and the checks. */
#include "cli_suggest.h"

size_t cli_suggest_distance(const char *a, const char *b, size_t limit)
{
	return suggest_distance(a, b, limit);
}

void cli_suggest_init(struct cli_suggest *s, const char *word)
{
	suggest_init(&s->s, word);
}

void cli_suggest_add(struct cli_suggest *s, const char *candidate)
{
	suggest_add(&s->s, candidate);
}

const char *cli_suggest_best(const struct cli_suggest *s)
{
	return suggest_best(&s->s);
}

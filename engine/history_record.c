/* engine/history_record.c — what a history record is, apart from its file
 * and its JSON: the outcomes it may hold, which names it matches, freeing
 * it.  Every other history file calls here; this one calls none of them
 * (the outcome names are migration_common.c's). */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* The outcome names are migration_outcome_name()'s: one list. */
int history_record_outcome_known(const char *outcome)
{
	for (int o = 0; outcome && o < MIGRATION_OUTCOME_COUNT; o++)
		if (strcmp(outcome, migration_outcome_name((enum migration_outcome)o)) == 0)
			return 1;
	return 0;
}

void history_record_free(struct history_record *r)
{
	if (!r)
		return;
	char **strs[] = {
		&r->started, &r->ended, &r->vm, &r->uuid, &r->source, &r->target, &r->kind,
		&r->move, &r->priority, &r->encrypt, &r->compress, &r->datastore, &r->format, &r->forecast,
		&r->throughput_from, &r->outcome, &r->error, &r->hint, &r->by, &r->tool_version,
	};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	for (size_t i = 0; i < r->ndisks; i++) {
		free(r->disks[i].disk);
		free(r->disks[i].datastore);
		free(r->disks[i].format);
	}
	free(r->disks);
	memset(r, 0, sizeof *r);
}

int history_record_matches(const struct history_record *r, const char *name)
{
	const char *const of[] = { r->vm, r->source, r->target };
	for (size_t i = 0; i < 3; i++)
		if (of[i] && strcmp(of[i], name) == 0)
			return 1;
	return 0;
}

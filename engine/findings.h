/* engine/findings.h — findings (engine/findings.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_FINDINGS_H
#define VIRT_MIGRATE_FINDINGS_H

#include <stddef.h>

/* ---- findings (engine/findings.c) ---------------------------------------- */

enum finding_severity {
	FINDING_INFO,
	FINDING_WARNING,
	FINDING_ERROR,
	FINDING_SEVERITY_COUNT
};

struct finding {
	enum finding_severity severity;
	char code[48];		/* stable: "cpu.incompatible", "net.missing", ... */
	char message[384];	/* a sentence naming the object */
	char hint[256];		/* the fix, or "" */
};

struct findings {
	struct finding *items;
	size_t count, cap;
	size_t errors, warnings, infos;
};

void findings_add(struct findings *f, enum finding_severity sev, const char *code,
		  const char *hint, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int findings_has(const struct findings *f, const char *code);	/* 1 if CODE is there */
const char *finding_severity_name(enum finding_severity s);	/* "error", "warning", "info" */
void findings_free(struct findings *f);

#endif

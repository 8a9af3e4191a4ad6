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
/* The one rule for names that name nothing: 1 when CODE is a finding that a
 * name the operator gave (a VM, host, datastore, network or disk, on the
 * command line or in an answers file) names nothing the inventory holds.
 * Such an error is a usage error: the commands exit 2 for it, as for an
 * unknown cluster (virt-migrate(1), EXIT STATUS). */
int findings_code_unknown_name(const char *code);
/* The first error of F for which findings_code_unknown_name() holds, or NULL. */
const struct finding *findings_unknown_name(const struct findings *f);
void findings_free(struct findings *f);

#endif

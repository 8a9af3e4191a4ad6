/* engine/sshlink.h — SSH sessions of the tool itself (engine/sshlink.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_SSHLINK_H
#define VIRT_MIGRATE_SSHLINK_H

#include <stddef.h>

#include "../config/config.h"
#include "vm_error.h"

/* ---- SSH sessions of the tool itself (engine/sshlink.c) ---------------- */

enum hostkey_policy {
	HOSTKEY_STRICT,		/* known key only; unknown and changed refused */
	HOSTKEY_ACCEPT_NEW,	/* unknown key accepted and recorded; changed refused */
	HOSTKEY_POLICY_COUNT
};

enum sshlink_failure {
	SSHLINK_OK,
	SSHLINK_UNREACHABLE,	/* resolve, connect or timeout */
	SSHLINK_HOSTKEY_UNKNOWN,
	SSHLINK_HOSTKEY_CHANGED,
	SSHLINK_AUTH,
	SSHLINK_OTHER,
	SSHLINK_FAILURE_COUNT
};

struct sshlink;

/* Connect to host H, verify its key against the known_hosts file
 * (cfg->defaults.known_hosts or ~/.ssh/known_hosts) under POLICY, then
 * authenticate with the configured identity, the agent and default keys.
 * On failure *why says which step failed. */
int sshlink_open(const struct config *cfg, const struct config_host *h,
		 enum hostkey_policy policy, struct sshlink **out,
		 enum sshlink_failure *why, struct vm_error *err);
/* How sshlink_open_keys() meets a host key, and what it saw. */
struct sshlink_keys {
	enum hostkey_policy policy;
	/* keys ("SHA256:...") the operator accepted in this run, after seeing
	 * them: one of them offered by a host not in known_hosts is recorded
	 * and used as under HOSTKEY_ACCEPT_NEW; any other unknown key follows
	 * POLICY.  A changed key is refused whatever the list. */
	const char *const *trusted;
	size_t ntrusted;
	char seen[128];		/* out: the key the host offered, "" if none */
};
/* sshlink_open() under KEYS, which also says the key the host offered,
 * whether or not it was accepted. */
int sshlink_open_keys(const struct config *cfg, const struct config_host *h,
		      struct sshlink_keys *keys, struct sshlink **out,
		      enum sshlink_failure *why, struct vm_error *err);
/* Where the session went, ~/.ssh/config applied: host name (HostName),
 * user and port; malloc'd strings (NULL when unknown), port 0 unknown. */
void sshlink_resolved(const struct sshlink *l, char **host, char **user, unsigned *port);
/* "SHA256:..." of the server's host key, as ssh-keygen -l prints it. */
const char *sshlink_fingerprint(const struct sshlink *l);
/* Run argv on the host (each word quoted with shquote, for a POSIX login
 * shell); collects stdout (malloc'd, NUL-terminated, may be NULL if OUT is
 * NULL; at most 64 MiB) and the exit status; stderr goes to the engine log.
 * A non-zero exit status fills ERR (naming the command and quoting the first
 * line of its stderr); it makes the call fail (-1) only when EXIT_STATUS is
 * NULL.  -1 for a status means the command ended without one (a signal).
 * A link may be shared by threads: its mutex runs their commands one at a
 * time.  sshlink_close() must not race with a running sshlink_exec(). */
int sshlink_exec(struct sshlink *l, const char *const argv[], char **out,
		 int *exit_status, struct vm_error *err);
void sshlink_close(struct sshlink *l);
/* Start argv on the host and keep it running with its input open; returns
 * once it printed its first line (into LINE, without the newline), the
 * handle in OUT.  -1 when it could not start or printed nothing within
 * 30 s (it is then gone).  The command sees the end of its input when
 * sshlink_hold_end() is called, or when the tool's session ends in any
 * way (the tool killed, the link lost): a host-side lock held by it goes
 * then.  Other commands may run on the link meanwhile. */
struct sshlink_hold;
int sshlink_hold(struct sshlink *l, const char *const argv[], char *line, size_t size,
		 struct sshlink_hold **out, struct vm_error *err);
void sshlink_hold_end(struct sshlink_hold *h);

#endif

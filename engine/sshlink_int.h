/* engine/sshlink_int.h — what engine/sshlink.c and engine/sshlink_hostkey.c
 * share: the link itself, and the host-key step of opening one. */
#ifndef VIRT_MIGRATE_SSHLINK_INT_H
#define VIRT_MIGRATE_SSHLINK_INT_H

#include <pthread.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "sshlink.h"

struct sshlink {
	ssh_session session;
	struct ssh_callbacks_struct cb;
	pthread_mutex_t lock;
	char *name;		/* the configured host name, for messages */
	char fingerprint[128];	/* "SHA256:..." */
};

/* An option of session S as a string (ssh_string_free_char() it), or NULL. */
char *sshlink_session_option(ssh_session s, enum ssh_options_e opt);
/* Check the key host L offered against the known_hosts file under KEYS
 * (KEYS->seen gets it); record it when KEYS says so.  0, or -1 with *why
 * and err set.  WHERE is "ADDRESS port N", for messages. */
int sshlink_hostkey_check(struct sshlink *l, const char *where, struct sshlink_keys *keys,
			  enum sshlink_failure *why, struct vm_error *err);

#endif

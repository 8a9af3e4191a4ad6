/* engine/sshlink_hostkey.c — the host-key step of opening a link: the key
 * the host offered, against the known_hosts file.  A changed key is refused
 * whatever the policy; an unknown one is recorded only under
 * HOSTKEY_ACCEPT_NEW, or when the operator accepted that very key in this
 * run (init asks as ssh does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "sshlink_int.h"

char *sshlink_session_option(ssh_session s, enum ssh_options_e opt)
{
	char *v = NULL;
	if (ssh_options_get(s, opt, &v) != SSH_OK)
		return NULL;
	return v;
}

/* "HOST" or "[HOST]:PORT", as known_hosts and ssh-keygen -R write it. */
static void known_hosts_name(char *buf, size_t size, const char *host, unsigned port)
{
	if (port == 22)
		snprintf(buf, size, "%s", host);
	else
		snprintf(buf, size, "[%s]:%u", host, port);
}

/* 1 when FP is one of the keys the operator accepted in this run. */
static int trusted_key(const struct sshlink_keys *keys, const char *fp)
{
	for (size_t i = 0; i < keys->ntrusted; i++)
		if (keys->trusted[i] && strcmp(keys->trusted[i], fp) == 0)
			return 1;
	return 0;
}

int sshlink_hostkey_check(struct sshlink *l, const char *where,
			  struct sshlink_keys *keys, enum sshlink_failure *why,
			  struct vm_error *err)
{
	ssh_session s = l->session;
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL, *file = NULL, *host = NULL, *q_spec = NULL, *q_file = NULL;
	char spec[300];
	unsigned port = 22;
	enum ssh_known_hosts_e known;
	int rc = -1;

	*why = SSHLINK_OTHER;
	if (ssh_get_server_publickey(s, &key) != SSH_OK
	    || ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0
	    || !(fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen))) {
		vm_error_set(err, "Host '%s' (%s): cannot read the host key it offered: %s.",
			     l->name, where, ssh_get_error(s));
		goto cleanup;
	}
	snprintf(l->fingerprint, sizeof(l->fingerprint), "%s", fp);
	snprintf(keys->seen, sizeof(keys->seen), "%s", fp);
	file = sshlink_session_option(s, SSH_OPTIONS_KNOWNHOSTS);
	host = sshlink_session_option(s, SSH_OPTIONS_HOST);
	ssh_options_get_port(s, &port);
	known_hosts_name(spec, sizeof(spec), host ? host : l->name, port);

	known = ssh_session_is_known_server(s);
	switch (known) {
	case SSH_KNOWN_HOSTS_OK:
		rc = 0;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		*why = SSHLINK_HOSTKEY_CHANGED;
		q_spec = shquote(spec);
		q_file = shquote(file ? file : "~/.ssh/known_hosts");
		vm_error_set(err, "Host '%s' (%s) offered the host key %s, which is not "
			     "the %s recorded for it in %s; refusing to connect (the host was "
			     "reinstalled, or someone is in the middle).",
			     l->name, where, l->fingerprint,
			     known == SSH_KNOWN_HOSTS_CHANGED ? "key" : "key type",
			     file ? file : "the known_hosts file");
		vm_error_hint(err, "Verify the new key with the host's administrator, then "
			      "remove the old entry: ssh-keygen -R %s -f %s",
			      q_spec ? q_spec : spec, q_file ? q_file : "~/.ssh/known_hosts");
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (keys->policy == HOSTKEY_ACCEPT_NEW || trusted_key(keys, l->fingerprint)) {
			if (ssh_session_update_known_hosts(s) != SSH_OK) {
				vm_error_set(err, "Host '%s' (%s): cannot record its host key %s "
					     "in %s: %s.", l->name, where, l->fingerprint,
					     file ? file : "the known_hosts file", ssh_get_error(s));
				vm_error_hint(err, "Check that the known_hosts file and its "
					      "directory are writable.");
				break;
			}
			engine_log("sshlink: host '%s' (%s): new host key %s recorded in %s.",
				   l->name, where, l->fingerprint, file ? file : "known_hosts");
			rc = 0;
			break;
		}
		*why = SSHLINK_HOSTKEY_UNKNOWN;
		vm_error_set(err, "Host '%s' (%s) offered the host key %s, which is not in %s%s; "
			     "refusing to connect to an unknown host.",
			     l->name, where, l->fingerprint,
			     file ? file : "the known_hosts file",
			     known == SSH_KNOWN_HOSTS_NOT_FOUND ? " (the file does not exist)" : "");
		vm_error_hint(err, "Compare it with the host's own (ssh-keygen -lf "
			      "/etc/ssh/ssh_host_ed25519_key.pub, run on the host), then accept it.");
		break;
	case SSH_KNOWN_HOSTS_ERROR:
	default:
		vm_error_set(err, "Host '%s' (%s): cannot check its host key against %s: %s.",
			     l->name, where, file ? file : "the known_hosts file",
			     ssh_get_error(s));
		vm_error_hint(err, "Check that the known_hosts file is readable.");
		break;
	}
	if (rc == 0)
		*why = SSHLINK_OK;
cleanup:
	free(q_spec);
	free(q_file);
	ssh_string_free_char(file);
	ssh_string_free_char(host);
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return rc;
}

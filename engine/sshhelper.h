/* engine/sshhelper.h — libvirt's ssh processes (engine/sshhelper.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_SSHHELPER_H
#define VIRT_MIGRATE_SSHHELPER_H

/* ---- libvirt's ssh processes (engine/sshhelper.c) ---------------------- */

#define SSHHELPER_NAME "virt-migrate-ssh"

/* 1 when the program was started as libvirt's ssh helper (argv[0] named
 * SSHHELPER_NAME): main() then leaves the terminal's session and becomes
 * ssh(1) with the same arguments. */
int sshhelper_is_name(const char *argv0);
/* The tool's main() says that this program can be the helper (a test
 * program cannot); until then sshhelper_path() is NULL. */
void sshhelper_enable(void);
/* The helper's path (a link to this program in the state directory), made
 * once; NULL when not enabled or when it cannot be made. */
const char *sshhelper_path(void);
/* The helper for a host whose known_hosts file the config names (KNOWN_HOSTS,
 * "~/" allowed): STATE/bin/kh-HASH/virt-migrate-ssh, beside a file
 * "known_hosts" holding the file's path, which the helper hands ssh(1) as
 * UserKnownHostsFile -- both legs then verify the host against the same
 * file.  malloc'd; NULL as sshhelper_path(), or when it cannot be made. */
char *sshhelper_path_for(const char *known_hosts);
/* In the helper: the options to put before ssh's own arguments for the
 * helper at ARGV0 (the known_hosts file of its directory): up to two
 * strings into OPTS, malloc'd; returns how many. */
int sshhelper_options(const char *argv0, char *opts[2]);

#define SSHHELPER_KNOWN_HOSTS "known_hosts"	/* the file beside a kh- helper */

#endif

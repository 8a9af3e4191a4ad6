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

#endif

/* engine/virterr.h — libvirt's last error as a phrase, for the engine's
 * messages; its own file so that every libvirt caller (the inventory
 * readers, the probes, EVC) can use it without calling into one another. */
#ifndef VIRT_MIGRATE_VIRTERR_H
#define VIRT_MIGRATE_VIRTERR_H

/* The message of the calling thread's last libvirt error, never NULL. */
const char *virterr_last(void);

#endif

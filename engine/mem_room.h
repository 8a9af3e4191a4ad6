/* engine/mem_room.h — the one rule of whether a VM's memory fits in what a
 * host has free: the memory check (mem.unknown, mem.insufficient), the
 * moves checked together (mem.together) and the evacuation plan
 * (mem.planned) all ask it.  Pure: no I/O. */
#ifndef VIRT_MIGRATE_MEM_ROOM_H
#define VIRT_MIGRATE_MEM_ROOM_H

enum mem_room {
	MEM_ROOM_FITS,		/* what is needed is at most what is free */
	MEM_ROOM_SHORT,		/* more is needed than is free */
	MEM_ROOM_NO_FREE,	/* the host's free memory is unknown */
	MEM_ROOM_NO_NEED,	/* the memory needed is unknown */
	MEM_ROOM_COUNT
};

/* Whether NEED_KIB fits in a host's FREE_KIB once the GIVEN_KIB already
 * placed there are counted (0 when none): fits when given + need <= free,
 * exactly equal included, the sum never wrapping.  0 is never a real
 * figure: 0 free means libvirt gave none (NO_FREE), 0 needed that the VM's
 * size is unknown (NO_NEED, which comes first). */
enum mem_room mem_room_fit(unsigned long long free_kib, unsigned long long given_kib,
			   unsigned long long need_kib);

/* The KiB a host with FREE_KIB free keeps once GIVEN_KIB are placed there:
 * negative when more was given than it has; -GIVEN_KIB when its free memory
 * is unknown (0).  For ranking hosts, not for saying whether a VM fits. */
long long mem_room_left(unsigned long long free_kib, unsigned long long given_kib);

#endif

/* engine/mem_room.c — whether memory fits in a host's free memory, said
 * once (engine/mem_room.h). */
#include <limits.h>

#include "mem_room.h"

enum mem_room mem_room_fit(unsigned long long free_kib, unsigned long long given_kib,
			   unsigned long long need_kib)
{
	if (!need_kib)
		return MEM_ROOM_NO_NEED;
	if (!free_kib)
		return MEM_ROOM_NO_FREE;	/* libvirt gave no figure */
	/* given + need > free, without computing a sum that could wrap */
	if (given_kib > free_kib || need_kib > free_kib - given_kib)
		return MEM_ROOM_SHORT;
	return MEM_ROOM_FITS;
}

/* Figures past LLONG_MAX KiB (8 ZiB) are held there: no host has them. */
static long long signed_kib(unsigned long long kib)
{
	return kib > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)kib;
}

long long mem_room_left(unsigned long long free_kib, unsigned long long given_kib)
{
	return signed_kib(free_kib) - signed_kib(given_kib);
}

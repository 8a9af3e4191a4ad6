/* engine/virterr.c — libvirt's last error as a phrase (engine/virterr.h). */
#include <libvirt/virterror.h>

#include "virterr.h"

const char *virterr_last(void)
{
	const char *m = virGetLastErrorMessage();
	return m ? m : "unknown libvirt error";
}

/* engine/checks_memory.c — room for the VM's memory on the target host, and
 * memory backed by something that must exist there too. */
#include <string.h>

#include "checks_int.h"
#include "mem_room.h"

static void check_room(struct check_ctx *c)
{
	unsigned long long need = c->vm->memory_kib, free_kib = c->dst->mem_free_kib;
	unsigned long long total = c->dst->mem_total_kib;

	switch (mem_room_fit(free_kib, 0, need)) {
	case MEM_ROOM_NO_NEED:
		return;
	case MEM_ROOM_NO_FREE:
		findings_add(c->out, FINDING_INFO, "mem.unknown",
			     "Check the free memory of the target by hand.",
			     "The free memory of host %s is unknown (libvirt gave no figure); "
			     "room for VM '%s' (%llu MiB) was not checked.", c->dst_name, c->vm->name,
			     need / 1024);
		return;
	case MEM_ROOM_SHORT:
		findings_add(c->out, checks_live_error(c), "mem.insufficient",
			     "Free memory on the target (stop or move other VMs), or choose "
			     "another host.",
			     "Host %s has %llu MiB free but VM '%s' needs %llu MiB%s.",
			     c->dst_name, free_kib / 1024, c->vm->name, need / 1024,
			     c->live ? "" : ": it could not start there now");
		return;
	default:	/* it fits: is the host left short? */
		break;
	}
	if (total && (free_kib - need) * 10 < total)
		findings_add(c->out, FINDING_WARNING, "mem.low",
			     "Expect memory pressure on the target; consider another host.",
			     "After VM '%s' moves, host %s keeps only %llu MiB free of %llu MiB "
			     "(less than 10%%).", c->vm->name, c->dst_name,
			     (free_kib - need) / 1024, total / 1024);
}

static void check_backing(struct check_ctx *c)
{
	const char *b = c->vm->memory_backing;

	if (!b)
		return;
	if (strcmp(b, "hugepages") == 0)
		findings_add(c->out, FINDING_WARNING, "mem.backing",
			     "Reserve enough huge pages on the target (vm.nr_hugepages) before "
			     "the move.",
			     "VM '%s' is backed by huge pages: host %s must have enough free "
			     "huge pages of the same size.", c->vm->name, c->dst_name);
	else if (strcmp(b, "file") == 0)
		findings_add(c->out, FINDING_WARNING, "mem.backing",
			     "Make sure the memory backing directory exists on the target "
			     "(memory_backing_dir in qemu.conf).",
			     "VM '%s' has file-backed memory: the backing file lives on host "
			     "%s's local storage and is made anew on host %s, which is slower.",
			     c->vm->name, c->src_name, c->dst_name);
}

void checks_memory(struct check_ctx *c)
{
	check_room(c);
	check_backing(c);
}

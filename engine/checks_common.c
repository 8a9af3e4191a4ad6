/* engine/checks_common.c — the helpers every rule group of checks_evaluate()
 * shares: hint formatting, severities, names of hosts and states, which
 * disks the target sees, "did you mean" among a host's pools and networks.
 *
 * The bottom of the checks: checks.c runs the groups (checks_NAME.c), both
 * call these, and nothing here calls either of them back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

const char *checks_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(buf, size, fmt, ap) < 0)
		buf[0] = '\0';
	va_end(ap);
	return buf;
}

enum finding_severity checks_live_error(const struct check_ctx *ctx)
{
	return ctx->live ? FINDING_ERROR : FINDING_WARNING;
}

const char *checks_host_name(const struct inv_host *h)
{
	return h && h->cfg && h->cfg->name ? h->cfg->name : "?";
}

const char *checks_state_word(const struct inv_vm *vm)
{
	static const char *const words[INV_VM_STATE_COUNT] = {
		[INV_VM_RUNNING] = "running",
		[INV_VM_PAUSED] = "paused",
		[INV_VM_SHUTOFF] = "shut-off",
		[INV_VM_SUSPENDED] = "suspended",
		[INV_VM_OTHER] = "inactive",
	};

	if (!vm || (unsigned)vm->state >= INV_VM_STATE_COUNT)
		return "unknown";
	return words[vm->state];
}

int checks_disk_visible(const struct check_ctx *ctx, const struct inv_disk *d)
{
	if (disk_role(d) == DISK_NETWORK || ctx->dst == ctx->src)
		return 1;
	const struct inv_pool *sp = inv_host_pool(ctx->src, d->pool);

	if (!sp || !sp->shared || !sp->path || !ctx->dst)
		return 0;
	for (size_t i = 0; i < ctx->dst->npools; i++) {
		const struct inv_pool *tp = &ctx->dst->pools[i];

		if (tp->shared && tp->path && strcmp(tp->path, sp->path) == 0)
			return 1;
	}
	return 0;
}

const char *checks_suggest_pools(const struct inv_host *h, const char *word, char *buf,
				 size_t size)
{
	struct suggest s;

	suggest_init(&s, word);
	for (size_t i = 0; h && i < h->npools; i++)
		suggest_add(&s, h->pools[i].name);
	return suggest_sentence(&s, buf, size);
}

const char *checks_suggest_nets(const struct inv_host *h, const char *word, char *buf,
				size_t size)
{
	struct suggest s;

	suggest_init(&s, word);
	for (size_t i = 0; h && i < h->nnets; i++)
		suggest_add(&s, h->nets[i].name);
	return suggest_sentence(&s, buf, size);
}

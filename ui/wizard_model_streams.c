/* ui/wizard_model_streams.c — the wizard's choice of parallel migration
 * streams (libvirt's multifd) and of compression for a live move, and
 * whether the two hosts can do it: asked of streams_supported()
 * (engine/streams.c), the engine's one rule; the wizard keeps no copy. */
#include "../engine/streams.h"
#include "wizard_model.h"

void wizard_model_set_connections(struct wizard_model *m, unsigned n)
{
	if (n >= 1 && n <= STREAMS_MAX_CONNECTIONS)
		m->connections = n;
}

void wizard_model_set_compress(struct wizard_model *m, enum plan_compress c)
{
	if (c > PLAN_COMPRESS_UNSET && c < PLAN_COMPRESS_COUNT)
		m->compress = c;
}

int wizard_model_streams_apply(const struct wizard_model *m)
{
	/* the same moves as the priority's: memory copied live to another host */
	return wizard_model_priority_applies(m);
}

int wizard_model_streams_check(const struct wizard_model *m, struct vm_error *why)
{
	const struct inv_host *src = wizard_model_src(m), *dst = wizard_model_dst(m);
	if (!wizard_model_streams_apply(m) || !src || !dst)
		return 0;
	return streams_supported(src, dst, m->connections, m->compress, why) == 0 ? 0 : -1;
}

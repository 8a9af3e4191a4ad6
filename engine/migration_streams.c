/* engine/migration_streams.c — parallel streams and compression of a live
 * move's memory, for vMotion and shared-nothing vMotion alike: the plan
 * (the config's defaults where it says nothing) judged by the rule of
 * engine/streams.c, then libvirt's flags and parameters. */
#include <stdio.h>

#include "migration_int.h"
#include "streams.h"

int migration_streams(struct mctx *m, virTypedParameterPtr *params, int *nparams,
		      int *maxparams, unsigned int *flags, char *text, size_t len)
{
	struct migration_result *res = m->res;
	unsigned n = streams_connections(m->plan, m->cfg);
	enum plan_compress c = streams_compress(m->plan, m->cfg);
	struct vm_error why;

	streams_text(n, c, text, len);
	if (streams_supported(m->src, m->dst, n, c, &why) < 0) {
		vm_error_set(&res->error, "%s VM '%s' was not moved, nothing was done.",
			     why.message, m->vm->name);
		vm_error_hint(&res->error, "%s", why.hint);
		res->refused = 1;
		snprintf(res->where, sizeof res->where, "%s still runs on %s", m->vm->name,
			 m->src->cfg->name);
		return -1;
	}
	if (n > 1) {
		*flags |= VIR_MIGRATE_PARALLEL;
		if (virTypedParamsAddInt(params, nparams, maxparams,
					 VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS, (int)n) < 0)
			goto oom;
	}
	if (c != PLAN_COMPRESS_NONE) {
		/* always with the method: COMPRESSED alone means xbzrle to libvirt */
		*flags |= VIR_MIGRATE_COMPRESSED;
		if (virTypedParamsAddString(params, nparams, maxparams, VIR_MIGRATE_PARAM_COMPRESSION,
					    plan_compress_name(c)) < 0)
			goto oom;
	}
	engine_log("migration of '%s': %s", m->vm->name, text);
	return 0;
oom:
	vm_error_set(&res->error, "Out of memory while preparing the migration of VM '%s'.",
		     m->vm->name);
	return -1;
}

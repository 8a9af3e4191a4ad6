/* engine/plan.c — the migration plan: names, parsing, per-disk and network
 * choices.  The wizard and the answers file build the same struct plan. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"

/* One word per enum value: the name scripts and answers files use, and the
 * title the wizard shows. */
struct plan_word {
	const char *name;
	const char *title;
};

static const struct plan_word kinds[PLAN_KIND_COUNT] = {
	[PLAN_KIND_COMPUTE] = { "compute", "Change compute resource only" },
	[PLAN_KIND_STORAGE] = { "storage", "Change storage only" },
	[PLAN_KIND_BOTH] = { "both", "Change both compute resource and storage" },
};

static const struct plan_word formats[PLAN_FORMAT_COUNT] = {
	[PLAN_FORMAT_SAME] = { "same", "Same format as source" },
	[PLAN_FORMAT_THIN] = { "thin", "Thin provision" },
	[PLAN_FORMAT_THICK] = { "thick", "Thick provision" },
};

static const struct plan_word priorities[PLAN_PRIORITY_COUNT] = {
	[PLAN_PRIORITY_STANDARD] = { "standard", "Schedule regular vMotion" },
	[PLAN_PRIORITY_HIGH] = { "high", "Schedule vMotion with high priority" },
};

static const struct plan_word encrypts[PLAN_ENCRYPT_COUNT] = {
	[PLAN_ENCRYPT_UNSET] = { "opportunistic", "Opportunistic" },
	[PLAN_ENCRYPT_DISABLED] = { "disabled", "Disabled" },
	[PLAN_ENCRYPT_OPPORTUNISTIC] = { "opportunistic", "Opportunistic" },
	[PLAN_ENCRYPT_REQUIRED] = { "required", "Required" },
};

static const struct plan_word compresses[PLAN_COMPRESS_COUNT] = {
	[PLAN_COMPRESS_UNSET] = { "none", "None" },
	[PLAN_COMPRESS_NONE] = { "none", "None" },
	[PLAN_COMPRESS_XBZRLE] = { "xbzrle", "XBZRLE (pages sent again, as deltas)" },
	[PLAN_COMPRESS_MT] = { "mt", "Multithreaded zlib (one stream)" },
	[PLAN_COMPRESS_ZLIB] = { "zlib", "zlib (parallel streams)" },
	[PLAN_COMPRESS_ZSTD] = { "zstd", "zstd (parallel streams)" },
};

/* Index of S among the N names of TABLE (case does not matter), or -1. */
static int word_parse(const struct plan_word *table, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(table[i].name, s) == 0)
			return (int)i;
	return -1;
}

const char *plan_kind_name(enum plan_kind k)
{
	return (unsigned)k < PLAN_KIND_COUNT ? kinds[k].name : "unknown";
}

const char *plan_kind_title(enum plan_kind k)
{
	return (unsigned)k < PLAN_KIND_COUNT ? kinds[k].title : "Unknown migration type";
}

int plan_kind_parse(const char *s, enum plan_kind *out)
{
	int i = word_parse(kinds, PLAN_KIND_COUNT, s);

	if (i < 0)
		return -1;
	if (out)
		*out = (enum plan_kind)i;
	return 0;
}

const char *plan_format_name(enum plan_format f)
{
	return (unsigned)f < PLAN_FORMAT_COUNT ? formats[f].name : "unknown";
}

int plan_format_parse(const char *s, enum plan_format *out)
{
	int i = word_parse(formats, PLAN_FORMAT_COUNT, s);

	if (i < 0)
		return -1;
	if (out)
		*out = (enum plan_format)i;
	return 0;
}

const char *plan_priority_name(enum plan_priority p)
{
	return (unsigned)p < PLAN_PRIORITY_COUNT ? priorities[p].name : "unknown";
}

int plan_priority_parse(const char *s, enum plan_priority *out)
{
	int i = word_parse(priorities, PLAN_PRIORITY_COUNT, s);

	if (i < 0)
		return -1;
	if (out)
		*out = (enum plan_priority)i;
	return 0;
}

const char *plan_encrypt_name(enum plan_encrypt e)
{
	return (unsigned)e < PLAN_ENCRYPT_COUNT ? encrypts[e].name : "unknown";
}

const char *plan_encrypt_title(enum plan_encrypt e)
{
	return (unsigned)e < PLAN_ENCRYPT_COUNT ? encrypts[e].title : "Unknown";
}

int plan_encrypt_parse(const char *s, enum plan_encrypt *out)
{
	/* Skip the UNSET row: it only names what an unset plan means. */
	int i = word_parse(encrypts + 1, PLAN_ENCRYPT_COUNT - 1, s);

	if (i < 0)
		return -1;
	if (out)
		*out = (enum plan_encrypt)(i + 1);
	return 0;
}

const char *plan_compress_name(enum plan_compress c)
{
	return (unsigned)c < PLAN_COMPRESS_COUNT ? compresses[c].name : "unknown";
}

int plan_compress_parse(const char *s, enum plan_compress *out)
{
	/* Skip the UNSET row, as plan_encrypt_parse does. */
	int i = word_parse(compresses + 1, PLAN_COMPRESS_COUNT - 1, s);

	if (i < 0)
		return -1;
	if (out)
		*out = (enum plan_compress)(i + 1);
	return 0;
}

static struct plan_disk *disk_entry(const struct plan *p, const char *target)
{
	if (!p || !target)
		return NULL;
	for (size_t i = 0; i < p->ndisks; i++)
		if (p->disks[i].target && strcmp(p->disks[i].target, target) == 0)
			return &p->disks[i];
	return NULL;
}

/* A second choice for the same disk replaces the first.  DATASTORE may be
 * NULL: the disk then follows plan->datastore, with its own format. */
int plan_add_disk(struct plan *p, const char *target, const char *datastore,
		  enum plan_format format)
{
	if (!p || !target || (unsigned)format >= PLAN_FORMAT_COUNT)
		return -1;
	char *ds = datastore ? strdup(datastore) : NULL;

	if (datastore && !ds)
		return -1;
	struct plan_disk *old = disk_entry(p, target);

	if (old) {
		free(old->datastore);
		old->datastore = ds;
		old->format = format;
		return 0;
	}
	char *t = strdup(target);
	struct plan_disk *disks = t ? realloc(p->disks, (p->ndisks + 1) * sizeof(*disks)) : NULL;

	if (!disks) {
		free(t);
		free(ds);
		return -1;
	}
	p->disks = disks;
	p->disks[p->ndisks++] = (struct plan_disk){ .target = t, .datastore = ds,
						    .format = format };
	return 0;
}

/* A second mapping of the same network replaces the first. */
int plan_add_net(struct plan *p, const char *from, const char *to)
{
	if (!p || !from || !to)
		return -1;
	char *t = strdup(to);

	if (!t)
		return -1;
	for (size_t i = 0; i < p->nnets; i++) {
		if (p->nets[i].from && strcmp(p->nets[i].from, from) == 0) {
			free(p->nets[i].to);
			p->nets[i].to = t;
			return 0;
		}
	}
	char *f = strdup(from);
	struct plan_net *nets = f ? realloc(p->nets, (p->nnets + 1) * sizeof(*nets)) : NULL;

	if (!nets) {
		free(f);
		free(t);
		return -1;
	}
	p->nets = nets;
	p->nets[p->nnets++] = (struct plan_net){ .from = f, .to = t };
	return 0;
}

const char *plan_disk_datastore(const struct plan *p, const char *target)
{
	const struct plan_disk *d = disk_entry(p, target);

	if (d && d->datastore)
		return d->datastore;
	return p ? p->datastore : NULL;
}

enum plan_format plan_disk_format(const struct plan *p, const char *target)
{
	const struct plan_disk *d = disk_entry(p, target);

	if (d)
		return d->format;
	return p ? p->format : PLAN_FORMAT_SAME;
}

const char *plan_net_target(const struct plan *p, const char *from)
{
	if (!p || !from)
		return from;
	for (size_t i = 0; i < p->nnets; i++)
		if (p->nets[i].from && strcmp(p->nets[i].from, from) == 0 && p->nets[i].to)
			return p->nets[i].to;
	return from;
}

int plan_is_live(const struct inv_vm *vm)
{
	return vm && (vm->state == INV_VM_RUNNING || vm->state == INV_VM_PAUSED);
}

int plan_is_streamed(const struct inv_vm *vm)
{
	return plan_is_live(vm) || (vm && vm->state == INV_VM_SUSPENDED);
}

/* Frees what the plan holds (not the struct itself) and leaves it empty;
 * safe on a plan half built or already freed. */
void plan_free(struct plan *p)
{
	if (!p)
		return;
	free(p->vm);
	free(p->target);
	free(p->datastore);
	free(p->from);
	for (size_t i = 0; p->disks && i < p->ndisks; i++) {
		free(p->disks[i].target);
		free(p->disks[i].datastore);
	}
	free(p->disks);
	for (size_t i = 0; p->nets && i < p->nnets; i++) {
		free(p->nets[i].from);
		free(p->nets[i].to);
	}
	free(p->nets);
	memset(p, 0, sizeof(*p));
}

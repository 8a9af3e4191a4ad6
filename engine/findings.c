/* engine/findings.c — the list of findings a check run fills. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* A text of LEN bytes did not fit in BUF of SIZE bytes: end it with "...",
 * never cutting a UTF-8 character in two. */
static void mark_cut(char *buf, size_t size, size_t len)
{
	if (len < size || size <= 4)
		return;
	size_t at = size - 4;

	while (at > 0 && ((unsigned char)buf[at] & 0xC0) == 0x80)
		at--;
	memcpy(buf + at, "...", 4);
}

static void put_text(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n < 0)
		buf[0] = '\0';
	else
		mark_cut(buf, size, (size_t)n);
}

static void put_str(char *buf, size_t size, const char *s)
{
	size_t len = strlen(s);

	if (len < size) {
		memcpy(buf, s, len + 1);
		return;
	}
	memcpy(buf, s, size - 1);
	buf[size - 1] = '\0';
	mark_cut(buf, size, len);
}

static int grow(struct findings *f)
{
	if (f->count < f->cap)
		return 0;
	size_t cap = f->cap ? f->cap * 2 : 16;
	struct finding *items = realloc(f->items, cap * sizeof(*items));

	if (!items)
		return -1;
	f->items = items;
	f->cap = cap;
	return 0;
}

void findings_add(struct findings *f, enum finding_severity sev, const char *code,
		  const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (!f || !code || !fmt || (unsigned)sev >= FINDING_SEVERITY_COUNT)
		return;
	if (grow(f) != 0)
		return;		/* out of memory: nothing sensible left to record */
	struct finding *it = &f->items[f->count];

	it->severity = sev;
	put_str(it->code, sizeof(it->code), code);
	put_str(it->hint, sizeof(it->hint), hint ? hint : "");
	va_start(ap, fmt);
	put_text(it->message, sizeof(it->message), fmt, ap);
	va_end(ap);
	f->count++;
	switch (sev) {
	case FINDING_ERROR:
		f->errors++;
		break;
	case FINDING_WARNING:
		f->warnings++;
		break;
	default:
		f->infos++;
		break;
	}
}

int findings_has(const struct findings *f, const char *code)
{
	if (!f || !code)
		return 0;
	for (size_t i = 0; i < f->count; i++)
		if (strcmp(f->items[i].code, code) == 0)
			return 1;
	return 0;
}

int findings_code_unknown_name(const char *code)
{
	static const char *const codes[] = {
		"plan.vm-unknown",		/* a VM on no host (every host was read) */
		"plan.target-unknown",		/* a host the configuration does not have */
		"plan.disk-unknown",		/* a disk the VM does not have */
		"plan.net-unknown",		/* a network no NIC of the VM is on */
		"net.unknown",			/* a network the target lacks, mapped to */
		"storage.datastore-missing",	/* a datastore the target does not have */
	};

	for (size_t i = 0; code && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(code, codes[i]) == 0)
			return 1;
	return 0;
}

const struct finding *findings_unknown_name(const struct findings *f)
{
	for (size_t i = 0; f && i < f->count; i++)
		if (f->items[i].severity == FINDING_ERROR &&
		    findings_code_unknown_name(f->items[i].code))
			return &f->items[i];
	return NULL;
}

const char *finding_severity_name(enum finding_severity s)
{
	static const char *const names[FINDING_SEVERITY_COUNT] = {
		[FINDING_INFO] = "info",
		[FINDING_WARNING] = "warning",
		[FINDING_ERROR] = "error",
	};

	if ((unsigned)s >= FINDING_SEVERITY_COUNT)
		return "unknown";
	return names[s];
}

void findings_free(struct findings *f)
{
	if (!f)
		return;
	free(f->items);
	memset(f, 0, sizeof(*f));
}

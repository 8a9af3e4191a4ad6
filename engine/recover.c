/* engine/recover.c — finish what a killed (or failed) migration left: read
 * where the VM really is on both hosts, then remove the side it is not on.
 * The one safety rule: a volume goes only when no domain on its host names
 * it, a definition only when the VM runs (or is defined) on the other host. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migration_int.h"

struct side {
	struct inv_host *host;
	virDomainPtr dom;	/* NULL: not there */
	int active;
};

static void say(struct recover_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct recover_report *r, const char *fmt, ...)
{
	char *line = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	char **grown = realloc(r->lines, (r->nlines + 1) * sizeof *grown);
	if (!grown) {
		free(line);
		return;
	}
	r->lines = grown;
	r->lines[r->nlines++] = line;
	engine_log("recover: %s", line);
}

void recover_report_free(struct recover_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	memset(r, 0, sizeof *r);
}

static void look(struct side *s, const char *uuid)
{
	if (s->dom)
		virDomainFree(s->dom);
	s->dom = virDomainLookupByUUIDString(s->host->conn, uuid);
	s->active = s->dom && virDomainIsActive(s->dom) == 1;
}

static const char *state_words(const struct side *s)
{
	return !s->dom ? "is not there" : s->active ? "runs" : "is defined, shut off";
}

static const char *state_brief(const struct side *s)
{
	return !s->dom ? "absent" : s->active ? "running" : "defined, shut off";
}

/* 1 when DOM is the VM whose UUID is MOVED and it is not running (a source
 * copy libvirt is still tearing down after the move ends: up to ten seconds
 * are given to its qemu to go). */
static int moved_copy(virDomainPtr dom, const char *moved)
{
	char uuid[VIR_UUID_STRING_BUFLEN];

	if (!moved || virDomainGetUUIDString(dom, uuid) != 0 || strcmp(uuid, moved) != 0)
		return 0;
	for (int tries = 0; tries < 50 && virDomainIsActive(dom) == 1; tries++)
		usleep(200 * 1000);
	return virDomainIsActive(dom) == 0 || virGetLastErrorCode() == VIR_ERR_NO_DOMAIN;
}

/* 1 when a domain on CONN names PATH (any attribute of its live or saved
 * definition, engine/migration_xml.c); 1 too when that cannot be told.
 * The VM whose UUID is MOVED (may be NULL), moved off this host, counts
 * only while it runs here. */
static int path_in_use(virConnectPtr conn, const char *path, const char *moved)
{
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(conn, &doms, 0), used = n < 0;

	for (int i = 0; i < n && !used; i++) {
		unsigned flags[2] = { 0, VIR_DOMAIN_XML_INACTIVE };
		if (moved_copy(doms[i], moved))
			continue;
		for (int k = 0; k < 2 && !used; k++) {
			char *xml = virDomainGetXMLDesc(doms[i], flags[k]);
			used = !xml || migration_xml_uses_path(xml, path) != 0;	/* -1: keep it */
			if (used)
				engine_log("recover: %s is in use by domain '%s'%s", path,
					   virDomainGetName(doms[i]), xml ? "" : " (its XML unreadable)");
			free(xml);
		}
	}
	for (int i = 0; i < n; i++)
		virDomainFree(doms[i]);
	free(doms);
	return used;
}

/* The volume at PATH on H (its pool refreshed first when known), or NULL. */
static virStorageVolPtr find_vol(struct inv_host *h, const char *pool, const char *path)
{
	if (pool && pool[0]) {
		virStoragePoolPtr p = virStoragePoolLookupByName(h->conn, pool);
		if (p) {
			virStoragePoolRefresh(p, 0);
			virStoragePoolFree(p);
		}
	}
	return virStorageVolLookupByPath(h->conn, path);
}

/* Remove the volume at PATH on H when it is there and no domain uses it.
 * Returns 1 when it is gone (or would be), 0 when kept, -1 on failure. */
/* A host-to-host copy lands in DIR/.virt-migrate-NAME.XXXXXXXX beside the
 * volume DIR/NAME (engine/volcopy_hosts.c): what a killed run left there. */
static void sweep_partial(struct recover_report *r, struct inv_host *h, const char *path,
			  int dry_run)
{
	static const char script[] =
		"for d in \"$1\"/.virt-migrate-\"$2\".*; do\n"
		"\t[ -d \"$d\" ] || continue\n"
		"\tif [ \"$3\" = 1 ]; then echo \"$d\"; else rm -rf -- \"$d\" && echo \"$d\"; fi\n"
		"done\n";
	const char *slash = strrchr(path, '/');
	char *dir, *out = NULL;
	int status = -1;
	struct vm_error err;

	if (!h->link || !slash || slash == path || !(dir = strndup(path, (size_t)(slash - path))))
		return;
	const char *argv[] = { "sh", "-c", script, "sh", dir, slash + 1, dry_run ? "1" : "0",
			       NULL };
	if (sshlink_exec(h->link, argv, &out, &status, &err) == 0 && status == 0 && out)
		for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
			say(r, "%s the partial copy %s on %s.", dry_run ? "Would remove" : "Removed",
			    line, h->cfg->name);
	free(out);
	free(dir);
}

static int remove_vol(struct recover_report *r, struct inv_host *h, const char *pool,
		      const char *path, const char *moved, int dry_run)
{
	virStorageVolPtr vol = find_vol(h, pool, path);
	sweep_partial(r, h, path, dry_run);
	if (!vol) {
		say(r, "Volume %s on %s is already gone.", path, h->cfg->name);
		return 1;
	}
	int rc, used = path_in_use(h->conn, path, moved);
	/* the moved VM's source copy may linger a moment in libvirt's lists
	 * after the move (its qemu going, its definition being removed) */
	for (int tries = 0; used && moved && tries < 20; tries++) {
		usleep(500 * 1000);
		used = path_in_use(h->conn, path, moved);
	}
	if (used) {
		say(r, "Volume %s on %s is kept: a domain there uses it.", path, h->cfg->name);
		rc = 0;
	} else if (dry_run) {
		say(r, "Would remove volume %s on %s.", path, h->cfg->name);
		rc = 1;
	} else if (virStorageVolDelete(vol, 0) == 0) {
		say(r, "Removed volume %s on %s.", path, h->cfg->name);
		rc = 1;
	} else {
		say(r, "Volume %s on %s could not be removed: %s.", path, h->cfg->name,
		    virGetLastErrorMessage());
		rc = -1;
	}
	virStorageVolFree(vol);
	return rc;
}

/* Undefine the (inactive) copy S of the VM. 0, or -1. */
static int remove_def(struct recover_report *r, struct side *s, const char *vm, int dry_run)
{
	if (s->active) {
		say(r, "VM '%s' runs on %s: its definition there is kept.", vm, s->host->cfg->name);
		return -1;
	}
	if (dry_run) {
		say(r, "Would remove the definition of '%s' from %s.", vm, s->host->cfg->name);
		return 0;
	}
	if (virDomainUndefineFlags(s->dom, VIR_DOMAIN_UNDEFINE_NVRAM |
				   VIR_DOMAIN_UNDEFINE_MANAGED_SAVE) < 0 &&
	    virDomainUndefine(s->dom) < 0) {
		if (virGetLastErrorCode() == VIR_ERR_NO_DOMAIN) {
			say(r, "The definition of '%s' on %s is already gone.", vm, s->host->cfg->name);
			return 0;
		}
		say(r, "The definition of '%s' on %s could not be removed: %s.", vm,
		    s->host->cfg->name, virGetLastErrorMessage());
		return -1;
	}
	say(r, "Removed the definition of '%s' from %s.", vm, s->host->cfg->name);
	return 0;
}

/* Wait (at most SECS) for a libvirt job on S's domain to end: a peer-to-peer
 * migration goes on in libvirt after its tool was killed. 1 if one still runs. */
static int wait_job(struct recover_report *r, struct side *s, const char *vm, int secs)
{
	virDomainJobInfo info;
	double t0 = migration_now();
	int said = 0;
	while (s->dom && virDomainGetJobInfo(s->dom, &info) == 0 && info.type != VIR_DOMAIN_JOB_NONE) {
		if (!said++)
			say(r, "A libvirt job still works on '%s' on %s (the killed run's migration "
			    "goes on in libvirt); waiting up to %d s for it to end.", vm,
			    s->host->cfg->name, secs);
		if (migration_now() - t0 > secs)
			return 1;
		usleep(500 * 1000);
	}
	return 0;
}

/* Storage-only: abort (no pivot) the block copies left on the journal's
 * source disks; the VM stays on them. */
static void abort_copies(struct recover_report *r, struct side *s, const struct journal_entry *e,
			 int dry_run)
{
	char *xml = virDomainGetXMLDesc(s->dom, 0);
	for (size_t i = 0; xml && i < e->nsrcdisks; i++) {
		char dev[64];
		virDomainBlockJobInfo info;
		if (migration_xml_disk_target(xml, e->srcdisks[i].path, dev, sizeof dev) == 1 &&
		    virDomainGetBlockJobInfo(s->dom, dev, &info, 0) == 1) {
			if (dry_run)
				say(r, "Would abort the block copy of disk %s of '%s' on %s.", dev, e->vm,
				    s->host->cfg->name);
			else if (virDomainBlockJobAbort(s->dom, dev, 0) == 0)
				say(r, "Aborted the block copy of disk %s of '%s' on %s; it stays on %s.",
				    dev, e->vm, s->host->cfg->name, e->srcdisks[i].path);
			else
				say(r, "The block copy of disk %s of '%s' on %s could not be aborted: %s.",
				    dev, e->vm, s->host->cfg->name, virGetLastErrorMessage());
			for (int k = 0; !dry_run && k < 50 &&
			     virDomainGetBlockJobInfo(s->dom, dev, &info, 0) == 1; k++)
				usleep(100 * 1000);
		}
	}
	free(xml);
}

static int vols_on(struct recover_report *r, const struct journal_entry *e, struct inv_host *h,
		   int dry_run)
{
	int left = 0;
	for (size_t i = 0; i < e->nvols; i++)
		if (strcmp(e->vols[i].host, h->cfg->name) == 0 &&
		    remove_vol(r, h, e->vols[i].pool, e->vols[i].path, NULL, dry_run) < 0)
			left++;
	return left;
}

static int recover_storage(struct recover_report *r, const struct journal_entry *e,
			   struct side *s, int dry_run)
{
	int left = 0, moved = 0;
	if (!s->dom) {
		say(r, "VM '%s' is not on %s any more: nothing is removed; look at the host.", e->vm,
		    s->host->cfg->name);
		return -1;
	}
	if (s->active)
		abort_copies(r, s, e, dry_run);
	for (size_t i = 0; i < e->nvols; i++)
		if (path_in_use(s->host->conn, e->vols[i].path, NULL))
			moved = 1;
	left += vols_on(r, e, s->host, dry_run);
	for (size_t i = 0; moved && i < e->nsrcdisks; i++)
		if (remove_vol(r, s->host, e->srcdisks[i].pool, e->srcdisks[i].path, NULL, dry_run) < 0)
			left++;
	look(s, e->uuid);
	say(r, "On %s: '%s' %s, %s.", s->host->cfg->name, e->vm, state_words(s),
	    moved ? "on its new volumes" : "on its old volumes");
	return left ? -1 : 0;
}

static int recover_hosts(struct recover_report *r, const struct journal_entry *e,
			 struct side *src, struct side *dst, int dry_run)
{
	int left = 0;
	look(src, e->uuid);
	look(dst, e->uuid);
	if (wait_job(r, src, e->vm, 60) || wait_job(r, dst, e->vm, 5)) {
		say(r, "The job has not ended: nothing was changed; run 'virt-migrate recover' "
		    "again later.");
		r->busy = 1;
		return -1;
	}
	look(src, e->uuid);
	look(dst, e->uuid);
	if (src->active && dst->active) {
		say(r, "VM '%s' runs on both %s and %s: nothing was changed. Keep the copy that "
		    "serves, shut the other down, then run recover again.", e->vm,
		    src->host->cfg->name, dst->host->cfg->name);
		return -1;
	}
	if (!src->dom && !dst->dom) {
		say(r, "VM '%s' is defined on neither %s nor %s: nothing was changed; its volumes "
		    "named in the journal are kept.", e->vm, src->host->cfg->name, dst->host->cfg->name);
		return -1;
	}
	/* where the VM stays: the source unless it runs on the target only, or
	 * is defined on the target only */
	int on_source = src->active || (src->dom && !dst->active);
	if (on_source) {
		say(r, "VM '%s' stays on %s (%s there): removing what %s got.", e->vm,
		    src->host->cfg->name, state_brief(src), dst->host->cfg->name);
		if (dst->dom && remove_def(r, dst, e->vm, dry_run) < 0)
			left++;
		left += vols_on(r, e, dst->host, dry_run);
	} else {
		say(r, "VM '%s' is on %s (%s there): finishing its removal from %s.", e->vm,
		    dst->host->cfg->name, state_brief(dst), src->host->cfg->name);
		int src_gone = 1;	/* its definition on the source removed */
		if (src->dom && remove_def(r, src, e->vm, dry_run) < 0) {
			left++;
			src_gone = 0;
		}
		left += vols_on(r, e, dst->host, dry_run);	/* leftovers no one uses */
		int drop = strcmp(e->kind, "both") == 0 || e->delete_source;
		for (size_t i = 0; i < e->nsrcdisks; i++) {
			if (!drop)
				say(r, "Source disk %s on %s is kept (the move did not ask to delete it).",
				    e->srcdisks[i].path, src->host->cfg->name);
			else if (remove_vol(r, src->host, e->srcdisks[i].pool, e->srcdisks[i].path,
					    src_gone ? e->uuid : NULL, dry_run) < 0)
				left++;
		}
	}
	if (!dry_run) {
		look(src, e->uuid);
		look(dst, e->uuid);
	}
	say(r, "On %s: '%s' %s. On %s: '%s' %s.", src->host->cfg->name, e->vm, state_words(src),
	    dst->host->cfg->name, e->vm, state_words(dst));
	return left ? -1 : 0;
}

int recover_entry(struct inventory *inv, const struct journal_entry *e, int dry_run,
		  struct recover_report *r)
{
	struct side src = { 0 }, dst = { 0 };
	long pid = 0;
	int rc = -1;

	memset(r, 0, sizeof *r);
	if (lock_vm_busy(e->uuid, &pid)) {
		say(r, "VM '%s' is being migrated right now by process %ld: its journal is left "
		    "alone.", e->vm, pid);
		r->busy = 1;
		return -1;
	}
	src.host = inventory_host_find(inv, e->source);
	dst.host = inventory_host_find(inv, e->target);
	struct side *s[2] = { &src, &dst };
	for (int i = 0; i < 2; i++) {
		const char *name = i ? e->target : e->source;
		if (!s[i]->host || !s[i]->host->reachable || !s[i]->host->conn) {
			say(r, "Host '%s' is %s: nothing was changed.", name,
			    s[i]->host ? "not reachable" : "not in the configuration");
			return -1;
		}
	}
	if (src.host == dst.host) {
		look(&src, e->uuid);
		rc = recover_storage(r, e, &src, dry_run);
	} else {
		rc = recover_hosts(r, e, &src, &dst, dry_run);
	}
	if (rc == 0) {
		r->resolved = 1;
		if (!dry_run && journal_remove(e) < 0)
			say(r, "The journal %s could not be removed.", e->file ? e->file : "?");
	}
	if (src.dom)
		virDomainFree(src.dom);
	if (dst.dom)
		virDomainFree(dst.dom);
	return rc;
}

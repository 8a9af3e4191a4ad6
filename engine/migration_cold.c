/* engine/migration_cold.c — cold migration: a shut-off VM to another host,
 * the seed's steps.  Validate (done by the caller), copy the files to the
 * target datastore when asked, register the VM on the target, remove it from
 * the source, and delete the source files only when asked and only after the
 * target copy was verified.  A suspended VM is a row of its own in the
 * executors' table (migration_suspended.c). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migration_int.h"
#include "journal_int.h"

struct cold_copy {
	const struct inv_disk *disk;
	char *new_path;		/* the final volume on the target */
	char *tmp_path;		/* a same-format copy, when converting */
	int in_place;		/* a shared datastore both hosts see: no copy */
};

/* sha256 of PATH on the host behind LINK, into out[65]. */
static int file_sum(struct sshlink *link, const char *path, char out[65], struct vm_error *err)
{
	const char *argv[] = { "sha256sum", "--", path, NULL };
	char *text = NULL;
	int status = -1;
	if (sshlink_exec(link, argv, &text, &status, err) < 0 || status != 0 || !text ||
	    strlen(text) < 64) {
		if (!err->message[0])
			vm_error_set(err, "The checksum of %s could not be read.", path);
		free(text);
		return -1;
	}
	memcpy(out, text, 64);
	out[64] = '\0';
	free(text);
	return 0;
}

struct sum_job {
	struct sshlink *link;
	const char *path;
	char sum[65];
	struct vm_error err;
	int rc;
};

static void *sum_thread(void *arg)
{
	struct sum_job *j = arg;
	vm_error_clear(&j->err);
	j->rc = file_sum(j->link, j->path, j->sum, &j->err);
	return NULL;
}

/* The sums of the source and of the copy, each on its own host at once. */
static int both_sums(struct mctx *m, const char *src_path, const char *dst_path,
		     char s1[65], char s2[65], struct vm_error *err)
{
	struct sum_job j = { .link = m->src->link, .path = src_path };
	pthread_t t;
	int threaded = pthread_create(&t, NULL, sum_thread, &j) == 0;

	if (!threaded)
		sum_thread(&j);
	int rc = file_sum(m->dst->link, dst_path, s2, err);
	if (threaded)
		pthread_join(t, NULL);
	if (rc < 0)
		return -1;
	if (j.rc < 0) {
		*err = j.err;
		return -1;
	}
	memcpy(s1, j.sum, sizeof(j.sum));
	return 0;
}

static int run_on(struct sshlink *link, const char *const argv[], const char *what,
		  struct vm_error *err)
{
	int status = -1;
	if (sshlink_exec(link, argv, NULL, &status, err) < 0 || status != 0) {
		if (!err->message[0])
			vm_error_set(err, "%s failed (exit status %d).", what, status);
		return -1;
	}
	return 0;
}

/* 1 when the target host sees the source file of D at the same path: its
 * pool is shared and the target has that pool too. */
static int target_sees(const struct mctx *m, const struct inv_disk *d, const char **pool)
{
	const struct inv_pool *p = d->pool ? inv_host_pool(m->src, d->pool) : NULL;
	const struct inv_host *peers[64];
	size_t n;

	if (!p || !p->shared)
		return 0;
	n = inv_pool_peers(m->inv, m->src, p, peers, 64);
	for (size_t i = 0; i < n && i < 64; i++)
		if (peers[i] == m->dst) {
			*pool = p->name;
			return 1;
		}
	return 0;
}

/* The data mover ladder: the bytes of disk D into the volume LANDING on the
 * target, by the fastest way that works. */
static int land(struct mctx *m, const struct inv_disk *d, const char *landing,
		struct vm_error *err)
{
	const char *pool = NULL;

	if (target_sees(m, d, &pool)) {
		/* 1. inside the shared datastore, on the target: a reflink
		 *    where the filesystem has them, else a sparse local copy */
		const char *argv[] = { "cp", "--reflink=auto", "--sparse=always", "--", d->path,
				       landing, NULL };

		migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copying inside datastore %s on "
			       "%s (reflink where the filesystem allows)", d->target, pool,
			       m->dst->cfg->name);
		if (run_on(m->dst->link, argv, "cp on the target", err) < 0)
			return -1;
		return 0;
	}
	/* 2. from the source host straight to the target host */
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: streaming %s from %s straight to %s "
		       "(sparse)", d->target, d->path, m->src->cfg->name, m->dst->cfg->name);
	if (volcopy_hosts(m, d->path, d->allocation, landing, &m->res->data_bytes, err) == 0)
		return 0;
	if (migration_cancelled(m))
		return -1;
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: %s Streaming through the tool instead.",
		       d->target, err->message);
	vm_error_clear(err);
	/* 3. through the tool: libvirt's sparse volume streams */
	return volcopy_stream(m, m->src->conn, d->path, m->dst->conn, landing, d->capacity,
			      &m->res->data_bytes, err);
}

/* Copy disk C->disk to the target datastore, verified, converted if asked. */
static int copy_disk(struct mctx *m, struct cold_copy *c, const char *store, enum plan_format f,
		     struct vm_error *err)
{
	const struct inv_disk *d = c->disk;
	const char *want = migration_target_format(d, f);
	const char *have = d->format ? d->format : "raw";
	int convert = strcmp(want, have) != 0 || f == PLAN_FORMAT_THICK;
	char *landing = NULL;
	char s1[65], s2[65];
	const char *pool = NULL;

	if (!convert && target_sees(m, d, &pool) && strcmp(pool, store) == 0) {
		/* the file is already in the datastore asked for, seen by both */
		c->in_place = 1;
		c->new_path = strdup(d->path);
		migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: stays in place in datastore %s, "
			       "which %s sees too", d->target, store, m->dst->cfg->name);
		if (!c->new_path)
			vm_error_set(err, "Out of memory.");
		return c->new_path ? 0 : -1;
	}
	if (!m->src->link || !m->dst->link) {
		vm_error_set(err, "Disk %s cannot be verified: the tool has no SSH session to both hosts.",
			     d->target);
		return -1;
	}
	/* the bytes of the file as they are, into a volume of the same format */
	if (migration_vol_create(m->dst->conn, store, d, PLAN_FORMAT_SAME, &landing, err) < 0)
		return -1;
	if (convert)
		c->tmp_path = landing;
	else
		c->new_path = landing;
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copying %s to %s on %s", d->target,
		       d->path, landing, m->dst->cfg->name);
	if (land(m, d, landing, err) < 0)
		return -1;
	if (both_sums(m, d->path, landing, s1, s2, err) < 0)
		return -1;
	if (strcmp(s1, s2) != 0) {
		vm_error_set(err, "The copy of disk %s on %s does not match the source (sha256 %.16s... "
			     "against %.16s...).", d->target, m->dst->cfg->name, s2, s1);
		return -1;
	}
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: copy verified (sha256 %.16s...)",
		       d->target, s1);
	if (!convert)
		return 0;

	/* a different format: qemu-img on the target, into the final volume */
	if (migration_vol_create(m->dst->conn, store, d, f, &c->new_path, err) < 0)
		return -1;
	migration_step(m, MIGRATION_PHASE_DISKS, "disk %s: converting to %s%s on %s", d->target,
		       want, f == PLAN_FORMAT_THICK ? " (fully allocated)" : "", m->dst->cfg->name);
	const char *conv[12];
	size_t n = 0;
	conv[n++] = "qemu-img";
	conv[n++] = "convert";
	conv[n++] = "-n";
	conv[n++] = "-f";
	conv[n++] = have;
	conv[n++] = "-O";
	conv[n++] = want;
	if (f == PLAN_FORMAT_THICK) {	/* write every byte: nothing left sparse */
		conv[n++] = "-S";
		conv[n++] = "0";
	}
	conv[n++] = c->tmp_path;
	conv[n++] = c->new_path;
	conv[n] = NULL;
	if (run_on(m->dst->link, conv, "qemu-img convert", err) < 0)
		return -1;
	migration_vol_delete(m->dst->conn, c->tmp_path);
	free(c->tmp_path);
	c->tmp_path = NULL;
	return 0;
}

int migration_cold_run(struct mctx *m)
{
	struct migration_result *res = m->res;
	const struct plan *plan = m->plan;
	struct cold_copy *copies = NULL;
	size_t ncopies = 0;
	virDomainPtr dom = NULL, ddom = NULL;
	char *xml = NULL;
	int rc = -1, defined = 0;

	res->outcome = MIGRATION_ROLLED_BACK;
	dom = migration_source_domain(m);
	if (!dom)
		goto cleanup;
	if (virDomainIsActive(dom) == 1) {
		vm_error_set(&res->error, "VM '%s' was started on host '%s' since it was checked; a "
			     "cold migration needs it shut off. Nothing was done.", m->vm->name,
			     m->src->cfg->name);
		goto cleanup;
	}
	if (virDomainHasManagedSaveImage(dom, 0) == 1) {
		/* the table sends suspended VMs to migration_suspended.c */
		vm_error_set(&res->error, "VM '%s' was suspended on host '%s' since it was checked; "
			     "nothing was done.", m->vm->name, m->src->cfg->name);
		vm_error_hint(&res->error, "Run the move again: its checks see the VM as it is now.");
		goto cleanup;
	}
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
	copies = calloc(m->vm->ndisks + 1, sizeof *copies);
	if (!xml || !copies) {
		vm_error_set(&res->error, "The definition of VM '%s' could not be read: %s.",
			     m->vm->name, xml ? "out of memory" : virGetLastErrorMessage());
		goto cleanup;
	}
	migration_step(m, MIGRATION_PHASE_STARTING, "cold migration of %s from %s to %s",
		       m->vm->name, m->src->cfg->name, m->dst->cfg->name);

	/* 1. the files, when a datastore is named for them */
	for (size_t i = 0; i < m->vm->ndisks; i++) {
		const struct inv_disk *d = &m->vm->disks[i];
		const char *store = disk_destination(plan, d, 1);
		if (!store)
			continue;
		struct cold_copy *c = &copies[ncopies++];
		c->disk = d;
		enum plan_format f = plan_disk_format(plan, d->target);
		if (copy_disk(m, c, store, f, &res->error) < 0) {
			if (strstr(res->error.message, "No space left") && !res->error.hint[0])
				vm_error_hint(&res->error, "Datastore '%s' on host '%s' ran out of space: "
					      "free space there, or choose another datastore "
					      "(--datastore).", store, m->dst->cfg->name);
			goto rollback;
		}
		char *next = migration_xml_retarget_disk(xml, d->path, c->new_path,
							 migration_target_format(d, f));
		if (!next) {
			vm_error_set(&res->error, "Disk %s of VM '%s' could not be pointed at %s.",
				     d->target, m->vm->name, c->new_path);
			goto rollback;
		}
		free(xml);
		xml = next;
	}
	if (plan->nnets) {
		char *next = migration_xml_remap_networks(xml, plan);
		if (!next) {
			vm_error_set(&res->error, "Out of memory while remapping the networks of '%s'.",
				     m->vm->name);
			goto rollback;
		}
		free(xml);
		xml = next;
	}

	/* 2. register the VM on the target */
	migration_step(m, MIGRATION_PHASE_FINISHING, "registering %s on %s", m->vm->name,
		       m->dst->cfg->name);
	ddom = virDomainDefineXML(m->dst->conn, xml);
	if (!ddom) {
		vm_error_set(&res->error, "VM '%s' could not be registered on host '%s': %s.",
			     m->vm->name, m->dst->cfg->name, virGetLastErrorMessage());
		goto rollback;
	}
	defined = 1;
	journal_note("defined", m->dst->cfg->name, NULL, NULL);
	for (size_t i = 0; i < ncopies; i++) {
		char *check = virDomainGetXMLDesc(ddom, VIR_DOMAIN_XML_INACTIVE);
		int ok = check && copies[i].new_path &&
			 migration_xml_has_disk_file(check, copies[i].new_path);
		free(check);
		if (!ok) {
			vm_error_set(&res->error, "The definition of VM '%s' on host '%s' does not use "
				     "the copied disk %s.", m->vm->name, m->dst->cfg->name,
				     copies[i].disk->target);
			goto rollback;
		}
	}

	/* 3. remove it from the source: from here on the VM lives on the target */
	if (virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_NVRAM) < 0 && virDomainUndefine(dom) < 0) {
		vm_error_set(&res->error, "VM '%s' could not be removed from host '%s': %s.",
			     m->vm->name, m->src->cfg->name, virGetLastErrorMessage());
		goto rollback;
	}
	journal_note("undefined", m->src->cfg->name, NULL, NULL);
	snprintf(res->where, sizeof res->where, "%s is registered on %s (shut off); it is no "
		 "longer defined on %s", m->vm->name, m->dst->cfg->name, m->src->cfg->name);

	/* 4. the source files, only when asked: the copies were verified */
	for (size_t i = 0; i < ncopies; i++) {
		if (copies[i].in_place)
			continue;	/* the source file is the target's */
		if (plan->delete_source) {
			if (migration_vol_delete(m->src->conn, copies[i].disk->path) == 0)
				migration_cleaned(res, "%s on %s",
				     copies[i].disk->path, m->src->cfg->name);
		} else {
			migration_step(m, MIGRATION_PHASE_FINISHING, "source file %s kept on %s "
				       "(--delete-source removes it)", copies[i].disk->path,
				       m->src->cfg->name);
		}
	}
	res->outcome = MIGRATION_DONE;
	migration_step(m, MIGRATION_PHASE_DONE, "%s", res->where);
	rc = 0;
	goto cleanup;

rollback:
	/* nothing left on the target; the VM stays defined on the source */
	migration_step(m, MIGRATION_PHASE_ROLLBACK, "%s", "undoing what was done on the target");
	if (defined) {
		virDomainUndefineFlags(ddom, VIR_DOMAIN_UNDEFINE_NVRAM);
		migration_cleaned(res, "the definition of %s on %s", m->vm->name,
		     m->dst->cfg->name);
	}
	for (size_t i = 0; i < ncopies; i++) {
		const char *paths[2] = { copies[i].tmp_path,
					 copies[i].in_place ? NULL : copies[i].new_path };
		for (int k = 0; k < 2; k++)
			if (paths[k] && migration_vol_delete(m->dst->conn, paths[k]) == 0)
				migration_cleaned(res, "%s on %s", paths[k],
				     m->dst->cfg->name);
	}
	snprintf(res->where, sizeof res->where, "%s is still defined on %s, with its disks",
		 m->vm->name, m->src->cfg->name);
	res->outcome = migration_cancelled(m) ? MIGRATION_CANCELLED : MIGRATION_ROLLED_BACK;
cleanup:
	for (size_t i = 0; copies && i < ncopies; i++) {
		free(copies[i].new_path);
		free(copies[i].tmp_path);
	}
	free(copies);
	free(xml);
	if (ddom)
		virDomainFree(ddom);
	if (dom)
		virDomainFree(dom);
	return rc;
}

/* engine/volcopy_hosts.c — copy a file from the source host straight to the
 * target host: tar's sparse mode on the source, over the source's own ssh
 * to the target (the path peer-to-peer migration uses), into a private
 * directory next to the landing volume (.virt-migrate-NAME.XXXXXXXX, which
 * 'recover' sweeps with the volume), then renamed onto it.  Only the
 * allocated bytes cross the link.  The tool watches the directory grow for
 * progress and, on a cancel, stops the receiving tar. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "migration_int.h"

/* On the source: $1 dir, $2 file, $3 user, $4 host, $5 port or "", $6 the
 * target's command.  Prints ssh's and tar's complaints. */
static const char send_script[] =
	"if [ -n \"$5\" ]; then p=\"-p $5\"; else p=; fi\n"
	"{ tar --no-unquote -C \"$1\" -cSf - -- \"$2\" | ssh -o BatchMode=yes -o ConnectTimeout=10 \\\n"
	"\t-o ServerAliveInterval=5 -o ServerAliveCountMax=3 $p \\\n"
	"\t-l \"$3\" -- \"$4\" \"$6\"; } 2>&1\n";

struct sender {
	struct sshlink *link;
	const char *const *argv;
	char *out;
	int status;
	int rc;
	int done;		/* set last, atomically */
	struct vm_error err;
};

static void *send_main(void *arg)
{
	struct sender *s = arg;

	s->rc = sshlink_exec(s->link, s->argv, &s->out, &s->status, &s->err);
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int on_target(struct sshlink *link, const char *script, const char *a1, char **out)
{
	const char *argv[] = { "sh", "-c", script, "sh", a1, NULL };
	int status = -1;
	struct vm_error err;

	if (sshlink_exec(link, argv, out, &status, &err) < 0 || status != 0)
		return -1;
	return 0;
}

static int on_target2(struct sshlink *link, const char *script, const char *a1, const char *a2,
		      char **out)
{
	const char *argv[] = { "sh", "-c", script, "sh", a1, a2, NULL };
	int status = -1;
	struct vm_error err;

	if (sshlink_exec(link, argv, out, &status, &err) < 0 || status != 0)
		return -1;
	return 0;
}

static void report(struct mctx *m, unsigned long long got, unsigned long long total, double t0)
{
	struct migration_progress p;
	double now = migration_now();

	if (!m->fn)
		return;
	memset(&p, 0, sizeof p);
	p.phase = MIGRATION_PHASE_DISKS;
	p.elapsed_s = now - m->started;
	p.total = p.disk_total = total;
	p.processed = p.disk_processed = got < total ? got : total;
	p.remaining = p.disk_remaining = total - p.processed;
	p.rate_bps = now > t0 ? (double)got / (now - t0) : 0;
	p.eta_s = p.rate_bps > 0 ? (double)p.remaining / p.rate_bps : -1;
	m->fn(&p, m->user);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash != path ? strndup(path, (size_t)(slash - path)) : strdup("/");
}

int volcopy_hosts(struct mctx *m, const char *spath, unsigned long long allocated,
		  const char *dpath, unsigned long long *moved, struct vm_error *err)
{
	const struct config_host *t = m->dst->cfg;
	struct inventory_peer peer;
	char port[16] = "", *sdir = dir_of(spath), *ddir = dir_of(dpath), *tmp = NULL;
	char *remote = NULL, *qtmp = NULL, *base = NULL;
	struct sender s = { .link = m->src->link, .status = -1 };
	pthread_t thread;
	int rc = -1, started = 0;

	inventory_peer_ssh(m->cfg, m->dst, &peer);
	const char *host = peer.host, *user = peer.user ? peer.user : "root";
	if (peer.port)
		snprintf(port, sizeof port, "%d", peer.port);
	if (!sdir || !ddir)
		goto oom;
	base = strdup(spath + strlen(sdir) + (strcmp(sdir, "/") != 0));
	/* a private directory beside the landing volume, on the target */
	/* named after the landing volume, so that 'recover' finds it */
	if (!base || on_target2(m->dst->link, "mktemp -d \"$1/.virt-migrate-$2.XXXXXXXX\"", ddir,
				dpath + strlen(ddir) + (strcmp(ddir, "/") != 0), &tmp) < 0 || !tmp) {
		vm_error_set(err, "A temporary directory could not be made in %s on host '%s'.",
			     ddir, t->name);
		goto out;
	}
	tmp[strcspn(tmp, "\n")] = '\0';
	qtmp = shquote(tmp);
	if (!qtmp || asprintf(&remote, "cd %s && echo $$ >.pid && exec tar -xSf -", qtmp) < 0) {
		remote = NULL;
		goto oom;
	}
	const char *argv[] = { "sh", "-c", send_script, "sh", sdir, base, user, host, port,
			       remote, NULL };
	double t0 = migration_now();

	s.argv = argv;
	if (pthread_create(&thread, NULL, send_main, &s) != 0)
		goto oom;
	started = 1;
	/* progress: what has landed so far; a cancel stops the receiver */
	for (int stopped = 0;;) {
		struct timespec pause = { 0, 500 * 1000 * 1000 };
		char *du = NULL;

		nanosleep(&pause, NULL);
		if (__atomic_load_n(&s.done, __ATOMIC_ACQUIRE))
			break;
		if (m->cancel && m->cancel->requested && !stopped) {
			on_target(m->dst->link, "kill \"$(cat \"$1/.pid\")\"", tmp, NULL);
			stopped = 1;
		}
		if (on_target(m->dst->link, "du -s -B1 -- \"$1\"", tmp, &du) == 0 && du)
			report(m, strtoull(du, NULL, 10), allocated, t0);
		free(du);
	}
	pthread_join(thread, NULL);
	started = 0;
	if (m->cancel && m->cancel->requested) {
		vm_error_set(err, "The copy of %s was cancelled.", spath);
		goto out;
	}
	if (s.rc < 0 || s.status != 0) {
		char first[200];

		snprintf(first, sizeof first, "%s", s.out ? s.out : "");
		first[strcspn(first, "\n")] = '\0';
		vm_error_set(err, "The copy of %s from '%s' straight to '%s' failed%s%s%s.", spath,
			     m->src->cfg->name, t->name, s.rc < 0 ? ": " : "",
			     s.rc < 0 ? s.err.message : (*first ? ": " : ""), s.rc < 0 ? "" : first);
		goto out;
	}
	{
		char *moved_to = NULL, *qd = shquote(dpath), *qb = shquote(base);

		if (qd && qb && asprintf(&moved_to, "cd \"$1\" && mv -f -- %s %s", qb, qd) >= 0 &&
		    on_target(m->dst->link, moved_to, tmp, NULL) == 0)
			rc = 0;
		else
			vm_error_set(err, "The copy of %s could not be put in place as %s on '%s'.",
				     spath, dpath, t->name);
		free(moved_to);
		free(qd);
		free(qb);
	}
	if (rc == 0 && moved)
		*moved += allocated;
	goto out;
oom:
	vm_error_set(err, "Out of memory while copying %s.", spath);
out:
	if (started)
		pthread_join(thread, NULL);
	if (tmp)
		on_target(m->dst->link, "rm -rf -- \"$1\"", tmp, NULL);
	free(s.out);
	free(remote);
	free(qtmp);
	free(tmp);
	free(base);
	free(sdir);
	free(ddir);
	return rc;
}

/* engine/probe_tls.c — is a host set up for TLS migration?
 *
 * libvirt gives QEMU, for a migration with VIR_MIGRATE_TLS, the x509
 * directory named by migrate_tls_x509_cert_dir in /etc/libvirt/qemu.conf
 * (else default_tls_x509_cert_dir, else /etc/pki/qemu).  The source's
 * QEMU is the client of the memory stream and of the NBD disk streams, the
 * target's the server, and a host is either at some time: so each host
 * needs ca-cert.pem, server-cert.pem, server-key.pem, client-cert.pem and
 * client-key.pem there.  QEMU on the source checks the target's server
 * certificate against the address the data goes to (its migration
 * address).  One script on the host, through the tool's SSH link, tells
 * what is missing or unsound; with openssl there it also checks that the
 * certificates are valid now, chain to the CA, and that the server
 * certificate names the migration address.  Lines:
 *   tls-dir DIR        tls-missing FILE       tls-err WHY
 *   tls-ca FINGERPRINT tls-expired FILE       tls-untrusted FILE
 *   tls-name ADDRESS   (the server certificate does not name it)
 * Read once per inventory (a command), when a plan between hosts needs it;
 * the wizard's checks of several targets may ask at once, so the first
 * asker reads and the others wait for its answer. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"

static const char tls_script[] =
	"addr=$1 conf=/etc/libvirt/qemu.conf\n"
	"if [ ! -r \"$conf\" ]; then printf 'tls-err %s cannot be read\\n' \"$conf\"; exit 0; fi\n"
	"val() { sed -n \"s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\\\"\\([^\\\"]*\\)\\\".*/\\1/p\" "
	"\"$conf\" | tail -n 1; }\n"
	"dir=$(val migrate_tls_x509_cert_dir)\n"
	"[ -n \"$dir\" ] || dir=$(val default_tls_x509_cert_dir)\n"
	"[ -n \"$dir\" ] || dir=/etc/pki/qemu\n"
	"printf 'tls-dir %s\\n' \"$dir\"\n"
	"for f in ca-cert.pem server-cert.pem server-key.pem client-cert.pem client-key.pem; do\n"
	"\t[ -r \"$dir/$f\" ] || printf 'tls-missing %s\\n' \"$f\"\n"
	"done\n"
	"command -v openssl >/dev/null 2>&1 || exit 0\n"
	"ca=$dir/ca-cert.pem\n"
	"[ -r \"$ca\" ] && printf 'tls-ca %s\\n' \"$(openssl x509 -noout -fingerprint -sha256 "
	"-in \"$ca\" 2>/dev/null | sed 's/.*=//')\"\n"
	"for c in server client; do\n"
	"\tf=$dir/$c-cert.pem\n"
	"\t[ -r \"$f\" ] || continue\n"
	"\topenssl x509 -noout -checkend 0 -in \"$f\" >/dev/null 2>&1 || "
	"printf 'tls-expired %s\\n' \"$c-cert.pem\"\n"
	"\t[ ! -r \"$ca\" ] || openssl verify -CAfile \"$ca\" \"$f\" >/dev/null 2>&1 || "
	"printf 'tls-untrusted %s\\n' \"$c-cert.pem\"\n"
	"done\n"
	"if [ -r \"$dir/server-cert.pem\" ] && [ -n \"$addr\" ]; then\n"
	"\tcase $addr in *:*) o=-checkip ;; *[!0-9.]*) o=-checkhost ;; *) o=-checkip ;; esac\n"
	"\tout=$(openssl x509 -noout \"$o\" \"$addr\" -in \"$dir/server-cert.pem\" 2>&1)\n"
	"\tcase $out in *'does match'*) ;; *) printf 'tls-name %s\\n' \"$addr\" ;; esac\n"
	"fi\n";

static pthread_mutex_t tls_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tls_cond = PTHREAD_COND_INITIALIZER;

/* Append ", WORD" (or WORD) to a list kept in BUF. */
static void list_add(char *buf, size_t size, const char *word)
{
	size_t n = strlen(buf);
	snprintf(buf + n, size - n, "%s%s", n ? ", " : "", word);
}

/* Read the script's output OUT into T (T->dir ... why). */
void probe_tls_parse(char *out, const char *addr, struct host_tls *t)
{
	char missing[160] = "", expired[80] = "", untrusted[80] = "", err[160] = "";
	int name_bad = 0;
	char *save = NULL;

	memset(t, 0, sizeof(*t));
	t->read = 1;
	for (char *line = strtok_r(out, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (strncmp(line, "tls-dir ", 8) == 0)
			probe_fill(t->dir, sizeof(t->dir), "%s", line + 8);
		else if (strncmp(line, "tls-missing ", 12) == 0)
			list_add(missing, sizeof(missing), line + 12);
		else if (strncmp(line, "tls-ca ", 7) == 0)
			probe_fill(t->ca, sizeof(t->ca), "%s", line + 7);
		else if (strncmp(line, "tls-expired ", 12) == 0)
			list_add(expired, sizeof(expired), line + 12);
		else if (strncmp(line, "tls-untrusted ", 14) == 0)
			list_add(untrusted, sizeof(untrusted), line + 14);
		else if (strncmp(line, "tls-name ", 9) == 0)
			name_bad = 1;
		else if (strncmp(line, "tls-err ", 8) == 0)
			probe_fill(err, sizeof(err), "%s", line + 8);
	}
	if (err[0])
		probe_fill(t->why, sizeof(t->why), "%s", err);
	else if (!t->dir[0])
		probe_fill(t->why, sizeof(t->why), "its certificate directory could not be told");
	else if (missing[0])
		probe_fill(t->why, sizeof(t->why), "%s lacks %s", t->dir, missing);
	else if (expired[0])
		probe_fill(t->why, sizeof(t->why), "%s in %s is expired or not yet valid", expired,
			   t->dir);
	else if (untrusted[0])
		probe_fill(t->why, sizeof(t->why), "%s in %s is not signed by its ca-cert.pem",
			   untrusted, t->dir);
	else if (name_bad)
		probe_fill(t->why, sizeof(t->why), "server-cert.pem in %s does not name its "
			   "migration address %s", t->dir, addr ? addr : "?");
	else
		t->ready = 1;
}

/* The address the migration data goes to on host H (as migration_data_uri). */
static const char *data_address(const struct inv_host *h)
{
	return inventory_peer_data_address(h);
}

static void read_host(const struct inv_host *h, struct host_tls *t)
{
	const char *addr = data_address(h);
	const char *argv[] = { "sh", "-c", tls_script, "sh", addr ? addr : "", NULL };
	struct vm_error err;
	char *out = NULL;
	int status = -1;

	memset(t, 0, sizeof(*t));
	if (!h->reachable || !h->link) {
		probe_fill(t->why, sizeof(t->why), h->reachable
			   ? "the tool reaches it without SSH and cannot read its TLS set-up"
			   : "it is not reachable");
		return;
	}
	if (sshlink_exec(h->link, argv, &out, &status, &err) < 0 || status != 0) {
		probe_fill(t->why, sizeof(t->why), "its TLS set-up could not be read: %s",
			   status > 0 ? "the check script failed" : err.message);
		free(out);
		return;
	}
	probe_tls_parse(out, addr, t);
	free(out);
	engine_log("probe: TLS on '%s': %s%s%s", h->cfg->name, t->ready ? "ready in " : "not ready: ",
		   t->ready ? t->dir : t->why, "");
}

void probe_tls(struct inv_host *h)
{
	struct host_tls t;

	pthread_mutex_lock(&tls_mutex);
	while (h->tls_state == 1)
		pthread_cond_wait(&tls_cond, &tls_mutex);
	if (h->tls_state == 2) {
		pthread_mutex_unlock(&tls_mutex);
		return;
	}
	h->tls_state = 1;
	pthread_mutex_unlock(&tls_mutex);

	read_host(h, &t);

	pthread_mutex_lock(&tls_mutex);
	h->tls = t;
	h->tls_state = 2;
	pthread_cond_broadcast(&tls_cond);
	pthread_mutex_unlock(&tls_mutex);
}

static void *tls_thread(void *arg)
{
	probe_tls(arg);
	return NULL;
}

void probe_tls_pair(struct inv_host *src, struct inv_host *dst, struct host_tls *tsrc,
		    struct host_tls *tdst)
{
	pthread_t thread;
	int threaded = pthread_create(&thread, NULL, tls_thread, dst) == 0;

	probe_tls(src);
	if (threaded)
		pthread_join(thread, NULL);
	else
		probe_tls(dst);
	pthread_mutex_lock(&tls_mutex);
	*tsrc = src->tls;
	*tdst = dst->tls;
	pthread_mutex_unlock(&tls_mutex);
}

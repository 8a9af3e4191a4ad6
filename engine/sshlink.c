/* engine/sshlink.c — the tool's own SSH sessions to the hosts (libssh).
 *
 * Opening a link is four steps, each with its own failure code: connect
 * (SSHLINK_UNREACHABLE), host key (SSHLINK_HOSTKEY_UNKNOWN / _CHANGED),
 * authentication (SSHLINK_AUTH).  A changed key is refused whatever the
 * policy; an unknown one only under HOSTKEY_ACCEPT_NEW, or when the operator
 * accepted that very key in this run, is recorded and used.
 *
 * Threads: a libssh session must never be used by two threads at once.  A
 * link carries a mutex and sshlink_exec() holds it for the whole command, so
 * callers may share a link between threads; commands then run one at a time.
 * sshlink_close() must not race with a running sshlink_exec().
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "engine.h"
#include "sshlink_int.h"

#define EXEC_OUT_MAX (64u << 20)	/* stdout kept: 64 MiB */
#define EXEC_ERR_MAX (64u << 10)	/* stderr kept for the log: 64 KiB */
#define EXEC_POLL_MS 200


struct growbuf {
	char *s;
	size_t len, cap, max;
	int cut;		/* more arrived than max */
};

/* Never ask for a key passphrase on the terminal: curses may own it. */
static int no_passphrase(const char *prompt, char *buf, size_t len, int echo,
			 int verify, void *userdata)
{
	(void)prompt; (void)buf; (void)len; (void)echo; (void)verify; (void)userdata;
	return -1;
}

static void on_libssh_log(int priority, const char *function, const char *msg,
			  void *userdata)
{
	(void)userdata;
	(void)function;	/* libssh puts it at the start of MSG already */
	engine_log("libssh[%d]: %s", priority, msg ? msg : "");
}

/* "~/x" against $HOME; anything else copied. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");
	char *out = NULL;

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') && home && *home) {
		if (asprintf(&out, "%s%s", home, path + 1) < 0)
			return NULL;
		return out;
	}
	return strdup(path);
}

/* The string option OPT of the session (malloc'd by libssh), or NULL. */


/* Where the SSH user and key of host H came from, for hints: an operator
 * fixes the place the value was read from, not a key it never set. */
static const char *user_origin(const struct config *cfg, const struct config_host *h)
{
	if (h->from_uri & CONFIG_FROM_URI_USER)
		return "from the uri of its [host] section";
	if (h->ssh_user)
		return "ssh_user of its [host] section";
	if (cfg->defaults.ssh_user)
		return "ssh_user in [defaults]";
	return "from ~/.ssh/config, else your login name";
}

static const char *identity_origin(const struct config_host *h)
{
	if (h->from_uri & CONFIG_FROM_URI_IDENTITY)
		return "keyfile in the uri of its [host] section";
	if (h->ssh_identity)
		return "ssh_identity of its [host] section";
	return "ssh_identity in [defaults]";
}

static int authenticate(struct sshlink *l, const struct config *cfg,
			const struct config_host *h, const char *where, const char *identity,
			enum sshlink_failure *why, struct vm_error *err)
{
	ssh_session s = l->session;
	char *user = sshlink_session_option(s, SSH_OPTIONS_USER);
	int rc = -1, auth;

	*why = SSHLINK_AUTH;
	if (identity && access(identity, R_OK) != 0) {
		vm_error_set(err, "The SSH identity '%s' for host '%s' cannot be read: %s.",
			     identity, l->name, strerror(errno));
		vm_error_hint(err, "Fix the key's path (%s).", identity_origin(h));
		goto cleanup;
	}
	auth = ssh_userauth_none(s, NULL);
	if (auth == SSH_AUTH_SUCCESS) {
		rc = 0;
		goto cleanup;
	}
	if (auth == SSH_AUTH_ERROR) {
		*why = SSHLINK_UNREACHABLE;
		vm_error_set(err, "Host '%s' (%s) dropped the connection during "
			     "authentication: %s.", l->name, where, ssh_get_error(s));
		goto cleanup;
	}
	auth = ssh_userauth_publickey_auto(s, NULL, NULL);
	if (auth == SSH_AUTH_SUCCESS) {
		rc = 0;
		goto cleanup;
	}
	vm_error_set(err, "Host '%s' (%s) refused the SSH keys offered for %s@%s%s%s.",
		     l->name, where, user ? user : "?", l->name,
		     auth == SSH_AUTH_PARTIAL ? " (it wants a further method)" :
		     auth == SSH_AUTH_ERROR ? ": " : "",
		     auth == SSH_AUTH_ERROR ? ssh_get_error(s) : "");
	/* A wrong user and a wrong key look the same from here: name both. */
	if (identity)
		vm_error_hint(err, "Check the user %s (%s) and the key %s (%s); add %s.pub to "
			      "~%s/.ssh/authorized_keys on %s.", user ? user : "?",
			      user_origin(cfg, h), identity, identity_origin(h), identity,
			      user ? user : "", l->name);
	else
		vm_error_hint(err, "Check the user %s (%s); add your public key to "
			      "~%s/.ssh/authorized_keys on %s, or name the key with ssh_identity.",
			      user ? user : "?", user_origin(cfg, h), user ? user : "", l->name);
cleanup:
	if (rc == 0)
		*why = SSHLINK_OK;
	ssh_string_free_char(user);
	return rc;
}

/* A link with its libssh session, not connected yet; NULL when out of memory. */
static struct sshlink *link_new(const char *name)
{
	struct sshlink *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	pthread_mutex_init(&l->lock, NULL);
	l->name = strdup(name);
	/* libssh's logging is per thread: route this thread's into the log
	 * (never onto the terminal) before the session copies the level. */
	ssh_set_log_callback(on_libssh_log);
	ssh_set_log_level(SSH_LOG_WARN);
	l->session = ssh_new();
	if (!l->name || !l->session) {
		sshlink_close(l);
		return NULL;
	}
	l->cb.userdata = l;
	l->cb.auth_function = no_passphrase;
	ssh_callbacks_init(&l->cb);
	ssh_set_callbacks(l->session, &l->cb);
	return l;
}

/* Address, then ~/.ssh/config, then what the configuration names (which
 * thus wins), then known_hosts and timeout. */
static int apply_options(struct sshlink *l, const struct config *cfg,
			 const struct config_host *h, const char *address,
			 const char *user, const char *identity, struct vm_error *err)
{
	ssh_session s = l->session;
	char *known_hosts = NULL;
	long timeout;
	int rc = -1, port;

	if (ssh_options_set(s, SSH_OPTIONS_HOST, address) < 0) {
		vm_error_set(err, "Host '%s': the address '%s' is not valid for SSH: %s.",
			     l->name, address, ssh_get_error(s));
		goto cleanup;
	}
	if (ssh_options_parse_config(s, NULL) < 0) {
		vm_error_set(err, "Host '%s': the SSH client configuration (~/.ssh/config) "
			     "cannot be read: %s.", l->name, ssh_get_error(s));
		goto cleanup;
	}
	const char *kh = config_host_known_hosts(cfg, h);

	if (kh && !(known_hosts = expand_home(kh))) {
		vm_error_set(err, "Out of memory while connecting to host '%s'.", l->name);
		goto cleanup;
	}
	/* config_host_port() falls back to 22, which would hide a Port line in
	 * ~/.ssh/config: set the port only when the configuration names one. */
	port = h->ssh_port > 0 || cfg->defaults.ssh_port > 0 ? config_host_port(cfg, h) : 0;
	timeout = cfg->defaults.connect_timeout > 0 ? cfg->defaults.connect_timeout : 10;
	if ((user && ssh_options_set(s, SSH_OPTIONS_USER, user) < 0)
	    || (port > 0 && ssh_options_set(s, SSH_OPTIONS_PORT, &port) < 0)
	    || (identity && ssh_options_set(s, SSH_OPTIONS_ADD_IDENTITY, identity) < 0)
	    || (known_hosts && ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, known_hosts) < 0)
	    || ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout) < 0) {
		vm_error_set(err, "Host '%s': an SSH option was refused: %s.", l->name,
			     ssh_get_error(s));
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(known_hosts);
	return rc;
}

int sshlink_open(const struct config *cfg, const struct config_host *h,
		 enum hostkey_policy policy, struct sshlink **out,
		 enum sshlink_failure *why, struct vm_error *err)
{
	struct sshlink_keys keys = { .policy = policy };

	return sshlink_open_keys(cfg, h, &keys, out, why, err);
}

int sshlink_open_keys(const struct config *cfg, const struct config_host *h,
		      struct sshlink_keys *keys, struct sshlink **out,
		      enum sshlink_failure *why, struct vm_error *err)
{
	struct sshlink *l = NULL;
	enum sshlink_failure dummy;
	const char *address, *user, *identity;
	char where[300];
	unsigned port = 22;
	int rc = -1;

	if (!why)
		why = &dummy;
	*why = SSHLINK_OTHER;
	vm_error_clear(err);
	keys->seen[0] = '\0';
	if (out)
		*out = NULL;
	if (!cfg || !h || !out || !(h->address || h->name)) {
		vm_error_set(err, "sshlink_open() was called without a host.");
		return -1;
	}
	address = h->address ? h->address : h->name;
	user = config_host_user(cfg, h);
	identity = config_host_identity(cfg, h);

	l = link_new(h->name ? h->name : address);
	if (!l) {
		vm_error_set(err, "Out of memory while connecting to host '%s'.",
			     h->name ? h->name : address);
		goto cleanup;
	}
	if (apply_options(l, cfg, h, address, user, identity, err) < 0)
		goto cleanup;
	ssh_options_get_port(l->session, &port);
	snprintf(where, sizeof(where), "%s port %u", address, port);

	if (ssh_connect(l->session) != SSH_OK) {
		*why = SSHLINK_UNREACHABLE;
		vm_error_set(err, "Host '%s' (%s) is unreachable: %s.", l->name, where,
			     ssh_get_error(l->session));
		vm_error_hint(err, "Check the address and port in the configuration, that "
			      "sshd runs on %s and that a route leads to it.", l->name);
		goto cleanup;
	}
	if (sshlink_hostkey_check(l, where, keys, why, err) < 0)
		goto cleanup;
	if (authenticate(l, cfg, h, where, identity, why, err) < 0)
		goto cleanup;
	engine_log("sshlink: connected to host '%s' (%s), host key %s.",
		   l->name, where, l->fingerprint);
	*why = SSHLINK_OK;
	*out = l;
	l = NULL;
	rc = 0;
cleanup:
	if (rc < 0)
		engine_log("sshlink: %s", err ? err->message : "connection failed");
	sshlink_close(l);
	return rc;
}

void sshlink_resolved(const struct sshlink *l, char **host, char **user, unsigned *port)
{
	char *v;

	*host = *user = NULL;
	*port = 0;
	if (!l)
		return;
	if ((v = sshlink_session_option(l->session, SSH_OPTIONS_HOST))) {
		*host = strdup(v);
		ssh_string_free_char(v);
	}
	if ((v = sshlink_session_option(l->session, SSH_OPTIONS_USER))) {
		*user = strdup(v);
		ssh_string_free_char(v);
	}
	if (ssh_options_get_port(l->session, port) != SSH_OK)
		*port = 0;
}

const char *sshlink_fingerprint(const struct sshlink *l)
{
	return l ? l->fingerprint : NULL;
}

static int gb_add(struct growbuf *b, const char *s, size_t n)
{
	if (b->len + n > b->max) {
		b->cut = 1;
		n = b->max - b->len;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *grown;
		while (cap < b->len + n + 1)
			cap *= 2;
		grown = realloc(b->s, cap);
		if (!grown)
			return -1;
		b->s = grown;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

/* Copy the first line of B (at most SIZE-1 bytes) into LINE. */
static void first_line(const struct growbuf *b, char *line, size_t size)
{
	size_t n = 0;

	if (b->s)
		while (n < b->len && n + 1 < size && b->s[n] != '\n' && b->s[n] != '\r')
			n++;
	if (n)
		memcpy(line, b->s, n);
	line[n] = '\0';
}

/* A command's stderr into the log, one log line per line, at most
 * STDERR_LOG_LINES of them. */
#define STDERR_LOG_LINES 20
static void log_stderr(const struct sshlink *l, const char *cmd, const struct growbuf *e)
{
	const char *p = e->s, *end = e->s ? e->s + e->len : NULL;
	int lines = 0;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (lines == STDERR_LOG_LINES) {
			engine_log("sshlink: host '%s': %s: ... (more on stderr)", l->name, cmd);
			return;
		}
		engine_log("sshlink: host '%s': %s: %.*s", l->name, cmd, (int)n, p);
		lines++;
		p += n + 1;
	}
	if (e->cut)
		engine_log("sshlink: host '%s': %s: ... (stderr cut at %u KiB)", l->name, cmd,
			   EXEC_ERR_MAX >> 10);
}

int sshlink_exec(struct sshlink *l, const char *const argv[], char **out,
		 int *exit_status, struct vm_error *err)
{
	struct growbuf o = { .max = EXEC_OUT_MAX }, e = { .max = EXEC_ERR_MAX };
	ssh_channel ch = NULL;
	char *cmd = NULL;
	char buf[16384], errline[200];
	int rc = -1, status = -1, locked = 0;

	vm_error_clear(err);
	if (out)
		*out = NULL;
	if (exit_status)
		*exit_status = -1;
	if (!l || !argv || !argv[0]) {
		vm_error_set(err, "sshlink_exec() was called without a link or a command.");
		return -1;
	}
	cmd = shquote_argv(argv);
	if (!cmd) {
		vm_error_set(err, "Out of memory while quoting a command for host '%s'.", l->name);
		return -1;
	}
	pthread_mutex_lock(&l->lock);
	locked = 1;
	ch = ssh_channel_new(l->session);
	if (!ch || ssh_channel_open_session(ch) != SSH_OK) {
		vm_error_set(err, "Host '%s': cannot open an SSH channel to run '%s': %s.",
			     l->name, argv[0], ssh_get_error(l->session));
		goto cleanup;
	}
	if (ssh_channel_request_exec(ch, cmd) != SSH_OK) {
		vm_error_set(err, "Host '%s': cannot run '%s': %s.", l->name, argv[0],
			     ssh_get_error(l->session));
		goto cleanup;
	}
	engine_log("sshlink: host '%s': run %s", l->name, cmd);
	/* the command reads no input */
	ssh_channel_send_eof(ch);

	/* Read both streams as data arrives: reading only stdout while the
	 * command fills stderr would stall on the channel window. */
	for (;;) {
		int got = 0;
		for (int is_err = 0; is_err <= 1; is_err++) {
			int n = ssh_channel_read_nonblocking(ch, buf, sizeof(buf), is_err);
			if (n == SSH_EOF || n == 0)
				continue;
			if (n < 0) {
				vm_error_set(err, "Host '%s': the connection failed while '%s' "
					     "ran: %s.", l->name, argv[0],
					     ssh_get_error(l->session));
				goto cleanup;
			}
			got = 1;
			if (gb_add(is_err ? &e : &o, buf, (size_t)n) < 0) {
				vm_error_set(err, "Out of memory reading the output of '%s' "
					     "on host '%s'.", argv[0], l->name);
				goto cleanup;
			}
		}
		if (got)
			continue;
		if (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch))
			break;
		int polled = ssh_channel_poll_timeout(ch, EXEC_POLL_MS, 0);
		if (polled == SSH_ERROR) {
			vm_error_set(err, "Host '%s': the connection failed while '%s' ran: %s.",
				     l->name, argv[0], ssh_get_error(l->session));
			goto cleanup;
		}
		/* EOF with nothing buffered on either stream: done (checked
		 * once more above, so stderr that came last is still read) */
		if (polled == SSH_EOF && ssh_channel_poll(ch, 1) <= 0)
			break;
	}
	if (o.cut) {
		vm_error_set(err, "Host '%s': '%s' printed more than %u MiB; its output "
			     "was refused.", l->name, argv[0], EXEC_OUT_MAX >> 20);
		goto cleanup;
	}
	status = ssh_channel_get_exit_status(ch);
	log_stderr(l, argv[0], &e);
	first_line(&e, errline, sizeof(errline));
	if (status != 0) {
		if (status < 0)
			vm_error_set(err, "Host '%s': '%s' ended without an exit status "
				     "(killed by a signal?)%s%s.", l->name, argv[0],
				     errline[0] ? ": " : "", errline);
		else
			vm_error_set(err, "Host '%s': '%s' failed with exit status %d%s%s.",
				     l->name, argv[0], status, errline[0] ? ": " : "", errline);
		engine_log("sshlink: %s", err ? err->message : "command failed");
		/* With nowhere to put the status, a failed command is an error. */
		if (!exit_status)
			goto cleanup;
	}
	if (exit_status)
		*exit_status = status;
	if (out) {
		if (!o.s && gb_add(&o, "", 0) < 0) {
			vm_error_set(err, "Out of memory reading the output of '%s' on host '%s'.",
				     argv[0], l->name);
			goto cleanup;
		}
		*out = o.s;
		o.s = NULL;
	}
	rc = 0;
cleanup:
	if (ch) {
		ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	if (locked)
		pthread_mutex_unlock(&l->lock);
	free(o.s);
	free(e.s);
	free(cmd);
	return rc;
}

/* ---- a command held open ------------------------------------------------ */

struct sshlink_hold {
	struct sshlink *link;
	ssh_channel ch;
};

int sshlink_hold(struct sshlink *l, const char *const argv[], char *line, size_t size,
		 struct sshlink_hold **out, struct vm_error *err)
{
	struct sshlink_hold *h = NULL;
	ssh_channel ch = NULL;
	char *cmd = NULL;
	size_t n = 0;
	int rc = -1;

	vm_error_clear(err);
	*out = NULL;
	if (size)
		line[0] = '\0';
	if (!l || !argv || !argv[0] || size < 2) {
		vm_error_set(err, "sshlink_hold() was called without a link, a command or a buffer.");
		return -1;
	}
	if (!(cmd = shquote_argv(argv)) || !(h = calloc(1, sizeof(*h)))) {
		vm_error_set(err, "Out of memory while starting '%s' on host '%s'.", argv[0], l->name);
		goto out;
	}
	pthread_mutex_lock(&l->lock);
	ch = ssh_channel_new(l->session);
	if (!ch || ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_exec(ch, cmd) != SSH_OK) {
		vm_error_set(err, "Host '%s': cannot run '%s': %s.", l->name, argv[0],
			     ssh_get_error(l->session));
		goto unlock;
	}
	engine_log("sshlink: host '%s': hold %s", l->name, cmd);
	/* stdin stays open: the command holds until it sees its end */
	while (n + 1 < size) {
		char c;
		int got = ssh_channel_read_timeout(ch, &c, 1, 0, 30000);
		if (got <= 0)
			break;
		if (c == '\n')
			break;
		line[n++] = c;
	}
	line[n] = '\0';
	if (n == 0) {
		vm_error_set(err, "Host '%s': '%s' printed nothing%s.", l->name, argv[0],
			     ssh_channel_is_eof(ch) ? " and ended" : " within 30 s");
		goto unlock;
	}
	h->link = l;
	h->ch = ch;
	ch = NULL;
	*out = h;
	h = NULL;
	rc = 0;
unlock:
	if (ch) {
		ssh_channel_close(ch);
		ssh_channel_free(ch);
	}
	pthread_mutex_unlock(&l->lock);
out:
	free(h);
	free(cmd);
	return rc;
}

void sshlink_hold_end(struct sshlink_hold *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->link->lock);
	ssh_channel_send_eof(h->ch);
	/* let the command see its end and exit before the channel goes */
	for (int i = 0; i < 50 && !ssh_channel_is_eof(h->ch) && !ssh_channel_is_closed(h->ch); i++) {
		char buf[256];
		if (ssh_channel_read_timeout(h->ch, buf, sizeof(buf), 0, 100) < 0)
			break;
	}
	ssh_channel_close(h->ch);
	ssh_channel_free(h->ch);
	pthread_mutex_unlock(&h->link->lock);
	free(h);
}

void sshlink_close(struct sshlink *l)
{
	if (!l)
		return;
	if (l->session) {
		if (ssh_is_connected(l->session))
			ssh_disconnect(l->session);
		ssh_free(l->session);
	}
	pthread_mutex_destroy(&l->lock);
	free(l->name);
	free(l);
}

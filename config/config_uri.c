/* config/config_uri.c — libvirt URIs that make libvirt skip or loosen its
 * check of which host answers (config_uri_unsafe()). */
#include "config_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Parameters of libvirt's remote URIs that make it skip or loosen its check
 * of the host it talks to, or run another program in place of ssh. */
static const struct {
	const char *name;	/* compared in any case, as libvirt does */
	const char *safe;	/* the one value that changes nothing, or NULL */
	const char *why;
} unsafe_params[] = {
	{ "no_verify", "0", "which makes libvirt accept any TLS certificate from the host" },
	{ "known_hosts_verify", "normal", "which makes libvirt accept a host key that is not "
	  "in known_hosts ('auto' records it, 'ignore' skips the check)" },
	/* libssh and libssh2 read it, and so does the tool's own session (the
	 * host's uri gives it its known_hosts); OpenSSH's transport ignores it
	 * and checks ~/.ssh/known_hosts: the two legs would differ */
	{ "known_hosts", NULL, "which libvirt's ssh transport ignores (it checks "
	  "~/.ssh/known_hosts) while virt-migrate's own SSH session reads it; use "
	  "qemu+libssh:// for it, or [defaults] known_hosts" },
	{ "command", NULL, "which makes libvirt run another program in place of ssh" },
};

/* Transports that check nothing about the host. */
static const struct {
	const char *name;
	const char *why;
} unsafe_transports[] = {
	{ "ext", "which runs an external program to reach the host: nothing checks which "
	  "host answers" },
	{ "tcp", "which is neither encrypted nor authenticated: nothing checks which host "
	  "answers" },
};

/* The value of the hex digit C (either case), or -1. */
static int hex_value(char c)
{
	static const char digits[] = "0123456789abcdef0123456789ABCDEF";
	const char *d = c ? strchr(digits, c) : NULL;

	return d ? (int)(d - digits) % 16 : -1;
}

/* The N bytes at S with %XX sequences decoded, as libvirt reads parameter
 * names and values (malloc'd), or NULL. */
static char *uri_unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t len = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 &&
		    hex_value(s[i + 2]) >= 0) {
			out[len++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			i += 2;
		} else {
			out[len++] = s[i];
		}
	}
	out[len] = '\0';
	return out;
}

/* 1 when the scheme's transport (after '+', before SEP) is NAME. */
static int transport_is(const char *uri, const char *sep, const char *name)
{
	const char *plus = memchr(uri, '+', (size_t)(sep - uri));

	return plus && (size_t)(sep - plus - 1) == strlen(name) &&
	       strncasecmp(plus + 1, name, strlen(name)) == 0;
}

/* The transport of URI's scheme ("ssh" in "qemu+ssh"), checked. */
static int uri_transport_unsafe(const char *uri, char *what, size_t len)
{
	const char *sep = strstr(uri, "://");

	for (size_t i = 0; sep && i < sizeof(unsafe_transports) / sizeof(unsafe_transports[0]); i++) {
		if (transport_is(uri, sep, unsafe_transports[i].name)) {
			config_set_err(what, len, "uses the transport '%s', %s",
				       unsafe_transports[i].name, unsafe_transports[i].why);
			return 1;
		}
	}
	return 0;
}

/* One "name=value" parameter of N bytes at S, checked. */
static int uri_param_unsafe(const char *s, size_t n, int libssh, char *what, size_t len)
{
	const char *eq = memchr(s, '=', n);
	char *name = uri_unescape(s, eq ? (size_t)(eq - s) : n);
	char *value = eq ? uri_unescape(eq + 1, n - (size_t)(eq - s) - 1) : strdup("");
	int unsafe = 0;

	if (!name || !value) {
		config_set_err(what, len, "cannot be checked (out of memory)");
		unsafe = 1;
	}
	for (size_t i = 0; !unsafe && i < sizeof(unsafe_params) / sizeof(unsafe_params[0]); i++) {
		if (strcasecmp(name, unsafe_params[i].name) != 0 ||
		    (libssh && strcasecmp(name, "known_hosts") == 0))
			continue;
		if (unsafe_params[i].safe && strcmp(value, unsafe_params[i].safe) == 0)
			continue;
		config_set_err(what, len, "sets %s=%.60s, %s", unsafe_params[i].name,
			       value, unsafe_params[i].why);
		unsafe = 1;
	}
	free(name);
	free(value);
	return unsafe;
}

int config_uri_unsafe(const char *uri, char *what, size_t len)
{
	const char *sep, *q;

	if (what && len)
		what[0] = '\0';
	if (!uri || !(sep = strstr(uri, "://")))
		return 0;
	if (uri_transport_unsafe(uri, what, len))
		return 1;
	int libssh = transport_is(uri, sep, "libssh") || transport_is(uri, sep, "libssh2");

	q = strchr(sep + 3, '?');
	if (!q)
		return 0;
	/* libvirt splits the query at '&' and at ';' */
	for (q++; *q && *q != '#';) {
		size_t n = strcspn(q, "&;#");

		if (n && uri_param_unsafe(q, n, libssh, what, len))
			return 1;
		q += n;
		if (*q == '&' || *q == ';')
			q++;
	}
	return 0;
}

/* 1 when the scheme's transport goes over SSH. */
static int ssh_transport(const char *uri, const char *sep)
{
	return transport_is(uri, sep, "ssh") || transport_is(uri, sep, "libssh") ||
	       transport_is(uri, sep, "libssh2");
}

/* The value of query parameter NAME in Q (up to '#' or the end), decoded. */
static char *query_value(const char *q, const char *name, int *oom)
{
	size_t len = strlen(name);

	while (q && *q && *q != '#') {
		size_t n = strcspn(q, "&;#");

		if (n > len && strncasecmp(q, name, len) == 0 && q[len] == '=') {
			char *v = uri_unescape(q + len + 1, n - len - 1);

			*oom |= !v;
			return v;
		}
		q += n;
		if (*q == '&' || *q == ';')
			q++;
	}
	return NULL;
}

int config_uri_ssh(const char *uri, struct config_uri_ssh *out)
{
	const char *sep = uri ? strstr(uri, "://") : NULL;
	int oom = 0;

	memset(out, 0, sizeof(*out));
	if (!sep || !ssh_transport(uri, sep))
		return 0;
	const char *a = sep + 3, *end = a + strcspn(a, "/?#");
	const char *at = memchr(a, '@', (size_t)(end - a));

	if (at) {
		out->user = uri_unescape(a, (size_t)(at - a));
		oom |= !out->user;
		a = at + 1;
	}
	const char *hend = end, *colon = NULL;

	if (*a == '[') {		/* [IPv6]:port */
		const char *close = memchr(a, ']', (size_t)(end - a));

		if (close) {
			out->host = uri_unescape(a + 1, (size_t)(close - a - 1));
			colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
		}
	} else {
		colon = memchr(a, ':', (size_t)(end - a));
		hend = colon ? colon : end;
		if (hend > a)
			out->host = uri_unescape(a, (size_t)(hend - a));
	}
	if (colon) {
		long port = 0;

		for (const char *c = colon + 1; c < end && port <= 65535; c++)
			port = *c >= '0' && *c <= '9' ? port * 10 + (*c - '0') : 70000;
		out->port = port >= 1 && port <= 65535 ? (int)port : -1;
	}
	const char *q = end + strcspn(end, "?#");

	if (*q == '?') {
		out->keyfile = query_value(q + 1, "keyfile", &oom);
		/* OpenSSH's transport ignores known_hosts: the tool must not read it */
		if (!transport_is(uri, sep, "ssh"))
			out->known_hosts = query_value(q + 1, "known_hosts", &oom);
	}
	if (oom) {
		config_uri_ssh_free(out);
		return -1;
	}
	return 1;
}

void config_uri_ssh_free(struct config_uri_ssh *u)
{
	free(u->user);
	free(u->host);
	free(u->keyfile);
	free(u->known_hosts);
	memset(u, 0, sizeof(*u));
}

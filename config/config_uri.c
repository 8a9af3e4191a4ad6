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
	{ "known_hosts", NULL, "which makes libvirt check the host key against another "
	  "known_hosts file than the one virt-migrate checks ([defaults] known_hosts)" },
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

/* The transport of URI's scheme ("ssh" in "qemu+ssh"), checked. */
static int uri_transport_unsafe(const char *uri, char *what, size_t len)
{
	const char *sep = strstr(uri, "://");
	const char *plus = sep ? memchr(uri, '+', (size_t)(sep - uri)) : NULL;

	if (!plus)
		return 0;
	for (size_t i = 0; i < sizeof(unsafe_transports) / sizeof(unsafe_transports[0]); i++) {
		const char *t = unsafe_transports[i].name;

		if ((size_t)(sep - plus - 1) == strlen(t) &&
		    strncasecmp(plus + 1, t, strlen(t)) == 0) {
			config_set_err(what, len, "uses the transport '%s', %s", t,
				       unsafe_transports[i].why);
			return 1;
		}
	}
	return 0;
}

/* One "name=value" parameter of N bytes at S, checked. */
static int uri_param_unsafe(const char *s, size_t n, char *what, size_t len)
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
		if (strcasecmp(name, unsafe_params[i].name) != 0)
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
	q = strchr(sep + 3, '?');
	if (!q)
		return 0;
	/* libvirt splits the query at '&' and at ';' */
	for (q++; *q && *q != '#';) {
		size_t n = strcspn(q, "&;#");

		if (n && uri_param_unsafe(q, n, what, len))
			return 1;
		q += n;
		if (*q == '&' || *q == ';')
			q++;
	}
	return 0;
}

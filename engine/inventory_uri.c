/* engine/inventory_uri.c — which libvirt URI a host is reached at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"

/* Append S to *out percent-encoded: RFC 3986 unreserved characters and
 * those in KEEP stay as they are. */
static int append_escaped(char **out, size_t *len, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t need = strlen(s) * 3 + 1;
	char *grown = realloc(*out, *len + need);

	if (!grown)
		return -1;
	*out = grown;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) ||
		    (keep && strchr(keep, *p))) {
			grown[(*len)++] = (char)*p;
		} else {
			grown[(*len)++] = '%';
			grown[(*len)++] = hex[*p >> 4];
			grown[(*len)++] = hex[*p & 15];
		}
	}
	grown[*len] = '\0';
	return 0;
}

static int append_raw(char **out, size_t *len, const char *s)
{
	size_t n = strlen(s);
	char *grown = realloc(*out, *len + n + 1);

	if (!grown)
		return -1;
	*out = grown;
	memcpy(grown + *len, s, n + 1);
	*len += n;
	return 0;
}

char *inventory_uri_build(const struct config *cfg, const struct config_host *h)
{
	const char *address, *user, *identity;
	char *out = NULL;
	size_t len = 0;
	char port[16];

	if (!h)
		return NULL;
	if (h->uri)
		return strdup(h->uri);
	address = h->address ? h->address : h->name;
	user = config_host_user(cfg, h);
	identity = config_host_identity(cfg, h);
	/* OpenSSH's transport: libvirt's libssh transport stalls for seconds,
	 * or for good, on replies as large as the capabilities XML (libvirt
	 * 9.0).  ssh reads ~/.ssh/known_hosts and ~/.ssh/config; the tool's
	 * own libssh check of the host key has run before this connection. */
	if (append_raw(&out, &len, "qemu+ssh://") < 0)
		goto fail;
	if (user && (append_escaped(&out, &len, user, NULL) < 0
		     || append_raw(&out, &len, "@") < 0))
		goto fail;
	if (strchr(address, ':')) {	/* IPv6 literal */
		if (append_raw(&out, &len, "[") < 0 ||
		    append_escaped(&out, &len, address, ":") < 0 ||
		    append_raw(&out, &len, "]") < 0)
			goto fail;
	} else if (append_escaped(&out, &len, address, NULL) < 0) {
		goto fail;
	}
	/* Only a port the configuration names: otherwise ssh's own
	 * configuration (~/.ssh/config) decides, as it does for sshlink. */
	if (h->ssh_port > 0 || (cfg && cfg->defaults.ssh_port > 0)) {
		snprintf(port, sizeof(port), ":%d", config_host_port(cfg, h));
		if (append_raw(&out, &len, port) < 0)
			goto fail;
	}
	if (append_raw(&out, &len, "/system?no_tty=1") < 0)
		goto fail;
	if (identity && (append_raw(&out, &len, "&keyfile=") < 0
			 || append_escaped(&out, &len, identity, "/") < 0))
		goto fail;
	return out;
fail:
	free(out);
	return NULL;
}

char *inventory_uri_with_command(const char *uri, const char *command)
{
	size_t len = strlen(uri);
	char *out = strdup(uri);

	if (!out)
		return NULL;
	if (append_raw(&out, &len, strchr(uri, '?') ? "&command=" : "?command=") < 0 ||
	    append_escaped(&out, &len, command, "/") < 0) {
		free(out);
		return NULL;
	}
	return out;
}

int inventory_uri_is_remote(const char *uri)
{
	const char *sep, *plus, *auth, *end;

	if (!uri)
		return 0;
	sep = strstr(uri, "://");
	if (!sep)
		return 0;
	plus = memchr(uri, '+', (size_t)(sep - uri));
	if (plus) {
		size_t tlen = (size_t)(sep - plus - 1);
		if (!(tlen == 4 && strncmp(plus + 1, "unix", 4) == 0))
			return 1;
	}
	auth = sep + 3;
	end = auth + strcspn(auth, "/?#");
	/* "user@" alone names no machine */
	for (const char *p = auth; p < end; p++)
		if (*p == '@')
			auth = p + 1;
	return end > auth;
}

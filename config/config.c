/* config/config.c — the small helpers every part of the reader uses, the
 * lookups by name, the default file's place, and freeing.
 *
 * The reader itself is split by job; config_int.h lists the files.
 */
#include "config_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SYSTEM_CONFIG	"/etc/virt-migrate/config.ini"

/* ---- small helpers --------------------------------------------------------- */

bool config_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool config_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool config_is_control(char c)
{
	return (unsigned char)c < ' ' || c == 0x7f;
}

void config_scrub(char *s)
{
	for (; *s; s++)
		if (config_is_control(*s))
			*s = '?';
}

bool config_all_in(const char *s, const char *extra)
{
	for (; *s; s++)
		if (!config_is_alnum(*s) && !strchr(extra, *s))
			return false;
	return true;
}

bool config_word_ok(const char *s, size_t max, const char *first, const char *extra)
{
	size_t n = strlen(s);

	/* n > 0 first: strchr() finds the NUL of FIRST. */
	return n > 0 && n <= max && (config_is_alnum(s[0]) || strchr(first, s[0])) &&
	       config_all_in(s, extra);
}

bool config_valid_name(const char *s)
{
	return config_word_ok(s, CONFIG_NAME_MAX_LEN, "", "._-");
}

void config_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

void config_free_list(char **list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* ---- lookups ------------------------------------------------------------------ */

const void *config_find_named(const void *list, size_t n, size_t size, size_t name_off,
			      const char *name)
{
	if (!list || !name)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *entry = (const char *)list + i * size;
		char *const *entry_name = (char *const *)(entry + name_off);

		if (*entry_name && strcmp(*entry_name, name) == 0)
			return entry;
	}
	return NULL;
}

const struct config_cluster *config_cluster_find(const struct config *cfg, const char *name)
{
	if (!cfg)
		return NULL;
	return config_find_named(cfg->clusters, cfg->nclusters, sizeof(*cfg->clusters),
				 offsetof(struct config_cluster, name), name);
}

const char *config_encrypt(const struct config *cfg)
{
	return cfg && cfg->defaults.encrypt ? cfg->defaults.encrypt : "opportunistic";
}

int config_connections(const struct config *cfg)
{
	return cfg && cfg->defaults.connections > 0 ? cfg->defaults.connections : 1;
}

const char *config_compress(const struct config *cfg)
{
	return cfg && cfg->defaults.compress ? cfg->defaults.compress : "none";
}

/* ---- text ---------------------------------------------------------------------- */

/* Length of the UTF-8 sequence at S (at most N bytes long), or 0 when it is
 * not well formed: overlong forms, surrogates and code points past U+10FFFF
 * are refused as well. */
size_t config_utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned min;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;

	unsigned cp = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* ---- the default file ---------------------------------------------------------- */

char *config_user_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *user = NULL;
	int n = -1;

	if (xdg && xdg[0] == '/')
		n = asprintf(&user, "%s/virt-migrate/config.ini", xdg);
	else if (home && home[0])
		n = asprintf(&user, "%s/.config/virt-migrate/config.ini", home);
	return n < 0 ? NULL : user;
}

char *config_find_default(char *err, size_t errlen)
{
	char *user = config_user_path();
	struct stat st;

	if (user && stat(user, &st) == 0)
		return user;
	if (stat(SYSTEM_CONFIG, &st) == 0) {
		char *sys = strdup(SYSTEM_CONFIG);

		free(user);
		if (!sys)
			config_set_err(err, errlen, "out of memory");
		return sys;
	}
	if (user)
		config_set_err(err, errlen, "no configuration file: looked for %s and %s; "
			       "write one with 'virt-migrate init HOST...' (see "
			       "virt-migrate.conf(5)), or pass -c FILE", user, SYSTEM_CONFIG);
	else
		config_set_err(err, errlen, "no configuration file: looked for %s (neither "
			       "XDG_CONFIG_HOME nor HOME is set); write one with 'virt-migrate "
			       "init -c FILE HOST...', or pass -c FILE", SYSTEM_CONFIG);
	free(user);
	return NULL;
}

/* ---- freeing ------------------------------------------------------------------ */

/* The strings a section holds are those of its keys (config_keys_free()),
 * plus the section's own name; clusters keep their lists by hand. */
void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	config_keys_free(&cfg->defaults, config_keys_defaults);
	for (size_t i = 0; cfg->hosts && i < cfg->nhosts; i++) {
		free(cfg->hosts[i].name);
		config_keys_free(&cfg->hosts[i], config_keys_host);
	}
	free(cfg->hosts);
	for (size_t i = 0; cfg->clusters && i < cfg->nclusters; i++) {
		free(cfg->clusters[i].name);
		config_free_list(cfg->clusters[i].hosts, cfg->clusters[i].nhosts);
		free(cfg->clusters[i].evc_model);
	}
	free(cfg->clusters);
	memset(cfg, 0, sizeof(*cfg));
}

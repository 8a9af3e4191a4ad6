/* src/cli_complete.c — names for bash completion without a round trip to
 * the hosts on every Tab.
 *
 * Every command that reads the inventory leaves the names it saw in a small
 * cache, $XDG_CACHE_HOME/virt-migrate/names (or ~/.cache/...), mode 0600:
 * one "HOST<tab>KIND<tab>NAME" line per VM, pool and network.  The lines of
 * a host that could not be read this time are kept from the last time.
 * The hidden command "complete WHAT [HOST]" prints host and cluster names
 * from the configuration, and VM, datastore and network names from the
 * cache (those of HOST only when it is given), one a line ("vms-hosts":
 * both, for history); "complete commands" and "complete options [CMD]" print the words of the table of
 * commands (src/cli_cmds.c), so that the script lists none of its own.
 * It never connects to anything and always exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define CACHE_MAX_BYTES (4 * 1024 * 1024)

/* The cache file's path (malloc'd), or NULL without a usable home. */
static char *cache_path(void)
{
	const char *cache = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *path = NULL;

	if (cache && cache[0] == '/') {
		if (asprintf(&path, "%s/virt-migrate/names", cache) < 0)
			return NULL;
	} else if (home && home[0] == '/') {
		if (asprintf(&path, "%s/.cache/virt-migrate/names", home) < 0)
			return NULL;
	}
	return path;
}

/* The whole cache, or NULL. */
static char *cache_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	char *buf = NULL;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < CACHE_MAX_BYTES &&
	    (buf = malloc((size_t)st.st_size + 1))) {
		ssize_t n = read(fd, buf, (size_t)st.st_size);
		buf[n > 0 ? n : 0] = '\0';
	}
	close(fd);
	return buf;
}

/* A name that fits on a cache line and on a completion line. */
static int plain(const char *s)
{
	if (!s || !s[0])
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < ' ' || *c == 0x7f)
			return 0;
	return 1;
}

static void put_line(FILE *f, const char *host, const char *kind, const char *name)
{
	if (plain(host) && plain(name))
		fprintf(f, "%s\t%s\t%s\n", host, kind, name);
}

/* mkdir -p of the directory of PATH, each made 0700. */
static int make_dirs(char *path)
{
	for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		int rc = mkdir(path, 0700);
		*s = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return 0;
}

void cli_complete_cache(const struct inventory *inv)
{
	char *path = cache_path(), *tmp = NULL, *old = NULL;
	FILE *f = NULL;
	int fd = -1;

	if (!path || make_dirs(path) != 0 || asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		tmp = NULL;
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0600) != 0 || !(f = fdopen(fd, "w"))) {
		engine_log("complete: cannot write the name cache %s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	/* lines of the hosts not read now: kept */
	old = cache_read(path);
	for (char *line = old, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		const struct inv_host *h = inventory_host_find(inv, line);
		*tab = '\t';
		if (!h || !h->reachable)
			fprintf(f, "%s\n", line);
	}
	for (size_t i = 0; i < inv->nhosts; i++) {
		const struct inv_host *h = &inv->hosts[i];
		if (!h->reachable)
			continue;
		for (size_t v = 0; v < h->nvms; v++)
			put_line(f, h->cfg->name, "vm", h->vms[v].name);
		for (size_t p = 0; p < h->npools; p++)
			put_line(f, h->cfg->name, "pool", h->pools[p].name);
		for (size_t n = 0; n < h->nnets; n++)
			put_line(f, h->cfg->name, "net", h->nets[n].name);
	}
	if (fflush(f) != 0 || ferror(f)) {
		engine_log("complete: cannot write the name cache %s", tmp);
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) == 0) {
		free(tmp);
		tmp = NULL;
	}
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(old);
	free(path);
}

/* Names of KIND from the cache, of HOST only or of every configured host,
 * each once. */
static void print_cached(const struct config *cfg, const char *kind, const char *host)
{
	char *path = cache_path();
	char *text = path ? cache_read(path) : NULL;
	char **seen = NULL;
	size_t nseen = 0;

	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		char *k = strchr(line, '\t');
		char *name = k ? strchr(k + 1, '\t') : NULL;
		if (!name)
			continue;
		*k++ = '\0';
		*name++ = '\0';
		if (strcmp(k, kind) != 0 || !config_host_find(cfg, line) ||
		    (host && strcmp(host, line) != 0))
			continue;
		size_t i;
		for (i = 0; i < nseen && strcmp(seen[i], name) != 0; i++)
			;
		if (i < nseen)
			continue;
		char **s = realloc(seen, (nseen + 1) * sizeof *s);
		if (!s)
			break;
		seen = s;
		seen[nseen++] = name;
		puts(name);
	}
	free(seen);
	free(text);
	free(path);
}

static const char *const value_names[] = {
	[CLI_VALUE_NONE] = "none",
	[CLI_VALUE_FILE] = "file",
	[CLI_VALUE_CONFIG] = "config",
	[CLI_VALUE_WORDS] = "words",
	[CLI_VALUE_HOSTS] = "hosts",
	[CLI_VALUE_CLUSTERS] = "clusters",
	[CLI_VALUE_VMS] = "vms",
	[CLI_VALUE_VMS_HOSTS] = "vms-hosts",
	[CLI_VALUE_DATASTORES] = "datastores",
	[CLI_VALUE_DISK] = "disk",
	[CLI_VALUE_NETWORK] = "network",
	[CLI_VALUE_COMMANDS] = "commands",
};

/* "commands": "NAME<tab>VALUE" a command, VALUE what completes its first
 * operand ("-" for none).  Hidden commands are not offered. */
static void print_commands(void)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (c->summary)
			printf("%s\t%s\n", c->name, c->operands[0] ? value_names[c->operand_value] : "-");
}

/* "options [CMD]": "--NAME<tab>VALUE<tab>WORDS" an option of CMD (of the
 * program itself without CMD), and "-L<tab>..." for its short form; VALUE
 * "-" when it takes no argument, WORDS "-" unless VALUE is words.  Never
 * an empty field: bash's read would merge two tabs. */
static void print_options(const char *name)
{
	const struct cli_cmd *cmd = name ? cli_cmd_find(name) : &cli_cmd_main;
	const struct cli_opt *o;
	unsigned i = 0;
	char words[256];

	while (cmd && (o = cli_cmd_opt_next(cmd, &i))) {
		const char *value = o->arg ? value_names[o->value] : "-";
		const char *w = o->arg && o->value == CLI_VALUE_WORDS ?
			cli_opt_words(o, words, sizeof words) : "-";

		printf("--%s\t%s\t%s\n", o->name, value, w);
		if (o->letter)
			printf("-%c\t%s\t%s\n", o->letter, value, w);
	}
}

int cli_complete(struct cli *cli, int argc, char **argv)
{
	int rc;
	int first = cli_parse_simple(cli, argc, argv, &rc);

	if (first < 0)
		return rc;
	const char *what = argv[first];
	const char *host = first + 1 < argc ? argv[first + 1] : NULL;
	/* the table's words: no config needed */
	if (strcmp(what, "commands") == 0) {
		print_commands();
		return CLI_EXIT_OK;
	}
	if (strcmp(what, "options") == 0) {
		print_options(host);
		return CLI_EXIT_OK;
	}
	/* a config that cannot be read completes nothing, quietly */
	int quiet = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int keep = dup(STDERR_FILENO);
	if (quiet >= 0 && keep >= 0)
		dup2(quiet, STDERR_FILENO);
	int loaded = cli_load_config(cli) == 0;
	if (quiet >= 0 && keep >= 0)
		dup2(keep, STDERR_FILENO);
	if (quiet >= 0)
		close(quiet);
	if (keep >= 0)
		close(keep);
	if (!loaded)
		return CLI_EXIT_OK;

	if (strcmp(what, "hosts") == 0) {
		for (size_t i = 0; i < cli->cfg.nhosts; i++)
			if (plain(cli->cfg.hosts[i].name))
				puts(cli->cfg.hosts[i].name);
	} else if (strcmp(what, "clusters") == 0) {
		for (size_t i = 0; i < cli->cfg.nclusters; i++)
			if (plain(cli->cfg.clusters[i].name))
				puts(cli->cfg.clusters[i].name);
	} else if (strcmp(what, "vms") == 0) {
		print_cached(&cli->cfg, "vm", host);
	} else if (strcmp(what, "vms-hosts") == 0) {
		print_cached(&cli->cfg, "vm", host);
		for (size_t i = 0; i < cli->cfg.nhosts; i++)
			if (plain(cli->cfg.hosts[i].name))
				puts(cli->cfg.hosts[i].name);
	} else if (strcmp(what, "datastores") == 0) {
		print_cached(&cli->cfg, "pool", host);
	} else if (strcmp(what, "networks") == 0) {
		print_cached(&cli->cfg, "net", host);
	} else {
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* src/cli_init.c — "init HOST...": start from nothing.  Reach each host as
 * ssh would (its name through ~/.ssh/config), show each unknown host key and
 * ask as ssh does (or take --accept-new-host-keys), read what a config needs
 * (the CPUs, for the cluster's EVC baseline), then write a commented config
 * with one cluster.  Nothing is written unless every host was read. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../engine/file.h"
#include "cli.h"

/* One HOST operand: [USER@]NAME[:PORT]. */
struct init_host {
	const char *arg;	/* as given */
	char name[CONFIG_NAME_MAX_LEN + 1];
	char user[64];		/* "" when not given */
	unsigned port;		/* 0 when not given */
};

struct init_doc {
	const char *path;
	const char *cluster;
	const char *evc;
	const struct inventory *inv;
	int written;
};

static int parse_host(const char *arg, struct init_host *h)
{
	const char *at = strchr(arg, '@'), *name = at ? at + 1 : arg;
	const char *colon = strrchr(name, ':');
	size_t len = colon ? (size_t)(colon - name) : strlen(name);

	memset(h, 0, sizeof(*h));
	h->arg = arg;
	if (at) {
		if (at == arg || (size_t)(at - arg) >= sizeof(h->user)) {
			cli_usage_error("'%s': the user before '@' is empty or too long", arg);
			return -1;
		}
		memcpy(h->user, arg, (size_t)(at - arg));
	}
	if (colon) {
		char *end;
		long port = strtol(colon + 1, &end, 10);
		if (!colon[1] || *end || port < 1 || port > 65535) {
			cli_usage_error("'%s': the port after ':' must be a number from 1 to 65535",
					arg);
			return -1;
		}
		h->port = (unsigned)port;
	}
	if (len == 0 || len > CONFIG_NAME_MAX_LEN) {
		cli_usage_error("'%s': no host name", arg);
		return -1;
	}
	memcpy(h->name, name, len);
	if (!config_valid_name(h->name)) {
		cli_usage_error("'%s' cannot name a host: use the name ssh knows it by (letters, "
				"digits, '.', '_' and '-'; an alias of ~/.ssh/config will do)", arg);
		return -1;
	}
	return 0;
}

/* The config as it is before the hosts were read: cluster, then hosts. */
static char *config_text(const struct init_host *hosts, size_t n, const char *cluster,
			 const char *evc, const char *evc_note, const struct inventory *inv)
{
	char *text = NULL, stamp[32];
	size_t len = 0;
	time_t now = time(NULL);
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M UTC", gmtime(&now));
	fprintf(f, "# virt-migrate configuration, written by 'virt-migrate init' on %s.\n"
		"# Every key is in virt-migrate.conf(5).\n#\n"
		"# A host is reached as ssh reaches it: its name goes through ~/.ssh/config\n"
		"# (HostName, User, Port, IdentityFile, ProxyJump), for the tool's own SSH\n"
		"# session and for libvirt's alike.  Set address, ssh_user or ssh_port in a\n"
		"# [host] section only to say otherwise.\n\n"
		"[defaults]\n"
		"# encrypt = opportunistic   TLS for vMotion when both hosts are set up for it\n"
		"# connect_timeout = 10      seconds to reach a host before calling it unreachable\n\n",
		stamp);
	fprintf(f, "# The hosts a VM may move between.  EVC: %s\n[cluster %s]\nhosts =", evc_note,
		cluster);
	for (size_t i = 0; i < n; i++)
		fprintf(f, " %s", hosts[i].name);
	fprintf(f, "\nevc = %s\n", evc);
	for (size_t i = 0; i < n; i++) {
		const struct inv_host *ih = inv ? inventory_host_find(inv, hosts[i].name) : NULL;

		fputc('\n', f);
		if (ih && ih->reachable)
			fprintf(f, "# %s: %s CPU %s, %llu MiB, %zu VM%s; host key %s\n",
				ih->hostname ? ih->hostname : hosts[i].name,
				ih->cpu_vendor ? ih->cpu_vendor : "unknown",
				ih->host_model ? ih->host_model : ih->cpu_model ? ih->cpu_model : "?",
				ih->mem_total_kib / 1024, ih->nvms, ih->nvms == 1 ? "" : "s",
				ih->hostkey_fp ? ih->hostkey_fp : "(local)");
		fprintf(f, "[host %s]\n", hosts[i].name);
		if (hosts[i].user[0])
			fprintf(f, "ssh_user = %s\n", hosts[i].user);
		if (hosts[i].port)
			fprintf(f, "ssh_port = %u\n", hosts[i].port);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Ask about each host whose key is unknown; the keys accepted go to
 * TRUSTED.  Returns how many were accepted. */
static size_t ask_keys(const struct inventory *inv, const char **trusted)
{
	size_t n = 0;
	char line[32];

	for (size_t i = 0; i < inv->nhosts; i++) {
		const struct inv_host *ih = &inv->hosts[i];
		if (ih->ssh_failure != SSHLINK_HOSTKEY_UNKNOWN || !ih->hostkey_fp)
			continue;
		fprintf(stderr, "Host '%s' is not in your known_hosts.  It offered the host key\n"
			"    %s\nCompare it with the host's own (on the host: ssh-keygen -lf "
			"/etc/ssh/ssh_host_ed25519_key.pub).\nTrust this key and record it? [y/N] ",
			ih->cfg->name, ih->hostkey_fp);
		fflush(stderr);
		if (!fgets(line, sizeof line, stdin))
			break;
		if (strcmp(line, "y\n") == 0 || strcmp(line, "yes\n") == 0)
			trusted[n++] = ih->hostkey_fp;
	}
	return n;
}

/* Write TEXT to PATH (mode 0600, its directory made 0700), atomically. */
static int write_config(const char *path, const char *text, int force)
{
	char *dir = strdup(path), *tmp = NULL;
	int fd = -1, rc = -1;
	struct stat st;

	if (!dir || asprintf(&tmp, "%s.init-%ld", path, (long)getpid()) < 0) {
		tmp = NULL;
		goto out;
	}
	if (!force && lstat(path, &st) == 0) {
		cli_usage_error("%s exists; nothing was written (--force replaces it, -c FILE "
				"writes another)", path);
		goto out;
	}
	if (file_mkdir_private(dirname(dir)) < 0) {
		cli_usage_error("cannot make the directory of %s: %s", path, strerror(errno));
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || file_write_all(fd, text, strlen(text)) < 0 || fsync(fd) < 0
	    || close(fd) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		cli_usage_error("cannot write %s: %s", tmp, strerror(e));
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		cli_usage_error("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	file_fsync_parent(path);
	rc = 0;
out:
	free(dir);
	free(tmp);
	return rc;
}

static void init_members(FILE *out, const void *arg)
{
	const struct init_doc *d = arg;

	fputs(",\"path\":", out);
	cli_json_string(out, d->written ? d->path : NULL);
	fputs(",\"cluster\":", out);
	cli_json_string(out, d->cluster);
	fputs(",\"evc\":", out);
	cli_json_string(out, d->evc);
	fputs(",\"hosts\":[", out);
	for (size_t i = 0; d->inv && i < d->inv->nhosts; i++) {
		const struct inv_host *ih = &d->inv->hosts[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", out);
		cli_json_string(out, ih->cfg->name);
		fprintf(out, ",\"reachable\":%s,\"hostkey\":", ih->reachable ? "true" : "false");
		cli_json_string(out, ih->hostkey_fp);
		fputs(",\"cpu_vendor\":", out);
		cli_json_string(out, ih->cpu_vendor);
		fputs(",\"host_model\":", out);
		cli_json_string(out, ih->host_model);
		fputc('}', out);
	}
	fputc(']', out);
}

/* Every host read?  Else say why each one was not, and how many. */
static int all_reached(const struct inventory *inv)
{
	size_t bad = 0;

	for (size_t i = 0; i < inv->nhosts; i++)
		if (!inv->hosts[i].reachable) {
			cli_error(stderr, NULL, &inv->hosts[i].error);
			bad++;
		}
	if (bad)
		cli_json_unreachable(inv, FINDING_ERROR);
	return bad == 0;
}

int cli_init(struct cli *cli, int argc, char **argv)
{
	struct cli_parser parser;
	struct init_host hosts[CLI_INIT_MAX_HOSTS];
	struct init_doc doc = { .cluster = "main", .evc = NULL };
	struct inventory inv = { 0 };
	const char *trusted[CLI_INIT_MAX_HOSTS];
	char err[CONFIG_ERR_MAX], note[1024];
	char *text = NULL, *path = NULL;
	int rc = CLI_EXIT_USAGE, opt, force = 0, loaded = 0;
	size_t n = 0;

	cli_parser_init(&parser, cli_cmd_find(argv[0]), argc, argv);
	while ((opt = cli_parser_next(&parser, cli)) >= 0) {
		if (opt == CLI_OPT_CLUSTER) {
			if (!config_valid_name(optarg)) {
				cli_usage_error("'%s' cannot name a cluster: use letters, digits, "
						"'.', '_' and '-'", optarg);
				goto out;
			}
			doc.cluster = optarg;
		} else if (opt == CLI_OPT_FORCE) {
			force = 1;
		} else {
			cli_parser_unhandled(opt);
			goto out;
		}
	}
	if (cli_parser_finish(&parser, opt, 1, &rc) < 0)
		goto out;
	rc = CLI_EXIT_USAGE;
	for (int i = optind; i < argc; i++) {
		if (parse_host(argv[i], &hosts[n]) < 0)
			goto out;
		for (size_t j = 0; j < n; j++)
			if (strcmp(hosts[j].name, hosts[n].name) == 0) {
				cli_usage_error("host '%s' is named twice", hosts[n].name);
				goto out;
			}
		n++;
	}
	path = cli->config_path ? strdup(cli->config_path) : config_user_path();
	if (!path) {
		cli_usage_error("neither XDG_CONFIG_HOME nor HOME is set: say where with -c FILE");
		goto out;
	}
	doc.path = path;
	struct stat st;
	if (!force && lstat(path, &st) == 0) {
		cli_usage_error("%s exists; nothing was written (--force replaces it, -c FILE "
				"writes another)", path);
		goto out;
	}

	/* the config as it will be, to read the hosts with */
	if (!(text = config_text(hosts, n, doc.cluster, "auto", "", NULL))
	    || config_load_string(text, "(init)", &cli->cfg, err, sizeof err) != 0) {
		cli_usage_error("%s", text ? err : "out of memory");
		goto out;
	}
	if ((rc = cli_engine_start(cli)) != 0)
		goto out;
	fprintf(stderr, "virt-migrate: reading %zu host%s...\n", n, n == 1 ? "" : "s");
	rc = CLI_EXIT_FINDINGS;
	if (cli_inventory(cli, &inv) != 0)
		goto out;
	loaded = 1;
	doc.inv = &inv;
	if (!cli->accept_new_host_keys && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
		size_t ntrusted = ask_keys(&inv, trusted);
		if (ntrusted) {
			/* read again, recording exactly the keys accepted: a host
			 * that now offers another is refused */
			char *keep[CLI_INIT_MAX_HOSTS];
			for (size_t i = 0; i < ntrusted; i++)
				keep[i] = strdup(trusted[i]);
			inventory_free(&inv);
			loaded = 0;
			cli->trusted_keys = (const char *const *)keep;
			cli->ntrusted_keys = ntrusted;
			int r = cli_inventory(cli, &inv);
			cli->trusted_keys = NULL;
			cli->ntrusted_keys = 0;
			for (size_t i = 0; i < ntrusted; i++)
				free(keep[i]);
			if (r != 0)
				goto out;
			loaded = 1;
		}
	}
	if (!all_reached(&inv)) {
		fprintf(stderr, "virt-migrate: init: nothing was written; fix the hosts above "
			"(unknown keys: answer on a terminal, or compare them and add "
			"--accept-new-host-keys) and run it again\n");
		cli_json_errorf("", "Some hosts could not be read; nothing was written.");
		goto out;
	}

	/* the EVC baseline, pinned: a host added later must meet it */
	struct vm_error e;
	const char *model = NULL;
	if (evc_cluster_baseline(&inv, &cli->cfg.clusters[0], &model, &e) == 0) {
		doc.evc = model;
		snprintf(note, sizeof note, "%s is the highest CPU baseline every host\n# supports "
			 "(read now); a host added later must support it too.", model);
	} else {
		/* the engine's words go into a comment of the file: escaped,
		 * so that they cannot end it */
		char *why = cli_text_dup(e.message);

		doc.evc = "auto";
		snprintf(note, sizeof note, "no common baseline was found (%s)\n# evc = auto "
			 "computes it on every run; see virt-migrate evc.", why ? why : "?");
		free(why);
		cli_error(stderr, "warning: ", &e);
	}
	free(text);
	rc = CLI_EXIT_USAGE;
	if (!(text = config_text(hosts, n, doc.cluster, doc.evc, note, &inv))
	    || write_config(path, text, force) < 0)
		goto out;
	doc.written = 1;
	if (!cli->json) {
		printf("Wrote %s: cluster %s, EVC baseline %s, %zu host%s.\n", path, doc.cluster,
		       doc.evc, n, n == 1 ? "" : "s");
		for (size_t i = 0; i < inv.nhosts; i++) {
			const struct inv_host *ih = &inv.hosts[i];
			printf("  %-16s %s %s, %zu VM%s, host key %s\n", ih->cfg->name,
			       ih->cpu_vendor ? ih->cpu_vendor : "?",
			       ih->host_model ? ih->host_model : "?", ih->nvms,
			       ih->nvms == 1 ? "" : "s", ih->hostkey_fp ? ih->hostkey_fp : "(local)");
		}
		printf("Next: virt-migrate hosts, then virt-migrate check VM --host HOST.\n");
	}
	rc = CLI_EXIT_OK;
out:
	cli_json_report(rc, init_members, &doc);
	if (loaded)
		inventory_free(&inv);
	free(text);
	free(path);
	return rc;
}

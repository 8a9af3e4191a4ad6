/* src/cli_evc.c — "evc [CLUSTER]": for each cluster, which EVC baselines each
 * host supports (read live from its domain capabilities), the highest one
 * they share, libvirt's own baseline of their CPUs, and the effective one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_suggest.h"

static const char *support_word(int s)
{
	return s > 0 ? "yes" : s == 0 ? "no" : "?";
}

static const char *evc_mode_word(const struct config_cluster *c)
{
	switch (c->evc) {
	case CONFIG_EVC_AUTO:
		return "auto";
	case CONFIG_EVC_MODEL:
		return c->evc_model;
	default:
		return "off";
	}
}

/* An engine error as a line of the report: LEAD, the message escaped,
 * TAIL; then its hint on a line of its own (as 'hosts' shows one). */
static void report_error(FILE *out, const char *lead, const struct vm_error *e,
			 const char *tail)
{
	fputs(lead, out);
	cli_text(out, e->message);
	fputs(tail, out);
	fputs("\n", out);
	if (e->hint[0]) {
		fputs("    hint: ", out);
		cli_text(out, e->hint);
		fputs("\n", out);
	}
}

/* Report one cluster; returns the number of errors found. */
static int evc_cluster(FILE *out, struct inventory *inv, const struct config_cluster *c,
		       int json, int first)
{
	size_t nlevels;
	const struct evc_level *levels = evc_levels(&nlevels);
	const char *ladder = NULL;
	char *probed = NULL;
	struct vm_error lerr, perr;
	int errors = 0;
	const char *effective = NULL;
	char problem[512] = "";

	vm_error_clear(&lerr);
	vm_error_clear(&perr);
	if (evc_cluster_baseline(inv, c, &ladder, &lerr) != 0) {
		ladder = NULL;
		errors++;
	}
	if (evc_probe_baseline(inv, c, &probed, &perr) != 0)
		probed = NULL;
	if (c->evc == CONFIG_EVC_AUTO) {
		effective = ladder;
	} else if (c->evc == CONFIG_EVC_MODEL) {
		effective = c->evc_model;
		/* every member must support the configured model */
		int idx = evc_level_index(c->evc_model);
		for (size_t h = 0; idx >= 0 && h < c->nhosts; h++) {
			struct inv_host *ih = inventory_host_find(inv, c->hosts[h]);
			if (ih && ih->reachable && evc_host_supports(ih, &levels[idx]) == 0) {
				snprintf(problem, sizeof problem, "The configured EVC baseline %s of "
					 "cluster '%s' is not usable on host '%s'.", c->evc_model,
					 c->name, c->hosts[h]);
				errors++;
				break;
			}
		}
	}

	if (json) {
		fputs(first ? "" : ",", out);
		fputs("{\"cluster\":", out);
		cli_json_string(out, c->name);
		fputs(",\"evc\":", out);
		cli_json_string(out, evc_mode_word(c));
		fputs(",\"hosts\":[", out);
		for (size_t h = 0; h < c->nhosts; h++) {
			struct inv_host *ih = inventory_host_find(inv, c->hosts[h]);
			fputs(h ? ",{\"name\":" : "{\"name\":", out);
			cli_json_string(out, c->hosts[h]);
			fprintf(out, ",\"reachable\":%s,\"vendor\":", ih && ih->reachable ? "true" : "false");
			cli_json_string(out, ih ? ih->cpu_vendor : NULL);
			fputs(",\"host_model\":", out);
			cli_json_string(out, ih ? ih->host_model : NULL);
			fputs(",\"levels\":{", out);
			for (size_t l = 0; l < nlevels; l++) {
				fprintf(out, "%s\"%s\":", l ? "," : "", levels[l].model);
				int s = ih ? evc_host_supports(ih, &levels[l]) : -1;
				fputs(s > 0 ? "true" : s == 0 ? "false" : "null", out);
			}
			fputs("}}", out);
		}
		fputs("],\"ladder_baseline\":", out);
		cli_json_string(out, ladder);
		fputs(",\"ladder_error\":", out);
		cli_json_string(out, ladder ? NULL : lerr.message);
		fputs(",\"libvirt_baseline\":", out);
		cli_json_string(out, probed);
		fputs(",\"libvirt_error\":", out);
		cli_json_string(out, probed ? NULL : perr.message);
		fputs(",\"effective\":", out);
		cli_json_string(out, effective);
		fputs(",\"problem\":", out);
		cli_json_string(out, problem[0] ? problem : NULL);
		fprintf(out, ",\"errors\":%d}", errors);
		free(probed);
		return errors;
	}

	fputs("Cluster ", out);
	cli_text(out, c->name);
	fprintf(out, " (EVC %s):", evc_mode_word(c));
	for (size_t h = 0; h < c->nhosts; h++) {
		struct inv_host *ih = inventory_host_find(inv, c->hosts[h]);
		fprintf(out, "%s", h ? ", " : " ");
		cli_text(out, c->hosts[h]);
		fputs(" ", out);
		if (ih && ih->reachable) {
			fputs("(", out);
			cli_text(out, ih->cpu_vendor);
			fputs(" ", out);
			cli_text(out, ih->host_model);
			fputs(")", out);
		} else {
			fputs("(unreachable)", out);
		}
	}
	fprintf(out, "\n  %-5s %-16s", "LEVEL", "QEMU MODEL");
	for (size_t h = 0; h < c->nhosts; h++)
		fprintf(out, " %-5.5s", c->hosts[h]);
	fputs(" BASELINE\n", out);
	for (size_t l = 0; l < nlevels; l++) {
		fprintf(out, "  %-5s %-16s", levels[l].code, levels[l].model);
		for (size_t h = 0; h < c->nhosts; h++) {
			struct inv_host *ih = inventory_host_find(inv, c->hosts[h]);
			fprintf(out, " %-5s", support_word(ih ? evc_host_supports(ih, &levels[l]) : -1));
		}
		fprintf(out, " %s\n", levels[l].label);
	}
	if (ladder)
		fprintf(out, "  Highest baseline every host supports: %s\n", ladder);
	else
		report_error(out, "  No common baseline: ", &lerr, "");
	if (probed) {
		fputs("  Baseline libvirt computes from the hosts' CPUs: ", out);
		cli_text(out, probed);
		fputs("\n", out);
	} else {
		report_error(out, "  Baseline libvirt computes from the hosts' CPUs: not available (",
			     &perr, ")");
	}
	if (problem[0])
		fprintf(out, "  error: %s\n", problem);
	fprintf(out, "  Effective EVC baseline: %s\n\n", effective ? effective :
		c->evc == CONFIG_EVC_OFF ? "none (EVC off)" : "none");
	free(probed);
	return errors;
}

/* A cluster the config does not have: the closest name, and every name. */
static void no_cluster(const struct config *cfg, const char *name)
{
	struct cli_suggest s;
	char list[1024] = "";

	cli_suggest_init(&s, name);
	for (size_t i = 0; i < cfg->nclusters; i++) {
		size_t used = strlen(list);

		cli_suggest_add(&s, cfg->clusters[i].name);
		snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
			 cfg->clusters[i].name);
	}
	if (!cfg->nclusters)
		cli_suggest_add(&s, "all");
	cli_usage_error("no cluster '%s' in %s; the clusters are: %s%s%s%s", name, cfg->path,
			cfg->nclusters ? list : "none (all hosts form 'all')",
			cli_suggest_best(&s) ? "; did you mean '" : "",
			cli_suggest_best(&s) ? cli_suggest_best(&s) : "",
			cli_suggest_best(&s) ? "'?" : "");
}

/* The clusters' JSON, written as each is reported; NULL: none reported. */
struct evc_doc {
	char *clusters;
	size_t len;
};

static void evc_members(FILE *out, const void *arg)
{
	const struct evc_doc *d = arg;

	fputs(",\"clusters\":", out);
	if (d->clusters)
		fprintf(out, "[%s]", d->clusters);
	else
		fputs("null", out);
}

/* Report every cluster (or ONLY) of the config, or ALL when it has none,
 * on OUT; returns the number of errors. */
static int evc_report(FILE *out, struct cli *cli, struct inventory *inv,
		      const struct config_cluster *all, const char *only)
{
	int errors = 0, n = 0;

	if (cli->cfg.nclusters == 0)
		return evc_cluster(out, inv, all, cli->json, 1);
	for (size_t i = 0; i < cli->cfg.nclusters; i++) {
		const struct config_cluster *c = &cli->cfg.clusters[i];
		if (only && strcmp(only, c->name) != 0)
			continue;
		errors += evc_cluster(out, inv, c, cli->json, n++ == 0);
	}
	return errors;
}

int cli_evc(struct cli *cli, int argc, char **argv)
{
	struct evc_doc doc = { 0 };
	struct inventory inv;
	char **names = NULL;
	int rc;
	int first = cli_parse_simple(cli, argc, argv, &rc);
	if (first < 0)
		goto out;
	const char *only = first < argc ? argv[first] : NULL;
	if ((rc = cli_start(cli)) != 0)
		goto out;

	/* Without clusters in the config, all hosts form one. */
	struct config_cluster all = { .name = (char *)"all", .evc = CONFIG_EVC_AUTO };
	rc = CLI_EXIT_FINDINGS;
	if (cli->cfg.nclusters == 0) {
		names = calloc(cli->cfg.nhosts, sizeof *names);
		if (!names)
			goto out;
		for (size_t i = 0; i < cli->cfg.nhosts; i++)
			names[i] = cli->cfg.hosts[i].name;
		all.hosts = names;
		all.nhosts = cli->cfg.nhosts;
	}
	if (only && !config_cluster_find(&cli->cfg, only) && !(cli->cfg.nclusters == 0 &&
							       strcmp(only, "all") == 0)) {
		no_cluster(&cli->cfg, only);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (cli_inventory(cli, &inv) != 0)
		goto out;
	cli_json_unreachable(&inv, FINDING_WARNING);
	int errors;
	if (cli->json) {
		/* the document prints it after the envelope */
		FILE *m = open_memstream(&doc.clusters, &doc.len);
		if (!m) {
			inventory_free(&inv);
			goto out;
		}
		errors = evc_report(m, cli, &inv, &all, only);
		fclose(m);
	} else {
		errors = evc_report(stdout, cli, &inv, &all, only);
	}
	inventory_free(&inv);
	if (errors)
		cli_json_errorf("", "%d error%s: a cluster has no usable EVC baseline.", errors,
				errors == 1 ? "" : "s");
	rc = errors ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
out:
	cli_json_report(rc, evc_members, &doc);
	free(doc.clusters);
	free(names);
	return rc;
}

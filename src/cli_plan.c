/* src/cli_plan.c — a migration plan from command-line options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plan.h"
#include "../engine/answers.h"
#include "../engine/streams.h"

static int set_string(char **dst, const char *src)
{
	free(*dst);
	*dst = strdup(src);
	return *dst ? 0 : -1;
}

/* "vda=DATASTORE" or "vda=DATASTORE:FORMAT" */
static int disk_option(struct plan *p, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		cli_usage_error("--disk '%s': expected DISK=POOL[:FORMAT], e.g. --disk vda=shared:thin",
				arg);
		return -1;
	}
	char *target = strndup(arg, (size_t)(eq - arg));
	char *store = strdup(eq + 1);
	int rc = -1;
	if (!target || !store)
		goto out;
	enum plan_format format = p->format;
	char *colon = strrchr(store, ':');
	if (colon) {
		*colon = '\0';
		if (plan_format_parse(colon + 1, &format) != 0 || !store[0]) {
			cli_usage_error("--disk '%s': the format after ':' must be same, thin or thick",
					arg);
			goto out;
		}
	}
	rc = plan_add_disk(p, target, store, format);
out:
	free(target);
	free(store);
	return rc;
}

static int network_option(struct plan *p, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		cli_usage_error("--network '%s': expected SRC=DST, e.g. --network dmz=vmnet", arg);
		return -1;
	}
	char *from = strndup(arg, (size_t)(eq - arg));
	int rc = from ? plan_add_net(p, from, eq + 1) : -1;
	free(from);
	return rc;
}

int cli_plan_limit_option(int opt)
{
	switch (opt) {
	case CLI_OPT_MAX_DOWNTIME:
		return PLAN_LIMIT_MAX_DOWNTIME;
	case CLI_OPT_BANDWIDTH:
		return PLAN_LIMIT_BANDWIDTH;
	case CLI_OPT_MAX_TIME:
		return PLAN_LIMIT_MAX_TIME;
	default:
		return -1;
	}
}

int cli_plan_option(struct plan *p, struct cli_plan_state *st, int opt, const char *arg)
{
	int limit = cli_plan_limit_option(opt);

	if (limit >= 0) {
		unsigned v;

		if (cli_parse_limit((enum plan_limit_id)limit, arg, &v) < 0)
			return -1;
		plan_limit_set(p, (enum plan_limit_id)limit, v);
		return 1;
	}
	switch (opt) {
	case CLI_OPT_HOST:
		return set_string(&p->target, arg) == 0 ? 1 : -1;
	case CLI_OPT_DATASTORE:
		return set_string(&p->datastore, arg) == 0 ? 1 : -1;
	case CLI_OPT_KIND:
		if (plan_kind_parse(arg, &p->kind) != 0) {
			cli_usage_error("--kind '%s': expected compute, storage or both", arg);
			return -1;
		}
		st->kind_given = 1;
		return 1;
	case CLI_OPT_FORMAT:
		if (plan_format_parse(arg, &p->format) != 0) {
			cli_usage_error("--format '%s': expected same, thin or thick", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_PRIORITY:
		if (plan_priority_parse(arg, &p->priority) != 0) {
			cli_usage_error("--priority '%s': expected high or standard", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_CONNECTIONS:
		return cli_parse_connections(arg, &p->connections) == 0 ? 1 : -1;
	case CLI_OPT_COMPRESS:
		return cli_parse_compress(arg, &p->compress) == 0 ? 1 : -1;
	case CLI_OPT_DISK:
		return disk_option(p, arg) == 0 ? 1 : -1;
	case CLI_OPT_NETWORK:
		return network_option(p, arg) == 0 ? 1 : -1;
	default:
		return 0;
	}
}

int cli_parse_compress(const char *arg, enum plan_compress *out)
{
	if (plan_compress_parse(arg, out) != 0) {
		cli_usage_error("--compress '%s': expected none, xbzrle, mt (one stream), zlib or "
				"zstd (with --connections 2 or more)", arg);
		return -1;
	}
	return 0;
}

int cli_parse_connections(const char *arg, unsigned *out)
{
	if (streams_connections_parse(arg, out) != 0) {
		cli_usage_error("--connections '%s': expected a whole number from 1 (one stream) "
				"to %d", arg, STREAMS_MAX_CONNECTIONS);
		return -1;
	}
	return 0;
}

void cli_streams_default(const struct cli *cli, unsigned *connections,
			 enum plan_compress *compress)
{
	struct plan none = { .connections = 0, .compress = PLAN_COMPRESS_UNSET };

	if (connections && !*connections)
		*connections = streams_connections(&none, &cli->cfg);
	if (compress && *compress == PLAN_COMPRESS_UNSET)
		*compress = streams_compress(&none, &cli->cfg);
}

void cli_plan_streams_json(FILE *out, const struct plan *p)
{
	if (p->connections)
		fprintf(out, ",\"connections\":%u,\"compress\":", p->connections);
	else
		fputs(",\"connections\":null,\"compress\":", out);
	cli_json_string(out, p->compress != PLAN_COMPRESS_UNSET ? plan_compress_name(p->compress) :
			NULL);
}

/* What option OPT, naming a file, says when its argument is empty; NULL
 * when OPT names no file. */
static const char *file_needed(int opt)
{
	switch (opt) {
	case CLI_OPT_SAVE_ANSWERS:
		return "--save-answers needs a file name";
	case CLI_OPT_RECORD:
		return "--record needs a file name";
	case CLI_OPT_RETURN:
		return "--return needs the file an evacuation recorded";
	default:
		return NULL;
	}
}

int cli_plan_file_option(const struct cli_plan_file *files, size_t n, int opt, const char *arg)
{
	const char *needed = file_needed(opt);

	for (size_t i = 0; needed && i < n; i++) {
		if (files[i].opt != opt)
			continue;
		if (!arg[0]) {
			cli_usage_error("%s", needed);
			return -1;
		}
		*files[i].path = arg;
		return 1;
	}
	return 0;
}

/* The kind by the plan's one rule (plan_kind_check); a missing host is left
 * to the command: check looks for candidates, move refuses. */
int cli_plan_finish(struct plan *p, const struct cli_plan_state *st)
{
	if (!st->kind_given)
		p->kind = plan_kind_infer(p);
	if (plan_kind_check(p, NULL) == PLAN_FAULT_COMPUTE_DISKS) {
		cli_usage_error("--kind compute moves no disk; drop --datastore/--disk or use --kind both");
		return -1;
	}
	return 0;
}

int cli_plan_operand(struct plan *p, const struct cli_plan_state *st, int argc, char **argv,
		     int first)
{
	if (cli_usage_operands(argc, argv, first) != 0)
		return -1;
	p->vm = strdup(argv[first]);
	if (!p->vm)
		return -1;
	return cli_plan_finish(p, st);
}

/* One row of the NIC table: "  NIC 1  52:54:00:00:00:01  vmnet -> dmz". */
static void nic_row(FILE *out, size_t i, const struct inv_nic *nic, const struct plan *p)
{
	fprintf(out, "  NIC %zu  ", i + 1);
	cli_text(out, nic->mac);
	fputs("  ", out);
	if (nic->network) {
		cli_text(out, nic->network);
		fputs(" -> ", out);
		cli_text(out, plan_net_target(p, nic->network));
	} else if (nic->bridge) {
		fputs("bridge ", out);
		cli_text(out, nic->bridge);
		fputs(" (unchanged)", out);
	} else {
		fputs("not on a network (unchanged)", out);
	}
	fputs("\n", out);
}

void cli_plan_nics_text(FILE *out, const struct inventory *inv, const struct plan *p)
{
	struct inv_host *src = NULL;
	const struct inv_vm *vm = inventory_vm_find(inv, p->vm, &src);

	if (!vm || !vm->nnics || !plan_kind_needs_host(p->kind))
		return;
	fputs("networks on host ", out);
	cli_text(out, p->target);
	fputs(" (each NIC: its network now -> its network after the move):\n", out);
	for (size_t i = 0; i < vm->nnics; i++)
		nic_row(out, i, &vm->nics[i], p);
}

/* "hosts a, b, c": where the answers were recorded from. */
static char *origin_of(const struct config *cfg)
{
	size_t len = 16;
	for (size_t i = 0; i < cfg->nhosts; i++)
		len += strlen(cfg->hosts[i].name) + 2;
	char *s = malloc(len);
	if (!s)
		return NULL;
	strcpy(s, cfg->nhosts == 1 ? "host " : "hosts ");
	for (size_t i = 0; i < cfg->nhosts; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, cfg->hosts[i].name);
	}
	return s;
}

int cli_plan_save_answers(const struct cli *cli, const struct plan *plans, size_t n,
			  const char *path)
{
	struct vm_error err;
	char *origin = origin_of(&cli->cfg);
	int rc = answers_save(path, plans, n, origin, &err);
	free(origin);
	if (rc != 0) {
		cli_error(stderr, NULL, &err);
		return -1;
	}
	fputs("virt-migrate: answers saved to ", stderr);
	cli_text(stderr, path);
	fprintf(stderr, "; replay them with 'virt-migrate replay%s FILE'\n",
		n > 1 ? " --parallel" : "");
	return 0;
}

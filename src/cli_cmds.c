/* src/cli_cmds.c — the table of commands and options: the one place an
 * option is described (virt-migrate(1) lists the same, tests/cli checks). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* ---- options ----------------------------------------------------------- */

#define OPT(var, ...) static const struct cli_opt var = { __VA_ARGS__ }

OPT(o_config, .name = "config", .letter = 'c', .id = CLI_OPT_CONFIG, .arg = "FILE",
    .value = CLI_VALUE_CONFIG, .common = 1, .help = "read FILE instead of the default config");
OPT(o_json, .name = "json", .id = CLI_OPT_JSON, .common = 1, .help = "machine-readable output");
OPT(o_accept_new, .name = "accept-new-host-keys", .id = CLI_OPT_ACCEPT_NEW, .common = 1,
    .help = "accept and record unknown SSH host keys (a changed key is always refused)");
OPT(o_refresh, .name = "refresh", .id = CLI_OPT_REFRESH, .common = 1,
    .help = "read every fact from the hosts again (no cached link facts; see facts_ttl)");
OPT(o_help, .name = "help", .letter = 'h', .id = CLI_OPT_HELP, .common = 1,
    .help = "show this help, and exit");
OPT(o_version, .name = "version", .letter = 'V', .id = CLI_OPT_VERSION,
    .help = "show the version, and exit");
OPT(o_theme, .name = "theme", .id = CLI_OPT_THEME, .arg = "NAME", .value = CLI_VALUE_WORDS,
    .words = "default dark light high-contrast monochrome",
    .help = "colour theme of the wizard (or the path of a theme file)");

/* the move, as the wizard describes it (check, move) */
OPT(o_host, .name = "host", .id = CLI_OPT_HOST, .arg = "HOST", .value = CLI_VALUE_HOSTS,
    .help = "target host (compute resource); none for a storage-only move");
OPT(o_kind, .name = "kind", .id = CLI_OPT_KIND, .arg = "compute|storage|both",
    .value = CLI_VALUE_WORDS, .help = "what moves (default: from --host and --datastore/--disk)");
OPT(o_datastore, .name = "datastore", .id = CLI_OPT_DATASTORE, .arg = "POOL",
    .value = CLI_VALUE_DATASTORES, .help = "target storage pool of every disk");
OPT(o_disk, .name = "disk", .id = CLI_OPT_DISK, .arg = "DISK=POOL[:FORMAT]",
    .value = CLI_VALUE_DISK, .help = "one disk on its own pool (repeatable)");
OPT(o_format, .name = "format", .id = CLI_OPT_FORMAT, .arg = "same|thin|thick",
    .value = CLI_VALUE_WORDS, .help = "format of the copied disks (default: same)");
OPT(o_network, .name = "network", .id = CLI_OPT_NETWORK, .arg = "SRC=DST",
    .value = CLI_VALUE_NETWORK, .help = "attach the interfaces on network SRC to DST (repeatable)");
OPT(o_priority, .name = "priority", .id = CLI_OPT_PRIORITY, .arg = "high|standard",
    .value = CLI_VALUE_WORDS, .help = "vMotion priority: how a move that does not converge escalates");
OPT(o_encrypt, .name = "encrypt", .id = CLI_OPT_ENCRYPT, .arg = "disabled|opportunistic|required",
    .value = CLI_VALUE_WORDS, .help = "encrypted vMotion: TLS when both hosts have it "
    "(opportunistic) or refused without (required); default: the config's encrypt");
OPT(o_connections, .name = "connections", .id = CLI_OPT_CONNECTIONS, .arg = "N",
    .help = "send a live move's memory over N parallel connections (1 to 16) when both "
    "hosts can; default: the config's connections");
OPT(o_compress, .name = "compress", .id = CLI_OPT_COMPRESS, .arg = "none|xbzrle|mt|zlib|zstd",
    .value = CLI_VALUE_WORDS, .help = "compress a live move's memory: xbzrle or mt on one "
    "stream, zlib or zstd on parallel connections; default: the config's compress");
OPT(o_measure_link, .name = "measure-link", .id = CLI_OPT_MEASURE_LINK,
    .help = "also measure the data path (plain TCP to the target's migration address; bounded)");

/* limits of a migration (move, wizard); the default is the plan's own
 * (PLAN_DEFAULT_MAX_DOWNTIME_MS, which engine/plan_limit.c's table says too) */
#define WORD(x) #x
#define NUMBER(x) WORD(x)
OPT(o_max_downtime, .name = "max-downtime", .id = CLI_OPT_MAX_DOWNTIME, .arg = "MS",
    .help = "longest pause of the VM at switchover, in ms (default "
	    NUMBER(PLAN_DEFAULT_MAX_DOWNTIME_MS) ")");
OPT(o_bandwidth, .name = "bandwidth", .id = CLI_OPT_BANDWIDTH, .arg = "MIBS",
    .help = "cap the migration stream, in MiB/s");
OPT(o_max_time, .name = "max-time", .id = CLI_OPT_MAX_TIME, .arg = "S",
    .help = "time budget of a live move, in seconds; aborted when spent");

OPT(o_delete_source, .name = "delete-source", .id = CLI_OPT_DELETE_SOURCE,
    .help = "cold moves: delete the source files after a verified copy");
OPT(o_move_dry_run, .name = "dry-run", .id = CLI_OPT_DRY_RUN, .help = "check only; start nothing");
OPT(o_save_answers, .name = "save-answers", .id = CLI_OPT_SAVE_ANSWERS, .arg = "FILE",
    .value = CLI_VALUE_FILE, .help = "save the move as an answers file for replay");
OPT(o_replay_dry_run, .name = "dry-run", .id = CLI_OPT_DRY_RUN,
    .help = "check every migration of FILE; start nothing");
OPT(o_yes, .name = "yes", .letter = 'y', .id = CLI_OPT_YES,
    .help = "run without asking (needed without a terminal)");
OPT(o_parallel, .name = "parallel", .id = CLI_OPT_PARALLEL,
    .help = "run the migrations at once, within the limits of check");
OPT(o_recover_dry_run, .name = "dry-run", .id = CLI_OPT_DRY_RUN,
    .help = "say what it would do; change nothing");

OPT(o_to, .name = "to", .id = CLI_OPT_TO, .arg = "HOST", .value = CLI_VALUE_HOSTS,
    .help = "a host the VMs may go to (repeatable; default: the other hosts of its cluster)");
OPT(o_evacuate_dry_run, .name = "dry-run", .id = CLI_OPT_DRY_RUN,
    .help = "print where each VM would go; start nothing");
OPT(o_evacuate_save, .name = "save-answers", .id = CLI_OPT_SAVE_ANSWERS, .arg = "FILE",
    .value = CLI_VALUE_FILE, .help = "save the moves as an answers file for replay --parallel; "
    "start nothing");
OPT(o_record, .name = "record", .id = CLI_OPT_RECORD, .arg = "FILE", .value = CLI_VALUE_FILE,
    .help = "write the way back to FILE (default: STATE/evacuations/HOST-TIME.ini)");
OPT(o_return, .name = "return", .id = CLI_OPT_RETURN, .arg = "FILE", .value = CLI_VALUE_FILE,
    .help = "bring back the VMs an evacuation recorded in FILE that are still where it put them");
OPT(o_evacuate_yes, .name = "yes", .letter = 'y', .id = CLI_OPT_YES,
    .help = "run without asking (needed without a terminal)");

OPT(o_cluster, .name = "cluster", .id = CLI_OPT_CLUSTER, .arg = "NAME",
    .help = "name of the cluster the hosts form (default: main)");
OPT(o_force, .name = "force", .id = CLI_OPT_FORCE,
    .help = "replace the config file if it exists");

const struct cli_opt *const cli_opts_common[] = {
	&o_config, &o_json, &o_accept_new, &o_refresh, &o_help, NULL,
};

static const struct cli_opt *const opts_none[] = { NULL };
static const struct cli_opt *const opts_main[] = { &o_theme, &o_version, NULL };
static const struct cli_opt *const opts_check[] = {
	&o_host, &o_kind, &o_datastore, &o_disk, &o_format, &o_network, &o_priority,
	&o_encrypt, &o_connections, &o_compress, &o_measure_link, NULL,
};
static const struct cli_opt *const opts_move[] = {
	&o_host, &o_kind, &o_datastore, &o_disk, &o_format, &o_network, &o_priority,
	&o_max_downtime, &o_bandwidth, &o_max_time, &o_encrypt, &o_connections, &o_compress,
	&o_delete_source, &o_move_dry_run, &o_save_answers, NULL,
};
static const struct cli_opt *const opts_replay[] = { &o_replay_dry_run, &o_yes, &o_parallel, NULL };
static const struct cli_opt *const opts_recover[] = { &o_recover_dry_run, NULL };
static const struct cli_opt *const opts_evacuate[] = {
	&o_to, &o_priority, &o_max_downtime, &o_bandwidth, &o_max_time, &o_encrypt,
	&o_connections, &o_compress, &o_evacuate_dry_run, &o_evacuate_save, &o_record, &o_return, &o_evacuate_yes, NULL,
};
static const struct cli_opt *const opts_init[] = { &o_cluster, &o_force, NULL };
static const struct cli_opt *const opts_wizard[] = {
	&o_theme, &o_max_downtime, &o_bandwidth, &o_max_time, &o_encrypt, &o_connections,
	&o_compress, NULL,
};

/* ---- commands ---------------------------------------------------------- */

const struct cli_cmd cli_cmds[] = {
	{ "init", "HOST...", 1, CLI_INIT_MAX_HOSTS, "the hosts, as ssh reaches them ([USER@]HOST[:PORT])",
	  CLI_VALUE_NONE,
	  "start from nothing: reach the hosts, accept their keys, write a config",
	  opts_init, cli_init },
	{ "hosts", "", 0, 0, NULL, CLI_VALUE_NONE,
	  "list the hosts: reachability, host key, CPU, memory, versions, pools, networks, VMs",
	  opts_none, cli_hosts },
	{ "vms", "", 0, 0, NULL, CLI_VALUE_NONE,
	  "list the VMs of every host: state, vCPUs, memory, disks and their pools, NICs",
	  opts_none, cli_vms },
	{ "check", "VM", 1, 1, "the name of a VM", CLI_VALUE_VMS,
	  "check whether VM can move, to one host (--host) or to every candidate host",
	  opts_check, cli_check },
	{ "move", "VM", 1, 1, "the name of a VM", CLI_VALUE_VMS,
	  "check, then move VM: vMotion, Storage vMotion, shared-nothing or cold",
	  opts_move, cli_move },
	{ "evacuate", "[HOST]", 0, 1, "the host to empty", CLI_VALUE_HOSTS,
	  "empty HOST (maintenance mode): each VM to the host the checks of move pick; "
	  "--return brings them back",
	  opts_evacuate, cli_evacuate },
	{ "replay", "FILE", 1, 1, "the answers file", CLI_VALUE_FILE,
	  "check, then run the migrations of an answers file, no terminal needed",
	  opts_replay, cli_replay },
	{ "recover", "", 0, 0, NULL, CLI_VALUE_NONE,
	  "finish the migrations a killed or failed run left; say where each VM is",
	  opts_recover, cli_recover },
	{ "history", "[VM|HOST]", 0, 1, NULL, CLI_VALUE_VMS_HOSTS,
	  "the migrations made so far (of VM, or to and from HOST), with the median time "
	  "and throughput per pair of hosts",
	  opts_none, cli_history },
	{ "evc", "[CLUSTER]", 0, 1, NULL, CLI_VALUE_CLUSTERS,
	  "EVC: which CPU baselines each host supports, and each cluster's baseline",
	  opts_none, cli_evc },
	{ "wizard", "[VM]", 0, 1, NULL, CLI_VALUE_VMS,
	  "the interactive Migrate dialog (the default on a terminal)",
	  opts_wizard, cli_wizard },
	{ "help", "[COMMAND]", 0, 1, NULL, CLI_VALUE_COMMANDS,
	  "show the commands, or the options of one", opts_none, cli_help },
	/* hidden: words and names for bash completion (config/completion/virt-migrate) */
	{ "complete", "WHAT [ARG]", 1, 2, "what to complete", CLI_VALUE_NONE, NULL,
	  opts_none, cli_complete },
	{ NULL, NULL, 0, 0, NULL, CLI_VALUE_NONE, NULL, NULL, NULL },
};

const struct cli_cmd cli_cmd_main = {
	"virt-migrate", "[COMMAND [ARGS]]", 0, 0, NULL, CLI_VALUE_COMMANDS,
	"move virtual machines between libvirt/KVM hosts", opts_main, NULL,
};

const struct cli_cmd *cli_cmd_find(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

const struct cli_opt *cli_cmd_opt_next(const struct cli_cmd *cmd, unsigned *i)
{
	unsigned n = 0;

	while (cmd->opts[n])
		n++;
	if (*i < n)
		return cmd->opts[(*i)++];
	if (cli_opts_common[*i - n])
		return cli_opts_common[(*i)++ - n];
	return NULL;
}

const char *cli_opt_words(const struct cli_opt *o, char *buf, unsigned len)
{
	const char *src = o->words ? o->words : o->arg ? o->arg : "";

	snprintf(buf, len, "%s", src);
	for (char *p = buf; *p; p++)
		if (*p == '|')
			*p = ' ';
	return buf;
}

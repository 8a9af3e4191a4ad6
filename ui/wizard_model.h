/* ui/wizard_model.h — the wizard's choices and rules, without curses.
 *
 * Which steps apply, what each step needs before Next, and the struct plan
 * the choices make.  The screens (ui/step_*.c) only show a model and call
 * these functions; the unit tests drive the same functions without a
 * terminal.
 */
#ifndef VIRT_MIGRATE_WIZARD_MODEL_H
#define VIRT_MIGRATE_WIZARD_MODEL_H

#include <stddef.h>

#include "../engine/engine.h"

#define WIZARD_NONE ((size_t)-1)

/* The steps, in the order of the seed's dialog. */
#define WIZARD_STEPS(X) \
	X(VM, "Select a virtual machine", "VM") \
	X(KIND, "Select the migration type", "Type") \
	X(HOST, "Select a compute resource", "Host") \
	X(STORAGE, "Select storage", "Storage") \
	X(NETWORK, "Select networks", "Networks") \
	X(PRIORITY, "Select vMotion priority", "Priority") \
	X(READY, "Ready to complete", "Ready")

enum wizard_step {
#define X(id, title, tab) WIZARD_STEP_##id,
	WIZARD_STEPS(X)
#undef X
	WIZARD_STEP_COUNT
};

enum wizard_verdict_state {
	WIZARD_VERDICT_NONE,	/* not asked */
	WIZARD_VERDICT_PENDING,	/* being computed */
	WIZARD_VERDICT_DONE,
};

/* What the checks say about one target host for the current VM and kind:
 * every finding of checks_evaluate(), counted as `virt-migrate check VM
 * --host H` counts them.  DEFERRED of its errors are settled by a later
 * step (wizard_model_finding_step()): they do not stop the host being
 * chosen; any other error does. */
/* What a verdict for several VMs keeps of each of them (n is 0 for one VM:
 * the verdict's facts are its facts and every finding is its). */
struct wizard_verdict_vms {
	size_t n;			/* the VMs of the move checked, or 0 */
	int *probed;			/* [n]: facts[k] are real */
	struct check_facts *facts;	/* [n]: each VM's facts for the host */
	size_t *finding_vm;		/* per finding: its VM, an index into the move's
					 * VMs, or WIZARD_VERDICT_TOGETHER */
};

/* The VM of a finding of every VM together (checks_together(): the VMs
 * need more memory or datastore room together than the host has, though
 * each fits alone): of no VM alone. */
#define WIZARD_VERDICT_TOGETHER ((size_t)-1)

struct wizard_verdict {
	enum wizard_verdict_state state;
	int probed;			/* facts below are real */
	struct check_facts facts;	/* the first VM's */
	struct findings findings;	/* all of them, of every VM: none is left out */
	size_t deferred;		/* errors a later step settles */
	struct wizard_verdict_vms per_vm;	/* several VMs: whose each finding is */
};

struct probe_dirty;

/* The dirty rates of the move's VMs, sampled in the background for the
 * forecast (ui/dirtysample.c, started by ui/ui_sample.c), for the move as
 * it was then: its VMs (src, vm, vms_gen) and whether it changes host. */
struct wizard_sample {
	enum wizard_verdict_state state;	/* NONE: not asked; PENDING: sampling */
	size_t src, vm;
	unsigned vms_gen;
	int needs_host;			/* plan_kind_needs_host() of the kind then */
	struct probe_dirty *vms;	/* [n], one per VM of the move, once DONE */
	size_t n;
};

struct wizard_model {
	struct inventory *inv;
	const struct config *cfg;

	size_t src, vm;			/* host and VM indexes, or WIZARD_NONE */
	/* The VMs of the move, all on host src (vms[0] == vm): one, or the VMs
	 * marked on the VM step.  Every later choice is shared by all of them. */
	size_t *vms, nvms;
	unsigned vms_gen;		/* counts changes of the VMs: checks follow it */
	/* marked on the VM step (Space), all on host mark_src; not yet the move's */
	size_t *marks, nmarks, mark_src;
	enum plan_kind kind;
	size_t target;			/* host index; the source for storage-only */
	struct wizard_verdict *verdicts;	/* one per host */

	char *datastore;		/* every disk, unless per_disk */
	enum plan_format format;
	int per_disk;
	char **disk_ds;			/* per disk of the VM */
	enum plan_format *disk_fmt;
	size_t ndisks;

	char **net_from;		/* distinct networks of the VM's NICs */
	char **net_to;			/* chosen network on the target, or NULL */
	size_t nnets;

	enum plan_priority priority;
	enum plan_encrypt encrypt;	/* Encrypted vMotion; never UNSET */
	/* Parallel streams and compression of a live move to another host
	 * (wizard_model_streams.c): never 0 / UNSET (init: the config's) */
	unsigned connections;
	enum plan_compress compress;
	/* the budget of the move, from the command line (0: the defaults) */
	unsigned max_downtime_ms, max_time_s, bandwidth_mibs;
	struct wizard_sample sample;	/* the dirty rates for the forecast */
};

const char *wizard_model_step_title(enum wizard_step s);
const char *wizard_model_step_tab(enum wizard_step s);

int wizard_model_init(struct wizard_model *m, struct inventory *inv, const struct config *cfg);
void wizard_model_free(struct wizard_model *m);

const struct inv_vm *wizard_model_vm(const struct wizard_model *m);
/* VM K of the move (0 is wizard_model_vm()), or NULL. */
const struct inv_vm *wizard_model_vm_at(const struct wizard_model *m, size_t k);
const struct inv_host *wizard_model_src(const struct wizard_model *m);
/* The host the VM ends on: the chosen target, or the source for storage-only. */
const struct inv_host *wizard_model_dst(const struct wizard_model *m);
int wizard_model_live(const struct wizard_model *m);
/* 1 when the vMotion priority means something: a live change of host (of
 * any VM of the move).  The priority step also applies to a suspended VM
 * moving host (its saved memory crosses the network), for Encrypted vMotion
 * alone. */
int wizard_model_priority_applies(const struct wizard_model *m);

/* Choose the VM (host index, VM index on that host).  A different VM than
 * before forgets every later choice.  -1 when the indexes are wrong. */
int wizard_model_set_vm(struct wizard_model *m, size_t host, size_t vm);
/* Choose the N VMs VMS of HOST (N >= 1, each once): the move's VMs.  Other
 * VMs than before forget every later choice.  -1 when an index is wrong. */
int wizard_model_set_vms(struct wizard_model *m, size_t host, const size_t *vms, size_t n);
int wizard_model_set_vm_name(struct wizard_model *m, const char *name);
/* Choose the kind; a change forgets the target host's verdicts and the
 * storage choice where they no longer fit. */
void wizard_model_set_kind(struct wizard_model *m, enum plan_kind k);
/* 1 when host I can be the target: checked, and no error but those a later
 * step settles; otherwise 0 and *why says why. */
int wizard_model_host_choosable(const struct wizard_model *m, size_t i, char *why, size_t len);
int wizard_model_set_target(struct wizard_model *m, size_t i);
/* Store the verdict for host I (takes the findings, every one of them). */
void wizard_model_verdict_set(struct wizard_model *m, size_t i, int probed,
			      const struct check_facts *facts, struct findings *found);
/* The later step that settles finding F of a host verdict for a plan of
 * KIND, or WIZARD_STEP_COUNT when none does (F stands against the host):
 * Networks maps net.missing and net.unknown, Storage picks the datastore
 * plan.no-datastore asks for (change both), Priority chooses the encryption
 * tls.required refuses and the streams and compression streams.* refuse.
 * It touches no model: a worker thread asks it. */
enum wizard_step wizard_model_finding_step(enum plan_kind kind, const struct finding *f);
/* How many errors of FOUND a later step settles, for a plan of KIND. */
size_t wizard_model_verdict_deferred(enum plan_kind kind, const struct findings *found);
/* The two halves of wizard_model_verdict_set(): the worker counts DEFERRED
 * (wizard_model_verdict_deferred); put moves the findings into the verdict
 * of host I (FOUND is left empty), copying no finding: O(1). */
void wizard_model_verdict_put(struct wizard_model *m, size_t i, int probed,
			      const struct check_facts *facts, struct findings *found,
			      size_t deferred);
/* After put: what is per VM in a verdict for several VMs (PER is moved in
 * and left empty). */
void wizard_model_verdict_put_vms(struct wizard_model *m, size_t i,
				  struct wizard_verdict_vms *per);
void wizard_model_verdict_vms_free(struct wizard_verdict_vms *per);
void wizard_model_verdicts_reset(struct wizard_model *m);

int wizard_model_set_datastore(struct wizard_model *m, const char *pool);
void wizard_model_set_format(struct wizard_model *m, enum plan_format f);
/* Per disk, each copied disk starts from the common datastore and format
 * (one VM only: with several, every disk takes the common datastore).
 * A disk the engine does not copy (disk_copyable(), engine/disk.c) stays
 * where it is: set_disk refuses it (-1), the plan names no datastore for it. */
void wizard_model_set_per_disk(struct wizard_model *m, int on);
int wizard_model_set_disk(struct wizard_model *m, size_t disk, const char *pool,
			  enum plan_format f);
int wizard_model_set_net(struct wizard_model *m, size_t i, const char *to);
void wizard_model_set_priority(struct wizard_model *m, enum plan_priority p);
/* Encrypted vMotion: UNSET (or a bad value) leaves the choice as it is. */
void wizard_model_set_encrypt(struct wizard_model *m, enum plan_encrypt e);

/* ---- parallel streams and compression (wizard_model_streams.c) -------- */

/* The parallel streams of a live move (multifd): 0, or more than
 * STREAMS_MAX_CONNECTIONS (engine/streams.h), leaves the choice as it is. */
void wizard_model_set_connections(struct wizard_model *m, unsigned n);
/* Its compression: UNSET (or a bad value) leaves the choice as it is. */
void wizard_model_set_compress(struct wizard_model *m, enum plan_compress c);
/* 1 when the streams mean something: a VM of the move moves live to
 * another host (a cold or suspended VM moves no memory stream). */
int wizard_model_streams_apply(const struct wizard_model *m);
/* 0 when the source and the chosen target can do the streams and
 * compression chosen (streams_supported(), engine/streams.c, the engine's
 * one rule), or when they do not apply or no target is chosen yet; -1 with
 * WHY (a sentence naming the hosts, a hint with the fix) when they cannot. */
int wizard_model_streams_check(const struct wizard_model *m, struct vm_error *why);

/* 1 when step S is part of this migration (vCenter skips the others). */
int wizard_model_step_applies(const struct wizard_model *m, enum wizard_step s);
/* The next / previous step that applies, or WIZARD_STEP_COUNT. */
enum wizard_step wizard_model_next(const struct wizard_model *m, enum wizard_step s);
enum wizard_step wizard_model_prev(const struct wizard_model *m, enum wizard_step s);
/* 1 when step S has what it needs; otherwise 0 and *why says what is missing. */
int wizard_model_step_valid(const struct wizard_model *m, enum wizard_step s, char *why,
			    size_t len);

/* The plan the choices make (so far) for the first VM.  -1 when no VM is chosen. */
int wizard_model_plan(const struct wizard_model *m, struct plan *out);
/* The plan of VM K of the move: the shared choices, the networks its NICs use. */
int wizard_model_plan_vm(const struct wizard_model *m, size_t k, struct plan *out);
/* The checks for the plans so far of every VM of the move, in the order of
 * the VMs, with the facts probed for the target host when there are some.
 * Returns the number of errors. */
size_t wizard_model_check(const struct wizard_model *m, struct findings *out);
/* The same for VM K alone. */
size_t wizard_model_check_vm(const struct wizard_model *m, size_t k, struct findings *out);
/* What the VMs of the move need together on their target (checks_together():
 * mem.together, storage.together) that no VM's own checks say; nothing for
 * one VM.  wizard_model_check() includes it.  Returns the number of errors. */
size_t wizard_model_check_together(const struct wizard_model *m, struct findings *out);

/* ---- several VMs (wizard_model_vms.c) ---------------------------------- */

/* How many VMs of the move are live. */
size_t wizard_model_vms_live(const struct wizard_model *m);
/* Mark or unmark VM (HOST, VM) on the VM step: 1 marked, 0 unmarked; -1
 * (*why says why) when it is on another host than the VMs marked already:
 * the steps after choose one target, datastore and network map for all. */
int wizard_model_vms_mark(struct wizard_model *m, size_t host, size_t vm, char *why,
			  size_t len);
int wizard_model_vms_marked(const struct wizard_model *m, size_t host, size_t vm);
/* Next on the VM step: the marked VMs, or (HOST, VM) when none is marked. */
int wizard_model_vms_choose(struct wizard_model *m, size_t host, size_t vm);
/* Step S's heading: its title, and on the VM step the count of marks. */
void wizard_model_vms_heading(const struct wizard_model *m, enum wizard_step s, char *buf,
			      size_t len);
/* A group of the findings of a host verdict for several VMs: VM K of the
 * move's, or (K = WIZARD_VERDICT_TOGETHER) those of the VMs together, which
 * come before the VMs' own. */
struct wizard_verdict_group {
	size_t findings, errors, warnings;
	size_t later;			/* errors a later step settles */
	int weight;			/* 3: an error that blocks the host; 2: errors a
					 * later step settles; 1: warnings; 0: none */
	char line[256];			/* its heading: "VM 'web1': 2 errors, 1 later",
					 * "All 2 VMs together: 1 error" */
};
/* 1 when finding I of V is of group K. */
int wizard_model_verdict_in_group(const struct wizard_verdict *v, size_t i, size_t k);
/* Group K of V counted, with its heading, into *G. */
void wizard_model_verdict_group(const struct wizard_model *m, const struct wizard_verdict *v,
				size_t k, struct wizard_verdict_group *g);
/* The plans of every VM of the move (*N of them, in *PLANS); -1 when some
 * cannot be made.  wizard_model_vms_plans_free() frees them. */
int wizard_model_vms_plans(const struct wizard_model *m, struct plan **plans, size_t *n);
void wizard_model_vms_plans_free(struct plan *plans, size_t n);

/* ---- the forecast of a live move (wizard_model_forecast.c) ------------ */

struct forecast;

/* 1 when a VM of the move would move live to another host: its forecast
 * needs the VM's dirty rate sampled. */
int wizard_model_forecast_applies(const struct wizard_model *m);
/* 1 when M->sample (under way or in) is for the move as it is now. */
int wizard_model_sample_current(const struct wizard_model *m);
/* A sample is under way for the move as it is now: the one before is
 * forgotten. */
void wizard_model_sample_begin(struct wizard_model *m);
/* The sample is in: VMS (N of them, malloc'd, one per VM of the move in
 * its order) is moved in when the sample under way is still for the move
 * as it is now (1), else freed (0). */
int wizard_model_sample_put(struct wizard_model *m, struct probe_dirty *vms, size_t n);
void wizard_model_sample_free(struct wizard_model *m);
/* The forecast of VM K's move (forecast_plan(): FORECAST_NONE when it is
 * not live between hosts) from its sample and the facts of the target's
 * verdict; unknown with the reason when it was not sampled. */
void wizard_model_forecast(const struct wizard_model *m, size_t k, struct forecast *out);
/* The same in a few words into BUF for Ready to complete: "sampling the
 * dirty rate..." while the sample is under way, else forecast_brief()
 * ("converges: about 12 s, ...", "unknown: REASON"); 1.  "-" and 0 when VM
 * K does not move live to another host: no forecast applies. */
int wizard_model_forecast_text(const struct wizard_model *m, size_t k, char *buf, size_t len);

#endif

/* ui/wizard_model.c — the wizard's choices and rules, without curses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wizard_model.h"

static const char *const step_titles[] = {
#define X(id, title, tab) title,
	WIZARD_STEPS(X)
#undef X
};

static const char *const step_tabs[] = {
#define X(id, title, tab) tab,
	WIZARD_STEPS(X)
#undef X
};

const char *wizard_model_step_title(enum wizard_step s)
{
	return s < WIZARD_STEP_COUNT ? step_titles[s] : "";
}

const char *wizard_model_step_tab(enum wizard_step s)
{
	return s < WIZARD_STEP_COUNT ? step_tabs[s] : "";
}

static void set_why(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;
	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* A copy of S (or NULL) in *SLOT, whose old string is freed; -1 when out
 * of memory (*SLOT is left as it was). */
static int replace(char **slot, const char *s)
{
	char *copy = s ? strdup(s) : NULL;
	if (s && !copy)
		return -1;
	free(*slot);
	*slot = copy;
	return 0;
}

int wizard_model_init(struct wizard_model *m, struct inventory *inv, const struct config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->inv = inv;
	m->cfg = cfg;
	m->src = m->vm = m->target = m->mark_src = WIZARD_NONE;
	m->kind = PLAN_KIND_COMPUTE;
	m->format = PLAN_FORMAT_SAME;
	m->priority = PLAN_PRIORITY_HIGH;	/* vCenter's recommended choice */
	m->encrypt = PLAN_ENCRYPT_OPPORTUNISTIC;	/* vCenter's default */
	/* the config's defaults, which the command line may replace */
	m->connections = 1;
	m->compress = PLAN_COMPRESS_NONE;
	wizard_model_set_connections(m, (unsigned)config_connections(cfg));
	enum plan_compress c;
	if (plan_compress_parse(config_compress(cfg), &c) == 0)
		wizard_model_set_compress(m, c);
	m->verdicts = calloc(inv->nhosts ? inv->nhosts : 1, sizeof(*m->verdicts));
	return m->verdicts ? 0 : -1;
}

static void forget_storage(struct wizard_model *m)
{
	free(m->datastore);
	m->datastore = NULL;
	for (size_t i = 0; i < m->ndisks; i++) {
		free(m->disk_ds[i]);
		m->disk_ds[i] = NULL;
		m->disk_fmt[i] = PLAN_FORMAT_SAME;
	}
}

static void forget_vm(struct wizard_model *m)
{
	forget_storage(m);
	free(m->disk_ds);
	free(m->disk_fmt);
	m->disk_ds = NULL;
	m->disk_fmt = NULL;
	m->ndisks = 0;
	for (size_t i = 0; i < m->nnets; i++) {
		free(m->net_from[i]);
		free(m->net_to[i]);
	}
	free(m->net_from);
	free(m->net_to);
	m->net_from = m->net_to = NULL;
	m->nnets = 0;
	m->per_disk = 0;
	m->format = PLAN_FORMAT_SAME;
	m->target = WIZARD_NONE;
	free(m->vms);
	m->vms = NULL;
	m->nvms = 0;
	m->vms_gen++;
	wizard_model_verdicts_reset(m);
}

void wizard_model_verdict_vms_free(struct wizard_verdict_vms *per)
{
	if (!per)
		return;
	free(per->probed);
	free(per->facts);
	free(per->finding_vm);
	memset(per, 0, sizeof(*per));
}

void wizard_model_verdicts_reset(struct wizard_model *m)
{
	for (size_t i = 0; m->verdicts && i < m->inv->nhosts; i++) {
		findings_free(&m->verdicts[i].findings);
		wizard_model_verdict_vms_free(&m->verdicts[i].per_vm);
		memset(&m->verdicts[i], 0, sizeof(m->verdicts[i]));
	}
}

void wizard_model_free(struct wizard_model *m)
{
	if (!m || !m->inv)
		return;
	forget_vm(m);
	wizard_model_sample_free(m);
	free(m->verdicts);
	m->verdicts = NULL;
	free(m->marks);
	m->marks = NULL;
	m->nmarks = 0;
}

const struct inv_vm *wizard_model_vm(const struct wizard_model *m)
{
	if (m->src == WIZARD_NONE || m->vm == WIZARD_NONE)
		return NULL;
	return &m->inv->hosts[m->src].vms[m->vm];
}

const struct inv_vm *wizard_model_vm_at(const struct wizard_model *m, size_t k)
{
	if (k == 0)
		return wizard_model_vm(m);
	if (m->src == WIZARD_NONE || k >= m->nvms)
		return NULL;
	return &m->inv->hosts[m->src].vms[m->vms[k]];
}

const struct inv_host *wizard_model_src(const struct wizard_model *m)
{
	return m->src == WIZARD_NONE ? NULL : &m->inv->hosts[m->src];
}

const struct inv_host *wizard_model_dst(const struct wizard_model *m)
{
	if (!plan_kind_needs_host(m->kind))
		return wizard_model_src(m);
	return m->target == WIZARD_NONE ? NULL : &m->inv->hosts[m->target];
}

int wizard_model_live(const struct wizard_model *m)
{
	return plan_is_live(wizard_model_vm(m));
}

int wizard_model_priority_applies(const struct wizard_model *m)
{
	return plan_kind_needs_host(m->kind) && wizard_model_vms_live(m) > 0;
}

/* The networks of the NICs of every VM of the move, each once. */
static int collect_nets(struct wizard_model *m)
{
	size_t nics = 0;
	for (size_t k = 0; k < m->nvms; k++)
		nics += wizard_model_vm_at(m, k)->nnics;
	m->net_from = calloc(nics + 1, sizeof(char *));
	m->net_to = calloc(nics + 1, sizeof(char *));
	if (!m->net_from || !m->net_to)
		return -1;
	for (size_t k = 0; k < m->nvms; k++) {
		const struct inv_vm *vm = wizard_model_vm_at(m, k);
		for (size_t i = 0; i < vm->nnics; i++) {
			const char *n = vm->nics[i].network;
			size_t j;
			if (!n)
				continue;
			for (j = 0; j < m->nnets; j++)
				if (strcmp(m->net_from[j], n) == 0)
					break;
			if (j < m->nnets)
				continue;
			if (!(m->net_from[m->nnets] = strdup(n)))
				return -1;
			m->nnets++;
		}
	}
	return 0;
}

/* 1 when the move's VMs are the N VMS of HOST already, in that order. */
static int same_vms(const struct wizard_model *m, size_t host, const size_t *vms, size_t n)
{
	if (host != m->src || n != m->nvms)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (m->vms[k] != vms[k])
			return 0;
	return 1;
}

int wizard_model_set_vms(struct wizard_model *m, size_t host, const size_t *vms, size_t n)
{
	if (host >= m->inv->nhosts || !vms || n == 0)
		return -1;
	for (size_t k = 0; k < n; k++) {
		if (vms[k] >= m->inv->hosts[host].nvms)
			return -1;
		for (size_t j = 0; j < k; j++)
			if (vms[j] == vms[k])
				return -1;
	}
	if (same_vms(m, host, vms, n))
		return 0;
	forget_vm(m);
	m->src = host;
	m->vm = vms[0];
	m->kind = PLAN_KIND_COMPUTE;
	const struct inv_vm *v = &m->inv->hosts[host].vms[vms[0]];
	m->ndisks = v->ndisks;
	m->disk_ds = calloc(v->ndisks + 1, sizeof(char *));
	m->disk_fmt = calloc(v->ndisks + 1, sizeof(enum plan_format));
	m->vms = calloc(n, sizeof(*m->vms));
	if (m->vms) {
		memcpy(m->vms, vms, n * sizeof(*vms));
		m->nvms = n;
	}
	if (!m->disk_ds || !m->disk_fmt || !m->vms || collect_nets(m) != 0) {
		forget_vm(m);
		m->src = m->vm = WIZARD_NONE;
		return -1;
	}
	return 0;
}

int wizard_model_set_vm(struct wizard_model *m, size_t host, size_t vm)
{
	return wizard_model_set_vms(m, host, &vm, 1);
}

int wizard_model_set_vm_name(struct wizard_model *m, const char *name)
{
	for (size_t h = 0; name && h < m->inv->nhosts; h++)
		for (size_t v = 0; v < m->inv->hosts[h].nvms; v++)
			if (strcmp(m->inv->hosts[h].vms[v].name, name) == 0)
				return wizard_model_set_vm(m, h, v);
	return -1;
}

void wizard_model_set_kind(struct wizard_model *m, enum plan_kind k)
{
	if (k >= PLAN_KIND_COUNT || k == m->kind)
		return;
	m->kind = k;
	wizard_model_verdicts_reset(m);
	forget_storage(m);
	m->per_disk = 0;
	m->target = !plan_kind_needs_host(k) ? m->src : WIZARD_NONE;
}

int wizard_model_host_choosable(const struct wizard_model *m, size_t i, char *why, size_t len)
{
	const struct inv_vm *vm = wizard_model_vm(m);
	if (!vm || i >= m->inv->nhosts) {
		set_why(why, len, "Choose a VM first.");
		return 0;
	}
	const struct inv_host *h = &m->inv->hosts[i];
	const struct wizard_verdict *v = &m->verdicts[i];
	if (i == m->src) {
		if (m->nvms > 1)
			set_why(why, len, "The %zu VMs already run on host %s; choose another host.",
				m->nvms, h->cfg->name);
		else
			set_why(why, len, "VM '%s' already runs on host %s; choose another host.",
				vm->name, h->cfg->name);
		return 0;
	}
	if (!h->reachable) {
		set_why(why, len, "Host %s is unreachable: %s", h->cfg->name, h->error.message);
		return 0;
	}
	if (v->state != WIZARD_VERDICT_DONE) {
		set_why(why, len, "Host %s is still being checked.", h->cfg->name);
		return 0;
	}
	if (v->findings.errors > v->deferred) {	/* an error no later step settles */
		for (size_t k = 0; k < v->findings.count; k++)
			if (v->findings.items[k].severity == FINDING_ERROR &&
			    wizard_model_finding_step(m->kind, &v->findings.items[k]) ==
			    WIZARD_STEP_COUNT) {
				const struct inv_vm *of = v->per_vm.finding_vm
					? wizard_model_vm_at(m, v->per_vm.finding_vm[k]) : NULL;
				if (wizard_model_verdict_in_group(v, k, WIZARD_VERDICT_TOGETHER))
					set_why(why, len, "Host %s cannot take the %zu VMs together: %s",
						h->cfg->name, v->per_vm.n, v->findings.items[k].message);
				else
					set_why(why, len, "Host %s cannot take VM '%s': %s", h->cfg->name,
						(of ? of : vm)->name, v->findings.items[k].message);
				break;
			}
		return 0;
	}
	return 1;
}

static void default_nets(struct wizard_model *m)
{
	const struct inv_host *dst = wizard_model_dst(m);
	for (size_t i = 0; i < m->nnets; i++) {
		free(m->net_to[i]);
		m->net_to[i] = NULL;
		const struct inv_net *n = dst ? inv_host_net(dst, m->net_from[i]) : NULL;
		if (n && n->active)
			m->net_to[i] = strdup(n->name);
	}
}

int wizard_model_set_target(struct wizard_model *m, size_t i)
{
	if (!wizard_model_host_choosable(m, i, NULL, 0))
		return -1;
	if (m->target != i) {
		m->target = i;
		forget_storage(m);
		default_nets(m);
	}
	return 0;
}

/* What a host verdict counts but a later step settles: the networks, the
 * datastore and the encryption are chosen after the host (Ready to
 * complete checks them again).  The steps named apply whenever the finding
 * can arise: a host step means a change of host, net.* a VM with networks,
 * tls.* a VM whose memory crosses the network, streams.* a live VM. */
enum wizard_step wizard_model_finding_step(enum plan_kind kind, const struct finding *f)
{
	if (!plan_kind_needs_host(kind))
		return WIZARD_STEP_COUNT;	/* no host step: nothing is later */
	if (strcmp(f->code, "net.missing") == 0 || strcmp(f->code, "net.unknown") == 0)
		return WIZARD_STEP_NETWORK;
	if (kind == PLAN_KIND_BOTH && strcmp(f->code, "plan.no-datastore") == 0)
		return WIZARD_STEP_STORAGE;
	/* the encryption, and the streams and compression (engine/checks_streams.c:
	 * streams.*), are chosen on the priority step */
	if (strcmp(f->code, "tls.required") == 0 || strncmp(f->code, "streams.", 8) == 0)
		return WIZARD_STEP_PRIORITY;
	return WIZARD_STEP_COUNT;
}

size_t wizard_model_verdict_deferred(enum plan_kind kind, const struct findings *found)
{
	size_t n = 0;
	for (size_t k = 0; found && k < found->count; k++)
		n += found->items[k].severity == FINDING_ERROR &&
		     wizard_model_finding_step(kind, &found->items[k]) != WIZARD_STEP_COUNT;
	return n;
}

void wizard_model_verdict_put(struct wizard_model *m, size_t i, int probed,
			      const struct check_facts *facts, struct findings *found,
			      size_t deferred)
{
	if (i >= m->inv->nhosts)
		return;
	struct wizard_verdict *v = &m->verdicts[i];
	findings_free(&v->findings);	/* none, unless host I was asked twice */
	wizard_model_verdict_vms_free(&v->per_vm);
	memset(v, 0, sizeof(*v));
	v->state = WIZARD_VERDICT_DONE;
	v->probed = probed;
	if (facts)
		v->facts = *facts;
	if (found) {
		v->findings = *found;
		memset(found, 0, sizeof(*found));
		v->deferred = deferred < v->findings.errors ? deferred : v->findings.errors;
	}
}

void wizard_model_verdict_set(struct wizard_model *m, size_t i, int probed,
			      const struct check_facts *facts, struct findings *found)
{
	if (i >= m->inv->nhosts)
		return;
	wizard_model_verdict_put(m, i, probed, facts, found,
				 wizard_model_verdict_deferred(m->kind, found));
}

void wizard_model_verdict_put_vms(struct wizard_model *m, size_t i,
				  struct wizard_verdict_vms *per)
{
	if (i >= m->inv->nhosts || !per)
		return;
	wizard_model_verdict_vms_free(&m->verdicts[i].per_vm);
	m->verdicts[i].per_vm = *per;
	memset(per, 0, sizeof(*per));
}

int wizard_model_set_datastore(struct wizard_model *m, const char *pool)
{
	return replace(&m->datastore, pool);
}

void wizard_model_set_format(struct wizard_model *m, enum plan_format f)
{
	if (f < PLAN_FORMAT_COUNT)
		m->format = f;
}

void wizard_model_set_per_disk(struct wizard_model *m, int on)
{
	const struct inv_vm *vm = wizard_model_vm(m);
	m->per_disk = !!on && m->nvms <= 1;	/* several VMs: the common datastore */
	if (!on)
		return;
	for (size_t i = 0; i < m->ndisks; i++) {	/* start from the common choice */
		if (!disk_copyable(&vm->disks[i]))
			continue;	/* it stays: no datastore to offer */
		if (!m->disk_ds[i] && m->datastore)
			m->disk_ds[i] = strdup(m->datastore);
		if (m->disk_fmt[i] == PLAN_FORMAT_SAME)
			m->disk_fmt[i] = m->format;
	}
}

int wizard_model_set_disk(struct wizard_model *m, size_t disk, const char *pool,
			  enum plan_format f)
{
	/* the engine's rule: a disk it does not copy takes no datastore */
	if (disk >= m->ndisks || f >= PLAN_FORMAT_COUNT ||
	    !disk_copyable(&wizard_model_vm(m)->disks[disk]) || replace(&m->disk_ds[disk], pool) != 0)
		return -1;
	m->disk_fmt[disk] = f;
	return 0;
}

int wizard_model_set_net(struct wizard_model *m, size_t i, const char *to)
{
	return i < m->nnets ? replace(&m->net_to[i], to) : -1;
}

void wizard_model_set_priority(struct wizard_model *m, enum plan_priority p)
{
	if (p < PLAN_PRIORITY_COUNT)
		m->priority = p;
}

void wizard_model_set_encrypt(struct wizard_model *m, enum plan_encrypt e)
{
	if (e > PLAN_ENCRYPT_UNSET && e < PLAN_ENCRYPT_COUNT)
		m->encrypt = e;
}

int wizard_model_step_applies(const struct wizard_model *m, enum wizard_step s)
{
	switch (s) {
	case WIZARD_STEP_VM:
	case WIZARD_STEP_KIND:
	case WIZARD_STEP_READY:
		return 1;
	case WIZARD_STEP_HOST:
		return plan_kind_needs_host(m->kind);
	case WIZARD_STEP_STORAGE:
		return plan_kind_moves_storage(m->kind);
	case WIZARD_STEP_NETWORK:
		return plan_kind_needs_host(m->kind) && m->nnets > 0;
	case WIZARD_STEP_PRIORITY:	/* and Encrypted vMotion: memory crosses */
		if (!plan_kind_needs_host(m->kind))
			return 0;
		for (size_t k = 0; k < (m->nvms ? m->nvms : 1); k++)
			if (plan_is_streamed(wizard_model_vm_at(m, k)))
				return 1;
		return 0;
	default:
		return 0;
	}
}

enum wizard_step wizard_model_next(const struct wizard_model *m, enum wizard_step s)
{
	for (int i = (int)s + 1; i < WIZARD_STEP_COUNT; i++)
		if (wizard_model_step_applies(m, (enum wizard_step)i))
			return (enum wizard_step)i;
	return WIZARD_STEP_COUNT;
}

enum wizard_step wizard_model_prev(const struct wizard_model *m, enum wizard_step s)
{
	for (int i = (int)s - 1; i >= 0; i--)
		if (wizard_model_step_applies(m, (enum wizard_step)i))
			return (enum wizard_step)i;
	return WIZARD_STEP_COUNT;
}

/* The first error among the findings whose code starts with one of PREFIXES
 * (NULL-terminated; NULL: any), or NULL. */
static const struct finding *first_error(const struct findings *f, const char *const *prefixes)
{
	for (size_t i = 0; i < f->count; i++) {
		const struct finding *x = &f->items[i];
		if (x->severity != FINDING_ERROR)
			continue;
		if (!prefixes)
			return x;
		for (const char *const *p = prefixes; *p; p++)
			if (strncmp(x->code, *p, strlen(*p)) == 0)
				return x;
	}
	return NULL;
}

static int storage_valid(const struct wizard_model *m, char *why, size_t len)
{
	static const char *const storage_codes[] = { "storage.", "plan.no-datastore", NULL };
	const struct inv_vm *vm = wizard_model_vm(m);
	if (m->per_disk) {
		for (size_t i = 0; i < m->ndisks; i++)
			if (!m->disk_ds[i] && disk_copyable(&vm->disks[i])) {
				set_why(why, len, "Choose a datastore for disk %s.",
					vm->disks[i].target);
				return 0;
			}
	} else if (!m->datastore) {
		if (m->nvms > 1)
			set_why(why, len, "Choose a datastore for the disks of the %zu VMs.", m->nvms);
		else
			set_why(why, len, "Choose a datastore for the disks of VM '%s'.", vm->name);
		return 0;
	}
	int ok = 1;
	for (size_t k = 0; ok && k < (m->nvms ? m->nvms : 1); k++) {
		struct findings f = { 0 };
		wizard_model_check_vm(m, k, &f);
		const struct finding *x = first_error(&f, storage_codes);
		ok = x == NULL;
		if (x)
			set_why(why, len, "%s", x->message);
		/* storage only, and every disk stays where it is: nothing to do */
		for (size_t i = 0; ok && !plan_kind_needs_host(m->kind) && i < f.count; i++)
			if (f.items[i].severity == FINDING_WARNING &&
			    strcmp(f.items[i].code, "storage.same-datastore") == 0) {
				set_why(why, len, "No disk of VM '%s' would move: choose another "
					"datastore than the one its disks are on.",
					wizard_model_vm_at(m, k)->name);
				ok = 0;
			}
		findings_free(&f);
	}
	if (ok) {	/* each VM fits alone: do they all, in one datastore? */
		struct findings f = { 0 };
		wizard_model_check_together(m, &f);
		const struct finding *x = first_error(&f, storage_codes);
		ok = x == NULL;
		if (x)
			set_why(why, len, "%s", x->message);
		findings_free(&f);
	}
	return ok;
}

int wizard_model_step_valid(const struct wizard_model *m, enum wizard_step s, char *why,
			    size_t len)
{
	const struct inv_vm *vm = wizard_model_vm(m);
	set_why(why, len, "%s", "");
	if (!vm) {
		set_why(why, len, "Choose a virtual machine first.");
		return 0;
	}
	switch (s) {
	case WIZARD_STEP_VM:
		return 1;
	case WIZARD_STEP_KIND:
		for (size_t k = 0; k < (m->nvms ? m->nvms : 1); k++) {
			const struct inv_vm *v = wizard_model_vm_at(m, k);
			if (plan_kind_moves_storage(m->kind) && v->ndisks == 0) {
				set_why(why, len, "VM '%s' has no disk: there is no storage to move.",
					v->name);
				return 0;
			}
		}
		return 1;
	case WIZARD_STEP_HOST:
		if (m->target == WIZARD_NONE) {
			if (m->nvms > 1)
				set_why(why, len, "Choose the host the %zu VMs move to.", m->nvms);
			else
				set_why(why, len, "Choose the host VM '%s' moves to.", vm->name);
			return 0;
		}
		return wizard_model_host_choosable(m, m->target, why, len);
	case WIZARD_STEP_STORAGE:
		return storage_valid(m, why, len);
	case WIZARD_STEP_NETWORK: {
		const struct inv_host *dst = wizard_model_dst(m);
		for (size_t i = 0; i < m->nnets; i++) {
			if (!m->net_to[i] || !dst || !inv_host_net(dst, m->net_to[i])) {
				set_why(why, len, "Network '%s' has no destination on host %s; "
					"choose one.", m->net_from[i], dst ? dst->cfg->name : "?");
				return 0;
			}
		}
		return 1;
	}
	case WIZARD_STEP_PRIORITY: {
		/* streams the hosts cannot do: the engine would refuse the move */
		struct vm_error err = { 0 };
		if (wizard_model_streams_check(m, &err) == 0)
			return 1;
		set_why(why, len, "%s", err.message);
		return 0;
	}
	case WIZARD_STEP_READY: {
		for (int k = 0; k < WIZARD_STEP_READY; k++)
			if (wizard_model_step_applies(m, (enum wizard_step)k) &&
			    !wizard_model_step_valid(m, (enum wizard_step)k, why, len))
				return 0;
		struct findings f = { 0 };
		wizard_model_check(m, &f);
		const struct finding *x = first_error(&f, NULL);
		if (x)
			set_why(why, len, "%s", x->message);
		findings_free(&f);
		return x == NULL;
	}
	default:
		return 0;
	}
}

/* tests/unit/wizfix.h — the wizard model on checkfix's world, for the
 * wizard_model suites: the model set up, hosts and VMs by name, the move's
 * two VMs chosen, a host's verdict as the background checks make it.
 *
 * The world is checkfix's (checkfix.h): hosts a, b, c; vm1 running on a
 * (2 GiB, disk vda on the shared pool, a NIC on "default"). */
#ifndef VIRT_MIGRATE_WIZFIX_H
#define VIRT_MIGRATE_WIZFIX_H

#include "checkfix.h"
#include "../../ui/wizard_model.h"

/* checkfix's world with the VMs named by the NULL-terminated HOST, NAME
 * pairs added (fx_add_vm), and M initialised on it. */
struct fx *wizfix_new(struct wizard_model *m, ...) __attribute__((sentinel));

/* The index of host NAME in the inventory, of VM NAME on host HOST. */
size_t wizfix_host(struct fx *f, const char *name);
size_t wizfix_vm(struct fx *f, const char *host, const char *name);

/* Mark vm1 and vm2 of host a and go Next: the move's two VMs. */
void wizfix_choose_two(struct wizard_model *m, struct fx *f);

/* The plan so far of VM K of the move, aimed at host NAME (plan_free it). */
void wizfix_plan_at(const struct wizard_model *m, size_t k, const char *name, struct plan *p);

/* Host NAME's verdict as the background checks make it (ui/hostcheck.c)
 * with the fixture's facts.  One VM: its plan aimed at NAME checked, the
 * deferred errors counted, moved into the model.  Several VMs
 * (wizfix_verdict_vms): each VM's plan checked, the findings one list in
 * the VMs' order, each tagged with its VM; with TOGETHER, then the plans
 * together (checks_together), tagged WIZARD_VERDICT_TOGETHER. */
void wizfix_verdict(struct wizard_model *m, struct fx *f, const char *name);
void wizfix_verdict_vms(struct wizard_model *m, struct fx *f, const char *name, int together);

#endif

/* engine/checks_tls.c — encrypted vMotion: what the move's memory and disk
 * streams will cross the network as, by the one rule of engine/tls.c.
 *
 * Live and shared-nothing moves (and suspended VMs, moved live) send guest
 * memory and copied disks from QEMU to QEMU on the migration network: under
 * TLS when the plan's setting and both hosts allow it, else in clear.  A
 * cold move's disks go host to host through SSH, encrypted whatever the
 * setting; nothing to decide there.
 */
#include <stdio.h>
#include <string.h>

#include "checks_int.h"

void checks_tls(struct check_ctx *c)
{
	const struct plan *p = c->plan;
	const struct check_facts *f = c->facts;
	char why[320], hint[256];

	if (!plan_is_streamed(c->vm)) {
		if (p->encrypt == PLAN_ENCRYPT_REQUIRED)
			findings_add(c->out, FINDING_INFO, "tls.ssh", NULL,
				     "VM '%s' is shut off: its disks go from '%s' to '%s' through "
				     "SSH, encrypted whatever the encryption setting.", c->vm->name,
				     c->src_name, c->dst_name);
		return;
	}
	if (!f) {
		if (p->encrypt == PLAN_ENCRYPT_REQUIRED)
			findings_add(c->out, FINDING_ERROR, "tls.required",
				     "Run the checks with both hosts reachable.",
				     "Encryption is required, but the TLS set-up of '%s' and '%s' "
				     "was not read.", c->src_name, c->dst_name);
		return;
	}
	switch (tls_decide(p->encrypt, c->src_name, &f->tls_src, c->dst_name, &f->tls_dst, why,
			   sizeof(why))) {
	case TLS_USE_TLS:
		findings_add(c->out, FINDING_INFO, "tls.encrypted", NULL,
			     "Memory%s of VM '%s' will cross from '%s' to '%s' under TLS "
			     "(certificates in %s on '%s', %s on '%s').",
			     c->storage_move ? " and disks" : "", c->vm->name, c->src_name,
			     c->dst_name, f->tls_src.dir, c->src_name, f->tls_dst.dir, c->dst_name);
		break;
	case TLS_USE_REFUSED:
		findings_add(c->out, FINDING_ERROR, "tls.required",
			     checks_fmt(hint, sizeof(hint), "Set up TLS migration on both hosts "
					"(man virt-migrate, SECURITY CONSIDERATIONS), or choose "
					"--encrypt opportunistic to allow a move in clear."),
			     "Encryption is required, but %s: VM '%s' cannot move from '%s' to "
			     "'%s' encrypted.", why, c->vm->name, c->src_name, c->dst_name);
		break;
	case TLS_USE_CLEAR:
		if (p->encrypt == PLAN_ENCRYPT_DISABLED)
			findings_add(c->out, FINDING_INFO, "tls.disabled", NULL,
				     "Encryption is disabled: the memory%s of VM '%s' will cross "
				     "from '%s' to '%s' in clear.", c->storage_move ? " and disks" : "",
				     c->vm->name, c->src_name, c->dst_name);
		else
			findings_add(c->out, FINDING_WARNING, "tls.clear",
				     checks_fmt(hint, sizeof(hint), "Set up TLS migration on both "
						"hosts (man virt-migrate, SECURITY CONSIDERATIONS); "
						"--encrypt disabled says clear is meant, --encrypt "
						"required refuses."),
				     "The memory%s of VM '%s' will cross from '%s' to '%s' in clear: "
				     "%s.", c->storage_move ? " and disks" : "", c->vm->name,
				     c->src_name, c->dst_name, why);
		break;
	}
}

#!/bin/bash
# Fault: the target's link is cut during a cold copy (a shut-off guest of
# its own on b, its disk copied to c over slowed links).
# The move fails; the guest stays defined on b with its disk; c keeps no
# volume and no definition of it.
. "$(dirname "$0")/faultlib.sh"
G=fz-cold
trap 'unshape_lab; link_restore c >/dev/null 2>&1 || true; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G

fault_guest b $G local 32 off
shape_lab 40mbit
bg_tool mv move $G --host c --datastore local
bg_wait_for mv '\] disks +[0-9]+%'
link_cut c
bg_end mv 150
link_restore c
unshape_lab
expect_outcome 3 "^rolled back: .*$G"
# the tool could not check c while its link was down: the journal says so,
# and recover finishes once the link is back
expect_out "run 'virt-migrate recover'"
tool recover
expect_rc 0
expect_out "recovered; journal entry closed"
expect_invariant $G b "shut off"
ls -A "$LAB_ROOT/hosts/c/var-lib-libvirt/images" | grep -q '^\.virt-migrate-' &&
	fail "a partial host-to-host copy was left on c"
pass "link of c cut during a cold copy: exit 3, one message, $G defined on b only, nothing left on c"

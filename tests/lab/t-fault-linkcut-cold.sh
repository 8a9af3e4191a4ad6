#!/bin/bash
# Fault: the target's link is cut during a cold copy (a shut-off guest of
# its own on b, its disk copied through the tool to c over a slowed link).
# The move fails; the guest stays defined on b with its disk; c keeps no
# volume and no definition of it.
. "$(dirname "$0")/faultlib.sh"
G=fz-cold
trap 'unshape_op; link_restore c >/dev/null 2>&1 || true; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G

fault_guest b $G local 32 off
shape_op 40mbit
bg_tool mv move $G --host c --datastore local
bg_wait_for mv '\] disks +[0-9]+%'
link_cut c
bg_end mv 150
link_restore c
unshape_op
expect_outcome 3 "^rolled back: .*$G"
# the tool could not check c while its link was down: the journal says so,
# and recover finishes once the link is back
expect_out "run 'virt-migrate recover'"
tool recover
expect_rc 0
expect_out "recovered; journal entry closed"
expect_invariant $G b "shut off"
pass "link of c cut during a cold copy: exit 3, one message, $G defined on b only, nothing left on c"

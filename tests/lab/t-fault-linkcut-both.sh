#!/bin/bash
# Fault: the target's link is cut for good during a shared-nothing migration
# (a guest of its own on c, moved live with its disk to a, slowed with
# --bandwidth); it comes back only after the tool has ended.  The tool sees
# a stop answering and aborts the job; QEMU's disk mirrors would wait for
# their NBD writes to a until TCP gives up (about 15 minutes), so the tool
# cuts those connections (QEMU's yank) and returns within a minute of the
# cut: the move failed, the guest runs on c from its own disk, and the
# journal tells the operator to run recover once a is back.  recover then
# removes what a got: no volume and no definition of the guest stay there.
. "$(dirname "$0")/faultlib.sh"
G=fz-both
trap 'link_restore a >/dev/null 2>&1 || true; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G

fault_guest c $G local 24 running
bg_tool mv move $G --host a --datastore local --bandwidth 2
bg_wait_for mv '\] disks +[0-9]+%'
link_cut a
cut=$SECONDS
bg_wait_for mv 'host a stopped answering: aborting the job' 60
bg_end mv 75
took=$((SECONDS - cut))
echo "  the tool ended $took s after the cut, the link still down"
# its own timers end it about 37 s after the cut; the margin is for a loaded machine
[ "$took" -le 150 ] || fail "the tool took $took s after the cut to end (want about a minute)"
expect_outcome 3 "^rolled back: The migration of VM '$G' to host 'a' failed: .*$G still runs on c"
# the tool could not check a while its link was down: the journal says so,
# and recover finishes once the link is back
expect_out "once it is back, run 'virt-migrate recover'"
expect_err "cutting their connections"
[ "$(vm_state c $G)" = running ] || fail "$G is '$(vm_state c $G)' on c after the abort"
link_restore a
# a's libvirtd drops the incoming half of the migration once it hears from c again
lab_wait 60 vm_is a $G absent || fail "a still holds $G: $(vm_state a $G)"
tool recover
expect_rc 0
expect_out "recovered; journal entry closed"
expect_invariant $G c running
pass "link of a cut for good during shared-nothing vMotion: exit 3 after $took s, one message, recover cleaned a, $G on c only"

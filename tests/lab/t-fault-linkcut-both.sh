#!/bin/bash
# Fault: the target's link is cut during a shared-nothing migration (a guest
# of its own on c, moved live with its disk to a, slowed with --bandwidth).
# The tool sees a stop answering and aborts the job; the move fails; the
# guest keeps running on c from its own disk; a keeps no volume and no
# definition of it.  The link comes back once the tool aborted: QEMU's
# cancel of a disk mirror waits for its NBD writes, which a link that stays
# down holds until TCP gives up (about 15 minutes).
. "$(dirname "$0")/faultlib.sh"
G=fz-both
trap 'link_restore a >/dev/null 2>&1 || true; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G

fault_guest c $G local 24 running
bg_tool mv move $G --host a --datastore local --bandwidth 2
bg_wait_for mv '\] disks +[0-9]+%'
link_cut a
bg_wait_for mv 'host a stopped answering: aborting the job' 60
link_restore a
bg_end mv 90
lab_wait 60 vm_is a $G absent || fail "a still holds $G: $(vm_state a $G)"
expect_outcome 3 "^rolled back: The migration of VM '$G' to host 'a' failed: .*$G still runs on c"
# the tool could not check a while its link was down: the journal says so,
# and recover finishes once the link is back
expect_out "run 'virt-migrate recover'"
tool recover
expect_rc 0
expect_out "recovered; journal entry closed"
expect_invariant $G c running
pass "link of a cut during shared-nothing vMotion: exit 3, one message, $G on c only, nothing left on a"

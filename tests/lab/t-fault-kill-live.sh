#!/bin/bash
# Fault: the tool is SIGKILLed during a live migration.  libvirt goes on
# with the peer-to-peer migration; the journal stays; 'recover' waits for
# the job, finds the VM on the target, closes the journal and says where the
# VM is.  (Shared-nothing and Storage vMotion: t-fault-kill-both.sh.)
. "$(dirname "$0")/faultlib.sh"
trap 'vm1_home; rm -rf "$TMP"' EXIT
rm -f "$STATE_DIR"/journal/*.journal

# --- vMotion: killed; libvirt finishes it --------------------------------------------------
ensure_running a vm1
bg_tool mv move vm1 --host b --bandwidth 5
bg_wait_for mv '\] memory '
bg_signal mv KILL
bg_end mv 30
[ "$rc" -eq 137 ] || fail "the tool was not killed: exit $rc"
ls "$STATE_DIR"/journal/*.journal >/dev/null || fail "no journal left by the killed tool"
tool recover
expect_rc 0
expect_out "VM 'vm1' is on b \(running there\): finishing its removal from a"
expect_out "On a: 'vm1' is not there\. On b: 'vm1' runs\."
expect_out "recovered; journal entry closed"
GUEST_CRASH=known expect_invariant vm1 b running
pass "SIGKILL during vMotion: libvirt finished it, recover closed the journal, vm1 runs on b only"
tool move vm1 --host a
expect_rc 0

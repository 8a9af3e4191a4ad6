#!/bin/bash
# Fault: the tool is SIGKILLed during a live migration and during a
# shared-nothing one.  libvirt goes on with the peer-to-peer migration; the
# journal stays; 'recover' waits for the job, finds the VM on the target,
# finishes the removal from the source (the old volume of the shared-nothing
# move), closes the journal and says where the VM is.
. "$(dirname "$0")/faultlib.sh"
G=fz-klive
trap 'fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G
rm -f "$STATE_DIR"/journal/*.journal

# --- vMotion: killed; libvirt finishes it --------------------------------------------------
ensure_running a vm1
bg_tool mv move vm1 --host b --bandwidth 20
bg_wait_for mv '\] memory +[0-9]+%'
bg_signal mv KILL
bg_end mv 30
[ "$rc" -eq 137 ] || fail "the tool was not killed: exit $rc"
ls "$STATE_DIR"/journal/*.journal >/dev/null || fail "no journal left by the killed tool"
tool recover
expect_rc 0
expect_out "VM 'vm1' is on b \(running there\): finishing its removal from a"
expect_out "On a: 'vm1' is not there\. On b: 'vm1' runs\."
expect_out "recovered; journal entry closed"
expect_invariant vm1 b running
pass "SIGKILL during vMotion: libvirt finished it, recover closed the journal, vm1 runs on b only"
tool move vm1 --host a
expect_rc 0

# --- shared-nothing: killed; the source volume is left for recover --------------------------------
fault_guest c $G local 16 running
bg_tool mv move $G --host a --datastore local --bandwidth 20
bg_wait_for mv '\] (disks|memory) +[0-9]+%'
bg_signal mv KILL
bg_end mv 30
tool recover --dry-run
expect_rc 0
tool recover
expect_rc 0
expect_out "recovered; journal entry closed"
expect_out "On c: '$G' is not there\. On a: '$G' runs\."
[ -e "$LAB_ROOT/hosts/c/var-lib-libvirt/images/$G.qcow2" ] && fail "the source volume of $G is still on c"
expect_invariant $G a running
pass "SIGKILL during shared-nothing vMotion: recover removed the source volume; $G runs on a only"

# --- Storage vMotion: killed; the block copy goes on in libvirt, never pivoted ------------------
bg_tool mv move $G --datastore local2 --bandwidth 1
bg_wait_for mv '\] disks +[0-9]+%'
bg_signal mv KILL
bg_end mv 30
vsh a blockjob $G vda --info >"$TMP/job" 2>&1 || true
cat "$TMP/job"
tool recover
expect_rc 0
expect_out "Aborted the block copy of disk vda of '$G' on a"
expect_out "Removed volume /var/lib/libvirt/images2/$G.qcow2 on a"
expect_out "recovered; journal entry closed"
expect_invariant $G a running
pass "SIGKILL during Storage vMotion: recover aborted the copy and removed the new volume; $G runs on a from its disk"

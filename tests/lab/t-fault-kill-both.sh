#!/bin/bash
# Fault: the tool is SIGKILLed during a shared-nothing migration, then
# during a Storage vMotion.  libvirt goes on with the migration, or keeps the
# block copy mirroring without a pivot; the journal stays; 'recover' finishes
# the removal from the source (the old volume), or aborts the copy and
# removes the new volume, closes the journal and says where the VM is.
. "$(dirname "$0")/faultlib.sh"
G=fz-klive
trap 'fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G
rm -f "$STATE_DIR"/journal/*.journal

# --- shared-nothing: killed; the source volume is left for recover --------------------------------
fault_guest c $G local 16 running
bg_tool mv move $G --host a --datastore local --bandwidth 20
bg_wait_for mv '\] (disks|memory) '
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

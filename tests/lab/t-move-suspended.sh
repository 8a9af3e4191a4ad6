#!/bin/bash
# A suspended VM (managed save) moves cold to another host and stays
# suspended with its memory: started there, it carries on where it stopped.
. "$(dirname "$0")/testlib.sh"

"$LAB_SRC/guest-define" a vmsusp shared vmnet
cleanup_susp() {
	for h in a b; do
		lab_enter "$h" virsh -q destroy vmsusp >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q managedsave-remove vmsusp >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine vmsusp >/dev/null 2>&1 || true
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared vmsusp.qcow2 >/dev/null 2>&1 || true
}
trap 'cleanup_susp; rm -rf "$TMP"' EXIT
ensure_running a vmsusp
wait_serial a vmsusp '^HB 3' 60
lab_enter a virsh -q managedsave vmsusp >/dev/null
n=$(last_hb a vmsusp)
lab_enter a virsh -q dominfo vmsusp >"$TMP/info"
contains "$TMP/info" "^Managed save: +yes" || fail "vmsusp has no managed-save image on a"

tool move vmsusp --host b
expect_rc 0
expect_out "^done: vmsusp is suspended on b with its saved memory; it is no longer defined on a"
[ "$(vm_state a vmsusp)" = absent ] || fail "vmsusp is still defined on a"
[ "$(vm_state b vmsusp)" = "shut off" ] || fail "vmsusp is not shut off (suspended) on b: $(vm_state b vmsusp)"
lab_enter b virsh -q dominfo vmsusp >"$TMP/info"
contains "$TMP/info" "^Managed save: +yes" || fail "vmsusp has no managed-save image on b"
pass "suspended vmsusp a -> b: suspended on b with its saved state, gone from a (last HB $n before the save)"

lab_enter b virsh -q start vmsusp >/dev/null
wait_serial b vmsusp '^HB [0-9]+' 30
contains "$(serial_log b vmsusp)" "VMLAB INIT" && fail "vmsusp booted afresh on b instead of resuming"
first=$(first_hb b vmsusp)
[ "$first" -gt "$n" ] || fail "vmsusp did not carry on: HB $n before, first HB $first on b"
pass "started on b, vmsusp carries on from its saved memory (HB $n -> $first, no boot)"

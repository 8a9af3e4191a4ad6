#!/bin/bash
# The wizard moves host and storage at once (shared-nothing vMotion): vm2
# runs on b with its disk in b's pool local and goes to host c, pool local,
# thin.  Checked: it runs once, on c, from c's pool, kept beating; then it is
# moved back (command) and left as it was found.
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
was=$(vm_state b vm2)
restore() {
	tmux_stop
	if [ "$(vm_state c vm2)" != absent ]; then
		lab_enter op "$VM_TOOL" move vm2 --host b --datastore local >/dev/null 2>&1 || true
	fi
	[ "$was" = running ] || lab_enter b virsh -q destroy vm2 >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap restore EXIT

ensure_running b vm2
[ "$(vm_state c vm2)" = absent ] || fail "vm2 is defined on c before the test"
before=$(last_hb b vm2)

wizard_lab_start vm2
tmux_seek "^ > +\( \) Change both compute resource and storage" Down 3 || fail "no 'both'"
tmux_keys Enter
tmux_wait "Select a compute resource" || fail "no host step"
tmux_seek "^>.{2}c +lab " Down 3 || fail "cannot reach host c"
# no datastore is chosen yet: check counts that error too, the Storage step settles it
tmux_wait "^>.{2}c +lab +1 error, 1 later " 120 || fail "no verdict '1 error, 1 later' for c"
tmux_wait "later: Storage" || fail "the error is not marked for the Storage step"
tmux_keys Enter
tmux_wait "Select storage" || fail "no storage step"
tmux_wait "Datastores of host c" || fail "not c's datastores"
tmux_seek "^>.{2}local " Down 6 || fail "cannot reach local"
tmux_keys Space
tmux_wait "^>\* local " || fail "cannot choose local"
tmux_keys Tab
tmux_seek "\(\*\) thin" Right 3 || fail "cannot choose thin"
tmux_keys Enter
tmux_wait "Select networks" || fail "no network step"
tmux_wait "vmnet +vmnet" || fail "vmnet is not mapped"
tmux_keys Enter
tmux_wait "Select vMotion priority" || fail "no priority step"
tmux_keys Enter
tmux_wait "Ready to complete" || fail "no summary"
wizard_lab_summary "Migration Type +Change both compute resource and storage \(live\)" "Host +c" \
	"Storage +local" "Disk Format +Thin provision" "Networks +vmnet -> vmnet"
pass "summary: both, host c, local, thin"

wizard_lab_finish "Done: vm2 runs on c" 240
[ "$rc" = 0 ] || fail "wizard exit status $rc, want 0"
grep -qE "Progress: VM 'vm2', b -> c, shared-nothing vMotion" "$TMP/done.screen" || fail "progress title"
expect_live_once vm2 b c "$before"
last_b=$HB_LAST first_c=$HB_FIRST
lab_enter c virsh -q domblklist vm2 >"$TMP/blk"
grep -qE "vda +/var/lib/libvirt/images/vm2\.qcow2" "$TMP/blk" || fail "vm2's disk is not in c's local: $(cat "$TMP/blk")"
pass "vm2 runs once, on c, disk in c's local; last HB $last_b on b, first HB $first_c on c"

#!/bin/bash
# The wizard moves a shut-off VM (cold): vm3, off on c with its disk in c's
# local pool, goes to host a, pool local.  The wizard shows the move as cold
# and has no priority step.  Checked: vm3 is defined on a only, shut off, its
# disk in a's pool, and it boots there.  Then it goes back (command).
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
# Put vm3 back on c as it was: its saved definition, its disk still in c's
# local pool (a cold move keeps the source files unless told otherwise).
restore() {
	tmux_stop
	if [ "$(vm_state a vm3)" != absent ]; then
		lab_enter a virsh -q destroy vm3 >/dev/null 2>&1 || true
		lab_enter a virsh -q undefine vm3 >/dev/null 2>&1 || true
		lab_enter a virsh -q vol-delete --pool local vm3.qcow2 >/dev/null 2>&1 || true
	fi
	if [ "$(vm_state c vm3)" = absent ] && [ -s "$TMP/vm3.xml" ]; then
		lab_enter c virsh -q define "$TMP/vm3.xml" >/dev/null 2>&1 || true
	fi
	rm -rf "$TMP"
}
trap restore EXIT

lab_enter c virsh -q destroy vm3 >/dev/null 2>&1 || true
[ "$(vm_state c vm3)" = "shut off" ] || fail "vm3 is not shut off on c: $(vm_state c vm3)"
lab_enter c virsh -q dumpxml --inactive vm3 >"$TMP/vm3.xml"

wizard_lab_start vm3
tmux_wait "is shut off: the migration is cold" || fail "cold is not shown"
tmux_seek "^ > +\( \) Change both compute resource and storage" Down 3 || fail "no 'both'"
tmux_keys Enter
tmux_wait "Select a compute resource" || fail "no host step"
tmux_wait " - Priority " || fail "the priority step is not skipped"
tmux_seek "^>.{2}a +lab " Up 3 || fail "cannot reach host a"
# no datastore is chosen yet: check counts that error too, the Storage step settles it
tmux_wait "^>.{2}a +lab +1 error, 1 later " 120 || fail "no verdict '1 error, 1 later' for a"
tmux_wait "later: Storage" || fail "the error is not marked for the Storage step"
tmux_keys Enter
tmux_wait "Datastores of host a" || fail "not a's datastores"
tmux_seek "^>.{2}local " Down 6 || fail "cannot reach local"
tmux_keys Space
tmux_wait "^>\* local " || fail "cannot choose local"
tmux_keys Enter
tmux_wait "Select networks" || fail "no network step"
tmux_keys Enter
tmux_wait "Ready to complete" || fail "no summary (the priority step should be skipped)"
wizard_lab_summary "Migration Type +Change both compute resource and storage \(cold\)" "Host +a" \
	"Storage +local" "vMotion Priority +-"
wizard_lab_finish "Done: vm3 " 240
[ "$rc" = 0 ] || fail "wizard exit status $rc, want 0"
grep -qE "Progress: VM 'vm3', c -> a, cold migration" "$TMP/done.screen" || fail "progress title"
[ "$(vm_state a vm3)" = "shut off" ] || fail "vm3 is not shut off on a: $(vm_state a vm3)"
[ "$(vm_state c vm3)" = absent ] || fail "vm3 is still defined on c: $(vm_state c vm3)"
lab_enter a virsh -q domblklist vm3 >"$TMP/blk"
grep -qE "vda +/var/lib/libvirt/images/vm3\.qcow2" "$TMP/blk" || fail "vm3's disk is not in a's local"
ensure_running a vm3
pass "vm3 moved cold c -> a by the wizard, boots on a"

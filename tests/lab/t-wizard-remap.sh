#!/bin/bash
# The wizard's network step remaps a network the target lacks: wz-remap, shut
# off on a with its disk on the shared datastore and its one NIC on dmz, goes
# to c, which has no dmz.  The host step does not hold that against c (the
# networks are chosen later); the network step flags dmz as missing on c and
# refuses Next until it is given a destination; Right picks vmnet; the
# summary says "dmz -> vmnet".  Checked on c: wz-remap is defined there only,
# its NIC on vmnet, and it boots.
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
G=wz-remap
forget() {
	local h
	for h in a c; do
		lab_enter "$h" virsh -q destroy $G >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine $G >/dev/null 2>&1 || true
		lab_enter "$h" rm -f /var/log/libvirt/qemu/$G-serial.log
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared $G.qcow2 >/dev/null 2>&1 || true
}
trap 'tmux_stop; forget; rm -rf "$TMP"' EXIT
forget

"$LAB_SRC/guest-define" a $G shared dmz
[ "$(vm_state a $G)" = "shut off" ] || fail "$G is not shut off on a"

wizard_lab_start $G
tmux_wait "is shut off: the migration is cold" || fail "cold is not shown"
tmux_keys Enter
tmux_wait "Select a compute resource" || fail "no host step"
tmux_seek "^>.{2}c +lab " Down 3 || fail "cannot reach host c"
# check counts the missing network as an error; the Networks step settles it
tmux_wait "^>.{2}c +lab +1 error, 1 later " 120 || fail "c is not offered (the missing network is for the next step)"
tmux_wait "later: Networks" || fail "net.missing is not marked for the Networks step"
tmux_keys Enter
tmux_wait "Select networks" || fail "no network step"
tmux_wait "dmz +\(choose\) +missing on c" || fail "dmz is not flagged as missing on c"
tmux_keys Enter
tmux_wait "Network 'dmz' has no destination on host c" 10 || {
	tmux_screen
	fail "Next was not refused with dmz unmapped"
}
tmux_wait "Select networks" || fail "Next left the network step with dmz unmapped"
tmux_keys Right
tmux_wait "dmz +[a-z]+ +reassigned" || fail "Right gave dmz no destination"
tmux_seek "dmz +vmnet +reassigned" Right 4 || fail "cannot pick vmnet for dmz"
tmux_keys Enter
tmux_wait "Ready to complete" || fail "no summary"
wizard_lab_summary "Migration Type +Change compute resource only \(cold\)" "Host +c" "Networks +dmz -> vmnet"
pass "network step: dmz missing on c, Next refused, remapped to vmnet, in the summary"

wizard_lab_finish "Done: $G " 180
[ "$rc" = 0 ] || fail "wizard exit status $rc, want 0"
[ "$(vm_state c $G)" = "shut off" ] || fail "$G is not shut off on c: $(vm_state c $G)"
[ "$(vm_state a $G)" = absent ] || fail "$G is still defined on a: $(vm_state a $G)"
lab_enter c virsh -q domiflist $G >"$TMP/nics"
grep -qE " network +vmnet " "$TMP/nics" || fail "the NIC of $G on c is not on vmnet: $(cat "$TMP/nics")"
grep -q dmz "$TMP/nics" && fail "the NIC of $G on c still names dmz"
ensure_running c $G
pass "$G moved a -> c by the wizard with dmz remapped to vmnet; it boots on c"

#!/bin/bash
# Cancel during a live migration: a guest that dirties memory flat out
# (vmwz, disk on the shared datastore), the link capped at 2 MiB/s
# (wizard --bandwidth 2) and Standard priority: the move is still copying
# memory when Cancel is pressed.  The wizard
# asks first; after "y" the move is aborted: vmwz still runs on a, nothing
# is left on b, it keeps beating, exit status 4.
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
cleanup() {
	tmux_stop
	for h in a b; do
		lab_enter "$h" virsh -q destroy vmwz >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine vmwz >/dev/null 2>&1 || true
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared vmwz.qcow2 >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT
"$LAB_SRC/guest-define" a vmwz shared vmnet 48 max
ensure_running a vmwz
wait_serial a vmwz 'VMLAB READY .*dirty_rate=max' 30

wizard_lab_start vmwz "wizard --bandwidth 2"
tmux_keys Enter
tmux_wait "^.{3}b +lab +ok" 120 || fail "no ok verdict for b"
tmux_keys Enter
tmux_wait "Select networks" || fail "no network step"
tmux_keys Enter
tmux_wait "Select vMotion priority" || fail "no priority step"
tmux_keys Down
tmux_wait "\(\*\) Schedule regular vMotion" || fail "cannot choose Standard"
tmux_keys Enter
tmux_wait "vMotion Priority +Standard" || fail "summary lacks Standard"
tmux_wait "Limits +bandwidth 2 MiB/s" || fail "summary lacks the bandwidth cap"
tmux_keys F10
tmux_wait "Phase: memory .*" 60 || fail "no memory phase"
tmux_wait "Memory: [0-9.]+ [KMG]iB of .*Dirty rate: [0-9]+ pages/s +Iteration: [0-9]+" 60 ||
	fail "no memory figures"
tmux_keys q
tmux_wait "Cancel the migration\? VM 'vmwz' stays on a" || fail "no confirmation"
tmux_keys n
tmux_wait_gone "Cancel the migration\?" || fail "the question stays"
tmux_wait "Phase: memory" || fail "'n' did not go on"
[ "$(vm_state b vmwz)" != absent ] || fail "the migration is not running on b"
tmux_keys F9
tmux_wait "Cancel the migration\?" || fail "no confirmation for F9"
tmux_keys y
tmux_wait "Cancelled: " 60 || fail "no cancelled result"
tmux_screen >"$TMP/done.screen"
sed 's/^/  | /' "$TMP/done.screen"
tmux_keys Enter
rc=$(tmux_status 30)
[ "$rc" = 4 ] || fail "wizard exit status $rc, want 4"
[ "$(vm_state a vmwz)" = running ] || fail "vmwz does not run on a"
[ "$(vm_state b vmwz)" = absent ] || fail "vmwz left something on b: $(vm_state b vmwz)"
n=$(last_hb a vmwz)
wait_serial a vmwz "^HB $((n + 2))\b" 30
pass "cancel asked, then done: exit 4, vmwz beats on a (HB $((n + 2))), nothing on b"

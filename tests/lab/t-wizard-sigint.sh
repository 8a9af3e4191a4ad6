#!/bin/bash
# ^C in the wizard's progress screen during a live migration: a cancel with
# rollback, as 'move' gives on SIGINT, without a question.  The set-up is
# t-wizard-cancel.sh's: a guest that dirties memory flat out (vmwz, disk on
# the shared datastore), the link capped at 2 MiB/s (wizard --bandwidth 2)
# and Standard priority, so the move is still copying memory when ^C comes.
# The wizard reads ^C as a key (the terminal is in raw mode: libvirt's ssh
# children get no SIGINT from it).  Afterwards vmwz runs once, on a, its
# heartbeat unbroken (no second boot), nothing of it on b, no stray volume,
# and the wizard has left by itself with exit status 4 (cancelled).
. "$(dirname "$0")/faultlib.sh"
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
boots=$(grep -ac 'VMLAB INIT' "$(serial_log a vmwz)" || true)

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
[ "$(vm_state b vmwz)" != absent ] || fail "the migration is not running on b"
n0=$(last_hb a vmwz)
# what the pane shows from now on, byte for byte (tmux's own picture of the
# screen after the wizard has left it is not reliable)
tm pipe-pane -o -t wz "cat >>$TMP/raw"
tmux_keys C-c
# no question: the cancel starts at once, and the wizard leaves when it is done
rc=$(tmux_status 90) || fail "the wizard did not leave after ^C: $(tmux_screen)"
tr -d '\r' <"$TMP/raw" >"$TMP/raw.txt" || true
after=$(cat "$TMP/raw.txt")
after=${after##*$'\e[?1049l'}	# what was printed once the screen was left
echo "wizard exit status $rc; printed after the screen:"
sed 's/^/  | /' <<<"$after"
wizard_lab_clean
if grep -qaE "Cancel the migration\?" "$TMP/raw.txt"; then
	fail "^C asked a question"
fi
[ "$rc" = 4 ] || fail "wizard exit status $rc after ^C, want 4"
grep -qE "cancelled: " <<<"$after" || fail "no 'cancelled:' line after the screen"
[ "$(vm_state a vmwz)" = running ] || fail "vmwz does not run on a"
[ "$(vm_state b vmwz)" = absent ] || fail "vmwz left something on b: $(vm_state b vmwz)"
expect_invariant vmwz a running
[ "$(grep -ac 'VMLAB INIT' "$(serial_log a vmwz)" || true)" = "$boots" ] ||
	fail "vmwz booted again during the cancel"
n=$(last_hb a vmwz)
[ "$n" -gt "$n0" ] || fail "heartbeat HB $n after the cancel, HB $n0 before ^C"
wait_serial a vmwz "^HB $((n + 2))\b" 30
pass "^C during the move: exit 4 with no question, vmwz beats on a (HB $n0 -> $((n + 2))), once, nothing on b"

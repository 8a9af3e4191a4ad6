#!/bin/bash
# The wizard moves two VMs in one pass (issue 15, item 4), driven only by
# keys in tmux: vm1 and wm2, both running on a with their disks on the
# shared datastore, are marked with Space on the VM step (each found with
# the filter: the marks stay while the query changes), moved to b by
# vMotion with one set of choices, and run as a batch.  Checked in the lab:
# each VM runs exactly once, on b, kept beating without a reboot; the
# wizard said so and exited 0.  Then both go back (command).
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
cleanup() {
	tmux_stop
	for h in a b c; do
		lab_enter "$h" virsh -q destroy wm2 >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine wm2 >/dev/null 2>&1 || true
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared wm2.qcow2 >/dev/null 2>&1 || true
	# vm1 back home for the tests after this one
	[ "$(vm_state a vm1)" = running ] ||
		lab_enter op "$VM_TOOL" move vm1 --host a >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

ensure_running a vm1
"$LAB_SRC/guest-define" a wm2 shared vmnet
ensure_running a wm2
for vm in vm1 wm2; do
	[ "$(vm_state b $vm)" = absent ] || fail "$vm is defined on b before the test"
done
before_vm1=$(last_hb a vm1)
before_wm2=$(last_hb a wm2)

tmux_start "env LANG=C.UTF-8 ASAN_OPTIONS=$ASAN_OPTIONS LSAN_OPTIONS=$LSAN_OPTIONS $VM_TOOL 2>$TMP/err"
tmux_wait "Select a virtual machine" 60 || fail "no VM list"
# mark each VM as the filter finds it; Esc in the filter clears the query
n=0
for vm in vm1 wm2; do
	tmux_keys /
	tmux_keys Escape
	tmux_keys /
	tmux_text "$vm"
	tmux_keys Enter
	tmux_wait "Filter: $vm " || fail "the filter for $vm"
	tmux_wait "^>  $vm " || fail "the cursor is not on $vm"
	tmux_keys Space
	n=$((n + 1))
	tmux_wait "Select virtual machines \($n marked\)" || fail "$vm is not marked"
	tmux_wait "^>\+ $vm " || fail "$vm is not shown marked"
done
pass "vm1 and wm2 marked on the VM step (the heading counts 2)"
tmux_keys Enter
tmux_wait "Select the migration type" || fail "no type step"
tmux_wait "2 VMs: 2 running move live, 0 not running move cold" || fail "live is not shown for both"
tmux_wait "2 VMs on a: 2 live, 0 cold" || fail "the title bar does not count the VMs"
tmux_keys Enter
tmux_wait "Select a compute resource" || fail "no host step"
tmux_wait "Choose the host the 2 VMs move to" || fail "the host step is not for both"
tmux_seek "^>.{2}b +lab " Down 3 || fail "cannot reach host b"
tmux_wait "^>.{2}b +lab +ok" 120 || fail "no ok verdict for b (both VMs)"
tmux_wait "Host b can take the 2 VMs" || fail "the findings pane"
tmux_wait "^ VM 'vm1': ok" || fail "no line for vm1 in the findings"
tmux_wait "^ VM 'wm2': ok" || fail "no line for wm2 in the findings"
tmux_keys Enter
tmux_wait "Select networks" || fail "no network step"
tmux_wait "vmnet +vmnet" || fail "vmnet is not mapped to vmnet"
tmux_keys Enter
tmux_wait "Select vMotion priority" || fail "no priority step"
tmux_keys Enter
tmux_wait "Ready to complete" || fail "no summary"
wizard_lab_summary "Migration Type +Change compute resource only \(2 live, 0 cold\)" \
	"Virtual Machines +2, on host a" "Host +b" "vMotion Priority +High" \
	"^   vm1 +running +(ok|[0-9]+ warnings?) +vMotion to b " \
	"^   wm2 +running +(ok|[0-9]+ warnings?) +vMotion to b "
pass "summary: one row per VM, both by vMotion to b"

tmux_keys F10
tmux_wait "^ Progress: 2 VMs, a -> b, Change compute resource only" 30 || fail "no progress screen"
tmux_wait "^ vm1 " || fail "no row for vm1"
tmux_wait "^ wm2 " || fail "no row for wm2"
tmux_wait "^ 2 of 2 VMs moved\.$" 300 || fail "not both moved"
tmux_screen >"$TMP/done.screen"
sed 's/^/  | /' "$TMP/done.screen"
for vm in vm1 wm2; do
	grep -qE "^ $vm +done " "$TMP/done.screen" || fail "the row of $vm does not say done"
	grep -qE "^   Done: $vm runs on b" "$TMP/done.screen" || fail "no result line for $vm"
done
tmux_keys Enter
rc=$(tmux_status 60)
wizard_lab_clean
[ "$rc" = 0 ] || fail "wizard exit status $rc, want 0"
pass "wizard: keys only, one batch, exit 0"

for vm in vm1 wm2; do
	[ "$(vm_state b $vm)" = running ] || fail "$vm is not running on b: $(vm_state b $vm)"
	[ "$(vm_state a $vm)" = absent ] || fail "$vm is still defined on a: $(vm_state a $vm)"
	[ "$(vm_state c $vm)" = absent ] || fail "$vm is defined on c: $(vm_state c $vm)"
	wait_serial b $vm '^HB [0-9]+' 30
	contains "$(serial_log b $vm)" "VMLAB INIT" && fail "$vm rebooted on b"
	before=$before_vm1
	[ $vm = wm2 ] && before=$before_wm2
	last_a=$(last_hb a $vm)
	first_b=$(first_hb b $vm)
	[ "$last_a" -ge "$before" ] && [ "$first_b" -gt 1 ] && [ "$first_b" -le $((last_a + 2)) ] ||
		fail "$vm: heartbeat broke: last on a HB $last_a, first on b HB $first_b"
	hb=$(last_hb b $vm)
	wait_serial b $vm "^HB $((hb + 2))" 30
	pass "$vm runs once, on b; last HB $last_a on a, first HB $first_b on b, still beating"
done

tool move vm1 --host a
expect_rc 0
pass "vm1 back on a"

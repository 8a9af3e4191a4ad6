#!/bin/bash
# A guest that dirties memory faster than a capped link copies it: Standard
# priority escalates (downtime raised, auto-converge) and aborts cleanly when
# the time budget is spent, the VM still on the source; High priority goes on
# to post-copy and finishes on the target -- for a KVM guest (where the lab
# can run one); an emulated (TCG) guest is never switched to post-copy.  Each
# escalation is in the stream.
. "$(dirname "$0")/testlib.sh"

"$LAB_SRC/guest-define" a vmhot shared vmnet 48 max
cleanup_hot() {
	for h in a b; do
		lab_enter "$h" virsh -q destroy vmhot >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine vmhot >/dev/null 2>&1 || true
		lab_enter "$h" rm -f /var/log/libvirt/qemu/vmhot-serial.log
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared vmhot.qcow2 >/dev/null 2>&1 || true
}
trap 'cleanup_hot; rm -rf "$TMP"' EXIT
ensure_running a vmhot
wait_serial a vmhot 'VMLAB READY .*dirty_rate=max' 30

tool move vmhot --host b --bandwidth 20 --max-time 40
expect_rc 3
expect_err "escalation 1: not converging"
expect_err "time budget of 40 s is spent"
expect_out "did not finish within its time budget of 40 s and was aborted; vmhot still runs on a"
[ "$(vm_state a vmhot)" = running ] && [ "$(vm_state b vmhot)" = absent ] || fail "vmhot not on a only"
n=$(last_hb a vmhot)
wait_serial a vmhot "^HB $((n + 2))" 30
pass "Standard: escalated ($(grep -c 'escalation' "$TMP/err") escalation lines), aborted at the budget, vmhot beats on a"

# High, but the guest is emulated (TCG): post-copy corrupted such guests'
# memory in every lab run, so the engine stays in precopy and the budget ends it
tool move vmhot --host b --bandwidth 20 --priority high --max-time 40
expect_rc 3
expect_err "escalation 3: post-copy not used: vmhot runs under QEMU's emulation"
grep -q "switching to post-copy" "$TMP/err" && fail "post-copy was used for an emulated guest"
[ "$(vm_state a vmhot)" = running ] && [ "$(vm_state b vmhot)" = absent ] || fail "vmhot not on a only"
n=$(last_hb a vmhot)
wait_serial a vmhot "^HB $((n + 2))" 30
pass "High, emulated guest: no post-copy, aborted at the budget, vmhot beats on a"

# High with a KVM guest, where the lab hosts can run one: post-copy finishes it
cleanup_hot
if ! lab_enter a virsh -q domcapabilities --virttype kvm >/dev/null 2>&1 || ! [ -w /dev/kvm ]; then
	echo "SKIPPED: post-copy of a KVM guest: /dev/kvm is not usable here"
	exit 0
fi
VMLAB_DOMAIN_TYPE=kvm "$LAB_SRC/guest-define" a vmhot shared vmnet 48 max
ensure_running a vmhot
wait_serial a vmhot 'VMLAB READY .*dirty_rate=max' 30
tool move vmhot --host b --bandwidth 20 --priority high --max-time 180
expect_rc 0
expect_err "escalation 3: switching to post-copy"
[ "$(vm_state b vmhot)" = running ] && [ "$(vm_state a vmhot)" = absent ] || fail "vmhot not on b only"
wait_serial b vmhot '^HB [0-9]+' 30
contains "$(serial_log b vmhot)" "VMLAB INIT" && fail "the KVM guest booted afresh on b after post-copy"
n=$(last_hb b vmhot)
wait_serial b vmhot "^HB $((n + 2))" 30
pass "High, KVM guest: post-copy finished the move; vmhot runs once, on b, and beats on without a reboot"

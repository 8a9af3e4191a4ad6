#!/bin/bash
# A guest that dirties memory faster than a capped link copies it: Standard
# priority escalates (downtime raised, auto-converge) and aborts cleanly when
# the time budget is spent, the VM still on the source; High priority goes on
# to post-copy and finishes on the target -- by default for KVM guests only:
# an emulated (TCG) guest stays in precopy unless the config says
# postcopy = always.  Each escalation is in the stream.  The moves go in
# clear (--encrypt disabled): on two cores, TLS's CPU slows the emulated
# guest's dirtying, which must outrun the link here.
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

tool move vmhot --host b --bandwidth 20 --max-time 30 --encrypt disabled
expect_rc 3
expect_err "escalation 1: not converging"
expect_err "time budget of 30 s is spent"
expect_out "did not finish within its time budget of 30 s and was aborted; vmhot still runs on a"
[ "$(vm_state a vmhot)" = running ] && [ "$(vm_state b vmhot)" = absent ] || fail "vmhot not on a only"
n=$(last_hb a vmhot)
wait_serial a vmhot "^HB $((n + 2))" 30
pass "Standard: escalated ($(grep -c 'escalation' "$TMP/err") escalation lines), aborted at the budget, vmhot beats on a"

# High, but the guest is emulated (TCG): post-copy corrupted such guests'
# memory in every lab run, so the engine stays in precopy and the budget ends it
# (A guest that sat through an aborted migration may dirty slower, and
# auto-converge throttles it: it may then converge in precopy, done on b.
# What must hold either way: never post-copy, the VM once, beating.)
tool move vmhot --host b --bandwidth 20 --priority high --max-time 36 --encrypt disabled
grep -q "switching to post-copy" "$TMP/err" && fail "post-copy was used for an emulated guest"
if [ "$rc" -eq 3 ]; then
	expect_err "escalation 3: post-copy not used: vmhot runs under QEMU's emulation"
	home=a other=b
else
	expect_rc 0
	home=b other=a
fi
[ "$(vm_state $home vmhot)" = running ] && [ "$(vm_state $other vmhot)" = absent ] ||
	fail "vmhot not on $home only"
# The guest checks every page of its dirty buffer holds what it last wrote
# (guest/hb.c).  Before the lab's guests booted with pti=on (guest-define),
# QEMU 7.2's emulation (TCG) came out of such a precopy with thousands of
# lost writes and the guest stalled: QEMU's, not the move's.  Should it come
# back, the guest says so itself ("VMLAB ERROR memory") and the VM must still
# run once, on b; a guest that stops without saying so fails the test.
log=$(serial_log $home vmhot)
if [ $home = b ] && ! lab_wait 30 contains "$log" '^HB [0-9]+' &&
	contains "$log" "VMLAB ERROR memory"; then
	echo "  KNOWN ISSUE (QEMU TCG): vmhot on b lost guest writes in the migration: $(grep -a -m 1 'VMLAB ERROR memory' "$log")"
else
	wait_serial $home vmhot "^HB [0-9]+" 30
	n=$(last_hb $home vmhot)
	wait_serial $home vmhot "^HB $((n + 2))" 30
fi
pass "High, emulated guest: no post-copy ($([ $home = a ] && echo "aborted at the budget" || echo "converged in precopy")), vmhot runs on $home only"

# The post-copy switch itself, allowed for this emulated guest by the config
# (postcopy = always): it finishes the move on b.  KVM guests get it by
# default, but this machine's /dev/kvm cannot boot one (QEMU fails to set
# MSRs), so the lab guests stay emulated -- and an emulated guest's memory may
# come out corrupt after post-copy, which is why the default keeps it away:
# the guest's fate is reported, not asserted.
# (a guest that sat through two aborted migrations may have stopped dirtying
# at full speed: a fresh one)
cleanup_hot
"$LAB_SRC/guest-define" a vmhot shared vmnet 48 max
ensure_running a vmhot
wait_serial a vmhot 'VMLAB READY .*dirty_rate=max' 30
cfg=$LAB_ROOT/op/config/virt-migrate/config.ini
sed 's/^\[defaults\]$/[defaults]\npostcopy = always/' "$cfg" >"$TMP/always.ini"
grep -q '^postcopy = always$' "$TMP/always.ini" || fail "no [defaults] section in $cfg"
cp "$TMP/always.ini" "$LAB_ROOT/op/always.ini"
tool -c "$LAB_ROOT/op/always.ini" move vmhot --host b --bandwidth 20 --priority high --max-time 180
rm -f "$LAB_ROOT/op/always.ini"
expect_rc 0
expect_err "escalation 3: switching to post-copy"
[ "$(vm_state b vmhot)" = running ] && [ "$(vm_state a vmhot)" = absent ] || fail "vmhot not on b only"
# What became of the emulated guest is reported, not asserted: before the
# lab's guests booted with pti=on, its memory came out corrupt in every run
# (kernel faults, soft lockups) -- the reason post-copy is kept from emulated
# guests by default: an operator's guests do not all boot with pti=on.
sleep 5
n=$(last_hb b vmhot)
if [ "$n" != 0 ]; then
	echo "note: the emulated guest beats on b after post-copy (HB $n)$(contains "$(serial_log b vmhot)" 'VMLAB ERROR memory' && echo ", but lost writes")"
else
	echo "note: as documented, the emulated guest did not survive post-copy; its console on b:"
	tail -c 400 "$(serial_log b vmhot)" | tr -d '\r' | sed 's/^/  serial| /'
fi
pass "High with postcopy = always: the switch to post-copy finished the move; vmhot runs once, on b"

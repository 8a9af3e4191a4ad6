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
cleanup_hot() {	# VM
	for h in a b; do
		lab_enter "$h" virsh -q destroy "$1" >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine "$1" >/dev/null 2>&1 || true
		lab_enter "$h" rm -f "/var/log/libvirt/qemu/$1-serial.log"
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared "$1.qcow2" >/dev/null 2>&1 || true
}
hold=
trap '[ -z "$hold" ] || kill "$hold" 2>/dev/null; cleanup_hot vmhot; cleanup_hot vmhot2; rm -rf "$TMP"' EXIT
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

# The fresh guest of the post-copy case below boots now, while the High
# case runs, and once it dirties it is paused until its own case: the cases
# before it need their guest to outrun the link, so they keep the CPU.
"$LAB_SRC/guest-define" a vmhot2 shared vmnet 48 max
lab_enter a virsh -q start vmhot2 >/dev/null
(lab_wait 120 contains "$(serial_log a vmhot2)" 'VMLAB READY .*dirty_rate=max' &&
	lab_enter a virsh -q suspend vmhot2 >/dev/null) &
hold=$!

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
# at full speed: a fresh one, vmhot2, booted during the High case)
cleanup_hot vmhot
wait "$hold" || fail "vmhot2 did not boot (or was not paused) within 120 s: $(tail -n 3 "$(serial_log a vmhot2)" | tr '\n' '|')"
hold=
[ "$(vm_state a vmhot2)" = paused ] || fail "vmhot2 is '$(vm_state a vmhot2)', not paused"
ensure_running a vmhot2	# resumed: it dirties flat out again
n=$(last_hb a vmhot2)
wait_serial a vmhot2 "^HB $((n + 1))\b" 30
cfg=$LAB_ROOT/op/config/virt-migrate/config.ini
sed 's/^\[defaults\]$/[defaults]\npostcopy = always/' "$cfg" >"$TMP/always.ini"
grep -q '^postcopy = always$' "$TMP/always.ini" || fail "no [defaults] section in $cfg"
cp "$TMP/always.ini" "$LAB_ROOT/op/always.ini"
tool -c "$LAB_ROOT/op/always.ini" move vmhot2 --host b --bandwidth 20 --priority high --max-time 180
rm -f "$LAB_ROOT/op/always.ini"
expect_rc 0
expect_err "escalation 3: switching to post-copy"
[ "$(vm_state b vmhot2)" = running ] && [ "$(vm_state a vmhot2)" = absent ] || fail "vmhot2 not on b only"
# What became of the emulated guest is reported, not asserted: before the
# lab's guests booted with pti=on, its memory came out corrupt in every run
# (kernel faults, soft lockups) -- the reason post-copy is kept from emulated
# guests by default: an operator's guests do not all boot with pti=on.
lab_wait 5 contains "$(serial_log b vmhot2)" '^HB [0-9]+' || true
n=$(last_hb b vmhot2)
if [ "$n" != 0 ]; then
	echo "note: the emulated guest beats on b after post-copy (HB $n)$(contains "$(serial_log b vmhot2)" 'VMLAB ERROR memory' && echo ", but lost writes")"
else
	echo "note: as documented, the emulated guest did not survive post-copy; its console on b:"
	tail -c 400 "$(serial_log b vmhot2)" | tr -d '\r' | sed 's/^/  serial| /'
fi
pass "High with postcopy = always: the switch to post-copy finished the move; vmhot2 runs once, on b"

#!/bin/bash
# Fault: the target's libvirt daemon is killed (SIGKILL) during a live
# migration of vm1 from a to b.  The move fails; vm1 keeps running on a
# only; once b's daemon is back, b holds nothing of vm1 (no definition, no
# qemu process).
. "$(dirname "$0")/faultlib.sh"
trap 'kill -0 "$(libvirtd_pid b 2>/dev/null)" 2>/dev/null || libvirtd_restart b; vm1_home; rm -rf "$TMP"' EXIT

ensure_running a vm1
[ "$(vm_state b vm1)" = absent ] || fail "vm1 is defined on b before the test"
bg_tool mv move vm1 --host b --bandwidth 1
bg_wait_for mv '\] memory +[0-9]+%'
qemu_hosts vm1 >"$TMP/q"
grep -qx b "$TMP/q" || fail "no incoming qemu of vm1 on b during the migration"
libvirtd_kill b
bg_end mv 120
libvirtd_restart b
end=$((SECONDS + 60))
while qemu_hosts vm1 | grep -qx b || [ "$(vm_state b vm1)" != absent ]; do
	[ $SECONDS -lt $end ] || fail "b still holds vm1 a minute after its daemon came back"
	sleep 0.5
done
expect_outcome 3 "^rolled back: The migration of VM 'vm1' to host 'b' failed: .*vm1 still runs on a.*run 'virt-migrate recover'"
# the tool lost its connection to b: the journal stays until recover looked at b
tool recover
expect_rc 0
expect_out "VM 'vm1' stays on a \\(running there\\)"
expect_out "recovered; journal entry closed"
expect_invariant vm1 a running
pass "b's libvirtd killed during vMotion: exit 3, one message, vm1 runs on a only, nothing left on b"

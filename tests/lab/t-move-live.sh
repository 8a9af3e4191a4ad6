#!/bin/bash
# vMotion for real: vm1 (disk on the shared datastore) moves live from a to b
# and back; it runs exactly once, keeps beating without a reboot, keeps its
# disk; a cancelled move leaves it running on the source, nothing on the target.
. "$(dirname "$0")/testlib.sh"

ensure_running a vm1
if [ "$(vm_state b vm1)" != absent ]; then fail "vm1 is defined on b before the test"; fi
wait_serial a vm1 '^HB [0-9]+' 60
before=$(last_hb a vm1)

tool move vm1 --host b
expect_rc 0
expect_out "^done: vm1 runs on b \(persistent\); it is no longer defined on a; .*downtime [0-9]+ ms"
expect_live_once vm1 a b "$before"
last_a=$HB_LAST first_b=$HB_FIRST
lab_enter b virsh -q dominfo vm1 >"$TMP/info"
contains "$TMP/info" "^Persistent: +yes" || fail "vm1 is not persistent on b"
grep -qE "memory|switchover" "$TMP/err" || fail "no progress lines on stderr"
expect_disk_intact "$LAB_ROOT/shared/vm1.qcow2"
pass "vm1 a -> b live: runs once on b, persistent, last HB $last_a on a, first HB $first_b on b, $(grep -oE 'downtime [0-9]+ ms' "$TMP/out")"

tool --json move vm1 --host a --max-downtime 500
expect_rc 0
jq -e '.outcome == "done" and .downtime_ms >= 0 and .bytes > 0' "$TMP/out" >/dev/null || fail "JSON result"
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not back on a only"
pass "vm1 b -> a live, JSON result $(jq -c '{outcome, downtime_ms, bytes, iterations}' "$TMP/out")"

# vm2 (for the refused move at the end) boots while the cancel runs
[ "$(vm_state b vm2)" != "shut off" ] || lab_enter b virsh -q start vm2 >/dev/null

# --- cancel: a capped link makes the move slow; SIGINT aborts it ----------------------
wait_serial a vm1 '^HB [0-9]+' 30
tool_bg move vm1 --host b --bandwidth 1
tool_interrupt '\] memory '
[ "$rc" -eq 4 ] || fail "cancelled move: exit $rc, want 4"
expect_out "^cancelled: The migration of VM 'vm1' was cancelled; vm1 still runs on a"
[ "$(vm_state a vm1)" = running ] || fail "vm1 does not run on a after the cancel"
[ "$(vm_state b vm1)" = absent ] || fail "vm1 left something on b after the cancel"
n=$(last_hb a vm1)
wait_serial a vm1 "^HB $((n + 2))" 30
pass "SIGINT cancels: exit 4, vm1 still beating on a (HB $((n + 2))), nothing on b"

# --- a move the checks refuse does nothing -----------------------------------------------
ensure_running b vm2
tool move vm2 --host a
expect_rc 1
expect_err "storage.not-shared"
expect_err "was not moved; nothing was done"
[ "$(vm_state b vm2)" = running ] && [ "$(vm_state a vm2)" = absent ] || fail "vm2 moved"
pass "a refused move (local disk, no --datastore) exits 1 and leaves vm2 on b"

#!/bin/bash
# Answers files for real: moves saved with `move --save-answers --dry-run`
# (nothing moved) replay to the same result with no terminal; a drifted file
# is refused with every reason; an unknown host key is refused without
# --accept-new-host-keys; two sections run at once with --parallel.  The
# lab is left as lab-up made it (vm1 on a, vm2 on b and vm3 on c in local).
. "$(dirname "$0")/testlib.sh"

A=$TMP/answers
mkdir -p "$A"
restore=()
cleanup() {
	local c
	for c in "${restore[@]}"; do eval "$c" || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT

# The image of VM on HOST (its first disk).
disk_of() {	# HOST VM
	lab_enter "$1" virsh -q domblklist "$2" | awk 'NR == 1 {print $2}'
}

# --- record: each save is a dry run, nothing moves ------------------------------------
ensure_running a vm1
tool move vm1 --host b --save-answers "$A/vm1-to-b.ini" --dry-run
expect_rc 0
expect_out "^dry run: the checks passed"
expect_err "answers saved to $A/vm1-to-b.ini"
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "the dry run moved vm1"
[ "$(stat -c %a "$A/vm1-to-b.ini")" = 600 ] || fail "answers file mode $(stat -c %a "$A/vm1-to-b.ini")"
grep -qE '^# recorded .* by virt-migrate [0-9.]+ from hosts a, b, c$' "$A/vm1-to-b.ini" ||
	fail "no header: $(head -n 3 "$A/vm1-to-b.ini")"
tool move vm2 --datastore local2 --save-answers "$A/vm2-local2.ini" --dry-run
expect_rc 0
tool move vm3 --host a --datastore local --save-answers "$A/vm3-to-a.ini" --dry-run
expect_rc 0
tool move vm2 --host c --datastore local --delete-source --save-answers "$A/vm2-to-c.ini" --dry-run
expect_rc 0
tool move vm3 --datastore local2 --save-answers "$A/vm3-local2.ini" --dry-run
expect_rc 0
[ "$(vm_state b vm2)" != absent ] && [ "$(vm_state c vm3)" != absent ] || fail "a dry run moved vm2 or vm3"
pass "five moves saved by dry runs (mode 0600, header), nothing moved"

# --- an unknown host key: refused, then accepted when asked ------------------------------
grep -v '^c,' "$LAB_ROOT/keys/known_hosts" >"$TMP/kh"
sed "s#^known_hosts = .*#known_hosts = $TMP/kh#" "$LAB_ROOT/op/config/virt-migrate/config.ini" >"$TMP/kh.ini"
tool -c "$TMP/kh.ini" replay "$A/vm3-to-a.ini" --dry-run
expect_rc 1
expect_err "^\[hosts\] error: host.key-unknown: Host 'c'"
expect_err "accept-new-host-keys"
expect_out "^refused: "
kh_lines=$(wc -l <"$TMP/kh")
[ "$kh_lines" -eq 2 ] || fail "known_hosts changed without being asked: $(cat "$TMP/kh")"
tool -c "$TMP/kh.ini" replay "$A/vm3-to-a.ini" --dry-run --accept-new-host-keys
expect_rc 0
expect_out "^dry run: the checks passed; 1 migration would run"
[ "$(wc -l <"$TMP/kh")" -eq $((kh_lines + 1)) ] || fail "the accepted key of c was not recorded: $(cat "$TMP/kh")"
pass "an unknown host key is refused (exit 1), accepted and recorded with --accept-new-host-keys"

# a changed host key: c's name with a's key; refused even with --accept-new-host-keys
{ grep -v '^c,' "$LAB_ROOT/keys/known_hosts"
  printf 'c,%s %s\n' "$(lab_ip c)" "$(cut -d' ' -f1,2 "$LAB_ROOT/keys/host_a.pub")"; } >"$TMP/kh"
tool -c "$TMP/kh.ini" replay "$A/vm3-to-a.ini" --dry-run --accept-new-host-keys
expect_rc 1
expect_err "^\[hosts\] error: host.key-changed: Host 'c'"
expect_out "^refused: "
pass "a changed host key is refused, even with --accept-new-host-keys"

# --- replay for real, no terminal: vm1 moves live once, its heartbeat goes on -----------------
wait_serial a vm1 '^HB [0-9]+' 60
before=$(last_hb a vm1)
tool replay "$A/vm1-to-b.ini" </dev/null
expect_rc 2
expect_err "add --yes"
[ "$(vm_state a vm1)" = running ] || fail "replay without --yes moved vm1"
# SIGINT cancels a replay as it does a move: exit 4, vm1 still on a, nothing on b
tool move vm1 --host b --bandwidth 1 --save-answers "$A/slow.ini" --dry-run
expect_rc 0
tool_bg replay "$A/slow.ini" --yes
tool_interrupt '^\[vm1\] \[ *[0-9.]+s\] memory '
[ "$rc" -eq 4 ] || fail "cancelled replay: exit $rc, want 4"
expect_out "^\[vm1\] cancelled: The migration of VM 'vm1' was cancelled; vm1 still runs on a"
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not on a only after the cancel"
pass "SIGINT cancels a replay: exit 4, vm1 still on a, nothing on b"

# on a terminal it asks; anything but y or yes does nothing
printf 'n\n' >"$TMP/no"
set +e
lab_enter op script -qec "$VM_TOOL replay $A/vm1-to-b.ini" /dev/null <"$TMP/no" >"$TMP/tty" 2>&1
rc=$?
set -e
sed 's/^/  tty| /' "$TMP/tty"
[ "$rc" -eq 1 ] || fail "replay answered 'n' on a terminal: exit $rc, want 1"
contains "$TMP/tty" "Run 1 migration from .*\? \[y/N\]" || fail "no question on the terminal"
contains "$TMP/tty" "not confirmed; nothing was done" || fail "no 'not confirmed'"
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "replay answered 'n' moved vm1"
tool replay "$A/vm1-to-b.ini" --yes </dev/null
expect_rc 0
expect_out "^\[vm1\] done: vm1 runs on b \(persistent\); it is no longer defined on a"
expect_err "^\[vm1\] \[ *[0-9.]+s\] "
if grep -q $'\033' "$TMP/err"; then fail "control codes in the progress of a non-terminal"; fi
expect_live_once vm1 a b "$before"
last_a=$HB_LAST first_b=$HB_FIRST
pass "replay moved vm1 to b once, no terminal: last HB $last_a on a, first HB $first_b on b"

# --- drift: the same file again, a datastore and a network gone: every reason ---------------
lab_enter b virsh pool-dumpxml local2 >"$TMP/local2.xml"
lab_enter a virsh net-dumpxml vmnet >"$TMP/vmnet.xml"
restore+=("lab_enter b virsh -q pool-define '$TMP/local2.xml' >/dev/null 2>&1; lab_enter b virsh -q pool-start local2 >/dev/null 2>&1; lab_enter b virsh -q pool-autostart local2 >/dev/null 2>&1")
restore+=("lab_enter a virsh -q net-define '$TMP/vmnet.xml' >/dev/null 2>&1; lab_enter a virsh -q net-start vmnet >/dev/null 2>&1; lab_enter a virsh -q net-autostart vmnet >/dev/null 2>&1")
lab_enter b virsh -q pool-destroy local2 >/dev/null
lab_enter b virsh -q pool-undefine local2 >/dev/null
lab_enter a virsh -q net-destroy vmnet >/dev/null
lab_enter a virsh -q net-undefine vmnet >/dev/null
cat "$A/vm1-to-b.ini" "$A/vm2-local2.ini" "$A/vm3-to-a.ini" >"$A/drifted.ini"
tool replay "$A/drifted.ini" --yes
expect_rc 2	# local2 names no datastore of b any more: exit 2, as for a mistyped name
expect_err "^\[vm1\] error: host.same: VM 'vm1' is already on host b"
expect_err "^\[vm2\] error: storage.datastore-(missing|inactive): .*local2"
expect_err "^\[vm3\] error: net.(missing|inactive): .*vmnet"
expect_out "^refused: [0-9]+ errors \(3 of 3 migrations\); nothing was done\.$"
[ "$(vm_state b vm1)" = running ] && [ "$(vm_state b vm2)" != absent ] && [ "$(vm_state c vm3)" != absent ] ||
	fail "the refused replay moved something"
tool --json replay "$A/drifted.ini" --dry-run
expect_rc 2
jq -e '.outcome == "refused" and .exit == 2 and ([.migrations[] | select(.errors > 0)] | length) == 3' \
	"$TMP/out" >/dev/null || fail "JSON of the refused replay"
for c in "${restore[@]}"; do eval "$c"; done
restore=()
pass "a drifted file is refused with every reason: VM already moved, datastore gone, network gone"

# --- two sections at once ---------------------------------------------------------------
cat "$A/vm2-to-c.ini" "$A/vm3-local2.ini" >"$A/parallel.ini"
tool --json replay "$A/parallel.ini" --parallel --yes
expect_rc 0
jq -e '.outcome == "done" and ([.migrations[].result.outcome] == ["done", "done"])' "$TMP/out" \
	>/dev/null || fail "JSON of the parallel replay"
expect_err "replaying 2 migrations at once"
# with --json each move's progress and steps are JSON Lines on stderr, named by VM
named=$(jq -Rs '[split("\n")[] | fromjson? | .vm?] | index("vm2") != null and index("vm3") != null' \
	"$TMP/err") || named=false
[ "$named" = true ] || fail "no JSON progress lines of vm2 and vm3 on stderr: $(head -n 5 "$TMP/err")"
[ "$(vm_state c vm2)" != absent ] && [ "$(vm_state b vm2)" = absent ] || fail "vm2 is not on c only"
case $(disk_of c vm3) in */images2/*) ;; *) fail "vm3's disk is not in local2: $(disk_of c vm3)" ;; esac
case $(disk_of c vm2) in /var/lib/libvirt/images/*) ;; *) fail "vm2's disk is not in c's local: $(disk_of c vm2)" ;; esac
pass "--parallel: vm2 b -> c with its disk and vm3 local -> local2 on c, both done"

# --- and back, three at once, saved the same way: the lab as lab-up made it ---------------------
tool move vm2 --host b --datastore local --delete-source --save-answers "$A/b1.ini" --dry-run
expect_rc 0
tool move vm3 --datastore local --save-answers "$A/b2.ini" --dry-run
expect_rc 0
tool move vm1 --host a --save-answers "$A/b3.ini" --dry-run
expect_rc 0
cat "$A/b1.ini" "$A/b2.ini" "$A/b3.ini" >"$A/back.ini"
tool replay "$A/back.ini" --parallel --yes
expect_rc 0
expect_out "^\[vm1\] done: vm1 runs on a"
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not back on a"
[ "$(vm_state b vm2)" != absent ] && [ "$(vm_state c vm2)" = absent ] || fail "vm2 not back on b"
[ "$(disk_of b vm2)" = /var/lib/libvirt/images/vm2.qcow2 ] || fail "vm2's disk: $(disk_of b vm2)"
[ "$(disk_of c vm3)" = /var/lib/libvirt/images/vm3.qcow2 ] || fail "vm3's disk: $(disk_of c vm3)"
pass "three sections back at once: vm1 on a, vm2 on b and vm3 on c, disks in local"

#!/bin/bash
# Maintenance mode, planned: `evacuate a` gives each VM of host a a target
# by the checks of a move (vm1, running on shared storage: vMotion; ev-cold,
# shut off with its disk on a's local datastore: a cold move with a copy);
# the plan saved as answers runs with `replay --parallel` and empties a,
# each VM once, on its target.
. "$(dirname "$0")/testlib.sh"

ensure_running a vm1
"$LAB_SRC/guest-define" a ev-cold local vmnet
cleanup_ev() {
	for h in a b c; do
		lab_enter "$h" virsh -q undefine ev-cold >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q pool-refresh local >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q vol-delete --pool local ev-cold.qcow2 >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q vol-delete --pool local2 ev-cold.qcow2 >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q pool-refresh shared >/dev/null 2>&1 || true
	done
	lab_enter a virsh -q vol-delete --pool shared ev-cold.qcow2 >/dev/null 2>&1 || true
	# vm1 back home for the tests after this one
	[ "$(vm_state a vm1)" = running ] ||
		lab_enter op "$VM_TOOL" move vm1 --host a >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup_ev EXIT
[ "$(vm_state a ev-cold)" = "shut off" ] || fail "ev-cold is not defined on a"

tool evacuate a --dry-run --to b --to c
expect_rc 0
expect_out "^Evacuation of host a: 2 VMs, 2 can leave, 0 stay\.$"
expect_out "^  vm1 +running +[bc] +vMotion +-$"
expect_out "^  ev-cold +shut off +[bc] +cold migration +(local|local2|shared)$"
pass "the plan: vm1 by vMotion, ev-cold cold with its disk copied, both to b or c"

tool --json evacuate a --save-answers "$TMP/ev.ini"
expect_rc 0
jq -e '.placed == 2 and .stay == 0 and ([.moves[].target] | all(. == "b" or . == "c"))' \
	"$TMP/out" >/dev/null || fail "the JSON plan"
vm1_to=$(jq -r '.moves[] | select(.vm == "vm1") | .target' "$TMP/out")
cold_to=$(jq -r '.moves[] | select(.vm == "ev-cold") | .target' "$TMP/out")
[ "$(grep -c '^\[migration ' "$TMP/ev.ini")" -eq 2 ] || fail "not two migrations in the answers"
expect_err "replay them with 'virt-migrate replay --parallel FILE'"

tool replay --parallel --yes "$TMP/ev.ini"
expect_rc 0
[ "$(vm_state a vm1)" = absent ] && [ "$(vm_state "$vm1_to" vm1)" = running ] ||
	fail "vm1 is not on $vm1_to only"
for h in b c; do
	[ "$h" = "$vm1_to" ] || [ "$(vm_state $h vm1)" = absent ] || fail "vm1 is also on $h"
done
wait_serial "$vm1_to" vm1 "^HB [0-9]+" 30
[ "$(vm_state a ev-cold)" = absent ] && [ "$(vm_state "$cold_to" ev-cold)" = "shut off" ] ||
	fail "ev-cold is not on $cold_to only"
[ -z "$(lab_enter a virsh -q list --all --name)" ] || fail "host a still holds: $(lab_enter a virsh -q list --all --name)"
pass "replay --parallel of the plan emptied a: vm1 beats on $vm1_to, ev-cold is defined on $cold_to only"

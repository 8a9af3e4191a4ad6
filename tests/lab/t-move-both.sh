#!/bin/bash
# Shared-nothing vMotion for real: vm3 (local disk on c) moves live to a
# together with its disk, then back to c in another datastore and format; it
# runs exactly once, keeps beating, keeps its data; the source volume goes
# only once the VM runs on the target.  A cancelled move leaves nothing.
. "$(dirname "$0")/testlib.sh"

ensure_running c vm3
[ "$(vm_state a vm3)" = absent ] || fail "vm3 is defined on a before the test"
src_file=$LAB_ROOT/hosts/c/var-lib-libvirt/images/vm3.qcow2
[ -f "$src_file" ] || fail "vm3's disk is not at $src_file"
src_alloc=$(du -k "$src_file" | cut -f1)
before=$(last_hb c vm3)

tool move vm3 --host a --datastore local
expect_rc 0
expect_out "^done: vm3 runs on a \(persistent\); it is no longer defined on c"
[ "$(vm_state a vm3)" = running ] && [ "$(vm_state c vm3)" = absent ] || fail "vm3 not on a only"
lab_enter a virsh -q dumpxml vm3 >"$TMP/live.xml"
lab_enter a virsh -q dumpxml --inactive vm3 >"$TMP/inactive.xml"
for x in live inactive; do
	contains "$TMP/$x.xml" "source file='/var/lib/libvirt/images/vm3.qcow2'" ||
		fail "the $x definition on a does not use a's local volume"
done
new_file=$LAB_ROOT/hosts/a/var-lib-libvirt/images/vm3.qcow2
[ -f "$new_file" ] || fail "no volume at $new_file"
[ -e "$src_file" ] && fail "the source volume $src_file is still there"
new_alloc=$(du -k "$new_file" | cut -f1)
[ "$new_alloc" -le $((src_alloc * 2 + 2048)) ] ||
	fail "the copy is not thin: $new_alloc KiB allocated on a for $src_alloc KiB on c"
wait_serial a vm3 '^HB [0-9]+' 30
contains "$(serial_log a vm3)" "VMLAB INIT" && fail "vm3 rebooted on a"
first=$(first_hb a vm3)
[ "$first" -gt "$before" ] || fail "heartbeat went back: HB $before on c, first HB $first on a"
expect_disk_intact "$new_file"
pass "vm3 c -> a with its disk: runs once on a, new path in both definitions, source volume deleted, thin ($src_alloc -> $new_alloc KiB), HB $before -> $first"

# back to c, into local2, thick
tool --json move vm3 --host c --datastore local2 --format thick
expect_rc 0
jq -e '.outcome == "done"' "$TMP/out" >/dev/null || fail "JSON outcome"
back=$LAB_ROOT/hosts/c/var-lib-libvirt/images2/vm3.img
[ -f "$back" ] || fail "no thick raw volume at $back"
qemu-img info --output=json "$back" >"$TMP/info"
jq -e '.format == "raw"' "$TMP/info" >/dev/null || fail "$back is not raw"
alloc=$(jq '."actual-size"' "$TMP/info")
cap=$(jq '."virtual-size"' "$TMP/info")
[ "$alloc" -ge $((cap * 9 / 10)) ] || fail "$back is not fully allocated: $alloc of $cap bytes"
[ -e "$new_file" ] && fail "a's volume $new_file is still there"
[ "$(vm_state c vm3)" = running ] && [ "$(vm_state a vm3)" = absent ] || fail "vm3 not back on c only"
expect_disk_intact "$back"
pass "vm3 a -> c into local2 as thick raw ($alloc of $cap bytes allocated), a's volume deleted"

# cancel: slow link, SIGINT; the new volume on the target goes, vm3 stays
tool_bg move vm3 --host b --datastore local --bandwidth 1
tool_interrupt '\] (disks|memory) .*%'
[ "$rc" -eq 4 ] || fail "cancelled move: exit $rc, want 4"
[ "$(vm_state c vm3)" = running ] && [ "$(vm_state b vm3)" = absent ] || fail "vm3 not on c only after cancel"
ls "$LAB_ROOT/hosts/b/var-lib-libvirt/images/" >"$TMP/ls"
contains "$TMP/ls" "^vm3\." && fail "a volume of vm3 was left on b: $(cat "$TMP/ls")"
[ -f "$back" ] || fail "vm3's own volume is gone"
pass "a cancelled shared-nothing move: exit 4, vm3 on c, nothing left on b"

# leave vm3 as the lab made it: back in c's local pool, qcow2
tool move vm3 --datastore local --format thin
if [ "$rc" -ne 0 ]; then
	# storage-only moves may not exist in this build: do it shared-nothing via a
	tool move vm3 --host a --datastore local --format thin
	expect_rc 0
	tool move vm3 --host c --datastore local --format thin
fi
expect_rc 0

#!/bin/bash
# Cold migration for real: a shut-off VM moves to another host with its disk
# copied (verified, thin stays thin, thick is fully allocated), is registered
# there and removed from the source; the source file goes only when asked.
# A shut-off VM on shared storage moves without copying anything.
. "$(dirname "$0")/testlib.sh"

# vm2 must have booted once (its disk carries the pattern), then be shut off
ensure_running b vm2
lab_enter b virsh -q destroy vm2 >/dev/null
[ "$(vm_state b vm2)" = "shut off" ] || fail "vm2 is not shut off on b"
src=$LAB_ROOT/hosts/b/var-lib-libvirt/images/vm2.qcow2
src_alloc=$(( $(du -k "$src" | cut -f1) * 1024 ))

tool --json move vm2 --host c --datastore local2
expect_rc 0
jq -e '.outcome == "done"' "$TMP/out" >/dev/null || fail "outcome"
bytes=$(jq '.bytes' "$TMP/out")
[ "$bytes" -le $((src_alloc + src_alloc / 10 + 1048576)) ] ||
	fail "thin copy moved $bytes bytes for $src_alloc allocated"
[ "$(vm_state c vm2)" = "shut off" ] && [ "$(vm_state b vm2)" = absent ] || fail "vm2 not on c only"
lab_enter c virsh -q dumpxml --inactive vm2 >"$TMP/x"
contains "$TMP/x" "source file='/var/lib/libvirt/images2/vm2.qcow2'" || fail "c's definition does not use local2"
new=$LAB_ROOT/hosts/c/var-lib-libvirt/images2/vm2.qcow2
expect_disk_intact "$new"
[ -f "$src" ] || fail "the source file was deleted without --delete-source"
expect_err "kept on b"
expect_err "from b straight to c"
lab_enter c sh -c 'ls -a /var/lib/libvirt/images2' | grep -q '^\.virt-migrate-' &&
	fail "the host-to-host copy left its temporary directory on c"
pass "vm2 b -> c cold into local2, host to host: registered on c only, $bytes bytes moved for $src_alloc allocated, source kept"
lab_enter b virsh -q pool-refresh local >/dev/null
lab_enter b virsh -q vol-delete --pool local vm2.qcow2 >/dev/null

lab_enter c virsh -q start vm2 >/dev/null
wait_serial c vm2 'VMLAB PATTERN ok' 90
lab_enter c virsh -q destroy vm2 >/dev/null
pass "vm2 boots on c from the copied disk and finds its pattern"

tool --json move vm2 --host b --datastore local --format thick --delete-source
expect_rc 0
thick=$LAB_ROOT/hosts/b/var-lib-libvirt/images/vm2.img
qemu-img info --output=json "$thick" >"$TMP/info"
jq -e '.format == "raw"' "$TMP/info" >/dev/null || fail "$thick is not raw"
alloc=$(jq '."actual-size"' "$TMP/info") cap=$(jq '."virtual-size"' "$TMP/info")
[ "$alloc" -ge $((cap * 9 / 10)) ] || fail "not fully allocated: $alloc of $cap"
[ -e "$new" ] && fail "--delete-source left $new on c"
expect_disk_intact "$thick"
pass "vm2 c -> b cold as thick raw ($alloc of $cap bytes), c's file deleted"

# leave vm2 as the lab made it: qcow2 in b's local pool; the way back with
# c unable to reach b over ssh on its own, so the copy goes through the tool
tool move vm2 --host c --datastore local --format thin --delete-source
expect_rc 0
key=$LAB_ROOT/hosts/c/root-ssh/id_ed25519
mv "$key" "$key.away"
restore_key() { if [ -e "$key.away" ]; then mv "$key.away" "$key"; fi; }
trap 'restore_key; rm -rf "$TMP"' EXIT
tool move vm2 --host b --datastore local --format thin --delete-source
restore_key
expect_rc 0
expect_err "Streaming through the tool instead"
[ -f "$src" ] && [ "$(vm_state b vm2)" = "shut off" ] || fail "vm2 not restored on b"
expect_disk_intact "$src"
pass "without ssh from c to b, the copy fell back to the stream through the tool"

# a shut-off VM on shared storage: registered on the target, nothing copied
"$LAB_SRC/guest-define" a vmcold shared vmnet
tool --json move vmcold --host b
expect_rc 0
jq -e '.bytes == 0' "$TMP/out" >/dev/null || fail "bytes were copied for a disk on shared storage"
[ "$(vm_state b vmcold)" = "shut off" ] && [ "$(vm_state a vmcold)" = absent ] || fail "vmcold not on b only"
lab_enter b virsh -q dumpxml --inactive vmcold >"$TMP/x"
contains "$TMP/x" "source file='$LAB_ROOT/shared/vmcold.qcow2'" || fail "vmcold's disk path changed"
pass "a shut-off VM on shared storage moves by registration only"

# asked into the shared datastore it is already in: it stays in place
tool --json move vmcold --host a --datastore shared --delete-source
expect_rc 0
jq -e '.bytes == 0' "$TMP/out" >/dev/null || fail "bytes were copied for a disk already in place"
expect_err "stays in place in datastore shared"
[ -f "$LAB_ROOT/shared/vmcold.qcow2" ] || fail "--delete-source removed the only copy of vmcold's disk"
[ "$(vm_state a vmcold)" = "shut off" ] && [ "$(vm_state b vmcold)" = absent ] || fail "vmcold not on a only"
pass "into the shared datastore it is in: no copy, and --delete-source keeps the only file"

# from the shared datastore into a local one of the target: copied there
tool --json move vmcold --host b --datastore local
expect_rc 0
expect_err "copying inside datastore shared on b"
[ "$(vm_state b vmcold)" = "shut off" ] && [ "$(vm_state a vmcold)" = absent ] || fail "vmcold not on b only"
lab_enter b virsh -q dumpxml --inactive vmcold >"$TMP/x"
contains "$TMP/x" "source file='/var/lib/libvirt/images/vmcold.qcow2'" || fail "vmcold not in b's local pool"
cmp -s "$LAB_ROOT/shared/vmcold.qcow2" "$LAB_ROOT/hosts/b/var-lib-libvirt/images/vmcold.qcow2" ||
	fail "the copy inside the datastore differs from its source"
lab_enter b virsh -q undefine vmcold --remove-all-storage >/dev/null
lab_enter a virsh -q pool-refresh shared >/dev/null
lab_enter a virsh -q vol-delete --pool shared vmcold.qcow2 >/dev/null 2>&1 || true
pass "from a shared datastore into b's local one: copied on b itself"

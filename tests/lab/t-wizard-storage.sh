#!/bin/bash
# The wizard moves the storage only (Storage vMotion): vm3 runs on c and its
# disk goes from pool local to pool local2, chosen in the datastore list; it
# keeps beating without a reboot and both definitions name the new file.
# Afterwards the disk goes back and vm3 is left as it was found.
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
was=$(vm_state c vm3)
restore() {
	tmux_stop
	lab_enter op "$VM_TOOL" move vm3 --datastore local >/dev/null 2>&1 || true
	[ "$was" = running ] || lab_enter c virsh -q destroy vm3 >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap restore EXIT

ensure_running c vm3
lab_enter c virsh -q domblklist vm3 >"$TMP/blk"
grep -qE "vda +/var/lib/libvirt/images/vm3\.qcow2" "$TMP/blk" || fail "vm3's disk is not in local: $(cat "$TMP/blk")"

wizard_lab_start vm3
tmux_keys Down
tmux_wait "^ > +\( \) Change storage only" || fail "cursor not on storage only"
tmux_keys Enter
tmux_wait "Select storage" || fail "no storage step"
tmux_wait "Datastores of host c" || fail "not c's datastores"
tmux_screen >"$TMP/storage.screen"
grep -qE "local2 +[0-9.]+ [KMGT]iB +[0-9.]+ [KMGT]iB +dir +local" "$TMP/storage.screen" ||
	fail "local2 row lacks capacity, free, type or local"
grep -qE "shared +[0-9.]+ [KMGT]iB +[0-9.]+ [KMGT]iB +[a-z]+ +shared" "$TMP/storage.screen" ||
	fail "the shared datastore is not shown as shared"
tmux_seek "^>\* local2 " Down 6 || fail "cannot choose local2"
tmux_wait_gone "^ error " || fail "a storage error for local2"
tmux_keys Enter
tmux_wait "Ready to complete" || fail "no summary"
wizard_lab_summary "Migration Type +Change storage only \(live\)" "Host +c" "Storage +local2" \
	"Disk Format +Same format as source" "vMotion Priority +-"
pass "storage step: local2 chosen; summary says storage only, host c, local2"

wizard_lab_finish "Done: " 180 "Phase: (disks|finishing|done)"
[ "$rc" = 0 ] || fail "wizard exit status $rc, want 0"
grep -qE "Progress: VM 'vm3', c -> c, Storage vMotion" "$TMP/done.screen" || fail "progress title"
pass "wizard: exit 0 after a Storage vMotion"

lab_enter c virsh -q domblklist vm3 >"$TMP/blk"
grep -qE "vda +/var/lib/libvirt/images2/vm3\.qcow2" "$TMP/blk" || fail "vm3's disk is not in local2: $(cat "$TMP/blk")"
lab_enter c virsh -q dumpxml --inactive vm3 >"$TMP/inactive"
grep -qF "/var/lib/libvirt/images2/vm3.qcow2" "$TMP/inactive" || fail "the saved definition names the old disk"
n=$(last_hb c vm3)
wait_serial c vm3 "^HB $((n + 2))\b" 30
[ "$(grep -ac 'VMLAB INIT' "$(serial_log c vm3)")" = 1 ] || fail "vm3 rebooted"
[ "$(vm_state c vm3)" = running ] || fail "vm3 does not run on c"
pass "vm3 runs on c from local2 (both definitions), still beating (HB $((n + 2)))"

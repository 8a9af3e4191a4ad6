#!/bin/bash
# Storage vMotion for real, on host b with guests of its own (sv-run, sv-cold):
# a running VM moves local -> local2 and keeps beating without a reboot,
# both its definitions name the new file, the old volume is gone, the disk
# pattern is intact; --format thick gives a fully allocated raw file, thin a
# qcow2; a cancelled move (SIGINT) and a failed one leave it on its old disk
# with nothing new left; a shut-off VM moves cold and boots from its new
# disk; a suspended one (managed save) is refused.  Both guests are removed
# at the end, whatever happens.
. "$(dirname "$0")/testlib.sh"

ON=$LAB_SRC/on
IMG=$LAB_ROOT/hosts/b/var-lib-libvirt/images	# b's /var/lib/libvirt/images (pool local)
IMG2=$LAB_ROOT/hosts/b/var-lib-libvirt/images2	# b's /var/lib/libvirt/images2 (pool local2)

vb() {	# virsh on b, never hanging
	timeout 60 "$ON" b virsh -q "$@"
}

remove_guests() {
	local vm pool v
	for vm in sv-run sv-cold; do
		vb destroy "$vm" >/dev/null 2>&1 || true
		vb undefine "$vm" --managed-save --remove-all-storage >/dev/null 2>&1 || true
	done
	for pool in local local2; do
		for v in sv-run.qcow2 sv-run.img sv-cold.qcow2 sv-cold.img sv-cold.converting.img; do
			vb vol-delete "$v" --pool "$pool" >/dev/null 2>&1 || true
		done
	done
}
trap 'remove_guests; rm -rf "$TMP"' EXIT
remove_guests

# The live and the saved definition of VM name PATH for vda, with driver type FORMAT.
expect_disk() {	# VM PATH FORMAT
	vb domblklist "$1" >"$TMP/blk"
	grep -qE "^ *vda +$2\$" "$TMP/blk" || fail "$1: vda is not $2 in the live definition: $(cat "$TMP/blk")"
	vb dumpxml --inactive "$1" >"$TMP/inactive"
	grep -qF "<source file='$2'/>" "$TMP/inactive" || fail "$1: the saved definition does not name $2"
	grep -qF "type='$3'" "$TMP/inactive" || fail "$1: the saved definition has no driver type $3"
}

# No volume NAME in POOL of b, and no such file.
expect_gone() {	# POOL NAME DIR
	vb pool-refresh "$1" >/dev/null
	vb vol-list "$1" >"$TMP/vols"
	grep -qE "^ *$2 " "$TMP/vols" && fail "volume $2 is still in pool $1"
	[ ! -e "$3/$2" ] || fail "$3/$2 is still there"
	return 0
}

# The guest keeps beating on b with the boot it had: two more heartbeats,
# still one "VMLAB INIT" in its serial log.
expect_beating() {	# VM
	local n
	n=$(last_hb b "$1")
	wait_serial b "$1" "^HB $((n + 2))\b" 30
	[ "$(grep -ac 'VMLAB INIT' "$(serial_log b "$1")")" = 1 ] || fail "$1 rebooted"
	[ "$(vm_state b "$1")" = running ] || fail "$1 is not running: $(vm_state b "$1")"
	echo "  $1: HB $n -> HB $((n + 2)), no reboot"
}

# allocation of a file as a percentage of its size
alloc_pct() {	# FILE
	local alloc size
	alloc=$(stat -c '%b*%B' "$1")
	size=$(stat -c '%s' "$1")
	echo $((($alloc) * 100 / size))
}

# --- a running VM, local -> local2, same format ------------------------------------
"$LAB_SRC/guest-define" b sv-run local vmnet
# sv-cold (the shut-off VM below) boots once for its pattern now, beside sv-run
"$LAB_SRC/guest-define" b sv-cold local vmnet
vb start sv-run >/dev/null
vb start sv-cold >/dev/null
wait_serial b sv-run '^HB 3\b' 90
expect_disk sv-run /var/lib/libvirt/images/sv-run.qcow2 qcow2

tool move sv-run --datastore local2
expect_rc 0
expect_out "^done: sv-run runs on b from datastore local2; "
expect_disk sv-run /var/lib/libvirt/images2/sv-run.qcow2 qcow2
expect_gone local sv-run.qcow2 "$IMG"
grep -qE '\] disks +' "$TMP/err" || fail "no disks progress on stderr"
expect_beating sv-run
expect_disk_intact "$IMG2/sv-run.qcow2"
pass "running sv-run local -> local2: still running, no reboot, live and saved XML on images2, old volume gone"

# --- thick: raw, fully allocated --------------------------------------------------
tool move sv-run --datastore local --format thick
expect_rc 0
expect_out "^done: sv-run runs on b from datastore local; "
expect_disk sv-run /var/lib/libvirt/images/sv-run.img raw
expect_gone local2 sv-run.qcow2 "$IMG2"
qemu-img info -U "$IMG/sv-run.img" >"$TMP/info"
contains "$TMP/info" '^file format: raw$' || fail "sv-run.img is not raw: $(cat "$TMP/info")"
pct=$(alloc_pct "$IMG/sv-run.img")
[ "$pct" -ge 95 ] || fail "thick sv-run.img is only $pct % allocated"
expect_beating sv-run
expect_disk_intact "$IMG/sv-run.img"
pass "thick: sv-run.img raw, $pct % allocated ($(grep '^disk size' "$TMP/info"))"

# --- thin: qcow2 ------------------------------------------------------------------
tool move sv-run --datastore local2 --format thin
expect_rc 0
expect_disk sv-run /var/lib/libvirt/images2/sv-run.qcow2 qcow2
expect_gone local sv-run.img "$IMG"
qemu-img info -U "$IMG2/sv-run.qcow2" >"$TMP/info"
contains "$TMP/info" '^file format: qcow2$' || fail "sv-run.qcow2 is not qcow2"
expect_beating sv-run
expect_disk_intact "$IMG2/sv-run.qcow2"
pass "thin: raw -> qcow2 in local2 ($(grep '^disk size' "$TMP/info"))"

# --- cancel: 1 MiB/s makes the copy last a minute; SIGINT ends it without a pivot ----
tool_bg move sv-run --datastore local --bandwidth 1
tool_interrupt '\] disks +[0-9]+%'
[ "$rc" -eq 4 ] || fail "cancelled move: exit $rc, want 4"
expect_out "^cancelled: The storage move of VM 'sv-run' was cancelled; sv-run still runs on b from its old disks"
expect_disk sv-run /var/lib/libvirt/images2/sv-run.qcow2 qcow2
expect_gone local sv-run.qcow2 "$IMG"
timeout 60 "$ON" b virsh blockjob sv-run vda >"$TMP/job" 2>&1 || true
contains "$TMP/job" "No current block job" || fail "a block job is left on vda: $(cat "$TMP/job")"
expect_beating sv-run
expect_disk_intact "$IMG2/sv-run.qcow2"
pass "SIGINT cancels: exit 4, sv-run on its old disk, no job, no new volume in local"

# --- a failure before the pivot: the target file exists already --------------------
vb vol-create-as local sv-run.qcow2 1M --format qcow2 >/dev/null
tool move sv-run --datastore local
expect_rc 3
expect_out "^rolled back: Disk vda of VM 'sv-run' could not move to datastore local: .*exists already; sv-run still runs on b from its old disks\.$"
expect_disk sv-run /var/lib/libvirt/images2/sv-run.qcow2 qcow2
vb vol-delete sv-run.qcow2 --pool local >/dev/null
expect_beating sv-run
pass "a move that cannot create its volume exits 3 and leaves sv-run on local2"

# --- a shut-off VM, cold: local -> local2, then thick back -------------------------
wait_serial b sv-cold '^VMLAB PATTERN written' 90
wait_serial b sv-cold '^HB 2\b' 30
vb destroy sv-cold >/dev/null
tool move sv-cold --datastore local2
expect_rc 0
expect_out "^done: sv-cold is on b \(shut off\) with its disks in datastore local2; "
[ "$(vm_state b sv-cold)" = "shut off" ] || fail "sv-cold is $(vm_state b sv-cold)"
expect_disk sv-cold /var/lib/libvirt/images2/sv-cold.qcow2 qcow2
expect_gone local sv-cold.qcow2 "$IMG"
expect_disk_intact "$IMG2/sv-cold.qcow2"
vb start sv-cold >/dev/null
wait_serial b sv-cold '^VMLAB PATTERN ok ' 90
wait_serial b sv-cold '^HB 2\b' 30
vb destroy sv-cold >/dev/null
pass "shut-off sv-cold local -> local2: redefined, old volume gone, boots with its pattern ok"

tool move sv-cold --datastore local --format thick
expect_rc 0
expect_disk sv-cold /var/lib/libvirt/images/sv-cold.img raw
expect_gone local2 sv-cold.qcow2 "$IMG2"
expect_gone local sv-cold.converting.img "$IMG"
pct=$(alloc_pct "$IMG/sv-cold.img")
[ "$pct" -ge 95 ] || fail "thick sv-cold.img is only $pct % allocated"
expect_disk_intact "$IMG/sv-cold.img"
pass "cold thick: qcow2 -> raw sv-cold.img, $pct % allocated, no scratch volume left"

# --- suspended (managed save): refused, nothing done --------------------------------
vb start sv-cold >/dev/null
wait_serial b sv-cold '^HB 2\b' 90
vb managedsave sv-cold >/dev/null
tool move sv-cold --datastore local2
expect_rc 3
expect_out "^rolled back: VM 'sv-cold' on host 'b' is suspended \(managed save\)"
expect_disk sv-cold /var/lib/libvirt/images/sv-cold.img raw
expect_gone local2 sv-cold.img "$IMG2"
pass "a suspended VM is refused with exit 3; its disk stays in local"

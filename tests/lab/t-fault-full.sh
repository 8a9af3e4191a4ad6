#!/bin/bash
# Fault: the target datastore fills up during the copy — a cold copy to c,
# and a Storage vMotion on b — in a 48 MiB tmpfs pool that a 30 MiB file
# fills behind libvirt's back after the pool was read (the checks see room
# for the 33 MiB disk; the copy does not find it).  The move fails; the VM is
# where it was with its disk; no partial volume is left in the full pool.
. "$(dirname "$0")/faultlib.sh"
G=fz-full
full_pool() {	# HOST — the pool "full" on a fresh 48 MiB tmpfs
	lab_enter "$1" mkdir -p /var/lib/libvirt/full
	lab_enter "$1" mount -t tmpfs -o size=48m full /var/lib/libvirt/full
	vsh "$1" pool-define-as full dir --target /var/lib/libvirt/full >/dev/null
	vsh "$1" pool-start full >/dev/null
	lab_enter "$1" dd if=/dev/zero of=/var/lib/libvirt/full/filler bs=1M count=30 status=none
	echo "  pool full on $1: $(lab_enter "$1" df -h /var/lib/libvirt/full | tail -n 1)"
}
drop_pool() {	# HOST
	vsh "$1" pool-destroy full >/dev/null 2>&1 || true
	vsh "$1" pool-undefine full >/dev/null 2>&1 || true
	lab_enter "$1" umount /var/lib/libvirt/full 2>/dev/null || true
}
trap 'fault_forget $G; drop_pool b; drop_pool c; rm -rf "$TMP"' EXIT
fault_forget $G
drop_pool b
drop_pool c

# --- a cold copy b -> c into a pool that fills up --------------------------------------
fault_guest b $G local 32 off
full_pool c
tool move $G --host c --datastore full
expect_outcome 3 "^rolled back: .*$G.*No space left.*Datastore 'full' on host 'c' ran out of space: free space there, or choose another datastore"
lab_enter c ls -A /var/lib/libvirt/full >"$TMP/ls"
[ "$(cat "$TMP/ls")" = filler ] || fail "left in the full pool on c: $(tr '\n' ' ' <"$TMP/ls")"
expect_invariant $G b "shut off"
pass "the target datastore filled up during a cold copy: exit 3, $G defined on b only, nothing left on c"

# --- a Storage vMotion on b into a pool that fills up -----------------------------------
vsh b start $G >/dev/null
wait_serial b $G '^HB [0-9]+' 90
full_pool b
tool move $G --datastore full
# the message says the datastore ran out of space, where, and what to do
expect_outcome 3 "^rolled back: Disk vda of VM '$G' could not move to datastore full: datastore 'full' on host 'b' ran out of space .*Free space in datastore 'full' on host 'b', or choose another datastore"
lab_enter b ls -A /var/lib/libvirt/full >"$TMP/ls"
[ "$(cat "$TMP/ls")" = filler ] || fail "left in the full pool on b: $(tr '\n' ' ' <"$TMP/ls")"
expect_invariant $G b running
pass "the datastore filled up during a Storage vMotion: exit 3, says datastore full on b ran out of space, $G runs on b from its own disk, nothing left"

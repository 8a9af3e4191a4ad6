#!/bin/bash
# Fault: two tools migrate the same VM at once.  The first proceeds; the
# second refuses with one clear message and exit 1 — for a cold copy (the
# per-VM lock) and for a live move (the libvirt job the checks see).
. "$(dirname "$0")/faultlib.sh"
G=fz-lock
trap 'vm1_home; unshape_lab; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G

# The first copy must outlast the second tool's checks, whose link probe
# (64 MiB from b) shares b's slowed link with it: 160 MiB of filler.
VMLAB_DISK_SIZE=256M fault_guest b $G local 160 off
shape_lab 40mbit
bg_tool one move $G --host c --datastore local --delete-source
bg_wait_for one '\] disks +[0-9]+%'
tool move $G --host a --datastore local
expect_outcome 1 "^refused: VM '$G' is being migrated by another virt-migrate \(process [0-9]+\); this one was not started"
unshape_lab	# the refusal is seen: let the first copy finish at full speed
bg_end one 120
expect_outcome 0 "^done: $G is registered on c"
expect_invariant $G c "shut off"
pass "cold: the second tool refused (exit 1, the lock), the first moved $G to c"

ensure_running a vm1
bg_tool one move vm1 --host b --bandwidth 2
bg_wait_for one '\] memory '
tool move vm1 --host c --network dmz=vmnet
expect_rc 1
expect_err "vm.job-running"
bg_end one 120
expect_outcome 0 "^done: vm1 runs on b"
tool move vm1 --host a
expect_rc 0
expect_invariant vm1 a running
pass "live: the second tool refused (exit 1, vm.job-running), the first moved vm1; it is back on a"

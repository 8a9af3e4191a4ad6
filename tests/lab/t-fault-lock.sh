#!/bin/bash
# Fault: two tools migrate the same VM at once.  The first proceeds; the
# second refuses with one clear message naming who holds the VM since when
# and exit 1 — whatever its state directory (the lock is on the VM's host:
# the same as another workstation's tool) — for a cold copy and for a live
# move (the host lock, then the libvirt job the checks see).  A tool that is
# killed leaves no lock behind: its host drops it with its SSH session.
. "$(dirname "$0")/faultlib.sh"
G=fz-lock
OTHER=/tmp/vmlab-other-state
trap 'vm1_home; unshape_lab; fault_forget $G; lab_enter op rm -rf "$OTHER"; rm -rf "$TMP"' EXIT
fault_forget $G
lab_enter op rm -rf "$OTHER"

# The tool of another operator: its own state directory, so neither its
# local lock nor its journals are the first tool's.
other_tool() {
	set +e
	lab_enter op env COLUMNS=$TOOL_COLUMNS XDG_STATE_HOME="$OTHER" "$VM_TOOL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	echo "\$ (other state) virt-migrate $* -> exit $rc"
	sed 's/^/  | /' "$TMP/out"
	sed 's/^/  ! /' "$TMP/err"
}

host_lock_free() {	# HOST UUID: nobody holds the VM's lock on HOST
	lab_enter "$1" sh -c 'f=/run/virt-migrate/locks/$1.lock; [ ! -e "$f" ] || flock -n "$f" true' sh "$2"
}

# The first copy must outlast the second tool's checks: 160 MiB of filler
# over a slowed link.
VMLAB_DISK_SIZE=256M fault_guest b $G local 160 off
uuid=$(vsh b domuuid $G | tr -d '[:space:]')
shape_lab 40mbit
bg_tool one move $G --host c --datastore local --delete-source
bg_wait_for one '\] disks +[0-9]+%'
tool move $G --host a --datastore local
expect_outcome 1 "^refused: VM '$G' is being moved by another virt-migrate: [^ ]+@op \(pid [0-9]+\) since 20[0-9-]+ [0-9:]+ UTC \(lock on host 'b'\)"
other_tool move $G --host a --datastore local
expect_outcome 1 "^refused: VM '$G' is being moved by another virt-migrate: [^ ]+@op \(pid [0-9]+\) since .* \(lock on host 'b'\)"
unshape_lab	# the refusals are seen: let the first copy finish at full speed
bg_end one 120
expect_outcome 0 "^done: $G is registered on c"
expect_invariant $G c "shut off"
host_lock_free c "$uuid" || fail "the lock of $G is still held on c after the move"
pass "cold: a second tool (same and other state directory) refused, naming the holder; the first moved $G to c"

# Killed mid-copy: the host drops the lock with the tool's SSH session.
shape_lab 40mbit
bg_tool one move $G --host b --datastore local
bg_wait_for one '\] disks +[0-9]+%'
host_lock_free c "$uuid" && fail "no lock on c while $G is being copied"
bg_signal one KILL
bg_end one 30
unshape_lab
lab_wait 15 host_lock_free c "$uuid" || fail "the lock of $G on c outlived its killed tool by 15 s"
tool recover
expect_rc 0
expect_invariant $G c "shut off"
other_tool move $G --host b --datastore local --delete-source
expect_rc 0
expect_invariant $G b "shut off"
pass "SIGKILL: the lock on c went with the tool's session; recover cleaned up; another state directory's tool then moved $G to b"

ensure_running a vm1
bg_tool one move vm1 --host b --bandwidth 3
bg_wait_for one '\] memory '
tool move vm1 --host c --network dmz=vmnet
expect_rc 1
expect_err "vm.job-running"
# the refusal is seen: the first move's cap is lifted so that it finishes at
# full speed (as the cold case's shaping is lifted above)
vsh a migrate-setspeed vm1 --bandwidth 1024 >/dev/null 2>&1 ||
	echo "  (the first move's cap was not lifted: it had ended already)"
bg_end one 120
expect_outcome 0 "^done: vm1 runs on b"
tool move vm1 --host a
expect_rc 0
expect_invariant vm1 a running
pass "live: the second tool refused (exit 1, vm.job-running), the first moved vm1; it is back on a"

#!/bin/bash
# Fault: SIGTERM to the tool during each live kind (vMotion, shared-nothing,
# Storage vMotion), SIGHUP, a ^C typed at a real terminal and the terminal
# closed during vMotion.  Each is a cancel: exit 4, one message, the VM where it
# was, nothing left on the target.  (SIGINT during the live kinds is in
# t-move-*.sh; both signals during a cold copy in t-fault-signals-cold.sh.)
. "$(dirname "$0")/faultlib.sh"
G=fz-sig
trap 'vm1_home; unshape_lab; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G
# the guest of the shared-nothing part below boots now, beside vm1's fresh boot
fault_guest_begin c $G local 16 running

# --- vMotion ------------------------------------------------------------------------------
vm1_fresh
bg_tool mv move vm1 --host b --bandwidth 1
bg_wait_for mv '\] memory +[0-9]+%'
bg_signal mv TERM
bg_end mv 60
expect_outcome 4 "^cancelled: The migration of VM 'vm1' was cancelled; vm1 still runs on a"
expect_invariant vm1 a running
pass "SIGTERM during vMotion: exit 4, vm1 runs on a only"

# --- vMotion: SIGHUP, as when the terminal is closed ------------------------------------
bg_tool mv move vm1 --host b --bandwidth 1
bg_wait_for mv '\] memory +[0-9]+%'
bg_signal mv HUP
bg_end mv 60
expect_outcome 4 "^cancelled: The migration of VM 'vm1' was cancelled; vm1 still runs on a"
expect_invariant vm1 a running
pass "SIGHUP during vMotion: exit 4, vm1 runs on a only"

# --- vMotion: ^C typed at a real terminal ------------------------------------------------
# The terminal would send SIGINT to the whole process group, libvirt's ssh
# helpers included; the tool reads the ^C itself while a migration runs.
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
tmux_start "env ASAN_OPTIONS=$ASAN_OPTIONS LSAN_OPTIONS=$LSAN_OPTIONS $VM_TOOL move vm1 --host b --bandwidth 1 2>&1"
tmux_wait '\] memory +[0-9]+%' 60 || fail "no memory phase on the terminal"
tmux_keys C-c
st=$(tmux_status 60) || fail "the tool did not end after ^C"
tmux_screen >"$TMP/ctrlc.screen"
tmux_stop
sed 's/^/  | /' "$TMP/ctrlc.screen"
[ "$st" = 4 ] || fail "^C at the terminal: exit $st, want 4 (cancelled)"
contains "$TMP/ctrlc.screen" "^cancelled: The migration of VM 'vm1' was cancelled; vm1 still runs on a" ||
	fail "^C at the terminal: no cancel message"
expect_invariant vm1 a running
pass "^C typed at the terminal during vMotion: exit 4, rolled back, vm1 runs on a only"

# --- vMotion: the terminal closed (its pane killed) ------------------------------------
# The kernel sends SIGHUP to the terminal's whole foreground group; libvirt's
# ssh processes run in a session of their own (virt-migrate-ssh), so the
# tool's cancel still reaches libvirt and rolls back.
tmux_start "$VM_TOOL move vm1 --host b --bandwidth 1 >$TMP/hup.out 2>&1"
lab_wait 60 contains "$TMP/hup.out" '\] memory +[0-9]+%' || fail "no memory phase before the hang-up"
tm kill-server >/dev/null 2>&1 || true
lab_wait 60 no_lab_tool 'move vm1 --host b --bandwidth 1' ||
	fail "the tool did not end within 60 s of the hang-up"
sed 's/^/  | /' "$TMP/hup.out"
contains "$TMP/hup.out" "^cancelled: The migration of VM 'vm1' was cancelled; vm1 still runs on a" ||
	fail "the hang-up did not cancel with rollback"
expect_invariant vm1 a running
pass "terminal closed during vMotion (SIGHUP to its group): cancelled, rolled back, vm1 runs on a only"

# --- shared-nothing -------------------------------------------------------------------------
fault_guest_ready c $G
bg_tool mv move $G --host a --datastore local --bandwidth 2
bg_wait_for mv '\] disks +[0-9]+%'
bg_signal mv TERM
bg_end mv 60
expect_outcome 4 "^cancelled: .*$G"
expect_invariant $G c running
pass "SIGTERM during shared-nothing vMotion: exit 4, $G runs on c only, nothing on a"

# --- Storage vMotion --------------------------------------------------------------------------
bg_tool mv move $G --datastore local2 --bandwidth 1
bg_wait_for mv '\] disks +[0-9]+%'
bg_signal mv TERM
bg_end mv 60
expect_outcome 4 "^cancelled: .*$G"
expect_invariant $G c running
pass "SIGTERM during Storage vMotion: exit 4, $G runs on c from its own disk, nothing in local2"

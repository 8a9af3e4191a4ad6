#!/bin/bash
# The wizard's priority step offers parallel streams and compression
# (issue 17): `wizard --connections 4` starts on 4 streams, which a and b
# (libvirt 9.0, QEMU 7.2) can do; zstd, which libvirt 9.0 lacks for
# parallel connections, shows why and Next waits; back to none, the summary
# lists the streams and Finish moves vm1 live a -> b over them (the
# engine's starting step in the log says so).  vm1 runs once, on b, and
# keeps beating.  Then it goes back (command).
. "$(dirname "$0")/testlib.sh"
TMUX_WRAP=(lab_enter op)
. "$LAB_SRC/tmuxlib.sh"
LSAN_OPTIONS=suppressions=$TOP/tests/tui/lsan.supp:print_suppressions=0
trap 'tmux_stop; rm -rf "$TMP"' EXIT

ensure_running a vm1
[ "$(vm_state b vm1)" = absent ] || fail "vm1 is defined on b before the test"
wait_serial a vm1 '^HB [0-9]+' 60
before=$(last_hb a vm1)
LOG=$LAB_ROOT/op/state/virt-migrate/virt-migrate.log
lines=0	# the log may not be there yet on a lab just up
[ -f "$LOG" ] && lines=$(wc -l <"$LOG")

wizard_lab_start vm1 "wizard --connections 4"
tmux_keys Enter	# change compute resource only
tmux_wait "^.{3}b +lab +ok" 120 || fail "no ok verdict for b (4 streams judged impossible?)"
tmux_keys Enter
tmux_wait "Select networks" || fail "no network step"
tmux_keys Enter
tmux_wait "Select vMotion priority" || fail "no priority step"
tmux_wait "^   Streams +\( \) 1  \( \) 2  \(\*\) 4  \( \) 8" || fail "--connections 4 is not the choice"
tmux_wait "Memory: 4 streams side by side \(multifd\), not compressed\." || fail "no line of what it means"
if tmux_screen | grep -qE "^   error "; then
	tmux_screen
	fail "4 connections refused between a and b"
fi
pass "priority step: 4 streams from --connections, possible between a and b"

# zstd on parallel connections: libvirt 9.4 or later; the step says why
tmux_keys Tab Tab Tab
tmux_wait "^ > Compression " || fail "Tab does not reach the compression row"
tmux_keys Right Right Right Right
tmux_wait "^ > Compression .*\(\*\) zstd" || fail "cannot choose zstd"
tmux_wait "^   error +Host '[ab]' runs libvirt 9\.0\.[0-9]+: zstd compression of parallel" ||
	fail "no why for zstd"
tmux_keys Enter
tmux_wait "^ Host '[ab]' runs libvirt 9\.0\.[0-9]+: zstd" || fail "Next did not wait, saying why"
tmux_wait "Select vMotion priority" || fail "Next left the priority step"
pass "zstd on 4 connections: the reason shown (libvirt 9.0), Next waits"

tmux_keys Left Left Left Left
tmux_wait "^ > Compression +\(\*\) none " || fail "cannot choose none again"
tmux_wait_gone "^   error " || fail "the reason stays after none"
tmux_keys Enter
tmux_wait "Ready to complete" || fail "no summary"
wizard_lab_summary "Host +b" "Streams +4 parallel streams, no compression"
pass "summary: 4 parallel streams, no compression"

wizard_lab_finish "Done: vm1 runs on b" 180
[ "$rc" = 0 ] || fail "wizard exit status $rc, want 0"
tail -n +$((lines + 1)) "$LOG" >"$TMP/log"
grep -qE "live migration of vm1 from a to b .*4 parallel streams, no compression" "$TMP/log" || {
	sed 's/^/  log: /' "$TMP/log" | tail -20
	fail "the engine's starting step does not name 4 parallel streams"
}
expect_live_once vm1 a b "$before"
last_a=$HB_LAST first_b=$HB_FIRST
pass "wizard: vm1 a -> b over 4 parallel streams, exit 0; runs once on b, last HB $last_a on a, first HB $first_b on b"

tool move vm1 --host a
expect_rc 0
pass "vm1 back on a"

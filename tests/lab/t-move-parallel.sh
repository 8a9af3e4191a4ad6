#!/bin/bash
# Parallel migration connections and compression for real (libvirt 9.0,
# QEMU 7.2): vm1 moves live a -> b over 4 connections (QEMU's multifd: the
# target's QEMU holds 1 + 4 migration connections while it runs) and back
# b -> a with xbzrle on one stream; each time it runs exactly once and keeps
# beating without a reboot, its disk intact.  What libvirt 9.0 cannot do
# (zstd on parallel connections) is refused before anything starts, vm1
# still on its host.
. "$(dirname "$0")/testlib.sh"

ensure_running a vm1
if [ "$(vm_state b vm1)" != absent ]; then fail "vm1 is defined on b before the test"; fi
wait_serial a vm1 '^HB [0-9]+' 60

# The most established connections the QEMU on host B holds on libvirt's
# migration ports (49152-49215) at once, sampled until the tool exits.
MAXC=$TMP/maxconn
count_migration_conns() {	# HOST
	local max=0 n
	echo 0 >"$MAXC"
	while [ -n "$(lab_tool_pids "$BG_ARGS")" ]; do
		n=$(lab_enter "$1" ss -tnH state established '( sport >= :49152 and sport <= :49215 )' \
			2>/dev/null | wc -l) || n=0
		if [ "$n" -gt "$max" ]; then max=$n; echo "$max" >"$MAXC"; fi
		sleep 0.1
	done
}

# --- check says what the hosts can do --------------------------------------------------------
tool --json check vm1 --host b --connections 4
jq -e '.connections == 4 and .compress == "none"' "$TMP/out" >/dev/null || fail "check --json echoes no streams"
jq -e '[.hosts[0].findings[] | select(.code == "streams.plan")] | length == 1' "$TMP/out" >/dev/null ||
	fail "no streams.plan finding"
jq -e '[.hosts[0].findings[] | select(.code == "streams.unsupported")] | length == 0' "$TMP/out" >/dev/null ||
	fail "4 connections judged impossible on libvirt 9.0 / QEMU 7.2"
pass "check: 4 parallel connections possible between a and b"

# --- a -> b over 4 parallel connections -------------------------------------------------------
before=$(last_hb a vm1)
tool_bg move vm1 --host b --connections 4 --bandwidth 4
lab_wait 60 contains "$TMP/err" 'live migration of vm1' || fail "no starting line: $(cat "$TMP/err")"
count_migration_conns b
set +e; wait %1 2>/dev/null; rc=$?; set -e
echo "\$ virt-migrate $BG_ARGS -> exit $rc"; sed 's/^/  | /' "$TMP/out"; sed 's/^/  ! /' "$TMP/err"
expect_rc 0
expect_err 'live migration of vm1 from a to b .*4 parallel streams, no compression'
expect_out "^done: vm1 runs on b \(persistent\); it is no longer defined on a"
seen=$(cat "$MAXC")
[ "$seen" -ge 5 ] || fail "the target's QEMU held $seen migration connections at most; 4 parallel want 5 (main + 4)"
expect_live_once vm1 a b "$before"
last_a=$HB_LAST first_b=$HB_FIRST
expect_disk_intact "$LAB_ROOT/shared/vm1.qcow2"
pass "vm1 a -> b over 4 parallel connections ($seen migration connections on b): runs once on b, last HB $last_a on a, first HB $first_b on b"

# --- what libvirt 9.0 cannot do is refused before anything starts ----------------------------
tool move vm1 --host a --connections 4 --compress zstd
expect_rc 1
expect_err "streams.unsupported"
expect_err "libvirt 9.0.0: zstd compression of parallel connections needs libvirt 9.4.0"
expect_err "was not moved; nothing was done"
[ "$(vm_state b vm1)" = running ] && [ "$(vm_state a vm1)" = absent ] || fail "vm1 moved: $(vm_where vm1)"
pass "zstd on 4 connections refused before start (exit 1), vm1 still only on b"

# --- b -> a with xbzrle on one stream --------------------------------------------------------
log_a=$(serial_log a vm1)
lines_a=$(wc -l <"$log_a" 2>/dev/null || echo 0)
tool move vm1 --host a --connections 1 --compress xbzrle
expect_rc 0
expect_err 'live migration of vm1 from b to a .*one stream, xbzrle compression'
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not back on a only: $(vm_where vm1)"
# the count goes on beyond b's last beat, and no boot in what a's serial
# log got since the move began (all of it, if the log started anew)
last_b=$(last_hb b vm1)
wait_serial a vm1 "^HB $((last_b + 2))" 30
[ "$(wc -l <"$log_a")" -ge "$lines_a" ] || lines_a=0
tail -n +"$((lines_a + 1))" "$log_a" >"$TMP/serial-a"
contains "$TMP/serial-a" "VMLAB INIT" && fail "vm1 rebooted on a"
expect_disk_intact "$LAB_ROOT/shared/vm1.qcow2"
pass "vm1 b -> a with xbzrle (libvirt took VIR_MIGRATE_COMPRESSED with it): runs once on a, beating on from HB $last_b (HB $((last_b + 2)))"

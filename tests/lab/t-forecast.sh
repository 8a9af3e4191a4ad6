#!/bin/bash
# The forecast of a live move, in the lab: `check --json` gives vm1's
# forecast with a dirty rate sampled by libvirt's dirty-rate calculation
# and a verdict; a guest that dirties more (guest-define's DIRTY_MIB and
# DIRTY_RATE) shows a higher rate; what the first pass sends is the
# guest's resident memory, never more than its RAM; a real move prints the forecast before
# it starts and beside the actual figures when it is done (text and JSON);
# a shut-off VM's check says there is no forecast (cold).
. "$(dirname "$0")/testlib.sh"

cleanup_fc() {
	for v in vmfc vmfcold; do
		for h in a b; do
			lab_enter "$h" virsh -q destroy "$v" >/dev/null 2>&1 || true
			lab_enter "$h" virsh -q undefine "$v" >/dev/null 2>&1 || true
			lab_enter "$h" rm -f "/var/log/libvirt/qemu/$v-serial.log"
		done
		lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
		lab_enter a virsh -q vol-delete --pool shared "$v.qcow2" >/dev/null 2>&1 || true
	done
}
trap 'cleanup_fc; rm -rf "$TMP"' EXIT

# --- check: a measured dirty rate and a verdict ---------------------------------------
ensure_running a vm1
wait_serial a vm1 '^HB [0-9]+' 60
tool --json check vm1 --host b
expect_rc 0
jq -e '.hosts[0].forecast as $f
	| ($f.verdict | test("^(converges|escalates|fails)$"))
	and $f.inputs.dirty_rate_from == "sampled" and $f.inputs.dirty_rate_period_s == 1
	and $f.inputs.dirty_rate_bps >= 0 and $f.inputs.ram_bytes > 0
	and $f.inputs.throughput_bps > 0 and ($f.inputs.throughput_from | type) == "string"
	and $f.inputs.send_bytes > 0 and $f.inputs.send_bytes <= $f.inputs.ram_bytes
	and $f.inputs.send_from == "resident"
	and $f.passes >= 1 and $f.total_s > $f.setup_s and $f.reason != "unknown"' \
	"$TMP/out" >/dev/null || fail "vm1's forecast in check --json"
pass "check vm1 --host b: $(jq -c '.hosts[0].forecast | {verdict, passes, total_s, downtime_ms, dirty: .inputs.dirty_rate_bps, from: .inputs.throughput_from, send: .inputs.send_bytes, ram: .inputs.ram_bytes}' "$TMP/out")"

tool check vm1 --host b
expect_rc 0
expect_out "^    forecast: (converges|escalates|fails): .*precopy pass"
expect_out "^      from: RAM [0-9.]+ [MG]iB \(configured\)( of which [0-9.]+ [KMG]iB to send \((resident|QEMU resident)\))?, dirty rate [0-9.]+ MiB/s \(sampled over 1 s\), throughput [0-9.]+ MiB/s \("
pass "check vm1 --host b (text): $(grep -m 1 'forecast:' "$TMP/out")"

# --- a guest that dirties 32 MiB at 3,500 pages/s (13.7 MiB/s): a higher rate ---------
"$LAB_SRC/guest-define" a vmfc shared vmnet 32 3500
ensure_running a vmfc
wait_serial a vmfc 'VMLAB READY .*dirty_rate=3500' 30
tool --json move vmfc --host b --bandwidth 16 --max-time 60 --encrypt disabled --dry-run
expect_rc 0
jq -e '.forecast.inputs.dirty_rate_bps > 1048576
	and (.forecast.inputs.throughput_from | test("^(bandwidth cap|history)$"))
	and .forecast.inputs.throughput_bps <= 16777216 and .forecast.inputs.max_time_s == 60
	and .forecast.inputs.send_bytes <= .forecast.inputs.ram_bytes
	and (.forecast.verdict | test("^(converges|escalates|fails)$"))' "$TMP/out" >/dev/null ||
	fail "vmfc's forecast (move --dry-run --json)"
pass "move vmfc --dry-run: $(jq -c '.forecast | {verdict, escalation, passes, total_s, dirty: .inputs.dirty_rate_bps}' "$TMP/out")"

# --- a real move: the forecast before, and beside the actual figures --------------------
tool move vm1 --host b --bandwidth 16
expect_rc 0
expect_err "^forecast: (converges|escalates|fails): "
expect_out "^done: vm1 runs on b"
[ "$(grep -c . "$TMP/out")" -eq 1 ] || fail "stdout is not one line: $(cat "$TMP/out")"
expect_err "^forecast [0-9.]+ s, [0-9]+ passes as libvirt counts them(, downtime [0-9]+ ms)? \((converges|escalates|fails)\); actual [0-9.]+ s, [0-9]+ passes"
pass "move vm1 a -> b: $(grep -m 1 '^forecast [0-9]' "$TMP/err")"

tool --json move vm1 --host a --bandwidth 16
expect_rc 0
jq -e '.outcome == "done" and .forecast.inputs.dirty_rate_from == "sampled"
	and .forecast.iterations >= 3 and .iterations >= 1' "$TMP/out" >/dev/null ||
	fail "the forecast beside the result in move --json"
pass "move vm1 b -> a (JSON): forecast $(jq -c '.forecast | {total_s, iterations, downtime_ms}' "$TMP/out"), actual $(jq -c '{seconds, iterations, downtime_ms}' "$TMP/out")"

# --- a shut-off VM: no forecast (cold) --------------------------------------------------
"$LAB_SRC/guest-define" a vmfcold shared vmnet
tool check vmfcold --host b
expect_out "^  forecast: none: VM vmfcold is shut off: a cold move copies no memory live$"
tool --json check vmfcold --host b
jq -e '.hosts[0].forecast.verdict == "none" and .hosts[0].forecast.inputs == null' "$TMP/out" \
	>/dev/null || fail "vmfcold's forecast is not none"
pass "check vmfcold (shut off): no forecast, cold"

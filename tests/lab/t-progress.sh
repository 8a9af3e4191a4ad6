#!/bin/bash
# Progress during a live move of a guest that dirties memory (16 MiB at
# 1,000 pages/s, about 3.9 MiB/s, under an 8 MiB/s cap: it converges in a
# few passes).  With --json the progress goes to stderr as JSON Lines
# (virt-migrate(1), JSON OUTPUT, Progress lines): every line that begins
# with "{" parses and holds its members (tests/cli/json-check
# --progress-lines: the passes never go down, a line whose remaining bytes
# grew says why), each memory line carries its pass, remaining bytes are there, and stdout is
# still the one document.  The move back, in text, says the time left is an
# estimate and shows the dirty rate against the transfer rate.  No figure is
# asserted beyond "present and not negative".
. "$(dirname "$0")/testlib.sh"

"$LAB_SRC/guest-define" a vmprog shared vmnet 16 1000
cleanup_prog() {
	for h in a b; do
		lab_enter "$h" virsh -q destroy vmprog >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine vmprog >/dev/null 2>&1 || true
		lab_enter "$h" rm -f /var/log/libvirt/qemu/vmprog-serial.log
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared vmprog.qcow2 >/dev/null 2>&1 || true
}
trap 'cleanup_prog; rm -rf "$TMP"' EXIT
ensure_running a vmprog
wait_serial a vmprog 'VMLAB READY .*dirty_rate=1000' 30

# --- --json: JSON Lines on stderr, one document on stdout ---------------------------------
TOOL_TIMEOUT=180 tool --json move vmprog --host b --bandwidth 8 --encrypt disabled
expect_rc 0
"$TOP/tests/cli/json-check" move 0 outcome='"done"' <"$TMP/out" ||
	fail "stdout is not the one document of move"
"$TOP/tests/cli/json-check" --progress-lines <"$TMP/err" || fail "the progress lines on stderr"
grep '^{' "$TMP/err" >"$TMP/lines"
# the guest dirties 16 MiB faster than 100 ms of the cap can send: more than
# one pass, always; the lines carry the pass they were in (never beyond the
# passes the move made; a busy machine may show fewer lines than passes)
iters=$(jq -r '.result.iterations // .iterations // empty' "$TMP/out")
[ -n "$iters" ] && [ "$iters" -ge 2 ] || fail "the move made '$iters' passes, not 2 or more"
jq -se --argjson n "$iters" 'map(select(.type == "progress" and .phase == "memory")) | length >= 2
	and all(.vm == "vmprog" and .remaining_bytes >= 0 and .total_bytes > 0
		and .transfer_bps >= 0 and .dirty_bps >= 0 and .pass >= 1 and .pass <= $n)' \
	"$TMP/lines" >/dev/null ||
	fail "no two memory lines of vmprog with remaining bytes and their pass (1 to $iters)"
jq -se 'map(select(.type == "event")) | length >= 1 and all(.vm == "vmprog")' "$TMP/lines" \
	>/dev/null || fail "no event line naming vmprog"
jq -se 'map(select(.type == "progress" and .eta_s != null)) | length >= 1
	and all(.eta_is_estimate)' "$TMP/lines" >/dev/null || fail "no line with an estimate"
pass "move --json: $(grep -c '"type":"progress"' "$TMP/lines") progress lines, passes $(jq -sc 'map(select(.pass != null) | .pass) | unique' "$TMP/lines"), $(jq -sc 'map(select(.regress != null)) | length' "$TMP/lines") saying why the bar went back"

# --- text: the time left is an estimate, the two rates side by side ----------------------
TOOL_TIMEOUT=180 tool move vmprog --host a --bandwidth 8 --encrypt disabled
expect_rc 0
expect_out "^done: vmprog runs on a"
[ "$(grep -c . "$TMP/out")" -eq 1 ] || fail "stdout is not one line: $(cat "$TMP/out")"
expect_err "\] memory +[0-9]+%, pass [0-9]+, .* left of .*, dirtied [0-9.]+ [KMG]?i?B/s \([0-9]+ pages/s\) against [0-9.]+ [KMG]?i?B/s sent"
expect_err "about [0-9.]+ (s|min [0-9]+ s) left \(estimate\)"
grep -q '^{' "$TMP/err" && fail "JSON lines on stderr without --json"
pass "move (text): $(grep -m 1 -E 'left \(estimate\)' "$TMP/err")"

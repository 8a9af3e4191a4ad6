#!/bin/bash
# The history for real: a live move of vm1 from a to b and back leaves two
# records (one line each) in the operator's state directory; `history vm1
# --json` holds them last, done, with the right hosts, libvirt's figures
# (bytes, time, downtime, throughput), the forecast move showed before it and
# who ran them, and per pair of
# hosts the medians its records give; a move replayed from an answers file
# keeps its forecast as well (what it sends at most the RAM), and so does
# a live move of an evacuation (vm3 out of c and back); `history` names
# both pairs.
. "$(dirname "$0")/testlib.sh"

HF=$LAB_ROOT/op/state/virt-migrate/history.jsonl
ensure_running a vm1
[ "$(vm_state b vm1)" = absent ] || fail "vm1 is defined on b before the test"
lines() { if [ -f "$HF" ]; then wc -l <"$HF"; else echo 0; fi; }
before=$(lines)
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)

tool move vm1 --host b
expect_rc 0
tool move vm1 --host a
expect_rc 0
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not back on a only"
after=$(lines)
[ "$after" -eq $((before + 2)) ] || fail "the history grew from $before to $after lines, not by 2"
[ "$(stat -c %a "$HF")" = 600 ] || fail "the history file has mode $(stat -c %a "$HF"), not 600"
pass "two moves, two lines in $HF"

tool --json history vm1
expect_rc 0
# the last two records are the two moves just made
jq -e --arg since "$since" '
	def ours(from; to): .vm == "vm1" and .source == from and .target == to and
		.outcome == "done" and .error == null and .kind == "compute" and .live == true and
		.move == "vMotion" and .started >= $since and .ended >= .started and
		.data_bytes > 0 and .seconds > 0 and .job_seconds > 0 and .downtime_ms >= 0 and
		.iterations >= 1 and .throughput_bps > 0 and .throughput_from != null and
		(.forecast | type == "object" and (.verdict | type == "string") and .inputs.ram_bytes > 0) and
		(.by | test("^[^@]+@.+$")) and .pid > 0 and .tool_version != null;
	.damaged == 0 and (.records | length) >= 2 and
	(.records[-2] | ours("a"; "b")) and (.records[-1] | ours("b"; "a"))' "$TMP/out" >/dev/null ||
	fail "the last two records of vm1 are not the moves a -> b and b -> a: $(jq -c '.records[-2:]' "$TMP/out")"
pass "records: $(jq -c '.records[-2:] | map({source, target, outcome, seconds, downtime_ms, data_bytes, iterations, throughput_bps})' "$TMP/out")"

# the pairs: both directions, each with the count and the medians of its
# done records, as the records themselves give them
jq -e '
	def median: sort | if length == 0 then null
		elif length % 2 == 1 then .[(length - 1) / 2]
		else (.[length / 2 - 1] + .[length / 2]) / 2 end;
	def near(a; b; tol): (a == null and b == null) or
		(a != null and b != null and ((a - b) | if . < 0 then -. else . end) <= tol);
	[.records[] | select(.outcome == "done")] as $done |
	([.pairs[] | select(.source == "a" and .target == "b")] | length) == 1 and
	([.pairs[] | select(.source == "b" and .target == "a")] | length) == 1 and
	all(.pairs[]; . as $p |
		($done | map(select(.source == $p.source and .target == $p.target))) as $m |
		$p.done == ($m | length) and $p.moves >= $p.done and
		near($p.median_seconds; $m | map(.seconds) | median; 0.002) and
		near($p.median_throughput_bps;
			$m | map(select(.throughput_bps != null and .throughput_bps > 0) | .throughput_bps) | median;
			1)) and
	all(.pairs[] | select(.done > 0); .median_seconds > 0 and .median_throughput_bps > 0)' \
	"$TMP/out" >/dev/null || fail "pair medians do not match the records: $(jq -c '.pairs' "$TMP/out")"
pass "pairs: $(jq -c '.pairs' "$TMP/out")"

# a replayed move keeps the forecast made for it too (replay and evacuate
# forecast every live move before they run, as move does)
tool move vm1 --host b --save-answers "$TMP/vm1-to-b.ini" --dry-run
expect_rc 0
tool replay "$TMP/vm1-to-b.ini" --yes </dev/null
expect_rc 0
tool --json history vm1
expect_rc 0
jq -e '.records[-1] | .source == "a" and .target == "b" and .outcome == "done" and
	(.forecast | type == "object" and (.verdict | test("^(converges|escalates|fails|unknown)$"))
		and .inputs.ram_bytes > 0 and .inputs.send_bytes > 0
		and .inputs.send_bytes <= .inputs.ram_bytes
		and (.inputs.send_from | test("^(resident|QEMU resident|RAM)$")))' "$TMP/out" >/dev/null ||
	fail "the replayed move's record has no forecast: $(jq -c '.records[-1]' "$TMP/out")"
pass "replay a -> b: forecast $(jq -c '.records[-1].forecast | {verdict, total_s, send: .inputs.send_bytes, from: .inputs.send_from}' "$TMP/out"), actual $(jq -c '.records[-1].seconds' "$TMP/out") s"
tool move vm1 --host a
expect_rc 0
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not back on a only"

# an evacuation's live move keeps the forecast made for it before its round
vm3_was=$(vm_state c vm3)
ensure_running c vm3
tool evacuate c --yes --to a --record "$TMP/back.ini"
expect_rc 0
tool --json history vm3
expect_rc 0
jq -e '.records[-1] | .source == "c" and .target == "a" and .outcome == "done" and .live == true and
	(.forecast | type == "object" and (.verdict | test("^(converges|escalates|fails|unknown)$"))
		and .inputs.ram_bytes > 0 and .inputs.send_bytes <= .inputs.ram_bytes
		and .inputs.dirty_rate_from == "sampled")' "$TMP/out" >/dev/null ||
	fail "the evacuated move's record has no forecast: $(jq -c '.records[-1]' "$TMP/out")"
pass "evacuate c (vm3 -> a): forecast $(jq -c '.records[-1].forecast | {verdict, total_s, send: .inputs.send_bytes, from: .inputs.send_from}' "$TMP/out"), actual $(jq -c '.records[-1].seconds' "$TMP/out") s"
tool evacuate --return "$TMP/back.ini" --yes
expect_rc 0
[ "$(vm_state c vm3)" = running ] && [ "$(vm_state a vm3)" = absent ] || fail "vm3 not back on c only"
[ "$vm3_was" = running ] || lab_enter c virsh -q destroy vm3 >/dev/null 2>&1 || true

tool history
expect_rc 0
expect_out "^WHEN +VM +FROM -> TO +KIND +OUTCOME +TIME +DOWNTIME +DATA +THROUGHPUT$"
expect_out " vm1 +a -> b +live +done +"
expect_out " vm1 +b -> a +live +done +"
expect_out "^FROM -> TO +MOVES +DONE +MEDIAN TIME +MEDIAN THROUGHPUT$"
expect_out "^a -> b +[0-9]+ +[1-9][0-9]* +[0-9.]+ (s|min) .*/s$"
expect_out "^b -> a +[0-9]+ +[1-9][0-9]* +[0-9.]+ (s|min) .*/s$"
pass "history names both pairs with their medians"

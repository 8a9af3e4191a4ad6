#!/bin/bash
# The harness of `make bench` does not rot: one timed run of each side of L1
# (the tool's live move and virsh's, no warm-up) through bench/lab-cases and
# bench/summarize must give a well-formed L1 row (figures, ratios, a verdict)
# and an O1 figure for live moves, from libvirt's job statistics and the lab
# link's counters.  Timings are not asserted: benchmarks report.
. "$(dirname "$0")/testlib.sh"

tool_bin=$TOP/virt-migrate
[ -x "$tool_bin" ] || tool_bin=$VM_TOOL
out=$TMP/bench
mkdir -p "$out"
vm1_before=$(vm_state a vm1)
# a looser cap than make bench's 16 MiB/s keeps this test short
BENCH_OUT=$out BENCH_RUNS=1 BENCH_WARMUP=0 BENCH_LIVE_MIBS=64 BENCH_TOOL=$tool_bin \
	"$TOP/bench/lab-cases" L1 ||
	fail "bench/lab-cases L1 failed"
jq -c '{side, ok, wall_s, downtime: .job.downtime, tx: .link[.src].tx}' "$out/runs.jsonl"
[ "$(jq -s 'map(select(.case == "L1" and .ok)) | length' "$out/runs.jsonl")" = 2 ] ||
	fail "want 2 successful L1 runs (tool, baseline): $(cat "$out/runs.jsonl")"
jq -se 'all(.job.downtime >= 0 and .job.time_elapsed > 0 and .link[.src].tx > 0)' "$out/runs.jsonl" >/dev/null ||
	fail "a run lacks its job statistics or link counters"
"$TOP/bench/summarize" "$out" "$out" || fail "bench/summarize failed"
jq -c '.rows[] | select(.case == "L1" or .case == "O1")' "$out/results.json"
jq -e '.rows[] | select(.case == "L1") |
	(.tool | test("^[0-9.]+ s .*downtime [0-9]+ ms$")) and (.baseline | test("^[0-9.]+ s .*downtime [0-9]+ ms$"))
	and (.ratio.wall > 0) and (.ratio.downtime >= 0) and (.met | type == "boolean") and .tool_peak_rss_kib > 0' \
	"$out/results.json" >/dev/null || fail "the L1 row is not well formed"
jq -e '.rows[] | select(.case == "O1") | .tool | test("^live -?[0-9]+ ms")' "$out/results.json" >/dev/null ||
	fail "no O1 figure for live moves"
grep -qE '^\| \*\*L1\*\* .*\| (\*\*yes\*\*|no) \| [0-9.]+ MiB \|$' "$out/results.md" || fail "no L1 line in results.md"
[ "$(vm_state a vm1)" = "$vm1_before" ] || fail "vm1 on a was '$vm1_before', is '$(vm_state a vm1)' after the bench smoke"
pass "bench harness: L1 row $(jq -c '.rows[] | select(.case == "L1") | .ratio' "$out/results.json"), well formed"

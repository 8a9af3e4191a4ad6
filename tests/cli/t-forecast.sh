# tests/cli/t-forecast.sh — sourced by tests/cli/run: the forecast of a live
# move (check, move --dry-run; text and JSON) against libvirt's test:///
# hosts, whose driver cannot sample a dirty rate: unknown, with the reason
# naming the VM and its host; none for a move that is not live.
F=$T/forecast
mkdir -p "$F/home"
printf '[host a]\nuri = test://%s/tests/integration/fixtures/host-a.xml\n[host b]\nuri = test://%s/tests/integration/fixtures/host-b.xml\n' \
	"$PWD" "$PWD" >"$F/fix.ini"
CASE_PREFIX=forecast CASE_DIR="$F" CASE_CONFIG="$F/fix.ini" CASE_COLUMNS=400

# a running VM: the test driver has no dirty-rate calculation
checked_case check-unknown 1 \
	'^    forecast: unknown: the dirty rate is not known: libvirt or QEMU on host a cannot sample the dirty rate of VM web1 \(.*virDomainStartDirtyRateCalc\); the link.s throughput is not known: no throughput figure for a -> b' \
	'^      from: RAM 2\.0 GiB \(configured\), dirty rate unknown, throughput unknown$' \
	-- check web1 --host b
checked_case check-unknown-json 1 json check 1 'hosts.0.forecast.verdict="unknown"' \
	'hosts.0.forecast.passes=null' 'hosts.0.forecast.total_s=null' \
	'hosts.0.forecast.reason~^the dirty rate is not known: libvirt or QEMU on host a cannot sample' \
	'hosts.0.forecast.inputs.ram_bytes=2147483648' 'hosts.0.forecast.inputs.ram_from="configured"' \
	'hosts.0.forecast.inputs.dirty_rate_bps=null' 'hosts.0.forecast.inputs.throughput_from=null' \
	'hosts.0.forecast.inputs.allowed_downtime_ms=100' 'hosts.0.forecast.inputs.max_downtime_ms=300' \
	-- --json check web1 --host b
# High priority and a downtime budget: the budget allowed from the start
checked_case move-limits-json 1 json move 1 'forecast.inputs.allowed_downtime_ms=500' \
	'forecast.inputs.max_downtime_ms=500' 'forecast.inputs.max_time_s=90' \
	-- --json move web1 --host b --priority high --max-downtime 500 --max-time 90 --dry-run
# a paused VM: not sampled, said so
checked_case check-paused 1 '^    forecast: unknown: the dirty rate is not known: VM db1 is paused on host a: a paused guest.s dirty rate cannot be sampled' \
	-- check db1 --host b
# a shut-off VM: no forecast, said once
checked_case check-cold 1 '^  forecast: none: VM app1 is shut off: a cold move copies no memory live$' -- check app1 --host b
checked_case check-cold-json 1 json check 1 'hosts.0.forecast.verdict="none"' 'hosts.0.forecast.inputs=null' \
	'hosts.0.forecast.reason~shut off' -- --json check app1 --host b
# move --dry-run: refused here, the forecast in its document all the same
checked_case move-dry-run-json 1 json move 1 'forecast.verdict="unknown"' 'forecast.reason~VM web1' \
	-- --json move web1 --host b --dry-run
checked_case move-storage-none 0 '^  forecast: none: a storage-only move keeps VM web1 on its host' \
	-- move web1 --kind storage --datastore shared-nfs --dry-run
checked_case move-storage-none-json 0 json move 0 'forecast.verdict="none"' \
	-- --json move web1 --kind storage --datastore shared-nfs --dry-run

# tests/cli/t-evacuate-forecast.sh — sourced by tests/cli/run: `evacuate
# HOST --dry-run` forecasts each live move it places (text: a row under the
# move's; --json: "forecast" per move, null for a VM that stays), against
# libvirt's test:/// hosts, whose driver cannot sample a dirty rate: unknown
# with the reason naming the VM and its host; none for a cold move.  Host w
# is u with the network web1 needs ("default"), and the facts cache says
# the link a -> w was read just now (1 Gbit/s, a logs in to w over SSH):
# test:/// hosts have no SSH, so without it no live move is placed.
EF=$T/evacuate-forecast
mkdir -p "$EF/home"
sed 's|<name>réseau</name>|<name>default</name>|' tests/tui/fixtures/host-u.xml >"$EF/host-w.xml"
printf '[host a]\nuri = test://%s/tests/integration/fixtures/host-a.xml\n[host w]\nuri = test://%s/host-w.xml\n' \
	"$PWD" "$EF" >"$EF/aw.ini"
(umask 077 && mkdir -p "$EF/state/virt-migrate/facts" &&
	printf 'virt-migrate facts 1\nhost a\nlink w|w|a %s eth0 1000 eth0 1000 500 1 -\n' "$(date +%s)" \
		>"$EF/state/virt-migrate/facts/a.facts")
CASE_PREFIX=evacuate-forecast CASE_DIR="$EF" CASE_CONFIG="$EF/aw.ini" CASE_COLUMNS=100

# web1 leaves live (its disk along): its forecast under its row, the reason
# wrapped under it; the cold moves get none; db1 stays (no forecast)
checked_case text 1 '^  web1 +running +w +shared-nothing vMotion +données$' \
	'^    forecast: unknown: the dirty rate is not known: libvirt or QEMU on host a cannot sample the$' \
	'^        dirty rate of VM web1 \(' \
	'!forecast: none' '!^    forecast: .*(app1|batch1|db1)' \
	-- evacuate a --dry-run
checked_case json 1 json evacuate 1 placed=3 'moves.0.vm="db1"' 'moves.0.forecast=null' \
	'moves.1.vm="web1"' 'moves.1.forecast.verdict="unknown"' 'moves.1.forecast.passes=null' \
	'moves.1.forecast.reason~^the dirty rate is not known: libvirt or QEMU on host a cannot sample the dirty rate of VM web1' \
	'moves.1.forecast.inputs.ram_bytes=2147483648' 'moves.1.forecast.inputs.dirty_rate_bps=null' \
	'moves.1.forecast.inputs.throughput_from="link speed"' 'moves.1.forecast.inputs.disk_bytes=3221225472' \
	'moves.2.vm="app1"' 'moves.2.forecast.verdict="none"' 'moves.2.forecast.inputs=null' \
	'moves.2.forecast.reason~^VM app1 is shut off' 'moves.3.forecast.verdict="none"' \
	-- --json evacuate a --dry-run
# the plan's limits reach the forecast as they reach check's and move's
checked_case json-limits 1 json evacuate 1 'moves.1.forecast.inputs.allowed_downtime_ms=500' \
	'moves.1.forecast.inputs.max_downtime_ms=500' 'moves.1.forecast.inputs.max_time_s=90' \
	-- --json evacuate a --dry-run --priority high --max-downtime 500 --max-time 90
# without --dry-run nothing is sampled: --save-answers lists the moves, no forecast
checked_case save-answers-json 1 json evacuate 1 'moves.1.vm="web1"' 'moves.1.forecast=null' \
	-- --json evacuate a --save-answers "$EF/ans.ini"

# tests/cli/t-history.sh — sourced by tests/cli/run: `history [VM|HOST]`
# against a history file written here by hand (a hostile VM name, a damaged
# line): the table oldest first, the pairs of hosts with their medians, a
# filter by VM and by host (either end), --json through json-check, the
# damaged line named by file:line on stderr with the rest listed (exit 1)
# and the file byte for byte as it was; no history yet (exit 0); and the
# records a real move writes (libvirt's test:/// hosts: rolled back, and
# refused before it starts).
H=$T/history
HS=$H/state
HF=$HS/virt-migrate/history.jsonl
mkdir -p "$H/home" "$HS/virt-migrate"
chmod 700 "$HS" "$HS/virt-migrate"

hist() {	# OUT-FILE ARGS...: stdout to OUT-FILE, stderr to OUT-FILE.err, status in $hrc
	local out=$1
	shift
	env HOME="$H/home" XDG_CONFIG_HOME= XDG_STATE_HOME="${HSTATE:-$HS}" TZ=UTC LANG=C.UTF-8 \
		COLUMNS=200 timeout 60 "$TOOL" "$@" >"$out" 2>"$out.err" </dev/null
	hrc=$?
}
hist_ok() {	# NAME CONDITION-STATUS FILE
	if [ "$2" -eq 0 ]; then
		echo "ok   history-$1"; passed=$((passed + 1))
	else
		echo "FAIL history-$1 (exit $hrc):"; sed 's/^/     /' "$3" "$3.err"; failed=$((failed + 1))
	fi
}

# six lines: vm1 a -> b and back, a damaged line, vm2 a -> b, a hostile
# name a -> c rolled back, vm1 a -> b again
rec() {	# STARTED VM SOURCE TARGET OUTCOME SECONDS BYTES BPS DOWNTIME [ERROR]
	printf '{"history":1,"started":"%s","ended":null,"vm":%s,"uuid":null,"source":"%s","target":"%s",' "$1" "$2" "$3" "$4"
	printf '"kind":"compute","live":true,"move":"vMotion","priority":"standard","max_downtime_ms":300,'
	printf '"max_time_s":null,"bandwidth_mibs":null,"encrypt":"opportunistic","encrypted":false,'
	printf '"datastore":null,"format":"same","disks":[],"forecast":null,"seconds":%s,"job_seconds":null,' "$6"
	printf '"downtime_ms":%s,"data_bytes":%s,"iterations":null,"throughput_bps":%s,' "$9" "$7" "$8"
	printf '"throughput_from":"bytes/time","outcome":"%s","error":%s,"by":"ann@ws2","pid":42,' "$5" "${10:-null}"
	printf '"tool_version":"0.1.0"}\n'
}
{
	rec 2026-12-05T10:00:00Z '"vm1"' a b done 10.0 104857600 10485760 30
	rec 2026-12-05T11:00:00Z '"vm1"' b a done 12.0 104857600 8738133 40
	printf '{"history":1,"started":"2026-12-05T11:30:00Z","vm":"cut\n'
	rec 2026-12-05T12:00:00Z '"vm2"' a b done 30.0 629145600 20971520 null
	rec 2026-12-05T13:00:00Z '"web \"01\"\u001b[31m$(id)"' a c 'rolled back' 2.5 null null null \
		'{"message":"The link to c was cut; web \"01\" still runs on a.","hint":""}'
	rec 2026-12-05T14:00:00Z '"vm1"' a b done 20.0 209715200 31457280 25
} >"$HF"
chmod 600 "$HF"
cp -p "$HF" "$H/before"

hist "$H/all" history
grep -qF $'\x1b' "$H/all"
noesc=$?
[ "$hrc" -eq 1 ] && [ "$noesc" -ne 0 ] &&
	grep -qxE 'WHEN +VM +FROM -> TO +KIND +OUTCOME +TIME +DOWNTIME +DATA +THROUGHPUT' "$H/all" &&
	grep -qxE '2026-12-05 10:00:00  vm1 +a -> b +live +done +10 s +30 ms +100\.0 MiB +10\.0 MiB/s' "$H/all" &&
	grep -qxE '2026-12-05 11:00:00  vm1 +b -> a +live +done +12 s +40 ms +100\.0 MiB +8\.3 MiB/s' "$H/all" &&
	grep -qxE '2026-12-05 12:00:00  vm2 +a -> b +live +done +30 s +- +600\.0 MiB +20\.0 MiB/s' "$H/all" &&
	grep -qxF '2026-12-05 13:00:00  web "01"\x1b[31m$(id)  a -> c      live  rolled back  2.5 s         -          -           -' "$H/all" &&
	[ "$(grep -c '^2026-12-05' "$H/all")" = 5 ] &&
	[ "$(grep '^2026-12-05' "$H/all" | cut -c12-13 | tr '\n' ' ')" = "10 11 12 13 14 " ] &&
	grep -qxE 'FROM -> TO +MOVES +DONE +MEDIAN TIME +MEDIAN THROUGHPUT' "$H/all" &&
	grep -qxE 'a -> b +3 +3 +20 s +20\.0 MiB/s' "$H/all" &&
	grep -qxE 'b -> a +1 +1 +12 s +8\.3 MiB/s' "$H/all" &&
	grep -qxE 'a -> c +1 +0 +- +-' "$H/all" &&
	grep -qxF "virt-migrate: history: $HF:3: bad JSON at column 56: a string without its closing quote; the line is skipped." "$H/all.err" &&
	grep -qF "1 line of the history $HF could not be read; it was skipped, the others listed, the file left as it is." "$H/all.err" &&
	grep -qF "Mend or delete that line with an editor" "$H/all.err"
hist_ok table-damaged-line $? "$H/all"
cmp -s "$HF" "$H/before" && [ "$(stat -c %Y "$HF")" = "$(stat -c %Y "$H/before")" ]
hist_ok file-unchanged-by-reading $? "$H/all"

# by VM: its moves only, and its pairs (the median of an even count is
# the mean of the middle two)
hist "$H/vm1" history vm1
[ "$hrc" -eq 1 ] && [ "$(grep -c '^2026-12-05' "$H/vm1")" = 3 ] && ! grep -q 'vm2\|web' "$H/vm1" &&
	grep -qxE 'a -> b +2 +2 +15 s +20\.0 MiB/s' "$H/vm1" && grep -qxE 'b -> a +1 +1 +12 s +8\.3 MiB/s' "$H/vm1" &&
	! grep -q 'a -> c' "$H/vm1" && grep -q "$HF:3: " "$H/vm1.err"
hist_ok filter-vm $? "$H/vm1"
# by host: either end of a move
hist "$H/c" history c
[ "$hrc" -eq 1 ] && [ "$(grep -c '^2026-12-05' "$H/c")" = 1 ] && grep -q '^2026-12-05 13:00:00  web' "$H/c" &&
	grep -qxE 'a -> c +1 +0 +- +-' "$H/c" && ! grep -q 'a -> b' "$H/c"
hist_ok filter-host-target $? "$H/c"
hist "$H/b" history b
[ "$hrc" -eq 1 ] && [ "$(grep -c '^2026-12-05' "$H/b")" = 4 ] && ! grep -q 'web' "$H/b"
hist_ok filter-host-either-end $? "$H/b"

# --json: the records as the file holds them, the pairs, the damaged line a finding
JQ=$PWD/tests/cli/json-check
hist "$H/json" --json history vm1
problems=$("$JQ" history 1 'records#3' 'damaged=1' 'filter="vm1"' "file=\"$HF\"" \
	'finding=history.damaged' 'findings.0.message~:3: bad JSON at column 56' \
	'records.0.vm="vm1"' 'records.0.data_bytes=104857600' 'records.2.started="2026-12-05T14:00:00Z"' \
	'pairs#2' 'pairs.0.source="a"' 'pairs.0.target="b"' 'pairs.0.moves=2' 'pairs.0.done=2' \
	'pairs.0.median_seconds=15' 'pairs.0.median_throughput_bps=20971520' 'pairs.1.median_seconds=12' \
	'error.message~^1 line of the history' <"$H/json" 2>&1)
hist_ok json $? "$H/json"
[ -z "$problems" ] || printf '%s\n' "$problems" | sed 's/^/     /'
hist "$H/json-c" history --json c
"$JQ" history 1 'records#1' 'records.0.vm="web \"01\"\u001b[31m$(id)"' 'records.0.outcome="rolled back"' \
	'records.0.error.message~^The link to c was cut; web "01"' 'pairs.0.done=0' 'pairs.0.median_seconds=null' \
	'pairs.0.median_throughput_bps=null' <"$H/json-c" >"$H/json-c.problems" 2>&1
hist_ok json-hostile-name $? "$H/json-c.problems"
cmp -s "$HF" "$H/before"
hist_ok file-unchanged-by-json $? "$H/json"

# a name no record has: a sentence with the closest names, exit 0 (the
# damaged line still counts: here a clean copy)
grep -v '"cut' "$H/before" >"$H/clean.jsonl"
mkdir -p -m 700 "$H/clean/virt-migrate"
cp "$H/clean.jsonl" "$H/clean/virt-migrate/history.jsonl"
HSTATE=$H/clean hist "$H/none" history vm9
[ "$hrc" -eq 0 ] && grep -qxF "No migration of a VM or host named 'vm9' in the 5 recorded in $H/clean/virt-migrate/history.jsonl. Did you mean 'vm1' or 'vm2'?" "$H/none" &&
	[ ! -s "$H/none.err" ]
hist_ok filter-matches-nothing $? "$H/none"
HSTATE=$H/clean hist "$H/clean-all" history
[ "$hrc" -eq 0 ] && [ "$(grep -c '^2026-12-05' "$H/clean-all")" = 5 ] && [ ! -s "$H/clean-all.err" ]
hist_ok clean-exit-0 $? "$H/clean-all"

# no history yet, or an empty one: a sentence, exit 0
HSTATE=$H/empty-state hist "$H/missing" history
[ "$hrc" -eq 0 ] && grep -qxF "No migration recorded yet: $H/empty-state/virt-migrate/history.jsonl does not exist." "$H/missing" &&
	[ ! -e "$H/empty-state/virt-migrate/history.jsonl" ]
hist_ok missing-file $? "$H/missing"
HSTATE=$H/empty-state hist "$H/missing-json" --json history
"$JQ" history 0 'records=[]' 'pairs=[]' 'damaged=0' <"$H/missing-json" >"$H/missing-json.problems" 2>&1
hist_ok missing-file-json $? "$H/missing-json.problems"
mkdir -p -m 700 "$H/empty/virt-migrate"
: >"$H/empty/virt-migrate/history.jsonl"
HSTATE=$H/empty hist "$H/empty-out" history
[ "$hrc" -eq 0 ] && grep -qxF "No migration recorded yet in $H/empty/virt-migrate/history.jsonl." "$H/empty-out"
hist_ok empty-file $? "$H/empty-out"
# nothing but damaged lines: not "none yet"
mkdir -p -m 700 "$H/bad/virt-migrate"
printf '{"history":1}\n' >"$H/bad/virt-migrate/history.jsonl"
HSTATE=$H/bad hist "$H/bad-out" history
[ "$hrc" -eq 1 ] && grep -qxF "No record of $H/bad/virt-migrate/history.jsonl could be read." "$H/bad-out" &&
	grep -qF "history.jsonl:1: member 'started' is missing; the line is skipped." "$H/bad-out.err"
hist_ok only-damaged $? "$H/bad-out"

# a symbolic link in its place is not followed (exit 2, the fix named);
# too many names is a usage error
mkdir -p -m 700 "$H/link/virt-migrate"
ln -s "$H/before" "$H/link/virt-migrate/history.jsonl"
HSTATE=$H/link hist "$H/link-out" history
[ "$hrc" -eq 2 ] && grep -qF "The history $H/link/virt-migrate/history.jsonl cannot be read: it is a symbolic link." "$H/link-out.err" &&
	grep -qF "remove what is there" "$H/link-out.err"
hist_ok symlink-refused $? "$H/link-out"
hist "$H/usage" history a b
[ "$hrc" -eq 2 ] && grep -qxF "virt-migrate: history: takes at most 1 argument ([VM|HOST]), not 2" "$H/usage.err"
hist_ok usage $? "$H/usage"

# what a real move records: on libvirt's test:/// hosts a storage move
# is rolled back (the test driver copies no disk), and one that a journal
# left refuses is not started; each is one line the reader takes
FIX=$PWD/tests/integration/fixtures
printf '[host a]\nuri = test://%s/host-a.xml\n[host b]\nuri = test://%s/host-b.xml\n' "$FIX" "$FIX" >"$H/fix.ini"
R=$H/real
mkdir -p -m 700 "$R" "$R/virt-migrate"
HSTATE=$R hist "$H/move" -c "$H/fix.ini" move web1 --kind storage --datastore shared-nfs
mkdir -p -m 700 "$R/virt-migrate/journal"
printf 'virt-migrate journal 1\nstarted 1700000000 999999\nvm web1\nuuid 11111111-2222-3333-4444-000000000001\nkind storage live\nsource a\ntarget a\ndelete-source 0\n' \
	>"$R/virt-migrate/journal/11111111-2222-3333-4444-000000000001.journal"
chmod 600 "$R/virt-migrate/journal/"*.journal
HSTATE=$R hist "$H/move2" -c "$H/fix.ini" move web1 --kind storage --datastore shared-nfs
rm -f "$R/virt-migrate/journal/"*.journal
HSTATE=$R hist "$H/real-json" --json history web1
"$JQ" history 0 'records#2' 'records.0.vm="web1"' 'records.0.source="a"' 'records.0.target="a"' \
	'records.0.kind="storage"' 'records.0.live=true' 'records.0.move="Storage vMotion"' \
	'records.0.outcome="rolled back"' 'records.0.error.message~could not move' 'records.0.forecast=null' \
	'records.0.uuid="11111111-2222-3333-4444-000000000001"' 'records.0.datastore="shared-nfs"' \
	'records.0.by~^.+@.+$' 'records.0.tool_version~^[0-9]+\.[0-9]+\.[0-9]+$' 'records.0.throughput_bps=null' \
	'records.0.encrypted=null' 'records.1.outcome="not started"' 'records.1.data_bytes=0' 'records.1.encrypted=null' \
	'records.1.error.message~did not finish' 'pairs.0.moves=2' 'pairs.0.done=0' \
	<"$H/real-json" >"$H/real-json.problems" 2>&1
[ "$(wc -l <"$R/virt-migrate/history.jsonl")" = 2 ] && [ "$(stat -c %a "$R/virt-migrate/history.jsonl")" = 600 ] &&
	[ ! -s "$H/real-json.problems" ]
hist_ok real-move-recorded $? "$H/real-json.problems"

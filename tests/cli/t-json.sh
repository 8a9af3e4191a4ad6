# tests/cli/t-json.sh — sourced by tests/cli/run: with --json every command
# prints exactly one JSON document on stdout for every outcome reachable
# without the lab (libvirt's test:/// hosts, a host nobody listens for,
# checks that refuse, usage and configuration errors, journals written
# here), each validated against virt-migrate(1), JSON OUTPUT, by
# tests/cli/json-check (perl: jq is not needed).

JQ=$PWD/tests/cli/json-check
J=$T/json
mkdir -p "$J/home"

# json_ NAME COMMAND EXIT [ASSERTION...] -- ARGS...: run with --json (the
# caller puts it where it likes), stdout alone to the validator.
json_() {
	local name=$1 cmd=$2 want=$3 out rc problems
	shift 3
	local asserts=()
	while [ "$1" != -- ]; do asserts+=("$1"); shift; done
	shift
	out=$(env HOME="$J/home" XDG_CONFIG_HOME= XDG_STATE_HOME="${JSTATE:-$J/state}" \
		timeout 60 "$TOOL" "$@" 2>"$J/stderr" </dev/null)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL json-$name: exit $rc (want $want); stdout: $out"
		sed 's/^/     stderr: /' "$J/stderr"
		failed=$((failed + 1))
	elif ! problems=$(printf '%s\n' "$out" | "$JQ" "$cmd" "$want" "${asserts[@]}"); then
		echo "FAIL json-$name:"
		printf '%s\n' "$problems" | sed 's/^/     /'
		failed=$((failed + 1))
	else
		echo "ok   json-$name"
		passed=$((passed + 1))
	fi
}

FIX=$PWD/tests/integration/fixtures
printf '[host a]\nuri = test:///default\n[host b]\nuri = test:///default\n' >"$J/test.ini"
printf '[host a]\nuri = test://%s/host-a.xml\n[host b]\nuri = test://%s/host-b.xml\n' "$FIX" "$FIX" >"$J/fix.ini"
printf '[host a]\nuri = test:///default\n[host b]\naddress = 127.0.0.1\nssh_port = 1\n' >"$J/down.ini"
printf '[cluster c1]\nevc = auto\n[host a]\nuri = test:///default\ncluster = c1\n' >"$J/cluster.ini"
printf '[migration keep]\nvm = web1\nkind = storage\ndatastore = shared-nfs\n' >"$J/keep.ini"
printf '[migration m]\nvm = vm1\nhost = a\n[migration n]\nvm = vm2\nhost = b\n' >"$J/two.ini"

# --- hosts and vms: read, and a host nobody listens for (a finding naming it) ---
json_ hosts-ok hosts 0 'hosts#2' 'findings#0' -- -c "$J/test.ini" --json hosts
json_ hosts-unreachable hosts 1 'finding=host.unreachable@b' 'hosts#2' 'hosts.1.reachable=false' \
	'hosts.1.code="host.unreachable"' -- --json -c "$J/down.ini" hosts
json_ vms-ok vms 0 'vms#2' 'vms.0.memory=8589934592' -- -c "$J/test.ini" vms --json
json_ vms-unreachable vms 1 'finding=host.unreachable@b' 'vms#1' -- -c "$J/down.ini" vms --json
json_ hosts-extra-arg hosts 2 'hosts=null' 'error.message~^takes no arguments' -- -c "$J/test.ini" --json hosts x

# --- check: refused by the checks, passed, a candidate host unreachable ---
json_ check-refused check 1 'movable=false' 'source="a"' 'live=true' 'hosts.0.verdict="errors"' \
	-- -c "$J/test.ini" --json check test --host b
json_ check-ok check 0 'movable=true' 'kind="storage"' -- -c "$J/fix.ini" --json check web1 \
	--kind storage --datastore shared-nfs
json_ check-unreachable check 1 'finding=host.unreachable@b' -- -c "$J/down.ini" --json check test
json_ check-unknown-vm check 2 'live=null' 'state=null' 'source=null' "error.message~^VM 'nosuch' is on no host" \
	-- -c "$J/test.ini" --json check nosuch --host b
json_ check-usage check 2 'vm=null' 'hosts=null' 'movable=null' -- -c "$J/test.ini" --json check
json_ check-bad-format check 2 'error.message~^--format' 'error.hint~help check' \
	-- -c "$J/test.ini" --json check x --format fat

# --- evc: no common baseline on test:/// hosts, an unknown cluster ---
json_ evc-no-baseline evc 1 'clusters#1' 'clusters.0.cluster="all"' -- -c "$J/test.ini" --json evc
json_ evc-unknown-cluster evc 2 'clusters=null' 'error.message~no cluster' -- -c "$J/cluster.ini" --json evc nosuch
json_ evc-unreachable evc 1 'finding=host.unreachable@b' -- -c "$J/down.ini" --json evc

# --- move: dry run, refused by the checks, failed (the test driver cannot
# copy disks: rolled back), refused before start (a journal names the VM) ---
json_ move-dry-run move 0 'outcome="dry-run"' 'refused=false' 'dry_run=true' 'bytes=null' \
	'source="a"' 'kind="storage"' -- -c "$J/fix.ini" --json move web1 --kind storage \
	--datastore shared-nfs --dry-run
json_ move-dry-run-answers move 0 'outcome="dry-run"' "answers=\"$J/saved.ini\"" -- -c "$J/fix.ini" \
	--json move web1 --kind storage --datastore shared-nfs --dry-run --save-answers "$J/saved.ini"
json_ move-refused move 1 'outcome="refused"' 'refused=true' 'finding=mem.insufficient' 'seconds=null' \
	-- -c "$J/test.ini" --json move test --host b
json_ move-refused-dry-run move 1 'outcome="refused"' 'dry_run=true' -- -c "$J/test.ini" --json move test \
	--host b --dry-run
json_ move-failed move 3 'outcome="rolled back"' 'refused=false' 'downtime_ms=null' 'downtime_s=null' \
	'error.message~could not move' -- -c "$J/fix.ini" --json move web1 --kind storage --datastore shared-nfs
# another run holds the VM's lock (a process of this test, by its pid)
L=$J/lockstate
mkdir -p -m 700 "$L" "$L/virt-migrate" "$L/virt-migrate/locks"
perl -e 'use Fcntl ":flock"; open(my $f, ">>", $ARGV[0]) or die; flock($f, LOCK_EX) or die;
	open(my $m, ">", $ARGV[1]); close $m; sleep 60' \
	"$L/virt-migrate/locks/11111111-2222-3333-4444-000000000001.lock" "$J/locked" &
holder=$!
for _ in $(seq 50); do [ -e "$J/locked" ] && break; sleep 0.1; done
JSTATE=$L json_ move-refused-locked move 1 'refused=true' 'encrypted=null' 'error.message~being migrated by another' \
	-- -c "$J/fix.ini" --json move web1 --kind storage --datastore shared-nfs
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
S=$J/jstate
mkdir -p -m 700 "$S" "$S/virt-migrate" "$S/virt-migrate/journal"
printf 'virt-migrate journal 1\nstarted 1700000000 999999\nvm web1\nuuid 11111111-2222-3333-4444-000000000001\nkind storage live\nsource a\ntarget a\ndelete-source 0\n' \
	>"$S/virt-migrate/journal/11111111-2222-3333-4444-000000000001.journal"
chmod 600 "$S/virt-migrate/journal/"*.journal
JSTATE=$S json_ move-refused-journal move 1 'refused=true' 'outcome="rolled back"' 'error.message~did not finish' \
	'error.hint~recover' -- -c "$J/fix.ini" --json move web1 --kind storage --datastore shared-nfs
json_ move-no-host move 2 'outcome=null' 'vm="x"' 'error.message~needs the target host' -- -c "$J/test.ini" --json move x
json_ move-json-after-error move 2 'error.message~unknown option' -- -c "$J/test.ini" move x --frob --json
json_ move-bad-limit move 2 'error.message~--max-downtime' -- -c "$J/test.ini" --json move x --host a --max-downtime z
json_ move-no-config move 2 'error.message~no configuration file' -- --json move x --host a
json_ move-bad-config move 2 "error.message~$T/bad-port.ini:2" -- -c "$T/bad-port.ini" --json move x --host a

# --- recover: nothing, the journal above (dry run and not), an unreadable one ---
json_ recover-none recover 0 'entries=[]' 'dry_run=false' -- -c "$J/test.ini" --json recover
json_ recover-none-dry-run recover 0 'entries=[]' 'dry_run=true' -- -c "$J/test.ini" --json recover --dry-run
JSTATE=$S json_ recover-entry-dry-run recover 0 'entries#1' 'entries.0.vm="web1"' 'entries.0.started=1700000000' \
	'entries.0.end=null' 'entries.0.resolved=true' 'dry_run=true' -- -c "$J/fix.ini" --json recover --dry-run
JSTATE=$S json_ recover-entry recover 0 'entries#1' 'entries.0.resolved=true' 'dry_run=false' \
	-- -c "$J/fix.ini" --json recover
JSTATE=$S json_ recover-entry-closed recover 0 'entries=[]' -- -c "$J/fix.ini" --json recover
# a VM no host has: the entry needs the operator (exit 1, entry kept)
printf 'virt-migrate journal 1\nstarted 1700000000 999999\nvm ghost\nuuid 99999999-2222-3333-4444-000000000001\nkind compute live\nsource a\ntarget b\ndelete-source 0\n' \
	>"$S/virt-migrate/journal/99999999-2222-3333-4444-000000000001.journal"
chmod 600 "$S/virt-migrate/journal/"*.journal
JSTATE=$S json_ recover-unresolved recover 1 'entries#1' 'entries.0.resolved=false' 'error.message~not resolved' \
	-- -c "$J/fix.ini" --json recover
printf 'virt-migrate journal 1\nvm x\n' >"$S/virt-migrate/journal/bad.journal"
chmod 600 "$S/virt-migrate/journal/bad.journal"
JSTATE=$S json_ recover-unreadable recover 2 'entries=null' 'error.message~^recover stopped' -- -c "$J/fix.ini" --json recover
json_ recover-extra-arg recover 2 'entries=null' -- -c "$J/test.ini" --json recover x

# --- replay: dry run, refused (hosts unreachable: findings naming them), run
# and failed, needs --yes, a bad answers file ---
json_ replay-dry-run replay 0 'outcome="dry-run"' 'migrations#1' 'migrations.0.result=null' \
	-- -c "$J/fix.ini" --json replay "$J/keep.ini" --dry-run
json_ replay-refused replay 1 'outcome="refused"' 'finding=host.unreachable@b' 'migrations#2' \
	-- -c "$J/down.ini" --json replay "$J/two.ini" --dry-run
json_ replay-failed replay 3 'outcome="failed"' 'migrations.0.result.outcome="rolled back"' \
	'migrations.0.result.downtime_ms=null' 'migrations.0.result.error.message~could not move' \
	-- -c "$J/fix.ini" --json replay "$J/keep.ini" --yes
json_ replay-needs-yes replay 2 'outcome=null' 'migrations=null' "recorded=null" -- -c "$J/fix.ini" --json replay "$J/keep.ini"
json_ replay-bad-file replay 2 'migrations=null' "error.message~nope.ini" -- -c "$J/fix.ini" --json replay "$J/nope.ini"

# --- before the command is known: command null ---
json_ unknown-command - 2 'error.message~unknown command .frob.' -- --json frob
json_ unknown-main-option - 2 'error.message~unknown option' -- --json --frob hosts
json_ no-command - 2 'error.message~no command given' -- --json

# --help stays text, with no document
out=$(env HOME="$J/home" "$TOOL" --json move --help 2>/dev/null)
if grep -q '^usage: virt-migrate' <<<"$out" && ! grep -q '^{' <<<"$out"; then
	echo "ok   json-help-is-text"; passed=$((passed + 1))
else
	echo "FAIL json-help-is-text: $out"; failed=$((failed + 1))
fi
# without --json the text is what it was: the dry run's sentence on stdout
out=$(env HOME="$J/home" XDG_STATE_HOME="$J/state" "$TOOL" -c "$J/fix.ini" move web1 --kind storage \
	--datastore shared-nfs --dry-run 2>/dev/null)
if grep -q "^dry run: the checks passed; VM 'web1' would move" <<<"$out"; then
	echo "ok   json-text-unchanged"; passed=$((passed + 1))
else
	echo "FAIL json-text-unchanged: $out"; failed=$((failed + 1))
fi

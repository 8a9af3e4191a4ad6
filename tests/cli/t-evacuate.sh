# tests/cli/t-evacuate.sh — sourced by tests/cli/run: `evacuate HOST` plans
# where each VM of HOST goes by the checks of a move, against libvirt's
# test:/// hosts (a: four VMs; u: no network of theirs, a datastore with
# room); what it saves, replay accepts.
E=$T/evacuate
mkdir -p "$E/home"
printf '[host a]\nuri = test://%s/tests/integration/fixtures/host-a.xml\n[host u]\nuri = test://%s/tests/tui/fixtures/host-u.xml\n' \
	"$PWD" "$PWD" >"$E/two.ini"
ev() {	# OUT-FILE ARGS...: stdout to OUT-FILE, stderr to OUT-FILE.err, status in $evrc
	local out=$1
	shift
	env HOME="$E/home" XDG_CONFIG_HOME= XDG_STATE_HOME="$E/state" LANG=C.UTF-8 COLUMNS=200 \
		timeout 60 "$TOOL" "$@" >"$out" 2>"$out.err" </dev/null
	evrc=$?
}
ev_ok() {	# NAME CONDITION-STATUS FILE
	if [ "$2" -eq 0 ]; then
		echo "ok   $1"; passed=$((passed + 1))
	else
		echo "FAIL $1:"; sed 's/^/     /' "$3" "$3.err"; failed=$((failed + 1))
	fi
}

# the plan: largest memory first; the two VMs whose networks u lacks stay,
# with the errors that stop them; the shut-off VM's local disk goes with it
ev "$E/plan" -c "$E/two.ini" evacuate a --dry-run
[ "$evrc" -eq 1 ] &&
	grep -qx "Evacuation of host a: 4 VMs, 2 can leave, 2 stay\." "$E/plan" &&
	grep -qE "^  db1 +paused +\(stays\) +- +-$" "$E/plan" &&
	grep -qE "^  web1 +running +\(stays\) +- +-$" "$E/plan" &&
	grep -qE "^  app1 +shut off +u +cold migration +données$" "$E/plan" &&
	grep -qE "^  batch1 +suspended +u +cold migration +-$" "$E/plan" &&
	grep -qx "VM 'web1' stays on a: no candidate host takes it; host u, the closest, says:" "$E/plan" &&
	grep -qE "^    error +net\.missing +NIC 52:54:00:00:00:01 of VM 'web1' needs network 'default'" "$E/plan" &&
	! grep -qE "^    (warning|info) " "$E/plan"
ev_ok evacuate-dry-run $? "$E/plan"

# the expected makespan: test:/// hosts have no SSH, so no link was read and
# nothing measured: unknown, with the link that lacks a figure and the fix
ev_ok evacuate-makespan-unknown $(grep -qx "Expected makespan: unknown (no throughput figure for a -> u; measure it with 'virt-migrate check app1 --host u --measure-link', or set link_gbps for both hosts in the config)" "$E/plan"; echo $?) "$E/plan"

ev "$E/json" -c "$E/two.ini" --json evacuate a --dry-run
problems=$("$PWD/tests/cli/json-check" evacuate 1 host='"a"' placed=2 stay=2 vms=4 moves#4 \
	'moves.0.vm~^db1$' 'moves.0.checked~^u$' 'moves.0.errors~^3$' 'moves.2.vm~^app1$' \
	'moves.2.target~^u$' 'moves.2.kind~^both$' 'moves.2.datastore~^données$' \
	'moves.3.kind~^compute$' makespan.seconds=null makespan.lower_bound_s=null \
	makespan.bound_by=null 'makespan.unknown_reason~^no throughput figure for a -> u; ' <"$E/json" 2>&1)
[ -z "$problems" ] || echo "$problems" >>"$E/json.err"
ev_ok evacuate-json $([ -z "$problems" ]; echo $?) "$E/json"

# with the link's speed given (link_gbps 1: 119.2 MiB/s), an estimate: app1's
# 1 GiB allocated and batch1's 512 MiB of memory share the link a -> u at
# once, which is the bound (1.5 GiB / 119.2 MiB/s = 12.885 s)
printf '[defaults]\nlink_gbps = 1\n' | cat - "$E/two.ini" >"$E/gbps.ini"
ev "$E/ms" -c "$E/gbps.ini" evacuate a --dry-run
[ "$evrc" -eq 1 ] && grep -qx "Expected makespan: about 13 s (lower bound 13 s: link a -> u, 1.0x)" "$E/ms"
ev_ok evacuate-makespan $? "$E/ms"
# --bandwidth caps the suspended VM's memory stream (512 MiB at 10 MiB/s), not
# the cold copy: the estimate is batch1's own move, and it is the bound
ev "$E/msj" -c "$E/gbps.ini" --json evacuate a --dry-run --bandwidth 10
problems=$("$PWD/tests/cli/json-check" evacuate 1 makespan.seconds=51.2 makespan.lower_bound_s=51.2 \
	'makespan.bound_by="VM batch1'"'"'s own move"' makespan.unknown_reason=null <"$E/msj" 2>&1)
[ -z "$problems" ] || echo "$problems" >>"$E/msj.err"
ev_ok evacuate-makespan-json $([ -z "$problems" ]; echo $?) "$E/msj"

# the load: with free memory alike (here unknown on both), the host with
# fewer vCPUs per CPU takes the VMs, in whatever order --to names them
# (v: u's copy with 32 CPUs instead of 4, the same three running VMs)
sed 's|<active>4</active>|<active>32</active>|; s|<cores>4</cores>|<cores>32</cores>|' \
	tests/tui/fixtures/host-u.xml >"$E/host-v.xml"
printf '[host v]\nuri = test://%s/host-v.xml\n' "$E" | cat "$E/two.ini" - >"$E/three.ini"
ev "$E/load" -c "$E/three.ini" evacuate a --dry-run --to u --to v
[ "$evrc" -eq 1 ] &&
	grep -qE "^  app1 +shut off +v +cold migration +données$" "$E/load" &&
	grep -qE "^  batch1 +suspended +v +cold migration +-$" "$E/load"
ev_ok evacuate-load $? "$E/load"

# saved, the moves that can be made pass replay's checks as they are
ev "$E/save" -c "$E/two.ini" evacuate a --save-answers "$E/ans.ini"
[ "$evrc" -eq 1 ] && [ "$(grep -c '^\[migration ' "$E/ans.ini")" -eq 2 ] &&
	grep -qx "vm = app1" "$E/ans.ini" && grep -qx "vm = batch1" "$E/ans.ini" &&
	! grep -q "vm = web1" "$E/ans.ini" &&
	grep -q "replay them with 'virt-migrate replay --parallel FILE'" "$E/save.err" &&
	[ "$(stat -c %a "$E/ans.ini")" = 600 ]
ev_ok evacuate-save-answers $? "$E/save"
ev "$E/replay" -c "$E/two.ini" replay --dry-run "$E/ans.ini"
ev_ok evacuate-saved-replays $evrc "$E/replay"

# usage errors: exit 2, nothing planned
for c in "nohost|evacuate zz --dry-run|Host 'zz' is not in the configuration" \
	"self|evacuate a --to a --dry-run|host 'a' cannot be a target of its own evacuation" \
	"twice|evacuate a --to u --to u --dry-run|target host 'u' is named twice" \
	"unknown-target|evacuate a --to zz --dry-run|Target host 'zz' is not in the configuration" \
	"no-terminal|evacuate a|its standard input is not a terminal to confirm it; add --yes" \
	"no-host|evacuate --dry-run|evacuate needs the host to empty (or --return FILE)" \
	"return-and-host|evacuate a --return $E/rec.ini|--return FILE takes no host" \
	"return-missing|evacuate --return $E/none.ini --dry-run|none.ini"; do
	IFS='|' read -r name args want <<<"$c"
	ev "$E/u-$name" -c "$E/two.ini" $args
	[ "$evrc" -eq 2 ] && grep -q -- "$want" "$E/u-$name.err" && [ ! -s "$E/u-$name" ]
	ev_ok "evacuate-usage-$name" $? "$E/u-$name"
done

# the way back: a record (an answers file whose 'from' says where the
# evacuation put each VM) sends back only what is still there; the rest is
# left alone, each with its reason
cat >"$E/rec.ini" <<'REC'
[migration goes]
vm = app1
kind = both
from = a
host = u
datastore = données
[migration home]
vm = batch1
kind = compute
from = u
host = a
[migration moved]
vm = db1
kind = compute
from = u
host = u
[migration deleted]
vm = ghost
kind = compute
from = u
host = a
[migration refused]
vm = web1
kind = compute
from = a
host = u
REC
chmod 600 "$E/rec.ini"
ev "$E/ret" -c "$E/two.ini" evacuate --return "$E/rec.ini" --dry-run
[ "$evrc" -eq 1 ] &&
	grep -qx "Return from $E/rec.ini: 5 VMs, 1 goes back, 4 stay." "$E/ret" &&
	grep -qx "  app1: goes back to u from a (cold migration)" "$E/ret" &&
	grep -qx "  batch1: left alone: it is on a, its origin, already" "$E/ret" &&
	grep -qx "  db1: left alone: it is on a, not on u where the evacuation put it (moved since)" "$E/ret" &&
	grep -qx "  ghost: left alone: it is on no host read (deleted, or on a host that cannot be read)" "$E/ret" &&
	grep -qE "^  web1: left alone: the checks of its way back to u find [0-9]+ errors?:$" "$E/ret" &&
	grep -qE "^    error +net\.missing " "$E/ret"
ev_ok evacuate-return-verdicts $? "$E/ret"
ev "$E/retj" -c "$E/two.ini" --json evacuate --return "$E/rec.ini" --dry-run
problems=$("$PWD/tests/cli/json-check" evacuate 1 returns#5 'returns.0.verdict~^goes$' \
	'returns.1.verdict~^home$' 'returns.2.verdict~^moved$' 'returns.2.now_on~^a$' \
	'returns.3.verdict~^deleted$' 'returns.4.verdict~^refused$' 'returns.0.from~^a$' \
	'returns.0.origin~^u$' makespan=null <"$E/retj" 2>&1)
[ -z "$problems" ] || echo "$problems" >>"$E/retj.err"
ev_ok evacuate-return-json $([ -z "$problems" ]; echo $?) "$E/retj"

# replay keeps the same guard: a migration whose VM is not where 'from' says is refused
sed -n '/^\[migration goes\]/,/^\[migration home\]/p;/^\[migration moved\]/,/^\[migration deleted\]/p' \
	"$E/rec.ini" | grep -v '^\[migration \(home\|deleted\)\]' >"$E/rec2.ini"
chmod 600 "$E/rec2.ini"
ev "$E/moved" -c "$E/two.ini" replay --dry-run "$E/rec2.ini"
[ "$evrc" -eq 1 ] && [ "$(grep -c '^\[migration ' "$E/rec2.ini")" -eq 2 ] && grep -q "error: plan.moved-since: VM 'db1' is on host a, not on u where the plan expects it" "$E/moved.err"
ev_ok evacuate-replay-from $? "$E/moved"

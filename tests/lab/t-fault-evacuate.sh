#!/bin/bash
# Faults during an evacuation of host a (vm1 on shared storage, only b has
# all its networks; ev1, ev2 and ev3 running with their disks on a's local
# datastore, so that they move shared-nothing, two at most at once from a):
#  1. the tool is SIGKILLed in the middle: 'recover' finishes or undoes each
#     move; each VM runs once, its disk intact; the record written before
#     the first move brings the VMs that left back home.
#  2. the libvirt daemon of a target is killed while its moves run: they
#     fail and roll back, the target is taken out of the plan, the VMs that
#     were waiting are planned again and leave for the other host; a VM
#     defined on a meanwhile is named, not moved.
#  3. ^C: what runs rolls back, nothing more starts.
. "$(dirname "$0")/faultlib.sh"
cleanup_fev() {
	for h in b c; do
		kill -0 "$(libvirtd_pid $h 2>/dev/null)" 2>/dev/null || libvirtd_restart $h
	done
	local v pids=""
	for v in ev1 ev2 ev3 ev-new; do
		fault_forget $v &
		pids="$pids $!"
	done
	for v in $pids; do wait "$v" || true; done
	vm1_home
	rm -rf "$TMP"
}
trap cleanup_fev EXIT
# three guests booting at once (as fault_guest, without filler)
for v in ev1 ev2 ev3; do
	VMLAB_DISK_SIZE=32M "$LAB_SRC/guest-define" a $v local vmnet
	vsh a start $v >/dev/null
done
for v in ev1 ev2 ev3; do
	wait_serial a $v '^HB [0-9]+' 120
done
ensure_running a vm1

# --- 1. SIGKILL in the middle ----------------------------------------------------------
bg_tool ev evacuate a --yes --to b --to c --bandwidth 16 --record "$TMP/back.ini"
bg_wait_for ev '\] (disks|memory) ' 90
[ -s "$TMP/back.ini" ] || fail "no record of the way back before the moves ran"
bg_signal ev KILL
bg_end ev 30
[ "$rc" -eq 137 ] || fail "the tool was not killed: exit $rc"
tool recover
expect_rc 0
expect_out "journal entry closed"
for v in vm1 ev1 ev2 ev3; do
	on=$(vm_where $v)
	case $on in a|b|c) ;; *) fail "$v is on '$on' after recover" ;; esac
	GUEST_CRASH=known expect_invariant $v "$on" running
done
pass "SIGKILL mid-evacuation: recover closed every journal; vm1 on $(vm_where vm1), ev1 on $(vm_where ev1), ev2 on $(vm_where ev2), ev3 on $(vm_where ev3), each once"

# home again by the record (a VM that never left is left alone)
tool evacuate --return "$TMP/back.ini" --yes
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "the return: exit $rc"
for v in vm1 ev1 ev2 ev3; do
	[ "$(vm_where $v)" = a ] || fail "$v is on '$(vm_where $v)' after the return"
	expect_invariant $v a running
done
pass "the record written before the kill brought every VM back to a"

# --- 2. a target's daemon dies mid-evacuation --------------------------------------------
bg_tool ev2 --json evacuate a --yes --to b --to c --bandwidth 16 --record "$TMP/back2.ini"
# with --json the progress comes as JSON Lines on stderr (one object a line)
bg_wait_for ev2 '^\{"type":"progress","vm":"[^"]+","phase":"(disks|memory)"' 90
# the target of the first move that shows progress
first=$(grep '^{' "$TMP/ev2.err" | jq -Rr 'fromjson? | select(.type == "progress" and (.phase == "disks" or .phase == "memory")) | .vm' | head -n 1)
target=$(grep '^{' "$TMP/ev2.err" | jq -Rr --arg v "$first" 'fromjson? | select(.type == "event" and .vm == $v) | .message' |
	grep -m 1 -oE 'from a to [bc]' | sed -E 's/.* to ([bc])$/\1/')
[ -n "$target" ] || fail "cannot tell where $first goes: $(head -n 20 "$TMP/ev2.err")"
other=$([ "$target" = b ] && echo c || echo b)
libvirtd_kill "$target"
# a VM that comes onto a during the run: named by the next round, never moved
VMLAB_DISK_SIZE=8M "$LAB_SRC/guest-define" a ev-new local vmnet
bg_end ev2 240
libvirtd_restart "$target"
expect_rc 3
cp "$TMP/out" "$TMP/ev2.json"
jq -e --arg t "$target" '.taken_out | map(.host) | index($t) != null' "$TMP/ev2.json" >/dev/null ||
	fail "$target is not among the targets taken out"
jq -e --arg t "$target" '[.results[] | select(.result == "failed") | .target] | all(. == $t)' \
	"$TMP/ev2.json" >/dev/null || fail "a move failed that did not go to $target"
jq -e --arg o "$other" '[.results[] | select(.round > 1)] | length > 0 and all(.target == $o)' \
	"$TMP/ev2.json" >/dev/null || fail "no VM was planned again for $other in a later round"
jq -e '.appeared == ["ev-new"]' "$TMP/ev2.json" >/dev/null ||
	fail "ev-new, defined on a during the run, is not reported as appeared"
expect_err "VM 'ev-new' came onto host a during the evacuation: it is not moved"
[ "$(vm_where ev-new)" = a ] || fail "ev-new is on '$(vm_where ev-new)', not left on a"
fault_forget ev-new
tool recover
expect_rc 0
for v in vm1 ev1 ev2 ev3; do
	res=$(jq -r --arg v $v '.results[] | select(.vm == $v) | .result' "$TMP/ev2.json")
	to=$(jq -r --arg v $v '.results[] | select(.vm == $v) | .target' "$TMP/ev2.json")
	case $res in
	moved) home=$to ;;
	failed|stays) home=a ;;	# vm1 stays when b is out: only b has its networks
	*) fail "$v: result '$res'" ;;
	esac
	[ "$(vm_where $v)" = "$home" ] || fail "$v is on '$(vm_where $v)', want $home ($res)"
	GUEST_CRASH=known expect_invariant $v "$home" running
done
pass "libvirtd of $target killed mid-evacuation: its moves rolled back, $target taken out, the waiting VMs left for $other; each VM once"

# --- 3. ^C: what runs is rolled back, nothing more starts ---------------------------------
# (a move that ends before the signal lands has left: the summary says so)
vms=$(lab_enter a virsh -q list --all --name | sort)
[ -n "$vms" ] || fail "host a holds no VM for the ^C case"
bg_tool ev3 evacuate a --yes --to b --to c --bandwidth 16 --record "$TMP/back3.ini"
bg_wait_for ev3 '\] (disks|memory) ' 90
bg_signal ev3 INT
bg_end ev3 120
expect_rc 4
cancelled=0
for v in $vms; do
	line=$(grep -E "^  $v: " "$TMP/out") || fail "the summary says nothing of $v"
	case $line in
	"  $v: cancelled"*) home=a cancelled=$((cancelled + 1)) ;;
	"  $v: moved (vMotion to "[bc]")"* | "  $v: moved (shared-nothing vMotion to "[bc]")"*)
		home=$(sed -E 's/.* to ([bc])\): .*/\1/' <<<"$line") ;;
	*) fail "$v: '$line'" ;;
	esac
	expect_invariant "$v" "$home" running
done
[ "$cancelled" -gt 0 ] || fail "^C cancelled no move"
expect_out "^Evacuation of host a: $(wc -w <<<"$vms") VMs?, [0-9]+ left, $cancelled did not\.$"
pass "^C mid-evacuation: exit 4; $cancelled VM(s) cancelled and still on a, each VM once where the summary says"

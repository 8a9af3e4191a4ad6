#!/bin/bash
# Link facts from the path a migration takes (each host's interface towards
# the other's migration address and its speed, the round trip, the SSH
# login), kept in the facts cache and said to be cached; the data path
# measured by plain TCP only when asked; a move reads only its two hosts.
. "$(dirname "$0")/testlib.sh"
. "$LAB_SRC/faultlib.sh"

cfg=$LAB_ROOT/op/config/virt-migrate/config.ini
facts=$LAB_ROOT/op/state/virt-migrate/facts
cleanup() {
	unshape_lab
	for h in a b; do lab_enter "$h" ip addr flush dev vmbr0 2>/dev/null || true; done
	vm1_home
	rm -rf "$TMP"
}
trap cleanup EXIT
ensure_running a vm1
ensure_running b vm2

speed_msg() {	# HOST — the message of link.speed for HOST in the last JSON check
	jq -r --arg h "$1" '.hosts[] | select(.host == $h) | .findings[] |
		select(.code == "link.speed") | .message' "$TMP/out"
}
msg_of() {	# HOST CODE
	jq -r --arg h "$1" --arg c "$2" '.hosts[] | select(.host == $h) | .findings[] |
		select(.code == $c) | .message' "$TMP/out"
}

# --- the link's speed is each end's interface speed, read on the hosts -------------
tool --json --refresh check vm1 --host b
expect_rc 0
expect_code b info link.speed
speed_msg b >"$TMP/msg"
# the lab's veth pairs report 10000 Mb/s in sysfs, on both ends
contains "$TMP/msg" "runs at 10 Gbit/s \(eth0 on a at 10 Gbit/s; eth0 on b at 10 Gbit/s\), round trip" ||
	fail "link.speed: $(cat "$TMP/msg")"
contains "$TMP/msg" "\(read " && fail "a --refresh check says its link facts are cached"
expect_no_code b facts.cached
expect_no_code b link.throughput
expect_no_code b evc.baseline-unknown
[ "$(stat -c '%a %U' "$facts/a.facts")" = "600 root" ] || fail "a.facts: $(stat -c '%a %U' "$facts/a.facts")"
contains "$facts/a.facts" '^link b\|198\.51\.100\.12\|198\.51\.100\.11 [0-9]+ eth0 10000 eth0 10000 [0-9]+ 1 -$' ||
	fail "a.facts lacks the link record: $(cat "$facts/a.facts")"
pass "link a -> b: 10 Gbit/s from sysfs on both ends, kept in $facts/a.facts (0600)"

# --- a second check reuses the facts and says how old they are --------------------
tool --json check vm1 --host b
expect_rc 0
speed_msg b >"$TMP/msg"
contains "$TMP/msg" "\(read (just now|[0-9]+ s ago)\)" || fail "cached link.speed: $(cat "$TMP/msg")"
# which datastores are shared: from the file systems cached by the first check
expect_code b info facts.cached
# the first check wrote the VM index: this one read a and b only, and c
# (of the EVC cluster) counts with the CPU models it reported then
expect_no_code b evc.baseline-unknown
expect_code b info evc.cached
msg_of b evc.cached >"$TMP/msg"
contains "$TMP/msg" "counts host c with the CPU models it reported (just now|[0-9]+ (s|min|h|days) ago)" ||
	fail "evc.cached: $(cat "$TMP/msg")"
pass "a second check takes the link facts from the cache and says their age"

# --- a busy link is still a 10 Gbit/s link: no flooding, no refusal ----------------
shape_lab 40mbit
tool --json --refresh check vm1 --host b
unshape_lab
expect_rc 0
expect_no_code b link.throughput
pass "with the lab shaped to 40 Mbit/s the check goes by the interfaces' speed, not a probe"

# --- the operator's word wins: link_gbps -------------------------------------------
awk '{print} /^\[host b\]/{print "link_gbps = 0.1"}' "$cfg" >"$TMP/slow.ini"
tool -c "$TMP/slow.ini" --json check vm1 --host b
expect_rc 1
expect_code b error link.throughput
msg_of b link.throughput >"$TMP/msg"
contains "$TMP/msg" "runs at 100 Mbit/s" || fail "link.throughput: $(cat "$TMP/msg")"
contains "$TMP/msg" "by link_gbps for b" || fail "link.throughput does not say link_gbps: $(cat "$TMP/msg")"
pass "link_gbps = 0.1 for b: link.throughput error naming link_gbps"

# --- an interface that does not report its speed: a finding of its own -------------
# The hosts' VM bridges have no physical port: give them addresses and make
# them the migration path (the route is read, not used).
lab_enter a ip addr add 10.99.0.1/24 dev vmbr0
lab_enter b ip addr add 10.99.0.2/24 dev vmbr0
awk '/^\[host a\]/{h="a"} /^\[host b\]/{h="b"} /^\[host c\]/{h=""}
	/^migration_address/ && h=="a" {print "migration_address = 10.99.0.1"; next}
	/^migration_address/ && h=="b" {print "migration_address = 10.99.0.2"; next} {print}' \
	"$cfg" >"$TMP/bridge.ini"
tool -c "$TMP/bridge.ini" --json check vm1 --host b
expect_code b warning link.speed-unknown
msg_of b link.speed-unknown >"$TMP/msg"
contains "$TMP/msg" "vmbr0 on a, which does not report its speed" || fail "link.speed-unknown: $(cat "$TMP/msg")"
jq -r '.hosts[0].findings[] | select(.code == "link.speed-unknown") | .hint' "$TMP/out" >"$TMP/hint"
contains "$TMP/hint" "link_gbps in \[host a\]" || fail "link.speed-unknown hint: $(cat "$TMP/hint")"
expect_no_code b link.throughput
for h in a b; do lab_enter "$h" ip addr flush dev vmbr0; done
pass "a bridge without physical port: link.speed-unknown naming vmbr0 on a and the fix, no figure made up"

# --- a damaged or foreign cache file is rebuilt, never trusted ---------------------
printf 'virt-migrate facts 1\nhost a\nlink b 12\n' >"$facts/a.facts"
tool --json check vm1 --host b
expect_rc 0
expect_code b info facts.rebuilt
msg_of b facts.rebuilt >"$TMP/msg"
contains "$TMP/msg" "host 'a'.*damaged at line 3" || fail "facts.rebuilt: $(cat "$TMP/msg")"
speed_msg b >"$TMP/msg"
contains "$TMP/msg" "\(read " && fail "facts from a damaged file were used"
head -n 1 "$facts/a.facts" | grep -qx 'virt-migrate facts 1' || fail "a.facts not rewritten"
chown 1:1 "$facts/a.facts"
tool --json check vm1 --host b
expect_code b info facts.rebuilt
msg_of b facts.rebuilt >"$TMP/msg"
contains "$TMP/msg" "another user" || fail "facts.rebuilt for a foreign file: $(cat "$TMP/msg")"
[ "$(stat -c %u "$facts/a.facts")" = 0 ] || fail "the foreign a.facts was not replaced"
pass "a damaged and a foreign facts file: reported, rebuilt from the hosts"

# --- measured only when asked: plain TCP to the migration address ------------------
tool --json check vm1 --host b --measure-link
expect_rc 0
expect_code b info link.measured
msg_of b link.measured >"$TMP/msg"
contains "$TMP/msg" "Plain TCP from host a to the migration address of host b carried [0-9.]+ [GM]bit/s, measured just now" ||
	fail "link.measured: $(cat "$TMP/msg")"
contains "$facts/a.facts" '^measured b ' || fail "the measurement is not kept"
awk '/^\[host b\]/{h=1} /^\[host c\]/{h=0} /^migration_address/ && h {print "migration_address = 198.51.100.99"; next} {print}' \
	"$cfg" >"$TMP/gone.ini"
tool -c "$TMP/gone.ini" --json check vm1 --host b --measure-link
expect_code b warning link.measure-failed
msg_of b link.measure-failed >"$TMP/msg"
contains "$TMP/msg" "198.51.100.99" || fail "link.measure-failed: $(cat "$TMP/msg")"
no_receiver() {	# no live perl on b (a dead one may wait a moment to be reaped)
	local ps
	ps=$(lab_enter b ps -eo stat=,args=)
	! awk '$1 !~ /Z/ && /perl/' <<<"$ps" | grep -q .
}
lab_wait 30 no_receiver || fail "a receiver is left on b"
pass "check --measure-link measures plain TCP a -> b and keeps it; a wrong migration address is a finding"

# --- a move reads only its two hosts; the index follows the VM -----------------------
{ cat "$cfg"; printf '\n[host d]\naddress = 198.51.100.99\n'; } >"$TMP/withd.ini"
tool -c "$TMP/withd.ini" --json check vm1 --host b
expect_rc 0
contains "$TMP/err" "'d'" && fail "check --host b spoke of host d: $(cat "$TMP/err")"
tool -c "$TMP/withd.ini" move vm1 --host b --dry-run
expect_rc 0
contains "$TMP/err" "'d'|198\.51\.100\.99" && fail "move --dry-run spoke of host d"
pass "check --host and move --dry-run read only a and b (an unreachable host d is never tried)"

# the VM moves behind the tool's back: the index is wrong, the tool finds it anyway
lab_enter a timeout 120 virsh migrate --live --p2p --persistent --undefinesource vm1 \
	qemu+ssh://root@b/system tcp://198.51.100.12 >/dev/null
tool --json check vm1 --host c
expect_rc 1	# c lacks dmz
jq -e '.source == "b"' "$TMP/out" >/dev/null || fail "vm1 not found on b: $(jq -c .source "$TMP/out")"
tool move vm1 --host a
expect_rc 0
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not home"
contains "$facts/b.facts" '^achieved a [0-9]+ [0-9.]+$' || fail "b.facts has no achieved rate for b -> a"
grep -qE '^vm vm1 ' "$facts/a.facts" || fail "the index of a does not list vm1 after the move"
grep -qE '^vm vm1 ' "$facts/b.facts" && fail "the index of b still lists vm1 after the move"
tool --json check vm2 --host a --datastore shared
expect_code a info link.achieved
pass "a VM moved outside the tool is found; a move records its throughput and corrects the index"

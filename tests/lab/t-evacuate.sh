#!/bin/bash
# Maintenance mode for real: `evacuate a` gives each VM of host a a target
# by the checks of a move and runs the moves at once within the limits --
# vm1 (running, shared storage: vMotion), ev-live (running, its disk on a's
# local datastore: shared-nothing vMotion), ev-cold (shut off, local disk:
# cold with a copy) -- and a is empty, each VM once, beating, its disk
# intact.  `evacuate --return` then brings every VM home, each once.  The
# saved answers of a plan pass replay's checks.
. "$(dirname "$0")/testlib.sh"

ensure_running a vm1
"$LAB_SRC/guest-define" a ev-cold local vmnet
"$LAB_SRC/guest-define" a ev-live local vmnet
lab_enter a virsh -q start ev-live >/dev/null
cleanup_ev() {
	for h in a b c; do
		for v in ev-cold ev-live; do
			lab_enter "$h" virsh -q destroy "$v" >/dev/null 2>&1 || true
			lab_enter "$h" virsh -q undefine "$v" >/dev/null 2>&1 || true
		done
		for p in local local2 shared; do
			lab_enter "$h" virsh -q pool-refresh "$p" >/dev/null 2>&1 || true
			for v in ev-cold ev-live; do
				for x in qcow2 img; do
					lab_enter "$h" virsh -q vol-delete --pool "$p" "$v.$x" \
						>/dev/null 2>&1 || true
				done
			done
		done
	done
	# vm1 back home for the tests after this one
	[ "$(vm_state a vm1)" = running ] ||
		lab_enter op "$VM_TOOL" move vm1 --host a >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup_ev EXIT
[ "$(vm_state a ev-cold)" = "shut off" ] || fail "ev-cold is not defined on a"
wait_serial a ev-live "^HB [0-9]+" 60

tool evacuate a --dry-run --to b --to c
expect_rc 0
expect_out "^Evacuation of host a: 3 VMs, 3 can leave, 0 stay\.$"
expect_out "^  vm1 +running +[bc] +vMotion +-$"
expect_out "^  ev-live +running +[bc] +shared-nothing vMotion +(local|local2|shared)$"
expect_out "^  ev-cold +shut off +[bc] +cold migration +(local|local2|shared)$"
pass "the plan: vm1 by vMotion, ev-live and ev-cold with their disks, to b or c"

tool --json evacuate a --save-answers "$TMP/ev.ini"
expect_rc 0
jq -e '.placed == 3 and .stay == 0 and ([.moves[].target] | all(. == "b" or . == "c"))' \
	"$TMP/out" >/dev/null || fail "the JSON plan"
[ "$(grep -c '^\[migration ' "$TMP/ev.ini")" -eq 3 ] || fail "not three migrations in the answers"
tool replay --dry-run --parallel "$TMP/ev.ini"
expect_rc 0
pass "the plan saved as answers passes replay's checks"

cold_src=$(host_path a "$(lab_enter a virsh -q domblklist ev-cold | awk '$1 == "vda" { print $2 }')")
cp --sparse=always "$cold_src" "$TMP/ev-cold.orig"
cold_src=$TMP/ev-cold.orig
hb_live=$(last_hb a ev-live)
hb_vm1=$(last_hb a vm1)
tool evacuate a --yes --to b --to c --record "$TMP/back.ini"
expect_rc 0
expect_out "^Evacuation of host a: 3 VMs, 3 left, 0 did not\.$"
expect_out "^The way back: virt-migrate evacuate --return $TMP/back.ini$"
expect_err "^\[vm1\] moved to [bc]$"
[ -z "$(lab_enter a virsh -q list --all --name)" ] ||
	fail "host a still holds: $(lab_enter a virsh -q list --all --name)"
for v in vm1 ev-live ev-cold; do
	on=$(vm_where $v)
	case $on in b|c) ;; *) fail "$v is on '$on' after the evacuation" ;; esac
	eval "to_${v//-/_}=$on"
done
[ "$(vm_state "$to_ev_cold" ev-cold)" = "shut off" ] || fail "ev-cold is not shut off on $to_ev_cold"
wait_serial "$to_vm1" vm1 "^HB [0-9]+" 30
wait_serial "$to_ev_live" ev-live "^HB [0-9]+" 30
contains "$(serial_log "$to_ev_live" ev-live)" "VMLAB INIT" && fail "ev-live rebooted on $to_ev_live"
[ "$(first_hb "$to_ev_live" ev-live)" -gt "$hb_live" ] || fail "ev-live's heartbeat went back"
[ "$(first_hb "$to_vm1" vm1)" -gt "$hb_vm1" ] || fail "vm1's heartbeat went back"
img=$(lab_enter "$to_ev_live" virsh -q domblklist ev-live | awk '$1 == "vda" { print $2 }')
[ -n "$img" ] || fail "no vda for ev-live on $to_ev_live"
expect_disk_intact "$(host_path "$to_ev_live" "$img")"
# ev-cold never booted: its copy must read as the image it came from (kept on a)
img=$(lab_enter "$to_ev_cold" virsh -q domblklist ev-cold | awk '$1 == "vda" { print $2 }')
qemu-img compare -U "$cold_src" "$(host_path "$to_ev_cold" "$img")" >/dev/null ||
	fail "ev-cold's copy on $to_ev_cold differs from its image on a"
[ "$(grep -c '^\[migration ' "$TMP/back.ini")" -eq 3 ] || fail "the record does not hold 3 ways back"
grep -q "^from = $to_vm1\$" "$TMP/back.ini" || fail "the record does not say where vm1 went"
pass "evacuate a emptied a: vm1 -> $to_vm1, ev-live -> $to_ev_live (beating, disk intact), ev-cold -> $to_ev_cold, each once"

tool evacuate --return "$TMP/back.ini" --dry-run
expect_rc 0
expect_out "^Return from $TMP/back.ini: 3 VMs, 3 go back, 0 stay\.$"
expect_out "^  vm1: goes back to a from $to_vm1 \(vMotion\)$"

tool evacuate --return "$TMP/back.ini" --yes
expect_rc 0
for v in vm1 ev-live ev-cold; do
	[ "$(vm_where $v)" = a ] || fail "$v is on '$(vm_where $v)' after the return"
done
[ "$(vm_state a ev-cold)" = "shut off" ] || fail "ev-cold is not shut off on a"
img=$(lab_enter a virsh -q domblklist ev-cold | awk '$1 == "vda" { print $2 }')
qemu-img compare -U "$cold_src" "$(host_path a "$img")" >/dev/null ||
	fail "ev-cold's disk back on a differs from its image before the evacuation"
wait_serial a ev-live "^HB [0-9]+" 30
contains "$(serial_log a ev-live)" "VMLAB INIT" && fail "ev-live rebooted on its way home"
img=$(lab_enter a virsh -q domblklist ev-live | awk '$1 == "vda" { print $2 }')
case $img in /var/lib/libvirt/images/*) ;; *) fail "ev-live's disk is not back in a's local datastore: $img" ;; esac
expect_disk_intact "$(host_path a "$img")"
pass "evacuate --return brought vm1, ev-live and ev-cold back to a, each once, ev-live beating"

tool evacuate --return "$TMP/back.ini" --dry-run
expect_rc 0
expect_out "^  ev-cold: left alone: it is on a, its origin, already$"
pass "a second return leaves every VM alone: they are home"

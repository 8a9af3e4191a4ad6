#!/bin/bash
# Compatibility checks against the real lab: each check that can fail for
# real is made to fail, and passes once the cause is gone.
. "$(dirname "$0")/testlib.sh"

ensure_running a vm1
ensure_running b vm2

# --- a live move that can work: vm1 (shared disk, vmnet+dmz) from a to b ---------
tool --json check vm1 --host b
expect_rc 0
jq -e '.source == "a" and .live == true and .kind == "compute" and .movable' "$TMP/out" >/dev/null ||
	fail "vm1: wrong header"
for c in storage.not-shared net.missing cpu.incompatible link.rtt link.throughput link.p2p host.unreachable; do
	expect_no_code b "$c"
done
pass "vm1 a -> b: no error (shared storage, networks present, CPU and link fine)"

# --- every candidate host, in text: c lacks the network dmz -----------------------
tool check vm1
expect_rc 0
expect_out "^  b: (ok|warnings)"
expect_out "^  c: errors"
expect_out "net\.missing +.*dmz"
expect_out "^Verdict: 1 of 2 hosts can take it: b\.$"
pass "vm1 to every candidate: b fits, c lacks network dmz"

tool --json check vm1 --host c
expect_rc 1
expect_code c error net.missing
tool --json check vm1 --host c --network dmz=vmnet
expect_rc 0
expect_no_code c net.missing
pass "net.missing on c, gone with --network dmz=vmnet"

# --- a VM on local storage cannot move live without its disks ---------------------
tool --json check vm2 --host a
expect_rc 1
expect_code a error storage.not-shared
tool --json check vm2 --host a --datastore shared
expect_rc 0
expect_no_code a storage.not-shared
jq -e '.kind == "both"' "$TMP/out" >/dev/null || fail "--host with --datastore is not kind both"
pass "storage.not-shared for vm2 (local disk) a live move to a; fine with --datastore shared"

# --- a datastore too small: a 16 MiB pool on c, a thick 64 MiB disk -----------------
lab_enter c mkdir -p /var/lib/libvirt/tiny
lab_enter c mount -t tmpfs -o size=16m tiny /var/lib/libvirt/tiny
cleanup_tiny() {
	lab_enter c virsh -q pool-destroy tiny >/dev/null 2>&1 || true
	lab_enter c virsh -q pool-undefine tiny >/dev/null 2>&1 || true
	lab_enter c umount /var/lib/libvirt/tiny 2>/dev/null || true
}
trap 'cleanup_tiny; rm -rf "$TMP"' EXIT
lab_enter c virsh -q pool-define-as tiny dir --target /var/lib/libvirt/tiny >/dev/null
lab_enter c virsh -q pool-start tiny >/dev/null
tool --json check vm2 --host c --datastore tiny --format thick
expect_rc 1
expect_code c error storage.space
jq -r '.hosts[0].findings[] | select(.code == "storage.space") | .message' "$TMP/out" >"$TMP/msg"
contains "$TMP/msg" "tiny" || fail "storage.space does not name the datastore"
tool --json check vm2 --host c --datastore local --format thick
expect_no_code c storage.space
tool --json check vm2 --host c --datastore nosuchpool
expect_code c error storage.datastore-missing
pass "storage.space on a 16 MiB datastore; storage.datastore-missing for an unknown one"

# --- a paused VM moves paused; the finding says so ---------------------------------
lab_enter b virsh -q suspend vm2 >/dev/null
tool --json check vm2 --host a --datastore shared
lab_enter b virsh -q resume vm2 >/dev/null
expect_code a warning vm.paused
pass "vm.paused reported for a paused VM"

# --- host keys: a changed key for the target is refused ------------------------------
cfg=$LAB_ROOT/op/config/virt-migrate/config.ini
kh=$TMP/known_hosts
grep -vE '^b,' "$LAB_ROOT/keys/known_hosts" >"$kh"
printf 'b,%s %s\n' "$(lab_ip b)" "$(cut -d' ' -f1,2 "$LAB_ROOT/keys/host_c.pub")" >>"$kh"
sed "s|^known_hosts = .*|known_hosts = $kh|" "$cfg" >"$TMP/cfg.ini"
tool -c "$TMP/cfg.ini" --json check vm1 --host b
expect_rc 1
expect_code b error host.unreachable
jq -r '.hosts[0].findings[] | select(.code == "host.unreachable") | .message' "$TMP/out" >"$TMP/msg"
contains "$TMP/msg" "not the key recorded" || fail "host.unreachable does not say the key changed"
grep -vE '^b,' "$LAB_ROOT/keys/known_hosts" >"$kh"
tool -c "$TMP/cfg.ini" --json check vm1 --host b
expect_rc 1
jq -r '.hosts[0].findings[] | select(.code == "host.unreachable") | .message' "$TMP/out" >"$TMP/msg"
contains "$TMP/msg" "unknown host" || fail "host.unreachable does not say the key is unknown"
pass "changed and unknown host keys of the target refuse the check"

# --- EVC: a VM whose CPU model is above the cluster's baseline -----------------------
VMLAB_CPU_MODEL=Penryn "$LAB_SRC/guest-define" a vmevc shared vmnet
sed 's|^evc = .*|evc = Conroe|' "$cfg" >"$TMP/evc.ini"
tool -c "$TMP/evc.ini" --json check vmevc --host b
expect_code b error evc.exceeds
VMLAB_CPU_MODEL=Conroe "$LAB_SRC/guest-define" b vmevc2 shared vmnet
tool -c "$TMP/evc.ini" --json check vmevc2 --host a
expect_no_code a evc.exceeds
lab_enter a virsh -q undefine vmevc --remove-all-storage >/dev/null
lab_enter b virsh -q undefine vmevc2 --remove-all-storage >/dev/null
pass "evc.exceeds for Penryn in a Conroe cluster; Conroe fits"

# --- the EVC table is read live from each host's domain capabilities ------------------
tool --json evc
expect_rc 0
for h in a b c; do
	# the lab's config says virt_type = qemu: its guests run under TCG
	lab_enter "$h" virsh -q domcapabilities --virttype qemu >"$TMP/domcaps-$h"
	for m in Conroe Nehalem Haswell Opteron_G2 EPYC; do
		want=$(grep -oE "<model usable='(yes|no)'[^>]*>$m</model>" "$TMP/domcaps-$h" | grep -oE "usable='(yes|no)'" | cut -d"'" -f2)
		got=$(jq -r --arg h "$h" --arg m "$m" '.clusters[0].hosts[] | select(.name == $h) | .levels[$m]' "$TMP/out")
		case $want in yes) want=true ;; no) want=false ;; *) want=null ;; esac
		[ "$got" = "$want" ] || fail "evc: host $h model $m: tool says $got, domcapabilities says $want"
	done
done
jq -e '.clusters[0].ladder_baseline != null and .clusters[0].libvirt_baseline != null' "$TMP/out" >/dev/null ||
	fail "evc: no baseline"
pass "evc table matches each host's domcapabilities; baseline $(jq -r '.clusters[0].ladder_baseline' "$TMP/out"), libvirt's $(jq -r '.clusters[0].libvirt_baseline' "$TMP/out")"
tool evc lab
expect_rc 0
expect_out "^Cluster lab \(EVC auto\)"
expect_out "^  L0 +Conroe "
tool evc nosuch
expect_rc 2
expect_err "no cluster 'nosuch'"
pass "evc text output and an unknown cluster"

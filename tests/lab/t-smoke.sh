#!/bin/bash
# The lab works and the tool sees it: from the operator's namespace,
# virt-migrate opens a libvirt connection to each host over SSH after
# checking each host key with libssh, and lists pools, networks and VMs;
# a guest boots on each host and its heartbeat is seen.
. "$(dirname "$0")/testlib.sh"

# --- the tool's inventory, with the lab's own config (no -c) ---------------
tool hosts
expect_rc 0
for h in a b c; do
	fp=$(ssh-keygen -l -E sha256 -f "$LAB_ROOT/keys/host_$h.pub" | awk '{print $2}')
	expect_line "$h  reachable, host key $fp"
	pass "host $h reachable, its key $fp verified"
done
for h in a b c; do
	block=$(awk -v h="$h" '$1 == h {on = 1; print; next} /^[^ ]/ {on = 0} on' "$TMP/out")
	for p in local local2; do
		grep -qE " $p \(dir, local, active," <<<"$block" || fail "host $h: pool $p not listed as local and active"
	done
	grep -qE " shared \(dir, shared with [a-c] [a-c], active," <<<"$block" || fail "host $h: pool shared not listed as shared with the two other hosts"
	grep -qE " vmnet \(vmbr0, active\)" <<<"$block" || fail "host $h: network vmnet missing"
	if [ "$h" = c ]; then
		grep -q " dmz " <<<"$block" && fail "host c lists network dmz, which exists only on a and b"
	else
		grep -qE " dmz \(vmbr1, active\)" <<<"$block" || fail "host $h: network dmz missing"
	fi
	grep -qE "QEMU [0-9]+\.[0-9]+" <<<"$block" || fail "host $h: no QEMU version"
	pass "host $h: pools, networks and versions as the lab made them"
done
for hv in a:vm1 b:vm2 c:vm3; do
	h=${hv%%:*} v=${hv#*:}
	st=$(vm_state "$h" "$v")
	# the host's block, its lists wrapped to 80 columns over several rows
	awk -v h="$h" '$1 == h {on = 1; print; next} /^[^ ]/ {on = 0} on' "$TMP/out" |
		grep -qF " $v ($st)" || fail "$v on $h is not listed as $st"
done
pass "VMs listed with the states virsh gives"

tool --json hosts
expect_rc 0
jq -e '.hosts | length == 3 and all(.reachable)' "$TMP/out" >/dev/null || fail "JSON: not 3 reachable hosts"
jq -e '[.hosts[] | .pools[] | select(.name == "shared") | .shared] == [true, true, true]' "$TMP/out" >/dev/null ||
	fail "JSON: the shared pool is not shared on every host"
jq -e '.hosts[] | select(.name == "c") | .networks | map(.name) | index("dmz") == null' "$TMP/out" >/dev/null ||
	fail "JSON: c has dmz"
pass "hosts --json is valid JSON with the same facts"

tool vms
expect_rc 0
expect_out "^vm1  on a, running"
expect_out "disk vda $LAB_ROOT/shared/vm1.qcow2 pool shared format qcow2"
expect_out "^vm2  on b, (running|shut off)"
expect_out "disk vda /var/lib/libvirt/images/vm2.qcow2 pool local format qcow2"
pass "vms lists disks with their pools"

# --- host keys are checked by the tool with libssh ------------------------------
# A config whose known_hosts file holds a wrong key for b and nothing for c.
cfg=$LAB_ROOT/op/config/virt-migrate/config.ini
kh=$TMP/known_hosts
grep -E '^a,' "$LAB_ROOT/keys/known_hosts" >"$kh"
printf 'b,%s %s\n' "$(lab_ip b)" "$(cut -d' ' -f1,2 "$LAB_ROOT/keys/host_c.pub")" >>"$kh"
sed "s|^known_hosts = .*|known_hosts = $kh|" "$cfg" >"$TMP/cfg.ini"
tool -c "$TMP/cfg.ini" hosts
expect_rc 1
expect_out "^a  reachable"
expect_out "^b  unreachable"
expect_out "^c  unreachable"
grep -A2 '^b  unreachable' "$TMP/out" >"$TMP/b" || true
contains "$TMP/b" "not the key recorded for it" || fail "b's wrong key is not reported as changed"
grep -A2 '^c  unreachable' "$TMP/out" >"$TMP/c" || true
contains "$TMP/c" "refusing to connect to an unknown host" || fail "c's missing key is not reported as unknown"
pass "a changed key (b) and an unknown key (c) are refused; a is unaffected"

tool -c "$TMP/cfg.ini" --accept-new-host-keys hosts
expect_rc 1
expect_out "^c  reachable"
expect_out "^b  unreachable"
grep -qF -- "$(cut -d' ' -f2 "$LAB_ROOT/keys/host_c.pub")" "$kh" || fail "c's key was not recorded in $kh"
pass "--accept-new-host-keys records c's key; b's changed key is still refused"

# --- a guest boots on each host ---------------------------------------------------
for hv in a:vm1 b:vm2 c:vm3; do
	h=${hv%%:*} v=${hv#*:}
	ensure_running "$h" "$v"
	n=$(last_hb "$h" "$v")
	wait_serial "$h" "$v" "^HB $((n + 2))" 90
	# a guest that booted here says how it found its disk; one that came by
	# migration (an earlier test) has no boot lines in this host's log
	if contains "$(serial_log "$h" "$v")" 'VMLAB INIT'; then
		contains "$(serial_log "$h" "$v")" 'VMLAB PATTERN (written|ok)' || fail "$v on $h: no disk pattern line"
	fi
	pass "$v boots on $h and beats (last heartbeat HB $(last_hb "$h" "$v"))"
done

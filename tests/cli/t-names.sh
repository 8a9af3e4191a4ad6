# tests/cli/t-names.sh — sourced by tests/cli/run: a name the operator typed
# that names nothing (VM, host, datastore, network, disk, cluster) is a usage
# error, exit 2, for check, move (--dry-run too) and replay, with the closest
# names the inventory holds ("Did you mean 'vm1'?") and the way to list them;
# --json says exit 2 in its envelope.  Two libvirt test:/// hosts: kvm1 holds
# vm1 (disk vda in pool local, NIC on vmnet); kvm2 has the pools local and
# fast and the networks default and vmnet.

N=$T/names
mkdir -p "$N"
names_host() {	# NAME POOL2 POOL2-PATH VM-XML
	cat <<EOF
<?xml version="1.0"?>
<node>
  <cpu><mhz>2400</mhz><model>names-cpu</model><active>4</active><nodes>1</nodes>
    <sockets>1</sockets><cores>2</cores><threads>2</threads></cpu>
  <memory>16777216</memory>
  <pool type="dir">
    <name>local</name>
    <uuid>$(printf '%s' "$1" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')</uuid>
    <target><path>/srv/$1-local</path></target>
    <volume type="file">
      <name>vm1.qcow2</name>
      <key>/srv/$1-local/vm1.qcow2</key>
      <capacity unit="GiB">8</capacity>
      <allocation unit="MiB">512</allocation>
      <target><path>/srv/$1-local/vm1.qcow2</path><format type="qcow2"/></target>
    </volume>
  </pool>
  <pool type="dir">
    <name>$2</name>
    <uuid>$(printf '%s' "$2$1" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')</uuid>
    <target><path>$3</path></target>
  </pool>
  <network><name>default</name><uuid>$(printf 'default%s' "$1" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')</uuid><bridge name="virbr0"/></network>
  <network><name>vmnet</name><uuid>$(printf 'vmnet%s' "$1" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')</uuid><bridge name="virbr1"/></network>
$4
</node>
EOF
}
VM1_XML='  <domain type="test">
    <name>vm1</name>
    <uuid>33333333-2222-3333-4444-000000000001</uuid>
    <memory unit="MiB">256</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type="file" device="disk">
        <driver name="qemu" type="qcow2"/>
        <source file="/srv/kvm1-local/vm1.qcow2"/>
        <target dev="vda" bus="virtio"/>
      </disk>
      <interface type="network">
        <mac address="52:54:00:00:03:01"/>
        <source network="vmnet"/>
      </interface>
    </devices>
  </domain>'
names_host kvm1 shared /srv/kvm1-shared "$VM1_XML" >"$N/kvm1.xml"
names_host kvm2 fast /srv/kvm2-fast "" >"$N/kvm2.xml"
printf '[cluster lab]\n[host kvm1]\nuri = test://%s/kvm1.xml\ncluster = lab\n[host kvm2]\nuri = test://%s/kvm2.xml\ncluster = lab\n' \
	"$N" "$N" >"$N/hosts.ini"
printf '[host kvm1]\nuri = test://%s/kvm1.xml\n[host down]\naddress = 127.0.0.1\nssh_port = 1\n' "$N" >"$N/down.ini"

# the names right: findings (exit 1 here: the test driver has no SSH for the
# link), never a suggestion
case_ names-right-check 1 "^Verdict: 0 of 1 host can take it" -- -c "$N/hosts.ini" check vm1 --host kvm2 \
	--datastore fast --network vmnet=default
out=$(env HOME="$T/home" XDG_STATE_HOME="$T/state" "$TOOL" -c "$N/hosts.ini" check vm1 --host kvm2 \
	--datastore fast --network vmnet=default 2>&1)
if grep -qE "Did you mean|-unknown|net\.unknown|datastore-missing" <<<"$out"; then
	echo "FAIL names-right-no-suggestion: $out"; failed=$((failed + 1))
else
	echo "ok   names-right-no-suggestion"; passed=$((passed + 1))
fi

# --- a VM ---
case_ names-vm-check 2 "^virt-migrate: check: VM 'vm11' is on no host of the inventory; every host was read\. Did you mean 'vm1'\? Check the name with 'virt-migrate vms'" \
	-- -c "$N/hosts.ini" check vm11 --host kvm2
case_ names-vm-check-finding 2 "error +plan\.vm-unknown +VM 'vm11'" -- -c "$N/hosts.ini" check vm11 --host kvm2
case_ names-vm-check-any-host 2 "Did you mean 'vm1'\?" -- -c "$N/hosts.ini" check vm11
case_ names-vm-move 2 "^virt-migrate: move: VM 'vm11' is on no host .* Did you mean 'vm1'\?" \
	-- -c "$N/hosts.ini" move vm11 --host kvm2 --dry-run
case_ names-vm-move-nothing-done 2 "^virt-migrate: 1 error: VM 'vm11' was not moved; nothing was done\.$" \
	-- -c "$N/hosts.ini" move vm11 --host kvm2 --dry-run
case_ names-vm-case 2 "Did you mean 'vm1'\?" -- -c "$N/hosts.ini" check VM1 --host kvm2
# nothing close: no suggestion, still how to list them
out=$(env HOME="$T/home" XDG_STATE_HOME="$T/state" "$TOOL" -c "$N/hosts.ini" check database --host kvm2 2>&1)
rc=$?
if [ "$rc" = 2 ] && ! grep -q "Did you mean" <<<"$out" &&
	grep -q "^virt-migrate: check: VM 'database' is on no host .* Check the name with 'virt-migrate vms'" <<<"$out"; then
	echo "ok   names-vm-nothing-close"; passed=$((passed + 1))
else
	echo "FAIL names-vm-nothing-close: exit $rc: $out"; failed=$((failed + 1))
fi
# a host that could not be read may hold it: a finding (exit 1), not a name
# that names nothing; the reachable hosts' names are still offered
case_ names-vm-unseen 1 "plan\.vm-unseen +VM 'vm11' .*" -- -c "$N/down.ini" check vm11 --host kvm1
# (COLUMNS: the whole hint on one row, as a wider terminal shows it)
COLUMNS=200 case_ names-vm-unseen-hint 1 "hint: Did you mean 'vm1'\? .*host down could not be read" \
	-- -c "$N/down.ini" check vm11 --host kvm1

# --- a host ---
case_ names-host-check 2 "^virt-migrate: check: Target host 'kvm3' of the plan for VM 'vm1' is not in the inventory\. Did you mean 'kvm1' or 'kvm2'\? Choose a configured host \('virt-migrate hosts' lists them\)" \
	-- -c "$N/hosts.ini" check vm1 --host kvm3
case_ names-host-move 2 "^virt-migrate: move: Target host 'kmv2' .* Did you mean 'kvm2'" \
	-- -c "$N/hosts.ini" move vm1 --host kmv2 --dry-run

# --- a datastore (a pool of the target) ---
case_ names-datastore-check 2 "^virt-migrate: check: Host kvm2 has no datastore \(storage pool\) 'fsat' .* Did you mean 'fast'\? Choose one of host kvm2's datastores with --datastore: (fast, local|local, fast)\.$" \
	-- -c "$N/hosts.ini" check vm1 --host kvm2 --datastore fsat
case_ names-datastore-move 2 "^virt-migrate: move: Host kvm2 has no datastore .*'fsat'.* Did you mean 'fast'\?" \
	-- -c "$N/hosts.ini" move vm1 --host kvm2 --datastore fsat --dry-run
# storage only: the VM's own host's pools (kvm1 has shared, kvm2's fast is not offered)
case_ names-datastore-storage 2 "Host kvm1 has no datastore .*'sahred'.* Did you mean 'shared'\?" \
	-- -c "$N/hosts.ini" move vm1 --datastore sahred --dry-run
case_ names-disk-datastore 2 "'lcoal'.* Did you mean 'local'\?" \
	-- -c "$N/hosts.ini" check vm1 --host kvm2 --disk vda=lcoal

# --- a network: mapped to one the target lacks, or from one the VM is not on ---
case_ names-network-to-check 2 "^virt-migrate: check: NIC 52:54:00:00:03:01 of VM 'vm1' needs network 'vmnte' \(mapped from 'vmnet'\), which host kvm2 does not have\. Did you mean 'vmnet'\? Map it with --network vmnet=TO to one of host kvm2's networks: default, vmnet\.$" \
	-- -c "$N/hosts.ini" check vm1 --host kvm2 --network vmnet=vmnte
case_ names-network-to-move 2 "error: net\.unknown: .*Did you mean 'vmnet'\?" \
	-- -c "$N/hosts.ini" move vm1 --host kvm2 --network vmnet=vmnte --dry-run
case_ names-network-from 2 "^virt-migrate: check: The plan maps network 'vmnte' to 'default', but no NIC of VM 'vm1' is on network 'vmnte'\. Did you mean 'vmnet'\?" \
	-- -c "$N/hosts.ini" check vm1 --host kvm2 --network vmnte=default

# --- a disk ---
case_ names-disk 2 "^virt-migrate: check: The plan configures disk vdb, but VM 'vm1' has no such disk\. Did you mean 'vda'\? Name one of its disks: vda\.$" \
	-- -c "$N/hosts.ini" check vm1 --host kvm2 --disk vdb=fast

# --- a cluster (evc): the same class, already a usage error ---
case_ names-cluster 2 "^virt-migrate: evc: no cluster 'lba' in $N/hosts.ini; the clusters are: lab; did you mean 'lab'\?$" \
	-- -c "$N/hosts.ini" evc lba

# --- replay: an answers file naming a VM or a host that names nothing ---
printf '[migration ok]\nvm = vm1\nhost = kvm2\n\n[migration typo]\nvm = vm11\nhost = kvm2\n' >"$N/vm.ini"
printf '[migration typo]\nvm = vm1\nhost = kvm3\n' >"$N/host.ini"
printf '[migration typo]\nvm = vm1\nkind = storage\ndatastore = sahred\n' >"$N/ds.ini"
chmod 600 "$N"/*.ini
case_ names-replay-vm 2 "^virt-migrate: replay: \[typo\] VM 'vm11' is on no host .* Did you mean 'vm1'\?" \
	-- -c "$N/hosts.ini" replay "$N/vm.ini" --dry-run
case_ names-replay-vm-section 2 "^\[typo\] error: plan\.vm-unknown: VM 'vm11'" \
	-- -c "$N/hosts.ini" replay "$N/vm.ini" --dry-run
case_ names-replay-vm-refused 2 "^refused: [0-9]+ errors? \(.* of 2 migrations\); nothing was done\.$" \
	-- -c "$N/hosts.ini" replay "$N/vm.ini" --yes
case_ names-replay-host 2 "^virt-migrate: replay: \[typo\] Target host 'kvm3' .* Did you mean 'kvm1' or 'kvm2'\?" \
	-- -c "$N/hosts.ini" replay "$N/host.ini" --dry-run
case_ names-replay-datastore 2 "Did you mean 'shared'\?" -- -c "$N/hosts.ini" replay "$N/ds.ini" --dry-run

# --- --json: exit 2 in the envelope, the error is the name's finding ---
names_json() {	# NAME COMMAND ASSERTION... -- ARGS
	local name=$1 cmd=$2 out rc problems
	shift 2
	local asserts=()
	while [ "$1" != -- ]; do asserts+=("$1"); shift; done
	shift
	out=$(env HOME="$T/home" XDG_CONFIG_HOME= XDG_STATE_HOME="$T/state" timeout 60 "$TOOL" "$@" \
		2>/dev/null </dev/null)
	rc=$?
	if [ "$rc" -ne 2 ]; then
		echo "FAIL $name: exit $rc (want 2): $out"; failed=$((failed + 1))
	elif ! problems=$(printf '%s\n' "$out" | tests/cli/json-check "$cmd" 2 "${asserts[@]}"); then
		echo "FAIL $name:"; printf '%s\n' "$problems" | sed 's/^/     /'; failed=$((failed + 1))
	else
		echo "ok   $name"; passed=$((passed + 1))
	fi
}
names_json names-json-check-vm check 'exit=2' 'ok=false' 'movable=false' "error.message~^VM 'vm11'" \
	"error.hint~^Did you mean 'vm1'\\?" 'hosts.0.findings.0.code~^plan\.vm-unknown$' \
	-- -c "$N/hosts.ini" --json check vm11 --host kvm2
names_json names-json-move-vm move 'exit=2' 'outcome="refused"' 'dry_run=true' "error.hint~^Did you mean 'vm1'\\?" \
	-- -c "$N/hosts.ini" --json move vm11 --host kvm2 --dry-run
names_json names-json-check-host check 'exit=2' "error.hint~^Did you mean 'kvm1' or 'kvm2'\\?" \
	-- -c "$N/hosts.ini" --json check vm1 --host kvm3
names_json names-json-move-datastore move 'exit=2' 'finding=storage.datastore-missing' \
	"error.hint~^Did you mean 'fast'\\?" -- -c "$N/hosts.ini" --json move vm1 --host kvm2 --datastore fsat --dry-run
names_json names-json-check-network check 'exit=2' "error.message~needs network 'vmnte'" \
	"error.hint~^Did you mean 'vmnet'\\?" -- -c "$N/hosts.ini" --json check vm1 --host kvm2 --network vmnet=vmnte
names_json names-json-replay-vm replay 'exit=2' 'outcome="refused"' "error.message~^\\[typo\\] VM 'vm11'" \
	"error.hint~^Did you mean 'vm1'\\?" -- -c "$N/hosts.ini" --json replay "$N/vm.ini" --dry-run
names_json names-json-evc-cluster evc 'exit=2' "error.message~did you mean 'lab'" \
	-- -c "$N/hosts.ini" --json evc lba

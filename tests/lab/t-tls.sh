#!/bin/bash
# Encrypted vMotion, proved on the wire.  Hosts a and b have the lab CA's
# certificates (lab-up), c has none.  The lab guest keeps a known marker in
# its memory (guest/init); a packet capture on the lab bridge during each
# move says whether guest data crossed in clear:
#   - vMotion a -> b, --encrypt disabled: the marker is on the wire;
#   - vMotion b -> a, default (opportunistic, both set up): TLS, no marker;
#   - shared-nothing a -> b under TLS: neither the memory marker nor a
#     sample of the disk's own data is on the wire; back in clear, both are;
#   - a -> c with --encrypt required: refused before anything starts;
#     opportunistic: moved in clear, with the warning naming c.
. "$(dirname "$0")/testlib.sh"

MARKER=VMLAB-MEMORY-MARKER-3c1f
CAP_PID=
cleanup() {
	[ -z "$CAP_PID" ] || kill "$CAP_PID" 2>/dev/null || true
	for h in a b c; do
		for v in vmtls vmtls2; do
			lab_enter "$h" virsh -q destroy "$v" >/dev/null 2>&1 || true
			lab_enter "$h" virsh -q undefine "$v" --remove-all-storage >/dev/null 2>&1 || true
		done
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared vmtls.qcow2 >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

# Capture every TCP packet on the lab bridge into $TMP/NAME.pcap.
cap_start() {	# NAME
	rm -f "$TMP/$1.pcap" "$TMP/$1.cap-err"
	ip netns exec "$LAB_PREFIX-net" tcpdump -i br0 -s 0 -U -n -w "$TMP/$1.pcap" tcp \
		2>"$TMP/$1.cap-err" &
	CAP_PID=$!
	lab_wait 10 contains "$TMP/$1.cap-err" "listening on" ||
		fail "tcpdump did not start: $(cat "$TMP/$1.cap-err")"
}

cap_stop() {
	sleep 0.5
	kill "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" 2>/dev/null || true
	CAP_PID=
}

# How many times the bytes of file NEEDLE occur in capture NAME.
count_in() {	# NAME NEEDLE-FILE
	perl -e 'local $/; open(my $n, "<", $ARGV[0]) or die; my $needle = <$n>;
		open(my $h, "<", $ARGV[1]) or die; my $hay = <$h>; my ($c, $p) = (0, 0);
		while (($p = index($hay, $needle, $p)) >= 0) { $c++; $p += length($needle); }
		print "$c\n"' "$2" "$TMP/$1.pcap"
}

# The capture holds the move: at least MIB MiB crossed the bridge.
expect_big() {	# NAME MIB
	local size
	size=$(stat -c %s "$TMP/$1.pcap")
	[ "$size" -ge $(($2 * 1048576)) ] ||
		fail "capture $1 holds only $size bytes: the move did not cross the bridge?"
	echo "  capture $1: $((size / 1048576)) MiB"
}

# stdout or stderr (progress and a move's findings go to stderr)
expect_said() { contains "$TMP/out" "$1" || contains "$TMP/err" "$1" || fail "the tool did not say /$1/"; }

printf '%s' "$MARKER" >"$TMP/marker"

# --- vMotion: clear when disabled, TLS when both hosts are set up ------------------
"$LAB_SRC/guest-define" a vmtls shared vmnet
# the guest of the shared-nothing part below boots now, beside vmtls (it has
# no address: nothing of it crosses the bridge before its own move)
"$LAB_SRC/guest-define" a vmtls2 local vmnet
lab_enter a virsh -q start vmtls2 >/dev/null
ensure_running a vmtls
wait_serial a vmtls 'VMLAB READY' 60

cap_start clear
tool move vmtls --host b --encrypt disabled
cap_stop
expect_rc 0
expect_said "not encrypted: encryption is disabled"
[ "$(vm_state b vmtls)" = running ] && [ "$(vm_state a vmtls)" = absent ] || fail "vmtls not on b only"
expect_big clear 20
n=$(count_in clear "$TMP/marker")
[ "$n" -gt 0 ] || fail "the memory marker is not in the capture of a move in clear: the test cannot see guest memory"
pass "vMotion with --encrypt disabled: the guest's memory marker crossed in clear ($n times)"

cap_start tls
tool check vmtls --host a
expect_out "tls.encrypted"
tool move vmtls --host a
cap_stop
expect_rc 0
expect_said "memory encrypted with TLS"
[ "$(vm_state a vmtls)" = running ] && [ "$(vm_state b vmtls)" = absent ] || fail "vmtls not on a only"
expect_big tls 20
n=$(count_in tls "$TMP/marker")
[ "$n" -eq 0 ] || fail "the memory marker crossed in clear $n times during a TLS move"
before=$(last_hb a vmtls)
lab_wait 20 contains "$(serial_log a vmtls)" "^HB $((before + 1))\b" || fail "vmtls does not beat on a after the TLS move"
pass "vMotion under TLS (opportunistic, a and b set up): no marker on the wire, vmtls beats on a"

# --- c has no certificates: required refuses, opportunistic warns ---------------------
tool move vmtls --host c --encrypt required
[ "$rc" -ne 0 ] || fail "a required-encryption move to c (no TLS) was not refused"
expect_said "tls.required"
expect_said "host 'c' is not set up for TLS migration"
[ "$(vm_state a vmtls)" = running ] && [ "$(vm_state c vmtls)" = absent ] || fail "vmtls is not on a only after the refusal"
pass "--encrypt required to c (no certificates): refused before start, vmtls runs on a only"

tool check vmtls --host c
expect_out "tls.clear"
expect_out "host 'c' is not set up for TLS migration \(/etc/pki/qemu lacks ca-cert.pem"
pass "opportunistic to c: the check warns, naming c and what it lacks"

# --- shared-nothing: memory and disk under TLS, then in clear -----------------------
ensure_running a vmtls2
wait_serial a vmtls2 'VMLAB READY' 60
img=$LAB_ROOT/hosts/a/var-lib-libvirt/images/vmtls2.qcow2
# 16 samples of 64 bytes of the disk's own data (the guest's pattern, from
# 1 MiB in, 256 KiB apart): the disk crosses the wire once, and one sample
# may straddle two packets of the capture; 16 of them cannot all do so
qemu-img convert -U -O raw "$img" "$TMP/disk.raw"
for k in $(seq 0 15); do
	dd if="$TMP/disk.raw" of="$TMP/disk-sample.$k" bs=64 skip=$((16384 + k * 4096)) count=1 \
		status=none
	[ "$(tr -d '\0' <"$TMP/disk-sample.$k" | wc -c)" -gt 32 ] || fail "disk sample $k is mostly zeros"
done
rm -f "$TMP/disk.raw"

# How many of the disk samples occur in capture NAME.
disk_seen() {	# NAME
	local k seen=0
	for k in $(seq 0 15); do
		[ "$(count_in "$1" "$TMP/disk-sample.$k")" -eq 0 ] || seen=$((seen + 1))
	done
	echo "$seen"
}

cap_start both-tls
tool move vmtls2 --kind both --host b --datastore local
cap_stop
expect_rc 0
expect_said "memory and disks encrypted with TLS"
[ "$(vm_state b vmtls2)" = running ] && [ "$(vm_state a vmtls2)" = absent ] || fail "vmtls2 not on b only"
expect_big both-tls 20
n=$(count_in both-tls "$TMP/marker")
d=$(disk_seen both-tls)
[ "$n" -eq 0 ] && [ "$d" -eq 0 ] || fail "shared-nothing under TLS: marker $n times, $d of 16 disk samples in clear"
pass "shared-nothing under TLS: neither memory nor disk data crossed in clear"

cap_start both-clear
tool move vmtls2 --kind both --host a --datastore local --encrypt disabled
cap_stop
expect_rc 0
[ "$(vm_state a vmtls2)" = running ] && [ "$(vm_state b vmtls2)" = absent ] || fail "vmtls2 not on a only"
n=$(count_in both-clear "$TMP/marker")
d=$(disk_seen both-clear)
[ "$n" -gt 0 ] && [ "$d" -gt 0 ] || fail "shared-nothing in clear: marker $n times, $d of 16 disk samples (want both seen)"
pass "shared-nothing with --encrypt disabled: memory ($n times) and disk ($d of 16 samples) data seen on the wire"

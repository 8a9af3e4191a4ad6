#!/bin/bash
# Two NICs swapped in one move: net-swap, running on a with its disk on the
# shared datastore, its first NIC on vmnet and its second on dmz, moves live
# to b with --network vmnet=dmz --network dmz=vmnet.  The mapping is one
# simultaneous map (applied one rule after the other, it put both NICs on
# vmnet): check shows the final NIC table and finds nothing missing; a chain
# ending on a network b lacks is refused on that final network; move
# --dry-run shows the same table; after the move, b's live and persistent
# definitions have the first MAC on dmz and the second on vmnet, each NIC
# on its network's bridge, and the guest still beats.
. "$(dirname "$0")/testlib.sh"
G=net-swap
forget() {
	local h
	for h in a b; do
		lab_enter "$h" virsh -q destroy $G >/dev/null 2>&1 || true
		lab_enter "$h" virsh -q undefine $G >/dev/null 2>&1 || true
		lab_enter "$h" rm -f /var/log/libvirt/qemu/$G-serial.log
	done
	lab_enter a virsh -q pool-refresh shared >/dev/null 2>&1 || true
	lab_enter a virsh -q vol-delete --pool shared $G.qcow2 >/dev/null 2>&1 || true
}
trap 'forget; rm -rf "$TMP"' EXIT

# "MAC NETWORK BRIDGE" for each NIC of VM on HOST, in the order of its
# definition: the live one, or the persistent one with --inactive ("-" for
# what the XML does not say).
nics_of() {	# HOST VM [--inactive]
	lab_enter "$1" virsh dumpxml ${3:+"$3"} "$2" >"$TMP/dom.xml"
	awk '
		/<interface[ >]/ { mac = "-"; net = "-"; br = "-" }
		/<mac address=/ { s = $0; sub(/.*<mac address=./, "", s); sub(/[^0-9a-fA-F:].*/, "", s); mac = s }
		/<source [^>]*network=/ {
			s = $0; sub(/.*network=./, "", s); sub(/[^A-Za-z0-9._-].*/, "", s); net = s
			if ($0 ~ /bridge=/) { s = $0; sub(/.*bridge=./, "", s); sub(/[^A-Za-z0-9._-].*/, "", s); br = s }
		}
		/<\/interface>/ { print mac, net, br }' "$TMP/dom.xml"
}

forget
"$LAB_SRC/guest-define" a $G shared vmnet,dmz
nics_of a $G --inactive >"$TMP/nics.a"
[ "$(wc -l <"$TMP/nics.a")" -eq 2 ] || fail "$G on a does not have two NICs: $(cat "$TMP/nics.a")"
read -r MAC1 NET1 _ < <(sed -n 1p "$TMP/nics.a")
read -r MAC2 NET2 _ < <(sed -n 2p "$TMP/nics.a")
[ "$NET1" = vmnet ] && [ "$NET2" = dmz ] && [ "$MAC1" != "$MAC2" ] ||
	fail "$G on a: want the first NIC on vmnet, the second on dmz: $(tr '\n' '|' <"$TMP/nics.a")"
echo "  $G: NIC 1 $MAC1 on vmnet, NIC 2 $MAC2 on dmz"
ensure_running a $G
[ "$(vm_state b $G)" = absent ] || fail "$G is defined on b before the test"

# --- the checks evaluate the final table -------------------------------------------------
tool check $G --host b --network vmnet=dmz --network dmz=vmnet
expect_rc 0
expect_out "net\.map +NIC 1 \($MAC1\) of VM '$G': network 'vmnet' -> 'dmz' on host b\."
expect_out "net\.map +NIC 2 \($MAC2\) of VM '$G': network 'dmz' -> 'vmnet' on host b\."
contains "$TMP/out" "net\.(missing|inactive)" && fail "a network is said to be missing for the swap"
pass "check: the swap's final table (NIC 1 vmnet -> dmz, NIC 2 dmz -> vmnet), nothing missing"

# a chain: vmnet goes to dmz (which b has), dmz goes on to nowhere (which b lacks)
tool check $G --host b --network vmnet=dmz --network dmz=nowhere
expect_rc 2	# a network the operator named that b does not have: a name that names nothing
expect_out "net\.unknown +NIC $MAC2 of VM '$G' needs network 'nowhere' \(mapped from 'dmz'\)"
[ "$(grep -cE "net\.(unknown|missing)" "$TMP/out")" -eq 1 ] || fail "net.unknown not once (for NIC 2 only)"
expect_out "net\.map +NIC 1 \($MAC1\) of VM '$G': network 'vmnet' -> 'dmz' on host b\."
pass "check: a chain is checked on its final networks: only NIC 2 (-> nowhere) is refused"

# --- move --dry-run shows the same table -------------------------------------------------
tool move $G --host b --network vmnet=dmz --network dmz=vmnet --dry-run
expect_rc 0
expect_out "^  NIC 1  $MAC1  vmnet -> dmz$"
expect_out "^  NIC 2  $MAC2  dmz -> vmnet$"
[ "$(vm_state a $G)" = running ] && [ "$(vm_state b $G)" = absent ] || fail "the dry run moved $G"
pass "move --dry-run: the final NIC table, nothing moved"

# --- the move --------------------------------------------------------------------------
tool move $G --host b --network vmnet=dmz --network dmz=vmnet
expect_rc 0
expect_out "^done: $G runs on b \(persistent\)"
[ "$(vm_state b $G)" = running ] || fail "$G is not running on b: $(vm_state b $G)"
[ "$(vm_state a $G)" = absent ] || fail "$G is still defined on a: $(vm_state a $G)"

nics_of b $G >"$TMP/live"
nics_of b $G --inactive >"$TMP/saved"
sed 's/^/  live:       /' "$TMP/live"
sed 's/^/  persistent: /' "$TMP/saved"
cut -d' ' -f1,2 "$TMP/live" >"$TMP/live.net"
cut -d' ' -f1,2 "$TMP/saved" >"$TMP/saved.net"
printf '%s dmz\n%s vmnet\n' "$MAC1" "$MAC2" >"$TMP/want"
cmp -s "$TMP/want" "$TMP/live.net" ||
	fail "live XML on b: want $MAC1 on dmz and $MAC2 on vmnet, got: $(tr '\n' '|' <"$TMP/live")"
cmp -s "$TMP/want" "$TMP/saved.net" ||
	fail "persistent XML on b: want $MAC1 on dmz and $MAC2 on vmnet, got: $(tr '\n' '|' <"$TMP/saved")"
# the running NICs are plugged into their new networks' bridges (dmz: vmbr1, vmnet: vmbr0)
printf '%s dmz vmbr1\n%s vmnet vmbr0\n' "$MAC1" "$MAC2" >"$TMP/want.br"
cmp -s "$TMP/want.br" "$TMP/live" ||
	fail "live XML on b: a NIC is not on its network's bridge: $(tr '\n' '|' <"$TMP/live")"
wait_serial b $G '^HB [0-9]+' 30
n=$(last_hb b $G)
wait_serial b $G "^HB $((n + 2))" 30
pass "$G a -> b live with vmnet and dmz swapped: on b, $MAC1 is on dmz and $MAC2 on vmnet (live and persistent), still beating (HB $((n + 2)))"

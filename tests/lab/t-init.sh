#!/bin/bash
# Start from nothing: the operator has an SSH key and an ~/.ssh/config in
# which host b is the alias kvm-b on port 2200, no known_hosts and no
# config.  `init a kvm-b` shows the unknown host keys and asks (on a
# terminal) or refuses (without one, unless --accept-new-host-keys), writes
# nothing until every host was read, then writes a commented config with
# the cluster's EVC baseline; with it `hosts` reads both hosts -- the
# tool's libssh session and libvirt's OpenSSH alike through the alias -- and
# a dry-run move to kvm-b passes its checks.
. "$(dirname "$0")/testlib.sh"

H=$LAB_ROOT/op/init-home	# visible in the operator namespace
CFG=$H/config/virt-migrate/config.ini
rm -rf "$H"
mkdir -p "$H/ssh" "$H/config"
chmod 700 "$H/ssh"
cp "$LAB_ROOT/keys/id_ed25519" "$H/ssh/"
cat >"$H/ssh/config" <<EOF
Host kvm-b
    HostName b
    Port 2200
Host *
    User root
    IdentityFile /root/.ssh/id_ed25519
    StrictHostKeyChecking yes
EOF
trap 'rm -rf "$H" "$TMP"' EXIT

# The tool in the operator namespace, with this test's ~/.ssh (bound over
# /root/.ssh for it alone) and an empty config directory.  With TTY=1 it runs
# under script(1), a terminal, its input from $TMP/in.
itool() {
	local wrap=(sh -c 'mount --bind "$0" /root/.ssh && exec "$@"' "$H/ssh")
	set +e
	if [ "${TTY:-0}" = 1 ]; then
		lab_enter op env XDG_CONFIG_HOME="$H/config" unshare --mount --propagation private -- \
			"${wrap[@]}" script -qec "$(printf '%q ' "$VM_TOOL" "$@")" /dev/null \
			<"$TMP/in" >"$TMP/out" 2>"$TMP/err"
	else
		lab_enter op env XDG_CONFIG_HOME="$H/config" unshare --mount --propagation private -- \
			"${wrap[@]}" timeout -k 5 120 "$VM_TOOL" "$@" >"$TMP/out" 2>"$TMP/err"
	fi
	rc=$?
	set -e
	echo "\$ virt-migrate $* -> exit $rc"
	sed 's/^/  | /' "$TMP/out"
	sed 's/^/  ! /' "$TMP/err"
}

key_of() {	# HOST: the SHA256 fingerprint of the lab host's key, as a regex
	ssh-keygen -lf "$LAB_ROOT/keys/host_$1.pub" | awk '{print $2}' | sed 's/[+.]/\\&/g'
}
fp_a=$(key_of a) fp_b=$(key_of b)

itool hosts
expect_rc 2
expect_err "no configuration file.*virt-migrate init HOST"
pass "no config: the message names init"

# --- no terminal, keys unknown: refused, nothing written -------------------------------
itool init a kvm-b
expect_rc 1
expect_err "Host 'a' .*offered the host key $fp_a"
expect_err "Host 'kvm-b' \(kvm-b port 2200\) offered the host key $fp_b"
expect_err "nothing was written"
[ ! -e "$CFG" ] || fail "a config was written although no host was read"
[ ! -s "$H/ssh/known_hosts" ] || fail "a key was recorded without being accepted"
pass "unknown keys without a terminal: both fingerprints shown, exit 1, nothing written"

# --- on a terminal: a accepted, kvm-b refused -> a's key recorded, nothing written ---
printf 'y\nn\n' >"$TMP/in"
TTY=1 itool init a kvm-b
expect_out "Host 'a' is not in your known_hosts"
expect_out "$fp_a"
expect_out "Trust this key and record it\? \[y/N\]"
contains "$TMP/out" "Host 'kvm-b' is not in your known_hosts" || fail "kvm-b's key was not asked about"
[ ! -e "$CFG" ] || fail "a config was written although kvm-b was refused"
grep -q "^a " "$H/ssh/known_hosts" || fail "a's accepted key is not in known_hosts"
if grep -q "^\[b\]:2200 " "$H/ssh/known_hosts"; then fail "kvm-b's refused key was recorded"; fi
pass "terminal: the accepted key recorded, the refused one not; nothing written"

# --- accepted: the config is written ---------------------------------------------
itool --accept-new-host-keys init a kvm-b
expect_rc 0
expect_out "^Wrote $CFG: cluster main, EVC baseline "
[ -f "$CFG" ] || fail "no config at $CFG"
[ "$(stat -c %a "$CFG")" = 600 ] || fail "$CFG is mode $(stat -c %a "$CFG"), not 600"
grep -q "^\[cluster main\]$" "$CFG" && grep -q "^hosts = a kvm-b$" "$CFG" || fail "no cluster of a and kvm-b"
evc=$(sed -n 's/^evc = //p' "$CFG")
# Whether a baseline can be pinned depends on the machine: with nothing
# configured the hosts' domain type is kvm where /dev/kvm works (then the CPU
# models KVM exposes count; some machines expose only pentium-class ones),
# else qemu (TCG).  The oracle, read apart from the tool: a level of the
# ladder of this machine's CPU vendor usable in host a's domain capabilities
# (a and b are this one machine).
dtype=qemu
if lab_enter a virsh domcapabilities --virttype kvm >/dev/null 2>&1; then dtype=kvm; fi
lab_enter a virsh domcapabilities --virttype "$dtype" >"$TMP/domcaps"
case $(grep -m 1 '^vendor_id' /proc/cpuinfo) in
*Intel*) vendor=Intel ladder='Conroe|Penryn|Nehalem|Westmere|SandyBridge|IvyBridge|Haswell|Broadwell|Skylake-Server' ;;
*AMD*) vendor=AMD ladder='Opteron_G1|Opteron_G2|Opteron_G3|Opteron_G4|Opteron_G5|EPYC|EPYC-Rome' ;;
*) vendor=other ladder='^$' ;;
esac
if grep -qE "usable='yes'[^>]*>($ladder)<" "$TMP/domcaps"; then
	[ -n "$evc" ] && [ "$evc" != auto ] ||
		fail "no pinned EVC baseline: evc = '$evc' (levels of the $vendor ladder are usable under $dtype)"
else
	[ "$evc" = auto ] || fail "evc = '$evc', though no level of the $vendor ladder is usable under $dtype"
	expect_err "No EVC level of the $vendor ladder is usable on every host of cluster 'main'"
	echo "  no $vendor EVC level usable under $dtype on this machine: evc = auto, with the warning"
fi
grep -q "^\[host kvm-b\]$" "$CFG" || fail "no [host kvm-b]"
if grep -qE "^(address|ssh_port|ssh_user) " "$CFG"; then fail "the config overrides ~/.ssh/config"; fi
grep -q "^\[b\]:2200 " "$H/ssh/known_hosts" || fail "kvm-b's key was not recorded as [b]:2200"
sed 's/^/  config| /' "$CFG"
pass "written: $CFG (0600), cluster main with EVC $evc, hosts reached as ~/.ssh/config says"

# --- the written config works, through the alias, for both legs -----------------------
itool hosts
expect_rc 0
expect_out "^kvm-b "
if contains "$TMP/out" "unreachable"; then fail "a host is unreachable with the written config"; fi
itool move vm1 --host kvm-b --dry-run --encrypt disabled
expect_rc 0
pass "hosts reads a and kvm-b (libvirt's ssh through the alias and port 2200); move --dry-run passes"

# --- a real move through the alias: the hosts reach each other at b, port 2200 ---------
itool move vm1 --host kvm-b --encrypt disabled
expect_rc 0
expect_out "^done: vm1 runs on kvm-b"
[ "$(vm_state b vm1)" = running ] && [ "$(vm_state a vm1)" = absent ] || fail "vm1 not on b only"
n=$(last_hb b vm1)
wait_serial b vm1 "^HB $((n + 2))" 30
itool move vm1 --host a --encrypt disabled
expect_rc 0
[ "$(vm_state a vm1)" = running ] && [ "$(vm_state b vm1)" = absent ] || fail "vm1 not back on a only"
pass "vMotion to kvm-b and back with the written config: vm1 beats on b, then runs on a only"

# --- no overwrite; JSON ---------------------------------------------------------------
sum=$(md5sum <"$CFG")
itool init a
expect_rc 2
expect_err "exists; nothing was written"
[ "$(md5sum <"$CFG")" = "$sum" ] || fail "the config changed"
itool --json -c "$H/config/one.ini" init a --cluster solo
expect_rc 0
jq -e --arg p "$H/config/one.ini" '.command == "init" and .ok == true and .exit == 0 and
	.path == $p and .cluster == "solo" and (.evc | type == "string") and
	(.hosts | length == 1) and .hosts[0].name == "a" and .hosts[0].reachable' "$TMP/out" >/dev/null ||
	fail "init --json: not the document expected"
pass "an existing config is kept (exit 2); --json says what was written"

# --- a known_hosts file of the config serves libvirt's ssh too -----------------------
# ~/.ssh/known_hosts moved away: only the file the config names holds the keys
mv "$H/ssh/known_hosts" "$H/ssh/fleet_known_hosts"
{ sed 's/^\[defaults\]$/[defaults]\nknown_hosts = \/root\/.ssh\/fleet_known_hosts/' "$CFG"; } >"$H/config/fleet.ini"
chmod 600 "$H/config/fleet.ini"
grep -q "^known_hosts = /root/.ssh/fleet_known_hosts$" "$H/config/fleet.ini" || fail "no known_hosts in fleet.ini"
itool -c "$H/config/fleet.ini" hosts
expect_rc 0
if contains "$TMP/out" "unreachable"; then fail "a host is unreachable with known_hosts = fleet_known_hosts"; fi
[ ! -e "$H/ssh/known_hosts" ] || fail "a key was written to ~/.ssh/known_hosts"
pass "known_hosts = FILE: the tool's session and libvirt's ssh both verify against FILE"

#!/bin/bash
# SSH authentication and reachability failures against the real lab hosts:
# a wrong user, a wrong identity key and an address nothing answers on each
# give one clear message naming the host, the user and the fix, exit 1, and
# never hang past the connect timeout.  (Host keys: see t-checks.sh.)
. "$(dirname "$0")/testlib.sh"

cp "$LAB_ROOT/keys/known_hosts" "$TMP/known_hosts"

# The message may be on stdout (hosts: per host) or stderr (the others).
expect_msg() {
	cat "$TMP/out" "$TMP/err" >"$TMP/all"
	contains "$TMP/all" "$1" || fail "neither stdout nor stderr has /$1/"
}

# A config of one host.  cfg FILE USER IDENTITY ADDRESS [PORT]
cfg() {
	cat >"$1" <<-INI
	[defaults]
	ssh_user = $2
	ssh_identity = $3
	known_hosts = $TMP/known_hosts
	connect_timeout = 4
	virt_type = qemu
	[host b]
	address = $4
	${5:+ssh_port = $5}
	INI
}

# Run the tool as `tool` does, but with no key in ~/.ssh and no agent: the
# operator's only key is the one the configuration names.
tool_only_identity() {
	set +e
	lab_enter op env -u SSH_AUTH_SOCK COLUMNS=$TOOL_COLUMNS unshare --mount --propagation private -- \
		sh -c 'mount -t tmpfs -o mode=700 nokeys /root/.ssh && exec "$@"' sh \
		${TOOL_TIMEOUT:+timeout -k 5 "$TOOL_TIMEOUT"} "$VM_TOOL" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	echo "\$ virt-migrate $* (no keys in ~/.ssh) -> exit $rc"
	sed 's/^/  | /' "$TMP/out"
	sed 's/^/  ! /' "$TMP/err"
}

# Run CMD (tool or tool_only_identity) under a hang guard: the tool is killed
# after LIMIT seconds, and a killed tool fails the test -- it hung, or waited
# for the default 10 s timeout per host over and over.  A guard, not a measure:
# the limits are far above what the tool takes even on a loaded machine.
guarded() {	# LIMIT CMD...
	local limit=$1
	shift
	TOOL_TIMEOUT=$limit "$@"
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || fail "still running after $limit s: killed as hung"
}

# --- the lab config works as it is (the control) --------------------------------
cfg "$TMP/good.ini" root /root/.ssh/id_ed25519 b
tool -c "$TMP/good.ini" hosts
expect_rc 0
expect_out "^b  reachable"
pass "the right user and key reach b"

# --- a user the host does not have ------------------------------------------------
cfg "$TMP/user.ini" nosuchuser /root/.ssh/id_ed25519 b
guarded 60 tool -c "$TMP/user.ini" hosts
expect_rc 1
expect_out "^b  unreachable"
expect_msg "Host 'b' \(b port 22\) refused the SSH keys offered for nosuchuser@b\."
expect_msg "Check the user nosuchuser \(ssh_user in \[defaults\]\) and the key /root/.ssh/id_ed25519 \(ssh_identity in \[defaults\]\); add /root/.ssh/id_ed25519\.pub to ~nosuchuser/\.ssh/authorized_keys on b"
tool --json -c "$TMP/user.ini" hosts
expect_rc 1
jq -e '.hosts[0].name == "b" and .hosts[0].reachable == false and (.hosts[0].error | test("nosuchuser@b")) and (.hosts[0].hint | test("authorized_keys"))' \
	"$TMP/out" >/dev/null || fail "JSON does not carry the authentication error"
pass "wrong user: host, user and fix named, exit 1, text and JSON"

# --- a key the host does not know, and no other key to fall back on ----------------
ssh-keygen -q -t ed25519 -N '' -C wrong -f "$TMP/wrong_key"
cfg "$TMP/key.ini" root "$TMP/wrong_key" b
guarded 60 tool_only_identity -c "$TMP/key.ini" hosts
expect_rc 1
expect_out "^b  unreachable"
expect_msg "Host 'b' \(b port 22\) refused the SSH keys offered for root@b\."
expect_msg "add $TMP/wrong_key\.pub to ~root/\.ssh/authorized_keys on b"
pass "wrong key: host, user, key and fix named, exit 1"

# --- an identity file that does not exist ------------------------------------------
cfg "$TMP/nokey.ini" root "$TMP/no_such_key" b
guarded 60 tool -c "$TMP/nokey.ini" hosts
expect_rc 1
expect_msg "The SSH identity '$TMP/no_such_key' for host 'b' cannot be read: No such file"
expect_msg "Fix the key's path \(ssh_identity in \[defaults\]\)"
pass "missing identity file named, exit 1"

# --- an address no host has (ARP goes unanswered) ------------------------------------
cfg "$TMP/void.ini" root /root/.ssh/id_ed25519 198.51.100.99
guarded 60 tool -c "$TMP/void.ini" hosts
expect_rc 1
expect_out "^b  unreachable"
expect_msg "Host 'b' \(198\.51\.100\.99 port 22\) is unreachable: "
expect_msg "Check the address and port in the configuration"
pass "no host at the address: unreachable, exit 1"

# --- a host that takes the connection and never speaks SSH: the connect timeout ------
# (nc's input never ends, or it would close the connection at once)
lab_enter c sh -c 'sleep 20 | timeout 20 busybox nc -l -p 2222' >/dev/null 2>&1 &
lab_wait 10 lab_enter c sh -c 'ss -ltn | grep -q ":2222 "' || fail "the silent listener on c did not start"
cfg "$TMP/silent.ini" root /root/.ssh/id_ed25519 c 2222
t0=${EPOCHREALTIME/./}
guarded 60 tool -c "$TMP/silent.ini" hosts
[ $(((${EPOCHREALTIME/./} - t0) / 1000)) -ge 3000 ] || fail "gave up before the 4 s connect timeout"
expect_rc 1
expect_out "^b  unreachable"
expect_msg "Host 'b' \(c port 2222\) is unreachable: "
pass "silent server: gave up after the connect timeout (4 s), exit 1"

# --- a port nothing listens on: refused at once --------------------------------------
cfg "$TMP/port.ini" root /root/.ssh/id_ed25519 b 2
guarded 60 tool -c "$TMP/port.ini" hosts
expect_rc 1
expect_msg "Host 'b' \(b port 2\) is unreachable: .*[Rr]efused"
pass "closed port: connection refused named, exit 1"

# --- check and move say the same before touching anything ----------------------------
guarded 60 tool -c "$TMP/user.ini" check vm2
[ "$rc" -ne 0 ] || fail "check succeeded without authentication"
expect_msg "nosuchuser@b"
pass "check: the authentication error is reported (exit $rc)"

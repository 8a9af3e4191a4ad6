# tests/lab/testlib.sh — what the lab tests share.  Sourced by t-*.sh.
# Every check prints what it saw; the first failed check ends the test.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TOP=$(cd "$LAB_SRC/../.." && pwd)
# The tool under test: the sanitized build when it exists.
VM_TOOL=${VM_TOOL:-$TOP/.build/virt-migrate-san}
[ -x "$VM_TOOL" ] || VM_TOOL=$TOP/virt-migrate
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$TOP/tests/lsan.supp:print_suppressions=0}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# In a pipe the tool wraps its text to 80 columns (or $COLUMNS); the lab
# tests read whole lines, the cli tier checks the wrapping.  Given to each
# run of the tool, never exported: curses would take it for the wizard's.
TOOL_COLUMNS=400

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

pass() {
	echo "ok: $*"
}

# Run the tool in the operator namespace; output in $TMP/out, $TMP/err, status in $rc.
# TOOL_TIMEOUT=SECS: a hang guard -- the tool is killed after SECS (exit 124).
tool() {
	set +e
	lab_enter op env COLUMNS=$TOOL_COLUMNS ${TOOL_TIMEOUT:+timeout -k 5 "$TOOL_TIMEOUT"} "$VM_TOOL" "$@" \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	set -e
	echo "\$ virt-migrate $* -> exit $rc"
	sed 's/^/  | /' "$TMP/out"
	sed 's/^/  ! /' "$TMP/err"
}

expect_rc() {
	[ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc"
}

# grep -q on captured text (never on a pipe: SIGPIPE under pipefail).
contains() {	# FILE REGEX
	grep -qE -- "$2" "$1"
}

expect_out() { contains "$TMP/out" "$1" || fail "stdout lacks /$1/"; }
expect_line() { grep -qxF -- "$1" "$TMP/out" || fail "stdout lacks the line '$1'"; }
expect_err() { contains "$TMP/err" "$1" || fail "stderr lacks /$1/"; }

serial_log() {	# HOST VM — the host-side path of the guest's serial log
	echo "$LAB_ROOT/hosts/$1/log-libvirt/qemu/$2-serial.log"
}

# Wait until the guest's serial log on HOST shows a line matching REGEX.
wait_serial() {	# HOST VM REGEX SECONDS
	local f
	f=$(serial_log "$1" "$2")
	lab_wait "$4" contains "$f" "$3" ||
		fail "no /$3/ in $f within $4 s; last lines: $(tail -n 5 "$f" 2>/dev/null | tr '\n' '|')"
}

# The last heartbeat number the guest printed on HOST (0 if none).
last_hb() {	# HOST VM
	local f n
	f=$(serial_log "$1" "$2")
	n=$(grep -aoE '^HB [0-9]+' "$f" 2>/dev/null | tail -n 1 | cut -d' ' -f2)
	echo "${n:-0}"
}

# Start VM on HOST unless it runs; wait for its heartbeat.
ensure_running() {	# HOST VM
	local st
	st=$(lab_enter "$1" virsh -q domstate "$2" 2>/dev/null | head -n 1) ||
		fail "$2 is not defined on $1 (defined on: $(vm_where "$2"); an earlier test left it there?)"
	case $st in
	running) ;;
	paused) lab_enter "$1" virsh -q resume "$2" >/dev/null ;;
	*) lab_enter "$1" virsh -q start "$2" >/dev/null ;;
	esac
	wait_serial "$1" "$2" '^HB [0-9]+' 90
}

# The JSON findings of the last `tool --json check` for HOST: "severity code" lines.
codes_for() {	# HOST
	jq -r --arg h "$1" '.hosts[] | select(.host == $h) | .findings[] | "\(.severity) \(.code)"' "$TMP/out"
}

expect_code() {	# HOST SEVERITY CODE
	codes_for "$1" >"$TMP/codes"
	grep -qxF "$2 $3" "$TMP/codes" || fail "host $1: no $2 $3 among: $(tr '\n' ',' <"$TMP/codes")"
}

expect_no_code() {	# HOST CODE
	codes_for "$1" >"$TMP/codes"
	grep -qE " $2\$" "$TMP/codes" && fail "host $1: unexpected $2 among: $(tr '\n' ',' <"$TMP/codes")"
	return 0
}

# The state of VM on HOST as virsh says it ("running", "shut off"...), or "absent".
vm_state() {	# HOST VM
	local s
	s=$(lab_enter "$1" virsh -q domstate "$2" 2>/dev/null | head -n 1) || true
	echo "${s:-absent}"
}

# The path, in this (root) mount namespace, of PATH as HOST sees it.
host_path() {	# HOST PATH
	case $2 in
	/var/lib/libvirt/*) echo "$LAB_ROOT/hosts/$1/var-lib-libvirt/${2#/var/lib/libvirt/}" ;;
	*) echo "$2" ;;
	esac
}

# The hosts VM is defined on: one name ("b"), several ("a b") or "none".
vm_where() {	# VM
	local on="" h
	for h in a b c; do
		[ "$(vm_state $h "$1")" = absent ] || on="$on $h"
	done
	on=${on# }
	echo "${on:-none}"
}

# True when VM on HOST is in STATE now (for lab_wait: re-reads every time).
vm_is() {	# HOST VM STATE
	[ "$(vm_state "$1" "$2")" = "$3" ]
}

# The first heartbeat number in the guest's serial log on HOST (0 if none).
first_hb() {	# HOST VM
	local n
	n=$(grep -aoE '^HB [0-9]+' "$(serial_log "$1" "$2")" 2>/dev/null | head -n 1 | cut -d' ' -f2)
	echo "${n:-0}"
}

# VM was moved live from SRC to DST, once: running on DST, gone from SRC,
# beating on DST with no boot, its first beat there right after its last on
# SRC (BEFORE: a beat seen on SRC before the move).  Sets HB_LAST (on SRC)
# and HB_FIRST (on DST) for the test's own message.
expect_live_once() {	# VM SRC DST BEFORE
	local vm=$1 src=$2 dst=$3 before=$4
	[ "$(vm_state "$dst" "$vm")" = running ] || fail "$vm is not running on $dst"
	[ "$(vm_state "$src" "$vm")" = absent ] ||
		fail "$vm is still defined on $src: $(vm_state "$src" "$vm")"
	wait_serial "$dst" "$vm" '^HB [0-9]+' 30
	HB_LAST=$(last_hb "$src" "$vm")
	HB_FIRST=$(first_hb "$dst" "$vm")
	if contains "$(serial_log "$dst" "$vm")" "VMLAB INIT"; then fail "$vm rebooted on $dst"; fi
	[ "$HB_LAST" -ge "$before" ] && [ "$HB_FIRST" -gt 1 ] && [ "$HB_FIRST" -le $((HB_LAST + 2)) ] ||
		fail "heartbeat broke: last on $src HB $HB_LAST, first on $dst HB $HB_FIRST"
}

# The disk pattern of a running or stopped guest's image is intact.
expect_disk_intact() {	# IMAGE
	local out
	out=$(VMLAB_HB="$LAB_ROOT/guest/hb" "$LAB_SRC/guest/diskcheck" "$1" 2>&1) ||
		fail "disk pattern of $1 damaged: $out"
	echo "  disk $1: $out"
}

# Start the tool in the background in the operator namespace; its output
# goes to $TMP/out and $TMP/err (emptied first, so nothing old is read).
tool_bg() {
	rm -f "$TMP/out" "$TMP/err"
	: >"$TMP/err"
	BG_ARGS="$*"
	lab_enter op env COLUMNS=$TOOL_COLUMNS "$VM_TOOL" "$@" >"$TMP/out" 2>"$TMP/err" &
}

# The tool's processes in the lab, the operator's namespace (make check's
# cli and tui tiers run the same binary at the same time, outside it): the
# pids of those whose arguments match the regex ARGS (default: any).
lab_tool_pids() {	# [ARGS]
	local pid
	for pid in $(pgrep -f -x "$VM_TOOL ${1:-.*}" || true); do
		[ "$(ip netns identify "$pid" 2>/dev/null)" = "$LAB_PREFIX-op" ] && echo "$pid"
	done
	return 0
}

# True when no tool process with arguments ARGS runs in the lab.
no_lab_tool() {	# [ARGS]
	[ -z "$(lab_tool_pids "$@")" ]
}

# Once the background tool's stderr matches REGEX, interrupt it (SIGINT)
# and wait for it; its exit status is in $rc.
tool_interrupt() {	# REGEX
	local pid
	lab_wait 60 contains "$TMP/err" "$1" || fail "no /$1/ from the background tool: $(cat "$TMP/err")"
	pid=$(lab_tool_pids "$BG_ARGS" | head -n 1)
	[ -n "$pid" ] || fail "cannot find the running tool ($BG_ARGS)"
	kill -INT "$pid"
	set +e
	wait %1 2>/dev/null
	rc=$?
	set -e
	echo "\$ virt-migrate $BG_ARGS (interrupted) -> exit $rc"
	sed 's/^/  | /' "$TMP/out"
	sed 's/^/  ! /' "$TMP/err"
}

# tests/lab/faultlib.sh — what the fault tests (t-fault-*.sh) share: guests
# of their own, faults to inject (link cut, daemon killed, slow link), the
# tool started in the background and signalled, and the one invariant every
# fault test asserts afterwards (expect_invariant).  Sourced after testlib.sh.

. "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

STATE_DIR=$LAB_ROOT/op/state/virt-migrate
# each test starts without journals an earlier failed test may have left
# (each one checks at its end that it leaves none)
rm -f "$STATE_DIR"/journal/*.journal

# virsh on HOST, never hanging.
vsh() {	# HOST ARGS...
	local h=$1
	shift
	timeout 60 "$LAB_SRC/on" "$h" virsh -q "$@"
}

# A guest of the test's own on HOST, disk in POOL, FILL_MIB MiB of data
# written past the pattern (so copies take a while), its disk carrying the
# pattern a first boot lays down; left running or, with "off", shut off.
# A guest wanted shut off does not boot for its pattern: the guest's own
# program (guest/hb.c, --pattern) writes it from this side, the same bytes
# the guest would (its checksum is the one diskcheck verifies), and the boot
# that only a copy of a shut-off disk follows is saved.
fault_guest() {	# HOST NAME POOL FILL_MIB running|off
	fault_guest_begin "$@"
	fault_guest_ready "$1" "$2"
}

# fault_guest in two halves, so that a test boots its guest while it does
# something else: the guest defined, filled and started (not waited for)...
fault_guest_begin() {	# HOST NAME POOL FILL_MIB running|off
	local h=$1 name=$2 pool=$3 fill=$4 want=$5 disk
	"$LAB_SRC/guest-define" "$h" "$name" "$pool" vmnet
	disk=$(vsh "$h" vol-path --pool "$pool" "$name.qcow2")
	if [ "$want" = off ]; then
		rm -f "$TMP/pattern.raw"
		truncate -s 5M "$TMP/pattern.raw"
		"$LAB_ROOT/guest/hb" --pattern "$TMP/pattern.raw" >/dev/null ||
			fail "could not write the disk pattern for $name"
		lab_enter "$h" qemu-img convert -n -f raw -O qcow2 "$TMP/pattern.raw" "$disk" ||
			fail "could not put the disk pattern into $disk"
	fi
	if [ "$fill" -gt 0 ]; then
		lab_enter "$h" qemu-io -f qcow2 -c "write -P 0x5a 8M ${fill}M" "$disk" >/dev/null ||
			fail "could not fill $disk"
	fi
	eval "FAULT_FILL_${name//-/_}=$fill"
	if [ "$want" != off ]; then
		vsh "$h" start "$name" >/dev/null
	fi
}

# ... and, a running one, waited for until it beats.
fault_guest_ready() {	# HOST NAME
	local h=$1 name=$2 fill disk
	[ "$(vm_state "$h" "$name")" = "shut off" ] || wait_serial "$h" "$name" '^HB [0-9]+' 90
	eval "fill=\${FAULT_FILL_${name//-/_}:-0}"
	disk=$(vsh "$h" domblklist "$name" | awk '$1 == "vda" {print $2}')
	echo "  guest $name on $h: $(vm_state "$h" "$name"), disk $disk with $fill MiB of filler"
}

# Remove guest NAME from HOST, with every volume named NAME.*.
fault_forget_on() {	# HOST NAME
	local h=$1 p v
	vsh "$h" destroy "$2" >/dev/null 2>&1 || true
	vsh "$h" undefine "$2" --managed-save >/dev/null 2>&1 || true
	for p in $(vsh "$h" pool-list --name 2>/dev/null); do
		vsh "$h" pool-refresh "$p" >/dev/null 2>&1 || true
		for v in $(vsh "$h" vol-list "$p" 2>/dev/null | awk '{print $1}' | grep -E "^$2\." || true); do
			vsh "$h" vol-delete "$v" --pool "$p" >/dev/null 2>&1 || true
		done
	done
}

# Remove guest NAME from every host (the three at once), with every volume
# named NAME.*.
fault_forget() {	# NAME
	local h pids=""
	for h in a b c; do
		fault_forget_on "$h" "$1" &
		pids="$pids $!"
	done
	for h in $pids; do
		wait "$h" || true
	done
}

# Put vm1 back where the lab made it (running on a) after a test that
# failed half-way: the tests after it expect it there.
vm1_home() {
	local h n
	rm -f "$STATE_DIR"/journal/*.journal
	if [ "$(vm_state a vm1)" != running ]; then
		for h in b c; do
			if [ "$(vm_state "$h" vm1)" != absent ]; then
				lab_enter op "$VM_TOOL" move vm1 --host a >/dev/null 2>&1 || true
			fi
		done
	fi
	# a guest that stopped beating (seen under TCG after a migration libvirt
	# finished without its tool) is booted afresh
	n=$(last_hb a vm1)
	if ! lab_wait 10 bash -c "grep -aqE '^HB $((n + 1))\b' '$(serial_log a vm1)'"; then
		echo "  vm1 does not beat on a: booting it afresh"
		vsh a destroy vm1 >/dev/null 2>&1 || true
		if [ "$(vm_state a vm1)" != absent ]; then
			for h in b c; do
				vsh "$h" destroy vm1 >/dev/null 2>&1 || true
				vsh "$h" undefine vm1 >/dev/null 2>&1 || true
			done
		fi
	fi
	ensure_running a vm1 >/dev/null 2>&1 || true
}

# vm1 on a, booted afresh: a TCG guest that arrived by an earlier test's
# live migration may hang later (QEMU 7.2's emulation, man page BUGS): a
# test that judges the guest after a cancel starts from a clean boot.
vm1_fresh() {
	vm1_home
	vsh a destroy vm1 >/dev/null 2>&1 || true
	ensure_running a vm1
}

# --- faults -----------------------------------------------------------------------

link_cut() {	# HOST — its only interface goes down: no traffic in or out
	ip -n "$LAB_PREFIX-$1" link set eth0 down
	echo "  fault: link of $1 cut"
}

link_restore() {	# HOST
	ip -n "$LAB_PREFIX-$1" link set eth0 up
	lab_wait 20 lab_enter op timeout 2 bash -c "echo >/dev/tcp/$(lab_ip "$1")/22" ||
		fail "the link of $1 did not come back"
	echo "  link of $1 restored"
}

# Cap what the operator and every host send at RATE (tc tbf), so that a disk
# copy takes long enough to be hit, whichever way it goes: through the tool
# (the operator's uploads) or straight from one host to another.
shape_lab() {	# RATE, e.g. 40mbit
	local n
	for n in op a b c; do
		ip netns exec "$LAB_PREFIX-$n" tc qdisc replace dev eth0 root tbf rate "$1" \
			burst 64kb latency 500ms
	done
}

unshape_lab() {
	local n
	for n in op a b c; do
		ip netns exec "$LAB_PREFIX-$n" tc qdisc del dev eth0 root 2>/dev/null || true
	done
}

libvirtd_pid() {	# HOST
	cat "$LAB_ROOT/hosts/$1/run-libvirt/libvirtd.pid"
}

libvirtd_kill() {	# HOST — SIGKILL, as a crash would
	local pid
	pid=$(libvirtd_pid "$1")
	kill -KILL "$pid"
	lab_wait 10 bash -c "! kill -0 $pid" || fail "libvirtd of $1 ($pid) did not die"
	echo "  fault: libvirtd of $1 (pid $pid) killed"
}

libvirtd_restart() {	# HOST
	rm -f "$LAB_ROOT/hosts/$1/run-libvirt/libvirtd.pid"
	lab_enter "$1" libvirtd -d -p /run/libvirt/libvirtd.pid
	lab_wait 30 vsh "$1" list || fail "libvirtd of $1 did not come back"
	echo "  libvirtd of $1 restarted (pid $(libvirtd_pid "$1"))"
}

# --- the tool in the background ------------------------------------------------------

# Start the tool in the background, output in $TMP/NAME.out and .err.
bg_tool() {	# NAME ARGS...
	local n=$1
	shift
	: >"$TMP/$n.out"
	: >"$TMP/$n.err"
	eval "BG_ARGS_$n=\$*"
	lab_enter op env COLUMNS=$TOOL_COLUMNS "$VM_TOOL" "$@" >"$TMP/$n.out" 2>"$TMP/$n.err" &
	eval "BG_JOB_$n=\$!"
}

bg_pid() {	# NAME — the tool's own process
	local n=$1 args
	eval "args=\$BG_ARGS_$n"
	lab_tool_pids "$args" | tail -n 1
}

# Wait until the background tool's stderr matches REGEX (at most SECS).
bg_wait_for() {	# NAME REGEX [SECS]
	lab_wait "${3:-60}" contains "$TMP/$1.err" "$2" ||
		fail "no /$2/ from the background tool $1: $(tail -n 5 "$TMP/$1.err")"
}

# Send SIGNAL to the background tool NAME.
bg_signal() {	# NAME SIGNAL
	local n=$1 pid
	pid=$(bg_pid "$n")
	[ -n "$pid" ] || fail "background tool $n is not running: $(tail -n 5 "$TMP/$n.err")"
	kill "-$2" "$pid"
	echo "  fault: SIG$2 to the tool (pid $pid)"
}

# Wait for the background tool NAME to end (at most SECS); its status in $rc,
# its output copied to $TMP/out and $TMP/err for the expect_* helpers.
bg_end() {	# NAME [SECS]
	local n=$1 job end
	eval "job=\$BG_JOB_$n"
	end=$((SECONDS + ${2:-180}))
	while kill -0 "$job" 2>/dev/null; do
		if [ $SECONDS -ge $end ]; then
			local pid
			pid=$(bg_pid "$n")
			[ -z "$pid" ] || kill -KILL "$pid"
			kill -KILL "$job" 2>/dev/null || true
			fail "the tool ($n) did not end within ${2:-180} s: $(tail -n 3 "$TMP/$n.err")"
		fi
		sleep 0.2
	done
	set +e
	wait "$job"
	rc=$?
	set -e
	cp "$TMP/$n.out" "$TMP/out"
	cp "$TMP/$n.err" "$TMP/err"
	echo "\$ virt-migrate $(eval "echo \$BG_ARGS_$n") -> exit $rc"
	sed 's/^/  | /' "$TMP/out"
	sed 's/^/  ! /' "$TMP/err"
}

# --- the invariant -----------------------------------------------------------------

# qemu processes of guest VM, one line per process: the lab host it runs in.
qemu_hosts() {	# VM
	local pid
	for pid in $(pgrep -f "qemu-system-x86_64 .*-name guest=$1," || true); do
		ip netns identify "$pid" 2>/dev/null | sed "s/^$LAB_PREFIX-//"
	done
}

# "POOL VOLUME PATH" for every volume of every pool of HOST, each pool
# refreshed first.
host_vols() {	# HOST
	local p v path
	for p in $(vsh "$1" pool-list --name); do
		vsh "$1" pool-refresh "$p" >/dev/null 2>&1 || true
		vsh "$1" vol-list "$p" 2>/dev/null | while read -r v path; do
			[ -z "$v" ] || printf '%s %s %s\n' "$p" "$v" "$path"
		done || true
	done
}

# The tool ended with exit RC and said what happened in one line matching REGEX.
expect_outcome() {	# RC REGEX
	expect_rc "$1"
	[ "$(grep -c . "$TMP/out")" -eq 1 ] || fail "want one line on stdout, got: $(cat "$TMP/out")"
	expect_out "$2"
}

# After a fault: VM is STATE ("running" or "shut off") on HOME exactly once —
# defined nowhere else, one qemu process at most, in HOME —, its disks'
# pattern is intact (and a running guest still beats, without a crash or a
# reboot in its serial log), no volume named VM.*
# is left on any host but the ones its definition uses, no journal is left
# behind (unless JOURNAL=keep), and no tool process is left.
expect_invariant() {	# VM HOME STATE
	local vm=$1 home=$2 want=$3 h st n p v path used
	for h in a b c; do
		st=$(vm_state "$h" "$vm")
		if [ "$h" = "$home" ]; then
			[ "$st" = "$want" ] || fail "invariant: $vm is '$st' on $h, want '$want'"
		else
			[ "$st" = absent ] || fail "invariant: $vm is '$st' on $h too (want it only on $home)"
		fi
	done
	qemu_hosts "$vm" >"$TMP/qemus"
	n=$(grep -c . "$TMP/qemus" || true)
	if [ "$want" = running ]; then
		[ "$n" -eq 1 ] && grep -qx "$home" "$TMP/qemus" ||
			fail "invariant: qemu processes of $vm on: $(tr '\n' ' ' <"$TMP/qemus") (want one, on $home)"
	else
		[ "$n" -eq 0 ] || fail "invariant: $vm is shut off but qemu runs on: $(tr '\n' ' ' <"$TMP/qemus")"
	fi
	vsh "$home" domblklist "$vm" | awk '$2 ~ /^\// {print $2}' >"$TMP/used"
	[ -s "$TMP/used" ] || fail "invariant: $vm on $home has no disk"
	while read -r path; do
		expect_disk_intact "$(host_path "$home" "$path")"
	done <"$TMP/used"
	# every host's volumes, read on the three at once
	local pids=""
	for h in a b c; do
		host_vols "$h" >"$TMP/vols.$h" &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || fail "invariant: could not list the pools of every host"
	done
	for h in a b c; do
		while read -r p v path; do
			case $v in "$vm".*) ;; *) continue ;; esac
			used=0
			if [ "$h" = "$home" ] && grep -qxF "$path" "$TMP/used"; then used=1; fi
			# the shared pool is one directory: its file is seen from every host
			if [ "$used" = 0 ] && [ "$p" = shared ] && grep -qxF "$path" "$TMP/used"; then used=1; fi
			[ "$used" = 1 ] || fail "invariant: stray volume $path (pool $p) on $h"
		done <"$TMP/vols.$h"
	done
	if [ "$want" = running ]; then
		# the guest kept its state: it beats on, without a crash, and with
		# at most the one boot of the qemu process that runs it now.
		p=$(serial_log "$home" "$vm")
		n=$(last_hb "$home" "$vm")
		if ! lab_wait 30 contains "$p" "^HB $((n + 1))\b" || contains "$p" "Kernel panic|BUG: |Oops: " ||
			[ "$(grep -ac 'VMLAB INIT' "$p")" -gt 1 ]; then
			# A migration that libvirt finished on its own after the tool
			# was killed (no tool left to watch it) can leave a TCG guest
			# with a kernel BUG, or a panic and the reboot panic=-1 makes,
			# on the target: QEMU 7.2's TCG, not the move (man page, BUGS;
			# pti=on narrows it for a busy guest, not for one idle in its
			# kernel).  Such a caller says GUEST_CRASH=known; the VM still
			# has to be where it should, once, with its disks, and no boot
			# but its own before the crash.
			crash='BUG: |Oops: |Kernel panic|general protection fault'
			if [ "${GUEST_CRASH:-}" = known ] && contains "$p" "$crash" &&
				[ "$(awk -v re="$crash" '$0 ~ re { exit } /VMLAB INIT/ { n++ } END { print n + 0 }' "$p")" -le 1 ]; then
				echo "  KNOWN ISSUE (QEMU TCG): $vm on $home: $(grep -am 1 -E "$crash" "$p")"
			else
				fail "invariant: $vm crashed, rebooted or stopped beating on $home: $(grep -am 1 -E 'Kernel panic|BUG: |Oops: ' "$p"); last lines: $(tail -n 3 "$p" | tr '\n' '|')"
			fi
		fi
	fi
	if [ "${JOURNAL:-}" != keep ]; then
		ls -A "$STATE_DIR/journal" 2>/dev/null >"$TMP/journals" || true
		[ ! -s "$TMP/journals" ] || fail "invariant: journal left: $(cat "$TMP/journals")"
	fi
	lab_tool_pids >"$TMP/tools"
	[ ! -s "$TMP/tools" ] || fail "invariant: a tool process is left: $(cat "$TMP/tools")"
	echo "  invariant: $vm $want on $home only, disks intact, no stray volume, journal and processes clean"
}

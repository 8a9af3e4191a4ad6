# tests/lab/lib.sh — names, paths and helpers shared by the lab scripts.
# Sourced, not run.  Bash.

LAB_HOSTS=(a b c)
LAB_ROOT=${VMLAB_ROOT:-/var/lib/virt-migrate-lab}
LAB_NET=198.51.100	# TEST-NET-2: documentation range, exists only inside the lab
LAB_OP_IP=$LAB_NET.10
LAB_PREFIX=vmlab	# network namespaces: vmlab-net (the bridge), vmlab-a ..., vmlab-op
LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

lab_ip() {
	case $1 in
	a) echo "$LAB_NET.11" ;;
	b) echo "$LAB_NET.12" ;;
	c) echo "$LAB_NET.13" ;;
	op) echo "$LAB_OP_IP" ;;
	*) echo "lab: unknown host '$1' (the lab has a, b, c and op)" >&2; return 1 ;;
	esac
}

lab_die() {
	echo "lab: $*" >&2
	exit 1
}

lab_log() {
	printf 'lab: %s\n' "$*"
}

# Every check that makes running a lab possible here; prints the reason and
# returns 1 when it is not.
lab_can_run() {
	if [ "$(id -u)" != 0 ]; then
		echo "not running as root (the lab needs namespaces, mounts and daemons)"
		return 1
	fi
	local t
	for t in ip nsenter unshare libvirtd sshd bindfs qemu-system-x86_64 virsh ssh-keygen; do
		command -v "$t" >/dev/null 2>&1 || { echo "'$t' is missing (run 'make deps')"; return 1; }
	done
	if ! unshare --net --mount true 2>/dev/null; then
		echo "this machine does not allow new network or mount namespaces"
		return 1
	fi
	if [ ! -c /dev/fuse ]; then
		echo "/dev/fuse is missing (the shared datastore is a FUSE mount)"
		return 1
	fi
	return 0
}

# Unmount every mount below ROOT, deepest first, as /proc/mounts lists them:
# 'mountpoint' cannot see a FUSE mount whose daemon died with a killed run
# ("Transport endpoint is not connected"), and such a mount left behind
# stops the next lab-up.  Returns 1 when one is still there.
lab_unmount_under() {
	local root=${1%/}/ m
	for m in $(awk -v r="$root" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
		fusermount3 -u "$m" 2>/dev/null || umount "$m" 2>/dev/null || umount -l "$m"
	done
	! awk -v r="$root" 'index($2, r) == 1 {f = 1} END {exit !f}' /proc/mounts
}

# The mount+UTS namespace files of a lab host.
lab_ns_mnt() { echo "$LAB_ROOT/ns/$1.mnt"; }
lab_ns_uts() { echo "$LAB_ROOT/ns/$1.uts"; }

# Run a command inside a lab host (a, b, c or op), keeping the working
# directory.  The operator gets its own XDG directories, where lab-up wrote
# the tool's config.
lab_enter() {
	local h=$1
	shift
	[ -e "/run/netns/$LAB_PREFIX-$h" ] || lab_die "host '$h' is not up (run 'make lab-up')"
	local env=()
	if [ "$h" = op ]; then
		env=(env "XDG_CONFIG_HOME=$LAB_ROOT/op/config" "XDG_STATE_HOME=$LAB_ROOT/op/state"
			"XDG_CACHE_HOME=$LAB_ROOT/op/cache"
			"VMLAB_ROOT=$LAB_ROOT")
	fi
	nsenter --wd="$PWD" --net="/run/netns/$LAB_PREFIX-$h" \
		--mount="$(lab_ns_mnt "$h")" --uts="$(lab_ns_uts "$h")" -- "${env[@]}" "$@"
}

# Wait until CMD succeeds, at most SECONDS; returns 1 on time-out.
lab_wait() {
	local secs=$1
	shift
	local end=$((SECONDS + secs))
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# PIDs of every process in the lab's network namespaces.
lab_pids() {
	local ns
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$LAB_PREFIX-" || true); do
		ip netns pids "$ns" 2>/dev/null || true
	done
}

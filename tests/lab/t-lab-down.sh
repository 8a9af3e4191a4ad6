#!/bin/bash
# A killed run leaves no lab behind that stops the next one: a FUSE mount
# whose daemon was SIGKILLed ("Transport endpoint is not connected") is found
# and unmounted by lab-down's lab_unmount_under.  Works in a root of its own,
# beside the running lab, which it does not touch.
set -uo pipefail
. "$(dirname "$0")/testlib.sh"

root=$(mktemp -d /tmp/vmlab-down.XXXXXX)
trap 'lab_unmount_under "$root" >/dev/null 2>&1; rm -rf "$root" "$TMP"' EXIT
mkdir -p "$root/backing" "$root/shared" "$root/deep/er"
echo data >"$root/backing/f"
bindfs -o subtype=glusterfs "$root/backing" "$root/shared" || fail "bindfs could not mount"
mount -t tmpfs tmpfs "$root/deep/er" || fail "tmpfs could not mount"
[ "$(cat "$root/shared/f")" = data ] || fail "the FUSE mount does not show its backing"
pkill -KILL -f "^bindfs .*$root/backing" || fail "no bindfs daemon to kill"
for _ in $(seq 50); do
	ls "$root/shared" >/dev/null 2>&1 || break
	sleep 0.1
done
if ls "$root/shared" >/dev/null 2>&1; then fail "the mount still answers after its daemon was killed"; fi
grep -q " $root/shared " /proc/mounts || fail "the dead mount is not in /proc/mounts"

lab_unmount_under "$root" || fail "lab_unmount_under says a mount is left"
if grep -q " $root/" /proc/mounts; then fail "mounts left under $root: $(grep " $root/" /proc/mounts)"; fi
[ "$(cat "$root/backing/f")" = data ] || fail "the backing file changed"
pass "a dead FUSE mount and a nested mount are unmounted; the backing is intact"

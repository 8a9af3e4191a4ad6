#!/bin/bash
# Fault: the target's link is cut during a live migration (vMotion of vm1,
# a -> b, slowed with --bandwidth); the link comes back only after the tool
# has ended, which it does within a minute of the cut.  The move fails, vm1
# keeps running on a only, b is left with nothing of it once its link is back.
. "$(dirname "$0")/faultlib.sh"
trap 'link_restore b >/dev/null 2>&1 || true; vm1_home; rm -rf "$TMP"' EXIT

ensure_running a vm1
[ "$(vm_state b vm1)" = absent ] || fail "vm1 is defined on b before the test"
bg_tool mv move vm1 --host b --bandwidth 1
bg_wait_for mv '\] memory +[0-9]+%'
link_cut b
cut=$SECONDS
bg_end mv 90
took=$((SECONDS - cut))
echo "  the tool ended $took s after the cut, the link still down"
# its own timers end it about 37 s after the cut; the margin is for a loaded machine
[ "$took" -le 150 ] || fail "the tool took $took s after the cut to end (want about a minute)"
[ "$(vm_state a vm1)" = running ] || fail "vm1 is '$(vm_state a vm1)' on a after the abort"
link_restore b
lab_wait 60 vm_is b vm1 absent || fail "b still holds vm1: $(vm_state b vm1)"
expect_outcome 3 "^rolled back: The migration of VM 'vm1' to host 'b' failed: .*vm1 still runs on a"
# the tool could not check b while its link was down: the journal says so,
# and recover finishes once the link is back
expect_out "run 'virt-migrate recover'"
tool recover
expect_rc 0
expect_out "recovered; journal entry closed"
expect_invariant vm1 a running
pass "link of b cut for good during vMotion: exit 3 after $took s, one message, vm1 runs on a only, nothing on b"

#!/bin/bash
# Fault: the tool is SIGKILLed in the middle of a cold copy.  Its journal
# (under the state directory, 0700/0600) says what it had made; the next
# command says an earlier migration did not finish; a new move of that VM is
# refused until 'recover'; 'recover --dry-run' says what it would do and
# changes nothing; 'recover' removes the partial copy on the target and says
# where the VM is.
. "$(dirname "$0")/faultlib.sh"
G=fz-kill
trap 'unshape_lab; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G
rm -f "$STATE_DIR"/journal/*.journal

fault_guest b $G local 32 off
shape_lab 40mbit
bg_tool mv move $G --host c --datastore local
bg_wait_for mv '\] disks +[0-9]+%'
bg_signal mv KILL
bg_end mv 30
unshape_lab
[ "$rc" -eq 137 ] || fail "the tool was not killed: exit $rc"

# what it left: the journal, private, naming the volume it made on c
j=$(ls "$STATE_DIR"/journal/*.journal)
[ "$(stat -c %a "$STATE_DIR/journal")" = 700 ] || fail "journal directory mode $(stat -c %a "$STATE_DIR/journal")"
[ "$(stat -c %a "$j")" = 600 ] || fail "journal mode $(stat -c %a "$j")"
cat "$j" | sed 's/^/  journal: /'
grep -q "^vm $G\$" "$j" && grep -q "^volume c local /var/lib/libvirt/images/$G.qcow2\$" "$j" ||
	fail "the journal does not name the volume made on c"
grep -q "^end " "$j" && fail "the journal of a killed run has an end"
[ -e "$LAB_ROOT/hosts/c/var-lib-libvirt/images/$G.qcow2" ] || fail "no partial copy on c (the kill came too late?)"
pass "SIGKILL mid-copy: journal $j (0600 in a 0700 directory) names the partial volume on c"

# any command says so; a new move of the VM is refused (exit 1)
tool vms
expect_rc 0
expect_err "an earlier migration did not finish: VM '$G' from b to c \(interrupted\)\. Run 'virt-migrate recover'"
tool move $G --host c --datastore local
expect_outcome 1 "^refused: An earlier migration of VM '$G' did not finish"
pass "the next commands say so; a new move of $G is refused until recover (exit 1)"

# dry run: says, changes nothing
tool recover --dry-run
expect_rc 0
expect_out "Would remove volume /var/lib/libvirt/images/$G.qcow2 on c"
expect_out "recoverable \(dry run"
[ -e "$j" ] && [ -e "$LAB_ROOT/hosts/c/var-lib-libvirt/images/$G.qcow2" ] || fail "the dry run changed something"
tool --json recover --dry-run
expect_rc 0
jq -e --arg g "$G" '.command == "recover" and .dry_run and (.entries | length == 1 and .[0].vm == $g and .[0].source == "b" and .[0].target == "c" and .[0].resolved and (.[0].busy | not))' \
	"$TMP/out" >/dev/null || fail "recover --json"
pass "recover --dry-run (text and JSON) says what it would remove and changes nothing"

tool recover
expect_rc 0
expect_out "Removed volume /var/lib/libvirt/images/$G.qcow2 on c"
expect_out "On b: '$G' is defined, shut off. On c: '$G' is not there\."
expect_out "recovered; journal entry closed"
expect_invariant $G b "shut off"
ls -A "$LAB_ROOT/hosts/c/var-lib-libvirt/images" | grep -q '^\.virt-migrate-' &&
	fail "recover left a partial host-to-host copy on c"
tool recover
expect_rc 0
expect_line "Nothing to recover: every migration in the journal finished."
tool vms
[ -s "$TMP/err" ] && fail "a notice is still printed: $(cat "$TMP/err")"
pass "recover removed the partial copy on c; $G is defined on b only, disk intact; nothing left to recover"

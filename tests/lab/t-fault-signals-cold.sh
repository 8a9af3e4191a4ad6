#!/bin/bash
# Fault: SIGINT, then SIGTERM, to the tool during a cold copy (a shut-off
# guest of its own on c, copied to b over a slowed link).  Each is a cancel:
# exit 4, one message, the guest defined on c only with its disk, nothing
# left on b.
. "$(dirname "$0")/faultlib.sh"
G=fz-sig
trap 'unshape_lab; fault_forget $G; rm -rf "$TMP"' EXIT
fault_forget $G

fault_guest c $G local 16 off
shape_lab 40mbit
# --- cold, SIGINT then SIGTERM -------------------------------------------------------------------
for sig in INT TERM; do
	bg_tool mv move $G --host b --datastore local
	bg_wait_for mv '\] disks +[0-9]+%'
	bg_signal mv $sig
	bg_end mv 60
	expect_outcome 4 "^cancelled: .*$G"
	expect_invariant $G c "shut off"
	pass "SIG$sig during a cold copy: exit 4, $G defined on c only, nothing on b"
done

# tests/cli/t-fit.sh — sourced by tests/cli/run: `hosts` fits its lines to
# the terminal (80 columns when not one), every list wrapped under its first
# item, nothing lost; memory a host does not report reads "unknown".
FIT=$T/fit.ini
printf '[host a]\nuri = test://%s/tests/integration/fixtures/host-a.xml\n[host u]\nuri = test://%s/tests/tui/fixtures/host-u.xml\n' \
	"$PWD" "$PWD" >"$FIT"
fit_check() {	# NAME WIDTH OUTPUT-FILE
	local widest
	# rows wider than WIDTH (display columns) may only hold one item too
	# long to share a row
	local line n
	widest=0
	while IFS= read -r line; do
		n=$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L)
		# one item: under the first item, no "), " between two items
		if [ "$n" -gt "$2" ] && ! { [[ $line =~ ^\ {14}[^\ ] ]] && ! [[ $line =~ \),\  ]]; }; then
			widest=$n
		fi
	done <"$3"
	if [ "$widest" -eq 0 ] &&
		grep -q "ελληνικά-και-πολύ-μακρύ-όνομα-μηχανής (running)" "$3" &&
		grep -q "データベース・サーバー・とても長い名前 (running)" "$3" &&
		grep -qE "^ {14}shared-nfs \(netfs, shared, active" "$3" &&
		grep -q "memory    unknown free of 16.0 GiB" "$3"; then
		echo "ok   $1"; passed=$((passed + 1))
	else
		echo "FAIL $1: a row of $widest columns (limit $2):"; sed 's/^/     /' "$3"
		failed=$((failed + 1))
	fi
}
env HOME="$T/home" XDG_STATE_HOME="$T/state" LANG=C.UTF-8 "$TOOL" -c "$FIT" hosts >"$T/fit.out" 2>&1
fit_check fit-hosts-80 80 "$T/fit.out"
# on a terminal of 60 columns, 60
env HOME="$T/home" XDG_STATE_HOME="$T/state" LANG=C.UTF-8 \
	script -qec "stty cols 60; $TOOL -c $FIT hosts" /dev/null </dev/null | tr -d '\r' >"$T/fit60.out"
fit_check fit-hosts-60 60 "$T/fit60.out"
if grep -qE "^ {14}db1 \(paused\), web1 \(running\)$" "$T/fit60.out"; then
	echo "ok   fit-hosts-60-wrapped"; passed=$((passed + 1))
else
	echo "FAIL fit-hosts-60-wrapped: the VM list was not wrapped at 60 columns"; failed=$((failed + 1))
fi

# check and vms: every row within the width (a long word may not be cut, and
# the fixtures have none that long), the same words as on a wide terminal, in
# the same order; findings keep their severity and code on the first row.
fit_same() {	# NAME WIDTH WRAPPED-FILE WIDE-FILE
	local n
	n=$(LC_ALL=C.UTF-8 wc -L <"$3")
	if [ "$n" -le "$2" ] && [ "$(tr -s ' \n' '  ' <"$3")" = "$(tr -s ' \n' '  ' <"$4")" ] &&
		[ "$(wc -l <"$3")" -gt "$(wc -l <"$4")" ]; then
		echo "ok   $1"; passed=$((passed + 1))
	else
		echo "FAIL $1: widest row $n (limit $2), or words lost or moved, or nothing wrapped:"
		diff <(tr -s ' \n' '\n\n' <"$4") <(tr -s ' \n' '\n\n' <"$3") | head -n 20 | sed 's/^/     /'
		sed 's/^/     /' "$3"
		failed=$((failed + 1))
	fi
}
fit_run() {	# OUTPUT-FILE ARGS... (stdout only, COLUMNS from the caller)
	local out=$1
	shift
	env HOME="$T/home" XDG_STATE_HOME="$T/state" LANG=C.UTF-8 "$TOOL" -c "$FIT" "$@" >"$out" 2>/dev/null
}
for cmd in "check web1" "check db1" vms; do
	tag=${cmd// /-}
	COLUMNS=1000 fit_run "$T/wide.out" $cmd
	fit_run "$T/w80.out" $cmd
	fit_same "fit-$tag-80" 80 "$T/w80.out" "$T/wide.out"
	COLUMNS=60 fit_run "$T/w60.out" $cmd
	fit_same "fit-$tag-60" 60 "$T/w60.out" "$T/wide.out"
done
COLUMNS=1000 fit_run "$T/wide.out" check web1
if grep -qE "^    error    net\.missing +NIC 52:54:00:00:00:01 of VM 'web1' needs network 'default', which host u does not have\.$" "$T/wide.out"; then
	echo "ok   fit-check-wide-one-row"; passed=$((passed + 1))
else
	echo "FAIL fit-check-wide-one-row: COLUMNS=1000 did not keep a finding on one row:"; sed 's/^/     /' "$T/wide.out"
	failed=$((failed + 1))
fi
fit_run "$T/w80.out" check web1
# at 80 columns: the words in a column of their own after the code, the hint
# under them, its further rows under its first word
if grep -qE "^    error    net\.missing              NIC 52:54:00:00:00:01 of VM 'web1' needs$" "$T/w80.out" &&
	grep -qE "^ {38}network 'default', which host u does not$" "$T/w80.out" &&
	grep -qE "^ {38}hint: Map it with --network default=TO to$" "$T/w80.out" &&
	grep -qE "^ {44}one of host u's networks: réseau\.$" "$T/w80.out"; then
	echo "ok   fit-check-80-columns"; passed=$((passed + 1))
else
	echo "FAIL fit-check-80-columns:"; sed 's/^/     /' "$T/w80.out"
	failed=$((failed + 1))
fi

# Diagnostics on standard error: on a terminal, wrapped with the hint on rows
# of its own under the message; in a pipe or a file, one line each.
env HOME="$T/home" XDG_STATE_HOME="$T/state" LANG=C.UTF-8 \
	script -qec "stty cols 60; $TOOL -c $FIT move web1 --host zz" /dev/null </dev/null | tr -d '\r' >"$T/diag60.out"
env HOME="$T/home" XDG_STATE_HOME="$T/state" LANG=C.UTF-8 "$TOOL" -c "$FIT" move web1 --host zz >"$T/diag.out" 2>&1
if [ "$(LC_ALL=C.UTF-8 wc -L <"$T/diag60.out")" -le 60 ] &&
	grep -qx "virt-migrate: move: Target host 'zz' of the plan for VM" "$T/diag60.out" &&
	grep -qx "  Choose a configured host ('virt-migrate hosts' lists" "$T/diag60.out" &&
	grep -qx "virt-migrate: move: Target host 'zz' of the plan for VM 'web1' is not in the inventory\. Choose a configured host ('virt-migrate hosts' lists them), or add a \[host zz\] section to the configuration\." "$T/diag.out" &&
	grep -qx "error: plan\.target-unknown: .* (Choose a configured host .*configuration\.)" "$T/diag.out"; then
	echo "ok   fit-diagnostics"; passed=$((passed + 1))
else
	echo "FAIL fit-diagnostics: on a terminal of 60 columns:"; sed 's/^/     /' "$T/diag60.out"
	echo "     in a pipe:"; sed 's/^/     /' "$T/diag.out"
	failed=$((failed + 1))
fi

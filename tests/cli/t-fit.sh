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

# tests/cli/t-help.sh — sourced by tests/cli/run: help made from the table of
# commands (src/cli_cmds.c), usage errors in one style, and "did you mean".

# help, on standard output only, exit 0: `CMD --help`, `CMD -h`, `help CMD`
# print the same; `--help` and `help` print the same
for c in $("$TOOL" complete commands | cut -f1); do
	a=$("$TOOL" "$c" --help 2>"$T/help.err"); ra=$?
	b=$("$TOOL" "$c" -h 2>>"$T/help.err"); rb=$?
	h=$("$TOOL" help "$c" 2>>"$T/help.err"); rh=$?
	if [ "$ra$rb$rh" = 000 ] && [ ! -s "$T/help.err" ] && [ "$a" = "$h" ] && [ "$b" = "$h" ] &&
		grep -q "^usage: virt-migrate $c" <<<"$h" && grep -q '^Common options' <<<"$h"; then
		echo "ok   help-$c"; passed=$((passed + 1))
	else
		echo "FAIL help-$c: exit $ra/$rb/$rh; $(cat "$T/help.err")"; failed=$((failed + 1))
	fi
done
if [ "$("$TOOL" help 2>&1)" = "$("$TOOL" --help 2>&1)" ] && [ "$("$TOOL" -h)" = "$("$TOOL" help)" ]; then
	echo "ok   help-is--help"; passed=$((passed + 1))
else
	echo "FAIL help-is--help"; failed=$((failed + 1))
fi
case_ move-help 0 "^      --host HOST " -- move --help
case_ move-help-options 0 "^      --save-answers FILE " -- move --help
case_ move-help-common 0 "^  -c, --config FILE " -- move --help
case_ move-h-after-operand 0 "^usage: virt-migrate move VM " -- move vm1 -h
case_ help-move 0 "^usage: virt-migrate move VM \[--host HOST\]" -- help move
case_ help-move-encrypt 0 "--encrypt disabled\|opportunistic\|required" -- help move
case_ help-lists-help 0 "^  help     \[COMMAND\] " -- help
# a storage-only move needs no --host: the usage line says so (brackets),
# names the pool as --help does, and such a move passes the options
case_ move-usage-host-optional 0 "^usage: virt-migrate move VM \[--host HOST\] " -- help move
if "$TOOL" help move | sed '/^$/q' | grep -qE -- '(^|[^[])--host HOST|DS\b|--datastore DS'; then
	echo "FAIL move-usage-no-required-host: $("$TOOL" help move | head -3)"; failed=$((failed + 1))
else
	echo "ok   move-usage-no-required-host"; passed=$((passed + 1))
fi
case_ move-usage-pool 0 "\[--datastore POOL\] \[--disk DISK=POOL\[:FORMAT\]\]" -- help move
case_ move-storage-only-no-host 1 "unreachable|Host 'a'" -- -c "$T/valid.ini" move x --datastore s --dry-run

# unknown commands and options: one suggestion within two edits
case_ help-nosuch 2 "^virt-migrate: help: unknown command 'nosuch'$" -- help nosuch
case_ help-nosuch-hint 2 "^Try 'virt-migrate help'\.$" -- help nosuch
case_ help-mvoe 2 "^virt-migrate: help: unknown command 'mvoe'; did you mean 'move'\?$" -- help mvoe
case_ mvoe 2 "^virt-migrate: unknown command 'mvoe'; did you mean 'move'\?$" -- mvoe
case_ mvoe-hint 2 "^Try 'virt-migrate help'\.$" -- mvoe
case_ chekc 2 "did you mean 'check'\?" -- chekc vm1
case_ no-suggestion 2 "^virt-migrate: unknown command 'frobnicate'$" -- frobnicate
case_ hidden-not-suggested 2 "^virt-migrate: unknown command 'complet'$" -- complet
case_ move-hots 2 "^virt-migrate: move: unknown option '--hots'; did you mean '--host'\?$" -- move --hots b vm1
case_ move-hots-eq 2 "^virt-migrate: move: unknown option '--hots'; did you mean '--host'\?$" -- move --hots=b vm1
case_ move-dryrun 2 "did you mean '--dry-run'\?$" -- move vm1 --host b --dryrun
case_ check-not-move-option 2 "^virt-migrate: check: unknown option '--delete-source'$" -- check vm1 --delete-source
case_ main-option-suggest 2 "^virt-migrate: unknown option '--jsno'; did you mean '--json'\?$" -- --jsno hosts
case_ move-ambiguous 2 "^virt-migrate: move: option '--d' is ambiguous: --datastore, --disk, --delete-source, --dry-run$" -- move vm1 --d
case_ move-missing-arg 2 "^virt-migrate: move: option '--host' needs an argument, HOST$" -- move vm1 --host
case_ config-missing-arg 2 "^virt-migrate: option '-c' needs an argument, FILE$" -- -c

# one style: exactly "virt-migrate: CMD: MESSAGE" and the hint, on stderr
usage_style() {	# NAME CMD ARGS... (HINT= the command the hint names, if not CMD)
	local name=$1 cmd=$2 out err rc hint
	shift 2
	hint=${HINT-$cmd}
	out=$(env HOME="$T/home" XDG_STATE_HOME="$T/state" "$TOOL" "$@" 2>"$T/style.err"); rc=$?
	err=$(cat "$T/style.err")
	if [ "$rc" = 2 ] && [ -z "$out" ] && [ "$(wc -l <<<"$err")" = 2 ] &&
		grep -qE "^virt-migrate: ${cmd:+$cmd: }[^ ]" <<<"$err" &&
		[ "$(tail -n 1 <<<"$err")" = "Try 'virt-migrate help${hint:+ $hint}'." ] &&
		! grep -qE '^(\./|/)|^(move|check|replay|wizard):|^usage:' <<<"$err"; then
		echo "ok   usage-style-$name"; passed=$((passed + 1))
	else
		echo "FAIL usage-style-$name: exit $rc, stdout '$out', stderr:"
		sed 's/^/     /' <<<"$err"
		failed=$((failed + 1))
	fi
}
usage_style unknown-option move move vm1 --frob
usage_style unknown-short move move vm1 -x
usage_style no-vm move -c "$T/valid.ini" move
usage_style two-vms check -c "$T/valid.ini" check a b
usage_style bad-value move -c "$T/valid.ini" move x --host a --format fat
usage_style bad-limit wizard -c "$T/valid.ini" wizard --max-time -1
usage_style no-host move -c "$T/valid.ini" move x
usage_style replay-option replay replay --frob x
usage_style recover-operand recover recover x
usage_style evc-operands evc evc a b
usage_style hosts-option hosts hosts --dry-run
usage_style main-option "" --frob
usage_style unknown-command "" mvoe
HINT= usage_style help-unknown help help nosuch

# a cluster the config does not have: the closest one
printf '[host a]\naddress = 127.0.0.1\nssh_port = 1\n[cluster lab]\nhosts = a\nevc = off\n' >"$T/cluster.ini"
case_ evc-cluster-suggest 2 "^virt-migrate: evc: no cluster 'lba' in $T/cluster.ini; the clusters are: lab; did you mean 'lab'\?$" -- -c "$T/cluster.ini" evc lba
case_ evc-cluster-unknown 2 "^virt-migrate: evc: no cluster 'zzzzz' in $T/cluster.ini; the clusters are: lab$" -- -c "$T/cluster.ini" evc zzzzz

# tests/cli/t-term.sh — sourced by tests/cli/run: on a terminal the wizard
# cannot draw on (TERM=dumb, unknown, unset), a clear message that names
# the terminal type and points at the commands, exit 2 -- not curses'
# silent exit.  script(1) gives the tool a terminal.
for term in dumb no-such-terminal ''; do
	out=$(env -u TERM ${term:+TERM=$term} HOME="$T/home" XDG_CONFIG_HOME= \
		script -qec "$TOOL wizard" /dev/null </dev/null 2>&1)
	rc=$?
	want="the terminal type '$term' \(TERM\)"
	[ -n "$term" ] || want="TERM is not set"
	if [ "$rc" -eq 2 ] && grep -qE "wizard cannot draw on this terminal: $want" <<<"$out" &&
		grep -q "use the commands (move VM --host HOST, replay FILE)" <<<"$out"; then
		echo "ok   term-${term:-unset}"; passed=$((passed + 1))
	else
		echo "FAIL term-${term:-unset}: exit $rc, output:"; printf '%s\n' "$out" | sed 's/^/     /'
		failed=$((failed + 1))
	fi
done

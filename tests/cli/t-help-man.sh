# tests/cli/t-help-man.sh — sourced by tests/cli/run: virt-migrate(1) lists
# exactly the options of each command's table (src/cli_cmds.c), as the
# tool's own help prints them.  For each command: its SYNOPSIS line names
# the same options as "Options:" of `virt-migrate help CMD` (the common
# ones aside), every option item (.It Fl) in its COMMANDS entry is one of
# them, and each of them is named in that entry; the OPTIONS section holds
# the program's own and the common options.  MAN_PAGE= tries another page.

MAN=${MAN_PAGE:-man/virt-migrate.1}
man_opts=$(awk -f tests/cli/man-options.awk "$MAN" | sort -u)

# The options (--long and -s) of the section of help text that starts at
# a line matching HEADER, one a line.
help_opts() {	# HEADER
	sed -n "/$1/,/^\$/p" | grep -oE -- '^ {2,6}(-[a-zA-Z], )?--[a-z][a-z-]+' |
		grep -oE -- '--[a-z-]+|-[a-zA-Z]' | sort -u
}
man_of() {	# WHERE CMD
	awk -v w="$1" -v c="$2" '$1 == w && $2 == c {print $3}' <<<"$man_opts" | sort -u
}

for c in $("$TOOL" complete commands | cut -f1); do
	h=$("$TOOL" help "$c")
	own=$(help_opts '^Options:$' <<<"$h")
	common=$(help_opts '^Common options' <<<"$h")
	syn=$(comm -23 <(man_of syn "$c") <(echo "$common"))
	desc=$(man_of desc "$c")
	named=$(sort -u <(man_of desc "$c") <(man_of ment "$c"))
	bad=""
	grep -qx "cmd $c -" <<<"$man_opts" || bad="$bad; no SYNOPSIS line"
	[ -n "$common" ] || bad="$bad; 'help $c' lists no common options"
	[ "$own" = "$syn" ] || bad="$bad; SYNOPSIS (>) and the table (<) differ: $(diff <(echo "$own") <(echo "$syn") | grep '^[<>]' | tr '\n' ' ')"
	extra=$(comm -13 <(echo "$own") <(echo "$desc") | grep . | tr '\n' ' ')
	[ -z "$extra" ] || bad="$bad; COMMANDS describes options $c does not take: $extra"
	unnamed=$(comm -23 <(echo "$own") <(echo "$named") | grep . | tr '\n' ' ')
	[ -z "$unnamed" ] || bad="$bad; COMMANDS does not name: $unnamed"
	if [ -z "$bad" ]; then
		echo "ok   man-options-$c"; passed=$((passed + 1))
	else
		echo "FAIL man-options-$c${bad}"; failed=$((failed + 1))
	fi
done
# the program's own options and the common ones: the OPTIONS section
h=$("$TOOL" help)
own=$(help_opts '^Options' <<<"$h")
opt=$(man_of opt -)
if [ -n "$own" ] && [ "$own" = "$opt" ]; then
	echo "ok   man-options-main"; passed=$((passed + 1))
else
	echo "FAIL man-options-main: OPTIONS (>) and the table (<) differ: $(diff <(echo "$own") <(echo "$opt") | grep '^[<>]' | tr '\n' ' ')"
	failed=$((failed + 1))
fi

# tests/cli/t-complete.sh — sourced by tests/cli/run: bash completion, with
# the script sourced into a bash and its function called as bash would, and
# the name cache the tool writes after an inventory (test:///default driver).

C=$T/complete
mkdir -p "$C/cache/virt-migrate" "$C/home"
printf '[host a]\nuri = test:///default\n[host b]\naddress = 127.0.0.1\nssh_port = 1\n\n[cluster lab]\nhosts = a b\nevc = off\n' >"$C/config.ini"

# complete_ NAME EXPECTED -- WORDS... : Tab after WORDS (the last one is the
# word being completed); EXPECTED is the sorted replies joined by spaces.
complete_() {
	local name=$1 want=$2
	shift 4		# "--" and the command's name: the tool under test stands for it
	local got
	got=$(env HOME="$C/home" XDG_CACHE_HOME="$C/cache" XDG_STATE_HOME="$T/state" bash -c '
		. config/completion/virt-migrate
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_virt_migrate
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ \$//"' bash "$TOOL" "$@" 2>&1)
	if [ "$got" = "$want" ]; then
		echo "ok   complete-$name"
		passed=$((passed + 1))
	else
		echo "FAIL complete-$name: got '$got', want '$want'"
		failed=$((failed + 1))
	fi
}

# the cache: written by any command that reads the hosts, 0600, names only
env HOME="$C/home" XDG_CACHE_HOME="$C/cache" XDG_STATE_HOME="$T/state" "$TOOL" -c "$C/config.ini" hosts >/dev/null 2>&1
if [ "$(stat -c %a "$C/cache/virt-migrate/names" 2>&1)" = 600 ] &&
	grep -qxP 'a\tvm\ttest' "$C/cache/virt-migrate/names"; then
	echo "ok   complete-cache-written"; passed=$((passed + 1))
else
	echo "FAIL complete-cache-written: $(ls -l "$C/cache/virt-migrate" 2>&1)"; failed=$((failed + 1))
fi
# names of an unreachable host are kept from an earlier inventory
printf 'b\tvm\told-vm\nb\tpool\tbpool\nb\tnet\tbnet\nz\tvm\tnot-in-config\n' >>"$C/cache/virt-migrate/names"
env HOME="$C/home" XDG_CACHE_HOME="$C/cache" XDG_STATE_HOME="$T/state" "$TOOL" -c "$C/config.ini" vms >/dev/null 2>&1

complete_ commands "$(sed -n '/^Commands:/,/^$/p' <<<"$("$TOOL" --help)" | awk 'NF && $1 != "Commands:" {print $1}' | sort | tr '\n' ' ' | sed 's/ $//')" -- virt-migrate ""
complete_ command-prefix "move" -- virt-migrate mo
complete_ common-options "--accept-new-host-keys" -- virt-migrate --acc
complete_ move-options "--max-downtime --max-time" -- virt-migrate move vm1 --max
complete_ replay-options "--parallel" -- virt-migrate replay f.ini --yes --json --pa
complete_ replay-dry-run "--dry-run" -- virt-migrate replay --dr
complete_ recover-options "--dry-run" -- virt-migrate recover --d
complete_ check-no-move-options "" -- virt-migrate check vm1 --delete
complete_ check-measure-link "--measure-link" -- virt-migrate check vm1 --meas
complete_ move-no-measure-link "" -- virt-migrate move vm1 --meas
complete_ refresh "--refresh" -- virt-migrate vms --ref
complete_ hosts "a b" -- virt-migrate -c "$C/config.ini" move test --host ""
complete_ vms "old-vm test" -- virt-migrate -c "$C/config.ini" move ""
complete_ vm-once "" -- virt-migrate -c "$C/config.ini" move test ""
complete_ datastores "bpool default-pool" -- virt-migrate -c "$C/config.ini" move test --datastore ""
complete_ datastores-of-host "bpool" -- virt-migrate -c "$C/config.ini" move test --host b --datastore ""
complete_ network-right "bnet default" -- virt-migrate -c "$C/config.ini" check test --network default = ""
complete_ network-after-eq "bnet default" -- virt-migrate -c "$C/config.ini" check test --network default =
complete_ disk-pool "default-pool" -- virt-migrate -c "$C/config.ini" check test --host a --disk vda = d
complete_ format "thick thin" -- virt-migrate move test --format th
complete_ kind "both" -- virt-migrate check test --kind b
complete_ clusters "lab" -- virt-migrate -c "$C/config.ini" evc ""
complete_ history-vms-hosts "a b old-vm test" -- virt-migrate -c "$C/config.ini" history ""
complete_ no-config "" -- virt-migrate -c "$C/none.ini" move test --host ""
complete_ replay-file "$C/config.ini" -- virt-migrate replay "$C/conf"
# the words come from the tool's table: for every command, Tab after "--"
# offers exactly the long options its help lists, and the script itself
# names no command and no option of its own
missing=""
for c in $("$TOOL" complete commands | cut -f1); do
	want=$("$TOOL" help "$c" | grep -oE -- '^ {2,6}(-[a-zA-Z], )?--[a-z][a-z-]+' | grep -oE -- '--[a-z-]+' | sort | tr '\n' ' ' | sed 's/ $//')
	got=$(env HOME="$C/home" XDG_STATE_HOME="$T/state" bash -c '
		. config/completion/virt-migrate
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _virt_migrate
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ \$//"' bash "$TOOL" "$c" -- 2>&1)
	[ -n "$want" ] && [ "$got" = "$want" ] || missing="$missing $c(got '$got', want '$want')"
done
listed=$(sed 's/#.*//' config/completion/virt-migrate | grep -oE -- '--[a-z][a-z-]+|\<(check|move|replay|recover|evc|wizard)\>' | sort -u | tr '\n' ' ')
if [ -z "$missing" ] && [ -z "$listed" ]; then
	echo "ok   complete-every-option"; passed=$((passed + 1))
else
	echo "FAIL complete-every-option:$missing${listed:+; listed in the script: $listed}"; failed=$((failed + 1))
fi
# options of the program before a command, and --host=VALUE
complete_ main-options "--version" -- virt-migrate --vers
complete_ help-commands "move" -- virt-migrate help mo
complete_ host-eq "a b" -- virt-migrate -c "$C/config.ini" move test --host = ""

# Names from hosts reach the shell as literal words: a VM named like a
# command substitution runs nothing when Tab is pressed, and is offered
# quoted so that the word bash inserts is the name itself.
E=$C/hostile
mkdir -p "$E/cache/virt-migrate"
printf '[host a]\nuri = test:///default\n' >"$E/config.ini"
{
	printf 'a\tvm\t$(touch %s/pwned1)\n' "$E"
	printf 'a\tvm\t`touch %s/pwned2`\n' "$E"
	printf 'a\tvm\tmy vm\n'
	printf 'a\tvm\t*\n'
	printf 'a\tpool\t$(touch %s/pwned3)\n' "$E"
	printf 'a\tnet\t`touch %s/pwned4`\n' "$E"
} >"$E/cache/virt-migrate/names"
chmod 600 "$E/cache/virt-migrate/names"
# complete_literal NAME EXPECTED_NAMES... -- WORDS: each reply, read back by
# bash as one word, is one of the expected names, in any order.
complete_literal() {
	local name=$1 got want
	shift
	local expect=()
	while [ "$1" != -- ]; do expect+=("$1"); shift; done
	shift 2
	local repo=$PWD
	got=$(cd "$E" && env HOME="$C/home" XDG_CACHE_HOME="$E/cache" XDG_STATE_HOME="$T/state" bash -c '
		. "$0/config/completion/virt-migrate"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_virt_migrate
		printf "%s\n" "${COMPREPLY[@]}" | sort' "$repo" "$TOOL" "$@" 2>&1)
	want=$(for n in "${expect[@]}"; do printf '%q\n' "$n"; done | sort)
	[ ${#expect[@]} -eq 0 ] && want=""
	if [ "$got" = "$want" ] && [ -z "$(ls "$E" | grep pwned)" ]; then
		echo "ok   complete-$name"
		passed=$((passed + 1))
	else
		echo "FAIL complete-$name: got '$got', want '$want'; $(ls "$E" | grep pwned)"
		failed=$((failed + 1))
	fi
}
TOOL=$(realpath "$TOOL") complete_literal literal-vms "\$(touch $E/pwned1)" "\`touch $E/pwned2\`" "my vm" "*" -- \
	virt-migrate -c "$E/config.ini" move ""
TOOL=$(realpath "$TOOL") complete_literal literal-vm-prefix "\$(touch $E/pwned1)" -- \
	virt-migrate -c "$E/config.ini" move '$'
TOOL=$(realpath "$TOOL") complete_literal literal-vm-quoted-prefix "\$(touch $E/pwned1)" -- \
	virt-migrate -c "$E/config.ini" move '\$\(to'
TOOL=$(realpath "$TOOL") complete_literal literal-vm-space "my vm" -- \
	virt-migrate -c "$E/config.ini" move 'my'
TOOL=$(realpath "$TOOL") complete_literal literal-datastores "\$(touch $E/pwned3)" -- \
	virt-migrate -c "$E/config.ini" move test --datastore ""
TOOL=$(realpath "$TOOL") complete_literal literal-networks "\`touch $E/pwned4\`" -- \
	virt-migrate -c "$E/config.ini" check test --network default = ""
TOOL=$(realpath "$TOOL") complete_literal literal-no-glob -- \
	virt-migrate -c "$E/config.ini" move 'con'
for f in pwned1 pwned2 pwned3 pwned4; do
	if [ -e "$E/$f" ] || [ -e "$f" ]; then
		echo "FAIL complete-ran-nothing: $f was created"; failed=$((failed + 1))
		rm -f "$E/$f" "$f"
	fi
done
complete_ encrypt-values "disabled opportunistic required" -- virt-migrate move test --encrypt ""
complete_ encrypt-option "--encrypt" -- virt-migrate move test --enc

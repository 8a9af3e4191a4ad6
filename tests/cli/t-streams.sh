# tests/cli/t-streams.sh — sourced by tests/cli/run: --connections and
# --compress (parallel migration streams and compression) on the command
# line of check, move, evacuate and the wizard; the config's defaults; the
# check's streams.* finding on libvirt's test:/// hosts (which are no QEMU:
# anything asked is refused before start, nothing asked says nothing); the
# answers file carries both keys to replay.  The rule itself:
# tests/unit/test_streams.c; the real thing: tests/lab/t-move-parallel.sh.

S=$T/streams
mkdir -p "$S/home"
printf '[host a]\nuri = test:///default\n[host b]\nuri = test:///default\n' >"$S/test.ini"
printf '[defaults]\nconnections = 4\ncompress = none\n[host a]\nuri = test:///default\n[host b]\nuri = test:///default\n' >"$S/four.ini"

# bad values: named, with what is taken, exit 2, for every command that takes them
for cmd in check move evacuate; do
	for bad in 0 17 x2 -1 ''; do
		case_ "streams-$cmd-connections-'$bad'" 2 "^virt-migrate: $cmd: --connections '$bad': expected a whole number from 1 \(one stream\) to 16$" -- -c "$S/test.ini" $cmd a --connections "$bad"
	done
	case_ "streams-$cmd-compress-lz4" 2 "^virt-migrate: $cmd: --compress 'lz4': expected none, xbzrle, mt \(one stream\), zlib or zstd \(with --connections 2 or more\)$" -- -c "$S/test.ini" $cmd a --compress lz4
done
case_ streams-wizard-connections 2 "^virt-migrate: wizard: --connections '17': expected a whole number from 1" -- -c "$S/test.ini" wizard --connections 17 </dev/null
case_ streams-help-move 0 "^ +--connections N +send a live move's memory over N parallel" -- help move
case_ streams-help-check 0 "^ +--compress none\|xbzrle\|mt\|zlib\|zstd" -- help check

# the check: test:/// hosts are no QEMU, so anything asked is refused before start
case_ streams-check-refused 1 "streams.unsupported +Host 'a' runs TEST, not QEMU" -- -c "$S/test.ini" check test --host b --connections 4
case_ streams-check-combination 1 "streams.unsupported +xbzrle compression works on one migration" -- -c "$S/test.ini" check test --host b --connections 4 --compress xbzrle
out=$(env HOME="$S/home" XDG_STATE_HOME="$S/state" COLUMNS=400 timeout 60 "$TOOL" -c "$S/test.ini" check test --host b 2>&1)
if ! grep -q "streams\." <<<"$out"; then
	echo "ok   streams-check-nothing-asked"; passed=$((passed + 1))
else
	echo "FAIL streams-check-nothing-asked: a streams finding without --connections/--compress:"
	printf '%s\n' "$out" | sed 's/^/     /'; failed=$((failed + 1))
fi
# the config's default applies where the options say nothing; the option wins
case_ streams-check-config-default 1 "streams.unsupported +Host 'a' runs TEST" -- -c "$S/four.ini" check test --host b
out=$(env HOME="$S/home" XDG_STATE_HOME="$S/state" COLUMNS=400 timeout 60 "$TOOL" -c "$S/four.ini" check test --host b --connections 1 2>&1)
if ! grep -q "streams.unsupported" <<<"$out"; then
	echo "ok   streams-check-option-wins"; passed=$((passed + 1))
else
	echo "FAIL streams-check-option-wins:"; printf '%s\n' "$out" | sed 's/^/     /'; failed=$((failed + 1))
fi

# JSON: the plan's streams echoed, the config's defaults filled; null on a usage error
CASE_PREFIX=streams-json CASE_CONFIG=$S/four.ini CASE_DIR=$S CASE_COLUMNS=80
checked_case check-default 1 json check 1 'connections=4' 'compress="none"' 'hosts.0.verdict="errors"' \
	-- --json check test --host b
checked_case check-given 1 json check 1 'connections=2' 'compress="xbzrle"' \
	-- --json check test --host b --connections 2 --compress xbzrle
checked_case move-refused 1 json move 1 'connections=4' 'compress="none"' 'outcome="refused"' \
	-- --json move test --host b
checked_case move-usage 2 json move 2 'connections=null' 'compress=null' \
	-- --json move test --host b --connections 99

# answers: --save-answers writes both keys, replay reads them back (and checks them)
rm -f "$S/saved.ini"
case_ streams-save 1 "streams.unsupported" -- -c "$S/test.ini" move test --host b --dry-run --connections 3 --compress zstd --save-answers "$S/saved.ini"
if grep -qx "connections = 3" "$S/saved.ini" 2>/dev/null && grep -qx "compress = zstd" "$S/saved.ini"; then
	echo "ok   streams-saved-keys"; passed=$((passed + 1))
else
	echo "FAIL streams-saved-keys:"; sed 's/^/     /' "$S/saved.ini" 2>/dev/null; failed=$((failed + 1))
fi
case_ streams-replay 1 "3 parallel streams, zstd compression" -- -c "$S/test.ini" replay --dry-run "$S/saved.ini"
printf '[migration m]\nvm = test\nhost = b\nconnections = 0\n' >"$S/bad.ini"
case_ streams-replay-bad 2 "bad value '0' for key 'connections' in \[migration m\]; expected a whole number from 1 \(one stream\) to 16" -- -c "$S/test.ini" replay --dry-run "$S/bad.ini"
printf '[migration m]\nvm = test\nhost = b\ncompress = gzip\n' >"$S/bad.ini"
case_ streams-replay-bad-compress 2 "bad value 'gzip' for key 'compress'.*expected none, xbzrle, mt, zlib or zstd" -- -c "$S/test.ini" replay --dry-run "$S/bad.ini"

# completion offers the methods (the words come from the option table)
if declare -F complete_ >/dev/null; then
	complete_ streams-compress-values "mt none xbzrle zlib zstd" -- virt-migrate move test --compress ""
	complete_ streams-options "--compress --config --connections" -- virt-migrate move test --co
fi

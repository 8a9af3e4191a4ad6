# tests/cli/t-replay.sh — sourced by tests/cli/run: answers files, replay
# and move --save-answers, without hosts (unreachable ones, or libvirt's
# test:///default driver, whose VM 'test' cannot really move).

A=$T/answers
mkdir -p "$A"
printf '[migration m]\nvm = vm1\nhost = a\nhots = b\n' >"$A/unknown-key.ini"
printf '[migration m]\r\nvm = vm1\r\nhost = a\r\n' >"$A/crlf.ini"
printf '\357\273\277[migration m]\nvm = vm1\nhost = a\n' >"$A/bom.ini"
printf '[migration m]\nvm = vm1\nhost = a\n\n[migration m]\nvm = vm2\nhost = a\n' >"$A/dup.ini"
printf '[migration m]\nhost = a\n' >"$A/no-vm.ini"
printf '[migration m]\nvm = vm1\nhost = a\npriority = urgent\n' >"$A/bad-value.ini"
printf '[migration m]\nvm = vm1\nhost = a\nvm = vm2\n' >"$A/dup-key.ini"
printf '# recorded by hand\n[migration m]\nvm = vm1\nhost = a\n\n[migration n]\nvm = vm2\nhost = a\ndatastore = local\n' >"$A/two.ini"

case_ replay-no-file 2 "^virt-migrate: replay: needs the answers file$" -- replay
case_ replay-two-files 2 "^virt-migrate: replay: takes exactly 1 argument \(FILE\), not 2$" -- replay x y
case_ replay-bad-option 2 "^Try 'virt-migrate help replay'\.$" -- replay --frob x
case_ replay-missing-file 2 "nope.ini: cannot read: No such file" -- replay "$A/nope.ini"
case_ replay-unknown-key 2 "unknown-key.ini:4: unknown key 'hots' in \[migration m\]; expected one of: vm," -- replay "$A/unknown-key.ini"
case_ replay-crlf 2 "crlf.ini:1: .*carriage return \(CRLF" -- replay "$A/crlf.ini"
case_ replay-bom 2 "bom.ini:1: .*byte order mark" -- replay "$A/bom.ini"
case_ replay-dup-section 2 "dup.ini:5: duplicate section '\[migration m\]' \(first at line 1\)" -- replay "$A/dup.ini"
case_ replay-dup-key 2 "dup-key.ini:4: duplicate key 'vm'" -- replay "$A/dup-key.ini"
case_ replay-no-vm 2 "no-vm.ini:1: \[migration m\] has no key 'vm'" -- replay "$A/no-vm.ini"
case_ replay-bad-value 2 "bad-value.ini:4: bad value 'urgent' for key 'priority'.*high or standard" -- replay "$A/bad-value.ini"
# a real run with nobody to confirm it: refused before any host is asked
case_ replay-needs-yes 2 "not a terminal.*add --yes" -- -c "$T/valid.ini" replay "$A/two.ini" </dev/null
# every section's reasons, with its name; nothing done.  No host answers: the
# VMs may be there (plan.vm-unseen, a finding: exit 1, not a name that names
# nothing, which t-names.sh tries)
printf '[host a]\naddress = 127.0.0.1\nssh_port = 1\n[host b]\naddress = 127.0.0.1\nssh_port = 1\n' >"$A/two-hosts.ini"
case_ replay-refused-m 1 "^\[m\] error: plan.vm-unseen: VM 'vm1'" -- -c "$A/two-hosts.ini" replay "$A/two.ini" --dry-run
case_ replay-refused-n 1 "^\[n\] error: plan.vm-unseen: VM 'vm2'" -- -c "$A/two-hosts.ini" replay "$A/two.ini" --dry-run
case_ replay-refused-host 1 "^\[hosts\] error: host.unreachable: Host 'b'" -- -c "$A/two-hosts.ini" replay "$A/two.ini" --dry-run
case_ replay-refused-summary 1 "^refused: 4 errors \(2 of 2 migrations, 2 about hosts\); nothing was done" -- -c "$A/two-hosts.ini" replay "$A/two.ini" --dry-run --yes
out=$(env HOME="$T/home" XDG_STATE_HOME="$T/state" "$TOOL" -c "$A/two-hosts.ini" --json replay "$A/two.ini" --dry-run 2>/dev/null)
if [ "$(perl -MJSON::PP -e 'my $d = decode_json(join "", <STDIN>);
	print join " ", $d->{outcome}, $d->{exit}, $d->{recorded},
		join ",", map { "$_->{name}:$_->{findings}[0]{code}" } @{ $d->{migrations} }' <<<"$out" 2>&1)" = \
	"refused 1 by hand m:plan.vm-unseen,n:plan.vm-unseen" ]; then
	echo "ok   replay-json"; passed=$((passed + 1))
else
	echo "FAIL replay-json: $out"; failed=$((failed + 1))
fi

# move --save-answers: written even when the checks fail now (replay checks
# again), mode 0600, and replay reads it back
printf '[host a]\nuri = test:///default\n[host b]\nuri = test:///default\n' >"$A/test-driver.ini"
case_ save-answers 1 "answers saved to $A/saved.ini" -- -c "$A/test-driver.ini" move test --host b --save-answers "$A/saved.ini" --dry-run --max-downtime 250 --priority high
if [ "$(stat -c %a "$A/saved.ini" 2>&1)" = 600 ] && grep -qx 'vm = test' "$A/saved.ini" &&
	grep -qx 'max_downtime_ms = 250' "$A/saved.ini" && grep -qx 'priority = high' "$A/saved.ini" &&
	grep -qE '^# recorded .* by virt-migrate [0-9.]+ from hosts a, b$' "$A/saved.ini"; then
	echo "ok   save-answers-file"; passed=$((passed + 1))
else
	echo "FAIL save-answers-file:"; ls -l "$A/saved.ini"; cat "$A/saved.ini"; failed=$((failed + 1))
fi
case_ replay-saved 1 "^\[test\] error: mem.insufficient" -- -c "$A/test-driver.ini" replay "$A/saved.ini" --dry-run
case_ save-answers-no-dir 2 "$A/no/dir.ini: cannot create a file next to it" -- -c "$A/test-driver.ini" move test --host b --save-answers "$A/no/dir.ini" --dry-run
# what the sections need together that none needs alone: two VMs of host t
# (the wizard's fixtures) whose disks each fit its datastore 'spare', not
# both; refused at once and in order alike (the disks stay), one alone passes
cat >"$A/together.ini" <<EOF2
[cluster pair]
hosts = t s
[host t]
uri = test://$PWD/tests/tui/fixtures/host-t.xml
[host s]
uri = test://$PWD/tests/tui/fixtures/host-s.xml
EOF2
chmod 600 "$A/together.ini"
printf '[migration one]\nvm = t1\ndatastore = spare\n\n[migration two]\nvm = t2\ndatastore = spare\n' >"$A/t-both.ini"
printf '[migration one]\nvm = t1\ndatastore = spare\n' >"$A/t-one.ini"
case_ replay-together-parallel 1 "^\[hosts\] error: storage.together: Datastore 'spare' of host t has 55\.0 GiB available, but the disks of the 2 VMs copied there need 80\.0 GiB together" -- -c "$A/together.ini" replay "$A/t-both.ini" --parallel --dry-run
case_ replay-together-in-order 1 "^refused: 1 error \(0 of 2 migrations, 1 about hosts\); nothing was done" -- -c "$A/together.ini" replay "$A/t-both.ini" --dry-run
case_ replay-together-one 0 "^dry run: the checks passed; 1 migration would run" -- -c "$A/together.ini" replay "$A/t-one.ini" --dry-run

# tests/cli/t-plan-rules.sh — sourced by tests/cli/run: the plan's one rule
# of kinds and its one table of limits, as the command line applies them
# (engine/plan_kind.c, engine/plan_limit.c; the engine's side is in
# tests/unit/test_plan_rules.c).  No host is needed: every case stops at
# the options, or at the check that a move names its host.

# Each limit: its max passes the option (the command stops later, at the
# missing host or terminal), max + 1 is refused naming the range.
while read -r opt max; do
	case_ "move$opt-max" 2 "move needs the target host" -- -c "$T/valid.ini" move x "$opt" "$max"
	case_ "move$opt-over" 2 "^virt-migrate: move: $opt '$((max + 1))': expected a whole number from 0 to $max$" -- -c "$T/valid.ini" move x --host a "$opt" "$((max + 1))"
	case_ "wizard$opt-max" 2 "the wizard needs a terminal" -- -c "$T/valid.ini" wizard "$opt" "$max" </dev/null
	case_ "wizard$opt-over" 2 "^virt-migrate: wizard: $opt '$((max + 1))': expected a whole number from 0 to $max$" -- -c "$T/valid.ini" wizard "$opt" "$((max + 1))"
done <<'EOF'
--max-downtime 600000
--max-time 86400
--bandwidth 1000000
EOF
case_ move-limit-sign 2 "^virt-migrate: move: --max-time '-1': expected a whole number" -- -c "$T/valid.ini" move x --host a --max-time -1
case_ move-limit-control 2 "^virt-migrate: move: --bandwidth '1\\\\x1b': expected" -- -c "$T/valid.ini" move x --host a --bandwidth "$(printf '1\033')"

# Kinds: compute moves no disk; compute and both need a host, storage not.
case_ kind-compute-datastore 2 "^virt-migrate: move: --kind compute moves no disk; drop --datastore/--disk or use --kind both" -- -c "$T/valid.ini" move x --host a --kind compute --datastore s
case_ kind-compute-disk 2 "^virt-migrate: check: --kind compute moves no disk" -- -c "$T/valid.ini" check x --kind compute --disk vda=s
case_ kind-compute-disk-no-host 2 "^virt-migrate: move: --kind compute moves no disk" -- -c "$T/valid.ini" move x --kind compute --disk vda=s
case_ kind-both-no-host 2 "move needs the target host" -- -c "$T/valid.ini" move x --kind both --datastore s
case_ kind-compute-no-host 2 "move needs the target host" -- -c "$T/valid.ini" move x --kind compute

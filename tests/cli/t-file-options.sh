# tests/cli/t-file-options.sh — sourced by tests/cli/run: the options that
# name a file (--save-answers of move and evacuate, --record, --return;
# cli_plan_file_option in src/cli_plan.c) refuse an empty name with one
# usage line each, exit 2, before any configuration is read.
for c in "move-save-answers|move vm --save-answers=|move: --save-answers needs a file name" \
	"evacuate-save-answers|evacuate a --save-answers=|evacuate: --save-answers needs a file name" \
	"evacuate-record|evacuate a --record=|evacuate: --record needs a file name" \
	"evacuate-return|evacuate --return=|evacuate: --return needs the file an evacuation recorded"; do
	IFS='|' read -r name args want <<<"$c"
	# shellcheck disable=SC2086
	case_ "empty-file-$name" 2 "^virt-migrate: $want\$" -- $args
done
case_ empty-file-separate-arg 2 "^virt-migrate: move: --save-answers needs a file name\$" \
	-- move vm --save-answers ""
case_ empty-file-json 2 '"error":\{"message":"--record needs a file name",' \
	-- --json evacuate a --record=

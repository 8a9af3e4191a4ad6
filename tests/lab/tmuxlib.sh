# tests/lab/tmuxlib.sh — drive the wizard in tmux: its own server socket, a
# fixed size, keys sent, the screen read back.  Waits poll the screen; no
# test sleeps for a fixed time.  Sourced by tests/tui/run and the lab's
# t-wizard-*.sh (after testlib.sh there).
#
#   TMUX_WRAP=(lab_enter op)   run every tmux command through this (the lab)
#   TMUX_SOCK=PATH             the server socket (default: $TMP/tmux.sock)

TMUX_WRAP=(${TMUX_WRAP[@]+"${TMUX_WRAP[@]}"})
: "${TMUX_SOCK:=${TMP:?}/tmux.sock}"
TMUX_COLS=${TMUX_COLS:-100}
TMUX_ROWS=${TMUX_ROWS:-30}

tm() {
	${TMUX_WRAP[@]+"${TMUX_WRAP[@]}"} tmux -u -S "$TMUX_SOCK" -f /dev/null "$@"
}

# Start COMMAND (one shell string) in a new session of COLS x ROWS.  The
# pane stays after the command ends, showing "[exit N]"; tmux_status reads N.
tmux_start() {	# COMMAND
	tm kill-server >/dev/null 2>&1 || true
	rm -f "$TMUX_SOCK.status"
	# an idle pane first, so that the options hold before COMMAND runs
	tm new-session -d -s wz -x "$TMUX_COLS" -y "$TMUX_ROWS" "exec sleep 100000"
	tm set-option -g remain-on-exit on >/dev/null
	tm set-option -g status off >/dev/null
	tm respawn-pane -k -t wz "$1; st=\$?; echo \"[exit \$st]\"; echo \$st >$TMUX_SOCK.status"
}

tmux_stop() {
	tm kill-server >/dev/null 2>&1 || true
}

tmux_keys() {	# KEY... (tmux key names: Enter, Escape, F10, Down, BTab, ...)
	tm send-keys -t wz "$@"
}

tmux_text() {	# TEXT — typed literally
	tm send-keys -t wz -l "$1"
}

tmux_screen() {
	tm capture-pane -p -t wz
}

tmux_resize() {	# COLS ROWS
	tm resize-window -t wz -x "$1" -y "$2"
}

# Wait until the screen matches the extended regex; prints the screen and
# returns 1 after SECONDS (default 10).
tmux_wait() {	# REGEX [SECONDS]
	local re=$1 secs=${2:-10} end s
	end=$((SECONDS + secs))
	while :; do
		s=$(tmux_screen 2>/dev/null) || s=""
		grep -qE -- "$re" <<<"$s" && return 0
		if [ $SECONDS -ge "$end" ]; then
			echo "no /$re/ on the screen within $secs s; the screen:" >&2
			sed 's/^/  > /' <<<"$s" >&2
			return 1
		fi
		sleep 0.1
	done
}

# Wait until the screen no longer matches.
tmux_wait_gone() {	# REGEX [SECONDS]
	local re=$1 secs=${2:-10} end s
	end=$((SECONDS + secs))
	while :; do
		s=$(tmux_screen 2>/dev/null) || s=""
		grep -qE -- "$re" <<<"$s" || return 0
		if [ $SECONDS -ge "$end" ]; then
			echo "/$re/ still on the screen after $secs s" >&2
			sed 's/^/  > /' <<<"$s" >&2
			return 1
		fi
		sleep 0.1
	done
}

# The exit status of the pane's command once it has ended (waits SECONDS).
tmux_status() {	# [SECONDS]
	local secs=${1:-10} end
	end=$((SECONDS + secs))
	until [ -s "$TMUX_SOCK.status" ]; do
		[ $SECONDS -lt "$end" ] || { echo "still running"; return 1; }
		sleep 0.1
	done
	cat "$TMUX_SOCK.status"
}

# Press KEY (default Down) until the screen matches REGEX, each press waiting
# for the screen to change; at most N presses (default 20).
tmux_seek() {	# REGEX [KEY] [N]
	local re=$1 key=${2:-Down} n=${3:-20} i s before end
	for ((i = 0; i <= n; i++)); do
		s=$(tmux_screen 2>/dev/null) || s=""
		grep -qE -- "$re" <<<"$s" && return 0
		[ "$i" -lt "$n" ] || break
		before=$s
		tmux_keys "$key"
		end=$((SECONDS + 3))
		while [ "$s" = "$before" ] && [ $SECONDS -lt $end ]; do
			sleep 0.05
			s=$(tmux_screen 2>/dev/null) || s=""
		done
	done
	echo "no /$re/ on the screen after $n presses of $key; the screen:" >&2
	sed 's/^/  > /' <<<"$s" >&2
	return 1
}

# The wizard in the lab: start it in the operator namespace on VM_TOOL,
# wait for the VM list, choose VM by the filter.
wizard_lab_start() {	# VM [ARGS]
	tmux_start "env LANG=C.UTF-8 ASAN_OPTIONS=$ASAN_OPTIONS LSAN_OPTIONS=$LSAN_OPTIONS $VM_TOOL ${2:-} 2>$TMP/err"
	tmux_wait "Select a virtual machine" 60 || fail "no VM list"
	tmux_keys /
	tmux_text "$1"
	tmux_keys Enter
	tmux_wait "Filter: $1 " || fail "the filter"
	tmux_wait "^>  $1 " || fail "the cursor is not on $1"
	tmux_keys Enter
	tmux_wait "Select the migration type" || fail "no type step"
}

# The wizard's Ready to complete screen into $TMP/ready.screen; each REGEX
# must be on it (the screen is shown when one is not).
wizard_lab_summary() {	# REGEX...
	local re
	tmux_screen >"$TMP/ready.screen"
	for re in "$@"; do
		grep -qE -- "$re" "$TMP/ready.screen" && continue
		cat "$TMP/ready.screen"
		fail "summary lacks /$re/"
	done
}

# No sanitizer report in the wizard's stderr ($TMP/err).
wizard_lab_clean() {
	if grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$TMP/err"; then
		cat "$TMP/err"
		fail "sanitizer report"
	fi
}

# Finish from the summary, wait for the result; exit status into $rc.
wizard_lab_finish() {	# DONE_REGEX [SECONDS [RUNNING_REGEX]]
	tmux_keys F10
	tmux_wait "^ Progress: VM " 30 || fail "no progress screen"
	if [ -n "${3:-}" ]; then
		tmux_wait "$3" 120 || fail "no /$3/ while it runs"
		tmux_screen >"$TMP/running.screen"
	fi
	tmux_wait "$1" "${2:-240}" || fail "no /$1/"
	tmux_screen >"$TMP/done.screen"
	tmux_keys Enter
	rc=$(tmux_status 60)
	wizard_lab_clean
	echo "wizard exit status $rc; the last screen:"
	sed 's/^/  | /' "$TMP/done.screen"
}

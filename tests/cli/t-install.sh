# tests/cli/t-install.sh — sourced by tests/cli/run: `make install` and
# `make uninstall` of the ./virt-migrate the caller built (never rebuilt
# here: make -o virt-migrate), into temporary trees, without root:
#   - PREFIX=a temporary directory, DESTDIR empty: the real layout; the
#     installed program runs from there, finds its themes in
#     PREFIX/share/virt-migrate (seen in its log, through a pty), and its man
#     pages name the installed paths, never /usr/local;
#   - DESTDIR=a temporary directory, PREFIX=/opt/vmtest: a packager's staging
#     install; the pages name /opt/vmtest, never DESTDIR;
#   - uninstall with the same variables leaves only empty directories, and
#     keeps a file it did not install.

inst_ok() { echo "ok   install-$1"; passed=$((passed + 1)); }
inst_fail() {	# NAME WHAT...
	local name=$1
	shift
	echo "FAIL install-$name: $*"
	failed=$((failed + 1))
}
# make install/uninstall with only the variables given (none from the
# environment or from a calling make), the binary as it is.
inst_make() {	# TARGET VAR=VALUE...
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DESTDIR -u PREFIX -u BINDIR -u MANDIR \
		-u DATADIR -u BASHCOMPDIR make -s --no-print-directory -o virt-migrate \
		B="$B" "$@" >>"$IT/make.log" 2>&1
}
# What is left under DIR that is not a directory, one path a line.
inst_left() { find "$1" ! -type d | sort; }

install_tests() {
	local IT=$T/install
	if [ ! -x virt-migrate ]; then
		echo "skip install: no ./virt-migrate (make all first)"
		return
	fi
	mkdir -p "$IT"
	local P=$IT/prefix nthemes
	nthemes=$(ls themes/*.ini | wc -l)

	# --- the real layout: PREFIX a temporary directory, no DESTDIR ---
	if ! inst_make install PREFIX="$P"; then
		inst_fail prefix "make install PREFIX=$P failed:"; sed 's/^/     /' "$IT/make.log"
		return
	fi
	local got
	got=$(cd "$P" && find . ! -type d | LC_ALL=C sort | tr '\n' ' ')
	local want
	want=$({
		printf '%s\n' ./bin/virt-migrate ./share/bash-completion/completions/virt-migrate \
			./share/man/man1/virt-migrate.1 ./share/man/man5/virt-migrate.conf.5
		for f in config/examples/*.ini; do echo "./share/virt-migrate/examples/${f##*/}"; done
		for f in themes/*.ini; do echo "./share/virt-migrate/themes/${f##*/}"; done
	} | LC_ALL=C sort | tr '\n' ' ')
	if [ "$got" = "$want" ] && [ "$(stat -c %a "$P/bin/virt-migrate")" = 755 ] &&
		[ "$(stat -c %a "$P/share/man/man1/virt-migrate.1")" = 644 ] &&
		[ "$(stat -c %a "$P/share/virt-migrate/examples/config.ini")" = 644 ]; then
		inst_ok files
	else
		inst_fail files "got: $got; want: $want ($nthemes themes)"
	fi
	got=$("$P/bin/virt-migrate" --version 2>&1)
	if [[ $got =~ ^virt-migrate\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; then
		inst_ok version
	else
		inst_fail version "$got"
	fi

	# The installed pages name the installed paths (rendered by man -M, else
	# mandoc), and nothing under /usr/local.
	local page pages data=$P/share/virt-migrate
	if command -v man >/dev/null && MANPAGER=cat man -M "$P/share/man" virt-migrate >/dev/null 2>&1; then
		pages=$(MANPAGER=cat MANWIDTH=200 man -M "$P/share/man" virt-migrate 2>/dev/null
			MANPAGER=cat MANWIDTH=200 man -M "$P/share/man" 5 virt-migrate.conf 2>/dev/null)
	else
		pages=$(for page in "$P"/share/man/man*/*; do mandoc -Tascii -Owidth=200 "$page"; done 2>&1)
	fi
	pages=$(sed 's/.\x08//g' <<<"$pages")
	if grep -qF "$data/themes/" <<<"$pages" && grep -qF "$data/examples/config.ini" <<<"$pages" &&
		grep -qF "$P/share/bash-completion/completions/virt-migrate" <<<"$pages" &&
		! grep -q /usr/local <<<"$pages" && ! grep -q /usr/local "$P"/share/man/man*/*; then
		inst_ok man-paths
	else
		inst_fail man-paths "the installed pages do not name $data, or name /usr/local:" \
			"$(grep -nE "/usr/local|share/virt-migrate" <<<"$pages" | head -n 5)"
	fi

	# The installed program finds its installed themes: the wizard, on a pty,
	# logs where its theme came from; q leaves it.
	if command -v script >/dev/null; then
		local H=$IT/home log=$IT/state/virt-migrate/virt-migrate.log real
		real=$(cd "$data" && pwd -P)
		mkdir -p "$H"
		printf '[host a]\nuri = test:///default\n' >"$IT/config.ini"
		{
			for _ in $(seq 100); do
				grep -q "wizard: theme" "$log" 2>/dev/null && break
				sleep 0.1
			done
			sleep 0.2
			printf q
		} | timeout 30 script -qec "env -u NO_COLOR HOME=$H XDG_CONFIG_HOME= XDG_STATE_HOME=$IT/state TERM=xterm LANG=C.UTF-8 $P/bin/virt-migrate -c $IT/config.ini --theme dark wizard" /dev/null >/dev/null 2>&1
		if grep -qF "wizard: theme 'dark' from $real/themes/dark.ini" "$log" 2>/dev/null; then
			inst_ok theme-found
		else
			inst_fail theme-found "no line \"wizard: theme 'dark' from $real/themes/dark.ini\" in the log:" \
				"$(grep wizard "$log" 2>&1 | head -n 5)"
		fi
	else
		echo "skip install-theme-found: no script(1) for a pty"
	fi

	# uninstall: every file install put there, not a file it did not
	printf '[colors]\ntitle = red\n' >"$data/themes/mine.ini"
	inst_make uninstall PREFIX="$P" || inst_fail uninstall "make uninstall failed: $(cat "$IT/make.log")"
	got=$(inst_left "$P" | tr '\n' ' ')
	if [ "$got" = "$data/themes/mine.ini " ]; then
		inst_ok uninstall-keeps-foreign
	else
		inst_fail uninstall-keeps-foreign "left: '$got' (want only $data/themes/mine.ini)"
	fi
	rm -f "$data/themes/mine.ini"
	inst_make uninstall PREFIX="$P"
	if [ -z "$(inst_left "$P")" ] && [ ! -e "$data" ]; then
		inst_ok uninstall-prefix
	else
		inst_fail uninstall-prefix "left: $(inst_left "$P" | tr '\n' ' ') $(ls -d "$data" 2>/dev/null)"
	fi

	# --- a staging install: DESTDIR=temporary, PREFIX=/opt/vmtest ---
	local D=$IT/stage S=/opt/vmtest
	if ! inst_make install DESTDIR="$D" PREFIX="$S"; then
		inst_fail destdir "make install DESTDIR=$D PREFIX=$S failed:"; sed 's/^/     /' "$IT/make.log"
		return
	fi
	if [ -x "$D$S/bin/virt-migrate" ] && [ "$(ls "$D$S/share/virt-migrate/themes/"*.ini | wc -l)" = "$nthemes" ] &&
		[ -f "$D$S/share/virt-migrate/examples/config.ini" ] &&
		[ "$(ls -A "$D")" = opt ]; then
		inst_ok destdir-files
	else
		inst_fail destdir-files "$(cd "$D" && find . | sort | tr '\n' ' ')"
	fi
	if grep -qF "$S/share/virt-migrate/themes/" "$D$S/share/man/man1/virt-migrate.1" &&
		grep -qF "$S/share/virt-migrate/examples/config.ini" "$D$S/share/man/man5/virt-migrate.conf.5" &&
		! grep -qE "/usr/local|$D" "$D$S"/share/man/man*/*; then
		inst_ok destdir-man-paths
	else
		inst_fail destdir-man-paths "$(grep -nE "/usr/local|$D|share/virt-migrate" "$D$S"/share/man/man*/* | head -n 5)"
	fi
	got=$("$D$S/bin/virt-migrate" --version 2>&1)
	[[ $got =~ ^virt-migrate\ [0-9] ]] && inst_ok destdir-version || inst_fail destdir-version "$got"
	inst_make uninstall DESTDIR="$D" PREFIX="$S" ||
		inst_fail destdir-uninstall "make uninstall failed: $(cat "$IT/make.log")"
	if [ -z "$(inst_left "$D")" ] && [ ! -e "$D$S/share/virt-migrate" ]; then
		inst_ok destdir-uninstall
	else
		inst_fail destdir-uninstall "left: $(inst_left "$D" | tr '\n' ' ')"
	fi
}

install_tests
unset -f install_tests inst_ok inst_fail inst_make inst_left

# tests/cli/t-man-env.sh — sourced by tests/cli/run: the ENVIRONMENT and
# FILES sections of the man pages say what the code reads.
#
#  man-env-getenv-literal   every getenv()/secure_getenv() in src/ engine/ ui/
#                           config/ names its variable as a string literal
#                           (else this test cannot see it: add it below)
#  man-env-documented       each of those variables, and each one of LIB_VARS,
#                           has an item (.It Ev NAME) in virt-migrate(1)'s
#                           ENVIRONMENT
#  man-env-read-PAGE        every .Ev NAME in a page's ENVIRONMENT is read by
#                           the code or is one of LIB_VARS
#  man-files-PAGE           every path of a page's FILES items (.It Pa ...)
#                           is spelled by the code, or is one of LIB_PATHS or
#                           INSTALLED_PATHS: its components ($VAR, ~ and Ar
#                           parts stand for anything) each appear as a path
#                           component in a string literal of the code, and an
#                           absolute path's first two components appear
#                           together (/etc/virt-migrate, /run/virt-migrate)
#
# MAN_PAGE= and MAN5_PAGE= try other pages (as in t-help-man.sh).

MAN1=${MAN_PAGE:-man/virt-migrate.1}
MAN5=${MAN5_PAGE:-man/virt-migrate.conf.5}
CODE_DIRS="src engine ui config"

# Read on the tool's behalf by a library, not by a getenv() of ours; each
# matters to an operator, so each is documented.
LIB_VARS=(
	SSH_AUTH_SOCK	# libssh (its agent code) for the tool's own SSH session;
			# libvirt passes it on to the ssh(1) of its connections
	SHELL		# libssh: runs a ProxyCommand/ProxyJump of ~/.ssh/config with $SHELL -c
	PATH		# libc: execvp("ssh") in src/main.c (virt-migrate-ssh); the ssh of a ProxyJump
	COLUMNS		# ncurses (use_env, on by default): the wizard's width when exported
	LINES		# ncurses (use_env, on by default): the wizard's height when exported
)
# Read by libssh (ssh_options_parse_config(), ssh_session_is_known_server())
# and by ssh(1), never named by the code.
LIB_PATHS=(
	/etc/ssh/ssh_config		# libssh: read after ~/.ssh/config
	/etc/ssh/ssh_known_hosts	# libssh: its global known_hosts file
	"~/.ssh/config"			# libssh: ssh_options_parse_config(s, NULL)
	"~/.ssh/known_hosts"		# libssh: the default SSH_OPTIONS_KNOWNHOSTS
)
# Put there by `make install` (PREFIX /usr/local): PATH|what the Makefile says.
INSTALLED_PATHS=(
	"/usr/local/share/bash-completion/completions/virt-migrate|\$(BASHCOMPDIR)/virt-migrate"
	"/usr/local/share/virt-migrate/examples/config.ini|\$(DATADIR)/examples/"
)

# The lines of section NAME of a page.
menv_section() {	# PAGE NAME
	awk -v s=".Sh $2" '/^\.Sh /{ins = ($0 == s); next} ins' "$1"
}
# The variable names given to Ev on the lines read (".It Ev A , B" gives both).
menv_ev_names() {
	awk '{for (i = 1; i <= NF; i++) if ($i == "Ev") for (j = i + 1; j <= NF; j++) {
		if ($j == ",") continue
		if ($j ~ /^[A-Z_][A-Z0-9_]*$/) print $j; else break
	}}' | sort -u
}
menv_ok() { echo "ok   $1"; passed=$((passed + 1)); }
menv_fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# --- ENVIRONMENT ---------------------------------------------------------------
# (a "getenv()" of a comment is no call)
calls=$(grep -rnE '\b(secure_)?getenv[[:space:]]*\([^)]' $CODE_DIRS --include='*.c' --include='*.h')
nonlit=$(grep -vE '\b(secure_)?getenv[[:space:]]*\([[:space:]]*"[A-Za-z_][A-Za-z0-9_]*"' <<<"$calls" | grep .)
code_vars=$(grep -oE '\b(secure_)?getenv[[:space:]]*\([[:space:]]*"[A-Za-z_][A-Za-z0-9_]*"' <<<"$calls" |
	sed -E 's/.*"([^"]+)"/\1/' | sort -u)
lib_vars=$(printf '%s\n' "${LIB_VARS[@]}" | sort -u)
if [ -z "$nonlit" ] && [ -n "$code_vars" ]; then
	menv_ok man-env-getenv-literal
else
	menv_fail "man-env-getenv-literal: a getenv() without a literal name (or none found):"
	printf '%s\n' "$nonlit" | sed 's/^/     /'
fi
heads=$(menv_section "$MAN1" ENVIRONMENT | grep -E '^\.It Ev ' | menv_ev_names)
missing=$(comm -23 <(sort -u <(echo "$code_vars") <(echo "$lib_vars")) <(echo "$heads") | grep . | tr '\n' ' ')
if [ -n "$heads" ] && [ -z "$missing" ]; then
	menv_ok man-env-documented
else
	menv_fail "man-env-documented: read but without an item (.It Ev) in ENVIRONMENT of $MAN1: ${missing:-(no items at all)}"
fi
for page in "$MAN1" "$MAN5"; do
	named=$(menv_section "$page" ENVIRONMENT | menv_ev_names)
	unknown=$(comm -23 <(echo "$named") <(sort -u <(echo "$code_vars") <(echo "$lib_vars")) | grep . | tr '\n' ' ')
	if [ -z "$unknown" ]; then
		menv_ok "man-env-read-${page##*/}"
	else
		menv_fail "man-env-read-${page##*/}: in ENVIRONMENT but read by neither the code nor a library of LIB_VARS: $unknown"
	fi
done

# --- FILES ---------------------------------------------------------------------
# The code's string literals, one a line (escapes kept as written: "\n").
menv_literals=$(find $CODE_DIRS \( -name '*.c' -o -name '*.h' \) -print0 | xargs -0 cat |
	perl -ne 'print "$1\n" while /"((?:[^"\\\n]|\\.)*)"/g')
menv_lib_paths=$(printf '%s\n' "${LIB_PATHS[@]}")

# The paths of the FILES items of a page, one a line, the Ar parts as '*';
# "Pa a , b" gives two.
menv_paths() {	# PAGE
	menv_section "$1" FILES | grep -E '^\.It Pa ' | awk '{
		out = ""; ar = 0
		for (i = 2; i <= NF; i++) {
			t = $i; gsub(/\\&/, "", t)
			if (t == "Pa") { ar = 0; continue }
			if (t == "Ar") { ar = 1; continue }
			if (t == "Ns") continue
			if (t == ",") { if (out != "") print out; out = ""; continue }
			out = out (ar ? "*" : t)
		}
		if (out != "") print out
	}'
}

# Why path P (as menv_paths gives it, a leading $VAR or ~ as '*') is not
# spelled by the code, or nothing.
menv_path_unknown() {	# P
	perl -e '
		my $p = shift;
		chomp(my @lit = <STDIN>);
		# a path component: after a "/" or "%s", or before one, or the
		# whole literal; never a word of a sentence
		my $pa = q{(?:/|%s)};
		my $end = q{(?:$|[/),:;]|%s|\\\\n)};
		my @bad;
		my @runs = split /\*/, $p, -1;
		for my $k (0 .. $#runs) {
			my @c = grep { $_ ne "" && $_ ne "." && $_ ne ".." } split m{/}, $runs[$k];
			if ($k == 0 && $runs[0] =~ m{^/}) {
				my $pre = "/$c[0]/$c[1]";
				push @bad, "$pre (no literal holds it)" unless grep { index($_, $pre) >= 0 } @lit;
				splice @c, 0, 2;
			}
			for my $c (@c) {
				my $re = qr{$pa\Q$c\E$end|(?:^|[=/]|%s)\Q$c\E$pa|^\Q$c\E$};
				push @bad, $c unless grep { $_ =~ $re } @lit;
			}
		}
		print join(", ", @bad);
	' "$1" <<<"$menv_literals"
}

for page in "$MAN1" "$MAN5"; do
	paths=$(menv_paths "$page")
	bad=""
	while IFS= read -r p; do
		[ -n "$p" ] || continue
		grep -qxF -- "$p" <<<"$menv_lib_paths" && continue
		inst=""
		for e in "${INSTALLED_PATHS[@]}"; do
			[ "${e%%|*}" = "$p" ] && inst=${e#*|}
		done
		if [ -n "$inst" ]; then
			grep -qF -- "$inst" Makefile || bad="$bad; $p: the Makefile installs no $inst"
			continue
		fi
		why=$(menv_path_unknown "$(sed -E 's/^(\$[A-Z_]+|~)/*/' <<<"$p")")
		[ -z "$why" ] || bad="$bad; $p: not in the code: $why"
	done <<<"$paths"
	if [ "$(grep -c . <<<"$paths")" -lt 3 ]; then
		menv_fail "man-files-${page##*/}: fewer than 3 paths found in FILES of $page"
	elif [ -z "$bad" ]; then
		menv_ok "man-files-${page##*/}"
	else
		menv_fail "man-files-${page##*/}${bad}"
	fi
done

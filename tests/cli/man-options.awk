# tests/cli/man-options.awk — the options virt-migrate(1) gives each command,
# one "WHERE COMMAND OPTION" line each (used by tests/cli/t-help-man.sh):
#   syn CMD OPT    in CMD's SYNOPSIS line (between .Nm and the next .Nm)
#   desc CMD OPT   an item (.It Fl ...) of a list inside CMD's entry in COMMANDS
#   ment CMD OPT   named anywhere in CMD's entry in COMMANDS
#   opt - OPT      an item of the OPTIONS section
#   cmd CMD -      CMD has a line in the SYNOPSIS
# "Fl Fl name" is --name; "Fl xy" is -x and -y.

# every option a line of mdoc names
function options(line, where, cmd,    n, t, i, k) {
	n = split(line, t, /[ \t]+/)
	sub(/^\./, "", t[1])	# ".Fl Fl name" as "Fl Fl name"
	for (i = 1; i <= n; i++) {
		if (t[i] != "Fl" || i == n)
			continue
		if (t[i + 1] == "Fl" && i + 2 <= n) {
			sub(/[^a-z-].*/, "", t[i + 2])
			if (t[i + 2] != "")
				print where, cmd, "--" t[i + 2]
			i += 2
		} else if (t[i + 1] ~ /^[a-zA-Z]+$/) {
			for (k = 1; k <= length(t[i + 1]); k++)
				print where, cmd, "-" substr(t[i + 1], k, 1)
			i++
		}
	}
}

/^\.Sh / { section = $2; depth = 0; cmd = "-"; next }

section == "SYNOPSIS" {
	if ($0 ~ /^\.Nm/) { cmd = "-"; pending = ""; next }
	if (cmd == "-" && match($0, /^\.(Op )?Cm [a-z]+/)) {
		split(substr($0, RSTART, RLENGTH), w, / /)
		cmd = w[length(w)]
		print "cmd", cmd, "-"
		# options before the command's name (wizard: --theme) are its too
		n = split(pending, p, "\n")
		for (i = 1; i <= n; i++)
			if (p[i] != "")
				options(p[i], "syn", cmd)
		pending = ""
		next
	}
	if (cmd == "-")
		pending = pending "\n" $0
	else
		options($0, "syn", cmd)
	next
}

section == "COMMANDS" {
	if ($0 ~ /^\.Bl/) { depth++; next }
	if ($0 ~ /^\.El/) { depth--; next }
	if (depth == 1 && $0 ~ /^\.It Cm [a-z]+/) { cmd = $3; next }
	if (cmd == "-")
		next
	if (depth >= 2 && $0 ~ /^\.It Fl/)
		options($0, "desc", cmd)
	options($0, "ment", cmd)
	next
}

section == "OPTIONS" {
	if ($0 ~ /^\.Bl/) { depth++; next }
	if ($0 ~ /^\.El/) { depth--; next }
	if (depth == 1 && $0 ~ /^\.It Fl/)
		options($0, "opt", "-")
}

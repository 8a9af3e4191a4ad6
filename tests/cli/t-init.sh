# tests/cli/t-init.sh — sourced by tests/cli/run: `init HOST...` refuses bad
# operands and an existing file before reaching any host, and writes nothing
# when a host cannot be read (the lab tier, t-init.sh, writes a real one).

case_ init-no-host 2 "^virt-migrate: init: needs the hosts" -- init
case_ init-bad-name 2 "init: 'a b' cannot name a host" -- init 'a b'
case_ init-quote-name 2 "init: 'x\\\$\(touch F\)' cannot name a host" -- init 'x$(touch F)'
case_ init-no-user 2 "init: '@h': the user before '@' is empty" -- init @h
case_ init-bad-port 2 "init: 'h:99999': the port after ':' must be a number from 1 to 65535" -- init h:99999
case_ init-twice 2 "init: host 'h' is named twice" -- init h root@h:22
case_ init-bad-cluster 2 "init: 'x/y' cannot name a cluster" -- init --cluster x/y h
[ ! -e F ] || { echo "FAIL init-quote-name: a file F appeared"; failed=$((failed + 1)); rm -f F; }

# an existing file is kept, before any host is asked
printf '[host keep]\n' >"$T/keep.ini"
case_ init-exists 2 "keep.ini exists; nothing was written \(--force replaces it" -- -c "$T/keep.ini" init h
if [ "$(cat "$T/keep.ini")" = "[host keep]" ]; then
	echo "ok   init-exists-kept"; passed=$((passed + 1))
else
	echo "FAIL init-exists-kept: the file changed"; failed=$((failed + 1))
fi

# a host nothing answers for (port 1 on loopback): exit 1, nothing written
case_ init-unreachable 1 "nothing was written" -- -c "$T/new.ini" init 127.0.0.1:1
if [ ! -e "$T/new.ini" ]; then
	echo "ok   init-unreachable-no-file"; passed=$((passed + 1))
else
	echo "FAIL init-unreachable-no-file: $T/new.ini was written"; failed=$((failed + 1))
fi
case_ init-json 1 '"command":"init","version":[0-9]+,"ok":false,"exit":1' -- --json -c "$T/new2.ini" init 127.0.0.1:1

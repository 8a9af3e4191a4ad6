/* engine/probe_measure.c — the throughput of the data path a migration
 * stream takes from one host to another: plain TCP from the source host to
 * a port of libvirt's migration range on the target's migration address,
 * as QEMU's own stream goes (measuring through an SSH channel measures the
 * cipher instead).  Run only when the operator asks: it sends real data,
 * at most PROBE_MEASURE_BYTES for at most PROBE_MEASURE_SECONDS.
 *
 * The protocol, the scripts' arguments and their tagged lines are described
 * in probe_measure.h.  Both scripts are perl (perl-base is essential on
 * Debian); every address and number reaches them as a positional argument
 * after "--", never spliced into their text.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory_int.h"
#include "probe_measure.h"

/* On the target: listen, print the port, fork a detached child that takes
 * one connection and answers with the count; the parent exits at once so
 * the SSH exec returns.  The child dies by SIGALRM (default action) at
 * WAIT seconds whatever it is doing. */
static const char receiver_script[] =
	"use strict;\n"
	"use IO::Socket::INET;\n"
	"use POSIX ();\n"
	"my ($addr, $lo, $hi, $wait) = @ARGV;\n"
	"$| = 1;\n"
	"my ($srv, $port, $err, $errno) = (undef, 0, '', 0);\n"
	"for my $p ($lo .. $hi) {\n"
	"\t$! = 0;\n"
	"\t$srv = IO::Socket::INET->new(LocalAddr => $addr, LocalPort => $p, Proto => 'tcp',\n"
	"\t\tListen => 16, ReuseAddr => 1);\n"
	"\tif ($srv) { $port = $p; last; }\n"
	"\t$errno = $! + 0;\n"
	"\t$err = $errno ? \"$!\" : \"$@\";\n"
	"\tif ($@ =~ /Bad hostname/) { ($err, $errno) = ('cannot resolve the address', -1); }\n"
	"\tlast if $errno != POSIX::EADDRINUSE();\n"
	"}\n"
	"if (!$srv) {\n"
	"\t$err =~ s/[\\r\\n]+/ /g;\n"
	"\tif ($errno == POSIX::EADDRINUSE()) { print \"listen-err busy $err\\n\"; }\n"
	"\telsif ($errno == POSIX::EADDRNOTAVAIL() || $errno == -1) {\n"
	"\t\tprint \"listen-err address $err\\n\";\n"
	"\t}\n"
	"\telse { print \"listen-err other $err\\n\"; }\n"
	"\texit 0;\n"
	"}\n"
	"my $pid = fork;\n"
	"if (!defined $pid) { print \"listen-err other fork: $!\\n\"; exit 0; }\n"
	"if ($pid) { print \"listen $port\\n\"; exit 0; }\n"
	"$SIG{ALRM} = 'DEFAULT';\n"
	"alarm $wait;\n"
	"POSIX::setsid();\n"
	"open STDIN, '<', '/dev/null';\n"
	"open STDOUT, '>', '/dev/null';\n"
	"open STDERR, '>', '/dev/null';\n"
	"$SIG{PIPE} = 'IGNORE';\n"
	"my $c = $srv->accept or POSIX::_exit(3);\n"
	"close $srv;\n"
	"my ($n, $buf) = (0, '');\n"
	"while (1) {\n"
	"\tmy $r = sysread($c, $buf, 1048576);\n"
	"\tlast if !$r;\n"
	"\t$n += $r;\n"
	"}\n"
	"syswrite($c, \"got $n\\n\");\n"
	"close $c;\n"
	"POSIX::_exit(0);\n";

/* On the source: connect, send zeros until the byte or time bound (an
 * alarm one second past the time bound ends a write that blocks), shut
 * down the sending side, read the count; time from connect to the reply. */
static const char sender_script[] =
	"use strict;\n"
	"use IO::Socket::INET;\n"
	"use POSIX ();\n"
	"my ($addr, $port, $max, $secs, $cto, $rto) = @ARGV;\n"
	"$| = 1;\n"
	"$SIG{PIPE} = 'IGNORE';\n"
	"my ($clock, $now);\n"
	"if (eval { require Time::HiRes; Time::HiRes::clock_gettime(Time::HiRes::CLOCK_MONOTONIC()); 1 }) {\n"
	"\t$clock = 'hires';\n"
	"\t$now = sub { Time::HiRes::clock_gettime(Time::HiRes::CLOCK_MONOTONIC()) };\n"
	"} else {\n"
	"\tmy $tck = POSIX::sysconf(POSIX::_SC_CLK_TCK());\n"
	"\tmy $t = (POSIX::times())[0];\n"
	"\tif (!$tck || !defined $t || $t <= 0) {\n"
	"\t\tprint \"send-err clock neither Time::HiRes nor POSIX::times works\\n\";\n"
	"\t\texit 0;\n"
	"\t}\n"
	"\t$clock = 'ticks';\n"
	"\t$now = sub { (POSIX::times())[0] / $tck };\n"
	"}\n"
	"$! = 0;\n"
	"my $s = IO::Socket::INET->new(PeerAddr => $addr, PeerPort => $port, Proto => 'tcp',\n"
	"\tTimeout => $cto);\n"
	"if (!$s) {\n"
	"\tmy $e = $! + 0;\n"
	"\tmy $m = $e ? \"$!\" : \"$@\";\n"
	"\t($e, $m) = (-1, 'cannot resolve the address') if $@ =~ /Bad hostname/;\n"
	"\t$m =~ s/[\\r\\n]+/ /g;\n"
	"\tmy $k = $e == POSIX::ECONNREFUSED() ? 'refused'\n"
	"\t\t: $e == POSIX::ETIMEDOUT() ? 'timeout'\n"
	"\t\t: ($e == POSIX::EHOSTUNREACH() || $e == POSIX::ENETUNREACH()) ? 'unreachable'\n"
	"\t\t: 'connect';\n"
	"\tprint \"send-err $k $m\\n\";\n"
	"\texit 0;\n"
	"}\n"
	"my $t0 = $now->();\n"
	"my $zeros = \"\\0\" x 1048576;\n"
	"my ($sent, $werr) = (0, '');\n"
	"eval {\n"
	"\tlocal $SIG{ALRM} = sub { die \"alarm\\n\" };\n"
	"\talarm($secs + 1);\n"
	"\tmy $end = $t0 + $secs;\n"
	"\twhile ($sent < $max && $now->() < $end) {\n"
	"\t\tmy $n = $max - $sent;\n"
	"\t\t$n = 1048576 if $n > 1048576;\n"
	"\t\tmy $w = syswrite($s, $zeros, $n);\n"
	"\t\tif (!defined $w) {\n"
	"\t\t\t$werr = \"$!\" if $! != POSIX::EINTR();\n"
	"\t\t\tlast;\n"
	"\t\t}\n"
	"\t\t$sent += $w;\n"
	"\t}\n"
	"\talarm 0;\n"
	"};\n"
	"alarm 0;\n"
	"if ($werr ne '') { $werr =~ s/[\\r\\n]+/ /g; print \"send-err write $werr\\n\"; exit 0; }\n"
	"shutdown($s, 1);\n"
	"my ($reply, $rerr) = ('', '');\n"
	"my $ok = eval {\n"
	"\tlocal $SIG{ALRM} = sub { die \"alarm\\n\" };\n"
	"\talarm $rto;\n"
	"\twhile ($reply !~ /\\n/) {\n"
	"\t\tmy $r = sysread($s, my $chunk, 256);\n"
	"\t\tif (!defined $r) {\n"
	"\t\t\tnext if $! == POSIX::EINTR();\n"
	"\t\t\t$rerr = \"$!\";\n"
	"\t\t\tlast;\n"
	"\t\t}\n"
	"\t\tlast if !$r;\n"
	"\t\t$reply .= $chunk;\n"
	"\t}\n"
	"\talarm 0;\n"
	"\t1;\n"
	"};\n"
	"alarm 0;\n"
	"my $t1 = $now->();\n"
	"close $s;\n"
	"if (!$ok) { print \"send-err reply-timeout sent $sent bytes, no reply in $rto s\\n\"; exit 0; }\n"
	"if ($reply =~ /^got (\\d+)\\n/) {\n"
	"\tprintf \"sent %s %s %.0f %s\\n\", $1, $sent, ($t1 - $t0) * 1e9, $clock;\n"
	"\texit 0;\n"
	"}\n"
	"$rerr = 'the connection closed without a count' if $rerr eq '';\n"
	"$rerr =~ s/[\\r\\n]+/ /g;\n"
	"print \"send-err reply $rerr\\n\";\n";

/* On the target, when the sender never connected: take the waiting
 * receiver's one connection so that it ends now rather than at its alarm. */
static const char release_script[] =
	"use IO::Socket::INET;\n"
	"my $s = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => $ARGV[1],\n"
	"\tProto => 'tcp', Timeout => 3);\n"
	"print $s ? \"released\\n\" : \"release-err $!\\n\";\n";

/* ---- parsing --------------------------------------------------------------- */

/* The next line of *P into BUF (cut to SIZE, '\r' dropped); 0 at the end. */
static int next_line(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	if (!s || !*s)
		return 0;
	for (; *s && *s != '\n'; s++)
		if (*s != '\r' && n + 1 < size)
			buf[n++] = *s;
	buf[n] = '\0';
	*p = *s ? s + 1 : s;
	return 1;
}

/* Digits only, at most 20 of them, fitting an unsigned long long; *END
 * just past them.  0, or -1. */
static int parse_ull(const char *s, const char **end, unsigned long long *v)
{
	char *e;
	unsigned long long x;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &e, 10);
	if (errno || e - s > 20)
		return -1;
	*v = x;
	*end = e;
	return 0;
}

/* TEXT into OUT->detail, control characters made '?'. */
static void set_detail(struct probe_measure_out *out, const char *text)
{
	size_t n = 0;

	for (; text && *text && n + 1 < sizeof(out->detail); text++)
		out->detail[n++] = (unsigned char)*text < 0x20 || *text == 0x7f ? '?' : *text;
	out->detail[n] = '\0';
}

/* "KIND TEXT" of an -err line: the KIND word into KIND, TEXT into detail. */
static void split_err(const char *rest, char *kind, size_t ksize, struct probe_measure_out *out)
{
	size_t n = strcspn(rest, " ");

	snprintf(kind, ksize, "%.*s", (int)(n < ksize ? n : ksize - 1), rest);
	set_detail(out, rest[n] ? rest + n + 1 : "");
}

static void out_reset(struct probe_measure_out *out)
{
	memset(out, 0, sizeof(*out));
	out->fail = PROBE_MEASURE_NO_OUTPUT;
}

int probe_measure_parse_receiver(const char *text, struct probe_measure_out *out)
{
	char line[512], kind[32];
	const char *p = text, *end;
	unsigned long long port;

	out_reset(out);
	while (next_line(&p, line, sizeof(line))) {
		if (strncmp(line, "listen ", 7) == 0) {
			if (parse_ull(line + 7, &end, &port) == 0 && *end == '\0'
			    && port >= PROBE_MEASURE_PORT_MIN && port <= PROBE_MEASURE_PORT_MAX) {
				out->fail = PROBE_MEASURE_OK;
				out->port = (unsigned)port;
				return 0;
			}
			if (!out->detail[0])
				set_detail(out, line);	/* a malformed one, kept to tell */
		} else if (strncmp(line, "listen-err ", 11) == 0) {
			split_err(line + 11, kind, sizeof(kind), out);
			out->fail = strcmp(kind, "address") == 0 ? PROBE_MEASURE_ADDRESS
				: strcmp(kind, "busy") == 0 ? PROBE_MEASURE_BUSY
				: PROBE_MEASURE_OTHER;
			return -1;
		}
	}
	return -1;
}

int probe_measure_parse_sender(const char *text, struct probe_measure_out *out)
{
	static const struct {
		const char *kind;
		enum probe_measure_fail fail;
	} kinds[] = {
		{ "refused", PROBE_MEASURE_REFUSED },
		{ "timeout", PROBE_MEASURE_TIMEOUT },
		{ "unreachable", PROBE_MEASURE_UNREACHABLE },
		{ "connect", PROBE_MEASURE_CONNECT },
		{ "write", PROBE_MEASURE_WRITE },
		{ "reply-timeout", PROBE_MEASURE_REPLY_TIMEOUT },
		{ "reply", PROBE_MEASURE_REPLY },
		{ "clock", PROBE_MEASURE_CLOCK },
	};
	char line[512], kind[32];
	const char *p = text, *s;
	unsigned long long got, sent, ns;

	out_reset(out);
	while (next_line(&p, line, sizeof(line))) {
		if (strncmp(line, "sent ", 5) == 0) {
			s = line + 5;
			if (parse_ull(s, &s, &got) < 0 || *s++ != ' '
			    || parse_ull(s, &s, &sent) < 0 || *s++ != ' '
			    || parse_ull(s, &s, &ns) < 0 || *s++ != ' '
			    || (strcmp(s, "hires") != 0 && strcmp(s, "ticks") != 0)) {
				if (!out->detail[0])
					set_detail(out, line);
				continue;
			}
			out->got = got;
			out->sent = sent;
			out->ns = ns;
			out->hires = strcmp(s, "hires") == 0;
			if (got > PROBE_MEASURE_BYTES) {
				/* more than any sender sends: not our count */
				out->fail = PROBE_MEASURE_REPLY;
				set_detail(out, "the receiver counted more bytes than the probe sends");
				return -1;
			}
			if (got == 0 || ns == 0) {
				out->fail = PROBE_MEASURE_ZERO;
				set_detail(out, got == 0 ? "the receiver counted no byte"
					   : "the transfer took no measurable time");
				return -1;
			}
			out->fail = PROBE_MEASURE_OK;
			return 0;
		}
		if (strncmp(line, "send-err ", 9) == 0) {
			split_err(line + 9, kind, sizeof(kind), out);
			out->fail = PROBE_MEASURE_OTHER;
			for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
				if (strcmp(kind, kinds[i].kind) == 0)
					out->fail = kinds[i].fail;
			return -1;
		}
	}
	return -1;
}

double probe_measure_mbit_s(unsigned long long bytes, unsigned long long ns)
{
	if (ns == 0)
		return 0.0;
	return (double)bytes * 8.0 * 1000.0 / (double)ns;
}

/* ---- the measurement ------------------------------------------------------- */


/* "The data path from 'SRC' to 'TARGET' (ADDR) was not measured: " + FMT
 * into WHY, and into the log. */
static void fail(char *why, size_t whylen, const char *sname, const char *tname,
		 const char *addr, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void fail(char *why, size_t whylen, const char *sname, const char *tname,
		 const char *addr, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (why && whylen)
		snprintf(why, whylen, "The data path from '%s' to '%s' (%s) was not measured: %s",
			 sname, tname, addr ? addr : "?", detail);
	engine_log("probe_measure: '%s' -> '%s' (%s): not measured: %s", sname, tname,
		   addr ? addr : "?", detail);
}

/* Host H cannot run a script: the sentence's part into BUF. */
static int no_link(const struct inv_host *h, char *buf, size_t size)
{
	if (!h->reachable)
		probe_fill(buf, size, "host '%s' is not reachable (%s); fix that connection first.",
			 h->cfg->name, h->error.message[0] ? h->error.message : "no reason given");
	else if (!h->link)
		probe_fill(buf, size, "the tool has no SSH session on host '%s' (its libvirt URI is "
			 "local); give host %s an SSH address in the configuration.",
			 h->cfg->name, h->cfg->name);
	else
		return 0;
	return 1;
}

/* Best effort, after the sender never connected: end the receiver on
 * TARGET now instead of at its alarm. */
static void release(const struct inv_host *target, const char *addr, const char *port)
{
	const char *argv[] = { "perl", "-e", release_script, "--", addr, port, NULL };
	struct vm_error err;
	char *out = NULL;
	int status = -1;

	if (sshlink_exec(target->link, argv, &out, &status, &err) < 0 || status != 0)
		engine_log("probe_measure: could not release the receiver on '%s' port %s: %s "
			   "(it ends by its alarm within %d s)", target->cfg->name, port,
			   err.message, PROBE_MEASURE_WAIT_SECONDS);
	else
		engine_log("probe_measure: receiver on '%s' port %s: %s", target->cfg->name, port,
			   out && strncmp(out, "released", 8) == 0 ? "released"
			   : "not released (it ends by its alarm)");
	free(out);
}

/* The sender's failure OUT as the sentence's part into BUF; 1 when the
 * sender never connected (the receiver still waits). */
static int sender_failure(const struct probe_measure_out *o, const char *sname,
			  const char *tname, const char *addr, unsigned port,
			  char *buf, size_t size)
{
	switch (o->fail) {
	case PROBE_MEASURE_REFUSED:
		probe_fill(buf, size, "'%s' could not connect to %s port %u, where the receiver on '%s' "
		    "listens: %s; a firewall on %s (or between) rejects it, or %s does not lead "
		    "from %s to %s: open TCP ports %d-%d on %s to %s (libvirt's migration "
		    "range) and check migration_address of host %s.", sname, addr, port, tname,
		    o->detail[0] ? o->detail : "connection refused", tname, addr, sname, tname,
		    PROBE_MEASURE_PORT_MIN, PROBE_MEASURE_PORT_MAX, tname, sname, tname);
		return 1;
	case PROBE_MEASURE_TIMEOUT:
		probe_fill(buf, size, "'%s' timed out after %d s connecting to %s port %u on '%s': "
			 "a firewall drops the packets, or %s is not routed from %s; open TCP "
			 "ports %d-%d on %s to %s and check the route.", sname,
			 PROBE_MEASURE_CONNECT_SECONDS, addr, port, tname, addr, sname,
			 PROBE_MEASURE_PORT_MIN, PROBE_MEASURE_PORT_MAX, addr, sname);
		return 1;
	case PROBE_MEASURE_UNREACHABLE:
		probe_fill(buf, size, "'%s' has no route to %s (port %u on '%s'): %s; check "
			 "migration_address of host %s and the routes on %s.", sname, addr, port,
			 tname, o->detail, tname, sname);
		return 1;
	case PROBE_MEASURE_CONNECT:
		probe_fill(buf, size, "'%s' could not connect to %s port %u on '%s': %s; check "
			 "migration_address of host %s.", sname, addr, port, tname, o->detail,
			 tname);
		return 1;
	case PROBE_MEASURE_CLOCK:
		probe_fill(buf, size, "'%s' has no sub-second clock for the probe (%s); install "
			 "perl on host %s (its Time::HiRes).", sname, o->detail, sname);
		return 1;
	case PROBE_MEASURE_WRITE:
		probe_fill(buf, size, "the connection from '%s' to %s port %u on '%s' broke while "
			 "sending (%s); check the link and any firewall or proxy between.", sname,
			 addr, port, tname, o->detail);
		return 0;
	case PROBE_MEASURE_REPLY_TIMEOUT:
	case PROBE_MEASURE_REPLY:
		/* the data went out; what came back (or not) differs */
		probe_fill(buf, size, "'%s' sent to %s port %u on '%s' but %s (%s); %s.", sname, addr,
			   port, tname,
			   o->fail == PROBE_MEASURE_REPLY ? "got no usable count back"
			   : "the receiver's count did not come back",
			   o->detail,
			   o->fail == PROBE_MEASURE_REPLY
				   ? "another program may have taken the connection: try again"
				   : "the link is very slow or loses packets");
		return 0;
	case PROBE_MEASURE_ZERO:
		probe_fill(buf, size, "%s of what '%s' sent to %s port %u on '%s'; try again.",
			 o->detail, sname, addr, port, tname);
		return 0;
	case PROBE_MEASURE_NO_OUTPUT:
		probe_fill(buf, size, "the sender on '%s' printed no result%s%s; see the engine "
			 "log.", sname, o->detail[0] ? ": " : "", o->detail);
		return 0;
	default:
		probe_fill(buf, size, "the sender on '%s' failed: %s.", sname,
			 o->detail[0] ? o->detail : "no reason given");
		return 0;
	}
}

int probe_measure(const struct inv_host *src, const struct inv_host *target,
		  double *mbit_s, char *why, size_t whylen)
{
	const char *sname, *tname, *addr;
	char detail[512], port_s[16], bytes_s[32], secs_s[16], cto_s[16], rto_s[16];
	char lo_s[16], hi_s[16], wait_s[16];
	struct probe_measure_out ro, so;
	struct vm_error err;
	char *out = NULL;
	int status = -1, rc = -1;

	if (why && whylen)
		why[0] = '\0';
	if (mbit_s)
		*mbit_s = 0.0;
	if (!src || !target || !src->cfg || !target->cfg || !mbit_s) {
		if (why && whylen)
			snprintf(why, whylen, "The data path was not measured: probe_measure() "
				 "was called without two hosts.");
		return -1;
	}
	sname = src->cfg->name;
	tname = target->cfg->name;
	addr = inventory_peer_data_address(target);
	if (src == target || strcmp(sname, tname) == 0) {
		fail(why, whylen, sname, tname, addr, "source and target are the same host; "
		     "choose two different hosts.");
		return -1;
	}
	if (no_link(target, detail, sizeof(detail)) || no_link(src, detail, sizeof(detail))) {
		fail(why, whylen, sname, tname, addr, "%s", detail);
		return -1;
	}

	/* the receiver, on the target */
	snprintf(lo_s, sizeof(lo_s), "%d", PROBE_MEASURE_PORT_MIN);
	snprintf(hi_s, sizeof(hi_s), "%d", PROBE_MEASURE_PORT_MAX);
	snprintf(wait_s, sizeof(wait_s), "%d", PROBE_MEASURE_WAIT_SECONDS);
	{
		const char *argv[] = { "perl", "-e", receiver_script, "--", addr, lo_s, hi_s,
				       wait_s, NULL };
		if (sshlink_exec(target->link, argv, &out, &status, &err) < 0) {
			fail(why, whylen, sname, tname, addr, "the receiver could not be started "
			     "on '%s': %s", tname, err.message);
			goto cleanup;
		}
	}
	if (status == 127) {
		fail(why, whylen, sname, tname, addr, "perl is not installed on '%s', which "
		     "receives the probe; install perl on host %s.", tname, tname);
		goto cleanup;
	}
	if (probe_measure_parse_receiver(out, &ro) < 0) {
		switch (ro.fail) {
		case PROBE_MEASURE_ADDRESS:
			fail(why, whylen, sname, tname, addr, "'%s' cannot listen on its migration "
			     "address %s (%s); set migration_address of host %s to an address "
			     "of %s.", tname, addr, ro.detail, tname, tname);
			break;
		case PROBE_MEASURE_BUSY:
			fail(why, whylen, sname, tname, addr, "every port of libvirt's migration "
			     "range %d-%d on %s is in use on '%s'; wait for the migrations running "
			     "there to end, or free a port of that range.", PROBE_MEASURE_PORT_MIN,
			     PROBE_MEASURE_PORT_MAX, addr, tname);
			break;
		case PROBE_MEASURE_OTHER:
			fail(why, whylen, sname, tname, addr, "the receiver on '%s' could not "
			     "listen on %s: %s.", tname, addr, ro.detail);
			break;
		default:
			fail(why, whylen, sname, tname, addr, "the receiver on '%s' printed no "
			     "port (exit status %d%s%s); see the engine log.", tname, status,
			     err.message[0] ? ": " : "", err.message);
			break;
		}
		goto cleanup;
	}
	free(out);
	out = NULL;
	engine_log("probe_measure: receiver on '%s' listens on %s port %u", tname, addr,
		   ro.port);

	/* the sender, on the source */
	snprintf(port_s, sizeof(port_s), "%u", ro.port);
	snprintf(bytes_s, sizeof(bytes_s), "%llu", PROBE_MEASURE_BYTES);
	snprintf(secs_s, sizeof(secs_s), "%d", PROBE_MEASURE_SECONDS);
	snprintf(cto_s, sizeof(cto_s), "%d", PROBE_MEASURE_CONNECT_SECONDS);
	snprintf(rto_s, sizeof(rto_s), "%d", PROBE_MEASURE_REPLY_SECONDS);
	{
		const char *argv[] = { "perl", "-e", sender_script, "--", addr, port_s, bytes_s,
				       secs_s, cto_s, rto_s, NULL };
		if (sshlink_exec(src->link, argv, &out, &status, &err) < 0) {
			fail(why, whylen, sname, tname, addr, "the sender could not be run on "
			     "'%s': %s", sname, err.message);
			goto cleanup;	/* it may have connected: the alarm ends the receiver */
		}
	}
	if (status == 127) {
		fail(why, whylen, sname, tname, addr, "perl is not installed on '%s', which "
		     "sends the probe; install perl on host %s.", sname, sname);
		release(target, addr, port_s);
		goto cleanup;
	}
	if (probe_measure_parse_sender(out, &so) < 0) {
		if (so.fail == PROBE_MEASURE_NO_OUTPUT && status != 0)
			probe_fill(so.detail, sizeof(so.detail), "exit status %d: %s", status,
				 err.message);
		if (sender_failure(&so, sname, tname, addr, ro.port, detail, sizeof(detail)))
			release(target, addr, port_s);
		fail(why, whylen, sname, tname, addr, "%s", detail);
		goto cleanup;
	}
	*mbit_s = probe_measure_mbit_s(so.got, so.ns);
	engine_log("probe_measure: '%s' -> '%s' (%s port %u): %.1f Mbit/s (%llu bytes counted "
		   "of %llu sent, in %llu ns, %s clock)", sname, tname, addr, ro.port, *mbit_s,
		   so.got, so.sent, so.ns, so.hires ? "Time::HiRes" : "10 ms tick");
	rc = 0;
cleanup:
	free(out);
	return rc;
}

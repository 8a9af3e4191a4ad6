/* engine/probe_measure.h — the throughput of the data path a QEMU migration
 * stream takes: plain TCP from the source host to the target's migration
 * address, no SSH cipher in between.  Internal: not for ui/ or src/.
 *
 * Two perl scripts (perl-base is essential on Debian: IO::Socket::INET and
 * POSIX are there; Time::HiRes is used when it loads, else POSIX::times()
 * ticks), each run through the host's own SSH link, every address and
 * number given as a positional argument:
 *
 *   on TARGET: perl -e RECEIVER -- ADDR PORT_MIN PORT_MAX WAIT_S
 *     binds ADDR on the first free port of PORT_MIN..PORT_MAX, prints
 *       listen PORT                  or   listen-err KIND TEXT
 *     (KIND: address | busy | other) and exits; a detached child (setsid,
 *     stdio on /dev/null, killed by alarm(WAIT_S) whatever happens) accepts
 *     one connection, counts its bytes to EOF, answers "got BYTES\n" on the
 *     socket and exits.
 *   on SRC:    perl -e SENDER -- ADDR PORT MAX_BYTES MAX_S CONNECT_S REPLY_S
 *     connects (CONNECT_S), writes zeros until MAX_BYTES or MAX_S, shuts
 *     its side down, reads the reply (REPLY_S), prints
 *       sent GOT SENT NS CLOCK       or   send-err KIND TEXT
 *     GOT: bytes the receiver counted; SENT: bytes written; NS: nanoseconds
 *     from connect to the reply; CLOCK: hires | ticks.  KIND: refused |
 *     timeout | unreachable | connect | write | reply-timeout | reply | clock.
 */
#ifndef VIRT_MIGRATE_PROBE_MEASURE_H
#define VIRT_MIGRATE_PROBE_MEASURE_H

#include <stddef.h>

#include "engine.h"

#define PROBE_MEASURE_BYTES (256ULL << 20)	/* 256 MiB at most */
#define PROBE_MEASURE_SECONDS 2			/* of sending, at most */
#define PROBE_MEASURE_PORT_MIN 49152		/* libvirt's migration range */
#define PROBE_MEASURE_PORT_MAX 49215
#define PROBE_MEASURE_CONNECT_SECONDS 5		/* sender's connect timeout */
#define PROBE_MEASURE_REPLY_SECONDS 10		/* sender's wait for "got N" */
#define PROBE_MEASURE_WAIT_SECONDS 20		/* receiver's whole life, at most */

/* Throughput of the data path SRC -> TARGET in Mbit/s: a receiver is
 * started on TARGET (through its SSH link) listening on TARGET's
 * migration address on a free port of libvirt's migration range
 * 49152-49215; a sender on SRC (through its SSH link) connects to it
 * and sends zeros for at most PROBE_MEASURE_BYTES or PROBE_MEASURE_SECONDS,
 * whichever ends first; the rate is the bytes the receiver counted over
 * the sender's time from connect to the receiver's reply.  0 with
 * *mbit_s set, or -1 with WHY (a sentence naming both hosts, what failed
 * and the fix: e.g. perl missing, no free port, connection refused by a
 * firewall, timeout). */
int probe_measure(const struct inv_host *src, const struct inv_host *target,
		  double *mbit_s, char *why, size_t whylen);

/* What went wrong, as the scripts' tagged lines say. */
enum probe_measure_fail {
	PROBE_MEASURE_OK,
	PROBE_MEASURE_NO_OUTPUT,	/* no well-formed tagged line */
	PROBE_MEASURE_ADDRESS,		/* receiver: the address is not on the host */
	PROBE_MEASURE_BUSY,		/* receiver: every port of the range taken */
	PROBE_MEASURE_REFUSED,		/* sender: connection refused */
	PROBE_MEASURE_TIMEOUT,		/* sender: connect timed out */
	PROBE_MEASURE_UNREACHABLE,	/* sender: no route to the host or network */
	PROBE_MEASURE_CONNECT,		/* sender: connect failed otherwise */
	PROBE_MEASURE_WRITE,		/* sender: a write failed */
	PROBE_MEASURE_REPLY_TIMEOUT,	/* sender: no reply in time */
	PROBE_MEASURE_REPLY,		/* sender: no or a malformed reply */
	PROBE_MEASURE_CLOCK,		/* sender: no sub-second clock */
	PROBE_MEASURE_ZERO,		/* sender: nothing counted, or no time */
	PROBE_MEASURE_OTHER,		/* any other failure */
	PROBE_MEASURE_FAIL_COUNT
};

struct probe_measure_out {
	enum probe_measure_fail fail;
	unsigned port;			/* receiver: the port it listens on */
	unsigned long long got;		/* sender: bytes the receiver counted */
	unsigned long long sent;	/* sender: bytes written */
	unsigned long long ns;		/* sender: connect to reply */
	int hires;			/* sender: Time::HiRes (else 10 ms ticks) */
	char detail[160];		/* the TEXT of an -err line, or "" */
};

/* The receiver's stdout: 0 with out->port (in PORT_MIN..PORT_MAX), or -1
 * with out->fail and out->detail.  The first tagged line counts; other
 * lines are ignored.  OUT may be NULL text (-1, NO_OUTPUT). */
int probe_measure_parse_receiver(const char *text, struct probe_measure_out *out);
/* The sender's stdout: 0 with got (1..PROBE_MEASURE_BYTES), sent, ns (> 0)
 * and hires, or -1 with out->fail and out->detail. */
int probe_measure_parse_sender(const char *text, struct probe_measure_out *out);
/* BYTES over NS nanoseconds in Mbit/s (10^6 bits per second); 0 when NS is 0. */
double probe_measure_mbit_s(unsigned long long bytes, unsigned long long ns);

#endif

/* engine/engine.h — the one face of the engine.
 *
 * The engine never prints, never exits and never touches curses.  Functions
 * return 0 on success or -1 with a struct vm_error filled in: a whole sentence
 * naming the object, and a hint naming the fix.
 *
 * Each area declares its functions in a header of its own (engine/plan.h,
 * engine/migration.h, ...); this file includes them all, so that ui/, src/
 * and the tests include only it.  It declares engine/engine.c's set-up.
 */
#ifndef VIRT_MIGRATE_ENGINE_H
#define VIRT_MIGRATE_ENGINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdarg.h>

#include "../config/config.h"

#include "vm_error.h"
#include "shquote.h"
#include "sshlink.h"
#include "sshhelper.h"
#include "inventory.h"
#include "plan.h"
#include "disk.h"
#include "findings.h"
#include "suggest.h"
#include "probe.h"
#include "tls.h"
#include "checks.h"
#include "evc.h"
#include "migration.h"
#include "evacuate.h"
#include "batch.h"
#include "journal.h"
#include "history.h"
#include "lock.h"
#include "recover.h"

/* ---- set-up (engine/engine.c) ------------------------------------------ */

/* Once per process, before any other engine call: initialises libvirt and
 * libssh, and routes libvirt's error printing into the engine's log (never
 * onto the terminal).  LOG_PATH may be NULL (no log). */
int engine_init(const char *log_path, struct vm_error *err);
void engine_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* BYTES as people read it, "1.5 GiB" ("512 B" below 1 KiB), into BUF; returns BUF. */
const char *engine_bytes(unsigned long long bytes, char *buf, size_t len);
/* S seconds as people read them into BUF: "4.2 s", "42 s", "12 min 5 s",
 * "2 h 5 min"; returns BUF. */
const char *engine_duration(double s, char *buf, size_t len);
/* A speed in Mbit/s as people read it: "10 Gbit/s", "2.3 Gbit/s", "250 Mbit/s". */
const char *engine_rate(double mbit_s, char *buf, size_t len);
/* How long ago THEN was, seen at NOW (epoch seconds): "just now", "40 s ago",
 * "3 min ago", "2 h ago", "4 days ago"; "at an unknown time" when THEN <= 0. */
const char *engine_age(long long then, long long now, char *buf, size_t len);
void engine_shutdown(void);

#endif

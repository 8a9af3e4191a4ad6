/* ui/datadir.h — where the installed data (themes/, examples/) is, found at
 * run time, so that `make && make install PREFIX=/opt/x` (or a DESTDIR
 * staging install run from PREFIX) finds what it installed without a
 * rebuild. */
#ifndef VIRT_MIGRATE_DATADIR_H
#define VIRT_MIGRATE_DATADIR_H

#include <stddef.h>

/* The data directory of the program that runs: BIN/../share/virt-migrate
 * when the program (/proc/self/exe, links resolved) is in BIN and that
 * directory exists, as `make install` lays it out under any PREFIX; else
 * DATADIR, compiled in.  Writes it to BUF (LEN bytes) and returns BUF. */
const char *datadir_find(char *buf, size_t len);

/* DATADIR as compiled in (the fallback above). */
const char *datadir_builtin(void);

#endif

/* engine/shquote.h — shell quoting (engine/shquote.c).
 * Part of the engine's one face: engine/engine.h includes it. */
#ifndef VIRT_MIGRATE_SHQUOTE_H
#define VIRT_MIGRATE_SHQUOTE_H

/* ---- shell quoting (engine/shquote.c) ---------------------------------- */

/* One POSIX-shell word that stands for S exactly, whatever S holds
 * (spaces, quotes, ';', '$(...)', backticks, newlines, non-ASCII).
 * Returns a malloc'd string or NULL on allocation failure. */
char *shquote(const char *s);
/* argv[0..] joined, each word quoted; NULL-terminated argv. */
char *shquote_argv(const char *const argv[]);

#endif

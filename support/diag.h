/*
 * diag.h - the bottom layer of kcc: source files, locations and the diagnostics sink. Every other
 * layer (frontend/, dialects/, backends/, runtime/, tools/) reports through it; it includes
 * nothing of kcc and needs only the C library.
 *
 * Errors go to a sink that accumulates formatted text; nothing is printed by the library. Each
 * entry is "NAME:LINE:COL: error: MESSAGE\n<source line>\n<spaces>^\n". Notes use "note:".
 */
#ifndef KCC_SUPPORT_DIAG_H
#define KCC_SUPPORT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct SourceFile {
  const char *name; /* as given by the user, used in messages */
  const char *text; /* NUL-terminated */
  size_t len;
  int line_offset; /* added to reported line numbers */
} SourceFile;

typedef struct Loc {
  const SourceFile *file;
  int line; /* 1-based, before line_offset */
  int col;  /* 1-based, in bytes */
} Loc;

typedef struct Diag {
  char *buf;
  size_t len, cap;
  int errors;
  int max_errors; /* stop recording after this many (default 20) */
} Diag;

void diag_init(Diag *d);
void diag_free(Diag *d);
void diag_error(Diag *d, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_verror(Diag *d, Loc loc, const char *fmt, va_list ap);
void diag_note(Diag *d, Loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error with no source position (usage problems): "kcc: error: MESSAGE\n". */
void diag_plain(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Takes the accumulated text (malloc'd; caller frees) and resets the buffer. */
char *diag_take(Diag *d);

#endif /* KCC_SUPPORT_DIAG_H */

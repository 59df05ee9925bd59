/*
 * diag.c - the diagnostics sink.
 *
 * The library never prints: errors and notes are formatted into a growing text buffer that the
 * API boundary takes with diag_take. A located entry is
 *   NAME:LINE:COL: error: MESSAGE
 *   <the source line, tabs kept>
 *   <spaces, a tab under each tab of the source line, then ^>
 * LINE is loc.line + file->line_offset (the file may be a fragment of a bigger one); the echoed
 * source line is looked up with loc.line. After max_errors errors (20 when left 0) further errors
 * and their notes are counted but no longer recorded.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DIAG_DEFAULT_MAX_ERRORS = 20 };

void diag_init(Diag *d) {
  memset(d, 0, sizeof *d);
  d->max_errors = DIAG_DEFAULT_MAX_ERRORS;
}

void diag_free(Diag *d) {
  free(d->buf);
  d->buf = NULL;
  d->len = d->cap = 0;
}

static void diag_append(Diag *d, const char *s, size_t n) {
  if (d->len + n + 1 > d->cap) {
    size_t cap = d->cap ? d->cap : 256;
    while (cap < d->len + n + 1)
      cap *= 2;
    char *p = realloc(d->buf, cap);
    if (!p) {
      fprintf(stderr, "kcc: fatal error: out of memory\n");
      abort();
    }
    d->buf = p;
    d->cap = cap;
  }
  memcpy(d->buf + d->len, s, n);
  d->len += n;
  d->buf[d->len] = '\0';
}

static void diag_vappendf(Diag *d, const char *fmt, va_list ap) {
  char small[512];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap2);
  va_end(ap2);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    diag_append(d, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  diag_append(d, big, (size_t)n);
  free(big);
}

static void diag_appendf(Diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diag_appendf(Diag *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vappendf(d, fmt, ap);
  va_end(ap);
}

/* Appends source line `line` (1-based) of `f` and a caret under byte column `col`. Control
 * characters other than tab are shown as spaces so that the text stays one printable line. */
static void diag_source_line(Diag *d, const SourceFile *f, int line, int col) {
  if (!f->text || line < 1) return;
  const char *p = f->text, *end = f->text + f->len;
  for (int l = 1; l < line && p < end; p++)
    if (*p == '\n') l++;
  const char *q = p;
  while (q < end && *q != '\n')
    q++;
  if (q > p && q[-1] == '\r') q--;
  size_t n = (size_t)(q - p);
  char *text = malloc(n + 1), *caret = malloc(n + 2);
  if (!text || !caret) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  size_t ncaret = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    text[i] = (c < 0x20 && c != '\t') || c == 0x7f ? ' ' : (char)c;
    if ((int)i < col - 1) caret[ncaret++] = c == '\t' ? '\t' : ' ';
  }
  for (int i = (int)n; i < col - 1 && ncaret < n + 1; i++) /* column just past the end */
    caret[ncaret++] = ' ';
  diag_append(d, text, n);
  diag_append(d, "\n", 1);
  diag_append(d, caret, ncaret);
  diag_append(d, "^\n", 2);
  free(text);
  free(caret);
}

/* The one formatter behind errors and notes. */
static void diag_report(Diag *d, Loc loc, const char *kind, const char *fmt, va_list ap) {
  const SourceFile *f = loc.file;
  if (!f) {
    diag_appendf(d, "kcc: %s: ", kind);
    diag_vappendf(d, fmt, ap);
    diag_append(d, "\n", 1);
    return;
  }
  diag_appendf(d, "%s:%d:%d: %s: ", f->name ? f->name : "<input>", loc.line + f->line_offset,
               loc.col, kind);
  diag_vappendf(d, fmt, ap);
  diag_append(d, "\n", 1);
  diag_source_line(d, f, loc.line, loc.col);
}

static int diag_limit(const Diag *d) {
  return d->max_errors > 0 ? d->max_errors : DIAG_DEFAULT_MAX_ERRORS;
}

void diag_verror(Diag *d, Loc loc, const char *fmt, va_list ap) {
  d->errors++;
  if (d->errors > diag_limit(d)) return;
  diag_report(d, loc, "error", fmt, ap);
}

void diag_error(Diag *d, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_verror(d, loc, fmt, ap);
  va_end(ap);
}

void diag_note(Diag *d, Loc loc, const char *fmt, ...) {
  if (d->errors > diag_limit(d)) /* belongs to an error that was dropped */
    return;
  va_list ap;
  va_start(ap, fmt);
  diag_report(d, loc, "note", fmt, ap);
  va_end(ap);
}

void diag_plain(Diag *d, const char *fmt, ...) {
  d->errors++;
  if (d->errors > diag_limit(d)) return;
  va_list ap;
  va_start(ap, fmt);
  diag_append(d, "kcc: error: ", 12);
  diag_vappendf(d, fmt, ap);
  va_end(ap);
  diag_append(d, "\n", 1);
}

char *diag_take(Diag *d) {
  char *s = d->buf;
  if (!s) {
    s = malloc(1);
    if (!s) {
      fprintf(stderr, "kcc: fatal error: out of memory\n");
      abort();
    }
    s[0] = '\0';
  }
  d->buf = NULL;
  d->len = d->cap = 0;
  return s;
}

/*
 * strbuf.h - a growing, always NUL-terminated text buffer with printf-style appends, for code
 * that builds text (kernel metadata, the AOT header). Aborts only when memory runs out.
 */
#ifndef KCC_SUPPORT_STRBUF_H
#define KCC_SUPPORT_STRBUF_H

#include <stddef.h>

typedef struct StrBuf {
  char *s; /* NUL-terminated once anything was appended; malloc'd, owned by the buffer */
  size_t len, cap;
} StrBuf;

void strbuf_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the text over (malloc'd, "" when empty) and resets the buffer. */
char *strbuf_take(StrBuf *b, size_t *len);

#endif /* KCC_SUPPORT_STRBUF_H */

/*
 * lex.c - Python source text to tokens.
 *
 * Follows Python 3's tokenizer for the subset kcc reads:
 *  - Logical lines end in NEWLINE; blank and comment-only lines produce nothing. Newlines inside
 *    (), [] and {} are ignored (implicit line joining), and so is a backslash-newline pair.
 *  - Indentation is measured at the start of each logical line and compared with a stack of open
 *    levels, producing INDENT and DEDENT tokens. Tabs advance to the next multiple of 8; as in
 *    CPython, the same line is measured again with tabs counting 1, and a line whose comparison
 *    with the stack differs between the two measures is an error (it depends on the tab size).
 *  - Numbers: decimal, 0x/0o/0b integers and floats, with underscores between digits. Leading
 *    zeros in decimal integers and imaginary literals are errors; integers above 2^64-1 set
 *    tok.big and keep their decimal spelling in tok.str (INT tokens always carry it).
 *  - Strings: ' " ''' """ with the prefixes r, u, b, f and their combinations. Escapes are decoded
 *    in non-raw literals (\x, \u and octal code points above 0x7f become UTF-8 in text literals);
 *    raw and f-string contents are kept as written. Adjacent literals are concatenated into one
 *    token. tok.ival records LEX_STR_FSTRING / LEX_STR_BYTES so later stages can reject them.
 *  - Any unexpected byte, unterminated literal or unbalanced bracket is a located error; the
 *    lexer stops at the first one and returns NULL.
 * The last token is always EOF, preceded by a NEWLINE when the file has any token and by the
 * DEDENTs closing every open indentation level.
 */
#include "ast.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  LEX_MAX_BRACKETS = 200,   /* CPython's MAXLEVEL */
  LEX_MAX_INDENT = 100,     /* CPython's MAXINDENT */
  LEX_MAX_INT_DIGITS = 4300 /* CPython's default int_max_str_digits */
};

typedef struct Lexer {
  Arena *a;
  Diag *d;
  const SourceFile *file;
  const char *p, *end, *line_start;
  int line;
  jmp_buf fail;

  Token *toks; /* malloc'd while lexing, copied into the arena at the end */
  int ntoks, cap;

  int indent[LEX_MAX_INDENT + 1];    /* columns with tabs to multiples of 8 */
  int altindent[LEX_MAX_INDENT + 1]; /* the same lines with tabs counting 1 */
  int nindent;                       /* index of the innermost level; indent[0] == 0 */

  char brackets[LEX_MAX_BRACKETS]; /* open brackets, innermost last */
  Loc bracket_loc[LEX_MAX_BRACKETS];
  int depth;

  int end_line, end_col; /* just past the last real token: where NEWLINE is reported */

  char *sb; /* contents of the string token being built (or a number's digits) */
  size_t slen, scap;
  bool pending_string; /* the last token is a STRING whose contents are still in sb */
} Lexer;

static const char *const lex_keywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",
};

/* Longest first, so that the first prefix match is the longest. */
static const char *const lex_operators[] = {
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=",
    ">=",  "==",  "!=",  "+=",  "-=",  "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    "+",   "-",   "*",   "/",   "%",   "@",  "&",  "|",  "^",  "~",  "<",  ">",
    "(",   ")",   "[",   "]",   "{",   "}",  ",",  ":",  ".",  ";",  "=",
};

/* ---- errors and positions ---------------------------------------------------------------- */

static Loc lex_loc_at(Lexer *L, const char *p) {
  return (Loc){L->file, L->line, (int)(p - L->line_start) + 1};
}

static _Noreturn void lex_fail(Lexer *L, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static _Noreturn void lex_fail(Lexer *L, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_verror(L->d, loc, fmt, ap);
  va_end(ap);
  longjmp(L->fail, 1);
}

static void *lex_xrealloc(void *p, size_t n) {
  p = realloc(p, n);
  if (!p) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  return p;
}

/* Consumes the '\n' at L->p and starts a new physical line. */
static void lex_newline(Lexer *L) {
  L->p++;
  L->line++;
  L->line_start = L->p;
}

static bool lex_at_newline(const Lexer *L, const char *p) {
  return p < L->end && (*p == '\n' || (*p == '\r' && p + 1 < L->end && p[1] == '\n'));
}

/* Reports the byte at p as not allowed here, describing it the way Python does. */
static _Noreturn void lex_bad_char(Lexer *L, const char *p) {
  unsigned char c = (unsigned char)*p;
  Loc loc = lex_loc_at(L, p);
  if (c < 0x80) {
    if (isprint(c)) lex_fail(L, loc, "invalid character '%c' (U+%04X)", c, c);
    lex_fail(L, loc, "invalid non-printable character U+%04X", c);
  }
  /* Decode one UTF-8 sequence to name the character; anything else is not UTF-8. */
  int n = c >= 0xf5 ? 0 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
  if (n && L->end - p >= n) {
    unsigned cp = c & (0x7f >> n);
    bool ok = true;
    for (int i = 1; i < n; i++) {
      unsigned char cc = (unsigned char)p[i];
      ok &= (cc & 0xc0) == 0x80;
      cp = cp << 6 | (cc & 0x3f);
    }
    if (ok &&
        cp >= (n == 2   ? 0x80u
               : n == 3 ? 0x800u
                        : 0x10000u) &&
        cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff))
      lex_fail(L, loc, "invalid character '%.*s' (U+%04X)", n, p, cp);
  }
  lex_fail(L, loc, "invalid UTF-8 byte 0x%02x", c);
}

/* ---- output ------------------------------------------------------------------------------ */

static void lex_finish_string(Lexer *L) {
  if (!L->pending_string) return;
  Token *t = &L->toks[L->ntoks - 1];
  t->str = arena_strndup(L->a, L->sb ? L->sb : "", L->slen);
  t->slen = L->slen;
  L->slen = 0;
  L->pending_string = false;
}

static Token *lex_emit(Lexer *L, TokKind kind, Loc loc, const char *str) {
  lex_finish_string(L);
  if (L->ntoks == L->cap) {
    L->cap = L->cap ? L->cap * 2 : 64;
    L->toks = lex_xrealloc(L->toks, (size_t)L->cap * sizeof(Token));
  }
  Token *t = &L->toks[L->ntoks++];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->loc = loc;
  t->str = str;
  t->slen = strlen(str);
  return t;
}

/* Records that a real token ends at p (on the current line). */
static void lex_mark_end(Lexer *L, const char *p) {
  L->end_line = L->line;
  L->end_col = (int)(p - L->line_start) + 1;
}

static void lex_sb_putc(Lexer *L, char c) {
  if (L->slen + 1 >= L->scap) {
    L->scap = L->scap ? L->scap * 2 : 256;
    L->sb = lex_xrealloc(L->sb, L->scap);
  }
  L->sb[L->slen++] = c;
}

static void lex_sb_put_utf8(Lexer *L, unsigned cp) {
  if (cp < 0x80) {
    lex_sb_putc(L, (char)cp);
  } else if (cp < 0x800) {
    lex_sb_putc(L, (char)(0xc0 | cp >> 6));
    lex_sb_putc(L, (char)(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    lex_sb_putc(L, (char)(0xe0 | cp >> 12));
    lex_sb_putc(L, (char)(0x80 | (cp >> 6 & 0x3f)));
    lex_sb_putc(L, (char)(0x80 | (cp & 0x3f)));
  } else {
    lex_sb_putc(L, (char)(0xf0 | cp >> 18));
    lex_sb_putc(L, (char)(0x80 | (cp >> 12 & 0x3f)));
    lex_sb_putc(L, (char)(0x80 | (cp >> 6 & 0x3f)));
    lex_sb_putc(L, (char)(0x80 | (cp & 0x3f)));
  }
}

/* ---- numbers ----------------------------------------------------------------------------- */

static int lex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

static bool lex_is_ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_';
}

/* Decimal spelling of an integer too big for uint64 (digits in `base`, no underscores). */
static char *lex_big_decimal(Lexer *L, const char *digits, size_t n, int base) {
  enum { LIMB = 1000000000 };
  size_t cap = n / 2 + 2, nl = 1;
  uint32_t *limb = calloc(cap, sizeof *limb);
  if (!limb) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    uint64_t carry = (uint64_t)lex_digit_value(digits[i]);
    for (size_t j = 0; j < nl; j++) {
      uint64_t v = (uint64_t)limb[j] * (uint64_t)base + carry;
      limb[j] = (uint32_t)(v % LIMB);
      carry = v / LIMB;
    }
    if (carry) limb[nl++] = (uint32_t)carry;
  }
  char *out = arena_alloc(L->a, nl * 9 + 1), *q = out;
  q += sprintf(q, "%u", limb[nl - 1]);
  for (size_t j = nl - 1; j-- > 0;)
    q += sprintf(q, "%09u", limb[j]);
  free(limb);
  return out;
}

/* Reads digits of `base` with single underscores between them into sb; returns how many digits
 * were read. An underscore not followed by a digit is an error reported as `what`. */
static size_t lex_digits(Lexer *L, int base, const char *what, Loc start) {
  size_t n = 0;
  for (;;) {
    const char *p = L->p;
    if (p < L->end && *p == '_') {
      if (n == 0 && base == 10)
        break; /* "_1" is a name; a decimal digitpart never starts with '_' */
      if (!(p + 1 < L->end && lex_digit_value(p[1]) < base))
        lex_fail(L, start, "invalid %s literal", what);
      p++;
    }
    if (!(p < L->end && lex_digit_value(*p) < base)) break;
    lex_sb_putc(L, *p);
    L->p = p + 1;
    n++;
  }
  return n;
}

/* number: decinteger | hexinteger | octinteger | bininteger | floatnumber */
static void lex_number(Lexer *L) {
  const char *start = L->p;
  Loc loc = lex_loc_at(L, start);
  lex_finish_string(L); /* the digits go through sb */
  int base = 10;
  const char *what = "decimal";
  bool is_float = false;
  if (*start == '0' && start + 1 < L->end && start[1] && strchr("xXoObB", start[1])) {
    char b = (char)tolower((unsigned char)start[1]);
    base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
    what = b == 'x' ? "hexadecimal" : b == 'o' ? "octal" : "binary";
    L->p += 2;
    if (L->p < L->end && *L->p == '_') L->p++; /* 0x_1f is valid */
    size_t ndigits = lex_digits(L, base, what, loc);
    if (L->p < L->end && isdigit((unsigned char)*L->p))
      lex_fail(L, lex_loc_at(L, L->p), "invalid digit '%c' in %s literal", *L->p, what);
    if (ndigits == 0) lex_fail(L, loc, "invalid %s literal", what);
  } else {
    lex_digits(L, 10, what, loc);
    size_t int_digits = L->slen;
    if (L->p < L->end && *L->p == '.') {
      is_float = true;
      lex_sb_putc(L, '.');
      L->p++;
      if (L->p < L->end && *L->p == '_') lex_fail(L, loc, "invalid decimal literal");
      lex_digits(L, 10, what, loc);
    }
    const char *e = L->p;
    if (e < L->end && (*e == 'e' || *e == 'E')) {
      const char *q = e + 1;
      if (q < L->end && (*q == '+' || *q == '-')) q++;
      if (q < L->end && isdigit((unsigned char)*q)) {
        is_float = true;
        lex_sb_putc(L, 'e');
        if (*(q - 1) == '-') lex_sb_putc(L, '-');
        L->p = q;
        lex_digits(L, 10, what, loc);
      }
    }
    if (!is_float && int_digits > 1 && L->sb[0] == '0') {
      for (size_t i = 0; i < int_digits; i++)
        if (L->sb[i] != '0')
          lex_fail(L, loc,
                   "leading zeros in decimal integer literals are not permitted; use an 0o "
                   "prefix for octal integers");
    }
  }
  if (L->p < L->end && (*L->p == 'j' || *L->p == 'J') && base == 10)
    lex_fail(L, loc, "complex literals are not supported");
  if (L->p < L->end && lex_is_ident_char(*L->p)) lex_fail(L, loc, "invalid %s literal", what);

  size_t n = L->slen;
  if (is_float) {
    lex_sb_putc(L, '\0');
    Token *t = lex_emit(L, TK_FLOAT, loc, arena_strndup(L->a, start, (size_t)(L->p - start)));
    t->fval = strtod(L->sb, NULL);
  } else {
    if (n > LEX_MAX_INT_DIGITS)
      lex_fail(L, loc, "integer literal is too long (more than %d digits)", LEX_MAX_INT_DIGITS);
    uint64_t v = 0;
    bool big = false;
    for (size_t i = 0; i < n && !big; i++) {
      uint64_t dv = (uint64_t)lex_digit_value(L->sb[i]);
      if (v > (UINT64_MAX - dv) / (uint64_t)base)
        big = true;
      else
        v = v * (uint64_t)base + dv;
    }
    const char *dec = big ? lex_big_decimal(L, L->sb, n, base)
                          : arena_printf(L->a, "%llu", (unsigned long long)v);
    Token *t = lex_emit(L, TK_INT, loc, dec);
    t->ival = big ? 0 : v;
    t->big = big;
  }
  L->slen = 0;
  lex_mark_end(L, L->p);
}

/* ---- strings ----------------------------------------------------------------------------- */

enum { LEX_STR_RAW = 4 }; /* internal; FSTRING and BYTES are in ast.h */

/* Returns the LEX_STR_* flags of a string prefix, or -1 if `s` is not one. */
static int lex_string_prefix(const char *s, size_t n) {
  int flags = 0;
  if (n > 2) return -1;
  for (size_t i = 0; i < n; i++) {
    int f;
    switch (tolower((unsigned char)s[i])) {
    case 'r':
      f = LEX_STR_RAW;
      break;
    case 'b':
      f = LEX_STR_BYTES;
      break;
    case 'f':
      f = LEX_STR_FSTRING;
      break;
    case 'u':
      f = 0;
      if (n != 1) return -1;
      break;
    default:
      return -1;
    }
    if (flags & f) return -1;
    flags |= f;
  }
  if ((flags & LEX_STR_BYTES) && (flags & LEX_STR_FSTRING)) return -1;
  if (n == 2 && !(flags & LEX_STR_RAW)) return -1; /* the two-letter prefixes are rb, br, rf, fr */
  return flags;
}

/* Reads exactly n hex digits at L->p; returns -1 if there are fewer. */
static long lex_hex_escape(Lexer *L, int n) {
  long v = 0;
  for (int i = 0; i < n; i++) {
    if (L->p >= L->end || lex_digit_value(*L->p) >= 16) return -1;
    v = v * 16 + lex_digit_value(*L->p++);
  }
  return v;
}

/* Decodes the escape sequence whose backslash is at L->p into sb. */
static void lex_escape(Lexer *L, int flags) {
  const char *bs = L->p;
  Loc loc = lex_loc_at(L, bs);
  bool bytes = flags & LEX_STR_BYTES;
  L->p++; /* the backslash; the caller made sure a character follows */
  char c = *L->p;
  if (lex_at_newline(L, L->p)) { /* backslash-newline: both vanish */
    if (c == '\r') L->p++;
    lex_newline(L);
    return;
  }
  L->p++;
  switch (c) {
  case '\\':
    lex_sb_putc(L, '\\');
    return;
  case '\'':
    lex_sb_putc(L, '\'');
    return;
  case '"':
    lex_sb_putc(L, '"');
    return;
  case 'a':
    lex_sb_putc(L, '\a');
    return;
  case 'b':
    lex_sb_putc(L, '\b');
    return;
  case 'f':
    lex_sb_putc(L, '\f');
    return;
  case 'n':
    lex_sb_putc(L, '\n');
    return;
  case 'r':
    lex_sb_putc(L, '\r');
    return;
  case 't':
    lex_sb_putc(L, '\t');
    return;
  case 'v':
    lex_sb_putc(L, '\v');
    return;
  case 'x': {
    long v = lex_hex_escape(L, 2);
    if (v < 0) lex_fail(L, loc, "truncated \\xXX escape");
    if (bytes)
      lex_sb_putc(L, (char)v);
    else
      lex_sb_put_utf8(L, (unsigned)v);
    return;
  }
  case 'u':
  case 'U':
  case 'N': {
    if (bytes) break; /* not escapes in bytes literals: kept as written */
    if (c == 'N') lex_fail(L, loc, "\\N{...} escapes are not supported");
    long v = lex_hex_escape(L, c == 'u' ? 4 : 8);
    if (v < 0)
      lex_fail(L, loc, c == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape");
    if (v > 0x10ffff) lex_fail(L, loc, "illegal Unicode character in \\U escape");
    lex_sb_put_utf8(L, (unsigned)v);
    return;
  }
  default:
    if (c >= '0' && c <= '7') {
      unsigned v = (unsigned)(c - '0');
      for (int i = 0; i < 2 && L->p < L->end && *L->p >= '0' && *L->p <= '7'; i++)
        v = v * 8 + (unsigned)(*L->p++ - '0');
      if (bytes) {
        if (v > 0xff) lex_fail(L, loc, "octal escape value \\%o out of range in bytes literal", v);
        lex_sb_putc(L, (char)v);
      } else {
        lex_sb_put_utf8(L, v);
      }
      return;
    }
    break;
  }
  /* Not an escape: Python keeps the backslash and the character. */
  L->p = bs + 1;
  lex_sb_putc(L, '\\');
}

/* string: prefix? (' ... ' | " ... " | ''' ... ''' | """ ... """)
 * `start` is the first byte of the prefix, L->p the opening quote. */
static void lex_string(Lexer *L, const char *start, int flags) {
  Loc loc = lex_loc_at(L, start);
  char q = *L->p;
  bool triple = L->end - L->p >= 3 && L->p[1] == q && L->p[2] == q;
  L->p += triple ? 3 : 1;

  bool concat = L->pending_string;
  if (concat) {
    int prev = (int)L->toks[L->ntoks - 1].ival;
    if ((prev & LEX_STR_BYTES) != (flags & LEX_STR_BYTES))
      lex_fail(L, loc, "cannot mix bytes and nonbytes literals");
  } else {
    L->slen = 0;
  }

  for (;;) {
    if (L->p >= L->end || (!triple && lex_at_newline(L, L->p)))
      lex_fail(L, loc,
               triple ? "unterminated triple-quoted string literal (detected at line %d)"
                      : "unterminated string literal (detected at line %d)",
               L->line + L->file->line_offset);
    char c = *L->p;
    if (c == q) {
      if (!triple) {
        L->p++;
        break;
      }
      if (L->end - L->p >= 3 && L->p[1] == q && L->p[2] == q) {
        L->p += 3;
        break;
      }
    }
    if ((flags & LEX_STR_BYTES) && (unsigned char)c >= 0x80)
      lex_fail(L, lex_loc_at(L, L->p), "bytes can only contain ASCII literal characters");
    if (c == '\\' && L->p + 1 < L->end) {
      if (flags & (LEX_STR_RAW | LEX_STR_FSTRING)) {
        /* Kept as written, but the backslash still protects the next character. */
        lex_sb_putc(L, '\\');
        L->p++;
        if (lex_at_newline(L, L->p)) {
          if (*L->p == '\r') L->p++;
          lex_sb_putc(L, '\n');
          lex_newline(L);
        } else {
          lex_sb_putc(L, *L->p++);
        }
      } else {
        lex_escape(L, flags);
      }
      continue;
    }
    if (lex_at_newline(L, L->p)) { /* only in triple-quoted strings */
      if (c == '\r') L->p++;
      lex_sb_putc(L, '\n');
      lex_newline(L);
      continue;
    }
    lex_sb_putc(L, c);
    L->p++;
  }

  if (concat) {
    L->toks[L->ntoks - 1].ival |= (uint64_t)(flags & ~LEX_STR_RAW);
  } else {
    size_t keep = L->slen; /* lex_emit would finish a pending string; there is none */
    Token *t = lex_emit(L, TK_STRING, loc, "");
    L->slen = keep;
    t->ival = (uint64_t)(flags & ~LEX_STR_RAW);
    L->pending_string = true;
  }
  lex_mark_end(L, L->p);
}

/* ---- names, operators, brackets ---------------------------------------------------------- */

static void lex_name(Lexer *L) {
  const char *start = L->p;
  while (L->p < L->end && lex_is_ident_char(*L->p))
    L->p++;
  size_t n = (size_t)(L->p - start);
  if (L->p < L->end && (*L->p == '\'' || *L->p == '"')) {
    int flags = lex_string_prefix(start, n);
    if (flags >= 0) {
      lex_string(L, start, flags);
      return;
    }
  }
  Loc loc = lex_loc_at(L, start);
  for (size_t i = 0; i < sizeof lex_keywords / sizeof *lex_keywords; i++) {
    if (strlen(lex_keywords[i]) == n && memcmp(lex_keywords[i], start, n) == 0) {
      lex_emit(L, TK_KEYWORD, loc, lex_keywords[i]);
      lex_mark_end(L, L->p);
      return;
    }
  }
  lex_emit(L, TK_NAME, loc, arena_strndup(L->a, start, n));
  lex_mark_end(L, L->p);
}

static void lex_operator(Lexer *L) {
  const char *s = L->p;
  Loc loc = lex_loc_at(L, s);
  const char *op = NULL;
  for (size_t i = 0; i < sizeof lex_operators / sizeof *lex_operators; i++) {
    size_t n = strlen(lex_operators[i]);
    if ((size_t)(L->end - s) >= n && memcmp(lex_operators[i], s, n) == 0) {
      op = lex_operators[i];
      break;
    }
  }
  if (!op) lex_bad_char(L, s);
  char c = op[0];
  if (op[1] == '\0' && strchr("([{", c)) {
    if (L->depth >= LEX_MAX_BRACKETS) lex_fail(L, loc, "too many nested parentheses");
    L->brackets[L->depth] = c;
    L->bracket_loc[L->depth++] = loc;
  } else if (op[1] == '\0' && strchr(")]}", c)) {
    if (L->depth == 0) lex_fail(L, loc, "unmatched '%c'", c);
    char open = L->brackets[L->depth - 1];
    Loc oloc = L->bracket_loc[L->depth - 1];
    if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}')) {
      if (oloc.line != loc.line)
        lex_fail(L, loc,
                 "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c,
                 open, oloc.line + L->file->line_offset);
      lex_fail(L, loc, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
    }
    L->depth--;
  }
  L->p += strlen(op);
  lex_emit(L, TK_OP, loc, op);
  lex_mark_end(L, L->p);
}

/* ---- lines and indentation --------------------------------------------------------------- */

/* At the start of a logical line: measures the indentation, skips blank and comment-only lines,
 * and emits INDENT/DEDENT tokens. Returns false at end of input. */
static bool lex_line_start(Lexer *L) {
  for (;;) {
    int col = 0, alt = 0;
    while (L->p < L->end) {
      char c = *L->p;
      if (c == ' ') {
        col++;
        alt++;
      } else if (c == '\t') {
        col = (col / 8 + 1) * 8;
        alt++;
      } else if (c == '\f') {
        col = alt = 0;
      } else {
        break;
      }
      L->p++;
    }
    if (L->p >= L->end) return false;
    if (*L->p == '#') {
      while (L->p < L->end && *L->p != '\n')
        L->p++;
      if (L->p >= L->end) return false;
    }
    if (lex_at_newline(L, L->p)) {
      if (*L->p == '\r') L->p++;
      lex_newline(L);
      continue;
    }

    Loc loc = lex_loc_at(L, L->p);
    int top = L->nindent;
    if (col == L->indent[top]) {
      if (alt != L->altindent[top])
        lex_fail(L, loc, "inconsistent use of tabs and spaces in indentation");
    } else if (col > L->indent[top]) {
      if (alt <= L->altindent[top])
        lex_fail(L, loc, "inconsistent use of tabs and spaces in indentation");
      if (top == LEX_MAX_INDENT) lex_fail(L, loc, "too many levels of indentation");
      L->nindent++;
      L->indent[L->nindent] = col;
      L->altindent[L->nindent] = alt;
      lex_emit(L, TK_INDENT, loc, "");
    } else {
      while (L->nindent > 0 && col < L->indent[L->nindent]) {
        L->nindent--;
        lex_emit(L, TK_DEDENT, loc, "");
      }
      if (col != L->indent[L->nindent])
        lex_fail(L, loc, "unindent does not match any outer indentation level");
      if (alt != L->altindent[L->nindent])
        lex_fail(L, loc, "inconsistent use of tabs and spaces in indentation");
    }
    return true;
  }
}

static void lex_run(Lexer *L) {
  const char *z = memchr(L->p, '\0', (size_t)(L->end - L->p));
  if (z) {
    for (const char *q = L->p; q < z; q++)
      if (*q == '\n') {
        L->line++;
        L->line_start = q + 1;
      }
    lex_fail(L, lex_loc_at(L, z), "source code cannot contain null bytes");
  }

  bool at_bol = true;
  for (;;) {
    if (at_bol) {
      if (!lex_line_start(L)) break;
      at_bol = false;
    }
    while (L->p < L->end && (*L->p == ' ' || *L->p == '\t' || *L->p == '\f' ||
                             (*L->p == '\r' && lex_at_newline(L, L->p))))
      L->p++;
    if (L->p >= L->end) break;
    char c = *L->p;
    if (c == '#') {
      while (L->p < L->end && *L->p != '\n')
        L->p++;
      continue;
    }
    if (c == '\n') {
      if (L->depth == 0) {
        lex_emit(L, TK_NEWLINE, (Loc){L->file, L->end_line, L->end_col}, "");
        at_bol = true;
      }
      lex_newline(L);
      continue;
    }
    if (c == '\\') {
      const char *q = L->p + 1;
      if (q >= L->end) lex_fail(L, lex_loc_at(L, L->p), "unexpected EOF while parsing");
      if (!lex_at_newline(L, q))
        lex_fail(L, lex_loc_at(L, L->p), "unexpected character after line continuation character");
      L->p = *q == '\r' ? q + 1 : q;
      lex_newline(L);
      if (L->p >= L->end) lex_fail(L, lex_loc_at(L, L->p), "unexpected EOF while parsing");
      continue;
    }
    if (isdigit((unsigned char)c) ||
        (c == '.' && L->p + 1 < L->end && isdigit((unsigned char)L->p[1])))
      lex_number(L);
    else if (isalpha((unsigned char)c) || c == '_')
      lex_name(L);
    else if (c == '\'' || c == '"')
      lex_string(L, L->p, 0);
    else if ((unsigned char)c < 0x80 && isprint((unsigned char)c) && c != '$' && c != '?' &&
             c != '`')
      lex_operator(L); /* reports '!' alone and other strays itself */
    else
      lex_bad_char(L, L->p);
  }

  Loc eof = lex_loc_at(L, L->p);
  if (L->depth > 0)
    lex_fail(L, L->bracket_loc[L->depth - 1], "'%c' was never closed", L->brackets[L->depth - 1]);
  if (!at_bol) lex_emit(L, TK_NEWLINE, (Loc){L->file, L->end_line, L->end_col}, "");
  for (; L->nindent > 0; L->nindent--)
    lex_emit(L, TK_DEDENT, eof, "");
  lex_emit(L, TK_EOF, eof, "");
}

Token *lex_file(Arena *a, Diag *d, const SourceFile *file, int *count) {
  Lexer *L = calloc(1, sizeof *L);
  if (!L) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  L->a = a;
  L->d = d;
  L->file = file;
  L->p = L->line_start = file->text ? file->text : "";
  L->end = L->p + (file->text ? file->len : 0);
  L->line = 1;
  L->end_line = L->end_col = 1;

  Token *out = NULL;
  if (setjmp(L->fail) == 0) {
    lex_run(L);
    out = arena_alloc(a, (size_t)L->ntoks * sizeof(Token));
    memcpy(out, L->toks, (size_t)L->ntoks * sizeof(Token));
    if (count) *count = L->ntoks;
  } else if (count) {
    *count = 0;
  }
  free(L->toks);
  free(L->sb);
  free(L);
  return out;
}

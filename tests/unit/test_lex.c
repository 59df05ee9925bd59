/*
 * test_lex.c - unit tests of the arena, the diagnostics sink and the lexer.
 *
 * Plain C: each CHECK that fails prints its line and the run exits non-zero. Inputs are C string
 * literals; errors are checked by their exact first line ("NAME:LINE:COL: error: MESSAGE").
 */
#include "ast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- helpers ----------------------------------------------------------------------------- */

typedef struct Lexed {
  Arena *a;
  Token *toks;
  int n;
  char *diag;      /* all diagnostics text */
  char first[512]; /* first line of the diagnostics */
} Lexed;

static Lexed lex_src(const char *src, size_t len) {
  Lexed r = {0};
  static SourceFile f;
  f = (SourceFile){"t.py", src, len, 0};
  r.a = arena_create();
  Diag d;
  diag_init(&d);
  r.toks = lex_file(r.a, &d, &f, &r.n);
  r.diag = diag_take(&d);
  diag_free(&d);
  size_t k = strcspn(r.diag, "\n");
  if (k >= sizeof r.first) k = sizeof r.first - 1;
  memcpy(r.first, r.diag, k);
  r.first[k] = '\0';
  return r;
}

static Lexed lex_s(const char *src) {
  return lex_src(src, strlen(src));
}

static void lexed_free(Lexed *r) {
  arena_destroy(r->a);
  free(r->diag);
}

/* The kinds of all tokens as a compact string: N=NAME I=INT F=FLOAT S=STRING K=KEYWORD O=OP,
 * '>'=INDENT '<'=DEDENT ';'=NEWLINE '$'=EOF. */
static const char *kinds(const Lexed *r) {
  static char buf[4096];
  int k = 0;
  for (int i = 0; i < r->n && k < (int)sizeof buf - 1; i++)
    buf[k++] = "$;><NIFSKO"[r->toks[i].kind];
  buf[k] = '\0';
  return buf;
}

static void sink(const char *s, size_t n, void *u) {
  char **buf = u;
  size_t old = *buf ? strlen(*buf) : 0;
  *buf = realloc(*buf, old + n + 1);
  memcpy(*buf + old, s, n);
  (*buf)[old + n] = '\0';
}

/* The first error line for `src`, or "" when it lexes. */
static char err_buf[512];
static const char *lex_err(const char *src) {
  Lexed r = lex_s(src);
  snprintf(err_buf, sizeof err_buf, "%s", r.toks ? "" : r.first);
  if (!r.toks && r.n != 0) snprintf(err_buf, sizeof err_buf, "count not reset on error");
  lexed_free(&r);
  return err_buf;
}

/* ---- arena and diagnostics --------------------------------------------------------------- */

static void test_arena(void) {
  Arena *a = arena_create();
  for (int i = 1; i < 3000; i += 7) {
    unsigned char *p = arena_alloc(a, (size_t)i);
    CHECK(((uintptr_t)p & 15) == 0);
    bool zero = true;
    for (int j = 0; j < i; j++)
      zero &= p[j] == 0;
    CHECK(zero);
    memset(p, 0xab, (size_t)i);
  }
  char *big = arena_alloc(a, 1 << 20);
  CHECK(((uintptr_t)big & 15) == 0 && big[0] == 0 && big[(1 << 20) - 1] == 0);
  CHECK(arena_alloc(a, 0) != NULL);
  CHECK_STR(arena_strndup(a, "hello world", 5), "hello");
  CHECK_STR(arena_printf(a, "%d-%s", 42, "x"), "42-x");
  char longs[1000];
  memset(longs, 'y', sizeof longs - 1);
  longs[sizeof longs - 1] = '\0';
  char *p = arena_printf(a, "<%s>", longs);
  CHECK(strlen(p) == 1001 && p[0] == '<' && p[1000] == '>');
  arena_destroy(a);
  arena_destroy(NULL);
}

static void test_diag(void) {
  SourceFile f = {"k.py", "x = 1\n\tif  y:\nlast", 18, 0};
  Diag d;
  diag_init(&d);
  CHECK(d.max_errors == 20);
  diag_error(&d, (Loc){&f, 2, 5}, "bad %s", "thing");
  char *s = diag_take(&d);
  CHECK_STR(s, "k.py:2:5: error: bad thing\n\tif  y:\n\t   ^\n");
  free(s);
  CHECK(d.errors == 1);
  f.line_offset = 10;
  diag_note(&d, (Loc){&f, 3, 5}, "here");
  s = diag_take(&d);
  CHECK_STR(s, "k.py:13:5: note: here\nlast\n    ^\n");
  free(s);
  diag_plain(&d, "no file %d", 7);
  s = diag_take(&d);
  CHECK_STR(s, "kcc: error: no file 7\n");
  free(s);
  s = diag_take(&d);
  CHECK_STR(s, "");
  free(s);
  diag_free(&d);

  /* max_errors: stop recording (0 means the default 20) */
  diag_init(&d);
  d.max_errors = 2;
  for (int i = 0; i < 5; i++)
    diag_error(&d, (Loc){&f, 1, 1}, "e%d", i);
  diag_note(&d, (Loc){&f, 1, 1}, "dropped");
  s = diag_take(&d);
  CHECK(strstr(s, "e0") && strstr(s, "e1") && !strstr(s, "e2") && !strstr(s, "dropped"));
  CHECK(d.errors == 5);
  free(s);
  diag_free(&d);
  diag_init(&d);
  d.max_errors = 0;
  for (int i = 0; i < 25; i++)
    diag_error(&d, (Loc){&f, 1, 1}, "err%02d", i);
  s = diag_take(&d);
  CHECK(strstr(s, "err19") && !strstr(s, "err20"));
  free(s);
  diag_free(&d);
}

/* ---- tokens ------------------------------------------------------------------------------ */

static void test_basic(void) {
  Lexed r = lex_s("x = foo(1, 2.5)  # c\n");
  CHECK_STR(kinds(&r), "NONOIOFO;$");
  CHECK(r.toks[0].loc.line == 1 && r.toks[0].loc.col == 1);
  CHECK_STR(r.toks[0].str, "x");
  CHECK(r.toks[2].loc.col == 5 && strcmp(r.toks[2].str, "foo") == 0);
  CHECK(r.toks[4].ival == 1 && r.toks[6].fval == 2.5);
  CHECK(r.toks[8].loc.line == 1 && r.toks[8].loc.col == 16); /* NEWLINE after the last token */
  CHECK(r.toks[9].loc.line == 2 && r.toks[9].loc.col == 1);
  lexed_free(&r);

  r = lex_s("");
  CHECK_STR(kinds(&r), "$");
  lexed_free(&r);
  r = lex_s("# only a comment\n\n   \n# another");
  CHECK_STR(kinds(&r), "$");
  lexed_free(&r);
  r = lex_s("x"); /* no final newline: NEWLINE still comes */
  CHECK_STR(kinds(&r), "N;$");
  lexed_free(&r);
  r = lex_s("a\n\n# c\n   # indented comment\nb\n");
  CHECK_STR(kinds(&r), "N;N;$");
  CHECK(r.toks[2].loc.line == 5);
  lexed_free(&r);
  r = lex_s("a\r\nb\r\n");
  CHECK_STR(kinds(&r), "N;N;$");
  lexed_free(&r);
}

static void test_keywords(void) {
  Lexed r = lex_s("if iff True None match and or not in is lambda yield nonlocal await async");
  CHECK_STR(kinds(&r), "KNKKNKKKKKKKKKK;$");
  lexed_free(&r);
  const char *kw[] = {"False",  "None",   "True",    "and",      "as",       "assert", "async",
                      "await",  "break",  "class",   "continue", "def",      "del",    "elif",
                      "else",   "except", "finally", "for",      "from",     "global", "if",
                      "import", "in",     "is",      "lambda",   "nonlocal", "not",    "or",
                      "pass",   "raise",  "return",  "try",      "while",    "with",   "yield"};
  for (size_t i = 0; i < sizeof kw / sizeof *kw; i++) {
    r = lex_s(kw[i]);
    CHECK(r.toks && r.toks[0].kind == TK_KEYWORD && strcmp(r.toks[0].str, kw[i]) == 0);
    lexed_free(&r);
  }
}

static void test_operators(void) {
  const char *ops[] = {
      "->", ":=", "**=", "//=", ">>=", "<<=", "@",  "@=", "...", "!=", "==", "<=", ">=", "**",
      "//", "<<", ">>",  "+=",  "-=",  "*=",  "/=", "%=", "&=",  "|=", "^=", "+",  "-",  "*",
      "/",  "%",  "&",   "|",   "^",   "~",   "<",  ">",  ",",   ":",  ".",  ";",  "="};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
    char src[16];
    snprintf(src, sizeof src, "a %s b", ops[i]);
    Lexed r = lex_s(src);
    CHECK(r.toks && r.n == 5 && r.toks[1].kind == TK_OP && strcmp(r.toks[1].str, ops[i]) == 0);
    lexed_free(&r);
  }
  Lexed r = lex_s("a.b...c**=d");
  CHECK_STR(kinds(&r), "NONONON;$");
  CHECK_STR(r.toks[3].str, "...");
  CHECK_STR(r.toks[5].str, "**=");
  lexed_free(&r);
  r = lex_s("x[1:]..."); /* '..' is two dots, '...' one token */
  CHECK_STR(kinds(&r), "NOIOOO;$");
  lexed_free(&r);
}

static void test_numbers(void) {
  struct {
    const char *src;
    uint64_t v;
  } ints[] = {
      {"0", 0},
      {"7", 7},
      {"1_000_000", 1000000},
      {"0x1F", 31},
      {"0X_ff", 255},
      {"0o17", 15},
      {"0O_7", 7},
      {"0b1010", 10},
      {"0B_1_1", 3},
      {"00", 0},
      {"0_0", 0},
      {"18446744073709551615", UINT64_MAX},
      {"0xffff_ffff_ffff_ffff", UINT64_MAX},
  };
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
    Lexed r = lex_s(ints[i].src);
    CHECK(r.toks && r.toks[0].kind == TK_INT && r.toks[0].ival == ints[i].v && !r.toks[0].big);
    if (!r.toks || r.toks[0].ival != ints[i].v) fprintf(stderr, "  int literal %s\n", ints[i].src);
    lexed_free(&r);
  }
  Lexed r = lex_s("18446744073709551616 0x1_0000_0000_0000_0000_0000 123");
  CHECK(r.toks[0].kind == TK_INT && r.toks[0].big);
  CHECK_STR(r.toks[0].str, "18446744073709551616");
  CHECK(r.toks[1].big);
  CHECK_STR(r.toks[1].str, "1208925819614629174706176");
  CHECK(!r.toks[2].big && r.toks[2].ival == 123);
  CHECK_STR(r.toks[2].str, "123");
  lexed_free(&r);

  struct {
    const char *src;
    double v;
  } floats[] = {
      {"1.", 1.0},         {".5", 0.5},     {"1e-5", 1e-5}, {"1_000.5e+3", 1000500.0},
      {"1E5", 1e5},        {"0.0", 0.0},    {"00.5", 0.5},  {"01e3", 1000.0},
      {"3.14_15", 3.1415}, {"1.e2", 100.0}, {"0e0", 0.0},   {"2.5E-1_0", 2.5e-10},
  };
  for (size_t i = 0; i < sizeof floats / sizeof *floats; i++) {
    r = lex_s(floats[i].src);
    CHECK(r.toks && r.toks[0].kind == TK_FLOAT && r.toks[0].fval == floats[i].v && r.n == 3);
    if (!r.toks || r.toks[0].fval != floats[i].v)
      fprintf(stderr, "  float literal %s\n", floats[i].src);
    lexed_free(&r);
  }
  r = lex_s("1e400");
  CHECK(r.toks && isinf(r.toks[0].fval));
  lexed_free(&r);
  r = lex_s("x.real 1 .5");
  CHECK_STR(kinds(&r), "NONIF;$");
  lexed_free(&r);

  CHECK_STR(lex_err("x = 012\n"), "t.py:1:5: error: leading zeros in decimal integer literals "
                                  "are not permitted; use an 0o prefix for octal integers");
  CHECK_STR(lex_err("x = 1j"), "t.py:1:5: error: complex literals are not supported");
  CHECK_STR(lex_err("x = 1.5J"), "t.py:1:5: error: complex literals are not supported");
  CHECK_STR(lex_err("1__0"), "t.py:1:1: error: invalid decimal literal");
  CHECK_STR(lex_err("1_"), "t.py:1:1: error: invalid decimal literal");
  CHECK_STR(lex_err("1_.5"), "t.py:1:1: error: invalid decimal literal");
  CHECK_STR(lex_err("1._5"), "t.py:1:1: error: invalid decimal literal");
  CHECK_STR(lex_err("1abc"), "t.py:1:1: error: invalid decimal literal");
  CHECK_STR(lex_err("1e"), "t.py:1:1: error: invalid decimal literal");
  CHECK_STR(lex_err("0x"), "t.py:1:1: error: invalid hexadecimal literal");
  CHECK_STR(lex_err("0xg"), "t.py:1:1: error: invalid hexadecimal literal");
  CHECK_STR(lex_err("0x1__2"), "t.py:1:1: error: invalid hexadecimal literal");
  CHECK_STR(lex_err("0b102"), "t.py:1:5: error: invalid digit '2' in binary literal");
  CHECK_STR(lex_err("0o8"), "t.py:1:3: error: invalid digit '8' in octal literal");
  char digits[5000];
  memset(digits, '9', 4400);
  digits[4400] = '\0';
  CHECK_STR(lex_err(digits),
            "t.py:1:1: error: integer literal is too long (more than 4300 digits)");
  digits[4300] = '\0';
  r = lex_s(digits); /* the limit itself is fine */
  CHECK(r.toks && r.toks[0].big && strlen(r.toks[0].str) == 4300);
  lexed_free(&r);
}

static void test_strings(void) {
  Lexed r = lex_s("'a' \"b\" '''x\ny''' \"\"\"q\"\"\"");
  CHECK_STR(kinds(&r), "S;$"); /* adjacent literals are one token */
  CHECK_STR(r.toks[0].str, "abx\nyq");
  CHECK(r.toks[0].slen == 6 && r.toks[0].loc.col == 1);
  CHECK(r.toks[1].loc.line == 2); /* NEWLINE after the triple-quoted string's end */
  lexed_free(&r);

  r = lex_s("s = '\\x41\\101\\n\\t\\\\\\'\\\"\\0\\a\\q'");
  CHECK(r.toks && r.toks[2].slen == 11);
  CHECK(r.toks && memcmp(r.toks[2].str, "AA\n\t\\'\"\0\a\\q", 11) == 0);
  lexed_free(&r);

  r = lex_s("r'\\n\\'' R\"\\d\"");
  CHECK_STR(r.toks[0].str, "\\n\\'\\d");
  lexed_free(&r);
  r = lex_s("b'\\x41\\xff' rb'\\d' Br'x'");
  CHECK(r.toks[0].slen == 5 && memcmp(r.toks[0].str, "A\xff\\dx", 5) == 0);
  CHECK(r.toks[0].ival == LEX_STR_BYTES);
  lexed_free(&r);
  r = lex_s("'\\u00e9\\U0001F600\\xe9' u'x'");
  CHECK_STR(r.toks[0].str, "\xc3\xa9\xf0\x9f\x98\x80\xc3\xa9x");
  CHECK(r.toks[0].ival == 0);
  lexed_free(&r);
  r = lex_s("f'{x}\\n' 'y'");
  CHECK_STR(r.toks[0].str, "{x}\\ny");
  CHECK(r.toks[0].ival == LEX_STR_FSTRING);
  lexed_free(&r);
  r = lex_s("x = ('a'\n     'b')\n");
  CHECK_STR(kinds(&r), "NOOSO;$");
  CHECK_STR(r.toks[3].str, "ab");
  lexed_free(&r);
  r = lex_s("'a'\n'b'\n"); /* separate logical lines are not concatenated */
  CHECK_STR(kinds(&r), "S;S;$");
  lexed_free(&r);
  r = lex_s("'a\\\nb'"); /* backslash-newline inside a string */
  CHECK_STR(r.toks[0].str, "ab");
  lexed_free(&r);
  r = lex_s("''' a ''' ' \"' \"'\"");
  CHECK_STR(r.toks[0].str, " a  \"'");
  lexed_free(&r);
  r = lex_s("'\xc3\xa9' # \xe2\x82\xac comment\n");
  CHECK_STR(r.toks[0].str, "\xc3\xa9");
  lexed_free(&r);
  r = lex_s("br = 1\nf = rb"); /* prefixes are names unless a quote follows */
  CHECK_STR(kinds(&r), "NOI;NON;$");
  lexed_free(&r);

  CHECK_STR(lex_err("x = 1\ns = 'abc\n"),
            "t.py:2:5: error: unterminated string literal (detected at line 2)");
  CHECK_STR(lex_err("s = \"abc"),
            "t.py:1:5: error: unterminated string literal (detected at line 1)");
  CHECK_STR(lex_err("s = '''abc\n\n"),
            "t.py:1:5: error: unterminated triple-quoted string literal (detected at line 3)");
  CHECK_STR(lex_err("s = r'\\'"),
            "t.py:1:5: error: unterminated string literal (detected at line 1)");
  CHECK_STR(lex_err("s = 'a' b'b'"), "t.py:1:9: error: cannot mix bytes and nonbytes literals");
  CHECK_STR(lex_err("s = '\\N{DASH}'"), "t.py:1:6: error: \\N{...} escapes are not supported");
  CHECK_STR(lex_err("s = '\\x4'"), "t.py:1:6: error: truncated \\xXX escape");
  CHECK_STR(lex_err("s = '\\u12'"), "t.py:1:6: error: truncated \\uXXXX escape");
  CHECK_STR(lex_err("s = '\\U00110000'"),
            "t.py:1:6: error: illegal Unicode character in \\U escape");
  CHECK_STR(lex_err("s = b'\xc3\xa9'"),
            "t.py:1:7: error: bytes can only contain ASCII literal characters");
  CHECK_STR(lex_err("s = b'\\777'"),
            "t.py:1:7: error: octal escape value \\777 out of range in bytes literal");
  r = lex_s("s = bu'x'"); /* not a prefix: a name, then a string */
  CHECK_STR(kinds(&r), "NONS;$");
  lexed_free(&r);
}

static void test_indentation(void) {
  Lexed r = lex_s("if a:\n  b\n  if c:\n    d\ne\n");
  CHECK_STR(kinds(&r), "KNO;>N;KNO;>N;<<N;$");
  CHECK(r.toks[4].loc.line == 2 && r.toks[4].loc.col == 3); /* INDENT at the first token */
  CHECK(r.toks[15].kind == TK_DEDENT && r.toks[15].loc.line == 5 && r.toks[15].loc.col == 1);
  lexed_free(&r);
  r = lex_s("def f():\n    x\n\n    # c\n        # deeper comment\n    y\n");
  CHECK_STR(kinds(&r), "KNOOO;>N;N;<$");
  lexed_free(&r);
  r = lex_s("if a:\n  if b:\n    c"); /* DEDENTs at EOF, after NEWLINE */
  CHECK_STR(kinds(&r), "KNO;>KNO;>N;<<$");
  lexed_free(&r);
  r = lex_s("if a:\n\tb\n\tc\n"); /* tabs used consistently */
  CHECK_STR(kinds(&r), "KNO;>N;N;<$");
  lexed_free(&r);
  r = lex_s("if a:\n\tb\n\tif c:\n\t\td\n");
  CHECK(r.toks != NULL);
  lexed_free(&r);
  r = lex_s("x = [1,\n       2,\n  3]\ny\n"); /* indentation inside brackets is ignored */
  CHECK_STR(kinds(&r), "NOOIOIOIO;N;$");
  lexed_free(&r);
  r = lex_s("x = 1 + \\\n        2\ny\n");
  CHECK_STR(kinds(&r), "NOIOI;N;$");
  CHECK(r.toks[4].loc.line == 2 && r.toks[4].loc.col == 9);
  lexed_free(&r);

  CHECK_STR(lex_err("if a:\n    b\n  c\n"),
            "t.py:3:3: error: unindent does not match any outer indentation level");
  CHECK_STR(lex_err("if a:\n        b\n\tc\n"), /* 8 spaces vs one tab: equal only at size 8 */
            "t.py:3:2: error: inconsistent use of tabs and spaces in indentation");
  CHECK_STR(lex_err("if a:\n\tb\n        c\n"),
            "t.py:3:9: error: inconsistent use of tabs and spaces in indentation");
  CHECK_STR(lex_err("if a:\n  \tb\n\t  c\n"),
            "t.py:3:4: error: inconsistent use of tabs and spaces in indentation");
  CHECK_STR(lex_err("if a:\n\t\tb\n\t        c\n"), /* deeper at size 8, shallower at size 1 */
            "t.py:3:10: error: inconsistent use of tabs and spaces in indentation");

  char deep[20000];
  size_t k = 0;
  for (int i = 0; i < 101; i++) {
    for (int j = 0; j < i; j++)
      deep[k++] = ' ';
    memcpy(deep + k, "if x:\n", 6);
    k += 6;
  }
  memset(deep + k, ' ', 102);
  memcpy(deep + k + 102, "pass\n", 6);
  CHECK(strstr(lex_err(deep), "error: too many levels of indentation") != NULL);
}

static void test_joining_and_brackets(void) {
  CHECK_STR(lex_err("x = (1,\n 2\n"), "t.py:1:5: error: '(' was never closed");
  CHECK_STR(lex_err("x = [1, {2: (3\n"), "t.py:1:13: error: '(' was never closed");
  CHECK_STR(lex_err("x = 1)\n"), "t.py:1:6: error: unmatched ')'");
  CHECK_STR(lex_err("x = (1]\n"),
            "t.py:1:7: error: closing parenthesis ']' does not match opening parenthesis '('");
  CHECK_STR(lex_err("x = (1,\n  2]\n"), "t.py:2:4: error: closing parenthesis ']' does not "
                                        "match opening parenthesis '(' on line 1");
  CHECK_STR(lex_err("x = 1 \\ y\n"),
            "t.py:1:7: error: unexpected character after line continuation character");
  CHECK_STR(lex_err("x = 1 \\"), "t.py:1:7: error: unexpected EOF while parsing");
  CHECK_STR(lex_err("x = 1 \\\n"), "t.py:2:1: error: unexpected EOF while parsing");

  char deep[1000];
  memset(deep, '(', 300);
  deep[300] = '\0';
  CHECK_STR(lex_err(deep), "t.py:1:201: error: too many nested parentheses");
  memset(deep, '[', 200);
  memset(deep + 200, ']', 200);
  deep[400] = '\0';
  CHECK_STR(lex_err(deep), ""); /* exactly the limit */
}

static void test_bad_characters(void) {
  CHECK_STR(lex_err("x = $y"), "t.py:1:5: error: invalid character '$' (U+0024)");
  CHECK_STR(lex_err("x = y?"), "t.py:1:6: error: invalid character '?' (U+003F)");
  CHECK_STR(lex_err("x = !y"), "t.py:1:5: error: invalid character '!' (U+0021)");
  CHECK_STR(lex_err("x = `y`"), "t.py:1:5: error: invalid character '`' (U+0060)");
  CHECK_STR(lex_err("x = \xc3\xa9"), "t.py:1:5: error: invalid character '\xc3\xa9' (U+00E9)");
  CHECK_STR(lex_err("x = \xff"), "t.py:1:5: error: invalid UTF-8 byte 0xff");
  CHECK_STR(lex_err("x = \xc3"), "t.py:1:5: error: invalid UTF-8 byte 0xc3");
  CHECK_STR(lex_err("x = 1\ry"), "t.py:1:6: error: invalid non-printable character U+000D");
  CHECK_STR(lex_err("x\v= 1"), "t.py:1:2: error: invalid non-printable character U+000B");
  Lexed r = lex_src("a\nb = '\0'\n", 10);
  CHECK_STR(r.first, "t.py:2:6: error: source code cannot contain null bytes");
  CHECK(r.toks == NULL);
  lexed_free(&r);
  r = lex_src("\0\xff\xfe", 3);
  CHECK_STR(r.first, "t.py:1:1: error: source code cannot contain null bytes");
  CHECK(strstr(r.diag, "\n^\n") != NULL); /* the caret line is there */
  lexed_free(&r);
}

static void test_line_offset_and_dump(void) {
  SourceFile f = {"frag.py", "x = 'a\n", 7, 40};
  Arena *a = arena_create();
  Diag d;
  diag_init(&d);
  int n = -1;
  CHECK(lex_file(a, &d, &f, &n) == NULL && n == 0);
  char *s = diag_take(&d);
  CHECK_STR(s, "frag.py:41:5: error: unterminated string literal (detected at line 41)\n"
               "x = 'a\n    ^\n");
  free(s);
  diag_free(&d);
  arena_destroy(a);

  Lexed r = lex_s("if x:\n  y = 0x10 + 2.5e0 - 'a\\'b\\n'\n");
  char *out = NULL;
  lex_dump(r.toks, r.n, sink, &out);
  CHECK_STR(out, "1:1 KEYWORD 'if'\n"
                 "1:4 NAME 'x'\n"
                 "1:5 OP ':'\n"
                 "1:6 NEWLINE ''\n"
                 "2:3 INDENT ''\n"
                 "2:3 NAME 'y'\n"
                 "2:5 OP '='\n"
                 "2:7 INT '16'\n"
                 "2:12 OP '+'\n"
                 "2:14 FLOAT '2.5'\n"
                 "2:20 OP '-'\n"
                 "2:22 STRING 'a\\'b\\n'\n"
                 "2:30 NEWLINE ''\n"
                 "3:1 DEDENT ''\n"
                 "3:1 EOF ''\n");
  free(out);
  lexed_free(&r);
  CHECK_STR(lex_kind_name(TK_KEYWORD), "KEYWORD");
  CHECK_STR(lex_kind_name(TK_EOF), "EOF");
}

int main(void) {
  test_arena();
  test_diag();
  test_basic();
  test_keywords();
  test_operators();
  test_numbers();
  test_strings();
  test_indentation();
  test_joining_and_brackets();
  test_bad_characters();
  test_line_offset_and_dump();
  if (failures) {
    fprintf(stderr, "test_lex: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("test_lex: all %d checks passed\n", checks);
  return 0;
}

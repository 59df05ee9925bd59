/*
 * fuzz_frontend.c - libFuzzer entry for the MLIR-free frontend (lexer, parser, printers).
 *
 * Each input is one source file. It is lexed and dumped, parsed and dumped, and the results are
 * checked against the frontend's contracts; a violation aborts, which libFuzzer reports:
 *  - a failure (NULL) comes with at least one located error ("fuzz.py:LINE:COL: error: "), and
 *    success with none;
 *  - the parser fails whenever the lexer does (it lexes the same text);
 *  - the token stream ends with EOF; the AST dump is balanced S-expressions.
 * Built and run by scripts/fuzz.sh.
 */
#include "ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct DumpCheck {
  long depth;    /* open parentheses outside quotes */
  bool in_quote; /* inside '...' */
  bool escape;   /* after a backslash inside quotes */
  bool bad;
} DumpCheck;

static void null_write(const char *s, size_t n, void *u) {
  (void)s;
  (void)n;
  (void)u;
}

static void check_write(const char *s, size_t n, void *u) {
  DumpCheck *c = u;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (c->in_quote) {
      if (c->escape)
        c->escape = false;
      else if (ch == '\\')
        c->escape = true;
      else if (ch == '\'')
        c->in_quote = false;
    } else if (ch == '\'') {
      c->in_quote = true;
    } else if (ch == '(') {
      c->depth++;
    } else if (ch == ')') {
      if (--c->depth < 0) c->bad = true;
    }
  }
}

static void check_diag(Diag *d, bool ok) {
  char *text = diag_take(d);
  if (ok != (d->errors == 0)) abort();
  if (!ok && (strncmp(text, "fuzz.py:", 8) != 0 || !strstr(text, ": error: "))) abort();
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  if (size) memcpy(text, data, size);
  text[size] = '\0';
  SourceFile file = {"fuzz.py", text, size, 0};
  Arena *a = arena_create();

  Diag d;
  diag_init(&d);
  int count = -1;
  Token *toks = lex_file(a, &d, &file, &count);
  check_diag(&d, toks != NULL);
  if (toks) {
    if (count < 1 || toks[count - 1].kind != TK_EOF) abort();
    lex_dump(toks, count, null_write, NULL);
  }
  diag_free(&d);

  diag_init(&d);
  Node *mod = parse_module(a, &d, &file);
  check_diag(&d, mod != NULL);
  if (mod && !toks) abort();
  if (mod) {
    DumpCheck c = {0};
    ast_dump(mod, check_write, &c);
    if (c.bad || c.depth != 0 || c.in_quote) abort();
  }
  diag_free(&d);

  /* The kernel-compilation parse skips host statements that fail, with rollback: it must accept
   * everything the strict parse accepts, and fail only where the lexer or a @jit function does. */
  diag_init(&d);
  Node *kmod = parse_module_kernels(a, &d, &file);
  check_diag(&d, kmod != NULL);
  if (mod && !kmod) abort();
  if (kmod) {
    DumpCheck c = {0};
    ast_dump(kmod, check_write, &c);
    if (c.bad || c.depth != 0 || c.in_quote) abort();
  }
  diag_free(&d);

  arena_destroy(a);
  free(text);
  return 0;
}

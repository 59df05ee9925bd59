/*
 * test_parse.c - unit tests of the parser and the AST printer.
 *
 * Plain C: each CHECK that fails prints its line and the run exits non-zero. Trees are checked
 * through their node fields and through a compact one-line rendering of ast_dump (indentation
 * collapsed), errors by the exact first diagnostic line.
 */
#include "ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define CHECK_LOC(node, l, c)                                                                      \
  do {                                                                                             \
    const Node *n_ = (node);                                                                       \
    checks++;                                                                                      \
    if (!n_ || n_->loc.line != (l) || n_->loc.col != (c)) {                                        \
      fprintf(stderr, "%s:%d: CHECK_LOC failed: got %d:%d, want %d:%d\n", __FILE__, __LINE__,      \
              n_ ? n_->loc.line : -1, n_ ? n_->loc.col : -1, (l), (c));                            \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

/* ---- helpers ----------------------------------------------------------------------------- */

static SourceFile file;
static Arena *arena;
static char first_error[1024];

/* Parses `src` into the current arena (released by the next call). */
static Node *parse(const char *src) {
  if (arena) arena_destroy(arena);
  arena = arena_create();
  file = (SourceFile){"t.py", src, strlen(src), 0};
  Diag d;
  diag_init(&d);
  Node *m = parse_module(arena, &d, &file);
  char *s = diag_take(&d);
  size_t k = strcspn(s, "\n");
  if (k >= sizeof first_error) k = sizeof first_error - 1;
  memcpy(first_error, s, k);
  first_error[k] = '\0';
  if (m && d.errors) {
    fprintf(stderr, "parse succeeded with errors: %s\n", s);
    failures++;
  }
  if (!m && !d.errors) {
    fprintf(stderr, "parse failed without an error: %s\n", src);
    failures++;
  }
  free(s);
  diag_free(&d);
  return m;
}

/* The first error for `src`, or "ok". */
static const char *err(const char *src) {
  return parse(src) ? "ok" : first_error;
}

typedef struct Buf {
  char *s;
  size_t n, cap;
} Buf;

static void sink(const char *s, size_t n, void *u) {
  Buf *b = u;
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static char *dump_full(const Node *n) {
  Buf b = {0};
  ast_dump(n, sink, &b);
  return b.s;
}

/* ast_dump of a node on one line: newlines and the indentation after them become one space. */
static char compact_buf[1 << 16];
static const char *compact(const Node *n) {
  char *s = dump_full(n);
  size_t k = 0;
  for (char *p = s; p && *p && k < sizeof compact_buf - 1; p++) {
    if (*p == '\n') {
      while (p[1] == ' ')
        p++;
      if (p[1] && k < sizeof compact_buf - 1) compact_buf[k++] = ' ';
      continue;
    }
    compact_buf[k++] = *p;
  }
  compact_buf[k] = '\0';
  free(s);
  return compact_buf;
}

/* The first statement of `src` as a compact dump ("ERROR: ..." if it does not parse). */
static const char *stmt(const char *src) {
  Node *m = parse(src);
  if (!m) return first_error;
  if (m->body.len < 1) return "(no statement)";
  return compact(m->body.items[0]);
}

/* The expression `src` (as the first statement's expression) as a compact dump. */
static const char *expr(const char *src) {
  Node *m = parse(src);
  if (!m) return first_error;
  if (m->body.len < 1 || m->body.items[0]->kind != N_EXPR_STMT)
    return "(not an expression statement)";
  return compact(m->body.items[0]->a);
}

static Node *first_expr(const char *src) {
  Node *m = parse(src);
  return m && m->body.len && m->body.items[0]->kind == N_EXPR_STMT ? m->body.items[0]->a : NULL;
}

/* ---- expressions ------------------------------------------------------------------------- */

static void test_atoms(void) {
  CHECK_STR(expr("x"), "(Name 1:1 name='x')");
  CHECK_STR(expr("42"), "(Int 1:1 value=42)");
  CHECK_STR(expr("0x_ff"), "(Int 1:1 value=255)");
  CHECK_STR(expr("123456789012345678901234567890"),
            "(Int 1:1 value=123456789012345678901234567890 big)");
  CHECK_STR(expr("2.5"), "(Float 1:1 value=2.5)");
  CHECK_STR(expr("1e-5"), "(Float 1:1 value=1.0000000000000001e-05)");
  CHECK_STR(expr("'a' \"b\""), "(String 1:1 value='ab')");
  CHECK_STR(expr("f'{x}'"), "(String 1:1 value='{x}' fstring)");
  CHECK_STR(expr("b'\\x00'"), "(String 1:1 value='\\x00' bytes)");
  CHECK_STR(expr("True"), "(Bool 1:1 value=True)");
  CHECK_STR(expr("False"), "(Bool 1:1 value=False)");
  CHECK_STR(expr("None"), "(None 1:1)");
  CHECK_STR(expr("..."), "(Ellipsis 1:1)");
  CHECK_STR(expr("()"), "(Tuple 1:1)");
  CHECK_STR(expr("(x,)"), "(Tuple 1:1 (Name 1:2 name='x'))");
  CHECK_STR(expr("(x)"), "(Name 1:2 name='x')");
  CHECK_STR(expr("((x))"), "(Name 1:3 name='x')");
  CHECK_STR(expr("(1, 2,)"), "(Tuple 1:1 (Int 1:2 value=1) (Int 1:5 value=2))");
  CHECK_STR(expr("1, 2"), "(Tuple 1:1 (Int 1:1 value=1) (Int 1:4 value=2))");
  CHECK_STR(expr("1,"), "(Tuple 1:1 (Int 1:1 value=1))");
  CHECK_STR(expr("[]"), "(List 1:1)");
  CHECK_STR(expr("[1, [2],]"), "(List 1:1 (Int 1:2 value=1) (List 1:5 (Int 1:6 value=2)))");
  CHECK_STR(expr("{}"), "(Dict 1:1)");
  CHECK_STR(expr("{'a': 1, 'b': x}"), "(Dict 1:1 (keys (String 1:2 value='a') "
                                      "(String 1:10 value='b')) (values (Int 1:7 value=1) "
                                      "(Name 1:15 name='x')))");
  Node *d = first_expr("{'BLOCK': 128,}");
  CHECK(d && d->kind == N_DICT && d->list.len == 1 && d->kws.len == 1);
}

static void test_trailers(void) {
  CHECK_STR(expr("a.b.c"), "(Attr 1:1 name='c' (Attr 1:1 name='b' (Name 1:1 name='a')))");
  CHECK_STR(expr("f()"), "(Call 1:1 (Name 1:1 name='f'))");
  CHECK_STR(expr("tl.load(p + o, mask=m, other=0.0)"),
            "(Call 1:1 (Attr 1:1 name='load' (Name 1:1 name='tl')) (BinOp 1:9 op='+' (Name 1:9 "
            "name='p') (Name 1:13 name='o')) (Keyword 1:16 name='mask' (Name 1:21 name='m')) "
            "(Keyword 1:24 name='other' (Float 1:30 value=0)))");
  CHECK_STR(expr("f(a,)(b)"), "(Call 1:1 (Call 1:1 (Name 1:1 name='f') (Name 1:3 name='a')) "
                              "(Name 1:7 name='b'))");
  CHECK_STR(expr("a[1]"), "(Subscript 1:1 (Name 1:1 name='a') (Int 1:3 value=1))");
  CHECK_STR(expr("a[:, None]"),
            "(Subscript 1:1 (Name 1:1 name='a') (Tuple 1:3 (Slice 1:3) (None 1:6)))");
  CHECK_STR(expr("a[None, :]"),
            "(Subscript 1:1 (Name 1:1 name='a') (Tuple 1:3 (None 1:3) (Slice 1:9)))");
  CHECK_STR(expr("a[1:2]"), "(Subscript 1:1 (Name 1:1 name='a') (Slice 1:3 (lower (Int 1:3 "
                            "value=1)) (upper (Int 1:5 value=2))))");
  CHECK_STR(expr("a[::2]"),
            "(Subscript 1:1 (Name 1:1 name='a') (Slice 1:3 (step (Int 1:5 value=2))))");
  CHECK_STR(expr("a[1:]"), "(Subscript 1:1 (Name 1:1 name='a') (Slice 1:3 (lower (Int 1:3 "
                           "value=1))))");
  CHECK_STR(expr("a[:]"), "(Subscript 1:1 (Name 1:1 name='a') (Slice 1:3))");
  CHECK_STR(expr("a[::]"), "(Subscript 1:1 (Name 1:1 name='a') (Slice 1:3))");
  CHECK_STR(expr("a[i, j]"), "(Subscript 1:1 (Name 1:1 name='a') (Tuple 1:3 (Name 1:3 name='i') "
                             "(Name 1:6 name='j')))");
  CHECK_STR(expr("a[i,]"), "(Subscript 1:1 (Name 1:1 name='a') (Tuple 1:3 (Name 1:3 name='i')))");
  CHECK_STR(expr("a[...]"), "(Subscript 1:1 (Name 1:1 name='a') (Ellipsis 1:3))");
  CHECK_STR(expr("x.y[0].z(1)"), "(Call 1:1 (Attr 1:1 name='z' (Subscript 1:1 (Attr 1:1 "
                                 "name='y' (Name 1:1 name='x')) (Int 1:5 value=0))) (Int 1:10 "
                                 "value=1))");
}

static void test_precedence(void) {
  CHECK_STR(expr("a + b * c"), "(BinOp 1:1 op='+' (Name 1:1 name='a') (BinOp 1:5 op='*' (Name "
                               "1:5 name='b') (Name 1:9 name='c')))");
  CHECK_STR(expr("1 - 2 - 3"), "(BinOp 1:1 op='-' (BinOp 1:1 op='-' (Int 1:1 value=1) (Int 1:5 "
                               "value=2)) (Int 1:9 value=3))");
  CHECK_STR(expr("-x**2"),
            "(Unary 1:1 op='-' (BinOp 1:2 op='**' (Name 1:2 name='x') (Int 1:5 value=2)))");
  CHECK_STR(expr("2**3**2"), "(BinOp 1:1 op='**' (Int 1:1 value=2) (BinOp 1:4 op='**' (Int 1:4 "
                             "value=3) (Int 1:7 value=2)))");
  CHECK_STR(expr("2**-1"),
            "(BinOp 1:1 op='**' (Int 1:1 value=2) (Unary 1:4 op='-' (Int 1:5 value=1)))");
  CHECK_STR(expr("-+~x"), "(Unary 1:1 op='-' (Unary 1:2 op='+' (Unary 1:3 op='~' (Name 1:4 "
                          "name='x'))))");
  CHECK_STR(expr("a or b and c"), "(BoolOp 1:1 op='or' (Name 1:1 name='a') (BoolOp 1:6 op='and' "
                                  "(Name 1:6 name='b') (Name 1:12 name='c')))");
  CHECK_STR(expr("a or b or c"), "(BoolOp 1:1 op='or' (Name 1:1 name='a') (Name 1:6 name='b') "
                                 "(Name 1:11 name='c'))");
  CHECK_STR(expr("not a == b"), "(Unary 1:1 op='not' (Compare 1:5 ops=['=='] (Name 1:5 name='a') "
                                "(Name 1:10 name='b')))");
  CHECK_STR(expr("not not a"), "(Unary 1:1 op='not' (Unary 1:5 op='not' (Name 1:9 name='a')))");
  CHECK_STR(expr("a < b <= c != d"),
            "(Compare 1:1 ops=['<', '<=', '!='] (Name 1:1 name='a') (Name 1:5 name='b') (Name "
            "1:10 name='c') (Name 1:15 name='d'))");
  CHECK_STR(expr("a not in b is not c in d is e"),
            "(Compare 1:1 ops=['not in', 'is not', 'in', 'is'] (Name 1:1 name='a') (Name 1:10 "
            "name='b') (Name 1:19 name='c') (Name 1:24 name='d') (Name 1:29 name='e'))");
  CHECK_STR(expr("a | b ^ c & d << e + f * g"),
            "(BinOp 1:1 op='|' (Name 1:1 name='a') (BinOp 1:5 op='^' (Name 1:5 name='b') (BinOp "
            "1:9 op='&' (Name 1:9 name='c') (BinOp 1:13 op='<<' (Name 1:13 name='d') (BinOp 1:18 "
            "op='+' (Name 1:18 name='e') (BinOp 1:22 op='*' (Name 1:22 name='f') (Name 1:26 "
            "name='g')))))))");
  CHECK_STR(expr("a // b % c @ d / e"),
            "(BinOp 1:1 op='/' (BinOp 1:1 op='@' (BinOp 1:1 op='%' (BinOp 1:1 op='//' (Name 1:1 "
            "name='a') (Name 1:6 name='b')) (Name 1:10 name='c')) (Name 1:14 name='d')) (Name "
            "1:18 name='e'))");
  CHECK_STR(expr("a >> 1 << 2"), "(BinOp 1:1 op='<<' (BinOp 1:1 op='>>' (Name 1:1 name='a') "
                                 "(Int 1:6 value=1)) (Int 1:11 value=2))");
  CHECK_STR(expr("-a * b"), "(BinOp 1:1 op='*' (Unary 1:1 op='-' (Name 1:2 name='a')) (Name "
                            "1:6 name='b'))");
  CHECK_STR(expr("a < b == c | d"),
            "(Compare 1:1 ops=['<', '=='] (Name 1:1 name='a') (Name 1:5 name='b') (BinOp 1:10 "
            "op='|' (Name 1:10 name='c') (Name 1:14 name='d')))");
  CHECK_STR(expr("x if c else y"), "(IfExp 1:1 (test (Name 1:6 name='c')) (body (Name 1:1 "
                                   "name='x')) (orelse (Name 1:13 name='y')))");
  CHECK_STR(expr("a if b else c if d else e"),
            "(IfExp 1:1 (test (Name 1:6 name='b')) (body (Name 1:1 name='a')) (orelse (IfExp "
            "1:13 (test (Name 1:18 name='d')) (body (Name 1:13 name='c')) (orelse (Name 1:25 "
            "name='e')))))");
  CHECK_STR(expr("lambda: 0"), "(Lambda 1:1 (Int 1:9 value=0))");
  CHECK_STR(expr("lambda x, y=1: x + y"),
            "(Lambda 1:1 (params (Param 1:8 name='x') (Param 1:11 name='y' (default (Int 1:13 "
            "value=1)))) (BinOp 1:16 op='+' (Name 1:16 name='x') (Name 1:20 name='y')))");
  CHECK_STR(expr("(a + b) * c"), "(BinOp 1:2 op='*' (BinOp 1:2 op='+' (Name 1:2 name='a') (Name "
                                 "1:6 name='b')) (Name 1:11 name='c'))");
  CHECK_STR(expr("a and not b or c"),
            "(BoolOp 1:1 op='or' (BoolOp 1:1 op='and' (Name 1:1 name='a') (Unary 1:7 op='not' "
            "(Name 1:11 name='b'))) (Name 1:16 name='c'))");
}

static void test_locations(void) {
  Node *e = first_expr("x = 0\n  \n\nfoo.bar(a)[i] + baz * -q\n");
  CHECK(e == NULL); /* the first statement is an assignment */
  Node *m = parse("x = 0\n\nfoo.bar(a)[i] + baz * -q\n");
  CHECK(m && m->body.len == 2);
  Node *b = m->body.items[1]->a;
  CHECK(b->kind == N_BINOP);
  CHECK_LOC(m->body.items[1], 3, 1);
  CHECK_LOC(b, 3, 1);          /* binop: its left operand */
  CHECK_LOC(b->a, 3, 1);       /* subscript: its object */
  CHECK_LOC(b->a->a, 3, 1);    /* call: its callee */
  CHECK_LOC(b->a->a->a, 3, 1); /* attribute: its object */
  CHECK_LOC(b->a->a->list.items[0], 3, 9);
  CHECK_LOC(b->a->b, 3, 12);
  CHECK_LOC(b->b, 3, 17);
  CHECK_LOC(b->b->b, 3, 23); /* unary: its operator */
  CHECK_LOC(b->b->b->a, 3, 24);
  m = parse("def f(a,\n      b: int = 3):\n    return a\n");
  CHECK(m && m->body.items[0]->kind == N_FUNCTION);
  Node *fn = m->body.items[0];
  CHECK_LOC(fn, 1, 1);
  CHECK_LOC(fn->params.items[1], 2, 7);
  CHECK_LOC(fn->params.items[1]->c, 2, 10);
  CHECK_LOC(fn->params.items[1]->b, 2, 16);
  CHECK_LOC(fn->body.items[0], 3, 5);
  CHECK_LOC(fn->body.items[0]->a, 3, 12);
  m = parse("@triton.jit\ndef k():\n  pass\n");
  CHECK_LOC(m->body.items[0], 2, 1);
  CHECK_LOC(m->body.items[0]->decorators.items[0], 1, 2);
  m = parse("if a:\n  pass\nelif b:\n  pass\n");
  CHECK_LOC(m->body.items[0]->orelse.items[0], 3, 1);
  CHECK_LOC(m->body.items[0]->orelse.items[0]->a, 3, 6);
  m = parse("x = (\n  1,\n  2)\n");
  CHECK_LOC(m->body.items[0]->b, 1, 5);
  CHECK_LOC(m->body.items[0]->b->list.items[1], 3, 3);
  m = parse("f(\n  k = 1)\n");
  CHECK_LOC(m->body.items[0]->a->kws.items[0], 2, 3);
  CHECK_LOC(m->body.items[0]->a->kws.items[0]->a, 2, 7);
}

/* ---- statements -------------------------------------------------------------------------- */

static void test_simple_statements(void) {
  CHECK_STR(stmt("x = 1"), "(Assign 1:1 (targets (Name 1:1 name='x')) (Int 1:5 value=1))");
  CHECK_STR(stmt("a = b = c"), "(Assign 1:1 (targets (Name 1:1 name='a') (Name 1:5 name='b')) "
                               "(Name 1:9 name='c'))");
  CHECK_STR(stmt("a, b = f()"), "(Assign 1:1 (targets (Tuple 1:1 (Name 1:1 name='a') (Name 1:4 "
                                "name='b'))) (Call 1:8 (Name 1:8 name='f')))");
  CHECK_STR(stmt("(a, b) = 1, 2"),
            "(Assign 1:1 (targets (Tuple 1:1 (Name 1:2 name='a') (Name 1:5 name='b'))) (Tuple "
            "1:10 (Int 1:10 value=1) (Int 1:13 value=2)))");
  CHECK_STR(stmt("[a, b] = c"), "(Assign 1:1 (targets (List 1:1 (Name 1:2 name='a') (Name 1:5 "
                                "name='b'))) (Name 1:10 name='c'))");
  CHECK_STR(stmt("x.y[i] = v"), "(Assign 1:1 (targets (Subscript 1:1 (Attr 1:1 name='y' (Name "
                                "1:1 name='x')) (Name 1:5 name='i'))) (Name 1:10 name='v'))");
  const char *aug[] = {"+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>"};
  for (size_t i = 0; i < sizeof aug / sizeof *aug; i++) {
    char src[32], want[128];
    snprintf(src, sizeof src, "x %s= 2", aug[i]);
    snprintf(want, sizeof want, "(AugAssign 1:1 op='%s' (Name 1:1 name='x') (Int 1:%d value=2))",
             aug[i], (int)strlen(aug[i]) + 5);
    CHECK_STR(stmt(src), want);
  }
  CHECK_STR(stmt("x: tl.constexpr = 3"),
            "(AnnAssign 1:1 (Name 1:1 name='x') (annotation (Attr 1:4 name='constexpr' (Name "
            "1:4 name='tl'))) (value (Int 1:19 value=3)))");
  CHECK_STR(stmt("x: int"), "(AnnAssign 1:1 (Name 1:1 name='x') (annotation (Name 1:4 "
                            "name='int')))");
  CHECK_STR(stmt("f(x)"), "(ExprStmt 1:1 (Call 1:1 (Name 1:1 name='f') (Name 1:3 name='x')))");
  CHECK_STR(stmt("pass"), "(Pass 1:1)");
  CHECK_STR(stmt("while 1:\n  break\n"), "(While 1:1 (Int 1:7 value=1) (body (Break 2:3)))");
  CHECK_STR(stmt("while 1:\n  continue\n"), "(While 1:1 (Int 1:7 value=1) (body (Continue 2:3)))");
  CHECK_STR(stmt("return"), "(Return 1:1)");
  CHECK_STR(stmt("return a, b"),
            "(Return 1:1 (Tuple 1:8 (Name 1:8 name='a') (Name 1:11 name='b')))");
  CHECK_STR(stmt("assert x"), "(Assert 1:1 (Name 1:8 name='x'))");
  CHECK_STR(stmt("assert x, 'm'"),
            "(Assert 1:1 (Name 1:8 name='x') (msg (String 1:11 value='m')))");
  CHECK_STR(stmt("raise"), "(Raise 1:1)");
  CHECK_STR(stmt("raise E(1) from e"), "(Raise 1:1 (Call 1:7 (Name 1:7 name='E') (Int 1:9 "
                                       "value=1)) (from (Name 1:17 name='e')))");
  CHECK_STR(stmt("global a, b"),
            "(Global 1:1 kind='global' (Name 1:8 name='a') (Name 1:11 name='b'))");
  CHECK_STR(stmt("nonlocal a"), "(Global 1:1 kind='nonlocal' (Name 1:10 name='a'))");
  CHECK_STR(stmt("del a, b[0]"), "(Del 1:1 (Name 1:5 name='a') (Subscript 1:8 (Name 1:8 "
                                 "name='b') (Int 1:10 value=0)))");
  CHECK_STR(stmt("del (a, b)"), "(Del 1:1 (Tuple 1:5 (Name 1:6 name='a') (Name 1:9 name='b')))");
  CHECK_STR(stmt("import triton"), "(Import 1:1 (Name 1:8 name='triton'))");
  CHECK_STR(stmt("import triton.language as tl, torch"),
            "(Import 1:1 (Name 1:8 name='triton.language' as='tl') (Name 1:31 name='torch'))");
  CHECK_STR(stmt("from triton import language as tl, jit"),
            "(Import 1:1 from='triton' (Name 1:20 name='language' as='tl') (Name 1:36 "
            "name='jit'))");
  CHECK_STR(stmt("from . import (a,\n  b,)"),
            "(Import 1:1 from='.' (Name 1:16 name='a') (Name 2:3 name='b'))");
  CHECK_STR(stmt("from ...x.y import *"), "(Import 1:1 from='...x.y' (Name 1:20 name='*'))");

  Node *m = parse("a = 1; b = 2;\nc = 3\n");
  CHECK(m && m->body.len == 3);
  CHECK_LOC(m->body.items[1], 1, 8);
  m = parse("if x: a = 1; b = 2\n");
  CHECK(m && m->body.items[0]->body.len == 2);
}

static void test_compound_statements(void) {
  CHECK_STR(stmt("if a:\n  x\nelif b:\n  y\nelif c:\n  z\nelse:\n  w\n"),
            "(If 1:1 (Name 1:4 name='a') (body (ExprStmt 2:3 (Name 2:3 name='x'))) (orelse (If "
            "3:1 (Name 3:6 name='b') (body (ExprStmt 4:3 (Name 4:3 name='y'))) (orelse (If 5:1 "
            "(Name 5:6 name='c') (body (ExprStmt 6:3 (Name 6:3 name='z'))) (orelse (ExprStmt "
            "8:3 (Name 8:3 name='w'))))))))");
  CHECK_STR(stmt("if x: pass"), "(If 1:1 (Name 1:4 name='x') (body (Pass 1:7)))");
  CHECK_STR(stmt("for i in range(n):\n  s += i\nelse:\n  pass\n"),
            "(For 1:1 (Name 1:5 name='i') (Call 1:10 (Name 1:10 name='range') (Name 1:16 "
            "name='n')) (body (AugAssign 2:3 op='+' (Name 2:3 name='s') (Name 2:8 name='i'))) "
            "(orelse (Pass 4:3)))");
  CHECK_STR(stmt("for a, (b, c) in x, y: pass"),
            "(For 1:1 (Tuple 1:5 (Name 1:5 name='a') (Tuple 1:8 (Name 1:9 name='b') (Name 1:12 "
            "name='c'))) (Tuple 1:18 (Name 1:18 name='x') (Name 1:21 name='y')) (body (Pass "
            "1:24)))");
  CHECK_STR(stmt("while i < n:\n  i += 1\nelse:\n  pass\n"),
            "(While 1:1 (Compare 1:7 ops=['<'] (Name 1:7 name='i') (Name 1:11 name='n')) (body "
            "(AugAssign 2:3 op='+' (Name 2:3 name='i') (Int 2:8 value=1))) (orelse (Pass "
            "4:3)))");
  CHECK_STR(stmt("def f(a, b: int, c=1, *args, d: tl.constexpr = 2, **kw) -> None:\n  pass\n"),
            "(Function 1:1 name='f' (params (Param 1:7 name='a') (Param 1:10 name='b' "
            "(annotation (Name 1:13 name='int'))) (Param 1:18 name='c' (default (Int 1:20 "
            "value=1))) (Param 1:23 name='args' star='*') (Param 1:30 name='d' (annotation "
            "(Attr 1:33 name='constexpr' (Name 1:33 name='tl'))) (default (Int 1:48 value=2))) "
            "(Param 1:51 name='kw' star='**')) (returns (None 1:60)) (body (Pass 2:3)))");
  CHECK_STR(stmt("def f(a, /, b, *, c): pass"),
            "(Function 1:1 name='f' (params (Param 1:7 name='a') (Param 1:13 name='b') (Param "
            "1:19 name='c')) (body (Pass 1:23)))");
  CHECK_STR(stmt("def f(x,): return x"),
            "(Function 1:1 name='f' (params (Param 1:7 name='x')) (body (Return 1:12 (Name 1:19 "
            "name='x'))))");
  CHECK_STR(stmt("@triton.jit\ndef k(): pass"),
            "(Function 2:1 name='k' (decorators (Attr 1:2 name='jit' (Name 1:2 "
            "name='triton'))) (body (Pass 2:10)))");
  CHECK_STR(stmt("@triton.jit(do_not_specialize=[\"n\"])\n@other\ndef k(): pass"),
            "(Function 3:1 name='k' (decorators (Call 1:2 (Attr 1:2 name='jit' (Name 1:2 "
            "name='triton')) (Keyword 1:13 name='do_not_specialize' (List 1:31 (String 1:32 "
            "value='n')))) (Name 2:2 name='other')) (body (Pass 3:10)))");
  CHECK_STR(stmt("@triton.autotune(configs=[triton.Config({'B': 128}, num_warps=4),\n"
                 "                          triton.Config({'B': 64}, num_warps=2)],\n"
                 "                 key=['n'])\n@triton.jit\ndef k(x, n, B: tl.constexpr):\n"
                 "    pass\n"),
            "(Function 5:1 name='k' (decorators (Call 1:2 (Attr 1:2 name='autotune' (Name 1:2 "
            "name='triton')) (Keyword 1:18 name='configs' (List 1:26 (Call 1:27 (Attr 1:27 "
            "name='Config' (Name 1:27 name='triton')) (Dict 1:41 (keys (String 1:42 value='B')) "
            "(values (Int 1:47 value=128))) (Keyword 1:53 name='num_warps' (Int 1:63 value=4))) "
            "(Call 2:27 (Attr 2:27 name='Config' (Name 2:27 name='triton')) (Dict 2:41 (keys "
            "(String 2:42 value='B')) (values (Int 2:47 value=64))) (Keyword 2:52 "
            "name='num_warps' (Int 2:62 value=2))))) (Keyword 3:18 name='key' (List 3:22 "
            "(String 3:23 value='n')))) (Attr 4:2 name='jit' (Name 4:2 name='triton'))) "
            "(params (Param 5:7 name='x') (Param 5:10 name='n') (Param 5:13 name='B' "
            "(annotation (Attr 5:16 name='constexpr' (Name 5:16 name='tl'))))) (body (Pass "
            "6:5)))");
  CHECK_STR(stmt("class A(B, metaclass=M):\n  x = 1\n  def f(self): pass\n"),
            "(Class 1:1 name='A' (bases (Name 1:9 name='B')) (keywords (Keyword 1:12 "
            "name='metaclass' (Name 1:22 name='M'))) (body (Assign 2:3 (targets (Name 2:3 "
            "name='x')) (Int 2:7 value=1)) (Function 3:3 name='f' (params (Param 3:9 "
            "name='self')) (body (Pass 3:16)))))");
  CHECK_STR(stmt("@dataclass\nclass A: pass"),
            "(Class 2:1 name='A' (decorators (Name 1:2 name='dataclass')) (body (Pass 2:10)))");

  Node *m = parse("def f():\n  if a:\n    if b:\n      pass\n  x\ny\n");
  CHECK(m && m->body.len == 2 && m->body.items[0]->body.len == 2);

  /* A module with everything a Triton file has at module level. */
  m = parse("import torch\nimport triton\nimport triton.language as tl\n\nDEVICE = 'cuda'\n\n"
            "@triton.jit\ndef add_kernel(x_ptr, y_ptr, output_ptr, n_elements,\n"
            "               BLOCK_SIZE: tl.constexpr):\n"
            "    pid = tl.program_id(axis=0)\n"
            "    block_start = pid * BLOCK_SIZE\n"
            "    offsets = block_start + tl.arange(0, BLOCK_SIZE)\n"
            "    mask = offsets < n_elements\n"
            "    x = tl.load(x_ptr + offsets, mask=mask)\n"
            "    y = tl.load(y_ptr + offsets, mask=mask)\n"
            "    output = x + y\n"
            "    tl.store(output_ptr + offsets, output, mask=mask)\n\n\n"
            "def add(x: torch.Tensor, y: torch.Tensor):\n"
            "    output = torch.empty_like(x)\n"
            "    n_elements = output.numel()\n"
            "    grid = lambda meta: (triton.cdiv(n_elements, meta['BLOCK_SIZE']), )\n"
            "    add_kernel[grid](x, y, output, n_elements, BLOCK_SIZE=1024)\n"
            "    return output\n\n"
            "if __name__ == '__main__':\n"
            "    print(add(torch.rand(98432), torch.rand(98432)))\n");
  CHECK(m && m->body.len == 7);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_errors(void) {
  CHECK_STR(err("if x\n  pass\n"), "t.py:1:5: error: expected ':'");
  CHECK_STR(err("def f()\n  pass\n"), "t.py:1:8: error: expected ':'");
  CHECK_STR(err("for i in x  # c\n  pass\n"), "t.py:1:11: error: expected ':'");
  CHECK_STR(err("def f:\n  pass\n"), "t.py:1:6: error: expected '('");
  CHECK_STR(err("x = 1\n  y = 2\n"), "t.py:2:3: error: unexpected indent");
  CHECK_STR(err("  x = 1\n"), "t.py:1:3: error: unexpected indent");
  CHECK_STR(err("if x:\npass\n"),
            "t.py:2:1: error: expected an indented block after 'if' statement on line 1");
  CHECK_STR(err("if x:\n  pass\nelse:\nz\n"),
            "t.py:4:1: error: expected an indented block after 'else' statement on line 3");
  CHECK_STR(err("def f():\n\n# c\nreturn\n"),
            "t.py:4:1: error: expected an indented block after function definition on line 1");
  CHECK_STR(err("class A:\n"),
            "t.py:2:1: error: expected an indented block after class definition on line 1");
  CHECK_STR(err("while x:\n"),
            "t.py:2:1: error: expected an indented block after 'while' statement on line 1");
  CHECK_STR(err("for x in y:\n"),
            "t.py:2:1: error: expected an indented block after 'for' statement on line 1");
  CHECK_STR(err("if a:\n  x\nelif b:\ny"),
            "t.py:4:1: error: expected an indented block after 'elif' statement on line 3");
  CHECK_STR(err("if a:\n    x\n  y\n"),
            "t.py:3:3: error: unindent does not match any outer indentation level");
  CHECK_STR(err("x = \n"), "t.py:1:4: error: invalid syntax");
  CHECK_STR(err("x = 1 2\n"), "t.py:1:7: error: invalid syntax");
  CHECK_STR(err("f(a b)\n"), "t.py:1:5: error: invalid syntax. Perhaps you forgot a comma?");
  CHECK_STR(err("[1 2]\n"), "t.py:1:4: error: invalid syntax. Perhaps you forgot a comma?");
  CHECK_STR(err("f(a:)\n"), "t.py:1:4: error: expected ',' or ')'");
  CHECK_STR(err("else:\n  pass\n"), "t.py:1:1: error: invalid syntax");
  CHECK_STR(err("x = (1 if 2)\n"), "t.py:1:12: error: expected 'else' after 'if' expression");
  CHECK_STR(err("for x y:\n  pass\n"), "t.py:1:7: error: expected 'in'");
  CHECK_STR(err("a.1\n"), "t.py:1:2: error: invalid syntax");
  CHECK_STR(err("x = a[]\n"), "t.py:1:7: error: invalid syntax");
  CHECK_STR(err("1 = x\n"), "t.py:1:1: error: cannot assign to literal");
  CHECK_STR(err("f() = x\n"), "t.py:1:1: error: cannot assign to function call");
  CHECK_STR(err("a, b + 1 = x\n"), "t.py:1:4: error: cannot assign to expression");
  CHECK_STR(err("None = 1\n"), "t.py:1:1: error: cannot assign to None");
  CHECK_STR(err("x = True = 1\n"), "t.py:1:5: error: cannot assign to True");
  CHECK_STR(err("for f() in x: pass\n"), "t.py:1:5: error: cannot assign to function call");
  CHECK_STR(err("del f()\n"), "t.py:1:5: error: cannot delete function call");
  CHECK_STR(err("f() += 1\n"),
            "t.py:1:1: error: 'function call' is an illegal expression for augmented assignment");
  CHECK_STR(err("a, b: int\n"), "t.py:1:1: error: only single target (not tuple) can be annotated");
  CHECK_STR(err("x == 1 = 2\n"), "t.py:1:1: error: cannot assign to comparison");
  CHECK_STR(err("f(x=1, y)\n"), "t.py:1:8: error: positional argument follows keyword argument");
  CHECK_STR(err("f(x=1, x=2)\n"), "t.py:1:8: error: keyword argument repeated: x");
  CHECK_STR(err("f(a.b=1)\n"),
            "t.py:1:3: error: expression cannot contain assignment, perhaps you meant \"==\"?");
  CHECK_STR(err("def f(a, a): pass\n"),
            "t.py:1:10: error: duplicate argument 'a' in function definition");
  CHECK_STR(err("def f(a=1, b): pass\n"),
            "t.py:1:12: error: parameter without a default follows parameter with a default");
  CHECK_STR(err("def f(*): pass\n"), "t.py:1:7: error: named arguments must follow bare *");
  CHECK_STR(err("def f(**k, a): pass\n"),
            "t.py:1:12: error: arguments cannot follow var-keyword argument");
  CHECK_STR(err("def f(/, a): pass\n"), "t.py:1:7: error: at least one argument must precede /");
  CHECK_STR(err("def f(*a=1): pass\n"), "t.py:1:9: error: var-positional and var-keyword "
                                        "arguments cannot have default values");
  CHECK_STR(err("def f(a b): pass\n"), "t.py:1:9: error: expected ',' or ')'");
  CHECK_STR(err("@dec\nx = 1\n"), "t.py:2:1: error: expected 'def' or 'class' after decorators");
  CHECK_STR(err("@dec x\ndef f(): pass\n"), "t.py:1:6: error: invalid syntax");
  CHECK_STR(err("if x: if y: pass\n"), "t.py:1:7: error: invalid syntax");
  CHECK_STR(err("x = y = 2 == 3 = 4\n"), "t.py:1:9: error: cannot assign to comparison");
  CHECK_STR(err("print 'x'\n"), "t.py:1:7: error: invalid syntax");
  CHECK_STR(err("f(x) = = 1\n"), "t.py:1:1: error: cannot assign to function call");
  CHECK_STR(err("x = 1 if y else\n"), "t.py:1:16: error: invalid syntax");
  CHECK_STR(err("x = [1, 2\n"), "t.py:1:5: error: '[' was never closed"); /* from the lexer */

  /* outside the subset: located rejections */
  CHECK_STR(err("with open(f) as g:\n  pass\n"), "t.py:1:1: error: unsupported statement 'with'");
  CHECK_STR(err("def f():\n  try:\n    pass\n  except E:\n    pass\n"),
            "t.py:2:3: error: unsupported statement 'try'");
  CHECK_STR(err("async def f(): pass\n"), "t.py:1:1: error: unsupported statement 'async'");
  CHECK_STR(err("x = [i for i in y for j in z]\n"),
            "t.py:1:19: error: nested comprehensions (two 'for' clauses) are not supported");
  CHECK_STR(err("f(i for i in y, 1)\n"),
            "t.py:1:3: error: a generator expression must be the only argument, in parentheses");
  CHECK_STR(err("x = [i async for i in y]\n"),
            "t.py:1:8: error: async comprehensions are not supported");
  CHECK_STR(err("x = {1, 2}\n"), "t.py:1:6: error: set literals are not supported");
  CHECK_STR(err("x = {**a}\n"), "t.py:1:6: error: dictionary unpacking is not supported");
  CHECK_STR(err("f(*args)\n"), "t.py:1:3: error: star arguments ('*') are not supported");
  CHECK_STR(err("f(**kw)\n"), "t.py:1:3: error: star arguments ('**') are not supported");
  CHECK_STR(err("a, *b = c\n"), "t.py:1:4: error: starred expressions are not supported");
  CHECK_STR(err("if (n := 10) > 5: pass\n"),
            "t.py:1:7: error: assignment expressions (':=') are not supported");
  CHECK_STR(err("def g():\n  yield 1\n"), "t.py:2:3: error: 'yield' is not supported");
  CHECK_STR(err("x = await y\n"), "t.py:1:5: error: 'await' is not supported");
}

static void test_limits(void) {
  /* 50,000-term left-associative chain: loops, not recursion */
  size_t n = 50000;
  char *src = malloc(n * 4 + 16);
  size_t k = 0;
  k += (size_t)sprintf(src, "x = 1");
  for (size_t i = 1; i < n; i++)
    k += (size_t)sprintf(src + k, "+%zu", i % 10);
  src[k++] = '\n';
  src[k] = '\0';
  Node *m = parse(src);
  CHECK(m != NULL);
  if (m) {
    int terms = 1;
    for (Node *e = m->body.items[0]->b; e->kind == N_BINOP; e = e->a)
      terms++;
    CHECK(terms == (int)n);
    char *d = dump_full(m); /* iterative printer: no stack overflow either */
    CHECK(d && strlen(d) > n * 10);
    free(d);
  }
  /* the same with other loop-parsed forms */
  k = (size_t)sprintf(src, "x = a");
  for (size_t i = 1; i < 20000; i++)
    k += (size_t)sprintf(src + k, i % 3 == 0 ? ".b" : i % 3 == 1 ? "[0]" : "()");
  src[k] = '\0';
  CHECK(parse(src) != NULL);
  k = (size_t)sprintf(src, "x = a");
  for (size_t i = 1; i < 20000; i++)
    k += (size_t)sprintf(src + k, i % 2 ? " < b" : " and c");
  src[k] = '\0';
  CHECK(parse(src) != NULL);
  /* a long elif chain is not nesting */
  k = (size_t)sprintf(src, "if a:\n  pass\n");
  for (size_t i = 1; i < 2000; i++)
    k += (size_t)sprintf(src + k, "elif a:\n  pass\n");
  CHECK(parse(src) != NULL);

  /* deep nesting: a located error, not a stack overflow */
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 10000; i++)
    src[k++] = '-';
  src[k++] = '1';
  src[k] = '\0';
  CHECK_STR(err(src), "t.py:1:205: error: nesting too deep");
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 5000; i++)
    k += (size_t)sprintf(src + k, "not ");
  src[k++] = 'a';
  src[k] = '\0';
  CHECK(strstr(err(src), "error: nesting too deep") != NULL);
  k = (size_t)sprintf(src, "x = 2");
  for (size_t i = 0; i < 5000; i++)
    k += (size_t)sprintf(src + k, "**2");
  CHECK(strstr(err(src), "error: nesting too deep") != NULL);
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 5000; i++)
    k += (size_t)sprintf(src + k, "lambda: ");
  src[k++] = '1';
  src[k] = '\0';
  CHECK(strstr(err(src), "error: nesting too deep") != NULL);
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 5000; i++)
    k += (size_t)sprintf(src + k, "a if b else ");
  src[k++] = 'c';
  src[k] = '\0';
  CHECK(strstr(err(src), "error: nesting too deep") != NULL);
  /* brackets: the lexer stops at 200, the parser at PARSE_MAX_DEPTH */
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 10000; i++)
    src[k++] = '(';
  src[k] = '\0';
  CHECK_STR(err(src), "t.py:1:205: error: too many nested parentheses");
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 199; i++)
    src[k++] = i % 2 ? '[' : '(';
  src[k++] = '1';
  for (size_t i = 199; i-- > 0;)
    src[k++] = i % 2 ? ']' : ')';
  src[k] = '\0';
  CHECK_STR(err(src), "ok");
  k = (size_t)sprintf(src, "x = ");
  for (size_t i = 0; i < 200; i++)
    src[k++] = '(';
  src[k++] = '1';
  for (size_t i = 0; i < 200; i++)
    src[k++] = ')';
  src[k] = '\0';
  CHECK_STR(err(src), "t.py:1:205: error: nesting too deep");
  free(src);
}

static void test_dump_format(void) {
  Node *m = parse("@triton.jit\ndef k(x, N: tl.constexpr):\n    if x:\n        y = -x[0]\n");
  char *d = dump_full(m);
  CHECK_STR(d, "(Module 1:1\n"
               "  (Function 2:1 name='k'\n"
               "    (decorators\n"
               "      (Attr 1:2 name='jit'\n"
               "        (Name 1:2 name='triton')))\n"
               "    (params\n"
               "      (Param 2:7 name='x')\n"
               "      (Param 2:10 name='N'\n"
               "        (annotation\n"
               "          (Attr 2:13 name='constexpr'\n"
               "            (Name 2:13 name='tl')))))\n"
               "    (body\n"
               "      (If 3:5\n"
               "        (Name 3:8 name='x')\n"
               "        (body\n"
               "          (Assign 4:9\n"
               "            (targets\n"
               "              (Name 4:9 name='y'))\n"
               "            (Unary 4:13 op='-'\n"
               "              (Subscript 4:14\n"
               "                (Name 4:14 name='x')\n"
               "                (Int 4:16 value=0)))))))))\n");
  free(d);
  m = parse("");
  CHECK(m && m->kind == N_MODULE && m->body.len == 0);
  d = dump_full(m);
  CHECK_STR(d, "(Module 1:1)\n");
  free(d);
  m = parse("\n\n# only comments\n");
  CHECK(m && m->body.len == 0);
  /* line_offset shows in the dump */
  arena_destroy(arena);
  arena = arena_create();
  file = (SourceFile){"t.py", "x\n", 2, 100};
  Diag dg;
  diag_init(&dg);
  m = parse_module(arena, &dg, &file);
  CHECK_STR(compact(m), "(Module 101:1 (ExprStmt 101:1 (Name 101:1 name='x')))");
  diag_free(&dg);
  CHECK_STR(ast_kind_name(N_CALL), "Call");
  CHECK_STR(ast_kind_name(N_MODULE), "Module");
  CHECK_STR(ast_kind_name(N_DICT), "Dict");
  for (int k = N_NAME; k <= N_MODULE; k++)
    CHECK(strcmp(ast_kind_name((NodeKind)k), "?") != 0);
  Buf b = {0};
  ast_dump(NULL, sink, &b);
  CHECK(b.s == NULL);
}

int main(void) {
  test_atoms();
  test_trailers();
  test_precedence();
  test_locations();
  test_simple_statements();
  test_compound_statements();
  test_errors();
  test_limits();
  test_dump_format();
  arena_destroy(arena);
  if (failures) {
    fprintf(stderr, "test_parse: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("test_parse: all %d checks passed\n", checks);
  return 0;
}

/*
 * parse.c - tokens to the AST of ast.h, by recursive descent.
 *
 * The grammar is Python 3's, restricted to what Triton kernels and the modules around them use;
 * the rule each function implements is written above it in the notation of Python's grammar
 * file. Constructs outside the subset (with/try, comprehensions, set literals, star-arguments,
 * yield, await, ':=') are located errors, never crashes.
 *
 * Errors: the first syntax error is reported to the Diag and parsing stops (longjmp back to
 * parse_module, which returns NULL). Nothing but the arena and the parser's scratch stack is
 * allocated, so abandoning the parse leaks nothing.
 *
 * Depth: only the rules that can recurse without consuming a bracket-free token sequence count
 * (every full expression, unary operators, '**', 'not', lambda, blocks); beyond PARSE_MAX_DEPTH
 * the parse stops with "nesting too deep". Left-associative binary operators, comparison chains,
 * and/or, trailers and elif chains are loops, so `1+1+...+1` with any number of terms parses in
 * constant stack.
 *
 * Lists are built on one scratch stack shared by all rules (items of an inner list are pushed
 * and popped before the outer list continues) and copied into the arena when complete.
 */
#include "ast.h"
#include "kir_limits.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parser {
  Arena *a;
  Diag *d;
  const SourceFile *file;
  Token *toks;
  int ntoks, pos;
  int depth;
  jmp_buf fail;
  bool host_lenient; /* parse_module_kernels: skip module-level statements that do not parse */
  Node **scratch;    /* malloc'd stack of list items under construction */
  int nscratch, cap;
} Parser;

/* ---- tokens ------------------------------------------------------------------------------ */

static Token *peek(Parser *p) {
  return &p->toks[p->pos];
}

static Token *peek_at(Parser *p, int k) {
  int i = p->pos + k;
  return &p->toks[i < p->ntoks ? i : p->ntoks - 1];
}

static Token *next(Parser *p) {
  Token *t = &p->toks[p->pos];
  if (t->kind != TK_EOF) p->pos++;
  return t;
}

static bool tok_is_op(const Token *t, const char *op) {
  return t->kind == TK_OP && strcmp(t->str, op) == 0;
}

static bool tok_is_kw(const Token *t, const char *kw) {
  return t->kind == TK_KEYWORD && strcmp(t->str, kw) == 0;
}

static bool is_op(Parser *p, const char *op) {
  return tok_is_op(peek(p), op);
}

static bool is_kw(Parser *p, const char *kw) {
  return tok_is_kw(peek(p), kw);
}

static bool accept_op(Parser *p, const char *op) {
  if (!is_op(p, op)) return false;
  next(p);
  return true;
}

static bool accept_kw(Parser *p, const char *kw) {
  if (!is_kw(p, kw)) return false;
  next(p);
  return true;
}

/* ---- errors and depth -------------------------------------------------------------------- */

static _Noreturn void parse_fail(Parser *p, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static _Noreturn void parse_fail(Parser *p, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_verror(p->d, loc, fmt, ap);
  va_end(ap);
  longjmp(p->fail, 1);
}

/* Could `t` begin an expression? Used to suggest a missing comma. */
static bool starts_expr(const Token *t) {
  switch (t->kind) {
  case TK_NAME:
  case TK_INT:
  case TK_FLOAT:
  case TK_STRING:
    return true;
  case TK_KEYWORD:
    return strcmp(t->str, "True") == 0 || strcmp(t->str, "False") == 0 ||
           strcmp(t->str, "None") == 0 || strcmp(t->str, "not") == 0 ||
           strcmp(t->str, "lambda") == 0;
  case TK_OP:
    return (strchr("([{-+~", t->str[0]) && t->str[1] == '\0') || strcmp(t->str, "...") == 0;
  default:
    return false;
  }
}

/* The error for a token that no rule accepts here. */
static _Noreturn void parse_unexpected(Parser *p) {
  Token *t = peek(p);
  if (t->kind == TK_INDENT) parse_fail(p, t->loc, "unexpected indent");
  parse_fail(p, t->loc, "invalid syntax");
}

static void expect_op(Parser *p, const char *op) {
  if (accept_op(p, op)) return;
  Token *t = peek(p);
  if (t->kind == TK_INDENT) parse_fail(p, t->loc, "unexpected indent");
  parse_fail(p, t->loc, "expected '%s'", op);
}

static void enter(Parser *p) {
  if (++p->depth > PARSE_MAX_DEPTH) parse_fail(p, peek(p)->loc, "nesting too deep");
}

static void leave(Parser *p) {
  p->depth--;
}

/* ---- nodes and lists --------------------------------------------------------------------- */

static Node *new_node(Parser *p, NodeKind k, Loc loc) {
  Node *n = arena_alloc(p->a, sizeof(Node));
  n->kind = k;
  n->loc = loc;
  return n;
}

static int list_begin(Parser *p) {
  return p->nscratch;
}

static void list_push(Parser *p, Node *n) {
  if (p->nscratch == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    Node **s = realloc(p->scratch, (size_t)p->cap * sizeof(Node *));
    if (!s) {
      fprintf(stderr, "kcc: fatal error: out of memory\n");
      abort();
    }
    p->scratch = s;
  }
  p->scratch[p->nscratch++] = n;
}

/* Moves the items pushed since `mark` into an arena list. */
static NodeList list_end(Parser *p, int mark) {
  NodeList l = {NULL, p->nscratch - mark};
  if (l.len > 0) {
    l.items = arena_alloc(p->a, (size_t)l.len * sizeof(Node *));
    memcpy(l.items, p->scratch + mark, (size_t)l.len * sizeof(Node *));
  }
  p->nscratch = mark;
  return l;
}

static const char *describe(const Node *n) {
  switch (n->kind) {
  case N_INT:
  case N_FLOAT:
  case N_STRING:
  case N_ELLIPSIS:
  case N_DICT:
    return "literal";
  case N_TUPLE:
    return "tuple";
  case N_LIST:
    return "list";
  case N_BOOL:
    return n->ival ? "True" : "False";
  case N_NONE:
    return "None";
  case N_CALL:
    return "function call";
  case N_LAMBDA:
    return "lambda";
  case N_COMP:
    return "comprehension";
  case N_IFEXP:
    return "conditional expression";
  case N_COMPARE:
    return "comparison";
  default:
    return "expression";
  }
}

/* Checks that `n` can be assigned to (or deleted, when `del`). */
static void check_target(Parser *p, Node *n, const char *what) {
  switch (n->kind) {
  case N_NAME:
  case N_ATTR:
  case N_SUBSCRIPT:
    return;
  case N_TUPLE:
  case N_LIST:
    for (int i = 0; i < n->list.len; i++)
      check_target(p, n->list.items[i], what);
    return;
  default:
    parse_fail(p, n->loc, "cannot %s %s", what, describe(n));
  }
}

/* ---- expressions ------------------------------------------------------------------------- */

static Node *parse_expr(Parser *p);
static Node *parse_or_expr(Parser *p);
static Node *parse_unary(Parser *p);
static void parse_params(Parser *p, Node *fn, const char *close, bool annotations);

/* Rejects what may follow an expression inside brackets but is outside the subset. */
static void reject_after_element(Parser *p) {
  Token *t = peek(p);
  if (tok_is_kw(t, "for") || tok_is_kw(t, "async"))
    parse_fail(p, t->loc, "comprehensions are not supported");
  if (tok_is_op(t, ":=")) parse_fail(p, t->loc, "assignment expressions (':=') are not supported");
}

static void reject_star(Parser *p) {
  Token *t = peek(p);
  if (tok_is_op(t, "*") || tok_is_op(t, "**"))
    parse_fail(p, t->loc, "starred expressions are not supported");
}

static Node *parse_targetlist(Parser *p);
static Node *parse_boolop(Parser *p, bool is_or);

/* comprehension: element 'for' star_targets 'in' disjunction ('if' disjunction)*   (after `elt`,
 * the 'for' next). One 'for' clause: nested ones are rejected. */
static Node *parse_comprehension(Parser *p, Node *elt, bool list) {
  Token *t = peek(p);
  if (tok_is_kw(t, "async")) parse_fail(p, t->loc, "async comprehensions are not supported");
  next(p);
  Node *n = new_node(p, N_COMP, elt->loc);
  n->ival = list;
  n->a = elt;
  n->b = parse_targetlist(p);
  check_target(p, n->b, "assign to");
  if (!accept_kw(p, "in")) parse_fail(p, peek(p)->loc, "expected 'in'");
  n->c = parse_boolop(p, true);
  int mark = list_begin(p);
  while (accept_kw(p, "if"))
    list_push(p, parse_boolop(p, true));
  n->list = list_end(p, mark);
  if (is_kw(p, "for") || is_kw(p, "async"))
    parse_fail(p, peek(p)->loc, "nested comprehensions (two 'for' clauses) are not supported");
  return n;
}

static bool at_comprehension(Parser *p) {
  return is_kw(p, "for") || is_kw(p, "async");
}

/* The error for a missing separator or closing bracket inside a bracketed list. */
static _Noreturn void parse_bad_separator(Parser *p, const char *close) {
  Token *t = peek(p);
  if (starts_expr(t)) parse_fail(p, t->loc, "invalid syntax. Perhaps you forgot a comma?");
  parse_fail(p, t->loc, "expected ',' or '%s'", close);
}

/* elements: [expression (',' expression)* [',']]  up to `close` (not consumed); pushed onto the
 * scratch stack. */
static void parse_elements(Parser *p, const char *close) {
  while (!is_op(p, close)) {
    reject_star(p);
    list_push(p, parse_expr(p));
    reject_after_element(p);
    if (!accept_op(p, ",")) {
      if (!is_op(p, close)) parse_bad_separator(p, close);
      break;
    }
  }
}

/* atom:
 *   NAME | NUMBER | STRING+ | 'True' | 'False' | 'None' | '...'
 *   | '(' [expression (',' expression)* [',']] ')'
 *   | '[' [expression (',' expression)* [',']] ']'
 *   | '{' [expression ':' expression (',' expression ':' expression)* [',']] '}' */
static Node *parse_atom(Parser *p) {
  Token *t = peek(p);
  Loc loc = t->loc;
  Node *n;
  switch (t->kind) {
  case TK_NAME:
    next(p);
    n = new_node(p, N_NAME, loc);
    n->name = t->str;
    return n;
  case TK_INT:
    next(p);
    n = new_node(p, N_INT, loc);
    n->ival = t->ival;
    n->big = t->big;
    n->str = t->str; /* decimal spelling, useful when big */
    n->slen = t->slen;
    return n;
  case TK_FLOAT:
    next(p);
    n = new_node(p, N_FLOAT, loc);
    n->fval = t->fval;
    return n;
  case TK_STRING:
    next(p);
    n = new_node(p, N_STRING, loc);
    n->str = t->str;
    n->slen = t->slen;
    n->ival = t->ival;
    return n;
  case TK_KEYWORD:
    if (tok_is_kw(t, "True") || tok_is_kw(t, "False")) {
      next(p);
      n = new_node(p, N_BOOL, loc);
      n->ival = t->str[0] == 'T';
      return n;
    }
    if (tok_is_kw(t, "None")) {
      next(p);
      return new_node(p, N_NONE, loc);
    }
    if (tok_is_kw(t, "yield") || tok_is_kw(t, "await"))
      parse_fail(p, loc, "'%s' is not supported", t->str);
    parse_unexpected(p);
  case TK_OP:
    break;
  default:
    parse_unexpected(p);
  }

  if (accept_op(p, "...")) {
    return new_node(p, N_ELLIPSIS, loc);
  }
  if (accept_op(p, "(")) {
    if (accept_op(p, ")")) return new_node(p, N_TUPLE, loc);
    if (is_kw(p, "yield")) parse_fail(p, peek(p)->loc, "'yield' is not supported");
    reject_star(p);
    Node *first = parse_expr(p);
    if (at_comprehension(p)) {
      n = parse_comprehension(p, first, false);
      expect_op(p, ")");
      return n;
    }
    reject_after_element(p);
    if (accept_op(p, ")")) return first; /* a parenthesised expression keeps its own location */
    if (!is_op(p, ",")) parse_bad_separator(p, ")");
    next(p);
    int mark = list_begin(p);
    list_push(p, first);
    parse_elements(p, ")");
    expect_op(p, ")");
    n = new_node(p, N_TUPLE, loc);
    n->list = list_end(p, mark);
    return n;
  }
  if (accept_op(p, "[")) {
    if (!is_op(p, "]")) {
      reject_star(p);
      Node *first = parse_expr(p);
      if (at_comprehension(p)) {
        n = parse_comprehension(p, first, true);
        expect_op(p, "]");
        return n;
      }
      reject_after_element(p);
      int mark = list_begin(p);
      list_push(p, first);
      if (accept_op(p, ","))
        parse_elements(p, "]");
      else if (!is_op(p, "]"))
        parse_bad_separator(p, "]");
      expect_op(p, "]");
      n = new_node(p, N_LIST, loc);
      n->list = list_end(p, mark);
      return n;
    }
    int mark = list_begin(p);
    parse_elements(p, "]");
    expect_op(p, "]");
    n = new_node(p, N_LIST, loc);
    n->list = list_end(p, mark);
    return n;
  }
  if (accept_op(p, "{")) {
    n = new_node(p, N_DICT, loc);
    int keys = list_begin(p);
    /* Keys and values alternate on the scratch stack, then are split. */
    while (!is_op(p, "}")) {
      if (is_op(p, "**")) parse_fail(p, peek(p)->loc, "dictionary unpacking is not supported");
      reject_star(p);
      Node *k = parse_expr(p);
      reject_after_element(p);
      if (!is_op(p, ":")) {
        if (is_op(p, ",") || is_op(p, "}")) parse_fail(p, k->loc, "set literals are not supported");
        expect_op(p, ":");
      }
      next(p);
      list_push(p, k);
      list_push(p, parse_expr(p));
      reject_after_element(p);
      if (!accept_op(p, ",")) {
        if (!is_op(p, "}")) parse_bad_separator(p, "}");
        break;
      }
    }
    expect_op(p, "}");
    NodeList both = list_end(p, keys);
    int m = both.len / 2;
    n->list.len = n->kws.len = m;
    if (m) {
      n->list.items = arena_alloc(p->a, (size_t)m * sizeof(Node *));
      n->kws.items = arena_alloc(p->a, (size_t)m * sizeof(Node *));
      for (int i = 0; i < m; i++) {
        n->list.items[i] = both.items[2 * i];
        n->kws.items[i] = both.items[2 * i + 1];
      }
    }
    return n;
  }
  parse_unexpected(p);
}

/* arguments: (expression | NAME '=' expression) (',' ...)* [',']   (up to ')')
 * Positional arguments go to `list`, keywords to `kws` as N_KEYWORD nodes. */
static void parse_call_args(Parser *p, Node *call) {
  int args = list_begin(p);
  Node **kws = NULL;
  int nkws = 0, capkws = 0;
  while (!is_op(p, ")")) {
    Token *t = peek(p);
    if (tok_is_op(t, "*") || tok_is_op(t, "**"))
      parse_fail(p, t->loc, "star arguments ('%s') are not supported", t->str);
    if (t->kind == TK_NAME && tok_is_op(peek_at(p, 1), "=")) {
      next(p);
      next(p);
      for (int i = 0; i < nkws; i++)
        if (strcmp(kws[i]->name, t->str) == 0)
          parse_fail(p, t->loc, "keyword argument repeated: %s", t->str);
      Node *kw = new_node(p, N_KEYWORD, t->loc);
      kw->name = t->str;
      kw->a = parse_expr(p);
      reject_after_element(p);
      if (nkws == capkws) {
        capkws = capkws ? capkws * 2 : 8;
        Node **nk = arena_alloc(p->a, (size_t)capkws * sizeof(Node *));
        if (nkws) memcpy(nk, kws, (size_t)nkws * sizeof(Node *));
        kws = nk;
      }
      kws[nkws++] = kw;
    } else {
      Node *arg = parse_expr(p);
      if (at_comprehension(p)) { /* f(x for x in t): a generator expression argument */
        arg = parse_comprehension(p, arg, false);
        if (!is_op(p, ")") || p->nscratch > args || nkws)
          parse_fail(p, arg->loc,
                     "a generator expression must be the only argument, in parentheses");
      }
      reject_after_element(p);
      if (is_op(p, "="))
        parse_fail(p, arg->loc, "expression cannot contain assignment, perhaps you meant \"==\"?");
      if (nkws) parse_fail(p, arg->loc, "positional argument follows keyword argument");
      list_push(p, arg);
    }
    if (!accept_op(p, ",")) {
      if (!is_op(p, ")")) parse_bad_separator(p, ")");
      break;
    }
  }
  call->list = list_end(p, args);
  call->kws.items = kws;
  call->kws.len = nkws;
}

/* slice: [expression] ':' [expression] [':' [expression]] | expression */
static Node *parse_slice(Parser *p) {
  Node *lower = NULL;
  if (!is_op(p, ":")) {
    reject_star(p);
    lower = parse_expr(p);
    reject_after_element(p);
    if (!is_op(p, ":")) return lower;
  }
  Node *s = new_node(p, N_SLICE, lower ? lower->loc : peek(p)->loc);
  s->a = lower;
  next(p); /* ':' */
  if (!is_op(p, ":") && !is_op(p, ",") && !is_op(p, "]")) s->b = parse_expr(p);
  if (accept_op(p, ":") && !is_op(p, ",") && !is_op(p, "]")) s->c = parse_expr(p);
  return s;
}

/* slices: slice | slice (',' slice)* [','] */
static Node *parse_slices(Parser *p) {
  if (is_op(p, "]")) parse_fail(p, peek(p)->loc, "invalid syntax");
  Node *first = parse_slice(p);
  if (!is_op(p, ",")) return first;
  int mark = list_begin(p);
  list_push(p, first);
  while (accept_op(p, ",") && !is_op(p, "]"))
    list_push(p, parse_slice(p));
  Node *t = new_node(p, N_TUPLE, first->loc);
  t->list = list_end(p, mark);
  return t;
}

/* primary: atom ('.' NAME | '(' [arguments] ')' | '[' slices ']')* */
static Node *parse_primary(Parser *p) {
  Node *n = parse_atom(p);
  for (;;) {
    if (accept_op(p, ".")) {
      Token *t = peek(p);
      if (t->kind != TK_NAME) parse_fail(p, t->loc, "invalid syntax");
      next(p);
      Node *at = new_node(p, N_ATTR, n->loc);
      at->a = n;
      at->name = t->str;
      n = at;
    } else if (accept_op(p, "(")) {
      Node *call = new_node(p, N_CALL, n->loc);
      call->a = n;
      parse_call_args(p, call);
      expect_op(p, ")");
      n = call;
    } else if (accept_op(p, "[")) {
      Node *sub = new_node(p, N_SUBSCRIPT, n->loc);
      sub->a = n;
      sub->b = parse_slices(p);
      if (!is_op(p, "]")) parse_bad_separator(p, "]");
      next(p);
      n = sub;
    } else {
      return n;
    }
  }
}

/* power: primary ['**' factor] */
static Node *parse_power(Parser *p) {
  Node *base = parse_primary(p);
  if (!is_op(p, "**")) return base;
  next(p);
  Node *n = new_node(p, N_BINOP, base->loc);
  n->op = "**";
  n->a = base;
  enter(p);
  n->b = parse_unary(p); /* right-associative: 2**3**2 == 2**(3**2), 2**-1 allowed */
  leave(p);
  return n;
}

/* factor: ('+' | '-' | '~') factor | power */
static Node *parse_unary(Parser *p) {
  Token *t = peek(p);
  if (tok_is_op(t, "-") || tok_is_op(t, "+") || tok_is_op(t, "~")) {
    next(p);
    Node *n = new_node(p, N_UNARY, t->loc);
    n->op = t->str;
    enter(p);
    n->a = parse_unary(p);
    leave(p);
    return n;
  }
  if (tok_is_kw(t, "await")) parse_fail(p, t->loc, "'await' is not supported");
  return parse_power(p);
}

/* Binary operator levels, loosest first:
 *   bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor
 *   bitwise_xor: bitwise_xor '^' bitwise_and | bitwise_and
 *   bitwise_and: bitwise_and '&' shift_expr | shift_expr
 *   shift_expr: shift_expr ('<<' | '>>') sum | sum
 *   sum: sum ('+' | '-') term | term
 *   term: term ('*' | '/' | '//' | '%' | '@') factor | factor */
static const char *const binary_levels[][6] = {
    {"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"},
};
enum { NUM_BINARY_LEVELS = sizeof binary_levels / sizeof binary_levels[0] };

static const char *binary_op_at(Parser *p, int level) {
  Token *t = peek(p);
  if (t->kind != TK_OP) return NULL;
  for (int i = 0; i < 6 && binary_levels[level][i]; i++)
    if (strcmp(t->str, binary_levels[level][i]) == 0) return binary_levels[level][i];
  return NULL;
}

static Node *parse_binary(Parser *p, int level) {
  Node *left = level + 1 < NUM_BINARY_LEVELS ? parse_binary(p, level + 1) : parse_unary(p);
  const char *op;
  while ((op = binary_op_at(p, level))) { /* a loop: left-deep trees in constant stack */
    next(p);
    Node *right = level + 1 < NUM_BINARY_LEVELS ? parse_binary(p, level + 1) : parse_unary(p);
    Node *n = new_node(p, N_BINOP, left->loc);
    n->op = op;
    n->a = left;
    n->b = right;
    left = n;
  }
  return left;
}

static Node *parse_or_expr(Parser *p) {
  return parse_binary(p, 0);
}

/* The comparison operator at the current token ("not in" and "is not" are two tokens), or
 * NULL. Consumes it when found. */
static const char *accept_compare_op(Parser *p) {
  static const char *const ops[] = {"<", ">", "==", ">=", "<=", "!="};
  Token *t = peek(p);
  if (t->kind == TK_OP) {
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
      if (strcmp(t->str, ops[i]) == 0) {
        next(p);
        return ops[i];
      }
    return NULL;
  }
  if (tok_is_kw(t, "in")) {
    next(p);
    return "in";
  }
  if (tok_is_kw(t, "not") && tok_is_kw(peek_at(p, 1), "in")) {
    next(p);
    next(p);
    return "not in";
  }
  if (tok_is_kw(t, "is")) {
    next(p);
    return accept_kw(p, "not") ? "is not" : "is";
  }
  return NULL;
}

/* comparison: bitwise_or (compare_op bitwise_or)* */
static Node *parse_comparison(Parser *p) {
  Node *first = parse_or_expr(p);
  const char *op = accept_compare_op(p);
  if (!op) return first;
  int mark = list_begin(p);
  list_push(p, first);
  const char **ops = NULL;
  int nops = 0, cap = 0;
  do {
    if (nops == cap) {
      cap = cap ? cap * 2 : 4;
      const char **no = arena_alloc(p->a, (size_t)cap * sizeof(char *));
      if (nops) memcpy(no, ops, (size_t)nops * sizeof(char *));
      ops = no;
    }
    ops[nops++] = op;
    list_push(p, parse_or_expr(p));
  } while ((op = accept_compare_op(p)));
  Node *n = new_node(p, N_COMPARE, first->loc);
  n->list = list_end(p, mark);
  n->ops = ops;
  n->op = ops[0];
  return n;
}

/* inversion: 'not' inversion | comparison */
static Node *parse_not(Parser *p) {
  Token *t = peek(p);
  if (!tok_is_kw(t, "not")) return parse_comparison(p);
  next(p);
  Node *n = new_node(p, N_UNARY, t->loc);
  n->op = "not";
  enter(p);
  n->a = parse_not(p);
  leave(p);
  return n;
}

/* conjunction: inversion ('and' inversion)*
 * disjunction: conjunction ('or' conjunction)* */
static Node *parse_boolop(Parser *p, bool is_or) {
  const char *kw = is_or ? "or" : "and";
  Node *first = is_or ? parse_boolop(p, false) : parse_not(p);
  if (!is_kw(p, kw)) return first;
  int mark = list_begin(p);
  list_push(p, first);
  while (accept_kw(p, kw))
    list_push(p, is_or ? parse_boolop(p, false) : parse_not(p));
  Node *n = new_node(p, N_BOOLOP, first->loc);
  n->op = kw;
  n->list = list_end(p, mark);
  return n;
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static Node *parse_lambda(Parser *p) {
  Token *t = next(p);
  Node *n = new_node(p, N_LAMBDA, t->loc);
  parse_params(p, n, ":", false);
  expect_op(p, ":");
  n->a = parse_expr(p);
  return n;
}

/* expression: disjunction ['if' disjunction 'else' expression] | lambdef */
static Node *parse_expr(Parser *p) {
  enter(p);
  Node *n;
  if (is_kw(p, "lambda")) {
    n = parse_lambda(p);
  } else {
    n = parse_boolop(p, true);
    if (is_kw(p, "if")) {
      next(p);
      Node *e = new_node(p, N_IFEXP, n->loc);
      e->b = n;
      e->a = parse_boolop(p, true);
      if (!accept_kw(p, "else"))
        parse_fail(p, peek(p)->loc, "expected 'else' after 'if' expression");
      e->c = parse_expr(p);
      n = e;
    }
  }
  leave(p);
  return n;
}

/* star_expressions: expression (',' expression)* [',']
 * A tuple (at the first element's location) when there is a comma. */
static Node *parse_exprlist(Parser *p) {
  reject_star(p);
  Node *first = parse_expr(p);
  if (tok_is_op(peek(p), ":="))
    parse_fail(p, peek(p)->loc, "assignment expressions (':=') are not supported");
  if (!is_op(p, ",")) return first;
  int mark = list_begin(p);
  list_push(p, first);
  while (accept_op(p, ",")) {
    if (!starts_expr(peek(p)) && !is_op(p, "*") && !is_kw(p, "yield") && !is_kw(p, "await")) break;
    reject_star(p);
    list_push(p, parse_expr(p));
  }
  Node *t = new_node(p, N_TUPLE, first->loc);
  t->list = list_end(p, mark);
  return t;
}

/* star_targets: bitwise_or (',' bitwise_or)* [',']   (for-loop targets, del targets) */
static Node *parse_targetlist(Parser *p) {
  reject_star(p);
  Node *first = parse_or_expr(p);
  if (!is_op(p, ",")) return first;
  int mark = list_begin(p);
  list_push(p, first);
  while (accept_op(p, ",")) {
    if (!starts_expr(peek(p)) && !is_op(p, "*")) break;
    reject_star(p);
    list_push(p, parse_or_expr(p));
  }
  Node *t = new_node(p, N_TUPLE, first->loc);
  t->list = list_end(p, mark);
  return t;
}

/* ---- parameters -------------------------------------------------------------------------- */

/* params: param (',' param)* [',']  up to `close`
 * param: NAME [':' expression] ['=' expression] | '*' [NAME [':' expression]]
 *      | '**' NAME [':' expression] | '/'
 * Annotations only when `annotations` (def, not lambda). A bare '*' and '/' are accepted and
 * leave no N_PARAM; '*args' has ival 1, '**kwargs' ival 2. */
static void parse_params(Parser *p, Node *fn, const char *close, bool annotations) {
  int mark = list_begin(p);
  bool seen_default = false, seen_star = false, seen_kwargs = false, seen_slash = false;
  while (!is_op(p, close)) {
    Token *t = peek(p);
    if (seen_kwargs) parse_fail(p, t->loc, "arguments cannot follow var-keyword argument");
    int star = 0;
    if (accept_op(p, "/")) {
      if (p->nscratch == mark) parse_fail(p, t->loc, "at least one argument must precede /");
      if (seen_slash || seen_star) parse_fail(p, t->loc, "/ may appear only once, before *");
      seen_slash = true;
    } else {
      if (accept_op(p, "*"))
        star = 1;
      else if (accept_op(p, "**"))
        star = 2;
      Token *name = peek(p);
      if (star == 1 && (is_op(p, ",") || is_op(p, close))) {
        if (seen_star) parse_fail(p, t->loc, "* argument may appear only once");
        seen_star = true;
        if (is_op(p, close)) parse_fail(p, t->loc, "named arguments must follow bare *");
      } else {
        if (name->kind != TK_NAME) parse_fail(p, name->loc, "invalid syntax");
        next(p);
        if (star == 1) {
          if (seen_star) parse_fail(p, t->loc, "* argument may appear only once");
          seen_star = true;
        }
        if (star == 2) seen_kwargs = true;
        for (int i = mark; i < p->nscratch; i++)
          if (strcmp(p->scratch[i]->name, name->str) == 0)
            parse_fail(p, name->loc, "duplicate argument '%s' in function definition", name->str);
        Node *param = new_node(p, N_PARAM, t->loc);
        param->name = name->str;
        param->ival = (uint64_t)star;
        if (annotations && accept_op(p, ":")) param->c = parse_expr(p);
        if (is_op(p, "=")) {
          Token *eq = next(p);
          if (star)
            parse_fail(p, eq->loc,
                       "var-positional and var-keyword arguments cannot have "
                       "default values");
          param->b = parse_expr(p);
          if (!seen_star) seen_default = true;
        } else if (!star && !seen_star && seen_default) {
          parse_fail(p, name->loc, "parameter without a default follows parameter with a default");
        }
        list_push(p, param);
      }
    }
    if (!accept_op(p, ",")) {
      if (!is_op(p, close)) parse_fail(p, peek(p)->loc, "expected ',' or '%s'", close);
      break;
    }
  }
  fn->params = list_end(p, mark);
}

/* ---- statements -------------------------------------------------------------------------- */

static void parse_statement(Parser *p);
static void parse_simple_stmts(Parser *p);

/* block: NEWLINE INDENT statement+ DEDENT | simple_stmts
 * `what` names the construct for "expected an indented block after ..." messages. */
static NodeList parse_block(Parser *p, const char *what, Loc header) {
  int mark = list_begin(p);
  enter(p);
  if (accept_op(p, ":") == false) {
    Token *t = peek(p);
    if (t->kind == TK_INDENT) parse_fail(p, t->loc, "unexpected indent");
    parse_fail(p, t->loc, "expected ':'");
  }
  if (peek(p)->kind == TK_NEWLINE) {
    next(p);
    if (peek(p)->kind != TK_INDENT)
      parse_fail(p, peek(p)->loc, "expected an indented block after %s on line %d", what,
                 header.line + p->file->line_offset);
    next(p);
    while (peek(p)->kind != TK_DEDENT && peek(p)->kind != TK_EOF)
      parse_statement(p);
    next(p);
  } else {
    parse_simple_stmts(p); /* a compound statement cannot follow on the header line */
  }
  leave(p);
  return list_end(p, mark);
}

/* dotted_name: NAME ('.' NAME)* */
static const char *parse_dotted_name(Parser *p) {
  Token *t = peek(p);
  if (t->kind != TK_NAME) parse_fail(p, t->loc, "invalid syntax");
  next(p);
  const char *s = t->str;
  while (accept_op(p, ".")) {
    Token *u = peek(p);
    if (u->kind != TK_NAME) parse_fail(p, u->loc, "invalid syntax");
    next(p);
    s = arena_printf(p->a, "%s.%s", s, u->str);
  }
  return s;
}

/* An imported name: N_NAME with the (dotted) name and its 'as' alias in `str` (or NULL). */
static void parse_import_alias(Parser *p, bool dotted) {
  Token *t = peek(p);
  Node *n = new_node(p, N_NAME, t->loc);
  if (dotted) {
    n->name = parse_dotted_name(p);
  } else {
    if (t->kind != TK_NAME) parse_fail(p, t->loc, "invalid syntax");
    next(p);
    n->name = t->str;
  }
  if (accept_kw(p, "as")) {
    Token *as = peek(p);
    if (as->kind != TK_NAME) parse_fail(p, as->loc, "invalid syntax");
    next(p);
    n->str = as->str;
    n->slen = as->slen;
  }
  list_push(p, n);
}

/* import_name: 'import' dotted_name ['as' NAME] (',' dotted_name ['as' NAME])*
 * import_from: 'from' ('.' | '...')* [dotted_name] 'import'
 *              ('*' | '(' import_as_names [','] ')' | import_as_names)
 * N_IMPORT: `name` is the module of a from-import (with its leading dots), NULL otherwise; the
 * imported names are N_NAME nodes in `list` ('*' for a star import). */
static Node *parse_import(Parser *p) {
  Token *t = next(p);
  Node *n = new_node(p, N_IMPORT, t->loc);
  int mark = list_begin(p);
  if (tok_is_kw(t, "import")) {
    do
      parse_import_alias(p, true);
    while (accept_op(p, ","));
  } else {
    int dots = 0;
    for (;;) {
      if (accept_op(p, "."))
        dots++;
      else if (accept_op(p, "..."))
        dots += 3;
      else
        break;
    }
    const char *mod = "";
    if (!is_kw(p, "import"))
      mod = parse_dotted_name(p);
    else if (dots == 0)
      parse_fail(p, peek(p)->loc, "invalid syntax");
    if (dots > 40) parse_fail(p, t->loc, "too many leading dots in relative import");
    n->name = arena_printf(p->a, "%.*s%s", dots, "........................................", mod);
    if (!accept_kw(p, "import")) parse_fail(p, peek(p)->loc, "expected 'import'");
    Token *star = peek(p);
    if (accept_op(p, "*")) {
      Node *s = new_node(p, N_NAME, star->loc);
      s->name = "*";
      list_push(p, s);
    } else if (accept_op(p, "(")) {
      do {
        if (is_op(p, ")")) break;
        parse_import_alias(p, false);
      } while (accept_op(p, ","));
      expect_op(p, ")");
    } else {
      do
        parse_import_alias(p, false);
      while (accept_op(p, ","));
    }
  }
  n->list = list_end(p, mark);
  return n;
}

static bool is_augassign_op(const Token *t) {
  static const char *const ops[] = {
      "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", "<<=", ">>="};
  if (t->kind != TK_OP) return false;
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    if (strcmp(t->str, ops[i]) == 0) return true;
  return false;
}

/* expression statements and assignments:
 *   star_expressions
 *   | (star_targets '=')+ star_expressions
 *   | single_target augassign star_expressions
 *   | single_target ':' expression ['=' star_expressions] */
static Node *parse_expr_stmt(Parser *p) {
  Node *first = parse_exprlist(p);
  Token *t = peek(p);
  if (tok_is_op(t, "=")) {
    Node *n = new_node(p, N_ASSIGN, first->loc);
    int mark = list_begin(p);
    Node *value = first;
    while (accept_op(p, "=")) {
      check_target(p, value, "assign to");
      list_push(p, value);
      if (is_kw(p, "yield")) parse_fail(p, peek(p)->loc, "'yield' is not supported");
      value = parse_exprlist(p);
    }
    n->list = list_end(p, mark);
    n->b = value;
    return n;
  }
  if (is_augassign_op(t)) {
    if (first->kind != N_NAME && first->kind != N_ATTR && first->kind != N_SUBSCRIPT)
      parse_fail(p, first->loc, "'%s' is an illegal expression for augmented assignment",
                 describe(first));
    next(p);
    Node *n = new_node(p, N_AUGASSIGN, first->loc);
    n->op = arena_strndup(p->a, t->str, t->slen - 1);
    n->a = first;
    n->b = parse_exprlist(p);
    return n;
  }
  if (tok_is_op(t, ":")) {
    if (first->kind == N_TUPLE)
      parse_fail(p, first->loc, "only single target (not tuple) can be annotated");
    if (first->kind == N_LIST)
      parse_fail(p, first->loc, "only single target (not list) can be annotated");
    if (first->kind != N_NAME && first->kind != N_ATTR && first->kind != N_SUBSCRIPT)
      parse_fail(p, first->loc, "illegal target for annotation");
    next(p);
    Node *n = new_node(p, N_ANNASSIGN, first->loc);
    n->a = first;
    n->c = parse_expr(p);
    if (accept_op(p, "=")) n->b = parse_exprlist(p);
    return n;
  }
  Node *n = new_node(p, N_EXPR_STMT, first->loc);
  n->a = first;
  return n;
}

/* simple_stmt: assignment | star_expressions | 'return' [star_expressions] | 'pass' | 'break'
 *   | 'continue' | 'raise' [expression ['from' expression]] | 'assert' expression [','
 *   expression] | ('global' | 'nonlocal') NAME (',' NAME)* | 'del' star_targets
 *   | import_name | import_from */
static Node *parse_simple_stmt(Parser *p) {
  Token *t = peek(p);
  Loc loc = t->loc;
  Node *n;
  if (t->kind != TK_KEYWORD) return parse_expr_stmt(p);
  if (accept_kw(p, "pass")) return new_node(p, N_PASS, loc);
  if (accept_kw(p, "break")) return new_node(p, N_BREAK, loc);
  if (accept_kw(p, "continue")) return new_node(p, N_CONTINUE, loc);
  if (accept_kw(p, "return")) {
    n = new_node(p, N_RETURN, loc);
    if (!is_op(p, ";") && peek(p)->kind != TK_NEWLINE) n->a = parse_exprlist(p);
    return n;
  }
  if (accept_kw(p, "raise")) {
    n = new_node(p, N_RAISE, loc);
    if (!is_op(p, ";") && peek(p)->kind != TK_NEWLINE) {
      n->a = parse_expr(p);
      if (accept_kw(p, "from")) n->b = parse_expr(p);
    }
    return n;
  }
  if (accept_kw(p, "assert")) {
    n = new_node(p, N_ASSERT, loc);
    n->a = parse_expr(p);
    if (accept_op(p, ",")) n->b = parse_expr(p);
    return n;
  }
  if (tok_is_kw(t, "global") || tok_is_kw(t, "nonlocal")) {
    next(p);
    n = new_node(p, N_GLOBAL, loc);
    n->op = t->str;
    int mark = list_begin(p);
    do {
      Token *name = peek(p);
      if (name->kind != TK_NAME) parse_fail(p, name->loc, "invalid syntax");
      next(p);
      Node *id = new_node(p, N_NAME, name->loc);
      id->name = name->str;
      list_push(p, id);
    } while (accept_op(p, ","));
    n->list = list_end(p, mark);
    return n;
  }
  if (accept_kw(p, "del")) {
    n = new_node(p, N_DEL, loc);
    Node *targets = parse_targetlist(p);
    check_target(p, targets, "delete");
    /* `del a, b` has two targets; `del (a, b)` one tuple (located at its parenthesis). */
    bool bare_tuple = targets->kind == N_TUPLE && targets->list.len > 0 &&
                      targets->list.items[0]->loc.line == targets->loc.line &&
                      targets->list.items[0]->loc.col == targets->loc.col;
    if (bare_tuple) {
      n->list = targets->list;
    } else {
      n->list.items = arena_alloc(p->a, sizeof(Node *));
      n->list.items[0] = targets;
      n->list.len = 1;
    }
    return n;
  }
  if (tok_is_kw(t, "import") || tok_is_kw(t, "from")) return parse_import(p);
  if (tok_is_kw(t, "with") || tok_is_kw(t, "try") || tok_is_kw(t, "async") ||
      tok_is_kw(t, "except") || tok_is_kw(t, "finally"))
    parse_fail(p, loc, "unsupported statement '%s'", t->str);
  if (tok_is_kw(t, "yield")) parse_fail(p, loc, "'yield' is not supported");
  if (tok_is_kw(t, "def") || tok_is_kw(t, "class") || tok_is_kw(t, "if") || tok_is_kw(t, "for") ||
      tok_is_kw(t, "while") || tok_is_kw(t, "elif") || tok_is_kw(t, "else") || tok_is_kw(t, "in") ||
      tok_is_kw(t, "is") || tok_is_kw(t, "and") || tok_is_kw(t, "or") || tok_is_kw(t, "as"))
    parse_fail(p, loc, "invalid syntax");
  return parse_expr_stmt(p); /* True/False/None/not/lambda/await... start expressions */
}

/* simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static void parse_simple_stmts(Parser *p) {
  for (;;) {
    list_push(p, parse_simple_stmt(p));
    if (accept_op(p, ";")) {
      if (peek(p)->kind == TK_NEWLINE) break;
      continue;
    }
    break;
  }
  Token *t = peek(p);
  if (t->kind != TK_NEWLINE) {
    if (tok_is_op(t, "="))
      parse_fail(p, t->loc, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    if (t->kind == TK_INDENT) parse_fail(p, t->loc, "unexpected indent");
    parse_fail(p, t->loc, "invalid syntax");
  }
  next(p);
}

/* if_stmt: 'if' expression ':' block ('elif' expression ':' block)* ['else' ':' block]
 * An elif chain is built in a loop: each elif is an N_IF alone in the previous one's orelse. */
static Node *parse_if(Parser *p) {
  Token *t = next(p);
  Node *top = new_node(p, N_IF, t->loc), *cur = top;
  cur->a = parse_expr(p);
  cur->body = parse_block(p, "'if' statement", t->loc);
  for (;;) {
    Token *e = peek(p);
    if (tok_is_kw(e, "elif")) {
      next(p);
      Node *n = new_node(p, N_IF, e->loc);
      n->a = parse_expr(p);
      n->body = parse_block(p, "'elif' statement", e->loc);
      cur->orelse.items = arena_alloc(p->a, sizeof(Node *));
      cur->orelse.items[0] = n;
      cur->orelse.len = 1;
      cur = n;
    } else if (tok_is_kw(e, "else")) {
      next(p);
      cur->orelse = parse_block(p, "'else' statement", e->loc);
      return top;
    } else {
      return top;
    }
  }
}

/* ['else' ':' block] after a loop */
static NodeList parse_loop_else(Parser *p) {
  Token *e = peek(p);
  if (!tok_is_kw(e, "else")) return (NodeList){NULL, 0};
  next(p);
  return parse_block(p, "'else' statement", e->loc);
}

/* for_stmt: 'for' star_targets 'in' star_expressions ':' block ['else' ':' block] */
static Node *parse_for(Parser *p) {
  Token *t = next(p);
  Node *n = new_node(p, N_FOR, t->loc);
  n->a = parse_targetlist(p);
  check_target(p, n->a, "assign to");
  if (!accept_kw(p, "in")) parse_fail(p, peek(p)->loc, "expected 'in'");
  n->b = parse_exprlist(p);
  n->body = parse_block(p, "'for' statement", t->loc);
  n->orelse = parse_loop_else(p);
  return n;
}

/* while_stmt: 'while' expression ':' block ['else' ':' block] */
static Node *parse_while(Parser *p) {
  Token *t = next(p);
  Node *n = new_node(p, N_WHILE, t->loc);
  n->a = parse_expr(p);
  n->body = parse_block(p, "'while' statement", t->loc);
  n->orelse = parse_loop_else(p);
  return n;
}

/* function_def: decorators? 'def' NAME '(' [params] ')' ['->' expression] ':' block */
static Node *parse_def(Parser *p, NodeList decorators) {
  Token *t = next(p);
  Node *n = new_node(p, N_FUNCTION, t->loc);
  n->decorators = decorators;
  Token *name = peek(p);
  if (name->kind != TK_NAME) parse_fail(p, name->loc, "invalid syntax");
  next(p);
  n->name = name->str;
  expect_op(p, "(");
  parse_params(p, n, ")", true);
  expect_op(p, ")");
  if (accept_op(p, "->")) n->c = parse_expr(p);
  n->body = parse_block(p, "function definition", t->loc);
  return n;
}

/* class_def: decorators? 'class' NAME ['(' [arguments] ')'] ':' block
 * Bases go to `list`, keywords (metaclass=...) to `kws`. */
static Node *parse_class(Parser *p, NodeList decorators) {
  Token *t = next(p);
  Node *n = new_node(p, N_CLASS, t->loc);
  n->decorators = decorators;
  Token *name = peek(p);
  if (name->kind != TK_NAME) parse_fail(p, name->loc, "invalid syntax");
  next(p);
  n->name = name->str;
  if (accept_op(p, "(")) {
    parse_call_args(p, n);
    expect_op(p, ")");
  }
  n->body = parse_block(p, "class definition", t->loc);
  return n;
}

/* ---- host code (parse_module_kernels) ----------------------------------------------------- */

/* Everything needed to undo a failed attempt at parsing. */
typedef struct Attempt {
  int pos, nscratch, depth;
  size_t diag_len;
  int diag_errors;
  jmp_buf outer;
} Attempt;

static void attempt_begin(Parser *p, Attempt *at) {
  at->pos = p->pos;
  at->nscratch = p->nscratch;
  at->depth = p->depth;
  at->diag_len = p->d->len;
  at->diag_errors = p->d->errors;
  memcpy(at->outer, p->fail, sizeof(jmp_buf));
}

/* Restores the parser and forgets the diagnostics of the failed attempt. */
static void attempt_undo(Parser *p, Attempt *at) {
  memcpy(p->fail, at->outer, sizeof(jmp_buf));
  p->pos = at->pos;
  p->nscratch = at->nscratch;
  p->depth = at->depth;
  p->d->len = at->diag_len;
  p->d->errors = at->diag_errors;
  if (p->d->buf) p->d->buf[p->d->len] = 0;
}

static void attempt_end(Parser *p, Attempt *at) {
  memcpy(p->fail, at->outer, sizeof(jmp_buf));
}

/* Skips the rest of the logical line (NEWLINE only occurs outside brackets). */
static void skip_line(Parser *p) {
  while (peek(p)->kind != TK_NEWLINE && peek(p)->kind != TK_EOF)
    next(p);
  if (peek(p)->kind == TK_NEWLINE) next(p);
}

/* Skips one statement: its line(s) and the indented block that follows. */
static void skip_statement(Parser *p) {
  skip_line(p);
  if (peek(p)->kind != TK_INDENT) return;
  int depth = 0;
  do {
    Token *t = next(p);
    if (t->kind == TK_INDENT)
      depth++;
    else if (t->kind == TK_DEDENT)
      depth--;
    else if (t->kind == TK_EOF)
      return;
  } while (depth > 0);
}

/* decorator: expression NEWLINE, or NULL (line skipped) when it is not in the subset. */
static Node *try_parse_decorator(Parser *p) {
  Attempt at;
  attempt_begin(p, &at);
  if (setjmp(p->fail) == 0) {
    Node *d = parse_expr(p);
    if (peek(p)->kind != TK_NEWLINE) parse_fail(p, peek(p)->loc, "invalid syntax");
    next(p);
    attempt_end(p, &at);
    return d;
  }
  attempt_undo(p, &at);
  skip_line(p);
  return NULL;
}

/* Is the decorator line starting at token i ('@') a jit decorator (`@jit`, `@triton.jit`,
 * `@kcc.jit(...)`)? Looks at the dotted name right after '@'. */
static bool decorator_is_jit(Parser *p, int i) {
  const char *last = NULL;
  for (i++; i < p->ntoks; i += 2) {
    if (p->toks[i].kind != TK_NAME) break;
    last = p->toks[i].str;
    if (!tok_is_op(&p->toks[i + 1], ".")) break;
  }
  return last && strcmp(last, "jit") == 0;
}

/* Does the statement at the current token define a @jit function? */
static bool at_jit_def(Parser *p) {
  for (int i = p->pos; i < p->ntoks && tok_is_op(&p->toks[i], "@");) {
    if (decorator_is_jit(p, i)) return true;
    while (i < p->ntoks && p->toks[i].kind != TK_NEWLINE && p->toks[i].kind != TK_EOF)
      i++;
    i++;
  }
  return false;
}

/* A stub for a skipped statement: the name a `def`, `class` or `NAME = ...` binds. */
static void push_stub(Parser *p, int start) {
  int i = start;
  while (tok_is_op(&p->toks[i], "@")) { /* decorator lines */
    while (i < p->ntoks && p->toks[i].kind != TK_NEWLINE && p->toks[i].kind != TK_EOF)
      i++;
    i++;
  }
  Token *t = &p->toks[i < p->ntoks ? i : p->ntoks - 1];
  Token *name = &p->toks[i + 1 < p->ntoks ? i + 1 : p->ntoks - 1];
  if ((tok_is_kw(t, "def") || tok_is_kw(t, "class")) && name->kind == TK_NAME) {
    Node *n = new_node(p, tok_is_kw(t, "def") ? N_FUNCTION : N_CLASS, t->loc);
    n->name = name->str;
    list_push(p, n);
  } else if (t->kind == TK_NAME && tok_is_op(name, "=")) {
    Node *n = new_node(p, N_ASSIGN, t->loc);
    Node *target = new_node(p, N_NAME, t->loc);
    target->name = t->str;
    n->list.items = arena_alloc(p->a, sizeof(Node *));
    n->list.items[0] = target;
    n->list.len = 1;
    list_push(p, n);
  }
}

/* A module-level statement of host code: parsed when it is in the subset, skipped otherwise. */
static void parse_host_statement(Parser *p) {
  Attempt at;
  attempt_begin(p, &at);
  if (setjmp(p->fail) == 0) {
    parse_statement(p);
    attempt_end(p, &at);
    return;
  }
  attempt_undo(p, &at);
  skip_statement(p);
  push_stub(p, at.pos);
}

/* decorators: ('@' expression NEWLINE)+ */
static Node *parse_decorated(Parser *p) {
  int mark = list_begin(p);
  while (is_op(p, "@")) {
    next(p);
    if (p->host_lenient) {
      Node *d = try_parse_decorator(p);
      if (d) list_push(p, d);
      continue;
    }
    list_push(p, parse_expr(p));
    Token *t = peek(p);
    if (t->kind != TK_NEWLINE) parse_fail(p, t->loc, "invalid syntax");
    next(p);
  }
  NodeList decorators = list_end(p, mark);
  Token *t = peek(p);
  if (tok_is_kw(t, "def")) return parse_def(p, decorators);
  if (tok_is_kw(t, "class")) return parse_class(p, decorators);
  if (tok_is_kw(t, "async")) parse_fail(p, t->loc, "unsupported statement 'async'");
  if (t->kind == TK_INDENT) parse_fail(p, t->loc, "unexpected indent");
  parse_fail(p, t->loc, "expected 'def' or 'class' after decorators");
}

/* statement: compound_stmt | simple_stmts   (pushed onto the scratch stack) */
static void parse_statement(Parser *p) {
  Token *t = peek(p);
  if (t->kind == TK_INDENT) parse_fail(p, t->loc, "unexpected indent");
  if (t->kind == TK_NEWLINE || t->kind == TK_DEDENT || t->kind == TK_EOF)
    parse_fail(p, t->loc, "invalid syntax");
  if (tok_is_kw(t, "if")) {
    list_push(p, parse_if(p));
  } else if (tok_is_kw(t, "for")) {
    list_push(p, parse_for(p));
  } else if (tok_is_kw(t, "while")) {
    list_push(p, parse_while(p));
  } else if (tok_is_kw(t, "def")) {
    list_push(p, parse_def(p, (NodeList){NULL, 0}));
  } else if (tok_is_kw(t, "class")) {
    list_push(p, parse_class(p, (NodeList){NULL, 0}));
  } else if (tok_is_op(t, "@")) {
    list_push(p, parse_decorated(p));
  } else {
    parse_simple_stmts(p);
  }
}

/* file: statement* EOF */
static Node *parse_file(Parser *p) {
  Node *m = new_node(p, N_MODULE, (Loc){p->file, 1, 1});
  int mark = list_begin(p);
  while (peek(p)->kind != TK_EOF) {
    if (p->host_lenient && peek(p)->kind != TK_INDENT && !at_jit_def(p))
      parse_host_statement(p);
    else
      parse_statement(p);
  }
  m->body = list_end(p, mark);
  return m;
}

static Node *parse_module_with(Arena *a, Diag *d, const SourceFile *file, bool host_lenient);

Node *parse_module(Arena *a, Diag *d, const SourceFile *file) {
  return parse_module_with(a, d, file, false);
}

Node *parse_module_kernels(Arena *a, Diag *d, const SourceFile *file) {
  return parse_module_with(a, d, file, true);
}

static Node *parse_module_with(Arena *a, Diag *d, const SourceFile *file, bool host_lenient) {
  if (file->len > KCC_MAX_SOURCE_BYTES) { /* every source string reaches the compiler here */
    diag_plain(d, "%s: the source is %zu bytes, more than the limit of %u bytes (16 MiB)",
               file->name, file->len, KCC_MAX_SOURCE_BYTES);
    return NULL;
  }
  int count = 0;
  Token *toks = lex_file(a, d, file, &count);
  if (!toks) return NULL;
  Parser *p = calloc(1, sizeof *p);
  if (!p) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  p->a = a;
  p->d = d;
  p->file = file;
  p->toks = toks;
  p->ntoks = count;
  p->host_lenient = host_lenient;
  Node *module = setjmp(p->fail) == 0 ? parse_file(p) : NULL;
  free(p->scratch);
  free(p);
  return module;
}

/*
 * ast.h - the MLIR-free part of the frontend: arena, tokens, AST (locations and diagnostics
 * come from support/diag.h, the bottom layer every part of kcc uses).
 *
 * Everything here is plain C with no LLVM/MLIR dependency, so the lexer, parser and diagnostics
 * unit-test and fuzz alone. All memory (tokens, nodes, strings) lives in one Arena per
 * compilation and is released with arena_destroy. Every token and node carries a Loc.
 *
 * Module prefixes: arena_, diag_, lex_, parse_, ast_.
 */
#ifndef KCC_FRONTEND_AST_H
#define KCC_FRONTEND_AST_H

#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Arena ------------------------------------------------------------------------------------ */
typedef struct Arena Arena;
Arena *arena_create(void);
void arena_destroy(Arena *a);
void *arena_alloc(Arena *a, size_t size); /* zeroed, 16-byte aligned; aborts only on OOM */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- Tokens ----------------------------------------------------------------------------------- */
typedef enum TokKind {
  TK_EOF,
  TK_NEWLINE,
  TK_INDENT,
  TK_DEDENT,
  TK_NAME,
  TK_INT,    /* value in tok.ival (or tok.big=true if it does not fit in uint64) */
  TK_FLOAT,  /* value in tok.fval; imaginary literals are rejected by the lexer */
  TK_STRING, /* decoded bytes in tok.str/tok.slen (adjacent literals are concatenated) */
  TK_KEYWORD,
  TK_OP, /* operator or delimiter; spelling in tok.str */
} TokKind;

typedef struct Token {
  TokKind kind;
  Loc loc;
  const char *str; /* NAME/KEYWORD/OP spelling, STRING contents, INT decimal value (exact even
                      when big), FLOAT source spelling; NUL-terminated, arena or static */
  size_t slen;
  uint64_t ival;
  bool big; /* integer literal larger than 2^64-1 */
  double fval;
} Token;

/* TK_STRING and N_STRING keep in `ival` what kind of literal it was (OR'd over concatenated
 * pieces): f-string contents are kept as written (unparsed), bytes contents are the raw bytes. */
#define LEX_STR_FSTRING 1
#define LEX_STR_BYTES 2

/* Splits `file` into tokens (Python's rules: indentation stack, implicit line joining in
 * brackets, backslash continuation, all numeric literal forms incl. underscores, string prefixes
 * r/b/u/f-less, triple quotes, comments). Tabs advance to the next multiple of 8; a file whose
 * indentation depends on the tab size is an error. On error, reports to `d` and returns NULL.
 * The returned array ends with TK_EOF; *count excludes nothing (EOF included). */
Token *lex_file(Arena *a, Diag *d, const SourceFile *file, int *count);
const char *lex_kind_name(TokKind k);
/* Prints the tokens one per line: "LINE:COL KIND 'spelling'" (the --emit=tokens format). */
void lex_dump(const Token *toks, int count, void (*write)(const char *s, size_t n, void *u), void *u);

/* ---- AST -------------------------------------------------------------------------------------- */
typedef struct Node Node;

typedef struct NodeList {
  Node **items;
  int len;
} NodeList;

typedef enum NodeKind {
  /* expressions */
  N_NAME,      /* name */
  N_INT,       /* ival (big set if > 2^64-1) ; str: the decimal spelling */
  N_FLOAT,     /* fval */
  N_STRING,    /* str, slen */
  N_BOOL,      /* ival 0/1 */
  N_NONE,      /*  */
  N_ELLIPSIS,  /* ... */
  N_ATTR,      /* a.name */
  N_CALL,      /* a(args..., keywords...) ; kwargs in `kws` as N_KEYWORD nodes */
  N_KEYWORD,   /* name=a (only inside N_CALL.kws) */
  N_SUBSCRIPT, /* a[b] ; b is an N_TUPLE when written with commas */
  N_SLICE,     /* a:b:c inside a subscript, each may be NULL */
  N_BINOP,     /* a op b ; op is the operator spelling: + - * / // % ** @ << >> & | ^ */
  N_UNARY,     /* op a ; op: - + ~ not */
  N_BOOLOP,    /* a and b / a or b ; op "and"/"or"; n-ary in `list` */
  N_COMPARE,   /* a op b ; op: < <= > >= == != is "is not" in "not in"; chains in `list`/`ops` */
  N_IFEXP,     /* b if a else c  (a=cond, b=then, c=else) */
  N_TUPLE,     /* (list...) */
  N_LIST,      /* [list...] */
  N_LAMBDA,    /* parsed only to be rejected by sema; a=body, params in `params` */
  N_DICT,      /* {list[0]: kws[0], ...}: keys in `list`, values in `kws` (triton.Config) */
  N_COMP,      /* [a for b in c if list...] (ival 1) or (a for b in c ...) (ival 0): one `for` */
  /* statements */
  N_EXPR_STMT,  /* a */
  N_ASSIGN,     /* targets in `list` (a = b = value), value in b */
  N_AUGASSIGN,  /* a op= b ; op without '=' */
  N_ANNASSIGN,  /* a : c (= b)? */
  N_IF,         /* if a: body (else: orelse) ; elif is an N_IF alone in orelse */
  N_FOR,        /* for a in b: body (else: orelse) */
  N_WHILE,      /* while a: body (else: orelse) */
  N_RETURN,     /* return a? */
  N_PASS,
  N_BREAK,
  N_CONTINUE,
  N_ASSERT, /* assert a (, b)? */
  N_RAISE,  /* raise a? (from b)? */
  N_GLOBAL, /* parsed to be rejected ; op "global"/"nonlocal", N_NAMEs in `list` */
  N_DEL,    /* del list... */
  N_IMPORT,   /* import / from ... import ...: recorded, ignored by sema ; name: the from-module
                 (leading dots kept) or NULL; `list`: N_NAMEs (dotted name, str = 'as' alias) */
  N_FUNCTION, /* def name(params) -> c: body ; decorators in `decorators` */
  N_CLASS,    /* class name: body (module level; ignored by sema) ; bases in list, kws */
  N_PARAM,    /* name (: c)? (= b)? ; ival=1 for *args, 2 for **kwargs */
  N_MODULE,   /* body */
} NodeKind;

struct Node {
  NodeKind kind;
  Loc loc;
  const char *name; /* N_NAME, N_ATTR, N_KEYWORD, N_FUNCTION, N_PARAM, N_CLASS */
  const char *op;   /* N_BINOP, N_UNARY, N_BOOLOP, N_COMPARE, N_AUGASSIGN */
  const char *str;  /* N_STRING */
  size_t slen;
  uint64_t ival;
  bool big;
  double fval;
  Node *a, *b, *c;
  NodeList list;       /* elements, call args, boolop operands, compare operands, assign targets */
  const char **ops;    /* N_COMPARE: list.len - 1 operators */
  NodeList kws;        /* N_CALL keywords */
  NodeList body;       /* statements */
  NodeList orelse;     /* statements */
  NodeList params;     /* N_FUNCTION */
  NodeList decorators; /* N_FUNCTION, N_CLASS */
};

/* Parses a whole module. Returns NULL after reporting errors to `d`. Recursion is bounded
 * (nesting deeper than PARSE_MAX_DEPTH is a located error, never a stack overflow). */
#define PARSE_MAX_DEPTH 200
Node *parse_module(Arena *a, Diag *d, const SourceFile *file);
/* Like parse_module, for compiling kernels out of ordinary Python files: only @jit functions must
 * be in the kernel subset. Any other module-level statement (host functions, classes, `with`,
 * `try`, comprehensions, `if __name__ == "__main__":` ...) that does not parse is skipped whole;
 * a skipped `def`/`class` leaves a body-less N_FUNCTION/N_CLASS stub and a skipped `NAME = ...`
 * an N_ASSIGN stub with no value, so the generator can name them in its errors. Decorators of a
 * @jit function that do not parse (e.g. autotune configs built with comprehensions) are dropped. */
Node *parse_module_kernels(Arena *a, Diag *d, const SourceFile *file);
const char *ast_kind_name(NodeKind k);
/* Prints the tree as indented S-expressions with locations (the --emit=ast format). */
void ast_dump(const Node *n, void (*write)(const char *s, size_t n, void *u), void *u);

#endif /* KCC_FRONTEND_AST_H */

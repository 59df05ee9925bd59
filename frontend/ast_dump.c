/*
 * ast_dump.c - printers for the frontend's intermediate forms (--emit=tokens, --emit=ast).
 *
 * Tokens print one per line as `LINE:COL KIND 'spelling'`: INT shows its decimal value, FLOAT
 * its value in %.17g, STRING its decoded contents; NEWLINE, INDENT, DEDENT and EOF have an empty
 * spelling. The AST prints as S-expressions, one node per line, indented by two spaces per level:
 *
 *   (Call 3:5
 *     (Attr 3:5 name='load'
 *       (Name 3:5 name='tl'))
 *     (Name 3:13 name='x'))
 *
 * Scalar fields follow the location as key=value; child nodes follow in a fixed order per kind,
 * optional or list-valued children inside a labelled group such as `(body ...)`. Text is quoted
 * with '...' and escaped (\\ \' \n \t \r \xNN) so the output is ASCII and one node per line.
 * Locations include the file's line_offset, as diagnostics do.
 *
 * The tree walk uses an explicit stack, not recursion: a left-deep chain such as 50,000 terms
 * of `1+1+...` dumps in constant C stack. For the same reason indentation stops growing at
 * AST_DUMP_MAX_INDENT columns (deeper nodes line up there): otherwise the output of such a
 * chain would grow with the square of its length. The parentheses still give the structure.
 */
#include "ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- buffered output --------------------------------------------------------------------- */

typedef struct Out {
  void (*write)(const char *s, size_t n, void *u);
  void *u;
  size_t n;
  char buf[4096];
} Out;

static void out_flush(Out *o) {
  if (o->n) o->write(o->buf, o->n, o->u);
  o->n = 0;
}

static void out_put(Out *o, const char *s, size_t n) {
  if (n > sizeof o->buf - o->n) {
    out_flush(o);
    if (n > sizeof o->buf) {
      o->write(s, n, o->u);
      return;
    }
  }
  memcpy(o->buf + o->n, s, n);
  o->n += n;
}

static void out_str(Out *o, const char *s) {
  out_put(o, s, strlen(s));
}

static void out_printf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(Out *o, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) out_put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Writes s[0..n) between single quotes, escaped. */
static void out_quoted(Out *o, const char *s, size_t n) {
  out_put(o, "'", 1);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '\\':
      out_put(o, "\\\\", 2);
      break;
    case '\'':
      out_put(o, "\\'", 2);
      break;
    case '\n':
      out_put(o, "\\n", 2);
      break;
    case '\t':
      out_put(o, "\\t", 2);
      break;
    case '\r':
      out_put(o, "\\r", 2);
      break;
    default:
      if (c < 0x20 || c >= 0x7f)
        out_printf(o, "\\x%02x", c);
      else
        out_put(o, (const char *)&c, 1);
    }
  }
  out_put(o, "'", 1);
}

static int out_line(Loc loc) {
  return loc.line + (loc.file ? loc.file->line_offset : 0);
}

/* ---- tokens ------------------------------------------------------------------------------ */

const char *lex_kind_name(TokKind k) {
  switch (k) {
  case TK_EOF:
    return "EOF";
  case TK_NEWLINE:
    return "NEWLINE";
  case TK_INDENT:
    return "INDENT";
  case TK_DEDENT:
    return "DEDENT";
  case TK_NAME:
    return "NAME";
  case TK_INT:
    return "INT";
  case TK_FLOAT:
    return "FLOAT";
  case TK_STRING:
    return "STRING";
  case TK_KEYWORD:
    return "KEYWORD";
  case TK_OP:
    return "OP";
  }
  return "?";
}

void lex_dump(const Token *toks, int count, void (*write)(const char *s, size_t n, void *u),
              void *u) {
  Out *o = malloc(sizeof *o);
  if (!o) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  o->write = write;
  o->u = u;
  o->n = 0;
  for (int i = 0; i < count; i++) {
    const Token *t = &toks[i];
    out_printf(o, "%d:%d %s ", out_line(t->loc), t->loc.col, lex_kind_name(t->kind));
    if (t->kind == TK_FLOAT) {
      char num[64];
      snprintf(num, sizeof num, "%.17g", t->fval);
      out_quoted(o, num, strlen(num));
    } else if (t->str) {
      out_quoted(o, t->str, t->slen);
    } else {
      out_quoted(o, "", 0);
    }
    out_put(o, "\n", 1);
  }
  out_flush(o);
  free(o);
}

/* ---- AST --------------------------------------------------------------------------------- */

const char *ast_kind_name(NodeKind k) {
  switch (k) {
  case N_NAME:
    return "Name";
  case N_INT:
    return "Int";
  case N_FLOAT:
    return "Float";
  case N_STRING:
    return "String";
  case N_BOOL:
    return "Bool";
  case N_NONE:
    return "None";
  case N_ELLIPSIS:
    return "Ellipsis";
  case N_ATTR:
    return "Attr";
  case N_CALL:
    return "Call";
  case N_KEYWORD:
    return "Keyword";
  case N_SUBSCRIPT:
    return "Subscript";
  case N_SLICE:
    return "Slice";
  case N_BINOP:
    return "BinOp";
  case N_UNARY:
    return "Unary";
  case N_BOOLOP:
    return "BoolOp";
  case N_COMPARE:
    return "Compare";
  case N_IFEXP:
    return "IfExp";
  case N_TUPLE:
    return "Tuple";
  case N_LIST:
    return "List";
  case N_LAMBDA:
    return "Lambda";
  case N_DICT:
    return "Dict";
  case N_COMP:
    return "Comprehension";
  case N_EXPR_STMT:
    return "ExprStmt";
  case N_ASSIGN:
    return "Assign";
  case N_AUGASSIGN:
    return "AugAssign";
  case N_ANNASSIGN:
    return "AnnAssign";
  case N_IF:
    return "If";
  case N_FOR:
    return "For";
  case N_WHILE:
    return "While";
  case N_RETURN:
    return "Return";
  case N_PASS:
    return "Pass";
  case N_BREAK:
    return "Break";
  case N_CONTINUE:
    return "Continue";
  case N_ASSERT:
    return "Assert";
  case N_RAISE:
    return "Raise";
  case N_GLOBAL:
    return "Global";
  case N_DEL:
    return "Del";
  case N_IMPORT:
    return "Import";
  case N_FUNCTION:
    return "Function";
  case N_CLASS:
    return "Class";
  case N_PARAM:
    return "Param";
  case N_MODULE:
    return "Module";
  }
  return "?";
}

/* The scalar fields of a node, after its kind and location. */
static void dump_attrs(Out *o, const Node *n) {
  switch (n->kind) {
  case N_NAME:
    out_str(o, " name=");
    out_quoted(o, n->name ? n->name : "", n->name ? strlen(n->name) : 0);
    if (n->str) { /* the alias of an imported name */
      out_str(o, " as=");
      out_quoted(o, n->str, strlen(n->str));
    }
    break;
  case N_ATTR:
  case N_KEYWORD:
  case N_FUNCTION:
  case N_CLASS:
  case N_PARAM:
    out_str(o, " name=");
    out_quoted(o, n->name ? n->name : "", n->name ? strlen(n->name) : 0);
    if (n->kind == N_PARAM && n->ival) out_str(o, n->ival == 1 ? " star='*'" : " star='**'");
    break;
  case N_INT:
    if (n->big)
      out_printf(o, " value=%s big", n->str ? n->str : "?");
    else
      out_printf(o, " value=%llu", (unsigned long long)n->ival);
    break;
  case N_FLOAT:
    out_printf(o, " value=%.17g", n->fval);
    break;
  case N_STRING:
    out_str(o, " value=");
    out_quoted(o, n->str ? n->str : "", n->str ? n->slen : 0);
    if (n->ival & LEX_STR_FSTRING) out_str(o, " fstring");
    if (n->ival & LEX_STR_BYTES) out_str(o, " bytes");
    break;
  case N_BOOL:
    out_str(o, n->ival ? " value=True" : " value=False");
    break;
  case N_BINOP:
  case N_UNARY:
  case N_BOOLOP:
  case N_AUGASSIGN:
  case N_GLOBAL:
    out_str(o, n->kind == N_GLOBAL ? " kind=" : " op=");
    out_quoted(o, n->op ? n->op : "", n->op ? strlen(n->op) : 0);
    break;
  case N_COMPARE:
    out_str(o, " ops=[");
    for (int i = 0; n->ops && i < n->list.len - 1; i++) {
      if (i) out_str(o, ", ");
      out_quoted(o, n->ops[i], strlen(n->ops[i]));
    }
    out_str(o, "]");
    break;
  case N_IMPORT:
    if (n->name) {
      out_str(o, " from=");
      out_quoted(o, n->name, strlen(n->name));
    }
    break;
  default:
    break;
  }
}

/* One child slot: a node or a list, printed bare (label NULL) or in a `(label ...)` group. */
typedef struct Slot {
  const char *label;
  const Node *node;
  const NodeList *list;
} Slot;

enum { MAX_SLOTS = 6, AST_DUMP_MAX_INDENT = 160 };

static int node_slots(const Node *n, Slot s[MAX_SLOTS]) {
  int k = 0;
#define NODE(lbl, x) (s[k++] = (Slot){lbl, x, NULL})
#define LIST(lbl, x) (s[k++] = (Slot){lbl, NULL, &(x)})
  switch (n->kind) {
  case N_ATTR:
  case N_KEYWORD:
  case N_UNARY:
  case N_EXPR_STMT:
  case N_RETURN:
    NODE(NULL, n->a);
    break;
  case N_CALL:
    NODE(NULL, n->a);
    LIST(NULL, n->list);
    LIST(NULL, n->kws);
    break;
  case N_SUBSCRIPT:
  case N_BINOP:
  case N_AUGASSIGN:
    NODE(NULL, n->a);
    NODE(NULL, n->b);
    break;
  case N_SLICE:
    NODE("lower", n->a);
    NODE("upper", n->b);
    NODE("step", n->c);
    break;
  case N_BOOLOP:
  case N_COMPARE:
  case N_TUPLE:
  case N_LIST:
  case N_GLOBAL:
  case N_DEL:
  case N_IMPORT:
    LIST(NULL, n->list);
    break;
  case N_IFEXP:
    NODE("test", n->a);
    NODE("body", n->b);
    NODE("orelse", n->c);
    break;
  case N_LAMBDA:
    LIST("params", n->params);
    NODE(NULL, n->a);
    break;
  case N_DICT:
    LIST("keys", n->list);
    LIST("values", n->kws);
    break;
  case N_COMP:
    NODE("elt", n->a);
    NODE("target", n->b);
    NODE("iter", n->c);
    LIST("ifs", n->list);
    break;
  case N_ASSIGN:
    LIST("targets", n->list);
    NODE(NULL, n->b);
    break;
  case N_ANNASSIGN:
    NODE(NULL, n->a);
    NODE("annotation", n->c);
    NODE("value", n->b);
    break;
  case N_IF:
  case N_WHILE:
    NODE(NULL, n->a);
    LIST("body", n->body);
    LIST("orelse", n->orelse);
    break;
  case N_FOR:
    NODE(NULL, n->a);
    NODE(NULL, n->b);
    LIST("body", n->body);
    LIST("orelse", n->orelse);
    break;
  case N_ASSERT:
    NODE(NULL, n->a);
    NODE("msg", n->b);
    break;
  case N_RAISE:
    NODE(NULL, n->a);
    NODE("from", n->b);
    break;
  case N_FUNCTION:
    LIST("decorators", n->decorators);
    LIST("params", n->params);
    NODE("returns", n->c);
    LIST("body", n->body);
    break;
  case N_CLASS:
    LIST("decorators", n->decorators);
    LIST("bases", n->list);
    LIST("keywords", n->kws);
    LIST("body", n->body);
    break;
  case N_PARAM:
    NODE("annotation", n->c);
    NODE("default", n->b);
    break;
  case N_MODULE:
    LIST(NULL, n->body);
    break;
  default:
    break;
  }
#undef NODE
#undef LIST
  return k;
}

/* Work items of the explicit stack. */
typedef struct Item {
  enum { IT_NODE, IT_GROUP, IT_CLOSE } what;
  int indent;
  const Node *node;
  const char *label;
} Item;

typedef struct Stack {
  Item *items;
  size_t len, cap;
} Stack;

static void push(Stack *s, Item it) {
  if (s->len == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
    Item *p = realloc(s->items, s->cap * sizeof(Item));
    if (!p) {
      fprintf(stderr, "kcc: fatal error: out of memory\n");
      abort();
    }
    s->items = p;
  }
  s->items[s->len++] = it;
}

/* Pushes the elements of a list (last first, so that they pop in order). */
static void push_list(Stack *s, const NodeList *l, int indent) {
  for (int i = l->len; i-- > 0;)
    if (l->items[i]) push(s, (Item){IT_NODE, indent, l->items[i], NULL});
}

static void out_indent(Out *o, int indent, bool *first_line) {
  static const char spaces[] = "                                                                ";
  if (!*first_line) out_put(o, "\n", 1);
  *first_line = false;
  if (indent > AST_DUMP_MAX_INDENT) indent = AST_DUMP_MAX_INDENT;
  while (indent > 0) {
    int k = indent < (int)sizeof spaces - 1 ? indent : (int)sizeof spaces - 1;
    out_put(o, spaces, (size_t)k);
    indent -= k;
  }
}

void ast_dump(const Node *root, void (*write)(const char *s, size_t n, void *u), void *u) {
  if (!root) return;
  Out *o = malloc(sizeof *o);
  if (!o) {
    fprintf(stderr, "kcc: fatal error: out of memory\n");
    abort();
  }
  o->write = write;
  o->u = u;
  o->n = 0;
  Stack st = {0};
  bool first_line = true;
  push(&st, (Item){IT_NODE, 0, root, NULL});
  while (st.len) {
    Item it = st.items[--st.len];
    if (it.what == IT_CLOSE) {
      out_put(o, ")", 1);
      continue;
    }
    out_indent(o, it.indent, &first_line);
    if (it.what == IT_GROUP) {
      out_put(o, "(", 1);
      out_str(o, it.label);
      continue;
    }
    const Node *n = it.node;
    out_printf(o, "(%s %d:%d", ast_kind_name(n->kind), out_line(n->loc), n->loc.col);
    dump_attrs(o, n);
    push(&st, (Item){IT_CLOSE, 0, NULL, NULL});
    Slot slots[MAX_SLOTS];
    for (int i = node_slots(n, slots); i-- > 0;) {
      Slot *sl = &slots[i];
      bool empty = !sl->node && (!sl->list || sl->list->len == 0);
      if (empty) continue;
      int inner = it.indent + (sl->label ? 4 : 2);
      if (sl->label) push(&st, (Item){IT_CLOSE, 0, NULL, NULL});
      if (sl->node)
        push(&st, (Item){IT_NODE, inner, sl->node, NULL});
      else
        push_list(&st, sl->list, inner);
      if (sl->label) push(&st, (Item){IT_GROUP, it.indent + 2, NULL, sl->label});
    }
  }
  out_put(o, "\n", 1);
  out_flush(o);
  free(st.items);
  free(o);
}

/*
 * gen.c - the generator's walk: from a kernel's AST to a kir func.func. Expressions evaluate to
 * Values that are either constexprs (folded here with Python semantics) or runtime tensors (MLIR
 * values). Statements with runtime conditions become scf.if / scf.for / scf.while whose carried
 * variables must keep their types; constexpr conditions pick one branch and the other is never
 * looked at. Calls to jit functions are specialised on their arguments and inlined.
 */
#include "gen_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* gen_expr's cases stay out of its frame: the walk's stack is its depth times that frame. */
#define KCC_NOINLINE __attribute__((noinline))

/* ---- environment ----------------------------------------------------------------------------- */
Value *gen_lookup(Gen *g, const char *name) {
  for (int i = g->env.n - 1; i >= 0; i--)
    if (strcmp(g->env.b[i].name, name) == 0)
      return &g->env.b[i].val;
  return NULL;
}

static Binding *lookup_binding(Gen *g, const char *name) {
  for (int i = g->env.n - 1; i >= 0; i--)
    if (strcmp(g->env.b[i].name, name) == 0)
      return &g->env.b[i];
  return NULL;
}

const Node *gen_binding_site(Gen *g, const char *name) {
  Binding *b = lookup_binding(g, name);
  return b ? b->site : NULL;
}

void gen_bind(Gen *g, const char *name, Value v) {
  Binding *old = lookup_binding(g, name);
  if (old) {
    old->val = v;
    old->site = g->assign_site;
    return;
  }
  if (g->env.n == g->env.cap) {
    int cap = g->env.cap ? g->env.cap * 2 : 32;
    Binding *b = arena_alloc(g->a, sizeof *b * cap);
    if (g->env.n)
      memcpy(b, g->env.b, sizeof *b * g->env.n);
    g->env.b = b;
    g->env.cap = cap;
  }
  g->env.b[g->env.n++] = (Binding){name, v, g->assign_site};
}

static Env env_copy_from(Gen *g, const Env *src) {
  Env e = {.n = src->n, .cap = src->n + 8};
  e.b = arena_alloc(g->a, sizeof *e.b * e.cap);
  if (src->n)
    memcpy(e.b, src->b, sizeof *e.b * src->n);
  return e;
}

static Env env_copy(Gen *g) {
  return env_copy_from(g, &g->env);
}

/* ---- module-level names ---------------------------------------------------------------------- */
static bool is_jit_decorator(const Node *d) {
  if (d->kind == N_CALL)
    d = d->a;
  const char *name = d->kind == N_NAME ? d->name : d->kind == N_ATTR ? d->name : NULL;
  return name && strcmp(name, "jit") == 0;
}

/* `f = triton.jit(f)` at module level: the functional form of the decorator. */
static bool jit_applied(const Node *module, const char *name) {
  for (int i = 0; i < module->body.len; i++) {
    const Node *s = module->body.items[i];
    const Node *v = s->kind == N_ASSIGN ? s->b : NULL;
    if (v && v->kind == N_CALL && is_jit_decorator(v) && v->list.len >= 1 &&
        v->list.items[0]->kind == N_NAME && strcmp(v->list.items[0]->name, name) == 0)
      return true;
  }
  return false;
}

static bool is_jit_function(const Node *module, const Node *f) {
  if (f->kind != N_FUNCTION)
    return false;
  for (int i = 0; i < f->decorators.len; i++)
    if (is_jit_decorator(f->decorators.items[i]))
      return true;
  return f->body.len > 0 && jit_applied(module, f->name);
}

static bool is_constexpr_function(const Node *f) {
  for (int i = 0; i < f->decorators.len; i++) {
    const Node *d = f->decorators.items[i];
    const char *name = d->kind == N_NAME ? d->name : d->kind == N_ATTR ? d->name : NULL;
    if (name && (strcmp(name, "constexpr") == 0 || strcmp(name, "constexpr_function") == 0))
      return true;
  }
  return false;
}

int gen_list_kernels(const Node *module, const char **names, int cap) {
  int n = 0;
  for (int i = 0; module && i < module->body.len; i++) {
    const Node *s = module->body.items[i];
    if (is_jit_function(module, s)) {
      if (n < cap)
        names[n] = s->name;
      n++;
    }
  }
  return n;
}

/* Canonical builtin namespace for an imported module path. */
const char *gen_canon_module(Gen *g, const char *path) {
  /* the language package under any of its names */
  static const char *const lang[] = {"kcc.triton.language", "triton.language", "kcc.language",
                                     "tl"};
  for (size_t k = 0; k < sizeof lang / sizeof *lang; k++) {
    size_t n = strlen(lang[k]);
    if (strncmp(path, lang[k], n) == 0 && (path[n] == 0 || path[n] == '.')) {
      const char *rest = path[n] ? path + n + 1 : "";
      /* ...extra[.cuda|.hip|...].libdevice[.fn] -> libdevice[.fn] */
      const char *ld = strstr(rest, "libdevice");
      if (strncmp(rest, "extra", 5) == 0 && ld && (ld[9] == 0 || ld[9] == '.'))
        return ld[9] ? arena_printf(g->a, "libdevice.%s", ld + 10) : "libdevice";
      /* tl.math / tl.core / tl.standard / tl.random hold tl's own functions */
      static const char *const sub[] = {"math", "core", "standard", "random"};
      for (size_t m = 0; m < sizeof sub / sizeof *sub; m++) {
        size_t l = strlen(sub[m]);
        if (strncmp(rest, sub[m], l) == 0 && (rest[l] == 0 || rest[l] == '.')) {
          rest = rest[l] ? rest + l + 1 : "";
          break;
        }
      }
      return *rest ? arena_printf(g->a, "tl.%s", rest) : "tl";
    }
  }
  size_t n = strlen(path);
  if (n >= 9 && strcmp(path + n - 9, "libdevice") == 0) /* e.g. flag_gems' shims */
    return "libdevice";
  if (strcmp(path, "triton") == 0 || strcmp(path, "kcc.triton") == 0 || strcmp(path, "kcc") == 0)
    return "triton";
  return path;
}

static Value builtin(const char *name) {
  return (Value){.kind = V_BUILTIN, .s = name};
}

/* Resolves a global name: jit functions, imports, module-level constexpr assignments. */
static bool lookup_global(Gen *g, const Node *use, const char *name, Value *out) {
  const Node *m = g->module;
  for (int i = m->body.len - 1; i >= 0; i--) {
    const Node *s = m->body.items[i];
    if (s->kind == N_FUNCTION && strcmp(s->name, name) == 0) {
      if (is_jit_function(m, s) || is_constexpr_function(s)) {
        *out = (Value){.kind = V_FUNC, .fn = s};
        return true;
      }
      gen_fail(g, use, "cannot call '%s' from a kernel: it is not a @jit function", name);
    }
    if (s->kind == N_IMPORT) {
      /* `import a.b [as c]`: name NULL, list = N_NAMEs (str = alias);
       * `from MOD import x [as y]`: name = MOD, list = N_NAMEs (str = alias). */
      if (s->name) { /* from MOD import x [as y], ... */
        for (int k = 0; k < s->list.len; k++) {
          const Node *it = s->list.items[k];
          const char *bound = it->str ? it->str : it->name;
          if (strcmp(bound, name) == 0) {
            const char *q = arena_printf(g->a, "%s.%s", s->name, it->name);
            *out = builtin(gen_canon_module(g, q));
            return true;
          }
        }
      } else {
        for (int k = 0; k < s->list.len; k++) {
          const Node *it = s->list.items[k];
          const char *bound = it->str ? it->str : it->name;
          if (!it->str) { /* import a.b binds a */
            const char *dot = strchr(it->name, '.');
            bound = dot ? arena_strndup(g->a, it->name, (size_t)(dot - it->name)) : it->name;
          }
          if (strcmp(bound, name) == 0) {
            *out = builtin(gen_canon_module(g, it->str ? it->name : bound));
            return true;
          }
        }
      }
    }
    if (s->kind == N_ASSIGN || s->kind == N_ANNASSIGN) {
      const Node *t = s->kind == N_ASSIGN ? s->list.items[0] : s->a;
      if (t->kind == N_NAME && strcmp(t->name, name) == 0 && !s->b)
        gen_fail(g, use,
                 "global '%s' is defined at line %d by a statement kcc cannot evaluate; kernels may "
                 "read module-level constexprs, dtypes, imports and jit functions",
                 name, s->loc.line + g->file->line_offset);
      if (t->kind == N_NAME && strcmp(t->name, name) == 0 && s->b) {
        /* evaluate in an empty function environment */
        Env saved = g->env;
        g->env = (Env){0};
        Value v = gen_expr(g, s->b);
        g->env = saved;
        if (v.kind == V_TENSOR)
          gen_fail(g, use, "global '%s' is not a constexpr", name);
        *out = v;
        return true;
      }
    }
  }
  return false;
}

static const char *const python_builtins[] = {
    "range", "min", "max", "len", "float", "int", "bool", "isinstance", "print", "abs",
    "getattr", "hasattr", "tuple", "list", "ValueError", "TypeError", "AssertionError", "str",
    "round", "sum", "any", "all", "zip", "enumerate", NULL};

static KCC_NOINLINE Value lookup_name(Gen *g, const Node *n) {
  Value *v = gen_lookup(g, n->name);
  if (v) return *v;
  if (g->in_define && (strcmp(n->name, "tl") == 0 || strcmp(n->name, "triton") == 0))
    return builtin(n->name[0] == 't' && n->name[1] == 'l' ? "tl" : "triton");
  Value r;
  if (gen_env_lookup(g, n, n->name, &r) || lookup_global(g, n, n->name, &r)) return r;
  for (int i = 0; python_builtins[i]; i++)
    if (strcmp(n->name, python_builtins[i]) == 0)
      return builtin(arena_printf(g->a, "py.%s", n->name));
  gen_fail(g, n, "name '%s' is not defined", n->name);
}

/* ---- expressions ----------------------------------------------------------------------------- */
static KCC_NOINLINE Value make_tuple(Gen *g, const NodeList *l, bool is_list) {
  Value t = {.kind = V_TUPLE, .n = l->len, .is_list = is_list};
  t.items = arena_alloc(g->a, sizeof(Value) * (l->len + 1));
  for (int i = 0; i < l->len; i++)
    t.items[i] = gen_expr(g, l->items[i]);
  gen_tuple_nest(g, l->len ? l->items[0] : g->node, &t);
  return t;
}

static void assign_target(Gen *g, const Node *t, Value v, bool keep_const);

/* [elt for target in iter if cond...] / (elt for ...): evaluated now, one element per item of a
 * constexpr range (range, tl.range, tl.static_range) or of a tuple, into a tuple (a list for
 * []); the conditions must be constexprs. The target is local to the comprehension. */
static KCC_NOINLINE Value gen_comprehension(Gen *g, const Node *n) {
  const Node *it = n->c;
  Value src = {.kind = V_NONE};
  int64_t lo = 0, hi = 0, step = 1;
  bool is_range = false;
  if (it->kind == N_CALL) {
    Value callee = gen_expr(g, it->a);
    const char *k = callee.kind == V_BUILTIN ? callee.s : "";
    is_range = strcmp(k, "py.range") == 0 || strcmp(k, "tl.range") == 0 ||
               strcmp(k, "tl.static_range") == 0;
    if (is_range) {
      int na = it->list.len;
      if (na < 1 || na > 3) gen_fail(g, it, "range expects 1 to 3 arguments, got %d", na);
      int64_t v[3];
      for (int i = 0; i < na; i++) {
        Value a = gen_expr(g, it->list.items[i]);
        if (a.kind != V_INT && a.kind != V_BOOL)
          gen_fail(g, it->list.items[i],
                   "a comprehension iterates over a range of constexpr integers, got %s",
                   gen_value_desc(g, &a));
        v[i] = a.i;
      }
      lo = na == 1 ? 0 : v[0], hi = na == 1 ? v[0] : v[1], step = na == 3 ? v[2] : 1;
      if (step == 0) gen_fail(g, it, "range step must not be zero");
    }
  }
  if (!is_range) {
    src = gen_expr(g, it);
    if (src.kind != V_TUPLE)
      gen_fail(g, it, "a comprehension iterates over a constexpr range or a tuple, got %s",
                gen_value_desc(g, &src));
  }
  Env before = env_copy(g);
  Value t = {.kind = V_TUPLE, .is_list = n->ival != 0};
  int cap = 8;
  t.items = arena_alloc(g->a, sizeof(Value) * cap);
  for (int64_t k = 0, i = lo;; k++, i += step) {
    if (is_range ? (step > 0 ? i >= hi : i <= hi) : k >= src.n) break;
    if (k >= GEN_MAX_UNROLL || ++g->unrolled > GEN_MAX_UNROLL_TOTAL)
      gen_fail(g, n, "a comprehension of more than %d items is not supported", GEN_MAX_UNROLL);
    assign_target(g, n->b, is_range ? gen_const_int(i) : src.items[k], true);
    bool keep = true;
    for (int c = 0; c < n->list.len && keep; c++) {
      Value cv = gen_expr(g, n->list.items[c]);
      if (cv.kind == V_TENSOR)
        gen_fail(g, n->list.items[c], "a comprehension's 'if' condition must be a constexpr");
      keep = gen_truthy(g, n->list.items[c], &cv);
    }
    if (!keep) continue;
    if (t.n == cap) {
      Value *grown = arena_alloc(g->a, sizeof(Value) * cap * 2);
      memcpy(grown, t.items, sizeof(Value) * cap);
      t.items = grown, cap *= 2;
    }
    t.items[t.n++] = gen_expr(g, n->a);
  }
  g->env = before;
  gen_tuple_nest(g, n, &t);
  return t;
}

static KCC_NOINLINE Value gen_subscript(Gen *g, const Node *n) {
  Value base = gen_expr(g, n->a);
  const Node *ix = n->b;
  if (base.kind == V_TUPLE) {
    Value i = gen_expr(g, ix);
    if (i.kind != V_INT && i.kind != V_BOOL)
      gen_fail(g, ix, "tuple index must be a constexpr int, got %s", gen_value_desc(g, &i));
    int64_t k = i.i < 0 ? i.i + base.n : i.i;
    if (k < 0 || k >= base.n)
      gen_fail(g, ix, "tuple index %lld out of range (size %d)", (long long)i.i, base.n);
    return base.items[k];
  }
  if (base.kind != V_TENSOR)
    gen_fail(g, n, "%s is not subscriptable", gen_value_desc(g, &base));
  const NodeList one = {(Node **)&n->b, 1};
  const NodeList *items = ix->kind == N_TUPLE ? &ix->list : &one;
  Type t = {.dt = base.ty.dt};
  int src = 0;
  MlirValue x = base.v;
  Type cur = base.ty;
  for (int i = 0; i < items->len; i++) {
    const Node *it = items->items[i];
    if (it->kind == N_NONE) {
      if (t.rank >= SEMA_MAX_RANK || cur.rank >= SEMA_MAX_RANK)
        gen_fail(g, it, "too many dimensions (at most %d)", SEMA_MAX_RANK);
      if (cur.rank == 0) { /* scalar[None] is a 1-element block */
        Type nt = {.dt = cur.dt, .rank = 1, .shape = {1}};
        x = gen_op1(g, "kir.splat", 1, &x, gen_mlir_type(g, nt), 0, NULL);
        cur = nt;
        t.shape[t.rank++] = 1;
        continue;
      }
      /* insert a size-1 dim at position t.rank of the result */
      Type nt = cur;
      int axis = t.rank;
      memmove(nt.shape + axis + 1, nt.shape + axis, sizeof(int64_t) * (nt.rank - axis));
      nt.shape[axis] = 1;
      nt.rank++;
      MlirNamedAttribute ax = kir_attr(g->ctx, "axis", kir_named_i32(g->ctx, axis));
      x = gen_op1(g, "kir.expand_dims", 1, &x, gen_mlir_type(g, nt), 1, &ax);
      cur = nt;
      t.shape[t.rank++] = 1;
    } else if (it->kind == N_SLICE && !it->a && !it->b && !it->c) {
      if (src >= base.ty.rank)
        gen_fail(g, it, "too many indices for a tensor of rank %d", base.ty.rank);
      t.shape[t.rank++] = base.ty.shape[src++];
    } else {
      gen_fail(g, it, "unsupported tensor index: only None and ':' are allowed");
    }
  }
  if (src != base.ty.rank)
    while (src < base.ty.rank)
      t.shape[t.rank++] = base.ty.shape[src++];
  return gen_tensor(x, cur);
}

static KCC_NOINLINE Value gen_boolop(Gen *g, const Node *n) {
  bool is_and = strcmp(n->op, "and") == 0;
  Value acc = gen_expr(g, n->list.items[0]);
  for (int i = 1; i < n->list.len; i++) {
    if (acc.kind != V_TENSOR) { /* Python short-circuit */
      bool t = gen_truthy(g, n, &acc);
      if (is_and ? !t : t)
        return acc;
      acc = gen_expr(g, n->list.items[i]);
      continue;
    }
    Value r = gen_expr(g, n->list.items[i]);
    Value a = gen_cast(g, n, acc, sema_dtype(DT_I1), false);
    Value b = gen_cast(g, n, r.kind == V_TENSOR ? r : gen_to_tensor(g, n, &r), sema_dtype(DT_I1), false);
    acc = gen_binary(g, n, is_and ? "&" : "|", a, b);
  }
  return acc;
}

static KCC_NOINLINE Value gen_compare(Gen *g, const Node *n) {
  if (n->list.len > 2)
    gen_fail(g, n, "chained comparisons are not supported");
  Value a = gen_expr(g, n->list.items[0]);
  Value b = gen_expr(g, n->list.items[1]);
  const char *op = n->ops[0];
  if (strcmp(op, "in") == 0 || strcmp(op, "not in") == 0) {
    if (b.kind != V_TUPLE)
      gen_fail(g, n, "'in' needs a constexpr tuple or list");
    bool found = false;
    for (int i = 0; i < b.n && !found; i++) {
      Value r = gen_cmp(g, n, "==", a, b.items[i]);
      found = r.kind == V_BOOL && r.i;
    }
    return (Value){.kind = V_BOOL, .i = op[0] == 'i' ? found : !found};
  }
  return gen_cmp(g, n, op, a, b);
}

static KCC_NOINLINE Value gen_ifexp(Gen *g, const Node *n) {
  Value c = gen_expr(g, n->a);
  if (c.kind != V_TENSOR)
    return gen_truthy(g, n, &c) ? gen_expr(g, n->b) : gen_expr(g, n->c);
  /* runtime: both sides evaluated, then select */
  Value t = gen_expr(g, n->b), f = gen_expr(g, n->c);
  return gen_call_builtin(g, n, "tl.where", NULL, (Value[]){c, t, f}, 3, NULL, NULL, 0);
}

static KCC_NOINLINE Value gen_call(Gen *g, const Node *n) {
  Value callee = gen_expr(g, n->a);
  int nargs = n->list.len, nkw = n->kws.len;
  Value *args = arena_alloc(g->a, sizeof(Value) * (nargs + 1));
  for (int i = 0; i < nargs; i++)
    args[i] = gen_expr(g, n->list.items[i]);
  const char **kwn = arena_alloc(g->a, sizeof(char *) * (nkw + 1));
  Value *kwv = arena_alloc(g->a, sizeof(Value) * (nkw + 1));
  for (int i = 0; i < nkw; i++) {
    kwn[i] = n->kws.items[i]->name;
    kwv[i] = gen_expr(g, n->kws.items[i]->a);
  }
  switch (callee.kind) {
  case V_FUNC: return gen_call_function(g, n, callee.fn, args, nargs, kwn, kwv, nkw);
  case V_BUILTIN: return gen_call_builtin(g, n, callee.s, NULL, args, nargs, kwn, kwv, nkw);
  case V_METHOD:
    return gen_call_builtin(g, n, callee.s, &callee.items[0], args, nargs, kwn, kwv, nkw);
  case V_DTYPE: /* tl.float32(x) is a cast */
    if (nargs == 1)
      return gen_cast(g, n, args[0], callee.dt, false);
    break;
  default: break;
  }
  gen_fail(g, n, "%s is not callable", gen_value_desc(g, &callee));
}

/* Left-associative chains (`a + b + c + ...`, 50,000 terms in generated code) are walked
 * iteratively down their left spine, so the C stack does not grow with their length. */
static KCC_NOINLINE Value gen_binop_chain(Gen *g, const Node *n) {
  int len = 0;
  for (const Node *e = n; e->kind == N_BINOP; e = e->a)
    len++;
  const Node **spine = arena_alloc(g->a, sizeof(Node *) * (size_t)len);
  int i = len;
  for (const Node *e = n; e->kind == N_BINOP; e = e->a)
    spine[--i] = e;
  Value r = gen_expr(g, spine[0]->a);
  for (i = 0; i < len; i++) {
    Value b = gen_expr(g, spine[i]->b);
    g->loc = kir_loc(g->ctx, spine[i]->loc);
    g->node = spine[i];
    r = gen_binary(g, spine[i], spine[i]->op, r, b);
  }
  return r;
}

static KCC_NOINLINE Value gen_attr(Gen *g, const Node *n) {
  return gen_getattr(g, n, gen_expr(g, n->a), n->name);
}

static KCC_NOINLINE Value gen_unary_expr(Gen *g, const Node *n) {
  return gen_unary(g, n, n->op, gen_expr(g, n->a));
}

/* Every recursion of the walk passes through gen_expr or gen_stmts: bounding their depth bounds
 * the C stack (postfix chains like `x[0][0]...` nest one level per link). */
static void nest_enter(Gen *g, const Node *n) {
  if (++g->nest > GEN_MAX_NEST)
    gen_fail(g, n, "expression too deeply nested (more than %d levels)", GEN_MAX_NEST);
}

Value gen_expr(Gen *g, const Node *n) {
  MlirLocation saved = g->loc;
  const Node *saved_node = g->node;
  g->loc = kir_loc(g->ctx, n->loc);
  g->node = n;
  nest_enter(g, n);
  Value r;
  switch (n->kind) {
  case N_NAME: r = lookup_name(g, n); break;
  case N_INT:
    if (n->big)
      gen_fail(g, n, "integer literal is too large");
    r = (Value){.kind = V_INT, .i = (int64_t)n->ival, .ubig = n->ival > (uint64_t)INT64_MAX};
    break;
  case N_FLOAT: r = (Value){.kind = V_FLOAT, .f = n->fval}; break;
  case N_STRING: r = (Value){.kind = V_STR, .s = n->str}; break;
  case N_BOOL: r = (Value){.kind = V_BOOL, .i = (int64_t)n->ival}; break;
  case N_NONE: r = (Value){.kind = V_NONE}; break;
  case N_ATTR:
    r = gen_attr(g, n);
    break;
  case N_CALL: r = gen_call(g, n); break;
  case N_SUBSCRIPT: r = gen_subscript(g, n); break;
  case N_BINOP:
    r = gen_binop_chain(g, n);
    break;
  case N_UNARY:
    r = gen_unary_expr(g, n);
    break;
  case N_BOOLOP: r = gen_boolop(g, n); break;
  case N_COMPARE: r = gen_compare(g, n); break;
  case N_IFEXP: r = gen_ifexp(g, n); break;
  case N_TUPLE: r = make_tuple(g, &n->list, false); break;
  case N_LIST: r = make_tuple(g, &n->list, true); break;
  case N_COMP: r = gen_comprehension(g, n); break;
  case N_SLICE: r = (Value){.kind = V_SLICE}; break;
  case N_LAMBDA: gen_fail(g, n, "lambda is not supported in kernels");
  default: gen_fail(g, n, "unsupported expression (%s)", ast_kind_name(n->kind));
  }
  g->nest--;
  g->loc = saved;
  g->node = saved_node;
  return r;
}

/* ---- statements ------------------------------------------------------------------------------ */
static void gen_stmts(Gen *g, const NodeList *l, int from);

/* `x = value` binding semantics: Python numbers become tensors (Triton's to_tensor). */
static Value materialize(Gen *g, const Node *n, Value v) {
  if (gen_is_const(&v))
    return gen_to_tensor(g, n, &v);
  return v;
}

static void assign_target(Gen *g, const Node *t, Value v, bool keep_const) {
  switch (t->kind) {
  case N_NAME: gen_bind(g, t->name, keep_const || g->const_eval ? v : materialize(g, t, v)); return;
  case N_TUPLE:
  case N_LIST:
    if (v.kind != V_TUPLE)
      gen_fail(g, t, "cannot unpack %s", gen_value_desc(g, &v));
    if (v.n != t->list.len)
      gen_fail(g, t, "cannot unpack %d values into %d targets", v.n, t->list.len);
    for (int i = 0; i < v.n; i++)
      assign_target(g, t->list.items[i], v.items[i], keep_const);
    return;
  case N_SUBSCRIPT: gen_fail(g, t, "assignment to a subscript is not supported in kernels");
  case N_ATTR: gen_fail(g, t, "assignment to an attribute is not supported in kernels");
  default: gen_fail(g, t, "cannot assign to this expression");
  }
}

static bool is_constexpr_annotation(Gen *g, const Node *ann) {
  if (!ann)
    return false;
  const char *name = ann->kind == N_ATTR ? ann->name : ann->kind == N_NAME ? ann->name : NULL;
  if (ann->kind == N_STRING)
    name = ann->str;
  return name && (strcmp(name, "constexpr") == 0 || strcmp(name, "tl.constexpr") == 0);
}

/* Collects the names assigned anywhere in a statement list (not inside nested defs). */
static void assigned_names(Gen *g, const NodeList *l, const char ***names, int *n, int *cap);

static void add_name(Gen *g, const char *s, const char ***names, int *n, int *cap) {
  for (int i = 0; i < *n; i++)
    if (strcmp((*names)[i], s) == 0)
      return;
  if (*n == *cap) {
    int nc = *cap ? *cap * 2 : 16;
    const char **b = arena_alloc(g->a, sizeof(char *) * nc);
    if (*n)
      memcpy(b, *names, sizeof(char *) * *n);
    *names = b;
    *cap = nc;
  }
  (*names)[(*n)++] = s;
}

static void target_names(Gen *g, const Node *t, const char ***names, int *n, int *cap) {
  if (t->kind == N_NAME)
    add_name(g, t->name, names, n, cap);
  else if (t->kind == N_TUPLE || t->kind == N_LIST)
    for (int i = 0; i < t->list.len; i++)
      target_names(g, t->list.items[i], names, n, cap);
}

static void assigned_names(Gen *g, const NodeList *l, const char ***names, int *n, int *cap) {
  for (int i = 0; i < l->len; i++) {
    const Node *s = l->items[i];
    switch (s->kind) {
    case N_ASSIGN:
      for (int k = 0; k < s->list.len; k++)
        target_names(g, s->list.items[k], names, n, cap);
      break;
    case N_AUGASSIGN:
    case N_ANNASSIGN: target_names(g, s->a, names, n, cap); break;
    case N_FOR:
      target_names(g, s->a, names, n, cap);
      assigned_names(g, &s->body, names, n, cap);
      break;
    case N_IF:
    case N_WHILE:
      assigned_names(g, &s->body, names, n, cap);
      assigned_names(g, &s->orelse, names, n, cap);
      break;
    default: break;
    }
  }
}

static bool is_runtime(const Value *v) {
  return v->kind == V_TENSOR;
}

/* Structured values (tuples, block pointers) are carried through loops as their runtime leaves,
 * in order; their constexpr parts must not change in the loop. */
static bool is_struct(const Value *v) {
  return v->kind == V_TUPLE || v->kind == V_BLOCKPTR;
}

static bool has_runtime(const Value *v) {
  if (is_runtime(v))
    return true;
  if (is_struct(v))
    for (int i = 0; i < v->n; i++)
      if (has_runtime(&v->items[i]))
        return true;
  return false;
}

/* Appends the runtime leaves of v to out (when not NULL); returns their number. */
static int leaves(const Value *v, const Value **out, int k) {
  if (is_runtime(v)) {
    if (out)
      out[k] = v;
    return k + 1;
  }
  if (is_struct(v))
    for (int i = 0; i < v->n; i++)
      k = leaves(&v->items[i], out, k);
  return k;
}

/* A copy of tmpl whose runtime leaves are vals[*k...] (same types). */
static Value relink(Gen *g, const Value *tmpl, const MlirValue *vals, int *k) {
  if (is_runtime(tmpl))
    return gen_tensor(vals[(*k)++], tmpl->ty);
  if (!is_struct(tmpl))
    return *tmpl;
  Value r = *tmpl;
  r.items = arena_alloc(g->a, sizeof(Value) * (tmpl->n + 1));
  for (int i = 0; i < tmpl->n; i++)
    r.items[i] = relink(g, &tmpl->items[i], vals, k);
  return r;
}

/* Whether a value is unchanged: same kind and contents, tensors the same SSA value (not Python
 * `==`, which gen_ops.c's const_equal implements: 1 == 1.0 there, a change of kind here). */
static bool same_value(const Value *a, const Value *b) {
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case V_BOOL:
  case V_INT: return a->i == b->i && a->ubig == b->ubig;
  case V_FLOAT: return a->f == b->f || (a->f != a->f && b->f != b->f);
  case V_STR: return strcmp(a->s, b->s) == 0;
  case V_DTYPE: return a->dt == b->dt;
  case V_FUNC: return a->fn == b->fn;
  case V_BUILTIN:
  case V_METHOD: return a->s == b->s || strcmp(a->s, b->s) == 0;
  case V_TENSOR: return mlirValueEqual(a->v, b->v);
  case V_TUPLE:
  case V_BLOCKPTR:
    if (a->n != b->n)
      return false;
    for (int i = 0; i < a->n; i++)
      if (!same_value(&a->items[i], &b->items[i]))
        return false;
    return true;
  default: return true;
  }
}

/* Makes the two branch values of a runtime `if` agree leaf by leaf: constexpr numbers that
 * differ (or meet a tensor) become scalar tensors, each in its branch's block. False when the
 * structures or types cannot agree. */
static bool unify(Gen *g, const Node *s, Value *a, Value *b, MlirBlock blocks[2]) {
  if (is_struct(a) || is_struct(b)) {
    if (a->kind != b->kind || a->n != b->n)
      return false;
    if (a->kind == V_BLOCKPTR) { /* runtime parts must agree in type, the rest exactly */
      if (!sema_type_eq(a->ty, b->ty))
        return false;
      for (int i = 0; i < a->n; i++)
        if (is_runtime(&a->items[i]) != is_runtime(&b->items[i]) ||
            (is_runtime(&a->items[i]) ? !sema_type_eq(a->items[i].ty, b->items[i].ty)
                                      : !same_value(&a->items[i], &b->items[i])))
          return false;
      return true;
    }
    Value *ia = arena_alloc(g->a, sizeof(Value) * (a->n + 1));
    Value *ib = arena_alloc(g->a, sizeof(Value) * (b->n + 1));
    memcpy(ia, a->items, sizeof(Value) * a->n);
    memcpy(ib, b->items, sizeof(Value) * b->n);
    a->items = ia, b->items = ib;
    for (int i = 0; i < a->n; i++)
      if (!unify(g, s, &ia[i], &ib[i], blocks))
        return false;
    return true;
  }
  bool num = (is_runtime(a) || gen_is_const(a)) && (is_runtime(b) || gen_is_const(b));
  if (!is_runtime(a) && !is_runtime(b)) {
    if (a->kind == b->kind && (a->kind != V_INT || a->i == b->i) &&
        (a->kind != V_FLOAT || a->f == b->f) && (a->kind != V_BOOL || a->i == b->i))
      return true;
    if (a->kind == V_BLOCKPTR || !num)
      return false;
  }
  if (!num)
    return false;
  MlirBlock saved = g->block;
  Value *v[2] = {a, b};
  for (int k = 0; k < 2; k++)
    if (!is_runtime(v[k])) {
      g->block = blocks[k];
      *v[k] = gen_to_tensor(g, s, v[k]);
    }
  g->block = saved;
  return sema_type_eq(a->ty, b->ty);
}

/* Whether a and b have the same structure, constexpr parts and leaf types. */
static bool same_shape(const Value *a, const Value *b) {
  if (a->kind != b->kind)
    return false;
  if (is_runtime(a))
    return sema_type_eq(a->ty, b->ty);
  if (is_struct(a)) {
    if (a->n != b->n)
      return false;
    for (int i = 0; i < a->n; i++)
      if (!same_shape(&a->items[i], &b->items[i]))
        return false;
    return true;
  }
  return a->kind != V_INT || a->i == b->i;
}

MlirBlock gen_block_new(Gen *g, intptr_t nargs, const MlirType *types, const MlirLocation *locs) {
  if (g->ndetached == g->capdetached) { /* arena memory: freed with the arena */
    int cap = g->capdetached ? 2 * g->capdetached : 16;
    MlirBlock *n = arena_alloc(g->a, sizeof *n * (size_t)cap);
    if (g->ndetached) memcpy(n, g->detached, sizeof *n * (size_t)g->ndetached);
    g->detached = n, g->capdetached = cap;
  }
  MlirBlock b = mlirBlockCreate(nargs, types, locs);
  g->detached[g->ndetached++] = b;
  return b;
}

void gen_block_owned(Gen *g, MlirBlock b) {
  for (int i = g->ndetached - 1; i >= 0; i--)
    if (mlirBlockEqual(g->detached[i], b)) {
      memmove(g->detached + i, g->detached + i + 1, sizeof *g->detached * (size_t)(g->ndetached - i - 1));
      g->ndetached--;
      return;
    }
}

void gen_block_drop(Gen *g, MlirBlock b) {
  gen_block_owned(g, b);
  mlirBlockDestroy(b);
}

/* A fresh block with `nargs` arguments of `types`, all at `loc`. */
static MlirBlock gen_region_block(Gen *g, intptr_t nargs, const MlirType *types, MlirLocation loc) {
  MlirLocation *locs = arena_alloc(g->a, sizeof(MlirLocation) * (nargs + 1));
  for (intptr_t i = 0; i < nargs; i++)
    locs[i] = loc;
  return gen_block_new(g, nargs, types, locs);
}

static MlirRegion region_of(Gen *g, MlirBlock b) {
  gen_block_owned(g, b);
  MlirRegion r = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(r, b);
  return r;
}

static void gen_yield(Gen *g, const char *op, intptr_t n, const MlirValue *vals) {
  gen_op(g, op, n, vals, 0, NULL, 0, NULL);
}

/* Does a statement list end in `return` on every path (for runtime-if continuation)? */
static bool has_return(const NodeList *l) {
  for (int i = 0; i < l->len; i++) {
    const Node *s = l->items[i];
    if (s->kind == N_RETURN)
      return true;
    if (s->kind == N_IF && (has_return(&s->body) || has_return(&s->orelse)))
      return true;
  }
  return false;
}

/* Returns true when the statements after `s` (rest[rest_from..]) were generated inside it. */
static bool gen_if(Gen *g, const Node *s, const NodeList *rest, int rest_from) {
  Value c = gen_expr(g, s->a);
  if (!is_runtime(&c)) {
    const NodeList *branch = gen_truthy(g, s->a, &c) ? &s->body : &s->orelse;
    gen_stmts(g, branch, 0);
    return false;
  }
  g->loc = kir_loc(g->ctx, s->loc);
  MlirValue cond = gen_scalar_cond(g, s->a, c);
  /* A return inside a runtime if: the rest of the enclosing list runs in the branches. */
  bool ret = (has_return(&s->body) || has_return(&s->orelse)) && rest;
  if (ret && g->in_loop)
    gen_fail(g, s, "return inside a runtime 'if' within a loop is not supported");

  Env before = env_copy(g);
  MlirBlock outer = g->block;
  MlirBlock blocks[2];
  Env after[2];
  bool rets[2];
  Value retv[2];
  for (int k = 0; k < 2; k++) {
    g->env = env_copy_from(g, &before);
    blocks[k] = gen_block_new(g, 0, NULL, NULL);
    g->block = blocks[k];
    g->returned = false;
    gen_stmts(g, k == 0 ? &s->body : &s->orelse, 0);
    if (ret && !g->returned && rest)
      gen_stmts(g, rest, rest_from);
    if (ret && !g->returned && rest == g->fn_body) { /* falls off the end: return None */
      g->returned = true;
      g->ret = (Value){.kind = V_NONE};
    }
    rets[k] = g->returned;
    retv[k] = g->ret;
    after[k] = g->env;
  }
  g->block = outer;
  /* results: variables live before the if whose value changed in a branch, or defined in both */
  const char **names = NULL;
  int nn = 0, cap = 0;
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < after[k].n; i++)
      add_name(g, after[k].b[i].name, &names, &nn, &cap);
  int nres = 0, nrn = 0, cap2 = nn + 8;
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < after[k].n; i++)
      cap2 += leaves(&after[k].b[i].val, NULL, 0);
  if (rets[0] || rets[1])
    cap2 += leaves(&retv[0], NULL, 0) + leaves(&retv[1], NULL, 0);
  const char **rn = arena_alloc(g->a, sizeof(char *) * (nn + 1));
  const Value **rtmpl = arena_alloc(g->a, sizeof(Value *) * (nn + 1)); /* structs, else NULL */
  MlirValue *yv[2];
  yv[0] = arena_alloc(g->a, sizeof(MlirValue) * cap2);
  yv[1] = arena_alloc(g->a, sizeof(MlirValue) * cap2);
  MlirType *types = arena_alloc(g->a, sizeof(MlirType) * cap2);
  Type *ktypes = arena_alloc(g->a, sizeof(Type) * cap2);
  Env *saved_env = &g->env;
  (void)saved_env;
  for (int i = 0; i < nn; i++) {
    Value *v[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
      g->env = after[k];
      v[k] = gen_lookup(g, names[i]);
    }
    g->env = before;
    Value *b = gen_lookup(g, names[i]);
    if (!v[0] || !v[1])
      continue; /* defined in one branch only: not visible after */
    if ((is_struct(v[0]) && has_runtime(v[0])) || (is_struct(v[1]) && has_runtime(v[1]))) {
      /* tuples and block pointers: merged leaf by leaf when both branches agree in shape */
      Value x0 = *v[0], x1 = *v[1];
      if (!unify(g, s, &x0, &x1, blocks))
        gen_fail(g, s, "variable '%s' has different structures or element types in the branches "
                 "of a runtime 'if' (%s and %s)", names[i], gen_value_desc(g, v[0]),
                 gen_value_desc(g, v[1]));
      v[0] = arena_alloc(g->a, sizeof(Value)), *v[0] = x0;
      v[1] = arena_alloc(g->a, sizeof(Value)), *v[1] = x1;
      int nl = leaves(v[0], NULL, 0);
      const Value **l0 = arena_alloc(g->a, sizeof(Value *) * (nl + 1));
      const Value **l1 = arena_alloc(g->a, sizeof(Value *) * (nl + 1));
      leaves(v[0], l0, 0);
      leaves(v[1], l1, 0);
      rtmpl[nrn] = v[0];
      rn[nrn++] = names[i];
      for (int j = 0; j < nl; j++) {
        yv[0][nres] = l0[j]->v;
        yv[1][nres] = l1[j]->v;
        types[nres] = gen_mlir_type(g, l0[j]->ty);
        ktypes[nres] = l0[j]->ty;
        nres++;
      }
      continue;
    }
    bool changed = !b || v[0]->kind != b->kind || v[1]->kind != b->kind ||
                   (b->kind == V_TENSOR && (!mlirValueEqual(v[0]->v, b->v) || !mlirValueEqual(v[1]->v, b->v)));
    if (!changed)
      continue;
    if (!is_runtime(v[0]) || !is_runtime(v[1])) {
      if (b && !is_runtime(b) && v[0]->kind == v[1]->kind)
        continue; /* constexpr rebinding in both: keep before's (rare) */
      gen_fail(g, s, "variable '%s' is a constexpr in one branch of a runtime 'if'", names[i]);
    }
    const Node *site[2];
    bool same[2];
    for (int k = 0; k < 2; k++) {
      g->env = after[k];
      site[k] = gen_binding_site(g, names[i]);
      same[k] = b && b->kind == V_TENSOR && mlirValueEqual(v[k]->v, b->v);
    }
    g->env = before;
    if (!sema_type_eq(v[0]->ty, v[1]->ty)) {
      int k = same[0] ? 1 : same[1] ? 0 : -1; /* the only branch that assigned it */
      if (k >= 0) {
        gen_fail(g, site[k] ? site[k] : s,
                 "variable '%s' has type %s before the 'if' but is re-assigned to %s in its '%s' "
                 "branch (the type must not change under a runtime condition)",
                 names[i], sema_type_str(g->a, b->ty), sema_type_str(g->a, v[k]->ty),
                 k ? "else" : "if");
      }
      diag_error(g->d, s->loc,
                 "variable '%s' has type %s in the 'if' branch but %s in the 'else' branch",
                 names[i], sema_type_str(g->a, v[0]->ty), sema_type_str(g->a, v[1]->ty));
      for (int k = 0; k < 2; k++)
        if (site[k])
          diag_note(g->d, site[k]->loc, "'%s' assigned here", names[i]);
      longjmp(g->fail, 1);
    }
    if (b && is_runtime(b) && !sema_type_eq(b->ty, v[0]->ty))
      gen_fail(g, site[0] ? site[0] : s,
               "variable '%s' has type %s before the 'if' but is re-assigned to %s in it",
               names[i], sema_type_str(g->a, b->ty), sema_type_str(g->a, v[0]->ty));
    rtmpl[nrn] = NULL;
    rn[nrn++] = names[i];
    yv[0][nres] = v[0]->v;
    yv[1][nres] = v[1]->v;
    types[nres] = gen_mlir_type(g, v[0]->ty);
    ktypes[nres] = v[0]->ty;
    nres++;
  }
  /* returned values */
  int nret = 0;
  Value rv = {0};
  if (rets[0] || rets[1]) {
    if (!(rets[0] && rets[1]))
      gen_fail(g, s, "a function that returns inside a runtime 'if' must return on every path");
    Value a = retv[0], b2 = retv[1];
    int cnt = a.kind == V_TUPLE ? a.n : (a.kind == V_NONE ? 0 : 1);
    int cnt2 = b2.kind == V_TUPLE ? b2.n : (b2.kind == V_NONE ? 0 : 1);
    if (cnt != cnt2)
      gen_fail(g, s, "the branches of a runtime 'if' return different numbers of values");
    rv = a;
    for (int i = 0; i < cnt; i++) {
      Value x = a.kind == V_TUPLE ? a.items[i] : a, y = b2.kind == V_TUPLE ? b2.items[i] : b2;
      if (!is_runtime(&x) || !is_runtime(&y)) {
        /* constexpr return values: materialize in each branch */
        MlirBlock ob = g->block;
        if (!is_runtime(&x)) {
          g->block = blocks[0];
          x = gen_to_tensor(g, s, &x);
        }
        if (!is_runtime(&y)) {
          g->block = blocks[1];
          y = gen_to_tensor(g, s, &y);
        }
        g->block = ob;
      }
      if (!sema_type_eq(x.ty, y.ty))
        gen_fail(g, s, "the branches of a runtime 'if' return values of types %s and %s",
                 sema_type_str(g->a, x.ty), sema_type_str(g->a, y.ty));
      yv[0][nres + i] = x.v;
      yv[1][nres + i] = y.v;
      types[nres + i] = gen_mlir_type(g, x.ty);
      ktypes[nres + i] = x.ty;
    }
    nret = cnt;
  }
  for (int k = 0; k < 2; k++) {
    g->block = blocks[k];
    gen_yield(g, "scf.yield", nres + nret, yv[k]);
  }
  g->block = outer;
  g->env = before;
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.if"), kir_loc(g->ctx, s->loc));
  mlirOperationStateAddOperands(&st, 1, &cond);
  if (nres + nret)
    mlirOperationStateAddResults(&st, nres + nret, types);
  MlirRegion regs[2] = {region_of(g, blocks[0]), region_of(g, blocks[1])};
  mlirOperationStateAddOwnedRegions(&st, 2, regs);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(g->block, op);
  g->assign_site = s;
  MlirValue *res = arena_alloc(g->a, sizeof(MlirValue) * (nres + 1));
  for (int i = 0; i < nres; i++)
    res[i] = mlirOperationGetResult(op, i);
  for (int i = 0, k = 0; i < nrn; i++)
    gen_bind(g, rn[i], rtmpl[i] ? relink(g, rtmpl[i], res, &k)
                                : (k++, gen_tensor(res[k - 1], ktypes[k - 1])));
  g->assign_site = NULL;
  if (nret || rets[0]) {
    g->returned = true;
    if (rv.kind == V_TUPLE) {
      Value t = {.kind = V_TUPLE, .n = nret};
      t.items = arena_alloc(g->a, sizeof(Value) * (nret + 1));
      for (int i = 0; i < nret; i++)
        t.items[i] = gen_tensor(mlirOperationGetResult(op, nres + i), ktypes[nres + i]);
      g->ret = t;
    } else if (nret == 1) {
      g->ret = gen_tensor(mlirOperationGetResult(op, nres), ktypes[nres]);
    } else {
      g->ret = (Value){.kind = V_NONE};
    }
  }
  return ret;
}

/* Converts a loop bound to the loop's integer type. */
static MlirValue bound_as(Gen *g, const Node *n, Value v, const DType *dt) {
  if (v.kind == V_TENSOR) {
    if (v.ty.rank != 0 || !sema_is_int(v.ty.dt))
      gen_fail(g, n, "loop bounds must be scalar integers, got %s", gen_value_desc(g, &v));
    return gen_cast(g, n, v, dt, false).v;
  }
  if (v.kind != V_INT && v.kind != V_BOOL)
    gen_fail(g, n, "loop bounds must be integers, got %s", gen_value_desc(g, &v));
  return gen_constant(g, sema_scalar(dt), 0, v.i).v;
}

static const DType *bound_dtype(Gen *g, const Node *n, const Value *v) {
  if (v->kind == V_TENSOR)
    return v->ty.dt;
  if (v->kind == V_INT && (v->i < INT32_MIN || v->i > INT32_MAX))
    return sema_dtype(DT_I64);
  return sema_dtype(DT_I32);
}

/* Loop-carried variables: names assigned in `body` that hold runtime values before the loop. */
static int carried_names(Gen *g, const NodeList *body, const Node *target, const char ***out) {
  const char **names = NULL;
  int n = 0, cap = 0;
  assigned_names(g, body, &names, &n, &cap);
  const char **res = arena_alloc(g->a, sizeof(char *) * (n + 1));
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (target && target->kind == N_NAME && strcmp(target->name, names[i]) == 0)
      continue;
    Value *v = gen_lookup(g, names[i]);
    if (v && has_runtime(v))
      res[k++] = names[i];
  }
  *out = res;
  return k;
}

/* Reports a loop-carried type change at the assignment that made it (or the loop), with a note
 * at the loop. */
static _Noreturn void carried_fail(Gen *g, const Node *loop, const char *name, const char *from,
                                   const char *to) {
  const Node *site = gen_binding_site(g, name);
  if (site && site != loop) {
    diag_error(g->d, site->loc,
               "loop-carried variable '%s' has initial type %s but is re-assigned to %s in the loop",
               name, from, to);
    diag_note(g->d, loop->loc, "the loop starts here; a loop-carried variable must keep its type");
    longjmp(g->fail, 1);
  }
  gen_fail(g, loop, "loop-carried variable '%s' has initial type %s but is re-assigned to %s in the loop",
           name, from, to);
}

/* The loop-carried variables of a loop, flattened: nl runtime leaves (vals, types) in the order
 * of names (a plain tensor is one leaf; a tuple or block pointer its runtime leaves). */
typedef struct Carried {
  int nc, nl, nfixed;
  const char **names, **fixed; /* fixed: assigned in the loop, constexpr before it */
  Value *init, *fixed_init;
  MlirValue *vals;
  Type *types;
  MlirType *mtypes;
} Carried;

static Carried carried_collect(Gen *g, const NodeList *body, const Node *target) {
  Carried c = {0};
  c.nc = carried_names(g, body, target, &c.names);
  const char **all = NULL;
  int na = 0, cap = 0;
  assigned_names(g, body, &all, &na, &cap);
  c.fixed = arena_alloc(g->a, sizeof(char *) * (na + 1));
  c.fixed_init = arena_alloc(g->a, sizeof(Value) * (na + 1));
  for (int i = 0; i < na; i++) {
    Value *v = gen_lookup(g, all[i]);
    if (v && !has_runtime(v) && !(target && target->kind == N_NAME && !strcmp(target->name, all[i]))) {
      c.fixed[c.nfixed] = all[i];
      c.fixed_init[c.nfixed++] = *v;
    }
  }
  c.init = arena_alloc(g->a, sizeof(Value) * (c.nc + 1));
  for (int i = 0; i < c.nc; i++) {
    c.init[i] = *gen_lookup(g, c.names[i]);
    c.nl = leaves(&c.init[i], NULL, c.nl);
  }
  const Value **lv = arena_alloc(g->a, sizeof(Value *) * (c.nl + 1));
  for (int i = 0, k = 0; i < c.nc; i++)
    k = leaves(&c.init[i], lv, k);
  c.vals = arena_alloc(g->a, sizeof(MlirValue) * (c.nl + 1));
  c.types = arena_alloc(g->a, sizeof(Type) * (c.nl + 1));
  c.mtypes = arena_alloc(g->a, sizeof(MlirType) * (c.nl + 1));
  for (int i = 0; i < c.nl; i++) {
    c.vals[i] = lv[i]->v;
    c.types[i] = lv[i]->ty;
    c.mtypes[i] = gen_mlir_type(g, lv[i]->ty);
  }
  return c;
}

/* Binds the carried names to the values vals[0..nl) (block arguments or loop results). */
static void carried_bind(Gen *g, const Carried *c, const MlirValue *vals) {
  for (int i = 0, k = 0; i < c->nc; i++)
    gen_bind(g, c->names[i], relink(g, &c->init[i], vals, &k));
}

static void check_carried(Gen *g, const Node *s, const Carried *c, MlirValue *out) {
  for (int i = 0, k = 0; i < c->nc; i++) {
    Value *v = gen_lookup(g, c->names[i]);
    const Value *init = &c->init[i];
    if (is_struct(init)) {
      if (!v || !same_shape(v, init))
        carried_fail(g, s, c->names[i], gen_value_desc(g, init),
                     v ? arena_printf(g->a, "a different %s", gen_value_desc(g, v)) : "nothing");
      const Value **lv = arena_alloc(g->a, sizeof(Value *) * (c->nl + 1));
      int n = leaves(v, lv, 0);
      for (int j = 0; j < n; j++)
        out[k++] = lv[j]->v;
      continue;
    }
    Type ty = init->ty;
    if (!v || !is_runtime(v)) {
      Value tmp = v ? *v : (Value){.kind = V_NONE};
      if (v && gen_is_const(v)) {
        tmp = gen_to_tensor(g, s, v);
        if (sema_type_eq(tmp.ty, ty)) {
          out[k++] = tmp.v;
          continue;
        }
      }
      carried_fail(g, s, c->names[i], sema_type_str(g->a, ty), gen_value_desc(g, &tmp));
    }
    if (!sema_type_eq(v->ty, ty))
      carried_fail(g, s, c->names[i], sema_type_str(g->a, ty), sema_type_str(g->a, v->ty));
    out[k++] = v->v;
  }
}

/* The body of a for/while loop into `body`, whose arguments from `first` on are the carried
 * leaves: generates the statements, checks the carried types and yields. */
static void gen_loop_body(Gen *g, const Node *s, MlirBlock body, int first, const Carried *c) {
  MlirValue *args = arena_alloc(g->a, sizeof(MlirValue) * (c->nl + 1));
  for (int i = 0; i < c->nl; i++)
    args[i] = mlirBlockGetArgument(body, first + i);
  carried_bind(g, c, args);
  bool saved_loop = g->in_loop;
  g->in_loop = true;
  gen_stmts(g, &s->body, 0);
  g->in_loop = saved_loop;
  if (g->returned)
    gen_fail(g, s, "return inside a loop is not supported");
  for (int i = 0; i < c->nfixed; i++) { /* a constexpr cannot change from one iteration to the next */
    Value *v = gen_lookup(g, c->fixed[i]);
    if (v && !same_value(v, &c->fixed_init[i])) {
      const Node *site = gen_binding_site(g, c->fixed[i]);
      diag_error(g->d, (site ? site : s)->loc,
                 "variable '%s' is a %s before this runtime loop and changes in it: constexpr "
                 "values cannot change from one iteration to the next (start it from runtime "
                 "values)", c->fixed[i], gen_value_desc(g, &c->fixed_init[i]));
      if (site && site != s)
        diag_note(g->d, s->loc, "the loop starts here");
      longjmp(g->fail, 1);
    }
  }
  MlirValue *yv = arena_alloc(g->a, sizeof(MlirValue) * (c->nl + 1));
  check_carried(g, s, c, yv);
  gen_yield(g, "scf.yield", c->nl, yv);
}

/* Binds the carried names to the results of the loop op. */
static void carried_results(Gen *g, const Carried *c, MlirOperation op) {
  MlirValue *res = arena_alloc(g->a, sizeof(MlirValue) * (c->nl + 1));
  for (int i = 0; i < c->nl; i++)
    res[i] = mlirOperationGetResult(op, i);
  carried_bind(g, c, res);
}

static void gen_for(Gen *g, const Node *s) {
  const Node *it = s->b;
  if (it->kind != N_CALL)
    gen_fail(g, it, "for loops must iterate over range(), tl.range() or tl.static_range()");
  Value callee = gen_expr(g, it->a);
  const char *kind = callee.kind == V_BUILTIN ? callee.s : "";
  bool is_static = strcmp(kind, "tl.static_range") == 0 || g->const_eval;
  if (!is_static && strcmp(kind, "py.range") != 0 && strcmp(kind, "tl.range") != 0)
    gen_fail(g, it, "for loops must iterate over range(), tl.range() or tl.static_range()");
  if (s->orelse.len)
    gen_fail(g, s, "for ... else is not supported");
  Value a[3];
  int na = it->list.len;
  if (na < 1 || na > 3)
    gen_fail(g, it, "range expects 1 to 3 arguments, got %d", na);
  for (int i = 0; i < na; i++)
    a[i] = gen_expr(g, it->list.items[i]);
  Value lo = na == 1 ? gen_const_int(0) : a[0], hi = na == 1 ? a[0] : a[1];
  Value step = na == 3 ? a[2] : gen_const_int(1);
  for (int i = 0; i < it->kws.len; i++) {
    const Node *kw = it->kws.items[i];
    if (strcmp(kw->name, "step") == 0)
      step = gen_expr(g, kw->a);
    /* num_stages, loop_unroll_factor, flatten, warp_specialize, ...: scheduling hints */
  }
  if (is_static) {
    if (lo.kind != V_INT || hi.kind != V_INT || step.kind != V_INT)
      gen_fail(g, it, g->const_eval ? "loop bounds in a constexpr function must be constexpr integers"
                                    : "tl.static_range bounds must be constexpr integers");
    if (step.i == 0)
      gen_fail(g, it, "range step must not be zero");
    int64_t count = 0;
    for (int64_t i = lo.i; step.i > 0 ? i < hi.i : i > hi.i; i += step.i) {
      if (g->const_eval) {
        if (++g->const_iters > GEN_MAX_CONST_ITERS)
          gen_fail(g, it, "loops in constexpr functions ran more than %d iterations",
                   GEN_MAX_CONST_ITERS);
      } else {
        if (++count > GEN_MAX_UNROLL)
          gen_fail(g, it, "tl.static_range unrolls more than %d iterations", GEN_MAX_UNROLL);
        if (++g->unrolled > GEN_MAX_UNROLL_TOTAL)
          gen_fail(g, it,
                   "tl.static_range loops unroll more than %d iterations in total "
                   "(nested loops multiply)",
                   GEN_MAX_UNROLL_TOTAL);
      }
      assign_target(g, s->a, gen_const_int(i), true);
      gen_stmts(g, &s->body, 0);
      if (g->returned)
        gen_fail(g, s, "return inside a loop is not supported");
    }
    return;
  }
  if (step.kind == V_INT && step.i == 0)
    gen_fail(g, it, "range step must not be zero");
  /* A constexpr negative step runs k over [0, count) with i = start + k * step (scf.for needs a
   * positive step); otherwise i is the loop's own induction variable. */
  bool reversed = step.kind == V_INT && step.i < 0;
  Value rstart = lo, rstep = step;
  if (reversed) {
    /* count = ceil((start - stop) / -step); at run time a non-positive count runs no iteration */
    Value neg = gen_const_int(-step.i);
    if (lo.kind == V_INT && hi.kind == V_INT) {
      hi = gen_const_int(lo.i > hi.i ? (lo.i - hi.i + neg.i - 1) / neg.i : 0);
    } else {
      Value span = gen_binary(g, it, "-", lo, hi);
      hi = gen_binary(g, it, "//", gen_binary(g, it, "+", span, gen_const_int(neg.i - 1)), neg);
    }
    lo = gen_const_int(0);
    step = gen_const_int(1);
  }
  const DType *dt = sema_int_promote(sema_int_promote(bound_dtype(g, it, &lo), bound_dtype(g, it, &hi)),
                                     bound_dtype(g, it, &step));
  if (dt->kind == DT_I1 || sema_bits(dt) < 32)
    dt = sema_dtype(DT_I32);
  g->loc = kir_loc(g->ctx, s->loc);
  MlirValue lb = bound_as(g, it, lo, dt), ub = bound_as(g, it, hi, dt), sv = bound_as(g, it, step, dt);
  Carried c = carried_collect(g, &s->body, s->a);
  int nc = c.nl;
  MlirValue *ops = arena_alloc(g->a, sizeof(MlirValue) * (nc + 3));
  MlirType *bt = arena_alloc(g->a, sizeof(MlirType) * (nc + 2));
  ops[0] = lb, ops[1] = ub, ops[2] = sv;
  bt[0] = gen_mlir_dtype(g, dt);
  for (int i = 0; i < nc; i++) {
    ops[3 + i] = c.vals[i];
    bt[1 + i] = c.mtypes[i];
  }
  Env before = env_copy(g);
  MlirBlock body = gen_region_block(g, nc + 1, bt, g->loc);
  MlirBlock outer = g->block;
  g->block = body;
  Value iv = gen_tensor(mlirBlockGetArgument(body, 0), sema_scalar(dt));
  if (reversed)
    iv = gen_binary(g, s, "+", rstart, gen_binary(g, s, "*", iv, rstep));
  assign_target(g, s->a, iv, false);
  gen_loop_body(g, s, body, 1, &c);
  g->block = outer;
  g->env = before;
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.for"), kir_loc(g->ctx, s->loc));
  mlirOperationStateAddOperands(&st, nc + 3, ops);
  if (nc)
    mlirOperationStateAddResults(&st, nc, bt + 1);
  MlirRegion r = region_of(g, body);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(g->block, op);
  carried_results(g, &c, op);
}

static void gen_while(Gen *g, const Node *s) {
  if (s->orelse.len)
    gen_fail(g, s, "while ... else is not supported");
  if (g->const_eval) { /* a constexpr function: run the loop now */
    for (;;) {
      Value c = gen_expr(g, s->a);
      if (is_runtime(&c))
        gen_fail(g, s->a, "a while condition in a constexpr function must be a constexpr");
      if (!gen_truthy(g, s->a, &c) || g->returned)
        return;
      if (++g->const_iters > GEN_MAX_CONST_ITERS)
        gen_fail(g, s, "loops in constexpr functions ran more than %d iterations",
                 GEN_MAX_CONST_ITERS);
      gen_stmts(g, &s->body, 0);
      if (g->returned)
        return;
    }
  }
  g->loc = kir_loc(g->ctx, s->loc);
  Carried cr = carried_collect(g, &s->body, NULL);
  int nc = cr.nl;
  MlirValue *init = cr.vals;
  MlirType *mty = cr.mtypes;
  Env before = env_copy(g);
  MlirBlock outer = g->block;
  /* before region: the condition */
  MlirBlock cb = gen_region_block(g, nc, mty, g->loc);
  g->block = cb;
  MlirValue *cargs = arena_alloc(g->a, sizeof(MlirValue) * (nc + 1));
  for (int i = 0; i < nc; i++)
    cargs[i] = mlirBlockGetArgument(cb, i);
  carried_bind(g, &cr, cargs);
  Value c = gen_expr(g, s->a);
  if (!is_runtime(&c)) {
    if (gen_truthy(g, s->a, &c))
      gen_fail(g, s->a, "while loop condition is a constant true: the loop would never end");
    gen_block_drop(g, cb);
    g->block = outer;
    g->env = before;
    return;
  }
  MlirValue cv = gen_scalar_cond(g, s->a, c);
  MlirValue *cops = arena_alloc(g->a, sizeof(MlirValue) * (nc + 1));
  cops[0] = cv;
  for (int i = 0; i < nc; i++)
    cops[i + 1] = mlirBlockGetArgument(cb, i);
  gen_op(g, "scf.condition", nc + 1, cops, 0, NULL, 0, NULL);
  /* after region: the body */
  g->env = env_copy_from(g, &before);
  MlirBlock bb = gen_region_block(g, nc, mty, g->loc);
  g->block = bb;
  gen_loop_body(g, s, bb, 0, &cr);
  g->block = outer;
  g->env = before;
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.while"), kir_loc(g->ctx, s->loc));
  mlirOperationStateAddOperands(&st, nc, init);
  if (nc)
    mlirOperationStateAddResults(&st, nc, mty);
  MlirRegion r[2] = {region_of(g, cb), region_of(g, bb)};
  mlirOperationStateAddOwnedRegions(&st, 2, r);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(g->block, op);
  carried_results(g, &cr, op);
}

static void gen_stmt_assign(Gen *g, const Node *s) {
  Value v = gen_expr(g, s->b);
  g->assign_site = s;
  for (int i = 0; i < s->list.len; i++)
    assign_target(g, s->list.items[i], v, false);
  g->assign_site = NULL;
}

static void gen_stmt_list(Gen *g, const NodeList *l, int from);

static void gen_stmts(Gen *g, const NodeList *l, int from) {
  if (from >= l->len) return;
  nest_enter(g, l->items[from]);
  gen_stmt_list(g, l, from);
  g->nest--;
}

static void gen_stmt_list(Gen *g, const NodeList *l, int from) {
  for (int i = from; i < l->len && !g->returned; i++) {
    const Node *s = l->items[i];
    g->loc = kir_loc(g->ctx, s->loc);
    g->node = s;
    switch (s->kind) {
    case N_EXPR_STMT:
      if (s->a->kind != N_STRING) /* docstrings */
        gen_expr(g, s->a);
      break;
    case N_ASSIGN:
      gen_stmt_assign(g, s);
      break;
    case N_ANNASSIGN:
      if (s->b) {
        Value v = gen_expr(g, s->b);
        g->assign_site = s;
        assign_target(g, s->a, v, is_constexpr_annotation(g, s->c));
        g->assign_site = NULL;
      }
      break;
    case N_AUGASSIGN: {
      if (s->a->kind != N_NAME)
        gen_fail(g, s->a, "augmented assignment is only supported on names");
      Value cur = gen_expr(g, s->a), rhs = gen_expr(g, s->b);
      g->loc = kir_loc(g->ctx, s->loc);
      Value r = gen_binary(g, s, s->op, cur, rhs);
      /* Python rebinds (the type may change); type changes surface at loop/if merges. */
      g->assign_site = s;
      assign_target(g, s->a, r, cur.kind != V_TENSOR && !gen_is_const(&cur));
      g->assign_site = NULL;
      break;
    }
    case N_IF:
      if (gen_if(g, s, l, i + 1))
        return;
      break;
    case N_FOR: gen_for(g, s); break;
    case N_WHILE: gen_while(g, s); break;
    case N_RETURN:
      g->ret = s->a ? gen_expr(g, s->a) : (Value){.kind = V_NONE};
      g->ret_node = s;
      g->returned = true;
      break;
    case N_PASS: break;
    case N_ASSERT: {
      Value c = gen_expr(g, s->a);
      if (!is_runtime(&c)) {
        if (!gen_truthy(g, s->a, &c))
          gen_fail(g, s, "assertion failed at compile time");
        break;
      }
      if (g->debug) {
        Value b = gen_cast(g, s, c, sema_dtype(DT_I1), false);
        const char *msg = "assertion failed";
        if (s->b) {
          Value m = gen_expr(g, s->b);
          if (m.kind == V_STR)
            msg = m.s;
        }
        MlirNamedAttribute at = kir_attr(
            g->ctx, "msg",
            mlirStringAttrGet(g->ctx, kir_str(arena_printf(g->a, "%s:%d: %s", g->file->name,
                                                           s->loc.line + g->file->line_offset, msg))));
        gen_op(g, "kir.assert", 1, &b.v, 0, NULL, 1, &at);
      }
      break;
    }
    case N_BREAK: gen_fail(g, s, "'break' is not supported in kernels");
    case N_CONTINUE: gen_fail(g, s, "'continue' is not supported in kernels");
    case N_RAISE: gen_fail(g, s, "'raise' is only allowed in branches removed at compile time");
    case N_GLOBAL: gen_fail(g, s, "'global' is not supported in kernels");
    case N_DEL: gen_fail(g, s, "'del' is not supported in kernels");
    case N_IMPORT: gen_fail(g, s, "'import' is not supported inside kernels");
    case N_FUNCTION: gen_fail(g, s, "nested functions are not supported in kernels");
    case N_CLASS: gen_fail(g, s, "classes are not supported in kernels");
    default: gen_fail(g, s, "unsupported statement (%s)", ast_kind_name(s->kind));
    }
  }
}

/* ---- calls to jit functions ------------------------------------------------------------------ */
static Value inline_call(Gen *g, const Node *call, const Node *fn, Value *args, int nargs,
                         const char **kwnames, Value *kwargs, int nkw);

/* A `@tl.constexpr` / `@triton.constexpr_function` helper (FlagGems' get_scan_accum_type): Python
 * run at compile time on constexpr arguments. Its body is interpreted like an inlined jit
 * function, into a scratch block that must stay empty: any runtime value or op is an error. */
static Value call_constexpr_function(Gen *g, const Node *call, const Node *fn, Value *args,
                                     int nargs, const char **kwnames, Value *kwargs, int nkw) {
  for (int i = 0; i < nargs + nkw; i++) {
    const Value *v = i < nargs ? &args[i] : &kwargs[i - nargs];
    if (has_runtime(v))
      gen_fail(g, call, "constexpr function '%s' called with a runtime value (%s): its arguments "
               "must be constexprs", fn->name, gen_value_desc(g, v));
  }
  MlirBlock saved = g->block, scratch = gen_block_new(g, 0, NULL, NULL);
  bool ce = g->const_eval;
  g->block = scratch;
  g->const_eval = true;
  Value r = inline_call(g, call, fn, args, nargs, kwnames, kwargs, nkw);
  g->const_eval = ce;
  g->block = saved;
  bool empty = mlirOperationIsNull(mlirBlockGetFirstOperation(scratch));
  gen_block_drop(g, scratch);
  if (!empty || has_runtime(&r))
    gen_fail(g, call, "constexpr function '%s' produced runtime code: it may only compute on "
             "constexprs (numbers, strings, dtypes, tuples)", fn->name);
  return r;
}

Value gen_call_function(Gen *g, const Node *call, const Node *fn, Value *args, int nargs,
                        const char **kwnames, Value *kwargs, int nkw) {
  if (is_constexpr_function(fn) && !is_jit_function(g->module, fn))
    return call_constexpr_function(g, call, fn, args, nargs, kwnames, kwargs, nkw);
  return inline_call(g, call, fn, args, nargs, kwnames, kwargs, nkw);
}

/* Inlines a call of function fn: its parameters bound to the arguments in a fresh environment. */
static Value inline_call(Gen *g, const Node *call, const Node *fn, Value *args, int nargs,
                         const char **kwnames, Value *kwargs, int nkw) {
  if (g->depth >= GEN_MAX_INLINE_DEPTH)
    gen_fail(g, call, "calls nested too deeply (recursion through '%s'?)", fn->name);
  if (++g->inlined > GEN_MAX_INLINED_CALLS)
    gen_fail(g, call,
             "more than %d calls inlined into the kernel (helpers calling each other "
             "several times per level grow exponentially)",
             GEN_MAX_INLINED_CALLS);
  int np = fn->params.len;
  Value *vals = arena_alloc(g->a, sizeof(Value) * (np + 1));
  bool *set = arena_alloc(g->a, sizeof(bool) * (np + 1));
  if (nargs > np)
    gen_fail(g, call, "'%s' takes %d arguments but %d were given", fn->name, np, nargs);
  for (int i = 0; i < nargs; i++)
    vals[i] = args[i], set[i] = true;
  for (int k = 0; k < nkw; k++) {
    int j = -1;
    for (int i = 0; i < np; i++)
      if (strcmp(fn->params.items[i]->name, kwnames[k]) == 0)
        j = i;
    if (j < 0)
      gen_fail(g, call, "'%s' got an unexpected keyword argument '%s'", fn->name, kwnames[k]);
    if (set[j])
      gen_fail(g, call, "'%s' got multiple values for argument '%s'", fn->name, kwnames[k]);
    vals[j] = kwargs[k], set[j] = true;
  }
  GenScope scope;
  gen_env_enter(g, fn, &scope); /* a function from the environment resolves names in its own */
  Env saved = g->env;
  bool sret = g->returned, sloop = g->in_loop;
  Value sv = g->ret;
  MlirLocation sl = g->loc;
  g->env = (Env){0};
  for (int i = 0; i < np; i++) {
    const Node *p = fn->params.items[i];
    if (!set[i]) {
      if (!p->b)
        gen_fail(g, call, "'%s' missing required argument '%s'", fn->name, p->name);
      Env e = g->env;
      g->env = saved;
      vals[i] = gen_expr(g, p->b);
      g->env = e;
    }
    /* Triton does not enforce `tl.constexpr` on the parameters of called jit functions (its
     * tutorial 06 passes offset tensors to `offs_m: tl.constexpr`): the value passes through. */
    gen_bind(g, p->name, vals[i]);
  }
  g->depth++;
  g->returned = false;
  g->in_loop = false;
  g->ret = (Value){.kind = V_NONE};
  const NodeList *sbody = g->fn_body;
  g->fn_body = &fn->body;
  gen_stmts(g, &fn->body, 0);
  g->fn_body = sbody;
  Value r = g->returned ? g->ret : (Value){.kind = V_NONE};
  g->depth--;
  g->env = saved;
  g->returned = sret;
  g->in_loop = sloop;
  g->ret = sv;
  g->loc = sl;
  gen_env_leave(g, &scope);
  return r;
}

/* ---- kernels --------------------------------------------------------------------------------- */
/* The location of a function's name in its `def` line (a function node starts at its first
 * decorator). */
static Loc def_name_loc(Gen *g, const Node *fn) {
  const char *t = g->file->text;
  int line = 1;
  for (; *t && line < fn->loc.line; t++)
    if (*t == '\n')
      line++;
  for (int guard = 0; *t && guard < 64; guard++, line++) {
    const char *p = t;
    while (*p == ' ' || *p == '\t')
      p++;
    if (strncmp(p, "def ", 4) == 0) {
      p += 4;
      while (*p == ' ')
        p++;
      return (Loc){fn->loc.file, line, (int)(p - t) + 1};
    }
    while (*t && *t != '\n')
      t++;
    if (*t)
      t++;
  }
  return fn->loc;
}

static const char *name_list(Gen *g, const char **names, int n) {
  const char *r = "";
  for (int i = 0; i < n && i < 64; i++)
    r = arena_printf(g->a, "%s%s%s", r, i ? ", " : "", names[i]);
  return r;
}

/* Does a function body contain `return <value>` anywhere (device functions do)? */
static bool returns_value(const NodeList *l) {
  for (int i = 0; i < l->len; i++) {
    const Node *s = l->items[i];
    if (s->kind == N_RETURN && s->a && s->a->kind != N_NONE)
      return true;
    if ((s->kind == N_IF || s->kind == N_FOR || s->kind == N_WHILE) &&
        (returns_value(&s->body) || returns_value(&s->orelse)))
      return true;
  }
  return false;
}

static const Node *find_kernel(Gen *g, const char *name) {
  const char *names[64];
  int n = gen_list_kernels(g->module, names, 64);
  if (name) {
    for (int i = 0; i < g->module->body.len; i++) {
      const Node *s = g->module->body.items[i];
      if (s->kind == N_FUNCTION && strcmp(s->name, name) == 0) {
        /* a function's own source (an environment given) may come without its decorator */
        if (!g->has_env && !is_jit_function(g->module, s))
          gen_fail(g, s, "'%s' is not a @jit function", name);
        return s;
      }
    }
    gen_fail(g, NULL, "no kernel named '%s' in this file%s%s%s", name,
             n ? " (@jit functions: " : "", n ? name_list(g, names, n) : "", n ? ")" : "");
  }
  if (n == 0)
    gen_fail(g, NULL, "no @triton.jit kernel in this file");
  if (n > 1) {
    /* Several jit functions: the kernel is the one that returns no value (the others are
     * device functions), when that is unambiguous. */
    const char *pick = NULL;
    int nk = 0;
    for (int i = 0; i < n && i < 64; i++) {
      const Node *f = NULL;
      for (int j = 0; j < g->module->body.len && !f; j++) {
        const Node *s = g->module->body.items[j];
        if (s->kind == N_FUNCTION && strcmp(s->name, names[i]) == 0)
          f = s;
      }
      if (f && !returns_value(&f->body)) {
        pick = names[i];
        nk++;
      }
    }
    if (nk == 1)
      return find_kernel(g, pick);
    gen_fail(g, NULL, "this file has %d kernels (%s); choose one with -k NAME", n,
             name_list(g, names, n));
  }
  return find_kernel(g, names[0]);
}

/* Parses a -D value (a Python literal or a dtype such as tl.float16). */
/* Is `e` a Python literal a -D value may be: numbers (signed), strings, True/False/None, tuples
 * and lists of literals, dtypes written `tl.float16` / `triton.language.int32`, float('inf')? */
static bool is_define_literal(const Node *e) {
  switch (e->kind) {
  case N_INT: case N_FLOAT: case N_STRING: case N_BOOL: case N_NONE: return true;
  case N_UNARY: return (strcmp(e->op, "-") == 0 || strcmp(e->op, "+") == 0) && is_define_literal(e->a);
  case N_TUPLE: case N_LIST:
    for (int i = 0; i < e->list.len; i++)
      if (!is_define_literal(e->list.items[i]))
        return false;
    return true;
  case N_ATTR: {
    const Node *r = e->a;
    while (r->kind == N_ATTR)
      r = r->a;
    return r->kind == N_NAME && (strcmp(r->name, "tl") == 0 || strcmp(r->name, "triton") == 0);
  }
  case N_CALL:
    return e->a->kind == N_NAME && strcmp(e->a->name, "float") == 0 && e->list.len == 1 &&
           e->kws.len == 0 && e->list.items[0]->kind == N_STRING;
  default: return false;
  }
}

Value gen_literal(Gen *g, const Node *at, const char *what, const char *name, const char *text) {
  SourceFile *f = arena_alloc(g->a, sizeof *f);
  f->name = arena_printf(g->a, "<%s %s>", strcmp(what, "constexpr") == 0 ? "-D" : what, name);
  f->text = arena_printf(g->a, "%s\n", text);
  f->len = strlen(f->text);
  Diag tmp;
  diag_init(&tmp);
  Node *m = parse_module(g->a, &tmp, f);
  bool one = m && m->body.len == 1 && m->body.items[0]->kind == N_EXPR_STMT && tmp.errors == 0;
  bool ok = one && is_define_literal(m->body.items[0]->a);
  diag_free(&tmp);
  Value fn; /* a jit function passed as a constexpr: the ID of a "function" entry */
  if (one && m->body.items[0]->a->kind == N_NAME &&
      gen_env_function(g, at, m->body.items[0]->a->name, &fn))
    return fn;
  if (!ok)
    gen_fail(g, at, "invalid value for %s '%s': '%s' is not a Python literal", what, name, text);
  const Node *e = m->body.items[0]->a;
  /* allowed: literals, -literal, tuples of them, tl.<dtype>, strings, None */
  bool saved = g->in_define;
  g->in_define = true; /* `tl.float16` means the language even where the file says `language` */
  Value v = gen_expr(g, e);
  g->in_define = saved;
  if (v.kind == V_TENSOR || v.kind == V_FUNC || v.kind == V_METHOD ||
      (v.kind == V_BUILTIN && !strchr(v.s, '.')))
    gen_fail(g, at, "invalid value for %s '%s': '%s' is not a Python literal", what, name, text);
  return v;
}

static const DType *annotation_dtype(Gen *g, const Node *ann) {
  if (!ann || is_constexpr_annotation(g, ann))
    return NULL;
  Value v = gen_expr(g, ann);
  return v.kind == V_DTYPE ? v.dt : NULL;
}

/* The kernel's runtime arguments while its parameters are read: their MLIR types, attribute
 * dictionaries and kir types, in order. */
typedef struct KernelArgs {
  MlirType *types;
  MlirAttribute *attrs;
  Type *ktypes;
  int n;
} KernelArgs;

/* A runtime argument named `name` (a parameter, or a tuple part "t.0") of signature type `sig`
 * (NULL: the annotation's dtype). Returns its index. */
static int kernel_arg(Gen *g, KernelArgs *ka, GenKernel *out, const Node *p, const char *name,
                      const char *sig, int divisibility) {
  const DType *dt = NULL;
  if (sig) {
    dt = sema_dtype_parse(g->a, sig);
    if (!dt || dt->kind == DT_VOID)
      gen_fail(g, p, "invalid signature type '%s' for parameter '%s'", sig, name);
    const DType *ann = name == p->name ? annotation_dtype(g, p->c) : NULL;
    if (ann && !sema_dtype_eq(ann, dt))
      gen_fail(g, p, "parameter '%s' is annotated %s but the signature says %s", name,
               sema_dtype_name(ann), sig);
  } else {
    dt = annotation_dtype(g, p->c);
    if (!dt)
      gen_fail(g, p, "missing signature entry for parameter '%s' (give it with --signature %s=TYPE)",
               name, name);
  }
  MlirContext ctx = g->ctx;
  ka->ktypes[ka->n] = sema_scalar(dt);
  ka->types[ka->n] = gen_mlir_dtype(g, dt);
  const char *sigs = sema_dtype_sig(g->a, dt);
  int64_t div = divisibility;
  MlirNamedAttribute na[3] = {
      kir_attr(ctx, "kcc.name", mlirStringAttrGet(ctx, kir_str(name))),
      kir_attr(ctx, "kcc.type", mlirStringAttrGet(ctx, kir_str(sigs))),
      kir_attr(ctx, "kcc.divisibility", mlirDenseI64ArrayGet(ctx, 1, &div)),
  };
  ka->attrs[ka->n] = mlirDictionaryAttrGet(ctx, div ? 3 : 2, na);
  out->params[out->nparams++] = (GenParam){name, sigs, divisibility};
  return ka->n++;
}

static bool has_entry(const GenParam *e, int n, const char *name, const GenParam **found) {
  for (int j = 0; j < n; j++)
    if (strcmp(e[j].name, name) == 0) {
      if (found) *found = &e[j];
      return true;
    }
  return false;
}

static bool has_prefix(const GenParam *e, int n, const char *prefix) {
  size_t l = strlen(prefix);
  for (int j = 0; j < n; j++)
    if (strncmp(e[j].name, prefix, l) == 0 && e[j].name[l] == '.') return true;
  return false;
}

/* A tuple parameter given part by part: "t.0" (--signature or -D), "t.1", nested "t.2.0"... The
 * parts must be numbered from 0 without gaps. Runtime parts become kernel arguments in that
 * order; their slots hold V_TENSOR values with .i = the argument index until the entry block
 * exists (tuple_bind). */
static Value tuple_param(Gen *g, const GenRequest *req, KernelArgs *ka, GenKernel *out,
                         const Node *p, const char *prefix, int depth) {
  if (depth > GEN_MAX_VALUE_NEST) gen_fail(g, p, "tuple parameter '%s' nested too deeply", p->name);
  Value t = {.kind = V_TUPLE};
  int cap = 4;
  t.items = arena_alloc(g->a, sizeof(Value) * cap);
  for (int i = 0;; i++) {
    const char *nm = arena_printf(g->a, "%s.%d", prefix, i);
    const GenParam *sig = NULL, *def = NULL;
    bool is_sig = has_entry(req->sig, req->nsig, nm, &sig);
    bool is_def = has_entry(req->defs, req->ndefs, nm, &def);
    bool nested = has_prefix(req->sig, req->nsig, nm) || has_prefix(req->defs, req->ndefs, nm);
    if (!is_sig && !is_def && !nested) break;
    if (t.n == cap) {
      Value *grown = arena_alloc(g->a, sizeof(Value) * cap * 2);
      memcpy(grown, t.items, sizeof(Value) * cap);
      t.items = grown, cap *= 2;
    }
    if (is_def) {
      t.items[t.n++] = gen_literal(g, p, "constexpr", nm, def->type);
    } else if (is_sig) {
      int idx = kernel_arg(g, ka, out, p, nm, sig->type, sig->divisibility);
      t.items[t.n++] = (Value){.kind = V_TENSOR, .i = idx, .ty = ka->ktypes[idx]};
    } else {
      t.items[t.n++] = tuple_param(g, req, ka, out, p, nm, depth + 1);
    }
  }
  gen_tuple_nest(g, p, &t);
  return t;
}

/* The tuple of tuple_param with its runtime slots bound to the entry block's arguments. */
static Value tuple_bind(Gen *g, Value t, MlirBlock entry) {
  Value r = t;
  r.items = arena_alloc(g->a, sizeof(Value) * (t.n + 1));
  for (int i = 0; i < t.n; i++) {
    Value v = t.items[i];
    if (v.kind == V_TENSOR)
      v = gen_tensor(mlirBlockGetArgument(entry, v.i), v.ty);
    else if (v.kind == V_TUPLE)
      v = tuple_bind(g, v, entry);
    r.items[i] = v;
  }
  return r;
}

MlirModule gen_kernel(MlirContext ctx, Arena *a, Diag *d, const Node *module, const GenRequest *req,
                      GenKernel *out) {
  Gen gs = {.ctx = ctx, .a = a, .d = d, .module = module, .debug = req->debug};
  Gen *g = &gs;
  g->file = module->loc.file;
  MlirModule mod = mlirModuleCreateEmpty(mlirLocationUnknownGet(ctx));
  if (setjmp(g->fail)) {
    while (g->ndetached > 0) /* innermost first: its ops use values of the outer blocks */
      mlirBlockDestroy(g->detached[--g->ndetached]);
    mlirModuleDestroy(mod);
    return (MlirModule){NULL};
  }
  gen_env_init(g, req);
  const Node *k = find_kernel(g, req->kernel);
  g->loc = kir_loc(ctx, k->loc);
  Node kdef = {.kind = N_FUNCTION, .loc = def_name_loc(g, k)};
  int np = k->params.len;
  /* unknown names in the signature or defines */
  for (int i = 0; i < req->nsig + req->ndefs; i++) {
    const char *nm = i < req->nsig ? req->sig[i].name : req->defs[i - req->nsig].name;
    bool found = gen_env_is_entry(nm);
    for (int j = 0; j < np; j++) {
      const char *pn = k->params.items[j]->name;
      size_t l = strlen(pn);
      found |= strcmp(pn, nm) == 0 || (strncmp(pn, nm, l) == 0 && nm[l] == '.'); /* tuple part */
    }
    if (!found)
      gen_fail(g, &kdef, "kernel '%s' has no parameter named '%s' (given in %s)", k->name, nm,
               i < req->nsig ? "--signature" : "-D");
  }
  int cap = np + req->nsig + 1; /* tuple parameters add one argument per runtime part */
  KernelArgs ka = {.types = arena_alloc(a, sizeof(MlirType) * cap),
                   .attrs = arena_alloc(a, sizeof(MlirAttribute) * cap),
                   .ktypes = arena_alloc(a, sizeof(Type) * cap)};
  Value *cvals = arena_alloc(a, sizeof(Value) * (np + 1));
  int *argidx = arena_alloc(a, sizeof(int) * (np + 1));
  out->params = arena_alloc(a, sizeof(GenParam) * cap);
  out->nparams = 0;
  out->name = k->name;
  for (int i = 0; i < np; i++) {
    const Node *p = k->params.items[i];
    if (p->ival)
      gen_fail(g, p, "*args and **kwargs are not supported in kernels");
    argidx[i] = -1;
    const GenParam *def = NULL, *sig = NULL;
    has_entry(req->defs, req->ndefs, p->name, &def);
    has_entry(req->sig, req->nsig, p->name, &sig);
    bool is_ce = is_constexpr_annotation(g, p->c);
    if (def) {
      cvals[i] = gen_literal(g, p, "constexpr", p->name, def->type);
      continue;
    }
    if (!sig && (has_prefix(req->sig, req->nsig, p->name) ||
                 has_prefix(req->defs, req->ndefs, p->name))) {
      cvals[i] = tuple_param(g, req, &ka, out, p, p->name, 0);
      continue;
    }
    if (is_ce) {
      if (!p->b)
        gen_fail(g, p, "missing value for constexpr parameter '%s' (give it with -D %s=VALUE)",
                 p->name, p->name);
      cvals[i] = gen_expr(g, p->b);
      continue;
    }
    argidx[i] = kernel_arg(g, &ka, out, p, p->name, sig ? sig->type : NULL,
                           sig ? sig->divisibility : 0);
  }
  MlirBlock entry = gen_region_block(g, ka.n, ka.types, kir_loc(ctx, k->loc));
  g->block = entry;
  g->kernel_entry = entry; /* hints on kernel arguments land in argattrs (gen_builtins.c) */
  g->arg_attrs = ka.attrs;
  for (int i = 0; i < np; i++) {
    const Node *p = k->params.items[i];
    if (argidx[i] >= 0)
      gen_bind(g, p->name, gen_tensor(mlirBlockGetArgument(entry, argidx[i]), ka.ktypes[argidx[i]]));
    else
      gen_bind(g, p->name, cvals[i].kind == V_TUPLE ? tuple_bind(g, cvals[i], entry) : cvals[i]);
  }
  g->fn_body = &k->body;
  gen_stmts(g, &k->body, 0);
  if (g->returned && g->ret.kind != V_NONE)
    gen_fail(g, g->ret_node ? g->ret_node : k, "a kernel must not return a value");
  g->loc = kir_loc(ctx, k->loc);
  gen_op(g, "func.return", 0, NULL, 0, NULL, 0, NULL);
  /* func.func @name(args) attributes {kcc.kernel}, built after the body: hints add arg_attrs */
  MlirType fty = mlirFunctionTypeGet(ctx, ka.n, ka.types, 0, NULL);
  MlirNamedAttribute fattrs[4] = {
      kir_attr(ctx, "sym_name", mlirStringAttrGet(ctx, kir_str(k->name))),
      kir_attr(ctx, "function_type", mlirTypeAttrGet(fty)),
      kir_attr(ctx, "arg_attrs", mlirArrayAttrGet(ctx, ka.n, ka.attrs)),
      kir_attr(ctx, "kcc.kernel", mlirUnitAttrGet(ctx)),
  };
  MlirOperationState st = mlirOperationStateGet(kir_str("func.func"), kir_loc(ctx, k->loc));
  mlirOperationStateAddAttributes(&st, 4, fattrs);
  MlirRegion r = region_of(g, entry);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  MlirOperation f = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(mod), f);
  /* launch parameters: module attributes the lowerings read */
  MlirOperation mop = mlirModuleGetOperation(mod);
  MlirType i32 = mlirIntegerTypeGet(ctx, 32);
  mlirOperationSetAttributeByName(mop, kir_str("kcc.num_warps"),
                                  mlirIntegerAttrGet(i32, req->num_warps));
  mlirOperationSetAttributeByName(mop, kir_str("kcc.num_stages"),
                                  mlirIntegerAttrGet(i32, req->num_stages));
  mlirOperationSetAttributeByName(mop, kir_str("kcc.num_ctas"),
                                  mlirIntegerAttrGet(i32, req->num_ctas));
  if (req->check_bounds)
    mlirOperationSetAttributeByName(mop, kir_str("kcc.check_bounds"), mlirUnitAttrGet(ctx));
  return mod;
}

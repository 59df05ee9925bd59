/*
 * gen_builtins.c - the `tl` namespace, tensor/dtype attributes and methods, libdevice, and the
 * Python builtins allowed in kernels. Each builtin binds its arguments like Python (positional
 * then keyword, with defaults), checks them, and emits kir/arith/math ops.
 */
#include "gen_builtins.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* ---- argument binding ------------------------------------------------------------------------ */
/* Binds args to the comma-separated parameter names in `spec`; "*" at the end of spec collects
 * the remaining positional arguments into a tuple in the last slot. Missing -> NULL. */
Args arg_bind(Gen *g, const Node *n, const char *fname, const char *spec, Value *self, Value *args,
              int nargs, const char **kwn, Value *kwv, int nkw) {
  Args r = {{0}};
  const char *names[12];
  int np = 0;
  bool star = false;
  char *buf = arena_printf(g->a, "%s", spec);
  for (char *t = buf, *tok; (tok = strsep(&t, ",")) && np < 12;) {
    if (!*tok) continue;
    if (tok[0] == '*') {
      star = true;
      tok++;
    }
    names[np++] = tok;
  }
  int pos = 0;
  Value *all = args;
  int nall = nargs;
  if (self) {
    all = arena_alloc(g->a, sizeof(Value) * (nargs + 2));
    all[0] = *self;
    if (nargs) memcpy(all + 1, args, sizeof(Value) * nargs);
    nall = nargs + 1;
  }
  for (int i = 0; i < nall; i++) {
    if (star && pos == np - 1) {
      Value t = {.kind = V_TUPLE, .n = nall - i};
      t.items = arena_alloc(g->a, sizeof(Value) * (t.n + 1));
      memcpy(t.items, all + i, sizeof(Value) * t.n);
      gen_tuple_nest(g, n, &t);
      r.v[pos] = arena_alloc(g->a, sizeof(Value));
      *r.v[pos] = t;
      pos = np;
      break;
    }
    if (pos >= np)
      gen_fail(g, n, "%s() takes at most %d positional argument%s", fname, star ? np - 1 : np,
               (star ? np - 1 : np) == 1 ? "" : "s");
    r.v[pos] = &all[i];
    pos++;
  }
  for (int k = 0; k < nkw; k++) {
    int j = -1;
    for (int i = 0; i < np; i++)
      if (strcmp(names[i], kwn[k]) == 0) j = i;
    if (j < 0) gen_fail(g, n, "%s() got an unexpected keyword argument '%s'", fname, kwn[k]);
    if (r.v[j]) gen_fail(g, n, "%s() got multiple values for argument '%s'", fname, kwn[k]);
    r.v[j] = &kwv[k];
  }
  return r;
}

Value arg_need(Gen *g, const Node *n, const char *fname, Args *a, int i, const char *what) {
  if (!a->v[i]) gen_fail(g, n, "%s() missing required argument '%s'", fname, what);
  return *a->v[i];
}

int64_t arg_int(Gen *g, const Node *n, Value v, const char *what) {
  if (v.kind != V_INT && v.kind != V_BOOL)
    gen_fail(g, n, "%s must be a constexpr integer, got %s", what, gen_value_desc(g, &v));
  return v.i;
}

const DType *arg_dtype(Gen *g, const Node *n, Value v, const char *what) {
  if (v.kind != V_DTYPE) gen_fail(g, n, "%s must be a dtype, got %s", what, gen_value_desc(g, &v));
  return v.dt;
}

Type arg_shape(Gen *g, const Node *n, Value v, const DType *dt) {
  Type t = {.dt = dt};
  if (v.kind == V_INT) v = (Value){.kind = V_TUPLE, .n = 1, .items = &v};
  if (v.kind != V_TUPLE)
    gen_fail(g, n, "shape must be a tuple of constexpr integers, got %s", gen_value_desc(g, &v));
  if (v.n > SEMA_MAX_RANK)
    gen_fail(g, n, "shapes of rank above %d are not supported", SEMA_MAX_RANK);
  int64_t numel = 1;
  for (int i = 0; i < v.n; i++) {
    int64_t d = arg_int(g, n, v.items[i], "shape dimension");
    if (!sema_is_pow2(d))
      gen_fail(g, n, "shape dimensions must be powers of 2, got %lld", (long long)d);
    if (d > KIR_MAX_TILE_ELEMS / numel) /* checked per dimension: the product never wraps */
      gen_fail(g, n, "block of more than %d elements (the maximum) is not supported",
               KIR_MAX_TILE_ELEMS);
    numel *= d;
    t.shape[t.rank++] = d;
  }
  return t;
}

/* ---- attributes ------------------------------------------------------------------------------ */
static const char *const dtype_names[] = {
    "int1",    "int8",     "int16",      "int32",   "int64",    "uint8",
    "uint16",  "uint32",   "uint64",     "float16", "bfloat16", "float32",
    "float64", "float8e5", "float8e4nv", "bool",    "void",     NULL};

/* Tensor member functions (Triton's _tensor_member_fn), besides atomic_*. */
static const char *const tensor_methods[] = {"to",           "cast",
                                             "broadcast_to", "trans",
                                             "permute",      "split",
                                             "view",         "reshape",
                                             "expand_dims",  "store",
                                             "advance",      "exp",
                                             "log",          "cos",
                                             "sin",          "sqrt",
                                             "rsqrt",        "abs",
                                             "exp2",         "log2",
                                             "erf",          "floor",
                                             "ceil",         "sqrt_rn",
                                             "reduce",       "associative_scan",
                                             "gather",       "histogram",
                                             "cdiv",         "sigmoid",
                                             "softmax",      "ravel",
                                             "max",          "argmax",
                                             "min",          "argmin",
                                             "sum",          "xor_sum",
                                             "reduce_or",    "cumsum",
                                             "cumprod",      "sort",
                                             "flip",         "logical_and",
                                             "logical_or",   "item",
                                             "load",         "unsqueeze",
                                             "squeeze",      NULL};

static Value dtype_value(const DType *dt) {
  return (Value){.kind = V_DTYPE, .dt = dt};
}

static Value shape_value(Gen *g, Type t) { /* the shape as a tuple of constexpr ints */
  Value v = {.kind = V_TUPLE, .n = t.rank};
  v.items = arena_alloc(g->a, sizeof(Value) * (v.n + 1));
  for (int i = 0; i < v.n; i++)
    v.items[i] = gen_const_int(t.shape[i]);
  return v;
}

Value gen_getattr(Gen *g, const Node *n, Value obj, const char *attr) {
  switch (obj.kind) {
  case V_BUILTIN: {
    const char *ns = obj.s;
    if (strcmp(ns, "tl") == 0) {
      for (int i = 0; dtype_names[i]; i++)
        if (strcmp(attr, dtype_names[i]) == 0) return dtype_value(sema_dtype_parse(g->a, attr));
      if (strcmp(attr, "math") == 0 || strcmp(attr, "core") == 0 || strcmp(attr, "standard") == 0 ||
          strcmp(attr, "random") == 0)
        return obj;
      if (strcmp(attr, "extra") == 0) return (Value){.kind = V_BUILTIN, .s = "tl.extra"};
      return (Value){.kind = V_BUILTIN, .s = arena_printf(g->a, "tl.%s", attr)};
    }
    if (strncmp(ns, "tl.extra", 8) == 0) {
      if (strcmp(attr, "libdevice") == 0) return (Value){.kind = V_BUILTIN, .s = "libdevice"};
      return (Value){.kind = V_BUILTIN, .s = arena_printf(g->a, "%s.%s", ns, attr)};
    }
    if (strcmp(ns, "math") == 0) {
      if (strcmp(attr, "pi") == 0) return (Value){.kind = V_FLOAT, .f = M_PI};
      if (strcmp(attr, "e") == 0) return (Value){.kind = V_FLOAT, .f = M_E};
      if (strcmp(attr, "inf") == 0) return (Value){.kind = V_FLOAT, .f = INFINITY};
      if (strcmp(attr, "nan") == 0) return (Value){.kind = V_FLOAT, .f = NAN};
    }
    if (strcmp(ns, "triton") == 0 && strcmp(attr, "language") == 0)
      return (Value){.kind = V_BUILTIN, .s = "tl"};
    return (Value){.kind = V_BUILTIN, .s = arena_printf(g->a, "%s.%s", ns, attr)};
  }
  case V_TENSOR:
    if (strcmp(attr, "dtype") == 0 || strcmp(attr, "type") == 0) return dtype_value(obj.ty.dt);
    if (strcmp(attr, "shape") == 0) return shape_value(g, obj.ty);
    if (strcmp(attr, "numel") == 0) return gen_const_int(sema_numel(obj.ty));
    if (strcmp(attr, "T") == 0)
      return gen_call_builtin(g, n, "tl.trans", &obj, NULL, 0, NULL, NULL, 0);
    {
      bool known = strncmp(attr, "atomic_", 7) == 0;
      for (int i = 0; tensor_methods[i] && !known; i++)
        known = strcmp(attr, tensor_methods[i]) == 0;
      if (!known) gen_fail(g, n, "%s has no attribute '%s'", gen_value_desc(g, &obj), attr);
      Value m = {.kind = V_METHOD, .s = arena_printf(g->a, "tl.%s", attr), .n = 1};
      m.items = arena_alloc(g->a, sizeof(Value));
      m.items[0] = obj;
      return m;
    }
  case V_BLOCKPTR:
    if (obj.s && strcmp(obj.s, "descriptor") == 0) { /* a tensor descriptor */
      if (strcmp(attr, "dtype") == 0) return dtype_value(obj.ty.dt->pointee);
      if (strcmp(attr, "block_shape") == 0) return shape_value(g, obj.ty);
      if (strcmp(attr, "load") != 0 && strcmp(attr, "store") != 0)
        gen_fail(g, n,
                 "a tensor descriptor has no attribute '%s' in kcc (load, store, dtype, "
                 "block_shape)",
                 attr);
      Value m = {.kind = V_METHOD,
                 .n = 1,
                 .s = attr[0] == 'l' ? "tl.load_tensor_descriptor" : "tl.store_tensor_descriptor"};
      m.items = arena_alloc(g->a, sizeof(Value));
      m.items[0] = obj;
      return m;
    }
    if (strcmp(attr, "dtype") == 0 || strcmp(attr, "type") == 0) return dtype_value(obj.ty.dt);
    if (strcmp(attr, "advance") == 0 || strcmp(attr, "load") == 0 || strcmp(attr, "store") == 0) {
      Value m = {.kind = V_METHOD, .s = arena_printf(g->a, "tl.%s", attr), .n = 1};
      m.items = arena_alloc(g->a, sizeof(Value));
      m.items[0] = obj;
      return m;
    }
    gen_fail(g, n, "%s has no attribute '%s'", gen_value_desc(g, &obj), attr);
  case V_DTYPE: {
    const DType *dt = obj.dt;
    if (strcmp(attr, "element_ty") == 0) return dt->kind == DT_PTR ? dtype_value(dt->pointee) : obj;
    if (strcmp(attr, "scalar") == 0 || strcmp(attr, "value") == 0) return obj;
    if (strcmp(attr, "primitive_bitwidth") == 0) return gen_const_int(sema_bits(dt));
    if (strcmp(attr, "int_bitwidth") == 0) return gen_const_int(sema_bits(dt));
    if (strcmp(attr, "fp_mantissa_width") == 0) return gen_const_int(sema_mantissa(dt));
    if (strcmp(attr, "itemsize") == 0) return gen_const_int(sema_bits(dt) / 8);
    if (strcmp(attr, "name") == 0) return (Value){.kind = V_STR, .s = sema_dtype_name(dt)};
    if (strcmp(attr, "int_signedness") == 0)
      return (Value){.kind = V_STR, .s = sema_is_signed(dt) ? "signed" : "unsigned"};
    if (strncmp(attr, "is_", 3) != 0 && strcmp(attr, "get_int_max_value") != 0 &&
        strcmp(attr, "get_int_min_value") != 0)
      gen_fail(g, n, "dtype %s has no attribute '%s'", sema_dtype_name(dt), attr);
    Value m = {.kind = V_METHOD, .s = arena_printf(g->a, "dtype.%s", attr), .n = 1};
    m.items = arena_alloc(g->a, sizeof(Value));
    m.items[0] = obj;
    return m;
  }
  case V_INT:
  case V_FLOAT:
  case V_BOOL:
  case V_STR:
  case V_TUPLE:
    if (strcmp(attr, "value") == 0) return obj;
    break;
  default:
    break;
  }
  gen_fail(g, n, "%s has no attribute '%s'", gen_value_desc(g, &obj), attr);
}

static Value dtype_method(Gen *g, const Node *n, const DType *dt, const char *m) {
  DKind k = dt->kind;
  struct {
    const char *name;
    bool v;
  } preds[] = {
      {"is_fp16", k == DT_F16},
      {"is_bf16", k == DT_BF16},
      {"is_fp32", k == DT_F32},
      {"is_fp64", k == DT_F64},
      {"is_int1", k == DT_I1},
      {"is_int8", k == DT_I8},
      {"is_int16", k == DT_I16},
      {"is_int32", k == DT_I32},
      {"is_int64", k == DT_I64},
      {"is_uint8", k == DT_U8},
      {"is_uint16", k == DT_U16},
      {"is_uint32", k == DT_U32},
      {"is_uint64", k == DT_U64},
      {"is_floating", sema_is_float(dt)},
      {"is_standard_floating", k == DT_F16 || k == DT_BF16 || k == DT_F32 || k == DT_F64},
      {"is_int", sema_is_int(dt)},
      {"is_int_signed", sema_is_signed(dt)},
      {"is_int_unsigned", sema_is_int(dt) && !sema_is_signed(dt)},
      {"is_bool", k == DT_I1},
      {"is_ptr", k == DT_PTR},
      {"is_void", k == DT_VOID},
      {"is_block", false},
      {"is_fp8", sema_is_fp8(dt)},
      {"is_fp8e5", k == DT_F8E5},
      {"is_fp8e4nv", k == DT_F8E4},
      {"is_fp8e4b15", k == DT_F8E4B15},
      {"is_const", false},
  };
  for (size_t i = 0; i < sizeof preds / sizeof *preds; i++)
    if (strcmp(m, preds[i].name) == 0) return (Value){.kind = V_BOOL, .i = preds[i].v};
  if (strcmp(m, "get_int_max_value") == 0 || strcmp(m, "get_int_min_value") == 0) {
    int b = sema_bits(dt);
    bool mx = strstr(m, "max") != NULL;
    if (sema_is_signed(dt))
      return gen_const_int(mx ? (int64_t)((UINT64_C(1) << (b - 1)) - 1)
                              : -(int64_t)(UINT64_C(1) << (b - 1)));
    return gen_const_int(mx ? (b == 64 ? -1 : (int64_t)((UINT64_C(1) << b) - 1)) : 0);
  }
  gen_fail(g, n, "dtype has no method '%s'", m);
}

/* ---- Python builtins and triton.* ------------------------------------------------------------ */
/* min(a, b, ...) / max(...) (op: "<" / ">"): constexprs fold, tensors become tl.minimum/maximum */
static Value h_py_minmax(Gen *g, const Node *n, Call *c) {
  if (c->nargs < 2) gen_fail(g, n, "%s() needs at least 2 arguments inside kernels", c->f);
  Value r = c->args[0];
  for (int i = 1; i < c->nargs; i++) {
    if (r.kind != V_TENSOR && c->args[i].kind != V_TENSOR) {
      if (gen_cmp(g, n, c->b->op, c->args[i], r).i) r = c->args[i];
    } else {
      r = gen_minmax(g, n, r, c->args[i], *c->b->op == '>', false);
    }
  }
  return r;
}

static Value h_py_len(Gen *g, const Node *n, Call *c) {
  Value *args = c->args;
  if (c->nargs != 1 || (args[0].kind != V_TUPLE && args[0].kind != V_STR))
    gen_fail(g, n, "len() needs a constexpr tuple");
  return gen_const_int(args[0].kind == V_TUPLE ? args[0].n : (int64_t)strlen(args[0].s));
}

/* float(x) / int(x) / bool(x) (op: the name) */
static Value h_py_number(Gen *g, const Node *n, Call *c) {
  const char *f = c->f;
  if (c->nargs != 1) gen_fail(g, n, "%s() takes one argument", f);
  Value v = c->args[0];
  bool is_float = strcmp(f, "float") == 0, is_int = strcmp(f, "int") == 0;
  if (is_float && v.kind == V_STR) {
    if (strcmp(v.s, "inf") == 0 || strcmp(v.s, "+inf") == 0)
      return (Value){.kind = V_FLOAT, .f = INFINITY};
    if (strcmp(v.s, "-inf") == 0) return (Value){.kind = V_FLOAT, .f = -INFINITY};
    if (strcmp(v.s, "nan") == 0) return (Value){.kind = V_FLOAT, .f = NAN};
    gen_fail(g, n, "float() of '%s' is not supported", v.s);
  }
  if (v.kind == V_TENSOR)
    return gen_cast(g, n, v, sema_dtype(is_float ? DT_F32 : is_int ? DT_I32 : DT_I1), false);
  if (!gen_is_const(&v)) gen_fail(g, n, "%s() of %s is not supported", f, gen_value_desc(g, &v));
  double x = v.kind == V_FLOAT ? v.f : (double)v.i;
  if (is_float) return (Value){.kind = V_FLOAT, .f = x};
  if (is_int) return gen_const_int(v.kind == V_FLOAT ? (int64_t)v.f : v.i);
  return (Value){.kind = V_BOOL, .i = x != 0};
}

/* abs(x) / print(...) (op: the tl builtin they are) */
static Value h_py_alias(Gen *g, const Node *n, Call *c) {
  return gen_call_builtin(g, n, c->b->op, NULL, c->args, c->nargs, c->kwn, c->kwv, c->nkw);
}

static Value h_py_isinstance(Gen *g, const Node *n, Call *c) {
  Value *args = c->args;
  if (c->nargs != 2) gen_fail(g, n, "isinstance() takes 2 arguments");
  const char *cls = args[1].kind == V_BUILTIN ? args[1].s : "";
  bool r = false;
  if (strcmp(cls, "tl.tensor") == 0)
    r = args[0].kind == V_TENSOR;
  else if (strcmp(cls, "tl.constexpr") == 0)
    r = args[0].kind != V_TENSOR;
  else if (strcmp(cls, "py.int") == 0)
    r = args[0].kind == V_INT;
  else if (strcmp(cls, "py.float") == 0)
    r = args[0].kind == V_FLOAT;
  else if (strcmp(cls, "py.tuple") == 0)
    r = args[0].kind == V_TUPLE;
  return (Value){.kind = V_BOOL, .i = r};
}

/* getattr(obj, "name"): `getattr(libdevice, fn_name)(x)` picks a builtin by a constexpr name */
static Value h_py_getattr(Gen *g, const Node *n, Call *c) {
  if (c->nargs != 2 || c->nkw) gen_fail(g, n, "getattr() takes 2 arguments inside kernels");
  if (c->args[1].kind != V_STR)
    gen_fail(g, n, "getattr()'s attribute name must be a constexpr string, got %s",
             gen_value_desc(g, &c->args[1]));
  return gen_getattr(g, n, c->args[0], c->args[1].s);
}

/* tuple(x) / list(x) (op: "list" for a list) of a tuple, a list or a comprehension */
static Value h_py_sequence(Gen *g, const Node *n, Call *c) {
  if (c->nkw || c->nargs > 1) gen_fail(g, n, "%s() takes at most 1 argument", c->f);
  Value t = {.kind = V_TUPLE};
  if (c->nargs) {
    if (c->args[0].kind != V_TUPLE)
      gen_fail(g, n, "%s() of %s is not supported in kernels (a tuple, list or comprehension is)",
               c->f, gen_value_desc(g, &c->args[0]));
    t = c->args[0];
  }
  t.is_list = c->b->op != NULL;
  return t;
}

static const Builtin py_builtins[] = {
    {"min", h_py_minmax, NULL, "<"},
    {"max", h_py_minmax, NULL, ">"},
    {"len", h_py_len, NULL, NULL},
    {"float", h_py_number, NULL, NULL},
    {"int", h_py_number, NULL, NULL},
    {"bool", h_py_number, NULL, NULL},
    {"abs", h_py_alias, NULL, "tl.abs"},
    {"print", h_py_alias, NULL, "tl.device_print"},
    {"isinstance", h_py_isinstance, NULL, NULL},
    {"getattr", h_py_getattr, NULL, NULL},
    {"tuple", h_py_sequence, NULL, NULL},
    {"list", h_py_sequence, NULL, "list"},
};

static Value h_triton_cdiv(Gen *g, const Node *n, Call *c) {
  int64_t x = arg_int(g, n, ARG(0, "x"), "argument");
  int64_t y = arg_int(g, n, ARG(1, "y"), "argument");
  if (y == 0) gen_fail(g, n, "division by zero");
  return gen_binary(g, n, "//", gen_const_int(x + y - 1), gen_const_int(y));
}

static Value h_triton_next_pow2(Gen *g, const Node *n, Call *c) {
  int64_t x = arg_int(g, n, ARG(0, "x"), "argument");
  int64_t p = 1;
  while (p < x)
    p <<= 1;
  return gen_const_int(p);
}

static const Builtin triton_builtins[] = {
    {"cdiv", h_triton_cdiv, "x,y", NULL},
    {"next_power_of_2", h_triton_next_pow2, "x,y", NULL},
};

/* ---- tl: program grid, creation, casts ------------------------------------------------------- */
/* tl.program_id / tl.num_programs (op: the kir op) */
static Value h_grid(Gen *g, const Node *n, Call *c) {
  int64_t ax = c->a.v[0] ? arg_int(g, n, *c->a.v[0], "axis") : 0;
  if (ax < 0 || ax > 2) gen_fail(g, n, "axis must be 0, 1 or 2, got %lld", (long long)ax);
  MlirNamedAttribute at = attr_i32(g, "axis", ax);
  Type t = sema_scalar(sema_dtype(DT_I32));
  return gen_tensor(gen_op1(g, c->b->op, 0, NULL, gen_mlir_type(g, t), 1, &at), t);
}

static Value h_arange(Gen *g, const Node *n, Call *c) {
  int64_t s = arg_int(g, n, ARG(0, "start"), "arange's start");
  int64_t e = arg_int(g, n, ARG(1, "end"), "arange's end");
  if (e <= s)
    gen_fail(g, n, "arange's end must be greater than start (got %lld, %lld)", (long long)s,
             (long long)e);
  if (!sema_is_pow2(e - s))
    gen_fail(g, n, "arange's range must be a power of 2, got %lld", (long long)(e - s));
  if (s < INT32_MIN || e > (int64_t)INT32_MAX + 1)
    gen_fail(g, n, "arange's bounds must fit in int32");
  Type t = {.dt = sema_dtype(DT_I32), .rank = 1, .shape = {e - s}};
  MlirNamedAttribute at[2] = {attr_i32(g, "start", s), attr_i32(g, "end", e)};
  return gen_tensor(gen_op1(g, "kir.arange", 0, NULL, gen_mlir_type(g, t), 2, at), t);
}

/* tl.zeros / tl.empty (shape, dtype) and tl.full (shape, value, dtype) */
static Value h_full(Gen *g, const Node *n, Call *c) {
  bool full = strcmp(c->f, "full") == 0;
  int di = full ? 2 : 1;
  const DType *dt = c->a.v[di] ? arg_dtype(g, n, *c->a.v[di], "dtype") : NULL;
  Value v = full ? ARG(1, "value") : gen_const_int(0);
  if (!dt) {
    if (full && v.kind == V_TENSOR)
      dt = v.ty.dt;
    else
      gen_fail(g, n, "tl.%s() missing required argument 'dtype'", c->f);
  }
  Type t = arg_shape(g, n, ARG(0, "shape"), dt);
  if (gen_is_const(&v))
    return gen_constant(g, t, v.kind == V_FLOAT ? v.f : (double)v.i,
                        v.kind == V_FLOAT ? (int64_t)v.f : v.i);
  if (v.kind != V_TENSOR || v.ty.rank != 0) gen_fail(g, n, "tl.full's value must be a scalar");
  return gen_broadcast_to(g, n, gen_cast(g, n, v, dt, false), t);
}

/* tl.zeros_like / tl.full_like */
static Value h_full_like(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input"));
  Type t = x.ty;
  if (c->a.v[2]) t.dt = arg_dtype(g, n, *c->a.v[2], "dtype");
  Value v = strcmp(c->f, "full_like") == 0 ? ARG(1, "value") : gen_const_int(0);
  if (!gen_is_const(&v)) gen_fail(g, n, "tl.%s's value must be a constexpr", c->f);
  return gen_constant(g, t, v.kind == V_FLOAT ? v.f : (double)v.i, v.i);
}

static Value h_make_block_ptr(Gen *g, const Node *n, Call *c) {
  return gen_make_block_ptr(g, n, ARG(0, "base"), ARG(1, "shape"), ARG(2, "strides"),
                            ARG(3, "offsets"), ARG(4, "block_shape"), ARG(5, "order"));
}

static Value h_advance(Gen *g, const Node *n, Call *c) {
  return gen_advance(g, n, ARG(0, "base"), ARG(1, "offsets"));
}

/* tl.cast / x.to */
static Value h_cast(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "input");
  const DType *dt = arg_dtype(g, n, ARG(1, "dtype"), "dtype");
  bool bc = arg_present(&c->a, 3) && gen_truthy(g, n, c->a.v[3]);
  return gen_cast(g, n, tensor_of(g, n, x), dt, bc);
}

static Value h_pointer_type(Gen *g, const Node *n, Call *c) {
  const DType *dt = arg_dtype(g, n, ARG(0, "element_ty"), "element type");
  int levels = 1;
  for (const DType *p = dt; p->kind == DT_PTR; p = p->pointee)
    levels++;
  if (levels > GEN_MAX_VALUE_NEST)
    gen_fail(g, n, "pointer type nested too deeply (more than %d levels)", GEN_MAX_VALUE_NEST);
  return dtype_value(sema_ptr(g->a, dt));
}

static Value h_constexpr(Gen *g, const Node *n, Call *c) {
  Value v = ARG(0, "value");
  if (v.kind == V_TENSOR) gen_fail(g, n, "tl.constexpr() of a runtime value");
  return v;
}

static Value h_to_tensor(Gen *g, const Node *n, Call *c) {
  return tensor_of(g, n, ARG(0, "x"));
}

/* ---- tl: hints and debugging ----------------------------------------------------------------- */
/* Hints are discardable array<i64> attributes with one entry per dimension (docs/kir.md): on the
 * op defining the value or, for a kernel argument, in its arg_attrs. A value already hinted keeps
 * the larger (stronger) entry per dimension. */
static MlirAttribute merge_hint(Gen *g, MlirAttribute old, int dims, const int64_t *vals) {
  int64_t m[SEMA_MAX_RANK];
  bool same = !mlirAttributeIsNull(old) && mlirAttributeIsADenseI64Array(old) &&
              mlirDenseArrayGetNumElements(old) == dims;
  for (int i = 0; i < dims; i++) {
    int64_t o = same ? mlirDenseI64ArrayGetElement(old, i) : 0;
    m[i] = o > vals[i] ? o : vals[i];
  }
  return mlirDenseI64ArrayGet(g->ctx, dims, m);
}

static void set_hint(Gen *g, MlirValue v, const char *name, int dims, const int64_t *vals) {
  MlirStringRef nm = kir_str(name);
  if (mlirValueIsAOpResult(v)) {
    MlirOperation op = mlirOpResultGetOwner(v);
    /* a hint on one result of kir.split, a multi-operand reduce or an scf op is dropped: an op
     * attribute could not say which result it describes */
    if (mlirOperationGetNumResults(op) == 1)
      mlirOperationSetAttributeByName(
          op, nm, merge_hint(g, mlirOperationGetAttributeByName(op, nm), dims, vals));
    return;
  }
  /* loop-carried values and combiner arguments are block arguments too: their hint is dropped */
  if (!mlirBlockEqual(mlirBlockArgumentGetOwner(v), g->kernel_entry)) return;
  intptr_t i = mlirBlockArgumentGetArgNumber(v);
  MlirAttribute d = g->arg_attrs[i];
  intptr_t ne = mlirDictionaryAttrGetNumElements(d);
  MlirNamedAttribute *el = arena_alloc(g->a, sizeof(MlirNamedAttribute) * (ne + 1));
  MlirIdentifier id = mlirIdentifierGet(g->ctx, nm);
  int k = 0;
  for (intptr_t j = 0; j < ne; j++) {
    MlirNamedAttribute e = mlirDictionaryAttrGetElement(d, j);
    if (!mlirIdentifierEqual(e.name, id)) el[k++] = e;
  }
  el[k++] = mlirNamedAttributeGet(
      id, merge_hint(g, mlirDictionaryAttrGetElementByName(d, nm), dims, vals));
  g->arg_attrs[i] = mlirDictionaryAttrGet(g->ctx, k, el);
}

static int64_t hint_value(Gen *g, const Node *n, const char *f, const Value *v) {
  if (v->kind != V_INT)
    gen_fail(g, n, "tl.%s: values must be constexpr integers, got %s", f, gen_value_desc(g, v));
  if (v->i <= 0) gen_fail(g, n, "tl.%s: values must be positive, got %lld", f, (long long)v->i);
  return v->i;
}

/* tl.multiple_of / max_contiguous / max_constancy (op: the attribute). values is an int (every
 * dimension) or one int per dimension (a scalar has one); the input comes back unchanged. */
static Value h_hint(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "input"), vals = ARG(1, "values");
  int dims = x.kind == V_TENSOR && x.ty.rank ? x.ty.rank : 1;
  int64_t hint[SEMA_MAX_RANK];
  if (vals.kind == V_TUPLE) {
    if (vals.n != dims)
      gen_fail(g, n, "tl.%s: %d values for a value of rank %d (give one per dimension, or one int)",
               c->f, vals.n, dims == 1 && !(x.kind == V_TENSOR && x.ty.rank) ? 0 : dims);
    for (int i = 0; i < dims; i++)
      hint[i] = hint_value(g, n, c->f, &vals.items[i]);
  } else {
    int64_t v = hint_value(g, n, c->f, &vals);
    for (int i = 0; i < dims; i++)
      hint[i] = v;
  }
  if (x.kind == V_TENSOR) set_hint(g, x.v, c->b->op, dims, hint);
  return x;
}

/* tl.assume / tl.expect_zero / tl.static_print: nothing to emit */
static Value h_nothing(Gen *g, const Node *n, Call *c) {
  (void)g, (void)n, (void)c;
  return (Value){.kind = V_NONE};
}

static Value h_debug_barrier(Gen *g, const Node *n, Call *c) {
  (void)n, (void)c;
  gen_op(g, "kir.barrier", 0, NULL, 0, NULL, 0, NULL);
  return (Value){.kind = V_NONE};
}

static Value h_static_assert(Gen *g, const Node *n, Call *c) {
  Value cond = ARG(0, "cond");
  const Value *msg = c->a.v[1];
  if (cond.kind == V_TENSOR) gen_fail(g, n, "tl.static_assert needs a constexpr condition");
  if (!gen_truthy(g, n, &cond))
    gen_fail(g, n, "static assertion failed%s%s", msg && msg->kind == V_STR ? ": " : "",
             msg && msg->kind == V_STR ? msg->s : "");
  return (Value){.kind = V_NONE};
}

static Value h_device_assert(Gen *g, const Node *n, Call *c) {
  Value cond = ARG(0, "cond");
  if (!g->debug) return (Value){.kind = V_NONE};
  Value b = gen_cast(g, n, tensor_of(g, n, cond), sema_dtype(DT_I1), false);
  const char *msg = c->a.v[1] && c->a.v[1]->kind == V_STR ? c->a.v[1]->s : "device_assert failed";
  MlirNamedAttribute at = attr_str(
      g, "msg",
      arena_printf(g->a, "%s:%d: %s", g->file->name, n->loc.line + g->file->line_offset, msg));
  gen_op(g, "kir.assert", 1, &b.v, 0, NULL, 1, &at);
  return (Value){.kind = V_NONE};
}

static Value h_device_print(Gen *g, const Node *n, Call *c) {
  const char *prefix = "";
  int start = 0;
  if (c->nargs && c->args[0].kind == V_STR) prefix = c->args[0].s, start = 1;
  /* one kir.print per value: the values of one call may have different types */
  MlirNamedAttribute at = attr_str(g, "prefix", prefix);
  if (start == c->nargs) gen_op(g, "kir.print", 0, NULL, 0, NULL, 1, &at);
  for (int i = start; i < c->nargs; i++) {
    MlirValue v = tensor_of(g, n, c->args[i]).v;
    gen_op(g, "kir.print", 1, &v, 0, NULL, 1, &at);
  }
  return (Value){.kind = V_NONE};
}

static const Builtin core_builtins[] = {
    {"program_id", h_grid, "axis", "kir.program_id"},
    {"num_programs", h_grid, "axis", "kir.num_programs"},
    {"arange", h_arange, "start,end", NULL},
    {"zeros", h_full, "shape,dtype", NULL},
    {"empty", h_full, "shape,dtype", NULL},
    {"full", h_full, "shape,value,dtype", NULL},
    {"zeros_like", h_full_like, "input,value,dtype", NULL},
    {"full_like", h_full_like, "input,value,dtype", NULL},
    {"make_block_ptr", h_make_block_ptr, "base,shape,strides,offsets,block_shape,order", NULL},
    {"advance", h_advance, "base,offsets", NULL},
    {"to", h_cast, "input,dtype,fp_downcast_rounding,bitcast", NULL},
    {"cast", h_cast, "input,dtype,fp_downcast_rounding,bitcast", NULL},
    {"pointer_type", h_pointer_type, "element_ty,address_space,const", NULL},
    {"constexpr", h_constexpr, "value", NULL},
    {"to_tensor", h_to_tensor, "x", NULL},
    {"multiple_of", h_hint, "input,values", "kcc.divisibility"},
    {"max_contiguous", h_hint, "input,values", "kcc.contiguity"},
    {"max_constancy", h_hint, "input,values", "kcc.constancy"},
    {"assume", h_nothing, "cond", NULL},
    {"expect_zero", h_nothing, "cond", NULL},
    {"static_print", h_nothing, NULL, NULL},
    {"debug_barrier", h_debug_barrier, NULL, NULL},
    {"static_assert", h_static_assert, "cond,msg", NULL},
    {"device_assert", h_device_assert, "cond,msg,mask", NULL},
    {"device_print", h_device_print, NULL, NULL},
    {"tuple", h_py_sequence, NULL, NULL}, /* tl.tuple(iterable): the Python tuple */
};

/* ---- the dispatcher -------------------------------------------------------------------------- */
/* One sorted index of row pointers per namespace, built once from the tables. `tl.X`,
 * `libdevice.X` and `math.X` share the tl index. */
typedef struct Index {
  const Builtin *row[256];
  int n;
} Index;

static Index tl_index, py_index, triton_index;
static once_flag indexes_built = ONCE_FLAG_INIT;

static void index_add(Index *ix, const Builtin *rows, int n) {
  for (int i = 0; i < n; i++) {
    if (ix->n == (int)(sizeof ix->row / sizeof *ix->row)) {
      fprintf(stderr, "kcc: internal error: too many builtins\n");
      abort();
    }
    ix->row[ix->n++] = &rows[i];
  }
}

static int row_cmp(const void *a, const void *b) {
  return strcmp((*(const Builtin *const *)a)->name, (*(const Builtin *const *)b)->name);
}

static void index_sort(Index *ix) {
  qsort(ix->row, (size_t)ix->n, sizeof *ix->row, row_cmp);
  for (int i = 1; i < ix->n; i++)
    if (strcmp(ix->row[i - 1]->name, ix->row[i]->name) == 0) {
      fprintf(stderr, "kcc: internal error: builtin '%s' is defined twice\n", ix->row[i]->name);
      abort();
    }
}

#define COUNT(t) ((int)(sizeof t / sizeof *t))

static void build_indexes(void) {
  index_add(&tl_index, core_builtins, COUNT(core_builtins));
  index_add(&tl_index, gen_builtins_memory, gen_builtins_memory_n);
  index_add(&tl_index, gen_builtins_math, gen_builtins_math_n);
  index_add(&tl_index, gen_builtins_shape, gen_builtins_shape_n);
  index_add(&tl_index, gen_builtins_rearrange, gen_builtins_rearrange_n);
  index_sort(&tl_index);
  index_add(&py_index, py_builtins, COUNT(py_builtins));
  index_sort(&py_index);
  index_add(&triton_index, triton_builtins, COUNT(triton_builtins));
  index_sort(&triton_index);
}

static int key_cmp(const void *key, const void *row) {
  return strcmp((const char *)key, (*(const Builtin *const *)row)->name);
}

static const Builtin *lookup(const Index *ix, const char *f) {
  call_once(&indexes_built, build_indexes);
  const Builtin *const *r = bsearch(f, ix->row, (size_t)ix->n, sizeof *ix->row, key_cmp);
  return r ? *r : NULL;
}

Value gen_call_builtin(Gen *g, const Node *n, const char *name, Value *self, Value *args, int nargs,
                       const char **kwn, Value *kwv, int nkw) {
  if (strncmp(name, "dtype.", 6) == 0) return dtype_method(g, n, self->dt, name + 6);
  Call c = {
      .name = name, .self = self, .args = args, .nargs = nargs, .kwn = kwn, .kwv = kwv, .nkw = nkw};
  const Index *ix = &tl_index;
  if (strncmp(name, "tl.", 3) == 0)
    c.f = name + 3;
  else if (strncmp(name, "libdevice.", 10) == 0)
    c.f = name + 10;
  else if (strncmp(name, "math.", 5) == 0)
    c.f = name + 5;
  else if (strncmp(name, "triton.", 7) == 0)
    c.f = name + 7, ix = &triton_index;
  else if (strncmp(name, "py.", 3) == 0)
    c.f = name + 3, ix = &py_index;
  else
    gen_fail(g, n, "'%s' is not supported in kernels", name);
  c.b = lookup(ix, c.f);
  if (!c.b) {
    if (ix == &triton_index) gen_fail(g, n, "'%s' cannot be used inside a kernel", name);
    if (ix == &py_index) gen_fail(g, n, "the Python builtin '%s' is not supported in kernels", c.f);
    if (strncmp(c.f, "atomic_", 7) == 0) gen_fail(g, n, "unknown atomic 'tl.%s'", c.f);
    Value pr;
    if (!self && gen_call_prelude(g, n, c.f, args, nargs, kwn, kwv, nkw, &pr)) return pr;
    gen_fail(g, n, "'%s' is not supported by kcc", name);
  }
  if (c.b->spec) c.a = arg_bind(g, n, c.f, c.b->spec, self, args, nargs, kwn, kwv, nkw);
  return c.b->fn(g, n, &c);
}

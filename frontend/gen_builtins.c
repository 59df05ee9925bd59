/*
 * gen_builtins.c - the `tl` namespace, tensor/dtype attributes and methods, libdevice, and the
 * Python builtins allowed in kernels. Each builtin binds its arguments like Python (positional
 * then keyword, with defaults), checks them, and emits kir/arith/math ops.
 */
#include "gen_internal.h"

#include <math.h>
#include <string.h>

/* ---- argument binding ------------------------------------------------------------------------ */
typedef struct Args {
  Value *v[12];
} Args;

/* Binds args to the comma-separated parameter names in `spec`; "*" at the end of spec collects
 * the remaining positional arguments into a tuple in the last slot. Missing -> NULL. */
static Args bind(Gen *g, const Node *n, const char *fname, const char *spec, Value *self, Value *args,
                 int nargs, const char **kwn, Value *kwv, int nkw) {
  Args r = {{0}};
  const char *names[12];
  int np = 0;
  bool star = false;
  char *buf = arena_printf(g->a, "%s", spec);
  for (char *t = buf, *tok; (tok = strsep(&t, ",")) && np < 12;) {
    if (!*tok)
      continue;
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
    if (nargs)
      memcpy(all + 1, args, sizeof(Value) * nargs);
    nall = nargs + 1;
  }
  for (int i = 0; i < nall; i++) {
    if (star && pos == np - 1) {
      Value t = {.kind = V_TUPLE, .n = nall - i};
      t.items = arena_alloc(g->a, sizeof(Value) * (t.n + 1));
      memcpy(t.items, all + i, sizeof(Value) * t.n);
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
      if (strcmp(names[i], kwn[k]) == 0)
        j = i;
    if (j < 0)
      gen_fail(g, n, "%s() got an unexpected keyword argument '%s'", fname, kwn[k]);
    if (r.v[j])
      gen_fail(g, n, "%s() got multiple values for argument '%s'", fname, kwn[k]);
    r.v[j] = &kwv[k];
  }
  return r;
}

static Value need(Gen *g, const Node *n, const char *fname, Args *a, int i, const char *what) {
  if (!a->v[i])
    gen_fail(g, n, "%s() missing required argument '%s'", fname, what);
  return *a->v[i];
}

static bool present(Args *a, int i) {
  return a->v[i] && a->v[i]->kind != V_NONE;
}

static int64_t const_int(Gen *g, const Node *n, Value v, const char *what) {
  if (v.kind != V_INT && v.kind != V_BOOL)
    gen_fail(g, n, "%s must be a constexpr integer, got %s", what, gen_value_desc(g, &v));
  return v.i;
}

static const DType *const_dtype_arg(Gen *g, const Node *n, Value v, const char *what) {
  if (v.kind != V_DTYPE)
    gen_fail(g, n, "%s must be a dtype, got %s", what, gen_value_desc(g, &v));
  return v.dt;
}

static Type shape_arg(Gen *g, const Node *n, Value v, const DType *dt) {
  Type t = {.dt = dt};
  if (v.kind == V_INT)
    v = (Value){.kind = V_TUPLE, .n = 1, .items = &v};
  if (v.kind != V_TUPLE)
    gen_fail(g, n, "shape must be a tuple of constexpr integers, got %s", gen_value_desc(g, &v));
  if (v.n > SEMA_MAX_RANK)
    gen_fail(g, n, "shapes of rank above %d are not supported", SEMA_MAX_RANK);
  int64_t numel = 1;
  for (int i = 0; i < v.n; i++) {
    int64_t d = const_int(g, n, v.items[i], "shape dimension");
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

static Value tensor_of(Gen *g, const Node *n, Value v) {
  if (v.kind == V_TENSOR)
    return v;
  return gen_to_tensor(g, n, &v);
}

static MlirNamedAttribute attr_i32(Gen *g, const char *name, int64_t v) {
  return kir_attr(g->ctx, name, kir_named_i32(g->ctx, v));
}

static MlirNamedAttribute attr_str(Gen *g, const char *name, const char *v) {
  return kir_attr(g->ctx, name, mlirStringAttrGet(g->ctx, kir_str(v)));
}

/* ---- attributes ------------------------------------------------------------------------------ */
static const char *const dtype_names[] = {
    "int1", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
    "bfloat16", "float32", "float64", "float8e5", "float8e4nv", "bool", "void", NULL};

/* Tensor member functions (Triton's _tensor_member_fn), besides atomic_*. */
static const char *const tensor_methods[] = {
    "to", "cast", "broadcast_to", "trans", "permute", "split", "view", "reshape", "expand_dims",
    "store", "advance", "exp", "log", "cos", "sin", "sqrt", "rsqrt", "abs", "exp2", "log2", "erf",
    "floor", "ceil", "sqrt_rn", "reduce", "associative_scan", "gather", "histogram", "cdiv",
    "sigmoid", "softmax", "ravel", "max", "argmax", "min", "argmin", "sum", "xor_sum",
    "reduce_or", "cumsum", "cumprod", "sort", "flip", "logical_and", "logical_or", "item",
    "load", "unsqueeze", "squeeze", NULL};

static Value dtype_value(const DType *dt) {
  return (Value){.kind = V_DTYPE, .dt = dt};
}

Value gen_getattr(Gen *g, const Node *n, Value obj, const char *attr) {
  switch (obj.kind) {
  case V_BUILTIN: {
    const char *ns = obj.s;
    if (strcmp(ns, "tl") == 0) {
      for (int i = 0; dtype_names[i]; i++)
        if (strcmp(attr, dtype_names[i]) == 0)
          return dtype_value(sema_dtype_parse(g->a, attr));
      if (strcmp(attr, "math") == 0 || strcmp(attr, "core") == 0 || strcmp(attr, "standard") == 0)
        return obj;
      if (strcmp(attr, "extra") == 0)
        return (Value){.kind = V_BUILTIN, .s = "tl.extra"};
      return (Value){.kind = V_BUILTIN, .s = arena_printf(g->a, "tl.%s", attr)};
    }
    if (strncmp(ns, "tl.extra", 8) == 0) {
      if (strcmp(attr, "libdevice") == 0)
        return (Value){.kind = V_BUILTIN, .s = "libdevice"};
      return (Value){.kind = V_BUILTIN, .s = arena_printf(g->a, "%s.%s", ns, attr)};
    }
    if (strcmp(ns, "math") == 0) {
      if (strcmp(attr, "pi") == 0)
        return (Value){.kind = V_FLOAT, .f = M_PI};
      if (strcmp(attr, "e") == 0)
        return (Value){.kind = V_FLOAT, .f = M_E};
      if (strcmp(attr, "inf") == 0)
        return (Value){.kind = V_FLOAT, .f = INFINITY};
      if (strcmp(attr, "nan") == 0)
        return (Value){.kind = V_FLOAT, .f = NAN};
    }
    if (strcmp(ns, "triton") == 0 && strcmp(attr, "language") == 0)
      return (Value){.kind = V_BUILTIN, .s = "tl"};
    return (Value){.kind = V_BUILTIN, .s = arena_printf(g->a, "%s.%s", ns, attr)};
  }
  case V_TENSOR:
    if (strcmp(attr, "dtype") == 0 || strcmp(attr, "type") == 0)
      return dtype_value(obj.ty.dt);
    if (strcmp(attr, "shape") == 0) {
      Value t = {.kind = V_TUPLE, .n = obj.ty.rank};
      t.items = arena_alloc(g->a, sizeof(Value) * (t.n + 1));
      for (int i = 0; i < t.n; i++)
        t.items[i] = gen_const_int(obj.ty.shape[i]);
      return t;
    }
    if (strcmp(attr, "numel") == 0)
      return gen_const_int(sema_numel(obj.ty));
    if (strcmp(attr, "T") == 0)
      return gen_call_builtin(g, n, "tl.trans", &obj, NULL, 0, NULL, NULL, 0);
    {
      bool known = strncmp(attr, "atomic_", 7) == 0;
      for (int i = 0; tensor_methods[i] && !known; i++)
        known = strcmp(attr, tensor_methods[i]) == 0;
      if (!known)
        gen_fail(g, n, "%s has no attribute '%s'", gen_value_desc(g, &obj), attr);
      Value m = {.kind = V_METHOD, .s = arena_printf(g->a, "tl.%s", attr), .n = 1};
      m.items = arena_alloc(g->a, sizeof(Value));
      m.items[0] = obj;
      return m;
    }
  case V_BLOCKPTR:
    if (strcmp(attr, "dtype") == 0 || strcmp(attr, "type") == 0)
      return dtype_value(obj.ty.dt);
    if (strcmp(attr, "advance") == 0 || strcmp(attr, "load") == 0 || strcmp(attr, "store") == 0) {
      Value m = {.kind = V_METHOD, .s = arena_printf(g->a, "tl.%s", attr), .n = 1};
      m.items = arena_alloc(g->a, sizeof(Value));
      m.items[0] = obj;
      return m;
    }
    gen_fail(g, n, "%s has no attribute '%s'", gen_value_desc(g, &obj), attr);
  case V_DTYPE: {
    const DType *dt = obj.dt;
    if (strcmp(attr, "element_ty") == 0)
      return dt->kind == DT_PTR ? dtype_value(dt->pointee) : obj;
    if (strcmp(attr, "scalar") == 0 || strcmp(attr, "value") == 0)
      return obj;
    if (strcmp(attr, "primitive_bitwidth") == 0)
      return gen_const_int(sema_bits(dt));
    if (strcmp(attr, "int_bitwidth") == 0)
      return gen_const_int(sema_bits(dt));
    if (strcmp(attr, "fp_mantissa_width") == 0)
      return gen_const_int(sema_mantissa(dt));
    if (strcmp(attr, "itemsize") == 0)
      return gen_const_int(sema_bits(dt) / 8);
    if (strcmp(attr, "name") == 0)
      return (Value){.kind = V_STR, .s = sema_dtype_name(dt)};
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
    if (strcmp(attr, "value") == 0)
      return obj;
    break;
  default: break;
  }
  gen_fail(g, n, "%s has no attribute '%s'", gen_value_desc(g, &obj), attr);
}

static Value dtype_method(Gen *g, const Node *n, const DType *dt, const char *m) {
  DKind k = dt->kind;
  struct {
    const char *name;
    bool v;
  } preds[] = {
      {"is_fp16", k == DT_F16}, {"is_bf16", k == DT_BF16}, {"is_fp32", k == DT_F32},
      {"is_fp64", k == DT_F64}, {"is_int1", k == DT_I1}, {"is_int8", k == DT_I8},
      {"is_int16", k == DT_I16}, {"is_int32", k == DT_I32}, {"is_int64", k == DT_I64},
      {"is_uint8", k == DT_U8}, {"is_uint16", k == DT_U16}, {"is_uint32", k == DT_U32},
      {"is_uint64", k == DT_U64}, {"is_floating", sema_is_float(dt)},
      {"is_standard_floating", k == DT_F16 || k == DT_BF16 || k == DT_F32 || k == DT_F64},
      {"is_int", sema_is_int(dt)}, {"is_int_signed", sema_is_signed(dt)},
      {"is_int_unsigned", sema_is_int(dt) && !sema_is_signed(dt)}, {"is_bool", k == DT_I1},
      {"is_ptr", k == DT_PTR}, {"is_void", k == DT_VOID}, {"is_block", false},
      {"is_fp8", k == DT_F8E4 || k == DT_F8E5}, {"is_fp8e5", k == DT_F8E5},
      {"is_fp8e4nv", k == DT_F8E4}, {"is_const", false},
  };
  for (size_t i = 0; i < sizeof preds / sizeof *preds; i++)
    if (strcmp(m, preds[i].name) == 0)
      return (Value){.kind = V_BOOL, .i = preds[i].v};
  if (strcmp(m, "get_int_max_value") == 0 || strcmp(m, "get_int_min_value") == 0) {
    int b = sema_bits(dt);
    bool mx = strstr(m, "max") != NULL;
    if (sema_is_signed(dt))
      return gen_const_int(mx ? (int64_t)((UINT64_C(1) << (b - 1)) - 1) : -(int64_t)(UINT64_C(1) << (b - 1)));
    return gen_const_int(mx ? (b == 64 ? -1 : (int64_t)((UINT64_C(1) << b) - 1)) : 0);
  }
  gen_fail(g, n, "dtype has no method '%s'", m);
}

/* ---- math ------------------------------------------------------------------------------------ */
static const struct {
  const char *name, *op;
} unary_math[] = {
    {"exp", "math.exp"},     {"exp2", "math.exp2"},   {"log", "math.log"},
    {"log2", "math.log2"},   {"log10", "math.log10"}, {"log1p", "math.log1p"},
    {"expm1", "math.expm1"}, {"sqrt", "math.sqrt"},   {"sqrt_rn", "math.sqrt"},
    {"rsqrt", "math.rsqrt"}, {"sin", "math.sin"},     {"cos", "math.cos"},
    {"tan", "math.tan"},     {"asin", "math.asin"},   {"acos", "math.acos"},
    {"atan", "math.atan"},   {"sinh", "math.sinh"},   {"cosh", "math.cosh"},
    {"tanh", "math.tanh"},   {"asinh", "math.asinh"}, {"acosh", "math.acosh"},
    {"atanh", "math.atanh"}, {"erf", "math.erf"},     {"floor", "math.floor"},
    {"ceil", "math.ceil"},   {"trunc", "math.trunc"}, {"rint", "math.roundeven"},
    {"nearbyint", "math.roundeven"}, {"round", "math.round"}, {"cbrt", "math.cbrt"},
    {"fast_expf", "math.exp"}, {"fast_logf", "math.log"}, {"fast_log2f", "math.log2"},
    {"fast_sinf", "math.sin"}, {"fast_cosf", "math.cos"}, {"fast_tanhf", "math.tanh"},
    {"fast_tanh", "math.tanh"}, {"fast_erf", "math.erf"}, {"fast_tanf", "math.tan"},
    {NULL, NULL},
};

static Value float_operand(Gen *g, const Node *n, Value x) {
  x = tensor_of(g, n, x);
  if (!sema_is_float(x.ty.dt)) {
    if (sema_is_ptr(x.ty.dt))
      gen_fail(g, n, "expected a floating-point tensor, got %s", sema_type_str(g->a, x.ty));
    x = gen_cast(g, n, x, sema_dtype(DT_F32), false);
  }
  return x;
}

static Value emit_unary(Gen *g, const char *op, Value x) {
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, op, 1, &v, gen_mlir_type(g, x.ty), 0, NULL), x.ty);
}

static Value emit_binary(Gen *g, const char *op, Value a, Value b) {
  MlirValue v[2] = {a.v, b.v};
  return gen_tensor(gen_op1(g, op, 2, v, gen_mlir_type(g, a.ty), 0, NULL), a.ty);
}

/* Brings two float operands to a common float type and shape. */
static void float_pair(Gen *g, const Node *n, Value *a, Value *b) {
  Value x = float_operand(g, n, *a), y = float_operand(g, n, *b);
  Type r = gen_promoted(g, n, "+", x, y);
  *a = gen_broadcast_to(g, n, gen_cast(g, n, x, r.dt, false), r);
  *b = gen_broadcast_to(g, n, gen_cast(g, n, y, r.dt, false), r);
}

static Value minmax(Gen *g, const Node *n, Value a, Value b, bool is_max, bool propagate_nan) {
  a = tensor_of(g, n, a); /* Triton's to_tensor quirk: literals become fp32/i32 first */
  b = tensor_of(g, n, b);
  Type r = gen_promoted(g, n, "+", a, b);
  const DType *dt = r.dt;
  a = gen_broadcast_to(g, n, gen_cast(g, n, a, dt, false), r);
  b = gen_broadcast_to(g, n, gen_cast(g, n, b, dt, false), r);
  const char *op;
  if (sema_is_float(dt))
    op = propagate_nan ? (is_max ? "arith.maximumf" : "arith.minimumf")
                       : (is_max ? "arith.maxnumf" : "arith.minnumf");
  else if (sema_is_signed(dt))
    op = is_max ? "arith.maxsi" : "arith.minsi";
  else
    op = is_max ? "arith.maxui" : "arith.minui";
  return emit_binary(g, op, a, b);
}

static Value where(Gen *g, const Node *n, Value c, Value x, Value y) {
  c = tensor_of(g, n, c);
  if (c.ty.dt->kind != DT_I1)
    c = gen_cast(g, n, c, sema_dtype(DT_I1), false);
  Value xt, yt;
  bool px = x.kind == V_TENSOR && sema_is_ptr(x.ty.dt), py = y.kind == V_TENSOR && sema_is_ptr(y.ty.dt);
  if (px || py) {
    xt = tensor_of(g, n, x);
    yt = tensor_of(g, n, y);
    if (!sema_dtype_eq(xt.ty.dt, yt.ty.dt))
      gen_fail(g, n, "tl.where on pointers needs two pointers of the same type");
  } else {
    Type r = gen_promoted(g, n, "+", x.kind == V_BOOL ? tensor_of(g, n, x) : x,
                          y.kind == V_BOOL ? tensor_of(g, n, y) : y);
    const DType *dt = r.dt;
    if (x.kind == V_TENSOR && y.kind == V_TENSOR && x.ty.dt->kind == DT_I1 && y.ty.dt->kind == DT_I1)
      dt = sema_dtype(DT_I1);
    xt = gen_cast(g, n, x, dt, false);
    yt = gen_cast(g, n, y, dt, false);
  }
  Type shape;
  const char *err;
  if (!sema_broadcast(c.ty, xt.ty, &shape, &err) || !sema_broadcast(shape, yt.ty, &shape, &err))
    gen_fail(g, n, "tl.where: incompatible shapes %s, %s and %s", sema_type_str(g->a, c.ty),
             sema_type_str(g->a, xt.ty), sema_type_str(g->a, yt.ty));
  c = gen_broadcast_to(g, n, c, shape);
  xt = gen_broadcast_to(g, n, xt, shape);
  yt = gen_broadcast_to(g, n, yt, shape);
  MlirValue ops[3] = {c.v, xt.v, yt.v};
  return gen_tensor(gen_op1(g, "arith.select", 3, ops, gen_mlir_type(g, xt.ty), 0, NULL), xt.ty);
}

/* ---- memory ---------------------------------------------------------------------------------- */

/* A load/store/atomic mask: a boolean tensor or a Python bool (as in Triton, other integer or
 * float masks are errors). */
static Value mask_arg(Gen *g, const Node *n, const char *fn, Value m) {
  if (m.kind == V_BOOL)
    return tensor_of(g, n, m);
  if (m.kind != V_TENSOR || m.ty.dt->kind != DT_I1)
    gen_fail(g, n, "%s: the mask must be a boolean (int1), got %s; compare it (x != 0) or use "
                   ".to(tl.int1)", fn, gen_value_desc(g, &m));
  return m;
}

static Value load(Gen *g, const Node *n, Args *a) {
  Value p = tensor_of(g, n, need(g, n, "load", a, 0, "pointer"));
  if (!sema_is_ptr(p.ty.dt))
    gen_fail(g, n, "tl.load expects a pointer, got %s", sema_type_str(g->a, p.ty));
  if (present(a, 3) && a->v[3]->kind == V_TUPLE && a->v[3]->n)
    gen_fail(g, n, "boundary_check is only supported with block pointers");
  const DType *el = p.ty.dt->pointee;
  const DType *mem = el->kind == DT_I1 ? sema_dtype(DT_I8) : el;
  MlirValue ops[3] = {p.v};
  int nops = 1;
  Type shape = p.ty;
  Value mask = {0}, other = {0};
  if (present(a, 1)) {
    mask = mask_arg(g, n, "tl.load", *a->v[1]);
    const char *err;
    if (!sema_broadcast(shape, mask.ty, &shape, &err))
      gen_fail(g, n, "tl.load: mask of shape %s does not broadcast to %s", sema_type_str(g->a, mask.ty),
               sema_type_str(g->a, p.ty));
  } else if (present(a, 2)) {
    gen_fail(g, n, "tl.load: 'other' requires a 'mask'");
  }
  p = gen_broadcast_to(g, n, p, shape);
  ops[0] = p.v;
  Type rt = sema_with_dtype(shape, mem);
  bool zero_other = false;
  if (mask.kind == V_TENSOR) {
    mask = gen_broadcast_to(g, n, mask, shape);
    ops[nops++] = mask.v;
    if (present(a, 2)) {
      Value o = *a->v[2];
      if (o.kind != V_TENSOR && !gen_is_const(&o))
        gen_fail(g, n, "tl.load: 'other' must be a tensor or a number, got %s", gen_value_desc(g, &o));
      if (o.kind == V_TENSOR && o.ty.rank > shape.rank)
        gen_fail(g, n, "tl.load: 'other' of shape %s does not broadcast to the pointer block %s",
                 sema_type_str(g->a, o.ty), sema_type_str(g->a, shape));
      /* other=0 / 0.0 is what masked lanes read anyway */
      zero_other = gen_is_const(&o) && (o.kind == V_FLOAT ? o.f == 0 && !signbit(o.f) : o.i == 0);
      other = gen_broadcast_to(g, n, gen_cast(g, n, o, mem, false), shape);
    }
  }
  MlirNamedAttribute vol = kir_attr(g->ctx, "volatile", mlirUnitAttrGet(g->ctx));
  bool is_vol = present(a, 7) && gen_truthy(g, n, a->v[7]);
  Value r = gen_tensor(gen_op1(g, "kir.load", nops, ops, gen_mlir_type(g, rt), is_vol, &vol), rt);
  if (other.kind == V_TENSOR && !zero_other) {
    /* kir.load is (ptr, mask): masked-off lanes read 0; `other` replaces them (docs/kir.md) */
    MlirValue sel[3] = {mask.v, r.v, other.v};
    r = gen_tensor(gen_op1(g, "arith.select", 3, sel, gen_mlir_type(g, rt), 0, NULL), rt);
  }
  if (el->kind == DT_I1)
    r = gen_cast(g, n, r, sema_dtype(DT_I1), false);
  return r;
}

static Value store(Gen *g, const Node *n, Args *a) {
  Value p = tensor_of(g, n, need(g, n, "store", a, 0, "pointer"));
  if (!sema_is_ptr(p.ty.dt))
    gen_fail(g, n, "tl.store expects a pointer, got %s", sema_type_str(g->a, p.ty));
  if (present(a, 3) && a->v[3]->kind == V_TUPLE && a->v[3]->n)
    gen_fail(g, n, "boundary_check is only supported with block pointers");
  const DType *el = p.ty.dt->pointee;
  const DType *mem = el->kind == DT_I1 ? sema_dtype(DT_I8) : el;
  Value v = need(g, n, "store", a, 1, "value");
  if (v.kind == V_TENSOR && v.ty.rank > p.ty.rank)
    gen_fail(g, n, "tl.store: value of shape %s is larger than the pointer block %s",
             sema_type_str(g->a, v.ty), sema_type_str(g->a, p.ty));
  v = gen_cast(g, n, v, mem, false);
  Value vb = gen_broadcast_to(g, n, v, p.ty);
  MlirValue ops[3] = {p.v, vb.v};
  int nops = 2;
  if (present(a, 2)) {
    Value m = mask_arg(g, n, "tl.store", *a->v[2]);
    Type ms;
    const char *err;
    if (!sema_broadcast(p.ty, m.ty, &ms, &err) || !sema_type_eq(sema_with_dtype(ms, p.ty.dt), p.ty))
      gen_fail(g, n, "tl.store: mask of shape %s does not broadcast to the pointer block %s",
               sema_type_str(g->a, m.ty), sema_type_str(g->a, p.ty));
    ops[nops++] = gen_broadcast_to(g, n, m, p.ty).v;
  }
  gen_op(g, "kir.store", nops, ops, 0, NULL, 0, NULL);
  return (Value){.kind = V_NONE};
}

static Value atomic(Gen *g, const Node *n, const char *kind, Args *a, bool cas) {
  Value p = tensor_of(g, n, need(g, n, "atomic", a, 0, "pointer"));
  if (!sema_is_ptr(p.ty.dt))
    gen_fail(g, n, "atomics need a pointer, got %s", sema_type_str(g->a, p.ty));
  const DType *el = p.ty.dt->pointee;
  const char *sem = "acq_rel";
  int semi = cas ? 3 : 3;
  if (present(a, semi)) {
    if (a->v[semi]->kind != V_STR)
      gen_fail(g, n, "sem must be a string");
    sem = a->v[semi]->s;
    if (strcmp(sem, "relaxed") && strcmp(sem, "acquire") && strcmp(sem, "release") &&
        strcmp(sem, "acq_rel"))
      gen_fail(g, n, "unknown memory semantic '%s'", sem);
  }
  if (cas) {
    Value c = gen_broadcast_to(g, n, gen_cast(g, n, need(g, n, "atomic_cas", a, 1, "cmp"), el, false), p.ty);
    Value v = gen_broadcast_to(g, n, gen_cast(g, n, need(g, n, "atomic_cas", a, 2, "val"), el, false), p.ty);
    MlirValue ops[3] = {p.v, c.v, v.v};
    MlirNamedAttribute at = attr_str(g, "sem", sem);
    Type rt = sema_with_dtype(p.ty, el);
    return gen_tensor(gen_op1(g, "kir.atomic_cas", 3, ops, gen_mlir_type(g, rt), 1, &at), rt);
  }
  Value v = gen_cast(g, n, need(g, n, "atomic", a, 1, "val"), el, false);
  Type shape = p.ty;
  const char *err;
  if (!sema_broadcast(shape, v.ty, &shape, &err))
    gen_fail(g, n, "atomic: value shape %s does not match the pointer %s", sema_type_str(g->a, v.ty),
             sema_type_str(g->a, p.ty));
  p = gen_broadcast_to(g, n, p, shape);
  v = gen_broadcast_to(g, n, v, shape);
  MlirValue ops[3] = {p.v, v.v};
  int nops = 2;
  if (present(a, 2)) {
    Value m = mask_arg(g, n, "atomic", *a->v[2]);
    ops[nops++] = gen_broadcast_to(g, n, m, shape).v;
  }
  bool fl = sema_is_float(el), sg = sema_is_signed(el);
  const char *k = kind;
  if (strcmp(kind, "add") == 0 && fl) k = "fadd";
  else if (strcmp(kind, "max") == 0) k = fl ? "fmax" : sg ? "max" : "umax";
  else if (strcmp(kind, "min") == 0) k = fl ? "fmin" : sg ? "min" : "umin";
  else if ((strcmp(kind, "and") == 0 || strcmp(kind, "or") == 0 || strcmp(kind, "xor") == 0) && !sema_is_int(el))
    gen_fail(g, n, "atomic_%s needs an integer pointer", kind);
  MlirNamedAttribute at[2] = {attr_str(g, "kind", k), attr_str(g, "sem", sem)};
  Type rt = sema_with_dtype(shape, el);
  return gen_tensor(gen_op1(g, "kir.atomic_rmw", nops, ops, gen_mlir_type(g, rt), 2, at), rt);
}

/* ---- shapes ---------------------------------------------------------------------------------- */
static Value reshape(Gen *g, const Node *n, Value x, Type t) {
  x = tensor_of(g, n, x);
  t.dt = x.ty.dt;
  if (sema_numel(t) != sema_numel(x.ty))
    gen_fail(g, n, "cannot reshape %s to %s: element counts differ", sema_type_str(g->a, x.ty),
             sema_type_str(g->a, t));
  if (sema_type_eq(x.ty, t))
    return x;
  if (t.rank == 0) {
    MlirValue v = x.v;
    return gen_tensor(gen_op1(g, "kir.unsplat", 1, &v, gen_mlir_type(g, t), 0, NULL), t);
  }
  if (x.ty.rank == 0)
    return gen_broadcast_to(g, n, x, t);
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, "kir.reshape", 1, &v, gen_mlir_type(g, t), 0, NULL), t);
}

static Value dims_tuple(Gen *g, Value *v) {
  /* reshape(x, (a, b)) and reshape(x, a, b) both give a tuple */
  if (v->kind == V_TUPLE && v->n == 1 && v->items[0].kind == V_TUPLE)
    return v->items[0];
  return *v;
}

static Value trans(Gen *g, const Node *n, Value x, Value dims) {
  x = tensor_of(g, n, x);
  int r = x.ty.rank;
  int32_t order[SEMA_MAX_RANK];
  if (dims.kind == V_TUPLE && dims.n == 0) {
    if (r < 2)
      gen_fail(g, n, "tl.trans needs a tensor of rank 2 or more");
    for (int i = 0; i < r; i++)
      order[i] = i;
    order[r - 1] = r - 2;
    order[r - 2] = r - 1;
  } else {
    if (dims.kind != V_TUPLE || dims.n != r)
      gen_fail(g, n, "permutation must list %d dimensions", r);
    int seen = 0;
    for (int i = 0; i < r; i++) {
      int64_t d = const_int(g, n, dims.items[i], "dimension");
      if (d < 0 || d >= r || (seen & (1 << d)))
        gen_fail(g, n, "invalid permutation");
      seen |= 1 << d;
      order[i] = (int32_t)d;
    }
  }
  Type t = x.ty;
  for (int i = 0; i < r; i++)
    t.shape[i] = x.ty.shape[order[i]];
  MlirNamedAttribute at = kir_attr(g->ctx, "order", mlirDenseI32ArrayGet(g->ctx, r, order));
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, "kir.trans", 1, &v, gen_mlir_type(g, t), 1, &at), t);
}

/* ---- reductions and scans -------------------------------------------------------------------- */
/* argmax/argmin and max/min(return_indices=True): one (value, index) kir.reduce. Setting this to 0
 * lowers them as two single-operand reductions instead (the extreme value, then the first index
 * holding it). */
#ifndef GEN_MULTI_OPERAND_REDUCE
#define GEN_MULTI_OPERAND_REDUCE 1
#endif

/* C_ARGMAX/C_ARGMIN break ties toward the smaller index, the _R forms toward the larger one */
typedef enum Comb {
  C_ADD, C_MUL, C_MAX, C_MIN, C_XOR, C_OR, C_ARGMAX, C_ARGMIN, C_ARGMAX_R, C_ARGMIN_R, C_USER
} Comb;

/* Emits the combiner body into the current block for element values lhs/rhs (n each). */
static void emit_combine(Gen *g, const Node *n, Comb c, const Node *fn, int nin, Value *lhs,
                         Value *rhs, Value *out) {
  switch (c) {
  case C_ADD: out[0] = gen_binary(g, n, "+", lhs[0], rhs[0]); return;
  case C_MUL: out[0] = gen_binary(g, n, "*", lhs[0], rhs[0]); return;
  case C_XOR: out[0] = gen_binary(g, n, "^", lhs[0], rhs[0]); return;
  case C_OR: out[0] = gen_binary(g, n, "|", lhs[0], rhs[0]); return;
  case C_MAX: out[0] = minmax(g, n, lhs[0], rhs[0], true, false); return;
  case C_MIN: out[0] = minmax(g, n, lhs[0], rhs[0], false, false); return;
  case C_ARGMAX:
  case C_ARGMIN:
  case C_ARGMAX_R:
  case C_ARGMIN_R: {
    /* pick lhs when strictly better, or equal with the index the tie-break prefers */
    const char *op = c == C_ARGMAX || c == C_ARGMAX_R ? ">" : "<";
    Value better = gen_cmp(g, n, op, lhs[0], rhs[0]);
    Value eq = gen_cmp(g, n, "==", lhs[0], rhs[0]);
    Value li = gen_cmp(g, n, c == C_ARGMAX || c == C_ARGMIN ? "<" : ">", lhs[1], rhs[1]);
    Value pick = gen_binary(g, n, "|", better, gen_binary(g, n, "&", eq, li));
    out[0] = where(g, n, pick, lhs[0], rhs[0]);
    out[1] = where(g, n, pick, lhs[1], rhs[1]);
    return;
  }
  case C_USER: {
    Value *args = arena_alloc(g->a, sizeof(Value) * (2 * nin + 1));
    for (int i = 0; i < nin; i++)
      args[i] = lhs[i], args[nin + i] = rhs[i];
    Value r = gen_call_function(g, n, fn, args, 2 * nin, NULL, NULL, 0);
    if (nin == 1 && r.kind != V_TUPLE)
      out[0] = r;
    else if (r.kind == V_TUPLE && r.n == nin)
      for (int i = 0; i < nin; i++)
        out[i] = r.items[i];
    else
      gen_fail(g, n, "combine function must return %d value(s)", nin);
    for (int i = 0; i < nin; i++) {
      out[i] = gen_cast(g, n, out[i], lhs[i].ty.dt, false);
      if (out[i].ty.rank != 0)
        gen_fail(g, n, "combine function must return scalars");
    }
    return;
  }
  }
}

/* kir.reduce / kir.scan over inputs along axis (-1: flatten then axis 0). */
static Value *reduce_scan(Gen *g, const Node *n, bool scan, Value *ins, int nin, int64_t axis,
                          bool keep_dims, bool reverse, Comb c, const Node *fn) {
  Type t0 = ins[0].ty;
  if (t0.rank == 0)
    gen_fail(g, n, "cannot reduce a scalar");
  if (nin > KIR_MAX_REDUCE_OPERANDS)
    gen_fail(g, n, "reductions and scans take at most %d operands, got %d", KIR_MAX_REDUCE_OPERANDS,
             nin);
  if (axis == INT64_MIN) { /* axis=None */
    if (scan)
      gen_fail(g, n, "scans need an axis");
    Type flat = {.dt = t0.dt, .rank = 1, .shape = {sema_numel(t0)}};
    for (int i = 0; i < nin; i++)
      ins[i] = reshape(g, n, ins[i], sema_with_dtype(flat, ins[i].ty.dt));
    Value *r = reduce_scan(g, n, false, ins, nin, 0, false, false, c, fn);
    if (keep_dims) {
      Type k = {.rank = t0.rank};
      for (int i = 0; i < t0.rank; i++)
        k.shape[i] = 1;
      for (int i = 0; i < nin; i++)
        r[i] = reshape(g, n, r[i], sema_with_dtype(k, r[i].ty.dt));
    }
    return r;
  }
  if (axis < 0)
    axis += t0.rank;
  if (axis < 0 || axis >= t0.rank)
    gen_fail(g, n, "axis %lld is out of range for a tensor of rank %d", (long long)axis, t0.rank);
  for (int i = 0; i < nin; i++)
    if (ins[i].ty.rank != t0.rank || memcmp(ins[i].ty.shape, t0.shape, sizeof(int64_t) * t0.rank))
      gen_fail(g, n, "reduction inputs must have the same shape");
  MlirType *ety = arena_alloc(g->a, sizeof(MlirType) * (2 * nin + 1));
  MlirType *rty = arena_alloc(g->a, sizeof(MlirType) * (nin + 1));
  Type *kty = arena_alloc(g->a, sizeof(Type) * (nin + 1));
  MlirValue *ops = arena_alloc(g->a, sizeof(MlirValue) * (nin + 1));
  for (int i = 0; i < nin; i++) {
    ety[i] = ety[nin + i] = gen_mlir_dtype(g, ins[i].ty.dt);
    Type rt = ins[i].ty;
    if (!scan) {
      memmove(rt.shape + axis, rt.shape + axis + 1, sizeof(int64_t) * (rt.rank - axis - 1));
      rt.rank--;
    }
    kty[i] = rt;
    rty[i] = gen_mlir_type(g, rt);
    ops[i] = ins[i].v;
  }
  MlirLocation *locs = arena_alloc(g->a, sizeof(MlirLocation) * (2 * nin + 1));
  for (int i = 0; i < 2 * nin; i++)
    locs[i] = g->loc;
  MlirBlock body = mlirBlockCreate(2 * nin, ety, locs);
  MlirBlock outer = g->block;
  g->block = body;
  Value *l = arena_alloc(g->a, sizeof(Value) * (nin + 1)), *r = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  Value *o = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  for (int i = 0; i < nin; i++) {
    l[i] = gen_tensor(mlirBlockGetArgument(body, i), sema_scalar(ins[i].ty.dt));
    r[i] = gen_tensor(mlirBlockGetArgument(body, nin + i), sema_scalar(ins[i].ty.dt));
  }
  emit_combine(g, n, c, fn, nin, l, r, o);
  MlirValue *yv = arena_alloc(g->a, sizeof(MlirValue) * (nin + 1));
  for (int i = 0; i < nin; i++)
    yv[i] = o[i].v;
  gen_op(g, "gpu.yield", nin, yv, 0, NULL, 0, NULL);
  g->block = outer;
  MlirOperationState st = mlirOperationStateGet(kir_str(scan ? "kir.scan" : "kir.reduce"), g->loc);
  mlirOperationStateAddOperands(&st, nin, ops);
  mlirOperationStateAddResults(&st, nin, rty);
  /* one segment per possible operand (docs/kir.md: at most KIR_MAX_REDUCE_OPERANDS) */
  int32_t seg[KIR_MAX_REDUCE_OPERANDS];
  for (int i = 0; i < KIR_MAX_REDUCE_OPERANDS; i++)
    seg[i] = i < nin;
  MlirNamedAttribute at[4] = {
      kir_attr(g->ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(g->ctx, KIR_MAX_REDUCE_OPERANDS, seg)),
      kir_attr(g->ctx, "resultSegmentSizes", mlirDenseI32ArrayGet(g->ctx, KIR_MAX_REDUCE_OPERANDS, seg)),
      attr_i32(g, "axis", axis), kir_attr(g->ctx, "reverse", mlirBoolAttrGet(g->ctx, reverse))};
  mlirOperationStateAddAttributes(&st, scan ? 4 : 3, at);
  MlirRegion reg = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(reg, body);
  mlirOperationStateAddOwnedRegions(&st, 1, &reg);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(g->block, op);
  Value *res = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  for (int i = 0; i < nin; i++) {
    res[i] = gen_tensor(mlirOperationGetResult(op, i), kty[i]);
    if (!scan && keep_dims) {
      Type k = ins[i].ty;
      k.shape[axis] = 1;
      res[i] = reshape(g, n, res[i], sema_with_dtype(k, res[i].ty.dt));
    }
  }
  return res;
}

static int64_t axis_arg(Gen *g, const Node *n, Args *a, int i) {
  if (!present(a, i))
    return INT64_MIN;
  return const_int(g, n, *a->v[i], "axis");
}

/* index tensor along `axis` with the shape of x (for argmax / return_indices) */
static Value index_along(Gen *g, const Node *n, Type t, int64_t axis) {
  if (axis < 0)
    axis += t.rank;
  Type at = {.dt = sema_dtype(DT_I32), .rank = 1, .shape = {t.shape[axis]}};
  MlirNamedAttribute ar[2] = {attr_i32(g, "start", 0), attr_i32(g, "end", t.shape[axis])};
  Value idx = gen_tensor(gen_op1(g, "kir.arange", 0, NULL, gen_mlir_type(g, at), 2, ar), at);
  /* shape it as [1,..,N,..,1] then broadcast */
  Type k = {.dt = at.dt, .rank = t.rank};
  for (int i = 0; i < t.rank; i++)
    k.shape[i] = i == axis ? t.shape[axis] : 1;
  idx = reshape(g, n, idx, k);
  return gen_broadcast_to(g, n, idx, sema_with_dtype(t, at.dt));
}

static const DType *sum_dtype(const DType *dt) {
  if (sema_is_int(dt) && sema_bits(dt) < 32)
    return sema_is_signed(dt) ? sema_dtype(DT_I32) : sema_dtype(DT_U32);
  return dt;
}

static const DType *minmax_dtype(const DType *dt) {
  if (dt->kind == DT_BF16 || dt->kind == DT_F16)
    return sema_dtype(DT_F32);
  if (sema_is_int(dt) && sema_bits(dt) < 32)
    return sema_is_signed(dt) ? sema_dtype(DT_I32) : sema_dtype(DT_U32);
  return dt;
}

static Value reduction(Gen *g, const Node *n, const char *f, Args *a) {
  Value x = tensor_of(g, n, need(g, n, f, a, 0, "input"));
  int64_t axis = axis_arg(g, n, a, 1);
  if (strcmp(f, "sum") == 0 || strcmp(f, "xor_sum") == 0 || strcmp(f, "reduce_or") == 0) {
    bool keep = present(a, 2) && gen_truthy(g, n, a->v[2]);
    const DType *dt = present(a, 3) ? const_dtype_arg(g, n, *a->v[3], "dtype") : sum_dtype(x.ty.dt);
    if (f[0] != 's' && !sema_is_int(x.ty.dt))
      gen_fail(g, n, "tl.%s needs an integer tensor", f);
    x = gen_cast(g, n, x, dt, false);
    Comb c = f[0] == 's' ? C_ADD : f[0] == 'x' ? C_XOR : C_OR;
    return reduce_scan(g, n, false, &x, 1, axis, keep, false, c, NULL)[0];
  }
  /* max / min / argmax / argmin */
  bool is_arg = f[0] == 'a';
  bool is_max = strstr(f, "max") != NULL;
  bool ret_idx = is_arg || (present(a, 2) && gen_truthy(g, n, a->v[2]));
  bool keep = is_arg ? (present(a, 3) && gen_truthy(g, n, a->v[3]))
                     : (present(a, 4) && gen_truthy(g, n, a->v[4]));
  if (is_arg && axis == INT64_MIN)
    gen_fail(g, n, "tl.%s needs an axis", f);
  if (!ret_idx) {
    x = gen_cast(g, n, x, minmax_dtype(x.ty.dt), false);
    return reduce_scan(g, n, false, &x, 1, axis, keep, false, is_max ? C_MAX : C_MIN, NULL)[0];
  }
  if (axis == INT64_MIN) {
    Type flat = {.dt = x.ty.dt, .rank = 1, .shape = {sema_numel(x.ty)}};
    x = reshape(g, n, x, flat);
    axis = 0;
  }
  if (x.ty.dt->kind == DT_BF16)
    x = gen_cast(g, n, x, sema_dtype(DT_F32), false);
  if (axis < 0)
    axis += x.ty.rank;
  bool tie_left = true;
  int ti = is_arg ? 2 : 3;
  if (present(a, ti))
    tie_left = gen_truthy(g, n, a->v[ti]);
#if GEN_MULTI_OPERAND_REDUCE
  Value ins[2] = {x, index_along(g, n, x.ty, axis)};
  Comb cmb = is_max ? (tie_left ? C_ARGMAX : C_ARGMAX_R) : (tie_left ? C_ARGMIN : C_ARGMIN_R);
  Value *r = reduce_scan(g, n, false, ins, 2, axis, keep, false, cmb, NULL);
  Value val = r[0], idx = r[1];
#else
  /* Two single-operand reductions: the extreme value m, then the smallest (tie_break_left) or
   * largest index whose element equals m. */
  Value val = reduce_scan(g, n, false, &x, 1, axis, true, false, is_max ? C_MAX : C_MIN, NULL)[0];
  Value hit = gen_cmp(g, n, "==", x, gen_broadcast_to(g, n, val, x.ty));
  Value iota = index_along(g, n, x.ty, axis);
  Value cand = where(g, n, hit, iota, gen_const_int(tie_left ? INT32_MAX : -1));
  Value idx = reduce_scan(g, n, false, &cand, 1, axis, keep, false, tie_left ? C_MIN : C_MAX, NULL)[0];
  if (!keep) {
    Type vt = x.ty;
    memmove(vt.shape + axis, vt.shape + axis + 1, sizeof(int64_t) * (vt.rank - axis - 1));
    vt.rank--;
    val = reshape(g, n, val, vt);
  }
#endif
  if (is_arg)
    return idx;
  Value t = {.kind = V_TUPLE, .n = 2};
  t.items = arena_alloc(g->a, sizeof(Value) * 2);
  t.items[0] = val;
  t.items[1] = idx;
  return t;
}

/* tl.sort(x, dim=None, descending=False): one kir.sort. Triton's bitonic network sorts along the
 * last dimension only (static_assert "only minor dimension is currently supported"); kcc also
 * accepts that dimension as -1. Integers carry their signedness in the `unsigned` attribute. */
static Value sort_tile(Gen *g, const Node *n, Args *a) {
  Value x = tensor_of(g, n, need(g, n, "sort", a, 0, "x"));
  if (x.ty.rank == 0)
    gen_fail(g, n, "tl.sort needs a tensor, got a scalar");
  if (!sema_is_int(x.ty.dt) && !sema_is_float(x.ty.dt))
    gen_fail(g, n, "tl.sort needs integers or floats, got %s", sema_type_str(g->a, x.ty));
  int64_t dim = present(a, 1) ? const_int(g, n, *a->v[1], "dim") : x.ty.rank - 1;
  if (dim != x.ty.rank - 1 && dim != -1)
    gen_fail(g, n, "tl.sort only supports the last dimension (%d) of %s, got dim=%lld",
             x.ty.rank - 1, sema_type_str(g->a, x.ty), (long long)dim);
  bool desc = present(a, 2) && gen_truthy(g, n, a->v[2]);
  MlirNamedAttribute at[3] = {attr_i32(g, "axis", x.ty.rank - 1),
                              kir_attr(g->ctx, "descending", mlirBoolAttrGet(g->ctx, desc)),
                              kir_attr(g->ctx, "unsigned", mlirUnitAttrGet(g->ctx))};
  int nat = sema_is_int(x.ty.dt) && !sema_is_signed(x.ty.dt) ? 3 : 2;
  return gen_tensor(gen_op1(g, "kir.sort", 1, &x.v, gen_mlir_type(g, x.ty), nat, at), x.ty);
}

/* ---- dot ------------------------------------------------------------------------------------- */
static Value dot(Gen *g, const Node *n, Args *a) {
  Value x = tensor_of(g, n, need(g, n, "dot", a, 0, "input"));
  Value y = tensor_of(g, n, need(g, n, "dot", a, 1, "other"));
  if (x.ty.rank != 2 || y.ty.rank != 2)
    gen_fail(g, n, "tl.dot needs 2-D operands, got %s and %s", sema_type_str(g->a, x.ty),
             sema_type_str(g->a, y.ty));
  if (x.ty.shape[1] != y.ty.shape[0])
    gen_fail(g, n, "tl.dot: inner dimensions differ (%s @ %s)", sema_type_str(g->a, x.ty),
             sema_type_str(g->a, y.ty));
  if (!sema_dtype_eq(x.ty.dt, y.ty.dt))
    gen_fail(g, n, "tl.dot: both operands must have the same dtype, got %s and %s",
             sema_dtype_name(x.ty.dt), sema_dtype_name(y.ty.dt));
  if (present(a, 3) && present(a, 4))
    gen_fail(g, n, "tl.dot: give only one of input_precision and allow_tf32");
  DKind k = x.ty.dt->kind;
  const DType *out;
  if (k == DT_I8 || k == DT_U8)
    out = sema_dtype(DT_I32);
  else if (k == DT_F64)
    out = sema_dtype(DT_F64);
  else if (k == DT_F32 || k == DT_BF16)
    out = sema_dtype(DT_F32);
  else if (k == DT_F16 || k == DT_F8E4 || k == DT_F8E5) {
    out = present(a, 6) ? const_dtype_arg(g, n, *a->v[6], "out_dtype") : sema_dtype(DT_F32);
    if (out->kind != DT_F32 && out->kind != DT_F16)
      gen_fail(g, n, "tl.dot: out_dtype must be float32 or float16");
  } else
    gen_fail(g, n, "tl.dot does not support %s operands", sema_dtype_name(x.ty.dt));
  Type rt = {.dt = out, .rank = 2, .shape = {x.ty.shape[0], y.ty.shape[1]}};
  Value acc;
  if (present(a, 2)) {
    acc = tensor_of(g, n, *a->v[2]);
    if (acc.ty.rank != 2 || acc.ty.shape[0] != rt.shape[0] || acc.ty.shape[1] != rt.shape[1])
      gen_fail(g, n, "tl.dot: accumulator of type %s does not match the result shape %s",
               sema_type_str(g->a, acc.ty), sema_type_str(g->a, rt));
    if (!sema_dtype_eq(acc.ty.dt, out))
      gen_fail(g, n, "tl.dot: accumulator dtype %s differs from the output dtype %s",
               sema_dtype_name(acc.ty.dt), sema_dtype_name(out));
  } else {
    acc = gen_constant(g, rt, 0, 0);
  }
  MlirValue ops[3] = {x.v, y.v, acc.v};
  return gen_tensor(gen_op1(g, "kir.dot", 3, ops, gen_mlir_type(g, rt), 0, NULL), rt);
}

/* ---- the dispatcher -------------------------------------------------------------------------- */
#define IS(s) (strcmp(f, s) == 0)
#define BIND(spec) Args a = bind(g, n, f, spec, self, args, nargs, kwn, kwv, nkw)

Value gen_call_builtin(Gen *g, const Node *n, const char *name, Value *self, Value *args,
                       int nargs, const char **kwn, Value *kwv, int nkw) {
  if (strncmp(name, "dtype.", 6) == 0)
    return dtype_method(g, n, self->dt, name + 6);
  const char *f = name;
  if (strncmp(name, "tl.", 3) == 0)
    f = name + 3;
  else if (strncmp(name, "libdevice.", 10) == 0)
    f = name + 10;
  else if (strncmp(name, "triton.", 7) == 0) {
    f = name + 7;
    if (IS("cdiv") || IS("next_power_of_2")) {
      BIND("x,y");
      int64_t x = const_int(g, n, need(g, n, f, &a, 0, "x"), "argument");
      if (IS("cdiv")) {
        int64_t y = const_int(g, n, need(g, n, f, &a, 1, "y"), "argument");
        if (y == 0)
          gen_fail(g, n, "division by zero");
        return gen_binary(g, n, "//", gen_const_int(x + y - 1), gen_const_int(y));
      }
      int64_t p = 1;
      while (p < x)
        p <<= 1;
      return gen_const_int(p);
    }
    gen_fail(g, n, "'%s' cannot be used inside a kernel", name);
  } else if (strncmp(name, "py.", 3) == 0) {
    f = name + 3;
    if (IS("min") || IS("max")) {
      if (nargs < 2)
        gen_fail(g, n, "%s() needs at least 2 arguments inside kernels", f);
      Value r = args[0];
      for (int i = 1; i < nargs; i++) {
        if (r.kind != V_TENSOR && args[i].kind != V_TENSOR) {
          Value c = gen_cmp(g, n, IS("min") ? "<" : ">", args[i], r);
          if (c.i)
            r = args[i];
        } else {
          r = minmax(g, n, r, args[i], IS("max"), false);
        }
      }
      return r;
    }
    if (IS("len")) {
      if (nargs != 1 || (args[0].kind != V_TUPLE && args[0].kind != V_STR))
        gen_fail(g, n, "len() needs a constexpr tuple");
      return gen_const_int(args[0].kind == V_TUPLE ? args[0].n : (int64_t)strlen(args[0].s));
    }
    if (IS("float") || IS("int") || IS("bool")) {
      if (nargs != 1)
        gen_fail(g, n, "%s() takes one argument", f);
      Value v = args[0];
      if (IS("float") && v.kind == V_STR) {
        if (strcmp(v.s, "inf") == 0 || strcmp(v.s, "+inf") == 0)
          return (Value){.kind = V_FLOAT, .f = INFINITY};
        if (strcmp(v.s, "-inf") == 0)
          return (Value){.kind = V_FLOAT, .f = -INFINITY};
        if (strcmp(v.s, "nan") == 0)
          return (Value){.kind = V_FLOAT, .f = NAN};
        gen_fail(g, n, "float() of '%s' is not supported", v.s);
      }
      if (v.kind == V_TENSOR)
        return gen_cast(g, n, v, IS("float") ? sema_dtype(DT_F32) : IS("int") ? sema_dtype(DT_I32) : sema_dtype(DT_I1), false);
      if (!gen_is_const(&v))
        gen_fail(g, n, "%s() of %s is not supported", f, gen_value_desc(g, &v));
      double x = v.kind == V_FLOAT ? v.f : (double)v.i;
      if (IS("float"))
        return (Value){.kind = V_FLOAT, .f = x};
      if (IS("int"))
        return gen_const_int(v.kind == V_FLOAT ? (int64_t)v.f : v.i);
      return (Value){.kind = V_BOOL, .i = x != 0};
    }
    if (IS("abs"))
      return gen_call_builtin(g, n, "tl.abs", NULL, args, nargs, kwn, kwv, nkw);
    if (IS("print"))
      return gen_call_builtin(g, n, "tl.device_print", NULL, args, nargs, kwn, kwv, nkw);
    if (IS("isinstance")) {
      if (nargs != 2)
        gen_fail(g, n, "isinstance() takes 2 arguments");
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
    gen_fail(g, n, "the Python builtin '%s' is not supported in kernels", f);
  } else if (strncmp(name, "math.", 5) == 0) {
    f = name + 5;
  } else {
    gen_fail(g, n, "'%s' is not supported in kernels", name);
  }

  /* program grid */
  if (IS("program_id") || IS("num_programs")) {
    BIND("axis");
    int64_t ax = a.v[0] ? const_int(g, n, *a.v[0], "axis") : 0;
    if (ax < 0 || ax > 2)
      gen_fail(g, n, "axis must be 0, 1 or 2, got %lld", (long long)ax);
    MlirNamedAttribute at = attr_i32(g, "axis", ax);
    Type t = sema_scalar(sema_dtype(DT_I32));
    return gen_tensor(gen_op1(g, IS("program_id") ? "kir.program_id" : "kir.num_programs", 0, NULL,
                              gen_mlir_type(g, t), 1, &at),
                      t);
  }
  if (IS("arange")) {
    BIND("start,end");
    int64_t s = const_int(g, n, need(g, n, f, &a, 0, "start"), "arange's start");
    int64_t e = const_int(g, n, need(g, n, f, &a, 1, "end"), "arange's end");
    if (e <= s)
      gen_fail(g, n, "arange's end must be greater than start (got %lld, %lld)", (long long)s, (long long)e);
    if (!sema_is_pow2(e - s))
      gen_fail(g, n, "arange's range must be a power of 2, got %lld", (long long)(e - s));
    if (s < INT32_MIN || e > (int64_t)INT32_MAX + 1)
      gen_fail(g, n, "arange's bounds must fit in int32");
    Type t = {.dt = sema_dtype(DT_I32), .rank = 1, .shape = {e - s}};
    MlirNamedAttribute at[2] = {attr_i32(g, "start", s), attr_i32(g, "end", e)};
    return gen_tensor(gen_op1(g, "kir.arange", 0, NULL, gen_mlir_type(g, t), 2, at), t);
  }
  if (IS("zeros") || IS("full") || IS("empty")) {
    BIND(IS("full") ? "shape,value,dtype" : "shape,dtype");
    int di = IS("full") ? 2 : 1;
    const DType *dt = a.v[di] ? const_dtype_arg(g, n, *a.v[di], "dtype") : NULL;
    Value v = IS("full") ? need(g, n, f, &a, 1, "value") : gen_const_int(0);
    if (!dt) {
      if (IS("full") && v.kind == V_TENSOR)
        dt = v.ty.dt;
      else
        gen_fail(g, n, "tl.%s() missing required argument 'dtype'", f);
    }
    Type t = shape_arg(g, n, need(g, n, f, &a, 0, "shape"), dt);
    if (gen_is_const(&v))
      return gen_constant(g, t, v.kind == V_FLOAT ? v.f : (double)v.i, v.kind == V_FLOAT ? (int64_t)v.f : v.i);
    if (v.kind != V_TENSOR || v.ty.rank != 0)
      gen_fail(g, n, "tl.full's value must be a scalar");
    return gen_broadcast_to(g, n, gen_cast(g, n, v, dt, false), t);
  }
  if (IS("zeros_like") || IS("full_like")) {
    BIND("input,value,dtype");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input"));
    Type t = x.ty;
    if (a.v[2])
      t.dt = const_dtype_arg(g, n, *a.v[2], "dtype");
    Value v = IS("full_like") ? need(g, n, f, &a, 1, "value") : gen_const_int(0);
    if (!gen_is_const(&v))
      gen_fail(g, n, "tl.%s's value must be a constexpr", f);
    return gen_constant(g, t, v.kind == V_FLOAT ? v.f : (double)v.i, v.i);
  }
  if (IS("make_block_ptr")) {
    BIND("base,shape,strides,offsets,block_shape,order");
    return gen_make_block_ptr(g, n, need(g, n, f, &a, 0, "base"), need(g, n, f, &a, 1, "shape"),
                              need(g, n, f, &a, 2, "strides"), need(g, n, f, &a, 3, "offsets"),
                              need(g, n, f, &a, 4, "block_shape"), need(g, n, f, &a, 5, "order"));
  }
  if (IS("advance")) {
    BIND("base,offsets");
    return gen_advance(g, n, need(g, n, f, &a, 0, "base"), need(g, n, f, &a, 1, "offsets"));
  }
  if (IS("load")) {
    BIND("pointer,mask,other,boundary_check,padding_option,cache_modifier,eviction_policy,volatile");
    if (a.v[0] && a.v[0]->kind == V_BLOCKPTR) {
      if (present(&a, 1) || present(&a, 2))
        gen_fail(g, n, "tl.load: mask and other are not supported with block pointers (use "
                       "boundary_check and padding_option)");
      return gen_block_load(g, n, *a.v[0], a.v[3], a.v[4]);
    }
    return load(g, n, &a);
  }
  if (IS("store")) {
    BIND("pointer,value,mask,boundary_check,cache_modifier,eviction_policy");
    if (a.v[0] && a.v[0]->kind == V_BLOCKPTR) {
      if (present(&a, 2))
        gen_fail(g, n, "tl.store: mask is not supported with block pointers (use boundary_check)");
      gen_block_store(g, n, *a.v[0], need(g, n, f, &a, 1, "value"), a.v[3]);
      return (Value){.kind = V_NONE};
    }
    return store(g, n, &a);
  }
  if (IS("atomic_cas")) {
    BIND("pointer,cmp,val,sem,scope");
    return atomic(g, n, "cas", &a, true);
  }
  if (strncmp(f, "atomic_", 7) == 0) {
    const char *k = f + 7;
    if (strcmp(k, "add") && strcmp(k, "max") && strcmp(k, "min") && strcmp(k, "and") &&
        strcmp(k, "or") && strcmp(k, "xor") && strcmp(k, "xchg"))
      gen_fail(g, n, "unknown atomic 'tl.%s'", f);
    BIND("pointer,val,mask,sem,scope");
    return atomic(g, n, k, &a, false);
  }
  if (IS("where")) {
    BIND("condition,x,y");
    return where(g, n, need(g, n, f, &a, 0, "condition"), need(g, n, f, &a, 1, "x"), need(g, n, f, &a, 2, "y"));
  }
  if (IS("maximum") || IS("minimum")) {
    BIND("x,y,propagate_nan");
    bool pn = present(&a, 2) && a.v[2]->kind != V_BOOL && a.v[2]->kind != V_INT ? true
              : present(&a, 2) ? a.v[2]->i != 0 : false;
    if (present(&a, 2) && a.v[2]->kind == V_BUILTIN)
      pn = strstr(a.v[2]->s, "ALL") != NULL;
    return minmax(g, n, need(g, n, f, &a, 0, "x"), need(g, n, f, &a, 1, "y"), IS("maximum"), pn);
  }
  if (IS("clamp")) {
    BIND("x,min,max,propagate_nan");
    Value x = need(g, n, f, &a, 0, "x");
    Value lo = need(g, n, f, &a, 1, "min"), hi = need(g, n, f, &a, 2, "max");
    return minmax(g, n, minmax(g, n, x, lo, true, false), hi, false, false);
  }
  if (IS("cdiv")) {
    BIND("x,div");
    Value x = need(g, n, f, &a, 0, "x"), d = need(g, n, f, &a, 1, "div");
    return gen_binary(g, n, "//", gen_binary(g, n, "+", x, gen_binary(g, n, "-", d, gen_const_int(1))), d);
  }
  if (IS("sum") || IS("xor_sum") || IS("reduce_or")) {
    BIND("input,axis,keep_dims,dtype");
    return reduction(g, n, f, &a);
  }
  if (IS("max") || IS("min")) {
    BIND("input,axis,return_indices,return_indices_tie_break_left,keep_dims");
    return reduction(g, n, f, &a);
  }
  if (IS("argmax") || IS("argmin")) {
    BIND("input,axis,tie_break_left,keep_dims");
    return reduction(g, n, f, &a);
  }
  if (IS("reduce") || IS("associative_scan")) {
    bool scan = IS("associative_scan");
    BIND(scan ? "input,axis,combine_fn,reverse" : "input,axis,combine_fn,keep_dims");
    Value in = need(g, n, f, &a, 0, "input");
    Value fn = need(g, n, f, &a, 2, "combine_fn");
    if (fn.kind != V_FUNC)
      gen_fail(g, n, "combine_fn must be a @jit function");
    int nin = in.kind == V_TUPLE ? in.n : 1;
    Value *ins = arena_alloc(g->a, sizeof(Value) * (nin + 1));
    for (int i = 0; i < nin; i++)
      ins[i] = tensor_of(g, n, in.kind == V_TUPLE ? in.items[i] : in);
    int64_t axis = axis_arg(g, n, &a, 1);
    bool flag = present(&a, 3) && gen_truthy(g, n, a.v[3]);
    Value *r = reduce_scan(g, n, scan, ins, nin, axis, scan ? false : flag, scan ? flag : false, C_USER, fn.fn);
    if (in.kind != V_TUPLE)
      return r[0];
    Value t = {.kind = V_TUPLE, .n = nin, .items = r};
    return t;
  }
  if (IS("cumsum") || IS("cumprod")) {
    BIND("input,axis,reverse,dtype");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input"));
    int64_t axis = a.v[1] ? const_int(g, n, *a.v[1], "axis") : 0;
    const DType *dt = present(&a, 3) ? const_dtype_arg(g, n, *a.v[3], "dtype") : sum_dtype(x.ty.dt);
    if (dt->kind == DT_BF16)
      dt = sema_dtype(DT_F32);
    x = gen_cast(g, n, x, dt, false);
    bool rev = present(&a, 2) && gen_truthy(g, n, a.v[2]);
    return reduce_scan(g, n, true, &x, 1, axis, false, rev, IS("cumsum") ? C_ADD : C_MUL, NULL)[0];
  }
  if (IS("sort")) {
    BIND("x,dim,descending");
    return sort_tile(g, n, &a);
  }
  if (IS("dot")) {
    BIND("input,other,acc,input_precision,allow_tf32,max_num_imprecise_acc,out_dtype");
    return dot(g, n, &a);
  }
  /* elementwise math */
  for (int i = 0; unary_math[i].name; i++)
    if (IS(unary_math[i].name)) {
      BIND("x");
      return emit_unary(g, unary_math[i].op, float_operand(g, n, need(g, n, f, &a, 0, "x")));
    }
  if (IS("abs")) {
    BIND("x");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "x"));
    if (sema_is_ptr(x.ty.dt))
      gen_fail(g, n, "tl.abs expects a number, got %s", sema_type_str(g->a, x.ty));
    if (sema_is_float(x.ty.dt))
      return emit_unary(g, "math.absf", x);
    if (!sema_is_signed(x.ty.dt))
      return x;
    return emit_unary(g, "math.absi", x);
  }
  if (IS("sigmoid")) {
    BIND("x");
    Value x = float_operand(g, n, need(g, n, f, &a, 0, "x"));
    Value e = emit_unary(g, "math.exp", gen_unary(g, n, "-", x));
    return gen_binary(g, n, "/", (Value){.kind = V_FLOAT, .f = 1.0},
                      gen_binary(g, n, "+", (Value){.kind = V_FLOAT, .f = 1.0}, e));
  }
  if (IS("softmax")) {
    BIND("x,dim,keep_dims,ieee_rounding");
    Value x = float_operand(g, n, need(g, n, f, &a, 0, "x"));
    int64_t ax = present(&a, 1) ? const_int(g, n, *a.v[1], "dim") : x.ty.rank - 1;
    Value m = reduce_scan(g, n, false, &x, 1, ax, true, false, C_MAX, NULL)[0];
    Value e = emit_unary(g, "math.exp", gen_binary(g, n, "-", x, m));
    Value s = reduce_scan(g, n, false, &e, 1, ax, true, false, C_ADD, NULL)[0];
    return gen_binary(g, n, "/", e, s);
  }
  if (IS("pow") || IS("powf") || IS("atan2") || IS("fmod") || IS("div_rn") || IS("div_rz") ||
      IS("fdiv") || IS("copysign") || IS("hypot") || IS("fast_powf") || IS("fast_dividef") ||
      IS("fmin") || IS("fmax")) {
    BIND("x,y,ieee_rounding");
    Value x = need(g, n, f, &a, 0, "x"), y = need(g, n, f, &a, 1, "y");
    float_pair(g, n, &x, &y);
    if (IS("pow") || IS("powf") || IS("fast_powf")) return emit_binary(g, "math.powf", x, y);
    if (IS("atan2")) return emit_binary(g, "math.atan2", x, y);
    if (IS("fmod")) return emit_binary(g, "arith.remf", x, y);
    if (IS("copysign")) return emit_binary(g, "math.copysign", x, y);
    if (IS("fmin")) return emit_binary(g, "arith.minnumf", x, y);
    if (IS("fmax")) return emit_binary(g, "arith.maxnumf", x, y);
    if (IS("hypot")) {
      Value s = gen_binary(g, n, "+", gen_binary(g, n, "*", x, x), gen_binary(g, n, "*", y, y));
      return emit_unary(g, "math.sqrt", s);
    }
    Value q = emit_binary(g, "arith.divf", x, y);
    return IS("div_rz") ? emit_unary(g, "math.trunc", q) : q;
  }
  if (IS("fma")) {
    BIND("x,y,z");
    Value x = float_operand(g, n, need(g, n, f, &a, 0, "x"));
    Value y = need(g, n, f, &a, 1, "y"), z = need(g, n, f, &a, 2, "z");
    Value s = {.ty = gen_promoted(g, n, "+", (Value){.kind = V_TENSOR, .ty = gen_promoted(g, n, "*", x, y)}, z)};
    y = gen_broadcast_to(g, n, gen_cast(g, n, y, s.ty.dt, false), s.ty);
    z = gen_broadcast_to(g, n, gen_cast(g, n, z, s.ty.dt, false), s.ty);
    x = gen_broadcast_to(g, n, gen_cast(g, n, x, s.ty.dt, false), s.ty);
    MlirValue ops[3] = {x.v, y.v, z.v};
    return gen_tensor(gen_op1(g, "math.fma", 3, ops, gen_mlir_type(g, s.ty), 0, NULL), s.ty);
  }
  if (IS("isnan") || IS("isinf") || IS("isfinited") || IS("finitef") || IS("signbit")) {
    BIND("x");
    Value x = float_operand(g, n, need(g, n, f, &a, 0, "x"));
    Type bt = sema_with_dtype(x.ty, sema_dtype(DT_I1));
    const char *op = IS("isnan") ? "math.isnan" : IS("isinf") ? "math.isinf" : "math.isfinite";
    if (IS("signbit")) { /* the sign bit itself: true for -0.0 and negative NaNs too */
      static const DKind ints[] = {[8] = DT_I8, [16] = DT_I16, [32] = DT_I32, [64] = DT_I64};
      Value bits = gen_cast(g, n, x, sema_dtype(ints[sema_bits(x.ty.dt)]), true);
      return gen_cmp(g, n, "<", bits, gen_constant(g, bits.ty, 0, 0));
    }
    MlirValue v = x.v;
    Value r = gen_tensor(gen_op1(g, op, 1, &v, gen_mlir_type(g, bt), 0, NULL), bt);
    return r;
  }
  if (IS("logical_and") || IS("logical_or")) {
    BIND("input,other");
    Value x = gen_cast(g, n, need(g, n, f, &a, 0, "input"), sema_dtype(DT_I1), false);
    Value y = gen_cast(g, n, need(g, n, f, &a, 1, "other"), sema_dtype(DT_I1), false);
    return gen_binary(g, n, IS("logical_and") ? "&" : "|", x, y);
  }
  if (IS("umulhi") || IS("mulhi")) {
    BIND("x,y");
    Value x = need(g, n, f, &a, 0, "x"), y = need(g, n, f, &a, 1, "y");
    Value s = {.ty = gen_promoted(g, n, "*", x, y)};
    if (!sema_is_int(s.ty.dt))
      gen_fail(g, n, "tl.umulhi needs integers");
    x = gen_broadcast_to(g, n, gen_cast(g, n, x, s.ty.dt, false), s.ty);
    y = gen_broadcast_to(g, n, gen_cast(g, n, y, s.ty.dt, false), s.ty);
    /* The high half of the double-width product: extend, multiply, shift, truncate. Plain arith
     * ops every backend handles; LLVM matches them to a widening multiply. */
    bool sg = IS("mulhi");
    int bits = sema_bits(s.ty.dt);
    MlirType wide_el = mlirIntegerTypeGet(g->ctx, (unsigned)(2 * bits));
    MlirType wide = s.ty.rank ? mlirRankedTensorTypeGet(s.ty.rank, s.ty.shape, wide_el, mlirAttributeGetNull())
                              : wide_el;
    const char *ext = sg ? "arith.extsi" : "arith.extui";
    MlirValue wx = gen_op1(g, ext, 1, &x.v, wide, 0, NULL), wy = gen_op1(g, ext, 1, &y.v, wide, 0, NULL);
    MlirValue prod = gen_op1(g, "arith.muli", 2, (MlirValue[]){wx, wy}, wide, 0, NULL);
    MlirAttribute sh_el = mlirIntegerAttrGet(wide_el, bits);
    MlirNamedAttribute shv =
        kir_attr(g->ctx, "value", s.ty.rank ? mlirDenseElementsAttrSplatGet(wide, sh_el) : sh_el);
    MlirValue sh = gen_op1(g, "arith.constant", 0, NULL, wide, 1, &shv);
    MlirValue hi = gen_op1(g, "arith.shrui", 2, (MlirValue[]){prod, sh}, wide, 0, NULL);
    return gen_tensor(gen_op1(g, "arith.trunci", 1, &hi, gen_mlir_type(g, s.ty), 0, NULL), s.ty);
  }
  /* shape manipulation */
  if (IS("broadcast_to")) {
    BIND("input,*shape");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input"));
    Value sh = a.v[1] ? dims_tuple(g, a.v[1]) : (Value){.kind = V_TUPLE};
    Type t = shape_arg(g, n, sh, x.ty.dt);
    return gen_broadcast_to(g, n, x, t);
  }
  if (IS("broadcast")) {
    BIND("input,other");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input")), y = tensor_of(g, n, need(g, n, f, &a, 1, "other"));
    Type s;
    const char *err;
    if (!sema_broadcast(x.ty, y.ty, &s, &err))
      gen_fail(g, n, "incompatible shapes %s and %s", sema_type_str(g->a, x.ty), sema_type_str(g->a, y.ty));
    Value t = {.kind = V_TUPLE, .n = 2};
    t.items = arena_alloc(g->a, sizeof(Value) * 2);
    t.items[0] = gen_broadcast_to(g, n, x, s);
    t.items[1] = gen_broadcast_to(g, n, y, s);
    return t;
  }
  if (IS("expand_dims") || IS("unsqueeze")) {
    BIND("input,axis");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input"));
    int64_t ax = const_int(g, n, need(g, n, f, &a, 1, "axis"), "axis");
    if (ax < 0)
      ax += x.ty.rank + 1;
    if (ax < 0 || ax > x.ty.rank || x.ty.rank >= SEMA_MAX_RANK)
      gen_fail(g, n, "invalid axis for expand_dims");
    Type t = x.ty;
    memmove(t.shape + ax + 1, t.shape + ax, sizeof(int64_t) * (t.rank - ax));
    t.shape[ax] = 1;
    t.rank++;
    if (x.ty.rank == 0)
      return gen_broadcast_to(g, n, x, t);
    MlirNamedAttribute at = attr_i32(g, "axis", ax);
    MlirValue v = x.v;
    return gen_tensor(gen_op1(g, "kir.expand_dims", 1, &v, gen_mlir_type(g, t), 1, &at), t);
  }
  if (IS("reshape") || IS("view")) {
    BIND("input,*shape");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input"));
    for (int i = 0; i < nkw; i++)
      if (strcmp(kwn[i], "can_reorder") != 0)
        gen_fail(g, n, "reshape() got an unexpected keyword argument '%s'", kwn[i]);
    Value sh = a.v[1] ? dims_tuple(g, a.v[1]) : (Value){.kind = V_TUPLE};
    return reshape(g, n, x, shape_arg(g, n, sh, x.ty.dt));
  }
  if (IS("ravel")) {
    BIND("input");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "input"));
    Type t = {.dt = x.ty.dt, .rank = 1, .shape = {sema_numel(x.ty)}};
    return reshape(g, n, x, t);
  }
  if (IS("trans") || IS("permute")) {
    BIND("input,*dims");
    Value x = need(g, n, f, &a, 0, "input");
    Value d = a.v[1] ? dims_tuple(g, a.v[1]) : (Value){.kind = V_TUPLE};
    return trans(g, n, x, d);
  }
  if (IS("join")) {
    BIND("a,b");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "a")), y = tensor_of(g, n, need(g, n, f, &a, 1, "b"));
    if (!sema_type_eq(x.ty, y.ty))
      gen_fail(g, n, "tl.join needs two tensors of the same type");
    Type t = x.ty;
    t.shape[t.rank++] = 2;
    MlirValue ops[2] = {x.v, y.v};
    return gen_tensor(gen_op1(g, "kir.join", 2, ops, gen_mlir_type(g, t), 0, NULL), t);
  }
  if (IS("split")) {
    BIND("a");
    Value x = tensor_of(g, n, need(g, n, f, &a, 0, "a"));
    if (x.ty.rank == 0 || x.ty.shape[x.ty.rank - 1] != 2)
      gen_fail(g, n, "tl.split needs a last dimension of size 2");
    Type t = x.ty;
    t.rank--;
    MlirType rt[2] = {gen_mlir_type(g, t), gen_mlir_type(g, t)};
    MlirValue v = x.v;
    MlirOperation op = gen_op(g, "kir.split", 1, &v, 2, rt, 0, NULL);
    Value r = {.kind = V_TUPLE, .n = 2};
    r.items = arena_alloc(g->a, sizeof(Value) * 2);
    r.items[0] = gen_tensor(mlirOperationGetResult(op, 0), t);
    r.items[1] = gen_tensor(mlirOperationGetResult(op, 1), t);
    return r;
  }
  /* casts */
  if (IS("to") || IS("cast")) {
    BIND("input,dtype,fp_downcast_rounding,bitcast");
    Value x = need(g, n, f, &a, 0, "input");
    const DType *dt = const_dtype_arg(g, n, need(g, n, f, &a, 1, "dtype"), "dtype");
    bool bc = present(&a, 3) && gen_truthy(g, n, a.v[3]);
    return gen_cast(g, n, tensor_of(g, n, x), dt, bc);
  }
  if (IS("pointer_type")) {
    BIND("element_ty,address_space,const");
    const DType *dt = const_dtype_arg(g, n, need(g, n, f, &a, 0, "element_ty"), "element type");
    return dtype_value(sema_ptr(g->a, dt));
  }
  if (IS("constexpr")) {
    BIND("value");
    Value v = need(g, n, f, &a, 0, "value");
    if (v.kind == V_TENSOR)
      gen_fail(g, n, "tl.constexpr() of a runtime value");
    return v;
  }
  if (IS("to_tensor")) {
    BIND("x");
    return tensor_of(g, n, need(g, n, f, &a, 0, "x"));
  }
  /* hints and debugging */
  if (IS("multiple_of") || IS("max_contiguous") || IS("max_constancy")) {
    BIND("input,values");
    return need(g, n, f, &a, 0, "input");
  }
  if (IS("assume") || IS("expect_zero")) {
    BIND("cond");
    (void)a;
    return (Value){.kind = V_NONE};
  }
  if (IS("debug_barrier")) {
    gen_op(g, "kir.barrier", 0, NULL, 0, NULL, 0, NULL);
    return (Value){.kind = V_NONE};
  }
  if (IS("static_assert")) {
    BIND("cond,msg");
    Value c = need(g, n, f, &a, 0, "cond");
    if (c.kind == V_TENSOR)
      gen_fail(g, n, "tl.static_assert needs a constexpr condition");
    if (!gen_truthy(g, n, &c))
      gen_fail(g, n, "static assertion failed%s%s", a.v[1] && a.v[1]->kind == V_STR ? ": " : "",
               a.v[1] && a.v[1]->kind == V_STR ? a.v[1]->s : "");
    return (Value){.kind = V_NONE};
  }
  if (IS("static_print"))
    return (Value){.kind = V_NONE};
  if (IS("device_assert")) {
    BIND("cond,msg,mask");
    Value c = need(g, n, f, &a, 0, "cond");
    if (!g->debug)
      return (Value){.kind = V_NONE};
    Value b = gen_cast(g, n, tensor_of(g, n, c), sema_dtype(DT_I1), false);
    const char *msg = a.v[1] && a.v[1]->kind == V_STR ? a.v[1]->s : "device_assert failed";
    MlirNamedAttribute at = attr_str(g, "msg", arena_printf(g->a, "%s:%d: %s", g->file->name,
                                                            n->loc.line + g->file->line_offset, msg));
    gen_op(g, "kir.assert", 1, &b.v, 0, NULL, 1, &at);
    return (Value){.kind = V_NONE};
  }
  if (IS("device_print")) {
    const char *prefix = "";
    int start = 0;
    if (nargs && args[0].kind == V_STR)
      prefix = args[0].s, start = 1;
    /* one kir.print per value: the values of one call may have different types */
    MlirNamedAttribute at = attr_str(g, "prefix", prefix);
    if (start == nargs)
      gen_op(g, "kir.print", 0, NULL, 0, NULL, 1, &at);
    for (int i = start; i < nargs; i++) {
      MlirValue v = tensor_of(g, n, args[i]).v;
      gen_op(g, "kir.print", 1, &v, 0, NULL, 1, &at);
    }
    return (Value){.kind = V_NONE};
  }
  Value pr;
  if (!self && gen_call_prelude(g, n, f, args, nargs, kwn, kwv, nkw, &pr))
    return pr;
  gen_fail(g, n, "'%s' is not supported by kcc", name);
}

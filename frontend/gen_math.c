/*
 * gen_math.c - elementwise math builtins: tl.exp & co. and their libdevice / math spellings,
 * tl.where, tl.maximum/minimum/clamp, fma, umulhi, the float predicates and logical ops.
 */
#include "gen_builtins.h"

#include <string.h>

Value gen_float_operand(Gen *g, const Node *n, Value x) {
  x = tensor_of(g, n, x);
  if (!sema_is_float(x.ty.dt)) {
    if (sema_is_ptr(x.ty.dt))
      gen_fail(g, n, "expected a floating-point tensor, got %s", sema_type_str(g->a, x.ty));
    x = gen_cast(g, n, x, sema_dtype(DT_F32), false);
  }
  return x;
}

static Value emit_binary(Gen *g, const char *op, Value a, Value b) {
  MlirValue v[2] = {a.v, b.v};
  return gen_tensor(gen_op1(g, op, 2, v, gen_mlir_type(g, a.ty), 0, NULL), a.ty);
}

/* Brings two float operands to a common float type and shape. */
static void float_pair(Gen *g, const Node *n, Value *a, Value *b) {
  Value x = gen_float_operand(g, n, *a), y = gen_float_operand(g, n, *b);
  Type r = gen_promoted(g, n, "+", x, y);
  *a = gen_broadcast_to(g, n, gen_cast(g, n, x, r.dt, false), r);
  *b = gen_broadcast_to(g, n, gen_cast(g, n, y, r.dt, false), r);
}

Value gen_minmax(Gen *g, const Node *n, Value a, Value b, bool is_max, bool propagate_nan) {
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

Value gen_where(Gen *g, const Node *n, Value c, Value x, Value y) {
  c = tensor_of(g, n, c);
  if (c.ty.dt->kind != DT_I1) c = gen_cast(g, n, c, sema_dtype(DT_I1), false);
  Value xt, yt;
  bool px = x.kind == V_TENSOR && sema_is_ptr(x.ty.dt),
       py = y.kind == V_TENSOR && sema_is_ptr(y.ty.dt);
  if (px || py) {
    xt = tensor_of(g, n, x);
    yt = tensor_of(g, n, y);
    if (!sema_dtype_eq(xt.ty.dt, yt.ty.dt))
      gen_fail(g, n, "tl.where on pointers needs two pointers of the same type");
  } else {
    Type r = gen_promoted(g, n, "+", x.kind == V_BOOL ? tensor_of(g, n, x) : x,
                          y.kind == V_BOOL ? tensor_of(g, n, y) : y);
    const DType *dt = r.dt;
    if (x.kind == V_TENSOR && y.kind == V_TENSOR && x.ty.dt->kind == DT_I1 &&
        y.ty.dt->kind == DT_I1)
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

/* ---- handlers -------------------------------------------------------------------------------- */
static Value h_where(Gen *g, const Node *n, Call *c) {
  return gen_where(g, n, ARG(0, "condition"), ARG(1, "x"), ARG(2, "y"));
}

/* tl.maximum / tl.minimum (op: "max" / "min") */
static Value h_maximum(Gen *g, const Node *n, Call *c) {
  Args *a = &c->a;
  bool pn = arg_present(a, 2) && a->v[2]->kind != V_BOOL && a->v[2]->kind != V_INT ? true
            : arg_present(a, 2)                                                    ? a->v[2]->i != 0
                                                                                   : false;
  if (arg_present(a, 2) && a->v[2]->kind == V_BUILTIN) pn = strstr(a->v[2]->s, "ALL") != NULL;
  return gen_minmax(g, n, ARG(0, "x"), ARG(1, "y"), strcmp(c->b->op, "max") == 0, pn);
}

static Value h_clamp(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "x");
  Value lo = ARG(1, "min"), hi = ARG(2, "max");
  return gen_minmax(g, n, gen_minmax(g, n, x, lo, true, false), hi, false, false);
}

static Value h_cdiv(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "x"), d = ARG(1, "div");
  return gen_binary(g, n, "//",
                    gen_binary(g, n, "+", x, gen_binary(g, n, "-", d, gen_const_int(1))), d);
}

/* one float operand, one math op (op) */
static Value h_unary(Gen *g, const Node *n, Call *c) {
  return emit_unary(g, c->b->op, gen_float_operand(g, n, ARG(0, "x")));
}

static Value h_abs(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "x"));
  if (sema_is_ptr(x.ty.dt))
    gen_fail(g, n, "tl.abs expects a number, got %s", sema_type_str(g->a, x.ty));
  if (sema_is_float(x.ty.dt)) return emit_unary(g, "math.absf", x);
  if (!sema_is_signed(x.ty.dt)) return x;
  return emit_unary(g, "math.absi", x);
}

static Value h_sigmoid(Gen *g, const Node *n, Call *c) {
  Value x = gen_float_operand(g, n, ARG(0, "x"));
  Value e = emit_unary(g, "math.exp", gen_unary(g, n, "-", x));
  return gen_binary(g, n, "/", (Value){.kind = V_FLOAT, .f = 1.0},
                    gen_binary(g, n, "+", (Value){.kind = V_FLOAT, .f = 1.0}, e));
}

/* two float operands brought to one type and shape; op: the math op, or "hypot" / "div_rz" */
static Value h_float_binary(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "x"), y = ARG(1, "y");
  float_pair(g, n, &x, &y);
  const char *op = c->b->op;
  if (strcmp(op, "hypot") == 0) {
    Value s = gen_binary(g, n, "+", gen_binary(g, n, "*", x, x), gen_binary(g, n, "*", y, y));
    return emit_unary(g, "math.sqrt", s);
  }
  if (strcmp(op, "div_rz") == 0)
    return emit_unary(g, "math.trunc", emit_binary(g, "arith.divf", x, y));
  return emit_binary(g, op, x, y);
}

static Value h_fma(Gen *g, const Node *n, Call *c) {
  Value x = gen_float_operand(g, n, ARG(0, "x"));
  Value y = ARG(1, "y"), z = ARG(2, "z");
  Value s = {.ty = gen_promoted(g, n, "+",
                                (Value){.kind = V_TENSOR, .ty = gen_promoted(g, n, "*", x, y)}, z)};
  y = gen_broadcast_to(g, n, gen_cast(g, n, y, s.ty.dt, false), s.ty);
  z = gen_broadcast_to(g, n, gen_cast(g, n, z, s.ty.dt, false), s.ty);
  x = gen_broadcast_to(g, n, gen_cast(g, n, x, s.ty.dt, false), s.ty);
  MlirValue ops[3] = {x.v, y.v, z.v};
  return gen_tensor(gen_op1(g, "math.fma", 3, ops, gen_mlir_type(g, s.ty), 0, NULL), s.ty);
}

/* a float predicate (op: math.isnan / isinf / isfinite) */
static Value h_float_pred(Gen *g, const Node *n, Call *c) {
  Value x = gen_float_operand(g, n, ARG(0, "x"));
  Type bt = sema_with_dtype(x.ty, sema_dtype(DT_I1));
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, c->b->op, 1, &v, gen_mlir_type(g, bt), 0, NULL), bt);
}

/* the sign bit itself: true for -0.0 and negative NaNs too */
static Value h_signbit(Gen *g, const Node *n, Call *c) {
  Value x = gen_float_operand(g, n, ARG(0, "x"));
  static const DKind ints[] = {[8] = DT_I8, [16] = DT_I16, [32] = DT_I32, [64] = DT_I64};
  Value bits = gen_cast(g, n, x, sema_dtype(ints[sema_bits(x.ty.dt)]), true);
  return gen_cmp(g, n, "<", bits, gen_constant(g, bits.ty, 0, 0));
}

/* tl.logical_and / logical_or (op: "&" / "|") */
static Value h_logical(Gen *g, const Node *n, Call *c) {
  Value x = gen_cast(g, n, ARG(0, "input"), sema_dtype(DT_I1), false);
  Value y = gen_cast(g, n, ARG(1, "other"), sema_dtype(DT_I1), false);
  return gen_binary(g, n, c->b->op, x, y);
}

/* The high half of the double-width product (op: the extension, arith.extui for umulhi and
 * arith.extsi for mulhi): extend, multiply, shift, truncate. Plain arith ops every backend
 * handles; LLVM matches them to a widening multiply. */
static Value h_mulhi(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "x"), y = ARG(1, "y");
  Value s = {.ty = gen_promoted(g, n, "*", x, y)};
  if (!sema_is_int(s.ty.dt)) gen_fail(g, n, "tl.umulhi needs integers");
  x = gen_broadcast_to(g, n, gen_cast(g, n, x, s.ty.dt, false), s.ty);
  y = gen_broadcast_to(g, n, gen_cast(g, n, y, s.ty.dt, false), s.ty);
  int bits = sema_bits(s.ty.dt);
  MlirType wide_el = mlirIntegerTypeGet(g->ctx, (unsigned)(2 * bits));
  MlirType wide =
      s.ty.rank ? mlirRankedTensorTypeGet(s.ty.rank, s.ty.shape, wide_el, mlirAttributeGetNull())
                : wide_el;
  const char *ext = c->b->op;
  MlirValue wx = gen_op1(g, ext, 1, &x.v, wide, 0, NULL),
            wy = gen_op1(g, ext, 1, &y.v, wide, 0, NULL);
  MlirValue prod = gen_op1(g, "arith.muli", 2, (MlirValue[]){wx, wy}, wide, 0, NULL);
  MlirAttribute sh_el = mlirIntegerAttrGet(wide_el, bits);
  MlirNamedAttribute shv =
      kir_attr(g->ctx, "value", s.ty.rank ? mlirDenseElementsAttrSplatGet(wide, sh_el) : sh_el);
  MlirValue sh = gen_op1(g, "arith.constant", 0, NULL, wide, 1, &shv);
  MlirValue hi = gen_op1(g, "arith.shrui", 2, (MlirValue[]){prod, sh}, wide, 0, NULL);
  return gen_tensor(gen_op1(g, "arith.trunci", 1, &hi, gen_mlir_type(g, s.ty), 0, NULL), s.ty);
}

/* ---- the table ------------------------------------------------------------------------------- */
#define UNARY(name, op)                                                                            \
  { name, h_unary, "x", op }
#define BINARY(name, op)                                                                           \
  { name, h_float_binary, "x,y,ieee_rounding", op }
#define PRED(name, op)                                                                             \
  { name, h_float_pred, "x", op }

const Builtin gen_builtins_math[] = {
    {"where", h_where, "condition,x,y", NULL},
    {"maximum", h_maximum, "x,y,propagate_nan", "max"},
    {"minimum", h_maximum, "x,y,propagate_nan", "min"},
    {"clamp", h_clamp, "x,min,max,propagate_nan", NULL},
    {"cdiv", h_cdiv, "x,div", NULL},
    UNARY("exp", "math.exp"),
    UNARY("exp2", "math.exp2"),
    UNARY("log", "math.log"),
    UNARY("log2", "math.log2"),
    UNARY("log10", "math.log10"),
    UNARY("log1p", "math.log1p"),
    UNARY("expm1", "math.expm1"),
    UNARY("sqrt", "math.sqrt"),
    UNARY("sqrt_rn", "math.sqrt"),
    UNARY("rsqrt", "math.rsqrt"),
    UNARY("sin", "math.sin"),
    UNARY("cos", "math.cos"),
    UNARY("tan", "math.tan"),
    UNARY("asin", "math.asin"),
    UNARY("acos", "math.acos"),
    UNARY("atan", "math.atan"),
    UNARY("sinh", "math.sinh"),
    UNARY("cosh", "math.cosh"),
    UNARY("tanh", "math.tanh"),
    UNARY("asinh", "math.asinh"),
    UNARY("acosh", "math.acosh"),
    UNARY("atanh", "math.atanh"),
    UNARY("erf", "math.erf"),
    UNARY("floor", "math.floor"),
    UNARY("ceil", "math.ceil"),
    UNARY("trunc", "math.trunc"),
    UNARY("rint", "math.roundeven"),
    UNARY("nearbyint", "math.roundeven"),
    UNARY("round", "math.round"),
    UNARY("cbrt", "math.cbrt"),
    UNARY("fast_expf", "math.exp"),
    UNARY("fast_logf", "math.log"),
    UNARY("fast_log2f", "math.log2"),
    UNARY("fast_sinf", "math.sin"),
    UNARY("fast_cosf", "math.cos"),
    UNARY("fast_tanhf", "math.tanh"),
    UNARY("fast_tanh", "math.tanh"),
    UNARY("fast_erf", "math.erf"),
    UNARY("fast_tanf", "math.tan"),
    {"abs", h_abs, "x", NULL},
    {"sigmoid", h_sigmoid, "x", NULL},
    BINARY("pow", "math.powf"),
    BINARY("powf", "math.powf"),
    BINARY("fast_powf", "math.powf"),
    BINARY("atan2", "math.atan2"),
    BINARY("fmod", "arith.remf"),
    BINARY("copysign", "math.copysign"),
    BINARY("fmin", "arith.minnumf"),
    BINARY("fmax", "arith.maxnumf"),
    BINARY("hypot", "hypot"),
    BINARY("div_rn", "arith.divf"),
    BINARY("fdiv", "arith.divf"),
    BINARY("fast_dividef", "arith.divf"),
    BINARY("div_rz", "div_rz"),
    {"fma", h_fma, "x,y,z", NULL},
    PRED("isnan", "math.isnan"),
    PRED("isinf", "math.isinf"),
    PRED("isfinited", "math.isfinite"),
    PRED("finitef", "math.isfinite"),
    {"signbit", h_signbit, "x", NULL},
    {"logical_and", h_logical, "input,other", "&"},
    {"logical_or", h_logical, "input,other", "|"},
    {"umulhi", h_mulhi, "x,y", "arith.extui"},
    {"mulhi", h_mulhi, "x,y", "arith.extsi"},
};
const int gen_builtins_math_n = sizeof gen_builtins_math / sizeof *gen_builtins_math;

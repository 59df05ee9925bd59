/*
 * gen_ops.c - emission of typed operations: constants, casts, broadcasting, the arithmetic and
 * comparison operators with Triton's promotion rules, and their mapping onto arith/math/kir ops.
 */
#include "gen_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void gen_fail(Gen *g, const Node *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  /* errors inside kcc's own prelude (tl.rand & co.) are the caller's: report them at the call */
  Loc l = g->prelude_call ? g->prelude_call->loc : n ? n->loc : (Loc){g->file, 1, 1};
  diag_verror(g->d, l, fmt, ap);
  va_end(ap);
  longjmp(g->fail, 1);
}

Value gen_const_int(int64_t v) {
  return (Value){.kind = V_INT, .i = v};
}

Value gen_tensor(MlirValue v, Type t) {
  return (Value){.kind = V_TENSOR, .v = v, .ty = t};
}

bool gen_is_const(const Value *v) {
  return v->kind == V_BOOL || v->kind == V_INT || v->kind == V_FLOAT;
}

const char *gen_value_desc(Gen *g, const Value *v) {
  switch (v->kind) {
  case V_NONE: return "None";
  case V_BOOL: return v->i ? "constexpr True" : "constexpr False";
  case V_INT: return arena_printf(g->a, "constexpr int %lld", (long long)v->i);
  case V_FLOAT: return arena_printf(g->a, "constexpr float %g", v->f);
  case V_STR: return arena_printf(g->a, "constexpr str '%s'", v->s);
  case V_DTYPE: return arena_printf(g->a, "dtype %s", sema_dtype_name(v->dt));
  case V_TUPLE: return "tuple";
  case V_TENSOR: return arena_printf(g->a, "tensor of type %s", sema_type_str(g->a, v->ty));
  case V_FUNC: return arena_printf(g->a, "jit function '%s'", v->fn->name);
  case V_BUILTIN: return arena_printf(g->a, "'%s'", v->s);
  case V_METHOD: return arena_printf(g->a, "method '%s'", v->s);
  case V_SLICE: return "slice";
  case V_BLOCKPTR:
    return arena_printf(g->a, "block pointer of shape %s", sema_type_str(g->a, v->ty));
  }
  return "value";
}

void gen_tuple_nest(Gen *g, const Node *n, Value *t) {
  int nest = 0;
  for (int i = 0; i < t->n; i++)
    if (t->items[i].kind == V_TUPLE && t->items[i].nest + 1 > nest) nest = t->items[i].nest + 1;
  if (nest > GEN_MAX_VALUE_NEST)
    gen_fail(g, n, "tuple nested too deeply (more than %d levels)", GEN_MAX_VALUE_NEST);
  t->nest = (unsigned short)nest;
}

/* ---- types ----------------------------------------------------------------------------------- */
MlirType gen_mlir_dtype(Gen *g, const DType *dt) {
  switch (dt->kind) {
  case DT_I1: return mlirIntegerTypeGet(g->ctx, 1);
  case DT_I8: case DT_U8: return mlirIntegerTypeGet(g->ctx, 8);
  case DT_I16: case DT_U16: return mlirIntegerTypeGet(g->ctx, 16);
  case DT_I32: case DT_U32: return mlirIntegerTypeGet(g->ctx, 32);
  case DT_I64: case DT_U64: return mlirIntegerTypeGet(g->ctx, 64);
  case DT_F16: return mlirF16TypeGet(g->ctx);
  case DT_BF16: return mlirBF16TypeGet(g->ctx);
  case DT_F32: return mlirF32TypeGet(g->ctx);
  case DT_F64: return mlirF64TypeGet(g->ctx);
  case DT_F8E5: case DT_F8E4: case DT_F8E4B15:
    return mlirIntegerTypeGet(g->ctx, 8); /* bytes: gen_fp8.c */
  case DT_PTR: {
    /* memory of i1 is bytes */
    const DType *p = dt->pointee->kind == DT_I1 ? sema_dtype(DT_I8) : dt->pointee;
    return kir_ptr_type(g->ctx, gen_mlir_dtype(g, p));
  }
  case DT_VOID: break;
  }
  return mlirNoneTypeGet(g->ctx);
}

MlirType gen_mlir_type(Gen *g, Type t) {
  MlirType el = gen_mlir_dtype(g, t.dt);
  if (t.rank == 0)
    return el;
  return mlirRankedTensorTypeGet(t.rank, t.shape, el, mlirAttributeGetNull());
}

/* ---- emission -------------------------------------------------------------------------------- */
MlirOperation gen_op(Gen *g, const char *name, intptr_t nops, const MlirValue *ops, intptr_t nres,
                     const MlirType *res, intptr_t nattrs, const MlirNamedAttribute *attrs) {
  if (++g->ops > GEN_MAX_OPS)
    gen_fail(g, g->node,
             "the kernel needs more than %d operations (unrolled loops or inlined "
             "calls grow too much)",
             GEN_MAX_OPS);
  return kir_op(g->block, name, g->loc, nops, ops, nres, res, nattrs, attrs);
}

MlirValue gen_op1(Gen *g, const char *name, intptr_t nops, const MlirValue *ops, MlirType res,
                  intptr_t nattrs, const MlirNamedAttribute *attrs) {
  MlirOperation op = gen_op(g, name, nops, ops, 1, &res, nattrs, attrs);
  return mlirOperationGetResult(op, 0);
}

static MlirAttribute scalar_attr(Gen *g, const DType *dt, double f, int64_t i) {
  MlirType t = gen_mlir_dtype(g, dt);
  if (sema_is_float(dt))
    return mlirFloatAttrDoubleGet(g->ctx, t, f);
  if (dt->kind == DT_I1)
    return mlirIntegerAttrGet(t, i ? -1 : 0);
  return mlirIntegerAttrGet(t, i);
}

Value gen_constant(Gen *g, Type t, double f, int64_t i) {
  if (sema_is_fp8(t.dt)) /* an fp32 constant, rounded to fp8 */
    return gen_fp8_encode(g, NULL, gen_constant(g, sema_with_dtype(t, sema_dtype(DT_F32)), f, i),
                          t.dt);
  MlirType mt = gen_mlir_type(g, t);
  MlirAttribute el = scalar_attr(g, t.dt, f, i);
  MlirAttribute a = t.rank ? mlirDenseElementsAttrSplatGet(mt, el) : el;
  MlirNamedAttribute na = kir_attr(g->ctx, "value", a);
  return gen_tensor(gen_op1(g, "arith.constant", 0, NULL, mt, 1, &na), t);
}

Value gen_to_tensor(Gen *g, const Node *n, const Value *v) {
  if (v->kind == V_TENSOR)
    return *v;
  const char *err = NULL;
  const DType *dt = NULL;
  switch (v->kind) {
  case V_BOOL: dt = sema_dtype(DT_I1); break;
  case V_INT: dt = sema_literal_dtype(PY_INT, v->i, v->ubig, 0, &err); break;
  case V_FLOAT: dt = sema_literal_dtype(PY_FLOAT, 0, false, v->f, &err); break;
  default:
    gen_fail(g, n, "expected a tensor or a number, got %s", gen_value_desc(g, v));
  }
  if (!dt)
    gen_fail(g, n, "%s", err);
  return gen_constant(g, sema_scalar(dt), v->f, v->i);
}

/* Makes a Python number a tensor of dtype `dt` (checking the int range). */
static Value const_as(Gen *g, const Node *n, const Value *v, const DType *dt) {
  if (sema_is_int(dt) && v->kind == V_INT && dt->kind != DT_I1) {
    int bits = sema_bits(dt);
    bool ok;
    if (sema_is_signed(dt))
      ok = bits == 64 ? !v->ubig : (v->i >= -(INT64_C(1) << (bits - 1)) && v->i < (INT64_C(1) << (bits - 1)));
    else
      ok = (v->ubig || v->i >= 0) && (bits == 64 || v->ubig == false) &&
           (bits == 64 || v->i < (INT64_C(1) << bits));
    if (!ok)
      gen_fail(g, n, "value %lld is out of range for type %s", (long long)v->i, sema_dtype_name(dt));
  }
  double f = v->kind == V_FLOAT ? v->f : (v->ubig ? (double)(uint64_t)v->i : (double)v->i);
  int64_t i = v->i;
  if (v->kind == V_FLOAT) { /* only in range is the conversion defined (NaN is not) */
    bool fits = v->f >= -0x1p63 && v->f < 0x1p63;
    if (!fits && sema_is_int(dt))
      gen_fail(g, n, "value %g is out of range for type %s", v->f, sema_dtype_name(dt));
    i = fits ? (int64_t)v->f : 0;
  }
  return gen_constant(g, sema_scalar(dt), f, i);
}

static bool is_f16ish(const DType *t) {
  return t->kind == DT_F16 || t->kind == DT_BF16 || sema_is_fp8(t);
}

Value gen_cast(Gen *g, const Node *n, Value v, const DType *to, bool bitcast) {
  if (v.kind != V_TENSOR) {
    if (!gen_is_const(&v))
      gen_fail(g, n, "cannot cast %s to %s", gen_value_desc(g, &v), sema_dtype_name(to));
    /* Fold numeric conversions of Python numbers (same result as to_tensor + cast). */
    if (!bitcast && !sema_is_ptr(to) && !(v.kind == V_INT && v.ubig)) {
      double f = v.kind == V_FLOAT ? v.f : (double)v.i;
      if (sema_is_float(to))
        return gen_constant(g, sema_scalar(to), f, 0);
      if (to->kind == DT_I1)
        return gen_constant(g, sema_scalar(to), 0, f != 0);
      if (sema_is_int(to) && (v.kind != V_FLOAT || (isfinite(f) && fabs(f) < 9.2e18))) {
        int64_t i = v.kind == V_FLOAT ? (int64_t)f : v.i;
        int bits = sema_bits(to);
        if (bits < 64) { /* wrap like a two's complement truncation */
          uint64_t m = (UINT64_C(1) << bits) - 1, u = (uint64_t)i & m;
          if (sema_is_signed(to) && (u >> (bits - 1)))
            u |= ~m;
          i = (int64_t)u;
        }
        return gen_constant(g, sema_scalar(to), 0, i);
      }
    }
    Value t = gen_to_tensor(g, n, &v);
    return gen_cast(g, n, t, to, bitcast);
  }
  const DType *from = v.ty.dt;
  if (sema_dtype_eq(from, to))
    return v;
  Type rt = sema_with_dtype(v.ty, to);
  MlirType mt = gen_mlir_type(g, rt);
  MlirValue x = v.v;
  bool f8_from = sema_is_fp8(from);
  bool f8_to = sema_is_fp8(to);
  if ((f8_from || f8_to) && bitcast && sema_bits(from) == sema_bits(to))
    return gen_tensor(x, rt); /* fp8 values are bytes in kir */
  if (f8_from && !bitcast && !sema_is_ptr(to))
    return gen_cast(g, n, gen_fp8_decode(g, n, v), to, false);
  if (f8_to && !bitcast && !sema_is_ptr(from))
    return gen_fp8_encode(g, n, gen_cast(g, n, v, sema_dtype(DT_F32), false), to);
  if (bitcast) {
    if (sema_bits(from) != sema_bits(to))
      gen_fail(g, n, "cannot bitcast %s to %s: different bit widths", sema_dtype_name(from),
               sema_dtype_name(to));
    if (sema_is_ptr(from) && sema_is_ptr(to))
      return gen_tensor(gen_op1(g, "kir.bitcast", 1, &x, mt, 0, NULL), rt);
    if (sema_is_ptr(from) || sema_is_ptr(to))
      gen_fail(g, n, "cannot bitcast between pointer and non-pointer types");
    return gen_tensor(gen_op1(g, "arith.bitcast", 1, &x, mt, 0, NULL), rt);
  }
  if (to->kind == DT_I1 && sema_is_ptr(from))
    gen_fail(g, n, "cannot use a pointer (%s) as a boolean", sema_type_str(g->a, v.ty));
  if (sema_is_ptr(from) || sema_is_ptr(to)) {
    if (sema_is_ptr(from) && sema_is_ptr(to))
      return gen_tensor(gen_op1(g, "kir.bitcast", 1, &x, mt, 0, NULL), rt);
    if (sema_is_ptr(from) && to->kind == DT_I64)
      return gen_tensor(gen_op1(g, "kir.ptr_to_int", 1, &x, mt, 0, NULL), rt);
    if (sema_is_ptr(to) && from->kind == DT_I64)
      return gen_tensor(gen_op1(g, "kir.int_to_ptr", 1, &x, mt, 0, NULL), rt);
    if (sema_is_ptr(to) && sema_is_int(from))
      return gen_cast(g, n, gen_cast(g, n, v, sema_dtype(DT_I64), false), to, false);
    if (sema_is_ptr(from) && sema_is_int(to))
      return gen_cast(g, n, gen_cast(g, n, v, sema_dtype(DT_I64), false), to, false);
    gen_fail(g, n, "cannot cast %s to %s", sema_dtype_name(from), sema_dtype_name(to));
  }
  /* fp8/fp16/bf16 <-> anything other than fp32 goes through fp32 */
  if (sema_is_float(from) && sema_is_float(to)) {
    if ((is_f16ish(from) && to->kind != DT_F32 && to->kind != DT_F64) ||
        (is_f16ish(to) && from->kind != DT_F32 && from->kind != DT_F64))
      return gen_cast(g, n, gen_cast(g, n, v, sema_dtype(DT_F32), false), to, false);
    const char *op = sema_bits(to) > sema_bits(from) ? "arith.extf" : "arith.truncf";
    return gen_tensor(gen_op1(g, op, 1, &x, mt, 0, NULL), rt);
  }
  if (to->kind == DT_I1) { /* x != 0 */
    Value zero = gen_constant(g, v.ty, 0, 0);
    return gen_cmp(g, n, "!=", v, zero);
  }
  if (sema_is_int(from) && sema_is_int(to)) {
    int fb = sema_bits(from), tb = sema_bits(to);
    if (fb == tb)
      return gen_tensor(x, rt); /* same bits, signedness is a frontend notion */
    const char *op = tb < fb ? "arith.trunci" : (sema_is_signed(from) ? "arith.extsi" : "arith.extui");
    return gen_tensor(gen_op1(g, op, 1, &x, mt, 0, NULL), rt);
  }
  if (sema_is_int(from) && sema_is_float(to)) {
    if (is_f16ish(to) && to->kind != DT_F16 && to->kind != DT_BF16)
      return gen_cast(g, n, gen_cast(g, n, v, sema_dtype(DT_F32), false), to, false);
    const char *op = sema_is_signed(from) ? "arith.sitofp" : "arith.uitofp";
    return gen_tensor(gen_op1(g, op, 1, &x, mt, 0, NULL), rt);
  }
  if (sema_is_float(from) && sema_is_int(to)) {
    if (is_f16ish(from) && from->kind != DT_F16 && from->kind != DT_BF16)
      return gen_cast(g, n, gen_cast(g, n, v, sema_dtype(DT_F32), false), to, false);
    const char *op = sema_is_signed(to) ? "arith.fptosi" : "arith.fptoui";
    return gen_tensor(gen_op1(g, op, 1, &x, mt, 0, NULL), rt);
  }
  gen_fail(g, n, "cannot cast %s to %s", sema_dtype_name(from), sema_dtype_name(to));
}

Value gen_broadcast_to(Gen *g, const Node *n, Value v, Type shape) {
  if (v.kind != V_TENSOR)
    v = gen_to_tensor(g, n, &v);
  Type rt = sema_with_dtype(shape, v.ty.dt);
  if (sema_type_eq(v.ty, rt))
    return v;
  MlirValue x = v.v;
  if (v.ty.rank == 0)
    return gen_tensor(gen_op1(g, "kir.splat", 1, &x, gen_mlir_type(g, rt), 0, NULL), rt);
  if (v.ty.rank > shape.rank)
    gen_fail(g, n, "cannot broadcast %s to %s", sema_type_str(g->a, v.ty), sema_type_str(g->a, rt));
  /* left-pad with size-1 dims */
  while (v.ty.rank < shape.rank) {
    Type t = v.ty;
    memmove(t.shape + 1, t.shape, sizeof(int64_t) * t.rank);
    t.shape[0] = 1;
    t.rank++;
    MlirNamedAttribute ax = kir_attr(g->ctx, "axis", kir_named_i32(g->ctx, 0));
    x = gen_op1(g, "kir.expand_dims", 1, &x, gen_mlir_type(g, t), 1, &ax);
    v = gen_tensor(x, t);
  }
  for (int i = 0; i < shape.rank; i++)
    if (v.ty.shape[i] != shape.shape[i] && v.ty.shape[i] != 1)
      gen_fail(g, n, "cannot broadcast %s to %s", sema_type_str(g->a, v.ty),
               sema_type_str(g->a, rt));
  if (sema_type_eq(v.ty, rt))
    return v;
  return gen_tensor(gen_op1(g, "kir.broadcast", 1, &x, gen_mlir_type(g, rt), 0, NULL), rt);
}

static PyKind py_kind(const Value *v) {
  switch (v->kind) {
  case V_BOOL: return PY_BOOL;
  case V_INT: return PY_INT;
  case V_FLOAT: return PY_FLOAT;
  default: return PY_NONE;
  }
}

/* The dtype a Python number would have as a tensor, for promotion purposes. */
static const DType *const_dtype(Gen *g, const Node *n, const Value *v) {
  const char *err = NULL;
  const DType *dt =
      sema_literal_dtype(py_kind(v), v->i, v->ubig, v->kind == V_FLOAT ? v->f : 0, &err);
  if (!dt)
    gen_fail(g, n, "%s", err);
  return dt;
}

/* Brings a and b to a common dtype `dt` and a common shape. */
static void unify(Gen *g, const Node *n, Value *a, Value *b, const DType *dt) {
  Value ta = a->kind == V_TENSOR ? gen_cast(g, n, *a, dt, false) : const_as(g, n, a, dt);
  Value tb = b->kind == V_TENSOR ? gen_cast(g, n, *b, dt, false) : const_as(g, n, b, dt);
  Type shape;
  const char *err;
  if (!sema_broadcast(ta.ty, tb.ty, &shape, &err))
    gen_fail(g, n, "incompatible shapes %s and %s", sema_type_str(g->a, ta.ty),
             sema_type_str(g->a, tb.ty));
  *a = gen_broadcast_to(g, n, ta, shape);
  *b = gen_broadcast_to(g, n, tb, shape);
}

/* Python semantics on two constexpr numbers. */
static Value fold_const(Gen *g, const Node *n, const char *op, Value a, Value b) {
  bool fl = a.kind == V_FLOAT || b.kind == V_FLOAT;
  double x = a.kind == V_FLOAT ? a.f : (double)a.i, y = b.kind == V_FLOAT ? b.f : (double)b.i;
  int64_t i = a.i, j = b.i;
  Value r = {.kind = fl ? V_FLOAT : V_INT};
  if (!fl && (strcmp(op, "+") == 0 || strcmp(op, "-") == 0 || strcmp(op, "*") == 0)) {
    int64_t res;
    bool ovf = op[0] == '+'   ? __builtin_add_overflow(i, j, &res)
               : op[0] == '-' ? __builtin_sub_overflow(i, j, &res)
                              : __builtin_mul_overflow(i, j, &res);
    if (ovf || a.ubig || b.ubig)
      gen_fail(g, n, "integer overflow in a constexpr expression (kcc folds constexpr integers "
                     "in 64 bits)");
    r.i = res;
    return r;
  }
  if (fl && strchr("+-*", op[0]) && !op[1]) {
    r.f = op[0] == '+' ? x + y : op[0] == '-' ? x - y : x * y;
    return r;
  }
  if (strcmp(op, "/") == 0) {
    if (y == 0)
      gen_fail(g, n, "division by zero in a constexpr expression");
    return (Value){.kind = V_FLOAT, .f = x / y};
  }
  if (strcmp(op, "//") == 0 || strcmp(op, "%") == 0) {
    if (fl) {
      if (y == 0)
        gen_fail(g, n, "division by zero in a constexpr expression");
      double q = floor(x / y), m = x - q * y;
      r.f = op[0] == '%' ? m : q;
      return r;
    }
    if (j == 0)
      gen_fail(g, n, "division by zero in a constexpr expression");
    if (i == INT64_MIN && j == -1)
      gen_fail(g, n, "integer overflow in a constexpr expression");
    int64_t q = i / j, m = i % j;
    if (m != 0 && ((m < 0) != (j < 0))) { /* Python floors */
      q -= 1;
      m += j;
    }
    r.i = op[0] == '%' ? m : q;
    return r;
  }
  if (strcmp(op, "**") == 0) {
    if (!fl && j >= 0) {
      int64_t p = 1, base = i;
      bool ovf = false;
      for (int64_t e = j; e > 0 && !ovf; e >>= 1) {
        if (e & 1)
          ovf |= __builtin_mul_overflow(p, base, &p);
        if (e > 1)
          ovf |= __builtin_mul_overflow(base, base, &base);
      }
      if (ovf)
        gen_fail(g, n, "integer overflow in a constexpr expression (kcc folds constexpr integers "
                       "in 64 bits)");
      r.i = p;
      return r;
    }
    return (Value){.kind = V_FLOAT, .f = pow(x, y)};
  }
  if (fl)
    gen_fail(g, n, "unsupported operand types for %s: float", op);
  if (strcmp(op, "&") == 0)
    r.i = i & j;
  else if (strcmp(op, "|") == 0)
    r.i = i | j;
  else if (strcmp(op, "^") == 0)
    r.i = i ^ j;
  else if ((strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0) && j < 0)
    gen_fail(g, n, "negative shift count in a constexpr expression");
  else if (strcmp(op, "<<") == 0) {
    int64_t sh = j > 63 ? 0 : (int64_t)((uint64_t)i << j);
    if (i != 0 && (j > 62 || sh >> j != i))
      gen_fail(g, n, "integer overflow in a constexpr expression (kcc folds constexpr integers "
                     "in 64 bits)");
    r.i = sh;
  } else if (strcmp(op, ">>") == 0)
    r.i = j > 63 ? (i < 0 ? -1 : 0) : i >> j;
  else
    gen_fail(g, n, "unsupported operator %s on constexprs", op);
  if (a.kind == V_BOOL && b.kind == V_BOOL && strchr("&|^", op[0]))
    r.kind = V_BOOL;
  return r;
}

static Value fold_cmp(const char *op, Value a, Value b) {
  double x = a.kind == V_FLOAT ? a.f : (double)a.i, y = b.kind == V_FLOAT ? b.f : (double)b.i;
  bool fl = a.kind == V_FLOAT || b.kind == V_FLOAT;
  int c;
  if (fl)
    c = x < y ? -1 : x > y ? 1 : (x == y ? 0 : 2);
  else
    c = a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
  bool r = false;
  if (strcmp(op, "<") == 0) r = c == -1;
  else if (strcmp(op, "<=") == 0) r = c == -1 || c == 0;
  else if (strcmp(op, ">") == 0) r = c == 1;
  else if (strcmp(op, ">=") == 0) r = c == 1 || c == 0;
  else if (strcmp(op, "==") == 0) r = c == 0;
  else if (strcmp(op, "!=") == 0) r = c != 0;
  return (Value){.kind = V_BOOL, .i = r};
}

/* Non-numeric constexpr equality (strings, dtypes, None). */
static bool const_equal(const Value *a, const Value *b) {
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case V_NONE: return true;
  case V_STR: return strcmp(a->s, b->s) == 0;
  case V_DTYPE: return sema_dtype_eq(a->dt, b->dt);
  case V_FUNC: return a->fn == b->fn;
  case V_BUILTIN: return strcmp(a->s, b->s) == 0;
  case V_TUPLE:
    if (a->n != b->n)
      return false;
    for (int i = 0; i < a->n; i++)
      if (!const_equal(&a->items[i], &b->items[i]) &&
          !(gen_is_const(&a->items[i]) && gen_is_const(&b->items[i]) &&
            fold_cmp("==", a->items[i], b->items[i]).i))
        return false;
    return true;
  default: return false;
  }
}

/* The dtype both operands of `op` promote to (reference section 4.1), or a located error. */
static const DType *promoted_dtype(Gen *g, const Node *n, const char *op, const Value *a,
                                   const Value *b) {
  const DType *da = a->kind == V_TENSOR ? a->ty.dt : const_dtype(g, n, a);
  const DType *db = b->kind == V_TENSOR ? b->ty.dt : const_dtype(g, n, b);
  const char *err = NULL;
  const DType *dt = sema_promote(da, py_kind(a), db, py_kind(b), op, &err);
  if (!dt)
    gen_fail(g, n, "%s", err);
  return dt;
}

Value gen_cmp(Gen *g, const Node *n, const char *op, Value a, Value b) {
  if (strcmp(op, "is") == 0 || strcmp(op, "is not") == 0) {
    bool eq;
    if (a.kind == V_TENSOR || b.kind == V_TENSOR)
      eq = false; /* a tensor is never None / a constexpr */
    else if (gen_is_const(&a) && gen_is_const(&b))
      eq = a.kind == b.kind && fold_cmp("==", a, b).i;
    else
      eq = const_equal(&a, &b);
    return (Value){.kind = V_BOOL, .i = op[2] ? !eq : eq};
  }
  if (a.kind != V_TENSOR && b.kind != V_TENSOR) {
    if (gen_is_const(&a) && gen_is_const(&b))
      return fold_cmp(op, a, b);
    bool eq = const_equal(&a, &b);
    if (strcmp(op, "==") == 0)
      return (Value){.kind = V_BOOL, .i = eq};
    if (strcmp(op, "!=") == 0)
      return (Value){.kind = V_BOOL, .i = !eq};
    gen_fail(g, n, "cannot compare %s and %s with %s", gen_value_desc(g, &a), gen_value_desc(g, &b), op);
  }
  if ((a.kind != V_TENSOR && !gen_is_const(&a)) || (b.kind != V_TENSOR && !gen_is_const(&b)))
    gen_fail(g, n, "cannot compare %s and %s with %s", gen_value_desc(g, &a), gen_value_desc(g, &b),
             op);
  if ((a.kind == V_TENSOR && sema_is_ptr(a.ty.dt)) || (b.kind == V_TENSOR && sema_is_ptr(b.ty.dt)))
    gen_fail(g, n, "cannot compare pointers with %s", op);
  const DType *dt = promoted_dtype(g, n, op, &a, &b);
  unify(g, n, &a, &b, dt);
  Type rt = sema_with_dtype(a.ty, sema_dtype(DT_I1));
  MlirValue ops[2] = {a.v, b.v};
  const char *pred;
  bool fl = sema_is_float(dt), sg = sema_is_signed(dt);
  static const char *const cmp[] = {"<", "<=", ">", ">=", "==", "!="};
  static const char *const fpred[] = {"olt", "ole", "ogt", "oge", "oeq", "une"};
  static const char *const spred[] = {"slt", "sle", "sgt", "sge", "eq", "ne"};
  static const char *const upred[] = {"ult", "ule", "ugt", "uge", "eq", "ne"};
  static const int fcode[] = {4, 5, 2, 3, 1, 13}, icode_s[] = {2, 3, 4, 5, 0, 1},
                   icode_u[] = {6, 7, 8, 9, 0, 1};
  int k = -1;
  for (int i = 0; i < 6; i++)
    if (strcmp(op, cmp[i]) == 0)
      k = i;
  if (k < 0)
    gen_fail(g, n, "unsupported comparison %s", op);
  pred = fl ? fpred[k] : sg ? spred[k] : upred[k];
  (void)pred;
  int code = fl ? fcode[k] : sg ? icode_s[k] : icode_u[k];
  MlirNamedAttribute pa =
      kir_attr(g->ctx, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(g->ctx, 64), code));
  MlirValue r = gen_op1(g, fl ? "arith.cmpf" : "arith.cmpi", 2, ops, gen_mlir_type(g, rt), 1, &pa);
  return gen_tensor(r, rt);
}

static const char *arith_name(const char *op, const DType *dt) {
  bool fl = sema_is_float(dt), sg = sema_is_signed(dt);
  if (strcmp(op, "+") == 0) return fl ? "arith.addf" : "arith.addi";
  if (strcmp(op, "-") == 0) return fl ? "arith.subf" : "arith.subi";
  if (strcmp(op, "*") == 0) return fl ? "arith.mulf" : "arith.muli";
  if (strcmp(op, "/") == 0) return "arith.divf";
  if (strcmp(op, "//") == 0) return sg ? "arith.divsi" : "arith.divui";
  if (strcmp(op, "%") == 0) return fl ? "arith.remf" : sg ? "arith.remsi" : "arith.remui";
  if (strcmp(op, "&") == 0) return "arith.andi";
  if (strcmp(op, "|") == 0) return "arith.ori";
  if (strcmp(op, "^") == 0) return "arith.xori";
  if (strcmp(op, "<<") == 0) return "arith.shli";
  if (strcmp(op, ">>") == 0) return sg ? "arith.shrsi" : "arith.shrui";
  return NULL;
}

/* ptr + int, int + ptr, ptr - int */
static Value gen_addptr(Gen *g, const Node *n, Value p, Value off, bool negate) {
  if (off.kind != V_TENSOR)
    off = gen_to_tensor(g, n, &off);
  if (!sema_is_int(off.ty.dt) || off.ty.dt->kind == DT_I1)
    gen_fail(g, n, "pointer offset must be an integer, got %s", sema_type_str(g->a, off.ty));
  if (!sema_is_signed(off.ty.dt) && sema_bits(off.ty.dt) < 64)
    off = gen_cast(g, n, off, sema_dtype(DT_I64), false); /* zero-extends unsigned offsets */
  if (negate) {
    Value z = gen_constant(g, off.ty, 0, 0);
    MlirValue ops[2] = {z.v, off.v};
    off = gen_tensor(gen_op1(g, "arith.subi", 2, ops, gen_mlir_type(g, off.ty), 0, NULL), off.ty);
  }
  Type shape;
  const char *err;
  if (!sema_broadcast(p.ty, off.ty, &shape, &err))
    gen_fail(g, n, "incompatible shapes %s and %s", sema_type_str(g->a, p.ty),
             sema_type_str(g->a, off.ty));
  p = gen_broadcast_to(g, n, p, shape);
  off = gen_broadcast_to(g, n, off, shape);
  MlirValue ops[2] = {p.v, off.v};
  return gen_tensor(gen_op1(g, "kir.addptr", 2, ops, gen_mlir_type(g, p.ty), 0, NULL), p.ty);
}

Type gen_promoted(Gen *g, const Node *n, const char *op, Value a, Value b) {
  const DType *dt = promoted_dtype(g, n, op, &a, &b);
  Type ta = a.kind == V_TENSOR ? a.ty : sema_scalar(dt), tb = b.kind == V_TENSOR ? b.ty : sema_scalar(dt);
  Type shape;
  const char *err = NULL;
  if (!sema_broadcast(ta, tb, &shape, &err))
    gen_fail(g, n, "incompatible shapes %s and %s", sema_type_str(g->a, ta), sema_type_str(g->a, tb));
  return sema_with_dtype(shape, dt);
}

Value gen_binary(Gen *g, const Node *n, const char *op, Value a, Value b) {
  if (a.kind != V_TENSOR && b.kind != V_TENSOR) {
    if (gen_is_const(&a) && gen_is_const(&b))
      return fold_const(g, n, op, a, b);
    if (strcmp(op, "+") == 0 && a.kind == V_STR && b.kind == V_STR)
      return (Value){.kind = V_STR, .s = arena_printf(g->a, "%s%s", a.s, b.s)};
    if (strcmp(op, "+") == 0 && a.kind == V_TUPLE && b.kind == V_TUPLE) {
      Value r = {.kind = V_TUPLE, .n = a.n + b.n};
      r.items = arena_alloc(g->a, sizeof(Value) * (r.n + 1));
      memcpy(r.items, a.items, sizeof(Value) * a.n);
      memcpy(r.items + a.n, b.items, sizeof(Value) * b.n);
      gen_tuple_nest(g, n, &r);
      return r;
    }
    gen_fail(g, n, "unsupported operand types for %s: %s and %s", op, gen_value_desc(g, &a),
             gen_value_desc(g, &b));
  }
  if ((a.kind != V_TENSOR && !gen_is_const(&a)) || (b.kind != V_TENSOR && !gen_is_const(&b)))
    gen_fail(g, n, "unsupported operand types for %s: %s and %s", op, gen_value_desc(g, &a),
             gen_value_desc(g, &b));
  bool pa = a.kind == V_TENSOR && sema_is_ptr(a.ty.dt), pb = b.kind == V_TENSOR && sema_is_ptr(b.ty.dt);
  if (pa || pb) {
    if (pa && pb)
      gen_fail(g, n, "unsupported operand types for %s: two pointers", op);
    if (strcmp(op, "+") == 0)
      return pa ? gen_addptr(g, n, a, b, false) : gen_addptr(g, n, b, a, false);
    if (strcmp(op, "-") == 0 && pa)
      return gen_addptr(g, n, a, b, true);
    gen_fail(g, n, "unsupported operand types for %s: pointer and %s", op,
             gen_value_desc(g, pa ? &b : &a));
  }
  if (strcmp(op, "**") == 0)
    gen_fail(g, n, "'**' is only supported on constexprs; use libdevice.pow on tensors");
  const DType *da = a.kind == V_TENSOR ? a.ty.dt : const_dtype(g, n, &a);
  const DType *db = b.kind == V_TENSOR ? b.ty.dt : const_dtype(g, n, &b);
  bool bitwise = strchr("&|^", op[0]) || strcmp(op, "<<") == 0 || strcmp(op, ">>") == 0;
  if (bitwise && (sema_is_float(da) || sema_is_float(db)))
    gen_fail(g, n, "invalid operands of type %s and %s for %s (bitwise operators need integers)",
             sema_dtype_name(da), sema_dtype_name(db), op);
  if (strcmp(op, "//") == 0 && (sema_is_float(da) || sema_is_float(db)))
    gen_fail(g, n, "'//' is only supported on integers (got %s and %s)", sema_dtype_name(da),
             sema_dtype_name(db));
  const char *err = NULL;
  const DType *dt;
  if (bitwise && a.kind == V_TENSOR && b.kind != V_TENSOR)
    dt = da; /* scalar does not participate */
  else if (bitwise && b.kind == V_TENSOR && a.kind != V_TENSOR)
    dt = db;
  else
    dt = sema_promote(da, py_kind(&a), db, py_kind(&b), op, &err);
  if (!dt)
    gen_fail(g, n, "%s (%s and %s)", err, sema_dtype_name(da), sema_dtype_name(db));
  if (sema_is_fp8(dt)) /* kir holds fp8 as bytes (gen_fp8.c) */
    gen_fail(g, n, "'%s' on %s values is not supported by kcc: convert them first (x.to(tl.float32))",
             op, sema_dtype_name(dt));
  bool shr_signed = sema_is_signed(a.kind == V_TENSOR ? da : db);
  unify(g, n, &a, &b, dt);
  const char *name = arith_name(op, dt);
  if (!name)
    gen_fail(g, n, "unsupported operator %s", op);
  /* Triton's tensor.__rshift__ picks ashr/lshr by the tensor operand's own dtype, not by the
   * promoted one: int32 >> uint32 is arithmetic (and `c >> t`, __rrshift__, follows t) */
  if (strcmp(op, ">>") == 0) name = shr_signed ? "arith.shrsi" : "arith.shrui";
  MlirValue ops[2] = {a.v, b.v};
  if (dt->kind == DT_I1 && (strcmp(op, "+") == 0 || strcmp(op, "-") == 0 || strcmp(op, "*") == 0))
    gen_fail(g, n, "arithmetic on int1 is not supported; cast to an integer type first");
  return gen_tensor(gen_op1(g, name, 2, ops, gen_mlir_type(g, a.ty), 0, NULL), a.ty);
}

Value gen_unary(Gen *g, const Node *n, const char *op, Value a) {
  if (strcmp(op, "not") == 0) {
    if (a.kind != V_TENSOR)
      return (Value){.kind = V_BOOL, .i = !gen_truthy(g, n, &a)};
    Value b = gen_cast(g, n, a, sema_dtype(DT_I1), false);
    Value t = gen_constant(g, b.ty, 0, 1);
    MlirValue ops[2] = {b.v, t.v};
    return gen_tensor(gen_op1(g, "arith.xori", 2, ops, gen_mlir_type(g, b.ty), 0, NULL), b.ty);
  }
  if (a.kind != V_TENSOR) {
    if (!gen_is_const(&a))
      gen_fail(g, n, "bad operand type for unary %s: %s", op, gen_value_desc(g, &a));
    if (strcmp(op, "+") == 0)
      return a;
    if (strcmp(op, "-") == 0) {
      if (a.kind == V_FLOAT)
        return (Value){.kind = V_FLOAT, .f = -a.f};
      return (Value){.kind = V_INT, .i = (int64_t)(0 - (uint64_t)a.i)};
    }
    if (strcmp(op, "~") == 0 && a.kind != V_FLOAT)
      return (Value){.kind = V_INT, .i = ~a.i};
    gen_fail(g, n, "bad operand type for unary %s", op);
  }
  if (sema_is_ptr(a.ty.dt))
    gen_fail(g, n, "bad operand type for unary %s: pointer", op);
  if (strcmp(op, "+") == 0)
    return a;
  if (strcmp(op, "-") == 0) {
    if (sema_is_float(a.ty.dt)) {
      MlirValue x = a.v;
      return gen_tensor(gen_op1(g, "arith.negf", 1, &x, gen_mlir_type(g, a.ty), 0, NULL), a.ty);
    }
    Value z = gen_constant(g, a.ty, 0, 0);
    return gen_binary(g, n, "-", z, a);
  }
  if (strcmp(op, "~") == 0) {
    if (!sema_is_int(a.ty.dt))
      gen_fail(g, n, "bad operand type for unary ~: %s", sema_dtype_name(a.ty.dt));
    Value m = gen_constant(g, a.ty, 0, -1);
    MlirValue ops[2] = {a.v, m.v};
    return gen_tensor(gen_op1(g, "arith.xori", 2, ops, gen_mlir_type(g, a.ty), 0, NULL), a.ty);
  }
  gen_fail(g, n, "unsupported unary operator %s", op);
}

MlirValue gen_scalar_cond(Gen *g, const Node *n, Value c) {
  if (c.kind != V_TENSOR)
    c = gen_to_tensor(g, n, &c);
  if (c.ty.rank != 0) {
    if (sema_numel(c.ty) != 1)
      gen_fail(g, n, "condition must be a scalar, got a block of type %s", sema_type_str(g->a, c.ty));
    Type st = sema_scalar(c.ty.dt);
    MlirValue x = c.v;
    c = gen_tensor(gen_op1(g, "kir.unsplat", 1, &x, gen_mlir_type(g, st), 0, NULL), st);
  }
  if (c.ty.dt->kind != DT_I1)
    c = gen_cast(g, n, c, sema_dtype(DT_I1), false);
  return c.v;
}

bool gen_truthy(Gen *g, const Node *n, const Value *v) {
  switch (v->kind) {
  case V_NONE: return false;
  case V_BOOL: case V_INT: return v->i != 0;
  case V_FLOAT: return v->f != 0;
  case V_STR: return v->s[0] != 0;
  case V_TUPLE: return v->n != 0;
  case V_DTYPE: case V_FUNC: case V_BUILTIN: case V_METHOD: return true;
  default: gen_fail(g, n, "expected a constexpr condition, got %s", gen_value_desc(g, v));
  }
}

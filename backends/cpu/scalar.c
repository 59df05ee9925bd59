/*
 * scalar.c - one element of an elementwise op, from its lowered operands: pointer ops (GEP,
 * casts), loads (mem.c), and arith/math rebuilt on scalars, with integer division guarded so it
 * never traps, vectorizable polynomials for f32 transcendental math (mathpoly.c), and fastmath
 * `reassoc` on the float ops of a reduction combiner.
 */
#include "lower_internal.h"

/* Rebuilds a scalar arith/math op on already-lowered operands. */
MlirValue arith_scalar(Cpu *c, MlirOperation op, intptr_t n, MlirValue *args, MlirType rt) {
  CpuB *b = &c->b;
  KirOpKind kind = kir_op_kind(op);
  const char *name = kir_op_name(kind);
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (mlirAttributeIsADenseElements(a)) a = mlirDenseElementsAttrGetSplatValue(a);
    if (mlirAttributeIsAFloat(a)) return cpu_cfloat(b, rt, mlirFloatAttrGetValueDouble(a));
    if (mlirAttributeIsAInteger(a)) return cpu_cint(b, rt, mlirIntegerAttrGetValueInt(a));
    if (mlirAttributeIsABool(a)) return cpu_cint(b, rt, mlirBoolAttrGetValue(a));
    fail(c, op, "CPU lowering: unsupported constant");
    return cpu_zero(b, rt);
  }
  if ((kir_op_flags(kind) & KIR_F_DIVREM) && mlirTypeIsAInteger(rt))
    args[1] = cpu_guard_divisor(b, name, args[0], args[1]);
  /* float classification (arith.cmpf predicates: oeq 1, olt 4, uno 14) */
  if (kind == KIR_OP_MATH_ISNAN || kind == KIR_OP_MATH_ISINF || kind == KIR_OP_MATH_ISFINITE) {
    MlirValue x = args[0];
    if (kind == KIR_OP_MATH_ISNAN) return cpu_cmpf(b, 14, x, x);
    MlirType ft = mlirValueGetType(x);
    MlirValue ax = cpu_op1(b, "math.absf", 1, &x, ft, 0, NULL);
    MlirValue inf = cpu_cfloat(b, ft, __builtin_inf());
    return cpu_cmpf(b, kind == KIR_OP_MATH_ISINF ? 1 : 4, ax, inf);
  }
  if (kir_op_dialect(kind) == KIR_D_MATH && n == 1 && mlirTypeIsAFloat(rt) &&
      mlirFloatTypeGetWidth(rt) <= 32) {
    MlirType f32 = mlirF32TypeGet(c->b.ctx);
    MlirValue x = mlirTypeIsAF32(rt) ? args[0] : cpu_cast(b, "arith.extf", args[0], f32);
    MlirValue r = cpu_math_f32(b, name, x);
    if (!mlirValueIsNull(r)) return mlirTypeIsAF32(rt) ? r : cpu_cast(b, "arith.truncf", r, rt);
    if (is_half(rt)) { /* libm-backed math: compute in f32 */
      MlirValue y = cpu_op1(b, name, 1, &x, f32, 0, NULL);
      return cpu_cast(b, "arith.truncf", y, rt);
    }
  }
  intptr_t na = mlirOperationGetNumAttributes(op);
  MlirNamedAttribute attrs[16];
  int k = 0;
  bool reassoc = c->in_combiner && (kir_op_flags(kind) & KIR_F_REASSOC);
  for (intptr_t i = 0; i < na && k < 16; i++) {
    MlirNamedAttribute a = mlirOperationGetAttribute(op, i);
    MlirStringRef an = mlirIdentifierStr(a.name);
    if (reassoc && an.length == 8 && memcmp(an.data, "fastmath", 8) == 0) continue;
    attrs[k++] = a;
  }
  /* sums and products keep the sign of zero (a sum of -0.0s is -0.0); min/max may pick either
   * zero, as maxnum does */
  bool minmax = reassoc && kind != KIR_OP_ARITH_ADDF && kind != KIR_OP_ARITH_MULF;
  if (reassoc)
    attrs[k++] = cpu_nattr(
        b, "fastmath",
        cpu_parse_attr(b, minmax ? "#arith.fastmath<reassoc,nsz>" : "#arith.fastmath<reassoc>"));
  return cpu_op1(b, name, n, args, rt, k, attrs);
}

/* One element (or the scalar) of a pointwise op, from its lowered operands. */
MlirValue pointwise(Cpu *c, MlirOperation op, intptr_t n, MlirValue *args, Info *res) {
  CpuB *b = &c->b;
  KirOpKind k = kir_op_kind(op);
  switch (k) {
  case KIR_OP_SPLAT:
    return args[0];
  case KIR_OP_ADDPTR:
    return cpu_gep(b, args[0], args[1], res->pointee);
  case KIR_OP_PTR_TO_INT:
    return cpu_cast(b, "llvm.ptrtoint", args[0], res->lt);
  case KIR_OP_INT_TO_PTR:
    return cpu_cast(b, "llvm.inttoptr", args[0], res->lt);
  case KIR_OP_BITCAST: {
    MlirType from = mlirValueGetType(args[0]);
    if (mlirTypeEqual(from, res->lt)) return args[0];
    return cpu_cast(b, "arith.bitcast", args[0], res->lt);
  }
  case KIR_OP_LOAD: {
    bool vol = !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("volatile")));
    if (c->check_bounds)
      return load_checked(c, op, args[0], n > 1 ? args[1] : (MlirValue){NULL},
                          n > 2 ? args[2] : (MlirValue){NULL}, res->lt, vol);
    return load_scalar(c, args[0], n > 1 ? args[1] : (MlirValue){NULL},
                       n > 2 ? args[2] : (MlirValue){NULL}, res->lt, vol);
  }
  default:
    break;
  }
  if (kir_op_dialect(k) == KIR_D_ARITH || kir_op_dialect(k) == KIR_D_MATH)
    return arith_scalar(c, op, n, args, res->lt);
  fail(c, op, "CPU lowering: unsupported op");
  return cpu_zero(b, res->lt);
}

/*
 * math.c - math.* ops of the per-thread IR on an LLVM GPU target. With the family's bitcode math
 * library (libdevice: cfg->bitcode) every transcendental function is a call of the library's
 * function (__nv_expf, __nv_tanh, ...), linked by backends/llvm.c. Without it, the ops the LLVM
 * backend selects itself on f32 (the family's native_f32_math) stay math ops for
 * convert-math-to-llvm, exp/exp2/log/log2 are kcc's polynomials (backends/cpu/mathpoly.c), and
 * the others are composed from those (tanh from exp, pow from exp2 and log2, atan from a minimax
 * polynomial, erf after Abramowitz-Stegun 7.1.26: a few ulp, documented in docs/targets.md);
 * f64 transcendental functions without the library are a located error. fp16/bf16 are computed
 * in f32. The classification ops (isnan, ...), clampf and sincos are always expanded here; the
 * rest (abs, floor, sqrt, fma, ctlz, ...) is left to the LLVM backend.
 */
#include "gpu.h"

#include "cpu/cpu.h"
#include "kir.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CB(g) ((CpuB *)(g)->cb)

enum { FP_OEQ = 1, FP_OGT = 2, FP_OGE = 3, FP_OLT = 4, FP_OLE = 5, FP_ONE = 6, FP_UNO = 14 };

/* The library's name of each function (f32 adds 'f'); also the set of ops computed here. */
static const struct {
  int k;
  const char *lib;
} lib_fns[] = {
    {KIR_OP_MATH_ACOS, "acos"},   {KIR_OP_MATH_ACOSH, "acosh"}, {KIR_OP_MATH_ASIN, "asin"},
    {KIR_OP_MATH_ASINH, "asinh"}, {KIR_OP_MATH_ATAN, "atan"},   {KIR_OP_MATH_ATAN2, "atan2"},
    {KIR_OP_MATH_ATANH, "atanh"}, {KIR_OP_MATH_CBRT, "cbrt"},   {KIR_OP_MATH_COS, "cos"},
    {KIR_OP_MATH_COSH, "cosh"},   {KIR_OP_MATH_ERF, "erf"},     {KIR_OP_MATH_ERFC, "erfc"},
    {KIR_OP_MATH_EXP, "exp"},     {KIR_OP_MATH_EXP2, "exp2"},   {KIR_OP_MATH_EXPM1, "expm1"},
    {KIR_OP_MATH_LOG, "log"},     {KIR_OP_MATH_LOG10, "log10"}, {KIR_OP_MATH_LOG1P, "log1p"},
    {KIR_OP_MATH_LOG2, "log2"},   {KIR_OP_MATH_POWF, "pow"},    {KIR_OP_MATH_SIN, "sin"},
    {KIR_OP_MATH_SINH, "sinh"},   {KIR_OP_MATH_TAN, "tan"},     {KIR_OP_MATH_TANH, "tanh"},
    {KIR_OP_MATH_RSQRT, "rsqrt"}, {KIR_OP_MATH_FPOWI, "powi"},
};

static const char *lib_name(int k) {
  for (size_t i = 0; i < sizeof lib_fns / sizeof *lib_fns; i++)
    if (lib_fns[i].k == k) return lib_fns[i].lib;
  return NULL;
}

typedef struct Mt {
  GpuB *g;
  MlirOperation op;
  MlirType f; /* the compute type (f32 or f64) */
} Mt;

static MlirValue kf(Mt *m, double v) {
  return cpu_cfloat(CB(m->g), m->f, v);
}
static MlirValue bin(Mt *m, const char *name, MlirValue x, MlirValue y) {
  return cpu_bin(CB(m->g), name, x, y);
}
static MlirValue add(Mt *m, MlirValue x, MlirValue y) {
  return bin(m, "arith.addf", x, y);
}
static MlirValue sub(Mt *m, MlirValue x, MlirValue y) {
  return bin(m, "arith.subf", x, y);
}
static MlirValue mul(Mt *m, MlirValue x, MlirValue y) {
  return bin(m, "arith.mulf", x, y);
}
static MlirValue dv(Mt *m, MlirValue x, MlirValue y) {
  return bin(m, "arith.divf", x, y);
}
static MlirValue un(Mt *m, const char *name, MlirValue x) {
  return cpu_op1(CB(m->g), name, 1, &x, mlirValueGetType(x), 0, NULL);
}
static MlirValue sel(Mt *m, MlirValue c, MlirValue x, MlirValue y) {
  return cpu_select(CB(m->g), c, x, y);
}
static MlirValue cmp(Mt *m, int pred, MlirValue x, MlirValue y) {
  return cpu_cmpf(CB(m->g), pred, x, y);
}
static MlirValue copysign_(Mt *m, MlirValue x, MlirValue s) {
  return bin(m, "math.copysign", x, s);
}

static bool native(GpuB *g, int k) {
  for (const int *n = g->fam->native_f32_math; n && *n; n++)
    if (*n == k) return true;
  return false;
}

/* f32 exp/exp2/log/log2/sin/cos: the backend's instruction, else kcc's polynomial. */
static MlirValue prim(Mt *m, int k, const char *name, MlirValue x) {
  if (native(m->g, k)) return un(m, name, x);
  MlirValue r = cpu_math_f32(CB(m->g), name, x);
  if (!r.ptr) {
    gpu_fail(m->g, m->op, "'%s' needs the %s math library (not found)", name, m->g->fam->name);
    return x;
  }
  return r;
}
static MlirValue exp_(Mt *m, MlirValue x) {
  return prim(m, KIR_OP_MATH_EXP, "math.exp", x);
}
static MlirValue exp2_(Mt *m, MlirValue x) {
  return prim(m, KIR_OP_MATH_EXP2, "math.exp2", x);
}
static MlirValue log_(Mt *m, MlirValue x) {
  return prim(m, KIR_OP_MATH_LOG, "math.log", x);
}
static MlirValue log2_(Mt *m, MlirValue x) {
  return prim(m, KIR_OP_MATH_LOG2, "math.log2", x);
}

/* atan on [0, 1] (minimax, |error| < 1e-5 relative) */
static MlirValue atan01(Mt *m, MlirValue z) {
  static const double c[] = {-0.01172120, 0.05265332,  -0.11643287,
                             0.19354346,  -0.33262347, 0.99997726};
  MlirValue z2 = mul(m, z, z), p = kf(m, c[0]);
  for (int i = 1; i < 6; i++)
    p = add(m, mul(m, p, z2), kf(m, c[i]));
  return mul(m, p, z);
}

static MlirValue atan_(Mt *m, MlirValue x) {
  MlirValue a = un(m, "math.absf", x);
  MlirValue big = cmp(m, FP_OGT, a, kf(m, 1.0));
  MlirValue z = sel(m, big, dv(m, kf(m, 1.0), a), a);
  MlirValue p = atan01(m, z);
  p = sel(m, big, sub(m, kf(m, M_PI / 2), p), p);
  return copysign_(m, p, x);
}

static MlirValue atan2_(Mt *m, MlirValue y, MlirValue x) {
  MlirValue t = atan_(m, dv(m, y, x)); /* in (-pi/2, pi/2) */
  MlirValue neg = cmp(m, FP_OLT, x, kf(m, 0.0));
  MlirValue fix = copysign_(m, kf(m, M_PI), y);
  MlirValue r = sel(m, neg, add(m, t, fix), t);
  MlirValue zero = cmp(m, FP_OEQ, x, kf(m, 0.0));
  MlirValue yzero = cmp(m, FP_OEQ, y, kf(m, 0.0));
  MlirValue half = copysign_(m, kf(m, M_PI / 2), y);
  r = sel(m, zero, half, r);
  /* y = 0: +-0 for x >= 0, +-pi for x < 0 */
  return sel(m, yzero, sel(m, neg, fix, y), r);
}

static MlirValue erf_(Mt *m, MlirValue x) {
  static const double a[] = {1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592};
  MlirValue ax = un(m, "math.absf", x);
  MlirValue t = dv(m, kf(m, 1.0), add(m, kf(m, 1.0), mul(m, kf(m, 0.3275911), ax)));
  MlirValue p = kf(m, a[0]);
  for (int i = 1; i < 5; i++)
    p = add(m, mul(m, p, t), kf(m, a[i]));
  p = mul(m, p, t);
  MlirValue e = exp_(m, un(m, "arith.negf", mul(m, ax, ax)));
  return copysign_(m, sub(m, kf(m, 1.0), mul(m, p, e)), x);
}

/* The f32 composition of op kind k over args, or a null value when there is none. */
static MlirValue compose(Mt *m, int k, const MlirValue *a) {
  MlirValue x = a[0], one = kf(m, 1.0), half = kf(m, 0.5);
  switch (k) {
  case KIR_OP_MATH_EXP:
    return exp_(m, x);
  case KIR_OP_MATH_EXP2:
    return exp2_(m, x);
  case KIR_OP_MATH_LOG:
    return log_(m, x);
  case KIR_OP_MATH_LOG2:
    return log2_(m, x);
  case KIR_OP_MATH_LOG10:
    return mul(m, log2_(m, x), kf(m, 0.30102999566398120));
  case KIR_OP_MATH_RSQRT:
    return dv(m, one, un(m, "math.sqrt", x));
  case KIR_OP_MATH_SIN:
  case KIR_OP_MATH_COS:
  case KIR_OP_MATH_TAN: {
    if (!native(m->g, KIR_OP_MATH_SIN) || !native(m->g, KIR_OP_MATH_COS)) break;
    MlirValue s = un(m, "math.sin", x), c = un(m, "math.cos", x);
    return k == KIR_OP_MATH_SIN ? s : k == KIR_OP_MATH_COS ? c : dv(m, s, c);
  }
  case KIR_OP_MATH_TANH: { /* (1 - e) / (1 + e), e = exp(-2|x|), with the sign of x */
    MlirValue e = exp_(m, mul(m, kf(m, -2.0), un(m, "math.absf", x)));
    return copysign_(m, dv(m, sub(m, one, e), add(m, one, e)), x);
  }
  case KIR_OP_MATH_SINH:
  case KIR_OP_MATH_COSH: {
    MlirValue e = exp_(m, x), r = dv(m, one, e);
    return mul(m, half, k == KIR_OP_MATH_SINH ? sub(m, e, r) : add(m, e, r));
  }
  case KIR_OP_MATH_EXPM1: { /* x + x^2/2 near 0, where exp(x) - 1 cancels */
    MlirValue small = cmp(m, FP_OLT, un(m, "math.absf", x), kf(m, 1e-4));
    MlirValue t = add(m, x, mul(m, half, mul(m, x, x)));
    return sel(m, small, t, sub(m, exp_(m, x), one));
  }
  case KIR_OP_MATH_LOG1P: { /* log(u) * x / (u - 1), u = 1 + x (exact when u - 1 == x) */
    MlirValue u = add(m, one, x), dm = sub(m, u, one);
    MlirValue r = mul(m, log_(m, u), dv(m, x, dm));
    return sel(m, cmp(m, FP_OEQ, dm, kf(m, 0.0)), x,
               sel(m, cmp(m, FP_OEQ, u, kf(m, INFINITY)), u, r));
  }
  case KIR_OP_MATH_POWF: { /* exp2(y log2 |x|), negative x only for integral y */
    MlirValue y = a[1];
    MlirValue r = exp2_(m, mul(m, y, log2_(m, un(m, "math.absf", x))));
    MlirValue yint = cmp(m, FP_OEQ, un(m, "math.trunc", y), y);
    MlirValue hy = mul(m, y, half);
    MlirValue odd = cpu_op1(CB(m->g), "arith.andi", 2,
                            (MlirValue[]){yint, cmp(m, FP_ONE, un(m, "math.trunc", hy), hy)},
                            cpu_int_t(CB(m->g), 1), 0, NULL);
    MlirValue xneg = cmp(m, FP_OLT, x, kf(m, 0.0));
    r = sel(m, odd, copysign_(m, r, x), r);
    MlirValue bad =
        cpu_op1(CB(m->g), "arith.andi", 2,
                (MlirValue[]){xneg, cpu_cmpi(CB(m->g), 0, yint,
                                             cpu_cint(CB(m->g), cpu_int_t(CB(m->g), 1), 0))},
                cpu_int_t(CB(m->g), 1), 0, NULL);
    r = sel(m, bad, kf(m, NAN), r);
    return sel(m, cmp(m, FP_OEQ, y, kf(m, 0.0)), one, r);
  }
  case KIR_OP_MATH_CBRT: {
    MlirValue r = exp2_(m, mul(m, log2_(m, un(m, "math.absf", x)), kf(m, 1.0 / 3.0)));
    return copysign_(m, r, x);
  }
  case KIR_OP_MATH_ATAN:
    return atan_(m, x);
  case KIR_OP_MATH_ATAN2:
    return atan2_(m, x, a[1]);
  case KIR_OP_MATH_ASIN:
  case KIR_OP_MATH_ACOS: {
    MlirValue c = un(m, "math.sqrt", sub(m, one, mul(m, x, x)));
    return k == KIR_OP_MATH_ASIN ? atan2_(m, x, c) : atan2_(m, c, x);
  }
  case KIR_OP_MATH_ASINH:
  case KIR_OP_MATH_ACOSH: {
    MlirValue ax = k == KIR_OP_MATH_ASINH ? un(m, "math.absf", x) : x;
    MlirValue s = un(m, "math.sqrt", add(m, mul(m, x, x), kf(m, k == KIR_OP_MATH_ASINH ? 1 : -1)));
    MlirValue r = log_(m, add(m, ax, s));
    return k == KIR_OP_MATH_ASINH ? copysign_(m, r, x) : r;
  }
  case KIR_OP_MATH_ATANH:
    return mul(m, half, log_(m, dv(m, add(m, one, x), sub(m, one, x))));
  case KIR_OP_MATH_ERF:
    return erf_(m, x);
  case KIR_OP_MATH_ERFC:
    return sub(m, one, erf_(m, x));
  case KIR_OP_MATH_FPOWI:
    break;
  default:
    break;
  }
  return (MlirValue){NULL};
}

/* Classification, clamp: the same on every family and type. */
static bool expand(GpuB *g, MlirOperation op, int k, MlirValue *r) {
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirType t = mlirValueGetType(x);
  Mt m = {g, op, t};
  double min_normal = mlirTypeIsAF16(t)   ? 6.103515625e-05
                      : mlirTypeIsAF64(t) ? 2.2250738585072014e-308
                                          : 1.17549435082228751e-38;
  switch (k) {
  case KIR_OP_MATH_ISNAN:
    *r = cmp(&m, FP_UNO, x, x);
    return true;
  case KIR_OP_MATH_ISINF:
    *r = cmp(&m, FP_OEQ, un(&m, "math.absf", x), kf(&m, INFINITY));
    return true;
  case KIR_OP_MATH_ISFINITE:
    *r = cmp(&m, FP_OLT, un(&m, "math.absf", x), kf(&m, INFINITY));
    return true;
  case KIR_OP_MATH_ISNORMAL: {
    MlirValue ax = un(&m, "math.absf", x);
    MlirValue ops[2] = {cmp(&m, FP_OGE, ax, kf(&m, min_normal)),
                        cmp(&m, FP_OLT, ax, kf(&m, INFINITY))};
    *r = cpu_op1(CB(g), "arith.andi", 2, ops, cpu_int_t(CB(g), 1), 0, NULL);
    return true;
  }
  case KIR_OP_MATH_CLAMPF:
    *r = bin(&m, "arith.minnumf", bin(&m, "arith.maxnumf", x, mlirOperationGetOperand(op, 1)),
             mlirOperationGetOperand(op, 2));
    return true;
  default:
    return false;
  }
}

/* One function of kind k on args (their first is a float of type t), in the op's type. */
static MlirValue math_fn(GpuB *g, MlirOperation op, int k, int n, const MlirValue *args) {
  MlirType t = mlirValueGetType(args[0]);
  bool half = mlirTypeIsAF16(t) || mlirTypeIsABF16(t);
  MlirType f32 = mlirF32TypeGet(g->ctx), ct = half ? f32 : t;
  MlirValue a[3];
  for (int i = 0; i < n; i++) {
    MlirType ti = mlirValueGetType(args[i]);
    a[i] = half && (mlirTypeIsAF16(ti) || mlirTypeIsABF16(ti))
               ? cpu_cast(CB(g), "arith.extf", args[i], f32)
               : args[i];
  }
  MlirValue r = {NULL};
  const char *lib = lib_name(k);
  if (g->mathlib && lib) {
    char name[64], type[96];
    bool f64 = mlirTypeIsAF64(ct);
    snprintf(name, sizeof name, "%s%s%s", g->fam->mathlib_prefix, lib, f64 ? "" : "f");
    const char *T = f64 ? "f64" : "f32";
    if (k == KIR_OP_MATH_FPOWI)
      snprintf(type, sizeof type, "(%s, i32) -> %s", T, T);
    else
      snprintf(type, sizeof type, "(%s%s%s) -> %s", T, n > 1 ? ", " : "", n > 1 ? T : "", T);
    gpu_declare(g, name, type);
    r = gpu_call(g, name, n, a, ct);
  } else if (mlirTypeIsAF32(ct)) {
    Mt m = {g, op, ct};
    r = compose(&m, k, a);
  }
  if (!r.ptr) {
    MlirStringRef nm = mlirIdentifierStr(mlirOperationGetName(op));
    gpu_fail(g, op, "'%.*s' on %s needs the %s math library, which was not found", (int)nm.length,
             nm.data, mlirTypeIsAF64(ct) ? "f64" : "this type", g->fam->name);
    return args[0];
  }
  return half ? cpu_cast(CB(g), "arith.truncf", r, t) : r;
}

bool gpu_lower_math(GpuB *g, MlirOperation op, int k) {
  intptr_t n = mlirOperationGetNumOperands(op);
  if (n < 1 || n > 3 || !mlirTypeIsAFloat(mlirValueGetType(mlirOperationGetOperand(op, 0))))
    return false; /* integer math: ctlz, absi, ipowi ... */
  MlirValue r;
  if (expand(g, op, k, &r)) {
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), r);
    return true;
  }
  MlirValue args[3];
  for (intptr_t i = 0; i < n; i++)
    args[i] = mlirOperationGetOperand(op, i);
  if (k == KIR_OP_MATH_SINCOS) {
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0),
                                  math_fn(g, op, KIR_OP_MATH_SIN, 1, args));
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 1),
                                  math_fn(g, op, KIR_OP_MATH_COS, 1, args));
    return true;
  }
  if (!lib_name(k)) return false; /* abs, floor, sqrt, fma ...: the LLVM backend's */
  MlirType t = mlirValueGetType(args[0]);
  /* what the backend selects on f32 stays for convert-math-to-llvm (without the library) */
  if (!g->mathlib && native(g, k) && mlirTypeIsAF32(t)) return false;
  if (k == KIR_OP_MATH_FPOWI && !g->mathlib) return false; /* convert-math-to-funcs */
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), math_fn(g, op, k, (int)n, args));
  return true;
}

/*
 * print_arith.c - arith.* and math.* on scalars as C expressions. Integers live in unsigned C
 * types (wrapping, never signed overflow) and are cast to signed ones for the signed ops;
 * narrow ones are computed in 32 bits. Integer division never traps: a zero divisor gives 0 and
 * a division by -1 is a (wrapping) negation. fp16 and bf16 are computed in float and rounded
 * back after each op.
 */
#include "print.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Names of one op's operands, types and the C types it needs. */
typedef struct Ar {
  const char *a, *b, *c; /* operands 0..2 ("" when absent) */
  MlirType t, at;        /* result and first operand types */
  int w;                 /* bits of the first operand (integers) */
  char T[64];            /* the result's C type */
  const char *W, *S;     /* compute type (32 or 64 bits unsigned), signed type of w bits */
  const char *SW;        /* signed compute type */
} Ar;

static void ar_init(Pr *p, MlirOperation op, Ar *r) {
  intptr_t n = mlirOperationGetNumOperands(op);
  r->a = n > 0 ? cl_opd(p, op, 0) : "";
  r->b = n > 1 ? cl_opd(p, op, 1) : "";
  r->c = n > 2 ? cl_opd(p, op, 2) : "";
  r->t = cl_res_type(op, 0);
  r->at = n > 0 ? cl_opd_type(op, 0) : r->t;
  r->w = cl_bits(cl_ty(r->at));
  const char *tt = cl_vtype(p, r->t, r->T, sizeof r->T);
  if (tt != r->T) snprintf(r->T, sizeof r->T, "%s", tt);
  r->W = cl_uint(p, r->w > 32 ? 64 : 32);
  r->S = cl_sint(p, r->w ? r->w : 8);
  r->SW = cl_sint(p, r->w > 32 ? 64 : 32);
}

/* expr rounded to the result's float format (fp16, bf16), into buf */
static const char *fround(Pr *p, MlirType t, const char *expr, char *buf, size_t cap) {
  ClTy ty = cl_ty(t);
  if (ty == TY_F16) p->need[CL_NEED_F16] = true;
  if (ty == TY_BF16) p->need[CL_NEED_BF16] = true;
  snprintf(buf, cap,
           ty == TY_F16    ? "kcc_f16_round(%s)"
           : ty == TY_BF16 ? "kcc_bf16_round(%s)"
                           : "%s",
           expr);
  return buf;
}

static void decl_round(Pr *p, MlirOperation op, int i, const char *expr) {
  char buf[600];
  cl_decl(p, mlirOperationGetResult(op, i), "%s",
          fround(p, cl_res_type(op, i), expr, buf, sizeof buf));
}

const char *cl_math_fn(Pr *p, KirOpKind k) {
  for (const ClMath *m = p->L->math; m->fn; m++)
    if (m->op == k) return m->fn;
  return NULL;
}

/* ---- constants --------------------------------------------------------------------------------
 */
static void print_constant(Pr *p, MlirOperation op) {
  MlirAttribute v = mlirOperationGetAttributeByName(op, kir_str("value"));
  MlirType t = cl_res_type(op, 0);
  ClTy ty = cl_ty(t);
  MlirValue r = mlirOperationGetResult(op, 0);
  char buf[64];
  if (!mlirAttributeIsNull(v) && mlirAttributeIsAInteger(v) && cl_is_int(ty)) {
    int64_t x = mlirIntegerAttrGetValueInt(v);
    int w = cl_bits(ty);
    if (ty == TY_BOOL)
      cl_decl(p, r, "%d", (int)(x & 1));
    else if (x < 0 && x > -1000000)
      cl_decl(p, r, "(%s)(%lld)", cl_vtype(p, t, buf, sizeof buf), (long long)x);
    else
      cl_decl(p, r, "%llu%s",
              (unsigned long long)(w == 64 ? (uint64_t)x : (uint64_t)x & ((1ull << w) - 1)),
              w == 64 ? "ul" : "u");
    return;
  }
  if (!mlirAttributeIsNull(v) && mlirAttributeIsAFloat(v) && cl_is_float(ty)) {
    double x = mlirFloatAttrGetValueDouble(v);
    bool f64 = ty == TY_F64;
    if (isnan(x))
      snprintf(buf, sizeof buf, f64 ? "(double)NAN" : "NAN");
    else if (isinf(x))
      snprintf(buf, sizeof buf, "%s%s", x < 0 ? "-" : "", f64 ? "(double)INFINITY" : "INFINITY");
    else {
      int n = snprintf(buf, sizeof buf, f64 ? "%.17g" : "%.9g", x);
      if (!strpbrk(buf, ".e")) snprintf(buf + n, sizeof buf - (size_t)n, ".0");
      if (!f64) strcat(buf, "f");
    }
    cl_decl(p, r, "%s", buf);
    if (f64) p->need[CL_NEED_FP64] = true;
    return;
  }
  cl_fail(p, op, "arith.constant of this type is not a per-thread IR scalar");
}

/* ---- integers ---------------------------------------------------------------------------------
 */
static const char *const int_binops[] = {
    [KIR_OP_ARITH_ADDI] = "+", [KIR_OP_ARITH_SUBI] = "-", [KIR_OP_ARITH_MULI] = "*",
    [KIR_OP_ARITH_ANDI] = "&", [KIR_OP_ARITH_ORI] = "|",  [KIR_OP_ARITH_XORI] = "^",
};
/* arith.cmpi predicates: eq ne slt sle sgt sge ult ule ugt uge */
static const char *const cmpi_ops[] = {"==", "!=", "<", "<=", ">", ">=", "<", "<=", ">", ">="};

static const char *signed_div(const Ar *r, bool rem, char *buf, size_t cap) {
  if (rem)
    snprintf(buf, cap, "(%s == 0 || (%s)%s == -1) ? (%s)0 : (%s)((%s)%s %% (%s)%s)", r->b, r->S,
             r->b, r->T, r->T, r->S, r->a, r->S, r->b);
  else
    snprintf(buf, cap,
             "%s == 0 ? (%s)0 : (%s)%s == -1 ? (%s)((%s)0 - (%s)%s) : (%s)((%s)%s / (%s)%s)", r->b,
             r->T, r->S, r->b, r->T, r->W, r->W, r->a, r->T, r->S, r->a, r->S, r->b);
  return buf;
}

static bool print_int(Pr *p, MlirOperation op, KirOpKind k, const Ar *r) {
  MlirValue v = mlirOperationGetResult(op, 0);
  bool b1 = r->w == 1;
  char e1[400], e2[400];
  switch (k) {
  case KIR_OP_ARITH_ADDI:
  case KIR_OP_ARITH_SUBI:
  case KIR_OP_ARITH_MULI:
  case KIR_OP_ARITH_ANDI:
  case KIR_OP_ARITH_ORI:
  case KIR_OP_ARITH_XORI:
    if (b1)
      cl_decl(p, v, "(%s)(((uint)%s %s (uint)%s) & 1u)", r->T, r->a, int_binops[k], r->b);
    else
      cl_decl(p, v, "(%s)((%s)%s %s (%s)%s)", r->T, r->W, r->a, int_binops[k], r->W, r->b);
    return true;
  case KIR_OP_ARITH_DIVUI:
  case KIR_OP_ARITH_REMUI:
    cl_decl(p, v, "%s == 0 ? (%s)0 : (%s)(%s %s %s)", r->b, r->T, r->T, r->a,
            k == KIR_OP_ARITH_DIVUI ? "/" : "%", r->b);
    return true;
  case KIR_OP_ARITH_CEILDIVUI:
    cl_decl(p, v, "%s == 0 ? (%s)0 : (%s)(%s / %s + (%s %% %s != 0))", r->b, r->T, r->T, r->a, r->b,
            r->a, r->b);
    return true;
  case KIR_OP_ARITH_DIVSI:
  case KIR_OP_ARITH_REMSI:
    cl_decl(p, v, "%s", signed_div(r, k == KIR_OP_ARITH_REMSI, e1, sizeof e1));
    return true;
  case KIR_OP_ARITH_FLOORDIVSI:
  case KIR_OP_ARITH_CEILDIVSI: {
    /* q and r of the truncating division, then one step down (floor: signs differ) or up */
    cl_declare(p, v);
    cl_line(p, "{");
    p->indent++;
    cl_line(p, "%s q_ = %s;", r->T, signed_div(r, false, e1, sizeof e1));
    cl_line(p, "%s r_ = %s;", r->T, signed_div(r, true, e2, sizeof e2));
    if (k == KIR_OP_ARITH_FLOORDIVSI)
      cl_line(p, "%s = (%s)(q_ - (%s)(r_ != 0 && (((%s)r_ < 0) != ((%s)%s < 0))));", cl_name(p, v),
              r->T, r->T, r->S, r->S, r->b);
    else
      cl_line(p, "%s = (%s)(q_ + (%s)(r_ != 0 && (((%s)r_ < 0) == ((%s)%s < 0))));", cl_name(p, v),
              r->T, r->T, r->S, r->S, r->b);
    p->indent--;
    cl_line(p, "}");
    return true;
  }
  case KIR_OP_ARITH_MAXSI:
  case KIR_OP_ARITH_MINSI:
    cl_decl(p, v, "(%s)%s %s (%s)%s ? %s : %s", r->S, r->a, k == KIR_OP_ARITH_MAXSI ? ">" : "<",
            r->S, r->b, r->a, r->b);
    return true;
  case KIR_OP_ARITH_MAXUI:
  case KIR_OP_ARITH_MINUI:
    cl_decl(p, v, "%s %s %s ? %s : %s", r->a, k == KIR_OP_ARITH_MAXUI ? ">" : "<", r->b, r->a,
            r->b);
    return true;
  case KIR_OP_ARITH_SHLI:
  case KIR_OP_ARITH_SHRUI:
    /* a shift by the width or more is poison in MLIR: 0 here */
    cl_decl(p, v, "(%s)%s >= %d ? (%s)0 : (%s)((%s)%s %s (%s)%s)", r->W, r->b, r->w, r->T, r->T,
            r->W, r->a, k == KIR_OP_ARITH_SHLI ? "<<" : ">>", r->W, r->b);
    return true;
  case KIR_OP_ARITH_SHRSI:
    if (b1)
      cl_decl(p, v, "%s", r->a);
    else
      cl_decl(p, v, "(%s)((%s)(%s)%s >> ((%s)%s >= %d ? %d : (%s)%s))", r->T, r->SW, r->S, r->a,
              r->W, r->b, r->w, r->w - 1, r->W, r->b);
    return true;
  case KIR_OP_ARITH_CMPI: {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("predicate"));
    int64_t pr = mlirAttributeIsNull(a) ? -1 : mlirIntegerAttrGetValueInt(a);
    if (pr < 0 || pr > 9) {
      cl_fail(p, op, "unknown arith.cmpi predicate");
      return true;
    }
    if (pr >= 2 && pr <= 5 && !b1)
      cl_decl(p, v, "(%s)%s %s (%s)%s", r->S, r->a, cmpi_ops[pr], r->S, r->b);
    else if (pr >= 2 && pr <= 5) /* i1 signed: 1 is -1 */
      cl_decl(p, v, "(-(int)%s) %s (-(int)%s)", r->a, cmpi_ops[pr], r->b);
    else
      cl_decl(p, v, "%s %s %s", r->a, cmpi_ops[pr], r->b);
    return true;
  }
  case KIR_OP_MATH_ABSI:
    cl_decl(p, v, "(%s)%s < 0 ? (%s)((%s)0 - (%s)%s) : %s", r->S, r->a, r->T, r->W, r->W, r->a,
            r->a);
    return true;
  case KIR_OP_MATH_CTLZ:
    cl_decl(p, v, "(%s)%s(%s)", r->T, p->L->clz, r->a);
    return true;
  case KIR_OP_MATH_CTPOP:
    cl_decl(p, v, "(%s)%s(%s)", r->T, p->L->popcount, r->a);
    return true;
  case KIR_OP_MATH_CTTZ:
    cl_decl(p, v, "%s == 0 ? (%s)%d : (%s)%s((%s)(~%s & (%s - 1)))", r->a, r->T, r->w, r->T,
            p->L->popcount, r->T, r->a, r->a);
    return true;
  case KIR_OP_MATH_IPOWI:
    cl_declare(p, v);
    cl_line(p, "{");
    p->indent++;
    cl_line(p, "%s b_ = %s, x_ = 1;", r->T, r->a);
    cl_line(p, "if ((%s)%s < 0) {", r->S, r->b);
    cl_line(p, "  x_ = %s == 1 ? (%s)1 : (%s)%s == -1 ? ((%s & 1) ? %s : (%s)1) : (%s)0;", r->a,
            r->T, r->S, r->a, r->b, r->a, r->T, r->T);
    cl_line(p, "} else {");
    cl_line(p, "  for (%s e_ = %s; e_ != 0; e_ >>= 1, b_ = (%s)((%s)b_ * (%s)b_))", r->T, r->b,
            r->T, r->W, r->W);
    cl_line(p, "    if (e_ & 1) x_ = (%s)((%s)x_ * (%s)b_);", r->T, r->W, r->W);
    cl_line(p, "}");
    cl_line(p, "%s = x_;", cl_name(p, v));
    p->indent--;
    cl_line(p, "}");
    return true;
  case KIR_OP_ARITH_MULSI_EXTENDED:
  case KIR_OP_ARITH_MULUI_EXTENDED: {
    bool s = k == KIR_OP_ARITH_MULSI_EXTENDED;
    cl_decl(p, v, "(%s)((%s)%s * (%s)%s)", r->T, r->W, r->a, r->W, r->b);
    if (s)
      cl_decl(p, mlirOperationGetResult(op, 1), "(%s)%s((%s)%s, (%s)%s)", r->T, p->L->mul_hi, r->S,
              r->a, r->S, r->b);
    else
      cl_decl(p, mlirOperationGetResult(op, 1), "%s(%s, %s)", p->L->mul_hi, r->a, r->b);
    return true;
  }
  case KIR_OP_ARITH_ADDUI_EXTENDED:
    cl_decl(p, v, "(%s)((%s)%s + (%s)%s)", r->T, r->W, r->a, r->W, r->b);
    cl_decl(p, mlirOperationGetResult(op, 1), "%s < %s", cl_name(p, v), r->a);
    return true;
  default:
    return false;
  }
}

/* ---- conversions ------------------------------------------------------------------------------
 */
const char *cl_to_bits(Pr *p, MlirType t, const char *x, char *buf, size_t cap) {
  ClTy ty = cl_ty(t);
  if (ty == TY_F32)
    snprintf(buf, cap, "%s(%s)", p->L->f32_to_bits, x);
  else if (ty == TY_F64)
    snprintf(buf, cap, "%s(%s)", p->L->f64_to_bits, x);
  else if (ty == TY_F16 || ty == TY_BF16)
    cl_to_mem(p, t, x, buf, cap);
  else
    snprintf(buf, cap, "%s", x);
  return buf;
}

const char *cl_from_bits(Pr *p, MlirType t, const char *x, char *buf, size_t cap) {
  ClTy ty = cl_ty(t);
  char vt[64];
  if (ty == TY_F32)
    snprintf(buf, cap, "%s(%s)", p->L->bits_to_f32, x);
  else if (ty == TY_F64)
    snprintf(buf, cap, "%s(%s)", p->L->bits_to_f64, x);
  else if (ty == TY_F16 || ty == TY_BF16)
    cl_from_mem(p, t, x, buf, cap);
  else
    snprintf(buf, cap, "(%s)%s", cl_vtype(p, t, vt, sizeof vt), x);
  return buf;
}

static bool print_cast(Pr *p, MlirOperation op, KirOpKind k, const Ar *r) {
  MlirValue v = mlirOperationGetResult(op, 0);
  int rw = cl_bits(cl_ty(r->t));
  char e[400], e2[400];
  switch (k) {
  case KIR_OP_ARITH_EXTUI:
  case KIR_OP_ARITH_INDEX_CASTUI:
  case KIR_OP_ARITH_TRUNCI:
  case KIR_OP_ARITH_EXTSI:
  case KIR_OP_ARITH_INDEX_CAST: {
    bool sext = k == KIR_OP_ARITH_EXTSI || k == KIR_OP_ARITH_INDEX_CAST;
    if (rw == 1)
      cl_decl(p, v, "(%s)(%s & 1)", r->T, r->a);
    else if (rw <= r->w || !sext)
      cl_decl(p, v, "(%s)%s", r->T, r->a);
    else if (r->w == 1)
      cl_decl(p, v, "(%s)(0 - (%s)%s)", r->T, cl_uint(p, rw > 32 ? 64 : 32), r->a);
    else
      cl_decl(p, v, "(%s)(%s)(%s)%s", r->T, cl_sint(p, rw), r->S, r->a);
    return true;
  }
  case KIR_OP_ARITH_SITOFP:
  case KIR_OP_ARITH_UITOFP:
    if (r->w == 1)
      snprintf(e, sizeof e, "(%s)(%s ? %s : 0)", r->T, r->a, k == KIR_OP_ARITH_SITOFP ? "-1" : "1");
    else
      snprintf(e, sizeof e, "(%s)(%s)%s", r->T, k == KIR_OP_ARITH_SITOFP ? r->S : r->T, r->a);
    if (k == KIR_OP_ARITH_UITOFP && r->w != 1) snprintf(e, sizeof e, "(%s)%s", r->T, r->a);
    decl_round(p, op, 0, e);
    return true;
  case KIR_OP_ARITH_FPTOSI:
  case KIR_OP_ARITH_FPTOUI: {
    if (rw == 1) {
      cl_decl(p, v, "%s != 0", r->a);
      return true;
    }
    const char *it = k == KIR_OP_ARITH_FPTOSI ? cl_sint(p, rw) : cl_uint(p, rw);
    snprintf(e2, sizeof e2, p->L->fp_to_int, it);
    cl_decl(p, v, "(%s)%s(%s)", r->T, e2, r->a);
    return true;
  }
  case KIR_OP_ARITH_EXTF:
  case KIR_OP_ARITH_TRUNCF:
    if (cl_ty(r->t) == TY_F32 && cl_ty(r->at) == TY_F64)
      snprintf(e, sizeof e, "(%s)%s", r->T, r->a);
    else
      snprintf(e, sizeof e, "%s%s", cl_ty(r->t) == TY_F64 ? "(double)" : "", r->a);
    decl_round(p, op, 0, e);
    return true;
  case KIR_OP_ARITH_BITCAST:
  case KIR_OP_BITCAST:
    if (cl_ty(r->t) == TY_PTR || cl_ty(r->at) == TY_PTR) return false; /* pointer casts */
    cl_decl(p, v, "%s",
            cl_from_bits(p, r->t, cl_to_bits(p, r->at, r->a, e, sizeof e), e2, sizeof e2));
    return true;
  case KIR_OP_ARITH_SELECT:
    cl_decl(p, v, "%s ? %s : %s", r->a, r->b, r->c);
    return true;
  default:
    return false;
  }
}

/* ---- floats -----------------------------------------------------------------------------------
 */
/* arith.cmpf predicates: false oeq ogt oge olt ole one ord ueq ugt uge ult ule une uno true.
 * C's comparisons are ordered except !=; unordered ones negate the opposite ordered one. */
static const char *const cmpf_fmt[] = {"false",
                                       "%1$s == %2$s",
                                       "%1$s > %2$s",
                                       "%1$s >= %2$s",
                                       "%1$s < %2$s",
                                       "%1$s <= %2$s",
                                       "LG",
                                       "ORD",
                                       "UEQ",
                                       "!(%1$s <= %2$s)",
                                       "!(%1$s < %2$s)",
                                       "!(%1$s >= %2$s)",
                                       "!(%1$s > %2$s)",
                                       "%1$s != %2$s",
                                       "UNO",
                                       "true"};

static bool print_float(Pr *p, MlirOperation op, KirOpKind k, const Ar *r) {
  MlirValue v = mlirOperationGetResult(op, 0);
  char e[600];
  const char *bin = k == KIR_OP_ARITH_ADDF   ? "+"
                    : k == KIR_OP_ARITH_SUBF ? "-"
                    : k == KIR_OP_ARITH_MULF ? "*"
                    : k == KIR_OP_ARITH_DIVF ? "/"
                                             : NULL;
  if (bin) {
    snprintf(e, sizeof e, "%s %s %s", r->a, bin, r->b);
    decl_round(p, op, 0, e);
    return true;
  }
  const char *L_isnan = p->L->isnan;
  switch (k) {
  case KIR_OP_ARITH_NEGF:
    cl_decl(p, v, "-%s", r->a);
    return true;
  case KIR_OP_ARITH_MAXIMUMF:
  case KIR_OP_ARITH_MINIMUMF: /* NaN propagates */
    cl_decl(p, v, "%s(%s) ? %s : %s(%s) ? %s : %s(%s, %s)", L_isnan, r->a, r->a, L_isnan, r->b,
            r->b,
            cl_math_fn(p, k == KIR_OP_ARITH_MAXIMUMF ? KIR_OP_ARITH_MAXNUMF : KIR_OP_ARITH_MINNUMF),
            r->a, r->b);
    return true;
  case KIR_OP_ARITH_CMPF: {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("predicate"));
    int64_t pr = mlirAttributeIsNull(a) ? -1 : mlirIntegerAttrGetValueInt(a);
    if (pr < 0 || pr > 15) {
      cl_fail(p, op, "unknown arith.cmpf predicate");
      return true;
    }
    const char *f = cmpf_fmt[pr];
    if (strcmp(f, "LG") == 0)
      snprintf(e, sizeof e, "%s(%s, %s) != 0", p->L->islessgreater, r->a, r->b);
    else if (strcmp(f, "ORD") == 0)
      snprintf(e, sizeof e, "%s(%s, %s) == 0", p->L->isunordered, r->a, r->b);
    else if (strcmp(f, "UNO") == 0)
      snprintf(e, sizeof e, "%s(%s, %s) != 0", p->L->isunordered, r->a, r->b);
    else if (strcmp(f, "UEQ") == 0)
      snprintf(e, sizeof e, "%s(%s, %s) == 0", p->L->islessgreater, r->a, r->b);
    else if (pr == 0 || pr == 15)
      snprintf(e, sizeof e, "%s", pr ? "1" : "0");
    else
      snprintf(e, sizeof e, f, r->a, r->b);
    cl_decl(p, v, "%s", e);
    return true;
  }
  case KIR_OP_MATH_ISNAN:
  case KIR_OP_MATH_ISINF:
  case KIR_OP_MATH_ISFINITE:
  case KIR_OP_MATH_ISNORMAL: {
    static const char *const fns[] = {[KIR_OP_MATH_ISNAN] = "isnan",
                                      [KIR_OP_MATH_ISINF] = "isinf",
                                      [KIR_OP_MATH_ISFINITE] = "isfinite",
                                      [KIR_OP_MATH_ISNORMAL] = "isnormal"};
    cl_decl(p, v, "%s(%s) != 0", fns[k], r->a);
    return true;
  }
  case KIR_OP_MATH_CLAMPF:
    snprintf(e, sizeof e, "%s(%s(%s, %s), %s)", cl_math_fn(p, KIR_OP_ARITH_MINNUMF),
             cl_math_fn(p, KIR_OP_ARITH_MAXNUMF), r->a, r->b, r->c);
    decl_round(p, op, 0, e);
    return true;
  case KIR_OP_MATH_FPOWI:
    snprintf(e, sizeof e, "%s(%s, (%s)%s)", cl_math_fn(p, k), r->a, cl_sint(p, 32), r->b);
    decl_round(p, op, 0, e);
    return true;
  case KIR_OP_MATH_SINCOS:
    snprintf(e, sizeof e, "%s(%s)", cl_math_fn(p, KIR_OP_MATH_SIN), r->a);
    decl_round(p, op, 0, e);
    snprintf(e, sizeof e, "%s(%s)", cl_math_fn(p, KIR_OP_MATH_COS), r->a);
    decl_round(p, op, 1, e);
    return true;
  default:
    break;
  }
  const char *fn = cl_math_fn(p, k);
  if (!fn) return false;
  intptr_t n = mlirOperationGetNumOperands(op);
  snprintf(e, sizeof e, "%s(%s%s%s%s%s)", fn, r->a, n > 1 ? ", " : "", r->b, n > 2 ? ", " : "",
           r->c);
  decl_round(p, op, 0, e);
  return true;
}

bool cl_print_arith(Pr *p, MlirOperation op, KirOpKind k) {
  KirDialect dia = k == KIR_OP_UNKNOWN ? KIR_D_KIR : kir_op_dialect(k);
  if (k != KIR_OP_BITCAST && dia != KIR_D_ARITH && dia != KIR_D_MATH) return false;
  if (k == KIR_OP_ARITH_CONSTANT) {
    print_constant(p, op);
    return true;
  }
  if (mlirOperationGetNumResults(op) < 1) return false;
  Ar r;
  ar_init(p, op, &r);
  if (cl_ty(r.t) == TY_BAD || (mlirOperationGetNumOperands(op) && cl_ty(r.at) == TY_BAD)) {
    cl_fail(p, op, "a tensor or unsupported type in the per-thread IR");
    return true;
  }
  if (print_cast(p, op, k, &r)) return true;
  if (k == KIR_OP_BITCAST) return false;
  bool fl = cl_is_float(cl_ty(r.at));
  if (fl ? print_float(p, op, k, &r) : print_int(p, op, k, &r)) return true;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  cl_fail(p, op, "'%.*s' on %s is not supported by the C printer", (int)name.length, name.data,
          fl ? "floats" : "integers");
  return true;
}

/*
 * mathpoly.c - f32 exp, exp2, log and log2 as plain arith ops (range reduction + minimax
 * polynomials, ~1 ulp), so that LLVM's loop vectorizer can vectorize loops that use them. Scalar
 * `math.exp` would become a libm call per element and block vectorization (DESIGN.md §4, "a
 * measured trap"). Special values: NaN propagates, exp overflows to +inf and underflows to 0
 * (through the subnormal range), log(0) = -inf, log(x<0) = NaN, log(+inf) = +inf, subnormal
 * inputs to log are rescaled first.
 */
#include "cpu.h"

#include <math.h>
#include <string.h>

enum { PRED_EQ = 0, PRED_SLT = 2 };
enum { FPRED_OEQ = 1, FPRED_OGT = 2, FPRED_OLT = 4, FPRED_UNO = 14 };

typedef struct M {
  CpuB *b;
  MlirType f, i;
} M;

static MlirValue kf(M *m, double v) {
  return cpu_cfloat(m->b, m->f, v);
}
static MlirValue ki(M *m, int64_t v) {
  return cpu_cint(m->b, m->i, v);
}
static MlirValue m_fadd(M *m, MlirValue x, MlirValue y) {
  return cpu_bin(m->b, "arith.addf", x, y);
}
static MlirValue m_fsub(M *m, MlirValue x, MlirValue y) {
  return cpu_bin(m->b, "arith.subf", x, y);
}
static MlirValue m_fmul(M *m, MlirValue x, MlirValue y) {
  return cpu_bin(m->b, "arith.mulf", x, y);
}
/* x * y + z with `contract` on both ops: LLVM fuses them into one FMA instruction where the
 * target has one (vfmadd on x86-64 with FMA/AVX-512, fmla on aarch64) and keeps the separate
 * multiply and add elsewhere, never a libm fmaf call that would block vectorization. */
static MlirValue fma_(M *m, MlirValue x, MlirValue y, MlirValue z) {
  return cpu_bin_fm(m->b, "arith.addf", cpu_bin_fm(m->b, "arith.mulf", x, y, "contract"), z,
                    "contract");
}
static MlirValue bits(M *m, MlirValue x) {
  return cpu_cast(m->b, "arith.bitcast", x, m->i);
}
static MlirValue flt(M *m, MlirValue x) {
  return cpu_cast(m->b, "arith.bitcast", x, m->f);
}
static MlirValue clamp(M *m, MlirValue x, double lo, double hi) {
  /* compare + select keeps NaN (both compares are false) */
  x = cpu_select(m->b, cpu_cmpf(m->b, FPRED_OGT, x, kf(m, hi)), kf(m, hi), x);
  return cpu_select(m->b, cpu_cmpf(m->b, FPRED_OLT, x, kf(m, lo)), kf(m, lo), x);
}

/* Round to nearest even for |v| < 2^22 with the 1.5*2^23 trick: returns the rounded float and
 * the integer in *n. */
static MlirValue round_magic(M *m, MlirValue v, MlirValue *n) {
  MlirValue t = m_fadd(m, v, kf(m, 12582912.0));
  *n = cpu_bin(m->b, "arith.subi", bits(m, t), ki(m, 0x4B400000));
  return m_fsub(m, t, kf(m, 12582912.0));
}

/* e^r for |r| <= ln2/2. */
static MlirValue exp_core(M *m, MlirValue r) {
  static const double c[] = {1.9875691500E-4, 1.3981999507E-3, 8.3334519073E-3,
                             4.1665795894E-2, 1.6666665459E-1, 5.0000001201E-1};
  MlirValue p = kf(m, c[0]);
  for (int i = 1; i < 6; i++)
    p = fma_(m, p, r, kf(m, c[i]));
  MlirValue r2 = m_fmul(m, r, r);
  return m_fadd(m, fma_(m, p, r2, r), kf(m, 1.0));
}

/* p * 2^n for n in [-151, 129], in two exact power-of-two steps (covers subnormal results). */
static MlirValue scale(M *m, MlirValue p, MlirValue n) {
  MlirValue n1 = cpu_bin(m->b, "arith.shrsi", n, ki(m, 1));
  MlirValue n2 = cpu_bin(m->b, "arith.subi", n, n1);
  MlirValue s1 = flt(m, cpu_bin(m->b, "arith.shli", cpu_bin(m->b, "arith.addi", n1, ki(m, 127)),
                                ki(m, 23)));
  MlirValue s2 = flt(m, cpu_bin(m->b, "arith.shli", cpu_bin(m->b, "arith.addi", n2, ki(m, 127)),
                                ki(m, 23)));
  return m_fmul(m, m_fmul(m, p, s1), s2);
}

static MlirValue m_exp(M *m, MlirValue x) {
  MlirValue xc = clamp(m, x, -104.0, 88.8);
  MlirValue n;
  MlirValue nf = round_magic(m, m_fmul(m, xc, kf(m, 1.44269504088896341)), &n);
  /* Cody-Waite: ln2 = 0.693359375 - 2.12194440e-4, the first part exact in 9 bits */
  MlirValue r = m_fsub(m, xc, m_fmul(m, nf, kf(m, 0.693359375)));
  r = m_fsub(m, r, m_fmul(m, nf, kf(m, -2.12194440e-4)));
  return scale(m, exp_core(m, r), n);
}

static MlirValue m_exp2(M *m, MlirValue x) {
  MlirValue xc = clamp(m, x, -151.0, 128.5);
  MlirValue n;
  MlirValue nf = round_magic(m, xc, &n);
  MlirValue r = m_fmul(m, m_fsub(m, xc, nf), kf(m, 0.693147180559945309));
  return scale(m, exp_core(m, r), n);
}

/* Shared part of log/log2: x = 2^e * (1 + f), sqrt(1/2) <= 1+f < sqrt(2); returns
 * y = f^3*P(f) - f^2/2 and f, e (as float). */
static void log_reduce(M *m, MlirValue x, MlirValue *f_out, MlirValue *y_out, MlirValue *e_out) {
  CpuB *b = m->b;
  MlirValue tiny = cpu_cmpf(b, FPRED_OLT, x, kf(m, 1.17549435e-38));
  MlirValue xs = cpu_select(b, tiny, m_fmul(m, x, kf(m, 8388608.0)), x);
  MlirValue eadj = cpu_select(b, tiny, ki(m, -23), ki(m, 0));
  MlirValue bx = bits(m, xs);
  MlirValue e = cpu_bin(b, "arith.andi", cpu_bin(b, "arith.shrui", bx, ki(m, 23)), ki(m, 0xff));
  e = cpu_bin(b, "arith.addi", cpu_bin(b, "arith.subi", e, ki(m, 126)), eadj);
  MlirValue mant =
      flt(m, cpu_bin(b, "arith.ori", cpu_bin(b, "arith.andi", bx, ki(m, 0x007fffff)), ki(m, 0x3f000000)));
  MlirValue small = cpu_cmpf(b, FPRED_OLT, mant, kf(m, 0.707106781186547524));
  e = cpu_bin(b, "arith.subi", e, cpu_select(b, small, ki(m, 1), ki(m, 0)));
  MlirValue f = m_fsub(m, cpu_select(b, small, m_fadd(m, mant, mant), mant), kf(m, 1.0));
  static const double c[] = {7.0376836292E-2,  -1.1514610310E-1, 1.1676998740E-1,
                             -1.2420140846E-1, 1.4249322787E-1,  -1.6668057665E-1,
                             2.0000714765E-1,  -2.4999993993E-1, 3.3333331174E-1};
  MlirValue p = kf(m, c[0]);
  for (int i = 1; i < 9; i++)
    p = fma_(m, p, f, kf(m, c[i]));
  MlirValue z = m_fmul(m, f, f);
  MlirValue y = m_fmul(m, m_fmul(m, p, f), z);
  y = m_fsub(m, y, m_fmul(m, kf(m, 0.5), z));
  *f_out = f;
  *y_out = y;
  *e_out = cpu_cast(b, "arith.sitofp", e, m->f);
}

static MlirValue log_special(M *m, MlirValue x, MlirValue r) {
  CpuB *b = m->b;
  r = cpu_select(b, cpu_cmpf(b, FPRED_OEQ, x, kf(m, 0.0)), kf(m, -INFINITY), r);
  r = cpu_select(b, cpu_cmpf(b, FPRED_OLT, x, kf(m, 0.0)), kf(m, NAN), r);
  r = cpu_select(b, cpu_cmpf(b, FPRED_OEQ, x, kf(m, INFINITY)), x, r);
  return cpu_select(b, cpu_cmpf(b, FPRED_UNO, x, x), x, r);
}

static MlirValue m_log(M *m, MlirValue x) {
  MlirValue f, y, e;
  log_reduce(m, x, &f, &y, &e);
  y = m_fadd(m, y, m_fmul(m, e, kf(m, -2.12194440e-4)));
  MlirValue r = m_fadd(m, m_fadd(m, f, y), m_fmul(m, e, kf(m, 0.693359375)));
  return log_special(m, x, r);
}

static MlirValue m_log2(M *m, MlirValue x) {
  MlirValue f, y, e;
  log_reduce(m, x, &f, &y, &e);
  MlirValue L = kf(m, 0.44269504088896340736); /* log2(e) - 1 */
  MlirValue z = m_fmul(m, y, L);
  z = m_fadd(m, z, m_fmul(m, f, L));
  z = m_fadd(m, z, y);
  z = m_fadd(m, z, f);
  z = m_fadd(m, z, e);
  return log_special(m, x, z);
}

MlirValue cpu_math_f32(CpuB *b, const char *name, MlirValue x) {
  M m = {b, mlirF32TypeGet(b->ctx), mlirIntegerTypeGet(b->ctx, 32)};
  if (strcmp(name, "math.exp") == 0)
    return m_exp(&m, x);
  if (strcmp(name, "math.exp2") == 0)
    return m_exp2(&m, x);
  if (strcmp(name, "math.log") == 0)
    return m_log(&m, x);
  if (strcmp(name, "math.log2") == 0)
    return m_log2(&m, x);
  return (MlirValue){NULL};
}

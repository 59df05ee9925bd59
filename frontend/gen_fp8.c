/*
 * gen_fp8.c - fp8 (float8e4nv = E4M3FN, float8e4b15 = E4M3 with bias 15 and the same NaN and no
 * infinities, float8e5 = E5M2) conversions, in integer and fp32 ops.
 *
 * In kir an fp8 value is its byte (i8): no backend has fp8 arithmetic or memory types, so loads,
 * stores and bitcasts move bytes, and gen_cast converts through fp32 here:
 *   decode  exact: E5M2 is the high byte of an fp16; the E4M3 kinds are rebuilt as fp32 bits
 *           (normal), m * 2^(1 - bias - 3) (subnormal) or NaN (S.1111.111)
 *   encode  round to nearest even from the fp32 bits (the exponent rebiased, the mantissa
 *           rounded by an add-and-shift that carries into the exponent; subnormals by scaling
 *           into [0, 2^M] and rounding with the 2^23 trick), saturating to the largest finite
 *           value (infinities too) and keeping NaN, as Triton's satfinite conversions on GPUs.
 */
#include "gen_builtins.h" /* gen_where, gen_minmax */

#include <math.h>

typedef struct Fp8 {
  int m_bits, bias;
  int64_t max_code; /* the largest finite magnitude */
} Fp8;

static Fp8 fp8_format(const DType *dt) {
  switch (dt->kind) {
  case DT_F8E4:
    return (Fp8){3, 7, 0x7E};
  case DT_F8E4B15:
    return (Fp8){3, 15, 0x7E};
  default:
    return (Fp8){2, 15, 0x7B};
  }
}

static Value as_dtype(Value v, DKind k) { /* same bits, another frontend dtype */
  v.ty.dt = sema_dtype(k);
  return v;
}

static Value u32(Gen *g, const Node *n, Value v, bool bitcast) {
  return gen_cast(g, n, v, sema_dtype(DT_U32), bitcast);
}

static Value bin(Gen *g, const Node *n, const char *op, Value a, int64_t b) {
  return gen_binary(g, n, op, a, gen_const_int(b));
}

Value gen_fp8_decode(Gen *g, const Node *n, Value v) {
  Value u = u32(g, n, as_dtype(v, DT_U8), false);
  if (v.ty.dt->kind == DT_F8E5) {
    Value h = gen_cast(g, n, bin(g, n, "<<", u, 8), sema_dtype(DT_U16), false);
    return gen_cast(g, n, gen_cast(g, n, h, sema_dtype(DT_F16), true), sema_dtype(DT_F32), false);
  }
  Fp8 f = fp8_format(v.ty.dt);
  Value sign = bin(g, n, "<<", bin(g, n, ">>", u, 7), 31);
  Value e = bin(g, n, "&", bin(g, n, ">>", u, f.m_bits), 0xF);
  Value m = bin(g, n, "&", u, 7);
  Value normal = gen_binary(
      g, n, "|", gen_binary(g, n, "|", sign, bin(g, n, "<<", bin(g, n, "+", e, 127 - f.bias), 23)),
      bin(g, n, "<<", m, 23 - f.m_bits));
  Value nf = gen_cast(g, n, normal, sema_dtype(DT_F32), true);
  Value mag = gen_binary(g, n, "*", gen_cast(g, n, m, sema_dtype(DT_F32), false),
                         (Value){.kind = V_FLOAT, .f = ldexp(1, 1 - f.bias - f.m_bits)});
  Value sub =
      gen_where(g, n, gen_cmp(g, n, "!=", sign, gen_const_int(0)), gen_unary(g, n, "-", mag), mag);
  Value r = gen_where(g, n, gen_cmp(g, n, "==", e, gen_const_int(0)), sub, nf);
  Value nan = gen_cmp(g, n, "==", bin(g, n, "&", u, 0x7F), gen_const_int(0x7F));
  return gen_where(g, n, nan, (Value){.kind = V_FLOAT, .f = __builtin_nan("")}, r);
}

Value gen_fp8_encode(Gen *g, const Node *n, Value x, const DType *to) {
  Fp8 f = fp8_format(to);
  Value bits = u32(g, n, x, true);
  Value sign = bin(g, n, "<<", bin(g, n, ">>", bits, 31), 7);
  Value a = bin(g, n, "&", bits, 0x7FFFFFFF);
  int sh = 23 - f.m_bits;
  /* normal results: rebias, then round the dropped bits to nearest even */
  Value r = bin(g, n, "-", a, (int64_t)(127 - f.bias) << 23);
  Value odd = bin(g, n, "&", bin(g, n, ">>", r, sh), 1);
  r = bin(g, n, ">>", gen_binary(g, n, "+", bin(g, n, "+", r, (1 << (sh - 1)) - 1), odd), sh);
  /* subnormal results: |x| * 2^(bias - 1 + M) in [0, 2^M], rounded to an integer (2^M is the
   * smallest normal's code) */
  Value ax = gen_cast(g, n, a, sema_dtype(DT_F32), true);
  Value scaled = gen_binary(g, n, "*", ax,
                            (Value){.kind = V_FLOAT, .f = (double)(1 << (f.bias - 1 + f.m_bits))});
  Value magic = {.kind = V_FLOAT, .f = 0x1p23};
  Value q = u32(g, n, gen_binary(g, n, "-", gen_binary(g, n, "+", scaled, magic), magic), false);
  Value small = gen_cmp(g, n, "<", a, gen_const_int((int64_t)(128 - f.bias) << 23));
  Value code = gen_where(g, n, small, q, r);
  code = gen_minmax(g, n, code, gen_const_int(f.max_code), false, false); /* satfinite */
  Value nan = gen_cmp(g, n, ">", a, gen_const_int(0x7F800000));
  code = gen_where(g, n, nan, gen_const_int(0x7F), code);
  Value byte = gen_cast(g, n, gen_binary(g, n, "|", code, sign), sema_dtype(DT_U8), false);
  return as_dtype(byte, to->kind);
}

/*
 * tile_facts.c - the shared tile analysis (see tile_facts.h for what each fact means).
 *
 * One forward walk over the kernel in program order; scf.for bodies are walked until their
 * carried facts reach a fixpoint. Each op's rule reads its operands' facts and writes its
 * results'; every rule below states why its answer is sound under the definitions in the header.
 * Notation: c = contig, g = div, k = constancy of an operand along the dimension at hand; all are
 * powers of two, so gcd is min.
 */
#include "tile_facts.h"
#include "kir.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <stdio.h>
#include <stdlib.h>

#define MAXD TILE_FACTS_MAX_DIV
#define FOR_ROUNDS 16

typedef struct Slot {
  const void *key;
  TileFact f;
} Slot;

struct TileFacts {
  Slot *slots;
  size_t cap, n;
};

/* What a rule needs to know about the value it computes (or reads). */
typedef struct Ty {
  int rank, n;               /* n = max(rank, 1) fact dimensions */
  int64_t ext[KIR_MAX_RANK]; /* extents (a scalar: [1]) */
  int width;                 /* integer width (index: 64), 0 when not an integer */
  int64_t unit;              /* bytes per step of a pointer, 1 otherwise */
  bool ptr;
} Ty;

/* ---- small arithmetic ------------------------------------------------------------------------ */
static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}
static int64_t max64(int64_t a, int64_t b) {
  return a > b ? a : b;
}
static int64_t pow2_floor(int64_t x) {
  if (x < 1) return 1;
  int64_t p = 1;
  while (p <= x / 2)
    p *= 2;
  return p;
}
static bool is_pow2(int64_t x) {
  return x > 0 && (x & (x - 1)) == 0;
}
/* The largest power of two dividing v, capped (0 -> MAXD). */
static int64_t lowbit(int64_t v) {
  if (v == 0) return MAXD;
  uint64_t u = (uint64_t)v;
  u &= ~u + 1;
  return u > (uint64_t)MAXD ? MAXD : (int64_t)u;
}
static int64_t cap_mul(int64_t a, int64_t b) {
  return a >= MAXD / b ? MAXD : a * b;
}
/* Floor division by a power of two (>> on negatives is implementation-defined in C). */
static int64_t floor_div(int64_t a, int64_t k) {
  int64_t q = a / k;
  return (a % k != 0 && a < 0) ? q - 1 : q;
}

/* ---- types ----------------------------------------------------------------------------------- */
static int64_t bytes_of(MlirType t) {
  if (mlirTypeIsAInteger(t)) return (mlirIntegerTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAFloat(t)) return (mlirFloatTypeGetWidth(t) + 7) / 8;
  return 1;
}

static Ty ty_of(MlirType t) {
  Ty y = {.rank = 0, .n = 1, .ext = {1, 1, 1, 1}, .width = 0, .unit = 1, .ptr = false};
  MlirType e = t;
  if (mlirTypeIsARankedTensor(t) && mlirShapedTypeHasStaticShape(t)) {
    int r = (int)mlirShapedTypeGetRank(t);
    if (r > KIR_MAX_RANK) r = 0; /* refused by the verifier; read as a scalar */
    y.rank = r;
    y.n = r ? r : 1;
    for (int d = 0; d < r; d++)
      y.ext[d] = mlirShapedTypeGetDimSize(t, d);
    e = mlirShapedTypeGetElementType(t);
  }
  if (mlirTypeIsAInteger(e))
    y.width = (int)mlirIntegerTypeGetWidth(e);
  else if (mlirTypeIsAIndex(e))
    y.width = 64;
  else if (kir_is_ptr_type(e)) {
    y.ptr = true;
    MlirType p = kir_ptr_pointee(e);
    y.unit = mlirTypeIsNull(p) ? 1 : bytes_of(p);
  }
  return y;
}
static Ty ty_val(MlirValue v) {
  return ty_of(mlirValueGetType(v));
}

/* Whether [lo, hi] is representable at width w (i1: 0/1). */
static bool fits(int w, int64_t lo, int64_t hi) {
  if (w == 1) return lo >= 0 && hi <= 1;
  if (w <= 0 || w >= 64) return w >= 64;
  int64_t m = (int64_t)1 << (w - 1);
  return lo >= -m && hi <= m - 1;
}

/* The range of f, or the whole signed range of width w when it has none. */
static void width_bounds(const TileFact *f, int w, int64_t *lo, int64_t *hi) {
  if (f->has_range)
    *lo = f->lo, *hi = f->hi;
  else if (w == 1)
    *lo = 0, *hi = 1;
  else if (w <= 0 || w >= 64)
    *lo = INT64_MIN, *hi = INT64_MAX;
  else
    *lo = -((int64_t)1 << (w - 1)), *hi = ((int64_t)1 << (w - 1)) - 1;
}

/* ---- facts ----------------------------------------------------------------------------------- */
static TileFact unknown(int rank) {
  TileFact f = {.rank = rank};
  for (int d = 0; d < KIR_MAX_RANK; d++)
    f.contig[d] = f.div[d] = f.constancy[d] = 1;
  return f;
}

static void set_range(TileFact *f, bool ok, int64_t lo, int64_t hi) {
  f->has_range = ok && lo <= hi;
  f->lo = f->has_range ? lo : 0;
  f->hi = f->has_range ? hi : 0;
}

/* Divisibility of v[i] for every i with i % c == 0 along d (c a power of two): the run starts
 * when c is a multiple of contig; inside a run v[start] + m*c steps, divisible by c * unit. */
static int64_t div_every(const TileFact *f, int d, int64_t c, int64_t unit) {
  if (f->contig[d] <= c) return f->div[d];
  return min64(f->div[d], cap_mul(c, unit));
}

/* Divisibility of every element: each dimension's every-element bound holds for all of them. */
static int64_t elem_div(const TileFact *f, const Ty *y) {
  int64_t g = 1;
  for (int d = 0; d < y->n; d++)
    g = max64(g, div_every(f, d, 1, y->unit));
  return g;
}

/* Sets every dimension to "no runs, divisible by g" (a rule that knows only elementwise facts). */
static void elementwise(TileFact *f, const Ty *y, int64_t g) {
  for (int d = 0; d < y->n; d++)
    f->contig[d] = 1, f->div[d] = g;
}

/* Brings f into canonical form for a value of type y: powers of two within the extents, ranges
 * that fit the width, and a single-value range read as a constant. */
static void normalize(TileFact *f, const Ty *y) {
  f->rank = y->rank;
  bool num = y->width > 1 || y->ptr;
  int64_t wl, wh;
  TileFact none = {.has_range = false};
  width_bounds(&none, y->width, &wl, &wh);
  if (f->has_range && (!y->width || !fits(y->width, f->lo, f->hi) || (f->lo == wl && f->hi == wh)))
    set_range(f, false, 0, 0); /* (a range spanning the width says nothing) */
  for (int d = 0; d < KIR_MAX_RANK; d++) {
    if (d >= y->n) {
      f->contig[d] = f->div[d] = f->constancy[d] = 1;
      continue;
    }
    f->contig[d] = num ? min64(pow2_floor(f->contig[d]), y->ext[d]) : 1;
    f->constancy[d] = min64(pow2_floor(f->constancy[d]), y->ext[d]);
    f->div[d] = num ? min64(pow2_floor(f->div[d]), MAXD) : 1;
    if (f->has_range && f->lo == f->hi) { /* one value everywhere */
      f->constancy[d] = y->ext[d];
      f->contig[d] = 1;
      if (y->width > 1) f->div[d] = max64(f->div[d], lowbit(f->lo));
    }
    if (y->ext[d] == 1) f->contig[d] = f->constancy[d] = 1;
  }
}

/* A scalar's facts read as a tile of type y (arith.select's condition, kir.splat). */
static TileFact lift(const TileFact *s, const Ty *y) {
  if (s->rank == y->rank) return *s;
  TileFact f = unknown(y->rank);
  for (int d = 0; d < y->n; d++)
    f.constancy[d] = y->ext[d], f.div[d] = s->div[0];
  set_range(&f, s->has_range, s->lo, s->hi);
  return f;
}

/* Facts true of both a and b (control-flow merges): runs of the shorter length start at
 * multiples of it, where div_every bounds each side. */
static TileFact join(const TileFact *a, const TileFact *b, const Ty *y) {
  TileFact f = unknown(y->rank);
  for (int d = 0; d < y->n; d++) {
    int64_t c = min64(a->contig[d], b->contig[d]);
    f.contig[d] = c;
    f.div[d] = min64(div_every(a, d, c, y->unit), div_every(b, d, c, y->unit));
    f.constancy[d] = min64(a->constancy[d], b->constancy[d]);
  }
  set_range(&f, a->has_range && b->has_range, min64(a->lo, b->lo), max64(a->hi, b->hi));
  return f;
}

static bool fact_eq(const TileFact *a, const TileFact *b) {
  if (a->rank != b->rank || a->has_range != b->has_range || a->lo != b->lo || a->hi != b->hi)
    return false;
  for (int d = 0; d < KIR_MAX_RANK; d++)
    if (a->contig[d] != b->contig[d] || a->div[d] != b->div[d] ||
        a->constancy[d] != b->constancy[d])
      return false;
  return true;
}

/* ---- the value table ------------------------------------------------------------------------- */
static Slot *slot(const TileFacts *t, const void *key) {
  if (!t->cap) return NULL;
  size_t i = (size_t)(((uint64_t)(uintptr_t)key * 0x9e3779b97f4a7c15ULL) >> 40) & (t->cap - 1);
  while (t->slots[i].key && t->slots[i].key != key)
    i = (i + 1) & (t->cap - 1);
  return &t->slots[i];
}

static void put(TileFacts *t, MlirValue v, const TileFact *f) {
  if (2 * (t->n + 1) > t->cap) {
    size_t ncap = t->cap ? 2 * t->cap : 256;
    Slot *old = t->slots;
    size_t ocap = t->cap;
    t->slots = calloc(ncap, sizeof *t->slots);
    t->cap = ncap;
    t->n = 0;
    for (size_t i = 0; i < ocap; i++)
      if (old[i].key) {
        *slot(t, old[i].key) = old[i];
        t->n++;
      }
    free(old);
  }
  Slot *s = slot(t, v.ptr);
  if (!s->key) t->n++;
  s->key = v.ptr;
  s->f = *f;
}

static const TileFact unknown_by_rank[KIR_MAX_RANK + 1] = {
#define UNK(r)                                                                                     \
  {                                                                                                \
    .rank = r, .contig = {1, 1, 1, 1}, .div = {1, 1, 1, 1}, .constancy = { 1, 1, 1, 1 }            \
  }
    UNK(0), UNK(1), UNK(2), UNK(3), UNK(4)
#undef UNK
};

const TileFact *tile_facts_get(const TileFacts *t, MlirValue v) {
  Slot *s = t ? slot(t, v.ptr) : NULL;
  if (s && s->key) return &s->f;
  return &unknown_by_rank[ty_val(v).rank];
}

/* ---- hints ----------------------------------------------------------------------------------- */
/* Reads one hint entry per fact dimension from an integer or dense i32/i64 array attribute. */
static bool hint_values(MlirAttribute a, int n, int64_t *out) {
  if (mlirAttributeIsNull(a)) return false;
  if (mlirAttributeIsAInteger(a)) {
    if (n != 1) return false;
    out[0] = mlirIntegerAttrGetValueInt(a);
    return true;
  }
  bool i64 = mlirAttributeIsADenseI64Array(a), i32 = mlirAttributeIsADenseI32Array(a);
  if (!(i64 || i32) || mlirDenseArrayGetNumElements(a) != n) return false;
  for (int d = 0; d < n; d++)
    out[d] = i64 ? mlirDenseI64ArrayGetElement(a, d) : mlirDenseI32ArrayGetElement(a, d);
  return true;
}

/* Raises f to the hints (div, contig, constancy attributes; null when absent). */
static void apply_hints(TileFact *f, const Ty *y, MlirAttribute hdiv, MlirAttribute hcontig,
                        MlirAttribute hconst) {
  int64_t h[KIR_MAX_RANK];
  if (hint_values(hdiv, y->n, h))
    for (int d = 0; d < y->n; d++)
      f->div[d] = max64(f->div[d], min64(pow2_floor(h[d]), MAXD));
  if (hint_values(hcontig, y->n, h))
    for (int d = 0; d < y->n; d++)
      f->contig[d] = max64(f->contig[d], min64(pow2_floor(h[d]), y->ext[d]));
  if (hint_values(hconst, y->n, h))
    for (int d = 0; d < y->n; d++)
      f->constancy[d] = max64(f->constancy[d], min64(pow2_floor(h[d]), y->ext[d]));
}

static MlirAttribute op_attr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, kir_str(name));
}

/* ---- op rules -------------------------------------------------------------------------------- */
typedef struct A {
  TileFacts *t;
  MlirOperation op;
  KirOpKind k; /* op's kind (kir_ops.def) */
} A;

static const TileFact *opf(const A *a, intptr_t i) {
  return tile_facts_get(a->t, mlirOperationGetOperand(a->op, i));
}
static Ty opty(const A *a, intptr_t i) {
  return ty_val(mlirOperationGetOperand(a->op, i));
}
/* The operand's constant value, when its range is one value. */
static bool opconst(const A *a, intptr_t i, int64_t *k) {
  const TileFact *f = opf(a, i);
  if (!f->has_range || f->lo != f->hi) return false;
  *k = f->lo;
  return true;
}
static int64_t int_attr(MlirOperation op, const char *name, int64_t dflt) {
  MlirAttribute a = op_attr(op, name);
  return mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a) ? dflt
                                                               : mlirIntegerAttrGetValueInt(a);
}

/* An integer constant's value at width w (i1 reads 0/1). */
static int64_t int_value(int64_t v, int w) {
  return w == 1 ? (v & 1) : v;
}

static int64_t dense_int(MlirAttribute a, intptr_t pos, int w) {
  switch (w) {
  case 1:
    return mlirDenseElementsAttrGetBoolValue(a, pos);
  case 8:
    return mlirDenseElementsAttrGetInt8Value(a, pos);
  case 16:
    return mlirDenseElementsAttrGetInt16Value(a, pos);
  case 32:
    return mlirDenseElementsAttrGetInt32Value(a, pos);
  default:
    return mlirDenseElementsAttrGetInt64Value(a, pos);
  }
}

/* A non-splat integer constant tile: runs and their starts read off the elements. A break at
 * index p along d (v[p] != v[p-1] + 1) bounds contig by the largest power of two dividing p. */
static TileFact dense_fact(MlirAttribute a, const Ty *y) {
  TileFact f = unknown(y->rank);
  int w = y->width;
  if (!(w == 1 || w == 8 || w == 16 || w == 32 || w == 64) ||
      mlirTypeIsAIndex(mlirShapedTypeGetElementType(mlirAttributeGetType(a))))
    return f;
  intptr_t n = mlirElementsAttrGetNumElements(a);
  int64_t stride[KIR_MAX_RANK];
  int64_t s = 1;
  for (int d = y->n - 1; d >= 0; d--)
    stride[d] = s, s *= y->ext[d];
  for (int d = 0; d < y->n; d++)
    f.contig[d] = f.constancy[d] = y->ext[d];
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (intptr_t p = 0; p < n; p++) {
    int64_t v = dense_int(a, p, w);
    lo = min64(lo, v), hi = max64(hi, v);
    for (int d = 0; d < y->n; d++) {
      int64_t i = (p / stride[d]) % y->ext[d];
      if (i == 0) continue;
      int64_t prev = dense_int(a, p - stride[d], w);
      if (v != prev + 1) f.contig[d] = min64(f.contig[d], lowbit(i));
      if (v != prev) f.constancy[d] = min64(f.constancy[d], lowbit(i));
    }
  }
  for (int d = 0; d < y->n; d++) {
    f.div[d] = MAXD;
    for (intptr_t p = 0; p < n; p++)
      if (((p / stride[d]) % y->ext[d]) % f.contig[d] == 0)
        f.div[d] = min64(f.div[d], lowbit(dense_int(a, p, w)));
  }
  set_range(&f, n > 0, lo, hi);
  return f;
}

static TileFact rule_constant(const A *a, const Ty *y) {
  MlirAttribute v = op_attr(a->op, "value");
  TileFact f = unknown(y->rank);
  if (mlirAttributeIsNull(v)) return f;
  if (mlirAttributeIsADenseElements(v)) {
    if (!mlirDenseElementsAttrIsSplat(v)) return y->width ? dense_fact(v, y) : f;
    for (int d = 0; d < y->n; d++)
      f.constancy[d] = y->ext[d];
    v = mlirDenseElementsAttrGetSplatValue(v);
  }
  if (mlirAttributeIsAInteger(v) && y->width) {
    int64_t k = int_value(mlirIntegerAttrGetValueInt(v), y->width);
    set_range(&f, true, k, k);
  }
  return f;
}

/* Runs of x that fit in aligned blocks of k (a power of two) values: a block of m = min(c, k, g)
 * indices at a multiple of m holds [q*m, q*m + m - 1] with m | k, so floor(x / k) is constant on
 * it and x mod k is consecutive on it (in two's complement too, since m | 2^width). */
static int64_t block_len(const TileFact *x, int d, int64_t k) {
  return min64(min64(x->contig[d], k), x->div[d]);
}

/* x mod k (k a power of two; remui, remsi of non-negative x, andi with k - 1). */
static TileFact rule_mod_pow2(const TileFact *x, const Ty *y, int64_t k) {
  TileFact f = unknown(y->rank);
  for (int d = 0; d < y->n; d++) {
    int64_t m = block_len(x, d, k);
    int64_t g = div_every(x, d, m, 1);
    f.contig[d] = m;
    f.div[d] = g >= k ? MAXD : g; /* the block starts at q*m mod k, which is 0 when k | g */
    f.constancy[d] = x->constancy[d];
  }
  return f;
}

/* floor(x / k) (k a power of two; divsi, divui, shrsi, shrui, andi with -k). With `blocks`
 * (all but a truncating divsi of possibly negative x) it is constant on the blocks of
 * block_len. Where k divides every x (read mod 2^width when unsigned) the quotient is exact, so
 * divisible by g / k. */
static TileFact rule_floor_pow2(const TileFact *x, const Ty *y, int64_t k, bool blocks) {
  TileFact f = unknown(y->rank);
  int64_t g = elem_div(x, y);
  if (y->width > 0 && y->width < 30) g = min64(g, (int64_t)1 << y->width);
  elementwise(&f, y, g >= k ? g / k : 1);
  for (int d = 0; d < y->n; d++)
    f.constancy[d] = blocks ? max64(x->constancy[d], block_len(x, d, k)) : x->constancy[d];
  return f;
}

static TileFact min_constancy(const TileFact *x, const TileFact *z, const Ty *y) {
  TileFact f = unknown(y->rank);
  for (int d = 0; d < y->n; d++)
    f.constancy[d] = min64(x->constancy[d], z->constancy[d]);
  return f;
}

/* Integer binary ops (both operands of the result's type). */
static TileFact rule_int_binary(const A *a, const Ty *y) {
  KirOpKind kind = a->k;
  const TileFact *x = opf(a, 0), *z = opf(a, 1);
  TileFact f = min_constancy(x, z, y);
  int64_t k = 0, lo = 0, hi = 0;
  bool rx = x->has_range, rz = z->has_range, ok = false;
  bool zconst = opconst(a, 1, &k);
  switch (kind) {
  case KIR_OP_ARITH_ADDI:
  case KIR_OP_ARITH_SUBI: {
    bool add = kind == KIR_OP_ARITH_ADDI;
    for (int d = 0; d < y->n; d++) {
      /* a run plus a constant is a run (either side for add); subtracting a run is not */
      int64_t c = min64(x->contig[d], z->constancy[d]);
      if (add) c = max64(c, min64(x->constancy[d], z->contig[d]));
      f.contig[d] = c;
      f.div[d] = min64(div_every(x, d, c, 1), div_every(z, d, c, 1));
    }
    ok = rx && rz &&
         (add ? !__builtin_add_overflow(x->lo, z->lo, &lo) &&
                    !__builtin_add_overflow(x->hi, z->hi, &hi)
              : !__builtin_sub_overflow(x->lo, z->hi, &lo) &&
                    !__builtin_sub_overflow(x->hi, z->lo, &hi));
    break;
  }
  case KIR_OP_ARITH_MULI: {
    int64_t one;
    if (zconst && k == 1)
      f = *x;
    else if (opconst(a, 0, &one) && one == 1)
      f = *z;
    else
      elementwise(&f, y, cap_mul(elem_div(x, y), elem_div(z, y)));
    if (rx && rz) {
      int64_t p[4];
      ok = !__builtin_mul_overflow(x->lo, z->lo, &p[0]) &&
           !__builtin_mul_overflow(x->lo, z->hi, &p[1]) &&
           !__builtin_mul_overflow(x->hi, z->lo, &p[2]) &&
           !__builtin_mul_overflow(x->hi, z->hi, &p[3]);
      lo = hi = p[0];
      for (int i = 1; i < 4; i++)
        lo = min64(lo, p[i]), hi = max64(hi, p[i]);
    }
    break;
  }
  case KIR_OP_ARITH_DIVSI:
  case KIR_OP_ARITH_DIVUI: {
    /* only positive divisors (kir's division by zero is unspecified); divui reads a signed
     * range only when it is non-negative */
    bool nonneg = rx && x->lo >= 0;
    bool sgn = kind == KIR_OP_ARITH_DIVSI;
    if (zconst && k == 1)
      f = *x;
    else if (zconst && is_pow2(k))
      f = rule_floor_pow2(x, y, k, nonneg || !sgn);
    if (rz && z->lo >= 1 && rx && (sgn || nonneg)) {
      ok = true; /* truncating division by a positive divisor is monotone in both */
      lo = x->lo >= 0 ? x->lo / z->hi : x->lo / z->lo;
      hi = x->hi >= 0 ? x->hi / z->lo : x->hi / z->hi;
    }
    break;
  }
  case KIR_OP_ARITH_REMSI:
  case KIR_OP_ARITH_REMUI: {
    bool nonneg = rx && x->lo >= 0;
    bool sgn = kind == KIR_OP_ARITH_REMSI;
    if (nonneg && rz && z->lo >= 1 && x->hi < z->lo) return *x; /* x % n == x for 0 <= x < n */
    if (zconst && is_pow2(k) && (nonneg || !sgn)) f = rule_mod_pow2(x, y, k);
    if (rz && z->lo >= 1) { /* |x % n| < n, with the sign of x (remsi) or >= 0 (remui) */
      ok = true;
      lo = nonneg || !sgn ? 0 : rx ? max64(x->lo, 1 - z->hi) : 1 - z->hi;
      hi = rx && x->hi <= 0 && sgn ? 0 : z->hi - 1;
      if (nonneg || (sgn && rx)) hi = min64(hi, max64(x->hi, 0));
    }
    break;
  }
  case KIR_OP_ARITH_ANDI: {
    int64_t kx = 0; /* read only when xconst */
    bool xconst = opconst(a, 0, &kx);
    const TileFact *v = zconst ? x : z;
    int64_t m = zconst ? k : kx;
    elementwise(&f, y, max64(elem_div(x, y), elem_div(z, y))); /* either factor's zeros */
    if ((zconst || xconst) && y->width > 1) {
      if (m == -1)
        f = *v;
      else if (m >= 0 && m < INT64_MAX && is_pow2(m + 1))
        f = rule_mod_pow2(v, y, m + 1); /* x & (2^j - 1) == x mod 2^j */
      else if (m < 0 && m > INT64_MIN && is_pow2(-m)) {
        f = rule_floor_pow2(v, y, -m, true); /* x & -2^j == floor(x / 2^j) * 2^j */
        elementwise(&f, y, max64(elem_div(v, y), min64(-m, MAXD)));
      }
    }
    if ((rx && x->lo >= 0) || (rz && z->lo >= 0)) {
      ok = true, lo = 0; /* the non-negative operand bounds the result */
      hi = rx && x->lo >= 0 ? x->hi : INT64_MAX;
      if (rz && z->lo >= 0) hi = min64(hi, z->hi);
    }
    break;
  }
  case KIR_OP_ARITH_ORI:
  case KIR_OP_ARITH_XORI:
    elementwise(&f, y, min64(elem_div(x, y), elem_div(z, y)));
    if (rx && rz && x->lo >= 0 && z->lo >= 0) {
      int64_t top = pow2_floor(max64(x->hi, z->hi));
      ok = top < INT64_MAX / 4;
      lo = kind == KIR_OP_ARITH_ORI ? max64(x->lo, z->lo) : 0;
      hi = max64(x->hi, z->hi) == 0 ? 0 : 2 * top - 1;
    }
    break;
  case KIR_OP_ARITH_SHLI:
    if (zconst && k == 0) return *x;
    if (zconst && k > 0 && k < y->width) { /* x * 2^k (mod 2^width keeps divisibility) */
      elementwise(&f, y, cap_mul(elem_div(x, y), k >= 30 ? MAXD : (int64_t)1 << k));
      ok = rx && k < 62 && !__builtin_mul_overflow(x->lo, (int64_t)1 << k, &lo) &&
           !__builtin_mul_overflow(x->hi, (int64_t)1 << k, &hi);
    }
    break;
  case KIR_OP_ARITH_SHRSI:
  case KIR_OP_ARITH_SHRUI: {
    bool sgn = kind == KIR_OP_ARITH_SHRSI, nonneg = rx && x->lo >= 0;
    if (zconst && k == 0) return *x;
    if (zconst && k > 0 && k < y->width && k < 62) {
      int64_t p = (int64_t)1 << k;
      f = rule_floor_pow2(x, y, min64(p, MAXD), true);
      if (p > MAXD) elementwise(&f, y, 1);
      ok = rx && (sgn || nonneg);
      lo = floor_div(x->lo, p), hi = floor_div(x->hi, p);
    }
    break;
  }
  case KIR_OP_ARITH_MINSI:
  case KIR_OP_ARITH_MAXSI:
  case KIR_OP_ARITH_MINUI:
  case KIR_OP_ARITH_MAXUI: {
    bool mn = kind == KIR_OP_ARITH_MINSI || kind == KIR_OP_ARITH_MINUI;
    bool sgn = kind == KIR_OP_ARITH_MINSI || kind == KIR_OP_ARITH_MAXSI;
    int64_t xl, xh, zl, zh; /* signed: an operand without a range spans its width */
    width_bounds(x, y->width, &xl, &xh);
    width_bounds(z, y->width, &zl, &zh);
    if (sgn || (rx && rz && x->lo >= 0 && z->lo >= 0)) {
      if (xh <= zl) return mn ? *x : *z; /* ranges ordered: the result is one operand */
      if (zh <= xl) return mn ? *z : *x;
      ok = true;
      lo = mn ? min64(xl, zl) : max64(xl, zl);
      hi = mn ? min64(xh, zh) : max64(xh, zh);
    } else if (mn && ((rx && x->lo >= 0) || (rz && z->lo >= 0))) {
      ok = true, lo = 0; /* unsigned min: at most the non-negative operand */
      hi = min64(rx && x->lo >= 0 ? x->hi : INT64_MAX, rz && z->lo >= 0 ? z->hi : INT64_MAX);
    }
    elementwise(&f, y, min64(elem_div(x, y), elem_div(z, y)));
    break;
  }
  default:
    break;
  }
  set_range(&f, ok, lo, hi);
  return f;
}

enum { P_EQ, P_NE, P_SLT, P_SLE, P_SGT, P_SGE, P_ULT, P_ULE, P_UGT, P_UGE };

/* Whether the comparison's outcome follows from the ranges; sets *r. */
static bool cmp_decided(int p, const TileFact *x, const TileFact *z, bool *r) {
  if (!x->has_range || !z->has_range) return false;
  if (p >= P_ULT) { /* unsigned: as signed when both are non-negative */
    if (x->lo < 0 || z->lo < 0) return false;
    p -= P_ULT - P_SLT;
  }
  switch (p) {
  case P_EQ:
  case P_NE:
    if (x->lo == x->hi && z->lo == z->hi && x->lo == z->lo) return *r = p == P_EQ, true;
    if (x->hi < z->lo || z->hi < x->lo) return *r = p == P_NE, true;
    return false;
  case P_SLT:
  case P_SGE:
    if (x->hi < z->lo || x->lo >= z->hi) return *r = (x->hi < z->lo) == (p == P_SLT), true;
    return false;
  default: /* sle, sgt */
    if (x->hi <= z->lo || x->lo > z->hi) return *r = (x->hi <= z->lo) == (p == P_SLE), true;
    return false;
  }
}

/* Comparisons: constant where both sides are. And a run x against n compared with `x < n` or
 * `x >= n` (either side): on a block of m = min(c, g, k_n, g_n) indices at a multiple of m, x is
 * [q*m, q*m + m - 1] and n is one multiple of m, so n cannot fall strictly inside the block and
 * the outcome is the same for the whole block (the `offs < n` mask of a BLOCK-aligned tile). */
static TileFact rule_cmpi(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0), *z = opf(a, 1);
  TileFact f = min_constancy(x, z, y);
  int p = (int)int_attr(a->op, "predicate", -1);
  Ty oy = opty(a, 0);
  bool r;
  if (cmp_decided(p, x, z, &r)) {
    set_range(&f, true, r, r);
    return f;
  }
  const TileFact *run = NULL, *bound = NULL;
  if (p == P_SLT || p == P_SGE || p == P_ULT || p == P_UGE)
    run = x, bound = z;
  else if (p == P_SGT || p == P_SLE || p == P_UGT || p == P_ULE)
    run = z, bound = x;
  if (run && oy.width > 1)
    for (int d = 0; d < y->n; d++) {
      int64_t m = min64(min64(run->contig[d], run->div[d]),
                        min64(bound->constancy[d], div_every(bound, d, 1, 1)));
      f.constancy[d] = max64(f.constancy[d], m);
    }
  return f;
}

static TileFact rule_select(const A *a, const Ty *y) {
  TileFact cnd = lift(opf(a, 0), y);
  const TileFact *x = opf(a, 1), *z = opf(a, 2);
  int64_t k;
  if (opconst(a, 0, &k)) return k ? *x : *z;
  /* on a run of constant condition the result is one side's run */
  TileFact f = join(x, z, y);
  for (int d = 0; d < y->n; d++) {
    int64_t c = min64(f.contig[d], cnd.constancy[d]);
    f.div[d] = min64(div_every(x, d, c, y->unit), div_every(z, d, c, y->unit));
    f.contig[d] = c;
    f.constancy[d] = min64(f.constancy[d], cnd.constancy[d]);
  }
  return f;
}

/* Integer casts. Sign extension keeps everything. Zero extension keeps the runs (a run that
 * crosses -1 -> 0 read unsigned is an unsigned wrap, which the header's assumption excludes:
 * the frontend zero-extends only unsigned values) and divisibility (x mod 2^w), and the range
 * when it is non-negative. Truncation keeps everything when the range fits, otherwise only
 * constancy and divisibility up to 2^w. */
static TileFact rule_int_cast(const A *a, const Ty *y, bool zext) {
  const TileFact *x = opf(a, 0);
  Ty xy = opty(a, 0);
  TileFact f = *x;
  if (xy.width == 1) { /* i1: 0/1, or 0/-1 sign-extended */
    int64_t lo = x->has_range ? x->lo : 0, hi = x->has_range ? x->hi : 1;
    set_range(&f, true, zext ? lo : -hi, zext ? hi : -lo);
    return f;
  }
  if (y->width >= xy.width) {
    if (zext && !(x->has_range && x->lo >= 0))
      set_range(&f, xy.width < 63, 0, xy.width < 63 ? ((int64_t)1 << xy.width) - 1 : 0);
    return f;
  }
  if (x->has_range && fits(y->width, x->lo, x->hi)) return f;
  elementwise(&f, y, min64(elem_div(x, &xy), y->width < 30 ? (int64_t)1 << y->width : MAXD));
  set_range(&f, false, 0, 0);
  return f;
}

/* Pointer <-> pointer/integer casts: a run of steps of `from` bytes is a run of steps of `to`
 * bytes only when they are equal. */
static TileFact rule_reinterpret(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0);
  Ty xy = opty(a, 0);
  TileFact f = *x;
  set_range(&f, false, 0, 0);
  if (xy.unit != y->unit) elementwise(&f, y, elem_div(x, &xy));
  return f;
}

/* p + off * size: a run plus a constant is a run; the run starts' addresses are divisible by the
 * pointer's and the scaled offset's divisibility. */
static TileFact rule_addptr(const A *a, const Ty *y) {
  const TileFact *p = opf(a, 0), *o = opf(a, 1);
  TileFact f = unknown(y->rank);
  for (int d = 0; d < y->n; d++) {
    int64_t c = max64(min64(p->contig[d], o->constancy[d]), min64(p->constancy[d], o->contig[d]));
    f.contig[d] = c;
    f.div[d] = min64(div_every(p, d, c, y->unit), cap_mul(div_every(o, d, c, 1), y->unit));
    f.constancy[d] = min64(p->constancy[d], o->constancy[d]);
  }
  return f;
}

static TileFact rule_broadcast(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0);
  Ty xy = opty(a, 0);
  TileFact f = *x;
  if (xy.rank != y->rank) return unknown(y->rank);
  for (int d = 0; d < y->n; d++)
    if (xy.ext[d] == 1 && y->ext[d] > 1) /* repeated: every element of the source's dim */
      f.contig[d] = 1, f.constancy[d] = y->ext[d];
  return f;
}

/* Copies fact dimension `from` of x into dimension `to` of f. */
static void copy_dim(TileFact *f, int to, const TileFact *x, int from) {
  f->contig[to] = x->contig[from];
  f->div[to] = x->div[from];
  f->constancy[to] = x->constancy[from];
}

static TileFact rule_expand_dims(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0);
  Ty xy = opty(a, 0);
  int axis = (int)int_attr(a->op, "axis", -1);
  TileFact f = unknown(y->rank);
  if (axis < 0 || axis >= y->n || y->rank != xy.rank + 1) return f;
  for (int d = 0, s = 0; d < y->n; d++) {
    if (d == axis)
      f.div[d] = elem_div(x, &xy);
    else
      copy_dim(&f, d, x, s++);
  }
  set_range(&f, x->has_range, x->lo, x->hi);
  return f;
}

/* Row-major reshape. When it only inserts or drops dims of extent 1, the others keep their
 * facts. Otherwise an aligned run of c <= min(extents) along the result's last dim is an
 * aligned run along the source's last dim (both extents are powers of two, one divides the
 * other), so the last dim keeps min(c, extent); the other dims keep elementwise facts. */
static TileFact rule_reshape(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0);
  Ty xy = opty(a, 0);
  TileFact f = unknown(y->rank);
  set_range(&f, x->has_range, x->lo, x->hi);
  int64_t g = elem_div(x, &xy);
  int xs[KIR_MAX_RANK], ys[KIR_MAX_RANK], nx = 0, ny = 0;
  bool uniform = true;
  for (int d = 0; d < xy.n; d++) {
    uniform = uniform && x->constancy[d] == xy.ext[d];
    if (xy.ext[d] > 1) xs[nx++] = d;
  }
  for (int d = 0; d < y->n; d++) {
    f.div[d] = g;
    if (uniform) f.constancy[d] = y->ext[d];
    if (y->ext[d] > 1) ys[ny++] = d;
  }
  bool same = nx == ny;
  for (int i = 0; same && i < nx; i++)
    same = xy.ext[xs[i]] == y->ext[ys[i]];
  if (same) {
    for (int i = 0; i < nx; i++)
      copy_dim(&f, ys[i], x, xs[i]);
    return f;
  }
  int ls = xy.n - 1, lr = y->n - 1;
  f.contig[lr] = min64(x->contig[ls], y->ext[lr]);
  f.constancy[lr] = max64(f.constancy[lr], min64(x->constancy[ls], y->ext[lr]));
  f.div[lr] = max64(g, div_every(x, ls, f.contig[lr], xy.unit));
  return f;
}

static TileFact rule_trans(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0);
  MlirAttribute o = op_attr(a->op, "order");
  int64_t ord[KIR_MAX_RANK];
  TileFact f = unknown(y->rank);
  if (!hint_values(o, y->n, ord)) return f;
  for (int d = 0; d < y->n; d++) {
    if (ord[d] < 0 || ord[d] >= y->n) return unknown(y->rank);
    copy_dim(&f, d, x, (int)ord[d]);
  }
  set_range(&f, x->has_range, x->lo, x->hi);
  return f;
}

/* kir.join: both sides' facts along the old dims; the new dim of 2 alternates a and b. */
static TileFact rule_join(const A *a, const Ty *y) {
  Ty xy = opty(a, 0);
  TileFact j = join(opf(a, 0), opf(a, 1), &xy);
  TileFact f = j;
  f.contig[y->n - 1] = f.constancy[y->n - 1] = 1;
  f.div[y->n - 1] = elem_div(&j, &xy);
  return f;
}

/* kir.split, kir.unsplat: the source's facts along the dims that remain. */
static TileFact rule_drop_last(const A *a, const Ty *y) {
  const TileFact *x = opf(a, 0);
  Ty xy = opty(a, 0);
  TileFact f = *x;
  if (y->rank == 0) /* unsplat: the single element */
    elementwise(&f, y, elem_div(x, &xy));
  return f;
}

static TileFact rule_splat(const A *a, const Ty *y) {
  return lift(opf(a, 0), y);
}

static TileFact rule_arange(const A *a, const Ty *y) {
  TileFact f = unknown(y->rank);
  int64_t s = int_attr(a->op, "start", 0), e = int_attr(a->op, "end", s + y->ext[0]);
  f.contig[0] = e - s;
  f.div[0] = lowbit(s);
  set_range(&f, true, s, e - 1);
  return f;
}

/* Elementwise ops without a rule of their own: equal inputs give equal outputs. */
static TileFact rule_elementwise(const A *a, const Ty *y) {
  TileFact f = unknown(y->rank);
  for (int d = 0; d < y->n; d++)
    f.constancy[d] = y->ext[d];
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(a->op); i++) {
    const TileFact *x = opf(a, i);
    if (x->rank != 0 && x->rank != y->rank) return unknown(y->rank);
    TileFact o = lift(x, y);
    for (int d = 0; d < y->n; d++)
      f.constancy[d] = min64(f.constancy[d], o.constancy[d]);
  }
  return f;
}

/* Casts: integer ones by rule_int_cast (index_castui zero-extends); float casts, and index casts
 * whose operand has no width (index), only as elementwise ops. */
static TileFact rule_cast(const A *a, const Ty *y) {
  Ty xy = opty(a, 0);
  switch (a->k) {
  case KIR_OP_ARITH_EXTSI:
  case KIR_OP_ARITH_TRUNCI:
    return rule_int_cast(a, y, false);
  case KIR_OP_ARITH_EXTUI:
    return rule_int_cast(a, y, true);
  case KIR_OP_ARITH_INDEX_CAST:
  case KIR_OP_ARITH_INDEX_CASTUI:
    if (xy.width) return rule_int_cast(a, y, a->k == KIR_OP_ARITH_INDEX_CASTUI);
    return rule_elementwise(a, y);
  default:
    return rule_elementwise(a, y);
  }
}

static TileFact rule_program_id(const A *a, const Ty *y) {
  TileFact f = unknown(0); /* ids are in [0, nprog), nprog in [1, 2^31 - 1] */
  bool id = a->k == KIR_OP_PROGRAM_ID;
  set_range(&f, true, id ? 0 : 1, id ? INT32_MAX - 1 : INT32_MAX);
  return f;
}

/* The rule of each kind of op; kinds without one are read by eval_result. */
typedef TileFact (*Rule)(const A *, const Ty *);
static const Rule rules[KIR_OP_COUNT] = {
    [KIR_OP_ARITH_CONSTANT] = rule_constant,
    [KIR_OP_ARANGE] = rule_arange,
    [KIR_OP_SPLAT] = rule_splat,
    [KIR_OP_BROADCAST] = rule_broadcast,
    [KIR_OP_EXPAND_DIMS] = rule_expand_dims,
    [KIR_OP_RESHAPE] = rule_reshape,
    [KIR_OP_TRANS] = rule_trans,
    [KIR_OP_JOIN] = rule_join,
    [KIR_OP_SPLIT] = rule_drop_last,
    [KIR_OP_UNSPLAT] = rule_drop_last,
    [KIR_OP_ADDPTR] = rule_addptr,
    [KIR_OP_ARITH_ADDI] = rule_int_binary,
    [KIR_OP_ARITH_SUBI] = rule_int_binary,
    [KIR_OP_ARITH_MULI] = rule_int_binary,
    [KIR_OP_ARITH_DIVSI] = rule_int_binary,
    [KIR_OP_ARITH_DIVUI] = rule_int_binary,
    [KIR_OP_ARITH_REMSI] = rule_int_binary,
    [KIR_OP_ARITH_REMUI] = rule_int_binary,
    [KIR_OP_ARITH_ANDI] = rule_int_binary,
    [KIR_OP_ARITH_ORI] = rule_int_binary,
    [KIR_OP_ARITH_XORI] = rule_int_binary,
    [KIR_OP_ARITH_SHLI] = rule_int_binary,
    [KIR_OP_ARITH_SHRSI] = rule_int_binary,
    [KIR_OP_ARITH_SHRUI] = rule_int_binary,
    [KIR_OP_ARITH_MINSI] = rule_int_binary,
    [KIR_OP_ARITH_MAXSI] = rule_int_binary,
    [KIR_OP_ARITH_MINUI] = rule_int_binary,
    [KIR_OP_ARITH_MAXUI] = rule_int_binary,
    [KIR_OP_ARITH_CMPI] = rule_cmpi,
    [KIR_OP_ARITH_SELECT] = rule_select,
    [KIR_OP_PTR_TO_INT] = rule_reinterpret,
    [KIR_OP_INT_TO_PTR] = rule_reinterpret,
    [KIR_OP_BITCAST] = rule_reinterpret,
    [KIR_OP_ARITH_EXTF] = rule_cast,
    [KIR_OP_ARITH_EXTSI] = rule_cast,
    [KIR_OP_ARITH_EXTUI] = rule_cast,
    [KIR_OP_ARITH_TRUNCF] = rule_cast,
    [KIR_OP_ARITH_TRUNCI] = rule_cast,
    [KIR_OP_ARITH_INDEX_CAST] = rule_cast,
    [KIR_OP_ARITH_INDEX_CASTUI] = rule_cast,
    [KIR_OP_PROGRAM_ID] = rule_program_id,
    [KIR_OP_NUM_PROGRAMS] = rule_program_id,
};

/* The facts of result `i` of op (of kind k), before hints. The remaining elementwise ops that do
 * not read memory (every other arith and math op) get rule_elementwise on tiles. */
static TileFact eval_result(TileFacts *t, MlirOperation op, KirOpKind k, const Ty *y) {
  A a = {t, op, k};
  if (rules[k]) return rules[k](&a, y);
  unsigned fl = kir_op_flags(k);
  if ((fl & KIR_F_ELEMWISE) && !(fl & KIR_F_READS) && y->rank > 0) return rule_elementwise(&a, y);
  return unknown(y->rank);
}

static void store(TileFacts *t, MlirValue v, TileFact f, MlirAttribute hdiv, MlirAttribute hcon,
                  MlirAttribute hconst) {
  Ty y = ty_val(v);
  normalize(&f, &y);
  apply_hints(&f, &y, hdiv, hcon, hconst);
  normalize(&f, &y);
  put(t, v, &f);
}
static void store_plain(TileFacts *t, MlirValue v, TileFact f) {
  MlirAttribute none = {NULL};
  store(t, v, f, none, none, none);
}

/* ---- the walk -------------------------------------------------------------------------------- */
static void eval_block(TileFacts *t, MlirBlock b);

static void eval_region_unknown(TileFacts *t, MlirRegion r) {
  for (MlirBlock b = mlirRegionGetFirstBlock(r); !mlirBlockIsNull(b);
       b = mlirBlockGetNextInRegion(b)) {
    for (intptr_t i = 0; i < mlirBlockGetNumArguments(b); i++) {
      MlirValue v = mlirBlockGetArgument(b, i);
      store_plain(t, v, unknown(ty_val(v).rank));
    }
    eval_block(t, b);
  }
}

static MlirBlock region_block(MlirOperation op, intptr_t r) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
}

/* The join of the facts of values vs[0..n) (of the same type) into f. */
static TileFact join_values(TileFacts *t, const MlirValue *vs, int n) {
  Ty y = ty_val(vs[0]);
  TileFact f = *tile_facts_get(t, vs[0]);
  for (int i = 1; i < n; i++)
    f = join(&f, tile_facts_get(t, vs[i]), &y);
  normalize(&f, &y);
  return f;
}

static void eval_for(TileFacts *t, MlirOperation op) {
  MlirBlock body = region_block(op, 0);
  const TileFact *lb = tile_facts_get(t, mlirOperationGetOperand(op, 0));
  const TileFact *ub = tile_facts_get(t, mlirOperationGetOperand(op, 1));
  const TileFact *st = tile_facts_get(t, mlirOperationGetOperand(op, 2));
  MlirValue iv = mlirBlockGetArgument(body, 0);
  /* lb + j*step: divisible by both; within [lb, ub) for a positive step */
  TileFact fiv = unknown(0);
  fiv.div[0] = min64(lb->div[0], st->div[0]);
  set_range(&fiv, lb->has_range && ub->has_range && st->has_range && st->lo >= 1, lb->lo,
            max64(lb->lo, ub->hi - 1));
  store_plain(t, iv, fiv);
  intptr_t n = mlirOperationGetNumResults(op);
  MlirOperation yield = mlirBlockGetTerminator(body);
  TileFact *carried = malloc((size_t)(n ? n : 1) * sizeof *carried);
  for (intptr_t k = 0; k < n; k++)
    carried[k] = *tile_facts_get(t, mlirOperationGetOperand(op, 3 + k));
  bool done = false;
  for (int round = 0; round <= FOR_ROUNDS && !done; round++) {
    if (round == FOR_ROUNDS) /* no fixpoint: carried values are unknown, the body sound */
      for (intptr_t k = 0; k < n; k++)
        carried[k] = unknown(carried[k].rank);
    for (intptr_t k = 0; k < n; k++)
      put(t, mlirBlockGetArgument(body, k + 1), &carried[k]);
    eval_block(t, body);
    done = true;
    for (intptr_t k = 0; k < n && round < FOR_ROUNDS; k++) {
      MlirValue vs[2] = {mlirBlockGetArgument(body, k + 1), mlirOperationGetOperand(yield, k)};
      TileFact j = join_values(t, vs, 2);
      if (round > 0 && (j.lo != carried[k].lo || j.hi != carried[k].hi)) /* widening */
        set_range(&j, false, 0, 0);
      if (!fact_eq(&j, &carried[k])) done = false, carried[k] = j;
    }
  }
  for (intptr_t k = 0; k < n; k++)
    put(t, mlirOperationGetResult(op, k), &carried[k]);
  free(carried);
}

static void eval_if(TileFacts *t, MlirOperation op) {
  int64_t c = -1;
  const TileFact *cf = tile_facts_get(t, mlirOperationGetOperand(op, 0));
  if (cf->has_range && cf->lo == cf->hi) c = cf->lo;
  intptr_t nreg = 0;
  MlirOperation ys[2];
  for (intptr_t r = 0; r < 2 && r < mlirOperationGetNumRegions(op); r++) {
    MlirBlock b = region_block(op, r);
    if (mlirBlockIsNull(b)) continue;
    eval_block(t, b);
    if (c < 0 || c == (r == 0)) ys[nreg++] = mlirBlockGetTerminator(b);
  }
  for (intptr_t k = 0; k < mlirOperationGetNumResults(op); k++) {
    MlirValue res = mlirOperationGetResult(op, k);
    TileFact f = unknown(ty_val(res).rank);
    if (nreg > 0) {
      MlirValue vs[2];
      for (int i = 0; i < nreg; i++)
        vs[i] = mlirOperationGetOperand(ys[i], k);
      f = join_values(t, vs, (int)nreg);
    }
    put(t, res, &f);
  }
}

/* scf.while: the before region starts from unknown; the condition's operands are the after
 * region's arguments and the results. */
static void eval_while(TileFacts *t, MlirOperation op) {
  MlirBlock before = region_block(op, 0), after = region_block(op, 1);
  eval_region_unknown(t, mlirOperationGetRegion(op, 0));
  MlirOperation cond = mlirBlockGetTerminator(before);
  for (intptr_t k = 0; k + 1 < mlirOperationGetNumOperands(cond); k++) {
    TileFact f = *tile_facts_get(t, mlirOperationGetOperand(cond, k + 1));
    if (k < mlirBlockGetNumArguments(after)) put(t, mlirBlockGetArgument(after, k), &f);
    if (k < mlirOperationGetNumResults(op)) put(t, mlirOperationGetResult(op, k), &f);
  }
  eval_block(t, after);
}

static void eval_op(TileFacts *t, MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  bool scf = true;
  switch (k) {
  case KIR_OP_SCF_FOR:
    eval_for(t, op);
    break;
  case KIR_OP_SCF_IF:
    eval_if(t, op);
    break;
  case KIR_OP_SCF_WHILE:
    eval_while(t, op);
    break;
  default:
    scf = false;
  }
  for (intptr_t r = 0; !scf && r < mlirOperationGetNumRegions(op); r++)
    eval_region_unknown(t, mlirOperationGetRegion(op, r));
  MlirAttribute hdiv = op_attr(op, "kcc.divisibility"), hcon = op_attr(op, "kcc.contiguity"),
                hconst = op_attr(op, "kcc.constancy");
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++) {
    MlirValue v = mlirOperationGetResult(op, i);
    Ty y = ty_val(v);
    store(t, v, scf ? *tile_facts_get(t, v) : eval_result(t, op, k, &y), hdiv, hcon, hconst);
  }
}

static void eval_block(TileFacts *t, MlirBlock b) {
  for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    eval_op(t, op);
}

TileFacts *tile_facts_run(MlirOperation func) {
  TileFacts *t = calloc(1, sizeof *t);
  if (mlirOperationGetNumRegions(func) < 1) return t;
  MlirBlock entry = region_block(func, 0);
  if (mlirBlockIsNull(entry)) return t;
  MlirAttribute args = op_attr(func, "arg_attrs");
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(entry); i++) {
    MlirValue v = mlirBlockGetArgument(entry, i);
    Ty y = ty_val(v);
    TileFact f = unknown(y.rank);
    if (y.ptr) /* natural alignment of the pointee */
      for (int d = 0; d < y.n; d++)
        f.div[d] = y.unit;
    MlirAttribute none = {NULL}, hdiv = none;
    if (!mlirAttributeIsNull(args) && mlirAttributeIsAArray(args) &&
        i < mlirArrayAttrGetNumElements(args)) {
      MlirAttribute dict = mlirArrayAttrGetElement(args, i);
      if (mlirAttributeIsADictionary(dict))
        hdiv = mlirDictionaryAttrGetElementByName(dict, kir_str("kcc.divisibility"));
    }
    store(t, v, f, hdiv, none, none);
  }
  for (MlirBlock b = entry; !mlirBlockIsNull(b); b = mlirBlockGetNextInRegion(b))
    eval_block(t, b);
  return t;
}

void tile_facts_free(TileFacts *t) {
  if (!t) return;
  free(t->slots);
  free(t);
}

/* ---- queries --------------------------------------------------------------------------------- */
bool tile_facts_uniform(const TileFacts *t, MlirValue v) {
  const TileFact *f = tile_facts_get(t, v);
  Ty y = ty_val(v);
  for (int d = 0; d < y.rank; d++)
    if (f->constancy[d] != y.ext[d]) return false;
  return true;
}

int tile_facts_last_stride(const TileFacts *t, MlirValue v) {
  const TileFact *f = tile_facts_get(t, v);
  Ty y = ty_val(v);
  if (y.rank == 0) return 0;
  int d = y.rank - 1;
  if (y.ext[d] == 1 || f->constancy[d] == y.ext[d]) return 0;
  return f->contig[d] == y.ext[d] ? 1 : -1;
}

bool tile_facts_range(const TileFacts *t, MlirValue v, int64_t *lo, int64_t *hi) {
  const TileFact *f = tile_facts_get(t, v);
  *lo = f->lo, *hi = f->hi;
  return f->has_range;
}

int64_t tile_facts_vector_width(const TileFacts *t, MlirValue ptr, MlirValue mask,
                                int64_t max_bytes) {
  const TileFact *f = tile_facts_get(t, ptr);
  Ty y = ty_val(ptr);
  if (y.rank == 0 || !y.ptr) return 1;
  int d = y.rank - 1;
  /* every v-th address is a run start or v steps past one: divisible by v * unit iff
   * div >= v * unit (both powers of two) */
  int64_t v = min64(f->contig[d], min64(max_bytes / y.unit, f->div[d] / y.unit));
  if (!mlirValueIsNull(mask)) v = min64(v, tile_facts_get(t, mask)->constancy[d]);
  return pow2_floor(v);
}

/* ---- printing and the --tile-facts pass ------------------------------------------------------ */
static int put_list(char *buf, size_t n, const char *name, const int64_t *v, int k) {
  int w = snprintf(buf, n, "%s=[", name);
  for (int d = 0; d < k; d++)
    w += snprintf(buf + ((size_t)w < n ? (size_t)w : n), (size_t)w < n ? n - (size_t)w : 0,
                  d ? ", %lld" : "%lld", (long long)v[d]);
  w += snprintf(buf + ((size_t)w < n ? (size_t)w : n), (size_t)w < n ? n - (size_t)w : 0, "]");
  return w;
}

int tile_facts_format(const TileFact *f, char *buf, size_t n) {
  int w;
  if (f->rank == 0) {
    w = snprintf(buf, n, "div=%lld", (long long)f->div[0]);
  } else {
    w = put_list(buf, n, "contig", f->contig, f->rank);
    w += put_list(buf + ((size_t)w < n ? (size_t)w : n), (size_t)w < n ? n - (size_t)w : 0, " div",
                  f->div, f->rank);
    w += put_list(buf + ((size_t)w < n ? (size_t)w : n), (size_t)w < n ? n - (size_t)w : 0,
                  " const", f->constancy, f->rank);
  }
  if (f->has_range)
    w += snprintf(buf + ((size_t)w < n ? (size_t)w : n), (size_t)w < n ? n - (size_t)w : 0,
                  " range=[%lld, %lld]", (long long)f->lo, (long long)f->hi);
  return w;
}

/* Sets `name` on op to the facts of vs[0..n): a string when `one` and n == 1, else an array. */
static void set_facts(MlirOperation op, const char *name, const TileFacts *t, intptr_t n,
                      MlirValue (*get)(MlirOperation, intptr_t), MlirOperation from, bool one) {
  if (n == 0) return;
  MlirContext ctx = mlirOperationGetContext(op);
  MlirAttribute *as = malloc((size_t)n * sizeof *as);
  for (intptr_t i = 0; i < n; i++) {
    char buf[256];
    MlirValue v = get(from, i);
    int w = tile_facts_format(tile_facts_get(t, v), buf, sizeof buf);
    Ty y = ty_val(v);
    if (y.ptr && y.rank > 0 && w > 0 && (size_t)w < sizeof buf) /* what a 128-bit access gets */
      snprintf(buf + w, sizeof buf - (size_t)w, " vec16=%lld",
               (long long)tile_facts_vector_width(t, v, (MlirValue){NULL}, 16));
    as[i] = mlirStringAttrGet(ctx, kir_str(buf));
  }
  mlirOperationSetAttributeByName(op, kir_str(name),
                                  one && n == 1 ? as[0] : mlirArrayAttrGet(ctx, n, as));
  free(as);
}

static MlirValue result_of(MlirOperation op, intptr_t i) {
  return mlirOperationGetResult(op, i);
}
static MlirValue entry_arg_of(MlirOperation op, intptr_t i) {
  return mlirBlockGetArgument(region_block(op, 0), i);
}

static void annotate_op(const TileFacts *t, MlirOperation op) {
  set_facts(op, "kcc.facts", t, mlirOperationGetNumResults(op), result_of, op, true);
  KirOpKind k = kir_op_kind(op);
  bool load = k == KIR_OP_LOAD, st = k == KIR_OP_STORE;
  intptr_t nops = mlirOperationGetNumOperands(op);
  if ((load || st) && ty_val(mlirOperationGetOperand(op, 0)).rank > 0) {
    MlirValue mask = {NULL}; /* the access's vector width with its mask */
    if (nops == (load ? 2 : 3)) mask = mlirOperationGetOperand(op, nops - 1);
    int64_t v = tile_facts_vector_width(t, mlirOperationGetOperand(op, 0), mask, 16);
    mlirOperationSetAttributeByName(
        op, kir_str("kcc.vec16"),
        mlirIntegerAttrGet(mlirIntegerTypeGet(mlirOperationGetContext(op), 64), v));
  }
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++) {
    for (MlirBlock b = region_block(op, r); !mlirBlockIsNull(b); b = mlirBlockGetNextInRegion(b))
      for (MlirOperation o = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(o);
           o = mlirOperationGetNextInBlock(o))
        annotate_op(t, o);
  }
  MlirBlock first = mlirOperationGetNumRegions(op) ? region_block(op, 0) : (MlirBlock){NULL};
  if (!mlirBlockIsNull(first))
    set_facts(op, "kcc.arg_facts", t, mlirBlockGetNumArguments(first), entry_arg_of, op, false);
}

void tile_facts_annotate(MlirOperation module) {
  MlirBlock body = region_block(module, 0);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!kir_is_kernel(op)) continue;
    TileFacts *t = tile_facts_run(op);
    annotate_op(t, op);
    tile_facts_free(t);
  }
}

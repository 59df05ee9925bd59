/*
 * version.c - sink loop nests and whole-tile versioning. nest() emits the scf.for nest of a sink
 * (store, reduce, materialization, ...). A "range mask" is an i1 tile built from comparisons of
 * integer tiles whose per-tile minimum and maximum are cheap scalars: `splat(s) + arange(a, b) <
 * splat(n)` (the `offs < n` idiom), through broadcast/expand_dims/reshape/extsi and `&`. For such
 * a mask, "every element is true" is one scalar test per tile. nest() emits a sink twice under
 * `scf.if (all range masks it reads are true)`: the then-copy reads those masks as the constant
 * true (unmasked loads/stores, which LLVM vectorizes without masking), the else-copy is the
 * ordinary masked code (partial tiles). In-range remainders and fitting int32 offset sums are
 * versioned the same way.
 */
#include "lower_internal.h"

static bool rem_in_range(Cpu *c, MlirValue v, bool emit, MlirValue *all);

static void nest_rec(Cpu *c, int d, int rank, const int64_t *shape, MlirValue *idx, NestFn fn,
                     void *ud) {
  if (d == rank) {
    fn(c, idx, ud);
    return;
  }
  if (shape[d] == 1) {
    idx[d] = cpu_cidx(&c->b, 0);
    nest_rec(c, d + 1, rank, shape, idx, fn, ud);
    return;
  }
  CpuFor f;
  cpu_for_begin(&c->b, &f, cpu_cidx(&c->b, 0), cpu_cidx(&c->b, shape[d]), cpu_cidx(&c->b, 1), 0,
                NULL, &idx[d], NULL);
  /* The innermost loop of a nest runs along contiguous memory: keep LLVM from fully unrolling
   * it (the loop vectorizer would then vectorize the outer loop across rows, with gathers and
   * scatters) so that it is vectorized itself, with plain or masked vector loads and stores. */
  bool innermost = true, outer = false;
  for (int e = d + 1; e < rank; e++)
    innermost &= shape[e] == 1;
  for (int e = 0; e < d; e++)
    outer |= shape[e] > 1;
  if (innermost && outer && shape[d] >= 8) cpu_loop_no_unroll(&c->b, &f);
  if (c->nnestfor < 64) c->nestfor[c->nnestfor] = f.op;
  c->nnestfor++;
  nest_rec(c, d + 1, rank, shape, idx, fn, ud);
  c->nnestfor--;
  cpu_for_end(&c->b, &f, 0, NULL, NULL);
}

/* Whether integer value v (i32/i64) has a per-tile minimum and maximum computable as scalars,
 * and, when emitting, those bounds as i64 (lo, hi); `ok` accumulates the i1 conditions under
 * which the bounds hold (i32 arithmetic that does not wrap). */
static bool range_of(Cpu *c, MlirValue v, bool emit, MlirValue *lo, MlirValue *hi, MlirValue *ok,
                     int depth) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(v);
  MlirType et = elt_of(t);
  if (depth > 12 || !mlirTypeIsAInteger(et)) return false;
  unsigned w = mlirIntegerTypeGetWidth(et);
  if (w != 32 && w != 64) return false;
  MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
  if (!is_tensor(t)) {
    if (emit) {
      MlirValue x = scalar(c, v);
      *lo = *hi = w == 64 ? x : cpu_cast(b, "arith.extsi", x, i64);
    }
    return true;
  }
  if (mlirValueIsABlockArgument(v)) return false;
  MlirOperation op = mlirOpResultGetOwner(v);
  KirOpKind kind = kir_op_kind(op);
  if (kind == KIR_OP_ARANGE) {
    MlirAttribute s = mlirOperationGetAttributeByName(op, kir_str("start"));
    int64_t start = mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
    int64_t n = mlirShapedTypeGetDimSize(t, 0);
    if (emit) {
      *lo = cpu_cint(b, i64, start);
      *hi = cpu_cint(b, i64, start + n - 1);
    }
    return true;
  }
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (!mlirAttributeIsADenseElements(a) || !mlirDenseElementsAttrIsSplat(a)) return false;
    if (emit) {
      int64_t k = w == 64 ? mlirDenseElementsAttrGetInt64SplatValue(a)
                          : mlirDenseElementsAttrGetInt32SplatValue(a);
      *lo = *hi = cpu_cint(b, i64, k);
    }
    return true;
  }
  if (kind == KIR_OP_SPLAT || kind == KIR_OP_BROADCAST || kind == KIR_OP_EXPAND_DIMS ||
      kind == KIR_OP_RESHAPE) {
    MlirValue x = mlirOperationGetOperand(op, 0);
    if (mlirIntegerTypeGetWidth(elt_of(mlirValueGetType(x))) != w) return false;
    return range_of(c, x, emit, lo, hi, ok, depth + 1);
  }
  if (kind == KIR_OP_ARITH_EXTSI) {
    MlirValue x = mlirOperationGetOperand(op, 0);
    if (w != 64 || !mlirTypeIsAInteger(elt_of(mlirValueGetType(x))) ||
        mlirIntegerTypeGetWidth(elt_of(mlirValueGetType(x))) != 32)
      return false;
    return range_of(c, x, emit, lo, hi, ok, depth + 1);
  }
  if (kind == KIR_OP_ARITH_MULI && w == 32 &&
      (uniform(c, mlirOperationGetOperand(op, 0)) || uniform(c, mlirOperationGetOperand(op, 1)))) {
    MlirValue al, ah, bl, bh;
    if (!range_of(c, mlirOperationGetOperand(op, 0), emit, &al, &ah, ok, depth + 1) ||
        !range_of(c, mlirOperationGetOperand(op, 1), emit, &bl, &bh, ok, depth + 1))
      return false;
    if (emit) {
      /* i32 ranges: the i64 products of the bounds are exact; the extremes are among them */
      MlirValue p[4] = {cpu_bin(b, "arith.muli", al, bl), cpu_bin(b, "arith.muli", al, bh),
                        cpu_bin(b, "arith.muli", ah, bl), cpu_bin(b, "arith.muli", ah, bh)};
      *lo = *hi = p[0];
      for (int i = 1; i < 4; i++) {
        *lo = cpu_bin(b, "arith.minsi", *lo, p[i]);
        *hi = cpu_bin(b, "arith.maxsi", *hi, p[i]);
      }
      MlirValue f = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, *lo, cpu_cint(b, i64, INT32_MIN)),
                            cpu_cmpi(b, PI_SLE, *hi, cpu_cint(b, i64, INT32_MAX)));
      *ok = mlirValueIsNull(*ok) ? f : cpu_bin(b, "arith.andi", *ok, f);
    }
    return true;
  }
  if ((kind == KIR_OP_ARITH_REMSI || kind == KIR_OP_ARITH_REMUI) && c->fast &&
      fast_fact(c, v, false)) /* the fast copy reads it as its dividend */
    return range_of(c, mlirOperationGetOperand(op, 0), emit, lo, hi, ok, depth + 1);
  if (kind == KIR_OP_ARITH_REMSI && uniform(c, mlirOperationGetOperand(op, 1))) {
    /* x % n is within [-|n|, |n|] (n == 0 reads as 1, see guard_divisor) */
    MlirValue nl, nh;
    if (!range_of(c, mlirOperationGetOperand(op, 1), emit, &nl, &nh, ok, depth + 1)) return false;
    if (emit) {
      MlirValue neg = cpu_bin(b, "arith.subi", cpu_cint(b, i64, 0), nl);
      *hi = cpu_bin(b, "arith.maxsi", cpu_bin(b, "arith.maxsi", nl, neg), cpu_cint(b, i64, 1));
      *lo = cpu_bin(b, "arith.subi", cpu_cint(b, i64, 0), *hi);
    }
    return true;
  }
  if (kind == KIR_OP_ARITH_ADDI && w == 32) {
    MlirValue al, ah, bl, bh;
    if (!range_of(c, mlirOperationGetOperand(op, 0), emit, &al, &ah, ok, depth + 1) ||
        !range_of(c, mlirOperationGetOperand(op, 1), emit, &bl, &bh, ok, depth + 1))
      return false;
    if (emit) {
      /* i32 operands sign-extended: the i64 sums are exact; the i32 adds do not wrap iff they
       * fit, and then the element range is [lo, hi] */
      *lo = cpu_bin(b, "arith.addi", al, bl);
      *hi = cpu_bin(b, "arith.addi", ah, bh);
      MlirValue f1 = cpu_cmpi(b, PI_SGE, *lo, cpu_cint(b, i64, INT32_MIN));
      MlirValue f2 = cpu_cmpi(b, PI_SLE, *hi, cpu_cint(b, i64, INT32_MAX));
      MlirValue f = cpu_bin(b, "arith.andi", f1, f2);
      *ok = mlirValueIsNull(*ok) ? f : cpu_bin(b, "arith.andi", *ok, f);
    }
    return true;
  }
  return false;
}

/* Whether every element of i1 tile m is true, as an i1 (emit), or whether m is a range mask. */
static bool mask_all(Cpu *c, MlirValue m, bool emit, MlirValue *all, int depth) {
  MlirType t = mlirValueGetType(m);
  if (depth > 8 || !is_tensor(t) || mlirValueIsABlockArgument(m)) return false;
  MlirType et = elt_of(t);
  if (!mlirTypeIsAInteger(et) || mlirIntegerTypeGetWidth(et) != 1) return false;
  MlirOperation op = mlirOpResultGetOwner(m);
  KirOpKind kind = kir_op_kind(op);
  CpuB *b = &c->b;
  if (kind == KIR_OP_ARITH_ANDI) {
    MlirValue x, y;
    if (!mask_all(c, mlirOperationGetOperand(op, 0), emit, &x, depth + 1) ||
        !mask_all(c, mlirOperationGetOperand(op, 1), emit, &y, depth + 1))
      return false;
    if (emit) *all = cpu_bin(b, "arith.andi", x, y);
    return true;
  }
  if (kind == KIR_OP_BROADCAST || kind == KIR_OP_EXPAND_DIMS || kind == KIR_OP_RESHAPE)
    return mask_all(c, mlirOperationGetOperand(op, 0), emit, all, depth + 1);
  if (kind != KIR_OP_ARITH_CMPI) return false;
  MlirAttribute pa = mlirOperationGetAttributeByName(op, kir_str("predicate"));
  int64_t pred = mlirAttributeIsNull(pa) ? -1 : mlirIntegerAttrGetValueInt(pa);
  if (pred < PI_SLT || pred > PI_ULT) return false;
  MlirValue al, ah, bl, bh, ok = {NULL};
  if (!range_of(c, mlirOperationGetOperand(op, 0), emit, &al, &ah, &ok, 0) ||
      !range_of(c, mlirOperationGetOperand(op, 1), emit, &bl, &bh, &ok, 0))
    return false;
  if (!emit) return true;
  MlirValue r;
  switch (pred) {
  case PI_SLT:
    r = cpu_cmpi(b, PI_SLT, ah, bl);
    break;
  case PI_SLE:
    r = cpu_cmpi(b, PI_SLE, ah, bl);
    break;
  case PI_SGT:
    r = cpu_cmpi(b, PI_SGT, al, bh);
    break;
  case PI_SGE:
    r = cpu_cmpi(b, PI_SGE, al, bh);
    break;
  default: { /* ult: both sides non-negative, then signed */
    MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
    MlirValue z = cpu_cint(b, i64, 0);
    r = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SLT, ah, bl),
                cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, al, z), cpu_cmpi(b, PI_SGE, bl, z)));
  }
  }
  *all = mlirValueIsNull(ok) ? r : cpu_bin(b, "arith.andi", r, ok);
  return true;
}

static bool has_rmask_rec(Cpu *c, MlirOperation op) {
  if ((is_op(op, KIR_OP_LOAD) && mlirOperationGetNumOperands(op) > 1 &&
       mask_all(c, mlirOperationGetOperand(op, 1), false, NULL, 0)) ||
      (is_op(op, KIR_OP_STORE) && mlirOperationGetNumOperands(op) > 2 &&
       mask_all(c, mlirOperationGetOperand(op, 2), false, NULL, 0)) ||
      (mlirOperationGetNumResults(op) == 1 &&
       rem_in_range(c, mlirOperationGetResult(op, 0), false, NULL)))
    return true;
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
    for (MlirBlock bl = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
         !mlirBlockIsNull(bl); bl = mlirBlockGetNextInRegion(bl))
      for (MlirOperation o = mlirBlockGetFirstOperation(bl); !mlirOperationIsNull(o);
           o = mlirOperationGetNextInBlock(o))
        if (has_rmask_rec(c, o)) return true;
  return false;
}

/* Whether tile v is `x % n` (remsi/remui, n uniform) with x in a computable range, and, when
 * emitting, the i1 test that 0 <= x < n for every element: then v equals x. `(pid * B +
 * arange(B)) % N` offsets (tutorial matmul) are then contiguous in the fast copy of a nest rather
 * than a stack buffer of offsets (a gather). */
static bool rem_in_range(Cpu *c, MlirValue v, bool emit, MlirValue *all) {
  MlirType t = mlirValueGetType(v);
  if (!is_tensor(t) || mlirValueIsABlockArgument(v) || !mlirTypeIsAInteger(elt_of(t))) return false;
  MlirOperation op = mlirOpResultGetOwner(v);
  if (!is_op(op, KIR_OP_ARITH_REMSI) && !is_op(op, KIR_OP_ARITH_REMUI)) return false;
  MlirValue x = mlirOperationGetOperand(op, 0), n = mlirOperationGetOperand(op, 1);
  MlirValue xl, xh, nl, nh, ok = {NULL};
  if (!uniform(c, n) || !range_of(c, x, emit, &xl, &xh, &ok, 0) ||
      !range_of(c, n, emit, &nl, &nh, &ok, 0))
    return false;
  if (!emit) return true;
  CpuB *b = &c->b;
  MlirValue z = cpu_cint(b, mlirIntegerTypeGet(b->ctx, 64), 0);
  MlirValue r = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, xl, z), cpu_cmpi(b, PI_SLT, xh, nl));
  *all = mlirValueIsNull(ok) ? r : cpu_bin(b, "arith.andi", r, ok);
  return true;
}

/* In the fast copy of a nest: range mask m reads as true, `x % n` as x, and (sums) an int32
 * offset sum is known not to wrap (recorded for the version test). */
bool fast_fact(Cpu *c, MlirValue m, bool sums) {
  for (int i = 0; i < c->nused; i++)
    if (mlirValueEqual(c->used[i], m)) return true;
  if (c->nused == 16 || !(mask_all(c, m, false, NULL, 0) || rem_in_range(c, m, false, NULL) ||
                          (sums && sum_fits(c, m, false, NULL))))
    return false;
  c->used[c->nused++] = m;
  return true;
}

/* A loop nest over `shape` running fn at every index. When the kernel has range masks
 * (`offs < n`) and the nest is large enough (its elements times `inner`, the work fn does per
 * element), it is emitted twice under one scalar test: a copy where those masks read as true,
 * taken when they hold for the whole tile, and the general one. */
void nest_work(Cpu *c, int rank, const int64_t *shape, NestFn fn, void *ud, int64_t inner) {
  MlirValue idx[MAXR];
  int64_t n = inner;
  for (int i = 0; i < rank; i++)
    n *= shape[i];
  if (c->has_rmask == 0) c->has_rmask = has_rmask_rec(c, mlirModuleGetOperation(c->mod)) ? 1 : -1;
  if (c->has_rmask < 0 || c->vdepth > 0 || n < 16 || c->in_combiner) {
    nest_rec(c, 0, rank, shape, idx, fn, ud);
    return;
  }
  CpuB *b = &c->b;
  MlirType i1 = mlirIntegerTypeGet(b->ctx, 1);
  c->vdepth++;
  c->fast = true;
  c->nused = 0;
  CpuIf f;
  cpu_if_begin(b, &f, cpu_cint(b, i1, 1), 0, NULL);
  nest_rec(c, 0, rank, shape, idx, fn, ud);
  c->fast = false;
  int nused = c->nused;
  MlirValue used[16];
  memcpy(used, c->used, sizeof used);
  cpu_if_else(b, &f, NULL);
  if (nused > 0) nest_rec(c, 0, rank, shape, idx, fn, ud);
  cpu_if_end(b, &f, NULL, NULL);
  c->vdepth--;
  if (nused == 0) return; /* the then-copy is the whole nest; LLVM drops the empty else */
  /* the test, emitted after the scf.if and moved before it */
  MlirValue all = {NULL};
  for (int i = 0; i < nused; i++) {
    MlirValue a;
    if (!mask_all(c, used[i], true, &a, 0) && !rem_in_range(c, used[i], true, &a))
      sum_fits(c, used[i], true, &a);
    all = mlirValueIsNull(all) ? a : cpu_bin(b, "arith.andi", all, a);
  }
  for (MlirOperation o = mlirOperationGetNextInBlock(f.op); !mlirOperationIsNull(o);) {
    MlirOperation nx = mlirOperationGetNextInBlock(o);
    mlirOperationMoveBefore(o, f.op);
    o = nx;
  }
  mlirOperationSetOperand(f.op, 0, all);
}

void nest(Cpu *c, int rank, const int64_t *shape, NestFn fn, void *ud) {
  nest_work(c, rank, shape, fn, ud, 1);
}

void sum_terms(Cpu *c, MlirValue v, MlirValue *terms, int *n) {
  MlirOperation d = def_op(v);
  Info *vi = info(c, v);
  if (*n < 14 && vi->tensor && vi->kind == K_LAZY && !mlirOperationIsNull(d) &&
      is_op(d, KIR_OP_ARITH_ADDI)) {
    sum_terms(c, mlirOperationGetOperand(d, 0), terms, n);
    sum_terms(c, mlirOperationGetOperand(d, 1), terms, n);
    return;
  }
  terms[(*n)++] = v;
}

/* Whether the int32 sum `v` (two terms or more) has terms of computable ranges, and, emitting,
 * the i1 test that the exact sum of those ranges fits int32: then no partial sum wraps either
 * way it is added. |term| < 2^31 and at most 16 terms, so the i64 sums are exact. */
bool sum_fits(Cpu *c, MlirValue v, bool emit, MlirValue *all) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(v);
  if (!is_tensor(t) || !mlirTypeIsAInteger(elt_of(t)) || mlirIntegerTypeGetWidth(elt_of(t)) != 32)
    return false;
  MlirValue terms[16];
  int n = 0;
  sum_terms(c, v, terms, &n);
  if (n < 2) return false;
  MlirType i64 = cpu_int_t(b, 64);
  MlirValue lo = {NULL}, hi = {NULL}, ok = {NULL};
  for (int i = 0; i < n; i++) {
    int64_t cl, ch;
    MlirValue tl, th;
    if (uniform(c, terms[i])) {
      if (emit) tl = th = cpu_cast(b, "arith.extsi", elem0(c, terms[i]), i64);
    } else if (const_range(c, terms[i], &cl, &ch)) {
      if (emit) tl = cpu_cint(b, i64, cl), th = cpu_cint(b, i64, ch);
    } else if (!range_of(c, terms[i], emit, &tl, &th, &ok, 0)) {
      return false;
    }
    if (emit) {
      lo = mlirValueIsNull(lo) ? tl : cpu_bin(b, "arith.addi", lo, tl);
      hi = mlirValueIsNull(hi) ? th : cpu_bin(b, "arith.addi", hi, th);
    }
  }
  if (emit) {
    *all = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, lo, cpu_cint(b, i64, INT32_MIN)),
                   cpu_cmpi(b, PI_SLE, hi, cpu_cint(b, i64, INT32_MAX)));
    if (!mlirValueIsNull(ok)) *all = cpu_bin(b, "arith.andi", *all, ok);
  }
  return true;
}

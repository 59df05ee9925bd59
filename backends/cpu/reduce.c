/*
 * reduce.c - kir.reduce, kir.scan and kir.sort on the CPU: combiner regions inlined on scalars,
 * innermost-axis reductions as vectorizable accumulator loops (from the combiner's identity when
 * it has one), outer-axis ones slice by slice, scans as sequential loops, sort through a stack
 * buffer sorted in place (sort.c).
 */
#include "lower_internal.h"

/* Inlines the combiner region of a reduce/scan on scalars: out = combine(lhs, rhs). */
static void combine(Cpu *c, MlirOperation op, int n, const MlirValue *lhs, const MlirValue *rhs,
                    MlirValue *out, bool reassoc) {
  MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  for (int i = 0; i < n; i++) {
    set_scalar(c, mlirBlockGetArgument(blk, i), lhs[i]);
    set_scalar(c, mlirBlockGetArgument(blk, n + i), rhs[i]);
  }
  bool saved = c->in_combiner;
  c->in_combiner = reassoc;
  MlirOperation term = mlirBlockGetTerminator(blk);
  for (MlirOperation o = mlirBlockGetFirstOperation(blk); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    if (mlirOperationEqual(o, term)) break;
    lower_op(c, o);
  }
  c->in_combiner = saved;
  for (int i = 0; i < n; i++)
    out[i] = scalar(c, mlirOperationGetOperand(term, i));
}

typedef struct RedUd {
  MlirOperation op;
  int n, axis, rank;
  int64_t len;
  bool reverse;
  MlirValue bufs[8];
  Info *res[8];
  MlirValue j; /* reduce over an outer axis: the current position along it */
  bool first;  /* ... and whether it is the first slice */
} RedUd;

static void full_idx(const RedUd *u, const MlirValue *ridx, MlirValue jv, MlirValue *full) {
  for (int d = 0, k = 0; d < u->rank; d++)
    full[d] = d == u->axis ? jv : ridx[k++];
}

/* The identity of a single-op combiner (`yield op(a, b)` on one tile), or a null value. Starting
 * the accumulator from it lets the loop run over every element: started from element 0 instead,
 * the 1023-iteration loop of a 1024-element row left the vectorized reduction a serial remainder
 * of 63 dependent adds. */
static MlirValue combiner_identity(Cpu *c, MlirOperation op, MlirType t) {
  MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation f = mlirBlockGetFirstOperation(blk), term = mlirBlockGetTerminator(blk);
  if (mlirOperationGetNumOperands(op) != 1 || mlirOperationEqual(f, term) ||
      !mlirOperationEqual(mlirOperationGetNextInBlock(f), term) ||
      mlirOperationGetNumOperands(f) != 2 || mlirOperationGetNumResults(f) != 1 ||
      !mlirValueEqual(mlirOperationGetOperand(term, 0), mlirOperationGetResult(f, 0)))
    return (MlirValue){NULL};
  MlirValue a0 = mlirBlockGetArgument(blk, 0), a1 = mlirBlockGetArgument(blk, 1);
  MlirValue x = mlirOperationGetOperand(f, 0), y = mlirOperationGetOperand(f, 1);
  if (!((mlirValueEqual(x, a0) && mlirValueEqual(y, a1)) ||
        (mlirValueEqual(x, a1) && mlirValueEqual(y, a0))))
    return (MlirValue){NULL};
  CpuB *b = &c->b;
  KirOpKind k = kir_op_kind(f);
  if (mlirTypeIsAFloat(t)) {
    switch (k) {
    case KIR_OP_ARITH_ADDF:
      return cpu_cfloat(b, t, -0.0);
    case KIR_OP_ARITH_MULF:
      return cpu_cfloat(b, t, 1.0);
    case KIR_OP_ARITH_MAXNUMF:
    case KIR_OP_ARITH_MINNUMF:
      return cpu_cfloat(b, t, __builtin_nan(""));
    case KIR_OP_ARITH_MAXIMUMF:
      return cpu_cfloat(b, t, -__builtin_inf());
    case KIR_OP_ARITH_MINIMUMF:
      return cpu_cfloat(b, t, __builtin_inf());
    default:
      return (MlirValue){NULL};
    }
  }
  if (!mlirTypeIsAInteger(t)) return (MlirValue){NULL};
  unsigned w = mlirIntegerTypeGetWidth(t);
  int64_t smin = w >= 64 ? INT64_MIN : w == 1 ? -1 : -((int64_t)1 << (w - 1));
  int64_t smax = w >= 64 ? INT64_MAX : w == 1 ? 0 : ((int64_t)1 << (w - 1)) - 1;
  switch (k) {
  case KIR_OP_ARITH_ADDI:
  case KIR_OP_ARITH_ORI:
  case KIR_OP_ARITH_XORI:
  case KIR_OP_ARITH_MAXUI:
    return cpu_cint(b, t, 0);
  case KIR_OP_ARITH_ANDI:
  case KIR_OP_ARITH_MINUI:
    return cpu_cint(b, t, -1);
  case KIR_OP_ARITH_MULI:
    return cpu_cint(b, t, 1);
  case KIR_OP_ARITH_MAXSI:
    return cpu_cint(b, t, smin);
  case KIR_OP_ARITH_MINSI:
    return cpu_cint(b, t, smax);
  default:
    return (MlirValue){NULL};
  }
}

/* Innermost-axis reduce for one output position: a scalar loop along the axis (the vectorizer
 * reassociates it: the combiner's float ops carry `reassoc`). */
static void red_inner(Cpu *c, const MlirValue *ridx, void *ud) {
  RedUd *u = ud;
  CpuB *b = &c->b;
  MlirValue full[MAXR], acc[8], x[8], nw[8];
  MlirValue id = combiner_identity(c, u->op, u->res[0]->lt);
  int64_t from = mlirValueIsNull(id) ? 1 : 0;
  if (from) {
    full_idx(u, ridx, cpu_cidx(b, 0), full);
    for (int i = 0; i < u->n; i++)
      acc[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
  } else {
    acc[0] = id;
  }
  if (u->len > from) {
    CpuFor f;
    MlirValue j, args[8];
    cpu_for_begin(b, &f, cpu_cidx(b, from), cpu_cidx(b, u->len), cpu_cidx(b, 1), u->n, acc, &j,
                  args);
    full_idx(u, ridx, j, full);
    for (int i = 0; i < u->n; i++)
      x[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
    combine(c, u->op, u->n, args, x, nw, true);
    cpu_for_end(b, &f, u->n, nw, acc);
  }
  for (int i = 0; i < u->n; i++)
    cpu_mstore(b, to_storage(c, acc[i], u->res[i]->st), u->bufs[i], u->rank - 1, ridx);
}

/* Outer-axis reduce: one slice per call, vectorizable along the innermost dimension. */
static void red_outer(Cpu *c, const MlirValue *ridx, void *ud) {
  RedUd *u = ud;
  CpuB *b = &c->b;
  MlirValue full[MAXR], acc[8], x[8], nw[8];
  full_idx(u, ridx, u->j, full);
  for (int i = 0; i < u->n; i++)
    x[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
  if (u->first) {
    for (int i = 0; i < u->n; i++)
      nw[i] = x[i];
  } else {
    for (int i = 0; i < u->n; i++)
      acc[i] = from_storage(c, cpu_mload(b, u->bufs[i], u->rank - 1, ridx), u->res[i]->lt);
    /* each position keeps its own accumulator in the buffer: no reassociation needed */
    combine(c, u->op, u->n, acc, x, nw, false);
  }
  for (int i = 0; i < u->n; i++)
    cpu_mstore(b, to_storage(c, nw[i], u->res[i]->st), u->bufs[i], u->rank - 1, ridx);
}

static void lower_reduce(Cpu *c, MlirOperation op) {
  RedUd u = {.op = op};
  u.n = (int)mlirOperationGetNumOperands(op);
  Info *x = info(c, mlirOperationGetOperand(op, 0));
  u.axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
  u.rank = x->rank;
  u.len = x->shape[u.axis];
  if (u.n > 8) {
    fail(c, op, "CPU lowering: reduce of more than 8 tiles");
    return;
  }
  int64_t rshape[MAXR];
  for (int d = 0, k = 0; d < x->rank; d++)
    if (d != u.axis) rshape[k++] = x->shape[d];
  /* Results go to stack buffers, scalars to one-element ones (promoted to registers by LLVM),
   * so that a whole-tile-versioned nest (two copies of the loop) can define them. */
  for (int i = 0; i < u.n; i++) {
    u.res[i] = info(c, mlirOperationGetResult(op, i));
    u.bufs[i] = cpu_alloca(&c->b, u.res[i]->st, u.rank - 1, rshape);
    if (u.res[i]->tensor) {
      u.res[i]->kind = K_BUF;
      u.res[i]->v = u.bufs[i];
    }
  }
  if (u.rank == 1 || u.axis == u.rank - 1) {
    nest_work(c, u.rank - 1, rshape, red_inner, &u, u.len);
    for (int i = 0; i < u.n; i++)
      if (!u.res[i]->tensor)
        set_scalar(c, mlirOperationGetResult(op, i),
                   from_storage(c, cpu_mload(&c->b, u.bufs[i], 0, NULL), u.res[i]->lt));
    return;
  }
  u.first = true;
  u.j = cpu_cidx(&c->b, 0);
  nest(c, u.rank - 1, rshape, red_outer, &u);
  u.first = false;
  CpuFor f;
  cpu_for_begin(&c->b, &f, cpu_cidx(&c->b, 1), cpu_cidx(&c->b, u.len), cpu_cidx(&c->b, 1), 0, NULL,
                &u.j, NULL);
  /* The loop along the axis is never vectorized itself (the positions inside it are): once the
   * small position loop is fully unrolled, LLVM 22 vectorized the axis loop as one maxnum
   * reduction per position with a NaN runtime check (no nnan flag) whose no-NaN exit skipped
   * the scalar remainder iterations: tl.max(x, axis=0) of an 8x16 tile ignored rows 5-7 at
   * -O2/-O3 (tests/exec/test_semantics.py::test_max_min_along_axis0). */
  cpu_loop_no_vectorize(&c->b, &f);
  nest(c, u.rank - 1, rshape, red_outer, &u);
  cpu_for_end(&c->b, &f, 0, NULL, NULL);
}

/* Scan: for each position off the axis, a sequential loop along it. */
static void scan_line(Cpu *c, const MlirValue *ridx, void *ud) {
  RedUd *u = ud;
  CpuB *b = &c->b;
  MlirValue full[MAXR], acc[8], x[8], nw[8];
  MlirValue start = cpu_cidx(b, u->reverse ? u->len - 1 : 0);
  full_idx(u, ridx, start, full);
  for (int i = 0; i < u->n; i++) {
    acc[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
    cpu_mstore(b, to_storage(c, acc[i], u->res[i]->st), u->bufs[i], u->rank, full);
  }
  if (u->len > 1) {
    CpuFor f;
    MlirValue j, args[8];
    cpu_for_begin(b, &f, cpu_cidx(b, 1), cpu_cidx(b, u->len), cpu_cidx(b, 1), u->n, acc, &j, args);
    if (u->reverse) j = cpu_bin(b, "arith.subi", cpu_cidx(b, u->len - 1), j);
    full_idx(u, ridx, j, full);
    for (int i = 0; i < u->n; i++)
      x[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
    combine(c, u->op, u->n, args, x, nw, true);
    for (int i = 0; i < u->n; i++)
      cpu_mstore(b, to_storage(c, nw[i], u->res[i]->st), u->bufs[i], u->rank, full);
    cpu_for_end(b, &f, u->n, nw, acc);
  }
}

void lower_scan(Cpu *c, MlirOperation op) {
  RedUd u = {.op = op};
  u.n = (int)mlirOperationGetNumOperands(op);
  Info *x = info(c, mlirOperationGetOperand(op, 0));
  u.axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
  MlirAttribute rv = mlirOperationGetAttributeByName(op, kir_str("reverse"));
  u.reverse =
      !mlirAttributeIsNull(rv) &&
      (mlirAttributeIsABool(rv) ? mlirBoolAttrGetValue(rv)
                                : mlirAttributeIsAInteger(rv) && mlirIntegerAttrGetValueInt(rv));
  u.rank = x->rank;
  u.len = x->shape[u.axis];
  if (u.n > 8) {
    fail(c, op, "CPU lowering: scan of more than 8 tiles");
    return;
  }
  for (int i = 0; i < u.n; i++) {
    u.res[i] = info(c, mlirOperationGetResult(op, i));
    u.bufs[i] = cpu_alloca(&c->b, u.res[i]->st, u.rank, u.res[i]->shape);
  }
  int64_t rshape[MAXR];
  for (int d = 0, k = 0; d < x->rank; d++)
    if (d != u.axis) rshape[k++] = x->shape[d];
  nest(c, u.rank - 1, rshape, scan_line, &u);
  for (int i = 0; i < u.n; i++) {
    u.res[i]->kind = K_BUF;
    u.res[i]->v = u.bufs[i];
  }
}

/* Sort: the operand copied into a fresh stack buffer, sorted there in place (sort.c). */
void lower_sort(Cpu *c, MlirOperation op) {
  Info *r = info(c, mlirOperationGetResult(op, 0));
  int axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
  MlirAttribute d = mlirOperationGetAttributeByName(op, kir_str("descending"));
  bool desc = !mlirAttributeIsNull(d) && mlirAttributeIsABool(d) && mlirBoolAttrGetValue(d);
  bool uns = !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("unsigned")));
  MlirValue buf = cpu_alloca(&c->b, r->st, r->rank, r->shape);
  copy_into(c, mlirOperationGetOperand(op, 0), buf, r->st);
  cpu_sort_buf(&c->b, buf, r->rank, r->shape, axis, desc, uns);
  r->kind = K_BUF;
  r->v = buf;
}

/* A reduction that fills the deferred materializations it visits exactly once (defer_mat). */
void lower_reduce_filling(Cpu *c, MlirOperation op) {
  Info *fused[8];
  int nfused = 0;
  flush_deferred(c, op, fused, &nfused);
  lower_reduce(c, op);
  for (int i = 0; i < nfused; i++) { /* filled: read from the buffer from now on */
    fused[i]->kind = K_BUF;
    fused[i]->v = fused[i]->fill;
    fused[i]->fill = (MlirValue){NULL};
    unpend(c, fused[i]);
  }
}

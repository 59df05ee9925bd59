/*
 * gen_shape.c - shape builtins (reshape, trans, broadcast, expand_dims, join, split), the
 * reductions and scans (kir.reduce / kir.scan with a generated combiner), tl.sort and tl.dot.
 */
#include "gen_builtins.h"

#include <string.h>

/* ---- shapes ---------------------------------------------------------------------------------- */
static Value reshape(Gen *g, const Node *n, Value x, Type t) {
  x = tensor_of(g, n, x);
  t.dt = x.ty.dt;
  if (sema_numel(t) != sema_numel(x.ty))
    gen_fail(g, n, "cannot reshape %s to %s: element counts differ", sema_type_str(g->a, x.ty),
             sema_type_str(g->a, t));
  if (sema_type_eq(x.ty, t)) return x;
  if (t.rank == 0) {
    MlirValue v = x.v;
    return gen_tensor(gen_op1(g, "kir.unsplat", 1, &v, gen_mlir_type(g, t), 0, NULL), t);
  }
  if (x.ty.rank == 0) return gen_broadcast_to(g, n, x, t);
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, "kir.reshape", 1, &v, gen_mlir_type(g, t), 0, NULL), t);
}

static Value dims_tuple(Gen *g, Value *v) {
  /* reshape(x, (a, b)) and reshape(x, a, b) both give a tuple */
  if (v->kind == V_TUPLE && v->n == 1 && v->items[0].kind == V_TUPLE) return v->items[0];
  return *v;
}

static Value trans(Gen *g, const Node *n, Value x, Value dims) {
  x = tensor_of(g, n, x);
  int r = x.ty.rank;
  int32_t order[SEMA_MAX_RANK];
  if (dims.kind == V_TUPLE && dims.n == 0) {
    if (r < 2) gen_fail(g, n, "tl.trans needs a tensor of rank 2 or more");
    for (int i = 0; i < r; i++)
      order[i] = i;
    order[r - 1] = r - 2;
    order[r - 2] = r - 1;
  } else {
    if (dims.kind != V_TUPLE || dims.n != r)
      gen_fail(g, n, "permutation must list %d dimensions", r);
    int seen = 0;
    for (int i = 0; i < r; i++) {
      int64_t d = arg_int(g, n, dims.items[i], "dimension");
      if (d < 0 || d >= r || (seen & (1 << d))) gen_fail(g, n, "invalid permutation");
      seen |= 1 << d;
      order[i] = (int32_t)d;
    }
  }
  Type t = x.ty;
  for (int i = 0; i < r; i++)
    t.shape[i] = x.ty.shape[order[i]];
  MlirNamedAttribute at = kir_attr(g->ctx, "order", mlirDenseI32ArrayGet(g->ctx, r, order));
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, "kir.trans", 1, &v, gen_mlir_type(g, t), 1, &at), t);
}

/* ---- reductions and scans -------------------------------------------------------------------- */
/* argmax/argmin and max/min(return_indices=True): one (value, index) kir.reduce. Setting this to 0
 * lowers them as two single-operand reductions instead (the extreme value, then the first index
 * holding it). */
#ifndef GEN_MULTI_OPERAND_REDUCE
#define GEN_MULTI_OPERAND_REDUCE 1
#endif

/* C_ARGMAX/C_ARGMIN break ties toward the smaller index, the _R forms toward the larger one */
typedef enum Comb {
  C_ADD,
  C_MUL,
  C_MAX,
  C_MIN,
  C_XOR,
  C_OR,
  C_ARGMAX,
  C_ARGMIN,
  C_ARGMAX_R,
  C_ARGMIN_R,
  C_USER
} Comb;

/* Emits the combiner body into the current block for element values lhs/rhs (n each). */
static void emit_combine(Gen *g, const Node *n, Comb c, const Node *fn, int nin, Value *lhs,
                         Value *rhs, Value *out) {
  switch (c) {
  case C_ADD:
    out[0] = gen_binary(g, n, "+", lhs[0], rhs[0]);
    return;
  case C_MUL:
    out[0] = gen_binary(g, n, "*", lhs[0], rhs[0]);
    return;
  case C_XOR:
    out[0] = gen_binary(g, n, "^", lhs[0], rhs[0]);
    return;
  case C_OR:
    out[0] = gen_binary(g, n, "|", lhs[0], rhs[0]);
    return;
  case C_MAX:
    out[0] = gen_minmax(g, n, lhs[0], rhs[0], true, false);
    return;
  case C_MIN:
    out[0] = gen_minmax(g, n, lhs[0], rhs[0], false, false);
    return;
  case C_ARGMAX:
  case C_ARGMIN:
  case C_ARGMAX_R:
  case C_ARGMIN_R: {
    /* pick lhs when strictly better, or equal with the index the tie-break prefers */
    const char *op = c == C_ARGMAX || c == C_ARGMAX_R ? ">" : "<";
    Value better = gen_cmp(g, n, op, lhs[0], rhs[0]);
    Value eq = gen_cmp(g, n, "==", lhs[0], rhs[0]);
    Value li = gen_cmp(g, n, c == C_ARGMAX || c == C_ARGMIN ? "<" : ">", lhs[1], rhs[1]);
    Value pick = gen_binary(g, n, "|", better, gen_binary(g, n, "&", eq, li));
    if (sema_is_float(lhs[0].ty.dt)) {
      /* Triton skips NaN (tl.max does, and the interpreter's argmax is np.nanargmax): a number
       * beats a NaN, and among NaNs (an all-NaN row) the later index wins, as Triton's
       * sequential combine leaves it. A total order, so the result needs no fixed tree. */
      Value ln = gen_cmp(g, n, "!=", lhs[0], lhs[0]), rn = gen_cmp(g, n, "!=", rhs[0], rhs[0]);
      Value num_l = gen_binary(g, n, "&", rn, gen_unary(g, n, "not", ln));
      Value later_l = gen_cmp(g, n, ">", lhs[1], rhs[1]);
      Value nan_l = gen_binary(g, n, "&", gen_binary(g, n, "&", ln, rn), later_l);
      pick = gen_binary(g, n, "|", pick, gen_binary(g, n, "|", num_l, nan_l));
    }
    out[0] = gen_where(g, n, pick, lhs[0], rhs[0]);
    out[1] = gen_where(g, n, pick, lhs[1], rhs[1]);
    return;
  }
  case C_USER: {
    Value *args = arena_alloc(g->a, sizeof(Value) * (2 * nin + 1));
    for (int i = 0; i < nin; i++)
      args[i] = lhs[i], args[nin + i] = rhs[i];
    Value r = gen_call_function(g, n, fn, args, 2 * nin, NULL, NULL, 0);
    if (nin == 1 && r.kind != V_TUPLE)
      out[0] = r;
    else if (r.kind == V_TUPLE && r.n == nin)
      for (int i = 0; i < nin; i++)
        out[i] = r.items[i];
    else
      gen_fail(g, n, "combine function must return %d value(s)", nin);
    for (int i = 0; i < nin; i++) {
      out[i] = gen_cast(g, n, out[i], lhs[i].ty.dt, false);
      if (out[i].ty.rank != 0) gen_fail(g, n, "combine function must return scalars");
    }
    return;
  }
  }
}

/* kir.reduce / kir.scan over inputs along axis (-1: flatten then axis 0). */

/* `axis` (negative: from the end) as an index into a shape of `rank` dimensions, or a located
 * error: every reduction checks it before it indexes a shape. */
static int64_t checked_axis(Gen *g, const Node *n, int64_t axis, int rank) {
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank)
    gen_fail(g, n, "axis %lld is out of range for a tensor of rank %d", (long long)axis, rank);
  return axis;
}
static Value *reduce_scan(Gen *g, const Node *n, bool scan, Value *ins, int nin, int64_t axis,
                          bool keep_dims, bool reverse, Comb c, const Node *fn) {
  Type t0 = ins[0].ty;
  if (t0.rank == 0) gen_fail(g, n, "cannot reduce a scalar");
  if (nin > KIR_MAX_REDUCE_OPERANDS)
    gen_fail(g, n, "reductions and scans take at most %d operands, got %d", KIR_MAX_REDUCE_OPERANDS,
             nin);
  if (axis == INT64_MIN) { /* axis=None */
    if (scan) gen_fail(g, n, "scans need an axis");
    Type flat = {.dt = t0.dt, .rank = 1, .shape = {sema_numel(t0)}};
    for (int i = 0; i < nin; i++)
      ins[i] = reshape(g, n, ins[i], sema_with_dtype(flat, ins[i].ty.dt));
    Value *r = reduce_scan(g, n, false, ins, nin, 0, false, false, c, fn);
    if (keep_dims) {
      Type k = {.rank = t0.rank};
      for (int i = 0; i < t0.rank; i++)
        k.shape[i] = 1;
      for (int i = 0; i < nin; i++)
        r[i] = reshape(g, n, r[i], sema_with_dtype(k, r[i].ty.dt));
    }
    return r;
  }
  axis = checked_axis(g, n, axis, t0.rank);
  for (int i = 0; i < nin; i++)
    if (ins[i].ty.rank != t0.rank || memcmp(ins[i].ty.shape, t0.shape, sizeof(int64_t) * t0.rank))
      gen_fail(g, n, "reduction inputs must have the same shape");
  MlirType *ety = arena_alloc(g->a, sizeof(MlirType) * (2 * nin + 1));
  MlirType *rty = arena_alloc(g->a, sizeof(MlirType) * (nin + 1));
  Type *kty = arena_alloc(g->a, sizeof(Type) * (nin + 1));
  MlirValue *ops = arena_alloc(g->a, sizeof(MlirValue) * (nin + 1));
  for (int i = 0; i < nin; i++) {
    ety[i] = ety[nin + i] = gen_mlir_dtype(g, ins[i].ty.dt);
    Type rt = ins[i].ty;
    if (!scan) {
      memmove(rt.shape + axis, rt.shape + axis + 1, sizeof(int64_t) * (rt.rank - axis - 1));
      rt.rank--;
    }
    kty[i] = rt;
    rty[i] = gen_mlir_type(g, rt);
    ops[i] = ins[i].v;
  }
  MlirLocation *locs = arena_alloc(g->a, sizeof(MlirLocation) * (2 * nin + 1));
  for (int i = 0; i < 2 * nin; i++)
    locs[i] = g->loc;
  MlirBlock body = gen_block_new(g, 2 * nin, ety, locs);
  MlirBlock outer = g->block;
  g->block = body;
  Value *l = arena_alloc(g->a, sizeof(Value) * (nin + 1)),
        *r = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  Value *o = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  for (int i = 0; i < nin; i++) {
    l[i] = gen_tensor(mlirBlockGetArgument(body, i), sema_scalar(ins[i].ty.dt));
    r[i] = gen_tensor(mlirBlockGetArgument(body, nin + i), sema_scalar(ins[i].ty.dt));
  }
  emit_combine(g, n, c, fn, nin, l, r, o);
  MlirValue *yv = arena_alloc(g->a, sizeof(MlirValue) * (nin + 1));
  for (int i = 0; i < nin; i++)
    yv[i] = o[i].v;
  gen_op(g, "gpu.yield", nin, yv, 0, NULL, 0, NULL);
  g->block = outer;
  MlirOperationState st = mlirOperationStateGet(kir_str(scan ? "kir.scan" : "kir.reduce"), g->loc);
  mlirOperationStateAddOperands(&st, nin, ops);
  mlirOperationStateAddResults(&st, nin, rty);
  /* one segment per possible operand (docs/kir.md: at most KIR_MAX_REDUCE_OPERANDS) */
  int32_t seg[KIR_MAX_REDUCE_OPERANDS];
  for (int i = 0; i < KIR_MAX_REDUCE_OPERANDS; i++)
    seg[i] = i < nin;
  MlirNamedAttribute at[4] = {kir_attr(g->ctx, "operandSegmentSizes",
                                       mlirDenseI32ArrayGet(g->ctx, KIR_MAX_REDUCE_OPERANDS, seg)),
                              kir_attr(g->ctx, "resultSegmentSizes",
                                       mlirDenseI32ArrayGet(g->ctx, KIR_MAX_REDUCE_OPERANDS, seg)),
                              attr_i32(g, "axis", axis),
                              kir_attr(g->ctx, "reverse", mlirBoolAttrGet(g->ctx, reverse))};
  mlirOperationStateAddAttributes(&st, scan ? 4 : 3, at);
  gen_block_owned(g, body);
  MlirRegion reg = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(reg, body);
  mlirOperationStateAddOwnedRegions(&st, 1, &reg);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(g->block, op);
  Value *res = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  for (int i = 0; i < nin; i++) {
    res[i] = gen_tensor(mlirOperationGetResult(op, i), kty[i]);
    if (!scan && keep_dims) {
      Type k = ins[i].ty;
      k.shape[axis] = 1;
      res[i] = reshape(g, n, res[i], sema_with_dtype(k, res[i].ty.dt));
    }
  }
  return res;
}

static int64_t axis_arg(Gen *g, const Node *n, Args *a, int i) {
  if (!arg_present(a, i)) return INT64_MIN;
  return arg_int(g, n, *a->v[i], "axis");
}

/* index tensor along `axis` with the shape of x (for argmax / return_indices) */
static Value index_along(Gen *g, const Node *n, Type t, int64_t axis) {
  axis = checked_axis(g, n, axis, t.rank);
  Type at = {.dt = sema_dtype(DT_I32), .rank = 1, .shape = {t.shape[axis]}};
  MlirNamedAttribute ar[2] = {attr_i32(g, "start", 0), attr_i32(g, "end", t.shape[axis])};
  Value idx = gen_tensor(gen_op1(g, "kir.arange", 0, NULL, gen_mlir_type(g, at), 2, ar), at);
  /* shape it as [1,..,N,..,1] then broadcast */
  Type k = {.dt = at.dt, .rank = t.rank};
  for (int i = 0; i < t.rank; i++)
    k.shape[i] = i == axis ? t.shape[axis] : 1;
  idx = reshape(g, n, idx, k);
  return gen_broadcast_to(g, n, idx, sema_with_dtype(t, at.dt));
}

static const DType *sum_dtype(const DType *dt) {
  if (sema_is_int(dt) && sema_bits(dt) < 32)
    return sema_is_signed(dt) ? sema_dtype(DT_I32) : sema_dtype(DT_U32);
  return dt;
}

static const DType *minmax_dtype(const DType *dt) {
  if (dt->kind == DT_BF16 || dt->kind == DT_F16) return sema_dtype(DT_F32);
  if (sema_is_int(dt) && sema_bits(dt) < 32)
    return sema_is_signed(dt) ? sema_dtype(DT_I32) : sema_dtype(DT_U32);
  return dt;
}

static Value reduction(Gen *g, const Node *n, const char *f, Args *a) {
  Value x = tensor_of(g, n, arg_need(g, n, f, a, 0, "input"));
  int64_t axis = axis_arg(g, n, a, 1);
  if (strcmp(f, "sum") == 0 || strcmp(f, "xor_sum") == 0 || strcmp(f, "reduce_or") == 0) {
    bool keep = arg_present(a, 2) && gen_truthy(g, n, a->v[2]);
    const DType *dt = arg_present(a, 3) ? arg_dtype(g, n, *a->v[3], "dtype") : sum_dtype(x.ty.dt);
    if (f[0] != 's' && !sema_is_int(x.ty.dt)) gen_fail(g, n, "tl.%s needs an integer tensor", f);
    x = gen_cast(g, n, x, dt, false);
    Comb c = f[0] == 's' ? C_ADD : f[0] == 'x' ? C_XOR : C_OR;
    return reduce_scan(g, n, false, &x, 1, axis, keep, false, c, NULL)[0];
  }
  /* max / min / argmax / argmin */
  bool is_arg = f[0] == 'a';
  bool is_max = strstr(f, "max") != NULL;
  bool ret_idx = is_arg || (arg_present(a, 2) && gen_truthy(g, n, a->v[2]));
  bool keep = is_arg ? (arg_present(a, 3) && gen_truthy(g, n, a->v[3]))
                     : (arg_present(a, 4) && gen_truthy(g, n, a->v[4]));
  if (is_arg && axis == INT64_MIN) gen_fail(g, n, "tl.%s needs an axis", f);
  if (!ret_idx) {
    x = gen_cast(g, n, x, minmax_dtype(x.ty.dt), false);
    return reduce_scan(g, n, false, &x, 1, axis, keep, false, is_max ? C_MAX : C_MIN, NULL)[0];
  }
  if (axis == INT64_MIN) {
    Type flat = {.dt = x.ty.dt, .rank = 1, .shape = {sema_numel(x.ty)}};
    x = reshape(g, n, x, flat);
    axis = 0;
  }
  if (x.ty.dt->kind == DT_BF16) x = gen_cast(g, n, x, sema_dtype(DT_F32), false);
  if (axis < 0) axis += x.ty.rank;
  bool tie_left = true;
  int ti = is_arg ? 2 : 3;
  if (arg_present(a, ti)) tie_left = gen_truthy(g, n, a->v[ti]);
#if GEN_MULTI_OPERAND_REDUCE
  Value ins[2] = {x, index_along(g, n, x.ty, axis)};
  Comb cmb = is_max ? (tie_left ? C_ARGMAX : C_ARGMAX_R) : (tie_left ? C_ARGMIN : C_ARGMIN_R);
  Value *r = reduce_scan(g, n, false, ins, 2, axis, keep, false, cmb, NULL);
  Value val = r[0], idx = r[1];
#else
  /* Two single-operand reductions: the extreme value m, then the smallest (tie_break_left) or
   * largest index whose element equals m. */
  Value val = reduce_scan(g, n, false, &x, 1, axis, true, false, is_max ? C_MAX : C_MIN, NULL)[0];
  Value hit = gen_cmp(g, n, "==", x, gen_broadcast_to(g, n, val, x.ty));
  Value iota = index_along(g, n, x.ty, axis);
  Value cand = gen_where(g, n, hit, iota, gen_const_int(tie_left ? INT32_MAX : -1));
  Value idx =
      reduce_scan(g, n, false, &cand, 1, axis, keep, false, tie_left ? C_MIN : C_MAX, NULL)[0];
  if (!keep) {
    Type vt = x.ty;
    memmove(vt.shape + axis, vt.shape + axis + 1, sizeof(int64_t) * (vt.rank - axis - 1));
    vt.rank--;
    val = reshape(g, n, val, vt);
  }
#endif
  if (is_arg) return idx;
  Value t = {.kind = V_TUPLE, .n = 2};
  t.items = arena_alloc(g->a, sizeof(Value) * 2);
  t.items[0] = val;
  t.items[1] = idx;
  return t;
}

/* tl.sort(x, dim=None, descending=False): one kir.sort. Triton's bitonic network sorts along the
 * last dimension only (static_assert "only minor dimension is currently supported"); kcc also
 * accepts that dimension as -1. Integers carry their signedness in the `unsigned` attribute. */
static Value h_sort(Gen *g, const Node *n, Call *c) {
  Args *a = &c->a;
  Value x = tensor_of(g, n, arg_need(g, n, "sort", a, 0, "x"));
  if (x.ty.rank == 0) gen_fail(g, n, "tl.sort needs a tensor, got a scalar");
  if (!sema_is_int(x.ty.dt) && !sema_is_float(x.ty.dt))
    gen_fail(g, n, "tl.sort needs integers or floats, got %s", sema_type_str(g->a, x.ty));
  int64_t dim = arg_present(a, 1) ? arg_int(g, n, *a->v[1], "dim") : x.ty.rank - 1;
  if (dim != x.ty.rank - 1 && dim != -1)
    gen_fail(g, n, "tl.sort only supports the last dimension (%d) of %s, got dim=%lld",
             x.ty.rank - 1, sema_type_str(g->a, x.ty), (long long)dim);
  bool desc = arg_present(a, 2) && gen_truthy(g, n, a->v[2]);
  MlirNamedAttribute at[3] = {attr_i32(g, "axis", x.ty.rank - 1),
                              kir_attr(g->ctx, "descending", mlirBoolAttrGet(g->ctx, desc)),
                              kir_attr(g->ctx, "unsigned", mlirUnitAttrGet(g->ctx))};
  int nat = sema_is_int(x.ty.dt) && !sema_is_signed(x.ty.dt) ? 3 : 2;
  return gen_tensor(gen_op1(g, "kir.sort", 1, &x.v, gen_mlir_type(g, x.ty), nat, at), x.ty);
}

/* ---- dot ------------------------------------------------------------------------------------- */
/* A 3-D (batched) dot is one 2-D kir.dot per batch: the operands are split into their slices and
 * the results stacked (gen_unstack / gen_stack), so every target runs it with its 2-D dot. */
static Value h_dot(Gen *g, const Node *n, Call *c) {
  Args *a = &c->a;
  Value x = tensor_of(g, n, arg_need(g, n, "dot", a, 0, "input"));
  Value y = tensor_of(g, n, arg_need(g, n, "dot", a, 1, "other"));
  int r = x.ty.rank;
  if ((r != 2 && r != 3) || y.ty.rank != r)
    gen_fail(g, n, "tl.dot needs 2-D or 3-D operands of the same rank, got %s and %s",
             sema_type_str(g->a, x.ty), sema_type_str(g->a, y.ty));
  if (x.ty.shape[r - 1] != y.ty.shape[r - 2] || (r == 3 && x.ty.shape[0] != y.ty.shape[0]))
    gen_fail(g, n, "tl.dot: %s (%s @ %s)",
             x.ty.shape[r - 1] != y.ty.shape[r - 2] ? "inner dimensions differ"
                                                    : "batch dimensions differ",
             sema_type_str(g->a, x.ty), sema_type_str(g->a, y.ty));
  if (!sema_dtype_eq(x.ty.dt, y.ty.dt))
    gen_fail(g, n, "tl.dot: both operands must have the same dtype, got %s and %s",
             sema_dtype_name(x.ty.dt), sema_dtype_name(y.ty.dt));
  if (arg_present(a, 3) && arg_present(a, 4))
    gen_fail(g, n, "tl.dot: give only one of input_precision and allow_tf32");
  DKind k = x.ty.dt->kind;
  const DType *out;
  if (k == DT_I8 || k == DT_U8)
    out = sema_dtype(DT_I32);
  else if (k == DT_F64)
    out = sema_dtype(DT_F64);
  else if (k == DT_F32 || k == DT_BF16)
    out = sema_dtype(DT_F32);
  else if (k == DT_F16 || sema_is_fp8(sema_dtype(k))) {
    if (k != DT_F16) { /* fp8 operands are exact in fp16 (kir holds fp8 as bytes) */
      x = gen_cast(g, n, x, sema_dtype(DT_F16), false);
      y = gen_cast(g, n, y, sema_dtype(DT_F16), false);
    }
    out = arg_present(a, 6) ? arg_dtype(g, n, *a->v[6], "out_dtype") : sema_dtype(DT_F32);
    if (out->kind != DT_F32 && out->kind != DT_F16)
      gen_fail(g, n, "tl.dot: out_dtype must be float32 or float16");
  } else
    gen_fail(g, n, "tl.dot does not support %s operands", sema_dtype_name(x.ty.dt));
  Type rt = {.dt = out, .rank = r, .shape = {x.ty.shape[0], y.ty.shape[1]}};
  if (r == 3) rt.shape[1] = x.ty.shape[1], rt.shape[2] = y.ty.shape[2];
  Value acc = {0};
  if (arg_present(a, 2)) {
    acc = tensor_of(g, n, *a->v[2]);
    if (acc.ty.rank != r || memcmp(acc.ty.shape, rt.shape, sizeof(int64_t) * r) != 0)
      gen_fail(g, n, "tl.dot: accumulator of type %s does not match the result shape %s",
               sema_type_str(g->a, acc.ty), sema_type_str(g->a, rt));
    if (!sema_dtype_eq(acc.ty.dt, out))
      gen_fail(g, n, "tl.dot: accumulator dtype %s differs from the output dtype %s",
               sema_dtype_name(acc.ty.dt), sema_dtype_name(out));
  } else if (r == 2) {
    acc = gen_constant(g, rt, 0, 0);
  }
  if (r == 3) {
    int64_t nb = rt.shape[0];
    Type t2 = {.dt = out, .rank = 2, .shape = {rt.shape[1], rt.shape[2]}};
    Value *xs = gen_unstack(g, n, x), *ys = gen_unstack(g, n, y);
    Value *accs = arg_present(a, 2) ? gen_unstack(g, n, acc) : NULL;
    Value *res = arena_alloc(g->a, sizeof(Value) * (nb + 1));
    for (int64_t b = 0; b < nb; b++) {
      Value acc_b = accs ? accs[b] : gen_constant(g, t2, 0, 0);
      MlirValue ops[3] = {xs[b].v, ys[b].v, acc_b.v};
      res[b] = gen_tensor(gen_op1(g, "kir.dot", 3, ops, gen_mlir_type(g, t2), 0, NULL), t2);
    }
    return gen_stack(g, n, res, (int)nb);
  }
  MlirValue ops[3] = {x.v, y.v, acc.v};
  return gen_tensor(gen_op1(g, "kir.dot", 3, ops, gen_mlir_type(g, rt), 0, NULL), rt);
}

/* ---- handlers -------------------------------------------------------------------------------- */
static Value h_broadcast_to(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input"));
  Value sh = c->a.v[1] ? dims_tuple(g, c->a.v[1]) : (Value){.kind = V_TUPLE};
  Type t = arg_shape(g, n, sh, x.ty.dt);
  return gen_broadcast_to(g, n, x, t);
}

static Value h_broadcast(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input")), y = tensor_of(g, n, ARG(1, "other"));
  Type s;
  const char *err;
  if (!sema_broadcast(x.ty, y.ty, &s, &err))
    gen_fail(g, n, "incompatible shapes %s and %s", sema_type_str(g->a, x.ty),
             sema_type_str(g->a, y.ty));
  Value t = {.kind = V_TUPLE, .n = 2};
  t.items = arena_alloc(g->a, sizeof(Value) * 2);
  t.items[0] = gen_broadcast_to(g, n, x, s);
  t.items[1] = gen_broadcast_to(g, n, y, s);
  return t;
}

static Value h_expand_dims(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input"));
  int64_t ax = arg_int(g, n, ARG(1, "axis"), "axis");
  if (ax < 0) ax += x.ty.rank + 1;
  if (ax < 0 || ax > x.ty.rank || x.ty.rank >= SEMA_MAX_RANK)
    gen_fail(g, n, "invalid axis for expand_dims");
  Type t = x.ty;
  memmove(t.shape + ax + 1, t.shape + ax, sizeof(int64_t) * (t.rank - ax));
  t.shape[ax] = 1;
  t.rank++;
  if (x.ty.rank == 0) return gen_broadcast_to(g, n, x, t);
  MlirNamedAttribute at = attr_i32(g, "axis", ax);
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, "kir.expand_dims", 1, &v, gen_mlir_type(g, t), 1, &at), t);
}

static Value h_reshape(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input"));
  for (int i = 0; i < c->nkw; i++)
    if (strcmp(c->kwn[i], "can_reorder") != 0)
      gen_fail(g, n, "reshape() got an unexpected keyword argument '%s'", c->kwn[i]);
  Value sh = c->a.v[1] ? dims_tuple(g, c->a.v[1]) : (Value){.kind = V_TUPLE};
  return reshape(g, n, x, arg_shape(g, n, sh, x.ty.dt));
}

static Value h_ravel(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input"));
  Type t = {.dt = x.ty.dt, .rank = 1, .shape = {sema_numel(x.ty)}};
  return reshape(g, n, x, t);
}

static Value h_trans(Gen *g, const Node *n, Call *c) {
  Value x = ARG(0, "input");
  Value d = c->a.v[1] ? dims_tuple(g, c->a.v[1]) : (Value){.kind = V_TUPLE};
  return trans(g, n, x, d);
}

static Value join(Gen *g, const Node *n, Value x, Value y) {
  if (!sema_type_eq(x.ty, y.ty)) gen_fail(g, n, "tl.join needs two tensors of the same type");
  if (x.ty.rank == 0) { /* two scalars: joined as [1] tiles, a [2] result (Triton's too) */
    Type one = {.dt = x.ty.dt, .rank = 1, .shape = {1}};
    Value j = join(g, n, gen_broadcast_to(g, n, x, one), gen_broadcast_to(g, n, y, one));
    return reshape(g, n, j, (Type){.dt = x.ty.dt, .rank = 1, .shape = {2}});
  }
  if (x.ty.rank >= SEMA_MAX_RANK)
    gen_fail(g, n, "tl.join of rank-%d tensors: rank %d is above kcc's %d", x.ty.rank,
             x.ty.rank + 1, SEMA_MAX_RANK);
  Type t = x.ty;
  t.shape[t.rank++] = 2;
  MlirValue ops[2] = {x.v, y.v};
  return gen_tensor(gen_op1(g, "kir.join", 2, ops, gen_mlir_type(g, t), 0, NULL), t);
}

static Value h_join(Gen *g, const Node *n, Call *c) {
  return join(g, n, tensor_of(g, n, ARG(0, "a")), tensor_of(g, n, ARG(1, "b")));
}

static Value h_split(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "a"));
  if (x.ty.rank == 0 || x.ty.shape[x.ty.rank - 1] != 2)
    gen_fail(g, n, "tl.split needs a last dimension of size 2");
  Type t = x.ty;
  t.rank--;
  MlirType rt[2] = {gen_mlir_type(g, t), gen_mlir_type(g, t)};
  MlirValue v = x.v;
  MlirOperation op = gen_op(g, "kir.split", 1, &v, 2, rt, 0, NULL);
  Value r = {.kind = V_TUPLE, .n = 2};
  r.items = arena_alloc(g->a, sizeof(Value) * 2);
  r.items[0] = gen_tensor(mlirOperationGetResult(op, 0), t);
  r.items[1] = gen_tensor(mlirOperationGetResult(op, 1), t);
  return r;
}

/* sum, xor_sum, reduce_or, max, min, argmax, argmin (by name) */
static Value h_reduction(Gen *g, const Node *n, Call *c) {
  return reduction(g, n, c->f, &c->a);
}

/* tl.reduce / tl.associative_scan with a @jit combiner (op: "scan" for the scan) */
static Value h_reduce(Gen *g, const Node *n, Call *c) {
  bool scan = c->b->op != NULL;
  Value in = ARG(0, "input");
  Value fn = ARG(2, "combine_fn");
  if (fn.kind != V_FUNC) gen_fail(g, n, "combine_fn must be a @jit function");
  int nin = in.kind == V_TUPLE ? in.n : 1;
  Value *ins = arena_alloc(g->a, sizeof(Value) * (nin + 1));
  for (int i = 0; i < nin; i++)
    ins[i] = tensor_of(g, n, in.kind == V_TUPLE ? in.items[i] : in);
  int64_t axis = axis_arg(g, n, &c->a, 1);
  bool flag = arg_present(&c->a, 3) && gen_truthy(g, n, c->a.v[3]);
  Value *r = reduce_scan(g, n, scan, ins, nin, axis, scan ? false : flag, scan ? flag : false,
                         C_USER, fn.fn);
  if (in.kind != V_TUPLE) return r[0];
  Value t = {.kind = V_TUPLE, .n = nin, .items = r};
  return t;
}

/* tl.cumsum / tl.cumprod (op: "+" / "*") */
static Value h_cumulative(Gen *g, const Node *n, Call *c) {
  Args *a = &c->a;
  Value x = tensor_of(g, n, ARG(0, "input"));
  int64_t axis = a->v[1] ? arg_int(g, n, *a->v[1], "axis") : 0;
  const DType *dt = arg_present(a, 3) ? arg_dtype(g, n, *a->v[3], "dtype") : sum_dtype(x.ty.dt);
  if (dt->kind == DT_BF16) dt = sema_dtype(DT_F32);
  x = gen_cast(g, n, x, dt, false);
  bool rev = arg_present(a, 2) && gen_truthy(g, n, a->v[2]);
  return reduce_scan(g, n, true, &x, 1, axis, false, rev, *c->b->op == '+' ? C_ADD : C_MUL,
                     NULL)[0];
}

static Value h_softmax(Gen *g, const Node *n, Call *c) {
  Value x = gen_float_operand(g, n, ARG(0, "x"));
  int64_t ax = arg_present(&c->a, 1) ? arg_int(g, n, *c->a.v[1], "dim") : x.ty.rank - 1;
  Value m = reduce_scan(g, n, false, &x, 1, ax, true, false, C_MAX, NULL)[0];
  Value e = emit_unary(g, "math.exp", gen_binary(g, n, "-", x, m));
  Value s = reduce_scan(g, n, false, &e, 1, ax, true, false, C_ADD, NULL)[0];
  return gen_binary(g, n, "/", e, s);
}

/* ---- the table ------------------------------------------------------------------------------- */
#define SUM_SPEC "input,axis,keep_dims,dtype"
#define MINMAX_SPEC "input,axis,return_indices,return_indices_tie_break_left,keep_dims"
#define ARG_SPEC "input,axis,tie_break_left,keep_dims"

const Builtin gen_builtins_shape[] = {
    {"broadcast_to", h_broadcast_to, "input,*shape", NULL},
    {"broadcast", h_broadcast, "input,other", NULL},
    {"expand_dims", h_expand_dims, "input,axis", NULL},
    {"unsqueeze", h_expand_dims, "input,axis", NULL},
    {"reshape", h_reshape, "input,*shape", NULL},
    {"view", h_reshape, "input,*shape", NULL},
    {"ravel", h_ravel, "input", NULL},
    {"trans", h_trans, "input,*dims", NULL},
    {"permute", h_trans, "input,*dims", NULL},
    {"join", h_join, "a,b", NULL},
    {"split", h_split, "a", NULL},
    {"sum", h_reduction, SUM_SPEC, NULL},
    {"xor_sum", h_reduction, SUM_SPEC, NULL},
    {"reduce_or", h_reduction, SUM_SPEC, NULL},
    {"max", h_reduction, MINMAX_SPEC, NULL},
    {"min", h_reduction, MINMAX_SPEC, NULL},
    {"argmax", h_reduction, ARG_SPEC, NULL},
    {"argmin", h_reduction, ARG_SPEC, NULL},
    {"reduce", h_reduce, "input,axis,combine_fn,keep_dims", NULL},
    {"associative_scan", h_reduce, "input,axis,combine_fn,reverse", "scan"},
    {"cumsum", h_cumulative, "input,axis,reverse,dtype", "+"},
    {"cumprod", h_cumulative, "input,axis,reverse,dtype", "*"},
    {"softmax", h_softmax, "x,dim,keep_dims,ieee_rounding", NULL},
    {"sort", h_sort, "x,dim,descending", NULL},
    {"dot", h_dot, "input,other,acc,input_precision,allow_tf32,max_num_imprecise_acc,out_dtype",
     NULL},
};
const int gen_builtins_shape_n = sizeof gen_builtins_shape / sizeof *gen_builtins_shape;

/*
 * gen_blockptr.c - block pointers: tl.make_block_ptr, tl.advance, and tl.load / tl.store
 * through them.
 *
 * A block pointer is a generator value (V_BLOCKPTR), not a kir type. Its items, for rank r:
 *   [0]              the base pointer (scalar tensor)
 *   [1 .. r]         shape    (i64 scalar tensors)
 *   [r+1 .. 2r]      strides  (i64 scalar tensors, or constexpr ints)
 *   [2r+1 .. 3r]     offsets  (i32 scalar tensors)
 *   [3r+1 .. 4r]     block_shape (constexpr ints)
 *   [4r+1 .. 5r]     order (constexpr ints; a layout hint with no effect on the CPU)
 * so loops and runtime ifs carry it as its runtime items (gen.c). A load or store through it is
 * an ordinary pointer tile,
 *   base + sum_d offsets[d] * strides[d] + sum_d arange(block_shape[d]) * strides[d]   (i64)
 * the scalar part once and one tile term per dimension (contiguous where a stride is the
 * constexpr 1), masked by `0 <= offsets[d] + arange < shape[d]` for each dimension listed in
 * boundary_check: the CPU backend's contiguity and whole-tile analyses apply unchanged.
 */
#include "gen_internal.h"

#include <string.h>

static int bp_rank(const Value *bp) {
  return (int)bp->i;
}
static Value *bp_shape(Value *bp, int d) {
  return &bp->items[1 + d];
}
static Value *bp_stride(Value *bp, int d) {
  return &bp->items[1 + bp_rank(bp) + d];
}
static Value *bp_offset(Value *bp, int d) {
  return &bp->items[1 + 2 * bp_rank(bp) + d];
}
static int64_t bp_block(const Value *bp, int d) {
  return bp->items[1 + 3 * bp_rank(bp) + d].i;
}

/* The elements of a tuple argument (a single value counts as a 1-tuple); with want >= 0, there
 * must be `want` of them. */
static const Value *tuple_items(Gen *g, const Node *n, const Value *v, const char *what, int want,
                                int *len) {
  if (v->kind == V_NONE || v->kind == V_BLOCKPTR)
    gen_fail(g, n, "tl.make_block_ptr: %s must be a tuple, got %s", what, gen_value_desc(g, v));
  *len = v->kind == V_TUPLE ? v->n : 1;
  if (want >= 0 && *len != want)
    gen_fail(g, n, "tl.make_block_ptr: %s has %d entries, shape has %d", what, *len, want);
  return v->kind == V_TUPLE ? v->items : v;
}

/* A scalar integer argument as a scalar tensor of dtype dt. */
static Value scalar_int(Gen *g, const Node *n, Value v, const DType *dt, const char *what, int d) {
  if (v.kind == V_BOOL || (v.kind == V_TENSOR && v.ty.rank == 0 && sema_is_int(v.ty.dt)) ||
      v.kind == V_INT)
    return gen_cast(g, n, v.kind == V_TENSOR ? v : gen_to_tensor(g, n, &v), dt, false);
  gen_fail(g, n, "%s[%d] must be a scalar integer, got %s", what, d, gen_value_desc(g, &v));
}

Value gen_make_block_ptr(Gen *g, const Node *n, Value base, Value shape, Value strides,
                         Value offsets, Value block_shape, Value order) {
  if (base.kind != V_TENSOR || base.ty.rank != 0 || !sema_is_ptr(base.ty.dt))
    gen_fail(g, n, "tl.make_block_ptr: base must be a scalar pointer, got %s",
             gen_value_desc(g, &base));
  int r, k;
  const Value *sh = tuple_items(g, n, &shape, "shape", -1, &r);
  if (r < 1 || r > KIR_MAX_RANK)
    gen_fail(g, n, "tl.make_block_ptr: rank %d is not supported (1 to %d)", r, KIR_MAX_RANK);
  const Value *st = tuple_items(g, n, &strides, "strides", r, &k);
  const Value *of = tuple_items(g, n, &offsets, "offsets", r, &k);
  const Value *bs = tuple_items(g, n, &block_shape, "block_shape", r, &k);
  const Value *od = tuple_items(g, n, &order, "order", r, &k);
  Value bp = {.kind = V_BLOCKPTR, .i = r, .n = 1 + 5 * r};
  bp.items = arena_alloc(g->a, sizeof(Value) * (size_t)bp.n);
  bp.items[0] = base;
  int64_t bshape[KIR_MAX_RANK], numel = 1;
  bool seen[KIR_MAX_RANK] = {false};
  for (int d = 0; d < r; d++) {
    *bp_shape(&bp, d) = scalar_int(g, n, sh[d], sema_dtype(DT_I64), "shape", d);
    Value s = st[d];
    if (s.kind == V_INT || s.kind == V_BOOL) /* constexpr strides stay constexpr (1: contiguous) */
      *bp_stride(&bp, d) = (Value){.kind = V_INT, .i = s.i};
    else
      *bp_stride(&bp, d) = scalar_int(g, n, s, sema_dtype(DT_I64), "strides", d);
    *bp_offset(&bp, d) = scalar_int(g, n, of[d], sema_dtype(DT_I32), "offsets", d);
    if (bs[d].kind != V_INT || !sema_is_pow2(bs[d].i))
      gen_fail(g, n, "tl.make_block_ptr: block_shape[%d] must be a constexpr power of 2, got %s", d,
               gen_value_desc(g, &bs[d]));
    if (od[d].kind != V_INT || od[d].i < 0 || od[d].i >= r || seen[od[d].i])
      gen_fail(g, n, "tl.make_block_ptr: order must be a permutation of 0..%d, got %s at %d", r - 1,
               gen_value_desc(g, &od[d]), d);
    seen[od[d].i] = true;
    if (bs[d].i > KIR_MAX_TILE_ELEMS / numel) /* per dimension: the product never wraps */
      gen_fail(g, n, "tl.make_block_ptr: a block of more than %d elements is not supported",
               KIR_MAX_TILE_ELEMS);
    numel *= bs[d].i;
    bshape[d] = bs[d].i;
    bp.items[1 + 3 * r + d] = (Value){.kind = V_INT, .i = bs[d].i};
    bp.items[1 + 4 * r + d] = (Value){.kind = V_INT, .i = od[d].i};
  }
  bp.ty = sema_block(base.ty.dt, r, bshape);
  return bp;
}

static void need_block_ptr(Gen *g, const Node *n, const char *fn, const Value *bp) {
  if (bp->kind != V_BLOCKPTR)
    gen_fail(g, n, "%s expects a block pointer (tl.make_block_ptr), got %s", fn,
             gen_value_desc(g, bp));
}

Value gen_advance(Gen *g, const Node *n, Value bp, Value offsets) {
  need_block_ptr(g, n, "tl.advance", &bp);
  int r = bp_rank(&bp), k;
  if (offsets.kind != V_TUPLE)
    gen_fail(g, n, "tl.advance: offsets must be a tuple, got %s", gen_value_desc(g, &offsets));
  const Value *of = offsets.items;
  k = offsets.n;
  if (k != r) gen_fail(g, n, "tl.advance: %d offsets for a block pointer of rank %d", k, r);
  Value nb = bp;
  nb.items = arena_alloc(g->a, sizeof(Value) * (size_t)bp.n);
  memcpy(nb.items, bp.items, sizeof(Value) * (size_t)bp.n);
  for (int d = 0; d < r; d++) {
    if (of[d].kind == V_INT && of[d].i == 0) continue;
    Value delta = scalar_int(g, n, of[d], sema_dtype(DT_I32), "offsets", d);
    *bp_offset(&nb, d) = gen_binary(g, n, "+", *bp_offset(&bp, d), delta);
  }
  return nb;
}

/* arange(block[d]) (dtype dt) shaped [1, .., block[d], .., 1] within the rank-r block. */
static Value dim_index(Gen *g, const Node *n, Value *bp, int d, const DType *dt) {
  int r = bp_rank(bp);
  int64_t len = bp_block(bp, d);
  Type t = {.dt = sema_dtype(DT_I32), .rank = 1, .shape = {len}};
  MlirNamedAttribute at[2] = {kir_attr(g->ctx, "start", kir_named_i32(g->ctx, 0)),
                              kir_attr(g->ctx, "end", kir_named_i32(g->ctx, len))};
  Value x = gen_tensor(gen_op1(g, "kir.arange", 0, NULL, gen_mlir_type(g, t), 2, at), t);
  if (dt != x.ty.dt) x = gen_cast(g, n, x, dt, false);
  for (int i = 0; i < r; i++) {
    if (i == d) continue;
    int axis = i < d ? 0 : x.ty.rank;
    Type nt = x.ty;
    memmove(nt.shape + axis + 1, nt.shape + axis, sizeof(int64_t) * (size_t)(nt.rank - axis));
    nt.shape[axis] = 1;
    nt.rank++;
    MlirNamedAttribute ax = kir_attr(g->ctx, "axis", kir_named_i32(g->ctx, axis));
    MlirValue v = x.v;
    x = gen_tensor(gen_op1(g, "kir.expand_dims", 1, &v, gen_mlir_type(g, nt), 1, &ax), nt);
  }
  return x;
}

/* The pointer tile of a block pointer. */
static Value block_ptrs(Gen *g, const Node *n, Value *bp) {
  int r = bp_rank(bp);
  const DType *i64 = sema_dtype(DT_I64);
  Value off = gen_const_int(0);
  for (int d = 0; d < r; d++) { /* the scalar part: sum of offsets * strides */
    Value o = gen_cast(g, n, *bp_offset(bp, d), i64, false);
    off = gen_binary(g, n, "+", off, gen_binary(g, n, "*", o, *bp_stride(bp, d)));
  }
  Value p = gen_binary(g, n, "+", bp->items[0], off);
  p = gen_broadcast_to(g, n, p, bp->ty);
  for (int d = 0; d < r; d++) {
    Value s = *bp_stride(bp, d);
    if (s.kind == V_INT && s.i == 0) continue;
    Value t = dim_index(g, n, bp, d, i64);
    if (!(s.kind == V_INT && s.i == 1)) t = gen_binary(g, n, "*", t, s);
    p = gen_binary(g, n, "+", p, t);
  }
  return p;
}

/* The mask of the dimensions listed in boundary_check (NULL value: none listed). */
static Value block_mask(Gen *g, const Node *n, Value *bp, const Value *bc) {
  Value m = {.kind = V_NONE};
  if (!bc || bc->kind == V_NONE) return m;
  int r = bp_rank(bp), k;
  const Value *dims = bc->kind == V_TUPLE ? bc->items : bc;
  k = bc->kind == V_TUPLE ? bc->n : 1;
  for (int i = 0; i < k; i++) {
    if (dims[i].kind != V_INT || dims[i].i < 0 || dims[i].i >= r)
      gen_fail(g, n, "boundary_check entries must be constexpr dimensions in 0..%d, got %s", r - 1,
               gen_value_desc(g, &dims[i]));
    int d = (int)dims[i].i;
    Value idx =
        gen_binary(g, n, "+", dim_index(g, n, bp, d, sema_dtype(DT_I32)), *bp_offset(bp, d));
    Value in = gen_binary(g, n, "&", gen_cmp(g, n, ">=", idx, gen_const_int(0)),
                          gen_cmp(g, n, "<", idx, *bp_shape(bp, d)));
    m = m.kind == V_NONE ? in : gen_binary(g, n, "&", m, in);
  }
  return m.kind == V_NONE ? m : gen_broadcast_to(g, n, m, sema_with_dtype(bp->ty, m.ty.dt));
}

Value gen_block_load(Gen *g, const Node *n, Value bp, const Value *boundary_check,
                     const Value *padding) {
  const DType *el = bp.ty.dt->pointee;
  bool nan = false;
  if (padding && padding->kind != V_NONE) {
    if (padding->kind != V_STR ||
        (strcmp(padding->s, "zero") && strcmp(padding->s, "nan") && strcmp(padding->s, "")))
      gen_fail(g, n, "tl.load: padding_option must be \"zero\" or \"nan\", got %s",
               gen_value_desc(g, padding));
    nan = strcmp(padding->s, "nan") == 0;
    if (nan && !sema_is_float(el))
      gen_fail(g, n, "tl.load: padding_option=\"nan\" needs a floating-point block, got %s",
               sema_dtype_name(el));
  }
  const DType *mem = el->kind == DT_I1 ? sema_dtype(DT_I8) : el;
  Value p = block_ptrs(g, n, &bp);
  Value m = block_mask(g, n, &bp, boundary_check);
  MlirValue ops[2] = {p.v, m.v};
  Type rt = sema_with_dtype(bp.ty, mem);
  Value r = gen_tensor(
      gen_op1(g, "kir.load", m.kind == V_NONE ? 1 : 2, ops, gen_mlir_type(g, rt), 0, NULL), rt);
  if (nan && m.kind != V_NONE) {
    Value other = gen_constant(g, rt, __builtin_nan(""), 0);
    MlirValue sel[3] = {m.v, r.v, other.v};
    r = gen_tensor(gen_op1(g, "arith.select", 3, sel, gen_mlir_type(g, rt), 0, NULL), rt);
  }
  if (el->kind == DT_I1) r = gen_cast(g, n, r, sema_dtype(DT_I1), false);
  return r;
}

void gen_block_store(Gen *g, const Node *n, Value bp, Value v, const Value *boundary_check) {
  const DType *el = bp.ty.dt->pointee;
  const DType *mem = el->kind == DT_I1 ? sema_dtype(DT_I8) : el;
  if (v.kind == V_TENSOR && v.ty.rank > bp.ty.rank)
    gen_fail(g, n, "tl.store: value of shape %s is larger than the block %s",
             sema_type_str(g->a, v.ty), sema_type_str(g->a, bp.ty));
  if (v.kind != V_TENSOR && !gen_is_const(&v))
    gen_fail(g, n, "tl.store: the value must be a tensor or a number, got %s",
             gen_value_desc(g, &v));
  Value x = gen_broadcast_to(g, n, gen_cast(g, n, v, mem, false), sema_with_dtype(bp.ty, mem));
  Value p = block_ptrs(g, n, &bp);
  Value m = block_mask(g, n, &bp, boundary_check);
  MlirValue ops[3] = {p.v, x.v, m.v};
  gen_op(g, "kir.store", m.kind == V_NONE ? 2 : 3, ops, 0, NULL, 0, NULL);
}

/* ---- tensor descriptors ---------------------------------------------------------------------- */
/* tl.make_tensor_descriptor(base, shape, strides, block_shape): a block pointer at offset 0 marked
 * .s = "descriptor"; desc.load(offsets) / desc.store(offsets, v) move it to the offsets and check
 * every dimension (out-of-bounds elements read as zero and are not written), as Triton's
 * descriptors do. */
static Value int_tuple(Gen *g, int r, bool reversed) {
  Value t = {.kind = V_TUPLE, .n = r};
  t.items = arena_alloc(g->a, sizeof(Value) * (size_t)(r + 1));
  for (int d = 0; d < r; d++)
    t.items[d] = (Value){.kind = V_INT, .i = reversed ? r - 1 - d : 0};
  return t;
}

Value gen_make_descriptor(Gen *g, const Node *n, Value base, Value shape, Value strides,
                          Value block_shape) {
  int r;
  tuple_items(g, n, &shape, "shape", -1, &r);
  Value bp = gen_make_block_ptr(g, n, base, shape, strides, int_tuple(g, r, false), block_shape,
                                int_tuple(g, r, true));
  bp.s = "descriptor";
  return bp;
}

static Value moved_descriptor(Gen *g, const Node *n, const char *fn, Value desc, Value offsets,
                              Value *bc) {
  if (desc.kind != V_BLOCKPTR || !desc.s || strcmp(desc.s, "descriptor") != 0)
    gen_fail(g, n, "%s expects a tensor descriptor (tl.make_tensor_descriptor), got %s", fn,
             gen_value_desc(g, &desc));
  if (offsets.kind != V_TUPLE) offsets = (Value){.kind = V_TUPLE, .n = 1, .items = &offsets};
  if (offsets.n != bp_rank(&desc))
    gen_fail(g, n, "%s: %d offsets for a descriptor of rank %d", fn, offsets.n, bp_rank(&desc));
  Value t = int_tuple(g, bp_rank(&desc), false);
  for (int d = 0; d < t.n; d++)
    t.items[d].i = d;
  *bc = t;
  return gen_advance(g, n, desc, offsets);
}

Value gen_descriptor_load(Gen *g, const Node *n, Value desc, Value offsets) {
  Value bc;
  Value bp = moved_descriptor(g, n, "tensor descriptor load", desc, offsets, &bc);
  return gen_block_load(g, n, bp, &bc, NULL);
}

void gen_descriptor_store(Gen *g, const Node *n, Value desc, Value offsets, Value v) {
  Value bc;
  Value bp = moved_descriptor(g, n, "tensor descriptor store", desc, offsets, &bc);
  gen_block_store(g, n, bp, v, &bc);
}

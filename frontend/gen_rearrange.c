/*
 * gen_rearrange.c - the builtins that move, pick or count elements, composed from the shape and
 * reduction builtins so that every target gets them without a kir op of their own:
 *
 *   tl.flip        xor-swap of the two halves at each power of two of the flipped dimension
 *                  (y ^ xor_sum(y over a size-2 axis)), on the bits of the elements: exact for
 *                  every dtype, log2(N) steps of rank <= 3
 *   tl.cat         join, move the new size-2 dimension before `dim`, merge: exact concatenation
 *   tl.interleave  join, merge the last two dimensions
 *   tl.squeeze     reshape without a size-1 dimension
 *   tensor.item    reshape to a scalar
 *   tl.gather      one-hot select: out[.., i, ..] = sum_k (index[.., i, ..] == k) ? src[.., k, ..]
 *                  : 0 over the bits (one term is non-zero: exact); O(M * K) per line
 *   tl.histogram   sum over the input of (x == bin) & mask, O(N * bins)
 *   tl.topk        tl.sort, then the first k of the last dimension (a one-hot pick)
 *   tl.swizzle2d   integer arithmetic on constexprs or tensors
 *   gen_unstack / gen_stack  the slices of a tile along dimension 0 (a tree of splits) / tiles
 *                  stacked on a new dimension 0 (a tree of cats): the batched tl.dot, one 2-D
 *                  kir.dot per batch
 */
#include "gen_builtins.h"

#include <string.h>

/* ---- helpers --------------------------------------------------------------------------------- */
static Value call(Gen *g, const Node *n, const char *name, int nargs, Value *args) {
  return gen_call_builtin(g, n, name, NULL, args, nargs, NULL, NULL, 0);
}

static Value tuple_of(Gen *g, int k, const int64_t *v) {
  Value t = {.kind = V_TUPLE, .n = k};
  t.items = arena_alloc(g->a, sizeof(Value) * (k + 1));
  for (int i = 0; i < k; i++)
    t.items[i] = gen_const_int(v[i]);
  return t;
}

static Value reshape_to(Gen *g, const Node *n, Value x, int rank, const int64_t *shape) {
  Value a[2] = {x, tuple_of(g, rank, shape)};
  return call(g, n, "tl.reshape", 2, a);
}

static Value permute(Gen *g, const Node *n, Value x, const int64_t *order) {
  Value a[2] = {x, tuple_of(g, x.ty.rank, order)};
  return call(g, n, "tl.permute", 2, a);
}

/* x along `axis` of a tile of `rank` dimensions: [1, .., x, .., 1] */
static Value arange_along(Gen *g, const Node *n, int64_t len, int rank, int axis) {
  Value a[2] = {gen_const_int(0), gen_const_int(len)};
  Value r = call(g, n, "tl.arange", 2, a);
  int64_t sh[SEMA_MAX_RANK];
  for (int i = 0; i < rank; i++)
    sh[i] = i == axis ? len : 1;
  return reshape_to(g, n, r, rank, sh);
}

/* The elements as integers of their width (bool as int8): moves and picks on them are exact. */
static const DType *bits_dtype(Gen *g, const Node *n, const char *f, const DType *dt) {
  if (dt->kind == DT_I1) return sema_dtype(DT_I8);
  if (sema_is_int(dt)) return dt;
  if (sema_is_float(dt)) {
    switch (sema_bits(dt)) {
    case 8:
      return sema_dtype(DT_I8);
    case 16:
      return sema_dtype(DT_I16);
    case 32:
      return sema_dtype(DT_I32);
    default:
      return sema_dtype(DT_I64);
    }
  }
  gen_fail(g, n, "tl.%s does not support %s elements", f, sema_dtype_name(dt));
}

static Value to_bits(Gen *g, const Node *n, const char *f, Value x) {
  const DType *b = bits_dtype(g, n, f, x.ty.dt);
  return gen_cast(g, n, x, b, sema_is_float(x.ty.dt));
}

static Value from_bits(Gen *g, const Node *n, Value b, const DType *dt) {
  return gen_cast(g, n, b, dt, sema_is_float(dt));
}

/* sum over `axis` of where(sel, bits, 0), in the bits' own dtype: sel holds at most one true
 * element per line, so the sum is that element, bit for bit */
static Value pick(Gen *g, const Node *n, Value sel, Value bits, int axis, bool keep) {
  Value w = gen_where(g, n, sel, bits, gen_const_int(0));
  Value a[4] = {w, gen_const_int(axis), (Value){.kind = V_BOOL, .i = keep},
                (Value){.kind = V_DTYPE, .dt = bits.ty.dt}};
  return call(g, n, "tl.sum", 4, a);
}

static Value tensor_arg(Gen *g, const Node *n, Call *c, int i, const char *what) {
  Value v = ARG(i, what);
  if (v.kind != V_TENSOR)
    gen_fail(g, n, "tl.%s: %s must be a tensor, got %s", c->f, what, gen_value_desc(g, &v));
  return v;
}

static Value tensor_block(Gen *g, const Node *n, Call *c, int i, const char *what) {
  Value v = tensor_arg(g, n, c, i, what);
  if (v.ty.rank == 0) gen_fail(g, n, "tl.%s: %s must be a block, got a scalar", c->f, what);
  return v;
}

/* A constexpr dimension index of a rank-`rank` tensor (negative: from the end). */
static int dim_arg(Gen *g, const Node *n, Call *c, Value v, const char *what, int rank) {
  int64_t d = arg_int(g, n, v, what);
  if (d < -rank || d >= rank)
    gen_fail(g, n, "tl.%s: %s %lld is out of range for a tensor of rank %d", c->f, what,
             (long long)d, rank);
  return (int)(d < 0 ? d + rank : d);
}

static void check_tile(Gen *g, const Node *n, Call *c, int rank, const int64_t *shape) {
  int64_t e = 1;
  for (int i = 0; i < rank; i++)
    e *= shape[i];
  if (e > KIR_MAX_TILE_ELEMS)
    gen_fail(g, n, "tl.%s needs a %lld-element intermediate tile, above kcc's %d", c->f,
             (long long)e, KIR_MAX_TILE_ELEMS);
}

/* ---- flip, cat, interleave, squeeze, item ---------------------------------------------------- */
static Value h_flip(Gen *g, const Node *n, Call *c) {
  Value x = tensor_block(g, n, c, 0, "x");
  int d = arg_present(&c->a, 1) ? dim_arg(g, n, c, *c->a.v[1], "dim", x.ty.rank) : x.ty.rank - 1;
  int64_t outer = 1, len = x.ty.shape[d], inner = 1;
  for (int i = 0; i < x.ty.rank; i++) {
    if (i < d) outer *= x.ty.shape[i];
    if (i > d) inner *= x.ty.shape[i];
  }
  if (len == 1) return x;
  Value y = to_bits(g, n, c->f, x);
  /* reversing an index of log2(len) bits complements each bit: swap the halves of every
   * (2, q * inner) block, for q = 1, 2, 4, .. len / 2 */
  for (int64_t q = 1; q < len; q *= 2) {
    int64_t sh[3] = {outer * (len / (2 * q)), 2, q * inner};
    y = reshape_to(g, n, y, 3, sh);
    Value a[4] = {y, gen_const_int(1), (Value){.kind = V_BOOL, .i = 1},
                  (Value){.kind = V_DTYPE, .dt = y.ty.dt}};
    y = gen_binary(g, n, "^", y, call(g, n, "tl.xor_sum", 4, a));
  }
  y = reshape_to(g, n, y, x.ty.rank, x.ty.shape);
  return from_bits(g, n, y, x.ty.dt);
}

static Value join_same(Gen *g, const Node *n, Call *c, Value a, Value b) {
  if (!sema_type_eq(a.ty, b.ty))
    gen_fail(g, n, "tl.%s needs two tensors of the same type, got %s and %s", c->f,
             sema_type_str(g->a, a.ty), sema_type_str(g->a, b.ty));
  Value ab[2] = {a, b};
  return call(g, n, "tl.join", 2, ab);
}

static Value h_cat(Gen *g, const Node *n, Call *c) {
  Value a = tensor_block(g, n, c, 0, "input"), b = tensor_block(g, n, c, 1, "other");
  int r = a.ty.rank;
  int d = arg_present(&c->a, 3) ? dim_arg(g, n, c, *c->a.v[3], "dim", r) : 0;
  Value j = join_same(g, n, c, a, b); /* shape + [2] */
  int64_t order[SEMA_MAX_RANK], sh[SEMA_MAX_RANK];
  for (int i = 0, k = 0; i <= r; i++)
    order[i] = i == d ? r : k++;
  j = permute(g, n, j, order);
  for (int i = 0; i < r; i++)
    sh[i] = a.ty.shape[i] * (i == d ? 2 : 1);
  return reshape_to(g, n, j, r, sh);
}

static Value h_interleave(Gen *g, const Node *n, Call *c) {
  Value a = tensor_of(g, n, ARG(0, "a")), b = tensor_of(g, n, ARG(1, "b"));
  Value j = join_same(g, n, c, a, b);
  if (a.ty.rank == 0) return j;
  int64_t sh[SEMA_MAX_RANK];
  memcpy(sh, a.ty.shape, sizeof(int64_t) * a.ty.rank);
  sh[a.ty.rank - 1] *= 2;
  return reshape_to(g, n, j, a.ty.rank, sh);
}

static Value h_squeeze(Gen *g, const Node *n, Call *c) {
  Value x = tensor_block(g, n, c, 0, "x");
  int d = dim_arg(g, n, c, ARG(1, "dim"), "dim", x.ty.rank);
  if (x.ty.shape[d] != 1)
    gen_fail(g, n, "tl.squeeze: dimension %d of %s has size %lld, not 1", d,
             sema_type_str(g->a, x.ty), (long long)x.ty.shape[d]);
  int64_t sh[SEMA_MAX_RANK];
  for (int i = 0, k = 0; i < x.ty.rank; i++)
    if (i != d) sh[k++] = x.ty.shape[i];
  return reshape_to(g, n, x, x.ty.rank - 1, sh);
}

static Value h_item(Gen *g, const Node *n, Call *c) {
  Value x = tensor_of(g, n, ARG(0, "input"));
  if (sema_numel(x.ty) != 1)
    gen_fail(g, n, "tl.item needs a single-element tensor, got %s", sema_type_str(g->a, x.ty));
  return reshape_to(g, n, x, 0, NULL);
}

/* ---- slices and stacks (the batched tl.dot) ------------------------------------------------- */
Value *gen_unstack(Gen *g, const Node *n, Value x) {
  int64_t nb = x.ty.shape[0], rest = sema_numel(x.ty) / nb;
  Value *out = arena_alloc(g->a, sizeof(Value) * (nb + 1));
  int64_t sh[2] = {nb, rest}, swap[3] = {0, 2, 1};
  out[0] = permute(g, n, reshape_to(g, n, x, 2, sh), (int64_t[]){1, 0}); /* [rest, nb] */
  /* halve every [rest, w] piece: [rest, 2, w / 2] -> [rest, w / 2, 2] -> split: first half,
   * second half, so the pieces stay in batch order */
  for (int64_t w = nb, k = 1; w > 1; w /= 2, k *= 2)
    for (int64_t i = k - 1; i >= 0; i--) {
      int64_t h[3] = {rest, 2, w / 2};
      Value a = {.kind = V_TUPLE}, p = permute(g, n, reshape_to(g, n, out[i], 3, h), swap);
      a = call(g, n, "tl.split", 1, &p);
      out[2 * i] = a.items[0];
      out[2 * i + 1] = a.items[1];
    }
  for (int64_t i = 0; i < nb; i++)
    out[i] = reshape_to(g, n, out[i], x.ty.rank - 1, x.ty.shape + 1);
  return out;
}

Value gen_stack(Gen *g, const Node *n, Value *xs, int k) {
  Value *lv = arena_alloc(g->a, sizeof(Value) * (k + 1));
  for (int i = 0; i < k; i++) {
    Value a[2] = {xs[i], gen_const_int(0)};
    lv[i] = call(g, n, "tl.expand_dims", 2, a);
  }
  for (; k > 1; k /= 2) /* pairwise concatenation along dimension 0 */
    for (int i = 0; i < k / 2; i++) {
      Value a[2] = {lv[2 * i], lv[2 * i + 1]};
      lv[i] = call(g, n, "tl.cat", 2, a);
    }
  return lv[0];
}

/* ---- gather, histogram, topk ----------------------------------------------------------------- */
static Value h_gather(Gen *g, const Node *n, Call *c) {
  Value src = tensor_block(g, n, c, 0, "src"), idx = tensor_block(g, n, c, 1, "index");
  int r = src.ty.rank;
  if (!sema_is_int(idx.ty.dt) || idx.ty.dt->kind == DT_I1)
    gen_fail(g, n, "tl.gather: index must be an integer tensor, got %s",
             sema_type_str(g->a, idx.ty));
  if (idx.ty.rank != r)
    gen_fail(g, n, "tl.gather: source and index must have the same rank, got %s and %s",
             sema_type_str(g->a, src.ty), sema_type_str(g->a, idx.ty));
  int ax = dim_arg(g, n, c, ARG(2, "axis"), "axis", r);
  for (int i = 0; i < r; i++)
    if (i != ax && idx.ty.shape[i] != src.ty.shape[i])
      gen_fail(g, n, "tl.gather: index dimension %d (%lld) differs from the source's (%lld)", i,
               (long long)idx.ty.shape[i], (long long)src.ty.shape[i]);
  if (r + 1 > SEMA_MAX_RANK)
    gen_fail(g, n, "tl.gather supports tensors of rank below %d", SEMA_MAX_RANK);
  /* [.., M, K, ..]: the index along `ax`, the source's positions along ax + 1 */
  int64_t sh[SEMA_MAX_RANK];
  for (int i = 0; i <= r; i++)
    sh[i] = i <= ax ? idx.ty.shape[i] : i == ax + 1 ? src.ty.shape[ax] : idx.ty.shape[i - 1];
  check_tile(g, n, c, r + 1, sh);
  Value ea[2] = {to_bits(g, n, c->f, src), gen_const_int(ax)};
  Value s = call(g, n, "tl.expand_dims", 2, ea);
  Value ia[2] = {idx, gen_const_int(ax + 1)};
  Value i = call(g, n, "tl.expand_dims", 2, ia);
  Value sel = gen_cmp(g, n, "==", i, arange_along(g, n, src.ty.shape[ax], r + 1, ax + 1));
  return from_bits(g, n, pick(g, n, sel, s, ax + 1, false), src.ty.dt);
}

static Value h_histogram(Gen *g, const Node *n, Call *c) {
  Value x = tensor_arg(g, n, c, 0, "input");
  if (x.ty.rank != 1)
    gen_fail(g, n, "tl.histogram needs a 1-D input, got %s", sema_type_str(g->a, x.ty));
  if (!sema_is_int(x.ty.dt) || x.ty.dt->kind == DT_I1)
    gen_fail(g, n, "tl.histogram needs integers, got %s", sema_type_str(g->a, x.ty));
  int64_t bins = arg_int(g, n, ARG(1, "num_bins"), "num_bins");
  if (!sema_is_pow2(bins))
    gen_fail(g, n, "tl.histogram: num_bins must be a power of 2, got %lld", (long long)bins);
  int64_t sh[2] = {x.ty.shape[0], bins};
  check_tile(g, n, c, 2, sh);
  Value ea[2] = {x, gen_const_int(1)};
  Value col = call(g, n, "tl.expand_dims", 2, ea);
  Value hit = gen_cmp(g, n, "==", col, arange_along(g, n, bins, 2, 1));
  if (arg_present(&c->a, 2)) {
    Value m = tensor_of(g, n, *c->a.v[2]);
    if (m.ty.dt->kind != DT_I1)
      gen_fail(g, n, "tl.histogram: mask must be int1, got %s", sema_type_str(g->a, m.ty));
    if (m.ty.rank == 1) {
      Value ma[2] = {m, gen_const_int(1)};
      m = call(g, n, "tl.expand_dims", 2, ma);
    }
    hit = gen_binary(g, n, "&", hit, m);
  }
  Value a[4] = {gen_cast(g, n, hit, sema_dtype(DT_I32), false), gen_const_int(0),
                (Value){.kind = V_BOOL}, (Value){.kind = V_DTYPE, .dt = sema_dtype(DT_I32)}};
  return call(g, n, "tl.sum", 4, a);
}

static Value h_topk(Gen *g, const Node *n, Call *c) {
  Value x = tensor_block(g, n, c, 0, "x");
  int r = x.ty.rank;
  int64_t len = x.ty.shape[r - 1];
  int64_t k = arg_int(g, n, ARG(1, "k"), "k");
  if (!sema_is_pow2(k) || k > len)
    gen_fail(g, n, "tl.topk: k must be a power of 2 of at most %lld, got %lld", (long long)len,
             (long long)k);
  if (arg_present(&c->a, 2) && dim_arg(g, n, c, *c->a.v[2], "dim", r) != r - 1)
    gen_fail(g, n, "tl.topk only supports the last dimension (%d)", r - 1);
  bool desc = !arg_present(&c->a, 3) || gen_truthy(g, n, c->a.v[3]);
  Value sa[3] = {x, gen_const_int(r - 1), (Value){.kind = V_BOOL, .i = desc}};
  Value s = call(g, n, "tl.sort", 3, sa);
  if (k == len) return s;
  /* [rows, len / k, k]: keep the first of the len / k groups */
  int64_t sh[3] = {sema_numel(x.ty) / len, len / k, k};
  Value b = reshape_to(g, n, to_bits(g, n, c->f, s), 3, sh);
  Value first = gen_cmp(g, n, "==", arange_along(g, n, len / k, 3, 1), gen_const_int(0));
  Value p = pick(g, n, first, b, 1, false);
  int64_t out[SEMA_MAX_RANK];
  memcpy(out, x.ty.shape, sizeof(int64_t) * r);
  out[r - 1] = k;
  return from_bits(g, n, reshape_to(g, n, p, r, out), x.ty.dt);
}

/* ---- swizzle2d ------------------------------------------------------------------------------- */
/* Row-major (i, j) of a size_i x size_j grid to the column-major order inside each group of
 * size_g rows (the last group may be shorter). Returns (new_i, new_j). */
static Value h_swizzle2d(Gen *g, const Node *n, Call *c) {
  Value i = ARG(0, "i"), j = ARG(1, "j"), si = ARG(2, "size_i"), sj = ARG(3, "size_j");
  Value sg = ARG(4, "size_g");
  Value ij = gen_binary(g, n, "+", gen_binary(g, n, "*", i, sj), j);
  Value group_len = gen_binary(g, n, "*", sg, sj);
  Value first_row = gen_binary(g, n, "*", gen_binary(g, n, "//", ij, group_len), sg);
  Value rows[2] = {gen_binary(g, n, "-", si, first_row), sg};
  Value rows_here = gen_call_builtin(g, n, "py.min", NULL, rows, 2, NULL, NULL, 0);
  Value in_group = gen_binary(g, n, "%", ij, group_len);
  Value t = {.kind = V_TUPLE, .n = 2};
  t.items = arena_alloc(g->a, sizeof(Value) * 2);
  t.items[0] = gen_binary(g, n, "+", first_row, gen_binary(g, n, "%", in_group, rows_here));
  t.items[1] = gen_binary(g, n, "//", in_group, rows_here);
  return t;
}

const Builtin gen_builtins_rearrange[] = {
    {"flip", h_flip, "x,dim", NULL},
    {"cat", h_cat, "input,other,can_reorder,dim", NULL},
    {"interleave", h_interleave, "a,b", NULL},
    {"squeeze", h_squeeze, "x,dim", NULL},
    {"item", h_item, "input", NULL},
    {"gather", h_gather, "src,index,axis", NULL},
    {"histogram", h_histogram, "input,num_bins,mask", NULL},
    {"topk", h_topk, "x,k,dim,descending", NULL},
    {"swizzle2d", h_swizzle2d, "i,j,size_i,size_j,size_g", NULL},
};
const int gen_builtins_rearrange_n = sizeof gen_builtins_rearrange / sizeof *gen_builtins_rearrange;

/*
 * lower.c - the per-thread lowering (docs/simt.md, section 2): kgpu -> per-thread IR, one kernel
 * at a time. A new func.func is built beside the old one and replaces it; every tensor value
 * becomes the registers of its layout (lower_internal.h). This file holds the walk, the value
 * map, the builder, thread coordinates, workgroup buffers, elementwise ops and control flow;
 * lower_tile.c the ops that move elements between threads.
 */
#include "lower_internal.h"

#include <mlir-c/Diagnostics.h>
#include <mlir-c/Pass.h>
#include <mlir-c/Transforms.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lw_fail(Lower *L, MlirOperation op, const char *fmt, ...) {
  if (L->failed) return;
  L->failed = true;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  simt_error(op, "%s", msg);
}

/* ---- the value map ------------------------------------------------------------------------------
 */
static size_t slot_of(const Lower *L, const void *key) {
  size_t h = ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull;
  return h & (L->map_cap - 1);
}

static MapEntry *map_find(Lower *L, const void *key, bool insert) {
  if (insert && (L->map_len + 1) * 2 > L->map_cap) {
    MapEntry *old = L->map;
    size_t cap = L->map_cap;
    L->map_cap = cap ? cap * 2 : 1024;
    L->map = calloc(L->map_cap, sizeof *L->map);
    L->map_len = 0;
    for (size_t i = 0; i < cap; i++)
      if (old[i].key) *map_find(L, old[i].key, true) = old[i], L->map_len++;
    free(old);
  }
  if (!L->map_cap) return NULL;
  for (size_t i = slot_of(L, key);; i = (i + 1) & (L->map_cap - 1)) {
    if (L->map[i].key == key) return &L->map[i];
    if (!L->map[i].key) {
      if (!insert) return NULL;
      L->map[i].key = key;
      return &L->map[i];
    }
  }
}

Regs lw_new_regs(Lower *L, MlirValue v, int64_t n) {
  MapEntry *e = map_find(L, v.ptr, true);
  if (e->regs.v)
    free(e->regs.v);
  else
    L->map_len++;
  e->regs.v = calloc((size_t)(n > 0 ? n : 1), sizeof(MlirValue));
  e->regs.n = n;
  return e->regs;
}

void lw_set_scalar(Lower *L, MlirValue v, MlirValue s) {
  lw_new_regs(L, v, 1).v[0] = s;
}

Regs lw_regs(Lower *L, MlirValue v) {
  MapEntry *e = map_find(L, v.ptr, false);
  if (e) return e->regs;
  static MlirValue none;
  none = (MlirValue){NULL};
  if (!L->failed) {
    L->failed = true;
    diag_plain(L->d, "internal: SIMT lowering used a value before defining it");
  }
  return (Regs){&none, 1};
}

MlirValue lw_scalar(Lower *L, MlirValue v) {
  return lw_regs(L, v).v[0];
}

/* ---- the builder
 * --------------------------------------------------------------------------------- */
MlirOperation lw_op(Lower *L, const char *name, intptr_t nops, const MlirValue *ops, intptr_t nres,
                    const MlirType *res, intptr_t nattrs, const MlirNamedAttribute *attrs) {
  MlirOperation op = kir_op((MlirBlock){NULL}, name, L->loc, nops, ops, nres, res, nattrs, attrs);
  if (!mlirOperationIsNull(L->anchor))
    mlirBlockInsertOwnedOperationBefore(L->blk, L->anchor, op);
  else
    mlirBlockAppendOwnedOperation(L->blk, op);
  return op;
}

MlirValue lw_op1(Lower *L, const char *name, intptr_t nops, const MlirValue *ops, MlirType res) {
  return mlirOperationGetResult(lw_op(L, name, nops, ops, 1, &res, 0, NULL), 0);
}

MlirNamedAttribute lw_nattr(Lower *L, const char *name, MlirAttribute a) {
  return mlirNamedAttributeGet(mlirIdentifierGet(L->ctx, kir_str(name)), a);
}

MlirType lw_i(Lower *L, unsigned w) {
  return mlirIntegerTypeGet(L->ctx, w);
}

static MlirValue constant(Lower *L, MlirType t, MlirAttribute a) {
  MlirNamedAttribute v = lw_nattr(L, "value", a);
  return mlirOperationGetResult(lw_op(L, "arith.constant", 0, NULL, 1, &t, 1, &v), 0);
}

MlirValue lw_ci(Lower *L, unsigned w, int64_t v) {
  MlirType t = lw_i(L, w);
  return constant(L, t, mlirIntegerAttrGet(t, v));
}

MlirValue lw_cidx(Lower *L, int64_t v) {
  MlirType t = mlirIndexTypeGet(L->ctx);
  return constant(L, t, mlirIntegerAttrGet(t, v));
}

MlirValue lw_bin(Lower *L, const char *name, MlirValue x, MlirValue y) {
  MlirValue ops[2] = {x, y};
  return lw_op1(L, name, 2, ops, mlirValueGetType(x));
}

static const char *const cmpi_preds[] = {"eq",  "ne",  "slt", "sle", "sgt",
                                         "sge", "ult", "ule", "ugt", "uge"};

MlirValue lw_cmpi(Lower *L, const char *pred, MlirValue x, MlirValue y) {
  int p = 0;
  for (int i = 0; i < 10; i++)
    if (strcmp(cmpi_preds[i], pred) == 0) p = i;
  MlirValue ops[2] = {x, y};
  MlirNamedAttribute a = lw_nattr(L, "predicate", mlirIntegerAttrGet(lw_i(L, 64), p));
  MlirType i1 = lw_i(L, 1);
  return mlirOperationGetResult(lw_op(L, "arith.cmpi", 2, ops, 1, &i1, 1, &a), 0);
}

MlirValue lw_select(Lower *L, MlirValue c, MlirValue x, MlirValue y) {
  MlirValue ops[3] = {c, x, y};
  return lw_op1(L, "arith.select", 3, ops, mlirValueGetType(x));
}

MlirValue lw_and(Lower *L, MlirValue x, MlirValue y) {
  if (mlirValueIsNull(x)) return y;
  if (mlirValueIsNull(y)) return x;
  return lw_bin(L, "arith.andi", x, y);
}

MlirValue lw_to_index(Lower *L, MlirValue v) {
  return lw_op1(L, "arith.index_cast", 1, &v, mlirIndexTypeGet(L->ctx));
}

void lw_barrier(Lower *L) {
  lw_op(L, "gpu.barrier", 0, NULL, 0, NULL, 0, NULL);
}

static MlirBlock new_block(intptr_t n, const MlirType *types, MlirLocation loc) {
  MlirLocation *locs = malloc(sizeof *locs * (size_t)(n + 1));
  for (intptr_t i = 0; i < n; i++)
    locs[i] = loc;
  MlirBlock b = mlirBlockCreate(n, types, locs);
  free(locs);
  return b;
}

static MlirOperation create_with_regions(Lower *L, const char *name, intptr_t nops,
                                         const MlirValue *ops, intptr_t nres, const MlirType *res,
                                         intptr_t nregions, MlirRegion *regions) {
  MlirOperationState st = mlirOperationStateGet(kir_str(name), L->loc);
  mlirOperationStateAddOperands(&st, nops, ops);
  mlirOperationStateAddResults(&st, nres, res);
  mlirOperationStateAddOwnedRegions(&st, nregions, regions);
  MlirOperation op = mlirOperationCreate(&st);
  if (!mlirOperationIsNull(L->anchor))
    mlirBlockInsertOwnedOperationBefore(L->blk, L->anchor, op);
  else
    mlirBlockAppendOwnedOperation(L->blk, op);
  return op;
}

LwSaved lw_if_begin(Lower *L, MlirValue cond) {
  MlirRegion r[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock then = new_block(0, NULL, L->loc);
  mlirRegionAppendOwnedBlock(r[0], then);
  MlirOperation op = create_with_regions(L, "scf.if", 1, &cond, 0, NULL, 2, r);
  (void)op;
  LwSaved s = {L->blk, L->anchor};
  L->blk = then;
  L->anchor = (MlirOperation){NULL};
  lw_op(L, "scf.yield", 0, NULL, 0, NULL, 0, NULL);
  L->anchor = mlirBlockGetTerminator(then);
  return s;
}

void lw_if_end(Lower *L, LwSaved s) {
  L->blk = s.blk;
  L->anchor = s.anchor;
}

LwFor lw_for_begin(Lower *L, MlirValue lb, MlirValue ub, MlirValue step, int n,
                   const MlirValue *init, MlirValue *iv, MlirValue *args) {
  MlirValue *ops = malloc(sizeof *ops * (size_t)(3 + n));
  MlirType *types = malloc(sizeof *types * (size_t)(1 + n));
  ops[0] = lb, ops[1] = ub, ops[2] = step;
  types[0] = mlirValueGetType(lb);
  for (int i = 0; i < n; i++) {
    ops[3 + i] = init[i];
    types[1 + i] = mlirValueGetType(init[i]);
  }
  MlirRegion r = mlirRegionCreate();
  MlirBlock body = new_block(1 + n, types, L->loc);
  mlirRegionAppendOwnedBlock(r, body);
  LwFor f = {create_with_regions(L, "scf.for", 3 + n, ops, n, types + 1, 1, &r),
             {L->blk, L->anchor}};
  *iv = mlirBlockGetArgument(body, 0);
  for (int i = 0; i < n; i++)
    args[i] = mlirBlockGetArgument(body, 1 + i);
  L->blk = body;
  L->anchor = (MlirOperation){NULL};
  free(ops);
  free(types);
  return f;
}

void lw_for_end(Lower *L, LwFor *f, int n, const MlirValue *yield, MlirValue *results) {
  lw_op(L, "scf.yield", n, yield, 0, NULL, 0, NULL);
  L->blk = f->saved.blk;
  L->anchor = f->saved.anchor;
  for (int i = 0; i < n; i++)
    results[i] = mlirOperationGetResult(f->op, i);
}

/* ---- threads and registers
 * ------------------------------------------------------------------------ */
static LwSaved to_prologue(Lower *L) {
  LwSaved s = {L->blk, L->anchor};
  L->blk = L->entry;
  L->anchor = L->prologue;
  return s;
}

const ThreadPos *lw_pos(Lower *L, const Layout *l) {
  for (int i = 0; i < L->npos; i++)
    if (layout_equal(&L->pos[i].l, l)) return &L->pos[i];
  ThreadPos *p = &L->pos[L->npos < SIMT_MAX_POS ? L->npos++ : SIMT_MAX_POS - 1];
  p->l = *l;
  LwSaved s = to_prologue(L);
  MlirValue lane = L->lane, warp = L->wid;
  for (int i = 0; i < l->rank; i++) {
    int d = l->order[i];
    MlirValue ld = lw_bin(L, "arith.andi", lane, lw_ci(L, 32, l->tpw[d] - 1));
    MlirValue wd = lw_bin(L, "arith.andi", warp, lw_ci(L, 32, l->wpc[d] - 1));
    lane = lw_bin(L, "arith.shrui", lane, lw_ci(L, 32, simt_log2(l->tpw[d])));
    warp = lw_bin(L, "arith.shrui", warp, lw_ci(L, 32, simt_log2(l->wpc[d])));
    MlirValue pos =
        lw_bin(L, "arith.addi", lw_bin(L, "arith.muli", wd, lw_ci(L, 32, l->tpw[d])), ld);
    p->tp[d] = lw_bin(L, "arith.muli", pos, lw_ci(L, 32, l->spt[d]));
  }
  L->blk = s.blk, L->anchor = s.anchor;
  return p;
}

void lw_coords(Lower *L, const Tile *t, int64_t r, MlirValue *coords, MlirValue *exp) {
  const ThreadPos *p = lw_pos(L, &t->l);
  int64_t j[LAYOUT_MAX_RANK];
  tile_reg_split(t, r, j);
  for (int d = 0, i = 0; d < t->l.rank; d++) {
    MlirValue c;
    if (t->ext[d] == 1)
      c = lw_ci(L, 32, 0);
    else {
      c = lw_bin(L, "arith.addi", p->tp[d], lw_ci(L, 32, tile_reg_offset(t, d, j[d])));
      if (tile_dim_wraps(t, d)) c = lw_bin(L, "arith.andi", c, lw_ci(L, 32, t->ext[d] - 1));
    }
    if (exp) exp[d] = c;
    if (!(t->l.sliced & (1u << d))) coords[i++] = c;
  }
}

MlirValue lw_owner(Lower *L, const Tile *t, int64_t r) {
  const ThreadPos *p = lw_pos(L, &t->l);
  int64_t j[LAYOUT_MAX_RANK];
  tile_reg_split(t, r, j);
  MlirValue own = {NULL};
  for (int d = 0; d < t->l.rank; d++) {
    if (!tile_dim_wraps(t, d)) continue;
    MlirValue c = lw_bin(L, "arith.addi", p->tp[d], lw_ci(L, 32, tile_reg_offset(t, d, j[d])));
    own = lw_and(L, own, lw_cmpi(L, "ult", c, lw_ci(L, 32, t->ext[d])));
  }
  return own;
}

MlirValue lw_linear(Lower *L, int rank, const int64_t *shape, const MlirValue *coords) {
  MlirValue lin = lw_ci(L, 32, 0);
  for (int i = 0; i < rank; i++) {
    lin = lw_bin(L, "arith.muli", lin, lw_ci(L, 32, shape[i]));
    lin = lw_bin(L, "arith.addi", lin, coords[i]);
  }
  return lin;
}

MlirValue lw_thread0(Lower *L) {
  return lw_cmpi(L, "eq", L->tid, lw_ci(L, 32, 0));
}

/* ---- workgroup memory --------------------------------------------------------------------------
 */
static MlirType mem_type(Lower *L, MlirType t) {
  if (kir_is_ptr_type(t)) return lw_i(L, 64);
  if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 1) return lw_i(L, 8);
  return t;
}

static int64_t type_bytes(MlirType t) {
  if (mlirTypeIsAInteger(t)) return (mlirIntegerTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAF64(t)) return 8;
  if (mlirTypeIsAF16(t) || mlirTypeIsABF16(t)) return 2;
  return 4;
}

/* Workgroup memory is one pool of bytes (`pool`, sized at the end to the largest step) and
 * typed views of it at byte offsets, made in the prologue; steps reuse it from offset 0. */
int64_t lw_buf_bytes(Lower *L, MlirType elem, int64_t n) {
  return (n * type_bytes(mem_type(L, elem)) + 15) / 16 * 16;
}

MlirValue lw_buf(Lower *L, MlirOperation op, MlirType elem, int64_t n, int64_t *off) {
  MlirType mt = mem_type(L, elem);
  int64_t at = *off;
  *off = at + lw_buf_bytes(L, elem, n);
  if (*off > L->shared) L->shared = *off;
  if (L->shared > L->max_shared) {
    lw_fail(L, op,
            "needs %lld bytes of workgroup memory, more than the %lld of this target (use smaller "
            "tiles or fewer warps)",
            (long long)L->shared, (long long)L->max_shared);
    return (MlirValue){NULL};
  }
  for (int i = 0; i < L->nbufs; i++)
    if (mlirTypeEqual(L->bufs[i].elem, mt) && L->bufs[i].n == n && L->bufs[i].use == at)
      return L->bufs[i].buf;
  if (L->nbufs == SIMT_MAX_BUFS) {
    lw_fail(L, op, "too many workgroup buffers in one kernel (at most %d)", SIMT_MAX_BUFS);
    return (MlirValue){NULL};
  }
  MlirAttribute as = mlirIntegerAttrGet(lw_i(L, 64), 3);
  LwSaved s = {L->blk, L->anchor};
  L->blk = L->entry, L->anchor = L->prologue;
  if (mlirValueIsNull(L->pool)) {
    int64_t cap = L->max_shared;
    MlirType pt = mlirMemRefTypeContiguousGet(lw_i(L, 8), 1, &cap, as);
    MlirNamedAttribute seg =
        lw_nattr(L, "operandSegmentSizes", mlirDenseI32ArrayGet(L->ctx, 2, (int32_t[]){0, 0}));
    MlirOperation a = kir_op((MlirBlock){NULL}, "memref.alloca", L->loc, 0, NULL, 1, &pt, 1, &seg);
    mlirBlockInsertOwnedOperation(L->entry, 0, a);
    L->pool = mlirOperationGetResult(a, 0);
  }
  MlirType t = mlirMemRefTypeContiguousGet(mt, 1, &n, as);
  MlirValue ops[2] = {L->pool, lw_cidx(L, at)};
  MlirValue v = lw_op1(L, "memref.view", 2, ops, t);
  L->blk = s.blk, L->anchor = s.anchor;
  LocalBuf *b = &L->bufs[L->nbufs++];
  b->elem = mt, b->n = n, b->use = (int)at, b->buf = v;
  return v;
}

/* The pool, allocated with the target's whole workgroup memory while lowering, shrinks to what
 * the kernel uses. */
static void size_pool(Lower *L) {
  if (mlirValueIsNull(L->pool)) return;
  int64_t n = L->shared > 0 ? L->shared : 16;
  MlirAttribute as = mlirIntegerAttrGet(lw_i(L, 64), 3);
  MlirType pt = mlirMemRefTypeContiguousGet(lw_i(L, 8), 1, &n, as);
  MlirNamedAttribute seg =
      lw_nattr(L, "operandSegmentSizes", mlirDenseI32ArrayGet(L->ctx, 2, (int32_t[]){0, 0}));
  MlirOperation old = mlirOpResultGetOwner(L->pool);
  MlirOperation a = kir_op((MlirBlock){NULL}, "memref.alloca", mlirOperationGetLocation(old), 0,
                           NULL, 1, &pt, 1, &seg);
  mlirBlockInsertOwnedOperationBefore(L->entry, old, a);
  mlirValueReplaceAllUsesOfWith(L->pool, mlirOperationGetResult(a, 0));
  mlirOperationDestroy(old);
  L->pool = (MlirValue){NULL};
}

void lw_mstore(Lower *L, MlirValue buf, MlirValue idx, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  if (kir_is_ptr_type(t))
    v = lw_op1(L, "kir.ptr_to_int", 1, &v, lw_i(L, 64));
  else if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 1)
    v = lw_op1(L, "arith.extui", 1, &v, lw_i(L, 8));
  MlirValue ops[3] = {v, buf, lw_to_index(L, idx)};
  lw_op(L, "memref.store", 3, ops, 0, NULL, 0, NULL);
}

MlirValue lw_mload(Lower *L, MlirValue buf, MlirValue idx, MlirType elem) {
  MlirValue ops[2] = {buf, lw_to_index(L, idx)};
  MlirValue v = lw_op1(L, "memref.load", 2, ops, mem_type(L, elem));
  if (kir_is_ptr_type(elem)) return lw_op1(L, "kir.int_to_ptr", 1, &v, elem);
  if (mlirTypeIsAInteger(elem) && mlirIntegerTypeGetWidth(elem) == 1)
    return lw_op1(L, "arith.trunci", 1, &v, elem);
  return v;
}

/* ---- elementwise and creation ops
 * ---------------------------------------------------------------- */
bool lw_tile(Lower *L, MlirOperation op, MlirValue v, Tile *t) {
  if (tile_of_type(mlirValueGetType(v), t)) {
    if (t->nregs <= SIMT_MAX_REGS) return true;
    lw_fail(L, op,
            "a tile of %lld elements needs %lld registers per thread with %d threads (at most "
            "%d): use more warps or smaller tiles",
            (long long)t->numel, (long long)t->nregs, L->threads, SIMT_MAX_REGS);
    return false;
  }
  lw_fail(L, op, "internal: a tensor without a layout reached the SIMT lowering");
  return false;
}

static MlirType scalar_type(MlirType t) {
  return mlirTypeIsARankedTensor(t) ? mlirShapedTypeGetElementType(t) : t;
}

/* One scalar op per register: operands are the same register of each tensor operand (all share
 * the result's layout) or the scalar; attributes are copied, a dense splat constant becomes its
 * scalar. `extra` (may be null) is appended as a last operand (the owner mask of a store). */
static void per_register(Lower *L, MlirOperation op,
                         MlirValue (*extra)(Lower *, MlirOperation, const Tile *, int64_t)) {
  intptr_t nops = mlirOperationGetNumOperands(op), nres = mlirOperationGetNumResults(op);
  intptr_t nattrs = mlirOperationGetNumAttributes(op);
  if (nops > 15 || nres > 4 || nattrs > 16) {
    lw_fail(L, op, "internal: op too large for the SIMT lowering");
    return;
  }
  Tile t;
  int64_t n = 1;
  bool tiled = false;
  for (intptr_t i = 0; i < nres && !tiled; i++)
    if (simt_is_tensor(mlirOperationGetResult(op, i))) tiled = true, n = -1;
  for (intptr_t i = 0; i < nops && !tiled; i++)
    if (simt_is_tensor(mlirOperationGetOperand(op, i))) tiled = true, n = -1;
  MlirValue anyt = {NULL};
  for (intptr_t i = 0; i < nres && mlirValueIsNull(anyt); i++)
    if (simt_is_tensor(mlirOperationGetResult(op, i))) anyt = mlirOperationGetResult(op, i);
  for (intptr_t i = 0; i < nops && mlirValueIsNull(anyt); i++)
    if (simt_is_tensor(mlirOperationGetOperand(op, i))) anyt = mlirOperationGetOperand(op, i);
  if (tiled) {
    if (!lw_tile(L, op, anyt, &t)) return;
    n = t.nregs;
  }
  Regs ins[16];
  for (intptr_t i = 0; i < nops; i++) {
    ins[i] = lw_regs(L, mlirOperationGetOperand(op, i));
    if (tiled && simt_is_tensor(mlirOperationGetOperand(op, i)) && ins[i].n != n) {
      lw_fail(L, op, "internal: operand %d has %lld registers, expected %lld", (int)i,
              (long long)ins[i].n, (long long)n);
      return;
    }
  }
  MlirType rt[4];
  Regs outs[4];
  for (intptr_t i = 0; i < nres; i++) {
    MlirValue res = mlirOperationGetResult(op, i);
    rt[i] = scalar_type(mlirValueGetType(res));
    outs[i] = lw_new_regs(L, res, n);
  }
  MlirNamedAttribute attrs[16];
  bool dense_value = kir_op_kind(op) == KIR_OP_ARITH_CONSTANT && tiled;
  for (intptr_t i = 0; i < nattrs; i++) {
    attrs[i] = mlirOperationGetAttribute(op, i);
    if (dense_value && mlirAttributeIsADenseElements(attrs[i].attribute)) {
      if (!mlirDenseElementsAttrIsSplat(attrs[i].attribute)) {
        lw_fail(L, op, "constant tiles with different elements are not supported on SIMT targets");
        return;
      }
      attrs[i].attribute = mlirDenseElementsAttrGetSplatValue(attrs[i].attribute);
    }
  }
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  char nm[64];
  snprintf(nm, sizeof nm, "%.*s", (int)name.length, name.data);
  for (int64_t r = 0; r < n; r++) {
    MlirValue ops[16];
    for (intptr_t i = 0; i < nops; i++)
      ops[i] = ins[i].n == 1 ? ins[i].v[0] : ins[i].v[r];
    intptr_t k = nops;
    if (extra && tiled) {
      MlirValue e = extra(L, op, &t, r);
      if (!mlirValueIsNull(e)) ops[k++] = e;
    }
    MlirOperation o = lw_op(L, nm, k, ops, nres, rt, nattrs, attrs);
    for (intptr_t i = 0; i < nres; i++)
      outs[i].v[r] = mlirOperationGetResult(o, i);
  }
}

/* The mask of a store or atomic: its own mask (last operand) and-ed with ownership. Returns the
 * extra operand to append when the op had no mask; replaces the last operand otherwise (through
 * the per-register callback, which sees the op's mask position). */
static int mask_index(MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  intptr_t n = mlirOperationGetNumOperands(op);
  if (k == KIR_OP_STORE || k == KIR_OP_ATOMIC_RMW) return n > 2 ? 2 : -1;
  return -1; /* atomic_cas has no mask */
}

static MlirValue owner_extra(Lower *L, MlirOperation op, const Tile *t, int64_t r) {
  (void)op;
  return lw_owner(L, t, r);
}

/* A store/atomic on tiles: the owner mask joins the op's mask. */
static void side_effect_tile(Lower *L, MlirOperation op) {
  int mi = mask_index(op);
  Tile t;
  MlirValue ptr = mlirOperationGetOperand(op, 0);
  if (!lw_tile(L, op, ptr, &t)) return;
  bool wraps = false;
  for (int d = 0; d < t.l.rank; d++)
    wraps |= tile_dim_wraps(&t, d);
  KirOpKind k = kir_op_kind(op);
  if (!wraps) {
    per_register(L, op, NULL);
    return;
  }
  if (k == KIR_OP_ATOMIC_CAS) {
    /* no mask operand: guard every register with scf.if on the owner, broadcast the result */
    lw_fail(L, op, "atomic_cas on a tile smaller than the workgroup is not supported yet");
    return;
  }
  if (mi < 0) {
    per_register(L, op, owner_extra);
  } else {
    /* and the owner into the mask registers first */
    MlirValue m = mlirOperationGetOperand(op, mi);
    Regs mr = lw_regs(L, m);
    Regs saved = {malloc(sizeof(MlirValue) * (size_t)mr.n), mr.n};
    memcpy(saved.v, mr.v, sizeof(MlirValue) * (size_t)mr.n);
    for (int64_t r = 0; r < mr.n; r++)
      mr.v[r] = lw_and(L, mr.v[r], lw_owner(L, &t, r));
    per_register(L, op, NULL);
    memcpy(mr.v, saved.v, sizeof(MlirValue) * (size_t)mr.n);
    free(saved.v);
  }
  if (k == KIR_OP_ATOMIC_RMW && mlirOperationGetNumResults(op) == 1) {
    /* replicas got 0: every thread reads the owner's old value back through memory */
    MlirValue res = mlirOperationGetResult(op, 0);
    MlirType et = mlirShapedTypeGetElementType(mlirValueGetType(res));
    Regs rr = lw_regs(L, res);
    int64_t off = 0;
    MlirValue buf = lw_buf(L, op, et, t.numel, &off);
    if (mlirValueIsNull(buf)) return;
    lw_barrier(L);
    for (int64_t r = 0; r < rr.n; r++) {
      MlirValue c[LAYOUT_MAX_RANK];
      lw_coords(L, &t, r, c, NULL);
      LwSaved s = lw_if_begin(L, lw_owner(L, &t, r));
      lw_mstore(L, buf, lw_linear(L, t.rank, t.shape, c), rr.v[r]);
      lw_if_end(L, s);
    }
    lw_barrier(L);
    for (int64_t r = 0; r < rr.n; r++) {
      MlirValue c[LAYOUT_MAX_RANK];
      lw_coords(L, &t, r, c, NULL);
      rr.v[r] = lw_mload(L, buf, lw_linear(L, t.rank, t.shape, c), et);
    }
  }
}

/* A scalar value of thread 0 to every thread, through workgroup memory. */
static MlirValue broadcast0(Lower *L, MlirOperation op, MlirValue v) {
  MlirType t = mlirValueGetType(v);
  int64_t off = 0;
  MlirValue buf = lw_buf(L, op, t, 1, &off);
  if (mlirValueIsNull(buf)) return v;
  lw_barrier(L);
  LwSaved s = lw_if_begin(L, lw_thread0(L));
  lw_mstore(L, buf, lw_ci(L, 32, 0), v);
  lw_if_end(L, s);
  lw_barrier(L);
  return lw_mload(L, buf, lw_ci(L, 32, 0), t);
}

/* Scalar side effects run on thread 0; an atomic's old value is broadcast. */
static void side_effect_scalar(Lower *L, MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  if (k == KIR_OP_STORE || k == KIR_OP_ATOMIC_RMW) {
    /* thread 0's mask */
    int mi = mask_index(op);
    MlirValue t0 = lw_thread0(L);
    if (mi >= 0) {
      MlirValue m = mlirOperationGetOperand(op, mi);
      Regs mr = lw_regs(L, m);
      MlirValue saved = mr.v[0];
      mr.v[0] = lw_and(L, saved, t0);
      per_register(L, op, NULL);
      mr.v[0] = saved;
    } else {
      MlirValue ops[3] = {lw_scalar(L, mlirOperationGetOperand(op, 0)),
                          lw_scalar(L, mlirOperationGetOperand(op, 1)), t0};
      intptr_t nattrs = mlirOperationGetNumAttributes(op);
      MlirNamedAttribute attrs[8];
      for (intptr_t i = 0; i < nattrs && i < 8; i++)
        attrs[i] = mlirOperationGetAttribute(op, i);
      MlirType rt[1];
      intptr_t nres = mlirOperationGetNumResults(op);
      if (nres) rt[0] = mlirValueGetType(mlirOperationGetResult(op, 0));
      MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
      char nm[32];
      snprintf(nm, sizeof nm, "%.*s", (int)name.length, name.data);
      MlirOperation o = lw_op(L, nm, 3, ops, nres, rt, nattrs < 8 ? nattrs : 8, attrs);
      if (nres) lw_set_scalar(L, mlirOperationGetResult(op, 0), mlirOperationGetResult(o, 0));
    }
  } else { /* atomic_cas: only thread 0 performs it */
    MlirValue res = mlirOperationGetResult(op, 0);
    MlirType t = mlirValueGetType(res);
    int64_t off = 0;
    MlirValue buf = lw_buf(L, op, t, 1, &off);
    if (mlirValueIsNull(buf)) return;
    lw_barrier(L);
    LwSaved s = lw_if_begin(L, lw_thread0(L));
    per_register(L, op, NULL);
    lw_mstore(L, buf, lw_ci(L, 32, 0), lw_scalar(L, res));
    lw_if_end(L, s);
    lw_barrier(L);
    lw_set_scalar(L, res, lw_mload(L, buf, lw_ci(L, 32, 0), t));
    return;
  }
  if (k == KIR_OP_ATOMIC_RMW) {
    MlirValue res = mlirOperationGetResult(op, 0);
    lw_set_scalar(L, res, broadcast0(L, op, lw_scalar(L, res)));
  }
}

static void lower_program(Lower *L, MlirOperation op, const char *name) {
  MlirAttribute ax = mlirOperationGetAttributeByName(op, kir_str("axis"));
  int64_t a = mlirAttributeIsNull(ax) ? 0 : mlirIntegerAttrGetValueInt(ax);
  char text[48];
  snprintf(text, sizeof text, "#gpu<dim %s>", a == 0 ? "x" : a == 1 ? "y" : "z");
  MlirNamedAttribute dim = lw_nattr(L, "dimension", mlirAttributeParseGet(L->ctx, kir_str(text)));
  MlirType idx = mlirIndexTypeGet(L->ctx);
  MlirValue v = mlirOperationGetResult(lw_op(L, name, 0, NULL, 1, &idx, 1, &dim), 0);
  lw_set_scalar(L, mlirOperationGetResult(op, 0),
                lw_op1(L, "arith.index_cast", 1, &v, lw_i(L, 32)));
}

static void lower_arange(Lower *L, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  Tile t;
  if (!lw_tile(L, op, res, &t)) return;
  int64_t start = mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("start")));
  Regs out = lw_new_regs(L, res, t.nregs);
  for (int64_t r = 0; r < t.nregs; r++) {
    MlirValue c[LAYOUT_MAX_RANK];
    lw_coords(L, &t, r, c, NULL);
    out.v[r] = start ? lw_bin(L, "arith.addi", c[0], lw_ci(L, 32, start)) : c[0];
  }
}

static void lower_splat(Lower *L, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  Tile t;
  if (!lw_tile(L, op, res, &t)) return;
  MlirValue s = lw_scalar(L, mlirOperationGetOperand(op, 0));
  Regs out = lw_new_regs(L, res, t.nregs);
  for (int64_t r = 0; r < t.nregs; r++)
    out.v[r] = s;
}

/* broadcast (same layout, extents 1 -> E) and expand_dims (slice -> parent): registers stay in
 * the thread; register j of the result reads register j' of the source with j'_d = 0 where the
 * source extent is 1. */
static void lower_regmap(Lower *L, MlirOperation op) {
  MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
  Tile ts, tr;
  if (!lw_tile(L, op, src, &ts) || !lw_tile(L, op, res, &tr)) return;
  if (ts.l.rank != tr.l.rank) {
    lw_fail(L, op, "internal: register map between layouts of different ranks");
    return;
  }
  Regs in = lw_regs(L, src), out = lw_new_regs(L, res, tr.nregs);
  for (int64_t r = 0; r < tr.nregs; r++) {
    int64_t j[LAYOUT_MAX_RANK];
    tile_reg_split(&tr, r, j);
    for (int d = 0; d < tr.l.rank; d++)
      if (ts.regs[d] != tr.regs[d]) j[d] = ts.ext[d] == 1 ? 0 : j[d] % ts.regs[d];
    out.v[r] = in.v[tile_reg_join(&ts, j)];
  }
}

static void lower_unsplat(Lower *L, MlirOperation op) {
  lw_set_scalar(L, mlirOperationGetResult(op, 0), lw_regs(L, mlirOperationGetOperand(op, 0)).v[0]);
}

/* print/assert: scalars on thread 0, tiles per owned register. */
static void lower_debug(Lower *L, MlirOperation op) {
  intptr_t nops = mlirOperationGetNumOperands(op);
  MlirValue v = nops ? mlirOperationGetOperand(op, 0) : (MlirValue){NULL};
  if (!mlirValueIsNull(v) && simt_is_tensor(v)) {
    Tile t;
    if (!lw_tile(L, op, v, &t)) return;
    Regs in = lw_regs(L, v);
    for (int64_t r = 0; r < t.nregs; r++) {
      MlirValue own = lw_owner(L, &t, r);
      LwSaved s = {0};
      if (!mlirValueIsNull(own)) s = lw_if_begin(L, own);
      MlirOperation c = mlirOperationClone(op);
      mlirOperationSetOperand(c, 0, in.v[r]);
      if (!mlirOperationIsNull(L->anchor))
        mlirBlockInsertOwnedOperationBefore(L->blk, L->anchor, c);
      else
        mlirBlockAppendOwnedOperation(L->blk, c);
      if (!mlirValueIsNull(own)) lw_if_end(L, s);
    }
    return;
  }
  LwSaved s = lw_if_begin(L, lw_thread0(L));
  MlirOperation c = mlirOperationClone(op);
  if (nops) mlirOperationSetOperand(c, 0, lw_scalar(L, v));
  mlirBlockInsertOwnedOperationBefore(L->blk, L->anchor, c);
  lw_if_end(L, s);
}

/* ---- control flow ------------------------------------------------------------------------------
 */
/* The registers of values, flattened in order (for carried tiles). */
static int flatten(Lower *L, MlirOperation op, intptr_t first, intptr_t n, MlirValue *out,
                   int cap) {
  int k = 0;
  for (intptr_t i = 0; i < n; i++) {
    Regs r = lw_regs(L, mlirOperationGetOperand(op, first + i));
    for (int64_t j = 0; j < r.n; j++) {
      if (k == cap) {
        lw_fail(L, op, "too many loop-carried registers on a SIMT target (at most %d)", cap);
        return k;
      }
      out[k++] = r.v[j];
    }
  }
  return k;
}

/* Binds values (the results or block arguments `vals`, whose registers are `flat`). */
static void unflatten(Lower *L, intptr_t n, MlirValue (*val)(void *, intptr_t), void *ud,
                      const MlirValue *flat, MlirOperation op) {
  int k = 0;
  for (intptr_t i = 0; i < n; i++) {
    MlirValue v = val(ud, i);
    int64_t cnt = 1;
    if (simt_is_tensor(v)) {
      Tile t;
      if (!lw_tile(L, op, v, &t)) return;
      cnt = t.nregs;
    }
    Regs r = lw_new_regs(L, v, cnt);
    for (int64_t j = 0; j < cnt; j++)
      r.v[j] = flat[k++];
  }
}

static MlirValue result_of(void *op, intptr_t i) {
  return mlirOperationGetResult(*(MlirOperation *)op, i);
}
static MlirValue arg_of(void *blk, intptr_t i) {
  return mlirBlockGetArgument(*(MlirBlock *)blk, i);
}
static MlirValue carried_arg_of(void *blk, intptr_t i) { /* scf.for: after the induction var */
  return mlirBlockGetArgument(*(MlirBlock *)blk, 1 + i);
}

static int count_regs(Lower *L, MlirOperation op, intptr_t n, MlirValue (*val)(void *, intptr_t),
                      void *ud, MlirType *types, int cap) {
  int k = 0;
  for (intptr_t i = 0; i < n; i++) {
    MlirValue v = val(ud, i);
    MlirType t = mlirValueGetType(v);
    int64_t cnt = 1;
    if (simt_is_tensor(v)) {
      Tile tl;
      if (!lw_tile(L, op, v, &tl)) return -1;
      cnt = tl.nregs;
      t = tl.elem;
    }
    for (int64_t j = 0; j < cnt; j++) {
      if (k == cap) {
        lw_fail(L, op, "too many loop-carried registers on a SIMT target (at most %d)", cap);
        return -1;
      }
      types[k++] = t;
    }
  }
  return k;
}

enum { MAX_CARRIED = 1024 };

static void lower_for(Lower *L, MlirOperation op) {
  intptr_t n = mlirOperationGetNumResults(op);
  MlirValue *init = calloc(4 * MAX_CARRIED, sizeof(MlirValue));
  MlirValue *args = init + MAX_CARRIED, *yield = args + MAX_CARRIED, *res = yield + MAX_CARRIED;
  int k = flatten(L, op, 3, n, init, MAX_CARRIED);
  if (L->failed) {
    free(init);
    return;
  }
  MlirValue iv;
  MlirValue lb = lw_scalar(L, mlirOperationGetOperand(op, 0));
  MlirValue ub = lw_scalar(L, mlirOperationGetOperand(op, 1));
  MlirValue st = lw_scalar(L, mlirOperationGetOperand(op, 2));
  LwFor f = lw_for_begin(L, lb, ub, st, k, init, &iv, args);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  lw_set_scalar(L, mlirBlockGetArgument(body, 0), iv);
  unflatten(L, n, carried_arg_of, &body, args, op);
  lw_block(L, body);
  MlirOperation y = mlirBlockGetTerminator(body);
  int ky = flatten(L, y, 0, n, yield, MAX_CARRIED);
  if (L->failed) { /* the loop is left without a terminator; the function is discarded */
    L->blk = f.saved.blk, L->anchor = f.saved.anchor;
    free(init);
    return;
  }
  lw_for_end(L, &f, ky, yield, res);
  unflatten(L, n, result_of, &op, res, op);
  free(init);
}

static void lower_if(Lower *L, MlirOperation op) {
  intptr_t n = mlirOperationGetNumResults(op);
  MlirType *types = calloc(MAX_CARRIED, sizeof(MlirType));
  MlirValue *yield = calloc(2 * MAX_CARRIED, sizeof(MlirValue)), *res = yield + MAX_CARRIED;
  int k = count_regs(L, op, n, result_of, &op, types, MAX_CARRIED);
  if (k < 0) {
    free(types), free(yield);
    return;
  }
  MlirValue cond = lw_scalar(L, mlirOperationGetOperand(op, 0));
  MlirRegion r[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock then = new_block(0, NULL, L->loc), els = new_block(0, NULL, L->loc);
  mlirRegionAppendOwnedBlock(r[0], then);
  mlirRegionAppendOwnedBlock(r[1], els);
  MlirOperation nif = create_with_regions(L, "scf.if", 1, &cond, k, types, 2, r);
  LwSaved saved = {L->blk, L->anchor};
  MlirBlock src[2] = {mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0)),
                      mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1))};
  MlirBlock dst[2] = {then, els};
  for (int i = 0; i < 2; i++) {
    L->blk = dst[i];
    L->anchor = (MlirOperation){NULL};
    int ky = 0;
    if (!mlirBlockIsNull(src[i])) {
      lw_block(L, src[i]);
      ky = flatten(L, mlirBlockGetTerminator(src[i]), 0, n, yield, MAX_CARRIED);
    }
    lw_op(L, "scf.yield", ky, yield, 0, NULL, 0, NULL);
  }
  L->blk = saved.blk, L->anchor = saved.anchor;
  for (int i = 0; i < k; i++)
    res[i] = mlirOperationGetResult(nif, i);
  unflatten(L, n, result_of, &op, res, op);
  free(types), free(yield);
}

static void lower_while(Lower *L, MlirOperation op) {
  MlirBlock before = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirBlock after = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1));
  intptr_t nin = mlirOperationGetNumOperands(op), nres = mlirOperationGetNumResults(op);
  MlirValue *init = calloc(2 * MAX_CARRIED, sizeof(MlirValue)), *tmp = init + MAX_CARRIED;
  MlirType *tin = calloc(2 * MAX_CARRIED, sizeof(MlirType)), *tres = tin + MAX_CARRIED;
  int kin = flatten(L, op, 0, nin, init, MAX_CARRIED);
  int kb = count_regs(L, op, nin, arg_of, &before, tin, MAX_CARRIED);
  int kr = count_regs(L, op, nres, result_of, &op, tres, MAX_CARRIED);
  if (L->failed || kb < 0 || kr < 0 || kb != kin) {
    free(init), free(tin);
    return;
  }
  MlirRegion r[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock nb = new_block(kb, tin, L->loc), na = new_block(kr, tres, L->loc);
  mlirRegionAppendOwnedBlock(r[0], nb);
  mlirRegionAppendOwnedBlock(r[1], na);
  MlirOperation nw = create_with_regions(L, "scf.while", kin, init, kr, tres, 2, r);
  LwSaved saved = {L->blk, L->anchor};
  for (int i = 0; i < kb; i++)
    tmp[i] = mlirBlockGetArgument(nb, i);
  unflatten(L, nin, arg_of, &before, tmp, op);
  L->blk = nb, L->anchor = (MlirOperation){NULL};
  lw_block(L, before);
  MlirOperation cond = mlirBlockGetTerminator(before);
  tmp[0] = lw_scalar(L, mlirOperationGetOperand(cond, 0));
  int kc = flatten(L, cond, 1, mlirOperationGetNumOperands(cond) - 1, tmp + 1, MAX_CARRIED - 1);
  lw_op(L, "scf.condition", 1 + kc, tmp, 0, NULL, 0, NULL);
  for (int i = 0; i < kr; i++)
    tmp[i] = mlirBlockGetArgument(na, i);
  unflatten(L, nres, arg_of, &after, tmp, op);
  L->blk = na, L->anchor = (MlirOperation){NULL};
  lw_block(L, after);
  int ky = flatten(L, mlirBlockGetTerminator(after), 0,
                   mlirOperationGetNumOperands(mlirBlockGetTerminator(after)), tmp, MAX_CARRIED);
  lw_op(L, "scf.yield", ky, tmp, 0, NULL, 0, NULL);
  L->blk = saved.blk, L->anchor = saved.anchor;
  for (int i = 0; i < kr; i++)
    tmp[i] = mlirOperationGetResult(nw, i);
  unflatten(L, nres, result_of, &op, tmp, op);
  free(init), free(tin);
}

/* ---- the walk
 * ------------------------------------------------------------------------------------ */
static void lower_op(Lower *L, MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  L->loc = mlirOperationGetLocation(op);
  bool tensor = false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
    tensor |= simt_is_tensor(mlirOperationGetOperand(op, i));
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++)
    tensor |= simt_is_tensor(mlirOperationGetResult(op, i));
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  if (name.length == 19 && memcmp(name.data, "kgpu.convert_layout", 19) == 0) {
    lw_convert(L, op);
    return;
  }
  switch (k) {
  case KIR_OP_PROGRAM_ID:
    lower_program(L, op, "gpu.block_id");
    return;
  case KIR_OP_NUM_PROGRAMS:
    lower_program(L, op, "gpu.grid_dim");
    return;
  case KIR_OP_ARANGE:
    lower_arange(L, op);
    return;
  case KIR_OP_SPLAT:
    lower_splat(L, op);
    return;
  case KIR_OP_BROADCAST:
  case KIR_OP_EXPAND_DIMS:
    lower_regmap(L, op);
    return;
  case KIR_OP_UNSPLAT:
    lower_unsplat(L, op);
    return;
  case KIR_OP_RESHAPE:
  case KIR_OP_TRANS:
    lw_convert(L, op);
    return;
  case KIR_OP_JOIN:
    lw_join(L, op);
    return;
  case KIR_OP_SPLIT:
    lw_split(L, op);
    return;
  case KIR_OP_REDUCE:
    lw_reduce(L, op);
    return;
  case KIR_OP_SCAN:
    lw_scan(L, op);
    return;
  case KIR_OP_SORT:
    lw_sort(L, op);
    return;
  case KIR_OP_DOT:
    lw_dot(L, op);
    return;
  case KIR_OP_STORE:
  case KIR_OP_ATOMIC_RMW:
  case KIR_OP_ATOMIC_CAS:
    if (tensor)
      side_effect_tile(L, op);
    else
      side_effect_scalar(L, op);
    return;
  case KIR_OP_ASSERT:
  case KIR_OP_PRINT:
    lower_debug(L, op);
    return;
  case KIR_OP_BARRIER:
    lw_barrier(L);
    return;
  case KIR_OP_SCF_FOR:
    lower_for(L, op);
    return;
  case KIR_OP_SCF_IF:
    lower_if(L, op);
    return;
  case KIR_OP_SCF_WHILE:
    lower_while(L, op);
    return;
  case KIR_OP_SCF_YIELD:
  case KIR_OP_SCF_CONDITION:
  case KIR_OP_GPU_YIELD:
  case KIR_OP_FUNC_RETURN:
    return; /* the callers emit terminators */
  default:
    if (k == KIR_OP_UNKNOWN || !(kir_op_flags(k) & KIR_F_ELEMWISE)) {
      lw_fail(L, op, "the SIMT lowering does not support this op");
      return;
    }
    per_register(L, op, NULL);
  }
}

void lw_block(Lower *L, MlirBlock b) {
  for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op) && !L->failed;
       op = mlirOperationGetNextInBlock(op))
    lower_op(L, op);
}

/* ---- kernels
 * ------------------------------------------------------------------------------------- */
static void free_map(Lower *L) {
  for (size_t i = 0; i < L->map_cap; i++)
    free(L->map[i].regs.v);
  free(L->map);
  L->map = NULL;
  L->map_cap = L->map_len = 0;
}

static bool lower_kernel(Lower *L, MlirOperation f) {
  MlirBlock old = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  L->loc = mlirOperationGetLocation(f);
  intptr_t nargs = mlirBlockGetNumArguments(old);
  MlirType types[256];
  if (nargs > 256) {
    lw_fail(L, f, "too many kernel parameters");
    return false;
  }
  for (intptr_t i = 0; i < nargs; i++)
    types[i] = mlirValueGetType(mlirBlockGetArgument(old, i));
  MlirRegion region = mlirRegionCreate();
  L->entry = new_block(nargs, types, L->loc);
  mlirRegionAppendOwnedBlock(region, L->entry);
  MlirOperationState st = mlirOperationStateGet(kir_str("func.func"), L->loc);
  for (intptr_t i = 0; i < mlirOperationGetNumAttributes(f); i++) {
    MlirNamedAttribute a = mlirOperationGetAttribute(f, i);
    mlirOperationStateAddAttributes(&st, 1, &a);
  }
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  MlirOperation nf = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(f), f, nf);
  for (intptr_t i = 0; i < nargs; i++)
    lw_set_scalar(L, mlirBlockGetArgument(old, i), mlirBlockGetArgument(L->entry, i));

  L->blk = L->entry;
  L->anchor = (MlirOperation){NULL};
  MlirType idx = mlirIndexTypeGet(L->ctx);
  MlirNamedAttribute dim =
      lw_nattr(L, "dimension", mlirAttributeParseGet(L->ctx, kir_str("#gpu<dim x>")));
  MlirValue tid = mlirOperationGetResult(lw_op(L, "gpu.thread_id", 0, NULL, 1, &idx, 1, &dim), 0);
  L->tid = lw_op1(L, "arith.index_cast", 1, &tid, lw_i(L, 32));
  L->lane = lw_bin(L, "arith.andi", L->tid, lw_ci(L, 32, L->warp - 1));
  L->wid = lw_bin(L, "arith.shrui", L->tid, lw_ci(L, 32, simt_log2(L->warp)));
  /* the prologue anchor: a constant everything later is inserted after */
  L->prologue = mlirOpResultGetOwner(lw_ci(L, 32, 0));
  L->npos = 0;
  L->nbufs = 0;
  L->shared = 0;
  L->pool = (MlirValue){NULL};
  lw_block(L, old);
  size_pool(L);
  L->loc = mlirOperationGetLocation(f);
  lw_op(L, "func.return", 0, NULL, 0, NULL, 0, NULL);
  free_map(L);
  if (L->failed) {
    mlirOperationDestroy(nf);
    return false;
  }
  MlirType i32 = lw_i(L, 32);
  mlirOperationSetAttributeByName(nf, kir_str("kcc.threads"), mlirIntegerAttrGet(i32, L->threads));
  mlirOperationSetAttributeByName(nf, kir_str("kcc.shared"),
                                  mlirIntegerAttrGet(lw_i(L, 64), L->shared));
  mlirOperationDestroy(f);
  return true;
}

/* The unrolled registers repeat index arithmetic and constants: canonicalize and CSE fold and
 * share them (kir ops count as side-effecting there, so memory operations stay in place). */
static bool simplify(MlirModule m, Diag *d) {
  MlirPassManager pm = mlirPassManagerCreate(mlirModuleGetContext(m));
  mlirPassManagerAddOwnedPass(pm, mlirCreateTransformsCanonicalizer());
  mlirPassManagerAddOwnedPass(pm, mlirCreateTransformsCSE());
  bool ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m)));
  mlirPassManagerDestroy(pm);
  if (!ok && d->errors == 0) diag_plain(d, "internal: simplifying the per-thread IR failed");
  return ok;
}

static bool lower_module(MlirModule m, int64_t max_shared, int mma, Diag *d) {
  MlirOperation mod = mlirModuleGetOperation(m);
  Lower L = {.ctx = mlirOperationGetContext(mod), .d = d, .max_shared = max_shared, .mma = mma};
  L.warp = simt_module_int(mod, "kgpu.warp_size", 0);
  L.nwarps = simt_module_int(mod, "kgpu.num_warps", 0);
  if (L.warp < 1 || L.nwarps < 1) {
    diag_plain(d, "simt-lower: the module has no layouts (run kgpu-layout first)");
    return false;
  }
  L.threads = L.warp * L.nwarps;
  MlirBlock body = mlirModuleGetBody(m);
  MlirOperation next;
  for (MlirOperation f = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(f); f = next) {
    next = mlirOperationGetNextInBlock(f);
    if (kir_is_kernel(f) && !lower_kernel(&L, f)) return false;
  }
  return !L.failed && simplify(m, d);
}

bool simt_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  return lower_module(m, cfg->dev.shared_bytes, cfg->dev.mma, d);
}

char *simt_print_stage(MlirModule m, const KccTargetConfig *cfg, const char *stage, Diag *d,
                       size_t *size, bool *later) {
  static const struct {
    const char *stage;
    bool (*run)(MlirModule, const KccTargetConfig *, Diag *);
  } steps[] = {{"kgpu", simt_assign_layouts}, {"simt", simt_lower}};
  *later = false;
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    if (!steps[i].run(m, cfg, d)) return NULL;
    if (strcmp(stage, steps[i].stage) == 0) {
      char *s = kir_print(mlirModuleGetOperation(m), false);
      *size = s ? strlen(s) : 0;
      return s;
    }
  }
  *later = true;
  return NULL;
}

bool simt_lower_pass(MlirModule m, Diag *d) {
  int mma = simt_module_int(mlirModuleGetOperation(m), "kgpu.mma", KCC_MMA_NONE);
  if (mma != KCC_MMA_NONE && mma != KCC_MMA_EMULATED && mma != KCC_MMA_SM80) {
    diag_plain(d, "simt-lower: kgpu.mma = %d is none of 0 (no mma), 1 (emulated), 80 (sm_80)", mma);
    return false;
  }
  return lower_module(m, 32768, mma, d);
}

/*
 * lower_tile.c - the tile ops whose elements move between threads (docs/simt.md, section 2), all
 * through workgroup memory: layout conversions and shape ops (owners write, barrier, every
 * thread reads its new registers), reductions (in the thread, then one slot per thread position
 * along the axis), scans (one thread per line), sort (a bitonic network, one compare-exchange
 * per thread and step) and dot (operands as row-major tiles, an FMA loop over K; mma.c has the
 * warp matrix multiply-accumulate path).
 *
 * Every step starts with a barrier, so that a buffer is rewritten only after the threads that
 * read it last are done; buffers are shared by steps of the same element type and size.
 */
#include "lower_internal.h"

#include <stdlib.h>
#include <string.h>

void lw_write_tile(Lower *L, const Tile *t, Regs in, MlirValue buf, int64_t scale, int64_t add) {
  for (int64_t r = 0; r < t->nregs; r++) {
    MlirValue c[LAYOUT_MAX_RANK];
    lw_coords(L, t, r, c, NULL);
    MlirValue idx = lw_linear(L, t->rank, t->shape, c);
    if (scale != 1) idx = lw_bin(L, "arith.muli", idx, lw_ci(L, 32, scale));
    if (add) idx = lw_bin(L, "arith.addi", idx, lw_ci(L, 32, add));
    MlirValue own = lw_owner(L, t, r);
    LwSaved s = {0};
    if (!mlirValueIsNull(own)) s = lw_if_begin(L, own);
    lw_mstore(L, buf, idx, in.v[r]);
    if (!mlirValueIsNull(own)) lw_if_end(L, s);
  }
}

void lw_read_tile(Lower *L, const Tile *t, MlirValue buf, MlirValue res) {
  Regs out = lw_new_regs(L, res, t->nregs);
  for (int64_t r = 0; r < t->nregs; r++) {
    MlirValue c[LAYOUT_MAX_RANK];
    lw_coords(L, t, r, c, NULL);
    out.v[r] = lw_mload(L, buf, lw_linear(L, t->rank, t->shape, c), t->elem);
  }
}

static int64_t axis_attr(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("axis"));
  return mlirAttributeIsNull(a) ? 0 : mlirIntegerAttrGetValueInt(a);
}

/* ---- conversions and shape ops
 * ------------------------------------------------------------------- */
void lw_convert(Lower *L, MlirOperation op) {
  MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
  Tile ts, td;
  if (!lw_tile(L, op, src, &ts) || !lw_tile(L, op, res, &td)) return;
  bool trans = kir_op_kind(op) == KIR_OP_TRANS;
  int order[LAYOUT_MAX_RANK] = {0};
  if (trans) {
    MlirAttribute o = mlirOperationGetAttributeByName(op, kir_str("order"));
    for (int i = 0; i < td.rank; i++)
      order[i] = mlirDenseI32ArrayGetElement(o, i);
  }
  int64_t off = 0;
  MlirValue buf = lw_buf(L, op, ts.elem, ts.numel, &off);
  if (mlirValueIsNull(buf)) return;
  lw_barrier(L);
  lw_write_tile(L, &ts, lw_regs(L, src), buf, 1, 0);
  lw_barrier(L);
  Regs out = lw_new_regs(L, res, td.nregs);
  for (int64_t r = 0; r < td.nregs; r++) {
    MlirValue c[LAYOUT_MAX_RANK], sc[LAYOUT_MAX_RANK];
    lw_coords(L, &td, r, c, NULL);
    MlirValue idx;
    if (trans) {
      for (int i = 0; i < td.rank; i++)
        sc[order[i]] = c[i];
      idx = lw_linear(L, ts.rank, ts.shape, sc);
    } else {
      idx = lw_linear(L, td.rank, td.shape, c);
    }
    out.v[r] = lw_mload(L, buf, idx, td.elem);
  }
}

void lw_join(Lower *L, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  Tile ta, tb, td;
  if (!lw_tile(L, op, mlirOperationGetOperand(op, 0), &ta) ||
      !lw_tile(L, op, mlirOperationGetOperand(op, 1), &tb) || !lw_tile(L, op, res, &td))
    return;
  int64_t off = 0;
  MlirValue buf = lw_buf(L, op, td.elem, td.numel, &off);
  if (mlirValueIsNull(buf)) return;
  lw_barrier(L);
  lw_write_tile(L, &ta, lw_regs(L, mlirOperationGetOperand(op, 0)), buf, 2, 0);
  lw_write_tile(L, &tb, lw_regs(L, mlirOperationGetOperand(op, 1)), buf, 2, 1);
  lw_barrier(L);
  lw_read_tile(L, &td, buf, res);
}

void lw_split(Lower *L, MlirOperation op) {
  MlirValue src = mlirOperationGetOperand(op, 0);
  Tile ts;
  if (!lw_tile(L, op, src, &ts)) return;
  int64_t off = 0;
  MlirValue buf = lw_buf(L, op, ts.elem, ts.numel, &off);
  if (mlirValueIsNull(buf)) return;
  lw_barrier(L);
  lw_write_tile(L, &ts, lw_regs(L, src), buf, 1, 0);
  lw_barrier(L);
  for (int k = 0; k < 2; k++) {
    MlirValue res = mlirOperationGetResult(op, k);
    Tile td;
    if (!lw_tile(L, op, res, &td)) return;
    Regs out = lw_new_regs(L, res, td.nregs);
    for (int64_t r = 0; r < td.nregs; r++) {
      MlirValue c[LAYOUT_MAX_RANK];
      lw_coords(L, &td, r, c, NULL);
      MlirValue idx = lw_bin(L, "arith.muli", lw_linear(L, td.rank, td.shape, c), lw_ci(L, 32, 2));
      if (k) idx = lw_bin(L, "arith.addi", idx, lw_ci(L, 32, 1));
      out.v[r] = lw_mload(L, buf, idx, td.elem);
    }
  }
}

/* ---- combiners
 * ----------------------------------------------------------------------------------- */
void lw_combine(Lower *L, MlirOperation op, int n, const MlirValue *lhs, const MlirValue *rhs,
                MlirValue *out) {
  MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  for (int i = 0; i < n; i++) {
    lw_set_scalar(L, mlirBlockGetArgument(blk, i), lhs[i]);
    lw_set_scalar(L, mlirBlockGetArgument(blk, n + i), rhs[i]);
  }
  MlirLocation loc = L->loc;
  lw_block(L, blk);
  L->loc = loc;
  MlirOperation term = mlirBlockGetTerminator(blk);
  for (int i = 0; i < n; i++)
    out[i] = lw_scalar(L, mlirOperationGetOperand(term, i));
}

enum { MAXN = 6 };

/* ---- reduce
 * ---------------------------------------------------------------------------------------- */
void lw_reduce(Lower *L, MlirOperation op) {
  int n = (int)mlirOperationGetNumOperands(op);
  if (n > MAXN) {
    lw_fail(L, op, "reduction of more than %d tiles", MAXN);
    return;
  }
  Tile ts;
  if (!lw_tile(L, op, mlirOperationGetOperand(op, 0), &ts)) return;
  int e = layout_expanded_dim(&ts.l, (int)axis_attr(op));
  bool scalar = ts.rank == 1;
  Tile tr = ts;
  if (!scalar && !lw_tile(L, op, mlirOperationGetResult(op, 0), &tr)) return;
  int64_t ngroups = scalar ? 1 : tr.nregs;
  Regs in[MAXN];
  for (int k = 0; k < n; k++)
    in[k] = lw_regs(L, mlirOperationGetOperand(op, k));
  MlirValue *part = calloc((size_t)(ngroups * n), sizeof(MlirValue));
  int64_t *first = calloc((size_t)ngroups, sizeof(int64_t));
  bool *seen = calloc((size_t)ngroups, sizeof(bool));
  /* in the thread: registers along the axis in order */
  for (int64_t r = 0; r < ts.nregs; r++) {
    int64_t j[LAYOUT_MAX_RANK];
    tile_reg_split(&ts, r, j);
    j[e] = 0;
    int64_t g = scalar ? 0 : tile_reg_join(&tr, j);
    MlirValue x[MAXN];
    for (int k = 0; k < n; k++)
      x[k] = in[k].v[r];
    if (!seen[g]) {
      seen[g] = true;
      first[g] = tile_reg_join(&ts, j);
      memcpy(&part[g * n], x, sizeof(MlirValue) * (size_t)n);
    } else {
      lw_combine(L, op, n, &part[g * n], x, &part[g * n]);
    }
  }
  /* across the threads along the axis */
  const Layout *l = &ts.l;
  int64_t positions = (int64_t)l->tpw[e] * l->wpc[e];
  int64_t valid = ts.ext[e] >= l->spt[e] ? ts.ext[e] / l->spt[e] : 1;
  if (valid > positions) valid = positions;
  if (valid > 1 && !L->failed) {
    MlirValue bufs[MAXN];
    int64_t off = 0;
    for (int k = 0; k < n; k++) {
      MlirType et = mlirShapedTypeGetElementType(mlirValueGetType(mlirOperationGetOperand(op, k)));
      bufs[k] = lw_buf(L, op, et, (scalar ? 1 : tr.numel) * valid, &off);
      if (mlirValueIsNull(bufs[k])) goto out;
    }
    const ThreadPos *p = lw_pos(L, l);
    MlirValue pos = lw_bin(L, "arith.shrui", p->tp[e], lw_ci(L, 32, simt_log2(l->spt[e])));
    MlirValue *base = calloc((size_t)ngroups, sizeof(MlirValue));
    lw_barrier(L);
    for (int64_t g = 0; g < ngroups; g++) {
      MlirValue c[LAYOUT_MAX_RANK];
      if (scalar)
        base[g] = lw_ci(L, 32, 0);
      else {
        lw_coords(L, &tr, g, c, NULL);
        base[g] = lw_bin(L, "arith.muli", lw_linear(L, tr.rank, tr.shape, c), lw_ci(L, 32, valid));
      }
      MlirValue own = lw_owner(L, &ts, first[g]);
      LwSaved s = {0};
      if (!mlirValueIsNull(own)) s = lw_if_begin(L, own);
      for (int k = 0; k < n; k++)
        lw_mstore(L, bufs[k], lw_bin(L, "arith.addi", base[g], pos), part[g * n + k]);
      if (!mlirValueIsNull(own)) lw_if_end(L, s);
    }
    lw_barrier(L);
    for (int64_t g = 0; g < ngroups; g++) {
      MlirValue acc[MAXN], args[MAXN], x[MAXN], nw[MAXN], iv;
      for (int k = 0; k < n; k++) {
        MlirType et = mlirValueGetType(part[g * n + k]);
        acc[k] = lw_mload(L, bufs[k], base[g], et);
      }
      LwFor f =
          lw_for_begin(L, lw_ci(L, 32, 1), lw_ci(L, 32, valid), lw_ci(L, 32, 1), n, acc, &iv, args);
      MlirValue idx = lw_bin(L, "arith.addi", base[g], iv);
      for (int k = 0; k < n; k++)
        x[k] = lw_mload(L, bufs[k], idx, mlirValueGetType(part[g * n + k]));
      lw_combine(L, op, n, args, x, nw);
      lw_for_end(L, &f, n, nw, &part[g * n]);
    }
    free(base);
  }
  for (int k = 0; k < n && !L->failed; k++) {
    MlirValue res = mlirOperationGetResult(op, k);
    if (scalar) {
      lw_set_scalar(L, res, part[k]);
      continue;
    }
    Regs out = lw_new_regs(L, res, ngroups);
    for (int64_t g = 0; g < ngroups; g++)
      out.v[g] = part[g * n + k];
  }
out:
  free(part);
  free(first);
  free(seen);
}

/* ---- scan
 * ------------------------------------------------------------------------------------------ */
/* The strided loop every thread runs over [0, count): for (i = tid; i < count; i += threads). */
static LwFor thread_loop(Lower *L, int64_t count, int n, const MlirValue *init, MlirValue *iv,
                         MlirValue *args) {
  return lw_for_begin(L, L->tid, lw_ci(L, 32, count), lw_ci(L, 32, L->threads), n, init, iv, args);
}

/* Tile dimension a of t: the stride of a (row-major) and the extent. */
static int64_t stride_of(const Tile *t, int a) {
  int64_t s = 1;
  for (int i = t->rank - 1; i > a; i--)
    s *= t->shape[i];
  return s;
}

void lw_scan(Lower *L, MlirOperation op) {
  int n = (int)mlirOperationGetNumOperands(op);
  if (n > MAXN) {
    lw_fail(L, op, "scan of more than %d tiles", MAXN);
    return;
  }
  Tile ts;
  if (!lw_tile(L, op, mlirOperationGetOperand(op, 0), &ts)) return;
  int a = (int)axis_attr(op);
  MlirAttribute rv = mlirOperationGetAttributeByName(op, kir_str("reverse"));
  bool reverse = !mlirAttributeIsNull(rv) && mlirBoolAttrGetValue(rv);
  int64_t len = ts.shape[a], stride = stride_of(&ts, a), lines = ts.numel / len;
  MlirValue bufs[MAXN];
  MlirType et[MAXN];
  lw_barrier(L);
  int64_t off = 0;
  for (int k = 0; k < n; k++) {
    MlirValue v = mlirOperationGetOperand(op, k);
    et[k] = mlirShapedTypeGetElementType(mlirValueGetType(v));
    bufs[k] = lw_buf(L, op, et[k], ts.numel, &off);
    if (mlirValueIsNull(bufs[k])) return;
    lw_write_tile(L, &ts, lw_regs(L, v), bufs[k], 1, 0);
  }
  lw_barrier(L);
  if (len > 1) {
    MlirValue line, none[1];
    LwFor fl = thread_loop(L, lines, 0, NULL, &line, none);
    MlirValue outer = lw_bin(L, "arith.shrui", line, lw_ci(L, 32, simt_log2(stride)));
    MlirValue inner = lw_bin(L, "arith.andi", line, lw_ci(L, 32, stride - 1));
    MlirValue base =
        lw_bin(L, "arith.addi", lw_bin(L, "arith.muli", outer, lw_ci(L, 32, len * stride)), inner);
    MlirValue acc[MAXN] = {0}, args[MAXN] = {0}, x[MAXN] = {0}, nw[MAXN] = {0}, i, res[MAXN];
    MlirValue at0 = lw_bin(L, "arith.addi", base, lw_ci(L, 32, reverse ? (len - 1) * stride : 0));
    for (int k = 0; k < n; k++)
      acc[k] = lw_mload(L, bufs[k], at0, et[k]);
    LwFor fi =
        lw_for_begin(L, lw_ci(L, 32, 1), lw_ci(L, 32, len), lw_ci(L, 32, 1), n, acc, &i, args);
    MlirValue pos = reverse ? lw_bin(L, "arith.subi", lw_ci(L, 32, len - 1), i) : i;
    MlirValue idx =
        lw_bin(L, "arith.addi", base, lw_bin(L, "arith.muli", pos, lw_ci(L, 32, stride)));
    for (int k = 0; k < n; k++)
      x[k] = lw_mload(L, bufs[k], idx, et[k]);
    lw_combine(L, op, n, args, x, nw);
    for (int k = 0; k < n; k++)
      lw_mstore(L, bufs[k], idx, nw[k]);
    lw_for_end(L, &fi, n, nw, res);
    lw_for_end(L, &fl, 0, NULL, none);
    lw_barrier(L);
  }
  for (int k = 0; k < n; k++) {
    Tile tk = ts;
    tk.elem = et[k];
    lw_read_tile(L, &tk, bufs[k], mlirOperationGetResult(op, k));
  }
}

/* ---- sort
 * ------------------------------------------------------------------------------------------ */
static MlirValue cmpf(Lower *L, int pred, MlirValue x, MlirValue y) {
  MlirValue ops[2] = {x, y};
  MlirNamedAttribute a = lw_nattr(L, "predicate", mlirIntegerAttrGet(lw_i(L, 64), pred));
  MlirType i1 = lw_i(L, 1);
  return mlirOperationGetResult(lw_op(L, "arith.cmpf", 2, ops, 1, &i1, 1, &a), 0);
}

/* x > y in kir.sort's order: NaN above everything (all NaNs equal), -0.0 == +0.0. */
static MlirValue greater(Lower *L, MlirValue x, MlirValue y, bool is_unsigned) {
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsAInteger(t)) return lw_cmpi(L, is_unsigned ? "ugt" : "sgt", x, y);
  enum { OGT = 2, ORD = 7, UNO = 14 };
  MlirValue xnan = cmpf(L, UNO, x, x), yord = cmpf(L, ORD, y, y);
  return lw_bin(L, "arith.ori", cmpf(L, OGT, x, y), lw_bin(L, "arith.andi", xnan, yord));
}

void lw_sort(Lower *L, MlirOperation op) {
  MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
  Tile ts;
  if (!lw_tile(L, op, src, &ts)) return;
  int a = (int)axis_attr(op);
  MlirAttribute da = mlirOperationGetAttributeByName(op, kir_str("descending"));
  bool desc = !mlirAttributeIsNull(da) && mlirBoolAttrGetValue(da);
  bool uns = !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("unsigned")));
  int64_t len = ts.shape[a], stride = stride_of(&ts, a);
  int64_t off = 0;
  MlirValue buf = lw_buf(L, op, ts.elem, ts.numel, &off);
  if (mlirValueIsNull(buf)) return;
  lw_barrier(L);
  lw_write_tile(L, &ts, lw_regs(L, src), buf, 1, 0);
  lw_barrier(L);
  if (len > 1) {
    MlirValue kk, jj, lin, none[1];
    int lg = simt_log2(len);
    LwFor fk =
        lw_for_begin(L, lw_ci(L, 32, 1), lw_ci(L, 32, lg + 1), lw_ci(L, 32, 1), 0, NULL, &kk, none);
    MlirValue k = lw_bin(L, "arith.shli", lw_ci(L, 32, 1), kk);
    LwFor fj = lw_for_begin(L, lw_ci(L, 32, 0), kk, lw_ci(L, 32, 1), 0, NULL, &jj, none);
    MlirValue sh = lw_bin(L, "arith.subi", lw_bin(L, "arith.subi", kk, lw_ci(L, 32, 1)), jj);
    MlirValue j = lw_bin(L, "arith.shli", lw_ci(L, 32, 1), sh);
    LwFor fl = thread_loop(L, ts.numel, 0, NULL, &lin, none);
    MlirValue p =
        lw_bin(L, "arith.andi", lw_bin(L, "arith.shrui", lin, lw_ci(L, 32, simt_log2(stride))),
               lw_ci(L, 32, len - 1));
    MlirValue q = lw_bin(L, "arith.xori", p, j);
    LwSaved s = lw_if_begin(L, lw_cmpi(L, "ugt", q, p));
    MlirValue lin2 = lw_bin(L, "arith.addi", lin, lw_bin(L, "arith.muli", j, lw_ci(L, 32, stride)));
    MlirValue up = lw_cmpi(L, "eq", lw_bin(L, "arith.andi", p, k), lw_ci(L, 32, 0));
    if (desc) up = lw_bin(L, "arith.xori", up, lw_ci(L, 1, 1));
    MlirValue x = lw_mload(L, buf, lin, ts.elem), y = lw_mload(L, buf, lin2, ts.elem);
    MlirValue swap = lw_select(L, up, greater(L, x, y, uns), greater(L, y, x, uns));
    lw_mstore(L, buf, lin, lw_select(L, swap, y, x));
    lw_mstore(L, buf, lin2, lw_select(L, swap, x, y));
    lw_if_end(L, s);
    lw_for_end(L, &fl, 0, NULL, none);
    lw_barrier(L);
    lw_for_end(L, &fj, 0, NULL, none);
    lw_for_end(L, &fk, 0, NULL, none);
  }
  lw_read_tile(L, &ts, buf, res);
}

/* ---- dot
 * ------------------------------------------------------------------------------------------- */
static MlirValue widen(Lower *L, MlirValue v, MlirType to) {
  MlirType t = mlirValueGetType(v);
  if (mlirTypeEqual(t, to)) return v;
  if (mlirTypeIsAInteger(t)) {
    bool wider = mlirIntegerTypeGetWidth(to) > mlirIntegerTypeGetWidth(t);
    return lw_op1(L, wider ? "arith.extsi" : "arith.trunci", 1, &v, to);
  }
  if (mlirTypeIsAInteger(to)) return lw_op1(L, "arith.fptosi", 1, &v, to);
  bool wider = mlirTypeIsAF64(to) || (mlirTypeIsAF32(to) && !mlirTypeIsAF64(t));
  return lw_op1(L, wider ? "arith.extf" : "arith.truncf", 1, &v, to);
}

void lw_dot(Lower *L, MlirOperation op) {
  MlirValue a = mlirOperationGetOperand(op, 0), b = mlirOperationGetOperand(op, 1);
  MlirValue c = mlirOperationGetOperand(op, 2), res = mlirOperationGetResult(op, 0);
  Tile ta, tb, tc;
  if (!lw_tile(L, op, a, &ta) || !lw_tile(L, op, b, &tb) || !lw_tile(L, op, res, &tc)) return;
  if (lw_dot_mma(L, op)) return;
  int64_t M = ta.shape[0], K = ta.shape[1], N = tb.shape[1];
  int64_t off = 0;
  MlirValue ba = lw_buf(L, op, ta.elem, M * K, &off);
  MlirValue bb = mlirValueIsNull(ba) ? ba : lw_buf(L, op, tb.elem, K * N, &off);
  if (mlirValueIsNull(ba) || mlirValueIsNull(bb)) return;
  lw_barrier(L);
  lw_write_tile(L, &ta, lw_regs(L, a), ba, 1, 0);
  lw_write_tile(L, &tb, lw_regs(L, b), bb, 1, 0);
  lw_barrier(L);
  /* the rows and columns of this thread's accumulator registers */
  int64_t nr = tc.nregs;
  MlirValue *row = calloc((size_t)nr, sizeof(MlirValue)),
            *col = calloc((size_t)nr, sizeof(MlirValue));
  for (int64_t r = 0; r < nr; r++) {
    MlirValue cc[LAYOUT_MAX_RANK];
    lw_coords(L, &tc, r, cc, NULL);
    row[r] = lw_bin(L, "arith.muli", cc[0], lw_ci(L, 32, K));
    col[r] = cc[1];
  }
  Regs acc = lw_regs(L, c);
  MlirValue *args = calloc((size_t)nr, sizeof(MlirValue)),
            *nw = calloc((size_t)nr, sizeof(MlirValue));
  MlirValue kk;
  LwFor f =
      lw_for_begin(L, lw_ci(L, 32, 0), lw_ci(L, 32, K), lw_ci(L, 32, 1), (int)nr, acc.v, &kk, args);
  MlirValue krow = lw_bin(L, "arith.muli", kk, lw_ci(L, 32, N));
  /* one load per distinct row of a and column of b */
  int64_t j[LAYOUT_MAX_RANK];
  MlirValue *av = calloc((size_t)nr, sizeof(MlirValue)),
            *bv = calloc((size_t)nr, sizeof(MlirValue));
  bool is_float = !mlirTypeIsAInteger(tc.elem);
  for (int64_t r = 0; r < nr; r++) {
    tile_reg_split(&tc, r, j);
    int64_t rrow = tile_reg_join(&tc, (int64_t[]){j[0], 0}),
            rcol = tile_reg_join(&tc, (int64_t[]){0, j[1]});
    if (mlirValueIsNull(av[rrow]))
      av[rrow] = widen(L, lw_mload(L, ba, lw_bin(L, "arith.addi", row[r], kk), ta.elem), tc.elem);
    if (mlirValueIsNull(bv[rcol]))
      bv[rcol] = widen(L, lw_mload(L, bb, lw_bin(L, "arith.addi", krow, col[r]), tb.elem), tc.elem);
    MlirValue x = av[rrow], y = bv[rcol];
    if (is_float) {
      MlirValue ops[3] = {x, y, args[r]};
      nw[r] = lw_op1(L, "math.fma", 3, ops, tc.elem);
    } else {
      nw[r] = lw_bin(L, "arith.addi", args[r], lw_bin(L, "arith.muli", x, y));
    }
  }
  Regs out = lw_new_regs(L, res, nr);
  lw_for_end(L, &f, (int)nr, nw, out.v);
  free(row), free(col), free(args), free(nw), free(av), free(bv);
}

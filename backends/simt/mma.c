/*
 * mma.c - tl.dot through the warp matrix multiply-accumulate m16n8k16 (fp16/bf16 x fp16/bf16 +
 * fp32 -> fp32) of NVIDIA sm_80+ (docs/simt.md, "dot"), used when the device's `mma`
 * (KccDevice, KCC_MMA_*) is set and the dot fits it; lw_dot keeps the FMA loop otherwise.
 *
 * The operands go to workgroup memory as in the FMA path (row-major A: M x K, B: K x N), and so
 * does the accumulator (C: M x N fp32). The M x N result is cut into 16 x 8 tiles, which the
 * warps take in turn (tile w, w + num_warps, ...; a warp without a tile in the last round
 * computes one again and does not store it, so that every thread runs the same loop). For its
 * tile a warp loads its lanes' C fragments, runs one mma per 16 columns of K with the A and B
 * fragments loaded from the staged tiles, and stores the D fragments back into C; after a
 * barrier every thread reads its result registers (the dot's blocked layout) from C.
 *
 * Fragments, per the PTX ISA (mma.m16n8k16, .f16/.bf16 multiplicands, .f32 accumulator), with
 * g = lane >> 2 and t = lane % 4; a .b32 register holds two 16-bit elements, the lower index in
 * the low half:
 *   A (16 x 16, row): a0..a7 at row g + 8 * (i >> 1 & 1), column 2t + (i & 1) + 8 * (i >> 2)
 *   B (16 x 8, col):  b0..b3 at row (k) 2t + (i & 1) + 8 * (i >> 1), column g
 *   C, D (16 x 8):    c0..c3 at row g + 8 * (i >> 1), column 2t + (i & 1)
 *
 * KCC_MMA_SM80 emits nvvm.mma.sync (operands: 4 + 2 registers of two elements, 4 fp32; result
 * !llvm.struct of 4 fp32). KCC_MMA_EMULATED computes the same instruction through workgroup
 * memory: every lane writes its six packed registers to an exchange buffer, and each lane sums
 * the products of its D elements reading every A and B element from the lane and register that
 * holds it, the inverse of the table above written out on its own (mma_emulate), so that running
 * the emulation checks the loads and stores of the fragments.
 */
#include "lower_internal.h"

#include <mlir-c/Dialect/LLVM.h>

enum { MMA_M = 16, MMA_N = 8, MMA_K = 16, MMA_REGS_A = 4, MMA_REGS_B = 2, MMA_REGS = 6 };

/* The fragment state of one warp tile: lane coordinates, the staged tiles. */
typedef struct Mma {
  MlirType elem;  /* f16 or bf16 */
  MlirValue g, t; /* lane >> 2, lane & 3 (i32) */
  MlirValue ba, bb, bc, ex;
  int64_t M, N, K;
} Mma;

static MlirValue add(Lower *L, MlirValue x, int64_t c) {
  return c ? lw_bin(L, "arith.addi", x, lw_ci(L, 32, c)) : x;
}

static MlirValue mul(Lower *L, MlirValue x, int64_t c) {
  return lw_bin(L, "arith.muli", x, lw_ci(L, 32, c));
}

/* The 16-bit pattern of an element of buf at idx, zero-extended to i32. */
static MlirValue bits32(Lower *L, const Mma *m, MlirValue buf, MlirValue idx) {
  MlirValue v = lw_mload(L, buf, idx, m->elem);
  v = lw_op1(L, "arith.bitcast", 1, &v, lw_i(L, 16));
  return lw_op1(L, "arith.extui", 1, &v, lw_i(L, 32));
}

/* One .b32 register: the elements at lo (low half) and hi (high half) of buf. */
static MlirValue pack(Lower *L, const Mma *m, MlirValue buf, MlirValue lo, MlirValue hi) {
  MlirValue h = lw_bin(L, "arith.shli", bits32(L, m, buf, hi), lw_ci(L, 32, 16));
  return lw_bin(L, "arith.ori", bits32(L, m, buf, lo), h);
}

/* The A and B registers of this lane for the tile at (m0, n0) and K offset k0. */
static void load_ab(Lower *L, const Mma *m, MlirValue m0, MlirValue n0, MlirValue k0,
                    MlirValue *regs) {
  MlirValue col = lw_bin(L, "arith.addi", k0, mul(L, m->t, 2)); /* 2t, in K */
  for (int j = 0; j < MMA_REGS_A; j++) {                        /* a[2j], a[2j+1] */
    MlirValue row = add(L, lw_bin(L, "arith.addi", m0, m->g), 8 * (j & 1));
    MlirValue at = lw_bin(L, "arith.addi", mul(L, row, m->K), add(L, col, 8 * (j >> 1)));
    regs[j] = pack(L, m, m->ba, at, add(L, at, 1));
  }
  MlirValue n = lw_bin(L, "arith.addi", n0, m->g);
  for (int j = 0; j < MMA_REGS_B; j++) { /* b[2j], b[2j+1] */
    MlirValue k = add(L, col, 8 * j);
    MlirValue lo = lw_bin(L, "arith.addi", mul(L, k, m->N), n);
    regs[MMA_REGS_A + j] = pack(L, m, m->bb, lo, add(L, lo, m->N));
  }
}

/* The index in C of this lane's accumulator register i for the tile at (m0, n0). */
static MlirValue c_index(Lower *L, const Mma *m, MlirValue m0, MlirValue n0, int i) {
  MlirValue row = add(L, lw_bin(L, "arith.addi", m0, m->g), 8 * (i >> 1));
  MlirValue col = add(L, lw_bin(L, "arith.addi", n0, mul(L, m->t, 2)), i & 1);
  return lw_bin(L, "arith.addi", mul(L, row, m->N), col);
}

/* ---- the instruction --------------------------------------------------------------------------
 */
static MlirAttribute parse_attr(Lower *L, const char *s) {
  return mlirAttributeParseGet(L->ctx, kir_str(s));
}

static void mma_nvvm(Lower *L, const Mma *m, const MlirValue *regs, const MlirValue *c,
                     MlirValue *d) {
  bool f16 = mlirTypeIsAF16(m->elem);
  MlirValue ops[MMA_REGS + 4];
  MlirType reg = f16 ? mlirVectorTypeGet(1, (int64_t[]){2}, m->elem) : lw_i(L, 32);
  for (int j = 0; j < MMA_REGS; j++)
    ops[j] = f16 ? lw_op1(L, "llvm.bitcast", 1, &regs[j], reg) : regs[j];
  for (int i = 0; i < 4; i++)
    ops[MMA_REGS + i] = c[i];
  const char *ty = f16 ? "#nvvm.mma_type<f16>" : "#nvvm.mma_type<bf16>";
  MlirNamedAttribute attrs[] = {
      lw_nattr(L, "shape", parse_attr(L, "#nvvm.shape<m = 16, n = 8, k = 16>")),
      lw_nattr(L, "layoutA", parse_attr(L, "#nvvm.mma_layout<row>")),
      lw_nattr(L, "layoutB", parse_attr(L, "#nvvm.mma_layout<col>")),
      lw_nattr(L, "multiplicandAPtxType", parse_attr(L, ty)),
      lw_nattr(L, "multiplicandBPtxType", parse_attr(L, ty)),
      lw_nattr(L, "operandSegmentSizes",
               mlirDenseI32ArrayGet(L->ctx, 3, (int32_t[]){MMA_REGS_A, MMA_REGS_B, 4})),
  };
  MlirType f32 = mlirF32TypeGet(L->ctx);
  MlirType st = mlirLLVMStructTypeLiteralGet(L->ctx, 4, (MlirType[]){f32, f32, f32, f32}, false);
  MlirValue r = mlirOperationGetResult(
      lw_op(L, "nvvm.mma.sync", MMA_REGS + 4, ops, 1, &st, sizeof attrs / sizeof *attrs, attrs), 0);
  for (int i = 0; i < 4; i++) {
    MlirNamedAttribute pos =
        lw_nattr(L, "position", mlirDenseI64ArrayGet(L->ctx, 1, (int64_t[]){i}));
    d[i] = mlirOperationGetResult(lw_op(L, "llvm.extractvalue", 1, &r, 1, &f32, 1, &pos), 0);
  }
}

/* Element `half` (0: low, 1: high; i32) of the packed register at ex[idx], as f32. */
static MlirValue unpack(Lower *L, const Mma *m, MlirValue idx, MlirValue half) {
  MlirValue w = lw_mload(L, m->ex, idx, lw_i(L, 32));
  w = lw_bin(L, "arith.shrui", w, mul(L, half, 16));
  MlirValue h = lw_op1(L, "arith.trunci", 1, &w, lw_i(L, 16));
  MlirValue e = lw_op1(L, "arith.bitcast", 1, &h, m->elem);
  return lw_op1(L, "arith.extf", 1, &e, mlirF32TypeGet(L->ctx));
}

/* What mma.sync computes for this lane, from the registers of the whole warp. Element (r, k) of
 * A is in lane 4 (r % 8) + (k % 8) / 2, register r / 8 + 2 (k / 8), half k % 2; element (k, n)
 * of B in lane 4 n + (k % 8) / 2, register k / 8 (after A's four), half k % 2; this lane's D
 * element i is at row g + 8 (i / 2), column 2t + i % 2. */
static void mma_emulate(Lower *L, const Mma *m, const MlirValue *regs, const MlirValue *c,
                        MlirValue *d) {
  MlirValue slot = mul(L, L->tid, MMA_REGS);
  lw_barrier(L);
  for (int j = 0; j < MMA_REGS; j++)
    lw_mstore(L, m->ex, add(L, slot, j), regs[j]);
  lw_barrier(L);
  MlirValue warp0 = mul(L, L->wid, L->warp); /* the warp's lane 0 */
  MlirValue row[4], col[4], args[4], nw[4], k;
  for (int i = 0; i < 4; i++) {
    row[i] = add(L, m->g, 8 * (i >> 1));
    col[i] = add(L, mul(L, m->t, 2), i & 1);
  }
  LwFor f = lw_for_begin(L, lw_ci(L, 32, 0), lw_ci(L, 32, MMA_K), lw_ci(L, 32, 1), 4, c, &k, args);
  MlirValue half = lw_bin(L, "arith.andi", k, lw_ci(L, 32, 1));
  MlirValue kq = lw_bin(L, "arith.shrui", lw_bin(L, "arith.andi", k, lw_ci(L, 32, 7)),
                        lw_ci(L, 32, 1));                      /* (k % 8) / 2 */
  MlirValue k8 = lw_bin(L, "arith.shrui", k, lw_ci(L, 32, 3)); /* k / 8 */
  for (int i = 0; i < 4; i++) {
    MlirValue alane =
        lw_bin(L, "arith.addi", mul(L, lw_bin(L, "arith.andi", row[i], lw_ci(L, 32, 7)), 4), kq);
    MlirValue areg =
        lw_bin(L, "arith.addi", lw_bin(L, "arith.shrui", row[i], lw_ci(L, 32, 3)), mul(L, k8, 2));
    MlirValue blane = lw_bin(L, "arith.addi", mul(L, col[i], 4), kq);
    MlirValue breg = add(L, k8, MMA_REGS_A);
    MlirValue ai =
        lw_bin(L, "arith.addi", mul(L, lw_bin(L, "arith.addi", warp0, alane), MMA_REGS), areg);
    MlirValue bi =
        lw_bin(L, "arith.addi", mul(L, lw_bin(L, "arith.addi", warp0, blane), MMA_REGS), breg);
    MlirValue ops[3] = {unpack(L, m, ai, half), unpack(L, m, bi, half), args[i]};
    nw[i] = lw_op1(L, "math.fma", 3, ops, mlirF32TypeGet(L->ctx));
  }
  lw_for_end(L, &f, 4, nw, d);
}

/* ---- the dot ----------------------------------------------------------------------------------
 */
/* Whether this dot can use the mma of L: fp16 x fp16 or bf16 x bf16 into fp32, 2-D shapes that
 * tile by 16 x 8 x 16, warps of 32 threads, and the staged tiles fit in workgroup memory. */
static bool fits(Lower *L, const Tile *ta, const Tile *tb, const Tile *tc) {
  if (L->mma == KCC_MMA_NONE || L->warp != 32 || ta->rank != 2 || tb->rank != 2) return false;
  bool half = mlirTypeIsAF16(ta->elem) || mlirTypeIsABF16(ta->elem);
  if (!half || !mlirTypeEqual(ta->elem, tb->elem) || !mlirTypeIsAF32(tc->elem)) return false;
  int64_t M = ta->shape[0], K = ta->shape[1], N = tb->shape[1];
  if (M % MMA_M || N % MMA_N || K % MMA_K) return false;
  int64_t bytes = lw_buf_bytes(L, ta->elem, M * K) + lw_buf_bytes(L, tb->elem, K * N) +
                  lw_buf_bytes(L, tc->elem, M * N);
  if (L->mma == KCC_MMA_EMULATED) bytes += lw_buf_bytes(L, lw_i(L, 32), L->threads * MMA_REGS);
  return bytes <= L->max_shared;
}

bool lw_dot_mma(Lower *L, MlirOperation op) {
  MlirValue a = mlirOperationGetOperand(op, 0), b = mlirOperationGetOperand(op, 1);
  MlirValue c = mlirOperationGetOperand(op, 2), res = mlirOperationGetResult(op, 0);
  Tile ta, tb, tc, tr;
  if (!lw_tile(L, op, a, &ta) || !lw_tile(L, op, b, &tb) || !lw_tile(L, op, c, &tc) ||
      !lw_tile(L, op, res, &tr) || !fits(L, &ta, &tb, &tr))
    return false;
  Mma m = {.elem = ta.elem, .M = ta.shape[0], .K = ta.shape[1], .N = tb.shape[1]};
  int64_t off = 0;
  m.ba = lw_buf(L, op, ta.elem, m.M * m.K, &off);
  m.bb = lw_buf(L, op, tb.elem, m.K * m.N, &off);
  m.bc = lw_buf(L, op, tr.elem, m.M * m.N, &off);
  if (L->mma == KCC_MMA_EMULATED) m.ex = lw_buf(L, op, lw_i(L, 32), L->threads * MMA_REGS, &off);
  if (L->failed) return true;
  lw_barrier(L);
  lw_write_tile(L, &ta, lw_regs(L, a), m.ba, 1, 0);
  lw_write_tile(L, &tb, lw_regs(L, b), m.bb, 1, 0);
  lw_write_tile(L, &tc, lw_regs(L, c), m.bc, 1, 0);
  lw_barrier(L);
  m.g = lw_bin(L, "arith.shrui", L->lane, lw_ci(L, 32, 2));
  m.t = lw_bin(L, "arith.andi", L->lane, lw_ci(L, 32, 3));
  int64_t tiles_n = m.N / MMA_N, tiles = m.M / MMA_M * tiles_n;
  int64_t rounds = (tiles + L->nwarps - 1) / L->nwarps;
  MlirValue round, none[1];
  LwFor fr = lw_for_begin(L, lw_ci(L, 32, 0), lw_ci(L, 32, rounds), lw_ci(L, 32, 1), 0, NULL,
                          &round, none);
  MlirValue tile = lw_bin(L, "arith.addi", L->wid, mul(L, round, L->nwarps));
  MlirValue valid = lw_cmpi(L, "ult", tile, lw_ci(L, 32, tiles));
  tile = lw_bin(L, "arith.remui", tile, lw_ci(L, 32, tiles)); /* a valid tile, computed again */
  MlirValue m0 = mul(L, lw_bin(L, "arith.divui", tile, lw_ci(L, 32, tiles_n)), MMA_M);
  MlirValue n0 = mul(L, lw_bin(L, "arith.remui", tile, lw_ci(L, 32, tiles_n)), MMA_N);
  MlirValue acc[4], args[4], d[4], out[4], k0;
  for (int i = 0; i < 4; i++)
    acc[i] = lw_mload(L, m.bc, c_index(L, &m, m0, n0, i), tr.elem);
  LwFor fk =
      lw_for_begin(L, lw_ci(L, 32, 0), lw_ci(L, 32, m.K), lw_ci(L, 32, MMA_K), 4, acc, &k0, args);
  MlirValue regs[MMA_REGS];
  load_ab(L, &m, m0, n0, k0, regs);
  (L->mma == KCC_MMA_SM80 ? mma_nvvm : mma_emulate)(L, &m, regs, args, d);
  lw_for_end(L, &fk, 4, d, out);
  LwSaved s = lw_if_begin(L, valid);
  for (int i = 0; i < 4; i++)
    lw_mstore(L, m.bc, c_index(L, &m, m0, n0, i), out[i]);
  lw_if_end(L, s);
  lw_for_end(L, &fr, 0, NULL, none);
  lw_barrier(L);
  lw_read_tile(L, &tr, m.bc, res);
  return true;
}

/*
 * sort.c - kir.sort on the CPU: a bitonic sorting network run in place on a stack buffer, along
 * one axis of the tile (Triton's tl.sort is a bitonic network too: the same pairs are compared,
 * though this one flips every stage for a descending sort). The network is two scf.for loops over
 * its stages (block size k = 2..N, then partner distance j = k/2..1) around a nest over the tile
 * whose loop along the axis runs over the N/2 pairs (i, i + j) of every line; each pair is
 * exchanged without a branch (two selects). The data-independent schedule costs N/2 * log2(N) *
 * (log2(N) + 1) / 2 compare-exchanges per line.
 *
 * Order: integers signed or unsigned as the op says; floats by `<`, with NaN above +inf (every
 * NaN compares equal to every other), so NaNs end up last in an ascending sort and first in a
 * descending one, as with numpy's sort (and its reversal). -0.0 and +0.0 are equal: their order
 * among themselves is unspecified. The network is not stable, which only shows for such equal
 * but distinguishable floats.
 */
#include "cpu.h"

enum { CMPI_EQ = 0, CMPI_NE = 1, CMPI_SGT = 4, CMPI_UGT = 8, CMPF_ORD = 7, CMPF_UGT = 9 };

typedef struct Sort {
  MlirValue buf;
  int rank, axis;
  const int64_t *shape;
  bool descending, is_unsigned;
  MlirValue k, j; /* the current stage: bitonic block size and partner distance (index) */
  MlirValue high; /* -j: the bits of a pair number at and above j's */
} Sort;

/* x > y in the sort's order (NaN above everything, see the top of the file). */
static MlirValue greater(CpuB *b, const Sort *s, MlirValue x, MlirValue y) {
  if (mlirTypeIsAFloat(mlirValueGetType(x))) {
    MlirValue gt_or_nan = cpu_cmpf(b, CMPF_UGT, x, y);
    return cpu_bin(b, "arith.andi", gt_or_nan, cpu_cmpf(b, CMPF_ORD, y, y));
  }
  return cpu_cmpi(b, s->is_unsigned ? CMPI_UGT : CMPI_SGT, x, y);
}

/* The compare-exchange of pair p of the line at idx: i = p with a 0 bit inserted at j's
 * position, its partner i + j; the pair is put in ascending order when bit k of i is clear
 * (descending when set), the other way round for a descending sort. */
static void exchange(CpuB *b, const Sort *s, MlirValue *idx) {
  MlirValue p = idx[s->axis];
  MlirValue c0 = cpu_cidx(b, 0);
  MlirValue i = cpu_bin(b, "arith.addi", p, cpu_bin(b, "arith.andi", p, s->high));
  MlirValue l = cpu_bin(b, "arith.addi", i, s->j);
  MlirValue up =
      cpu_cmpi(b, s->descending ? CMPI_NE : CMPI_EQ, cpu_bin(b, "arith.andi", i, s->k), c0);
  idx[s->axis] = i;
  MlirValue x = cpu_mload(b, s->buf, s->rank, idx);
  idx[s->axis] = l;
  MlirValue y = cpu_mload(b, s->buf, s->rank, idx);
  MlirValue first = cpu_select(b, up, x, y);
  MlirValue swap = greater(b, s, first, cpu_select(b, up, y, x));
  MlirValue lo = cpu_select(b, swap, y, x);
  MlirValue hi = cpu_select(b, swap, x, y);
  idx[s->axis] = i;
  cpu_mstore(b, lo, s->buf, s->rank, idx);
  idx[s->axis] = l;
  cpu_mstore(b, hi, s->buf, s->rank, idx);
  idx[s->axis] = p;
}

/* One stage over the whole tile: a loop per dimension, the one along the axis over pairs. */
static void stage(CpuB *b, const Sort *s, int d, MlirValue *idx) {
  if (d == s->rank) {
    exchange(b, s, idx);
    return;
  }
  int64_t n = d == s->axis ? s->shape[d] / 2 : s->shape[d];
  if (n == 1) {
    idx[d] = cpu_cidx(b, 0);
    stage(b, s, d + 1, idx);
    return;
  }
  CpuFor f;
  cpu_for_begin(b, &f, cpu_cidx(b, 0), cpu_cidx(b, n), cpu_cidx(b, 1), 0, NULL, &idx[d], NULL);
  stage(b, s, d + 1, idx);
  cpu_for_end(b, &f, 0, NULL, NULL);
}

void cpu_sort_buf(CpuB *b, MlirValue buf, int rank, const int64_t *shape, int axis, bool descending,
                  bool is_unsigned) {
  int64_t n = shape[axis];
  int log2n = 0;
  while ((INT64_C(1) << log2n) < n)
    log2n++;
  if (n < 2) return;
  Sort s = {buf, rank, axis, shape, descending, is_unsigned, {NULL}, {NULL}, {NULL}};
  MlirValue c1 = cpu_cidx(b, 1), lg, t, idx[8];
  CpuFor fk, fj;
  /* for lg in 1..log2n: k = 2^lg; for t in 0..lg-1: j = k >> (t + 1) */
  cpu_for_begin(b, &fk, c1, cpu_cidx(b, log2n + 1), c1, 0, NULL, &lg, NULL);
  s.k = cpu_bin(b, "arith.shli", c1, lg);
  cpu_for_begin(b, &fj, cpu_cidx(b, 0), lg, c1, 0, NULL, &t, NULL);
  s.j = cpu_bin(b, "arith.shrui", s.k, cpu_bin(b, "arith.addi", t, c1));
  s.high = cpu_bin(b, "arith.subi", cpu_cidx(b, 0), s.j);
  stage(b, &s, 0, idx);
  cpu_for_end(b, &fj, 0, NULL, NULL);
  cpu_for_end(b, &fk, 0, NULL, NULL);
}

/*
 * dot.c - the register-blocked micro-kernel behind kir.dot on the CPU: C[M][N] += A[M][K] *
 * B[K][N] on row-major stack buffers of the compute type. A block of R rows x NV vectors of C
 * stays in registers (scf.for iter_args of vector type) while k runs; each k step loads NV
 * vectors of B, broadcasts R scalars of A and does R*NV multiply-adds (fastmath<contract>, so
 * targets with FMA fuse them). Written with the vector dialect directly because LLVM's loop
 * vectorizer does not register-block.
 */
#include "cpu.h"
#include "kir.h"

static MlirValue vload(CpuB *b, MlirValue mem, MlirValue i, MlirValue j, MlirType vt) {
  MlirValue ops[3] = {mem, i, j};
  return cpu_op1(b, "vector.load", 3, ops, vt, 0, NULL);
}

static void vstore(CpuB *b, MlirValue v, MlirValue mem, MlirValue i, MlirValue j) {
  MlirValue ops[4] = {v, mem, i, j};
  cpu_op(b, "vector.store", 4, ops, 0, NULL, 0, NULL);
}

static MlirValue madd(CpuB *b, MlirValue x, MlirValue y, MlirValue acc, bool is_float) {
  if (is_float)
    return cpu_bin_fm(b, "arith.addf", cpu_bin_fm(b, "arith.mulf", x, y, "contract"), acc,
                      "contract");
  return cpu_bin(b, "arith.addi", cpu_bin(b, "arith.muli", x, y), acc);
}

static MlirValue add_idx(CpuB *b, MlirValue x, int64_t k) {
  return k ? cpu_bin(b, "arith.addi", x, cpu_cidx(b, k)) : x;
}

/* Plain i, k, j loops (j innermost: the loop vectorizer handles it) for shapes too narrow for
 * the blocked kernel. */
static void dot_scalar(CpuB *b, MlirValue A, MlirValue B, MlirValue C, int64_t M, int64_t N,
                       int64_t K, bool is_float) {
  CpuFor fi, fk, fj;
  MlirValue i, k, j;
  cpu_for_begin(b, &fi, cpu_cidx(b, 0), cpu_cidx(b, M), cpu_cidx(b, 1), 0, NULL, &i, NULL);
  cpu_for_begin(b, &fk, cpu_cidx(b, 0), cpu_cidx(b, K), cpu_cidx(b, 1), 0, NULL, &k, NULL);
  MlirValue ik[2] = {i, k};
  MlirValue a = cpu_mload(b, A, 2, ik);
  cpu_for_begin(b, &fj, cpu_cidx(b, 0), cpu_cidx(b, N), cpu_cidx(b, 1), 0, NULL, &j, NULL);
  MlirValue kj[2] = {k, j}, ij[2] = {i, j};
  MlirValue x = madd(b, a, cpu_mload(b, B, 2, kj), cpu_mload(b, C, 2, ij), is_float);
  cpu_mstore(b, x, C, 2, ij);
  cpu_for_end(b, &fj, 0, NULL, NULL);
  cpu_for_end(b, &fk, 0, NULL, NULL);
  cpu_for_end(b, &fi, 0, NULL, NULL);
}

void cpu_dot_kernel(CpuB *b, int vec_bits, MlirValue A, MlirValue B, MlirValue C, int64_t M,
                    int64_t N, int64_t K, MlirType ct) {
  bool is_float = mlirTypeIsAFloat(ct);
  unsigned ebits = is_float ? mlirFloatTypeGetWidth(ct) : mlirIntegerTypeGetWidth(ct);
  int64_t vw = vec_bits / (int64_t)ebits;
  if (vw > N)
    vw = N;
  if (vw < 2 || (!is_float && ebits != 32)) {
    dot_scalar(b, A, B, C, M, N, K, is_float);
    return;
  }
  int64_t nv = N / vw, maxnv = vec_bits >= 512 ? 4 : 2;
  if (nv > maxnv)
    nv = maxnv;
  int64_t R = M < 4 ? M : 4;
  MlirType vt = mlirVectorTypeGet(1, &vw, ct);
  MlirValue acc[16], args[16], bv[4], res[16];
  int na = (int)(R * nv);
  CpuFor fi, fj, fk;
  MlirValue i0, j0, k;
  cpu_for_begin(b, &fi, cpu_cidx(b, 0), cpu_cidx(b, M), cpu_cidx(b, R), 0, NULL, &i0, NULL);
  cpu_for_begin(b, &fj, cpu_cidx(b, 0), cpu_cidx(b, N), cpu_cidx(b, vw * nv), 0, NULL, &j0, NULL);
  for (int64_t r = 0; r < R; r++)
    for (int64_t c = 0; c < nv; c++)
      acc[r * nv + c] = vload(b, C, add_idx(b, i0, r), add_idx(b, j0, c * vw), vt);
  cpu_for_begin(b, &fk, cpu_cidx(b, 0), cpu_cidx(b, K), cpu_cidx(b, 1), na, acc, &k, args);
  for (int64_t c = 0; c < nv; c++)
    bv[c] = vload(b, B, k, add_idx(b, j0, c * vw), vt);
  for (int64_t r = 0; r < R; r++) {
    MlirValue ik[2] = {add_idx(b, i0, r), k};
    MlirValue a = cpu_mload(b, A, 2, ik);
    MlirValue av = cpu_op1(b, "vector.broadcast", 1, &a, vt, 0, NULL);
    for (int64_t c = 0; c < nv; c++)
      args[r * nv + c] = madd(b, av, bv[c], args[r * nv + c], is_float);
  }
  cpu_for_end(b, &fk, na, args, res);
  for (int64_t r = 0; r < R; r++)
    for (int64_t c = 0; c < nv; c++)
      vstore(b, res[r * nv + c], C, add_idx(b, i0, r), add_idx(b, j0, c * vw));
  cpu_for_end(b, &fj, 0, NULL, NULL);
  cpu_for_end(b, &fi, 0, NULL, NULL);
}

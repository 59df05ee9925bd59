/*
 * dot.c - the register-blocked micro-kernel behind kir.dot on the CPU: C[M][N] += A[M][K] *
 * B[K][N] on row-major stack buffers of the compute type. A block of R rows x NV vectors of C
 * stays in registers (scf.for iter_args of vector type) while k runs; each k step loads NV
 * vectors of B, broadcasts R scalars of A and does R*NV multiply-adds (fastmath<contract>, so
 * targets with FMA fuse them). Written with the vector dialect directly because LLVM's loop
 * vectorizer does not register-block. lower_dot packs the operands into such buffers (unless
 * they are already) and accumulates in place into the buffer of a loop-carried accumulator.
 */
#include "lower_internal.h"

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
  if (vw > N) vw = N;
  if (vw < 2 || (!is_float && ebits != 32)) {
    dot_scalar(b, A, B, C, M, N, K, is_float);
    return;
  }
  int64_t nv = N / vw, maxnv = vec_bits >= 512 ? 4 : 2;
  if (nv > maxnv) nv = maxnv;
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

/* ---- kir.dot ---- */
static MlirType dot_compute_type(Cpu *c, MlirType acc) {
  if (is_half(acc)) return mlirF32TypeGet(c->b.ctx);
  return acc;
}

typedef struct PackUd {
  MlirValue src, dst;
  MlirType ct;
} PackUd;

static void pack_body(Cpu *c, const MlirValue *idx, void *ud) {
  PackUd *u = ud;
  CpuB *b = &c->b;
  MlirValue x = elem(c, u->src, idx);
  MlirType t = mlirValueGetType(x);
  if (!mlirTypeEqual(t, u->ct)) {
    if (mlirTypeIsAFloat(u->ct) && mlirTypeIsAFloat(t))
      x = cpu_cast(b,
                   mlirFloatTypeGetWidth(t) < mlirFloatTypeGetWidth(u->ct) ? "arith.extf"
                                                                           : "arith.truncf",
                   x, u->ct);
    else if (mlirTypeIsAInteger(u->ct) && mlirTypeIsAInteger(t))
      x = cpu_cast(b, "arith.extsi", x, u->ct);
    else if (mlirTypeIsAFloat(u->ct))
      x = cpu_cast(b, "arith.sitofp", x, u->ct);
  }
  cpu_mstore(b, x, u->dst, 2, idx);
}

/* A dot operand as a row-major buffer of the compute type. */
static MlirValue dot_operand(Cpu *c, MlirValue v, MlirType ct) {
  Info *in = info(c, v);
  if (in->kind == K_BUF && mlirTypeEqual(in->st, ct) && mlirTypeEqual(in->lt, ct)) return in->v;
  PackUd u = {v, cpu_alloca(&c->b, ct, 2, in->shape), ct};
  nest(c, 2, in->shape, pack_body, &u);
  return u.dst;
}

/* The buffer of the scf.for iter arg the dot result is yielded to, when the dot may accumulate
 * in place there. */
static MlirValue dot_inplace(Cpu *c, MlirOperation op) {
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirOpOperand use = mlirValueGetFirstUse(res);
  if (mlirOpOperandIsNull(use) || !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)))
    return (MlirValue){NULL};
  MlirOperation y = mlirOpOperandGetOwner(use);
  if (!is_op(y, KIR_OP_SCF_YIELD)) return (MlirValue){NULL};
  MlirBlock body = mlirOperationGetBlock(y);
  MlirOperation loop = mlirBlockGetParentOperation(body);
  if (!is_op(loop, KIR_OP_SCF_FOR) || !mlirBlockEqual(body, mlirOperationGetBlock(op)))
    return (MlirValue){NULL};
  unsigned k = mlirOpOperandGetOperandNumber(use);
  MlirValue arg = mlirBlockGetArgument(body, k + 1);
  Info *ai = info(c, arg);
  if (ai->kind != K_BUF) return (MlirValue){NULL};
  MlirValue acc = mlirOperationGetOperand(op, 2);
  int r = reach_buf(c, acc, ai->v);
  if (r > 1 || ai->uses > 1 || (ai->uses == 1 && r != 1)) return (MlirValue){NULL};
  Info *acc_i = info(c, acc);
  if (!mlirTypeEqual(ai->st, dot_compute_type(c, acc_i->lt))) return (MlirValue){NULL};
  return ai->v;
}

void lower_dot(Cpu *c, MlirOperation op) {
  MlirValue a = mlirOperationGetOperand(op, 0), bv = mlirOperationGetOperand(op, 1),
            acc = mlirOperationGetOperand(op, 2);
  Info *ai = info(c, a), *ri = info(c, mlirOperationGetResult(op, 0));
  Info *bi = info(c, bv);
  int64_t M = ai->shape[0], K = ai->shape[1], N = bi->shape[1];
  MlirType ct = dot_compute_type(c, ri->lt);
  MlirValue C = dot_inplace(c, op);
  if (mlirValueIsNull(C)) C = cpu_alloca(&c->b, ct, 2, ri->shape);
  if (!(info(c, acc)->kind == K_BUF && mlirValueEqual(info(c, acc)->v, C)))
    copy_into(c, acc, C, ct);
  MlirValue A = dot_operand(c, a, ct);
  MlirValue B = dot_operand(c, bv, ct);
  cpu_dot_kernel(&c->b, c->vec_bits, A, B, C, M, N, K, ct);
  ri->kind = K_BUF;
  ri->v = C;
  ri->st = ct;
}

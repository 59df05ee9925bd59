/*
 * cpu.h - internals of the CPU target shared by its files: a small MLIR builder (insertion at the
 * end of a block, constants and stack buffers hoisted to the function entry, scf loops and ifs),
 * the scalar math approximations and the dot micro-kernel emitter. Nothing here is visible outside
 * backends/cpu except cpu_target, cpu_lower_kir and cpu_lower_to_llvm.
 */
#ifndef KCC_BACKENDS_CPU_CPU_H
#define KCC_BACKENDS_CPU_CPU_H

#include "target.h"
#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/IR.h>
#include <stdbool.h>
#include <stdint.h>

extern const KccTarget cpu_target;

/* kir -> scf/memref/arith/math/vector/llvm (still upstream dialects). vec_bits is the SIMD
 * register width the dot micro-kernel is blocked for (128, 256, 512). */
bool cpu_lower_kir(MlirModule m, int vec_bits, Diag *d);
/* Upstream dialects -> LLVM dialect (the conversion pass pipeline). */
bool cpu_lower_to_llvm(MlirModule m, Diag *d);
/* The SIMD width in bits implied by an LLVM triple + feature string. */
int cpu_vec_bits(const KccTargetConfig *cfg);

/* ---- builder ------------------------------------------------------------------------------- */
typedef struct CpuConst {
  const void *type;
  int64_t ival;
  double fval;
  bool is_float;
  MlirValue v;
} CpuConst;

typedef struct CpuB {
  MlirContext ctx;
  MlirBlock blk;        /* ops are appended at the end of this block */
  MlirBlock entry;      /* the function's entry block */
  MlirOperation anchor; /* hoisted ops (allocas, constants) are inserted before this op */
  MlirLocation loc;     /* location given to new ops */
  CpuConst *consts;
  int nconsts, cap;
} CpuB;

/* Creates `name` with operands/results/attributes at the end of b->blk. */
MlirOperation cpu_op(CpuB *b, const char *name, intptr_t nops, const MlirValue *ops, intptr_t nres,
                     const MlirType *res, intptr_t nattrs, const MlirNamedAttribute *attrs);
MlirValue cpu_op1(CpuB *b, const char *name, intptr_t nops, const MlirValue *ops, MlirType res,
                  intptr_t nattrs, const MlirNamedAttribute *attrs);
MlirNamedAttribute cpu_nattr(CpuB *b, const char *name, MlirAttribute a);
MlirAttribute cpu_parse_attr(CpuB *b, const char *text);

MlirType cpu_int_t(CpuB *b, unsigned w);
MlirType cpu_index_t(CpuB *b);
MlirType cpu_ptr_t(CpuB *b);

/* Binary op whose result type is x's type (arith.addi, arith.mulf, ...). */
MlirValue cpu_bin(CpuB *b, const char *name, MlirValue x, MlirValue y);
MlirValue cpu_bin_fm(CpuB *b, const char *name, MlirValue x, MlirValue y, const char *fastmath);
MlirValue cpu_cmpi(CpuB *b, int pred, MlirValue x, MlirValue y);
MlirValue cpu_cmpf(CpuB *b, int pred, MlirValue x, MlirValue y);
MlirValue cpu_select(CpuB *b, MlirValue c, MlirValue x, MlirValue y);
MlirValue cpu_cast(CpuB *b, const char *name, MlirValue x, MlirType to);
/* Constants are created once per function, in the entry block. */
MlirValue cpu_cint(CpuB *b, MlirType t, int64_t v);
MlirValue cpu_cidx(CpuB *b, int64_t v);
MlirValue cpu_cfloat(CpuB *b, MlirType t, double v);
MlirValue cpu_zero(CpuB *b, MlirType t);
/* Stack buffer memref<shape x elt> allocated in the entry block. */
MlirValue cpu_alloca(CpuB *b, MlirType elt, int rank, const int64_t *shape);
MlirValue cpu_mload(CpuB *b, MlirValue mem, int rank, const MlirValue *idx);
void cpu_mstore(CpuB *b, MlirValue val, MlirValue mem, int rank, const MlirValue *idx);
MlirValue cpu_gep(CpuB *b, MlirValue ptr, MlirValue off, MlirType elt);
/* The divisor d of integer division/remainder `name` (arith.divsi, ...) of a by d, replaced by 1
 * where it would trap: d == 0 and, for signed ops, MIN / -1 (x / 0 = x, x % 0 = 0). */
MlirValue cpu_guard_divisor(CpuB *b, const char *name, MlirValue a, MlirValue d);
/* A constant `llvm.mlir.global` @name holding text[0..len) and a NUL, with linkage `linkage`
 * ("internal", "external"), created at loc and not inserted anywhere. */
MlirOperation cpu_string_global(CpuB *b, const char *name, const char *text, size_t len,
                                const char *linkage, MlirLocation loc);

typedef struct CpuFor {
  MlirOperation op;
  MlirBlock body, saved;
} CpuFor;
/* Opens `scf.for` at the end of b->blk; ops now go into its body. iv/args receive the block
 * arguments. cpu_for_end yields and returns to the enclosing block, filling results. */
void cpu_for_begin(CpuB *b, CpuFor *f, MlirValue lb, MlirValue ub, MlirValue step, int n,
                   const MlirValue *inits, MlirValue *iv, MlirValue *args);
void cpu_for_end(CpuB *b, CpuFor *f, int n, const MlirValue *yields, MlirValue *results);
/* Marks the loop `llvm.loop.unroll.disable` (the vectorizer still vectorizes it). */
void cpu_loop_no_unroll(CpuB *b, CpuFor *f);
/* ... llvm.loop.vectorize.enable = false */
void cpu_loop_no_vectorize(CpuB *b, CpuFor *f);

typedef struct CpuIf {
  MlirOperation op;
  MlirBlock then_b, else_b, saved;
  int nres;
} CpuIf;
void cpu_if_begin(CpuB *b, CpuIf *f, MlirValue cond, int nres, const MlirType *types);
void cpu_if_else(CpuB *b, CpuIf *f, const MlirValue *yields);
void cpu_if_end(CpuB *b, CpuIf *f, const MlirValue *yields, MlirValue *results);

/* ---- math (mathpoly.c) --------------------------------------------------------------------- */
/* Vectorizable f32 approximations built from arith ops; NULL value when `name` is not one. */
MlirValue cpu_math_f32(CpuB *b, const char *name, MlirValue x);

/* ---- dot (dot.c) -------------------------------------------------------------------------- */
/* C[M][N] += A[M][K] * B[K][N] on row-major memrefs of compute type ct. */
void cpu_dot_kernel(CpuB *b, int vec_bits, MlirValue A, MlirValue B, MlirValue C, int64_t M,
                    int64_t N, int64_t K, MlirType ct);

/* ---- sort (sort.c) ------------------------------------------------------------------------- */
/* Sorts memref `buf` (rank <= 8, shape `shape`) in place along `axis`, whose extent is a power
 * of two: integers signed unless is_unsigned, floats with NaN above +inf. */
void cpu_sort_buf(CpuB *b, MlirValue buf, int rank, const int64_t *shape, int axis, bool descending,
                  bool is_unsigned);

#endif

/*
 * lower_internal.h - the CPU lowering's shared state and the functions its files call across
 * one another. The lowering (kir -> scf/memref/arith/math/vector/llvm, one call of the kernel
 * runs one program) is a fusing tile emitter written as a walk that rebuilds the kernel
 * function (the C API has no type converter). Every tensor value is one of
 *   LAZY    no code: element `idx` is recomputed on demand from its defining op (elementwise ops
 *           become the same op on scalars, shape ops remap the index, arange is start + idx,
 *           addptr a GEP, a load a guarded scalar load);
 *   BUF     materialized in a stack buffer (memref.alloca in the entry block, pointers as i64);
 *   OFFSET  a loop-carried pointer/integer tile advanced by a uniform step each iteration, kept as
 *           `init + scalar accumulator` so loads through it stay contiguous (no gathers).
 * Sinks (store, reduce, scan, dot packing, yields, materializations) are scf.for nests over the
 * shape with the scalar computation inside; LLVM's loop vectorizer turns them into SIMD code.
 * Values are materialized when evaluating them on demand would repeat work (used more than once,
 * used inside a nested loop, broadcast) and their op is costly (loads, divisions, transcendental
 * math), when they are results of reduce/scan/dot/atomics/scf, and when a store would otherwise
 * be reordered before a load it follows in program order.
 *
 * The files, one job each:
 *   lower.c     the walk: one switch on the op kind (kir_ops.def) per op, tile vs scalar ops
 *   analysis.c  facts computed before emitting: uses, contiguity, uniformity, what to buffer
 *   value.c     the value model: Info table, elem() and lazy_elem(), materialization, reach
 *   scalar.c    one element of an elementwise op (arith/math/pointer casts), guarded division
 *   version.c   sink loop nests and their whole-tile versioning (range masks read as true)
 *   mem.c       loads, stores, atomics, and the load/store ordering rule
 *   reduce.c    reduce, scan, sort;  dot.c  kir.dot (with the micro-kernel)
 *   control.c   scf.for / scf.if / scf.while with tiles carried in buffers
 *   debug.c     kir.assert / kir.print runtime calls
 *   abi.c       the kernel function (6 trailing program-id args), kcc_entry_NAME, kcc_meta_NAME
 */
#ifndef KCC_BACKENDS_CPU_LOWER_INTERNAL_H
#define KCC_BACKENDS_CPU_LOWER_INTERNAL_H

#include "cpu.h"
#include "tile_facts.h"
#include "kir.h"

#include <mlir-c/Dialect/LLVM.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXR 8

enum { PI_EQ = 0, PI_NE = 1, PI_SLT = 2, PI_SLE = 3, PI_SGT = 4, PI_SGE = 5, PI_ULT = 6 };

typedef enum Kind { K_NONE, K_SCALAR, K_LAZY, K_BUF, K_OFFSET } Kind;

typedef struct Info {
  const void *key;
  Kind kind;
  MlirValue v;       /* SCALAR: the value; BUF: the memref; OFFSET: the scalar accumulator */
  MlirValue base;    /* OFFSET: the original init tile */
  MlirValue uniform; /* OFFSET iter args: the original uniform step tile */
  MlirType lt;       /* element type as computed (pointers: !llvm.ptr) */
  MlirType st;       /* BUF: element type as stored */
  MlirType pointee;  /* pointer elements: the pointee type */
  int rank;
  int64_t shape[MAXR];
  int uses;    /* tensor uses (analysis.c) */
  bool tensor; /* a tile (else a scalar) */
  bool cross;  /* used in a block other than its own */
  bool multi;  /* evaluated more than once if left LAZY (reuse, nested loops, broadcast) */
  bool mat;    /* worth a buffer: multi and its op is costly (materialized at definition) */
  bool offset, offset_int; /* a loop-carried offset tile (pointer / integer), see OFFSET */
  bool pending;            /* a LAZY load not yet evaluated (Cpu.pend) */
  MlirValue fill;          /* LAZY, while a reduction evaluates it: also store each element here */
  MlirBlock defblk;        /* deferred materialization: the block it was defined in */
  int epoch, rc[2];        /* memo of reach(): its results in Cpu.epoch, by `ident` */
} Info;

typedef struct PtrCache {
  const void *t;
  bool is_ptr;
  MlirType pointee;
} PtrCache;

typedef struct Memo {
  const void *key[MAXR + 1];
  MlirValue v;
  MlirBlock blk;
} Memo;

typedef struct Cpu {
  CpuB b; /* the builder: new ops go to the end of b.blk */
  Diag *d;
  int vec_bits;     /* SIMD width the dot micro-kernel is blocked for */
  TileFacts *facts; /* the shared tile analysis of the kernel being lowered */
  MlirModule mod;
  Info **tab; /* the Info of every kir value, by value (value.c) */
  size_t cap, n;
  Memo *memo; /* element values already computed in an enclosing block (elem's CSE) */
  size_t mcap, mn;
  MlirValue grid[6]; /* pid x/y/z, nprog x/y/z: the kernel's trailing arguments */
  Info **pend;       /* LAZY loads not yet materialized: written memory must not reorder them */
  int npend, cappend;
  Info **defer; /* tiles to materialize, deferred to their first consumer (flush_deferred) */
  int ndefer, capdefer;
  /* Masks known true where ops are being emitted (inside `scf.if mask` of a masked store or
   * atomic): a load under the same mask needs no guard of its own. */
  MlirValue guards[32];
  int nguards;
  bool failed;
  /* Mode: lowering the combiner region of a reduce/scan whose loop the vectorizer may
   * reassociate: its float add/mul/min/max get fastmath `reassoc` (scalar.c). */
  bool in_combiner;
  int epoch; /* generation of the memo of reach() */
  int nstr;  /* string globals emitted so far (debug.c) */
  PtrCache ptrcache[32];
  int nptrcache;
  MlirOperation nestfor[64]; /* the open scf.for ops of sink nests (nest_rec), outermost first */
  int nnestfor;
  /* Whole-tile mask versioning (version.c). While `fast` is set, elem() answers differently:
   * a range mask (`offs < n`) reads as the constant true, an in-range `x % n` as x, and
   * addptr_elem takes the split (unchecked) address of a fitting int32 sum; each fact relied on
   * is recorded in `used`, and the nest's version test checks exactly those. vdepth > 0 inside
   * a versioned nest (nests are not versioned again inside one, nor inside a combiner). */
  int has_rmask; /* 0 unknown, 1 the kernel has range masks, -1 it has none */
  int vdepth;
  bool fast;
  MlirValue used[16];
  int nused;
  /* check-bounds mode (the module's kcc.check_bounds; mem.c): the kir kernel, its entry block,
   * and per parameter the lowered i64 array size in bytes (INT64_MAX: unknown). */
  bool check_bounds;
  MlirOperation kfunc;
  MlirBlock kblock;
  MlirValue *bsize;
  intptr_t nkargs;
} Cpu;

/* ---- ops: kinds and flags from the op table (dialects/kir_ops.def) ---- */
static inline bool is_op(MlirOperation op, KirOpKind k) {
  return kir_op_kind(op) == k;
}

static inline unsigned op_flags(MlirOperation op) {
  return kir_op_flags(kir_op_kind(op));
}

static inline bool is_tensor(MlirType t) {
  return mlirTypeIsARankedTensor(t);
}

static inline MlirType elt_of(MlirType t) {
  return is_tensor(t) ? mlirShapedTypeGetElementType(t) : t;
}

static inline MlirOperation def_op(MlirValue v) {
  return mlirValueIsAOpResult(v) ? mlirOpResultGetOwner(v) : (MlirOperation){NULL};
}

/* Called by nest() at every index of a sink's loop nest. */
typedef void (*NestFn)(Cpu *c, const MlirValue *idx, void *ud);

/* ---- value.c: the value model ---------------------------------------------------------------- */
/* Reports a located error once; the lowering then stops. */
void fail(Cpu *c, MlirOperation op, const char *fmt, ...);
MlirType conv(Cpu *c, MlirType t); /* the type a kir scalar type computes as (!llvm.ptr) */
unsigned bytes_of(MlirType t);
bool is_half(MlirType t);
Info *info(Cpu *c, MlirValue v); /* v's Info, created on first use */
void set_scalar(Cpu *c, MlirValue orig, MlirValue v);
MlirValue scalar(Cpu *c, MlirValue orig); /* the lowered value of scalar orig */
MlirBlock def_block(MlirValue v);
int64_t numel(const Info *in);
/* Between computed (lt) and stored (st) element types: pointers as i64, halves widened. */
MlirValue to_storage(Cpu *c, MlirValue x, MlirType st);
MlirValue from_storage(Cpu *c, MlirValue x, MlirType lt);
/* Writes every element of tile src (buffer src shaped like si) into buffer dst. */
void copy_into(Cpu *c, MlirValue src, MlirValue dst, MlirType st);
void copy_buf(Cpu *c, MlirValue src, const Info *si, MlirValue dst, MlirType st);
void unpend(Cpu *c, Info *in); /* in is no longer a pending lazy load */
/* LAZY/OFFSET -> BUF now, or before the first consumer (defer_mat, flush_deferred). */
void materialize(Cpu *c, MlirValue v);
void defer_mat(Cpu *c, Info *in);
void flush_deferred(Cpu *c, MlirOperation op, Info **fused, int *nfused);
/* Element idx of tile v in the current block: read from its buffer, offset + accumulator, or
 * its defining op recomputed on demand (memoized per block). In the fast copy of a versioned
 * nest (Cpu.fast) range masks read as true and in-range remainders as their dividend. elem0 is
 * element 0 (of a uniform tile: its value). */
MlirValue elem(Cpu *c, MlirValue v, const MlirValue *idx);
MlirValue elem0(Cpu *c, MlirValue v);
/* Whether evaluating v touches tile tgt / buffer buf: 0 no, 1 only at the same index, 2 at
 * other indices too. */
int reach_tile(Cpu *c, MlirValue v, MlirValue tgt);
int reach_buf(Cpu *c, MlirValue v, MlirValue buf);

/* ---- analysis.c: facts about the kernel before it is emitted --------------------------------- */
bool uniform(Cpu *c, MlirValue v); /* every element is the same scalar */
bool lazy_op(MlirOperation op);    /* tile results are LAZY (KIR_F_PER_ELEMENT) */
void analyze(Cpu *c, MlirBlock body);
/* Compile-time value range of an integer tile built from aranges and constants. */
bool const_range(Cpu *c, MlirValue v, int64_t *lo, int64_t *hi);

/* ---- version.c: sink loop nests -------------------------------------------------------------- */
/* A loop nest over shape calling fn at every index; large enough nests (elements x inner work)
 * of a kernel with range masks are emitted twice under one scalar test: the fast copy, where
 * the facts of fast_fact hold, and the general one. */
void nest(Cpu *c, int rank, const int64_t *shape, NestFn fn, void *ud);
void nest_work(Cpu *c, int rank, const int64_t *shape, NestFn fn, void *ud, int64_t inner);
/* In the fast copy: whether range mask m reads as true, `x % n` as x, or (sums) an int32 offset
 * sum does not wrap; recorded for the version test. */
bool fast_fact(Cpu *c, MlirValue m, bool sums);
void sum_terms(Cpu *c, MlirValue v, MlirValue *terms, int *n); /* the terms of an addi tree */
/* Whether int32 sum v has terms of computable ranges, and (emit) the i1 test that it fits. */
bool sum_fits(Cpu *c, MlirValue v, bool emit, MlirValue *all);

/* ---- scalar.c: one element of an elementwise op ---------------------------------------------- */
MlirValue arith_scalar(Cpu *c, MlirOperation op, intptr_t n, MlirValue *args, MlirType rt);
MlirValue pointwise(Cpu *c, MlirOperation op, intptr_t n, MlirValue *args, Info *res);

/* ---- mem.c: memory --------------------------------------------------------------------------- */
MlirValue load_scalar(Cpu *c, MlirValue p, MlirValue mask, MlirValue other, MlirType t, bool vol);
/* check-bounds mode: load_scalar of kir.load `op` whose lowered lane address is p, checked
 * against its array inside the mask guard. */
MlirValue load_checked(Cpu *c, MlirOperation op, MlirValue p, MlirValue mask, MlirValue other,
                       MlirType t, bool vol);
/* Before an op that writes memory: pending lazy loads are materialized (unless fused). */
void flush_loads(Cpu *c, MlirOperation op);
bool writes_memory(MlirOperation op);     /* op or an op nested in it (KIR_F_WRITES) */
void lower_mem(Cpu *c, MlirOperation op); /* store, atomic_rmw, atomic_cas */

/* ---- the op lowerings (reduce.c, dot.c, control.c, debug.c) ---------------------------------- */
/* kir.reduce, also filling the deferred materializations it visits exactly once. */
void lower_reduce_filling(Cpu *c, MlirOperation op);
void lower_scan(Cpu *c, MlirOperation op);
void lower_sort(Cpu *c, MlirOperation op);
void lower_dot(Cpu *c, MlirOperation op);
void lower_for(Cpu *c, MlirOperation op);
void lower_if(Cpu *c, MlirOperation op);
void lower_while(Cpu *c, MlirOperation op);
void lower_assert(Cpu *c, MlirOperation op);
void lower_print(Cpu *c, MlirOperation op);
/* check-bounds: calls __kcc_bounds_fail("WHERE: out-of-bounds KIND through 'PARAM'", eoff, nel)
 * (weak; without it writes the message to stderr and aborts). */
void bounds_fail(Cpu *c, MlirOperation op, const char *kind, intptr_t param, MlirValue eoff,
                 MlirValue nel);
MlirStringRef kernel_arg_name(Cpu *c, intptr_t i); /* abi.c: kcc.name of kernel parameter i */

/* ---- lower.c: the walk; abi.c: one kernel --------------------------------------------------- */
void lower_op(Cpu *c, MlirOperation op);
void lower_block(Cpu *c, MlirBlock blk);
/* Rebuilds kernel f with the CPU ABI (analysis, walk, kcc_entry_NAME, kcc_meta_NAME). */
bool lower_kernel(Cpu *c, MlirOperation f);

#endif

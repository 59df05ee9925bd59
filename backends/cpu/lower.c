/*
 * lower.c - kir -> scf/memref/arith/math/vector/llvm for the CPU target: one call of the kernel
 * runs one program.
 *
 * It is a fusing tile emitter written as a walk that rebuilds the kernel function (the C API has
 * no type converter). Every tensor value is one of
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
 */
#include "cpu.h"
#include "kir.h"

#include <mlir-c/Dialect/LLVM.h>
#include <stdarg.h>
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
  int uses;
  bool tensor, cross, multi, mat, offset, offset_int, pending;
  MlirValue fill;   /* LAZY, while a reduction evaluates it: also store each element here */
  MlirBlock defblk; /* deferred materialization: the block it was defined in */
  int epoch, rc[2];
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
  CpuB b;
  Diag *d;
  int vec_bits;
  MlirModule mod;
  Info **tab;
  size_t cap, n;
  Memo *memo;
  size_t mcap, mn;
  MlirValue grid[6];
  Info **pend;
  int npend, cappend;
  Info **defer; /* tiles to materialize, deferred to their first consumer (flush_deferred) */
  int ndefer, capdefer;
  MlirValue guards[32];
  int nguards;
  bool failed, in_combiner;
  int epoch, nstr;
  PtrCache ptrcache[32];
  int nptrcache;
  MlirOperation nestfor[64]; /* the open scf.for ops of sink nests (nest_rec), outermost first */
  int nnestfor;
  /* whole-tile mask versioning (nest): */
  int has_rmask;      /* 0 unknown, 1 the kernel has range masks, -1 it has none */
  int vdepth;         /* > 0 inside a versioned nest */
  bool fast;          /* emitting the all-in-bounds copy: range masks read as true */
  MlirValue used[16]; /* range masks read as true by the fast copy */
  int nused;
} Cpu;

static MlirValue elem(Cpu *c, MlirValue v, const MlirValue *idx);
static MlirValue scalar(Cpu *c, MlirValue orig);
static void lower_block(Cpu *c, MlirBlock blk);
static void lower_op(Cpu *c, MlirOperation op);
static bool uniform(Cpu *c, MlirValue v);
static bool rem_in_range(Cpu *c, MlirValue v, bool emit, MlirValue *all);
static bool fast_fact(Cpu *c, MlirValue m, bool sums);
static bool sum_fits(Cpu *c, MlirValue v, bool emit, MlirValue *all);
static MlirValue elem0(Cpu *c, MlirValue v);
static int reach_tile(Cpu *c, MlirValue v, MlirValue tgt);

/* ---- ops -------------------------------------------------------------------------------------- */
static KirOpKind op_kind(MlirOperation op) {
  return kir_op_kind(op);
}
static bool is_op(MlirOperation op, KirOpKind k) {
  return kir_op_kind(op) == k;
}
static unsigned op_flags(MlirOperation op) {
  return kir_op_flags(kir_op_kind(op));
}

/* ---- errors ---------------------------------------------------------------------------------- */
static void fail(Cpu *c, MlirOperation op, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (!c->failed) {
    if (!mlirOperationIsNull(op))
      mlirEmitError(mlirOperationGetLocation(op), msg);
    else
      diag_plain(c->d, "%s", msg);
  }
  c->failed = true;
}

/* ---- types ----------------------------------------------------------------------------------- */
static bool is_tensor(MlirType t) {
  return mlirTypeIsARankedTensor(t);
}
static MlirType elt_of(MlirType t) {
  return is_tensor(t) ? mlirShapedTypeGetElementType(t) : t;
}

static bool kptr(Cpu *c, MlirType t, MlirType *pointee) {
  for (int i = 0; i < c->nptrcache; i++)
    if (c->ptrcache[i].t == t.ptr) {
      if (pointee)
        *pointee = c->ptrcache[i].pointee;
      return c->ptrcache[i].is_ptr;
    }
  bool p = !mlirTypeIsAInteger(t) && !mlirTypeIsAFloat(t) && !mlirTypeIsAIndex(t) &&
           kir_is_ptr_type(t);
  MlirType pt = p ? kir_ptr_pointee(t) : (MlirType){NULL};
  if (c->nptrcache < 32)
    c->ptrcache[c->nptrcache++] = (PtrCache){t.ptr, p, pt};
  if (pointee)
    *pointee = pt;
  return p;
}

/* The type a kir scalar type computes as. */
static MlirType conv(Cpu *c, MlirType t) {
  MlirType pt;
  if (kptr(c, t, &pt)) {
    (void)pt;
    return cpu_ptr_t(&c->b);
  }
  return t;
}

static unsigned bytes_of(MlirType t) {
  if (mlirTypeIsAInteger(t))
    return (mlirIntegerTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAFloat(t))
    return mlirFloatTypeGetWidth(t) / 8;
  return 8;
}

static bool is_half(MlirType t) {
  return mlirTypeIsAF16(t) || mlirTypeIsABF16(t);
}

/* ---- value table ------------------------------------------------------------------------------ */
static size_t hash_ptr(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x;
}

static Info *info_find(Cpu *c, MlirValue v) {
  if (!c->cap)
    return NULL;
  for (size_t i = hash_ptr(v.ptr) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
    if (!c->tab[i])
      return NULL;
    if (c->tab[i]->key == v.ptr)
      return c->tab[i];
  }
}

static Info *info(Cpu *c, MlirValue v) {
  Info *in = info_find(c, v);
  if (in)
    return in;
  if (2 * (c->n + 1) > c->cap) {
    size_t ncap = c->cap ? c->cap * 2 : 1024;
    Info **nt = calloc(ncap, sizeof *nt);
    for (size_t i = 0; i < c->cap; i++)
      if (c->tab[i]) {
        size_t j = hash_ptr(c->tab[i]->key) & (ncap - 1);
        while (nt[j])
          j = (j + 1) & (ncap - 1);
        nt[j] = c->tab[i];
      }
    free(c->tab);
    c->tab = nt;
    c->cap = ncap;
  }
  in = calloc(1, sizeof *in);
  in->key = v.ptr;
  MlirType t = mlirValueGetType(v);
  in->tensor = is_tensor(t);
  MlirType et = elt_of(t);
  in->lt = conv(c, et);
  kptr(c, et, &in->pointee);
  in->st = mlirTypeIsALLVMPointerType(in->lt) ? cpu_int_t(&c->b, 64) : in->lt;
  if (in->tensor) {
    in->rank = (int)mlirShapedTypeGetRank(t);
    for (int i = 0; i < in->rank && i < MAXR; i++)
      in->shape[i] = mlirShapedTypeGetDimSize(t, i);
  }
  in->kind = in->tensor ? K_LAZY : K_NONE;
  size_t j = hash_ptr(v.ptr) & (c->cap - 1);
  while (c->tab[j])
    j = (j + 1) & (c->cap - 1);
  c->tab[j] = in;
  c->n++;
  return in;
}

static void set_scalar(Cpu *c, MlirValue orig, MlirValue v) {
  Info *in = info(c, orig);
  in->kind = K_SCALAR;
  in->v = v;
}

static MlirValue scalar(Cpu *c, MlirValue orig) {
  Info *in = info_find(c, orig);
  if (!in || in->kind != K_SCALAR) {
    fail(c, (MlirOperation){NULL}, "internal: CPU lowering uses a scalar before its definition");
    return cpu_zero(&c->b, conv(c, mlirValueGetType(orig)));
  }
  return in->v;
}

static MlirOperation def_op(MlirValue v) {
  return mlirValueIsAOpResult(v) ? mlirOpResultGetOwner(v) : (MlirOperation){NULL};
}

static MlirBlock def_block(MlirValue v) {
  if (mlirValueIsABlockArgument(v))
    return mlirBlockArgumentGetOwner(v);
  return mlirOperationGetBlock(mlirOpResultGetOwner(v));
}

static int64_t numel(const Info *in) {
  int64_t n = 1;
  for (int i = 0; i < in->rank; i++)
    n *= in->shape[i];
  return n;
}

/* ---- memo of element values (CSE within one loop body) ------------------------------------- */
static bool encloses(MlirBlock outer, MlirBlock inner) {
  while (!mlirBlockIsNull(inner)) {
    if (mlirBlockEqual(outer, inner))
      return true;
    MlirOperation p = mlirBlockGetParentOperation(inner);
    if (mlirOperationIsNull(p))
      return false;
    inner = mlirOperationGetBlock(p);
  }
  return false;
}

static size_t memo_hash(const void *const *k) {
  size_t h = 0;
  for (int i = 0; i <= MAXR; i++)
    h = h * 31 + hash_ptr(k[i]);
  return h;
}

static Memo *memo_slot(Cpu *c, const void *const *k) {
  if (2 * (c->mn + 1) > c->mcap) {
    size_t ncap = c->mcap ? c->mcap * 2 : 4096;
    Memo *nt = calloc(ncap, sizeof *nt);
    for (size_t i = 0; i < c->mcap; i++)
      if (c->memo[i].key[0]) {
        size_t j = memo_hash(c->memo[i].key) & (ncap - 1);
        while (nt[j].key[0])
          j = (j + 1) & (ncap - 1);
        nt[j] = c->memo[i];
      }
    free(c->memo);
    c->memo = nt;
    c->mcap = ncap;
  }
  size_t i = memo_hash(k) & (c->mcap - 1);
  while (c->memo[i].key[0] && memcmp(c->memo[i].key, k, sizeof c->memo[i].key) != 0)
    i = (i + 1) & (c->mcap - 1);
  return &c->memo[i];
}

/* ---- analysis ---------------------------------------------------------------------------------- */
/* How a tile's elements move along its last dimension: 0 when they do not (uniform along it, or
 * it has extent 1), 1 when consecutive elements differ by exactly one (offsets built from arange
 * by adds of such tiles), -1 otherwise or unknown. */
static int last_stride(Cpu *c, MlirValue v, int depth) {
  if (!is_tensor(mlirValueGetType(v)))
    return 0;
  MlirOperation op = def_op(v);
  KirOpKind kind = op_kind(op);
  if (mlirOperationIsNull(op) || depth > 64)
    return -1;
  Info *in = info(c, v);
  if (in->rank > 0 && in->shape[in->rank - 1] == 1)
    return 0;
  if (uniform(c, v))
    return 0;
  if (kind == KIR_OP_ARANGE)
    return 1;
  if (kind == KIR_OP_EXPAND_DIMS || kind == KIR_OP_BROADCAST) {
    Info *s = info(c, mlirOperationGetOperand(op, 0));
    if (kind == KIR_OP_BROADCAST && s->rank != in->rank)
      return -1;
    if (kind == KIR_OP_EXPAND_DIMS) {
      int axis =
          (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
      if (axis == in->rank - 1)
        return 0;
    }
    if (s->rank > 0 && s->shape[s->rank - 1] == 1)
      return 0;
    return last_stride(c, mlirOperationGetOperand(op, 0), depth + 1);
  }
  if (kind == KIR_OP_ARITH_EXTSI || kind == KIR_OP_ARITH_EXTUI ||
      kind == KIR_OP_ARITH_INDEX_CAST)
    return last_stride(c, mlirOperationGetOperand(op, 0), depth + 1);
  if (kind == KIR_OP_ARITH_ADDI || kind == KIR_OP_ADDPTR) {
    int a = last_stride(c, mlirOperationGetOperand(op, 0), depth + 1);
    int b = a < 0 ? -1 : last_stride(c, mlirOperationGetOperand(op, 1), depth + 1);
    return a < 0 || b < 0 || a + b > 1 ? -1 : a + b;
  }
  if (kind == KIR_OP_ARITH_SUBI) {
    int a = last_stride(c, mlirOperationGetOperand(op, 0), depth + 1);
    return a >= 0 && last_stride(c, mlirOperationGetOperand(op, 1), depth + 1) == 0 ? a : -1;
  }
  return -1;
}

/* Loads are worth a stack buffer when they are used several times, unless their addresses are
 * consecutive (or the same) along the last dimension: loading such a tile again (from L1, as
 * vector loads) costs what reading the buffer back does, and saves writing it. Volatile loads
 * are always read once. */
static bool expensive(Cpu *c, MlirOperation op) {
  if (is_op(op, KIR_OP_LOAD)) /* a volatile load is read once: its uses must agree */
    return !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("volatile"))) ||
           last_stride(c, mlirOperationGetOperand(op, 0), 0) < 0;
  return (op_flags(op) & KIR_F_COSTLY) != 0;
}

/* True when every element of the tile is the same scalar (splats and ops on splats). */
static bool uniform(Cpu *c, MlirValue v) {
  if (!is_tensor(mlirValueGetType(v)))
    return true;
  MlirOperation op = def_op(v);
  KirOpKind k = op_kind(op); /* KIR_OP_UNKNOWN for a block argument */
  switch (k) {
  case KIR_OP_SPLAT:
    return true;
  case KIR_OP_ARITH_CONSTANT: {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    return mlirAttributeIsADenseElements(a) && mlirDenseElementsAttrIsSplat(a);
  }
  case KIR_OP_BROADCAST:
  case KIR_OP_EXPAND_DIMS:
  case KIR_OP_RESHAPE:
  case KIR_OP_TRANS:
    return uniform(c, mlirOperationGetOperand(op, 0));
  default:
    break;
  }
  if (kir_op_dialect(k) == KIR_D_ARITH || k == KIR_OP_ADDPTR) {
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
      if (!uniform(c, mlirOperationGetOperand(op, i)))
        return false;
    return true;
  }
  return false;
}

/* Recognises `yield addptr(arg, uniform)` / `yield addi(arg, uniform)` iter args. */
static void find_offsets(Cpu *c, MlirOperation forop) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(forop, 0));
  MlirOperation y = mlirBlockGetTerminator(body);
  intptr_t n = mlirOperationGetNumResults(forop);
  for (intptr_t k = 0; k < n; k++) {
    MlirValue arg = mlirBlockGetArgument(body, k + 1);
    if (!is_tensor(mlirValueGetType(arg)))
      continue;
    MlirValue yv = mlirOperationGetOperand(y, k);
    MlirOperation d = def_op(yv);
    if (mlirOperationIsNull(d))
      continue;
    MlirValue u = {NULL};
    bool is_int = false;
    if (is_op(d, KIR_OP_ADDPTR) && mlirValueEqual(mlirOperationGetOperand(d, 0), arg))
      u = mlirOperationGetOperand(d, 1);
    else if (is_op(d, KIR_OP_ARITH_ADDI)) {
      is_int = true;
      if (mlirValueEqual(mlirOperationGetOperand(d, 0), arg))
        u = mlirOperationGetOperand(d, 1);
      else if (mlirValueEqual(mlirOperationGetOperand(d, 1), arg))
        u = mlirOperationGetOperand(d, 0);
    }
    if (mlirValueIsNull(u) || !uniform(c, u))
      continue;
    Info *ia = info(c, arg), *ir = info(c, mlirOperationGetResult(forop, k));
    ia->offset = ir->offset = true;
    ia->offset_int = ir->offset_int = is_int;
    ia->uniform = ir->uniform = u;
  }
}

typedef struct OpList {
  MlirOperation *ops;
  int n, cap;
} OpList;

static void collect(Cpu *c, MlirBlock blk, OpList *l) {
  for (MlirOperation op = mlirBlockGetFirstOperation(blk); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (l->n == l->cap) {
      l->cap = l->cap ? l->cap * 2 : 256;
      l->ops = realloc(l->ops, (size_t)l->cap * sizeof *l->ops);
    }
    l->ops[l->n++] = op;
    for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++)
      info(c, mlirOperationGetResult(op, i));
    for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
      for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
           b = mlirBlockGetNextInRegion(b)) {
        for (intptr_t a = 0; a < mlirBlockGetNumArguments(b); a++)
          info(c, mlirBlockGetArgument(b, a));
        collect(c, b, l);
      }
    if (is_op(op, KIR_OP_SCF_FOR))
      find_offsets(c, op);
  }
}

/* Ops whose tile results are LAZY: an element can be computed alone, on demand. */
static bool lazy_op(MlirOperation op) {
  return (op_flags(op) & KIR_F_PER_ELEMENT) != 0;
}

static void analyze(Cpu *c, MlirBlock body) {
  OpList l = {0};
  for (intptr_t a = 0; a < mlirBlockGetNumArguments(body); a++)
    info(c, mlirBlockGetArgument(body, a));
  collect(c, body, &l);
  /* uses and cross-region uses */
  for (int i = 0; i < l.n; i++) {
    MlirOperation op = l.ops[i];
    MlirBlock ob = mlirOperationGetBlock(op);
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); k++) {
      MlirValue v = mlirOperationGetOperand(op, k);
      Info *in = info(c, v);
      if (!in->tensor)
        continue;
      in->uses++;
      if (!mlirBlockEqual(def_block(v), ob))
        in->cross = true;
    }
  }
  for (int i = 0; i < l.n; i++)
    for (intptr_t r = 0; r < mlirOperationGetNumResults(l.ops[i]); r++) {
      Info *in = info(c, mlirOperationGetResult(l.ops[i], r));
      in->multi = in->uses > 1 || in->cross;
    }
  /* evaluation multiplicity flows from users to operands of lazy ops */
  for (int i = l.n - 1; i >= 0; i--) {
    MlirOperation op = l.ops[i];
    bool multi = false;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); r++)
      multi |= info(c, mlirOperationGetResult(op, r))->multi;
    bool grows = is_op(op, KIR_OP_JOIN) || is_op(op, KIR_OP_SPLIT);
    if (is_op(op, KIR_OP_BROADCAST)) {
      Info *s = info(c, mlirOperationGetOperand(op, 0));
      Info *d = info(c, mlirOperationGetResult(op, 0));
      grows = numel(s) != numel(d);
    }
    if (is_op(op, KIR_OP_SCF_FOR)) {
      intptr_t n = mlirOperationGetNumResults(op);
      for (intptr_t k = 0; k < n; k++)
        if (info(c, mlirOperationGetResult(op, k))->offset)
          info(c, mlirOperationGetOperand(op, 3 + k))->multi = true;
      continue;
    }
    if (!lazy_op(op) || !(multi || grows))
      continue;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); k++) {
      Info *in = info(c, mlirOperationGetOperand(op, k));
      if (in->tensor)
        in->multi = true;
    }
  }
  for (int i = 0; i < l.n; i++) {
    MlirOperation op = l.ops[i];
    if (!lazy_op(op) || !expensive(c, op))
      continue;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); r++) {
      Info *in = info(c, mlirOperationGetResult(op, r));
      in->mat = in->tensor && in->multi;
    }
  }
  free(l.ops);
}

/* ---- loop nests ------------------------------------------------------------------------------- */
typedef void (*NestFn)(Cpu *c, const MlirValue *idx, void *ud);

static void nest_rec(Cpu *c, int d, int rank, const int64_t *shape, MlirValue *idx, NestFn fn,
                     void *ud) {
  if (d == rank) {
    fn(c, idx, ud);
    return;
  }
  if (shape[d] == 1) {
    idx[d] = cpu_cidx(&c->b, 0);
    nest_rec(c, d + 1, rank, shape, idx, fn, ud);
    return;
  }
  CpuFor f;
  cpu_for_begin(&c->b, &f, cpu_cidx(&c->b, 0), cpu_cidx(&c->b, shape[d]), cpu_cidx(&c->b, 1), 0,
                NULL, &idx[d], NULL);
  /* The innermost loop of a nest runs along contiguous memory: keep LLVM from fully unrolling
   * it (the loop vectorizer would then vectorize the outer loop across rows, with gathers and
   * scatters) so that it is vectorized itself, with plain or masked vector loads and stores. */
  bool innermost = true, outer = false;
  for (int e = d + 1; e < rank; e++)
    innermost &= shape[e] == 1;
  for (int e = 0; e < d; e++)
    outer |= shape[e] > 1;
  if (innermost && outer && shape[d] >= 8)
    cpu_loop_no_unroll(&c->b, &f);
  if (c->nnestfor < 64)
    c->nestfor[c->nnestfor] = f.op;
  c->nnestfor++;
  nest_rec(c, d + 1, rank, shape, idx, fn, ud);
  c->nnestfor--;
  cpu_for_end(&c->b, &f, 0, NULL, NULL);
}

/* ---- whole-tile mask versioning ---------------------------------------------------------------
 * A "range mask" is an i1 tile built from comparisons of integer tiles whose per-tile minimum and
 * maximum are cheap scalars: `splat(s) + arange(a, b) < splat(n)` (the `offs < n` idiom), through
 * broadcast/expand_dims/reshape/extsi and `&`. For such a mask, "every element is true" is one
 * scalar test per tile. nest() emits a sink twice under `scf.if (all range masks it reads are
 * true)`: the then-copy reads those masks as the constant true (unmasked loads/stores, which LLVM
 * vectorizes without masking), the else-copy is the ordinary masked code (partial tiles). */
static bool range_of(Cpu *c, MlirValue v, bool emit, MlirValue *lo, MlirValue *hi, MlirValue *ok,
                     int depth) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(v);
  MlirType et = elt_of(t);
  if (depth > 12 || !mlirTypeIsAInteger(et))
    return false;
  unsigned w = mlirIntegerTypeGetWidth(et);
  if (w != 32 && w != 64)
    return false;
  MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
  if (!is_tensor(t)) {
    if (emit) {
      MlirValue x = scalar(c, v);
      *lo = *hi = w == 64 ? x : cpu_cast(b, "arith.extsi", x, i64);
    }
    return true;
  }
  if (mlirValueIsABlockArgument(v))
    return false;
  MlirOperation op = mlirOpResultGetOwner(v);
  KirOpKind kind = op_kind(op);
  if (kind == KIR_OP_ARANGE) {
    MlirAttribute s = mlirOperationGetAttributeByName(op, kir_str("start"));
    int64_t start = mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
    int64_t n = mlirShapedTypeGetDimSize(t, 0);
    if (emit) {
      *lo = cpu_cint(b, i64, start);
      *hi = cpu_cint(b, i64, start + n - 1);
    }
    return true;
  }
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (!mlirAttributeIsADenseElements(a) || !mlirDenseElementsAttrIsSplat(a))
      return false;
    if (emit) {
      int64_t k = w == 64 ? mlirDenseElementsAttrGetInt64SplatValue(a)
                          : mlirDenseElementsAttrGetInt32SplatValue(a);
      *lo = *hi = cpu_cint(b, i64, k);
    }
    return true;
  }
  if (kind == KIR_OP_SPLAT || kind == KIR_OP_BROADCAST ||
      kind == KIR_OP_EXPAND_DIMS || kind == KIR_OP_RESHAPE) {
    MlirValue x = mlirOperationGetOperand(op, 0);
    if (mlirIntegerTypeGetWidth(elt_of(mlirValueGetType(x))) != w)
      return false;
    return range_of(c, x, emit, lo, hi, ok, depth + 1);
  }
  if (kind == KIR_OP_ARITH_EXTSI) {
    MlirValue x = mlirOperationGetOperand(op, 0);
    if (w != 64 || !mlirTypeIsAInteger(elt_of(mlirValueGetType(x))) ||
        mlirIntegerTypeGetWidth(elt_of(mlirValueGetType(x))) != 32)
      return false;
    return range_of(c, x, emit, lo, hi, ok, depth + 1);
  }
  if (kind == KIR_OP_ARITH_MULI && w == 32 &&
      (uniform(c, mlirOperationGetOperand(op, 0)) || uniform(c, mlirOperationGetOperand(op, 1)))) {
    MlirValue al, ah, bl, bh;
    if (!range_of(c, mlirOperationGetOperand(op, 0), emit, &al, &ah, ok, depth + 1) ||
        !range_of(c, mlirOperationGetOperand(op, 1), emit, &bl, &bh, ok, depth + 1))
      return false;
    if (emit) {
      /* i32 ranges: the i64 products of the bounds are exact; the extremes are among them */
      MlirValue p[4] = {cpu_bin(b, "arith.muli", al, bl), cpu_bin(b, "arith.muli", al, bh),
                        cpu_bin(b, "arith.muli", ah, bl), cpu_bin(b, "arith.muli", ah, bh)};
      *lo = *hi = p[0];
      for (int i = 1; i < 4; i++) {
        *lo = cpu_bin(b, "arith.minsi", *lo, p[i]);
        *hi = cpu_bin(b, "arith.maxsi", *hi, p[i]);
      }
      MlirValue f = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, *lo, cpu_cint(b, i64, INT32_MIN)),
                            cpu_cmpi(b, PI_SLE, *hi, cpu_cint(b, i64, INT32_MAX)));
      *ok = mlirValueIsNull(*ok) ? f : cpu_bin(b, "arith.andi", *ok, f);
    }
    return true;
  }
  if ((kind == KIR_OP_ARITH_REMSI || kind == KIR_OP_ARITH_REMUI) && c->fast &&
      fast_fact(c, v, false)) /* the fast copy reads it as its dividend */
    return range_of(c, mlirOperationGetOperand(op, 0), emit, lo, hi, ok, depth + 1);
  if (kind == KIR_OP_ARITH_REMSI && uniform(c, mlirOperationGetOperand(op, 1))) {
    /* x % n is within [-|n|, |n|] (n == 0 reads as 1, see guard_divisor) */
    MlirValue nl, nh;
    if (!range_of(c, mlirOperationGetOperand(op, 1), emit, &nl, &nh, ok, depth + 1))
      return false;
    if (emit) {
      MlirValue neg = cpu_bin(b, "arith.subi", cpu_cint(b, i64, 0), nl);
      *hi = cpu_bin(b, "arith.maxsi", cpu_bin(b, "arith.maxsi", nl, neg), cpu_cint(b, i64, 1));
      *lo = cpu_bin(b, "arith.subi", cpu_cint(b, i64, 0), *hi);
    }
    return true;
  }
  if (kind == KIR_OP_ARITH_ADDI && w == 32) {
    MlirValue al, ah, bl, bh;
    if (!range_of(c, mlirOperationGetOperand(op, 0), emit, &al, &ah, ok, depth + 1) ||
        !range_of(c, mlirOperationGetOperand(op, 1), emit, &bl, &bh, ok, depth + 1))
      return false;
    if (emit) {
      /* i32 operands sign-extended: the i64 sums are exact; the i32 adds do not wrap iff they
       * fit, and then the element range is [lo, hi] */
      *lo = cpu_bin(b, "arith.addi", al, bl);
      *hi = cpu_bin(b, "arith.addi", ah, bh);
      MlirValue f1 = cpu_cmpi(b, PI_SGE, *lo, cpu_cint(b, i64, INT32_MIN));
      MlirValue f2 = cpu_cmpi(b, PI_SLE, *hi, cpu_cint(b, i64, INT32_MAX));
      MlirValue f = cpu_bin(b, "arith.andi", f1, f2);
      *ok = mlirValueIsNull(*ok) ? f : cpu_bin(b, "arith.andi", *ok, f);
    }
    return true;
  }
  return false;
}

/* Whether every element of i1 tile m is true, as an i1 (emit), or whether m is a range mask. */
static bool mask_all(Cpu *c, MlirValue m, bool emit, MlirValue *all, int depth) {
  MlirType t = mlirValueGetType(m);
  if (depth > 8 || !is_tensor(t) || mlirValueIsABlockArgument(m))
    return false;
  MlirType et = elt_of(t);
  if (!mlirTypeIsAInteger(et) || mlirIntegerTypeGetWidth(et) != 1)
    return false;
  MlirOperation op = mlirOpResultGetOwner(m);
  KirOpKind kind = op_kind(op);
  CpuB *b = &c->b;
  if (kind == KIR_OP_ARITH_ANDI) {
    MlirValue x, y;
    if (!mask_all(c, mlirOperationGetOperand(op, 0), emit, &x, depth + 1) ||
        !mask_all(c, mlirOperationGetOperand(op, 1), emit, &y, depth + 1))
      return false;
    if (emit)
      *all = cpu_bin(b, "arith.andi", x, y);
    return true;
  }
  if (kind == KIR_OP_BROADCAST || kind == KIR_OP_EXPAND_DIMS ||
      kind == KIR_OP_RESHAPE)
    return mask_all(c, mlirOperationGetOperand(op, 0), emit, all, depth + 1);
  if (kind != KIR_OP_ARITH_CMPI)
    return false;
  MlirAttribute pa = mlirOperationGetAttributeByName(op, kir_str("predicate"));
  int64_t pred = mlirAttributeIsNull(pa) ? -1 : mlirIntegerAttrGetValueInt(pa);
  if (pred < PI_SLT || pred > PI_ULT)
    return false;
  MlirValue al, ah, bl, bh, ok = {NULL};
  if (!range_of(c, mlirOperationGetOperand(op, 0), emit, &al, &ah, &ok, 0) ||
      !range_of(c, mlirOperationGetOperand(op, 1), emit, &bl, &bh, &ok, 0))
    return false;
  if (!emit)
    return true;
  MlirValue r;
  switch (pred) {
  case PI_SLT: r = cpu_cmpi(b, PI_SLT, ah, bl); break;
  case PI_SLE: r = cpu_cmpi(b, PI_SLE, ah, bl); break;
  case PI_SGT: r = cpu_cmpi(b, PI_SGT, al, bh); break;
  case PI_SGE: r = cpu_cmpi(b, PI_SGE, al, bh); break;
  default: { /* ult: both sides non-negative, then signed */
    MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
    MlirValue z = cpu_cint(b, i64, 0);
    r = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SLT, ah, bl),
                cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, al, z), cpu_cmpi(b, PI_SGE, bl, z)));
  }
  }
  *all = mlirValueIsNull(ok) ? r : cpu_bin(b, "arith.andi", r, ok);
  return true;
}

static bool has_rmask_rec(Cpu *c, MlirOperation op) {
  if ((is_op(op, KIR_OP_LOAD) && mlirOperationGetNumOperands(op) > 1 &&
       mask_all(c, mlirOperationGetOperand(op, 1), false, NULL, 0)) ||
      (is_op(op, KIR_OP_STORE) && mlirOperationGetNumOperands(op) > 2 &&
       mask_all(c, mlirOperationGetOperand(op, 2), false, NULL, 0)) ||
      (mlirOperationGetNumResults(op) == 1 &&
       rem_in_range(c, mlirOperationGetResult(op, 0), false, NULL)))
    return true;
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
    for (MlirBlock bl = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(bl);
         bl = mlirBlockGetNextInRegion(bl))
      for (MlirOperation o = mlirBlockGetFirstOperation(bl); !mlirOperationIsNull(o);
           o = mlirOperationGetNextInBlock(o))
        if (has_rmask_rec(c, o))
          return true;
  return false;
}

/* Whether tile v is `x % n` (remsi/remui, n uniform) with x in a computable range, and, when
 * emitting, the i1 test that 0 <= x < n for every element: then v equals x. `(pid * B +
 * arange(B)) % N` offsets (tutorial matmul) are then contiguous in the fast copy of a nest rather
 * than a stack buffer of offsets (a gather). */
static bool rem_in_range(Cpu *c, MlirValue v, bool emit, MlirValue *all) {
  MlirType t = mlirValueGetType(v);
  if (!is_tensor(t) || mlirValueIsABlockArgument(v) || !mlirTypeIsAInteger(elt_of(t)))
    return false;
  MlirOperation op = mlirOpResultGetOwner(v);
  if (!is_op(op, KIR_OP_ARITH_REMSI) && !is_op(op, KIR_OP_ARITH_REMUI))
    return false;
  MlirValue x = mlirOperationGetOperand(op, 0), n = mlirOperationGetOperand(op, 1);
  MlirValue xl, xh, nl, nh, ok = {NULL};
  if (!uniform(c, n) || !range_of(c, x, emit, &xl, &xh, &ok, 0) ||
      !range_of(c, n, emit, &nl, &nh, &ok, 0))
    return false;
  if (!emit)
    return true;
  CpuB *b = &c->b;
  MlirValue z = cpu_cint(b, mlirIntegerTypeGet(b->ctx, 64), 0);
  MlirValue r = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, xl, z), cpu_cmpi(b, PI_SLT, xh, nl));
  *all = mlirValueIsNull(ok) ? r : cpu_bin(b, "arith.andi", r, ok);
  return true;
}

/* In the fast copy of a nest: range mask m reads as true, `x % n` as x, and (sums) an int32
 * offset sum is known not to wrap (recorded for the version test). */
static bool fast_fact(Cpu *c, MlirValue m, bool sums) {
  for (int i = 0; i < c->nused; i++)
    if (mlirValueEqual(c->used[i], m))
      return true;
  if (c->nused == 16 || !(mask_all(c, m, false, NULL, 0) || rem_in_range(c, m, false, NULL) ||
                          (sums && sum_fits(c, m, false, NULL))))
    return false;
  c->used[c->nused++] = m;
  return true;
}

/* A loop nest over `shape` running fn at every index. When the kernel has range masks
 * (`offs < n`) and the nest is large enough (its elements times `inner`, the work fn does per
 * element), it is emitted twice under one scalar test: a copy where those masks read as true,
 * taken when they hold for the whole tile, and the general one. */
static void nest_work(Cpu *c, int rank, const int64_t *shape, NestFn fn, void *ud, int64_t inner) {
  MlirValue idx[MAXR];
  int64_t n = inner;
  for (int i = 0; i < rank; i++)
    n *= shape[i];
  if (c->has_rmask == 0)
    c->has_rmask = has_rmask_rec(c, mlirModuleGetOperation(c->mod)) ? 1 : -1;
  if (c->has_rmask < 0 || c->vdepth > 0 || n < 16 || c->in_combiner) {
    nest_rec(c, 0, rank, shape, idx, fn, ud);
    return;
  }
  CpuB *b = &c->b;
  MlirType i1 = mlirIntegerTypeGet(b->ctx, 1);
  c->vdepth++;
  c->fast = true;
  c->nused = 0;
  CpuIf f;
  cpu_if_begin(b, &f, cpu_cint(b, i1, 1), 0, NULL);
  nest_rec(c, 0, rank, shape, idx, fn, ud);
  c->fast = false;
  int nused = c->nused;
  MlirValue used[16];
  memcpy(used, c->used, sizeof used);
  cpu_if_else(b, &f, NULL);
  if (nused > 0)
    nest_rec(c, 0, rank, shape, idx, fn, ud);
  cpu_if_end(b, &f, NULL, NULL);
  c->vdepth--;
  if (nused == 0)
    return; /* the then-copy is the whole nest; LLVM drops the empty else */
  /* the test, emitted after the scf.if and moved before it */
  MlirValue all = {NULL};
  for (int i = 0; i < nused; i++) {
    MlirValue a;
    if (!mask_all(c, used[i], true, &a, 0) && !rem_in_range(c, used[i], true, &a))
      sum_fits(c, used[i], true, &a);
    all = mlirValueIsNull(all) ? a : cpu_bin(b, "arith.andi", all, a);
  }
  for (MlirOperation o = mlirOperationGetNextInBlock(f.op); !mlirOperationIsNull(o);) {
    MlirOperation nx = mlirOperationGetNextInBlock(o);
    mlirOperationMoveBefore(o, f.op);
    o = nx;
  }
  mlirOperationSetOperand(f.op, 0, all);
}

static void nest(Cpu *c, int rank, const int64_t *shape, NestFn fn, void *ud) {
  nest_work(c, rank, shape, fn, ud, 1);
}

/* ---- buffers ------------------------------------------------------------------------------------ */
static MlirValue to_storage(Cpu *c, MlirValue x, MlirType st) {
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsALLVMPointerType(t))
    return cpu_cast(&c->b, "llvm.ptrtoint", x, st);
  if (!mlirTypeEqual(t, st))
    return cpu_cast(&c->b, "arith.extf", x, st);
  return x;
}

static MlirValue from_storage(Cpu *c, MlirValue x, MlirType lt) {
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsALLVMPointerType(lt))
    return cpu_cast(&c->b, "llvm.inttoptr", x, lt);
  if (!mlirTypeEqual(t, lt))
    return cpu_cast(&c->b, "arith.truncf", x, lt);
  return x;
}

/* Whether value v is defined inside (any block nested in) operation `op`. */
static bool defined_inside(MlirValue v, MlirOperation op) {
  MlirBlock blk = mlirValueIsABlockArgument(v) ? mlirBlockArgumentGetOwner(v)
                                               : mlirOperationGetBlock(mlirOpResultGetOwner(v));
  while (!mlirBlockIsNull(blk)) {
    MlirOperation p = mlirBlockGetParentOperation(blk);
    if (mlirOperationIsNull(p))
      return false;
    if (mlirOperationEqual(p, op))
      return true;
    blk = mlirOperationGetBlock(p);
  }
  return false;
}

/* A stack-buffer element whose indices do not depend on the innermost loops is read before
 * those loops (a read of an in-bounds stack element cannot trap). LLVM would otherwise sink the
 * read into the guarded branch of a masked load and then neither hoist it (a conditional load)
 * nor see the address as uniform: the vectorizer turned such row-invariant offsets into two
 * gathers per vector. Only the loops of a sink nest are left (never a kernel's own loop, whose iterations may
 * rewrite the buffer); a sink writes only its destination, so the hoisted read sees the same value. */
static MlirValue buf_read(Cpu *c, const Info *in, const MlirValue *idx) {
  MlirOperation target = {NULL};
  for (MlirBlock blk = c->b.blk; !mlirBlockIsNull(blk);) {
    MlirOperation p = mlirBlockGetParentOperation(blk);
    if (mlirOperationIsNull(p) || !is_op(p, KIR_OP_SCF_FOR))
      break;
    bool nestloop = false; /* only loops over a sink's own shape, never a kernel's loop */
    for (int i = 0; i < c->nnestfor && i < 64; i++)
      nestloop |= mlirOperationEqual(c->nestfor[i], p);
    if (!nestloop)
      break;
    bool inv = !defined_inside(in->v, p);
    for (int i = 0; inv && i < in->rank; i++)
      inv = !defined_inside(idx[i], p);
    if (!inv)
      break;
    target = p;
    blk = mlirOperationGetBlock(p);
  }
  MlirValue x = cpu_mload(&c->b, in->v, in->rank, idx);
  if (!mlirOperationIsNull(target))
    mlirOperationMoveBefore(mlirOpResultGetOwner(x), target);
  return from_storage(c, x, in->lt);
}

typedef struct CopyUd {
  MlirValue src; /* original tile */
  MlirValue dst; /* memref */
  MlirType st;
} CopyUd;

static void copy_body(Cpu *c, const MlirValue *idx, void *ud) {
  CopyUd *u = ud;
  MlirValue x = elem(c, u->src, idx);
  cpu_mstore(&c->b, to_storage(c, x, u->st), u->dst, info(c, u->src)->rank, idx);
}

/* Writes every element of tile `src` into `dst` (a memref of src's shape, element type st). */
static void copy_into(Cpu *c, MlirValue src, MlirValue dst, MlirType st) {
  Info *in = info(c, src);
  CopyUd u = {src, dst, st};
  nest(c, in->rank, in->shape, copy_body, &u);
}

typedef struct CopyBufUd {
  MlirValue src, dst;
  const Info *si;
  MlirType st;
} CopyBufUd;

static void copy_buf_body(Cpu *c, const MlirValue *idx, void *ud) {
  CopyBufUd *u = ud;
  MlirValue x = from_storage(c, cpu_mload(&c->b, u->src, u->si->rank, idx), u->si->lt);
  cpu_mstore(&c->b, to_storage(c, x, u->st), u->dst, u->si->rank, idx);
}

/* Buffer-to-buffer copy: src holds a tile shaped like si with si's element types. */
static void copy_buf(Cpu *c, MlirValue src, const Info *si, MlirValue dst, MlirType st) {
  CopyBufUd u = {src, dst, si, st};
  nest(c, si->rank, si->shape, copy_buf_body, &u);
}

static void unpend(Cpu *c, Info *in) {
  if (!in->pending)
    return;
  in->pending = false;
  for (int i = 0; i < c->npend; i++)
    if (c->pend[i] == in) {
      c->pend[i] = c->pend[--c->npend];
      break;
    }
}

/* Computes a lazy tile into a new stack buffer; afterwards it reads from there. */
static void materialize(Cpu *c, MlirValue v) {
  Info *in = info(c, v);
  if (in->kind != K_LAZY && in->kind != K_OFFSET)
    return;
  MlirValue buf = cpu_alloca(&c->b, in->st, in->rank, in->shape);
  copy_into(c, v, buf, in->st);
  in->kind = K_BUF;
  in->v = buf;
  unpend(c, in);
}

/* Materializations wait for the next op that is not elementwise: a reduction over exactly the
 * tile (every element visited once, at its own index) then fills the buffer as it goes, which
 * saves a pass (softmax's `num = exp(x - max)` is summed and stored); any other op, or a
 * reduction that would read the tile elsewhere, gets it materialized first, as before. */
static void defer_mat(Cpu *c, Info *in) {
  if (c->ndefer == c->capdefer) {
    c->capdefer = c->capdefer ? c->capdefer * 2 : 16;
    c->defer = realloc(c->defer, (size_t)c->capdefer * sizeof *c->defer);
  }
  in->defblk = def_block((MlirValue){(void *)in->key});
  c->defer[c->ndefer++] = in;
}

/* Whether reduce `op` visits each element of tile v exactly once at v's own index. */
static bool fills_whole(Cpu *c, MlirOperation op, const Info *in) {
  if (!is_op(op, KIR_OP_REDUCE))
    return false;
  MlirValue v = {(void *)in->key};
  int r = 0;
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); k++) {
    MlirValue x = mlirOperationGetOperand(op, k);
    const Info *xi = info(c, x);
    int e = reach_tile(c, x, v);
    if (e == 2 || (e == 1 && (xi->rank != in->rank ||
                              memcmp(xi->shape, in->shape, sizeof(int64_t) * in->rank) != 0)))
      return false;
    r = e > r ? e : r;
  }
  return r == 1;
}

/* Before op: the deferred materializations; those op can fill are left to it (fill set). */
static void flush_deferred(Cpu *c, MlirOperation op, Info **fused, int *nfused) {
  for (int i = 0; i < c->ndefer; i++) {
    Info *in = c->defer[i];
    if (in->kind != K_LAZY)
      continue;
    if (fused && *nfused < 8 && fills_whole(c, op, in)) {
      in->fill = cpu_alloca(&c->b, in->st, in->rank, in->shape);
      fused[(*nfused)++] = in;
    } else {
      materialize(c, (MlirValue){(void *)in->key});
    }
  }
  c->ndefer = 0;
}

/* ---- scalar ops ------------------------------------------------------------------------------- */
static MlirValue guard_divisor(Cpu *c, const char *name, MlirValue a, MlirValue d) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(d);
  unsigned w = mlirIntegerTypeGetWidth(t);
  MlirValue one = cpu_cint(b, t, 1);
  MlirValue bad = cpu_cmpi(b, PI_EQ, d, cpu_cint(b, t, 0));
  bool is_signed = !strstr(name, "ui");
  if (is_signed && w > 1) {
    int64_t minv = w >= 64 ? INT64_MIN : -((int64_t)1 << (w - 1));
    MlirValue ovf = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_EQ, a, cpu_cint(b, t, minv)),
                            cpu_cmpi(b, PI_EQ, d, cpu_cint(b, t, -1)));
    bad = cpu_bin(b, "arith.ori", bad, ovf);
  }
  return cpu_select(b, bad, one, d);
}

/* Rebuilds a scalar arith/math op on already-lowered operands. */
static MlirValue arith_scalar(Cpu *c, MlirOperation op, intptr_t n, MlirValue *args, MlirType rt) {
  CpuB *b = &c->b;
  KirOpKind kind = op_kind(op);
  const char *name = kir_op_name(kind);
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (mlirAttributeIsADenseElements(a))
      a = mlirDenseElementsAttrGetSplatValue(a);
    if (mlirAttributeIsAFloat(a))
      return cpu_cfloat(b, rt, mlirFloatAttrGetValueDouble(a));
    if (mlirAttributeIsAInteger(a))
      return cpu_cint(b, rt, mlirIntegerAttrGetValueInt(a));
    if (mlirAttributeIsABool(a))
      return cpu_cint(b, rt, mlirBoolAttrGetValue(a));
    fail(c, op, "CPU lowering: unsupported constant");
    return cpu_zero(b, rt);
  }
  if ((kir_op_flags(kind) & KIR_F_DIVREM) && mlirTypeIsAInteger(rt))
    args[1] = guard_divisor(c, name, args[0], args[1]);
  /* float classification (arith.cmpf predicates: oeq 1, olt 4, uno 14) */
  if (kind == KIR_OP_MATH_ISNAN || kind == KIR_OP_MATH_ISINF || kind == KIR_OP_MATH_ISFINITE) {
    MlirValue x = args[0];
    if (kind == KIR_OP_MATH_ISNAN)
      return cpu_cmpf(b, 14, x, x);
    MlirType ft = mlirValueGetType(x);
    MlirValue ax = cpu_op1(b, "math.absf", 1, &x, ft, 0, NULL);
    MlirValue inf = cpu_cfloat(b, ft, __builtin_inf());
    return cpu_cmpf(b, kind == KIR_OP_MATH_ISINF ? 1 : 4, ax, inf);
  }
  if (kir_op_dialect(kind) == KIR_D_MATH && n == 1 && mlirTypeIsAFloat(rt) &&
      mlirFloatTypeGetWidth(rt) <= 32) {
    MlirType f32 = mlirF32TypeGet(c->b.ctx);
    MlirValue x = mlirTypeIsAF32(rt) ? args[0] : cpu_cast(b, "arith.extf", args[0], f32);
    MlirValue r = cpu_math_f32(b, name, x);
    if (!mlirValueIsNull(r))
      return mlirTypeIsAF32(rt) ? r : cpu_cast(b, "arith.truncf", r, rt);
    if (is_half(rt)) { /* libm-backed math: compute in f32 */
      MlirValue y = cpu_op1(b, name, 1, &x, f32, 0, NULL);
      return cpu_cast(b, "arith.truncf", y, rt);
    }
  }
  intptr_t na = mlirOperationGetNumAttributes(op);
  MlirNamedAttribute attrs[16];
  int k = 0;
  bool reassoc = c->in_combiner && (kir_op_flags(kind) & KIR_F_REASSOC);
  for (intptr_t i = 0; i < na && k < 16; i++) {
    MlirNamedAttribute a = mlirOperationGetAttribute(op, i);
    MlirStringRef an = mlirIdentifierStr(a.name);
    if (reassoc && an.length == 8 && memcmp(an.data, "fastmath", 8) == 0)
      continue;
    attrs[k++] = a;
  }
  /* sums and products keep the sign of zero (a sum of -0.0s is -0.0); min/max may pick either
   * zero, as maxnum does */
  bool minmax = reassoc && kind != KIR_OP_ARITH_ADDF && kind != KIR_OP_ARITH_MULF;
  if (reassoc)
    attrs[k++] = cpu_nattr(b, "fastmath",
                           cpu_parse_attr(b, minmax ? "#arith.fastmath<reassoc,nsz>"
                                                    : "#arith.fastmath<reassoc>"));
  return cpu_op1(b, name, n, args, rt, k, attrs);
}

static MlirValue load_scalar(Cpu *c, MlirValue p, MlirValue mask, MlirValue other, MlirType t,
                             bool vol) {
  CpuB *b = &c->b;
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "alignment", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), bytes_of(t))),
      cpu_nattr(b, "volatile_", mlirUnitAttrGet(b->ctx)),
  };
  bool guarded = mlirValueIsNull(mask);
  for (int i = 0; !guarded && i < c->nguards; i++)
    guarded = mlirValueEqual(c->guards[i], mask);
  if (guarded)
    return cpu_op1(b, "llvm.load", 1, &p, t, vol ? 2 : 1, attrs);
  CpuIf f;
  cpu_if_begin(b, &f, mask, 1, &t);
  MlirValue x = cpu_op1(b, "llvm.load", 1, &p, t, vol ? 2 : 1, attrs);
  cpu_if_else(b, &f, &x);
  MlirValue o = mlirValueIsNull(other) ? cpu_zero(b, t) : other;
  MlirValue r;
  cpu_if_end(b, &f, &o, &r);
  return r;
}

static void store_scalar(Cpu *c, MlirValue p, MlirValue v) {
  CpuB *b = &c->b;
  MlirValue ops[2] = {v, p};
  MlirNamedAttribute a = cpu_nattr(
      b, "alignment",
      mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), bytes_of(mlirValueGetType(v))));
  cpu_op(b, "llvm.store", 2, ops, 0, NULL, 1, &a);
}

/* One element (or the scalar) of a pointwise op, from its lowered operands. */
static MlirValue pointwise(Cpu *c, MlirOperation op, intptr_t n, MlirValue *args, Info *res) {
  CpuB *b = &c->b;
  KirOpKind k = op_kind(op);
  switch (k) {
  case KIR_OP_SPLAT:
    return args[0];
  case KIR_OP_ADDPTR:
    return cpu_gep(b, args[0], args[1], res->pointee);
  case KIR_OP_PTR_TO_INT:
    return cpu_cast(b, "llvm.ptrtoint", args[0], res->lt);
  case KIR_OP_INT_TO_PTR:
    return cpu_cast(b, "llvm.inttoptr", args[0], res->lt);
  case KIR_OP_BITCAST: {
    MlirType from = mlirValueGetType(args[0]);
    if (mlirTypeEqual(from, res->lt))
      return args[0];
    return cpu_cast(b, "arith.bitcast", args[0], res->lt);
  }
  case KIR_OP_LOAD: {
    bool vol = !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("volatile")));
    return load_scalar(c, args[0], n > 1 ? args[1] : (MlirValue){NULL},
                       n > 2 ? args[2] : (MlirValue){NULL}, res->lt, vol);
  }
  default:
    break;
  }
  if (kir_op_dialect(k) == KIR_D_ARITH || kir_op_dialect(k) == KIR_D_MATH)
    return arith_scalar(c, op, n, args, res->lt);
  fail(c, op, "CPU lowering: unsupported op");
  return cpu_zero(b, res->lt);
}

/* ---- element evaluation --------------------------------------------------------------------- */
/* p + off as one GEP per term of `off` when it is a sum: the loop vectorizer then sees the
 * index-dependent term alone and proves contiguous accesses (an i32 sum would need a no-wrap
 * proof). Offsets are assumed not to overflow 32 bits, as any in-bounds address requires. */
static MlirValue addptr_split(Cpu *c, MlirValue p, MlirValue off, const MlirValue *idx,
                              MlirType pointee) {
  MlirOperation d = def_op(off);
  Info *oi = info(c, off);
  if (oi->tensor && oi->kind == K_LAZY && !mlirOperationIsNull(d) && is_op(d, KIR_OP_ARITH_ADDI)) {
    p = addptr_split(c, p, mlirOperationGetOperand(d, 0), idx, pointee);
    return addptr_split(c, p, mlirOperationGetOperand(d, 1), idx, pointee);
  }
  return cpu_gep(&c->b, p, elem(c, off, idx), pointee);
}

/* Compile-time value range of an integer tile built from aranges and constants. */
static bool const_range(Cpu *c, MlirValue v, int64_t *lo, int64_t *hi) {
  MlirOperation op = def_op(v);
  KirOpKind kind = op_kind(op);
  if (mlirOperationIsNull(op))
    return false;
  if (kind == KIR_OP_ARANGE) {
    MlirAttribute s = mlirOperationGetAttributeByName(op, kir_str("start"));
    MlirAttribute e = mlirOperationGetAttributeByName(op, kir_str("end"));
    if (mlirAttributeIsNull(e))
      return false;
    *lo = mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
    *hi = mlirIntegerAttrGetValueInt(e) - 1;
    return *hi >= *lo;
  }
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (mlirAttributeIsADenseElements(a)) {
      if (!mlirDenseElementsAttrIsSplat(a))
        return false;
      a = mlirDenseElementsAttrGetSplatValue(a);
    }
    if (!mlirAttributeIsAInteger(a))
      return false;
    *lo = *hi = mlirIntegerAttrGetValueInt(a);
    return true;
  }
  if (kind == KIR_OP_SPLAT || kind == KIR_OP_BROADCAST ||
      kind == KIR_OP_EXPAND_DIMS || kind == KIR_OP_RESHAPE ||
      kind == KIR_OP_TRANS)
    return const_range(c, mlirOperationGetOperand(op, 0), lo, hi);
  int64_t l0, h0, l1, h1;
  if ((kind == KIR_OP_ARITH_ADDI || kind == KIR_OP_ARITH_MULI) &&
      const_range(c, mlirOperationGetOperand(op, 0), &l0, &h0) &&
      const_range(c, mlirOperationGetOperand(op, 1), &l1, &h1)) {
    const int64_t lim = (int64_t)1 << 31;
    if (l0 < -lim || h0 > lim || l1 < -lim || h1 > lim)
      return false;
    if (kind == KIR_OP_ARITH_ADDI) {
      *lo = l0 + l1;
      *hi = h0 + h1;
    } else {
      int64_t p[4] = {l0 * l1, l0 * h1, h0 * l1, h0 * h1};
      *lo = *hi = p[0];
      for (int i = 1; i < 4; i++) {
        *lo = p[i] < *lo ? p[i] : *lo;
        *hi = p[i] > *hi ? p[i] : *hi;
      }
    }
    return *lo >= INT32_MIN && *hi <= INT32_MAX;
  }
  return false;
}

static void sum_terms(Cpu *c, MlirValue v, MlirValue *terms, int *n) {
  MlirOperation d = def_op(v);
  Info *vi = info(c, v);
  if (*n < 14 && vi->tensor && vi->kind == K_LAZY && !mlirOperationIsNull(d) &&
      is_op(d, KIR_OP_ARITH_ADDI)) {
    sum_terms(c, mlirOperationGetOperand(d, 0), terms, n);
    sum_terms(c, mlirOperationGetOperand(d, 1), terms, n);
    return;
  }
  terms[(*n)++] = v;
}

/* p + off where off is a sum: address the uniform part and each varying term as separate 64-bit
 * steps, so that LLVM sees addresses affine in the loop index (contiguous vector loads instead
 * of gathers of `p + sext(u + j)`). That is exact only when the int32 sum does not wrap, so the
 * split address is selected by a loop-invariant check that the exact sum of the terms' ranges
 * fits int32 (terms with compile-time ranges such as aranges, and run-time ones such as
 * `(pid * B + arange) * stride`, see range_of); LLVM unswitches the loop on it. Otherwise the
 * address of the wrapped int32 sum is used, which is what Triton's int32 index arithmetic means.
 * Only sums with a term of no computable range (offsets loaded from memory) keep the unchecked
 * split: there the int32 sum is assumed not to wrap. */
/* Whether the int32 sum `v` (two terms or more) has terms of computable ranges, and, emitting,
 * the i1 test that the exact sum of those ranges fits int32: then no partial sum wraps either
 * way it is added. |term| < 2^31 and at most 16 terms, so the i64 sums are exact. */
static bool sum_fits(Cpu *c, MlirValue v, bool emit, MlirValue *all) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(v);
  if (!is_tensor(t) || !mlirTypeIsAInteger(elt_of(t)) || mlirIntegerTypeGetWidth(elt_of(t)) != 32)
    return false;
  MlirValue terms[16];
  int n = 0;
  sum_terms(c, v, terms, &n);
  if (n < 2)
    return false;
  MlirType i64 = cpu_int_t(b, 64);
  MlirValue lo = {NULL}, hi = {NULL}, ok = {NULL};
  for (int i = 0; i < n; i++) {
    int64_t cl, ch;
    MlirValue tl, th;
    if (uniform(c, terms[i])) {
      if (emit)
        tl = th = cpu_cast(b, "arith.extsi", elem0(c, terms[i]), i64);
    } else if (const_range(c, terms[i], &cl, &ch)) {
      if (emit)
        tl = cpu_cint(b, i64, cl), th = cpu_cint(b, i64, ch);
    } else if (!range_of(c, terms[i], emit, &tl, &th, &ok, 0)) {
      return false;
    }
    if (emit) {
      lo = mlirValueIsNull(lo) ? tl : cpu_bin(b, "arith.addi", lo, tl);
      hi = mlirValueIsNull(hi) ? th : cpu_bin(b, "arith.addi", hi, th);
    }
  }
  if (emit) {
    *all = cpu_bin(b, "arith.andi", cpu_cmpi(b, PI_SGE, lo, cpu_cint(b, i64, INT32_MIN)),
                   cpu_cmpi(b, PI_SLE, hi, cpu_cint(b, i64, INT32_MAX)));
    if (!mlirValueIsNull(ok))
      *all = cpu_bin(b, "arith.andi", *all, ok);
  }
  return true;
}

static MlirValue addptr_elem(Cpu *c, MlirValue p, MlirValue off, const MlirValue *idx,
                             MlirType pointee) {
  CpuB *b = &c->b;
  if (!sum_fits(c, off, false, NULL))
    return addptr_split(c, p, off, idx, pointee);
  MlirValue terms[16], vals[16], split = p, sum = {NULL};
  int n = 0;
  sum_terms(c, off, terms, &n);
  for (int i = 0; i < n; i++) {
    vals[i] = elem(c, terms[i], idx);
    split = cpu_gep(b, split, vals[i], pointee);
  }
  if (c->fast && fast_fact(c, off, true))
    return split; /* the nest's version test checked the ranges */
  for (int i = 0; i < n; i++) /* the wrapped int32 sum, for when the ranges do not fit */
    sum = mlirValueIsNull(sum) ? vals[i] : cpu_bin(b, "arith.addi", sum, vals[i]);
  MlirValue fits;
  sum_fits(c, off, true, &fits);
  return cpu_select(b, fits, split, cpu_gep(b, p, sum, pointee));
}

static MlirValue lazy_elem(Cpu *c, MlirValue v, const MlirValue *idx) {
  CpuB *b = &c->b;
  Info *in = info(c, v);
  MlirOperation op = def_op(v);
  KirOpKind kind = op_kind(op);
  if (mlirOperationIsNull(op)) {
    fail(c, op, "internal: CPU lowering: unmapped tensor block argument");
    return cpu_zero(b, in->lt);
  }
  MlirValue sidx[MAXR];
  if (kind == KIR_OP_ARANGE) {
    MlirAttribute s = mlirOperationGetAttributeByName(op, kir_str("start"));
    int64_t start = mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
    MlirValue i = cpu_cast(b, "arith.index_cast", idx[0], in->lt);
    if (start == 0)
      return i;
    MlirValue ops[2] = {i, cpu_cint(b, in->lt, start)};
    MlirNamedAttribute ov =
        cpu_nattr(b, "overflowFlags", cpu_parse_attr(b, "#arith.overflow<nsw,nuw>"));
    return cpu_op1(b, "arith.addi", 2, ops, in->lt, 1, &ov);
  }
  if (kind == KIR_OP_BROADCAST) {
    MlirValue src = mlirOperationGetOperand(op, 0);
    Info *s = info(c, src);
    for (int d = 0; d < s->rank; d++)
      sidx[d] = s->shape[d] == 1 ? cpu_cidx(b, 0) : idx[d];
    return elem(c, src, sidx);
  }
  if (kind == KIR_OP_EXPAND_DIMS) {
    MlirValue src = mlirOperationGetOperand(op, 0);
    int axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
    for (int d = 0, k = 0; d < in->rank; d++)
      if (d != axis)
        sidx[k++] = idx[d];
    return elem(c, src, sidx);
  }
  if (kind == KIR_OP_TRANS) {
    MlirValue src = mlirOperationGetOperand(op, 0);
    MlirAttribute ord = mlirOperationGetAttributeByName(op, kir_str("order"));
    for (int d = 0; d < in->rank; d++) {
      int o = mlirAttributeIsNull(ord) ? in->rank - 1 - d : (int)mlirDenseI32ArrayGetElement(ord, d);
      sidx[o] = idx[d];
    }
    return elem(c, src, sidx);
  }
  if (kind == KIR_OP_RESHAPE) {
    MlirValue src = mlirOperationGetOperand(op, 0);
    Info *s = info(c, src);
    MlirValue lin = cpu_cidx(b, 0);
    int64_t stride = 1;
    for (int d = in->rank - 1; d >= 0; d--) {
      if (in->shape[d] > 1)
        lin = cpu_bin(b, "arith.addi", lin, cpu_bin(b, "arith.muli", idx[d], cpu_cidx(b, stride)));
      stride *= in->shape[d];
    }
    stride = 1;
    for (int d = s->rank - 1; d >= 0; d--) {
      MlirValue q = cpu_bin(b, "arith.divui", lin, cpu_cidx(b, stride));
      sidx[d] = s->shape[d] == 1 ? cpu_cidx(b, 0) : cpu_bin(b, "arith.remui", q, cpu_cidx(b, s->shape[d]));
      stride *= s->shape[d];
    }
    return elem(c, src, sidx);
  }
  if (kind == KIR_OP_JOIN) {
    MlirValue x = elem(c, mlirOperationGetOperand(op, 0), idx);
    MlirValue y = elem(c, mlirOperationGetOperand(op, 1), idx);
    MlirValue first = cpu_cmpi(b, PI_EQ, idx[in->rank - 1], cpu_cidx(b, 0));
    return cpu_select(b, first, x, y);
  }
  if (kind == KIR_OP_SPLIT) {
    MlirValue src = mlirOperationGetOperand(op, 0);
    for (int d = 0; d < in->rank; d++)
      sidx[d] = idx[d];
    sidx[in->rank] = cpu_cidx(b, mlirOpResultGetResultNumber(v));
    return elem(c, src, sidx);
  }
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (!mlirDenseElementsAttrIsSplat(a)) {
      fail(c, op, "internal: CPU lowering: non-splat constant not materialized");
      return cpu_zero(b, in->lt);
    }
    return arith_scalar(c, op, 0, NULL, in->lt);
  }
  if (kind == KIR_OP_ADDPTR)
    return addptr_elem(c, elem(c, mlirOperationGetOperand(op, 0), idx),
                       mlirOperationGetOperand(op, 1), idx, in->pointee);
  /* pointwise: same index into every tensor operand */
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue args[16];
  if (n > 16) {
    fail(c, op, "CPU lowering: too many operands");
    return cpu_zero(b, in->lt);
  }
  for (intptr_t i = 0; i < n; i++) {
    MlirValue o = mlirOperationGetOperand(op, i);
    args[i] = is_tensor(mlirValueGetType(o)) ? elem(c, o, idx) : scalar(c, o);
  }
  if (kind == KIR_OP_LOAD)
    unpend(c, in);
  return pointwise(c, op, n, args, in);
}

static MlirValue elem(Cpu *c, MlirValue v, const MlirValue *idx) {
  Info *in = info(c, v);
  if (!in->tensor)
    return scalar(c, v);
  if (c->fast) { /* range masks read as true, in-range remainders as their dividend */
    MlirOperation op = def_op(v);
    bool rem = !mlirOperationIsNull(op) &&
               (is_op(op, KIR_OP_ARITH_REMSI) || is_op(op, KIR_OP_ARITH_REMUI));
    bool i1 = mlirTypeIsAInteger(in->lt) && mlirIntegerTypeGetWidth(in->lt) == 1;
    if ((rem || i1) && fast_fact(c, v, false))
      return rem ? elem(c, mlirOperationGetOperand(op, 0), idx)
                 : cpu_cint(&c->b, mlirIntegerTypeGet(c->b.ctx, 1), 1);
  }
  switch (in->kind) {
  case K_BUF:
    return buf_read(c, in, idx);
  case K_OFFSET: {
    MlirValue base = elem(c, in->base, idx);
    if (in->offset_int)
      return cpu_bin(&c->b, "arith.addi", base, in->v);
    return cpu_gep(&c->b, base, in->v, in->pointee);
  }
  case K_LAZY: {
    const void *key[MAXR + 1] = {v.ptr};
    for (int i = 0; i < in->rank; i++)
      key[i + 1] = idx[i].ptr;
    Memo *m = memo_slot(c, key);
    if (m->key[0] && encloses(m->blk, c->b.blk))
      return m->v;
    MlirValue r = lazy_elem(c, v, idx);
    m = memo_slot(c, key); /* the table may have grown */
    if (!m->key[0])
      c->mn++;
    memcpy(m->key, key, sizeof key);
    m->v = r;
    m->blk = c->b.blk;
    if (!mlirValueIsNull(in->fill))
      cpu_mstore(&c->b, to_storage(c, r, in->st), in->fill, in->rank, idx);
    return r;
  }
  default:
    fail(c, def_op(v), "internal: CPU lowering: tile used before its definition");
    return cpu_zero(&c->b, in->lt);
  }
}

static MlirValue elem0(Cpu *c, MlirValue v) {
  MlirValue z[MAXR];
  for (int i = 0; i < MAXR; i++)
    z[i] = cpu_cidx(&c->b, 0);
  return elem(c, v, z);
}

/* ---- reachability (for in-place and load/store ordering decisions) ----------------------- */
/* 0: v's on-demand evaluation does not touch the target; 1: only at the same index; 2: at
 * other indices too. The target is an original tile (tgt) or a buffer (buf). */
static int reach(Cpu *c, MlirValue v, bool ident, MlirValue tgt, MlirValue buf) {
  if (!is_tensor(mlirValueGetType(v)))
    return 0;
  if (!mlirValueIsNull(tgt) && mlirValueEqual(v, tgt))
    return ident ? 1 : 2;
  Info *in = info(c, v);
  if (in->kind == K_BUF)
    return !mlirValueIsNull(buf) && mlirValueEqual(in->v, buf) ? (ident ? 1 : 2) : 0;
  if (in->kind == K_OFFSET)
    return reach(c, in->base, ident, tgt, buf);
  if (in->kind != K_LAZY)
    return 0;
  if (in->epoch == c->epoch && in->rc[ident] >= 0)
    return in->rc[ident];
  if (in->epoch != c->epoch) {
    in->epoch = c->epoch;
    in->rc[0] = in->rc[1] = -1;
  }
  MlirOperation op = def_op(v);
  KirOpKind kind = op_kind(op);
  int r = 0;
  if (!mlirOperationIsNull(op)) {
    bool remap = kind == KIR_OP_BROADCAST || kind == KIR_OP_EXPAND_DIMS ||
                 kind == KIR_OP_RESHAPE || kind == KIR_OP_TRANS ||
                 kind == KIR_OP_JOIN || kind == KIR_OP_SPLIT;
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
      int x = reach(c, mlirOperationGetOperand(op, i), ident && !remap, tgt, buf);
      r = x > r ? x : r;
    }
  }
  in->rc[ident] = r;
  return r;
}

static int reach_tile(Cpu *c, MlirValue v, MlirValue tgt) {
  c->epoch++;
  return reach(c, v, true, tgt, (MlirValue){NULL});
}
static int reach_buf(Cpu *c, MlirValue v, MlirValue buf) {
  c->epoch++;
  return reach(c, v, true, (MlirValue){NULL}, buf);
}

/* The non-uniform offset tiles a pointer tile is built from: two pointer tiles with the same
 * signature address the same element at the same index (up to a uniform displacement). */
static int ptr_sig(Cpu *c, MlirValue p, const void **sig, int cap) {
  int n = 0;
  for (;;) {
    MlirOperation op = def_op(p);
    if (!mlirOperationIsNull(op) && is_op(op, KIR_OP_ADDPTR)) {
      MlirValue off = mlirOperationGetOperand(op, 1);
      if (!uniform(c, off) && n < cap)
        sig[n++] = off.ptr;
      p = mlirOperationGetOperand(op, 0);
      continue;
    }
    if (!mlirOperationIsNull(op) && is_op(op, KIR_OP_SPLAT))
      return n;
    if (n < cap)
      sig[n++] = p.ptr;
    return n;
  }
}

static bool same_sig(Cpu *c, MlirValue p, MlirValue q) {
  const void *a[16], *b[16];
  int na = ptr_sig(c, p, a, 16), nb = ptr_sig(c, q, b, 16);
  if (na != nb || !mlirTypeEqual(info(c, p)->pointee, info(c, q)->pointee))
    return false;
  for (int i = 0; i < na; i++) {
    bool found = false;
    for (int j = 0; j < nb && !found; j++)
      if (a[i] == b[j]) {
        b[j] = NULL;
        found = true;
      }
    if (!found)
      return false;
  }
  return true;
}

/* Before a memory-writing op: lazy loads not yet evaluated are materialized now, except those the
 * op itself consumes element by element at the address it writes (a fused load+store). */
static void flush_loads(Cpu *c, MlirOperation op) {
  bool store = (op_flags(op) & KIR_F_WRITES) != 0;
  MlirValue ptr = store ? mlirOperationGetOperand(op, 0) : (MlirValue){NULL};
  bool tile = store && is_tensor(mlirValueGetType(ptr));
  for (int i = 0; i < c->npend;) {
    Info *in = c->pend[i];
    MlirValue lv = {(void *)in->key};
    bool keep = false;
    if (tile && reach_tile(c, ptr, lv) == 0) {
      int r = 0;
      for (intptr_t k = 1; k < mlirOperationGetNumOperands(op); k++) {
        int x = reach_tile(c, mlirOperationGetOperand(op, k), lv);
        r = x > r ? x : r;
      }
      keep = r == 1 && same_sig(c, ptr, mlirOperationGetOperand(def_op(lv), 0));
    }
    if (keep) {
      i++;
      continue;
    }
    materialize(c, lv); /* removes it from the list */
  }
}

/* Whether op, or an op nested in its regions, writes memory. */
static bool writes_memory(MlirOperation op) {
  if (op_flags(op) & KIR_F_WRITES)
    return true;
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      for (MlirOperation o = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(o);
           o = mlirOperationGetNextInBlock(o))
        if (writes_memory(o))
          return true;
  return false;
}

/* ---- stores, atomics --------------------------------------------------------------------------- */
typedef struct MemUd {
  MlirOperation op;
  Info *res;      /* atomics: result tile (may be unused) */
  MlirValue rbuf; /* atomics: result buffer or null */
} MemUd;

static MlirValue atomic_one(Cpu *c, MlirOperation op, MlirValue p, MlirValue v, MlirValue cmpv,
                            MlirType t);

static void mem_body(Cpu *c, const MlirValue *idx, void *ud) {
  MemUd *u = ud;
  MlirOperation op = u->op;
  CpuB *b = &c->b;
  bool is_store = is_op(op, KIR_OP_STORE);
  bool is_cas = is_op(op, KIR_OP_ATOMIC_CAS);
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue mask = {NULL};
  if (!is_cas && n > 2)
    mask = idx ? elem(c, mlirOperationGetOperand(op, 2), idx)
               : scalar(c, mlirOperationGetOperand(op, 2));
  MlirType rt = u->res ? u->res->lt : (MlirType){NULL};
  CpuIf f;
  if (!mlirValueIsNull(mask)) {
    cpu_if_begin(b, &f, mask, u->res ? 1 : 0, &rt);
    c->guards[c->nguards++] = mask;
  }
  MlirValue ops[3];
  for (intptr_t i = 0; i < (is_cas ? 3 : 2); i++) {
    MlirValue o = mlirOperationGetOperand(op, i);
    ops[i] = idx ? elem(c, o, idx) : scalar(c, o);
  }
  MlirValue r = {NULL};
  if (is_store)
    store_scalar(c, ops[0], ops[1]);
  else if (is_cas)
    r = atomic_one(c, op, ops[0], ops[2], ops[1], rt);
  else
    r = atomic_one(c, op, ops[0], ops[1], (MlirValue){NULL}, rt);
  if (!mlirValueIsNull(mask)) {
    c->nguards--;
    if (u->res) {
      cpu_if_else(b, &f, &r);
      MlirValue z = cpu_zero(b, rt);
      cpu_if_end(b, &f, &z, &r);
    } else {
      cpu_if_end(b, &f, NULL, NULL);
    }
  }
  if (u->res && idx)
    cpu_mstore(b, to_storage(c, r, u->res->st), u->rbuf, u->res->rank, idx);
  else if (u->res)
    u->res->v = r;
}

static int64_t ordering(Cpu *c, MlirOperation op, bool failure) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("sem"));
  const char *s = "acq_rel";
  char buf[32];
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a)) {
    MlirStringRef r = mlirStringAttrGetValue(a);
    snprintf(buf, sizeof buf, "%.*s", (int)r.length, r.data);
    s = buf;
  }
  /* LLVM AtomicOrdering: monotonic 2, acquire 4, release 5, acq_rel 6, seq_cst 7 */
  int64_t o = strcmp(s, "relaxed") == 0   ? 2
              : strcmp(s, "acquire") == 0 ? 4
              : strcmp(s, "release") == 0 ? 5
                                          : 6;
  if (failure)
    o = o == 6 || o == 4 ? 4 : 2;
  return o;
}

static MlirValue atomic_one(Cpu *c, MlirOperation op, MlirValue p, MlirValue v, MlirValue cmpv,
                            MlirType t) {
  CpuB *b = &c->b;
  MlirType i64 = mlirIntegerTypeGet(b->ctx, 64);
  if (!mlirValueIsNull(cmpv)) {
    MlirType it = mlirTypeIsAFloat(t) ? mlirIntegerTypeGet(b->ctx, mlirFloatTypeGetWidth(t)) : t;
    MlirValue cv = cmpv, nv = v;
    if (mlirTypeIsAFloat(t)) {
      cv = cpu_cast(b, "arith.bitcast", cmpv, it);
      nv = cpu_cast(b, "arith.bitcast", v, it);
    }
    MlirType fields[2] = {it, mlirIntegerTypeGet(b->ctx, 1)};
    MlirType st = mlirLLVMStructTypeLiteralGet(b->ctx, 2, fields, false);
    MlirValue ops[3] = {p, cv, nv};
    MlirNamedAttribute attrs[2] = {
        cpu_nattr(b, "success_ordering", mlirIntegerAttrGet(i64, ordering(c, op, false))),
        cpu_nattr(b, "failure_ordering", mlirIntegerAttrGet(i64, ordering(c, op, true))),
    };
    MlirValue s = cpu_op1(b, "llvm.cmpxchg", 3, ops, st, 2, attrs);
    MlirNamedAttribute pos = cpu_nattr(b, "position", mlirDenseI64ArrayGet(b->ctx, 1, (int64_t[]){0}));
    MlirValue old = cpu_op1(b, "llvm.extractvalue", 1, &s, it, 1, &pos);
    return mlirTypeIsAFloat(t) ? cpu_cast(b, "arith.bitcast", old, t) : old;
  }
  MlirAttribute ka = mlirOperationGetAttributeByName(op, kir_str("kind"));
  char kind[16] = "add";
  if (!mlirAttributeIsNull(ka) && mlirAttributeIsAString(ka)) {
    MlirStringRef r = mlirStringAttrGetValue(ka);
    snprintf(kind, sizeof kind, "%.*s", (int)r.length, r.data);
  }
  static const struct {
    const char *k;
    int op;
  } kinds[] = {{"xchg", 0}, {"add", 1},  {"and", 3},  {"or", 5},    {"xor", 6},    {"max", 7},
               {"min", 8},  {"umax", 9}, {"umin", 10}, {"fadd", 11}, {"fmax", 13}, {"fmin", 14}};
  int bop = -1;
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (strcmp(kinds[i].k, kind) == 0)
      bop = kinds[i].op;
  if (bop < 0) {
    fail(c, op, "CPU lowering: unknown atomic kind '%s'", kind);
    return cpu_zero(b, t);
  }
  if (bop == 1 && mlirTypeIsAFloat(t))
    bop = 11;
  MlirValue ops[2] = {p, v};
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "bin_op", mlirIntegerAttrGet(i64, bop)),
      cpu_nattr(b, "ordering", mlirIntegerAttrGet(i64, ordering(c, op, false))),
  };
  return cpu_op1(b, "llvm.atomicrmw", 2, ops, t, 2, attrs);
}

static void lower_mem(Cpu *c, MlirOperation op) {
  flush_loads(c, op);
  MlirValue ptr = mlirOperationGetOperand(op, 0);
  MemUd u = {op, NULL, {NULL}};
  if (mlirOperationGetNumResults(op) == 1) {
    MlirValue r = mlirOperationGetResult(op, 0);
    u.res = info(c, r);
    if (u.res->tensor) {
      u.rbuf = cpu_alloca(&c->b, u.res->st, u.res->rank, u.res->shape);
      u.res->kind = K_BUF;
      u.res->v = u.rbuf;
    } else {
      u.res->kind = K_SCALAR;
    }
  }
  Info *pi = info(c, ptr);
  if (pi->tensor)
    nest(c, pi->rank, pi->shape, mem_body, &u);
  else
    mem_body(c, NULL, &u);
}

/* ---- debug ops ----------------------------------------------------------------------------------- */
static MlirValue global_string(Cpu *c, const char *text, size_t len) {
  CpuB *b = &c->b;
  char name[64];
  snprintf(name, sizeof name, "__kcc_str_%d", c->nstr++);
  MlirType at = mlirLLVMArrayTypeGet(mlirIntegerTypeGet(b->ctx, 8), (unsigned)len + 1);
  char *z = malloc(len + 1);
  memcpy(z, text, len);
  z[len] = 0;
  MlirNamedAttribute attrs[5] = {
      cpu_nattr(b, "global_type", mlirTypeAttrGet(at)),
      cpu_nattr(b, "constant", mlirUnitAttrGet(b->ctx)),
      cpu_nattr(b, "linkage", cpu_parse_attr(b, "#llvm.linkage<internal>")),
      cpu_nattr(b, "sym_name", mlirStringAttrGet(b->ctx, kir_str(name))),
      cpu_nattr(b, "value", mlirStringAttrGet(b->ctx, mlirStringRefCreate(z, len + 1))),
  };
  free(z);
  MlirRegion r = mlirRegionCreate();
  MlirOperationState st = mlirOperationStateGet(kir_str("llvm.mlir.global"), b->loc);
  mlirOperationStateAddAttributes(&st, 5, attrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  MlirOperation g = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperation(mlirModuleGetBody(c->mod), 0, g);
  MlirNamedAttribute ga =
      cpu_nattr(b, "global_name", mlirFlatSymbolRefAttrGet(b->ctx, kir_str(name)));
  return cpu_op1(b, "llvm.mlir.addressof", 0, NULL, cpu_ptr_t(b), 1, &ga);
}

static void declare_func(Cpu *c, const char *name, const char *type, const char *linkage) {
  MlirModule m = c->mod;
  for (MlirOperation o = mlirBlockGetFirstOperation(mlirModuleGetBody(m)); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    MlirAttribute s = mlirOperationGetAttributeByName(o, kir_str("sym_name"));
    if (!mlirAttributeIsNull(s)) {
      MlirStringRef r = mlirStringAttrGetValue(s);
      if (r.length == strlen(name) && memcmp(r.data, name, r.length) == 0)
        return;
    }
  }
  CpuB *b = &c->b;
  char lk[64];
  snprintf(lk, sizeof lk, "#llvm.linkage<%s>", linkage);
  MlirNamedAttribute attrs[3] = {
      cpu_nattr(b, "function_type", mlirTypeAttrGet(mlirTypeParseGet(b->ctx, kir_str(type)))),
      cpu_nattr(b, "sym_name", mlirStringAttrGet(b->ctx, kir_str(name))),
      cpu_nattr(b, "linkage", cpu_parse_attr(b, lk)),
  };
  MlirRegion r = mlirRegionCreate();
  MlirOperationState st = mlirOperationStateGet(kir_str("llvm.func"), mlirLocationUnknownGet(b->ctx));
  mlirOperationStateAddAttributes(&st, 3, attrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  mlirBlockInsertOwnedOperation(mlirModuleGetBody(m), 0, mlirOperationCreate(&st));
}

static MlirValue call(Cpu *c, const char *callee, intptr_t n, const MlirValue *args, MlirType res,
                      const char *vararg_type) {
  CpuB *b = &c->b;
  /* llvm.call has no operand bundles here: op_bundle_sizes is an empty array */
  MlirNamedAttribute attrs[4] = {
      cpu_nattr(b, "callee", mlirFlatSymbolRefAttrGet(b->ctx, kir_str(callee))),
      cpu_nattr(b, "operandSegmentSizes", mlirDenseI32ArrayGet(b->ctx, 2, (int32_t[]){(int32_t)n, 0})),
      cpu_nattr(b, "op_bundle_sizes", mlirDenseI32ArrayGet(b->ctx, 0, NULL)),
      cpu_nattr(b, "var_callee_type",
                vararg_type ? mlirTypeAttrGet(mlirTypeParseGet(b->ctx, kir_str(vararg_type)))
                            : mlirAttributeGetNull()),
  };
  MlirOperation op = cpu_op(b, "llvm.call", n, args, mlirTypeIsNull(res) ? 0 : 1, &res,
                            vararg_type ? 4 : 3, attrs);
  return mlirTypeIsNull(res) ? (MlirValue){NULL} : mlirOperationGetResult(op, 0);
}

typedef struct Sbuf {
  char *p;
  size_t n, cap;
} Sbuf;
static void sbuf_put(MlirStringRef s, void *u) {
  Sbuf *b = u;
  size_t k = s.length < b->cap - b->n - 1 ? s.length : b->cap - b->n - 1;
  memcpy(b->p + b->n, s.data, k);
  b->n += k;
  b->p[b->n] = 0;
}

/* "file:line:col" of an op, or "" when it has no file location. */
static void op_where(MlirOperation op, char *out, size_t cap) {
  char tmp[512];
  Sbuf s = {tmp, 0, sizeof tmp};
  tmp[0] = 0;
  mlirLocationPrint(mlirOperationGetLocation(op), sbuf_put, &s);
  out[0] = 0;
  char *q = strchr(tmp, '"');
  if (!q)
    return;
  char *e = strchr(q + 1, '"');
  if (!e)
    return;
  int line = 0, col = 0;
  sscanf(e + 1, ":%d:%d", &line, &col);
  snprintf(out, cap, "%.*s:%d:%d", (int)(e - q - 1), q + 1, line, col);
}

static MlirValue str_attr_global(Cpu *c, MlirOperation op, const char *attr, const char *fmt_pre,
                                 const char *fmt_post) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(attr));
  MlirStringRef s = {"", 0};
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a))
    s = mlirStringAttrGetValue(a);
  size_t cap = s.length + strlen(fmt_pre) + strlen(fmt_post) + 1;
  char *t = malloc(cap);
  snprintf(t, cap, "%s%.*s%s", fmt_pre, (int)s.length, s.data, fmt_post);
  MlirValue g = global_string(c, t, strlen(t));
  free(t);
  return g;
}

/* kir.assert: a failing live lane calls __kcc_assert_fail(msg) when the host defines it (weak),
 * else writes msg to stderr (fd 2) and aborts. */
static void assert_fail(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  char where[600], pre[700];
  op_where(op, where, sizeof where);
  snprintf(pre, sizeof pre, "%s%sassertion failed: ", where, where[0] ? ": " : "");
  MlirValue msg = str_attr_global(c, op, "msg", pre, "\n");
  declare_func(c, "__kcc_assert_fail", "!llvm.func<void (ptr)>", "extern_weak");
  declare_func(c, "write", "!llvm.func<i64 (i32, ptr, i64)>", "external");
  declare_func(c, "abort", "!llvm.func<void ()>", "external");
  declare_func(c, "strlen", "!llvm.func<i64 (ptr)>", "external");
  MlirNamedAttribute ga =
      cpu_nattr(b, "global_name", mlirFlatSymbolRefAttrGet(b->ctx, kir_str("__kcc_assert_fail")));
  MlirValue hook = cpu_op1(b, "llvm.mlir.addressof", 0, NULL, cpu_ptr_t(b), 1, &ga);
  MlirValue null = cpu_zero(b, cpu_ptr_t(b));
  MlirValue ops[2] = {hook, null};
  MlirNamedAttribute pr = cpu_nattr(b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 1));
  MlirValue has = cpu_op1(b, "llvm.icmp", 2, ops, cpu_int_t(b, 1), 1, &pr);
  CpuIf f;
  cpu_if_begin(b, &f, has, 0, NULL);
  call(c, "__kcc_assert_fail", 1, &msg, (MlirType){NULL}, NULL);
  cpu_if_else(b, &f, NULL);
  MlirValue len = call(c, "strlen", 1, &msg, cpu_int_t(b, 64), NULL);
  MlirValue wargs[3] = {cpu_cint(b, cpu_int_t(b, 32), 2), msg, len};
  call(c, "write", 3, wargs, cpu_int_t(b, 64), NULL);
  call(c, "abort", 0, NULL, (MlirType){NULL}, NULL);
  cpu_if_end(b, &f, NULL, NULL);
}

typedef struct DbgUd {
  MlirOperation op;
} DbgUd;

static void assert_body(Cpu *c, const MlirValue *idx, void *ud) {
  DbgUd *u = ud;
  MlirValue cond = mlirOperationGetOperand(u->op, 0);
  MlirValue v = idx ? elem(c, cond, idx) : scalar(c, cond);
  if (!mlirTypeEqual(mlirValueGetType(v), cpu_int_t(&c->b, 1)))
    v = cpu_cmpi(&c->b, PI_NE, v, cpu_zero(&c->b, mlirValueGetType(v)));
  MlirValue bad = cpu_bin(&c->b, "arith.xori", v, cpu_cint(&c->b, cpu_int_t(&c->b, 1), 1));
  CpuIf f;
  cpu_if_begin(&c->b, &f, bad, 0, NULL);
  assert_fail(c, u->op);
  cpu_if_end(&c->b, &f, NULL, NULL);
}

/* Converts a value for printf's varargs; appends its conversion spec to fmt. */
static MlirValue printf_arg(Cpu *c, MlirValue v, char *fmt, size_t cap) {
  CpuB *b = &c->b;
  MlirType t = mlirValueGetType(v);
  size_t n = strlen(fmt);
  if (mlirTypeIsALLVMPointerType(t)) {
    snprintf(fmt + n, cap - n, "%%p");
    return v;
  }
  if (mlirTypeIsAFloat(t)) {
    snprintf(fmt + n, cap - n, "%%f");
    if (!mlirTypeIsAF64(t))
      v = cpu_cast(b, "arith.extf", v, mlirF64TypeGet(b->ctx));
    return v;
  }
  unsigned w = mlirIntegerTypeGetWidth(t);
  if (w == 64) {
    snprintf(fmt + n, cap - n, "%%lld");
    return v;
  }
  snprintf(fmt + n, cap - n, "%%d");
  if (w == 32)
    return v;
  return w == 1 ? cpu_cast(b, "arith.extui", v, cpu_int_t(b, 32))
                : cpu_cast(b, "arith.extsi", v, cpu_int_t(b, 32));
}

typedef struct PrintUd {
  MlirOperation op;
  intptr_t k;
  int rank;
} PrintUd;

static void print_body(Cpu *c, const MlirValue *idx, void *ud) {
  PrintUd *u = ud;
  CpuB *b = &c->b;
  char fmt[512] = "pid (%d, %d, %d) ";
  MlirValue args[16];
  int n = 1;
  for (int i = 0; i < 3; i++)
    args[n++] = c->grid[i];
  if (idx) {
    strcat(fmt, "idx (");
    for (int d = 0; d < u->rank && n < 12; d++) {
      strcat(fmt, d ? ", %d" : "%d");
      args[n++] = cpu_cast(b, "arith.index_cast", idx[d], cpu_int_t(b, 32));
    }
    strcat(fmt, ") ");
  }
  MlirAttribute a = mlirOperationGetAttributeByName(u->op, kir_str("prefix"));
  if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a)) {
    MlirStringRef s = mlirStringAttrGetValue(a);
    size_t l = strlen(fmt);
    for (size_t i = 0; i < s.length && l + 3 < 300; i++) {
      if (s.data[i] == '%')
        fmt[l++] = '%';
      fmt[l++] = s.data[i];
    }
    fmt[l] = 0;
  }
  MlirValue v = mlirOperationGetOperand(u->op, u->k);
  MlirValue x = idx ? elem(c, v, idx) : scalar(c, v);
  args[n++] = printf_arg(c, x, fmt, sizeof fmt);
  strcat(fmt, "\n");
  args[0] = global_string(c, fmt, strlen(fmt));
  declare_func(c, "printf", "!llvm.func<i32 (ptr, ...)>", "external");
  call(c, "printf", n, args, cpu_int_t(b, 32), "!llvm.func<i32 (ptr, ...)>");
}

/* ---- reduce and scan ------------------------------------------------------------------------- */
/* Inlines the combiner region of a reduce/scan on scalars: out = combine(lhs, rhs). */
static void combine(Cpu *c, MlirOperation op, int n, const MlirValue *lhs, const MlirValue *rhs,
                    MlirValue *out, bool reassoc) {
  MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  for (int i = 0; i < n; i++) {
    set_scalar(c, mlirBlockGetArgument(blk, i), lhs[i]);
    set_scalar(c, mlirBlockGetArgument(blk, n + i), rhs[i]);
  }
  bool saved = c->in_combiner;
  c->in_combiner = reassoc;
  MlirOperation term = mlirBlockGetTerminator(blk);
  for (MlirOperation o = mlirBlockGetFirstOperation(blk); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    if (mlirOperationEqual(o, term))
      break;
    lower_op(c, o);
  }
  c->in_combiner = saved;
  for (int i = 0; i < n; i++)
    out[i] = scalar(c, mlirOperationGetOperand(term, i));
}

typedef struct RedUd {
  MlirOperation op;
  int n, axis, rank;
  int64_t len;
  bool reverse;
  MlirValue bufs[8];
  Info *res[8];
  MlirValue j;    /* reduce over an outer axis: the current position along it */
  bool first;     /* ... and whether it is the first slice */
} RedUd;

static void full_idx(const RedUd *u, const MlirValue *ridx, MlirValue jv, MlirValue *full) {
  for (int d = 0, k = 0; d < u->rank; d++)
    full[d] = d == u->axis ? jv : ridx[k++];
}

/* The identity of a single-op combiner (`yield op(a, b)` on one tile), or a null value. Starting
 * the accumulator from it lets the loop run over every element: started from element 0 instead,
 * the 1023-iteration loop of a 1024-element row left the vectorized reduction a serial remainder
 * of 63 dependent adds. */
static MlirValue combiner_identity(Cpu *c, MlirOperation op, MlirType t) {
  MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation f = mlirBlockGetFirstOperation(blk), term = mlirBlockGetTerminator(blk);
  if (mlirOperationGetNumOperands(op) != 1 || mlirOperationEqual(f, term) ||
      !mlirOperationEqual(mlirOperationGetNextInBlock(f), term) ||
      mlirOperationGetNumOperands(f) != 2 || mlirOperationGetNumResults(f) != 1 ||
      !mlirValueEqual(mlirOperationGetOperand(term, 0), mlirOperationGetResult(f, 0)))
    return (MlirValue){NULL};
  MlirValue a0 = mlirBlockGetArgument(blk, 0), a1 = mlirBlockGetArgument(blk, 1);
  MlirValue x = mlirOperationGetOperand(f, 0), y = mlirOperationGetOperand(f, 1);
  if (!((mlirValueEqual(x, a0) && mlirValueEqual(y, a1)) ||
        (mlirValueEqual(x, a1) && mlirValueEqual(y, a0))))
    return (MlirValue){NULL};
  CpuB *b = &c->b;
  KirOpKind k = op_kind(f);
  if (mlirTypeIsAFloat(t)) {
    switch (k) {
    case KIR_OP_ARITH_ADDF: return cpu_cfloat(b, t, -0.0);
    case KIR_OP_ARITH_MULF: return cpu_cfloat(b, t, 1.0);
    case KIR_OP_ARITH_MAXNUMF:
    case KIR_OP_ARITH_MINNUMF: return cpu_cfloat(b, t, __builtin_nan(""));
    case KIR_OP_ARITH_MAXIMUMF: return cpu_cfloat(b, t, -__builtin_inf());
    case KIR_OP_ARITH_MINIMUMF: return cpu_cfloat(b, t, __builtin_inf());
    default: return (MlirValue){NULL};
    }
  }
  if (!mlirTypeIsAInteger(t))
    return (MlirValue){NULL};
  unsigned w = mlirIntegerTypeGetWidth(t);
  int64_t smin = w >= 64 ? INT64_MIN : w == 1 ? -1 : -((int64_t)1 << (w - 1));
  int64_t smax = w >= 64 ? INT64_MAX : w == 1 ? 0 : ((int64_t)1 << (w - 1)) - 1;
  switch (k) {
  case KIR_OP_ARITH_ADDI:
  case KIR_OP_ARITH_ORI:
  case KIR_OP_ARITH_XORI:
  case KIR_OP_ARITH_MAXUI: return cpu_cint(b, t, 0);
  case KIR_OP_ARITH_ANDI:
  case KIR_OP_ARITH_MINUI: return cpu_cint(b, t, -1);
  case KIR_OP_ARITH_MULI: return cpu_cint(b, t, 1);
  case KIR_OP_ARITH_MAXSI: return cpu_cint(b, t, smin);
  case KIR_OP_ARITH_MINSI: return cpu_cint(b, t, smax);
  default: return (MlirValue){NULL};
  }
}

/* Innermost-axis reduce for one output position: a scalar loop along the axis (the vectorizer
 * reassociates it: the combiner's float ops carry `reassoc`). */
static void red_inner(Cpu *c, const MlirValue *ridx, void *ud) {
  RedUd *u = ud;
  CpuB *b = &c->b;
  MlirValue full[MAXR], acc[8], x[8], nw[8];
  MlirValue id = combiner_identity(c, u->op, u->res[0]->lt);
  int64_t from = mlirValueIsNull(id) ? 1 : 0;
  if (from) {
    full_idx(u, ridx, cpu_cidx(b, 0), full);
    for (int i = 0; i < u->n; i++)
      acc[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
  } else {
    acc[0] = id;
  }
  if (u->len > from) {
    CpuFor f;
    MlirValue j, args[8];
    cpu_for_begin(b, &f, cpu_cidx(b, from), cpu_cidx(b, u->len), cpu_cidx(b, 1), u->n, acc, &j,
                  args);
    full_idx(u, ridx, j, full);
    for (int i = 0; i < u->n; i++)
      x[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
    combine(c, u->op, u->n, args, x, nw, true);
    cpu_for_end(b, &f, u->n, nw, acc);
  }
  for (int i = 0; i < u->n; i++)
    cpu_mstore(b, to_storage(c, acc[i], u->res[i]->st), u->bufs[i], u->rank - 1, ridx);
}

/* Outer-axis reduce: one slice per call, vectorizable along the innermost dimension. */
static void red_outer(Cpu *c, const MlirValue *ridx, void *ud) {
  RedUd *u = ud;
  CpuB *b = &c->b;
  MlirValue full[MAXR], acc[8], x[8], nw[8];
  full_idx(u, ridx, u->j, full);
  for (int i = 0; i < u->n; i++)
    x[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
  if (u->first) {
    for (int i = 0; i < u->n; i++)
      nw[i] = x[i];
  } else {
    for (int i = 0; i < u->n; i++)
      acc[i] = from_storage(c, cpu_mload(b, u->bufs[i], u->rank - 1, ridx), u->res[i]->lt);
    /* each position keeps its own accumulator in the buffer: no reassociation needed */
    combine(c, u->op, u->n, acc, x, nw, false);
  }
  for (int i = 0; i < u->n; i++)
    cpu_mstore(b, to_storage(c, nw[i], u->res[i]->st), u->bufs[i], u->rank - 1, ridx);
}

static void lower_reduce(Cpu *c, MlirOperation op) {
  RedUd u = {.op = op};
  u.n = (int)mlirOperationGetNumOperands(op);
  Info *x = info(c, mlirOperationGetOperand(op, 0));
  u.axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
  u.rank = x->rank;
  u.len = x->shape[u.axis];
  if (u.n > 8) {
    fail(c, op, "CPU lowering: reduce of more than 8 tiles");
    return;
  }
  int64_t rshape[MAXR];
  for (int d = 0, k = 0; d < x->rank; d++)
    if (d != u.axis)
      rshape[k++] = x->shape[d];
  /* Results go to stack buffers, scalars to one-element ones (promoted to registers by LLVM),
   * so that a whole-tile-versioned nest (two copies of the loop) can define them. */
  for (int i = 0; i < u.n; i++) {
    u.res[i] = info(c, mlirOperationGetResult(op, i));
    u.bufs[i] = cpu_alloca(&c->b, u.res[i]->st, u.rank - 1, rshape);
    if (u.res[i]->tensor) {
      u.res[i]->kind = K_BUF;
      u.res[i]->v = u.bufs[i];
    }
  }
  if (u.rank == 1 || u.axis == u.rank - 1) {
    nest_work(c, u.rank - 1, rshape, red_inner, &u, u.len);
    for (int i = 0; i < u.n; i++)
      if (!u.res[i]->tensor)
        set_scalar(c, mlirOperationGetResult(op, i),
                   from_storage(c, cpu_mload(&c->b, u.bufs[i], 0, NULL), u.res[i]->lt));
    return;
  }
  u.first = true;
  u.j = cpu_cidx(&c->b, 0);
  nest(c, u.rank - 1, rshape, red_outer, &u);
  u.first = false;
  CpuFor f;
  cpu_for_begin(&c->b, &f, cpu_cidx(&c->b, 1), cpu_cidx(&c->b, u.len), cpu_cidx(&c->b, 1), 0, NULL,
                &u.j, NULL);
  /* The loop along the axis is never vectorized itself (the positions inside it are): once the
   * small position loop is fully unrolled, LLVM 22 vectorized the axis loop as one maxnum
   * reduction per position with a NaN runtime check (no nnan flag) whose no-NaN exit skipped
   * the scalar remainder iterations: tl.max(x, axis=0) of an 8x16 tile ignored rows 5-7 at
   * -O2/-O3 (tests/exec/test_semantics.py::test_max_min_along_axis0). */
  cpu_loop_no_vectorize(&c->b, &f);
  nest(c, u.rank - 1, rshape, red_outer, &u);
  cpu_for_end(&c->b, &f, 0, NULL, NULL);
}

/* Scan: for each position off the axis, a sequential loop along it. */
static void scan_line(Cpu *c, const MlirValue *ridx, void *ud) {
  RedUd *u = ud;
  CpuB *b = &c->b;
  MlirValue full[MAXR], acc[8], x[8], nw[8];
  MlirValue start = cpu_cidx(b, u->reverse ? u->len - 1 : 0);
  full_idx(u, ridx, start, full);
  for (int i = 0; i < u->n; i++) {
    acc[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
    cpu_mstore(b, to_storage(c, acc[i], u->res[i]->st), u->bufs[i], u->rank, full);
  }
  if (u->len > 1) {
    CpuFor f;
    MlirValue j, args[8];
    cpu_for_begin(b, &f, cpu_cidx(b, 1), cpu_cidx(b, u->len), cpu_cidx(b, 1), u->n, acc, &j, args);
    if (u->reverse)
      j = cpu_bin(b, "arith.subi", cpu_cidx(b, u->len - 1), j);
    full_idx(u, ridx, j, full);
    for (int i = 0; i < u->n; i++)
      x[i] = elem(c, mlirOperationGetOperand(u->op, i), full);
    combine(c, u->op, u->n, args, x, nw, true);
    for (int i = 0; i < u->n; i++)
      cpu_mstore(b, to_storage(c, nw[i], u->res[i]->st), u->bufs[i], u->rank, full);
    cpu_for_end(b, &f, u->n, nw, acc);
  }
}

static void lower_scan(Cpu *c, MlirOperation op) {
  RedUd u = {.op = op};
  u.n = (int)mlirOperationGetNumOperands(op);
  Info *x = info(c, mlirOperationGetOperand(op, 0));
  u.axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
  MlirAttribute rv = mlirOperationGetAttributeByName(op, kir_str("reverse"));
  u.reverse = !mlirAttributeIsNull(rv) &&
              (mlirAttributeIsABool(rv) ? mlirBoolAttrGetValue(rv)
                                        : mlirAttributeIsAInteger(rv) && mlirIntegerAttrGetValueInt(rv));
  u.rank = x->rank;
  u.len = x->shape[u.axis];
  if (u.n > 8) {
    fail(c, op, "CPU lowering: scan of more than 8 tiles");
    return;
  }
  for (int i = 0; i < u.n; i++) {
    u.res[i] = info(c, mlirOperationGetResult(op, i));
    u.bufs[i] = cpu_alloca(&c->b, u.res[i]->st, u.rank, u.res[i]->shape);
  }
  int64_t rshape[MAXR];
  for (int d = 0, k = 0; d < x->rank; d++)
    if (d != u.axis)
      rshape[k++] = x->shape[d];
  nest(c, u.rank - 1, rshape, scan_line, &u);
  for (int i = 0; i < u.n; i++) {
    u.res[i]->kind = K_BUF;
    u.res[i]->v = u.bufs[i];
  }
}

/* Sort: the operand copied into a fresh stack buffer, sorted there in place (sort.c). */
static void lower_sort(Cpu *c, MlirOperation op) {
  Info *r = info(c, mlirOperationGetResult(op, 0));
  int axis = (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
  MlirAttribute d = mlirOperationGetAttributeByName(op, kir_str("descending"));
  bool desc = !mlirAttributeIsNull(d) && mlirAttributeIsABool(d) && mlirBoolAttrGetValue(d);
  bool uns = !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("unsigned")));
  MlirValue buf = cpu_alloca(&c->b, r->st, r->rank, r->shape);
  copy_into(c, mlirOperationGetOperand(op, 0), buf, r->st);
  cpu_sort_buf(&c->b, buf, r->rank, r->shape, axis, desc, uns);
  r->kind = K_BUF;
  r->v = buf;
}

/* ---- dot ---------------------------------------------------------------------------------------- */
void cpu_dot_kernel(CpuB *b, int vec_bits, MlirValue A, MlirValue B, MlirValue C, int64_t M,
                    int64_t N, int64_t K, MlirType ct);

static MlirType dot_compute_type(Cpu *c, MlirType acc) {
  if (is_half(acc))
    return mlirF32TypeGet(c->b.ctx);
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
      x = cpu_cast(b, mlirFloatTypeGetWidth(t) < mlirFloatTypeGetWidth(u->ct) ? "arith.extf"
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
  if (in->kind == K_BUF && mlirTypeEqual(in->st, ct) && mlirTypeEqual(in->lt, ct))
    return in->v;
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
  if (!is_op(y, KIR_OP_SCF_YIELD))
    return (MlirValue){NULL};
  MlirBlock body = mlirOperationGetBlock(y);
  MlirOperation loop = mlirBlockGetParentOperation(body);
  if (!is_op(loop, KIR_OP_SCF_FOR) || !mlirBlockEqual(body, mlirOperationGetBlock(op)))
    return (MlirValue){NULL};
  unsigned k = mlirOpOperandGetOperandNumber(use);
  MlirValue arg = mlirBlockGetArgument(body, k + 1);
  Info *ai = info(c, arg);
  if (ai->kind != K_BUF)
    return (MlirValue){NULL};
  MlirValue acc = mlirOperationGetOperand(op, 2);
  int r = reach_buf(c, acc, ai->v);
  if (r > 1 || ai->uses > 1 || (ai->uses == 1 && r != 1))
    return (MlirValue){NULL};
  Info *acc_i = info(c, acc);
  if (!mlirTypeEqual(ai->st, dot_compute_type(c, acc_i->lt)))
    return (MlirValue){NULL};
  return ai->v;
}

static void lower_dot(Cpu *c, MlirOperation op) {
  MlirValue a = mlirOperationGetOperand(op, 0), bv = mlirOperationGetOperand(op, 1),
            acc = mlirOperationGetOperand(op, 2);
  Info *ai = info(c, a), *ri = info(c, mlirOperationGetResult(op, 0));
  Info *bi = info(c, bv);
  int64_t M = ai->shape[0], K = ai->shape[1], N = bi->shape[1];
  MlirType ct = dot_compute_type(c, ri->lt);
  MlirValue C = dot_inplace(c, op);
  if (mlirValueIsNull(C))
    C = cpu_alloca(&c->b, ct, 2, ri->shape);
  if (!(info(c, acc)->kind == K_BUF && mlirValueEqual(info(c, acc)->v, C)))
    copy_into(c, acc, C, ct);
  MlirValue A = dot_operand(c, a, ct);
  MlirValue B = dot_operand(c, bv, ct);
  cpu_dot_kernel(&c->b, c->vec_bits, A, B, C, M, N, K, ct);
  ri->kind = K_BUF;
  ri->v = C;
  ri->st = ct;
}

/* ---- scf ------------------------------------------------------------------------------------------ */
static void lower_for(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  int n = (int)mlirOperationGetNumResults(op);
  if (n > 60) {
    fail(c, op, "CPU lowering: too many loop-carried values");
    return;
  }
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetTerminator(body);
  MlirValue inits[64], args[64], res[64], ys[64], bufs[64];
  int cls[64], ni = 0, slot[64];
  for (int k = 0; k < n; k++) {
    MlirValue init = mlirOperationGetOperand(op, 3 + k);
    Info *ai = info(c, mlirBlockGetArgument(body, k + 1));
    slot[k] = -1;
    if (!ai->tensor) {
      cls[k] = 0;
      slot[k] = ni;
      inits[ni++] = scalar(c, init);
    } else if (ai->offset) {
      cls[k] = 1;
      slot[k] = ni;
      inits[ni++] = cpu_zero(b, ai->offset_int ? ai->lt : cpu_int_t(b, 64));
    } else {
      cls[k] = 2;
      bufs[k] = cpu_alloca(b, ai->st, ai->rank, ai->shape);
      copy_into(c, init, bufs[k], ai->st);
    }
  }
  CpuFor f;
  MlirValue iv;
  cpu_for_begin(b, &f, scalar(c, mlirOperationGetOperand(op, 0)),
                scalar(c, mlirOperationGetOperand(op, 1)), scalar(c, mlirOperationGetOperand(op, 2)),
                ni, inits, &iv, args);
  set_scalar(c, mlirBlockGetArgument(body, 0), iv);
  for (int k = 0; k < n; k++) {
    MlirValue arg = mlirBlockGetArgument(body, k + 1);
    Info *ai = info(c, arg);
    if (cls[k] == 0)
      set_scalar(c, arg, args[slot[k]]);
    else if (cls[k] == 1) {
      ai->kind = K_OFFSET;
      ai->base = mlirOperationGetOperand(op, 3 + k);
      ai->v = args[slot[k]];
    } else {
      ai->kind = K_BUF;
      ai->v = bufs[k];
    }
  }
  lower_block(c, body);
  /* yields */
  MlirValue tmp[64];
  bool direct[64] = {0}, skip[64] = {0};
  for (int k = 0; k < n; k++) {
    MlirValue y = mlirOperationGetOperand(yield, k);
    if (cls[k] == 0) {
      ys[slot[k]] = scalar(c, y);
    } else if (cls[k] == 1) {
      Info *ai = info(c, mlirBlockGetArgument(body, k + 1));
      MlirValue u = elem0(c, ai->uniform);
      MlirType at = mlirValueGetType(args[slot[k]]);
      if (!ai->offset_int && mlirIntegerTypeGetWidth(mlirValueGetType(u)) < 64)
        u = cpu_cast(b, "arith.extsi", u, at);
      ys[slot[k]] = cpu_bin(b, "arith.addi", args[slot[k]], u);
    }
  }
  for (int k = 0; k < n; k++) {
    if (cls[k] != 2)
      continue;
    MlirValue y = mlirOperationGetOperand(yield, k);
    Info *yi = info(c, y);
    tmp[k] = (MlirValue){NULL};
    if (yi->kind == K_BUF && mlirValueEqual(yi->v, bufs[k])) {
      skip[k] = true;
      continue;
    }
    bool standalone = yi->kind == K_BUF;
    bool ok = yi->kind == K_LAZY || yi->kind == K_OFFSET;
    for (int j = 0; j < n; j++) {
      if (cls[j] != 2)
        continue;
      if (standalone && mlirValueEqual(yi->v, bufs[j]))
        standalone = false;
      if (ok && j != k && reach_buf(c, y, bufs[j]) != 0)
        ok = false;
      if (ok && j != k && reach_buf(c, mlirOperationGetOperand(yield, j), bufs[k]) != 0)
        ok = false;
    }
    if (ok && reach_buf(c, y, bufs[k]) > 1)
      ok = false;
    direct[k] = ok;
    if (standalone)
      tmp[k] = yi->v;
  }
  for (int k = 0; k < n; k++) /* phase 1: snapshots that read the old iter buffers */
    if (cls[k] == 2 && !skip[k] && !direct[k] && mlirValueIsNull(tmp[k])) {
      MlirValue y = mlirOperationGetOperand(yield, k);
      Info *yi = info(c, y);
      tmp[k] = cpu_alloca(b, yi->st, yi->rank, yi->shape);
      copy_into(c, y, tmp[k], yi->st);
    }
  for (int k = 0; k < n; k++) /* phase 2: write the iter buffers */
    if (cls[k] == 2 && !skip[k]) {
      if (direct[k]) {
        copy_into(c, mlirOperationGetOperand(yield, k), bufs[k], info(c, mlirBlockGetArgument(body, k + 1))->st);
      } else {
        Info *ai = info(c, mlirBlockGetArgument(body, k + 1));
        copy_buf(c, tmp[k], info(c, mlirOperationGetOperand(yield, k)), bufs[k], ai->st);
      }
    }
  cpu_for_end(b, &f, ni, ys, res);
  for (int k = 0; k < n; k++) {
    MlirValue r = mlirOperationGetResult(op, k);
    Info *ri = info(c, r);
    if (cls[k] == 0)
      set_scalar(c, r, res[slot[k]]);
    else if (cls[k] == 1) {
      ri->kind = K_OFFSET;
      ri->base = mlirOperationGetOperand(op, 3 + k);
      ri->v = res[slot[k]];
    } else {
      ri->kind = K_BUF;
      ri->v = bufs[k];
    }
  }
}

static void lower_if(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  int n = (int)mlirOperationGetNumResults(op);
  MlirType types[64];
  MlirValue bufs[64], res[64];
  int slot[64], ns = 0;
  if (n > 60) {
    fail(c, op, "CPU lowering: too many results");
    return;
  }
  for (int k = 0; k < n; k++) {
    Info *ri = info(c, mlirOperationGetResult(op, k));
    if (ri->tensor) {
      bufs[k] = cpu_alloca(b, ri->st, ri->rank, ri->shape);
      slot[k] = -1;
    } else {
      slot[k] = ns;
      types[ns++] = ri->lt;
    }
  }
  CpuIf f;
  cpu_if_begin(b, &f, scalar(c, mlirOperationGetOperand(op, 0)), ns, types);
  for (int r = 0; r < 2; r++) {
    MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
    MlirValue ys[64];
    if (!mlirBlockIsNull(blk)) {
      lower_block(c, blk);
      MlirOperation y = mlirBlockGetTerminator(blk);
      for (int k = 0; k < n; k++) {
        MlirValue yv = mlirOperationGetOperand(y, k);
        if (slot[k] < 0)
          copy_into(c, yv, bufs[k], info(c, mlirOperationGetResult(op, k))->st);
        else
          ys[slot[k]] = scalar(c, yv);
      }
    }
    if (r == 0)
      cpu_if_else(b, &f, ys);
    else
      cpu_if_end(b, &f, ys, res);
  }
  for (int k = 0; k < n; k++) {
    MlirValue r = mlirOperationGetResult(op, k);
    Info *ri = info(c, r);
    if (slot[k] < 0) {
      ri->kind = K_BUF;
      ri->v = bufs[k];
    } else {
      set_scalar(c, r, res[slot[k]]);
    }
  }
}

/* scf.while. Scalars are carried by the new scf.while; tensors live in stack buffers like
 * scf.for's: one per before-region argument (written from the after region's yield) and one per
 * after-region argument / result (written by scf.condition's forwarded values). The before and
 * after regions cannot see each other's arguments, so each copy reads only the other side's
 * buffers and never overwrites what it reads. */
static void lower_while(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  int n = (int)mlirOperationGetNumOperands(op), nr = (int)mlirOperationGetNumResults(op);
  if (n > 60 || nr > 60) {
    fail(c, op, "CPU lowering: too many loop-carried values");
    return;
  }
  MlirBlock ob[2] = {mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0)),
                     mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1))};
  MlirValue inits[64], bbuf[64], abuf[64];
  MlirType bt[64], at[64];
  MlirLocation locs[64];
  int bslot[64], aslot[64], nb = 0, na = 0;
  for (int i = 0; i < n; i++) {
    MlirValue v = mlirOperationGetOperand(op, i);
    bslot[i] = -1;
    if (is_tensor(mlirValueGetType(v))) {
      Info *ai = info(c, mlirBlockGetArgument(ob[0], i));
      bbuf[i] = cpu_alloca(b, ai->st, ai->rank, ai->shape);
      copy_into(c, v, bbuf[i], ai->st);
      continue;
    }
    bslot[i] = nb;
    inits[nb] = scalar(c, v);
    bt[nb] = mlirValueGetType(inits[nb]);
    nb++;
  }
  for (int i = 0; i < nr; i++) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, i));
    aslot[i] = -1;
    if (is_tensor(t)) {
      Info *ri = info(c, mlirOperationGetResult(op, i));
      abuf[i] = cpu_alloca(b, ri->st, ri->rank, ri->shape);
      continue;
    }
    aslot[i] = na;
    at[na++] = conv(c, t);
  }
  for (int i = 0; i < 64; i++)
    locs[i] = b->loc;
  MlirRegion r[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock before = mlirBlockCreate(nb, bt, locs), after = mlirBlockCreate(na, at, locs);
  mlirRegionAppendOwnedBlock(r[0], before);
  mlirRegionAppendOwnedBlock(r[1], after);
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.while"), b->loc);
  mlirOperationStateAddOperands(&st, nb, inits);
  mlirOperationStateAddResults(&st, na, at);
  mlirOperationStateAddOwnedRegions(&st, 2, r);
  MlirOperation w = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(b->blk, w);
  MlirBlock saved = b->blk;
  MlirBlock nbk[2] = {before, after};
  for (int k = 0; k < 2; k++) {
    b->blk = nbk[k];
    const int *slot = k == 0 ? bslot : aslot;
    MlirValue *bufs = k == 0 ? bbuf : abuf;
    for (intptr_t i = 0; i < mlirBlockGetNumArguments(ob[k]); i++) {
      MlirValue arg = mlirBlockGetArgument(ob[k], i);
      if (slot[i] >= 0) {
        set_scalar(c, arg, mlirBlockGetArgument(nbk[k], slot[i]));
      } else {
        Info *ai = info(c, arg);
        ai->kind = K_BUF;
        ai->v = bufs[i];
      }
    }
    lower_block(c, ob[k]);
    MlirOperation t = mlirBlockGetTerminator(ob[k]);
    intptr_t nt = mlirOperationGetNumOperands(t);
    /* scf.condition: operand 0 is the condition, then the forwarded values (-> after args) */
    int first = k == 0 ? 1 : 0;
    const int *dslot = k == 0 ? aslot : bslot;
    MlirValue *dbufs = k == 0 ? abuf : bbuf;
    MlirValue ops[65];
    int no = 0;
    if (k == 0)
      ops[no++] = scalar(c, mlirOperationGetOperand(t, 0));
    for (intptr_t i = first; i < nt && no < 65; i++) {
      MlirValue v = mlirOperationGetOperand(t, i);
      int d = (int)i - first;
      if (dslot[d] >= 0) {
        ops[no++] = scalar(c, v);
      } else {
        Info *vi = info(c, v);
        if (!(vi->kind == K_BUF && mlirValueEqual(vi->v, dbufs[d])))
          copy_into(c, v, dbufs[d], k == 0 ? info(c, mlirOperationGetResult(op, d))->st
                                           : info(c, mlirBlockGetArgument(ob[0], d))->st);
      }
    }
    cpu_op(b, k == 0 ? "scf.condition" : "scf.yield", no, ops, 0, NULL, 0, NULL);
  }
  b->blk = saved;
  for (int i = 0; i < nr; i++) {
    MlirValue res = mlirOperationGetResult(op, i);
    if (aslot[i] >= 0) {
      set_scalar(c, res, mlirOperationGetResult(w, aslot[i]));
    } else {
      Info *ri = info(c, res);
      ri->kind = K_BUF;
      ri->v = abuf[i];
    }
  }
}

/* ---- the walk ------------------------------------------------------------------------------------- */
static void lower_grid(Cpu *c, MlirOperation op, KirOpKind k) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("axis"));
  int axis = mlirAttributeIsNull(a) ? 0 : (int)mlirIntegerAttrGetValueInt(a);
  if (axis < 0 || axis > 2) {
    fail(c, op, "program axis must be 0, 1 or 2");
    return;
  }
  set_scalar(c, mlirOperationGetResult(op, 0), c->grid[axis + (k == KIR_OP_NUM_PROGRAMS ? 3 : 0)]);
}

static void lower_assert(Cpu *c, MlirOperation op) {
  DbgUd u = {op};
  Info *ci = info(c, mlirOperationGetOperand(op, 0));
  if (ci->tensor)
    nest(c, ci->rank, ci->shape, assert_body, &u);
  else
    assert_body(c, NULL, &u);
}

static void lower_print(Cpu *c, MlirOperation op) {
  for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); k++) {
    Info *vi = info(c, mlirOperationGetOperand(op, k));
    PrintUd u = {op, k, vi->rank};
    if (vi->tensor)
      nest(c, vi->rank, vi->shape, print_body, &u);
    else
      print_body(c, NULL, &u);
  }
}

/* A reduction that fills the deferred materializations it visits exactly once (defer_mat). */
static void lower_reduce_filling(Cpu *c, MlirOperation op) {
  Info *fused[8];
  int nfused = 0;
  flush_deferred(c, op, fused, &nfused);
  lower_reduce(c, op);
  for (int i = 0; i < nfused; i++) { /* filled: read from the buffer from now on */
    fused[i]->kind = K_BUF;
    fused[i]->v = fused[i]->fill;
    fused[i]->fill = (MlirValue){NULL};
    unpend(c, fused[i]);
  }
}

/* A non-splat constant tile: stored element by element into a buffer. */
static void const_tile(Cpu *c, MlirAttribute a, Info *in) {
  CpuB *b = &c->b;
  MlirValue buf = cpu_alloca(b, in->st, in->rank, in->shape);
  int64_t total = numel(in);
  MlirValue idx[MAXR];
  for (int64_t e = 0; e < total; e++) {
    int64_t rem = e;
    uint64_t pos[MAXR];
    for (int d = in->rank - 1; d >= 0; d--) {
      pos[d] = (uint64_t)(rem % in->shape[d]);
      rem /= in->shape[d];
      idx[d] = cpu_cidx(b, (int64_t)pos[d]);
    }
    MlirAttribute ea = mlirElementsAttrGetValue(a, in->rank, pos);
    MlirValue x = mlirAttributeIsAFloat(ea) ? cpu_cfloat(b, in->lt, mlirFloatAttrGetValueDouble(ea))
                  : mlirAttributeIsABool(ea) ? cpu_cint(b, in->lt, mlirBoolAttrGetValue(ea))
                                             : cpu_cint(b, in->lt, mlirIntegerAttrGetValueInt(ea));
    cpu_mstore(b, x, buf, in->rank, idx);
  }
  in->kind = K_BUF;
  in->v = buf;
}

/* An op with tile results: no code now (LAZY), except non-splat constants; tiles worth a buffer
 * are materialized before their first consumer, loads before the next memory write. */
static void lower_tile(Cpu *c, MlirOperation op, KirOpKind k) {
  if (!lazy_op(op)) {
    fail(c, op, "CPU lowering: unsupported op");
    return;
  }
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); r++) {
    MlirValue v = mlirOperationGetResult(op, r);
    Info *in = info(c, v);
    in->kind = K_LAZY;
    if (in->uses == 0)
      continue;
    if (k == KIR_OP_ARITH_CONSTANT) {
      MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
      if (!mlirDenseElementsAttrIsSplat(a)) {
        const_tile(c, a, in);
        continue;
      }
    }
    if (in->mat)
      defer_mat(c, in);
    else if (k == KIR_OP_LOAD) {
      in->pending = true;
      if (c->npend == c->cappend) {
        c->cappend = c->cappend ? c->cappend * 2 : 16;
        c->pend = realloc(c->pend, (size_t)c->cappend * sizeof *c->pend);
      }
      c->pend[c->npend++] = in;
    }
  }
}

/* A scalar elementwise op: the same op on the lowered scalars. */
static void lower_scalar(Cpu *c, MlirOperation op) {
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue args[16];
  if (n > 16 || mlirOperationGetNumResults(op) != 1 || (!lazy_op(op))) {
    fail(c, op, "CPU lowering: unsupported op");
    return;
  }
  for (intptr_t i = 0; i < n; i++)
    args[i] = scalar(c, mlirOperationGetOperand(op, i));
  MlirValue r = mlirOperationGetResult(op, 0);
  set_scalar(c, r, pointwise(c, op, n, args, info(c, r)));
}

static void lower_op(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  if (c->failed)
    return;
  b->loc = mlirOperationGetLocation(op);
  KirOpKind k = op_kind(op);
  if (c->ndefer && !lazy_op(op) && k != KIR_OP_REDUCE)
    flush_deferred(c, op, NULL, NULL);
  switch (k) {
  case KIR_OP_PROGRAM_ID:
  case KIR_OP_NUM_PROGRAMS:
    lower_grid(c, op, k);
    return;
  case KIR_OP_FUNC_RETURN:
    cpu_op(b, "func.return", 0, NULL, 0, NULL, 0, NULL);
    return;
  case KIR_OP_BARRIER:
    return;
  case KIR_OP_STORE:
  case KIR_OP_ATOMIC_RMW:
  case KIR_OP_ATOMIC_CAS:
    lower_mem(c, op);
    return;
  case KIR_OP_ASSERT:
    lower_assert(c, op);
    return;
  case KIR_OP_PRINT:
    lower_print(c, op);
    return;
  case KIR_OP_SCF_FOR:
  case KIR_OP_SCF_IF:
  case KIR_OP_SCF_WHILE:
    if (writes_memory(op))
      flush_loads(c, op);
    if (k == KIR_OP_SCF_FOR)
      lower_for(c, op);
    else if (k == KIR_OP_SCF_IF)
      lower_if(c, op);
    else
      lower_while(c, op);
    return;
  case KIR_OP_REDUCE:
    lower_reduce_filling(c, op);
    return;
  case KIR_OP_SCAN:
    lower_scan(c, op);
    return;
  case KIR_OP_SORT:
    lower_sort(c, op);
    return;
  case KIR_OP_DOT:
    lower_dot(c, op);
    return;
  case KIR_OP_UNSPLAT:
    set_scalar(c, mlirOperationGetResult(op, 0), elem0(c, mlirOperationGetOperand(op, 0)));
    return;
  default:
    break;
  }
  intptr_t nres = mlirOperationGetNumResults(op);
  if (nres > 0 && is_tensor(mlirValueGetType(mlirOperationGetResult(op, 0))))
    lower_tile(c, op, k);
  else
    lower_scalar(c, op);
}

static void lower_block(Cpu *c, MlirBlock blk) {
  MlirOperation term = mlirBlockGetTerminator(blk);
  for (MlirOperation op = mlirBlockGetFirstOperation(blk); !mlirOperationIsNull(op) && !c->failed;
       op = mlirOperationGetNextInBlock(op)) {
    if (mlirOperationEqual(op, term) && !is_op(op, KIR_OP_FUNC_RETURN))
      break;
    lower_op(c, op);
  }
  /* tiles of this block still waiting to be materialized have had all their uses lowered */
  int k = 0;
  for (int i = 0; i < c->ndefer; i++)
    if (!mlirBlockEqual(c->defer[i]->defblk, blk))
      c->defer[k++] = c->defer[i];
  c->ndefer = k;
}

/* ---- kernels ---------------------------------------------------------------------------------- */
static MlirStringRef arg_attr(MlirOperation f, intptr_t i, const char *name) {
  MlirAttribute aa = mlirOperationGetAttributeByName(f, kir_str("arg_attrs"));
  if (mlirAttributeIsNull(aa) || !mlirAttributeIsAArray(aa) || i >= mlirArrayAttrGetNumElements(aa))
    return (MlirStringRef){"", 0};
  MlirAttribute d = mlirArrayAttrGetElement(aa, i);
  MlirAttribute s = mlirDictionaryAttrGetElementByName(d, kir_str(name));
  if (mlirAttributeIsNull(s) || !mlirAttributeIsAString(s))
    return (MlirStringRef){"", 0};
  return mlirStringAttrGetValue(s);
}

static void emit_meta(Cpu *c, MlirOperation f, MlirStringRef name, intptr_t nargs) {
  CpuB *b = &c->b;
  size_t cap = 256 + name.length, len = 0;
  char *t = malloc(cap);
  len += (size_t)snprintf(t, cap, "kcc-meta 1\nkernel %.*s\n", (int)name.length, name.data);
  for (intptr_t i = 0; i < nargs; i++) {
    MlirStringRef pn = arg_attr(f, i, "kcc.name"), pt = arg_attr(f, i, "kcc.type");
    size_t need = len + pn.length + pt.length + 16;
    if (need > cap) {
      cap = need * 2;
      t = realloc(t, cap);
    }
    len += (size_t)snprintf(t + len, cap - len, "param %.*s %.*s\n", (int)pn.length, pn.data,
                            (int)pt.length, pt.data);
  }
  char gname[300];
  snprintf(gname, sizeof gname, "kcc_meta_%.*s", (int)name.length, name.data);
  MlirType at = mlirLLVMArrayTypeGet(mlirIntegerTypeGet(b->ctx, 8), (unsigned)len + 1);
  t[len] = 0;
  MlirNamedAttribute attrs[5] = {
      cpu_nattr(b, "global_type", mlirTypeAttrGet(at)),
      cpu_nattr(b, "constant", mlirUnitAttrGet(b->ctx)),
      cpu_nattr(b, "linkage", cpu_parse_attr(b, "#llvm.linkage<external>")),
      cpu_nattr(b, "sym_name", mlirStringAttrGet(b->ctx, kir_str(gname))),
      cpu_nattr(b, "value", mlirStringAttrGet(b->ctx, mlirStringRefCreate(t, len + 1))),
  };
  free(t);
  MlirRegion r = mlirRegionCreate();
  MlirOperationState st = mlirOperationStateGet(kir_str("llvm.mlir.global"), mlirOperationGetLocation(f));
  mlirOperationStateAddAttributes(&st, 5, attrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(c->mod), mlirOperationCreate(&st));
}

/* Creates `func.func @name(types...)` after op `after` and points the builder at its entry
 * block (constants and allocas are hoisted before an anchor op there). */
static MlirOperation begin_func(Cpu *c, MlirOperation after, MlirStringRef name, intptr_t n,
                                const MlirType *types, MlirLocation loc) {
  CpuB *b = &c->b;
  MlirLocation *locs = calloc((size_t)n + 1, sizeof *locs);
  for (intptr_t i = 0; i < n; i++)
    locs[i] = loc;
  MlirRegion region = mlirRegionCreate();
  MlirBlock entry = mlirBlockCreate(n, types, locs);
  free(locs);
  mlirRegionAppendOwnedBlock(region, entry);
  MlirNamedAttribute fattrs[2] = {
      cpu_nattr(b, "function_type", mlirTypeAttrGet(mlirFunctionTypeGet(b->ctx, n, types, 0, NULL))),
      cpu_nattr(b, "sym_name", mlirStringAttrGet(b->ctx, name)),
  };
  MlirOperationState st = mlirOperationStateGet(kir_str("func.func"), loc);
  mlirOperationStateAddAttributes(&st, 2, fattrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  MlirOperation f = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationAfter(mlirModuleGetBody(c->mod), after, f);
  b->entry = b->blk = entry;
  b->loc = loc;
  b->nconsts = 0;
  MlirType it = cpu_index_t(b);
  MlirNamedAttribute za = cpu_nattr(b, "value", mlirIntegerAttrGet(it, 0));
  b->anchor = kir_op(entry, "arith.constant", loc, 0, NULL, 1, &it, 1, &za);
  return f;
}

/* `void kcc_entry_NAME(void **args)`: loads the kernel's arguments through args[0..nargs+5] (the
 * pointers a libffi call takes) and calls it, so the runtime needs no per-call marshalling. The
 * kernel is `noinline`: the entry stays a few loads and a tail call. */
static void emit_entry(Cpu *c, MlirOperation kernel, MlirStringRef name, intptr_t n,
                       const MlirType *types) {
  CpuB *b = &c->b;
  MlirType pt = cpu_ptr_t(b);
  char ename[300];
  snprintf(ename, sizeof ename, "kcc_entry_%.*s", (int)name.length, name.data);
  begin_func(c, kernel, kir_str(ename), 1, &pt, mlirOperationGetLocation(kernel));
  mlirOperationSetAttributeByName(kernel, kir_str("passthrough"),
                                  cpu_parse_attr(b, "[\"noinline\"]"));
  MlirType i64 = cpu_int_t(b, 64);
  MlirValue args = mlirBlockGetArgument(b->entry, 0);
  MlirValue *vals = calloc((size_t)n, sizeof *vals);
  for (intptr_t i = 0; i < n; i++) {
    MlirValue slot = cpu_gep(b, args, cpu_cint(b, i64, i), pt);
    MlirValue p = cpu_op1(b, "llvm.load", 1, &slot, pt, 0, NULL);
    vals[i] = cpu_op1(b, "llvm.load", 1, &p, types[i], 0, NULL);
  }
  MlirNamedAttribute callee = cpu_nattr(b, "callee", mlirFlatSymbolRefAttrGet(b->ctx, name));
  cpu_op(b, "func.call", n, vals, 0, NULL, 1, &callee);
  cpu_op(b, "func.return", 0, NULL, 0, NULL, 0, NULL);
  free(vals);
}

static bool lower_kernel(Cpu *c, MlirOperation f) {
  CpuB *b = &c->b;
  MlirType ft = mlirTypeAttrGetValue(mlirOperationGetAttributeByName(f, kir_str("function_type")));
  intptr_t nargs = mlirFunctionTypeGetNumInputs(ft);
  MlirType *types = calloc((size_t)nargs + 6, sizeof *types);
  MlirBlock old = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  for (intptr_t i = 0; i < nargs; i++) {
    MlirType t = mlirFunctionTypeGetInput(ft, i);
    if (is_tensor(t)) {
      fail(c, f, "CPU lowering: kernel arguments must be scalars or pointers");
      free(types);
      return false;
    }
    MlirType ct = conv(c, t);
    if (mlirTypeIsAInteger(ct) && mlirIntegerTypeGetWidth(ct) == 1)
      ct = cpu_int_t(b, 8);
    else if (is_half(ct))
      ct = cpu_int_t(b, 16);
    types[i] = ct;
  }
  for (int i = 0; i < 6; i++)
    types[nargs + i] = cpu_int_t(b, 32);
  MlirStringRef name = mlirStringAttrGetValue(mlirOperationGetAttributeByName(f, kir_str("sym_name")));
  MlirOperation nf = begin_func(c, f, name, nargs + 6, types, mlirOperationGetLocation(f));
  MlirBlock entry = b->entry;
  for (intptr_t i = 0; i < nargs; i++) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    MlirType t = conv(c, mlirFunctionTypeGetInput(ft, i));
    if (mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 1)
      a = cpu_cast(b, "arith.trunci", a, t);
    else if (is_half(t))
      a = cpu_cast(b, "arith.bitcast", a, t);
    set_scalar(c, mlirBlockGetArgument(old, i), a);
  }
  for (int i = 0; i < 6; i++)
    c->grid[i] = mlirBlockGetArgument(entry, nargs + i);
  analyze(c, old);
  lower_block(c, old);
  emit_meta(c, f, name, nargs);
  if (!c->failed)
    emit_entry(c, nf, name, nargs + 6, types);
  free(types);
  if (c->failed) {
    mlirOperationDestroy(nf);
    return false;
  }
  mlirOperationDestroy(f);
  return true;
}

bool cpu_lower_kir(MlirModule m, int vec_bits, Diag *d) {
  MlirOperation kernels[64];
  int nk = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m)); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (is_op(op, KIR_OP_FUNC_FUNC) &&
        !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("kcc.kernel"))) && nk < 64)
      kernels[nk++] = op;
  bool ok = true;
  for (int i = 0; i < nk && ok; i++) {
    Cpu c = {0};
    c.b.ctx = mlirModuleGetContext(m);
    c.d = d;
    c.mod = m;
    c.vec_bits = vec_bits;
    ok = lower_kernel(&c, kernels[i]);
    for (size_t j = 0; j < c.cap; j++)
      free(c.tab[j]);
    free(c.tab);
    free(c.memo);
    free(c.pend);
    free(c.defer);
    free(c.b.consts);
  }
  return ok;
}

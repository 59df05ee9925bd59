/*
 * value.c - the CPU lowering's value model: the Info of every kir value (kind LAZY/BUF/OFFSET/
 * SCALAR, types, shape), element evaluation (elem: buffer read, offset + accumulator, or the
 * defining op recomputed on demand and memoized per block), materialization into stack buffers
 * (now, or deferred to the first consumer) and reachability (which tiles an evaluation reads).
 */
#include "lower_internal.h"
#include <stdarg.h>

void fail(Cpu *c, MlirOperation op, const char *fmt, ...) {
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

static bool kptr(Cpu *c, MlirType t, MlirType *pointee) {
  for (int i = 0; i < c->nptrcache; i++)
    if (c->ptrcache[i].t == t.ptr) {
      if (pointee) *pointee = c->ptrcache[i].pointee;
      return c->ptrcache[i].is_ptr;
    }
  bool p =
      !mlirTypeIsAInteger(t) && !mlirTypeIsAFloat(t) && !mlirTypeIsAIndex(t) && kir_is_ptr_type(t);
  MlirType pt = p ? kir_ptr_pointee(t) : (MlirType){NULL};
  if (c->nptrcache < 32) c->ptrcache[c->nptrcache++] = (PtrCache){t.ptr, p, pt};
  if (pointee) *pointee = pt;
  return p;
}

/* The type a kir scalar type computes as. */
MlirType conv(Cpu *c, MlirType t) {
  MlirType pt;
  if (kptr(c, t, &pt)) {
    (void)pt;
    return cpu_ptr_t(&c->b);
  }
  return t;
}

unsigned bytes_of(MlirType t) {
  if (mlirTypeIsAInteger(t)) return (mlirIntegerTypeGetWidth(t) + 7) / 8;
  if (mlirTypeIsAFloat(t)) return mlirFloatTypeGetWidth(t) / 8;
  return 8;
}

bool is_half(MlirType t) {
  return mlirTypeIsAF16(t) || mlirTypeIsABF16(t);
}

static size_t hash_ptr(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x;
}

static Info *info_find(Cpu *c, MlirValue v) {
  if (!c->cap) return NULL;
  for (size_t i = hash_ptr(v.ptr) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
    if (!c->tab[i]) return NULL;
    if (c->tab[i]->key == v.ptr) return c->tab[i];
  }
}

Info *info(Cpu *c, MlirValue v) {
  Info *in = info_find(c, v);
  if (in) return in;
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

void set_scalar(Cpu *c, MlirValue orig, MlirValue v) {
  Info *in = info(c, orig);
  in->kind = K_SCALAR;
  in->v = v;
}

MlirValue scalar(Cpu *c, MlirValue orig) {
  Info *in = info_find(c, orig);
  if (!in || in->kind != K_SCALAR) {
    fail(c, (MlirOperation){NULL}, "internal: CPU lowering uses a scalar before its definition");
    return cpu_zero(&c->b, conv(c, mlirValueGetType(orig)));
  }
  return in->v;
}

MlirBlock def_block(MlirValue v) {
  if (mlirValueIsABlockArgument(v)) return mlirBlockArgumentGetOwner(v);
  return mlirOperationGetBlock(mlirOpResultGetOwner(v));
}

int64_t numel(const Info *in) {
  int64_t n = 1;
  for (int i = 0; i < in->rank; i++)
    n *= in->shape[i];
  return n;
}

static bool encloses(MlirBlock outer, MlirBlock inner) {
  while (!mlirBlockIsNull(inner)) {
    if (mlirBlockEqual(outer, inner)) return true;
    MlirOperation p = mlirBlockGetParentOperation(inner);
    if (mlirOperationIsNull(p)) return false;
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

MlirValue to_storage(Cpu *c, MlirValue x, MlirType st) {
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsALLVMPointerType(t)) return cpu_cast(&c->b, "llvm.ptrtoint", x, st);
  if (!mlirTypeEqual(t, st)) return cpu_cast(&c->b, "arith.extf", x, st);
  return x;
}

MlirValue from_storage(Cpu *c, MlirValue x, MlirType lt) {
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsALLVMPointerType(lt)) return cpu_cast(&c->b, "llvm.inttoptr", x, lt);
  if (!mlirTypeEqual(t, lt)) return cpu_cast(&c->b, "arith.truncf", x, lt);
  return x;
}

/* Whether value v is defined inside (any block nested in) operation `op`. */
static bool defined_inside(MlirValue v, MlirOperation op) {
  MlirBlock blk = mlirValueIsABlockArgument(v) ? mlirBlockArgumentGetOwner(v)
                                               : mlirOperationGetBlock(mlirOpResultGetOwner(v));
  while (!mlirBlockIsNull(blk)) {
    MlirOperation p = mlirBlockGetParentOperation(blk);
    if (mlirOperationIsNull(p)) return false;
    if (mlirOperationEqual(p, op)) return true;
    blk = mlirOperationGetBlock(p);
  }
  return false;
}

/* A stack-buffer element whose indices do not depend on the innermost loops is read before
 * those loops (a read of an in-bounds stack element cannot trap). LLVM would otherwise sink the
 * read into the guarded branch of a masked load and then neither hoist it (a conditional load)
 * nor see the address as uniform: the vectorizer turned such row-invariant offsets into two
 * gathers per vector. Only the loops of a sink nest are left (never a kernel's own loop, whose
 * iterations may rewrite the buffer); a sink writes only its destination, so the hoisted read sees
 * the same value. */
static MlirValue buf_read(Cpu *c, const Info *in, const MlirValue *idx) {
  MlirOperation target = {NULL};
  for (MlirBlock blk = c->b.blk; !mlirBlockIsNull(blk);) {
    MlirOperation p = mlirBlockGetParentOperation(blk);
    if (mlirOperationIsNull(p) || !is_op(p, KIR_OP_SCF_FOR)) break;
    bool nestloop = false; /* only loops over a sink's own shape, never a kernel's loop */
    for (int i = 0; i < c->nnestfor && i < 64; i++)
      nestloop |= mlirOperationEqual(c->nestfor[i], p);
    if (!nestloop) break;
    bool inv = !defined_inside(in->v, p);
    for (int i = 0; inv && i < in->rank; i++)
      inv = !defined_inside(idx[i], p);
    if (!inv) break;
    target = p;
    blk = mlirOperationGetBlock(p);
  }
  MlirValue x = cpu_mload(&c->b, in->v, in->rank, idx);
  if (!mlirOperationIsNull(target)) mlirOperationMoveBefore(mlirOpResultGetOwner(x), target);
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
void copy_into(Cpu *c, MlirValue src, MlirValue dst, MlirType st) {
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
void copy_buf(Cpu *c, MlirValue src, const Info *si, MlirValue dst, MlirType st) {
  CopyBufUd u = {src, dst, si, st};
  nest(c, si->rank, si->shape, copy_buf_body, &u);
}

void unpend(Cpu *c, Info *in) {
  if (!in->pending) return;
  in->pending = false;
  for (int i = 0; i < c->npend; i++)
    if (c->pend[i] == in) {
      c->pend[i] = c->pend[--c->npend];
      break;
    }
}

/* Computes a lazy tile into a new stack buffer; afterwards it reads from there. */
void materialize(Cpu *c, MlirValue v) {
  Info *in = info(c, v);
  if (in->kind != K_LAZY && in->kind != K_OFFSET) return;
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
void defer_mat(Cpu *c, Info *in) {
  if (c->ndefer == c->capdefer) {
    c->capdefer = c->capdefer ? c->capdefer * 2 : 16;
    c->defer = realloc(c->defer, (size_t)c->capdefer * sizeof *c->defer);
  }
  in->defblk = def_block((MlirValue){(void *)in->key});
  c->defer[c->ndefer++] = in;
}

/* Whether reduce `op` visits each element of tile v exactly once at v's own index. */
static bool fills_whole(Cpu *c, MlirOperation op, const Info *in) {
  if (!is_op(op, KIR_OP_REDUCE)) return false;
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
void flush_deferred(Cpu *c, MlirOperation op, Info **fused, int *nfused) {
  for (int i = 0; i < c->ndefer; i++) {
    Info *in = c->defer[i];
    if (in->kind != K_LAZY) continue;
    if (fused && *nfused < 8 && fills_whole(c, op, in)) {
      in->fill = cpu_alloca(&c->b, in->st, in->rank, in->shape);
      fused[(*nfused)++] = in;
    } else {
      materialize(c, (MlirValue){(void *)in->key});
    }
  }
  c->ndefer = 0;
}

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

/* p + off where off is a sum: address the uniform part and each varying term as separate 64-bit
 * steps, so that LLVM sees addresses affine in the loop index (contiguous vector loads instead
 * of gathers of `p + sext(u + j)`). That is exact only when the int32 sum does not wrap, so the
 * split address is selected by a loop-invariant check that the exact sum of the terms' ranges
 * fits int32 (terms with compile-time ranges such as aranges, and run-time ones such as
 * `(pid * B + arange) * stride`, see range_of); LLVM unswitches the loop on it. Otherwise the
 * address of the wrapped int32 sum is used, which is what Triton's int32 index arithmetic means.
 * Only sums with a term of no computable range (offsets loaded from memory) keep the unchecked
 * split: there the int32 sum is assumed not to wrap. */
static MlirValue addptr_elem(Cpu *c, MlirValue p, MlirValue off, const MlirValue *idx,
                             MlirType pointee) {
  CpuB *b = &c->b;
  if (!sum_fits(c, off, false, NULL)) return addptr_split(c, p, off, idx, pointee);
  MlirValue terms[16], vals[16], split = p, sum = {NULL};
  int n = 0;
  sum_terms(c, off, terms, &n);
  for (int i = 0; i < n; i++) {
    vals[i] = elem(c, terms[i], idx);
    split = cpu_gep(b, split, vals[i], pointee);
  }
  if (c->fast && fast_fact(c, off, true))
    return split;             /* the nest's version test checked the ranges */
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
  KirOpKind kind = kir_op_kind(op);
  if (mlirOperationIsNull(op)) {
    fail(c, op, "internal: CPU lowering: unmapped tensor block argument");
    return cpu_zero(b, in->lt);
  }
  MlirValue sidx[MAXR];
  if (kind == KIR_OP_ARANGE) {
    MlirAttribute s = mlirOperationGetAttributeByName(op, kir_str("start"));
    int64_t start = mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
    MlirValue i = cpu_cast(b, "arith.index_cast", idx[0], in->lt);
    if (start == 0) return i;
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
    int axis =
        (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
    for (int d = 0, k = 0; d < in->rank; d++)
      if (d != axis) sidx[k++] = idx[d];
    return elem(c, src, sidx);
  }
  if (kind == KIR_OP_TRANS) {
    MlirValue src = mlirOperationGetOperand(op, 0);
    MlirAttribute ord = mlirOperationGetAttributeByName(op, kir_str("order"));
    for (int d = 0; d < in->rank; d++) {
      int o =
          mlirAttributeIsNull(ord) ? in->rank - 1 - d : (int)mlirDenseI32ArrayGetElement(ord, d);
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
      sidx[d] = s->shape[d] == 1 ? cpu_cidx(b, 0)
                                 : cpu_bin(b, "arith.remui", q, cpu_cidx(b, s->shape[d]));
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
  if (kind == KIR_OP_LOAD) unpend(c, in);
  return pointwise(c, op, n, args, in);
}

MlirValue elem(Cpu *c, MlirValue v, const MlirValue *idx) {
  Info *in = info(c, v);
  if (!in->tensor) return scalar(c, v);
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
    if (in->offset_int) return cpu_bin(&c->b, "arith.addi", base, in->v);
    return cpu_gep(&c->b, base, in->v, in->pointee);
  }
  case K_LAZY: {
    const void *key[MAXR + 1] = {v.ptr};
    for (int i = 0; i < in->rank; i++)
      key[i + 1] = idx[i].ptr;
    Memo *m = memo_slot(c, key);
    if (m->key[0] && encloses(m->blk, c->b.blk)) return m->v;
    MlirValue r = lazy_elem(c, v, idx);
    m = memo_slot(c, key); /* the table may have grown */
    if (!m->key[0]) c->mn++;
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

MlirValue elem0(Cpu *c, MlirValue v) {
  MlirValue z[MAXR];
  for (int i = 0; i < MAXR; i++)
    z[i] = cpu_cidx(&c->b, 0);
  return elem(c, v, z);
}

/* 0: v's on-demand evaluation does not touch the target; 1: only at the same index; 2: at
 * other indices too. The target is an original tile (tgt) or a buffer (buf). */
static int reach(Cpu *c, MlirValue v, bool ident, MlirValue tgt, MlirValue buf) {
  if (!is_tensor(mlirValueGetType(v))) return 0;
  if (!mlirValueIsNull(tgt) && mlirValueEqual(v, tgt)) return ident ? 1 : 2;
  Info *in = info(c, v);
  if (in->kind == K_BUF)
    return !mlirValueIsNull(buf) && mlirValueEqual(in->v, buf) ? (ident ? 1 : 2) : 0;
  if (in->kind == K_OFFSET) return reach(c, in->base, ident, tgt, buf);
  if (in->kind != K_LAZY) return 0;
  if (in->epoch == c->epoch && in->rc[ident] >= 0) return in->rc[ident];
  if (in->epoch != c->epoch) {
    in->epoch = c->epoch;
    in->rc[0] = in->rc[1] = -1;
  }
  MlirOperation op = def_op(v);
  KirOpKind kind = kir_op_kind(op);
  int r = 0;
  if (!mlirOperationIsNull(op)) {
    bool remap = kind == KIR_OP_BROADCAST || kind == KIR_OP_EXPAND_DIMS || kind == KIR_OP_RESHAPE ||
                 kind == KIR_OP_TRANS || kind == KIR_OP_JOIN || kind == KIR_OP_SPLIT;
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
      int x = reach(c, mlirOperationGetOperand(op, i), ident && !remap, tgt, buf);
      r = x > r ? x : r;
    }
  }
  in->rc[ident] = r;
  return r;
}

int reach_tile(Cpu *c, MlirValue v, MlirValue tgt) {
  c->epoch++;
  return reach(c, v, true, tgt, (MlirValue){NULL});
}

int reach_buf(Cpu *c, MlirValue v, MlirValue buf) {
  c->epoch++;
  return reach(c, v, true, (MlirValue){NULL}, buf);
}

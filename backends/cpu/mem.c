/*
 * mem.c - memory in the CPU lowering: guarded scalar loads, stores and atomics (llvm.atomicrmw /
 * cmpxchg) per live lane, and the ordering rule: before an op that writes memory, lazy loads not
 * yet evaluated are materialized, except those the op consumes at the address it writes; and the
 * check-bounds mode's per-lane checks (at the end).
 */
#include "lower_internal.h"

MlirValue load_scalar(Cpu *c, MlirValue p, MlirValue mask, MlirValue other, MlirType t, bool vol) {
  CpuB *b = &c->b;
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "alignment", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), bytes_of(t))),
      cpu_nattr(b, "volatile_", mlirUnitAttrGet(b->ctx)),
  };
  bool guarded = mlirValueIsNull(mask);
  for (int i = 0; !guarded && i < c->nguards; i++)
    guarded = mlirValueEqual(c->guards[i], mask);
  if (guarded) return cpu_op1(b, "llvm.load", 1, &p, t, vol ? 2 : 1, attrs);
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
  MlirNamedAttribute a =
      cpu_nattr(b, "alignment",
                mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), bytes_of(mlirValueGetType(v))));
  cpu_op(b, "llvm.store", 2, ops, 0, NULL, 1, &a);
}

/* The non-uniform offset tiles a pointer tile is built from: two pointer tiles with the same
 * signature address the same element at the same index (up to a uniform displacement). */
static int ptr_sig(Cpu *c, MlirValue p, const void **sig, int cap) {
  int n = 0;
  for (;;) {
    MlirOperation op = def_op(p);
    if (!mlirOperationIsNull(op) && is_op(op, KIR_OP_ADDPTR)) {
      MlirValue off = mlirOperationGetOperand(op, 1);
      if (!uniform(c, off) && n < cap) sig[n++] = off.ptr;
      p = mlirOperationGetOperand(op, 0);
      continue;
    }
    if (!mlirOperationIsNull(op) && is_op(op, KIR_OP_SPLAT)) return n;
    if (n < cap) sig[n++] = p.ptr;
    return n;
  }
}

static bool same_sig(Cpu *c, MlirValue p, MlirValue q) {
  const void *a[16], *b[16];
  int na = ptr_sig(c, p, a, 16), nb = ptr_sig(c, q, b, 16);
  if (na != nb || !mlirTypeEqual(info(c, p)->pointee, info(c, q)->pointee)) return false;
  for (int i = 0; i < na; i++) {
    bool found = false;
    for (int j = 0; j < nb && !found; j++)
      if (a[i] == b[j]) {
        b[j] = NULL;
        found = true;
      }
    if (!found) return false;
  }
  return true;
}

/* Before a memory-writing op: lazy loads not yet evaluated are materialized now, except those the
 * op itself consumes element by element at the address it writes (a fused load+store). */
void flush_loads(Cpu *c, MlirOperation op) {
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
bool writes_memory(MlirOperation op) {
  if (op_flags(op) & KIR_F_WRITES) return true;
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      for (MlirOperation o = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(o);
           o = mlirOperationGetNextInBlock(o))
        if (writes_memory(o)) return true;
  return false;
}

typedef struct MemUd {
  MlirOperation op;
  Info *res;      /* atomics: result tile (may be unused) */
  MlirValue rbuf; /* atomics: result buffer or null */
} MemUd;

static MlirValue atomic_one(Cpu *c, MlirOperation op, MlirValue p, MlirValue v, MlirValue cmpv,
                            MlirType t);
static void bounds_check(Cpu *c, MlirOperation op, const char *kind, MlirValue kptr, MlirValue lane,
                         unsigned ebytes);

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
  if (c->check_bounds)
    bounds_check(c, op, is_store ? "store" : "atomic", mlirOperationGetOperand(op, 0), ops[0],
                 bytes_of(mlirValueGetType(ops[1])));
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
  if (failure) o = o == 6 || o == 4 ? 4 : 2;
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
    MlirNamedAttribute pos =
        cpu_nattr(b, "position", mlirDenseI64ArrayGet(b->ctx, 1, (int64_t[]){0}));
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
  } kinds[] = {{"xchg", 0}, {"add", 1},  {"and", 3},   {"or", 5},    {"xor", 6},   {"max", 7},
               {"min", 8},  {"umax", 9}, {"umin", 10}, {"fadd", 11}, {"fmax", 13}, {"fmin", 14}};
  int bop = -1;
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (strcmp(kinds[i].k, kind) == 0) bop = kinds[i].op;
  if (bop < 0) {
    fail(c, op, "CPU lowering: unknown atomic kind '%s'", kind);
    return cpu_zero(b, t);
  }
  if (bop == 1 && mlirTypeIsAFloat(t)) bop = 11;
  MlirValue ops[2] = {p, v};
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "bin_op", mlirIntegerAttrGet(i64, bop)),
      cpu_nattr(b, "ordering", mlirIntegerAttrGet(i64, ordering(c, op, false))),
  };
  return cpu_op1(b, "llvm.atomicrmw", 2, ops, t, 2, attrs);
}

void lower_mem(Cpu *c, MlirOperation op) {
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

/* ---- check-bounds mode -----------------------------------------------------------------------
 * Each live lane of a load, store or atomic is checked against the array its pointer addresses:
 * the pointer is traced back to a kernel parameter through addptr and the shape ops (and the
 * inits of scf.for iter args), and the lane's byte offset from that parameter must lie in
 * [0, size - element bytes], size being the parameter's array size passed after the program ids
 * (INT64_MAX when the host did not know it). A pointer whose trace is lost (loaded from memory,
 * made by int_to_ptr, selected, carried by scf.while or scf.if results) is not checked. */
static intptr_t bounds_param(Cpu *c, MlirValue p) {
  for (int depth = 0; depth < 256; depth++) {
    if (mlirValueIsABlockArgument(p)) {
      MlirBlock blk = mlirBlockArgumentGetOwner(p);
      intptr_t k = mlirBlockArgumentGetArgNumber(p);
      if (mlirBlockEqual(blk, c->kblock)) return k < c->nkargs ? k : -1;
      MlirOperation owner = mlirBlockGetParentOperation(blk);
      /* scf.for: lower, upper, step, inits; block args: iv, iter args */
      if (mlirOperationIsNull(owner) || !is_op(owner, KIR_OP_SCF_FOR) || k < 1 ||
          3 + k - 1 >= mlirOperationGetNumOperands(owner))
        return -1;
      p = mlirOperationGetOperand(owner, 3 + k - 1);
      continue;
    }
    MlirOperation op = def_op(p);
    if (mlirOperationIsNull(op)) return -1;
    switch (kir_op_kind(op)) {
    case KIR_OP_ADDPTR:
    case KIR_OP_SPLAT:
    case KIR_OP_BROADCAST:
    case KIR_OP_EXPAND_DIMS:
    case KIR_OP_RESHAPE:
    case KIR_OP_TRANS:
      p = mlirOperationGetOperand(op, 0);
      continue;
    case KIR_OP_SCF_FOR: { /* a result: the init it started from */
      intptr_t k = -1;
      for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++)
        if (mlirValueEqual(mlirOperationGetResult(op, i), p)) k = i;
      if (k < 0 || 3 + k >= mlirOperationGetNumOperands(op)) return -1;
      p = mlirOperationGetOperand(op, 3 + k);
      continue;
    }
    default:
      return -1;
    }
  }
  return -1;
}

/* The check of one live lane: lane is the lowered address, kptr the kir pointer operand. */
static void bounds_check(Cpu *c, MlirOperation op, const char *kind, MlirValue kptr, MlirValue lane,
                         unsigned ebytes) {
  if (!c->check_bounds || !c->bsize || !ebytes) return;
  intptr_t j = bounds_param(c, kptr);
  if (j < 0) return;
  CpuB *b = &c->b;
  MlirType i64 = cpu_int_t(b, 64);
  MlirValue base = scalar(c, mlirBlockGetArgument(c->kblock, j));
  if (!mlirTypeIsALLVMPointerType(mlirValueGetType(base))) return;
  MlirValue off = cpu_bin(b, "arith.subi", cpu_cast(b, "llvm.ptrtoint", lane, i64),
                          cpu_cast(b, "llvm.ptrtoint", base, i64));
  MlirValue eb = cpu_cint(b, i64, ebytes);
  MlirValue size = c->bsize[j];
  MlirValue bad = cpu_bin(b, "arith.ori", cpu_cmpi(b, PI_SLT, off, cpu_zero(b, i64)),
                          cpu_cmpi(b, PI_SGT, off, cpu_bin(b, "arith.subi", size, eb)));
  /* an unknown size (INT64_MAX) checks nothing: the pointer may be inside a larger array */
  bad = cpu_bin(b, "arith.andi", bad, cpu_cmpi(b, PI_NE, size, cpu_cint(b, i64, INT64_MAX)));
  CpuIf f;
  cpu_if_begin(b, &f, bad, 0, NULL);
  MlirValue eoff = cpu_bin(b, "arith.divsi", off, eb);
  MlirValue nel = cpu_bin(b, "arith.divsi", size, eb);
  bounds_fail(c, op, kind, j, eoff, nel);
  cpu_if_end(b, &f, NULL, NULL);
}

MlirValue load_checked(Cpu *c, MlirOperation op, MlirValue p, MlirValue mask, MlirValue other,
                       MlirType t, bool vol) {
  CpuB *b = &c->b;
  bool guarded = mlirValueIsNull(mask);
  for (int i = 0; !guarded && i < c->nguards; i++)
    guarded = mlirValueEqual(c->guards[i], mask);
  if (guarded) {
    bounds_check(c, op, "load", mlirOperationGetOperand(op, 0), p, bytes_of(t));
    return load_scalar(c, p, mask, other, t, vol);
  }
  CpuIf f;
  cpu_if_begin(b, &f, mask, 1, &t);
  bounds_check(c, op, "load", mlirOperationGetOperand(op, 0), p, bytes_of(t));
  c->guards[c->nguards++] = mask;
  MlirValue x = load_scalar(c, p, mask, other, t, vol);
  c->nguards--;
  cpu_if_else(b, &f, &x);
  MlirValue o = mlirValueIsNull(other) ? cpu_zero(b, t) : other;
  MlirValue r;
  cpu_if_end(b, &f, &o, &r);
  return r;
}

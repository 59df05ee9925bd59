/*
 * lower.c - per-thread IR (docs/simt.md, section 2) -> LLVM dialect for an LLVM GPU target, with
 * the family's row (gpu.h) as the only target knowledge. Each scalar kir op, gpu op and
 * workgroup memref op is rewritten in place into LLVM-dialect ops (built in a scratch block,
 * then moved before the op they replace): pointers become `!llvm.ptr<global>` and GEPs, masked
 * loads/stores become scf.if around llvm.load/store, atomics llvm.atomicrmw / llvm.cmpxchg with
 * the ordering of `sem` and the sync scope of `scope`, the workgroup pool becomes the external
 * zero-sized dynamic shared memory array `kcc_dynamic_shared` (16-byte aligned), and the gpu ids
 * and barrier the family's ops. Math goes to math.c, print/assert to debug.c. Kernels get the
 * family's kernel attributes and the launch ABI of support/ptype.def (i1 as i8, fp16/bf16 as
 * 16-bit integers). Then the upstream conversion passes take scf/arith/math/cf/func to LLVM.
 * Ops of other dialects already in the LLVM dialect family (nvvm.*, rocdl.*) pass unchanged.
 */
#include "gpu.h"

#include "cpu/cpu.h"
#include "kir.h"
#include "simt/simt.h"
#include "strbuf.h"

#include <mlir-c/Conversion.h>
#include <mlir-c/Dialect/LLVM.h>
#include <mlir-c/Pass.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CB(g) ((CpuB *)(g)->cb)

static const char *const shared_global = "kcc_dynamic_shared";

/* ---- helpers ----------------------------------------------------------------------------------
 */
void gpu_fail(GpuB *g, MlirOperation op, const char *fmt, ...) {
  char file[512], where[600] = "", *text = NULL;
  int line, col;
  if (kir_loc_file_line_col(mlirOperationGetLocation(op), file, sizeof file, &line, &col))
    snprintf(where, sizeof where, "%s:%d:%d: ", file, line, col);
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&text, fmt, ap) < 0) abort();
  va_end(ap);
  diag_plain(g->d, "%s%s (target %s)", where, text, g->cfg->target->name);
  free(text);
  g->failed = true;
}

static MlirOperation module_lookup(GpuB *g, const char *name) {
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(g->mod));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("sym_name"));
    if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a) &&
        mlirStringRefEqual(mlirStringAttrGetValue(a), kir_str(name)))
      return op;
  }
  return (MlirOperation){NULL};
}

/* Parses `text` (one op without operands) and puts it first in the module. */
static void module_add(GpuB *g, const char *text) {
  MlirOperation op = mlirOperationCreateParse(g->ctx, kir_str(text), kir_str("kcc-gpu"));
  if (mlirOperationIsNull(op)) {
    diag_plain(g->d, "internal: cannot parse '%s'", text);
    g->failed = true;
    return;
  }
  mlirBlockInsertOwnedOperation(mlirModuleGetBody(g->mod), 0, op);
}

void gpu_declare(GpuB *g, const char *name, const char *fn_type) {
  if (!mlirOperationIsNull(module_lookup(g, name))) return;
  char text[512];
  snprintf(text, sizeof text, "func.func private @%s%s", name, fn_type);
  module_add(g, text);
}

MlirValue gpu_call(GpuB *g, const char *name, int n, const MlirValue *args, MlirType res) {
  MlirNamedAttribute a =
      cpu_nattr(CB(g), "callee", mlirFlatSymbolRefAttrGet(g->ctx, kir_str(name)));
  MlirOperation c = cpu_op(CB(g), "func.call", n, args, mlirTypeIsNull(res) ? 0 : 1, &res, 1, &a);
  return mlirTypeIsNull(res) ? (MlirValue){NULL} : mlirOperationGetResult(c, 0);
}

MlirValue gpu_string(GpuB *g, const char *s, size_t len) {
  char name[64];
  snprintf(name, sizeof name, "kcc_str_%d", g->nstrings++);
  MlirOperation glob =
      cpu_string_global(CB(g), name, s, len, "internal", mlirLocationUnknownGet(g->ctx));
  mlirBlockInsertOwnedOperation(mlirModuleGetBody(g->mod), 0, glob);
  MlirNamedAttribute a =
      cpu_nattr(CB(g), "global_name", mlirFlatSymbolRefAttrGet(g->ctx, kir_str(name)));
  return cpu_op1(CB(g), "llvm.mlir.addressof", 0, NULL, mlirLLVMPointerTypeGet(g->ctx, 0), 1, &a);
}

static MlirType ptr_t(GpuB *g, int as) {
  return mlirLLVMPointerTypeGet(g->ctx, (unsigned)as);
}

static bool is_int(MlirType t, unsigned w) {
  return mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == w;
}

/* The type of a value after lowering: kir pointers are global LLVM pointers. */
static MlirType val_t(GpuB *g, MlirType t) {
  return kir_is_ptr_type(t) ? ptr_t(g, g->cfg->dev.as_global) : t;
}

/* The type of a value in memory: i1 is a byte. */
static MlirType mem_t(GpuB *g, MlirType t) {
  return is_int(t, 1) ? cpu_int_t(CB(g), 8) : val_t(g, t);
}

static MlirValue to_i64(GpuB *g, MlirValue v) {
  MlirType t = mlirValueGetType(v), i64 = cpu_int_t(CB(g), 64);
  if (mlirTypeIsAIndex(t)) return cpu_cast(CB(g), "arith.index_cast", v, i64);
  if (is_int(t, 64)) return v;
  return cpu_cast(CB(g), "arith.extsi", v, i64);
}

static MlirValue gep(GpuB *g, MlirValue base, MlirValue idx, MlirType elem, int as) {
  MlirValue ops[2] = {base, to_i64(g, idx)};
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(CB(g), "elem_type", mlirTypeAttrGet(elem)),
      cpu_nattr(CB(g), "rawConstantIndices",
                mlirDenseI32ArrayGet(g->ctx, 1, (int32_t[]){INT32_MIN})),
  };
  return cpu_op1(CB(g), "llvm.getelementptr", 2, ops, ptr_t(g, as), 2, attrs);
}

static MlirValue load(GpuB *g, MlirValue ptr, MlirType t, bool vol) {
  MlirNamedAttribute a = cpu_nattr(CB(g), "volatile_", mlirUnitAttrGet(g->ctx));
  MlirValue v = cpu_op1(CB(g), "llvm.load", 1, &ptr, mem_t(g, t), vol ? 1 : 0, &a);
  if (is_int(t, 1)) v = cpu_cmpi(CB(g), 1 /* ne */, v, cpu_cint(CB(g), mem_t(g, t), 0));
  return v;
}

static void store(GpuB *g, MlirValue ptr, MlirValue v, bool vol) {
  if (is_int(mlirValueGetType(v), 1)) v = cpu_cast(CB(g), "arith.extui", v, cpu_int_t(CB(g), 8));
  MlirValue ops[2] = {v, ptr};
  MlirNamedAttribute a = cpu_nattr(CB(g), "volatile_", mlirUnitAttrGet(g->ctx));
  cpu_op(CB(g), "llvm.store", 2, ops, 0, NULL, vol ? 1 : 0, &a);
}

static bool has_attr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(name));
  return !mlirAttributeIsNull(a) && (!mlirAttributeIsABool(a) || mlirBoolAttrGetValue(a));
}

static MlirStringRef str_attr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a)) return mlirStringRefCreate("", 0);
  return mlirStringAttrGetValue(a);
}

static MlirValue opd(MlirOperation op, int i) {
  return mlirOperationGetOperand(op, i);
}

static MlirType res_type(MlirOperation op) {
  return mlirValueGetType(mlirOperationGetResult(op, 0));
}

/* ---- memory -----------------------------------------------------------------------------------
 */
/* Value `then_v` when mask, else `other` (NULL: zero), computed by `body` only under the mask. */
typedef MlirValue (*MaskedFn)(GpuB *g, MlirOperation op);

static MlirValue masked(GpuB *g, MlirOperation op, MlirValue mask, MlirType t, MaskedFn body,
                        const MlirValue *other) {
  CpuIf f;
  cpu_if_begin(CB(g), &f, mask, 1, &t);
  MlirValue v = body(g, op);
  cpu_if_else(CB(g), &f, &v);
  MlirValue o = other ? *other : cpu_zero(CB(g), t), r;
  cpu_if_end(CB(g), &f, &o, &r);
  return r;
}

static MlirValue do_load(GpuB *g, MlirOperation op) {
  return load(g, opd(op, 0), res_type(op), has_attr(op, "volatile"));
}

static MlirValue lower_load(GpuB *g, MlirOperation op) {
  intptr_t n = mlirOperationGetNumOperands(op);
  if (n == 1) return do_load(g, op);
  MlirValue other = n > 2 ? opd(op, 2) : (MlirValue){NULL};
  return masked(g, op, opd(op, 1), val_t(g, res_type(op)), do_load, n > 2 ? &other : NULL);
}

static void lower_store(GpuB *g, MlirOperation op) {
  bool vol = has_attr(op, "volatile");
  if (mlirOperationGetNumOperands(op) > 2) {
    CpuIf f;
    cpu_if_begin(CB(g), &f, opd(op, 2), 0, NULL);
    store(g, opd(op, 0), opd(op, 1), vol);
    cpu_if_end(CB(g), &f, NULL, NULL);
  } else {
    store(g, opd(op, 0), opd(op, 1), vol);
  }
}

static MlirValue lower_ptr_op(GpuB *g, MlirOperation op, KirOpKind k) {
  MlirType rt = val_t(g, res_type(op));
  MlirValue a = opd(op, 0);
  switch (k) {
  case KIR_OP_ADDPTR: {
    MlirValue off = opd(op, 1);
    if (is_int(mlirValueGetType(off), 1)) /* an i1 offset is -1 or 0 */
      off = cpu_cast(CB(g), "arith.extsi", off, cpu_int_t(CB(g), 64));
    return gep(g, a, off, mem_t(g, kir_ptr_pointee(res_type(op))), g->cfg->dev.as_global);
  }
  case KIR_OP_PTR_TO_INT:
    return cpu_cast(CB(g), "llvm.ptrtoint", a, rt);
  case KIR_OP_INT_TO_PTR:
    return cpu_cast(CB(g), "llvm.inttoptr", a, rt);
  default: /* bitcast */
    if (kir_is_ptr_type(res_type(op))) return a;
    return cpu_cast(CB(g), "arith.bitcast", a, rt);
  }
}

/* ---- atomics ----------------------------------------------------------------------------------
 */
static const struct {
  const char *kind;
  int bin_op; /* LLVM AtomicBinOp */
} atomic_ops[] = {{"xchg", 0}, {"add", 1},  {"and", 3},   {"or", 5},    {"xor", 6},   {"max", 7},
                  {"min", 8},  {"umax", 9}, {"umin", 10}, {"fadd", 11}, {"fmax", 13}, {"fmin", 14}};

/* LLVM AtomicOrdering of `sem` (default acq_rel) and of a failed compare-and-swap. */
static int ordering(MlirOperation op, bool failure) {
  MlirStringRef s = str_attr(op, "sem");
  if (mlirStringRefEqual(s, kir_str("relaxed"))) return 2;
  if (mlirStringRefEqual(s, kir_str("acquire"))) return 4;
  if (mlirStringRefEqual(s, kir_str("release"))) return failure ? 2 : 5;
  return failure ? 4 : 6;
}

static const char *sync_scope(GpuB *g, MlirOperation op) {
  MlirStringRef s = str_attr(op, "scope");
  if (mlirStringRefEqual(s, kir_str("cta"))) return g->fam->scope_cta;
  if (mlirStringRefEqual(s, kir_str("sys"))) return g->fam->scope_sys;
  return g->fam->scope_gpu;
}

static int atomic_attrs(GpuB *g, MlirOperation op, MlirNamedAttribute *a, int n) {
  const char *sc = sync_scope(g, op);
  if (*sc) a[n++] = cpu_nattr(CB(g), "syncscope", mlirStringAttrGet(g->ctx, kir_str(sc)));
  return n;
}

static MlirValue do_rmw(GpuB *g, MlirOperation op) {
  MlirStringRef ks = str_attr(op, "kind");
  int bin = -1;
  for (size_t i = 0; i < sizeof atomic_ops / sizeof *atomic_ops; i++)
    if (mlirStringRefEqual(ks, kir_str(atomic_ops[i].kind))) bin = atomic_ops[i].bin_op;
  MlirValue v = opd(op, 1);
  MlirType t = mlirValueGetType(v);
  if (is_int(t, 1)) v = cpu_cast(CB(g), "arith.extui", v, cpu_int_t(CB(g), 8));
  MlirType i64 = cpu_int_t(CB(g), 64);
  MlirNamedAttribute a[3] = {
      cpu_nattr(CB(g), "bin_op", mlirIntegerAttrGet(i64, bin)),
      cpu_nattr(CB(g), "ordering", mlirIntegerAttrGet(i64, ordering(op, false))),
  };
  MlirValue ops[2] = {opd(op, 0), v};
  MlirValue r =
      cpu_op1(CB(g), "llvm.atomicrmw", 2, ops, mlirValueGetType(v), atomic_attrs(g, op, a, 2), a);
  if (is_int(t, 1)) r = cpu_cmpi(CB(g), 1, r, cpu_cint(CB(g), mlirValueGetType(r), 0));
  return r;
}

static MlirValue lower_rmw(GpuB *g, MlirOperation op) {
  MlirStringRef ks = str_attr(op, "kind");
  bool known = false;
  for (size_t i = 0; i < sizeof atomic_ops / sizeof *atomic_ops; i++)
    known |= mlirStringRefEqual(ks, kir_str(atomic_ops[i].kind));
  MlirType t = res_type(op);
  bool fkind = ks.length && ks.data[0] == 'f';
  if (!known || (fkind && !mlirTypeIsAFloat(t)) ||
      (!fkind && mlirTypeIsAFloat(t) && !mlirStringRefEqual(ks, kir_str("xchg")))) {
    gpu_fail(g, op, "kir.atomic_rmw kind '%.*s' on this type is not supported", (int)ks.length,
             ks.data);
    return cpu_zero(CB(g), t);
  }
  if (mlirOperationGetNumOperands(op) > 2) return masked(g, op, opd(op, 2), t, do_rmw, NULL);
  return do_rmw(g, op);
}

/* cmpxchg on the bits of the value (LLVM's cmpxchg takes integers and pointers only) */
static MlirValue lower_cas(GpuB *g, MlirOperation op) {
  MlirType t = res_type(op);
  MlirType it = mlirTypeIsAFloat(t) ? cpu_int_t(CB(g), mlirFloatTypeGetWidth(t))
                : is_int(t, 1)      ? cpu_int_t(CB(g), 8)
                                    : val_t(g, t);
  MlirValue c = opd(op, 1), v = opd(op, 2);
  const char *to = mlirTypeIsAFloat(t) ? "arith.bitcast" : "arith.extui";
  if (!mlirTypeEqual(it, val_t(g, t))) {
    c = cpu_cast(CB(g), to, c, it);
    v = cpu_cast(CB(g), to, v, it);
  }
  MlirType i64 = cpu_int_t(CB(g), 64), i1 = cpu_int_t(CB(g), 1);
  MlirNamedAttribute a[3] = {
      cpu_nattr(CB(g), "success_ordering", mlirIntegerAttrGet(i64, ordering(op, false))),
      cpu_nattr(CB(g), "failure_ordering", mlirIntegerAttrGet(i64, ordering(op, true))),
  };
  MlirType st = mlirLLVMStructTypeLiteralGet(g->ctx, 2, (MlirType[]){it, i1}, false);
  MlirValue ops[3] = {opd(op, 0), c, v};
  MlirValue pair = cpu_op1(CB(g), "llvm.cmpxchg", 3, ops, st, atomic_attrs(g, op, a, 2), a);
  MlirNamedAttribute pos =
      cpu_nattr(CB(g), "position", mlirDenseI64ArrayGet(g->ctx, 1, (int64_t[]){0}));
  MlirValue old = cpu_op1(CB(g), "llvm.extractvalue", 1, &pair, it, 1, &pos);
  if (mlirTypeIsAFloat(t)) return cpu_cast(CB(g), "arith.bitcast", old, t);
  if (is_int(t, 1)) return cpu_cmpi(CB(g), 1, old, cpu_cint(CB(g), it, 0));
  return old;
}

/* ---- workgroup memory and gpu ops --------------------------------------------------------------
 */
static MlirValue shared_base(GpuB *g) {
  int as = g->cfg->dev.as_shared;
  if (mlirOperationIsNull(module_lookup(g, shared_global))) {
    char text[256];
    snprintf(text, sizeof text,
             "llvm.mlir.global external @%s() {addr_space = %d : i32, alignment = 16 : i64} : "
             "!llvm.array<0 x i8>",
             shared_global, as);
    module_add(g, text);
  }
  MlirNamedAttribute a =
      cpu_nattr(CB(g), "global_name", mlirFlatSymbolRefAttrGet(g->ctx, kir_str(shared_global)));
  return cpu_op1(CB(g), "llvm.mlir.addressof", 0, NULL, ptr_t(g, as), 1, &a);
}

/* Returns true when op was one of these (replaced or to be erased). */
static bool lower_memref(GpuB *g, MlirOperation op, MlirValue *out) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  int as = g->cfg->dev.as_shared;
  MlirType i8 = cpu_int_t(CB(g), 8);
  if (mlirStringRefEqual(name, kir_str("memref.alloca"))) {
    *out = shared_base(g);
  } else if (mlirStringRefEqual(name, kir_str("memref.view"))) {
    *out = gep(g, opd(op, 0), opd(op, 1), i8, as);
  } else if (mlirStringRefEqual(name, kir_str("memref.load"))) {
    MlirType t = res_type(op);
    *out = load(g, gep(g, opd(op, 0), opd(op, 1), mem_t(g, t), as), t, false);
  } else if (mlirStringRefEqual(name, kir_str("memref.store"))) {
    MlirType t = mlirValueGetType(opd(op, 0));
    store(g, gep(g, opd(op, 1), opd(op, 2), mem_t(g, t), as), opd(op, 0), false);
  } else {
    return false;
  }
  return true;
}

static MlirValue id_op(GpuB *g, const char *name) {
  return cpu_op1(CB(g), name, 0, NULL, cpu_int_t(CB(g), 32), 0, NULL);
}

/* Blocks in dimension dim from the dispatch packet: grid size (threads) / block size. */
static MlirValue packet_grid_dim(GpuB *g, int dim) {
  CpuB *b = CB(g);
  MlirType i8 = cpu_int_t(b, 8), i16 = cpu_int_t(b, 16), i32 = cpu_int_t(b, 32);
  MlirType pt = ptr_t(g, g->fam->packet_as), i64 = cpu_int_t(b, 64);
  MlirNamedAttribute attrs[3] = {
      cpu_nattr(b, "intrin", mlirStringAttrGet(g->ctx, kir_str(g->fam->packet_intrinsic))),
      cpu_nattr(b, "op_bundle_sizes", mlirDenseI32ArrayGet(g->ctx, 0, NULL)),
      cpu_nattr(b, "operandSegmentSizes", mlirDenseI32ArrayGet(g->ctx, 2, (int32_t[]){0, 0})),
  };
  MlirValue p = cpu_op1(b, "llvm.call_intrinsic", 0, NULL, pt, 3, attrs);
  MlirValue grid = load(
      g, gep(g, p, cpu_cint(b, i64, g->fam->packet_grid_offset + 4 * dim), i8, g->fam->packet_as),
      i32, false);
  MlirValue block = load(
      g, gep(g, p, cpu_cint(b, i64, g->fam->packet_block_offset + 2 * dim), i8, g->fam->packet_as),
      i16, false);
  return cpu_bin(b, "arith.divui", grid, cpu_cast(b, "arith.extui", block, i32));
}

static bool lower_gpu(GpuB *g, MlirOperation op, MlirValue *out) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  if (mlirStringRefEqual(name, kir_str("gpu.barrier"))) {
    cpu_op(CB(g), g->fam->barrier, 0, NULL, 0, NULL, 0, NULL);
    return true;
  }
  bool tid = mlirStringRefEqual(name, kir_str("gpu.thread_id"));
  bool bid = mlirStringRefEqual(name, kir_str("gpu.block_id"));
  bool grid = mlirStringRefEqual(name, kir_str("gpu.grid_dim"));
  if (!tid && !bid && !grid) return false;
  int dim = kir_gpu_dim(op);
  if (dim < 0 || (tid && dim != 0)) {
    gpu_fail(g, op, "'%.*s' needs dimension x%s", (int)name.length, name.data,
             tid ? " (blocks are 1-D)" : ", y or z");
    *out = cpu_cidx(CB(g), 0);
    return true;
  }
  MlirValue v = tid                     ? id_op(g, g->fam->thread_id)
                : bid                   ? id_op(g, g->fam->block_id[dim])
                : g->fam->grid_dim[dim] ? id_op(g, g->fam->grid_dim[dim])
                                        : packet_grid_dim(g, dim);
  MlirType rt = res_type(op);
  *out = mlirTypeIsAIndex(rt) ? cpu_cast(CB(g), "arith.index_castui", v, rt)
         : is_int(rt, 32)     ? v
                              : cpu_cast(CB(g), "arith.extui", v, rt);
  return true;
}

/* ---- the walk ---------------------------------------------------------------------------------
 */
typedef struct OpList {
  MlirOperation *ops;
  size_t n, cap;
} OpList;

static MlirWalkResult collect(MlirOperation op, void *ud) {
  OpList *l = ud;
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 256;
    l->ops = realloc(l->ops, l->cap * sizeof *l->ops);
    if (!l->ops) abort();
  }
  l->ops[l->n++] = op;
  return MlirWalkResultAdvance;
}

/* Rewrites op with the builder pointed at `scratch`; false when op stays. */
static bool lower_op(GpuB *g, MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  MlirValue r = {NULL};
  switch (k) {
  case KIR_OP_LOAD:
    r = lower_load(g, op);
    break;
  case KIR_OP_STORE:
    lower_store(g, op);
    break;
  case KIR_OP_ADDPTR:
  case KIR_OP_PTR_TO_INT:
  case KIR_OP_INT_TO_PTR:
  case KIR_OP_BITCAST:
    r = lower_ptr_op(g, op, k);
    break;
  case KIR_OP_ATOMIC_RMW:
    r = lower_rmw(g, op);
    break;
  case KIR_OP_ATOMIC_CAS:
    r = lower_cas(g, op);
    break;
  case KIR_OP_PRINT:
    gpu_lower_print(g, op);
    break;
  case KIR_OP_ASSERT:
    gpu_lower_assert(g, op);
    break;
  default:
    if (lower_memref(g, op, &r) || lower_gpu(g, op, &r)) break;
    if (kir_op_dialect(k) == KIR_D_MATH || k == KIR_OP_ARITH_REMF) return gpu_lower_math(g, op, k);
    if (k == KIR_OP_UNKNOWN || kir_op_dialect(k) == KIR_D_KIR) {
      MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
      bool known = (n.length > 5 && memcmp(n.data, "llvm.", 5) == 0) ||
                   (n.length > 5 && memcmp(n.data, "nvvm.", 5) == 0) ||
                   (n.length > 6 && memcmp(n.data, "rocdl.", 6) == 0) ||
                   mlirStringRefEqual(n, kir_str("func.func"));
      if (!known && kir_op_dialect(k) == KIR_D_KIR)
        gpu_fail(g, op, "'%.*s' is not an op of the per-thread IR (docs/simt.md, section 2)",
                 (int)n.length, n.data);
    }
    return false;
  }
  if (r.ptr) mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), r);
  return true;
}

/* Moves the ops built into `scratch` before `at`. */
static void splice_before(MlirBlock scratch, MlirOperation at) {
  for (MlirOperation o = mlirBlockGetFirstOperation(scratch); !mlirOperationIsNull(o);) {
    MlirOperation next = mlirOperationGetNextInBlock(o);
    mlirOperationMoveBefore(o, at);
    o = next;
  }
}

/* kir pointer types left on block arguments and results (scf carried values) -> LLVM. */
static MlirWalkResult retype(MlirOperation op, void *ud) {
  GpuB *g = ud;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++) {
    MlirValue v = mlirOperationGetResult(op, i);
    if (kir_is_ptr_type(mlirValueGetType(v))) mlirValueSetType(v, val_t(g, mlirValueGetType(v)));
  }
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      for (intptr_t i = 0; i < mlirBlockGetNumArguments(b); i++) {
        MlirValue v = mlirBlockGetArgument(b, i);
        if (kir_is_ptr_type(mlirValueGetType(v)))
          mlirValueSetType(v, val_t(g, mlirValueGetType(v)));
      }
  return MlirWalkResultAdvance;
}

/* The launch ABI (support/ptype.def): i1 arrives as i8, fp16/bf16 as 16-bit integers. */
static void kernel_signature(GpuB *g, MlirOperation f, MlirBlock entry, MlirOperation anchor) {
  intptr_t n = mlirBlockGetNumArguments(entry);
  MlirType *types = calloc((size_t)n + 1, sizeof *types);
  CpuB *b = CB(g);
  b->blk = entry;
  for (intptr_t i = 0; i < n; i++) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    MlirType t = val_t(g, mlirValueGetType(a));
    MlirType abi = is_int(t, 1)                              ? cpu_int_t(b, 8)
                   : mlirTypeIsAF16(t) || mlirTypeIsABF16(t) ? cpu_int_t(b, 16)
                                                             : t;
    types[i] = abi;
    mlirValueSetType(a, abi);
    if (mlirTypeEqual(abi, t)) continue;
    MlirOperation c = kir_op((MlirBlock){NULL}, is_int(t, 1) ? "arith.trunci" : "arith.bitcast",
                             mlirOperationGetLocation(f), 1, &a, 1, &t, 0, NULL);
    mlirBlockInsertOwnedOperationAfter(entry, anchor, c);
    MlirOperation except[1] = {c};
    mlirValueReplaceAllUsesExcept(a, mlirOperationGetResult(c, 0), 1, except);
  }
  MlirType ft = mlirFunctionTypeGet(g->ctx, n, types, 0, NULL);
  mlirOperationSetInherentAttributeByName(f, kir_str("function_type"), mlirTypeAttrGet(ft));
  free(types);
}

/* The family's kernel attributes on the llvm.func of each kernel (kcc.kernel and kcc.threads
 * came through convert-func-to-llvm). */
static void kernel_attributes(GpuB *g) {
  for (MlirOperation f = mlirBlockGetFirstOperation(mlirModuleGetBody(g->mod));
       !mlirOperationIsNull(f); f = mlirOperationGetNextInBlock(f)) {
    if (!mlirStringRefEqual(mlirIdentifierStr(mlirOperationGetName(f)), kir_str("llvm.func")) ||
        mlirAttributeIsNull(mlirOperationGetAttributeByName(f, kir_str("kcc.kernel"))))
      continue;
    mlirOperationSetDiscardableAttributeByName(f, kir_str(g->fam->kernel_attr),
                                               mlirUnitAttrGet(g->ctx));
    MlirAttribute th = mlirOperationGetAttributeByName(f, kir_str("kcc.threads"));
    int threads = !mlirAttributeIsNull(th) && mlirAttributeIsAInteger(th)
                      ? (int)mlirIntegerAttrGetValueInt(th)
                      : g->cfg->num_warps * g->cfg->dev.warp_size;
    char text[128];
    snprintf(text, sizeof text, g->fam->threads_fmt, threads, threads);
    mlirOperationSetDiscardableAttributeByName(f, kir_str(g->fam->threads_attr),
                                               mlirAttributeParseGet(g->ctx, kir_str(text)));
  }
}

/* The kernel's kcc-meta text, kept on the module (and as a global with meta_globals). */
static void keep_meta(GpuB *g, MlirOperation f, MlirAttribute *metas, intptr_t *nmeta) {
  size_t len;
  char *t = kir_kernel_meta(f, &len);
  metas[(*nmeta)++] = mlirStringAttrGet(g->ctx, mlirStringRefCreate(t, len));
  if (g->fam->meta_globals) {
    MlirStringRef name =
        mlirStringAttrGetValue(mlirOperationGetAttributeByName(f, kir_str("sym_name")));
    char gname[300];
    snprintf(gname, sizeof gname, "kcc_meta_%.*s", (int)name.length, name.data);
    MlirOperation glob =
        cpu_string_global(CB(g), gname, t, len, "external", mlirOperationGetLocation(f));
    mlirOperationSetInherentAttributeByName(
        glob, kir_str("addr_space"),
        mlirIntegerAttrGet(cpu_int_t(CB(g), 32), g->cfg->dev.as_constant));
    mlirBlockAppendOwnedOperation(mlirModuleGetBody(g->mod), glob);
  }
  free(t);
}

static bool lower_kernel(GpuB *g, MlirOperation f) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  if (mlirBlockIsNull(entry)) return true;
  CpuB *b = CB(g);
  /* constants are hoisted before a marker at the top of the entry block */
  MlirType i32 = cpu_int_t(b, 32);
  MlirNamedAttribute zero = cpu_nattr(b, "value", mlirIntegerAttrGet(i32, 0));
  MlirOperation anchor = kir_op((MlirBlock){NULL}, "arith.constant", mlirLocationUnknownGet(g->ctx),
                                0, NULL, 1, &i32, 1, &zero);
  mlirBlockInsertOwnedOperation(entry, 0, anchor);
  b->entry = entry;
  b->anchor = anchor;
  b->nconsts = 0;
  OpList l = {0};
  mlirOperationWalk(f, collect, &l, MlirWalkPreOrder);
  MlirBlock scratch = mlirBlockCreate(0, NULL, NULL);
  for (size_t i = 0; i < l.n; i++) {
    MlirOperation op = l.ops[i];
    if (mlirOperationEqual(op, f) || mlirOperationEqual(op, anchor)) continue;
    b->blk = scratch;
    b->loc = mlirOperationGetLocation(op);
    bool replaced = lower_op(g, op);
    splice_before(scratch, op);
    if (replaced) mlirOperationDestroy(op);
  }
  mlirBlockDestroy(scratch);
  free(l.ops);
  mlirOperationWalk(f, retype, g, MlirWalkPreOrder);
  kernel_signature(g, f, entry, anchor);
  return !g->failed;
}

/* ---- the conversion pipeline ------------------------------------------------------------------
 */
static void register_passes(void) {
  mlirRegisterConversionSCFToControlFlowPass();
  mlirRegisterConversionConvertMathToFuncs();
  mlirRegisterConversionConvertMathToLLVMPass();
  mlirRegisterConversionArithToLLVMConversionPass();
  mlirRegisterConversionConvertIndexToLLVMPass();
  mlirRegisterConversionConvertControlFlowToLLVMPass();
  mlirRegisterConversionConvertFuncToLLVMPass();
  mlirRegisterConversionUBToLLVMConversionPass();
  mlirRegisterConversionReconcileUnrealizedCastsPass();
}

static bool run_pipeline(MlirModule m, Diag *d) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, register_passes);
  MlirPassManager pm = mlirPassManagerCreate(mlirModuleGetContext(m));
  const char *pipeline =
      "builtin.module(convert-scf-to-cf, convert-math-to-funcs{convert-ctlz=false}, "
      "convert-math-to-llvm, convert-arith-to-llvm, convert-index-to-llvm, convert-cf-to-llvm, "
      "convert-func-to-llvm, convert-ub-to-llvm, reconcile-unrealized-casts)";
  bool ok = mlirLogicalResultIsSuccess(
      mlirParsePassPipeline(mlirPassManagerGetAsOpPassManager(pm), kir_str(pipeline), NULL, NULL));
  if (!ok)
    diag_plain(d, "internal: the GPU conversion pipeline does not parse");
  else
    ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m)));
  mlirPassManagerDestroy(pm);
  if (!ok && d->errors == 0) diag_plain(d, "internal: lowering to the LLVM dialect failed");
  return ok;
}

bool gpu_lower_to_llvm(MlirModule m, const KccTargetConfig *cfg, const GpuFamily *fam, Diag *d) {
  CpuB b = {.ctx = mlirModuleGetContext(m)};
  GpuB g = {.ctx = b.ctx,
            .mod = m,
            .cfg = cfg,
            .fam = fam,
            .d = d,
            .cb = &b,
            .mathlib = cfg->bitcode[0] != 0};
  fam->load_dialect(g.ctx);
  int nk = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    nk += kir_is_kernel(op);
  MlirAttribute *metas = calloc((size_t)nk + 1, sizeof *metas);
  intptr_t nmeta = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (kir_is_kernel(op)) keep_meta(&g, op, metas, &nmeta);
  mlirOperationSetDiscardableAttributeByName(mlirModuleGetOperation(m), kir_str("kcc.meta"),
                                             mlirArrayAttrGet(g.ctx, nmeta, metas));
  free(metas);
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (kir_is_kernel(op)) lower_kernel(&g, op);
  free(b.consts);
  if (g.failed) return false;
  if (nk == 0) {
    diag_plain(d, "the module holds no kernel (a func.func with kcc.kernel)");
    return false;
  }
  if (!run_pipeline(m, d)) return false;
  kernel_attributes(&g);
  return true;
}

bool gpu_lower(MlirModule m, const KccTargetConfig *cfg, const GpuFamily *fam, Diag *d) {
  return simt_assign_layouts(m, cfg, d) && simt_lower(m, cfg, d) &&
         gpu_lower_to_llvm(m, cfg, fam, d);
}

char *gpu_meta_comments(MlirModule lowered) {
  StrBuf b = {0};
  MlirAttribute a =
      mlirOperationGetAttributeByName(mlirModuleGetOperation(lowered), kir_str("kcc.meta"));
  for (intptr_t i = 0; !mlirAttributeIsNull(a) && i < mlirArrayAttrGetNumElements(a); i++) {
    MlirStringRef s = mlirStringAttrGetValue(mlirArrayAttrGetElement(a, i));
    strbuf_printf(&b, "/* %.*s*/\n", (int)s.length, s.data);
  }
  strbuf_printf(&b, "%s", "");
  return strbuf_take(&b, NULL);
}

/*
 * build.c - the small MLIR builder the CPU lowering writes with. The C API has no OpBuilder, so
 * this keeps an insertion block (ops are appended at its end), hoists constants and stack buffers
 * to the function entry (before an anchor op) so that loops never grow the stack and constants
 * dominate every use, and wraps scf.for / scf.if creation with their regions and terminators.
 */
#include "cpu.h"
#include "kir.h"

#include <mlir-c/Dialect/LLVM.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

MlirNamedAttribute cpu_nattr(CpuB *b, const char *name, MlirAttribute a) {
  return mlirNamedAttributeGet(mlirIdentifierGet(b->ctx, kir_str(name)), a);
}

MlirAttribute cpu_parse_attr(CpuB *b, const char *text) {
  return mlirAttributeParseGet(b->ctx, kir_str(text));
}

MlirOperation cpu_op(CpuB *b, const char *name, intptr_t nops, const MlirValue *ops, intptr_t nres,
                     const MlirType *res, intptr_t nattrs, const MlirNamedAttribute *attrs) {
  return kir_op(b->blk, name, b->loc, nops, ops, nres, res, nattrs, attrs);
}

MlirValue cpu_op1(CpuB *b, const char *name, intptr_t nops, const MlirValue *ops, MlirType res,
                  intptr_t nattrs, const MlirNamedAttribute *attrs) {
  return mlirOperationGetResult(cpu_op(b, name, nops, ops, 1, &res, nattrs, attrs), 0);
}

MlirType cpu_int_t(CpuB *b, unsigned w) {
  return mlirIntegerTypeGet(b->ctx, w);
}
MlirType cpu_index_t(CpuB *b) {
  return mlirIndexTypeGet(b->ctx);
}
MlirType cpu_ptr_t(CpuB *b) {
  return mlirLLVMPointerTypeGet(b->ctx, 0);
}

MlirValue cpu_bin(CpuB *b, const char *name, MlirValue x, MlirValue y) {
  MlirValue ops[2] = {x, y};
  return cpu_op1(b, name, 2, ops, mlirValueGetType(x), 0, NULL);
}

MlirValue cpu_bin_fm(CpuB *b, const char *name, MlirValue x, MlirValue y, const char *fastmath) {
  MlirValue ops[2] = {x, y};
  char text[96];
  snprintf(text, sizeof text, "#arith.fastmath<%s>", fastmath);
  MlirNamedAttribute a = cpu_nattr(b, "fastmath", cpu_parse_attr(b, text));
  return cpu_op1(b, name, 2, ops, mlirValueGetType(x), 1, &a);
}

static MlirValue cmp(CpuB *b, const char *name, int pred, MlirValue x, MlirValue y) {
  MlirValue ops[2] = {x, y};
  MlirType i1 = cpu_int_t(b, 1);
  MlirType t = mlirValueGetType(x);
  if (mlirTypeIsAVector(t)) {
    int64_t n = mlirShapedTypeGetDimSize(t, 0);
    i1 = mlirVectorTypeGet(1, &n, i1);
  }
  MlirNamedAttribute a =
      cpu_nattr(b, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), pred));
  return cpu_op1(b, name, 2, ops, i1, 1, &a);
}

MlirValue cpu_cmpi(CpuB *b, int pred, MlirValue x, MlirValue y) {
  return cmp(b, "arith.cmpi", pred, x, y);
}
MlirValue cpu_cmpf(CpuB *b, int pred, MlirValue x, MlirValue y) {
  return cmp(b, "arith.cmpf", pred, x, y);
}

MlirValue cpu_select(CpuB *b, MlirValue c, MlirValue x, MlirValue y) {
  MlirValue ops[3] = {c, x, y};
  return cpu_op1(b, "arith.select", 3, ops, mlirValueGetType(x), 0, NULL);
}

MlirValue cpu_cast(CpuB *b, const char *name, MlirValue x, MlirType to) {
  return cpu_op1(b, name, 1, &x, to, 0, NULL);
}

/* Creates `op` before the entry anchor (hoisted). */
static MlirValue hoist(CpuB *b, MlirOperation op) {
  mlirBlockInsertOwnedOperationBefore(b->entry, b->anchor, op);
  return mlirOperationGetResult(op, 0);
}

static MlirValue constant(CpuB *b, MlirType t, bool is_float, int64_t iv, double fv) {
  for (int i = 0; i < b->nconsts; i++) {
    CpuConst *k = &b->consts[i];
    if (k->type == t.ptr && k->is_float == is_float &&
        (is_float ? memcmp(&k->fval, &fv, sizeof fv) == 0 : k->ival == iv))
      return k->v;
  }
  MlirAttribute a;
  if (is_float)
    a = mlirFloatAttrDoubleGet(b->ctx, t, fv);
  else
    a = mlirIntegerAttrGet(t, iv);
  MlirNamedAttribute na = cpu_nattr(b, "value", a);
  MlirValue v = hoist(b, kir_op((MlirBlock){NULL}, "arith.constant", mlirLocationUnknownGet(b->ctx),
                                0, NULL, 1, &t, 1, &na));
  if (b->nconsts == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 64;
    b->consts = realloc(b->consts, (size_t)b->cap * sizeof *b->consts);
  }
  b->consts[b->nconsts++] = (CpuConst){t.ptr, iv, fv, is_float, v};
  return v;
}

MlirValue cpu_cint(CpuB *b, MlirType t, int64_t v) {
  if (mlirTypeIsAInteger(t)) {
    unsigned w = mlirIntegerTypeGetWidth(t);
    if (w < 64) /* canonical sign-extended form */
      v = (int64_t)((uint64_t)v << (64 - w)) >> (64 - w);
  }
  return constant(b, t, false, v, 0);
}
MlirValue cpu_cidx(CpuB *b, int64_t v) {
  return constant(b, cpu_index_t(b), false, v, 0);
}
MlirValue cpu_cfloat(CpuB *b, MlirType t, double v) {
  return constant(b, t, true, 0, v);
}

MlirValue cpu_zero(CpuB *b, MlirType t) {
  if (mlirTypeIsALLVMPointerType(t))
    return hoist(b, kir_op((MlirBlock){NULL}, "llvm.mlir.zero", mlirLocationUnknownGet(b->ctx), 0,
                           NULL, 1, &t, 0, NULL));
  if (mlirTypeIsAInteger(t) || mlirTypeIsAIndex(t)) return cpu_cint(b, t, 0);
  return cpu_cfloat(b, t, 0.0);
}

MlirValue cpu_alloca(CpuB *b, MlirType elt, int rank, const int64_t *shape) {
  MlirType mt = mlirMemRefTypeContiguousGet(elt, rank, shape, mlirAttributeGetNull());
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "alignment", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 64)),
      cpu_nattr(b, "operandSegmentSizes", mlirDenseI32ArrayGet(b->ctx, 2, (int32_t[]){0, 0})),
  };
  return hoist(b, kir_op((MlirBlock){NULL}, "memref.alloca", mlirLocationUnknownGet(b->ctx), 0,
                         NULL, 1, &mt, 2, attrs));
}

MlirValue cpu_mload(CpuB *b, MlirValue mem, int rank, const MlirValue *idx) {
  MlirValue ops[9];
  ops[0] = mem;
  for (int i = 0; i < rank; i++)
    ops[i + 1] = idx[i];
  MlirType elt = mlirShapedTypeGetElementType(mlirValueGetType(mem));
  return cpu_op1(b, "memref.load", rank + 1, ops, elt, 0, NULL);
}

void cpu_mstore(CpuB *b, MlirValue val, MlirValue mem, int rank, const MlirValue *idx) {
  MlirValue ops[10];
  ops[0] = val;
  ops[1] = mem;
  for (int i = 0; i < rank; i++)
    ops[i + 2] = idx[i];
  cpu_op(b, "memref.store", rank + 2, ops, 0, NULL, 0, NULL);
}

MlirValue cpu_gep(CpuB *b, MlirValue ptr, MlirValue off, MlirType elt) {
  MlirValue ops[2] = {ptr, off};
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "elem_type", mlirTypeAttrGet(elt)),
      cpu_nattr(b, "rawConstantIndices", mlirDenseI32ArrayGet(b->ctx, 1, (int32_t[]){INT32_MIN})),
  };
  return cpu_op1(b, "llvm.getelementptr", 2, ops, cpu_ptr_t(b), 2, attrs);
}

void cpu_for_begin(CpuB *b, CpuFor *f, MlirValue lb, MlirValue ub, MlirValue step, int n,
                   const MlirValue *inits, MlirValue *iv, MlirValue *args) {
  MlirValue ops[3 + 64];
  MlirType types[1 + 64];
  MlirLocation locs[1 + 64];
  ops[0] = lb, ops[1] = ub, ops[2] = step;
  types[0] = mlirValueGetType(lb);
  locs[0] = b->loc;
  for (int i = 0; i < n; i++) {
    ops[3 + i] = inits[i];
    types[1 + i] = mlirValueGetType(inits[i]);
    locs[1 + i] = b->loc;
  }
  MlirRegion r = mlirRegionCreate();
  f->body = mlirBlockCreate(n + 1, types, locs);
  mlirRegionAppendOwnedBlock(r, f->body);
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.for"), b->loc);
  mlirOperationStateAddOperands(&st, 3 + n, ops);
  if (n) mlirOperationStateAddResults(&st, n, types + 1);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  f->op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(b->blk, f->op);
  f->saved = b->blk;
  b->blk = f->body;
  if (iv) *iv = mlirBlockGetArgument(f->body, 0);
  for (int i = 0; i < n; i++)
    args[i] = mlirBlockGetArgument(f->body, i + 1);
}

void cpu_for_end(CpuB *b, CpuFor *f, int n, const MlirValue *yields, MlirValue *results) {
  cpu_op(b, "scf.yield", n, yields, 0, NULL, 0, NULL);
  b->blk = f->saved;
  for (int i = 0; i < n; i++)
    results[i] = mlirOperationGetResult(f->op, i);
}

void cpu_loop_no_unroll(CpuB *b, CpuFor *f) {
  MlirAttribute a =
      mlirAttributeParseGet(b->ctx, kir_str("#llvm.loop_annotation<unroll = <disable = true>>"));
  if (!mlirAttributeIsNull(a))
    mlirOperationSetDiscardableAttributeByName(f->op, kir_str("llvm.loop_annotation"), a);
}

void cpu_loop_no_vectorize(CpuB *b, CpuFor *f) {
  MlirAttribute a =
      mlirAttributeParseGet(b->ctx, kir_str("#llvm.loop_annotation<vectorize = <disable = true>>"));
  if (!mlirAttributeIsNull(a))
    mlirOperationSetDiscardableAttributeByName(f->op, kir_str("llvm.loop_annotation"), a);
}

void cpu_if_begin(CpuB *b, CpuIf *f, MlirValue cond, int nres, const MlirType *types) {
  MlirRegion r[2] = {mlirRegionCreate(), mlirRegionCreate()};
  f->then_b = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(r[0], f->then_b);
  f->else_b = (MlirBlock){NULL};
  if (nres) {
    f->else_b = mlirBlockCreate(0, NULL, NULL);
    mlirRegionAppendOwnedBlock(r[1], f->else_b);
  }
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.if"), b->loc);
  mlirOperationStateAddOperands(&st, 1, &cond);
  if (nres) mlirOperationStateAddResults(&st, nres, types);
  mlirOperationStateAddOwnedRegions(&st, 2, r);
  f->op = mlirOperationCreate(&st);
  f->nres = nres;
  mlirBlockAppendOwnedOperation(b->blk, f->op);
  f->saved = b->blk;
  b->blk = f->then_b;
}

void cpu_if_else(CpuB *b, CpuIf *f, const MlirValue *yields) {
  cpu_op(b, "scf.yield", f->nres, yields, 0, NULL, 0, NULL);
  if (mlirBlockIsNull(f->else_b)) {
    f->else_b = mlirBlockCreate(0, NULL, NULL);
    mlirRegionAppendOwnedBlock(mlirOperationGetRegion(f->op, 1), f->else_b);
  }
  b->blk = f->else_b;
}

void cpu_if_end(CpuB *b, CpuIf *f, const MlirValue *yields, MlirValue *results) {
  if (mlirBlockEqual(b->blk, f->then_b)) { /* no else branch was opened */
    cpu_op(b, "scf.yield", f->nres, yields, 0, NULL, 0, NULL);
  } else {
    cpu_op(b, "scf.yield", f->nres, yields, 0, NULL, 0, NULL);
  }
  b->blk = f->saved;
  for (int i = 0; i < f->nres; i++)
    results[i] = mlirOperationGetResult(f->op, i);
}

MlirOperation cpu_string_global(CpuB *b, const char *name, const char *text, size_t len,
                                const char *linkage, MlirLocation loc) {
  MlirType at = mlirLLVMArrayTypeGet(mlirIntegerTypeGet(b->ctx, 8), (unsigned)len + 1);
  char lk[64];
  snprintf(lk, sizeof lk, "#llvm.linkage<%s>", linkage);
  char *z = malloc(len + 1);
  memcpy(z, text, len);
  z[len] = 0;
  MlirNamedAttribute attrs[5] = {
      cpu_nattr(b, "global_type", mlirTypeAttrGet(at)),
      cpu_nattr(b, "constant", mlirUnitAttrGet(b->ctx)),
      cpu_nattr(b, "linkage", cpu_parse_attr(b, lk)),
      cpu_nattr(b, "sym_name", mlirStringAttrGet(b->ctx, kir_str(name))),
      cpu_nattr(b, "value", mlirStringAttrGet(b->ctx, mlirStringRefCreate(z, len + 1))),
  };
  free(z);
  MlirRegion r = mlirRegionCreate();
  MlirOperationState st = mlirOperationStateGet(kir_str("llvm.mlir.global"), loc);
  mlirOperationStateAddAttributes(&st, 5, attrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &r);
  return mlirOperationCreate(&st);
}

MlirValue cpu_guard_divisor(CpuB *b, const char *name, MlirValue a, MlirValue d) {
  MlirType t = mlirValueGetType(d);
  unsigned w = mlirIntegerTypeGetWidth(t);
  MlirValue one = cpu_cint(b, t, 1);
  MlirValue bad = cpu_cmpi(b, 0 /* eq */, d, cpu_cint(b, t, 0));
  bool is_signed = !strstr(name, "ui");
  if (is_signed && w > 1) {
    int64_t minv = w >= 64 ? INT64_MIN : -((int64_t)1 << (w - 1));
    MlirValue ovf = cpu_bin(b, "arith.andi", cpu_cmpi(b, 0, a, cpu_cint(b, t, minv)),
                            cpu_cmpi(b, 0, d, cpu_cint(b, t, -1)));
    bad = cpu_bin(b, "arith.ori", bad, ovf);
  }
  return cpu_select(b, bad, one, d);
}

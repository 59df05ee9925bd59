/*
 * abi.c - the CPU kernel ABI (docs/kir.md): the kernel function with its runtime parameters and
 * six trailing i32 program ids / grid sizes, `void kcc_entry_NAME(void **args)` that calls it,
 * and the `kcc_meta_NAME` string describing its parameters.
 */
#include "lower_internal.h"

static MlirStringRef arg_attr(MlirOperation f, intptr_t i, const char *name) {
  MlirAttribute aa = mlirOperationGetAttributeByName(f, kir_str("arg_attrs"));
  if (mlirAttributeIsNull(aa) || !mlirAttributeIsAArray(aa) || i >= mlirArrayAttrGetNumElements(aa))
    return (MlirStringRef){"", 0};
  MlirAttribute d = mlirArrayAttrGetElement(aa, i);
  MlirAttribute s = mlirDictionaryAttrGetElementByName(d, kir_str(name));
  if (mlirAttributeIsNull(s) || !mlirAttributeIsAString(s)) return (MlirStringRef){"", 0};
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
  MlirOperation g = cpu_string_global(b, gname, t, len, "external", mlirOperationGetLocation(f));
  free(t);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(c->mod), g);
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
      cpu_nattr(b, "function_type",
                mlirTypeAttrGet(mlirFunctionTypeGet(b->ctx, n, types, 0, NULL))),
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

bool lower_kernel(Cpu *c, MlirOperation f) {
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
  MlirStringRef name =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(f, kir_str("sym_name")));
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
  if (!c->failed) emit_entry(c, nf, name, nargs + 6, types);
  free(types);
  if (c->failed) {
    mlirOperationDestroy(nf);
    return false;
  }
  mlirOperationDestroy(f);
  return true;
}

/*
 * abi.c - the CPU kernel ABI (docs/kir.md): the kernel function with its runtime parameters and
 * six trailing i32 program ids / grid sizes, `void kcc_entry_NAME(void **args)` that calls it,
 * and the `kcc_meta_NAME` string (kir_kernel_meta). Argument types come from the one parameter-type
 * table (support/ptype.def).
 */
#include "lower_internal.h"
#include "ptype.h"

static MlirStringRef arg_attr(MlirOperation f, intptr_t i, const char *name) {
  MlirAttribute aa = mlirOperationGetAttributeByName(f, kir_str("arg_attrs"));
  if (mlirAttributeIsNull(aa) || !mlirAttributeIsAArray(aa) || i >= mlirArrayAttrGetNumElements(aa))
    return (MlirStringRef){"", 0};
  MlirAttribute d = mlirArrayAttrGetElement(aa, i);
  MlirAttribute s = mlirDictionaryAttrGetElementByName(d, kir_str(name));
  if (mlirAttributeIsNull(s) || !mlirAttributeIsAString(s)) return (MlirStringRef){"", 0};
  return mlirStringAttrGetValue(s);
}

MlirStringRef kernel_arg_name(Cpu *c, intptr_t i) {
  return arg_attr(c->kfunc, i, "kcc.name");
}

/* The constant string kcc_meta_NAME: the kernel's metadata, made from its kir by the common
 * code every target uses (kir_kernel_meta). */
static void emit_meta(Cpu *c, MlirOperation f, MlirStringRef name) {
  size_t len;
  char *t = kir_kernel_meta(f, &len);
  char gname[300];
  snprintf(gname, sizeof gname, "kcc_meta_%.*s", (int)name.length, name.data);
  MlirOperation g =
      cpu_string_global(&c->b, gname, t, len, "external", mlirOperationGetLocation(f));
  free(t);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(c->mod), g);
}

/* The type of argument i at the kernel ABI, from the row of its kcc.type in the parameter-type
 * table (support/ptype.def: i1 is passed as i8, fp16/bf16 as i16 integers); hand-written kir
 * without kcc.type follows the same rule from the MLIR type `t` (already converted). */
static MlirType abi_type(Cpu *c, MlirOperation f, intptr_t i, MlirType t) {
  MlirStringRef sp = arg_attr(f, i, "kcc.type");
  char spelling[32];
  snprintf(spelling, sizeof spelling, "%.*s", (int)sp.length, sp.data);
  const PType *row = sp.length ? ptype_find(spelling, NULL) : NULL;
  if (row && (row->kind == PTYPE_POINTER || row->abi_float)) return t;
  int bits = row                                                        ? row->abi_bits
             : mlirTypeIsAInteger(t) && mlirIntegerTypeGetWidth(t) == 1 ? 8
             : is_half(t)                                               ? 16
                                                                        : 0;
  return bits ? cpu_int_t(&c->b, (unsigned)bits) : t;
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
 * kernel is `noinline`: the entry stays a few loads and a tail call. With check-bounds, n counts
 * the array sizes after the program ids too. */
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
  MlirOperation mop = mlirModuleGetOperation(c->mod);
  c->check_bounds =
      !mlirAttributeIsNull(mlirOperationGetAttributeByName(mop, kir_str("kcc.check_bounds")));
  intptr_t nb = c->check_bounds ? nargs : 0; /* check-bounds: array sizes after the grid */
  MlirType *types = calloc((size_t)(nargs + 6 + nb), sizeof *types);
  MlirBlock old = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
  for (intptr_t i = 0; i < nargs; i++) {
    MlirType t = mlirFunctionTypeGetInput(ft, i);
    if (is_tensor(t)) {
      fail(c, f, "CPU lowering: kernel arguments must be scalars or pointers");
      free(types);
      return false;
    }
    types[i] = abi_type(c, f, i, conv(c, t));
  }
  for (int i = 0; i < 6; i++)
    types[nargs + i] = cpu_int_t(b, 32);
  for (intptr_t i = 0; i < nb; i++)
    types[nargs + 6 + i] = cpu_int_t(b, 64);
  MlirStringRef name =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(f, kir_str("sym_name")));
  MlirOperation nf = begin_func(c, f, name, nargs + 6 + nb, types, mlirOperationGetLocation(f));
  MlirBlock entry = b->entry;
  for (intptr_t i = 0; i < nargs; i++) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    MlirType t = conv(c, mlirFunctionTypeGetInput(ft, i));
    if (!mlirTypeEqual(t, types[i])) /* narrowed back from its ABI type */
      a = cpu_cast(b, is_half(t) ? "arith.bitcast" : "arith.trunci", a, t);
    set_scalar(c, mlirBlockGetArgument(old, i), a);
  }
  for (int i = 0; i < 6; i++)
    c->grid[i] = mlirBlockGetArgument(entry, nargs + i);
  c->kfunc = f;
  c->kblock = old;
  c->nkargs = nargs;
  c->bsize = nb ? calloc((size_t)nb, sizeof *c->bsize) : NULL;
  for (intptr_t i = 0; i < nb; i++)
    c->bsize[i] = mlirBlockGetArgument(entry, nargs + 6 + i);
  analyze(c, old);
  lower_block(c, old);
  emit_meta(c, f, name);
  if (!c->failed) emit_entry(c, nf, name, nargs + 6 + nb, types);
  free(types);
  free(c->bsize);
  c->bsize = NULL;
  if (c->failed) {
    mlirOperationDestroy(nf);
    return false;
  }
  mlirOperationDestroy(f);
  return true;
}

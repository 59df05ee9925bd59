/*
 * meta.c - the "kcc-meta" text of a kernel, made from kir attributes by the same code for every
 * target. Each target embeds it in its artefact (the CPU target as the constant string
 * kcc_meta_NAME; a text artefact can carry it in a comment), and the runtime reads a kernel's
 * name, parameters and launch shape back from it without running the frontend (cache hits,
 * kcc_kernel_load). The format (docs/kir.md, "Kernel metadata"):
 *   kcc-meta 1
 *   kernel NAME
 *   param NAME TYPE          one per runtime parameter, in order (kcc.name / kcc.type)
 *   threads N                threads of one program (kcc.threads on the func; default 1)
 *   shared N                 shared-memory bytes of one program (kcc.shared; default 0)
 *   writes NAME              one per pointer parameter the kernel may write through (see
 *                            kir_kernel_param_writes), in parameter order
 *   check-bounds 1           compiled with check-bounds (the module's kcc.check_bounds): the
 *                            entry takes one int64 array size per parameter after the grid
 *   end
 * Readers ignore keys they do not know, so later versions may add lines before `end`.
 */
#include "kir.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MlirStringRef arg_string(MlirOperation f, intptr_t i, const char *name) {
  MlirAttribute aa = mlirOperationGetAttributeByName(f, kir_str("arg_attrs"));
  if (mlirAttributeIsNull(aa) || !mlirAttributeIsAArray(aa) || i >= mlirArrayAttrGetNumElements(aa))
    return (MlirStringRef){"", 0};
  MlirAttribute d = mlirArrayAttrGetElement(aa, i);
  MlirAttribute s = mlirAttributeIsADictionary(d)
                        ? mlirDictionaryAttrGetElementByName(d, kir_str(name))
                        : (MlirAttribute){NULL};
  if (mlirAttributeIsNull(s) || !mlirAttributeIsAString(s)) return (MlirStringRef){"", 0};
  return mlirStringAttrGetValue(s);
}

static int64_t func_int(MlirOperation f, const char *name, int64_t dflt) {
  MlirAttribute a = mlirOperationGetAttributeByName(f, kir_str(name));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a)
                                                               : dflt;
}

/* ---- which pointer parameters are written ------------------------------------------------------
 * The pointer operand of every kir.store / kir.atomic_rmw / kir.atomic_cas is traced back to the
 * kernel's arguments through the ops that only carry a pointer along (addptr, splat, the shape
 * ops, bitcast, select, scf.for iter_args and results, scf.if results, scf.while values). Any
 * other origin (a pointer loaded from memory, int_to_ptr, a loop index, a region of another op)
 * loses the trace, and then every pointer parameter counts as written. */
enum { TRACE_MAX = 4096 }; /* values visited in all; past it the trace counts as lost */

typedef struct Trace {
  MlirBlock entry; /* the kernel's entry block: its arguments are the parameters */
  bool *writes;
  bool lost;
  const void **seen;
  size_t nseen, cap;
} Trace;

static void trace(Trace *t, MlirValue v);

static void trace_operand(Trace *t, MlirOperation op, intptr_t i) {
  if (mlirOperationIsNull(op) || i < 0 || i >= mlirOperationGetNumOperands(op))
    t->lost = true;
  else
    trace(t, mlirOperationGetOperand(op, i));
}

/* Operand i of the terminator of the first block of region r of op. */
static void trace_yield(Trace *t, MlirOperation op, intptr_t r, intptr_t i) {
  MlirBlock b = r < mlirOperationGetNumRegions(op)
                    ? mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r))
                    : (MlirBlock){NULL};
  if (mlirBlockIsNull(b))
    t->lost = true;
  else
    trace_operand(t, mlirBlockGetTerminator(b), i);
}

static void trace_block_arg(Trace *t, MlirValue v) {
  MlirBlock b = mlirBlockArgumentGetOwner(v);
  intptr_t n = mlirBlockArgumentGetArgNumber(v);
  if (mlirBlockEqual(b, t->entry)) {
    if (kir_is_ptr_type(mlirValueGetType(v)))
      t->writes[n] = true;
    else
      t->lost = true;
    return;
  }
  MlirOperation op = mlirBlockGetParentOperation(b);
  switch (kir_op_kind(op)) {
  case KIR_OP_SCF_FOR: /* (iv, iter_args...) <- init operands after lb, ub, step; the yield */
    if (n == 0) {
      t->lost = true;
      return;
    }
    trace_operand(t, op, 3 + n - 1);
    trace_yield(t, op, 0, n - 1);
    return;
  case KIR_OP_SCF_WHILE:
    if (mlirRegionEqual(mlirBlockGetParentRegion(b), mlirOperationGetRegion(op, 0))) {
      trace_operand(t, op, n); /* before: the inits and what the after region yields */
      trace_yield(t, op, 1, n);
    } else {
      trace_yield(t, op, 0, n + 1); /* after: scf.condition(cond, values...) */
    }
    return;
  default:
    t->lost = true;
  }
}

static void trace_result(Trace *t, MlirValue v) {
  MlirOperation op = mlirOpResultGetOwner(v);
  intptr_t r = mlirOpResultGetResultNumber(v);
  switch (kir_op_kind(op)) {
  case KIR_OP_ADDPTR:
  case KIR_OP_SPLAT:
  case KIR_OP_UNSPLAT:
  case KIR_OP_BROADCAST:
  case KIR_OP_EXPAND_DIMS:
  case KIR_OP_RESHAPE:
  case KIR_OP_TRANS:
  case KIR_OP_SPLIT:
  case KIR_OP_BITCAST: /* from a non-pointer the trace ends elsewhere, lost */
    trace_operand(t, op, 0);
    return;
  case KIR_OP_JOIN:
    trace_operand(t, op, 0);
    trace_operand(t, op, 1);
    return;
  case KIR_OP_ARITH_SELECT:
    trace_operand(t, op, 1);
    trace_operand(t, op, 2);
    return;
  case KIR_OP_SCF_FOR:
    trace_operand(t, op, 3 + r);
    trace_yield(t, op, 0, r);
    return;
  case KIR_OP_SCF_IF:
    trace_yield(t, op, 0, r);
    trace_yield(t, op, 1, r);
    return;
  case KIR_OP_SCF_WHILE:
    trace_yield(t, op, 0, r + 1);
    return;
  default:
    t->lost = true; /* loaded, int_to_ptr, computed some other way */
  }
}

static void trace(Trace *t, MlirValue v) {
  if (t->lost) return;
  for (size_t i = 0; i < t->nseen; i++)
    if (t->seen[i] == v.ptr) return;
  if (t->nseen == TRACE_MAX) {
    t->lost = true;
    return;
  }
  if (t->nseen == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 32;
    t->seen = realloc(t->seen, t->cap * sizeof *t->seen);
  }
  t->seen[t->nseen++] = v.ptr;
  if (mlirValueIsABlockArgument(v))
    trace_block_arg(t, v);
  else
    trace_result(t, v);
}

static void trace_writers(Trace *t, MlirBlock b) {
  for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op) && !t->lost;
       op = mlirOperationGetNextInBlock(op)) {
    if (kir_op_flags(kir_op_kind(op)) & KIR_F_WRITES) trace_operand(t, op, 0);
    for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
      for (MlirBlock c = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
           !mlirBlockIsNull(c); c = mlirBlockGetNextInRegion(c))
        trace_writers(t, c);
  }
}

void kir_kernel_param_writes(MlirOperation kernel, bool *writes) {
  MlirType ft =
      mlirTypeAttrGetValue(mlirOperationGetAttributeByName(kernel, kir_str("function_type")));
  intptr_t n = mlirFunctionTypeGetNumInputs(ft);
  Trace t = {.entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0)), .writes = writes};
  for (intptr_t i = 0; i < n; i++)
    writes[i] = false;
  if (!mlirBlockIsNull(t.entry)) trace_writers(&t, t.entry);
  if (t.lost)
    for (intptr_t i = 0; i < n; i++)
      writes[i] = kir_is_ptr_type(mlirFunctionTypeGetInput(ft, i));
  free(t.seen);
}

char *kir_kernel_meta(MlirOperation kernel, size_t *len) {
  StrBuf t = {0};
  MlirStringRef name =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(kernel, kir_str("sym_name")));
  strbuf_printf(&t, "kcc-meta 1\nkernel %.*s\n", (int)name.length, name.data);
  MlirType ft =
      mlirTypeAttrGetValue(mlirOperationGetAttributeByName(kernel, kir_str("function_type")));
  for (intptr_t i = 0; i < mlirFunctionTypeGetNumInputs(ft); i++) {
    MlirStringRef pn = arg_string(kernel, i, "kcc.name"), pt = arg_string(kernel, i, "kcc.type");
    strbuf_printf(&t, "param %.*s %.*s\n", (int)pn.length, pn.data, (int)pt.length, pt.data);
  }
  strbuf_printf(&t, "threads %lld\nshared %lld\n", (long long)func_int(kernel, "kcc.threads", 1),
                (long long)func_int(kernel, "kcc.shared", 0));
  intptr_t n = mlirFunctionTypeGetNumInputs(ft);
  bool *writes = calloc((size_t)n + 1, sizeof *writes);
  kir_kernel_param_writes(kernel, writes);
  for (intptr_t i = 0; i < n; i++) {
    MlirStringRef pn = arg_string(kernel, i, "kcc.name");
    if (writes[i] && pn.length) strbuf_printf(&t, "writes %.*s\n", (int)pn.length, pn.data);
  }
  free(writes);
  MlirOperation mod = mlirOperationGetParentOperation(kernel);
  if (!mlirOperationIsNull(mod) &&
      !mlirAttributeIsNull(mlirOperationGetAttributeByName(mod, kir_str("kcc.check_bounds"))))
    strbuf_printf(&t, "check-bounds 1\n"); /* the entry takes the array sizes (backends/cpu) */
  strbuf_printf(&t, "end\n");
  return strbuf_take(&t, len);
}

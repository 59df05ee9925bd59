/*
 * analysis.c - what the CPU lowering knows of a kernel before emitting it: per value, its uses
 * (and uses from other blocks), the loop-carried offset tiles of scf.for, and which lazy tiles
 * are worth a stack buffer (costly ops evaluated more than once). Contiguity, uniformity and
 * value ranges come from the shared tile analysis (dialects/tile_facts.h), run once per kernel
 * before the walk, which every target reads.
 */
#include "lower_internal.h"

/* How a tile's elements move along its last dimension (the shared tile analysis,
 * dialects/tile_facts.h): 0 when they do not (uniform along it, or it has extent 1), 1 when
 * consecutive elements differ by exactly one, -1 otherwise or unknown. */
static int last_stride(Cpu *c, MlirValue v) {
  return is_tensor(mlirValueGetType(v)) ? tile_facts_last_stride(c->facts, v) : 0;
}

/* Loads are worth a stack buffer when they are used several times, unless their addresses are
 * consecutive (or the same) along the last dimension: loading such a tile again (from L1, as
 * vector loads) costs what reading the buffer back does, and saves writing it. Volatile loads
 * are always read once. */
static bool expensive(Cpu *c, MlirOperation op) {
  if (is_op(op, KIR_OP_LOAD)) /* a volatile load is read once: its uses must agree */
    return !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("volatile"))) ||
           last_stride(c, mlirOperationGetOperand(op, 0)) < 0;
  return (op_flags(op) & KIR_F_COSTLY) != 0;
}

/* True when every element of the tile is the same scalar (tile_facts: constancy == extent). */
bool uniform(Cpu *c, MlirValue v) {
  return !is_tensor(mlirValueGetType(v)) || tile_facts_uniform(c->facts, v);
}

/* Recognises `yield addptr(arg, uniform)` / `yield addi(arg, uniform)` iter args. */
static void find_offsets(Cpu *c, MlirOperation forop) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(forop, 0));
  MlirOperation y = mlirBlockGetTerminator(body);
  intptr_t n = mlirOperationGetNumResults(forop);
  for (intptr_t k = 0; k < n; k++) {
    MlirValue arg = mlirBlockGetArgument(body, k + 1);
    if (!is_tensor(mlirValueGetType(arg))) continue;
    MlirValue yv = mlirOperationGetOperand(y, k);
    MlirOperation d = def_op(yv);
    if (mlirOperationIsNull(d)) continue;
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
    if (mlirValueIsNull(u) || !uniform(c, u)) continue;
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
      for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
           !mlirBlockIsNull(b); b = mlirBlockGetNextInRegion(b)) {
        for (intptr_t a = 0; a < mlirBlockGetNumArguments(b); a++)
          info(c, mlirBlockGetArgument(b, a));
        collect(c, b, l);
      }
    if (is_op(op, KIR_OP_SCF_FOR)) find_offsets(c, op);
  }
}

/* Ops whose tile results are LAZY: an element can be computed alone, on demand. */
bool lazy_op(MlirOperation op) {
  return (op_flags(op) & KIR_F_PER_ELEMENT) != 0;
}

void analyze(Cpu *c, MlirBlock body) {
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
      if (!in->tensor) continue;
      in->uses++;
      if (!mlirBlockEqual(def_block(v), ob)) in->cross = true;
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
    if (!lazy_op(op) || !(multi || grows)) continue;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op); k++) {
      Info *in = info(c, mlirOperationGetOperand(op, k));
      if (in->tensor) in->multi = true;
    }
  }
  for (int i = 0; i < l.n; i++) {
    MlirOperation op = l.ops[i];
    if (!lazy_op(op) || !expensive(c, op)) continue;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); r++) {
      Info *in = info(c, mlirOperationGetResult(op, r));
      in->mat = in->tensor && in->multi;
    }
  }
  free(l.ops);
}

/* Compile-time value range of an integer value (tile_facts: from aranges, constants, program
 * ids, loop bounds and arithmetic on them). */
bool const_range(Cpu *c, MlirValue v, int64_t *lo, int64_t *hi) {
  return tile_facts_range(c->facts, v, lo, hi);
}

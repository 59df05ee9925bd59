/*
 * analysis.c - what the CPU lowering knows of a kernel before emitting it: per value, its uses
 * (and uses from other blocks), how its elements move along the last dimension (contiguity),
 * whether it is uniform (one scalar), compile-time value ranges, the loop-carried offset tiles
 * of scf.for, and which lazy tiles are worth a stack buffer (costly ops evaluated more than once).
 */
#include "lower_internal.h"

/* How a tile's elements move along its last dimension: 0 when they do not (uniform along it, or
 * it has extent 1), 1 when consecutive elements differ by exactly one (offsets built from arange
 * by adds of such tiles), -1 otherwise or unknown. */
static int last_stride(Cpu *c, MlirValue v, int depth) {
  if (!is_tensor(mlirValueGetType(v))) return 0;
  MlirOperation op = def_op(v);
  KirOpKind kind = kir_op_kind(op);
  if (mlirOperationIsNull(op) || depth > 64) return -1;
  Info *in = info(c, v);
  if (in->rank > 0 && in->shape[in->rank - 1] == 1) return 0;
  if (uniform(c, v)) return 0;
  if (kind == KIR_OP_ARANGE) return 1;
  if (kind == KIR_OP_EXPAND_DIMS || kind == KIR_OP_BROADCAST) {
    Info *s = info(c, mlirOperationGetOperand(op, 0));
    if (kind == KIR_OP_BROADCAST && s->rank != in->rank) return -1;
    if (kind == KIR_OP_EXPAND_DIMS) {
      int axis =
          (int)mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, kir_str("axis")));
      if (axis == in->rank - 1) return 0;
    }
    if (s->rank > 0 && s->shape[s->rank - 1] == 1) return 0;
    return last_stride(c, mlirOperationGetOperand(op, 0), depth + 1);
  }
  if (kind == KIR_OP_ARITH_EXTSI || kind == KIR_OP_ARITH_EXTUI || kind == KIR_OP_ARITH_INDEX_CAST)
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
bool uniform(Cpu *c, MlirValue v) {
  if (!is_tensor(mlirValueGetType(v))) return true;
  MlirOperation op = def_op(v);
  KirOpKind k = kir_op_kind(op); /* KIR_OP_UNKNOWN for a block argument */
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
      if (!uniform(c, mlirOperationGetOperand(op, i))) return false;
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

/* Compile-time value range of an integer tile built from aranges and constants. */
bool const_range(Cpu *c, MlirValue v, int64_t *lo, int64_t *hi) {
  MlirOperation op = def_op(v);
  KirOpKind kind = kir_op_kind(op);
  if (mlirOperationIsNull(op)) return false;
  if (kind == KIR_OP_ARANGE) {
    MlirAttribute s = mlirOperationGetAttributeByName(op, kir_str("start"));
    MlirAttribute e = mlirOperationGetAttributeByName(op, kir_str("end"));
    if (mlirAttributeIsNull(e)) return false;
    *lo = mlirAttributeIsNull(s) ? 0 : mlirIntegerAttrGetValueInt(s);
    *hi = mlirIntegerAttrGetValueInt(e) - 1;
    return *hi >= *lo;
  }
  if (kind == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
    if (mlirAttributeIsADenseElements(a)) {
      if (!mlirDenseElementsAttrIsSplat(a)) return false;
      a = mlirDenseElementsAttrGetSplatValue(a);
    }
    if (!mlirAttributeIsAInteger(a)) return false;
    *lo = *hi = mlirIntegerAttrGetValueInt(a);
    return true;
  }
  if (kind == KIR_OP_SPLAT || kind == KIR_OP_BROADCAST || kind == KIR_OP_EXPAND_DIMS ||
      kind == KIR_OP_RESHAPE || kind == KIR_OP_TRANS)
    return const_range(c, mlirOperationGetOperand(op, 0), lo, hi);
  int64_t l0, h0, l1, h1;
  if ((kind == KIR_OP_ARITH_ADDI || kind == KIR_OP_ARITH_MULI) &&
      const_range(c, mlirOperationGetOperand(op, 0), &l0, &h0) &&
      const_range(c, mlirOperationGetOperand(op, 1), &l1, &h1)) {
    const int64_t lim = (int64_t)1 << 31;
    if (l0 < -lim || h0 > lim || l1 < -lim || h1 > lim) return false;
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

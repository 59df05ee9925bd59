/*
 * verify.c - the kir rules that IRDL cannot state (docs/kir.md): operand counts of ops with
 * optional operands, shape agreement between pointers, masks and values, attribute ranges, and
 * combiner region signatures, and the limits of kir_limits.h (rank and elements of every tile
 * an op produces or takes, kernels per module). Errors are reported at the op's location.
 */
#include "kir.h"

#include <mlir-c/Diagnostics.h>

#include <stdio.h>

typedef struct VerifyState {
  Diag *d;
  int errors;
} VerifyState;

/* Shapes of two types agree: both scalars, or tensors of the same shape. */
static bool same_shape(MlirType a, MlirType b) {
  bool ta = mlirTypeIsARankedTensor(a), tb = mlirTypeIsARankedTensor(b);
  if (ta != tb) return false;
  if (!ta) return true;
  intptr_t r = mlirShapedTypeGetRank(a);
  if (r != mlirShapedTypeGetRank(b)) return false;
  for (intptr_t i = 0; i < r; i++)
    if (mlirShapedTypeGetDimSize(a, i) != mlirShapedTypeGetDimSize(b, i)) return false;
  return true;
}

static MlirType elem(MlirType t) {
  return mlirTypeIsARankedTensor(t) ? mlirShapedTypeGetElementType(t) : t;
}

static MlirType operand_type(MlirOperation op, intptr_t i) {
  return mlirValueGetType(mlirOperationGetOperand(op, i));
}

static void fail(VerifyState *s, MlirOperation op, const char *msg) {
  /* Route through MLIR's diagnostic engine so the op's location is used. */
  mlirEmitError(mlirOperationGetLocation(op), msg);
  s->errors++;
}

/* kir.sort (IRDL already makes the result type the operand's): numbers, an i32 axis in range
 * whose extent is a power of two, a bool `descending`, and `unsigned` (unit) only on integers. */
static void check_sort(MlirOperation op, VerifyState *s) {
  MlirType t = operand_type(op, 0), el = elem(t);
  if (!mlirTypeIsAInteger(el) && !mlirTypeIsAFloat(el))
    return fail(s, op, "kir.sort: elements must be integers or floats");
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("axis"));
  intptr_t rank = mlirShapedTypeGetRank(t);
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a) || mlirIntegerAttrGetValueInt(a) < 0 ||
      mlirIntegerAttrGetValueInt(a) >= rank)
    return fail(s, op, "kir.sort: axis must be an i32 attribute naming a dimension");
  int64_t len = mlirShapedTypeGetDimSize(t, mlirIntegerAttrGetValueInt(a));
  if (len < 1 || (len & (len - 1)))
    return fail(s, op, "kir.sort: the sorted dimension must have a power-of-two extent");
  MlirAttribute d = mlirOperationGetAttributeByName(op, kir_str("descending"));
  if (mlirAttributeIsNull(d) || !mlirAttributeIsABool(d))
    return fail(s, op, "kir.sort: descending must be a bool attribute");
  MlirAttribute u = mlirOperationGetAttributeByName(op, kir_str("unsigned"));
  if (!mlirAttributeIsNull(u) && (!mlirAttributeIsAUnit(u) || !mlirTypeIsAInteger(el)))
    return fail(s, op, "kir.sort: unsigned must be a unit attribute on integer elements");
}

/* A tensor type within KIR_MAX_RANK dimensions of static, positive extents whose product is at
 * most KIR_MAX_TILE_ELEMS (checked per dimension, so the product never wraps). */
static bool check_tile(MlirOperation op, MlirType t, VerifyState *s) {
  if (!mlirTypeIsAShaped(t)) return true;
  char msg[160];
  if (!mlirShapedTypeHasRank(t)) {
    fail(s, op, "tiles must be ranked tensors");
    return false;
  }
  intptr_t rank = mlirShapedTypeGetRank(t);
  if (rank > KIR_MAX_RANK) {
    snprintf(msg, sizeof msg, "a tile of rank %d exceeds the maximum rank of %d", (int)rank,
             KIR_MAX_RANK);
    fail(s, op, msg);
    return false;
  }
  int64_t numel = 1;
  for (intptr_t i = 0; i < rank; i++) {
    int64_t dim = mlirShapedTypeGetDimSize(t, i);
    if (dim < 1 || dim > KIR_MAX_TILE_ELEMS / numel) {
      snprintf(msg, sizeof msg,
               dim < 1 ? "tile dimensions must be static and positive"
                       : "a tile of more than %d elements exceeds the maximum tile size",
               KIR_MAX_TILE_ELEMS);
      fail(s, op, msg);
      return false;
    }
    numel *= dim;
  }
  return true;
}

static bool check_tiles(MlirOperation op, VerifyState *s) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++)
    if (!check_tile(op, mlirValueGetType(mlirOperationGetResult(op, i)), s)) return false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
    if (!check_tile(op, operand_type(op, i), s)) return false;
  return true;
}

static void check_op(MlirOperation op, VerifyState *s) {
  intptr_t nops = mlirOperationGetNumOperands(op);
  if (!check_tiles(op, s)) return;
  switch (kir_op_kind(op)) {
  case KIR_OP_LOAD: {
    if (nops > 3) return fail(s, op, "kir.load takes at most 3 operands (ptr, mask, other)");
    MlirType p = operand_type(op, 0);
    if (!kir_is_ptr_type(elem(p)))
      return fail(s, op, "kir.load: first operand must be a pointer or a tensor of pointers");
    MlirType r = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (!same_shape(p, r))
      return fail(s, op, "kir.load: result shape differs from the pointer shape");
    for (intptr_t i = 1; i < nops; i++)
      if (!same_shape(p, operand_type(op, i)))
        return fail(s, op, "kir.load: mask/other shape differs from the pointer shape");
    if (nops == 3 && !mlirTypeEqual(operand_type(op, 2), r))
      return fail(s, op, "kir.load: 'other' must have the result type");
    break;
  }
  case KIR_OP_STORE:
  case KIR_OP_ATOMIC_RMW: {
    if (nops < 2 || nops > 3) return fail(s, op, "expected (ptr, value [, mask]) operands");
    MlirType p = operand_type(op, 0);
    if (!kir_is_ptr_type(elem(p)))
      return fail(s, op, "first operand must be a pointer or a tensor of pointers");
    for (intptr_t i = 1; i < nops; i++)
      if (!same_shape(p, operand_type(op, i)))
        return fail(s, op, "value/mask shape differs from the pointer shape");
    if (!mlirTypeEqual(kir_ptr_pointee(elem(p)), elem(operand_type(op, 1))))
      return fail(s, op, "value type differs from the pointee type");
    break;
  }
  case KIR_OP_ADDPTR:
    if (!same_shape(operand_type(op, 0), operand_type(op, 1)))
      return fail(s, op, "kir.addptr: pointer and offset shapes differ");
    if (!mlirTypeIsAInteger(elem(operand_type(op, 1))))
      return fail(s, op, "kir.addptr: offset must be an integer");
    break;
  case KIR_OP_PROGRAM_ID:
  case KIR_OP_NUM_PROGRAMS: {
    MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("axis"));
    if (mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a) ||
        mlirIntegerAttrGetValueInt(a) < 0 || mlirIntegerAttrGetValueInt(a) > 2)
      return fail(s, op, "axis must be an i32 attribute in 0..2");
    break;
  }
  case KIR_OP_DOT: {
    MlirType a = operand_type(op, 0), b = operand_type(op, 1), c = operand_type(op, 2);
    if (mlirShapedTypeGetRank(a) != 2 || mlirShapedTypeGetRank(b) != 2 ||
        mlirShapedTypeGetRank(c) != 2 ||
        mlirShapedTypeGetDimSize(a, 1) != mlirShapedTypeGetDimSize(b, 0) ||
        mlirShapedTypeGetDimSize(a, 0) != mlirShapedTypeGetDimSize(c, 0) ||
        mlirShapedTypeGetDimSize(b, 1) != mlirShapedTypeGetDimSize(c, 1))
      return fail(s, op, "kir.dot: shapes must be MxK, KxN and MxN");
    break;
  }
  case KIR_OP_REDUCE:
  case KIR_OP_SCAN: {
    MlirRegion r = mlirOperationGetRegion(op, 0);
    MlirBlock b = mlirRegionGetFirstBlock(r);
    if (mlirBlockIsNull(b) || mlirBlockGetNumArguments(b) != 2 * nops)
      return fail(s, op, "combiner region must take two scalars per input");
    if (mlirOperationGetNumResults(op) != nops) return fail(s, op, "one result per input expected");
    break;
  }
  case KIR_OP_SORT:
    check_sort(op, s);
    break;
  default:
    break;
  }
}

static MlirWalkResult walk(MlirOperation op, void *u) {
  check_op(op, u);
  return MlirWalkResultAdvance;
}

/* At most KIR_MAX_KERNELS kernels; the first one over is reported. */
static void check_kernel_count(MlirModule m, VerifyState *s) {
  int n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (kir_is_kernel(op) && ++n == KIR_MAX_KERNELS + 1) {
      char msg[96];
      snprintf(msg, sizeof msg, "a module holds at most %d kernels; this is kernel %d",
               KIR_MAX_KERNELS, n);
      fail(s, op, msg);
    }
}

bool kir_verify(MlirModule m, Diag *d) {
  MlirOperation top = mlirModuleGetOperation(m);
  if (!mlirOperationVerify(top)) return false;
  VerifyState s = {d, 0};
  check_kernel_count(m, &s);
  mlirOperationWalk(top, walk, &s, MlirWalkPreOrder);
  return s.errors == 0;
}

/*
 * assign.c - layout assignment (docs/simt.md, section 1): kir -> kgpu, in place. Every tensor
 * value gets a layout in its type's encoding; where a consumer needs another layout than its
 * operand has, cheap producers (arange, splat, constants and elementwise chains of them) are
 * cloned in the wanted layout, anything else goes through kgpu.convert_layout.
 */
#include "kir.h"
#include "layout.h"
#include "simt.h"
#include "tile_facts.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <stdio.h>
#include <string.h>

typedef struct Assign {
  MlirContext ctx;
  int warp, nwarps;
  TileFacts *facts;
  Diag *d;
  bool failed;
} Assign;

static void fail(Assign *a, MlirOperation op, const char *what) {
  if (!a->failed) simt_error(op, "%s", what);
  a->failed = true;
}

static Layout default_for(Assign *a, MlirType t, int vec) {
  int64_t shape[LAYOUT_MAX_RANK];
  int r = (int)mlirShapedTypeGetRank(t);
  for (int i = 0; i < r; i++)
    shape[i] = mlirShapedTypeGetDimSize(t, i);
  return layout_default(r, shape, a->warp, a->nwarps, vec);
}

static bool layout_of(MlirValue v, Layout *l) {
  return layout_of_type(mlirValueGetType(v), l);
}

static void set_layout(MlirValue v, const Layout *l) {
  mlirValueSetType(v, layout_type(mlirValueGetType(v), l));
}

/* Producers cheap enough to recompute in any layout: arange, splat, constants, and elementwise
 * (non-memory) ops, broadcasts and expand_dims whose tensor operands are all such. */
static bool remat(MlirValue v, int depth) {
  if (!mlirValueIsAOpResult(v) || depth > 12) return false;
  MlirOperation op = mlirOpResultGetOwner(v);
  KirOpKind k = kir_op_kind(op);
  unsigned f = kir_op_flags(k);
  if (k == KIR_OP_ARANGE || k == KIR_OP_SPLAT || k == KIR_OP_ARITH_CONSTANT) return true;
  if (mlirOperationGetNumResults(op) != 1) return false;
  if (!(f & KIR_F_ELEMWISE) && k != KIR_OP_BROADCAST && k != KIR_OP_EXPAND_DIMS) return false;
  if (f & (KIR_F_READS | KIR_F_WRITES | KIR_F_COSTLY)) return false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
    MlirValue o = mlirOperationGetOperand(op, i);
    if (simt_is_tensor(o) && !remat(o, depth + 1)) return false;
  }
  return true;
}

/* A splat or reshaped dense constant of the new type. */
static MlirAttribute retype_dense(MlirAttribute value, MlirType t) {
  if (mlirDenseElementsAttrIsSplat(value))
    return mlirDenseElementsAttrSplatGet(t, mlirDenseElementsAttrGetSplatValue(value));
  return mlirDenseElementsAttrReshapeGet(value, t);
}

static MlirValue convert(Assign *a, MlirValue v, const Layout *want, MlirOperation before);

/* A clone of v's cheap producer chain in layout `want`, inserted before `before`. */
static MlirValue clone_in(Assign *a, MlirValue v, const Layout *want, MlirOperation before) {
  MlirOperation op = mlirOpResultGetOwner(v);
  KirOpKind k = kir_op_kind(op);
  MlirOperation c = mlirOperationClone(op);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(before), before, c);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
    MlirValue o = mlirOperationGetOperand(op, i);
    if (!simt_is_tensor(o)) continue;
    Layout ol = *want;
    if (k == KIR_OP_EXPAND_DIMS) {
      MlirAttribute ax = mlirOperationGetAttributeByName(op, kir_str("axis"));
      ol = layout_slice(want, (int)mlirIntegerAttrGetValueInt(ax));
    }
    mlirOperationSetOperand(c, i, convert(a, o, &ol, c));
  }
  MlirValue r = mlirOperationGetResult(c, 0);
  set_layout(r, want);
  if (k == KIR_OP_ARITH_CONSTANT) {
    MlirAttribute val = mlirOperationGetAttributeByName(c, kir_str("value"));
    mlirOperationSetAttributeByName(c, kir_str("value"), retype_dense(val, mlirValueGetType(r)));
  }
  return r;
}

/* v in layout `want`, for use by `before`. */
static MlirValue convert(Assign *a, MlirValue v, const Layout *want, MlirOperation before) {
  Layout have;
  if (!simt_is_tensor(v) || (layout_of(v, &have) && layout_equal(&have, want))) return v;
  if (remat(v, 0)) return clone_in(a, v, want, before);
  MlirType t = layout_type(mlirValueGetType(v), want);
  MlirOperation c = kir_op((MlirBlock){NULL}, "kgpu.convert_layout",
                           mlirOperationGetLocation(before), 1, &v, 1, &t, 0, NULL);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(before), before, c);
  return mlirOperationGetResult(c, 0);
}

static void convert_operand(Assign *a, MlirOperation op, intptr_t i, const Layout *want) {
  MlirValue v = mlirOperationGetOperand(op, i);
  if (!simt_is_tensor(v)) return;
  MlirValue c = convert(a, v, want, op);
  if (!mlirValueEqual(c, v)) mlirOperationSetOperand(op, i, c);
}

static void convert_all(Assign *a, MlirOperation op, const Layout *want) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
    convert_operand(a, op, i, want);
}

static void set_results(MlirOperation op, const Layout *l) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++) {
    MlirValue r = mlirOperationGetResult(op, i);
    if (simt_is_tensor(r)) set_layout(r, l);
  }
  if (kir_op_kind(op) == KIR_OP_ARITH_CONSTANT && simt_is_tensor(mlirOperationGetResult(op, 0))) {
    MlirAttribute val = mlirOperationGetAttributeByName(op, kir_str("value"));
    mlirOperationSetAttributeByName(
        op, kir_str("value"), retype_dense(val, mlirValueGetType(mlirOperationGetResult(op, 0))));
  }
}

/* The layout of the first anchored (not rematerialisable) tensor operand among `idx`. */
static bool anchored_layout(MlirOperation op, const int *idx, int n, Layout *l) {
  for (int i = 0; i < n; i++) {
    if (idx[i] >= mlirOperationGetNumOperands(op)) continue;
    MlirValue v = mlirOperationGetOperand(op, idx[i]);
    if (simt_is_tensor(v) && !remat(v, 0) && layout_of(v, l)) return true;
  }
  return false;
}

static int axis_of(MlirOperation op) {
  MlirAttribute ax = mlirOperationGetAttributeByName(op, kir_str("axis"));
  return mlirAttributeIsNull(ax) ? 0 : (int)mlirIntegerAttrGetValueInt(ax);
}

static void assign_block(Assign *a, MlirBlock b);

static void assign_region_op(Assign *a, MlirOperation op, KirOpKind k) {
  Layout l;
  if (k == KIR_OP_SCF_FOR) {
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
    intptr_t n = mlirOperationGetNumResults(op);
    for (intptr_t i = 0; i < n; i++) {
      MlirValue init = mlirOperationGetOperand(op, 3 + i);
      if (!layout_of(init, &l)) continue;
      set_layout(mlirBlockGetArgument(body, 1 + i), &l);
      set_layout(mlirOperationGetResult(op, i), &l);
    }
    assign_block(a, body);
    MlirOperation y = mlirBlockGetTerminator(body);
    for (intptr_t i = 0; i < n; i++)
      if (layout_of(mlirOperationGetResult(op, i), &l)) convert_operand(a, y, i, &l);
  } else if (k == KIR_OP_SCF_IF) {
    MlirBlock then = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
    MlirBlock els = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1));
    assign_block(a, then);
    intptr_t n = mlirOperationGetNumResults(op);
    if (n > 0) {
      MlirOperation ty = mlirBlockGetTerminator(then);
      for (intptr_t i = 0; i < n; i++)
        if (layout_of(mlirOperationGetOperand(ty, i), &l))
          set_layout(mlirOperationGetResult(op, i), &l);
    }
    if (!mlirBlockIsNull(els)) {
      assign_block(a, els);
      MlirOperation ey = mlirBlockGetTerminator(els);
      for (intptr_t i = 0; i < n; i++)
        if (layout_of(mlirOperationGetResult(op, i), &l)) convert_operand(a, ey, i, &l);
    }
  } else { /* scf.while */
    MlirBlock before = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
    MlirBlock after = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1));
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
      if (layout_of(mlirOperationGetOperand(op, i), &l))
        set_layout(mlirBlockGetArgument(before, i), &l);
    assign_block(a, before);
    MlirOperation cond = mlirBlockGetTerminator(before);
    for (intptr_t i = 1; i < mlirOperationGetNumOperands(cond); i++)
      if (layout_of(mlirOperationGetOperand(cond, i), &l)) {
        set_layout(mlirBlockGetArgument(after, i - 1), &l);
        set_layout(mlirOperationGetResult(op, i - 1), &l);
      }
    assign_block(a, after);
    MlirOperation y = mlirBlockGetTerminator(after);
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(y); i++)
      if (layout_of(mlirBlockGetArgument(before, i), &l)) convert_operand(a, y, i, &l);
  }
}

static int vec16(Assign *a, MlirOperation op, MlirValue ptr, MlirValue mask) {
  (void)op;
  int64_t v = tile_facts_vector_width(a->facts, ptr, mask, 16);
  return v > 0 && v <= 16 ? (int)v : 1;
}

static void assign_op(Assign *a, MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  unsigned f = kir_op_flags(k);
  intptr_t nops = mlirOperationGetNumOperands(op);
  bool tensor_result = false;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++)
    tensor_result |= simt_is_tensor(mlirOperationGetResult(op, i));
  Layout l;
  switch (k) {
  case KIR_OP_SCF_FOR:
  case KIR_OP_SCF_IF:
  case KIR_OP_SCF_WHILE:
    assign_region_op(a, op, k);
    return;
  case KIR_OP_REDUCE:
  case KIR_OP_SCAN:
  case KIR_OP_SORT: {
    if (!layout_of(mlirOperationGetOperand(op, 0), &l)) return;
    convert_all(a, op, &l);
    Layout r = k == KIR_OP_REDUCE ? layout_slice(&l, axis_of(op)) : l;
    set_results(op, &r);
    return;
  }
  case KIR_OP_DOT: {
    MlirValue res = mlirOperationGetResult(op, 0);
    l = default_for(a, mlirValueGetType(res), 4);
    convert_operand(a, op, 2, &l);
    set_results(op, &l);
    return;
  }
  case KIR_OP_BROADCAST:
    if (layout_of(mlirOperationGetOperand(op, 0), &l)) set_results(op, &l);
    return;
  case KIR_OP_EXPAND_DIMS: {
    int axis = axis_of(op);
    MlirValue src = mlirOperationGetOperand(op, 0), res = mlirOperationGetResult(op, 0);
    Layout s;
    bool ok = layout_of(src, &s);
    /* a slice of exactly this dimension expands back to its parent for free */
    int d = -1;
    if (ok) {
      for (int e = 0; e < s.rank; e++) {
        if (!(s.sliced & (1u << e))) continue;
        Layout un = s;
        un.sliced &= ~(1u << e);
        if (layout_expanded_dim(&un, axis) == e) d = e;
      }
    }
    if (d >= 0) {
      l = s;
      l.sliced &= ~(1u << d);
    } else {
      l = default_for(a, mlirValueGetType(res), 4);
      Layout want = layout_slice(&l, axis);
      convert_operand(a, op, 0, &want);
    }
    set_results(op, &l);
    return;
  }
  case KIR_OP_LOAD: {
    int idx[] = {0, 1};
    if (!tensor_result) return;
    if (!anchored_layout(op, idx, 2, &l)) {
      MlirValue mask = nops > 1 ? mlirOperationGetOperand(op, 1) : (MlirValue){NULL};
      l = default_for(a, mlirValueGetType(mlirOperationGetResult(op, 0)),
                      vec16(a, op, mlirOperationGetOperand(op, 0), mask));
    }
    break;
  }
  case KIR_OP_STORE:
  case KIR_OP_ATOMIC_RMW:
  case KIR_OP_ATOMIC_CAS: {
    int idx[] = {1, 0, 2, 3};
    MlirValue ptr = mlirOperationGetOperand(op, 0);
    if (!simt_is_tensor(ptr)) return;
    if (!anchored_layout(op, idx, 4, &l)) {
      int vec = 1;
      if (k == KIR_OP_STORE)
        vec = vec16(a, op, ptr, nops > 2 ? mlirOperationGetOperand(op, 2) : (MlirValue){NULL});
      l = default_for(a, mlirValueGetType(ptr), vec);
    }
    break;
  }
  case KIR_OP_RESHAPE:
  case KIR_OP_TRANS:
  case KIR_OP_JOIN:
  case KIR_OP_SPLIT:
    l = default_for(a, mlirValueGetType(mlirOperationGetResult(op, 0)), 1);
    set_results(op, &l);
    return;
  case KIR_OP_UNSPLAT:
  case KIR_OP_ASSERT:
  case KIR_OP_PRINT:
    return;
  case KIR_OP_ARANGE:
  case KIR_OP_SPLAT:
  case KIR_OP_ARITH_CONSTANT:
    if (!tensor_result) return;
    l = default_for(a, mlirValueGetType(mlirOperationGetResult(op, 0)), 4);
    set_results(op, &l);
    return;
  default:
    if (!tensor_result) {
      if (k == KIR_OP_UNKNOWN && mlirOperationGetNumRegions(op) > 0)
        fail(a, op, "the SIMT lowering does not know this op");
      return;
    }
    if (!(f & KIR_F_ELEMWISE)) {
      fail(a, op, "the SIMT lowering does not support this op on tensors yet");
      return;
    }
    {
      int idx[8] = {0};
      int n = nops < 8 ? (int)nops : 8;
      for (int i = 0; i < n; i++)
        idx[i] = i;
      if (!anchored_layout(op, idx, n, &l)) {
        bool found = false;
        for (int i = 0; i < n && !found; i++)
          found = layout_of(mlirOperationGetOperand(op, i), &l);
        if (!found) l = default_for(a, mlirValueGetType(mlirOperationGetResult(op, 0)), 4);
      }
    }
    break;
  }
  convert_all(a, op, &l);
  set_results(op, &l);
}

static void assign_block(Assign *a, MlirBlock b) {
  for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op) && !a->failed;
       op = mlirOperationGetNextInBlock(op))
    assign_op(a, op);
}

/* Removes the pure ops left without uses (the originals of rematerialised chains), to a fixpoint.
 */
static bool dead(MlirOperation op) {
  KirOpKind k = kir_op_kind(op);
  unsigned f = kir_op_flags(k);
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  bool conv = n.length == 19 && memcmp(n.data, "kgpu.convert_layout", 19) == 0;
  bool pure = conv || k == KIR_OP_ARANGE || k == KIR_OP_SPLAT || k == KIR_OP_BROADCAST ||
              k == KIR_OP_EXPAND_DIMS ||
              ((f & KIR_F_ELEMWISE) && !(f & (KIR_F_READS | KIR_F_WRITES)));
  if (!pure || mlirOperationGetNumResults(op) == 0) return false;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++)
    if (!mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, i)))) return false;
  return true;
}

static bool dce_block(MlirBlock b) {
  bool changed = false;
  MlirOperation next;
  for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op); op = next) {
    next = mlirOperationGetNextInBlock(op);
    for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); r++)
      for (MlirBlock ib = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
           !mlirBlockIsNull(ib); ib = mlirBlockGetNextInRegion(ib))
        changed |= dce_block(ib);
    if (dead(op)) {
      mlirOperationDestroy(op);
      changed = true;
    }
  }
  return changed;
}

static bool assign_module(MlirModule m, int warp, int nwarps, Diag *d) {
  MlirOperation mod = mlirModuleGetOperation(m);
  MlirContext ctx = mlirOperationGetContext(mod);
  Assign a = {.ctx = ctx, .warp = warp, .nwarps = nwarps, .d = d};
  MlirType i32 = mlirIntegerTypeGet(ctx, 32);
  mlirOperationSetAttributeByName(mod, kir_str("kgpu.num_warps"), mlirIntegerAttrGet(i32, nwarps));
  mlirOperationSetAttributeByName(mod, kir_str("kgpu.warp_size"), mlirIntegerAttrGet(i32, warp));
  MlirBlock body = mlirModuleGetBody(m);
  for (MlirOperation f = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(f) && !a.failed;
       f = mlirOperationGetNextInBlock(f)) {
    if (!kir_is_kernel(f)) continue;
    a.facts = tile_facts_run(f);
    MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(f, 0));
    assign_block(&a, entry);
    for (int i = 0; i < 64 && dce_block(entry); i++)
      ;
    tile_facts_free(a.facts);
    a.facts = NULL;
  }
  return !a.failed;
}

bool simt_assign_layouts(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  return assign_module(m, cfg->dev.warp_size, cfg->num_warps, d);
}

bool simt_assign_layouts_pass(MlirModule m, int warp_size, Diag *d) {
  MlirOperation mod = mlirModuleGetOperation(m);
  int nw = simt_module_int(mod, "kcc.num_warps", 4);
  int ws = simt_module_int(mod, "kgpu.warp_size", warp_size);
  if (nw < 1 || (nw & (nw - 1)) || nw > KCC_MAX_NUM_WARPS || ws < 1 || (ws & (ws - 1))) {
    diag_plain(d, "kgpu-layout: num_warps %d and warp size %d must be powers of two", nw, ws);
    return false;
  }
  return assign_module(m, ws, nw, d);
}

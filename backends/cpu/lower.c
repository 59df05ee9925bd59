/*
 * lower.c - the CPU lowering's walk: kir -> scf/memref/arith/math/vector/llvm for the CPU target,
 * one call of the kernel running one program (lower_internal.h describes the value model and the
 * other files). lower_op switches on the op's kind from the op table (dialects/kir_ops.def): sinks,
 * control flow and debug ops go to their files; ops with tile results cost no code here (they
 * are LAZY, computed per element by their consumers), scalar ops are rebuilt on scalars.
 */
#include "lower_internal.h"

static void lower_grid(Cpu *c, MlirOperation op, KirOpKind k) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("axis"));
  int axis = mlirAttributeIsNull(a) ? 0 : (int)mlirIntegerAttrGetValueInt(a);
  if (axis < 0 || axis > 2) {
    fail(c, op, "program axis must be 0, 1 or 2");
    return;
  }
  set_scalar(c, mlirOperationGetResult(op, 0), c->grid[axis + (k == KIR_OP_NUM_PROGRAMS ? 3 : 0)]);
}

/* A non-splat constant tile: stored element by element into a buffer. */
static void const_tile(Cpu *c, MlirAttribute a, Info *in) {
  CpuB *b = &c->b;
  MlirValue buf = cpu_alloca(b, in->st, in->rank, in->shape);
  int64_t total = numel(in);
  MlirValue idx[MAXR];
  for (int64_t e = 0; e < total; e++) {
    int64_t rem = e;
    uint64_t pos[MAXR];
    for (int d = in->rank - 1; d >= 0; d--) {
      pos[d] = (uint64_t)(rem % in->shape[d]);
      rem /= in->shape[d];
      idx[d] = cpu_cidx(b, (int64_t)pos[d]);
    }
    MlirAttribute ea = mlirElementsAttrGetValue(a, in->rank, pos);
    MlirValue x = mlirAttributeIsAFloat(ea) ? cpu_cfloat(b, in->lt, mlirFloatAttrGetValueDouble(ea))
                  : mlirAttributeIsABool(ea) ? cpu_cint(b, in->lt, mlirBoolAttrGetValue(ea))
                                             : cpu_cint(b, in->lt, mlirIntegerAttrGetValueInt(ea));
    cpu_mstore(b, x, buf, in->rank, idx);
  }
  in->kind = K_BUF;
  in->v = buf;
}

/* An op with tile results: no code now (LAZY), except non-splat constants; tiles worth a buffer
 * are materialized before their first consumer, loads before the next memory write. */
static void lower_tile(Cpu *c, MlirOperation op, KirOpKind k) {
  if (!lazy_op(op)) {
    fail(c, op, "CPU lowering: unsupported op");
    return;
  }
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); r++) {
    MlirValue v = mlirOperationGetResult(op, r);
    Info *in = info(c, v);
    in->kind = K_LAZY;
    if (in->uses == 0) continue;
    if (k == KIR_OP_ARITH_CONSTANT) {
      MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("value"));
      if (!mlirDenseElementsAttrIsSplat(a)) {
        const_tile(c, a, in);
        continue;
      }
    }
    if (in->mat)
      defer_mat(c, in);
    else if (k == KIR_OP_LOAD) {
      in->pending = true;
      if (c->npend == c->cappend) {
        c->cappend = c->cappend ? c->cappend * 2 : 16;
        c->pend = realloc(c->pend, (size_t)c->cappend * sizeof *c->pend);
      }
      c->pend[c->npend++] = in;
    }
  }
}

/* A scalar elementwise op: the same op on the lowered scalars. */
static void lower_scalar(Cpu *c, MlirOperation op) {
  intptr_t n = mlirOperationGetNumOperands(op);
  MlirValue args[16];
  if (n > 16 || mlirOperationGetNumResults(op) != 1 || (!lazy_op(op))) {
    fail(c, op, "CPU lowering: unsupported op");
    return;
  }
  for (intptr_t i = 0; i < n; i++)
    args[i] = scalar(c, mlirOperationGetOperand(op, i));
  MlirValue r = mlirOperationGetResult(op, 0);
  set_scalar(c, r, pointwise(c, op, n, args, info(c, r)));
}

void lower_op(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  if (c->failed) return;
  b->loc = mlirOperationGetLocation(op);
  KirOpKind k = kir_op_kind(op);
  if (c->ndefer && !lazy_op(op) && k != KIR_OP_REDUCE) flush_deferred(c, op, NULL, NULL);
  switch (k) {
  case KIR_OP_PROGRAM_ID:
  case KIR_OP_NUM_PROGRAMS:
    lower_grid(c, op, k);
    return;
  case KIR_OP_FUNC_RETURN:
    cpu_op(b, "func.return", 0, NULL, 0, NULL, 0, NULL);
    return;
  case KIR_OP_BARRIER:
    return;
  case KIR_OP_STORE:
  case KIR_OP_ATOMIC_RMW:
  case KIR_OP_ATOMIC_CAS:
    lower_mem(c, op);
    return;
  case KIR_OP_ASSERT:
    lower_assert(c, op);
    return;
  case KIR_OP_PRINT:
    lower_print(c, op);
    return;
  case KIR_OP_SCF_FOR:
  case KIR_OP_SCF_IF:
  case KIR_OP_SCF_WHILE:
    if (writes_memory(op)) flush_loads(c, op);
    if (k == KIR_OP_SCF_FOR)
      lower_for(c, op);
    else if (k == KIR_OP_SCF_IF)
      lower_if(c, op);
    else
      lower_while(c, op);
    return;
  case KIR_OP_REDUCE:
    lower_reduce_filling(c, op);
    return;
  case KIR_OP_SCAN:
    lower_scan(c, op);
    return;
  case KIR_OP_SORT:
    lower_sort(c, op);
    return;
  case KIR_OP_DOT:
    lower_dot(c, op);
    return;
  case KIR_OP_UNSPLAT:
    set_scalar(c, mlirOperationGetResult(op, 0), elem0(c, mlirOperationGetOperand(op, 0)));
    return;
  default:
    break;
  }
  intptr_t nres = mlirOperationGetNumResults(op);
  if (nres > 0 && is_tensor(mlirValueGetType(mlirOperationGetResult(op, 0))))
    lower_tile(c, op, k);
  else
    lower_scalar(c, op);
}

void lower_block(Cpu *c, MlirBlock blk) {
  MlirOperation term = mlirBlockGetTerminator(blk);
  for (MlirOperation op = mlirBlockGetFirstOperation(blk); !mlirOperationIsNull(op) && !c->failed;
       op = mlirOperationGetNextInBlock(op)) {
    if (mlirOperationEqual(op, term) && !is_op(op, KIR_OP_FUNC_RETURN)) break;
    lower_op(c, op);
  }
  /* tiles of this block still waiting to be materialized have had all their uses lowered */
  int k = 0;
  for (int i = 0; i < c->ndefer; i++)
    if (!mlirBlockEqual(c->defer[i]->defblk, blk)) c->defer[k++] = c->defer[i];
  c->ndefer = k;
}

bool cpu_lower_kir(MlirModule m, int vec_bits, Diag *d) {
  MlirOperation kernels[KIR_MAX_KERNELS]; /* the verifier refuses more */
  int nk = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (kir_is_kernel(op) && nk < KIR_MAX_KERNELS) kernels[nk++] = op;
  bool ok = true;
  for (int i = 0; i < nk && ok; i++) {
    Cpu c = {0};
    c.b.ctx = mlirModuleGetContext(m);
    c.d = d;
    c.mod = m;
    c.vec_bits = vec_bits;
    c.facts = tile_facts_run(kernels[i]);
    ok = lower_kernel(&c, kernels[i]);
    tile_facts_free(c.facts);
    for (size_t j = 0; j < c.cap; j++)
      free(c.tab[j]);
    free(c.tab);
    free(c.memo);
    free(c.pend);
    free(c.defer);
    free(c.b.consts);
  }
  return ok;
}

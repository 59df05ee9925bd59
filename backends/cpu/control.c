/*
 * control.c - scf.for, scf.if and scf.while in the CPU lowering: scalars are carried by the new
 * op, loop-carried offset tiles as scalar accumulators, other tiles in stack buffers written
 * from the yields (without overwriting a buffer another yield still reads).
 */
#include "lower_internal.h"

void lower_for(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  int n = (int)mlirOperationGetNumResults(op);
  if (n > 60) {
    fail(c, op, "CPU lowering: too many loop-carried values");
    return;
  }
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetTerminator(body);
  MlirValue inits[64], args[64], res[64], ys[64], bufs[64];
  int cls[64], ni = 0, slot[64];
  for (int k = 0; k < n; k++) {
    MlirValue init = mlirOperationGetOperand(op, 3 + k);
    Info *ai = info(c, mlirBlockGetArgument(body, k + 1));
    slot[k] = -1;
    if (!ai->tensor) {
      cls[k] = 0;
      slot[k] = ni;
      inits[ni++] = scalar(c, init);
    } else if (ai->offset) {
      cls[k] = 1;
      slot[k] = ni;
      inits[ni++] = cpu_zero(b, ai->offset_int ? ai->lt : cpu_int_t(b, 64));
    } else {
      cls[k] = 2;
      bufs[k] = cpu_alloca(b, ai->st, ai->rank, ai->shape);
      copy_into(c, init, bufs[k], ai->st);
    }
  }
  CpuFor f;
  MlirValue iv;
  cpu_for_begin(b, &f, scalar(c, mlirOperationGetOperand(op, 0)),
                scalar(c, mlirOperationGetOperand(op, 1)),
                scalar(c, mlirOperationGetOperand(op, 2)), ni, inits, &iv, args);
  set_scalar(c, mlirBlockGetArgument(body, 0), iv);
  for (int k = 0; k < n; k++) {
    MlirValue arg = mlirBlockGetArgument(body, k + 1);
    Info *ai = info(c, arg);
    if (cls[k] == 0)
      set_scalar(c, arg, args[slot[k]]);
    else if (cls[k] == 1) {
      ai->kind = K_OFFSET;
      ai->base = mlirOperationGetOperand(op, 3 + k);
      ai->v = args[slot[k]];
    } else {
      ai->kind = K_BUF;
      ai->v = bufs[k];
    }
  }
  lower_block(c, body);
  /* yields */
  MlirValue tmp[64];
  bool direct[64] = {0}, skip[64] = {0};
  for (int k = 0; k < n; k++) {
    MlirValue y = mlirOperationGetOperand(yield, k);
    if (cls[k] == 0) {
      ys[slot[k]] = scalar(c, y);
    } else if (cls[k] == 1) {
      Info *ai = info(c, mlirBlockGetArgument(body, k + 1));
      MlirValue u = elem0(c, ai->uniform);
      MlirType at = mlirValueGetType(args[slot[k]]);
      if (!ai->offset_int && mlirIntegerTypeGetWidth(mlirValueGetType(u)) < 64)
        u = cpu_cast(b, "arith.extsi", u, at);
      ys[slot[k]] = cpu_bin(b, "arith.addi", args[slot[k]], u);
    }
  }
  for (int k = 0; k < n; k++) {
    if (cls[k] != 2) continue;
    MlirValue y = mlirOperationGetOperand(yield, k);
    Info *yi = info(c, y);
    tmp[k] = (MlirValue){NULL};
    if (yi->kind == K_BUF && mlirValueEqual(yi->v, bufs[k])) {
      skip[k] = true;
      continue;
    }
    bool standalone = yi->kind == K_BUF;
    bool ok = yi->kind == K_LAZY || yi->kind == K_OFFSET;
    for (int j = 0; j < n; j++) {
      if (cls[j] != 2) continue;
      if (standalone && mlirValueEqual(yi->v, bufs[j])) standalone = false;
      if (ok && j != k && reach_buf(c, y, bufs[j]) != 0) ok = false;
      if (ok && j != k && reach_buf(c, mlirOperationGetOperand(yield, j), bufs[k]) != 0) ok = false;
    }
    if (ok && reach_buf(c, y, bufs[k]) > 1) ok = false;
    direct[k] = ok;
    if (standalone) tmp[k] = yi->v;
  }
  for (int k = 0; k < n; k++) /* phase 1: snapshots that read the old iter buffers */
    if (cls[k] == 2 && !skip[k] && !direct[k] && mlirValueIsNull(tmp[k])) {
      MlirValue y = mlirOperationGetOperand(yield, k);
      Info *yi = info(c, y);
      tmp[k] = cpu_alloca(b, yi->st, yi->rank, yi->shape);
      copy_into(c, y, tmp[k], yi->st);
    }
  for (int k = 0; k < n; k++) /* phase 2: write the iter buffers */
    if (cls[k] == 2 && !skip[k]) {
      if (direct[k]) {
        copy_into(c, mlirOperationGetOperand(yield, k), bufs[k],
                  info(c, mlirBlockGetArgument(body, k + 1))->st);
      } else {
        Info *ai = info(c, mlirBlockGetArgument(body, k + 1));
        copy_buf(c, tmp[k], info(c, mlirOperationGetOperand(yield, k)), bufs[k], ai->st);
      }
    }
  cpu_for_end(b, &f, ni, ys, res);
  for (int k = 0; k < n; k++) {
    MlirValue r = mlirOperationGetResult(op, k);
    Info *ri = info(c, r);
    if (cls[k] == 0)
      set_scalar(c, r, res[slot[k]]);
    else if (cls[k] == 1) {
      ri->kind = K_OFFSET;
      ri->base = mlirOperationGetOperand(op, 3 + k);
      ri->v = res[slot[k]];
    } else {
      ri->kind = K_BUF;
      ri->v = bufs[k];
    }
  }
}

void lower_if(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  int n = (int)mlirOperationGetNumResults(op);
  MlirType types[64];
  MlirValue bufs[64], res[64];
  int slot[64], ns = 0;
  if (n > 60) {
    fail(c, op, "CPU lowering: too many results");
    return;
  }
  for (int k = 0; k < n; k++) {
    Info *ri = info(c, mlirOperationGetResult(op, k));
    if (ri->tensor) {
      bufs[k] = cpu_alloca(b, ri->st, ri->rank, ri->shape);
      slot[k] = -1;
    } else {
      slot[k] = ns;
      types[ns++] = ri->lt;
    }
  }
  CpuIf f;
  cpu_if_begin(b, &f, scalar(c, mlirOperationGetOperand(op, 0)), ns, types);
  for (int r = 0; r < 2; r++) {
    MlirBlock blk = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
    MlirValue ys[64];
    if (!mlirBlockIsNull(blk)) {
      lower_block(c, blk);
      MlirOperation y = mlirBlockGetTerminator(blk);
      for (int k = 0; k < n; k++) {
        MlirValue yv = mlirOperationGetOperand(y, k);
        if (slot[k] < 0)
          copy_into(c, yv, bufs[k], info(c, mlirOperationGetResult(op, k))->st);
        else
          ys[slot[k]] = scalar(c, yv);
      }
    }
    if (r == 0)
      cpu_if_else(b, &f, ys);
    else
      cpu_if_end(b, &f, ys, res);
  }
  for (int k = 0; k < n; k++) {
    MlirValue r = mlirOperationGetResult(op, k);
    Info *ri = info(c, r);
    if (slot[k] < 0) {
      ri->kind = K_BUF;
      ri->v = bufs[k];
    } else {
      set_scalar(c, r, res[slot[k]]);
    }
  }
}

/* scf.while. Scalars are carried by the new scf.while; tensors live in stack buffers like
 * scf.for's: one per before-region argument (written from the after region's yield) and one per
 * after-region argument / result (written by scf.condition's forwarded values). The before and
 * after regions cannot see each other's arguments, so each copy reads only the other side's
 * buffers and never overwrites what it reads. */
void lower_while(Cpu *c, MlirOperation op) {
  CpuB *b = &c->b;
  int n = (int)mlirOperationGetNumOperands(op), nr = (int)mlirOperationGetNumResults(op);
  if (n > 60 || nr > 60) {
    fail(c, op, "CPU lowering: too many loop-carried values");
    return;
  }
  MlirBlock ob[2] = {mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0)),
                     mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 1))};
  MlirValue inits[64], bbuf[64], abuf[64];
  MlirType bt[64], at[64];
  MlirLocation locs[64];
  int bslot[64], aslot[64], nb = 0, na = 0;
  for (int i = 0; i < n; i++) {
    MlirValue v = mlirOperationGetOperand(op, i);
    bslot[i] = -1;
    if (is_tensor(mlirValueGetType(v))) {
      Info *ai = info(c, mlirBlockGetArgument(ob[0], i));
      bbuf[i] = cpu_alloca(b, ai->st, ai->rank, ai->shape);
      copy_into(c, v, bbuf[i], ai->st);
      continue;
    }
    bslot[i] = nb;
    inits[nb] = scalar(c, v);
    bt[nb] = mlirValueGetType(inits[nb]);
    nb++;
  }
  for (int i = 0; i < nr; i++) {
    MlirType t = mlirValueGetType(mlirOperationGetResult(op, i));
    aslot[i] = -1;
    if (is_tensor(t)) {
      Info *ri = info(c, mlirOperationGetResult(op, i));
      abuf[i] = cpu_alloca(b, ri->st, ri->rank, ri->shape);
      continue;
    }
    aslot[i] = na;
    at[na++] = conv(c, t);
  }
  for (int i = 0; i < 64; i++)
    locs[i] = b->loc;
  MlirRegion r[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock before = mlirBlockCreate(nb, bt, locs), after = mlirBlockCreate(na, at, locs);
  mlirRegionAppendOwnedBlock(r[0], before);
  mlirRegionAppendOwnedBlock(r[1], after);
  MlirOperationState st = mlirOperationStateGet(kir_str("scf.while"), b->loc);
  mlirOperationStateAddOperands(&st, nb, inits);
  mlirOperationStateAddResults(&st, na, at);
  mlirOperationStateAddOwnedRegions(&st, 2, r);
  MlirOperation w = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(b->blk, w);
  MlirBlock saved = b->blk;
  MlirBlock nbk[2] = {before, after};
  for (int k = 0; k < 2; k++) {
    b->blk = nbk[k];
    const int *slot = k == 0 ? bslot : aslot;
    MlirValue *bufs = k == 0 ? bbuf : abuf;
    for (intptr_t i = 0; i < mlirBlockGetNumArguments(ob[k]); i++) {
      MlirValue arg = mlirBlockGetArgument(ob[k], i);
      if (slot[i] >= 0) {
        set_scalar(c, arg, mlirBlockGetArgument(nbk[k], slot[i]));
      } else {
        Info *ai = info(c, arg);
        ai->kind = K_BUF;
        ai->v = bufs[i];
      }
    }
    lower_block(c, ob[k]);
    MlirOperation t = mlirBlockGetTerminator(ob[k]);
    intptr_t nt = mlirOperationGetNumOperands(t);
    /* scf.condition: operand 0 is the condition, then the forwarded values (-> after args) */
    int first = k == 0 ? 1 : 0;
    const int *dslot = k == 0 ? aslot : bslot;
    MlirValue *dbufs = k == 0 ? abuf : bbuf;
    MlirValue ops[65];
    int no = 0;
    if (k == 0) ops[no++] = scalar(c, mlirOperationGetOperand(t, 0));
    for (intptr_t i = first; i < nt && no < 65; i++) {
      MlirValue v = mlirOperationGetOperand(t, i);
      int d = (int)i - first;
      if (dslot[d] >= 0) {
        ops[no++] = scalar(c, v);
      } else {
        Info *vi = info(c, v);
        if (!(vi->kind == K_BUF && mlirValueEqual(vi->v, dbufs[d])))
          copy_into(c, v, dbufs[d],
                    k == 0 ? info(c, mlirOperationGetResult(op, d))->st
                           : info(c, mlirBlockGetArgument(ob[0], d))->st);
      }
    }
    cpu_op(b, k == 0 ? "scf.condition" : "scf.yield", no, ops, 0, NULL, 0, NULL);
  }
  b->blk = saved;
  for (int i = 0; i < nr; i++) {
    MlirValue res = mlirOperationGetResult(op, i);
    if (aslot[i] >= 0) {
      set_scalar(c, res, mlirOperationGetResult(w, aslot[i]));
    } else {
      Info *ri = info(c, res);
      ri->kind = K_BUF;
      ri->v = abuf[i];
    }
  }
}

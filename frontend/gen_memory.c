/*
 * gen_memory.c - memory builtins: tl.load / tl.store (pointer tiles and block pointers) and the
 * atomics.
 */
#include "gen_builtins.h"

#include <math.h>
#include <string.h>

/* A load/store/atomic mask: a boolean tensor or a Python bool (as in Triton, other integer or
 * float masks are errors). */
static Value mask_arg(Gen *g, const Node *n, const char *fn, Value m) {
  if (m.kind == V_BOOL) return tensor_of(g, n, m);
  if (m.kind != V_TENSOR || m.ty.dt->kind != DT_I1)
    gen_fail(g, n,
             "%s: the mask must be a boolean (int1), got %s; compare it (x != 0) or use "
             ".to(tl.int1)",
             fn, gen_value_desc(g, &m));
  return m;
}

/* The pointer tile of tl.load / tl.store (fn) and its element type in memory (*el, and *mem:
 * int1 is stored as int8). boundary_check (argument 3 of both) needs a block pointer. */
static Value pointer_arg(Gen *g, const Node *n, const char *fn, Args *a, const DType **el,
                         const DType **mem) {
  Value p = tensor_of(g, n, arg_need(g, n, fn, a, 0, "pointer"));
  if (!sema_is_ptr(p.ty.dt))
    gen_fail(g, n, "tl.%s expects a pointer, got %s", fn, sema_type_str(g->a, p.ty));
  if (arg_present(a, 3) && a->v[3]->kind == V_TUPLE && a->v[3]->n)
    gen_fail(g, n, "boundary_check is only supported with block pointers");
  *el = p.ty.dt->pointee;
  *mem = (*el)->kind == DT_I1 ? sema_dtype(DT_I8) : *el;
  return p;
}

static Value load(Gen *g, const Node *n, Args *a) {
  const DType *el, *mem;
  Value p = pointer_arg(g, n, "load", a, &el, &mem);
  MlirValue ops[3] = {p.v};
  int nops = 1;
  Type shape = p.ty;
  Value mask = {0}, other = {0};
  if (arg_present(a, 1)) {
    mask = mask_arg(g, n, "tl.load", *a->v[1]);
    const char *err;
    if (!sema_broadcast(shape, mask.ty, &shape, &err))
      gen_fail(g, n, "tl.load: mask of shape %s does not broadcast to %s",
               sema_type_str(g->a, mask.ty), sema_type_str(g->a, p.ty));
  } else if (arg_present(a, 2)) {
    gen_fail(g, n, "tl.load: 'other' requires a 'mask'");
  }
  p = gen_broadcast_to(g, n, p, shape);
  ops[0] = p.v;
  Type rt = sema_with_dtype(shape, mem);
  bool zero_other = false;
  if (mask.kind == V_TENSOR) {
    mask = gen_broadcast_to(g, n, mask, shape);
    ops[nops++] = mask.v;
    if (arg_present(a, 2)) {
      Value o = *a->v[2];
      if (o.kind != V_TENSOR && !gen_is_const(&o))
        gen_fail(g, n, "tl.load: 'other' must be a tensor or a number, got %s",
                 gen_value_desc(g, &o));
      if (o.kind == V_TENSOR && o.ty.rank > shape.rank)
        gen_fail(g, n, "tl.load: 'other' of shape %s does not broadcast to the pointer block %s",
                 sema_type_str(g->a, o.ty), sema_type_str(g->a, shape));
      /* other=0 / 0.0 is what masked lanes read anyway */
      zero_other = gen_is_const(&o) && (o.kind == V_FLOAT ? o.f == 0 && !signbit(o.f) : o.i == 0);
      other = gen_broadcast_to(g, n, gen_cast(g, n, o, mem, false), shape);
    }
  }
  MlirNamedAttribute vol = kir_attr(g->ctx, "volatile", mlirUnitAttrGet(g->ctx));
  bool is_vol = arg_present(a, 7) && gen_truthy(g, n, a->v[7]);
  Value r = gen_tensor(gen_op1(g, "kir.load", nops, ops, gen_mlir_type(g, rt), is_vol, &vol), rt);
  if (other.kind == V_TENSOR && !zero_other) {
    /* kir.load is (ptr, mask): masked-off lanes read 0; `other` replaces them (docs/kir.md) */
    MlirValue sel[3] = {mask.v, r.v, other.v};
    r = gen_tensor(gen_op1(g, "arith.select", 3, sel, gen_mlir_type(g, rt), 0, NULL), rt);
  }
  if (el->kind == DT_I1) r = gen_cast(g, n, r, sema_dtype(DT_I1), false);
  return r;
}

static Value store(Gen *g, const Node *n, Args *a) {
  const DType *el, *mem;
  Value p = pointer_arg(g, n, "store", a, &el, &mem);
  Value v = arg_need(g, n, "store", a, 1, "value");
  if (v.kind == V_TENSOR && v.ty.rank > p.ty.rank)
    gen_fail(g, n, "tl.store: value of shape %s is larger than the pointer block %s",
             sema_type_str(g->a, v.ty), sema_type_str(g->a, p.ty));
  v = gen_cast(g, n, v, mem, false);
  Value vb = gen_broadcast_to(g, n, v, p.ty);
  MlirValue ops[3] = {p.v, vb.v};
  int nops = 2;
  if (arg_present(a, 2)) {
    Value m = mask_arg(g, n, "tl.store", *a->v[2]);
    Type ms;
    const char *err;
    if (!sema_broadcast(p.ty, m.ty, &ms, &err) || !sema_type_eq(sema_with_dtype(ms, p.ty.dt), p.ty))
      gen_fail(g, n, "tl.store: mask of shape %s does not broadcast to the pointer block %s",
               sema_type_str(g->a, m.ty), sema_type_str(g->a, p.ty));
    ops[nops++] = gen_broadcast_to(g, n, m, p.ty).v;
  }
  gen_op(g, "kir.store", nops, ops, 0, NULL, 0, NULL);
  return (Value){.kind = V_NONE};
}

/* The atomic's `sem` / `scope` string argument i: one of `allowed`, the first when absent. Both are
 * recorded as attributes (docs/kir.md). */
static const char *atomic_choice(Gen *g, const Node *n, Args *a, int i, const char *param,
                                 const char *what, const char *const *allowed) {
  if (!arg_present(a, i)) return allowed[0];
  if (a->v[i]->kind != V_STR) gen_fail(g, n, "%s must be a string", param);
  for (int k = 0; allowed[k]; k++)
    if (strcmp(a->v[i]->s, allowed[k]) == 0) return allowed[k];
  gen_fail(g, n, "unknown memory %s '%s'", what, a->v[i]->s);
}

static Value atomic(Gen *g, const Node *n, const char *kind, Args *a, bool cas) {
  Value p = tensor_of(g, n, arg_need(g, n, "atomic", a, 0, "pointer"));
  if (!sema_is_ptr(p.ty.dt))
    gen_fail(g, n, "atomics need a pointer, got %s", sema_type_str(g->a, p.ty));
  const DType *el = p.ty.dt->pointee;
  static const char *const sems[] = {"acq_rel", "relaxed", "acquire", "release", NULL};
  static const char *const scopes[] = {"gpu", "cta", "sys", NULL};
  const char *sem = atomic_choice(g, n, a, 3, "sem", "semantic", sems);
  const char *scope = atomic_choice(g, n, a, 4, "scope", "scope", scopes);
  if (cas) {
    Value c = gen_broadcast_to(
        g, n, gen_cast(g, n, arg_need(g, n, "atomic_cas", a, 1, "cmp"), el, false), p.ty);
    Value v = gen_broadcast_to(
        g, n, gen_cast(g, n, arg_need(g, n, "atomic_cas", a, 2, "val"), el, false), p.ty);
    MlirValue ops[3] = {p.v, c.v, v.v};
    MlirNamedAttribute at[2] = {attr_str(g, "sem", sem), attr_str(g, "scope", scope)};
    Type rt = sema_with_dtype(p.ty, el);
    return gen_tensor(gen_op1(g, "kir.atomic_cas", 3, ops, gen_mlir_type(g, rt), 2, at), rt);
  }
  Value v = gen_cast(g, n, arg_need(g, n, "atomic", a, 1, "val"), el, false);
  Type shape = p.ty;
  const char *err;
  if (!sema_broadcast(shape, v.ty, &shape, &err))
    gen_fail(g, n, "atomic: value shape %s does not match the pointer %s",
             sema_type_str(g->a, v.ty), sema_type_str(g->a, p.ty));
  p = gen_broadcast_to(g, n, p, shape);
  v = gen_broadcast_to(g, n, v, shape);
  MlirValue ops[3] = {p.v, v.v};
  int nops = 2;
  if (arg_present(a, 2)) {
    Value m = mask_arg(g, n, "atomic", *a->v[2]);
    ops[nops++] = gen_broadcast_to(g, n, m, shape).v;
  }
  bool fl = sema_is_float(el), sg = sema_is_signed(el);
  const char *k = kind;
  if (strcmp(kind, "add") == 0 && fl)
    k = "fadd";
  else if (strcmp(kind, "max") == 0)
    k = fl ? "fmax" : sg ? "max" : "umax";
  else if (strcmp(kind, "min") == 0)
    k = fl ? "fmin" : sg ? "min" : "umin";
  else if ((strcmp(kind, "and") == 0 || strcmp(kind, "or") == 0 || strcmp(kind, "xor") == 0) &&
           !sema_is_int(el))
    gen_fail(g, n, "atomic_%s needs an integer pointer", kind);
  MlirNamedAttribute at[3] = {attr_str(g, "kind", k), attr_str(g, "sem", sem),
                              attr_str(g, "scope", scope)};
  Type rt = sema_with_dtype(shape, el);
  return gen_tensor(gen_op1(g, "kir.atomic_rmw", nops, ops, gen_mlir_type(g, rt), 3, at), rt);
}

/* ---- handlers -------------------------------------------------------------------------------- */
static Value h_load(Gen *g, const Node *n, Call *c) {
  Args *a = &c->a;
  if (a->v[0] && a->v[0]->kind == V_BLOCKPTR) {
    if (arg_present(a, 1) || arg_present(a, 2))
      gen_fail(g, n,
               "tl.load: mask and other are not supported with block pointers (use "
               "boundary_check and padding_option)");
    return gen_block_load(g, n, *a->v[0], a->v[3], a->v[4]);
  }
  return load(g, n, a);
}

static Value h_store(Gen *g, const Node *n, Call *c) {
  Args *a = &c->a;
  if (a->v[0] && a->v[0]->kind == V_BLOCKPTR) {
    if (arg_present(a, 2))
      gen_fail(g, n, "tl.store: mask is not supported with block pointers (use boundary_check)");
    gen_block_store(g, n, *a->v[0], ARG(1, "value"), a->v[3]);
    return (Value){.kind = V_NONE};
  }
  return store(g, n, a);
}

static Value h_make_descriptor(Gen *g, const Node *n, Call *c) {
  return gen_make_descriptor(g, n, ARG(0, "base"), ARG(1, "shape"), ARG(2, "strides"),
                             ARG(3, "block_shape"));
}

/* tl.load_tensor_descriptor / desc.load (op: NULL) and tl.store_tensor_descriptor / desc.store
 * (op: "store") */
static Value h_descriptor(Gen *g, const Node *n, Call *c) {
  if (!c->b->op) return gen_descriptor_load(g, n, ARG(0, "desc"), ARG(1, "offsets"));
  gen_descriptor_store(g, n, ARG(0, "desc"), ARG(1, "offsets"), ARG(2, "value"));
  return (Value){.kind = V_NONE};
}

/* tl.atomic_cas, and the read-modify-write atomics (op: the Triton kind, "add", "max", ...) */
static Value h_atomic(Gen *g, const Node *n, Call *c) {
  return atomic(g, n, c->b->op, &c->a, strcmp(c->b->op, "cas") == 0);
}

/* ---- the table ------------------------------------------------------------------------------- */
#define RMW(name, kind)                                                                            \
  { name, h_atomic, "pointer,val,mask,sem,scope", kind }

const Builtin gen_builtins_memory[] = {
    {"load", h_load,
     "pointer,mask,other,boundary_check,padding_option,cache_modifier,eviction_policy,volatile",
     NULL},
    {"store", h_store, "pointer,value,mask,boundary_check,cache_modifier,eviction_policy", NULL},
    {"make_tensor_descriptor", h_make_descriptor, "base,shape,strides,block_shape,padding_option",
     NULL},
    {"load_tensor_descriptor", h_descriptor, "desc,offsets", NULL},
    {"store_tensor_descriptor", h_descriptor, "desc,offsets,value", "store"},
    {"atomic_cas", h_atomic, "pointer,cmp,val,sem,scope", "cas"},
    RMW("atomic_add", "add"),
    RMW("atomic_max", "max"),
    RMW("atomic_min", "min"),
    RMW("atomic_and", "and"),
    RMW("atomic_or", "or"),
    RMW("atomic_xor", "xor"),
    RMW("atomic_xchg", "xchg"),
};
const int gen_builtins_memory_n = sizeof gen_builtins_memory / sizeof *gen_builtins_memory;

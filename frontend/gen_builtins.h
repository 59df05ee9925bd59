/*
 * gen_builtins.h - what the builtin files share: argument binding, the call record a handler
 * receives, and the handler tables. Private to frontend/gen_builtins.c, gen_math.c, gen_memory.c,
 * gen_shape.c and gen_rearrange.c.
 *
 * A builtin is a row {name, handler, spec, op}: gen_call_builtin finds the row by name (one
 * binary search), binds the call's arguments to the comma-separated parameter names in `spec`
 * (Python rules: positional, then keyword; "*" before the last name collects the rest into a
 * tuple) and calls the handler, which reads its row's `op` for per-row data (the op to emit, the
 * flavour of a family of builtins). A row with a NULL spec gets the raw arguments.
 */
#ifndef KCC_FRONTEND_GEN_BUILTINS_H
#define KCC_FRONTEND_GEN_BUILTINS_H

#include "gen_internal.h"

typedef struct Args {
  Value *v[12];
} Args;

typedef struct Builtin Builtin;

typedef struct Call {
  const char *name; /* as called: "tl.load", "libdevice.exp" */
  const char *f;    /* without the namespace: "load", "exp" */
  const Builtin *b; /* the row */
  Value *self;      /* bound-method receiver, or NULL */
  Value *args;
  int nargs;
  const char **kwn;
  Value *kwv;
  int nkw;
  Args a; /* bound by b->spec */
} Call;

typedef Value (*BuiltinFn)(Gen *g, const Node *n, Call *c);

struct Builtin {
  const char *name;
  BuiltinFn fn;
  const char *spec; /* parameter names bound into Call.a, or NULL */
  const char *op;   /* per-row data for the handler, or NULL */
};

/* The rows of each theme; the names of all tables together are unique. */
extern const Builtin gen_builtins_memory[]; /* load/store, atomics, hints */
extern const int gen_builtins_memory_n;
extern const Builtin gen_builtins_math[]; /* elementwise math, where, min/max */
extern const int gen_builtins_math_n;
extern const Builtin gen_builtins_shape[]; /* shapes, reductions, scans, sort, dot */
extern const int gen_builtins_shape_n;
extern const Builtin gen_builtins_rearrange[]; /* flip, cat, gather, histogram, topk, ... */
extern const int gen_builtins_rearrange_n;

/* ---- arguments ------------------------------------------------------------------------------- */
Args arg_bind(Gen *g, const Node *n, const char *fname, const char *spec, Value *self, Value *args,
              int nargs, const char **kwn, Value *kwv, int nkw);
/* Argument i, or "F() missing required argument 'WHAT'". */
Value arg_need(Gen *g, const Node *n, const char *fname, Args *a, int i, const char *what);
int64_t arg_int(Gen *g, const Node *n, Value v, const char *what); /* constexpr int or bool */
const DType *arg_dtype(Gen *g, const Node *n, Value v, const char *what);
Type arg_shape(Gen *g, const Node *n, Value v, const DType *dt); /* int or tuple of pow2 ints */

/* The call's argument i (the builtin's own name in the message). */
#define ARG(i, what) arg_need(g, n, c->f, &c->a, i, what)

static inline bool arg_present(Args *a, int i) {
  return a->v[i] && a->v[i]->kind != V_NONE;
}

static inline Value tensor_of(Gen *g, const Node *n, Value v) {
  return v.kind == V_TENSOR ? v : gen_to_tensor(g, n, &v);
}

static inline MlirNamedAttribute attr_i32(Gen *g, const char *name, int64_t v) {
  return kir_attr(g->ctx, name, kir_named_i32(g->ctx, v));
}

static inline MlirNamedAttribute attr_str(Gen *g, const char *name, const char *v) {
  return kir_attr(g->ctx, name, mlirStringAttrGet(g->ctx, kir_str(v)));
}

static inline Value emit_unary(Gen *g, const char *op, Value x) {
  MlirValue v = x.v;
  return gen_tensor(gen_op1(g, op, 1, &v, gen_mlir_type(g, x.ty), 0, NULL), x.ty);
}

/* ---- shared by the themes -------------------------------------------------------------------- */
Value gen_float_operand(Gen *g, const Node *n, Value x); /* a float tensor (ints -> fp32) */
Value gen_minmax(Gen *g, const Node *n, Value a, Value b, bool is_max, bool propagate_nan);
Value gen_where(Gen *g, const Node *n, Value c, Value x, Value y);
/* gen_rearrange.c: the x.shape[0] slices of x along dimension 0 (that dimension dropped); k (a
 * power of 2) tiles of one type stacked along a new dimension 0 */
Value *gen_unstack(Gen *g, const Node *n, Value x);
Value gen_stack(Gen *g, const Node *n, Value *xs, int k);

#endif

/*
 * sema.c - the typing rules of the kernel language (Triton 3.2+), free of MLIR so they can be
 * unit-tested alone: dtype names, literal typing, binary promotion (computation_type_impl),
 * integer promotion, broadcasting. See shared/reference/triton-language.md §4.
 */
#include "sema.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const DType scalars[] = {
    [DT_I1] = {DT_I1},     [DT_I8] = {DT_I8},     [DT_I16] = {DT_I16},   [DT_I32] = {DT_I32},
    [DT_I64] = {DT_I64},   [DT_U8] = {DT_U8},     [DT_U16] = {DT_U16},   [DT_U32] = {DT_U32},
    [DT_U64] = {DT_U64},   [DT_F16] = {DT_F16},   [DT_BF16] = {DT_BF16}, [DT_F32] = {DT_F32},
    [DT_F64] = {DT_F64},   [DT_F8E5] = {DT_F8E5}, [DT_F8E4] = {DT_F8E4}, [DT_PTR] = {DT_PTR},
    [DT_VOID] = {DT_VOID}, [DT_F8E4B15] = {DT_F8E4B15},
};

/* tl names, signature spellings and aliases, indexed by kind. */
static const struct {
  const char *tl, *sig, *alias1, *alias2;
} names[] = {
    [DT_I1] = {"int1", "i1", "bool", "u1"},        [DT_I8] = {"int8", "i8", 0, 0},
    [DT_I16] = {"int16", "i16", 0, 0},             [DT_I32] = {"int32", "i32", 0, 0},
    [DT_I64] = {"int64", "i64", 0, 0},             [DT_U8] = {"uint8", "u8", 0, 0},
    [DT_U16] = {"uint16", "u16", 0, 0},            [DT_U32] = {"uint32", "u32", 0, 0},
    [DT_U64] = {"uint64", "u64", 0, 0},            [DT_F16] = {"fp16", "fp16", "float16", "f16"},
    [DT_BF16] = {"bf16", "bf16", "bfloat16", 0},   [DT_F32] = {"fp32", "fp32", "float32", "f32"},
    [DT_F64] = {"fp64", "fp64", "float64", "f64"}, [DT_F8E5] = {"fp8e5", "fp8e5", "float8e5", 0},
    [DT_F8E4] = {"fp8e4nv", "fp8e4nv", "float8e4nv", 0}, [DT_PTR] = {"pointer", "*", 0, 0},
    [DT_F8E4B15] = {"fp8e4b15", "fp8e4b15", "float8e4b15", 0},
    [DT_VOID] = {"void", "void", 0, 0},
};

const DType *sema_dtype(DKind k) {
  return &scalars[k];
}

const DType *sema_ptr(Arena *a, const DType *pointee) {
  DType *t = arena_alloc(a, sizeof *t);
  t->kind = DT_PTR;
  t->pointee = pointee;
  return t;
}

const DType *sema_dtype_parse(Arena *a, const char *name) {
  if (name[0] == '*') {
    const char *rest = name + 1;
    if (rest[0] == 'k') /* Triton's const pointer spelling: *kfp32 */
      rest++;
    const DType *p = sema_dtype_parse(a, rest);
    return p && p->kind != DT_VOID ? sema_ptr(a, p) : NULL;
  }
  for (int k = DT_I1; k <= DT_VOID; k++) {
    if (k == DT_PTR)
      continue;
    if (strcmp(name, names[k].tl) == 0 || strcmp(name, names[k].sig) == 0 ||
        (names[k].alias1 && strcmp(name, names[k].alias1) == 0) ||
        (names[k].alias2 && strcmp(name, names[k].alias2) == 0))
      return &scalars[k];
  }
  return NULL;
}

const char *sema_dtype_name(const DType *t) {
  return names[t->kind].tl;
}

const char *sema_dtype_sig(Arena *a, const DType *t) {
  if (t->kind == DT_PTR)
    return arena_printf(a, "*%s", sema_dtype_sig(a, t->pointee));
  return names[t->kind].sig;
}

const char *sema_type_str(Arena *a, Type t) {
  const char *el = t.dt->kind == DT_PTR ? arena_printf(a, "pointer<%s>", sema_dtype_name(t.dt->pointee))
                                       : sema_dtype_name(t.dt);
  if (t.rank == 0)
    return el;
  char buf[128] = "<";
  for (int i = 0; i < t.rank; i++)
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%lldx", (long long)t.shape[i]);
  return arena_printf(a, "%s%s>", buf, el);
}

bool sema_is_int(const DType *t) {
  return t->kind >= DT_I1 && t->kind <= DT_U64;
}
bool sema_is_signed(const DType *t) {
  return t->kind >= DT_I8 && t->kind <= DT_I64;
}
bool sema_is_float(const DType *t) {
  return (t->kind >= DT_F16 && t->kind <= DT_F64) || sema_is_fp8(t);
}
bool sema_is_fp8(const DType *t) {
  return t->kind == DT_F8E5 || t->kind == DT_F8E4 || t->kind == DT_F8E4B15;
}
bool sema_is_ptr(const DType *t) {
  return t->kind == DT_PTR;
}

int sema_bits(const DType *t) {
  switch (t->kind) {
  case DT_I1: return 1;
  case DT_I8: case DT_U8: case DT_F8E5: case DT_F8E4: case DT_F8E4B15: return 8;
  case DT_I16: case DT_U16: case DT_F16: case DT_BF16: return 16;
  case DT_I32: case DT_U32: case DT_F32: return 32;
  case DT_I64: case DT_U64: case DT_F64: case DT_PTR: return 64;
  case DT_VOID: return 0;
  }
  return 0;
}

int sema_mantissa(const DType *t) {
  switch (t->kind) {
  case DT_F16: return 10;
  case DT_BF16: return 7;
  case DT_F32: return 23;
  case DT_F64: return 52;
  case DT_F8E5: return 2;
  case DT_F8E4: case DT_F8E4B15: return 3;
  default: return 0;
  }
}

bool sema_dtype_eq(const DType *a, const DType *b) {
  if (a->kind != b->kind)
    return false;
  return a->kind != DT_PTR || sema_dtype_eq(a->pointee, b->pointee);
}

bool sema_type_eq(Type a, Type b) {
  if (a.rank != b.rank || !sema_dtype_eq(a.dt, b.dt))
    return false;
  for (int i = 0; i < a.rank; i++)
    if (a.shape[i] != b.shape[i])
      return false;
  return true;
}

int64_t sema_numel(Type t) {
  int64_t n = 1;
  for (int i = 0; i < t.rank; i++)
    n *= t.shape[i];
  return n;
}

Type sema_scalar(const DType *dt) {
  return (Type){.dt = dt};
}

Type sema_block(const DType *dt, int rank, const int64_t *shape) {
  Type t = {.dt = dt, .rank = rank};
  for (int i = 0; i < rank; i++)
    t.shape[i] = shape[i];
  return t;
}

Type sema_with_dtype(Type t, const DType *dt) {
  t.dt = dt;
  return t;
}

bool sema_is_pow2(int64_t v) {
  return v > 0 && (v & (v - 1)) == 0;
}

const DType *sema_literal_dtype(PyKind k, int64_t ival, bool uint_big, double fval,
                                const char **err) {
  switch (k) {
  case PY_BOOL: return &scalars[DT_I1];
  case PY_INT:
    if (uint_big) /* value in [2^63, 2^64) */
      return &scalars[DT_U64];
    if (ival >= INT32_MIN && ival <= INT32_MAX)
      return &scalars[DT_I32];
    if (ival > INT32_MAX && ival <= (int64_t)UINT32_MAX)
      return &scalars[DT_U32];
    return &scalars[DT_I64];
  case PY_FLOAT: {
    double a = fabs(fval);
    if (isfinite(fval) && a != 0 && (a < 1.1754943508222875e-38 || a > 3.4028234663852886e38))
      return &scalars[DT_F64];
    return &scalars[DT_F32];
  }
  case PY_NONE: break;
  }
  *err = "not a literal";
  return NULL;
}

const DType *sema_int_promote(const DType *a, const DType *b) {
  int wa = sema_bits(a), wb = sema_bits(b);
  bool sa = sema_is_signed(a), sb = sema_is_signed(b);
  if (sa == sb)
    return wa >= wb ? a : b;
  const DType *u = sa ? b : a, *s = sa ? a : b;
  return sema_bits(u) >= sema_bits(s) ? u : s;
}

/* Static messages (sema is arena-free), in Triton's words (its tests match them). */
static const char *mixed_sign_msg(const char *op) {
  if (strcmp(op, "/") == 0)
    return "Cannot use /, because they have different signedness: integer operands of mixed "
           "signedness";
  if (strcmp(op, "%") == 0)
    return "Cannot use %, because they have different signedness: integer operands of mixed "
           "signedness";
  return "Cannot use //, because they have different signedness: integer operands of mixed "
         "signedness";
}

static bool is_div_mod(const char *op) {
  return strcmp(op, "/") == 0 || strcmp(op, "%") == 0;
}

static int py_kind_of(const DType *t) {
  if (t->kind == DT_I1)
    return PY_BOOL;
  return sema_is_float(t) ? PY_FLOAT : PY_INT;
}

const DType *sema_promote(const DType *a, PyKind a_py, const DType *b, PyKind b_py,
                          const char *op, const char **err) {
  bool divmod = is_div_mod(op);
  /* Step 0: one Python scalar whose kind does not outrank the tensor's. */
  if ((a_py != PY_NONE) != (b_py != PY_NONE)) {
    const DType *t = a_py != PY_NONE ? b : a;
    PyKind pk = a_py != PY_NONE ? a_py : b_py;
    if (!sema_is_ptr(t) && (int)pk <= py_kind_of(t)) {
      if (divmod && (t->kind == DT_F16 || t->kind == DT_BF16))
        return &scalars[DT_F32];
      if (strcmp(op, "/") == 0 && sema_is_int(t))
        return &scalars[DT_F32];
      return t;
    }
  }
  if (sema_is_ptr(a) || sema_is_ptr(b)) {
    *err = "pointer operands are not allowed here";
    return NULL;
  }
  if (a->kind == DT_F64 || b->kind == DT_F64)
    return &scalars[DT_F64];
  if (a->kind == DT_F32 || b->kind == DT_F32)
    return &scalars[DT_F32];
  if (a->kind == DT_F16 || b->kind == DT_F16)
    return divmod ? &scalars[DT_F32] : &scalars[DT_F16];
  if (a->kind == DT_BF16 || b->kind == DT_BF16) {
    if (a->kind == DT_BF16 && b->kind == DT_BF16 && !divmod)
      return &scalars[DT_BF16];
    return &scalars[DT_F32];
  }
  if (sema_is_float(a) || sema_is_float(b)) { /* fp8 */
    if (a->kind == b->kind)
      return a;
    return &scalars[DT_F16];
  }
  if ((divmod || strcmp(op, "//") == 0) && a->kind != DT_I1 && b->kind != DT_I1 &&
      sema_is_signed(a) != sema_is_signed(b)) {
    *err = mixed_sign_msg(op);
    return NULL;
  }
  if (strcmp(op, "/") == 0)
    return &scalars[DT_F32];
  return sema_int_promote(a, b);
}

bool sema_broadcast(Type a, Type b, Type *out, const char **err) {
  int r = a.rank > b.rank ? a.rank : b.rank;
  Type t = {.dt = a.dt, .rank = r};
  for (int i = 0; i < r; i++) {
    int ia = i - (r - a.rank), ib = i - (r - b.rank);
    int64_t da = ia >= 0 ? a.shape[ia] : 1, db = ib >= 0 ? b.shape[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      *err = "incompatible shapes";
      return false;
    }
    t.shape[i] = da == 1 ? db : da;
  }
  *out = t;
  return true;
}

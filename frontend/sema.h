/*
 * sema.h - the typing rules of the kernel language, MLIR-free: scalar dtypes, block types,
 * Triton 3.2+ binary promotion, broadcasting, literal typing, reduction result types.
 */
#ifndef KCC_FRONTEND_SEMA_H
#define KCC_FRONTEND_SEMA_H

#include "ast.h"
#include "kir_limits.h"

typedef enum DKind {
  DT_I1, DT_I8, DT_I16, DT_I32, DT_I64, DT_U8, DT_U16, DT_U32, DT_U64,
  DT_F16, DT_BF16, DT_F32, DT_F64, DT_F8E5, DT_F8E4, DT_F8E4B15, DT_PTR, DT_VOID,
} DKind;

typedef struct DType {
  DKind kind;
  const struct DType *pointee; /* DT_PTR */
} DType;

#define SEMA_MAX_RANK KIR_MAX_RANK
/* A value's type: element dtype plus a block shape (rank 0 = scalar). */
typedef struct Type {
  const DType *dt;
  int rank;
  int64_t shape[SEMA_MAX_RANK];
} Type;

const DType *sema_dtype(DKind k);
const DType *sema_ptr(Arena *a, const DType *pointee);
/* Triton name ("fp32", "int32", "float32", "bf16", ...) or signature spelling ("*fp32"). */
const DType *sema_dtype_parse(Arena *a, const char *name);
const char *sema_dtype_name(const DType *t);      /* tl name: "fp32", "int32", "pointer<fp32>" */
const char *sema_dtype_sig(Arena *a, const DType *t); /* signature spelling: "*fp32", "i32" */
const char *sema_type_str(Arena *a, Type t);      /* "fp32", "<128x64xfp32>" */

bool sema_is_int(const DType *t);   /* i1 included */
bool sema_is_signed(const DType *t);
bool sema_is_float(const DType *t);
bool sema_is_fp8(const DType *t); /* held as bytes in kir: gen_fp8.c */
bool sema_is_ptr(const DType *t);
int sema_bits(const DType *t);      /* primitive bit width; 64 for pointers */
int sema_mantissa(const DType *t);
bool sema_dtype_eq(const DType *a, const DType *b);
bool sema_type_eq(Type a, Type b);
int64_t sema_numel(Type t);

Type sema_scalar(const DType *dt);
Type sema_block(const DType *dt, int rank, const int64_t *shape);
Type sema_with_dtype(Type t, const DType *dt);

/* Kind of a Python scalar operand in promotion: 0 none (tensor), 1 bool, 2 int, 3 float. */
typedef enum PyKind { PY_NONE, PY_BOOL, PY_INT, PY_FLOAT } PyKind;

/* The dtype of a Python literal turned into a tensor (to_tensor). NULL + *err on overflow. */
const DType *sema_literal_dtype(PyKind k, int64_t ival, bool uint_big, double fval,
                                const char **err);

/* Binary computation type (Triton computation_type_impl, 3.2+). `op` is the operator spelling.
 * a_py/b_py say whether each operand is a Python scalar (and its kind). Returns NULL and sets
 * *err on a type error. */
const DType *sema_promote(const DType *a, PyKind a_py, const DType *b, PyKind b_py,
                          const char *op, const char **err);
/* Integer promotion (C usual arithmetic conversions on the two integer dtypes). */
const DType *sema_int_promote(const DType *a, const DType *b);

/* Broadcast two shapes; false + *err when incompatible. */
bool sema_broadcast(Type a, Type b, Type *out, const char **err);

bool sema_is_pow2(int64_t v);

#endif

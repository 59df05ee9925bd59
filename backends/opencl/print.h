/*
 * print.h - the state and shared helpers of the C-like printer (clike.h): value names, C types,
 * statements. print.c walks kernels and control flow, print_arith.c the scalar arith/math ops,
 * print_mem.c memory, atomics and debug ops.
 */
#ifndef KCC_BACKENDS_OPENCL_PRINT_H
#define KCC_BACKENDS_OPENCL_PRINT_H

#include "clike.h"
#include "strbuf.h"

#include <stdbool.h>

/* The scalar types of the per-thread IR. */
typedef enum ClTy {
  TY_BOOL,
  TY_I8,
  TY_I16,
  TY_I32,
  TY_I64,
  TY_INDEX,
  TY_F16,
  TY_BF16,
  TY_F32,
  TY_F64,
  TY_PTR,
  TY_MEMREF,
  TY_BAD
} ClTy;

typedef struct ClName {
  const void *key; /* MlirValue.ptr */
  char name[72];
} ClName;

typedef struct Pr {
  const CLike *L;
  Diag *d;
  StrBuf out; /* the current kernel's body */
  int indent;
  bool need[CL_NEED_COUNT];
  ClName *names;
  size_t ncap, nlen;
  int next; /* the next vN */
  char loc_file[512];
  int loc_line;
  bool failed;
} Pr;

ClTy cl_ty(MlirType t);
int cl_bits(ClTy t); /* 1, 8, 16, 32, 64 (index: 64); 0 for others */
bool cl_is_float(ClTy t);
bool cl_is_int(ClTy t); /* bool, i8..i64, index */
/* C type of a value of type t ("uint", "float", "__global float *"), in buf. */
const char *cl_vtype(Pr *p, MlirType t, char *buf, size_t cap);
/* C type of an element of type t in memory (fp16/bf16: 16-bit bits, i1: 8-bit) */
const char *cl_mtype(Pr *p, MlirType t, char *buf, size_t cap);
const char *cl_uint(Pr *p, int bits); /* unsigned type of 1..64 bits (bool: 8) */
const char *cl_sint(Pr *p, int bits);
/* Memory bits -> value, value -> memory bits, as expressions of `x` (into buf). */
const char *cl_from_mem(Pr *p, MlirType t, const char *x, char *buf, size_t cap);
const char *cl_to_mem(Pr *p, MlirType t, const char *x, char *buf, size_t cap);

/* A float value <-> its bits as an unsigned integer of its width (integers: a cast). */
const char *cl_to_bits(Pr *p, MlirType t, const char *x, char *buf, size_t cap);
const char *cl_from_bits(Pr *p, MlirType t, const char *x, char *buf, size_t cap);

/* The C name of a value, created on first use. */
const char *cl_name(Pr *p, MlirValue v);
void cl_bind(Pr *p, MlirValue v, const char *name);
/* One line of the body at the current indentation. */
void cl_line(Pr *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* `T name = EXPR;` for result v. */
void cl_decl(Pr *p, MlirValue v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* `T name;` (assigned later). */
void cl_declare(Pr *p, MlirValue v);
/* A located error about op; printing goes on to find more. */
void cl_fail(Pr *p, MlirOperation op, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

const char *cl_opd(Pr *p, MlirOperation op, int i); /* the C name of operand i */
MlirType cl_res_type(MlirOperation op, int i);
MlirType cl_opd_type(MlirOperation op, int i);
/* The string attribute `name` of op ("" when absent). */
MlirStringRef cl_str_attr(MlirOperation op, const char *name);

/* The language's function for a math op (clike.h), or NULL. */
const char *cl_math_fn(Pr *p, KirOpKind k);

/* Each returns false when op is not one of its ops. */
bool cl_print_arith(Pr *p, MlirOperation op, KirOpKind k);
bool cl_print_mem(Pr *p, MlirOperation op, KirOpKind k);

#endif

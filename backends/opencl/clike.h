/*
 * clike.h - the printer of per-thread IR (docs/simt.md, section 2) as C-like GPU source, and the
 * one table of what differs between such languages: a CLike row holds the qualifiers, the thread
 * and block ids, the barrier, the atomic and math function names, the type names and the helper
 * functions a language needs. OpenCL C 1.2 is the row of today (clike_rows.c); CUDA C, HIP and
 * MUSA C are new rows, not branches in the printer.
 */
#ifndef KCC_BACKENDS_OPENCL_CLIKE_H
#define KCC_BACKENDS_OPENCL_CLIKE_H

#include "kir.h"

#include <stddef.h>

/* kir.atomic_rmw kinds (the `kind` attribute), in the order of CLike.atomic32/atomic64. */
typedef enum ClAtomic {
  CL_AT_ADD,
  CL_AT_FADD,
  CL_AT_MAX,
  CL_AT_UMAX,
  CL_AT_MIN,
  CL_AT_UMIN,
  CL_AT_FMAX,
  CL_AT_FMIN,
  CL_AT_AND,
  CL_AT_OR,
  CL_AT_XOR,
  CL_AT_XCHG,
  CL_AT_COUNT
} ClAtomic;

/* Groups of helpers the printed source carries only when it uses them, in the order printed. */
typedef enum ClNeed {
  CL_NEED_FP64,   /* double precision (an extension pragma) */
  CL_NEED_ATOM64, /* 64-bit atomics (extension pragmas) */
  CL_NEED_F16,    /* fp16 bits <-> float, rounding to half */
  CL_NEED_BF16,   /* bf16 bits <-> float, rounding to bfloat16 */
  CL_NEED_COUNT
} ClNeed;

typedef struct ClMath {
  KirOpKind op;
  const char *fn; /* the language's function; its arity is the op's */
} ClMath;

typedef struct CLike {
  const char *name;        /* "OpenCL C 1.2", in the header comment */
  const char *kernel;      /* qualifiers before a kernel's return type */
  const char *global;      /* address-space qualifier of global-memory pointers */
  const char *local;       /* of workgroup-memory arrays at kernel scope */
  const char *threads_fmt; /* an attribute fixing the workgroup size (%d threads), or NULL */
  const char *uint_t[4], *sint_t[4]; /* 8, 16, 32, 64 bits */
  const char *bool_t, *f32_t, *f64_t;
  const char *thread_id; /* this thread in the workgroup (an expression) */
  const char *block_id[3], *grid_dim[3];
  const char *barrier; /* workgroup barrier + workgroup and global fence (statement) */
  const char *fence;   /* global-memory fence around ordered atomics (statement) */
  /* integer atomics on 32- and 64-bit words by kind (NULL: a CAS loop); %s: pointer, value */
  const char *atomic32[CL_AT_COUNT], *atomic64[CL_AT_COUNT];
  const char *cas32, *cas64; /* compare-and-swap: (pointer, expected, new) -> old */
  /* bit casts: "as_float(%s)" ... */
  const char *bits_to_f32, *f32_to_bits, *bits_to_f64, *f64_to_bits;
  /* float -> integer, saturating, NaN -> 0: %s the integer type name, then the value */
  const char *fp_to_int;
  const char *mul_hi; /* high half of a full product (same signedness as its operands) */
  const char *clz, *popcount;
  const char *isnan, *isunordered, *islessgreater;
  const char *printf_fn;
  const char *group_id_int; /* the printf format's program ids, "(int)get_group_id(%d)" */
  const ClMath *math;       /* ends with {KIR_OP_UNKNOWN} */
  const char *helpers[CL_NEED_COUNT];
} CLike;

extern const CLike clike_opencl;

/* The source of every kernel func of a per-thread IR module (each with the kcc-meta comment of
 * its kernel first), or NULL + located diagnostics for an op or type the IR should not hold.
 * malloc'd, NUL-terminated; *len its length. */
char *clike_print_module(MlirModule m, const CLike *lang, Diag *d, size_t *len);

#endif

/*
 * ptype.h - kernel parameter types: the rows of ptype.def as data, and the lookups every layer
 * shares (canonical spelling, C types). The public view of the same rows is KccParamType in
 * kcc/kcc.h (runtime/options.c expands ptype.def into it for kcc_param_type).
 */
#ifndef KCC_SUPPORT_PTYPE_H
#define KCC_SUPPORT_PTYPE_H

#include <stdbool.h>

typedef enum PTypeKind { PTYPE_SINT, PTYPE_UINT, PTYPE_FLOAT, PTYPE_BOOL, PTYPE_POINTER } PTypeKind;

/* One row of ptype.def (see there for the columns). */
typedef struct PType {
  const char *name;  /* "fp32"; "*" for the pointer row */
  const char *ctype; /* "float", "uint16_t" (fp16/bf16 bits), "void *" */
  int size;          /* bytes */
  PTypeKind kind;
  int abi_bits;   /* width of the kernel's argument */
  bool abi_float; /* passed as a float (fp32, fp64), not an integer */
} PType;

enum {
  PTYPE_NSCALAR = 0
#define KCC_PTYPE(NAME, CTYPE, SIZE, KIND, ABI_BITS, ABI_FLOAT) +1
#include "ptype.def"
  ,
  PTYPE_COUNT = PTYPE_NSCALAR + 1 /* the scalars, then the pointer row */
};

/* Rows 0..PTYPE_NSCALAR-1 are the scalar types, row PTYPE_NSCALAR the pointer row ("*"). */
extern const PType ptype_table[PTYPE_COUNT];

/* The row of a signature type: a scalar ("fp32") or the pointer row for "*T" / "*kT" (Triton's
 * const pointer) with T a scalar; *elem (when not NULL) gets T's row, or NULL for a scalar.
 * NULL when the spelling is unknown. */
const PType *ptype_find(const char *spelling, const PType **elem);

/* Canonical spelling of a signature type ("*kfp32" -> "*fp32"; static storage), or NULL. */
const char *ptype_canon(const char *spelling);

/* C type of a value of signature type `spelling` at the launch ABI ("float", "uint16_t" for
 * fp16). Pointers are "void *", or the element's pointer type ("float *") when `typed`. NULL for
 * an unknown spelling. */
const char *ptype_ctype(const char *spelling, bool typed);

#endif

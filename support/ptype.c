/*
 * ptype.c - the parameter-type table of ptype.def as data, and its lookups.
 */
#include "ptype.h"

#include <stddef.h>
#include <string.h>

const PType ptype_table[PTYPE_COUNT] = {
#define KCC_PTYPE(NAME, CTYPE, SIZE, KIND, ABI_BITS, ABI_FLOAT)                                    \
  {NAME, #CTYPE, SIZE, PTYPE_##KIND, ABI_BITS, ABI_FLOAT},
#define KCC_PTYPE_POINTER KCC_PTYPE
#include "ptype.def"
};

/* Canonical pointer spellings and typed pointer C types, indexed like the scalar rows. */
static const char *const ptr_names[PTYPE_NSCALAR] = {
#define KCC_PTYPE(NAME, CTYPE, SIZE, KIND, ABI_BITS, ABI_FLOAT) "*" NAME,
#include "ptype.def"
};
static const char *const ptr_ctypes[PTYPE_NSCALAR] = {
#define KCC_PTYPE(NAME, CTYPE, SIZE, KIND, ABI_BITS, ABI_FLOAT) #CTYPE " *",
#include "ptype.def"
};

/* Index of a scalar row, or -1; for a pointer spelling, of its element (*ptr set). */
static int find(const char *s, bool *ptr) {
  *ptr = s[0] == '*';
  if (*ptr) {
    s++;
    if (s[0] == 'k') /* "*kfp32": a const pointer in Triton's spelling */
      s++;
  }
  for (int i = 0; i < PTYPE_NSCALAR; i++)
    if (strcmp(s, ptype_table[i].name) == 0) return i;
  return -1;
}

const PType *ptype_find(const char *spelling, const PType **elem) {
  bool ptr;
  int i = find(spelling, &ptr);
  if (elem) *elem = i >= 0 && ptr ? &ptype_table[i] : NULL;
  return i < 0 ? NULL : &ptype_table[ptr ? PTYPE_NSCALAR : i];
}

const char *ptype_canon(const char *spelling) {
  bool ptr;
  int i = find(spelling, &ptr);
  return i < 0 ? NULL : ptr ? ptr_names[i] : ptype_table[i].name;
}

const char *ptype_ctype(const char *spelling, bool typed) {
  bool ptr;
  int i = find(spelling, &ptr);
  if (i < 0) return NULL;
  if (!ptr) return ptype_table[i].ctype;
  return typed ? ptr_ctypes[i] : ptype_table[PTYPE_NSCALAR].ctype;
}

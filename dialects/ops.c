/*
 * ops.c - the op table of kir_ops.def: an op's kind from its name (a hash of the name into an
 * open-addressed table built once, then one comparison), and each kind's name, dialect and
 * flags. Backends and the verifier switch on kinds; `kcc-opt --list-ops` prints the table.
 */
#include "kir.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct OpRow {
  const char *name;
  KirDialect dialect;
  unsigned flags;
} OpRow;

static const OpRow rows[KIR_OP_COUNT] = {
    [KIR_OP_UNKNOWN] = {"<unknown>", KIR_D_KIR, 0},
#define KIR_OP(ID, NAME, DIALECT, FLAGS) [KIR_OP_##ID] = {NAME, DIALECT, FLAGS},
#include "kir_ops.def"
};

/* A power of two well above twice the number of ops: probes stay short. */
enum { SLOTS = 512 };
_Static_assert(2 * KIR_OP_COUNT <= SLOTS, "grow the op hash table");

static unsigned char slots[SLOTS]; /* kind + 1 stored; 0 is empty */
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
_Static_assert(KIR_OP_COUNT < 255, "op kinds must fit the slot table");

static uint32_t hash_name(const char *s, size_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static void build_slots(void) {
  for (int k = 1; k < KIR_OP_COUNT; k++) {
    uint32_t i = hash_name(rows[k].name, strlen(rows[k].name)) & (SLOTS - 1);
    while (slots[i])
      i = (i + 1) & (SLOTS - 1);
    slots[i] = (unsigned char)(k + 1);
  }
}

KirOpKind kir_op_kind_of_name(MlirStringRef name) {
  pthread_once(&slots_once, build_slots);
  for (uint32_t i = hash_name(name.data, name.length) & (SLOTS - 1); slots[i];
       i = (i + 1) & (SLOTS - 1)) {
    const char *r = rows[slots[i] - 1].name;
    if (strncmp(r, name.data, name.length) == 0 && r[name.length] == 0)
      return (KirOpKind)(slots[i] - 1);
  }
  return KIR_OP_UNKNOWN;
}

KirOpKind kir_op_kind(MlirOperation op) {
  if (mlirOperationIsNull(op)) return KIR_OP_UNKNOWN;
  return kir_op_kind_of_name(mlirIdentifierStr(mlirOperationGetName(op)));
}

bool kir_is_kernel(MlirOperation op) {
  return kir_op_kind(op) == KIR_OP_FUNC_FUNC &&
         !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("kcc.kernel")));
}

static void dim_text(MlirStringRef s, void *ud) {
  char *buf = ud;
  size_t n = strlen(buf);
  if (n + s.length < 64) memcpy(buf + n, s.data, s.length), buf[n + s.length] = 0;
}

int kir_gpu_dim(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str("dimension"));
  if (mlirAttributeIsNull(a)) return -1;
  char s[64] = "";
  mlirAttributePrint(a, dim_text, s);
  const char *e = strrchr(s, '>');
  return e && e > s && e[-1] >= 'x' && e[-1] <= 'z' ? e[-1] - 'x' : -1;
}

const char *kir_op_name(KirOpKind k) {
  return k > KIR_OP_UNKNOWN && k < KIR_OP_COUNT ? rows[k].name : rows[KIR_OP_UNKNOWN].name;
}

unsigned kir_op_flags(KirOpKind k) {
  return k > KIR_OP_UNKNOWN && k < KIR_OP_COUNT ? rows[k].flags : 0;
}

KirDialect kir_op_dialect(KirOpKind k) {
  return k > KIR_OP_UNKNOWN && k < KIR_OP_COUNT ? rows[k].dialect : KIR_D_KIR;
}

const char *kir_op_flags_str(unsigned f, char *buf, size_t cap) {
  static const char *names[] = {"elemwise", "shape",   "indexed", "reads",  "writes",    "costly",
                                "divrem",   "reassoc", "sink",    "region", "terminator"};
  size_t n = 0;
  buf[0] = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names && n < cap; i++)
    if (f & (1u << i)) n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "," : "", names[i]);
  if (!n) snprintf(buf, cap, "-");
  return buf;
}

/*
 * header.c - the AOT header (stage "header"): a self-contained C11 header that declares a kernel
 * of a kcc shared object with its C prototype (docs/kir.md, "CPU kernel ABI") and defines
 *   static inline int NAME_launch(unsigned gx, unsigned gy, unsigned gz, <typed params>)
 * which runs the grid on pthreads, handing out program ids in ascending order from an atomic
 * counter, like the libkcc runtime but with no dependency on it.
 *
 * The part shared by every kcc header (the grid runner, `__kcc_assert_fail`) is emitted once per
 * translation unit under an include guard; the functions that must be one per program (the
 * assertion handler and its thread-local state) are weak, so several headers and translation
 * units link together.
 */
#include "rt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Buf {
  char *p;
  size_t n, cap;
} Buf;

static void put(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Buf *b, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (b->p && b->n + (size_t)n < b->cap) {
      b->n += (size_t)n;
      return;
    }
    b->cap = (b->cap + (size_t)n + 1) * 2;
    char *np = realloc(b->p, b->cap);
    if (!np) return;
    b->p = np;
  }
}

/* The header's runtime, shared by all kcc headers in a translation unit. */
static const char RUNTIME[] =
    "#ifndef KCC_AOT_RUNTIME_V1\n"
    "#define KCC_AOT_RUNTIME_V1\n"
    "/* ---- kcc AOT runtime (shared by every kcc header) ---- */\n"
    "/* Per-thread state of the assertion handler; weak so every translation unit shares one. */\n"
    "__attribute__((weak)) jmp_buf **kcc_aot_jmp_slot(void) {\n"
    "  static _Thread_local jmp_buf *slot;\n"
    "  return &slot;\n"
    "}\n"
    "__attribute__((weak)) char *kcc_aot_msg_slot(void) {\n"
    "  static _Thread_local char msg[1024];\n"
    "  return msg;\n"
    "}\n"
    "/* The message of the last failed launch on this thread (\"\" if none). */\n"
    "__attribute__((weak)) char *kcc_aot_last_error(void) {\n"
    "  static _Thread_local char msg[1200];\n"
    "  return msg;\n"
    "}\n"
    "/* Called by kernel code when a device assertion fails: abandons the program. */\n"
    "__attribute__((weak)) void __kcc_assert_fail(const char *msg) {\n"
    "  char *m = kcc_aot_msg_slot();\n"
    "  snprintf(m, 1024, \"%s\", msg);\n"
    "  for (size_t n = strlen(m); n > 0 && m[n - 1] == '\\n';)\n"
    "    m[--n] = 0;\n"
    "  jmp_buf *j = *kcc_aot_jmp_slot();\n"
    "  if (!j) {\n"
    "    fprintf(stderr, \"kcc: device assertion failed: %s\\n\", m);\n"
    "    abort();\n"
    "  }\n"
    "  longjmp(*j, 1);\n"
    "}\n"
    "\n"
    "typedef struct kcc_aot_grid {\n"
    "  void (*program)(const void *args, int32_t x, int32_t y, int32_t z, const unsigned *g);\n"
    "  const void *args;\n"
    "  unsigned g[3];\n"
    "  uint64_t total, chunk;\n"
    "  atomic_uint_fast64_t next;\n"
    "  atomic_int failed;\n"
    "  pthread_mutex_t mu;\n"
    "  char msg[1200];\n"
    "} kcc_aot_grid;\n"
    "\n"
    "static inline int kcc_aot_program(kcc_aot_grid *G, uint64_t i) {\n"
    "  uint32_t x = (uint32_t)(i % G->g[0]), y = (uint32_t)(i / G->g[0] % G->g[1]);\n"
    "  uint32_t z = (uint32_t)(i / G->g[0] / G->g[1]);\n"
    "  jmp_buf jb;\n"
    "  *kcc_aot_jmp_slot() = &jb;\n"
    "  if (setjmp(jb)) {\n"
    "    *kcc_aot_jmp_slot() = NULL;\n"
    "    pthread_mutex_lock(&G->mu);\n"
    "    if (!atomic_load(&G->failed))\n"
    "      snprintf(G->msg, sizeof G->msg, \"program (%u, %u, %u): %s\", (unsigned)x, "
    "(unsigned)y,\n"
    "               (unsigned)z, kcc_aot_msg_slot());\n"
    "    atomic_store(&G->failed, 1);\n"
    "    pthread_mutex_unlock(&G->mu);\n"
    "    return 0;\n"
    "  }\n"
    "  G->program(G->args, (int32_t)x, (int32_t)y, (int32_t)z, G->g);\n"
    "  *kcc_aot_jmp_slot() = NULL;\n"
    "  return 1;\n"
    "}\n"
    "\n"
    "/* Takes chunks of ascending program ids until none is left or a program failed. */\n"
    "static inline void *kcc_aot_worker(void *p) {\n"
    "  kcc_aot_grid *G = (kcc_aot_grid *)p;\n"
    "  for (;;) {\n"
    "    uint64_t i = atomic_fetch_add(&G->next, G->chunk);\n"
    "    if (i >= G->total)\n"
    "      return NULL;\n"
    "    uint64_t end = i + G->chunk < G->total ? i + G->chunk : G->total;\n"
    "    for (; i < end; i++)\n"
    "      if (atomic_load(&G->failed) || !kcc_aot_program(G, i))\n"
    "        return NULL;\n"
    "  }\n"
    "}\n"
    "\n"
    "/* Runs gx*gy*gz programs on KCC_NUM_THREADS threads (default: online cores), the caller\n"
    " * included. Returns 0, or -1 with the reason in kcc_aot_last_error(). */\n"
    "static inline int kcc_aot_run(unsigned gx, unsigned gy, unsigned gz,\n"
    "                              void (*program)(const void *, int32_t, int32_t, int32_t,\n"
    "                                              const unsigned *),\n"
    "                              const void *args) {\n"
    "  kcc_aot_last_error()[0] = 0;\n"
    "  if (gx > 0x7fffffffu || gy > 0x7fffffffu || gz > 0x7fffffffu) {\n"
    "    snprintf(kcc_aot_last_error(), 1200, \"grid dimension larger than 2^31-1\");\n"
    "    return -1;\n"
    "  }\n"
    "  if (!gx || !gy || !gz)\n"
    "    return 0;\n"
    "  kcc_aot_grid G;\n"
    "  memset(&G, 0, sizeof G);\n"
    "  G.program = program;\n"
    "  G.args = args;\n"
    "  G.g[0] = gx, G.g[1] = gy, G.g[2] = gz;\n"
    "  G.total = (uint64_t)gx * gy * gz;\n"
    "  atomic_init(&G.next, 0);\n"
    "  atomic_init(&G.failed, 0);\n"
    "  pthread_mutex_init(&G.mu, NULL);\n"
    "  const char *env = getenv(\"KCC_NUM_THREADS\");\n"
    "  long n = env ? strtol(env, NULL, 10) : 0;\n"
    "  if (n <= 0)\n"
    "    n = sysconf(_SC_NPROCESSORS_ONLN);\n"
    "  if (n <= 0)\n"
    "    n = 1;\n"
    "  if ((uint64_t)n > G.total)\n"
    "    n = (long)G.total;\n"
    "  if (n > 1024)\n"
    "    n = 1024;\n"
    "  uint64_t per = G.total / ((uint64_t)n * 32);\n"
    "  G.chunk = per < 1 ? 1 : per > 16 ? 16 : per;\n"
    "  pthread_t th[1024];\n"
    "  pthread_attr_t attr;\n"
    "  pthread_attr_init(&attr);\n"
    "  pthread_attr_setstacksize(&attr, (size_t)16 << 20);\n"
    "  long started = 0;\n"
    "  for (; started < n - 1; started++)\n"
    "    if (pthread_create(&th[started], &attr, kcc_aot_worker, &G) != 0)\n"
    "      break; /* run with the threads we have */\n"
    "  pthread_attr_destroy(&attr);\n"
    "  kcc_aot_worker(&G);\n"
    "  for (long t = 0; t < started; t++)\n"
    "    pthread_join(th[t], NULL);\n"
    "  pthread_mutex_destroy(&G.mu);\n"
    "  if (atomic_load(&G.failed)) {\n"
    "    snprintf(kcc_aot_last_error(), 1200, \"%s\", G.msg);\n"
    "    return -1;\n"
    "  }\n"
    "  return 0;\n"
    "}\n"
    "#endif /* KCC_AOT_RUNTIME_V1 */\n\n";

/* C type of a canonical signature type; `typed` gives element types to pointers. */
static const char *c_type(const char *t, bool typed) {
  static const struct {
    const char *sig, *c;
  } map[] = {
      {"i1", "uint8_t"},   {"i8", "int8_t"},     {"i16", "int16_t"},   {"i32", "int32_t"},
      {"i64", "int64_t"},  {"u8", "uint8_t"},    {"u16", "uint16_t"},  {"u32", "uint32_t"},
      {"u64", "uint64_t"}, {"fp16", "uint16_t"}, {"bf16", "uint16_t"}, {"fp32", "float"},
      {"fp64", "double"},
  };
  bool ptr = t[0] == '*';
  if (ptr && !typed) return "void *";
  static const char *const ptrs[] = {"uint8_t *",  "int8_t *",   "int16_t *",  "int32_t *",
                                     "int64_t *",  "uint8_t *",  "uint16_t *", "uint32_t *",
                                     "uint64_t *", "uint16_t *", "uint16_t *", "float *",
                                     "double *"};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strcmp(t + ptr, map[i].sig) == 0) return ptr ? ptrs[i] : map[i].c;
  return "void *";
}

/* A C identifier for a parameter: Python names that are C keywords, or that would clash with the
 * launch function's own names, get a trailing underscore. */
static void c_name(char *out, size_t cap, const char *name) {
  static const char *const reserved[] = {
      "auto",     "break",   "case",     "char",     "const",     "continue",      "default",
      "do",       "double",  "else",     "enum",     "extern",    "float",         "for",
      "goto",     "if",      "inline",   "int",      "long",      "register",      "restrict",
      "return",   "short",   "signed",   "sizeof",   "static",    "struct",        "switch",
      "typedef",  "union",   "unsigned", "void",     "volatile",  "while",         "_Bool",
      "_Complex", "_Atomic", "_Alignas", "_Alignof", "_Noreturn", "bool",          "true",
      "false",    "gx",      "gy",       "gz",       "NULL",      "_Thread_local", "pid_x",
      "pid_y",    "pid_z",   "nprog_x",  "nprog_y",  "nprog_z",
  };
  bool clash = strncmp(name, "kcc_", 4) == 0;
  for (size_t i = 0; !clash && i < sizeof reserved / sizeof *reserved; i++)
    clash = strcmp(name, reserved[i]) == 0;
  snprintf(out, cap, "%s%s", name, clash ? "_" : "");
}

char *rt_header_emit(const KccKernel *k) {
  Buf b = {0};
  const char *n = k->name;
  char upper[300];
  size_t i = 0;
  for (; n[i] && i < sizeof upper - 1; i++)
    upper[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 'a' + 'A' : n[i]);
  upper[i] = 0;

  put(&b,
      "/*\n"
      " * %s.h - generated by kcc %s: launches kernel `%s` of a kcc shared object, e.g.\n"
      " *   kcc kernel.py -t cpu -k %s --signature '...' -o lib%s.so --header %s.h\n"
      " * Link the program with that library and -lpthread; libkcc is not needed. C11.\n"
      " *\n"
      " * %s_launch(gx, gy, gz, args...) runs the gx*gy*gz programs of the grid on "
      "KCC_NUM_THREADS\n"
      " * threads (default: the online cores), the caller included, handing out program ids in\n"
      " * ascending order (x fastest, then y, then z). It returns 0, or -1 when a device "
      "assertion\n"
      " * failed, with the message in kcc_aot_last_error(). Pointers are passed as is; fp16/bf16\n"
      " * scalars as their uint16_t bit pattern, i1 as 0/1.\n"
      " */\n"
      "#ifndef KCC_AOT_%s_H\n"
      "#define KCC_AOT_%s_H\n\n"
      "#include <pthread.h>\n#include <setjmp.h>\n#include <stdatomic.h>\n#include <stdint.h>\n"
      "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n\n",
      n, kcc_version(), n, n, n, n, n, upper, upper);
  put(&b, "%s", RUNTIME);

  /* The kernel symbol, per the CPU ABI. */
  put(&b, "/* ---- kernel %s ---- */\nvoid %s(", n, n);
  char cn[300];
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    const char *ct = c_type(k->ptypes[p], false);
    put(&b, "%s%s%s, ", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", cn);
  }
  put(&b, "int32_t pid_x, int32_t pid_y, int32_t pid_z, int32_t nprog_x, int32_t nprog_y,\n"
          "          int32_t nprog_z);\n\n");

  put(&b, "typedef struct %s_args {\n", n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    const char *ct = c_type(k->ptypes[p], false);
    put(&b, "  %s%s%s; /* %s */\n", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", cn, k->ptypes[p]);
  }
  put(&b, "  char kcc_unused;\n} %s_args;\n\n", n);

  put(&b,
      "static inline void %s_program(const void *kcc_p, int32_t kcc_x, int32_t kcc_y,\n"
      "                              int32_t kcc_z, const unsigned *kcc_g) {\n"
      "  const %s_args *kcc_a = (const %s_args *)kcc_p;\n"
      "  (void)kcc_a;\n"
      "  %s(",
      n, n, n, n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    put(&b, "kcc_a->%s, ", cn);
  }
  put(&b, "kcc_x, kcc_y, kcc_z, (int32_t)kcc_g[0], (int32_t)kcc_g[1], (int32_t)kcc_g[2]);\n}\n\n");

  put(&b, "static inline int %s_launch(unsigned gx, unsigned gy, unsigned gz", n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    const char *ct = c_type(k->ptypes[p], true);
    put(&b, ", %s%s%s", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", cn);
  }
  put(&b, ") {\n  %s_args kcc_a;\n  memset(&kcc_a, 0, sizeof kcc_a);\n", n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    put(&b, "  kcc_a.%s = %s;\n", cn, cn);
  }
  put(&b, "  return kcc_aot_run(gx, gy, gz, %s_program, &kcc_a);\n}\n\n#endif /* KCC_AOT_%s_H */\n",
      n, upper);
  return b.p;
}

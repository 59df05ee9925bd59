/*
 * header.c - the AOT header (stage "header"): a self-contained C11 header that declares a kernel
 * of a kcc shared object with its C prototype (docs/kir.md, "CPU kernel ABI") and defines
 *   static inline int NAME_launch(unsigned gx, unsigned gy, unsigned gz, <typed params>)
 * which runs the grid on a persistent pthread pool, handing out program ids in ascending order
 * from an atomic counter, like the libkcc runtime (threadpool.c, launch.c) but with no
 * dependency on it.
 *
 * The part shared by every kcc header (the pool, the grid runner, `__kcc_assert_fail`) is emitted
 * once per translation unit under the include guard KCC_AOT_RUNTIME_V<N>; the functions that must
 * be one per program (the pool and its launch, the assertion handler and its thread-local state)
 * are weak, so several headers and translation units link together and share one pool. N changes
 * whenever that shared part changes incompatibly; the names of the weak pool functions carry it
 * (kcc_aot_pool_v2), and a header of an older kcc in the same translation unit is an #error.
 */
#include "rt.h"
#include "strbuf.h"
#include "ptype.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The header's runtime, shared by all kcc headers in a translation unit. */
static const char RUNTIME[] =
    "#ifndef KCC_AOT_RUNTIME_V2\n"
    "#define KCC_AOT_RUNTIME_V2\n"
    "#ifdef KCC_AOT_RUNTIME_V1\n"
    "#error \"kcc: an AOT header of an older kcc (runtime V1) is included too; regenerate it\"\n"
    "#endif\n"
    "/* ---- kcc AOT runtime V2 (shared by every kcc header) ----\n"
    " * Grids run on a persistent pool: KCC_NUM_THREADS threads (read at the first launch;\n"
    " * default: the online cores), the launching thread included. Its state and the functions\n"
    " * that touch it are weak, so every header and translation unit of a program shares one\n"
    " * pool. A launch publishes its grid while the pool's generation is closed, then opens the\n"
    " * next generation. One atomic word holds the generation (even: open) and the number of\n"
    " * workers inside it; a worker joins by compare-and-swap only while it is open, and the\n"
    " * launcher closes it once the program ids are exhausted and no worker is inside, so a\n"
    " * grid is never read after its launch returned. Idle workers poll for KCC_SPIN_US\n"
    " * microseconds (default 500) before they sleep on a condition variable. Launches from\n"
    " * several threads are serialised; after fork() the child starts a fresh pool. */\n"
    "jmp_buf **kcc_aot_jmp_slot(void);\n"
    "char *kcc_aot_msg_slot(void);\n"
    "char *kcc_aot_last_error(void);\n"
    "void __kcc_assert_fail(const char *msg);\n"
    "\n"
    "/* Per-thread state of the assertion handler. */\n"
    "__attribute__((weak)) jmp_buf **kcc_aot_jmp_slot(void) {\n"
    "  static __thread jmp_buf *slot;\n"
    "  return &slot;\n"
    "}\n"
    "__attribute__((weak)) char *kcc_aot_msg_slot(void) {\n"
    "  static __thread char msg[1024];\n"
    "  return msg;\n"
    "}\n"
    "/* The message of the last failed launch on this thread (\"\" if none). */\n"
    "__attribute__((weak)) char *kcc_aot_last_error(void) {\n"
    "  static __thread char msg[1200];\n"
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
    "typedef void (*kcc_aot_program_fn)(const void *args, int32_t x, int32_t y, int32_t z,\n"
    "                                   const unsigned *g);\n"
    "\n"
    "/* One launch, on the launcher's stack: workers use it only inside its generation. */\n"
    "typedef struct kcc_aot_grid {\n"
    "  kcc_aot_program_fn program;\n"
    "  const void *args;\n"
    "  unsigned g[3];\n"
    "  uint64_t total, chunk;\n"
    "  uint64_t next __attribute__((aligned(8))); /* the next linear program id */\n"
    "  int failed; /* set by the first failing program, which writes msg */\n"
    "  char msg[1200];\n"
    "} kcc_aot_grid;\n"
    "\n"
    "/* kcc_aot_pool.state: generation << KCC_AOT_BUSY_BITS | the workers inside it. */\n"
    "#define KCC_AOT_BUSY_BITS 16\n"
    "#define KCC_AOT_BUSY_MASK ((UINT64_C(1) << KCC_AOT_BUSY_BITS) - 1)\n"
    "#define KCC_AOT_GEN_ONE (UINT64_C(1) << KCC_AOT_BUSY_BITS)\n"
    "\n"
    "typedef struct kcc_aot_pool {\n"
    "  pthread_mutex_t launch; /* held for a whole launch */\n"
    "  pthread_mutex_t mu;     /* with `wake`: sleeping workers */\n"
    "  pthread_cond_t wake;\n"
    "  int started, atfork, nthreads; /* nthreads: the launcher included */\n"
    "  long spin_us;\n"
    "  kcc_aot_grid *grid; /* written only while the generation is closed */\n"
    "  uint64_t state __attribute__((aligned(8)));\n"
    "  int sleepers;\n"
    "} kcc_aot_pool;\n"
    "\n"
    "kcc_aot_pool *kcc_aot_pool_v2(void);\n"
    "int kcc_aot_pool_run_v2(kcc_aot_grid *G);\n"
    "\n"
    "/* The program's pool; generation 1: closed. */\n"
    "__attribute__((weak)) kcc_aot_pool *kcc_aot_pool_v2(void) {\n"
    "  static kcc_aot_pool pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,\n"
    "                              PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, NULL,\n"
    "                              KCC_AOT_GEN_ONE, 0};\n"
    "  return &pool;\n"
    "}\n"
    "\n"
    "/* Runs program i with this thread's jmp_buf armed; 0 if a device assertion failed. */\n"
    "static inline int kcc_aot_program(kcc_aot_grid *G, uint64_t i) {\n"
    "  uint32_t x = (uint32_t)(i % G->g[0]), y = (uint32_t)(i / G->g[0] % G->g[1]);\n"
    "  uint32_t z = (uint32_t)(i / G->g[0] / G->g[1]);\n"
    "  jmp_buf jb;\n"
    "  *kcc_aot_jmp_slot() = &jb;\n"
    "  if (setjmp(jb)) {\n"
    "    *kcc_aot_jmp_slot() = NULL;\n"
    "    if (!__atomic_exchange_n(&G->failed, 1, __ATOMIC_SEQ_CST)) /* the first failure wins */\n"
    "      snprintf(G->msg, sizeof G->msg, \"program (%u, %u, %u): %s\", (unsigned)x,\n"
    "               (unsigned)y, (unsigned)z, kcc_aot_msg_slot());\n"
    "    return 0;\n"
    "  }\n"
    "  G->program(G->args, (int32_t)x, (int32_t)y, (int32_t)z, G->g);\n"
    "  *kcc_aot_jmp_slot() = NULL;\n"
    "  return 1;\n"
    "}\n"
    "\n"
    "/* Takes chunks of ascending program ids until none is left or a program failed. */\n"
    "static inline void kcc_aot_take(kcc_aot_grid *G) {\n"
    "  for (;;) {\n"
    "    uint64_t i = __atomic_fetch_add(&G->next, G->chunk, __ATOMIC_RELAXED);\n"
    "    if (i >= G->total)\n"
    "      return;\n"
    "    uint64_t end = i + G->chunk < G->total ? i + G->chunk : G->total;\n"
    "    for (; i < end; i++)\n"
    "      if (__atomic_load_n(&G->failed, __ATOMIC_RELAXED) ||\n"
    "          !kcc_aot_program(G, i))\n"
    "        return;\n"
    "  }\n"
    "}\n"
    "\n"
    "static inline void kcc_aot_relax(void) {\n"
    "#if defined(__x86_64__) || defined(__i386__)\n"
    "  __builtin_ia32_pause();\n"
    "#elif defined(__aarch64__)\n"
    "  __asm__ __volatile__(\"yield\");\n"
    "#endif\n"
    "}\n"
    "\n"
    "static inline uint64_t kcc_aot_now_us(void) {\n"
    "  struct timespec ts;\n"
    "  timespec_get(&ts, TIME_UTC);\n"
    "  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;\n"
    "}\n"
    "\n"
    "/* A generation the worker has not run yet is open in state s. */\n"
    "static inline int kcc_aot_joinable(uint64_t s, uint64_t seen) {\n"
    "  uint64_t gen = s >> KCC_AOT_BUSY_BITS;\n"
    "  return !(gen & 1) && gen != seen;\n"
    "}\n"
    "\n"
    "/* Enters the open generation (one more worker inside) unless it closes first; returns the\n"
    " * generation, or 0. */\n"
    "static inline uint64_t kcc_aot_join(kcc_aot_pool *P, uint64_t seen) {\n"
    "  uint64_t s = __atomic_load_n(&P->state, __ATOMIC_SEQ_CST);\n"
    "  while (kcc_aot_joinable(s, seen))\n"
    "    if (__atomic_compare_exchange_n(&P->state, &s, s + 1, 1, __ATOMIC_SEQ_CST,\n"
    "                                    __ATOMIC_SEQ_CST))\n"
    "      return s >> KCC_AOT_BUSY_BITS;\n"
    "  return 0;\n"
    "}\n"
    "\n"
    "/* A pool thread: polls for a new generation for spin_us, then sleeps until one opens. */\n"
    "static inline void *kcc_aot_worker(void *arg) {\n"
    "  kcc_aot_pool *P = (kcc_aot_pool *)arg;\n"
    "  uint64_t seen = 0;\n"
    "  for (;;) {\n"
    "    uint64_t gen, t0 = kcc_aot_now_us();\n"
    "    for (unsigned n = 1; !(gen = kcc_aot_join(P, seen)); n++) {\n"
    "      kcc_aot_relax();\n"
    "      if (n % 256 || kcc_aot_now_us() - t0 < (uint64_t)P->spin_us)\n"
    "        continue;\n"
    "      pthread_mutex_lock(&P->mu);\n"
    "      __atomic_fetch_add(&P->sleepers, 1, __ATOMIC_SEQ_CST);\n"
    "      while (!kcc_aot_joinable(__atomic_load_n(&P->state, __ATOMIC_SEQ_CST), seen))\n"
    "        pthread_cond_wait(&P->wake, &P->mu);\n"
    "      __atomic_fetch_sub(&P->sleepers, 1, __ATOMIC_SEQ_CST);\n"
    "      pthread_mutex_unlock(&P->mu);\n"
    "      t0 = kcc_aot_now_us();\n"
    "    }\n"
    "    seen = gen;\n"
    "    kcc_aot_take(P->grid); /* stable: the launcher cannot close while we are inside */\n"
    "    __atomic_fetch_sub(&P->state, 1, __ATOMIC_SEQ_CST);\n"
    "  }\n"
    "  return NULL;\n"
    "}\n"
    "\n"
    "/* fork(): no launch is in flight while the process forks; the child, where no worker\n"
    " * exists, starts a fresh pool at its first launch. */\n"
    "static inline void kcc_aot_atfork_prepare(void) {\n"
    "  pthread_mutex_lock(&kcc_aot_pool_v2()->launch);\n"
    "}\n"
    "static inline void kcc_aot_atfork_parent(void) {\n"
    "  pthread_mutex_unlock(&kcc_aot_pool_v2()->launch);\n"
    "}\n"
    "static inline void kcc_aot_atfork_child(void) {\n"
    "  kcc_aot_pool *P = kcc_aot_pool_v2();\n"
    "  pthread_mutex_init(&P->mu, NULL); /* a worker may have held it */\n"
    "  pthread_cond_init(&P->wake, NULL);\n"
    "  P->started = 0;\n"
    "  __atomic_store_n(&P->sleepers, 0, __ATOMIC_SEQ_CST);\n"
    "  uint64_t s = __atomic_load_n(&P->state, __ATOMIC_SEQ_CST);\n"
    "  __atomic_store_n(&P->state, (s | KCC_AOT_GEN_ONE) & ~KCC_AOT_BUSY_MASK, __ATOMIC_SEQ_CST);\n"
    "  pthread_mutex_unlock(&P->launch);\n"
    "}\n"
    "\n"
    "/* Starts the workers once, with P->launch held; fewer if some fail to start. */\n"
    "static inline void kcc_aot_start(kcc_aot_pool *P) {\n"
    "  if (P->started)\n"
    "    return;\n"
    "  if (!P->atfork)\n"
    "    P->atfork = !pthread_atfork(kcc_aot_atfork_prepare, kcc_aot_atfork_parent,\n"
    "                                kcc_aot_atfork_child);\n"
    "  const char *env = getenv(\"KCC_NUM_THREADS\");\n"
    "  long want = env ? strtol(env, NULL, 10) : 0;\n"
    "  if (want <= 0)\n"
    "    want = sysconf(_SC_NPROCESSORS_ONLN);\n"
    "  if (want > 1024)\n"
    "    want = 1024;\n"
    "  const char *spin = getenv(\"KCC_SPIN_US\");\n"
    "  P->spin_us = spin ? strtol(spin, NULL, 10) : 500;\n"
    "  if (P->spin_us < 0)\n"
    "    P->spin_us = 0;\n"
    "  pthread_attr_t attr;\n"
    "  pthread_attr_init(&attr);\n"
    "  pthread_attr_setstacksize(&attr, (size_t)16 << 20); /* tiles may live on the stack */\n"
    "  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);\n"
    "  int n = 1;\n"
    "  for (; n < want; n++) {\n"
    "    pthread_t t;\n"
    "    if (pthread_create(&t, &attr, kcc_aot_worker, P) != 0)\n"
    "      break; /* run with the threads we have */\n"
    "  }\n"
    "  pthread_attr_destroy(&attr);\n"
    "  P->nthreads = n;\n"
    "  P->started = 1;\n"
    "}\n"
    "\n"
    "/* Runs grid G on the pool, the caller included; returns once every program finished. */\n"
    "__attribute__((weak)) int kcc_aot_pool_run_v2(kcc_aot_grid *G) {\n"
    "  kcc_aot_pool *P = kcc_aot_pool_v2();\n"
    "  pthread_mutex_lock(&P->launch);\n"
    "  kcc_aot_start(P);\n"
    "  uint64_t per = G->total / ((uint64_t)P->nthreads * 32);\n"
    "  G->chunk = per < 1 ? 1 : per > 16 ? 16 : per;\n"
    "  if (P->nthreads == 1 || G->total == 1) {\n"
    "    kcc_aot_take(G);\n"
    "  } else {\n"
    "    P->grid = G; /* the generation is closed and nobody is inside: publish, open, wake */\n"
    "    __atomic_fetch_add(&P->state, KCC_AOT_GEN_ONE, __ATOMIC_SEQ_CST);\n"
    "    if (__atomic_load_n(&P->sleepers, __ATOMIC_SEQ_CST) > 0) {\n"
    "      pthread_mutex_lock(&P->mu);\n"
    "      pthread_cond_broadcast(&P->wake);\n"
    "      pthread_mutex_unlock(&P->mu);\n"
    "    }\n"
    "    kcc_aot_take(G);\n"
    "    /* Close it once the workers inside have finished their last programs. */\n"
    "    uint64_t s = __atomic_load_n(&P->state, __ATOMIC_SEQ_CST);\n"
    "    for (unsigned n = 1;; n++) {\n"
    "      if (!(s & KCC_AOT_BUSY_MASK) &&\n"
    "          __atomic_compare_exchange_n(&P->state, &s, s + KCC_AOT_GEN_ONE, 1,\n"
    "                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))\n"
    "        break;\n"
    "      if (n % 1024)\n"
    "        kcc_aot_relax();\n"
    "      else\n"
    "        sched_yield();\n"
    "      s = __atomic_load_n(&P->state, __ATOMIC_SEQ_CST);\n"
    "    }\n"
    "  }\n"
    "  pthread_mutex_unlock(&P->launch);\n"
    "  return __atomic_load_n(&G->failed, __ATOMIC_SEQ_CST) ? -1 : 0;\n"
    "}\n"
    "\n"
    "/* Runs gx*gy*gz programs on the pool. Returns 0, or -1 with the reason in\n"
    " * kcc_aot_last_error(). */\n"
    "static inline int kcc_aot_run(unsigned gx, unsigned gy, unsigned gz,\n"
    "                              kcc_aot_program_fn program, const void *args) {\n"
    "  kcc_aot_last_error()[0] = 0;\n"
    "  if (gx > 0x7fffffffu || gy > 0x7fffffffu || gz > 0x7fffffffu) {\n"
    "    snprintf(kcc_aot_last_error(), 1200, \"grid (%u, %u, %u): a dimension is more than \"\n"
    "             \"2^31-1\", gx, gy, gz);\n"
    "    return -1;\n"
    "  }\n"
    "  uint64_t kcc_n;\n"
    "  if (__builtin_mul_overflow((uint64_t)gx, (uint64_t)gy, &kcc_n) ||\n"
    "      __builtin_mul_overflow(kcc_n, (uint64_t)gz, &kcc_n) || kcc_n > (uint64_t)INT64_MAX) {\n"
    "    snprintf(kcc_aot_last_error(), 1200, \"grid (%u, %u, %u) has more than 2^63-1 \"\n"
    "             \"programs\", gx, gy, gz);\n"
    "    return -1;\n"
    "  }\n"
    "  if (!gx || !gy || !gz)\n"
    "    return 0;\n"
    "  kcc_aot_grid G;\n"
    "  G.program = program;\n"
    "  G.args = args;\n"
    "  G.g[0] = gx, G.g[1] = gy, G.g[2] = gz;\n"
    "  G.total = (uint64_t)gx * gy * gz;\n"
    "  G.chunk = 1;\n"
    "  G.next = 0;\n"
    "  G.failed = 0;\n"
    "  G.msg[0] = 0;\n"
    "  if (kcc_aot_pool_run_v2(&G) != 0) {\n"
    "    snprintf(kcc_aot_last_error(), 1200, \"%s\", G.msg);\n"
    "    return -1;\n"
    "  }\n"
    "  return 0;\n"
    "}\n"
    "#endif /* KCC_AOT_RUNTIME_V2 */\n"
    "\n";

/* C type of a canonical signature type (support/ptype.def); `typed` gives element types to
 * pointers. */
static const char *c_type(const char *t, bool typed) {
  const char *c = ptype_ctype(t, typed);
  return c ? c : "void *";
}

/* A C identifier for a parameter: Python names that are C keywords, or that would clash with the
 * launch function's own names, get a trailing underscore; the parts of a tuple parameter
 * ("t.0") are t_0. */
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
  for (char *c = out; *c; c++) /* a tuple parameter's part "t.0" becomes t_0 */
    if (*c == '.') *c = '_';
}

char *rt_header_emit(const KccKernel *k) {
  StrBuf b = {0};
  const char *n = k->name;
  char upper[300];
  size_t i = 0;
  for (; n[i] && i < sizeof upper - 1; i++)
    upper[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 'a' + 'A' : n[i]);
  upper[i] = 0;

  strbuf_printf(
      &b,
      "/*\n"
      " * %s.h - generated by kcc %s: launches kernel `%s` of a kcc shared object, e.g.\n"
      " *   kcc kernel.py -t cpu -k %s --signature '...' -o lib%s.so --header %s.h\n"
      " * Link the program with that library and -lpthread; libkcc is not needed. C11 or C++11.\n"
      " *\n"
      " * %s_launch(gx, gy, gz, args...) runs the gx*gy*gz programs of the grid on a pool of\n"
      " * KCC_NUM_THREADS threads (read at the first launch; default: the online cores), the "
      "caller\n"
      " * included, handing out program ids in ascending order (x fastest, then y, then z). "
      "The\n"
      " * pool's threads start at the first launch and stay; idle ones poll for KCC_SPIN_US\n"
      " * microseconds (default 500) before they sleep. Launches from several threads run one "
      "at a\n"
      " * time. It returns 0, or -1 when a device assertion failed (no further program starts) or\n"
      " * the grid is too large (a dimension over 2^31-1, more than 2^63-1 programs),\n"
      " * with the message in kcc_aot_last_error(). Pointers are passed as is; fp16/bf16 scalars "
      "as\n"
      " * their uint16_t bit pattern, i1 as 0/1.\n"
      " */\n"
      "#ifndef KCC_AOT_%s_H\n"
      "#define KCC_AOT_%s_H\n\n"
      "#include <pthread.h>\n#include <sched.h>\n#include <setjmp.h>\n"
      "#ifndef __cplusplus\n#include <stdatomic.h> /* not needed here; kept for code that relied "
      "on it */\n#endif\n"
      "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
      "#include <time.h>\n#include <unistd.h>\n\n"
      "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n",
      n, kcc_version(), n, n, n, n, n, upper, upper);
  strbuf_printf(&b, "%s", RUNTIME);

  /* The kernel symbol, per the CPU ABI. */
  strbuf_printf(&b, "/* ---- kernel %s ---- */\nvoid %s(", n, n);
  char cn[300];
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    const char *ct = c_type(k->ptypes[p], false);
    strbuf_printf(&b, "%s%s%s, ", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", cn);
  }
  strbuf_printf(&b,
                "int32_t pid_x, int32_t pid_y, int32_t pid_z, int32_t nprog_x, int32_t nprog_y,\n"
                "          int32_t nprog_z);\n\n");

  strbuf_printf(&b, "typedef struct %s_args {\n", n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    const char *ct = c_type(k->ptypes[p], false);
    strbuf_printf(&b, "  %s%s%s; /* %s */\n", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", cn,
                  k->ptypes[p]);
  }
  strbuf_printf(&b, "  char kcc_unused;\n} %s_args;\n\n", n);

  strbuf_printf(&b,
                "static inline void %s_program(const void *kcc_p, int32_t kcc_x, int32_t kcc_y,\n"
                "                              int32_t kcc_z, const unsigned *kcc_g) {\n"
                "  const %s_args *kcc_a = (const %s_args *)kcc_p;\n"
                "  (void)kcc_a;\n"
                "  %s(",
                n, n, n, n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    strbuf_printf(&b, "kcc_a->%s, ", cn);
  }
  strbuf_printf(
      &b, "kcc_x, kcc_y, kcc_z, (int32_t)kcc_g[0], (int32_t)kcc_g[1], (int32_t)kcc_g[2]);\n}\n\n");

  strbuf_printf(&b, "static inline int %s_launch(unsigned gx, unsigned gy, unsigned gz", n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    const char *ct = c_type(k->ptypes[p], true);
    strbuf_printf(&b, ", %s%s%s", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", cn);
  }
  strbuf_printf(&b, ") {\n  %s_args kcc_a;\n  memset(&kcc_a, 0, sizeof kcc_a);\n", n);
  for (int p = 0; p < k->nparams; p++) {
    c_name(cn, sizeof cn, k->pnames[p]);
    strbuf_printf(&b, "  kcc_a.%s = %s;\n", cn, cn);
  }
  strbuf_printf(&b,
                "  return kcc_aot_run(gx, gy, gz, %s_program, &kcc_a);\n}\n\n"
                "#ifdef __cplusplus\n}\n#endif\n#endif /* KCC_AOT_%s_H */\n",
                n, upper);
  return strbuf_take(&b, NULL);
}

/*
 * run_kir.c - execution tests of the CPU target on hand-written kir (tests/cpu_exec/NAME.mlir),
 * before the frontend exists: each file is lowered with the host `cpu` target, linked into a
 * shared object with ld.lld, dlopen'ed, run over its grid serially (one call per program) and
 * checked against a plain C reference.
 *
 *   run_kir [DIR]            run the tests (DIR defaults to the directory of this source file)
 *   run_kir --bench [DIR]    also time vector add, softmax and matmul against C baselines
 */
#include "kir.h"
#include "target.h"

#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef KCC_CPU_EXEC_DIR
#define KCC_CPU_EXEC_DIR "."
#endif

static const char *dir = KCC_CPU_EXEC_DIR;
static int failures;
static MlirContext ctx;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      printf("  FAIL %s:%d: ", __FILE__, __LINE__);                                               \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
      failures++;                                                                                  \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

/* Lowers DIR/name.mlir for the host, links it and returns the kernel `name`. */
static void *compile(const char *name, double *ms) {
  char path[1024], so[1024];
  snprintf(path, sizeof path, "%s/%s.mlir", dir, name);
  snprintf(so, sizeof so, "%s/kcc-test-%s-%d.so", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
           name, (int)getpid());
  double t0 = now();
  Diag d;
  diag_init(&d);
  KirDiagScope scope;
  kir_diag_attach(&scope, ctx, &d, NULL);
  MlirModule m = mlirModuleCreateParseFromFile(ctx, kir_str(path));
  void *fn = NULL;
  KccTargetConfig cfg;
  size_t size = 0;
  char *obj = NULL;
  if (!mlirModuleIsNull(m) && mlirOperationVerify(mlirModuleGetOperation(m)) && kir_verify(m, &d) &&
      target_resolve("cpu", 3, &cfg, &d) && cfg.target->lower(m, &cfg, &d) &&
      (obj = llvm_emit_obj(m, &cfg, &d, &size)) && llvm_link_so(obj, size, so, &cfg, &d)) {
    if (ms)
      *ms = (now() - t0) * 1e3;
    void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    if (h) {
      fn = dlsym(h, name);
      char meta[300];
      snprintf(meta, sizeof meta, "kcc_meta_%s", name);
      if (!dlsym(h, meta)) {
        printf("  FAIL %s: no %s symbol\n", name, meta);
        failures++;
      }
    } else {
      printf("  dlopen: %s\n", dlerror());
    }
    if (!getenv("KCC_KEEP_SO"))
      unlink(so);
  }
  free(obj);
  kir_diag_detach(&scope);
  char *msg = diag_take(&d);
  if (msg && *msg)
    printf("%s", msg);
  free(msg);
  diag_free(&d);
  if (!mlirModuleIsNull(m))
    mlirModuleDestroy(m);
  if (!fn) {
    printf("  FAIL %s: does not compile\n", name);
    failures++;
  }
  return fn;
}

/* ---- grids ------------------------------------------------------------------------------- */
typedef void (*ProgFn)(int pid, void *ud);
typedef struct Grid {
  ProgFn fn;
  void *ud;
  int n;
  int next;
  pthread_mutex_t mu;
} Grid;

static void *grid_worker(void *p) {
  Grid *g = p;
  for (;;) {
    pthread_mutex_lock(&g->mu);
    int pid = g->next < g->n ? g->next++ : -1;
    pthread_mutex_unlock(&g->mu);
    if (pid < 0)
      return NULL;
    g->fn(pid, g->ud);
  }
}

static void run_grid(int n, int threads, ProgFn fn, void *ud) {
  if (threads <= 1) {
    for (int i = 0; i < n; i++)
      fn(i, ud);
    return;
  }
  Grid g = {fn, ud, n, 0, PTHREAD_MUTEX_INITIALIZER};
  pthread_t t[64];
  for (int i = 0; i < threads; i++)
    pthread_create(&t[i], NULL, grid_worker, &g);
  for (int i = 0; i < threads; i++)
    pthread_join(t[i], NULL);
}

static float frand(unsigned *s) {
  *s = *s * 1103515245u + 12345u;
  return (float)((*s >> 8) & 0xffff) / 65536.0f * 2.0f - 1.0f;
}

/* ---- vector add ----------------------------------------------------------------------------- */
typedef void (*AddFn)(float *, float *, float *, int32_t, int, int, int, int, int, int);
typedef struct AddUd {
  AddFn f;
  float *x, *y, *o;
  int n, grid;
} AddUd;
static void add_prog(int pid, void *p) {
  AddUd *u = p;
  u->f(u->x, u->y, u->o, u->n, pid, 0, 0, u->grid, 1, 1);
}

static void test_add(void) {
  AddFn f = (AddFn)compile("add", NULL);
  if (!f)
    return;
  int n = 100003;
  float *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n),
        *o = malloc(sizeof(float) * (n + 64));
  unsigned s = 1;
  for (int i = 0; i < n; i++)
    x[i] = frand(&s), y[i] = frand(&s);
  for (int i = 0; i < n + 64; i++)
    o[i] = 12345.0f;
  AddUd u = {f, x, y, o, n, (n + 1023) / 1024};
  run_grid(u.grid, 1, add_prog, &u);
  for (int i = 0; i < n; i++)
    CHECK(o[i] == x[i] + y[i], "add: o[%d] = %g, want %g", i, o[i], x[i] + y[i]);
  for (int i = n; i < n + 64; i++)
    CHECK(o[i] == 12345.0f, "add: masked lane %d written", i);
  free(x), free(y), free(o);
}

/* ---- softmax ------------------------------------------------------------------------------- */
typedef void (*SoftmaxFn)(float *, float *, int32_t, int32_t, int, int, int, int, int, int);
typedef struct SmUd {
  SoftmaxFn f;
  float *in, *out;
  int stride, ncols, rows;
} SmUd;
static void sm_prog(int pid, void *p) {
  SmUd *u = p;
  u->f(u->in, u->out, u->stride, u->ncols, pid, 0, 0, u->rows, 1, 1);
}

static void softmax_ref(const float *in, float *out, int rows, int stride, int ncols) {
  for (int r = 0; r < rows; r++) {
    double m = -INFINITY, s = 0;
    for (int j = 0; j < ncols; j++)
      m = fmax(m, in[r * stride + j]);
    for (int j = 0; j < ncols; j++)
      s += exp(in[r * stride + j] - m);
    for (int j = 0; j < ncols; j++)
      out[r * stride + j] = (float)(exp(in[r * stride + j] - m) / s);
  }
}

static void test_softmax(void) {
  SoftmaxFn f = (SoftmaxFn)compile("softmax", NULL);
  if (!f)
    return;
  int rows = 37, stride = 1024, ncols = 1000;
  float *in = malloc(sizeof(float) * rows * stride), *out = calloc((size_t)rows * stride, 4),
        *ref = calloc((size_t)rows * stride, 4);
  unsigned s = 7;
  for (int i = 0; i < rows * stride; i++)
    in[i] = frand(&s) * 20.0f;
  SmUd u = {f, in, out, stride, ncols, rows};
  run_grid(rows, 1, sm_prog, &u);
  softmax_ref(in, ref, rows, stride, ncols);
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < stride; j++) {
      float a = out[r * stride + j], b = ref[r * stride + j];
      if (j >= ncols)
        CHECK(a == 0.0f, "softmax: masked column %d of row %d written", j, r);
      else
        CHECK(fabsf(a - b) <= 1e-6f + 2e-6f * fabsf(b), "softmax[%d][%d] = %g, want %g", r, j, a, b);
    }
  free(in), free(out), free(ref);
}

/* ---- math approximations ----------------------------------------------------------------------- */
typedef void (*MathFn)(float *, float *, int32_t, int, int, int, int, int, int);

static int64_t ulps(float a, float b) {
  if (isnan(a) && isnan(b))
    return 0;
  if (a == b)
    return 0;
  if (isnan(a) || isnan(b) || isinf(a) || isinf(b))
    return INT64_MAX;
  int32_t ia, ib;
  memcpy(&ia, &a, 4);
  memcpy(&ib, &b, 4);
  if (ia < 0)
    ia = INT32_MIN - ia;
  if (ib < 0)
    ib = INT32_MIN - ib;
  return llabs((long long)ia - (long long)ib);
}

static void test_math(void) {
  MathFn f = (MathFn)compile("math", NULL);
  if (!f)
    return;
  enum { N = 1 << 20 };
  float *x = malloc(sizeof(float) * N), *o = malloc(sizeof(float) * 4 * N);
  float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1.0f, -1.0f, 1e-45f, 1e-40f,
                      1.17549435e-38f, 88.72f, 88.73f, -87.3f, -103.9f, -104.0f, 127.99f, 128.0f,
                      -149.0f, -150.0f, -151.0f, 3.4e38f};
  int ns = (int)(sizeof specials / sizeof *specials);
  unsigned s = 3;
  for (int i = 0; i < N; i++) {
    if (i < ns)
      x[i] = specials[i];
    else if (i % 2)
      x[i] = frand(&s) * 100.0f; /* exp range */
    else {
      uint32_t b = (s = s * 1103515245u + 12345u); /* any positive float for log */
      b &= 0x7fffffffu;
      memcpy(&x[i], &b, 4);
    }
  }
  f(x, o, N, 0, 0, 0, 1, 1, 1); /* program 0 of a 1-program grid: first 1024 */
  for (int p = 1; p < N / 1024; p++)
    f(x, o, N, p, 0, 0, N / 1024, 1, 1);
  int64_t worst[4] = {0};
  int wi[4] = {0};
  for (int i = 0; i < N; i++) {
    float r[4] = {expf(x[i]), exp2f(x[i]), logf(x[i]), log2f(x[i])};
    for (int k = 0; k < 4; k++) {
      int64_t u = ulps(o[k * N + i], r[k]);
      if (u > worst[k])
        worst[k] = u, wi[k] = i;
    }
  }
  const char *names[4] = {"exp", "exp2", "log", "log2"};
  for (int k = 0; k < 4; k++)
    CHECK(worst[k] <= 2, "%s: %lld ulp at x = %a (got %a)", names[k], (long long)worst[k],
          x[wi[k]], o[k * N + wi[k]]);
  printf("  math: max ulp exp %lld exp2 %lld log %lld log2 %lld\n", (long long)worst[0],
         (long long)worst[1], (long long)worst[2], (long long)worst[3]);
  free(x), free(o);
}

/* ---- matmul ----------------------------------------------------------------------------------- */
typedef void (*MatmulFn)(float *, float *, float *, int32_t, int32_t, int32_t, int32_t, int32_t,
                         int32_t, int, int, int, int, int, int);
typedef struct MmUd {
  MatmulFn f;
  float *a, *b, *c;
  int M, N, K, grid;
} MmUd;
static void mm_prog(int pid, void *p) {
  MmUd *u = p;
  u->f(u->a, u->b, u->c, u->M, u->N, u->K, u->K, u->N, u->N, pid, 0, 0, u->grid, 1, 1);
}

static void test_matmul(void) {
  MatmulFn f = (MatmulFn)compile("matmul", NULL);
  if (!f)
    return;
  int M = 200, N = 136, K = 170;
  float *a = malloc(sizeof(float) * M * K), *b = malloc(sizeof(float) * K * N),
        *c = malloc(sizeof(float) * M * N);
  unsigned s = 11;
  for (int i = 0; i < M * K; i++)
    a[i] = frand(&s);
  for (int i = 0; i < K * N; i++)
    b[i] = frand(&s);
  MmUd u = {f, a, b, c, M, N, K, ((M + 63) / 64) * ((N + 63) / 64)};
  run_grid(u.grid, 1, mm_prog, &u);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      double r = 0;
      for (int k = 0; k < K; k++)
        r += (double)a[i * K + k] * b[k * N + j];
      CHECK(fabs(c[i * N + j] - r) <= 1e-4 * (1 + fabs(r)), "matmul c[%d][%d] = %g, want %g", i, j,
            c[i * N + j], r);
    }
  free(a), free(b), free(c);
}

/* ---- reduce, scan ---------------------------------------------------------------------------- */
typedef void (*ReduceFn)(float *, float *, float *, int32_t *, int, int, int, int, int, int);
static void test_reduce(void) {
  ReduceFn f = (ReduceFn)compile("reduce", NULL);
  if (!f)
    return;
  float x[16 * 64], rows[16], cols[64];
  int32_t am[16];
  unsigned s = 5;
  for (int i = 0; i < 16 * 64; i++)
    x[i] = frand(&s);
  x[3 * 64 + 10] = 5.0f, x[3 * 64 + 20] = 5.0f; /* a tie: the lower index wins */
  f(x, rows, cols, am, 0, 0, 0, 1, 1, 1);
  for (int i = 0; i < 16; i++) {
    double sum = 0;
    int best = 0;
    for (int j = 0; j < 64; j++) {
      sum += x[i * 64 + j];
      if (x[i * 64 + j] > x[i * 64 + best])
        best = j;
    }
    CHECK(fabs(rows[i] - sum) < 1e-4, "row sum %d = %g, want %g", i, rows[i], sum);
    CHECK(am[i] == best, "argmax %d = %d, want %d", i, am[i], best);
  }
  for (int j = 0; j < 64; j++) {
    float m = -INFINITY;
    for (int i = 0; i < 16; i++)
      m = fmaxf(m, x[i * 64 + j]);
    CHECK(cols[j] == m, "col max %d = %g, want %g", j, cols[j], m);
  }
}

typedef void (*ScanFn)(int32_t *, int32_t *, int32_t *, float *, float *, int, int, int, int, int,
                       int);
static void test_scan(void) {
  ScanFn f = (ScanFn)compile("scan", NULL);
  if (!f)
    return;
  int32_t x[256], o[256], orev[256];
  float fx[8 * 64], fo[8 * 64];
  for (int i = 0; i < 256; i++)
    x[i] = i * 7 - 300;
  for (int i = 0; i < 8 * 64; i++)
    fx[i] = (float)(i % 13) - 6.0f;
  f(x, o, orev, fx, fo, 0, 0, 0, 1, 1, 1);
  int32_t acc = 0;
  for (int i = 0; i < 256; i++) {
    acc += x[i];
    CHECK(o[i] == acc, "cumsum[%d] = %d, want %d", i, o[i], acc);
  }
  acc = 0;
  for (int i = 255; i >= 0; i--) {
    acc += x[i];
    CHECK(orev[i] == acc, "reverse cumsum[%d] = %d, want %d", i, orev[i], acc);
  }
  for (int j = 0; j < 64; j++) {
    float a = 0;
    for (int i = 0; i < 8; i++) {
      a += fx[i * 64 + j];
      CHECK(fo[i * 64 + j] == a, "cumsum axis 0 [%d][%d] = %g, want %g", i, j, fo[i * 64 + j], a);
    }
  }
}

/* ---- integer semantics --------------------------------------------------------------------- */
typedef void (*DivFn)(int32_t *, int32_t *, int32_t *, int32_t, int, int, int, int, int, int);
static void test_divmod(void) {
  DivFn f = (DivFn)compile("divmod", NULL);
  if (!f)
    return;
  int32_t x[64], y[64], o[5 * 64];
  for (int i = 0; i < 64; i++) {
    x[i] = (i * 104729) ^ (i << 20);
    y[i] = (i % 5) - 2;
  }
  x[7] = INT32_MIN, y[7] = -1; /* live lanes that would trap in C */
  y[8] = 0;
  x[50] = INT32_MIN, y[50] = -1; /* masked-off lanes (n = 48): other = 0 is a zero divisor */
  f(x, y, o, 48, 0, 0, 0, 1, 1, 1);
  for (int i = 0; i < 48; i++) {
    uint32_t w = (uint32_t)x[i] * 1000003u + 2147483647u;
    CHECK(o[4 * 64 + i] == (int32_t)w, "wraparound[%d] = %d, want %d", i, o[4 * 64 + i], (int32_t)w);
    if (y[i] == 0 || (x[i] == INT32_MIN && y[i] == -1))
      continue; /* unspecified value, but no trap */
    CHECK(o[i] == x[i] / y[i], "divsi[%d] = %d, want %d", i, o[i], x[i] / y[i]);
    CHECK(o[64 + i] == x[i] % y[i], "remsi[%d]", i);
    CHECK(o[128 + i] == (int32_t)((uint32_t)x[i] / (uint32_t)y[i]), "divui[%d]", i);
    CHECK(o[192 + i] == (int32_t)((uint32_t)x[i] % (uint32_t)y[i]), "remui[%d]", i);
  }
}

/* ---- atomics --------------------------------------------------------------------------------- */
typedef void (*AtomFn)(int32_t *, int32_t *, float *, int32_t *, int32_t *, int32_t *, int32_t, int,
                       int, int, int, int, int);
typedef struct AtUd {
  AtomFn f;
  int32_t *x, *hist, *imax, *claim, *olds;
  float *fsum;
  int n, grid;
} AtUd;
static void at_prog(int pid, void *p) {
  AtUd *u = p;
  u->f(u->x, u->hist, u->fsum, u->imax, u->claim, u->olds, u->n, pid, 0, 0, u->grid, 1, 1);
}

static void test_atomics(void) {
  AtomFn f = (AtomFn)compile("atomics", NULL);
  if (!f)
    return;
  enum { N = 5000 };
  int grid = (N + 127) / 128;
  int32_t *x = malloc(sizeof(int32_t) * N), hist[16] = {0}, imax = INT32_MIN, claim = 0;
  int32_t *olds = calloc((size_t)grid, sizeof(int32_t));
  float fsum = 0;
  int32_t ref[16] = {0}, rmax = INT32_MIN;
  double rsum = 0;
  for (int i = 0; i < N; i++) {
    x[i] = (i * 37) % 1001;
    ref[(uint32_t)x[i] % 16]++;
    rmax = x[i] > rmax ? x[i] : rmax;
    rsum += x[i];
  }
  AtUd u = {f, x, hist, &imax, &claim, olds, &fsum, N, grid};
  run_grid(grid, 2, at_prog, &u);
  for (int i = 0; i < 16; i++)
    CHECK(hist[i] == ref[i], "hist[%d] = %d, want %d", i, hist[i], ref[i]);
  CHECK(imax == rmax, "atomic max = %d, want %d", imax, rmax);
  CHECK(fabs(fsum - rsum) < 1e-3 * rsum, "atomic fadd = %g, want %g", fsum, rsum);
  int zeros = 0;
  for (int i = 0; i < grid; i++)
    zeros += olds[i] == 0;
  CHECK(zeros == 1 && claim >= 1 && claim <= grid && olds[claim - 1] == 0,
        "cas: %d programs saw the slot free (claim %d)", zeros, claim);
  free(x), free(olds);
}

/* ---- benchmarks ------------------------------------------------------------------------------ */
__attribute__((noinline)) static void c_add(const float *restrict x, const float *restrict y,
                                            float *restrict o, int n) {
  for (int i = 0; i < n; i++)
    o[i] = x[i] + y[i];
}

static double best_of(int reps, void (*fn)(void *), void *ud) {
  double best = 1e30;
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    fn(ud);
    double t = now() - t0;
    best = t < best ? t : best;
  }
  return best;
}

typedef struct BenchAdd {
  AddUd u;
  int threads;
} BenchAdd;
static void bench_add_run(void *p) {
  BenchAdd *b = p;
  run_grid(b->u.grid, b->threads, add_prog, &b->u);
}
static void bench_c_add(void *p) {
  AddUd *u = p;
  c_add(u->x, u->y, u->o, u->n);
}

typedef struct BenchSm {
  SmUd u;
  int threads;
} BenchSm;
static void bench_sm_run(void *p) {
  BenchSm *b = p;
  run_grid(b->u.rows, b->threads, sm_prog, &b->u);
}

typedef struct BenchMm {
  MmUd u;
  int threads;
} BenchMm;
static void bench_mm_run(void *p) {
  BenchMm *b = p;
  run_grid(b->u.grid, b->threads, mm_prog, &b->u);
}

static void bench(void) {
  double ms;
  printf("benchmarks (best of several runs; 1 thread unless noted)\n");
  AddFn fa = (AddFn)compile("add", &ms);
  printf("  compile add: %.1f ms\n", ms);
  int n = 16 << 20;
  float *x = aligned_alloc(64, sizeof(float) * n), *y = aligned_alloc(64, sizeof(float) * n),
        *o = aligned_alloc(64, sizeof(float) * n);
  for (int i = 0; i < n; i++)
    x[i] = (float)i, y[i] = 1.0f, o[i] = 0;
  BenchAdd ba = {{fa, x, y, o, n, n / 1024}, 1};
  double tk = best_of(10, bench_add_run, &ba);
  double tc = best_of(10, bench_c_add, &ba.u);
  printf("  add 16M fp32: kcc %.2f ms, C -O3 loop %.2f ms, speedup %.2fx\n", tk * 1e3, tc * 1e3,
         tc / tk);
  free(x), free(y), free(o);

  SoftmaxFn fs = (SoftmaxFn)compile("softmax", &ms);
  printf("  compile softmax: %.1f ms\n", ms);
  int rows = 4096, cols = 1024;
  float *in = aligned_alloc(64, sizeof(float) * rows * cols),
        *out = aligned_alloc(64, sizeof(float) * rows * cols);
  unsigned s = 1;
  for (int i = 0; i < rows * cols; i++)
    in[i] = frand(&s) * 10.0f;
  BenchSm bs = {{fs, in, out, cols, cols, rows}, 1};
  double t1 = best_of(10, bench_sm_run, &bs);
  bs.threads = 2;
  double t2 = best_of(10, bench_sm_run, &bs);
  printf("  softmax 4096x1024 fp32: kcc %.2f ms (1 thread), %.2f ms (2 threads)\n", t1 * 1e3,
         t2 * 1e3);
  free(in), free(out);

  MatmulFn fm = (MatmulFn)compile("matmul", &ms);
  printf("  compile matmul: %.1f ms\n", ms);
  int N = 1024;
  float *a = aligned_alloc(64, sizeof(float) * N * N), *b = aligned_alloc(64, sizeof(float) * N * N),
        *c = aligned_alloc(64, sizeof(float) * N * N);
  for (int i = 0; i < N * N; i++)
    a[i] = frand(&s), b[i] = frand(&s);
  BenchMm bm = {{fm, a, b, c, N, N, N, (N / 64) * (N / 64)}, 1};
  t1 = best_of(3, bench_mm_run, &bm);
  bm.threads = 2;
  t2 = best_of(3, bench_mm_run, &bm);
  printf("  matmul 1024^3 fp32: kcc %.2f ms = %.1f GFLOP/s (1 thread), %.2f ms = %.1f GFLOP/s (2 "
         "threads)\n",
         t1 * 1e3, 2.0 * N * N * N / t1 * 1e-9, t2 * 1e3, 2.0 * N * N * N / t2 * 1e-9);
  free(a), free(b), free(c);
}

int main(int argc, char **argv) {
  bool do_bench = false;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--bench") == 0)
      do_bench = true;
    else
      dir = argv[i];
  }
  Diag d;
  diag_init(&d);
  ctx = kir_context_create(&d);
  if (mlirContextIsNull(ctx)) {
    char *m = diag_take(&d);
    fprintf(stderr, "%s", m ? m : "no context\n");
    return 1;
  }
  static const struct {
    const char *name;
    void (*fn)(void);
  } tests[] = {{"add", test_add},         {"softmax", test_softmax}, {"math", test_math},
               {"matmul", test_matmul},   {"reduce", test_reduce},   {"scan", test_scan},
               {"divmod", test_divmod},   {"atomics", test_atomics}};
  for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
    int before = failures;
    tests[i].fn();
    printf("%s %s\n", failures == before ? "PASS" : "FAIL", tests[i].name);
  }
  if (do_bench)
    bench();
  kir_context_destroy(ctx);
  diag_free(&d);
  return failures ? 1 : 0;
}

/*
 * test_launch.c - the loader and the CPU launcher without the compiler: builds kernels.c (kernels
 * hand-written in the CPU ABI) with the system C compiler, loads them with kcc_kernel_load and
 * checks that every program runs once, ids are handed out in ascending order (a chain of
 * spin-waiting programs finishes), scalar arguments of every ABI class arrive, an empty grid does
 * nothing, and a device assertion fails the launch with its message while the next launch works.
 *
 * Usage: test_launch [kernels.c]   (default: next to this file). Link with -rdynamic, so that
 * kernels find __kcc_assert_fail in the executable. Environment: CC (default cc).
 */
#include "kcc/kcc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../unit/check.h" /* CHECK: report and go on; `failures` */

static KccKernel *load(const char *so, const char *name) {
  KccKernel *k = NULL;
  char *diag = NULL;
  KccStatus st = kcc_kernel_load(so, name, &k, &diag);
  if (st != KCC_OK) {
    fprintf(stderr, "load %s: %s", name ? name : "(null)", diag ? diag : "?\n");
    failures++;
  }
  kcc_free(diag);
  return k;
}

static void test_record(const char *so, unsigned gx, unsigned gy, unsigned gz) {
  KccKernel *k = load(so, "record");
  if (!k) return;
  size_t n = (size_t)gx * gy * gz;
  int32_t *seen = calloc(n + 1, sizeof *seen);
  int64_t *order = calloc(n + 1, sizeof *order);
  int64_t counter = 0;
  void *ps = seen, *po = order, *pc = &counter;
  void *args[] = {&ps, &po, &pc};
  char *diag = NULL;
  CHECK(kcc_launch(k, (unsigned[3]){gx, gy, gz}, args, &diag) == KCC_OK);
  kcc_free(diag);
  CHECK(counter == (int64_t)n);
  for (size_t i = 0; i < n; i++)
    CHECK(seen[i] == 1);
  /* Programs start in ascending order up to the interleaving of threads: a program never starts
   * long after a much later one (chunks are at most 16 ids, one per thread in flight). */
  int64_t maxseen = -1, worst = 0;
  for (size_t i = 0; i < n; i++) {
    if (maxseen - order[i] > worst) worst = maxseen - order[i];
    if (order[i] > maxseen) maxseen = order[i];
  }
  CHECK(worst < 16 * 1024);
  free(seen), free(order);
  kcc_kernel_destroy(k);
}

static void test_chain(const char *so) {
  KccKernel *k = load(so, "chain");
  if (!k) return;
  enum { N = 20000 };
  int32_t *flags = calloc(N, sizeof *flags);
  void *pf = flags;
  CHECK(kcc_launch(k, (unsigned[3]){N, 1, 1}, (void *[]){&pf}, NULL) == KCC_OK);
  CHECK(flags[N - 1] == 1);
  free(flags);
  kcc_kernel_destroy(k);
}

static void test_scalars(const char *so) {
  KccKernel *k = load(so, "scalars");
  if (!k) return;
  CHECK(kcc_kernel_num_params(k) == 7);
  CHECK(strcmp(kcc_kernel_param_type(k, 0), "*fp64") == 0);
  CHECK(strcmp(kcc_kernel_param_name(k, 6), "h") == 0);
  double out[4] = {0};
  void *po = out;
  int8_t a = -3;
  int64_t b = 1LL << 40;
  float c = 0.5f;
  double d = 0.25;
  uint8_t flag = 1;
  uint16_t h = 7;
  void *args[] = {&po, &a, &b, &c, &d, &flag, &h};
  CHECK(kcc_launch(k, (unsigned[3]){4, 1, 1}, args, NULL) == KCC_OK);
  for (int i = 0; i < 4; i++)
    CHECK(out[i] == -3 + (double)(1LL << 40) + 0.5 + 0.25 + 1 + 7);
  /* an empty grid runs nothing */
  out[0] = 0;
  CHECK(kcc_launch(k, (unsigned[3]){0, 5, 5}, args, NULL) == KCC_OK);
  CHECK(out[0] == 0);
  /* a missing argument is a usage error */
  char *diag = NULL;
  CHECK(kcc_launch(k, (unsigned[3]){1, 1, 1}, NULL, &diag) == KCC_ERR_USAGE);
  CHECK(diag && strncmp(diag, "kcc: error: ", 12) == 0);
  kcc_free(diag);
  kcc_kernel_destroy(k);
}

static void test_assert(const char *so) {
  KccKernel *k = load(so, "checked");
  if (!k) return;
  enum { N = 4096 };
  int32_t *done = calloc(N, sizeof *done);
  void *pd = done;
  int32_t bad = 1000;
  char *diag = NULL;
  CHECK(kcc_launch(k, (unsigned[3]){N, 1, 1}, (void *[]){&pd, &bad}, &diag) == KCC_ERR_RUNTIME);
  CHECK(diag && strstr(diag, "device assertion failed: x != bad"));
  CHECK(diag && strstr(diag, "program (1000, 0, 0)"));
  CHECK(done[999] == 1 && done[1000] == 0);
  kcc_free(diag);
  bad = -1;
  memset(done, 0, N * sizeof *done);
  CHECK(kcc_launch(k, (unsigned[3]){N, 1, 1}, (void *[]){&pd, &bad}, NULL) == KCC_OK);
  CHECK(done[N - 1] == 1 && done[1000] == 1);
  free(done);
  kcc_kernel_destroy(k);
}

/* Grids: a dimension over 2^31-1 or a product over 2^63-1 is a usage error that runs nothing;
 * an empty grid runs nothing and succeeds (as Triton). */
static void test_grid_limits(const char *so) {
  KccKernel *k = load(so, "slow");
  if (!k) return;
  int64_t count = 0;
  void *pc = &count;
  char *diag = NULL;
  CHECK(kcc_launch(k, (unsigned[3]){0x7fffffffu, 0x7fffffffu, 0x7fffffffu}, (void *[]){&pc},
                   &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "grid (2147483647, 2147483647, 2147483647) has more than 2^63-1 "
                             "programs"));
  kcc_free(diag);
  CHECK(kcc_launch(k, (unsigned[3]){1u << 31, 1, 1}, (void *[]){&pc}, &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "grid dimension 0 is 2147483648, more than 2^31-1"));
  kcc_free(diag);
  CHECK(kcc_launch(k, (unsigned[3]){5, 0, 3}, (void *[]){&pc}, &diag) == KCC_OK && !diag);
  CHECK(count == 0);
  kcc_kernel_destroy(k);
}

/* Handles: NULL, foreign pointers and (when detectable) destroyed ones are usage errors; destroy
 * ignores them. */
static void test_handles(const char *so) {
  char *diag = NULL;
  static uint64_t junk[4096];
  KccKernel *fake = (KccKernel *)junk;
  CHECK(kcc_launch(fake, (unsigned[3]){1, 1, 1}, NULL, &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "not a kernel handle"));
  kcc_free(diag);
  CHECK(kcc_launch(NULL, (unsigned[3]){1, 1, 1}, NULL, &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "null kernel"));
  kcc_free(diag);
  CHECK(kcc_kernel_name(fake) == NULL && kcc_kernel_num_params(fake) == 0);
  kcc_kernel_destroy(fake); /* ignored */
  kcc_kernel_destroy(NULL);
  KccOptions *fo = (KccOptions *)junk;
  CHECK(kcc_options_set(fo, "opt", "1", &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "not an options handle"));
  kcc_free(diag);
  kcc_options_destroy(fo); /* ignored */
  KccKernel *k = NULL;
  CHECK(kcc_compile("x.py", "", fo, &k, &diag) == KCC_ERR_USAGE && !k);
  CHECK(diag && strstr(diag, "not a live KccOptions"));
  kcc_free(diag);

  /* Use after destroy and double destroy: detected here because nothing reused the memory yet
   * (kcc.h promises this on a best-effort basis only). */
  k = load(so, "slow");
  if (!k) return;
  kcc_kernel_destroy(k);
  int64_t count = 0;
  void *pc = &count;
  CHECK(kcc_launch(k, (unsigned[3]){1, 1, 1}, (void *[]){&pc}, &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "kcc_launch: the kernel was destroyed"));
  kcc_free(diag);
  kcc_kernel_destroy(k); /* a second destroy does nothing */
  KccOptions *o = kcc_options_create();
  kcc_options_destroy(o);
  CHECK(kcc_options_set(o, "opt", "1", &diag) == KCC_ERR_USAGE);
  CHECK(diag && strstr(diag, "the options were destroyed"));
  kcc_free(diag);
  kcc_options_destroy(o);
}

static void *cancel_later(void *arg) {
  (void)arg;
  struct timespec ts = {0, 100 * 1000000};
  nanosleep(&ts, NULL);
  kcc_launch_cancel();
  return NULL;
}

/* kcc_launch_with on a CPU kernel: options NULL or without a stream run it; a stream or raw device
 * pointers are refused (they are for device kernels). */
static void test_launch_with(const char *so) {
  KccKernel *k = load(so, "slow");
  if (!k) return;
  int64_t count = 0;
  void *pc = &count;
  char *diag = NULL;
  CHECK(kcc_launch_with(k, (unsigned[3]){4, 1, 1}, (void *[]){&pc}, NULL, NULL) == KCC_OK &&
        count == 4);
  KccLaunchOptions none = {0};
  CHECK(kcc_launch_with(k, (unsigned[3]){2, 1, 1}, (void *[]){&pc}, &none, NULL) == KCC_OK &&
        count == 6);
  KccLaunchOptions stream = {.stream = (void *)1};
  CHECK(kcc_launch_with(k, (unsigned[3]){2, 1, 1}, (void *[]){&pc}, &stream, &diag) ==
            KCC_ERR_USAGE &&
        count == 6);
  CHECK(diag && strstr(diag, "a stream and raw device pointers are for device kernels"));
  kcc_free(diag);
  kcc_kernel_destroy(k);
}

/* kcc_launch_cancel from another thread stops a 20-second grid promptly with KCC_ERR_CANCELLED;
 * the next launch runs in full. */
static void test_cancel(const char *so) {
  KccKernel *k = load(so, "slow");
  if (!k) return;
  kcc_launch_cancel(); /* no launch running: nothing happens, the next launch is not affected */
  int64_t count = 0;
  void *pc = &count;
  CHECK(kcc_launch(k, (unsigned[3]){64, 1, 1}, (void *[]){&pc}, NULL) == KCC_OK && count == 64);
  count = 0;
  pthread_t t;
  pthread_create(&t, NULL, cancel_later, NULL);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  char *diag = NULL;
  CHECK(kcc_launch(k, (unsigned[3]){20000, 1, 1}, (void *[]){&pc}, &diag) == KCC_ERR_CANCELLED);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  pthread_join(t, NULL);
  CHECK(diag && strstr(diag, "launch of kernel 'slow' cancelled"));
  kcc_free(diag);
  double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  CHECK(s < 2.0);
  CHECK(count > 0 && count < 20000);
  count = 0;
  CHECK(kcc_launch(k, (unsigned[3]){64, 1, 1}, (void *[]){&pc}, NULL) == KCC_OK && count == 64);
  kcc_kernel_destroy(k);
}

static void test_load_errors(const char *so) {
  KccKernel *k = NULL;
  char *diag = NULL;
  CHECK(kcc_kernel_load(so, "nosuch", &k, &diag) == KCC_ERR_RUNTIME && !k);
  CHECK(diag && strstr(diag, "no kernel 'nosuch'"));
  kcc_free(diag);
  /* several kernels in the object: a name is needed */
  CHECK(kcc_kernel_load(so, NULL, &k, &diag) == KCC_ERR_RUNTIME && !k);
  kcc_free(diag);
  CHECK(kcc_kernel_load("/nonexistent/x.so", "a", &k, &diag) != KCC_OK && !k);
  kcc_free(diag);
  /* a loaded kernel has "so" and "header", not kir */
  k = load(so, "scalars");
  if (!k) return;
  char *data = NULL;
  size_t size = 0;
  CHECK(kcc_kernel_emit(k, "so", &data, &size, NULL) == KCC_OK && size > 64 &&
        memcmp(data, "\177ELF", 4) == 0);
  kcc_free(data);
  CHECK(kcc_kernel_emit(k, "header", &data, &size, NULL) == KCC_OK &&
        strstr(data, "static inline int scalars_launch(unsigned gx, unsigned gy, unsigned gz, "
                     "double *out, int8_t a, int64_t b, float c, double d, uint8_t flag, "
                     "uint16_t h)"));
  kcc_free(data);
  CHECK(kcc_kernel_emit(k, "kir", &data, &size, &diag) == KCC_ERR_USAGE && !data);
  kcc_free(diag);
  CHECK(kcc_kernel_emit(k, "bogus", &data, &size, &diag) == KCC_ERR_USAGE);
  kcc_free(diag);
  kcc_kernel_destroy(k);
}

int main(int argc, char **argv) {
  char src[4096];
  if (argc > 1) {
    snprintf(src, sizeof src, "%s", argv[1]);
  } else {
    snprintf(src, sizeof src, "%s", __FILE__);
    char *slash = strrchr(src, '/');
    snprintf(slash ? slash + 1 : src, sizeof src - (size_t)(slash ? slash + 1 - src : 0),
             "kernels.c");
  }
  char dir[] = "/tmp/kcc-test-launch-XXXXXX";
  if (!mkdtemp(dir)) return perror("mkdtemp"), 1;
  char so[4200], cmd[9000];
  snprintf(so, sizeof so, "%s/kernels.so", dir);
  const char *cc = getenv("CC") ? getenv("CC") : "cc";
  snprintf(cmd, sizeof cmd, "%s -O1 -fPIC -shared -o '%s' '%s'", cc, so, src);
  if (system(cmd) != 0) return fprintf(stderr, "cannot build %s\n", src), 1;

  test_record(so, 1, 1, 1);
  test_record(so, 1000, 1, 1);
  test_record(so, 7, 5, 3);
  test_record(so, 3, 1, 200);
  test_chain(so);
  test_scalars(so);
  test_assert(so);
  test_load_errors(so);
  test_grid_limits(so);
  test_handles(so);
  test_launch_with(so);
  test_cancel(so);

  unlink(so);
  rmdir(dir);
  if (failures)
    fprintf(stderr, "test_launch: %d failures\n", failures);
  else
    printf("test_launch: ok\n");
  return failures != 0;
}

/*
 * run_cl.c - builds and runs OpenCL C printed by `kcc-opt --emit-opencl` on the first OpenCL
 * device (the test-only launch hook of runtime/device.c) and checks the results of one of the
 * hand-written per-thread IR kernels of this directory.
 *
 *   run_cl SOURCE.cl vadd|wg|mix|build     (build: only compile the source)
 *
 * Prints "NAME: ok" (exit 0), what differs (exit 1), or "skipped: no OpenCL device (...)" (exit
 * 0) when there is none.
 */
#include "kcc/kcc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KccStatus kcc_test_device_program_binary(KccDeviceHandle *dev, const char *source, char **binary,
                                         size_t *size, char **diag);
KccStatus kcc_test_device_launch(KccDeviceHandle *dev, const char *program, size_t size, int binary,
                                 const char *kernel, int nparams, const char *const *types,
                                 void *const *args, const unsigned grid[3], const unsigned local[3],
                                 size_t local_bytes, char **diag);

static char *diag;
static int failures;

static void ok(KccStatus st, const char *what) {
  if (st != KCC_OK) {
    printf("%s failed: %s", what, diag ? diag : "?\n");
    failures++;
  }
  kcc_free(diag);
  diag = NULL;
}

static KccBuffer *buffer(KccDeviceHandle *dev, const void *data, size_t bytes) {
  KccBuffer *b = NULL;
  ok(kcc_buffer_create(dev, bytes, &b, &diag), "kcc_buffer_create");
  if (b) ok(kcc_buffer_write(b, 0, data, bytes, &diag), "kcc_buffer_write");
  return b;
}

static void read_back(KccBuffer *b, void *data, size_t bytes) {
  ok(kcc_buffer_read(b, 0, data, bytes, &diag), "kcc_buffer_read");
}

/* out = x + y, n = 1000, workgroups of 128 threads x 4 elements */
static void run_vadd(KccDeviceHandle *dev, const char *src, size_t len) {
  enum { N = 1000, PAD = 24 };
  static float x[N], y[N], o[N + PAD];
  for (int i = 0; i < N; i++)
    x[i] = (float)i * 0.5f, y[i] = (float)(3 * i - 7);
  for (int i = 0; i < N + PAD; i++)
    o[i] = -1;
  KccBuffer *bx = buffer(dev, x, sizeof x), *by = buffer(dev, y, sizeof y),
            *bo = buffer(dev, o, sizeof o);
  int n = N;
  ok(kcc_test_device_launch(dev, src, len, 0, "vadd", 4,
                            (const char *[]){"*fp32", "*fp32", "*fp32", "i32"},
                            (void *[]){&bx, &by, &bo, &n}, (unsigned[3]){(N + 511) / 512, 1, 1},
                            (unsigned[3]){128, 1, 1}, 0, &diag),
     "launch vadd");
  read_back(bo, o, sizeof o);
  for (int i = 0; i < N + PAD; i++) {
    float want = i < N ? x[i] + y[i] : -1;
    if (o[i] != want) {
      printf("vadd: out[%d] = %g, expected %g\n", i, o[i], want);
      failures++;
      break;
    }
  }
  kcc_buffer_destroy(bx), kcc_buffer_destroy(by), kcc_buffer_destroy(bo);
}

/* workgroups of 64 threads: a sum through __local memory and barriers, then atomics of every
 * flavour (fp32 CAS loop, i32 native add/max, i64 atom_add, fp16 CAS on the containing word) */
static void run_wg(KccDeviceHandle *dev, const char *src, size_t len) {
  enum { N = 1000, G = (N + 63) / 64 };
  static float x[N];
  double want = 0;
  for (int i = 0; i < N; i++)
    x[i] = (float)(i % 13) - 4.0f, want += x[i];
  float sum = 0;
  int32_t cnt[2] = {0, -5};
  int64_t big = (int64_t)1 << 40;
  uint16_t half[2] = {0, 0x1234}; /* element 1 must stay */
  KccBuffer *bx = buffer(dev, x, sizeof x), *bs = buffer(dev, &sum, sizeof sum),
            *bc = buffer(dev, cnt, sizeof cnt), *bb = buffer(dev, &big, sizeof big),
            *bh = buffer(dev, half, sizeof half);
  int n = N;
  ok(kcc_test_device_launch(dev, src, len, 0, "wg", 6,
                            (const char *[]){"*fp32", "*fp32", "*i32", "*i64", "*fp16", "i32"},
                            (void *[]){&bx, &bs, &bc, &bb, &bh, &n}, (unsigned[3]){G, 1, 1},
                            (unsigned[3]){64, 1, 1}, 0, &diag),
     "launch wg");
  read_back(bs, &sum, sizeof sum);
  read_back(bc, cnt, sizeof cnt);
  read_back(bb, &big, sizeof big);
  read_back(bh, half, sizeof half);
  int64_t want_big = ((int64_t)1 << 40) + (int64_t)N * (N - 1) / 2;
  if (sum != (float)want) printf("wg: sum %g, expected %g\n", sum, want), failures++;
  if (cnt[0] != N || cnt[1] != N - 1)
    printf("wg: count %d and max %d, expected %d and %d\n", cnt[0], cnt[1], N, N - 1), failures++;
  if (big != want_big)
    printf("wg: i64 sum %lld, expected %lld\n", (long long)big, (long long)want_big), failures++;
  if (half[0] != 0x63d0 || half[1] != 0x1234) /* 1000.0 in fp16 */
    printf("wg: fp16 words %#x %#x, expected 0x63d0 0x1234\n", half[0], half[1]), failures++;
  kcc_buffer_destroy(bx), kcc_buffer_destroy(bs), kcc_buffer_destroy(bc);
  kcc_buffer_destroy(bb), kcc_buffer_destroy(bh);
}

/* 32 threads: guarded signed division (zero divisor, INT_MIN / -1), fp16 and bf16 products
 * rounded to nearest even (ties), a while loop with two carried values; the kernel prints one
 * line and thread 31 fails an assertion (both checked by the test on the output). */
static void run_mix(KccDeviceHandle *dev, const char *src, size_t len) {
  enum { T = 32 };
  int32_t x[T], y[T], q[T], r[T], f[T], cnt[T];
  for (int i = 0; i < T; i++) {
    x[i] = (i * 7919) % 201 - 100;
    y[i] = i % 9 - 4; /* -4..4, zeros included */
  }
  x[3] = INT32_MIN, y[3] = -1;
  x[5] = 7, y[5] = -2;
  uint16_t h = 0x3c01;  /* 1 + 2^-10: times 3 is a tie between 0x4201 and 0x4202 */
  uint16_t bf = 0x3f81; /* 1 + 2^-7: times 3 is a tie between 0x4041 and 0x4042 */
  KccBuffer *bx = buffer(dev, x, sizeof x), *by = buffer(dev, y, sizeof y),
            *bq = buffer(dev, x, sizeof q), *br = buffer(dev, x, sizeof r),
            *bf_ = buffer(dev, x, sizeof f), *bh = buffer(dev, &h, sizeof h),
            *bb = buffer(dev, &bf, sizeof bf), *bc = buffer(dev, x, sizeof cnt);
  ok(kcc_test_device_launch(
         dev, src, len, 0, "mixed", 8,
         (const char *[]){"*i32", "*i32", "*i32", "*i32", "*i32", "*fp16", "*bf16", "*i32"},
         (void *[]){&bx, &by, &bq, &br, &bf_, &bh, &bb, &bc}, (unsigned[3]){1, 1, 1},
         (unsigned[3]){T, 1, 1}, 0, &diag),
     "launch mix");
  fflush(stdout);
  read_back(bq, q, sizeof q), read_back(br, r, sizeof r), read_back(bf_, f, sizeof f);
  read_back(bh, &h, sizeof h), read_back(bb, &bf, sizeof bf), read_back(bc, cnt, sizeof cnt);
  for (int i = 0; i < T; i++) {
    int32_t wq = y[i] == 0 ? 0 : y[i] == -1 ? (int32_t)(0u - (uint32_t)x[i]) : x[i] / y[i];
    int32_t wr = y[i] == 0 || y[i] == -1 ? 0 : x[i] % y[i];
    int32_t wf = wq - (wr != 0 && ((wr < 0) != (y[i] < 0)));
    int n = 0;
    for (int64_t v = i + 1; v < 1000; v = 2 * v + 1)
      n++;
    if (q[i] != wq || r[i] != wr || f[i] != wf || cnt[i] != n) {
      printf("mix: thread %d: %d / %d gave q %d r %d floor %d (expected %d %d %d), %d steps "
             "(expected %d)\n",
             i, x[i], y[i], q[i], r[i], f[i], wq, wr, wf, cnt[i], n);
      failures++;
    }
  }
  if (h != 0x4202 || bf != 0x4042)
    printf("mix: fp16 %#x bf16 %#x, expected 0x4202 0x4042\n", h, bf), failures++;
  kcc_buffer_destroy(bx), kcc_buffer_destroy(by), kcc_buffer_destroy(bq);
  kcc_buffer_destroy(br), kcc_buffer_destroy(bf_), kcc_buffer_destroy(bh);
  kcc_buffer_destroy(bb), kcc_buffer_destroy(bc);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: run_cl SOURCE.cl vadd|wg|mix|build\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  static char src[1 << 20];
  size_t len = fread(src, 1, sizeof src - 1, f);
  src[len] = 0;
  fclose(f);
  int count = 0;
  KccStatus st = kcc_device_count("opencl", &count, &diag);
  if (st != KCC_OK || count == 0) {
    const char *why = st != KCC_OK && diag ? diag : "the OpenCL library lists no device";
    if (strncmp(why, "kcc: error: ", 12) == 0) why += 12;
    printf("skipped: no OpenCL device (%.*s)\n", (int)strcspn(why, "\n"), why);
    return 0;
  }
  KccDeviceHandle *dev = NULL;
  ok(kcc_device_open("opencl", 0, &dev, &diag), "kcc_device_open");
  if (!dev) return 1;
  char *bin = NULL;
  size_t bin_size = 0;
  if (strcmp(argv[2], "build") == 0)
    ok(kcc_test_device_program_binary(dev, src, &bin, &bin_size, &diag), "building the source");
  else if (strcmp(argv[2], "vadd") == 0)
    run_vadd(dev, src, len);
  else if (strcmp(argv[2], "wg") == 0)
    run_wg(dev, src, len);
  else if (strcmp(argv[2], "mix") == 0)
    run_mix(dev, src, len);
  else
    return fprintf(stderr, "run_cl: unknown test '%s'\n", argv[2]), 2;
  kcc_free(bin);
  kcc_device_destroy(dev);
  if (failures == 0) printf("%s: ok\n", argv[2]);
  return failures != 0;
}

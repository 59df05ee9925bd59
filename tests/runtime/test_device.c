/*
 * test_device.c - devices, buffers and the device launch (runtime/device.c, runtime/driver*.c)
 * through the public API of kcc.h, plus the test-only hooks kcc_test_device_launch /
 * kcc_test_device_program_binary, with OpenCL C kernels written by hand (no OpenCL compiler in
 * kcc yet).
 *
 * Usage:
 *   test_device                  the "cpu" device (always), then the first OpenCL device; without
 *                                an OpenCL library or device it prints
 *                                "skipped: no OpenCL device (<reason>)" and still passes
 *   test_device --no-opencl      expects OpenCL to be unusable (run with $KCC_OPENCL_LIB naming a
 *                                missing library, or $OCL_ICD_VENDORS an empty directory) and
 *                                prints the error
 * Every error the test provokes is printed after "expected: ", so the log shows what a
 * user would see. Ends with "test_device: ok".
 */
#include "kcc/kcc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TEST-ONLY hooks exported by libkcc (runtime/device.c); not part of kcc.h. */
KccStatus kcc_test_device_launch(KccDeviceHandle *dev, const char *program, size_t size, int binary,
                                 const char *kernel, int nparams, const char *const *types,
                                 void *const *args, const unsigned grid[3], const unsigned local[3],
                                 size_t local_bytes, char **diag);
KccStatus kcc_test_device_program_binary(KccDeviceHandle *dev, const char *source, char **binary,
                                         size_t *size, char **diag);

#include "expect.h" /* EXPECT_ERR, OK; CHECK and `failures` (check.h) */

/* ---- kernels ----------------------------------------------------------------------------------
 */
static const char ADD_SRC[] =
    "__kernel void add(__global const float *x, __global const float *y, __global float *out,\n"
    "                  int n) {\n"
    "  size_t i = get_global_id(0);\n"
    "  if (i < (size_t)n) out[i] = x[i] + y[i]; /* the tail of the last workgroup is masked */\n"
    "}\n";

static const char SUM_SRC[] =
    /* a workgroup reduction through dynamic __local memory (a trailing argument) */
    "__kernel void block_sum(__global const float *x, __global float *out, int n,\n"
    "                        __local float *scratch) {\n"
    "  size_t l = get_local_id(0), g = get_global_id(0);\n"
    "  scratch[l] = g < (size_t)n ? x[g] : 0.0f;\n"
    "  barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {\n"
    "    if (l < s) scratch[l] += scratch[l + s];\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  }\n"
    "  if (l == 0) out[get_group_id(0)] = scratch[0];\n"
    "}\n"
    /* the same with a static __local array, as a SIMT lowering emits it */
    "__kernel void block_max(__global const int *x, __global int *out, int n) {\n"
    "  __local int tmp[64];\n"
    "  size_t l = get_local_id(0), g = get_global_id(0);\n"
    "  tmp[l] = g < (size_t)n ? x[g] : -2147483647 - 1;\n"
    "  barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  for (size_t s = 32; s > 0; s >>= 1) {\n"
    "    if (l < s) tmp[l] = max(tmp[l], tmp[l + s]);\n"
    "    barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  }\n"
    "  if (l == 0) out[get_group_id(0)] = tmp[0];\n"
    "}\n"
    /* two dimensions and scalars of several sizes */
    "__kernel void grid2d(__global long *out, int width, long base, float scale) {\n"
    "  size_t x = get_global_id(0), y = get_global_id(1);\n"
    "  out[y * (size_t)width + x] = base + (long)(scale * (float)(x + 1000 * y));\n"
    "}\n";

static const char BAD_SRC[] = "__kernel void bad(__global float *x) { x[0] = undefined_name; }\n";

/* ---- any machine: the cpu device and bad handles -----------------------------------------------
 */
static void test_cpu(void) {
  char *diag = NULL;
  KccDeviceHandle *dev = NULL, *none = NULL;
  EXPECT_ERR(kcc_device_open("cuda9", 0, &none, &diag), KCC_ERR_USAGE,
             "unknown device target 'cuda9'|cpu, opencl");
  CHECK(none == NULL);
  EXPECT_ERR(kcc_device_open(NULL, 0, &none, &diag), KCC_ERR_USAGE, "target is NULL");
  EXPECT_ERR(kcc_device_open("cpu", 0, NULL, &diag), KCC_ERR_USAGE, "out is NULL");
  EXPECT_ERR(kcc_device_open("cpu", -1, &none, &diag), KCC_ERR_USAGE, "index -1 is negative");
  EXPECT_ERR(kcc_device_open("cpu", 1, &none, &diag), KCC_ERR_RUNTIME, "index 1 is out of range");
  int count = -1;
  OK(kcc_device_count("cpu", &count, &diag));
  CHECK(count == 1);
  EXPECT_ERR(kcc_device_count("cpu", NULL, &diag), KCC_ERR_USAGE, "count is NULL");

  OK(kcc_device_open("cpu", 0, &dev, &diag));
  if (!dev) return;
  CHECK(strcmp(kcc_device_name(dev), "host") == 0);
  int64_t v = 0;
  OK(kcc_device_query(dev, "max-workgroup-size", &v, &diag));
  CHECK(v == 1);
  OK(kcc_device_query(dev, "compute-units", &v, &diag));
  CHECK(v >= 1);
  EXPECT_ERR(kcc_device_query(dev, "warp", &v, &diag), KCC_ERR_USAGE,
             "unknown device query 'warp'|max-workgroup-size");

  KccBuffer *buf = NULL;
  EXPECT_ERR(kcc_buffer_create(dev, 0, &buf, &diag), KCC_ERR_USAGE, "0 bytes");
  EXPECT_ERR(kcc_buffer_create(NULL, 16, &buf, &diag), KCC_ERR_USAGE, "device handle is NULL");
  OK(kcc_buffer_create(dev, 64, &buf, &diag));
  CHECK(kcc_buffer_size(buf) == 64);
  int32_t in[16], out[16];
  for (int i = 0; i < 16; i++)
    in[i] = i * 7 - 3;
  OK(kcc_buffer_write(buf, 0, in, sizeof in, &diag));
  memset(out, 0, sizeof out);
  OK(kcc_buffer_read(buf, 8, out, 56, &diag));
  CHECK(memcmp(out, in + 2, 56) == 0);
  OK(kcc_buffer_read(buf, 64, out, 0, &diag)); /* empty copy at the end */
  EXPECT_ERR(kcc_buffer_read(buf, 8, out, 64, &diag), KCC_ERR_USAGE,
             "64 bytes at offset 8 is past the end of the buffer (64 bytes)");
  EXPECT_ERR(kcc_buffer_write(buf, SIZE_MAX, in, 2, &diag), KCC_ERR_USAGE, "past the end");
  EXPECT_ERR(kcc_buffer_write(buf, 0, NULL, 4, &diag), KCC_ERR_USAGE, "host pointer is NULL");
  EXPECT_ERR(kcc_buffer_read(NULL, 0, out, 4, &diag), KCC_ERR_USAGE, "buffer handle is NULL");
  EXPECT_ERR(kcc_buffer_write((KccBuffer *)in, 0, in, 4, &diag), KCC_ERR_USAGE,
             "not a live buffer");
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 0, NULL, NULL,
                                    (unsigned[3]){1, 1, 1}, (unsigned[3]){1, 1, 1}, 0, &diag),
             KCC_ERR_RUNTIME, "cpu device builds no programs");

  kcc_buffer_destroy(buf);
  EXPECT_ERR(kcc_buffer_read(buf, 0, out, 4, &diag), KCC_ERR_USAGE, "not a live buffer");
  CHECK(kcc_buffer_size(buf) == 0);
  kcc_buffer_destroy(buf); /* twice: nothing */

  /* Many handles: the set of live handles grows, and is rehashed as tombstones pile up. */
  enum { MANY = 5000 };
  KccBuffer **many = calloc(MANY, sizeof *many);
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < MANY; i++)
      OK(kcc_buffer_create(dev, 1 + i % 7, &many[i], &diag));
    for (int i = 0; i < MANY; i += 2)
      kcc_buffer_destroy(many[i]);
    for (int i = 0; i < MANY; i++)
      CHECK(kcc_buffer_size(many[i]) == (i % 2 ? 1 + (size_t)i % 7 : 0));
    for (int i = 1; i < MANY; i += 2)
      kcc_buffer_destroy(many[i]);
  }
  free(many);

  /* Destroying the device destroys its buffers. */
  KccBuffer *b2 = NULL;
  OK(kcc_buffer_create(dev, 8, &b2, &diag));
  kcc_device_destroy(dev);
  EXPECT_ERR(kcc_buffer_write(b2, 0, in, 4, &diag), KCC_ERR_USAGE, "not a live buffer");
  CHECK(kcc_device_name(dev) == NULL);
  EXPECT_ERR(kcc_device_query(dev, "fp64", &v, &diag), KCC_ERR_USAGE, "not a live device");
  EXPECT_ERR(kcc_buffer_create(dev, 8, &buf, &diag), KCC_ERR_USAGE, "not a live device");
  kcc_device_destroy(dev);
  kcc_device_destroy(NULL);
  kcc_buffer_destroy(NULL);
}

/* ---- OpenCL -----------------------------------------------------------------------------------
 */
typedef struct AddRun {
  KccDeviceHandle *dev;
  int n, seed, ok;
} AddRun;

/* out = x + y over n elements with workgroups of 64 (the last one partly masked). */
static int run_add(KccDeviceHandle *dev, int n, int seed, const char *program, size_t size,
                   int binary) {
  char *diag = NULL;
  float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *o = malloc(n * sizeof *o);
  for (int i = 0; i < n; i++)
    x[i] = (float)(i + seed), y[i] = (float)(2 * i - seed), o[i] = -1;
  KccBuffer *bx = NULL, *by = NULL, *bo = NULL;
  OK(kcc_buffer_create(dev, n * sizeof *x, &bx, &diag));
  OK(kcc_buffer_create(dev, n * sizeof *x, &by, &diag));
  OK(kcc_buffer_create(dev, (n + 64) * sizeof *x, &bo, &diag)); /* room past n: must stay */
  OK(kcc_buffer_write(bx, 0, x, n * sizeof *x, &diag));
  OK(kcc_buffer_write(by, 0, y, n * sizeof *y, &diag));
  float sentinel[64];
  for (int i = 0; i < 64; i++)
    sentinel[i] = 12345.0f;
  OK(kcc_buffer_write(bo, n * sizeof *o, sentinel, sizeof sentinel, &diag));
  const char *types[] = {"*fp32", "*fp32", "*fp32", "i32"};
  void *args[] = {&bx, &by, &bo, &n};
  unsigned grid[3] = {(unsigned)(n + 63) / 64, 1, 1};
  OK(kcc_test_device_launch(dev, program, size, binary, "add", 4, types, args, grid,
                            (unsigned[3]){64, 1, 1}, 0, &diag));
  OK(kcc_buffer_read(bo, 0, o, n * sizeof *o, &diag));
  OK(kcc_buffer_read(bo, n * sizeof *o, sentinel, sizeof sentinel, &diag));
  int ok = 1;
  for (int i = 0; i < n; i++)
    ok &= o[i] == x[i] + y[i];
  for (int i = 0; i < 64; i++)
    ok &= sentinel[i] == 12345.0f;
  kcc_buffer_destroy(bx), kcc_buffer_destroy(by), kcc_buffer_destroy(bo);
  free(x), free(y), free(o);
  return ok;
}

static void *add_thread(void *p) {
  AddRun *r = p;
  r->ok = 1;
  for (int i = 0; i < 10; i++)
    r->ok &= run_add(r->dev, r->n + i, r->seed + i, ADD_SRC, sizeof ADD_SRC - 1, 0);
  return NULL;
}

static void test_reductions(KccDeviceHandle *dev) {
  char *diag = NULL;
  enum { N = 1000, G = (N + 63) / 64 };
  float x[N], sums[G];
  int32_t xi[N], maxes[G];
  for (int i = 0; i < N; i++)
    x[i] = (float)(i % 17), xi[i] = (i * 7919) % 1009 - 500;
  KccBuffer *bx = NULL, *bs = NULL, *bxi = NULL, *bm = NULL;
  OK(kcc_buffer_create(dev, sizeof x, &bx, &diag));
  OK(kcc_buffer_create(dev, sizeof sums, &bs, &diag));
  OK(kcc_buffer_create(dev, sizeof xi, &bxi, &diag));
  OK(kcc_buffer_create(dev, sizeof maxes, &bm, &diag));
  OK(kcc_buffer_write(bx, 0, x, sizeof x, &diag));
  OK(kcc_buffer_write(bxi, 0, xi, sizeof xi, &diag));
  int n = N;
  OK(kcc_test_device_launch(dev, SUM_SRC, sizeof SUM_SRC - 1, 0, "block_sum", 3,
                            (const char *[]){"*fp32", "*fp32", "i32"}, (void *[]){&bx, &bs, &n},
                            (unsigned[3]){G, 1, 1}, (unsigned[3]){64, 1, 1}, 64 * sizeof(float),
                            &diag));
  OK(kcc_test_device_launch(dev, SUM_SRC, sizeof SUM_SRC - 1, 0, "block_max", 3,
                            (const char *[]){"*i32", "*i32", "i32"}, (void *[]){&bxi, &bm, &n},
                            (unsigned[3]){G, 1, 1}, (unsigned[3]){64, 1, 1}, 0, &diag));
  OK(kcc_buffer_read(bs, 0, sums, sizeof sums, &diag));
  OK(kcc_buffer_read(bm, 0, maxes, sizeof maxes, &diag));
  for (int g = 0; g < G; g++) {
    float s = 0;
    int32_t m = INT32_MIN;
    for (int i = g * 64; i < N && i < g * 64 + 64; i++)
      s += x[i], m = xi[i] > m ? xi[i] : m;
    CHECK(sums[g] == s);
    CHECK(maxes[g] == m);
  }

  /* Two dimensions, scalars of 4 and 8 bytes. */
  enum { W = 16, H = 6 };
  int64_t out[W * H];
  KccBuffer *bo = NULL;
  OK(kcc_buffer_create(dev, sizeof out, &bo, &diag));
  int width = W;
  int64_t base = 1ll << 40;
  float scale = 2.0f;
  OK(kcc_test_device_launch(dev, SUM_SRC, sizeof SUM_SRC - 1, 0, "grid2d", 4,
                            (const char *[]){"*i64", "i32", "i64", "fp32"},
                            (void *[]){&bo, &width, &base, &scale}, (unsigned[3]){4, 3, 1},
                            (unsigned[3]){4, 2, 1}, 0, &diag));
  OK(kcc_buffer_read(bo, 0, out, sizeof out, &diag));
  for (int y = 0; y < H; y++)
    for (int xx = 0; xx < W; xx++)
      CHECK(out[y * W + xx] == base + 2 * (xx + 1000 * y));
  kcc_buffer_destroy(bx), kcc_buffer_destroy(bs), kcc_buffer_destroy(bxi);
  kcc_buffer_destroy(bm), kcc_buffer_destroy(bo);
}

static void test_opencl_errors(KccDeviceHandle *dev) {
  char *diag = NULL;
  int64_t maxwg = 0, local_mem = 0, maxbuf = 0;
  OK(kcc_device_query(dev, "max-workgroup-size", &maxwg, &diag));
  OK(kcc_device_query(dev, "local-memory-bytes", &local_mem, &diag));
  OK(kcc_device_query(dev, "max-buffer-bytes", &maxbuf, &diag));
  CHECK(maxwg >= 1 && local_mem > 0 && maxbuf > 0);
  KccBuffer *b = NULL, *big = NULL;
  OK(kcc_buffer_create(dev, 256, &b, &diag));
  EXPECT_ERR(kcc_buffer_create(dev, (size_t)maxbuf + 1, &big, &diag), KCC_ERR_USAGE,
             "exceeds the largest buffer of");
  EXPECT_ERR(kcc_buffer_read(b, 200, (char[64]){0}, 64, &diag), KCC_ERR_USAGE,
             "past the end of the buffer (256 bytes)");
  int n = 64;
  const char *types[] = {"*fp32", "*fp32", "*fp32", "i32"};
  void *args[] = {&b, &b, &b, &n};
  const unsigned one[3] = {1, 1, 1}, l64[3] = {64, 1, 1};

  EXPECT_ERR(kcc_test_device_launch(dev, BAD_SRC, sizeof BAD_SRC - 1, 0, "bad", 1, types, args, one,
                                    one, 0, &diag),
             KCC_ERR_RUNTIME, "does not build|CL_BUILD_PROGRAM_FAILURE|undefined_name");
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "nope", 4, types, args,
                                    one, l64, 0, &diag),
             KCC_ERR_RUNTIME, "no kernel 'nope'|CL_INVALID_KERNEL_NAME|(kernels: add)");
  /* Too few arguments (a kernel object keeps the ones of its last launch, so OpenCL would not
   * notice), and a scalar of the wrong size: the driver's own error, by name. */
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 3, types, args, one,
                                    l64, 0, &diag),
             KCC_ERR_USAGE, "kernel 'add' takes 4 arguments, 3 given");
  int64_t n64 = 64;
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4,
                                    (const char *[]){"*fp32", "*fp32", "*fp32", "i64"},
                                    (void *[]){&b, &b, &b, &n64}, one, l64, 0, &diag),
             KCC_ERR_RUNTIME,
             "OpenCL clSetKernelArg failed: CL_INVALID_ARG_SIZE (argument 3 of 4, 8 bytes)");
  unsigned huge[3] = {(unsigned)maxwg * 2, 1, 1};
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types, args, one,
                                    huge, 0, &diag),
             KCC_ERR_USAGE, "exceeds the limit of");
  unsigned square[3] = {64, (unsigned)(maxwg / 64) * 2, 1};
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types, args, one,
                                    square, 0, &diag),
             KCC_ERR_USAGE, "exceeds the maximum workgroup size of");
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types, args, one,
                                    (unsigned[3]){64, 0, 1}, 0, &diag),
             KCC_ERR_USAGE, "local size 64x0x1");
  EXPECT_ERR(kcc_test_device_launch(dev, SUM_SRC, sizeof SUM_SRC - 1, 0, "block_sum", 3, types,
                                    args, one, l64, (size_t)local_mem + 1, &diag),
             KCC_ERR_USAGE, "bytes of local memory per workgroup exceed");
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4,
                                    (const char *[]){"*fp32", "*fp32", "*fp32", "int"}, args, one,
                                    l64, 0, &diag),
             KCC_ERR_USAGE, "argument 3: unknown type 'int'");
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types,
                                    (void *[]){&b, &b, NULL, &n}, one, l64, 0, &diag),
             KCC_ERR_USAGE, "argument 2 (*fp32): the argument pointer is NULL");
  float not_a_buffer[4];
  void *pnb = not_a_buffer;
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types,
                                    (void *[]){&b, &pnb, &b, &n}, one, l64, 0, &diag),
             KCC_ERR_USAGE, "argument 1 (*fp32)|is not a live buffer");
  KccDeviceHandle *cpu = NULL;
  KccBuffer *hb = NULL;
  OK(kcc_device_open("cpu", 0, &cpu, &diag));
  OK(kcc_buffer_create(cpu, 256, &hb, &diag));
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types,
                                    (void *[]){&b, &hb, &b, &n}, one, l64, 0, &diag),
             KCC_ERR_USAGE, "belongs to another device");
  kcc_device_destroy(cpu);
  /* An empty grid runs nothing (but the kernel is still looked up). */
  float marker[4] = {7, 7, 7, 7}, back[4];
  OK(kcc_buffer_write(b, 0, marker, sizeof marker, &diag));
  OK(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types, args,
                            (unsigned[3]){0, 1, 1}, l64, 0, &diag));
  OK(kcc_buffer_read(b, 0, back, sizeof back, &diag));
  CHECK(memcmp(back, marker, sizeof back) == 0);
  kcc_buffer_destroy(b);
  EXPECT_ERR(kcc_test_device_launch(dev, ADD_SRC, sizeof ADD_SRC - 1, 0, "add", 4, types, args, one,
                                    l64, 0, &diag),
             KCC_ERR_USAGE, "argument 0 (*fp32)|is not a live buffer");
}

static void test_opencl(void) {
  char *diag = NULL;
  int count = opencl_devices_or_skip();
  if (!count) return;
  KccDeviceHandle *dev = NULL;
  OK(kcc_device_open("opencl", 0, &dev, &diag));
  if (!dev) return;
  int64_t wg = 0, lm = 0, sg = 0, fp16 = 0, fp64 = 0;
  OK(kcc_device_query(dev, "max-workgroup-size", &wg, &diag));
  OK(kcc_device_query(dev, "local-memory-bytes", &lm, &diag));
  OK(kcc_device_query(dev, "subgroup-size", &sg, &diag));
  OK(kcc_device_query(dev, "fp16", &fp16, &diag));
  OK(kcc_device_query(dev, "fp64", &fp64, &diag));
  printf("opencl device 0 of %d: %s (max workgroup %lld, local memory %lld, subgroup %lld, fp16 "
         "%lld, fp64 %lld)\n",
         count, kcc_device_name(dev), (long long)wg, (long long)lm, (long long)sg, (long long)fp16,
         (long long)fp64);
  EXPECT_ERR(kcc_device_open("opencl", count, &(KccDeviceHandle *){NULL}, &diag), KCC_ERR_RUNTIME,
             "is out of range");

  CHECK(run_add(dev, 1000, 3, ADD_SRC, sizeof ADD_SRC - 1, 0));
  CHECK(run_add(dev, 64, 5, ADD_SRC, sizeof ADD_SRC - 1, 0)); /* no tail */
  CHECK(run_add(dev, 1, 7, ADD_SRC, sizeof ADD_SRC - 1, 0));
  test_reductions(dev);

  /* The program binary, built back into a working program. */
  char *bin = NULL;
  size_t nbin = 0;
  OK(kcc_test_device_program_binary(dev, ADD_SRC, &bin, &nbin, &diag));
  CHECK(bin && nbin > 0);
  if (bin) CHECK(run_add(dev, 300, 11, bin, nbin, 1));
  kcc_free(bin);
  EXPECT_ERR(kcc_test_device_launch(dev, "garbage", 7, 1, "add", 0, NULL, NULL,
                                    (unsigned[3]){1, 1, 1}, (unsigned[3]){1, 1, 1}, 0, &diag),
             KCC_ERR_RUNTIME, "CL_INVALID_BINARY");

  /* Launches from several threads on one device. */
  AddRun runs[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    runs[i] = (AddRun){dev, 500 + 37 * i, 100 * i, 0};
    pthread_create(&th[i], NULL, add_thread, &runs[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    CHECK(runs[i].ok);
  }
  test_opencl_errors(dev);
  kcc_device_destroy(dev);
  printf("opencl: ok\n");
}

/* OpenCL must be unusable here: an error or no device, never a crash. */
static void test_no_opencl(void) {
  char *diag = NULL;
  int count = -1;
  KccStatus st = kcc_device_count("opencl", &count, &diag);
  printf("count: status %d, %d devices\n", st, count);
  kcc_free(diag);
  diag = NULL;
  KccDeviceHandle *dev = NULL;
  st = kcc_device_open("opencl", 0, &dev, &diag);
  CHECK(st == KCC_ERR_RUNTIME && dev == NULL);
  printf("open: %s", diag ? diag : "(no message)\n");
  kcc_free(diag);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 1 && strcmp(argv[1], "--no-opencl") == 0) {
    test_no_opencl();
  } else {
    test_cpu();
    test_opencl();
  }
  if (failures) {
    fprintf(stderr, "test_device: %d failures\n", failures);
    return 1;
  }
  printf("test_device: ok\n");
  return 0;
}

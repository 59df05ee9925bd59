/*
 * test_simt.c - kcc_launch / kcc_launch_sized / kcc_launch_on of device (SIMT) kernels, with
 * source artefacts written by hand (OpenCL C behind the "kcc-meta 1" comment, as `kcc -t opencl`
 * writes them) and loaded with kcc_kernel_load: buffers, scalars of every signature width, the
 * errors of kcc.h's "Device kernels", and the program-binary cache.
 *
 * Usage: test_simt DIR [--expect-cached]
 *   writes the artefacts into DIR and runs them on OpenCL device 0 (the kernel cache is
 *   $KCC_CACHE_DIR). Without --expect-cached the first launch of each kernel in this process
 *   builds from source, and a second kernel object loaded from the same file takes the binary
 *   from the cache; with it (a second process on the same cache) nothing is built from source.
 *   Without an OpenCL device it prints "skipped: no OpenCL device (<reason>)" and passes.
 * Every error the test provokes is printed after "expected: ". Ends with "test_simt: ok".
 */
#include "kcc/kcc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TEST-ONLY hook exported by libkcc (runtime/launch.c): binaries taken from the cache, programs
 * built from source, binaries stored. */
void kcc_test_simt_counts(int64_t out[3]);

#include "expect.h" /* EXPECT_ERR, OK; CHECK and `failures` (check.h) */

/* ---- artefacts --------------------------------------------------------------------------------
 * What the SIMT lowering emits for `pid = tl.program_id(0); offs = pid * 64 + tl.arange(0, 64);
 * mask = offs < n; tl.store(out + offs, tl.load(x + offs, mask) + tl.load(y + offs, mask), mask)`
 * with 64 threads per program (num_warps 2 x warp size 32). */
static const char ADD_CL[] = "/* kcc-meta 1\n"
                             "kernel add\n"
                             "param x_ptr *fp32\n"
                             "param y_ptr *fp32\n"
                             "param out_ptr *fp32\n"
                             "param n i32\n"
                             "threads 64\n"
                             "shared 0\n"
                             "writes out_ptr\n"
                             "end\n"
                             "*/\n"
                             "__kernel void add(__global const float *x_ptr, __global const float "
                             "*y_ptr, __global float *out_ptr, int n) {\n"
                             "  int offs = (int)get_group_id(0) * 64 + (int)get_local_id(0);\n"
                             "  if (offs < n) out_ptr[offs] = x_ptr[offs] + y_ptr[offs];\n"
                             "}\n";

/* One scalar of every signature type, stored as 64-bit patterns by thread 0 (fp16/bf16 travel
 * as their bits, i1 as a byte 0/1). */
static const char SCALARS_CL[] =
    "/* kcc-meta 1\n"
    "kernel scalars\n"
    "param out *i64\n"
    "param a i1\n"
    "param b i8\n"
    "param c i16\n"
    "param d i32\n"
    "param e i64\n"
    "param f u8\n"
    "param g u16\n"
    "param h u32\n"
    "param i u64\n"
    "param j fp16\n"
    "param k bf16\n"
    "param l fp32\n"
    "param m fp64\n"
    "threads 4\n"
    "shared 0\n"
    "writes out\n"
    "end\n"
    "*/\n"
    "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
    "__kernel void scalars(__global long *out, uchar a, char b, short c, int d, long e, uchar f,\n"
    "                      ushort g, uint h, ulong i, ushort j, ushort k, float l, double m) {\n"
    "  if (get_local_id(0) != 0) return;\n"
    "  out[0] = a; out[1] = b; out[2] = c; out[3] = d; out[4] = e; out[5] = f; out[6] = g;\n"
    "  out[7] = h; out[8] = (long)i; out[9] = j; out[10] = k; out[11] = (long)(l * 4.0f);\n"
    "  out[12] = (long)(m * 8.0);\n"
    "  out[13] = (long)(vload_half(0, (__private half *)&j) * 2.0f);\n"
    "}\n";

static const char BAD_CL[] = "/* kcc-meta 1\nkernel bad\nparam x *fp32\nthreads 1\nend\n*/\n"
                             "__kernel void bad(__global float *x) { x[0] = undefined_name; }\n";

/* ---- tests ------------------------------------------------------------------------------------
 */
static int run_add(KccKernel *k, KccDeviceHandle *dev, int n) {
  char *diag = NULL;
  size_t bytes = sizeof(float) * (size_t)n;
  float *x = malloc(bytes), *y = malloc(bytes), *out = malloc(bytes);
  for (int i = 0; i < n; i++)
    x[i] = (float)i, y[i] = 0.5f * (float)i, out[i] = -1;
  KccBuffer *bx = NULL, *by = NULL, *bo = NULL;
  OK(kcc_buffer_create(dev, bytes, &bx, &diag));
  OK(kcc_buffer_create(dev, bytes, &by, &diag));
  OK(kcc_buffer_create(dev, bytes, &bo, &diag));
  OK(kcc_buffer_write(bx, 0, x, bytes, &diag));
  OK(kcc_buffer_write(by, 0, y, bytes, &diag));
  OK(kcc_buffer_write(bo, 0, out, bytes, &diag));
  int32_t nn = n;
  void *args[] = {&bx, &by, &bo, &nn};
  unsigned grid[3] = {(unsigned)(n + 63) / 64, 1, 1};
  OK(kcc_launch(k, grid, args, &diag));
  OK(kcc_buffer_read(bo, 0, out, bytes, &diag));
  int bad = 0;
  for (int i = 0; i < n; i++)
    bad += out[i] != 1.5f * (float)i;
  kcc_buffer_destroy(bx), kcc_buffer_destroy(by), kcc_buffer_destroy(bo);
  free(x), free(y), free(out);
  return bad == 0;
}

static void test_scalars(KccKernel *k, KccDeviceHandle *dev) {
  char *diag = NULL;
  KccBuffer *bo = NULL;
  OK(kcc_buffer_create(dev, 14 * 8, &bo, &diag));
  uint8_t a = 1, f = 250;
  int8_t b = -100;
  int16_t c = -30000;
  int32_t d = -2000000000;
  int64_t e = -9000000000000000000ll;
  uint16_t g = 65000, j = 0x3e00 /* 1.5 in fp16 */, kk = 0x4040 /* 3.0 in bf16 */;
  uint32_t h = 4000000000u;
  uint64_t i = 0x8000000000000001ull;
  float l = 2.25f;
  double m = -1.125;
  void *args[] = {&bo, &a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &kk, &l, &m};
  OK(kcc_launch(k, (unsigned[3]){1, 1, 1}, args, &diag));
  int64_t out[14] = {0};
  OK(kcc_buffer_read(bo, 0, out, sizeof out, &diag));
  const int64_t want[14] = {1,          -100,   -30000, -2000000000, e,  250, 65000, 4000000000ll,
                            (int64_t)i, 0x3e00, 0x4040, 9,           -9, 3};
  for (int n = 0; n < 14; n++)
    if (out[n] != want[n]) {
      fprintf(stderr, "scalars: slot %d is %lld, expected %lld\n", n, (long long)out[n],
              (long long)want[n]);
      failures++;
    }
  kcc_buffer_destroy(bo);
}

static void test_errors(KccKernel *add, KccDeviceHandle *dev, const char *dir) {
  char *diag = NULL;
  KccBuffer *bx = NULL, *small = NULL;
  OK(kcc_buffer_create(dev, 256, &bx, &diag));
  OK(kcc_buffer_create(dev, 16, &small, &diag));
  int32_t n = 64;
  unsigned g1[3] = {1, 1, 1};
  KccBuffer *none = NULL;
  void *a_null[] = {&bx, &none, &bx, &n};
  EXPECT_ERR(kcc_launch(add, g1, a_null, &diag), KCC_ERR_USAGE,
             "argument 1 ('y_ptr') of kernel 'add' is a NULL buffer|KccBuffer *");
  float host[64];
  float *hp = host;
  void *a_host[] = {&bx, &bx, &hp, &n};
  EXPECT_ERR(kcc_launch(add, g1, a_host, &diag), KCC_ERR_USAGE,
             "argument 2 ('out_ptr') of kernel 'add' is not a live KccBuffer|never host memory");

  /* Two handles of one device are two devices for buffers. */
  KccDeviceHandle *dev2 = NULL;
  KccBuffer *other = NULL;
  OK(kcc_device_open("opencl", 0, &dev2, &diag));
  OK(kcc_buffer_create(dev2, 256, &other, &diag));
  void *a_mixed[] = {&bx, &other, &bx, &n};
  EXPECT_ERR(kcc_launch(add, g1, a_mixed, &diag), KCC_ERR_USAGE,
             "argument 1 ('y_ptr') of kernel 'add' is a buffer of device|that of argument 0 "
             "('x_ptr')|must belong to one device");
  void *a_ok[] = {&bx, &bx, &bx, &n};
  EXPECT_ERR(kcc_launch_on(add, dev2, g1, a_ok, NULL, &diag), KCC_ERR_USAGE,
             "argument 0 ('x_ptr')|the device given");
  OK(kcc_launch_on(add, dev, g1, a_ok, NULL, &diag));

  /* Sizes: the buffer must hold what the caller says the kernel addresses. */
  void *a_small[] = {&bx, &bx, &small, &n};
  int64_t sizes[4] = {256, -1, 256, -1};
  EXPECT_ERR(kcc_launch_sized(add, g1, a_small, sizes, &diag), KCC_ERR_USAGE,
             "argument 2 ('out_ptr') of kernel 'add': the buffer holds 16 bytes, but the launch "
             "says the kernel addresses 256");
  sizes[2] = 16;
  int32_t four = 4;
  void *a_small4[] = {&bx, &bx, &small, &four};
  OK(kcc_launch_sized(add, g1, a_small4, sizes, &diag));

  /* A device of another family, and a CPU kernel on an OpenCL device. */
  KccDeviceHandle *cpu = NULL;
  KccBuffer *hb = NULL;
  OK(kcc_device_open("cpu", 0, &cpu, &diag));
  OK(kcc_buffer_create(cpu, 256, &hb, &diag));
  void *a_cpu[] = {&hb, &hb, &hb, &n};
  EXPECT_ERR(kcc_launch(add, g1, a_cpu, &diag), KCC_ERR_USAGE,
             "kernel 'add' runs on opencl devices, and 'host' is a cpu device");
  EXPECT_ERR(kcc_launch_on(add, cpu, g1, a_ok, NULL, &diag), KCC_ERR_USAGE,
             "argument 0 ('x_ptr')|the device given");
  kcc_device_destroy(cpu);
  EXPECT_ERR(kcc_launch(add, (unsigned[3]){1u << 31, 1, 1}, a_ok, &diag), KCC_ERR_USAGE,
             "more than 2^31-1");
  OK(kcc_launch(add, (unsigned[3]){0, 1, 1}, a_ok, &diag)); /* empty grid: nothing */

  /* A source that does not build: its build log; a bad artefact file. */
  char path[4200];
  KccKernel *bad = NULL;
  write_file(dir, "bad.cl", BAD_CL, path, sizeof path);
  OK(kcc_kernel_load(path, NULL, &bad, &diag));
  void *a_bad[] = {&bx};
  EXPECT_ERR(kcc_launch(bad, g1, a_bad, &diag), KCC_ERR_RUNTIME,
             "OpenCL program does not build|undefined_name");
  kcc_kernel_destroy(bad);
  write_file(dir, "broken.cl", "/* kcc-meta 1\nkernel\nend\n*/\n", path, sizeof path);
  EXPECT_ERR(kcc_kernel_load(path, NULL, &bad, &diag), KCC_ERR_RUNTIME,
             "malformed kernel metadata");
  kcc_device_destroy(dev2);
  kcc_buffer_destroy(bx), kcc_buffer_destroy(small);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: test_simt DIR [--expect-cached]\n");
    return 2;
  }
  const char *dir = argv[1];
  bool cached = argc > 2 && strcmp(argv[2], "--expect-cached") == 0;
  char *diag = NULL, add_path[4200], sc_path[4200];
  write_file(dir, "add.cl", ADD_CL, add_path, sizeof add_path);
  write_file(dir, "scalars.cl", SCALARS_CL, sc_path, sizeof sc_path);

  /* Loading needs no device: name, parameters and writes come from the metadata. */
  KccKernel *add = NULL;
  OK(kcc_kernel_load(add_path, NULL, &add, &diag));
  if (!add) return 1;
  CHECK(strcmp(kcc_kernel_name(add), "add") == 0 && kcc_kernel_num_params(add) == 4);
  CHECK(strcmp(kcc_kernel_param_type(add, 0), "*fp32") == 0);
  CHECK(kcc_kernel_param_writes(add, 2) && !kcc_kernel_param_writes(add, 0));
  CHECK(strcmp(kcc_kernel_device_target(add), "opencl") == 0);
  KccKernel *cpu_like = NULL;
  EXPECT_ERR(kcc_kernel_load(add_path, "other", &cpu_like, &diag), KCC_ERR_RUNTIME,
             "no kcc-meta block of kernel other");

  if (!opencl_devices_or_skip()) {
    kcc_kernel_destroy(add);
    printf("test_simt: ok\n");
    return 0;
  }
  KccDeviceHandle *dev = NULL;
  OK(kcc_device_open("opencl", 0, &dev, &diag));
  if (!dev) return 1;
  int64_t c0[3], c1[3], c2[3];
  kcc_test_simt_counts(c0);
  CHECK(run_add(add, dev, 1000));
  CHECK(run_add(add, dev, 64));
  CHECK(run_add(add, dev, 1));
  kcc_test_simt_counts(c1);
  /* one program per kernel and device: from source the first time, else from the cache */
  CHECK(c1[0] - c0[0] + c1[1] - c0[1] == 1);
  CHECK(cached ? c1[0] - c0[0] == 1 : c1[1] - c0[1] == 1);

  /* A second kernel object from the same file (what a second process does): the binary. */
  KccKernel *again = NULL;
  OK(kcc_kernel_load(add_path, "add", &again, &diag));
  if (again) CHECK(run_add(again, dev, 333));
  kcc_test_simt_counts(c2);
  CHECK(c2[0] - c1[0] == 1 && c2[1] == c1[1]);
  printf("program binaries: %lld from the cache, %lld built from source, %lld stored\n",
         (long long)(c2[0] - c0[0]), (long long)(c2[1] - c0[1]), (long long)(c2[2] - c0[2]));
  kcc_kernel_destroy(again);

  int64_t fp64 = 0;
  OK(kcc_device_query(dev, "fp64", &fp64, &diag));
  KccKernel *sc = NULL;
  OK(kcc_kernel_load(sc_path, NULL, &sc, &diag));
  if (sc && fp64)
    test_scalars(sc, dev);
  else
    printf("scalars: skipped (the device has no fp64)\n");
  kcc_kernel_destroy(sc);

  test_errors(add, dev, dir);
  kcc_kernel_destroy(add);
  kcc_device_destroy(dev);
  if (failures) {
    fprintf(stderr, "test_simt: %d failures\n", failures);
    return 1;
  }
  printf("test_simt: ok\n");
  return 0;
}

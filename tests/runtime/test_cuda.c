/*
 * test_cuda.c - the CUDA driver (runtime/driver_cuda.c) and device launches of nvidia artefacts
 * (PTX after the kcc-meta comment) through the public API, against the mock driver
 * (tests/runtime/mock_cuda.c, loaded through $KCC_CUDA_LIB): the driver table, the primary
 * context made current around every call, argument marshalling (each argument's bytes as the mock
 * received them), the dynamic shared memory and its attribute above 48 KiB, caller streams and raw
 * device pointers (kcc_launch_with), wrapped memory (kcc_buffer_wrap), and error names.
 *
 * Usage:
 *   test_cuda MOCK_LIB DIR   with $KCC_CUDA_LIB=MOCK_LIB; DIR: a scratch directory
 *   test_cuda --no-cuda DIR  $KCC_CUDA_LIB / $KCC_HIP_LIB name missing libraries: the errors name
 *                            them; an AMDGPU ELF loads as a kernel of the hip family
 * Every error the test provokes is printed after "expected: ". Ends with "test_cuda: ok".
 */
#include "kcc/kcc.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h" /* EXPECT_ERR, OK; CHECK and `failures` (check.h) */

/* A hand-written nvidia artefact: the kcc-meta comment, then PTX (its body is never run). */
static const char SCALE_PTX[] = "/* kcc-meta 1\n"
                                "kernel scale\n"
                                "param x *fp32\n"
                                "param a fp32\n"
                                "param n i32\n"
                                "param h fp16\n"
                                "param flag i1\n"
                                "threads 128\n"
                                "shared 65536\n"
                                "writes x\n"
                                "end\n"
                                "*/\n"
                                ".version 8.0\n"
                                ".target sm_80\n"
                                ".address_size 64\n"
                                ".extern .shared .align 16 .b8 kcc_shared[];\n"
                                ".visible .entry scale(.param .u64 x, .param .f32 a, "
                                ".param .u32 n, .param .b16 h, .param .u8 flag)\n"
                                "{\n  ret;\n}\n";

static const char BAD_PTX[] =
    "/* kcc-meta 1\nkernel bad\nparam x *fp32\nthreads 32\nshared 0\nend\n"
    "*/\n.version 8.0\n.target sm_80\nmock-jit-error\n";

/* The mock's recorders (mock_cuda.c), from the same mapping kcc loads. */
static const char *(*mock_report)(void);
static void (*mock_fail)(const char *, int);
static int (*mock_depth)(void);
static int *mock_launches, *mock_syncs, *mock_allocs, *mock_frees, *mock_retained, *mock_modules;

static void bind_mock(const char *path) {
  void *h = dlopen(path, RTLD_NOW);
  if (!h) {
    fprintf(stderr, "cannot open the mock %s: %s\n", path, dlerror());
    exit(1);
  }
  *(void **)&mock_report = dlsym(h, "mock_cuda_report");
  *(void **)&mock_fail = dlsym(h, "mock_cuda_fail");
  *(void **)&mock_depth = dlsym(h, "mock_cuda_depth");
  mock_launches = dlsym(h, "mock_cuda_launches");
  mock_syncs = dlsym(h, "mock_cuda_syncs");
  mock_allocs = dlsym(h, "mock_cuda_allocs");
  mock_frees = dlsym(h, "mock_cuda_frees");
  mock_retained = dlsym(h, "mock_cuda_retained");
  mock_modules = dlsym(h, "mock_cuda_modules");
}

/* The mock's record of the last launch must read `want`. */
static void expect_report(int line, const char *want) {
  if (strcmp(mock_report(), want) != 0) {
    fprintf(stderr, "test_cuda.c:%d: the mock recorded\n  %s\nexpected\n  %s\n", line,
            mock_report(), want);
    failures++;
  }
}

/* An AMDGPU code object as far as kcc_kernel_load looks: an ELF64 header with e_machine EM_AMDGPU
 * (224) and, somewhere inside, the kcc-meta bytes of its constant global kcc_meta_NAME. */
static void load_hsaco(const char *dir) {
  unsigned char elf[256] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  elf[16] = 3, elf[18] = 224; /* ET_DYN, EM_AMDGPU */
  static const char meta[] = "kcc-meta 1\nkernel copy\nparam x *fp16\nparam n i32\nthreads 64\n"
                             "shared 4096\nend\n";
  memcpy(elf + 100, meta, sizeof meta);
  char path[1024], *diag = NULL;
  snprintf(path, sizeof path, "%s/copy.hsaco", dir);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(elf, 1, sizeof elf, f) != sizeof elf || fclose(f) != 0) exit(1);
  KccKernel *k = NULL;
  OK(kcc_kernel_load(path, NULL, &k, &diag));
  if (!k) return;
  CHECK(strcmp(kcc_kernel_device_target(k), "hip") == 0);
  CHECK(strcmp(kcc_kernel_name(k), "copy") == 0 && kcc_kernel_num_params(k) == 2);
  CHECK(strcmp(kcc_kernel_param_type(k, 0), "*fp16") == 0);
  kcc_kernel_destroy(k);
}

static void no_cuda(void) {
  char *diag = NULL;
  int n = -1;
  EXPECT_ERR(kcc_device_count("cuda", &n, &diag), KCC_ERR_RUNTIME,
             "cannot load|libcuda|NVIDIA driver");
  KccDeviceHandle *dev = NULL;
  EXPECT_ERR(kcc_device_open("cuda", 0, &dev, &diag), KCC_ERR_RUNTIME, "cannot load|libcuda");
  EXPECT_ERR(kcc_device_count("hip", &n, &diag), KCC_ERR_RUNTIME, "cannot load|libamdhip64");
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--no-cuda") == 0) {
    no_cuda();
    load_hsaco(argv[2]);
  } else if (argc == 3) {
    bind_mock(argv[1]);
    const char *dir = argv[2];
    char *diag = NULL, path[1024];
    int n = 0;
    OK(kcc_device_count("cuda", &n, &diag));
    CHECK(n == 1);
    KccDeviceHandle *dev = NULL;
    EXPECT_ERR(kcc_device_open("cuda", 1, &dev, &diag), KCC_ERR_RUNTIME,
               "CUDA device index 1 is out of range: 1 device found (0..0)");
    OK(kcc_device_open("cuda", 0, &dev, &diag));
    if (!dev) return 1;
    CHECK(*mock_retained == 1);
    CHECK(strcmp(kcc_device_name(dev), "kcc mock GPU 0") == 0);
    int64_t v = 0;
    OK(kcc_device_query(dev, "subgroup-size", &v, &diag));
    CHECK(v == 32);
    OK(kcc_device_query(dev, "local-memory-bytes", &v, &diag));
    CHECK(v == 232448); /* the opt-in limit, not the 48 KiB default */
    OK(kcc_device_query(dev, "compute-units", &v, &diag));
    CHECK(v == 132);

    /* Buffers are the mock's host memory: a round trip. */
    KccBuffer *x = NULL;
    float host[4] = {1, 2, 3, 4}, back[4] = {0};
    OK(kcc_buffer_create(dev, sizeof host, &x, &diag));
    OK(kcc_buffer_write(x, 0, host, sizeof host, &diag));
    OK(kcc_buffer_read(x, 0, back, sizeof back, &diag));
    CHECK(memcmp(host, back, sizeof host) == 0);

    /* A PTX artefact runs on the cuda family. */
    write_file(dir, "scale.ptx", SCALE_PTX, path, sizeof path);
    KccKernel *k = NULL;
    OK(kcc_kernel_load(path, NULL, &k, &diag));
    if (!k) return 1;
    CHECK(strcmp(kcc_kernel_device_target(k), "cuda") == 0);
    float a = 2.5f; /* 0x40200000 */
    int32_t cnt = -2;
    uint16_t h = 0x3c00;
    uint8_t flag = 1;
    void *args[] = {&x, &a, &cnt, &h, &flag};
    unsigned grid[3] = {3, 2, 1};
    int syncs = *mock_syncs;
    OK(kcc_launch(k, grid, args, &diag));
    char want[512], ptr[32];
    /* the buffer's device pointer is the mock's allocation: read it from the mock's record */
    const char *rec = mock_report(), *args_at = strstr(rec, " args ");
    snprintf(ptr, sizeof ptr, "%.16s", args_at ? args_at + 6 : "?");
    snprintf(want, sizeof want,
             "launch scale grid 3x2x1 block 128x1x1 shared 65536 stream (nil) args %s 40200000 "
             "fffffffe 3c00 01",
             ptr);
    expect_report(__LINE__, want);
    CHECK(strtoull(ptr, NULL, 16) != 0);
    CHECK(*mock_syncs == syncs + 1); /* kcc_launch waits */
    CHECK(mock_depth() == 0);        /* every push popped */

    /* kcc_launch_with: the caller's stream (not waited for) and a raw device pointer. */
    void *raw = (void *)(uintptr_t)0x7f00dead0000ull;
    void *rargs[] = {&raw, &a, &cnt, &h, &flag};
    KccLaunchOptions o = {.device = dev, .stream = (void *)0x5eed, .device_pointers = 1};
    unsigned g1[3] = {7, 1, 1};
    OK(kcc_launch_with(k, g1, rargs, &o, &diag));
    expect_report(__LINE__, "launch scale grid 7x1x1 block 128x1x1 shared 65536 stream 0x5eed "
                            "args 00007f00dead0000 40200000 fffffffe 3c00 01");
    CHECK(*mock_syncs == syncs + 1);
    KccLaunchOptions nodev = {.device_pointers = 1};
    EXPECT_ERR(kcc_launch_with(k, g1, rargs, &nodev, &diag), KCC_ERR_USAGE,
               "raw device pointers needs its device");

    /* kcc_buffer_wrap: the caller's memory, passed as it is and never freed by kcc. */
    float mine[4] = {0};
    KccBuffer *w = NULL;
    OK(kcc_buffer_wrap(dev, mine, sizeof mine, &w, &diag));
    OK(kcc_buffer_write(w, 4, host, 8, &diag));
    CHECK(mine[1] == 1 && mine[2] == 2);
    void *wargs[] = {&w, &a, &cnt, &h, &flag};
    OK(kcc_launch(k, grid, wargs, &diag));
    snprintf(want, sizeof want, "%016llx", (unsigned long long)(uintptr_t)mine);
    CHECK(strstr(mock_report(), want) != NULL);
    int frees = *mock_frees;
    kcc_buffer_destroy(w);
    CHECK(*mock_frees == frees);
    EXPECT_ERR(kcc_buffer_wrap(dev, NULL, 4, &w, &diag), KCC_ERR_USAGE, "device memory is NULL");

    /* Errors: names from cuGetErrorName, unknown codes, the JIT log, the shared memory limit. */
    mock_fail("cuLaunchKernel", 2);
    EXPECT_ERR(kcc_launch(k, grid, args, &diag), KCC_ERR_RUNTIME,
               "CUDA cuLaunchKernel failed: CUDA_ERROR_OUT_OF_MEMORY|grid 3x2x1, block 128x1x1, "
               "65536 bytes of shared memory");
    mock_fail("cuStreamSynchronize", 700);
    EXPECT_ERR(kcc_launch(k, grid, args, &diag), KCC_ERR_RUNTIME,
               "cuStreamSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS");
    mock_fail("cuMemAlloc", 12345);
    KccBuffer *y = NULL;
    EXPECT_ERR(kcc_buffer_create(dev, 64, &y, &diag), KCC_ERR_RUNTIME,
               "cuMemAlloc failed: CUDA status 12345 (not a known status)");
    CHECK(mock_depth() == 0);
    write_file(dir, "bad.ptx", BAD_PTX, path, sizeof path);
    KccKernel *bad = NULL;
    OK(kcc_kernel_load(path, NULL, &bad, &diag));
    void *bargs[] = {&x};
    EXPECT_ERR(kcc_launch(bad, grid, bargs, &diag), KCC_ERR_RUNTIME,
               "cuModuleLoadDataEx of the PTX failed: CUDA_ERROR_INVALID_PTX|JIT log:|"
               "mock-jit-error in the PTX");
    kcc_kernel_destroy(bad);
    KccDeviceHandle *cpu = NULL;
    OK(kcc_device_open("cpu", 0, &cpu, &diag));
    EXPECT_ERR(kcc_launch_with(k, grid, args, &(KccLaunchOptions){.device = cpu}, &diag),
               KCC_ERR_USAGE, "is a buffer of device 'kcc mock GPU 0'");
    kcc_device_destroy(cpu);

    kcc_kernel_destroy(k);
    int allocs = *mock_allocs;
    frees = *mock_frees;
    kcc_device_destroy(dev); /* its buffer x goes with it */
    CHECK(*mock_frees == frees + 1 && allocs >= 1);
    CHECK(*mock_retained == 0);
    CHECK(*mock_modules == 0); /* unloaded in their context */
    CHECK(mock_depth() == 0);
  } else {
    fprintf(stderr, "usage: test_cuda MOCK_LIB DIR | test_cuda --no-cuda DIR\n");
    return 2;
  }
  if (failures) {
    fprintf(stderr, "test_cuda: %d failures\n", failures);
    return 1;
  }
  printf("test_cuda: ok\n");
  return 0;
}

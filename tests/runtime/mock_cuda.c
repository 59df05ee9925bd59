/*
 * mock_cuda.c - a fake CUDA driver (libcuda.so.1) for testing runtime/driver_cuda.c without a
 * GPU. Built only by the tests (tests/lit/cli/device-cuda.test, tests/python/test_gpu.py) and
 * reached through $KCC_CUDA_LIB.
 *
 * It implements the entry points kcc uses with fake but checkable behaviour:
 *   - one device ("kcc mock GPU", compute capability 9.0, warp 32, 227 KiB opt-in shared memory;
 *     $MOCK_CUDA_DEVICES other counts), a primary context and a per-thread context stack: every
 *     call that needs a context fails with CUDA_ERROR_INVALID_CONTEXT when none is current, so
 *     a missing push shows;
 *   - device memory is host memory (malloc), so copies and wrapped pointers can be checked;
 *   - cuModuleLoadDataEx reads the `.entry NAME(.param .TYPE P, ...)` lines of the PTX for the
 *     functions and their parameter sizes; PTX containing "mock-jit-error" fails with
 *     CUDA_ERROR_INVALID_PTX and a JIT log;
 *   - cuLaunchKernel refuses more than 48 KiB of dynamic shared memory unless the function's
 *     CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES allows it (as CUDA does), and records the
 *     grid, block, shared bytes, stream and each argument's bytes;
 *   - mock_cuda_fail(name, status) makes the next call of `name` return `status`.
 * What it recorded is read back with mock_cuda_report() (a line of text) and the counters below;
 * the tests dlopen this same file, which the dynamic loader maps once.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

enum {
  OK = 0,
  INVALID_VALUE = 1,
  NOT_INITIALIZED = 3,
  INVALID_CONTEXT = 201,
  INVALID_PTX = 218,
  NOT_FOUND = 500,
};

#define MAX_FUNCS 16
#define MAX_PARAMS 32

typedef struct Func {
  char name[128];
  int nparams, sizes[MAX_PARAMS];
  int dyn_shared; /* CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */
} Func;

typedef struct Module {
  Func funcs[MAX_FUNCS];
  int nfuncs;
} Module;

static int initialised, ctx_object; /* &ctx_object is the primary context */
static _Thread_local int depth;     /* the calling thread's context stack */
static char fail_name[64];
static CUresult fail_status;

/* Counters and the last launch, for the tests. */
int mock_cuda_retained, mock_cuda_modules, mock_cuda_launches, mock_cuda_syncs, mock_cuda_allocs,
    mock_cuda_frees;
static char report[4096];

void mock_cuda_fail(const char *name, int status) {
  snprintf(fail_name, sizeof fail_name, "%s", name);
  fail_status = status;
}

const char *mock_cuda_report(void) {
  return report;
}

int mock_cuda_depth(void) {
  return depth;
}

/* The failure asked for `name`, once; else `st`. */
static CUresult status(const char *name, CUresult st) {
  if (fail_name[0] && strcmp(fail_name, name) == 0) {
    fail_name[0] = 0;
    return fail_status;
  }
  return st;
}

#define NEEDS_CONTEXT(name)                                                                        \
  do {                                                                                             \
    if (!initialised) return status(name, NOT_INITIALIZED);                                        \
    if (depth == 0) return status(name, INVALID_CONTEXT);                                          \
  } while (0)

CUresult cuInit(unsigned flags) {
  initialised = flags == 0;
  return status("cuInit", flags ? INVALID_VALUE : OK);
}

CUresult cuDriverGetVersion(int *v) {
  *v = 12040;
  return status("cuDriverGetVersion", OK);
}

CUresult cuDeviceGetCount(int *n) {
  const char *e = getenv("MOCK_CUDA_DEVICES");
  *n = e ? atoi(e) : 1;
  return status("cuDeviceGetCount", initialised ? OK : NOT_INITIALIZED);
}

CUresult cuDeviceGet(int *dev, int i) {
  *dev = i;
  return status("cuDeviceGet", OK);
}

CUresult cuDeviceGetName(char *name, int len, int dev) {
  snprintf(name, (size_t)len, "kcc mock GPU %d", dev);
  return status("cuDeviceGetName", OK);
}

CUresult cuDeviceGetAttribute(int *v, int attr, int dev) {
  (void)dev;
  static const struct {
    int attr, value;
  } attrs[] = {{1, 1024}, {2, 1024}, {3, 1024}, {4, 64}, {8, 49152},
               {10, 32},  {16, 132}, {75, 9},   {76, 0}, {97, 232448}};
  for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
    if (attrs[i].attr == attr) {
      *v = attrs[i].value;
      return status("cuDeviceGetAttribute", OK);
    }
  *v = 0;
  return status("cuDeviceGetAttribute", INVALID_VALUE);
}

CUresult cuDeviceTotalMem_v2(size_t *bytes, int dev) {
  (void)dev;
  *bytes = (size_t)80 << 30;
  return status("cuDeviceTotalMem", OK);
}

CUresult cuDevicePrimaryCtxRetain(void **ctx, int dev) {
  (void)dev;
  *ctx = &ctx_object;
  mock_cuda_retained++;
  return status("cuDevicePrimaryCtxRetain", OK);
}

CUresult cuDevicePrimaryCtxRelease_v2(int dev) {
  (void)dev;
  mock_cuda_retained--;
  return status("cuDevicePrimaryCtxRelease", OK);
}

CUresult cuCtxPushCurrent_v2(void *ctx) {
  if (ctx != &ctx_object) return INVALID_CONTEXT;
  depth++;
  return status("cuCtxPushCurrent", OK);
}

CUresult cuCtxPopCurrent_v2(void **ctx) {
  if (depth == 0) return INVALID_CONTEXT;
  depth--;
  if (ctx) *ctx = &ctx_object;
  return OK;
}

/* The size of a PTX parameter type (".u64", ".f32", ".b16", ...). */
static int param_size(const char *type) {
  int bits = atoi(type + 2);
  return bits >= 8 ? bits / 8 : 0;
}

CUresult cuModuleLoadDataEx(void **mod, const void *image, unsigned n, int *opts, void **vals) {
  NEEDS_CONTEXT("cuModuleLoadDataEx");
  const char *ptx = image;
  if (strstr(ptx, "mock-jit-error")) {
    for (unsigned i = 0; i < n; i++)
      if (opts[i] == 5) /* CU_JIT_ERROR_LOG_BUFFER */
        snprintf(vals[i], 64, "ptxas fatal   : mock-jit-error in the PTX");
    return status("cuModuleLoadDataEx", INVALID_PTX);
  }
  Module *m = calloc(1, sizeof *m);
  for (const char *p = ptx; (p = strstr(p, ".entry ")) && m->nfuncs < MAX_FUNCS;) {
    Func *f = &m->funcs[m->nfuncs++];
    p += 7;
    size_t len = strcspn(p, "( \n");
    snprintf(f->name, sizeof f->name, "%.*s", (int)len, p);
    const char *end = strchr(p, ')');
    for (const char *q = p; (q = strstr(q, ".param ")) && q < end && f->nparams < MAX_PARAMS;) {
      q += 7;
      f->sizes[f->nparams++] = param_size(q);
    }
  }
  *mod = m;
  mock_cuda_modules++;
  return status("cuModuleLoadDataEx", OK);
}

CUresult cuModuleUnload(void *mod) {
  NEEDS_CONTEXT("cuModuleUnload");
  free(mod);
  mock_cuda_modules--;
  return OK;
}

CUresult cuModuleGetFunction(void **fn, void *mod, const char *name) {
  NEEDS_CONTEXT("cuModuleGetFunction");
  Module *m = mod;
  for (int i = 0; i < m->nfuncs; i++)
    if (strcmp(m->funcs[i].name, name) == 0) {
      *fn = &m->funcs[i];
      return status("cuModuleGetFunction", OK);
    }
  return status("cuModuleGetFunction", NOT_FOUND);
}

CUresult cuFuncGetAttribute(int *v, int attr, void *fn) {
  NEEDS_CONTEXT("cuFuncGetAttribute");
  *v = attr == 0 ? 1024 : attr == 8 ? ((Func *)fn)->dyn_shared : 0;
  return status("cuFuncGetAttribute", OK);
}

CUresult cuFuncSetAttribute(void *fn, int attr, int v) {
  NEEDS_CONTEXT("cuFuncSetAttribute");
  if (attr != 8 || v > 232448) return status("cuFuncSetAttribute", INVALID_VALUE);
  ((Func *)fn)->dyn_shared = v;
  return status("cuFuncSetAttribute", OK);
}

CUresult cuLaunchKernel(void *fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                        unsigned bz, unsigned shared, void *stream, void **params, void **extra) {
  NEEDS_CONTEXT("cuLaunchKernel");
  Func *f = fn;
  if (extra || bx * by * bz > 1024 || (shared > 49152 && (int)shared > f->dyn_shared))
    return status("cuLaunchKernel", INVALID_VALUE);
  CUresult st = status("cuLaunchKernel", OK);
  if (st != OK) return st;
  int n = snprintf(report, sizeof report,
                   "launch %s grid %ux%ux%u block %ux%ux%u shared %u stream %p args", f->name, gx,
                   gy, gz, bx, by, bz, shared, stream);
  for (int i = 0; i < f->nparams && n < (int)sizeof report - 40; i++) {
    n += snprintf(report + n, sizeof report - (size_t)n, " ");
    for (int b = f->sizes[i] - 1; b >= 0; b--) /* little-endian bytes, printed as a number */
      n += snprintf(report + n, sizeof report - (size_t)n, "%02x",
                    ((const unsigned char *)params[i])[b]);
  }
  mock_cuda_launches++;
  return OK;
}

CUresult cuStreamSynchronize(void *stream) {
  NEEDS_CONTEXT("cuStreamSynchronize");
  (void)stream;
  mock_cuda_syncs++;
  return status("cuStreamSynchronize", OK);
}

CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t n) {
  NEEDS_CONTEXT("cuMemAlloc");
  CUresult st = status("cuMemAlloc", OK);
  if (st != OK) return st;
  *p = (CUdeviceptr)(uintptr_t)calloc(1, n);
  mock_cuda_allocs++;
  return OK;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
  NEEDS_CONTEXT("cuMemFree");
  free((void *)(uintptr_t)p);
  mock_cuda_frees++;
  return status("cuMemFree", OK);
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t n) {
  NEEDS_CONTEXT("cuMemcpyHtoD");
  memcpy((void *)(uintptr_t)dst, src, n);
  return status("cuMemcpyHtoD", OK);
}

CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t n) {
  NEEDS_CONTEXT("cuMemcpyDtoH");
  memcpy(dst, (const void *)(uintptr_t)src, n);
  return status("cuMemcpyDtoH", OK);
}

CUresult cuGetErrorName(CUresult st, const char **name) {
  static const struct {
    CUresult st;
    const char *name;
  } names[] = {{0, "CUDA_SUCCESS"},
               {1, "CUDA_ERROR_INVALID_VALUE"},
               {2, "CUDA_ERROR_OUT_OF_MEMORY"},
               {3, "CUDA_ERROR_NOT_INITIALIZED"},
               {100, "CUDA_ERROR_NO_DEVICE"},
               {201, "CUDA_ERROR_INVALID_CONTEXT"},
               {218, "CUDA_ERROR_INVALID_PTX"},
               {500, "CUDA_ERROR_NOT_FOUND"},
               {700, "CUDA_ERROR_ILLEGAL_ADDRESS"}};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (names[i].st == st) {
      *name = names[i].name;
      return OK;
    }
  *name = NULL;
  return INVALID_VALUE;
}

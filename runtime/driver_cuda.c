/*
 * driver_cuda.c - the CUDA row of the driver table (driver.h), over the CUDA driver API reached
 * through dlopen("libcuda.so.1") (the library the NVIDIA driver installs), never linked: kcc
 * builds and compiles for nvidia on machines without CUDA, and only a launch or a device query
 * needs the library.
 *
 * One X-macro list (CU_ENTRY_POINTS) names the entry points used, with the versioned symbol each
 * macro of <cuda.h> stands for (cuMemAlloc is cuMemAlloc_v2...): it declares the function-pointer
 * table, drives the dlsym loop, and names a missing entry point in the error. The types and
 * constants are written here (CUDA's headers are not needed to build kcc); their values are the
 * driver API's, stable since CUDA 4. Status names come from the library (cuGetErrorName).
 *
 * A device is the device's primary context, retained (the context the CUDA runtime and torch use,
 * so device pointers and streams of torch are valid in kcc launches), made current around every
 * call (push/pop: any thread may call). The device's own queue is the legacy default stream (NULL),
 * which orders with every blocking stream; `finish` synchronises it. Programs are modules loaded
 * from PTX (JIT-compiled by the driver, whose error log goes into the message) or cubin. Dynamic
 * shared memory above 48 KiB needs the function's CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
 * raised first (kept per function, raised once). $KCC_CUDA_LIB names another library to load
 * instead (the tests' mock).
 */
#include "driver.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;

enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_NO_DEVICE = 100,
  CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1,
  CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X = 2, /* Y, Z follow */
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8,
  CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10,
  CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
  CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 0,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
};

#define CU_STATIC_SHARED_LIMIT (48 * 1024) /* dynamic shared memory without the attribute */

#define CU_ENTRY_POINTS(X)                                                                         \
  X(cuInit, "cuInit", CUresult, (unsigned))                                                        \
  X(cuDriverGetVersion, "cuDriverGetVersion", CUresult, (int *))                                   \
  X(cuDeviceGetCount, "cuDeviceGetCount", CUresult, (int *))                                       \
  X(cuDeviceGet, "cuDeviceGet", CUresult, (CUdevice *, int))                                       \
  X(cuDeviceGetName, "cuDeviceGetName", CUresult, (char *, int, CUdevice))                         \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", CUresult, (int *, int, CUdevice))                \
  X(cuDeviceTotalMem, "cuDeviceTotalMem_v2", CUresult, (size_t *, CUdevice))                       \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", CUresult, (CUcontext *, CUdevice))       \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", CUresult, (CUdevice))               \
  X(cuCtxPushCurrent, "cuCtxPushCurrent_v2", CUresult, (CUcontext))                                \
  X(cuCtxPopCurrent, "cuCtxPopCurrent_v2", CUresult, (CUcontext *))                                \
  X(cuModuleLoadDataEx, "cuModuleLoadDataEx", CUresult,                                            \
    (CUmodule *, const void *, unsigned, int *, void **))                                          \
  X(cuModuleUnload, "cuModuleUnload", CUresult, (CUmodule))                                        \
  X(cuModuleGetFunction, "cuModuleGetFunction", CUresult, (CUfunction *, CUmodule, const char *))  \
  X(cuFuncGetAttribute, "cuFuncGetAttribute", CUresult, (int *, int, CUfunction))                  \
  X(cuFuncSetAttribute, "cuFuncSetAttribute", CUresult, (CUfunction, int, int))                    \
  X(cuLaunchKernel, "cuLaunchKernel", CUresult,                                                    \
    (CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream,   \
     void **, void **))                                                                            \
  X(cuStreamSynchronize, "cuStreamSynchronize", CUresult, (CUstream))                              \
  X(cuMemAlloc, "cuMemAlloc_v2", CUresult, (CUdeviceptr *, size_t))                                \
  X(cuMemFree, "cuMemFree_v2", CUresult, (CUdeviceptr))                                            \
  X(cuMemcpyHtoD, "cuMemcpyHtoD_v2", CUresult, (CUdeviceptr, const void *, size_t))                \
  X(cuMemcpyDtoH, "cuMemcpyDtoH_v2", CUresult, (void *, CUdeviceptr, size_t))                      \
  X(cuGetErrorName, "cuGetErrorName", CUresult, (CUresult, const char **))

static struct {
#define X(field, sym, ret, args) ret(*field) args;
  CU_ENTRY_POINTS(X)
#undef X
} cu;

static const char *cu_error_name(int status) {
  const char *s = NULL;
  return cu.cuGetErrorName && cu.cuGetErrorName(status, &s) == CUDA_SUCCESS ? s : NULL;
}

/* "CUDA_ERROR_OUT_OF_MEMORY" or "CUDA status 1234 (not a known status)". */
static const char *status_text(CUresult r, char buf[64]) {
  const char *name = cu_error_name(r);
  if (name) return name;
  snprintf(buf, 64, "CUDA status %d (not a known status)", r);
  return buf;
}

/* Reports `call` failing with `r`; `what` says what the runtime was doing. Returns false. */
static bool fail(Diag *d, const char *call, CUresult r, const char *what) {
  char buf[64];
  diag_plain(d, "CUDA %s failed: %s (%s)", call, status_text(r, buf), what);
  return false;
}

/* ---- loading, once ----------------------------------------------------------------------------
 */
static RtDriverLoad loaded = RT_DRIVER_LOAD_INIT;

static void load_library(void) {
  void *h = rt_driver_dlopen(
      "KCC_CUDA_LIB", "libcuda.so.1",
      "running nvidia kernels needs the NVIDIA driver (compiling them does not)", &loaded);
  if (!h) return;
#define X(field, sym, ret, args)                                                                   \
  if (!(*(void **)&cu.field = dlsym(h, sym))) {                                                    \
    snprintf(loaded.error, sizeof loaded.error,                                                    \
             "%s has no entry point %s: a CUDA 11 driver is needed", loaded.library, sym);         \
    return;                                                                                        \
  }
  CU_ENTRY_POINTS(X)
#undef X
  char buf[64];
  CUresult r = cu.cuInit(0);
  if (r == CUDA_ERROR_NO_DEVICE) return; /* 0 devices */
  if (r != CUDA_SUCCESS) {
    snprintf(loaded.error, sizeof loaded.error, "CUDA cuInit failed: %s", status_text(r, buf));
  } else if ((r = cu.cuDeviceGetCount(&loaded.count)) != CUDA_SUCCESS) {
    snprintf(loaded.error, sizeof loaded.error, "CUDA cuDeviceGetCount failed: %s",
             status_text(r, buf));
    loaded.count = 0;
  }
}

static bool cuda_load(int *count, Diag *d) {
  return rt_driver_loaded(&loaded, load_library, count, d);
}

/* ---- devices ----------------------------------------------------------------------------------
 */
typedef struct CuDevice {
  CUdevice id;
  CUcontext ctx; /* the primary context, retained */
} CuDevice;

/* Makes dev's context current on this thread for one call; pop() undoes it. */
static bool push(CuDevice *dev, Diag *d) {
  CUresult r = cu.cuCtxPushCurrent(dev->ctx);
  return r == CUDA_SUCCESS || fail(d, "cuCtxPushCurrent", r, "entering the device's context");
}

static void pop(void) {
  CUcontext c;
  cu.cuCtxPopCurrent(&c);
}

static int attr(CUdevice id, int what) {
  int v = 0;
  return cu.cuDeviceGetAttribute(&v, what, id) == CUDA_SUCCESS ? v : 0;
}

static void describe(CUdevice id, RtDeviceInfo *info) {
  memset(info, 0, sizeof *info);
  if (cu.cuDeviceGetName(info->name, (int)sizeof info->name - 1, id) != CUDA_SUCCESS)
    info->name[0] = 0;
  snprintf(info->platform, sizeof info->platform, "CUDA");
  int major = attr(id, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
  int minor = attr(id, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
  snprintf(info->version, sizeof info->version, "compute capability %d.%d (sm_%d%d)", major, minor,
           major, minor);
  int v = 0;
  if (cu.cuDriverGetVersion(&v) == CUDA_SUCCESS)
    snprintf(info->driver_version, sizeof info->driver_version, "CUDA %d.%d", v / 1000,
             v % 1000 / 10);
  info->max_workgroup = attr(id, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
  for (int i = 0; i < 3; i++)
    info->max_workgroup_dim[i] = attr(id, CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X + i);
  info->local_bytes = attr(id, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN);
  if (!info->local_bytes)
    info->local_bytes = attr(id, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK);
  size_t total = 0;
  if (cu.cuDeviceTotalMem(&total, id) == CUDA_SUCCESS)
    info->global_bytes = info->max_buffer_bytes = (int64_t)total;
  info->subgroup_size = attr(id, CU_DEVICE_ATTRIBUTE_WARP_SIZE);
  info->compute_units = attr(id, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
  info->fp16 = major * 10 + minor >= 53;
  info->fp64 = true;
}

static void *cuda_open(int index, RtDeviceInfo *info, Diag *d) {
  int count = 0;
  if (!cuda_load(&count, d)) return NULL;
  if (count == 0) {
    diag_plain(d, "no CUDA device: the driver reports none (CUDA_ERROR_NO_DEVICE or 0 devices; "
                  "is $CUDA_VISIBLE_DEVICES empty?)");
    return NULL;
  }
  if (!rt_driver_index_ok("CUDA", index, count, d)) return NULL;
  CuDevice *dev = calloc(1, sizeof *dev);
  if (!dev) {
    diag_plain(d, "out of memory");
    return NULL;
  }
  CUresult r = cu.cuDeviceGet(&dev->id, index);
  if (r != CUDA_SUCCESS) {
    fail(d, "cuDeviceGet", r, "opening a device");
    free(dev);
    return NULL;
  }
  describe(dev->id, info);
  if ((r = cu.cuDevicePrimaryCtxRetain(&dev->ctx, dev->id)) != CUDA_SUCCESS) {
    fail(d, "cuDevicePrimaryCtxRetain", r, info->name);
    free(dev);
    return NULL;
  }
  return dev;
}

static void cuda_close(void *p) {
  CuDevice *dev = p;
  if (!dev) return;
  if (cu.cuCtxPushCurrent(dev->ctx) == CUDA_SUCCESS) {
    cu.cuStreamSynchronize(NULL);
    pop();
  }
  cu.cuDevicePrimaryCtxRelease(dev->id);
  free(dev);
}

/* ---- buffers: a CUdeviceptr in the handle -----------------------------------------------------
 */
static void *cuda_alloc(void *p, size_t bytes, Diag *d) {
  CUdeviceptr ptr = 0;
  if (!push(p, d)) return NULL;
  CUresult r = cu.cuMemAlloc(&ptr, bytes);
  pop();
  if (r != CUDA_SUCCESS) {
    char what[64];
    snprintf(what, sizeof what, "a buffer of %zu bytes", bytes);
    fail(d, "cuMemAlloc", r, what);
    return NULL;
  }
  return (void *)(uintptr_t)ptr;
}

static void cuda_free(void *p, void *buf) {
  CuDevice *dev = p;
  if (!buf || cu.cuCtxPushCurrent(dev->ctx) != CUDA_SUCCESS) return;
  cu.cuMemFree((CUdeviceptr)(uintptr_t)buf);
  pop();
}

static bool cuda_write(void *p, void *buf, size_t off, const void *src, size_t n, Diag *d) {
  if (!push(p, d)) return false;
  CUresult r = cu.cuMemcpyHtoD((CUdeviceptr)(uintptr_t)buf + off, src, n);
  pop();
  return r == CUDA_SUCCESS || fail(d, "cuMemcpyHtoD", r, "copying into a buffer");
}

static bool cuda_read(void *p, void *buf, size_t off, void *dst, size_t n, Diag *d) {
  if (!push(p, d)) return false;
  CUresult r = cu.cuMemcpyDtoH(dst, (CUdeviceptr)(uintptr_t)buf + off, n);
  pop();
  return r == CUDA_SUCCESS || fail(d, "cuMemcpyDtoH", r, "copying out of a buffer");
}

/* ---- programs (modules) and kernels -----------------------------------------------------------
 */
static void *cuda_program_build(void *p, RtProgramKind kind, const void *bytes, size_t n,
                                const char *options, Diag *d) {
  (void)options;
  char *image = malloc(n + 1); /* PTX must end in a NUL */
  char log[8192] = "";
  if (!image) {
    diag_plain(d, "out of memory");
    return NULL;
  }
  memcpy(image, bytes, n);
  image[n] = 0;
  int opt[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *val[] = {log, (void *)(uintptr_t)(sizeof log - 1)};
  CUmodule mod = NULL;
  if (!push(p, d)) {
    free(image);
    return NULL;
  }
  CUresult r = cu.cuModuleLoadDataEx(&mod, image, 2, opt, val);
  pop();
  free(image);
  if (r == CUDA_SUCCESS) return mod;
  log[sizeof log - 1] = 0;
  for (size_t len = strlen(log); len && log[len - 1] == '\n';)
    log[--len] = 0;
  char buf[64];
  diag_plain(d, "CUDA module does not load: cuModuleLoadDataEx of the %s failed: %s; JIT log:\n%s",
             kind == RT_PROGRAM_SOURCE ? "PTX" : "cubin", status_text(r, buf),
             *log ? log : "(empty)");
  return NULL;
}

static void cuda_program_free(void *p, void *prog) {
  CuDevice *dev = p;
  if (!prog || cu.cuCtxPushCurrent(dev->ctx) != CUDA_SUCCESS) return;
  cu.cuModuleUnload(prog); /* from the current context */
  pop();
}

typedef struct CuKernel {
  CUfunction fn;
  size_t dyn_shared; /* the largest dynamic shared memory the attribute allows so far */
} CuKernel;

static void *cuda_kernel_get(void *p, void *prog, const char *name, int64_t *max_workgroup,
                             int *nargs, Diag *d) {
  CuKernel *k = calloc(1, sizeof *k);
  if (!k) {
    diag_plain(d, "out of memory");
    return NULL;
  }
  if (!push(p, d)) {
    free(k);
    return NULL;
  }
  int maxt = 0;
  CUresult r = cu.cuModuleGetFunction(&k->fn, prog, name);
  if (r == CUDA_SUCCESS)
    r = cu.cuFuncGetAttribute(&maxt, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, k->fn);
  pop();
  if (r != CUDA_SUCCESS) {
    char buf[64];
    diag_plain(d, "no kernel '%s' in the CUDA module: cuModuleGetFunction failed: %s", name,
               status_text(r, buf));
    free(k);
    return NULL;
  }
  k->dyn_shared = CU_STATIC_SHARED_LIMIT;
  *max_workgroup = maxt, *nargs = -1; /* the driver API does not say before CUDA 12.4 */
  return k;
}

static void cuda_kernel_free(void *k) {
  free(k);
}

static bool cuda_launch(void *p, void *kernel, const unsigned grid[3], const unsigned local[3],
                        int nargs, const RtArg *args, void *stream, Diag *d) {
  CuKernel *k = kernel;
  void **params = calloc((size_t)nargs + 1, sizeof *params);
  if (!params) {
    diag_plain(d, "out of memory");
    return false;
  }
  size_t shared;
  rt_args_split(nargs, args, params, &shared);
  if (!push(p, d)) {
    free(params);
    return false;
  }
  bool ok = true;
  if (shared > k->dyn_shared) {
    CUresult r =
        cu.cuFuncSetAttribute(k->fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, (int)shared);
    char what[96];
    snprintf(what, sizeof what, "CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = %zu", shared);
    ok = r == CUDA_SUCCESS || fail(d, "cuFuncSetAttribute", r, what);
    if (ok) k->dyn_shared = shared;
  }
  if (ok) {
    CUresult r = cu.cuLaunchKernel(k->fn, grid[0], grid[1], grid[2], local[0], local[1], local[2],
                                   (unsigned)shared, stream, params, NULL);
    if (r != CUDA_SUCCESS) {
      char what[160];
      snprintf(what, sizeof what, "grid %ux%ux%u, block %ux%ux%u, %zu bytes of shared memory",
               grid[0], grid[1], grid[2], local[0], local[1], local[2], shared);
      ok = fail(d, "cuLaunchKernel", r, what);
    }
  }
  pop();
  free(params);
  return ok;
}

static bool cuda_finish(void *p, Diag *d) {
  if (!push(p, d)) return false;
  CUresult r = cu.cuStreamSynchronize(NULL);
  pop();
  return r == CUDA_SUCCESS || fail(d, "cuStreamSynchronize", r, "waiting for the device");
}

const RtDriver rt_driver_cuda = {
    .name = "cuda",
    .library = "libcuda.so.1",
    .streams = true,
    .load = cuda_load,
    .open = cuda_open,
    .close = cuda_close,
    .alloc = cuda_alloc,
    .free = cuda_free,
    .write = cuda_write,
    .read = cuda_read,
    .program_build = cuda_program_build,
    .program_free = cuda_program_free,
    .kernel_get = cuda_kernel_get,
    .kernel_free = cuda_kernel_free,
    .launch = cuda_launch,
    .finish = cuda_finish,
    .error_name = cu_error_name,
};

/*
 * driver_hip.c - the HIP row of the driver table (driver.h), over HIP's module API reached
 * through dlopen("libamdhip64.so") (ROCm, or Hygon's DTK), never linked: kcc compiles for amdgpu
 * anywhere, and only a launch or a device query needs the library.
 *
 * One X-macro list (HIP_ENTRY_POINTS) names the entry points used (declarations, the dlsym loop,
 * the name of a missing one); the types and the few constants are written here, with HIP's values
 * (hipDeviceAttribute_t of ROCm 5.x/6.x). Status names come from the library (hipGetErrorName).
 *
 * A device is a HIP device index; HIP keeps one current device per thread, so every call first
 * selects the device (hipSetDevice). The device's own queue is the null stream, which `finish`
 * synchronises. Programs are modules loaded from the hsaco code object (hipModuleLoadData); the
 * kcc-meta `shared` bytes are the launch's dynamic LDS (sharedMemBytes of hipModuleLaunchKernel;
 * AMDGPU's LDS is at most 64 KiB per workgroup and needs no attribute). $KCC_HIP_LIB names another
 * library to load instead.
 */
#include "driver.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int hipError_t;
typedef int hipDevice_t;
typedef struct ihipModule_t *hipModule_t;
typedef struct ihipModuleSymbol_t *hipFunction_t;
typedef struct ihipStream_t *hipStream_t;

enum {
  hipSuccess = 0,
  hipErrorNoDevice = 100,
  hipDeviceAttributeMaxBlockDimX = 26, /* Y, Z follow */
  hipDeviceAttributeMaxThreadsPerBlock = 56,
  hipDeviceAttributeMultiprocessorCount = 63,
  hipDeviceAttributeMaxSharedMemoryPerBlock = 74,
  hipDeviceAttributeWarpSize = 87,
  HIP_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 0,
};

#define HIP_ENTRY_POINTS(X)                                                                        \
  X(hipInit, hipError_t, (unsigned))                                                               \
  X(hipDriverGetVersion, hipError_t, (int *))                                                      \
  X(hipGetDeviceCount, hipError_t, (int *))                                                        \
  X(hipSetDevice, hipError_t, (int))                                                               \
  X(hipDeviceGet, hipError_t, (hipDevice_t *, int))                                                \
  X(hipDeviceGetName, hipError_t, (char *, int, hipDevice_t))                                      \
  X(hipDeviceGetAttribute, hipError_t, (int *, int, int))                                          \
  X(hipDeviceTotalMem, hipError_t, (size_t *, hipDevice_t))                                        \
  X(hipModuleLoadData, hipError_t, (hipModule_t *, const void *))                                  \
  X(hipModuleUnload, hipError_t, (hipModule_t))                                                    \
  X(hipModuleGetFunction, hipError_t, (hipFunction_t *, hipModule_t, const char *))                \
  X(hipFuncGetAttribute, hipError_t, (int *, int, hipFunction_t))                                  \
  X(hipModuleLaunchKernel, hipError_t,                                                             \
    (hipFunction_t, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,          \
     hipStream_t, void **, void **))                                                               \
  X(hipStreamSynchronize, hipError_t, (hipStream_t))                                               \
  X(hipMalloc, hipError_t, (void **, size_t))                                                      \
  X(hipFree, hipError_t, (void *))                                                                 \
  X(hipMemcpyHtoD, hipError_t, (void *, const void *, size_t))                                     \
  X(hipMemcpyDtoH, hipError_t, (void *, void *, size_t))                                           \
  X(hipGetErrorName, const char *, (hipError_t))

static struct {
#define X(f, ret, args) ret(*f) args;
  HIP_ENTRY_POINTS(X)
#undef X
} hip;

static const char *hip_error_name(int status) {
  const char *s = hip.hipGetErrorName ? hip.hipGetErrorName(status) : NULL;
  return s && strncmp(s, "hip", 3) == 0 ? s : NULL; /* unknown codes: "hipErrorUnknown" or junk */
}

/* Reports `call` failing with `r`; `what` says what the runtime was doing. Returns false. */
static bool fail(Diag *d, const char *call, hipError_t r, const char *what) {
  const char *name = hip_error_name(r);
  if (name)
    diag_plain(d, "HIP %s failed: %s (%s)", call, name, what);
  else
    diag_plain(d, "HIP %s failed: HIP status %d (not a known status) (%s)", call, r, what);
  return false;
}

/* ---- loading, once ----------------------------------------------------------------------------
 */
static RtDriverLoad loaded = RT_DRIVER_LOAD_INIT;

static void load_library(void) {
  void *h = rt_driver_dlopen(
      "KCC_HIP_LIB", "libamdhip64.so",
      "running amdgpu kernels needs ROCm's HIP runtime (or Hygon's DTK); compiling them does not",
      &loaded);
  if (!h) return;
#define X(f, ret, args)                                                                            \
  if (!(*(void **)&hip.f = dlsym(h, #f))) {                                                        \
    snprintf(loaded.error, sizeof loaded.error,                                                    \
             "%s has no entry point %s: a HIP 5 runtime is needed", loaded.library, #f);           \
    return;                                                                                        \
  }
  HIP_ENTRY_POINTS(X)
#undef X
  hipError_t r = hip.hipInit(0);
  if (r == hipErrorNoDevice) return;
  if (r == hipSuccess) r = hip.hipGetDeviceCount(&loaded.count);
  if (r == hipErrorNoDevice) {
    loaded.count = 0;
  } else if (r != hipSuccess) {
    const char *name = hip_error_name(r);
    snprintf(loaded.error, sizeof loaded.error, "HIP initialisation failed: %s",
             name ? name : "an unknown status");
    loaded.count = 0;
  }
}

static bool hip_load(int *count, Diag *d) {
  return rt_driver_loaded(&loaded, load_library, count, d);
}

/* ---- devices ----------------------------------------------------------------------------------
 */
typedef struct HipDevice {
  int index;
} HipDevice;

/* Selects dev for this thread's next calls. */
static bool select_device(HipDevice *dev, Diag *d) {
  hipError_t r = hip.hipSetDevice(dev->index);
  return r == hipSuccess || fail(d, "hipSetDevice", r, "selecting the device");
}

static int attr(int index, int what) {
  int v = 0;
  return hip.hipDeviceGetAttribute(&v, what, index) == hipSuccess ? v : 0;
}

static void describe(int index, hipDevice_t id, RtDeviceInfo *info) {
  memset(info, 0, sizeof *info);
  if (hip.hipDeviceGetName(info->name, (int)sizeof info->name - 1, id) != hipSuccess)
    info->name[0] = 0;
  snprintf(info->platform, sizeof info->platform, "HIP");
  int v = 0;
  if (hip.hipDriverGetVersion(&v) == hipSuccess)
    snprintf(info->driver_version, sizeof info->driver_version, "HIP %d", v);
  snprintf(info->version, sizeof info->version, "HIP device %d", index);
  info->max_workgroup = attr(index, hipDeviceAttributeMaxThreadsPerBlock);
  for (int i = 0; i < 3; i++)
    info->max_workgroup_dim[i] = attr(index, hipDeviceAttributeMaxBlockDimX + i);
  info->local_bytes = attr(index, hipDeviceAttributeMaxSharedMemoryPerBlock);
  size_t total = 0;
  if (hip.hipDeviceTotalMem(&total, id) == hipSuccess)
    info->global_bytes = info->max_buffer_bytes = (int64_t)total;
  info->subgroup_size = attr(index, hipDeviceAttributeWarpSize);
  info->compute_units = attr(index, hipDeviceAttributeMultiprocessorCount);
  info->fp16 = info->fp64 = true;
}

static void *hip_open(int index, RtDeviceInfo *info, Diag *d) {
  int count = 0;
  if (!hip_load(&count, d)) return NULL;
  if (count == 0) {
    diag_plain(d, "no HIP device: the runtime reports none (is $HIP_VISIBLE_DEVICES empty, or "
                  "/dev/kfd not accessible?)");
    return NULL;
  }
  if (!rt_driver_index_ok("HIP", index, count, d)) return NULL;
  HipDevice *dev = calloc(1, sizeof *dev);
  hipDevice_t id = 0;
  hipError_t r = hipSuccess;
  if (!dev || (r = hip.hipDeviceGet(&id, index)) != hipSuccess) {
    if (dev)
      fail(d, "hipDeviceGet", r, "opening a device");
    else
      diag_plain(d, "out of memory");
    free(dev);
    return NULL;
  }
  dev->index = index;
  describe(index, id, info);
  return dev;
}

static void hip_close(void *p) {
  if (!p) return;
  if (hip.hipSetDevice(((HipDevice *)p)->index) == hipSuccess) hip.hipStreamSynchronize(NULL);
  free(p);
}

/* ---- buffers: a device pointer in the handle --------------------------------------------------
 */
static void *hip_alloc(void *p, size_t bytes, Diag *d) {
  void *ptr = NULL;
  if (!select_device(p, d)) return NULL;
  hipError_t r = hip.hipMalloc(&ptr, bytes);
  if (r != hipSuccess) {
    char what[64];
    snprintf(what, sizeof what, "a buffer of %zu bytes", bytes);
    fail(d, "hipMalloc", r, what);
    return NULL;
  }
  return ptr;
}

static void hip_free(void *p, void *buf) {
  if (buf && hip.hipSetDevice(((HipDevice *)p)->index) == hipSuccess) hip.hipFree(buf);
}

static bool hip_write(void *p, void *buf, size_t off, const void *src, size_t n, Diag *d) {
  if (!select_device(p, d)) return false;
  hipError_t r = hip.hipMemcpyHtoD((char *)buf + off, src, n);
  return r == hipSuccess || fail(d, "hipMemcpyHtoD", r, "copying into a buffer");
}

static bool hip_read(void *p, void *buf, size_t off, void *dst, size_t n, Diag *d) {
  if (!select_device(p, d)) return false;
  hipError_t r = hip.hipMemcpyDtoH(dst, (char *)buf + off, n);
  return r == hipSuccess || fail(d, "hipMemcpyDtoH", r, "copying out of a buffer");
}

/* ---- programs (modules) and kernels -----------------------------------------------------------
 */
static void *hip_program_build(void *p, RtProgramKind kind, const void *bytes, size_t n,
                               const char *options, Diag *d) {
  (void)kind, (void)n, (void)options; /* the code object says its own size */
  hipModule_t mod = NULL;
  if (!select_device(p, d)) return NULL;
  hipError_t r = hip.hipModuleLoadData(&mod, bytes);
  if (r != hipSuccess) {
    fail(d, "hipModuleLoadData", r,
         "the hsaco does not load on this device: is it built for its gfx architecture?");
    return NULL;
  }
  return mod;
}

static void hip_program_free(void *p, void *prog) {
  if (prog && hip.hipSetDevice(((HipDevice *)p)->index) == hipSuccess) hip.hipModuleUnload(prog);
}

static void *hip_kernel_get(void *p, void *prog, const char *name, int64_t *max_workgroup,
                            int *nargs, Diag *d) {
  hipFunction_t fn = NULL;
  if (!select_device(p, d)) return NULL;
  hipError_t r = hip.hipModuleGetFunction(&fn, prog, name);
  if (r != hipSuccess) {
    const char *en = hip_error_name(r);
    diag_plain(d, "no kernel '%s' in the HIP module: hipModuleGetFunction failed: %s", name,
               en ? en : "an unknown status");
    return NULL;
  }
  int maxt = 0;
  if (hip.hipFuncGetAttribute(&maxt, HIP_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, fn) != hipSuccess)
    maxt = 0;
  *max_workgroup = maxt, *nargs = -1;
  return fn;
}

static void hip_kernel_free(void *k) {
  (void)k; /* functions go with their module */
}

static bool hip_launch(void *p, void *kernel, const unsigned grid[3], const unsigned local[3],
                       int nargs, const RtArg *args, void *stream, Diag *d) {
  void **params = calloc((size_t)nargs + 1, sizeof *params);
  if (!params) {
    diag_plain(d, "out of memory");
    return false;
  }
  size_t shared;
  rt_args_split(nargs, args, params, &shared);
  bool ok = select_device(p, d);
  if (ok) {
    hipError_t r = hip.hipModuleLaunchKernel(kernel, grid[0], grid[1], grid[2], local[0], local[1],
                                             local[2], (unsigned)shared, stream, params, NULL);
    if (r != hipSuccess) {
      char what[160];
      snprintf(what, sizeof what, "grid %ux%ux%u, block %ux%ux%u, %zu bytes of LDS", grid[0],
               grid[1], grid[2], local[0], local[1], local[2], shared);
      ok = fail(d, "hipModuleLaunchKernel", r, what);
    }
  }
  free(params);
  return ok;
}

static bool hip_finish(void *p, Diag *d) {
  if (!select_device(p, d)) return false;
  hipError_t r = hip.hipStreamSynchronize(NULL);
  return r == hipSuccess || fail(d, "hipStreamSynchronize", r, "waiting for the device");
}

const RtDriver rt_driver_hip = {
    .name = "hip",
    .library = "libamdhip64.so",
    .streams = true,
    .load = hip_load,
    .open = hip_open,
    .close = hip_close,
    .alloc = hip_alloc,
    .free = hip_free,
    .write = hip_write,
    .read = hip_read,
    .program_build = hip_program_build,
    .program_free = hip_program_free,
    .kernel_get = hip_kernel_get,
    .kernel_free = hip_kernel_free,
    .launch = hip_launch,
    .finish = hip_finish,
    .error_name = hip_error_name,
};

/*
 * driver.h - the device-driver contract: what the runtime asks of a device API (OpenCL, CUDA's
 * driver API, HIP; MUSA later), as one table of operations per API.
 *
 * A driver is an RtDriver row; the runtime (device.c) never names an API's types or calls. The
 * table is shaped so that a CUDA-like driver API is a new row, not a new code path:
 *   - handles are opaque `void *` (OpenCL: cl_mem, cl_program, cl_kernel; CUDA: a CUdeviceptr
 *     fits in the pointer, a CUmodule, a CUfunction);
 *   - a program is built from the target's artefact bytes (OpenCL: source text or a program
 *     binary; CUDA: PTX or cubin to cuModuleLoadDataEx; HIP: the hsaco to hipModuleLoadData), and
 *     where the API can give it back (OpenCL) its binary is read back so the kernel cache can keep
 *     it beside the source (CUDA's driver caches its own PTX builds);
 *   - a launch takes the grid in workgroups (programs) and the workgroup size, as CUDA's
 *     cuLaunchKernel does; the OpenCL driver multiplies them into its global size;
 *   - a launch goes to the device's own queue (then the runtime waits with `finish`), or to a
 *     stream the caller owns (CUstream, hipStream_t: drivers with `streams`), where it is only
 *     enqueued, so that kcc kernels order with the caller's work (torch's current stream);
 *   - a buffer handle is what the API passes to a kernel (cl_mem; CUdeviceptr / hipDeviceptr_t in
 *     the pointer), so memory the caller allocated itself (a torch tensor's data_ptr()) is passed
 *     as it is, without a copy;
 *   - arguments are given with the launch (CUDA takes them as one array; OpenCL sets them one by
 *     one, under the device's lock so that two launches never interleave their arguments; a
 *     kernel object keeps old arguments, so the runtime checks their number before a launch);
 *   - every failure is a Diag message that names the API's error (CL_INVALID_WORK_GROUP_SIZE,
 *     CUDA_ERROR_OUT_OF_MEMORY), never a bare number.
 *
 * Drivers are reached through dlopen, never linked: libkcc loads and runs on machines without any
 * device library, and the first use of a missing one is an error that names the library.
 *
 * Operations with a `void *dev` are called by the runtime with that device's lock held (device.c),
 * except `load` and `open`, which the driver makes thread-safe itself.
 */
#ifndef KCC_RUNTIME_DRIVER_H
#define KCC_RUNTIME_DRIVER_H

#include "diag.h"
#include "kcc/kcc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a device says about itself, filled by `open`. Numbers the API does not expose are 0. */
typedef struct RtDeviceInfo {
  char name[256];               /* "pthread-AMD EPYC 7B13", "NVIDIA H100 80GB HBM3" */
  char platform[128];           /* OpenCL platform / CUDA driver name */
  char version[128];            /* the API version the device reports */
  char driver_version[128];     /* the driver's version (OpenCL: CL_DRIVER_VERSION) */
  int64_t max_workgroup;        /* work-items (threads) of one workgroup at most */
  int64_t max_workgroup_dim[3]; /* ... in each dimension */
  int64_t local_bytes;          /* local (shared) memory of one workgroup */
  int64_t max_buffer_bytes;     /* the largest single buffer */
  int64_t global_bytes;         /* all device memory */
  int subgroup_size;            /* warp/wavefront/subgroup width; 0: the API does not say */
  int compute_units;
  bool fp16, fp64; /* half and double arithmetic in kernels */
} RtDeviceInfo;

/* What the artefact bytes given to program_build are. */
typedef enum RtProgramKind {
  RT_PROGRAM_SOURCE, /* the target's artefact: OpenCL C source text; CUDA: PTX; HIP: hsaco */
  RT_PROGRAM_BINARY, /* what program_binary returned on the same device; CUDA: cubin */
} RtProgramKind;

/* One kernel argument. */
typedef enum RtArgKind {
  RT_ARG_BUFFER, /* `buffer` is a handle from alloc */
  RT_ARG_SCALAR, /* `value` points at `size` bytes (1, 2, 4 or 8) */
  RT_ARG_LOCAL,  /* `size` bytes of local (shared) memory for each workgroup, nothing passed
                    (OpenCL: a __local argument; CUDA/HIP: the launch's dynamic shared memory) */
} RtArgKind;

typedef struct RtArg {
  RtArgKind kind;
  size_t size;
  const void *value;
  void *buffer;
} RtArg;

typedef struct RtDriver {
  const char *name;    /* the target family it serves: "opencl", "cuda", "hip" */
  const char *library; /* what it dlopens ("libOpenCL.so.1"), NULL for none */
  bool streams;        /* launch accepts a caller's stream */

  /* Loads the library and lists the devices, once per process (later calls return the first
   * result); *count is the number of devices of every platform together. false + diag when the
   * library or its entry points are missing, or the API fails; no device is *count 0, not an
   * error. */
  bool (*load)(int *count, Diag *d);
  /* Opens device `index` (0..count-1): context and in-order queue. Returns its handle. */
  void *(*open)(int index, RtDeviceInfo *info, Diag *d);
  void (*close)(void *dev);

  void *(*alloc)(void *dev, size_t bytes, Diag *d);
  void (*free)(void *dev, void *buf);
  /* Blocking copies between host memory and [off, off + n) of a buffer (checked by the caller). */
  bool (*write)(void *dev, void *buf, size_t off, const void *src, size_t n, Diag *d);
  bool (*read)(void *dev, void *buf, size_t off, void *dst, size_t n, Diag *d);

  /* Builds a program from artefact bytes; a compile failure's message holds the build log.
   * `options` may be NULL. NULL op: the device builds no programs. */
  void *(*program_build)(void *dev, RtProgramKind kind, const void *bytes, size_t n,
                         const char *options, Diag *d);
  /* The built program's binary for this device (malloc'd), for the kernel cache. NULL op: the API
   * gives none back (the runtime then builds the artefact each process). */
  bool (*program_binary)(void *dev, void *prog, char **bytes, size_t *n, Diag *d);
  void (*program_free)(void *dev, void *prog);
  /* The kernel called `name` in a program, the largest workgroup it may run with, and the number
   * of arguments it takes (-1: the API does not say). */
  void *(*kernel_get)(void *dev, void *prog, const char *name, int64_t *max_workgroup, int *nargs,
                      Diag *d);
  void (*kernel_free)(void *kernel);

  /* Sets the arguments and enqueues grid[0..2] workgroups of local[0..2] work-items each
   * (OpenCL global size = grid x local) on `stream` (NULL: the device's own queue); does not
   * wait. A non-NULL stream only reaches drivers with `streams`. */
  bool (*launch)(void *dev, void *kernel, const unsigned grid[3], const unsigned local[3],
                 int nargs, const RtArg *args, void *stream, Diag *d);
  /* Waits for everything enqueued on the device; reports a failure of what ran. */
  bool (*finish)(void *dev, Diag *d);

  /* The API's name of a status code ("CL_OUT_OF_RESOURCES"), or NULL when it has none. */
  const char *(*error_name)(int status);
} RtDriver;

/* The drivers (driver_opencl.c, driver_cuda.c, driver_hip.c, driver_host.c). */
extern const RtDriver rt_driver_opencl;
extern const RtDriver rt_driver_cuda;
extern const RtDriver rt_driver_hip;
extern const RtDriver rt_driver_host;

/* ---- driver_lib.c: what the dlopen'd drivers share ---------------------------------------- */
/* A driver's library, loaded and its devices counted once per process (`once` runs the driver's
 * loader, which fills `count` or `error`). */
typedef struct RtDriverLoad {
  pthread_once_t once;
  char error[1024];    /* non-empty: loading failed, the message */
  const char *library; /* the path dlopen'd: $ENV or the default name */
  int count;
} RtDriverLoad;
#define RT_DRIVER_LOAD_INIT                                                                        \
  { PTHREAD_ONCE_INIT, "", NULL, 0 }
/* dlopen's $env, else `lib`; NULL with s->error "cannot load LIB: WHY; NEED" when it fails. */
void *rt_driver_dlopen(const char *env, const char *lib, const char *need, RtDriverLoad *s);
/* Runs `load` once; false + diag (its error) when it failed, else *count devices. */
bool rt_driver_loaded(RtDriverLoad *s, void (*load)(void), int *count, Diag *d);
/* false + diag "API device index I is out of range: N devices found" unless 0 <= index < count. */
bool rt_driver_index_ok(const char *api, int index, int count, Diag *d);

/* For drivers whose API takes the arguments as one array of pointers to their values (CUDA, HIP):
 * fills params[] with the buffer and scalar arguments in order and returns their number; the
 * RT_ARG_LOCAL ones add up into *shared (the launch's dynamic shared memory). */
static inline int rt_args_split(int nargs, const RtArg *args, void **params, size_t *shared) {
  int n = 0;
  *shared = 0;
  for (int i = 0; i < nargs; i++) {
    if (args[i].kind == RT_ARG_LOCAL)
      *shared += args[i].size;
    else
      params[n++] = args[i].kind == RT_ARG_BUFFER ? (void *)&args[i].buffer : (void *)args[i].value;
  }
  return n;
}

/* ---- device.c: the runtime's side ------------------------------------------------------------
 * The public device and buffer handles of kcc.h (KccDeviceHandle, KccBuffer) wrap a driver's
 * device and buffers; this is what the runtime's device targets call to run an artefact. */

/* How rt_device_launch runs: on `stream` (NULL: the device's queue, and it waits; else enqueued
 * on the caller's stream without waiting, drivers with `streams` only), and what a pointer
 * argument points at (raw: the API's buffer handle itself, a CUdeviceptr..., not checked; else a
 * live KccBuffer * of the device). */
typedef struct RtLaunchHow {
  void *stream;
  bool raw_pointers;
} RtLaunchHow;

/* Runs kernel `kernel` of the program built from `artefact` (kind: source or binary; built once
 * per device and kept, keyed by the SHA-256 of kind, options and bytes) over grid[0..2]
 * workgroups of local[0..2] work-items. The arguments follow kcc_launch: args[i] points at the
 * value of parameter i of canonical signature type types[i], a pointer parameter ("*fp32") at a
 * KccBuffer * of this device (or a raw pointer, `how`). local_bytes > 0 adds a trailing argument
 * of that much local (shared) memory per workgroup (OpenCL: a __local pointer; CUDA/HIP: the
 * dynamic shared memory). An empty grid runs nothing. The launch is checked against the device
 * and the kernel (workgroup size, local memory) before the driver sees it. how NULL: the
 * device's queue, KccBuffer * arguments. */
KccStatus rt_device_launch(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                           size_t size, const char *options, const char *kernel, int nparams,
                           const char *const *types, void *const *args, const unsigned grid[3],
                           const unsigned local[3], size_t local_bytes, const RtLaunchHow *how,
                           Diag *d);
/* Whether the device's driver gives program binaries back (driver.h, program_binary). */
bool rt_device_has_binaries(const KccDeviceHandle *dev);
/* The device binary of the program built from `artefact` (malloc'd), for the kernel cache. */
KccStatus rt_device_program_binary(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                                   size_t size, const char *options, char **binary,
                                   size_t *binary_size, Diag *d);

/* Builds (once per device, as rt_device_launch) the program from `artefact` without launching
 * anything: false + diag when it does not build (a stale cached binary, a compile error). */
KccStatus rt_device_program_build(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                                  size_t size, const char *options, Diag *d);
/* The device of a live buffer, or NULL (NULL, destroyed, or not a buffer: host memory). */
KccDeviceHandle *rt_buffer_device(const KccBuffer *buf);
/* What the device says about itself; NULL for a bad handle. */
const RtDeviceInfo *rt_device_info(const KccDeviceHandle *dev);
/* The device family ("opencl", "cuda", "hip", "cpu") of a device; NULL for a bad handle. */
const char *rt_device_target(const KccDeviceHandle *dev);

#endif /* KCC_RUNTIME_DRIVER_H */

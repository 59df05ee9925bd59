/*
 * driver_opencl.c - the OpenCL row of the driver table (driver.h), reached through
 * dlopen("libOpenCL.so.1"), the ICD loader, which is never linked at build time.
 *
 * One X-macro list (CL_ENTRY_POINTS) names the OpenCL 1.2 entry points used: it declares the
 * function-pointer table (typed from <CL/cl.h>, which is included for its types and constants
 * only), drives the dlsym loop, and names a missing entry point in the error. Another
 * (CL_ERRORS) turns status codes into their names. The library is loaded and the devices of all
 * platforms are listed once per process (pthread_once); device i is the i-th device of the
 * platforms in the loader's order. $KCC_OPENCL_LIB names another library to load instead.
 */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>

#include "driver.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CL_ENTRY_POINTS(X)                                                                         \
  X(clGetPlatformIDs)                                                                              \
  X(clGetPlatformInfo)                                                                             \
  X(clGetDeviceIDs)                                                                                \
  X(clGetDeviceInfo)                                                                               \
  X(clCreateContext)                                                                               \
  X(clReleaseContext)                                                                              \
  X(clCreateCommandQueue)                                                                          \
  X(clReleaseCommandQueue)                                                                         \
  X(clCreateBuffer)                                                                                \
  X(clReleaseMemObject)                                                                            \
  X(clEnqueueWriteBuffer)                                                                          \
  X(clEnqueueReadBuffer)                                                                           \
  X(clCreateProgramWithSource)                                                                     \
  X(clCreateProgramWithBinary)                                                                     \
  X(clBuildProgram)                                                                                \
  X(clGetProgramBuildInfo)                                                                         \
  X(clGetProgramInfo)                                                                              \
  X(clReleaseProgram)                                                                              \
  X(clCreateKernel)                                                                                \
  X(clReleaseKernel)                                                                               \
  X(clGetKernelInfo)                                                                               \
  X(clGetKernelWorkGroupInfo)                                                                      \
  X(clSetKernelArg)                                                                                \
  X(clEnqueueNDRangeKernel)                                                                        \
  X(clFinish)

static struct {
#define X(f) __typeof__(f) *f;
  CL_ENTRY_POINTS(X)
#undef X
} cl;

/* Status codes of OpenCL 1.0-3.0 and the ICD loader (the 2.x/3.0 ones are not declared when
 * targeting 1.2). */
#define CL_ERRORS(X)                                                                               \
  X(CL_SUCCESS, 0)                                                                                 \
  X(CL_DEVICE_NOT_FOUND, -1)                                                                       \
  X(CL_DEVICE_NOT_AVAILABLE, -2)                                                                   \
  X(CL_COMPILER_NOT_AVAILABLE, -3)                                                                 \
  X(CL_MEM_OBJECT_ALLOCATION_FAILURE, -4)                                                          \
  X(CL_OUT_OF_RESOURCES, -5)                                                                       \
  X(CL_OUT_OF_HOST_MEMORY, -6)                                                                     \
  X(CL_PROFILING_INFO_NOT_AVAILABLE, -7)                                                           \
  X(CL_MEM_COPY_OVERLAP, -8)                                                                       \
  X(CL_IMAGE_FORMAT_MISMATCH, -9)                                                                  \
  X(CL_IMAGE_FORMAT_NOT_SUPPORTED, -10)                                                            \
  X(CL_BUILD_PROGRAM_FAILURE, -11)                                                                 \
  X(CL_MAP_FAILURE, -12)                                                                           \
  X(CL_MISALIGNED_SUB_BUFFER_OFFSET, -13)                                                          \
  X(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, -14)                                             \
  X(CL_COMPILE_PROGRAM_FAILURE, -15)                                                               \
  X(CL_LINKER_NOT_AVAILABLE, -16)                                                                  \
  X(CL_LINK_PROGRAM_FAILURE, -17)                                                                  \
  X(CL_DEVICE_PARTITION_FAILED, -18)                                                               \
  X(CL_KERNEL_ARG_INFO_NOT_AVAILABLE, -19)                                                         \
  X(CL_INVALID_VALUE, -30)                                                                         \
  X(CL_INVALID_DEVICE_TYPE, -31)                                                                   \
  X(CL_INVALID_PLATFORM, -32)                                                                      \
  X(CL_INVALID_DEVICE, -33)                                                                        \
  X(CL_INVALID_CONTEXT, -34)                                                                       \
  X(CL_INVALID_QUEUE_PROPERTIES, -35)                                                              \
  X(CL_INVALID_COMMAND_QUEUE, -36)                                                                 \
  X(CL_INVALID_HOST_PTR, -37)                                                                      \
  X(CL_INVALID_MEM_OBJECT, -38)                                                                    \
  X(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR, -39)                                                       \
  X(CL_INVALID_IMAGE_SIZE, -40)                                                                    \
  X(CL_INVALID_SAMPLER, -41)                                                                       \
  X(CL_INVALID_BINARY, -42)                                                                        \
  X(CL_INVALID_BUILD_OPTIONS, -43)                                                                 \
  X(CL_INVALID_PROGRAM, -44)                                                                       \
  X(CL_INVALID_PROGRAM_EXECUTABLE, -45)                                                            \
  X(CL_INVALID_KERNEL_NAME, -46)                                                                   \
  X(CL_INVALID_KERNEL_DEFINITION, -47)                                                             \
  X(CL_INVALID_KERNEL, -48)                                                                        \
  X(CL_INVALID_ARG_INDEX, -49)                                                                     \
  X(CL_INVALID_ARG_VALUE, -50)                                                                     \
  X(CL_INVALID_ARG_SIZE, -51)                                                                      \
  X(CL_INVALID_KERNEL_ARGS, -52)                                                                   \
  X(CL_INVALID_WORK_DIMENSION, -53)                                                                \
  X(CL_INVALID_WORK_GROUP_SIZE, -54)                                                               \
  X(CL_INVALID_WORK_ITEM_SIZE, -55)                                                                \
  X(CL_INVALID_GLOBAL_OFFSET, -56)                                                                 \
  X(CL_INVALID_EVENT_WAIT_LIST, -57)                                                               \
  X(CL_INVALID_EVENT, -58)                                                                         \
  X(CL_INVALID_OPERATION, -59)                                                                     \
  X(CL_INVALID_GL_OBJECT, -60)                                                                     \
  X(CL_INVALID_BUFFER_SIZE, -61)                                                                   \
  X(CL_INVALID_MIP_LEVEL, -62)                                                                     \
  X(CL_INVALID_GLOBAL_WORK_SIZE, -63)                                                              \
  X(CL_INVALID_PROPERTY, -64)                                                                      \
  X(CL_INVALID_IMAGE_DESCRIPTOR, -65)                                                              \
  X(CL_INVALID_COMPILER_OPTIONS, -66)                                                              \
  X(CL_INVALID_LINKER_OPTIONS, -67)                                                                \
  X(CL_INVALID_DEVICE_PARTITION_COUNT, -68)                                                        \
  X(CL_INVALID_PIPE_SIZE, -69)                                                                     \
  X(CL_INVALID_DEVICE_QUEUE, -70)                                                                  \
  X(CL_INVALID_SPEC_ID, -71)                                                                       \
  X(CL_MAX_SIZE_RESTRICTION_EXCEEDED, -72)                                                         \
  X(CL_PLATFORM_NOT_FOUND_KHR, -1001)

#define PLATFORM_NOT_FOUND (-1001) /* CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found none */

static const char *cl_error_name(int status) {
  switch (status) {
#define X(name, code)                                                                              \
  case code:                                                                                       \
    return #name;
    CL_ERRORS(X)
#undef X
  }
  return NULL;
}

/* "CL_INVALID_VALUE" or "OpenCL status -1234 (not a known status)". */
static const char *status_text(cl_int st, char buf[64]) {
  const char *name = cl_error_name(st);
  if (name) return name;
  snprintf(buf, 64, "OpenCL status %d (not a known status)", (int)st);
  return buf;
}

/* Reports `call` failing with `st`; `what` says what the runtime was doing. Returns false. */
static bool fail(Diag *d, const char *call, cl_int st, const char *what) {
  char buf[64];
  diag_plain(d, "OpenCL %s failed: %s (%s)", call, status_text(st, buf), what);
  return false;
}

/* ---- loading, once ----------------------------------------------------------------------------
 */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[1024]; /* non-empty: loading failed */
static cl_device_id *devices;
static cl_platform_id *device_platform;
static int ndevices, nplatforms;

static void load_library(void) {
  const char *lib = getenv("KCC_OPENCL_LIB");
  if (!lib || !*lib) lib = "libOpenCL.so.1";
  void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(load_error, sizeof load_error,
             "cannot load %s: %s; install an OpenCL driver (e.g. Debian's pocl-opencl-icd)", lib,
             dlerror());
    return;
  }
#define X(f)                                                                                       \
  if (!(*(void **)&cl.f = dlsym(h, #f))) {                                                         \
    snprintf(load_error, sizeof load_error,                                                        \
             "%s has no entry point %s: an OpenCL 1.2 library is needed", lib, #f);                \
    return;                                                                                        \
  }
  CL_ENTRY_POINTS(X)
#undef X
  cl_uint np = 0;
  cl_int st = cl.clGetPlatformIDs(0, NULL, &np);
  if (st == PLATFORM_NOT_FOUND || np == 0) return; /* no platform: 0 devices */
  char buf[64];
  if (st != CL_SUCCESS) {
    snprintf(load_error, sizeof load_error, "OpenCL clGetPlatformIDs failed: %s",
             status_text(st, buf));
    return;
  }
  cl_platform_id *plats = calloc(np, sizeof *plats);
  if (!plats || cl.clGetPlatformIDs(np, plats, NULL) != CL_SUCCESS) {
    snprintf(load_error, sizeof load_error, "OpenCL clGetPlatformIDs failed to list %u platforms",
             np);
    free(plats);
    return;
  }
  nplatforms = (int)np;
  for (cl_uint p = 0; p < np; p++) {
    cl_uint nd = 0;
    if (cl.clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, 0, NULL, &nd) != CL_SUCCESS || nd == 0)
      continue; /* CL_DEVICE_NOT_FOUND: a platform without devices */
    cl_device_id *more = realloc(devices, (size_t)(ndevices + (int)nd) * sizeof *devices);
    cl_platform_id *mplat =
        realloc(device_platform, (size_t)(ndevices + (int)nd) * sizeof *device_platform);
    if (more) devices = more;
    if (mplat) device_platform = mplat;
    if (!more || !mplat) break;
    if (cl.clGetDeviceIDs(plats[p], CL_DEVICE_TYPE_ALL, nd, devices + ndevices, NULL) != CL_SUCCESS)
      continue;
    for (cl_uint i = 0; i < nd; i++)
      device_platform[ndevices + (int)i] = plats[p];
    ndevices += (int)nd;
  }
  free(plats);
}

static bool cl_load(int *count, Diag *d) {
  pthread_once(&load_once, load_library);
  if (load_error[0]) {
    diag_plain(d, "%s", load_error);
    return false;
  }
  *count = ndevices;
  return true;
}

/* ---- devices ----------------------------------------------------------------------------------
 */
typedef struct ClDevice {
  cl_device_id id;
  cl_context ctx;
  cl_command_queue queue;
} ClDevice;

static void info_string(cl_device_id id, cl_device_info what, char *out, size_t cap) {
  out[0] = 0;
  if (cl.clGetDeviceInfo(id, what, cap - 1, out, NULL) != CL_SUCCESS) out[0] = 0;
  out[cap - 1] = 0;
}

static int64_t info_u64(cl_device_id id, cl_device_info what) {
  cl_ulong v = 0;
  return cl.clGetDeviceInfo(id, what, sizeof v, &v, NULL) == CL_SUCCESS ? (int64_t)v : 0;
}

static int64_t info_size(cl_device_id id, cl_device_info what) {
  size_t v = 0;
  return cl.clGetDeviceInfo(id, what, sizeof v, &v, NULL) == CL_SUCCESS ? (int64_t)v : 0;
}

static int64_t info_uint(cl_device_id id, cl_device_info what) {
  cl_uint v = 0;
  return cl.clGetDeviceInfo(id, what, sizeof v, &v, NULL) == CL_SUCCESS ? (int64_t)v : 0;
}

#define CL_DEVICE_SUB_GROUP_SIZES_INTEL_CODE 0x4108 /* cl_intel_required_subgroup_size */

static void describe(cl_device_id id, cl_platform_id plat, RtDeviceInfo *info) {
  memset(info, 0, sizeof *info);
  info_string(id, CL_DEVICE_NAME, info->name, sizeof info->name);
  info_string(id, CL_DEVICE_VERSION, info->version, sizeof info->version);
  info_string(id, CL_DRIVER_VERSION, info->driver_version, sizeof info->driver_version);
  if (cl.clGetPlatformInfo(plat, CL_PLATFORM_NAME, sizeof info->platform - 1, info->platform,
                           NULL) != CL_SUCCESS)
    info->platform[0] = 0;
  info->max_workgroup = info_size(id, CL_DEVICE_MAX_WORK_GROUP_SIZE);
  size_t dims[3] = {0, 0, 0};
  if (info_uint(id, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS) >= 3 &&
      cl.clGetDeviceInfo(id, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof dims, dims, NULL) == CL_SUCCESS)
    for (int i = 0; i < 3; i++)
      info->max_workgroup_dim[i] = (int64_t)dims[i];
  info->local_bytes = info_u64(id, CL_DEVICE_LOCAL_MEM_SIZE);
  info->max_buffer_bytes = info_u64(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE);
  info->global_bytes = info_u64(id, CL_DEVICE_GLOBAL_MEM_SIZE);
  info->compute_units = (int)info_uint(id, CL_DEVICE_MAX_COMPUTE_UNITS);
  info->fp64 = info_u64(id, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
  size_t n = 0;
  if (cl.clGetDeviceInfo(id, CL_DEVICE_EXTENSIONS, 0, NULL, &n) == CL_SUCCESS && n) {
    char *ext = malloc(n + 1);
    if (ext && cl.clGetDeviceInfo(id, CL_DEVICE_EXTENSIONS, n, ext, NULL) == CL_SUCCESS) {
      ext[n] = 0;
      info->fp16 = strstr(ext, "cl_khr_fp16") != NULL;
    }
    free(ext);
  }
  /* OpenCL has no core query of the subgroup width; Intel's extension lists the sizes a kernel
   * may require (the first is the device's usual one). */
  size_t sg[8] = {0};
  if (cl.clGetDeviceInfo(id, CL_DEVICE_SUB_GROUP_SIZES_INTEL_CODE, sizeof sg, sg, NULL) ==
      CL_SUCCESS)
    info->subgroup_size = (int)sg[0];
}

static void *cl_open(int index, RtDeviceInfo *info, Diag *d) {
  int count = 0;
  if (!cl_load(&count, d)) return NULL;
  if (count == 0) {
    diag_plain(d,
               "no OpenCL device: the loader found %d platform%s and no device (it reads the "
               "drivers listed in /etc/OpenCL/vendors, or in $OCL_ICD_VENDORS)",
               nplatforms, nplatforms == 1 ? "" : "s");
    return NULL;
  }
  if (index < 0 || index >= count) {
    diag_plain(d, "OpenCL device index %d is out of range: %d device%s found (0..%d)", index, count,
               count == 1 ? "" : "s", count - 1);
    return NULL;
  }
  ClDevice *dev = calloc(1, sizeof *dev);
  if (!dev) {
    diag_plain(d, "out of memory");
    return NULL;
  }
  dev->id = devices[index];
  describe(dev->id, device_platform[index], info);
  cl_context_properties props[] = {CL_CONTEXT_PLATFORM,
                                   (cl_context_properties)device_platform[index], 0};
  cl_int st = CL_SUCCESS;
  dev->ctx = cl.clCreateContext(props, 1, &dev->id, NULL, NULL, &st);
  if (!dev->ctx) {
    fail(d, "clCreateContext", st, info->name);
    free(dev);
    return NULL;
  }
  dev->queue = cl.clCreateCommandQueue(dev->ctx, dev->id, 0, &st);
  if (!dev->queue) {
    fail(d, "clCreateCommandQueue", st, info->name);
    cl.clReleaseContext(dev->ctx);
    free(dev);
    return NULL;
  }
  return dev;
}

static void cl_close(void *p) {
  ClDevice *dev = p;
  if (!dev) return;
  cl.clFinish(dev->queue);
  cl.clReleaseCommandQueue(dev->queue);
  cl.clReleaseContext(dev->ctx);
  free(dev);
}

/* ---- buffers ----------------------------------------------------------------------------------
 */
static void *cl_alloc(void *p, size_t bytes, Diag *d) {
  ClDevice *dev = p;
  cl_int st = CL_SUCCESS;
  cl_mem m = cl.clCreateBuffer(dev->ctx, CL_MEM_READ_WRITE, bytes, NULL, &st);
  if (!m) {
    char what[64];
    snprintf(what, sizeof what, "a buffer of %zu bytes", bytes);
    fail(d, "clCreateBuffer", st, what);
  }
  return m;
}

static void cl_free(void *p, void *buf) {
  if (buf) cl.clReleaseMemObject((cl_mem)buf);
}

static bool cl_write(void *p, void *buf, size_t off, const void *src, size_t n, Diag *d) {
  ClDevice *dev = p;
  cl_int st = cl.clEnqueueWriteBuffer(dev->queue, (cl_mem)buf, CL_TRUE, off, n, src, 0, NULL, NULL);
  return st == CL_SUCCESS || fail(d, "clEnqueueWriteBuffer", st, "copying into a buffer");
}

static bool cl_read(void *p, void *buf, size_t off, void *dst, size_t n, Diag *d) {
  ClDevice *dev = p;
  cl_int st = cl.clEnqueueReadBuffer(dev->queue, (cl_mem)buf, CL_TRUE, off, n, dst, 0, NULL, NULL);
  return st == CL_SUCCESS || fail(d, "clEnqueueReadBuffer", st, "copying out of a buffer");
}

/* ---- programs and kernels ---------------------------------------------------------------------
 */
static void *cl_program_build(void *p, RtProgramKind kind, const void *bytes, size_t n,
                              const char *options, Diag *d) {
  ClDevice *dev = p;
  cl_int st = CL_SUCCESS;
  cl_program prog;
  if (kind == RT_PROGRAM_SOURCE) {
    const char *src = bytes;
    prog = cl.clCreateProgramWithSource(dev->ctx, 1, &src, &n, &st);
    if (!prog) return fail(d, "clCreateProgramWithSource", st, "an OpenCL C program"), NULL;
  } else {
    const unsigned char *bin = bytes;
    cl_int binst = CL_SUCCESS;
    prog = cl.clCreateProgramWithBinary(dev->ctx, 1, &dev->id, &n, &bin, &binst, &st);
    if (!prog) return fail(d, "clCreateProgramWithBinary", st, "a program binary"), NULL;
  }
  st = cl.clBuildProgram(prog, 1, &dev->id, options, NULL, NULL);
  if (st == CL_SUCCESS) return prog;
  char buf[64];
  size_t len = 0;
  char *log = NULL;
  if (cl.clGetProgramBuildInfo(prog, dev->id, CL_PROGRAM_BUILD_LOG, 0, NULL, &len) == CL_SUCCESS &&
      (log = malloc(len + 1)) &&
      cl.clGetProgramBuildInfo(prog, dev->id, CL_PROGRAM_BUILD_LOG, len, log, NULL) == CL_SUCCESS)
    log[len] = 0;
  else if (log)
    log[0] = 0;
  while (log && len && (log[len - 1] == '\n' || log[len - 1] == 0))
    log[--len] = 0;
  diag_plain(d, "OpenCL program does not build: clBuildProgram failed: %s; build log:\n%s",
             status_text(st, buf), log && *log ? log : "(empty)");
  free(log);
  cl.clReleaseProgram(prog);
  return NULL;
}

static bool cl_program_binary(void *p, void *prog, char **bytes, size_t *n, Diag *d) {
  size_t size = 0;
  cl_int st = cl.clGetProgramInfo(prog, CL_PROGRAM_BINARY_SIZES, sizeof size, &size, NULL);
  if (st != CL_SUCCESS) return fail(d, "clGetProgramInfo", st, "CL_PROGRAM_BINARY_SIZES");
  unsigned char *bin = malloc(size ? size : 1);
  if (!bin) {
    diag_plain(d, "out of memory (a program binary of %zu bytes)", size);
    return false;
  }
  st = cl.clGetProgramInfo(prog, CL_PROGRAM_BINARIES, sizeof bin, &bin, NULL);
  if (st != CL_SUCCESS) {
    free(bin);
    return fail(d, "clGetProgramInfo", st, "CL_PROGRAM_BINARIES");
  }
  *bytes = (char *)bin, *n = size;
  return true;
}

static void cl_program_free(void *p, void *prog) {
  (void)p;
  if (prog) cl.clReleaseProgram(prog);
}

static void *cl_kernel_get(void *p, void *prog, const char *name, int64_t *max_workgroup,
                           int *nargs, Diag *d) {
  ClDevice *dev = p;
  cl_int st = CL_SUCCESS;
  cl_kernel k = cl.clCreateKernel(prog, name, &st);
  if (!k) {
    char names[512] = "", buf[64];
    if (cl.clGetProgramInfo(prog, CL_PROGRAM_KERNEL_NAMES, sizeof names - 1, names, NULL) !=
        CL_SUCCESS)
      snprintf(names, sizeof names, "(not listed)");
    names[sizeof names - 1] = 0;
    diag_plain(d, "no kernel '%s' in the OpenCL program: clCreateKernel failed: %s (kernels: %s)",
               name, status_text(st, buf), names);
    return NULL;
  }
  size_t wg = 0;
  st = cl.clGetKernelWorkGroupInfo(k, dev->id, CL_KERNEL_WORK_GROUP_SIZE, sizeof wg, &wg, NULL);
  if (st != CL_SUCCESS) {
    cl.clReleaseKernel(k);
    return fail(d, "clGetKernelWorkGroupInfo", st, name), NULL;
  }
  cl_uint na = 0;
  st = cl.clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof na, &na, NULL);
  if (st != CL_SUCCESS) {
    cl.clReleaseKernel(k);
    return fail(d, "clGetKernelInfo", st, name), NULL;
  }
  *max_workgroup = (int64_t)wg, *nargs = (int)na;
  return k;
}

static void cl_kernel_free(void *k) {
  if (k) cl.clReleaseKernel(k);
}

static bool cl_launch(void *p, void *kernel, const unsigned grid[3], const unsigned local[3],
                      int nargs, const RtArg *args, void *stream, Diag *d) {
  (void)stream; /* no `streams`: always NULL */
  ClDevice *dev = p;
  cl_kernel k = kernel;
  for (int i = 0; i < nargs; i++) {
    cl_int st;
    cl_mem m = args[i].buffer;
    switch (args[i].kind) {
    case RT_ARG_BUFFER:
      st = cl.clSetKernelArg(k, (cl_uint)i, sizeof m, &m);
      break;
    case RT_ARG_LOCAL:
      st = cl.clSetKernelArg(k, (cl_uint)i, args[i].size, NULL);
      break;
    default:
      st = cl.clSetKernelArg(k, (cl_uint)i, args[i].size, args[i].value);
      break;
    }
    if (st != CL_SUCCESS) {
      char what[64];
      snprintf(what, sizeof what, "argument %d of %d, %zu bytes", i, nargs, args[i].size);
      return fail(d, "clSetKernelArg", st, what);
    }
  }
  size_t global[3], lsize[3];
  for (int i = 0; i < 3; i++)
    lsize[i] = local[i], global[i] = (size_t)grid[i] * local[i];
  cl_int st = cl.clEnqueueNDRangeKernel(dev->queue, k, 3, NULL, global, lsize, 0, NULL, NULL);
  if (st != CL_SUCCESS) {
    char what[160];
    snprintf(what, sizeof what, "global size %zux%zux%zu, local size %zux%zux%zu", global[0],
             global[1], global[2], lsize[0], lsize[1], lsize[2]);
    return fail(d, "clEnqueueNDRangeKernel", st, what);
  }
  return true;
}

static bool cl_finish(void *p, Diag *d) {
  ClDevice *dev = p;
  cl_int st = cl.clFinish(dev->queue);
  return st == CL_SUCCESS || fail(d, "clFinish", st, "waiting for the device");
}

const RtDriver rt_driver_opencl = {
    .name = "opencl",
    .library = "libOpenCL.so.1",
    .load = cl_load,
    .open = cl_open,
    .close = cl_close,
    .alloc = cl_alloc,
    .free = cl_free,
    .write = cl_write,
    .read = cl_read,
    .program_build = cl_program_build,
    .program_binary = cl_program_binary,
    .program_free = cl_program_free,
    .kernel_get = cl_kernel_get,
    .kernel_free = cl_kernel_free,
    .launch = cl_launch,
    .finish = cl_finish,
    .error_name = cl_error_name,
};

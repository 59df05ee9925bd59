/*
 * device.c - devices and buffers of kcc.h over the driver table (driver.h), and rt_device_launch,
 * the entry the runtime's device targets call.
 *
 * Handles: every KccDeviceHandle and KccBuffer is entered in one process-wide set of live handles
 * when created and removed when destroyed; a call first looks the pointer up there (without
 * reading through it) and then checks the handle's magic number, so a destroyed or foreign
 * handle is a KCC_ERR_USAGE, not a read of freed memory. Each device has a mutex that serialises
 * the driver calls on it (OpenCL's clSetKernelArg is not thread-safe on one kernel object) and
 * guards its program cache: a list of programs built from artefact bytes (found by comparing the
 * bytes, kept as a copy: cheaper per launch than hashing them), each
 * with the kernels taken from it so far.
 */
#include "driver.h"
#include "rt.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEVICE_MAGIC 0x6b636344u /* "kccD" */
#define BUFFER_MAGIC 0x6b636342u /* "kccB" */

typedef struct RtKernelEntry {
  struct RtKernelEntry *next;
  char *name;
  void *kernel;
  int64_t max_workgroup;
  int nargs; /* -1: unknown */
} RtKernelEntry;

typedef struct RtProgramEntry {
  struct RtProgramEntry *next;
  RtProgramKind kind;
  char *options; /* NULL: none */
  char *bytes;   /* a copy of the artefact it was built from */
  size_t size;
  void *prog;
  RtKernelEntry *kernels;
} RtProgramEntry;

struct KccDeviceHandle {
  uint32_t magic;
  const RtDriver *drv;
  void *h;
  RtDeviceInfo info;
  pthread_mutex_t mu;
  RtProgramEntry *programs;
};

struct KccBuffer {
  uint32_t magic;
  KccDeviceHandle *dev;
  void *h;
  size_t size;
  bool owned; /* from kcc_buffer_create (freed with it); kcc_buffer_wrap: the caller's memory */
};

static const RtDriver *const drivers[] = {&rt_driver_host, &rt_driver_opencl, &rt_driver_cuda,
                                          &rt_driver_hip};

/* ---- the set of live handles ------------------------------------------------------------------
 * Open addressing over pointers, with tombstones; rehashed when entries and tombstones fill 3/4. */
#define TOMB ((void *)1)
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static void **live;
static size_t live_cap, live_used; /* used: entries and tombstones */

static size_t slot_of(const void *p, size_t cap) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33, x *= 0xff51afd7ed558ccdull, x ^= x >> 33;
  return (size_t)x & (cap - 1);
}

/* With live_mu held: the slot holding p, or cap. */
static size_t live_find(const void *p) {
  if (!live_cap) return 0;
  for (size_t i = slot_of(p, live_cap);; i = (i + 1) & (live_cap - 1)) {
    if (live[i] == p) return i;
    if (!live[i]) return live_cap;
  }
}

static bool live_add(void *p) {
  pthread_mutex_lock(&live_mu);
  if ((live_used + 1) * 4 > live_cap * 3) {
    size_t n = 1, cap = 64; /* rehash to at most half full: tombstones go, the table can shrink */
    for (size_t i = 0; i < live_cap; i++)
      n += live[i] && live[i] != TOMB;
    while (n * 2 > cap)
      cap *= 2;
    void **t = calloc(cap, sizeof *t);
    if (!t) {
      pthread_mutex_unlock(&live_mu);
      return false;
    }
    live_used = 0;
    for (size_t i = 0; i < live_cap; i++)
      if (live[i] && live[i] != TOMB) {
        size_t j = slot_of(live[i], cap);
        while (t[j])
          j = (j + 1) & (cap - 1);
        t[j] = live[i], live_used++;
      }
    free(live);
    live = t, live_cap = cap;
  }
  size_t j = slot_of(p, live_cap);
  while (live[j] && live[j] != TOMB)
    j = (j + 1) & (live_cap - 1);
  if (!live[j]) live_used++;
  live[j] = p;
  pthread_mutex_unlock(&live_mu);
  return true;
}

/* Removes p; false when it was not live. */
static bool live_remove(const void *p) {
  pthread_mutex_lock(&live_mu);
  size_t i = live_find(p);
  bool found = i < live_cap;
  if (found) live[i] = TOMB;
  pthread_mutex_unlock(&live_mu);
  return found;
}

static bool live_has(const void *p, uint32_t magic) {
  pthread_mutex_lock(&live_mu);
  bool ok = live_find(p) < live_cap && *(const uint32_t *)p == magic;
  pthread_mutex_unlock(&live_mu);
  return ok;
}

static KccDeviceHandle *device_ok(const KccDeviceHandle *dev) {
  return dev && live_has(dev, DEVICE_MAGIC) ? (KccDeviceHandle *)dev : NULL;
}

static KccBuffer *buffer_ok(const KccBuffer *buf) {
  return buf && live_has(buf, BUFFER_MAGIC) ? (KccBuffer *)buf : NULL;
}

static KccStatus bad_device(const KccDeviceHandle *dev, char **diag) {
  if (!dev) return rt_usage(diag, "the device handle is NULL");
  return rt_usage(diag,
                  "device handle %p is not a live device (destroyed, or not from "
                  "kcc_device_open)",
                  (const void *)dev);
}

static KccStatus bad_buffer(const KccBuffer *buf, char **diag) {
  if (!buf) return rt_usage(diag, "the buffer handle is NULL");
  return rt_usage(diag,
                  "buffer handle %p is not a live buffer (destroyed, its device destroyed, or not "
                  "from kcc_buffer_create)",
                  (const void *)buf);
}

/* ---- devices ----------------------------------------------------------------------------------
 */
static const RtDriver *driver_of(const char *target, char **diag, KccStatus *st) {
  if (!target) {
    *st = rt_usage(diag, "the device target is NULL (expected cpu, opencl, cuda or hip)");
    return NULL;
  }
  for (size_t i = 0; i < sizeof drivers / sizeof *drivers; i++)
    if (strcmp(drivers[i]->name, target) == 0) return drivers[i];
  *st = rt_usage(diag, "unknown device target '%s' (known: cpu, opencl, cuda, hip)", target);
  return NULL;
}

KCC_API KccStatus kcc_device_count(const char *target, int *count, char **diag) {
  KccStatus st = KCC_OK;
  const RtDriver *drv = driver_of(target, diag, &st);
  if (!drv) return st;
  if (!count) return rt_usage(diag, "kcc_device_count: count is NULL");
  *count = 0;
  Diag d;
  diag_init(&d);
  if (!drv->load(count, &d)) return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  diag_free(&d);
  return KCC_OK;
}

KCC_API KccStatus kcc_device_open(const char *target, int index, KccDeviceHandle **out,
                                  char **diag) {
  if (out) *out = NULL;
  KccStatus st = KCC_OK;
  const RtDriver *drv = driver_of(target, diag, &st);
  if (!drv) return st;
  if (!out) return rt_usage(diag, "kcc_device_open: out is NULL");
  if (index < 0) return rt_usage(diag, "device index %d is negative", index);
  KccDeviceHandle *dev = calloc(1, sizeof *dev);
  if (!dev) return rt_usage(diag, "out of memory");
  Diag d;
  diag_init(&d);
  dev->drv = drv;
  dev->h = drv->open(index, &dev->info, &d);
  if (!dev->h) {
    free(dev);
    return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  }
  diag_free(&d);
  pthread_mutex_init(&dev->mu, NULL);
  dev->magic = DEVICE_MAGIC;
  if (!live_add(dev)) {
    drv->close(dev->h);
    pthread_mutex_destroy(&dev->mu);
    free(dev);
    return rt_usage(diag, "out of memory");
  }
  *out = dev;
  return KCC_OK;
}

static void buffer_free(KccBuffer *buf) {
  if (buf->owned) buf->dev->drv->free(buf->dev->h, buf->h);
  buf->magic = 0;
  free(buf);
}

KCC_API void kcc_device_destroy(KccDeviceHandle *dev) {
  if (!device_ok(dev) || !live_remove(dev)) return;
  /* Its buffers go with it. */
  pthread_mutex_lock(&live_mu);
  for (size_t i = 0; i < live_cap; i++) {
    KccBuffer *b = live[i];
    if (b && b != (void *)TOMB && b->magic == BUFFER_MAGIC && b->dev == dev) {
      live[i] = TOMB;
      buffer_free(b);
    }
  }
  pthread_mutex_unlock(&live_mu);
  pthread_mutex_lock(&dev->mu);
  for (RtProgramEntry *p = dev->programs, *pn; p; p = pn) {
    pn = p->next;
    for (RtKernelEntry *k = p->kernels, *kn; k; k = kn) {
      kn = k->next;
      dev->drv->kernel_free(k->kernel);
      free(k->name), free(k);
    }
    dev->drv->program_free(dev->h, p->prog);
    free(p->bytes), free(p->options), free(p);
  }
  dev->drv->close(dev->h);
  dev->magic = 0;
  pthread_mutex_unlock(&dev->mu);
  pthread_mutex_destroy(&dev->mu);
  free(dev);
}

KCC_API const char *kcc_device_name(const KccDeviceHandle *dev) {
  return device_ok(dev) ? dev->info.name : NULL;
}

KCC_API KccStatus kcc_device_query(const KccDeviceHandle *dev, const char *key, int64_t *value,
                                   char **diag) {
  if (!device_ok(dev)) return bad_device(dev, diag);
  if (!key || !value) return rt_usage(diag, "kcc_device_query: key or value is NULL");
  const RtDeviceInfo *in = &dev->info;
  const struct {
    const char *key;
    int64_t value;
  } keys[] = {
      {"max-workgroup-size", in->max_workgroup},
      {"local-memory-bytes", in->local_bytes},
      {"subgroup-size", in->subgroup_size},
      {"max-buffer-bytes", in->max_buffer_bytes},
      {"global-memory-bytes", in->global_bytes},
      {"compute-units", in->compute_units},
      {"fp16", in->fp16},
      {"fp64", in->fp64},
  };
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (strcmp(keys[i].key, key) == 0) {
      *value = keys[i].value;
      return KCC_OK;
    }
  return rt_usage(diag,
                  "unknown device query '%s' (known: max-workgroup-size, local-memory-bytes, "
                  "subgroup-size, max-buffer-bytes, global-memory-bytes, compute-units, fp16, "
                  "fp64)",
                  key);
}

/* ---- buffers ----------------------------------------------------------------------------------
 */
KCC_API KccStatus kcc_buffer_create(KccDeviceHandle *dev, size_t bytes, KccBuffer **out,
                                    char **diag) {
  if (out) *out = NULL;
  if (!device_ok(dev)) return bad_device(dev, diag);
  if (!out) return rt_usage(diag, "kcc_buffer_create: out is NULL");
  if (bytes == 0) return rt_usage(diag, "a buffer of 0 bytes: the size must be at least 1");
  if (dev->info.max_buffer_bytes > 0 && (uint64_t)bytes > (uint64_t)dev->info.max_buffer_bytes)
    return rt_usage(diag, "a buffer of %zu bytes exceeds the largest buffer of '%s' (%lld bytes)",
                    bytes, dev->info.name, (long long)dev->info.max_buffer_bytes);
  KccBuffer *buf = calloc(1, sizeof *buf);
  if (!buf) return rt_usage(diag, "out of memory");
  Diag d;
  diag_init(&d);
  pthread_mutex_lock(&dev->mu);
  buf->h = dev->drv->alloc(dev->h, bytes, &d);
  pthread_mutex_unlock(&dev->mu);
  if (!buf->h) {
    free(buf);
    return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  }
  diag_free(&d);
  buf->dev = dev, buf->size = bytes, buf->owned = true, buf->magic = BUFFER_MAGIC;
  if (!live_add(buf)) {
    buffer_free(buf);
    return rt_usage(diag, "out of memory");
  }
  *out = buf;
  return KCC_OK;
}

KCC_API KccStatus kcc_buffer_wrap(KccDeviceHandle *dev, void *device_memory, size_t bytes,
                                  KccBuffer **out, char **diag) {
  if (out) *out = NULL;
  if (!device_ok(dev)) return bad_device(dev, diag);
  if (!out) return rt_usage(diag, "kcc_buffer_wrap: out is NULL");
  if (!device_memory) return rt_usage(diag, "kcc_buffer_wrap: the device memory is NULL");
  if (bytes == 0) return rt_usage(diag, "kcc_buffer_wrap: a buffer of 0 bytes");
  KccBuffer *buf = calloc(1, sizeof *buf);
  if (!buf) return rt_usage(diag, "out of memory");
  buf->dev = dev, buf->h = device_memory, buf->size = bytes, buf->magic = BUFFER_MAGIC;
  if (!live_add(buf)) {
    free(buf);
    return rt_usage(diag, "out of memory");
  }
  *out = buf;
  return KCC_OK;
}

KCC_API void kcc_buffer_destroy(KccBuffer *buf) {
  if (!buffer_ok(buf) || !live_remove(buf)) return;
  KccDeviceHandle *dev = buf->dev;
  pthread_mutex_lock(&dev->mu);
  buffer_free(buf);
  pthread_mutex_unlock(&dev->mu);
}

KCC_API size_t kcc_buffer_size(const KccBuffer *buf) {
  return buffer_ok(buf) ? buf->size : 0;
}

/* Copies `bytes` between `host` and [offset, offset + bytes) of buf after checking them: into the
 * buffer (write; host is only read) or out of it. */
static KccStatus copy(KccBuffer *buf, size_t offset, void *host, size_t bytes, bool write,
                      char **diag) {
  const char *what = write ? "write" : "read";
  if (!buffer_ok(buf)) return bad_buffer(buf, diag);
  if (!host && bytes) return rt_usage(diag, "kcc_buffer_%s: the host pointer is NULL", what);
  if (offset > buf->size || bytes > buf->size - offset)
    return rt_usage(diag,
                    "kcc_buffer_%s of %zu bytes at offset %zu is past the end of the buffer "
                    "(%zu bytes)",
                    what, bytes, offset, buf->size);
  if (bytes == 0) return KCC_OK;
  Diag d;
  diag_init(&d);
  KccDeviceHandle *dev = buf->dev;
  pthread_mutex_lock(&dev->mu);
  bool ok = write ? dev->drv->write(dev->h, buf->h, offset, host, bytes, &d)
                  : dev->drv->read(dev->h, buf->h, offset, host, bytes, &d);
  pthread_mutex_unlock(&dev->mu);
  if (!ok) return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  diag_free(&d);
  return KCC_OK;
}

KCC_API KccStatus kcc_buffer_write(KccBuffer *buf, size_t offset, const void *src, size_t bytes,
                                   char **diag) {
  return copy(buf, offset, (void *)src, bytes, true, diag);
}

KCC_API KccStatus kcc_buffer_read(KccBuffer *buf, size_t offset, void *dst, size_t bytes,
                                  char **diag) {
  return copy(buf, offset, dst, bytes, false, diag);
}

/* ---- programs and launches --------------------------------------------------------------------
 */
/* With dev->mu held: the program built from the artefact, built now if it is not cached. */
static RtProgramEntry *program_get(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                                   size_t size, const char *options, Diag *d) {
  if (!dev->drv->program_build) {
    diag_plain(d, "the %s device builds no programs (CPU kernels run through kcc_launch)",
               dev->drv->name);
    return NULL;
  }
  if (!artefact || !size) {
    diag_plain(d, "the program to build is empty");
    return NULL;
  }
  /* found by its bytes, compared whole (memcmp per launch costs less than hashing them) */
  for (RtProgramEntry *p = dev->programs; p; p = p->next)
    if (p->kind == kind && p->size == size &&
        !strcmp(p->options ? p->options : "", options ? options : "") &&
        memcmp(p->bytes, artefact, size) == 0)
      return p;
  RtProgramEntry *p = calloc(1, sizeof *p);
  if (!p || !(p->bytes = malloc(size)) || (options && !(p->options = strdup(options)))) {
    if (p) free(p->bytes);
    free(p);
    diag_plain(d, "out of memory");
    return NULL;
  }
  p->prog = dev->drv->program_build(dev->h, kind, artefact, size, options, d);
  if (!p->prog) {
    free(p->bytes), free(p->options), free(p);
    return NULL;
  }
  memcpy(p->bytes, artefact, size);
  p->kind = kind, p->size = size;
  p->next = dev->programs;
  dev->programs = p;
  return p;
}

/* With dev->mu held. */
static RtKernelEntry *kernel_get(KccDeviceHandle *dev, RtProgramEntry *p, const char *name,
                                 Diag *d) {
  for (RtKernelEntry *k = p->kernels; k; k = k->next)
    if (strcmp(k->name, name) == 0) return k;
  RtKernelEntry *k = calloc(1, sizeof *k);
  if (!k || !(k->name = strdup(name))) {
    free(k);
    diag_plain(d, "out of memory");
    return NULL;
  }
  k->kernel = dev->drv->kernel_get(dev->h, p->prog, name, &k->max_workgroup, &k->nargs, d);
  if (!k->kernel) {
    free(k->name), free(k);
    return NULL;
  }
  k->next = p->kernels;
  p->kernels = k;
  return k;
}

/* The launch shape against the device: false + diag (a usage error). */
static bool check_shape(const KccDeviceHandle *dev, const unsigned local[3], size_t local_bytes,
                        Diag *d) {
  const RtDeviceInfo *in = &dev->info;
  uint64_t n = 1;
  for (int i = 0; i < 3; i++) {
    if (local[i] == 0) {
      diag_plain(d, "local size %ux%ux%u: every dimension must be at least 1", local[0], local[1],
                 local[2]);
      return false;
    }
    if (in->max_workgroup_dim[i] > 0 && local[i] > (uint64_t)in->max_workgroup_dim[i]) {
      diag_plain(d, "local size %ux%ux%u: dimension %d (%u) exceeds the limit of '%s' (%lld)",
                 local[0], local[1], local[2], i, local[i], in->name,
                 (long long)in->max_workgroup_dim[i]);
      return false;
    }
    n *= local[i];
  }
  if (in->max_workgroup > 0 && n > (uint64_t)in->max_workgroup) {
    diag_plain(d,
               "a workgroup of %llu work-items (local size %ux%ux%u) exceeds the maximum "
               "workgroup size of '%s' (%lld)",
               (unsigned long long)n, local[0], local[1], local[2], in->name,
               (long long)in->max_workgroup);
    return false;
  }
  if (local_bytes > 0 && (int64_t)local_bytes > in->local_bytes) {
    diag_plain(d, "%zu bytes of local memory per workgroup exceed the local memory of '%s' (%lld)",
               local_bytes, in->name, (long long)in->local_bytes);
    return false;
  }
  return true;
}

/* The driver's arguments for kcc_launch-style (types, args): false + diag (a usage error). raw:
 * pointer arguments point at the API's buffer handles themselves (RtLaunchHow). */
static bool make_args(KccDeviceHandle *dev, int nparams, const char *const *types,
                      void *const *args, size_t local_bytes, bool raw, RtArg *out, Diag *d) {
  for (int i = 0; i < nparams; i++) {
    const char *ty = types && types[i] ? rt_type_canon(types[i]) : NULL;
    if (!ty) {
      diag_plain(d, "argument %d: unknown type '%s'", i, types && types[i] ? types[i] : "(null)");
      return false;
    }
    if (!args || !args[i]) {
      diag_plain(d, "argument %d (%s): the argument pointer is NULL", i, ty);
      return false;
    }
    if (ty[0] == '*' && raw) {
      out[i] =
          (RtArg){.kind = RT_ARG_BUFFER, .size = sizeof(void *), .buffer = *(void *const *)args[i]};
    } else if (ty[0] == '*') {
      const KccBuffer *b = *(KccBuffer *const *)args[i];
      if (!buffer_ok(b)) {
        diag_plain(d,
                   "argument %d (%s): %p is not a live buffer (a device parameter takes a "
                   "KccBuffer *)",
                   i, ty, (const void *)b);
        return false;
      }
      if (b->dev != dev) {
        diag_plain(d, "argument %d (%s): the buffer belongs to another device", i, ty);
        return false;
      }
      out[i] = (RtArg){.kind = RT_ARG_BUFFER, .size = sizeof(void *), .buffer = b->h};
    } else {
      out[i] = (RtArg){.kind = RT_ARG_SCALAR, .size = rt_type_ffi(ty)->size, .value = args[i]};
    }
  }
  if (local_bytes) out[nparams] = (RtArg){.kind = RT_ARG_LOCAL, .size = local_bytes};
  return true;
}

static KccStatus launch_locked(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                               size_t size, const char *options, const char *kernel, int nargs,
                               const RtArg *rargs, const unsigned grid[3], const unsigned local[3],
                               void *stream, Diag *d) {
  RtProgramEntry *p = program_get(dev, kind, artefact, size, options, d);
  if (!p) return KCC_ERR_RUNTIME;
  RtKernelEntry *k = kernel_get(dev, p, kernel, d);
  if (!k) return KCC_ERR_RUNTIME;
  if (k->nargs >= 0 && k->nargs != nargs) {
    diag_plain(d, "kernel '%s' takes %d arguments, %d given%s", kernel, k->nargs, nargs,
               nargs > 0 && rargs[nargs - 1].kind == RT_ARG_LOCAL
                   ? " (the last one the local memory argument)"
                   : "");
    return KCC_ERR_USAGE;
  }
  uint64_t n = (uint64_t)local[0] * local[1] * local[2];
  if (k->max_workgroup > 0 && n > (uint64_t)k->max_workgroup) {
    diag_plain(d,
               "a workgroup of %llu work-items (local size %ux%ux%u) exceeds what kernel '%s' "
               "can run with on '%s' (%lld)",
               (unsigned long long)n, local[0], local[1], local[2], kernel, dev->info.name,
               (long long)k->max_workgroup);
    return KCC_ERR_USAGE;
  }
  if (grid[0] == 0 || grid[1] == 0 || grid[2] == 0) return KCC_OK;
  if (!dev->drv->launch(dev->h, k->kernel, grid, local, nargs, rargs, stream, d) ||
      (!stream && !dev->drv->finish(dev->h, d)))
    return KCC_ERR_RUNTIME;
  return KCC_OK;
}

KccStatus rt_device_launch(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                           size_t size, const char *options, const char *kernel, int nparams,
                           const char *const *types, void *const *args, const unsigned grid[3],
                           const unsigned local[3], size_t local_bytes, const RtLaunchHow *how,
                           Diag *d) {
  if (!device_ok(dev)) {
    diag_plain(d, "device handle %p is not a live device", (const void *)dev);
    return KCC_ERR_USAGE;
  }
  if (!kernel || !grid || !local || nparams < 0) {
    diag_plain(d, "device launch: kernel name, grid or local size is NULL");
    return KCC_ERR_USAGE;
  }
  const RtLaunchHow none = {0};
  if (!how) how = &none;
  if (how->stream && !dev->drv->streams) {
    diag_plain(d, "the %s device '%s' takes no caller's stream (launch without one)",
               dev->drv->name, dev->info.name);
    return KCC_ERR_USAGE;
  }
  if (!check_shape(dev, local, local_bytes, d)) return KCC_ERR_USAGE;
  RtArg *rargs = calloc((size_t)nparams + 1, sizeof *rargs);
  if (!rargs) {
    diag_plain(d, "out of memory");
    return KCC_ERR_RUNTIME;
  }
  KccStatus st = KCC_ERR_USAGE;
  if (make_args(dev, nparams, types, args, local_bytes, how->raw_pointers, rargs, d)) {
    pthread_mutex_lock(&dev->mu);
    st = launch_locked(dev, kind, artefact, size, options, kernel, nparams + (local_bytes > 0),
                       rargs, grid, local, how->stream, d);
    pthread_mutex_unlock(&dev->mu);
  }
  free(rargs);
  return st;
}

KccStatus rt_device_program_binary(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                                   size_t size, const char *options, char **binary,
                                   size_t *binary_size, Diag *d) {
  if (!device_ok(dev)) {
    diag_plain(d, "device handle %p is not a live device", (const void *)dev);
    return KCC_ERR_USAGE;
  }
  if (!dev->drv->program_binary) {
    diag_plain(d, "the %s driver gives no program binaries back", dev->drv->name);
    return KCC_ERR_USAGE;
  }
  pthread_mutex_lock(&dev->mu);
  RtProgramEntry *p = program_get(dev, kind, artefact, size, options, d);
  bool ok = p && dev->drv->program_binary(dev->h, p->prog, binary, binary_size, d);
  pthread_mutex_unlock(&dev->mu);
  return ok ? KCC_OK : KCC_ERR_RUNTIME;
}

KccStatus rt_device_program_build(KccDeviceHandle *dev, RtProgramKind kind, const void *artefact,
                                  size_t size, const char *options, Diag *d) {
  if (!device_ok(dev)) {
    diag_plain(d, "device handle %p is not a live device", (const void *)dev);
    return KCC_ERR_USAGE;
  }
  pthread_mutex_lock(&dev->mu);
  RtProgramEntry *p = program_get(dev, kind, artefact, size, options, d);
  pthread_mutex_unlock(&dev->mu);
  return p ? KCC_OK : KCC_ERR_RUNTIME;
}

KccDeviceHandle *rt_buffer_device(const KccBuffer *buf) {
  pthread_mutex_lock(&live_mu); /* a buffer's device outlives it: read under the set's lock */
  KccDeviceHandle *dev =
      buf && live_find(buf) < live_cap && buf->magic == BUFFER_MAGIC ? buf->dev : NULL;
  pthread_mutex_unlock(&live_mu);
  return dev;
}

bool rt_device_has_binaries(const KccDeviceHandle *dev) {
  return device_ok(dev) && dev->drv->program_binary;
}

const RtDeviceInfo *rt_device_info(const KccDeviceHandle *dev) {
  return device_ok(dev) ? &dev->info : NULL;
}

const char *rt_device_target(const KccDeviceHandle *dev) {
  return device_ok(dev) ? dev->drv->name : NULL;
}

/* ---- TEST-ONLY hooks --------------------------------------------------------------------------
 * Exported for tests/runtime/test_device.c until a device target calls rt_device_launch through
 * kcc_launch; not declared in kcc.h and not part of the API. The source is OpenCL C (binary != 0:
 * a binary from kcc_test_device_program_binary). */
KCC_API KccStatus kcc_test_device_launch(KccDeviceHandle *dev, const char *program, size_t size,
                                         int binary, const char *kernel, int nparams,
                                         const char *const *types, void *const *args,
                                         const unsigned grid[3], const unsigned local[3],
                                         size_t local_bytes, char **diag);
KCC_API KccStatus kcc_test_device_program_binary(KccDeviceHandle *dev, const char *source,
                                                 char **binary, size_t *size, char **diag);

KCC_API KccStatus kcc_test_device_launch(KccDeviceHandle *dev, const char *program, size_t size,
                                         int binary, const char *kernel, int nparams,
                                         const char *const *types, void *const *args,
                                         const unsigned grid[3], const unsigned local[3],
                                         size_t local_bytes, char **diag) {
  Diag d;
  diag_init(&d);
  KccStatus st =
      rt_device_launch(dev, binary ? RT_PROGRAM_BINARY : RT_PROGRAM_SOURCE, program, size, NULL,
                       kernel, nparams, types, args, grid, local, local_bytes, NULL, &d);
  if (st != KCC_OK) return rt_diag_out(&d, diag, st);
  diag_free(&d);
  return KCC_OK;
}

KCC_API KccStatus kcc_test_device_program_binary(KccDeviceHandle *dev, const char *source,
                                                 char **binary, size_t *size, char **diag) {
  Diag d;
  diag_init(&d);
  KccStatus st = rt_device_program_binary(dev, RT_PROGRAM_SOURCE, source,
                                          source ? strlen(source) : 0, NULL, binary, size, &d);
  if (st != KCC_OK) return rt_diag_out(&d, diag, st);
  diag_free(&d);
  return KCC_OK;
}
